/* extract.c: stays far outside the bulk of the time range, and the
 * window a planner selects (extract.h).
 *
 * The bulk's quantiles come from a histogram of the starts by day since
 * the earliest (or by a power of two of days, when the starts span more
 * than 2^22 days), so
 * the check costs three reads of the start column and no sort; the
 * quantiles are exact to the bucket, which is all the one-year margin
 * needs. */
#include "flow/extract.h"
#include "samflyt/samflyt.h"

#include <stdlib.h>
#include <string.h>

#define DAY 86400
#define MAX_BUCKETS ((int64_t)1 << 22)

/* The start (or end) of row i, read at the column's width: with narrow
 * the table has 32-bit times and no unknown start (checked first), so
 * each read is an add instead of a width and an "unknown" test. */
static inline __attribute__((always_inline)) int64_t row_start(const sf_stays *t, size_t i,
                                                               int narrow) {
    return narrow ? t->t0 + (int64_t)t->start32[i] : sf_stays_start(t, i);
}

static inline __attribute__((always_inline)) int outliers_at(const sf_stays *t, int narrow,
                                                             int64_t s0, int64_t s1, uint8_t *flag,
                                                             sf_flow_outliers *out) {
    size_t n = t->n;
    uint64_t span = (uint64_t)(s1 - s0) / DAY;
    int sh = 0; /* a bucket is 2^sh days */
    while ((span >> sh) >= (uint64_t)MAX_BUCKETS)
        sh++;
    size_t nb = (size_t)(span >> sh) + 1;
    uint32_t *h = calloc(nb, sizeof *h);
    if (!h)
        return SF_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        h[((uint64_t)(row_start(t, i, narrow) - s0) / DAY) >> sh]++;
    /* the k-th smallest and the k-th largest start, k = n / 1000 but at
     * least 1 (0-based: index k and n - 1 - k) */
    size_t k = n / 1000 > 0 ? n / 1000 : 1, below = 0, blo = 0, bhi = 0;
    int found = 0;
    for (size_t b = 0; b < nb; b++) {
        if (!found && below + h[b] > k) {
            blo = b;
            found = 1;
        }
        if (below + h[b] > n - 1 - k) {
            bhi = b;
            break;
        }
        below += h[b];
    }
    free(h);
    out->lo = s0 + ((int64_t)blo << sh) * DAY;
    out->hi = s0 + ((int64_t)(bhi + 1) << sh) * DAY;
    int64_t year = 365 * (int64_t)DAY;
    out->margin = out->hi - out->lo > year ? out->hi - out->lo : year;
    int64_t fence_lo = out->lo - out->margin, fence_hi = out->hi + out->margin;
    for (size_t i = 0; i < n; i++) {
        int64_t s = row_start(t, i, narrow);
        int e_none = narrow ? t->end32[i] == SF_T32_NONE : sf_stays_end(t, i) == SF_T_NONE;
        int64_t e = narrow ? t->t0 + (int64_t)t->end32[i] : sf_stays_end(t, i);
        if (s >= fence_lo && s <= fence_hi && (e_none || e <= fence_hi))
            continue;
        if (out->n < SF_OUTLIER_ROWS)
            out->row[out->n] = i;
        out->n++;
        if (flag)
            flag[i] = 1;
    }
    return 0;
}

int sf_flow_find_outliers(const sf_stays *t, uint8_t *flag, sf_flow_outliers *out) {
    memset(out, 0, sizeof *out);
    size_t n = t->n;
    if (flag)
        memset(flag, 0, n);
    if (n < 3)
        return 0;
    /* days since the earliest start: unsigned, so the division by a
     * constant is a multiplication */
    if (t->start32) {
        uint32_t lo = UINT32_MAX, hi = 0;
        for (size_t i = 0; i < n; i++) {
            uint32_t v = t->start32[i];
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
        if (hi != SF_T32_NONE) /* no unknown start */
            return outliers_at(t, 1, t->t0 + (int64_t)lo, t->t0 + (int64_t)hi, flag, out);
    }
    int64_t s0 = INT64_MAX, s1 = INT64_MIN;
    for (size_t i = 0; i < n; i++) {
        s0 = sf_stays_start(t, i) < s0 ? sf_stays_start(t, i) : s0;
        s1 = sf_stays_start(t, i) > s1 ? sf_stays_start(t, i) : s1;
    }
    return outliers_at(t, 0, s0, s1, flag, out);
}

int sf_flow_keep_window(sf_stays *t, int64_t from, int64_t to, size_t *removed) {
    *removed = 0;
    uint8_t *keep = malloc(t->n ? t->n : 1);
    if (!keep)
        return SF_ERR_NOMEM;
    size_t out = 0;
    for (size_t i = 0; i < t->n; i++) {
        int open = sf_stays_is_open(t, i) || sf_stays_end(t, i) == SF_T_NONE;
        keep[i] = sf_stays_start(t, i) < to && (open || sf_stays_end(t, i) > from);
        out += !keep[i];
    }
    if (out)
        sf_stays_filter(t, keep);
    free(keep);
    *removed = out;
    return 0;
}
