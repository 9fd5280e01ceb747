/* tz.c: time zones read from the system's tz database (TZif files, RFC
 * 8536, with the POSIX TZ rule of their footer), fixed offsets, and civil
 * date arithmetic; see tz.h.
 *
 * The TZif reader treats the file as untrusted bytes: every count is
 * checked against the bytes left before anything is read, every index
 * against its table, and anything the rest of the code relies on
 * (ascending transitions, offsets under 26 h) is checked once here, so the
 * lookups below need no checks of their own. fuzz/fuzz_tz.c fuzzes it.
 *
 * Lookups: month_first[] gives, per month, the first transition of that
 * month, so an instant is placed by estimating its month from the mean
 * Gregorian month (off by at most one) and stepping over the transitions
 * of a month or two, rarely more than one: O(1), no search, no state. */
#include "flow/tz.h"

#include "core/diag.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

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

/* Instants beyond SF_TZ_FAR (and SF_T_NONE) are clamped: the calendar
 * arithmetic stays far from overflow, and no data lives there. */
#define TZ_FAR SF_TZ_FAR
/* Transition times are kept within this, so t + offset never overflows. */
#define TZ_TMAX (INT64_C(1) << 60)
/* |UT offset| below 26 h (RFC 8536 recommends -89999 .. 93599 s). */
#define TZ_OFFMAX 93600

static int64_t clamp_far(int64_t x) { return x < -TZ_FAR ? -TZ_FAR : x > TZ_FAR ? TZ_FAR : x; }

/* Estimated year of an instant: exact or one too high or low. */
static int64_t year_est(int64_t s) { return 1970 + sf_floor_div(s, 31556952); }

/* ---- the POSIX TZ rule -------------------------------------------------- */

/* Day (since the epoch) in year y of a rule date. */
static int64_t rule_day(const struct sf_tz_date *r, int64_t y) {
    int64_t jan1 = sf_days_from_civil(y, 1, 1);
    int leap = sf_days_in_month(y, 2) == 29;
    if (r->kind == 'J')
        return jan1 + r->d - 1 + (leap && r->d >= 60);
    if (r->kind == 'N')
        return jan1 + r->d;
    int64_t first = sf_days_from_civil(y, r->m, 1);
    int wd = (sf_weekday(first) + 1) % 7; /* 0 = Sunday */
    int64_t day = first + (r->d - wd + 7) % 7 + 7 * (r->w - 1);
    while (day >= first + sf_days_in_month(y, r->m))
        day -= 7;
    return day;
}

/* The rule's two changes in year y, in time order: instants and types. */
static void rule_year(const sf_tz *tz, int64_t y, int64_t t[2], uint8_t ty[2]) {
    const sf_tz_rule *r = &tz->rule;
    int64_t s = rule_day(&r->start, y) * 86400 + r->start.time - r->std_off;
    int64_t e = rule_day(&r->end, y) * 86400 + r->end.time - r->dst_off;
    if (s <= e) {
        t[0] = s, ty[0] = tz->rule_dst, t[1] = e, ty[1] = tz->rule_std;
    } else {
        t[0] = e, ty[0] = tz->rule_std, t[1] = s, ty[1] = tz->rule_dst;
    }
}

/* ---- lookups -------------------------------------------------------------- */

/* A run of transitions: ty[i] is in force from t[i]; before t[0], ty0. */
typedef struct tz_run {
    const int64_t *t;
    const uint8_t *ty;
    int n;
    uint8_t ty0;
} tz_run;

static uint8_t run_type_at(const tz_run *r, int from, int64_t utc) {
    int i = from;
    while (i < r->n && r->t[i] <= utc)
        i++;
    return i ? r->ty[i - 1] : r->ty0;
}

/* Local wall-clock time l to UTC, starting the scan at index from (all
 * transitions before it lie more than a day before l): the change that
 * governs l is the last whose wall-clock time before the change, t + the
 * old offset, is at or before l. In its gap, l is read with the old offset;
 * its overlap comes before that wall-clock time, so the old offset rules
 * there too. */
