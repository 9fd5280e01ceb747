/* load_booked.c: reads the settings of a booked-clinic unit (a GP office)
 * into model/booked.h: doctors, their lists, the slot length, the opening
 * hours (at minute resolution, unlike profiles), continuity tolerance,
 * overflow after a number of days, urgent requests and their reserved
 * same-day slots. loader.c calls sf_booked_load for a unit of kind
 * booked-clinic and then loads `overflow` and `next` as for any unit.
 *
 * The week's slot pattern is worked out here, once: each run of open
 * minutes is cut into whole slots from its start (a slot never straddles a
 * closed gap such as lunch, or midnight), and on each day `reserve` slots
 * are set aside for urgent requests, spread evenly over the day so an
 * urgent caller is seen soon whenever in the day they call. */
#include "model/booked.h"
#include "model/hours.h"
#include "model/load.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum {
    BK_MAX_DOCTORS = 1000,
    BK_MAX_LIST = 10000000,
    BK_MIN_PER_DAY = 24 * 60,
};

static const char *const booked_keys[] = {
    "kind",   "doctors",      "lists",   "slot", "hours", "tolerance", "overflow-after", "overflow",
    "urgent", "listed-share", "service", "next", "away",  "org",       "care",           NULL,
};

static const char *const urgent_keys[] = {"share", "reserve", "classes"};

static int check_booked_keys(sf_load *L, const sf_ynode *map, const char *where) {
    for (int i = 0; i < map->n; i++) {
        const sf_ynode *k = map->item[2 * i];
        int ok = 0;
        for (int j = 0; booked_keys[j] && !ok; j++)
            ok = strlen(booked_keys[j]) == k->len && strcmp(booked_keys[j], k->text) == 0;
        if (ok)
            continue;
        /* Keys of the other kinds, named so the fix is obvious. */
        const char *hint = "";
        if (k->len && (!strcmp(k->text, "servers") || !strcmp(k->text, "beds")))
            hint = " (a booked clinic's capacity is 'doctors' with their 'slot's)";
        else if (!strcmp(k->text, "queue-limit"))
            hint = " (a booked clinic books every request; use 'overflow-after' with 'overflow')";
        else if (!strcmp(k->text, "los"))
            hint = " (a booked clinic's consultation time is 'service')";
        else if (!strcmp(k->text, "triage"))
            hint = " (urgent requests are set by 'urgent: {share, reserve}')";
        int nkeys = 0;
        while (booked_keys[nkeys])
            nkeys++;
        return sf_load_fail(L, k, 0,
                            "%s: unknown key %s for a booked-clinic unit;%s expected one of: "
                            "kind, doctors, lists, slot, hours, tolerance, overflow-after, "
                            "overflow, urgent, listed-share, service, next, away, org, care%s",
                            where, sf_load_show(k).s,
                            *hint ? "" : sf_load_did_you_mean(k, booked_keys, nkeys).s, hint);
    }
    return SF_OK;
}

static int bk_duration(sf_load *L, const sf_ynode *n, const char *what, double *hours) {
    const char *t = sf_load_text(n), *why = "a duration such as 20m, 8h or 5d";
    if (!t || strlen(t) != n->len || sf_parse_duration(t, hours, &why))
        return sf_load_fail(L, n, 0, "%s: expected %s, found %s", what, why, sf_load_show(n).s);
    return SF_OK;
}

static int bk_uint(sf_load *L, const sf_ynode *n, const char *what, uint64_t lo, uint64_t hi,
                   uint64_t *v) {
    const char *t = sf_load_text(n);
    if (!t || sf_load_uint(t, n->len, v) || *v < lo || *v > hi)
        return sf_load_fail(L, n, 0, "%s must be a whole number from %llu to %llu, found %s", what,
                            (unsigned long long)lo, (unsigned long long)hi, sf_load_show(n).s);
    return SF_OK;
}

static int bk_share(sf_load *L, const sf_ynode *n, const char *what, double *v) {
    const char *t = sf_load_text(n);
    if (!t || sf_load_number(t, n->len, v) || *v < 0 || *v > 1)
        return sf_load_fail(L, n, 0, "%s must be a number from 0 to 1, found %s", what,
                            sf_load_show(n).s);
    return SF_OK;
}

