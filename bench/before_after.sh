#!/usr/bin/env bash
# bench/before_after.sh OLD_BUILD NEW_BUILD: issue 14's lines for two builds
# of samflyt, measured on the same machine in the same run.
#
# Each round runs, for each build in turn, the M/M/5 (bench/models/mmc.yaml,
# 10^7 customers), the chain (bench/models/chain.yaml, 10^7 patients) and
# `samflyt flow FILE --tz UTC -q` on two 10^7-row stays CSVs (bench/gen_stays.c,
# patients at random; bench/flow_gen.c, patients in time order), and the
# hand-written floor (bench/mmc_floor.c, cc -O2) once. Interleaving the builds
# round by round spreads any load on the machine over both alike; the best
# wall time of BA_ROUNDS rounds (3) is kept, with the CPU time, peak RSS and
# page faults of that run. Then bench/startup.sh measures the fixed cost of
# `run -q` for both builds in one loop (STARTUP_N runs, default here 100).
#
# Prints a Markdown table (before, after, target) for bench/README.md.
# Environment: BA_ROUNDS (3), BA_ROWS (10^7), BA_STAYS_DIR (a folder holding
# gen_stays.csv and flow_gen.csv of BA_ROWS rows, to skip generating them),
# STARTUP_N (100).
set -euo pipefail

die() {
    echo "bench/before_after.sh: $*" >&2
    exit 1
}

[ $# -eq 2 ] || die "usage: bench/before_after.sh OLD_BUILD_DIR NEW_BUILD_DIR"
top=$(cd "$(dirname "$0")/.." && pwd)
old=$(cd "$1" 2>/dev/null && pwd)/samflyt || die "no build directory $1"
new=$(cd "$2" 2>/dev/null && pwd)/samflyt || die "no build directory $2"
[ -x "$old" ] || die "$old not found"
[ -x "$new" ] || die "$new not found"
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is missing: scripts/deps.sh bench installs it"
rounds=${BA_ROUNDS:-3}
rows=${BA_ROWS:-10000000}
cd "$top"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -std=c17 -Wall -Wextra -D_DEFAULT_SOURCE -o "$work/mmc_floor" bench/mmc_floor.c -lm ||
    die "cannot compile bench/mmc_floor.c"
stays=${BA_STAYS_DIR:-}
if [ -z "$stays" ]; then
    stays=$work
    for g in gen_stays flow_gen; do
        cc -O2 -std=c17 -Wall -Wextra -D_DEFAULT_SOURCE -o "$work/$g" "bench/$g.c" -lm ||
            die "cannot compile bench/$g.c"
        "$work/$g" "$rows" >"$work/$g.csv" || die "bench/$g.c failed"
    done
fi
for g in gen_stays flow_gen; do
    [ -r "$stays/$g.csv" ] || die "$stays/$g.csv not found"
done

# measure KEY CMD...: one run under GNU time; keeps the fastest run of KEY
# in best_wall[KEY] and its CPU seconds, peak RSS (kB) and page faults.
declare -A best_wall best_cpu best_rss best_faults
measure() {
    local key=$1
    shift
    /usr/bin/time -f '%e %U %S %M %R' -o "$work/time" "$@" >"$work/out" 2>"$work/err" ||
        { cat "$work/err" >&2; die "failed: $*"; }
    local wall user sys rss faults
    read -r wall user sys rss faults <"$work/time"
    if [ -z "${best_wall[$key]:-}" ] || awk -v a="$wall" -v b="${best_wall[$key]}" 'BEGIN { exit !(a < b) }'; then
        best_wall[$key]=$wall
        best_cpu[$key]=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
        best_rss[$key]=$rss
        best_faults[$key]=$faults
    fi
}

events() {
    /usr/bin/python3 -c 'import json, sys; print(int(json.load(open(sys.argv[1]))["events"]))' "$1"
}

load0=$(cut -d' ' -f1-3 /proc/loadavg)
for ((r = 1; r <= rounds; r++)); do
    echo "round $r of $rounds" >&2
    measure floor "$work/mmc_floor" 10000000
    for b in old new; do
        bin=$old
        [ $b = new ] && bin=$new
        measure "$b.mmc" "$bin" run bench/models/mmc.yaml -r 1 -t 1 -q --out "$work/$b.mmc"
        measure "$b.chain" "$bin" run bench/models/chain.yaml -r 1 -t 1 -q --out "$work/$b.chain"
        for g in gen_stays flow_gen; do
            measure "$b.$g" "$bin" flow "$stays/$g.csv" --tz UTC -q
        done
    done
done
load1=$(cut -d' ' -f1-3 /proc/loadavg)
startup=$(STARTUP_N=${STARTUP_N:-100} bench/startup.sh "$old" "$new")

calc() { awk "BEGIN { printf \"$1\", $2 }"; }
# startup_ms BIN: the median of `run -q --out DIR` over the null process
startup_ms() {
    # startup.sh labels a binary of this checkout by its relative path
    printf '%s\n' "$startup" | awk -v b="${1#"$top/"} run -q --out DIR" 'index($0, b) == 1 {
        s = substr($0, length(b) + 1); split(s, f, " "); print f[3]; exit }'
}

