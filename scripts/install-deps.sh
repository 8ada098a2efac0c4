#!/usr/bin/env bash
# Installs the Debian bookworm packages kdiag needs to build and test, and only those that are
# missing, so running it again is cheap. Needs root (apt-get) when something is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libre2-dev libyaml-cpp-dev libboost-dev libfmt-dev
  nlohmann-json3-dev libcli11-dev doctest-dev
)
# Node.js runs the SARIF schema check (and the browser test); any node/npm on PATH will do.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
# Extra groups, asked for by the scripts that need them (e.g. the browser test).
for group in "$@"; do
  case "$group" in
    browser) packages+=(chromium) ;;
    wasm)    packages+=(emscripten unicode-data python3-six dpkg-dev) ;;
    fuzz)    packages+=(clang libclang-rt-14-dev) ;;
    package) packages+=(dpkg-dev fakeroot groff-base man-db file) ;;
    *) echo "install-deps: unknown group '$group' (known: browser wasm fuzz package)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
