#include "dialects/dialects.h"

namespace kdiag {

Event classify(const Line& line, DialectState& state) {
  for (const auto& dialect : dialect_table()) {
    if (!dialect.parse) continue;
    Event candidate;
    candidate.line = &line;
    if (dialect.parse(line, candidate, state)) {
      candidate.quoted = dialect.quotes_others;
      return candidate;
    }
  }
  Event plain;  // dialect "plain", kind "line"
  plain.line = &line;
  return plain;
}

}  // namespace kdiag
