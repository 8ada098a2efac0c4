// kdiag corpus [DIR]: runs every case of the corpus and prints accuracy per class, and fails when
// a case that is expected to pass does not (the regression gate). Cases known not to pass yet are
// listed, with the reason, in DIR/known-failures.yaml; they count in the accuracy all the same.
// The gate fails too when it could not have caught a regression: no cases, a case of DIR/MANIFEST
// missing (a shrunken corpus) or not listed there, a known failure that now passes (so the list
// shrinks as fixes land), a known-failures entry that names no case.
#include <algorithm>
#include <fcntl.h>
#include <filesystem>
#include <iostream>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "commands.h"
#include "corpus_case.h"
#include "kdiag.h"

namespace kdiag::cli {
namespace {

namespace fs = std::filesystem;

// A benign case passes with no error or warning diagnosis and, when it names the notices expected
// (expect.top), with one of them first.
bool passes(const CaseOutcome& c) {
  if (!c.error.empty()) return false;
  if (!c.benign) return c.top1;
  return !c.false_alarm && (c.expected.empty() || c.top1);
}

struct Tally {
  std::size_t cases = 0, top1 = 0, top3 = 0, benign = 0, false_alarms = 0;
  void add(const CaseOutcome& c) {
    ++cases;
    if (c.benign) {
      ++benign;
      if (c.false_alarm) ++false_alarms;
      if (!c.false_alarm && (c.expected.empty() || c.top1)) ++top1;
      if (!c.false_alarm && (c.expected.empty() || c.top3)) ++top3;
    } else {
      if (c.top1) ++top1;
      if (c.top3) ++top3;
    }
  }
};

std::string percent(std::size_t n, std::size_t d) {
  return d ? fmt::format("{:.1f}%", 100.0 * static_cast<double>(n) / static_cast<double>(d)) : "-";
}

std::string said(const CaseOutcome& c) {
  if (!c.error.empty()) return "broken case: " + c.error;
  if (c.got.empty()) return "nothing";
  std::string s;
  for (std::size_t i = 0; i < c.got.size() && i < 3; ++i)
    s += (i ? ", " : "") + c.got[i] + " (" + c.got_severity[i] + ")";
  return s;
}

}  // namespace

int run_corpus(const KnowledgeOptions& knowledge, const std::string& dir_name, const std::string& format,
               bool verbose) {
  RuleSet rules;
  if (!load_knowledge(knowledge, rules)) return kExitError;
  const Engine engine(std::move(rules));
  const fs::path dir(dir_name);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    std::cerr << "kdiag: " << dir_name << ": not a corpus directory\n";
    return kExitError;
  }
  // Problems of the corpus itself (not of a case): each fails the gate.
  std::vector<std::string> corpus_problems;
  std::map<std::string, std::string> known;
  if (fs::exists(dir / "known-failures.yaml")) {
    try {
      const YAML::Node list = load_small_yaml(dir / "known-failures.yaml");
      for (const auto& entry : list) known[entry["case"].as<std::string>()] = entry["reason"].as<std::string>();
    } catch (const YAML::Exception& e) {
      std::cerr << "kdiag: " << (dir / "known-failures.yaml").string() << ": " << e.what() << "\n";
      return kExitError;
    }
  }
  std::vector<fs::path> case_dirs;
  const auto collect = [&](const fs::path& root) {
    for (const auto& entry : fs::directory_iterator(root, ec)) {
      if (entry.is_directory() && fs::exists(entry.path() / "meta.yaml")) case_dirs.push_back(entry.path());
    }
  };
  collect(dir);
  if (fs::is_directory(dir / "synthetic")) collect(dir / "synthetic");
  std::sort(case_dirs.begin(), case_dirs.end());
  if (case_dirs.empty())
    corpus_problems.push_back(fmt::format("{}: no cases (directories with a meta.yaml)", dir_name));
  std::set<std::string> present;
  for (const auto& d : case_dirs)
    present.insert((d.parent_path().filename() == "synthetic" ? "synthetic/" : "") + d.filename().string());
  const bool has_manifest = fs::exists(dir / "MANIFEST", ec);
  FileRead manifest_file;
  if (has_manifest) manifest_file = read_regular_file((dir / "MANIFEST").string(), kMaxMetaBytes);
  if (!manifest_file.ok()) {
    corpus_problems.insert(corpus_problems.end(), manifest_file.errors.begin(), manifest_file.errors.end());
  } else if (manifest_file.over_limit) {
    corpus_problems.push_back(fmt::format("{}/MANIFEST: larger than the limit for corpus metadata", dir_name));
  }
  if (has_manifest && manifest_file.ok() && !manifest_file.over_limit) {
    std::istringstream manifest(manifest_file.content);
    std::set<std::string> listed;
    std::size_t line_no = 0;
    for (std::string line; std::getline(manifest, line);) {
      ++line_no;
      if (line.empty() || line[0] == '#') continue;
      listed.insert(line);
      if (!present.count(line)) {
        corpus_problems.push_back(fmt::format("{}/MANIFEST:{}: case {} is missing", dir_name, line_no, line));
      }
    }
    for (const auto& name : present) {
      if (!listed.count(name))
        corpus_problems.push_back(fmt::format("{}: case {} is not in MANIFEST: add it", dir_name, name));
    }
  }
  for (const auto& [name, reason] : known) {
    if (!present.count(name) && !present.count("synthetic/" + name)) {
      corpus_problems.push_back(fmt::format("{}/known-failures.yaml: case {} does not exist", dir_name, name));
    }
  }

