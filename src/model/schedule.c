/* schedule.c: loads capacity schedules (`servers:`/`beds:` written as a
 * mapping) and hour windows (`discharge:`), see schedule.h.
 *
 * A schedule is compiled to a capacity per hour of the week, plus, for each
 * calendar period that has clauses of its own, a second table that
 * overrides the first inside that period. The precedence rules are those
 * of arrival profiles (profile.c), so a planner learns them once:
 * - clauses apply in the order written, a later one overriding an earlier
 *   one for the hours both cover;
 * - `default` fills the hours no hour clause covers (wherever written);
 * - a period clause (`summer: 12`, `winter-holiday weekend: 3`) applies only
 *   inside that period and overrides every plain hour clause there; hours
 *   of the period that none of its clauses covers keep the plain value.
 * Every hour must get a capacity: a schedule without `default` must cover
 * the whole week, so a forgotten hour is an error rather than a silent 0. */
#include "model/schedule.h"

#include "model/hours.h"

#include <stdio.h>
#include <string.h>

enum { HOURS = SF_HOURS_PER_WEEK, MAX_CAPACITY = 1000000 };

/* The calendar period that key starts with: the whole key, or a name
 * followed by a space and hours (the longest such name, as a period name
 * may itself hold spaces); -1 if none. *rest: what follows the name.
 * Periods come from the model's calendar, loaded before the units. */
static int period_prefix(const sf_load *L, const char *key, const char **rest) {
    const sf_calendar *c = &L->m->calendar;
    int best = -1;
    size_t best_len = 0, klen = strlen(key);
    for (int p = 0; p < c->nperiods; p++) {
        size_t n = strlen(c->periods[p].name);
        if (n > klen || strncmp(key, c->periods[p].name, n) != 0 || n <= best_len)
            continue;
        if (key[n] == '\0' || key[n] == ' ' || key[n] == '\t') {
            best = p;
            best_len = n;
        }
    }
    *rest = key + best_len;
    return best;
}

static int period_count(const sf_load *L) { return L->m->calendar.nperiods; }

/* "summer, winter-holiday" for messages; "none" without periods. */
static void period_list(const sf_load *L, char *buf, size_t size) {
    const sf_calendar *c = &L->m->calendar;
    if (c->nperiods == 0) {
        snprintf(buf, size, "none (the model's calendar has no periods)");
        return;
    }
    size_t o = 0;
    buf[0] = '\0';
    for (int p = 0; p < c->nperiods && o < size; p++)
        o += (size_t)snprintf(buf + o, size - o, "%s%s", p ? ", " : "", c->periods[p].name);
}

static int capacity_value(sf_load *L, const sf_ynode *k, const sf_ynode *v, const char *what,
                          int *out) {
    const char *t = sf_load_text(v);
    uint64_t x;
    if (!t || sf_load_uint(t, v->len, &x) || x > MAX_CAPACITY)
        return sf_load_fail(L, v, 0,
                            "%s: the capacity of %s must be a whole number from 0 to %d, found %s",
                            what, sf_load_show(k).s, MAX_CAPACITY, sf_load_show(v).s);
    *out = (int)x;
    return SF_OK;
}

/* Parses spec as an hour set, with the message the profile loader gives. */
static int hours_or_fail(sf_load *L, const sf_ynode *k, const char *spec, size_t offset,
                         const char *what, const char *expected, unsigned char mask[HOURS]) {
    const char *why;
    size_t at = 0;
    if (sf_hours_parse(spec, mask, &why, &at) == 0)
        return SF_OK;
    /* the offending word, for "found '...'" */
    size_t len = 0;
    while (spec[at + len] && spec[at + len] != ' ' && spec[at + len] != ',')
        len++;
    return sf_load_fail(L, k, offset + at, "%s: %s: expected %s (%s), found %s", what,
                        sf_load_show(k).s, expected, why,
                        len ? sf_load_show_text(spec + at, len).s : "nothing");
}

