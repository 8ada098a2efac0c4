#pragma once
// The engine's front door, shared by the CLI and the web page:
//   reader -> dialects -> matcher -> evidence -> scorer -> Result.
// An Engine holds the compiled knowledge base; a Diagnosis session streams one or more inputs
// through it and scores them together.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dialects/dialects.h"
#include "matcher/matcher.h"
#include "reader/line_reader.h"
#include "rules/loader.h"
#include "scorer/diagnosis.h"
#include "scorer/evidence.h"
#include "scorer/scorer.h"

namespace kdiag {

// From CMake's project(VERSION) (CMakeLists.txt): the one place the version is written.
inline constexpr std::string_view kVersion = KDIAG_VERSION;

struct EngineOptions {
  std::size_t max_line_bytes = 64 * 1024;  // longer lines keep their start and are marked
  bool signature_sets = true;              // false: try every signature's regex on every line (the
                                           // slow reference the speed-ups are tested against)
  // After this many bytes of a field, the matcher trades its literal scanner for one RE2::Set of
  // all signatures (matcher/matcher.h): 0 from the first line, SIZE_MAX never.
  std::size_t full_set_after_bytes = std::size_t{8} << 20;
  std::size_t max_inputs = 1024;           // inputs past this many are skipped and noted
};

// Safely movable: the rule set lives on the heap, so the matcher's reference to it and the rule
// pointers in earlier Results stay valid when an Engine moves (a Session must not outlive the
// Engine object it was made from). Not copyable: the compiled matcher is not worth copying.
class Engine {
 public:
  explicit Engine(RuleSet rules, EngineOptions options = {});
  Engine(Engine&&) noexcept = default;
  Engine& operator=(Engine&&) noexcept = default;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  const RuleSet& rules() const { return *rules_; }
  const Matcher& matcher() const { return *matcher_; }
  const EngineOptions& options() const { return options_; }

  // Convenience for whole texts (tests, the web page): one input named name.
  Result diagnose_text(const std::string& name, std::string_view text) const;

 private:
  std::unique_ptr<const RuleSet> rules_;
  EngineOptions options_;
  std::unique_ptr<Matcher> matcher_;
};

// One diagnosis over any number of inputs, read in order.
class Session {
 public:
  explicit Session(const Engine& engine);

  // Whether another input may begin (EngineOptions::max_inputs); if not, call skip_input(name)
  // so the result notes what was left out.
  bool accepts_input() const { return inputs_.size() < engine_.options().max_inputs; }
  void skip_input(const std::string& name);
  void begin_input(const std::string& name);
  void feed(std::string_view bytes);
  void end_input();
  // Reads a whole file descriptor as one input; false (with error) when reading fails.
  // on_chunk, if set, is told the size of every chunk read (the CLI's progress line).
  bool read_input(int fd, const std::string& name, std::string& error, const ChunkObserver& on_chunk = {});

  Result finish();

 private:
  void on_line(const Line& line);
  // Reads line joined to the lines before it when it may be their wrapped rest (reader/wrap.h):
  // to the last one, the last two... (a wrapped message may begin at any of them); records only
  // signatures that the pieces and the shorter joins did not hit.
  void read_wrapped(const Line& line, const Event& event);
  // Matches the event and records its hits in the book and in recorded; with only_new, not the
  // signatures the chain or the line already hit. Whether any hit was recorded.
  bool record_hits(const Event& event, std::size_t nonblank_index, bool only_new, std::vector<std::size_t>& recorded);

  const Engine& engine_;
  EvidenceBook book_;
  DialectState dialect_state_;
  std::vector<InputInfo> inputs_;
  std::vector<InputPosition> positions_;
  std::unique_ptr<LineReader> reader_;
  std::size_t ordinal_ = 0;
  std::size_t skipped_inputs_ = 0;
  std::string first_skipped_;
  std::vector<Hit> hits_;  // reused per line
  // The lines before that continue one another, oldest first, each with whether it joins the one
  // before it with a space; and the signatures those lines and their joins hit.
  std::vector<Line> pieces_;
  std::size_t width_seen_ = 0;  // of the current input (reader/wrap.h)
  std::vector<bool> piece_spaced_;
  std::vector<std::size_t> chain_hits_, line_hits_;
  Line joined_, start_;
  MatchScratch scratch_;   // the matcher's per-session state: sessions of one Engine share nothing
};

// The rule packs compiled into the binary (rules/*.yaml at build time): their YAML texts (for
// merging with --rules packs and for `rules check`), and the validated rule set itself, ready to
// use without parsing YAML.
std::vector<PackText> builtin_packs();
RuleSet builtin_rules();

}  // namespace kdiag
