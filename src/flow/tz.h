/* tz.h: time zones and civil dates for patient-flow data, without global
 * state (no TZ environment variable, no localtime): the ingest readers turn
 * local wall-clock times into UTC seconds, and the metrics turn UTC seconds
 * back into local hour of week and month.
 *
 * Zones: "UTC" (also "Z", "GMT"), fixed offsets ("+01:00", "-0330", "+02",
 * optionally after "UTC" or "GMT", east of UTC as in ISO 8601), and any
 * IANA zone name (Europe/Oslo, America/New_York, ...) read from the
 * system's tz database: the TZif file (RFC 8536) under SF_TZ_DIR, Debian's
 * tzdata. Its transitions give every change the database knows (Norway's
 * summer time of 1916, 1943-45, 1959-65 and since 1980, ...); the POSIX TZ
 * rule in the file's footer gives the changes after the last one. Names
 * are matched without regard to case ("europe/oslo").
 *
 * Local times at the changes (sf_tz_to_utc): a wall-clock time that
 * occurs twice or not at all is read with the offset in force BEFORE the
 * change. So the hour that occurs twice in autumn (02:00-02:59 in Oslo) is
 * its first occurrence, in summer time (Python's fold=0), and a time in
 * the hour skipped in spring (02:30 in Oslo) is read in standard time:
 * 01:30 UTC, which the clocks show as 03:30 summer time.
 *
 * Lookups are O(1): the transitions, extended by the footer rule up to
 * SF_TZ_YEND, are indexed by month, and beyond them the rule is computed
 * on the fly. An sf_tz is a plain value (no pointers): copy it, and share it
 * read-only between threads.
 *
 * Weeks start on Monday (ISO 8601): weekday 0 = Monday ... 6 = Sunday, and
 * hour of week 0 = Monday 00:00-00:59 local time. */
#ifndef SF_FLOW_TZ_H
#define SF_FLOW_TZ_H

#include "samflyt/samflyt.h"

#include <stddef.h>
#include <stdint.h>

/* Instants this far from 1970 (seconds) are no data: left unchanged. */
#define SF_TZ_FAR 10000000000000LL

/* Where the tz database lives (Debian: package tzdata). */
#define SF_TZ_DIR "/usr/share/zoneinfo"

enum {
    SF_TZ_MAXT = 1024,   /* transitions kept: the file's plus the rule's */
    SF_TZ_MAXTYPES = 64, /* local time types (offset, summer time or not) */
    SF_TZ_Y0 = 1800,     /* the month index covers SF_TZ_Y0 .. SF_TZ_YEND - 1 */
    SF_TZ_YEND = 2200,
};

/* A footer rule: std_off all year, or dst_off from start to end. */
typedef struct sf_tz_rule {
    int32_t std_off, dst_off; /* seconds east of UTC */
    int has_dst;
    /* start and end: kind 'M' (month, week 1..5 (5 = last), weekday 0 =
     * Sunday), 'J' (day 1..365, never Feb 29) or 'N' (day 0..365) */
    struct sf_tz_date {
        char kind;
        int16_t m, w, d;
        int32_t time; /* seconds after local midnight, -167 h .. 167 h */
    } start, end;
} sf_tz_rule;

typedef struct sf_tz {
    char name[64];    /* as the zone is known: "Europe/Oslo", "UTC", "+01:00" */
    char version[16]; /* the tz database's release ("2025b"), "" if unknown */
    /* local time types; 0 only in a zone that failed to load (such as the
     * Europe/Oslo of sf_flow_read_opts_init without tzdata), which reads as
     * UTC: callers load their zone with sf_tz_load to report the failure */
    int ntypes;
    int32_t type_off[SF_TZ_MAXTYPES];
    uint8_t type_dst[SF_TZ_MAXTYPES];
    int nt;                     /* transitions */
    int ny_end;                 /* the table covers the rule up to this year (excl.) */
    int has_rule;               /* a footer rule for times after the table */
    int64_t rule_t0;            /* from 1 Jan of ny_end on, the rule is computed */
    uint8_t rule_std, rule_dst; /* the rule's two types */
    int64_t t[SF_TZ_MAXT];      /* UTC seconds of each transition, ascending */
    uint8_t type[SF_TZ_MAXT];   /* the type in force from t[i] on */
    /* per month from SF_TZ_Y0: the first transition at or after its 1st */
    uint16_t month_first[(SF_TZ_YEND - SF_TZ_Y0) * 12];
    sf_tz_rule rule;
    int32_t std_off; /* a fixed zone's offset; the rule's standard offset otherwise */
} sf_tz;

/* Fills tz from a name (see above): SF_ERR_ARG for a malformed or unknown
 * name, SF_ERR_IO when the zone file cannot be read or is not valid TZif;
 * d (may be NULL) says which and why. */
int sf_tz_load(const char *name, sf_tz *tz, sf_diag *d);
/* sf_tz_load under another zone directory (tests). */
int sf_tz_load_dir(const char *dir, const char *name, sf_tz *tz, sf_diag *d);
/* sf_tz_load without a diagnostic. */
int sf_tz_parse(const char *name, sf_tz *tz);
/* Fills tz from the bytes of a TZif file; name names it in tz and in d. */
int sf_tz_from_tzif(const char *name, const void *data, size_t size, sf_tz *tz, sf_diag *d);

/* The offset (seconds east of UTC) in force at the instant utc. */
int32_t sf_tz_offset(const sf_tz *tz, int64_t utc);
/* Local wall-clock seconds (as if local time were UTC) for an instant. */
static inline int64_t sf_tz_local(const sf_tz *tz, int64_t utc) {
    /* beyond +-300 000 years (SF_T_NONE): unchanged, never overflowing */
    if (utc < -SF_TZ_FAR || utc > SF_TZ_FAR)
        return utc;
    return utc + sf_tz_offset(tz, utc);
}
/* The instant of a local wall-clock time, by the rule above (beyond
 * SF_TZ_FAR: unchanged). */
int64_t sf_tz_to_utc(const sf_tz *tz, int64_t local);
/* Has the local day [l0, l0 + 86400) one offset, no change inside it or
 * near it? Then 1 and *off: sf_tz_to_utc(tz, l) == l - *off for every l
 * of the day. 0 for a day with a change (or close to one, or far out),
 * where each time must go through sf_tz_to_utc. Readers cache this per
 * date (sf_time_parse_iso19), so most times skip the zone's tables. */
int sf_tz_day_offset(const sf_tz *tz, int64_t l0, int32_t *off);

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
