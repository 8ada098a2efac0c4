#include "render/location.h"

#include <fmt/format.h>

namespace kdiag {

AnnotationLocation annotation_location(const Diagnosis& d, const Result& result) {
  AnnotationLocation loc;
  for (const auto& e : d.evidence) {
    if (!e.file.empty() && !e.file_line.empty()) {
      loc.source_file = true;
      loc.path = e.file;
      loc.line = std::stoul(e.file_line);
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

std::string path_to_uri(const std::string& path) {
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

std::string numbered_steps(const Diagnosis& d, const std::string& separator) {
  std::string out;
  for (std::size_t i = 0; i < d.fix.size(); ++i) out += (i ? separator : "") + fmt::format("{}. {}", i + 1, d.fix[i]);
  return out;
}

}  // namespace kdiag
