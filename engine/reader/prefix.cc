#include "reader/prefix.h"

#include <algorithm>

#include <boost/spirit/home/x3.hpp>

namespace kdiag {
namespace {

namespace x3 = boost::spirit::x3;
using x3::char_;
using x3::lit;
using x3::repeat;
using x3::ascii::alpha;
using x3::ascii::blank;
using x3::ascii::digit;

using It = std::string::const_iterator;

const auto two = repeat(2)[digit];
const auto clock = two >> ':' >> two >> ':' >> two;

// 2024-01-28T12:00:00.1234567Z (GitHub Actions), 2024-01-28T12:00:00+01:00 (GitLab, journalctl -o short-iso)
const auto iso_timestamp = repeat(4)[digit] >> '-' >> two >> '-' >> two >> char_("T ") >> clock >> -('.' >> +digit) >>
                           -(lit('Z') | (char_("+-") >> two >> -lit(':') >> two)) >> +blank;
// 00:00:14 (tuxmake, Jenkins' timestamper, ts(1): elapsed or wall-clock time before every line),
// [12:00:01] and [2024-01-28T12:00:00.123Z] (bracketed CI timestamps)
const auto clock_time = clock >> -(char_(".,") >> +digit) >> +blank;
const auto bracketed_time = lit('[') >> -(repeat(4)[digit] >> '-' >> two >> '-' >> two >> char_("T ")) >> clock >>
                            -(char_(".,") >> +digit) >> -(lit('Z') | (char_("+-") >> two >> -lit(':') >> two)) >> ']' >>
                            +blank;
// [  160.098129]
const auto dmesg_time = lit('[') >> *blank >> +digit >> '.' >> +digit >> ']' >> *blank;
// [   T81] or [    C2] (CONFIG_PRINTK_CALLER: the task or CPU that printed)
const auto printk_caller = lit('[') >> *blank >> char_("TC") >> +digit >> ']' >> *blank;
// [Tue Sep  5 10:53:29 2023]  (dmesg -T)
const auto dmesg_wallclock = lit('[') >> repeat(3)[alpha] >> +blank >> repeat(3)[alpha] >> +blank >>
                             repeat(1, 2)[digit] >> +blank >> clock >> +blank >> repeat(4)[digit] >> ']' >> *blank;
// <6> (raw printk level) and "kern  :info  : " (dmesg -x)
const auto printk_level = lit('<') >> repeat(1, 3)[digit] >> '>';
const auto dmesg_facility = +alpha >> *blank >> ':' >> +alpha >> *blank >> ':' >> +blank;
// Nov 27 10:00:00 host ident[123]: (journalctl, syslog)
const auto journal_ident = +(char_ - char_(" :[]"));
const auto journal_time_host = repeat(3)[alpha] >> +blank >> repeat(1, 2)[digit] >> blank >> clock >>
                               -('.' >> +digit) >> blank >> +(char_ - char_(" :")) >> blank;
// host kernel: (after an ISO timestamp from journalctl -o short-iso)
const auto host_kernel = +(char_ - char_(" :")) >> blank >> lit("kernel:") >> *blank;
const auto bare_kernel = lit("kernel:") >> +blank;
const auto markdown_quote = +lit('>') >> (+blank | x3::eoi);  // >, >> (a quoted quote)
// user@host:~/dir$ or root@host:/x#   and a bare "$ "
const auto user_prompt = +(char_ - char_(" @:")) >> '@' >> +(char_ - char_(" :")) >> ':' >> *(char_ - char_(" $#")) >>
                         char_("$#") >> (+blank | x3::eoi);
const auto dollar_prompt = lit('$') >> (+blank | x3::eoi);
// "| make: *** ..." in Yocto/bitbake task logs
const auto bitbake_bar = lit('|') >> (+blank | x3::eoi);

// Tries one parser at the start of [first, last); on success advances first.
template <typename Parser>
bool consume(It& first, It last, const Parser& p) {
  It it = first;
  if (x3::parse(it, last, p)) {
    first = it;
    return true;
  }
  return false;
}

}  // namespace

void strip_prefixes(Line& line) {
  const std::string& s = line.display;
  It first = s.begin();
  const It last = s.end();
  bool after_timestamp = false;
  // A line can carry several wrappers, e.g. a CI timestamp around a dmesg line in a quote.
  for (int round = 0; round < 8; ++round) {
    if (consume(first, last, iso_timestamp) || consume(first, last, clock_time) ||
        consume(first, last, bracketed_time)) {
      after_timestamp = true;
      line.stamped = true;
      continue;
    }
    if (consume(first, last, dmesg_time) || consume(first, last, dmesg_wallclock) ||
        (line.kernel && consume(first, last, printk_caller))) {
      line.kernel = true;
      line.stamped = true;
      if (line.source.empty()) line.source = "dmesg";
      continue;
    }
    if (consume(first, last, printk_level) || consume(first, last, dmesg_facility)) {
      line.kernel = true;
      line.stamped = true;
      if (line.source.empty()) line.source = "dmesg";
      continue;
    }
    {
      It it = first;
      std::string parsed_ident;
      if (x3::parse(it, last, journal_time_host) && x3::parse(it, last, x3::raw[journal_ident], parsed_ident)) {
        It rest = it;
        if (x3::parse(rest, last, -('[' >> +digit >> ']') >> ':' >> *blank)) {
          first = rest;
          line.source = parsed_ident;
          line.kernel = parsed_ident == "kernel";
          line.stamped = true;
          continue;
        }
      }
    }
    if ((after_timestamp && consume(first, last, host_kernel)) || consume(first, last, bare_kernel)) {
      line.kernel = true;
      line.source = "kernel";
      line.stamped = true;
      continue;
    }
    if (consume(first, last, markdown_quote) || consume(first, last, user_prompt) ||
        consume(first, last, dollar_prompt) || consume(first, last, bitbake_bar)) {
      continue;
    }
    break;
  }
  // A line pasted as Markdown inline code (`EFI stub: Exiting boot services...`): the backticks
  // are the forum's, not the program's. Only a whole line in one pair: GNU ld's `sym' quoting
  // and shell `command` substitutions keep theirs.
  It end = last;
  while (end != first && (end[-1] == ' ' || end[-1] == '\t')) --end;
  if (end - first >= 3 && *first == '`' && end[-1] == '`' && std::find(first + 1, end - 1, '`') == end - 1) {
    line.text.assign(first + 1, end - 1);
    return;
  }
  line.text.assign(first, last);
}

}  // namespace kdiag
