/* calendar.h: real dates for the simulation clock.
 *
 * The engine's clock t counts hours from the start of the warm-up. The
 * calendar ties t to dates: which day, weekday, month and year t falls on,
 * its hour of the week (Monday 00:00 = 0), and which named period (summer,
 * winter holiday, ...) covers it. Demand, schedules and results by month all
 * read the clock through these functions, so every part agrees on what
 * "Monday 08:00 in the summer" means.
 *
 * Where t = 0 lies (see docs/model.md, "calendar"):
 * - with `calendar: {start: D}`: observation starts at D 00:00, so t = 0 is
 *   D 00:00 minus the warm-up (not necessarily a midnight);
 * - without `start` (and without `calendar:` at all): t = 0 is a Monday
 *   00:00, the warm-up rounded up to whole weeks before Monday 2027-01-04.
 *   Models without dates therefore keep t = 0 = Monday 00:00 exactly, as
 *   hour-of-week profiles always assumed.
 *
 * Periods are month-day ranges that recur every year, inclusive at both
 * ends, and may wrap the year end (12-20 to 01-05). Where periods overlap,
 * the first listed wins. A period starts and ends at midnight.
 *
 * Everything here is pure and reads only the (immutable) calendar, so any
 * number of threads may use one calendar at once. */
#ifndef SF_CALENDAR_H
#define SF_CALENDAR_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

enum {
    SF_CALENDAR_MAX_PERIODS = 100,
    /* A month-day key: month * 32 + day, months 1..12, days 1..31. */
    SF_CALENDAR_MD_KEYS = 13 * 32,
};

/* The default start, Monday 2027-01-04, as days since 1970-01-01. */
#define SF_CALENDAR_DEFAULT_START 20822
/* The dates a dated model may reach, 0001-01-01 to 9999-12-31 as days
 * since 1970-01-01: what a four-digit year can write in a trace and what
 * `samflyt flow` reads back. */
#define SF_CALENDAR_FIRST_DAY (-719162)
#define SF_CALENDAR_LAST_DAY 2932896

typedef struct sf_period {
    const char *name;
    int from_month, from_day; /* first day, inclusive */
    int to_month, to_day;     /* last day, inclusive; before from: wraps the year end */
} sf_period;

typedef struct sf_calendar {
    int64_t day0;  /* days since 1970-01-01 of the midnight at or before t = 0 */
    double hour0;  /* hours from that midnight to t = 0, in [0, 24) */
    double how0;   /* hour of the week at t = 0, in [0, 168) */
    int64_t start; /* days since 1970-01-01 of the first observed day */
    int dated;     /* 1 when the model gave calendar.start */
    int nperiods;  /* 0..SF_CALENDAR_MAX_PERIODS */
    const sf_period *periods;
    /* md_period[month * 32 + day]: the period covering that day of any
     * year, -1 for none (the default). 02-29 is looked up only in leap years. */
    signed char md_period[SF_CALENDAR_MD_KEYS];
    int constant; /* 1 when every day of every year has the same period */
} sf_calendar;

/* A civil date. weekday: Monday = 0 .. Sunday = 6. */
typedef struct sf_date {
    int year, month, day, weekday;
} sf_date;

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. Exact for
 * any date a model can reach. */
int64_t sf_calendar_days_from_civil(int year, int month, int day);
sf_date sf_calendar_civil_from_days(int64_t days);
/* Monday = 0 .. Sunday = 6. */
int sf_calendar_weekday(int64_t days);
/* Days in a month, leap years included. */
int sf_calendar_month_days(int year, int month);

/* Parses YYYY-MM-DD (years 1000..9999) into days since 1970-01-01.
 * Returns 0, or -1 with *why a static phrase saying what was expected. */
int sf_calendar_parse_date(const char *s, size_t len, int64_t *days, const char **why);
/* Parses MM-DD (02-29 allowed). Returns 0 or -1 with *why. */
int sf_calendar_parse_monthday(const char *s, size_t len, int *month, int *day, const char **why);

/* Fills cal for a model with the given warm-up (hours). When dated,
 * start is the first observed day in days since 1970-01-01 (negative
 * before 1970); otherwise start is ignored (see above). Periods are added
 * afterwards with sf_calendar_set_periods. */
void sf_calendar_init(sf_calendar *cal, int dated, int64_t start, double warmup);
/* Gives cal its n periods (0..SF_CALENDAR_MAX_PERIODS, each date valid);
 * the array is kept by pointer and must live as long as cal. Where periods
 * overlap, the one earlier in the array covers the day. */
void sf_calendar_set_periods(sf_calendar *cal, const sf_period *periods, int n);

/* The index of the period called name (len bytes), or -1. */
int sf_calendar_find(const sf_calendar *cal, const char *name, size_t len);

/* The mean over the first observed year (365 days from the start) of a
 * value by period: by_period[0] on days in no period, by_period[p + 1] in
 * period p. NULL means 1 everywhere. */
double sf_calendar_year_mean(const sf_calendar *cal, const double *by_period);

/* Hour of the week at t, in [0, 168): Monday 00:00 is 0. Without a start
 * date this is t mod 168 computed exactly as the engine always did. */
static inline double sf_calendar_how(const sf_calendar *cal, double t) {
    double x = t + cal->how0;
    return x - 168.0 * floor(x / 168.0);
}
/* The whole hour of the week at t, 0..167. */
static inline int sf_calendar_hour_of_week(const sf_calendar *cal, double t) {
    int h = (int)sf_calendar_how(cal, t);
    return h > 167 ? 167 : h;
}

/* Days since 1970-01-01 of the day containing t. */
int64_t sf_calendar_day(const sf_calendar *cal, double t);
/* The date containing t. */
sf_date sf_calendar_date(const sf_calendar *cal, double t);
/* t at 00:00 of day (days since 1970-01-01). */
double sf_calendar_t_of_day(const sf_calendar *cal, int64_t day);
/* The period covering t (an index into cal->periods), or -1 (default). */
int sf_calendar_period(const sf_calendar *cal, double t);
/* The period covering a day (days since 1970-01-01), or -1. */
int sf_calendar_period_of_day(const sf_calendar *cal, int64_t day);
/* The first t' > t at which sf_calendar_period(t') differs from
 * sf_calendar_period(t) (always a midnight), or INFINITY when the period
 * never changes (no periods, or one covering every day). */
double sf_calendar_next_change(const sf_calendar *cal, double t);

#endif
