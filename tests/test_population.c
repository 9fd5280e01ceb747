/* test_population.c: populations, demand, zones and travel.
 *
 * Compiled demand rates against hand-worked sums (size x shares x rates);
 * simulated arrival counts against the integrated rate, with the days of
 * each period counted independently through the C library's gmtime (not
 * the calendar code); presence 0 giving no arrivals at all; an hour-of-week
 * profile times a period factor; travel minutes per visit against the
 * zone mix worked by hand and, per replication, exactly against the
 * admissions at each unit; travel-access shares against a direct
 * computation on a small hand-made model; every invalid value against its
 * exact diagnostic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
/* cmocka needs the headers above first */
#include <cmocka.h>

#include "model/model.h"
#include "sim_check.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void near(double got, double want, double tol) {
    if (!(fabs(got - want) <= tol))
        fail_msg("got %.17g, want %.17g (tolerance %g)", got, want, tol);
}

static const sf_source *source(const sf_model *m, const char *name) {
    for (int s = 0; s < m->nsources; s++)
        if (strcmp(m->sources[s].name, name) == 0)
            return &m->sources[s];
    fail_msg("no source %s", name);
    return NULL;
}

/* ---- the loader compiles demand into sources ----------------------------- */

static const char roros[] =
    "horizon: 365d\nwarmup: 28d\nreplications: 4\n"
    "calendar:\n  start: 2027-01-04\n  periods:\n"
    "    winter-holiday: {from: 02-15, to: 03-10}\n"
    "    summer:         {from: 06-20, to: 08-15}\n"
    "zones:\n"
    "  roros:   {travel: {gp-office: 8m, legevakt: 8m, hospital: 5m}}\n"
    "  brekken: {travel: {gp-office: 35m, legevakt: 35m, hospital: 35m}}\n"
    "populations:\n"
    "  residents:    {zone: roros, size: 5600, ages: {0-17: .18, 18-66: .60, 67-79: .14, 80+: "
    ".08}}\n"
    "  cabin-guests: {zone: brekken, size: 6000, presence: {summer: .35, winter-holiday: .30, "
    "default: .02}}\n"
    "demand:\n"
    "  - {class: gp-visit, from: residents, rate: {0-17: 1.9/y, 18-66: 2.6/y, 67-79: 4.8/y, 80+: "
    "6.5/y},\n"
    "     profile: {default: 0, weekdays 08:00-16:00: 1}, to: gp-office}\n"
    "  - {class: acute, from: [residents, cabin-guests], rate: 0.25/y, periods: {summer: 1.2},\n"
    "     to: legevakt}\n"
    "arrivals: {ambulance: {rate: 2/d, to: hospital}}\n"
    "units:\n"
    "  gp-office: {kind: walk-in, servers: 6, service: exp(20m)}\n"
    "  legevakt:  {kind: walk-in, servers: 2, service: exp(25m), next: {home: .9, hospital: .1}}\n"
    "  hospital:  {kind: ward, beds: 30, los: exp(3d)}\n";

static void test_compile(void **state) {
    (void)state;
    sf_model *m = sim_load(roros);
    assert_int_equal(m->nsources, 4); /* ambulance, then gp-visit x 1, acute x 2 */
    assert_string_equal(m->sources[0].name, "ambulance");
    assert_int_equal(m->sources[0].population, -1);
    assert_int_equal(m->npopulations, 2);
    assert_int_equal(m->nzones, 2);
    assert_int_equal(m->nclasses, 3);

    const sf_source *gp = source(m, "gp-visit/residents");
    /* 5600 x (.18 x 1.9 + .60 x 2.6 + .14 x 4.8 + .08 x 6.5) = 17326.4 a year */
    near(gp->rate * 8760, 17326.4, 1e-8);
    assert_null(gp->period_w);
    assert_int_equal(gp->profile.flat, 0);
    assert_int_equal(gp->population, 0);

    const sf_source *ar = source(m, "acute/residents");
    /* residents are always there; the summer factor 1.2 stays by period */
    near(ar->rate * 8760, 5600 * 0.25, 1e-9);
    assert_non_null(ar->period_w);
    near(ar->period_w[0], 1, 0);
    near(ar->period_w[1], 1, 0);   /* winter-holiday */
    near(ar->period_w[2], 1.2, 0); /* summer */
    near(ar->period_wmax, 1.2, 0);

    const sf_source *ac = source(m, "acute/cabin-guests");
    near(ac->rate * 8760, 6000 * 0.25, 1e-9);
    near(ac->period_w[0], 0.02, 1e-15);
    near(ac->period_w[1], 0.30, 1e-15);
    near(ac->period_w[2], 0.35 * 1.2, 1e-15);
    near(ac->period_wmax, 0.42, 1e-15);
    assert_int_equal(ac->population, 1);
    assert_int_equal(ac->cls, ar->cls);

    const sf_population *cg = &m->populations[1];
    assert_int_equal(cg->nzones, 1);
    assert_int_equal(cg->zone[0], 1);
    near(m->zones[0].travel[0], 8.0 / 60, 1e-15);
    assert_true(isnan(m->zones[0].travel[2]) == 0);
    sf_model_free(m);
}

/* ---- arrivals against the integrated rate ---------------------------------- */

/* Whether month-day (m, d) lies in the inclusive range from..to, each
 * written as month * 100 + day, wrapping the year end when from > to. */
static int in_range(int m, int d, int from, int to) {
    int md = m * 100 + d;
    return from <= to ? md >= from && md <= to : md >= from || md <= to;
}

