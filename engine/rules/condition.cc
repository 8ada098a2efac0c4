#include "rules/condition.h"

#include <cctype>
#include <functional>
#include <map>
#include <set>

#include <boost/spirit/home/x3.hpp>

#include "rules/version.h"

namespace kdiag {
namespace {

namespace x3 = boost::spirit::x3;
using Op = Condition::Op;

// The parser builds the tree on a stack: each semantic action pops its operands and pushes the
// node it makes.
struct Builder {
  std::vector<ConditionPtr> stack;
  ConditionPtr pop() {
    auto top = stack.back();
    stack.pop_back();
    return top;
  }
};
struct builder_tag;

std::string text_of(const std::string& s) { return s; }

auto push_signature = [](auto& ctx) {
  auto node = std::make_shared<Condition>();
  node->op = Op::signature;
  node->a = text_of(x3::_attr(ctx));
  x3::get<builder_tag>(ctx).get().stack.push_back(node);
};
auto push_order(Op op) {
  return [op](auto& ctx) {
    auto node = std::make_shared<Condition>();
    node->op = op;
    node->a = text_of(boost::fusion::at_c<0>(x3::_attr(ctx)));
    node->b = text_of(boost::fusion::at_c<1>(x3::_attr(ctx)));
    x3::get<builder_tag>(ctx).get().stack.push_back(node);
  };
}
auto push_last = [](auto& ctx) {
  auto node = std::make_shared<Condition>();
  node->op = Op::last;
  node->a = text_of(boost::fusion::at_c<0>(x3::_attr(ctx)));
  const auto& tolerance = boost::fusion::at_c<1>(x3::_attr(ctx));
  node->n = tolerance ? *tolerance : 0;
  x3::get<builder_tag>(ctx).get().stack.push_back(node);
};
auto push_count = [](auto& ctx) {
  auto node = std::make_shared<Condition>();
  node->op = Op::count_at_least;
  node->a = text_of(boost::fusion::at_c<0>(x3::_attr(ctx)));
  node->n = boost::fusion::at_c<1>(x3::_attr(ctx));
  x3::get<builder_tag>(ctx).get().stack.push_back(node);
};
auto push_within = [](auto& ctx) {
  auto node = std::make_shared<Condition>();
  node->op = Op::within;
  node->a = text_of(boost::fusion::at_c<0>(x3::_attr(ctx)));
  node->b = text_of(boost::fusion::at_c<1>(x3::_attr(ctx)));
  node->n = boost::fusion::at_c<2>(x3::_attr(ctx));
  if (const auto& key = boost::fusion::at_c<3>(x3::_attr(ctx))) node->value = text_of(*key);
  x3::get<builder_tag>(ctx).get().stack.push_back(node);
};
auto push_version = [](auto& ctx) {
  auto node = std::make_shared<Condition>();
  node->op = Op::version;
  node->a = text_of(boost::fusion::at_c<0>(x3::_attr(ctx)));
  node->b = text_of(boost::fusion::at_c<1>(x3::_attr(ctx)));
  node->cmp = boost::fusion::at_c<2>(x3::_attr(ctx));
  node->value = boost::fusion::at_c<3>(x3::_attr(ctx));
  x3::get<builder_tag>(ctx).get().stack.push_back(node);
};
auto push_captures(bool differ) {
  return [differ](auto& ctx) {
    auto node = std::make_shared<Condition>();
    node->op = Op::captures;
    node->n = differ ? 1 : 0;
    node->a = text_of(boost::fusion::at_c<0>(x3::_attr(ctx)));
    node->cmp = text_of(boost::fusion::at_c<1>(x3::_attr(ctx)));
    node->b = text_of(boost::fusion::at_c<2>(x3::_attr(ctx)));
    node->value = text_of(boost::fusion::at_c<3>(x3::_attr(ctx)));
    x3::get<builder_tag>(ctx).get().stack.push_back(node);
  };
}
auto combine(Op op) {
  return [op](auto& ctx) {
    Builder& b = x3::get<builder_tag>(ctx).get();
    auto node = std::make_shared<Condition>();
    node->op = op;
    node->right = b.pop();
    node->left = b.pop();
    b.stack.push_back(node);
  };
}
auto negate = [](auto& ctx) {
  Builder& b = x3::get<builder_tag>(ctx).get();
  auto node = std::make_shared<Condition>();
  node->op = Op::negation;
  node->left = b.pop();
  b.stack.push_back(node);
};

auto keyword(const char* word) { return x3::lexeme[x3::lit(word) >> !(x3::ascii::alnum | x3::char_("_-"))]; }
const auto reserved = keyword("and") | keyword("or") | keyword("not") | keyword("before") | keyword("after") |
                      keyword("last") | keyword("count") | keyword("within") | keyword("version") | keyword("same") |
                      keyword("differ");
x3::rule<class name_rule, std::string> const name = "name";
const auto name_def =
    x3::lexeme[x3::raw[!reserved >> (x3::ascii::alpha | x3::char_('_')) >> *(x3::ascii::alnum | x3::char_("_-"))]];

x3::rule<class comparison_rule, std::string> const comparison = "comparison";
const auto comparison_def = x3::raw[x3::lit(">=") | "<=" | "==" | "!=" | ">" | "<"];
x3::rule<class version_rule, std::string> const version_literal = "version";
const auto version_literal_def = x3::lexeme[x3::raw[+x3::ascii::digit >> *('.' >> +x3::ascii::digit)]];
x3::rule<class expression_rule> const expression = "expression";
x3::rule<class disjunction_rule> const disjunction = "disjunction";
x3::rule<class conjunction_rule> const conjunction = "conjunction";
x3::rule<class unary_rule> const unary = "unary";
x3::rule<class primary_rule> const primary = "primary";

const auto expression_def = disjunction;
const auto disjunction_def = conjunction >> *((keyword("or") >> conjunction)[combine(Op::disjunction)]);
const auto conjunction_def = unary >> *((keyword("and") >> unary)[combine(Op::conjunction)]);
const auto unary_def = (keyword("not") >> unary)[negate] | primary;
const auto primary_def =
    ('(' >> expression >> ')') | (keyword("last") >> '(' >> name >> -(',' >> x3::uint_) >> ')')[push_last] |
    (keyword("count") >> '(' >> name >> ')' >> ">=" >> x3::uint_)[push_count] |
    (keyword("within") >> '(' >> name >> ',' >> name >> ',' >> x3::uint_ >> -(',' >> name) >> ')')[push_within] |
    (keyword("version") >> '(' >> name >> '.' >> name >> ')' >> comparison >> version_literal)[push_version] |
    (keyword("same") >> '(' >> name >> '.' >> name >> ',' >> name >> '.' >> name >> ')')[push_captures(false)] |
    (keyword("differ") >> '(' >> name >> '.' >> name >> ',' >> name >> '.' >> name >> ')')[push_captures(true)] |
    (name >> keyword("before") >> name)[push_order(Op::before)] |
    // "a after b" is "b before a"
    (name >> keyword("after") >> name)[([](auto& ctx) {
      auto node = std::make_shared<Condition>();
      node->op = Op::before;
      node->a = text_of(boost::fusion::at_c<1>(x3::_attr(ctx)));
      node->b = text_of(boost::fusion::at_c<0>(x3::_attr(ctx)));
      x3::get<builder_tag>(ctx).get().stack.push_back(node);
    })] |
    name[push_signature];

BOOST_SPIRIT_DEFINE(name, comparison, version_literal, expression, disjunction, conjunction, unary, primary)

}  // namespace

ConditionPtr parse_condition(const std::string& text, std::string& error) {
  // The parser and every walk over the tree recurse: bound the depth a pack can ask for, so a
  // hostile "((((...a))))" is an error and not a stack overflow.
  if (text.size() > kMaxConditionBytes) {
    error = "condition is " + std::to_string(text.size()) + " characters long, more than the limit of " +
            std::to_string(kMaxConditionBytes);
    return nullptr;
  }
  std::size_t depth = 0, nots = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    if (text[i] == ')' && depth > 0) --depth;
    if (text.compare(i, 3, "not") == 0) ++nots;  // (also inside names: an upper bound)
    if (depth > kMaxConditionDepth || nots > kMaxConditionDepth) {
      error = "condition has more than " + std::to_string(kMaxConditionDepth) +
              " nested parentheses or 'not' operators (at column " + std::to_string(i + 1) + ")";
      return nullptr;
    }
  }
  Builder builder;
  auto first = text.cbegin();
  const auto last = text.cend();
  const bool ok = x3::phrase_parse(first, last, x3::with<builder_tag>(std::ref(builder))[expression], x3::ascii::space);
  if (!ok || first != last || builder.stack.size() != 1) {
    const auto column = static_cast<std::size_t>(first - text.cbegin()) + 1;
    error = "cannot parse condition at column " + std::to_string(column) + ": '" + text + "'";
    if (text.find_first_not_of(" \t\n") == std::string::npos) error = "empty condition";
    return nullptr;
  }
  return builder.stack.back();
}

