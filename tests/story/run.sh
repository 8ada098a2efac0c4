#!/usr/bin/env bash
# Several logs, one story (issue 15): mkinitcpio's "errors were encountered" for a self-built
# kernel plus that kernel's boot stopping after the EFI stub is a missing storage driver; with the
# kernel's configuration among the inputs, kdiag names the option (and root= when it is known).
#   run.sh KDIAG
set -uo pipefail
kdiag=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
story=$root/corpus/story-mkinitcpio-errors-then-efistub-hang-custom-kernel
data=$root/tests/data/seed-story
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
zcat "$data/config-without-nvme.gz" > "$tmp/config-without-nvme"
zcat "$data/config-debian-6.1.0-57-amd64.gz" > "$tmp/config-debian"
printf 'title   Arch Linux (linux-rust)\nlinux   /vmlinuz-linux-rust\ninitrd  /initramfs-linux-rust.img\noptions root=/dev/nvme0n1p2 rw\n' > "$tmp/loader-entry.conf"

top() { "$kdiag" --format json "$@" | python3 -c 'import json,sys; d=json.load(sys.stdin)["diagnoses"]; print(d[0]["id"] if d else "nothing")'; }
fix() { "$kdiag" --format json "$@" | python3 -c 'import json,sys; d=json.load(sys.stdin)["diagnoses"]; print("\n".join(d[0]["fix"]) if d else "")'; }

got=$(top "$story/mkinitcpio.log" "$story/boot.txt")
[[ $got == boot.missing-storage-driver ]] || fail "the two seed logs: top is $got"
# Each log alone tells less: the boot alone is a console-less hang, mkinitcpio alone an incomplete image.
got=$(top "$story/boot.txt"); [[ $got == boot.no-console-after-efistub ]] || fail "boot.txt alone: top is $got"
got=$(top "$story/mkinitcpio.log"); [[ $got == initramfs.image-incomplete ]] || fail "mkinitcpio.log alone: top is $got"

# With the hand-made config: the option is named.
out=$(fix "$story/mkinitcpio.log" "$story/boot.txt" "$tmp/config-without-nvme")
grep -q 'CONFIG_BLK_DEV_NVME is not set' <<<"$out" || fail "config without NVMe: option not named: $out"
# ... and with root= known too (a systemd-boot entry), the device that needs it.
out=$(fix "$story/mkinitcpio.log" "$story/boot.txt" "$tmp/config-without-nvme" "$tmp/loader-entry.conf")
grep -q 'CONFIG_BLK_DEV_NVME is not set, and root=/dev/nvme0n1p2' <<<"$out" || fail "root= not tied to the option: $out"
# The config and root= alone (no logs of a failure) already say it.
got=$(top "$tmp/config-without-nvme" "$tmp/loader-entry.conf")
[[ $got == boot.missing-storage-driver ]] || fail "config + root=: top is $got"
# A real distribution config (NVMe =m) names no option, and with root= on NVMe raises nothing.
out=$(fix "$story/mkinitcpio.log" "$story/boot.txt" "$tmp/config-debian")
if grep -q 'is not set' <<<"$out"; then fail "Debian's config (NVMe =m) named an option: $out"; fi
got=$(top "$tmp/config-debian" "$tmp/loader-entry.conf")
[[ $got == nothing ]] || fail "Debian config + NVMe root=: $got"
echo "story: $failed failed"
((failed == 0))
