#!/usr/bin/env bash
# The action's Build step: puts a kdiag binary where paths.sh says ($kdiag_bin).
#   - KDIAG_DEB set (a path or an http(s) URL to a release .deb): kdiag is taken out of it with
#     dpkg-deb -x (no root, nothing installed on the runner) and checked to run;
#   - else a binary restored by the cache step (the binary without a build tree) is kept;
#   - else only the `kdiag` target is built (not the tests, the fuzzers or the benchmark tools),
#     Release and static like scripts/build.sh makes it, so the cached binary needs no library.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=paths.sh
source "$(dirname "${BASH_SOURCE[0]}")/paths.sh"

if [[ -n ${KDIAG_DEB:-} ]]; then
  deb=$KDIAG_DEB
  work=$(mktemp -d "${RUNNER_TEMP:-/tmp}/kdiag-deb.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  if [[ $deb =~ ^https?:// ]]; then
    echo "kdiag: downloading $deb"
    curl -fsSL --retry 3 -o "$work/kdiag.deb" "$deb" || {
      echo "::error title=kdiag::could not download the deb input: $deb"; exit 2; }
    deb=$work/kdiag.deb
  elif [[ ! -f $deb ]]; then
    echo "::error title=kdiag::the deb input is not a file (nor an http(s) URL): $deb"
    exit 2
  fi
  dpkg-deb -x "$deb" "$work/root"
  if [[ ! -f $work/root/usr/bin/kdiag ]]; then
    echo "::error title=kdiag::no usr/bin/kdiag in the deb input: $KDIAG_DEB"
    exit 2
  fi
  mkdir -p "$kdiag_build_dir"
  install -m 755 "$work/root/usr/bin/kdiag" "$kdiag_bin"
  # A distribution build links shared libraries its Depends name; the release .deb is static.
  if ! "$kdiag_bin" --version >/dev/null 2>&1; then
    echo "::error title=kdiag::kdiag from the deb input does not run here; it needs: $(dpkg-deb -f "$deb" Depends)"
    exit 2
  fi
  echo "kdiag: $("$kdiag_bin" --version) from $KDIAG_DEB"
  exit 0
fi

if [[ -x $kdiag_bin && ! -f $kdiag_build_dir/build.ninja ]]; then
  echo "kdiag: $("$kdiag_bin" --version), restored from the cache"
  exit 0
fi
bash "$action_path/scripts/install-deps.sh"
if [[ ! -f $kdiag_build_dir/build.ninja ]]; then
  cmake -S "$action_path" -B "$kdiag_build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DKDIAG_STATIC=ON -DBUILD_TESTING=OFF >/dev/null
fi
cmake --build "$kdiag_build_dir" --target kdiag -j"$(nproc)"
echo "kdiag: built $("$kdiag_bin" --version)"
