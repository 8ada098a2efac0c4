#!/usr/bin/env bash
# Builds the web page into web/dist/: the engine and the built-in rule packs compiled to
# WebAssembly with Debian's emscripten, re2 and yaml-cpp built for wasm from Debian's source
# packages. Works from a fresh Debian bookworm machine (installs what it needs; apt-get as root).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
W=${KDIAG_WASM_DIR:-$root/build-wasm}
jobs=${KDIAG_JOBS:-$(nproc)}

# --no-install: the caller installed the wasm group already (the tests: scripts/test.sh does it
# once, before ctest runs tests in parallel; dpkg takes one apt-get at a time).
if [[ ${1:-} != --no-install ]]; then
  bash "$root/scripts/install-deps.sh" wasm
fi
if ! grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo "build-wasm: apt-get source needs a deb-src entry: run scripts/install-deps.sh wasm (as root)" >&2
  exit 2
fi

# Debian's node may not search /usr/share/nodejs, where em++'s acorn lives.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
mkdir -p "$W"/{src,build,prefix,sysinc}
for lib in boost fmt nlohmann; do ln -sfn /usr/include/$lib "$W/sysinc/$lib"; done

cd "$W/src"
if [[ ! -d re2 ]]; then
  rm -rf re2-* && apt-get source -qq re2 >/dev/null 2>&1
  mv re2-*/ re2
  # The +dfsg tarball drops generated tables; regenerate them as debian/rules does.
  (cd re2 && perl re2/make_perl_groups.pl > re2/perl_groups.cc &&
   python3 re2/make_unicode_casefold.py > re2/unicode_casefold.cc &&
   python3 re2/make_unicode_groups.py > re2/unicode_groups.cc)
fi
if [[ ! -d yaml-cpp ]]; then
  rm -rf yaml-cpp-* && apt-get source -qq yaml-cpp >/dev/null 2>&1
  mv yaml-cpp-*/ yaml-cpp
fi
rm -f ./*.dsc ./*.tar.* 2>/dev/null || true

common=(-DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$W/prefix" -DCMAKE_CXX_FLAGS=-fexceptions
        -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node)
if [[ ! -f $W/prefix/lib/libre2.a ]]; then
  emcmake cmake -S "$W/src/re2" -B "$W/build/re2" "${common[@]}" -DRE2_BUILD_TESTING=OFF >/dev/null
  emmake make -C "$W/build/re2" -j"$jobs" install >/dev/null
fi
if [[ ! -f $W/prefix/lib/libyaml-cpp.a ]]; then
  emcmake cmake -S "$W/src/yaml-cpp" -B "$W/build/yaml" "${common[@]}" -DYAML_CPP_BUILD_TESTS=OFF \
    -DYAML_CPP_BUILD_TOOLS=OFF >/dev/null
  emmake make -C "$W/build/yaml" -j"$jobs" install >/dev/null
fi

# Two builds of web/wasm_api.cc over the same engine, both for size (-Oz at compile and link:
# emscripten's link runs binaryen's wasm-opt at that level; re2 and yaml-cpp keep their -O3):
#  app   the whole module, with the built-in YAML packs: the Node API (web/kdiag-node.cjs, the
#        corpus test) and the writer of kdiag_rules.bin, the knowledge base in compiled form;
#  page  what the page loads (-DKDIAG_WASM_PAGE, link-time optimised): rules only from
#        kdiag_rules.bin, so the YAML packs and yaml-cpp are left out.
configure() {
  local dir=$1 cxx=$2 link=$3
  emcmake cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$W/prefix" \
    -DCMAKE_FIND_ROOT_PATH="$W/prefix" -DHEADER_ONLY_DIR="$W/sysinc" \
    "-DCMAKE_CXX_FLAGS_RELEASE=$cxx" "-DCMAKE_EXE_LINKER_FLAGS_RELEASE=$link" \
    -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node >/dev/null
}
configure "$W/app" "-Oz -DNDEBUG" "-Oz"
configure "$W/page" "-Oz -DNDEBUG -flto -DKDIAG_WASM_PAGE" "-Oz -flto"
emmake make -C "$W/app" -j"$jobs" kdiag_wasm
emmake make -C "$W/page" -j"$jobs" kdiag_wasm

dist=$root/web/dist
mkdir -p "$dist/page"
cp "$W/app/kdiag_wasm.js" "$W/app/kdiag_wasm.wasm" "$dist/"
cp "$W/page/kdiag_wasm.js" "$W/page/kdiag_wasm.wasm" "$dist/page/"
cp "$root"/web/static/* "$dist/"
# Written by the app module itself, so it always matches the engine it was built with.
node -e 'const fs = require("fs");
  require(process.argv[1])({ wasmBinary: fs.readFileSync(process.argv[2]) })
    .then((m) => fs.writeFileSync(process.argv[3], m.compile_rules().slice()));' \
  "$dist/kdiag_wasm.js" "$dist/kdiag_wasm.wasm" "$dist/kdiag_rules.bin"
for f in page/kdiag_wasm.wasm page/kdiag_wasm.js kdiag_rules.bin; do
  echo "build-wasm: $f $(stat -c %s "$dist/$f") bytes, $(gzip -9c "$dist/$f" | wc -c) gzipped" >&2
done
ls -l "$dist" >&2
