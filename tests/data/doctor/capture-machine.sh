#!/usr/bin/env bash
# Captures the parts of a machine that `kdiag doctor --kernel` reads, as a list the unit tests
# replay into a fake root (tests/unit/doctor_test.cc, Fake::replay):
#   L <path> <target>   a symlink, target as readlink prints it
#   F <path> <text>     a file holding text (\n for newlines), as read from the machine
#   D <path>            a directory
# For the root file system's block device: its /sys/class/block link, partition/dm/md/slaves
# files, the `device` link and every `driver` link up to /sys/devices, and on the way the
# suppliers each device waits for (its `iommu` link; its `supplier:*` device links, which
# fw_devlink makes for power domains, clocks, regulators...) with the `driver` links above
# each supplier; /proc/cmdline, the
# / line of /proc/mounts and /etc/fstab, /proc/consoles, /sys/class/graphics/fb*/name and
# /sys/class/drm/card*/device/driver.
#   capture-machine.sh > machine.list
set -euo pipefail
link() { [[ -L $1 ]] && printf 'L %s %s\n' "$1" "$(readlink "$1")"; return 0; }
file() { [[ -f $1 ]] && printf 'F %s %s\n' "$1" "$(sed -z 's/\n/\\n/g' "$1")"; return 0; }
walk() {  # walk DEV: the block device and what it sits on
  local dev=$1 base=/sys/class/block/$1 dir real
  link "$base"
  real=$(readlink -f "$base")
  file "$real/partition"; file "$real/dm/uuid"; file "$real/dm/name"; file "$real/md/level"
  if [[ -f $real/partition ]]; then walk "$(basename "$(dirname "$real")")"; return; fi
  local s
  for s in "$real"/slaves/*; do [[ -e $s ]] && { link "$s"; walk "$(basename "$s")"; }; done
  [[ -e $real/device ]] || return 0
  link "$real/device"
  dir=$(readlink -f "$real/device")
  while [[ $dir == /sys/devices/* ]]; do
    link "$dir/driver"
    supplier "$dir/iommu"
    local l
    for l in "$dir"/supplier:*; do
      [[ -L $l ]] || continue
      link "$l"; link "$(readlink -f "$l")/supplier"; supplier "$(readlink -f "$l")/supplier"
    done
    dir=$(dirname "$dir")
  done
}
supplier() {  # supplier LINK: the device it leads to, and the driver links from there up
  [[ -L $1 ]] || return 0
  link "$1"
  local dir
  dir=$(readlink -f "$1")
  while [[ $dir == /sys/devices/* ]]; do link "$dir/driver"; dir=$(dirname "$dir"); done
}
printf 'F /proc/cmdline %s\n' "$(cat /proc/cmdline)\n"
awk '$2 == "/" { printf "F /proc/mounts %s\\n\n", $0 }' /proc/mounts
[[ -f /etc/fstab ]] && awk '$2 == "/" && $1 !~ /^#/ { printf "F /etc/fstab %s\\n\n", $0 }' /etc/fstab
file /proc/consoles
dev=$(basename "$(findmnt -n -o SOURCE /)")
walk "$dev"
for fb in /sys/class/graphics/fb*; do [[ -e $fb ]] && file "$fb/name"; done
for card in /sys/class/drm/card?; do [[ -e $card ]] && link "$card/device/driver"; done
[[ -d /sys/firmware/efi ]] && echo "D /sys/firmware/efi"
exit 0
