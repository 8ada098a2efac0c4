#include "batch/inputs.h"

#include <algorithm>
#include <filesystem>
#include <fnmatch.h>

namespace kdiag::cli {
namespace {

namespace fs = std::filesystem;

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool selected(const fs::path& relative, const std::vector<std::string>& globs) {
  const std::string name = relative.filename().string();
  if (ends_with(name, ".meta.json")) return false;
  if (globs.empty()) return true;
  const std::string rel = relative.generic_string();
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) {
    const bool whole = g.find('/') != std::string::npos;
    return ::fnmatch(g.c_str(), whole ? rel.c_str() : name.c_str(), whole ? FNM_PATHNAME : 0) == 0;
  });
}

// Depth first, each directory's entries in byte order of their names.
void walk(const fs::path& root, const fs::path& dir, const std::vector<std::string>& globs,
          std::vector<BatchInput>& out) {
  std::error_code ec;
  std::vector<fs::directory_entry> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(*it);
  if (ec) {
    out.push_back({dir.string(), "cannot list directory: " + ec.message()});
    return;
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path().filename().string() < b.path().filename().string(); });
  for (const auto& e : entries) {
    std::error_code type_ec;
    // Symlinks are followed for files, not for directories (no loops).
    if (e.is_directory(type_ec) && !e.is_symlink(type_ec)) {
      walk(root, e.path(), globs, out);
    } else if (e.is_regular_file(type_ec) && selected(e.path().lexically_relative(root), globs)) {
      out.push_back({e.path().string(), ""});
    }
  }
}

void add(const std::string& arg, const std::vector<std::string>& globs, std::vector<BatchInput>& out) {
  std::error_code ec;
  if (fs::is_directory(arg, ec)) {
    walk(arg, arg, globs, out);
  } else {
    out.push_back({arg, ""});  // read (or fail to) later, where the error lands in its row
  }
}

}  // namespace

std::vector<BatchInput> collect_inputs(const std::vector<std::string>& args, const std::vector<std::string>& globs,
                                       std::istream& stdin_list) {
  std::vector<BatchInput> out;
  bool stdin_read = false;
  for (const auto& arg : args) {
    if (arg != "-") {
      add(arg, globs, out);
      continue;
    }
    if (stdin_read) continue;  // '-' twice: the stream is already consumed
    stdin_read = true;
    std::string line;
    while (std::getline(stdin_list, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) continue;
      add(line, globs, out);
    }
  }
  return out;
}

}  // namespace kdiag::cli
