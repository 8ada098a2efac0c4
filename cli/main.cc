// kdiag: reads kernel build and boot logs and names the root cause of the failure.
#include <csignal>
#include <new>
#include <iostream>

#include <CLI/CLI.hpp>

#include "commands.h"
#include "startup.h"
#include "kdiag.h"

namespace {

constexpr const char* kDescription = R"(kdiag - diagnose Linux kernel build and boot failures from their logs

Reads make/kbuild output (in-tree, M= out-of-tree, Rust-for-Linux), gcc/clang and rustc
diagnostics, mkinitcpio and dracut runs, dmesg / journalctl -k and EFI-stub or bootloader
console text, and prints the root causes it finds, best first, each with the evidence lines
and the steps that fix it. Several files are reasoned over together.

Examples:
  make 2>&1 | kdiag                      diagnose a build as it fails
  kdiag build.log mkinitcpio.log boot.txt  several logs of one story, read in that order
  journalctl -k -b -1 | kdiag            the kernel log of the previous (failed) boot
  kdiag --format json build.log          machine-readable, for scripts and CI
  kdiag --fail-on error build.log        exit 1 when an error-level cause is found
  kdiag rules list                       what kdiag knows
  kdiag rules check my-rules/            validate packs and run every rule's examples
  kdiag corpus corpus/                   accuracy over a corpus of labelled logs
  kdiag batch -j 4 logs/ > rows.jsonl    each log of a fleet on its own, as JSON Lines
  kdiag summary -f markdown rows.jsonl   the triage table: which causes broke how many logs

Exit status: 0 ran (whatever it found, unless --fail-on); 1 a diagnosis at or above --fail-on
(or a failed check); 2 usage error, unreadable input or invalid rule pack.)";

// --format's choices and their help, from the renderer table (engine/render/render.cc).
std::vector<std::string> format_choices() {
  const auto& names = kdiag::format_names();
  return {names.begin(), names.end()};
}

