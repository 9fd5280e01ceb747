/* metrics.h: the flow indicators computed exactly from a stays table
 * (stays.h): census and occupancy, arrivals, length of stay and waits,
 * transitions between units, readmissions, patients shared between
 * organisations, pathway variants and the directly-follows graph,
 * ready-for-discharge bed-days, non-resident share, continuity of care and
 * rates per 1,000 inhabitants. docs/metrics.md defines every figure.
 *
 * One call, sf_flow_metrics_compute, fills an sf_flow_metrics that owns all
 * its arrays; the writers (src/report/flow_out.h) turn it into JSON, tidy
 * CSV tables and the report: this layer computes and never formats.
 * Nothing is sampled: every figure is an exact function of the table. The computation sorts the
 * table by patient once (stays.h) and walks it; census and length of stay use radix sorts, so the
 * cost is O(rows + units x hours).
 *
 * Times: the table holds UTC seconds. Figures by hour of week and by month
 * use local wall-clock time from a caller-given converter (the CLI passes
 * the table's time zone, tz.h); without one, UTC plus a fixed offset.
 *
 * Tables indexed by unit have nunits + 1 rows: row nunits is "all units".
 * Transition and directly-follows matrices are (nunits + 1) x (nunits + 1):
 * row nunits is "outside" (admission from outside the network) and column
 * nunits is "home" (discharge out of the network). */
#ifndef SF_FLOW_METRICS_H
#define SF_FLOW_METRICS_H

#include "flow/stays.h"
#include "samflyt/samflyt.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SF_HOURS_PER_WEEK 168
/* Most distinct units a table may have (transition matrices are square). */
#define SF_FLOW_MAX_UNITS 2048

/* Local wall-clock seconds (as if local time were UTC) of an instant. */
typedef int64_t (*sf_flow_local_fn)(const void *ctx, int64_t utc);

typedef struct sf_flow_opts {
    sf_flow_local_fn local; /* NULL: utc + utc_offset */
    const void *local_ctx;
    int64_t utc_offset; /* seconds east of UTC, used without `local` */
    /* stays of a patient less than episode_gap apart (arrival at the next
     * minus the latest end so far) form one episode (default 8 h) */
    int64_t episode_gap;
    /* readmission: a new episode arriving readmit_min..readmit_max
     * (inclusive) after the end of the previous one (default 8 h..30 d),
     * counting only stays in readmit_org (SF_ID_NONE: any) and readmissions
     * whose first stay has class readmit_class (SF_ID_NONE: any) */
    int64_t readmit_min, readmit_max;
    uint32_t readmit_org, readmit_class;
    /* shared patient: stays in two organisations at most shared_window
     * apart (default 30 d) */
    int64_t shared_window;
    /* pathway variants and the directly-follows graph count episodes that
     * touch at least this many organisations (default 1: all episodes) */
    int pathway_min_orgs;
    int top; /* number of pathway variants listed (default 10) */
    /* continuity counts visits to this unit only (SF_ID_NONE: all units) */
    uint32_t continuity_unit;
    /* resident[zone id] != 0 for residents (nresident entries); NULL: no
     * non-resident figures */
    const uint8_t *resident;
    uint32_t nresident;
    double population; /* inhabitants (0: unknown): rates per 1,000 */
    /* inhabitants per zone id (nzone_population entries; 0 = unknown) */
    const double *zone_population;
    uint32_t nzone_population;
    /* places (beds, staffed servers) per unit id (nplaces entries; 0 =
     * unknown): occupancy % and the share of hours full */
    const double *places;
    uint32_t nplaces;
    /* a window, UTC (both 0: none): the census covers only [from, to) */
    int64_t window_from, window_to;
} sf_flow_opts;

void sf_flow_opts_default(sf_flow_opts *o);

/* A distribution of durations, in hours. Percentiles interpolate linearly
 * between order statistics (Hyndman-Fan type 7, as numpy and pandas). sd is
 * the sample standard deviation (n - 1); NaN where undefined. */
typedef struct sf_flow_dist {
    uint64_t n;
    double mean, sd, min, p10, p25, p50, p75, p90, p95, max;
} sf_flow_dist;

/* One pathway variant: a sequence of units (consecutive repeats merged). */
typedef struct sf_flow_variant {
    uint32_t *units, len;
    uint64_t count;
    double share;   /* count / episodes counted */
    double dur_p50; /* median episode duration, hours */
    uint32_t norgs; /* distinct organisations on the way */
} sf_flow_variant;

