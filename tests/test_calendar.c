/* test_calendar.c: the calendar of the simulation clock (model/calendar.h).
 *
 * Dates and weekdays are checked against the C library's gmtime, an
 * independent implementation, for every day from 1900 to 2400; periods
 * against hand-worked dates (a year-end wrap, an overlap, 02-29); where
 * t = 0 lies against the rules of docs/model.md worked by hand; the
 * engine's hour of week against a model whose only arrival hours are
 * Mondays; and every invalid calendar value against its exact diagnostic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
/* cmocka needs the headers above first */
#include <cmocka.h>

#include "model/calendar.h"
#include "model/model.h"
#include "sim_check.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int64_t ymd(int y, int m, int d) { return sf_calendar_days_from_civil(y, m, d); }

/* ---- civil dates --------------------------------------------------------- */

static void test_civil_against_gmtime(void **state) {
    (void)state;
    assert_int_equal(ymd(1970, 1, 1), 0);
    assert_int_equal(ymd(2027, 1, 4), SF_CALENDAR_DEFAULT_START);
    assert_int_equal(sf_calendar_weekday(SF_CALENDAR_DEFAULT_START), 0); /* a Monday */
    int64_t first = ymd(1900, 1, 1), last = ymd(2400, 12, 31);
    for (int64_t day = first; day <= last; day++) {
        time_t secs = (time_t)(day * 86400);
        struct tm tm;
        assert_non_null(gmtime_r(&secs, &tm));
        sf_date d = sf_calendar_civil_from_days(day);
        if (d.year != tm.tm_year + 1900 || d.month != tm.tm_mon + 1 || d.day != tm.tm_mday ||
            d.weekday != (tm.tm_wday + 6) % 7)
            fail_msg("day %lld: got %04d-%02d-%02d wd %d, gmtime %04d-%02d-%02d wd %d",
                     (long long)day, d.year, d.month, d.day, d.weekday, tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, (tm.tm_wday + 6) % 7);
        assert_int_equal(ymd(d.year, d.month, d.day), day);
        assert_int_equal(sf_calendar_month_days(d.year, d.month) >= d.day, 1);
    }
    assert_int_equal(sf_calendar_month_days(2028, 2), 29);
    assert_int_equal(sf_calendar_month_days(2100, 2), 28);
    assert_int_equal(sf_calendar_month_days(2000, 2), 29);
}

static void test_parse(void **state) {
    (void)state;
    int64_t day;
    const char *why;
    assert_int_equal(sf_calendar_parse_date("2028-02-29", 10, &day, &why), 0);
    assert_int_equal(day, ymd(2028, 2, 29));
    assert_int_equal(sf_calendar_parse_date("2027-02-29", 10, &day, &why), -1);
    assert_string_equal(why, "a day that exists in that month");
    assert_int_equal(sf_calendar_parse_date("2027-1-04", 9, &day, &why), -1);
    assert_int_equal(sf_calendar_parse_date("0999-01-04", 10, &day, &why), -1);
    assert_string_equal(why, "a year from 1000 to 9999");
    int m, d;
    assert_int_equal(sf_calendar_parse_monthday("02-29", 5, &m, &d, &why), 0);
    assert_true(m == 2 && d == 29);
    assert_int_equal(sf_calendar_parse_monthday("04-31", 5, &m, &d, &why), -1);
    assert_int_equal(sf_calendar_parse_monthday("13-01", 5, &m, &d, &why), -1);
    assert_string_equal(why, "a month from 01 to 12");
}

/* ---- where t = 0 lies ------------------------------------------------------ */

static void test_origin_without_start(void **state) {
    (void)state;
    sf_calendar c;
    /* warm-up 0: t = 0 is Monday 2027-01-04 00:00 */
    sf_calendar_init(&c, 0, 0, 0);
    assert_true(c.how0 == 0 && c.hour0 == 0);
    assert_int_equal(c.day0, ymd(2027, 1, 4));
    assert_int_equal(c.start, ymd(2027, 1, 4));
    /* warm-up 28d: whole weeks, observation starts on 2027-01-04 */
    sf_calendar_init(&c, 0, 0, 28 * 24);
    assert_int_equal(c.day0, ymd(2026, 12, 7));
    assert_int_equal(c.start, ymd(2027, 1, 4));
    assert_true(c.how0 == 0);
    /* warm-up 10d: rounded up to 2 weeks before 2027-01-04, t = 0 still a
     * Monday; observation starts 10 days on, Thursday 2026-12-31 */
    sf_calendar_init(&c, 0, 0, 240);
    assert_int_equal(c.day0, ymd(2026, 12, 21));
    assert_int_equal(c.start, ymd(2026, 12, 31));
    assert_true(c.how0 == 0);
    /* the engine's old arithmetic, t mod 168, bit for bit */
    for (double t = 0; t < 5000; t += 0.37)
        assert_true(sf_calendar_how(&c, t) == t - 168.0 * floor(t / 168.0));
}

