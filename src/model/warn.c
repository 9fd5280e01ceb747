/* warn.c: warnings about a valid model, for what is probably a mistake in
 * it rather than an impossibility (docs/model.md, "Warnings"). They run
 * once the whole model has loaded, so every figure they compare is known,
 * and they are kept with the model (sf_load_warn); the library never
 * prints them. Each check names its threshold here and in the docs:
 *
 * - GP lists far from the people they serve: the lists of a group of
 *   booked clinics sharing listed populations add up to less than
 *   LISTS_LOW or more than LISTS_HIGH times those populations' size;
 * - demand above a booked clinic's slots: the requests sent straight to
 *   it in a mean week of the first observed year exceed the slots its
 *   doctors offer in a week (everybody at work);
 * - travel access that lumps different care: a unit that is farther than
 *   another unit of the same kind from every zone it has a travel time
 *   from, by at least LUMP_MINUTES somewhere, never counts in the access
 *   table unless the model names its kind of care (`care:`). */
#include "model/booked.h"
#include "model/load.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LISTS_LOW 0.8
#define LISTS_HIGH 1.25
#define LUMP_MINUTES 30.0

static const sf_ynode *unit_key(const sf_ynode *root, int u) {
    return sf_ynode_get(root, "units")->item[2 * u];
}
static const sf_ynode *unit_val(const sf_ynode *root, int u) {
    return sf_ynode_get(root, "units")->item[2 * u + 1];
}

/* Whether source s sends patients straight to unit u, and with which
 * probability. */
static double share_to(const sf_source *s, int u) {
    double p = 0;
    for (int k = 0; k < s->to.n; k++)
        if (s->to.dest[k] == u)
            p += s->to.prob[k];
    return p;
}

/* ---- lists against the population ----------------------------------------- */

static int find(int *parent, int x) {
    while (parent[x] != x)
        x = parent[x] = parent[parent[x]];
    return x;
}

/* Booked clinics with explicit lists and the listed populations sending
 * them demand form groups (a population shared by two clinics joins
 * them); in each group the lists should add up to about the people. */
static int warn_lists(sf_load *L, const sf_ynode *root) {
    const sf_model *m = L->m;
    int nu = m->nunits, np = m->npopulations;
    if (!np)
        return SF_OK;
    int *parent = malloc((size_t)(nu + np) * sizeof *parent);
    double *lists = calloc((size_t)(nu + np), sizeof *lists);
    double *people = calloc((size_t)(nu + np), sizeof *people);
    int rc = SF_OK;
    if (!parent || !lists || !people) {
        rc = sf_load_nomem(L);
        goto done;
    }
    for (int i = 0; i < nu + np; i++)
        parent[i] = i;
    for (int s = 0; s < m->nsources; s++) {
        const sf_source *src = &m->sources[s];
        int p = src->population;
        if (p < 0 || !m->populations[p].listed)
            continue;
        for (int k = 0; k < src->to.n; k++) {
            int u = src->to.dest[k];
            if (u >= 0 && m->units[u].booked && src->to.prob[k] > 0 &&
                sf_ynode_get(unit_val(root, u), "lists"))
                parent[find(parent, u)] = find(parent, nu + p);
        }
    }
    for (int u = 0; u < nu; u++)
        if (m->units[u].booked && sf_ynode_get(unit_val(root, u), "lists"))
            lists[find(parent, u)] += m->units[u].booked->list_total;
    for (int p = 0; p < np; p++)
        people[find(parent, nu + p)] += m->populations[p].size;
    /* One warning per group, at its first clinic's lists. */
    for (int u = 0; u < nu && !rc; u++) {
        if (!m->units[u].booked || !sf_ynode_get(unit_val(root, u), "lists"))
            continue;
        int g = find(parent, u);
        if (!(people[g] > 0) || lists[g] < 0)
            continue;
        double ratio = lists[g] / people[g];
        if (ratio >= LISTS_LOW && ratio <= LISTS_HIGH) {
            lists[g] = -1; /* said */
            continue;
        }
        int clinics = 0;
        for (int v = 0; v < nu; v++)
            clinics += m->units[v].booked && sf_ynode_get(unit_val(root, v), "lists") &&
                       find(parent, v) == g;
        char names[200];
        size_t o = 0;
        names[0] = '\0';
        for (int p = 0; p < np && o < sizeof names; p++)
            if (find(parent, nu + p) == g)
                o += (size_t)snprintf(names + o, sizeof names - o, "%s'%s'", o ? ", " : "",
                                      m->populations[p].name);
        rc = sf_load_warn(L, sf_ynode_get(unit_val(root, u), "lists"),
                          "unit '%s': 'lists' add up to %.0f patients%s, %.0f %% of the %.0f "
                          "people of %s who are listed there; lists far from the population "
                          "(outside %.0f-%.0f %%) make each doctor's share of requests wrong",
                          m->units[u].name, lists[g],
                          clinics > 1 ? " with the other clinics sharing its populations" : "",
                          100 * ratio, people[g], names, 100 * LISTS_LOW, 100 * LISTS_HIGH);
        lists[g] = -1;
    }
done:
    free(parent);
    free(lists);
    free(people);
    return rc;
}

