#pragma once
// Where a CI annotation for a diagnosis should point: the source file a compiler or rustc named
// when the evidence has one, else the log line itself.
#include <cstddef>
#include <string>

#include "scorer/diagnosis.h"

namespace kdiag {

struct AnnotationLocation {
  bool source_file = false;  // path/line name a source file (compiler, rustc), not the log
  std::string path;          // the source file, or the log's name ("stdin" for standard input)
  std::size_t line = 0;
  const EvidenceLine* evidence = nullptr;  // the line the annotation quotes
};

AnnotationLocation annotation_location(const Diagnosis& d, const Result& result);

// A relative URI reference for a path (percent-encoding what a URI may not contain).
std::string path_to_uri(const std::string& path);

// "1. step  2. step", and the first evidence lines as "log:12: text", for one-line formats.
std::string numbered_steps(const Diagnosis& d, const std::string& separator);

}  // namespace kdiag
