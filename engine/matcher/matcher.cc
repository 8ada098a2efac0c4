#include "matcher/matcher.h"

#include <stdexcept>

namespace kdiag {
namespace {

RE2::Options pattern_options() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  return options;
}

}  // namespace

Matcher::Matcher(const RuleSet& rules, bool use_sets) : rules_(rules), use_sets_(use_sets) {
  for (std::size_t r = 0; r < rules.rules.size(); ++r) {
    for (std::size_t s = 0; s < rules.rules[r].signatures.size(); ++s) {
      const Signature& sig = rules.rules[r].signatures[s];
      const std::size_t index = refs_.size();
      refs_.push_back({r, s});
      regexes_.push_back(nullptr);
      FieldGroup* group = nullptr;
      for (auto& g : groups_) {
        if (g.field == sig.field) group = &g;
      }
      if (!group) {
        groups_.push_back({sig.field, nullptr, {}});
        group = &groups_.back();
      }
      group->members.push_back(index);
    }
  }
  compiled_ = std::vector<std::once_flag>(refs_.size());
  sets_compiled_ = std::vector<std::once_flag>(groups_.size());
}

void Matcher::compile_set(FieldGroup& group) const {
  // Compiling the sets is most of kdiag's start-up; it happens when the first line arrives, so an
  // empty input, `rules list` or `explain` never pay for it.
  group.set = std::make_unique<RE2::Set>(pattern_options(), RE2::UNANCHORED);
  for (std::size_t index : group.members) {
    std::string error;
    if (group.set->Add(signature(index).pattern, &error) < 0) {
      // The loader validated every pattern; reaching this means the two disagree.
      const SignatureRef& ref = refs_[index];
      throw std::runtime_error("pattern of " + rules_.rules[ref.rule].id + "/" + signature(index).name +
                               " rejected: " + error);
    }
  }
  if (!group.set->Compile()) throw std::runtime_error("cannot compile the signature set for field " + group.field);
}

const RE2& Matcher::regex(std::size_t i) const {
  std::call_once(compiled_[i], [&] { regexes_[i] = std::make_unique<RE2>(signature(i).pattern, pattern_options()); });
  return *regexes_[i];
}

const Signature& Matcher::signature(std::size_t i) const {
  return rules_.rules[refs_[i].rule].signatures[refs_[i].signature];
}

std::vector<std::string> Matcher::patterns() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < refs_.size(); ++i) out.push_back(signature(i).pattern);
  return out;
}

void Matcher::check_one(std::size_t index, const std::string& text, const Event& event, std::vector<Hit>& hits) const {
  const Signature& sig = signature(index);
  if (!sig.dialect.empty() && sig.dialect != event.dialect) return;
  if (!sig.kind.empty() && sig.kind != event.kind) return;
  const RE2& re = regex(index);
  const int groups = re.NumberOfCapturingGroups();
  Hit hit;
  hit.signature = index;
  if (groups == 0 || re.NamedCapturingGroups().empty()) {
    // The set said yes; there is nothing to extract.
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

void Matcher::match(const Event& event, std::vector<Hit>& hits) const {
  std::vector<int>& matched = matched_scratch_;
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    FieldGroup& group = groups_[g];
    const std::string* text = event.get(group.field);
    if (!text) continue;
    matched.clear();
    bool any = false;
    if (use_sets_) {
      std::call_once(sets_compiled_[g], [&] { compile_set(group); });
      // Asking "any match?" first stops early and allocates nothing; most lines match nothing.
      RE2::Set::ErrorInfo info;
      any = group.set->Match(*text, nullptr, &info);
      if (!any && info.kind == RE2::Set::kNoError) continue;
      if (any && !group.set->Match(*text, &matched, &info) && info.kind != RE2::Set::kNoError) any = false;
    }
    if (!any) {
      // Sets off, or the DFA ran out of its memory budget on this line: one regex at a time, so a
      // hostile line costs time, never a missed diagnosis.
      matched.clear();
      for (std::size_t i = 0; i < group.members.size(); ++i) {
        if (RE2::PartialMatch(*text, regex(group.members[i]))) matched.push_back(static_cast<int>(i));
      }
    }
    for (int m : matched) check_one(group.members[static_cast<std::size_t>(m)], *text, event, hits);
  }
}

}  // namespace kdiag
