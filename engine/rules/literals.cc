#include "rules/literals.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>
#include <string_view>

#include <re2/filtered_re2.h>

#include "rules/literal_rarity.h"
#include "rules/pattern_options.h"

namespace kdiag {
namespace {

// The longest run of ASCII bytes in an atom: RE2 lowercases atoms with Unicode's case tables,
// while the scanner folds ASCII only, so a non-ASCII part of an atom could fail to match the
// line's own spelling ("Нет" against the atom "нет"). Any part of a required atom is required too.
std::string ascii_core(const std::string& atom) {
  std::string best, run;
  for (char c : atom) {
    if (static_cast<unsigned char>(c) < 0x80) {
      run += c;
      continue;
    }
    if (run.size() > best.size()) best = run;
    run.clear();
  }
  if (run.size() > best.size()) best = run;
  return best;
}

bool is_meta(char c) { return std::strchr("()[]{}|*+?.^$", c) != nullptr; }

// The pattern's characters with escapes resolved, and which of them stand for themselves.
struct PatternText {
  std::string text, lower;
  std::vector<bool> literal;
  explicit PatternText(const std::string& pattern) {
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      char c = pattern[i];
      bool plain = !is_meta(c);
      if (c == '\\' && i + 1 < pattern.size()) {
        c = pattern[++i];
        plain = !std::isalnum(static_cast<unsigned char>(c));  // \. is a dot; \d is not a d
      }
      text += c;
      lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      literal.push_back(plain);
    }
  }
  // Takes the occurrence text[at, at + size) into `spelled`, the spelling of all occurrences so
  // far: false when it is not literal text or is spelled unlike an earlier one.
  bool take(std::size_t at, std::size_t size, std::string& spelled) const {
    for (std::size_t k = at; k < at + size; ++k) {
      if (!literal[k]) return false;
    }
    const std::string here = text.substr(at, size);
    if (!spelled.empty() && here != spelled) return false;
    spelled = here;
    return true;
  }
  // How the pattern spells `piece` (lower-case ASCII): "" unless always the same way, as literal
  // text.
  std::string spelling(const std::string& piece) const {
    std::string spelled;
    for (std::size_t at = lower.find(piece); at != std::string::npos; at = lower.find(piece, at + 1)) {
      if (!take(at, piece.size(), spelled)) return {};
    }
    return spelled;
  }
};

// How a case-sensitive pattern spells a literal RE2 gave in lower case, so that compiler warnings
// ("warning: ") do not wake the regex of `(?:^|[\s>])WARNING: `. RE2's atom may reach across
// pattern parts (" warning: " from `[\s>]` and `WARNING: `); then the longest part of it that
// the pattern spells is taken (a part of a required literal is required), if it is no commoner
// in logs than the whole. Falls back to "(?i)" and the lower-case atom (matched ignoring case)
// when the pattern ignores case (text is null) or spells no such part in one way only.
std::string spelling_in(const PatternText* text, const std::string& core) {
  const std::string ignoring_case = std::string(kIgnoreCase) + core;
  if (!text) return ignoring_case;
  for (std::size_t length = core.size(); length >= kMinLiteralLength; --length) {
    for (std::size_t at = 0; at + length <= core.size(); ++at) {
      const std::string piece = core.substr(at, length);
      std::string spelled = text->spelling(piece);
      // Only when no commoner than the whole: "arch" of "-march" would wake on every path.
      if (!spelled.empty() && literal_commonness(piece) <= literal_commonness(core)) return spelled;
    }
  }
  return ignoring_case;
}

// How a case-sensitive pattern spells `piece`, searched with RE2's own (Unicode) case folding:
// RE2 lowered the atom's letters with Unicode's tables ("нет правила"). "" unless spelled one
// way only, as literal text.
std::string spelled_ignoring_case(const PatternText& text, const std::string& piece) {
  const RE2 search("(?i)" + RE2::QuoteMeta(piece));
  if (!search.ok()) return {};
  std::string spelled;
  std::size_t from = 0;
  re2::StringPiece match;
  while (from < text.text.size() && search.Match(text.text, from, text.text.size(), RE2::UNANCHORED, &match, 1)) {
    const std::size_t at = static_cast<std::size_t>(match.data() - text.text.data());
    if (!text.take(at, match.size(), spelled)) return {};
    from = at + std::max<std::size_t>(match.size(), 1);
  }
  return spelled;
}

// The longest part of a non-ASCII atom that a case-sensitive pattern spells: the whole of
// "нет правила для сборки цели" is not in the pattern as written (it says "Нет"), and
// "没有规则可制作目标" comes from `没有规则可(?:制作|以创建)目标`; "ет правила для сборки цели" and
// "没有规则可" are. The whole atom is tried first; then parts, ending on UTF-8 character
// boundaries, of which only those that occur in the pattern byte for byte are checked with RE2.
std::string unicode_spelling(const PatternText& text, const std::string& atom) {
  if (std::string whole = spelled_ignoring_case(text, atom); !whole.empty()) return whole;
  std::vector<std::size_t> starts;  // character boundaries
  for (std::size_t i = 0; i < atom.size(); ++i) {
    if ((static_cast<unsigned char>(atom[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(atom.size());
  const std::size_t chars = starts.size() - 1;
  for (std::size_t length = chars; length > 0; --length) {
    for (std::size_t first = 0; first + length <= chars; ++first) {
      const std::string part = atom.substr(starts[first], starts[first + length] - starts[first]);
      if (part.size() < kMinLiteralLength || text.text.find(part) == std::string::npos) continue;
      std::string spelled = spelled_ignoring_case(text, part);
      if (!spelled.empty()) return spelled;
    }
  }
  return {};
}

// Whether the pattern has a character class with a letter in it ([Ff], [Ee]rror, [a-f]): RE2
// folds such a class into its lower-case atom, and the pattern's text does not spell the letter,
// so the atom could be taken as spelled by another part of the pattern ("loaded firmware
// version|[Ff]irmware version" would give "firmware version" and miss "Firmware version").
bool has_letter_class(const std::string& pattern) {
  bool in_class = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      // An escape: \[ starts no class; in a class, \w \W \S \D \p... stand for letters too.
      ++i;
      if (in_class && i < pattern.size() && std::strchr("wWSDpP", pattern[i]) != nullptr) return true;
      continue;
    }
    if (!in_class && c == '[') {
      in_class = true;
    } else if (in_class && c == ']') {
      in_class = false;
    } else if (in_class && std::isalpha(static_cast<unsigned char>(c))) {
      return true;
    }
  }
  return false;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Whether every line that holds `longer` (as it is matched) holds `shorter` too.
bool implied_by(const std::string& shorter, const std::string& longer) {
  const bool shorter_folded = shorter.starts_with(kIgnoreCase), longer_folded = longer.starts_with(kIgnoreCase);
  if (shorter_folded) return lower(longer).find(shorter.substr(kIgnoreCase.size())) != std::string::npos;
  return !longer_folded && longer.find(shorter) != std::string::npos;
}

constexpr std::size_t kMaxLiteralLength = 64;

// At most max bytes of text, not ending inside a UTF-8 sequence.
std::string utf8_prefix(const std::string& text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}
constexpr std::size_t kMaxAtomsToReduce = 256;

}  // namespace

std::vector<std::string> required_literals(const std::string& pattern) {
  re2::FilteredRE2 filter(static_cast<int>(kMinLiteralLength));
  int id = 0;
  if (filter.Add(pattern, signature_pattern_options(), &id) != RE2::NoError) return {};
  std::vector<std::string> atoms;
  filter.Compile(&atoms);
  if (atoms.empty()) return {};

  // What stands for each atom in the scanner: the pattern's own spelling of the whole atom when
  // it has non-ASCII letters and the pattern is case-sensitive ("没有规则可制作目标",
  // "Нет правила"), else its ASCII part (spelling_in). "" when nothing can. The pattern's text is
  // read once, and only for a case-sensitive pattern (a pattern of many kilobytes is a user's
  // list of alternatives: not worth the search, its literals ignore case).
  std::unique_ptr<const PatternText> text;
  if (pattern.find("(?i") == std::string::npos && pattern.size() <= 4096 && !has_letter_class(pattern)) {
    text = std::make_unique<const PatternText>(pattern);
  }
  std::vector<std::string> forms(atoms.size());
  std::vector<int> usable;
  for (std::size_t i = 0; i < atoms.size(); ++i) {
    const bool ascii =
        std::all_of(atoms[i].begin(), atoms[i].end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (!ascii && text) {
      // A part of a required atom is required too: a long one is cut to its start, at a
      // character's boundary (the literal is printed by `kdiag rules patterns --literals`).
      forms[i] = utf8_prefix(unicode_spelling(*text, atoms[i]), kMaxLiteralLength);
    }
    if (forms[i].size() < kMinLiteralLength) {
      const std::string core = ascii_core(atoms[i]).substr(0, kMaxLiteralLength);
      forms[i] = core.size() >= kMinLiteralLength ? spelling_in(text.get(), core) : std::string();
    }
    if (!forms[i].empty()) usable.push_back(static_cast<int>(i));
  }
  // RE2's prefilter is an AND/OR formula over the atoms, monotone in which atoms a line holds.
  // A set S of atoms is required (every match holds one of S) exactly when the formula is false
  // with every atom outside S present: then no line without an atom of S can pass it.
  auto commonness = [&](int i) {
    std::string_view form = forms[static_cast<std::size_t>(i)];
    if (form.starts_with(kIgnoreCase)) form.remove_prefix(kIgnoreCase.size());
    return literal_commonness(lower(std::string(form)));
  };
  auto passes_without = [&](const std::vector<int>& required) {
    std::vector<bool> absent(atoms.size(), false);
    for (int r : required) absent[static_cast<std::size_t>(r)] = true;
    std::vector<int> present;
    for (std::size_t i = 0; i < atoms.size(); ++i) {
      if (!absent[i]) present.push_back(static_cast<int>(i));
    }
    std::vector<int> potentials;
    filter.AllPotentials(present, &potentials);
    return !potentials.empty();
  };
  if (usable.empty() || passes_without(usable)) return {};

  // Drop what is not needed, commonest first: "warning: " would wake the regex on every compiler
  // warning, where "still has locks held!" from the same branch wakes it almost never.
  std::stable_sort(usable.begin(), usable.end(), [&](int a, int b) {
    const int ca = commonness(a), cb = commonness(b);
    return ca != cb ? ca > cb : forms[a].size() < forms[b].size();
  });
  std::vector<int> required = usable;
  // Each try costs a pass over the atoms: a pattern of thousands of alternatives (a user's pack)
  // keeps them all rather than spend seconds loading.
  for (int candidate : usable.size() <= kMaxAtomsToReduce ? usable : std::vector<int>{}) {
    std::vector<int> without;
    for (int r : required) {
      if (r != candidate) without.push_back(r);
    }
    if (!without.empty() && !passes_without(without)) required = std::move(without);
  }

  std::vector<std::string> literals;
  for (int r : required) literals.push_back(forms[static_cast<std::size_t>(r)]);
  std::sort(literals.begin(), literals.end());
  literals.erase(std::unique(literals.begin(), literals.end()), literals.end());
  // A literal found wherever another is adds nothing to it: drop the other.
  std::vector<std::string> minimal;
  for (const auto& l : literals) {
    const bool covered = std::any_of(literals.begin(), literals.end(),
                                     [&](const std::string& other) { return other != l && implied_by(other, l); });
    if (!covered) minimal.push_back(l);
  }
  return minimal;
}

bool has_ascii_folding_character(const std::string& line) {
  // Two memchr-driven searches: far cheaper than looking at every byte in a loop of our own.
  return line.find("\xC5\xBF") != std::string::npos || line.find("\xE2\x84\xAA") != std::string::npos;
}

}  // namespace kdiag
