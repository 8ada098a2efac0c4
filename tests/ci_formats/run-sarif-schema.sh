#!/usr/bin/env bash
# kdiag --format sarif validates against the SARIF 2.1.0 schema, on real corpus logs (with the
# built-in packs) and on the golden files.
set -euo pipefail
kdiag=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$here/../..
if [[ ! -d $here/node_modules/ajv ]]; then
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
node "$here/validate-sarif.mjs" "$root/tests/data/sarif-schema-2.1.0.json" "$out"/*.sarif "$here"/golden/*.sarif || exit 1
# The validator itself must be able to fail: a document with a wrong version is rejected.
sed 's/"version": "2.1.0"/"version": "2.0.0"/' "$here/golden/hostile.sarif" > "$out/broken.sarif"
if node "$here/validate-sarif.mjs" "$root/tests/data/sarif-schema-2.1.0.json" "$out/broken.sarif" >/dev/null; then
  echo "FAIL: the schema check accepted an invalid SARIF document"
  exit 1
fi
