#!/usr/bin/python3
"""run_report_check.py DIR: the report `samflyt run --out DIR` writes.

DIR/report.html must be one self-contained page (balanced tags, nothing
fetched, no script: html_page.py) that answers first: a headline section
with sentences, then occupancy against capacity as small multiples (one
panel per unit with occupancy, by hour of the week and by month); every
plotted value (mean line, 95 % band, capacity line, the booked clinic's
days to appointment and TNAA) equal to results.json's figure times the
chart's scale (report_values.py); and a table of every figure whose cells
are exactly summary.csv's means for all classes (units, the network and
each population), in the unit the cell's data-scale says."""
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from html_page import Page  # noqa: E402
import report_values as rv  # noqa: E402

d = sys.argv[1]
text = open(os.path.join(d, "report.html"), encoding="utf-8").read()
p = Page(text)
fail = p.fail
marks = rv.Marks(text)
results = rv.load(os.path.join(d, "results.json"))
for sec in ("headline", "occupancy", "units"):
    if sec not in p.sections:
        fail.append(f"no {sec} section")
if "<svg" in text and text.find('id="headline"') > text.find("<svg"):
    fail.append("the headline is not above the charts")
if text.count("<li>", text.find('id="headline"'), text.find('id="occupancy"')) < 1:
    fail.append("the headline states nothing")
# one occupancy panel per unit with occupancy, twice (week and year)
occ = [u["name"] for u in results["units"]
       if u["estimates"]["occupancy_mean"]["mean"] is not None
       and u["estimates"]["capacity_mean"]["mean"] is not None]
drawn = [a["data-key"] for s, m in marks.svgs for t, a in m
         if t == "polyline" and a.get("class") == "mean" and "/occupancy_mean/" in a["data-key"]]
for u in occ:
    for part in ("by_hour", "by_month"):
        if f"{u}/occupancy_mean/{part}" not in drawn:
            fail.append(f"no occupancy chart of {u} {part}")
# a booked clinic: TNAA and continuity by month beside its days to
# appointment (their values are checked with every panel below)
booked = [u["name"] for u in results["units"] if u["estimates"]["tnaa_days"]["mean"] is not None]
for u in booked:
    for metric in ("wait_mean", "tnaa_days", "continuity_upc"):
        if f"{u}/{metric}/by_month" not in drawn + [
                a["data-key"] for s, m in marks.svgs for t, a in m
                if t == "polyline" and a.get("class") == "mean"]:
            fail.append(f"no {metric} by month chart of the booked clinic {u}")
n_plot = rv.check_panels(marks, results, fail)
# the table of every figure: summary.csv's means, cell by cell
want = {}
for r in csv.DictReader(open(os.path.join(d, "summary.csv"))):
    if r["unit"] == "population":
        key = "pop:" + r["class"]
    elif r["class"] == "":
        key = r["unit"]
    else:
        continue
    if r["mean"] != "":
        want[f"{key}/{r['metric']}"] = float(r["mean"])
got = {}
for a, texts in marks.cells:
    if "data-scale" in a and a["data-key"].count("/") == 1:
        got[a["data-key"]] = (float(a["data-scale"]), texts[0])
for k, mean in want.items():
    if k not in got:
        fail.append(f"{k}: in summary.csv, not in the report's table")
        continue
    scale, t = got[k]
    if not rv.same_shown(rv.number(t), mean * scale):
        fail.append(f"{k}: the report shows {t!r}, summary.csv {mean} x {scale:g} = "
                    f"{rv.shown(mean * scale)}")
for k in got:
    if k not in want:
        fail.append(f"{k}: in the report, no mean in summary.csv")
# people who come back: every cell of the persons section against
# results.json's "persons" (mean x scale), and none missing
n_persons = 0
if "persons" in results:
    ps = results["persons"]
    rows = {r["name"]: r for r in ps["units_of_discharge"]}
    rows["network"] = ps["network"]
    shown = {a["data-key"]: (float(a["data-scale"]), texts[0]) for a, texts in marks.cells
             if a["data-key"].startswith("persons/")}
    for name, row in rows.items():
        for metric, e in row["estimates"].items():
            k = f"persons/{name}/{metric}"
            if e["mean"] is None or (metric == "discharges" and e["mean"] == 0):
                continue
            if name != "network" and rows[name]["estimates"]["discharges"]["mean"] == 0:
                continue
            if k not in shown:
                fail.append(f"{k}: in results.json, not in the report's persons section")
                continue
            scale, t = shown[k]
            if not rv.same_shown(rv.number(t), e["mean"] * scale):
                fail.append(f"{k}: the report shows {t!r}, results.json {e['mean']} x {scale:g}")
            n_persons += 1
    if n_persons == 0:
        fail.append("results.json has persons, the report shows none")
for f in fail:
    print("FAIL", f)
if not fail:
    print(f"report ok: {len(want)} figures equal to summary.csv, {p.svgs} charts, "
          f"{n_plot} plotted values equal to results.json, {n_persons} people figures")
sys.exit(1 if fail else 0)
