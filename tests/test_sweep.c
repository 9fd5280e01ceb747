/* test_sweep.c: the sweep's grid, parsers, monotone pruning, cheapest and
 * Pareto front (src/report/sweep.c), on a known feasibility rule instead
 * of simulations, so every verdict can be checked against brute force. */
#include "report/sweep.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void test_parse(void **state) {
    (void)state;
    sf_diag d = {0};
    sf_sweep_var v;
    assert_int_equal(sf_sweep_parse_vary("units.kad.beds=4..12:2", &v, &d), SF_OK);
    assert_string_equal(v.path, "units.kad.beds");
    assert_int_equal(v.lo, 4);
    assert_int_equal(v.hi, 12);
    assert_int_equal(v.step, 2);
    assert_int_equal(sf_sweep_parse_vary("units.kad.beds=7..7", &v, &d), SF_OK);
    assert_int_equal(v.step, 1);
    const char *bad[] = {"units.kad.beds",
                         "=1..2",
                         "units.kad.beds=4-12",
                         "units.kad.beds=12..4",
                         "units.kad.beds=4..12:0",
                         "units.kad.beds=-1..2",
                         "a b=1..2",
                         "units.kad.beds=1.5..3"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(sf_sweep_parse_vary(bad[i], &v, &d), SF_ERR_ARG);
    char path[64];
    double cost;
    assert_int_equal(sf_sweep_parse_cost("units.kad.beds=1.2", path, sizeof path, &cost, &d),
                     SF_OK);
    assert_string_equal(path, "units.kad.beds");
    assert_true(cost == 1.2);
    assert_int_equal(sf_sweep_parse_cost("units.kad.beds=-1", path, sizeof path, &cost, &d),
                     SF_ERR_ARG);

    sf_sweep_target t;
    assert_int_equal(sf_sweep_parse_target("kad.turned_away_share<=5%", &t, &d), SF_OK);
    assert_string_equal(t.unit, "kad");
    assert_int_equal(t.metric, SF_M_REJECT_SHARE);
    assert_int_equal(t.upper, 1);
    assert_true(fabs(t.bound - 0.05) < 1e-15);
    /* days to appointment are in days: 5d is 5; a unit name with dots */
    assert_int_equal(sf_sweep_parse_target("gp-office.appt_days_p90<=5d", &t, &d), SF_OK);
    assert_string_equal(t.unit, "gp-office");
    assert_true(t.bound == 5);
    /* waits are in hours: 30m is 0.5 */
    assert_int_equal(sf_sweep_parse_target("a.b.wait_p90<30m", &t, &d), SF_OK);
    assert_string_equal(t.unit, "a.b");
    assert_true(t.bound == 0.5 && t.upper == 1);
    assert_int_equal(sf_sweep_parse_target("gp.continuity_upc>=0.8", &t, &d), SF_OK);
    assert_int_equal(t.upper, 0);
    const char *badt[] = {"kad.turned_away_share", "turned_away_share<=5%", "kad.no_such<=5%",
                          "kad.turned_away_share<=5d", "kad.wait_p90<=5%"};
    for (size_t i = 0; i < sizeof badt / sizeof *badt; i++)
        assert_int_equal(sf_sweep_parse_target(badt[i], &t, &d), SF_ERR_ARG);
}

/* The rule: a configuration meets the target when a + b >= 12 (monotone:
 * more of either never hurts); the estimate's interval is [mean, mean]
 * with mean = 12 - (a + b), the target mean <= 0. */
static long run_all(sf_sweep *s) {
    for (long c; (c = sf_sweep_next(s)) >= 0;) {
        double m = 12.0 - (sf_sweep_value(s, c, 0) + sf_sweep_value(s, c, 1));
        sf_estimate e = {.mean = m, .lo = m - 0.1, .hi = m, .n = 10};
        sf_sweep_record(s, c, &e);
    }
    return sf_sweep_runs(s);
}