/* The weight of one day under presence {summer: .5, winter: .25, xmas: 1,
 * default: .1} times {summer: 2}, from the date gmtime gives. */
static double day_weight(time_t secs) {
    struct tm tm;
    gmtime_r(&secs, &tm);
    int m = tm.tm_mon + 1, d = tm.tm_mday;
    if (in_range(m, d, 1220, 105))
        return 1;
    if (in_range(m, d, 215, 310))
        return 0.25;
    if (in_range(m, d, 620, 815))
        return 0.5 * 2;
    return 0.1;
}

static const char seasonal[] =
    "horizon: %s\nreplications: 20\nseed: 7\n"
    "calendar:\n  start: %s\n  periods:\n"
    "    xmas:   {from: 12-20, to: 01-05}\n"
    "    winter: {from: 02-15, to: 03-10}\n"
    "    summer: {from: 06-20, to: 08-15}\n"
    "populations: {p: {size: 36500, presence: {summer: .5, winter: .25, xmas: 1, default: .1}}}\n"
    "demand: [{from: p, rate: 1/y, periods: {summer: 2}, to: u}]\n"
    "units: {u: {kind: walk-in, servers: 1000, service: exp(1m)}}\n";

static void expect_seasonal(const char *horizon, const char *start, int y, int mo, int d,
                            int days) {
    char yaml[2048];
    snprintf(yaml, sizeof yaml, seasonal, horizon, start);
    sf_results *r = sim_run(yaml, 2);
    /* 36500 people x 1/y = 100 contacts a day at weight 1 */
    struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = 12};
    time_t first = timegm(&tm);
    double expected = 0;
    for (int i = 0; i < days; i++)
        expected += 100 * day_weight(first + (time_t)i * 86400);
    sim_expect(r, "u", SF_M_ARRIVALS, expected);
    sf_results_free(r);
}

static void test_period_counts(void **state) {
    (void)state;
    /* a whole year from 2027-01-04: every period and the year-end wrap */
    expect_seasonal("365d", "2027-01-04", 2027, 1, 4, 365);
    /* exactly the summer: 57 days at weight 1 = 5700 */
    expect_seasonal("57d", "2027-06-20", 2027, 6, 20, 57);
    /* across a leap day and out of the winter holiday */
    expect_seasonal("30d", "2028-02-20", 2028, 2, 20, 30);
}

static void test_presence_zero(void **state) {
    (void)state;
    /* never present: not a single arrival in any replication */
    sf_results *r = sim_run("horizon: 365d\nreplications: 5\n"
                            "populations: {p: {size: 5000, presence: {default: 0}}, "
                            "q: {size: 10, presence: {default: 1}}}\n"
                            "demand: [{from: p, rate: 10/y, to: u}, {from: q, rate: 1/y, to: v}]\n"
                            "units: {u: {kind: walk-in, servers: 1, service: exp(1m)},\n"
                            "        v: {kind: walk-in, servers: 1, service: exp(1m)}}\n",
                            1);
    for (int i = 0; i < 5; i++)
        assert_true(sf_results_value(r, i, 0, SF_M_ARRIVALS) == 0);
    sf_results_free(r);
    /* present only in summer: none from January to May, 50/d in summer */
    static const char fmt[] = "horizon: %s\nreplications: 10\ncalendar:\n  start: %s\n"
                              "  periods: {summer: {from: 06-01, to: 08-31}}\n"
                              "populations: {p: {size: 36500, presence: {summer: 1, default: 0}}}\n"
                              "demand: [{from: p, rate: 0.5/y, to: u}]\n"
                              "units: {u: {kind: walk-in, servers: 1000, service: exp(1m)}}\n";
    char yaml[1024];
    snprintf(yaml, sizeof yaml, fmt, "151d", "2027-01-01");
    r = sim_run(yaml, 2);
    for (int i = 0; i < 10; i++)
        assert_true(sf_results_value(r, i, 0, SF_M_ARRIVALS) == 0);
    sf_results_free(r);
    snprintf(yaml, sizeof yaml, fmt, "92d", "2027-06-01");
    r = sim_run(yaml, 2);
    sim_expect(r, "u", SF_M_ARRIVALS, 50 * 92);
    sf_results_free(r);
    /* a population of size 0 loads and brings nobody */
    r = sim_run("horizon: 30d\nreplications: 2\npopulations: {p: {size: 0}}\n"
                "demand: [{from: p, rate: 10/y, to: u}]\n"
                "units: {u: {kind: walk-in, servers: 1, service: exp(1m)}}\n",
                1);
    assert_true(sf_results_value(r, 0, 0, SF_M_ARRIVALS) == 0);
    sf_results_free(r);
}

/* Does the (Bonferroni 99.9 %) interval of a population figure cover the
 * truth? */
static int pop_covers(const sf_results *r, int pop, sf_metric m, double truth) {
    sf_estimate e = sf_results_population_estimate(r, pop, m);
    double half = sim_half(e);
    int ok = fabs(e.mean - truth) <= half;
    printf("  population %-10s %-18s sim %.5g ± %.3g  theory %.5g  %s\n",
           sf_results_population_name(r, pop), sf_metric_name(m), e.mean, half, truth,
           ok ? "ok" : "OUTSIDE");
    return ok;
}

