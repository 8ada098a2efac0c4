#pragma once
// Finds, for each event, which rule signatures it satisfies, at a cost per line that does not grow
// with the number of rules. Per field, one pass of a literal scanner over the line finds the
// signatures whose required literals it holds (rules/literals.h); only their regexes run, each
// compiled the first time it is needed. The few signatures without literals share one RE2::Set.
// Nothing is compiled as a whole, so the first line costs about what any other line costs.
// A big log then switches to one RE2::Set of all the field's signatures: its compile (~20 ms)
// would dominate a small log, but over megabytes its single DFA pass per line is cheaper than
// the regexes that literal hits wake up.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <re2/re2.h>
#include <re2/set.h>

#include "dialects/event.h"
#include "matcher/captures.h"
#include "matcher/literal_scanner.h"
#include "rules/rule_table.h"

namespace kdiag {

struct Hit {
  std::size_t signature = 0;  // index into Matcher::signatures()
  Captures captures;          // named groups that took part in the match
};

// What matching changes as a session reads its lines, kept by the session (engine.cc) so that one
// const Matcher serves any number of sessions on any number of threads at once. Opaque: only
// Matcher reads it. Made by Matcher::new_scratch().
class MatchScratch {
 private:
  friend class Matcher;
  struct Group {
    std::vector<std::uint32_t> seen;  // per member position: the line it was last proposed on
    std::uint32_t line = 0;
    std::size_t bytes = 0;  // of this field read so far in this session
  };
  struct Candidate {
    std::uint32_t member;  // position in the group's members
    bool verified;         // the set already matched it: the regex runs only for captures
  };
  std::vector<Group> groups;
  std::vector<int> matched;
  std::vector<Candidate> candidates;
};

class Matcher {
 public:
  struct Options {
    // false: each signature on its own, on every line: slow, and the reference the scanner and
    // the sets are tested against.
    bool use_sets = true;
    // Bytes of one field read through the literal scanner before the field's full set is
    // compiled (0: from the first line; SIZE_MAX: never).
    std::size_t full_set_after_bytes = std::size_t{8} << 20;
  };
  // Keeps a reference: table must outlive the matcher (an Engine owns both).
  explicit Matcher(const RuleTable& table, Options options);
  explicit Matcher(const RuleTable& table) : Matcher(table, Options{}) {}
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Appends to hits every signature the event satisfies (out is not cleared).
  // Safe to call from several threads at once, each with its own scratch.
  void match(const Event& event, std::vector<Hit>& hits, MatchScratch& scratch) const;
  MatchScratch new_scratch() const;

  const RuleTable& table() const { return table_; }
  const Signature& signature(std::size_t i) const { return table_.signature(i); }
  // The signature's own regex, compiled on first use: most signatures never hit a given log.
  const RE2& regex(std::size_t i) const;
  // Every pattern, in signature order: what `kdiag rules patterns` prints.
  std::vector<std::string> patterns() const;
  // Compiles every set the matcher may build (now, not on the first long log) and says which ones
  // RE2 refuses: those fields are then matched signature by signature, slower but complete.
  // What `kdiag rules check` reports.
  std::vector<std::string> set_problems() const;

 private:
  struct FieldGroup {
    std::string field;
    std::vector<std::size_t> members;  // signature indices, ascending
    // Built on the group's first line:
    std::unique_ptr<LiteralScanner> scanner;                  // the literals of the members that have them
    std::vector<std::vector<std::uint32_t>> literal_members;  // literal id -> member positions
    std::vector<std::uint32_t> filtered;                      // member positions with literals
    std::vector<std::uint32_t> unfiltered;                    // member positions without
    std::unique_ptr<RE2::Set> unfiltered_set;                 // set index -> unfiltered[index]
    // Compiled the first time a session's field passes full_set_after_bytes (once per Matcher).
    std::unique_ptr<RE2::Set> full_set;  // set index = member position; nullptr: not compilable
  };
  void check_one(std::size_t sig, const std::string& text, const Event& event, bool verified,
                 std::vector<Hit>& hits) const;
  void prepare(FieldGroup& group) const;
  // nullptr when RE2 cannot compile the set within its memory budget (a hostile pack): the
  // caller then matches those members one by one.
  std::unique_ptr<RE2::Set> compile_set(const FieldGroup& group, const std::vector<std::uint32_t>& members) const;
  // The group's set of all its members, compiled once whatever the number of threads.
  void compile_full_set(std::size_t g) const;
  // Leaves in matched the set's members that match text, ascending; false (and nothing
  // reliable) when the DFA ran out of its memory budget on this line.
  static bool set_matches(const RE2::Set& set, const std::string& text, std::vector<int>& matched);
  void match_full_set(const FieldGroup& group, const std::string& text, const Event& event, std::vector<Hit>& hits,
                      MatchScratch& scratch) const;
  static void propose(MatchScratch& scratch, MatchScratch::Group& state, std::uint32_t member, bool verified);

  const RuleTable& table_;
  Options options_;
  mutable std::vector<std::unique_ptr<RE2>> regexes_;
  mutable std::vector<std::once_flag> compiled_;
  // Built lazily, each part once whatever the number of threads (call_once), then only read.
  mutable std::vector<FieldGroup> groups_;
  mutable std::vector<std::once_flag> prepared_;
  mutable std::vector<std::once_flag> full_compiled_;
};

}  // namespace kdiag
