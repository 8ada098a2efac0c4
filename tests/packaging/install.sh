#!/usr/bin/env bash
# `cmake --install` into a temporary DESTDIR: every file lands where a Linux tool's files go, and
# the installed binary diagnoses a corpus log on its own (no source tree, no build dir).
#   install.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
cd "$(dirname "$0")/../.."
# Needs the package group of scripts/install-deps.sh: scripts/test.sh installs it before ctest starts.
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

DESTDIR=$root cmake --install "$build" --prefix /usr >/dev/null
failed=0
for f in usr/bin/kdiag usr/share/man/man1/kdiag.1 usr/share/bash-completion/completions/kdiag \
         usr/share/zsh/site-functions/_kdiag usr/share/fish/vendor_completions.d/kdiag.fish \
         usr/share/doc/kdiag/rules/README.md usr/share/doc/kdiag/rules/rust.yaml; do
  if [[ ! -f $root/$f ]]; then echo "FAIL: $f not installed"; failed=$((failed + 1)); fi
done
[[ -x $root/usr/bin/kdiag ]] || { echo "FAIL: usr/bin/kdiag is not executable"; failed=$((failed + 1)); }
# Nothing outside the prefix (DESTDIR honoured all the way).
if outside=$(cd "$root" && find . -mindepth 1 -maxdepth 1 ! -name usr | grep .); then
  echo "FAIL: installed outside /usr: $outside"; failed=$((failed + 1))
fi

# The installed binary, run from elsewhere, on a real log: the top diagnosis is the known cause.
log=$PWD/corpus/rust-target-json-missing-e1000/log.txt
top=$(cd / && "$root/usr/bin/kdiag" --format json "$log" |
      python3 -c 'import json,sys; d=json.load(sys.stdin)["diagnoses"]; print(d[0]["id"] if d else "")')
if [[ $top != rust.target-json-missing ]]; then
  echo "FAIL: installed kdiag says '$top', expected rust.target-json-missing"; failed=$((failed + 1))
fi
"$root/usr/bin/kdiag" --version | grep -q '^kdiag [0-9]' || { echo "FAIL: --version"; failed=$((failed + 1)); }
# The installed man page is the one man(1) finds under that prefix.
if command -v man >/dev/null && ! MANPATH=$root/usr/share/man man -w kdiag >/dev/null 2>&1; then
  echo "FAIL: man -w kdiag does not find the installed page"; failed=$((failed + 1))
fi
# The bash completion loads and completes the explain ids from the installed binary.
comp=$(PATH=$root/usr/bin:$PATH bash -c '
  source "$1"
  COMP_WORDS=(kdiag explain rust.target-json-m); COMP_CWORD=2; COMP_LINE="kdiag explain rust.target-json-m"
  _kdiag kdiag rust.target-json-m explain; printf "%s\n" "${COMPREPLY[@]}"' _ "$root/usr/share/bash-completion/completions/kdiag")
if ! grep -qx rust.target-json-missing <<<"$comp"; then
  echo "FAIL: bash completion of 'kdiag explain rust.target-json-m' gave: $comp"; failed=$((failed + 1))
fi
echo "install: $failed failed"
[[ $failed == 0 ]]
