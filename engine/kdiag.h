#pragma once
// kdiag's one public header: what front-ends (the CLI and its subcommands, doctor, batch, the
// web page's wasm binding) use of the engine. Everything else under engine/ is a stage's inside:
//   reader -> dialects -> matcher -> evidence -> scorer -> Result -> renderers.
// An Engine holds the compiled knowledge base; a Session streams one or more inputs through it
// and scores them together.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

// The values front-ends read and the services they share with the stages (all plain functions
// or plain structs; no stage's machinery):
#include "reader/regular_file.h"   // bounded, non-blocking reads of regular files only
#include "reader/utf8.h"           // cutting text without cutting a character
#include "render/json_document.h"  // the JSON report as a document (batch rows embed it)
#include "render/renderer.h"       // render(format, ...), the format table
#include "render/style.h"          // colours, as the text renderer paints them
#include "render/terminal_text.h"  // log and pack text made safe for a terminal
#include "render/wrap.h"           // text wrapped as the text renderer wraps it
#include "rules/loader.h"          // rule packs: read, load, validate
#include "rules/rule.h"            // the knowledge base: Rule, RuleSet
#include "rules/serialize.h"       // compiled rule sets (built-in packs, the web page's rules file)
#include "rules/version.h"         // the one version comparison (conditions and doctor)
#include "scorer/diagnosis.h"      // Result, Diagnosis, EvidenceLine
#include "status.h"                // Status, Outcome: how anything here reports a failure

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
  std::size_t max_inputs = 1024;  // inputs past this many are skipped and noted
  // More than 1: once a session has read pipeline_after_bytes, it reads on two threads, the
  // caller's normalising and classifying lines while a worker matches them and keeps the
  // evidence (the two stages of one stream: more threads than 2 add nothing). Results are those
  // of one thread, line for line; small logs never start the worker.
  std::size_t threads = 1;
  std::size_t pipeline_after_bytes = std::size_t{4} << 20;
};

// The compiled knowledge base. Safe to share: any number of Sessions on any number of threads may
// use one const Engine at once (each Session keeps its own scratch). Safely movable (its parts
// live on the heap, so Sessions and Results made before a move stay valid); not copyable.
class Engine {
 public:
  explicit Engine(RuleSet rules, EngineOptions options = {});
  ~Engine();
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  const RuleSet& rules() const;
  const EngineOptions& options() const;
  // Every signature's pattern, in the engine's signature order (`kdiag rules patterns`).
  std::vector<std::string> patterns() const;
  // Compiles every signature set the matcher may build and says which ones RE2 refuses (those
  // fields are then matched signature by signature): what `kdiag rules check` warns about.
  std::vector<std::string> set_problems() const;

  // Convenience for whole texts (tests, the web page): one input named name.
  Result diagnose_text(const std::string& name, std::string_view text) const;

 private:
  friend class Session;
  struct Parts;  // the rule set, its signature table and the matcher (engine.cc)
  std::unique_ptr<Parts> parts_;
};

// One diagnosis over any number of inputs, read in order. Must not outlive its Engine object.
class Session {
 public:
  explicit Session(const Engine& engine);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Whether another input may begin (EngineOptions::max_inputs); if not, call skip_input(name)
  // so the result notes what was left out.
  bool accepts_input() const;
  void skip_input(const std::string& name);
  // An input the front-end could not open (why: "No such file or directory", "is a directory,
  // not a log"): the result lists it among Result::unread, so reports say the run is incomplete.
  void note_unread(const std::string& name, std::string why);
  void begin_input(const std::string& name);
  void feed(std::string_view bytes);
  void end_input();
  // Reads a whole file descriptor as one input. A read error ends the input (what was read before
  // it is still diagnosed), is listed among Result::unread, and is returned as "name: read error:
  // ...".
  Status read_input(int fd, const std::string& name, const ChunkObserver& on_chunk = {});

  Result finish();

 private:
  class State;  // the reader, dialect state, evidence book and match scratch (engine.cc)
  std::unique_ptr<State> state_;
};

// A finding a front-end established itself rather than read in a log (doctor's checks): the rule
// it proves, how strongly, and its evidence. The engine turns findings into a Result, filled and
// ranked exactly as a log's diagnoses are.
struct Finding {
  std::string rule_id;
  double score = 1.0;                 // 1.0: definite; lower: likely. Clamped to [0, 1]
  std::string source;                 // what found it (a check's name): the evidence's "signature"
  std::size_t position = 0;           // its place among the front-end's findings: the evidence "line"
  std::vector<std::string> evidence;  // lines that prove it
  Captures captures;                  // fill the rule's "{name}" placeholders
  std::vector<std::string> fix;       // steps only the front-end knows (the exact option or
                                      // command for this machine), shown before the rule's
};
// Findings whose rule is not in rules become notes.
Result diagnose_findings(const RuleSet& rules, const std::vector<Finding>& findings);

// Whether the result holds a diagnosis at threshold or worse (--fail-on; none: never).
bool fails(const Result& result, Severity threshold);

// The lines of one input numbered and cleaned as a Session numbers and cleans them (evidence line
// numbers refer to these), for front-ends that show more of a log than its evidence.
class LineSplitter {
 public:
  using Sink = std::function<void(std::size_t number, std::string_view display)>;
  LineSplitter(std::size_t max_line_bytes, Sink sink);
  ~LineSplitter();
  void feed(std::string_view bytes);
  void finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The rule packs compiled into the binary (rules/*.yaml at build time): their YAML texts (for
// merging with --rules packs and for `rules check`), and the validated rule set itself, ready to
// use without parsing YAML.
std::vector<PackText> builtin_packs();
RuleSet builtin_rules();

}  // namespace kdiag
