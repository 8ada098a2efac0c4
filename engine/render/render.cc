// The one table of output formats: --format's choices and help (cli/main.cc), the shell
// completions and the man page (checked against it by the ctest formats_in_sync) all follow it.
// Adding a format is its renderer file in this folder (CMake finds it) plus its declaration and
// one line here.
#include "render/renderer.h"

namespace kdiag {

// The renderers without a caller outside the table (text and json are in renderer.h: doctor
// and the web page call them directly).
void render_github(const Result& result, const RenderOptions& options, std::ostream& out);
void render_gitlab(const Result& result, const RenderOptions& options, std::ostream& out);
void render_sarif(const Result& result, const RenderOptions& options, std::ostream& out);

const std::vector<FormatInfo>& format_table() {
  static const std::vector<FormatInfo> table = {
      {"text", "for people, the default", render_text},         {"json", "one JSON document", render_json},
      {"github", "GitHub Actions annotations", render_github},  {"gitlab", "GitLab Code Quality report", render_gitlab},
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
