#!/usr/bin/python3
"""Drives `samflyt serve` over a real loopback socket (tests/serve.cmake).

usage: serve_check.py SAMFLYT DATA WORK CHECK

Builds a served folder in WORK (the models of DATA, a symlink that leads
out of the folder, a file outside it), starts the server on a free port
(--port 0, the port read from what it prints), runs one CHECK and stops
the server. Prints "serve CHECK ok" when every assertion held."""

import http.client
import json
import os
import shutil
import signal
import re
import subprocess
import sys
import threading
import time
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_values as rv  # noqa: E402

SAMFLYT, DATA, WORK, CHECK = sys.argv[1:5]


def fail(msg):
    print("serve %s FAILED: %s" % (CHECK, msg))
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def make_folder():
    root = os.path.join(WORK, CHECK)
    shutil.rmtree(root, ignore_errors=True)
    served = os.path.join(root, "served")
    outside = os.path.join(root, "outside")
    os.makedirs(os.path.join(served, "sub"))
    os.makedirs(outside)
    shutil.copy(os.path.join(DATA, "ward.yaml"), served)
    shutil.copy(os.path.join(DATA, "sub", "clinic.yaml"), os.path.join(served, "sub"))
    with open(os.path.join(served, "stays.csv"), "w") as f:
        f.write("patient,unit,start,end\n")
    with open(os.path.join(served, "notes.txt"), "w") as f:
        f.write("not listed\n")
    # a model outside the folder, reachable only through a symlink
    shutil.copy(os.path.join(DATA, "ward.yaml"), os.path.join(outside, "secret.yaml"))
    os.symlink(os.path.join(outside, "secret.yaml"), os.path.join(served, "escape.yaml"))
    os.symlink(outside, os.path.join(served, "outdir"))
    return root, served


