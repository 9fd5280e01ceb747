#!/usr/bin/env bash
# bench/run.sh BUILD_DIR: samflyt's benchmarks, measured in one run.
#
#   (a) samflyt, M/M/5 at rho 0.9, 10^7 customers, 1 replication, 1 thread
#   (b) the hand-specialised floor (bench/mmc_floor.c), same model
#   (c) SimPy, same model, 10^6 customers (10^7 would take over a minute,
#       ~70 s per run here; the rate per second is what is compared)
#   (d) 20 replications of 10^6 customers, --threads 1 against --threads 2
#   (e) the care-network chain: samflyt 10^7 patients, SimPy 3*10^5
#   (f) the event-queue hold-model microbenchmark (bench/eventq_bench.c)
#   (g) the Røros example (examples/roros): one simulated year x 20
#       replications, target < 1 s; and each worked example's README
#       compare (or run) command, target < 2 s each
#   (h) Analyze (bench/analyze.sh): a 10^7-row stays CSV through
#       `samflyt flow` (ingest + every metric) and through pandas
#   (i) start-up (bench/startup.sh): `samflyt run` of a 1-hour model
#       against /bin/true, median and p90 over STARTUP_N runs
#
# Rates use the wall time of the whole process (GNU time %e; peak RSS %M),
# the best of BENCH_REPS runs (default 3; at least 5 for (d)), as the
# machine may be shared.
# Prints a table and writes it to bench/results-latest.txt (BENCH_OUT to
# write elsewhere, e.g. for a quick run with smaller sizes). Exits non-zero
# when a command fails; a missed target only prints MISSED.
#
# Environment: BENCH_REPS (3), SIMPY_MMC_N (1e6), SIMPY_CHAIN_N (3e5),
# EVENTQ_HOLDS (1e7), EVENTQ_REPS (3), BENCH_SKIP_EVENTQ=1 to leave (f) out,
# BENCH_FLOOR (another floor source to measure against, default bench/mmc_floor.c),
# BENCH_SKIP_ANALYZE=1 to leave (h) out (ANALYZE_* settings: bench/analyze.sh),
# BENCH_SKIP_STARTUP=1 to leave (i) out (STARTUP_N: bench/startup.sh).
set -euo pipefail

die() {
    echo "bench/run.sh: $*" >&2
    exit 1
}