static int64_t run_to_utc(const sf_tz *tz, const tz_run *r, int from, int64_t l) {
    int k = from - 1;
    for (int i = from; i < r->n; i++) {
        int32_t before = tz->type_off[i ? r->ty[i - 1] : r->ty0];
        if (r->t[i] + before > l)
            break;
        k = i;
    }
    if (k < 0)
        return l - tz->type_off[r->ty0];
    int32_t b = tz->type_off[k ? r->ty[k - 1] : r->ty0], a = tz->type_off[r->ty[k]];
    return l < r->t[k] + a ? l - b : l - a;
}

/* The rule computed on the fly for the years around instant s. */
static tz_run rule_run(const sf_tz *tz, int64_t s, int64_t t[6], uint8_t ty[6]) {
    int64_t y;
    int m, d;
    sf_civil_from_days(sf_floor_div(s, 86400), &y, &m, &d);
    for (int k = 0; k < 3; k++)
        rule_year(tz, y - 1 + k, t + 2 * k, ty + 2 * k);
    return (tz_run){t, ty, 6, ty[0] == tz->rule_dst ? tz->rule_std : tz->rule_dst};
}

/* 1800-01-01 00:00 UTC (SF_TZ_Y0), and the mean Gregorian month. */
#define TZ_T_Y0 (-62091LL * 86400)
#define TZ_MONTH 2629746

/* Index to start scanning at for instant (or wall-clock time) s, going
 * back `back` months from its estimated month. The estimate from the mean
 * month is off by at most one: month starts stray from the mean grid by
 * days, not weeks. */
static int table_from(const sf_tz *tz, int64_t s, int back) {
    int64_t m = sf_floor_div(s - TZ_T_Y0, TZ_MONTH) - back;
    if (m < 0)
        return 0;
    /* after SF_TZ_YEND: from the last month on (only odd files have
     * transitions there; the rule usually takes over before) */
    if (m >= (SF_TZ_YEND - SF_TZ_Y0) * 12)
        m = (SF_TZ_YEND - SF_TZ_Y0) * 12 - 1;
    return tz->month_first[m];
}

int32_t sf_tz_offset(const sf_tz *tz, int64_t utc) {
    if (!tz->ntypes)
        return 0;
    if (!tz->nt && !tz->has_rule)
        return tz->type_off[0];
    utc = clamp_far(utc);
    if (tz->has_rule && utc >= tz->rule_t0) {
        int64_t t[6];
        uint8_t ty[6];
        tz_run r = rule_run(tz, utc, t, ty);
        return tz->type_off[run_type_at(&r, 0, utc)];
    }
    /* before SF_TZ_Y0 the scan starts at the first transition */
    tz_run r = {tz->t, tz->type, tz->nt, 0};
    return tz->type_off[run_type_at(&r, table_from(tz, utc, 1), utc)];
}

int64_t sf_tz_to_utc(const sf_tz *tz, int64_t local) {
    if (!tz->ntypes || local != clamp_far(local))
        return local;
    if (!tz->nt && !tz->has_rule)
        return local - tz->type_off[0];
    if (tz->has_rule && local >= tz->rule_t0) {
        int64_t t[6];
        uint8_t ty[6];
        tz_run r = rule_run(tz, local, t, ty);
        return run_to_utc(tz, &r, 0, local);
    }
    tz_run r = {tz->t, tz->type, tz->nt, 0};
    /* two months back: every transition before the start lies weeks,
     * more than any offset, before local */
    return run_to_utc(tz, &r, table_from(tz, local, 2), local);
}

int sf_tz_day_offset(const sf_tz *tz, int64_t l0, int32_t *off) {
    if (!tz->ntypes) {
        *off = 0;
        return 1;
    }
    if (!tz->nt && !tz->has_rule) {
        *off = tz->type_off[0];
        return 1;
    }
    if (l0 < -TZ_FAR / 2 || l0 > TZ_FAR / 2)
        return 0;
    /* every instant of the day lies in [lo, hi]: with no change there,
     * one offset rules it */
    int64_t lo = l0 - TZ_OFFMAX, hi = l0 + 86400 + TZ_OFFMAX;
    if (tz->has_rule && hi + 2 * 86400 >= tz->rule_t0) {
        if (lo - 2 * 86400 <= tz->rule_t0)
            return 0; /* where the table hands over to the rule */
        int64_t t[6];
        uint8_t ty[6];
        rule_run(tz, l0, t, ty);
        for (int k = 0; k < 6; k++)
            if (t[k] >= lo && t[k] <= hi)
                return 0;
    } else {
        int i = table_from(tz, lo, 2);
        while (i < tz->nt && tz->t[i] < lo)
            i++;
        if (i < tz->nt && tz->t[i] <= hi)
            return 0;
    }
    /* the day's two ends agree, as they must */
    int64_t u0 = sf_tz_to_utc(tz, l0), u1 = sf_tz_to_utc(tz, l0 + 86399);
    if (l0 - u0 != l0 + 86399 - u1)
        return 0;
    *off = (int32_t)(l0 - u0);
    return 1;
}

