#!/usr/bin/env bash
# kdiag's speed benchmark: prints figures, asserts nothing (targets are judged by people).
#   bench/run.sh            400 MB log (BENCH_MB=100 for a quicker run; BENCH_REPS=3 repetitions)
# Measures, on one core and in one run (the machines are noisy, so ratios are what to read):
#   - the generated log through cat (the floor), LC_ALL=C grep -E -f and rg -f with kdiag's own
#     signatures, and kdiag itself (full diagnosis): wall time, MB/s, peak RSS, ratio to rg; every
#     run's exit status is checked (a comparator that failed shows as FAILED, not as a time);
#   - the whole real logs of the corpus (>= 100 KB);
#   - start-up with all built-in packs (empty input) and with one line;
#   - how time grows with the number of rules (10, 100, 1000 synthetic rules).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mb=${BENCH_MB:-400}
reps=${BENCH_REPS:-2}
work=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"
trap '[[ -z ${BENCH_DIR:-} ]] && rm -rf "$work"' EXIT

bash "$root/scripts/install-deps.sh"
command -v rg >/dev/null || { echo "bench: installing ripgrep" >&2; apt-get install -y -qq ripgrep >/dev/null 2>&1 || true; }
bash "$root/scripts/build.sh" >/dev/null
kdiag=$root/build/kdiag
gen=$root/build/kdiag-loggen
export LC_ALL=C.UTF-8
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null 2>&1 || { echo "bench: needs GNU time (package time)" >&2; exit 2; }

# One core, as the targets say (cpus=0,1 for the row that uses two).
cpus=0
run1() { taskset -c 0 "$@"; }
# best wall time (s) and peak RSS (KiB) of reps runs of a command writing to a file; "FAILED" when
# a run exits with a status outside ok_status (a comparator that failed proves nothing).
ok_status="0"
measure() {
  local best="" rss=0 t m status
  for ((i = 0; i < reps; i++)); do
    # Output to a file, not /dev/null: GNU grep stops at the first match when it sees /dev/null.
    status=0
    /usr/bin/time -f "%e %M %x" -o "$work/time" taskset -c "$cpus" "$@" > "$work/out" 2>"$work/err" || status=$?
    read -r t m status < <(tail -n 1 "$work/time")  # GNU time puts "exited with status" first
    if [[ " $ok_status " != *" $status "* ]]; then
      echo "FAILED(status=$status) 0"
      echo "bench: '$*' exited with status $status: $(head -c 300 "$work/err")" >&2
      return
    fi
    [[ -z $best ]] || awk -v a="$t" -v b="$best" 'BEGIN{exit !(a<b)}' && best=$t
    (( m > rss )) && rss=$m
  done
  echo "$best $rss"
}

echo "kdiag benchmark, $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "kdiag $("$kdiag" --version | cut -d' ' -f2), $("$kdiag" rules list | tail -1), $(grep -V | sed -n 1p), $( (rg --version 2>/dev/null || echo 'rg: not installed') | sed -n 1p)"
echo

"$kdiag" rules patterns > "$work/re2.txt"
"$gen" ere < "$work/re2.txt" > "$work/ere.txt"
failures=("$root/corpus/rust-target-json-missing-e1000/log.txt"
          "$root/corpus/oot-module-modpost-gpl-only-symbol-zfs-loongarch/log.txt"
          "$root/corpus/initramfs-mkinitcpio-fsck-btrfs-helper-missing/log.txt")
"$gen" log "$mb" "$work/bench.log" "${failures[@]}"
size=$(stat -c %s "$work/bench.log")
cat "$work/bench.log" > /dev/null  # warm the page cache

