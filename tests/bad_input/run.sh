#!/usr/bin/env bash
# Hostile inputs and rule packs: kdiag must never crash, hang, or silently drop a diagnosis.
# Each case states what is expected: the exit status, the message on stderr, and what is still
# diagnosed. (README "## Robustness" and kdiag(1) INPUT describe the same behaviour.)
#   run.sh KDIAG
set -uo pipefail
kdiag=$(realpath "$1")
tmp=$(mktemp -d)
# Only this shell cleans up. A background job killed between bash's fork and its exec (the
# watchdog below, when kdiag obeys Ctrl-C at once) is still a copy of this shell and would run
# the EXIT trap, deleting the scratch directory under the cases that follow.
trap '[[ $BASHPID == "$$" ]] && rm -rf "$tmp"' EXIT
cd "$tmp"
set -m  # background jobs get SIGINT like a foreground kdiag would (the Ctrl-C case)

# A failure that one line diagnoses, and the rule it fires.
fail_line='ERROR: modpost: missing MODULE_LICENSE() in /build/source/ko/xpedite.o'
fail_id='kbuild.modpost-missing-license'
printf '%s\n' "$fail_line" >good.log

failed=0
cases=0
out=$tmp/out
err=$tmp/err
current=""
start_case() { current=$1; cases=$((cases + 1)); }
fail() { echo "FAIL [$current]: $*"; echo "  stderr: $(head -c 600 "$err")"; failed=$((failed + 1)); }
expect_rc() { [[ $rc == "$1" ]] || fail "exit status $rc, expected $1"; }
expect_err() { grep -Eq -- "$1" "$err" || fail "stderr lacks /$1/"; }
expect_no_err() { [[ ! -s $err ]] || fail "stderr not empty"; }
expect_out() { grep -Eq -- "$1" "$out" || fail "stdout lacks /$1/"; }
expect_no_out() { [[ ! -s $out ]] || fail "stdout not empty: $(head -c 200 "$out")"; }
expect_diagnosed() { grep -Eq "\"id\": *\"$fail_id\"" "$out" || fail "$fail_id not diagnosed"; }
expect_valid_utf8() { iconv -f UTF-8 -t UTF-8 "$out" >/dev/null 2>&1 || fail "output is not valid UTF-8"; }
ms() { echo $(($(date +%s%N) / 1000000)); }
k() { "$kdiag" "$@" >"$out" 2>"$err"; rc=$?; }
# JSON output. (Logs come through < <(...), not a pipe: the last part of a pipeline runs in a
# subshell, which would lose rc.)
kj() { "$kdiag" --format json "$@" >"$out" 2>"$err"; rc=$?; }

# --- Logs -------------------------------------------------------------------------------------

start_case "empty input: exit 0, nothing diagnosed, no message"
kj </dev/null
expect_rc 0; expect_no_err; expect_out '"diagnoses": *\[\]'

start_case "binary garbage (an executable's bytes): exit 0, no crash, valid UTF-8 out"
head -c 300000 "$kdiag" >garbage.bin
k garbage.bin; expect_rc 0; expect_no_err; expect_valid_utf8
kj garbage.bin; expect_rc 0; expect_no_err; expect_valid_utf8

start_case "a 100 MB single line, then a failure: the failure is diagnosed, the cut is noted"
t0=$(ms)
kj < <(head -c 100000000 /dev/zero | tr '\0' a; printf '\n%s\n' "$fail_line")
expect_rc 0; expect_diagnosed
expect_out 'line\(s\) longer than 65536 bytes were cut.*max line length'
echo "  100 MB line read and diagnosed in $(($(ms) - t0)) ms"
{ head -c 200000 /dev/zero | tr '\0' a; printf '\n%s\n' "$fail_line"; } >long.log
k --max-line-bytes 1000 long.log
expect_rc 0; expect_out "$fail_id"; expect_out 'note: .*1 line\(s\) longer than 1000 bytes were cut'

start_case "NUL bytes inside lines: dropped, the line still diagnosed"
kj < <(printf 'ERROR: modpost: missing MODULE_\0LICENSE() in /build/\0\0source/ko/xpedite.o\n')
expect_rc 0; expect_no_err; expect_diagnosed

