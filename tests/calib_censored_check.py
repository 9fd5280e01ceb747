#!/usr/bin/python3
"""calib_censored_check.py TOOL: checks samflyt's right-censored
length-of-stay fits (stays still open at the extract's end;
sf_fit_los_censored in src/flow/fitdist.c, through tests/calib_fit_tool.c)
against an independent computation: the censored log-likelihood
sum log f(x) + sum log S(c) written here with scipy.stats (logpdf,
logsf) and maximised with scipy.optimize (Nelder-Mead); the
exponential also against its closed form, events / total time. The
parameters and the log-likelihood at them must agree. Run by CTest with
Debian's /usr/bin/python3 (python3-scipy)."""
import os
import subprocess
import sys
import tempfile

import numpy as np
from rel_check import check, done, fail
from scipy import optimize, stats

tool = sys.argv[1]
rng = np.random.default_rng(20261204)


def censor(t, horizon):
    """Stays that began uniformly over the horizon: those still in care at
    its end are censored at the time in care so far."""
    begin = rng.uniform(0, horizon, len(t))
    left = horizon - begin
    return t[t <= left], left[t > left]


def write(values):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(repr(float(v)) for v in values))
        return f.name


def loglik(dist, x, c):
    return np.sum(dist.logpdf(x)) + np.sum(dist.logsf(c))


def ll_lognormal(q, x, c):
    s, scale = np.exp(q[1]), np.exp(q[0])
    return np.sum(stats.lognorm.logpdf(x, s, scale=scale)) + np.sum(stats.lognorm.logsf(c, s, scale=scale))


def ll_gamma(q, x, c):
    k, scale = np.exp(q[0]), np.exp(q[1])
    return np.sum(stats.gamma.logpdf(x, k, scale=scale)) + np.sum(stats.gamma.logsf(c, k, scale=scale))


def mle(ll, x, c, start):
    neg = lambda p: -ll(p, x, c)
    r = optimize.minimize(neg, start, method="Nelder-Mead", options={"xatol": 1e-9, "fatol": 1e-11, "maxiter": 4000})
    return r.x, -r.fun


samples = {
    "lognormal": censor(rng.lognormal(3.0, 0.8, 3000), 24 * 90),
    "gamma": censor(rng.gamma(2.0, 40.0, 3000), 24 * 30),
    "exponential": censor(rng.exponential(50.0, 1000), 24 * 20),
}
for name, (x, c) in samples.items():
    print(f"{name}: {len(x)} completed, {len(c)} censored")
    px, pc = write(x), write(c)
    try:
        out = subprocess.run([tool, px, "censored=" + pc], check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(px)
        os.unlink(pc)
    fits = {}
    for line in out.splitlines():
        parts = line.split()
        if parts[0] in ("exponential", "lognormal", "gamma"):
            fits[parts[0]] = {k: float(v) for k, v in (p.split("=") for p in parts[1:])}
    # exponential: closed form, mean = total time / events
    mean = (x.sum() + c.sum()) / len(x)
    check(f"{name} exponential mean", fits["exponential"]["p0"], mean, 1e-12)
    check(f"{name} exponential loglik", fits["exponential"]["loglik"], loglik(stats.expon(scale=mean), x, c), 1e-10)
    # lognormal: (mu, log sigma)
    lx = np.log(x)
    p, ll = mle(ll_lognormal, x, c, [lx.mean(), np.log(lx.std())])
    check(f"{name} lognormal mu", fits["lognormal"]["p0"], p[0], 1e-5)
    check(f"{name} lognormal sigma", fits["lognormal"]["p1"], np.exp(p[1]), 1e-5)
    check(f"{name} lognormal loglik", fits["lognormal"]["loglik"], ll, 1e-9)
    # gamma: (log k, log theta)
    k0, _, th0 = stats.gamma.fit(x, floc=0)
    p, ll = mle(ll_gamma, x, c, [np.log(k0), np.log(th0)])
    check(f"{name} gamma shape", fits["gamma"]["p0"], np.exp(p[0]), 1e-5)
    check(f"{name} gamma scale", fits["gamma"]["p1"], np.exp(p[1]), 1e-5)
    check(f"{name} gamma loglik", fits["gamma"]["loglik"], ll, 1e-9)

done()
