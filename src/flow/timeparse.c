/* timeparse.c: reading the timestamps of patient-flow exports (ingest.h):
 * ISO 8601 with or without offset, DD.MM.YYYY, YYYY/MM/DD, DD/MM/YYYY and
 * MM/DD/YYYY (with AM/PM), dates without time, epoch seconds and
 * milliseconds. The CSV reader sniffs each column's format from its values
 * (sf_time_sniff), then parses every value of the column in that one
 * format, so a value in another format is a reported bad time rather than a
 * silent guess. Hand-written digit scanning: this runs twice per row on
 * files of ten million rows. */
#include "flow/ingest.h"

#include <string.h>

static int isdig(char c) { return c >= '0' && c <= '9'; }

/* Reads 1..max digits at s[*i], at least min; -1 if fewer. */
static int digits(const char *s, size_t n, size_t *i, int min, int max, int *v) {
    int k = 0, x = 0;
    while (*i < n && k < max && isdig(s[*i])) {
        x = x * 10 + (s[*i] - '0');
        (*i)++;
        k++;
    }
    if (k < min)
        return -1;
    *v = x;
    return 0;
}

const char *sf_time_fmt_name(sf_time_fmt f) {
    switch (f) {
    case SF_TF_ISO: return "ISO 8601 (YYYY-MM-DD[THH:MM[:SS]][offset])";
    case SF_TF_DMY_DOT: return "DD.MM.YYYY [HH:MM[:SS]]";
    case SF_TF_YMD_SLASH: return "YYYY/MM/DD [HH:MM[:SS]]";
    case SF_TF_DMY_SLASH: return "DD/MM/YYYY [HH:MM[:SS]]";
    case SF_TF_MDY_SLASH: return "MM/DD/YYYY [HH:MM[:SS] [AM|PM]]";
    case SF_TF_SLASH: return "DD/MM/YYYY (ambiguous: no day above 12 seen; read as day first)";
    case SF_TF_EPOCH: return "epoch seconds";
    case SF_TF_EPOCH_MS: return "epoch milliseconds";
    default: return "unknown";
    }
}

static void trim(const char **s, size_t *n) {
    while (*n && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*n)--;
    }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

sf_time_fmt sf_time_sniff(const char *s, size_t n) {
    trim(&s, &n);
    size_t i = 0;
    while (i < n && isdig(s[i]))
        i++;
    if (i == 0)
        return SF_TF_UNKNOWN;
    if (i == n || (s[i] == '.' && i >= 9 && i < n)) {
        /* all digits (maybe with a fraction): an epoch; 12+ digits are ms
         * (10^11 s is the year 5138) */
        if (i >= 9 && i <= 11)
            return SF_TF_EPOCH;
        if (i >= 12 && i <= 14)
            return SF_TF_EPOCH_MS;
        return SF_TF_UNKNOWN;
    }
    if (i == 4 && s[i] == '-')
        return SF_TF_ISO;
    if (i == 4 && s[i] == '/')
        return SF_TF_YMD_SLASH;
    if (i <= 2 && s[i] == '.')
        return SF_TF_DMY_DOT;
    if (i <= 2 && s[i] == '/') {
        int a = 0, b = 0;
        size_t j = 0;
        digits(s, n, &j, 1, 2, &a);
        j++;
        if (digits(s, n, &j, 1, 2, &b) || j >= n || s[j] != '/')
            return SF_TF_UNKNOWN;
        if (a > 12 && b <= 12)
            return SF_TF_DMY_SLASH;
        if (b > 12 && a <= 12)
            return SF_TF_MDY_SLASH;
        return SF_TF_SLASH;
    }
    return SF_TF_UNKNOWN;
}

int sf_time_has_offset(const char *s, size_t n) {
    trim(&s, &n);
    if (n && (s[n - 1] == 'Z' || s[n - 1] == 'z'))
        return 1;
    /* an ISO offset: +hh[:mm] or -hh[:mm] after the time part */
    for (size_t i = n; i-- > 10;)
        if (s[i] == '+' || (s[i] == '-' && i > 10))
            return 1;
    return 0;
}

