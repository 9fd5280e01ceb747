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
 * replication i; w[k] > 0 its weight and dir[k] = +1 or -1 its direction.
 * Each indicator is standardised over all variants and replications
 * (z = (x - mean) / sd; 0 when sd is 0), the score of (v, i) is
 * sum_k w[k] dir[k] z, and score[v] is its mean over i; first[v] is the
 * share of replications where v scores highest, ties shared equally.
 * Returns -1 (and leaves the outputs) if any x is NaN. */
int sf_rank_scores(int nk, int nv, int nreps, const double *x, const double *w, const int *dir,
                   double *score, double *first);

#endif
