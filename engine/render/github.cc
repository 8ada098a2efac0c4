// --format github: GitHub Actions workflow commands (::error file=F,line=L,col=C,title=T::message),
// and the Markdown step summary that goes with them (written to $GITHUB_STEP_SUMMARY).
// GitHub shows at most 10 annotations of each type per step (50 per job): the best causes come
// first and the rest fold into one summary annotation of that type.
#include <map>

#include <fmt/format.h>

#include "render/location.h"
#include "render/markdown.h"
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

// The cause as Markdown (markdown::rule_text), or the filled text as one code span.
std::string summary_text(const std::string& tmpl, const std::string& filled, const Captures& captures) {
  std::string md = markdown::rule_text(tmpl, filled, captures);
  return md.empty() ? markdown::code_span(filled) : md;
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
    by_type[command_of(d.severity)].push_back(&d);
  }
  // Inputs that could not be read come first, in one error annotation: the run is incomplete.
  if (!result.unread.empty()) {
    std::string message = "kdiag could not read:";
    for (const auto& u : result.unread) message += fmt::format("\n{}: {}", u.name, u.error);
    out << "::error title=" << github_escape_property("kdiag: input not read") << "::" << github_escape_data(message)
        << "\n";
  }
  for (const char* type : {"error", "warning", "notice"}) {
    const auto& list = by_type[type];
    const std::size_t budget = kPerType - (type == std::string_view("error") && !result.unread.empty() ? 1 : 0);
    const std::size_t direct = list.size() > budget ? budget - 1 : list.size();
    for (std::size_t i = 0; i < direct; ++i) {
      const Diagnosis& d = *list[i];
      const AnnotationLocation loc = annotation_location(d, result);
      std::string props;
      if (loc.source_file) {
        props = fmt::format(" file={},line={},", github_escape_property(loc.path), loc.line);
        if (loc.column > 0) props += fmt::format("col={},", loc.column);
      } else {
        props = " ";
      }
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
  // Nothing read, nothing to say about causes: the error above is the whole story.
  if (result.diagnoses.empty() && !(result.inputs.empty() && !result.unread.empty())) {
    out << "::notice title=kdiag::" << github_escape_data("kdiag found no known cause in the log") << "\n";
  }
}

void render_markdown_summary(const Result& result, const RenderOptions& options, std::ostream& out) {
  namespace md = markdown;
  const std::size_t count = result.diagnoses.size();
  const bool nothing_read = result.inputs.empty() && !result.unread.empty();
  if (nothing_read) {
    out << (result.unread.size() == 1 ? "## kdiag: the log could not be read\n\n"
                                      : "## kdiag: no log could be read\n\n");
  } else {
    out << "## kdiag: " << count << " diagnos" << (count == 1 ? "is" : "es") << "\n\n";
  }
  if (!result.unread.empty()) {
    out << "**Not read** (kdiag exits with status 2; nothing in these inputs was diagnosed):\n\n";
    for (const auto& u : result.unread) out << "- " << md::code_span(u.name) << ": " << md::escape(u.error) << "\n";
    out << "\n";
  }
  if (count == 0 && !nothing_read) {
    out << (result.unread.empty() ? "No known cause was found in the log.\n"
                                  : "No known cause was found in what could be read.\n");
  }
  if (count > 0) {
    out << "| # | severity | cause | score |\n|---|---|---|---|\n";
    std::size_t shown = 0;
    for (const auto& d : result.diagnoses) {
      if (options.top && shown >= options.top) break;
      out << fmt::format("| {} | {} | {} {} | {:.2f} |\n", ++shown, severity_name(d.severity),
                         md::code_span(d.rule->id), md::escape(d.rule->title), d.score);
    }
    shown = 0;
    for (const auto& d : result.diagnoses) {
      if (options.top && shown >= options.top) break;
      out << fmt::format("\n### {}. {}\n\n{}\n\n**Fix**\n\n", ++shown, md::escape(d.rule->title),
                         summary_text(d.rule->cause, d.cause, d.captures));
      std::size_t from = 0;  // steps are filled from the templates in order (some may be left out)
      for (std::size_t i = 0; i < d.fix.size(); ++i) {
        std::string step;
        for (std::size_t k = from; k < d.rule->fix.size() && step.empty(); ++k) {
          step = md::rule_text(d.rule->fix[k], d.fix[i], d.captures);
          if (!step.empty()) from = k + 1;
        }
        out << fmt::format("{}. {}\n", i + 1, step.empty() ? md::code_span(d.fix[i]) : step);
      }
      std::string evidence;
      for (const auto& e : d.evidence)
        evidence += fmt::format("{}:{}: {}\n", result.inputs[e.input].name, e.line, e.text);
      const std::string fence = md::code_fence(evidence);
      out << "\n**Evidence**\n\n" << fence << "\n" << evidence << fence << "\n";
    }
  }
  if (!result.notes.empty()) {
    out << "\n**Notes**\n\n";
    for (const auto& note : result.notes) out << "- " << md::escape(note) << "\n";
  }
}

}  // namespace kdiag