mmc_floor_rate=$(calc %.6g "10000000 / ${best_wall[floor]}")
echo "## Before and after: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "Machine: $(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)," \
    "$(nproc) cores, $(uname -sr); load average $load0 before, $load1 after."
echo "Before: \`$old\` ($("$old" --version 2>/dev/null | head -n 1)); after: \`$new\`."
echo "Best wall time of $rounds interleaved rounds; CPU time, peak RSS and faults of that run."
echo
echo "| line | before | after | target |"
echo "|---|---|---|---|"
declare -A ns rate cpurate bps
for b in old new; do
    for m in mmc chain; do
        ev=$(events "$work/$b.$m/results.json")
        ns[$b.$m]=$(calc %.1f "${best_wall[$b.$m]} * 1e9 / $ev")
    done
    ns[$b.ratio]=$(calc %.2f "${ns[$b.chain]} / ${ns[$b.mmc]}")
    ns[$b.floor]=$(calc %.2f "(10000000 / ${best_wall[$b.mmc]}) / $mmc_floor_rate")
done
echo "| M/M/5, ns an event (10^7 customers, whole process) | ${ns[old.mmc]} | ${ns[new.mmc]} | |"
echo "| chain, ns an event (10^7 patients) | ${ns[old.chain]} | ${ns[new.chain]} | |"
echo "| chain / M/M/5, per event | ${ns[old.ratio]}× | ${ns[new.ratio]}× | ≤ 1.3× |"
echo "| samflyt M/M/5 / floor, customers a second (floor $(calc %.1f "$mmc_floor_rate / 1e6") M/s) | ${ns[old.floor]} | ${ns[new.floor]} | ≥ 0.85 |"
echo "| start-up: \`run -q --out DIR\` over /bin/true, median ms | $(startup_ms "$old") | $(startup_ms "$new") | ≤ 5 |"
for g in gen_stays flow_gen; do
    for b in old new; do
        rate[$b]=$(calc %.2f "$rows / ${best_wall[$b.$g]} / 1e6")
        cpurate[$b]=$(calc %.2f "$rows / ${best_cpu[$b.$g]} / 1e6")
        bps[$b]=$(calc %.1f "${best_rss[$b.$g]} * 1024 / $rows")
    done
    echo "| flow $g: M rows a second, wall (${best_wall[old.$g]} / ${best_wall[new.$g]} s) | ${rate[old]} | ${rate[new]} | ≥ 3 |"
    echo "| flow $g: M rows a CPU second | ${cpurate[old]} | ${cpurate[new]} | |"
    echo "| flow $g: peak RSS, bytes a stay | ${bps[old]} | ${bps[new]} | ≤ 40 |"
    echo "| flow $g: page faults | ${best_faults[old.$g]} | ${best_faults[new.$g]} | |"
done
echo
echo '```'
printf '%s\n' "$startup"
echo '```'
