"""population_json.py: checks results.json of tests/data/population/access.yaml
against the travel-access shares worked out by hand in that file, and the
population rows against their own definition (contacts per 1,000 a year
from the row's arrivals and the population's size). Run with /usr/bin/python3."""
import json
import math
import sys

d = json.load(open(sys.argv[1]))
acc = d["travel_access"]
assert acc["minutes"] == [20, 45, 90], acc["minutes"]
rows = {p["name"]: p for p in acc["populations"]}
want = {
    "a": {"walk-in": [0.8, 0.8, 0.8], "ward": [0, 0, 0.5]},
    "b": {"walk-in": [None, None, None], "ward": [0, 0, 0]},
    "all": {"walk-in": [0.8, 0.8, 0.8], "ward": [0, 0, 500 / 1500]},
}
for name, kinds in want.items():
    for kind, shares in kinds.items():
        got = rows[name][kind]
        for g, w in zip(got, shares):
            assert (g is None and w is None) or abs(g - w) < 1e-9, (name, kind, got, shares)
assert rows["all"]["size"] == 1500

hours = d["horizon_hours"]
pops = {p["name"]: p for p in d["populations"]}
assert set(pops) == {"a", "b"}
b = pops["b"]
assert b["size"] == 500
for n, c in zip(b["replications"]["arrivals"], b["replications"]["contacts_per_1000"]):
    assert abs(c - n * 1000 / 500 * 8760 / hours) < 1e-6, (n, c)
# a makes no contacts: no demand names it
assert all(x == 0 for x in pops["a"]["replications"]["arrivals"])
# b lives 100 min from the hospital, the only unit its demand reaches
assert all(abs(t - 100) < 1e-9 for t in b["replications"]["travel_mean"])
assert all(t is None for t in pops["a"]["replications"]["travel_mean"])
print("population json ok")
