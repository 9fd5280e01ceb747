#!/usr/bin/python3
"""calib_trace_check.py SAMFLYT MODEL WORKDIR: the round trip of the
issue: simulate a known model (tests/data/calibrate/known.yaml) with
`samflyt run --trace`, calibrate the trace with `samflyt calibrate`, and
check that calibration recovers the known parameters within their
confidence intervals (3.29 standard errors, 99.9 %: about ten checks):

  - the mean arrival rate, 1/h (Poisson: se = sqrt(n) / T);
  - the profile: weekdays 08-16 weigh 2, other hours 0.5, so busy hours
    have 4x the rate of quiet ones (se of the log ratio sqrt(1/n_busy +
    1/n_quiet));
  - legevakt: lognormal(30m, 20m) -> mu, sigma of log hours;
  - kad: gamma(3d, 2d) -> shape 2.25, scale 32 h;
  - routing legevakt -> kad 0.3 (binomial se);
  - kinds (walk-in, ward) and capacities at most the model's.
The simulation starts empty (no warm-up) and ends with stays still open,
which the trace leaves out: that shortens kad's observed stays by about
0.4 % (lambda E[S] stays missing, size-biased), a third of a standard
error, so the check stays honest. Run by CTest with /usr/bin/python3."""
import csv
import math
import os
import subprocess
import sys

import yaml

samflyt, known, work = sys.argv[1:4]
os.makedirs(work, exist_ok=True)
trace = os.path.join(work, "trace.csv")
model = os.path.join(work, "calibrated.yaml")
subprocess.run([samflyt, "run", known, "--quiet", "--trace", trace, "--trace-tz", "UTC", "--out", os.path.join(work, "run")],
               check=True)
out = subprocess.run([samflyt, "calibrate", trace, "--tz", "UTC", "--backtest", "2", "-o", model],
                     capture_output=True, text=True)
print(out.stdout, out.stderr)
if out.returncode:
    sys.exit("samflyt calibrate failed")

Z = 3.29
failures = 0


def check(what, est, se, truth):
    global failures
    ok = abs(est - truth) <= Z * se
    print(f"{'ok  ' if ok else 'FAIL'} {what}: {est:.6g} (se {se:.3g}), truth {truth:.6g}")
    failures += not ok


doc = yaml.safe_load(open(model))
T = float(str(doc["horizon"]).rstrip("h"))
src = (doc.get("demand") or list((doc.get("arrivals") or {}).values()))[0]
rate_text = src["rate"]
num, unit = rate_text.split("/")
rate = float(num) / {"h": 1, "d": 24, "y": 8760}[unit]
n = sum(1 for r in csv.DictReader(open(trace)) if r["unit"] == "legevakt" and not r["from"])
check("arrival rate per hour (mean of the hourly rates)", rate, math.sqrt(n) / T, 1.0)

w = src["profile"]
busy = [h for h in range(168) if h // 24 < 5 and 8 <= h % 24 < 16]
quiet = [h for h in range(168) if h not in busy]
wb = sum(w[h] for h in busy) / len(busy)
wq = sum(w[h] for h in quiet) / len(quiet)
nb = n * wb * len(busy) / 168
nq = n * wq * len(quiet) / 168
check("log(busy / quiet rate)", math.log(wb / wq), math.sqrt(1 / nb + 1 / nq), math.log(4))

fits = {}
with open(model.replace(".yaml", ".fit.csv")) as f:
    for row in csv.DictReader(f):
        fits[(row["unit"], row["family"])] = row
m, s = 0.5, 20 / 60
s2 = math.log(1 + s * s / (m * m))
r = fits[("legevakt", "lognormal")]
print(f"legevakt: chosen {[k[1] for k, v in fits.items() if k[0] == 'legevakt' and v['chosen'] == '1']}")
check("legevakt lognormal mu", float(r["p1"]), float(r["p1_se"]), math.log(m) - s2 / 2)
check("legevakt lognormal sigma", float(r["p2"]), float(r["p2_se"]), math.sqrt(s2))
r = fits[("kad", "gamma")]
print(f"kad: chosen {[k[1] for k, v in fits.items() if k[0] == 'kad' and v['chosen'] == '1']}")
check("kad gamma shape", float(r["p1"]), float(r["p1_se"]), 9 / 4)
check("kad gamma scale (h)", float(r["p2"]), float(r["p2_se"]), 4 / 3 * 24)

nl = int(fits[("legevakt", "empirical")]["n"])
p = float(doc["units"]["legevakt"]["next"]["kad"])
check("legevakt -> kad", p, math.sqrt(0.3 * 0.7 / nl), 0.3)

units = doc["units"]
for u, kind, cap_key, cap in (("legevakt", "walk-in", "servers", 60), ("kad", "ward", "beds", 400)):
    ok = units[u]["kind"] == kind and 1 <= units[u][cap_key] <= cap
    print(f"{'ok  ' if ok else 'FAIL'} {u}: {units[u]['kind']}, {cap_key} {units[u][cap_key]} "
          f"(a lower bound of {cap})")
    failures += not ok

print(f"{failures} failure(s)")
sys.exit(1 if failures else 0)
