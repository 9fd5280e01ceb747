/* results.h: what sf_run returns, shared by the runner and the writers. */
#ifndef SF_RESULTS_H
#define SF_RESULTS_H

#include "samflyt/samflyt.h"

struct sf_results {
    int reps;
    int nunits;
    int nclasses;       /* class rows per unit: 0 when the model has one class */
    int npops;          /* population rows, after the class rows */
    int nzones;         /* response rows by zone, after the populations (0: none) */
    int nstations;      /* response rows by station, after the zones */
    int nrows;          /* nunits + 1 + nunits * nclasses + npops + nzones + nstations */
    char **zone_names;  /* nzones, owned */
    int *zone_urban;    /* nzones, owned: 1 urban (zones: urban: true), 0 rural */
    char **st_names;    /* nstations, owned: UNIT/STATION */
    char **unit_names;  /* nunits, owned */
    char **class_names; /* nclasses, owned */
    char **pop_names;   /* npops, owned */
    double *pop_sizes;  /* npops, owned */
    char *model_name;   /* owned */
    double horizon, warmup;
    uint64_t seed, events, patients;
    /* values[(rep * nrows + row) * SF_M_COUNT + metric]; rows as in
     * engine.h: units, the network, unit x class, populations, zones,
     * stations */
    double *values;
    /* by[(rep * nunits + unit) * SF_BT_ROWS + row) * SF_BY_COUNT + metric]
     * (engine.h); NULL when left out for size */
    double *by;
    /* dead_t[rep]: the hour replication rep deadlocked, NaN if it did not;
     * dead[rep * nunits + unit]: 1 for the units of that deadlock */
    double *dead_t;
    unsigned char *dead;
    int ndead;  /* replications that deadlocked */
    int booked; /* the model has a booked clinic: by_month has its columns */
    /* pf[((rep * (nunits + 1) + row) * SF_P_COUNT + metric]: the people
     * figures (sf_person_metric) of each replication, measured on its
     * trace; NULL when the model has no persons or returns */
    double *pf;
};

/* Mean and 95 % Student-t interval of x[0], x[stride], ... x[(n-1) *
 * stride], leaving out NaN (Welford, in replication order, so the same on
 * any thread count). Every sf_estimate of a run comes from here. */
sf_estimate sf_estimate_of(const double *x, size_t stride, int n);

/* Values of the by-hour and by-month tables per replication. */
static inline size_t sf_results_by_values(const sf_results *r) {
    return (size_t)r->nunits * (168 + 12) * SF_BY_COUNT;
}

/* Writes the "by_hour" and "by_month" members of unit u in results.json
 * (by_time.c). */
void sf_results_write_by_json(const sf_results *r, int u, FILE *f);

#endif
