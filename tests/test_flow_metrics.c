/* test_flow_metrics.c: every flow metric (src/flow/metrics.c, pathways.c,
 * continuity.c) on small stays tables whose right answers are worked out
 * by hand in the comments. Times are hours after Monday 2024-01-01 00:00
 * UTC (a Monday), so hour h of the fixture is hour of week h % 168 in UTC. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the headers above first */
#include <cmocka.h>

#include "flow/metrics.h"
#include "flow/stays.h"
#include "flow/tz.h"
#include "report/flow_out.h"
#include "samflyt/samflyt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BASE 1704067200LL /* 2024-01-01T00:00:00Z, a Monday */
#define H 3600.0
#define NOTIME -1e300

typedef struct fx {
    const char *p, *u, *org, *cls, *zone, *prov;
    double start, end;    /* hours after BASE */
    double arrive, ready; /* hours after BASE; NOTIME (or 0 = unset, see has_) */
    int has_arrive, has_ready;
} fx;

static sf_str S(const char *s) { return (sf_str){s, s ? strlen(s) : 0}; }
static int64_t T(double h) { return BASE + (int64_t)llround(h * H); }

static void add(sf_stays *t, fx f) {
    sf_stay_row r = {0};
    r.patient = S(f.p);
    r.unit = S(f.u);
    r.org = S(f.org);
    r.cls = S(f.cls);
    r.zone = S(f.zone);
    r.provider = S(f.prov);
    r.start = T(f.start);
    r.end = T(f.end);
    r.arrive = f.has_arrive ? T(f.arrive) : SF_T_NONE;
    r.ready = f.has_ready ? T(f.ready) : SF_T_NONE;
    assert_int_equal(sf_stays_append(t, &r), 0);
}

static uint32_t uid(const sf_stays *t, const char *name) {
    return sf_intern_find(&t->names[SF_F_UNIT], name, strlen(name));
}
static uint32_t oid(const sf_stays *t, const char *name) {
    return sf_intern_find(&t->names[SF_F_ORG], name, strlen(name));
}

#define NEAR(a, b) assert_true(fabs((double)(a) - (double)(b)) < 1e-9)

/* ---- census, peak, length of stay, waits ------------------------------- */

/* Unit A: s1 00:00-02:30, s2 01:00-01:30, s3 02:30-03:00 (starts when s1
 * ends), s4 01:15-01:15 (zero length: never present). Unit B: s5 00:30-
 * 01:00, arrived 00:00 (waited 0.5 h). Span 00:00-03:00: three hours.
 *   A: hour 0: s1 whole hour               -> mean 1.0, max 1
 *      hour 1: s1 1 h + s2 0.5 h            -> mean 1.5, max 2
 *      hour 2: s1 0.5 h + s3 0.5 h          -> mean 1.0, max 1 (s1 leaves
 *              at 02:30 as s3 comes: ends before starts)
 *      peak 2, first at 01:00
 *   B: hour 0 mean 0.5, max 1; hours 1, 2: 0. Peak 1 at 00:30.
 *   all: hour 0: 1.0 + 0.5 = 1.5, max 2 (00:30-01:00); hour 1: 1.5, max 2;
 *        hour 2: 1.0, max 1; peak 2, first at 00:30.
 * LOS of A in hours: {2.5, 0.5, 0.5, 0}, sorted 0, .5, .5, 2.5: mean 0.875;
 * type-7 percentiles at h = 3p: p10 (h .3) 0.15, p25 (h .75) 0.375, p50
 * (h 1.5) 0.5, p75 (h 2.25) 0.5 + .25 * 2 = 1.0, p90 (h 2.7) 1.9, p95
 * (h 2.85) 2.2; sd = sqrt((.875^2 + 2 * .375^2 + 1.625^2) / 3)
 * = sqrt(3.6875 / 3). Bed-days: A 3.5 h / 24, B 0.5 h / 24. */
static void fixture_census(sf_stays *t) {
    sf_stays_init(t);
    add(t, (fx){.p = "p1", .u = "A", .start = 0, .end = 2.5});
    add(t, (fx){.p = "p2", .u = "A", .start = 1, .end = 1.5});
    add(t, (fx){.p = "p3", .u = "A", .start = 2.5, .end = 3});
    add(t, (fx){.p = "p4", .u = "A", .start = 1.25, .end = 1.25});
    add(t, (fx){.p = "p5", .u = "B", .start = 0.5, .end = 1, .arrive = 0, .has_arrive = 1});
}

static void test_census_hourly_and_peak(void **state) {
    (void)state;
    sf_stays t;
    fixture_census(&t);
    sf_flow_opts o;
    sf_flow_opts_default(&o);
    sf_flow_metrics m;
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, NULL), 0);
    uint32_t A = uid(&t, "A"), B = uid(&t, "B"), all = m.nunits;
    assert_int_equal(m.nunits, 2);
    assert_int_equal(m.nhours, 3);
    assert_true(m.h0 == BASE);
    const double wantA[3] = {1.0, 1.5, 1.0}, wantB[3] = {0.5, 0, 0}, wantAll[3] = {1.5, 1.5, 1.0};
    const uint32_t maxA[3] = {1, 2, 1}, maxB[3] = {1, 0, 0}, maxAll[3] = {2, 2, 1};
    for (int h = 0; h < 3; h++) {
        NEAR(m.census[A * 3 + h], wantA[h]);
        NEAR(m.census[B * 3 + h], wantB[h]);
        NEAR(m.census[all * 3 + h], wantAll[h]);
        assert_int_equal(m.census_max[A * 3 + h], maxA[h]);
        assert_int_equal(m.census_max[B * 3 + h], maxB[h]);
        assert_int_equal(m.census_max[all * 3 + h], maxAll[h]);
    }
    assert_int_equal(m.peak[A], 2);
    assert_true(m.peak_at[A] == T(1));
    assert_int_equal(m.peak[B], 1);
    assert_true(m.peak_at[B] == T(0.5));
    assert_int_equal(m.peak[all], 2);
    assert_true(m.peak_at[all] == T(0.5));
    NEAR(m.bed_days[A], 3.5 / 24);
    NEAR(m.bed_days[B], 0.5 / 24);
    NEAR(m.bed_days[all], 4.0 / 24);

    const sf_flow_dist *d = &m.los[A];
    assert_int_equal(d->n, 4);
    NEAR(d->mean, 0.875);
    NEAR(d->sd, sqrt(3.6875 / 3));
    NEAR(d->min, 0);
    NEAR(d->p10, 0.15);
    NEAR(d->p25, 0.375);
    NEAR(d->p50, 0.5);
    NEAR(d->p75, 1.0);
    NEAR(d->p90, 1.9);
    NEAR(d->p95, 2.2);
    NEAR(d->max, 2.5);
    /* all units: {0, .5, .5, .5, 2.5}: mean 0.8, median 0.5 */
    assert_int_equal(m.los[all].n, 5);
    NEAR(m.los[all].mean, 0.8);
    NEAR(m.los[all].p50, 0.5);
    /* B's single stay: sd undefined */
    assert_int_equal(m.los[B].n, 1);
    assert_true(isnan(m.los[B].sd));
    /* waits: A's stays have no arrival time, so no waits (not waits of
     * 0); B waited half an hour */
    assert_int_equal(m.wait[A].n, 0);
    assert_true(isnan(m.wait[A].mean));
    assert_int_equal(m.wait[B].n, 1);
    NEAR(m.wait[B].mean, 0.5);
    /* profile: the three hours are Monday 00, 01, 02, one week each */
    assert_int_equal(m.prof_n[0], 1);
    assert_int_equal(m.prof_n[2], 1);
    assert_int_equal(m.prof_n[3], 0);
    NEAR(m.prof_mean[A * 168 + 1], 1.5);
    /* with 2 places at A: mean census (1 + 1.5 + 1) / 3 -> 58.33 %; full
     * (2 present) in hour 1 only: 1/3 of the hours. B without places. */
    double places[2] = {0};
    places[A] = 2;
    o.places = places;
    o.nplaces = 2;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(sf_flow_metrics_write_csv(&m, &t, &o, "units", f), 0);
    fclose(f);
    assert_non_null(strstr(buf, ",places,occupancy_pct,full_hours_share\n"));
    assert_non_null(strstr(buf, ",2,58.3333333333,0.333333333333\nB,"));
    assert_non_null(strstr(buf, "B,1,1,"));
    assert_non_null(strstr(buf, ",,,\n(all),")); /* B: no places, no figures */
    free(buf);
    NEAR(m.prof_p90[A * 168 + 1], 1.5);
    assert_true(isnan(m.prof_mean[A * 168 + 3]));
    sf_flow_metrics_free(&m);
    sf_stays_free(&t);
}

