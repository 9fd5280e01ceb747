#!/usr/bin/python3
"""Time of one what-if through `samflyt serve`, per shipped example.

usage: bench/serve_whatif.py SAMFLYT [N] [THREADS]

Starts `SAMFLYT serve examples --port 0 --threads THREADS` (default 2),
then for each examples/*/model.yaml posts N (default 7) what-ifs one after
another: 1, 2, ... N+1 more beds on the model's first ward (or servers on its
first walk-in unit: a new variant each time), with the model's replications
and seed. Each request
runs the base and the variant (common random numbers) and compares them.
The server keeps the base run of a model (same file, replications, seed),
so the first what-if on a model runs base and variant and the next ones the
variant only. Prints, per model, the wall time of the whole HTTP request as
the client sees it (the first, then the median and slowest of the others),
the server's CPU time per warm request (from /proc, which the machine's
load does not inflate as it does wall time), and marks a warm median over
the 1 s target."""

import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time

samflyt = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 7
threads = sys.argv[3] if len(sys.argv) > 3 else "2"
here = os.path.dirname(os.path.abspath(__file__))
examples = os.path.join(here, "..", "examples")

p = subprocess.Popen([samflyt, "serve", examples, "--port", "0", "--threads", threads],
                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
port = int(p.stdout.readline().split("port")[1].split()[0])
p.stdout.readline()
threading.Thread(target=p.stdout.read, daemon=True).start()


def cpu():
    f = open("/proc/%d/stat" % p.pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


def call(method, path, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    c.request(method, path, body=body, headers={"Content-Type": "application/json"})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, json.loads(data)


try:
    st, files = call("GET", "/api/files")
    print("what-if through samflyt serve, %d requests a model, --threads %s, load %s" %
          (n, threads, open("/proc/loadavg").read().split()[0]))
    print("%-24s %-26s %4s %8s %9s %9s %8s" % ("model", "change", "reps", "first s",
                                               "median s", "slowest s", "CPU s"))
    for model in files["models"]:
        st, info = call("GET", "/api/model?path=" + model)
        unit = next((u for u in info["units"] if u["kind"] == "ward"), None) or \
            next((u for u in info["units"] if u["kind"] == "walk-in"), None)
        wall, cpus = [], []
        for i in range(n + 1):
            # another capacity each time: the server keeps variant runs
            # too, so asking the same one again would time a lookup
            change = {"path": unit["path"], "value": unit["capacity"] + 1 + i}
            body = json.dumps({"model": model, "changes": [change]})
            c0, t0 = cpu(), time.perf_counter()
            st, ans = call("POST", "/api/whatif", body)
            wall.append(time.perf_counter() - t0)
            cpus.append(cpu() - c0)
            if st != 200:
                sys.exit("%s: %d %s" % (model, st, ans.get("error")))
        med = statistics.median(wall[1:])
        print("%-24s %-26s %4d %8.3f %9.3f %9.3f %8.3f%s" %
              (model, "%s +1..+%d" % (unit["path"], n + 1), ans["replications"], wall[0],
               med, max(wall[1:]), statistics.median(cpus[1:]),
               "  MISSED (> 1 s)" if med > 1 else ""))
finally:
    p.send_signal(signal.SIGTERM)
    p.wait(10)
