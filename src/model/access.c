/* access.c: travel access from the model alone, without simulation: the
 * share of each population (by size, spread over its zones) that lives
 * within 20, 45 or 90 minutes of the nearest unit of each kind of care
 * (the unit's `care:`, else its kind: walk-in, ward, ...); pooled over
 * populations, each weighs the people present on average over the year. A scenario that moves a
 * unit (changes zones.Z.travel.U) changes these figures directly. */
#include "model/model.h"

#include <math.h>
#include <string.h>

const double sf_access_minutes[SF_ACCESS_THRESHOLDS] = {20, 45, 90};

int sf_model_population_count(const sf_model *m) { return m ? m->npopulations : 0; }

const char *sf_model_population_name(const sf_model *m, int pop) {
    return m && pop >= 0 && pop < m->npopulations ? m->populations[pop].name : NULL;
}

double sf_model_population_size(const sf_model *m, int pop) {
    return m && pop >= 0 && pop < m->npopulations ? m->populations[pop].size : NAN;
}

double sf_model_population_present(const sf_model *m, int pop) {
    if (!m || pop < 0 || pop >= m->npopulations)
        return NAN;
    const sf_population *p = &m->populations[pop];
    return p->size * sf_calendar_year_mean(&m->calendar, p->presence);
}

/* Kinds of care (a unit's `care:`, else its kind) in the order they first
 * appear among the units: *first is the first unit of the k-th. */
static int kind_at(const sf_model *m, int k, int *first) {
    int found = 0;
    for (int u = 0; u < m->nunits; u++) {
        /* a response unit comes to the people: its reach is the response
         * time the simulation gives, not a travel time to it */
        int seen = m->units[u].kind == SF_UNIT_RESPONSE;
        for (int v = 0; v < u && !seen; v++)
            seen = strcmp(m->units[v].care, m->units[u].care) == 0;
        if (seen)
            continue;
        if (found++ == k) {
            *first = u;
            return 1;
        }
    }
    return 0;
}

int sf_model_access_kind_count(const sf_model *m) {
    int n = 0, u;
    while (m && kind_at(m, n, &u))
        n++;
    return n;
}

const char *sf_model_access_kind_name(const sf_model *m, int kind) {
    int u;
    return m && kind >= 0 && kind_at(m, kind, &u) ? m->units[u].care : NULL;
}

/* Minutes from zone z to the nearest unit of the care named care,
 * INFINITY when none has a travel time from z. */
static double nearest(const sf_model *m, int z, const char *care) {
    double best = INFINITY;
    for (int u = 0; u < m->nunits; u++)
        if (strcmp(m->units[u].care, care) == 0 && !isnan(m->zones[z].travel[u]) &&
            m->zones[z].travel[u] * 60 < best)
            best = m->zones[z].travel[u] * 60;
    return best;
}

/* Persons of population p within minutes of kind k (*known: whether any of
 * its zones has a travel time to a unit of that kind). */
static double within(const sf_model *m, const sf_population *p, const char *k, double minutes,
                     int *known) {
    double share = 0;
    for (int i = 0; i < p->nzones; i++) {
        double t = nearest(m, p->zone[i], k);
        *known |= isfinite(t);
        /* a thousandth of a second of slack: 20m parsed to hours and back */
        if (t <= minutes + 1e-5)
            share += p->zone_share[i];
    }
    return share;
}

double sf_model_access_share(const sf_model *m, int pop, int kind, double minutes) {
    int unit;
    if (!m || pop < 0 || pop > m->npopulations || !kind_at(m, kind, &unit) || isnan(minutes))
        return NAN;
    const char *k = m->units[unit].care;
    int first = pop == m->npopulations ? 0 : pop;
    int last = pop == m->npopulations ? m->npopulations : pop + 1;
    double in = 0, size = 0;
    int known = 0;
    for (int i = first; i < last; i++) {
        const sf_population *p = &m->populations[i];
        int any = 0;
        double share = within(m, p, k, minutes, &any);
        if (!any)
            continue; /* no zone or no travel times to this kind: not counted */
        known = 1;
        /* pooled, each population counts with the people present on
         * average: 6000 cabin guests here a tenth of the year weigh 600 */
        double present = pop < m->npopulations ? p->size : sf_model_population_present(m, i);
        in += share * present;
        size += present;
    }
    return known && size > 0 ? in / size : NAN;
}
