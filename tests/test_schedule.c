/* test_schedule.c: staff and bed schedules, on-drop, and ward discharge
 * hours (src/model/schedule.c, the schedule parts of src/sim/engine.c).
 *
 * Each statistic is checked against an independent expectation:
 * - a schedule with the same capacity at every hour, and one whose changes
 *   never bind, give exactly the constant model's figures (same streams);
 * - utilisation of an uncongested unit is offered load / mean capacity;
 * - a loss ward whose beds switch much more slowly than a stay has the
 *   time-average of the Erlang B values (quasi-static limit), and one whose
 *   beds switch much faster has the loss of the birth-death chain with
 *   admission probability P(capacity > n) (averaging limit); both differ
 *   from a ward with the mean number of beds, which the test also shows;
 * - on-drop finish vs handover, and discharge hours, against expectations
 *   worked out by hand in the comments, in the mean and stay by stay
 *   (every stay's start and end through the engine's stay hook);
 * - triage classes from demand against Cobham's formula, ready-for-
 *   discharge bed-days against Erlang C, figures by hour and month against
 *   M_t/M/inf and the calendar;
 * - every invalid value gets its exact diagnostic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
/* cmocka needs the headers above first */
#include <cmocka.h>

#include "model/calendar.h"
#include "samflyt/analytic.h"
#include "sim/engine.h"
#include "sim_check.h"

static int covers_k(sf_estimate e, double truth, int k, const char *what, int row);

/* ---- exactness ----------------------------------------------------------- */

/* Time-weighted figures: areas under step functions. A capacity event
 * splits a step in two, which can change the sum in its last bits. */
static int is_area(sf_metric m) {
    return m == SF_M_OCC_MEAN || m == SF_M_FULL_SHARE || m == SF_M_UTILISATION ||
           m == SF_M_QUEUE_MEAN || m == SF_M_INUNIT_MEAN || m == SF_M_BLOCKED_DAYS ||
           m == SF_M_CAPACITY_MEAN || m == SF_M_DISCHARGE_WAIT_DAYS;
}

/* Every metric of every unit row equal, except those listed in skip:
 * counts and per-patient figures exactly, areas to 1e-12 relative. */
static void expect_same(const sf_results *a, const sf_results *b, const sf_metric *skip,
                        int nskip) {
    assert_int_equal(sf_results_unit_count(a), sf_results_unit_count(b));
    for (int u = 0; u <= sf_results_unit_count(a); u++)
        for (int m = 0; m < SF_M_COUNT; m++) {
            int skipped = 0;
            for (int i = 0; i < nskip; i++)
                skipped |= skip[i] == (sf_metric)m;
            if (skipped)
                continue;
            for (int rep = 0; rep < sf_results_replications(a); rep++) {
                double x = sf_results_value(a, rep, u, (sf_metric)m);
                double y = sf_results_value(b, rep, u, (sf_metric)m);
                int same = x == y || (isnan(x) && isnan(y)) ||
                           (is_area((sf_metric)m) && fabs(x - y) <= 1e-12 * fabs(x));
                if (!same)
                    fail_msg("unit %d %s rep %d: %.17g != %.17g", u, sf_metric_name((sf_metric)m),
                             rep, x, y);
            }
        }
}

static void test_constant_schedule_is_constant(void **state) {
    (void)state;
    const char *base = "horizon: 2000h\nwarmup: 100h\nreplications: 4\nseed: 3\n"
                       "arrivals: {a: {rate: 2.7/h, to: s}}\n"
                       "units:\n  s: {kind: walk-in, servers: %s, service: exp(1h), next: w}\n"
                       "  w: {kind: ward, beds: %s, los: exp(2h), queue-limit: 2}\n";
    char y1[600], y2[600];
    snprintf(y1, sizeof y1, base, "3", "4");
    snprintf(y2, sizeof y2, base, "{default: 3, weekdays 08:00-16:00: 3, sat: 3}",
             "{mon-thu: 4, fri-sun: 4}");
    sf_results *a = sim_run(y1, 1), *b = sim_run(y2, 1);
    expect_same(a, b, NULL, 0);
    sf_results_free(a);
    sf_results_free(b);
}

static void test_nonbinding_changes_change_nothing(void **state) {
    (void)state;
    /* Load 3 on 40 or 60 servers: all 40 are never busy (P < 1e-20), so the
     * capacity changes happen but never matter, and every figure that does
     * not mention capacity equals the constant model's bit for bit: the
     * capacity events consume no random numbers and reorder nothing
     * (areas: up to rounding, see is_area). */
    const char *base = "horizon: 3024h\nreplications: 4\nseed: 5\n"
                       "arrivals: {a: {rate: 3/h, to: s, profile: {default: 1, weekend: 2}}}\n"
                       "units: {s: {kind: walk-in, servers: %s, service: exp(1h), on-drop: %s}}\n";
    char y1[600], y2[600], y3[600];
    snprintf(y1, sizeof y1, base, "60", "finish");
    snprintf(y2, sizeof y2, base, "{default: 40, weekdays 08:00-16:00: 60}", "finish");
    snprintf(y3, sizeof y3, base, "{default: 40, weekdays 08:00-16:00: 60}", "handover");
    sf_results *a = sim_run(y1, 1), *b = sim_run(y2, 1), *c = sim_run(y3, 1);
    sf_metric skip[] = {SF_M_UTILISATION, SF_M_CAPACITY_MEAN};
    expect_same(a, b, skip, 2);
    expect_same(b, c, NULL, 0);
    /* mean capacity: 40 hours a week at 60, 128 at 40 */
    double mean_cap = (40 * 60 + 128 * 40) / 168.0;
    sf_estimate cm = sf_results_estimate(b, 0, SF_M_CAPACITY_MEAN);
    assert_true(fabs(cm.mean - mean_cap) < 1e-9);
    sf_results_free(a);
    sf_results_free(b);
    sf_results_free(c);
}

/* ---- utilisation against scheduled capacity ---------------------------------- */