/* HH:MM at s, 00:00..24:00, any minute. Returns the characters read or 0. */
static int clock_time(const char *s, int *minute) {
    int i = 0, h = 0;
    while (i < 2 && s[i] >= '0' && s[i] <= '9')
        h = h * 10 + (s[i] - '0'), i++;
    if (i == 0 || s[i] != ':' || !(s[i + 1] >= '0' && s[i + 1] <= '9') ||
        !(s[i + 2] >= '0' && s[i + 2] <= '9') || (s[i + 3] >= '0' && s[i + 3] <= '9'))
        return 0;
    int m = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
    if (m > 59 || h > 24 || (h == 24 && m))
        return 0;
    *minute = h * 60 + m;
    return i + 3;
}

/* One opening-hours item such as "weekdays 08:00-11:30": [DAYS] [HH:MM-HH:MM]
 * with the days of hours.h and times to the minute; the range may not pass
 * midnight. Marks open[d][minute]. */
static int hours_item(sf_load *L, const sf_ynode *n, const char *what,
                      unsigned char open[7][BK_MIN_PER_DAY]) {
    const char *s = sf_load_text(n);
    static const char *const expect =
        "opening hours such as 'weekdays 08:00-15:30' (days as in profiles, then a time range "
        "HH:MM-HH:MM that does not pass midnight)";
    if (!s || strlen(s) != n->len || n->len > 200)
        return sf_load_fail(L, n, 0, "%s: expected %s, found %s", what, expect, sf_load_show(n).s);
    size_t cut = strcspn(s, "0123456789");
    unsigned days = 0x7f;
    if (cut > 0) {
        char buf[256];
        memcpy(buf, s, cut);
        buf[cut] = '\0';
        size_t end = cut;
        while (end > 0 && (buf[end - 1] == ' ' || buf[end - 1] == '\t'))
            buf[--end] = '\0';
        unsigned char mask[SF_HOURS_PER_WEEK];
        const char *why = NULL;
        size_t at = 0;
        if (end == 0 || sf_hours_parse(buf, mask, &why, &at))
            return sf_load_fail(L, n, at, "%s: expected %s, found %s", what, why ? why : expect,
                                sf_load_show(n).s);
        days = 0;
        for (int d = 0; d < 7; d++)
            if (mask[d * 24])
                days |= 1u << d;
    }
    int from = 0, to = BK_MIN_PER_DAY;
    const char *p = s + cut;
    if (*p) {
        int k = clock_time(p, &from);
        if (!k)
            return sf_load_fail(L, n, cut,
                                "%s: expected a time HH:MM from 00:00 to 24:00, found %s", what,
                                sf_load_show(n).s);
        p += k;
        while (*p == ' ')
            p++;
        if (*p != '-')
            return sf_load_fail(L, n, (size_t)(p - s),
                                "%s: expected '-' and an end time, as in 08:00-15:30, found %s",
                                what, sf_load_show(n).s);
        p++;
        while (*p == ' ')
            p++;
        if (!(k = clock_time(p, &to)))
            return sf_load_fail(L, n, (size_t)(p - s),
                                "%s: expected an end time HH:MM up to 24:00, found %s", what,
                                sf_load_show(n).s);
        p += k;
        while (*p == ' ')
            p++;
        if (*p)
            return sf_load_fail(L, n, (size_t)(p - s), "%s: expected %s, found %s", what, expect,
                                sf_load_show(n).s);
        if (to <= from)
            return sf_load_fail(L, n, cut,
                                "%s: the end of an opening time must be after its start on the "
                                "same day (a clinic does not book slots past midnight), found %s",
                                what, sf_load_show(n).s);
    }
    for (int d = 0; d < 7; d++)
        if (days & (1u << d))
            memset(open[d] + from, 1, (size_t)(to - from));
    return SF_OK;
}

/* Cuts the open minutes of each weekday into slots and sets aside the
 * reserved ones. */
