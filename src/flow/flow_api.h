/* flow_api.h: the objects behind include/samflyt/flow.h, shared by
 * flow_api.c (reading, preparing, computing, fitting) and
 * report/flow_api_out.c (their outputs). */
#ifndef SF_FLOW_FLOW_API_H
#define SF_FLOW_FLOW_API_H

#include "flow/calibrate.h"
#include "flow/ingest.h"
#include "flow/metrics.h"
#include "flow/stays.h"
#include "flow/tz.h"
#include "samflyt/flow.h"

enum { SF_FLOW_MAX_WARNINGS = 32 };

struct sf_flow_data {
    sf_flow_options o; /* texts point into owned copies below */
    char *text[9];     /* the copies: preset, map, tz, slash, until, from, to, units, home */
    sf_flow_read_opts ro;
    sf_stays t;
    sf_flow_read_report *reps;
    int nreps;
    int derive;       /* no file mapped from/to: link consecutive stays */
    int prepared;     /* sf_flow_data_prepare done */
    int64_t from, to; /* the window, UTC (both 0: none) */
    size_t patients;
    sf_diag warn[SF_FLOW_MAX_WARNINGS];
    int nwarn;
};

struct sf_flow_result {
    sf_flow_data *d;
    sf_flow_opts o;
    uint8_t *resident;
    double *zone_pop, *places;
    sf_flow_metrics m;
};

struct sf_flow_calib {
    sf_calib *c;
};

/* Patients with a stay in t, sorted by patient. */
size_t sf_flow_api_patients(const sf_stays *t);

#endif
