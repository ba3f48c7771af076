// common::Batcher: leader and followers. Callers hand in an item each; a caller that finds no batch
// running takes everything queued so far (its own item included) and runs it as one batch, while
// the others wait for the batch that holds their item. Used for group commits: many writers, one
// flush, which may overlap the next batch (Submit's settle). Each waiting caller is woken once,
// when its item is done or when it is to lead the next batch, so a batch's end does not wake
// everyone queued. Holds only pointers to the callers' items, which live until their Submit
// returns. Any thread may call.
#pragma once

#include <deque>
#include <mutex>
#include <semaphore>
#include <utility>
#include <vector>

namespace samman::common {

template <typename Item>
class Batcher {
 public:
  // Items handed in and waiting for a batch to start with them.
  size_t Waiting() const {
    std::lock_guard lock(mu_);
    return queue_.size();
  }

  // Returns once a batch holding item has been run by run(std::vector<Item*>&), on this thread or
  // another. run must not throw: it reports each item's outcome in the item.
  template <typename Run>
  void Submit(Item& item, Run&& run) {
    Submit(item, std::forward<Run>(run), [](std::vector<Item*>&) {});
  }
  // The same, and settle(batch) runs after run, once the next batch may start and before the
  // batch's callers return: work that must end before they hear of the outcome but that need not
  // hold up the next batch (a flush to disk). settle must not throw either.
  template <typename Run, typename Settle>
  void Submit(Item& item, Run&& run, Settle&& settle) {
    Queued mine{&item};
    {
      std::lock_guard lock(mu_);
      if (running_) {
        queue_.push_back(&mine);
      } else {
        running_ = true;
        mine.lead = true;
      }
    }
    if (!mine.lead) {
      mine.wake.acquire();
      if (!mine.lead) return;  // done: a leader ran it
    }
    // Leading: this item and everything queued meanwhile.
    std::vector<Queued*> taken{&mine};
    {
      std::lock_guard lock(mu_);
      taken.insert(taken.end(), queue_.begin(), queue_.end());
      queue_.clear();
    }
    std::vector<Item*> batch;
    batch.reserve(taken.size());
    for (Queued* q : taken) batch.push_back(q->item);
    run(batch);
    Queued* next = nullptr;
    {
      std::lock_guard lock(mu_);
      if (queue_.empty()) {
        running_ = false;
      } else {
        next = queue_.front();
        queue_.pop_front();
        next->lead = true;
      }
    }
    if (next) next->wake.release();  // the next batch starts before this one's callers wake
    settle(batch);
    for (size_t i = 1; i < taken.size(); ++i) taken[i]->wake.release();
  }

 private:
  struct Queued {
    explicit Queued(Item* i) : item(i) {}
    Item* item;
    bool lead = false;  // written before wake is released, read after it is acquired
    std::binary_semaphore wake{0};
  };
  mutable std::mutex mu_;
  std::deque<Queued*> queue_;  // GUARDED_BY(mu_)
  bool running_ = false;       // GUARDED_BY(mu_)
};

}  // namespace samman::common
