#pragma once
// Markdown for the GitHub step summary (CommonMark, with GitHub's extensions: tables, strikethrough,
// autolinks, math). What kdiag shows there is data: rule text is escaped so it reads as written,
// and text taken from a log (captures, input names) goes into code spans, where nothing is markup,
// link or HTML. Header-only: a few small functions, used by the github renderer and its tests.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>

#include "matcher/matcher.h"

namespace kdiag::markdown {

// The longest run of backticks in text.
inline std::size_t longest_backtick_run(std::string_view text) {
  std::size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

// text as inline Markdown that shows exactly these characters: the ASCII punctuation that can
// start markup (emphasis, links, images, code, headings, lists, tables, strikethrough, math) is
// backslash-escaped, '<' '>' '&' become entities (no raw HTML, no autolinks in angle brackets),
// and line breaks become spaces (the text stays inside its list item, cell or paragraph).
inline std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\n':
      case '\r': out += ' '; break;
      default:
        if (std::string_view("\\`*_{}[]()#+-!|~$=").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
  }
  return out;
}

// text as a code span: its characters shown literally, whatever they are. The delimiters are a
// run of backticks longer than any inside the text (CommonMark 6.1); a space pads text that
// begins or ends with a backtick, or both begins and ends with a space (one is stripped on each
// side when shown). Line breaks become spaces; empty text gives "".
inline std::string code_span(std::string_view text) {
  std::string body(text);
  std::replace(body.begin(), body.end(), '\n', ' ');
  std::replace(body.begin(), body.end(), '\r', ' ');
  if (body.empty()) return "";
  const std::string fence(longest_backtick_run(body) + 1, '`');
  const bool pad =
      body.front() == '`' || body.back() == '`' || (body.size() > 1 && body.front() == ' ' && body.back() == ' ');
  return pad ? fence + " " + body + " " + fence : fence + body + fence;
}

// The fence of a fenced code block that holds text: three backticks, or more than any run in it
// (a line of the text can then never close the block).
inline std::string code_fence(std::string_view text) {
  return std::string(std::max<std::size_t>(3, longest_backtick_run(text) + 1), '`');
}

// A rule's text (a fix step, the cause) as Markdown, from the template it was filled from
// (Rule::fix, Rule::cause) and the diagnosis's captures. The template's own words are escaped,
// its `quoted commands` stay code spans, and each "{name}" is the captured value as a code span
// ("<name>", escaped, when the log did not reveal it). The template is the one that gave filled
// only when filling it the scorer's way (scorer/scorer.h fill_placeholders) gives filled again;
// otherwise returns "" and the caller shows filled as one code span.
inline std::string rule_text(std::string_view tmpl, std::string_view filled, const Captures& captures) {
  const auto is_name = [](std::string_view name) {
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
  };
  std::string plain, md, code;  // code: the text of the `code span` being read
  bool in_code = false;
  for (std::size_t i = 0; i < tmpl.size();) {
    const char c = tmpl[i];
    if (c == '`' && (in_code || tmpl.find('`', i + 1) != std::string_view::npos)) {
      if (in_code) md += code_span(code);
      code.clear();
      in_code = !in_code;
      plain += c;
      ++i;
      continue;
    }
    if (c == '{' && (i == 0 || tmpl[i - 1] != '$')) {
      const auto close = tmpl.find('}', i + 1);
      const std::string_view name = close == std::string_view::npos ? "" : tmpl.substr(i + 1, close - i - 1);
      if (is_name(name)) {
        const std::string* value = nullptr;
        for (const auto& [k, v] : captures) {
          if (k == name) {
            value = &v;
            break;
          }
        }
        const std::string shown = value ? *value : "<" + std::string(name) + ">";
        plain += shown;
        if (in_code) code += shown;
        else md += value ? code_span(shown) : escape(shown);
        i = close + 1;
        continue;
      }
    }
    plain += c;
    if (in_code) code += c;
    else md += escape(std::string_view(&tmpl[i], 1));
    ++i;
  }
  return plain == filled ? md : std::string();
}

}  // namespace kdiag::markdown
