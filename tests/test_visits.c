/* test_visits.c: the bound on visits per patient (src/model/visits.c, the
 * loader's check_visits) and the engine's cap on one patient's moves.
 *
 * - Expected visits against a hand-worked absorbing chain, and against
 *   the simulation's own count of requests per patient (an uncongested
 *   network, so routing alone decides).
 * - A loop that almost never leads home is refused at load with the
 *   place of its `next:`; one well inside the bound loads.
 * - A patient caught in a loop anyway (routing patched after loading, as
 *   the loader cannot see it) stops the run with a message: no hang. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
/* cmocka needs the headers above first */
#include <cmocka.h>

#include "model/model.h"
#include "sim_check.h"

/* a -> {b: .5, home: .5}, b -> {a: .4, home: .6}: x_a = 1 + .5 x_b and
 * x_b = 1 + .4 x_a, so x_a = 1.5 / .8 = 1.875 and x_b = 1.75. */
static const char pair[] = "horizon: 400d\n"
                           "replications: 4\n"
                           "arrivals: {s: {rate: 2/h, to: a}}\n"
                           "units:\n"
                           "  a: {kind: walk-in, servers: 1000, service: exp(10m),\n"
                           "      next: {b: 0.5, home: 0.5}}\n"
                           "  b: {kind: walk-in, servers: 1000, service: exp(10m),\n"
                           "      next: {a: 0.4, home: 0.6}}\n";

static void test_expected_visits(void **state) {
    (void)state;
    sf_model *m = sim_load(pair);
    double x[2];
    int loop;
    assert_int_equal(sf_model_expected_visits(m, x, &loop), SF_OK);
    assert_true(fabs(x[0] - 1.875) < 1e-12);
    assert_true(fabs(x[1] - 1.75) < 1e-12);
    /* the simulation: requests at units per patient from outside */
    sf_run_opts o = {0};
    sf_results *r = NULL;
    sf_diag d = {0};
    assert_int_equal(sf_run(m, &o, &r, &d), SF_OK);
    double req = 0, pat = 0;
    for (int k = 0; k < sf_results_replications(r); k++) {
        req += sf_results_value(r, k, 0, SF_M_ARRIVALS) + sf_results_value(r, k, 1, SF_M_ARRIVALS);
        pat += sf_results_value(r, k, 2, SF_M_ARRIVALS);
    }
    assert_true(fabs(req / pat - 1.875) < 0.02);
    sf_results_free(r);
    sf_model_free(m);
}

static void test_bound_at_load(void **state) {
    (void)state;
    static const char near[] = "horizon: 10d\n"
                               "arrivals: {s: {rate: 1/d, to: u}}\n"
                               "units:\n"
                               "  u: {kind: walk-in, servers: 1, service: fixed(0h),\n"
                               "      next: {u: .9999999999, home: 1e-10}}\n";
    sf_model *m = NULL;
    sf_diag d = {0};
    assert_int_equal(sf_model_load_buffer("t.yaml", near, strlen(near), &m, &d), SF_ERR_MODEL);
    assert_null(m);
    assert_int_equal(d.line, 5);
    assert_int_equal(d.column, 13);
    assert_non_null(strstr(d.msg, "unit 'u': 'next' sends patients back so often"));
    assert_non_null(strstr(d.msg, "1e+10 times on average; expected at most 1e+04"));
    /* a thousand visits on average: a real revisit pattern, allowed */
    static const char fine[] = "horizon: 10d\n"
                               "arrivals: {s: {rate: 1/d, to: u}}\n"
                               "units:\n"
                               "  u: {kind: walk-in, servers: 1, service: fixed(0h),\n"
                               "      next: {u: .999, home: .001}}\n";
    m = sim_load(fine);
    double x;
    int loop;
    assert_int_equal(sf_model_expected_visits(m, &x, &loop), SF_OK);
    assert_true(fabs(x - 1000) < 1e-6);
    sf_model_free(m);
}

static void test_move_cap(void **state) {
    (void)state;
    static const char loop[] = "horizon: 10d\n"
                               "replications: 1\n"
                               "arrivals: {s: {rate: 1/d, to: u}}\n"
                               "units:\n"
                               "  u: {kind: walk-in, servers: 1, service: fixed(0h),\n"
                               "      next: {u: 0.5, home: 0.5}}\n";
    sf_model *m = sim_load(loop);
    /* after loading, make u's route pick u every time */
    static const double always[2] = {1, 1};
    sf_unit *u = (sf_unit *)&m->units[0];
    u->next.cum = always;
    sf_run_opts o = {0};
    sf_results *r = NULL;
    sf_diag d = {0};
    assert_int_equal(sf_run(m, &o, &r, &d), SF_ERR_MODEL);
    assert_null(r);
    assert_non_null(strstr(d.msg, "patient 1 asked units for a place more than 1000000 times, "
                                  "the last at 'u'"));
    sf_model_free(m);
}

/* Groups of units solved one at a time: a chain c -> {a: .5, home: .5}
 * into the pair a <-> b above gives x_c = 1 + .5 * 1.875; and a ring of
 * 2000 units (past the dense limit, solved by sweeps), each sending half
 * its patients on and half home, gives 1 / (1 - .5) (1 - .5^2000) / (1 -
 * .5^2000) = 2 at every unit. */
static void test_visits_by_group(void **state) {
    (void)state;
    static const char chain[] = "horizon: 10d\n"
                                "arrivals: {s: {rate: 1/d, to: c}}\n"
                                "units:\n"
                                "  c: {kind: walk-in, servers: 1, service: exp(10m),\n"
                                "      next: {a: 0.5, home: 0.5}}\n"
                                "  a: {kind: walk-in, servers: 1, service: exp(10m),\n"
                                "      next: {b: 0.5, home: 0.5}}\n"
                                "  b: {kind: walk-in, servers: 1, service: exp(10m),\n"
                                "      next: {a: 0.4, home: 0.6}}\n";
    sf_model *m = sim_load(chain);
    double x[3];
    int loop;
    assert_int_equal(sf_model_expected_visits(m, x, &loop), SF_OK);
    assert_true(fabs(x[0] - (1 + .5 * 1.875)) < 1e-12);
    assert_true(fabs(x[1] - 1.875) < 1e-12);
    assert_true(fabs(x[2] - 1.75) < 1e-12);
    sf_model_free(m);

    enum { N = 2000 };
    size_t cap = 200 + (size_t)N * 120, len = 0;
    char *y = malloc(cap);
    assert_non_null(y);
    len += (size_t)snprintf(y + len, cap - len,
                            "horizon: 10d\narrivals: {s: {rate: 1/d, to: u0}}\nunits:\n");
    for (int i = 0; i < N; i++)
        len += (size_t)snprintf(y + len, cap - len,
                                "  u%d: {kind: walk-in, servers: 1, service: exp(10m), "
                                "next: {u%d: 0.5, home: 0.5}}\n",
                                i, (i + 1) % N);
    m = sim_load(y);
    double *v = malloc(N * sizeof *v);
    assert_non_null(v);
    assert_int_equal(sf_model_expected_visits(m, v, &loop), SF_OK);
    for (int i = 0; i < N; i++)
        assert_true(fabs(v[i] - 2) < 1e-9);
    free(v);
    free(y);
    sf_model_free(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expected_visits),
        cmocka_unit_test(test_bound_at_load),
        cmocka_unit_test(test_move_cap),
        cmocka_unit_test(test_visits_by_group),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