start_case "invalid UTF-8: replaced by U+FFFD, the output stays valid UTF-8, the failure diagnosed"
kj < <(printf 'bad \xff\xfe\xc3( bytes \xe2\x82\n'; printf '%s \xff\n' "$fail_line")
expect_rc 0; expect_no_err; expect_diagnosed; expect_valid_utf8

for enc in UTF-16LE UTF-16BE; do
  lower=$(tr 'A-Z' 'a-z' <<<"$enc")
  start_case "$enc with a BOM: decoded, diagnosed, noted"
  { if [[ $enc == UTF-16LE ]]; then printf '\xff\xfe'; else printf '\xfe\xff'; fi
    printf 'make: building\n%s\n' "$fail_line" | iconv -f UTF-8 -t "$enc"; } >"$lower.log"
  kj "$lower.log"; expect_rc 0; expect_no_err; expect_diagnosed; expect_out "decoded from $lower\""
  start_case "$enc without a BOM: detected from the NUL bytes, decoded, diagnosed, noted"
  printf 'make: building\n%s\n' "$fail_line" | iconv -f UTF-8 -t "$enc" >"$lower-nobom.log"
  kj "$lower-nobom.log"; expect_rc 0; expect_no_err; expect_diagnosed
  expect_out "decoded from $lower \\(no BOM; detected from its NUL bytes\\)"
done

start_case "a truncated last line (no newline at the end): still diagnosed"
kj < <(printf 'make: building\n%s' "$fail_line")
expect_rc 0; expect_diagnosed

start_case "a file that does not exist: exit 2 naming it, the other files still diagnosed"
kj missing.log good.log
expect_rc 2; expect_err '^kdiag: missing.log: No such file or directory'; expect_diagnosed

start_case "a directory: exit 2 naming it, the other files still diagnosed"
mkdir -p adir
kj adir good.log
expect_rc 2; expect_err '^kdiag: adir: is a directory, not a log'; expect_diagnosed

start_case "standard input closed: exit 2 with the read error"
"$kdiag" <&- >"$out" 2>"$err"; rc=$?
expect_rc 2; expect_err 'kdiag: <stdin>: read error: Bad file descriptor'

start_case "the producer stops early (pipe closed mid-line): what came is diagnosed"
kj < <(printf '%s\nmake: half a li' "$fail_line"; exit 1)
expect_rc 0; expect_no_err; expect_diagnosed

start_case "output piped into head -c 10 (SIGPIPE/EPIPE): no crash or message, exit 0"
for i in $(seq 2000); do printf '%s %d\n' "$fail_line" "$i"; done >many.log
for format in text json sarif; do
  "$kdiag" --format "$format" --explain -n 0 many.log many.log 2>"$err" | head -c 10 >/dev/null
  rc=${PIPESTATUS[0]}
  expect_rc 0; expect_no_err
done

start_case "Ctrl-C while reading: exits promptly with 130, says so, prints no partial report"
rm -f fifo && mkfifo fifo
"$kdiag" fifo >"$out" 2>"$err" &
pid=$!
# Opening the FIFO for writing returns once kdiag has opened it for reading, which it does after
# setting up its Ctrl-C handling: an event, not a guess at how long start-up takes.
exec 3>fifo
printf '%s\n' "$fail_line" >&3
kill -INT "$pid"
# The writer stays open, so only the interrupt can end kdiag: if it ends, it obeyed. The watchdog
# only turns a hang into a failure instead of a stuck test.
# (set -m makes it a process group, ended whole with its sleep, which would otherwise hold
# ctest's output pipe open. The EXIT trap above guards against it being killed before its exec.)
bash -c 'sleep 120; kill -KILL "$1" 2>/dev/null' watchdog "$pid" >/dev/null 2>&1 & watchdog=$!
wait "$pid"; rc=$?
kill -- "-$watchdog" 2>/dev/null; wait "$watchdog" 2>/dev/null
exec 3>&-
expect_rc 130; expect_err '^kdiag: interrupted$'; expect_no_out

