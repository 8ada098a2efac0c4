// The corpus fuzz target's entry: the fuzzer's bytes are a case's meta.yaml, beside a real log, a
// FIFO, a symbolic link out of the case and, outside the case, a canary log. `kdiag corpus` reads
// the case: whatever the metadata says (paths, types, sizes, YAML shapes), it must not crash,
// hang on the FIFO, or read the canary.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "corpus_case.h"
#include "kdiag.h"
#include "entries.h"

namespace kdiag::fuzz {
namespace {

namespace fs = std::filesystem;

// The canary fires a rule the case's own log never does.
constexpr const char* kCanaryLine = "ERROR: modpost: missing MODULE_LICENSE() in /canary/outside.o";
constexpr const char* kCanaryRule = "kbuild.modpost-missing-license";
constexpr const char* kCaseLine = "error: target file \"./rust/target.json\" does not exist";

}  // namespace

int corpus_one_input(const std::uint8_t* data, std::size_t size) {
  static const Engine engine(builtin_rules());
  std::string tmpl = (fs::temp_directory_path() / "kdiag-fuzz-corpus-XXXXXX").string();
  require(::mkdtemp(tmpl.data()) != nullptr);
  const fs::path dir = tmpl;
  const fs::path case_dir = dir / "case";
  fs::create_directories(case_dir);
  std::ofstream(dir / "canary.log") << kCanaryLine << "\n";
  std::ofstream(case_dir / "log.txt") << kCaseLine << "\n";
  std::error_code ec;
  fs::create_symlink("../canary.log", case_dir / "out.log", ec);
  fs::create_symlink((dir / "canary.log").string(), case_dir / "abs.log", ec);
  ::mkfifo((case_dir / "pipe.log").c_str(), 0600);
  std::ofstream(case_dir / "meta.yaml", std::ios::binary)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  const cli::CaseOutcome c = cli::run_case(engine, case_dir, false);
  // The canary's rule fired: only the case's own meta.yaml (logs: [meta.yaml]) may have said it.
  if (std::find(c.got.begin(), c.got.end(), kCanaryRule) != c.got.end()) {
    const std::string meta(reinterpret_cast<const char*>(data), size);
    require(meta.find("MODULE_LICENSE") != std::string::npos);
  }
  fs::remove_all(dir, ec);
  return 0;
}

}  // namespace kdiag::fuzz