typedef struct sf_flow_metrics {
    uint32_t nunits, norgs, nzones;
    size_t rows, rows_used;
    uint64_t rows_bad; /* end missing or before start: left out */
    uint64_t patients, episodes;
    double span_days; /* observation span: first start to last end */

    /* ---- census: a series of steps h0, h0 + step, ... (UTC). Hourly
     * unless that table would be out of proportion to the data
     * (docs/metrics.md): then a coarser step, and "hour" below reads
     * "step". ---- */
    int64_t h0;
    int64_t step;         /* seconds: 3600, or 2, 3, 4, 6, 8, 12, 24, 48 h, 1, 2, 4, 13, 52 weeks */
    size_t nhours;        /* steps */
    double *census;       /* [unit * nhours + h]: time-weighted mean in the hour */
    uint32_t *census_max; /* [unit * nhours + h]: most present at once in the hour */
    uint32_t *peak;       /* [unit]: most present at once, ever */
    int64_t *peak_at;     /* [unit]: first instant of that peak (UTC) */
    double *bed_days;     /* [unit]: sum of (end - start) in days */
    /* hour-of-week profile of the hourly census, across weeks:
     * [unit * 168 + how] with how 0 = Monday 00-01 local */
    double *prof_mean, *prof_p10, *prof_p50, *prof_p90;
    uint32_t *prof_n; /* [how]: hours in the series with that hour of week */
    /* the hourly series the profile read: the census's own when hourly,
     * else the last (at most) 52 weeks, prof_hours from prof_h0 */
    int64_t prof_h0;
    size_t prof_hours;

    /* ---- arrivals (by arrive, else start; local time) ---- */
    uint64_t *arr_how;   /* [unit * 168 + how] */
    uint32_t *arr_how_n; /* [how]: occurrences of that hour in the arrival span */
    int64_t month0;      /* first month as year * 12 + (month - 1) */
    size_t nmonths;
    uint64_t *arr_month; /* [unit * nmonths + m] */

    /* ---- length of stay and waits, per unit ---- */
    sf_flow_dist *los;  /* end - start, completed stays only */
    uint64_t *los_open; /* [unit]: open stays (no end yet), not in los */
    uint64_t nopen;     /* open stays in the table */
    int64_t until;      /* the extract's end they were open at (UTC) */
    sf_flow_dist *wait; /* start - arrive, where arrive is known */

    /* ---- transitions between consecutive stays of an episode ---- */
    uint64_t *trans;       /* [(from) * (nunits + 1) + to] */
    double *trans_gap_p50; /* median (arrival at next - end of previous), hours */

    /* ---- readmissions ---- */
    uint64_t *readmit_disch; /* [unit of discharge]: index episodes */
    uint64_t *readmit_n;     /* [unit of discharge]: followed by a readmission */
    double readmit_gap_p50;  /* median gap of readmissions, days */

    /* ---- shared patients ---- */
    uint64_t patients_org;    /* patients with a known organisation */
    uint64_t patients_shared; /* ... in >= 2 organisations within the window */
    uint64_t *shared_pairs;   /* [a * norgs + b], a < b: patients sharing a and b */

    /* ---- pathway variants and the directly-follows graph ---- */
    uint64_t var_episodes; /* episodes counted (pathway_min_orgs) */
    size_t nvariants;      /* distinct variants */
    size_t ntop;
    sf_flow_variant *top; /* most frequent first */
    uint64_t *dfg;        /* [(a) * (nunits + 1) + b], like trans */
    double *dfg_p50;      /* median arrival(b) - arrival(a), hours */

    /* ---- ready for discharge ---- */
    uint64_t *ready_stays;    /* [unit]: stays with a ready time before end */
    uint64_t *ready_patients; /* [unit]: distinct patients among them */
    double *ready_days;       /* [unit]: sum of end - max(ready, start), days */
    double *zone_ready_days;  /* [zone] */
    /* ---- home zones ---- */
    uint64_t *zone_known;  /* [unit]: stays with a known zone */
    uint64_t *nonres;      /* [unit]: ... of a zone outside the residents */
    uint64_t *zone_stays;  /* [zone] */
    double *zone_bed_days; /* [zone] */

    /* ---- continuity: patients with >= 2 visits with a known provider ---- */
    size_t ncont;
    uint32_t *cont_patient; /* patient id */
    uint32_t *cont_visits;
    double *cont_upc, *cont_coc, *cont_secon;
    double upc_mean, coc_mean, secon_mean;
} sf_flow_metrics;

/* Computes every figure. Sorts t by patient (sf_stays_sort_by_patient)
 * unless it already is. Returns 0, SF_ERR_NOMEM, or SF_ERR_ARG (with diag)
 * for options that make no sense or a span too long to tabulate hourly. */
int sf_flow_metrics_compute(sf_stays *t, const sf_flow_opts *o, sf_flow_metrics *m, sf_diag *diag);
void sf_flow_metrics_free(sf_flow_metrics *m);

/* Local hour of week (0 = Monday 00:00-00:59) and month index
 * (year * 12 + month - 1) of local wall-clock seconds. */
int sf_flow_hour_of_week(int64_t local);
int64_t sf_flow_month_index(int64_t local);

