#!/usr/bin/python3
"""pandas_flow.py STAYS.csv: the pandas peer of `samflyt flow` in the
Analyze benchmark (bench/run.sh (h)). Reads the stays CSV that
bench/gen_stays.c writes and computes, in idiomatic vectorised pandas/numpy,
the same indicators samflyt computes (docs/metrics.md):

  - length of stay per unit: n, mean, sd, p10/p25/p50/p75/p90/p95, max;
  - census per unit: the hourly time-weighted mean over the data's hours,
    its peak, and its hour-of-week profile (mean, p10, p50, p90);
  - arrivals per unit by hour of week and by month;
  - transition counts between units (outside/home included);
  - readmissions: episodes (stays of a patient less than 8 h apart) and
    new episodes 8 h to 30 days after the previous one ended;
  - pathway variants of those episodes (count, median duration) and the
    directly-follows graph (count, median time per edge).

Not computed here (samflyt does): patients shared between organisations
(pairwise within a window: no vectorised form), waits (arrive = start in
these files), continuity, zones and ready days (the bench files have no
provider, zone or ready column, so samflyt finds nothing to compute).

Times are read as naive local times (the generator writes no offsets), so
hour of week and month are the clock's. Prints key=value lines (rows=...,
readmissions=...) that bench/run.sh reads. Needs Debian's python3-pandas
in /usr/bin/python3."""
import sys

import numpy as np
import pandas as pd

path = sys.argv[1]
df = pd.read_csv(
    path,
    dtype={"patient": "category", "unit": "category", "org": "category", "from": "category",
           "to": "category", "class": "category"},
    parse_dates=["start", "end"],
    infer_datetime_format=True,
)
rows = len(df)
start = df["start"].values.astype("datetime64[s]").astype(np.int64)
end = df["end"].values.astype("datetime64[s]").astype(np.int64)
los_h = (end - start) / 3600.0
df["los_h"] = los_h

# length of stay
los = df.groupby("unit", observed=True)["los_h"].describe(percentiles=[.1, .25, .5, .75, .9, .95])

# census: exact time-weighted mean per hour, per unit
t0 = start.min() // 3600 * 3600
t1 = end.max()
hours = np.arange(t0, t1 + 3600, 3600)
census = {}
peaks = {}
codes = df["unit"].cat.codes.values
for k, unit in enumerate(df["unit"].cat.categories):
    sel = codes == k
    s = np.sort(start[sel])
    e = np.sort(end[sel])
    pts = np.unique(np.concatenate([s, e, hours]))
    level = np.searchsorted(s, pts, side="right") - np.searchsorted(e, pts, side="right")
    area = level[:-1] * np.diff(pts)
    hour = (pts[:-1] - t0) // 3600
    c = np.bincount(hour, weights=area, minlength=len(hours)) / 3600.0
    census[unit] = c
    peaks[unit] = int(level.max())
census = pd.DataFrame(census, index=pd.to_datetime(hours[: len(next(iter(census.values())))], unit="s"))
how = census.index.dayofweek * 24 + census.index.hour
profile = census.groupby(how).quantile([.1, .5, .9]).unstack()
profile_mean = census.groupby(how).mean()

# arrivals by hour of week and month
st = pd.to_datetime(start, unit="s")
arr_how = df.groupby([df["unit"], st.dayofweek * 24 + st.hour], observed=True).size()
arr_month = df.groupby([df["unit"], st.month], observed=True).size()

# transitions (from and to are in the data: outside/home are empty)
trans = df.groupby([df["from"].cat.add_categories("outside").fillna("outside"),
                    df["unit"]], observed=True).size()
trans_out = df.groupby([df["unit"], df["to"].cat.add_categories("home").fillna("home")],
                       observed=True).size()

# readmissions: episodes of stays less than 8 h apart
o = np.lexsort((start, df["patient"].cat.codes.values))
pat = df["patient"].cat.codes.values[o]
s_o = start[o]
e_o = pd.Series(end[o]).groupby(pat).cummax().values
new_pat = np.r_[True, pat[1:] != pat[:-1]]
prev_end = np.r_[0, e_o[:-1]]
gap = s_o - prev_end
new_ep = new_pat | (gap >= 8 * 3600)
readmit = (~new_pat) & new_ep & (gap >= 8 * 3600) & (gap <= 30 * 86400)
episodes = int(new_ep.sum())

# pathway variants and the directly-follows graph of the same episodes
# (docs/metrics.md): each episode's unit sequence with consecutive repeats
# merged, counted, with the median episode duration (first arrival to last
# end); DFG edges outside -> first unit -> ... -> last unit -> home with
# the median time from arriving at one to arriving at the next (to the
# episode's end for home). The bench files have arrive = start.
ep = np.cumsum(new_ep) - 1
u_o = codes[o]
keep = new_ep | np.r_[True, u_o[1:] != u_o[:-1]]
names = np.asarray(df["unit"].cat.categories, dtype=object)
ep_k = ep[keep]
var = pd.Series(names[u_o[keep]]).groupby(ep_k).agg(" > ".join)
first = np.flatnonzero(new_ep)
ep_end = np.maximum.reduceat(end[o], first)
dur_h = (ep_end - s_o[first]) / 3600.0
vstats = pd.DataFrame({"variant": var.values, "dur": dur_h}).groupby("variant")["dur"].agg(
    ["size", "median"]).reset_index()
top = vstats.sort_values(["size", "variant"], ascending=[False, True]).head(10)
a_k = s_o[keep]
last_k = np.r_[ep_k[1:] != ep_k[:-1], True]
nxt_u = np.r_[u_o[keep][1:], -1]
nxt_t = np.r_[a_k[1:], 0]
to_u = np.where(last_k, len(names), nxt_u)
step = np.where(last_k, ep_end[ep_k] - a_k, nxt_t - a_k) / 3600.0
dfg = pd.DataFrame({"from": u_o[keep], "to": to_u, "h": step}).groupby(["from", "to"])["h"].agg(
    ["size", "median"])
n_dfg = len(dfg) + len(np.unique(u_o[first]))

print(f"rows={rows} units={len(los)} episodes={episodes} readmissions={int(readmit.sum())} "
      f"hours={len(census)} transitions={len(trans) + len(trans_out)} "
      f"mean_los_h={los_h.mean():.4f} peak_total={sum(peaks.values())} "
      f"variants={len(vstats)} top_variant={top['size'].iloc[0]} dfg_edges={n_dfg}")
