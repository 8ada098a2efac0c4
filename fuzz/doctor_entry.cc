// The doctor fuzz target's entry: the fuzzer's bytes become a machine's tree under a scratch root
// (files, directories, symbolic links anywhere, FIFOs, in the places doctor reads), and
// `kdiag doctor --root` runs on it in every format. Beside the root lies a canary file: no link
// may lead doctor to it (the root must confine every path), no FIFO may hang it, and every
// output must stay valid (JSON that parses, text without raw control characters).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "doctor/checks.h"
#include "doctor/machine.h"
#include "doctor/report.h"
#include "kdiag.h"
#include "entries.h"

namespace kdiag::fuzz {
namespace {

namespace fs = std::filesystem;

// Where doctor looks: an entry's first byte picks one of these (or, past the list, a path the
// input spells), so that short inputs reach the checks.
const char* const kPlaces[] = {"proc/sys/kernel/osrelease",
                               "proc/cmdline",
                               "proc/config.gz",
                               "proc/mounts",
                               "etc/fstab",
                               "boot/config-6.1.0-1-amd64",
                               "boot/vmlinuz-6.1.0-1-amd64",
                               "boot/initrd.img-6.1.0-1-amd64",
                               "lib/modules/6.1.0-1-amd64/build",
                               "lib/modules/6.1.0-1-amd64/build/Makefile",
                               "lib/modules/6.1.0-1-amd64/build/include/generated/utsrelease.h",
                               "lib/modules/6.1.0-1-amd64/build/include/config/kernel.release",
                               "lib/modules/6.1.0-1-amd64/build/.config",
                               "lib/modules/6.1.0-1-amd64/build/rust/libcore.rmeta",
                               "sys/class/block/vda/dev",
                               "sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-e0a98c3d2a8c",
                               "sys/kernel/security/lockdown",
                               "etc/mkinitcpio.d/linux.preset",
                               "etc/mkinitcpio.conf",
                               "etc/dracut.conf",
                               "etc/dracut.conf.d/10-x.conf",
                               "lib/modules/6.1.0-1-amd64/modules.dep",
                               "lib/modules/6.1.0-1-amd64/kernel/drivers/x.ko",
                               "lib/modules/6.1.0-1-amd64/updates/dkms/x.ko",
                               "sys/firmware/efi/mok-variables/MokListRT",
                               "sys/firmware/efi/efivars/db-d719b2cb-3d3a-4596-a3bc-dad00e67656f",
                               "var/lib/dkms/mok.pub",
                               "sys/devices/platform/x/supplier:platform:y",
                               "sys/devices/platform/x/iommu",
                               "boot",
                               "lib/modules",
                               "chain/1",
                               "chain/2"};
constexpr std::size_t kPlaceCount = sizeof kPlaces / sizeof kPlaces[0];
// The canary's text: random per process, so that it is not a constant the fuzzer can read out of
// the binary. (libFuzzer may still learn it from the comparisons below and write it into the
// tree itself; the oracle tells that from an escape.)
const std::string& canary_text() {
  static const std::string text = [] {
    std::random_device random;
    return fmt::format("canary-{:08x}{:08x}-outside-the-root", random(), random());
  }();
  return text;
}

// Whether the tree itself holds text (in a file or a link target; links are not followed): then
// the output may quote it without anything outside the root having been read.
bool tree_holds(const fs::path& root, const std::string& text) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::file_status st = it->symlink_status(ec);
    if (fs::is_symlink(st)) {
      if (fs::read_symlink(it->path(), ec).string().find(text) != std::string::npos) return true;
    } else if (fs::is_regular_file(st)) {
      std::ifstream in(it->path(), std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (bytes.find(text) != std::string::npos) return true;
    }
  }
  return false;
}

// A relative path with no empty, "." or ".." components.
std::vector<std::string> components_of(const std::string& spelled) {
  std::vector<std::string> out;
  for (const auto& part : fs::path(spelled)) {
    const std::string p = part.string();
    if (p.empty() || p == "/" || p == "." || p == "..") continue;
    out.push_back(p);
  }
  if (out.empty()) out.push_back("x");
  return out;
}

// Creates one entry of the tree under the directory root_fd, never following a symbolic link:
// the fuzzer makes links that point anywhere on the host (that is the point), so every parent is
// opened with O_NOFOLLOW (a link among them skips the entry) and the old entry is unlinked, never
// removed recursively. Without this, a link such as boot -> / followed by an entry boot/etc
// deletes the host's /etc (it did, once, on the machine these targets were written on).
void make_entry(int root_fd, const std::vector<std::string>& parts, unsigned kind, const std::string& bytes) {
  int dir = ::dup(root_fd);
  for (std::size_t i = 0; i + 1 < parts.size() && dir >= 0; ++i) {
    ::mkdirat(dir, parts[i].c_str(), 0700);
    const int next = ::openat(dir, parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    ::close(dir);
    dir = next;
  }
  if (dir < 0) return;
  const char* name = parts.back().c_str();
  // An old file, link or FIFO of that name goes; an old directory stays unless it is empty.
  if (::unlinkat(dir, name, 0) != 0) ::unlinkat(dir, name, AT_REMOVEDIR);
  switch (kind) {
    case 0: {
      const int fd = ::openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
      if (fd >= 0) {
        [[maybe_unused]] const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        ::close(fd);
      }
      break;
    }
    case 1: ::symlinkat(bytes.empty() ? "." : bytes.c_str(), dir, name); break;
    case 2: ::mkdirat(dir, name, 0700); break;
    default: ::mkfifoat(dir, name, 0600); break;
  }
  ::close(dir);
}

struct Scratch {
  fs::path dir;
  Scratch() {
    std::string tmpl = (fs::temp_directory_path() / "kdiag-fuzz-doctor-XXXXXX").string();
    require(::mkdtemp(tmpl.data()) != nullptr);
    dir = tmpl;
    fs::create_directories(dir / "root");
    std::ofstream(dir / "canary") << canary_text() << "\n";
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

}  // namespace

int doctor_one_input(const std::uint8_t* data, std::size_t size) {
  static const RuleSet rules = builtin_rules();
  Scratch scratch;
  const fs::path root = scratch.dir / "root";
  // Records: kind (low 2 bits: file, link, dir, FIFO), place, length, then that many bytes
  // (content or link target; "path\ncontent" when place is past the list).
  const int root_fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  require(root_fd >= 0);
  std::size_t at = 0;
  for (int entries = 0; at + 3 <= size && entries < 32; ++entries) {
    const unsigned kind = data[at] & 3, place = data[at + 1], length = data[at + 2];
    at += 3;
    std::string bytes(reinterpret_cast<const char*>(data + at), std::min<std::size_t>(length, size - at));
    at += bytes.size();
    std::vector<std::string> parts;
    if (place < kPlaceCount) {
      parts = components_of(kPlaces[place]);
    } else {  // "path\npayload"
      const std::size_t nl = bytes.find('\n');
      parts = components_of(bytes.substr(0, nl));
      bytes = nl == std::string::npos ? std::string() : bytes.substr(nl + 1);
    }
    if (kind == 1) {
      // "@" stands for the canary's absolute path, so escapes are easy to find.
      if (const auto p = bytes.find('@'); p != std::string::npos)
        bytes.replace(p, 1, (scratch.dir / "canary").string());
      if (bytes.find('\0') != std::string::npos) bytes.resize(bytes.find('\0'));
    }
    make_entry(root_fd, parts, kind, bytes);
  }
  ::close(root_fd);
  doctor::MachineOptions options;
  options.root = root.string();
  options.tool_path = "";  // no tools: the tree is the subject, and tools would be slow
  options.system_path = "";
  options.boot_free = 1 << 30;
  options.esp_free = 1 << 30;
  const doctor::Machine machine(options);
  // As doctor runs for the running kernel, and for a new kernel (--kernel): its modules'
  // signatures and signers, the initramfs generator's files, the root chain's suppliers.
  doctor::Request for_new_kernel;
  for_new_kernel.kernel = "6.1.0-1-amd64";
  for (const auto& [format, request] : {std::pair{"text", doctor::Request{}}, std::pair{"json", doctor::Request{}},
                                        std::pair{"text", for_new_kernel}, std::pair{"json", for_new_kernel}}) {
    doctor::ReportOptions report;
    report.format = format;
    report.version = "fuzz";
    std::ostringstream out, err;
    doctor::run(rules, machine, request, report, "", out, err);
    const std::string text = out.str() + err.str();
    // The canary's text in the output means the outside file was read, unless the fuzzer put
    // that text into the tree itself.
    if (text.find(canary_text()) != std::string::npos) require(tree_holds(root, canary_text()));
    if (std::string(format) == "json") require(nlohmann::json::accept(out.str()));
    else require(text.find('\x1b') == std::string::npos);
  }
  return 0;
}

}  // namespace kdiag::fuzz
