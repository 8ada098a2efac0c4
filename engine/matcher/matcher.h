#pragma once
// Compiles every rule signature once and finds, for each event, which signatures it satisfies.
// Patterns that read the same field share one RE2::Set, so the cost per line does not grow with
// the number of rules; a signature's own RE2 runs only on lines its set already matched, to apply
// its dialect/kind filters and to extract its named captures.
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <re2/re2.h>
#include <re2/set.h>

#include "dialects/event.h"
#include "rules/rule.h"

namespace kdiag {

using Captures = std::vector<std::pair<std::string, std::string>>;

struct SignatureRef {
  std::size_t rule = 0;       // index into RuleSet::rules
  std::size_t signature = 0;  // index into Rule::signatures
};

struct Hit {
  std::size_t signature = 0;  // index into Matcher::signatures()
  Captures captures;          // named groups that took part in the match
};

class Matcher {
 public:
  // use_sets=false matches each signature on its own: slower, and the reference for the sets.
  explicit Matcher(const RuleSet& rules, bool use_sets = true);
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Appends to hits every signature the event satisfies (out is not cleared).
  void match(const Event& event, std::vector<Hit>& hits) const;

  const std::vector<SignatureRef>& signatures() const { return refs_; }
  const Signature& signature(std::size_t i) const;
  // The signature's own regex, compiled on first use: most signatures never hit a given log.
  const RE2& regex(std::size_t i) const;
  // Every pattern, in signature order: what `kdiag rules patterns` prints.
  std::vector<std::string> patterns() const;

 private:
  struct FieldGroup {
    std::string field;
    std::unique_ptr<RE2::Set> set;     // which members match
    std::vector<std::size_t> members;  // set index -> signature index
  };
  void check_one(std::size_t sig, const std::string& text, const Event& event, std::vector<Hit>& hits) const;
  void compile_set(FieldGroup& group) const;

  const RuleSet& rules_;
  bool use_sets_;
  std::vector<SignatureRef> refs_;
  mutable std::vector<std::unique_ptr<RE2>> regexes_;
  mutable std::vector<std::once_flag> compiled_;
  mutable std::vector<FieldGroup> groups_;         // sets compiled on first use
  mutable std::vector<std::once_flag> sets_compiled_;
  mutable std::vector<int> matched_scratch_;  // reused by match(): one Matcher serves one thread
};

}  // namespace kdiag