/* Two weeks: W holds one patient from Monday 00:00 of week 1 to Monday
 * 00:00 of week 3 (census 1 in all 336 hours), and a second patient on
 * Tuesday 10:00-11:00 of week 2. Hour of week 34 (Tuesday 10) has values
 * 1 (week 1) and 2 (week 2): mean 1.5, p10 1.1, p50 1.5, p90 1.9. Every
 * other hour of week has 1 and 1. */
static void test_census_hour_of_week_profile(void **state) {
    (void)state;
    sf_stays t;
    sf_stays_init(&t);
    add(&t, (fx){.p = "long", .u = "W", .start = 0, .end = 336});
    add(&t, (fx){.p = "short", .u = "W", .start = 168 + 34, .end = 168 + 35});
    sf_flow_opts o;
    sf_flow_opts_default(&o);
    sf_flow_metrics m;
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, NULL), 0);
    assert_int_equal(m.nhours, 336);
    for (int s = 0; s < 168; s++)
        assert_int_equal(m.prof_n[s], 2);
    NEAR(m.prof_mean[34], 1.5);
    NEAR(m.prof_p10[34], 1.1);
    NEAR(m.prof_p50[34], 1.5);
    NEAR(m.prof_p90[34], 1.9);
    NEAR(m.prof_mean[35], 1.0);
    NEAR(m.prof_p90[33], 1.0);
    assert_int_equal(m.peak[0], 2);
    assert_true(m.peak_at[0] == T(168 + 34));
    /* arrivals: Monday 00 (slot 0) and Tuesday 10 (slot 34); the arrival
     * span runs from hour 0 to hour 202, so slots 0..34 occur twice and
     * 35..167 once. Both in January 2024. */
    assert_int_equal(m.arr_how[0], 1);
    assert_int_equal(m.arr_how[34], 1);
    assert_int_equal(m.arr_how[1 * 168 + 34], 1); /* the "all" row */
    assert_int_equal(m.arr_how_n[0], 2);
    assert_int_equal(m.arr_how_n[34], 2);
    assert_int_equal(m.arr_how_n[35], 1);
    assert_int_equal(m.nmonths, 1);
    assert_true(m.month0 == 2024 * 12 + 0);
    assert_int_equal(m.arr_month[0], 2);
    sf_flow_metrics_free(&m);
    sf_stays_free(&t);
}

static int64_t local_oslo(const void *ctx, int64_t utc) { return sf_tz_local(ctx, utc); }

/* Local time: with a fixed +1 h, an arrival Sunday 2024-03-31 23:30 UTC is
 * Monday 00:30 local (slot 0) and in April; Wednesday 2024-01-31 23:30 UTC
 * is Thursday 00:30 (slot 72), February. With Europe/Oslo (summer time
 * from 2024-03-31 01:00 UTC), Monday 2024-07-01 00:30 UTC is 02:30 local,
 * slot 2, July. */
static void test_arrivals_local_time(void **state) {
    (void)state;
    sf_stays t;
    sf_stays_init(&t);
    /* 2024-03-31 is day 90 after 2024-01-01 (leap year); 2024-01-31 is day 30 */
    add(&t, (fx){.p = "a", .u = "L", .start = 91 * 24 - 0.5, .end = 91 * 24});
    add(&t, (fx){.p = "b", .u = "L", .start = 30 * 24 + 23.5, .end = 31 * 24});
    sf_flow_opts o;
    sf_flow_opts_default(&o);
    o.utc_offset = 3600;
    sf_flow_metrics m;
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, NULL), 0);
    assert_int_equal(m.arr_how[0], 1);
    assert_int_equal(m.arr_how[72], 1);
    assert_true(m.month0 == 2024 * 12 + 1); /* February */
    assert_int_equal(m.nmonths, 3);         /* Feb, Mar, Apr */
    assert_int_equal(m.arr_month[0], 1);
    assert_int_equal(m.arr_month[1], 0);
    assert_int_equal(m.arr_month[2], 1);
    sf_flow_metrics_free(&m);
    sf_stays_free(&t);

    sf_stays_init(&t);
    /* 2024-07-01 is day 182 */
    add(&t, (fx){.p = "c", .u = "L", .start = 182 * 24 + 0.5, .end = 182 * 24 + 1});
    sf_tz tz;
    assert_int_equal(sf_tz_parse("Europe/Oslo", &tz), 0);
    sf_flow_opts_default(&o);
    o.local = local_oslo;
    o.local_ctx = &tz;
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, NULL), 0);
    assert_int_equal(m.arr_how[2], 1);
    assert_true(m.month0 == 2024 * 12 + 6);
    /* the census hour 00:00-01:00 UTC is 02:00 local: slot 2 */
    assert_int_equal(m.prof_n[2], 1);
    NEAR(m.prof_mean[2], 0.5);
    sf_flow_metrics_free(&m);
    sf_stays_free(&t);
}

/* ---- episodes, transitions, readmissions, shared patients, variants ---- */

/* Days are 24 h; "d3 12" is 3 * 24 + 12 hours.
 * P1 (zone roros):
 *   ED   d0 10 - d0 14  hosp
 *   MED  d0 14 - d3 10  hosp  ready d2 10 (1 day ready)
 *   KAD  d3 12 - d5 12  muni  ready d3 00, before start: 2 days ready
 *   ED   d10 08 - d10 12 hosp class acute
 *   MED  d10 12 - d12 12 hosp
 * P2 (zone oslo):
 *   ED   d1 00 - d1 06  hosp
 *   ED   d1 10 - d1 12  hosp   (4 h later: same episode)
 *   ED   d40 00 - d40 02 hosp  (38.5 days later)
 * P3 (no zone):
 *   MED  d2 00 - d4 00  hosp  ready d3 12 (0.5 day)
 *   KAD  d4 00 - d6 00  muni
 *   MED  d6 04 - d7 04  hosp  class elective; ready d8 (after end: none)
 * The rows are added out of order: the computation sorts them. */
