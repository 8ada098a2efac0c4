#!/usr/bin/env bash
# The fresh-machine shims (README.md here) fail as a fresh machine does: two installs at once fail
# on dpkg's lock; one alone passes and asks apt-get for every package of its groups.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$here/../..
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PATH=$here/shims:$PATH KDIAG_FAKE_DPKG_LOCK=$tmp/lock KDIAG_FAKE_APT_LOG=$tmp/apt.log KDIAG_FAKE_APT_SECONDS=1
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

bash "$root/scripts/install-deps.sh" package >"$tmp/one.out" 2>&1 || fail "one install-deps alone failed: $(cat "$tmp/one.out")"
grep -q '^apt-get install .*groff-base' "$tmp/apt.log" || fail "apt-get was not asked for the package group: $(cat "$tmp/apt.log")"

# The pattern of the old test scripts: two of them install at the same time. The first holds the
# lock until the second has tried (its apt-get waits for the release file), however slow the
# machine: a busy CI machine once let the first finish before the second started.
rm -f "$KDIAG_FAKE_DPKG_LOCK.pid"
KDIAG_FAKE_APT_HOLD_UNTIL=$tmp/release bash "$root/scripts/install-deps.sh" package >"$tmp/a.out" 2>&1 & a=$!
for ((i = 0; i < 600; i++)); do [[ -s $KDIAG_FAKE_DPKG_LOCK.pid ]] && break; sleep 0.1; done
[[ -s $KDIAG_FAKE_DPKG_LOCK.pid ]] || fail "the first install never took the lock"
bash "$root/scripts/install-deps.sh" browser >"$tmp/b.out" 2>&1; sb=$?
touch "$tmp/release"
wait $a; sa=$?
((sa == 0)) || fail "the install holding the lock failed: $(cat "$tmp/a.out")"
((sb != 0)) || fail "the second install passed while the lock was held: the shims cannot show the lock conflict"
grep -q 'Could not get lock /var/lib/dpkg/lock-frontend' "$tmp/b.out" || fail "no lock message from the loser"

# 'all' names every group the test suite needs.
: > "$tmp/apt.log"
bash "$root/scripts/install-deps.sh" all >/dev/null 2>&1 || fail "install-deps.sh all failed"
for p in chromium emscripten groff-base fakeroot; do
  grep -q "^apt-get install .*\b$p\b" "$tmp/apt.log" || fail "install-deps.sh all did not ask for $p"
done
echo "fresh-machine shims: $failed failed"
((failed == 0))
