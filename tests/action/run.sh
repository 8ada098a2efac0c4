#!/usr/bin/env bash
# The GitHub Action (action.yml) run as GitHub runs it: each step's `run:` text, taken from the
# YAML with its `${{ inputs.X }}` filled in, is written to a file and run with
# `bash --noprofile --norc -eo pipefail FILE`, with the step's env, fake GITHUB_OUTPUT,
# GITHUB_STEP_SUMMARY, RUNNER_TEMP, and GITHUB_ACTION_PATH pointing to a copy of the action with
# kdiag where it keeps it. Cases: a failing build command, a passing one, logs with spaces in
# their paths, no input, a missing log, a .deb instead of a build, the cache key.
#   run.sh KDIAG
# KDIAG_TEST_ACTION_YML=FILE runs the cases on another action.yml (e.g. an older one, from `git show REV:action.yml`).
set -uo pipefail
kdiag=$(realpath "$1")
src=$(cd "$(dirname "$0")/../.." && pwd)
action_yml=$(realpath "${KDIAG_TEST_ACTION_YML:-$src/action.yml}")
helper=$src/tests/action/action_step.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! python3 -c 'import yaml' 2>/dev/null; then
  echo "FAIL: this test reads action.yml with python3's PyYAML (Debian: python3-yaml)"
  exit 1
fi

failed=0
failed_cases=0
cases=0
current=""
shown=""
start_case() { current=$1; cases=$((cases + 1)); }
# A failed check; the first one of a case also shows the end of the step's output.
fail() {
  echo "FAIL [$current]: $*"
  failed=$((failed + 1))
  if [[ $shown != "$cases" ]]; then
    shown=$cases
    failed_cases=$((failed_cases + 1))
    echo "  exit status $rc; the output ends with:"
    tail -n 4 "$out" | cut -c1-160 | sed 's/^/  | /'
  fi
}
expect_rc() { [[ $rc == "$1" ]] || fail "exit status $rc, expected $1"; }
expect_nonzero() { [[ $rc != 0 ]] || fail "exit status 0, expected a failure"; }
expect_out() { grep -Eq -- "$1" "$out" || fail "output lacks /$1/"; }
expect_no_out() { ! grep -Eq -- "$1" "$out" || fail "output has /$1/"; }
expect_status() {
  grep -qx "status=$1" "$case_dir/github_output" ||
    fail "GITHUB_OUTPUT has no status=$1 (it has: $(tr '\n' ' ' <"$case_dir/github_output"))"
}
expect_summary() {
  [[ -s $case_dir/summary ]] || { fail "the job summary is empty"; return; }
  grep -q -- "$1" "$case_dir/summary" || fail "the job summary lacks $1"
}

# The action's directory as GitHub downloads it (action.yml, the sources), and kdiag where the
# action keeps it: build-action/kdiag (scripts/action/paths.sh); also build/kdiag, where the
# action kept it before issue 14, so that KDIAG_TEST_ACTION_YML can show what an old one did.
action=$tmp/action
mkdir -p "$action/build-action" "$action/build"
cp "$action_yml" "$action/action.yml"
(cd "$src" && cp -r CMakeLists.txt cmake cli engine rules tools scripts "$action/")
ln -s "$kdiag" "$action/build-action/kdiag"
ln -s "$kdiag" "$action/build/kdiag"
# The workspace: the job's working directory, with real kernel logs, one with spaces in its path.
work=$tmp/work
mkdir -p "$work/my logs"
rust_log=$src/corpus/rust-target-json-missing-e1000/log.txt   # rust.target-json-missing
bc_log=$src/corpus/kbuild-bc-not-found-timeconst-minimal-linux-bzimage/log.txt   # kbuild.tool-missing
cp "$rust_log" "$work/my logs/build log.txt"
cp "$bc_log" "$work/second.log"