class Server:
    def __init__(self, served, *args):
        self.p = subprocess.Popen([SAMFLYT, "serve", served, "--port", "0"] + list(args),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first = self.p.stdout.readline().decode()
        second = self.p.stdout.readline().decode()
        if "port" not in first:
            self.stop()
            fail("the server did not start: %r %r" % (first, self.p.stderr.read().decode()))
        # the last "port N": the served folder's path may hold "port" too
        self.port = int(re.findall(r"\bport (\d+)", first)[-1])
        self.url = second.split("open ", 1)[1].strip()
        self.token = self.url.split("?token=")[1] if "?token=" in self.url else None
        # drain stderr (one line a request) so the pipe never fills; every
        # line must be printable UTF-8 whatever the requests held
        self.log = []
        threading.Thread(target=lambda: self.log.append(self.p.stderr.read()), daemon=True).start()

    def request(self, method, path, body=None, headers=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, dict(r.getheaders()), data

    def json(self, method, path, body=None, headers=None):
        st, h, data = self.request(method, path, body, headers)
        check(h.get("Content-Type", "").startswith("application/json"),
              "%s %s: not JSON but %s" % (method, path, h.get("Content-Type")))
        return st, json.loads(data)

    def whatif(self, req, headers=None):
        hd = {"Content-Type": "application/json"}
        hd.update(headers or {})
        return self.json("POST", "/api/whatif", json.dumps(req), hd)

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(10)
            except subprocess.TimeoutExpired:
                self.p.kill()
                fail("the server did not stop on SIGTERM")


def by_key(indicators):
    return {(i["unit"], i["metric"]): i for i in indicators}


def check_api(s, root):
    st, j = s.json("GET", "/api/files")
    check(st == 200, "files: %d" % st)
    # the symlink that leads out is not listed; the folder one is not entered
    check(j["models"] == ["sub/clinic.yaml", "ward.yaml"], "models listed: %r" % j["models"])
    check(j["data"] == ["stays.csv"], "data listed: %r" % j["data"])
    st, m = s.json("GET", "/api/model?path=ward.yaml")
    check(st == 200, "model: %d %r" % (st, m))
    check(m["name"] == "serve-ward" and m["replications"] == 10 and m["seed"] == 11,
          "model header: %r" % m)
    check(m["units"] == [{"name": "ward", "kind": "ward", "capacity_key": "beds", "capacity": 4,
                          "scheduled": False, "path": "units.ward.beds"}], "units: %r" % m["units"])
    check(m["populations"] == [{"name": "town", "size": 2000, "path": "populations.town.size",
                                "listed": True}], "populations: %r" % m["populations"])
    check(m["scenarios"] == ["more-beds"], "scenarios: %r" % m["scenarios"])
    st, m = s.json("GET", "/api/model?path=sub/clinic.yaml")
    check(st == 200 and m["units"][0]["capacity_key"] == "servers", "clinic: %r" % m)
    check(m["units"][1]["path"] == 'units."st.olav".beds', "a quoted path: %r" % m["units"][1])
    st, j = s.whatif({"model": "sub/clinic.yaml", "changes": [{"path": m["units"][1]["path"],
                                                                "value": 6}]})
    w = by_key(j["indicators"]).get(("st.olav", "wait_mean")) if st == 200 else None
    check(w and w["diff"] < 0, "the quoted path changes the ward: %d %r" % (st, w or j))
    st, h, page = s.request("GET", "/")
    check(st == 200 and b'href="/model?path=sub/clinic.yaml"' in page, "index page")


def same_as_compare(root, answers):
    # the same answer from `samflyt compare` on the exported model (for the
    # file's own scenario: on the file itself)
    for name, resp in answers:
        path = os.path.join(root, name + ".yaml")
        with open(path, "w") as f:
            f.write(resp["model_yaml"] if name != "scenario" else
                    open(os.path.join(root, "served", "ward.yaml")).read())
        out = os.path.join(root, name + "-cmp")
        r = subprocess.run([SAMFLYT, "compare", "-q", "-o", out, path], capture_output=True,
                           text=True)
        check(r.returncode == 0, "compare refused the exported model: %s" % r.stderr)
        cmp = json.load(open(os.path.join(out, "compare.json")))
        rows = [d for d in cmp["differences"] if d["scenario"] == resp["scenario"]]
        mine = by_key(resp["indicators"])
        check(len(rows) > 0, "compare has no rows for %s" % resp["scenario"])
        n = 0
        for d in rows:
            k = (d["unit"], d["metric"])
            if d["n"] == 0:
                check(k not in mine, "%r: not in compare, yet in the what-if" % (k,))
                continue
            n += 1
            for a_, b_ in (("diff", "diff"), ("lo", "lo"), ("hi", "hi"), ("base_mean", "base"),
                           ("scenario_mean", "variant")):
                x, y = d[a_], mine[k][b_]
                check((x is None and y is None) or abs(x - y) <= 1e-9 * max(1, abs(x)),
                      "%s %r %s: compare %r, what-if %r" % (name, k, a_, x, y))
        check(n == len(mine), "%s: %d rows in compare, %d in the what-if" % (name, n, len(mine)))


def forest_marks(svg, answers):
    """The forest plots of a what-if answer checked against the answers'
    indicators (answers: [(variant name, answer)]): every dot at the
    variant's level, the dashed line at the base, nothing drawn that no
    variant changes. Returns the variant names of the dots."""
    rows = []
    for name, a in answers:
        for i in a["indicators"]:
            same = i["diff"] == 0 and i["half"] == 0
            rows.append({"scenario": name, "unit": i["unit"], "metric": i["metric"],
                         "base_mean": i["base"], "diff": i["diff"], "n": i["n"],
                         "sd": 0 if same else 1})
    marks, fails = rv.Marks(svg), []
    n = rv.check_forests(marks, {"differences": rows}, fails)
    check(not fails and n > 0, "the what-if's forest plots: %d dots, %r" % (n, fails[:5]))
    return {a["data-key"].split("/")[0] for svg_, ms in marks.svgs for t, a in ms}


def check_whatif(s, root):
    st, j = s.whatif({"model": "ward.yaml", "changes": [{"path": "units.ward.beds", "value": 6}]})
    check(st == 200, "what-if: %d %r" % (st, j))
    w = by_key(j["indicators"])[("ward", "wait_mean")]
    check(w["diff"] < 0 and w["hi"] < 0 and w["significant"],
          "6 beds instead of 4 must shorten the wait, interval below 0: %r" % w)
    check(abs(w["variant"] - w["base"] - w["diff"]) < 1e-9 * max(1, abs(w["base"])),
          "diff = variant - base: %r" % w)
    check(j["overlay"] == "scenarios:\n  what-if:\n    units.ward.beds: 6\n",
          "overlay: %r" % j["overlay"])
    # the compare report's forest plots: levels against the dashed base
    # line, in the natural unit (shares in %), each dot where the answer's
    # figures put it
    check('class="chart forest"' in j["svg"] and 'class="base"' in j["svg"],
          "forest plots of levels against the base: %r" % j["svg"][:300])
    check(forest_marks(j["svg"], [("what-if 1", j)]) == {"what-if 1"}, "one variant, one dot a chart")
    scales = {a["data-key"]: svg_["data-scale"] for svg_, ms in rv.Marks(j["svg"]).svgs
              for t, a in ms}
    check(scales.get("what-if 1/ward/utilisation") == "100", "shares drawn in %%: %r" % scales)
    # a second what-if with the first as an earlier one: both side by side
    # in one chart, which is exactly the charts of the report of the two
    j3 = {"model": "ward.yaml", "changes": [{"path": "units.ward.beds", "value": 3}]}
    first = {"model": "ward.yaml", "changes": [{"path": "units.ward.beds", "value": 6}]}
    st, jb = s.whatif(dict(j3, earlier=[first]))
    check(st == 200, "a what-if with an earlier one: %d %r" % (st, jb))
    check(forest_marks(jb["svg"], [("what-if 1", j), ("what-if 2", jb)]) == {"what-if 1", "what-if 2"},
          "the earlier what-if and the new one side by side")
    st, h, rep = s.request("POST", "/api/report", json.dumps({"variants": [first, j3]}),
                           {"Content-Type": "application/json"})
    charts = rep.decode().split('<section id="charts">')[1].split("</section>")[0]
    charts = charts[charts.index('<div class="panels">'):]
    check(st == 200 and charts == jb["svg"], "the what-if's charts are not the report's")
    st, jn = s.whatif(dict(j3, name="three beds", earlier=[dict(first, name="six beds")]))
    check(st == 200 and 'data-key="three beds/ward/wait_mean"' in jn["svg"] and
          'data-key="six beds/ward/wait_mean"' in jn["svg"], "names in the charts: %d" % st)
    for body, words in [(dict(j3, earlier=first), "earlier must be a list"),
                        (dict(j3, earlier=[first] * 8), "at most 7"),
                        (dict(j3, earlier=[dict(first, earlier=[])]), "earlier[0]: earlier belongs"),
                        (dict(j3, earlier=[{"model": "sub/clinic.yaml", "changes": []}]), "same model"),
                        (dict(j3, earlier=[dict(first, replications=3)]), "same model"),
                        (dict(j3, name=""), "name must be"), (dict(j3, name=7), "name must be")]:
        st, e = s.whatif(body)
        check(st == 400 and words in e.get("error", ""), "%r: %d %r" % (body, st, e))
    # no change at all: every difference is 0
    st, j0 = s.whatif({"model": "ward.yaml", "changes": []})
    check(st == 200 and all(i["diff"] == 0 for i in j0["indicators"]), "no change, no difference")
    check("No indicator changed" in j0["svg"] and "<svg" not in j0["svg"],
          "an empty forest says so, and draws nothing")
    # growth: 50 % more people and arrivals means more arrivals
    st, jg = s.whatif({"model": "ward.yaml", "growth": 1.5})
    check(st == 200, "growth: %d %r" % (st, jg))
    a = by_key(jg["indicators"])[("ward", "arrivals")]
    check(a["diff"] > 0 and a["lo"] > 0 and 1.35 < a["variant"] / a["base"] < 1.65,
          "growth 1.5 gives about 1.5 times the arrivals: %r" % a)
    check("populations.town.size: 3000" in jg["overlay"] and "arrivals.direct.rate:" in jg["overlay"],
          "growth overlay: %r" % jg["overlay"])
    # a scenario of the model file, as it is written there
    st, js = s.whatif({"model": "ward.yaml", "scenario": "more-beds"})
    check(st == 200 and js["scenario"] == "more-beds" and js["overlay"] == "", "scenario: %r" % st)
    st, e = s.whatif({"model": "ward.yaml", "scenario": "nope"})
    check(st == 400 and "no scenario 'nope'" in e["error"], "unknown scenario: %d %r" % (st, e))
    st, e = s.whatif({"model": "ward.yaml", "scenario": "more-beds", "growth": 2})
    check(st == 400, "a scenario and a growth: %d" % st)
    same_as_compare(root, [("beds", j), ("growth", jg), ("scenario", js)])


def check_paths(s, root):
    cases = [
        ("/api/model?path=../outside/secret.yaml", 403),
        ("/api/model?path=%2e%2e/outside/secret.yaml", 403),
        ("/api/model?path=sub/%2E%2E/%2E%2E/outside/secret.yaml", 403),
        ("/api/model?path=" + os.path.join(root, "outside", "secret.yaml"), 403),
        ("/api/model?path=/etc/passwd", 403),
        ("/api/model?path=escape.yaml", 403),         # symlink out of the folder
        ("/api/model?path=outdir/secret.yaml", 403),  # symlinked folder out of it
        ("/model?path=escape.yaml", 403),
        ("/api/model?path=missing.yaml", 404),
        ("/api/model?path=notes.txt", 404),
        ("/api/model?path=stays.csv", 404),
        ("/api/model?path=sub", 404),
        ("/api/model", 400),
    ]
    for path, want in cases:
        st, j = s.json("GET", path)
        check(st == want and j["status"] == want and j["error"], "%s: %d %r, want %d" % (path, st, j, want))
    st, j = s.whatif({"model": "../outside/secret.yaml", "changes": []})
    check(st == 403, "what-if outside: %d" % st)
    st, j = s.whatif({"model": "escape.yaml", "changes": []})
    check(st == 403, "what-if through the symlink: %d" % st)


def check_bad(s, root):
    st, j = s.json("POST", "/api/whatif", "x" * (65 * 1024), {"Content-Type": "application/json"})
    check(st == 413, "oversize body: %d %r" % (st, j))
    # a body announced as a gigabyte is refused before it is sent
    import socket
    k = socket.create_connection(("127.0.0.1", s.port), timeout=5)
    k.sendall(b"POST /api/whatif HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              b"Content-Length: 1000000000\r\n\r\n{")
    try:
        head = k.recv(4096)
    except socket.timeout:
        head = b"(no answer in 5 s)"
    k.close()
    check(head.startswith(b"HTTP/1.1 413"), "a gigabyte announced: %r" % head[:80])
    for body in ['{"model": "ward.yaml", ', "[1, 2", "\x00\x01", "", '"ward.yaml"', "{]"]:
        st, j = s.json("POST", "/api/whatif", body, {"Content-Type": "application/json"})
        check(st == 400, "malformed %r: %d %r" % (body, st, j))
    st, j = s.json("POST", "/api/whatif", '{"model": "ward.yaml"}', {"Content-Type": "text/plain"})
    check(st == 400, "not JSON content type: %d" % st)
    bad = [
        ({"model": "ward.yaml", "changes": [{"path": "units.ward.los", "value": "exp(1h)"}]}, 400),
        ({"model": "ward.yaml", "changes": [{"path": "units.ward.beds", "value": 1e9}]}, 400),
        ({"model": "ward.yaml", "changes": [{"path": "units.ward.beds", "value": 0}]}, 400),
        ({"model": "ward.yaml", "changes": [{"path": "units.nope.beds", "value": 3}]}, 400),
        ({"model": "ward.yaml", "changes": [{"path": "units.ward.beds"}]}, 400),
        ({"model": "ward.yaml", "changes": {"units.ward.beds": 3}}, 400),
        ({"model": "ward.yaml", "growth": 100}, 400),
        ({"model": "ward.yaml", "replications": 1}, 400),
        # the time budget: 9 million people make 6 million patients in 10 replications
        ({"model": "ward.yaml", "changes": [{"path": "populations.town.size", "value": 9e6}]}, 400),
        ({"model": "ward.yaml", "surprise": 1}, 400),
        ({"changes": []}, 400),
        ({"model": "missing.yaml"}, 404),
    ]
    for req, want in bad:
        st, j = s.whatif(req)
        check(st == want and j["error"], "%r: %d %r, want %d" % (req, st, j, want))
    # deep nesting, numbers JSON does not have or no double holds, on
    # every route that reads a body
    deep = 20000
    for route, body in [("/api/whatif", "[" * deep + "]" * deep),
                        ("/api/report", '{"variants": ' + "[" * deep + "]" * deep + "}"),
                        ("/api/whatif", '{"model": "ward.yaml", "growth": NaN}'),
                        ("/api/report", '{"variants": [{"model": "ward.yaml", "growth": Infinity}]}'),
                        ("/api/whatif", '{"model": "ward.yaml", "replications": 1e999}'),
                        ("/api/whatif", '{"model": "ward.yaml", "seed": -1e999}'),
                        ("/api/whatif", '{"model": "ward.yaml", "changes": [{"path": '
                                        '"units.ward.beds", "value": 1e999}]}'),
                        ("/api/report", '{"variants": [{"model": "ward.yaml", "replications": '
                                        '123456789012345678901234567890}]}')]:
        st, j = s.json("POST", route, body, {"Content-Type": "application/json"})
        check(st == 400 and j["error"], "%s %r...: %d %r" % (route, body[:60], st, j))
    # traversal in every parameter of the data routes
    for q in ["path=../outside/secret.yaml", "path=%2e%2e/outside/secret.yaml",
              "path=/etc/passwd", "path=outdir/secret.yaml", "path=stays.csv&tz=../../../etc/passwd",
              "path=stays.csv&tz=/etc/passwd", "path=stays.csv&preset=../../x",
              "path=stays.csv&map=patient%3D../../etc/passwd", "path=stays.csv&unit=../x",
              "path=stays.csv&from=../x&to=../y"]:
        for route in ("/api/flow", "/data"):
            st, h, data = s.request("GET", route + "?" + q)
            check(st in (400, 403, 404, 422) and b"root:" not in data,
                  "%s?%s: %d %r" % (route, q, st, data[:200]))
    st, j = s.json("GET", "/nope")
    check(st == 404, "unknown route: %d" % st)
    st, j = s.json("GET", "/api/whatif")
    check(st == 405, "GET on the what-if: %d" % st)
    st, j = s.json("DELETE", "/api/files")
    check(st == 405, "DELETE: %d" % st)
    st, j = s.json("GET", "/api/files", headers={"Host": "evil.example:80"})
    check(st == 403, "a foreign Host on loopback (DNS rebinding): %d" % st)
    st, j = s.json("GET", "/api/files")
    check(st == 200, "still serving after the bad requests: %d" % st)


def check_token(root, served):
    s = Server(served, "--listen", "0.0.0.0")
    try:
        check(s.token and len(s.token) >= 32, "a token is printed: %r" % s.url)
        st, j = s.json("GET", "/api/files")
        check(st == 401, "no token: %d" % st)
        st, j = s.json("GET", "/api/files", headers={"Authorization": "Bearer wrong-token-x"})
        check(st == 401, "a wrong token: %d" % st)
        st, j = s.json("GET", "/api/files?token=" + s.token[:-1] + ("1" if s.token[-1] == "0" else "0"))
        check(st == 401, "a wrong query token: %d" % st)
        st, j = s.json("GET", "/api/files", headers={"Authorization": "Bearer " + s.token})
        check(st == 200, "Bearer: %d" % st)
        st, h, _ = s.request("GET", "/?token=" + s.token)
        cookie = h.get("Set-Cookie", "")
        check(st == 200 and cookie.startswith("samflyt_token=" + s.token) and "HttpOnly" in cookie,
              "?token= sets the cookie: %d %r" % (st, cookie))
        st, j = s.json("GET", "/api/files", headers={"Cookie": "samflyt_token=" + s.token})
        check(st == 200, "cookie: %d" % st)
    finally:
        s.stop()
    s = Server(served, "--listen", "127.0.0.1", "--token", "given-token-123")
    try:
        st, j = s.json("GET", "/api/files")
        check(st == 401, "--token on loopback is required too: %d" % st)
        st, j = s.json("GET", "/api/files", headers={"Authorization": "Bearer given-token-123"})
        check(st == 200, "--token: %d" % st)
    finally:
        s.stop()


def check_busy(s, root):
    # --runs 1: while one what-if runs, others get 503 at once
    shutil.copy(os.path.join(DATA, "slow.yaml"), os.path.join(root, "served"))
    res = []

    def one():
        res.append(s.whatif({"model": "slow.yaml", "changes": [{"path": "units.clinic.servers",
                                                                 "value": 55}]})[0])

    ts = [threading.Thread(target=one) for _ in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    check(sorted(set(res)) == [200, 503] and res.count(200) >= 1,
          "4 at once with --runs 1: %r" % res)


def freed_after_close(s, raw, probe, full, what):
    """Sends the request raw on its own socket, waits until probe() is
    answered 503 (the request holds the only slot), closes the socket,
    and returns (seconds until probe() is answered otherwise, its status
    and JSON). The probe takes the slot itself while it runs: a request
    that came then was answered 503 at once (its socket is readable), and
    is sent again. A deadline, not a count of tries: on a loaded machine
    the server may take seconds to read a request."""
    import select
    import socket

    def send():
        c = socket.create_connection(("127.0.0.1", s.port))
        c.sendall(raw)
        return c

    sock = send()
    deadline = time.monotonic() + 60
    while probe()[0] != 503:
        if time.monotonic() > deadline:
            fail("the %s never took the slot" % what)
        if select.select([sock], [], [], 0)[0]:
            sock.close()
            sock = send()
        time.sleep(0.02)
    sock.close()
    t1 = time.monotonic()
    while True:
        st, j = probe()
        if st != 503:
            return time.monotonic() - t1, st, j
        check(time.monotonic() - t1 < full, "the slot is still taken after %.2f s" % full)
        time.sleep(0.02)


def check_cancel(s, root):
    # --runs 1 --threads 1: a what-if whose client closes its socket stops
    # between replications and frees its slot well before the run would
    # have ended. The run's full length is measured first, in the same
    # test (another seed, so no kept base run shortens the second).
    shutil.copy(os.path.join(DATA, "slow.yaml"), os.path.join(root, "served"))
    req = {"model": "slow.yaml", "changes": [{"path": "units.clinic.servers", "value": 55}],
           "replications": 20, "seed": 1}
    t0 = time.monotonic()
    st, j = s.whatif(req)
    full = time.monotonic() - t0
    check(st == 200, "the full what-if: %d %r" % (st, j))
    req["seed"] = 2
    body = json.dumps(req).encode()
    raw = (b"POST /api/whatif HTTP/1.1\r\nHost: 127.0.0.1\r\n"
           b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    small = {"model": "ward.yaml", "changes": [{"path": "units.ward.beds", "value": 3}]}
    freed, st, j = freed_after_close(s, raw, lambda: s.whatif(small), full, "slow what-if")
    check(st == 200, "the next what-if: %d %r" % (st, j))
    check(freed < 0.5 * full,
          "the slot was freed %.2f s after the client left; the whole run takes %.2f s"
          % (freed, full))
    print("full run %.2f s, slot free %.2f s after the client closed" % (full, freed))


def check_flow_cancel(s, root):
    # --runs 1: GET /api/flow on a large data file (generated here, in the
    # build folder) whose client closes its socket stops reading (the
    # library asks the server's cancel hook every 32768 rows, and between
    # the steps of preparing) and frees its slot well before the request
    # would have ended. The whole request is timed first, in the same test;
    # the file's time is then moved so that the slow request reads it
    # again instead of taking it from the data kept read.
    served = os.path.join(root, "served")
    shutil.copy(os.path.join(os.path.dirname(DATA), "flow_metrics", "paths.csv"), served)
    big = os.path.join(served, "big.csv")
    with open(big, "w") as f:
        f.write("patient,unit,start,end\n")
        f.writelines("P%d,U%d,2024-%02d-%02dT%02d:00,2024-%02d-%02dT%02d:45\n"
                     % (i % 90000, i % 7, 1 + i % 12, 1 + i % 28, i % 24, 1 + i % 12,
                        1 + i % 28, i % 24) for i in range(800000))
    t0 = time.monotonic()
    st, j = s.json("GET", "/api/flow?path=big.csv")
    full = time.monotonic() - t0
    check(st == 200 and j["stays"] > 600000, "the whole file: %d %r" % (st, str(j)[:300]))
    t = os.stat(big).st_mtime
    os.utime(big, (t + 10, t + 10))

    freed, st, j = freed_after_close(
        s, b"GET /api/flow?path=big.csv HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        lambda: s.json("GET", "/api/flow?path=paths.csv"), full, "large request")
    check(st == 200 and j["stays"] == 11, "the next request: %d %r" % (st, j))
    check(freed < 0.5 * full,
          "the slot was freed %.2f s after the client left; the whole request takes %.2f s"
          % (freed, full))
    print("800000 rows: whole request %.2f s, slot free %.2f s after the client closed"
          % (full, freed))


def flow_cli(root, name, *args):
    """units.csv of `samflyt flow FILE ARGS --out`, as {unit: row}."""
    import csv
    out = os.path.join(root, "flow-" + "-".join(a.strip("-") for a in args))
    subprocess.run([SAMFLYT, "flow", os.path.join(root, "served", name), "-q", "--out", out]
                   + list(args), check=True)
    with open(os.path.join(out, "units.csv")) as f:
        return {row["unit"]: row for row in csv.DictReader(f)}


def same_as_flow(root, j, *args):
    rows = flow_cli(root, "paths.csv", *args)
    check(sorted(rows) == sorted(u["unit"] for u in j["units"]),
          "units %r vs the CLI's %r" % ([u["unit"] for u in j["units"]], sorted(rows)))
    for u in j["units"]:
        row = rows[u["unit"]]
        for k in ("stays", "admissions", "bed_days", "census_mean", "peak", "readmissions",
                  "ready_days"):
            want = float(row[k])
            check(abs(u[k] - want) <= 1e-9 * (1 + abs(want)),
                  "%s %s: %r, samflyt flow %s says %r" % (u["unit"], k, u[k], args, want))


def check_flow(s, root):
    served = os.path.join(root, "served")
    flow = os.path.join(os.path.dirname(DATA), "flow")
    shutil.copy(os.path.join(os.path.dirname(DATA), "flow_metrics", "paths.csv"), served)
    with open(os.path.join(flow, "samflyt_stays.csv.gz"), "rb") as f:
        gz = f.read()
    with open(os.path.join(served, "cut.csv.gz"), "wb") as f:
        f.write(gz[:len(gz) // 2])
    st, j = s.json("GET", "/api/files")
    check("paths.csv" in j["data"], "the data file is listed: %r" % j)
    st, h, page = s.request("GET", "/")
    check(b'href="/data?path=paths.csv"' in page, "the file list links the data page")

    # the whole file, then a period and a unit from the data kept read;
    # every figure is samflyt flow's with the same filter
    st, j = s.json("GET", "/api/flow?path=paths.csv")
    check(st == 200 and j["cached"] is False and j["stays"] == 11 and j["patients"] == 3,
          "the whole file: %d %r" % (st, j))
    same_as_flow(root, j)
    st, j = s.json("GET", "/api/flow?path=paths.csv&from=2024-01-10&to=2024-01-20")
    check(st == 200 and j["cached"] is True and j["stays"] == 2 and j["patients"] == 1,
          "a period, from the data kept: %d %r" % (st, j))
    same_as_flow(root, j, "--from", "2024-01-10", "--to", "2024-01-20")
    st, j = s.json("GET", "/api/flow?path=paths.csv&unit=MED")
    check(st == 200 and j["cached"] is True and j["stays"] == 4, "a unit: %d %r" % (st, j))
    same_as_flow(root, j, "--unit", "MED")
    trans = {(t["from"], t["to"]): t["count"] for t in j["transitions"]}
    check(trans.get(("(outside)", "MED")) == 4, "MED alone: every stay from outside: %r" % trans)
    # a changed file is read again
    t = os.stat(os.path.join(served, "paths.csv")).st_mtime
    os.utime(os.path.join(served, "paths.csv"), (t + 10, t + 10))
    st, j = s.json("GET", "/api/flow?path=paths.csv")
    check(st == 200 and j["cached"] is False, "after a change: %r" % j)

    # errors: JSON with their status
    for q, status, words in [
            ("path=paths.csv&map=patient%3Dnobody", 400, "nobody"),
            ("path=paths.csv&preset=nonsense", 400, "nonsense"),
            ("path=cut.csv.gz", 422, "cut short"),
            ("path=paths.csv&unit=ICU", 400, "'ICU' is not a unit"),
            ("path=paths.csv&from=2024-13-01&to=2024-02-01", 400, "2024-13-01"),
            ("path=paths.csv&from=2024-01-01", 400, "go together"),
            ("path=paths.csv&from=2024-02-01&to=2024-01-01", 400, "after"),
            ("path=paths.csv&from=2030-01-01&to=2030-02-01", 400, "no stays"),
            ("path=paths.csv&tz=Mars/Olympus", 400, "Mars"),
            ("path=../outside/secret.yaml", 403, "'..'"),
            ("path=escape.yaml", 403, "leads out"),
            ("path=ward.yaml", 404, "not a data file"),
            ("path=none.csv", 404, "no file"),
            ("path=paths.csv&unit=" + "x" * 1200, 400, "longer than 1000"),
            ("", 400, "missing ?path=")]:
        st, j = s.json("GET", "/api/flow?" + q)
        check(st == status and j.get("status") == status and words in j.get("error", ""),
              "%s: %d %r, wanted %d with %r" % (q, st, j, status, words))
    st, j = s.json("POST", "/api/flow?path=paths.csv", "{}")
    check(st == 405, "POST /api/flow: %d" % st)

    # the page: the flow report's charts and tables, the form filled in
    st, h, page = s.request("GET", "/data?path=paths.csv&from=2024-01-10&to=2024-01-20")
    page = page.decode()
    check(st == 200 and h["Content-Type"].startswith("text/html"), "the page: %d" % st)
    check('name="from" value="2024-01-10"' in page and "2 stays of 1 patients" in page
          and "<svg" in page and 'id="transitions"' in page, "the page's figures and form")
    st, h, page = s.request("GET", "/data?path=cut.csv.gz")
    check(st == 422 and b"cut short" in page and h["Content-Type"].startswith("text/html"),
          "the page of a damaged file says why: %d" % st)

    # a larger file: the second period is answered from the data kept
    big = os.path.join(served, "big.csv")
    with open(big, "w") as f:
        f.write("patient,unit,start,end\n")
        for i in range(100000):
            d, h = 1 + i % 28, i % 24
            f.write("P%d,U%d,2024-%02d-%02dT%02d:00,2024-%02d-%02dT%02d:30\n"
                    % (i % 20000, i % 5, 1 + i % 12, d, h, 1 + i % 12, d, h))
    st, a = s.json("GET", "/api/flow?path=big.csv")
    st2, b = s.json("GET", "/api/flow?path=big.csv&from=2024-03-01&to=2024-04-01")
    check(st == 200 and st2 == 200 and not a["cached"] and b["cached"] and b["read_seconds"] == 0,
          "the big file kept: %r %r" % (a.get("cached"), b.get("cached")))
    print("100000 rows: first request %.3f s (read %.3f s), another period %.3f s"
          % (a["seconds"], a["read_seconds"], b["seconds"]))


def check_flow_lang(s, root):
    # GET /data follows Accept-Language as the model pages do: the form,
    # the flow report's words, numbers (decimal comma) and dates; JSON
    # (GET /api/flow) is the same whatever the header
    served = os.path.join(root, "served")
    shutil.copy(os.path.join(os.path.dirname(DATA), "flow_metrics", "paths.csv"), served)
    q = "/data?path=paths.csv"
    for header, lang, words in [
            (None, "en", ["11 stays of 3 patients at 3 units, 2024-01-01 to 2024-02-10 (39.7 days)",
                          ">From <", "Occupancy over time"]),
            ("nb", "nb", ["11 opphold for 3 pasienter ved 3 enheter, 01.01.2024 til 10.02.2024 "
                          "(39,7 dager)", ">Fra <", "Belegg over tid", "Vis"]),
            ("sv-SE,sv;q=0.9,en;q=0.8", "sv",
             ["11 vistelser för 3 patienter vid 3 enheter, 2024-01-01 till 2024-02-10 "
              "(39,7 dagar)", ">Från <", "Beläggning över tid", "Visa"]),
            ("de-DE,de;q=0.9", "en", ["11 stays of 3 patients", "Occupancy over time"])]:
        st, h, page = s.request("GET", q, headers={"Accept-Language": header} if header else {})
        page = page.decode()
        check(st == 200 and '<html lang="%s">' % lang in page,
              "Accept-Language %r: %d, not <html lang=%s>" % (header, st, lang))
        for w in words:
            check(w in page, "Accept-Language %r: no %r in the page" % (header, w))
        if lang != "en":
            for w in ("stays of", "Occupancy over time", "Units in the data", "All files"):
                check(w not in page, "Accept-Language %r: English %r left" % (header, w))
    st, h, page = s.request("GET", "/data?path=paths.csv&unit=ICU",
                            headers={"Accept-Language": "nb"})
    check(st == 400 and "Ingen tall:" in page.decode() and '<html lang="nb">' in page.decode(),
          "the error page in nb: %d" % st)
    drop = ("seconds", "read_seconds", "cached")
    st, a = s.json("GET", "/api/flow?path=paths.csv")
    st2, b = s.json("GET", "/api/flow?path=paths.csv", headers={"Accept-Language": "nb"})
    check(st == st2 == 200 and {k: v for k, v in a.items() if k not in drop} ==
          {k: v for k, v in b.items() if k not in drop}, "the JSON changes with the language")


def check_report(s, root):
    # the report of the variants tried, one self-contained file, is the
    # page `samflyt compare --out` writes for a model file with those
    # variants as its scenarios (the what-ifs named "what-if N" by place)
    variants = [{"model": "ward.yaml", "scenario": "more-beds"},
                {"model": "ward.yaml", "changes": [{"path": "units.ward.beds", "value": 6}]},
                {"model": "ward.yaml", "growth": 1.5}]
    st, h, page = s.request("POST", "/api/report", json.dumps({"variants": variants}),
                            {"Content-Type": "application/json"})
    check(st == 200 and h["Content-Type"].startswith("text/html")
          and h.get("Content-Disposition") == 'attachment; filename="report.html"',
          "the report: %d %r %r" % (st, h, page[:300]))
    check(b"<script" not in page and b" src=" not in page and b'href="http' not in page,
          "the report is self-contained")
    st, g = s.whatif(variants[2])
    edits = g["overlay"].split("what-if:\n", 1)[1]
    model = open(os.path.join(root, "served", "ward.yaml")).read()
    model += "  what-if 2: {units.ward.beds: 6}\n  what-if 3:\n" + edits.replace("    ", "    ", 1)
    path = os.path.join(root, "report-model.yaml")
    with open(path, "w") as f:
        f.write(model)
    out = os.path.join(root, "report-cmp")
    r = subprocess.run([SAMFLYT, "compare", "-q", "-o", out, path], capture_output=True, text=True)
    check(r.returncode == 0, "compare: %s" % r.stderr)
    want = open(os.path.join(out, "report.html"), "rb").read()
    check(page == want, "the report differs from compare's (%d and %d bytes)" % (len(page), len(want)))
    # in the browser's language, as samflyt compare --lang writes it
    st, h, sv = s.request("POST", "/api/report", json.dumps({"variants": variants}),
                          {"Content-Type": "application/json", "Accept-Language": "sv-SE,sv;q=0.9"})
    r = subprocess.run([SAMFLYT, "compare", "-q", "--lang", "sv", "-o", out + "-sv", path],
                       capture_output=True, text=True)
    check(r.returncode == 0, "compare --lang sv: %s" % r.stderr)
    want = open(os.path.join(out + "-sv", "report.html"), "rb").read()
    check(st == 200 and b'<html lang="sv">' in sv and sv == want,
          "the Swedish report differs from compare --lang sv's (%d and %d bytes)" % (len(sv), len(want)))
    for body, status, words in [("{", 400, "not valid JSON"), ('{"variants": [1,]}', 400, "JSON")] + [
            (json.dumps(b), st_, w_) for b, st_, w_ in [
                ({"variants": []}, 400, "variants"),
                ({"variants": variants * 3}, 400, "at most 8"),
                ({"variants": [variants[0], {"model": "sub/clinic.yaml"}]}, 400, "same model"),
                ({"variants": [variants[0], dict(variants[1], replications=3)]}, 400, "same model"),
                ({"variants": [{"model": "ward.yaml", "scenario": "nope"}]}, 400,
                 "variants[0]: the model has no scenario 'nope'"),
                ({"variants": [{"model": "../x.yaml"}]}, 403, "variants[0]"),
                ({"variants": variants, "extra": 1}, 400, "variants"),
                ([1, 2], 400, "variants")]]:
        st, j = s.json("POST", "/api/report", body, {"Content-Type": "application/json"})
        check(st == status and words in j.get("error", ""),
              "%r: %d %r, wanted %d with %r" % (body, st, j, status, words))
    st, j = s.json("GET", "/api/report")
    check(st == 405, "GET /api/report: %d" % st)


def check_fuzz(s, root):
    # Seeded random requests: mutated what-if and report bodies, data
    # requests with random parameters, odd paths, queries, methods and raw
    # bytes. Each answer is a known status with a JSON body
    # (or a page), and the server answers to the end.
    import random
    import socket
    rnd = random.Random(20261204)
    shutil.copy(os.path.join(os.path.dirname(DATA), "flow_metrics", "paths.csv"),
                os.path.join(root, "served"))
    good = json.dumps({"model": "ward.yaml", "changes": [{"path": "units.ward.beds", "value": 5}],
                       "growth": 1.2, "replications": 3})
    paths = ["/", "/api/files", "/api/model", "/model", "/api/whatif", "/api", "//api/files",
             "/api/report", "/api/flow", "/data", "/data?path=paths.csv", "/api/flow?path=x.csv",
             "/api/files/", "/API/FILES", "/api/model?path=", "/model?path=ward.yaml%00.txt",
             "/api/model?path=%ff%fe", "/api/model?path=sub/../ward.yaml",
             "/api/model?path=ward.yaml&path=../x", "/%2e%2e/%2e%2e/etc/passwd", "/sweep",
             "/sweep?path=", "/sweep?path=sub", "/sweep?path=..", "/sweep?path=%00"]
    statuses = {200, 400, 401, 403, 404, 405, 413, 422, 503}
    for i in range(400):
        kind = rnd.random()
        if kind < 0.5:
            b = bytearray(good.encode())
            for _ in range(rnd.randint(1, 6)):
                op = rnd.random()
                j = rnd.randrange(len(b)) if b else 0
                if op < 0.4 and b:
                    b[j] = rnd.randrange(256)
                elif op < 0.7:
                    b = b[:j]
                else:
                    b[j:j] = rnd.choice([b"{", b"}", b"[", b'"', b"\\u0000", b"1e999", b"-", b",", b"null"])
            st, h, data = s.request("POST", "/api/whatif", bytes(b),
                                    {"Content-Type": "application/json"})
        elif kind < 0.6:
            # a data request with random parameters
            vals = ["", "..", "../x", "%2e%2e%2f", "/etc/passwd", "paths.csv", "ward.yaml",
                    "2024-01-10", "2024-13-45", "1e999", "NaN", "-1", "%00", "%ff%fe", "MED",
                    "MED,ED,,", "UTC", "+99:99", "patient=x", "mimic-transfers", "x" * 1500]
            q = "&".join("%s=%s" % (rnd.choice(["path", "from", "to", "unit", "preset", "map",
                                                "tz", "path", "other"]), rnd.choice(vals))
                         for _ in range(rnd.randint(0, 6)))
            route = rnd.choice(["/api/flow", "/data"])
            st, h, data = s.request("GET", route + "?" + q)
            if route == "/data" and h.get("Content-Type", "").startswith("text/html"):
                check(st in statuses, "request %d: %s?%s: %d" % (i, route, q, st))
                continue
        elif kind < 0.7:
            # a mutated report request
            b = bytearray(json.dumps({"variants": [json.loads(good), {"model": "ward.yaml",
                                                                       "scenario": "more-beds"}]}
                                     ).encode())
            for _ in range(rnd.randint(1, 6)):
                j = rnd.randrange(len(b)) if b else 0
                if rnd.random() < 0.5 and b:
                    b[j] = rnd.randrange(256)
                else:
                    b[j:j] = rnd.choice([b"{", b"]", b'"', b"1e999", b"null", b"[{}]", b","])
            st, h, data = s.request("POST", "/api/report", bytes(b),
                                    {"Content-Type": "application/json"})
            if st == 200:
                check(data.startswith(b"<!DOCTYPE html>"), "request %d: report %r" % (i, data[:80]))
                continue
        elif kind < 0.85:
            path = rnd.choice(paths)
            if rnd.random() < 0.5:
                path += "".join(rnd.choice("abc%/.?&=\x7f") for _ in range(rnd.randint(1, 12)))
            method = rnd.choice(["GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"])
            try:
                st, h, data = s.request(method, path, b"{}" if method == "POST" else None,
                                        {"Content-Type": "application/json"})
            except http.client.InvalidURL:
                continue
        else:
            # raw bytes: a broken request line or headers
            raw = rnd.choice([b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                              b"GARBAGE\r\n\r\n", b"GET /api/files HTTP/9.9\r\n\r\n",
                              b"POST /api/whatif HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                              b"99999999999999999999\r\n\r\n{}",
                              b"GET /" + bytes(rnd.randrange(256) for _ in range(40)) + b" HTTP/1.1\r\n\r\n"])
            k = socket.create_connection(("127.0.0.1", s.port), timeout=10)
            k.sendall(raw)
            k.shutdown(socket.SHUT_WR)
            try:
                while k.recv(4096):
                    pass
            except OSError:
                pass
            k.close()
            continue
        check(st in statuses, "request %d: status %d" % (i, st))
        if st != 200:
            j = json.loads(data.decode("utf-8"))
            check(j["status"] == st and j["error"], "request %d: error body %r" % (i, data[:200]))
    st, j = s.json("GET", "/api/files")
    check(st == 200, "the server answers after the fuzzing")


def check_page(s, root):
    st, h, page = s.request("GET", "/model?path=ward.yaml")
    check(st == 200 and h["Content-Type"].startswith("text/html"), "page: %d" % st)
    page = page.decode()
    check('data-path="units.ward.beds"' in page and 'value="4"' in page, "bed input")
    check('data-path="populations.town.size"' in page and 'name="growth"' in page, "population, growth")
    check('data-scenario="more-beds"' in page, "the model's scenario")
    check("<script" in page and "src=" not in page.split("<script")[1].split(">")[0],
          "an inline script, nothing loaded")
    check("http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "") and
          "https://" not in page, "nothing from the network")
    # the base run's charts are report.html's, figure for figure
    out = os.path.join(root, "run")
    r = subprocess.run([SAMFLYT, "run", "-q", "-o", out, os.path.join(root, "served", "ward.yaml")],
                       capture_output=True, text=True)
    check(r.returncode == 0, "run: %s" % r.stderr)
    report = open(os.path.join(out, "report.html")).read()
    check('<section id="occupancy">' in page, "the occupancy charts")
    for sec in ('<section id="occupancy">', '<section id="waits">', '<section id="booked">'):
        if sec not in report and sec not in page:
            continue
        a = report.split(sec)[1].split("</section>")[0]
        b = page.split(sec)[1].split("</section>")[0]
        check(a == b and "<svg" in a, "%s differs from report.html" % sec)
    # the page speaks the browser's language (Accept-Language), the same
    # charts with Swedish names and decimal commas
    st, h, sv = s.request("GET", "/model?path=ward.yaml",
                          headers={"Accept-Language": "sv-SE,sv;q=0.9,en;q=0.5"})
    sv = sv.decode()
    check(st == 200 and '<html lang="sv">' in sv and "Beläggning mot kapacitet" in sv and
          "sängar" in sv, "a Swedish page for Accept-Language sv")
    st, h, en = s.request("GET", "/model?path=ward.yaml", headers={"Accept-Language": "de, fr"})
    check('<html lang="en">' in en.decode(), "English for languages samflyt does not have")
    # the page's base run is kept for the what-ifs: still compare's figures
    st, j = s.whatif({"model": "ward.yaml", "changes": [{"path": "units.ward.beds", "value": 3}],
                      "name": "what-if", "earlier": [{"model": "ward.yaml", "scenario": "more-beds"}]})
    check(st == 200, "what-if after the page: %d" % st)
    same_as_compare(root, [("after-page", j)])
    # the what-if's charts are report.html's of samflyt compare on the
    # exported model, byte for byte (the model's scenario tried first, the
    # what-if named as its scenario in the file)
    cmp = open(os.path.join(root, "after-page-cmp", "report.html")).read()
    charts = cmp.split('<section id="charts">')[1].split("</section>")[0]
    charts = charts[charts.index('<div class="panels">'):]
    if charts != j["svg"]:
        open(os.path.join(root, "page-whatif.svg"), "w").write(j["svg"])
        open(os.path.join(root, "page-compare.svg"), "w").write(charts)
    check(charts == j["svg"] and "<svg" in charts,
          "the what-if's forest plots differ from compare's report.html")


def check_sweep(s, root):
    # sweep folders (samflyt sweep -o) are listed next to models and data
    # files; a sweep's page is its report.html, drawn by the same code from
    # sweep.json read back; a damaged sweep.json is a JSON error that says
    # where, never a crash; paths stay in the folder
    sw = os.path.join(os.path.dirname(DATA), "sweep")
    served = os.path.join(root, "served")
    runs = {"two": [os.path.join(sw, "two_wards.yaml"), "--fixed", "--vary", "units.a.beds=1..8",
                    "--vary", "units.b.beds=1..6", "--cost", "units.b.beds=2",
                    "--target", "a.turned_away_share<=5%", "--target", "b.turned_away_share<=2%"],
            "sub/seq": [os.path.join(sw, "loss_ward.yaml"), "--vary", "units.ward.beds=6..10",
                        "--target", "ward.turned_away_share<=5%"],
            # an objective within a budget: its headline, the cost-against-
            # objective chart and column come from sweep.json's objective members
            # (candidates settled without a run have estimates too)
            "obj": [os.path.join(sw, "two_wards.yaml"), "--vary", "units.a.beds=4..9",
                    "--vary", "units.b.beds=3..8", "--cost", "units.b.beds=2",
                    "--target", "a.turned_away_share<=5%", "--minimize", "network.turned_away_share", "--delta", "0.5%",
                    "--max-cost", "20"]}
    for name, args in runs.items():
        r = subprocess.run([SAMFLYT, "sweep", "-q", "-o", os.path.join(served, name)] + args,
                           capture_output=True, text=True)
        check(r.returncode == 0, "sweep %s: %s" % (name, r.stderr))
    outside = os.path.join(root, "outside", "swp")
    shutil.copytree(os.path.join(served, "two"), outside)
    os.symlink(outside, os.path.join(served, "linked"))
    st, j = s.json("GET", "/api/files")
    check(st == 200 and j["sweeps"] == ["obj", "sub/seq", "two"], "sweeps listed: %r" % j)
    check(not any(d.endswith(("sweep.json", "sweep.csv")) for d in j["data"]),
          "a sweep's own files are not data files: %r" % j["data"])
    st, h, page = s.request("GET", "/")
    check(b'href="/sweep?path=two"' in page and b'href="/sweep?path=sub/seq"' in page,
          "the start page links the sweeps")
    for name in runs:
        st, h, page = s.request("GET", "/sweep?path=" + name)
        check(st == 200 and h["Content-Type"].startswith("text/html"), "%s: %d" % (name, st))
        want = open(os.path.join(served, name, "report.html"), encoding="utf-8").read()
        page = page.decode()
        svgs = re.findall(r"<svg.*?</svg>", page, re.S)
        check(svgs and svgs == re.findall(r"<svg.*?</svg>", want, re.S),
              "%s: the page's SVG is not report.html's" % name)
        # everything below the heading is report.html's, heat map and tables too
        body = page.split("</h1>\n", 1)[1].split("</p>\n", 1)[1]
        check(body == want.split("</h1>\n", 1)[1], "%s: the page is not report.html" % name)
        # the heading names the model file, as report.html's does
        h1 = re.findall(r"<h1>.*?</h1>", want)
        check(h1 and h1 == re.findall(r"<h1>.*?</h1>", page),
              "%s: heading %r, wanted %r" % (name, re.findall(r"<h1>.*?</h1>", page), h1))
    page = s.request("GET", "/sweep?path=obj")[2].decode()
    check("The lowest mean of network.turned_away_share" in page and "(objective)</th>" in page
          and "network.turned_away_share against cost" in page,
          "obj: the objective's headline, chart and column")
    check('class="heat"' in page or 'class="heat"' in open(os.path.join(served, "two", "report.html")).read(),
          "a heat map")
    # damaged: cut short, not a sweep, inconsistent with itself

    def in_configs(text, a, b):
        head, tail = text.split(b'"configurations"', 1)
        check(a in tail, "%r not in the configurations" % a)
        return head + b'"configurations"' + tail.replace(a, b, 1)

    good = open(os.path.join(served, "two", "sweep.json"), "rb").read()
    os.makedirs(os.path.join(served, "bad"))
    bad = os.path.join(served, "bad", "sweep.json")
    cases = [(good[:len(good) // 2], "bad/sweep.json:"), (b"", "bad/sweep.json:1:1"),
             (b"[1, 2]", "expected an object"),
             (good.replace(b'"grid": 48', b'"grid": 47'), "grid"),
             (good.replace(b'"step": 1', b'"step": 0', 1), "step"),
             (in_configs(good, b'"config": 2,', b'"config": 3,'), "grid order"),
             (in_configs(good, b'"status": "met"', b'"status": "nope"'), "status"),
             (in_configs(good, b'"ran": true', b'"ran": false'), "ran"),
             (in_configs(good, b'"units.b.beds": 2', b'"units.b.beds": 3'), "value"),
             (good.replace(b'"lo": 1, "hi": 8', b'"lo": 1, "hi": 99999999', 1), "hi")]
    # an objective's members, inconsistent with the configurations
    obj = open(os.path.join(served, "obj", "sweep.json"), "rb").read()
    check(b'"ties": [28]' in obj and b'"candidates": 7,' in obj, "obj: ties and candidates %r" % obj[:1500])
    cases += [(obj.replace(b'"delta": 0.005', b'"delta": 0'), "delta"),
              (obj.replace(b'"sense": "minimize"', b'"sense": "least"'), "sense"),
              (obj.replace(b'"candidates": 7,', b'"candidates": 8,'), "candidates"),
              (obj.replace(b'"ties": [28]', b'"ties": [27]'), "ties"),
              (obj.replace(b'"ties": [28]', b'"ties": []'), "ties"),
              (obj.replace(b'"max_cost": 20', b'"max_cost": 22'), "over_budget"),
              (obj.replace(b'"within_budget": 27', b'"within_budget": 26'), "within_budget"),
              (in_configs(obj, b'"selection": "best"', b'"selection": "eliminated"'), "best"),
              (in_configs(obj, b'"selection": "eliminated"', b'"selection": "first"'), "selection"),
              (in_configs(obj, b'"selection": "eliminated"', b'"selection": "best"'), "best"),
              (in_configs(obj, b'"selection": ""', b'"selection": "tie"'), "selection"),
              (in_configs(obj, b'"over_budget": false', b'"over_budget": true'), "over_budget"),
              (obj.replace(b'"objective": null', b'"objective": 7', 1), "objective")]
    for i, (text, words) in enumerate(cases):
        open(bad, "wb").write(text)
        st, j = s.json("GET", "/sweep?path=bad")
        check(st == 422 and words in j["error"] and j["status"] == 422,
              "damaged sweep.json %d: %d %r" % (i, st, j))
    # a sweep.json older than the model's name: the heading names the folder
    open(bad, "wb").write(re.sub(rb'\n  "model": "[^"]*",', b"", obj, 1))
    st, h, page = s.request("GET", "/sweep?path=bad")
    check(st == 200 and b"<h1>samflyt sweep: bad</h1>" in page, "no model member: %d %r" % (st, page[:300]))
    # seeded random damage: a page or a JSON error, and the server answers
    import random
    rnd = random.Random(20261204)
    seen = set()
    for i in range(200):
        b = bytearray(good)
        for _ in range(rnd.randint(1, 5)):
            k = rnd.randrange(len(b))
            op = rnd.random()
            if op < 0.3:
                b = b[:k]
            elif op < 0.6:
                b[k] = rnd.randrange(256)
            else:
                b[k:k] = rnd.choice([b"{", b"]", b'"', b"1e999", b"null", b"-1", b"99999999999",
                                     b",", b"\\u0000", b"[[[[[[[[", b"true"])
        open(bad, "wb").write(bytes(b))
        st, h, data = s.request("GET", "/sweep?path=bad")
        seen.add(st)
        check(st in (200, 422), "random damage %d: %d" % (i, st))
        if st != 200:
            j = json.loads(data.decode("utf-8"))
            check(j["status"] == st and j["error"].startswith("bad/sweep.json:"),
                  "random damage %d: %r" % (i, data[:200]))
    check(422 in seen, "no damage was noticed")
    # paths: out of the folder, traversal, not a sweep folder
    for q, status in [("linked", 403), ("../outside/swp", 403), ("/etc", 403), ("", 400),
                      ("sub/../two", 403), ("sub", 404), ("nothing", 404), ("ward.yaml", 404),
                      ("%2e%2e/outside/swp", 403)]:
        st, j = s.json("GET", "/sweep?path=" + q)
        check(st == status and j["error"], "/sweep?path=%s: %d %r, wanted %d" % (q, st, j, status))
    st, j = s.json("POST", "/sweep?path=two", "{}", {"Content-Type": "application/json"})
    check(st == 405, "POST /sweep: %d" % st)


def main():
    root, served = make_folder()
    if CHECK == "token":
        check_token(root, served)
    else:
        extra = (["--runs", "1", "--threads", "1"]
                 if CHECK in ("busy", "cancel", "flow_cancel") else [])
        s = Server(served, *extra)
        try:
            {"api": check_api, "whatif": check_whatif, "paths": check_paths, "bad": check_bad,
             "busy": check_busy, "page": check_page, "fuzz": check_fuzz,
             "cancel": check_cancel, "flow": check_flow, "report": check_report,
             "flow_lang": check_flow_lang, "flow_cancel": check_flow_cancel,
             "sweep": check_sweep}[CHECK](s, root)
            st, j = s.json("GET", "/api/files")
            check(st == 200, "the server answers after the check")
        finally:
            s.stop()
        check(s.p.returncode == 0, "exit status %r after SIGTERM" % s.p.returncode)
        # the request log is UTF-8 without control characters, whatever the
        # requests held
        for _ in range(50):
            if s.log:
                break
            time.sleep(0.1)
        log = b"".join(s.log).decode("utf-8")  # raises on bytes that are not UTF-8
        bad = [ln for ln in log.split("\n") if any(unicodedata.category(c) == "Cc" for c in ln)]
        check(not bad, "the request log holds control characters: %r" % bad[:3])
        if CHECK in ("cancel", "flow_cancel"):
            check("(the client went away: run stopped)" in log, "no cancel in the log: %r" % log)
    print("serve %s ok" % CHECK)


main()
