#!/usr/bin/python3
"""persons_readmit_check.py SAMFLYT MODEL WORKDIR: validation of return
behaviour (docs/simulation.md, "Persons and returns") through the trace.

Runs tests/data/persons/readmit.yaml (return probability p = 0.25 after a
delay inside the 8 h - 30 d window) with `samflyt run --trace`, analyses
the trace with `samflyt flow`, and checks that the readmission rate flow
measures recovers p within 3.29 binomial standard errors (99.9 %). Its
known biases are far smaller: a person's own next illness within 30 days
(+0.06 percentage points) and returns after the horizon (-0.02). Then
the scenario no-return (probability 0) must measure at most 0.5 %: the
rate comes from the returns, not from chance contacts. Run by CTest with
/usr/bin/python3."""
import csv
import math
import os
import subprocess
import sys

samflyt, model, work = sys.argv[1:4]
os.makedirs(work, exist_ok=True)
P = 0.25
Z = 3.29


def measured(scenario):
    trace = os.path.join(work, f"trace-{scenario or 'base'}.csv")
    run = [samflyt, "run", model, "--quiet", "--trace", trace, "--trace-tz", "UTC",
           "--out", os.path.join(work, f"run-{scenario or 'base'}")]
    if scenario:
        run += ["--scenario", scenario]
    subprocess.run(run, check=True)
    out = os.path.join(work, f"flow-{scenario or 'base'}")
    subprocess.run([samflyt, "flow", trace, "--tz", "UTC", "--out", out], check=True,
                   stdout=subprocess.DEVNULL)
    for row in csv.DictReader(open(os.path.join(out, "units.csv"))):
        if row["unit"] == "ward":
            return int(row["discharges"]), int(row["readmissions"])
    sys.exit("no ward in units.csv")


n, k = measured(None)
rate = k / n
se = math.sqrt(P * (1 - P) / n)
ok = abs(rate - P) <= Z * se
print(f"{'ok  ' if ok else 'FAIL'} readmission rate {rate:.4f} of {n} discharges, "
      f"set {P} (±{Z * se:.4f})")
n0, k0 = measured("no-return")
ok0 = k0 / n0 <= 0.005
print(f"{'ok  ' if ok0 else 'FAIL'} without returns: {k0 / n0:.4f} of {n0} discharges (at most 0.005)")
sys.exit(0 if ok and ok0 else 1)
