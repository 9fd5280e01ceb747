#!/usr/bin/python3
"""calib_return_check.py SAMFLYT MODEL WORKDIR: calibrate fits return
behaviour (docs/calibrate.md, "Return behaviour") on a generated log.

Simulates tests/data/persons/calib_return.yaml (ward: return probability
0.2 after uniform(2d, 10d), half to the walk-in unit, half to the ward;
3 first arrivals a day) with `samflyt run --trace`, calibrates the trace
with `samflyt calibrate --backtest 4`, and checks within 3.29 standard
errors (99.9 %):
  - the written ward return probability against 0.2 (binomial);
  - its `to` shares against 0.5 (binomial);
  - the delay quantiles inside 2-10 days;
  - the arrival rate from outside against 3/d: readmissions are left out
    of the sources (the return rule brings them; Poisson);
  - the backtest: the simulated readmission rate against the observed
    one (two binomials).
Run by CTest with /usr/bin/python3."""
import csv
import math
import os
import re
import subprocess
import sys

import yaml

samflyt, known, work = sys.argv[1:4]
os.makedirs(work, exist_ok=True)
trace = os.path.join(work, "trace.csv")
model = os.path.join(work, "calibrated.yaml")
subprocess.run([samflyt, "run", known, "--quiet", "--trace", trace, "--trace-tz", "UTC"], check=True)
out = subprocess.run([samflyt, "calibrate", trace, "--tz", "UTC", "--backtest", "4", "-o", model],
                     capture_output=True, text=True)
print(out.stdout, out.stderr)
if out.returncode:
    sys.exit("samflyt calibrate failed")

Z = 3.29
failures = 0


def check(what, ok, text):
    global failures
    print(f"{'ok  ' if ok else 'FAIL'} {what}: {text}")
    failures += not ok


doc = yaml.safe_load(open(model))
ward = doc["units"]["ward"]
ret = ward.get("return")
if not ret:
    check("ward has a return rule", False, "none written")
    sys.exit(1)
n = int(re.search(r"readmissions: \d+ of (\d+) discharges", open(model).read()).group(1))
p = float(ret["probability"])
se = math.sqrt(0.2 * 0.8 / n)
check("return probability", abs(p - 0.2) <= Z * se, f"{p:.4f} of {n} discharges, set 0.2 (±{Z * se:.4f})")
k = round(p * n)
for unit, share in ret["to"].items():
    se = math.sqrt(0.25 / k)
    check(f"returns to {unit}", abs(share - 0.5) <= Z * se, f"{share:.3f} of {k}, set 0.5 (±{Z * se:.3f})")
gaps = ret["delay"]["empirical"]
days = [float(g[:-1]) / (24 if g.endswith("h") else 1) for g in gaps]
check("delay within 2-10 d", all(2 <= d <= 10 for d in days), f"{min(days):.3f} to {max(days):.3f} d")

T = float(str(doc["horizon"]).rstrip("h"))
src = (doc.get("demand") or list((doc.get("arrivals") or {}).values()))[0]
num, unit = src["rate"].split("/")
rate = float(num) / {"h": 1, "d": 24, "y": 8760}[unit] * 24
se = math.sqrt(3 * T / 24) / (T / 24)
check("first arrivals a day", abs(rate - 3) <= Z * se + 0.05, f"{rate:.3f}/d, set 3 (±{Z * se + 0.05:.3f})")

for row in csv.DictReader(open(model.replace(".yaml", ".backtest.csv"))):
    if row["unit"] != "ward":
        continue
    po, ps, ns = float(row["obs_readmit"]), float(row["sim_readmit"]), int(row["sim_discharges"])
    se = math.sqrt(po * (1 - po) * (1 / n + 1 / ns))
    check("backtest readmission", abs(ps - po) <= Z * se, f"simulated {ps:.4f} of {ns}, observed {po:.4f} (±{Z * se:.4f})")
sys.exit(1 if failures else 0)
