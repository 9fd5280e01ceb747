/* test_booked.c: the booked-clinic unit (a GP office with an appointment
 * book).
 *
 * - The slot pattern the loader cuts from opening hours, and the book's
 *   choices (own doctor, tolerance, reserved urgent slots, overflow, third
 *   next available appointment, slots offered), in tiny cases worked out
 *   by hand.
 * - One doctor booking Poisson requests into the first free slot of a
 *   clinic open round the clock is a discrete-time queue: with a = lambda s
 *   requests per slot, X' = (X - 1)+ + A at slot boundaries, and a request
 *   waits for the next boundary (mean s/2), for the slots already booked
 *   ((X - 1)+, mean a^2 / (2(1 - a))) and for those booked earlier in its
 *   own slot interval (mean a/2). The mean is s/2 + a s / (2(1 - a)): half
 *   a slot plus the Pollaczek-Khinchine M/D/1 wait. The percentiles are
 *   checked against the same chain solved numerically here.
 * - Continuity is exactly 1 with one doctor or without a tolerance, and
 *   falls as the tolerance shrinks; overflow under overload is the excess
 *   of requests over slots; urgent requests find their reserved slots.
 * - Every invalid key or value gets its own diagnostic. */
#include "model/booked.h"
#include "model/model.h"
#include "sim/booked.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim_check.h"

static const sf_booked *clinic(const sf_model *m) {
    for (int u = 0; u < m->nunits; u++)
        if (m->units[u].booked)
            return m->units[u].booked;
    fail_msg("no booked clinic");
    return NULL;
}

#define H(hh, mm) ((hh) + (mm) / 60.0)

static void test_slot_pattern(void **state) {
    (void)state;
    /* Monday 08:00-09:10 and 09:30-10:00 with 20-minute slots: 08:00,
     * 08:20, 08:40 fit before the gap (09:00 would end at 09:20, past
     * 09:10), 09:30 after it. Four slots, one reserved: index
     * floor(0.5 * 4 / 1) = 2, the 08:40 slot. Tuesday whole-day 10:00-11:00
     * with reserve 1: three slots, index floor(1.5) = 1 reserved. */
    sf_model *m = sim_load("horizon: 10d\narrivals: {a: {rate: 1/d, to: gp}}\n"
                           "units:\n  gp: {kind: booked-clinic, doctors: 2, slot: 20m,\n"
                           "    hours: [mon 08:00-09:10, mon 09:30-10:00, tue 10:00-11:00],\n"
                           "    urgent: {share: .5, reserve: 1}}\n");
    const sf_booked *b = clinic(m);
    assert_int_equal(b->doctors, 2);
    assert_int_equal(m->units[0].capacity, 2);
    assert_int_equal(m->units[0].service.kind, SF_DIST_FIXED);
    assert_true(fabs(m->units[0].service.p[0] - 1.0 / 3) < 1e-12);
    assert_int_equal(b->nreg[0], 3);
    assert_int_equal(b->nres[0], 1);
    assert_true(fabs(b->reg[0][0] - H(8, 0)) < 1e-9);
    assert_true(fabs(b->reg[0][1] - H(8, 20)) < 1e-9);
    assert_true(fabs(b->reg[0][2] - H(9, 30)) < 1e-9);
    assert_true(fabs(b->res[0][0] - H(8, 40)) < 1e-9);
    assert_int_equal(b->nreg[1], 2);
    assert_int_equal(b->nres[1], 1);
    assert_true(fabs(b->res[1][0] - H(10, 20)) < 1e-9);
    for (int d = 2; d < 7; d++)
        assert_int_equal(b->nreg[d] + b->nres[d], 0);
    assert_true(fabs(b->first[0] - 8) < 1e-9 && fabs(b->first[1] - 10) < 1e-9);
    assert_true(isinf(b->first[2]));
    assert_true(isinf(b->tolerance) && isinf(b->overflow_after));
    assert_true(fabs(b->cum[0] - 0.5) < 1e-12 && b->cum[1] == 1);
    sf_model_free(m);
}

static void test_book_by_hand(void **state) {
    (void)state;
    /* One doctor, Mondays 08:00-09:00, 20-minute slots, the middle one
     * (08:20) reserved: regular slots 08:00 and 08:40 each Monday. */
    sf_model *m = sim_load("horizon: 30d\narrivals: {a: {rate: 1/d, to: gp}}\n"
                           "units:\n  gp: {kind: booked-clinic, doctors: 1, slot: 20m,\n"
                           "    hours: mon 08:00-09:00, urgent: {share: .1, reserve: 1}}\n");
    sf_book b;
    assert_int_equal(sf_book_init(&b, clinic(m)), 0);
    sf_book_reset(&b, NULL);
    sf_book_slot s;
    /* Opening: the first slot after Monday 00:00 is 08:00; after 08:00 the
     * next is 08:20 (a reserved slot is a slot); then next Monday. */
    assert_true(fabs(sf_book_next_opening(&b, -1e-9) - 8) < 1e-9);
    assert_true(fabs(sf_book_next_opening(&b, 8) - (168 + 8)) < 1e-9);
    /* TNAA at 07:00 on an empty book: 08:00, 08:40, next Monday 08:00 ->
     * (168 + 8 - 7) / 24 days. */
    assert_true(fabs(sf_book_tnaa(&b, 7) - (169.0 / 24)) < 1e-9);
    /* Three regular requests at Monday 07:00: 08:00, 08:40, next Monday. */
    assert_int_equal(sf_book_request(&b, 7, 0, 0, &s), 0);
    assert_true(fabs(s.t - 8) < 1e-9 && s.doctor == 0 && !s.reserved);
    assert_int_equal(sf_book_request(&b, 7, 0, 0, &s), 0);
    assert_true(fabs(s.t - H(8, 40)) < 1e-9);
    assert_int_equal(sf_book_request(&b, 7, 0, 0, &s), 0);
    assert_true(fabs(s.t - (168 + 8)) < 1e-9);
    /* An urgent request at 08:05 takes the reserved 08:20 slot; a second
     * finds none today, no regular slot today, and no overflow unit: it
     * books the first regular slot, next Monday 08:40. */
    assert_int_equal(sf_book_request(&b, H(8, 5), 0, 1, &s), 0);
    assert_true(fabs(s.t - H(8, 20)) < 1e-9 && s.reserved);
    assert_int_equal(sf_book_request(&b, H(8, 6), 0, 1, &s), 0);
    assert_true(fabs(s.t - (168 + H(8, 40))) < 1e-9 && !s.reserved);
    /* A request on Tuesday: slots of next Monday are taken, so the Monday
     * after (day 14) at 08:00. A request at Monday 08:00 of day 14 itself
     * can still take that slot (a slot at the very time of the call). */
    assert_int_equal(sf_book_request(&b, 24 + 1, -1, 0, &s), 0);
    assert_true(fabs(s.t - (14 * 24 + 8)) < 1e-9);
    assert_int_equal(sf_book_request(&b, 14 * 24 + H(8, 40), -1, 0, &s), 0);
    assert_true(fabs(s.t - (14 * 24 + H(8, 40))) < 1e-9);
    /* Booked and urgent counts; days from request to slot. */
    assert_int_equal(b.st.booked, 7);
    assert_int_equal(b.st.urgent, 2);
    assert_int_equal(b.st.urgent_sameday, 1);
    double days = (1 + H(1, 40) + (169) + (H(8, 20) - H(8, 5)) + (168 + H(8, 40) - H(8, 6)) +
                   (14 * 24 + 8 - 25) + 0) /
                  24;
    assert_true(fabs(b.st.appt_sum - days) < 1e-9);
    /* Slots offered: 3 per Monday; [0, 15 d) holds Mondays 0, 7, 14. A
     * window from Monday 08:10 to Monday 08:30 holds only 08:20. */
    assert_true(fabs(sf_book_offered(&b, 0, 15 * 24) - 9) < 1e-9);
    assert_true(fabs(sf_book_offered(&b, H(8, 10), H(8, 30)) - 1) < 1e-9);
    sf_book_free(&b);
    sf_model_free(m);
}

