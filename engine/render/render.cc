#include "render/renderer.h"

namespace kdiag {

const std::vector<std::string_view>& format_names() {
  static const std::vector<std::string_view> names = {"text", "json", "github", "gitlab", "sarif"};
  return names;
}

bool render(std::string_view format, const Result& result, const RenderOptions& options, std::ostream& out) {
  if (format == "text") {
    render_text(result, options, out);
  } else if (format == "json") {
    render_json(result, options, out);
  } else if (format == "github") {
    render_github(result, options, out);
  } else if (format == "gitlab") {
    render_gitlab(result, options, out);
  } else if (format == "sarif") {
    render_sarif(result, options, out);
  } else {
    return false;
  }
  return true;
}

}  // namespace kdiag
