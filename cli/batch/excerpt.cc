#include "batch/excerpt.h"

#include <algorithm>
#include <map>
#include <set>

#include "kdiag.h"

namespace kdiag::cli {
namespace {

// The line numbers one diagnosis shows: each evidence line's window, merged, in order, until the
// bound is reached (earlier evidence first: it is usually the first sign of the cause).
std::vector<std::pair<std::size_t, bool>> plan(const Diagnosis& d) {
  std::set<std::size_t> evidence;
  for (const auto& e : d.evidence) {
    if (e.input == 0 && e.line > 0) evidence.insert(e.line);
  }
  std::vector<std::pair<std::size_t, bool>> lines;
  std::set<std::size_t> taken;
  for (const std::size_t at : evidence) {
    const std::size_t first = at > kContextLines ? at - kContextLines : 1;
    for (std::size_t n = first; n <= at + kContextLines; ++n) {
      if (taken.size() >= kMaxExcerptLines) break;
      if (taken.insert(n).second) lines.emplace_back(n, evidence.count(n) > 0);
    }
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

}  // namespace

std::vector<Excerpt> collect_excerpts(const Result& result, std::size_t count, std::size_t max_line_bytes,
                                      const std::function<bool(const ByteSink&, std::string&)>& reread) {
  count = std::min(count, result.diagnoses.size());
  std::vector<std::vector<std::pair<std::size_t, bool>>> plans;
  std::set<std::size_t> wanted;
  for (std::size_t i = 0; i < count; ++i) {
    plans.push_back(plan(result.diagnoses[i]));
    for (const auto& [n, ev] : plans.back()) wanted.insert(n);
  }
  std::map<std::size_t, std::string> texts;
  if (!wanted.empty()) {
    LineSplitter lines(max_line_bytes, [&](std::size_t number, std::string_view display) {
      if (wanted.count(number)) texts.emplace(number, std::string(utf8_prefix(display, kMaxExcerptLineBytes)));
    });
    std::string error;
    // Once every wanted line is found the rest is read but not split (the source has no early stop).
    reread(
        [&](std::string_view bytes) {
          if (texts.size() < wanted.size()) lines.feed(bytes);
        },
        error);
    lines.finish();
  }
  std::vector<Excerpt> out;
  for (const auto& p : plans) {
    Excerpt excerpt;
    for (const auto& [n, ev] : p) {
      auto it = texts.find(n);
      if (it != texts.end()) excerpt.push_back({n, it->second, ev});
    }
    out.push_back(std::move(excerpt));
  }
  return out;
}

}  // namespace kdiag::cli