static void fixture_paths(sf_stays *t) {
    sf_stays_init(t);
    add(t, (fx){.p = "P3", .u = "KAD", .org = "muni", .start = 96, .end = 144});
    add(t, (fx){.p = "P1", .u = "ED", .org = "hosp", .zone = "roros", .start = 10, .end = 14});
    add(t, (fx){.p = "P1",
                .u = "MED",
                .org = "hosp",
                .zone = "roros",
                .start = 14,
                .end = 82,
                .ready = 58,
                .has_ready = 1});
    add(t, (fx){.p = "P2", .u = "ED", .org = "hosp", .zone = "oslo", .start = 24, .end = 30});
    add(t, (fx){.p = "P1",
                .u = "KAD",
                .org = "muni",
                .zone = "roros",
                .start = 84,
                .end = 132,
                .ready = 72,
                .has_ready = 1});
    add(t, (fx){.p = "P1",
                .u = "ED",
                .org = "hosp",
                .zone = "roros",
                .cls = "acute",
                .start = 248,
                .end = 252});
    add(t, (fx){.p = "P1", .u = "MED", .org = "hosp", .zone = "roros", .start = 252, .end = 300});
    add(t, (fx){.p = "P2", .u = "ED", .org = "hosp", .zone = "oslo", .start = 34, .end = 36});
    add(t, (fx){.p = "P2", .u = "ED", .org = "hosp", .zone = "oslo", .start = 960, .end = 962});
    add(t, (fx){.p = "P3",
                .u = "MED",
                .org = "hosp",
                .start = 48,
                .end = 96,
                .ready = 84,
                .has_ready = 1});
    add(t, (fx){.p = "P3",
                .u = "MED",
                .org = "hosp",
                .cls = "elective",
                .start = 148,
                .end = 172,
                .ready = 192,
                .has_ready = 1});
}

/* Episodes (gap < 8 h): P1 [ED MED KAD] d0 10 - d5 12 (122 h) and [ED MED]
 * d10 08 - d12 12 (52 h); P2 [ED ED] d1 00-12 (12 h) and [ED] (2 h); P3
 * [MED KAD MED] d2 00 - d7 04 (124 h). 5 episodes, 3 patients.
 * Transitions (w = 4, "outside" row 3, "home" column 3):
 *   outside->ED 4, outside->MED 1; ED->MED 2 (gaps 0, 0: median 0);
 *   MED->KAD 2 (gaps 2 h, 0: median 1 h); KAD->MED 1 (4 h); ED->ED 1 (4 h);
 *   KAD->home 1, MED->home 2, ED->home 2. */
static void test_transitions(void **state) {
    (void)state;
    sf_stays t;
    fixture_paths(&t);
    sf_flow_opts o;
    sf_flow_opts_default(&o);
    sf_flow_metrics m;
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, NULL), 0);
    uint32_t ED = uid(&t, "ED"), MED = uid(&t, "MED"), KAD = uid(&t, "KAD"), w = m.nunits + 1;
    uint32_t out = m.nunits, home = m.nunits;
    assert_int_equal(m.patients, 3);
    assert_int_equal(m.episodes, 5);
    assert_int_equal(m.trans[out * w + ED], 4);
    assert_int_equal(m.trans[out * w + MED], 1);
    assert_int_equal(m.trans[out * w + KAD], 0);
    assert_int_equal(m.trans[ED * w + MED], 2);
    NEAR(m.trans_gap_p50[ED * w + MED], 0);
    assert_int_equal(m.trans[MED * w + KAD], 2);
    NEAR(m.trans_gap_p50[MED * w + KAD], 1);
    assert_int_equal(m.trans[KAD * w + MED], 1);
    NEAR(m.trans_gap_p50[KAD * w + MED], 4);
    assert_int_equal(m.trans[ED * w + ED], 1);
    NEAR(m.trans_gap_p50[ED * w + ED], 4);
    assert_int_equal(m.trans[KAD * w + home], 1);
    assert_int_equal(m.trans[MED * w + home], 2);
    assert_int_equal(m.trans[ED * w + home], 2);
    assert_true(isnan(m.trans_gap_p50[MED * w + ED]));
    uint64_t total = 0;
    for (uint32_t k = 0; k < w * w; k++)
        total += m.trans[k];
    /* 11 stays: 11 arrivals (5 from outside + 6 between) ... and 5 to home */
    assert_int_equal(total, 11 + 5);
    sf_flow_metrics_free(&m);
    sf_stays_free(&t);
}

/* Episodes follow arrivals: Q leaves the hospital at 10:00 and asks for a
 * KAD bed at once (arrive 10:00) but gets it only at 22:00, 12 h later:
 * still one episode (arrival gap 0 < 8 h), transition gap 0, the wait of
 * 12 h is in the KAD waits, and the episode lasts from the hospital
 * arrival (00:00) to the KAD end (d2 00:00): 48 h. The DFG time at the
 * hospital is from its arrival to the KAD arrival: 10 h. R comes back to
 * the hospital: its second stay starts 9 h after the first ended, but it
 * arrived 7 h after (and waited 2 h): one episode, no readmission. */
static void test_episode_by_arrival(void **state) {
    (void)state;
    sf_stays t;
    sf_stays_init(&t);
    add(&t, (fx){.p = "Q", .u = "H", .start = 0, .end = 10});
    add(&t, (fx){.p = "Q", .u = "K", .start = 22, .end = 48, .arrive = 10, .has_arrive = 1});
    add(&t, (fx){.p = "R", .u = "H", .start = 0, .end = 1});
    add(&t, (fx){.p = "R", .u = "H", .start = 10, .end = 11, .arrive = 8, .has_arrive = 1});
    sf_flow_opts o;
    sf_flow_opts_default(&o);
    sf_flow_metrics m;
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, NULL), 0);
    uint32_t HO = uid(&t, "H"), KA = uid(&t, "K"), w = m.nunits + 1;
    assert_int_equal(m.episodes, 2);
    assert_int_equal(m.trans[HO * w + KA], 1);
    NEAR(m.trans_gap_p50[HO * w + KA], 0);
    NEAR(m.wait[KA].mean, 12);
    assert_int_equal(m.readmit_n[m.nunits], 0);
    assert_int_equal(m.readmit_disch[m.nunits], 2);
    /* variants: [H K] (48 h) and [H] (R: 0 to 11 h) */
    assert_int_equal(m.nvariants, 2);
    NEAR(m.dfg_p50[HO * w + KA], 10);
    for (size_t k = 0; k < m.ntop; k++)
        NEAR(m.top[k].dur_p50, m.top[k].len == 2 ? 48 : 11);
    sf_flow_metrics_free(&m);
    sf_stays_free(&t);
}

/* Readmissions, 8 h .. 30 d after the end of the previous episode:
 * - any organisation: P1's second episode starts d10 08, 116 h after d5 12
 *   (discharged from KAD): a readmission. P2's second comes 38.5 d later:
 *   not. P3 has one episode. Discharges: KAD 1, MED 2, ED 2 = 5; readmitted
 *   1 (KAD); median gap 116 h = 4.8333 d.
 * - hospital stays only: P1's episodes [ED MED] end d3 10 (MED), next d10
 *   08: 166 h, readmission. P3's [MED] ends d4 00, next MED d6 04: 52 h,
 *   readmission. Discharges MED 4, ED 2 = 6; readmitted 2 (MED); median
 *   gap (166 + 52) / 2 = 109 h.
 * - hospital, class acute: only P1's (its ED stay is acute; P3's elective).
 * - window 8 h .. 2 d, hospital: only P3's 52 h? No: 52 h > 48 h: none. */
static void test_readmissions(void **state) {
    (void)state;
    sf_stays t;
    fixture_paths(&t);
    sf_flow_opts o;
    sf_flow_opts_default(&o);
    sf_flow_metrics m;
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, NULL), 0);
    uint32_t ED = uid(&t, "ED"), MED = uid(&t, "MED"), KAD = uid(&t, "KAD"), all = m.nunits;
    assert_int_equal(m.readmit_disch[KAD], 1);
    assert_int_equal(m.readmit_disch[MED], 2);
    assert_int_equal(m.readmit_disch[ED], 2);
    assert_int_equal(m.readmit_disch[all], 5);
    assert_int_equal(m.readmit_n[KAD], 1);
    assert_int_equal(m.readmit_n[all], 1);
    NEAR(m.readmit_gap_p50, 116.0 / 24);
    sf_flow_metrics_free(&m);

    o.readmit_org = oid(&t, "hosp");
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, NULL), 0);
    assert_int_equal(m.readmit_disch[MED], 4);
    assert_int_equal(m.readmit_disch[ED], 2);
    assert_int_equal(m.readmit_disch[KAD], 0);
    assert_int_equal(m.readmit_disch[all], 6);
    assert_int_equal(m.readmit_n[MED], 2);
    assert_int_equal(m.readmit_n[all], 2);
    NEAR(m.readmit_gap_p50, 109.0 / 24);
    sf_flow_metrics_free(&m);

    o.readmit_class = sf_intern_find(&t.names[SF_F_CLASS], "acute", 5);
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, NULL), 0);
    assert_int_equal(m.readmit_n[all], 1);
    NEAR(m.readmit_gap_p50, 166.0 / 24);
    sf_flow_metrics_free(&m);

    o.readmit_class = SF_ID_NONE;
    o.readmit_max = 48 * 3600;
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, NULL), 0);
    assert_int_equal(m.readmit_n[all], 0);
    assert_true(isnan(m.readmit_gap_p50));
    sf_flow_metrics_free(&m);
    sf_stays_free(&t);
}

