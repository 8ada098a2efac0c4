#!/usr/bin/env bash
# kdiag explain ID: the whole rule in text and JSON; an unknown id is exit 2 with a did-you-mean.
#   explain.sh KDIAG
set -euo pipefail
kdiag=$1
cd "$(dirname "$0")/../.."
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
id=rust.target-json-missing

text=$("$kdiag" explain "$id")
for want in "$id  (error)" "Pack        rust (rules/rust.yaml:" Cause Fix "  1. " References Signatures \
            "target file" Condition "Examples that fire it (match)" "Examples that must not fire it (no_match)" "  | "; do
  grep -Fq -- "$want" <<<"$text" || fail "explain $id text lacks '$want'"
done
# Every field of the rule, from its pack, is in the JSON object.
"$kdiag" explain --format json "$id" | python3 -c '
import json, sys
r = json.load(sys.stdin)
assert r["id"] == "rust.target-json-missing", r["id"]
assert r["severity"] == "error" and r["pack"] == "rust" and r["title"] and r["cause"]
assert r["source"]["file"] == "rules/rust.yaml" and r["source"]["line"] > 0
assert r["fix"] and r["references"] and r["signatures"]
for s in r["signatures"]:
    assert {"name", "pattern", "dialect", "kind", "field", "weight", "source"} <= set(s), s
assert isinstance(r["condition"], str) and isinstance(r["suppresses"], list)
assert r["examples"]["match"] and r["examples"]["no_match"]
' || fail "explain --format json $id"

# A typo: nothing on stdout, the closest id on stderr, exit status 2.
set +e
out=$("$kdiag" explain rust.target-json-mising 2>/tmp/kdiag-explain-err.$$)
status=$?
set -e
err=$(cat /tmp/kdiag-explain-err.$$); rm -f /tmp/kdiag-explain-err.$$
[[ $status == 2 ]] || fail "unknown id: exit status $status, expected 2"
[[ -z $out ]] || fail "unknown id printed on stdout: $out"
grep -Fq "did you mean '$id'?" <<<"$err" || fail "no did-you-mean for a typo: $err"
# Far from every id: no suggestion, still exit 2.
set +e
err=$("$kdiag" explain zzzz 2>&1 >/dev/null); status=$?
set -e
[[ $status == 2 ]] || fail "explain zzzz: exit status $status"
if grep -q "did you mean" <<<"$err"; then fail "explain zzzz suggests something: $err"; fi
# Every rule can be explained, in both formats (one python for all of them: it is slow to start).
"$kdiag" rules list --format json | python3 -c '
import json, subprocess, sys
kdiag, bad = sys.argv[1], 0
for rule in json.load(sys.stdin):
    text = subprocess.run([kdiag, "explain", rule["id"]], capture_output=True, text=True)
    js = subprocess.run([kdiag, "explain", "-f", "json", rule["id"]], capture_output=True, text=True)
    if text.returncode or not text.stdout.startswith(rule["id"]) or js.returncode or json.loads(js.stdout)["id"] != rule["id"]:
        print("FAIL: explain", rule["id"]); bad += 1
sys.exit(bad != 0)
' "$kdiag" || fail "explain of every rule"
echo "explain: $failed failed"
[[ $failed == 0 ]]
