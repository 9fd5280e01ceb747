#!/usr/bin/python3
"""flow_metrics_xcheck.py: recomputes census and length of stay with pandas
from DIR/stays.csv alone (epoch seconds), and compares them with the tables
samflyt wrote to DIR (flow_metrics_xcheck.c). An independent computation:
pandas explodes every stay into the hours it touches and sums overlaps,
where samflyt sweeps radix-sorted events; pandas converts to Europe/Oslo
with the system zoneinfo, where samflyt uses its own tz.c.

Checks: hourly time-weighted census per unit and for all units, the peak
census per unit, the hour-of-week profile (mean, p10, p50, p90), the
length-of-stay and wait distributions (n, mean, sd, min, percentiles, max),
episodes, transition counts and median gaps, readmissions by unit of
discharge and their median gap, the top pathway variants with median
durations and the directly-follows graph,
and that metrics.json parses and holds the same tables.
Exits 1 on the first mismatch, printing what differed.
usage: flow_metrics_xcheck.py DIR"""
import json
import sys

import numpy as np
import pandas as pd

d = sys.argv[1]
TOL = 1e-7  # figures are written with 12 significant digits
fail = []


def close(what, got, want):
    got = np.asarray(got, dtype=float)
    want = np.asarray(want, dtype=float)
    if got.shape != want.shape:
        fail.append(f"{what}: shape {got.shape} != {want.shape}")
        return
    both_nan = np.isnan(got) & np.isnan(want)
    bad = ~both_nan & ~(np.abs(got - want) <= TOL * np.maximum(1, np.abs(want)))
    if bad.any():
        i = np.flatnonzero(bad)[0]
        fail.append(f"{what}: {bad.sum()} differ, first at {i}: samflyt {got.flat[i]!r}, pandas {want.flat[i]!r}")


s = pd.read_csv(f"{d}/stays.csv")
units = sorted(s.unit.unique())

# ---- length of stay and waits --------------------------------------------
los = pd.read_csv(f"{d}/los.csv")
for measure, x in (("length_of_stay", (s.end - s.start) / 3600.0), ("wait", (s.start - s.arrive) / 3600.0)):
    frame = pd.DataFrame({"unit": s.unit, "x": x})
    for u in units + ["(all)"]:
        v = frame.x if u == "(all)" else frame.x[frame.unit == u]
        row = los[(los.unit == u) & (los.measure == measure)]
        if len(row) != 1:
            fail.append(f"los.csv: no row for {u} {measure}")
            continue
        row = row.iloc[0]
        want = [len(v), v.mean(), v.std(), v.min()] + [v.quantile(p) for p in (.1, .25, .5, .75, .9, .95)] + [v.max()]
        got = [row[c] for c in ("n", "mean_h", "sd_h", "min_h", "p10_h", "p25_h", "p50_h", "p75_h", "p90_h", "p95_h", "max_h")]
        close(f"{measure} {u}", got, want)

