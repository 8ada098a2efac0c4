#!/usr/bin/env bash
# Builds the seed machine of issue 18 as a directory for `kdiag doctor --root DIR --kernel
# 6.1.0-57-amd64`: seed-nvme-systemd-boot.list replayed, Debian's real 6.1.0-57-amd64 config
# edited as the story's hand-made one (no BLK_DEV_NVME, no EFI framebuffer, no simpledrm,
# CONFIG_RUST=y), its initramfs on the ESP made for other hardware, and Debian's headers.
#   make-seed-root.sh DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$1
rel=6.1.0-57-amd64
mkdir -p "$root"
while IFS= read -r line; do
  kind=${line%% *}; rest=${line#* }; path=${rest%% *}; arg=${rest#* }
  [[ $rest == "$path" ]] && arg=""
  case $kind in
    D) mkdir -p "$root$path" ;;
    F) mkdir -p "$(dirname "$root$path")"
       printf '%s' "$arg" | sed 's/\\n/\n/g' > "$root$path" ;;
    L) mkdir -p "$(dirname "$root$path")"; ln -sfn "$arg" "$root$path"
       [[ $arg == /* ]] || mkdir -p "$(dirname "$root$path")/$arg" ;;
  esac
done < "$here/seed-nvme-systemd-boot.list"
mkdir -p "$root/boot" "$root/proc/sys/kernel"
echo 6.1.0-9-amd64 > "$root/proc/sys/kernel/osrelease"
head -c 8000 /dev/zero > "$root/boot/vmlinuz-$rel"
gzip -dc "$here/config-$rel.gz" | sed -e 's/^CONFIG_BLK_DEV_NVME=m$/# CONFIG_BLK_DEV_NVME is not set/' \
  -e 's/^CONFIG_FB_EFI=y$/# CONFIG_FB_EFI is not set/' > "$root/boot/config-$rel"
echo CONFIG_RUST=y >> "$root/boot/config-$rel"
cp "$here/initrd-no-nvme-virtio.img" "$root/efi/b1f4f3a2c9d04e7f8a1c2b3d4e5f6a7b/$rel/initrd"
src=/usr/src/linux-headers-$rel
mkdir -p "$root/lib/modules/$rel" "$root$src/include/config" "$root$src/include/generated"
ln -sfn "$src" "$root/lib/modules/$rel/build"
echo "include /usr/src/linux-headers-6.1.0-57-common/Makefile" > "$root$src/Makefile"
cp "$here/debian-headers-$rel/include/config/kernel.release" "$root$src/include/config/"
cp "$here/debian-headers-$rel/include/generated/utsrelease.h" "$root$src/include/generated/"