static void test_tolerance_and_overflow_by_hand(void **state) {
    (void)state;
    /* Two doctors, daily 08:00-09:00 with 1-hour slots (one a day each),
     * tolerance 3d, overflow after 3d to a walk-in. */
    sf_model *m = sim_load("horizon: 30d\narrivals: {a: {rate: 1/d, to: gp}}\n"
                           "units:\n  gp: {kind: booked-clinic, doctors: 2, lists: [900, 100],\n"
                           "    slot: 1h, hours: daily 08:00-09:00, tolerance: 3d,\n"
                           "    overflow-after: 3d, overflow: lv}\n"
                           "  lv: {kind: walk-in, servers: 1, service: exp(20m)}\n");
    const sf_booked *def = clinic(m);
    assert_true(fabs(def->cum[0] - 0.9) < 1e-12);
    assert_true(fabs(def->list_total - 1000) < 1e-9 && fabs(def->list_max - 900) < 1e-9);
    sf_book b;
    assert_int_equal(sf_book_init(&b, def), 0);
    sf_book_reset(&b, NULL);
    sf_book_slot s;
    double t = 7; /* day 0, 07:00 */
    /* Doctor 0's patients: day 0, 1, 2 at 08:00 (1 h, 1 d 1 h, 2 d 1 h
     * away: within 3 days). The fourth would wait until day 3, 3 d 1 h
     * away: past the tolerance, so doctor 1's first slot, day 0. */
    for (int k = 0; k < 3; k++) {
        assert_int_equal(sf_book_request(&b, t, 0, 0, &s), 0);
        assert_int_equal(s.doctor, 0);
        assert_true(fabs(s.t - (24 * k + 8)) < 1e-9);
    }
    assert_int_equal(sf_book_request(&b, t, 0, 0, &s), 0);
    assert_true(s.doctor == 1 && fabs(s.t - 8) < 1e-9);
    /* Unlisted: earliest of anyone, lowest index on ties: doctor 1 day 1. */
    assert_int_equal(sf_book_request(&b, t, -1, 0, &s), 0);
    assert_true(s.doctor == 1 && fabs(s.t - 32) < 1e-9);
    assert_int_equal(sf_book_request(&b, t, -1, 0, &s), 0);
    assert_true(s.doctor == 1 && fabs(s.t - 56) < 1e-9);
    /* Both doctors now first free on day 3 at 08:00, 3 d 1 h away: more
     * than overflow-after, so the request overflows and nothing is booked. */
    assert_int_equal(sf_book_request(&b, t, 0, 0, &s), 1);
    assert_int_equal(sf_book_request(&b, t, -1, 0, &s), 1);
    /* TNAA at 07:00: each doctor's third free slot is on day 5: 5 d 1 h. */
    assert_true(fabs(sf_book_tnaa(&b, t) - (5 * 24 + 1) / 24.0) < 1e-9);
    /* At 09:00 on day 1 the same request is 1 d 23 h from day 3 08:00:
     * within overflow-after and within the own doctor's tolerance. */
    assert_int_equal(sf_book_request(&b, 33, 0, 0, &s), 0);
    assert_true(s.doctor == 0 && fabs(s.t - (72 + 8)) < 1e-9);
    /* An urgent request with no reserve and no slot today overflows. */
    assert_int_equal(sf_book_request(&b, 33, 1, 1, &s), 1);
    assert_int_equal(b.st.urgent, 1);
    assert_int_equal(b.st.urgent_sameday, 0);
    sf_book_free(&b);
    sf_model_free(m);

    /* Tolerance 10 d but overflow after 2 d: the own doctor's slot 2 d 1 h
     * away cannot be booked, so the request takes another doctor's first
     * slot rather than overflowing. */
    m = sim_load("horizon: 30d\narrivals: {a: {rate: 1/d, to: gp}}\n"
                 "units:\n  gp: {kind: booked-clinic, doctors: 2, slot: 1h,\n"
                 "    hours: daily 08:00-09:00, tolerance: 10d, overflow-after: 2d, overflow: lv}\n"
                 "  lv: {kind: walk-in, servers: 1, service: exp(20m)}\n");
    assert_int_equal(sf_book_init(&b, clinic(m)), 0);
    sf_book_reset(&b, NULL);
    assert_int_equal(sf_book_request(&b, 7, 0, 0, &s), 0);
    assert_true(s.doctor == 0 && fabs(s.t - 8) < 1e-9);
    assert_int_equal(sf_book_request(&b, 7, 0, 0, &s), 0);
    assert_true(s.doctor == 0 && fabs(s.t - 32) < 1e-9);
    assert_int_equal(sf_book_request(&b, 7, 0, 0, &s), 0);
    assert_true(s.doctor == 1 && fabs(s.t - 8) < 1e-9);
    sf_book_free(&b);
    sf_model_free(m);
}

