#!/usr/bin/python3
"""compare_report_check.py DIR: the report `samflyt compare --out DIR`
writes.

DIR/report.html must be one self-contained page (html_page.py) with at
least one chart, a ranking section exactly when compare.json has a ranking
(ranking.criteria), whose variants table lists compare.json's variants in
rank order with the same ranks, values and verdicts (meets all targets or
the target missed), and best-in shares summing to 100 %; and per scenario
a table whose rows are
compare.csv's rows for it, in order, less those identical in every
replication (n >= 2, diff 0, sd 0) and those neither variant has: unit,
base, scenario, difference and lo in the unit the row's data-scale says,
and * or ** as the significant and bonferroni columns say; a headline
above the charts; and every forest plot's dot at compare.json's base +
difference, the base line at its base (report_values.py)."""
import csv
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from html_page import Page, shown  # noqa: E402
import report_values as rv  # noqa: E402

d = sys.argv[1]
text = open(os.path.join(d, "report.html"), encoding="utf-8").read()
p = Page(text)
fail = p.fail
marks = rv.Marks(text)
rows = list(csv.DictReader(open(os.path.join(d, "compare.csv"))))
scen = []
want = {}
for r in rows:
    if r["scenario"] not in want:
        scen.append(r["scenario"])
        want[r["scenario"]] = []
    if r["base_mean"] == "" and r["scenario_mean"] == "":
        continue
    if r["n"] not in ("", "0", "1") and float(r["diff"] or "nan") == 0 and float(r["sd"] or "nan") == 0:
        continue
    mark = "**" if r["bonferroni"] == "1" else "*" if r["significant"] == "1" else ""
    want[r["scenario"]].append((f"{r['unit']}/{r['metric']}", r, mark))
# the scenario tables: in compare.csv's order, each row's base, scenario,
# difference and interval in the unit its data-scale says
got_rows = [(a, t) for a, t in marks.cells if "data-scale" in a and len(t) == 7]
k = 0
for s_name in scen:
    for key, r, mark in want[s_name]:
        if k >= len(got_rows):
            fail.append(f"scenario {s_name}: row {key} missing")
            break
        a, t = got_rows[k]
        k += 1
        sc = float(a["data-scale"])
        if a["data-key"] != key or t[0] != r["unit"] or t[6] != mark:
            fail.append(f"scenario {s_name}: row {a['data-key']} {t}, compare.csv {key} {mark}")
            continue
        for col, field in ((2, "base_mean"), (3, "scenario_mean"), (4, "diff"), (5, "lo")):
            if r[field] == "":
                if rv.number(t[col]) != "":
                    fail.append(f"{s_name} {key}: {field} shown {t[col]!r}, compare.csv none")
            elif not rv.same_shown(rv.number(t[col]), float(r[field]) * sc):
                fail.append(f"{s_name} {key}: {field} shown {t[col]!r}, compare.csv "
                            f"{r[field]} x {sc:g}")
if k != len(got_rows):
    fail.append(f"{len(got_rows)} rows in the scenario tables, compare.csv {k}")
j = json.load(open(os.path.join(d, "compare.json")))
weighted = bool((j.get("ranking") or {}).get("criteria"))
if weighted != ("ranking" in p.sections):
    fail.append(f"ranking {weighted}, ranking section {'ranking' in p.sections}")
if weighted:
    got = [r for r in p.tables["ranking"] if len(r) == 6 and r[0].isdigit()]
    jv = sorted(j["ranking"]["variants"], key=lambda v: (v["rank"], j["variants"].index(v["name"])))
    if [(int(r[0]), r[1]) for r in got] != [(v["rank"], v["name"]) for v in jv]:
        fail.append(f"ranking rows {[(r[0], r[1]) for r in got]}, compare.json "
                    f"{[(v['rank'], v['name']) for v in jv]}")
    for r, v in zip(got, jv):
        if r[2] != shown(repr(v["value"])):
            fail.append(f"{v['name']}: value {r[2]}, compare.json {v['value']}")
        if ("misses target" in r[5]) == v["meets_targets"]:
            fail.append(f"{v['name']}: verdict '{r[5]}', meets_targets {v['meets_targets']}")
    rk = list(csv.DictReader(open(os.path.join(d, "ranking.csv"))))
    if [(int(r["rank"]), r["variant"], r["meets_targets"]) for r in rk] != \
            [(v["rank"], v["name"], "1" if v["meets_targets"] else "0") for v in jv]:
        fail.append(f"ranking.csv {[(r['rank'], r['variant']) for r in rk]} differs from compare.json")
    share = sum(float(r[4]) for r in got if r[4] != "-")
    if abs(share - 100) > 0.5 * len(scen):
        fail.append(f"best-in shares sum to {share} %")
if p.svgs < 1 and "No scenario changes a key indicator" not in text:
    fail.append("no chart")
n_plot = rv.check_forests(marks, j, fail)
if "headline" not in p.sections or text.find('id="headline"') > text.find('id="charts"'):
    fail.append("no headline above the charts")
for f in fail:
    print("FAIL", f)
if not fail:
    print(f"report ok: {len(scen)} scenario tables equal to compare.csv, {p.svgs} charts, "
          f"{n_plot} dots at compare.json's levels, ranking {weighted}")
sys.exit(1 if fail else 0)
