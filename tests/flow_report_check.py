#!/usr/bin/python3
"""flow_report_check.py DIR: the report `samflyt flow --out DIR` writes.

DIR/report.html must be one self-contained page: balanced tags, nothing
fetched (no src, no link, no href but in-page anchors; the only URL the
SVG namespace), no script; first two inline SVG charts (census over time,
by hour of the week) with a line per unit up to 12; a section per table of
metrics.json, each table's header as in its CSV; the units table cell by
cell as units.csv (numbers as the report prints them: whole numbers and
those from 1000 on without decimals, others to 4 significant digits); the census table cut to 48 rows
with a note giving the CSV's row count."""
import csv
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from html_page import Page, shown  # noqa: E402

d = sys.argv[1]
text = open(os.path.join(d, "report.html"), encoding="utf-8").read()
p = Page(text)
fail = p.fail
j = json.load(open(os.path.join(d, "metrics.json")))
tables = [k for k in j if k != "options"]
if p.sections != tables:
    fail.append(f"sections {p.sections}, tables {tables}")
units = list(csv.reader(open(os.path.join(d, "units.csv"))))
nunits = len(units) - 2  # header and (all)
# the two census charts come first (the diagrams: flow_charts_check.py)
if p.svgs < 2 or any(n < min(nunits, 12) for n in p.polylines[:2]):
    fail.append(f"{p.svgs} charts with {p.polylines} lines, expected 2 with at least {min(nunits, 12)}")


for name in tables:
    header = next(csv.reader(open(os.path.join(d, name + ".csv"))))
    if not p.tables.get(name) or p.tables[name][0] != header:
        fail.append(f"{name}: header {p.tables.get(name, [[]])[0]}, CSV {header}")
want = [[shown(v) for v in r] for r in units]
if p.tables["units"] != want:
    fail.append(f"units table differs from units.csv:\n{p.tables['units'][:3]}\n{want[:3]}")
ncensus = sum(1 for _ in open(os.path.join(d, "census.csv"))) - 1
if len(p.tables["census"]) != 1 + min(48, ncensus):
    fail.append(f"census: {len(p.tables['census']) - 1} rows shown of {ncensus}")
if ncensus > 48 and f"The first 48 of {ncensus} rows" not in text:
    fail.append("census: no note saying where the other rows are")
for f in fail:
    print("FAIL", f)
if not fail:
    print(f"report ok: {len(tables)} sections, {p.svgs} charts, {nunits} units, census {ncensus} rows")
sys.exit(1 if fail else 0)
