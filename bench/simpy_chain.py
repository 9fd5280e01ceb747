#!/usr/bin/python3
"""simpy_chain.py: the care-network peer for samflyt's benchmark.

The shape of bench/models/chain.yaml, in idiomatic SimPy (time in hours):

    arrivals 1/h -> legevakt (walk-in, 3 servers, lognormal(25m, 15m))
        -> home .70 | kad .15 | hospital .15
    kad      (ward, 6 beds, lognormal(2d, 1d), overflow: hospital)
        -> home .80 | hospital .20
    hospital (ward, 26 beds, gamma(3.5d, 2d)) -> home .85 | nursing .15
    nursing  (ward, 40 beds, exp(30d)) -> home

Distributions are given by mean and standard deviation, as in the model
file: lognormal(m, s) has sigma^2 = ln(1 + s^2/m^2), mu = ln m - sigma^2/2;
gamma(m, s) has shape (m/s)^2 and scale s^2/m.

The engine's rules (docs/model.md, src/sim/engine.c), and how this follows
them:
- A unit without `overflow` queues whoever finds it full, first come,
  first served: here one SimPy Resource per unit, whose request queue is
  FIFO. kad has `overflow: hospital` and so no queue: a patient finding
  its 6 beds taken goes straight to the hospital (and queues there if that
  is full).
- A walk-in patient frees the server when service ends and then queues at
  the next unit holding nothing.
- A ward patient whose next unit is full keeps the bed (blocking, "ready
  for discharge") while queued at the next unit, and frees it only when
  the next unit takes it: the process yields the next unit's request
  before releasing its own.
Where SimPy can only approximate the engine:
- Equal event times are ordered by SimPy's own (time, priority, id) rule,
  not the engine's (time, seq); with these continuous distributions ties
  have probability zero.
- The engine counts a patient blocked when the next unit is full; here,
  when the request is not granted at once (the same thing, as a unit with
  a free place has an empty queue).
- No warm-up and a fixed number N of arrivals, where the model file gives
  a horizon; rates per wall second are compared, not totals.
- Random streams differ (Python's Mersenne Twister against the engine's
  Philox), so results agree in distribution, not patient by patient.

Usage: /usr/bin/python3 bench/simpy_chain.py N [seed]
Prints per-unit utilisation and counts, then one key=value line with
patients, wall seconds and patients per second.
"""
import math
import random
import sys
import time

import simpy

ARRIVAL_RATE = 1.0  # per hour; see bench/models/chain.yaml for the arithmetic
H = 1.0
D = 24.0


def lognormal_params(mean, sd):
    s2 = math.log(1 + (sd / mean) ** 2)
    return math.log(mean) - s2 / 2, math.sqrt(s2)


LEGEVAKT_MU, LEGEVAKT_SIGMA = lognormal_params(25 / 60 * H, 15 / 60 * H)
KAD_MU, KAD_SIGMA = lognormal_params(2 * D, 1 * D)
HOSP_SHAPE, HOSP_SCALE = (3.5 / 2) ** 2, (2 * D) ** 2 / (3.5 * D)
NURSING_MEAN = 30 * D


class Unit:
    def __init__(self, env, name, capacity):
        self.name = name
        self.res = simpy.Resource(env, capacity=capacity)
        self.arrivals = self.admitted = self.overflowed = 0
        self.blocked = 0
        self.busy_hours = 0.0  # server- or bed-hours occupied, incl. blocked

    def has_room(self):
        return self.res.count < self.res.capacity


class Network:
    def __init__(self, env, rng):
        self.env, self.rng = env, rng
        self.legevakt = Unit(env, "legevakt", 3)
        self.kad = Unit(env, "kad", 6)
        self.hospital = Unit(env, "hospital", 26)
        self.nursing = Unit(env, "nursing", 40)
        self.units = [self.legevakt, self.kad, self.hospital, self.nursing]
        self.waits = 0.0

    def choose(self, table):
        u = self.rng.random()
        for target, p in table:
            if u < p:
                return target
            u -= p
        return table[-1][0]

    def legevakt_visit(self):
        env, unit = self.env, self.legevakt
        unit.arrivals += 1
        arrived = env.now
        with unit.res.request() as req:
            yield req
            unit.admitted += 1
            self.waits += env.now - arrived
            start = env.now
            yield env.timeout(self.rng.lognormvariate(LEGEVAKT_MU, LEGEVAKT_SIGMA))
            unit.busy_hours += env.now - start
        nxt = self.choose([(None, 0.70), (self.kad, 0.15), (self.hospital, 0.15)])
        if nxt is not None:
            self.admit_from_walkin(nxt)

    def admit_from_walkin(self, unit):
        """A walk-in patient asks for a bed, holding nothing meanwhile."""
        unit.arrivals += 1
        if unit is self.kad and not unit.has_room():
            unit.overflowed += 1  # kad has no queue: overflow at once
            self.admit_from_walkin(self.hospital)
            return
        self.env.process(self.ward_stay(unit, unit.res.request()))

    def ward_stay(self, unit, req):
        env, rng = self.env, self.rng
        yield req  # queued while the ward is full
        unit.admitted += 1
        start = env.now
        if unit is self.kad:
            yield env.timeout(rng.lognormvariate(KAD_MU, KAD_SIGMA))
            nxt = self.choose([(None, 0.80), (self.hospital, 0.20)])
        elif unit is self.hospital:
            yield env.timeout(rng.gammavariate(HOSP_SHAPE, HOSP_SCALE))
            nxt = self.choose([(None, 0.85), (self.nursing, 0.15)])
        else:
            yield env.timeout(rng.expovariate(1 / NURSING_MEAN))
            nxt = None
        if nxt is not None:
            nxt.arrivals += 1
            nreq = nxt.res.request()
            if not nreq.triggered:
                unit.blocked += 1
            # The bed upstream is held until the next ward takes the patient.
            env.process(self.ward_stay(nxt, nreq))
            yield nreq
        unit.busy_hours += env.now - start
        unit.res.release(req)

    def source(self, n):
        env, rng = self.env, self.rng
        for _ in range(n):
            yield env.timeout(rng.expovariate(ARRIVAL_RATE))
            env.process(self.legevakt_visit())


def main():
    n = int(float(sys.argv[1])) if len(sys.argv) > 1 else 100_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    env = simpy.Environment()
    net = Network(env, random.Random(seed))
    env.process(net.source(n))
    t0 = time.perf_counter()
    env.run()
    wall = time.perf_counter() - t0
    horizon = env.now
    for u in net.units:
        util = u.busy_hours / (u.res.capacity * horizon)
        print(
            f"# {u.name:9s} util={util:.3f} arrivals={u.arrivals} admitted={u.admitted} "
            f"overflowed={u.overflowed} blocked={u.blocked}"
        )
    print(f"# legevakt mean wait {net.waits / max(net.legevakt.admitted, 1) * 60:.1f} min")
    print(f"patients={n} wall_s={wall:.3f} patients_per_s={n / wall:.0f}")


if __name__ == "__main__":
    main()
