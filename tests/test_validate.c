/* test_validate.c: the simulator against queueing theory.
 *
 * Each test simulates a model whose answer is known in closed form (M/M/1,
 * M/M/c and Erlang C, M/M/c/c and Erlang B, M/M/c/K, tandem and feedback
 * Jackson networks, M/G/inf) or by hand (a blocking chain with fixed
 * stays), and asserts that the theory lies inside the simulation's own
 * confidence interval (sim_check.h). test_mmc_detects_wrong_rate shows the
 * intervals are tight enough to catch a service rate 5 % off, so a pass
 * means something. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
/* cmocka needs the headers above first */
#include <cmocka.h>

#include "samflyt/analytic.h"
#include "sim_check.h"

static void test_mm1(void **state) {
    (void)state;
    /* lambda 0.8/h, mu 1/h: rho 0.8, Wq = rho/(mu-lambda) = 4 h, L = 4,
     * P(W > t) = rho e^{-(mu-lambda)t}, sojourn ~ Exp(mu - lambda). */
    sf_results *r = sim_run("horizon: 40000h\nwarmup: 500h\nreplications: 20\nseed: 11\n"
                            "arrivals: {a: {rate: 0.8/h, to: s}}\n"
                            "units: {s: {kind: walk-in, servers: 1, service: exp(1h)}}\n",
                            2);
    sim_expect(r, "s", SF_M_WAIT_MEAN, 4.0);
    sim_expect(r, "s", SF_M_WAIT_PROB, 0.8);
    sim_expect(r, "s", SF_M_UTILISATION, 0.8);
    sim_expect(r, "s", SF_M_INUNIT_MEAN, 4.0);
    sim_expect(r, "s", SF_M_QUEUE_MEAN, 3.2);
    sim_expect(r, "s", SF_M_LOS_MEAN, 5.0);
    sim_expect(r, "s", SF_M_THROUGHPUT, 0.8 * 24);
    sim_expect_q(r, "s", SF_M_WAIT_P90, log(8.0) / 0.2);
    sim_expect_q(r, "s", SF_M_LOS_P50, log(2.0) / 0.2);
    sim_expect_q(r, "s", SF_M_LOS_P90, log(10.0) / 0.2);
    sim_expect(r, "network", SF_M_LOS_MEAN, 5.0);
    sim_expect(r, "network", SF_M_INUNIT_MEAN, 4.0);
    sf_results_free(r);
}

static const char mmc_model[] = "horizon: 40000h\nwarmup: 500h\nreplications: 20\nseed: 12\n"
                                "arrivals: {a: {rate: 4.5/h, to: s}}\n"
                                "units: {s: {kind: walk-in, servers: 5, service: exp(%s)}}\n";

static void test_mmc_erlang_c(void **state) {
    (void)state;
    char yaml[512];
    snprintf(yaml, sizeof yaml, mmc_model, "1h");
    sf_results *r = sim_run(yaml, 2);
    double lambda = 4.5, mu = 1;
    sim_expect(r, "s", SF_M_WAIT_PROB, sf_erlang_c(5, lambda / mu));
    sim_expect(r, "s", SF_M_WAIT_MEAN, sf_mmc_mean_wait(5, lambda, mu));
    sim_expect(r, "s", SF_M_QUEUE_MEAN, sf_mmc_mean_queue(5, lambda, mu));
    sim_expect(r, "s", SF_M_INUNIT_MEAN, sf_mmc_mean_in_system(5, lambda, mu));
    sim_expect(r, "s", SF_M_UTILISATION, 0.9);
    sim_expect(r, "s", SF_M_OCC_MEAN, 4.5);
    sim_expect_q(r, "s", SF_M_WAIT_P90, sf_mmc_wait_quantile(5, lambda, mu, 0.90));
    sim_expect_q(r, "s", SF_M_WAIT_P95, sf_mmc_wait_quantile(5, lambda, mu, 0.95));
    sf_results_free(r);
}

static void test_mmc_detects_wrong_rate(void **state) {
    (void)state;
    /* The same comparison with a service time 5 % too long must fail: the
     * check has the power to see an error of that size. */
    char yaml[512];
    snprintf(yaml, sizeof yaml, mmc_model, "63m");
    sf_results *r = sim_run(yaml, 2);
    assert_false(sim_covers(r, "s", SF_M_WAIT_MEAN, sf_mmc_mean_wait(5, 4.5, 1), 0));
    assert_false(sim_covers(r, "s", SF_M_UTILISATION, 0.9, 0));
    sf_results_free(r);
}

