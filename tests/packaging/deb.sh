#!/usr/bin/env bash
# The Debian package built by `cpack -G DEB`: its name, maintainer, file list, and Depends on the
# libraries the binary links (none for a static build). KDIAG_TEST_DPKG_INSTALL=1 also installs it on this machine, runs it
# and removes it again (as root; off by default, it changes the system).
#   deb.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
cd "$(dirname "$0")/../.."
src=$PWD
# Needs the package group of scripts/install-deps.sh: scripts/test.sh installs it before ctest starts.
rm -f "$build"/kdiag_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/kdiag_*.deb)
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

[[ $(dpkg-deb -f "$deb" Package) == kdiag ]] || fail "Package is not kdiag"
[[ $(dpkg-deb -f "$deb" Maintainer) == "kdiag developers" ]] || fail "Maintainer: $(dpkg-deb -f "$deb" Maintainer)"
[[ $(dpkg-deb -f "$deb" Version) == "$(sed -n 's/^project(kdiag VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)" ]] ||
  fail "Version: $(dpkg-deb -f "$deb" Version)"
depends=$(dpkg-deb -f "$deb" Depends)
# The package names in Depends, without their versions: "libc6 (>= 2.34), libfmt9 (...)".
names=$(tr ',' '\n' <<<"$depends" | awk '{print $1}')
if readelf -d "$build/kdiag" | grep -q NEEDED; then
  # A shared build (the distribution default): the packages of the libraries it links.
  for lib in libre2-9 libyaml-cpp0.7 libfmt9 libstdc++6 libc6; do
    grep -Fqx -- "$lib" <<<"$names" || fail "Depends lacks $lib: $depends"
  done
else
  # A static build (KDIAG_STATIC=ON, what scripts/build.sh makes): it needs no library package.
  [[ -z $depends ]] || fail "a static kdiag should depend on nothing: $depends"
fi

listing=$(dpkg-deb -c "$deb")
files=$(awk '{print $NF}' <<<"$listing")
for f in ./usr/bin/kdiag ./usr/share/man/man1/kdiag.1 ./usr/share/bash-completion/completions/kdiag \
         ./usr/share/zsh/site-functions/_kdiag ./usr/share/fish/vendor_completions.d/kdiag.fish \
         ./usr/share/doc/kdiag/rules/README.md ./usr/share/doc/kdiag/rules/rust.yaml; do
  grep -qx -- "$f" <<<"$files" || fail "$f is not in the package"
done
# Only /usr: nothing under /usr/local, /etc or a build path.
if bad=$(grep -v '^\./$' <<<"$files" | grep -v '^\./usr/' | grep .); then fail "files outside /usr: $bad"; fi
if bad=$(grep '^\./usr/local/' <<<"$files"); then fail "files under /usr/local: $bad"; fi
# Root-owned files, an executable binary.
awk '$2 != "root/root" {bad=1} END {exit bad}' <<<"$listing" || fail "files not owned by root"
grep -q '^-rwxr-xr-x .* \./usr/bin/kdiag$' <<<"$listing" || fail "usr/bin/kdiag is not 0755"

# The binary from the package, unpacked (not installed), diagnoses a corpus log.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp"
"$tmp/usr/bin/kdiag" --format json "$src/corpus/rust-target-json-missing-e1000/log.txt" |
  grep -q '"id": "rust.target-json-missing"' || fail "the packaged kdiag does not find rust.target-json-missing"

if [[ ${KDIAG_TEST_DPKG_INSTALL:-} == 1 ]]; then
  if dpkg -s kdiag >/dev/null 2>&1; then
    fail "kdiag is already installed on this machine; not touching it"
  else
    dpkg -i "$deb" >/dev/null
    (cd / && kdiag "$src/corpus/rust-target-json-missing-e1000/log.txt") | grep -q rust.target-json-missing ||
      fail "the installed kdiag does not find rust.target-json-missing"
    man -w kdiag | grep -q '^/usr/share/man/man1/kdiag.1' || fail "man -w kdiag"
    dpkg -r kdiag >/dev/null
    [[ ! -e /usr/bin/kdiag ]] || fail "dpkg -r left /usr/bin/kdiag"
  fi
fi
echo "deb: $(basename "$deb"): Depends: $depends"
echo "deb: $failed failed"
[[ $failed == 0 ]]
