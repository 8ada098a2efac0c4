#!/usr/bin/env bash
# The GitHub step summary as GitHub shows it: rendered by cmark-gfm (GitHub's fork of cmark, with
# the extensions GitHub uses: table, strikethrough, autolink, tagfilter; --unsafe so that raw HTML
# would show if kdiag let any through). Log text never becomes markup, a link or an image; rule
# text reads as written (<module>, rust/*.rmeta); unread inputs and notes are said.
#   run-markdown.sh KDIAG        (exit 77, skipped, when cmark-gfm is not installed)
set -uo pipefail
kdiag=$1
cd "$(dirname "$0")/../.."
if ! command -v cmark-gfm >/dev/null; then
  echo "SKIP: cmark-gfm is not installed (Debian package cmark-gfm)"
  exit 77
fi
summary=$(mktemp)
html=$(mktemp)
trap 'rm -f "$summary" "$html" long.log.$$' EXIT
failed=0
# render ARGS...: the step summary of kdiag --format github ARGS, as HTML in $html
render() {
  : >"$summary"
  GITHUB_STEP_SUMMARY=$summary "$kdiag" --no-builtin --rules tests/data/ci-rules.yaml --format github "$@" \
    >/dev/null 2>&1
  cmark-gfm --unsafe -e table -e strikethrough -e autolink -e tagfilter "$summary" >"$html"
}
has() { grep -qF -- "$1" "$html" || { echo "FAIL [$case]: the HTML lacks: $1"; failed=$((failed + 1)); }; }
lacks() { ! grep -qF -- "$1" "$html" || { echo "FAIL [$case]: the HTML has: $1"; failed=$((failed + 1)); }; }

case="captured log text and rule text"
render tests/data/markdown.log
for tag in '<img' '<a ' '<b>' '<em>' '<del>' '<u>'; do lacks "$tag"; done
has '<h3>1. stale Rust metadata: *rebuild* &lt;module&gt; | [all]</h3>'
has 'Remove rust/*.rmeta, rust/*.so and rebuild &lt;module&gt; with make -C &lt;KDIR&gt; M=$PWD (Yocto: linux-firmware-&lt;name&gt;)'
has '<code>![img](https://x) ``tick`` &lt;b&gt;bold&lt;/b&gt; | *em* _u_ [l](https://y)</code>'
has '<code>make LLVM=1 ![img](https://x) ``tick`` &lt;b&gt;bold&lt;/b&gt; | *em* _u_ [l](https://y)</code>'
has '<code>rustc --version</code>'
has '<td><code>rust.stale-metadata</code> stale Rust metadata: *rebuild* &lt;module&gt; | [all]</td>'

case="an input that cannot be read"
render tests/data/no-such.log
has '<h2>kdiag: the log could not be read</h2>'
has '<li><code>tests/data/no-such.log</code>: No such file or directory</li>'
lacks 'No known cause'

case="one input read, one not"
render tests/data/hostile.log tests/data
has '<h2>kdiag: 3 diagnoses</h2>'
has '<li><code>tests/data</code>: is a directory, not a log</li>'

case="notes (a cut line)"
{ head -c 300 /dev/zero | tr '\0' a; echo; cat tests/data/hostile.log; } >long.log.$$
render --max-line-bytes 100 long.log.$$
has '<p><strong>Notes</strong></p>'
has "long.log.$$: 3 line(s) longer than 100 bytes were cut to that length (limit: max line length, --max-line-bytes)"

echo "markdown summary: $failed failed"
[[ $failed == 0 ]]
