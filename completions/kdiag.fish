# fish completion for kdiag(1). Installed as share/fish/vendor_completions.d/kdiag.fish.

function __kdiag_rule_ids
    kdiag rules list 2>/dev/null | string match -r '^[a-z0-9_-]+\.[a-z0-9._-]+'
end

function __kdiag_rules_sub
    # True when the command line is `kdiag rules` and its subcommand is $argv[1].
    __fish_seen_subcommand_from rules; and __fish_seen_subcommand_from $argv[1]
end

set -l commands rules corpus doctor explain batch summary
set -l top "not __fish_seen_subcommand_from $commands"

complete -c kdiag -f
# Diagnosing logs (no subcommand): log files and the options.
complete -c kdiag -n "$top" -F
complete -c kdiag -n "$top" -s f -l format -x -a "text json github gitlab sarif" -d "Output format"
complete -c kdiag -n "$top" -s n -l top -x -d "Show at most N diagnoses (0 = all)"
complete -c kdiag -n "$top" -l max-line-bytes -x -d "Cut lines longer than N bytes"
complete -c kdiag -n "$top" -s j -l jobs -x -a "1 2" -d "Threads for a big input"
complete -c kdiag -n "$top" -s q -l quiet -d "No progress line on stderr while reading large files"
complete -c kdiag -n "$top" -l explain -d "Show every candidate, scores, suppressed symptoms, near misses"
complete -c kdiag -n "$top" -l fail-on -x -a "error warning info" -d "Exit 1 when such a diagnosis is found"
complete -c kdiag -n "$top" -l color -x -a "auto always never" -d "Colour the text output"
complete -c kdiag -n "$top" -l version -d "Print the version and exit"
# Rule packs, for every command.
complete -c kdiag -l rules -r -F -d "Add rule packs from a directory or YAML file"
complete -c kdiag -l no-builtin -d "Do not load the rule packs built into kdiag"
complete -c kdiag -s h -l help -d "Print help and exit"

complete -c kdiag -n "$top" -a rules -d "Inspect and validate the knowledge base"
complete -c kdiag -n "$top" -a corpus -d "Run a corpus of labelled logs and print accuracy"
complete -c kdiag -n "$top" -a doctor -d "Check this machine for known causes before a build fails"
complete -c kdiag -n "$top" -a explain -d "Show the full text of a rule"
complete -c kdiag -n "$top" -a batch -d "Diagnose many logs, each on its own, as JSON Lines"
complete -c kdiag -n "$top" -a summary -d "The triage table over kdiag batch output"

# kdiag rules list | check | patterns
set -l rules_subs list check patterns
complete -c kdiag -n "__fish_seen_subcommand_from rules; and not __fish_seen_subcommand_from $rules_subs" -a list -d "List every rule"
complete -c kdiag -n "__fish_seen_subcommand_from rules; and not __fish_seen_subcommand_from $rules_subs" -a check -d "Validate packs and run their examples"
complete -c kdiag -n "__fish_seen_subcommand_from rules; and not __fish_seen_subcommand_from $rules_subs" -a patterns -d "Print every signature regex"
complete -c kdiag -n "__kdiag_rules_sub list" -s f -l format -x -a "text json" -d "Output format"
complete -c kdiag -n "__kdiag_rules_sub check" -F -d "Pack file or directory"
complete -c kdiag -n "__kdiag_rules_sub check" -l strict -d "Fail when a rule fires on another rule's no_match example"
complete -c kdiag -n "__kdiag_rules_sub check" -l taxonomy -r -F -d "Check every id of this taxonomy.yaml has a rule"
complete -c kdiag -n "__kdiag_rules_sub patterns" -l literals -d "Print each signature's required literals"

# kdiag corpus [DIR]
complete -c kdiag -n "__fish_seen_subcommand_from corpus" -a "(__fish_complete_directories)" -d "Corpus directory"
complete -c kdiag -n "__fish_seen_subcommand_from corpus" -s f -l format -x -a "text json" -d "Output format"
complete -c kdiag -n "__fish_seen_subcommand_from corpus" -s v -l verbose -d "List passing cases too"

# kdiag doctor
complete -c kdiag -n "__fish_seen_subcommand_from doctor" -l root -x -a "(__fish_complete_directories)" -d "Check the tree at PATH instead of /"
complete -c kdiag -n "__fish_seen_subcommand_from doctor" -l kernel-dir -x -a "(__fish_complete_directories)" -d "Kernel build or headers directory"
complete -c kdiag -n "__fish_seen_subcommand_from doctor" -l release -x -a "(ls /lib/modules 2>/dev/null)" -d "Kernel release to check"
complete -c kdiag -n "__fish_seen_subcommand_from doctor" -l kernel -r -a "(ls /lib/modules 2>/dev/null)" -d "Check a new kernel before rebooting into it"
complete -c kdiag -n "__fish_seen_subcommand_from doctor" -l rust -d "You build Rust modules: a kernel without CONFIG_RUST is a finding"
complete -c kdiag -n "__fish_seen_subcommand_from doctor" -s f -l format -x -a "text json github gitlab sarif" -d "Output format"
complete -c kdiag -n "__fish_seen_subcommand_from doctor" -l color -x -a "auto always never" -d "Colour the output"
complete -c kdiag -n "__fish_seen_subcommand_from doctor" -l fail-on -x -a "error warning info" -d "Exit 1 when such a finding is found"

# kdiag explain ID
complete -c kdiag -n "__fish_seen_subcommand_from explain" -a "(__kdiag_rule_ids)" -d "Rule id"
complete -c kdiag -n "__fish_seen_subcommand_from explain" -s f -l format -x -a "text json" -d "Output format"

# kdiag batch PATH...
complete -c kdiag -n "__fish_seen_subcommand_from batch" -F -d "Log file or directory"
complete -c kdiag -n "__fish_seen_subcommand_from batch" -l glob -x -d "Read only files matching this pattern"
complete -c kdiag -n "__fish_seen_subcommand_from batch" -s j -l jobs -x -a "1 2 4 8" -d "Logs in parallel"
complete -c kdiag -n "__fish_seen_subcommand_from batch" -s n -l top -x -d "At most N diagnoses per log"
complete -c kdiag -n "__fish_seen_subcommand_from batch" -l max-line-bytes -x -d "Cut lines longer than N bytes"
complete -c kdiag -n "__fish_seen_subcommand_from batch" -s q -l quiet -d "No progress line"

# kdiag summary [FILE...]
complete -c kdiag -n "__fish_seen_subcommand_from summary" -F -d "JSON Lines of kdiag batch"
complete -c kdiag -n "__fish_seen_subcommand_from summary" -s f -l format -x -a "text json markdown" -d "Output format"
complete -c kdiag -n "__fish_seen_subcommand_from summary" -l by -x -d "Group by this field too"
complete -c kdiag -n "__fish_seen_subcommand_from summary" -l by-path-regex -x -d "Take the field from the path"
complete -c kdiag -n "__fish_seen_subcommand_from summary" -l meta -r -F -d "CSV with path and field columns"