/* Variants (repeats merged): [ED] x2 (P2: 12 h, 2 h: median 7 h), and once
 * each [ED MED] (52 h), [ED MED KAD] (122 h), [MED KAD MED] (124 h). Ties
 * are ordered by unit names: "ED MED" < "ED MED KAD" < "MED KAD MED".
 * Directly-follows (time from entering a to entering b, or to the end):
 *   outside->ED 4, outside->MED 1; ED->MED 2 (4 h, 4 h); MED->KAD 2 (70 h,
 *   48 h: median 59); KAD->home 1 (48 h); MED->home 2 (48 h, 24 h: 36);
 *   ED->home 2 (12 h, 2 h: 7); KAD->MED 1 (52 h).
 * With at least two organisations: [ED MED KAD] and [MED KAD MED], 1 each. */
static void test_variants_and_dfg(void **state) {
    (void)state;
    sf_stays t;
    fixture_paths(&t);
    sf_flow_opts o;
    sf_flow_opts_default(&o);
    sf_flow_metrics m;
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, NULL), 0);
    uint32_t ED = uid(&t, "ED"), MED = uid(&t, "MED"), KAD = uid(&t, "KAD"), w = m.nunits + 1;
    uint32_t out = m.nunits, home = m.nunits;
    assert_int_equal(m.nvariants, 4);
    assert_int_equal(m.var_episodes, 5);
    assert_int_equal(m.ntop, 4);
    assert_int_equal(m.top[0].len, 1);
    assert_int_equal(m.top[0].units[0], ED);
    assert_int_equal(m.top[0].count, 2);
    NEAR(m.top[0].share, 0.4);
    NEAR(m.top[0].dur_p50, 7);
    assert_int_equal(m.top[0].norgs, 1);
    assert_int_equal(m.top[1].len, 2);
    NEAR(m.top[1].dur_p50, 52);
    assert_int_equal(m.top[2].len, 3);
    assert_int_equal(m.top[2].units[2], KAD);
    NEAR(m.top[2].dur_p50, 122);
    assert_int_equal(m.top[2].norgs, 2);
    assert_int_equal(m.top[3].units[0], MED);
    NEAR(m.top[3].dur_p50, 124);

    assert_int_equal(m.dfg[out * w + ED], 4);
    assert_int_equal(m.dfg[out * w + MED], 1);
    assert_int_equal(m.dfg[ED * w + MED], 2);
    NEAR(m.dfg_p50[ED * w + MED], 4);
    assert_int_equal(m.dfg[MED * w + KAD], 2);
    NEAR(m.dfg_p50[MED * w + KAD], 59);
    assert_int_equal(m.dfg[KAD * w + home], 1);
    NEAR(m.dfg_p50[KAD * w + home], 48);
    assert_int_equal(m.dfg[MED * w + home], 2);
    NEAR(m.dfg_p50[MED * w + home], 36);
    assert_int_equal(m.dfg[ED * w + home], 2);
    NEAR(m.dfg_p50[ED * w + home], 7);
    assert_int_equal(m.dfg[KAD * w + MED], 1);
    NEAR(m.dfg_p50[KAD * w + MED], 52);
    assert_int_equal(m.dfg[ED * w + ED], 0); /* repeats are merged */
    sf_flow_metrics_free(&m);

    o.pathway_min_orgs = 2;
    o.top = 1;
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, NULL), 0);
    assert_int_equal(m.var_episodes, 2);
    assert_int_equal(m.nvariants, 2);
    assert_int_equal(m.ntop, 1);
    assert_int_equal(m.top[0].len, 3);
    assert_int_equal(m.top[0].units[0], ED);
    NEAR(m.top[0].share, 0.5);
    assert_int_equal(m.dfg[out * w + ED], 1);
    assert_int_equal(m.dfg[out * w + MED], 1);
    sf_flow_metrics_free(&m);
    sf_stays_free(&t);
}

/* Shared: P1 and P3 have hospital and municipal stays that touch; P2 only
 * hospital stays. 3 patients with an organisation, 2 shared, pair
 * (hosp, muni) 2. Ready: MED P1 1 day + P3 0.5 day (P3's second notice is
 * after the end: none); KAD P1 2 days (notice before the start counts from
 * the start). Zones: residents {roros}: ED stays with a zone 5 (P1 2, P2
 * 3), non-resident 3; MED 2 known, 0; KAD 1, 0; all 8 known, 3 outside.
 * Zone ready days: roros 3, oslo 0. With a population of 2,000: ready days
 * per 1,000 = 3.5 / 2 (written by the output, checked in the CLI test). */
static void test_shared_ready_zones(void **state) {
    (void)state;
    sf_stays t;
    fixture_paths(&t);
    sf_flow_opts o;
    sf_flow_opts_default(&o);
    uint8_t res[8] = {0};
    uint32_t roros = sf_intern_find(&t.names[SF_F_ZONE], "roros", 5);
    uint32_t oslo = sf_intern_find(&t.names[SF_F_ZONE], "oslo", 4);
    res[roros] = 1;
    o.resident = res;
    o.nresident = t.names[SF_F_ZONE].count;
    sf_flow_metrics m;
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, NULL), 0);
    uint32_t ED = uid(&t, "ED"), MED = uid(&t, "MED"), KAD = uid(&t, "KAD"), all = m.nunits;
    uint32_t hosp = oid(&t, "hosp"), muni = oid(&t, "muni");
    assert_int_equal(m.patients_org, 3);
    assert_int_equal(m.patients_shared, 2);
    uint32_t a = hosp < muni ? hosp : muni, b = hosp < muni ? muni : hosp;
    assert_int_equal(m.shared_pairs[a * m.norgs + b], 2);

    assert_int_equal(m.ready_stays[MED], 2);
    assert_int_equal(m.ready_patients[MED], 2);
    NEAR(m.ready_days[MED], 1.5);
    assert_int_equal(m.ready_stays[KAD], 1);
    NEAR(m.ready_days[KAD], 2);
    assert_int_equal(m.ready_stays[ED], 0);
    assert_int_equal(m.ready_stays[all], 3);
    assert_int_equal(m.ready_patients[all], 2);
    NEAR(m.ready_days[all], 3.5);

    assert_int_equal(m.zone_known[ED], 5);
    assert_int_equal(m.nonres[ED], 3);
    assert_int_equal(m.zone_known[MED], 2);
    assert_int_equal(m.nonres[MED], 0);
    assert_int_equal(m.zone_known[KAD], 1);
    assert_int_equal(m.zone_known[all], 8);
    assert_int_equal(m.nonres[all], 3);
    NEAR(m.zone_ready_days[roros], 3);
    NEAR(m.zone_ready_days[oslo], 0);
    assert_int_equal(m.zone_stays[roros], 5);
    assert_int_equal(m.zone_stays[oslo], 3);
    /* P2's bed-days: 6 + 2 + 2 h */
    NEAR(m.zone_bed_days[oslo], 10.0 / 24);
    sf_flow_metrics_free(&m);
    sf_stays_free(&t);
}

