#pragma once
// The one way the engine reports a failure that a user can cause: a rule pack that does not
// validate, a file or input that cannot be read, a compiled rule set from another version. A
// function that can fail so returns a Status (or an Outcome, its value and a Status); each error
// is a whole message that begins with where (file:line:col, a path, an input's name) and says
// what is wrong and, where there is one, what to do about it. Nothing at the engine boundary
// reports such a failure any other way: no bool with an error string beside it, no exception.
//
// Exceptions remain for broken invariants only (a bug: the loader and the matcher disagree about
// a pattern, a corrupt built-in rule set); front-ends report those as internal errors.
#include <string>
#include <utility>
#include <vector>

namespace kdiag {

struct Status {
  std::vector<std::string> errors;  // "where: what (what to do)"; empty when all went well
  bool ok() const { return errors.empty(); }
  void fail(std::string message) { errors.push_back(std::move(message)); }
  // Adds other's errors after this one's (reading several packs, then loading them).
  void absorb(const Status& other) { errors.insert(errors.end(), other.errors.begin(), other.errors.end()); }
};

// A value and how getting it went. When !ok(), value is what could be had (often nothing): use
// it only where the function says so.
template <class T>
struct Outcome : Status {
  T value{};
};

}  // namespace kdiag
