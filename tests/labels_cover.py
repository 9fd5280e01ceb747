#!/usr/bin/python3
"""labels_cover.py SAMFLYT LABELS_TOOL EXAMPLES OUT: every metric key samflyt
writes has a display name in English, bokmål and Swedish and a unit
(src/report/labels.c), so a new metric without a label fails make check.

The keys are walked in real output of the shipped examples: results.json
of `samflyt run` (the metrics list, every unit's and population's
estimates, by_hour and by_month), compare.json of `samflyt compare` (the
metric of every difference) and metrics.json of `samflyt flow` (the
summary's metrics, every numeric column of its tables and the LOS
measures). A name must not be the key itself nor hold an underscore."""
import glob
import json
import os
import subprocess
import sys

sam, tool, ex, out = sys.argv[1:5]
labels = {}
for line in subprocess.run([tool, "keys"], capture_output=True, text=True, check=True).stdout.splitlines():
    key, unit, *names = line.split("\t")
    labels[key] = (unit, names)
fail = []
for key, (unit, names) in labels.items():
    if not unit or len(names) != 3 or any(not n or "_" in n or n == key and "_" in key for n in names):
        fail.append(f"label of {key}: unit {unit!r}, names {names}")

seen = {}


def need(key, where):
    seen.setdefault(key, where)


IDENT = {"hour", "hour_of_week", "month", "rank", "weekday"}
for model in sorted(glob.glob(os.path.join(ex, "*", "model.yaml"))):
    name = os.path.basename(os.path.dirname(model))
    d = os.path.join(out, "run-" + name)
    subprocess.run([sam, "run", "-q", "-r", "2", "-o", d, model], check=True, capture_output=True)
    j = json.load(open(os.path.join(d, "results.json")))
    for m in j["metrics"]:
        need(m["name"], f"{name}/results.json metrics")
    for u in j["units"] + [j["network"]] + j.get("populations", []):
        for k in u.get("estimates", {}):
            need(k, f"{name}/results.json estimates")
        for part in ("by_hour", "by_month"):
            for k in u.get(part, {}):
                need(k, f"{name}/results.json {part}")
for name in ("roros", "karlskoga"):
    d = os.path.join(out, "compare-" + name)
    subprocess.run([sam, "compare", "-q", "-r", "2", "-o", d, os.path.join(ex, name, "model.yaml")],
                   check=True, capture_output=True)
    for r in json.load(open(os.path.join(d, "compare.json")))["differences"]:
        need(r["metric"], f"{name}/compare.json")
for data in sorted(glob.glob(os.path.join(ex, "*", "stays.csv.gz"))):
    name = os.path.basename(os.path.dirname(data))
    d = os.path.join(out, "flow-" + name)
    subprocess.run([sam, "flow", "-q", "-o", d, data], check=True, capture_output=True)
    j = json.load(open(os.path.join(d, "metrics.json")))
    for s in j["summary"]:
        need(s["metric"], f"{name}/metrics.json summary")
    for table, rows in j.items():
        if table == "summary" or not isinstance(rows, list):
            continue
        for row in rows:
            for k, v in row.items():
                if isinstance(v, (int, float)) and not isinstance(v, bool) and k not in IDENT:
                    need(k, f"{name}/metrics.json {table}")
                if k == "measure":
                    need(v, f"{name}/metrics.json {table}")
missing = sorted(k for k in seen if k not in labels)
for k in missing:
    fail.append(f"no label for {k} (from {seen[k]})")
for f in fail:
    print("FAIL", f)
if not fail:
    print(f"labels ok: {len(seen)} keys in the examples' output, all {len(labels)} labels named in 3 languages")
sys.exit(1 if fail else 0)
