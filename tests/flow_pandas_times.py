#!/usr/bin/python3
"""flow_pandas_times.py SAMFLYT OUTDIR: an independent check of the ingest
time handling (src/flow/timeparse.c, tz.c) and of what is kept, against
pandas and the system tz database.

Generates a stays CSV (3000 rows, fixed seed) whose start/end columns are
written in one export format per file (ISO local, ISO with offsets,
DD.MM.YYYY, MM/DD/YYYY with AM/PM, epoch seconds), with local times
crowded around the summer-time changes of 2021-2026 (the hours that do not
exist and that occur twice) and some rows with end before start. samflyt
flow reads each file and writes stays.csv with explicit offsets; pandas
parses the same input with its own parser and tz_localize('Europe/Oslo',
ambiguous=True (summer time first), nonexistent=+1 h), which is samflyt's
documented rule. Checks per file: the same rows kept (end >= start), every
start and end instant equal, and the length-of-stay sum per unit equal.
Exit 0 when all agree."""
import io
import os
import random
import subprocess
import sys

import pandas as pd

samflyt, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
rng = random.Random(20261125)
TZ = "Europe/Oslo"

# local wall-clock times: near the changes (last Sundays of March and
# October, 00:00-05:00) and anywhere in the year
changes = []
for y in range(2021, 2027):
    for m in (3, 10):
        d = max(pd.Timestamp(y, m, day) for day in range(25, 32) if pd.Timestamp(y, m, day).dayofweek == 6)
        changes.append(d)


def local_time():
    if rng.random() < 0.5:
        base = rng.choice(changes)
        return base + pd.Timedelta(minutes=rng.randrange(0, 5 * 60))
    return pd.Timestamp(2021, 1, 1) + pd.Timedelta(minutes=rng.randrange(0, 6 * 365 * 24 * 60))


rows = []
units = ["legevakt", "kad", "medisin", "kirurgi"]
for i in range(3000):
    s = local_time()
    e = s + pd.Timedelta(minutes=rng.randrange(-30, 3 * 24 * 60))  # some end before start
    rows.append((f"p{rng.randrange(800)}", rng.choice(units), s, e))


def fmt_iso(t): return t.strftime("%Y-%m-%d %H:%M")
def fmt_dot(t): return t.strftime("%d.%m.%Y %H:%M")
def fmt_us(t): return t.strftime("%m/%d/%Y %I:%M %p")


def localize(ts):
    return ts.dt.tz_localize(TZ, ambiguous=True, nonexistent=pd.Timedelta(hours=1))


# the instants pandas gives each row
idx = pd.Series([r[2] for r in rows])
jdx = pd.Series([r[3] for r in rows])
start_utc = localize(idx).dt.tz_convert("UTC")
end_utc = localize(jdx).dt.tz_convert("UTC")

files = {
    "iso_local": (fmt_iso, fmt_iso),
    "dot": (fmt_dot, fmt_dot),
    "us_ampm": (fmt_us, fmt_us),
}
fail = 0


def write(name, fs, fe, offsets=False):
    path = os.path.join(out, name + ".csv")
    with open(path, "w") as f:
        f.write("patient,unit,start,end\n")
        for k, (p, u, s, e) in enumerate(rows):
            if offsets:
                a = start_utc[k].tz_convert(TZ).isoformat()
                b = end_utc[k].tz_convert(TZ).isoformat()
            else:
                a, b = fs(s), fe(e)
            f.write(f"{p},{u},{a},{b}\n")
    return path


def check(name, path):
    global fail
    d = os.path.join(out, name)
    r = subprocess.run([samflyt, "flow", "-q", "-o", d, path], capture_output=True, text=True)
    if r.returncode != 0:
        print(f"{name}: samflyt flow failed: {r.stderr}")
        fail = 1
        return
    got = pd.read_csv(os.path.join(d, "stays.csv"), dtype=str, keep_default_na=False)
    got_s = pd.to_datetime(got["start"], utc=True)
    got_e = pd.to_datetime(got["end"], utc=True)
    # pandas: the rows kept are those with end >= start
    want = pd.DataFrame({"patient": [r[0] for r in rows], "unit": [r[1] for r in rows],
                         "start": start_utc, "end": end_utc})
    want = want[want["end"] >= want["start"]]
    key = lambda df: sorted(zip(df["patient"], df["unit"], df["start"].astype("int64"),
                                df["end"].astype("int64")))
    mine = pd.DataFrame({"patient": got["patient"], "unit": got["unit"], "start": got_s, "end": got_e})
    if len(mine) != len(want):
        print(f"{name}: samflyt kept {len(mine)} rows, pandas {len(want)}")
        fail = 1
        return
    a, b = key(mine), key(want)
    bad = [(x, y) for x, y in zip(a, b) if x != y]
    if bad:
        print(f"{name}: {len(bad)} rows differ, first: samflyt {bad[0][0]} pandas {bad[0][1]}")
        fail = 1
    los_m = ((mine["end"] - mine["start"]).dt.total_seconds()).groupby(mine["unit"]).sum()
    los_w = ((want["end"] - want["start"]).dt.total_seconds()).groupby(want["unit"]).sum()
    if not los_m.sort_index().equals(los_w.sort_index()):
        print(f"{name}: LOS sums differ: {los_m.to_dict()} vs {los_w.to_dict()}")
        fail = 1
    print(f"{name}: {len(mine)} stays agree with pandas (LOS seconds per unit {los_w.to_dict()})")


for name, (fs, fe) in files.items():
    check(name, write(name, fs, fe))
check("iso_offset", write("iso_offset", None, None, offsets=True))
# epoch seconds
path = os.path.join(out, "epoch.csv")
with open(path, "w") as f:
    f.write("patient,unit,start,end\n")
    for k, (p, u, s, e) in enumerate(rows):
        f.write(f"{p},{u},{int(start_utc[k].timestamp())},{int(end_utc[k].timestamp())}\n")
check("epoch", path)
sys.exit(fail)