start_case "more inputs than the limit (1024): the first 1024 read, the rest noted, exit 2"
args=()
for i in $(seq 1030); do args+=(good.log); done
k "${args[@]}"
expect_rc 2; expect_err 'kdiag: 6 input\(s\) not read: more than 1024 inputs'
expect_out "$fail_id"; expect_out 'note: 6 input\(s\) not read, from good.log on \(limit: 1024 inputs\)'
kj "${args[@]}"
expect_rc 2; expect_out '"notes": *\['; expect_out 'limit: 1024 inputs'

# --- Rule packs -------------------------------------------------------------------------------

# A valid pack, to be broken one way at a time.
pack() {
  cat <<YAML
pack: bad
rules:
  - id: ${ID:-kbuild.bad-input-test}
    title: ${TITLE:-a test rule}
    severity: ${SEVERITY:-error}
    cause: because
    fix: [fix it]
    ${EXTRA:-}
    signatures:
      - name: ${NAME:-one}
        pattern: '${PATTERN:-bad input test line}'
    ${CONDITION:+condition: '$CONDITION'}
    examples:
      match: ['${MATCH:-bad input test line}']
      no_match: ['fine']
YAML
}
# k_pack FILE: diagnose good.log with FILE added; expect exit 2 and file:line:col: REASON.
k_pack_fails() {  # file reason-regex
  k --rules "$1" good.log
  expect_rc 2; expect_no_out
  expect_err "$1:[0-9]+:[0-9]+: .*$2"
}

start_case "pack: invalid YAML"
printf 'rules:\n  - id: [unclosed\n    title: x\n' >invalid.yaml
k_pack_fails invalid.yaml 'invalid YAML'

start_case "pack: wrong types (a list for a string, a word for a number)"
SEVERITY='[error]' pack >types.yaml
k_pack_fails types.yaml "field 'severity' must be a string"
EXTRA='notes: x' NAME='one
        weight: heavy' pack >weight.yaml
k_pack_fails weight.yaml "weight must be a number"

start_case "pack: duplicate ids"
{ pack; pack | sed 1,2d; } >dup.yaml
k_pack_fails dup.yaml "duplicate id \\(first defined at dup.yaml:3:5\\)"

start_case "pack: unknown field, with a did-you-mean"
EXTRA='titel: typo' pack >unknown.yaml
k_pack_fails unknown.yaml "unknown field 'titel' in rule \\(did you mean 'title'\\?\\)"

start_case "pack: a pattern RE2 cannot compile"
PATTERN='(unclosed' pack >re.yaml
k_pack_fails re.yaml "pattern does not compile: missing \\)"

start_case "pack: a condition naming an unknown signature"
CONDITION='one and tow' pack >cond.yaml
k_pack_fails cond.yaml "condition names unknown signature 'tow'"

start_case "pack: a condition nested too deep (would overflow the parser's stack)"
CONDITION="$(printf '(%.0s' $(seq 100))one$(printf ')%.0s' $(seq 100))" pack >deep.yaml
k_pack_fails deep.yaml "more than 64 nested parentheses"

start_case "pack: YAML nested 100000 deep"
{ printf 'rules: '; head -c 100000 /dev/zero | tr '\0' '['; } >deepyaml.yaml
k --rules deepyaml.yaml good.log
expect_rc 2; expect_no_out; expect_err 'deepyaml.yaml:[0-9]+:[0-9]+: invalid YAML'

start_case "pack: a cycle in suppresses"
{ EXTRA='suppresses: [kbuild.other-test]' pack
  ID=kbuild.other-test EXTRA='suppresses: [kbuild.bad-input-test]' pack | sed 1,2d; } >cycle.yaml
k_pack_fails cycle.yaml "suppression cycle: kbuild.(bad-input|other)-test -> kbuild.(bad-input|other)-test -> "

start_case "pack: a pack of 10 MB is refused at once"
{ echo 'pack: huge'; echo 'rules:'; yes "$(pack | sed 1,2d)" | head -c 10000000; } >huge.yaml
t0=$(ms)
k_pack_fails huge.yaml "rule pack is larger than the limit of 4 MiB"
elapsed=$(($(ms) - t0))
# Refused before it is parsed: the bound is far above any load, it only catches a parse of 10 MB.
echo "  refused in $elapsed ms"
((elapsed < 30000)) || fail "took $elapsed ms"