static void test_age_bands(void **state) {
    (void)state;
    /* 8760 x (.25 x 2 + .75 x 6) per year = 5 an hour: 5000 in 1000 h.
     * Swapping the shares would give 3 an hour. */
    sf_results *r = sim_run("horizon: 1000h\nwarmup: 50h\nreplications: 20\n"
                            "populations: {p: {size: 8760, ages: {young: .25, old: .75}}}\n"
                            "demand: [{from: p, rate: {young: 2/y, old: 6/y}, to: u}]\n"
                            "units: {u: {kind: walk-in, servers: 100, service: exp(1m)}}\n",
                            2);
    sim_expect(r, "u", SF_M_ARRIVALS, 5000);
    /* the population row: the same patients, and 5000 in 1000 h is
     * 43800 a year, 5000 per 1,000 of the 8760 people */
    assert_int_equal(sf_results_population_count(r), 1);
    assert_string_equal(sf_results_population_name(r, 0), "p");
    for (int i = 0; i < 20; i++) {
        double n = sf_results_population_value(r, i, 0, SF_M_ARRIVALS);
        assert_true(n == sf_results_value(r, i, 0, SF_M_ARRIVALS));
        near(sf_results_population_value(r, i, 0, SF_M_CONTACTS_PER_1000),
             n * (8760.0 / 1000) * 1000 / 8760, 1e-9);
        assert_true(isnan(sf_results_population_value(r, i, 0, SF_M_WAIT_MEAN)));
        assert_true(isnan(sf_results_value(r, i, 0, SF_M_CONTACTS_PER_1000)));
    }
    assert_true(pop_covers(r, 0, SF_M_CONTACTS_PER_1000, 5000));
    sf_results_free(r);
}

/* A weekend-only profile (weight 168/48 = 3.5 on Saturday and Sunday)
 * times a summer factor of 3 for one population. */
static const char weekend[] =
    "horizon: %s\nreplications: 20\ncalendar:\n  start: %s\n"
    "  periods: {summer: {from: 06-20, to: 08-15}}\n"
    "populations: {p: {size: 8760}}\n"
    "demand: [{from: p, rate: 1/y, profile: {weekend: 1}, periods: {summer: 3}, to: u}]\n"
    "units: {u: {kind: walk-in, servers: 100, service: exp(1m)}}\n";

static void test_profile_and_period(void **state) {
    (void)state;
    char yaml[1024];
    /* Monday 2027-06-21 to Friday: no weekend, no arrivals */
    snprintf(yaml, sizeof yaml, weekend, "5d", "2027-06-21");
    sf_results *r = sim_run(yaml, 2);
    for (int i = 0; i < 20; i++)
        assert_true(sf_results_value(r, i, 0, SF_M_ARRIVALS) == 0);
    sf_results_free(r);
    /* a summer week: 1 an hour x 3.5 x 48 h x 3 = 504 */
    snprintf(yaml, sizeof yaml, weekend, "7d", "2027-06-21");
    r = sim_run(yaml, 2);
    sim_expect(r, "u", SF_M_ARRIVALS, 504);
    sf_results_free(r);
    /* the week after the summer (Monday 2027-08-16): 168 */
    snprintf(yaml, sizeof yaml, weekend, "7d", "2027-08-16");
    r = sim_run(yaml, 2);
    sim_expect(r, "u", SF_M_ARRIVALS, 168);
    sf_results_free(r);
    /* Saturday 2027-08-14 to Monday: two summer days, 2 x 24 x 3.5 x 3 */
    snprintf(yaml, sizeof yaml, weekend, "2d", "2027-08-14");
    r = sim_run(yaml, 2);
    sim_expect(r, "u", SF_M_ARRIVALS, 504);
    sf_results_free(r);
}

/* The mean of the by-hour (or by-month) arrival figures over the buckets
 * flagged in want, against truth, with the interval of that mean built
 * from the buckets' own sds (disjoint hours: independent Poisson counts)
 * at 99.9 %. */
static void expect_buckets(const sf_results *r, int monthly, const int *pick, int n, double truth) {
    double sum = 0, var = 0;
    int reps = sf_results_replications(r);
    for (int i = 0; i < n; i++) {
        sf_estimate e = monthly ? sf_results_by_month(r, 0, pick[i], SF_BY_ARRIVALS)
                                : sf_results_by_hour(r, 0, pick[i], SF_BY_ARRIVALS);
        sum += e.mean;
        var += e.sd * e.sd / reps;
    }
    double mean = sum / n, half = 3.29 * sqrt(var) / n;
    printf("  %s buckets %d: mean %.4g ± %.3g, theory %.4g\n", monthly ? "month" : "hour", n, mean,
           half, truth);
    assert_true(fabs(mean - truth) <= half);
}

/* Arrivals by hour of the real week and by month, with a Wednesday start:
 * weights 3 on weekdays 08:00-16:00 and 1 elsewhere average 248/168 over
 * the week, so 1 an hour on average is 3 x 168/248 an hour in the day
 * hours and 168/248 at other times; presence 1 in June-August and .25
 * otherwise gives 24 x 168/248 x (mean weight 1) a day in summer. */