static void test_urgent_overflow_by_hand(void **state) {
    (void)state;
    sf_model *m = sim_load("horizon: 30d\narrivals: {a: {rate: 1/d, to: gp}}\n"
                           "units:\n  gp: {kind: booked-clinic, doctors: 2, slot: 1h,\n"
                           "    hours: daily 08:00-09:00, overflow-after: 3d, overflow: lv}\n"
                           "  lv: {kind: walk-in, servers: 1, service: exp(20m)}\n");
    sf_book b;
    assert_int_equal(sf_book_init(&b, clinic(m)), 0);
    sf_book_reset(&b, NULL);
    sf_book_slot s;
    /* both doctors' day-1 slots taken by 33 h (09:00 on day 1) */
    for (int k = 0; k < 2; k++)
        assert_int_equal(sf_book_request(&b, 31, -1, 0, &s), 0);
    /* An urgent request with no reserve and no slot today overflows. */
    assert_int_equal(sf_book_request(&b, 33, 1, 1, &s), 1);
    assert_int_equal(b.st.urgent, 1);
    assert_int_equal(b.st.urgent_sameday, 0);
    sf_book_free(&b);
    sf_model_free(m);
}

/* ---- against theory ---------------------------------------------------- */

/* The slotted queue X' = (X - 1)+ + A, A ~ Poisson(a), solved by iterating
 * its transition on a truncated state space; returns P(Y = k) for
 * Y = (X - 1)+, k < n. */
static void slotted_queue(double a, int n, double *y) {
    double *x = calloc((size_t)n, sizeof *x), *nx = calloc((size_t)n, sizeof *nx);
    double *pa = calloc((size_t)n, sizeof *pa);
    assert_non_null(x);
    assert_non_null(nx);
    assert_non_null(pa);
    pa[0] = exp(-a);
    for (int k = 1; k < n; k++)
        pa[k] = pa[k - 1] * a / k;
    x[0] = 1;
    for (int it = 0; it < 4000; it++) {
        memset(nx, 0, (size_t)n * sizeof *nx);
        for (int i = 0; i < n; i++) {
            int base = i > 0 ? i - 1 : 0;
            for (int k = 0; base + k < n; k++)
                nx[base + k] += x[i] * pa[k];
        }
        memcpy(x, nx, (size_t)n * sizeof *x);
    }
    memset(y, 0, (size_t)n * sizeof *y);
    for (int i = 0; i < n; i++)
        y[i > 0 ? i - 1 : 0] += x[i];
    free(x);
    free(nx);
    free(pa);
}

/* P(W <= w) for W = u + s (Y + J): u ~ U(0, s) the time to the next slot
 * boundary, J ~ Poisson(lambda (s - u)) the requests earlier in the same
 * slot interval, Y independent of both. Midpoint rule over u. */
static double wait_cdf(const double *y, int n, double lambda, double s, double w) {
    const int steps = 2000;
    double sum = 0;
    for (int j = 0; j < steps; j++) {
        double u = (j + 0.5) * s / steps;
        if (u > w)
            continue;
        int kmax = (int)floor((w - u) / s + 1e-12); /* Y + J <= kmax */
        double mu = lambda * (s - u), pj = exp(-mu), cy = 0, p = 0;
        /* P(Y + J <= kmax) = sum_j P(J = j) P(Y <= kmax - j) */
        double *cdf_y = NULL;
        (void)cdf_y;
        for (int jj = 0; jj <= kmax && jj < n; jj++) {
            cy = 0;
            for (int k = 0; k <= kmax - jj && k < n; k++)
                cy += y[k];
            p += pj * cy;
            pj *= mu / (jj + 1);
        }
        sum += p;
    }
    return sum / steps;
}

static double wait_quantile(const double *y, int n, double lambda, double s, double q) {
    double lo = 0, hi = 200 * s;
    for (int it = 0; it < 60; it++) {
        double mid = (lo + hi) / 2;
        if (wait_cdf(y, n, lambda, s, mid) >= q)
            hi = mid;
        else
            lo = mid;
    }
    return (lo + hi) / 2;
}

static const char *const md1_model =
    "horizon: 3000d\nwarmup: 20d\nreplications: 20\nseed: 31\n"
    "arrivals: {r: {rate: %s, to: gp}}\n"
    "units: {gp: {kind: booked-clinic, doctors: 1, slot: 1h, hours: daily 00:00-24:00}}\n";

static void test_slot_queue_md1(void **state) {
    (void)state;
    /* a = 0.8 requests per 1-hour slot. */
    const double lambda = 0.8, s = 1, a = lambda * s;
    char yaml[512];
    snprintf(yaml, sizeof yaml, md1_model, "0.8/h");
    sf_results *r = sim_run(yaml, 2);
    double w = s / 2 + a * s / (2 * (1 - a)); /* hours: 2.5 */
    sim_expect(r, "gp", SF_M_APPT_DAYS_MEAN, w / 24);
    /* the consultation is one slot long: the doctor is never late, so the
     * wait to be seen is the wait to the slot */
    sim_expect(r, "gp", SF_M_WAIT_MEAN, w);
    sim_expect(r, "gp", SF_M_SLOT_UTIL, a);
    sim_expect(r, "gp", SF_M_UTILISATION, a);
    /* TNAA at midnight (the first slot of the day), a slot boundary: the
     * X slots booked from then on are the next X, so the third free one
     * starts X + 2 slots later; E[X] = a (2 - a) / (2 (1 - a)) for the
     * stationary chain, which every 24th boundary samples. */
    sim_expect(r, "gp", SF_M_TNAA_DAYS, (a * (2 - a) / (2 * (1 - a)) + 2) * s / 24);
    enum { N = 400 };
    double y[N], mean_y = 0;
    slotted_queue(a, N, y);
    for (int k = 0; k < N; k++)
        mean_y += k * y[k];
    /* the numerical chain agrees with the closed form a^2 / (2 (1 - a)) */
    assert_true(fabs(mean_y - a * a / (2 * (1 - a))) < 1e-6);
    sim_expect_q(r, "gp", SF_M_APPT_DAYS_P50, wait_quantile(y, N, lambda, s, 0.5) / 24);
    sim_expect_q(r, "gp", SF_M_APPT_DAYS_P90, wait_quantile(y, N, lambda, s, 0.9) / 24);
    sf_estimate c = sf_results_estimate(r, sim_unit(r, "gp"), SF_M_CONTINUITY);
    assert_true(c.mean == 1 && c.sd == 0);
    sf_results_free(r);
}

