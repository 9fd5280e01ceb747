/* engine.h: one thread's simulator, reused across the replications that
 * thread runs. */
#ifndef SF_ENGINE_H
#define SF_ENGINE_H

#include "model/model.h"

typedef struct sf_engine sf_engine;

/* Figures of one replication: rows of SF_M_COUNT values, one per unit,
 * then one for the whole network, then (when the model has more than one
 * class) one per unit and class, unit-major, then one per population. */
typedef struct sf_rep_out {
    double *values;
    uint64_t events;
    uint64_t patients;
    /* Optional (NULL: not wanted): occ[u][k] += hours of the observed
     * horizon unit u spent with k servers/beds occupied, k = 0..capacity
     * (the largest, for a scheduled unit)
     * (the calibration backtest compares this distribution with data). */
    double *const *occ;
} sf_rep_out;

/* Classes per unit in the results: 0 for a model with one class. */
static inline int sf_engine_class_rows(const sf_model *m) {
    return m->nclasses > 1 ? m->nclasses : 0;
}
static inline int sf_engine_rows(const sf_model *m) {
    return m->nunits + 1 + m->nunits * sf_engine_class_rows(m) + m->npopulations;
}

/* Called every few thousand events with the share of the replication's
 * simulated time done (0..1). */
typedef void (*sf_engine_tick)(void *user, int rep, double done);

int sf_engine_create(const sf_model *m, sf_engine **out);
void sf_engine_on_tick(sf_engine *e, sf_engine_tick fn, void *user);
/* Runs replication rep with the given seed; returns 0 or SF_ERR_NOMEM. */
int sf_engine_replicate(sf_engine *e, uint64_t seed, int rep, sf_rep_out *out);
void sf_engine_free(sf_engine *e);

#endif
