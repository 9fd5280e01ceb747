/* test_deadlock.c: deadlock from circular blocking (src/sim/engine.c,
 * deadlock_check) and what sf_run makes of it.
 *
 * The oracle is independent of the detector: the engine is told to run a
 * deadlocked replication on to its end (sf_engine_deadlock_go_on), and the
 * stay hook records when each ward last let a patient go.
 * - Every detection is real: no ward of the deadlock lets anyone go after
 *   the hour of the deadlock, for the rest of the horizon.
 * - No deadlock is missed: a replication without one has departures from
 *   every ward in its last days (at these rates a live ward discharges
 *   several patients a week, so a ward silent for 20 days is stuck).
 * - Models with blocking but no cycle, and a ward that routes back to
 *   itself, never deadlock, while blocking does happen in them.
 * - sf_run: a deadlocked replication has no figures (NaN), and is listed
 *   with its hour and units. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
/* cmocka needs the headers above first */
#include <cmocka.h>

#include "sim/engine.h"
#include "sim_check.h"

/* Two one-bed wards sending patients to each other. */
static const char two_wards[] = "horizon: 80d\n"
                                "arrivals:\n"
                                "  a: {rate: 0.5/d, to: ward-a}\n"
                                "  b: {rate: 0.5/d, to: ward-b}\n"
                                "units:\n"
                                "  ward-a: {kind: ward, beds: 1, los: exp(1d),\n"
                                "           next: {ward-b: 0.15, home: 0.85}}\n"
                                "  ward-b: {kind: ward, beds: 1, los: exp(1d),\n"
                                "           next: {ward-a: 0.15, home: 0.85}}\n";

typedef struct last_end {
    double t[8];
    long n[8];
} last_end;

static void on_stay(void *user, const sf_engine_stay *s) {
    last_end *l = user;
    if (s->end > l->t[s->unit])
        l->t[s->unit] = s->end;
    l->n[s->unit]++;
}

/* Runs reps replications with the oracle; returns how many deadlocked. */
static int check_oracle(const char *yaml, int reps, int *blocked) {
    sf_model *m = sim_load(yaml);
    sf_engine *e = NULL;
    assert_int_equal(sf_engine_create(m, &e), SF_OK);
    sf_engine_deadlock_go_on(e, 1);
    double *values = malloc((size_t)sf_engine_rows(m) * SF_M_COUNT * sizeof *values);
    assert_non_null(values);
    int dead = 0;
    double end = m->warmup + m->horizon;
    *blocked = 0;
    for (int rep = 0; rep < reps; rep++) {
        last_end l = {{0}, {0}};
        assert_int_equal(sf_engine_on_stay(e, on_stay, &l), SF_OK);
        sf_rep_out out = {values, 0, 0, NULL, NULL};
        assert_int_equal(sf_engine_replicate(e, 7, rep, &out), SF_OK);
        const unsigned char *units;
        double t = sf_engine_deadlock(e, &units);
        for (int u = 0; u < m->nunits; u++)
            *blocked += values[(size_t)u * SF_M_COUNT + SF_M_BLOCKED] > 0;
        if (isnan(t)) {
            for (int u = 0; u < m->nunits; u++)
                if (m->units[u].kind == SF_UNIT_WARD && !(l.t[u] > end - 20 * 24))
                    fail_msg("rep %d: ward %s silent from hour %g to %g, not detected", rep,
                             m->units[u].name, l.t[u], end);
            continue;
        }
        dead++;
        int n = 0;
        for (int u = 0; u < m->nunits; u++) {
            if (!units[u])
                continue;
            n++;
            if (l.t[u] > t)
                fail_msg("rep %d: deadlock at hour %g, but %s let a patient go at %g", rep, t,
                         m->units[u].name, l.t[u]);
        }
        assert_true(n >= 2);
    }
    sf_engine_on_stay(e, NULL, NULL);
    free(values);
    sf_engine_free(e);
    sf_model_free(m);
    return dead;
}

static void test_two_wards_detected(void **state) {
    (void)state;
    int blocked;
    int dead = check_oracle(two_wards, 40, &blocked);
    /* some replications deadlock, some do not: both branches checked */
    assert_true(dead >= 5);
    assert_true(dead <= 35);
}

static void test_no_false_positive(void **state) {
    (void)state;
    /* a chain of one-bed wards under heavy load: blocking, no cycle */
    static const char chain[] = "horizon: 80d\n"
                                "arrivals: {a: {rate: 2/d, to: w1}}\n"
                                "units:\n"
                                "  w1: {kind: ward, beds: 1, los: exp(1d), next: w2}\n"
                                "  w2: {kind: ward, beds: 1, los: exp(1d), next: w3}\n"
                                "  w3: {kind: ward, beds: 2, los: exp(1d)}\n";
    /* a ward that sends patients back to itself, and on to a full ward
     * that sends them home */
    static const char self[] = "horizon: 80d\n"
                               "arrivals: {a: {rate: 3/d, to: w1}}\n"
                               "units:\n"
                               "  w1: {kind: ward, beds: 1, los: exp(4h),\n"
                               "       next: {w1: 0.5, w2: 0.3, home: 0.2}}\n"
                               "  w2: {kind: ward, beds: 1, los: exp(1d)}\n";
    int blocked;
    assert_int_equal(check_oracle(chain, 20, &blocked), 0);
    assert_true(blocked > 20);
    assert_int_equal(check_oracle(self, 20, &blocked), 0);
    assert_true(blocked > 0);
}

