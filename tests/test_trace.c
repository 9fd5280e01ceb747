/* test_trace.c: the stays trace of `samflyt run --trace` (src/report/trace.c
 * and the engine's stay hook). The CSV is read back and recounted here,
 * independently of the engine's statistics: per unit, the number of stays
 * must equal the replication's departures and their mean length the
 * replication's mean stay (to the second the CSV rounds to); Little's law
 * on the trace (time in unit over the horizon) must match the unit's mean
 * number in the unit; and each patient's rows must chain (`to` of one stay
 * is the unit of the next, whose `from` is the one before, and a patient
 * blocked on a ward arrives at the next unit when it became ready). */
#include "model/model.h"
#include "report/trace.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Walk-ins go to a small ward that blocks on a small second ward; the
 * first ward overflows to a third, so every kind of move appears. */
static const char model[] = "horizon: 1000d\nwarmup: 10d\nreplications: 3\nseed: 11\n"
                            "calendar: {start: 2027-03-01}\n"
                            "arrivals:\n"
                            "  a: {rate: 2/h, to: desk}\n"
                            "  b: {rate: 1/d, to: step, class: urgent}\n"
                            "units:\n"
                            "  desk: {kind: walk-in, servers: 1, service: exp(20m),\n"
                            "         next: {home: .9, ward: .1}}\n"
                            "  ward: {kind: ward, beds: 4, los: exp(2d), queue-limit: 2,\n"
                            "         overflow: spill, next: {home: .5, step: .5}}\n"
                            "  step: {kind: ward, beds: 11, los: exp(3d), org: home-care}\n"
                            "  spill: {kind: ward, beds: 20, los: exp(1d)}\n";

typedef struct row {
    long patient;
    size_t line;                      /* rows are written as stays end, so this is their order */
    int unit, from, to;               /* indices; -1 empty */
    double arrive, start, end, ready; /* hours on the engine clock; NaN empty */
    int provider;                     /* 1.., 0 empty */
    int zoned;
} row;

static int unit_ix(const sf_model *m, const char *s) {
    if (!*s)
        return -1;
    for (int u = 0; u < m->nunits; u++)
        if (!strcmp(m->units[u].name, s))
            return u;
    fail_msg("unknown unit '%s' in the trace", s);
    return -2;
}

/* "YYYY-MM-DDTHH:MM:SS+hh:mm" back to engine hours: the instant, less the
 * instant of t = 0, which is the calendar's day0 00:00 in Europe/Oslo plus
 * hour0 (calendar.h). The test models start in winter, UTC+1. */
