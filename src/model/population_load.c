/* population_load.c: reads `zones`, `populations` and `demand` from a model
 * file (docs/model.md). Zones hold travel times to units; populations live
 * in zones, with a size, age bands and presence by calendar period; each
 * demand entry becomes one source per population it names, whose rate is
 *
 *   size * sum over age bands of (share * contacts per person-hour)
 *
 * scaled by hour of week (profile) and by period (presence times the
 * entry's period factor), so the engine needs nothing but sources. After
 * the units are loaded, sf_population_check makes sure every patient that
 * demand sends to a unit (directly or by overflow) has a travel time to it. */
#include "model/load.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_SIZE 1e9     /* persons in one population */
#define MAX_PATIENTS 1e9 /* expected arrivals per source and replication, as for arrivals */
#define MAX_PERSONS 2e7  /* people with an identity, per population (Sweden: 1.05e7) */

static const char *const zone_keys[] = {"travel", "urban", NULL};
static const char *const population_keys[] = {
    "zone", "size", "ages", "presence", "listed", "persons", "frailty", "frailty-rise", NULL};
static const char *const demand_keys[] = {"class",   "from", "rate", "profile",
                                          "periods", "to",   NULL};

static int same(const sf_ynode *k, const char *name) {
    return k->type == SF_Y_SCALAR && strlen(name) == k->len && memcmp(k->text, name, k->len) == 0;
}

/* The names of an array of structs with a `name` member, for name_list. */
#define NAMES(arr) ((arr) ? (const void *)&(arr)[0].name : NULL), sizeof *(arr)

/* "a, b, c" of n names found every stride bytes from names; "none" for
 * none; shortened to fit. */
static void name_list(char *buf, size_t size, const void *names, size_t stride, int n) {
    size_t o = 0;
    buf[0] = '\0';
    for (int i = 0; i < n && o < size; i++) {
        const char *name = *(const char *const *)((const char *)names + (size_t)i * stride);
        o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? ", " : "", name);
    }
    if (n == 0)
        snprintf(buf, size, "none");
}

/* A number in [lo, hi] (hi may be INFINITY). */
static int number(sf_load *L, const sf_ynode *n, const char *what, double lo, double hi,
                  double *v) {
    const char *t = sf_load_text(n);
    if (!t || sf_load_number(t, n->len, v) || *v < lo || *v > hi) {
        if (isinf(hi))
            return sf_load_fail(L, n, 0, "%s must be a number >= %g, found %s", what, lo,
                                sf_load_show(n).s);
        return sf_load_fail(L, n, 0, "%s must be a number from %g to %g, found %s", what, lo, hi,
                            sf_load_show(n).s);
    }
    return SF_OK;
}

/* A share map {name: share, ...} summing to 1. names/shares come back in
 * the arena; cum (if not NULL) gets the running sums ending at exactly 1. */
static int shares(sf_load *L, const sf_ynode *n, const char *what, double **share, double **cum) {
    double *s = sf_arena_calloc(&L->m->arena, (size_t)n->n, sizeof *s);
    double *c = sf_arena_calloc(&L->m->arena, (size_t)n->n, sizeof *c);
    if (!s || !c)
        return sf_load_nomem(L);
    double sum = 0;
    for (int i = 0; i < n->n; i++) {
        char which[200];
        snprintf(which, sizeof which, "%s: the share of %s", what, sf_load_show(n->item[2 * i]).s);
        int rc = number(L, n->item[2 * i + 1], which, 0, 1, &s[i]);
        if (rc)
            return rc;
        sum += s[i];
    }
    if (fabs(sum - 1) > 1e-6)
        return sf_load_fail(L, n, 0, "%s: shares must sum to 1, found a sum of %.10g", what, sum);
    double run = 0;
    for (int i = 0; i < n->n; i++) {
        s[i] /= sum;
        run += s[i];
        c[i] = run;
    }
    c[n->n - 1] = 1;
    *share = s;
    if (cum)
        *cum = c;
    return SF_OK;
}

/* ---- zones ----------------------------------------------------------------- */

