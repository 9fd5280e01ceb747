/* population.h: where patients come from: zones with travel times to the
 * units, populations living in zones (size, age bands, seasonal presence),
 * and the travel-access figures computed from them without simulation.
 *
 * Demand (contacts per person-year) is compiled by the loader into
 * ordinary sources (model.h, sf_source) that carry their population, so
 * the engine needs only sources; populations and zones stay here for
 * travel and for results per population. All arrays belong to the model's
 * arena. */
#ifndef SF_POPULATION_H
#define SF_POPULATION_H

#include <stddef.h>
#include <stdint.h>

/* Travel thresholds of the access table, in minutes. */
enum { SF_ACCESS_THRESHOLDS = 3 };
extern const double sf_access_minutes[SF_ACCESS_THRESHOLDS]; /* 20, 45, 90 */

typedef struct sf_zone {
    const char *name;
    const double *travel; /* [nunits]: hours from the zone to the unit; NAN when not given */
    /* [nzones]: hours from the zone to another zone, as written under the
     * zone's `travel` (NAN when not given there; response units read the
     * pair either way round) */
    const double *ztravel;
    int urban; /* `urban: true`: a town of 10,000+ (the 12-minute response guideline) */
} sf_zone;

typedef struct sf_population {
    const char *name;
    double size; /* persons, >= 0 */
    /* Where its people are: zone[i] with share zone_share[i] (summing to
     * 1; zone_cum is the running sum, last exactly 1). nzones == 0: no
     * zone given, travel unknown. */
    int nzones;
    const int *zone;
    const double *zone_share;
    const double *zone_cum;
    /* Age bands: age_share sums to 1. nages == 0: no bands given. */
    int nages;
    const char *const *age_names;
    const double *age_share;
    /* Share of the people present, by period: [0] for days in no period,
     * [p + 1] for calendar period p. Each 0..1. */
    const double *presence;
    /* On GP lists here (`listed`, default true): at a booked clinic a
     * request from an unlisted population has no own doctor. */
    int listed;
    /* Persons (`persons:`, docs/model.md "Persons"): 0 when contacts are
     * anonymous (each one a new patient, as without the key); else how many
     * people are simulated with an identity, at most size (all of them,
     * or a sample that gets the share persons / size of the contacts). */
    int64_t persons;
    /* Frequent attenders: each person's relative contact rate is drawn
     * from a gamma with mean 1 and this shape (0: everyone alike). With
     * frailty_rise > 0 it is multiplied by 1 + frailty_rise each time the
     * person goes home from a ward. Contacts are shared out by these
     * weights, so the population's total rate stays as declared. */
    double frailty_shape;
    double frailty_rise;
} sf_population;

#endif
