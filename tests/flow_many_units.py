#!/usr/bin/python3
"""flow_many_units.py FILE: writes a stays table with 40 units and 3000
patients (seeded, the same every time) whose report has more units, moves
and pathways than its charts draw: the length-of-stay chart keeps the 24
units with the most stays, the process map at most 40 arrows, the pathway
diagram 20 rows (tests/flow_charts_check.py checks each cut)."""
import datetime
import random
import sys

random.seed(3)
t0 = datetime.datetime(2024, 1, 1)
with open(sys.argv[1], "w") as f:
    f.write("patient,unit,start,end\n")
    for p in range(3000):
        t = random.randint(0, 300 * 24)
        for _ in range(random.randint(1, 4)):
            u = min(int(random.expovariate(0.12)), 39)
            d = int(random.lognormvariate(2 + u * 0.1, 1)) + 1
            s = t0 + datetime.timedelta(hours=t)
            e = s + datetime.timedelta(hours=d)
            f.write(f"p{p},U{u:02d},{s:%Y-%m-%dT%H:%M},{e:%Y-%m-%dT%H:%M}\n")
            t += d
