#!/usr/bin/env bash
# kdiag's speed benchmark: prints figures, asserts nothing (targets are judged by people).
#   bench/run.sh            400 MB log (BENCH_MB=100 for a quicker run; BENCH_REPS=3 repetitions)
# Measures, on one core and in one run (the machines are noisy, so ratios are what to read):
#   - the generated log through cat (the floor), grep -E -f and rg -f with kdiag's own signatures,
#     and kdiag itself (full diagnosis): wall time, MB/s, peak RSS, ratio to grep;
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

# One core, as the targets say.
run1() { taskset -c 0 "$@"; }
# best wall time (s) and peak RSS (KiB) of reps runs of a command writing to /dev/null
measure() {
  local best="" rss=0 t m
  for ((i = 0; i < reps; i++)); do
    # Output to a file, not /dev/null: GNU grep stops at the first match when it sees /dev/null.
    /usr/bin/time -f "%e %M" -o "$work/time" taskset -c 0 "$@" > "$work/out" 2>"$work/err" || true
    read -r t m < <(tail -n 1 "$work/time")  # GNU time puts "exited with status" first
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

printf '%-28s %9s %9s %10s %8s\n' "$mb MB generated log" "seconds" "MB/s" "peak RSS" "vs grep"
read -r grep_t grep_m < <(measure grep -E -c -f "$work/ere.txt" "$work/bench.log")
row() {  # name seconds rss
  local mbs ratio
  mbs=$(awk -v s="$size" -v t="$2" 'BEGIN{printf "%.1f", (t>0 ? s/1048576/t : 0)}')
  ratio=$(awk -v t="$2" -v g="$grep_t" 'BEGIN{printf "%.2f", (g>0 ? t/g : 0)}')
  printf '%-28s %9s %9s %8s K %8s\n' "$1" "$2" "$mbs" "$3" "$ratio"
}
read -r t m < <(measure cat "$work/bench.log"); row "cat (floor)" "$t" "$m"
row "grep -E -f (signatures)" "$grep_t" "$grep_m"
# The same grep in the C locale, where it need not decode UTF-8: the honest floor for a regex scan.
read -r t m < <(LC_ALL=C measure grep -E -c -f "$work/ere.txt" "$work/bench.log"); row "grep -E -f, LC_ALL=C" "$t" "$m"
if command -v rg >/dev/null; then
  read -r t m < <(measure rg -c -f "$work/ere.txt" "$work/bench.log"); row "rg -f (signatures)" "$t" "$m"
fi
read -r t m < <(measure "$kdiag" "$work/bench.log"); row "kdiag (full diagnosis)" "$t" "$m"
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