static void test_slot_queue_detects_error(void **state) {
    (void)state;
    /* 5 % more requests than the formula is given: the check must fail. */
    char yaml[512];
    snprintf(yaml, sizeof yaml, md1_model, "0.84/h");
    sf_results *r = sim_run(yaml, 2);
    assert_false(sim_covers(r, "gp", SF_M_APPT_DAYS_MEAN, (0.5 + 0.8 / 0.4) / 24, 0));
    sf_results_free(r);
}

static void test_overflow_under_overload(void **state) {
    (void)state;
    /* 1.5 requests per slot, one slot an hour round the clock, overflow
     * after 2 days: the book stays full (slot use -> 1) and the excess,
     * 1/3 of requests, overflows. The book is never empty once full, so
     * the boundary effect is within a slot per replication. */
    sf_results *r = sim_run("horizon: 1000d\nwarmup: 10d\nreplications: 10\nseed: 32\n"
                            "arrivals: {r: {rate: 1.5/h, to: gp}}\n"
                            "units:\n  gp: {kind: booked-clinic, doctors: 1, slot: 1h,\n"
                            "    hours: daily 00:00-24:00, overflow-after: 2d, overflow: lv}\n"
                            "  lv: {kind: walk-in, servers: 10, service: exp(10m)}\n",
                            2);
    sf_estimate u = sf_results_estimate(r, sim_unit(r, "gp"), SF_M_SLOT_UTIL);
    assert_true(u.mean > 0.9999 && u.mean <= 1);
    sim_expect(r, "gp", SF_M_REJECT_SHARE, 1.0 / 3);
    /* everything that overflowed arrived at the walk-in */
    int gp = sim_unit(r, "gp"), lv = sim_unit(r, "lv");
    for (int k = 0; k < sf_results_replications(r); k++)
        assert_true(sf_results_value(r, k, gp, SF_M_OVERFLOWED) ==
                    sf_results_value(r, k, lv, SF_M_ARRIVALS));
    /* no appointment is further away than overflow-after */
    sf_estimate p90 = sf_results_estimate(r, gp, SF_M_APPT_DAYS_P90);
    assert_true(p90.mean <= 2 * 1.004);
    sf_results_free(r);
}

static const char *const cont_model =
    "horizon: 400d\nwarmup: 30d\nreplications: 6\nseed: 33\n"
    "arrivals: {r: {rate: 40/d, to: gp, profile: {default: 0, weekdays 08:00-16:00: 1}}}\n"
    "units: {gp: {kind: booked-clinic, doctors: 4, lists: [1400, 1000, 900, 700], slot: 20m,\n"
    "  hours: weekdays 08:00-16:00, listed-share: .8 %s}}\n";

static double continuity(const char *extra) {
    char yaml[1024];
    snprintf(yaml, sizeof yaml, cont_model, extra);
    sf_results *r = sim_run(yaml, 2);
    sf_estimate c = sf_results_estimate(r, sim_unit(r, "gp"), SF_M_CONTINUITY);
    printf("  tolerance%-16s continuity %.4f ± %.4f\n", extra, c.mean, c.half);
    sf_results_free(r);
    return c.mean;
}

static void test_continuity(void **state) {
    (void)state;
    /* 40 requests a weekday against 4 x 24 slots: 42 % load, but the
     * longest list has 35 % of requests, 1.4 times an equal share. With no
     * tolerance given patients always wait for their own doctor: UPC = 1.
     * A shorter tolerance sends more to other doctors. */
    double inf = continuity("");
    double c3 = continuity(", tolerance: 3d");
    double c1 = continuity(", tolerance: 1d");
    double c0 = continuity(", tolerance: 0d");
    assert_true(inf == 1);
    assert_true(c3 <= 1 && c1 < c3 && c0 < c1);
    assert_true(c0 > 0.25); /* ties go to the own doctor: at least its share */
}

static void test_urgent_reserve(void **state) {
    (void)state;
    /* One doctor, hourly slots round the clock, 12 reserved a day: slot
     * floor((j + 1/2) 24 / 12) = 2j + 1, the odd hours 01:00 ... 23:00.
     * Regular requests (2 an hour against 12 regular slots a day) keep the
     * book full for ever, so an urgent request is seen the same day only
     * in a reserved slot. At 0.02 urgent requests an hour (0.48 a day
     * against 12 reserved slots) they hardly compete, and a request finds
     * a reserved slot later that day unless it comes after 23:00: the
     * same-day share is 23/24. Slot use: every regular slot, plus reserved
     * slots at 0.02 x 23/24 an hour, over 1 slot an hour. */
    const char *m = "horizon: 200d\nwarmup: 5d\nreplications: 10\nseed: 34\n"
                    "arrivals: {r: {rate: 2/h, to: gp}}\n"
                    "units: {gp: {kind: booked-clinic, doctors: 1, slot: 1h,\n"
                    "  hours: daily 00:00-24:00, urgent: {share: .01, reserve: %d}}}\n";
    char yaml[1024];
    snprintf(yaml, sizeof yaml, m, 12);
    sf_results *r = sim_run(yaml, 2);
    sim_expect(r, "gp", SF_M_URGENT_SAMEDAY, 23.0 / 24);
    sim_expect(r, "gp", SF_M_SLOT_UTIL, 0.5 + 0.02 * 23 / 24);
    sf_results_free(r);
    /* The same with the urgent requests as a class of their own (share 0,
     * classes: [acute]) at the same rate: the same figures. */
    r = sim_run("horizon: 200d\nwarmup: 5d\nreplications: 10\nseed: 34\n"
                "arrivals: {r: {rate: 1.98/h, to: gp}, a: {rate: 0.02/h, to: gp, class: acute}}\n"
                "units: {gp: {kind: booked-clinic, doctors: 1, slot: 1h,\n"
                "  hours: daily 00:00-24:00, urgent: {reserve: 12, classes: [acute]}}}\n",
                2);
    sim_expect(r, "gp", SF_M_URGENT_SAMEDAY, 23.0 / 24);
    sim_expect(r, "gp", SF_M_SLOT_UTIL, 0.5 + 0.02 * 23 / 24);
    sf_results_free(r);
    /* Without a reserve no urgent request is seen the same day. */
    snprintf(yaml, sizeof yaml, m, 0);
    r = sim_run(yaml, 2);
    sf_estimate none = sf_results_estimate(r, sim_unit(r, "gp"), SF_M_URGENT_SAMEDAY);
    assert_true(none.mean == 0 && none.sd == 0);
    sf_results_free(r);
}

