#!/usr/bin/python3
"""A bounded loopback load test of `samflyt serve`: many clients at once.

usage: bench/serve_load.py SAMFLYT [CLIENTS=100] [RUNS=2] [THREADS=1]

Starts `SAMFLYT serve examples --port 0 --runs RUNS --threads THREADS`,
then opens CLIENTS connections at the same moment; each asks
GET /api/files, GET /api/model for Røros, and one what-if on Røros, each
client its own (KAD beds 1 to 10 and nursing beds 4 to 13: 100 different
variants, so none is answered from a kept variant run; all share the
kept base run). A what-if answered
503 (the server already runs RUNS simulations) is asked again after 0.2 s,
as a page would. Prints how many requests failed (any other status, or a
connection error), the 503 answers, and p50/p99 of: a listing or model
request; a what-if from the first ask to its answer (queueing included)."""

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
clients = int(sys.argv[2]) if len(sys.argv) > 2 else 100
runs = sys.argv[3] if len(sys.argv) > 3 else "2"
threads = sys.argv[4] if len(sys.argv) > 4 else "1"
examples = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples")
p = subprocess.Popen([samflyt, "serve", examples, "--port", "0", "--runs", runs, "--threads",
                      threads], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
port = int(p.stdout.readline().split("port")[1].split()[0])
p.stdout.readline()

lock = threading.Lock()
light, whatif, failed, busy = [], [], [], [0]
start = threading.Barrier(clients)


def call(method, path, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    c.request(method, path, body=body, headers={"Content-Type": "application/json"})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data


def client(i):
    start.wait()
    try:
        for path in ("/api/files", "/api/model?path=roros/model.yaml"):
            t0 = time.perf_counter()
            st, _ = call("GET", path)
            with lock:
                (light if st == 200 else failed).append(time.perf_counter() - t0 if st == 200 else (path, st))
        body = json.dumps({"model": "roros/model.yaml",
                           "changes": [{"path": "units.kad.beds", "value": 1 + i % 10},
                                       {"path": "units.nursing.beds", "value": 4 + i // 10 % 10}]})
        t0 = time.perf_counter()
        while True:
            st, data = call("POST", "/api/whatif", body)
            if st != 503:
                break
            with lock:
                busy[0] += 1
            time.sleep(0.2)
        with lock:
            if st == 200:
                whatif.append(time.perf_counter() - t0)
            else:
                failed.append(("whatif", st, data[:100]))
    except Exception as e:  # a refused or reset connection is a failure
        with lock:
            failed.append(("error", repr(e)))


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


try:
    load = open("/proc/loadavg").read().split()[0]
    t0 = time.perf_counter()
    ts = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    wall = time.perf_counter() - t0
    print("samflyt serve under %d clients at once (--runs %s, --threads %s), load %s before" %
          (clients, runs, threads, load))
    print("failed requests: %d%s" % (len(failed), (" " + repr(failed[:3])) if failed else ""))
    print("503 answers (asked again): %d" % busy[0])
    print("listing and model info: %d requests, p50 %.3f s, p99 %.3f s" %
          (len(light), pct(light, .5), pct(light, .99)))
    print("what-if on roros, queueing included: %d, p50 %.2f s, p99 %.2f s; all done in %.1f s "
          "(%.2f what-ifs/s)" % (len(whatif), pct(whatif, .5), pct(whatif, .99), wall,
                                 len(whatif) / wall))
finally:
    p.send_signal(signal.SIGTERM)
    p.wait(30)
sys.exit(1 if failed else 0)