/* The index of the zone named k among the keys of `zones` n, or -1. */
static int zone_index(const sf_ynode *n, const sf_ynode *k) {
    for (int z = 0; z < n->n; z++) {
        const sf_ynode *y = n->item[2 * z];
        if (k->type == SF_Y_SCALAR && y->type == SF_Y_SCALAR && y->len == k->len &&
            memcmp(y->text, k->text, k->len) == 0)
            return z;
    }
    return -1;
}

static int load_zones(sf_load *L, const sf_ynode *n) {
    sf_model *m = L->m;
    if (!n)
        return SF_OK;
    if (n->type != SF_Y_MAP || n->n == 0)
        return sf_load_fail(L, n, 0,
                            "'zones' must be a mapping of zones such as {village: {travel: "
                            "{gp-office: 35m}}}, found %s",
                            n->type == SF_Y_MAP ? "an empty mapping" : sf_load_show(n).s);
    sf_zone *zones = sf_arena_calloc(&m->arena, (size_t)n->n, sizeof *zones);
    if (!zones)
        return sf_load_nomem(L);
    for (int z = 0; z < n->n; z++) {
        const sf_ynode *key = n->item[2 * z], *val = n->item[2 * z + 1];
        int rc = sf_load_name(L, key, "a zone");
        if (rc)
            return rc;
        char where[160], what[300];
        snprintf(where, sizeof where, "zone '%s'", key->text);
        double *travel = sf_arena_calloc(&m->arena, (size_t)m->nunits, sizeof *travel);
        if (!(zones[z].name = sf_arena_strdup(&m->arena, key->text)) || !travel)
            return sf_load_nomem(L);
        double *ztravel = sf_arena_calloc(&m->arena, (size_t)n->n, sizeof *ztravel);
        if (!ztravel)
            return sf_load_nomem(L);
        for (int u = 0; u < m->nunits; u++)
            travel[u] = NAN;
        for (int y = 0; y < n->n; y++)
            ztravel[y] = NAN;
        zones[z].travel = travel;
        zones[z].ztravel = ztravel;
        if (val->type != SF_Y_MAP)
            return sf_load_fail(
                L, val, 0, "%s: expected a mapping such as {travel: {gp-office: 35m}}, found %s",
                where, sf_load_show(val).s);
        if ((rc = sf_load_keys(L, val, zone_keys, where)))
            return rc;
        const sf_ynode *ub = sf_ynode_get(val, "urban");
        if (ub) {
            const char *bt = sf_load_text(ub);
            if (bt && !strcmp(bt, "true"))
                zones[z].urban = 1;
            else if (!bt || strcmp(bt, "false"))
                return sf_load_fail(L, ub, 0, "%s: 'urban' must be true or false, found %s", where,
                                    sf_load_show(ub).s);
        }
        const sf_ynode *t = sf_ynode_get(val, "travel");
        if (!t)
            continue;
        if (t->type != SF_Y_MAP)
            return sf_load_fail(L, t, 0,
                                "%s: 'travel' must be a mapping from units to travel times such as "
                                "{gp-office: 35m}, found %s",
                                where, sf_load_show(t).s);
        for (int i = 0; i < t->n; i++) {
            const sf_ynode *uk = t->item[2 * i];
            int u = uk->type == SF_Y_SCALAR ? sf_load_find_unit(L, uk->text, uk->len) : -1;
            int oz = u < 0 ? zone_index(n, uk) : -1;
            if (oz >= 0) {
                /* to another zone: for response units (load_response.c) */
                snprintf(what, sizeof what, "%s: 'travel' to zone '%s'", where,
                         n->item[2 * oz]->text);
                if ((rc = sf_load_duration(L, t->item[2 * i + 1], what, &ztravel[oz])))
                    return rc;
                continue;
            }
            if (u < 0) {
                char known[256];
                name_list(known, sizeof known, NAMES(m->units), m->nunits);
                return sf_load_fail(L, uk, 0, "%s: 'travel': unknown unit %s; known units: %s",
                                    where, sf_load_show(uk).s, known);
            }
            snprintf(what, sizeof what, "%s: 'travel' to '%s'", where, m->units[u].name);
            if ((rc = sf_load_duration(L, t->item[2 * i + 1], what, &travel[u])))
                return rc;
        }
    }
    m->zones = zones;
    m->nzones = n->n;
    return SF_OK;
}

