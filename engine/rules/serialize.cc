#include "rules/serialize.h"

#include <cstdint>
#include <cstring>

namespace kdiag {
namespace {

constexpr std::string_view kMagic = "KDIAG-RULES-7\n";

class Writer {
 public:
  void u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  void str(const std::string& s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out += s;
  }
  void strs(const std::vector<std::string>& v) {
    u32(static_cast<std::uint32_t>(v.size()));
    for (const auto& s : v) str(s);
  }
  void f64(double d) {
    std::uint64_t bits;
    std::memcpy(&bits, &d, sizeof bits);
    u32(static_cast<std::uint32_t>(bits));
    u32(static_cast<std::uint32_t>(bits >> 32));
  }
  void mark(const SourceMark& m) {
    str(m.file);
    u32(static_cast<std::uint32_t>(m.line));
    u32(static_cast<std::uint32_t>(m.col));
  }
  // A parsed condition, prefix order; 0 for none. Stored parsed so that loading needs no parser.
  void condition(const ConditionPtr& c) {
    if (!c) return u32(0);
    u32(static_cast<std::uint32_t>(c->op) + 1);
    str(c->a);
    str(c->b);
    u32(static_cast<std::uint32_t>(c->n));
    str(c->cmp);
    str(c->value);
    condition(c->left);
    condition(c->right);
  }
  std::string out;
};

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool ok() const { return ok_; }
  std::uint32_t u32() {
    if (pos_ + 4 > data_.size()) return fail();
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(data_[pos_ + i])) << (8 * i);
    pos_ += 4;
    return v;
  }
  std::string str() {
    const std::uint32_t n = u32();
    if (!ok_ || pos_ + n > data_.size()) return fail(), std::string();
    std::string s(data_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  std::vector<std::string> strs() {
    std::vector<std::string> v(count(4));
    for (auto& s : v) s = str();
    return v;
  }
  // A count of items of at least min_bytes each: more than the bytes left can hold is damage,
  // refused before anything is allocated for it.
  std::uint32_t count(std::size_t min_bytes) {
    const std::uint32_t n = u32();
    if (ok_ && n > (data_.size() - pos_) / min_bytes) return fail();
    return n;
  }
  double f64() {
    const std::uint64_t lo = u32(), hi = u32();
    const std::uint64_t bits = lo | (hi << 32);
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
  }
  SourceMark mark() {
    SourceMark m;
    m.file = str();
    m.line = static_cast<int>(u32());
    m.col = static_cast<int>(u32());
    return m;
  }
  ConditionPtr condition(std::size_t depth = 0) {
    const std::uint32_t op = u32();
    if (!ok_ || op == 0) return nullptr;
    // Bounded like the parser's own nesting limit, so a damaged blob cannot recurse without end.
    if (op > static_cast<std::uint32_t>(Condition::Op::captures) + 1 || depth > 2 * kMaxConditionDepth) {
      return fail(), nullptr;
    }
    auto c = std::make_shared<Condition>();
    c->op = static_cast<Condition::Op>(op - 1);
    c->a = str();
    c->b = str();
    c->n = u32();
    c->cmp = str();
    c->value = str();
    c->left = condition(depth + 1);
    c->right = condition(depth + 1);
    return c;
  }

 private:
  std::uint32_t fail() {
    ok_ = false;
    pos_ = data_.size();
    return 0;
  }
  std::string_view data_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace

std::string serialize_rules(const RuleSet& rules) {
  Writer w;
  w.out = std::string(kMagic);
  w.u32(static_cast<std::uint32_t>(rules.rules.size()));
  for (const auto& r : rules.rules) {
    w.str(r.id);
    w.str(r.title);
    w.u32(static_cast<std::uint32_t>(r.severity));
    w.str(r.cause);
    w.strs(r.fix);
    w.strs(r.fix_when);
    w.strs(r.references);
    w.u32(static_cast<std::uint32_t>(r.signatures.size()));
    for (const auto& s : r.signatures) {
      w.str(s.name);
      w.str(s.pattern);
      w.str(s.dialect);
      w.str(s.kind);
      w.str(s.field);
      w.f64(s.weight);
      w.strs(s.literals);
      w.strs(s.capture_names);
      w.mark(s.mark);
    }
    w.str(r.condition_text);
    w.condition(r.condition);
    w.u32(static_cast<std::uint32_t>(r.fix_conditions.size()));
    for (const auto& c : r.fix_conditions) w.condition(c);
    w.strs(r.suppresses);
    w.strs(r.suppress_when);
    for (const auto& c : r.suppress_conditions) w.condition(c);
    w.str(r.demote_text);
    w.condition(r.demote);
    w.str(r.demote_because);
    w.u32(r.device_scope ? 1 : 0);
    w.strs(r.match_examples);
    w.strs(r.no_match_examples);
    w.str(r.pack);
    w.mark(r.mark);
  }
  return w.out;
}

Outcome<RuleSet> deserialize_rules(std::string_view data) {
  Outcome<RuleSet> out;
  // The data has no file name of its own; what the caller read it from goes in front.
  constexpr std::string_view kRebuild = " (compile it again with this kdiag's build)";
  if (data.substr(0, kMagic.size()) != kMagic) {
    out.fail("compiled rule set: not one of this kdiag version" + std::string(kRebuild));
    return out;
  }
  Reader in(data.substr(kMagic.size()));
  RuleSet set;
  set.rules.resize(in.count(16));
  for (auto& r : set.rules) {
    r.id = in.str();
    r.title = in.str();
    const std::uint32_t severity = in.u32();
    if (severity > static_cast<std::uint32_t>(Severity::error)) {
      out.fail("compiled rule set: damaged (a severity out of range)" + std::string(kRebuild));
      return out;
    }
    r.severity = static_cast<Severity>(severity);
    r.cause = in.str();
    r.fix = in.strs();
    r.fix_when = in.strs();
    r.references = in.strs();
    r.signatures.resize(in.count(16));
    for (auto& s : r.signatures) {
      s.name = in.str();
      s.pattern = in.str();
      s.dialect = in.str();
      s.kind = in.str();
      s.field = in.str();
      s.weight = in.f64();
      s.literals = in.strs();
      s.capture_names = in.strs();
      s.mark = in.mark();
    }
    r.condition_text = in.str();
    r.condition = in.condition();
    r.fix_conditions.resize(in.count(4));
    for (auto& c : r.fix_conditions) c = in.condition();
    r.suppresses = in.strs();
    r.suppress_when = in.strs();
    r.suppress_conditions.resize(r.suppress_when.size());
    for (auto& c : r.suppress_conditions) c = in.condition();
    r.demote_text = in.str();
    r.demote = in.condition();
    r.demote_because = in.str();
    r.device_scope = in.u32() != 0;
    r.match_examples = in.strs();
    r.no_match_examples = in.strs();
    r.pack = in.str();
    r.mark = in.mark();
    if (!in.ok()) break;
    if (r.condition_text.empty() != !r.condition || r.fix_conditions.size() != r.fix_when.size() ||
        r.suppress_when.size() != r.suppresses.size() || r.demote_text.empty() != !r.demote) {
      out.fail("compiled rule set: inconsistent at rule " + r.id + std::string(kRebuild));
      return out;
    }
  }
  if (!in.ok()) {
    out.fail("compiled rule set: truncated" + std::string(kRebuild));
    return out;
  }
  out.value = std::move(set);
  return out;
}

}  // namespace kdiag
