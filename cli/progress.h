#pragma once
// A progress line on stderr while kdiag reads a large input: bytes read, rate, and an ETA when
// the size is known. It is for a person watching a terminal, so it stays away from everything
// else: never when stderr is not a TTY, in CI, on a dumb terminal, or with --quiet. It appears
// only for inputs that take a while, redraws at most ~10 times a second, and erases itself.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace kdiag::cli {

// Whether a progress line may be shown at all: stderr is a terminal (and not TERM=dumb), not in
// CI (CI=true, GITHUB_ACTIONS or GITLAB_CI set), and not --quiet.
bool progress_allowed(bool quiet);

// The size still to read from fd when it is a regular file (size minus the current offset, so
// `kdiag < big.log` has an ETA too); nothing for pipes and terminals.
std::optional<std::uint64_t> remaining_size(int fd);

// One line of progress, without control characters, cut to fit width columns:
//   "kdiag: reading build.log  12.3 MB of 512.0 MB  85.1 MB/s  ETA 6s"
std::string format_progress(const std::string& name, std::uint64_t bytes, std::optional<std::uint64_t> total,
                            double seconds, std::size_t width);

// The progress of reading one input. advance() after every chunk; finish() (or the destructor)
// erases the line if it was ever drawn.
class Progress {
 public:
  using Clock = std::chrono::steady_clock;

  // enabled false: a no-op (the caller decided with progress_allowed).
  Progress(bool enabled, std::string name, std::optional<std::uint64_t> total);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void advance(std::size_t bytes);
  void finish();
  bool shown() const { return shown_; }

  // Thresholds: an input of known size shows from its first chunk when it is bigger than
  // kLargeInput and never when it is not (size, not time, decides: the same file behaves the same
  // on a loaded machine); an input of unknown size (a pipe) shows once it has taken kDelay.
  static constexpr std::uint64_t kLargeInput = 16ull << 20;
  static constexpr std::chrono::milliseconds kDelay{500};
  static constexpr std::chrono::milliseconds kRefresh{100};

 private:
  void draw(Clock::time_point now);

  bool enabled_;
  std::string name_;
  std::optional<std::uint64_t> total_;
  std::uint64_t bytes_ = 0;
  Clock::time_point start_;
  Clock::time_point last_draw_{};
  bool shown_ = false;
};

}  // namespace kdiag::cli