static void test_unlisted_population(void **state) {
    (void)state;
    /* Residents are on the lists, tourists (listed: false) on none. The
     * lists hold 5950 patients for 5600 residents: 1.0625 per person (the
     * tourists do not count). With no tolerance every listed visit is with
     * the own doctor, and tourists, who have no own doctor, do not enter
     * the continuity figure; with only tourists there is no listed visit. */
    const char *m = "horizon: 200d\nwarmup: 20d\nreplications: 3\nseed: 35\n"
                    "populations:\n  residents: {size: 5600, listed: %s}\n"
                    "  tourists: {size: 3000, listed: false}\n"
                    "demand:\n  - {class: gp, from: residents, rate: 3/y, to: gp}\n"
                    "  - {class: gp, from: tourists, rate: 2/y, to: gp}\n"
                    "units:\n  gp: {kind: booked-clinic, doctors: 5, slot: 20m,\n"
                    "    lists: [1300, 1250, 1200, 1100, 1100], hours: weekdays 08:00-16:00}\n";
    char yaml[1024];
    snprintf(yaml, sizeof yaml, m, "true");
    sf_results *r = sim_run(yaml, 2);
    int gp = sim_unit(r, "gp");
    sf_estimate lp = sf_results_estimate(r, gp, SF_M_LIST_PER_PERSON);
    assert_true(fabs(lp.mean - 5950.0 / 5600) < 1e-12);
    sf_estimate c = sf_results_estimate(r, gp, SF_M_CONTINUITY);
    assert_true(c.mean == 1 && c.sd == 0);
    /* per population: residents' visits all with the own doctor, tourists
     * have none; the populations' days to appointment, weighted by their
     * requests, make up the clinic's, replication by replication; and
     * tourists, who take anyone's first slot, wait less than residents,
     * who wait for their own doctor */
    assert_int_equal(sf_results_population_count(r), 2);
    assert_true(sf_results_population_estimate(r, 0, SF_M_CONTINUITY).mean == 1);
    assert_true(isnan(sf_results_population_estimate(r, 1, SF_M_CONTINUITY).mean));
    for (int i = 0; i < sf_results_replications(r); i++) {
        double sum = 0;
        for (int p = 0; p < 2; p++)
            sum += sf_results_population_value(r, i, p, SF_M_APPT_DAYS_MEAN) *
                   sf_results_population_value(r, i, p, SF_M_ARRIVALS);
        double unit = sf_results_value(r, i, gp, SF_M_APPT_DAYS_MEAN) *
                      sf_results_value(r, i, gp, SF_M_ADMITTED);
        assert_true(fabs(sum - unit) < 1e-9 * unit);
    }
    printf("  days to appointment: residents %.3f, tourists %.3f\n",
           sf_results_population_estimate(r, 0, SF_M_APPT_DAYS_MEAN).mean,
           sf_results_population_estimate(r, 1, SF_M_APPT_DAYS_MEAN).mean);
    assert_true(sf_results_population_estimate(r, 1, SF_M_APPT_DAYS_MEAN).mean <
                sf_results_population_estimate(r, 0, SF_M_APPT_DAYS_MEAN).mean);
    sf_results_free(r);
    snprintf(yaml, sizeof yaml, m, "false");
    r = sim_run(yaml, 2);
    gp = sim_unit(r, "gp");
    assert_true(isnan(sf_results_estimate(r, gp, SF_M_CONTINUITY).mean));
    assert_true(isnan(sf_results_estimate(r, gp, SF_M_LIST_PER_PERSON).mean));
    sf_results_free(r);
    /* a population's listed must be true or false */
    sf_model *bad = NULL;
    sf_diag d = {0};
    snprintf(yaml, sizeof yaml, m, "maybe");
    assert_int_equal(sf_model_load_buffer("t.yaml", yaml, strlen(yaml), &bad, &d), SF_ERR_MODEL);
    char got[1200];
    sf_diag_format(&d, got, sizeof got);
    assert_string_equal(got, "t.yaml:6:35: population 'residents': 'listed' must be true or "
                             "false, found 'maybe'");
}

