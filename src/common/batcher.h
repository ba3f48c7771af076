// common::Batcher: leader and followers. Callers hand in an item each; a caller that finds no batch
// running takes everything queued so far (its own item included) and runs it as one batch, while
// the others wait for the batch that holds their item. Used for group commits: many writers, one
// flush. Holds only pointers to the callers' items, which live until their Submit returns. Any
// thread may call.
#pragma once

#include <condition_variable>
#include <mutex>
#include <vector>

namespace samman::common {

template <typename Item>
class Batcher {
 public:
  // Returns once a batch holding item has been run by run(std::vector<Item*>&), on this thread or
  // another. run must not throw: it reports each item's outcome in the item.
  // Items handed in and waiting for a batch to start with them.
  size_t Waiting() const {
    std::lock_guard lock(mu_);
    return queue_.size();
  }

  template <typename Run>
  void Submit(Item& item, Run&& run) {
    Queued mine{&item, false};
    std::unique_lock lock(mu_);
    queue_.push_back(&mine);
    while (!mine.done) {
      if (running_) {
        cv_.wait(lock);
        continue;
      }
      running_ = true;
      std::vector<Queued*> taken;
      taken.swap(queue_);
      lock.unlock();
      std::vector<Item*> batch;
      batch.reserve(taken.size());
      for (Queued* q : taken) batch.push_back(q->item);
      run(batch);
      lock.lock();
      for (Queued* q : taken) q->done = true;
      running_ = false;
      cv_.notify_all();
    }
  }

 private:
  struct Queued {
    Item* item;
    bool done;
  };
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Queued*> queue_;  // GUARDED_BY(mu_)
  bool running_ = false;        // GUARDED_BY(mu_)
};

}  // namespace samman::common