static void test_by_hour_and_month(void **state) {
    (void)state;
    sf_results *r = sim_run(
        "horizon: 364d\nreplications: 12\ncalendar:\n  start: 2027-01-06\n"
        "  periods: {summer: {from: 06-01, to: 08-31}}\n"
        "populations: {p: {size: 8760, presence: {summer: 1, default: .25}}}\n"
        "demand: [{from: p, rate: 1/y, profile: {weekdays 08:00-16:00: 3, default: 1}, to: u}]\n"
        "units: {u: {kind: walk-in, servers: 100, service: exp(1m)}}\n",
        2);
    int day[40], other[128], nd = 0, no = 0;
    for (int h = 0; h < 168; h++) {
        int d = h / 24, hh = h % 24;
        if (d < 5 && hh >= 8 && hh < 16)
            day[nd++] = h;
        else
            other[no++] = h;
    }
    assert_true(nd == 40 && no == 128);
    /* 92 summer days of 364 at 1, the rest at .25 */
    double season = (92 * 1.0 + 272 * 0.25) / 364;
    expect_buckets(r, 0, day, nd, 3 * 168.0 / 248 * season);
    expect_buckets(r, 0, other, no, 168.0 / 248 * season);
    int summer[] = {5, 6, 7}, rest[] = {1, 2, 3, 4, 8, 9, 10};
    expect_buckets(r, 1, summer, 3, 24);
    expect_buckets(r, 1, rest, 7, 24 * 0.25);
    sf_results_free(r);
}

/* ---- travel per visit ----------------------------------------------------- */

static void test_travel_mix(void **state) {
    (void)state;
    /* 70 % of visits from 10 min away, 30 % from 40 min: 19 min a visit */
    sf_results *r = sim_run("horizon: 2000h\nreplications: 20\n"
                            "zones: {a: {travel: {u: 10m, w: 1m}}, b: {travel: {u: 40m, w: 1m}}}\n"
                            "populations: {p: {size: 8760, zone: {a: .7, b: .3}}}\n"
                            "demand: [{from: p, rate: 5/y, to: u}]\n"
                            "arrivals: {walk-ins: {rate: 1/h, to: w}}\n"
                            "units: {u: {kind: walk-in, servers: 50, service: exp(1m), next: w},\n"
                            "        w: {kind: walk-in, servers: 50, service: exp(1m)}}\n",
                            2);
    sim_expect(r, "u", SF_M_TRAVEL_MEAN, 19);
    /* w has visits only from `arrivals` (no zone) and transfers from u
     * (not travel from home): no travel figure at all */
    sf_estimate e = sf_results_estimate(r, 1, SF_M_TRAVEL_MEAN);
    assert_true(isnan(e.mean));
    sim_expect(r, "network", SF_M_TRAVEL_MEAN, 19);
    assert_true(pop_covers(r, 0, SF_M_TRAVEL_MEAN, 19));
    /* 8760 people x 5/y: 5000 a year per 1,000 */
    assert_true(pop_covers(r, 0, SF_M_CONTACTS_PER_1000, 5000));
    sf_results_free(r);
}

static void test_travel_overflow(void **state) {
    (void)state;
    /* u (one place, ten hours) sends most patients on to v: each counts
     * its travel where it is admitted, so per replication the network mean
     * is exactly (10 x admitted at u + 30 x admitted at v) / both. */
    sf_results *r =
        sim_run("horizon: 500h\nwarmup: 20h\nreplications: 5\n"
                "zones: {a: {travel: {u: 10m, v: 30m}}}\n"
                "populations: {p: {size: 8760, zone: a}}\n"
                "demand: [{from: p, rate: 1/y, to: u}]\n"
                "units: {u: {kind: walk-in, servers: 1, service: fixed(10h), overflow: v},\n"
                "        v: {kind: walk-in, servers: 100, service: exp(1m)}}\n",
                1);
    for (int i = 0; i < 5; i++) {
        double au = sf_results_value(r, i, 0, SF_M_ADMITTED);
        double av = sf_results_value(r, i, 1, SF_M_ADMITTED);
        assert_true(au >= 40 && av > 300);
        near(sf_results_value(r, i, 0, SF_M_TRAVEL_MEAN), 10, 1e-9);
        near(sf_results_value(r, i, 1, SF_M_TRAVEL_MEAN), 30, 1e-9);
        near(sf_results_value(r, i, 2, SF_M_TRAVEL_MEAN), (10 * au + 30 * av) / (au + av), 1e-9);
    }
    sf_results_free(r);
}

/* A booked clinic counts the travel of each request it books. */
static void test_travel_booked(void **state) {
    (void)state;
    sf_results *r = sim_run("horizon: 60d\nreplications: 3\n"
                            "zones: {z: {travel: {gp: 12m}}}\n"
                            "populations: {a: {size: 1000, zone: z}}\n"
                            "demand: [{from: a, rate: 3/y, to: gp}]\n"
                            "units: {gp: {kind: booked-clinic, doctors: 2, lists: [500, 500], "
                            "slot: 20m, hours: weekdays 08:00-16:00}}\n",
                            1);
    for (int i = 0; i < 3; i++) {
        assert_true(sf_results_value(r, i, 0, SF_M_ADMITTED) > 200);
        near(sf_results_value(r, i, 0, SF_M_TRAVEL_MEAN), 12, 1e-9);
    }
    sf_results_free(r);
}

/* Zones drawn per patient, periods and profiles: the same numbers for a
 * seed on one thread or three. */