# run_step ACTION_DIR STEP_ID [INPUT=VALUE...]: one step, as GitHub runs it. Sets rc, out (stdout
# and stderr, as the run's log shows them) and case_dir (github_output, summary).
run_step() {
  local dir=$1 id=$2
  shift 2
  case_dir=$tmp/case$cases-$id
  mkdir -p "$case_dir/runner_temp"
  : >"$case_dir/github_output"
  : >"$case_dir/summary"
  out=$case_dir/out
  if ! python3 "$helper" step "$dir/action.yml" "$id" "$case_dir" "$@" >"$out" 2>&1; then
    rc=255
    return
  fi
  local step_env=()
  while IFS= read -r -d '' kv; do step_env+=("$kv"); done <"$case_dir/env"
  (cd "$work" && env -i PATH="$PATH" HOME="$HOME" LANG=C.UTF-8 \
    GITHUB_ACTIONS=true GITHUB_WORKSPACE="$work" GITHUB_ACTION_PATH="$dir" \
    GITHUB_OUTPUT="$case_dir/github_output" GITHUB_STEP_SUMMARY="$case_dir/summary" \
    RUNNER_TEMP="$case_dir/runner_temp" RUNNER_OS=Linux RUNNER_ARCH=X64 \
    "${step_env[@]}" bash --noprofile --norc -eo pipefail "$case_dir/step.sh") >"$out" 2>&1
  rc=$?
}

start_case "action.yml is valid YAML, and every input and step it uses is declared"
out=$tmp/check.out
python3 "$helper" check "$action/action.yml" >"$out" 2>&1
rc=$?
((rc == 0)) || fail "action.yml does not check"

start_case "a failing build command: diagnosed, and its status kept"
run_step "$action" diagnose command="cat $(printf %q "$rust_log"); exit 3"
expect_rc 3
expect_out 'target file "./rust/target.json" does not exist'   # the command's output is shown
expect_out '^::error .*rust\.target-json-missing'
expect_out '^::error .*command-output\.log:6: '
expect_summary 'rust.target-json-missing'
expect_status 3

start_case "a failing build command with fail-on: the command's status wins"
run_step "$action" diagnose command="cat $(printf %q "$rust_log"); exit 3" fail-on=error
expect_rc 3
expect_out '^::error .*rust\.target-json-missing'
expect_status 3

start_case "a command runs as a run: step does: a line that fails fails it"
run_step "$action" diagnose command=$'cat '"$(printf %q "$bc_log")"$' | grep -q bc\nfalse\necho after'
expect_rc 1
expect_no_out '^after$'
expect_status 1

start_case "a passing command: exit 0, status 0"
run_step "$action" diagnose command="echo CC drivers/net/e1000/e1000_main.o; echo done"
expect_rc 0
expect_out '^done$'
expect_no_out '^::error'
expect_status 0

start_case "a passing command whose output has an error, with fail-on error: kdiag's verdict"
run_step "$action" diagnose command="cat $(printf %q "$rust_log")" fail-on=error
expect_rc 1
expect_out '^::error .*rust\.target-json-missing'
expect_status 0

start_case "a log whose path has spaces"
run_step "$action" diagnose log="my logs/build log.txt"
expect_rc 0
expect_out '^::error .*rust\.target-json-missing'
expect_out '^::error .*my logs/build log\.txt:6: '
expect_summary 'rust.target-json-missing'
expect_status 0

start_case "two logs, one path per line (blank lines and surrounding blanks ignored), both read"
run_step "$action" diagnose log=$'my logs/build log.txt\n\n  second.log  \n'
expect_rc 0
expect_out '^::error .*rust\.target-json-missing.*my logs/build log\.txt:6: '
expect_out '^::error .*kbuild\.tool-missing.*second\.log:1: '
expect_status 0

start_case "no input: an error naming the inputs, not a diagnosis of an empty stdin"
run_step "$action" diagnose
expect_rc 2
expect_out "^::error .*'command'.*'log'"
expect_status 2

start_case "a log that does not exist: an error naming it"
run_step "$action" diagnose log=$'second.log\nno such dir/build.log'
expect_rc 2
expect_out "^::error .*'no such dir/build\.log'"
expect_no_out 'kbuild\.tool-missing'
expect_status 2

start_case "a bad top input is refused before the command runs"
run_step "$action" diagnose command="echo ran" top=five
expect_rc 2
expect_out "^::error .*'top'"
expect_no_out '^ran$'

