// Reading mkinitcpio's and dracut's configuration. Both are shell: `KEY=(a b)`, `KEY+=" a "`,
// `KEY="a b"`, arrays over several lines, comments. Only assignments at the start of a line are
// read (what the generators source), each file bounded.
#include "doctor/initramfs_config.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace kdiag::doctor {
namespace {

constexpr std::size_t kMaxConfig = 256 * 1024;
constexpr std::size_t kMaxModulesDep = 16 << 20;

struct Assignment {
  std::string key;
  bool append = false;
  std::string value;
  std::size_t line = 0;
};

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::vector<Assignment> shell_assignments(std::string_view text) {
  std::vector<Assignment> out;
  std::size_t i = 0, line = 1, counted = 0;
  const auto line_at = [&](std::size_t pos) {
    line += static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(counted),
                                                text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
    counted = pos;
    return line;
  };
  while (i < text.size()) {
    std::size_t j = text.find_first_not_of(" \t", i);
    if (j == std::string_view::npos) break;
    std::size_t k = j;
    while (k < text.size() && is_name_char(text[k])) ++k;
    std::size_t next = k;
    if (k > j) {
      Assignment a;
      a.key = std::string(text.substr(j, k - j));
      if (k < text.size() && text[k] == '+') {
        a.append = true;
        ++k;
      }
      if (k < text.size() && text[k] == '=') {
        ++k;
        a.line = line_at(j);
        const char open = k < text.size() ? text[k] : '\n';
        if (open == '(' || open == '"' || open == '\'') {
          const char close = open == '(' ? ')' : open;
          const std::size_t end = text.find(close, k + 1);
          const std::size_t stop = end == std::string_view::npos ? text.size() : end;
          a.value = std::string(text.substr(k + 1, stop - k - 1));
          next = stop;
        } else {
          const std::size_t stop = std::min(text.find_first_of(" \t\n#;", k), text.size());
          a.value = std::string(text.substr(k, stop - k));
          next = stop;
        }
        out.push_back(std::move(a));
      }
    }
    const std::size_t nl = text.find('\n', std::max(next, j));
    if (nl == std::string_view::npos) break;
    i = nl + 1;
  }
  return out;
}

struct Word {
  std::string text;
  std::size_t line = 0;  // lines after the assignment's first (arrays span several)
};

// The words of a value: blank-separated, quotes dropped, a # comment to the end of its line.
std::vector<Word> words_of(std::string_view value) {
  std::vector<Word> words;
  Word word;
  std::size_t line = 0;
  bool comment = false;
  for (char c : value) {
    if (c == '\n') ++line;
    if (comment) {
      comment = c != '\n';
      continue;
    }
    if (c == '#' && word.text.empty()) {
      comment = true;
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (!word.text.empty()) words.push_back(std::move(word));
      word = Word{};
    } else if (c != '"' && c != '\'') {
      if (word.text.empty()) word.line = line;
      word.text += c;
    }
  }
  if (!word.text.empty()) words.push_back(std::move(word));
  return words;
}

// Sorted *.conf files of a directory (the order both generators read them in).
std::vector<std::string> conf_files(const Machine& machine, const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& name : machine.list_dir(dir)) {
    if (name.ends_with(".conf")) files.push_back(dir + "/" + name);
  }
  std::sort(files.begin(), files.end());
  return files;
}

void apply(ModuleList& list, const Assignment& a, const std::string& file, bool replaces) {
  const std::string where = fmt::format("{}:{}", file, a.line);
  if (replaces && !a.append) {
    list.names.clear();
    list.where.clear();
    list.set_at = where;
  }
  for (auto& w : words_of(a.value)) {
    list.names.push_back(std::move(w.text));
    list.where.push_back(fmt::format("{}:{}", file, a.line + w.line));
  }
}

