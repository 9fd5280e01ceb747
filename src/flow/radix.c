/* radix.c: LSD radix sort of 64-bit keys (radix.h): six passes of 11
 * bits, skipping a pass when every key has the same digit there (times
 * within a few years share their top bits, so most sorts take three or
 * four passes). Stable; O(n) time, n keys of scratch. */
#include "flow/radix.h"
#include "samflyt/samflyt.h"

#include <stdlib.h>
#include <string.h>

enum { BITS = 11, BUCKETS = 1 << BITS, PASSES = (64 + BITS - 1) / BITS };

int sf_radix_sort_u64(uint64_t *a, size_t n) {
    if (n < 2)
        return SF_OK;
    uint64_t *tmp = malloc(n * sizeof *tmp);
    size_t(*count)[BUCKETS] = calloc(PASSES, sizeof *count);
    if (!tmp || !count) {
        free(tmp);
        free(count);
        return SF_ERR_NOMEM;
    }
    /* one reading pass counts every digit of every pass */
    for (size_t i = 0; i < n; i++)
        for (int p = 0; p < PASSES; p++)
            count[p][(a[i] >> (p * BITS)) & (BUCKETS - 1)]++;
    uint64_t *src = a, *dst = tmp;
    for (int p = 0; p < PASSES; p++) {
        size_t *c = count[p];
        if (c[(src[0] >> (p * BITS)) & (BUCKETS - 1)] == n)
            continue; /* every key has this digit: the pass changes nothing */
        size_t sum = 0;
        for (int b = 0; b < BUCKETS; b++) {
            size_t k = c[b];
            c[b] = sum;
            sum += k;
        }
        for (size_t i = 0; i < n; i++)
            dst[c[(src[i] >> (p * BITS)) & (BUCKETS - 1)]++] = src[i];
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
    free(tmp);
    free(count);
    return SF_OK;
}

int sf_radix_sort_i64(int64_t *a, size_t n) {
    /* int64_t and uint64_t may alias each other (signed/unsigned pair) */
    uint64_t *u = (uint64_t *)a;
    for (size_t i = 0; i < n; i++)
        u[i] ^= UINT64_C(1) << 63;
    int rc = sf_radix_sort_u64(u, n);
    for (size_t i = 0; i < n; i++)
        u[i] ^= UINT64_C(1) << 63;
    return rc;
}

int sf_radix_sort_nonneg_double(double *a, size_t n) {
    /* IEEE 754: for x >= 0 the bit pattern orders like the value (-0 is
     * mapped to +0 first). The bits are copied out, not read through a
     * cast pointer, which C's aliasing rules forbid. */
    uint64_t *u = malloc((n ? n : 1) * sizeof *u);
    if (!u)
        return SF_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        double x = a[i] == 0 ? 0.0 : a[i];
        memcpy(&u[i], &x, sizeof x);
    }
    int rc = sf_radix_sort_u64(u, n);
    if (!rc)
        for (size_t i = 0; i < n; i++)
            memcpy(&a[i], &u[i], sizeof a[i]);
    free(u);
    return rc;
}