static void test_prune_equals_grid(void **state) {
    (void)state;
    sf_diag d = {0};
    sf_sweep_var v[2] = {{"a", 1, 10, 1, 1.0, 0, 0, ""}, {"b", 1, 10, 1, 2.0, 0, 0, ""}};
    sf_sweep_target t = {"u", SF_M_WAIT_MEAN, 1, 0.0, "u.wait_mean<=0", -1, 0};
    sf_sweep *grid, *pruned;
    assert_int_equal(sf_sweep_new(v, 2, &t, 1, 0, &grid, &d), SF_OK);
    assert_int_equal(sf_sweep_new(v, 2, &t, 1, 1, &pruned, &d), SF_OK);
    assert_int_equal(sf_sweep_size(grid), 100);
    assert_int_equal(run_all(grid), 100);
    long runs = run_all(pruned);
    /* a + b >= 12 is a staircase of 10 steps; each run settles a block */
    assert_true(runs < 40);
    print_message("pruned: %ld of 100 runs\n", runs);
    for (long c = 0; c < 100; c++) {
        int want = sf_sweep_value(grid, c, 0) + sf_sweep_value(grid, c, 1) >= 12 ? SF_SWEEP_MET
                                                                                 : SF_SWEEP_NOT_MET;
        assert_int_equal(sf_sweep_status(grid, c), want);
        assert_int_equal(sf_sweep_status(pruned, c), want);
    }
    /* brute force: cost a + 2b with a + b >= 12, a, b <= 10: a = 10, b = 2 */
    long g = sf_sweep_cheapest(grid), p = sf_sweep_cheapest(pruned);
    assert_int_equal(g, p);
    assert_int_equal(sf_sweep_value(grid, g, 0), 10);
    assert_int_equal(sf_sweep_value(grid, g, 1), 2);
    assert_true(sf_sweep_cost(grid, g) == 14);
    sf_sweep_free(grid);
    sf_sweep_free(pruned);
}

/* One decision: bisection, at most ceil(log2(15 + 1)) = 4 runs. */
static void test_bisection(void **state) {
    (void)state;
    sf_diag d = {0};
    sf_sweep_var v = {"units.ward.beds", 1, 15, 1, 1.0, 0, 0, ""};
    sf_sweep_target t = {"ward", SF_M_REJECT_SHARE, 1, 0.05, "x", -1, 0};
    for (int answer = 1; answer <= 16; answer++) {
        sf_sweep *s;
        assert_int_equal(sf_sweep_new(&v, 1, &t, 1, 1, &s, &d), SF_OK);
        for (long c; (c = sf_sweep_next(s)) >= 0;) {
            double m = sf_sweep_value(s, c, 0) >= answer ? 0.01 : 0.2;
            sf_estimate e = {.mean = m, .lo = m, .hi = m, .n = 2};
            sf_sweep_record(s, c, &e);
        }
        assert_true(sf_sweep_runs(s) <= 4);
        long b = sf_sweep_cheapest(s);
        if (answer > 15)
            assert_int_equal(b, -1);
        else
            assert_int_equal(sf_sweep_value(s, b, 0), answer);
        sf_sweep_free(s);
    }
}

