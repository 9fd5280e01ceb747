/* test_response.c: response units (kind: response) against figures
 * worked out by hand and against queueing theory:
 *
 * - one station, one zone, vehicles to spare: every response time is the
 *   dispatch delay plus the travel time (times the period's factor),
 *   exactly;
 * - vehicles as the servers of an M/M/c queue (no travel, no delay,
 *   exponential time on scene, nobody taken anywhere): the share of calls
 *   that wait for a vehicle is Erlang C, the mean wait the M/M/c mean wait;
 * - two stations where the nearest is off duty on weekdays: the mean
 *   response and the share answered from elsewhere follow from the rule
 *   "nearest free vehicle by travel time";
 * - the loader's messages for mistakes in the new keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "samflyt/analytic.h"
#include "sim_check.h"

#include <stdlib.h>

/* Every replication's value of metric m at unit u. */
static void expect_every(const sf_results *r, int u, sf_metric m, double truth, double tol) {
    for (int i = 0; i < sf_results_replications(r); i++) {
        double v = sf_results_value(r, i, u, m);
        if (!(fabs(v - truth) <= tol))
            fail_msg("replication %d: %s = %.17g, expected %.17g", i + 1, sf_metric_name(m), v,
                     truth);
    }
}

static const char exact_model[] =
    "horizon: 8w\nreplications: 4\nseed: 3\n"
    "calendar: {start: 2027-01-04, periods: {winter: {from: 07-01, to: 07-02}}}\n"
    "zones: {town: {travel: {town: 9m, hospital: 15m}}}\n"
    "populations: {people: {zone: town, size: 20000}}\n"
    "demand: [{class: acute, from: people, rate: 0.2/y, to: ambulance}]\n"
    "units:\n"
    "  ambulance: {kind: response, stations: {st: {zone: town, vehicles: 40}},\n"
    "              dispatch: fixed(2m), on-scene: exp(20m), travel-factor: {%s: 1.5},\n"
    "              next: {hospital: .5, home: .5}}\n"
    "  hospital: {kind: ward, beds: 100, los: exp(1d)}\n";

static void test_exact(void **state) {
    (void)state;
    char yaml[1024];
    /* a factor for a period that never comes in the run: 2m + 9m */
    snprintf(yaml, sizeof yaml, exact_model, "default: 1, winter");
    sf_results *r = sim_run(yaml, 2);
    int u = sim_unit(r, "ambulance");
    expect_every(r, u, SF_M_RESP_MEAN, 11, 1e-9);
    expect_every(r, u, SF_M_RESP_P50, 11, 11 * 0.0039);
    expect_every(r, u, SF_M_RESP_P90, 11, 11 * 0.0039);
    expect_every(r, u, SF_M_RESP_WITHIN12, 1, 0);
    expect_every(r, u, SF_M_RESP_WITHIN25, 1, 0);
    expect_every(r, u, SF_M_RESP_ELSEWHERE, 0, 0);
    expect_every(r, u, SF_M_WAIT_PROB, 0, 0);
    /* the patients go on to the hospital: half of the calls */
    sf_estimate a = sf_results_estimate(r, u, SF_M_ARRIVALS);
    sf_estimate h = sf_results_estimate(r, sim_unit(r, "hospital"), SF_M_ARRIVALS);
    assert_true(a.mean > 500);
    assert_true(fabs(h.mean / a.mean - 0.5) < 0.1);
    sf_results_free(r);

    /* the winter factor on every day: 2m + 1.5 * 9m = 15.5m, past 12 */
    snprintf(yaml, sizeof yaml, exact_model, "default");
    r = sim_run(yaml, 1);
    u = sim_unit(r, "ambulance");
    expect_every(r, u, SF_M_RESP_MEAN, 15.5, 1e-9);
    expect_every(r, u, SF_M_RESP_WITHIN12, 0, 0);
    expect_every(r, u, SF_M_RESP_WITHIN25, 1, 0);
    expect_every(r, u, SF_M_RESP_RURAL25, 1, 0);
    sf_results_free(r);
}

/* Vehicles as servers: calls at 2/h (8760 people at 2/y), 3 vehicles,
 * exponential time on scene of 1 h and nothing else: M/M/3 with a = 2. */
