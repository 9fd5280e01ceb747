/* profile.c: hour-of-week arrival profiles in model files: a list of 24
 * (hour of day) or 168 (hour of week) weights, or a mapping from hour sets
 * (hours.h) to weights. Normalised to mean 1 so a source's rate stays its
 * mean rate over the week. */
#include "model/hours.h"
#include "model/load.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { HOURS = SF_HOURS_PER_WEEK };

void sf_profile_flat(sf_profile *p) {
    for (int h = 0; h < HOURS; h++)
        p->w[h] = 1;
    p->wmax = 1;
    p->flat = 1;
}

static int weight(sf_load *L, const sf_ynode *n, const char *what, const char *which, double *w) {
    const char *t = sf_load_text(n);
    if (!t || sf_load_number(t, n->len, w) || *w < 0)
        return sf_load_fail(L, n, 0, "%s: %s must be a number >= 0, found %s", what, which,
                            sf_load_show(n).s);
    return SF_OK;
}

/* Scales raw weights to mean 1. Dividing by the largest weight first
 * keeps the sum finite whatever the magnitudes. */
static int finish(sf_load *L, const sf_ynode *n, const char *what, const double raw[HOURS],
                  sf_profile *out) {
    double max = 0;
    int equal = 1;
    for (int h = 0; h < HOURS; h++) {
        if (raw[h] > max)
            max = raw[h];
        equal &= raw[h] == raw[0];
    }
    if (!(max > 0))
        return sf_load_fail(L, n, 0, "%s: every weight is 0; at least one hour needs a weight > 0",
                            what);
    if (equal) {
        sf_profile_flat(out);
        return SF_OK;
    }
    double sum = 0;
    for (int h = 0; h < HOURS; h++)
        sum += raw[h] / max;
    double mean = sum / HOURS;
    out->wmax = 0;
    for (int h = 0; h < HOURS; h++) {
        out->w[h] = raw[h] / max / mean;
        if (out->w[h] > out->wmax)
            out->wmax = out->w[h];
    }
    out->flat = 0;
    return SF_OK;
}

static int from_list(sf_load *L, const sf_ynode *n, const char *what, double raw[HOURS]) {
    if (n->n != 24 && n->n != HOURS)
        return sf_load_fail(L, n, 0,
                            "%s: a profile list needs 24 weights (hour of day) or 168 (hour of "
                            "week, from Monday 00:00), found %d",
                            what, n->n);
    for (int i = 0; i < n->n; i++) {
        char which[32];
        snprintf(which, sizeof which, "weight %d", i + 1);
        int rc = weight(L, n->item[i], what, which, &raw[i]);
        if (rc)
            return rc;
    }
    if (n->n == 24)
        for (int h = 24; h < HOURS; h++)
            raw[h] = raw[h % 24];
    return SF_OK;
}

/* The token of spec at offset at, for "found '...'". */
static sf_shown token_at(const char *spec, size_t at) {
    size_t len = 0;
    while (spec[at + len] && spec[at + len] != ' ' && spec[at + len] != ',' &&
           (spec[at + len] != '-' || len == 0))
        len++;
    if (len == 0) {
        sf_shown s;
        snprintf(s.s, sizeof s.s, "nothing");
        return s;
    }
    return sf_load_show_text(spec + at, len);
}

static int from_map(sf_load *L, const sf_ynode *n, const char *what, double raw[HOURS]) {
    unsigned char covered[HOURS] = {0}, mask[HOURS];
    double dflt = 0;
    for (int i = 0; i < n->n; i++) {
        const sf_ynode *k = n->item[2 * i], *v = n->item[2 * i + 1];
        char which[128];
        snprintf(which, sizeof which, "the weight of %s", sf_load_show(k).s);
        double w;
        if (strcmp(k->text, "default") == 0) {
            int rc = weight(L, v, what, which, &dflt);
            if (rc)
                return rc;
            continue;
        }
        const char *why;
        size_t at = 0;
        if (strlen(k->text) != k->len || sf_hours_parse(k->text, mask, &why, &at))
            return sf_load_fail(L, k, at, "%s: %s: expected %s, found %s", what, sf_load_show(k).s,
                                strlen(k->text) != k->len ? "default, days and/or HH:MM-HH:MM"
                                                          : why,
                                token_at(k->text, at).s);
        int rc = weight(L, v, what, which, &w);
        if (rc)
            return rc;
        /* Later keys override earlier ones for the hours they cover. */
        for (int h = 0; h < HOURS; h++)
            if (mask[h]) {
                raw[h] = w;
                covered[h] = 1;
            }
    }
    for (int h = 0; h < HOURS; h++)
        if (!covered[h])
            raw[h] = dflt;
    return SF_OK;
}

int sf_profile_load(sf_load *L, const sf_ynode *n, const char *what, sf_profile *out) {
    double raw[HOURS] = {0};
    int rc;
    if (n->type == SF_Y_SEQ)
        rc = from_list(L, n, what, raw);
    else if (n->type == SF_Y_MAP && n->n > 0)
        rc = from_map(L, n, what, raw);
    else
        return sf_load_fail(L, n, 0,
                            "%s: expected a list of 24 or 168 weights, or a mapping such as "
                            "{weekdays 08:00-16:00: 3, default: 1}, found %s",
                            what, sf_load_show(n).s);
    return rc ? rc : finish(L, n, what, raw, out);
}
