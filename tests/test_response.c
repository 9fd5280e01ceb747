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
 * - one vehicle and two calls, the second while the vehicle drives back:
 *   it is sent from where it is on the way, by hand;
 * - the loader's messages for mistakes in the new keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "samflyt/analytic.h"
#include "sim/engine.h"
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
 * gives other figures. The patients go to hospital h, 60m from every zone:
 * a vehicle on its way back from there is never nearer a call than one
 * at a station, so the figures are those of the stations alone. (With the
 * patients left at home, a vehicle driving back from zone a to sb passes
 * near a, is sent from there, and the mean falls to about 13.6.) */
static const char two_stations[] =
    "horizon: 52w\nreplications: 20\nseed: 5\n"
    "zones: {a: {travel: {a: 5m, b: 20m, h: 60m}}, b: {travel: {b: 8m, h: 60m}, urban: true}}\n"
    "populations: {pa: {zone: a, size: 10000}, pb: {zone: b, size: 10000}}\n"
    "demand: [{from: [pa, pb], rate: 0.2/y, to: amb}]\n"
    "units: {amb: {kind: response, dispatch: fixed(2m), on-scene: exp(15m), next: h,\n"
    "              stations: {sb: {zone: b, vehicles: 40},\n"
    "                         sa: {zone: a, vehicles: {default: 40, weekdays: 0}}}},\n"
    "        h: {kind: ward, beds: 1000, los: exp(1d)}}\n";

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
    /* by zone and by station (results.json "zones" and "stations"):
     *   zone a: 5/7 x 22 + 2/7 x 7 = 124/7 min, 2/7 within 12, all within
     *     25 (rural: its guideline), 5/7 from elsewhere;
     *   zone b: 10 min, all within 12 (urban: its guideline), none from
     *     elsewhere;
     *   station sb answers all of b and 5/7 of a, 6/7 of the calls; sa the
     *   other 1/7, and has no vehicle 5/7 of the time, sb never. */
    assert_int_equal(sf_results_zone_count(r), 2);
    assert_int_equal(sf_results_station_count(r), 2);
    assert_string_equal(sf_results_zone_name(r, 1), "b");
    assert_true(sf_results_zone_urban(r, 1) && !sf_results_zone_urban(r, 0));
    assert_string_equal(sf_results_station_name(r, 1), "amb/sa");
    const struct {
        int zone; /* -1: station */
        int i;
        sf_metric m;
        double truth;
    } want[] = {
        {1, 0, SF_M_RESP_MEAN, 124.0 / 7},
        {1, 0, SF_M_RESP_WITHIN12, 2.0 / 7},
        {1, 0, SF_M_RESP_RURAL25, 1},
        {1, 0, SF_M_RESP_ELSEWHERE, 5.0 / 7},
        {1, 1, SF_M_RESP_MEAN, 10},
        {1, 1, SF_M_RESP_URBAN12, 1},
        {1, 1, SF_M_RESP_ELSEWHERE, 0},
        {0, 0, SF_M_RESP_STATION_EMPTY, 0},
        {0, 1, SF_M_RESP_STATION_EMPTY, 5.0 / 7},
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        sf_estimate e = want[k].zone ? sf_results_zone_estimate(r, want[k].i, want[k].m)
                                     : sf_results_station_estimate(r, want[k].i, want[k].m);
        printf("  %s %d %s: %.5g ± %.3g (by hand %.5g)\n", want[k].zone ? "zone" : "station",
               want[k].i, sf_metric_name(want[k].m), e.mean, sim_half(e), want[k].truth);
        assert_true(fabs(e.mean - want[k].truth) <= sim_half(e) + 1e-9);
    }
    /* calls answered: sa's share of all, and the zones' and the stations'
     * calls add up to the unit's */
    double sa = 0, all = 0, zones = 0, unit = 0;
    for (int i = 0; i < sf_results_replications(r); i++) {
        sa += sf_results_station_value(r, i, 1, SF_M_ADMITTED);
        all += sf_results_station_value(r, i, 0, SF_M_ADMITTED) +
               sf_results_station_value(r, i, 1, SF_M_ADMITTED);
        zones += sf_results_zone_value(r, i, 0, SF_M_ADMITTED) +
                 sf_results_zone_value(r, i, 1, SF_M_ADMITTED);
        unit += sf_results_value(r, i, u, SF_M_ADMITTED);
    }
    printf("  sa answers %.4f of the calls (by hand 1/7 = %.4f)\n", sa / all, 1.0 / 7);
    assert_true(fabs(sa / all - 1.0 / 7) < 0.01);
    assert_true(all == zones && fabs(all - unit) <= 40 * sf_results_replications(r));
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

/* One station in zone s with one vehicle; calls from zone a, 20m away;
 * dispatch 2m, 10m on scene, 10m to hospital h, which is 30m from s. A
 * call at c1 is reached at c1 + 22m; the vehicle hands over at c1 + 42m
 * and is back at c1 + 72m. A second call at c2 is reached, by the rule of
 * docs/simulation.md (a vehicle x into a return leg of 30m is
 * (30 - x) / 30 of h's 10m plus x / 30 of s's 20m from a, 10 + x / 3):
 *   c2 <  c1 + 42m: after a wait until the handover, then 2m + 10m from h;
 *   c2 in [c1 + 42m, c1 + 72m): 2m + 10m + x / 3, x = c2 - c1 - 42m
 *     (c2 = c1 + 57m: 17m, where a vehicle free only at its station
 *     would reach it after 15m + 22m = 37m);
 *   c2 >= c1 + 72m: 22m from the station.
 * Each short replication with exactly two calls (the stay hook gives their
 * times) has the mean of those two responses, exactly. */
