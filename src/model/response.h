/* response.h: the settings of a mobile-response unit (`kind: response`,
 * an ambulance service): vehicles at stations, the dispatch delay, the
 * time on scene, and the travel times between stations and the zones
 * calls come from. The loader (load_response.c) fills it and checks every
 * invariant below; the engine reads it. All arrays belong to the model's
 * arena. The rules are in docs/model.md ("response units") and
 * docs/simulation.md ("Emergency response"). */
#ifndef SF_RESPONSE_H
#define SF_RESPONSE_H

#include "model/model.h"

typedef struct sf_station {
    const char *name;
    int zone;              /* zone the station stands in */
    int vehicles;          /* constant count, or the schedule's largest, >= 1 */
    const sf_sched *sched; /* NULL: `vehicles` at every hour */
} sf_station;

typedef struct sf_response {
    int nstations; /* >= 1 */
    const sf_station *st;
    sf_dist dispatch; /* from the call to a free vehicle leaving */
    sf_dist scene;    /* time on scene */
    /* Travel between station s and zone z, hours: travel[s * nzones + z];
     * NAN when the model gives none (the loader makes sure every zone that
     * calls come from has one to every station). */
    const double *travel;
    /* Travel between zones a and b, hours, written under either:
     * zone_travel[a * nzones + b], NAN when not given. A vehicle on its way
     * back from a call where the patient stayed home is placed with it. */
    const double *zone_travel;
    /* near[z]: the station nearest to zone z by travel (the first in the
     * file on ties), -1 when no station has a travel time to z. A call
     * answered by another station counts as answered from elsewhere. */
    const int *near;
    /* Travel-time factor by calendar period, [0] for days in no period and
     * [p + 1] for period p; NULL: 1 everywhere. */
    const double *factor;
} sf_response;

#endif
