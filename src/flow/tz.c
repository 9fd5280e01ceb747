/* tz.c: time zones (fixed offsets and the EU summer-time rule) and civil
 * date arithmetic; see tz.h. The summer-time instants are precomputed per
 * year into the sf_tz itself, so lookups are a table read and the zone can
 * be shared read-only by threads. */
#include "flow/tz.h"
#include "samflyt/samflyt.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Howard Hinnant's days_from_civil / civil_from_days. */
int64_t sf_days_from_civil(int64_t y, int m, int d) {
    y -= m <= 2;
    int64_t era = sf_floor_div(y, 400);
    int64_t yoe = y - era * 400;                                  /* [0, 399] */
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

void sf_civil_from_days(int64_t z, int64_t *y, int *m, int *d) {
    z += 719468;
    int64_t era = sf_floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

int sf_weekday(int64_t days) {
    /* 1970-01-01 was a Thursday (3 when Monday is 0) */
    int64_t w = (days + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

int sf_days_in_month(int64_t y, int m) {
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2)
        return 28 + ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
    return dm[(m - 1) % 12];
}

/* Days since the epoch of the last Sunday of month m in year y. */
static int64_t last_sunday(int64_t y, int m) {
    int64_t d = sf_days_from_civil(y, m, sf_days_in_month(y, m));
    return d - (sf_weekday(d) + 1) % 7;
}

static void eu_window(int64_t y, int64_t *start, int64_t *end) {
    *start = last_sunday(y, 3) * 86400 + 3600;
    *end = last_sunday(y, 10) * 86400 + 3600;
}

/* "+01:00", "-0330", "+02", "+1": seconds east of UTC, or -1 on error. */
static int parse_offset(const char *s, int32_t *off) {
    int sign = 0;
    if (*s == '+')
        sign = 1;
    else if (*s == '-')
        sign = -1;
    else
        return -1;
    s++;
    int h = 0, mi = 0, nd = 0;
    while (*s >= '0' && *s <= '9' && nd < 2) {
        h = h * 10 + (*s++ - '0');
        nd++;
    }
    if (!nd)
        return -1;
    if (*s == ':')
        s++;
    if (*s) {
        if (!(s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9') || s[2])
            return -1;
        mi = (s[0] - '0') * 10 + (s[1] - '0');
    }
    if (h > 18 || mi > 59)
        return -1;
    *off = sign * (h * 3600 + mi * 60);
    return 0;
}

int sf_tz_parse(const char *name, sf_tz *tz) {
    static const struct {
        const char *name;
        int32_t std_off;
        int eu;
    } zones[] = {
        {"Europe/Oslo", 3600, 1},     {"Europe/Stockholm", 3600, 1}, {"Europe/Copenhagen", 3600, 1},
        {"Europe/Berlin", 3600, 1},   {"Europe/Helsinki", 7200, 1},  {"Europe/London", 0, 1},
        {"Atlantic/Reykjavik", 0, 0},
    };
    memset(tz, 0, sizeof *tz);
    if (!name || strlen(name) >= sizeof tz->name)
        return SF_ERR_ARG;
    snprintf(tz->name, sizeof tz->name, "%s", name);
    int found = 0;
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
        if (!strcasecmp(name, zones[i].name)) {
            tz->std_off = tz->dst_off = zones[i].std_off;
            tz->eu_rule = zones[i].eu;
            if (tz->eu_rule)
                tz->dst_off += 3600;
            snprintf(tz->name, sizeof tz->name, "%s", zones[i].name);
            found = 1;
        }
    if (!found) {
        const char *s = name;
        if (!strcasecmp(s, "UTC") || !strcasecmp(s, "Z") || !strcasecmp(s, "GMT")) {
            snprintf(tz->name, sizeof tz->name, "UTC");
            return 0;
        }
        if (!strncasecmp(s, "UTC", 3) || !strncasecmp(s, "GMT", 3))
            s += 3;
        if (parse_offset(s, &tz->std_off))
            return SF_ERR_ARG;
        tz->dst_off = tz->std_off;
        return 0;
    }
    for (int i = 0; i < SF_TZ_NY; i++)
        eu_window(SF_TZ_Y0 + i, &tz->dst_start[i], &tz->dst_end[i]);
    return 0;
}

int32_t sf_tz_offset(const sf_tz *tz, int64_t utc) {
    if (!tz->eu_rule)
        return tz->std_off;
    /* beyond +-300 000 years (and SF_T_NONE) the calendar arithmetic
     * could overflow; no patient data lives there */
    if (utc < -10000000000000LL || utc > 10000000000000LL)
        return tz->std_off;
    /* The year estimated from the mean Gregorian year can be off by one
     * only within about a day of New Year, far from the March-October
     * window, where either year's window gives standard time. */
    int64_t y = SF_TZ_Y0 + sf_floor_div(utc, 31556952);
    int64_t s, e;
    if (y >= SF_TZ_Y0 && y < SF_TZ_Y0 + SF_TZ_NY) {
        s = tz->dst_start[y - SF_TZ_Y0];
        e = tz->dst_end[y - SF_TZ_Y0];
    } else {
        int64_t yy;
        int m, d;
        sf_civil_from_days(sf_floor_div(utc, 86400), &yy, &m, &d);
        eu_window(yy, &s, &e);
    }
    return utc >= s && utc < e ? tz->dst_off : tz->std_off;
}

int64_t sf_tz_to_utc(const sf_tz *tz, int64_t local) {
    if (tz->std_off == tz->dst_off)
        return local - tz->std_off;
    int64_t u_dst = local - tz->dst_off, u_std = local - tz->std_off;
    if (sf_tz_offset(tz, u_dst) == tz->dst_off)
        return u_dst; /* summer time, or the first of an ambiguous pair */
    /* standard time, or a time in the spring gap read in standard time */
    return u_std;
}

int sf_tz_hour_of_week(const sf_tz *tz, int64_t utc) {
    int64_t l = sf_tz_local(tz, utc);
    int64_t days = sf_floor_div(l, 86400);
    int64_t hour = (l - days * 86400) / 3600;
    return sf_weekday(days) * 24 + (int)hour;
}

void sf_tz_year_month(const sf_tz *tz, int64_t utc, int64_t *year, int *month) {
    int d;
    sf_civil_from_days(sf_floor_div(sf_tz_local(tz, utc), 86400), year, month, &d);
}
