#include "render/renderer.h"

namespace kdiag {

const std::vector<std::string_view>& format_names() {
  static const std::vector<std::string_view> names = {"text", "json"};
  return names;
}

bool render(std::string_view format, const Result& result, const RenderOptions& options, std::ostream& out) {
  if (format == "text") {
    render_text(result, options, out);
  } else if (format == "json") {
    render_json(result, options, out);
  } else {
    return false;
  }
  return true;
}

}  // namespace kdiag