/* ---- populations ------------------------------------------------------------- */

static int period_map(sf_load *L, const sf_ynode *n, const char *what, double lo, double hi,
                      double dflt, double **out);
int sf_load_period_map(sf_load *L, const sf_ynode *n, const char *what, double lo, double hi,
                       double dflt, double **out) {
    return period_map(L, n, what, lo, hi, dflt, out);
}

/* A map from period names (and default) to values in [lo, hi]; out[0] is
 * the default (dflt when absent), out[p + 1] period p (the default when
 * the period is not listed). */
static int period_map(sf_load *L, const sf_ynode *n, const char *what, double lo, double hi,
                      double dflt, double **out) {
    const sf_calendar *cal = &L->m->calendar;
    double *v = sf_arena_calloc(&L->m->arena, (size_t)cal->nperiods + 1, sizeof *v);
    if (!v)
        return sf_load_nomem(L);
    *out = v;
    if (n->type != SF_Y_MAP || n->n == 0)
        return sf_load_fail(L, n, 0,
                            "%s: expected a mapping from calendar periods (and default) to "
                            "numbers, such as {summer: .35, default: .02}, found %s",
                            what, n->type == SF_Y_MAP ? "an empty mapping" : sf_load_show(n).s);
    const sf_ynode *d = sf_ynode_get(n, "default");
    char which[300];
    if (d) {
        snprintf(which, sizeof which, "%s: 'default'", what);
        int rc = number(L, d, which, lo, hi, &dflt);
        if (rc)
            return rc;
    }
    for (int p = 0; p <= cal->nperiods; p++)
        v[p] = dflt;
    for (int i = 0; i < n->n; i++) {
        const sf_ynode *k = n->item[2 * i];
        if (same(k, "default"))
            continue;
        int p = k->type == SF_Y_SCALAR ? sf_calendar_find(cal, k->text, k->len) : -1;
        if (p < 0) {
            char known[256];
            name_list(known, sizeof known, NAMES(cal->periods), cal->nperiods);
            return sf_load_fail(L, k, 0,
                                "%s: unknown period %s; the calendar's periods: %s (or default)",
                                what, sf_load_show(k).s, known);
        }
        snprintf(which, sizeof which, "%s: %s", what, sf_load_show(k).s);
        int rc = number(L, n->item[2 * i + 1], which, lo, hi, &v[p + 1]);
        if (rc)
            return rc;
    }
    return SF_OK;
}

static int find_zone(const sf_model *m, const sf_ynode *k) {
    for (int z = 0; z < m->nzones; z++)
        if (same(k, m->zones[z].name))
            return z;
    return -1;
}

static int zone_of(sf_load *L, const sf_ynode *n, const char *where, sf_population *p) {
    sf_model *m = L->m;
    char what[200];
    snprintf(what, sizeof what, "%s: 'zone'", where);
    int map = n->type == SF_Y_MAP;
    if ((map && n->n == 0) || (!map && !sf_load_text(n)))
        return sf_load_fail(L, n, 0,
                            "%s: expected a zone name or a mapping from zones to shares such as "
                            "{town: .8, village: .2}, found %s",
                            what, map ? "an empty mapping" : sf_load_show(n).s);
    int count = map ? n->n : 1;
    int *zone = sf_arena_calloc(&m->arena, (size_t)count, sizeof *zone);
    if (!zone)
        return sf_load_nomem(L);
    p->zone = zone;
    p->nzones = count;
    for (int i = 0; i < count; i++) {
        const sf_ynode *k = map ? n->item[2 * i] : n;
        if ((zone[i] = find_zone(m, k)) < 0) {
            char known[256];
            name_list(known, sizeof known, NAMES(m->zones), m->nzones);
            return sf_load_fail(L, k, 0, "%s: unknown zone %s; zones: %s", what, sf_load_show(k).s,
                                known);
        }
    }
    if (map) {
        double *share, *cum;
        int rc = shares(L, n, what, &share, &cum);
        p->zone_share = share;
        p->zone_cum = cum;
        return rc;
    }
    double *one = sf_arena_alloc(&m->arena, sizeof *one);
    if (!one)
        return sf_load_nomem(L);
    *one = 1;
    p->zone_share = p->zone_cum = one;
    return SF_OK;
}

