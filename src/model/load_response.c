/* load_response.c: reads a mobile-response unit (`kind: response`, an
 * ambulance service) into model/response.h: its stations (a zone and a
 * number or schedule of vehicles each), the dispatch delay, the time on
 * scene and a travel factor by calendar period. loader.c calls
 * sf_response_load for a unit of that kind and then reads triage, org and
 * next as for any unit.
 *
 * Travel between a station and a zone comes from the zones' `travel`
 * mappings, which may name zones as well as units; a pair may be written
 * under either zone. After the whole model is read, sf_response_check
 * makes sure every call has what it needs: a home zone (calls come from
 * `demand`, never from plain `arrivals`), a travel time from every
 * station, and travel times for the transport to the next unit and the
 * return to the station. */
#include "model/load.h"
#include "model/response.h"
#include "model/schedule.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { RS_MAX_STATIONS = 100, RS_MAX_VEHICLES = 1000 };

static const char *const response_keys[] = {
    "kind", "stations", "dispatch", "on-scene", "travel-factor", "triage", "next", "org", NULL,
};
static const char *const station_keys[] = {"zone", "vehicles", NULL};

static int find_zone(const sf_model *m, const sf_ynode *k) {
    for (int z = 0; z < m->nzones; z++)
        if (k->type == SF_Y_SCALAR && strlen(m->zones[z].name) == k->len &&
            memcmp(m->zones[z].name, k->text, k->len) == 0)
            return z;
    return -1;
}

/* Travel between zones a and b, written under either. */
static double zone_pair(const sf_model *m, int a, int b) {
    double h = m->zones[a].ztravel[b];
    return isnan(h) ? m->zones[b].ztravel[a] : h;
}

static int load_station(sf_load *L, const sf_ynode *key, const sf_ynode *val, const char *where,
                        sf_station *st) {
    sf_model *m = L->m;
    char what[300];
    int rc = sf_load_name(L, key, "a station");
    if (rc)
        return rc;
    snprintf(what, sizeof what, "%s: station '%s'", where, key->text);
    if (!(st->name = sf_arena_strdup(&m->arena, key->text)))
        return sf_load_nomem(L);
    if (val->type != SF_Y_MAP)
        return sf_load_fail(L, val, 0,
                            "%s: expected a mapping such as {zone: roros, vehicles: 2}, "
                            "found %s",
                            what, sf_load_show(val).s);
    if ((rc = sf_load_keys(L, val, station_keys, what)))
        return rc;
    const sf_ynode *z = sf_ynode_get(val, "zone"), *v = sf_ynode_get(val, "vehicles");
    if (!z)
        return sf_load_fail(L, key, 0, "%s: missing 'zone' (the zone the station stands in)", what);
    if ((st->zone = find_zone(m, z)) < 0)
        return sf_load_fail(L, z, 0, "%s: 'zone': unknown zone %s%s", what, sf_load_show(z).s,
                            m->nzones ? "; it must be a key of 'zones'"
                                      : "; the model has no 'zones' (add them with their travel "
                                        "times)");
    if (!v)
        return sf_load_fail(L, key, 0,
                            "%s: missing 'vehicles' (a number, or a schedule such as "
                            "{default: 1, weekdays 08:00-16:00: 2})",
                            what);
    char vw[320];
    snprintf(vw, sizeof vw, "%s: 'vehicles'", what);
    if (v->type == SF_Y_MAP) {
        sf_sched *sc;
        if ((rc = sf_sched_load(L, v, vw, &sc)))
            return rc;
        st->sched = sc;
        st->vehicles = sc->max;
        if (sc->max > RS_MAX_VEHICLES)
            return sf_load_fail(L, v, 0, "%s: at most %d vehicles, found %d", vw, RS_MAX_VEHICLES,
                                sc->max);
        return SF_OK;
    }
    const char *t = sf_load_text(v);
    uint64_t n;
    if (!t || sf_load_uint(t, v->len, &n) || n < 1 || n > RS_MAX_VEHICLES)
        return sf_load_fail(L, v, 0,
                            "%s must be a whole number from 1 to %d, or a schedule, "
                            "found %s",
                            vw, RS_MAX_VEHICLES, sf_load_show(v).s);
    st->vehicles = (int)n;
    return SF_OK;
}

