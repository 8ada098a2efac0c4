// The one table of output formats: --format's choices and help (cli/main.cc), the shell
// completions and the man page (checked against it by the ctest formats_in_sync) all follow it.
// Adding a format is its renderer file plus one line here (and the file in CMakeLists.txt).
#include "render/renderer.h"

namespace kdiag {

const std::vector<FormatInfo>& format_table() {
  static const std::vector<FormatInfo> table = {
      {"text", "for people, the default", render_text},
      {"json", "one JSON document", render_json},
      {"github", "GitHub Actions annotations", render_github},
      {"gitlab", "GitLab Code Quality report", render_gitlab},
      {"sarif", "SARIF 2.1.0 for code scanning", render_sarif},
  };
  return table;
}

const std::vector<std::string_view>& format_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const auto& f : format_table()) out.push_back(f.name);
    return out;
  }();
  return names;
}

bool render(std::string_view format, const Result& result, const RenderOptions& options, std::ostream& out) {
  for (const auto& f : format_table()) {
    if (f.name == format) {
      f.render(result, options, out);
      return true;
    }
  }
  return false;
}

}  // namespace kdiag