int sf_sched_load(sf_load *L, const sf_ynode *n, const char *what, sf_sched **out) {
    sf_sched *s = sf_arena_calloc(&L->m->arena, 1, sizeof *s);
    if (!s)
        return sf_load_nomem(L);
    if (n->type != SF_Y_MAP || n->n == 0)
        return sf_load_fail(L, n, 0,
                            "%s: expected a whole number or a schedule such as {default: 1, "
                            "weekend: 2}, found %s",
                            what, n->type == SF_Y_MAP ? "an empty mapping" : sf_load_show(n).s);
    int np = period_count(L);
    int *per = NULL;
    if (np > 0) {
        if (!(per = sf_arena_calloc(&L->m->arena, (size_t)np * HOURS, sizeof *per)))
            return sf_load_nomem(L);
        for (int i = 0; i < np * HOURS; i++)
            per[i] = -1;
    }
    unsigned char covered[HOURS] = {0}, mask[HOURS];
    int dflt = -1, any_period = 0;
    const char *expected = "default, a calendar period, and/or days and a time range such as "
                           "weekdays 08:00-16:00";
    for (int i = 0; i < n->n; i++) {
        const sf_ynode *k = n->item[2 * i], *v = n->item[2 * i + 1];
        int c = 0, rc;
        if (strlen(k->text) != k->len)
            return sf_load_fail(L, k, 0, "%s: %s: expected %s", what, sf_load_show(k).s, expected);
        if ((rc = capacity_value(L, k, v, what, &c)))
            return rc;
        if (strcmp(k->text, "default") == 0) {
            dflt = c;
            continue;
        }
        /* A first word naming a period makes a period clause; the rest, if
         * any, is an hour set inside the period. */
        const char *rest;
        int p = period_prefix(L, k->text, &rest);
        if (p >= 0) {
            while (*rest == ' ' || *rest == '\t')
                rest++;
            if (*rest) {
                if ((rc = hours_or_fail(L, k, rest, (size_t)(rest - k->text), what,
                                        "a period and days and/or a time range", mask)))
                    return rc;
            } else
                memset(mask, 1, HOURS);
            for (int h = 0; h < HOURS; h++)
                if (mask[h])
                    per[p * HOURS + h] = c;
            any_period = 1;
            continue;
        }
        const char *why;
        size_t at = 0;
        if (sf_hours_parse(k->text, mask, &why, &at)) {
            char periods[300];
            period_list(L, periods, sizeof periods);
            size_t len = 0;
            while (k->text[at + len] && k->text[at + len] != ' ' && k->text[at + len] != ',')
                len++;
            return sf_load_fail(L, k, at,
                                "%s: %s: expected %s (%s), found %s; calendar periods: %s", what,
                                sf_load_show(k).s, expected, why,
                                len ? sf_load_show_text(k->text + at, len).s : "nothing", periods);
        }
        for (int h = 0; h < HOURS; h++)
            if (mask[h]) {
                s->week[h] = c;
                covered[h] = 1;
            }
    }
    for (int h = 0; h < HOURS; h++)
        if (!covered[h]) {
            if (dflt < 0) {
                static const char *const day[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                  "Friday", "Saturday", "Sunday"};
                return sf_load_fail(L, n, 0,
                                    "%s: no capacity for %s %02d:00-%02d:00 (and maybe other "
                                    "hours); add default: N for the hours no key covers (0 if "
                                    "closed)",
                                    what, day[h / 24], h % 24, h % 24 + 1);
            }
            s->week[h] = dflt;
        }
    s->nperiods = any_period ? np : 0;
    s->period = any_period ? per : NULL;
    s->max = 0;
    for (int h = 0; h < HOURS; h++)
        if (s->week[h] > s->max)
            s->max = s->week[h];
    for (int i = 0; s->period && i < np * HOURS; i++)
        if (per[i] > s->max)
            s->max = per[i];
    if (s->max == 0)
        return sf_load_fail(L, n, 0,
                            "%s: the capacity is 0 at every hour, so the unit never opens; give "
                            "some hours a capacity >= 1",
                            what);
    *out = s;
    return SF_OK;
}

int sf_window_load(sf_load *L, const sf_ynode *n, const char *what, unsigned char **out) {
    unsigned char *win = sf_arena_calloc(&L->m->arena, HOURS, 1), mask[HOURS];
    if (!win)
        return sf_load_nomem(L);
    int count = n->type == SF_Y_SEQ ? n->n : 1;
    if ((n->type == SF_Y_SEQ && n->n == 0) || n->type == SF_Y_MAP)
        return sf_load_fail(L, n, 0,
                            "%s: expected hours such as weekdays 09:00-15:00, or a list of them, "
                            "found %s",
                            what, n->type == SF_Y_SEQ ? "an empty list" : sf_load_show(n).s);
    for (int i = 0; i < count; i++) {
        const sf_ynode *x = n->type == SF_Y_SEQ ? n->item[i] : n;
        const char *t = sf_load_text(x);
        if (!t || strlen(t) != x->len)
            return sf_load_fail(L, x, 0,
                                "%s: expected hours such as weekdays 09:00-15:00, found %s", what,
                                sf_load_show(x).s);
        int rc = hours_or_fail(L, x, t, 0, what,
                               "days and/or a time range such as weekdays "
                               "09:00-15:00",
                               mask);
        if (rc)
            return rc;
        for (int h = 0; h < HOURS; h++)
            win[h] |= mask[h];
    }
    *out = win;
    return SF_OK;
}