static void test_away_by_hand(void **state) {
    (void)state;
    /* Two doctors, one slot a day (08:00), from Monday 2027-01-04; one
     * doctor away in the period 01-04..01-17. Week 0: doctor 0 away
     * ((0 - 0) mod 2 < 1), week 1: doctor 1 away ((1 - 1) mod 2 < 1), from
     * week 2 both at work. */
    sf_model *m =
        sim_load("horizon: 30d\n"
                 "calendar: {start: 2027-01-04, periods: {hol: {from: 01-04, to: 01-17}}}\n"
                 "arrivals: {a: {rate: 1/d, to: gp}}\n"
                 "units:\n  gp: {kind: booked-clinic, doctors: 2, slot: 1h,\n"
                 "    hours: daily 08:00-09:00, away: {hol: 1}}\n");
    const sf_booked *def = clinic(m);
    assert_non_null(def->away);
    assert_int_equal(def->away[0], 0);
    assert_int_equal(def->away[1], 1);
    sf_book b;
    assert_int_equal(sf_book_init(&b, def), 0);
    sf_book_reset(&b, &m->calendar);
    sf_book_slot s;
    /* own doctor 0 at t = 0 (no tolerance): back on day 7 */
    assert_int_equal(sf_book_request(&b, 0, 0, 0, &s), 0);
    assert_true(s.doctor == 0 && fabs(s.t - (7 * 24 + 8)) < 1e-9);
    /* own doctor 1: at work on day 0 */
    assert_int_equal(sf_book_request(&b, 0, 1, 0, &s), 0);
    assert_true(s.doctor == 1 && fabs(s.t - 8) < 1e-9);
    /* unlisted: the earliest of anyone, doctor 1 on day 1 */
    assert_int_equal(sf_book_request(&b, 0, -1, 0, &s), 0);
    assert_true(s.doctor == 1 && fabs(s.t - 32) < 1e-9);
    /* TNAA at t = 0: doctor 0 is free from day 8 (day 7 taken): third free
     * slot day 10; doctor 1 is free on days 2..6, then away: day 4. */
    assert_true(fabs(sf_book_tnaa(&b, 0) - ((10 * 24 + 8) + (4 * 24 + 8)) / 2.0 / 24) < 1e-9);
    /* slots offered in [0, 21 d): 7 + 7 with one doctor, 7 x 2 after */
    assert_true(fabs(sf_book_offered(&b, 0, 21 * 24) - 28) < 1e-9);
    sf_book_free(&b);
    sf_model_free(m);
}

static void test_away_slot_queue(void **state) {
    (void)state;
    /* Two doctors, slots every hour round the clock, one of them away all
     * year (a period covering every day), a different one each week; the
     * requests belong to nobody and take the earliest slot of anyone. The
     * clinic then offers exactly one slot an hour and books them first
     * come, first served: the one-doctor slotted queue of
     * test_slot_queue_md1, mean s/2 + a s / (2 (1 - a)). */
    sf_results *r = sim_run("horizon: 2000d\nwarmup: 20d\nreplications: 20\nseed: 36\n"
                            "calendar: {periods: {year: {from: 01-01, to: 12-31}}}\n"
                            "arrivals: {r: {rate: 0.8/h, to: gp}}\n"
                            "units: {gp: {kind: booked-clinic, doctors: 2, slot: 1h, "
                            "hours: daily 00:00-24:00,\n  listed-share: 0, away: {year: 1}}}\n",
                            2);
    sim_expect(r, "gp", SF_M_APPT_DAYS_MEAN, (0.5 + 0.8 / (2 * 0.2)) / 24);
    sim_expect(r, "gp", SF_M_SLOT_UTIL, 0.8);
    sf_results_free(r);
}

/* Seconds since 1970 of "YYYY-MM-DDTHH:MM:SS" (days from civil by the
 * usual era formula), or -1. */
static long long csv_time(const char *s) {
    int y, mo, d, h, mi, se;
    if (sscanf(s, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &se) != 6)
        return -1;
    y -= mo <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
    long long doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return ((era * 146097 + doe - 719468) * 24 + h) * 3600 + mi * 60 + se;
}

static void test_overrun_waits_for_doctor(void **state) {
    (void)state;
    /* One doctor, hourly slots round the clock, consultations of 90
     * minutes: the doctor runs late whenever two booked slots follow each
     * other, and the next patient waits at the door. From the trace: a
     * doctor's consultations never overlap, and each begins at its slot (a
     * whole hour) or, when the previous one ran over, the moment it ended. */
    const char *yaml = "horizon: 60d\nwarmup: 2d\nreplications: 2\nseed: 37\n"
                       "arrivals: {r: {rate: 0.5/h, to: gp}}\n"
                       "units: {gp: {kind: booked-clinic, doctors: 1, slot: 1h, "
                       "hours: daily 00:00-24:00, service: fixed(90m)}}\n";
    sf_model *m = sim_load(yaml);
    FILE *f = tmpfile();
    assert_non_null(f);
    sf_run_opts o = {0};
    o.trace = f;
    o.trace_rep = 0;
    sf_results *r = NULL;
    sf_diag d = {0};
    assert_int_equal(sf_run(m, &o, &r, &d), SF_OK);
    rewind(f);
    char line[1024];
    assert_non_null(fgets(line, sizeof line, f)); /* header */
    assert_non_null(strstr(line, "arrive,start,end"));
    long long prev_end = -1;
    int rows = 0, late = 0;
    while (fgets(line, sizeof line, f)) {
        /* patient,unit,org,arrive,start,end,... */
        char *col[7] = {0};
        char *q = line;
        for (int k = 0; k < 7 && q; k++) {
            col[k] = q;
            q = strchr(q, ',');
            if (q)
                *q++ = '\0';
        }
        long long arrive = csv_time(col[3]), start = csv_time(col[4]), end = csv_time(col[5]);
        assert_true(arrive >= 0 && start >= arrive && end == start + 5400);
        /* rows come in order of end; one doctor: also in order of start */
        assert_true(start >= prev_end);
        if (start % 3600 != 0) {
            /* the first row's predecessor ended in the warm-up, untraced */
            if (rows > 0 && start != prev_end)
                fail_msg("row %d: start %lld, previous end %lld", rows, start, prev_end);
            late++;
        }
        prev_end = end;
        rows++;
    }
    printf("  %d consultations, %d began late because the one before ran over\n", rows, late);
    assert_true(rows > 500 && late > 50);
    fclose(f);
    /* Little's law at the clinic, replication by replication: booked
     * patients not yet seen count as in the unit */
    for (int i = 0; i < sf_results_replications(r); i++) {
        double L = sf_results_value(r, i, 0, SF_M_INUNIT_MEAN);
        double lw = sf_results_value(r, i, 0, SF_M_ADMITTED) / (60 * 24) *
                    sf_results_value(r, i, 0, SF_M_LOS_MEAN);
        printf("  L %.4f  lambda W %.4f\n", L, lw);
        assert_true(fabs(L - lw) < 0.03 * L);
    }
    sf_results_free(r);
    sf_model_free(m);
}