static void test_threads_identical(void **state) {
    (void)state;
    static const char model[] =
        "horizon: 60d\nreplications: 6\nseed: 3\ncalendar:\n  start: 2027-06-01\n"
        "  periods: {summer: {from: 06-20, to: 08-15}}\n"
        "zones: {a: {travel: {u: 10m, v: 20m}}, b: {travel: {u: 40m, v: 5m}}}\n"
        "populations: {p: {size: 5000, zone: {a: .6, b: .4}, presence: {summer: .5}},\n"
        "              q: {size: 900, zone: b}}\n"
        "demand: [{from: [p, q], rate: 4/y, periods: {summer: 2}, profile: {weekdays: 2, "
        "default: 1}, to: {u: .7, v: .3}}]\n"
        "units: {u: {kind: walk-in, servers: 1, service: exp(30m), overflow: v},\n"
        "        v: {kind: walk-in, servers: 2, service: exp(20m)}}\n";
    sf_results *a = sim_run(model, 1), *b = sim_run(model, 3);
    int n = sf_results_replications(a);
    for (int i = 0; i < n; i++)
        for (int m = 0; m < SF_M_COUNT; m++) {
            for (int u = 0; u <= sf_results_unit_count(a); u++) {
                double x = sf_results_value(a, i, u, (sf_metric)m);
                double y = sf_results_value(b, i, u, (sf_metric)m);
                assert_true(memcmp(&x, &y, sizeof x) == 0);
            }
            for (int p = 0; p < 2; p++) {
                double x = sf_results_population_value(a, i, p, (sf_metric)m);
                double y = sf_results_population_value(b, i, p, (sf_metric)m);
                assert_true(memcmp(&x, &y, sizeof x) == 0);
            }
        }
    assert_true(sf_results_population_value(a, 0, 0, SF_M_ARRIVALS) > 0);
    assert_true(sf_results_population_value(a, 0, 0, SF_M_ARRIVALS) !=
                sf_results_population_value(a, 1, 0, SF_M_ARRIVALS));
    sf_results_free(a);
    sf_results_free(b);
}

/* ---- travel access, from the model -------------------------------------------- */

static const char access_model[] = "horizon: 30d\n"
                                   "zones:\n"
                                   "  z1: {travel: {gp: 10m, hosp: 50m}}\n"
                                   "  z2: {travel: {gp: 30m, clinic: 15m}}\n"
                                   "  z3: {travel: {hosp: %s}}\n"
                                   "populations:\n"
                                   "  a: {size: 1000, zone: {z1: .5, z2: .3, z3: .2}}\n"
                                   "  b: {size: 500, zone: z3}\n"
                                   "  c: {size: 100}\n"
                                   "arrivals: {x: {rate: 1/h, to: gp}}\n"
                                   "units:\n"
                                   "  gp: {kind: walk-in, servers: 2, service: exp(10m)}\n"
                                   "  hosp: {kind: ward, beds: 10, los: exp(2d)}\n"
                                   "  clinic: {kind: walk-in, servers: 1, service: exp(10m)}\n";

/* Direct: per zone the nearest unit of each kind, then the zone shares.
 *   walk-in: z1 10 (gp), z2 15 (clinic), z3 none
 *   ward:    z1 50, z2 none, z3 100 (or 40 when moved)
 * a: walk-in within 20/45/90 = .5 + .3 everywhere = .8; ward .0/.0/.5
 * b: walk-in unknown (NaN); ward 0/0/0 (100 min) or 0/1/1 (40 min)
 * c: no zone: NaN
 * all: walk-in pools only a (b and c unknown): .8; ward pools a and b. */
static void test_access(void **state) {
    (void)state;
    char yaml[1024];
    snprintf(yaml, sizeof yaml, access_model, "100m");
    sf_model *m = sim_load(yaml);
    assert_int_equal(sf_model_population_count(m), 3);
    assert_int_equal(sf_model_access_kind_count(m), 2);
    assert_string_equal(sf_model_access_kind_name(m, 0), "walk-in");
    assert_string_equal(sf_model_access_kind_name(m, 1), "ward");
    assert_null(sf_model_access_kind_name(m, 2));
    const double want_a[2][3] = {{.8, .8, .8}, {0, 0, .5}};
    for (int k = 0; k < 2; k++)
        for (int t = 0; t < 3; t++)
            near(sf_model_access_share(m, 0, k, sf_access_minutes[t]), want_a[k][t], 1e-12);
    for (int t = 0; t < 3; t++) {
        assert_true(isnan(sf_model_access_share(m, 1, 0, sf_access_minutes[t])));
        near(sf_model_access_share(m, 1, 1, sf_access_minutes[t]), 0, 0);
        assert_true(isnan(sf_model_access_share(m, 2, 0, sf_access_minutes[t])));
        assert_true(isnan(sf_model_access_share(m, 2, 1, sf_access_minutes[t])));
        near(sf_model_access_share(m, 3, 0, sf_access_minutes[t]), .8, 1e-12);
    }
    near(sf_model_access_share(m, 3, 1, 45), 0, 0);
    near(sf_model_access_share(m, 3, 1, 90), 500.0 / 1500, 1e-12);
    /* the threshold is inclusive: exactly 10 minutes is within 10 */
    near(sf_model_access_share(m, 0, 0, 10), .5, 1e-12);
    near(sf_model_access_share(m, 0, 0, 9.9), 0, 0);
    sf_model_free(m);

    /* a scenario moves the hospital closer to z3: 40 minutes */
    snprintf(yaml, sizeof yaml, access_model, "40m");
    m = sim_load(yaml);
    near(sf_model_access_share(m, 0, 1, 45), .2, 1e-12);
    near(sf_model_access_share(m, 0, 1, 90), .7, 1e-12);
    near(sf_model_access_share(m, 1, 1, 20), 0, 0);
    near(sf_model_access_share(m, 1, 1, 45), 1, 0);
    near(sf_model_access_share(m, 3, 1, 45), (200.0 + 500) / 1500, 1e-12);
    sf_model_free(m);

    /* booked clinics are a kind of their own; 12 minutes is within 20 */
    m = sim_load("horizon: 30d\nzones: {z: {travel: {gp: 12m}}, y: {travel: {gp: 50m}}}\n"
                 "populations: {a: {size: 100, zone: {z: .25, y: .75}}}\n"
                 "demand: [{from: a, rate: 1/y, to: gp}]\n"
                 "units: {gp: {kind: booked-clinic, doctors: 1, lists: [100], slot: 20m, hours: "
                 "weekdays 08:00-16:00}}\n");
    assert_int_equal(sf_model_access_kind_count(m), 1);
    assert_string_equal(sf_model_access_kind_name(m, 0), "booked-clinic");
    near(sf_model_access_share(m, 0, 0, 20), .25, 1e-12);
    near(sf_model_access_share(m, 0, 0, 45), .25, 1e-12);
    near(sf_model_access_share(m, 0, 0, 90), 1, 1e-12);
    sf_model_free(m);
}