static void test_utilisation_scheduled(void **state) {
    (void)state;
    /* Uncongested (load 5 on >= 20 servers): occupancy = offered load
     * lambda E[S] = 5, so utilisation = 5 / mean capacity, with mean
     * capacity (60 x 40 h + 20 x 128 h) / 168 h. */
    sf_results *r = sim_run("horizon: 20160h\nwarmup: 168h\nreplications: 10\nseed: 21\n"
                            "arrivals: {a: {rate: 5/h, to: s}}\n"
                            "units: {s: {kind: walk-in, servers: {default: 20, weekdays "
                            "08:00-16:00: 60}, service: exp(1h)}}\n",
                            2);
    double mean_cap = (60 * 40 + 20 * 128) / 168.0;
    sim_expect(r, "s", SF_M_OCC_MEAN, 5);
    sim_expect(r, "s", SF_M_UTILISATION, 5 / mean_cap);
    sf_estimate cm = sf_results_estimate(r, 0, SF_M_CAPACITY_MEAN);
    assert_true(fabs(cm.mean - mean_cap) < 1e-9);
    /* and not against the largest capacity, as a constant-capacity formula
     * would give */
    assert_false(sim_covers(r, "s", SF_M_UTILISATION, 5.0 / 60, 0));
    sf_results_free(r);
}

/* ---- calendar periods ------------------------------------------------------------ */

static void test_period_capacity(void **state) {
    (void)state;
    /* 2027-01-04 is a Monday; 365 observed days to 2028-01-03. The mean
     * capacity is worked out day by day here: day i has weekday i % 7;
     * the winter holiday 02-15..03-10 is days 42..65 (Jan has 31 days,
     * Feb 28: 02-15 is day 31 + 14 - 3 = 42, 03-10 is 31 + 28 + 9 - 3 =
     * 65); the summer 06-20..08-15 has 11 + 31 + 15 = 57 days. Period
     * clauses override the hour clauses inside their period; a period
     * clause with hours only for those hours. */
    sf_results *r = sim_run("horizon: 365d\nreplications: 2\nseed: 1\n"
                            "calendar:\n  start: 2027-01-04\n  periods:\n"
                            "    winter-holiday: {from: 02-15, to: 03-10}\n"
                            "    summer: {from: 06-20, to: 08-15}\n"
                            "arrivals: {a: {rate: 1/h, to: s}, b: {rate: 1/d, to: w}}\n"
                            "units:\n"
                            "  s: {kind: walk-in, service: exp(10m), servers: {default: 1, "
                            "weekend: 2, winter-holiday: 3, winter-holiday weekend: 5}}\n"
                            "  w: {kind: ward, los: exp(1d), beds: {default: 10, summer: 4}}\n",
                            1);
    double sum = 0;
    for (int i = 0; i < 365; i++) {
        int weekend = i % 7 >= 5, holiday = i >= 42 && i <= 65;
        sum += holiday ? (weekend ? 5 : 3) : (weekend ? 2 : 1);
    }
    double s_cap = sf_results_estimate(r, 0, SF_M_CAPACITY_MEAN).mean;
    double w_cap = sf_results_estimate(r, 1, SF_M_CAPACITY_MEAN).mean;
    printf("  capacity_mean s %.9f (expect %.9f), w %.9f (expect %.9f)\n", s_cap, sum / 365, w_cap,
           (308 * 10 + 57 * 4) / 365.0);
    assert_true(fabs(s_cap - sum / 365) < 1e-9);
    assert_true(fabs(w_cap - (308 * 10 + 57 * 4) / 365.0) < 1e-9);
    sf_results_free(r);
}

static void test_schedule_follows_dates(void **state) {
    (void)state;
    /* Observation is Tuesday 2027-01-05 only, after a 36 h warm-up that
     * starts on Sunday at 12:00: a schedule of 7 on Tuesdays and 1
     * otherwise must read 7 over the whole window. */
    sf_results *r = sim_run("horizon: 24h\nwarmup: 36h\nreplications: 2\nseed: 1\n"
                            "calendar: {start: 2027-01-05}\n"
                            "arrivals: {a: {rate: 1/h, to: s}}\n"
                            "units: {s: {kind: walk-in, service: exp(10m), servers: {default: 1, "
                            "tue: 7}}}\n",
                            1);
    assert_true(sf_results_estimate(r, 0, SF_M_CAPACITY_MEAN).mean == 7);
    sf_results_free(r);
}

static void test_period_rare_weekday(void **state) {
    (void)state;
    /* A one-day period on 06-19 with 5 servers only on its Saturday: from
     * 2028-01-03 for 2191 days (to 2034-01-01) 06-19 is a Saturday only in
     * 2032, more than a year after the start. One day at 5, the rest at 1:
     * mean capacity 1 + 4 / 2191. */
    sf_results *r = sim_run("horizon: 2191d\nreplications: 1\nseed: 1\n"
                            "calendar: {start: 2028-01-03, periods: {midsummer-eve: {from: 06-19, "
                            "to: 06-19}}}\n"
                            "arrivals: {a: {rate: 1/d, to: s}}\n"
                            "units: {s: {kind: walk-in, service: exp(10m), servers: {default: 1, "
                            "midsummer-eve sat: 5}}}\n",
                            1);
    double cm = sf_results_estimate(r, 0, SF_M_CAPACITY_MEAN).mean;
    printf("  capacity_mean %.9f, expect %.9f\n", cm, 1 + 4.0 / 2191);
    assert_true(fabs(cm - (1 + 4.0 / 2191)) < 1e-9);
    sf_results_free(r);
}

/* ---- the two limits of a loss ward with switching beds ------------------------ */

static void test_slow_switching_erlang_b(void **state) {
    (void)state;
    /* 3 beds on weekdays (120 h), 6 at weekends (48 h); stays exp(1m),
     * offered load a = 240/h x 1/60 h = 4. A stay is 1/7200 of a weekday
     * block: each block is in its stationary state but for a minute or two
     * after a switch, so by PASTA the loss is the time-average
     * (120 B(3, 4) + 48 B(6, 4)) / 168. The switches' transients bias this
     * by about (2 switches x ~3 min / 168 h) x |B(3) - B(6)| ~ 2e-4, far
     * inside the interval. */
    sf_results *r = sim_run("horizon: 1008h\nwarmup: 168h\nreplications: 10\nseed: 31\n"
                            "arrivals: {a: {rate: 240/h, to: w}}\n"
                            "units: {w: {kind: ward, beds: {default: 3, weekend: 6}, los: exp(1m), "
                            "overflow: reject}}\n",
                            2);
    double b3 = sf_erlang_b(3, 4), b6 = sf_erlang_b(6, 4);
    sim_expect(r, "w", SF_M_REJECT_SHARE, (120 * b3 + 48 * b6) / 168);
    /* Erlang B at the mean bed count (3.86, so between B(3) and B(4)) is a
     * different figure: the limit is not "the average ward" */
    assert_false(sim_covers(r, "w", SF_M_REJECT_SHARE, sf_erlang_b(4, 4), 0));
    sf_results_free(r);
}

