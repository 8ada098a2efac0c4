#pragma once
// kdiag batch's progress on a terminal: logs done of the total, unreadable ones, rate and ETA,
// redrawn at most ~10 times a second on one line of stderr, and erased at the end. Whether it is
// shown at all is progress_allowed()'s decision (cli/progress.h): never in CI, pipes or --quiet.
#include <chrono>
#include <cstddef>
#include <string>

namespace kdiag::cli {

// "kdiag batch: 120/2000 logs (1 unreadable)  85.2 logs/s  ETA 22s", cut to width columns.
std::string format_batch_progress(std::size_t done, std::size_t total, std::size_t unreadable, double seconds,
                                  std::size_t width);

class BatchProgress {
 public:
  using Clock = std::chrono::steady_clock;
  BatchProgress(bool enabled, std::size_t total);
  ~BatchProgress();
  BatchProgress(const BatchProgress&) = delete;
  BatchProgress& operator=(const BatchProgress&) = delete;

  void update(std::size_t done, std::size_t unreadable);
  void finish();

 private:
  bool enabled_;
  std::size_t total_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_draw_{};
  bool shown_ = false;
};

}  // namespace kdiag::cli
