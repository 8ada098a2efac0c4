// Reading the boot options table. Kept as data so that a new controller is one line in
// data/boot_options.tsv, not a new branch in the checks.
#include "doctor/boot_table.h"

#include "doctor/machine.h"

namespace kdiag::doctor {

std::vector<BootOption> parse_boot_options(std::string_view text) {
  std::vector<BootOption> table;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t end = std::min(text.find('\n', i), text.size());
    const std::string_view line = text.substr(i, end - i);
    i = end + 1;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::size_t j = 0;
    while (j <= line.size()) {
      const std::size_t tab = std::min(line.find('\t', j), line.size());
      cols.push_back(trim(line.substr(j, tab - j)));
      j = tab + 1;
    }
    if (cols.size() != 4) continue;
    BootOption o{cols[0], cols[1], cols[2] == "-" ? "" : "CONFIG_" + cols[2], cols[3] == "-" ? "" : cols[3]};
    table.push_back(std::move(o));
  }
  return table;
}

const BootOption* find_boot_option(const std::vector<BootOption>& table, std::string_view kind, std::string_view name) {
  const BootOption* best = nullptr;
  for (const auto& o : table) {
    if (o.kind != kind) continue;
    if (kind == "console") {
      if (name.rfind(o.name, 0) == 0 && (!best || o.name.size() > best->name.size())) best = &o;
    } else if (o.name == name) {
      return &o;
    }
  }
  return best;
}

}  // namespace kdiag::doctor