static void test_fast_switching_birth_death(void **state) {
    (void)state;
    /* 3 beds in even hours, 6 in odd hours; stays exp(10d) = 240 h, a = 4
     * (arrivals 1/60 per hour). The capacity alternates 240 times per
     * stay, so an arrival finding n patients is admitted with probability
     * q(n) = share of time capacity > n: 1 below 3, 1/2 from 3 to 5, 0
     * from 6. Departures are unaffected (finish), so n is a birth-death
     * chain with birth rate lambda q(n) and death rate n mu; the loss is
     * sum_n pi_n (1 - q(n)). Computed here from the chain directly. */
    char yaml[1500];
    size_t o = (size_t)snprintf(yaml, sizeof yaml,
                                "horizon: 30000d\nwarmup: 100d\nreplications: 10\nseed: 41\n"
                                "arrivals: {a: {rate: 0.4/d, to: w}}\n"
                                "units:\n  w:\n    kind: ward\n    los: exp(10d)\n"
                                "    overflow: reject\n    beds:\n      default: 3\n");
    for (int h = 1; h < 24; h += 2)
        o += (size_t)snprintf(yaml + o, sizeof yaml - o, "      %02d:00-%02d:00: 6\n", h, h + 1);
    sf_results *r = sim_run(yaml, 2);
    double q[7] = {1, 1, 1, 0.5, 0.5, 0.5, 0}, pi[7], sum = 0, loss = 0, a = 4;
    pi[0] = 1;
    for (int n = 1; n <= 6; n++)
        pi[n] = pi[n - 1] * a * q[n - 1] / n;
    for (int n = 0; n <= 6; n++)
        sum += pi[n];
    for (int n = 0; n <= 6; n++)
        loss += pi[n] / sum * (1 - q[n]);
    sim_expect(r, "w", SF_M_REJECT_SHARE, loss);
    /* the slow limit's answer, (B(3,4) + B(6,4)) / 2, is another number */
    assert_false(
        sim_covers(r, "w", SF_M_REJECT_SHARE, (sf_erlang_b(3, 4) + sf_erlang_b(6, 4)) / 2, 0));
    sf_results_free(r);
}

/* ---- on-drop ------------------------------------------------------------------ */

static void test_on_drop_finish_and_handover(void **state) {
    (void)state;
    /* 100 servers (never all busy: mean 6), closed 12:00-13:00 every day;
     * Poisson arrivals 2/h, service fixed 3 h.
     * wait: only arrivals in the closed hour wait, until 13:00: mean
     *   (1/24) x 0.5 h = 1/48 h, for both rules.
     * finish: service is never interrupted: stay = wait + 3 h.
     * handover: a service under way at 12:00 stops and resumes at 13:00,
     *   adding 1 h; that is every patient starting in [09:00, 12:00): a
     *   share 3/24. Stay = 1/48 + 3 + 3/24 h.
     * The closed hour counts as full (capacity 0): full_share = 1/24. */
    const char *base = "horizon: 4000d\nreplications: 10\nseed: 51\n"
                       "arrivals: {a: {rate: 2/h, to: s}}\n"
                       "units: {s: {kind: walk-in, servers: {default: 100, daily 12:00-13:00: 0}, "
                       "service: fixed(3h), on-drop: %s}}\n";
    char y[600];
    snprintf(y, sizeof y, base, "finish");
    sf_results *f = sim_run(y, 2);
    snprintf(y, sizeof y, base, "handover");
    sf_results *h = sim_run(y, 2);
    sim_expect(f, "s", SF_M_WAIT_MEAN, 1.0 / 48);
    sim_expect(h, "s", SF_M_WAIT_MEAN, 1.0 / 48);
    sim_expect(f, "s", SF_M_LOS_MEAN, 1.0 / 48 + 3);
    sim_expect(h, "s", SF_M_LOS_MEAN, 1.0 / 48 + 3 + 3.0 / 24);
    sim_expect(f, "s", SF_M_WAIT_PROB, 1.0 / 24);
    assert_true(fabs(sf_results_estimate(f, 0, SF_M_FULL_SHARE).mean - 1.0 / 24) < 1e-9);
    assert_true(fabs(sf_results_estimate(h, 0, SF_M_FULL_SHARE).mean - 1.0 / 24) < 1e-9);
    /* every patient is served exactly 3 h in total either way:
     * occupancy = lambda x 3 h */
    sim_expect(f, "s", SF_M_OCC_MEAN, 6);
    sim_expect(h, "s", SF_M_OCC_MEAN, 6);
    sf_results_free(f);
    sf_results_free(h);
}

/* Every stay checked by hand: see test_on_drop_stay_by_stay. */
typedef struct stay_check {
    int handover;
    long n, bad;
} stay_check;

static void check_stay(void *user, const sf_engine_stay *st) {
    stay_check *c = user;
    /* t = 0 is Monday 00:00 (no calendar): the hour of day is t mod 24 */
    double hod = fmod(st->arrive, 24);
    double start = hod >= 12 && hod < 13 ? st->arrive + (13 - hod) : st->arrive;
    double sh = fmod(start, 24), end = start + 3;
    if (c->handover && sh >= 9 && sh < 12)
        end += 1; /* stopped at 12:00, resumed at 13:00 with the rest */
    c->n++;
    if (fabs(st->start - start) > 1e-9 || fabs(st->end - end) > 1e-9) {
        if (c->bad++ < 5)
            printf("  patient %llu: arrive %.6f start %.6f end %.6f; by hand start %.6f end %.6f\n",
                   (unsigned long long)st->patient, st->arrive, st->start, st->end, start, end);
    }
}

