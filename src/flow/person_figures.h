/* person_figures.h: the figures about people with a history (readmissions,
 * continuity, shared patients) of one simulated replication, measured on
 * its trace by samflyt flow's own reader and metrics, so that the
 * simulation is measured exactly as data would be (docs/metrics.md). The
 * replication runner (src/sim/run.c) calls it once per replication. */
#ifndef SF_FLOW_PERSON_FIGURES_H
#define SF_FLOW_PERSON_FIGURES_H

#include "samflyt/samflyt.h"

#include <stddef.h>

/* Reads the stays CSV trace buf (len bytes, the "samflyt" preset, times in
 * UTC) and fills out[(row) * SF_P_COUNT + metric] for rows 0..nunits-1
 * (unit of discharge units[row]: discharges, readmitted, readmission
 * rate) and row nunits (all units: every metric). A figure that does not
 * apply is NaN. 0, or SF_ERR_NOMEM / SF_ERR_SYNTAX with d filled. Safe to
 * call from several threads at once. */
int sf_flow_person_figures(const char *buf, size_t len, char *const *units, int nunits, double *out,
                           sf_diag *d);

#endif
