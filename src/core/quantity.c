/* quantity.c: durations ("15m", "2d") and rates ("4.5/h", "3/y") as they
 * appear in model files and on the command line, converted to hours. */
#include "model/model.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Hours per unit. A year is 365 days: rates per person-year follow the
 * calendar year that statistics are reported in. */
static const struct {
    const char *name;
    double hours;
} time_units[] = {
    {"s", 1.0 / 3600}, {"sec", 1.0 / 3600}, {"m", 1.0 / 60}, {"min", 1.0 / 60},
    {"h", 1},          {"d", 24},           {"w", 168},      {"y", 8760},
};

static int unit_hours(const char *s, double *hours) {
    for (size_t i = 0; i < sizeof time_units / sizeof time_units[0]; i++)
        if (strcmp(s, time_units[i].name) == 0) {
            *hours = time_units[i].hours;
            return 0;
        }
    return -1;
}

/* Reads a finite non-negative decimal number at the start of s. */
static int leading_number(const char *s, double *v, const char **end) {
    while (isspace((unsigned char)*s))
        s++;
    if (!isdigit((unsigned char)*s) && !(*s == '.' && isdigit((unsigned char)s[1])))
        return -1;
    errno = 0;
    char *e;
    double x = strtod(s, &e);
    if (errno || !isfinite(x) || x < 0)
        return -1;
    *v = x;
    *end = e;
    return 0;
}

static int trailing_unit(const char *s, double *hours) {
    while (isspace((unsigned char)*s))
        s++;
    char buf[8];
    size_t n = 0;
    while (isalpha((unsigned char)s[n]) && n < sizeof buf - 1) {
        buf[n] = s[n];
        n++;
    }
    buf[n] = '\0';
    const char *rest = s + n;
    while (isspace((unsigned char)*rest))
        rest++;
    if (n == 0 || *rest || unit_hours(buf, hours))
        return -1;
    return 0;
}

int sf_parse_duration(const char *s, double *hours, const char **why) {
    double v, per;
    const char *end;
    if (!s || leading_number(s, &v, &end)) {
        *why = "a duration such as 15m, 8h, 2d or 1w (a non-negative number and a unit)";
        return -1;
    }
    if (trailing_unit(end, &per)) {
        *why = "a time unit after the number: s, m, h, d, w or y (as in 15m or 2d)";
        return -1;
    }
    *hours = v * per;
    if (!isfinite(*hours)) {
        *why = "a duration that is not absurdly large";
        return -1;
    }
    return 0;
}

int sf_parse_rate(const char *s, double *per_hour, const char **why) {
    double v, per;
    const char *end;
    if (!s || leading_number(s, &v, &end)) {
        *why = "a rate such as 4.5/h or 3/y (a non-negative number, '/', a time unit)";
        return -1;
    }
    while (isspace((unsigned char)*end))
        end++;
    if (*end != '/' || trailing_unit(end + 1, &per)) {
        *why = "'/' and a time unit after the number: /h, /d, /w or /y (as in 4.5/h)";
        return -1;
    }
    *per_hour = v / per;
    if (!isfinite(*per_hour)) {
        *why = "a rate that is not absurdly large";
        return -1;
    }
    return 0;
}