int sf_tz_hour_of_week(const sf_tz *tz, int64_t utc) {
    int64_t l = sf_tz_local(tz, utc);
    int64_t sod = l % 86400; /* not l - days * 86400: no overflow at SF_T_NONE */
    if (sod < 0)
        sod += 86400;
    return sf_weekday(sf_floor_div(l, 86400)) * 24 + (int)(sod / 3600);
}

void sf_tz_year_month(const sf_tz *tz, int64_t utc, int64_t *year, int *month) {
    int d;
    sf_civil_from_days(sf_floor_div(sf_tz_local(tz, utc), 86400), year, month, &d);
}

/* ---- fixed zones ------------------------------------------------------------ */

static void tz_fixed(sf_tz *tz, const char *name, int32_t off) {
    memset(tz, 0, sizeof *tz);
    snprintf(tz->name, sizeof tz->name, "%s", name);
    tz->ntypes = 1;
    tz->type_off[0] = off;
    tz->std_off = off;
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

/* ---- the footer: a POSIX TZ string (RFC 8536 section 3.3) ----------------- */

typedef struct tz_scan {
    const char *s, *end;
} tz_scan;

static int sc_num(tz_scan *c, int maxdig, int *v) {
    int n = 0, x = 0;
    while (c->s < c->end && *c->s >= '0' && *c->s <= '9' && n < maxdig) {
        x = x * 10 + (*c->s++ - '0');
        n++;
    }
    *v = x;
    return n ? 0 : -1;
}

/* [+-]hh[:mm[:ss]] with hours up to maxh, in seconds. */
static int sc_hms(tz_scan *c, int maxh, int32_t *sec) {
    int sign = 1, h, m = 0, s = 0;
    if (c->s < c->end && (*c->s == '+' || *c->s == '-'))
        sign = *c->s++ == '-' ? -1 : 1;
    if (sc_num(c, 3, &h) || h > maxh)
        return -1;
    if (c->s < c->end && *c->s == ':') {
        c->s++;
        if (sc_num(c, 2, &m) || m > 59)
            return -1;
        if (c->s < c->end && *c->s == ':') {
            c->s++;
            if (sc_num(c, 2, &s) || s > 59)
                return -1;
        }
    }
    *sec = sign * (h * 3600 + m * 60 + s);
    return 0;
}

/* A zone abbreviation: 3+ letters, or <...> of letters, digits, + and -. */
static int sc_abbr(tz_scan *c) {
    const char *s0 = c->s;
    if (c->s < c->end && *c->s == '<') {
        c->s++;
        while (c->s < c->end && *c->s != '>') {
            char ch = *c->s;
            if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                  (ch >= '0' && ch <= '9') || ch == '+' || ch == '-'))
                return -1;
            c->s++;
        }
        if (c->s >= c->end || c->s - s0 < 4)
            return -1;
        c->s++;
        return 0;
    }
    while (c->s < c->end && ((*c->s >= 'A' && *c->s <= 'Z') || (*c->s >= 'a' && *c->s <= 'z')))
        c->s++;
    return c->s - s0 >= 3 ? 0 : -1;
}

static int sc_date(tz_scan *c, struct sf_tz_date *r) {
    int v;
    memset(r, 0, sizeof *r);
    if (c->s < c->end && *c->s == 'M') {
        int m, w, d;
        c->s++;
        if (sc_num(c, 2, &m) || m < 1 || m > 12 || c->s >= c->end || *c->s++ != '.' ||
            sc_num(c, 1, &w) || w < 1 || w > 5 || c->s >= c->end || *c->s++ != '.' ||
            sc_num(c, 1, &d) || d > 6)
            return -1;
        r->kind = 'M', r->m = (int16_t)m, r->w = (int16_t)w, r->d = (int16_t)d;
    } else if (c->s < c->end && *c->s == 'J') {
        c->s++;
        if (sc_num(c, 3, &v) || v < 1 || v > 365)
            return -1;
        r->kind = 'J', r->d = (int16_t)v;
    } else {
        if (sc_num(c, 3, &v) || v > 365)
            return -1;
        r->kind = 'N', r->d = (int16_t)v;
    }
    r->time = 7200; /* 02:00 unless given */
    if (c->s < c->end && *c->s == '/') {
        c->s++;
        if (sc_hms(c, 167, &r->time))
            return -1;
    }
    return 0;
}