/* The shared window: X has a hospital stay d0-d1 and a municipal stay
 * d40-d41, 39 days apart: shared within 40 d, not within 30 d. Y's
 * municipal stay (d0-d20) overlaps its hospital stay (d5-d6): shared at
 * any window, even 0. */
static void test_shared_window(void **state) {
    (void)state;
    sf_stays t;
    sf_stays_init(&t);
    add(&t, (fx){.p = "X", .u = "H", .org = "hosp", .start = 0, .end = 24});
    add(&t, (fx){.p = "X", .u = "K", .org = "muni", .start = 960, .end = 984});
    add(&t, (fx){.p = "Y", .u = "K", .org = "muni", .start = 0, .end = 480});
    add(&t, (fx){.p = "Y", .u = "H", .org = "hosp", .start = 120, .end = 144});
    add(&t, (fx){.p = "Z", .u = "H", .start = 0, .end = 1}); /* no organisation */
    sf_flow_opts o;
    sf_flow_opts_default(&o);
    sf_flow_metrics m;
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, NULL), 0);
    assert_int_equal(m.patients, 3);
    assert_int_equal(m.patients_org, 2);
    assert_int_equal(m.patients_shared, 1);
    /* episodes: X two (39 days apart), Y one (overlapping), Z one; every
     * episode is a variant by default, even Z's without an organisation */
    assert_int_equal(m.episodes, 4);
    assert_int_equal(m.var_episodes, 4);
    sf_flow_metrics_free(&m);
    o.shared_window = 40 * 86400;
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, NULL), 0);
    assert_int_equal(m.patients_shared, 2);
    sf_flow_metrics_free(&m);
    o.shared_window = 0;
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, NULL), 0);
    assert_int_equal(m.patients_shared, 1);
    sf_flow_metrics_free(&m);
    sf_stays_free(&t);
}

/* Continuity (visits in time order):
 *   A at GP: X X Y X Z. N 5, n = 3, 1, 1: UPC 3/5; COC (9 + 1 + 1 - 5) /
 *     (5 * 4) = 0.3; SECON: pairs XX XY YX XZ, 1 same of 4 = 0.25.
 *   B at GP: X X: UPC 1, COC (4 - 2) / 2 = 1, SECON 1.
 *   C at GP: one visit: left out. E: no provider: left out.
 *   D: GP X (d1), ED X (d2), GP Y (d3). All units: N 3, n = 2, 1: UPC 2/3,
 *     COC (4 + 1 - 3) / 6 = 1/3, SECON 1/2. GP only: X Y: UPC 1/2, COC 0,
 *     SECON 0.
 * Means over A, B, D: UPC (0.6 + 1 + 2/3) / 3, COC (0.3 + 1 + 1/3) / 3,
 * SECON (0.25 + 1 + 0.5) / 3. */
static void test_continuity(void **state) {
    (void)state;
    sf_stays t;
    sf_stays_init(&t);
    const char *pa[5] = {"X", "X", "Y", "X", "Z"};
    for (int k = 4; k >= 0; k--) /* out of order on purpose */
        add(&t, (fx){.p = "A", .u = "GP", .prov = pa[k], .start = 24.0 * k, .end = 24.0 * k + 1});
    add(&t, (fx){.p = "B", .u = "GP", .prov = "X", .start = 0, .end = 1});
    add(&t, (fx){.p = "B", .u = "GP", .prov = "X", .start = 48, .end = 49});
    add(&t, (fx){.p = "C", .u = "GP", .prov = "X", .start = 0, .end = 1});
    add(&t, (fx){.p = "E", .u = "GP", .start = 0, .end = 1});
    add(&t, (fx){.p = "E", .u = "GP", .start = 24, .end = 25});
    add(&t, (fx){.p = "D", .u = "GP", .prov = "X", .start = 24, .end = 25});
    add(&t, (fx){.p = "D", .u = "ED", .prov = "X", .start = 48, .end = 49});
    add(&t, (fx){.p = "D", .u = "GP", .prov = "Y", .start = 72, .end = 73});
    sf_flow_opts o;
    sf_flow_opts_default(&o);
    sf_flow_metrics m;
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, NULL), 0);
    assert_int_equal(m.ncont, 3);
    const sf_intern *pn = &t.names[SF_F_PATIENT];
    int seen = 0;
    for (size_t k = 0; k < m.ncont; k++) {
        const char *p = sf_intern_str(pn, m.cont_patient[k]);
        if (!strcmp(p, "A")) {
            assert_int_equal(m.cont_visits[k], 5);
            NEAR(m.cont_upc[k], 0.6);
            NEAR(m.cont_coc[k], 0.3);
            NEAR(m.cont_secon[k], 0.25);
            seen |= 1;
        } else if (!strcmp(p, "B")) {
            NEAR(m.cont_upc[k], 1);
            NEAR(m.cont_coc[k], 1);
            NEAR(m.cont_secon[k], 1);
            seen |= 2;
        } else if (!strcmp(p, "D")) {
            NEAR(m.cont_upc[k], 2.0 / 3);
            NEAR(m.cont_coc[k], 1.0 / 3);
            NEAR(m.cont_secon[k], 0.5);
            seen |= 4;
        }
    }
    assert_int_equal(seen, 7);
    NEAR(m.upc_mean, (0.6 + 1 + 2.0 / 3) / 3);
    NEAR(m.coc_mean, (0.3 + 1 + 1.0 / 3) / 3);
    NEAR(m.secon_mean, (0.25 + 1 + 0.5) / 3);
    sf_flow_metrics_free(&m);

    o.continuity_unit = uid(&t, "GP");
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, NULL), 0);
    assert_int_equal(m.ncont, 3);
    for (size_t k = 0; k < m.ncont; k++)
        if (!strcmp(sf_intern_str(pn, m.cont_patient[k]), "D")) {
            NEAR(m.cont_upc[k], 0.5);
            NEAR(m.cont_coc[k], 0);
            NEAR(m.cont_secon[k], 0);
        }
    sf_flow_metrics_free(&m);
    sf_stays_free(&t);
}

/* The writers: the transition table of the paths fixture as CSV (rows in
 * matrix order, share = count / row total: ED's row has ED->ED 1, ED->MED
 * 2, ED->home 2 of 5), the variant list, an unknown table refused, and
 * the units table with a population of 2,000 (ready days 3.5 -> 1.75 per
 * 1,000). */
static char *csv_of(const sf_flow_metrics *m, const sf_stays *t, const sf_flow_opts *o,
                    const char *table) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(sf_flow_metrics_write_csv(m, t, o, table, f), 0);
    fclose(f);
    return buf;
}

