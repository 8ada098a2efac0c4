#include "matcher/matcher.h"

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

#include "rules/literals.h"
#include "rules/pattern_options.h"

namespace kdiag {

Matcher::Matcher(const RuleTable& table, Options options) : table_(table), options_(options) {
  regexes_.resize(table.size());
  for (std::size_t index = 0; index < table.size(); ++index) {
    const Signature& sig = table.signature(index);
    FieldGroup* group = nullptr;
    for (auto& g : groups_) {
      if (g.field == sig.field) group = &g;
    }
    if (!group) {
      groups_.emplace_back();
      group = &groups_.back();
      group->field = sig.field;
    }
    group->members.push_back(index);
  }
  compiled_ = std::vector<std::once_flag>(table.size());
  prepared_ = std::vector<std::once_flag>(groups_.size());
  full_compiled_ = std::vector<std::once_flag>(groups_.size());
}

MatchScratch Matcher::new_scratch() const {
  MatchScratch scratch;
  scratch.groups.resize(groups_.size());
  for (std::size_t g = 0; g < groups_.size(); ++g) scratch.groups[g].seen.assign(groups_[g].members.size(), 0);
  return scratch;
}

void Matcher::prepare(FieldGroup& group) const {
  // Happens when the group's first line arrives, so an empty input, `rules list` or `explain`
  // never pay for it; it costs well under a millisecond for the built-in packs.
  std::vector<std::string> literals;
  std::unordered_map<std::string, std::uint32_t> literal_ids;
  for (std::uint32_t m = 0; m < group.members.size(); ++m) {
    const Signature& sig = signature(group.members[m]);
    if (sig.literals.empty()) {
      group.unfiltered.push_back(m);
      continue;
    }
    group.filtered.push_back(m);
    for (const auto& literal : sig.literals) {
      const auto [at, added] = literal_ids.emplace(literal, static_cast<std::uint32_t>(literals.size()));
      if (added) {
        literals.push_back(literal);
        group.literal_members.emplace_back();
      }
      group.literal_members[at->second].push_back(m);
    }
  }
  group.scanner = std::make_unique<LiteralScanner>(literals);
  if (!group.unfiltered.empty()) group.unfiltered_set = compile_set(group, group.unfiltered);
}

std::unique_ptr<RE2::Set> Matcher::compile_set(const FieldGroup& group,
                                               const std::vector<std::uint32_t>& members) const {
  auto set = std::make_unique<RE2::Set>(signature_pattern_options(), RE2::UNANCHORED);
  for (std::uint32_t m : members) {
    std::string error;
    if (set->Add(signature(group.members[m]).pattern, &error) < 0) {
      // The loader validated every pattern; reaching this means the two disagree.
      throw std::runtime_error("pattern of " + table_.rule_of(group.members[m]).id + "/" +
                               signature(group.members[m]).name + " rejected: " + error);
    }
  }
  if (!set->Compile()) return nullptr;
  return set;
}

void Matcher::compile_full_set(std::size_t g) const {
  std::call_once(full_compiled_[g], [&] {
    FieldGroup& group = groups_[g];
    std::vector<std::uint32_t> all(group.members.size());
    for (std::uint32_t m = 0; m < all.size(); ++m) all[m] = m;
    group.full_set = compile_set(group, all);
  });
}

bool Matcher::set_matches(const RE2::Set& set, const std::string& text, std::vector<int>& matched) {
  matched.clear();
  RE2::Set::ErrorInfo info;
  // "Any match?" first: it stops early and allocates nothing, and most lines match nothing.
  if (!set.Match(text, nullptr, &info) && info.kind == RE2::Set::kNoError) return true;
  if (!set.Match(text, &matched, &info) && info.kind != RE2::Set::kNoError) return false;
  std::sort(matched.begin(), matched.end());
  return true;
}

void Matcher::match_full_set(const FieldGroup& group, const std::string& text, const Event& event,
                             std::vector<Hit>& hits, MatchScratch& scratch) const {
  if (!set_matches(*group.full_set, text, scratch.matched)) {
    // The DFA ran out of its memory budget on this line: one regex at a time, so a hostile line
    // costs time, never a missed diagnosis.
    for (std::size_t member : group.members) check_one(member, text, event, false, hits);
    return;
  }
  for (int m : scratch.matched) check_one(group.members[static_cast<std::size_t>(m)], text, event, true, hits);
}

const RE2& Matcher::regex(std::size_t i) const {
  std::call_once(compiled_[i],
                 [&] { regexes_[i] = std::make_unique<RE2>(signature(i).pattern, signature_pattern_options()); });
  return *regexes_[i];
}

std::vector<std::string> Matcher::set_problems() const {
  std::vector<std::string> problems;
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    FieldGroup& group = groups_[g];
    std::call_once(prepared_[g], [&] { prepare(group); });
    compile_full_set(g);
    if (!group.unfiltered.empty() && !group.unfiltered_set) {
      problems.push_back("field '" + group.field + "': the set of its signatures without a literal does not compile " +
                         "within RE2's memory budget: they will be tried one by one on every line (slow)");
    }
    if (!group.full_set) {
      problems.push_back("field '" + group.field + "': the set of all its signatures does not compile within " +
                         "RE2's memory budget: logs past 8 MiB will go on through the literal scanner (slower)");
    }
  }
  return problems;
}

