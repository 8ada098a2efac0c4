#!/usr/bin/env bash
# Builds kdiag and runs every test: doctest units, every rule's examples, the corpus gate (and
# whatever else ctest knows), then the native tests again under ASan + UBSan (scripts/test-asan.sh,
# build-asan/). Installs missing Debian packages first (apt-get, as root).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
cd build
ctest --output-on-failure -j"$(nproc)"
cd ..
bash scripts/test-asan.sh
