/* engine.h: one thread's simulator, reused across the replications that
 * thread runs. */
#ifndef SF_ENGINE_H
#define SF_ENGINE_H

#include "model/model.h"

typedef struct sf_engine sf_engine;

/* Figures of one replication: (nunits + 1) rows of SF_M_COUNT values, the
 * last row for the whole network. */
typedef struct sf_rep_out {
    double *values;
    uint64_t events;
    uint64_t patients;
} sf_rep_out;

int sf_engine_create(const sf_model *m, sf_engine **out);
/* Runs replication rep with the given seed; returns 0 or SF_ERR_NOMEM. */
int sf_engine_replicate(sf_engine *e, uint64_t seed, int rep, sf_rep_out *out);
void sf_engine_free(sf_engine *e);

#endif
