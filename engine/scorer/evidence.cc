#include "scorer/evidence.h"

#include "reader/normalize.h"

namespace kdiag {

void EvidenceBook::record(const Hit& hit, const Event& event, std::size_t nonblank_index,
                          const std::string& signature_name) {
  SignatureStats& s = stats_[hit.signature];
  const Line& line = *event.line;
  // Context signatures can hit on most lines of a big log: fill the last sample in place, so its
  // strings keep their capacity instead of being allocated anew for every hit.
  EvidenceLine& ev = s.last_sample;
  ev.input = line.input;
  ev.line = line.number;
  ev.ordinal = line.ordinal;
  const std::size_t keep = sample_bytes_ < kSampleBudgetBytes ? kMaxExcerptBytes : kShortExcerptBytes;
  ev.text.assign(utf8_prefix(line.display, keep));
  ev.body.assign(utf8_prefix(line.text, keep));
  ev.signature.assign(signature_name);
  const std::string* file = event.get("file");
  ev.file.assign(file ? *file : std::string());
  ev.file_line = event.file_line;
  ev.file_col = event.file_col;
  if (s.count == 0) s.first_ordinal = line.ordinal;
  ++s.count;
  s.last_ordinal = line.ordinal;
  s.last_input = line.input;
  s.last_nonblank_index = nonblank_index;
  for (const auto& [name, value] : hit.captures) {
    bool known = false;
    for (const auto& [have, _] : s.captures) known = known || have == name;
    if (!known) {
      s.captures.emplace_back(name, std::string(utf8_prefix(value, kMaxExcerptBytes)));
      s.capture_ordinals.push_back(line.ordinal);
    }
  }
  if (s.samples.size() < kSamplesPerSignature) {
    s.samples.push_back(ev);
    sample_bytes_ += ev.text.size() + ev.body.size() + ev.file.size();
  }
  if (!windows_.empty()) update_windows(hit, line);
}

void EvidenceBook::watch_window(std::size_t a, std::size_t b, std::size_t lines, const std::string& key) {
  for (const auto& w : windows_) {
    if (w.a == a && w.b == b && w.lines == lines && w.key == key) return;
  }
  windows_.push_back({a, b, lines, key});
}

bool EvidenceBook::window_seen(std::size_t a, std::size_t b, std::size_t lines, const std::string& key) const {
  for (const auto& w : windows_) {
    if (w.a == a && w.b == b && w.lines == lines && w.key == key) return w.seen;
  }
  return false;
}

namespace {

const std::string* capture_of(const Hit& hit, const std::string& name) {
  for (const auto& [k, v] : hit.captures) {
    if (k == name && !v.empty()) return &v;
  }
  return nullptr;
}

}  // namespace

void EvidenceBook::update_windows(const Hit& hit, const Line& line) {
  const std::size_t signature = hit.signature;
  for (auto& w : windows_) {
    if (w.seen || (w.a != signature && w.b != signature)) continue;
    if (!w.key.empty()) {
      const std::string* full = capture_of(hit, w.key);
      if (!full) continue;  // a hit that names no key value ties nothing together
      const std::string_view value = utf8_prefix(*full, kMaxExcerptBytes);
      if (w.a == signature) {
        auto& recent = w.recent_a;
        for (auto it = recent.begin(); it != recent.end(); ++it) {
          if (it->value == value) {
            recent.erase(it);
            break;
          }
        }
        if (recent.size() == kKeysPerWindow) recent.erase(recent.begin());
        recent.push_back({std::string(value), line.input, line.ordinal});
      }
      if (w.b == signature) {
        for (const auto& a : w.recent_a) {
          if (a.value == value && a.input == line.input && line.ordinal >= a.ordinal &&
              line.ordinal - a.ordinal <= w.lines) {
            w.seen = true;
          }
        }
      }
      continue;
    }
    const SignatureStats& a = stats_[w.a];
    const SignatureStats& b = stats_[w.b];
    // The latest hit of each: b at most `lines` after a, in the same input (a on the same line
    // counts, whichever of the two signatures was recorded first).
    if (a.count && b.count && a.last_input == b.last_input && b.last_ordinal >= a.last_ordinal &&
        b.last_ordinal - a.last_ordinal <= w.lines) {
      w.seen = true;
    }
  }
}

}  // namespace kdiag
