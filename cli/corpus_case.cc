#include "corpus_case.h"

#include <algorithm>
#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "kdiag.h"

namespace kdiag::cli {

namespace fs = std::filesystem;

// YAML read through the one bounded reader; throws YAML::Exception with what went wrong.
YAML::Node load_small_yaml(const fs::path& path) {
  // A bigger file is a mistake or an attack, refused before YAML parses it.
  const FileRead r = read_regular_file(path.string(), kMaxMetaBytes);
  if (!r.ok()) throw YAML::Exception(YAML::Mark::null_mark(), r.errors.front());
  if (r.over_limit) {
    throw YAML::Exception(YAML::Mark::null_mark(),
                          fmt::format("larger than the limit of {} KiB for corpus metadata", kMaxMetaBytes >> 10));
  }
  return YAML::Load(r.content);
}

// Whether log (from a case's meta.yaml) names a file inside the case directory: no absolute
// paths, no "..", no symbolic link that leads out.
bool inside_case(const fs::path& dir, const std::string& log, std::string& why) {
  const fs::path rel(log);
  if (log.empty() || rel.is_absolute()) {
    why = "log paths are relative to the case directory";
    return false;
  }
  for (const auto& part : rel) {
    if (part == "..") {
      why = "log paths may not leave the case directory ('..')";
      return false;
    }
  }
  std::error_code ec;
  const fs::path real_dir = fs::canonical(dir, ec);
  const fs::path real_log = fs::weakly_canonical(dir / rel, ec);
  if (ec) return true;  // the open that follows names what is wrong
  const auto [end, _] = std::mismatch(real_dir.begin(), real_dir.end(), real_log.begin(), real_log.end());
  if (end != real_dir.end()) {
    why = "a symbolic link out of the case directory";
    return false;
  }
  return true;
}

CaseOutcome run_case(const Engine& engine, const fs::path& dir, bool synthetic) {
  CaseOutcome c;
  c.name = dir.filename().string();
  c.synthetic = synthetic;
  std::vector<std::string> logs = {"log.txt"};
  try {
    const YAML::Node meta = load_small_yaml(dir / "meta.yaml");
    c.cls = meta["class"] ? meta["class"].as<std::string>() : "unclassified";
    c.benign = meta["expect"]["benign"] ? meta["expect"]["benign"].as<bool>() : meta["benign"].as<bool>(false);
    if (meta["expect"]["top"]) c.expected = meta["expect"]["top"].as<std::vector<std::string>>();
    // A second accepted id is a claim about the log (both causes are there, or the log cannot
    // tell them apart): it must say which, or the label quietly widens what counts as right.
    const YAML::Node why = meta["expect"]["why_alternatives"];
    c.alternatives_unexplained = c.expected.size() > 1 && (!why || !why.IsScalar() || why.Scalar().empty());
    if (meta["synthetic"] && meta["synthetic"].as<bool>()) c.synthetic = true;
    if (meta["logs"]) logs = meta["logs"].as<std::vector<std::string>>();
  } catch (const YAML::Exception& e) {
    c.error = "meta.yaml: " + std::string(e.what());
    return c;
  }
  Session session(engine);
  for (const auto& log : logs) {
    std::string why;
    if (!inside_case(dir, log, why)) {
      c.error = log + ": " + why;
      return c;
    }
    // A log is an ordinary file: a FIFO would hang the gate, /dev/zero would never end.
    const Outcome<int> fd = open_regular_file((dir / log).string());
    if (!fd.ok()) {
      c.error = "cannot open: " + fd.errors.front();
      return c;
    }
    const Status read = session.read_input(fd.value, log);
    ::close(fd.value);
    if (!read.ok()) {
      c.error = read.errors.front();
      return c;
    }
  }
  const Result result = session.finish();
  for (const auto& d : result.diagnoses) {
    c.got.push_back(d.rule->id);
    c.got_severity.push_back(std::string(severity_name(d.severity)));
    if (d.severity >= Severity::warning) c.false_alarm = c.benign;
  }
  const auto expected = [&](const std::string& id) {
    return std::find(c.expected.begin(), c.expected.end(), id) != c.expected.end();
  };
  if (!c.got.empty()) c.top1 = expected(c.got[0]);
  for (std::size_t i = 0; i < c.got.size() && i < 3; ++i) c.top3 = c.top3 || expected(c.got[i]);
  return c;
}

}  // namespace kdiag::cli
