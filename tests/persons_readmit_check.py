#!/usr/bin/python3
"""persons_readmit_check.py SAMFLYT MODEL WORKDIR: validation of return
behaviour (docs/simulation.md, "Persons and returns") as an interval
across replications.

Runs tests/data/persons/readmit.yaml (return probability p = 0.25 after a
delay inside the 8 h - 30 d window) for 10 replications and checks:
- results.json's "persons" section: the 95 % interval over the
  replications of the ward's readmission rate covers p. Its known biases
  are far smaller than the interval: a person's own next illness within
  30 days (+0.06 percentage points) and returns after the horizon (-0.02);
- the figures are samflyt flow's: `samflyt flow` on replication 1's trace
  measures exactly the discharges and readmissions results.json gives for
  replication 1;
- results.json is byte-identical with 1 and 2 threads;
- a broken mechanism fails the same check: the scenario return-0.3
  (probability 0.3 where 0.25 was meant) and no-return (0: the
  probability ignored, nobody returns) give intervals that exclude 0.25;
  and without returns the rate is at most 0.5 % (the rate comes from the
  returns, not from chance contacts).
Run by CTest with /usr/bin/python3."""
import csv
import json
import os
import subprocess
import sys

samflyt, model, work = sys.argv[1:4]
os.makedirs(work, exist_ok=True)
P = 0.25
REPS = "10"
fails = 0


def check(ok, text):
    global fails
    print(f"{'ok  ' if ok else 'FAIL'} {text}")
    fails += not ok


def run(scenario, threads, trace=None):
    name = f"run-{scenario or 'base'}-t{threads}"
    cmd = [samflyt, "run", model, "--quiet", "-r", REPS, "-t", str(threads),
           "--out", os.path.join(work, name)]
    if scenario:
        cmd += ["--scenario", scenario]
    if trace:
        cmd += ["--trace", trace, "--trace-tz", "UTC"]
    subprocess.run(cmd, check=True)
    with open(os.path.join(work, name, "results.json"), "rb") as f:
        raw = f.read()
    return raw, json.loads(raw)


def ward(res):
    for row in res["persons"]["units_of_discharge"]:
        if row["name"] == "ward":
            return row
    sys.exit("no ward in persons.units_of_discharge")


trace = os.path.join(work, "trace-base.csv")
raw1, res = run(None, 1, trace)
raw2, _ = run(None, 2)
check(raw1 == raw2, "results.json byte-identical with -t 1 and -t 2")

w = ward(res)
e = w["estimates"]["readmission_rate"]
check(e["n"] == int(REPS) and e["lo"] <= P <= e["hi"],
      f"readmission rate {e['mean']:.4f} [{e['lo']:.4f}, {e['hi']:.4f}] over {e['n']} "
      f"replications covers the set {P}")

# replication 1 as samflyt flow measures its trace
out = os.path.join(work, "flow-base")
subprocess.run([samflyt, "flow", trace, "--tz", "UTC", "--out", out], check=True,
               stdout=subprocess.DEVNULL)
n = k = None
for row in csv.DictReader(open(os.path.join(out, "units.csv"))):
    if row["unit"] == "ward":
        n, k = int(row["discharges"]), int(row["readmissions"])
r1 = (w["replications"]["discharges"][0], w["replications"]["readmissions"][0])
check((n, k) == r1, f"replication 1: flow on its trace {n} discharges, {k} readmitted; "
      f"results.json {r1[0]}, {r1[1]}")

_, res3 = run("return-0.3", 2)
e3 = ward(res3)["estimates"]["readmission_rate"]
check(not (e3["lo"] <= P <= e3["hi"]),
      f"probability 0.3: {e3['mean']:.4f} [{e3['lo']:.4f}, {e3['hi']:.4f}] excludes {P}")
_, res0 = run("no-return", 2)
e0 = ward(res0)["estimates"]["readmission_rate"]
check(e0["hi"] <= 0.005,
      f"without returns: {e0['mean']:.4f} [{e0['lo']:.4f}, {e0['hi']:.4f}] (at most 0.005)")
sys.exit(1 if fails else 0)