# The Build step with a release .deb: kdiag is unpacked where the cache and Diagnose expect it.
start_case "deb input: kdiag taken from a .deb, then used by the Diagnose step"
if command -v dpkg-deb >/dev/null; then
  deb_action=$tmp/deb-action
  mkdir -p "$deb_action" "$tmp/deb/DEBIAN" "$tmp/deb/usr/bin"
  cp "$action_yml" "$deb_action/action.yml"
  cp -r "$src/scripts" "$deb_action/"
  cp "$kdiag" "$tmp/deb/usr/bin/kdiag"
  printf 'Package: kdiag\nVersion: 0.1.0\nArchitecture: amd64\nMaintainer: test\nDescription: test\n' \
    >"$tmp/deb/DEBIAN/control"
  dpkg-deb --root-owner-group -Znone -b "$tmp/deb" "$work/kdiag_0.1.0_amd64.deb" >/dev/null
  run_step "$deb_action" build deb=kdiag_0.1.0_amd64.deb
  expect_rc 0
  [[ -x $deb_action/build-action/kdiag ]] || fail "no build-action/kdiag after the Build step"
  run_step "$deb_action" diagnose log=second.log
  expect_rc 0
  expect_out '^::error .*kbuild\.tool-missing'
  start_case "deb input that is not there: an error naming it"
  run_step "$deb_action" build deb=no-such.deb
  expect_rc 2
  expect_out '^::error .*no-such\.deb'
else
  echo "skip: deb input (no dpkg-deb)"
fi

# The Build step without a .deb, with cmake and install-deps.sh stubbed (the real build is too slow
# for a test): a binary restored by the cache is used as it is; else only the kdiag target is built.
build_action=$tmp/build-action
mkdir -p "$build_action" "$tmp/stubs"
cp "$action_yml" "$build_action/action.yml"
cp -r "$src/scripts" "$build_action/"
echo 'echo "install-deps: stub"' >"$build_action/scripts/install-deps.sh"
cat >"$tmp/stubs/cmake" <<EOF
#!/usr/bin/env bash
echo "cmake \$*" >>"$tmp/cmake.calls"
if [[ \$1 == -S ]]; then mkdir -p "\$4"; touch "\$4/build.ninja"; else cp "$kdiag" "\$2/kdiag"; fi
EOF
chmod +x "$tmp/stubs/cmake"
start_case "Build step after a cache hit: the restored binary is used, nothing is built"
mkdir -p "$build_action/build-action"
cp "$kdiag" "$build_action/build-action/kdiag"
PATH=$tmp/stubs:$PATH run_step "$build_action" build
expect_rc 0
expect_out 'restored from the cache'
[[ ! -e $tmp/cmake.calls ]] || fail "cmake ran: $(cat "$tmp/cmake.calls")"
start_case "Build step after a cache miss: only the kdiag target, into build-action/"
rm -rf "$build_action/build-action"
PATH=$tmp/stubs:$PATH run_step "$build_action" build
expect_rc 0
grep -qs -- "^cmake -S $build_action -B $build_action/build-action .*-DBUILD_TESTING=OFF" "$tmp/cmake.calls" ||
  fail "configure: $(head -1 "$tmp/cmake.calls" 2>/dev/null)"
grep -qsx -- "cmake --build $build_action/build-action --target kdiag -j[0-9]*" "$tmp/cmake.calls" ||
  fail "build: $(tail -1 "$tmp/cmake.calls" 2>/dev/null)"
[[ -x $build_action/build-action/kdiag ]] || fail "no build-action/kdiag after the Build step"

start_case "the cache key: OS, arch, ref, and the sources kdiag is built from; the cached path"
run_step "$action" kdiag-key github.action_ref=v1
expect_rc 0
output_key() { sed -n 's/^key=//p' "$case_dir/github_output"; }
key1=$(output_key)
[[ $key1 =~ ^kdiag-Linux-X64-v1-[0-9a-f]{20}$ ]] || fail "key '$key1'"
grep -qx "path=$action/build-action/kdiag" "$case_dir/github_output" ||
  fail "the cached path is not where Diagnose runs kdiag: $(grep path= "$case_dir/github_output")"
echo "// a change" >>"$action/engine/engine.cc"
run_step "$action" kdiag-key github.action_ref=v1
[[ $(output_key) != "$key1" ]] || fail "the key did not change with engine/engine.cc"
echo "# a change" >>"$action/scripts/test.sh"
key2=$(output_key)
run_step "$action" kdiag-key github.action_ref=v1
[[ $(output_key) == "$key2" ]] || fail "the key changed with a file kdiag is not built from"
run_step "$action" kdiag-key
[[ $(output_key) =~ ^kdiag-Linux-X64-local- ]] || fail "no ref: key '$(output_key)'"

if ((failed)); then
  echo "action: $failed failed check(s) in $failed_cases of $cases cases"
  exit 1
fi
echo "action: all $cases cases pass"
