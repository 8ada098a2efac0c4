#pragma once
// A compact binary form of a validated RuleSet. The build compiles the YAML packs into it once
// (tools/packc.cc), so that kdiag starts without parsing YAML or re-validating its own packs.
#include <string>
#include <string_view>

#include "rules/rule.h"
#include "status.h"

namespace kdiag {

std::string serialize_rules(const RuleSet& rules);
// The rule set, or an error when data is not a rule set this version wrote (or is damaged).
Outcome<RuleSet> deserialize_rules(std::string_view data);

}  // namespace kdiag
