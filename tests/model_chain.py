"""model_chain.py: `samflyt check` on long chains of units stays fast.

Writes models of N units (40000 by default) into DIR, each unit's `next`
and `overflow` the following unit: listed in order, listed backwards, and
with the overflows closed into one cycle. The first two must check, the
third must fail naming the cycle. The checks were quadratic in the length
of the chain (11 s for 40000 units); model.cmake runs this under a
TIMEOUT a few times longer than the linear checks take, as a hang guard.

usage: model_chain.py SAMFLYT DIR [N]"""
import os
import subprocess
import sys

samflyt, out = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 40000
os.makedirs(out, exist_ok=True)


def write(name, order, cycle):
    path = os.path.join(out, name)
    with open(path, "w") as f:
        f.write("horizon: 30d\narrivals: {a: {rate: 1/d, to: u0}}\nunits:\n")
        for i in order:
            nxt = "u%d" % (i + 1) if i + 1 < n else "home"
            over = "u%d" % (i + 1) if i + 1 < n else ("u0" if cycle else "reject")
            f.write("  u%d: {kind: ward, beds: 1, los: exp(1h), overflow: %s, next: %s}\n"
                    % (i, over, nxt))
    return path


def check(path):
    p = subprocess.run([samflyt, "check", path], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


failures = 0
for name, order in (("forward.yaml", range(n)), ("backward.yaml", range(n - 1, -1, -1))):
    rc, text = check(write(name, order, False))
    if rc != 0 or "ok: model" not in text or "%d units" % n not in text:
        print("%s: expected ok, got rc %d: %s" % (name, rc, text[:300]))
        failures += 1
rc, text = check(write("cycle.yaml", range(n), True))
want = "unit 'u0': overflow cycle u0 -> u1 -> u2"
if rc == 0 or want not in text:
    print("cycle.yaml: expected '%s', got rc %d: %s" % (want, rc, text[:300]))
    failures += 1
sys.exit(1 if failures else 0)
