#!/usr/bin/env bash
# Issue 18's seed machine through the real CLI: NVMe root, systemd-boot ESP, a CONFIG_RUST config
# without BLK_DEV_NVME and without a firmware framebuffer. The top finding must be
# boot.missing-storage-driver with `scripts/config -e BLK_DEV_NVME` as its first fix; with the
# driver built in, that finding must be gone (so the test can fail both ways).
#   seed.sh KDIAG
set -euo pipefail
kdiag=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
"$here/../data/doctor/make-seed-root.sh" "$root"
out=$("$kdiag" doctor --root "$root" --kernel 6.1.0-57-amd64 --format json)
json() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }
top=$(json "d['diagnoses'][0]['id']" <<<"$out")
fix=$(json "d['diagnoses'][0]['fix'][0]" <<<"$out")
[[ $top == boot.missing-storage-driver ]] || { echo "FAIL: top finding is $top"; exit 1; }
[[ $fix == "scripts/config -e BLK_DEV_NVME"* ]] || { echo "FAIL: first fix: $fix"; exit 1; }
sed -i 's/^# CONFIG_BLK_DEV_NVME is not set$/CONFIG_BLK_DEV_NVME=y/' "$root/boot/config-6.1.0-57-amd64"
out=$("$kdiag" doctor --root "$root" --kernel 6.1.0-57-amd64 --format json)
status=$(json "[c['status'] for c in d['checks'] if c['name'] == 'root-drivers'][0]" <<<"$out")
if [[ $status != ok ]]; then
  echo "FAIL: root-drivers not ok with CONFIG_BLK_DEV_NVME=y"; exit 1
fi
echo "seed machine: top finding $top, fix: $fix"
