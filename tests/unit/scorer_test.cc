// Scoring, ranking, suppression and the position conditions, end to end through the engine.
#include <doctest/doctest.h>

#include "kdiag.h"
#include "scorer/scorer.h"

using namespace kdiag;

namespace {

std::string rule(const std::string& id, const std::string& severity, const std::string& signatures,
                 const std::string& extra = "") {
  return "  - id: " + id + "\n    title: t\n    severity: " + severity +
         "\n    cause: c\n    fix: ['step for {thing}']\n" + "    signatures:\n" + signatures + extra +
         "    examples:\n      match: ['x']\n      no_match: ['y']\n";
}

Engine engine_of(const std::string& rules) {
  LoadResult r = load_packs({{"t.yaml", "rules:\n" + rules}});
  REQUIRE_MESSAGE(r.ok(), (r.errors.empty() ? "" : r.errors[0]));
  return Engine(std::move(r.rules));
}

std::vector<std::string> ids(const Result& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnoses) out.push_back(d.rule->id);
  return out;
}

}  // namespace

TEST_CASE("scorer: weights combine; the stronger evidence ranks first") {
  const Engine e =
      engine_of(rule("kbuild.compile-error", "error", "      - {name: err, pattern: 'error:', weight: 0.4}\n") +
                rule("rust.target-json-missing", "error",
                     "      - {name: tj, pattern: 'target\\.json', weight: 0.9}\n      - {name: make, pattern: 'Error "
                     "2', weight: 0.5}\n"));
  const Result r =
      e.diagnose_text("log", "error: target file \"./rust/target.json\" does not exist\nmake: *** [x] Error 2\n");
  REQUIRE(ids(r) == std::vector<std::string>{"rust.target-json-missing", "kbuild.compile-error"});
  CHECK(r.diagnoses[0].score == doctest::Approx(1 - 0.1 * 0.5));
  CHECK(r.diagnoses[1].score == doctest::Approx(0.4));
  CHECK(r.margin == doctest::Approx(0.95 - 0.4));
  CHECK(r.diagnoses[0].evidence.size() == 2);
  CHECK(r.diagnoses[0].evidence[0].line == 1);
}

TEST_CASE("scorer: a cause suppresses the symptom it explains") {
  const Engine e = engine_of(
      rule("kbuild.compile-error", "error", "      - {name: err, pattern: 'Error 2', weight: 0.4}\n") +
      rule("kbuild.headers-missing", "error", "      - {name: h, pattern: '/lib/modules/\\S+/build', weight: 0.9}\n",
           "    suppresses: [kbuild.compile-error]\n"));
  const Result r = e.diagnose_text(
      "log", "make: *** /lib/modules/6.1/build: No such file or directory.  Stop.\nmake: *** Error 2\n");
  CHECK(ids(r) == std::vector<std::string>{"kbuild.headers-missing"});
  REQUIRE(r.suppressed.size() == 1);
  CHECK(r.suppressed[0].suppressed_by == "kbuild.headers-missing");
}

TEST_CASE("scorer: info never outranks an error, whatever the scores") {
  const Engine e =
      engine_of(rule("module.taint-unsigned", "info", "      - {name: t, pattern: 'taint', weight: 1.0}\n") +
                rule("kernel.panic", "error", "      - {name: p, pattern: 'panic', weight: 0.2}\n"));
  const Result r = e.diagnose_text("log", "taint\npanic\n");
  CHECK(ids(r) == std::vector<std::string>{"kernel.panic", "module.taint-unsigned"});
}

TEST_CASE("scorer: last() sees that the output ends after a signature") {
  const Engine e = engine_of(rule("boot.no-console-after-efistub", "error",
                                  "      - {name: efi, pattern: '^EFI stub: '}\n", "    condition: last(efi)\n"));
  CHECK(ids(e.diagnose_text("boot", "EFI stub: Loaded initrd\nEFI stub: Measured initrd data into PCR 9\n\n")).size() ==
        1);
  CHECK(ids(e.diagnose_text("boot", "EFI stub: Loaded initrd\n[    0.000000] Linux version 6.7\n")).empty());
  const Result near = e.diagnose_text("boot", "EFI stub: Loaded initrd\n[    0.000000] Linux version 6.7\n");
  CHECK(near.near_misses.size() == 1);
}

