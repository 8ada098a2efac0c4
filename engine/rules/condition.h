#pragma once
// The condition language of a rule, like Sigma's `condition:`. It combines signature names:
//
//   target_json and not rust_available
//   (no_core or no_kernel) and not target_json
//   efi_stub_line and last(efi_stub_line)        # the output ends right after an EFI-stub line
//   last(efi_stub_line, 2)                       # ... or at most 2 non-blank lines after it
//   mkinitcpio_errors before efi_stub_line       # order over all inputs, in reading order
//   count(firmware_missing) >= 3
//   version(build.kver) >= 6.14                  # a version the log revealed (a capture), compared
//                                                # numerically: 6.14.4-arch1 >= 6.14; also < <= > == !=
//   within(fw_fail, probe_fail, 50)              # a hit of probe_fail at most 50 lines after
//                                                # a hit of fw_fail, in the same input
//   within(fw_fail, probe_fail, 50, dev)         # ... and both hits captured the same dev: the
//                                                # symptom belongs to the same device or file
//   same(dkms.kver, make.kver)                   # two captures the log gave are equal (ASCII case
//   differ(dkms.kver, make.kver)                 # ignored) / both given and different
//
// Precedence: not > and > or; parentheses group. Parsed with Boost.Spirit X3.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace kdiag {

struct Condition {
  enum class Op {
    signature,
    negation,
    conjunction,
    disjunction,
    before,
    last,
    count_at_least,
    within,
    version,
    captures
  };
  Op op = Op::signature;
  std::string a, b;        // signature names (a for unary forms; a before b)
  std::size_t n = 0;       // last(): tolerance in lines; count(): threshold; within(): lines
                           // captures: n = 1 for differ(), 0 for same()
  std::string cmp, value;  // version(): a = signature, b = capture, "cmp value";
                           // same()/differ(): a.cmp against b.value (signature.capture)
                           // within(): value = the capture both hits must share (or empty)
  std::shared_ptr<const Condition> left, right;
};

// Compares dotted versions numerically ("6.14.4-arch1-1" vs "6.14"): <0, 0, >0. Missing parts
// count as 0; anything after the numbers is ignored.
int compare_versions(const std::string& a, const std::string& b);
bool version_holds(const std::string& found, const std::string& cmp, const std::string& wanted);
bool same_ignoring_ascii_case(const std::string& a, const std::string& b);
using ConditionPtr = std::shared_ptr<const Condition>;

// What the evaluator needs to know about one signature's hits.
struct SignatureFacts {
  std::size_t count = 0;
  std::size_t first_ordinal = 0;  // reading-order positions of the first and last hit
  std::size_t last_ordinal = 0;
  std::size_t lines_after_last = 0;  // non-blank lines after the last hit, in that hit's input
};

// Limits on a condition's text: its length and how deep parentheses and 'not' nest.
inline constexpr std::size_t kMaxConditionBytes = 4096;
inline constexpr std::size_t kMaxConditionDepth = 64;

// Parses text; on error returns nullptr and sets error (with the column where parsing stopped).
ConditionPtr parse_condition(const std::string& text, std::string& error);

// Every signature name the condition mentions.
void condition_names(const Condition& c, std::vector<std::string>& out);

// Evaluates with facts looked up by name, facts(name) (a name with no hits has count 0), and
// facts.within(a, b, n, key) for the window form, and facts.capture(signature, name) (a pointer to the
// first value the log gave, or nullptr) for version().
template <typename Lookup>
bool evaluate(const Condition& c, const Lookup& facts);

// A condition is satisfiable when some presence/absence of its signatures makes it true, taking
// order and position as satisfiable whenever the signatures they name are present.
bool satisfiable(const Condition& c);

std::string to_string(const Condition& c);

template <typename Lookup>
bool evaluate(const Condition& c, const Lookup& facts) {
  using Op = Condition::Op;
  switch (c.op) {
    case Op::signature: return facts(c.a).count > 0;
    case Op::negation: return !evaluate(*c.left, facts);
    case Op::conjunction: return evaluate(*c.left, facts) && evaluate(*c.right, facts);
    case Op::disjunction: return evaluate(*c.left, facts) || evaluate(*c.right, facts);
    case Op::before: {
      const SignatureFacts& x = facts(c.a);
      const SignatureFacts& y = facts(c.b);
      return x.count > 0 && y.count > 0 && x.first_ordinal < y.last_ordinal;
    }
    case Op::last: {
      const SignatureFacts& x = facts(c.a);
      return x.count > 0 && x.lines_after_last <= c.n;
    }
    case Op::count_at_least: return facts(c.a).count >= c.n;
    case Op::within: return facts.within(c.a, c.b, c.n, c.value);
    case Op::version: {
      const std::string* found = facts.capture(c.a, c.b);
      return found && version_holds(*found, c.cmp, c.value);
    }
    case Op::captures: {
      const std::string* x = facts.capture(c.a, c.cmp);
      const std::string* y = facts.capture(c.b, c.value);
      return x && y && same_ignoring_ascii_case(*x, *y) == (c.n == 0);
    }
  }
  return false;
}

}  // namespace kdiag
