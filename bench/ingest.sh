#!/usr/bin/env bash
# bench/ingest.sh BUILD_DIR: speed of `samflyt flow` (src/flow ingest) on a
# generated stays CSV (bench/flow_gen.c: INGEST_N rows, default 10^7, 8
# columns patient,unit,org,start,end,from,to,class, ~81 bytes a row).
#
#   (1) samflyt flow -q --no-metrics FILE: read, map, parse times, intern,
#       sort by patient, link from/to; target >= 3 M rows/s on one core;
#       and the same with every metric (docs/metrics.md) computed
#   (2) the CSV scanner alone (bench/csv_scan_bench.c, record splitting)
#   (3) libcsv on the same file (bench/libcsv_bench.c), when libcsv-dev is
#       installed: why the scanner is hand-written
#
# Each is the best of INGEST_REPS runs (default 3) of GNU time: wall, CPU
# (user+sys; one thread, so CPU is the one-core figure on a shared
# machine) and peak RSS. Prints a table; exits non-zero when a command fails.
set -euo pipefail
die() { echo "bench/ingest.sh: $*" >&2; exit 1; }
[ $# -eq 1 ] || die "usage: bench/ingest.sh BUILD_DIR"
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd) || die "no build directory $1"
n=${INGEST_N:-10000000}
reps=${INGEST_REPS:-3}
[ -x "$build/samflyt" ] || die "$build/samflyt not found"
[ -f "$build/libsamflyt.a" ] || die "$build/libsamflyt.a not found"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/flow_gen" "$top/bench/flow_gen.c" || die "cannot compile flow_gen.c"
cc -O2 -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I"$top/include" -I"$top/src" \
    -o "$work/csv_scan_bench" "$top/bench/csv_scan_bench.c" -Wl,--allow-multiple-definition \
    "$build/libsamflyt.a" $(pkg-config --libs libfyaml gsl zlib) -lm -lpthread ||
    die "cannot compile csv_scan_bench.c"
have_libcsv=0
if cc -O2 -o "$work/libcsv_bench" "$top/bench/libcsv_bench.c" -lcsv 2>/dev/null; then have_libcsv=1; fi
"$work/flow_gen" "$n" > "$work/stays.csv"
bytes=$(stat -c %s "$work/stays.csv")

# best WHAT CMD...: best-of-reps wall, cpu, rss
best() {
    local what=$1; shift
    local bw=999999 bc=999999 br=0
    for _ in $(seq "$reps"); do
        /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" > /dev/null || die "$what failed"
        read -r w u s m < "$work/t"
        c=$(echo "$u + $s" | bc -l)
        if (( $(echo "$c < $bc" | bc -l) )); then bc=$c; fi
        if (( $(echo "$w < $bw" | bc -l) )); then bw=$w; fi
        br=$m
    done
    printf "%-34s %9.2f %9.2f %11.2f %11.2f %9.0f\n" "$what" "$bw" "$bc" \
        "$(echo "$n / $bw / 1000000" | bc -l)" "$(echo "$n / $bc / 1000000" | bc -l)" \
        "$(echo "$br / 1024" | bc -l)"
}
echo "ingest benchmark: $n rows, $((bytes / 1000000)) MB, best of $reps ($(date -u +%FT%TZ))"
printf "%-34s %9s %9s %11s %11s %9s\n" "what" "wall s" "cpu s" "Mrows/s wall" "Mrows/s cpu" "peak MB"
best "samflyt flow -q --no-metrics" "$build/samflyt" flow -q --no-metrics "$work/stays.csv"
best "samflyt flow -q (with all metrics)" "$build/samflyt" flow -q "$work/stays.csv"
best "scanner alone (csv_next)" "$work/csv_scan_bench" "$work/stays.csv"
if [ $have_libcsv = 1 ]; then
    best "libcsv alone (callbacks)" "$work/libcsv_bench" "$work/stays.csv"
else
    echo "libcsv: not installed (apt-get install libcsv-dev to compare)"
fi
