#include "progress.h"

#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace kdiag::cli {
namespace {

bool env_set(const char* name) {
  const char* value = std::getenv(name);
  return value && *value;
}

std::string megabytes(std::uint64_t bytes) { return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6); }

std::string duration(double seconds) {
  const auto s = static_cast<std::uint64_t>(seconds + 0.5);
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
}

std::size_t terminal_width() {
  struct winsize ws {};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

}  // namespace

bool progress_allowed(bool quiet) {
  if (quiet) return false;
  if (::isatty(STDERR_FILENO) != 1) return false;
  // CI logs are files, whatever a runner's pseudo-terminal says: a redrawn line only adds noise.
  if (const char* ci = std::getenv("CI"); ci && std::string_view(ci) == "true") return false;
  if (env_set("GITHUB_ACTIONS") || env_set("GITLAB_CI")) return false;
  // A dumb terminal cannot clear a line.
  if (const char* term = std::getenv("TERM"); term && std::string_view(term) == "dumb") return false;
  return true;
}

std::optional<std::uint64_t> remaining_size(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) return std::nullopt;
  off_t offset = ::lseek(fd, 0, SEEK_CUR);
  if (offset < 0 || offset > st.st_size) offset = 0;
  return static_cast<std::uint64_t>(st.st_size - offset);
}

std::string format_progress(const std::string& name, std::uint64_t bytes, std::optional<std::uint64_t> total,
                            double seconds, std::size_t width) {
  const double rate = seconds > 0 ? static_cast<double>(bytes) / 1e6 / seconds : 0.0;
  std::string figures = "  " + megabytes(bytes);
  if (total) figures += " of " + megabytes(*total);
  figures += fmt::format("  {:.1f} MB/s", rate);
  if (total && rate > 0 && *total > bytes) {
    figures += "  ETA " + duration(static_cast<double>(*total - bytes) / 1e6 / rate);
  }
  // Leave the last column free: writing into it makes some terminals wrap, and a wrapped line
  // can no longer be erased with \r.
  const std::size_t room = width > 1 ? width - 1 : 0;
  const std::string prefix = "kdiag: reading ";
  std::string shown_name = name;
  const std::size_t fixed = prefix.size() + figures.size();
  if (fixed + shown_name.size() > room) {
    // Keep the end of the name (the file name rather than its directories).
    const std::size_t keep = room > fixed + 3 ? room - fixed - 3 : 0;
    shown_name = keep ? "..." + shown_name.substr(shown_name.size() - std::min(keep, shown_name.size())) : "";
  }
  std::string line = prefix + shown_name + figures;
  if (line.size() > room) line.resize(room);
  return line;
}

Progress::Progress(bool enabled, std::string name, std::optional<std::uint64_t> total)
    : enabled_(enabled), name_(std::move(name)), total_(total), start_(Clock::now()) {}

Progress::~Progress() { finish(); }

void Progress::advance(std::size_t bytes) {
  bytes_ += bytes;
  if (!enabled_) return;
  const Clock::time_point now = Clock::now();
  if (!shown_) {
    if (total_ ? *total_ <= kLargeInput : now - start_ < kDelay) return;
  } else if (now - last_draw_ < kRefresh) {
    return;
  }
  draw(now);
}

void Progress::draw(Clock::time_point now) {
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const std::string line = format_progress(name_, bytes_, total_, seconds, terminal_width());
  // \r and "clear to end of line": the new text replaces the old one, whatever their lengths.
  std::fputs(("\r\x1b[K" + line).c_str(), stderr);
  std::fflush(stderr);
  shown_ = true;
  last_draw_ = now;
}

void Progress::finish() {
  if (!shown_) return;
  std::fputs("\r\x1b[K", stderr);
  std::fflush(stderr);
  shown_ = false;
}

}  // namespace kdiag::cli
