/* results.h: what sf_run returns, shared by the runner and the writers. */
#ifndef SF_RESULTS_H
#define SF_RESULTS_H

#include "samflyt/samflyt.h"

struct sf_results {
    int reps;
    int nunits;
    char **unit_names; /* nunits, owned */
    char *model_name;  /* owned */
    double horizon, warmup;
    uint64_t seed, events, patients;
    /* values[(rep * (nunits + 1) + unit) * SF_M_COUNT + metric] */
    double *values;
};

#endif
