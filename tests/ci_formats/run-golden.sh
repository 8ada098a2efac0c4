#!/usr/bin/env bash
# Golden-file tests of the CI formats (github, gitlab, sarif): real corpus logs and a hostile one,
# diagnosed with the frozen pack tests/data/ci-rules.yaml. UPDATE=1 rewrites the golden files.
set -euo pipefail
kdiag=$1
cd "$(dirname "$0")/../.."
golden=tests/ci_formats/golden
cases=(
  "rust-target-json:corpus/rust-target-json-missing-e1000/log.txt"
  "hostile:tests/data/hostile.log"
  "fold:tests/data/fold.log"
)
failed=0
for entry in "${cases[@]}"; do
  name=${entry%%:*}
  log=${entry#*:}
  for format in github gitlab sarif; do
    expected=$golden/$name.$format
    actual=$(GITHUB_STEP_SUMMARY= "$kdiag" --no-builtin --rules tests/data/ci-rules.yaml --top 0 --format "$format" "$log")
    if [[ ${UPDATE:-} == 1 ]]; then
      printf '%s\n' "$actual" > "$expected"
      continue
    fi
    if ! diff -u "$expected" <(printf '%s\n' "$actual"); then
      echo "FAIL: $name.$format differs from $expected (UPDATE=1 to accept)"
      failed=$((failed + 1))
    fi
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
# The step summary is appended when GITHUB_STEP_SUMMARY is set.
summary=$(mktemp)
GITHUB_STEP_SUMMARY=$summary "$kdiag" --no-builtin --rules tests/data/ci-rules.yaml --format github tests/data/hostile.log >/dev/null
if ! grep -q '^## kdiag: 3 diagnoses' "$summary"; then
  echo "FAIL: no step summary written"; failed=$((failed + 1))
fi
rm -f "$summary"
echo "ci formats: $failed failed"
[[ $failed == 0 ]]