/* Internal helpers shared by the metrics files. */
/* Sorts a[0..n) ascending (LSD radix); tmp has room for n. */
void sf_flow_sort_u64(uint64_t *a, uint64_t *tmp, size_t n);
/* The same, leaving the sorted keys in a or in tmp, whichever the last
 * pass wrote (returned; the other holds garbage): no copy back. */
uint64_t *sf_flow_radix_u64(uint64_t *a, uint64_t *tmp, size_t n);
/* sf_flow_radix_u64 for 32-bit keys (n < 2^32). */
uint32_t *sf_flow_radix_u32(uint32_t *a, uint32_t *tmp, size_t n);
/* Insertion sort of a[0..n), ascending: for the short runs the radix and
 * merge sorts leave, where a counting pass costs more than it saves. */
#define SF_FLOW_DEFINE_INSERTION(name, T)                                                          \
    static inline void name(T *a, size_t n) {                                                      \
        for (size_t i = 1; i < n; i++) {                                                           \
            T x = a[i];                                                                            \
            size_t j = i;                                                                          \
            for (; j > 0 && a[j - 1] > x; j--)                                                     \
                a[j] = a[j - 1];                                                                   \
            a[j] = x;                                                                              \
        }                                                                                          \
    }
SF_FLOW_DEFINE_INSERTION(sf_flow_insertion_u32, uint32_t)
SF_FLOW_DEFINE_INSERTION(sf_flow_insertion_u64, uint64_t)
/* Sorts a[0..n) ascending, keys below 2^bits: insertion sort up to
 * SF_FLOW_INSERTION_MAX keys, else an LSD radix sort through tmp (room
 * for n). */
#define SF_FLOW_INSERTION_MAX 48
void sf_flow_sort_u32(uint32_t *a, uint32_t *tmp, size_t n, int bits);
/* Type-7 percentile p (0..1) of sorted x[0..n) (n > 0). */
double sf_flow_pctl_u64(const uint64_t *x, size_t n, double p);
double sf_flow_pctl_u32(const uint32_t *x, size_t n, double p);
/* Per group g < ngroups: the median of the int64 values v[i] of the items
 * with grp[i] == g, in out[g] (NaN for an empty group). */
int sf_flow_group_median(const uint32_t *grp, const int64_t *v, size_t n, uint32_t ngroups,
                         double *out);
/* Values by group for medians (transition gaps, edge times, episode
 * durations, readmission gaps). While every value fits in 32 bits (gaps
 * of seconds up to 68 years) each group keeps its values in a chain of
 * chunks (8, 16, ... up to 8192 values) carved from blocks of 1 MiB: 4
 * bytes a value and no group id beside it, and the median reads its
 * group's chunks in turn. From the first value that does not fit they
 * become (group, 64-bit value) pairs; both give the same medians. Zeroed
 * = empty. The walk over patients keeps four of these, about one value
 * per stay each for the edges and the episodes: at 10^7 stays its
 * largest scratch, which with the pairs (12 bytes a value, and as many
 * again to sort them by group) was the peak of `samflyt flow`. */
typedef struct sf_flow_gchunk {
    struct sf_flow_gchunk *next;
    size_t cap;
    int32_t v[];
} sf_flow_gchunk;
typedef struct sf_flow_ggroup {
    sf_flow_gchunk *head, *tail;
    int32_t *at, *lim; /* where the next value goes in tail, its end */
    size_t n;
} sf_flow_ggroup;
typedef struct sf_flow_gvals {
    sf_flow_ggroup *grp; /* 32-bit values: grp[g] for g < ngrp */
    uint32_t ngrp;
    char **blocks; /* the chunks' storage */
    size_t nblocks;
    char *bump; /* free space in the last block */
    size_t left;
    uint32_t *g;  /* 64-bit values: (g[i], v64[i]), i < n */
    int64_t *v64; /* non-NULL once a value needs 64 bits */
    size_t n, cap;
} sf_flow_gvals;
int sf_flow_gvals_push_slow(sf_flow_gvals *b, uint32_t g, int64_t v);
/* Adds value v to group g. 0 or SF_ERR_NOMEM. Inline: once a transition. */
static inline int sf_flow_gvals_push(sf_flow_gvals *b, uint32_t g, int64_t v) {
    if (g < b->ngrp && b->grp[g].at < b->grp[g].lim && v >= INT32_MIN && v <= INT32_MAX) {
        *b->grp[g].at++ = (int32_t)v;
        b->grp[g].n++;
        b->n++;
        return 0;
    }
    return sf_flow_gvals_push_slow(b, g, v);
}
/* sf_flow_group_median of the values pushed. */
int sf_flow_gvals_median(const sf_flow_gvals *b, uint32_t ngroups, double *out);
void sf_flow_gvals_free(sf_flow_gvals *b);

#endif
