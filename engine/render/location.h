#pragma once
// Where a CI annotation for a diagnosis should point: the source file a compiler or rustc named
// when the evidence has one, else the log line itself; and how CI formats spell that path.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "scorer/diagnosis.h"

namespace kdiag {

struct AnnotationLocation {
  bool source_file = false;  // path/line name a source file (compiler, rustc), not the log
  std::string path;          // the source file, or the log's name ("stdin" for standard input)
  std::size_t line = 0;
  std::uint32_t column = 0;                // 0 = not known (only a source file has one)
  const EvidenceLine* evidence = nullptr;  // the line the annotation quotes
};

AnnotationLocation annotation_location(const Diagnosis& d, const Result& result);

// A path as seen from the project directory (RenderOptions::project_dir), worked out lexically
// ("." and ".." resolved on the text, no file system access, symbolic links not followed).
struct ProjectPath {
  bool inside = false;   // within project_dir: relative holds it
  std::string relative;  // "drivers/net/x.c": never empty, never "..", never starting with "../" or "/"
  std::string absolute;  // normalised absolute path; empty when it cannot be known (a relative
                         // path and no project_dir)
};

// path (absolute, or relative to project_dir) against project_dir (absolute, or empty: unknown).
ProjectPath project_path(std::string_view path, std::string_view project_dir);

// The path a CI report should name: relative when inside the project, else the path as written
// (an absolute path), or made absolute (a relative path that leads out of the project); never
// one that starts with "../".
std::string report_path(std::string_view path, std::string_view project_dir);

// A URI reference for a path (percent-encoding every byte but unreserved ones and '/').
std::string path_to_uri(std::string_view path);
// "file:///abs/path" for an absolute path.
std::string file_uri(std::string_view absolute_path);

// "1. step  2. step", and the first evidence lines as "log:12: text", for one-line formats.
std::string numbered_steps(const Diagnosis& d, const std::string& separator);

}  // namespace kdiag
