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

/* The hot loops after reading come in two copies, chosen once a pass,
 * not once a row: the fast one (fast = 1) for a narrow table (32-bit
 * times, 16-bit unit and organisation ids: sf_flow_narrow) in which every
 * row is ok (m->rows_bad == 0, which sf_flow_metrics_compute counts
 * first), the general one (fast = 0) through the accessors of stays.h.
 * Why: each accessor tests the column's width and each time its "unknown"
 * value, and sf_flow_row_ok reads four columns, in loops that read start
 * and end several times a row; that was 11 % more instructions for the
 * whole of `samflyt flow` than with 64-bit times. Called with a constant
 * fast, these compile to the plain reads. */
#define SF_FLOW_ALWAYS static inline __attribute__((always_inline))

static inline int sf_flow_narrow(const sf_stays *t) { return t->start32 && t->unit16 && t->org16; }
/* The fast copy applies: narrow, and m->rows_bad (counted) is 0. */
static inline int sf_flow_fast(const sf_stays *t, const sf_flow_metrics *m) {
    return sf_flow_narrow(t) && !m->rows_bad;
}
SF_FLOW_ALWAYS int64_t sf_flow_start(const sf_stays *t, size_t i, int fast) {
    return fast ? t->t0 + (int64_t)t->start32[i] : sf_stays_start(t, i);
}
SF_FLOW_ALWAYS int64_t sf_flow_end(const sf_stays *t, size_t i, int fast) {
    return fast ? t->t0 + (int64_t)t->end32[i] : sf_stays_end(t, i);
}
/* a row's unit: in the fast copy known (row ok) and 16-bit */
SF_FLOW_ALWAYS uint32_t sf_flow_unit(const sf_stays *t, size_t i, int fast) {
    return fast ? t->unit16[i] : sf_stays_unit(t, i);
}
SF_FLOW_ALWAYS uint32_t sf_flow_org(const sf_stays *t, size_t i, int fast) {
    if (!fast)
        return sf_stays_org(t, i);
    uint16_t v = t->org16[i];
    return v == SF_ID16_NONE ? SF_ID_NONE : v;
}
SF_FLOW_ALWAYS int sf_flow_ok(const sf_stays *t, size_t i, int fast) {
    return fast || sf_flow_row_ok(t, i);
}
SF_FLOW_ALWAYS int64_t sf_flow_arrive_at(const sf_stays *t, size_t i, int fast) {
    int64_t a = sf_stays_arrive(t, i), s = sf_flow_start(t, i, fast);
    return a != SF_T_NONE && a <= s ? a : s;
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
