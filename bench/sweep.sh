#!/usr/bin/env bash
# bench/sweep.sh BUILD_DIR: `samflyt sweep` on 1 and 2 threads and under
# mpirun -n 1, 2 and 4 on this machine (loopback), with the speed-up and
# the efficiency against one thread, all in one run (bench/README.md,
# "Sweep"). The workload: two loss wards (tests/data/sweep/two_wards.yaml),
# the whole grid of 12 x 10 configurations (--no-prune) with the
# sequential procedure, so that every round has many configurations to
# deal out. Each line is the best wall time of SWEEP_REPS runs (default
# 3); the outputs of every line are compared byte for byte with the
# first's (the same answer whatever the parallelism), and the CPU time of
# all processes (perf stat task-clock; this machine's VM has no instruction
# counter) shows what threads and MPI cost in work, which a loaded machine
# does not blur as it blurs wall time: work efficiency = CPU(1) / CPU(N).
set -euo pipefail
build=${1:?usage: bench/sweep.sh BUILD_DIR}
exe=$(cd "$build" && pwd)/samflyt
here=$(cd "$(dirname "$0")/.." && pwd)
reps=${SWEEP_REPS:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
args=(sweep -q "$here/tests/data/sweep/two_wards.yaml" --no-prune
      --vary units.a.beds=1..12 --vary units.b.beds=1..10 --cost units.b.beds=2
      --target 'a.turned_away_share<=5%' --target 'b.turned_away_share<=2%')
mpirun=$(command -v mpirun || true)
[ -e "$build/samflyt-mpi.so" ] || mpirun=""

best() { # best wall time in seconds of "$@", reps times; output kept in $tmp/out
    local b=""
    for _ in $(seq "$reps"); do
        local t0 t1
        t0=$(date +%s.%N)
        "$@" >"$tmp/out.txt"
        t1=$(date +%s.%N)
        b=$(echo "$t0 $t1 ${b:-1e9}" | awk '{d = $2 - $1; print (d < $3 ? d : $3)}')
    done
    echo "$b"
}
cpu() { # CPU seconds of "$@" and its children (task-clock), or "-"
    perf stat -x, -e task-clock -- "$@" 2>&1 >/dev/null | awk -F, '/task-clock/ {printf "%.2f", $1 / 1000}' |
        grep -E '^[0-9.]+$' || echo "-"
}

printf '%-12s %7s %9s %9s %11s %8s %12s\n' "how" "workers" "wall (s)" "speed-up" "efficiency" "CPU (s)" "work eff."
base=""
cbase=""
ref=""
for line in "threads 1" "threads 2" "mpirun 1" "mpirun 2" "mpirun 4"; do
    set -- $line
    n=$2
    if [ "$1" = threads ]; then
        cmd=("$exe" "${args[@]}" -t "$n")
    else
        [ -n "$mpirun" ] || { printf '%-12s %7s  skipped: no MPI plugin\n' "mpirun $n" "$n"; continue; }
        cmd=("$mpirun" --oversubscribe --allow-run-as-root -n "$n" "$exe" "${args[@]}" -t 1)
    fi
    t=$(best "${cmd[@]}" -o "$tmp/o-$1-$n")
    if [ -z "$ref" ]; then ref="$tmp/o-$1-$n"; fi
    cmp -s "$ref/sweep.json" "$tmp/o-$1-$n/sweep.json" || { echo "sweep.json differs: $line" >&2; exit 1; }
    [ -n "$base" ] || base=$t
    c=$(cpu "${cmd[@]}")
    [ -n "$cbase" ] || cbase=$c
    awk -v h="$line" -v n="$n" -v t="$t" -v b="$base" -v c="$c" -v cb="$cbase" \
        'BEGIN {printf "%-12s %7d %9.2f %8.2fx %10.0f%% %8s %11s\n", h, n, t, b / t, 100 * b / t / n, c,
                (c == "-" ? "-" : sprintf("%.0f%%", 100 * cb / c))}'
done
echo "(machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); every line's sweep.json identical)"