static void test_origin_with_start(void **state) {
    (void)state;
    sf_calendar c;
    /* start Tuesday 2027-06-15, warm-up 36h: t = 0 is Sunday 06-13 12:00 */
    sf_calendar_init(&c, 1, ymd(2027, 6, 15), 36);
    assert_int_equal(c.day0, ymd(2027, 6, 13));
    assert_true(c.hour0 == 12);
    assert_true(c.how0 == 6 * 24 + 12);
    assert_int_equal(sf_calendar_day(&c, 36), ymd(2027, 6, 15));
    assert_int_equal(sf_calendar_day(&c, 35.99), ymd(2027, 6, 14));
    assert_true(sf_calendar_how(&c, 36) == 24); /* Tuesday 00:00 */
    assert_int_equal(sf_calendar_hour_of_week(&c, 36 + 9.5), 33);
    assert_int_equal(sf_calendar_hour_of_week(&c, 12), 0); /* Monday 00:00 */
    sf_date d = sf_calendar_date(&c, 36 + 24 * 17);        /* 2027-07-02, a Friday */
    assert_true(d.year == 2027 && d.month == 7 && d.day == 2 && d.weekday == 4);
    assert_true(sf_calendar_t_of_day(&c, ymd(2027, 6, 15)) == 36);
}

/* ---- periods ------------------------------------------------------------- */

static const char periods_model[] =
    "horizon: 3y\nwarmup: 2d\n"
    "calendar:\n  start: 2027-01-04\n  periods:\n"
    "    christmas: {from: 12-20, to: 01-05}\n"
    "    winter-holiday: {from: 02-15, to: 03-10}\n"
    "    summer: {from: 06-20, to: 08-15}\n"
    "    late-summer: {from: 08-01, to: 08-31}\n" /* overlaps summer, which wins */
    "arrivals: {a: {rate: 1/d, to: u}}\n"
    "units: {u: {kind: walk-in, servers: 1, service: exp(1h)}}\n";

static int period_on(const sf_calendar *c, int y, int m, int d) {
    return sf_calendar_period(c, sf_calendar_t_of_day(c, ymd(y, m, d)) + 13.5);
}

static void test_periods(void **state) {
    (void)state;
    sf_model *m = sim_load(periods_model);
    const sf_calendar *c = &m->calendar;
    assert_int_equal(c->nperiods, 4);
    assert_string_equal(c->periods[2].name, "summer");
    assert_int_equal(sf_calendar_find(c, "summer", 6), 2);
    assert_int_equal(sf_calendar_find(c, "winter", 6), -1);
    assert_int_equal(c->day0, ymd(2027, 1, 2)); /* two days of warm-up */
    assert_int_equal(period_on(c, 2027, 1, 2), 0);
    assert_int_equal(period_on(c, 2027, 1, 5), 0);
    assert_int_equal(period_on(c, 2027, 1, 6), -1);
    assert_int_equal(period_on(c, 2027, 2, 14), -1);
    assert_int_equal(period_on(c, 2027, 2, 15), 1);
    assert_int_equal(period_on(c, 2028, 2, 29), 1);
    assert_int_equal(period_on(c, 2027, 3, 10), 1);
    assert_int_equal(period_on(c, 2027, 3, 11), -1);
    assert_int_equal(period_on(c, 2027, 8, 15), 2);
    assert_int_equal(period_on(c, 2027, 8, 16), 3);
    assert_int_equal(period_on(c, 2027, 8, 31), 3);
    assert_int_equal(period_on(c, 2027, 9, 1), -1);
    assert_int_equal(period_on(c, 2027, 12, 19), -1);
    assert_int_equal(period_on(c, 2027, 12, 31), 0);
    /* next change: from inside a day to the following midnight of change */
    double t = sf_calendar_t_of_day(c, ymd(2027, 6, 1)) + 5;
    assert_true(sf_calendar_next_change(c, t) == sf_calendar_t_of_day(c, ymd(2027, 6, 20)));
    t = sf_calendar_t_of_day(c, ymd(2027, 7, 1));
    assert_true(sf_calendar_next_change(c, t) == sf_calendar_t_of_day(c, ymd(2027, 8, 16)));
    t = sf_calendar_t_of_day(c, ymd(2027, 12, 25));
    assert_true(sf_calendar_next_change(c, t) == sf_calendar_t_of_day(c, ymd(2028, 1, 6)));
    /* every day of three years: the change times are exactly the days on
     * which the period differs from the day before */
    double now = 0;
    int64_t d0 = sf_calendar_day(c, 0);
    for (int64_t day = d0 + 1; day < d0 + 3 * 366; day++) {
        int changes = sf_calendar_period_of_day(c, day) != sf_calendar_period_of_day(c, day - 1);
        double tn = sf_calendar_next_change(c, now);
        if (changes) {
            assert_true(tn == sf_calendar_t_of_day(c, day));
            now = tn;
        } else {
            assert_true(tn > sf_calendar_t_of_day(c, day));
        }
    }
    sf_model_free(m);
}