start_case "pack: patterns catastrophic for backtracking engines run linear on a 1 MB line"
for p in '(a+)+$' '(x+x+)+y' '(a|aa)+b' '^(a*)*c'; do
  PATTERN="$p" MATCH='aaaab xxy aac' pack >catastrophic.yaml
  head -c 1000000 /dev/zero | tr '\0' a >mega.log
  echo >>mega.log
  cat good.log >>mega.log
  t0=$(ms); "$kdiag" --rules catastrophic.yaml good.log >/dev/null 2>&1; base=$(($(ms) - t0))
  t0=$(ms); k --rules catastrophic.yaml --max-line-bytes 2000000 mega.log; elapsed=$(($(ms) - t0))
  expect_rc 0; expect_out "$fail_id"
  # Linear engines take milliseconds here, backtracking ones longer than the universe: the bound
  # tells the two apart with room for any load on the machine (the figure is printed).
  echo "  $p on a 1 MB line: ${elapsed} ms (start-up alone: ${base} ms)"
  ((elapsed - base < 30000)) || fail "'$p' on a 1 MB line took $elapsed ms"
done

start_case "pack: a FIFO named *.yaml is refused at once, not waited on"
mkdir -p fifopacks && rm -f fifopacks/x.yaml && mkfifo fifopacks/x.yaml
timeout 60 "$kdiag" --rules fifopacks good.log >"$out" 2>"$err"; rc=$?
expect_rc 2; expect_no_out; expect_err 'fifopacks/x.yaml: is a FIFO, not a regular file \(cannot read the rule pack\)'

start_case "pack: invalid UTF-8 in a title is refused at file:line:col (explain and JSON never see it)"
TITLE=$'a t\xffst rule' pack >utf.yaml
k_pack_fails utf.yaml 'invalid UTF-8 \(byte 0xFF\)'
k --rules utf.yaml rules list --format json
expect_rc 2; expect_err 'utf.yaml:[0-9]+:[0-9]+: invalid UTF-8'

# --- Terminals ----------------------------------------------------------------------------------

esc=$'\x1b'
start_case "text output: ESC, newlines and U+202E from logs, packs and file names are shown, not obeyed"
evil_name=$'evil\x1b[31m\nname.log'
printf '%s \xe2\x80\xae\n' "$fail_line" >"$evil_name"
TITLE=$'a title \x1b]0;pwned\x07 here' PATTERN='evil pack line' MATCH='evil pack line' pack >escpack.yaml
printf 'evil pack line\n' >>"$evil_name"
k --rules escpack.yaml --color never "$evil_name"
expect_rc 0
grep -q "$esc" "$out" && fail "an ESC byte reached the terminal"
expect_out 'evil\\x1b\[31m\\nname.log:1'; expect_out '<U\+202E>'; expect_out 'a title \\x1b\]0;pwned\\x07 here'
k missing$'\x1b[2J'.log
grep -q "$esc" "$err" && fail "an ESC byte reached stderr"
expect_err 'missing\\x1b\[2J.log: No such file'
k --rules escpack.yaml explain kbuild.bad-input-test
grep -q "$esc" "$out" && fail "explain printed an ESC byte"

# --- Reports ------------------------------------------------------------------------------------

start_case "Ctrl-C while the report is written: the report is whole (then 130), never cut"
# A 300 KB fix text makes a report far bigger than a pipe holds, so kdiag blocks in the write.
pack | python3 -c 'import sys; sys.stdout.write(sys.stdin.read().replace("fix: [fix it]", "fix: [" + "f" * 300000 + "]"))' >bigfix.yaml
printf 'bad input test line\n' >bigfix.log
rm -f report.fifo && mkfifo report.fifo
"$kdiag" --rules bigfix.yaml --format json bigfix.log >report.fifo 2>"$err" &
pid=$!
exec 4<report.fifo
head -c 1 <&4 >report.json   # kdiag is writing now: the pipe is full behind this byte
kill -INT "$pid"
cat <&4 >>report.json
exec 4<&-
wait "$pid"; rc=$?
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["diagnoses"][0]["id"]=="kbuild.bad-input-test"' report.json \
  || fail "the report is not a whole JSON document ($(wc -c <report.json) bytes)"
