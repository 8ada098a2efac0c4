// The condition language: parsing, precedence, order, position, counts, satisfiability.
#include <map>
#include <tuple>

#include <doctest/doctest.h>

#include "rules/condition.h"

using namespace kdiag;

namespace {

struct Facts {
  std::map<std::string, SignatureFacts> by_name;
  SignatureFacts none;
  std::vector<std::tuple<std::string, std::string, std::size_t>> windows;
  const SignatureFacts& operator()(const std::string& n) const {
    auto it = by_name.find(n);
    return it == by_name.end() ? none : it->second;
  }
  std::map<std::string, std::string> captures;  // "sig.name" -> value
  const std::string* capture(const std::string& sig, const std::string& name) const {
    auto it = captures.find(sig + "." + name);
    return it == captures.end() ? nullptr : &it->second;
  }
  bool within(const std::string& a, const std::string& b, std::size_t n, const std::string& key) const {
    for (const auto& w : windows) {
      if (w == std::make_tuple(a, b, n) && key.empty()) return true;
    }
    return false;
  }
};

SignatureFacts hit(std::size_t first, std::size_t last, std::size_t count = 1, std::size_t after = 5) {
  SignatureFacts f;
  f.count = count;
  f.first_ordinal = first;
  f.last_ordinal = last;
  f.lines_after_last = after;
  return f;
}

bool eval(const std::string& text, const Facts& facts) {
  std::string error;
  auto c = parse_condition(text, error);
  REQUIRE_MESSAGE(c, error);
  return evaluate(*c, facts);
}

}  // namespace

TEST_CASE("condition: precedence is not > and > or") {
  std::string error;
  auto c = parse_condition("a or b and not c", error);
  REQUIRE(c);
  CHECK(to_string(*c) == "a or b and not c");
  c = parse_condition("(a or b) and not c", error);
  REQUIRE(c);
  CHECK(to_string(*c) == "(a or b) and not c");
}

TEST_CASE("condition: presence, absence, order, position, counts") {
  Facts f;
  f.by_name["target_json"] = hit(3, 3);
  f.by_name["efi"] = hit(1, 2, 2, 0);
  f.by_name["mk_errors"] = hit(10, 10);
  CHECK(eval("target_json and not rust_available", f));
  CHECK_FALSE(eval("target_json and not efi", f));
  CHECK(eval("efi before mk_errors", f));
  CHECK_FALSE(eval("mk_errors before efi", f));
  CHECK(eval("mk_errors after efi", f));
  CHECK(eval("last(efi)", f));
  CHECK_FALSE(eval("last(target_json)", f));
  CHECK(eval("last(target_json, 5)", f));
  CHECK(eval("count(efi) >= 2", f));
  CHECK_FALSE(eval("count(efi) >= 3", f));
  CHECK_FALSE(eval("last(missing)", f));
  f.windows.emplace_back("efi", "mk_errors", 10);
  CHECK(eval("within(efi, mk_errors, 10)", f));
  CHECK_FALSE(eval("within(efi, mk_errors, 9)", f));
}

TEST_CASE("condition: versions the log revealed") {
  Facts f;
  f.by_name["build"] = hit(1, 1);
  f.captures["build.kver"] = "6.14.4-arch1-1";
  CHECK(eval("version(build.kver) >= 6.14", f));
  CHECK(eval("version(build.kver) < 6.15", f));
  CHECK_FALSE(eval("version(build.kver) < 6.14", f));
  CHECK(eval("version(build.kver) != 6.1", f));
  CHECK_FALSE(eval("version(build.other) >= 1", f));  // no such capture: false
  CHECK(compare_versions("1.78.0", "1.78") == 0);
  CHECK(compare_versions("1.9", "1.78") < 0);
  CHECK(compare_versions("6.1.0-rc3", "6.1") == 0);
  std::string error;
  CHECK(satisfiable(*parse_condition("build and not version(build.kver) >= 6.14", error)));
  CHECK_FALSE(satisfiable(*parse_condition("version(build.kver) >= 6.14 and not build", error)));
}

TEST_CASE("condition: two captures compared (same kernel version, same device kind)") {
  Facts f;
  f.by_name["dkms"] = hit(1, 1);
  f.by_name["make"] = hit(2, 2);
  f.captures["dkms.kver"] = "6.1.0-57-amd64";
  f.captures["make.kver"] = "6.1.0-50-amd64";
  CHECK(eval("differ(dkms.kver, make.kver)", f));
  CHECK_FALSE(eval("same(dkms.kver, make.kver)", f));
  f.captures["make.kver"] = "6.1.0-57-AMD64";  // ASCII case is ignored: nvme vs NVME
  CHECK(eval("same(dkms.kver, make.kver)", f));
  CHECK_FALSE(eval("differ(dkms.kver, make.kver)", f));
  // A capture the log did not give makes both false: 'not same' is how to say "unless equal".
  CHECK_FALSE(eval("same(dkms.kver, make.other)", f));
  CHECK_FALSE(eval("differ(dkms.kver, make.other)", f));
  std::string error;
  CHECK(satisfiable(*parse_condition("dkms and not same(dkms.kver, make.kver)", error)));
  CHECK_FALSE(satisfiable(*parse_condition("differ(dkms.kver, make.kver) and not make", error)));
  CHECK_FALSE(parse_condition("same(dkms, make.kver)", error));
}

TEST_CASE("condition: printing keeps chains flat and round-trips") {
  std::string error;
  for (const char* text : {"a and b and c and d", "not (a or b) and c", "a or (b and c) or not d", "not not a",
                           "(a and b) or (c and (d or e))", "last(a, 2) or within(a, b, 3)",
                           "within(a, b, 3, dev) and not c", "differ(a.kver, b.kver) or same(a.x, b.y)"}) {
    auto c = parse_condition(text, error);
    REQUIRE(c);
    const std::string printed = to_string(*c);
    auto again = parse_condition(printed, error);
    REQUIRE(again);
    CHECK(to_string(*again) == printed);
  }
  CHECK(to_string(*parse_condition("a and b and c", error)) == "a and b and c");
}

TEST_CASE("condition: names and errors") {
  std::string error;
  auto c = parse_condition("a_1 and (b-2 or last(c, 3))", error);
  REQUIRE(c);
  std::vector<std::string> names;
  condition_names(*c, names);
  CHECK(names == std::vector<std::string>{"a_1", "b-2", "c"});
  CHECK_FALSE(parse_condition("a and", error));
  CHECK(error.find("column") != std::string::npos);
  CHECK_FALSE(parse_condition("(a or b", error));
  CHECK_FALSE(parse_condition("", error));
  CHECK_FALSE(parse_condition("and", error));  // a keyword is not a name
}

TEST_CASE("condition: a contradiction can never fire") {
  std::string error;
  CHECK_FALSE(satisfiable(*parse_condition("a and not a", error)));
  CHECK_FALSE(satisfiable(*parse_condition("(a or b) and not a and not b", error)));
  CHECK(satisfiable(*parse_condition("a and not b", error)));
  CHECK(satisfiable(*parse_condition("last(a) and a before b", error)));
}
