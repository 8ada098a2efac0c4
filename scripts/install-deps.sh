#!/usr/bin/env bash
# Installs the Debian bookworm packages kdiag needs to build and test, and only those that are
# missing, so running it again is cheap. Needs root (apt-get) when something is missing.
# dpkg allows one apt-get at a time and a second one fails at once on its lock, so callers that
# run in parallel (ctest) must not call this: scripts/test.sh installs every group the suite needs
# ('all') once, before the tests start (tests/fresh_machine checks that).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libre2-dev libyaml-cpp-dev libboost-dev libfmt-dev
  nlohmann-json3-dev libcli11-dev doctest-dev
  libarchive-dev libzstd-dev liblz4-dev  # doctor --kernel's initramfs images, batch's compressed logs
  cpio gzip xz-utils zstd  # fixtures made at test time (doctor's initramfs, batch's compressed logs)
  python3-distributed  # scale/ and its test (tests/scale): Dask
  python3-yaml  # tests/action reads action.yml
  cmark-gfm     # tests/ci_formats renders the job summary as GitHub does
)
# Node.js runs the SARIF schema check (and the browser test); any node/npm on PATH will do.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
# Extra groups, asked for by the scripts that need them (e.g. the browser test).
groups=("$@")
if [[ " ${groups[*]} " == *" all "* ]]; then groups=(browser wasm package); fi
deb_src=0
for group in "${groups[@]}"; do
  case "$group" in
    browser) packages+=(chromium) ;;
    wasm)    packages+=(emscripten unicode-data python3-six dpkg-dev); deb_src=1 ;;
    fuzz)    packages+=(clang libclang-rt-14-dev) ;;
    package) packages+=(dpkg-dev fakeroot groff-base man-db file) ;;
    *) echo "install-deps: unknown group '$group' (known: browser wasm fuzz package all)" >&2; exit 2 ;;
  esac
done

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
updated=0
# The wasm build takes re2 and yaml-cpp from Debian's source packages: apt-get source needs a
# deb-src entry; add one mirroring the binary sources when there is none.
if ((deb_src)) && ! grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo "install-deps: adding a deb-src entry for bookworm" >&2
  $SUDO tee /etc/apt/sources.list.d/kdiag-deb-src.sources >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  $SUDO apt-get update -qq
  updated=1
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
((updated)) || $SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