[ $# -eq 1 ] || die "usage: bench/run.sh BUILD_DIR (make bench builds build-bench and runs this)"
top=$(git -C "$(dirname "$0")" rev-parse --show-toplevel 2>/dev/null) || top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
build=$(cd "$1" 2>/dev/null && pwd) || die "no build directory $1"
samflyt=$build/samflyt
floor_src=${BENCH_FLOOR:-$top/bench/mmc_floor.c}

reps=${BENCH_REPS:-3}
simpy_mmc_n=${SIMPY_MMC_N:-1000000}
simpy_chain_n=${SIMPY_CHAIN_N:-300000}
eventq_holds=${EVENTQ_HOLDS:-10000000}
eventq_reps=${EVENTQ_REPS:-3}
bench_out=${BENCH_OUT:-bench/results-latest.txt}

[ -f "$floor_src" ] || die "$floor_src is missing (the speed floor, bench/mmc_floor.c in the repository)"
[ -x "$samflyt" ] || die "$samflyt not found: build it first (make bench does)"
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is missing: scripts/deps.sh bench installs it"
/usr/bin/python3 -c 'import simpy' 2>/dev/null ||
    die "SimPy does not load in /usr/bin/python3: scripts/deps.sh bench installs python3-simpy3"
command -v cc >/dev/null || die "no C compiler (cc)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cc -O2 -o "$work/mmc_floor" "$floor_src" -lm || die "cannot compile $floor_src"
cc -O2 -std=c17 -Wall -Wextra -I src -o "$work/eventq_bench" bench/eventq_bench.c -lm ||
    die "cannot compile bench/eventq_bench.c"

# timed OUT CMD...: runs CMD once with its stdout in OUT; sets wall (s),
# rss (MB) and cpu (user + system s) from GNU time. Fails the script if CMD
# fails.
timed() {
    local out=$1
    shift
    if ! /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$@" >"$out" 2>"$work/stderr"; then
        cat "$work/stderr" >&2
        die "failed: $*"
    fi
    read -r wall rss_kb user sys <"$work/time"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
    rss=$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')
}

# best OUT CMD...: timed, BENCH_REPS times; keeps the fastest run's wall,
# rss, cpu and stdout.
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

# json_int FILE KEY: a top-level integer from results.json.
json_int() {
    /usr/bin/python3 -c 'import json, sys; print(int(json.load(open(sys.argv[1]))[sys.argv[2]]))' "$1" "$2" ||
        die "$1 has no top-level \"$2\""
}

# wait_mean FILE: the first unit's mean wait (hours) from results.json.
wait_mean() {
    /usr/bin/python3 -c 'import json, sys
print("%.4f" % json.load(open(sys.argv[1]))["units"][0]["estimates"]["wait_mean"]["mean"])' "$1" 2>/dev/null ||
        echo "?"
}

# kv FILE KEY: the value of KEY=value in a line of FILE.
kv() { tr ' ' '\n' <"$1" | sed -n "s/^$2=//p" | tail -n 1; }

div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.6g", a / b; else print "inf" }'; }
mega() { awk -v x="$1" 'BEGIN { printf "%.2f M", x / 1e6 }'; }
kilo() { awk -v x="$1" 'BEGIN { printf "%.1f k", x / 1e3 }'; }
fix() { awk -v x="$1" -v d="$2" 'BEGIN { printf "%.*f", d, x }'; }
# check VALUE OP LIMIT: "ok" or "MISSED".
check() { awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {
    ok = (op == ">=") ? v >= l : v < l; print ok ? "ok" : "MISSED" }'; }

report=$work/report.txt
row() { printf '%-44s %-22s %-14s %s\n' "$1" "$2" "$3" "$4" | tee -a "$report"; }
line() { printf '%s\n' "$*" | tee -a "$report"; }

model_name=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)
line "samflyt benchmark  $(date -u '+%Y-%m-%d %H:%M UTC')"
line "machine: ${model_name:-unknown CPU}, nproc $(nproc), $(uname -sr); $(cc --version | head -n 1)"
sf_version=$("$samflyt" --version 2>/dev/null | head -n 1) || sf_version=samflyt
line "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) (other work on the machine slows (a)-(f), (d) most)"
line "build: $1 (${sf_version:-samflyt}); rates from whole-process wall time, best of $reps"
line ""
row "what" "measured" "target" ""
row "----" "--------" "------" ""

# (a) samflyt M/M/c, 10^7 customers, one thread.
best "$work/a.out" "$samflyt" run bench/models/mmc.yaml --replications 1 --threads 1 --quiet --out "$work/a"
a_n=$(json_int "$work/a/results.json" patients)
a_rate=$(div "$a_n" "$wall")
a_rss=$rss
row "(a) samflyt M/M/5 $a_n customers" "$(mega "$a_rate")/s  ${wall}s" ">= 10 M/s" "$(check "$a_rate" ">=" 1e7)"
row "    peak RSS" "$a_rss MB" "< 10 MB" "$(check "$a_rss" "<" 10)"

# (b) the floor.
best "$work/b.out" "$work/mmc_floor" 10000000
b_n=$(kv "$work/b.out" customers)
b_rate=$(div "$b_n" "$wall")
row "(b) mmc_floor $b_n customers" "$(mega "$b_rate")/s  ${wall}s" "" ""
ab=$(div "$a_rate" "$b_rate")
row "    samflyt / floor" "$(fix "$ab" 2)" ">= 0.6" "$(check "$ab" ">=" 0.6)"

# (c) SimPy M/M/c.
best "$work/c.out" /usr/bin/python3 bench/simpy_mmc.py "$simpy_mmc_n"
c_n=$(kv "$work/c.out" customers)
c_rate=$(div "$c_n" "$wall")
row "(c) SimPy M/M/5 $c_n customers" "$(kilo "$c_rate")/s  ${wall}s" "" "(10^7: ~10x as long)"
ac=$(div "$a_rate" "$c_rate")
row "    samflyt / SimPy" "$(fix "$ac" 0)x" ">= 70x" "$(check "$ac" ">=" 70)"
row "    mean wait: samflyt / SimPy / Erlang C" "$(wait_mean "$work/a/results.json") / $(kv "$work/c.out" mean_wait_h) / $(kv "$work/c.out" erlang_c_h) h" "" ""

# (d) thread scaling: the figure most sensitive to other work on the
# machine, so at least 5 runs each.
saved_reps=$reps
reps=$((reps > 5 ? reps : 5))
best "$work/d1.out" "$samflyt" run bench/models/mmc_small.yaml --replications 20 --threads 1 --quiet --out "$work/d1"
d1=$wall
d_n=$(json_int "$work/d1/results.json" patients)
best "$work/d2.out" "$samflyt" run bench/models/mmc_small.yaml --replications 20 --threads 2 --quiet --out "$work/d2"
d2=$wall
d2_cores=$(div "$cpu" "$d2")
reps=$saved_reps
speedup=$(div "$d1" "$d2")
row "(d) 20 x 10^6 customers, threads 1 / 2" "${d1}s / ${d2}s" "" "2 threads kept $(fix "$d2_cores" 2) cores busy"
row "    speed-up ($d_n customers)" "$(fix "$speedup" 2)x" ">= 1.8x" "$(check "$speedup" ">=" 1.8)"

# (e) the ward chain.
best "$work/e.out" "$samflyt" run bench/models/chain.yaml --replications 1 --threads 1 --quiet --out "$work/e"
e_n=$(json_int "$work/e/results.json" patients)
e_rate=$(div "$e_n" "$wall")
e_rss=$rss
row "(e) samflyt chain $e_n patients" "$(mega "$e_rate")/s  ${wall}s" "" ""
row "    peak RSS" "$e_rss MB" "" ""
best "$work/e2.out" /usr/bin/python3 bench/simpy_chain.py "$simpy_chain_n"
s_n=$(kv "$work/e2.out" patients)
s_rate=$(div "$s_n" "$wall")
row "    SimPy chain $s_n patients" "$(kilo "$s_rate")/s  ${wall}s" "" ""
row "    samflyt / SimPy" "$(fix "$(div "$e_rate" "$s_rate")" 0)x" "" ""

# (g) the worked examples. Røros: one simulated year x 20 replications on
# 2 threads (the model's own horizon and replications); then the command
# each example's README answer comes from (its first samflyt:table marker
# for compare, else for run), which must stay under 2 s.
best "$work/g.out" "$samflyt" run examples/roros/model.yaml --replications 20 --threads 2 --quiet --out "$work/g"
g_h=$(/usr/bin/python3 -c 'import json, sys; print("%g" % (json.load(open(sys.argv[1]))["horizon_hours"] / 24))' "$work/g/results.json")
row "(g) Roros, ${g_h} d x 20 replications" "${wall}s" "< 1 s" "$(check "$wall" "<" 1)"
for ex in roros karlskoga lappland vesteralen orebro; do
    ex_args=$(sed -n 's/^<!-- samflyt:table \(compare .*\) -->$/\1/p' "examples/$ex/README.md" | head -n 1)
    [ -n "$ex_args" ] ||
        ex_args=$(sed -n 's/^<!-- samflyt:table \(run .*\) -->$/\1/p' "examples/$ex/README.md" | head -n 1)
    ex_args=${ex_args%%" | grep"*}
    [ -n "$ex_args" ] || die "examples/$ex/README.md has no samflyt:table marker for compare or run"
    # shellcheck disable=SC2086
    best "$work/ex.out" sh -c 'cd "$1" && shift && exec "$@"' sh "examples/$ex" "$samflyt" $ex_args --threads 2 --out "$work/ex-$ex"
    row "    examples/$ex: samflyt $ex_args" "${wall}s" "< 2 s" "$(check "$wall" "<" 2)"
done

# (f) the event queue.
if [ "${BENCH_SKIP_EVENTQ:-0}" != 1 ]; then
    line ""
    line "(f) event queue: hold model, ns per hold (bench/eventq_bench.c)"
    "$work/eventq_bench" "$eventq_holds" "$eventq_reps" | tee -a "$report" ||
        die "eventq_bench failed"
fi

# (h) Analyze: ingest and metrics against pandas.
if [ "${BENCH_SKIP_ANALYZE:-0}" != 1 ]; then
    line ""
    bench/analyze.sh "$build" | tee -a "$report" || die "bench/analyze.sh failed"
fi

# (i) start-up: the fixed cost of a run (bench/startup.sh; STARTUP_N runs).
if [ "${BENCH_SKIP_STARTUP:-0}" != 1 ]; then
    line ""
    line "(i) start-up: run of a 1-hour model over /bin/true, target <= 5 ms (bench/startup.sh)"
    bench/startup.sh "$samflyt" | tee -a "$report" || die "bench/startup.sh failed"
fi

cp "$report" "$bench_out"
echo "(written to $bench_out)"