static void test_writers(void **state) {
    (void)state;
    sf_stays t;
    fixture_paths(&t);
    sf_flow_opts o;
    sf_flow_opts_default(&o);
    o.population = 2000;
    sf_flow_metrics m;
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, NULL), 0);
    char *s = csv_of(&m, &t, &o, "transitions");
    assert_non_null(strstr(s, "from,to,count,share,gap_p50_h\n"));
    assert_non_null(strstr(s, "\nED,ED,1,0.2,4\n"));
    assert_non_null(strstr(s, "\nED,MED,2,0.4,0\n"));
    assert_non_null(strstr(s, "\nED,(home),2,0.4,\n")); /* no gap to home */
    assert_non_null(strstr(s, "\n(outside),ED,4,0.8,\n"));
    free(s);
    s = csv_of(&m, &t, &o, "variants");
    assert_non_null(strstr(s, "\n1,ED,1,1,2,0.4,7\n"));
    assert_non_null(strstr(s, "\n3,ED > MED > KAD,3,2,1,0.2,122\n"));
    free(s);
    s = csv_of(&m, &t, &o, "units");
    /* (all): 11 stays, 5 admissions, ..., ready 3 stays 2 patients 3.5 days */
    assert_non_null(strstr(s, "\n(all),11,5,"));
    assert_non_null(strstr(s, ",3,2,3.5,1.16666666667,0,0,,5.5,"));
    assert_non_null(strstr(s, ",1.75,"));
    free(s);
    FILE *f = fopen("/dev/null", "w");
    assert_int_equal(sf_flow_metrics_write_csv(&m, &t, &o, "nonesuch", f), SF_ERR_ARG);
    assert_int_equal(sf_flow_metrics_write_json(&m, &t, &o, f), 0);
    assert_int_equal(sf_flow_metrics_write_summary(&m, &t, &o, f), 0);
    fclose(f);
    sf_flow_metrics_free(&m);
    sf_stays_free(&t);
}

/* The same table with 32-bit times and widened to 64-bit ones (as a
 * 1900-01-01 sentinel in the data would widen it, stays.h) gives the same
 * bytes in every table, the JSON and the summary. */
static char *all_out(sf_stays *t) {
    sf_flow_opts o;
    sf_flow_opts_default(&o);
    sf_flow_metrics m;
    assert_int_equal(sf_flow_metrics_compute(t, &o, &m, NULL), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    for (size_t k = 0; k < sf_flow_ntables; k++)
        assert_int_equal(sf_flow_metrics_write_csv(&m, t, &o, sf_flow_tables[k], f), 0);
    assert_int_equal(sf_flow_metrics_write_json(&m, t, &o, f), 0);
    assert_int_equal(sf_flow_metrics_write_summary(&m, t, &o, f), 0);
    fclose(f);
    sf_flow_metrics_free(&m);
    return buf;
}

/* A 16-bit id column as 32-bit ids, as its field's 65,535th name would
 * widen it (stays.c). */
static void widen_ids(uint16_t **c16, uint32_t **c32, size_t n) {
    *c32 = malloc((n ? n : 1) * sizeof **c32);
    assert_non_null(*c32);
    for (size_t i = 0; i < n; i++)
        (*c32)[i] = (*c16)[i] == SF_ID16_NONE ? SF_ID_NONE : (*c16)[i];
    free(*c16);
    *c16 = NULL;
}

/* The metrics read a narrow table (32-bit times, 16-bit unit and
 * organisation ids) through their fast copies (metrics_walk.h) and any
 * other through the accessors: widened times (b) or widened ids (c) give
 * the same bytes. */
static void test_wide_times_same_output(void **state) {
    (void)state;
    sf_stays a, b, c;
    fixture_paths(&a);
    fixture_paths(&b);
    fixture_paths(&c);
    assert_non_null(a.start32);
    assert_int_equal(sf_stays_time_room(&b, -2208988800LL), 0); /* 1900-01-01 */
    assert_true(b.start64 && !b.start32);
    widen_ids(&c.unit16, &c.unit32, c.n);
    widen_ids(&c.from16, &c.from32, c.n);
    widen_ids(&c.to16, &c.to32, c.n);
    widen_ids(&c.org16, &c.org32, c.n);
    assert_true(c.start32 && c.unit32 && c.org32);
    char *x = all_out(&a), *y = all_out(&b), *z = all_out(&c);
    assert_true(strlen(x) > 1000);
    assert_string_equal(x, y);
    assert_string_equal(x, z);
    free(x);
    free(y);
    free(z);
    sf_stays_free(&a);
    sf_stays_free(&b);
    sf_stays_free(&c);
}

/* Local times in the tables, Europe/Oslo: a stay 2024-03-31 00:00-03:00
 * UTC covers the spring change (01:00 UTC: 02:00 CET becomes 03:00 CEST).
 * The census hours are labelled 01:00+01:00, 03:00+02:00, 04:00+02:00
 * (02:00 local does not exist), each with census 1; the arrival is Sunday
 * 01:00 local (hour of week 145) in 2024-03; the peak is at 01:00+01:00. */
static void test_local_labels(void **state) {
    (void)state;
    sf_stays t;
    sf_stays_init(&t);
    add(&t, (fx){.p = "a", .u = "U", .start = 90 * 24, .end = 90 * 24 + 3});
    sf_tz tz;
    assert_int_equal(sf_tz_parse("Europe/Oslo", &tz), 0);
    sf_flow_opts o;
    sf_flow_opts_default(&o);
    o.local = local_oslo;
    o.local_ctx = &tz;
    sf_flow_metrics m;
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, NULL), 0);
    char *c = csv_of(&m, &t, &o, "census");
    assert_non_null(strstr(c, "\nU,2024-03-31T01:00:00+01:00,1,1\n"));
    assert_non_null(strstr(c, "\nU,2024-03-31T03:00:00+02:00,1,1\n"));
    assert_non_null(strstr(c, "\nU,2024-03-31T04:00:00+02:00,1,1\n"));
    free(c);
    c = csv_of(&m, &t, &o, "arrivals_hour_of_week");
    assert_non_null(strstr(c, "\nU,145,Sun,1,1,1,1\n"));
    assert_non_null(strstr(c, "\nU,144,Sun,0,0,0,\n")); /* never seen: no rate */
    free(c);
    c = csv_of(&m, &t, &o, "arrivals_month");
    assert_non_null(strstr(c, "\nU,2024-03,1\n"));
    free(c);
    c = csv_of(&m, &t, &o, "units");
    assert_non_null(strstr(c, ",1,2024-03-31T01:00:00+01:00,"));
    free(c);
    /* the profile: Sunday 01, 03 and 04 local have one hour each, 02 none */
    c = csv_of(&m, &t, &o, "census_profile");
    assert_non_null(strstr(c, "\nU,145,Sun,1,1,1,1,1,1\n"));
    assert_non_null(strstr(c, "\nU,146,Sun,2,0,,,,\n"));
    free(c);
    sf_flow_metrics_free(&m);
    sf_stays_free(&t);
}

/* ---- the order statistics behind the medians and percentiles ----------- */

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* sf_flow_group_median against qsort on each group (an independent
 * computation), for random values with many ties, sorted and reversed
 * runs (the orders that defeat a naive quickselect), negative values and
 * an empty group; and sf_flow_sort_u64 against qsort. */
static void test_group_median_and_sort(void **state) {
    (void)state;
    enum { N = 60000, G = 6 };
    uint32_t *grp = malloc(N * sizeof *grp);
    int64_t *v = malloc(N * sizeof *v), *w = malloc(N * sizeof *w);
    assert_non_null(grp);
    assert_non_null(v);
    assert_non_null(w);
    uint64_t x = 12345;
    for (int i = 0; i < N; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        int g = (int)((x >> 33) % 5); /* group 5 stays empty */
        grp[i] = (uint32_t)g;
        switch (g) {
        case 0: v[i] = (int64_t)((x >> 40) % 7) - 3; break;     /* ties, negatives */
        case 1: v[i] = i; break;                                /* sorted */
        case 2: v[i] = N - i; break;                            /* reversed */
        case 3: v[i] = (int64_t)(x >> 20) - (1LL << 43); break; /* wide */
        default: v[i] = 42; break;                              /* all equal */
        }
    }
    double got[G];
    assert_int_equal(sf_flow_group_median(grp, v, N, G, got), 0);
    for (int g = 0; g < G; g++) {
        size_t k = 0;
        for (int i = 0; i < N; i++)
            if (grp[i] == (uint32_t)g)
                w[k++] = v[i];
        if (!k) {
            assert_true(isnan(got[g]));
            continue;
        }
        qsort(w, k, sizeof *w, cmp_i64);
        double want = ((double)w[(k - 1) / 2] + (double)w[k / 2]) / 2;
        assert_true(got[g] == want);
    }
    /* the radix sort, keys across all 64 bits */
    uint64_t *a = malloc(N * sizeof *a), *b = malloc(N * sizeof *b), *tmp = malloc(N * sizeof *tmp);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(tmp);
    for (int i = 0; i < N; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        a[i] = b[i] = i % 3 ? x : x >> 37;
    }
    sf_flow_sort_u64(a, tmp, N);
    qsort(b, N, sizeof *b, cmp_u64);
    assert_memory_equal(a, b, N * sizeof *a);
    free(a);
    free(b);
    free(tmp);
    free(grp);
    free(v);
    free(w);
}