/* The interval, not the mean, decides; a NaN never meets. */
static void test_interval_decides(void **state) {
    (void)state;
    sf_diag d = {0};
    sf_sweep_var v = {"units.ward.beds", 1, 3, 1, 1.0, 0, 0, ""};
    sf_sweep_target t = {"ward", SF_M_REJECT_SHARE, 1, 0.05, "x", -1, 0};
    sf_sweep *s;
    assert_int_equal(sf_sweep_new(&v, 1, &t, 1, 0, &s, &d), SF_OK);
    sf_estimate straddles = {.mean = 0.04, .lo = 0.03, .hi = 0.06, .n = 5};
    sf_estimate nan = {.mean = NAN, .lo = NAN, .hi = NAN};
    sf_estimate inside = {.mean = 0.02, .lo = 0.01, .hi = 0.05, .n = 5};
    sf_sweep_record(s, 0, &straddles);
    sf_sweep_record(s, 1, &nan);
    sf_sweep_record(s, 2, &inside);
    assert_int_equal(sf_sweep_status(s, 0), SF_SWEEP_NOT_MET);
    assert_int_equal(sf_sweep_status(s, 1), SF_SWEEP_NOT_MET);
    assert_int_equal(sf_sweep_status(s, 2), SF_SWEEP_MET);
    assert_int_equal(sf_sweep_cheapest(s), 2);
    /* Pareto: 0 (cheapest) and 2 (best mean); 1 has no figure to compare */
    assert_int_equal(sf_sweep_pareto(s, 0), 1);
    assert_int_equal(sf_sweep_pareto(s, 2), 1);
    sf_sweep_free(s);
}

static void test_pareto(void **state) {
    (void)state;
    sf_diag d = {0};
    sf_sweep_var v = {"b", 1, 4, 1, 1.0, 0, 0, ""};
    sf_sweep_target t = {"u", SF_M_WAIT_MEAN, 1, 10, "x", -1, 0};
    sf_sweep *s;
    assert_int_equal(sf_sweep_new(&v, 1, &t, 1, 0, &s, &d), SF_OK);
    /* means 5, 3, 3, 1: the third costs more than the second for no gain */
    double m[] = {5, 3, 3, 1};
    for (int c = 0; c < 4; c++) {
        sf_estimate e = {.mean = m[c], .lo = m[c], .hi = m[c], .n = 2};
        sf_sweep_record(s, c, &e);
    }
    assert_int_equal(sf_sweep_pareto(s, 0), 1);
    assert_int_equal(sf_sweep_pareto(s, 1), 1);
    assert_int_equal(sf_sweep_pareto(s, 2), 0);
    assert_int_equal(sf_sweep_pareto(s, 3), 1);
    sf_sweep_free(s);
}

static void test_grid_limit(void **state) {
    (void)state;
    sf_diag d = {0};
    sf_sweep_var v[2] = {{"a", 0, 200, 1, 1, 0, 0, ""}, {"b", 0, 200, 1, 1, 0, 0, ""}};
    sf_sweep_target t = {"u", SF_M_WAIT_MEAN, 1, 10, "x", -1, 0};
    sf_sweep *s = NULL;
    assert_int_equal(sf_sweep_new(v, 2, &t, 1, 1, &s, &d), SF_ERR_ARG);
    assert_null(s);
    assert_non_null(strstr(d.msg, "more than 10000 configurations"));
}

/* A replication's value of configuration c: a mean falling with the
 * decision's value (a loss curve), plus noise fixed by (c, rep) alone,
 * as common random numbers make it. */
static double synth(long c, int value, int rep) {
    uint64_t x = (uint64_t)c * 0x9E3779B97F4A7C15u + (uint64_t)rep * 0xBF58476D1CE4E5B9u + 1;
    x ^= x >> 31;
    x *= 0x94D049BB133111EBu;
    x ^= x >> 29;
    double u = (double)(x >> 11) / 9007199254740992.0 - 0.5;
    return 0.4 * exp(-0.35 * value) + 0.02 * u;
}

/* Runs the procedure to the end, running ahead replications beyond what
 * it asks for; *total: replications run. */
