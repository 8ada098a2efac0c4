#include "scorer/scorer.h"

#include <algorithm>
#include <map>

namespace kdiag {
namespace {

constexpr std::size_t kEvidencePerDiagnosis = 8;

int rank_class(const Diagnosis& d) { return d.severity == Severity::info ? 0 : 1; }

// A cause that explains another fired failure (the panic, the failed make target...) is anchored
// in the story of the log; a finding that explains nothing that happened (a peripheral's
// firmware in a boot that died of something else) ranks after it, whatever its score.
int anchored(const Diagnosis& d) { return d.explains.empty() ? 0 : 1; }

// A failure confined to one device (rule scope: device) ranks after one that stopped the run.
int run_wide(const Diagnosis& d) { return d.rule && d.rule->device_scope ? 0 : 1; }

bool better(const Diagnosis& a, const Diagnosis& b) {
  if (rank_class(a) != rank_class(b)) return rank_class(a) > rank_class(b);
  if (anchored(a) != anchored(b)) return anchored(a) > anchored(b);
  if (run_wide(a) != run_wide(b)) return run_wide(a) > run_wide(b);
  if (a.score != b.score) return a.score > b.score;
  if (a.severity != b.severity) return a.severity > b.severity;
  const auto first = [](const Diagnosis& d) { return d.evidence.empty() ? SIZE_MAX : d.evidence.front().ordinal; };
  if (first(a) != first(b)) return first(a) < first(b);  // the earlier failure is the likelier cause
  return a.rule->id < b.rule->id;
}

void collect_windows(const Condition& c, std::vector<const Condition*>& out) {
  if (c.op == Condition::Op::within) out.push_back(&c);
  if (c.left) collect_windows(*c.left, out);
  if (c.right) collect_windows(*c.right, out);
}

}  // namespace

void watch_windows(const RuleTable& table, EvidenceBook& book) {
  const auto& rules = table.rules().rules;
  for (std::size_t r = 0; r < rules.size(); ++r) {
    const Rule& rule = rules[r];
    if (!rule.condition) continue;
    std::vector<const Condition*> windows;
    collect_windows(*rule.condition, windows);
    if (rule.demote) collect_windows(*rule.demote, windows);
    // The loader guarantees that the names exist.
    for (const Condition* w : windows) book.watch_window(table.find(r, w->a), table.find(r, w->b), w->n, w->value);
  }
}

// A filled-in fix step or cause is cut here: the text a pack wrote can be long, the values it
// repeats must not multiply it.
constexpr std::size_t kMaxFilledBytes = 16 << 10;

std::string fill_placeholders(const std::string& text, const Captures& captures,
                              const std::vector<std::string>& capture_names) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '{' && (i == 0 || text[i - 1] != '$')) {
      const auto close = text.find('}', i + 1);
      if (close != std::string::npos) {
        const std::string name = text.substr(i + 1, close - i - 1);
        const bool defined = std::find(capture_names.begin(), capture_names.end(), name) != capture_names.end();
        if (defined) {
          std::string value = "<" + name + ">";
          for (const auto& [k, v] : captures) {
            if (k == name) {
              value = v;
              break;
            }
          }
          // A capture is at most an excerpt (EvidenceBook::kMaxExcerptBytes), but a pack may
          // repeat it thousands of times: the filled text has a bound of its own.
          if (out.size() + value.size() > kMaxFilledBytes) {
            out += " [...cut: the filled-in text is longer than the limit]";
            return out;
          }
          out += value;
          i = close + 1;
          continue;
        }
      }
    }
    out.push_back(text[i++]);
  }
  return out;
}

