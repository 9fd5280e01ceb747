#!/usr/bin/python3
"""booked_months_check.py SAMFLYT MODEL WORKDIR: a booked clinic's TNAA
and continuity by month add up to the year's figures.

Runs MODEL for one replication. Each month's TNAA is the mean over that
month's openings and its continuity the share of that month's listed
visits with the own doctor, so weighted by clinic_days and listed_visits
(also by month) they must give results.json's tnaa_days and
continuity_upc of the whole window, exactly but for rounding to 12
digits. by_month.csv must hold the same monthly figures. Run by CTest
with /usr/bin/python3."""
import csv
import json
import os
import subprocess
import sys

samflyt, model, work = sys.argv[1:4]
subprocess.run([samflyt, "run", model, "-q", "-r", "1", "--out", work], check=True)
res = json.load(open(os.path.join(work, "results.json")))
rows = list(csv.DictReader(open(os.path.join(work, "by_month.csv"))))
fails, checked = 0, 0


def check(ok, text):
    global fails
    print(f"{'ok  ' if ok else 'FAIL'} {text}")
    fails += not ok


for u in res["units"]:
    year = u["estimates"]
    if year["tnaa_days"]["mean"] is None:
        continue
    bm = u["by_month"]
    for metric, weight in (("tnaa_days", "clinic_days"), ("continuity_upc", "listed_visits")):
        x, w = bm[metric]["mean"], bm[weight]["mean"]
        num = sum(a * b for a, b in zip(x, w) if b)
        den = sum(b for b in w if b)
        want = year[metric]["mean"]
        got = num / den
        check(abs(got - want) <= 1e-9 * abs(want),
              f"{u['name']} {metric}: months weighted by {weight} {got:.12g}, year {want:.12g}")
        csv_x = [float(r[metric]) if r[metric] else None for r in rows if r["unit"] == u["name"]]
        check(all((a is None and b is None) or abs(a - b) <= 1e-11 * abs(b)
                  for a, b in zip(csv_x, x)) and len(csv_x) == 12,
              f"{u['name']} {metric}: by_month.csv = results.json")
        checked += 1
check(checked > 0, f"{checked} booked-clinic figures checked")
sys.exit(1 if fails else 0)
