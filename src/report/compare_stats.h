/* compare_stats.h: the statistics behind scenario comparison (compare.c),
 * on plain arrays so tests can check them against hand-worked figures.
 * Internal to src/report. */
#ifndef SF_COMPARE_STATS_H
#define SF_COMPARE_STATS_H

#include "samflyt/compare.h"

/* The paired difference b - a over n replications (pairs where either is
 * NaN are left out), with the means of a and b over their own defined
 * values and the Welch half-width as if a and b were independent.
 * significant/bonferroni are left 0: they depend on all the tests. */
sf_diff sf_paired_diff(const double *a, const double *b, int n);

/* Ranking. x[(k * nv + v) * nreps + i] is indicator k of variant v in
 * replication i. The value of (v, i) is 100 * sum_k w_k (x - worst_k) /
 * (best_k - worst_k) / sum_k w_k (linear, not clamped). A variant meets its
 * targets when the 95 % t-interval of each targeted indicator's mean lies
 * within them. better[a * nv + b] (nv * nv, may be NULL) is set when a's
 * value is higher than b's in a paired t-test at 0.05 / P, P = nv (nv - 1)
 * / 2 (Bonferroni over every pair). rank = 1 + the variants that meet all
 * targets if this one does not + the variants in its own group (meets or
 * not) that are significantly better. Returns -1 if any x is NaN, with
 * fewer than 2 replications, or on out of memory. */
int sf_rank_value(int nk, int nv, int nreps, const double *x, const sf_criterion *k,
                  sf_rank_row *row, unsigned char *better);

#endif
