/* metrics_walk.h: internals shared by the flow-metrics files (metrics.c,
 * pathways.c, continuity.c): which rows count, a stay's arrival time, local
 * time, and the two walks over a patient-sorted table. */
#ifndef SF_FLOW_METRICS_WALK_H
#define SF_FLOW_METRICS_WALK_H

#include "flow/metrics.h"

/* A row every metric uses: a unit, a start, and an end not before it.
 * Readers reject other rows; this guards tables built another way. */
static inline int sf_flow_row_ok(const sf_stays *t, size_t i) {
    return sf_stays_start(t, i) != SF_T_NONE && sf_stays_end(t, i) != SF_T_NONE &&
           sf_stays_end(t, i) >= sf_stays_start(t, i) &&
           sf_stays_unit(t, i) < t->names[SF_F_UNIT].count && t->patient[i] != SF_ID_NONE;
}

/* When the patient asked for the place: arrive where known, else start. */
static inline int64_t sf_flow_arrival(const sf_stays *t, size_t i) {
    int64_t a = sf_stays_arrive(t, i);
    return a != SF_T_NONE && a <= sf_stays_start(t, i) ? a : sf_stays_start(t, i);
}

int64_t sf_flow_local(const sf_flow_opts *o, int64_t utc);
/* Bits that hold a unit id below nu (at least 1), packed beside times in
 * sort keys. */
int sf_flow_unit_bits(uint32_t nu);

/* pathways.c: episodes, transitions, readmissions, shared patients,
 * variants and the directly-follows graph. t sorted by patient. */
int sf_flow_walk_patients(const sf_stays *t, const sf_flow_opts *o, sf_flow_metrics *m);
/* continuity.c: UPC, COC and SECON per patient. t sorted by patient. */
int sf_flow_continuity(const sf_stays *t, const sf_flow_opts *o, sf_flow_metrics *m);

#endif