/* The static check: the cycle is found in routing order, through an
 * overflow chain too; an overflow without a queue limit on one ward of
 * the cycle breaks it, and then the run never deadlocks either. */
static void test_static_cycle(void **state) {
    (void)state;
    int cyc[4], blocked;
    sf_model *m = sim_load(two_wards);
    assert_int_equal(sf_model_blocking_cycle(m, cyc, 4), 2);
    assert_int_equal(cyc[0], 0);
    assert_int_equal(cyc[1], 1);
    sf_model_free(m);
    /* a -> b; b full sends on to c at once; c -> a: a cycle a, c */
    static const char via[] = "horizon: 10d\n"
                              "arrivals: {s: {rate: 1/d, to: a}}\n"
                              "units:\n"
                              "  a: {kind: ward, beds: 1, los: exp(1d), next: {b: .5, home: .5}}\n"
                              "  b: {kind: ward, beds: 1, los: exp(1d), overflow: c}\n"
                              "  c: {kind: ward, beds: 1, los: exp(1d), next: {a: .5, home: .5}}\n";
    m = sim_load(via);
    assert_int_equal(sf_model_blocking_cycle(m, cyc, 4), 2);
    assert_int_equal(cyc[0], 0);
    assert_int_equal(cyc[1], 2);
    sf_model_free(m);
    /* the two wards, ward-b turning transfers away when full */
    char broken[sizeof two_wards + 64];
    snprintf(broken, sizeof broken, "%s", two_wards);
    char *at = strstr(broken, "next: {ward-a: 0.15");
    assert_non_null(at);
    memmove(at + 18, at, strlen(at) + 1);
    memcpy(at, "overflow: reject, ", 18);
    m = sim_load(broken);
    assert_int_equal(sf_model_blocking_cycle(m, cyc, 4), 0);
    sf_model_free(m);
    assert_int_equal(check_oracle(broken, 40, &blocked), 0);
    assert_true(blocked > 0);
}

/* The examples' care chains, with their own blocking: no deadlock. */
static void test_examples_no_deadlock(void **state) {
    (void)state;
    static const char *const files[] = {"care-chain", "karlskoga", "lappland",
                                        "orebro",     "roros",     "vesteralen"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/../../examples/%s/model.yaml", SF_TEST_DATA, files[i]);
        sf_model *m = NULL;
        sf_diag d = {0};
        assert_int_equal(sf_model_load_file(path, &m, &d), SF_OK);
        sf_run_opts o = {.replications = 3};
        sf_results *r = NULL;
        assert_int_equal(sf_run(m, &o, &r, &d), SF_OK);
        assert_int_equal(sf_results_deadlocked(r), 0);
        sf_results_free(r);
        sf_model_free(m);
    }
}

/* sf_run: the deadlocked replications are listed and left out. */
static void test_run_outcome(void **state) {
    (void)state;
    sf_model *m = sim_load(two_wards);
    sf_run_opts o = {.replications = 40, .has_seed = 1, .seed = 7, .threads = 2};
    sf_results *r = NULL;
    sf_diag d = {0};
    assert_int_equal(sf_run(m, &o, &r, &d), SF_OK);
    int dead = 0;
    for (int k = 0; k < 40; k++) {
        double t = sf_results_deadlock_time(r, k);
        double occ = sf_results_value(r, k, 0, SF_M_OCC_MEAN);
        if (isnan(t)) {
            assert_false(isnan(occ));
            assert_int_equal(sf_results_deadlock_unit(r, k, 0), 0);
            continue;
        }
        dead++;
        assert_true(t > 0 && t <= 80 * 24);
        assert_true(isnan(occ));
        assert_int_equal(sf_results_deadlock_unit(r, k, 0), 1);
        assert_int_equal(sf_results_deadlock_unit(r, k, 1), 1);
    }
    assert_int_equal(sf_results_deadlocked(r), dead);
    assert_true(dead >= 5);
    /* the mean is over the others only */
    sf_estimate x = sf_results_estimate(r, 0, SF_M_OCC_MEAN);
    assert_int_equal(x.n, 40 - dead);
    sf_results_free(r);
    sf_model_free(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_wards_detected), cmocka_unit_test(test_no_false_positive),
        cmocka_unit_test(test_static_cycle),       cmocka_unit_test(test_examples_no_deadlock),
        cmocka_unit_test(test_run_outcome),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
