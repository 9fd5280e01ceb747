/* trace.h: the simulator's trace as stays CSV (the schema of
 * src/flow/stays.h), written by sf_run for one replication when
 * sf_run_opts.trace is set (docs/trace.md). Internal to the library. */
#ifndef SF_TRACE_H
#define SF_TRACE_H

#include "flow/stays.h"
#include "flow/tz.h"
#include "model/model.h"
#include "sim/engine.h"

#include <stdio.h>

typedef struct sf_trace {
    FILE *f;
    const sf_model *m;
    const sf_tz *tz; /* the zone of the written times */
    int64_t utc0;    /* UTC seconds of the midnight of calendar.day0 in tz */
} sf_trace;

/* A trace of model m to f in zone tz (which must outlive it; NULL: UTC). */
void sf_trace_init(sf_trace *tr, FILE *f, const sf_model *m, const sf_tz *tz);

/* The header line of the stays CSV. */
void sf_trace_header(FILE *f);
/* An sf_engine_stay_fn: writes one row; user is an sf_trace. */
void sf_trace_row(void *user, const sf_engine_stay *s);
/* Engine time t (hours) as ISO 8601 local time with its UTC offset,
 * YYYY-MM-DDTHH:MM:SS+hh:mm, rounded to the second; "" for NaN. The clock
 * counts real hours from t = 0, the calendar's day0 00:00 local time plus
 * hour0, so the time shown moves with the zone's summer time while the
 * instants keep the engine's spacing. buf needs 32 bytes. */
void sf_trace_time(const sf_trace *tr, double t, char *buf, size_t size);

/* The rows sf_trace_row writes, appended to t as the CSV reader appends
 * them (the same strings, the same whole seconds, the same rows skipped),
 * without the text in between: the people figures of every replication
 * are measured on it (src/sim/run.c). tr's f is not used; a trace in UTC
 * (tz NULL) reads back to exactly these values. */
typedef struct sf_trace_stays {
    sf_trace tr;
    sf_stays *t;
    uint64_t line; /* the CSV line the row would have had */
    int err;       /* SF_ERR_NOMEM once an append failed */
} sf_trace_stays;
/* An sf_engine_stay_fn; user is an sf_trace_stays. */
void sf_trace_stay(void *user, const sf_engine_stay *s);

#endif