static void test_leap_day_period(void **state) {
    (void)state;
    sf_calendar c;
    sf_calendar_init(&c, 1, ymd(2027, 1, 4), 0);
    sf_period p[2];
    p[0] =
        (sf_period){.name = "leap", .from_month = 2, .from_day = 29, .to_month = 2, .to_day = 29};
    p[1] = (sf_period){.name = "rest", .from_month = 3, .from_day = 1, .to_month = 2, .to_day = 28};
    sf_calendar_set_periods(&c, p, 2);
    assert_int_equal(c.constant, 0);
    assert_true(sf_calendar_next_change(&c, 0) == sf_calendar_t_of_day(&c, ymd(2028, 2, 29)));
    assert_true(sf_calendar_next_change(&c, sf_calendar_t_of_day(&c, ymd(2028, 2, 29)) + 3) ==
                sf_calendar_t_of_day(&c, ymd(2028, 3, 1)));
    /* one period over the whole year: never changes */
    p[0] = (sf_period){.name = "all", .from_month = 1, .from_day = 1, .to_month = 12, .to_day = 31};
    sf_calendar_set_periods(&c, p, 1);
    assert_true(isinf(sf_calendar_next_change(&c, 0)));
    sf_calendar_init(&c, 0, 0, 0);
    assert_true(isinf(sf_calendar_next_change(&c, 0)));
    assert_int_equal(sf_calendar_period(&c, 100), -1);
}

/* ---- the engine reads the week from the calendar ------------------------- */

/* Patients come only on Mondays (weight 7, mean 1 over the week). From
 * Tuesday 2027-01-05, six days hold no Monday: no arrivals at all. Without
 * a start date t = 0 is a Monday: one Monday in six days, 24 h x 7 x rate. */
static const char monday_model[] = "horizon: 6d\nreplications: 40\n%s"
                                   "arrivals: {a: {rate: 1/h, to: u, profile: {mon: 1}}}\n"
                                   "units: {u: {kind: walk-in, servers: 100, service: exp(1m)}}\n";

static void test_engine_weekday(void **state) {
    (void)state;
    char yaml[512];
    snprintf(yaml, sizeof yaml, monday_model, "calendar: {start: 2027-01-05}\n");
    sf_results *r = sim_run(yaml, 1);
    for (int i = 0; i < sf_results_replications(r); i++)
        assert_true(sf_results_value(r, i, 0, SF_M_ARRIVALS) == 0);
    sf_results_free(r);
    snprintf(yaml, sizeof yaml, monday_model, "");
    r = sim_run(yaml, 1);
    sim_expect(r, "u", SF_M_ARRIVALS, 24 * 7);
    sf_results_free(r);
    /* start on Sunday 2027-01-10: the second day is Monday */
    snprintf(yaml, sizeof yaml, monday_model, "calendar: {start: 2027-01-10}\n");
    r = sim_run(yaml, 1);
    sim_expect(r, "u", SF_M_ARRIVALS, 24 * 7);
    sf_results_free(r);
}

/* ---- dates before 1970 ---------------------------------------------------- */

/* A start before 1970 is as good as any other: days since 1970 are then
 * negative, which once meant "no start" and moved the model to 2027. */
