/* compare.h: comparing scenarios of a model with common random numbers
 * (docs/compare.md).
 *
 * The base model and each scenario are run with the same seed and the same
 * replications (sf_run), so replication i of every variant draws the same
 * random numbers for the same purpose: the differences between variants
 * are estimated from paired replications, with a Student-t interval on the
 * per-replication differences. sf_compare turns the results into one
 * difference per scenario and indicator (a unit, or the network, and a
 * metric), flags the significant ones (95 % interval excludes 0, and a
 * Bonferroni-corrected test over all differences reported), and, given
 * targets and swing weights between stated worst and best levels, ranks
 * the variants: targets first, then the value score, with ranks that
 * differ only where the paired score difference is significant.
 *
 * Ownership: an sf_compare copies what it needs from the results; it does
 * not keep pointers to them. Free it with sf_compare_free. */
#ifndef SAMFLYT_COMPARE_H
#define SAMFLYT_COMPARE_H

#include "samflyt/samflyt.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sf_compare sf_compare;

/* Whether more of a metric is better (+1), worse (-1), or neither (0,
 * such as arrivals or occupancy: a weight cannot rank by those). */
int sf_metric_direction(sf_metric m);

/* res[0] is the base, res[1..n) the scenarios, named by names[0..n)
 * (names[0] is normally "base"). Every result must have the same number
 * of replications (>= 2) and the same seed: otherwise the pairing would
 * be meaningless, and SF_ERR_ARG is returned. Units are matched by name;
 * a unit that exists in only some variants has no difference (NaN) where
 * it is missing. */
int sf_compare_new(const sf_results *const *res, const char *const *names, int n, sf_compare **out,
                   sf_diag *diag);
void sf_compare_free(sf_compare *c);

/* Ranking (docs/compare.md): spec "unit.metric=W:WORST:BEST,..." (swing
 * weight W > 0 between two levels such as 14d, 80% or 3; unit may be
 * "network" or "pop:NAME") replaces the model's weighted indicators; the
 * model's targets (`weights:` entries with target) apply either way. spec
 * and m may be NULL; with neither, no ranking (SF_OK). A bad --weights item
 * is SF_ERR_ARG, a bad model item SF_ERR_MODEL at its line and column; a
 * failed call keeps the previous ranking. */
int sf_compare_set_ranking(sf_compare *c, const char *spec, const sf_model *m, sf_diag *diag);
/* The same from spec alone, or from the model alone. */
int sf_compare_set_weights(sf_compare *c, const char *spec, sf_diag *diag);
int sf_compare_set_model_weights(sf_compare *c, const sf_model *m, sf_diag *diag);

int sf_compare_variant_count(const sf_compare *c); /* base included */
const char *sf_compare_variant_name(const sf_compare *c, int v);
int sf_compare_replications(const sf_compare *c);
/* Rows compared: the units (matched by name), then the populations of
 * models with `populations` (named "pop:NAME"), then the network (last). */
int sf_compare_unit_count(const sf_compare *c);
const char *sf_compare_unit_name(const sf_compare *c, int u);

/* The difference scenario v (1..) minus the base for unit u and metric m. */
typedef struct sf_diff {
    double base;  /* the base's mean over replications */
    double value; /* the scenario's mean */
    double diff;  /* mean of the paired differences */
    double half;  /* 95 % t half-width of diff (paired) */
    double lo, hi;
    double sd;            /* of the paired differences */
    double p;             /* two-sided p-value of the paired t-test */
    double half_unpaired; /* the Welch half-width, as if the runs were independent */
    int n;                /* replications where both are defined */
    int significant;      /* the 95 % interval excludes 0 */
    int bonferroni;       /* p < 0.05 / (number of differences with n >= 2) */
} sf_diff;

sf_diff sf_compare_diff(const sf_compare *c, int v, int u, sf_metric m);
/* The number of differences the Bonferroni correction counts. */
int sf_compare_tests(const sf_compare *c);

/* One ranked indicator (docs/compare.md, "Ranking"), in the metric's
 * unit: swing weight w >= 0 (0: a target only) between the levels worst
 * and best (w > 0 only; worst != best); targets tmax / tmin, NaN when
 * absent. */
typedef struct sf_criterion {
    double w, worst, best, tmax, tmin;
} sf_criterion;

/* What the ranking says of one variant. */
typedef struct sf_rank_row {
    double value;    /* mean value score, 0..100 between all-worst and all-best */
    sf_diff vs_base; /* paired difference of the value score to variant 0 */
    double first;    /* share of replications in which it has the highest value among
                        the variants that meet all targets (all, if none does) */
    int meets;       /* every target met: its 95 % interval lies inside */
    int missed;      /* the first target not met (criterion index), or -1 */
    double missed_mean, missed_bound; /* that indicator's mean and 95 % bound */
    int rank; /* 1 + variants ranked above it for sure (see sf_rank_value) */
} sf_rank_row;

/* Ranking (after sf_compare_set_ranking or the set_weights calls): targets
 * first, then the value score (docs/compare.md, "Ranking"). NaN / no row
 * without a ranking. */
int sf_compare_weight_count(const sf_compare *c); /* ranked indicators, 0: no ranking */
/* Ranked indicator k: its row (unit) and metric, and its levels, weight
 * and targets in the metric's unit; returns the weight (NaN out of range). */
/* Checks the ranking before anything is simulated, against the models of
 * the variants (models[0] the base): spec as for --weights, or NULL for the
 * base model's weights: (SF_OK when it has none). The names must be rows
 * the comparison will have (a variant's unit, pop:NAME, network), a
 * weighted metric must rank, the levels be in its unit, and a booked
 * clinic's figure (appt_days_mean, ...) must name a booked clinic. The same
 * diagnostics as sf_compare_set_ranking. */
int sf_compare_check_weights(const sf_model *const *models, int n, const char *spec, sf_diag *diag);
double sf_compare_weight(const sf_compare *c, int k, int *unit, sf_metric *m);
sf_criterion sf_compare_criterion(const sf_compare *c, int k);
sf_rank_row sf_compare_rank(const sf_compare *c, int v);
/* 1 when variant a's value is significantly above b's (Bonferroni over the
 * pairs); variants of one group with neither above the other are tied. */
int sf_compare_better(const sf_compare *c, int a, int b);
int sf_compare_pairs(const sf_compare *c);                 /* nv (nv - 1) / 2 */
double sf_compare_score(const sf_compare *c, int v);       /* the mean value score */
double sf_compare_first_share(const sf_compare *c, int v); /* see sf_rank_row.first */

/* compare.csv: one row per scenario, unit and metric. */
int sf_compare_write_csv(const sf_compare *c, FILE *f);
/* ranking.csv: one row per variant in rank order (header only without a
 * ranking): rank, targets, value and its paired difference to the base,
 * first-place share and the variants it is tied with (space-separated). */
int sf_compare_write_ranking_csv(const sf_compare *c, FILE *f);
/* compare.json: everything, including each replication's differences. */
int sf_compare_write_json(const sf_compare *c, FILE *f);
/* report.html: one self-contained page (inline SVG, no script): the
 * ranking if weighted, charts of differences with their intervals, and
 * per scenario every difference that is not zero in every replication.
 * model names the model in the title. */
int sf_compare_write_html(const sf_compare *c, const char *model, FILE *f);

#ifdef __cplusplus
}
#endif
#endif
