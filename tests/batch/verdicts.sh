#!/usr/bin/env bash
# kdiag batch's verdict per log, on logs made of real lines: a LAVA boot loader timeout
# (infrastructure), the same lab timeout after a kernel panic (kernel-failure: the kernel failed
# first), a benign taint notice (clean), nothing known (unknown); and the excerpt of the panic
# shows its context lines.
#   verdicts.sh KDIAG CORPUS_DIR
set -euo pipefail
kdiag=$1 corpus=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# http://lava.ciplatform.org/scheduler/job/1004785
printf 'U-Boot 2020.10 (Oct 01 2020 - 00:00:00 +0000)\nInfrastructure error: bootloader-commands timed out after 297 seconds\n' >"$work/infra.log"
# The panic of corpus/boot-unknown-block-ubuntu-minimal-cloud-image-nvme-boot-disk-propolis, then a lab timeout.
{ sed -n 1,20p "$corpus/boot-unknown-block-ubuntu-minimal-cloud-image-nvme-boot-disk-propolis/log.txt"
  echo 'Job error: auto-login-action timed out after 253 seconds'; } >"$work/panic.log"
cp "$corpus/clean-dmesg-c-module-load-taints-license-mit/log.txt" "$work/clean.log"
printf 'hello\nworld\n' >"$work/unknown.log"
"$kdiag" batch -q "$work/infra.log" "$work/panic.log" "$work/clean.log" "$work/unknown.log" >"$work/rows.jsonl"
python3 - "$work/rows.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
got = [r["verdict"] for r in rows]
want = ["infrastructure", "kernel-failure", "clean", "unknown"]
assert got == want, f"verdicts {got}, want {want}"
assert rows[0]["diagnoses"][0]["id"] == "infra.bootloader-timeout", rows[0]["diagnoses"][0]["id"]
assert all(not d["id"].startswith("infra.") for d in rows[1]["diagnoses"]), "login timeout fired after a panic"
ex = rows[1]["diagnoses"][0]["excerpt"]
ev = [l for l in ex if l["evidence"]]
assert ev and len(ex) > len(ev), "the excerpt has no context lines"
print("verdicts:", got)
PY
