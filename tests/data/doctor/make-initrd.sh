#!/usr/bin/env bash
# Builds the small initramfs images the doctor tests read, with the real cpio and zstd tools:
# an uncompressed early archive (the CPU microcode path initramfs-tools, dracut and mkinitcpio use)
# followed by a zstd-compressed main archive holding, as empty files, every name of
# initrd.img-6.1.0-57-amd64.list (the real listing of Debian's image, see README.md).
#   make-initrd.sh OUT.img [NAME-TO-LEAVE-OUT...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(realpath -m "$1"); shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/early/kernel/x86/microcode" "$work/main"
printf 'microcode placeholder\n' > "$work/early/kernel/x86/microcode/GenuineIntel.bin"
cd "$work/main"
while IFS= read -r name; do
  skip=0
  for leave in "$@"; do [[ $name == */"$leave" ]] && skip=1; done
  ((skip)) && continue
  case $name in
    .) ;;
    *.ko|*.conf|*.bin|*/init|init) mkdir -p "$(dirname "$name")"; : > "$name" ;;
    *) [[ -e $name ]] || mkdir -p "$name" ;;
  esac
done < "$here/initrd.img-6.1.0-57-amd64.list"
(cd "$work/early" && find . | LC_ALL=C sort | cpio --quiet -o -H newc --reproducible) > "$out"
find . | LC_ALL=C sort | cpio --quiet -o -H newc --reproducible | zstd -q -19 >> "$out"