# The ratio is to ripgrep with kdiag's own signatures: the strongest tool a user would pipe a big
# log through (LC_ALL=C grep -E when rg is missing, and the header says so). grep -c exits 1 when
# nothing matched, which is a result, not a failure.
if command -v rg >/dev/null; then base_name=rg; else base_name="grep (C locale)"; fi
printf '%-30s %9s %9s %10s %8s\n' "$mb MB generated log" "seconds" "MB/s" "peak RSS" "vs $base_name"
ok_status="0 1"
read -r grep_t grep_m < <(LC_ALL=C measure grep -E -c -f "$work/ere.txt" "$work/bench.log")
rg_t=$grep_t; rg_m=$grep_m
if command -v rg >/dev/null; then read -r rg_t rg_m < <(measure rg -c -f "$work/ere.txt" "$work/bench.log"); fi
ok_status="0"
base_t=$rg_t
row() {  # name seconds rss
  local mbs ratio
  if [[ $2 == FAILED* ]]; then printf '%-30s %9s\n' "$1" "$2"; return; fi
  mbs=$(awk -v s="$size" -v t="$2" 'BEGIN{printf "%.1f", (t>0 ? s/1048576/t : 0)}')
  ratio=$(awk -v t="$2" -v g="$base_t" 'BEGIN{if (g ~ /^[0-9.]+$/ && g > 0) printf "%.2f", t/g; else printf "-"}')
  printf '%-30s %9s %9s %8s K %8s\n' "$1" "$2" "$mbs" "$3" "$ratio"
}
read -r t m < <(measure cat "$work/bench.log"); row "cat (floor)" "$t" "$m"
row "grep -E -f, LC_ALL=C" "$grep_t" "$grep_m"
command -v rg >/dev/null && row "rg -f (signatures)" "$rg_t" "$rg_m"
read -r t m < <(measure "$kdiag" -j 1 "$work/bench.log"); row "kdiag, 1 thread" "$t" "$m"
# Two threads (-j 2): one reads and classifies the lines while the other matches them. Both
# outputs must be the same report, byte for byte.
cp "$work/out" "$work/out-1"
if (( $(nproc) >= 2 )); then
  cpus=0,1
  read -r t m < <(measure "$kdiag" -j 2 "$work/bench.log"); row "kdiag, 2 threads (-j 2)" "$t" "$m"
  cpus=0
  cmp -s "$work/out" "$work/out-1" || echo "bench: kdiag -j 2 and -j 1 gave different reports" >&2
fi
echo
echo "kdiag's diagnosis of the generated log (the failures placed at start, middle, end):"
"$kdiag" --format json --top 0 "$work/bench.log" | grep -E '"id"|"line"' | head -12 | sed 's/^ */  /'
echo

echo "Whole real logs of the corpus (>= 100 KB):"
for log in "$root"/corpus/*/log.txt; do
  s=$(stat -c %s "$log")
  (( s >= 100000 )) || continue
  read -r t m < <(measure "$kdiag" "$log")
  printf '  %-66s %7d KB %6ss %6s K\n' "$(basename "$(dirname "$log")")" $((s / 1024)) "$t" "$m"
done
echo

# Start-up: many runs of the same tiny input. hyperfine (Debian's package) times a program
# without a shell in between; without it, a loop of runs averaged (which adds fork and taskset).
echo 'EFI stub: x' > "$work/one-line.log"
if command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null 2>&1; then
  startup() {  # mean wall time of a command line, in ms
    taskset -c 0 hyperfine -N --warmup 20 --runs 300 --export-json "$work/hf.json" "$*" >/dev/null 2>&1
    awk -F: '/"mean"/ {gsub(/[ ,]/, "", $2); printf "%.2f ms", $2 * 1000; exit}' "$work/hf.json"
  }
  how="hyperfine, one core, mean of 300"
else
  startup() {
    local n=50 start end
    start=$(date +%s%N)
    for ((i = 0; i < n; i++)); do taskset -c 0 "$@" > /dev/null; done
    end=$(date +%s%N)
    awk -v a="$start" -v b="$end" -v n="$n" 'BEGIN{printf "%.2f ms", (b-a)/1e6/n}'
  }
  how="loop of 50 through taskset"
fi
echo "Start-up with all built-in packs ($how): empty input (kdiag /dev/null) $(startup "$kdiag" /dev/null)," \
     "one line $(startup "$kdiag" "$work/one-line.log"); /bin/true $(startup /bin/true)"
echo

echo "Rule count (synthetic packs, --no-builtin, on a $((mb / 8)) MB slice of the log):"
head -c $((mb / 8 * 1048576)) "$work/bench.log" > "$work/slice.log"
for n in 10 100 1000; do
  "$gen" rules "$n" "$work/rules-$n.yaml"
  read -r t m < <(measure "$kdiag" --no-builtin --rules "$work/rules-$n.yaml" -- "$work/slice.log")
  printf '  %5d rules: %6ss %8s K\n' "$n" "$t" "$m"
done
