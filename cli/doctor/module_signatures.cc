#include "doctor/module_signatures.h"

#include <algorithm>
#include <string_view>

#include "doctor/decompress.h"

namespace kdiag::doctor {
namespace {

constexpr std::string_view kMarker = "~Module signature appended~\n";
constexpr std::size_t kMaxModule = std::size_t{64} << 20;
constexpr std::size_t kMaxFilesWalked = 20000;

bool is_module(const std::string& name) {
  for (const char* ext : {".ko", ".ko.xz", ".ko.zst", ".ko.gz"}) {
    if (name.ends_with(ext)) return true;
  }
  return false;
}

// Module files under dir, breadth first, sorted per directory (the same sample every run).
void walk(const Machine& machine, const std::string& dir, std::vector<std::string>& out, std::size_t& seen) {
  std::vector<std::string> todo = {dir};
  for (std::size_t next = 0; next < todo.size() && seen < kMaxFilesWalked; ++next) {
    const std::string d = todo[next];
    for (const auto& name : machine.list_dir(d)) {
      if (++seen > kMaxFilesWalked) break;
      const std::string path = d + "/" + name;
      // Not into build/ or source/: they are links to the headers, not the modules.
      if (d == dir && (name == "build" || name == "source")) continue;
      if (is_module(name)) out.push_back(path);
      else if (machine.is_dir(path) && machine.link_target(path).empty()) todo.push_back(path);
    }
  }
}

}  // namespace

bool has_module_signature(std::string_view module) {
  return module.size() >= kMarker.size() && module.substr(module.size() - kMarker.size()) == kMarker;
}

ModuleSignatures module_signatures(const Machine& machine, const std::string& dir, std::size_t sample) {
  ModuleSignatures s;
  std::vector<std::string> modules;
  std::size_t seen = 0;
  walk(machine, dir, modules, seen);
  s.found = modules.size();
  // Spread the sample over the whole list, not the first directory's modules; then the ones
  // built on this machine.
  const std::string shipped_prefix = dir + "/kernel/";
  std::vector<std::string> picked;
  const std::size_t step = modules.size() > sample ? modules.size() / sample : 1;
  for (std::size_t i = 0; i < modules.size() && picked.size() < sample; i += step) picked.push_back(modules[i]);
  std::size_t local = 0;
  for (const auto& path : modules) {
    if (path.rfind(shipped_prefix, 0) == 0 || local >= sample) continue;
    ++local;
    if (std::find(picked.begin(), picked.end(), path) == picked.end()) picked.push_back(path);
  }
  for (const auto& path : picked) {
    const ReadResult r = machine.read(path, kMaxModule);
    if (!r.content) {
      s.unreadable.push_back(path + ": " + r.error);
      continue;
    }
    std::string bytes = *r.content;
    if (!path.ends_with(".ko")) {
      bytes = decompress_stream(bytes, kMaxModule);
      if (bytes.empty()) {
        s.unreadable.push_back(path + ": cannot decompress");
        continue;
      }
    }
    ++s.looked_at;
    if (has_module_signature(bytes)) {
      ++s.signed_count;
      if (auto signer = module_signer(bytes)) {
        s.signers.push_back({path, std::move(*signer), path.rfind(shipped_prefix, 0) == 0});
      }
    } else if (s.unsigned_examples.size() < 3) {
      s.unsigned_examples.push_back(path);
    }
  }
  return s;
}

}  // namespace kdiag::doctor
