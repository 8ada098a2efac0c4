// --format github: GitHub Actions workflow commands (::error file=F,line=L,title=T::message).
// GitHub shows at most 10 annotations of each type per step (50 per job): the best causes come
// first and the rest fold into one summary annotation of that type.
#include <map>

#include <fmt/format.h>

#include "render/location.h"
#include "render/renderer.h"

namespace kdiag {
namespace {

constexpr std::size_t kPerType = 10;

std::string command_of(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    default: return "notice";
  }
}

}  // namespace

std::string github_escape_data(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string github_escape_property(std::string_view s) {
  std::string out;
  for (char c : github_escape_data(s)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

void render_github(const Result& result, const RenderOptions& options, std::ostream& out) {
  std::map<std::string, std::vector<const Diagnosis*>> by_type;
  std::size_t shown = 0;
  for (const auto& d : result.diagnoses) {
    if (options.top && shown++ >= options.top) break;
    by_type[command_of(d.rule->severity)].push_back(&d);
  }
  for (const char* type : {"error", "warning", "notice"}) {
    const auto& list = by_type[type];
    const std::size_t direct = list.size() > kPerType ? kPerType - 1 : list.size();
    for (std::size_t i = 0; i < direct; ++i) {
      const Diagnosis& d = *list[i];
      const AnnotationLocation loc = annotation_location(d, result);
      std::string props;
      if (loc.source_file) props = fmt::format(" file={},line={},", github_escape_property(loc.path), loc.line);
      else props = " ";
      props += "title=" + github_escape_property(fmt::format("kdiag {}: {}", d.rule->id, d.rule->title));
      std::string message = d.cause + "\nFix:\n" + numbered_steps(d, "\n");
      if (!d.evidence.empty()) {
        message += "\nEvidence:";
        for (std::size_t k = 0; k < d.evidence.size() && k < 3; ++k) {
          const auto& e = d.evidence[k];
          message += fmt::format("\n{}:{}: {}", result.inputs[e.input].name, e.line, e.text);
        }
      }
      out << "::" << type << props << "::" << github_escape_data(message) << "\n";
    }
    if (list.size() > direct) {
      std::string rest;
      for (std::size_t i = direct; i < list.size(); ++i) rest += (i > direct ? ", " : "") + list[i]->rule->id;
      out << "::" << type << " title=" << github_escape_property(fmt::format("kdiag: {} more", list.size() - direct))
          << "::" << github_escape_data("More causes found (run kdiag locally or see the step summary): " + rest)
          << "\n";
    }
  }
  if (result.diagnoses.empty()) {
    out << "::notice title=kdiag::" << github_escape_data("kdiag found no known cause in the log") << "\n";
  }
}

void render_markdown_summary(const Result& result, const RenderOptions& options, std::ostream& out) {
  out << "## kdiag: " << result.diagnoses.size() << " diagnos" << (result.diagnoses.size() == 1 ? "is" : "es")
      << "\n\n";
  if (result.diagnoses.empty()) {
    out << "No known cause was found in the log.\n";
    return;
  }
  out << "| # | severity | cause | score |\n|---|---|---|---|\n";
  std::size_t shown = 0;
  for (const auto& d : result.diagnoses) {
    if (options.top && shown >= options.top) break;
    out << fmt::format("| {} | {} | `{}` {} | {:.2f} |\n", ++shown, severity_name(d.rule->severity), d.rule->id,
                       d.rule->title, d.score);
  }
  shown = 0;
  for (const auto& d : result.diagnoses) {
    if (options.top && shown >= options.top) break;
    out << fmt::format("\n### {}. {}\n\n{}\n\n**Fix**\n\n", ++shown, d.rule->title, d.cause);
    for (std::size_t i = 0; i < d.fix.size(); ++i) out << fmt::format("{}. {}\n", i + 1, d.fix[i]);
    out << "\n**Evidence**\n\n```\n";
    for (const auto& e : d.evidence) out << fmt::format("{}:{}: {}\n", result.inputs[e.input].name, e.line, e.text);
    out << "```\n";
  }
}

}  // namespace kdiag
