#!/usr/bin/python3
"""calib_cli_check.py SAMFLYT GEN_STAYS WORKDIR: the round trip through
files. bench/gen_stays.c writes 200,000 stays from known parameters
(lognormal stays per unit, exponential home care, fixed routing
probabilities); `samflyt calibrate` reads the CSV (ingest), fits, writes
model.yaml, model.fit.csv and model.backtest.csv. This script checks,
against the generator's parameters (copied below from gen_stays.c):
  - each unit's fitted lognormal mu and sigma (exponential mean for home
    care) lie within 3.29 standard errors (99.9 %; five units, two
    parameters each) of the truth;
  - each routing share lies within 3.29 binomial standard errors;
  - the model is accepted by `samflyt check`;
  - the backtest's mean census agrees with the observed one within 4
    standard deviations of a time average of an M/G/inf census
    (variance lambda E[S^2] / T, lambda = stays / T).
Run by CTest with Debian's /usr/bin/python3 (python3-yaml)."""
import csv
import math
import os
import subprocess
import sys

import yaml

samflyt, gen, work = sys.argv[1:4]
os.makedirs(work, exist_ok=True)
data = os.path.join(work, "stays.csv")
model = os.path.join(work, "model.yaml")
with open(data, "w") as f:
    subprocess.run([gen, "200000", "7"], stdout=f, check=True)
out = subprocess.run([samflyt, "calibrate", data, "--tz", "UTC", "--backtest", "4", "-o", model],
                     capture_output=True, text=True)
print(out.stdout, out.stderr)
if out.returncode != 0:
    sys.exit("samflyt calibrate failed")

# gen_stays.c: lognormal(mean h, sd h) per unit; home care exponential 25 d
LOGNORMAL = {"legevakt": (0.7, 0.5), "kad": (60, 36), "hospital-med": (96, 72),
             "hospital-surg": (120, 80)}
EXP_MEAN = {"home-care": 25 * 24}
NEXT = {
    "legevakt": {"kad": .08, "hospital-med": .08, "hospital-surg": .04, "home": .80},
    "kad": {"hospital-med": .12, "home-care": .08, "home": .80},
    "hospital-med": {"kad": .10, "home-care": .15, "hospital-surg": .03, "home": .72},
    "hospital-surg": {"kad": .05, "home-care": .10, "hospital-med": .05, "home": .80},
    "home-care": {"hospital-med": .05, "home": .95},
}
Z = 3.29
failures = 0


def check(what, est, se, truth):
    global failures
    ok = abs(est - truth) <= Z * se
    print(f"{'ok  ' if ok else 'FAIL'} {what}: {est:.6g} (se {se:.3g}), truth {truth:.6g}")
    failures += not ok


fits = {}
with open(model.replace(".yaml", ".fit.csv")) as f:
    for row in csv.DictReader(f):
        fits[(row["unit"], row["family"])] = row
n = {u: int(fits[(u, "empirical")]["n"]) for u in NEXT}
for u, (m, s) in LOGNORMAL.items():
    r = fits[(u, "lognormal")]
    s2 = math.log(1 + s * s / (m * m))
    check(f"{u} lognormal mu", float(r["p1"]), float(r["p1_se"]), math.log(m) - s2 / 2)
    check(f"{u} lognormal sigma", float(r["p2"]), float(r["p2_se"]), math.sqrt(s2))
for u, m in EXP_MEAN.items():
    r = fits[(u, "exponential")]
    check(f"{u} exponential mean", float(r["p1"]), float(r["p1_se"]), m)

doc = yaml.safe_load(open(model))
for u, shares in NEXT.items():
    nxt = doc["units"][u]["next"]
    if nxt == "home":
        nxt = {"home": 1.0}
    for v, p in shares.items():
        est = float(nxt.get(v, 0))
        check(f"{u} -> {v}", est, math.sqrt(p * (1 - p) / n[u]), p)
    if set(nxt) - set(shares):
        print(f"FAIL {u}: routes to {set(nxt) - set(shares)} that the generator never uses")
        failures += 1

chk = subprocess.run([samflyt, "check", model], capture_output=True, text=True)
print(chk.stdout.splitlines()[0] if chk.stdout else chk.stderr)
failures += chk.returncode != 0

T = None
for line in open(model):
    if line.startswith("horizon:"):
        T = float(line.split()[1].rstrip("h"))
with open(model.replace(".yaml", ".backtest.csv")) as f:
    for row in csv.DictReader(f):
        u = row["unit"]
        e = fits[(u, "empirical")]
        es2 = float(e["sd_h"]) ** 2 + float(e["mean_h"]) ** 2
        lam = n[u] / T
        sd = math.sqrt(lam * es2 / T * (1 + 1 / 4))
        diff = float(row["mean_err"])
        ok = abs(diff) <= 4 * sd
        print(f"{'ok  ' if ok else 'FAIL'} backtest {u}: observed {row['obs_mean']} simulated "
              f"{row['sim_mean']} (|diff| {abs(diff):.3g} <= 4 x {sd:.3g}), W1 {row['w1']}")
        failures += not ok

print(f"{failures} failure(s)")
sys.exit(1 if failures else 0)
