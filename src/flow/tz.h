/* tz.h: time zones and civil dates for patient-flow data, without global
 * state (no TZ environment variable, no localtime): the ingest readers turn
 * local wall-clock times into UTC seconds, and the metrics turn UTC seconds
 * back into local hour of week and month.
 *
 * Zones: "UTC" (also "Z", "GMT"), fixed offsets ("+01:00", "-0330", "+02",
 * optionally after "UTC"), and the Nordic/central European zones
 * Europe/Oslo, Europe/Stockholm, Europe/Copenhagen, Europe/Berlin (UTC+1),
 * Europe/Helsinki (UTC+2), Europe/London (UTC+0), with the EU summer-time
 * rule: +1 h from the last Sunday of March 01:00 UTC to the last Sunday of
 * October 01:00 UTC. The rule is applied to every year (historical rules
 * before 1996, when the EU end moved from September to October, are not
 * modelled), and Atlantic/Reykjavik (UTC+0, no summer time).
 *
 * Local times at the changes (sf_tz_to_utc):
 * - the hour that occurs twice in autumn (02:00-02:59 in Oslo) is taken as
 *   the FIRST occurrence, in summer time (like Python's fold=0);
 * - the hour that does not exist in spring (02:00-02:59 in Oslo) is read
 *   with the offset in force before the change (standard time), so 02:30
 *   becomes 01:30 UTC, which is 03:30 summer time.
 *
 * Weeks start on Monday (ISO 8601): weekday 0 = Monday ... 6 = Sunday, and
 * hour of week 0 = Monday 00:00-00:59 local time. */
#ifndef SF_FLOW_TZ_H
#define SF_FLOW_TZ_H

#include <stdint.h>

/* Years for which the summer-time changes are precomputed; outside them
 * they are computed on each call (same answer, slower). */
#define SF_TZ_Y0 1970
#define SF_TZ_NY 161 /* 1970..2130 */

typedef struct sf_tz {
    char name[40];
    int32_t std_off; /* seconds east of UTC in standard time */
    int32_t dst_off; /* seconds east of UTC in summer time (= std_off if none) */
    int eu_rule;     /* non-zero: EU summer-time rule */
    /* UTC seconds of the start and end of summer time, per year */
    int64_t dst_start[SF_TZ_NY], dst_end[SF_TZ_NY];
} sf_tz;

/* Fills tz from a name (see above). 0, or SF_ERR_ARG for an unknown zone. */
int sf_tz_parse(const char *name, sf_tz *tz);
/* The offset (seconds east of UTC) in force at the instant utc. */
int32_t sf_tz_offset(const sf_tz *tz, int64_t utc);
/* Local wall-clock seconds (as if local time were UTC) for an instant. */
static inline int64_t sf_tz_local(const sf_tz *tz, int64_t utc) {
    return utc + sf_tz_offset(tz, utc);
}
/* The instant of a local wall-clock time, by the rule above. */
int64_t sf_tz_to_utc(const sf_tz *tz, int64_t local);

/* ---- Civil (proleptic Gregorian) dates ---- */

/* Days since 1970-01-01 of y-m-d (m 1..12, d 1..31); valid for any year
 * that fits in int32. */
int64_t sf_days_from_civil(int64_t y, int m, int d);
/* The date of a day count. */
void sf_civil_from_days(int64_t days, int64_t *y, int *m, int *d);
/* 0 = Monday ... 6 = Sunday. */
int sf_weekday(int64_t days);
int sf_days_in_month(int64_t y, int m);
/* floor(a / b) for b > 0. */
static inline int64_t sf_floor_div(int64_t a, int64_t b) {
    return a / b - (a % b != 0 && ((a < 0) != (b < 0)));
}

/* Local hour of week 0..167 (Monday 00h = 0) of an instant. */
int sf_tz_hour_of_week(const sf_tz *tz, int64_t utc);
/* Local calendar month 1..12 and year of an instant. */
void sf_tz_year_month(const sf_tz *tz, int64_t utc, int64_t *year, int *month);

#endif
