#!/usr/bin/env bash
# kdiag --format sarif as a real consumer sees it: Microsoft's SARIF Multitool (npm package
# @microsoft/sarif-multitool, installed into tests/ci_formats/multitool/) runs `validate` with its
# default rules on the golden files, corpus logs and a run that could not read its input. Fails on
# any error-level result and on SARIF1004 (URIs beginning with '/', uriBaseIds), SARIF1001 (rule
# name = id) and SARIF2005 (tool properties: informationUri) at any level; and shows that it would
# fail, on a document with each of those three faults.
#   run-sarif-multitool.sh KDIAG
set -euo pipefail
kdiag=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$here/../..
dir=$here/multitool
if [[ ! -d $dir/node_modules/@microsoft/sarif-multitool ]]; then
  (cd "$dir" && npm ci --silent --no-audit --no-fund >/dev/null)
fi
tool=$(cd "$dir" && node -p "require('@microsoft/sarif-multitool')")
# npm may skip the package's postinstall (chmod u+x) when install scripts are not allowed.
[[ -x $tool ]] || chmod u+x "$tool"
export DOTNET_CLI_TELEMETRY_OPTOUT=1
out=$(mktemp -d)
# KEEP=1 keeps the work directory (the files and the Multitool's output) to look at.
trap '[[ -n ${KEEP:-} ]] || rm -rf "$out"' EXIT

cp "$here"/golden/*.sarif "$out/"
n=0
for log in "$root"/corpus/*/log.txt; do
  n=$((n + 1))
  (( n % 17 == 0 )) || continue
  "$kdiag" --format sarif --top 0 "$log" > "$out/corpus-$n.sarif"
done
"$kdiag" --format sarif "$out/no-such.log" > "$out/unread.sarif" 2>/dev/null && exit 1

# validate FILE... -> the Multitool's results, one "FILE RULE LEVEL" line each
validate() {
  "$tool" validate "$@" -o "$out/results.json" --log ForceOverwrite --level "Error;Warning;Note" >"$out/console.txt" 2>&1 || {
    echo "FAIL: the SARIF Multitool did not run:"; cat "$out/console.txt"; exit 1
  }
  node -e '
    const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const run of log.runs) for (const r of run.results || []) {
      const uri = r.locations?.[0]?.physicalLocation?.artifactLocation?.uri || "?";
      console.log(`${uri.replace(/.*\//, "")} ${r.ruleId} ${r.level || "warning"}`);
    }' "$out/results.json"
}

validate "$out"/*.sarif > "$out/found.txt"
bad=$(grep -E ' (SARIF1004|SARIF1001|SARIF2005) | error$' "$out/found.txt" || true)
if [[ -n $bad ]]; then
  echo "FAIL: the SARIF Multitool reports:"; echo "$bad"; grep -E 'SARIF1004|SARIF1001|SARIF2005|error' "$out/console.txt"
  exit 1
fi
echo "multitool: $(ls "$out"/*.sarif | wc -l) files, no SARIF1004/SARIF1001/SARIF2005 or error results" \
     "($(wc -l <"$out/found.txt") notes and warnings of other rules)"

# The check can fail: each fault the Multitool must find in a broken copy of a golden file.
mkdir "$out/broken"
sed -e 's#"uri": "file:///home/u/#"uri": "/home/u/#' -e 's/"name": "KernelWarning"/"name": "kernel.warning"/' \
    -e '/"informationUri"/d' "$here/golden/hostile.sarif" > "$out/broken/broken.sarif"
validate "$out/broken/broken.sarif" > "$out/found.txt"
for rule in SARIF1004 SARIF1001 SARIF2005; do
  if ! grep -q " $rule " "$out/found.txt"; then
    echo "FAIL: the SARIF Multitool did not report $rule on a document made to break it"; exit 1
  fi
done
echo "multitool: a broken document is reported (SARIF1004, SARIF1001, SARIF2005)"
