#!/usr/bin/env bash
# Numbers in a log are data (issue 14): a compiler, rustc or kernel line number of any size must
# not stop any format. Every --format runs on tests/data/huge-numbers.log (a 23-digit line, numbers
# past 2^32 and 2^64, one just over the 10^9 bound) and must exit 0 with a report; positions out of
# bounds are dropped, those in bounds kept as numbers.
#   run-log-numbers.sh KDIAG
set -uo pipefail
kdiag=$1
cd "$(dirname "$0")/../.."
log=tests/data/huge-numbers.log
out=$(mktemp)
trap 'rm -f "$out"' EXIT
failed=0
for format in text json github gitlab sarif; do
  for packs in "" "--no-builtin --rules tests/data/ci-rules.yaml"; do
    # shellcheck disable=SC2086
    "$kdiag" $packs --top 0 --format "$format" "$log" >"$out" 2>"$out.err"
    rc=$?
    if [[ $rc != 0 || ! -s $out ]]; then
      echo "FAIL: --format $format ${packs:-(built-in packs)}: exit $rc: $(head -c 300 "$out.err")"
      failed=$((failed + 1))
    fi
  done
done
rm -f "$out.err"
# The one position in bounds (the kernel splat's, zero-padded) is kept, as a number; no other.
"$kdiag" --top 0 --format json "$log" >"$out"
lines=$(grep -o '"file_line": [0-9]*' "$out" | sort -u | tr '\n' ' ')
if [[ $lines != '"file_line": 1234 ' ]]; then
  echo "FAIL: json file_line values: '$lines', expected only 1234"
  failed=$((failed + 1))
fi
echo "log numbers: $failed failed"
[[ $failed == 0 ]]
