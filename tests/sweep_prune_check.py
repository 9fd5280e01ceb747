#!/usr/bin/python3
"""Monotone pruning against the exhaustive grid (tests/sweep.cmake).

Runs the same sweep with --no-prune (the grid) and with pruning and checks: the same cheapest configuration; every
configuration's verdict (met / not met, inferred or run) the same as the
grid's run; every configuration that ran in both with identical estimates
(common random numbers: a configuration's results do not depend on which
others ran); and fewer runs, at most MAX_RUNS.

usage: sweep_prune_check.py SAMFLYT OUTDIR MAX_RUNS MODEL SWEEP-OPTIONS...
"""
import json
import os
import subprocess
import sys

exe, outdir, max_runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
res = []
for name, extra in (("grid", ["--no-prune"]), ("prune", [])):
    out = os.path.join(outdir, name)
    subprocess.run([exe, "sweep", "-q", *sys.argv[4:], *extra, "-o", out], check=True,
                   stdout=subprocess.DEVNULL)
    with open(os.path.join(out, "sweep.json")) as f:
        res.append(json.load(f))
grid, pruned = res
fails = []
if grid["cheapest"]["config"] != pruned["cheapest"]["config"]:
    fails.append("cheapest: grid %s, pruned %s" % (grid["cheapest"]["values"],
                                                   pruned["cheapest"]["values"]))
for g, p in zip(grid["configurations"], pruned["configurations"]):
    if g["status"] != p["status"].replace("_inferred", ""):
        fails.append("config %s: grid %s, pruned %s" % (g["values"], g["status"], p["status"]))
    if p["ran"] and p["estimates"] != g["estimates"]:
        fails.append("config %s: estimates differ" % g["values"])
if grid["runs"] != grid["grid"] or not pruned["runs"] <= max_runs:
    fails.append("runs: grid %d of %d, pruned %d (at most %d expected)"
                 % (grid["runs"], grid["grid"], pruned["runs"], max_runs))
print("grid ran %d, pruned ran %d, answer %s" % (grid["runs"], pruned["runs"],
                                                 pruned["cheapest"]["values"]))
if fails:
    sys.exit("\n".join(fails))