/* ---- demand against slots ------------------------------------------------------ */

static int warn_slots(sf_load *L, const sf_ynode *root) {
    const sf_model *m = L->m;
    for (int u = 0; u < m->nunits; u++) {
        const sf_booked *b = m->units[u].booked;
        if (!b)
            continue;
        double slots = 0;
        for (int d = 0; d < 7; d++)
            slots += (double)(b->nreg[d] + b->nres[d]) * b->doctors;
        double week = 0;
        for (int s = 0; s < m->nsources; s++)
            week += m->sources[s].rate * 168 * share_to(&m->sources[s], u) *
                    sf_calendar_year_mean(&m->calendar, m->sources[s].period_w);
        if (week > slots) {
            char then[160] = "grows without end";
            if (b->has_overflow && isfinite(b->overflow_after))
                snprintf(then, sizeof then, "grows until requests overflow after %.3g days",
                         b->overflow_after / 24);
            int rc = sf_load_warn(L, unit_key(root, u),
                                  "unit '%s': %.0f requests a week arrive straight from "
                                  "'arrivals' and 'demand' (mean of the first observed year), "
                                  "more than the %.0f slots its %d doctors offer in a week; the "
                                  "wait for an appointment %s",
                                  m->units[u].name, week, slots, b->doctors, then);
            if (rc)
                return rc;
        }
    }
    return SF_OK;
}

/* ---- travel access that lumps different kinds of care ------------------------ */

static int same_care(const sf_unit *a, const sf_unit *b) { return strcmp(a->care, b->care) == 0; }

/* Whether any zone has a travel time to unit u. */
static int has_travel(const sf_model *m, int u) {
    for (int z = 0; z < m->nzones; z++)
        if (!isnan(m->zones[z].travel[u]))
            return 1;
    return 0;
}

static int warn_lumped(sf_load *L, const sf_ynode *root) {
    const sf_model *m = L->m;
    if (!m->npopulations || !m->nzones)
        return SF_OK;
    /* Only units with travel times take part: the pairs below stay few
     * even in a model of many units. */
    int *near = malloc((size_t)m->nunits * sizeof *near), nnear = 0;
    if (!near)
        return sf_load_nomem(L);
    for (int u = 0; u < m->nunits; u++)
        if (has_travel(m, u))
            near[nnear++] = u;
    int rc = SF_OK;
    for (int a = 0; a < nnear && !rc; a++) {
        int u = near[a];
        const sf_unit *unit = &m->units[u];
        if (unit->care_given)
            continue;
        /* u is lumped when some unit v of its care is nearer from every
         * zone that has a travel time to u; remember the widest gap. */
        int by = -1, at_zone = -1;
        double gap = 0;
        for (int b = 0; b < nnear; b++) {
            int v = near[b];
            if (v == u || !same_care(unit, &m->units[v]))
                continue;
            int any = 0, nearer = 1, zone = -1;
            double widest = 0;
            for (int z = 0; z < m->nzones && nearer; z++) {
                double tu = m->zones[z].travel[u], tv = m->zones[z].travel[v];
                if (isnan(tu))
                    continue;
                any = 1;
                nearer = !isnan(tv) && tv < tu;
                if (nearer && (tu - tv) * 60 > widest) {
                    widest = (tu - tv) * 60;
                    zone = z;
                }
            }
            if (any && nearer && widest >= LUMP_MINUTES && widest > gap) {
                gap = widest;
                by = v;
                at_zone = zone;
            }
        }
        if (by < 0)
            continue;
        const sf_zone *z = &m->zones[at_zone];
        rc = sf_load_warn(L, unit_key(root, u),
                          "unit '%s': travel access counts it as '%s' with '%s', which is "
                          "nearer from every zone (from '%s': %.0f min against %.0f min), "
                          "so its own distance never shows; if it gives another kind of "
                          "care, say so with care: NAME on the unit",
                          unit->name, unit->care, m->units[by].name, z->name, z->travel[by] * 60,
                          z->travel[u] * 60);
    }
    free(near);
    return rc;
}

int sf_load_warnings(sf_load *L, const sf_ynode *root) {
    int rc = warn_lists(L, root);
    if (!rc)
        rc = warn_slots(L, root);
    if (!rc)
        rc = warn_lumped(L, root);
    return rc;
}
