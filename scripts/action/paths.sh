# shellcheck shell=bash disable=SC2034
# Sourced by the action's scripts: where the GitHub Action keeps kdiag. One place, so the cache
# step (cache-key.sh prints it), the Build step (build.sh puts kdiag there: built, or taken out of
# a .deb) and the Diagnose step (diagnose.sh runs it) cannot disagree.
action_path=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# The CMake build tree of the action's kdiag (the build/ of scripts/build.sh is left alone: a
# checkout used as `uses: ./kdiag` may hold a developer's build). Only the binary is cached.
kdiag_build_dir=$action_path/build-action
kdiag_bin=$kdiag_build_dir/kdiag
