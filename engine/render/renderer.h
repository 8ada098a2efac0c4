#pragma once
// Renderers turn a Result into one output format each. They never see the log itself: everything
// they show comes from the Result (evidence lines included).
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "scorer/diagnosis.h"

namespace kdiag {

struct RenderOptions {
  std::size_t top = 5;   // diagnoses to show (0 = all)
  bool explain = false;  // also suppressed candidates, near misses, signature detail
  bool color = false;
  std::string version;  // kdiag's version, for formats that record it
  // The checkout CI reports are about (CI_PROJECT_DIR, GITHUB_WORKSPACE or the working directory,
  // absolute): the gitlab and sarif formats show paths inside it relative to it, and read relative
  // paths as relative to it. Empty: paths are shown as the log has them.
  std::string project_dir;
  // The text report's first line for a front-end that reports on something other than logs
  // (doctor: "kdiag doctor: 22 checks: 1 problem, 6 ok, 15 not checked; 1 finding."): who
  // speaks, what was looked at, and what a diagnosis is called there. Empty: a log's report.
  std::string heading_tool;
  std::string heading_subject;
  bool findings = false;
};

void render_text(const Result& result, const RenderOptions& options, std::ostream& out);
void render_json(const Result& result, const RenderOptions& options, std::ostream& out);
// The Markdown summary a GitHub job shows (appended to $GITHUB_STEP_SUMMARY by the CLI).
void render_markdown_summary(const Result& result, const RenderOptions& options, std::ostream& out);

// GitHub workflow-command escaping: data (%, CR, LF) and properties (also ':' and ',').
std::string github_escape_data(std::string_view s);
std::string github_escape_property(std::string_view s);

// One output format: its --format name, a few words for --help, its renderer (render.cc).
struct FormatInfo {
  std::string_view name;
  std::string_view help;
  void (*render)(const Result& result, const RenderOptions& options, std::ostream& out);
};
const std::vector<FormatInfo>& format_table();
// The formats --format accepts, and the renderer for one; false when the name is unknown.
bool render(std::string_view format, const Result& result, const RenderOptions& options, std::ostream& out);
const std::vector<std::string_view>& format_names();

}  // namespace kdiag
