#!/usr/bin/env bash
# Fleet triage throughput (issue 17), printed, not asserted: logs/s of kdiag batch -j1 and -j2,
# of one kdiag process per log, and of scale/ on a Dask LocalCluster of 2 workers (the run alone,
# and the whole `python3 -m scale.run` with cluster start-up and summaries), over the corpus
# repeated to BENCH_LOGS logs (default 2000). Each figure is the best of BENCH_RUNS runs (3).
#   bench/fleet.sh [KDIAG]        (default build/kdiag)
set -euo pipefail
cd "$(dirname "$0")/.."
kdiag=$(realpath "${1:-build/kdiag}")
n=${BENCH_LOGS:-2000} runs=${BENCH_RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mapfile -t logs < <(ls "$PWD"/corpus/*/log.txt)
for ((i = 0; i < n; i++)); do echo "${logs[i % ${#logs[@]}]}"; done >"$work/logs.txt"
bytes=$(xargs cat <"$work/logs.txt" | wc -c)

best() {  # best COMMAND...: the least wall time of $runs runs, in seconds
  local b="" t s e
  for ((r = 0; r < runs; r++)); do
    s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [[ -z $b ]] || (($(echo "$t < $b" | bc -l))); then b=$t; fi
  done
  echo "$b"
}
row() { printf '%-44s %8.2f s %9.1f logs/s %8.2f ms/log\n' "$1" "$2" "$(echo "$n / $2" | bc -l)" "$(echo "1000 * $2 / $n" | bc -l)"; }

per_process() { while IFS= read -r p; do "$kdiag" --format json "$p" >/dev/null; done <"$work/logs.txt"; }
dask_run_only() { /usr/bin/python3 bench/fleet_dask.py "$kdiag" "$work/logs.txt" "$work/dask" "$runs"; }

echo "Fleet triage: $n corpus logs ($((bytes / 1024)) KiB), $(nproc) cores, $(uname -m), $(date -u +%F)"
echo "kdiag: $kdiag ($(file -b "$kdiag" | grep -o 'statically linked\|dynamically linked'))"
j1=$(best bash -c "\"$kdiag\" batch -q -j1 - <\"$work/logs.txt\"")
row "kdiag batch -j1" "$j1"
j2=$(best bash -c "\"$kdiag\" batch -q -j2 - <\"$work/logs.txt\"")
row "kdiag batch -j2" "$j2"
pp=$(runs=1 best per_process)
row "one kdiag process per log (sequential)" "$pp"
dr=$(dask_run_only)
row "Dask LocalCluster, 2 workers (run only)" "$dr"
whole=$(runs=1 best /usr/bin/python3 -m scale.run --local 2 --kdiag "$kdiag" "$work/logs.txt" "$work/dask2")
row "python3 -m scale.run --local 2 (all of it)" "$whole"
printf 'batch -j2 / -j1 speed-up: %.2fx; Dask (run only) / batch -j2 time: %.2fx\n' \
  "$(echo "$j1 / $j2" | bc -l)" "$(echo "$dr / $j2" | bc -l)"