/* `persons`, `frailty` and `frailty-rise` (docs/model.md, "Persons"). */
static int load_persons(sf_load *L, const sf_ynode *val, const char *where, sf_population *p) {
    const sf_ynode *n = sf_ynode_get(val, "persons");
    if (n) {
        const char *t = sf_load_text(n);
        uint64_t k;
        if (t && n->len == 3 && !strcmp(t, "all")) {
            k = (uint64_t)p->size;
        } else if (!t || sf_load_uint(t, n->len, &k) || k < 1 || (double)k > p->size) {
            return sf_load_fail(L, n, 0,
                                "%s: 'persons' must be all or a whole number from 1 to the size "
                                "%.0f (a sample), found %s",
                                where, p->size, sf_load_show(n).s);
        }
        if ((double)k > MAX_PERSONS)
            return sf_load_fail(L, n, 0,
                                "%s: 'persons' gives %" PRIu64 " people with an identity; expected "
                                "at most %.0f (simulate a sample, as in persons: 100000)",
                                where, k, MAX_PERSONS);
        p->persons = (int64_t)k;
    }
    static const char *const keys[2] = {"frailty", "frailty-rise"};
    double *dst[2] = {&p->frailty_shape, &p->frailty_rise};
    for (int i = 0; i < 2; i++) {
        if (!(n = sf_ynode_get(val, keys[i])))
            continue;
        if (!p->persons)
            return sf_load_fail(L, n, 0,
                                "%s: '%s' is a property of persons; add persons: all (or a "
                                "sample size) to the population",
                                where, keys[i]);
        char what[200];
        snprintf(what, sizeof what, "%s: '%s'", where, keys[i]);
        double v;
        int rc = i == 0 ? number(L, n, what, 0, 1000, &v) : number(L, n, what, 0, 10, &v);
        if (rc)
            return rc;
        if (i == 0 && !(v > 0))
            return sf_load_fail(L, n, 0,
                                "%s: expected the shape of the gamma frailty, a number > 0 and at "
                                "most 1000 (smaller: more frequent attenders), found %s",
                                what, sf_load_show(n).s);
        *dst[i] = v;
    }
    return SF_OK;
}

