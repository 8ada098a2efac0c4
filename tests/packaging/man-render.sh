#!/usr/bin/env bash
# kdiag(1) renders without a single groff warning, and man(1) reads it.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Needs the package group of scripts/install-deps.sh: scripts/test.sh installs it before ctest starts.
page=docs/kdiag.1
failed=0
warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1) || true
if [[ -n $warnings ]]; then echo "FAIL: groff warns:"; echo "$warnings"; failed=$((failed + 1)); fi
if command -v man >/dev/null; then
  # man --warnings runs groff with -w all as well; its stderr must stay empty too.
  warnings=$(MANWIDTH=80 man --warnings=w -l "$page" 2>&1 >/dev/null) || true
  if [[ -n $warnings ]]; then echo "FAIL: man -l warns:"; echo "$warnings"; failed=$((failed + 1)); fi
  # In the C locale the page is plain ASCII, so a line's length is its width.
  text=$(LC_ALL=C MANWIDTH=80 man -l "$page" 2>/dev/null | col -b)
  for section in NAME SYNOPSIS DESCRIPTION OPTIONS INPUT "OUTPUT FORMATS" "EXIT STATUS" ENVIRONMENT FILES \
                 EXAMPLES "SEE ALSO"; do
    grep -qx "$section" <<<"$text" || { echo "FAIL: no $section section"; failed=$((failed + 1)); }
  done
  # No line of the rendered page is wider than the terminal it was rendered for.
  if long=$(awk 'length > 80' <<<"$text" | grep .); then echo "FAIL: lines over 80 columns:"; echo "$long"; failed=$((failed + 1)); fi
fi
echo "man page render: $failed failed"
[[ $failed == 0 ]]
