#!/usr/bin/python3
"""run_report_check.py DIR: the report `samflyt run --out DIR` writes.

DIR/report.html must be one self-contained page (balanced tags, nothing
fetched, no script: html_page.py); three charts (occupancy and waits by
hour of the week, occupancy by month) with a line per unit that has the
figure; and a table per unit, the network and each population whose rows
are exactly summary.csv's rows with a mean for all classes (metric, unit
of measure, mean, and lo - hi as the report prints numbers)."""
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from html_page import Page, shown  # noqa: E402

d = sys.argv[1]
p = Page(open(os.path.join(d, "report.html"), encoding="utf-8").read())
fail = p.fail
rows = list(csv.DictReader(open(os.path.join(d, "summary.csv"))))
units = []
want = {}
for r in rows:
    # units and the network (all classes), and populations as pop:NAME;
    # per-class rows are in summary.csv only
    if r["unit"] == "population":
        key = "pop:" + r["class"]
    elif r["class"] == "":
        key = r["unit"]
    else:
        continue
    if key not in want:
        units.append(key)
        want[key] = [["metric", "unit of measure", "mean", "95 % interval"]]
    if shown(r["mean"]) == "":
        continue
    lo, hi = shown(r["lo"]), shown(r["hi"])
    want[key].append([r["metric"], r["unit_of_measure"], shown(r["mean"]),
                      f"{lo} – {hi}" if lo != "" else ""])
for u in units:
    if p.tables.get(u) != want[u]:
        got = p.tables.get(u)
        fail.append(f"table of {u} differs from summary.csv:\n  got  {got[:3] if got else got}\n"
                    f"  want {want[u][:3]}")
if p.svgs != 3 or min(p.polylines, default=0) < 1:
    fail.append(f"{p.svgs} charts with {p.polylines} lines, expected 3 with lines")
for f in fail:
    print("FAIL", f)
if not fail:
    print(f"report ok: {len(units)} tables equal to summary.csv, {p.svgs} charts")
sys.exit(1 if fail else 0)