int sf_response_load(sf_load *L, const sf_ynode *key, const sf_ynode *val, const char *where,
                     sf_unit *unit) {
    sf_model *m = L->m;
    char what[300];
    int rc;
    if ((rc = sf_load_keys(L, val, response_keys, where)))
        return rc;
    sf_response *r = sf_arena_calloc(&m->arena, 1, sizeof *r);
    if (!r)
        return sf_load_nomem(L);
    const sf_ynode *n = sf_ynode_get(val, "stations");
    if (!n)
        return sf_load_fail(L, key, 0,
                            "%s: missing 'stations' (as in stations: {roros: {zone: "
                            "roros, vehicles: 2}})",
                            where);
    if (n->type != SF_Y_MAP || n->n < 1 || n->n > RS_MAX_STATIONS)
        return sf_load_fail(L, n, 0,
                            "%s: 'stations' must be a mapping of 1 to %d stations such "
                            "as {roros: {zone: roros, vehicles: 2}}, found %s",
                            where, RS_MAX_STATIONS,
                            n->type == SF_Y_MAP ? "that many" : sf_load_show(n).s);
    sf_station *st = sf_arena_calloc(&m->arena, (size_t)n->n, sizeof *st);
    if (!st)
        return sf_load_nomem(L);
    int total = 0;
    for (int i = 0; i < n->n; i++) {
        if ((rc = load_station(L, n->item[2 * i], n->item[2 * i + 1], where, &st[i])))
            return rc;
        total += st[i].vehicles;
    }
    r->nstations = n->n;
    r->st = st;
    r->dispatch = (sf_dist){.kind = SF_DIST_FIXED};
    if ((n = sf_ynode_get(val, "dispatch"))) {
        snprintf(what, sizeof what, "%s: 'dispatch'", where);
        if ((rc = sf_dist_load(L, n, what, &r->dispatch)))
            return rc;
    }
    if (!(n = sf_ynode_get(val, "on-scene")))
        return sf_load_fail(L, key, 0,
                            "%s: missing 'on-scene' (the time on scene, a distribution "
                            "such as lognormal(20m, 10m))",
                            where);
    snprintf(what, sizeof what, "%s: 'on-scene'", where);
    if ((rc = sf_dist_load(L, n, what, &r->scene)))
        return rc;
    if ((n = sf_ynode_get(val, "travel-factor"))) {
        double *f;
        snprintf(what, sizeof what, "%s: 'travel-factor'", where);
        if ((rc = sf_load_period_map(L, n, what, 0.1, 10, 1, &f)))
            return rc;
        r->factor = f;
    }
    /* travel between stations and zones, and each zone's nearest station */
    double *tr = sf_arena_calloc(&m->arena, (size_t)r->nstations * (size_t)m->nzones, sizeof *tr);
    int *near = sf_arena_calloc(&m->arena, (size_t)m->nzones + 1, sizeof *near);
    double *zz = sf_arena_calloc(&m->arena, (size_t)m->nzones * (size_t)m->nzones, sizeof *zz);
    if (!tr || !near || !zz)
        return sf_load_nomem(L);
    for (int a = 0; a < m->nzones; a++)
        for (int b = 0; b < m->nzones; b++)
            zz[(size_t)a * m->nzones + b] = zone_pair(m, a, b);
    for (int z = 0; z < m->nzones; z++) {
        near[z] = -1;
        for (int s = 0; s < r->nstations; s++) {
            double h = zone_pair(m, st[s].zone, z);
            tr[(size_t)s * m->nzones + z] = h;
            if (!isnan(h) && (near[z] < 0 || h < tr[(size_t)near[z] * m->nzones + z]))
                near[z] = s;
        }
    }
    r->travel = tr;
    r->zone_travel = zz;
    r->near = near;
    unit->resp = r;
    unit->capacity = total;
    unit->service = r->scene;
    unit->queue_limit = -1;
    unit->overflow = SF_DEST_NONE;
    return SF_OK;
}

/* The node of a unit's key in `units`, for messages. */
static const sf_ynode *unit_node(const sf_ynode *root, const char *unit, const char *key) {
    const sf_ynode *u = sf_ynode_get(sf_ynode_get(root, "units"), unit);
    const sf_ynode *k = u && key ? sf_ynode_get(u, key) : NULL;
    return k ? k : u ? u : root;
}

/* Source src sends calls to response unit ru: every zone its population
 * lives in needs a travel time to every station, and (transport, return)
 * to every unit the calls are taken to next. at: the source's `to`. */
