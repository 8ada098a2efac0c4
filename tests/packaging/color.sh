#!/usr/bin/env bash
# --color auto|always|never and the environment: NO_COLOR, TERM=dumb, CLICOLOR_FORCE.
# auto colours a terminal (script(1) gives one) unless NO_COLOR or TERM=dumb; CLICOLOR_FORCE
# (not 0) colours even a pipe; always/never win over the environment.
#   color.sh KDIAG
set -euo pipefail
kdiag=$1
cd "$(dirname "$0")/../.."
log=corpus/rust-target-json-missing-e1000/log.txt
failed=0
esc=$'\x1b['
expect() {  # expect yes|no DESCRIPTION OUTPUT
  local has=no
  [[ $3 == *"$esc"* ]] && has=yes
  [[ $has == "$1" ]] || { echo "FAIL: $2: colour $has, expected $1"; failed=$((failed + 1)); }
}
clean=(env -u NO_COLOR -u CLICOLOR_FORCE TERM=xterm)
# stdout a pipe
expect no  "auto, pipe"                     "$("${clean[@]}" "$kdiag" "$log")"
expect yes "auto, pipe, CLICOLOR_FORCE=1"   "$("${clean[@]}" CLICOLOR_FORCE=1 "$kdiag" "$log")"
expect no  "auto, pipe, CLICOLOR_FORCE=0"   "$("${clean[@]}" CLICOLOR_FORCE=0 "$kdiag" "$log")"
expect no  "auto, pipe, CLICOLOR_FORCE="    "$("${clean[@]}" CLICOLOR_FORCE= "$kdiag" "$log")"
expect yes "always, pipe"                   "$("${clean[@]}" "$kdiag" --color always "$log")"
expect yes "always, pipe, NO_COLOR=1"       "$("${clean[@]}" NO_COLOR=1 "$kdiag" --color always "$log")"
expect no  "never, CLICOLOR_FORCE=1"        "$("${clean[@]}" CLICOLOR_FORCE=1 "$kdiag" --color never "$log")"
expect no  "json, CLICOLOR_FORCE=1"         "$("${clean[@]}" CLICOLOR_FORCE=1 "$kdiag" --format json "$log")"
# stdout a terminal
if command -v script >/dev/null; then
  on_tty() { "${clean[@]}" "$@" script -qec "$(printf '%q ' "$kdiag" "$log")" /dev/null </dev/null; }
  expect yes "auto, terminal"               "$(on_tty)"
  expect no  "auto, terminal, NO_COLOR=1"   "$(on_tty NO_COLOR=1)"
  expect yes "auto, terminal, NO_COLOR="    "$(on_tty NO_COLOR=)"
  expect no  "auto, terminal, TERM=dumb"    "$(on_tty TERM=dumb)"
  expect yes "auto, terminal, TERM=dumb, CLICOLOR_FORCE=1" "$(on_tty TERM=dumb CLICOLOR_FORCE=1)"
else
  echo "color: script(1) not found; the terminal cases are skipped"
fi
echo "color: $failed failed"
[[ $failed == 0 ]]
