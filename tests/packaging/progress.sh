#!/usr/bin/env bash
# The progress line: never when stderr is not a terminal; under a pseudo-terminal (script(1)) it
# shows for a large file and is erased, but not in CI, not with --quiet, not on TERM=dumb.
#   progress.sh KDIAG
set -euo pipefail
kdiag=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/../.."
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A log over the 16 MB threshold: shown from the first chunk, so the test does not race a clock.
# A real log, then 20 MB of long lines that match nothing (cheap to read, so the test is quick).
log=corpus/rust-target-json-missing-e1000/log.txt
cp "$log" "$tmp/big.log"
(yes "$(printf '%4000s' '' | tr ' ' x)" || true) | head -c 20000000 >>"$tmp/big.log"
expected_top=rust.target-json-missing

# stderr a file, a pipe: nothing but what a diagnosis prints there (here: nothing).
env -u CI -u GITHUB_ACTIONS -u GITLAB_CI TERM=xterm "$kdiag" "$tmp/big.log" >"$tmp/out" 2>"$tmp/err"
[[ ! -s $tmp/err ]] || fail "stderr not a TTY, yet it got: $(head -c 200 "$tmp/err" | cat -v)"
grep -q "$expected_top" "$tmp/out" || fail "big.log: $expected_top not found"
env -u CI -u GITHUB_ACTIONS -u GITLAB_CI TERM=xterm "$kdiag" - <"$tmp/big.log" 2>&1 >/dev/null | cat >"$tmp/err"
[[ ! -s $tmp/err ]] || fail "stderr a pipe (stdin input), yet it got: $(head -c 200 "$tmp/err" | cat -v)"

if ! command -v script >/dev/null; then
  echo "progress: script(1) not found; the terminal half is skipped"
else
  # Under script, stderr is a pseudo-terminal; stdout goes to a file so only stderr is captured.
  on_tty() {  # on_tty ENV-ASSIGNMENTS... -- KDIAG-ARGS...
    local envs=() ; while [[ $1 != -- ]]; do envs+=("$1"); shift; done; shift
    env -u CI -u GITHUB_ACTIONS -u GITLAB_CI "${envs[@]}" \
      script -qec "$(printf '%q ' "$kdiag" "$@") >$tmp/tty-out" /dev/null </dev/null
  }
  seen=$(on_tty TERM=xterm -- "$tmp/big.log" | cat -v)
  grep -q 'kdiag: reading .*big.log .* MB of .* MB .* MB/s' <<<"$seen" || fail "no progress line on a TTY: $seen"
  # Erased at the end: the last thing written is \r + clear-to-end-of-line.
  [[ $seen == *'^M^[[K' ]] || fail "progress line not erased at the end: ...${seen: -40}"
  grep -q "$expected_top" "$tmp/tty-out" || fail "under script: $expected_top not found"
  # From standard input (a regular file: the size is known, so there is an ETA or a total).
  seen=$(env -u CI -u GITHUB_ACTIONS -u GITLAB_CI TERM=xterm \
    script -qec "$(printf '%q ' "$kdiag") - <$tmp/big.log >/dev/null" /dev/null </dev/null | cat -v)
  grep -q 'kdiag: reading <stdin> .* MB of .* MB' <<<"$seen" || fail "no progress line for stdin: $seen"
  for quiet in "CI=true --" "GITHUB_ACTIONS=true --" "GITLAB_CI=true --" "TERM=dumb --" "TERM=xterm -- -q" \
               "TERM=xterm -- --quiet"; do
    # shellcheck disable=SC2086
    seen=$(on_tty $quiet "$tmp/big.log" | cat -v)
    [[ -z $seen ]] || fail "progress shown with $quiet: $seen"
  done
  # A small file shows nothing (decided by its size, not by how fast it was read).
  seen=$(on_tty TERM=xterm -- "$log" | cat -v)
  [[ -z $seen ]] || fail "progress shown for a small file: $seen"
fi
echo "progress: $failed failed"
[[ $failed == 0 ]]
