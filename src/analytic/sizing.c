/* sizing.c: the smallest number of servers (beds, staff, rooms) that meets
 * a target, by Erlang B for loss systems and Erlang C for M/M/c queues.
 *
 * Formulas as in erlang.c (Gross, Shortle, Thompson & Harris, "Fundamentals
 * of Queueing Theory", 4th ed., chapter 2, including its section on
 * choosing the number of servers; Kleinrock, "Queueing Systems, Vol. 1",
 * chapter 3). Every target here is monotone in c: Erlang B and Erlang C
 * fall as c grows, and c mu - lambda grows, so the first c that meets the
 * target is the answer. The search walks c upward while carrying B(c, a)
 * with the same recursion as sf_erlang_b, so finding c costs O(c) in all,
 * not O(c^2). */
#include "samflyt/analytic.h"

#include <limits.h>
#include <math.h>

/* Above this the answer is at least 10^9 servers; see analytic.h. */
#define MAX_LOAD 1e9

static int bad(double x) { return !(x >= 0) || !isfinite(x); }

int sf_size_erlang_b(double a, double max_block) {
    if (bad(a) || a > MAX_LOAD || isnan(max_block) || max_block < 0)
        return -1;
    /* B > 0 for every finite c when a > 0; the recursion would eventually
     * underflow to 0 and "meet" a zero target, which would be a lie. */
    if (max_block == 0 && a > 0)
        return -1;
    double b = 1.0;
    for (int c = 1; c < INT_MAX; c++) {
        b = a * b / (c + a * b);
        if (b <= max_block)
            return c;
    }
    return -1;
}

/* Walks c upward from the smallest stable c, handing each c with its
 * Erlang C and c - a to meets(); returns the first c it accepts. */
typedef int (*meets_fn)(double C, double slack, double mu, const double *target);

static int walk_c(double lambda, double mu, meets_fn meets, const double *target) {
    if (bad(lambda) || !(mu > 0) || !isfinite(mu))
        return -1;
    double a = lambda / mu;
    if (!(a <= MAX_LOAD))
        return -1;
    int c = (int)floor(a) + 1; /* the smallest c > a */
    double b = sf_erlang_b(c, a);
    for (;;) {
        double slack = (double)c - a; /* > 0 */
        double C = c * b / (slack + a * b);
        if (meets(C > 1 ? 1 : C, slack, mu, target))
            return c;
        if (c == INT_MAX)
            return -1;
        c++;
        b = a * b / (c + a * b);
    }
}

static int meets_wait(double C, double slack, double mu, const double *target) {
    return C / (slack * mu) <= target[0]; /* W_q = C / (c mu - lambda) */
}

static int meets_prob(double C, double slack, double mu, const double *target) {
    (void)slack;
    (void)mu;
    return C <= target[0];
}

static int meets_level(double C, double slack, double mu, const double *target) {
    /* P(W <= t) >= share  <=>  C exp(-(c mu - lambda) t) <= 1 - share. */
    return C * exp(-slack * mu * target[0]) <= target[1];
}

int sf_size_erlang_c_wait(double lambda, double mu, double max_mean_wait) {
    if (isnan(max_mean_wait) || max_mean_wait < 0 || (max_mean_wait == 0 && lambda > 0))
        return -1;
    return walk_c(lambda, mu, meets_wait, &max_mean_wait);
}

int sf_size_erlang_c_prob(double lambda, double mu, double max_wait_prob) {
    if (isnan(max_wait_prob) || max_wait_prob < 0 || (max_wait_prob == 0 && lambda > 0))
        return -1;
    return walk_c(lambda, mu, meets_prob, &max_wait_prob);
}

int sf_size_erlang_c_service_level(double lambda, double mu, double t, double share) {
    if (isnan(t) || t < 0 || isnan(share) || share > 1 || (share == 1 && lambda > 0))
        return -1;
    /* 1 - share is exact for share >= 1/2, the range service levels live in. */
    double target[2] = {t, share <= 0 ? 1 : 1 - share};
    return walk_c(lambda, mu, meets_level, target);
}