static void test_on_drop_stay_by_stay(void **state) {
    (void)state;
    /* The model of test_on_drop_finish_and_handover, patient by patient
     * through the engine's stay hook: an arrival in the closed hour starts
     * at 13:00, others at once (100 servers, about 6 busy); service is 3 h;
     * with handover a service started in [09:00, 12:00) is stopped at 12:00
     * and ends an hour later than it would have. */
    const char *base = "horizon: 4w\nreplications: 1\nseed: 53\n"
                       "arrivals: {a: {rate: 2/h, to: s}}\n"
                       "units: {s: {kind: walk-in, servers: {default: 100, daily 12:00-13:00: 0}, "
                       "service: fixed(3h), on-drop: %s}}\n";
    for (int h = 0; h < 2; h++) {
        char yaml[600];
        snprintf(yaml, sizeof yaml, base, h ? "handover" : "finish");
        sf_model *m = NULL;
        sf_diag d = {0};
        assert_int_equal(sf_model_load_buffer("t.yaml", yaml, strlen(yaml), &m, &d), SF_OK);
        sf_engine *e = NULL;
        assert_int_equal(sf_engine_create(m, &e), SF_OK);
        stay_check c = {h, 0, 0};
        assert_int_equal(sf_engine_on_stay(e, check_stay, &c), SF_OK);
        double *values = calloc((size_t)sf_engine_rows(m) * SF_M_COUNT, sizeof *values);
        sf_rep_out out = {values, 0, 0, NULL, NULL};
        assert_int_equal(sf_engine_replicate(e, 53, 0, &out), SF_OK);
        printf("  %s: %ld stays, %ld differ from the hand-worked times\n",
               h ? "handover" : "finish", c.n, c.bad);
        assert_true(c.n > 1000);
        assert_int_equal(c.bad, 0);
        free(values);
        sf_engine_free(e);
        sf_model_free(m);
    }
}

/* Discharge hours Mon-Fri 09:00-15:00, stays fixed 10 h: a stay ending
 * outside them ends at the next 09:00 of a weekday. */
static void check_discharge(void *user, const sf_engine_stay *st) {
    stay_check *c = user;
    double raw = st->arrive + 10, end = raw;
    for (;;) {
        double how = fmod(end, 168);
        int day = (int)(how / 24), hod = (int)fmod(how, 24);
        if (day < 5 && hod >= 9 && hod < 15)
            break;
        end = floor(end) + 1; /* to the next whole hour, and look again */
    }
    c->n++;
    if (fabs(st->end - end) > 1e-9 || st->start != st->arrive) {
        if (c->bad++ < 5)
            printf("  patient %llu: arrive %.6f end %.6f; by hand end %.6f\n",
                   (unsigned long long)st->patient, st->arrive, st->end, end);
    }
}

static void test_discharge_stay_by_stay(void **state) {
    (void)state;
    const char *yaml = "horizon: 4w\nreplications: 1\nseed: 73\n"
                       "arrivals: {a: {rate: 1/h, to: w}}\n"
                       "units: {w: {kind: ward, beds: 1000, los: fixed(10h), "
                       "discharge: weekdays 09:00-15:00}}\n";
    sf_model *m = NULL;
    sf_diag d = {0};
    assert_int_equal(sf_model_load_buffer("t.yaml", yaml, strlen(yaml), &m, &d), SF_OK);
    sf_engine *e = NULL;
    assert_int_equal(sf_engine_create(m, &e), SF_OK);
    stay_check c = {0, 0, 0};
    assert_int_equal(sf_engine_on_stay(e, check_discharge, &c), SF_OK);
    double *values = calloc((size_t)sf_engine_rows(m) * SF_M_COUNT, sizeof *values);
    sf_rep_out out = {values, 0, 0, NULL, NULL};
    assert_int_equal(sf_engine_replicate(e, 73, 0, &out), SF_OK);
    printf("  %ld stays, %ld differ from the hand-worked discharge times\n", c.n, c.bad);
    assert_true(c.n > 500);
    assert_int_equal(c.bad, 0);
    free(values);
    sf_engine_free(e);
    sf_model_free(m);
}

static void test_handover_one_server(void **state) {
    (void)state;
    /* One server, closed 12:00-13:00 daily, service fixed 30 min, arrivals
     * rare (1 a day): the server is almost always free, so each patient's
     * stay is its own service plus any interruption. Under handover a
     * service that started in [11:30, 12:00) waits out the closed hour:
     * +1 h with probability 0.5/24, and arrivals in the closed hour wait
     * until 13:00 (mean 1/48 h). Queueing behind another patient adds a
     * little: an arrival during a service waits for its rest; P(busy) ~
     * 1/48, mean residual 15 min: ~ 0.005 h, allowed for below. */
    sf_results *r = sim_run("horizon: 20000d\nreplications: 10\nseed: 61\n"
                            "arrivals: {a: {rate: 1/d, to: s}}\n"
                            "units: {s: {kind: walk-in, servers: {default: 1, daily 12:00-13:00: "
                            "0}, service: fixed(30m), on-drop: handover}}\n",
                            2);
    double expect = 0.5 + 1.0 / 48 + 0.5 / 24;
    sf_estimate e = sf_results_estimate(r, 0, SF_M_LOS_MEAN);
    printf("  los %.5f ± %.5f, expect %.5f + queueing < 0.01\n", e.mean, sim_half(e), expect);
    assert_true(e.mean > expect - sim_half(e));
    assert_true(e.mean < expect + 0.01 + sim_half(e));
    sf_results_free(r);
}

/* ---- discharge hours ------------------------------------------------------------ */