static int build_slots(sf_load *L, const sf_ynode *hours_node, const sf_ynode *urgent_node,
                       const char *where, unsigned char open[7][BK_MIN_PER_DAY], sf_booked *b) {
    double slot_min = b->slot * 60;
    double starts[BK_MIN_PER_DAY];
    int weekly = 0, weekly_reg = 0;
    for (int d = 0; d < 7; d++) {
        int n = 0;
        for (int m = 0; m < BK_MIN_PER_DAY;) {
            if (!open[d][m]) {
                m++;
                continue;
            }
            int a = m;
            while (m < BK_MIN_PER_DAY && open[d][m])
                m++;
            /* whole slots from the start of the run; 1e-9 absorbs rounding
             * in slot lengths such as 1/3 h */
            for (int k = 0; a + (k + 1) * slot_min <= m + 1e-9; k++)
                starts[n++] = (a + k * slot_min) / 60;
        }
        int r = b->reserve < n ? b->reserve : n;
        double *reg = sf_arena_calloc(&L->m->arena, (size_t)(n - r) + 1, sizeof *reg);
        double *res = sf_arena_calloc(&L->m->arena, (size_t)r + 1, sizeof *res);
        if (!reg || !res)
            return sf_load_nomem(L);
        /* reserved: slot floor((j + 1/2) n / r) for j < r, distinct as n/r >= 1 */
        int nreg = 0, nres = 0;
        for (int i = 0; i < n; i++) {
            int j = nres;
            if (j < r && i == (int)floor((j + 0.5) * n / r))
                res[nres++] = starts[i];
            else
                reg[nreg++] = starts[i];
        }
        b->nreg[d] = nreg;
        b->nres[d] = nres;
        b->reg[d] = reg;
        b->res[d] = res;
        b->first[d] = n ? starts[0] : INFINITY;
        weekly += n;
        weekly_reg += nreg;
    }
    if (weekly == 0)
        return sf_load_fail(L, hours_node, 0,
                            "%s: no %g-minute slot fits in the opening hours; give longer hours "
                            "or a shorter slot",
                            where, slot_min);
    if (weekly_reg == 0)
        return sf_load_fail(L, urgent_node, 0,
                            "%s: 'reserve' takes every slot of the week, leaving none to book "
                            "ahead; reserve fewer slots per day",
                            where);
    return SF_OK;
}

/* urgent: {classes: [acute, ...]}: requests of these classes are always
 * urgent (the classes are known: sources load before units). */
static int urgent_classes(sf_load *L, const sf_ynode *n, const char *where, sf_booked *b) {
    const sf_model *m = L->m;
    if (n->type != SF_Y_SEQ || n->n == 0)
        return sf_load_fail(L, n, 0,
                            "%s: 'urgent: classes' must be a list of patient classes such as "
                            "[acute], found %s",
                            where, n->type == SF_Y_SEQ ? "an empty list" : sf_load_show(n).s);
    unsigned char *flag = sf_arena_calloc(&L->m->arena, (size_t)m->nclasses, 1);
    if (!flag)
        return sf_load_nomem(L);
    for (int i = 0; i < n->n; i++) {
        const sf_ynode *x = n->item[i];
        const char *t = sf_load_text(x);
        int c = -1;
        for (int k = 0; t && k < m->nclasses; k++)
            if (strlen(m->classes[k]) == x->len && !strcmp(m->classes[k], t))
                c = k;
        if (c < 0) {
            char known[300];
            size_t o = 0;
            known[0] = '\0';
            for (int k = 0; k < m->nclasses && o < sizeof known; k++)
                o += (size_t)snprintf(known + o, sizeof known - o, "%s%s", k ? ", " : "",
                                      m->classes[k]);
            return sf_load_fail(L, x, 0,
                                "%s: 'urgent: classes' names %s, which no arrival or demand uses; "
                                "classes: %s",
                                where, sf_load_show(x).s, known);
        }
        flag[c] = 1;
    }
    b->urgent_class = flag;
    return SF_OK;
}

/* away: {PERIOD: N, ...}: N doctors away on the days of each calendar
 * period (holidays). */
static int load_away(sf_load *L, const sf_ynode *n, const char *where, sf_booked *b) {
    const sf_calendar *cal = &L->m->calendar;
    if (n->type != SF_Y_MAP || n->n == 0)
        return sf_load_fail(L, n, 0,
                            "%s: 'away' must be a mapping from calendar periods to the number of "
                            "doctors away, such as {summer: 2}, found %s",
                            where, n->type == SF_Y_MAP ? "an empty mapping" : sf_load_show(n).s);
    int *away = sf_arena_calloc(&L->m->arena, (size_t)cal->nperiods + 1, sizeof *away);
    if (!away)
        return sf_load_nomem(L);
    char what[220];
    for (int i = 0; i < n->n; i++) {
        const sf_ynode *k = n->item[2 * i], *v = n->item[2 * i + 1];
        int p = sf_calendar_find(cal, k->text, k->len);
        if (p < 0) {
            char known[300];
            size_t o = 0;
            known[0] = '\0';
            for (int j = 0; j < cal->nperiods && o < sizeof known; j++)
                o += (size_t)snprintf(known + o, sizeof known - o, "%s%s", j ? ", " : "",
                                      cal->periods[j].name);
            return sf_load_fail(L, k, 0,
                                "%s: 'away': %s is not a calendar period (%s%s); doctors are away "
                                "by period, and a post vacant all year is fewer 'doctors'",
                                where, sf_load_show(k).s,
                                cal->nperiods ? "periods: " : "the model has no calendar periods",
                                known);
        }
        uint64_t x;
        snprintf(what, sizeof what, "%s: 'away: %s'", where, cal->periods[p].name);
        int rc = bk_uint(L, v, what, 0, (uint64_t)b->doctors - 1, &x);
        if (rc)
            return rc;
        away[p + 1] = (int)x;
    }
    b->away = away;
    return SF_OK;
}