static void test_threads_identical(void **state) {
    (void)state;
    char yaml[1024];
    snprintf(yaml, sizeof yaml, cont_model, ", tolerance: 1d");
    sf_results *a = sim_run(yaml, 1), *b = sim_run(yaml, 2);
    for (int k = 0; k < sf_results_replications(a); k++)
        for (int m = 0; m < SF_M_COUNT; m++) {
            double x = sf_results_value(a, k, 0, m), y = sf_results_value(b, k, 0, m);
            assert_true((isnan(x) && isnan(y)) || x == y);
        }
    sf_results_free(a);
    sf_results_free(b);
}

/* ---- diagnostics ------------------------------------------------------- */

static const struct {
    const char *unit; /* the gp unit's mapping body, on line 4 */
    const char *msg;
} bad[] = {
    {"{kind: booked-clinic, slot: 20m, hours: weekdays}",
     "t.yaml:4:3: unit 'gp': missing 'doctors' (a booked-clinic unit needs doctors, slot and "
     "hours)"},
    {"{kind: booked-clinic, doctors: 0, slot: 20m, hours: weekdays}",
     "t.yaml:4:38: unit 'gp': 'doctors' must be a whole number from 1 to 1000, found '0'"},
    {"{kind: booked-clinic, doctors: 2.5, slot: 20m, hours: weekdays}",
     "t.yaml:4:38: unit 'gp': 'doctors' must be a whole number from 1 to 1000, found '2.5'"},
    {"{kind: booked-clinic, doctors: 2, hours: weekdays}",
     "t.yaml:4:3: unit 'gp': missing 'slot' (the length of an appointment slot, as in slot: 20m)"},
    {"{kind: booked-clinic, doctors: 2, slot: 20, hours: weekdays}",
     "t.yaml:4:47: unit 'gp': 'slot': expected a time unit after the number: s, m, h, d, w or y "
     "(as in 15m or 2d), found '20'"},
    {"{kind: booked-clinic, doctors: 2, slot: 0m, hours: weekdays}",
     "t.yaml:4:47: unit 'gp': 'slot' must be from 1m to 24h, found '0m'"},
    {"{kind: booked-clinic, doctors: 2, slot: 2d, hours: weekdays}",
     "t.yaml:4:47: unit 'gp': 'slot' must be from 1m to 24h, found '2d'"},
    {"{kind: booked-clinic, doctors: 2, slot: 20m}",
     "t.yaml:4:3: unit 'gp': missing 'hours' (the opening hours with slots, as in hours: weekdays "
     "08:00-15:30)"},
    {"{kind: booked-clinic, doctors: 2, slot: 20m, hours: workdays 08:00-15:30}",
     "t.yaml:4:59: unit 'gp': 'hours': expected days (weekdays, weekend, daily, mon..sun, a range "
     "such as mon-fri, or a list such as sat,sun) and/or a time range HH:MM-HH:MM, found "
     "'workdays 08:00-15:30'"},
    {"{kind: booked-clinic, doctors: 2, slot: 20m, hours: weekdays 08:00-25:00}",
     "t.yaml:4:74: unit 'gp': 'hours': expected an end time HH:MM up to 24:00, found 'weekdays "
     "08:00-25:00'"},
    {"{kind: booked-clinic, doctors: 2, slot: 20m, hours: weekdays 8-15}",
     "t.yaml:4:68: unit 'gp': 'hours': expected a time HH:MM from 00:00 to 24:00, found 'weekdays "
     "8-15'"},
    {"{kind: booked-clinic, doctors: 2, slot: 20m, hours: weekdays 16:00-08:00}",
     "t.yaml:4:68: unit 'gp': 'hours': the end of an opening time must be after its start on the "
     "same day (a clinic does not book slots past midnight), found 'weekdays 16:00-08:00'"},
    {"{kind: booked-clinic, doctors: 2, slot: 20m, hours: weekdays 08:00-15:30 x}",
     "t.yaml:4:80: unit 'gp': 'hours': expected opening hours such as 'weekdays 08:00-15:30' "
     "(days as in profiles, then a time range HH:MM-HH:MM that does not pass midnight), found "
     "'weekdays 08:00-15:30 x'"},
    {"{kind: booked-clinic, doctors: 2, slot: 20m, hours: []}",
     "t.yaml:4:59: unit 'gp': 'hours': expected opening hours such as 'weekdays 08:00-15:30', or "
     "a list of them, found an empty list"},
    {"{kind: booked-clinic, doctors: 2, slot: 20m, hours: {mon: 1}}",
     "t.yaml:4:59: unit 'gp': 'hours': expected opening hours such as 'weekdays 08:00-15:30' (days "
     "as in profiles, then a time range HH:MM-HH:MM that does not pass midnight), found a "
     "mapping"},
    {"{kind: booked-clinic, doctors: 2, slot: 2h, hours: mon 08:00-09:00}",
     "t.yaml:4:58: unit 'gp': no 120-minute slot fits in the opening hours; give longer hours or "
     "a shorter slot"},
    {"{kind: booked-clinic, doctors: 2, slot: 30m, hours: mon 08:00-09:00, urgent: {reserve: 2}}",
     "t.yaml:4:84: unit 'gp': 'reserve' takes every slot of the week, leaving none to book ahead; "
     "reserve fewer slots per day"},
    {"{kind: booked-clinic, doctors: 2, lists: [1000], slot: 20m, hours: weekdays}",
     "t.yaml:4:48: unit 'gp': 'lists': expected one list size per doctor (2), found 1; or write "
     "one number for every doctor"},
    {"{kind: booked-clinic, doctors: 2, lists: [1000, -5], slot: 20m, hours: weekdays}",
     "t.yaml:4:55: unit 'gp': 'lists' must be a whole number from 0 to 10000000, found '-5'"},
    {"{kind: booked-clinic, doctors: 2, lists: 0, slot: 20m, hours: weekdays}",
     "t.yaml:4:48: unit 'gp': every list is empty, so no request can belong to a doctor; give "
     "list sizes, or listed-share: 0"},
    {"{kind: booked-clinic, doctors: 2, listed-share: 1.5, slot: 20m, hours: weekdays}",
     "t.yaml:4:55: unit 'gp': 'listed-share' must be a number from 0 to 1, found '1.5'"},
    {"{kind: booked-clinic, doctors: 2, slot: 20m, hours: weekdays, tolerance: soon}",
     "t.yaml:4:80: unit 'gp': 'tolerance': expected a duration such as 15m, 8h, 2d or 1w (a "
     "non-negative number and a unit), found 'soon'"},
    {"{kind: booked-clinic, doctors: 2, slot: 20m, hours: weekdays, overflow-after: 14d}",
     "t.yaml:4:85: unit 'gp': 'overflow-after' needs 'overflow' (the unit requests go to when no "
     "slot is free within it, such as legevakt, or reject)"},
    {"{kind: booked-clinic, doctors: 2, slot: 20m, hours: weekdays, overflow-after: -1d, "
     "overflow: lv}",
     "t.yaml:4:85: unit 'gp': 'overflow-after': expected a duration such as 15m, 8h, 2d or 1w (a "
     "non-negative number and a unit), found '-1d'"},
    {"{kind: booked-clinic, doctors: 2, slot: 20m, hours: weekdays, overflow: nowhere}",
     "t.yaml:4:79: unit 'gp': 'overflow': unknown unit 'nowhere'; known units: gp, lv"},
    {"{kind: booked-clinic, doctors: 2, slot: 20m, hours: weekdays, urgent: .15}",
     "t.yaml:4:77: unit 'gp': 'urgent': expected a mapping such as {share: .15, reserve: 3}, "
     "found '.15'"},
    {"{kind: booked-clinic, doctors: 2, slot: 20m, hours: weekdays, urgent: {slots: 3}}",
     "t.yaml:4:78: unit 'gp': 'urgent': unknown key 'slots'; expected share, reserve or "
     "classes"},
    {"{kind: booked-clinic, doctors: 2, slot: 20m, hours: weekdays, urgent: {classes: [red]}}",
     "t.yaml:4:88: unit 'gp': 'urgent: classes' names 'red', which no arrival or demand uses; "
     "classes: default"},
    {"{kind: booked-clinic, doctors: 2, slot: 20m, hours: weekdays, urgent: {classes: red}}",
     "t.yaml:4:87: unit 'gp': 'urgent: classes' must be a list of patient classes such as "
     "[acute], found 'red'"},
    {"{kind: booked-clinic, doctors: 2, slot: 20m, hours: weekdays, urgent: {share: 2}}",
     "t.yaml:4:85: unit 'gp': 'urgent: share' must be a number from 0 to 1, found '2'"},
    {"{kind: booked-clinic, doctors: 2, slot: 20m, hours: weekdays, urgent: {reserve: x}}",
     "t.yaml:4:87: unit 'gp': 'urgent: reserve' must be a whole number from 0 to 1440, found "
     "'x'"},
    {"{kind: booked-clinic, doctors: 2, slot: 20m, hours: weekdays, away: {summer: 1}}",
     "t.yaml:4:76: unit 'gp': 'away': 'summer' is not a calendar period (the model has no "
     "calendar periods); doctors are away by period, and a post vacant all year is fewer "
     "'doctors'"},
    {"{kind: booked-clinic, doctors: 2, slot: 20m, hours: weekdays, away: 1}",
     "t.yaml:4:75: unit 'gp': 'away' must be a mapping from calendar periods to the number of "
     "doctors away, such as {summer: 2}, found '1'"},
    {"{kind: booked-clinic, doctors: 2, slot: 20m, hours: weekdays, servers: 2}",
     "t.yaml:4:69: unit 'gp': unknown key 'servers' for a booked-clinic unit; expected one of: "
     "kind, doctors, lists, slot, hours, tolerance, overflow-after, overflow, urgent, "
     "listed-share, service, next, away, org, care (a booked clinic's capacity is 'doctors' with "
     "their "
     "'slot's)"},
    {"{kind: booked-clinic, doctors: 2, slot: 20m, hours: weekdays, queue-limit: 2}",
     "t.yaml:4:69: unit 'gp': unknown key 'queue-limit' for a booked-clinic unit; expected one "
     "of: kind, doctors, lists, slot, hours, tolerance, overflow-after, overflow, urgent, "
     "listed-share, service, next, away, org, care (a booked clinic books every request; use "
     "'overflow-after' "
     "with 'overflow')"},
    {"{kind: booked-clinic, doctors: 2, slot: 20m, hours: weekdays, service: exp(0m)}",
     NULL}, /* the distribution's own message, checked by test_model */
    {"{kind: booked-clinic, doctors: 2, slot: 20m, hours: weekdays, next: {home: .5}}",
     "t.yaml:4:75: unit 'gp': 'next': probabilities must sum to 1, found a sum of 0.5"},
};

