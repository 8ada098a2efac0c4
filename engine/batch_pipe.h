#pragma once
// Hands batches of work from the thread that reads to one worker thread that consumes them, in
// order, through a bounded queue: two stages of one stream on two cores, with memory bounded by
// the queue and results identical to doing both stages on one thread (nothing is reordered).
// A Session uses it for big inputs (EngineOptions::threads): the reader's thread normalises and
// classifies lines, the worker matches them and keeps the evidence.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

namespace kdiag {

template <class Batch>
class BatchPipe {
 public:
  using Consumer = std::function<void(Batch&)>;
  // At most `depth` batches wait in the queue; push() blocks beyond that.
  BatchPipe(Consumer consume, std::size_t depth) : consume_(std::move(consume)), depth_(depth) {
    worker_ = std::thread([this] { run(); });
  }
  ~BatchPipe() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    worker_.join();
  }
  BatchPipe(const BatchPipe&) = delete;
  BatchPipe& operator=(const BatchPipe&) = delete;

  void push(Batch batch) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return queue_.size() < depth_ || failure_; });
    if (failure_) return;  // drain() reports it
    queue_.push_back(std::move(batch));
    changed_.notify_all();
  }

  // A batch the worker is done with, to be filled again (its buffers keep their capacity, so a
  // steady stream allocates nothing), or a new one.
  Batch spare() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (spares_.empty()) return Batch{};
    Batch batch = std::move(spares_.back());
    spares_.pop_back();
    return batch;
  }

  // Waits until every batch pushed so far has been consumed; rethrows what the consumer threw.
  void drain() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return (queue_.empty() && !busy_) || failure_; });
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  void run() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      changed_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping, and nothing left
      Batch batch = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
      changed_.notify_all();  // room in the queue
      lock.unlock();
      std::exception_ptr failed;
      try {
        consume_(batch);
      } catch (...) {
        failed = std::current_exception();
      }
      lock.lock();
      busy_ = false;
      if (spares_.size() <= depth_) spares_.push_back(std::move(batch));
      if (failed) {
        failure_ = failed;
        queue_.clear();
      }
      changed_.notify_all();
    }
  }

  Consumer consume_;
  const std::size_t depth_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Batch> queue_;
  std::deque<Batch> spares_;
  bool busy_ = false;
  bool stopping_ = false;
  std::exception_ptr failure_;
  std::thread worker_;  // last: started once everything it reads exists
};

}  // namespace kdiag
