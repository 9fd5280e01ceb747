#!/usr/bin/python3
"""flow_memory.py SAMFLYT DIR: ingest memory does not grow with the file.

Writes a 40 MB stays CSV of 500 000 rows that are all skipped (end before
start), so no stay is kept, and checks that `samflyt flow` on it peaks
below 24 MB resident (the 1 MiB scan buffer, the report, the program;
10 MB measured): a reader that held the file, or its rows, would need
well over 40 MB. Not run under the sanitizers, whose shadow memory
dwarfs the figures.

The same for a pretty-printed FHIR Bundle of 40 MB whose 200 000 entries
are all Observations (skipped): the Bundle is read an entry at a time;
and for the same Bundle on one line (as a FHIR server answers)."""
import os
import resource
import subprocess
import sys

samflyt, d = sys.argv[1], sys.argv[2]
os.makedirs(d, exist_ok=True)


def check(path, what, expect):
    """samflyt flow on path, whose rows are all skipped: exit 1, expect in
    the report, and a peak below 24 MB (the largest of the runs so far)."""
    size = os.path.getsize(path)
    r = subprocess.run([samflyt, "flow", path], capture_output=True, text=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{size / 1e6:.0f} MB {what}: peak {peak:.1f} MB; exit {r.returncode}")
    ok = r.returncode == 1 and expect in r.stdout and peak < 24
    if not ok:
        print(r.stdout[-500:], r.stderr[-500:])
    return ok


path = os.path.join(d, "skipped.csv")
with open(path, "w") as f:
    f.write("patient,unit,org,start,end,from,to,class\n")
    for i in range(500000):
        f.write(f"p{i:07d},medisin,st-olav,2024-03-02T10:00:00,2024-03-01T10:00:00,akutt,,acute\n")
ok = check(path, "CSV, all rows skipped", "times out of order: 500000")

path = os.path.join(d, "bundle.json")
with open(path, "w") as f:
    f.write('{\n  "resourceType": "Bundle",\n  "type": "collection",\n  "entry": [\n')
    for i in range(200000):
        f.write(('    {\n      "fullUrl": "urn:uuid:%d",\n      "resource": {\n'
                 '        "resourceType": "Observation",\n        "status": "final",\n'
                 '        "code": {"text": "%s"}\n      }\n    }%s\n')
                % (i, "x" * 60, "," if i < 199999 else ""))
    f.write("  ]\n}\n")
ok = check(path, "Bundle, all entries skipped", "not an Encounter: 200000") and ok

# the same Bundle on one line, as FHIR servers answer: streamed too
path = os.path.join(d, "bundle1.json")
with open(path, "w") as f:
    f.write('{"resourceType":"Bundle","type":"searchset","entry":[')
    for i in range(200000):
        f.write('%s{"fullUrl":"urn:uuid:%d","resource":{"resourceType":"Observation",'
                '"status":"final","code":{"text":"%s"}}}' % ("," if i else "", i, "x" * 100))
    f.write("]}\n")
ok = check(path, "one-line Bundle, all entries skipped", "not an Encounter: 200000") and ok
sys.exit(0 if ok else 1)
