#include "render/location.h"

#include <cctype>
#include <vector>

#include <fmt/format.h>

namespace kdiag {
namespace {

// "/a/./b/../c" -> "/a/c", "a/./b/../c" -> "a/c" on the text alone. ".." at the root of an
// absolute path stays at the root; a relative path that leads out of its start keeps its "../"s.
std::string normalise(std::string_view path) {
  const bool absolute = path.starts_with('/');
  std::vector<std::string_view> parts;
  for (std::size_t at = 0; at <= path.size();) {
    std::size_t end = path.find('/', at);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view part = path.substr(at, end - at);
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") parts.pop_back();
      else if (!absolute) parts.push_back(part);
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    at = end + 1;
  }
  std::string out;
  for (const auto part : parts) {
    if (absolute || !out.empty()) out += '/';
    out += part;
  }
  return absolute && out.empty() ? "/" : out;
}

}  // namespace

AnnotationLocation annotation_location(const Diagnosis& d, const Result& result) {
  AnnotationLocation loc;
  for (const auto& e : d.evidence) {
    if (!e.file.empty() && e.file_line > 0) {
      loc.source_file = true;
      loc.path = e.file;
      loc.line = e.file_line;
      loc.column = e.file_col;
      loc.evidence = &e;
      return loc;
    }
  }
  if (!d.evidence.empty()) {
    const auto& e = d.evidence.front();
    loc.path = result.inputs[e.input].name;
    loc.line = e.line;
    loc.evidence = &e;
  } else if (!result.inputs.empty()) {
    loc.path = result.inputs.front().name;
    loc.line = 1;
  }
  if (loc.path == "<stdin>") loc.path = "stdin";
  return loc;
}

ProjectPath project_path(std::string_view path, std::string_view project_dir) {
  ProjectPath out;
  const bool absolute = !path.empty() && path.front() == '/';
  const bool known_dir = !project_dir.empty() && project_dir.front() == '/';
  if (!absolute && !known_dir) {
    const std::string relative = normalise(path);
    out.inside = !relative.empty() && relative != ".." && !relative.starts_with("../");
    if (out.inside) out.relative = relative;
    return out;
  }
  out.absolute = normalise(absolute ? std::string(path) : std::string(project_dir) + "/" + std::string(path));
  if (!known_dir) return out;
  const std::string root = normalise(project_dir);
  const std::string prefix = root == "/" ? root : root + "/";
  if (out.absolute.size() > prefix.size() && out.absolute.starts_with(prefix)) {
    out.inside = true;
    out.relative = out.absolute.substr(prefix.size());
  }
  return out;
}

std::string report_path(std::string_view path, std::string_view project_dir) {
  const ProjectPath p = project_path(path, project_dir);
  if (p.inside) return p.relative;
  if (!path.empty() && path.front() == '/') return std::string(path);
  return p.absolute.empty() ? std::string(path) : p.absolute;
}

std::string path_to_uri(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || std::string_view("-._~/").find(static_cast<char>(c)) != std::string_view::npos) {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string file_uri(std::string_view absolute_path) { return "file://" + path_to_uri(absolute_path); }

std::string numbered_steps(const Diagnosis& d, const std::string& separator) {
  std::string out;
  for (std::size_t i = 0; i < d.fix.size(); ++i) out += (i ? separator : "") + fmt::format("{}. {}", i + 1, d.fix[i]);
  return out;
}

}  // namespace kdiag
