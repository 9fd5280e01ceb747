#!/usr/bin/python3
"""flow_report_check.py DIR: the report `samflyt flow --out DIR` writes.

DIR/report.html must be one self-contained page: balanced tags, nothing
fetched (no src, no link, no href but in-page anchors; the only URL the
SVG namespace), no script; two inline SVG charts (census over time, by
hour of the week) with a line per unit up to 12; a section per table of
metrics.json, each table's header as in its CSV; the units table cell by
cell as units.csv (numbers as the report prints them: whole numbers and
those from 1000 on without decimals, others to 4 significant digits); the census table cut to 48 rows
with a note giving the CSV's row count."""
import csv
import html.parser
import json
import math
import os
import re
import sys

d = sys.argv[1]
text = open(os.path.join(d, "report.html"), encoding="utf-8").read()
fail = []
VOID = {"meta", "line", "polyline", "br"}


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.tables, self.sections, self.svgs = [], {}, [], 0
        self.section = None
        self.cell = None
        self.row = None
        self.polylines = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("src", "href"):
            if k in a and not a[k].startswith("#"):
                fail.append(f"<{tag} {k}={a[k]}> fetches something")
        if tag in ("script", "link", "iframe", "img"):
            fail.append(f"<{tag}> in a self-contained report")
        if tag == "svg":
            self.svgs += 1
            self.polylines.append(0)
        if tag == "polyline":
            self.polylines[-1] += 1
        if tag == "section":
            self.section = a.get("id")
            self.sections.append(self.section)
            self.tables[self.section] = []
        if tag == "tr":
            self.row = []
        if tag in ("td", "th"):
            self.cell = ""
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag == "polyline" and self.polylines:
            self.polylines[-1] += 1

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            fail.append(f"</{tag}> does not close <{self.stack[-1] if self.stack else ''}>")
            return
        self.stack.pop()
        if tag in ("td", "th"):
            self.row.append(self.cell)
            self.cell = None
        if tag == "tr" and self.section:
            self.tables[self.section].append(self.row)

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


p = Page()
p.feed(text)
p.close()
if p.stack:
    fail.append(f"unclosed: {p.stack}")
urls = set(re.findall(r"https?://[^\"' <>]+", text))
if urls - {"http://www.w3.org/2000/svg"}:
    fail.append(f"URLs in the page: {urls}")
j = json.load(open(os.path.join(d, "metrics.json")))
tables = [k for k in j if k != "options"]
if p.sections != tables:
    fail.append(f"sections {p.sections}, tables {tables}")
units = list(csv.reader(open(os.path.join(d, "units.csv"))))
nunits = len(units) - 2  # header and (all)
if p.svgs != 2 or any(n < min(nunits, 12) for n in p.polylines):
    fail.append(f"{p.svgs} charts with {p.polylines} lines, expected 2 with at least {min(nunits, 12)}")


def shown(v):
    if v == "":
        return ""
    try:
        x = float(v)
    except ValueError:
        return v
    if math.isfinite(x) and (x == math.floor(x) or abs(x) >= 1000):
        return "%.0f" % x
    return "%.4g" % x


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