static void test_erlang_b(void **state) {
    (void)state;
    /* M/M/10/10 and M/G/10/10 with offered load 8: blocking B(10, 8) for
     * both (insensitivity), carried load a(1 - B). */
    sf_results *r =
        sim_run("horizon: 20000h\nwarmup: 100h\nreplications: 20\nseed: 13\n"
                "arrivals:\n"
                "  a: {rate: 8/h, to: m}\n"
                "  b: {rate: 8/h, to: g}\n"
                "units:\n"
                "  m: {kind: ward, beds: 10, los: exp(1h), overflow: reject}\n"
                "  g: {kind: ward, beds: 10, los: \"lognormal(1h, 2h)\", overflow: reject}\n",
                2);
    double b = sf_erlang_b(10, 8);
    sim_expect(r, "m", SF_M_REJECT_SHARE, b);
    sim_expect(r, "g", SF_M_REJECT_SHARE, b);
    sim_expect(r, "m", SF_M_OCC_MEAN, 8 * (1 - b));
    sim_expect(r, "g", SF_M_OCC_MEAN, 8 * (1 - b));
    /* full_share is the time-average P(N = c), which is B by PASTA */
    sim_expect(r, "m", SF_M_FULL_SHARE, b);
    sf_results_free(r);
}

static void test_mmck(void **state) {
    (void)state;
    /* 3 servers, room for 4 waiting: K = 7. */
    sf_results *r = sim_run("horizon: 20000h\nwarmup: 100h\nreplications: 20\nseed: 14\n"
                            "arrivals: {a: {rate: 3/h, to: s}}\n"
                            "units: {s: {kind: walk-in, servers: 3, queue-limit: 4, "
                            "service: exp(1h)}}\n",
                            2);
    sf_mmck_result k;
    assert_int_equal(sf_mmck(3, 7, 3, 1, &k), 0);
    sim_expect(r, "s", SF_M_REJECT_SHARE, k.p_block);
    sim_expect(r, "s", SF_M_INUNIT_MEAN, k.mean_in_system);
    sim_expect(r, "s", SF_M_QUEUE_MEAN, k.mean_queue);
    sim_expect(r, "s", SF_M_OCC_MEAN, k.mean_busy);
    sim_expect(r, "s", SF_M_WAIT_MEAN, k.mean_wait);
    sim_expect(r, "s", SF_M_WAIT_PROB, k.p_wait);
    sim_expect(r, "s", SF_M_LOS_MEAN, k.mean_time);
    sf_results_free(r);
}

static void test_jackson_tandem(void **state) {
    (void)state;
    /* lambda 1/h through A (2 servers, mean 1.6 h: rho .8) then B (1
     * server, mean 0.7 h: rho .7). By Burke's theorem each station is an
     * independent M/M/c; the sojourn is the sum of the stations' W. */
    sf_results *r = sim_run("horizon: 40000h\nwarmup: 500h\nreplications: 20\nseed: 15\n"
                            "arrivals: {a: {rate: 1/h, to: A}}\n"
                            "units:\n"
                            "  A: {kind: walk-in, servers: 2, service: exp(1.6h), next: B}\n"
                            "  B: {kind: walk-in, servers: 1, service: exp(0.7h)}\n",
                            2);
    double wa = sf_mmc_mean_wait(2, 1, 1 / 1.6), wb = sf_mmc_mean_wait(1, 1, 1 / 0.7);
    sim_expect(r, "A", SF_M_WAIT_MEAN, wa);
    sim_expect(r, "B", SF_M_WAIT_MEAN, wb);
    sim_expect(r, "A", SF_M_INUNIT_MEAN, sf_mmc_mean_in_system(2, 1, 1 / 1.6));
    sim_expect(r, "B", SF_M_INUNIT_MEAN, sf_mmc_mean_in_system(1, 1, 1 / 0.7));
    sim_expect(r, "network", SF_M_LOS_MEAN, wa + 1.6 + wb + 0.7);
    sf_results_free(r);
}

