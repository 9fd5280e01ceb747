/* trace.h: the simulator's trace as stays CSV (the schema of
 * src/flow/stays.h), written by sf_run for one replication when
 * sf_run_opts.trace is set (docs/trace.md). Internal to the library. */
#ifndef SF_TRACE_H
#define SF_TRACE_H

#include "model/model.h"
#include "sim/engine.h"

#include <stdio.h>

typedef struct sf_trace {
    FILE *f;
    const sf_model *m;
} sf_trace;

/* The header line of the stays CSV. */
void sf_trace_header(FILE *f);
/* An sf_engine_stay_fn: writes one row; user is an sf_trace. */
void sf_trace_row(void *user, const sf_engine_stay *s);
/* Engine time t (hours) as local ISO 8601 YYYY-MM-DDTHH:MM:SS from the
 * model's calendar, rounded to the second; buf needs 32 bytes. */
void sf_trace_time(const sf_model *m, double t, char *buf, size_t size);

#endif
