#pragma once
// The scorer's output: ranked candidate causes, each with the evidence that raised it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "matcher/captures.h"
#include "reader/line.h"
#include "rules/rule.h"

namespace kdiag {

// One line of evidence: where it is and what it says.
struct EvidenceLine {
  std::size_t input = 0;
  std::size_t line = 0;
  std::size_t ordinal = 0;
  std::string text;             // the cleaned line (Line::display), at most an excerpt of it (EvidenceBook)
  std::string body;             // the line without its prefixes (Line::text): stable across runs; as cut
  std::string file;             // a source location the event named (compiler, rustc, modpost...)
  std::uint32_t file_line = 0;  // its line and column (Event::file_line/file_col): 0 = none
  std::uint32_t file_col = 0;
  std::string signature;  // which signature of the rule it proves
};

struct Diagnosis {
  const Rule* rule = nullptr;
  Severity severity = Severity::none;  // the rule's, or info when the rule's demote held
  double score = 0.0;                  // in [0, 1]
  std::vector<EvidenceLine> evidence;  // in reading order
  Captures captures;
  std::string cause;             // the rule's cause with captures filled in
  std::vector<std::string> fix;  // the rule's steps with captures filled in
  std::vector<std::string> signatures_hit;
  std::string suppressed_by;            // set on suppressed candidates
  std::vector<std::string> explains;    // the fired errors/warnings this one explains (suppresses)
  std::vector<std::string> suppresses;  // the rule's suppresses entries whose condition held here
};

// An input kdiag was asked to read and could not (all of it, or past some point): the CLI,
// which opens the files, records it, and exits 2; the CI formats report it.
struct UnreadInput {
  std::string name;
  std::string error;  // "No such file or directory", "is a directory, not a log", ...
};

struct Result {
  std::vector<InputInfo> inputs;
  std::vector<UnreadInput> unread;     // inputs that could not be read (the run is incomplete)
  std::vector<Diagnosis> diagnoses;    // fired and not suppressed, best first
  std::vector<Diagnosis> suppressed;   // fired, but explained by a deeper cause
  std::vector<Diagnosis> near_misses;  // some evidence, condition not met
  double margin = 0.0;                 // score of the first minus that of the second
  std::vector<std::string> notes;      // limits that were hit, and the like
};

}  // namespace kdiag