Result score(const RuleTable& table, const EvidenceBook& book, const std::vector<InputPosition>& positions,
             std::vector<InputInfo> inputs) {
  Result result;
  result.inputs = std::move(inputs);
  const RuleSet& rules = table.rules();

  std::vector<Diagnosis> fired;
  for (std::size_t r = 0; r < rules.rules.size(); ++r) {
    const Rule& rule = rules.rules[r];
    std::map<std::string, SignatureFacts> facts;
    std::map<std::string, std::size_t> index_of;
    Diagnosis d;
    d.rule = &rule;
    double miss = 1.0;
    std::vector<std::pair<std::size_t, std::pair<std::string, std::string>>> seen_captures;
    bool any_hit = false;
    for (std::size_t i = table.first(r); i < table.end(r); ++i) {
      const Signature& sig = table.signature(i);
      const SignatureStats& s = book.at(i);
      SignatureFacts f;
      f.count = s.count;
      f.first_ordinal = s.first_ordinal;
      f.last_ordinal = s.last_ordinal;
      if (s.count > 0) {
        f.lines_after_last = positions[s.last_input].nonblank_lines - s.last_nonblank_index;
        any_hit = true;
        miss *= 1.0 - sig.weight;
        d.signatures_hit.push_back(sig.name);
        for (const auto& e : s.samples) d.evidence.push_back(e);
        d.evidence.push_back(s.last_sample);
        for (std::size_t k = 0; k < s.captures.size(); ++k) {
          seen_captures.push_back({s.capture_ordinals[k], s.captures[k]});
        }
      }
      facts[sig.name] = f;
      index_of[sig.name] = i;
    }
    if (!any_hit) continue;
    const std::vector<std::string> names = capture_names(rule);
    struct Lookup {
      std::map<std::string, SignatureFacts>& facts;
      const std::map<std::string, std::size_t>& index_of;
      const EvidenceBook& book;
      const SignatureFacts& operator()(const std::string& name) const { return facts[name]; }
      bool within(const std::string& a, const std::string& b, std::size_t lines, const std::string& key) const {
        return book.window_seen(index_of.at(a), index_of.at(b), lines, key);
      }
      const std::string* capture(const std::string& sig, const std::string& name) const {
        for (const auto& [k, v] : book.at(index_of.at(sig)).captures) {
          if (k == name) return &v;
        }
        return nullptr;
      }
    };
    const Lookup lookup{facts, index_of, book};
    const bool fires = rule.condition ? evaluate(*rule.condition, lookup) : true;
    // A wrapped line read joined (reader/wrap.h) carries its last piece's ordinal and its first
    // piece's line: at one ordinal the line as printed (the higher line number) comes first and
    // stays. Stable, so that the result does not depend on the standard library's sort.
    std::stable_sort(d.evidence.begin(), d.evidence.end(), [](const EvidenceLine& a, const EvidenceLine& b) {
      return a.ordinal != b.ordinal ? a.ordinal < b.ordinal : a.line > b.line;
    });
    d.evidence.erase(std::unique(d.evidence.begin(), d.evidence.end(),
                                 [](const EvidenceLine& a, const EvidenceLine& b) { return a.ordinal == b.ordinal; }),
                     d.evidence.end());
    if (d.evidence.size() > kEvidencePerDiagnosis) {
      // Keep the first lines and the very last: the start of a failure and where the log ends.
      EvidenceLine last = d.evidence.back();
      d.evidence.resize(kEvidencePerDiagnosis - 1);
      d.evidence.push_back(std::move(last));
    }
    // The earliest value of each capture in the log wins, whichever signature saw it.
    std::stable_sort(seen_captures.begin(), seen_captures.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [ordinal, capture] : seen_captures) {
      bool known = false;
      for (const auto& [have, _] : d.captures) known = known || have == capture.first;
      if (!known) d.captures.push_back(capture);
    }
    d.cause = fill_placeholders(rule.cause, d.captures, names);
    // Fix steps and suppresses entries may each carry a condition (none: always).
    const auto holds = [&](const std::vector<ConditionPtr>& conditions, std::size_t k) {
      return k >= conditions.size() || !conditions[k] || evaluate(*conditions[k], lookup);
    };
    for (std::size_t k = 0; k < rule.fix.size(); ++k) {
      if (!holds(rule.fix_conditions, k)) continue;  // a step for another situation
      d.fix.push_back(fill_placeholders(rule.fix[k], d.captures, names));
    }
    for (std::size_t k = 0; k < rule.suppresses.size(); ++k) {
      if (holds(rule.suppress_conditions, k)) d.suppresses.push_back(rule.suppresses[k]);
    }
    d.severity = rule.severity;
    if (rule.demote && evaluate(*rule.demote, lookup)) {
      d.severity = Severity::info;
      d.cause += " Reported as a notice, not as the failure: " + rule.demote_because;
    }
    if (!fires) {
      result.near_misses.push_back(std::move(d));
      continue;
    }
    d.score = 1.0 - miss;
    fired.push_back(std::move(d));
  }

  // A cause that explains a symptom removes it from the ranking (it stays visible in --explain).
  std::vector<std::string> suppressed_by(fired.size());
  std::vector<std::vector<std::string>> explains(fired.size());
  for (const auto& cause : fired) {
    if (cause.severity < cause.rule->severity) continue;  // demoted: it stopped nothing, explains nothing
    for (std::size_t j = 0; j < fired.size(); ++j) {
      if (fired[j].rule == cause.rule) continue;
      for (const auto& entry : cause.suppresses) {
        if (suppression_covers(entry, fired[j].rule->id)) {
          // Every cause that covers the symptom explains it; the first named suppresses it.
          if (suppressed_by[j].empty()) suppressed_by[j] = cause.rule->id;
          if (fired[j].severity != Severity::info) explains[&cause - fired.data()].push_back(fired[j].rule->id);
          break;
        }
      }
    }
  }
  for (std::size_t j = 0; j < fired.size(); ++j) {
    fired[j].explains = std::move(explains[j]);
    if (suppressed_by[j].empty()) {
      result.diagnoses.push_back(std::move(fired[j]));
    } else {
      fired[j].suppressed_by = suppressed_by[j];
      result.suppressed.push_back(std::move(fired[j]));
    }
  }
  rank(result);
  return result;
}

void rank(Result& result) {
  std::stable_sort(result.diagnoses.begin(), result.diagnoses.end(), better);
  std::stable_sort(result.suppressed.begin(), result.suppressed.end(), better);
  std::stable_sort(result.near_misses.begin(), result.near_misses.end(), [](const Diagnosis& a, const Diagnosis& b) {
    return a.signatures_hit.size() > b.signatures_hit.size();
  });
  result.margin = 0.0;
  if (result.diagnoses.size() >= 2) {
    result.margin = result.diagnoses[0].score - result.diagnoses[1].score;
  } else if (result.diagnoses.size() == 1) {
    result.margin = result.diagnoses[0].score;
  }
}

}  // namespace kdiag
