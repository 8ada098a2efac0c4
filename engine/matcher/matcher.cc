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

Matcher::Matcher(const RuleSet& rules) : rules_(rules) {
  const RE2::Options options = pattern_options();
  for (std::size_t r = 0; r < rules.rules.size(); ++r) {
    for (std::size_t s = 0; s < rules.rules[r].signatures.size(); ++s) {
      const Signature& sig = rules.rules[r].signatures[s];
      const std::size_t index = refs_.size();
      refs_.push_back({r, s});
      regexes_.push_back(std::make_unique<RE2>(sig.pattern, options));
      FieldGroup* group = nullptr;
      for (auto& g : groups_) {
        if (g.field == sig.field) group = &g;
      }
      if (!group) {
        groups_.push_back({sig.field, std::make_unique<RE2::Set>(options, RE2::UNANCHORED), {}});
        group = &groups_.back();
      }
      std::string error;
      if (group->set->Add(sig.pattern, &error) < 0) {
        // The loader validated every pattern; reaching this means the two disagree.
        throw std::runtime_error("pattern of " + rules.rules[r].id + "/" + sig.name + " rejected: " + error);
      }
      group->members.push_back(index);
    }
  }
  for (auto& g : groups_) {
    if (!g.set->Compile()) throw std::runtime_error("cannot compile the signature set for field " + g.field);
  }
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
  const RE2& re = *regexes_[index];
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
  std::vector<int> matched;
  for (const auto& group : groups_) {
    const std::string* text = event.get(group.field);
    if (!text) continue;
    matched.clear();
    RE2::Set::ErrorInfo info;
    if (!group.set->Match(*text, &matched, &info) && info.kind != RE2::Set::kNoError) {
      // The DFA ran out of its memory budget on this line: fall back to one regex at a time, so a
      // hostile line costs time, never a missed diagnosis.
      for (std::size_t i = 0; i < group.members.size(); ++i) {
        if (RE2::PartialMatch(*text, *regexes_[group.members[i]])) matched.push_back(static_cast<int>(i));
      }
    }
    for (int m : matched) check_one(group.members[static_cast<std::size_t>(m)], *text, event, hits);
  }
}

}  // namespace kdiag
