#!/usr/bin/env bash
# kdiag --format sarif validates against the OASIS SARIF 2.1.0 schema (errata 01, the normative
# one) and the draft-07 copy beside it, and passes the validator's SARIF1004/SARIF1001/SARIF2005
# checks: on real corpus logs (with the built-in packs), on the golden files, and on runs that
# could not read their input.
set -euo pipefail
kdiag=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$here/../..
if [[ ! -d $here/node_modules/ajv-draft-04 ]]; then
  (cd "$here" && npm ci --silent --no-audit --no-fund >/dev/null)
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
n=0
for log in "$root"/corpus/*/log.txt; do
  n=$((n + 1))
  (( n % 9 == 0 )) || continue  # a spread of cases keeps the test quick
  "$kdiag" --format sarif --top 0 "$log" > "$out/$n.sarif"
done
"$kdiag" --format sarif "$out/no-such.log" > "$out/unread.sarif" 2>/dev/null && exit 1
"$kdiag" --format sarif "$root/tests/data/hostile.log" "$out" > "$out/partly-read.sarif" 2>/dev/null && exit 1
for schema in sarif-schema-2.1.0-errata01.json sarif-schema-2.1.0.json; do
  echo "schema: $schema"
  node "$here/validate-sarif.mjs" "$root/tests/data/$schema" "$out"/*.sarif "$here"/golden/*.sarif || exit 1
done
# The validator itself must be able to fail: a wrong version, an absolute path as a relative
# reference (SARIF1004), a rule named as its id (SARIF1001), no informationUri (SARIF2005).
expect_rejected() {  # what sed-expression
  sed "$2" "$here/golden/hostile.sarif" > "$out/broken.sarif"
  if node "$here/validate-sarif.mjs" "$root/tests/data/sarif-schema-2.1.0-errata01.json" "$out/broken.sarif" >/dev/null; then
    echo "FAIL: the SARIF check accepted a document with $1"
    exit 1
  fi
}
expect_rejected "a wrong version" 's/"version": "2.1.0"/"version": "2.0.0"/'
expect_rejected "a uri beginning with /" 's#"uri": "file:///home/u/#"uri": "/home/u/#'
expect_rejected "a rule name equal to its id" 's/"name": "KernelWarning"/"name": "kernel.warning"/'
expect_rejected "no informationUri" '/"informationUri"/d'
echo "sarif: all valid"