void condition_names(const Condition& c, std::vector<std::string>& out) {
  switch (c.op) {
    case Op::signature:
    case Op::last:
    case Op::version:
    case Op::count_at_least: out.push_back(c.a); return;
    case Op::before:
    case Op::captures:
    case Op::within:
      out.push_back(c.a);
      out.push_back(c.b);
      return;
    case Op::negation: condition_names(*c.left, out); return;
    case Op::conjunction:
    case Op::disjunction:
      condition_names(*c.left, out);
      condition_names(*c.right, out);
      return;
  }
}

bool same_ignoring_ascii_case(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

int compare_versions(const std::string& a, const std::string& b) {
  return compare_versions(leading_version(a), leading_version(b));
}

bool version_holds(const std::string& found, const std::string& cmp, const std::string& wanted) {
  const int c = compare_versions(found, wanted);
  if (cmp == ">=") return c >= 0;
  if (cmp == "<=") return c <= 0;
  if (cmp == ">") return c > 0;
  if (cmp == "<") return c < 0;
  if (cmp == "==") return c == 0;
  return c != 0;
}

namespace {

void version_nodes(const Condition& c, std::vector<const Condition*>& out) {
  if (c.op == Op::version || c.op == Op::captures) out.push_back(&c);
  if (c.left) version_nodes(*c.left, out);
  if (c.right) version_nodes(*c.right, out);
}

// The condition over presence alone: order, position and counts are taken as favourable when the
// signatures they name are present, and a version comparison as whatever `versions` says.
bool holds_abstractly(const Condition& c, const std::set<std::string>& present,
                      const std::set<const Condition*>& versions) {
  const auto has = [&](const std::string& n) { return present.count(n) > 0; };
  switch (c.op) {
    case Op::signature:
    case Op::last:
    case Op::count_at_least: return has(c.a);
    case Op::before:
    case Op::within: return has(c.a) && has(c.b);
    case Op::version: return has(c.a) && versions.count(&c) > 0;
    case Op::captures: return has(c.a) && has(c.b) && versions.count(&c) > 0;
    case Op::negation: return !holds_abstractly(*c.left, present, versions);
    case Op::conjunction:
      return holds_abstractly(*c.left, present, versions) && holds_abstractly(*c.right, present, versions);
    case Op::disjunction:
      return holds_abstractly(*c.left, present, versions) || holds_abstractly(*c.right, present, versions);
  }
  return false;
}

}  // namespace

bool satisfiable(const Condition& c) {
  std::vector<std::string> names;
  condition_names(c, names);
  const std::set<std::string> unique(names.begin(), names.end());
  const std::vector<std::string> order(unique.begin(), unique.end());
  std::vector<const Condition*> versions;
  version_nodes(c, versions);
  const std::size_t atoms = order.size() + versions.size();
  if (atoms > 16) return true;  // too many to enumerate; assume it can fire
  for (std::size_t mask = 0; mask < (std::size_t{1} << atoms); ++mask) {
    std::set<std::string> present;
    std::set<const Condition*> true_versions;
    for (std::size_t i = 0; i < order.size(); ++i) {
      if (mask & (std::size_t{1} << i)) present.insert(order[i]);
    }
    for (std::size_t i = 0; i < versions.size(); ++i) {
      if (mask & (std::size_t{1} << (order.size() + i))) true_versions.insert(versions[i]);
    }
    if (holds_abstractly(c, present, true_versions)) return true;
  }
  return false;
}

namespace {

// Binding strength, to print parentheses only where the parser needs them: a chain of "and"s
// stays flat, so printing never nests deeper than the text that was parsed.
int precedence(const Condition& c) {
  switch (c.op) {
    case Op::disjunction: return 1;
    case Op::conjunction: return 2;
    case Op::negation: return 3;
    default: return 4;
  }
}

std::string print(const Condition& c, int context) {
  std::string s;
  switch (c.op) {
    case Op::signature: s = c.a; break;
    case Op::negation: s = "not " + print(*c.left, 3); break;
    case Op::conjunction: s = print(*c.left, 2) + " and " + print(*c.right, 2); break;
    case Op::disjunction: s = print(*c.left, 1) + " or " + print(*c.right, 1); break;
    case Op::before: s = c.a + " before " + c.b; break;
    case Op::last: s = "last(" + c.a + ", " + std::to_string(c.n) + ")"; break;
    case Op::count_at_least: s = "count(" + c.a + ") >= " + std::to_string(c.n); break;
    case Op::within:
      s = "within(" + c.a + ", " + c.b + ", " + std::to_string(c.n) + (c.value.empty() ? "" : ", " + c.value) + ")";
      break;
    case Op::version: s = "version(" + c.a + "." + c.b + ") " + c.cmp + " " + c.value; break;
    case Op::captures:
      s = std::string(c.n ? "differ(" : "same(") + c.a + "." + c.cmp + ", " + c.b + "." + c.value + ")";
      break;
  }
  return precedence(c) < context ? "(" + s + ")" : s;
}

}  // namespace

std::string to_string(const Condition& c) { return print(c, 0); }

}  // namespace kdiag
