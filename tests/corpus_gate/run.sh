#!/usr/bin/env bash
# The corpus gate can fail: on scratch corpora built from real cases, each way a gate can pass
# without checking anything must make `kdiag corpus` exit non-zero; an intact copy must pass.
#   run.sh KDIAG
set -uo pipefail
kdiag=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
benign=clean-mkinitcpio-success-firmware-consolefont-warnings
failure=rust-target-json-missing-e1000

# A small corpus: one benign case that names its expected notice, one failure.
fresh() {
  rm -rf "$tmp/c" && mkdir -p "$tmp/c"
  cp -r "$root/corpus/$benign" "$root/corpus/$failure" "$tmp/c/"
  printf '%s\n' "$benign" "$failure" > "$tmp/c/MANIFEST"
}
expect_exit() {  # want description
  local want=$1 what=$2 got
  "$kdiag" corpus "$tmp/c" > "$tmp/out" 2>&1; got=$?
  if [[ $got != "$want" ]]; then fail "$what: exit $got, want $want"; sed 's/^/  | /' "$tmp/out"; fi
}

fresh; expect_exit 0 "an intact corpus"
grep -q 'top:' "$tmp/c/$benign/meta.yaml" || fail "$benign no longer names an expected notice: pick another case"

fresh; sed -i 's/^  top: .*/  top: [no.such-rule]/' "$tmp/c/$benign/meta.yaml"
expect_exit 1 "a benign case expecting a rule that never fires"

fresh; sed -i 's/^  top: .*/  top: [no.such-rule]/' "$tmp/c/$failure/meta.yaml"
expect_exit 1 "a failure case expecting a rule that never fires"

rm -rf "$tmp/c" && mkdir -p "$tmp/c"; expect_exit 1 "an empty corpus directory"

fresh; rm -rf "${tmp:?}/c/$failure"; expect_exit 1 "a case listed in MANIFEST removed"
grep -q "case $failure is missing" "$tmp/out" || fail "the missing case is not named"

fresh; printf '%s\n' "$benign" > "$tmp/c/MANIFEST"; expect_exit 1 "a case not in MANIFEST"

fresh; printf -- '- case: %s\n  reason: once failed\n' "$failure" > "$tmp/c/known-failures.yaml"
expect_exit 1 "a known failure that now passes"
grep -q "FIXED $failure" "$tmp/out" || fail "the fixed known failure is not named"

fresh; printf -- '- case: no-such-case\n  reason: gone\n' > "$tmp/c/known-failures.yaml"
expect_exit 1 "a known-failures entry naming no case"

fresh; sed -i 's/^  top: .*/  top: [no.such-rule]/' "$tmp/c/$failure/meta.yaml"
printf -- '- case: %s\n  reason: being fixed\n' "$failure" > "$tmp/c/known-failures.yaml"
expect_exit 0 "a failing case listed as a known failure"

fresh; sed -i 's/^  top: \[rust.target-json-missing\]$/  top: [rust.target-json-missing, rust.headers-missing-rust-dir]/' "$tmp/c/$failure/meta.yaml"
grep -q 'rust.headers-missing-rust-dir' "$tmp/c/$failure/meta.yaml" || fail "$failure's expect.top changed: update this case"
expect_exit 1 "a second accepted id without why_alternatives"
grep -q "expect.why_alternatives does not say why" "$tmp/out" || fail "the unexplained alternative is not named"

echo "corpus gate checks: $failed failed"
((failed == 0))