static void test_discharge_hours(void **state) {
    (void)state;
    /* Stays fixed 10 h, discharge weekdays 09:00-15:00, beds never full.
     * Arrivals are uniform over the week, so stay ends are too. The closed
     * stretches are Mon 15:00-Tue 09:00 (18 h) four times and Fri 15:00-
     * Mon 09:00 (66 h); an end in a stretch of length L waits L/2 on
     * average: E[extra] = (4 x 18^2/2 + 66^2/2) / 168 = 2826/168 h.
     * Discharge-wait bed-days per replication: lambda x horizon x E[extra]
     * / 24. */
    sf_results *r = sim_run("horizon: 20000h\nwarmup: 200h\nreplications: 10\nseed: 71\n"
                            "arrivals: {a: {rate: 1/h, to: w}}\n"
                            "units: {w: {kind: ward, beds: 1000, los: fixed(10h), "
                            "discharge: weekdays 09:00-15:00}}\n",
                            2);
    double extra = 2826.0 / 168;
    sim_expect(r, "w", SF_M_LOS_MEAN, 10 + extra);
    sim_expect(r, "w", SF_M_OCC_MEAN, 10 + extra);
    sim_expect(r, "w", SF_M_DISCHARGE_WAIT_DAYS, 20000 * extra / 24);
    sim_expect(r, "network", SF_M_DISCHARGE_WAIT_DAYS, 20000 * extra / 24);
    /* nobody leaves outside the window: the LOS p50 is a stay ending in
     * the window or waiting for it, never 10 h + a fraction of a closed
     * night; a ward without the window keeps exactly 10 h */
    sf_results *plain = sim_run("horizon: 2000h\nreplications: 2\nseed: 71\n"
                                "arrivals: {a: {rate: 1/h, to: w}}\n"
                                "units: {w: {kind: ward, beds: 1000, los: fixed(10h)}}\n",
                                1);
    assert_true(isnan(sf_results_estimate(plain, 0, SF_M_DISCHARGE_WAIT_DAYS).mean));
    sf_results_free(plain);
    sf_results_free(r);
}

static void test_discharge_then_blocked(void **state) {
    (void)state;
    /* A ward whose patients go to a one-bed ward next: a patient waits for
     * the discharge hour first (discharge wait), then, if the next bed is
     * taken, is blocked (blocked bed-days). The two never overlap: their
     * sum plus the stays themselves is the ward's occupancy (Little). */
    sf_results *r = sim_run("horizon: 5000h\nreplications: 6\nseed: 81\n"
                            "arrivals: {a: {rate: 0.2/h, to: w}}\n"
                            "units:\n  w: {kind: ward, beds: 100, los: exp(10h), next: n, "
                            "discharge: weekdays 09:00-15:00}\n"
                            "  n: {kind: ward, beds: 1, los: exp(3h)}\n",
                            2);
    for (int rep = 0; rep < 6; rep++) {
        double occ = sf_results_value(r, rep, 0, SF_M_OCC_MEAN) * 5000;
        double dw = sf_results_value(r, rep, 0, SF_M_DISCHARGE_WAIT_DAYS) * 24;
        double bl = sf_results_value(r, rep, 0, SF_M_BLOCKED_DAYS) * 24;
        assert_true(dw > 0 && bl > 0 && dw + bl < occ);
    }
    /* occupancy = lambda x (10 h + E[discharge extra] + E[blocked]) can't
     * be checked in closed form; Little's law ties occupancy to stays */
    sf_estimate occ = sf_results_estimate(r, 0, SF_M_OCC_MEAN);
    sf_estimate los = sf_results_estimate(r, 0, SF_M_LOS_MEAN);
    sf_estimate thr = sf_results_estimate(r, 0, SF_M_THROUGHPUT);
    assert_true(fabs(occ.mean - thr.mean / 24 * los.mean) < 0.05 * occ.mean);
    sf_results_free(r);
}

/* ---- triage with demand classes, ready-for-discharge days ------------------------ */

static sf_estimate class_est(const sf_results *r, int unit, const char *cls, sf_metric m) {
    for (int c = 0; c < sf_results_class_count(r); c++)
        if (!strcmp(sf_results_class_name(r, c), cls))
            return sf_results_class_estimate(r, unit, c, m);
    fail_msg("no class %s", cls);
    return sf_results_estimate(r, unit, m);
}

static int class_covers(const sf_results *r, const char *cls, double truth) {
    sf_estimate e = class_est(r, 0, cls, SF_M_WAIT_MEAN);
    int ok = fabs(e.mean - truth) <= sim_half(e);
    printf("  %-8s wait_mean sim %.4f ± %.4f  Cobham %.4f  %s\n", cls, e.mean, sim_half(e), truth,
           ok ? "ok" : "OUTSIDE");
    return ok;
}

static void test_triage_from_demand(void **state) {
    (void)state;
    /* Triage classes given by demand entries (listed out of order), one
     * server, exp(1 h): red 0.2/h, yellow 0.3/h, green 0.3/h (8760 people
     * x 0.2/y = 0.2/h). Non-pre-emptive priority (Cobham): W0 = sum
     * lambda E[S^2]/2 = 0.8, W_k = W0 / ((1 - s_{k-1})(1 - s_k)) with s
     * the load of classes up to k: red 0.8/0.8 = 1 h, yellow 0.8/(0.8 x
     * 0.5) = 2 h, green 0.8/(0.5 x 0.2) = 8 h. Pre-emptive priority would
     * give red 0.2 x 2/2 / (1 - 0.2) = 0.25 h: the check tells them apart. */
    sf_results *r = sim_run("horizon: 40000h\nwarmup: 500h\nreplications: 40\nseed: 17\n"
                            "populations: {p: {size: 8760}}\n"
                            "demand:\n"
                            "  - {class: green, from: p, rate: 0.3/y, to: s}\n"
                            "  - {class: red, from: p, rate: 0.2/y, to: s}\n"
                            "  - {class: yellow, from: p, rate: 0.3/y, to: s}\n"
                            "units: {s: {kind: walk-in, servers: 1, service: exp(1h), "
                            "triage: [red, yellow, green]}}\n",
                            2);
    assert_true(class_covers(r, "red", 1.0));
    assert_true(class_covers(r, "yellow", 2.0));
    assert_true(class_covers(r, "green", 8.0));
    assert_false(class_covers(r, "red", 0.25));
    sf_results_free(r);
}

