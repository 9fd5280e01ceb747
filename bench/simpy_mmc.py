#!/usr/bin/python3
"""simpy_mmc.py: the M/M/c peer for samflyt's benchmark (bench/run.sh).

M/M/5 with lambda = 4.5/h and mu = 1/h (rho = 0.9), written the way the
SimPy documentation teaches it: a Resource with capacity 5, one generator
process per customer, a source process that creates them. Nothing is tuned
for speed; this is the baseline an analyst would otherwise write.

Usage: /usr/bin/python3 bench/simpy_mmc.py N [seed]
(Debian's python3-simpy3 only loads in /usr/bin/python3.)

Prints one line of key=value pairs: customers, wall seconds (the simulation
alone; run.sh times the whole process), customers per second, the mean wait
in hours and the Erlang C mean wait for reference.
"""
import random
import sys
import time

import simpy

C, LAM, MU = 5, 4.5, 1.0


def erlang_c_wait(c, lam, mu):
    """Mean wait in queue for M/M/c (Erlang C)."""
    a = lam / mu
    rho = a / c
    term, total = 1.0, 1.0
    for k in range(1, c):
        term *= a / k
        total += term
    term *= a / c
    pc = term / (1 - rho) / (total + term / (1 - rho))
    return pc / (c * mu - lam)


def customer(env, desk, rng, stats):
    arrived = env.now
    with desk.request() as req:
        yield req
        stats["wait"] += env.now - arrived
        stats["served"] += 1
        yield env.timeout(rng.expovariate(MU))


def source(env, n, desk, rng, stats):
    for _ in range(n):
        yield env.timeout(rng.expovariate(LAM))
        env.process(customer(env, desk, rng, stats))


def main():
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 1_000_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rng = random.Random(seed)
    env = simpy.Environment()
    desk = simpy.Resource(env, capacity=C)
    stats = {"wait": 0.0, "served": 0}
    env.process(source(env, n, desk, rng, stats))
    t0 = time.perf_counter()
    env.run()
    wall = time.perf_counter() - t0
    print(
        f"customers={n} wall_s={wall:.3f} customers_per_s={n / wall:.0f} "
        f"mean_wait_h={stats['wait'] / max(stats['served'], 1):.4f} "
        f"erlang_c_h={erlang_c_wait(C, LAM, MU):.4f}"
    )


if __name__ == "__main__":
    main()
