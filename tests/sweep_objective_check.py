#!/usr/bin/python3
"""Validation of `samflyt sweep --minimize` (docs/sweep.md, "An objective").

Two independent loss wards (M/M/c/c: ward a 4 erlang, ward b 2 erlang),
beds a 1..12 and b 1..10 at cost 1 each, a budget --max-cost C, and the
objective: the lowest mean network turned-away share, whose true value is
known analytically: (4 B(a, 4) + 2 B(b, 2)) / 6 with B Erlang's loss
formula (computed here by the usual recursion, independently of samflyt).

1. For budgets 8, 10, 12, 14, without a target and with the target
   b.turned_away_share <= 5 %, the sweep's answer costs at most C, meets the
   target (analytically), and its true objective is within delta of the
   analytic best; where the runner-up is more than delta worse, it is the
   analytic best itself (the procedure's guarantee).
2. Against the exhaustive grid: every configuration within the budget with
   GRID_REPS replications (--fixed --no-prune): the same true objective up
   to delta, from fewer replications (the counts are printed).
3. A tie within delta is reported as a tie (budget 14, delta 1 %: 9 + 5 and
   8 + 6 beds differ by 0.32 points), not as a confident pick; a gap wider
   than delta (budget 8, delta 0.25 %: 0.85 points) is not a tie.

usage: sweep_objective_check.py SAMFLYT TWO_WARDS OUTDIR
"""
import json
import os
import subprocess
import sys

DELTA = 0.0025  # --delta 0.25%
GRID_REPS = 40
Q = 0.05  # the target on ward b's turned-away share


def erlang_b(c, a):
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


def true_share(a, b):
    return (4 * erlang_b(a, 4) + 2 * erlang_b(b, 2)) / 6


def sweep(exe, model, out, args, want_rc=0):
    r = subprocess.run([exe, "sweep", model, "--vary", "units.a.beds=1..12", "--vary",
                        "units.b.beds=1..10", "--minimize", "network.turned_away_share",
                        *args, "-o", out], capture_output=True, text=True)
    if r.returncode != want_rc:
        sys.exit("sweep %s failed (%d): %s %s" % (args, r.returncode, r.stdout, r.stderr))
    with open(os.path.join(out, "sweep.json")) as f:
        return json.load(f), r.stdout


def answer(res):
    v = res["best"]["values"]
    return v["units.a.beds"], v["units.b.beds"]


def main():
    exe, two, outdir = sys.argv[1:4]
    os.makedirs(outdir, exist_ok=True)
    fails = []
    seq_reps = grid_reps = 0
    for budget in (8, 10, 12, 14):
        for target in (False, True):
            feasible = [(a, budget - a) for a in range(1, 13)
                        if 1 <= budget - a <= 10 and (not target or erlang_b(budget - a, 2) <= Q)]
            ranked = sorted(feasible, key=lambda c: true_share(*c))
            best, f_best = ranked[0], true_share(*ranked[0])
            gap = true_share(*ranked[1]) - f_best
            args = ["--max-cost", str(budget), "--delta", "%g%%" % (100 * DELTA)]
            if target:
                args += ["--target", "b.turned_away_share<=%g%%" % (100 * Q)]
            name = "c%d%s" % (budget, "-target" if target else "")
            res, _ = sweep(exe, two, os.path.join(outdir, name), args)
            got = answer(res)
            f_got = true_share(*got)
            reps = res["replications_total"]
            seq_reps += reps
            line = ("%s: sweep %s (true %.3f %%), analytic best %s (%.3f %%), runner-up %.3f "
                    "points worse, %d replications" % (name, got, 100 * f_got, best,
                                                       100 * f_best, 100 * gap, reps))
            print(line)
            if sum(got) > budget:
                fails.append(line + ": over the budget")
            if target and erlang_b(got[1], 2) > Q * 1.1:
                fails.append(line + ": misses the target")
            if f_got > f_best + DELTA:
                fails.append(line + ": worse than the best by more than delta")
            if gap > DELTA and got != best:
                fails.append(line + ": the best is clearly better, yet not picked")
            if budget in (10, 14) and target:
                grid, _ = sweep(exe, two, os.path.join(outdir, name + "-grid"),
                                args + ["--fixed", "--no-prune", "-r", str(GRID_REPS)])
                g = answer(grid)
                gr = grid["replications_total"]
                grid_reps += gr
                print("  exhaustive grid: %s (true %.3f %%), %d configurations x %d = %d "
                      "replications; the search used %d (%.1f %%)"
                      % (g, 100 * true_share(*g), grid["runs"], GRID_REPS, gr, reps,
                         100.0 * reps / gr))
                if abs(true_share(*g) - f_got) > DELTA:
                    fails.append(name + ": the grid's and the search's answers differ by more "
                                 "than delta")
                if not reps < gr:
                    fails.append(name + ": the search used no fewer replications than the grid")
    print("8 sweeps, %d replications in all" % seq_reps)

    # 3. ties
    res, out = sweep(exe, two, os.path.join(outdir, "tie"), ["--max-cost", "14", "--delta", "1%"])
    ties = res["objective"]["ties"]
    tied = [answer({"best": c}) for c in res["configurations"] if c["config"] in ties]
    print("budget 14, delta 1 %%: best %s, ties %s" % (answer(res), tied))
    if not {(9, 5), (8, 6)} <= set(tied + [answer(res)]):
        fails.append("tie: 9 + 5 and 8 + 6 beds (0.32 points apart) are not reported as a tie")
    if "\ntie: " not in "\n" + out or not all(
            c["selection"] == "tie" for c in res["configurations"] if c["config"] in ties):
        fails.append("tie: the answer does not say it is a tie:\n" + out)
    res, out = sweep(exe, two, os.path.join(outdir, "notie"),
                     ["--max-cost", "8", "--delta", "0.25%"])
    if res["objective"]["ties"] or "\ntie: " in "\n" + out:
        fails.append("budget 8: a gap of 0.85 points against delta 0.25 points is not a tie")
    if fails:
        sys.exit("\n".join(fails))


main()