static void test_erlang_c(void **state) {
    (void)state;
    sf_results *r = sim_run("horizon: 20000h\nwarmup: 500h\nreplications: 20\nseed: 11\n"
                            "zones: {z: {travel: {z: 0m}}}\n"
                            "populations: {p: {zone: z, size: 8760}}\n"
                            "demand: [{from: p, rate: 2/y, to: amb}]\n"
                            "units: {amb: {kind: response, stations: {s: {zone: z, vehicles: 3}},\n"
                            "              dispatch: fixed(0m), on-scene: exp(1h)}}\n",
                            2);
    double lambda = 2, mu = 1;
    sim_expect(r, "amb", SF_M_WAIT_PROB, sf_erlang_c(3, lambda / mu));
    sim_expect(r, "amb", SF_M_WAIT_MEAN, sf_mmc_mean_wait(3, lambda, mu));
    /* the response time is the wait here, in minutes */
    sim_expect(r, "amb", SF_M_RESP_MEAN, 60 * sf_mmc_mean_wait(3, lambda, mu));
    sim_expect(r, "amb", SF_M_UTILISATION, lambda / mu / 3);
    sim_expect(r, "amb", SF_M_QUEUE_MEAN, sf_mmc_mean_queue(3, lambda, mu));
    /* with every vehicle out, the one station has none */
    sf_estimate full = sf_results_estimate(r, sim_unit(r, "amb"), SF_M_FULL_SHARE);
    sf_estimate empty = sf_results_estimate(r, sim_unit(r, "amb"), SF_M_RESP_STATION_EMPTY);
    assert_true(fabs(full.mean - empty.mean) < 1e-9);
    sim_expect(r, "amb", SF_M_RESP_STATION_EMPTY, sf_erlang_c(3, lambda / mu));
    sf_results_free(r);
}

/* Two stations, listed far one first. Zone a: station sa at 5m is off duty
 * on weekdays; station sb is 20m away. Zone b (urban): sb at 8m. Both have
 * vehicles to spare when on duty (40 each; about 0.3 calls out at a time),
 * dispatch takes 2m, and populations are equal. By hand:
 *   zone a: 5/7 of calls (weekdays) from sb, 22m; 2/7 from sa, 7m
 *   zone b: always sb, 10m
 *   mean = (5/7 * 22 + 2/7 * 7 + 10) / 2 = 97/7 = 13.857 min
 *   from elsewhere (not the nearest station) = 5/7 / 2 = 5/14
 *   within 12 min = (2/7 + 1) / 2 = 9/14;  town 12 = 1;  rural 25 = 1.
 * A dispatch that took the first free station, or ignored who is on duty,
 * gives other figures. */
static const char two_stations[] =
    "horizon: 52w\nreplications: 20\nseed: 5\n"
    "zones: {a: {travel: {a: 5m, b: 20m}}, b: {travel: {b: 8m}, urban: true}}\n"
    "populations: {pa: {zone: a, size: 10000}, pb: {zone: b, size: 10000}}\n"
    "demand: [{from: [pa, pb], rate: 0.2/y, to: amb}]\n"
    "units: {amb: {kind: response, dispatch: fixed(2m), on-scene: exp(15m),\n"
    "              stations: {sb: {zone: b, vehicles: 40},\n"
    "                         sa: {zone: a, vehicles: {default: 40, weekdays: 0}}}}}\n";

static void test_two_stations(void **state) {
    (void)state;
    sf_results *r = sim_run(two_stations, 2);
    sim_expect(r, "amb", SF_M_RESP_MEAN, 97.0 / 7);
    sim_expect(r, "amb", SF_M_RESP_ELSEWHERE, 5.0 / 14);
    sim_expect(r, "amb", SF_M_RESP_WITHIN12, 9.0 / 14);
    int u = sim_unit(r, "amb");
    expect_every(r, u, SF_M_RESP_URBAN12, 1, 0);
    expect_every(r, u, SF_M_RESP_RURAL25, 1, 0);
    expect_every(r, u, SF_M_RESP_WITHIN25, 1, 0);
    expect_every(r, u, SF_M_WAIT_PROB, 0, 0);
    /* sa has nobody on duty 5/7 of the time: station time without a free
     * vehicle is half that over the two stations */
    sim_expect(r, "amb", SF_M_RESP_STATION_EMPTY, 5.0 / 14);
    /* the same figures, to the last bit, on one thread */
    sf_results *r1 = sim_run(two_stations, 1);
    for (int i = 0; i < sf_results_replications(r); i++)
        for (int m = 0; m < SF_M_COUNT; m++) {
            double a = sf_results_value(r, i, u, (sf_metric)m);
            double b = sf_results_value(r1, i, u, (sf_metric)m);
            assert_true((isnan(a) && isnan(b)) || a == b);
        }
    sf_results_free(r1);
    sf_results_free(r);
}

