#!/usr/bin/env bash
# Runs each libFuzzer target for a bounded time with the seed corpora, in a work dir.
#
#   fuzz/run.sh SECONDS [TARGET...]      targets: session loader condition doctor corpus (default: all five)
#
# Builds build-fuzz/ with clang (CC=clang CXX=clang++, -DKDIAG_FUZZ=ON), brought up to date every run. Seeds:
# the corpus logs (session), the rule packs whole and split into one-rule packs (loader), the
# conditions of the packs (condition). New inputs accumulate in $KDIAG_FUZZ_WORK/<target>/corpus
# (default build-fuzz/work). A crash, leak, timeout (> 10 s) or out-of-memory input is copied to
# fuzz/regressions/<target>/ (commit it: ctest replays every file there) and the fuzzer is
# restarted for the rest of the time. Exit status: 0 nothing found, 1 something was found,
# 2 usage or build error. The last "#N DONE cov: X ft: Y" of each run is kept in
# $KDIAG_FUZZ_WORK/<target>/stats.txt; the full output in .../fuzz.log.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
if [[ $# -lt 1 || ! $1 =~ ^[0-9]+$ ]]; then
  echo "usage: fuzz/run.sh SECONDS [session|loader|condition|doctor|corpus...]" >&2
  exit 2
fi
seconds=$1
shift
targets=("$@")
((${#targets[@]} == 0)) && targets=(session loader condition doctor corpus)
build=${KDIAG_FUZZ_BUILD:-$root/build-fuzz}
work=${KDIAG_FUZZ_WORK:-$build/work}

for t in "${targets[@]}"; do
  case "$t" in session|loader|condition|doctor|corpus) ;; *) echo "fuzz/run.sh: unknown target '$t'" >&2; exit 2 ;; esac
done
# Always brought up to date (incremental): a fuzzer must never run a harness older than the source.
if [[ ! -f $build/build.ninja ]]; then
  bash scripts/install-deps.sh fuzz || exit 2
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DKDIAG_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null || exit 2
fi
cmake --build "$build" --target "${targets[@]/#/kdiag_fuzz_}" || exit 2

seed() {  # target seed-dir
  local t=$1 dir=$2
  rm -rf "$dir" && mkdir -p "$dir"
  case "$t" in
    session)
      # The first byte is the target's control byte: 0 feeds the log in one piece.
      local i=0
      for log in corpus/*/log.txt tests/data/*.log; do
        i=$((i + 1))
        { printf '\0'; head -c 65535 "$log"; } >"$dir/log-$i"
      done ;;
    loader)
      cp rules/*.yaml "$dir/"
      # Each rule alone in a pack: small inputs that load, so the engine is built from them.
      python3 - "$dir" rules/*.yaml <<'PY'
import re, sys
out = sys.argv[1]
n = 0
for path in sys.argv[2:]:
    text = open(path, encoding="utf-8").read()
    head, _, body = text.partition("\nrules:\n")
    for chunk in re.split(r"(?m)^(?=  - id:)", body):
        if chunk.strip():
            n += 1
            open(f"{out}/rule-{n}.yaml", "w", encoding="utf-8").write("pack: seed\nrules:\n" + chunk)
PY
      ;;
    doctor|corpus)
      # Inputs that reached the checks before (the regressions are the seeds); corpus also takes
      # the real metadata of the corpus.
      cp fuzz/regressions/"$t"/* "$dir/"
      if [[ $t == corpus ]]; then for m in corpus/*/meta.yaml; do cp "$m" "$dir/$(basename "$(dirname "$m")").yaml"; done; fi ;;
    condition)
      python3 - "$dir" rules/*.yaml <<'PY'
import sys, yaml
out = sys.argv[1]
n = 0
for path in sys.argv[2:]:
    pack = yaml.safe_load(open(path, encoding="utf-8")) or {}
    for rule in pack.get("rules") or []:
        cond = rule.get("condition")
        if isinstance(cond, str) and cond.strip():
            n += 1
            open(f"{out}/condition-{n}", "w", encoding="utf-8").write(cond.strip())
PY
      ;;
  esac
}

# The fuzzers run with the whole file system read-only but for the work directory, the regression
# directory and /tmp (a mount namespace, as root): a harness that builds trees with links in them
# must never touch the host, whatever bug it has (the doctor target's first version deleted /etc).
confined() {
  if [[ $(id -u) == 0 ]] && unshare -m true 2>/dev/null; then
    unshare -m bash -c 'set -e
      mount --make-rprivate /
      for d in "$KDIAG_RW1" "$KDIAG_RW2" /tmp; do mount --bind "$d" "$d"; done
      mount -o remount,bind,ro /
      exec "$@"' confined "$@"
  else
    echo "fuzz/run.sh: no mount namespace (not root, or unshare refused): running unconfined" >&2
    "$@"
  fi
}
export KDIAG_RW1="$work" KDIAG_RW2="$root/fuzz/regressions"

status=0
for t in "${targets[@]}"; do
  dir=$work/$t
  mkdir -p "$dir/corpus" "$dir/artifacts" "fuzz/regressions/$t"
  seed "$t" "$dir/seeds"
  case "$t" in session) max_len=32768 ;; loader) max_len=16384 ;; condition) max_len=1024 ;; doctor) max_len=4096 ;; corpus) max_len=8192 ;; esac
  dict=()
  [[ -f fuzz/$t.dict ]] && dict=(-dict="fuzz/$t.dict")
  start=$(date +%s)
  restarts=0
  : >"$dir/stats.txt"
  # fuzz.log keeps every run's output: this run's starts after the lines already there.
  from=$(($( (cat "$dir/fuzz.log" 2>/dev/null || true) | wc -l) + 1))
  while :; do
    left=$((seconds - ($(date +%s) - start)))
    ((left > 0)) || break
    echo "fuzz/run.sh: $t for ${left}s (log: $dir/fuzz.log)" >&2
    confined "$build/fuzz/kdiag_fuzz_$t" -max_total_time="$left" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" \
      -print_final_stats=1 -artifact_prefix="$dir/artifacts/" "${dict[@]}" "$dir/corpus" "$dir/seeds" \
      >>"$dir/fuzz.log" 2>&1
    rc=$?
    tail -n +"$from" "$dir/fuzz.log" | grep -a 'DONE' | tail -1 >>"$dir/stats.txt"
    found=0
    for f in "$dir"/artifacts/{crash,leak,timeout,oom,slow-unit}-*; do
      [[ -e $f ]] || continue
      found=1
      cp "$f" "fuzz/regressions/$t/" && rm -f "$f"
      echo "fuzz/run.sh: $t: kept $(basename "$f") in fuzz/regressions/$t/" >&2
    done
    if ((rc != 0 || found)); then
      status=1
      restarts=$((restarts + 1))
      ((restarts > 20)) && break
    else
      break
    fi
  done
  echo "fuzz/run.sh: $t done in $(($(date +%s) - start))s: $(tail -n +"$from" "$dir/fuzz.log" | grep -a 'stat::number_of_executed_units' | awk '{s += $2} END {print s + 0}') executions; last: $(tail -1 "$dir/stats.txt")" | tee -a "$dir/summary.txt" >&2
done
exit $status
