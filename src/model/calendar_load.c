/* calendar_load.c: reads the model's `calendar:` mapping (the first observed
 * day and the named periods) into the sf_calendar of calendar.h, with a
 * diagnostic for every bad value. Without `calendar:` the clock keeps
 * t = 0 on a Monday 00:00, exactly as models without dates always had it. */
#include "model/hours.h"
#include "model/load.h"

#include <stdio.h>
#include <string.h>

static const char *const calendar_keys[] = {"start", "periods", NULL};
static const char *const period_keys[] = {"from", "to", NULL};

static int month_day(sf_load *L, const sf_ynode *n, const char *what, int *month, int *day) {
    const char *t = sf_load_text(n), *why = "a day of the year such as 06-20 (MM-DD)";
    if (!t || sf_calendar_parse_monthday(t, n->len, month, day, &why))
        return sf_load_fail(L, n, 0, "%s: expected %s, found %s", what, why, sf_load_show(n).s);
    return SF_OK;
}

static int load_period(sf_load *L, const sf_ynode *key, const sf_ynode *val, sf_period *p) {
    int rc = sf_load_name(L, key, "a period");
    if (rc)
        return rc;
    char where[160], what[200];
    snprintf(where, sizeof where, "calendar: period '%s'", key->text);
    /* Schedules and presence maps mix period names with `default` and with
     * hour sets (weekend, mon-fri 08:00-16:00): a period may be neither. */
    unsigned char mask[SF_HOURS_PER_WEEK];
    const char *why;
    if (strcmp(key->text, "default") == 0 || sf_hours_parse(key->text, mask, &why, NULL) == 0)
        return sf_load_fail(L, key, 0,
                            "%s: the name is taken by %s; choose another name (such as "
                            "'%s-period')",
                            where, strcmp(key->text, "default") == 0 ? "the default" : "hours",
                            key->text);
    if (!(p->name = sf_arena_strdup(&L->m->arena, key->text)))
        return sf_load_nomem(L);
    if (val->type != SF_Y_MAP)
        return sf_load_fail(L, val, 0,
                            "%s: expected a mapping such as {from: 06-20, to: 08-15}, found %s",
                            where, sf_load_show(val).s);
    if ((rc = sf_load_keys(L, val, period_keys, where)))
        return rc;
    const sf_ynode *from = sf_ynode_get(val, "from"), *to = sf_ynode_get(val, "to");
    if (!from || !to)
        return sf_load_fail(L, key, 0,
                            "%s: missing '%s' (a period needs from and to, as in {from: 06-20, "
                            "to: 08-15})",
                            where, from ? "to" : "from");
    snprintf(what, sizeof what, "%s: 'from'", where);
    if ((rc = month_day(L, from, what, &p->from_month, &p->from_day)))
        return rc;
    snprintf(what, sizeof what, "%s: 'to'", where);
    return month_day(L, to, what, &p->to_month, &p->to_day);
}

/* Every date the simulation reaches, from t = 0 (start minus the warm-up)
 * to the end of the horizon, must have a four-digit year: the trace writes
 * YYYY-MM-DD and `samflyt flow` reads back years 1 to 9999 only. */
static int check_span(sf_load *L, const sf_ynode *s, const sf_calendar *cal) {
    int64_t first = sf_calendar_day(cal, 0);
    int64_t last = sf_calendar_day(cal, L->m->warmup + L->m->horizon);
    if (first >= SF_CALENDAR_FIRST_DAY && last <= SF_CALENDAR_LAST_DAY)
        return SF_OK;
    sf_date a = sf_calendar_civil_from_days(first), b = sf_calendar_civil_from_days(last);
    return sf_load_fail(L, s, 0,
                        "calendar: 'start': the simulation runs from %04d-%02d-%02d (start minus "
                        "'warmup') to %04d-%02d-%02d (start plus 'horizon'); expected every date "
                        "within the years 0001 to 9999, found start %s",
                        a.year, a.month, a.day, b.year, b.month, b.day, sf_load_show(s).s);
}

int sf_calendar_load(sf_load *L, const sf_ynode *n, sf_calendar *cal) {
    sf_model *m = L->m;
    sf_calendar_init(cal, 0, 0, m->warmup);
    if (!n)
        return SF_OK;
    if (n->type != SF_Y_MAP)
        return sf_load_fail(L, n, 0,
                            "'calendar' must be a mapping such as {start: 2027-01-04, periods: "
                            "{summer: {from: 06-20, to: 08-15}}}, found %s",
                            sf_load_show(n).s);
    int rc = sf_load_keys(L, n, calendar_keys, "calendar");
    if (rc)
        return rc;
    const sf_ynode *s = sf_ynode_get(n, "start");
    if (s) {
        const char *t = sf_load_text(s), *why = "a date such as 2027-01-04 (YYYY-MM-DD)";
        int64_t day;
        if (!t || sf_calendar_parse_date(t, s->len, &day, &why))
            return sf_load_fail(L, s, 0, "calendar: 'start': expected %s, found %s", why,
                                sf_load_show(s).s);
        sf_calendar_init(cal, 1, day, m->warmup);
        if ((rc = check_span(L, s, cal)))
            return rc;
    }
    const sf_ynode *p = sf_ynode_get(n, "periods");
    if (!p)
        return SF_OK;
    if (p->type != SF_Y_MAP || p->n == 0)
        return sf_load_fail(L, p, 0,
                            "calendar: 'periods' must be a mapping of named date ranges such as "
                            "{summer: {from: 06-20, to: 08-15}}, found %s",
                            p->type == SF_Y_MAP ? "an empty mapping" : sf_load_show(p).s);
    if (p->n > SF_CALENDAR_MAX_PERIODS)
        return sf_load_fail(L, p, 0, "calendar: 'periods': at most %d periods, found %d",
                            SF_CALENDAR_MAX_PERIODS, p->n);
    sf_period *periods = sf_arena_calloc(&m->arena, (size_t)p->n, sizeof *periods);
    if (!periods)
        return sf_load_nomem(L);
    for (int i = 0; i < p->n; i++)
        if ((rc = load_period(L, p->item[2 * i], p->item[2 * i + 1], &periods[i])))
            return rc;
    sf_calendar_set_periods(cal, periods, p->n);
    return SF_OK;
}