/* Two stations equally far from the calls: the one written first answers
 * (and is the nearest), so no call counts as answered from elsewhere; a
 * rule that took the last on ties would answer every call from s2. */
static void test_tie(void **state) {
    (void)state;
    sf_results *r = sim_run("horizon: 8w\nreplications: 3\nseed: 9\n"
                            "zones: {a: {travel: {b: 10m, c: 10m}}, b: {}, c: {}}\n"
                            "populations: {p: {zone: a, size: 10000}}\n"
                            "demand: [{from: p, rate: 0.2/y, to: amb}]\n"
                            "units: {amb: {kind: response, on-scene: exp(10m),\n"
                            "              stations: {s1: {zone: b, vehicles: 30},\n"
                            "                         s2: {zone: c, vehicles: 30}}}}\n",
                            1);
    int u = sim_unit(r, "amb");
    expect_every(r, u, SF_M_RESP_ELSEWHERE, 0, 0);
    expect_every(r, u, SF_M_RESP_MEAN, 10, 1e-9);
    sf_results_free(r);
}

/* An acute call waiting with an ordered one is answered first: one
 * vehicle, ordered calls much more frequent; acute calls wait less. */
static void test_triage(void **state) {
    (void)state;
    sf_results *r = sim_run("horizon: 20000h\nreplications: 10\nseed: 2\n"
                            "zones: {z: {travel: {z: 0m}}}\n"
                            "populations: {p: {zone: z, size: 8760}}\n"
                            "demand: [{class: acute, from: p, rate: 0.2/y, to: amb},\n"
                            "         {class: ordered, from: p, rate: 0.5/y, to: amb}]\n"
                            "units: {amb: {kind: response, stations: {s: {zone: z, vehicles: 1}},\n"
                            "              on-scene: exp(1h), triage: [acute, ordered]}}\n",
                            2);
    /* Cobham: non-pre-emptive priority M/M/1, rho = 0.7, E[R] = rho * 1h;
     * acute W1 = R / (1 - 0.2), ordered W2 = R / ((1 - 0.2)(1 - 0.7)) */
    int u = sim_unit(r, "amb");
    sf_estimate w1 = sf_results_class_estimate(r, u, 1, SF_M_RESP_MEAN);
    sf_estimate w2 = sf_results_class_estimate(r, u, 2, SF_M_RESP_MEAN);
    double R = 0.7 * 60;
    printf("  acute %.4g ± %.3g (theory %.4g), ordered %.4g ± %.3g (theory %.4g)\n", w1.mean,
           sim_half(w1), R / 0.8, w2.mean, sim_half(w2), R / (0.8 * 0.3));
    assert_true(fabs(w1.mean - R / 0.8) <= sim_half(w1));
    assert_true(fabs(w2.mean - R / (0.8 * 0.3)) <= sim_half(w2));
    sf_results_free(r);
}

/* The loader: each mistake in the new keys gets its place and what was
 * expected. */
static const char base[] = "horizon: 1w\n"
                           "zones: {a: {travel: {a: 5m}}, b: {urban: false}}\n"
                           "populations: {p: {zone: a, size: 100}}\n";