static int load_population(sf_load *L, const sf_ynode *key, const sf_ynode *val, sf_population *p) {
    sf_model *m = L->m;
    int rc = sf_load_name(L, key, "a population");
    if (rc)
        return rc;
    if (!(p->name = sf_arena_strdup(&m->arena, key->text)))
        return sf_load_nomem(L);
    char where[160], what[200];
    snprintf(where, sizeof where, "population '%s'", p->name);
    if (val->type != SF_Y_MAP)
        return sf_load_fail(L, val, 0,
                            "%s: expected a mapping such as {zone: town, size: 5600}, found %s",
                            where, sf_load_show(val).s);
    if ((rc = sf_load_keys(L, val, population_keys, where)))
        return rc;
    const sf_ynode *n = sf_ynode_get(val, "size");
    if (!n)
        return sf_load_fail(L, key, 0,
                            "%s: missing 'size' (the number of people, as in size: 5600)", where);
    uint64_t size;
    const char *t = sf_load_text(n);
    if (!t || sf_load_uint(t, n->len, &size) || (double)size > MAX_SIZE)
        return sf_load_fail(L, n, 0, "%s: 'size' must be a whole number from 0 to %.0f, found %s",
                            where, MAX_SIZE, sf_load_show(n).s);
    p->size = (double)size;

    if ((n = sf_ynode_get(val, "zone"))) {
        if (m->nzones == 0)
            return sf_load_fail(L, n, 0, "%s: 'zone' names a zone, but the model has no 'zones'",
                                where);
        if ((rc = zone_of(L, n, where, p)))
            return rc;
    }

    if ((n = sf_ynode_get(val, "ages"))) {
        snprintf(what, sizeof what, "%s: 'ages'", where);
        if (n->type != SF_Y_MAP || n->n == 0)
            return sf_load_fail(L, n, 0,
                                "%s: expected a mapping from age bands to shares such as {0-17: "
                                ".2, 18-66: .6, 67+: .2}, found %s",
                                what, n->type == SF_Y_MAP ? "an empty mapping" : sf_load_show(n).s);
        const char **names = sf_arena_calloc(&m->arena, (size_t)n->n, sizeof *names);
        if (!names)
            return sf_load_nomem(L);
        for (int i = 0; i < n->n; i++) {
            if ((rc = sf_load_name(L, n->item[2 * i], "an age band")))
                return rc;
            if (!(names[i] = sf_arena_strdup(&m->arena, n->item[2 * i]->text)))
                return sf_load_nomem(L);
        }
        double *share;
        if ((rc = shares(L, n, what, &share, NULL)))
            return rc;
        p->age_names = names;
        p->age_share = share;
        p->nages = n->n;
    }

    double *presence;
    if ((n = sf_ynode_get(val, "presence"))) {
        snprintf(what, sizeof what, "%s: 'presence'", where);
        rc = period_map(L, n, what, 0, 1, 1, &presence);
    } else {
        presence = sf_arena_calloc(&m->arena, (size_t)m->calendar.nperiods + 1, sizeof *presence);
        if (!presence)
            return sf_load_nomem(L);
        for (int i = 0; i <= m->calendar.nperiods; i++)
            presence[i] = 1;
    }
    p->presence = presence;
    /* listed: false marks people on no GP list here (tourists, cabin
     * guests): at a booked clinic they have no own doctor (booked.c). */
    p->listed = 1;
    if (!rc && (n = sf_ynode_get(val, "listed"))) {
        t = sf_load_text(n);
        if (t && n->len == 4 && !strcmp(t, "true"))
            p->listed = 1;
        else if (t && n->len == 5 && !strcmp(t, "false"))
            p->listed = 0;
        else
            return sf_load_fail(L, n, 0, "%s: 'listed' must be true or false, found %s", where,
                                sf_load_show(n).s);
    }
    if (!rc)
        rc = load_persons(L, val, where, p);
    return rc;
}

static int load_populations(sf_load *L, const sf_ynode *n) {
    if (!n)
        return SF_OK;
    if (n->type != SF_Y_MAP || n->n == 0)
        return sf_load_fail(L, n, 0,
                            "'populations' must be a mapping of populations such as {residents: "
                            "{zone: town, size: 5600}}, found %s",
                            n->type == SF_Y_MAP ? "an empty mapping" : sf_load_show(n).s);
    sf_population *pops = sf_arena_calloc(&L->m->arena, (size_t)n->n, sizeof *pops);
    if (!pops)
        return sf_load_nomem(L);
    L->m->populations = pops;
    for (int i = 0; i < n->n; i++) {
        L->m->npopulations = i + 1;
        int rc = load_population(L, n->item[2 * i], n->item[2 * i + 1], &pops[i]);
        if (rc)
            return rc;
    }
    return SF_OK;
}

/* ---- demand -------------------------------------------------------------------- */

static int find_population(const sf_model *m, const sf_ynode *k) {
    for (int p = 0; p < m->npopulations; p++)
        if (same(k, m->populations[p].name))
            return p;
    return -1;
}