static sf_sweep *drive(int prune, int ahead, long *total) {
    sf_sweep_var v = {"units.ward.beds", 1, 20, 1, 1.0, 0, 0, ""};
    sf_sweep_target t = {
        .unit = "ward", .metric = SF_M_REJECT_SHARE, .upper = 1, .bound = 0.03, .month = -1};
    sf_sweep *s = NULL;
    sf_diag d = {0};
    assert_int_equal(sf_sweep_new(&v, 1, &t, 1, prune, &s, &d), SF_OK);
    assert_int_equal(sf_sweep_set_procedure(s, 0, 10, 500, 0.95, 0.1, &d), SF_OK);
    sf_sweep_work w[20];
    *total = 0;
    for (;;) {
        assert_int_equal(sf_sweep_advance(s), SF_OK);
        long n = sf_sweep_plan(s, ahead, w);
        if (!n)
            break;
        for (long i = 0; i < n; i++) {
            double x[600];
            for (int r = 0; r < w[i].count; r++)
                x[r] = synth(w[i].cfg, sf_sweep_value(s, w[i].cfg, 0), w[i].first + r);
            assert_int_equal(sf_sweep_add(s, w[i].cfg, w[i].first, w[i].count, x), SF_OK);
            *total += w[i].count;
        }
    }
    return s;
}

/* Running ahead changes what is run, never a verdict, a count or an
 * estimate: the procedure takes one observation at a time. The answer is
 * the rule's (0.4 exp(-0.35 c) <= 0.03: c = 8), and a configuration near
 * the level (c = 8: 0.0243, 19 % inside) takes more replications than one
 * far from it. */
static void test_sequential_ahead(void **state) {
    (void)state;
    for (int prune = 0; prune <= 1; prune++) {
        long run0, run9;
        sf_sweep *a = drive(prune, 0, &run0), *b = drive(prune, 9, &run9);
        assert_int_equal(sf_sweep_cheapest(a), 7);
        assert_int_equal(sf_sweep_cheapest(b), 7);
        assert_int_equal(run0, sf_sweep_replications_total(a) + sf_sweep_dropped_replications(a));
        assert_true(run9 >= run0);
        for (long c = 0; c < sf_sweep_size(a); c++) {
            assert_int_equal(sf_sweep_status(a, c), sf_sweep_status(b, c));
            assert_int_equal(sf_sweep_replications(a, c), sf_sweep_replications(b, c));
            if (sf_sweep_ran(a, c))
                assert_true(sf_sweep_estimate(a, c, 0).mean == sf_sweep_estimate(b, c, 0).mean);
        }
        if (!prune) {
            assert_true(sf_sweep_replications(a, 7) > sf_sweep_replications(a, 0));
            assert_int_equal(sf_sweep_replications(a, 0), 10);
        }
        sf_sweep_free(a);
        sf_sweep_free(b);
    }
}

/* h^2 of Kim & Nelson's procedure with c = 1 against the closed form
 * worked by hand: n0 = 10, one configuration, one target, 95 %: beta =
 * 0.05, (0.1)^(-2/9) = 1.6681, eta = 0.33405, h^2 = 6.0129. */
static void test_h2(void **state) {
    (void)state;
    sf_sweep_var v = {"units.ward.beds", 1, 1, 1, 1.0, 0, 0, ""};
    sf_sweep_target t = {
        .unit = "ward", .metric = SF_M_REJECT_SHARE, .upper = 1, .bound = 0.03, .month = -1};
    sf_sweep *s = NULL;
    sf_diag d = {0};
    assert_int_equal(sf_sweep_new(&v, 1, &t, 1, 0, &s, &d), SF_OK);
    assert_int_equal(sf_sweep_set_procedure(s, 0, 10, 500, 0.95, 0.1, &d), SF_OK);
    assert_true(fabs(sf_sweep_h2(s) - 6.0129) < 1e-3);
    assert_true(fabs(sf_sweep_tolerance(s, 0) - 0.003) < 1e-12);
    assert_int_equal(sf_sweep_set_procedure(s, 0, 3, 500, 0.95, 0.1, &d), SF_ERR_ARG);
    sf_sweep_free(s);
}

/* Runs a selection of configurations 1..3 with objective values
 * mu[c] +- 0.1 (the same sign for all in a replication: common random
 * numbers make the paired differences constant), no target. */