static void test_before_1970(void **state) {
    (void)state;
    sf_model *m = sim_load("horizon: 30d\nwarmup: 2d\n"
                           "calendar:\n  start: 1969-12-29\n"
                           "  periods: {christmas: {from: 12-20, to: 01-05}}\n"
                           "arrivals: {a: {rate: 1/d, to: u}}\n"
                           "units: {u: {kind: walk-in, servers: 1, service: exp(1h)}}\n");
    const sf_calendar *c = &m->calendar;
    assert_int_equal(c->dated, 1);
    assert_int_equal(c->start, ymd(1969, 12, 29));
    assert_int_equal(c->day0, ymd(1969, 12, 27)); /* a Saturday */
    assert_true(c->how0 == 5 * 24);
    sf_date d = sf_calendar_date(c, 48); /* the first observed day, a Monday */
    assert_true(d.year == 1969 && d.month == 12 && d.day == 29 && d.weekday == 0);
    d = sf_calendar_date(c, 48 + 24 * 3);
    assert_true(d.year == 1970 && d.month == 1 && d.day == 1 && d.weekday == 3);
    assert_int_equal(period_on(c, 1969, 12, 27), 0);
    assert_int_equal(period_on(c, 1970, 1, 5), 0);
    assert_int_equal(period_on(c, 1970, 1, 6), -1);
    assert_true(sf_calendar_next_change(c, 0) == sf_calendar_t_of_day(c, ymd(1970, 1, 6)));
    sf_model_free(m);
    /* the engine: from Tuesday 1969-12-30, six days hold no Monday */
    char yaml[512];
    snprintf(yaml, sizeof yaml, monday_model, "calendar: {start: 1969-12-30}\n");
    sf_results *r = sim_run(yaml, 1);
    for (int i = 0; i < sf_results_replications(r); i++)
        assert_true(sf_results_value(r, i, 0, SF_M_ARRIVALS) == 0);
    sf_results_free(r);
    /* the end of the horizon may reach 9999-12-31 00:00, the last day */
    m = sim_load("horizon: 30d\ncalendar: {start: 9999-12-01}\n"
                 "arrivals: {a: {rate: 1/d, to: u}}\n"
                 "units: {u: {kind: walk-in, servers: 1, service: exp(1h)}}\n");
    assert_int_equal(sf_calendar_day(&m->calendar, 30 * 24), SF_CALENDAR_LAST_DAY);
    d = sf_calendar_civil_from_days(SF_CALENDAR_LAST_DAY);
    assert_true(d.year == 9999 && d.month == 12 && d.day == 31);
    d = sf_calendar_civil_from_days(SF_CALENDAR_FIRST_DAY);
    assert_true(d.year == 1 && d.month == 1 && d.day == 1);
    sf_model_free(m);
}

/* ---- diagnostics ------------------------------------------------------------ */