static double parse_time(const sf_model *m, const char *s) {
    if (!*s)
        return NAN;
    int y, mo, d, hh, mm, ss, oh, om;
    char sign;
    assert_int_equal(
        sscanf(s, "%d-%d-%dT%d:%d:%d%c%d:%d", &y, &mo, &d, &hh, &mm, &ss, &sign, &oh, &om), 9);
    assert_true(sign == '+' || sign == '-');
    int64_t off = (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    int64_t utc = sf_calendar_days_from_civil(y, mo, d) * 86400 + hh * 3600 + mm * 60 + ss - off;
    int64_t utc0 = m->calendar.day0 * 86400 - 3600;
    return (double)(utc - utc0) / 3600 - m->calendar.hour0;
}

/* Splits a CSV line without quotes into at most 12 fields. */
static int split(char *line, char **f) {
    int n = 0;
    f[n++] = line;
    for (char *p = line; *p; p++)
        if (*p == ',' && n < 12) {
            *p = '\0';
            f[n++] = p + 1;
        } else if (*p == '\n')
            *p = '\0';
    return n;
}

static int by_patient(const void *x, const void *y) {
    const row *a = x, *b = y;
    if (a->patient != b->patient)
        return a->patient < b->patient ? -1 : 1;
    return (a->line > b->line) - (a->line < b->line);
}

static void recount(const char *model, int blocking) {
    /* Load 2/h x 0.1 x 2d = 9.6 on the 4-bed ward (most overflow to
     * spill); 0.5 of its departures plus 1/d on 11 beds of 3 days (load
     * about 9): the step ward fills often enough to block the ward. */
    sf_model *m = NULL;
    sf_diag d;
    memset(&d, 0, sizeof d);
    assert_int_equal(sf_model_load_buffer("t.yaml", model, strlen(model), &m, &d), SF_OK);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    sf_run_opts o;
    memset(&o, 0, sizeof o);
    o.threads = 2;
    o.trace = f;
    o.trace_rep = 1;
    o.trace_tz = "Europe/Oslo";
    sf_results *r = NULL;
    assert_int_equal(sf_run(m, &o, &r, &d), SF_OK);
    fclose(f);

    /* read it back */
    size_t cap = 1024, n = 0;
    row *rows = malloc(cap * sizeof *rows);
    char *save = NULL, *line = strtok_r(buf, "\n", &save);
    assert_string_equal(line,
                        "patient,unit,org,arrive,start,end,from,to,class,ready,zone,provider");
    while ((line = strtok_r(NULL, "\n", &save))) {
        char *fld[12];
        assert_int_equal(split(line, fld), 12);
        if (n == cap)
            rows = realloc(rows, (cap *= 2) * sizeof *rows);
        row *x = &rows[n++];
        x->patient = atol(fld[0]);
        x->line = n;
        x->unit = unit_ix(m, fld[1]);
        /* the unit's organisation, empty where the model names none */
        assert_string_equal(fld[2], m->units[x->unit].org);
        x->arrive = parse_time(m, fld[3]);
        x->start = parse_time(m, fld[4]);
        x->end = parse_time(m, fld[5]);
        x->from = unit_ix(m, fld[6]);
        x->to = unit_ix(m, fld[7]);
        x->ready = parse_time(m, fld[9]);
        x->provider = atoi(fld[11]);
        x->zoned = fld[10][0] != '\0';
        /* a doctor is named exactly for stays at a booked clinic */
        if (m->units[x->unit].kind == SF_UNIT_BOOKED)
            assert_true(x->provider >= 1 && x->provider <= m->units[x->unit].capacity);
        else
            assert_string_equal(fld[11], "");
        /* every patient of a population has a zone; `arrivals` have none */
        assert_int_equal(x->zoned, m->nzones > 0);
        int known = 0;
        for (int c = 0; c < m->nclasses; c++)
            known |= !strcmp(fld[8], m->classes[c]);
        assert_true(known);
        assert_true(x->unit >= 0 && x->patient >= 1);
        assert_true(x->arrive <= x->start + 1e-9 && x->start <= x->end + 1e-9);
        if (!isnan(x->ready))
            assert_true(x->start <= x->ready + 1e-9 && x->ready <= x->end + 1e-9);
    }
    assert_true(n > 1000);

    const double W = m->warmup, T = m->warmup + m->horizon, days = m->horizon / 24;
    const double sec = 1.0 / 3600;
    int blocked_rows = 0;
    for (int u = 0; u < m->nunits; u++) {
        double count = 0, los = 0, area = 0;
        for (size_t i = 0; i < n; i++) {
            if (rows[i].unit != u)
                continue;
            assert_true(rows[i].end >= W - sec && rows[i].end <= T + sec);
            count++;
            los += rows[i].end - rows[i].arrive;
            double a = rows[i].arrive > W ? rows[i].arrive : W;
            area += rows[i].end - a;
            blocked_rows += !isnan(rows[i].ready);
        }
        double departures = sf_results_value(r, 1, u, SF_M_THROUGHPUT) * days;
        assert_true(fabs(count - departures) < 1e-6);
        double mean = sf_results_value(r, 1, u, SF_M_LOS_MEAN);
        if (fabs(los / count - mean) > sec)
            fail_msg("unit %s: trace mean stay %.9g h, results %.9g h", m->units[u].name,
                     los / count, mean);
        /* Little: the trace misses only the stays still open at the end:
         * about L patients who have been there about a mean stay each, a
         * relative shortfall of about mean / horizon; allow three times. */
        double L = sf_results_value(r, 1, u, SF_M_INUNIT_MEAN);
        if (fabs(area / m->horizon - L) > 3 * mean / m->horizon * L + 1e-9)
            fail_msg("unit %s: Little on the trace %.6g, results %.6g", m->units[u].name,
                     area / m->horizon, L);
    }
    if (blocking)
        assert_true(blocked_rows > 10); /* the model does block */

    /* each patient's stays chain */
    qsort(rows, n, sizeof *rows, by_patient);
    for (size_t i = 0; i + 1 < n; i++) {
        if (rows[i].patient != rows[i + 1].patient)
            continue;
        const row *a = &rows[i], *b = &rows[i + 1];
        assert_true(b->end >= a->end);
        if (a->to != b->unit)
            fail_msg("patient %ld: stay at %d (line %zu) goes to %d, next stay at %d (line %zu)",
                     a->patient, a->unit, a->line, a->to, b->unit, b->line);
        assert_int_equal(b->from, a->unit);
        if (!isnan(a->ready))
            assert_true(fabs(b->arrive - a->ready) <= sec);
        else
            assert_true(fabs(b->arrive - a->end) <= sec);
    }
    free(rows);
    free(buf);
    sf_results_free(r);
    sf_model_free(m);
}

static void test_trace_recount(void **state) {
    (void)state;
    recount(model, 1);
}

/* A booked clinic fed by a population in two zones: the booked stay runs
 * from the request to the end of the visit, names the doctor, and every
 * row names the patient's zone. */
static const char booked[] =
    "horizon: 120d\nwarmup: 14d\nreplications: 3\nseed: 5\n"
    "zones:\n"
    "  town: {travel: {gp: 8m, legevakt: 8m}}\n"
    "  hills: {travel: {gp: 35m, legevakt: 35m}}\n"
    "populations:\n"
    "  residents: {zone: {town: .7, hills: .3}, size: 3000}\n"
    "demand:\n"
    "  - {class: visit, from: residents, rate: 3/y, to: gp}\n"
    "  - {class: acute, from: residents, rate: 0.3/y, to: legevakt}\n"
    "units:\n"
    "  gp: {kind: booked-clinic, doctors: 3, lists: [1000, 1000, 900], slot: 20m,\n"
    "       hours: weekdays 08:00-15:00, tolerance: 3d, overflow-after: 10d,\n"
    "       overflow: legevakt, next: {home: .95, legevakt: .05}}\n"
    "  legevakt: {kind: walk-in, servers: 1, service: exp(25m), org: \"Røros kommune\"}\n";

static void test_trace_booked(void **state) {
    (void)state;
    recount(booked, 0);
}

/* Times: the calendar starts observing 2027-03-01 00:00 after a 1-day
 * warm-up, so t = 0 is 2027-02-28 00:00 (2027 is not a leap year), in
 * Oslo UTC+1. Summer time starts there on 2027-03-28 at 01:00 UTC: the
 * engine's hours run on, and the local clock jumps from 02:00 to 03:00. */
static void test_trace_time(void **state) {
    (void)state;
    const char *y = "horizon: 3d\nwarmup: 1d\ncalendar: {start: 2027-03-01}\n"
                    "arrivals: {a: {rate: 1/h, to: u}}\n"
                    "units: {u: {kind: ward, beds: 1, los: exp(1h)}}\n";
    sf_model *m = NULL;
    sf_diag d;
    assert_int_equal(sf_model_load_buffer("t.yaml", y, strlen(y), &m, &d), SF_OK);
    sf_tz tz;
    assert_int_equal(sf_tz_load("Europe/Oslo", &tz, &d), 0);
    sf_trace tr;
    sf_trace_init(&tr, NULL, m, &tz);
    char buf[32];
    sf_trace_time(&tr, 0, buf, sizeof buf);
    assert_string_equal(buf, "2027-02-28T00:00:00+01:00");
    sf_trace_time(&tr, 24.5, buf, sizeof buf);
    assert_string_equal(buf, "2027-03-01T00:30:00+01:00");
    sf_trace_time(&tr, 48 + 23 + 59.0 / 60 + 59.4 / 3600, buf, sizeof buf);
    assert_string_equal(buf, "2027-03-02T23:59:59+01:00");
    sf_trace_time(&tr, 48 + 23 + 59.0 / 60 + 59.6 / 3600, buf, sizeof buf);
    assert_string_equal(buf, "2027-03-03T00:00:00+01:00");
    sf_trace_time(&tr, NAN, buf, sizeof buf);
    assert_string_equal(buf, "");
    /* 2027-03-28 is day 28 after t = 0 */
    sf_trace_time(&tr, 28 * 24 + 1 + 50.0 / 60, buf, sizeof buf);
    assert_string_equal(buf, "2027-03-28T01:50:00+01:00");
    sf_trace_time(&tr, 28 * 24 + 2 + 10.0 / 60, buf, sizeof buf);
    assert_string_equal(buf, "2027-03-28T03:10:00+02:00");
    /* in UTC the engine's clock is written as it runs */
    sf_trace_init(&tr, NULL, m, NULL);
    sf_trace_time(&tr, 28 * 24 + 2 + 10.0 / 60, buf, sizeof buf);
    assert_string_equal(buf, "2027-03-28T02:10:00+00:00");
    sf_model_free(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trace_recount),
        cmocka_unit_test(test_trace_booked),
        cmocka_unit_test(test_trace_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
