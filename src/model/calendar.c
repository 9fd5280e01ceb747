/* calendar.c: dates, weekdays and named periods of the simulation clock
 * (see calendar.h for where t = 0 lies). Civil-date arithmetic follows
 * Howard Hinnant's days_from_civil / civil_from_days, which are exact for
 * the proleptic Gregorian calendar over any range an int64 can hold. */
#include "model/calendar.h"

#include <math.h>
#include <string.h>

/* 1970-01-01 was a Thursday: weekday 3 when Monday is 0. */
enum { EPOCH_WEEKDAY = 3, MAX_CHANGE_SCAN = 8 * 366 + 1 };

int64_t sf_calendar_days_from_civil(int year, int month, int day) {
    int64_t y = (int64_t)year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int sf_calendar_weekday(int64_t days) {
    int64_t w = (days + EPOCH_WEEKDAY) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

sf_date sf_calendar_civil_from_days(int64_t z) {
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    sf_date d;
    d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.year = (int)(yoe + era * 400 + (d.month <= 2));
    d.weekday = sf_calendar_weekday(z - 719468);
    return d;
}

static int leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int sf_calendar_month_days(int year, int month) {
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && leap(year) ? 29 : days[month - 1];
}

static int digits(const char *s, int n, int *v) {
    int x = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return 0;
}

int sf_calendar_parse_date(const char *s, size_t len, int64_t *days, const char **why) {
    int y, m, d;
    *why = "a date such as 2027-01-04 (YYYY-MM-DD)";
    if (len != 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) || digits(s + 5, 2, &m) ||
        digits(s + 8, 2, &d))
        return -1;
    if (y < 1000) {
        *why = "a year from 1000 to 9999";
        return -1;
    }
    if (m < 1 || m > 12) {
        *why = "a month from 01 to 12";
        return -1;
    }
    if (d < 1 || d > sf_calendar_month_days(y, m)) {
        *why = "a day that exists in that month";
        return -1;
    }
    *days = sf_calendar_days_from_civil(y, m, d);
    return 0;
}

int sf_calendar_parse_monthday(const char *s, size_t len, int *month, int *day, const char **why) {
    int m, d;
    *why = "a day of the year such as 06-20 (MM-DD)";
    if (len != 5 || s[2] != '-' || digits(s, 2, &m) || digits(s + 3, 2, &d))
        return -1;
    if (m < 1 || m > 12) {
        *why = "a month from 01 to 12";
        return -1;
    }
    /* 02-29 is a day of leap years; a period may name it. */
    if (d < 1 || d > sf_calendar_month_days(2000, m)) {
        *why = "a day that exists in that month";
        return -1;
    }
    *month = m;
    *day = d;
    return 0;
}

void sf_calendar_init(sf_calendar *cal, int dated, int64_t start, double warmup) {
    memset(cal, 0, sizeof *cal);
    memset(cal->md_period, -1, sizeof cal->md_period);
    cal->constant = 1;
    if (dated) {
        /* Observation starts at start 00:00: t = 0 lies the warm-up before. */
        double whole = floor(warmup / 24);
        double frac = warmup - 24 * whole;
        cal->dated = 1;
        cal->start = start;
        cal->day0 = start - (int64_t)whole - (frac > 0);
        cal->hour0 = frac > 0 ? 24 - frac : 0;
    } else {
        /* No date: keep t = 0 on a Monday 00:00, as profiles always assumed. */
        int64_t weeks = (int64_t)ceil(warmup / 168);
        cal->day0 = SF_CALENDAR_DEFAULT_START - 7 * weeks;
        cal->hour0 = 0;
        cal->start = cal->day0 + (int64_t)floor(warmup / 24);
    }
    cal->how0 = sf_calendar_weekday(cal->day0) * 24.0 + cal->hour0;
}

static int md_key(int month, int day) { return month * 32 + day; }

void sf_calendar_set_periods(sf_calendar *cal, const sf_period *periods, int n) {
    cal->periods = periods;
    cal->nperiods = n;
    memset(cal->md_period, -1, sizeof cal->md_period);
    for (int i = 0; i < n; i++) {
        const sf_period *p = &periods[i];
        int m = p->from_month, d = p->from_day;
        /* Walk the days of a leap year from `from` to `to`, wrapping at the
         * year end; earlier periods keep the days they already cover. */
        for (;;) {
            signed char *slot = &cal->md_period[md_key(m, d)];
            if (*slot < 0)
                *slot = (signed char)i;
            if (m == p->to_month && d == p->to_day)
                break;
            if (++d > sf_calendar_month_days(2000, m)) {
                d = 1;
                m = m == 12 ? 1 : m + 1;
            }
        }
    }
    int first = cal->md_period[md_key(1, 1)];
    cal->constant = 1;
    for (int m = 1; m <= 12; m++)
        for (int d = 1; d <= sf_calendar_month_days(2000, m); d++)
            cal->constant &= cal->md_period[md_key(m, d)] == first;
}

int64_t sf_calendar_day(const sf_calendar *cal, double t) {
    return cal->day0 + (int64_t)floor((t + cal->hour0) / 24);
}

sf_date sf_calendar_date(const sf_calendar *cal, double t) {
    return sf_calendar_civil_from_days(sf_calendar_day(cal, t));
}

double sf_calendar_t_of_day(const sf_calendar *cal, int64_t day) {
    return (double)(day - cal->day0) * 24 - cal->hour0;
}

int sf_calendar_period_of_day(const sf_calendar *cal, int64_t day) {
    if (cal->nperiods == 0)
        return -1;
    sf_date d = sf_calendar_civil_from_days(day);
    return cal->md_period[md_key(d.month, d.day)];
}

int sf_calendar_period(const sf_calendar *cal, double t) {
    return cal->nperiods ? sf_calendar_period_of_day(cal, sf_calendar_day(cal, t)) : -1;
}

double sf_calendar_next_change(const sf_calendar *cal, double t) {
    if (cal->constant)
        return INFINITY;
    int64_t day = sf_calendar_day(cal, t);
    int p = sf_calendar_period_of_day(cal, day);
    /* A period that differs only on 02-29 changes next in the next leap
     * year, at most eight years on (2096 to 2104). */
    for (int k = 1; k <= MAX_CHANGE_SCAN; k++)
        if (sf_calendar_period_of_day(cal, day + k) != p)
            return sf_calendar_t_of_day(cal, day + k);
    return INFINITY;
}

int sf_calendar_find(const sf_calendar *cal, const char *name, size_t len) {
    for (int i = 0; i < cal->nperiods; i++)
        if (strlen(cal->periods[i].name) == len && memcmp(cal->periods[i].name, name, len) == 0)
            return i;
    return -1;
}

double sf_calendar_year_mean(const sf_calendar *cal, const double *by_period) {
    if (!by_period)
        return 1;
    double sum = 0;
    for (int64_t d = 0; d < 365; d++)
        sum += by_period[sf_calendar_period_of_day(cal, cal->start + d) + 1];
    return sum / 365;
}