/* ---- diagnostics ------------------------------------------------------------ */

/* Each snippet goes between "horizon: 30d" and the units u, v and w (w
 * overflows to v); snippets without demand get an `arrivals` source. */
static const struct {
    const char *yaml;
    const char *diag;
} bad[] = {
    {"zones: [a]", "t.yaml:3:8: 'zones' must be a mapping of zones such as {village: {travel: "
                   "{gp-office: 35m}}}, found a list"},
    {"zones: {}", "t.yaml:3:8: 'zones' must be a mapping of zones such as {village: {travel: "
                  "{gp-office: 35m}}}, found an empty mapping"},
    {"zones: {a: 5}",
     "t.yaml:3:12: zone 'a': expected a mapping such as {travel: {gp-office: 35m}}, found '5'"},
    {"zones: {a: {travle: {u: 5m}}}", "t.yaml:3:13: zone 'a': unknown key 'travle'; did you mean "
                                      "'travel'? expected one of: travel, urban"},
    {"zones: {a: {travel: [u]}}", "t.yaml:3:21: zone 'a': 'travel' must be a mapping from units to "
                                  "travel times such as {gp-office: 35m}, found a list"},
    {"zones: {a: {travel: {x: 5m}}}",
     "t.yaml:3:22: zone 'a': 'travel': unknown unit 'x'; known units: u, v, w"},
    {"zones: {a: {travel: {u: 5}}}",
     "t.yaml:3:25: zone 'a': 'travel' to 'u': expected a time unit after the number: s, m, h, d, w "
     "or y (as in 15m or 2d), found '5'"},
    {"zones: {a: {travel: {u: -5m}}}",
     "t.yaml:3:25: zone 'a': 'travel' to 'u': expected a duration such as 15m, 8h, 2d or 1w (a "
     "non-negative number and a unit), found '-5m'"},
    {"populations: [p]", "t.yaml:3:14: 'populations' must be a mapping of populations such as "
                         "{residents: {zone: town, size: 5600}}, found a list"},
    {"populations: {p: {zone: a}}",
     "t.yaml:3:15: population 'p': missing 'size' (the number of people, as in size: 5600)"},
    {"populations: {p: {size: -5}}",
     "t.yaml:3:25: population 'p': 'size' must be a whole number from 0 to 1000000000, found '-5'"},
    {"populations: {p: {size: 2.5}}", "t.yaml:3:25: population 'p': 'size' must be a whole number "
                                      "from 0 to 1000000000, found '2.5'"},
    {"populations: {p: {size: 2000000000}}", "t.yaml:3:25: population 'p': 'size' must be a whole "
                                             "number from 0 to 1000000000, found '2000000000'"},
    {"populations: {p: {size: 10, zone: a}}",
     "t.yaml:3:35: population 'p': 'zone' names a zone, but the model has no 'zones'"},
    {"populations: {p: {size: 10, age: {x: 1}}}",
     "t.yaml:3:29: population 'p': unknown key 'age'; did you mean 'ages'? expected one of: zone, "
     "size, ages, presence, "
     "listed, persons, frailty, frailty-rise"},
    {"zones: {a: {travel: {u: 5m}}}\npopulations: {p: {size: 10, zone: b}}",
     "t.yaml:4:35: population 'p': 'zone': unknown zone 'b'; zones: a"},
    {"zones: {a: {travel: {u: 5m}}}\npopulations: {p: {size: 10, zone: {a: .5}}}",
     "t.yaml:4:35: population 'p': 'zone': shares must sum to 1, found a sum of 0.5"},
    {"zones: {a: {travel: {u: 5m}}, b: {}}\npopulations: {p: {size: 10, zone: {a: .5, b: 1.5}}}",
     "t.yaml:4:46: population 'p': 'zone': the share of 'b' must be a number from 0 to 1, found "
     "'1.5'"},
    {"zones: {a: {travel: {u: 5m}}}\npopulations: {p: {size: 10, zone: {}}}",
     "t.yaml:4:35: population 'p': 'zone': expected a zone name or a mapping from zones to shares "
     "such as {town: .8, village: .2}, found an empty mapping"},
    {"zones: {a: {travel: {u: 5m}}}\npopulations: {p: {size: 10, zone: [a]}}",
     "t.yaml:4:35: population 'p': 'zone': expected a zone name or a mapping from zones to shares "
     "such as {town: .8, village: .2}, found a list"},
    {"populations: {p: {size: 10, ages: [a]}}",
     "t.yaml:3:35: population 'p': 'ages': expected a mapping from age bands to shares such as "
     "{0-17: .2, 18-66: .6, 67+: .2}, found a list"},
    {"populations: {p: {size: 10, ages: {young: .5, old: .4}}}",
     "t.yaml:3:35: population 'p': 'ages': shares must sum to 1, found a sum of 0.9"},
    {"populations: {p: {size: 10, ages: {young: x, old: .4}}}",
     "t.yaml:3:43: population 'p': 'ages': the share of 'young' must be a number from 0 to 1, "
     "found 'x'"},
    {"populations: {p: {size: 10, presence: {summer: .5}}}",
     "t.yaml:3:40: population 'p': 'presence': unknown period 'summer'; the calendar's periods: "
     "none (or default)"},
    {"calendar: {periods: {summer: {from: 06-20, to: 08-15}}}\npopulations: {p: {size: 10, "
     "presence: {sumer: .5}}}",
     "t.yaml:4:40: population 'p': 'presence': unknown period 'sumer'; the calendar's periods: "
     "summer (or default)"},
    {"calendar: {periods: {summer: {from: 06-20, to: 08-15}}}\npopulations: {p: {size: 10, "
     "presence: {summer: 1.5}}}",
     "t.yaml:4:48: population 'p': 'presence': 'summer' must be a number from 0 to 1, found '1.5'"},
    {"calendar: {periods: {summer: {from: 06-20, to: 08-15}}}\npopulations: {p: {size: 10, "
     "presence: {default: -1}}}",
     "t.yaml:4:49: population 'p': 'presence': 'default' must be a number from 0 to 1, found '-1'"},
    {"populations: {p: {size: 10, presence: {}}}",
     "t.yaml:3:39: population 'p': 'presence': expected a mapping from calendar periods (and "
     "default) to numbers, such as {summer: .35, default: .02}, found an empty mapping"},
    {"populations: {p: {size: 10}}\ndemand: {a: 1}",
     "t.yaml:3:9: 'demand' must be a list of entries such as [{class: gp-visit, from: residents, "
     "rate: 2.6/y, to: gp-office}], found a mapping"},
    {"populations: {p: {size: 10}}\ndemand: []",
     "t.yaml:3:9: 'demand' must be a list of entries such as [{class: gp-visit, from: residents, "
     "rate: 2.6/y, to: gp-office}], found an empty list"},
    {"demand: [{from: p, rate: 1/y, to: u}]",
     "t.yaml:2:9: 'demand' needs 'populations' (who the contacts come from, as in populations: "
     "{residents: {size: 5600}})"},
    {"populations: {p: {size: 10}}\ndemand: [5]",
     "t.yaml:3:10: demand 1: expected a mapping such as {class: gp-visit, from: residents, rate: "
     "2.6/y, to: gp-office}, found '5'"},
    {"populations: {p: {size: 10}}\ndemand: [{from: p, rate: 1/y, to: u, klass: x}]",
     "t.yaml:3:38: demand 1: unknown key 'klass'; did you mean 'class'? expected one of: class, "
     "from, rate, profile, "
     "periods, to"},
    {"populations: {p: {size: 10}}\ndemand: [{rate: 1/y, to: u}]",
     "t.yaml:3:10: demand 1: missing 'from' (a demand entry needs from, rate and to, as in {class: "
     "gp-visit, from: residents, rate: 2.6/y, to: gp-office})"},
    {"populations: {p: {size: 10}}\ndemand: [{from: p, to: u}]",
     "t.yaml:3:10: demand 1: missing 'rate' (a demand entry needs from, rate and to, as in {class: "
     "gp-visit, from: residents, rate: 2.6/y, to: gp-office})"},
    {"populations: {p: {size: 10}}\ndemand: [{from: p, rate: 1/y}]",
     "t.yaml:3:10: demand 1: missing 'to' (a demand entry needs from, rate and to, as in {class: "
     "gp-visit, from: residents, rate: 2.6/y, to: gp-office})"},
    {"populations: {p: {size: 10}}\ndemand: [{from: q, rate: 1/y, to: u}]",
     "t.yaml:3:17: demand 1: 'from': unknown population 'q'; populations: p"},
    {"populations: {p: {size: 10}}\ndemand: [{from: [p, p], rate: 1/y, to: u}]",
     "t.yaml:3:21: demand 1: 'from': population 'p' is listed twice"},
    {"populations: {p: {size: 10}}\ndemand: [{from: [], rate: 1/y, to: u}]",
     "t.yaml:3:17: demand 1: 'from' must be a population or a list of populations such as "
     "[residents, tourists], found an empty list"},
    {"populations: {p: {size: 10}}\ndemand: [{class: acute, from: p, rate: 1, to: u}]",
     "t.yaml:3:40: demand 1 (acute): 'rate': expected '/' and a time unit after the number: /h, "
     "/d, /w or /y (as in 4.5/h), found '1'"},
    {"populations: {p: {size: 10}}\ndemand: [{from: p, rate: {young: 1/y}, to: u}]",
     "t.yaml:3:26: demand 1: 'rate': a rate by age band needs populations with 'ages'; population "
     "'p' has none"},
    {"populations: {p: {size: 10, ages: {young: .5, old: .5}}}\ndemand: [{from: p, rate: {yung: "
     "1/y}, to: u}]",
     "t.yaml:3:27: demand 1: 'rate': population 'p' has no age band 'yung'; its bands: young, old"},
    {"populations: {p: {size: 10, ages: {young: .5, old: .5}}}\ndemand: [{from: p, rate: {young: "
     "1/y}, to: u}]",
     "t.yaml:3:26: demand 1: 'rate': no rate for age band 'old' of population 'p'"},
    {"populations: {p: {size: 10, ages: {young: .5, old: .5}}}\ndemand: [{from: p, rate: {young: "
     "1/y, old: x}, to: u}]",
     "t.yaml:3:44: demand 1: 'rate': age band 'old': expected a rate such as 4.5/h or 3/y (a "
     "non-negative number, '/', a time unit), found 'x'"},
    {"populations: {p: {size: 10, ages: {young: .5, old: .5}}}\ndemand: [{from: p, rate: {}, to: "
     "u}]",
     "t.yaml:3:26: demand 1: 'rate': expected a rate such as 2.6/y or a mapping from age bands to "
     "rates, found an empty mapping"},
    {"populations: {p: {size: 10}}\ndemand: [{from: p, rate: 1/y, to: u, periods: {summer: 2}}]",
     "t.yaml:3:48: demand 1: 'periods': unknown period 'summer'; the calendar's periods: none (or "
     "default)"},
    {"calendar: {periods: {summer: {from: 06-20, to: 08-15}}}\npopulations: {p: {size: "
     "10}}\ndemand: [{from: p, rate: 1/y, to: u, periods: {summer: -2}}]",
     "t.yaml:4:56: demand 1: 'periods': 'summer' must be a number >= 0, found '-2'"},
    {"populations: {p: {size: 10}}\ndemand: [{from: p, rate: 1/y, to: x}]",
     "t.yaml:3:35: demand 1: 'to': unknown unit 'x'; known units: u, v, w"},
    {"populations: {p: {size: 10}}\ndemand: [{from: p, rate: 1/y, to: u, profile: {wekdays: 1}}]",
     "t.yaml:3:48: demand 1: 'profile': 'wekdays': expected days (weekdays, weekend, daily, "
     "mon..sun, a range such as mon-fri, or a list such as sat,sun) and/or a time range "
     "HH:MM-HH:MM, found 'wekdays'"},
    {"populations: {p: {size: 10}}\ndemand: [{class: \"\", from: p, rate: 1/y, to: u}]",
     "t.yaml:3:19: demand 1: 'class' name must be 1 to 100 characters without control characters, "
     "found ''"},
    {"populations: {p: {size: 1000000000}}\ndemand: [{from: p, rate: 100/y, to: u}]",
     "t.yaml:3:26: demand 1: 'rate' for population 'p' gives 8.22e+09 patients per replication "
     "over warm-up plus horizon; expected at most 1e+09"},
    {"zones: {a: {travel: {v: 5m}}}\npopulations: {p: {size: 10, zone: a}}\ndemand: [{from: p, "
     "rate: 1/y, to: u}]",
     "t.yaml:4:35: demand 1: population 'p' lives in zone 'a', which has no travel time to unit "
     "'u'; add it under zones: a: travel"},
    {"zones: {a: {travel: {u: 5m}}}\npopulations: {p: {size: 10, zone: a}}\ndemand: [{from: p, "
     "rate: 1/y, to: {u: .5, v: .5}}]",
     "t.yaml:4:35: demand 1: population 'p' lives in zone 'a', which has no travel time to unit "
     "'v'; add it under zones: a: travel"},
    {"zones: {a: {travel: {u: 5m}}, b: {travel: {v: 1m}}}\npopulations: {p: {size: 10, zone: {a: "
     ".5, b: .5}}}\ndemand: [{from: p, rate: 1/y, to: v}]",
     "t.yaml:4:35: demand 1: population 'p' lives in zone 'a', which has no travel time to unit "
     "'v'; add it under zones: a: travel"},
    {"zones: {a: {travel: {w: 5m}}}\npopulations: {p: {size: 10, zone: a}}\ndemand: [{from: p, "
     "rate: 1/y, to: w}]",
     "t.yaml:4:35: demand 1: population 'p' lives in zone 'a', which has no travel time to unit "
     "'v', reached by overflow from 'w'; add it under zones: a: travel"},
    {"zones: {\"\": {}}",
     "t.yaml:3:10: a zone name must be 1 to 100 characters without control characters, found ''"},
};

static void test_bad(void **state) {
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char yaml[4096];
        snprintf(yaml, sizeof yaml,
                 "horizon: 30d\n%s%s\nunits: {u: {kind: walk-in, servers: 1, service: exp(1m)}, "
                 "v: {kind: walk-in, servers: 1, service: exp(1m)}, w: {kind: walk-in, servers: "
                 "1, service: exp(1m), overflow: v, queue-limit: 1}}\n",
                 strstr(bad[i].yaml, "demand:") ? "" : "arrivals: {a: {rate: 1/h, to: u}}\n",
                 bad[i].yaml);
        failures += sim_refused(i, yaml, bad[i].diag);
    }
    assert_int_equal(failures, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compile),
        cmocka_unit_test(test_period_counts),
        cmocka_unit_test(test_presence_zero),
        cmocka_unit_test(test_age_bands),
        cmocka_unit_test(test_profile_and_period),
        cmocka_unit_test(test_by_hour_and_month),
        cmocka_unit_test(test_travel_mix),
        cmocka_unit_test(test_travel_overflow),
        cmocka_unit_test(test_travel_booked),
        cmocka_unit_test(test_threads_identical),
        cmocka_unit_test(test_access),
        cmocka_unit_test(test_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
