// A kernel configuration read as a log: a `.config`, `/proc/config.gz` unpacked, or the
// `CONFIG_...` lines of `make olddefconfig`/`scripts/config` output. With the kernel's own
// settings among the inputs, a rule can name the option a failure comes from ("CONFIG_BLK_DEV_NVME
// is not set") instead of guessing it from the symptom.
//   CONFIG_BLK_DEV_NVME=y | =m | ="string" | =0x10   -> kind option-set, option, value
//   # CONFIG_BLK_DEV_NVME is not set                 -> kind option-unset, option, value "n"
#include "dialects/dialects.h"
#include "dialects/grammar_util.h"

namespace kdiag::dialects {
namespace {
using namespace kdiag::grammar;
using x3::lit;
using x3::raw;

const auto option_name = +(x3::ascii::upper | x3::ascii::digit | x3::char_('_'));
}  // namespace

bool parse_kconfig(const Line& line, Event& ev) {
  const std::string& s = line.text;
  if (!s.starts_with("CONFIG_") && !s.starts_with("# CONFIG_")) return false;
  std::string option, value;
  if (s[0] == '#') {
    if (!parse_all(s, lit("# CONFIG_") >> raw[option_name][into(option)] >> lit(" is not set") >> *x3::ascii::blank >>
                          x3::eoi)) {
      return false;
    }
    ev.kind = "option-unset";
    value = "n";
  } else {
    if (!parse_all(s, lit("CONFIG_") >> raw[option_name][into(option)] >> '=' >> raw[rest][into(value)])) return false;
    ev.kind = "option-set";
  }
  ev.dialect = "kconfig";
  ev.set("option", option);
  ev.set("value", value);
  return true;
}

}  // namespace kdiag::dialects
