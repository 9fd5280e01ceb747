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
metric, unit of measure, base, scenario, difference, lo - hi, and * or **
as the significant and bonferroni columns say."""
import csv
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from html_page import Page, shown  # noqa: E402

d = sys.argv[1]
p = Page(open(os.path.join(d, "report.html"), encoding="utf-8").read())
fail = p.fail
rows = list(csv.DictReader(open(os.path.join(d, "compare.csv"))))
scen = []
want = {}
for r in rows:
    if r["scenario"] not in want:
        scen.append(r["scenario"])
        want[r["scenario"]] = [["unit", "indicator", "unit of measure", "base", "scenario",
                                "difference", "95 % interval", ""]]
    if r["base_mean"] == "" and r["scenario_mean"] == "":
        continue
    if r["n"] not in ("", "0", "1") and float(r["diff"] or "nan") == 0 and float(r["sd"] or "nan") == 0:
        continue
    lo, hi = shown(r["lo"]), shown(r["hi"])
    mark = "**" if r["bonferroni"] == "1" else "*" if r["significant"] == "1" else ""
    want[r["scenario"]].append([r["unit"], r["metric"], r["unit_of_measure"], shown(r["base_mean"]),
                                shown(r["scenario_mean"]), shown(r["diff"]),
                                f"{lo} – {hi}" if lo != "" else "", mark])
for k, s in enumerate(scen):
    got = p.tables.get(f"s{k + 1}")
    if got != want[s]:
        bad = next((i for i in range(min(len(got or []), len(want[s]))) if got[i] != want[s][i]), None)
        fail.append(f"scenario {s}: {len(got or [])} rows, compare.csv {len(want[s])}; first "
                    f"difference at row {bad}: {got[bad] if bad is not None else ''} / "
                    f"{want[s][bad] if bad is not None else ''}")
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
if p.svgs < 1:
    fail.append("no chart")
for f in fail:
    print("FAIL", f)
if not fail:
    print(f"report ok: {len(scen)} scenario tables equal to compare.csv, {p.svgs} charts, "
          f"ranking {weighted}")
sys.exit(1 if fail else 0)
