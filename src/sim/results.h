/* results.h: what sf_run returns, shared by the runner and the writers. */
#ifndef SF_RESULTS_H
#define SF_RESULTS_H

#include "samflyt/samflyt.h"

struct sf_results {
    int reps;
    int nunits;
    int nclasses;       /* class rows per unit: 0 when the model has one class */
    int nrows;          /* nunits + 1 + nunits * nclasses */
    char **unit_names;  /* nunits, owned */
    char **class_names; /* nclasses, owned */
    char *model_name;   /* owned */
    double horizon, warmup;
    uint64_t seed, events, patients;
    /* values[(rep * nrows + row) * SF_M_COUNT + metric]; rows as in
     * engine.h: units, the network, then unit x class */
    double *values;
};

#endif
