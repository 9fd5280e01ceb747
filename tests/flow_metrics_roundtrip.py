#!/usr/bin/python3
"""flow_metrics_roundtrip.py: the simulator and the flow metrics measure
the same flow. `samflyt run --trace` writes every stay of replication 1
that ends in the horizon; `samflyt flow` reads that trace and computes the
metrics. Per unit, the simulator's own figures (replications.csv) must
come back (docs/trace.md says which stays the trace holds):
  stays               = throughput x horizon days
  los_mean (arrive to end) = LOS mean (start to end) + wait mean (arrive to start)
  blocked             = stays with ready days
  blocked_bed_days    = ready days
Trace times are rounded to the second, so means agree within 1 s (in
hours), sums within 1 s per stay.
usage: flow_metrics_roundtrip.py RUN_DIR FLOW_DIR HORIZON_DAYS"""
import csv
import sys

run, flow, days = sys.argv[1], sys.argv[2], float(sys.argv[3])
sim = {r["unit"]: r for r in csv.DictReader(open(f"{run}/replications.csv")) if r["replication"] == "1" and not r["class"]}
los = {(r["unit"], r["measure"]): r for r in csv.DictReader(open(f"{flow}/los.csv"))}
units = {r["unit"]: r for r in csv.DictReader(open(f"{flow}/units.csv"))}
fail = []
checked = 0
for u, s in sim.items():
    if u == "network" or u not in units:
        if u != "network":
            fail.append(f"{u}: in the simulation, not in the trace's metrics")
        continue
    n = int(los[(u, "length_of_stay")]["n"])
    want_n = float(s["throughput"]) * days
    if abs(n - want_n) > 1e-6 * max(1, want_n):
        fail.append(f"{u}: {n} stays in the trace, simulator throughput x days = {want_n}")
    got = float(los[(u, "length_of_stay")]["mean_h"]) + float(los[(u, "wait")]["mean_h"] or 0)
    if abs(got - float(s["los_mean"])) > 1.0 / 3600:
        fail.append(f"{u}: LOS + wait {got} h, simulator los_mean {s['los_mean']} h")
    if int(units[u]["ready_stays"]) != int(float(s["blocked"])):
        fail.append(f"{u}: {units[u]['ready_stays']} stays with ready days, simulator blocked {s['blocked']}")
    rd, want = float(units[u]["ready_days"]), float(s["blocked_bed_days"])
    if abs(rd - want) > (int(units[u]["ready_stays"]) + 1) / 86400.0:
        fail.append(f"{u}: {rd} ready days, simulator blocked_bed_days {want}")
    checked += 1
if checked < 2:
    fail.append(f"only {checked} units compared")
if fail:
    print("\n".join(fail))
    sys.exit(1)
print(f"round trip agrees: {checked} units, stays, LOS, waits, ready days")