[[ $rc == 130 || $rc == 0 ]] || fail "exit status $rc, expected 130 (or 0 if the write ended first)"
echo "  report of $(wc -c <report.json) bytes whole after Ctrl-C, exit $rc"

# --- kdiag corpus -------------------------------------------------------------------------------

corpus_case() {  # name meta-logs-line: one case whose meta.yaml says logs: [...]
  rm -rf hc && mkdir -p "hc/$1"
  printf 'class: x\nexpect: {top: [%s]}\n%s\n' "$fail_id" "$2" >"hc/$1/meta.yaml"
  printf '%s\n' "$fail_line" >"hc/$1/log.txt"
}
start_case "corpus: a FIFO log.txt, /dev/zero, absolute and ../ paths are broken cases, never read"
corpus_case fifo 'logs: [log.fifo]'; mkfifo hc/fifo/log.fifo
timeout 60 "$kdiag" corpus hc >"$out" 2>"$err"; rc=$?
expect_rc 1; expect_out 'cannot open: .*/log.fifo: is a FIFO, not a regular file'
corpus_case zero 'logs: [/dev/zero]'
timeout 60 "$kdiag" corpus hc >"$out" 2>"$err"; rc=$?
expect_rc 1; expect_out '/dev/zero: log paths are relative to the case directory'
corpus_case up 'logs: [../../good.log]'
k corpus hc; expect_rc 1; expect_out "log paths may not leave the case directory"
corpus_case link 'logs: [out.log]'; ln -s "$tmp/good.log" hc/link/out.log
k corpus hc; expect_rc 1; expect_out "a symbolic link out of the case directory"
corpus_case fine 'logs: [log.txt]'
k corpus hc; expect_rc 0

start_case "corpus: a 20 MB meta.yaml of '[' is refused before YAML parses it"
corpus_case huge ''
head -c 20000000 /dev/zero | tr '\0' '[' >hc/huge/meta.yaml
t0=$(ms); k corpus hc; elapsed=$(($(ms) - t0))
expect_rc 1; expect_out 'larger than the limit of 1024 KiB for corpus metadata'
echo "  refused in $elapsed ms"

# --- kdiag doctor --root ------------------------------------------------------------------------

start_case "doctor --root: a 45-link chain to a host file is refused, the host file never read"
rm -rf droot && mkdir -p droot/proc/sys/kernel droot/chain
printf '6.6.6-host-secret\n' >host-secret
# The first 40 links (osrelease and chain/1-39) stay inside the root; from the 41st on they name
# host paths, which
# only a resolver that hands the rest of the chain to the kernel would follow.
for i in $(seq 39); do ln -s "/chain/$((i + 1))" "droot/chain/$i"; done
for i in $(seq 40 44); do ln -s "$tmp/droot/chain/$((i + 1))" "droot/chain/$i"; done
ln -s "$tmp/host-secret" droot/chain/45
ln -s /chain/1 droot/proc/sys/kernel/osrelease
timeout 60 "$kdiag" doctor --root droot >"$out" 2>"$err"; rc=$?
grep -q host-secret "$out" "$err" && fail "doctor read a file outside the root"
expect_out 'kernel-release +unknown: /proc/sys/kernel/osrelease: too many symbolic links'

start_case "doctor --root: FIFOs and huge files as osrelease or config: refused at once, named"
rm -f droot/proc/sys/kernel/osrelease && mkfifo droot/proc/sys/kernel/osrelease
timeout 60 "$kdiag" doctor --root droot >"$out" 2>"$err"; rc=$?
[[ $rc == 124 ]] && fail "doctor hung on a FIFO"
expect_out 'osrelease: is a FIFO, not a regular file'
rm -f droot/proc/sys/kernel/osrelease && head -c 10000000 /dev/zero | tr '\0' 7 >droot/proc/sys/kernel/osrelease
k doctor --root droot
expect_out 'osrelease: larger than 256 bytes \(the limit for this file\)'
(($(wc -c <"$out") < 20000)) || fail "a 10 MB osrelease made $(wc -c <"$out") bytes of output"
printf '6.1.0\x1b[2J\n' >droot/proc/sys/kernel/osrelease
k doctor --root droot
grep -q "$esc" "$out" && fail "doctor printed an ESC byte from the tree"
expect_out 'does not hold a kernel release'
mkdir -p droot/boot && printf '6.1.0-1-amd64\n' >droot/proc/sys/kernel/osrelease
mkfifo droot/boot/config-6.1.0-1-amd64
timeout 60 "$kdiag" doctor --root droot >"$out" 2>"$err"; rc=$?
[[ $rc == 124 ]] && fail "doctor hung on a FIFO config"
expect_out 'config-6.1.0-1-amd64: is a FIFO'

