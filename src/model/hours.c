/* hours.c: parses day sets and time ranges into hour-of-week masks; see
 * hours.h for the grammar. */
#include "model/hours.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Day words. A single day (one bit) may start or end a range. */
static const struct {
    const char *word;
    unsigned days; /* bit d = day d, Monday = 0 */
} day_words[] = {
    {"mon", 1u << 0},   {"monday", 1u << 0},    {"tue", 1u << 1},    {"tuesday", 1u << 1},
    {"wed", 1u << 2},   {"wednesday", 1u << 2}, {"thu", 1u << 3},    {"thursday", 1u << 3},
    {"fri", 1u << 4},   {"friday", 1u << 4},    {"sat", 1u << 5},    {"saturday", 1u << 5},
    {"sun", 1u << 6},   {"sunday", 1u << 6},    {"weekdays", 0x1fu}, {"weekday", 0x1fu},
    {"weekend", 0x60u}, {"weekends", 0x60u},    {"daily", 0x7fu},
};

static const char *const expected =
    "days (weekdays, weekend, daily, mon..sun, a range such as mon-fri, or a list such "
    "as sat,sun) and/or a time range HH:MM-HH:MM";

static const char *skip_ws(const char *p) {
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* Reads a day word at *p; returns its day bits or 0. */
static unsigned day_word(const char **p) {
    const char *s = *p;
    size_t n = 0;
    while (isalpha((unsigned char)s[n]))
        n++;
    for (size_t i = 0; i < sizeof day_words / sizeof day_words[0]; i++)
        if (strlen(day_words[i].word) == n && strncasecmp(s, day_words[i].word, n) == 0) {
            *p = s + n;
            return day_words[i].days;
        }
    return 0;
}

static int single_day(unsigned bits) { return bits && !(bits & (bits - 1)); }

static int day_index(unsigned bit) {
    int d = 0;
    while (!(bit & 1u))
        bit >>= 1, d++;
    return d;
}

static int fail(const char **why, size_t *at, const char *spec, const char *p, const char *msg) {
    *why = msg;
    if (at)
        *at = (size_t)(p - spec);
    return -1;
}

/* HH:MM with whole hours, 0..24. */
static int time_of_day(const char **p, int *hour, const char **why) {
    const char *s = *p;
    if (!isdigit((unsigned char)s[0])) {
        *why = "a time such as 08:00 (HH:MM)";
        return -1;
    }
    int h = s[0] - '0', i = 1;
    if (isdigit((unsigned char)s[1]))
        h = h * 10 + (s[1] - '0'), i = 2;
    if (s[i] != ':' || !isdigit((unsigned char)s[i + 1]) || !isdigit((unsigned char)s[i + 2]) ||
        isdigit((unsigned char)s[i + 3])) {
        *why = "a time such as 08:00 (HH:MM)";
        return -1;
    }
    int min = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
    if (h > 24 || min > 59 || (h == 24 && min != 0)) {
        *why = "a time of day from 00:00 to 24:00";
        return -1;
    }
    if (min != 0) {
        *why = "a whole hour such as 08:00 (hours are the finest resolution)";
        return -1;
    }
    *hour = h;
    *p = s + i + 3;
    return 0;
}

int sf_hours_parse(const char *spec, unsigned char mask[SF_HOURS_PER_WEEK], const char **why,
                   size_t *at) {
    memset(mask, 0, SF_HOURS_PER_WEEK);
    const char *p = skip_ws(spec);
    unsigned days = 0;
    if (isalpha((unsigned char)*p)) {
        for (;;) {
            const char *w = p;
            unsigned bits = day_word(&p);
            if (!bits)
                return fail(why, at, spec, w, expected);
            if (*p == '-' && isalpha((unsigned char)p[1])) {
                const char *w2 = ++p;
                unsigned last = day_word(&p);
                if (!single_day(bits) || !single_day(last))
                    return fail(why, at, spec, single_day(bits) ? w2 : w,
                                "a range of single days such as mon-fri");
                /* Walk forward from the first day so fri-mon wraps. */
                int d = day_index(bits), e = day_index(last);
                for (;; d = (d + 1) % 7) {
                    bits |= 1u << d;
                    if (d == e)
                        break;
                }
            }
            days |= bits;
            const char *q = skip_ws(p);
            if (*q != ',')
                break;
            p = skip_ws(q + 1);
        }
        p = skip_ws(p);
    }
    int start = 0, end = 24;
    if (isdigit((unsigned char)*p)) {
        const char *t = p;
        if (time_of_day(&p, &start, why))
            return fail(why, at, spec, t, *why);
        p = skip_ws(p);
        if (*p != '-')
            return fail(why, at, spec, p, "'-' and an end time, as in 08:00-16:00");
        p = skip_ws(p + 1);
        t = p;
        if (time_of_day(&p, &end, why))
            return fail(why, at, spec, t, *why);
        if (start == 24)
            return fail(why, at, spec, t, "a start time before 24:00");
        if (start == end)
            return fail(why, at, spec, t,
                        "an end time different from the start time (for whole days, leave the "
                        "times out)");
        p = skip_ws(p);
    } else if (!days)
        return fail(why, at, spec, p, expected);
    if (*p)
        return fail(why, at, spec, p, expected);
    if (!days)
        days = 0x7f;
    /* end <= start: the range runs past midnight into the next day. */
    int span = end > start ? end - start : end + 24 - start;
    for (int d = 0; d < 7; d++)
        if (days & (1u << d))
            for (int h = 0; h < span; h++)
                mask[(d * 24 + start + h) % SF_HOURS_PER_WEEK] = 1;
    return 0;
}
