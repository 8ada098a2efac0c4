#pragma once
// Small helpers shared by the dialect grammars (Boost.Spirit X3).
#include <string>
#include <string_view>

#include <boost/spirit/home/x3.hpp>

namespace kdiag::grammar {

namespace x3 = boost::spirit::x3;
using It = std::string::const_iterator;

// A semantic action that stores the text matched by x3::raw[...] into out.
inline auto into(std::string& out) {
  return [&out](auto& ctx) {
    const auto& range = x3::_attr(ctx);
    out.assign(range.begin(), range.end());
  };
}

// Parses the whole of s with p (which must consume everything, or end in a rest-of-line rule).
template <typename Parser>
bool parse_all(const std::string& s, const Parser& p) {
  It first = s.begin();
  return x3::parse(first, s.end(), p);
}

// The rest of the line.
inline const auto rest = *x3::char_;

std::string_view trim(std::string_view s);

}  // namespace kdiag::grammar