static int check_calls(sf_load *L, const sf_ynode *root, const sf_ynode *at, const char *what,
                       const sf_source *src, int ru) {
    const sf_model *m = L->m;
    const sf_unit *u = &m->units[ru];
    const sf_response *r = u->resp;
    if (src->population < 0 || m->populations[src->population].nzones == 0)
        return sf_load_fail(L, at, 0,
                            "%s: calls to response unit '%s' must come from a population with a "
                            "zone (demand with from: POPULATION), since the vehicle drives to "
                            "where the call comes from",
                            what, u->name);
    const sf_population *p = &m->populations[src->population];
    for (int i = 0; i < p->nzones; i++) {
        int z = p->zone[i];
        if (!(p->zone_share[i] > 0))
            continue;
        for (int s = 0; s < r->nstations; s++) {
            if (!isnan(r->travel[(size_t)s * m->nzones + z]))
                continue;
            int sz = r->st[s].zone;
            return sf_load_fail(L, at, 0,
                                "%s: population '%s' lives in zone '%s', which has no travel "
                                "time to zone '%s' of station '%s' of response unit '%s'; add it "
                                "under zones: %s: travel: {%s: 20m}",
                                what, p->name, m->zones[z].name, m->zones[sz].name, r->st[s].name,
                                u->name, m->zones[z].name, m->zones[sz].name);
        }
        for (int k = 0; k < u->next.n; k++) {
            int d = u->next.dest[k];
            if (d < 0 || !(u->next.prob[k] > 0))
                continue;
            if (isnan(m->zones[z].travel[d]))
                return sf_load_fail(L, unit_node(root, u->name, "next"), 0,
                                    "unit '%s': 'next': zone '%s' (calls from population '%s') "
                                    "has no travel time to unit '%s', needed for the transport; "
                                    "add it under zones: %s: travel",
                                    u->name, m->zones[z].name, p->name, m->units[d].name,
                                    m->zones[z].name);
        }
    }
    return SF_OK;
}

int sf_response_check(sf_load *L, const sf_ynode *root) {
    const sf_model *m = L->m;
    char what[200];
    int rc;
    for (int ru = 0; ru < m->nunits; ru++) {
        const sf_unit *u = &m->units[ru];
        /* no unit passes a patient on to a response unit: a call has a home
         * zone, a patient in a unit has not */
        for (int k = 0; k < u->next.n; k++) {
            int d = u->next.dest[k];
            if (d >= 0 && m->units[d].resp)
                return sf_load_fail(L, unit_node(root, u->name, "next"), 0,
                                    "unit '%s': 'next': response unit '%s' takes calls from "
                                    "demand only (transfers by ambulance between units are not "
                                    "modelled yet)",
                                    u->name, m->units[d].name);
        }
        if (u->overflow >= 0 && m->units[u->overflow].resp)
            return sf_load_fail(L, unit_node(root, u->name, "overflow"), 0,
                                "unit '%s': 'overflow': response unit '%s' takes calls from "
                                "demand only",
                                u->name, m->units[u->overflow].name);
        if (!u->resp)
            continue;
        /* the return from each unit calls are taken to */
        for (int k = 0; k < u->next.n; k++) {
            int d = u->next.dest[k];
            if (d < 0 || !(u->next.prob[k] > 0))
                continue;
            for (int s = 0; s < u->resp->nstations; s++) {
                int sz = u->resp->st[s].zone;
                if (isnan(m->zones[sz].travel[d]))
                    return sf_load_fail(L, unit_node(root, u->name, "next"), 0,
                                        "unit '%s': 'next': zone '%s' of station '%s' has no "
                                        "travel time to unit '%s', needed for the return; add it "
                                        "under zones: %s: travel",
                                        u->name, m->zones[sz].name, u->resp->st[s].name,
                                        m->units[d].name, m->zones[sz].name);
            }
        }
    }
    /* every source that calls a response unit */
    const sf_ynode *arr = sf_ynode_get(root, "arrivals"), *dem = sf_ynode_get(root, "demand");
    int s = 0;
    for (int i = 0; arr && i < arr->n; i++, s++) {
        const sf_source *src = &m->sources[s];
        for (int k = 0; k < src->to.n; k++)
            if (m->units[src->to.dest[k]].resp) {
                const sf_ynode *to = sf_ynode_get(arr->item[2 * i + 1], "to");
                snprintf(what, sizeof what, "source '%s': 'to'", src->name);
                if ((rc = check_calls(L, root, to ? to : arr->item[2 * i], what, src,
                                      src->to.dest[k])))
                    return rc;
            }
    }
    for (int i = 0; dem && i < dem->n; i++) {
        const sf_ynode *f = sf_ynode_get(dem->item[i], "from");
        const sf_ynode *to = sf_ynode_get(dem->item[i], "to");
        int n = f && f->type == SF_Y_SEQ ? f->n : 1;
        for (int j = 0; j < n && s < m->nsources; j++, s++) {
            const sf_source *src = &m->sources[s];
            for (int k = 0; k < src->to.n; k++)
                if (m->units[src->to.dest[k]].resp && src->to.prob[k] > 0) {
                    snprintf(what, sizeof what, "demand %d", i + 1);
                    if ((rc = check_calls(L, root, to ? to : dem->item[i], what, src,
                                          src->to.dest[k])))
                        return rc;
                }
        }
    }
    return SF_OK;
}