static void test_ready_for_discharge_erlang_c(void **state) {
    (void)state;
    /* A hospital ward that is never full sends every patient on to home
     * care: 4 places, stays exp(5 d), requests 0.64 a day (load 3.2, rho
     * 0.8). Hospital patients wait for a place in their hospital bed, in
     * arrival order: home care is an M/M/4 queue whose waiting room is the
     * hospital. So the hospital's ready-for-discharge (blocked) bed-days
     * per replication are lambda x horizon x Wq (Erlang C), and the share
     * of patients blocked is C(4, 3.2). */
    sf_results *r = sim_run("horizon: 100002d\nwarmup: 200d\nreplications: 20\nseed: 19\n"
                            "arrivals: {a: {rate: 0.64/d, to: hospital}}\n"
                            "units:\n"
                            "  hospital: {kind: ward, beds: 1000, los: exp(3d), next: home-care}\n"
                            "  home-care: {kind: ward, beds: 4, los: exp(5d)}\n",
                            2);
    double lam = 0.64 / 24, mu = 1.0 / 120;
    double wq = sf_mmc_mean_wait(4, lam, mu); /* hours */
    sim_expect(r, "hospital", SF_M_BLOCKED_DAYS, 0.64 * 100002 * wq / 24);
    sim_expect(r, "hospital", SF_M_BLOCKED, 0.64 * 100002 * sf_erlang_c(4, 3.2));
    sim_expect(r, "home-care", SF_M_WAIT_MEAN, wq);
    /* by hour of week: whole weeks, so the hours' mean of blocked beds
     * times the horizon is the blocked bed-days (parts of one sum); and
     * with arrivals flat over the week each hour is about the same */
    double sum = 0;
    for (int h = 0; h < 168; h++)
        sum += sf_results_by_hour(r, 0, h, SF_BY_BLOCKED_MEAN).mean;
    double days = sf_results_estimate(r, 0, SF_M_BLOCKED_DAYS).mean;
    assert_true(fabs(sum / 168 * 100002 - days) < 1e-9 * days);
    assert_true(covers_k(sf_results_by_hour(r, 0, 100, SF_BY_BLOCKED_MEAN), 0.64 / 24 * wq, 1,
                         "blocked", 100));
    sf_results_free(r);
}

/* ---- results by hour of week and by month ------------------------------------ */

/* Does the interval of e, widened for k simultaneous comparisons
 * (Bonferroni), cover truth? */
static int covers_k(sf_estimate e, double truth, int k, const char *what, int row) {
    double half = e.sd / sqrt(e.n) * gsl_cdf_tdist_Pinv(1 - 0.05 / (2.0 * k), e.n - 1);
    int ok = fabs(e.mean - truth) <= half;
    if (!ok)
        printf("  %s row %d: sim %.5g ± %.3g, theory %.5g OUTSIDE\n", what, row, e.mean, half,
               truth);
    return ok;
}

static void test_by_hour_mt_m_inf(void **state) {
    (void)state;
    /* M_t/M/inf (1000 servers, never all busy): arrivals at 3/h on average,
     * 4 times as many on weekdays 08-16 as otherwise; service exp(1 h).
     * The mean number in service m(t) solves m' = lambda(t) - m, so over an
     * hour with constant rate l starting from m0 it averages
     * l + (m0 - l)(1 - 1/e) and ends at l + (m0 - l)/e. Iterated over
     * weeks to the periodic solution, here, hour by hour. */
    sf_results *r = sim_run("horizon: 52w\nwarmup: 1w\nreplications: 10\nseed: 91\n"
                            "arrivals: {a: {rate: 3/h, to: s, profile: {default: 1, weekdays "
                            "08:00-16:00: 4}}}\n"
                            "units: {s: {kind: walk-in, servers: 1000, service: exp(1h)}}\n",
                            2);
    double lam[168], avg[168], m0 = 3;
    for (int h = 0; h < 168; h++) {
        int peak = h / 24 < 5 && h % 24 >= 8 && h % 24 < 16;
        lam[h] = 3 * (peak ? 4 : 1) / (288.0 / 168);
    }
    for (int week = 0; week < 20; week++)
        for (int h = 0; h < 168; h++) {
            avg[h] = lam[h] + (m0 - lam[h]) * (1 - exp(-1));
            m0 = lam[h] + (m0 - lam[h]) * exp(-1);
        }
    int bad = 0;
    double sum = 0;
    for (int h = 0; h < 168; h++) {
        bad += !covers_k(sf_results_by_hour(r, 0, h, SF_BY_OCC_MEAN), avg[h], 2 * 168, "occ", h);
        bad += !covers_k(sf_results_by_hour(r, 0, h, SF_BY_ARRIVALS), lam[h], 2 * 168, "arr", h);
        assert_true(fabs(sf_results_by_hour(r, 0, h, SF_BY_CAPACITY).mean - 1000) < 1e-9);
        sum += sf_results_by_hour(r, 0, h, SF_BY_OCC_MEAN).mean;
    }
    assert_int_equal(bad, 0);
    printf("  Mon 07:00 occ %.4f (theory %.4f), Mon 15:00 occ %.4f (theory %.4f)\n",
           sf_results_by_hour(r, 0, 7, SF_BY_OCC_MEAN).mean, avg[7],
           sf_results_by_hour(r, 0, 15, SF_BY_OCC_MEAN).mean, avg[15]);
    /* whole weeks: the hours' mean is the overall mean (parts of one sum) */
    double all = sf_results_estimate(r, 0, SF_M_OCC_MEAN).mean;
    assert_true(fabs(sum / 168 - all) < 1e-9 * all);
    /* the flat average would be wrong at the peak's end */
    assert_false(covers_k(sf_results_by_hour(r, 0, 15, SF_BY_OCC_MEAN), 3, 2 * 168, "flat", 15));
    sf_results_free(r);
}

static void test_by_hour_closed_hour(void **state) {
    (void)state;
    /* Closed 12:00-13:00 daily. With handover nobody is in service then:
     * occupancy exactly 0; with finish the services under way go on. */
    const char *base = "horizon: 8w\nreplications: 3\nseed: 51\n"
                       "arrivals: {a: {rate: 2/h, to: s}}\n"
                       "units: {s: {kind: walk-in, servers: {default: 100, daily 12:00-13:00: 0}, "
                       "service: fixed(3h), on-drop: %s}}\n";
    char y[600];
    snprintf(y, sizeof y, base, "handover");
    sf_results *h = sim_run(y, 1);
    snprintf(y, sizeof y, base, "finish");
    sf_results *f = sim_run(y, 1);
    for (int d = 0; d < 7; d++) {
        assert_true(sf_results_by_hour(h, 0, d * 24 + 12, SF_BY_CAPACITY).mean == 0);
        assert_true(sf_results_by_hour(h, 0, d * 24 + 12, SF_BY_OCC_MEAN).mean == 0);
        assert_true(fabs(sf_results_by_hour(h, 0, d * 24 + 11, SF_BY_CAPACITY).mean - 100) < 1e-9);
        /* finish: about 2/h x 3 h x (1 - the hour's own share) in service */
        assert_true(sf_results_by_hour(f, 0, d * 24 + 12, SF_BY_OCC_MEAN).mean > 3);
    }
    sf_results_free(h);
    sf_results_free(f);
}

