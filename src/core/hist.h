/* hist.h: a log-linear histogram for percentiles of waits and stays.
 *
 * Storing every observation would make memory grow with patients ever
 * served; a histogram with 128 equal buckets per power of two keeps it
 * constant. A bucket is at most 1/128 of its lower edge wide, so reporting
 * its midpoint bounds the relative error of any percentile by 1/256
 * (0.39 %). Values from
 * 2^-20 h (3.4 ms) to 2^20 h (120 years) are resolved; smaller ones,
 * including 0 (no wait), fall in bucket 0, larger ones in the last. The
 * bucket index is read off the double's exponent and top mantissa bits. */
#ifndef SF_HIST_H
#define SF_HIST_H

#include <stdint.h>
#include <string.h>

#define SF_HIST_SUB_BITS 7
#define SF_HIST_MIN_EXP (-20)
#define SF_HIST_MAX_EXP 20
#define SF_HIST_BUCKETS (((SF_HIST_MAX_EXP - SF_HIST_MIN_EXP) << SF_HIST_SUB_BITS) + 2)

typedef struct sf_hist {
    uint64_t n;
    uint64_t count[SF_HIST_BUCKETS];
} sf_hist;

static inline int sf_hist_index(double v) {
    if (!(v >= 0x1.0p-20)) /* also catches NaN */
        return 0;
    if (v >= 0x1.0p20)
        return SF_HIST_BUCKETS - 1;
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    /* biased exponent and the top SUB_BITS of the mantissa, contiguous */
    uint64_t key = bits >> (52 - SF_HIST_SUB_BITS);
    uint64_t lo = (uint64_t)(1023 + SF_HIST_MIN_EXP) << SF_HIST_SUB_BITS;
    return (int)(key - lo) + 1;
}

static inline void sf_hist_add(sf_hist *h, double v) {
    h->count[sf_hist_index(v)]++;
    h->n++;
}

static inline void sf_hist_reset(sf_hist *h) { memset(h, 0, sizeof *h); }

/* The p-quantile (0 < p <= 1) of what was added; NaN when empty. */
double sf_hist_quantile(const sf_hist *h, double p);

#endif
