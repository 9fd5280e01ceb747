#!/usr/bin/python3
"""A configuration whose values are the model's own gives exactly what
`samflyt run` gives (the overlay, emitted and reloaded, changes nothing
else; same seed and replications): tests/sweep.cmake.

usage: sweep_overlay_check.py SAMFLYT MODEL OUTDIR UNIT METRIC SWEEP-OPTIONS...
"""
import csv
import json
import os
import subprocess
import sys

exe, model, out, unit, metric = sys.argv[1:6]
subprocess.run([exe, "run", "-q", model, "-o", os.path.join(out, "run")], check=True,
               stdout=subprocess.DEVNULL)
subprocess.run([exe, "sweep", "-q", model, *sys.argv[6:], "--target", "%s.%s<=1e9" % (unit, metric),
                "-o", os.path.join(out, "sweep")], check=True, stdout=subprocess.DEVNULL)
with open(os.path.join(out, "run", "summary.csv")) as f:
    row = next(r for r in csv.DictReader(f) if r["unit"] == unit and r["metric"] == metric
               and not r.get("class"))
with open(os.path.join(out, "sweep", "sweep.json")) as f:
    est = json.load(f)["configurations"][0]["estimates"][0]
got = (est["mean"], est["lo"], est["hi"])
want = (float(row["mean"]), float(row["lo"]), float(row["hi"]))
print("run", want, "sweep", got)
if any(abs(a - b) > 1e-9 * max(1.0, abs(b)) for a, b in zip(got, want)):
    sys.exit("the sweep's configuration differs from run")
