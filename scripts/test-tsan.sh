#!/usr/bin/env bash
# One const Engine used by several threads at once, under ThreadSanitizer (gcc), in build-tsan/:
# a data race in the engine fails it. Run by scripts/test.sh after the ASan tests. Only the engine
# and the threads test are built.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f build-tsan/build.ninja ]]; then
  cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=None \
    -DCMAKE_CXX_FLAGS="-O1 -g1 -fsanitize=thread" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" >/dev/null
fi
cmake --build build-tsan -j"$(nproc)" --target kdiag_threads_test
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
build-tsan/tests/kdiag_threads_test
