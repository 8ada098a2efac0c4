#pragma once
// kdiag summary --by FIELD: the second key of a log (its board, tree, branch, arch...), from
//   - a pattern on its path: --by-path-regex 'boards/(?P<board>[^/]+)/' (the group named FIELD),
//   - a CSV file: --meta FILE, with a header row naming a "path" column and FIELD,
//   - or a sidecar file next to the log: <log>.meta.json, an object with FIELD.
// The first source that knows the log decides, in that order; a log none knows is "(none)".
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace re2 {
class RE2;
}

namespace kdiag::cli {

inline constexpr const char* kNoKey = "(none)";

class GroupKey {
 public:
  // field: the key's name. path_regex, meta_csv: optional (empty). False with error when the
  // regex does not compile or has no group named field, or the CSV cannot be read.
  bool init(const std::string& field, const std::string& path_regex, const std::string& meta_csv, std::string& error);
  GroupKey();
  ~GroupKey();

  std::string of(const std::string& path);

 private:
  std::string field_;
  std::unique_ptr<re2::RE2> regex_;
  int group_ = -1;
  std::map<std::string, std::string> csv_;
  bool have_csv_ = false;
};

// Splits one CSV record (RFC 4180: quotes, doubled quotes; no newlines inside fields).
std::vector<std::string> split_csv(const std::string& line);

}  // namespace kdiag::cli