std::vector<std::string> Matcher::patterns() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < table_.size(); ++i) out.push_back(signature(i).pattern);
  return out;
}

void Matcher::check_one(std::size_t index, const std::string& text, const Event& event, bool verified,
                        std::vector<Hit>& hits) const {
  const Signature& sig = signature(index);
  // The filters first: they are free, and a regex never needed is never compiled.
  if (!sig.dialect.empty() && sig.dialect != event.dialect) return;
  if (event.quoted && sig.dialect != event.dialect) return;  // a command's text, not its output
  if (!sig.kind.empty() && sig.kind != event.kind) return;
  const RE2& re = regex(index);
  Hit hit;
  hit.signature = index;
  const int groups = re.NumberOfCapturingGroups();
  if (groups == 0 || re.NamedCapturingGroups().empty()) {
    if (!verified && !re.Match(text, 0, text.size(), RE2::UNANCHORED, nullptr, 0)) return;
    hits.push_back(std::move(hit));
    return;
  }
  std::vector<re2::StringPiece> sub(static_cast<std::size_t>(groups) + 1);
  if (!re.Match(text, 0, text.size(), RE2::UNANCHORED, sub.data(), static_cast<int>(sub.size()))) return;
  for (const auto& [name, position] : re.NamedCapturingGroups()) {
    const auto& piece = sub[static_cast<std::size_t>(position)];
    if (piece.data() != nullptr) hit.captures.emplace_back(name, std::string(piece.data(), piece.size()));
  }
  hits.push_back(std::move(hit));
}

void Matcher::propose(MatchScratch& scratch, MatchScratch::Group& state, std::uint32_t member, bool verified) {
  if (state.seen[member] == state.line) return;
  state.seen[member] = state.line;
  scratch.candidates.push_back({member, verified});
}

void Matcher::match(const Event& event, std::vector<Hit>& hits, MatchScratch& scratch) const {
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    FieldGroup& group = groups_[g];
    MatchScratch::Group& state = scratch.groups[g];
    const std::string* text = event.get(group.field);
    if (!text) continue;
    if (!options_.use_sets) {
      for (std::size_t member : group.members) check_one(member, *text, event, false, hits);
      continue;
    }
    if (state.bytes >= options_.full_set_after_bytes) {
      compile_full_set(g);
      // Without a full set (RE2 refused it), the literal scanner goes on: never no report.
      if (group.full_set) {
        match_full_set(group, *text, event, hits, scratch);
        continue;
      }
    }
    state.bytes += text->size();
    std::call_once(prepared_[g], [&] { prepare(group); });
    if (++state.line == 0) {  // the stamps wrapped around: forget them all
      std::fill(state.seen.begin(), state.seen.end(), 0);
      state.line = 1;
    }
    scratch.candidates.clear();
    group.scanner->scan(*text, [&](std::uint32_t literal) {
      for (std::uint32_t m : group.literal_members[literal]) propose(scratch, state, m, false);
    });
    if (has_ascii_folding_character(*text)) {
      // A case-insensitive pattern may match this line without its ASCII literal (literals.h).
      for (std::uint32_t m : group.filtered) propose(scratch, state, m, false);
    }
    if (!group.unfiltered.empty() && !group.unfiltered_set) {
      for (std::uint32_t m : group.unfiltered) propose(scratch, state, m, false);  // no set: one by one
    } else if (group.unfiltered_set) {
      if (set_matches(*group.unfiltered_set, *text, scratch.matched)) {
        for (int i : scratch.matched) propose(scratch, state, group.unfiltered[static_cast<std::size_t>(i)], true);
      } else {
        for (std::uint32_t m : group.unfiltered) propose(scratch, state, m, false);  // DFA out of memory, as above
      }
    }
    // Member order is signature order: hits come out as the reference path gives them.
    std::sort(scratch.candidates.begin(), scratch.candidates.end(),
              [](const MatchScratch::Candidate& a, const MatchScratch::Candidate& b) { return a.member < b.member; });
    for (const auto& c : scratch.candidates) check_one(group.members[c.member], *text, event, c.verified, hits);
  }
}

}  // namespace kdiag
