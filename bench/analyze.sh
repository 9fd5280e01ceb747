#!/usr/bin/env bash
# bench/analyze.sh BUILD_DIR: the Analyze benchmark, (h) of bench/run.sh,
# also runnable alone.
#
#   1. bench/gen_stays.c writes a stays CSV of ANALYZE_ROWS rows (10^7),
#      patients at random from a pool (readmissions); then the same for
#      bench/flow_gen.c (the ingest benchmark's file: patients in time
#      order, their stays on consecutive rows);
#   2. `samflyt flow FILE` reads it and computes what the command computes
#      (ingest; and every indicator of docs/metrics.md once the command
#      runs them), one thread: rows per second of wall time, CPU time,
#      peak RSS; best of BENCH_REPS runs (3);
#   3. bench/pandas_flow.py computes census, LOS, arrivals, transitions,
#      readmissions, pathway variants and the directly-follows graph from
#      the same file in pandas (once: it is slow);
#   4. `samflyt calibrate FILE -o model.yaml --backtest 0` on the same file.
#
# Steps 2 and 3 run on both files, step 4 on the first.
# Targets: >= 3 M rows/s on one core, >= 10x pandas.
# Prints table rows; exits non-zero when a command fails, prints MISSED
# next to a target not met.
#
# Environment: ANALYZE_ROWS (10000000), BENCH_REPS (3),
# ANALYZE_SKIP_PANDAS=1, ANALYZE_SKIP_CALIBRATE=1.
set -euo pipefail

die() {
    echo "bench/analyze.sh: $*" >&2
    exit 1
}

[ $# -eq 1 ] || die "usage: bench/analyze.sh BUILD_DIR"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
build=$(cd "$1" 2>/dev/null && pwd) || die "no build directory $1"
samflyt=$build/samflyt
rows=${ANALYZE_ROWS:-10000000}
reps=${BENCH_REPS:-3}
[ -x "$samflyt" ] || die "$samflyt not found: build it first (make bench does)"
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is missing: scripts/deps.sh bench installs it"
/usr/bin/python3 -c 'import pandas' 2>/dev/null ||
    die "pandas does not load in /usr/bin/python3: scripts/deps.sh bench installs python3-pandas"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cc -O2 -std=c17 -Wall -Wextra -D_DEFAULT_SOURCE -o "$work/gen_stays" bench/gen_stays.c -lm ||
    die "cannot compile bench/gen_stays.c"

# timed OUT CMD...: wall (s), rss (MB), cpu (s) of one run of CMD.
timed() {
    local out=$1
    shift
    if ! /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$@" >"$out" 2>"$work/stderr"; then
        cat "$work/stderr" >&2
        die "failed: $*"
    fi
    read -r wall rss_kb user sys <"$work/time"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
    rss=$(awk -v k="$rss_kb" 'BEGIN { printf "%.0f", k / 1024 }')
}

best() {
    local out=$1 r bw='' brss='' bcpu=''
    shift
    for ((r = 0; r < reps; r++)); do
        timed "$work/run.out" "$@"
        if [ -z "$bw" ] || awk -v a="$wall" -v b="$bw" 'BEGIN { exit !(a < b) }'; then
            bw=$wall
            brss=$rss
            bcpu=$cpu
            cp "$work/run.out" "$out"
        fi
    done
    wall=$bw
    rss=$brss
    cpu=$bcpu
}

div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.6g", a / b; else print "inf" }'; }
mega() { awk -v x="$1" 'BEGIN { printf "%.2f M", x / 1e6 }'; }
check() { awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {
    ok = (op == ">=") ? v >= l : v < l; print ok ? "ok" : "MISSED" }'; }
row() { printf '%-44s %-22s %-14s %s\n' "$1" "$2" "$3" "$4"; }

# one_file NAME GENERATOR: generate, time samflyt flow and pandas on it.
one_file() {
    local name=$1 gen=$2
    csv=$work/$name.csv
    timed "$work/gen.out" sh -c '"$1" "$2" > "$3"' sh "$gen" "$rows" "$csv"
    size=$(du -m "$csv" | cut -f1)
    row "(h) $name: $rows rows (${size} MB)" "generated in ${wall}s" "" ""

    best "$work/flow.out" "$samflyt" flow "$csv" --tz UTC -q
    f_wall=$wall
    f_cpu=$cpu
    f_rate=$(div "$rows" "$wall")
    row "    samflyt flow FILE (one thread)" "$(mega "$f_rate") rows/s  ${wall}s" ">= 3 M/s" "$(check "$f_rate" ">=" 3e6)"
    row "    per CPU second (user + system)" "$(mega "$(div "$rows" "$cpu")") rows/s  ${cpu}s" "" "(other work on the machine shows as CPU / wall < 1)"
    row "    CPU / wall, peak RSS" "$(awk -v c="$cpu" -v w="$wall" 'BEGIN { printf "%.2f", c / w }') cores, ${rss} MB" "" ""

    if [ "${ANALYZE_SKIP_PANDAS:-0}" != 1 ]; then
        timed "$work/pandas.out" /usr/bin/python3 bench/pandas_flow.py "$csv"
        p_rate=$(div "$rows" "$wall")
        row "    pandas (bench/pandas_flow.py, 1 run)" "$(mega "$p_rate") rows/s  ${wall}s" "" "RSS ${rss} MB"
        ratio=$(div "$wall" "$f_wall")
        row "    samflyt flow / pandas (wall)" "$(awk -v r="$ratio" 'BEGIN { printf "%.1f", r }')x" ">= 10x" "$(check "$ratio" ">=" 10)"
        row "    samflyt flow / pandas (CPU)" "$(awk -v r="$(div "$cpu" "$f_cpu")" 'BEGIN { printf "%.1f", r }')x" "" ""
        row "    pandas found" "$(cut -d' ' -f3-4 "$work/pandas.out")" "" ""
    fi
}

cc -O2 -std=c17 -Wall -Wextra -D_DEFAULT_SOURCE -o "$work/flow_gen" bench/flow_gen.c -lm ||
    die "cannot compile bench/flow_gen.c"
# gen_stays: a region over three years, patients drawn at random from a
# pool (readmissions), so consecutive rows rarely share a patient
one_file gen_stays "$work/gen_stays"
# flow_gen (the ingest benchmark's file): patients in time order, each
# patient's stays on consecutive rows
one_file flow_gen "$work/flow_gen"
csv=$work/gen_stays.csv

if [ "${ANALYZE_SKIP_CALIBRATE:-0}" != 1 ]; then
    best "$work/cal.out" "$samflyt" calibrate "$csv" --tz UTC -q --backtest 0 -o "$work/model.yaml"
    c_rate=$(div "$rows" "$wall")
    row "    samflyt calibrate (no backtest)" "$(mega "$c_rate") rows/s  ${wall}s" "" "RSS ${rss} MB"
fi
