#!/usr/bin/env bash
# Builds kdiag and runs every test: doctest units, every rule's examples, the corpus gate (and
# whatever else ctest knows), then the native tests again under ASan + UBSan (scripts/test-asan.sh,
# build-asan/), and one const engine on several threads under TSan (scripts/test-tsan.sh). Installs missing Debian packages first (apt-get, as root), all of them, once: ctest
# runs tests in parallel and dpkg takes one apt-get at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh all
bash scripts/build.sh
# Every test runs as on a fresh machine (tests/fresh_machine/README.md): a test that installs
# packages on its own fails on the lock whenever another does too.
export PATH=$PWD/tests/fresh_machine/shims:$PATH
export KDIAG_FAKE_DPKG_LOCK=$PWD/build/fake-dpkg-lock
cd build
ctest --output-on-failure -j"$(nproc)"
cd ..
KDIAG_TEST_NO_INSTALL=1 bash scripts/test-asan.sh
bash scripts/test-tsan.sh
