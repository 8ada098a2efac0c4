#pragma once
// Pattern fragments: wording that the C library and the shell translate, written once. A rule's
// pattern says {ENOENT} where a tool prints strerror(ENOENT) ("No such file or directory", in an
// Italian build "File o directory non esistente"), so every rule that reads such a message also
// reads it in the locales kernels are built in. The loader expands them before compiling.
#include <string>
#include <string_view>
#include <vector>

namespace kdiag {

struct PatternFragment {
  std::string_view name;     // ENOENT: written {ENOENT} in a pattern
  std::string_view pattern;  // a group, so that it can stand anywhere
};

const std::vector<PatternFragment>& pattern_fragments();

// pattern with each {NAME} of the table replaced by its group. A {NAME} (capitals, digits, _)
// that the table lacks is left as it is and named in unknown, for the loader to report.
std::string expand_fragments(std::string_view pattern, std::vector<std::string>* unknown = nullptr);

}  // namespace kdiag
