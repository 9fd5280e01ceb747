/* hist.c: percentiles from a log-linear histogram (see hist.h). */
#include "core/hist.h"

#include <math.h>

/* Lower bound of bucket i >= 1. */
static double bucket_low(int i) {
    int k = i - 1;
    int e = SF_HIST_MIN_EXP + (k >> SF_HIST_SUB_BITS);
    int sub = k & ((1 << SF_HIST_SUB_BITS) - 1);
    return ldexp(1.0 + (double)sub / (1 << SF_HIST_SUB_BITS), e);
}

double sf_hist_quantile(const sf_hist *h, double p) {
    if (h->n == 0)
        return NAN;
    /* The smallest value v with at least p*n observations <= v, as in the
     * "inverse of the empirical distribution function" definition. */
    double need = ceil(p * (double)h->n);
    if (need < 1)
        need = 1;
    uint64_t cum = 0;
    for (int i = 0; i < SF_HIST_BUCKETS; i++) {
        cum += h->count[i];
        if ((double)cum >= need) {
            if (i == 0)
                return 0.0;
            if (i == SF_HIST_BUCKETS - 1)
                return ldexp(1.0, SF_HIST_MAX_EXP);
            return (bucket_low(i) + bucket_low(i + 1)) / 2;
        }
    }
    return ldexp(1.0, SF_HIST_MAX_EXP);
}
