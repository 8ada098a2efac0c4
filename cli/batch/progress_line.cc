#include "batch/progress_line.h"

#include <cstdio>
#include <sys/ioctl.h>
#include <unistd.h>

#include <fmt/format.h>

namespace kdiag::cli {
namespace {

std::size_t terminal_width() {
  struct winsize ws {};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

}  // namespace

std::string format_batch_progress(std::size_t done, std::size_t total, std::size_t unreadable, double seconds,
                                  std::size_t width) {
  std::string line = fmt::format("kdiag batch: {}/{} logs", done, total);
  if (unreadable > 0) line += fmt::format(" ({} unreadable)", unreadable);
  if (seconds > 0.2 && done > 0) {
    const double rate = static_cast<double>(done) / seconds;
    line += fmt::format("  {:.1f} logs/s", rate);
    if (done < total) line += fmt::format("  ETA {:.0f}s", static_cast<double>(total - done) / rate);
  }
  // One column short of the width: writing the last column wraps some terminals to a new line.
  if (width > 1 && line.size() >= width) line.resize(width - 1);
  return line;
}

BatchProgress::BatchProgress(bool enabled, std::size_t total) : enabled_(enabled), total_(total) {}

BatchProgress::~BatchProgress() { finish(); }

void BatchProgress::update(std::size_t done, std::size_t unreadable) {
  if (!enabled_) return;
  const auto now = Clock::now();
  if (shown_ && now - last_draw_ < std::chrono::milliseconds(100) && done < total_) return;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  std::fputs(("\r\x1b[K" + format_batch_progress(done, total_, unreadable, seconds, terminal_width())).c_str(), stderr);
  std::fflush(stderr);
  shown_ = true;
  last_draw_ = now;
}

void BatchProgress::finish() {
  if (!shown_) return;
  std::fputs("\r\x1b[K", stderr);
  std::fflush(stderr);
  shown_ = false;
}

}  // namespace kdiag::cli
