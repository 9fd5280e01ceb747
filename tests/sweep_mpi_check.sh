#!/bin/sh
# tests/sweep_mpi_check.sh: `mpirun -n N samflyt sweep` gives byte for byte
# what one process with threads gives: sweep.json, sweep.csv and the
# printed answer and table (the run time line aside). MPIRUN empty: the
# MPI plugin was not built; the test is skipped (exit 77).
#   sweep_mpi_check.sh SAMFLYT MPIRUN N OUTDIR SWEEP-ARGS...
set -eu
exe=$1 mpirun=$2 n=$3 out=$4
shift 4
if [ -z "$mpirun" ]; then
    echo "skipped: samflyt-mpi.so not built (no MPI found by CMake)"
    exit 77
fi
rm -rf "$out" && mkdir -p "$out"
"$exe" sweep -t 2 "$@" -o "$out/threads" | grep -v '^ran in ' >"$out/threads.txt"
"$mpirun" --oversubscribe --allow-run-as-root -n "$n" "$exe" sweep -t 1 "$@" -o "$out/mpi" |
    grep -v '^ran in ' | sed "s#$out/mpi#$out/threads#g" >"$out/mpi.txt"
cmp "$out/threads/sweep.json" "$out/mpi/sweep.json"
cmp "$out/threads/sweep.csv" "$out/mpi/sweep.csv"
cmp "$out/threads.txt" "$out/mpi.txt"
grep -Eq '^(cheapest|best): ' "$out/mpi.txt"
echo "identical: mpirun -n $n and one process with 2 threads"
