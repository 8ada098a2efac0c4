#include "summary/group_key.h"

#include <fstream>
#include <vector>

#include <nlohmann/json.hpp>
#include <re2/re2.h>

namespace kdiag::cli {

GroupKey::GroupKey() = default;
GroupKey::~GroupKey() = default;

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

bool GroupKey::init(const std::string& field, const std::string& path_regex, const std::string& meta_csv,
                    std::string& error) {
  field_ = field;
  if (!path_regex.empty()) {
    regex_ = std::make_unique<re2::RE2>(path_regex, re2::RE2::Quiet);
    if (!regex_->ok()) {
      error = "--by-path-regex: " + regex_->error();
      return false;
    }
    const auto& groups = regex_->NamedCapturingGroups();
    auto it = groups.find(field);
    if (it == groups.end()) {
      error = "--by-path-regex has no group named '" + field + "': write (?P<" + field + ">...)";
      return false;
    }
    group_ = it->second;
  }
  if (!meta_csv.empty()) {
    std::ifstream in(meta_csv);
    std::string line;
    if (!in || !std::getline(in, line)) {
      error = "--meta " + meta_csv + ": cannot read it";
      return false;
    }
    const auto header = split_csv(line);
    int path_col = -1, field_col = -1;
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == "path") path_col = static_cast<int>(i);
      if (header[i] == field) field_col = static_cast<int>(i);
    }
    if (path_col < 0 || field_col < 0) {
      error = "--meta " + meta_csv + ": the header must name a 'path' column and a '" + field + "' column";
      return false;
    }
    while (std::getline(in, line)) {
      const auto cells = split_csv(line);
      if (static_cast<int>(cells.size()) > std::max(path_col, field_col) && !cells[field_col].empty()) {
        csv_[cells[path_col]] = cells[field_col];
      }
    }
    have_csv_ = true;
  }
  return true;
}

std::string GroupKey::of(const std::string& path) {
  if (regex_) {
    std::vector<re2::StringPiece> groups(regex_->NumberOfCapturingGroups() + 1);
    if (regex_->Match(path, 0, path.size(), re2::RE2::UNANCHORED, groups.data(), static_cast<int>(groups.size())) &&
        !groups[group_].empty()) {
      return std::string(groups[group_]);
    }
  }
  if (have_csv_) {
    auto it = csv_.find(path);
    if (it != csv_.end()) return it->second;
  }
  // The sidecar is read per log and never kept: thousands of logs, a few bytes each.
  std::ifstream sidecar(path + ".meta.json");
  if (sidecar) {
    const auto j = nlohmann::json::parse(sidecar, nullptr, false);
    if (j.is_object()) {
      auto it = j.find(field_);
      if (it != j.end() && it->is_string()) return it->get<std::string>();
      if (it != j.end() && it->is_number()) return it->dump();
    }
  }
  return kNoKey;
}

}  // namespace kdiag::cli