/* HH:MM[:SS[.fff]] with 1- or 2-digit hours; *sec gets seconds of the day
 * (24:00:00 allowed, meaning the end of the day). */
static int parse_clock(const char *s, size_t n, size_t *i, int64_t *sec) {
    int h, mi, se = 0;
    if (digits(s, n, i, 1, 2, &h) || *i >= n || s[*i] != ':')
        return -1;
    (*i)++;
    if (digits(s, n, i, 2, 2, &mi))
        return -1;
    if (*i < n && s[*i] == ':') {
        (*i)++;
        if (digits(s, n, i, 2, 2, &se))
            return -1;
        if (*i < n && (s[*i] == '.' || s[*i] == ',')) {
            /* fractional seconds: truncated to whole seconds */
            (*i)++;
            size_t k = *i;
            while (*i < n && isdig(s[*i]))
                (*i)++;
            if (*i == k)
                return -1;
        }
    }
    if (h > 24 || mi > 59 || se > 60 || (h == 24 && (mi || se)))
        return -1;
    *sec = h * 3600 + mi * 60 + se;
    return 0;
}

static int valid_date(int y, int m, int d) {
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= sf_days_in_month(y, m);
}

/* After a date: nothing, or a separator and a clock. */
static int date_then_clock(const char *s, size_t n, size_t *i, int64_t *sec, int ampm) {
    *sec = 0;
    if (*i == n)
        return 0;
    if (s[*i] != ' ' && s[*i] != 'T' && s[*i] != 't')
        return -1;
    (*i)++;
    while (*i < n && s[*i] == ' ')
        (*i)++;
    if (parse_clock(s, n, i, sec))
        return -1;
    if (ampm) {
        size_t j = *i;
        while (j < n && s[j] == ' ')
            j++;
        if (j + 2 == n && (s[j + 1] == 'M' || s[j + 1] == 'm')) {
            int pm = s[j] == 'P' || s[j] == 'p';
            if (!pm && s[j] != 'A' && s[j] != 'a')
                return -1;
            int64_t h = *sec / 3600;
            if (h < 1 || h > 12)
                return -1;
            if (h == 12)
                *sec -= 12 * 3600; /* 12 AM is midnight, 12 PM noon */
            if (pm)
                *sec += 12 * 3600;
            *i = n;
        }
    }
    return 0;
}

