#!/usr/bin/env bash
# kdiag(1) documents every option: each long option of `kdiag --help` and of every subcommand's
# --help (found by walking the help's SUBCOMMANDS lists), and every subcommand, must appear in
# docs/kdiag.1. Fails naming what is missing.
#   man-sync.sh KDIAG
set -euo pipefail
kdiag=$1
cd "$(dirname "$0")/../.."
# The page as plain text: roff's \- is a hyphen, and font escapes go.
page=$(sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\(em/-/g' "${KDIAG_MAN_PAGE:-docs/kdiag.1}")

failed=0
checked=0
# The subcommand names listed in a --help text (CLI11: a "Subcommands:" heading, then indented
# "  name  description" lines).
subcommands_of() {
  awk '/^[A-Za-z]+:$/ { in_subs = (tolower($0) == "subcommands:"); next } in_subs && /^  [a-z]/ { print $1 }'
}
check() {  # check "sub command words" (empty for the top level)
  local cmd=$1 help option
  # shellcheck disable=SC2086
  help=$("$kdiag" $cmd --help)
  if [[ -n $cmd ]] && ! grep -Fq "kdiag $cmd" <<<"$page"; then
    echo "FAIL: the man page has no 'kdiag $cmd'"; failed=$((failed + 1))
  fi
  for option in $(grep -oE '(^|[ ,])--[a-z][a-z0-9-]*' <<<"$help" | sed 's/^[ ,]*//' | sort -u); do
    checked=$((checked + 1))
    if ! grep -Eq -- "${option}([^a-z0-9-]|$)" <<<"$page"; then
      echo "FAIL: kdiag${cmd:+ $cmd} $option is not in docs/kdiag.1"; failed=$((failed + 1))
    fi
  done
  local sub
  for sub in $(subcommands_of <<<"$help"); do check "${cmd:+$cmd }$sub"; done
}
check ""
echo "man page sync: $checked options checked, $failed missing"
[[ $failed == 0 && $checked -gt 10 ]]
