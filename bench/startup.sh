#!/usr/bin/env bash
# bench/startup.sh SAMFLYT [SAMFLYT2 ...]: the fixed cost of `samflyt run`.
#
# Runs bench/models/startup.yaml (M/M/5, 1-hour horizon, 1 replication:
# nearly no simulation) STARTUP_N times (default 200) for each binary and
# each way of calling it, interleaved with a null process (/bin/true) in
# the same loop, so load on a shared machine hits all of them alike.
# Prints the median and p90 wall time in ms, each minus the null process's
# median, and the page faults (minor+major) of one run from GNU time.
#
# Ways of calling it:  -q --out DIR   (files written: the full output set)
#                      -q             (no --out: the default folder)
#                      --out DIR      (summary printed, to /dev/null)
# Environment: STARTUP_N (200), STARTUP_OUT (scratch folder, default a mktemp).
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: bench/startup.sh SAMFLYT [SAMFLYT2 ...]" >&2; exit 2; }
top=$(cd "$(dirname "$0")/.." && pwd)
model=$top/bench/models/startup.yaml
n=${STARTUP_N:-200}
scratch=${STARTUP_OUT:-$(mktemp -d)}
trap '[ -z "${STARTUP_OUT:-}" ] && rm -rf "$scratch"' EXIT
bins=()
for b in "$@"; do
    [ -x "$b" ] || { echo "bench/startup.sh: $b is not executable" >&2; exit 2; }
    bins+=("$(cd "$(dirname "$b")" && pwd)/$(basename "$b")")
done
cd "$scratch"

echo "# bench/startup.sh $(date -u +%Y-%m-%dT%H:%MZ) on $(uname -n): $(nproc) cores," \
    "$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), load $(cut -d' ' -f1-3 /proc/loadavg)," \
    "filesystem $(stat -f -c %T "$scratch"), $n runs each"

# microsecond timestamps from bash itself ($EPOCHREALTIME: no process of their own)
declare -a labels cmds
labels+=("null (/bin/true)"); cmds+=("/bin/true")
for k in "${!bins[@]}"; do
    b=${*:k+1:1} bin=${bins[$k]}
    b=${b#"$top/"} # labels name a binary of this checkout by its relative path
    labels+=("$b run -q --out DIR"); cmds+=("$bin run -q $model --out o")
    labels+=("$b run -q"); cmds+=("$bin run -q $model")
    labels+=("$b run --out DIR"); cmds+=("$bin run $model --out o")
done
raw=$scratch/times.txt
: >"$raw"
for ((i = 0; i < n; i++)); do
    for k in "${!cmds[@]}"; do
        t0=${EPOCHREALTIME/[.,]/}
        ${cmds[$k]} >/dev/null 2>&1
        t1=${EPOCHREALTIME/[.,]/}
        echo "$k $((t1 - t0))" >>"$raw"
    done
done
faults() {
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%R+%F' $1 2>&1 >/dev/null | tail -1 | awk -F+ '{print $1 + $2}'
    else
        echo "-"
    fi
}
/usr/bin/python3 - "$raw" "${labels[@]}" <<'PY' >"$scratch/table.txt"
import statistics, sys
raw, labels = sys.argv[1], sys.argv[2:]
t = {}
for line in open(raw):
    k, ns = line.split()
    t.setdefault(int(k), []).append(int(ns) / 1e3)
def p90(v):
    v = sorted(v)
    return v[min(len(v) - 1, int(0.9 * len(v)))]
null = statistics.median(t[0])
for k, lab in enumerate(labels):
    med = statistics.median(t[k])
    print(f"{lab}\t{med:.2f}\t{p90(t[k]):.2f}\t{med - null:.2f}")
PY
printf '%-48s %10s %10s %14s %8s\n' "command" "median ms" "p90 ms" "over null ms" "faults"
k=0
while IFS=$'\t' read -r lab med p9 over; do
    printf '%-48s %10s %10s %14s %8s\n' "$lab" "$med" "$p9" "$over" "$(faults "${cmds[$k]}")"
    k=$((k + 1))
done <"$scratch/table.txt"