/* Parses a footer TZ string into rule; -1 if malformed. An empty string
 * (no rule) gives *has = 0. */
static int tz_posix(const char *s, size_t n, sf_tz_rule *rule, int *has) {
    tz_scan c = {s, s + n};
    memset(rule, 0, sizeof *rule);
    *has = 0;
    if (!n)
        return 0;
    int32_t off;
    if (sc_abbr(&c) || sc_hms(&c, 24, &off))
        return -1;
    rule->std_off = rule->dst_off = -off; /* POSIX counts west of UTC */
    *has = 1;
    if (c.s == c.end)
        return 0;
    if (sc_abbr(&c))
        return -1;
    rule->has_dst = 1;
    rule->dst_off = rule->std_off + 3600;
    if (c.s < c.end && *c.s != ',') {
        if (sc_hms(&c, 24, &off))
            return -1;
        rule->dst_off = -off;
    }
    /* RFC 8536 writes the rule out; we guess no default */
    if (c.s >= c.end || *c.s++ != ',' || sc_date(&c, &rule->start) || c.s >= c.end ||
        *c.s++ != ',' || sc_date(&c, &rule->end) || c.s != c.end)
        return -1;
    return 0;
}

/* ---- TZif (RFC 8536) ---------------------------------------------------------- */

static uint32_t be32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p) {
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

typedef struct tzif_hdr {
    int version;
    uint32_t isut, isstd, leap, time, type, chars;
} tzif_hdr;

#define TZIF_BAD(...) sf_diag_set(d, SF_ERR_IO, name, 0, 0, "not a valid TZif file: " __VA_ARGS__)

/* strict: the header of the data we use; the version-1 header of a
 * version-2+ file only sizes the block we skip (zic may leave it empty). */
static int tzif_header(const char *name, const unsigned char *p, size_t left, tzif_hdr *h,
                       size_t at, int strict, sf_diag *d) {
    if (left < 44 || memcmp(p, "TZif", 4))
        return TZIF_BAD("no TZif header at byte %zu", at);
    h->version = p[4] ? p[4] - '0' : 1;
    if (p[4] && (p[4] < '2' || p[4] > '9'))
        return TZIF_BAD("unknown version byte 0x%02x at byte %zu", p[4], at + 4);
    h->isut = be32(p + 20), h->isstd = be32(p + 24), h->leap = be32(p + 28);
    h->time = be32(p + 32), h->type = be32(p + 36), h->chars = be32(p + 40);
    if ((strict && (!h->type || !h->chars)) || (h->isut && h->isut != h->type) ||
        (h->isstd && h->isstd != h->type))
        return TZIF_BAD("inconsistent counts in the header at byte %zu", at);
    return 0;
}

/* Bytes of the data block after a header, with 4- or 8-byte times. */
static uint64_t tzif_block(const tzif_hdr *h, int tsize) {
    return (uint64_t)h->time * (uint64_t)(tsize + 1) + (uint64_t)h->type * 6 + h->chars +
           (uint64_t)h->leap * (uint64_t)(tsize + 4) + h->isstd + h->isut;
}

/* The type with this offset and flag, added if new; -1 when full. */
static int tz_type(sf_tz *tz, int32_t off, int dst) {
    for (int i = 0; i < tz->ntypes; i++)
        if (tz->type_off[i] == off && tz->type_dst[i] == dst)
            return i;
    if (tz->ntypes >= SF_TZ_MAXTYPES)
        return -1;
    tz->type_off[tz->ntypes] = off;
    tz->type_dst[tz->ntypes] = (uint8_t)dst;
    return tz->ntypes++;
}

/* Appends the rule's changes after the file's last transition, up to
 * SF_TZ_YEND or the table's capacity; the rest is computed on the fly. */
static void tz_extend(sf_tz *tz) {
    int64_t y = tz->nt ? year_est(tz->t[tz->nt - 1]) - 1 : 1969;
    if (y < 1969)
        y = 1969;
    tz->ny_end = (int)y;
    if (!tz->rule.has_dst) {
        /* one offset from the last transition on: nothing to add unless
         * the file ends in another type */
        uint8_t last = tz->nt ? tz->type[tz->nt - 1] : 0;
        if (last != tz->rule_std && tz->nt < SF_TZ_MAXT && tz->nt) {
            tz->t[tz->nt] = tz->t[tz->nt - 1] + 1;
            tz->type[tz->nt++] = tz->rule_std;
        }
        tz->has_rule = 0;
        tz->ny_end = SF_TZ_YEND;
        return;
    }
    for (; y < SF_TZ_YEND; y++) {
        int64_t t[2];
        uint8_t ty[2];
        rule_year(tz, y, t, ty);
        if (tz->nt + 2 > SF_TZ_MAXT)
            break;
        for (int k = 0; k < 2; k++) {
            if (tz->nt && t[k] <= tz->t[tz->nt - 1])
                continue;
            if (tz->nt && ty[k] == tz->type[tz->nt - 1])
                continue;
            tz->t[tz->nt] = t[k];
            tz->type[tz->nt++] = ty[k];
        }
        tz->ny_end = (int)y + 1;
    }
}

static void tz_index(sf_tz *tz) {
    int i = 0;
    tz->rule_t0 = sf_days_from_civil(tz->ny_end, 1, 1) * 86400;
    for (int y = SF_TZ_Y0; y < SF_TZ_YEND; y++)
        for (int m = 1; m <= 12; m++) {
            int64_t first = sf_days_from_civil(y, m, 1) * 86400;
            while (i < tz->nt && tz->t[i] < first)
                i++;
            tz->month_first[(y - SF_TZ_Y0) * 12 + m - 1] = (uint16_t)i;
        }
}

int sf_tz_from_tzif(const char *name, const void *data, size_t size, sf_tz *tz, sf_diag *d) {
    const unsigned char *p = data;
    memset(tz, 0, sizeof *tz);
    if (!name)
        name = "";
    tzif_hdr h;
    int err = tzif_header(name, p, size, &h, 0, !(size > 4 && p[4] >= '2'), d);
    if (err)
        return err;
    uint64_t v1 = tzif_block(&h, 4);
    if (v1 > size - 44)
        return TZIF_BAD("the header counts %" PRIu32 " transitions and %" PRIu32
                        " types, more than the file holds",
                        h.time, h.type);
    size_t at = 44, tsize = 4;
    if (h.version >= 2) {
        /* skip the 32-bit data: the 64-bit block after it is complete */
        at += (size_t)v1;
        if ((err = tzif_header(name, p + at, size - at, &h, at, 1, d)))
            return err;
        at += 44;
        tsize = 8;
        if (tzif_block(&h, 8) > size - at)
            return TZIF_BAD("the second header counts %" PRIu32 " transitions and %" PRIu32
                            " types, more than the file holds",
                            h.time, h.type);
    }
    if (h.leap)
        return TZIF_BAD("it counts leap seconds (a right/ zone); use the zone without right/");
    if (h.time > SF_TZ_MAXT - 2)
        return TZIF_BAD("%" PRIu32 " transitions, more than the %d samflyt keeps", h.time,
                        SF_TZ_MAXT - 2);
    if (h.type > SF_TZ_MAXTYPES - 2)
        return TZIF_BAD("%" PRIu32 " local time types, more than the %d samflyt keeps", h.type,
                        SF_TZ_MAXTYPES - 2);
    const unsigned char *tt = p + at, *ti = tt + h.time * tsize, *info = ti + h.time;
    size_t end = at + (size_t)tzif_block(&h, (int)tsize);
    /* types first: the transitions refer to them */
    for (uint32_t i = 0; i < h.type; i++) {
        const unsigned char *e = info + 6 * i;
        int32_t off = (int32_t)be32(e);
        if (off <= -TZ_OFFMAX || off >= TZ_OFFMAX || e[4] > 1 || e[5] >= h.chars)
            return TZIF_BAD("local time type %" PRIu32 " at byte %zu: offset %" PRId32
                            " s, flag %d, abbreviation index %d",
                            i, (size_t)(e - p), off, e[4], e[5]);
        tz->type_off[i] = off;
        tz->type_dst[i] = e[4];
    }
    tz->ntypes = (int)h.type;
    for (uint32_t i = 0; i < h.time; i++) {
        int64_t t = tsize == 8 ? be64(tt + 8 * i) : (int64_t)(int32_t)be32(tt + 4 * i);
        if (t < -TZ_TMAX || t > TZ_TMAX || (i && t <= tz->t[i - 1]))
            return TZIF_BAD("transition %" PRIu32 " at byte %zu is out of order", i,
                            (size_t)(tt + tsize * i - p));
        if (ti[i] >= h.type)
            return TZIF_BAD("transition %" PRIu32 " names type %d of %" PRIu32, i, ti[i], h.type);
        tz->t[i] = t;
        tz->type[i] = ti[i];
    }
    tz->nt = (int)h.time;
    snprintf(tz->name, sizeof tz->name, "%s", name);
    tz->std_off = tz->type_off[tz->nt ? tz->type[tz->nt - 1] : 0];
    tz->ny_end = SF_TZ_YEND;
    if (h.version >= 2) {
        /* the footer: "\n" TZ string "\n" */
        const char *f = (const char *)p + end, *fe;
        if (end >= size || *f != '\n' || !(fe = memchr(f + 1, '\n', size - end - 1)))
            return TZIF_BAD("no footer after byte %zu", end);
        int has;
        if (tz_posix(f + 1, (size_t)(fe - f - 1), &tz->rule, &has))
            return TZIF_BAD("footer TZ string '%.*s' is not a POSIX TZ rule",
                            (int)(fe - f - 1 < 60 ? fe - f - 1 : 60), f + 1);
        if (has) {
            int s = tz_type(tz, tz->rule.std_off, 0);
            int t = tz_type(tz, tz->rule.dst_off, 1);
            if (s < 0 || t < 0)
                return TZIF_BAD("too many local time types");
            tz->rule_std = (uint8_t)s;
            tz->rule_dst = (uint8_t)t;
            tz->has_rule = 1;
            tz->std_off = tz->rule.std_off;
            tz_extend(tz);
        }
    }
    tz_index(tz);
    return 0;
}

/* ---- names --------------------------------------------------------------------- */

/* An IANA name: components of letters, digits, '_', '-', '+' and inner
 * dots, never "." or "..", no leading '/'. */
static int iana_ok(const char *s) {
    if (!*s || *s == '/')
        return 0;
    for (const char *c = s; *c;) {
        const char *e = strchr(c, '/');
        size_t n = e ? (size_t)(e - c) : strlen(c);
        if (!n || c[0] == '.')
            return 0;
        for (size_t i = 0; i < n; i++) {
            char ch = c[i];
            if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                  (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '+' || ch == '.'))
                return 0;
        }
        c += n + (e != NULL);
        if (e && !*c)
            return 0;
    }
    return 1;
}

