#pragma once
// What the matcher's hits leave behind for the scorer: per signature, how often and where it hit,
// a few sample lines, and the first value of each capture. Bounded: a signature that hits a
// million times keeps the same few samples.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "matcher/matcher.h"
#include "reader/line.h"
#include "scorer/diagnosis.h"

namespace kdiag {

struct SignatureStats {
  std::size_t count = 0;
  std::size_t first_ordinal = 0;
  std::size_t last_ordinal = 0;
  std::size_t last_input = 0;
  std::size_t last_nonblank_index = 0;  // the hit line's rank among its input's non-blank lines
  std::vector<EvidenceLine> samples;    // the first few hits
  EvidenceLine last_sample;             // and always the last one
  Captures captures;
  std::vector<std::size_t> capture_ordinals;  // where each capture was first seen
};

class EvidenceBook {
 public:
  static constexpr std::size_t kSamplesPerSignature = 4;
  // Evidence is a line reference plus an excerpt: a line is kept up to this many bytes (cut at a
  // character boundary), and captured values too. Memory then follows the number of signatures,
  // never the length of the lines a log wakes them with.
  static constexpr std::size_t kMaxExcerptBytes = 1024;
  // One budget for the samples of the whole session (a pack of thousands of signatures that all
  // fire): past it, further samples keep a short excerpt only.
  static constexpr std::size_t kSampleBudgetBytes = std::size_t{8} << 20;
  static constexpr std::size_t kShortExcerptBytes = 120;

  explicit EvidenceBook(std::size_t signatures) : stats_(signatures) {}

  void record(const Hit& hit, const Event& event, std::size_t nonblank_index, const std::string& signature_name);
  const SignatureStats& at(std::size_t signature) const { return stats_[signature]; }

  // within(a, b, n[, key]) conditions need pairs of hits, which the book cannot keep for every
  // hit; so it watches each such window as the lines go by (registered before the first line).
  // With a key, the two hits must also have captured the same value of that name (the same
  // device, driver or file): the book remembers the latest hit of a for each of the last
  // kKeysPerWindow values.
  static constexpr std::size_t kKeysPerWindow = 64;
  void watch_window(std::size_t a, std::size_t b, std::size_t lines, const std::string& key = {});
  bool window_seen(std::size_t a, std::size_t b, std::size_t lines, const std::string& key = {}) const;

 private:
  struct KeyedHit {
    std::string value;
    std::size_t input = 0, ordinal = 0;
  };
  struct Window {
    std::size_t a, b, lines;
    std::string key;
    bool seen = false;
    std::vector<KeyedHit> recent_a;  // keyed windows: the latest hit of a per value, oldest first
  };
  void update_windows(const Hit& hit, const Line& line);

  std::vector<SignatureStats> stats_;
  std::vector<Window> windows_;
  std::size_t sample_bytes_ = 0;  // kept in samples so far (kSampleBudgetBytes)
};

}  // namespace kdiag
