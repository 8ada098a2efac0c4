// What is printed before the kernel's own console output: the EFI stub inside the kernel image
// ("EFI stub: ERROR: ...") and the bootloaders (GRUB, U-Boot, systemd-boot).
#include "dialects/dialects.h"
#include "dialects/grammar_util.h"

namespace kdiag::dialects {
namespace {
using namespace kdiag::grammar;
using x3::lit;
using x3::raw;
}  // namespace

bool parse_efistub(const Line& line, Event& ev) {
  // Every grammar here starts at the line's first byte: a look at it turns most lines away
  // before any parser state is built (classify tries each dialect on every line).
  if (!line.text.starts_with("EFI stub: ")) return false;
  std::string level, message;
  if (!parse_all(line.text, lit("EFI stub: ") >> -raw[lit("ERROR") | lit("WARNING")][into(level)] >> -lit(": ") >>
                                raw[rest][into(message)])) {
    return false;
  }
  ev.dialect = "efistub";
  ev.kind = "message";
  ev.severity = level == "ERROR" ? Severity::error : level == "WARNING" ? Severity::warning : Severity::info;
  ev.set("message", message);
  return true;
}

bool parse_bootloader(const Line& line, Event& ev) {
  if (line.text.empty() || std::string_view("SLUDB#").find(line.text[0]) == std::string_view::npos) return false;
  std::string message;
  // U-Boot "Starting kernel ...", GRUB "Loading Linux 6.1.0 ..." / "Loading initial ramdisk ...",
  // the decompressor's "Uncompressing Linux... done, booting the kernel."
  if (!parse_all(line.text,
                 raw[lit("Starting kernel") | lit("Loading Linux") | lit("Loading initial ramdisk") |
                     lit("Uncompressing Linux") | lit("Decompressing Linux") | lit("Booting a command list") |
                     lit("## Booting kernel") | lit("## Flattened Device Tree") | lit("## Loading init Ramdisk")] >>
                     rest)) {
    return false;
  }
  ev.dialect = "bootloader";
  ev.kind = "message";
  ev.set("message", line.text);
  return true;
}

}  // namespace kdiag::dialects