# --- Memory ------------------------------------------------------------------------------------

# Peak resident memory of a command, in MiB (the rusage of the child, as the kernel counted it).
# Under AddressSanitizer (scripts/test-asan.sh) shadow memory and quarantine add hundreds of MiB
# that are not kdiag's: the figures are printed there, the ceilings judged in the normal build.
memory_judged=1
[[ -n ${ASAN_OPTIONS:-}${TSAN_OPTIONS:-} ]] && memory_judged=0
peak_mib() {
  python3 -c 'import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=open("out", "wb"), stderr=open("err", "wb"))
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, r.returncode)' "$@"
}
start_case "memory: a log whose every line holds every built-in signature's literal stays small"
"$kdiag" rules patterns --literals 2>/dev/null | cut -f2 | sed 's/^(?i)//' | tr '\n' ' ' >literals.txt
python3 -c 'import sys; l = open("literals.txt", "rb").read() + b" "; line = (l * (1 + 60000 // len(l)))[:60000]
open("every-literal.log", "wb").write((line + b"\n") * 21)'
read -r mib rc < <(peak_mib "$kdiag" -q --format json every-literal.log)
expect_rc 0
echo "  $(wc -c <every-literal.log) bytes waking every signature: peak ${mib} MiB"
((memory_judged == 0 || mib < 64)) || fail "peak ${mib} MiB (evidence must be excerpts, not whole lines)"
read -r mib rc < <(peak_mib "$kdiag" -q --format json --max-line-bytes 262144 every-literal.log)
((memory_judged == 0 || mib < 64)) || fail "peak ${mib} MiB with --max-line-bytes 262144"

start_case "memory: a fix of '{a}' x10000 filled from a 60 KB capture is bounded"
pack | python3 -c 'import sys; t = sys.stdin.read().replace("fix: [fix it]", "fix: [\"" + "{a}" * 10000 + "\"]")
sys.stdout.write(t.replace("pattern: '"'"'bad input test line'"'"'", "pattern: '"'"'bad input test line (?P<a>.*)'"'"'"))' >amplify.yaml
{ printf 'bad input test line '; head -c 60000 /dev/zero | tr '\0' z; echo; } >amplify.log
read -r mib rc < <(peak_mib "$kdiag" --rules amplify.yaml --format json amplify.log)
expect_rc 0; expect_out 'cut: the filled-in text is longer than the limit'
echo "  fix x10000 of a 60 KB capture: $(wc -c <out) bytes out, peak ${mib} MiB"
(($(wc -c <out) < 1000000)) || fail "$(wc -c <out) bytes of output"
((memory_judged == 0 || mib < 64)) || fail "peak ${mib} MiB"

start_case "pack: 3000 signatures like KEY17Z[^a]{1000} are refused at load, at the signature past the budget"
{ pack | sed -n '1,/^    signatures:/p'
  for i in $(seq 3000); do printf "      - {name: s%d, pattern: 'KEY%dZ[^a]{1000}'}\n" "$i" "$i"; done
  printf "    examples:\n      match: ['KEY1Z%s']\n      no_match: ['fine']\n" "$(head -c 1000 /dev/zero | tr '\0' b)"; } >budget.yaml
k_pack_fails budget.yaml "signature 's[0-9]+': the patterns of the rule packs together exceed the budget of [0-9]+ RE2 instructions"
k rules check budget.yaml
expect_rc 2; expect_err 'exceed the budget'

echo "bad input: $cases cases, $failed failure(s)"
[[ $failed == 0 ]]
