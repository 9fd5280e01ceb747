/* person_figures.h: the figures about people with a history (readmissions,
 * continuity, shared patients) of one simulated replication, measured on
 * its trace by samflyt flow's own reader and metrics, so that the
 * simulation is measured exactly as data would be (docs/metrics.md). The
 * replication runner (src/sim/run.c) calls it once per replication. */
#ifndef SF_FLOW_PERSON_FIGURES_H
#define SF_FLOW_PERSON_FIGURES_H

#include "flow/stays.h"
#include "samflyt/samflyt.h"

#include <stddef.h>

/* The figures of one replication's stays in t, filled row by row as the
 * CSV reader fills it from the trace (sf_trace_stay, src/report/trace.h;
 * the "samflyt" preset, times in UTC); t is taken over (left empty).
 * Fills out[(row) * SF_P_COUNT + metric] for rows 0..nunits-1 (unit of
 * discharge units[row]: discharges, readmitted, readmission rate) and row
 * nunits (all units: every metric). A figure that does not apply is NaN.
 * 0, or SF_ERR_NOMEM with d filled. Safe to call from several threads at
 * once. */
int sf_flow_person_figures_table(sf_stays *t, char *const *units, int nunits, double *out,
                                 sf_diag *d);

#endif