TEST_CASE("scorer: within() pairs a symptom with a cause only when they are close") {
  const Engine e = engine_of(rule("boot.firmware-missing", "error",
                                  "      - {name: fw, pattern: 'Direct firmware load for'}\n"
                                  "      - {name: probe, pattern: 'probe of \\S+ failed'}\n",
                                  "    condition: within(fw, probe, 3)\n"));
  CHECK(ids(e.diagnose_text("log", "Direct firmware load for x.bin failed\nfoo\nbar: probe of 1-1 failed\n")).size() ==
        1);
  CHECK(ids(e.diagnose_text("log", "Direct firmware load for x.bin failed\n1\n2\n3\n4\nbar: probe of 1-1 failed\n"))
            .empty());
  // A probe failure before the firmware message does not count.
  CHECK(ids(e.diagnose_text("log", "bar: probe of 1-1 failed\nDirect firmware load for x.bin failed\n")).empty());
}

TEST_CASE("scorer: within(a, b, n, key) pairs hits only when they captured the same value") {
  const Engine e = engine_of(rule("boot.firmware-missing", "error",
                                  "      - {name: fw, pattern: '(?P<dev>\\S+): Direct firmware load for'}\n"
                                  "      - {name: probe, pattern: 'probe of (?P<dev>\\S+) failed'}\n",
                                  "    condition: within(fw, probe, 5, dev)\n"));
  // The same device: the probe failure is the firmware's symptom.
  CHECK(ids(e.diagnose_text("log",
                            "rtw 1-1.4:1.0: Direct firmware load for x.bin failed\nrtw: probe of 1-1.4:1.0 failed\n"))
            .size() == 1);
  // Another device's probe failure close by does not tie in, even between two firmware lines.
  CHECK(ids(e.diagnose_text("log",
                            "r8152 1-1.2:1.0: Direct firmware load for a.fw failed\n"
                            "thermal: probe of thermal-sensor1 failed\n"
                            "platform regulatory.0: Direct firmware load for regulatory.db failed\n"))
            .empty());
  // Many other devices in between do not push the right one out of the window's memory.
  std::string log = "rtw 1-1.4:1.0: Direct firmware load for x.bin failed\n";
  for (int i = 0; i < 3; ++i) log += "d" + std::to_string(i) + ": Direct firmware load for y failed\n";
  log += "rtw: probe of 1-1.4:1.0 failed\n";
  CHECK(ids(e.diagnose_text("log", log)).size() == 1);
}

TEST_CASE("scorer: the cause of the fatal event outranks a louder finding that explains nothing") {
  const Engine e = engine_of(
      rule("boot.firmware-missing", "error",
           "      - {name: fw, pattern: 'Failed to load firmware file', weight: 0.95}\n") +
      rule("boot.nfsroot-network-down", "error", "      - {name: ip, pattern: 'IP-Config: no response', weight: 0.6}\n",
           "    suppresses: [kernel.panic]\n") +
      rule("kernel.panic", "error", "      - {name: p, pattern: 'Kernel panic', weight: 0.5}\n"));
  const std::string log =
      "Bluetooth: hci0: Failed to load firmware file (-2)\nIP-Config: no response after 2 secs - giving up\n"
      "Kernel panic - not syncing: Attempted to kill init!\n";
  const Result r = e.diagnose_text("boot", log);
  CHECK(ids(r) == std::vector<std::string>{"boot.nfsroot-network-down", "boot.firmware-missing"});
  REQUIRE(!r.diagnoses.empty());
  CHECK(r.diagnoses[0].explains == std::vector<std::string>{"kernel.panic"});
  // Without the panic nothing anchors either finding: the score decides.
  CHECK(
      ids(e.diagnose_text("boot", "Bluetooth: hci0: Failed to load firmware file (-2)\nIP-Config: no response\n"))[0] ==
      "boot.firmware-missing");
}

TEST_CASE("scorer: a demoted cause is a notice and explains nothing") {
  const Engine e = engine_of(rule("boot.firmware-missing", "error",
                                  "      - {name: fw, pattern: 'Failed to load firmware file', weight: 0.9}\n"
                                  "      - {name: goal, pattern: ' login: ?$', weight: 0.0}\n",
                                  "    condition: fw\n    demote: {when: goal, because: 'the boot went on.'}\n"
                                  "    suppresses: [kernel.warning]\n") +
                             rule("kernel.warning", "warning", "      - {name: w, pattern: 'WARNING: CPU'}\n"));
  const Result failed = e.diagnose_text("boot", "Failed to load firmware file (-2)\nWARNING: CPU: 0 PID: 1\n");
  CHECK(ids(failed) == std::vector<std::string>{"boot.firmware-missing"});
  CHECK(failed.diagnoses[0].severity == Severity::error);
  const Result reached =
      e.diagnose_text("boot", "Failed to load firmware file (-2)\nWARNING: CPU: 0 PID: 1\nhost login: \n");
  CHECK(ids(reached) == std::vector<std::string>{"kernel.warning", "boot.firmware-missing"});
  CHECK(reached.diagnoses[1].severity == Severity::info);
  CHECK(reached.diagnoses[1].cause.find("the boot went on.") != std::string::npos);
}