/* dir/name, matching each component without regard to case when the
 * exact spelling is missing; the name as spelt on disk goes to found. */
static int resolve(const char *dir, const char *name, char *path, size_t psize, char *found,
                   size_t fsize) {
    int n = snprintf(path, psize, "%s", dir);
    found[0] = '\0';
    size_t fl = 0;
    for (const char *c = name; *c;) {
        const char *e = strchr(c, '/');
        size_t len = e ? (size_t)(e - c) : strlen(c);
        char comp[256];
        if (len >= sizeof comp || (size_t)n + len + 2 >= psize || fl + len + 2 >= fsize)
            return -1;
        memcpy(comp, c, len);
        comp[len] = '\0';
        struct stat st;
        snprintf(path + n, psize - (size_t)n, "/%s", comp);
        if (stat(path, &st) != 0) {
            path[n] = '\0';
            DIR *dd = opendir(path);
            if (!dd)
                return -1;
            struct dirent *de;
            int hit = 0;
            while ((de = readdir(dd)))
                if (!strcasecmp(de->d_name, comp)) {
                    snprintf(comp, sizeof comp, "%s", de->d_name);
                    hit = 1;
                    break;
                }
            closedir(dd);
            if (!hit)
                return -1;
            snprintf(path + n, psize - (size_t)n, "/%s", comp);
        }
        n += (int)len + 1;
        fl += (size_t)snprintf(found + fl, fsize - fl, "%s%s", fl ? "/" : "", comp);
        c += len + (e != NULL);
    }
    return 0;
}

