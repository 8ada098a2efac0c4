#!/usr/bin/env bash
# The action's cache step key: prints `key=` and `path=` (the kdiag binary) to $GITHUB_OUTPUT.
#
#   kdiag-<runner OS>-<arch>-<action ref>-<sha256 of the sources kdiag is built from>
#
# The ref alone is not enough: a branch ref (OWNER/kdiag@main) moves, and a local action
# (`uses: ./kdiag`) has none. hashFiles() cannot be used for the sources: it only sees
# $GITHUB_WORKSPACE, and a remote action is downloaded outside it. So the sources are hashed here,
# wherever the action lives: what the kdiag binary is built from (CMake files, cli/, engine/, the
# rule packs compiled into it, tools/) and the scripts that build it.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=paths.sh
source "$(dirname "${BASH_SOURCE[0]}")/paths.sh"

ref=${KDIAG_ACTION_REF:-}
ref=${ref:-local}
ref=${ref//[^A-Za-z0-9._-]/-}   # cache keys may not hold commas; keep them plain
sources=(CMakeLists.txt cmake cli engine rules tools scripts/action/build.sh scripts/action/paths.sh
         scripts/install-deps.sh)
hash=$(cd "$action_path" && find "${sources[@]}" -type f -print0 | LC_ALL=C sort -z |
       xargs -0 sha256sum | sha256sum | cut -c1-20)
key="kdiag-${RUNNER_OS:-$(uname -s)}-${RUNNER_ARCH:-$(uname -m)}-$ref-$hash"
echo "kdiag: cache key $key"
{
  echo "key=$key"
  echo "path=$kdiag_bin"
} >>"${GITHUB_OUTPUT:-/dev/null}"