TEST_CASE("scorer: a fix step can depend on a version the log revealed") {
  LoadResult r = load_packs({{"t.yaml", R"YAML(rules:
  - id: initramfs.module-not-found
    title: t
    severity: error
    cause: c
    fix:
      - 'remove {module}'
      - {step: 'on 6.14+ crc32c_intel is gone', when: 'version(build.kver) >= 6.14'}
    signatures:
      - {name: nf, pattern: 'module not found: .(?P<module>[a-z0-9_-]+)'}
      - {name: build, pattern: "Starting build: '(?P<kver>[^']+)'", weight: 0.1}
    condition: nf
    examples: {match: ['x'], no_match: ['y']}
)YAML"}});
  REQUIRE_MESSAGE(r.ok(), (r.errors.empty() ? "" : r.errors[0]));
  const Engine e(std::move(r.rules));
  auto res =
      e.diagnose_text("log", "==> Starting build: '6.14.4-arch1-1'\n==> ERROR: module not found: 'crc32c_intel'\n");
  REQUIRE(res.diagnoses.size() == 1);
  CHECK(res.diagnoses[0].fix.size() == 2);
  res = e.diagnose_text("log", "==> Starting build: '6.12.1-arch1-1'\n==> ERROR: module not found: 'crc32c_intel'\n");
  REQUIRE(res.diagnoses.size() == 1);
  CHECK(res.diagnoses[0].fix == std::vector<std::string>{"remove crc32c_intel"});
}

TEST_CASE("scorer: several inputs are one story, in reading order") {
  const Engine e = engine_of(rule("boot.missing-storage-driver", "error",
                                  "      - {name: mk, pattern: 'errors were encountered'}\n"
                                  "      - {name: efi, pattern: '^EFI stub: '}\n",
                                  "    condition: mk before efi and last(efi)\n"));
  Session s(e);
  s.begin_input("mkinitcpio.log");
  s.feed("==> WARNING: errors were encountered during the build. The image may not be complete.\n");
  s.end_input();
  s.begin_input("boot.txt");
  s.feed("EFI stub: Measured initrd data into PCR 9\n");
  s.end_input();
  const Result r = s.finish();
  REQUIRE(ids(r) == std::vector<std::string>{"boot.missing-storage-driver"});
  CHECK(r.diagnoses[0].evidence[1].input == 1);
  CHECK(r.inputs[1].name == "boot.txt");
}

TEST_CASE("scorer: captures fill the fix; unknown ones become placeholders") {
  const Engine e = engine_of(rule("initramfs.module-not-found", "error",
                                  "      - {name: m, pattern: 'module not found: .(?P<thing>[a-z0-9_]+)'}\n"));
  Result r = e.diagnose_text("log", "==> ERROR: module not found: `crc32c_intel'\n");
  REQUIRE(r.diagnoses.size() == 1);
  CHECK(r.diagnoses[0].fix[0] == "step for crc32c_intel");
  CHECK(fill_placeholders("run ${HOME}/x {thing} {other}", {}, {"thing"}) == "run ${HOME}/x <thing> {other}");
}

TEST_CASE("scorer: a suppresses entry with a condition explains the symptom only when it holds") {
  // A WARNING explains the panic only when panic_on_warn made it one.
  const Engine e =
      engine_of(rule("kernel.panic", "error", "      - {name: p, pattern: 'Kernel panic', weight: 0.5}\n") +
                rule("kernel.warning", "warning",
                     "      - {name: w, pattern: 'WARNING: CPU', weight: 0.35}\n"
                     "      - {name: pow, pattern: 'panic_on_warn set', weight: 0.5}\n",
                     "    condition: w\n    suppresses:\n      - {id: kernel.panic, when: pow}\n"));
  const Result turned = e.diagnose_text(
      "log", "WARNING: CPU: 0 PID: 1 at x.c:1 f+0x1/0x2\nKernel panic - not syncing: panic_on_warn set ...\n");
  CHECK(ids(turned) == std::vector<std::string>{"kernel.warning"});
  REQUIRE(turned.suppressed.size() == 1);
  CHECK(turned.suppressed[0].suppressed_by == "kernel.warning");
  const Result unrelated =
      e.diagnose_text("log", "WARNING: CPU: 0 PID: 1 at x.c:1 f+0x1/0x2\nKernel panic - not syncing: VFS\n");
  CHECK(ids(unrelated) == std::vector<std::string>{"kernel.panic", "kernel.warning"});
  CHECK(unrelated.suppressed.empty());
}

TEST_CASE("loader: a suppresses entry's condition names the rule's own signatures") {
  LoadResult r =
      load_packs({{"t.yaml", "rules:\n" + rule("kernel.warning", "warning",
                                               "      - {name: w, pattern: 'WARNING', weight: 0.35}\n",
                                               "    suppresses:\n      - {id: kernel.panic, when: nosuch}\n")}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.errors[0].find("suppresses condition names unknown signature 'nosuch'") != std::string::npos);
  LoadResult bad = load_packs({{"t.yaml", "rules:\n" + rule("kernel.warning", "warning",
                                                            "      - {name: w, pattern: 'WARNING', weight: 0.35}\n",
                                                            "    suppresses:\n      - {id: kernel.panic}\n")}});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.errors[0].find("every suppresses entry must be a rule id or a mapping") != std::string::npos);
}

TEST_CASE("engine: an echoed command's text is not its output") {
  const Engine e =
      engine_of(rule("kbuild.kernel-tree-unprepared", "error",
                     "      - {name: invalid, pattern: 'ERROR: Kernel configuration is invalid', weight: 0.9}\n"));
  CHECK(ids(e.diagnose_text("log", "\techo \"  ERROR: Kernel configuration is invalid.\";\t\t\\\n")).empty());
  CHECK(ids(e.diagnose_text("log", "+ echo '  ERROR: Kernel configuration is invalid.'\n")).empty());
  CHECK(ids(e.diagnose_text("log", "  ERROR: Kernel configuration is invalid.\n")) ==
        std::vector<std::string>{"kbuild.kernel-tree-unprepared"});
}

TEST_CASE("engine: a message wrapped by a mailer or a terminal still matches") {
  const Engine e = engine_of(
      rule("kbuild.modpost-undefined-symbol", "error",
           "      - {name: u, pattern: 'ERROR: modpost: \"(?P<symbol>\\w+)\" \\[\\S+\\] undefined!', weight: 0.9}\n") +
      rule("kbuild.headers-missing", "error",
           "      - {name: h, pattern: '/lib/modules/\\S+/build: No such file or directory', weight: 0.9}\n"));
  // Mail: quoted, broken at a space before the last word.
  const Result mail = e.diagnose_text(
      "log",
      "> ERROR: modpost: \"drm_gem_object_put_locked\" [/home/u/foo/foo.ko]\n> undefined!\n> make[2]: *** Error 1\n");
  REQUIRE(ids(mail) == std::vector<std::string>{"kbuild.modpost-undefined-symbol"});
  CHECK(mail.diagnoses[0].evidence[0].line == 1);
  CHECK(mail.diagnoses[0].captures[0].second == "drm_gem_object_put_locked");
  // Terminal: cut at 80 columns in the middle of a word.
  const std::string line =
      "make: *** /lib/modules/6.1.0-13-amd64-local-build1/build: No such file or directory.  Stop.";
  REQUIRE(line.substr(74, 9) == "directory");  // the cut falls inside the word
  const Result cut = e.diagnose_text(
      "log", "make[1]: Entering directory '/home/u/mod'\n" + line.substr(0, 80) + "\n" + line.substr(80) + "\n");
  CHECK(ids(cut) == std::vector<std::string>{"kbuild.headers-missing"});
  // Lines a program printed with their own timestamps are not wrapped pieces of one another.
  CHECK(ids(e.diagnose_text("log",
                            "[    1.000000] ERROR: modpost: \"foo\" [/home/u/foo/foo.ko]\n"
                            "[    1.000001] undefined!\n"))
            .empty());
  // Nor is an indented line (gcc's source excerpt), nor one after lines wider than the break.
  CHECK(ids(e.diagnose_text("log",
                            "ERROR: modpost: \"drm_gem_object_put_locked\" [/home/u/foo/foo.ko]\n"
                            "    undefined!\n"))
            .empty());
  CHECK(ids(e.diagnose_text("log",
                            std::string(200, 'x') + " " + std::string(10, 'y') + "\n" +
                                "ERROR: modpost: \"drm_gem_object_put_locked\" [/home/u/foo/foo.ko]\nundefined!\n"))
            .empty());
}

TEST_CASE("engine: a mailer's break inside gcc's 'fatal error:' still joins the message") {
  const Engine e =
      engine_of(rule("kbuild.tool-missing", "error",
                     "      - {name: h, pattern: 'fatal error: (?P<file>gelf\\.h): No such file', weight: 0.9}\n"));
  // The second piece reads as a diagnostic of its own ("error: ..."), but the first ends inside
  // the level: a location and "fatal".
  const Result r = e.diagnose_text("log",
                                   ">         E: linux-6.1/tools/objtool/include/objtool/elf.h:10:10: fatal\n"
                                   "> error: gelf.h: No such file or directory\n");
  CHECK(ids(r) == std::vector<std::string>{"kbuild.tool-missing"});
  // A word after a location that is followed by a new message stays apart when it is not cut:
  // the line before is short, so no wrapper broke it.
  CHECK(ids(e.diagnose_text("log", "a.c:1:1: fatal\nerror: gelf.h: No such file or directory\n")).empty());
}

TEST_CASE("engine: a reply's re-wrap of a quoted, wrapped line (ragged quoting) still joins it") {
  const Engine e = engine_of(
      rule("boot.firmware-missing", "error",
           "      - {name: f, pattern: 'Direct firmware load for (?P<fw>\\S+) failed with error -2', weight: 0.9}\n"));
  // The first mail wrapped "... failed with error" / "-2"; the reply quoted both lines again and
  // its mailer re-wrapped the first, leaving "with error" under one '>' between them.
  const std::string ragged =
      "> > b43 bcma0:1: Direct firmware load for b43/ucode30_mimo.fw failed\n"
      "> with error\n"
      "> > -2\n";
  const Result r = e.diagnose_text("log", ragged);
  REQUIRE(ids(r) == std::vector<std::string>{"boot.firmware-missing"});
  CHECK(r.diagnoses[0].captures[0].second == "b43/ucode30_mimo.fw");
  // The same three lines all quoted once are no re-wrap: the short middle line ends the message.
  CHECK(ids(e.diagnose_text("log",
                            "> b43 bcma0:1: Direct firmware load for b43/ucode30_mimo.fw failed\n"
                            "> with error\n"
                            "> -2\n"))
            .empty());
}

TEST_CASE("scorer: a failure confined to one device ranks after one that stopped the run") {
  const std::string oops =
      rule("kernel.oops", "error", "      - {name: o, pattern: 'general protection fault', weight: 0.5}\n");
  const std::string firmware_sigs = "      - {name: f, pattern: 'Failed to request firmware', weight: 0.9}\n";
  const std::string log =
      "general protection fault, probably for non-canonical address\n"
      "ivpu_fw_request(): Failed to request firmware: -2\n";
  // Without a scope, the higher score wins.
  CHECK(ids(engine_of(oops + rule("boot.firmware-missing", "error", firmware_sigs)).diagnose_text("log", log)) ==
        std::vector<std::string>{"boot.firmware-missing", "kernel.oops"});
  // scope: device puts it after the crash, whatever its score.
  CHECK(ids(engine_of(oops + rule("boot.firmware-missing", "error", firmware_sigs, "    scope: device\n"))
                .diagnose_text("log", log)) == std::vector<std::string>{"kernel.oops", "boot.firmware-missing"});
  // Unless it explains the other failure: then it anchors the story.
  CHECK(ids(engine_of(rule("kernel.panic", "error", "      - {name: p, pattern: 'Kernel panic', weight: 0.5}\n") +
                      rule("boot.firmware-missing", "error", firmware_sigs,
                           "    scope: device\n    suppresses: [kernel.panic]\n"))
                .diagnose_text("log", "Failed to request firmware\nKernel panic - not syncing: x\n")) ==
        std::vector<std::string>{"boot.firmware-missing"});
  // A scope the loader does not know is refused with its place.
  const LoadResult bad = load_packs(
      {{"t.yaml", "rules:\n" + rule("boot.firmware-missing", "error", firmware_sigs, "    scope: devcie\n")}});
  REQUIRE(!bad.ok());
  CHECK(bad.errors[0].find("scope must be run (the default) or device") != std::string::npos);
}
