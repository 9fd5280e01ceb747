#!/usr/bin/python3
"""report.html of `samflyt sweep` against its sweep.json (tests/sweep.cmake).

Runs a sweep with -o, then reads the report's cells by their data-
attributes and checks every figure against sweep.json, recomputing what
the report derives: the heat map (one cell per configuration of the first
two decisions, its status and its first target's mean), the Pareto front
(the same configurations and costs, in order of cost) and the cost of
meeting each target (the cheapest configuration that ran and met it,
from the per-target verdicts; the last row is the answer). The page must
be self-contained: no script, nothing fetched.

usage: sweep_report_check.py SAMFLYT OUTDIR MODEL SWEEP-OPTIONS...
"""
import json
import os
import subprocess
import sys
from html.parser import HTMLParser


class Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.table = None
        self.heat, self.pareto, self.targets = [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.table = a.get("class")
        elif tag == "td" and self.table == "heat" and "data-config" in a:
            self.heat.append(a)
        elif tag == "tr" and self.table == "pareto" and "data-config" in a:
            self.pareto.append(a)
        elif tag == "td" and self.table == "pareto" and "data-objective" in a:
            self.pareto[-1]["data-objective"] = a["data-objective"]
        elif tag == "tr" and self.table == "targets" and "data-target" in a:
            self.targets.append(a)


def close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def main():
    exe, out = sys.argv[1], sys.argv[2]
    subprocess.run([exe, "sweep", "-q", *sys.argv[3:], "-o", out], check=True,
                   stdout=subprocess.DEVNULL)
    with open(os.path.join(out, "sweep.json")) as f:
        js = json.load(f)
    with open(os.path.join(out, "report.html")) as f:
        page = f.read()
    p = Cells()
    p.feed(page)
    fails = []
    if "<script" in page or "src=\"http" in page or "href=\"http" in page:
        fails.append("the page fetches or runs something")
    confs = {c["config"]: c for c in js["configurations"]}
    dec = js["decisions"]
    n0 = (dec[0]["hi"] - dec[0]["lo"]) // dec[0]["step"] + 1
    n1 = (dec[1]["hi"] - dec[1]["lo"]) // dec[1]["step"] + 1 if len(dec) > 1 else 1
    if len(p.heat) != n0 * n1:
        fails.append("heat map: %d cells, the grid of two decisions has %d" % (len(p.heat), n0 * n1))
    for cell in p.heat:
        c = confs[int(cell["data-config"])]
        if cell["data-status"] != c["status"]:
            fails.append("heat map config %s: %s, sweep.json %s" % (c["config"], cell["data-status"],
                                                                   c["status"]))
        if c["ran"] != ("data-mean" in cell) or \
                (c["ran"] and not close(float(cell["data-mean"]), c["estimates"][0]["mean"])):
            fails.append("heat map config %s: mean %s, sweep.json %s"
                         % (c["config"], cell.get("data-mean"), c["estimates"][:1]))
    front = sorted(js["pareto"], key=lambda k: (confs[k]["cost"], k))
    got = [int(r["data-config"]) for r in p.pareto]
    if got != front:
        fails.append("pareto: report %s, sweep.json %s" % (got, front))
    for r in p.pareto:
        if not close(float(r["data-cost"]), confs[int(r["data-config"])]["cost"]):
            fails.append("pareto config %s: cost %s" % (r["data-config"], r["data-cost"]))
        # with an objective, the front is cost against its mean
        want = confs[int(r["data-config"])].get("objective")
        if js.get("objective") and not (want and "data-objective" in r and
                                        close(float(r["data-objective"]), want["mean"])):
            fails.append("pareto config %s: objective %s, sweep.json %s"
                         % (r["data-config"], r.get("data-objective"), want))
    if js.get("objective"):
        # the headline names the objective and the answer
        if "The lowest mean of " + js["objective"]["objective"] not in page and \
                "The highest mean of " + js["objective"]["objective"] not in page:
            fails.append("the headline does not name the objective")
        if js["objective"]["ties"] and "<b>tie</b>" not in page:
            fails.append("a tie within delta is not said in the headline")
    nt = len(js["targets"])
    if len(p.targets) != nt + 1:
        fails.append("cost of each target: %d rows for %d targets" % (len(p.targets), nt))
    for r in p.targets:
        k = int(r["data-target"])
        if k < nt:
            met = [c for c in js["configurations"] if c["ran"] and c["estimates"][k]["met"]]
            want = min(met, key=lambda c: (c["cost"], c["config"]))["config"] if met else 0
        else:
            want = js["cheapest"]["config"] if js["cheapest"] else 0
        if int(r["data-config"]) != want or \
                (want and not close(float(r["data-cost"]), confs[want]["cost"])):
            fails.append("cost of target %d: report config %s, sweep.json says %s"
                         % (k, r["data-config"], want))
    print("report.html: %d heat-map cells, %d on the Pareto front, %d target rows, all as in "
          "sweep.json" % (len(p.heat), len(p.pareto), len(p.targets)))
    if fails:
        sys.exit("\n".join(fails))


main()