static void test_jackson_feedback(void **state) {
    (void)state;
    /* External lambda 1/h into A; A -> B with .5, B -> A with .4. Traffic
     * equations: lA = 1 + .4 lB, lB = .5 lA, so lA = 1.25, lB = .625.
     * Jackson: each station is M/M/c at its total rate; L = LA + LB and
     * the mean sojourn is L / 1 by Little's law. */
    sf_results *r = sim_run("horizon: 40000h\nwarmup: 500h\nreplications: 20\nseed: 16\n"
                            "arrivals: {a: {rate: 1/h, to: A}}\n"
                            "units:\n"
                            "  A: {kind: walk-in, servers: 2, service: exp(40m), "
                            "next: {B: .5, home: .5}}\n"
                            "  B: {kind: walk-in, servers: 1, service: exp(30m), "
                            "next: {A: .4, home: .6}}\n",
                            2);
    double la = 1.25, lb = 0.625;
    double La = sf_mmc_mean_in_system(2, la, 1.5), Lb = sf_mmc_mean_in_system(1, lb, 2);
    sim_expect(r, "A", SF_M_THROUGHPUT, la * 24);
    sim_expect(r, "B", SF_M_THROUGHPUT, lb * 24);
    sim_expect(r, "A", SF_M_INUNIT_MEAN, La);
    sim_expect(r, "B", SF_M_INUNIT_MEAN, Lb);
    sim_expect(r, "A", SF_M_WAIT_MEAN, sf_mmc_mean_wait(2, la, 1.5));
    sim_expect(r, "B", SF_M_WAIT_MEAN, sf_mmc_mean_wait(1, lb, 2));
    sim_expect(r, "network", SF_M_INUNIT_MEAN, La + Lb);
    sim_expect(r, "network", SF_M_LOS_MEAN, La + Lb);
    sf_results_free(r);
}

static void test_mginf_lognormal(void **state) {
    (void)state;
    /* M/G/inf: occupancy is Poisson with mean lambda E[S] = 5 * 4 = 20,
     * whatever the shape of S. 200 beds are never all used (P < 1e-80). */
    sf_results *r = sim_run("horizon: 20000h\nwarmup: 200h\nreplications: 20\nseed: 17\n"
                            "arrivals: {a: {rate: 5/h, to: w}}\n"
                            "units: {w: {kind: ward, beds: 200, los: \"lognormal(4h, 3h)\"}}\n",
                            2);
    sim_expect(r, "w", SF_M_OCC_MEAN, 20);
    sim_expect(r, "w", SF_M_LOS_MEAN, 4);
    sim_expect(r, "w", SF_M_WAIT_MEAN, 0);
    /* The 95th percentile of an integer occupancy is itself an integer;
     * where the Poisson CDF passes 0.95 close to a step (F(27) = .9475),
     * replications may land on either side: allow one bed. */
    assert_true(sim_covers(r, "w", SF_M_OCC_P95, sf_mginf_quantile(20, 0.95), 1.0));
    sf_results_free(r);
}

/* A care chain with overflow and blocking, used for Little's law and for
 * thread invariance. */
static const char chain_model[] =
    "horizon: 30000h\nwarmup: 2000h\nreplications: 16\nseed: 18\n"
    "arrivals: {legevakt-patients: {rate: 0.1/h, to: legevakt}}\n"
    "units:\n"
    "  legevakt: {kind: walk-in, servers: 2, service: \"lognormal(30m, 20m)\",\n"
    "             next: {home: .6, kad: .2, hospital: .2}}\n"
    "  kad: {kind: ward, beds: 3, los: \"lognormal(2d, 1d)\", overflow: hospital,\n"
    "        next: {home: .7, hospital: .3}}\n"
    "  hospital: {kind: ward, beds: 8, los: \"gamma(3d, 2d)\", next: {home: .8, nursing: .2}}\n"
    "  nursing: {kind: ward, beds: 4, los: exp(20d)}\n";

