// --format text: for people at a terminal. The deepest cause first, why it happened, the lines
// that prove it and the steps that fix it.
#include <cstdio>

#include <fmt/format.h>

#include "reader/utf8.h"
#include "render/renderer.h"
#include "render/style.h"
#include "render/terminal_text.h"
#include "render/wrap.h"

namespace kdiag {
namespace {

struct Palette {
  bool on;
  std::string paint(Tone tone, std::string_view text) const { return kdiag::paint(on, tone, text); }
  std::string severity(Severity s) const {
    switch (s) {
      case Severity::error: return paint(Tone::error, "ERROR  ");
      case Severity::warning: return paint(Tone::warning, "WARNING");
      case Severity::info: return paint(Tone::info, "INFO   ");
      case Severity::none: break;
    }
    return "       ";
  }
};

// Everything below that comes from a log, a rule pack or a file name goes through safe().
std::string safe(std::string_view text) { return terminal_safe(text); }
std::string safe_prose(std::string_view text) { return terminal_safe(text, true); }

void render_diagnosis(const Diagnosis& d, std::size_t rank, const Result& result, const Palette& p, bool explain,
                      std::ostream& out) {
  out << fmt::format("{:>2}. {} {}  {}\n", rank, p.severity(d.severity), p.paint(Tone::heading, safe(d.rule->id)),
                     p.paint(Tone::quiet, fmt::format("score {:.2f}", d.score)));
  out << wrap_text(safe_prose(d.rule->title), 4);
  out << "\n    " << p.paint(Tone::heading, "Why") << "\n" << wrap_text(safe_prose(d.cause), 6);
  out << "\n    " << p.paint(Tone::heading, "Evidence") << "\n";
  for (const auto& e : d.evidence) {
    const std::string where = fmt::format("{}:{}", safe(result.inputs[e.input].name), e.line);
    std::string text = e.text;
    if (text.size() > 200) text = std::string(utf8_prefix(text, 197)) + "...";  // never half a character
    text = safe(text);
    out << fmt::format("      {}  {}\n", p.paint(Tone::quiet, where), text);
  }
  out << "\n    " << p.paint(Tone::heading, "Fix") << "\n";
  for (std::size_t i = 0; i < d.fix.size(); ++i) {
    const std::string body = wrap_text(safe_prose(d.fix[i]), 9);
    out << fmt::format("      {}.", i + 1) << body.substr(std::min<std::size_t>(body.size(), 8));
  }
  if (!d.rule->references.empty()) {
    out << "\n    " << p.paint(Tone::heading, "References") << "\n";
    for (const auto& r : d.rule->references) out << "      " << safe(r) << "\n";
  }
  if (explain) {
    out << "\n    " << p.paint(Tone::quiet, "signatures hit: ");
    for (std::size_t i = 0; i < d.signatures_hit.size(); ++i) out << (i ? ", " : "") << safe(d.signatures_hit[i]);
    out << "  (" << safe(d.rule->pack) << ", " << safe(d.rule->mark.str()) << ")\n";
  }
  out << "\n";
}

}  // namespace

void render_text(const Result& result, const RenderOptions& options, std::ostream& out) {
  const Palette p{options.color};
  std::size_t lines = 0;
  for (const auto& in : result.inputs) lines += in.lines;
  const std::size_t shown = options.top ? std::min(options.top, result.diagnoses.size()) : result.diagnoses.size();
  out << p.paint(Tone::heading, options.heading_tool.empty() ? "kdiag" : safe(options.heading_tool)) << ": ";
  if (options.heading_subject.empty()) {
    out << fmt::format("{} input{}, {} line{} read; ", result.inputs.size(), result.inputs.size() == 1 ? "" : "s",
                       lines, lines == 1 ? "" : "s");
  } else {
    out << safe(options.heading_subject) << "; ";
  }
  if (options.findings && !result.diagnoses.empty()) {
    out << fmt::format("{} finding{}.\n\n", result.diagnoses.size(), result.diagnoses.size() == 1 ? "" : "s");
  } else if (result.diagnoses.empty()) {
    out << "no known cause found.\n";
    out << "  Nothing in the log matched kdiag's knowledge base. Run with --explain to see partial matches,\n"
           "  or pass the complete log (make V=1 output, the whole dmesg) rather than an excerpt.\n";
  } else {
    out << fmt::format("{} diagnos{}", result.diagnoses.size(), result.diagnoses.size() == 1 ? "is" : "es");
    if (shown < result.diagnoses.size()) out << fmt::format(" (showing the top {})", shown);
    out << ".\n\n";
  }
  for (std::size_t i = 0; i < shown; ++i) render_diagnosis(result.diagnoses[i], i + 1, result, p, options.explain, out);
  for (const auto& note : result.notes) out << p.paint(Tone::quiet, "note: " + safe(note)) << "\n";
  if (options.explain) {
    out << p.paint(Tone::heading, fmt::format("Runner-up margin: {:.2f}", result.margin)) << "\n";
    if (!result.suppressed.empty()) {
      out << "\n" << p.paint(Tone::heading, "Explained by a deeper cause (suppressed):") << "\n";
      for (const auto& d : result.suppressed) {
        out << fmt::format("  - {} (score {:.2f}) suppressed by {}\n", safe(d.rule->id), d.score,
                           safe(d.suppressed_by));
      }
    }
    if (!result.near_misses.empty()) {
      out << "\n" << p.paint(Tone::heading, "Near misses (some evidence, condition not met):") << "\n";
      for (const auto& d : result.near_misses) {
        out << fmt::format("  - {}: hit ", safe(d.rule->id));
        for (std::size_t i = 0; i < d.signatures_hit.size(); ++i) out << (i ? ", " : "") << safe(d.signatures_hit[i]);
        out << "; condition: " << safe(d.rule->condition_text) << "\n";
      }
    }
  }
}

std::string wrap_text(std::string_view text, std::size_t indent, std::size_t width) {
  std::string out, line;
  std::size_t i = 0;
  const std::string pad(indent, ' ');
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n')) ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ' && text[j] != '\n') ++j;
    if (j == i) break;
    const std::string_view word = text.substr(i, j - i);
    if (!line.empty() && line.size() + 1 + word.size() + indent > width) {
      out += pad + line + "\n";
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
    i = j;
  }
  if (!line.empty()) out += pad + line + "\n";
  return out;
}

}  // namespace kdiag
