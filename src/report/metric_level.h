/* metric_level.h: how rankings name an indicator and read a level in its
 * unit (compare.c), shared with the sweep's targets (sweep.c) so that
 * `--weights` and `--target` accept the same names and forms.
 * Internal to src/report. */
#ifndef SF_METRIC_LEVEL_H
#define SF_METRIC_LEVEL_H

#include "samflyt/samflyt.h"

#include <stddef.h>

/* The metric called s (len bytes, such as "turned_away_share"), or -1. */
int sf_metric_by_name(const char *s, size_t len);

/* The level s (len bytes: "14d", "80%" or a number) in metric m's unit:
 * durations for times (a plain number of days for a metric in days),
 * shares as 80% or 0.8, plain numbers for counts. 0, or -1 with *want
 * saying what to write instead. */
int sf_level_in_unit(const char *s, size_t len, sf_metric m, double *out, const char **want);

/* A level of the model file (model.h) in metric m's unit, with the same
 * rules; 0, or -1 with *want as above. */
struct sf_level;
int sf_level_convert(const struct sf_level *l, sf_metric m, double *out, const char **want);

#endif
