#pragma once
// A compact binary form of a validated RuleSet. The build compiles the YAML packs into it once
// (tools/packc.cc), so that kdiag starts without parsing YAML or re-validating its own packs.
#include <string>
#include <string_view>

#include "rules/rule.h"

namespace kdiag {

std::string serialize_rules(const RuleSet& rules);
// False (with error) when data is not a rule set this version wrote.
bool deserialize_rules(std::string_view data, RuleSet& out, std::string& error);

}  // namespace kdiag
