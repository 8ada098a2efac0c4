#!/usr/bin/env bash
# Golden-file tests of the CI formats (github, its step summary, gitlab, sarif): real corpus logs,
# hostile ones, and inputs that cannot be read, diagnosed with the frozen pack
# tests/data/ci-rules.yaml, as in a CI job whose checkout is /builds/kdiag-test (CI_PROJECT_DIR).
# UPDATE=1 rewrites the golden files.
set -euo pipefail
kdiag=$1
cd "$(dirname "$0")/../.."
golden=tests/ci_formats/golden
# name:expected exit status:log
cases=(
  "rust-target-json:0:corpus/rust-target-json-missing-e1000/log.txt"
  "hostile:0:tests/data/hostile.log"
  "fold:0:tests/data/fold.log"
  "markdown:0:tests/data/markdown.log"
  "project-path:0:tests/data/project-path.log"
  "missing:2:tests/data/no-such.log"
  "directory:2:tests/data"
)
summary=$(mktemp)
out=$(mktemp)
trap 'rm -f "$summary" "$out"' EXIT
# Like a GitLab job: the checkout is CI_PROJECT_DIR (GitHub's variable must not compete with it).
run() {  # format log -> the report in $out, the step summary in $summary (github); sets rc
  : >"$summary"
  rc=0
  env -u GITHUB_WORKSPACE CI_PROJECT_DIR=/builds/kdiag-test GITHUB_STEP_SUMMARY="$summary" \
    "$kdiag" --no-builtin --rules tests/data/ci-rules.yaml --top 0 --format "$1" "$2" >"$out" 2>/dev/null || rc=$?
}
check() {  # golden-file actual
  if [[ ${UPDATE:-} == 1 ]]; then
    printf '%s\n' "$2" >"$1"
  elif ! diff -u "$1" <(printf '%s\n' "$2"); then
    echo "FAIL: $1 differs (UPDATE=1 to accept)"
    failed=$((failed + 1))
  fi
}
failed=0
for entry in "${cases[@]}"; do
  name=${entry%%:*}
  rest=${entry#*:}
  status=${rest%%:*}
  log=${rest#*:}
  for format in github gitlab sarif; do
    run "$format" "$log"
    if [[ $rc != "$status" ]]; then
      echo "FAIL: $name.$format: exit status $rc, expected $status"
      failed=$((failed + 1))
    fi
    check "$golden/$name.$format" "$(cat "$out")"
    [[ $format == github ]] && check "$golden/$name.summary.md" "$(cat "$summary")"
  done
done
# Fingerprints: the same failure with other timestamps, directories and line numbers is the same.
a=$("$kdiag" --no-builtin --rules tests/data/ci-rules.yaml --format gitlab tests/data/hostile.log | grep fingerprint)
b=$(sed -e 's/30.504146/99.1/; s#/home/u/#/build/ci-runner-7/#; s/:12:5:/:40:9:/; 1i\extra line' tests/data/hostile.log |
    "$kdiag" --no-builtin --rules tests/data/ci-rules.yaml --format gitlab - | grep fingerprint)
if [[ "$a" != "$b" ]]; then
  echo "FAIL: fingerprints changed with timestamps/paths/line numbers:"; echo "$a"; echo "$b"
  failed=$((failed + 1))
fi
# The step summary is appended when GITHUB_STEP_SUMMARY is set, and only then.
: >"$summary"
GITHUB_STEP_SUMMARY=$summary "$kdiag" --no-builtin --rules tests/data/ci-rules.yaml --format github tests/data/hostile.log >/dev/null
if ! grep -q '^## kdiag: 3 diagnoses' "$summary"; then
  echo "FAIL: no step summary written"; failed=$((failed + 1))
fi
echo "ci formats: $failed failed"
[[ $failed == 0 ]]