/* The populations an entry's `from` names, in order. */
static int from_list(sf_load *L, const sf_ynode *n, const char *where, int *pops, int *count) {
    const sf_model *m = L->m;
    int k = n->type == SF_Y_SEQ ? n->n : 1;
    if ((n->type == SF_Y_SEQ && n->n == 0) || (n->type != SF_Y_SEQ && !sf_load_text(n)))
        return sf_load_fail(L, n, 0,
                            "%s: 'from' must be a population or a list of populations such as "
                            "[residents, tourists], found %s",
                            where, n->type == SF_Y_SEQ ? "an empty list" : sf_load_show(n).s);
    for (int i = 0; i < k; i++) {
        const sf_ynode *x = n->type == SF_Y_SEQ ? n->item[i] : n;
        int p = find_population(m, x);
        if (p < 0) {
            char known[256];
            name_list(known, sizeof known, NAMES(m->populations), m->npopulations);
            return sf_load_fail(L, x, 0, "%s: 'from': unknown population %s; populations: %s",
                                where, sf_load_show(x).s, known);
        }
        for (int j = 0; j < i; j++)
            if (pops[j] == p)
                return sf_load_fail(L, x, 0, "%s: 'from': population '%s' is listed twice", where,
                                    m->populations[p].name);
        pops[i] = p;
    }
    *count = k;
    return SF_OK;
}

static int per_person_rate(sf_load *L, const sf_ynode *n, const char *what, double *r) {
    const char *t = sf_load_text(n), *why = "a rate such as 2.6/y (contacts per person-year)";
    if (!t || strlen(t) != n->len || sf_parse_rate(t, r, &why))
        return sf_load_fail(L, n, 0, "%s: expected %s, found %s", what, why, sf_load_show(n).s);
    return SF_OK;
}

/* Contacts per person-hour of population p for the entry's `rate`; with
 * band (not NULL, p->nages entries) also each age band's share times its
 * rate. */
static int population_rate(sf_load *L, const sf_ynode *n, const char *where, const sf_population *p,
                           double *rate, double *band) {
    char what[300];
    snprintf(what, sizeof what, "%s: 'rate'", where);
    if (n->type != SF_Y_MAP) {
        int rc = per_person_rate(L, n, what, rate);
        for (int a = 0; band && a < p->nages; a++)
            band[a] = p->age_share[a] * *rate;
        return rc;
    }
    if (n->n == 0)
        return sf_load_fail(L, n, 0,
                            "%s: expected a rate such as 2.6/y or a mapping from age bands to "
                            "rates, found an empty mapping",
                            what);
    if (p->nages == 0)
        return sf_load_fail(L, n, 0,
                            "%s: a rate by age band needs populations with 'ages'; population "
                            "'%s' has none",
                            what, p->name);
    for (int i = 0; i < n->n; i++) {
        const sf_ynode *k = n->item[2 * i];
        int a = 0;
        while (a < p->nages && !same(k, p->age_names[a]))
            a++;
        if (a == p->nages) {
            char known[256];
            name_list(known, sizeof known, p->age_names, sizeof p->age_names[0], p->nages);
            return sf_load_fail(L, k, 0, "%s: population '%s' has no age band %s; its bands: %s",
                                what, p->name, sf_load_show(k).s, known);
        }
    }
    double sum = 0;
    for (int a = 0; a < p->nages; a++) {
        const sf_ynode *v = sf_ynode_get(n, p->age_names[a]);
        if (!v)
            return sf_load_fail(L, n, 0, "%s: no rate for age band '%s' of population '%s'", what,
                                p->age_names[a], p->name);
        char which[400];
        snprintf(which, sizeof which, "%s: age band '%s'", what, p->age_names[a]);
        double r;
        int rc = per_person_rate(L, v, which, &r);
        if (rc)
            return rc;
        sum += p->age_share[a] * r;
        if (band)
            band[a] = p->age_share[a] * r;
    }
    *rate = sum;
    return SF_OK;
}

