/* test_engine_loop.c: the event loop's fast paths change nothing
 * (src/sim/engine.c, sf_engine_replicate).
 *
 * - A model with one source keeps its next arrival out of the event heap
 *   (the arrival slot). The oracle is the same model with a second source
 *   that never sends anyone (a population of size 0): then every arrival
 *   goes through the heap. Both must give bit-identical figures, for an
 *   M/M/5 and for a ward chain with overflow and blocking.
 * - Service ends of units with short services beside long stays wait in a
 *   heap of their own (sf_engine.qf). The oracle is the same engine with
 *   every event in the one heap (sf_engine_split_queue(e, 0)): the chain
 *   (the walk-in unit beside wards) and a desk whose fixed services end on
 *   the hour, exactly when its scheduled capacity changes (ties in time,
 *   ordered by sequence number across the two heaps), must give
 *   bit-identical figures and event counts.
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

/* split < 0: the engine's own choice; else sf_engine_split_queue(e, split),
 * which must put nfast units' service ends in the short-service heap. */
static rep_run run_split(const char *yaml, int rep, int split, int nfast) {
    sf_model *m = sim_load(yaml);
    sf_engine *e = NULL;
    assert_int_equal(sf_engine_create(m, &e), SF_OK);
    if (split >= 0)
        assert_int_equal(sf_engine_split_queue(e, split), nfast);
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

static rep_run run_one(const char *yaml, int rep) { return run_split(yaml, rep, -1, 0); }

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

/* A desk with 2 servers 08:00-09:00, 1 otherwise, and services of half an
 * hour or an hour, so services end on the hour, when the second server
 * comes or goes (on-drop: handover). Ties both ways round: a patient who
 * starts at 08:00, when the server comes, is scheduled to end at 09:00
 * before the 09:00 change is (08:00's refill comes first), so it finishes
 * first; one who starts at 08:30 (after a half hour begun at 08:00) and
 * ends at 09:00 was scheduled after the change, which runs first and
 * hands it over. The ward nobody visits only makes the desk's services
 * short beside its 100 h stays, so their ends go to the second heap. */
static const char desk_ties[] = "horizon: 20000h\n"
                                "arrivals:\n"
                                "  a: {rate: 1.6/h, to: desk}\n"
                                "units:\n"
                                "  desk: {kind: walk-in, servers: {default: 1, daily 08:00-09:00: "
                                "2}, service: \"empirical(30m, 1h)\",\n"
                                "         on-drop: handover}\n"
                                "  far: {kind: ward, beds: 1, los: fixed(100h)}\n";

static void same_split_or_not(const char *yaml, int nfast) {
    sf_model *m = sim_load(yaml);
    size_t nvals = (size_t)sf_engine_rows(m) * SF_M_COUNT;
    sf_model_free(m);
    for (int rep = 0; rep < 3; rep++) {
        rep_run a = run_split(yaml, rep, 1, nfast), b = run_split(yaml, rep, 0, 0);
        assert_true(a.patients > 1000);
        assert_int_equal(a.events, b.events);
        assert_int_equal(a.patients, b.patients);
        for (size_t i = 0; i < nvals; i++)
            if (memcmp(&a.values[i], &b.values[i], sizeof(double)))
                fail_msg("rep %d, value %zu (row %zu, metric %zu): %.17g with two heaps, "
                         "%.17g with one",
                         rep, i, i / SF_M_COUNT, i % SF_M_COUNT, a.values[i], b.values[i]);
        free(a.values);
        free(b.values);
    }
}

static void test_split_chain(void **state) {
    (void)state;
    same_split_or_not(chain, 1); /* legevakt */
}

static void test_split_ties(void **state) {
    (void)state;
    same_split_or_not(desk_ties, 1); /* desk */
}

static void test_split_none_mm5(void **state) {
    (void)state;
    /* one unit: nothing is short beside anything */
    rep_run a = run_split(mm5, 0, 1, 0);
    free(a.values);
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
        cmocka_unit_test(test_slot_mm5),         cmocka_unit_test(test_slot_chain),
        cmocka_unit_test(test_split_chain),      cmocka_unit_test(test_split_ties),
        cmocka_unit_test(test_split_none_mm5),   cmocka_unit_test(test_budget_stops_exactly),
        cmocka_unit_test(test_tick_every_65536),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
