/* test_engine_loop.c: the event loop's fast paths change nothing
 * (src/sim/engine.c, sf_engine_replicate).
 *
 * - A model with one source keeps its next arrival out of the event heap
 *   (the arrival slot). The oracle is the same model with a second source
 *   that never sends anyone (a population of size 0): then every arrival
 *   goes through the heap. Both must give bit-identical figures, for an
 *   M/M/5 and for a ward chain with overflow and blocking.
 * - The loop tests for its rare exits once per event (a stop flag and the
 *   event count of the next check): a budget still stops a replication
 *   after exactly that many events, and the progress tick still comes
 *   every 65,536 events with a growing share of the horizon. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
/* cmocka needs the headers above first */
#include <cmocka.h>

#include "sim/engine.h"
#include "sim_check.h"

static const char mm5[] = "horizon: 50000h\n"
                          "arrivals:\n"
                          "  customers: {rate: 4.5/h, to: desk}\n"
                          "units:\n"
                          "  desk: {kind: walk-in, servers: 5, service: exp(1h)}\n";

static const char chain[] =
    "horizon: 40000h\n"
    "arrivals:\n"
    "  patients: {rate: 1/h, to: legevakt}\n"
    "units:\n"
    "  legevakt: {kind: walk-in, servers: 3, service: \"lognormal(25m, 15m)\",\n"
    "             next: {home: .7, kad: .15, hospital: .15}}\n"
    "  kad: {kind: ward, beds: 6, los: \"lognormal(2d, 1d)\", overflow: hospital,\n"
    "        next: {home: .8, hospital: .2}}\n"
    "  hospital: {kind: ward, beds: 20, los: \"gamma(3.5d, 2d)\",\n"
    "             next: {home: .85, nursing: .15}}\n"
    "  nursing: {kind: ward, beds: 30, los: exp(30d), next: home}\n";

/* A second source that never sends a patient. */
static const char nobody[] = "populations:\n"
                             "  nobody: {size: 0}\n"
                             "demand:\n"
                             "  - {from: nobody, rate: 1/y, to: %s}\n";

typedef struct rep_run {
    double *values;
    uint64_t events, patients;
    int nsources;
} rep_run;

static rep_run run_one(const char *yaml, int rep) {
    sf_model *m = sim_load(yaml);
    sf_engine *e = NULL;
    assert_int_equal(sf_engine_create(m, &e), SF_OK);
    rep_run r = {malloc((size_t)sf_engine_rows(m) * SF_M_COUNT * sizeof(double)), 0, 0,
                 m->nsources};
    assert_non_null(r.values);
    sf_rep_out out = {r.values, 0, 0, NULL, NULL};
    assert_int_equal(sf_engine_replicate(e, 11, rep, &out), SF_OK);
    r.events = out.events;
    r.patients = out.patients;
    sf_engine_free(e);
    sf_model_free(m);
    return r;
}

static void same_with_and_without_slot(const char *base, const char *first_unit) {
    char two[4096];
    int n = snprintf(two, sizeof two, "%s", base);
    snprintf(two + n, sizeof two - (size_t)n, nobody, first_unit);
    for (int rep = 0; rep < 3; rep++) {
        rep_run a = run_one(base, rep), b = run_one(two, rep);
        assert_int_equal(a.nsources, 1);
        assert_int_equal(b.nsources, 2);
        assert_true(a.patients > 1000);
        assert_int_equal(a.events, b.events);
        assert_int_equal(a.patients, b.patients);
        /* the units' rows and the network's: the second model only adds a
         * population row after them */
        sf_model *m = sim_load(base);
        size_t nvals = (size_t)(m->nunits + 1) * SF_M_COUNT;
        sf_model_free(m);
        for (size_t i = 0; i < nvals; i++)
            if (memcmp(&a.values[i], &b.values[i], sizeof(double)))
                fail_msg("rep %d, value %zu (row %zu, metric %zu): %.17g with the arrival slot, "
                         "%.17g through the heap",
                         rep, i, i / SF_M_COUNT, i % SF_M_COUNT, a.values[i], b.values[i]);
        free(a.values);
        free(b.values);
    }
}

static void test_slot_mm5(void **state) {
    (void)state;
    same_with_and_without_slot(mm5, "desk");
}

static void test_slot_chain(void **state) {
    (void)state;
    same_with_and_without_slot(chain, "legevakt");
}

static void test_budget_stops_exactly(void **state) {
    (void)state;
    sf_model *m = sim_load(mm5);
    sf_engine *e = NULL;
    assert_int_equal(sf_engine_create(m, &e), SF_OK);
    double *values = malloc((size_t)sf_engine_rows(m) * SF_M_COUNT * sizeof *values);
    assert_non_null(values);
    sf_rep_out out = {values, 0, 0, NULL, NULL};
    assert_int_equal(sf_engine_replicate(e, 11, 0, &out), SF_OK);
    uint64_t all = out.events;
    assert_true(all > 100000);

    sf_engine_set_budget(e, 1000);
    assert_int_equal(sf_engine_replicate(e, 11, 0, &out), SF_ERR_ARG);
    assert_non_null(strstr(sf_engine_why(e), "budget of 1000 events"));
    /* a budget of exactly the events the replication needs: the last
     * one is the end event, which ends the loop before the budget test */
    sf_engine_set_budget(e, all);
    assert_int_equal(sf_engine_replicate(e, 11, 0, &out), SF_OK);
    assert_int_equal(out.events, all);
    sf_engine_set_budget(e, all - 1);
    assert_int_equal(sf_engine_replicate(e, 11, 0, &out), SF_ERR_ARG);
    sf_engine_set_budget(e, 0);
    assert_int_equal(sf_engine_replicate(e, 11, 0, &out), SF_OK);
    assert_int_equal(out.events, all);
    free(values);
    sf_engine_free(e);
    sf_model_free(m);
}

typedef struct ticks {
    int n;
    double last;
} ticks;

static void on_tick(void *user, int rep, double done) {
    ticks *t = user;
    assert_int_equal(rep, 2);
    assert_true(done > t->last && done <= 1);
    t->last = done;
    t->n++;
}

static void test_tick_every_65536(void **state) {
    (void)state;
    sf_model *m = sim_load(mm5);
    sf_engine *e = NULL;
    assert_int_equal(sf_engine_create(m, &e), SF_OK);
    double *values = malloc((size_t)sf_engine_rows(m) * SF_M_COUNT * sizeof *values);
    assert_non_null(values);
    ticks t = {0, 0};
    sf_engine_on_tick(e, on_tick, &t);
    sf_rep_out out = {values, 0, 0, NULL, NULL};
    assert_int_equal(sf_engine_replicate(e, 11, 2, &out), SF_OK);
    /* after events 65536, 131072, ...; not after the last (the end event) */
    assert_true(out.events > 3 * 65536);
    assert_int_equal(t.n, (int)((out.events - 1) / 65536));
    free(values);
    sf_engine_free(e);
    sf_model_free(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slot_mm5),
        cmocka_unit_test(test_slot_chain),
        cmocka_unit_test(test_budget_stops_exactly),
        cmocka_unit_test(test_tick_every_65536),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