static int load_entry(sf_load *L, const sf_ynode *val, int index, sf_source *out, int *nout) {
    sf_model *m = L->m;
    char where[160], what[200];
    snprintf(where, sizeof where, "demand %d", index + 1);
    if (val->type != SF_Y_MAP)
        return sf_load_fail(L, val, 0,
                            "%s: expected a mapping such as {class: gp-visit, from: residents, "
                            "rate: 2.6/y, to: gp-office}, found %s",
                            where, sf_load_show(val).s);
    int rc = sf_load_keys(L, val, demand_keys, where);
    if (rc)
        return rc;
    static const char *const required[] = {"from", "rate", "to"};
    for (int i = 0; i < 3; i++)
        if (!sf_ynode_get(val, required[i]))
            return sf_load_fail(L, val, 0,
                                "%s: missing '%s' (a demand entry needs from, rate and to, as in "
                                "{class: gp-visit, from: residents, rate: 2.6/y, to: gp-office})",
                                where, required[i]);
    const sf_ynode *n;
    int cls = 0;
    if ((n = sf_ynode_get(val, "class"))) {
        snprintf(what, sizeof what, "%s: 'class'", where);
        if ((rc = sf_load_class(L, n, what, &cls)))
            return rc;
        snprintf(where, sizeof where, "demand %d (%s)", index + 1, m->classes[cls]);
    }
    const sf_ynode *from = sf_ynode_get(val, "from");
    int npops = from->type == SF_Y_SEQ ? from->n : 1;
    int *pops = sf_arena_calloc(&m->arena, (size_t)npops + 1, sizeof *pops);
    if (!pops)
        return sf_load_nomem(L);
    if ((rc = from_list(L, from, where, pops, &npops)))
        return rc;

    sf_route to;
    snprintf(what, sizeof what, "%s: 'to'", where);
    if ((rc = sf_load_route(L, sf_ynode_get(val, "to"), what, 0, &to)))
        return rc;
    sf_profile profile;
    sf_profile_flat(&profile);
    if ((n = sf_ynode_get(val, "profile"))) {
        snprintf(what, sizeof what, "%s: 'profile'", where);
        if ((rc = sf_profile_load(L, n, what, &profile)))
            return rc;
    }
    double *mult = NULL;
    int nw = m->calendar.nperiods + 1;
    if ((n = sf_ynode_get(val, "periods"))) {
        snprintf(what, sizeof what, "%s: 'periods'", where);
        if ((rc = period_map(L, n, what, 0, INFINITY, 1, &mult)))
            return rc;
    }

    const sf_ynode *rate_node = sf_ynode_get(val, "rate");
    for (int i = 0; i < npops; i++) {
        const sf_population *p = &m->populations[pops[i]];
        sf_source *s = &out[i];
        double per_person, *band = NULL;
        if (p->persons && p->nages > 0 &&
            !(band = sf_arena_calloc(&m->arena, (size_t)p->nages, sizeof *band)))
            return sf_load_nomem(L);
        if ((rc = population_rate(L, rate_node, where, p, &per_person, band)))
            return rc;
        if (band) {
            /* running shares; all zero (a rate of 0) leaves them even */
            double run = 0;
            for (int a = 0; a < p->nages; a++)
                run += band[a];
            for (int a = 0; a < p->nages; a++)
                band[a] =
                    run > 0 ? (a ? band[a - 1] : 0) + band[a] / run : (double)(a + 1) / p->nages;
            band[p->nages - 1] = 1;
            s->age_cum = band;
        }
        char name[256];
        snprintf(name, sizeof name, "%s/%s", m->classes[cls], p->name);
        if (!(s->name = sf_arena_strdup(&m->arena, name)))
            return sf_load_nomem(L);
        s->cls = cls;
        s->population = pops[i];
        s->to = to;
        s->profile = profile;
        s->rate = p->size * per_person;
        /* Presence times the entry's factor, by period; a constant folds
         * into the rate so the engine keeps its fast path. */
        double *w = sf_arena_calloc(&m->arena, (size_t)nw, sizeof *w);
        if (!w)
            return sf_load_nomem(L);
        int constant = 1;
        double wmax = 0;
        for (int k = 0; k < nw; k++) {
            w[k] = p->presence[k] * (mult ? mult[k] : 1);
            constant &= w[k] == w[0];
            if (w[k] > wmax)
                wmax = w[k];
        }
        if (constant) {
            s->rate *= w[0];
            s->period_w = NULL;
            s->period_wmax = 1;
        } else {
            s->period_w = w;
            s->period_wmax = wmax;
        }
        double expected = s->rate * s->period_wmax * (m->horizon + m->warmup);
        if (!(expected <= MAX_PATIENTS))
            return sf_load_fail(L, rate_node, 0,
                                "%s: 'rate' for population '%s' gives %.3g patients per "
                                "replication over warm-up plus horizon; expected at most %.0e",
                                where, p->name, expected, MAX_PATIENTS);
    }
    *nout = npops;
    return SF_OK;
}

