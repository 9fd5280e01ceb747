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
 * weights per indicator, ranks the scenarios by a weighted score of
 * standardised indicators, with the share of replications in which each
 * variant comes first.
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

/* Weights: "unit.metric=w,unit.metric=w,..." with w > 0 (unit may be
 * "network"; the metric is the part after the last dot). Sets the
 * ranking; SF_ERR_ARG with a diagnostic naming the bad item otherwise. */
int sf_compare_set_weights(sf_compare *c, const char *spec, sf_diag *diag);
/* The same from the model file's `weights:` (none: no ranking, SF_OK);
 * a bad item is SF_ERR_MODEL at its line and column in the file. */
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

/* Ranking (after sf_compare_set_weights): each variant's mean weighted
 * score (higher is better; 0 is the average over all variants) and the
 * share of replications in which it scores highest (ties share). NaN
 * without weights. */
double sf_compare_score(const sf_compare *c, int v);
double sf_compare_first_share(const sf_compare *c, int v);
int sf_compare_weight_count(const sf_compare *c);
/* Checks weights before anything is simulated, against the models of the
 * variants (models[0] the base): spec as for --weights, or NULL for the
 * base model's weights: (SF_OK when it has none). The names must be rows
 * the comparison will have (a variant's unit, pop:NAME, network), the
 * metric must rank, the weight be > 0, and a booked clinic's figure
 * (appt_days_mean, ...) must name a booked clinic. The same diagnostics as
 * sf_compare_set_weights; the check against the results stays there. */
int sf_compare_check_weights(const sf_model *const *models, int n, const char *spec, sf_diag *diag);
/* Weighted indicator k < sf_compare_weight_count: its row (unit) and
 * metric; returns the weight (NaN for a k out of range). */
double sf_compare_weight(const sf_compare *c, int k, int *unit, sf_metric *m);

/* compare.csv: one row per scenario, unit and metric. */
int sf_compare_write_csv(const sf_compare *c, FILE *f);
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
