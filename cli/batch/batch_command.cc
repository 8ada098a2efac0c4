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
#include "cores.h"
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

std::size_t default_jobs() { return usable_cores(); }

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
  // One Engine for every worker: its matcher keeps what changes per log in each Session (kdiag.h),
  // so sessions on several threads share it safely (tests/threads under ThreadSanitizer), and each
  // log runs in a Session of its own, so no state passes from one log to the next.
  const Engine engine(std::move(rules), engine_options);
  for (std::size_t w = 0; w < jobs; ++w) {
    workers.emplace_back([&]() {
      for (std::size_t i = next++; i < inputs.size(); i = next++) {
        if (!queue.wait_turn(i)) return;
        queue.put(i, diagnose_row(engine, inputs[i], render_options));
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