static void test_diagnostics(void **state) {
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char yaml[1024];
        snprintf(yaml, sizeof yaml,
                 "horizon: 10d\narrivals: {a: {rate: 1/d, to: gp}}\nunits:\n  gp: %s\n"
                 "  lv: {kind: walk-in, servers: 1, service: exp(20m)}\n",
                 bad[i].unit);
        sf_model *m = NULL;
        sf_diag d = {0};
        int rc = sf_model_load_buffer("t.yaml", yaml, strlen(yaml), &m, &d);
        char got[1200];
        sf_diag_format(&d, got, sizeof got);
        if (rc != SF_ERR_MODEL || (bad[i].msg && strcmp(got, bad[i].msg))) {
            printf("case %zu: %s\n  expected: %s\n  got:      %s (rc %d)\n", i, bad[i].unit,
                   bad[i].msg ? bad[i].msg : "(an error)", got, rc);
            failed++;
        }
        assert_null(m);
    }
    assert_int_equal(failed, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slot_pattern),
        cmocka_unit_test(test_book_by_hand),
        cmocka_unit_test(test_tolerance_and_overflow_by_hand),
        cmocka_unit_test(test_urgent_overflow_by_hand),
        cmocka_unit_test(test_slot_queue_md1),
        cmocka_unit_test(test_slot_queue_detects_error),
        cmocka_unit_test(test_overflow_under_overload),
        cmocka_unit_test(test_continuity),
        cmocka_unit_test(test_urgent_reserve),
        cmocka_unit_test(test_unlisted_population),
        cmocka_unit_test(test_away_by_hand),
        cmocka_unit_test(test_away_slot_queue),
        cmocka_unit_test(test_overrun_waits_for_doctor),
        cmocka_unit_test(test_threads_identical),
        cmocka_unit_test(test_diagnostics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
