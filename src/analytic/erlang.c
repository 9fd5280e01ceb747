/* erlang.c: Erlang B, Erlang C and the M/M/c waiting-time results.
 *
 * Formulas: Gross, Shortle, Thompson & Harris, "Fundamentals of Queueing
 * Theory" (4th ed.), chapter 2: multiserver queues (M/M/c: P(wait), W_q,
 * L_q and the waiting-time distribution P(W > t) = C exp(-(c mu - lambda)
 * t)) and Erlang's loss formula (M/M/c/c); Kleinrock, "Queueing Systems,
 * Vol. 1", chapter 3 (M/M/m and M/M/m/m). Erlang B holds unchanged for
 * M/G/c/c (insensitivity; both books note it with the loss formula).
 *
 * Erlang B by the textbook ratio (a^c/c!) / sum_k a^k/k! overflows for c
 * past ~170 and loses everything to cancellation long before; this file
 * never forms it. */
#include "samflyt/analytic.h"

#include <math.h>

static int bad_rate(double x) { return !(x >= 0) || !isfinite(x); }

double sf_erlang_b(int c, double a) {
    if (c < 0 || bad_rate(a))
        return NAN;
    /* B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)): the ratio of consecutive
     * loss probabilities, so nothing grows like a^k or k!. Every quantity
     * is positive, so there is no cancellation and each step adds at most
     * a couple of rounding errors. And old errors shrink rather than grow:
     * the relative condition number of x -> a x / (k + a x) is
     * k / (k + a x) < 1. So the result is accurate to a few ulps times a
     * slowly growing factor for any c and a, at O(c) cost. */
    double b = 1.0;
    for (int k = 1; k <= c; k++) {
        b = a * b / (k + a * b);
        if (b == 0) /* underflowed: stays 0 (a = 0, or far below DBL_MIN) */
            break;
    }
    return b;
}

double sf_erlang_c(int c, double a) {
    if (c < 1 || bad_rate(a))
        return NAN;
    if (a >= c)
        return 1.0;
    /* C = c B / (c - a (1 - B)) (the closed form divided through by the
     * Erlang B sum). The
     * denominator is written (c - a) + a B: two non-negative terms, so it
     * does not cancel even when a is just below c. */
    double b = sf_erlang_b(c, a);
    double denom = ((double)c - a) + a * b;
    double C = c * b / denom;
    return C > 1 ? 1 : C;
}

/* Checks the M/M/c arguments and returns the offered load in *a. */
static int mmc_args(int c, double lambda, double mu, double *a) {
    if (c < 1 || bad_rate(lambda) || !(mu > 0) || !isfinite(mu))
        return -1;
    *a = lambda / mu;
    return isfinite(*a) ? 0 : -1;
}

double sf_mmc_mean_wait(int c, double lambda, double mu) {
    double a;
    if (mmc_args(c, lambda, mu, &a))
        return NAN;
    if (a >= c)
        return INFINITY;
    /* c mu - lambda written as (c - a) mu: the same number, but the
     * subtraction happens on the loads, where c is exact. */
    return sf_erlang_c(c, a) / (((double)c - a) * mu);
}

double sf_mmc_wait_tail(int c, double lambda, double mu, double t) {
    double a;
    if (mmc_args(c, lambda, mu, &a) || isnan(t))
        return NAN;
    if (t < 0 || a >= c)
        return 1.0;
    return sf_erlang_c(c, a) * exp(-((double)c - a) * mu * t);
}

double sf_mmc_wait_quantile(int c, double lambda, double mu, double p) {
    double a;
    if (mmc_args(c, lambda, mu, &a) || !(p >= 0 && p <= 1))
        return NAN;
    if (p == 0)
        return 0;
    if (a >= c)
        return INFINITY;
    /* P(W <= t) = 1 - C exp(-theta t) >= p  <=>  t >= ln(C / (1 - p)) / theta.
     * The atom at 0 (those who do not wait) covers p whenever C <= 1 - p. */
    double C = sf_erlang_c(c, a);
    double q = 1 - p;
    if (C <= q)
        return 0;
    if (q == 0)
        return INFINITY;
    return log(C / q) / (((double)c - a) * mu);
}

double sf_mmc_mean_queue(int c, double lambda, double mu) {
    double a;
    if (mmc_args(c, lambda, mu, &a))
        return NAN;
    if (a >= c)
        return INFINITY;
    /* L_q = lambda W_q = C a / (c - a) (Little's law). */
    return sf_erlang_c(c, a) * a / ((double)c - a);
}

double sf_mmc_mean_in_system(int c, double lambda, double mu) {
    double lq = sf_mmc_mean_queue(c, lambda, mu);
    if (isnan(lq) || isinf(lq))
        return lq;
    /* L = L_q + mean busy servers, and in a stable M/M/c that is a. */
    return lq + lambda / mu;
}