std::string format_help() {
  std::string out;
  for (const auto& f : kdiag::format_table()) {
    out += (out.empty() ? "" : ", ") + std::string(f.name) + " (" + std::string(f.help) + ")";
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace kdiag::cli;
  prefault_heap();
  CLI::App app{kDescription, "kdiag"};
  app.set_version_flag("--version", std::string("kdiag ") + std::string(kdiag::kVersion));
  app.get_formatter()->column_width(34);

  KnowledgeOptions knowledge;
  DiagnoseOptions diagnose;
  app.add_option("files", diagnose.files, "Log files to read, in order; '-' or nothing reads standard input")
      ->type_name("FILE...");
  app.add_option("-f,--format", diagnose.format, "Output format: " + format_help())
      ->check(CLI::IsMember(format_choices()))
      ->default_str("text");
  app.add_option("-n,--top", diagnose.top, "Show at most N diagnoses (0 = all)")->default_str("5");
  app.add_option("--max-line-bytes", diagnose.max_line_bytes,
                 "Cut lines longer than N bytes (the output says so when it happens)")
      ->type_name("N")
      ->check(CLI::Range(std::size_t{16}, std::size_t{1} << 30))
      ->default_str("65536");
  app.add_option("-j,--jobs", diagnose.jobs,
                 "Threads for a big input (over 4 MiB): 2 reads and matches it at once, 1 keeps one thread; "
                 "same result either way (default: 2 when there are 2 cores or more)")
      ->type_name("N")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1024}));
  app.add_flag("-q,--quiet", diagnose.quiet, "No progress line on stderr while reading large files");
  app.add_flag("--explain", diagnose.explain,
               "Show every candidate: scores, suppressed symptoms, near misses, signatures hit");
  app.add_option("--fail-on", diagnose.fail_on, "Exit 1 when a diagnosis of this severity or worse is found")
      ->check(CLI::IsMember({"error", "warning", "info"}));
  app.add_option("--color", diagnose.color, "Colour the text output (NO_COLOR, TERM=dumb, CLICOLOR_FORCE honoured)")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_str("auto");
  // Rule-pack options apply to every subcommand too.
  auto add_knowledge = [&](CLI::App& a) {
    a.add_option("--rules", knowledge.rule_paths, "Add rule packs from a directory or YAML file (repeatable)")
        ->type_name("DIR|FILE")
        ->expected(1)
        ->allow_extra_args(false);
    a.add_flag(
        "--no-builtin", [&](std::int64_t) { knowledge.builtin = false; },
        "Do not load the rule packs built into kdiag");
  };
  add_knowledge(app);

  CLI::App* rules = app.add_subcommand("rules", "Inspect and validate the knowledge base");
  rules->require_subcommand(1);
  std::string list_format = "text";
  CLI::App* rules_list = rules->add_subcommand("list", "List every rule: id, severity, title");
  rules_list->add_option("-f,--format", list_format, "text or json")->check(CLI::IsMember({"text", "json"}));
  CLI::App* rules_check = rules->add_subcommand(
      "check", "Validate rule packs and run every rule's match/no_match examples (default: the built-in packs)");
  std::vector<std::string> check_files;
  bool strict = false;
  std::string taxonomy;
  rules_check->add_option("packs", check_files, "Pack files or directories to check instead of the built-in ones")
      ->type_name("FILE...");
  rules_check->add_flag("--strict", strict, "Fail (not warn) when a rule fires on another rule's no_match example");
  rules_check->add_option("--taxonomy", taxonomy, "Also check that every id of this taxonomy.yaml has a rule")
      ->check(CLI::ExistingFile);
  CLI::App* rules_patterns = rules->add_subcommand("patterns", "Print every signature's regex, one per line");
  bool show_literals = false;
  rules_patterns->add_flag("--literals", show_literals,
                           "Print each signature's required literals instead: what wakes its regex up");
  for (CLI::App* sub : {rules_list, rules_check, rules_patterns}) add_knowledge(*sub);

  CLI::App* corpus = app.add_subcommand("corpus", "Run the corpus of labelled logs and print accuracy per class");
  std::string corpus_dir = "corpus";
  std::string corpus_format = "text";
  bool corpus_verbose = false;
  corpus->add_option("dir", corpus_dir, "Corpus directory (case dirs with log.txt and meta.yaml)")
      ->default_str("corpus");
  corpus->add_option("-f,--format", corpus_format, "text or json")->check(CLI::IsMember({"text", "json"}));
  corpus->add_flag("-v,--verbose", corpus_verbose, "List passing cases too");
  add_knowledge(*corpus);

  CLI::App* doctor = app.add_subcommand(
      "doctor", "Check this machine for known causes before a build fails (headers, Rust toolchain, /boot space...)");
  DoctorOptions doctor_options;
  doctor->add_option("--root", doctor_options.root, "Check the tree at PATH instead of / (for tests and chroots)")
      ->type_name("PATH");
  doctor
      ->add_option("--kernel-dir", doctor_options.kernel_dir,
                   "Kernel build or headers directory (default: /lib/modules/RELEASE/build)")
      ->type_name("DIR");
  doctor->add_option("--release", doctor_options.release,
                     "Kernel release to check (default: the running kernel; under --root the newest installed there)");
  doctor
      ->add_option("--kernel", doctor_options.kernel,
                   "Check a new kernel before rebooting into it: root device drivers, console, initramfs, room")
      ->type_name("VERSION|PATH");
  doctor->add_flag("--rust", doctor_options.rust,
                   "You build Rust modules: a kernel without CONFIG_RUST is a finding, not a note");
  doctor->add_option("-f,--format", doctor_options.format, "Output format: " + format_help())
      ->check(CLI::IsMember(format_choices()));
  doctor->add_option("--color", doctor_options.color, "auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  doctor->add_option("--fail-on", doctor_options.fail_on, "Exit 1 when a finding of this severity or worse is found")
      ->check(CLI::IsMember({"error", "warning", "info"}));
  add_knowledge(*doctor);

  CLI::App* explain = app.add_subcommand("explain", "Show the full text of a rule: cause, fix, references, examples");
  std::string explain_id, explain_format = "text";
  explain
      ->add_option("id", explain_id, "Rule id, as printed by kdiag or CI annotations (e.g. rust.target-json-missing)")
      ->required();
  explain->add_option("-f,--format", explain_format, "text or json")->check(CLI::IsMember({"text", "json"}));
  add_knowledge(*explain);

  CLI::App* batch = app.add_subcommand(
      "batch", "Diagnose many logs, each on its own: one JSON line per log (.gz/.xz/.zst read as they are)");
  BatchOptions batch_options;
  batch
      ->add_option("paths", batch_options.paths,
                   "Log files, directories (walked) or '-' (a list of paths on standard input, one per line)")
      ->type_name("PATH...")
      ->required();
  batch
      ->add_option("--glob", batch_options.globs,
                   "Read only the files of a directory that match this pattern (repeatable; with '/', "
                   "matched against the path below the directory)")
      ->type_name("PATTERN")
      ->expected(1)
      ->allow_extra_args(false);
  batch->add_option("-j,--jobs", batch_options.jobs, "Diagnose N logs in parallel (default: the number of cores)")
      ->type_name("N")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1024}));
  batch->add_option("-n,--top", batch_options.top, "At most N diagnoses per log (0 = all)")->default_str("5");
  batch->add_option("--max-line-bytes", batch_options.max_line_bytes, "Cut lines longer than N bytes")
      ->type_name("N")
      ->check(CLI::Range(std::size_t{16}, std::size_t{1} << 30))
      ->default_str("65536");
  batch->add_flag("-q,--quiet", batch_options.quiet, "No progress line on stderr");
  add_knowledge(*batch);

  CLI::App* summary = app.add_subcommand(
      "summary", "The triage table over kdiag batch's JSON Lines: logs per root cause, share, examples");
  SummaryOptions summary_options;
  summary
      ->add_option("files", summary_options.files, "JSON Lines files of kdiag batch ('-' or nothing: standard input)")
      ->type_name("FILE...");
  summary->add_option("-f,--format", summary_options.format, "text, json or markdown")
      ->check(CLI::IsMember({"text", "json", "markdown"}))
      ->default_str("text");
  summary
      ->add_option("--by", summary_options.by,
                   "Also group by FIELD: from --by-path-regex, --meta, or each log's LOG.meta.json")
      ->type_name("FIELD");
  summary
      ->add_option("--by-path-regex", summary_options.by_path_regex,
                   "Take --by FIELD from the log's path: the regex group named FIELD, e.g. 'boards/(?P<board>[^/]+)/'")
      ->type_name("REGEX");
  summary->add_option("--meta", summary_options.meta, "Take --by FIELD from a CSV file with 'path' and FIELD columns")
      ->type_name("FILE");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitError;
  }

  // Piped into head: a closed pipe ends the output quietly instead of killing us mid-write.
  std::signal(SIGPIPE, SIG_IGN);

  try {
    if (rules_list->parsed()) return run_rules_list(knowledge, list_format);
    if (rules_check->parsed()) return run_rules_check(knowledge, check_files, strict, taxonomy);
    if (rules_patterns->parsed()) return run_rules_patterns(knowledge, show_literals);
    if (corpus->parsed()) return run_corpus(knowledge, corpus_dir, corpus_format, corpus_verbose);
    if (doctor->parsed()) return run_doctor(knowledge, doctor_options);
    if (explain->parsed()) return run_explain(knowledge, explain_id, explain_format);
    if (batch->parsed()) return run_batch(knowledge, batch_options);
    if (summary->parsed()) return run_summary(summary_options);
    return run_diagnose(knowledge, diagnose);
  } catch (const std::bad_alloc&) {
    std::cerr << "kdiag: out of memory\n";
    return kExitError;
  } catch (const std::exception& e) {
    // Failures a user can cause come back as a Status (engine/status.h) and are reported where
    // they happen; an exception is a broken invariant, i.e. a bug in kdiag.
    std::cerr << "kdiag: internal error: " << e.what() << " (a bug: please report it with the command line)\n";
    return kExitError;
  }
}