static const struct {
    const char *rest, *want;
} bad[] = {
    {"arrivals: {x: {rate: 1/d, to: amb}}\n"
     "units: {amb: {kind: response, stations: {s: {zone: a, vehicles: 1}}, on-scene: exp(1h)}}\n",
     "t.yaml:4:31: source 'x': 'to': calls to response unit 'amb' must come from a population "
     "with a zone (demand with from: POPULATION), since the vehicle drives to where the call "
     "comes from"},
    {"demand: [{from: p, rate: 1/y, to: amb}]\n"
     "units: {amb: {kind: response, stations: {s: {zone: b, vehicles: 1}}, on-scene: exp(1h)}}\n",
     "t.yaml:4:35: demand 1: population 'p' lives in zone 'a', which has no travel time to zone "
     "'b' of station 's' of response unit 'amb'; add it under zones: a: travel: {b: 20m}"},
    {"demand: [{from: p, rate: 1/y, to: amb}]\n"
     "units: {amb: {kind: response, stations: {s: {zone: c, vehicles: 1}}, on-scene: exp(1h)}}\n",
     "t.yaml:5:52: unit 'amb': station 's': 'zone': unknown zone 'c'; it must be a key of "
     "'zones'"},
    {"demand: [{from: p, rate: 1/y, to: amb}]\n"
     "units: {amb: {kind: response, stations: {s: {zone: a, vehicles: 0}}, on-scene: exp(1h)}}\n",
     "t.yaml:5:65: unit 'amb': station 's': 'vehicles' must be a whole number from 1 to 1000, or "
     "a schedule, found '0'"},
    {"demand: [{from: p, rate: 1/y, to: amb}]\n"
     "units: {amb: {kind: response, stations: {s: {zone: a, vehicles: 1}}}}\n",
     "t.yaml:5:9: unit 'amb': missing 'on-scene' (the time on scene, a distribution such as "
     "lognormal(20m, 10m))"},
    {"demand: [{from: p, rate: 1/y, to: amb}]\n"
     "units: {amb: {kind: response, stations: {s: {zone: a, vehicles: 1}}, on-scene: exp(1h),\n"
     "              queue-limit: 3}}\n",
     "t.yaml:6:15: unit 'amb': unknown key 'queue-limit'; expected one of: kind, stations, "
     "dispatch, on-scene, travel-factor, triage, next, org"},
    {"demand: [{from: p, rate: 1/y, to: amb}]\n"
     "units: {amb: {kind: response, stations: {s: {zone: a, vehicles: 1}}, on-scene: exp(1h),\n"
     "              next: k}, k: {kind: ward, beds: 1, los: exp(1d)}}\n",
     "t.yaml:6:21: unit 'amb': 'next': zone 'a' of station 's' has no travel time to unit 'k', "
     "needed for the return; add it under zones: a: travel"},
    {"demand: [{from: p, rate: 1/y, to: amb}]\n"
     "units: {amb: {kind: response, stations: {s: {zone: a, vehicles: 1}}, on-scene: exp(1h)},\n"
     "        h: {kind: walk-in, servers: 1, service: exp(1h), next: amb}}\n",
     "t.yaml:6:64: unit 'h': 'next': response unit 'amb' takes calls from demand only "
     "(transfers by ambulance between units are not modelled yet)"},
    {"demand: [{from: p, rate: 1/y, to: amb}]\n"
     "units: {amb: {kind: response, stations: {s: {zone: a, vehicles: 1}}, on-scene: exp(1h),\n"
     "              travel-factor: {winter: 1.2}}}\n",
     "t.yaml:6:31: unit 'amb': 'travel-factor': unknown period 'winter'; the calendar's "
     "periods: none (or default)"},
};

static void test_bad(void **state) {
    (void)state;
    int wrong = 0;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char yaml[2048];
        snprintf(yaml, sizeof yaml, "%s%s", base, bad[i].rest);
        sf_model *m = NULL;
        sf_diag d = {0};
        int rc = sf_model_load_buffer("t.yaml", yaml, strlen(yaml), &m, &d);
        char got[1200] = "";
        if (rc)
            sf_diag_format(&d, got, sizeof got);
        if (rc != SF_ERR_MODEL || strcmp(got, bad[i].want)) {
            printf("  got:  %s\n  want: %s\n", got, bad[i].want);
            wrong++;
        }
        sf_model_free(m);
    }
    {
        const char *yaml = "horizon: 1w\nzones: {a: {urban: yes}}\n"
                           "arrivals: {x: {rate: 1/d, to: u}}\n"
                           "units: {u: {kind: walk-in, servers: 1, service: exp(1h)}}\n";
        sf_model *m = NULL;
        sf_diag d = {0};
        char got[1200] = "";
        if (sf_model_load_buffer("t.yaml", yaml, strlen(yaml), &m, &d))
            sf_diag_format(&d, got, sizeof got);
        const char *want = "t.yaml:2:20: zone 'a': 'urban' must be true or false, found 'yes'";
        if (strcmp(got, want)) {
            printf("  got:  %s\n  want: %s\n", got, want);
            wrong++;
        }
        sf_model_free(m);
    }
    assert_int_equal(wrong, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact),        cmocka_unit_test(test_erlang_c),
        cmocka_unit_test(test_two_stations), cmocka_unit_test(test_tie),
        cmocka_unit_test(test_triage),       cmocka_unit_test(test_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