/* The release of the tz database in dir, from the first line of
 * tzdata.zi ("# version 2025b"), so a summary can say which rules it used. */
static void tz_version(const char *dir, char *v, size_t n) {
    char path[512], line[64];
    v[0] = '\0';
    snprintf(path, sizeof path, "%s/tzdata.zi", dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    if (fgets(line, sizeof line, f) && !strncmp(line, "# version ", 10)) {
        size_t k = strcspn(line + 10, " \r\n");
        if (k && k < n)
            snprintf(v, n, "%.*s", (int)k, line + 10);
    }
    fclose(f);
}

int sf_tz_load_dir(const char *dir, const char *name, sf_tz *tz, sf_diag *d) {
    memset(tz, 0, sizeof *tz);
    if (!name || !*name)
        return sf_diag_set(d, SF_ERR_ARG, NULL, 0, 0, "empty time zone name");
    if (strlen(name) >= sizeof tz->name)
        return sf_diag_set(d, SF_ERR_ARG, NULL, 0, 0, "time zone name '%.40s...' is too long",
                           name);
    if (!strcasecmp(name, "UTC") || !strcasecmp(name, "Z") || !strcasecmp(name, "GMT")) {
        tz_fixed(tz, "UTC", 0);
        return 0;
    }
    const char *s = name;
    if (!strncasecmp(s, "UTC", 3) || !strncasecmp(s, "GMT", 3))
        s += 3;
    if (*s == '+' || *s == '-') {
        int32_t off;
        if (parse_offset(s, &off))
            return sf_diag_set(d, SF_ERR_ARG, NULL, 0, 0,
                               "time zone '%s': expected an offset from UTC such as +01:00, "
                               "-0330 or +02 (at most 18 hours)",
                               name);
        tz_fixed(tz, name, off);
        return 0;
    }
    if (!iana_ok(name))
        return sf_diag_set(d, SF_ERR_ARG, NULL, 0, 0,
                           "unknown time zone '%s': expected an IANA name such as Europe/Oslo, "
                           "UTC, or an offset such as +01:00",
                           name);
    char path[512], found[sizeof tz->name];
    struct stat st;
    if (stat(dir, &st) != 0)
        return sf_diag_set(d, SF_ERR_IO, dir, 0, 0,
                           "time zone '%s': no tz database here (install the Debian package "
                           "tzdata)",
                           name);
    if (resolve(dir, name, path, sizeof path, found, sizeof found) || stat(path, &st) != 0 ||
        !S_ISREG(st.st_mode))
        return sf_diag_set(d, SF_ERR_ARG, NULL, 0, 0,
                           "unknown time zone '%s': not in the tz database (%s); expected an "
                           "IANA name such as Europe/Oslo, UTC, or an offset such as +01:00",
                           name, dir);
    if (st.st_size > (1 << 20))
        return sf_diag_set(d, SF_ERR_IO, path, 0, 0, "not a TZif file (%lld bytes)",
                           (long long)st.st_size);
    FILE *f = fopen(path, "rb");
    if (!f)
        return sf_diag_set(d, SF_ERR_IO, path, 0, 0, "cannot read: %s", strerror(errno));
    size_t cap = (size_t)st.st_size + 1;
    unsigned char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return sf_diag_set(d, SF_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    size_t n = fread(buf, 1, cap, f);
    int rerr = ferror(f);
    fclose(f);
    int err;
    if (rerr)
        err = sf_diag_set(d, SF_ERR_IO, path, 0, 0, "cannot read: %s", strerror(errno));
    else {
        err = sf_tz_from_tzif(found, buf, n, tz, d);
        if (err && d)
            memcpy(d->file, path, sizeof path);
        if (!err)
            tz_version(dir, tz->version, sizeof tz->version);
    }
    free(buf);
    return err;
}

int sf_tz_load(const char *name, sf_tz *tz, sf_diag *d) {
    return sf_tz_load_dir(SF_TZ_DIR, name, tz, d);
}

int sf_tz_parse(const char *name, sf_tz *tz) { return sf_tz_load(name, tz, NULL); }