  std::vector<CaseOutcome> outcomes;
  for (const auto& d : case_dirs) {
    CaseOutcome c = run_case(engine, d, d.parent_path().filename() == "synthetic");
    if (c.alternatives_unexplained) {
      corpus_problems.push_back(
          fmt::format("{}/meta.yaml: expect.top accepts {} ids but expect.why_alternatives "
                      "does not say why the others are right too",
                      d.string(), c.expected.size()));
    }
    if (auto it = known.find(c.name); it != known.end()) {
      c.known_failure = true;
      c.known_reason = it->second;
    }
    outcomes.push_back(std::move(c));
  }

  std::map<std::string, Tally> per_class;
  Tally real, synthetic;
  std::vector<const CaseOutcome*> regressions, fixed, still_failing;
  for (const auto& c : outcomes) {
    (c.synthetic ? synthetic : real).add(c);
    if (!c.synthetic) per_class[c.cls].add(c);
    if (!passes(c) && !c.known_failure) regressions.push_back(&c);
    if (passes(c) && c.known_failure) fixed.push_back(&c);
    if (!passes(c) && c.known_failure) still_failing.push_back(&c);
  }

  if (format == "json") {
    nlohmann::json out;
    const auto tally_json = [](const Tally& t) {
      return nlohmann::json{
          {"cases", t.cases},
          {"top1", t.top1},
          {"top3", t.top3},
          {"benign", t.benign},
          {"false_alarms", t.false_alarms},
          {"top1_accuracy", t.cases ? static_cast<double>(t.top1) / static_cast<double>(t.cases) : 0.0},
          {"top3_recall", t.cases ? static_cast<double>(t.top3) / static_cast<double>(t.cases) : 0.0}};
    };
    out["overall"] = tally_json(real);
    out["synthetic"] = tally_json(synthetic);
    for (const auto& [cls, t] : per_class) out["classes"][cls] = tally_json(t);
    for (const auto& c : outcomes) {
      out["cases"].push_back({{"case", c.name},
                              {"class", c.cls},
                              {"synthetic", c.synthetic},
                              {"benign", c.benign},
                              {"expected", c.expected},
                              {"got", c.got},
                              {"pass", passes(c)},
                              {"known_failure", c.known_failure},
                              {"error", c.error}});
    }
    out["regressions"] = regressions.size();
    out["now_passing_known_failures"] = fixed.size();
    out["corpus_problems"] = corpus_problems;
    std::cout << out.dump(2) << "\n";
  } else {
    for (const auto& c : outcomes) {
      if (verbose || !passes(c)) {
        std::cout << fmt::format(
            "{} {}: expected {} got {}{}\n", passes(c) ? "pass" : (c.known_failure ? "KNOWN" : "FAIL"), c.name,
            c.benign ? fmt::format("benign{}{}", c.expected.empty() ? "" : " ", fmt::join(c.expected, "|"))
                     : fmt::format("{}", fmt::join(c.expected, "|")),
            said(c), c.known_failure ? "  [known: " + c.known_reason + "]" : "");
      }
    }
    std::cout << fmt::format("\n{:<14} {:>6} {:>8} {:>8} {:>7} {:>13}\n", "class", "cases", "top-1", "top-3", "benign",
                             "false alarms");
    for (const auto& [cls, t] : per_class) {
      std::cout << fmt::format("{:<14} {:>6} {:>8} {:>8} {:>7} {:>13}\n", cls, t.cases, percent(t.top1, t.cases),
                               percent(t.top3, t.cases), t.benign, t.false_alarms);
    }
    std::cout << fmt::format("{:<14} {:>6} {:>8} {:>8} {:>7} {:>13}\n", "real, overall", real.cases,
                             percent(real.top1, real.cases), percent(real.top3, real.cases), real.benign,
                             real.false_alarms);
    if (synthetic.cases) {
      std::cout << fmt::format("{:<14} {:>6} {:>8} {:>8} {:>7} {:>13}   (not counted above)\n", "synthetic",
                               synthetic.cases, percent(synthetic.top1, synthetic.cases),
                               percent(synthetic.top3, synthetic.cases), synthetic.benign, synthetic.false_alarms);
    }
    for (const auto* c : fixed) {
      std::cout << fmt::format("FIXED {}: now passes: remove it from known-failures.yaml\n", c->name);
    }
    for (const auto& problem : corpus_problems) std::cout << "corpus gate: " << problem << "\n";
    std::cout << fmt::format("{} passed, {} failed\n", outcomes.size() - regressions.size() - still_failing.size(),
                             regressions.size() + still_failing.size());
    if (!regressions.empty()) {
      std::cout << fmt::format("corpus gate: {} case(s) fail that are not in known-failures.yaml\n",
                               regressions.size());
    }
  }
  return regressions.empty() && fixed.empty() && corpus_problems.empty() ? kExitOk : kExitFound;
}

}  // namespace kdiag::cli