static void test_by_month(void **state) {
    (void)state;
    /* 2027-01-04 plus 365 days; beds 6 in the summer 06-20..08-15, else
     * 10: June is 19 days at 10 and 11 at 6, July all 6, August 15 days at
     * 6 and 16 at 10. Arrivals are flat, 12 a day, in every month. */
    sf_results *r = sim_run("horizon: 365d\nreplications: 10\nseed: 93\n"
                            "calendar:\n  start: 2027-01-04\n  periods:\n"
                            "    summer: {from: 06-20, to: 08-15}\n"
                            "arrivals: {a: {rate: 12/d, to: w}}\n"
                            "units: {w: {kind: ward, beds: {default: 10, summer: 6}, "
                            "los: exp(12h)}}\n",
                            2);
    double cap[12];
    for (int m = 0; m < 12; m++)
        cap[m] = 10;
    cap[5] = (19 * 10 + 11 * 6) / 30.0;
    cap[6] = 6;
    cap[7] = (15 * 6 + 16 * 10) / 31.0;
    for (int m = 0; m < 12; m++) {
        sf_estimate c = sf_results_by_month(r, 0, m, SF_BY_CAPACITY);
        assert_true(fabs(c.mean - cap[m]) < 1e-9);
        assert_true(covers_k(sf_results_by_month(r, 0, m, SF_BY_ARRIVALS), 12, 12, "arr/d", m));
        /* nearly uncongested (load 6 on >= 6 beds, B(6,6) = 0.17 in the
         * summer): occupancy below offered load 6, and at most the beds */
        assert_true(sf_results_by_month(r, 0, m, SF_BY_OCC_MEAN).mean <= cap[m]);
    }
    /* fewer beds in July: more of the summer's requests wait */
    assert_true(sf_results_by_month(r, 0, 6, SF_BY_WAIT_MEAN).mean >
                sf_results_by_month(r, 0, 10, SF_BY_WAIT_MEAN).mean);
    sf_results_free(r);
}

static void test_by_month_idle_ward(void **state) {
    (void)state;
    /* A ward with a patient a month on average and stays of 10 days is
     * often empty for more than a month: its hours are then closed in one
     * go at its next event, across one or more month ends (engine.c,
     * bt_roll). Each month must still get its own hours: weighted by the
     * calendar's hours of each month (three years from 2027-01-04, 2028 a
     * leap year), the months' occupancy is the overall mean, their
     * capacity is the beds, and their arrivals add up to the total. */
    sf_results *r = sim_run("horizon: 1095d\nreplications: 2\nseed: 17\n"
                            "calendar: {start: 2027-01-04}\n"
                            "arrivals: {a: {rate: 12/y, to: w}}\n"
                            "units: {w: {kind: ward, beds: 4, los: fixed(10d)}}\n",
                            1);
    double hours[12] = {0}, total = 0;
    int64_t day0 = sf_calendar_days_from_civil(2027, 1, 4);
    for (int d = 0; d < 1095; d++) {
        hours[sf_calendar_civil_from_days(day0 + d).month - 1] += 24;
        total += 24;
    }
    double occ = 0, arr = 0;
    for (int m = 0; m < 12; m++) {
        assert_true(fabs(sf_results_by_month(r, 0, m, SF_BY_CAPACITY).mean - 4) < 1e-12);
        occ += sf_results_by_month(r, 0, m, SF_BY_OCC_MEAN).mean * hours[m];
        arr += sf_results_by_month(r, 0, m, SF_BY_ARRIVALS).mean / 24 * hours[m];
    }
    double all = sf_results_estimate(r, 0, SF_M_OCC_MEAN).mean;
    printf("  occupancy %.6f overall, %.6f from the months; %.1f arrivals\n", all, occ / total,
           arr);
    assert_true(all > 0.1);
    assert_true(fabs(occ / total - all) < 1e-9 * all);
    assert_true(fabs(arr - sf_results_estimate(r, 0, SF_M_ARRIVALS).mean) < 1e-6);
    sf_results_free(r);
}

/* ---- diagnostics ----------------------------------------------------------------- */

