/* extract.h: the edges of an extract, checked on the whole stays table
 * before the metrics: stays far outside the bulk of its time range (a
 * typo'd year) and the window a planner selects (docs/ingest.md).
 *
 * "Far outside the bulk": the bulk runs from the 0.1 % to the 99.9 %
 * quantile of the stays' starts (at least one start trimmed at each
 * end, so one bad row among a few is still found); a stay is far
 * outside when its start or end lies more than the bulk's length, and
 * at least 365 days, before or after it. One row of 2204 in a year of
 * 2001 is; lifetime records from 1943 to 2022 are not. */
#ifndef SF_FLOW_EXTRACT_H
#define SF_FLOW_EXTRACT_H

#include "flow/stays.h"

#include <stddef.h>
#include <stdint.h>

#define SF_OUTLIER_ROWS 10 /* rows named per warning */

typedef struct sf_flow_outliers {
    int64_t lo, hi;              /* the bulk of the starts, UTC (to the day) */
    int64_t margin;              /* how far outside it counts as far, seconds */
    size_t n;                    /* stays far outside */
    size_t row[SF_OUTLIER_ROWS]; /* the first of them, table rows */
} sf_flow_outliers;

/* Finds the stays far outside the bulk; flag (NULL, or t->n bytes) gets 1
 * for each of them and 0 for the others. Fewer than 3 stays: none. 0 or
 * SF_ERR_NOMEM. Call it before open stays are closed (an open stay is
 * tested by its start). */
int sf_flow_find_outliers(const sf_stays *t, uint8_t *flag, sf_flow_outliers *out);

/* Keeps the stays in care during [from, to) (UTC): started before to
 * and ended after from, or still open; *removed gets how many were not.
 * 0 or SF_ERR_NOMEM. */
int sf_flow_keep_window(sf_stays *t, int64_t from, int64_t to, size_t *removed);

#endif