int sf_booked_load(sf_load *L, const sf_ynode *key, const sf_ynode *val, const char *where,
                   sf_unit *unit) {
    int rc = check_booked_keys(L, val, where);
    if (rc)
        return rc;
    sf_booked *b = sf_arena_calloc(&L->m->arena, 1, sizeof *b);
    if (!b)
        return sf_load_nomem(L);
    char what[220];
    const sf_ynode *n;
    uint64_t v;

    if (!(n = sf_ynode_get(val, "doctors")))
        return sf_load_fail(L, key, 0,
                            "%s: missing 'doctors' (a booked-clinic unit needs doctors, slot and "
                            "hours)",
                            where);
    snprintf(what, sizeof what, "%s: 'doctors'", where);
    if ((rc = bk_uint(L, n, what, 1, BK_MAX_DOCTORS, &v)))
        return rc;
    b->doctors = (int)v;

    if (!(n = sf_ynode_get(val, "slot")))
        return sf_load_fail(L, key, 0,
                            "%s: missing 'slot' (the length of an appointment slot, as in slot: "
                            "20m)",
                            where);
    snprintf(what, sizeof what, "%s: 'slot'", where);
    if ((rc = bk_duration(L, n, what, &b->slot)))
        return rc;
    if (!(b->slot >= 1.0 / 60 - 1e-12 && b->slot <= 24))
        return sf_load_fail(L, n, 0, "%s must be from 1m to 24h, found %s", what,
                            sf_load_show(n).s);

    /* lists: one number for every doctor, or a list of one per doctor */
    double *lists = sf_arena_calloc(&L->m->arena, (size_t)b->doctors, sizeof *lists);
    double *cum = sf_arena_calloc(&L->m->arena, (size_t)b->doctors, sizeof *cum);
    if (!lists || !cum)
        return sf_load_nomem(L);
    snprintf(what, sizeof what, "%s: 'lists'", where);
    if (!(n = sf_ynode_get(val, "lists"))) {
        for (int d = 0; d < b->doctors; d++)
            lists[d] = 1; /* equal lists: a request is equally likely anyone's */
    } else if (n->type == SF_Y_SEQ) {
        if (n->n != b->doctors)
            return sf_load_fail(L, n, 0,
                                "%s: expected one list size per doctor (%d), found %d; or write "
                                "one number for every doctor",
                                what, b->doctors, n->n);
        for (int d = 0; d < b->doctors; d++) {
            if ((rc = bk_uint(L, n->item[d], what, 0, BK_MAX_LIST, &v)))
                return rc;
            lists[d] = (double)v;
        }
    } else {
        if ((rc = bk_uint(L, n, what, 0, BK_MAX_LIST, &v)))
            return rc;
        for (int d = 0; d < b->doctors; d++)
            lists[d] = (double)v;
    }
    for (int d = 0; d < b->doctors; d++) {
        b->list_total += lists[d];
        if (lists[d] > b->list_max)
            b->list_max = lists[d];
    }
    b->listed_share = 1;
    if ((n = sf_ynode_get(val, "listed-share"))) {
        snprintf(what, sizeof what, "%s: 'listed-share'", where);
        if ((rc = bk_share(L, n, what, &b->listed_share)))
            return rc;
    }
    if (!(b->list_total > 0)) {
        if (b->listed_share > 0)
            return sf_load_fail(L, sf_ynode_get(val, "lists"), 0,
                                "%s: every list is empty, so no request can belong to a doctor; "
                                "give list sizes, or listed-share: 0",
                                where);
        for (int d = 0; d < b->doctors; d++)
            lists[d] = 1;
        b->list_total = b->doctors;
    }
    double run = 0;
    for (int d = 0; d < b->doctors; d++)
        cum[d] = (run += lists[d]) / b->list_total;
    cum[b->doctors - 1] = 1;
    if (!sf_ynode_get(val, "lists"))
        b->list_total = b->list_max = NAN; /* not given: report no list sizes */
    b->lists = lists;
    b->cum = cum;

    b->tolerance = INFINITY;
    if ((n = sf_ynode_get(val, "tolerance"))) {
        snprintf(what, sizeof what, "%s: 'tolerance'", where);
        if ((rc = bk_duration(L, n, what, &b->tolerance)))
            return rc;
    }
    const sf_ynode *on = sf_ynode_get(val, "overflow");
    b->has_overflow = on != NULL;
    b->overflow_after = INFINITY;
    if ((n = sf_ynode_get(val, "overflow-after"))) {
        snprintf(what, sizeof what, "%s: 'overflow-after'", where);
        if ((rc = bk_duration(L, n, what, &b->overflow_after)))
            return rc;
        if (!on)
            return sf_load_fail(L, n, 0,
                                "%s needs 'overflow' (the unit requests go to when no slot is "
                                "free within it, such as legevakt, or reject)",
                                what);
    }

    const sf_ynode *un = sf_ynode_get(val, "urgent");
    if (un) {
        snprintf(what, sizeof what, "%s: 'urgent'", where);
        if (un->type != SF_Y_MAP)
            return sf_load_fail(L, un, 0,
                                "%s: expected a mapping such as {share: .15, reserve: 3}, found %s",
                                what, sf_load_show(un).s);
        for (int i = 0; i < un->n; i++) {
            const sf_ynode *k = un->item[2 * i];
            if (strcmp(k->text, "share") && strcmp(k->text, "reserve") &&
                strcmp(k->text, "classes"))
                return sf_load_fail(
                    L, k, 0, "%s: unknown key %s;%s expected share, reserve or classes", what,
                    sf_load_show(k).s, sf_load_did_you_mean(k, urgent_keys, 3).s);
        }
        if ((n = sf_ynode_get(un, "share"))) {
            snprintf(what, sizeof what, "%s: 'urgent: share'", where);
            if ((rc = bk_share(L, n, what, &b->urgent_share)))
                return rc;
        }
        if ((n = sf_ynode_get(un, "reserve"))) {
            snprintf(what, sizeof what, "%s: 'urgent: reserve'", where);
            if ((rc = bk_uint(L, n, what, 0, BK_MIN_PER_DAY, &v)))
                return rc;
            b->reserve = (int)v;
        }
        if ((n = sf_ynode_get(un, "classes")) && (rc = urgent_classes(L, n, where, b)))
            return rc;
    }

    if (!(n = sf_ynode_get(val, "hours")))
        return sf_load_fail(L, key, 0,
                            "%s: missing 'hours' (the opening hours with slots, as in hours: "
                            "weekdays 08:00-15:30)",
                            where);
    snprintf(what, sizeof what, "%s: 'hours'", where);
    unsigned char mask[7][BK_MIN_PER_DAY]; /* open minutes per weekday, 10 KB */
    memset(mask, 0, sizeof mask);
    if (n->type == SF_Y_SEQ) {
        if (n->n == 0)
            return sf_load_fail(L, n, 0,
                                "%s: expected opening hours such as 'weekdays 08:00-15:30', or a "
                                "list of them, found an empty list",
                                what);
        for (int i = 0; i < n->n; i++)
            if ((rc = hours_item(L, n->item[i], what, mask)))
                return rc;
    } else if ((rc = hours_item(L, n, what, mask)))
        return rc;
    if ((rc = build_slots(L, n, un ? un : n, where, mask, b)))
        return rc;

    if ((n = sf_ynode_get(val, "away")) && (rc = load_away(L, n, where, b)))
        return rc;

    unit->capacity = b->doctors;
    unit->service = (sf_dist){.kind = SF_DIST_FIXED, .p = {b->slot, 0, 0}};
    if ((n = sf_ynode_get(val, "service"))) {
        snprintf(what, sizeof what, "%s: 'service'", where);
        if ((rc = sf_dist_load(L, n, what, &unit->service)))
            return rc;
    }
    unit->booked = b;
    return SF_OK;
}
