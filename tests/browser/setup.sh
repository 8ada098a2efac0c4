#!/usr/bin/env bash
# Prepares the browser tests: Debian's chromium and emscripten, the wasm build of the page
# (web/dist), and playwright-core. Idempotent; the wasm build is incremental.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# Needs the browser and wasm package groups: scripts/test.sh installs them before ctest starts
# (tests run in parallel, and dpkg takes one apt-get at a time).
"$here/../../web/build-wasm.sh" --no-install > "$here/../../build-wasm.log" 2>&1 || { tail -40 "$here/../../build-wasm.log"; exit 1; }
if [[ ! -d $here/node_modules/playwright-core ]]; then
  (cd "$here" && npm ci --silent --no-audit --no-fund >/dev/null)
fi
ls -l "$here/../../web/dist"/kdiag_wasm.*
