/* engine.h: one thread's simulator, reused across the replications that
 * thread runs. */
#ifndef SF_ENGINE_H
#define SF_ENGINE_H

#include "model/model.h"
#include "model/response.h"

typedef struct sf_engine sf_engine;

/* Figures of one replication: rows of SF_M_COUNT values, one per unit,
 * then one for the whole network, then (when the model has more than one
 * class) one per unit and class, unit-major, then one per population,
 * then the response rows (sf_engine_zone_rows, sf_engine_station_rows). */
typedef struct sf_rep_out {
    double *values;
    uint64_t events;
    uint64_t patients;
    /* Optional (NULL: not wanted): occ[u][k] += hours of the observed
     * horizon unit u spent with k servers/beds occupied, k = 0..capacity
     * (the largest, for a scheduled unit)
     * (the calibration backtest compares this distribution with data). */
    double *const *occ;
    /* Optional (NULL: not wanted): figures by hour of week and month of
     * year, by[(unit * SF_BT_ROWS + row) * SF_BY_COUNT + metric]; rows
     * 0..167 are the hours of the week from Monday 00:00, rows 168..179
     * the months from January. NaN where the window has no such time. */
    double *by;
} sf_rep_out;

enum { SF_BT_HOURS = 168, SF_BT_MONTHS = 12, SF_BT_ROWS = SF_BT_HOURS + SF_BT_MONTHS };

/* Classes per unit in the results: 0 for a model with one class. */
static inline int sf_engine_class_rows(const sf_model *m) {
    return m->nclasses > 1 ? m->nclasses : 0;
}
/* Response units (docs/simulation.md, "Emergency response"): one row per
 * zone, over the calls from it to every response unit (none without
 * response units), then one per station of every response unit, in the
 * order of the units and of their stations. */
static inline int sf_engine_station_rows(const sf_model *m) {
    int n = 0;
    for (int u = 0; u < m->nunits; u++)
        n += m->units[u].resp ? m->units[u].resp->nstations : 0;
    return n;
}
static inline int sf_engine_zone_rows(const sf_model *m) {
    return sf_engine_station_rows(m) ? m->nzones : 0;
}
static inline int sf_engine_rows(const sf_model *m) {
    return m->nunits + 1 + m->nunits * sf_engine_class_rows(m) + m->npopulations +
           sf_engine_zone_rows(m) + sf_engine_station_rows(m);
}

/* Called every few thousand events with the share of the replication's
 * simulated time done (0..1). */
typedef void (*sf_engine_tick)(void *user, int rep, double done);

/* One stay, as the trace sees it: times in hours on the engine clock. */
typedef struct sf_engine_stay {
    uint64_t patient; /* serial number within the replication, from 1 */
    int unit;
    int cls;
    int from, to;  /* unit indices; -1: from outside / home or turned away */
    double arrive; /* asked for a place (for a blocked patient: when ready) */
    double start;  /* first service start (a handed-over service restarts later) */
    double end;
    double ready; /* became ready for discharge while blocked; NaN otherwise */
    int zone;     /* the patient's home zone, -1: unknown */
    int provider; /* the doctor seen at a booked clinic, -1: none */
    /* The person (docs/model.md, "Persons"): population person_pop's
     * person number person (from 1); person_pop -1: an anonymous patient,
     * known by its serial number */
    int person_pop;
    int64_t person;
} sf_engine_stay;
typedef void (*sf_engine_stay_fn)(void *user, const sf_engine_stay *s);

int sf_engine_create(const sf_model *m, sf_engine **out);
/* Calls fn for every stay that ends in the observed horizon of the
 * replications run afterwards, on the thread that runs them (fn NULL:
 * stop). SF_OK or SF_ERR_NOMEM. */
int sf_engine_on_stay(sf_engine *e, sf_engine_stay_fn fn, void *user);
void sf_engine_on_tick(sf_engine *e, sf_engine_tick fn, void *user);
/* Stops each later replication with SF_ERR_ARG after max_events events
 * (0: no budget); for fuzzing, where a run must end. */
void sf_engine_set_budget(sf_engine *e, uint64_t max_events);
/* Why the last replication failed, for a message ("" when the error code
 * says it all, or none). */
const char *sf_engine_why(const sf_engine *e);
/* The hour (engine clock, warm-up included) at which the last replication
 * deadlocked, NaN if it did not; then *units (nunits bytes, owned by the
 * engine, valid until the next replication) has 1 for the units of the
 * deadlock. A deadlocked replication stops there: its values and `by`
 * are NaN and `occ` is left alone (docs/simulation.md, "Deadlock"). */
double sf_engine_deadlock(const sf_engine *e, const unsigned char **units);
/* Tests only: go_on != 0 runs a deadlocked replication on to its end with
 * its figures, so a test can confirm that the units never move again. */
void sf_engine_deadlock_go_on(sf_engine *e, int go_on);
/* Tests only: on == 0 sends every unit's service ends to the one event heap
 * (the oracle for the short-service heap, engine.c sf_engine.qf); on != 0
 * restores the engine's choice. Returns the number of units whose service
 * ends now go to the short-service heap. */
int sf_engine_split_queue(sf_engine *e, int on);
/* Runs replication rep with the given seed; returns 0 or SF_ERR_NOMEM. */
int sf_engine_replicate(sf_engine *e, uint64_t seed, int rep, sf_rep_out *out);
void sf_engine_free(sf_engine *e);

#endif