static const struct {
    const char *unit; /* the value of units.u, YAML flow */
    const char *diag;
} bad[] = {
    {"{kind: walk-in, servers: {weekend: 2}, service: exp(1h)}",
     "t.yaml:4:31: unit 'u': 'servers': no capacity for Monday 00:00-01:00 (and maybe other "
     "hours); add default: N for the hours no key covers (0 if closed)"},
    {"{kind: walk-in, servers: {default: 0}, service: exp(1h)}",
     "t.yaml:4:31: unit 'u': 'servers': the capacity is 0 at every hour, so the unit never "
     "opens; give some hours a capacity >= 1"},
    {"{kind: ward, beds: {default: -1}, los: exp(1h)}",
     "t.yaml:4:35: unit 'u': 'beds': the capacity of 'default' must be a whole number from 0 to "
     "1000000, found '-1'"},
    {"{kind: ward, beds: {default: 1000001}, los: exp(1h)}",
     "t.yaml:4:35: unit 'u': 'beds': the capacity of 'default' must be a whole number from 0 to "
     "1000000, found '1000001'"},
    {"{kind: ward, beds: {default: 2.5}, los: exp(1h)}",
     "t.yaml:4:35: unit 'u': 'beds': the capacity of 'default' must be a whole number from 0 to "
     "1000000, found '2.5'"},
    {"{kind: ward, beds: {default: 1, someday: 2}, los: exp(1h)}",
     "t.yaml:4:38: unit 'u': 'beds': 'someday': expected default, a calendar period, and/or "
     "days and a time range such as weekdays 08:00-16:00 (days (weekdays, weekend, daily, "
     "mon..sun, a range such as mon-fri, or a list such as sat,sun) and/or a time range "
     "HH:MM-HH:MM), found 'someday'; calendar periods: none (the model's calendar has no "
     "periods)"},
    {"{kind: ward, beds: {default: 1, mon 08:30-10:00: 2}, los: exp(1h)}",
     "t.yaml:4:42: unit 'u': 'beds': 'mon 08:30-10:00': expected default, a calendar period, "
     "and/or days and a time range such as weekdays 08:00-16:00 (a whole hour such as 08:00 "
     "(hours are the finest resolution)), found '08:30-10:00'; calendar periods: none (the "
     "model's calendar has no periods)"},
    {"{kind: ward, beds: {}, los: exp(1h)}",
     "t.yaml:4:25: unit 'u': 'beds': expected a whole number or a schedule such as {default: 1, "
     "weekend: 2}, found an empty mapping"},
    {"{kind: walk-in, servers: 1, service: exp(1h), on-drop: later}",
     "t.yaml:4:61: unit 'u': 'on-drop' must be finish or handover, found 'later'"},
    {"{kind: ward, beds: 1, los: exp(1h), on-drop: handover}",
     "t.yaml:4:51: unit 'u': 'on-drop: handover' is for walk-in units; on a ward a closing bed "
     "is taken out of use when its patient leaves (finish)"},
    {"{kind: walk-in, servers: 1, service: exp(1h), discharge: weekdays}",
     "t.yaml:4:52: unit 'u': 'discharge' is for ward units only"},
    {"{kind: ward, beds: 1, los: exp(1h), discharge: {mon: 1}}",
     "t.yaml:4:53: unit 'u': 'discharge': expected hours such as weekdays 09:00-15:00, or a list "
     "of them, found a mapping"},
    {"{kind: ward, beds: 1, los: exp(1h), discharge: []}",
     "t.yaml:4:53: unit 'u': 'discharge': expected hours such as weekdays 09:00-15:00, or a list "
     "of them, found an empty list"},
    {"{kind: ward, beds: 1, los: exp(1h), discharge: weekdays 25:00-26:00}",
     "t.yaml:4:62: unit 'u': 'discharge': 'weekdays 25:00-26:00': expected days and/or a time "
     "range such as weekdays 09:00-15:00 (a time of day from 00:00 to 24:00), found "
     "'25:00-26:00'"},
    {"{kind: ward, beds: 1, los: exp(1h), discharge: [weekdays 09:00-12:00, [x]]}",
     "t.yaml:4:76: unit 'u': 'discharge': expected hours such as weekdays 09:00-15:00, found a "
     "list"},
};

static void test_diagnostics(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char yaml[600];
        snprintf(yaml, sizeof yaml,
                 "horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n"
                 "  u: %s\n",
                 bad[i].unit);
        sf_model *m = NULL;
        sf_diag d = {0};
        int rc = sf_model_load_buffer("t.yaml", yaml, strlen(yaml), &m, &d);
        char got[1200];
        sf_diag_format(&d, got, sizeof got);
        if (rc != SF_ERR_MODEL || strcmp(got, bad[i].diag) != 0)
            fail_msg("case %zu: rc %d\n  got:  %s\n  want: %s", i, rc, got, bad[i].diag);
        assert_null(m);
    }
}

static void test_diagnostics_periods(void **state) {
    (void)state;
    const char *yaml = "horizon: 30d\ncalendar: {periods: {summer: {from: 06-20, to: 08-15}, "
                       "easter: {from: 03-25, to: 04-05}}}\narrivals: {a: {rate: 1/h, to: u}}\n"
                       "units:\n  u: {kind: ward, los: exp(1h), beds: {default: 1, summr: 2}}\n";
    sf_model *m = NULL;
    sf_diag d = {0};
    assert_int_equal(sf_model_load_buffer("t.yaml", yaml, strlen(yaml), &m, &d), SF_ERR_MODEL);
    char got[1200];
    sf_diag_format(&d, got, sizeof got);
    printf("  %s\n", got);
    assert_non_null(strstr(got, "t.yaml:5:52: unit 'u': 'beds': 'summr': expected default, a "
                                "calendar period"));
    assert_non_null(strstr(got, "found 'summr'; calendar periods: summer, easter"));
    /* a period name followed by something that is not hours */
    yaml = "horizon: 30d\ncalendar: {periods: {summer: {from: 06-20, to: 08-15}}}\n"
           "arrivals: {a: {rate: 1/h, to: u}}\n"
           "units:\n  u: {kind: ward, los: exp(1h), beds: {default: 1, summer nights: 2}}\n";
    assert_int_equal(sf_model_load_buffer("t.yaml", yaml, strlen(yaml), &m, &d), SF_ERR_MODEL);
    sf_diag_format(&d, got, sizeof got);
    printf("  %s\n", got);
    assert_non_null(strstr(got, "t.yaml:5:59: unit 'u': 'beds': 'summer nights': expected a "
                                "period and days and/or a time range"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constant_schedule_is_constant),
        cmocka_unit_test(test_nonbinding_changes_change_nothing),
        cmocka_unit_test(test_utilisation_scheduled),
        cmocka_unit_test(test_period_capacity),
        cmocka_unit_test(test_schedule_follows_dates),
        cmocka_unit_test(test_period_rare_weekday),
        cmocka_unit_test(test_slow_switching_erlang_b),
        cmocka_unit_test(test_fast_switching_birth_death),
        cmocka_unit_test(test_on_drop_finish_and_handover),
        cmocka_unit_test(test_on_drop_stay_by_stay),
        cmocka_unit_test(test_discharge_stay_by_stay),
        cmocka_unit_test(test_handover_one_server),
        cmocka_unit_test(test_discharge_hours),
        cmocka_unit_test(test_discharge_then_blocked),
        cmocka_unit_test(test_triage_from_demand),
        cmocka_unit_test(test_ready_for_discharge_erlang_c),
        cmocka_unit_test(test_by_hour_mt_m_inf),
        cmocka_unit_test(test_by_hour_closed_hour),
        cmocka_unit_test(test_by_month),
        cmocka_unit_test(test_by_month_idle_ward),
        cmocka_unit_test(test_diagnostics),
        cmocka_unit_test(test_diagnostics_periods),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
