/* metrics_sort.c: the sorting and order statistics the flow metrics share:
 * an LSD radix sort of 64-bit keys, type-7 percentiles of sorted keys, and
 * medians per group (transition gaps, pathway durations).
 *
 * Why radix: the census sweep and the length-of-stay percentiles sort two
 * keys per stay; at 10 million stays a comparison sort (qsort) costs
 * seconds, a radix sort that skips the byte positions all keys share (the
 * high bytes of times in one data set) a few tenths. */
#include "flow/metrics.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static void insertion_u64(uint64_t *a, size_t n) {
    for (size_t i = 1; i < n; i++) {
        uint64_t x = a[i];
        size_t j = i;
        for (; j > 0 && a[j - 1] > x; j--)
            a[j] = a[j - 1];
        a[j] = x;
    }
}

/* Digits of 11 bits: 6 passes cover 64 bits, and the time and duration
 * keys of a data set (30-40 significant bits) need 3 or 4, against 4 or 5
 * with bytes; a 2048-entry histogram still fits in the L1 cache. */
#define RADIX_BITS 11
#define RADIX (1u << RADIX_BITS)
#define RADIX_PASSES 6

void sf_flow_sort_u64(uint64_t *a, uint64_t *tmp, size_t n) {
    uint64_t *s = sf_flow_radix_u64(a, tmp, n);
    if (s != a)
        memcpy(a, s, n * sizeof *a);
}

uint64_t *sf_flow_radix_u64(uint64_t *a, uint64_t *tmp, size_t n) {
    if (n < 64) {
        insertion_u64(a, n);
        return a;
    }
    /* All digit histograms in one read of the keys. */
    size_t(*cnt)[RADIX] = calloc(RADIX_PASSES, sizeof *cnt);
    if (!cnt) {
        /* Out of memory for 96 KiB: fall back to a sort that needs none. */
        insertion_u64(a, n);
        return a;
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t k = a[i];
        for (int b = 0; b < RADIX_PASSES; b++)
            cnt[b][(k >> (RADIX_BITS * b)) & (RADIX - 1)]++;
    }
    uint64_t *src = a, *dst = tmp;
    for (int b = 0; b < RADIX_PASSES; b++) {
        int sh = RADIX_BITS * b;
        /* A digit that every key shares cannot change the order: skip it. */
        if (cnt[b][(src[0] >> sh) & (RADIX - 1)] == n)
            continue;
        size_t off = 0;
        for (unsigned d = 0; d < RADIX; d++) {
            size_t c = cnt[b][d];
            cnt[b][d] = off;
            off += c;
        }
        for (size_t i = 0; i < n; i++) {
            uint64_t k = src[i];
            dst[cnt[b][(k >> sh) & (RADIX - 1)]++] = k;
        }
        uint64_t *s = src;
        src = dst;
        dst = s;
    }
    free(cnt);
    return src;
}

double sf_flow_pctl_u64(const uint64_t *x, size_t n, double p) {
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo >= n - 1)
        return (double)x[n - 1];
    double f = h - (double)lo;
    return (double)x[lo] + f * ((double)x[lo + 1] - (double)x[lo]);
}

/* The k-th smallest of a[0..n) (0-based), moving the others so that
 * a[0..k) <= a[k] <= a[k+1..n). Quickselect with a median-of-three pivot:
 * linear on average, where a median needs no full sort; after 64 rounds
 * (an adversarial order) the rest is sorted instead. */
static uint64_t select_k(uint64_t *a, uint64_t *tmp, size_t n, size_t k) {
    ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, kk = (ptrdiff_t)k;
    for (int round = 0; hi - lo > 16; round++) {
        if (round == 64) {
            sf_flow_sort_u64(a + lo, tmp, (size_t)(hi - lo + 1));
            return a[k];
        }
        uint64_t x = a[lo], y = a[lo + (hi - lo) / 2], z = a[hi];
        uint64_t p = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        ptrdiff_t i = lo, j = hi;
        while (i <= j) {
            while (a[i] < p)
                i++;
            while (a[j] > p)
                j--;
            if (i <= j) {
                uint64_t t = a[i];
                a[i++] = a[j];
                a[j--] = t;
            }
        }
        /* a[lo..j] <= p, a[i..hi] >= p, and anything between equals p */
        if (kk <= j)
            hi = j;
        else if (kk >= i)
            lo = i;
        else
            return a[k];
    }
    insertion_u64(a + lo, (size_t)(hi - lo + 1));
    return a[k];
}

#define SIGN_BIT 0x8000000000000000ULL

int sf_flow_group_median(const uint32_t *grp, const int64_t *v, size_t n, uint32_t ngroups,
                         double *out) {
    size_t *off = calloc((size_t)ngroups + 1, sizeof *off);
    uint64_t *buf = malloc((n ? n : 1) * sizeof *buf);
    uint64_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!off || !buf || !tmp) {
        free(off);
        free(buf);
        free(tmp);
        return SF_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        off[grp[i] + 1]++;
    for (uint32_t g = 0; g < ngroups; g++)
        off[g + 1] += off[g];
    /* Flipping the sign bit maps int64 order onto uint64 order. */
    for (size_t i = 0; i < n; i++)
        buf[off[grp[i]]++] = (uint64_t)v[i] ^ SIGN_BIT;
    /* off[g] is now the end of group g, the start of group g + 1. */
    size_t lo = 0;
    for (uint32_t g = 0; g < ngroups; g++) {
        size_t hi = off[g], k = hi - lo;
        if (!k) {
            out[g] = NAN;
            continue;
        }
        /* The two middle order statistics: select the lower; for an even
         * count the upper is the smallest of what lies above it. */
        uint64_t *seg = buf + lo;
        size_t m = (k - 1) / 2;
        uint64_t ka = select_k(seg, tmp, k, m), kb = ka;
        if (k % 2 == 0) {
            kb = seg[m + 1];
            for (size_t q = m + 2; q < k; q++)
                kb = seg[q] < kb ? seg[q] : kb;
        }
        /* The median of signed values: convert the two keys back. */
        int64_t a = (int64_t)(ka ^ SIGN_BIT);
        int64_t b = (int64_t)(kb ^ SIGN_BIT);
        out[g] = ((double)a + (double)b) / 2;
        lo = hi;
    }
    free(off);
    free(buf);
    free(tmp);
    return 0;
}
