#pragma once
// One case of a corpus of labelled logs (DIR/<case>/meta.yaml and its logs), read and diagnosed:
// what `kdiag corpus` tallies, kept apart so that its handling of untrusted metadata (sizes,
// paths, file types) can be fuzzed on its own.
#include <filesystem>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "kdiag.h"

namespace kdiag::cli {

struct CaseOutcome {
  std::string name;
  std::string cls;
  bool synthetic = false;
  bool benign = false;
  std::vector<std::string> expected;
  std::vector<std::string> got;  // diagnosis ids, best first
  std::vector<std::string> got_severity;
  bool top1 = false, top3 = false, false_alarm = false;
  bool known_failure = false;
  std::string known_reason;
  std::string error;                      // the case itself is broken
  bool alternatives_unexplained = false;  // more than one expected id, and no why_alternatives
};

// Corpus metadata (meta.yaml, known-failures.yaml, MANIFEST) larger than this is refused.
inline constexpr std::size_t kMaxMetaBytes = 1 << 20;

// YAML read through the one bounded reader; throws YAML::Exception with what went wrong.
YAML::Node load_small_yaml(const std::filesystem::path& path);

// Whether log (from a case's meta.yaml) names a file inside the case directory dir.
bool inside_case(const std::filesystem::path& dir, const std::string& log, std::string& why);

// Reads dir/meta.yaml and the logs it names, diagnoses them as one story; a broken case says why
// in CaseOutcome::error instead of throwing.
CaseOutcome run_case(const Engine& engine, const std::filesystem::path& dir, bool synthetic);

}  // namespace kdiag::cli