void read_mkinitcpio(const Machine& machine, GeneratorConfig& config) {
  std::vector<std::string> files = {"/etc/mkinitcpio.conf"};
  for (auto& f : conf_files(machine, "/etc/mkinitcpio.conf.d")) files.push_back(std::move(f));
  for (const auto& file : files) {
    const ReadResult r = machine.read(file, kMaxConfig);
    if (!r.content) continue;
    for (const auto& a : shell_assignments(*r.content)) {
      if (a.key == "MODULES") apply(config.modules, a, file, true);
      if (a.key == "HOOKS") {
        if (!a.append) config.hooks.clear();
        for (auto& w : words_of(a.value)) config.hooks.push_back(std::move(w.text));
        config.hooks_at = fmt::format("{}:{}", file, a.line);
      }
    }
  }
  config.presets = read_presets(machine);
}

void read_dracut(const Machine& machine, GeneratorConfig& config) {
  // dracut reads /etc/dracut.conf, then the conf.d files of /usr/lib and /etc together in name
  // order, a file in /etc hiding the one of the same name in /usr/lib.
  std::vector<std::string> files = {"/etc/dracut.conf"};
  std::vector<std::pair<std::string, std::string>> dropins;  // name, path
  for (const char* dir : {"/usr/lib/dracut/dracut.conf.d", "/etc/dracut.conf.d"}) {
    for (const auto& path : conf_files(machine, dir)) {
      const std::string name = path.substr(path.find_last_of('/') + 1);
      auto same = std::find_if(dropins.begin(), dropins.end(), [&](const auto& d) { return d.first == name; });
      if (same != dropins.end()) same->second = path;
      else dropins.emplace_back(name, path);
    }
  }
  std::sort(dropins.begin(), dropins.end());
  for (auto& d : dropins) files.push_back(std::move(d.second));
  for (const auto& file : files) {
    const ReadResult r = machine.read(file, kMaxConfig);
    if (!r.content) continue;
    for (const auto& a : shell_assignments(*r.content)) {
      if (a.key == "add_drivers" || a.key == "force_drivers") apply(config.modules, a, file, false);
      if (a.key == "drivers") apply(config.only, a, file, true);
      if (a.key == "omit_drivers") apply(config.omitted, a, file, false);
    }
  }
}

}  // namespace

std::vector<Preset> read_presets(const Machine& machine) {
  std::vector<Preset> presets;
  for (const auto& name : machine.list_dir("/etc/mkinitcpio.d")) {
    if (!name.ends_with(".preset")) continue;
    const std::string file = "/etc/mkinitcpio.d/" + name;
    const ReadResult r = machine.read(file, kMaxConfig);
    if (!r.content) continue;
    Preset p;
    p.file = file;
    for (const auto& a : shell_assignments(*r.content)) {
      if (a.key == "ALL_kver") p.kver = a.value;
      if (a.key == "default_image") p.default_image = a.value;
    }
    presets.push_back(std::move(p));
  }
  return presets;
}

GeneratorConfig read_generator_config(const Machine& machine) {
  GeneratorConfig config;
  if (machine.is_file("/etc/mkinitcpio.conf") || machine.is_dir("/etc/mkinitcpio.d")) {
    config.generator = "mkinitcpio";
    read_mkinitcpio(machine, config);
  } else if (machine.is_file("/etc/dracut.conf") || machine.is_dir("/etc/dracut.conf.d") ||
             machine.is_dir("/usr/lib/dracut/dracut.conf.d")) {
    config.generator = "dracut";
    read_dracut(machine, config);
  }
  return config;
}

std::vector<std::string> kernel_module_names(const Machine& machine, const std::string& release) {
  std::vector<std::string> names;
  for (const char* file : {"modules.dep", "modules.builtin"}) {
    const ReadResult r = machine.read(fmt::format("/lib/modules/{}/{}", release, file), kMaxModulesDep);
    if (!r.content) continue;
    std::size_t i = 0;
    const std::string& text = *r.content;
    while (i < text.size()) {
      const std::size_t end = std::min(text.find('\n', i), text.size());
      // "kernel/drivers/nvme/host/nvme.ko.xz: kernel/drivers/nvme/host/nvme-core.ko.xz"
      const std::string_view path = std::string_view(text).substr(i, std::min(text.find(':', i), end) - i);
      i = end + 1;
      if (std::string name = module_name_of(path); !name.empty()) names.push_back(std::move(name));
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

}  // namespace kdiag::doctor
