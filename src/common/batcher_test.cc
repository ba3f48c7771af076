#include "common/batcher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <thread>

namespace samman::common {
namespace {

struct Job {
  int value = 0;
  bool ran = false;
  bool settled = false;
};

TEST(Batcher, EveryCallerReturnsAfterItsBatchHasRunAndSettled) {
  Batcher<Job> batcher;
  std::atomic<int> batches{0};
  std::vector<Job> jobs(64);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < jobs.size(); ++i) {
    threads.emplace_back([&, i] {
      jobs[i].value = static_cast<int>(i);
      batcher.Submit(
          jobs[i],
          [&](std::vector<Job*>& batch) {
            ++batches;
            for (Job* j : batch) j->ran = true;
          },
          [&](std::vector<Job*>& batch) {
            for (Job* j : batch) j->settled = j->ran;
          });
      EXPECT_TRUE(jobs[i].settled) << "job " << i << " returned before its batch settled";
    });
  }
  for (auto& t : threads) t.join();
  for (const Job& j : jobs) EXPECT_TRUE(j.ran && j.settled);
  EXPECT_GE(batches.load(), 1);
  EXPECT_LE(batches.load(), 64);
}

TEST(Batcher, TheNextBatchRunsWhileThePreviousOneSettles) {
  Batcher<Job> batcher;
  std::mutex mu;
  std::condition_variable cv;
  bool second_ran = false;
  bool second_ran_while_first_settled = false;
  std::atomic<bool> first_running{false};
  Job first, second;
  std::thread leader([&] {
    batcher.Submit(
        first,
        [&](std::vector<Job*>&) {
          first_running = true;
          while (batcher.Waiting() == 0) std::this_thread::yield();  // the second is queued
        },
        [&](std::vector<Job*>&) {
          std::unique_lock lock(mu);
          second_ran_while_first_settled =
              cv.wait_for(lock, std::chrono::seconds(5), [&] { return second_ran; });
        });
  });
  while (!first_running) std::this_thread::yield();
  std::thread follower([&] {
    batcher.Submit(second, [&](std::vector<Job*>&) {
      std::lock_guard lock(mu);
      second_ran = true;
      cv.notify_all();
    });
  });
  leader.join();
  follower.join();
  EXPECT_TRUE(second_ran_while_first_settled);
}

}  // namespace
}  // namespace samman::common