# ---- hourly census -------------------------------------------------------
h0 = (s.start.min() // 3600) * 3600
nh = int(-(-(s.end.max() - h0) // 3600))
pos = s[s.end > s.start].reset_index(drop=True)
hs = (pos.start - h0) // 3600
he = (pos.end - 1 - h0) // 3600
reps = (he - hs + 1).to_numpy()
rep = pos.loc[pos.index.repeat(reps)].reset_index(drop=True)
rep["h"] = np.repeat(hs.to_numpy(), reps) + rep.groupby(np.repeat(np.arange(len(pos)), reps)).cumcount().to_numpy()
lo = h0 + rep.h * 3600
rep["sec"] = np.minimum(rep.end, lo + 3600) - np.maximum(rep.start, lo)
want = (rep.groupby(["unit", "h"]).sec.sum() / 3600.0).unstack(fill_value=0.0).reindex(index=units, columns=range(nh), fill_value=0.0)
want.loc["(all)"] = want.sum()

cen = pd.read_csv(f"{d}/census.csv")
cen["h"] = ((pd.to_datetime(cen.time, utc=True).astype("int64") // 10**9 - h0) // 3600).astype(int)
got = cen.pivot(index="unit", columns="h", values="census_mean").reindex(index=units + ["(all)"], columns=range(nh))
close("hourly census", got.to_numpy(), want.loc[units + ["(all)"]].to_numpy())

# ---- peak: events in time order, ends before starts at equal times --------
unit_tab = pd.read_csv(f"{d}/units.csv").set_index("unit")
for u in units + ["(all)"]:
    p = pos if u == "(all)" else pos[pos.unit == u]
    ev = pd.DataFrame({"t": np.concatenate([p.start, p.end]), "k": np.concatenate([np.ones(len(p)), -np.ones(len(p))])})
    ev = ev.sort_values(["t", "k"], kind="mergesort")
    close(f"peak {u}", [unit_tab.loc[u, "peak"]], [ev.k.cumsum().max()])

# ---- hour-of-week profile in Europe/Oslo ---------------------------------
local = pd.to_datetime(h0 + np.arange(nh) * 3600, unit="s", utc=True).tz_convert("Europe/Oslo")
how = local.dayofweek * 24 + local.hour
prof = pd.read_csv(f"{d}/census_profile.csv")
for u in units + ["(all)"]:
    series = pd.Series(want.loc[u].to_numpy(), index=how)
    g = series.groupby(level=0)
    exp = pd.DataFrame({"mean": g.mean(), "p10": g.quantile(.1), "p50": g.quantile(.5), "p90": g.quantile(.9), "hours": g.size()}).reindex(range(168))
    got = prof[prof.unit == u].set_index("hour_of_week").reindex(range(168))
    for c in ("mean", "p10", "p50", "p90"):
        close(f"profile {u} {c}", got[c].to_numpy(), exp[c].to_numpy())
    close(f"profile hours {u}", got.hours.to_numpy(), exp.hours.fillna(0).to_numpy())

# ---- episodes, transitions, readmissions (docs/metrics.md) ----------------
# Rows in the order samflyt walks them: by patient, start, end, ties in file
# order (a stable sort); arrival = arrive (the generator's arrive <= start).
w = s.reset_index().sort_values(["patient", "start", "end", "index"], kind="mergesort").reset_index(drop=True)
first = w.patient.ne(w.patient.shift())
prev_max_end = w.groupby("patient").end.cummax().shift()
new_ep = first | ((w.arrive - prev_max_end) >= 8 * 3600)
w["ep"] = new_ep.cumsum()
last = w.ep.ne(w.ep.shift(-1))
pairs = pd.DataFrame({"from": np.where(new_ep, "(outside)", w.unit.shift().fillna("")), "to": w.unit,
                      "gap": np.where(new_ep, np.nan, (w.arrive - w.end.shift()) / 3600.0)})
pairs = pd.concat([pairs, pd.DataFrame({"from": w.unit[last], "to": "(home)", "gap": np.nan})])
want_t = pairs.groupby(["from", "to"]).gap.agg(["size", "median"])
got_t = pd.read_csv(f"{d}/transitions.csv").set_index(["from", "to"])
if set(want_t.index) != set(got_t.index):
    fail.append(f"transition pairs differ: {sorted(set(want_t.index) ^ set(got_t.index))[:5]}")
else:
    got_t = got_t.loc[want_t.index]
    close("transition counts", got_t["count"].to_numpy(), want_t["size"].to_numpy())
    close("transition median gaps", got_t["gap_p50_h"].to_numpy(), want_t["median"].to_numpy())
ep = w.groupby("ep").agg(patient=("patient", "first"), arr=("arrive", "first"), end=("end", "max"), unit=("unit", "last"))
nxt_gap = ep.arr.shift(-1) - ep.end
same = ep.patient.eq(ep.patient.shift(-1))
ep["readmit"] = same & (nxt_gap >= 8 * 3600) & (nxt_gap <= 30 * 86400)
summ = pd.read_csv(f"{d}/summary.csv").set_index("metric").value
close("episodes", [summ["episodes"]], [len(ep)])
close("readmissions", [summ["readmissions"]], [ep.readmit.sum()])
close("readmission median gap (days)", [summ["readmission_gap_p50_days"]], [(nxt_gap[ep.readmit] / 86400).median()])
by_unit = ep.groupby("unit").agg(disch=("readmit", "size"), re=("readmit", "sum"))
for u in units:
    close(f"discharges {u}", [unit_tab.loc[u, "discharges"]], [by_unit.disch.get(u, 0)])
    close(f"readmissions {u}", [unit_tab.loc[u, "readmissions"]], [by_unit.re.get(u, 0)])

# ---- pathway variants and the directly-follows graph ----------------------
# The variant of an episode: its units with consecutive repeats merged;
# duration from the first arrival to the last end. Top 10 by count, ties
# by the unit names in order.
blocks = w[new_ep | w.unit.ne(w.unit.shift())]  # first row of each merged block
seqs = blocks.groupby("ep").unit.agg(tuple)
dur = (ep.end - ep.arr) / 3600.0
vt = pd.DataFrame({"seq": seqs, "dur": dur})
vc = vt.groupby("seq").dur.agg(["size", "median"]).reset_index()
vc = sorted(vc.itertuples(index=False), key=lambda r: (-r[1], list(r[0])))[:10]
got_v = pd.read_csv(f"{d}/variants.csv")
if len(got_v) != len(vc):
    fail.append(f"variants: {len(got_v)} listed, pandas {len(vc)}")
else:
    for (seq, n, med), (_, g) in zip(vc, got_v.iterrows()):
        if g.variant != " > ".join(seq) or g.episodes != n or abs(g.duration_p50_h - med) > TOL * max(1, med):
            fail.append(f"variant rank {g['rank']}: samflyt {g.variant} {g.episodes} {g.duration_p50_h}, pandas {' > '.join(seq)} {n} {med}")
            break
close("variant count", [summ["variants"]], [len(vt.seq.unique())])
# DFG: edges of the merged sequence, time from arriving at a to arriving
# at b (to the episode's end for home)
b = blocks.assign(nxt_unit=blocks.groupby("ep").unit.shift(-1), nxt_arr=blocks.groupby("ep").arrive.shift(-1))
b["to"] = b.nxt_unit.fillna("(home)")
b["t"] = (b.nxt_arr.fillna(b.ep.map(ep.end)) - b.arrive) / 3600.0
firsts = blocks.groupby("ep").unit.first()
dfg_w = pd.concat([b[["unit", "to", "t"]].rename(columns={"unit": "from"}),
                   pd.DataFrame({"from": "(outside)", "to": firsts.values, "t": np.nan})])
want_d = dfg_w.groupby(["from", "to"]).t.agg(["size", "median"])
got_d = pd.read_csv(f"{d}/dfg.csv").set_index(["from", "to"])
if set(want_d.index) != set(got_d.index):
    fail.append("dfg edges differ")
else:
    got_d = got_d.loc[want_d.index]
    close("dfg counts", got_d["count"].to_numpy(), want_d["size"].to_numpy())
    close("dfg median times", got_d["time_p50_h"].to_numpy(), want_d["median"].to_numpy())

# ---- metrics.json holds the same tables as the CSV files ------------------
with open(f"{d}/metrics.json") as fh:
    js = json.load(fh)
for table in ("los", "units", "census_profile", "transitions"):
    csv = pd.read_csv(f"{d}/{table}.csv")
    jt = pd.DataFrame(js[table])
    if list(jt.columns) != list(csv.columns) or len(jt) != len(csv):
        fail.append(f"metrics.json {table}: columns or rows differ from {table}.csv")
        continue
    for c in csv.columns:
        if csv[c].dtype.kind in "fi":
            close(f"metrics.json {table}.{c}", jt[c].astype(float).to_numpy(), csv[c].to_numpy())

if fail:
    print("\n".join(fail))
    sys.exit(1)
print(f"pandas agrees: {len(s)} stays, {len(units)} units, {nh} hours, {len(ep)} episodes: census, peak, profile, LOS, waits, transitions, readmissions, variants, DFG")