static const struct {
    const char *calendar;
    const char *diag;
} bad[] = {
    {"calendar: 2027-01-04",
     "t.yaml:2:11: 'calendar' must be a mapping such as {start: 2027-01-04, periods: {summer: "
     "{from: 06-20, to: 08-15}}}, found '2027-01-04'"},
    {"calendar: {begin: 2027-01-04}",
     "t.yaml:2:12: calendar: unknown key 'begin'; expected one of: start, periods"},
    {"calendar: {start: 2027-13-01}",
     "t.yaml:2:19: calendar: 'start': expected a month from 01 to 12, found '2027-13-01'"},
    {"calendar: {start: 2027-02-29}",
     "t.yaml:2:19: calendar: 'start': expected a day that exists in that month, found "
     "'2027-02-29'"},
    {"calendar: {start: 04.01.2027}",
     "t.yaml:2:19: calendar: 'start': expected a date such as 2027-01-04 (YYYY-MM-DD), found "
     "'04.01.2027'"},
    {"calendar: {start: 0999-01-01}",
     "t.yaml:2:19: calendar: 'start': expected a year from 1000 to 9999, found '0999-01-01'"},
    /* every date of the run needs a four-digit year (the trace and flow) */
    {"calendar: {start: 9999-12-02}",
     "t.yaml:2:19: calendar: 'start': the simulation runs from 9999-12-02 (start minus 'warmup') "
     "to 10000-01-01 (start plus 'horizon'); expected every date within the years 0001 to 9999, "
     "found start '9999-12-02'"},
    {"warmup: 1000y\ncalendar: {start: 1000-01-01}",
     "t.yaml:3:19: calendar: 'start': the simulation runs from 0000-08-31 (start minus 'warmup') "
     "to 1000-01-31 (start plus 'horizon'); expected every date within the years 0001 to 9999, "
     "found start '1000-01-01'"},
    {"calendar: {start: [2027-01-04]}",
     "t.yaml:2:19: calendar: 'start': expected a date such as 2027-01-04 (YYYY-MM-DD), found a "
     "list"},
    {"calendar: {periods: [summer]}",
     "t.yaml:2:21: calendar: 'periods' must be a mapping of named date ranges such as {summer: "
     "{from: 06-20, to: 08-15}}, found a list"},
    {"calendar: {periods: {}}",
     "t.yaml:2:21: calendar: 'periods' must be a mapping of named date ranges such as {summer: "
     "{from: 06-20, to: 08-15}}, found an empty mapping"},
    {"calendar: {periods: {summer: 06-20}}",
     "t.yaml:2:30: calendar: period 'summer': expected a mapping such as {from: 06-20, to: "
     "08-15}, found '06-20'"},
    {"calendar: {periods: {summer: {from: 06-20}}}",
     "t.yaml:2:22: calendar: period 'summer': missing 'to' (a period needs from and to, as in "
     "{from: 06-20, to: 08-15})"},
    {"calendar: {periods: {summer: {to: 06-20}}}",
     "t.yaml:2:22: calendar: period 'summer': missing 'from' (a period needs from and to, as in "
     "{from: 06-20, to: 08-15})"},
    {"calendar: {periods: {summer: {from: 06-20, to: 08-15, every: 1y}}}",
     "t.yaml:2:55: calendar: period 'summer': unknown key 'every'; expected one of: from, to"},
    {"calendar: {periods: {summer: {from: 6-20, to: 08-15}}}",
     "t.yaml:2:37: calendar: period 'summer': 'from': expected a day of the year such as 06-20 "
     "(MM-DD), found '6-20'"},
    {"calendar: {periods: {summer: {from: 06-20, to: 06-31}}}",
     "t.yaml:2:48: calendar: period 'summer': 'to': expected a day that exists in that month, "
     "found '06-31'"},
    {"calendar: {periods: {summer: {from: 00-20, to: 06-30}}}",
     "t.yaml:2:37: calendar: period 'summer': 'from': expected a month from 01 to 12, found "
     "'00-20'"},
    {"calendar: {periods: {summer: {from: 2027-06-20, to: 06-30}}}",
     "t.yaml:2:37: calendar: period 'summer': 'from': expected a day of the year such as 06-20 "
     "(MM-DD), found '2027-06-20'"},
    {"calendar: {periods: {weekend: {from: 06-20, to: 06-30}}}",
     "t.yaml:2:22: calendar: period 'weekend': the name is taken by hours; choose another name "
     "(such as 'weekend-period')"},
    {"calendar: {periods: {default: {from: 06-20, to: 06-30}}}",
     "t.yaml:2:22: calendar: period 'default': the name is taken by the default; choose another "
     "name (such as 'default-period')"},
    {"calendar: {periods: {\"\": {from: 06-20, to: 06-30}}}",
     "t.yaml:2:23: a period name must be 1 to 100 characters without control characters, found "
     "''"},
};

static void test_bad_calendars(void **state) {
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char yaml[1024];
        snprintf(yaml, sizeof yaml,
                 "horizon: 30d\n%s\narrivals: {a: {rate: 1/h, to: u}}\n"
                 "units: {u: {kind: walk-in, servers: 1, service: exp(1m)}}\n",
                 bad[i].calendar);
        failures += sim_refused(i, yaml, bad[i].diag);
    }
    /* more periods than the limit */
    char yaml[16384];
    size_t o = (size_t)snprintf(yaml, sizeof yaml, "horizon: 30d\ncalendar:\n  periods:\n");
    for (int i = 0; i <= SF_CALENDAR_MAX_PERIODS; i++)
        o += (size_t)snprintf(yaml + o, sizeof yaml - o, "    p%d: {from: 01-01, to: 01-02}\n", i);
    snprintf(yaml + o, sizeof yaml - o,
             "arrivals: {a: {rate: 1/h, to: u}}\n"
             "units: {u: {kind: walk-in, servers: 1, service: exp(1m)}}\n");
    sf_model *m = NULL;
    sf_diag d = {0};
    assert_int_equal(sf_model_load_buffer("t.yaml", yaml, strlen(yaml), &m, &d), SF_ERR_MODEL);
    char got[1200];
    sf_diag_format(&d, got, sizeof got);
    assert_string_equal(got, "t.yaml:4:5: calendar: 'periods': at most 100 periods, found 101");
    assert_int_equal(failures, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_civil_against_gmtime),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_origin_without_start),
        cmocka_unit_test(test_origin_with_start),
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_leap_day_period),
        cmocka_unit_test(test_engine_weekday),
        cmocka_unit_test(test_before_1970),
        cmocka_unit_test(test_bad_calendars),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