static sf_sweep *select_drive(double budget, double delta) {
    static const double mu[3] = {3.0, 1.0, 1.2};
    sf_sweep_var v = {"units.ward.beds", 1, 3, 1, 1.0, 0, 0, ""};
    sf_sweep_target o = {.unit = "ward", .metric = SF_M_REJECT_SHARE, .upper = 1, .month = -1};
    sf_sweep *s = NULL;
    sf_diag d = {0};
    assert_int_equal(sf_sweep_new(&v, 1, NULL, 0, 0, &s, &d), SF_OK);
    sf_sweep_set_budget(s, budget);
    assert_int_equal(sf_sweep_set_objective(s, &o, 0, &d), SF_ERR_ARG);
    assert_int_equal(sf_sweep_set_objective(s, &o, delta, &d), SF_OK);
    assert_int_equal(sf_sweep_columns(s), 1);
    assert_int_equal(sf_sweep_set_procedure(s, 0, 5, 50, 0.95, 0.1, &d), SF_OK);
    sf_sweep_work w[3];
    for (;;) {
        assert_int_equal(sf_sweep_advance(s), SF_OK);
        long n = sf_sweep_plan(s, 2, w);
        if (!n)
            break;
        for (long i = 0; i < n; i++) {
            double x[100];
            for (int r = 0; r < w[i].count; r++)
                x[r] = mu[w[i].cfg] + ((w[i].first + r) % 2 ? 0.1 : -0.1);
            assert_int_equal(sf_sweep_add(s, w[i].cfg, w[i].first, w[i].count, x), SF_OK);
        }
    }
    return s;
}

/* The selection: the lowest mean wins; one 0.2 worse is a tie within
 * delta 0.5, not within 0.1; a configuration over the budget takes no
 * part; the Pareto front is cost against the objective. */
static void test_objective_select(void **state) {
    (void)state;
    sf_sweep *s = select_drive(INFINITY, 0.5);
    assert_int_equal(sf_sweep_best(s), 1);
    assert_int_equal(sf_sweep_candidates(s), 3);
    assert_true(fabs(sf_sweep_objective_estimate(s, 1).mean - 1.0) < 0.1);
    assert_int_equal(sf_sweep_tied(s, 2), 1);
    assert_int_equal(sf_sweep_tied(s, 0), 0);
    assert_string_equal(sf_sweep_selection(s, 1), "best");
    assert_string_equal(sf_sweep_selection(s, 2), "tie");
    assert_string_equal(sf_sweep_selection(s, 0), "eliminated");
    assert_int_equal(sf_sweep_pareto(s, 0), 1); /* cheapest but worse: on the front */
    assert_int_equal(sf_sweep_pareto(s, 1), 1);
    assert_int_equal(sf_sweep_pareto(s, 2), 0); /* dearer and worse than 1 */
    sf_sweep_free(s);
    s = select_drive(INFINITY, 0.1);
    assert_int_equal(sf_sweep_best(s), 1);
    assert_int_equal(sf_sweep_ties(s), 0);
    sf_sweep_free(s);
    s = select_drive(2.5, 0.5);
    assert_int_equal(sf_sweep_over_budget(s, 2), 1);
    assert_int_equal(sf_sweep_candidates(s), 2);
    assert_int_equal(sf_sweep_best(s), 1);
    assert_int_equal(sf_sweep_ties(s), 0);
    assert_int_equal(sf_sweep_status(s, 2), SF_SWEEP_DROPPED);
    sf_sweep_free(s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_prune_equals_grid),
        cmocka_unit_test(test_bisection),
        cmocka_unit_test(test_interval_decides),
        cmocka_unit_test(test_pareto),
        cmocka_unit_test(test_grid_limit),
        cmocka_unit_test(test_sequential_ahead),
        cmocka_unit_test(test_h2),
        cmocka_unit_test(test_objective_select),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