/* Dates without times put many events on one instant: the census sorts
 * each short stretch of time on its own, and one that holds hundreds of
 * events takes the radix path (metrics.c). 300 stays at A and 100 at B
 * from 00:00 to 24:00 (50 of B's patients leave at 12:00 and come back
 * at once), and 200 at A from 12:00 to 24:00, whose starts share that
 * instant with B's 50 ends and 50 starts:
 *   A: hours 0-11 mean 300, hours 12-23 500; peak 500 at 12:00;
 *   B: 100 all day (50 leave at 12:00 as 50 come: ends before starts, so
 *      never 150); all: 400 then 600, peak 600 at 12:00. */
static void test_census_crowded_instant(void **state) {
    (void)state;
    sf_stays t;
    sf_stays_init(&t);
    char p[16];
    int k = 0;
    for (int i = 0; i < 300; i++, k++) {
        snprintf(p, sizeof p, "p%d", k);
        add(&t, (fx){.p = p, .u = "A", .start = 0, .end = 24});
    }
    for (int i = 0; i < 200; i++, k++) {
        snprintf(p, sizeof p, "p%d", k);
        add(&t, (fx){.p = p, .u = "A", .start = 12, .end = 24});
    }
    for (int i = 0; i < 100; i++, k++) {
        snprintf(p, sizeof p, "p%d", k);
        add(&t, (fx){.p = p, .u = "B", .start = 0, .end = i < 50 ? 24 : 12});
        if (i >= 50) /* leaves at 12:00 and comes back at once */
            add(&t, (fx){.p = p, .u = "B", .start = 12, .end = 24});
    }
    sf_flow_opts o;
    sf_flow_opts_default(&o);
    sf_flow_metrics m;
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, NULL), 0);
    uint32_t A = uid(&t, "A"), B = uid(&t, "B"), all = m.nunits;
    assert_int_equal(m.nhours, 24);
    for (int h = 0; h < 24; h++) {
        NEAR(m.census[A * 24 + h], h < 12 ? 300 : 500);
        NEAR(m.census[B * 24 + h], 100);
        NEAR(m.census[all * 24 + h], h < 12 ? 400 : 600);
        assert_int_equal(m.census_max[B * 24 + h], 100);
    }
    assert_int_equal(m.peak[A], 500);
    assert_true(m.peak_at[A] == T(12));
    assert_int_equal(m.peak[B], 100);
    assert_true(m.peak_at[B] == T(0));
    assert_int_equal(m.peak[all], 600);
    assert_true(m.peak_at[all] == T(12));
    sf_flow_metrics_free(&m);
    sf_stays_free(&t);
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* sf_flow_gvals: medians by group from 32-bit values, then, after one
 * value beyond 32 bits, from 64-bit ones, against qsort on each group;
 * and sf_flow_sort_u32 (insertion and radix sizes) against qsort. */
static void test_gvals_median_and_sort_u32(void **state) {
    (void)state;
    enum { N = 20000, G = 4 };
    int64_t *v = malloc((N + 1) * sizeof *v), *w = malloc((N + 1) * sizeof *w);
    uint32_t *grp = malloc((N + 1) * sizeof *grp);
    assert_non_null(v);
    assert_non_null(w);
    assert_non_null(grp);
    sf_flow_gvals b = {0};
    uint64_t x = 777;
    for (int i = 0; i < N; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        grp[i] = (uint32_t)((x >> 33) % 3); /* group 3 empty */
        v[i] = grp[i] == 0   ? (int64_t)((x >> 40) % 5) - 2
               : grp[i] == 1 ? (int64_t)(x >> 33) - INT32_MAX /* across the 32-bit range */
                             : N - i;
        assert_int_equal(sf_flow_gvals_push(&b, grp[i], v[i]), 0);
    }
    for (int wide = 0; wide < 2; wide++) {
        size_t n = N + (size_t)wide;
        if (wide) {
            /* a gap of some 300 years widens the values to 64 bits */
            grp[N] = 1;
            v[N] = (int64_t)1 << 33;
            assert_int_equal(sf_flow_gvals_push(&b, grp[N], v[N]), 0);
            assert_non_null(b.v64);
        } else {
            assert_null(b.v64);
        }
        double got[G];
        assert_int_equal(sf_flow_gvals_median(&b, G, got), 0);
        for (uint32_t g = 0; g < G; g++) {
            size_t k = 0;
            for (size_t i = 0; i < n; i++)
                if (grp[i] == g)
                    w[k++] = v[i];
            if (!k) {
                assert_true(isnan(got[g]));
                continue;
            }
            qsort(w, k, sizeof *w, cmp_i64);
            assert_true(got[g] == ((double)w[(k - 1) / 2] + (double)w[k / 2]) / 2);
        }
    }
    sf_flow_gvals_free(&b);
    uint32_t *a = malloc(N * sizeof *a), *c = malloc(N * sizeof *c), *tmp = malloc(N * sizeof *tmp);
    assert_non_null(a);
    assert_non_null(c);
    assert_non_null(tmp);
    const size_t sizes[] = {0, 1, 7, SF_FLOW_INSERTION_MAX, SF_FLOW_INSERTION_MAX + 1, N};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        size_t n = sizes[s];
        for (size_t i = 0; i < n; i++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            a[i] = c[i] = (uint32_t)(x >> 40) & 0xFFFFFu; /* 20 bits */
        }
        sf_flow_sort_u32(a, tmp, n, 20);
        if (n)
            qsort(c, n, sizeof *c, cmp_u32);
        if (n)
            assert_memory_equal(a, c, n * sizeof *a);
    }
    free(a);
    free(c);
    free(tmp);
    free(v);
    free(w);
    free(grp);
}

/* Lengths of stay are sorted as 32-bit keys (length << unit bits | unit)
 * while every key fits, else as 64-bit ones (metrics.c): the same figures
 * either way. A: 1 h, 2 h, 3 h; B: 1 h, and, in the second table, 40
 * years (1.26e9 s: beside two bits of unit more than 32 bits). A's
 * figures are the same in both; all units: {1, 1, 2, 3} h, then {1, 1, 2,
 * 3, 350640} h: medians 1.5 h and 2 h. */
static void test_los_keys_32_and_64(void **state) {
    (void)state;
    const double years40 = 40 * 8766.0; /* hours: 40 years of 365.25 days */
    for (int wide = 0; wide < 2; wide++) {
        sf_stays t;
        sf_stays_init(&t);
        add(&t, (fx){.p = "p1", .u = "A", .start = 0, .end = 1});
        add(&t, (fx){.p = "p2", .u = "A", .start = 0, .end = 2});
        add(&t, (fx){.p = "p3", .u = "A", .start = 1, .end = 4});
        add(&t, (fx){.p = "p4", .u = "B", .start = 0, .end = 1});
        if (wide)
            add(&t, (fx){.p = "p5", .u = "B", .start = 0, .end = years40});
        sf_flow_opts o;
        sf_flow_opts_default(&o);
        sf_flow_metrics m;
        assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, NULL), 0);
        uint32_t A = uid(&t, "A"), B = uid(&t, "B"), all = m.nunits;
        assert_int_equal(m.los[A].n, 3);
        NEAR(m.los[A].p50, 2);
        NEAR(m.los[A].mean, 2);
        NEAR(m.los[A].min, 1);
        NEAR(m.los[A].max, 3);
        assert_int_equal(m.los[B].n, 1 + wide);
        NEAR(m.los[B].max, wide ? years40 : 1);
        assert_int_equal(m.los[all].n, 4 + wide);
        NEAR(m.los[all].p50, wide ? 2 : 1.5);
        NEAR(m.los[all].max, wide ? years40 : 3);
        sf_flow_metrics_free(&m);
        sf_stays_free(&t);
    }
}