static void test_little_per_unit(void **state) {
    (void)state;
    /* L = lambda W at every unit and for the network, replication by
     * replication: the mean of (L - lambda W) must be 0 within its
     * interval. Blocking makes the hospital's W include ready days. */
    sf_results *r = sim_run(chain_model, 2);
    double H = 30000;
    for (int u = 0; u <= sf_results_unit_count(r); u++) {
        int n = sf_results_replications(r);
        double sum = 0, sum2 = 0, Lsum = 0;
        int network = u == sf_results_unit_count(r);
        for (int i = 0; i < n; i++) {
            double L = sf_results_value(r, i, u, SF_M_INUNIT_MEAN);
            double lam = sf_results_value(r, i, u, network ? SF_M_ARRIVALS : SF_M_ADMITTED) / H;
            double W = sf_results_value(r, i, u, SF_M_LOS_MEAN);
            double d = L - lam * W;
            sum += d;
            sum2 += d * d;
            Lsum += L;
        }
        double mean = sum / n, sd = sqrt((sum2 - n * mean * mean) / (n - 1));
        double half = gsl_cdf_tdist_Pinv(0.9995, n - 1) * sd / sqrt(n);
        printf("  %-10s L %.4f  L - lambda W = %.5f ± %.5f\n", sf_results_unit_name(r, u), Lsum / n,
               mean, half);
        assert_true(fabs(mean) <= half);
        assert_true(Lsum / n > 0);
    }
    /* the model does exercise blocking and overflow */
    assert_true(sf_results_estimate(r, sim_unit(r, "hospital"), SF_M_BLOCKED).mean > 10);
    assert_true(sf_results_estimate(r, sim_unit(r, "kad"), SF_M_OVERFLOWED).mean > 10);
    sf_results_free(r);
}

static void test_thread_invariance(void **state) {
    (void)state;
    sf_results *a = sim_run(chain_model, 1), *b = sim_run(chain_model, 2),
               *c = sim_run(chain_model, 3);
    int n = sf_results_replications(a), units = sf_results_unit_count(a);
    for (int i = 0; i < n; i++)
        for (int u = 0; u <= units; u++)
            for (int m = 0; m < SF_M_COUNT; m++) {
                double x = sf_results_value(a, i, u, (sf_metric)m);
                double y = sf_results_value(b, i, u, (sf_metric)m);
                double z = sf_results_value(c, i, u, (sf_metric)m);
                if (isnan(x)) {
                    assert_true(isnan(y) && isnan(z));
                } else {
                    assert_true(memcmp(&x, &y, sizeof x) == 0);
                    assert_true(memcmp(&x, &z, sizeof x) == 0);
                }
            }
    /* and replications differ from each other */
    assert_true(sf_results_value(a, 0, 0, SF_M_WAIT_MEAN) !=
                sf_results_value(a, 1, 0, SF_M_WAIT_MEAN));
    sf_results_free(a);
    sf_results_free(b);
    sf_results_free(c);
}

static void test_blocking_by_hand(void **state) {
    (void)state;
    /* A (1 bed, stays exactly 1 h) feeds B (1 bed, exactly 10 h), with
     * more arrivals than B can take. In steady state B admits one patient
     * every 10 h, and A's patient spends 1 h in treatment and 9 h ready
     * for discharge, blocked by B: A's blocked share is 0.9, its bed is
     * always in use, and both pass 2.4 patients a day. The only error is
     * the edge of the window (at most one 10 h cycle in 10000 h). */
    sf_results *r = sim_run("horizon: 10000h\nwarmup: 100h\nreplications: 4\nseed: 19\n"
                            "arrivals: {a: {rate: 1/h, to: A}}\n"
                            "units:\n"
                            "  A: {kind: ward, beds: 1, los: fixed(1h), next: B}\n"
                            "  B: {kind: ward, beds: 1, los: fixed(10h)}\n",
                            1);
    int a = sim_unit(r, "A"), b = sim_unit(r, "B");
    sf_estimate blocked = sf_results_estimate(r, a, SF_M_BLOCKED_DAYS);
    double days = 10000.0 / 24;
    assert_true(fabs(blocked.mean / days - 0.9) < 0.002);
    assert_true(fabs(sf_results_estimate(r, a, SF_M_UTILISATION).mean - 1) < 0.002);
    assert_true(fabs(sf_results_estimate(r, b, SF_M_UTILISATION).mean - 1) < 0.002);
    assert_true(fabs(sf_results_estimate(r, a, SF_M_THROUGHPUT).mean - 2.4) < 0.01);
    assert_true(fabs(sf_results_estimate(r, b, SF_M_THROUGHPUT).mean - 2.4) < 0.01);
    /* one blocking episode per patient passing A */
    assert_true(fabs(sf_results_estimate(r, a, SF_M_BLOCKED).mean - 1000) <= 2);
    /* B's wait is the time its patients spent blocked on A: 9 h */
    assert_true(fabs(sf_results_estimate(r, b, SF_M_WAIT_MEAN).mean - 9) < 0.01);
    sf_results_free(r);
}

