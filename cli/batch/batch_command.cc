// kdiag batch: many logs, each diagnosed on its own, one JSON line per log in input order.
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "batch/inputs.h"
#include "batch/progress_line.h"
#include "batch/row.h"
#include "commands.h"
#include "progress.h"

namespace kdiag::cli {
namespace {

// Rows finished by the workers, waiting to be printed in input order. Workers only ever run a
// bounded distance ahead of the printer (kAhead), so memory stays bounded however many logs.
class RowQueue {
 public:
  explicit RowQueue(std::size_t size) : rows_(size) {}
  static constexpr std::size_t kAhead = 256;

  // Blocks a worker whose log is too far ahead of the printer; false when the run was stopped.
  bool wait_turn(std::size_t index) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return stopped_ || index < printed_ + kAhead; });
    return !stopped_;
  }
  void put(std::size_t index, Row row) {
    {
      std::lock_guard lock(mutex_);
      rows_[index] = std::move(row);
    }
    ready_.notify_all();
  }
  Row take(std::size_t index) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return rows_[index].has_value(); });
    Row row = std::move(*rows_[index]);
    rows_[index].reset();
    printed_ = index + 1;
    lock.unlock();
    room_.notify_all();
    return row;
  }
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    room_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_, room_;
  std::vector<std::optional<Row>> rows_;
  std::size_t printed_ = 0;
  bool stopped_ = false;
};

std::size_t default_jobs() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

}  // namespace

int run_batch(const KnowledgeOptions& knowledge, const BatchOptions& options) {
  RuleSet rules;
  if (!load_knowledge(knowledge, rules)) return kExitError;
  const std::vector<BatchInput> inputs = collect_inputs(options.paths, options.globs, std::cin);
  if (inputs.empty()) {
    std::cerr << "kdiag batch: no logs to read\n";
    return kExitError;
  }
  EngineOptions engine_options;
  engine_options.max_line_bytes = options.max_line_bytes;
  RenderOptions render_options;
  render_options.top = options.top;
  render_options.version = std::string(kVersion);

  const std::size_t jobs = std::min(options.jobs ? options.jobs : default_jobs(), inputs.size());
  RowQueue queue(inputs.size());
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> workers;
  workers.reserve(jobs);
  for (std::size_t w = 0; w < jobs; ++w) {
    // Each worker builds its own Engine from rules it loads itself: an Engine is not yet safe to
    // share between threads (its Matcher keeps per-call scratch in mutable members), and a copy
    // of the main thread's RuleSet would still share its condition trees (shared_ptr), whose
    // reference counts the threads would then bounce between cores. Loading costs a few
    // milliseconds once per thread, not per log, and gives the same rules (the main thread's load
    // above already validated them). Each log then runs in a Session of its own, so no state
    // passes from one log to the next.
    workers.emplace_back([&]() {
      RuleSet worker_rules;
      if (!load_knowledge(knowledge, worker_rules)) worker_rules = rules;  // cannot differ; never fail a worker
      // The Matcher also counts the bytes it has read, over every Session of its Engine, and
      // past full_set_after_bytes switches to its RE2::Set mode, which pays off on one huge log
      // but costs ~60% more instructions on ordinary ones (callgrind, 300 corpus logs). So a
      // worker starts a fresh Engine once the current one has read half that: a log then switches
      // only when it is big itself, about as `kdiag LOG` does. The diagnoses are the same in both
      // modes (tests/unit speedups_test); a fresh Engine costs a few milliseconds per 4 MiB.
      const std::size_t recycle_after = engine_options.full_set_after_bytes / 2;
      auto engine = std::make_unique<Engine>(worker_rules, engine_options);
      std::size_t engine_bytes = 0;
      for (std::size_t i = next++; i < inputs.size(); i = next++) {
        if (!queue.wait_turn(i)) return;
        if (engine_bytes >= recycle_after) {
          engine = std::make_unique<Engine>(worker_rules, engine_options);
          engine_bytes = 0;
        }
        Row row = diagnose_row(*engine, inputs[i], render_options);
        engine_bytes += row.bytes;
        queue.put(i, std::move(row));
      }
    });
  }

  BatchProgress progress(progress_allowed(options.quiet), inputs.size());
  std::size_t unreadable = 0;
  bool write_failed = false;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const Row row = queue.take(i);
    if (!row.read) ++unreadable;
    std::cout << row.json << '\n';
    // Flushed per row, so a consumer (kdiag summary, a pipeline) sees each log as it is done.
    if (!std::cout.flush()) {
      write_failed = true;
      break;
    }
    progress.update(i + 1, unreadable);
  }
  progress.finish();
  queue.stop();
  for (auto& t : workers) t.join();
  if (write_failed) {
    // A reader that closed the pipe early (kdiag batch ... | head) wanted no more: not an error.
    if (errno == EPIPE) return kExitOk;
    std::cerr << "kdiag batch: cannot write the output: " << std::strerror(errno) << "\n";
    return kExitError;
  }
  if (unreadable > 0) {
    std::cerr << "kdiag batch: " << unreadable << " of " << inputs.size() << " log(s) could not be read\n";
    return kExitError;
  }
  return kExitOk;
}

}  // namespace kdiag::cli
