#pragma once
// Loads YAML rule packs into a RuleSet, validating everything a rule needs before it is used.
// A knowledge base loads whole or not at all: any error refuses it, and each error names
// file:line:col, the rule id and what is wrong.
#include <string>
#include <vector>

#include "rules/rule.h"
#include "status.h"

namespace kdiag {

struct PackText {
  std::string name;     // file name shown in errors (e.g. "rules/rust.yaml")
  std::string content;  // the YAML text
};

// errors: "file:line:col: rule 'id': message"; rules is empty unless ok().
struct LoadResult : Status {
  RuleSet rules;
  std::vector<std::string> warnings;  // loadable, but worth a look (e.g. a suppress naming no rule)
  std::size_t program_size = 0;       // RE2 instructions of every pattern together (kMaxProgramSize)
};

// A pack bigger than this is refused (the built-in ones are ~60 KB): parsing and compiling it
// would take unbounded time and memory.
inline constexpr std::size_t kMaxPackBytes = 4 << 20;
// The compiled size of all patterns together, in RE2 instructions: what the matcher's regexes,
// their DFA caches and its signature sets grow with. The built-in packs use a small fraction;
// a pack past it (thousands of signatures, or a few like `[^a]{1000}`) is refused at load, at the
// signature that crosses it, rather than run out of memory on the first long line.
inline constexpr std::size_t kMaxProgramSize = 400000;

LoadResult load_packs(const std::vector<PackText>& packs);

// Reads every *.yaml / *.yml file of dir (sorted by name), or dir itself when it is a pack file.
// The packs that could be read are in value even when some could not.
Outcome<std::vector<PackText>> read_pack_dir(const std::string& dir);
// Reads one pack file (at most kMaxPackBytes + 1 bytes: load_packs refuses a longer one).
Outcome<PackText> read_pack_file(const std::string& path);

// The closest of candidates to word by edit distance, or "" when none is close.
std::string closest_word(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace kdiag