static void test_overflow_erlang_b(void **state) {
    (void)state;
    /* A ward with 2 beds and offered load 1 overflows B(2, 1) = 0.2 of its
     * requests to a large ward, which therefore sees 0.2 of the rate. */
    sf_results *r = sim_run("horizon: 20000h\nwarmup: 100h\nreplications: 20\nseed: 20\n"
                            "arrivals: {a: {rate: 1/h, to: A}}\n"
                            "units:\n"
                            "  A: {kind: ward, beds: 2, los: exp(1h), overflow: B}\n"
                            "  B: {kind: ward, beds: 50, los: exp(1h)}\n",
                            2);
    sim_expect(r, "A", SF_M_REJECT_SHARE, sf_erlang_b(2, 1));
    sim_expect(r, "B", SF_M_ARRIVALS, 20000 * sf_erlang_b(2, 1));
    sim_expect(r, "network", SF_M_REJECT_SHARE, 0);
    sf_results_free(r);
}

static void test_profile_counts(void **state) {
    (void)state;
    /* A profile moves arrivals in time but keeps the weekly mean rate:
     * arrivals only 08-16 (weight 3) must still number rate * horizon. */
    sf_results *r = sim_run("horizon: 8736h\nreplications: 20\nseed: 21\n"
                            "arrivals: {a: {rate: 2/h, to: s, profile: {08:00-16:00: 1}}}\n"
                            "units: {s: {kind: walk-in, servers: 100, service: fixed(1m)}}\n",
                            2);
    sim_expect(r, "s", SF_M_ARRIVALS, 2 * 8736);
    sf_results_free(r);
}

static void test_priority_cobham(void **state) {
    (void)state;
    /* Non-pre-emptive priority M/M/1 (Cobham 1954): with mu = 1, E[S^2] =
     * 2, W0 = sum lambda_i E[S^2] / 2 = 0.8; red waits W0 / (1 - s1) and
     * green W0 / ((1 - s1)(1 - s2)), s1 = 0.3, s2 = 0.8. FIFO would give
     * both 4 h: the test sees whether triage works. */
    sf_results *r = sim_run("horizon: 40000h\nwarmup: 500h\nreplications: 20\nseed: 22\n"
                            "arrivals:\n"
                            "  urgent: {rate: 0.3/h, to: s, class: red}\n"
                            "  routine: {rate: 0.5/h, to: s, class: green}\n"
                            "units: {s: {kind: walk-in, servers: 1, service: exp(1h), "
                            "triage: [red, green]}}\n",
                            2);
    assert_int_equal(sf_results_class_count(r), 3); /* default, red, green */
    int red = -1, green = -1;
    for (int c = 0; c < 3; c++) {
        if (!strcmp(sf_results_class_name(r, c), "red"))
            red = c;
        if (!strcmp(sf_results_class_name(r, c), "green"))
            green = c;
    }
    assert_true(red >= 0 && green >= 0);
    double want[2] = {0.8 / 0.7, 0.8 / (0.7 * 0.2)};
    int cls[2] = {red, green};
    for (int k = 0; k < 2; k++) {
        sf_estimate e = sf_results_class_estimate(r, 0, cls[k], SF_M_WAIT_MEAN);
        double half = sim_half(e);
        printf("  class %-6s wait_mean sim %.4f ± %.4f  theory %.4f\n",
               sf_results_class_name(r, cls[k]), e.mean, half, want[k]);
        assert_true(fabs(e.mean - want[k]) <= half);
    }
    /* the unit as a whole obeys the conservation law: same as FIFO */
    sim_expect(r, "s", SF_M_WAIT_MEAN, 4.0);
    sf_results_free(r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mm1),
        cmocka_unit_test(test_mmc_erlang_c),
        cmocka_unit_test(test_mmc_detects_wrong_rate),
        cmocka_unit_test(test_erlang_b),
        cmocka_unit_test(test_mmck),
        cmocka_unit_test(test_jackson_tandem),
        cmocka_unit_test(test_jackson_feedback),
        cmocka_unit_test(test_mginf_lognormal),
        cmocka_unit_test(test_little_per_unit),
        cmocka_unit_test(test_thread_invariance),
        cmocka_unit_test(test_blocking_by_hand),
        cmocka_unit_test(test_overflow_erlang_b),
        cmocka_unit_test(test_profile_counts),
        cmocka_unit_test(test_priority_cobham),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