typedef struct calls {
    int amb;
    int n;
    double t[4];
} calls;

static void on_call(void *user, const sf_engine_stay *s) {
    calls *c = user;
    if (s->unit == c->amb && c->n < 4)
        c->t[c->n++] = s->arrive;
}

static void test_returning(void **state) {
    (void)state;
    sf_model *m = sim_load("horizon: 4h\nseed: 7\n"
                           "zones: {a: {travel: {s: 20m, h: 10m}}, s: {travel: {h: 30m}}}\n"
                           "populations: {p: {zone: a, size: 8760}}\n"
                           "demand: [{from: p, rate: 0.5/y, to: amb}]\n"
                           "units: {amb: {kind: response, stations: {st: {zone: s, vehicles: 1}},\n"
                           "              dispatch: fixed(2m), on-scene: fixed(10m), next: h},\n"
                           "        h: {kind: ward, beds: 100, los: exp(1d)}}\n");
    calls c = {0};
    c.amb = 0;
    sf_engine *e = NULL;
    assert_int_equal(sf_engine_create(m, &e), SF_OK);
    double *x = malloc((size_t)sf_engine_rows(m) * SF_M_COUNT * sizeof *x);
    assert_non_null(x);
    assert_int_equal(sf_engine_on_stay(e, on_call, &c), SF_OK);
    int seen[3] = {0}, wrong = 0;
    for (int rep = 0; rep < 600; rep++) {
        c.n = 0;
        sf_rep_out out = {x, 0, 0, NULL, NULL};
        assert_int_equal(sf_engine_replicate(e, m->seed, rep, &out), SF_OK);
        if (c.n != 2 || x[SF_M_ARRIVALS] != 2)
            continue; /* not exactly two calls, both handed over in the run */
        double gap = (c.t[1] - c.t[0]) * 60, r2;
        int k = gap < 42 ? 0 : gap < 72 ? 1 : 2;
        r2 = k == 0 ? 42 - gap + 12 : k == 1 ? 12 + (gap - 42) / 3 : 22;
        seen[k]++;
        double want = (22 + r2) / 2, got = x[SF_M_RESP_MEAN];
        if (!(fabs(got - want) < 1e-9)) {
            printf("  replication %d: calls %.1f min apart: mean %.6g, by hand %.6g\n", rep + 1,
                   gap, got, want);
            wrong++;
        }
    }
    printf("  two calls: %d while out, %d while driving back, %d after\n", seen[0], seen[1],
           seen[2]);
    assert_int_equal(wrong, 0);
    assert_true(seen[0] >= 10 && seen[1] >= 10 && seen[2] >= 10);
    free(x);
    sf_engine_free(e);
    sf_model_free(m);
}

/* The schedule binds vehicles on the road too: the one vehicle is off
 * duty on weekdays (0 from Monday 00:00 to Saturday 00:00). A vehicle
 * still driving back when Monday begins (a long leg of 3 h) finishes its
 * return and takes no call on the way, so every call made on a weekday is
 * sent a vehicle at the weekend. A rule that let any returning vehicle
 * answer would send one on Monday morning. */
typedef struct sends {
    int amb, weekday_calls, weekend_sends, early;
} sends;

static void on_send(void *user, const sf_engine_stay *s) {
    sends *c = user;
    if (s->unit != c->amb)
        return;
    double call = fmod(s->arrive, 168), sent = fmod(s->start, 168);
    if (call < 120) {
        c->weekday_calls++;
        c->weekend_sends += sent >= 120;
        c->early += sent < 120;
    }
}

static void test_returning_off_duty(void **state) {
    (void)state;
    sf_model *m =
        sim_load("horizon: 26w\nseed: 3\n"
                 "zones: {a: {travel: {s: 20m, h: 10m}}, s: {travel: {h: 3h}}}\n"
                 "populations: {p: {zone: a, size: 8760}}\n"
                 "demand: [{from: p, rate: 1/y, to: amb}]\n"
                 "units: {amb: {kind: response, on-scene: fixed(10m), next: h,\n"
                 "              stations: {st: {zone: s, vehicles: {default: 1, weekdays: "
                 "0}}}},\n"
                 "        h: {kind: ward, beds: 100, los: exp(1d)}}\n");
    sends c = {0};
    sf_engine *e = NULL;
    assert_int_equal(sf_engine_create(m, &e), SF_OK);
    double *x = malloc((size_t)sf_engine_rows(m) * SF_M_COUNT * sizeof *x);
    assert_non_null(x);
    assert_int_equal(sf_engine_on_stay(e, on_send, &c), SF_OK);
    sf_rep_out out = {x, 0, 0, NULL, NULL};
    assert_int_equal(sf_engine_replicate(e, m->seed, 0, &out), SF_OK);
    printf("  weekday calls %d, sent at the weekend %d, sent on a weekday %d\n", c.weekday_calls,
           c.weekend_sends, c.early);
    assert_true(c.weekday_calls > 100);
    assert_int_equal(c.early, 0);
    assert_int_equal(c.weekend_sends, c.weekday_calls);
    free(x);
    sf_engine_free(e);
    sf_model_free(m);
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
        cmocka_unit_test(test_exact),
        cmocka_unit_test(test_erlang_c),
        cmocka_unit_test(test_two_stations),
        cmocka_unit_test(test_tie),
        cmocka_unit_test(test_triage),
        cmocka_unit_test(test_returning),
        cmocka_unit_test(test_returning_off_duty),
        cmocka_unit_test(test_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
