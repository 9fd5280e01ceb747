/* sim_check.h: helpers for tests that compare simulated estimates with
 * theory. Include after <cmocka.h>.
 *
 * The tolerance is the simulation's own confidence interval. A 95 %
 * interval misses the truth one time in twenty by design, and the
 * validation suite makes about fifty such comparisons, so each uses a
 * Bonferroni-corrected 99.9 % Student-t interval (0.05 / 50). Percentiles
 * also carry the histogram's resolution (hist.h: < 0.39 % relative). */
#ifndef SF_TEST_SIM_CHECK_H
#define SF_TEST_SIM_CHECK_H

#include "samflyt/samflyt.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Loads a model from a string; a diagnostic fails the test with its text. */
static inline sf_model *sim_load(const char *yaml) {
    sf_model *m = NULL;
    sf_diag d = {0};
    if (sf_model_load_buffer("t.yaml", yaml, strlen(yaml), &m, &d)) {
        char buf[1200];
        sf_diag_format(&d, buf, sizeof buf);
        fail_msg("%s", buf);
    }
    return m;
}

/* Case i of a table of bad models: 0 when loading yaml fails with
 * SF_ERR_MODEL and exactly the diagnostic want, else 1 after printing
 * what came instead (the table's test counts the failures). */
static inline int sim_refused(size_t i, const char *yaml, const char *want) {
    sf_model *m = (sf_model *)1;
    sf_diag d = {0};
    int rc = sf_model_load_buffer("t.yaml", yaml, strlen(yaml), &m, &d);
    char got[1200];
    sf_diag_format(&d, got, sizeof got);
    if (rc == SF_ERR_MODEL && m == NULL && strcmp(got, want) == 0)
        return 0;
    print_error("case %zu: rc %d\n  got:  %s\n  want: %s\n", i, rc, got, want);
    return 1;
}

static inline sf_results *sim_run(const char *yaml, int threads) {
    sf_model *m = sim_load(yaml);
    sf_diag d = {0};
    sf_run_opts o = {0};
    o.threads = threads;
    sf_results *r = NULL;
    int err = sf_run(m, &o, &r, &d);
    assert_int_equal(err, SF_OK);
    sf_model_free(m);
    return r;
}

static inline int sim_unit(const sf_results *r, const char *name) {
    for (int i = 0; i <= sf_results_unit_count(r); i++)
        if (!strcmp(sf_results_unit_name(r, i), name))
            return i;
    fail_msg("no unit '%s' in results", name);
    return -1;
}

/* Half-width of the Bonferroni 99.9 % interval, from the 95 % one. */
static inline double sim_half(sf_estimate e) {
    return e.half * gsl_cdf_tdist_Pinv(0.9995, e.n - 1) / gsl_cdf_tdist_Pinv(0.975, e.n - 1);
}

/* Does the interval of metric m at unit cover the true value? extra is an
 * additional absolute tolerance for a known bias (histogram resolution). */
static inline int sim_covers(const sf_results *r, const char *unit, sf_metric m, double truth,
                             double extra) {
    sf_estimate e = sf_results_estimate(r, sim_unit(r, unit), m);
    double half = sim_half(e) + extra;
    int ok = fabs(e.mean - truth) <= half;
    printf("  %-10s %-16s sim %.5g ± %.3g  theory %.5g  %s\n", unit, sf_metric_name(m), e.mean,
           half, truth, ok ? "ok" : "OUTSIDE");
    return ok;
}

#define sim_expect(r, unit, m, truth) assert_true(sim_covers((r), (unit), (m), (truth), 0))
#define sim_expect_q(r, unit, m, truth)                                                            \
    assert_true(sim_covers((r), (unit), (m), (truth), 0.0039 * (truth)))

#endif