int sf_time_parse(const char *s0, size_t n0, sf_time_fmt f, const sf_tz *tz, int64_t *utc,
                  size_t *col) {
    const char *s = s0;
    size_t n = n0;
    trim(&s, &n);
    size_t lead = (size_t)(s - s0), i = 0;
    int y = 0, m = 0, d = 0, has_off = 0;
    int64_t sec = 0, off = 0;
    *col = lead;
    switch (f) {
    case SF_TF_EPOCH:
    case SF_TF_EPOCH_MS: {
        int neg = i < n && s[i] == '-';
        i += (size_t)neg;
        int64_t v = 0;
        size_t k = i;
        while (i < n && isdig(s[i]) && i - k < 15)
            v = v * 10 + (s[i++] - '0');
        if (i == k)
            goto bad;
        if (i < n && s[i] == '.') {
            i++;
            while (i < n && isdig(s[i]))
                i++;
        }
        if (i != n)
            goto bad;
        if (f == SF_TF_EPOCH_MS)
            v = neg ? -((v + 999) / 1000) : v / 1000; /* floor */
        else if (neg)
            v = -v;
        /* years 1..9999 */
        if (v < -62135596800LL || v > 253402300799LL)
            goto bad;
        *utc = v;
        return 0;
    }
    case SF_TF_ISO:
        if (digits(s, n, &i, 4, 4, &y) || i >= n || s[i++] != '-' || digits(s, n, &i, 2, 2, &m) ||
            i >= n || s[i++] != '-' || digits(s, n, &i, 2, 2, &d))
            goto bad;
        if (date_then_clock(s, n, &i, &sec, 0))
            goto bad;
        if (i < n) {
            /* offset: Z, +hh, +hhmm, +hh:mm (a space before it allowed) */
            if (s[i] == ' ')
                i++;
            if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
                i++;
                has_off = 1;
            } else if (i < n && (s[i] == '+' || s[i] == '-')) {
                int sign = s[i++] == '-' ? -1 : 1, oh, om = 0;
                if (digits(s, n, &i, 2, 2, &oh))
                    goto bad;
                if (i < n && s[i] == ':')
                    i++;
                if (i < n && digits(s, n, &i, 2, 2, &om))
                    goto bad;
                if (oh > 18 || om > 59)
                    goto bad;
                off = sign * (oh * 3600 + om * 60);
                has_off = 1;
            }
        }
        break;
    case SF_TF_DMY_DOT:
        if (digits(s, n, &i, 1, 2, &d) || i >= n || s[i++] != '.' || digits(s, n, &i, 1, 2, &m) ||
            i >= n || s[i++] != '.' || digits(s, n, &i, 4, 4, &y))
            goto bad;
        if (date_then_clock(s, n, &i, &sec, 0))
            goto bad;
        break;
    case SF_TF_YMD_SLASH:
        if (digits(s, n, &i, 4, 4, &y) || i >= n || s[i++] != '/' || digits(s, n, &i, 1, 2, &m) ||
            i >= n || s[i++] != '/' || digits(s, n, &i, 1, 2, &d))
            goto bad;
        if (date_then_clock(s, n, &i, &sec, 0))
            goto bad;
        break;
    case SF_TF_DMY_SLASH:
    case SF_TF_MDY_SLASH:
    case SF_TF_SLASH: {
        int a, b;
        if (digits(s, n, &i, 1, 2, &a) || i >= n || s[i++] != '/' || digits(s, n, &i, 1, 2, &b) ||
            i >= n || s[i++] != '/' || digits(s, n, &i, 4, 4, &y))
            goto bad;
        if (f == SF_TF_MDY_SLASH) {
            m = a;
            d = b;
        } else {
            d = a;
            m = b;
        }
        /* US exports write 12-hour clocks; accept AM/PM in any slash form */
        if (date_then_clock(s, n, &i, &sec, 1))
            goto bad;
        break;
    }
    default: goto bad;
    }
    if (i != n || !valid_date(y, m, d))
        goto bad;
    {
        int64_t local = sf_days_from_civil(y, m, d) * 86400 + sec;
        *utc = has_off ? local - off : sf_tz_to_utc(tz, local);
    }
    return 0;
bad:
    *col = lead + (i < n ? i : n);
    return -1;
}

/* The memo-miss half of sf_time_parse_iso19 (ingest.h): the date's
 * layout and digits, its validity, its day and the zone's offset. */
int sf_time_iso19_day(const char *s, const sf_tz *tz, sf_time_memo_day *e) {
    const uint64_t zeros = 0x3030303030303030ull, dmask = 0x00FFFF00FFFFFFFFull;
    uint64_t a = sf_word8(s), c = sf_word8(s + 8);
    if ((a & ~dmask) != 0x2D00002D00000000ull || !sf_digits8((a & dmask) | (zeros & ~dmask)) ||
        !sf_digits8((c & 0xFFFF) | (zeros & ~0xFFFFull)))
        return -1;
    uint64_t ym = sf_pairs(((a & dmask) | (zeros & ~dmask)) - zeros);
    int y = (int)(ym & 0xFF) * 100 + (int)((ym >> 16) & 0xFF);
    int m = (int)((ym >> 40) & 0xFF);
    int d = (int)(((c & 0xFF) - '0') * 10 + (((c >> 8) & 0xFF) - '0'));
    if (!valid_date(y, m, d))
        return -1;
    int64_t local = sf_days_from_civil(y, m, d) * 86400;
    int32_t off;
    e->fixed = (uint8_t)sf_tz_day_offset(tz, local, &off);
    e->base = e->fixed ? local - off : local;
    e->key8 = a;
    e->key2 = (uint16_t)(c & 0xFFFF);
    return 0;
}
