#include "summary/rows.h"

#include <nlohmann/json.hpp>

namespace kdiag::cli {
namespace {

std::string string_field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

void read_rows(std::istream& in, const std::string& name, std::vector<LogRow>& rows,
               std::vector<std::string>& problems) {
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("path")) {
      problems.push_back(name + ":" + std::to_string(number) + ": not a kdiag batch row (a JSON object with \"path\")");
      continue;
    }
    LogRow row;
    row.path = string_field(j, "path");
    row.error = string_field(j, "error");
    row.verdict = string_field(j, "verdict");
    auto diagnoses = j.find("diagnoses");
    if (diagnoses != j.end() && diagnoses->is_array() && !diagnoses->empty() && (*diagnoses)[0].is_object()) {
      const auto& top = (*diagnoses)[0];
      row.cause = string_field(top, "id");
      row.severity = string_field(top, "severity");
      row.title = string_field(top, "title");
    }
    rows.push_back(std::move(row));
  }
}

}  // namespace kdiag::cli
