#!/usr/bin/python3
"""calib_scipy_check.py TOOL: checks samflyt's length-of-stay fits
(src/flow/fitdist.c, through tests/calib_fit_tool.c) against scipy, an
independent implementation: the maximum-likelihood parameters of the
exponential, lognormal and gamma families (scipy.stats.*.fit with the
location fixed at 0), the log-likelihood at them, the Kolmogorov-Smirnov
distance (scipy.stats.kstest) and the Kolmogorov tail (scipy.special.
kolmogorov), and the gamma standard errors against the inverse of the
observed Fisher information computed by finite differences here.
Run by CTest with Debian's /usr/bin/python3 (python3-scipy)."""
import os
import subprocess
import sys
import tempfile

import numpy as np
from rel_check import check, done, fail
from scipy import special, stats

tool = sys.argv[1]
rng = np.random.default_rng(20261125)
samples = {
    "lognormal": rng.lognormal(1.2, 0.7, 3000),
    "gamma": rng.gamma(2.5, 8.0, 3000),
    "exponential": rng.exponential(30.0, 500),
    "weibull": 5 * rng.weibull(1.7, 2000),  # none of the families
    "small": np.array([0.5, 1.25, 2.0, 7.5, 3.25]),
}
lams = [0.3, 0.8, 1.0, 1.18, 1.36, 2.0]


for name, x in samples.items():
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(repr(float(v)) for v in x))
        path = f.name
    try:
        out = subprocess.run([tool, path] + [str(l) for l in lams], check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(path)
    fits = {}
    q = {}
    for line in out.splitlines():
        parts = line.split()
        if parts[0] == "q":
            q[float(parts[1])] = float(parts[2])
        elif "=" in parts[1] and not parts[0].startswith("n="):
            fits[parts[0]] = {k: float(v) for k, v in (p.split("=") for p in parts[1:])}
    n = len(x)
    sn = np.sqrt(n)

    # exponential
    _, scale = stats.expon.fit(x, floc=0)
    e = fits["exponential"]
    check(f"{name}: exponential mean", e["p0"], scale, 1e-12)
    check(f"{name}: exponential loglik", e["loglik"], stats.expon.logpdf(x, 0, scale).sum(), 1e-10)
    d = stats.kstest(x, stats.expon(0, e["p0"]).cdf, mode="asymp").statistic
    check(f"{name}: exponential KS D", e["ks_d"], d, 1e-9)
    check(f"{name}: exponential KS p", e["ks_p"], special.kolmogorov((sn + 0.12 + 0.11 / sn) * d), 1e-6)

    # lognormal: scipy's s is sigma, scale exp(mu)
    s, _, sc = stats.lognorm.fit(x, floc=0)
    ln = fits["lognormal"]
    check(f"{name}: lognormal mu", ln["p0"], np.log(sc), 1e-9)
    check(f"{name}: lognormal sigma", ln["p1"], s, 1e-9)
    check(f"{name}: lognormal loglik", ln["loglik"], stats.lognorm.logpdf(x, s, 0, sc).sum(), 1e-9)
    d = stats.kstest(x, stats.lognorm(ln["p1"], 0, np.exp(ln["p0"])).cdf, mode="asymp").statistic
    check(f"{name}: lognormal KS D", ln["ks_d"], d, 1e-9)

    # gamma: scipy's optimiser stops near the MLE; compare parameters at
    # 1e-4 and the likelihood at 1e-8 (ours must be at least as high:
    # it is the exact root of the likelihood equation)
    a, _, sc = stats.gamma.fit(x, floc=0)
    g = fits["gamma"]
    check(f"{name}: gamma shape", g["p0"], a, 1e-4)
    check(f"{name}: gamma scale", g["p1"], sc, 1e-4)
    ll_theirs = stats.gamma.logpdf(x, a, 0, sc).sum()
    ll_ours_scipy = stats.gamma.logpdf(x, g["p0"], 0, g["p1"]).sum()
    check(f"{name}: gamma loglik (scipy's formula at our MLE)", g["loglik"], ll_ours_scipy, 1e-10)
    if ll_ours_scipy < ll_theirs - 1e-8 * abs(ll_theirs):
        fail(f"{name}: scipy's gamma fit has a higher likelihood ({ll_theirs} > {ll_ours_scipy})")
    # standard errors: observed information of the gamma log-likelihood in
    # (k, theta) by central differences
    def ll(k, th):
        return stats.gamma.logpdf(x, k, 0, th).sum()
    k, th = g["p0"], g["p1"]
    hk, ht = 1e-4 * k, 1e-4 * th
    hkk = (ll(k + hk, th) - 2 * ll(k, th) + ll(k - hk, th)) / hk**2
    htt = (ll(k, th + ht) - 2 * ll(k, th) + ll(k, th - ht)) / ht**2
    hkt = (ll(k + hk, th + ht) - ll(k + hk, th - ht) - ll(k - hk, th + ht) + ll(k - hk, th - ht)) / (4 * hk * ht)
    cov = np.linalg.inv(-np.array([[hkk, hkt], [hkt, htt]]))
    check(f"{name}: gamma se(shape)", g["se0"], np.sqrt(cov[0, 0]), 1e-3)
    check(f"{name}: gamma se(scale)", g["se1"], np.sqrt(cov[1, 1]), 1e-3)

for lam, ours in q.items():
    check(f"Kolmogorov Q({lam})", ours, special.kolmogorov(lam), 1e-9)

done()
