// kdiag-loggen: the benchmark's inputs, generated deterministically.
//   kdiag-loggen log MB OUT FAILURE_FILE...   a realistic build/boot log of MB megabytes with the
//                                             failure files' lines placed at the start, middle, end
//   kdiag-loggen rules N OUT                  a valid rule pack of N synthetic rules
//   kdiag-loggen ere < re2-patterns > ere     RE2 patterns rewritten for grep -E (see to_ere)
#include <cctype>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

// xorshift64*: the same log on every machine and every run.
struct Random {
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  std::uint64_t next() {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 2685821657736338717ULL;
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  template <typename T>
  const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }
};

const std::vector<std::string> kDirs = {"drivers/net/ethernet/intel/e1000e", "drivers/gpu/drm/amd/display/dc/core",
                                        "fs/btrfs", "net/ipv4", "sound/pci/hda", "drivers/usb/host", "kernel/sched",
                                        "mm", "drivers/nvme/host", "arch/x86/kernel", "rust/kernel"};
const std::vector<std::string> kFiles = {"netdev", "ethtool", "dc_link", "extent-tree", "tcp_input", "hda_codec",
                                         "xhci-ring", "fair", "page_alloc", "core", "pci", "init", "sync"};
const std::vector<std::string> kTools = {"CC [M] ", "CC     ", "LD [M] ", "AR     ", "RUSTC [M]", "HOSTCC ", "CC [M] ",
                                         "CC [M] ", "OBJCOPY", "BTF [M]"};
const std::vector<std::string> kWarnings = {"unused variable 'ret' [-Wunused-variable]",
                                            "'x' may be used uninitialized [-Wmaybe-uninitialized]",
                                            "this statement may fall through [-Wimplicit-fallthrough=]",
                                            "comparison of integer expressions of different signedness [-Wsign-compare]"};
const std::vector<std::string> kDmesg = {"usb 1-1: new high-speed USB device number 2 using xhci_hcd",
                                         "e1000e 0000:00:1f.6 eth0: NIC Link is Up 1000 Mbps Full Duplex",
                                         "EXT4-fs (nvme0n1p2): mounted filesystem with ordered data mode",
                                         "audit: type=1400 audit(1700000000.123:45): apparmor=\"STATUS\"",
                                         "systemd[1]: Started Journal Service.",
                                         "nvme nvme0: 8/0/0 default/read/poll queues"};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int make_log(std::size_t megabytes, const std::string& out_path, const std::vector<std::string>& failures) {
  std::ofstream out(out_path, std::ios::binary);
  Random rng;
  const std::size_t target = megabytes << 20;
  std::size_t written = 0, line = 0;
  std::vector<std::string> failure_text;
  for (const auto& f : failures) failure_text.push_back(read_file(f));
  auto place = [&](std::size_t slot) {
    if (failure_text.empty()) return;
    const std::string& t = failure_text[slot % failure_text.size()];
    out << t;
    if (!t.empty() && t.back() != '\n') out << '\n';
    written += t.size();
  };
  place(0);
  bool middle_done = false;
  std::string buf;
  while (written < target) {
    buf.clear();
    const std::size_t kind = rng.below(100);
    const std::string& dir = rng.pick(kDirs);
    const std::string& file = rng.pick(kFiles);
    if (kind < 70) {
      buf = "  " + rng.pick(kTools) + " " + dir + "/" + file + (kind % 7 == 0 ? ".ko" : ".o") + "\n";
    } else if (kind < 80) {
      const auto n = rng.below(3000) + 1;
      buf = dir + "/" + file + ".c:" + std::to_string(n) + ":" + std::to_string(rng.below(80) + 1) +
            ": warning: " + rng.pick(kWarnings) + "\n  " + std::to_string(n) + " |         int ret;\n      |             ^~~\n";
    } else if (kind < 88) {
      buf = "make[" + std::to_string(rng.below(4) + 1) + "]: " + (kind % 2 ? "Entering" : "Leaving") +
            " directory '/usr/src/linux-6.8/" + dir + "'\n";
    } else {
      char ts[32];
      std::snprintf(ts, sizeof ts, "[%5zu.%06zu] ", line / 1000, (line * 7919) % 1000000);
      buf = std::string(ts) + rng.pick(kDmesg) + "\n";
    }
    out << buf;
    written += buf.size();
    ++line;
    if (!middle_done && written >= target / 2) {
      place(1);
      middle_done = true;
    }
  }
  place(2);
  return out ? 0 : 1;
}

int make_rules(std::size_t n, const std::string& out_path) {
  std::ofstream out(out_path);
  out << "pack: bench\ndescription: synthetic rules for the rule-count benchmark (not knowledge)\nrules:\n";
  const std::vector<std::string> verbs = {"missing", "broken", "rejected", "timed out", "not found"};
  for (std::size_t i = 0; i < n; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "%04zu", i);
    const std::string verb = verbs[i % verbs.size()];
    out << "  - id: kernel.bench-" << id << "\n    title: synthetic cause " << id
        << "\n    severity: error\n    cause: synthetic\n    fix: [nothing]\n    signatures:\n"
        << "      - name: s\n        pattern: 'bench" << id << ": (?P<what>\\w+) " << verb
        << " at line \\d+'\n    examples:\n      match: ['bench" << id << ": widget " << verb
        << " at line 42']\n      no_match: ['bench" << id << ": widget fine']\n";
  }
  return out ? 0 : 1;
}

// RE2 syntax to what GNU grep -E accepts, for the same-work comparison: named and non-capturing
// groups become plain groups, \d becomes [0-9], lazy quantifiers become greedy (the same set of
// matching lines), \A and \z become ^ and $. (?i) is dropped: grep has no inline flag.
std::string to_ere(const std::string& p) {
  std::string out;
  bool in_class = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      const char e = p[++i];
      if (e == 'd') out += in_class ? "0-9" : "[0-9]";
      else if (e == 'D') out += "[^0-9]";
      else if (e == 'A') out += '^';
      else if (e == 'z') out += '$';
      else { out += '\\'; out += e; }
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
      if (i + 1 < p.size() && p[i + 1] == ']') out += p[++i];
      continue;
    }
    if (c == '(' && p.compare(i, 4, "(?P<") == 0) {
      i = p.find('>', i);
      out += '(';
      continue;
    }
    if (c == '(' && p.compare(i, 3, "(?:") == 0) {
      i += 2;
      out += '(';
      continue;
    }
    if (c == '(' && p.compare(i, 2, "(?") == 0) {  // (?i) and (?i:...): flags grep cannot express
      std::size_t j = i + 2;
      while (j < p.size() && std::isalpha(static_cast<unsigned char>(p[j]))) ++j;
      if (j < p.size() && p[j] == ':') out += '(';
      i = j;
      continue;
    }
    if (c == '?' && !out.empty() && (out.back() == '*' || out.back() == '+' || out.back() == '?' || out.back() == '}')) {
      continue;  // lazy quantifier
    }
    out += c;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "log" && argc >= 4) {
    return make_log(std::stoul(argv[2]), argv[3], std::vector<std::string>(argv + 4, argv + argc));
  }
  if (mode == "rules" && argc == 4) return make_rules(std::stoul(argv[2]), argv[3]);
  if (mode == "ere") {
    std::string line;
    while (std::getline(std::cin, line)) std::cout << to_ere(line) << "\n";
    return 0;
  }
  std::cerr << "usage: kdiag-loggen log MB OUT FAILURE_FILE... | rules N OUT | ere < patterns\n";
  return 2;
}
