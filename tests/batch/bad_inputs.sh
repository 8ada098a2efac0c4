#!/usr/bin/env bash
# kdiag batch on bad and compressed inputs. The fixtures are made here, from corpus logs:
# .gz/.xz/.zst copies (each row must equal the plain log's but for the path), an empty .gz, a
# truncated .gz, a missing file, a dangling symlink, a binary file; directories walked with
# --glob; a list on stdin; exit 0 when all were read, 2 when one was not, the others still there.
#   bad_inputs.sh KDIAG CORPUS_DIR
set -euo pipefail
kdiag=$1 corpus=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# A log with diagnoses and several lines, and the biggest whole log of a failure (a benign one
# may have no diagnosis).
small=$corpus/boot-firmware-missing-amdgpu-psp-13-0-8-toc-kernelci-chromeos-skyrim/log.txt
# (The list goes to a file first: a loop that stops early in a pipeline kills the writer with
# SIGPIPE, which pipefail turns into a silent exit of this script.)
find "$corpus" -name log.txt -printf "%s %p\n" | sort -nr | cut -d" " -f2- >"$work/by-size.txt"
big=""
while read -r log; do
  grep -q 'benign: true' "$(dirname "$log")/meta.yaml" || { big=$log; break; }
done <"$work/by-size.txt"
[[ -f $big ]] || fail "no failure log in $corpus"
mkdir -p "$work/logs/sub"
for log in "$small" "$big"; do
  name=$(basename "$(dirname "$log")")
  cp "$log" "$work/logs/$name.log"
  gzip -c "$log" >"$work/logs/$name.log.gz"
  xz -c "$log" >"$work/logs/sub/$name.log.xz"
  zstd -q -c "$log" >"$work/logs/sub/$name.log.zst"
done

# 1. Compressed logs read as the plain ones: the same row, but for the path and input name.
"$kdiag" batch -q -j2 "$work/logs" >"$work/rows.jsonl" || fail "batch on readable logs exited $?"
python3 - "$work/rows.jsonl" <<'PY' || fail "compressed rows differ from the plain ones"
import json, re, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 8, f"{len(rows)} rows, want 8"
def key(r):
    r = dict(r); r.pop("path"); r["inputs"] = [dict(i, name="") for i in r["inputs"]]
    for d in r["diagnoses"]:
        for e in d["evidence"]: e["input"] = ""
    return json.dumps(r, sort_keys=True)
groups = {}
for r in rows:
    assert "error" not in r, r
    groups.setdefault(re.sub(r"\.log(\.(gz|xz|zst))?$", "", r["path"].split("/")[-1]), set()).add(key(r))
assert len(groups) == 2 and all(len(v) == 1 for v in groups.values()), "a compressed copy reads differently"
assert all(r["diagnoses"] for r in rows), "no diagnosis on a failing log"
PY

# 2. --glob picks files below directories; a '/' pattern matches the path below the directory.
[[ $("$kdiag" batch -q --glob '*.zst' "$work/logs" | wc -l) == 2 ]] || fail "--glob '*.zst' should pick 2 logs"
[[ $("$kdiag" batch -q --glob 'sub/*.xz' "$work/logs" | wc -l) == 2 ]] || fail "--glob 'sub/*.xz' should pick 2 logs"

# 3. Bad inputs: an error row each, the others diagnosed, exit 2.
: | gzip -c >"$work/empty.gz"
head -c 300 "$work/logs/$(basename "$(dirname "$big")").log.gz" >"$work/truncated.gz"
ln -s "$work/nowhere" "$work/dangling.log"
head -c 4096 /dev/urandom >"$work/binary.log"
printf '%s\n' "$small" "$work/truncated.gz" "$work/missing.log" "$work/dangling.log" "$work/empty.gz" \
  "$work/binary.log" "$small" >"$work/list.txt"
set +e
"$kdiag" batch -q -j3 - <"$work/list.txt" >"$work/bad.jsonl"
status=$?
set -e
[[ $status == 2 ]] || fail "exit status $status with unreadable logs, want 2"
python3 - "$work/bad.jsonl" "$work/list.txt" <<'PY' || fail "bad-input rows wrong"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
paths = open(sys.argv[2]).read().split()
assert [r["path"] for r in rows] == paths, "rows not in input order"
errors = {r["path"].split("/")[-1]: r.get("error") for r in rows}
assert "truncated" in errors["truncated.gz"], errors
assert "No such file" in errors["missing.log"] and "No such file" in errors["dangling.log"], errors
assert errors["empty.gz"] is None and rows[4]["verdict"] == "unknown", rows[4]
assert errors["binary.log"] is None, "a binary file is still a (strange) log"
assert set(rows[3]) == {"path", "error"}, "an error row holds path and error only"
assert rows[0] == rows[6] and rows[0]["diagnoses"], "the good log lost its diagnosis"
PY
echo "batch bad inputs: ok"
