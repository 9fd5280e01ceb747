#!/usr/bin/python3
"""simpy_chain.py: the care-network peer for samflyt's benchmark.

The shape of bench/models/chain.yaml, in idiomatic SimPy (time in hours):

    arrivals 1/h -> legevakt (walk-in, 3 servers, lognormal(25m, 15m))
        -> home .70 | kad .15 | hospital .15
    kad      (ward, 6 beds, lognormal(2d, 1d), overflow: hospital)
        -> home .80 | hospital .20
    hospital (ward, 20 beds, gamma(3.5d, 2d)) -> home .85 | nursing .15
    nursing  (ward, 30 beds, exp(30d)) -> home

Distributions are given by mean and standard deviation, as in the model
file: lognormal(m, s) has sigma^2 = ln(1 + s^2/m^2), mu = ln m - sigma^2/2;
gamma(m, s) has shape (m/s)^2 and scale s^2/m.

Rules, and where SimPy can only approximate the engine:
- A walk-in patient waits in a FIFO queue for a server. When service ends
  the server is freed at once (a walk-in server never blocks); a patient
  whose ward is full goes to that ward's overflow (kad -> hospital) if it
  has a free bed, else is rejected (leaves; counted).
- A ward patient whose next ward is full stays in the bed (blocking)
  until a bed frees there; blocked patients get freed beds first come,
  first served (a SimPy Resource queue is FIFO). Only ward-to-ward
  transfers wait; arrivals from the walk-in unit never queue for a bed.
- A request that finds a free bed while others are blocked waiting for
  that ward cannot happen here: SimPy hands a freed bed to the first queued
  request in the same step, and a new arrival checks `count < capacity`.
  The engine's tie-breaking between a bed freeing and a simultaneous
  arrival may differ (equal times have probability zero with these
  continuous distributions).
- No warm-up and a fixed number of patients (N arrivals), where the model
  file gives a horizon; rates per wall second are compared, not totals.

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
        self.arrivals = self.admitted = self.overflowed = self.rejected = 0
        self.blocked = 0
        self.busy_hours = 0.0  # server- or bed-hours occupied, incl. blocked

    def has_room(self):
        return self.res.count < self.res.capacity


class Network:
    def __init__(self, env, rng):
        self.env, self.rng = env, rng
        self.legevakt = Unit(env, "legevakt", 3)
        self.kad = Unit(env, "kad", 6)
        self.hospital = Unit(env, "hospital", 20)
        self.nursing = Unit(env, "nursing", 30)
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
        """A request that may not wait: overflow, else reject."""
        unit.arrivals += 1
        if unit.has_room():
            self.env.process(self.ward_stay(unit, unit.res.request()))
        elif unit is self.kad:
            unit.overflowed += 1
            self.admit_from_walkin(self.hospital)
        else:
            unit.rejected += 1

    def ward_stay(self, unit, req):
        env, rng = self.env, self.rng
        yield req  # granted at once for walk-in arrivals; awaited when blocked upstream
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
            f"overflowed={u.overflowed} rejected={u.rejected} blocked={u.blocked}"
        )
    print(f"# legevakt mean wait {net.waits / max(net.legevakt.admitted, 1) * 60:.1f} min")
    print(f"patients={n} wall_s={wall:.3f} patients_per_s={n / wall:.0f}")


if __name__ == "__main__":
    main()
