# bash completion for kdiag(1): options, subcommands, option values, and rule ids for
# `kdiag explain`. Installed as share/bash-completion/completions/kdiag.

_kdiag_rule_ids() {
  # The first column of `kdiag rules list` is the rule id (domain.name).
  "${COMP_WORDS[0]}" rules list 2>/dev/null | awk '$1 ~ /^[a-z0-9_-]+\.[a-z0-9._-]+$/ { print $1 }'
}

_kdiag() {
  local cur prev words cword
  if declare -F _init_completion >/dev/null; then
    _init_completion || return
  else
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
  fi

  # Which (sub)command is being completed: the first words that are not options or their values.
  local cmd="" sub="" i w
  for ((i = 1; i < cword; i++)); do
    w=${words[i]}
    case $w in
      -f | --format | -n | --top | --fail-on | --color | --rules | --taxonomy | --root | --kernel-dir | --release | \
        -j | --jobs | --glob | --max-line-bytes | --by | --by-path-regex | --meta)
        ((i++)); continue ;;
      -*) continue ;;
    esac
    if [[ -z $cmd ]]; then
      case $w in rules | corpus | doctor | explain | batch | summary) cmd=$w ;; *) cmd=diagnose ;; esac
    elif [[ $cmd == rules && -z $sub ]]; then
      sub=$w
    fi
  done
  # No word but options so far: this one may still be a subcommand.
  local first=0
  [[ -z $cmd ]] && cmd=diagnose first=1

  local formats="text json github gitlab sarif"
  [[ $cmd == rules || $cmd == corpus || $cmd == explain ]] && formats="text json"
  [[ $cmd == summary ]] && formats="text json markdown"
  case $prev in
    -f | --format) COMPREPLY=($(compgen -W "$formats" -- "$cur")); return ;;
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    --fail-on) COMPREPLY=($(compgen -W "error warning info" -- "$cur")); return ;;
    -n | --top) COMPREPLY=($(compgen -W "0 1 3 5 10" -- "$cur")); return ;;
    --release) COMPREPLY=($(compgen -W "$(ls /lib/modules 2>/dev/null)" -- "$cur")); return ;;
    --root | --kernel-dir) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --rules | --taxonomy | --meta) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    -j | --jobs) COMPREPLY=($(compgen -W "1 2 4 8" -- "$cur")); return ;;
    --glob | --by | --by-path-regex | --max-line-bytes) return ;;
  esac

  local common="--rules --no-builtin --help"
  local opts
  case $cmd/$sub in
    diagnose/*) opts="--format --top --max-line-bytes --jobs --quiet --explain --fail-on --color --version $common" ;;
    rules/) COMPREPLY=($(compgen -W "list check patterns --help" -- "$cur")); return ;;
    rules/list) opts="--format $common" ;;
    rules/check) opts="--strict --taxonomy $common" ;;
    rules/patterns) opts="--literals $common" ;;
    corpus/*) opts="--format --verbose $common" ;;
    doctor/*) opts="--root --kernel-dir --kernel --release --rust --format --color --fail-on $common" ;;
    explain/*) opts="--format $common" ;;
    batch/*) opts="--glob --jobs --top --max-line-bytes --quiet $common" ;;
    summary/*) opts="--format --by --by-path-regex --meta --help" ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    return
  fi
  case $cmd/$sub in
    explain/*) COMPREPLY=($(compgen -W "$(_kdiag_rule_ids)" -- "$cur")) ;;
    corpus/* | rules/check | batch/* | summary/*) COMPREPLY=($(compgen -f -- "$cur")) ;;
    diagnose/*)
      # Only the first word that is not an option may be a subcommand; after a log file, more files.
      COMPREPLY=($(compgen -f -- "$cur"))
      ((first)) && COMPREPLY+=($(compgen -W "rules corpus doctor explain batch summary" -- "$cur"))
      ;;
  esac
} &&
  complete -o filenames -F _kdiag kdiag
