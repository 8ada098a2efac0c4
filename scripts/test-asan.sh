#!/usr/bin/env bash
# The native test suite again, built with AddressSanitizer + UndefinedBehaviorSanitizer (gcc) in
# build-asan/: any invalid access, leak or undefined behaviour fails the test that hit it.
# Run by scripts/test.sh after the normal tests. Only the targets the tests run are built (no
# web, wasm or packaging tests here: they test the build, not the code).
set -euo pipefail
cd "$(dirname "$0")/.."
# scripts/test.sh installed everything before (and runs this with the fresh-machine shims on PATH).
[[ -n ${KDIAG_TEST_NO_INSTALL:-} ]] || bash scripts/install-deps.sh
if [[ ! -f build-asan/build.ninja ]]; then
  # -O1 -g1: fast enough to build and run, with file:line in the reports.
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=None \
    -DCMAKE_CXX_FLAGS="-O1 -g1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
fi
cmake --build build-asan -j"$(nproc)" --target kdiag_test_programs
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cd build-asan
ctest --output-on-failure -j"$(nproc)" -E 'web_build|wasm|browser|deb_package|install_destdir'
