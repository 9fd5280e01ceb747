#!/usr/bin/python3
"""flow_trust.py SAMFLYT DIR CASE: `samflyt flow` (and `calibrate`) on
damaged or unusual inputs, generated into DIR (the build tree). Each case
checks the exit code and what the planner is told; a hang fails through
the timeout. Cases:

  gzip     a gzip cut at half, or missing its 8-byte trailer, or with a
           bad CRC (CSV and NDJSON, flow and calibrate): exit 1, the file
           named and said to be cut/damaged; the whole file reads fine.
"""
import gzip
import os
import subprocess
import sys

samflyt, d, case = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(d, exist_ok=True)
failed = []


def run(args, stdin=None, timeout=60):
    r = subprocess.run([samflyt] + args, capture_output=True, text=True,
                       errors="replace", stdin=stdin, timeout=timeout)
    return r.returncode, r.stdout, r.stderr


def expect(what, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failed.append(what)
        if detail:
            print("     " + detail.replace("\n", "\n     ")[-1500:])


def write(name, data):
    path = os.path.join(d, name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    return path


def stays_csv(n):
    rows = ["patient,unit,start,end"]
    rows += ["p%d,u%d,2024-03-%02dT08:00:00,2024-03-%02dT20:00:00" % (i, i % 3, 1 + i % 27,
                                                                      1 + i % 27)
             for i in range(n)]
    return "\n".join(rows) + "\n"


def case_gzip():
    csv = gzip.compress(stays_csv(20000).encode())
    nd = gzip.compress(b"".join(
        b'{"resourceType":"Encounter","subject":{"reference":"Patient/%d"},'
        b'"class":{"code":"IMP"},"period":{"start":"2024-03-01T08:00:00Z",'
        b'"end":"2024-03-02T08:00:00Z"}}\n' % i for i in range(5000)))
    for kind, g in (("csv", csv), ("ndjson", nd)):
        good = write("whole.%s.gz" % kind, g)
        rc, out, err = run(["flow", "-q", good])
        expect("%s: the whole gzip reads (exit 0)" % kind, rc == 0, err)
        crc = bytearray(g)
        crc[-7] ^= 0xFF
        for how, data, msg in (("half", g[:len(g) // 2], "cut short"),
                               ("no-trailer", g[:-8], "cut short"),
                               ("bad-crc", bytes(crc), "damaged")):
            p = write("%s.%s.gz" % (how, kind), data)
            for cmd in (["flow", "-q", p],
                        ["calibrate", "-q", "--backtest", "0", "-o",
                         os.path.join(d, "m.yaml"), p]):
                rc, out, err = run(cmd)
                expect("%s %s %s: exit 1, '%s' named" % (cmd[0], kind, how, msg),
                       rc == 1 and msg in err and os.path.basename(p) in err,
                       "exit %d\n%s" % (rc, err))


globals()["case_" + case]()
sys.exit(1 if failed else 0)
