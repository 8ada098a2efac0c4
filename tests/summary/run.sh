#!/usr/bin/env bash
# kdiag summary on a small fixed JSON Lines file (rows.jsonl: hostile paths with | ` < >, an
# unreadable log, logs with no cause) against golden outputs: text, json, markdown, --by from a
# path regex, a CSV (--meta) and sidecar <log>.meta.json files; several files and stdin merge to
# the same table; a line that is not a row is reported and exits 2.
#   run.sh KDIAG [--update]   (--update rewrites the golden files)
set -euo pipefail
kdiag=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$here"
failed=0
check() {  # check NAME COMMAND...: the command's stdout must equal golden/NAME
  local name=$1
  shift
  "$@" >"$work/$name" || { echo "FAIL: $name: exit status $?"; failed=1; return; }
  if [[ ${UPDATE:-} == 1 ]]; then cp "$work/$name" "golden/$name"; return; fi
  if ! diff -u "golden/$name" "$work/$name"; then echo "FAIL: $name differs from golden/$name"; failed=1; fi
}
[[ ${2:-} == --update ]] && UPDATE=1
mkdir -p golden
check text.txt "$kdiag" summary rows.jsonl
check summary.json "$kdiag" summary -f json rows.jsonl
check summary.md "$kdiag" summary -f markdown rows.jsonl
check by-board.md "$kdiag" summary -f markdown --by board --by-path-regex 'boards/(?P<board>[^/]+)/' rows.jsonl
check by-tree.json "$kdiag" summary -f json --by tree --meta meta.csv rows.jsonl

# Sidecars: the rows' logs, relative to a scratch directory, with <log>.meta.json beside two.
mkdir -p "$work/lab/boards/rpi4/job-101" "$work/lab/boards/bbb/job-104"
echo '{"arch": "arm64", "tree": "mainline"}' >"$work/lab/boards/rpi4/job-101/log.txt.meta.json"
echo '{"arch": "arm"}' >"$work/lab/boards/bbb/job-104/log.txt.meta.json"
(cd "$work" && "$kdiag" summary --by arch "$here/rows.jsonl") >"$work/by-arch.txt"
if [[ ${UPDATE:-} == 1 ]]; then cp "$work/by-arch.txt" golden/by-arch.txt
elif ! diff -u golden/by-arch.txt "$work/by-arch.txt"; then echo "FAIL: sidecar --by arch"; failed=1; fi

# Two files, or stdin, give the same table as one file.
head -4 rows.jsonl >"$work/a.jsonl"
tail -n +5 rows.jsonl >"$work/b.jsonl"
"$kdiag" summary "$work/a.jsonl" "$work/b.jsonl" | diff -q golden/text.txt - >/dev/null || { echo "FAIL: two files do not merge"; failed=1; }
"$kdiag" summary <rows.jsonl | diff -q golden/text.txt - >/dev/null || { echo "FAIL: stdin differs"; failed=1; }

# A line that is not a row: named on stderr, exit 2, the table still printed.
{ cat rows.jsonl; echo 'not json'; } >"$work/bad.jsonl"
set +e
"$kdiag" summary "$work/bad.jsonl" >"$work/bad.out" 2>"$work/bad.err"
status=$?
set -e
[[ $status == 2 ]] || { echo "FAIL: a bad line gives exit status $status, want 2"; failed=1; }
grep -q 'bad.jsonl:11: not a kdiag batch row' "$work/bad.err" || { echo "FAIL: the bad line is not named"; failed=1; }
diff -q golden/text.txt "$work/bad.out" >/dev/null || { echo "FAIL: the table changed with a bad line"; failed=1; }
# Options that cannot work are refused.
if "$kdiag" summary --by board --by-path-regex 'boards/([^/]+)/' rows.jsonl >/dev/null 2>&1; then
  echo "FAIL: a regex without a group named as --by was accepted"; failed=1
fi
if "$kdiag" summary --by logs --by-path-regex 'boards/(?P<logs>[^/]+)/' rows.jsonl >/dev/null 2>&1; then
  echo "FAIL: --by logs (a column's own name) was accepted"; failed=1
fi
((failed == 0)) && echo "summary: golden outputs match"
exit $failed
