#!/usr/bin/python3
"""Validation of the sequential procedure of `samflyt sweep` (docs/sweep.md).

1. Erlang B: a loss ward (M/M/c/c) swept over beds 1..20 for a grid of
   offered loads and targets on the turned-away share, and near ties (a
   target within the indifference zone of B at some c). The procedure
   guarantees, with the stated confidence, an answer c whose B(c) is at most
   the target plus the tolerance and whose B(c - 1) is above the target less
   the tolerance: the Erlang-B rule up to the indifference zone. Outside
   near ties this is the rule's own answer, the smallest c with B(c) <= q
   (computed here by the usual recursion, independently of samflyt).
2. Search against an exhaustive grid: two loss wards, the whole grid with
   many replications each (--fixed --no-prune -r GRID_REPS) and the
   sequential search must give the same cheapest configuration, the search
   using fewer replications in all. The counts are printed.

usage: sweep_seq_check.py SAMFLYT LOSS_WARD TWO_WARDS OUTDIR
"""
import json
import os
import re
import subprocess
import sys

TOL = 0.10  # the default tolerance: 10 % of each target
# (arrivals per day, target share); mean stay one day, so a = rate
CASES = [(a, q) for a in (2, 3, 5, 8) for q in (0.02, 0.05, 0.10)]
# near ties: B(9, 5) = 3.75 %, B(6, 3) = 5.22 %, B(13, 8) = 3.07 %, B(4, 2) = 9.52 %
TIES = [(5, 0.0375), (3, 0.052), (8, 0.031), (2, 0.095)]
GRID_REPS = 40


def erlang_b(c, a):
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


def sweep(exe, model, out, args):
    r = subprocess.run([exe, "sweep", "-q", model, *args, "-o", out],
                       capture_output=True, text=True)
    if r.returncode not in (0, 1):
        sys.exit("sweep failed (%d): %s %s" % (r.returncode, r.stdout, r.stderr))
    with open(os.path.join(out, "sweep.json")) as f:
        return json.load(f)


def total_reps(res):
    return sum(c.get("replications", 0) for c in res["configurations"])


def main():
    exe, ward, two, outdir = sys.argv[1:5]
    os.makedirs(outdir, exist_ok=True)
    with open(ward) as f:
        text = f.read()
    fails, reps, exact = [], 0, 0
    for rate, q in CASES + TIES:
        name = "a%g-q%g" % (rate, q)
        m = os.path.join(outdir, name + ".yaml")
        with open(m, "w") as f:
            f.write(re.sub(r"rate: [0-9.]+/d", "rate: %g/d" % rate, text))
        res = sweep(exe, m, os.path.join(outdir, name),
                    ["--vary", "units.ward.beds=1..20",
                     "--target", "ward.turned_away_share<=%g%%" % (100 * q)])
        rule = next(c for c in range(1, 40) if erlang_b(c, rate) <= q)
        got = res["cheapest"]["values"]["units.ward.beds"] if res["cheapest"] else None
        eps = TOL * q
        ok = got is not None and erlang_b(got, rate) <= q + eps and \
            (got == 1 or erlang_b(got - 1, rate) > q - eps)
        tie = (rate, q) in TIES
        r = total_reps(res)
        reps += r
        exact += got == rule
        print("%s%s: sweep %s beds, Erlang-B rule %d (B(%d) = %.4f, B(%d) = %.4f), "
              "%d configurations, %d replications"
              % (name, " (near tie)" if tie else "", got, rule, rule, erlang_b(rule, rate),
                 rule - 1, erlang_b(rule - 1, rate), res["runs"], r))
        if not ok:
            fails.append("%s: %s beds is outside the Erlang-B rule's indifference zone "
                         "(rule: %d)" % (name, got, rule))
        if not tie and got != rule:
            fails.append("%s: %s beds, the rule says %d (not a near tie)" % (name, got, rule))
    print("Erlang B: %d cases, %d the rule's own answer, %d replications in all"
          % (len(CASES) + len(TIES), exact, reps))

    # 2. the search against the whole grid with many replications
    wide = ["--vary", "units.a.beds=5..11", "--vary", "units.b.beds=3..9",
            "--cost", "units.b.beds=2", "--target", "a.turned_away_share<=5%",
            "--target", "b.turned_away_share<=2%"]
    grid = sweep(exe, two, os.path.join(outdir, "grid"),
                 wide + ["--fixed", "--no-prune", "-r", str(GRID_REPS)])
    seq = sweep(exe, two, os.path.join(outdir, "seq"), wide)
    gr, sr = grid["runs"] * GRID_REPS, total_reps(seq)
    print("two wards: grid %s with %d configurations x %d = %d replications; search %s "
          "with %d configurations, %d replications (%.1f %%)"
          % (grid["cheapest"]["values"], grid["runs"], GRID_REPS, gr,
             seq["cheapest"]["values"], seq["runs"], sr, 100.0 * sr / gr))
    if grid["cheapest"]["values"] != seq["cheapest"]["values"]:
        fails.append("two wards: the search's answer differs from the grid's")
    if not sr < gr:
        fails.append("two wards: the search used no fewer replications than the grid")
    if fails:
        sys.exit("\n".join(fails))


main()
