#!/usr/bin/python3
"""Validation of `samflyt sweep` against the Erlang-B bed-sizing rule.

A loss ward (M/M/c/c: Poisson arrivals, exponential stays, overflow:
reject) is swept over beds 1..15 for several offered loads and targets on
the turned-away share. The rule's answer is the smallest c with Erlang
B(c, a) <= target, computed here by the usual recursion, independently of
samflyt. The loads and targets are chosen so that the rule's answer and its
neighbour below are clearly apart from the target: B(c) and B(c - 1) are
each more than twice the simulated 95 % half-width away from it (checked
below, so a change of replications that makes the case a near tie fails
loudly instead of passing by luck). The sweep must return that c, with the
whole grid (--no-prune) and with pruning, and pruning must run fewer
configurations.

usage: sweep_erlang_check.py SAMFLYT MODEL OUTDIR
"""
import json
import os
import re
import subprocess
import sys

# (arrivals per day, target share): mean stay is one day, so a = rate
CASES = [(5, 0.05), (2, 0.02), (10, 0.10), (3, 0.10)]


def erlang_b(c, a):
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


def sweep(exe, model, out, target, prune):
    args = [exe, "sweep", "-q", model, "--vary", "units.ward.beds=1..15",
            "--cost", "units.ward.beds=1.2",
            "--target", "ward.turned_away_share<=%g%%" % (100 * target), "--fixed", "-o", out]
    if not prune:
        args.append("--no-prune")
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("sweep failed (%d): %s %s" % (r.returncode, r.stdout, r.stderr))
    with open(os.path.join(out, "sweep.json")) as f:
        return json.load(f)


def main():
    exe, model, outdir = sys.argv[1:4]
    with open(model) as f:
        text = f.read()
    fails = []
    for rate, target in CASES:
        name = "a%g-t%g" % (rate, target)
        m = os.path.join(outdir, name + ".yaml")
        os.makedirs(outdir, exist_ok=True)
        with open(m, "w") as f:
            f.write(re.sub(r"rate: [0-9.]+/d", "rate: %g/d" % rate, text))
        c = next(c for c in range(1, 40) if erlang_b(c, rate) <= target)
        full = sweep(exe, m, os.path.join(outdir, name + "-grid"), target, False)
        pruned = sweep(exe, m, os.path.join(outdir, name + "-prune"), target, True)
        byc = {x["values"]["units.ward.beds"]: x for x in full["configurations"]}
        for cc in (c, c - 1):
            e = byc[cc]["estimates"][0]
            half = (e["hi"] - e["lo"]) / 2
            b = erlang_b(cc, rate)
            if abs(b - target) <= 2 * half:
                fails.append("%s: B(%d) = %.4f is within twice the half-width %.4f of the "
                             "target: a near tie, pick another case" % (name, cc, b, half))
            if not (e["lo"] - half <= b <= e["hi"] + half):
                fails.append("%s: simulated %d beds %.4f (%.4f..%.4f) far from Erlang B %.4f"
                             % (name, cc, e["mean"], e["lo"], e["hi"], b))
        for label, res in (("grid", full), ("pruned", pruned)):
            got = res["cheapest"]["values"]["units.ward.beds"] if res["cheapest"] else None
            if got != c:
                fails.append("%s (%s): sweep says %s beds, Erlang B says %d" % (name, label, got, c))
        if full["runs"] != 15 or not pruned["runs"] < full["runs"]:
            fails.append("%s: runs grid %d, pruned %d" % (name, full["runs"], pruned["runs"]))
        print("%s: Erlang B answer %d beds (B=%.4f, B(%d)=%.4f); grid ran %d, pruned ran %d"
              % (name, c, erlang_b(c, rate), c - 1, erlang_b(c - 1, rate), full["runs"],
                 pruned["runs"]))
    if fails:
        sys.exit("\n".join(fails))


main()
