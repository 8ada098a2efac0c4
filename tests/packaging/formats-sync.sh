#!/usr/bin/env bash
# The output formats are one table (engine/render/render.cc); `kdiag --help` shows it. The shell
# completions (bash, zsh, fish) and kdiag(1) must offer exactly those formats for kdiag and for
# kdiag doctor: a format added to the table and not to them (or dropped) fails here, naming where.
#   formats-sync.sh KDIAG
set -euo pipefail
kdiag=$1
cd "$(dirname "$0")/../.."
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

# CLI11 shows the choices: "-f,--format TEXT:{text,json,...}=text" -> "text json ..."
formats_of_help() {
  grep -oE -- '--format TEXT:\{[^}]*\}' | head -1 | sed -E 's/.*\{|\}//g; s/,/ /g'
}
want=$("$kdiag" --help | formats_of_help)
[[ $(wc -w <<<"$want") -ge 3 ]] || { echo "FAIL: no formats read from kdiag --help: '$want'"; exit 1; }
doctor=$("$kdiag" doctor --help | formats_of_help)
[[ $doctor == "$want" ]] || fail "kdiag doctor --help offers '$doctor', kdiag --help '$want'"

same() {  # same WHERE FOUND
  [[ $2 == "$want" ]] || fail "$1 offers '$2', the renderer table '$want'"
}
same "completions/kdiag.bash (formats=)" "$(grep -oE 'local formats="[^"]*"' completions/kdiag.bash | cut -d'"' -f2)"
while read -r line; do
  same "completions/_kdiag ($line)" "$(grep -oE ':format:\([^)]*\)' <<<"$line" | sed -E 's/:format:\(|\)//g')"
done < <(grep -E '\[output format\]' completions/_kdiag | grep -E 'sarif|github|gitlab' )
[[ $(grep -cE '\[output format\]:format:\(text json (github|sarif)' completions/_kdiag) -ge 2 ]] ||
  fail "completions/_kdiag: no format list for kdiag and kdiag doctor"
while read -r line; do
  same "completions/kdiag.fish ($line)" "$(grep -oE -- '-a "[^"]*"' <<<"$line" | cut -d'"' -f2)"
done < <(grep -E -- '-l format .*-a "text json (github|sarif)' completions/kdiag.fish)
[[ $(grep -cE -- '-l format .*-a "text json (github|sarif)' completions/kdiag.fish) -ge 2 ]] ||
  fail "completions/kdiag.fish: no format list for kdiag and kdiag doctor"
# kdiag(1): the --format entry lists each format in bold (.BR name ...) up to its "See".
page=$(awk '/format " FORMAT$/ { on = 1; next } on && /^See/ { exit } on && /^\.BR/ { print $2 }' docs/kdiag.1 |
  tr '\n' ' ' | sed 's/ $//')
same "docs/kdiag.1 (--format)" "$page"
echo "formats in sync: $want"
[[ $failed == 0 ]]