static int load_demand(sf_load *L, const sf_ynode *n) {
    sf_model *m = L->m;
    if (!n)
        return SF_OK;
    if (n->type != SF_Y_SEQ || n->n == 0)
        return sf_load_fail(L, n, 0,
                            "'demand' must be a list of entries such as [{class: gp-visit, from: "
                            "residents, rate: 2.6/y, to: gp-office}], found %s",
                            n->type == SF_Y_SEQ ? "an empty list" : sf_load_show(n).s);
    if (m->npopulations == 0)
        return sf_load_fail(L, n, 0,
                            "'demand' needs 'populations' (who the contacts come from, as in "
                            "populations: {residents: {size: 5600}})");
    int total = m->nsources;
    for (int i = 0; i < n->n; i++) {
        const sf_ynode *f = n->item[i]->type == SF_Y_MAP ? sf_ynode_get(n->item[i], "from") : NULL;
        total += f && f->type == SF_Y_SEQ ? f->n : 1;
    }
    sf_source *src = sf_arena_calloc(&m->arena, (size_t)total, sizeof *src);
    if (!src)
        return sf_load_nomem(L);
    memcpy(src, m->sources, (size_t)m->nsources * sizeof *src);
    m->sources = src;
    for (int i = 0; i < n->n; i++) {
        int made = 0;
        int rc = load_entry(L, n->item[i], i, src + m->nsources, &made);
        if (rc)
            return rc;
        m->nsources += made;
    }
    return SF_OK;
}

int sf_population_load(sf_load *L, const sf_ynode *root) {
    int rc = load_zones(L, sf_ynode_get(root, "zones"));
    if (!rc)
        rc = load_populations(L, sf_ynode_get(root, "populations"));
    if (!rc)
        rc = load_demand(L, sf_ynode_get(root, "demand"));
    return rc;
}

/* ---- travel for every arrival ---------------------------------------------------- */

int sf_population_check(sf_load *L, const sf_ynode *root) {
    const sf_model *m = L->m;
    const sf_ynode *demand = sf_ynode_get(root, "demand");
    if (!demand)
        return SF_OK;
    /* Demand sources follow the arrivals' in entry order. */
    int s = m->nsources;
    for (int i = demand->n - 1; i >= 0; i--) {
        const sf_ynode *f = sf_ynode_get(demand->item[i], "from");
        s -= f->type == SF_Y_SEQ ? f->n : 1;
    }
    for (int i = 0; i < demand->n; i++) {
        const sf_ynode *e = demand->item[i], *f = sf_ynode_get(e, "from");
        const sf_ynode *to = sf_ynode_get(e, "to");
        int k = f->type == SF_Y_SEQ ? f->n : 1;
        for (int j = 0; j < k; j++, s++) {
            const sf_source *src = &m->sources[s];
            const sf_population *p = &m->populations[src->population];
            for (int z = 0; z < p->nzones; z++) {
                if (!(p->zone_share[z] > 0))
                    continue;
                const sf_zone *zone = &m->zones[p->zone[z]];
                for (int r = 0; r < src->to.n; r++) {
                    if (!(src->to.prob[r] > 0))
                        continue;
                    int first = src->to.dest[r], steps = 0;
                    for (int u = first; u >= 0 && steps <= m->nunits;
                         u = m->units[u].overflow, steps++) {
                        if (!isnan(zone->travel[u]) || m->units[u].kind == SF_UNIT_RESPONSE)
                            continue; /* a response unit comes to the zone (load_response.c) */
                        char via[160] = "";
                        if (u != first)
                            snprintf(via, sizeof via, ", reached by overflow from '%s'",
                                     m->units[first].name);
                        return sf_load_fail(L, to, 0,
                                            "demand %d: population '%s' lives in zone '%s', which "
                                            "has no travel time to unit '%s'%s; add it under "
                                            "zones: %s: travel",
                                            i + 1, p->name, zone->name, m->units[u].name, via,
                                            zone->name);
                    }
                }
            }
        }
    }
    return SF_OK;
}