/* sf_flow_gvals keeps each group's values in chunks: a group id far
 * beyond the others (the 1000th variant) grows the table of groups, and
 * a group of many values fills several chunks; sf_flow_radix_u32 against
 * qsort at the sizes around its insertion sort. */
static void test_gvals_sparse_groups_radix_u32(void **state) {
    (void)state;
    sf_flow_gvals b = {0};
    for (int i = 0; i < 30000; i++)
        assert_int_equal(sf_flow_gvals_push(&b, 1, 29999 - i), 0);
    assert_int_equal(sf_flow_gvals_push(&b, 1000, -7), 0);
    assert_int_equal(sf_flow_gvals_push(&b, 1000, 5), 0);
    assert_null(b.v64);
    double got[1001];
    assert_int_equal(sf_flow_gvals_median(&b, 1001, got), 0);
    assert_true(isnan(got[0]));
    assert_true(got[1] == 14999.5); /* 0..29999 */
    assert_true(isnan(got[999]));
    assert_true(got[1000] == -1);
    sf_flow_gvals_free(&b);
    enum { N = 5000 };
    uint32_t *a = malloc(N * sizeof *a), *c = malloc(N * sizeof *c), *tmp = malloc(N * sizeof *tmp);
    assert_non_null(a);
    assert_non_null(c);
    assert_non_null(tmp);
    uint64_t x = 99;
    const size_t sizes[] = {0, 1, 63, 64, 65, N};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        size_t n = sizes[s];
        for (size_t i = 0; i < n; i++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            a[i] = c[i] = (uint32_t)(x >> 32) >> (s % 2 ? 0 : 12); /* all 32 bits, or 20 */
        }
        uint32_t *r = sf_flow_radix_u32(a, tmp, n);
        if (n) {
            qsort(c, n, sizeof *c, cmp_u32);
            assert_memory_equal(r, c, n * sizeof *r);
        }
    }
    free(a);
    free(c);
    free(tmp);
}

/* ---- bad rows, bad options, empty tables --------------------------------- */

/* A row whose end is before its start is left out of every figure and
 * counted; the rest are as if it were absent. */
static void test_bad_rows_left_out(void **state) {
    (void)state;
    sf_stays t;
    fixture_census(&t);
    add(&t, (fx){.p = "bad", .u = "A", .start = 2, .end = 1});
    sf_flow_opts o;
    sf_flow_opts_default(&o);
    sf_flow_metrics m;
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, NULL), 0);
    assert_int_equal(m.rows_bad, 1);
    assert_int_equal(m.rows_used, 5);
    assert_int_equal(m.los[0].n, 4);
    NEAR(m.census[1], 1.5);
    assert_int_equal(m.patients, 5);
    sf_flow_metrics_free(&m);
    sf_stays_free(&t);
}

static void test_bad_options_and_spans(void **state) {
    (void)state;
    sf_stays t;
    fixture_census(&t);
    sf_flow_opts o;
    sf_flow_opts_default(&o);
    sf_flow_metrics m;
    sf_diag d = {0};
    o.readmit_max = o.readmit_min - 1;
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, &d), SF_ERR_ARG);
    assert_non_null(strstr(d.msg, "readmission"));
    sf_flow_opts_default(&o);
    o.pathway_min_orgs = 0;
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, &d), SF_ERR_ARG);
    sf_stays_free(&t);

    /* A stay ending in the year 9000 (a typo the CLI names and leaves
     * out, docs/ingest.md): the census goes in steps of weeks (13), at
     * most 2^16 cells for two stays, and every other figure is computed */
    sf_stays_init(&t);
    add(&t, (fx){.p = "a", .u = "A", .start = 0, .end = 1});
    sf_stay_row r = {0};
    r.patient = S("b");
    r.unit = S("A");
    r.start = BASE;
    r.end = BASE + (int64_t)7000 * 365 * 86400;
    r.arrive = r.ready = SF_T_NONE;
    assert_int_equal(sf_stays_append(&t, &r), 0);
    sf_flow_opts_default(&o);
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, &d), 0);
    assert_int_equal(m.step, (int64_t)2184 * 3600);
    assert_true(m.nhours * (m.nunits + 1) <= 65536);
    assert_int_equal(m.los[m.nunits].n, 2);
    assert_int_equal(m.prof_hours, 8736);
    sf_flow_metrics_free(&m);
    sf_stays_free(&t);

    /* 2049 units (a bed column mapped as unit): refused with advice */
    sf_stays_init(&t);
    char name[16];
    for (int k = 0; k <= SF_FLOW_MAX_UNITS; k++) {
        snprintf(name, sizeof name, "bed%d", k);
        add(&t, (fx){.p = "a", .u = name, .start = k, .end = k + 1});
    }
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, &d), SF_ERR_ARG);
    assert_non_null(strstr(d.msg, "2049 distinct units"));
    sf_stays_free(&t);
    sf_stays_init(&t);
    for (int k = 0; k < SF_FLOW_MAX_UNITS; k++) {
        snprintf(name, sizeof name, "bed%d", k);
        add(&t, (fx){.p = "a", .u = name, .start = k, .end = k + 1});
    }
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, &d), 0);
    assert_int_equal(m.trans[(size_t)0 * (SF_FLOW_MAX_UNITS + 1) + 1], 1); /* bed0 -> bed1 */
    sf_flow_metrics_free(&m);
    sf_stays_free(&t);
}

static void test_empty_table(void **state) {
    (void)state;
    sf_stays t;
    sf_stays_init(&t);
    sf_flow_opts o;
    sf_flow_opts_default(&o);
    sf_flow_metrics m;
    assert_int_equal(sf_flow_metrics_compute(&t, &o, &m, NULL), 0);
    assert_int_equal(m.patients, 0);
    assert_int_equal(m.episodes, 0);
    assert_int_equal(m.ntop, 0);
    assert_int_equal(m.ncont, 0);
    sf_flow_metrics_free(&m);
    sf_stays_free(&t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_census_hourly_and_peak),
        cmocka_unit_test(test_census_hour_of_week_profile),
        cmocka_unit_test(test_arrivals_local_time),
        cmocka_unit_test(test_transitions),
        cmocka_unit_test(test_episode_by_arrival),
        cmocka_unit_test(test_readmissions),
        cmocka_unit_test(test_variants_and_dfg),
        cmocka_unit_test(test_shared_ready_zones),
        cmocka_unit_test(test_shared_window),
        cmocka_unit_test(test_continuity),
        cmocka_unit_test(test_writers),
        cmocka_unit_test(test_local_labels),
        cmocka_unit_test(test_group_median_and_sort),
        cmocka_unit_test(test_census_crowded_instant),
        cmocka_unit_test(test_gvals_median_and_sort_u32),
        cmocka_unit_test(test_los_keys_32_and_64),
        cmocka_unit_test(test_gvals_sparse_groups_radix_u32),
        cmocka_unit_test(test_bad_rows_left_out),
        cmocka_unit_test(test_bad_options_and_spans),
        cmocka_unit_test(test_empty_table),
        cmocka_unit_test(test_wide_times_same_output),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
