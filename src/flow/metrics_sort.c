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

/* An LSD radix sort of a[0..n) of type T through tmp, PASSES digits; the
 * keys end in whichever buffer the last pass wrote (returned). All digit
 * histograms come from one read of the keys; short inputs, and no memory
 * for the histograms, take the insertion sort. */
#define DEFINE_RADIX(name, T, PASSES, INSERTION)                                                   \
    T *name(T *a, T *tmp, size_t n) {                                                              \
        if (n < 64) {                                                                              \
            INSERTION(a, n);                                                                       \
            return a;                                                                              \
        }                                                                                          \
        size_t(*cnt)[RADIX] = calloc(PASSES, sizeof *cnt);                                         \
        if (!cnt) {                                                                                \
            INSERTION(a, n);                                                                       \
            return a;                                                                              \
        }                                                                                          \
        for (size_t i = 0; i < n; i++) {                                                           \
            T k = a[i];                                                                            \
            for (int b = 0; b < (PASSES); b++)                                                     \
                cnt[b][(k >> (RADIX_BITS * b)) & (RADIX - 1)]++;                                   \
        }                                                                                          \
        T *src = a, *dst = tmp;                                                                    \
        for (int b = 0; b < (PASSES); b++) {                                                       \
            int sh = RADIX_BITS * b;                                                               \
            /* a digit every key shares cannot change the order */                                 \
            if (cnt[b][(src[0] >> sh) & (RADIX - 1)] == n)                                         \
                continue;                                                                          \
            size_t off = 0;                                                                        \
            for (unsigned d = 0; d < RADIX; d++) {                                                 \
                size_t c = cnt[b][d];                                                              \
                cnt[b][d] = off;                                                                   \
                off += c;                                                                          \
            }                                                                                      \
            for (size_t i = 0; i < n; i++) {                                                       \
                T k = src[i];                                                                      \
                dst[cnt[b][(k >> sh) & (RADIX - 1)]++] = k;                                        \
            }                                                                                      \
            T *s = src;                                                                            \
            src = dst;                                                                             \
            dst = s;                                                                               \
        }                                                                                          \
        free(cnt);                                                                                 \
        return src;                                                                                \
    }
/* 6 digits of 11 bits cover 64 bits, 3 cover 32. */
DEFINE_RADIX(sf_flow_radix_u64, uint64_t, RADIX_PASSES, sf_flow_insertion_u64)
DEFINE_RADIX(sf_flow_radix_u32, uint32_t, 3, sf_flow_insertion_u32)

void sf_flow_sort_u32(uint32_t *a, uint32_t *tmp, size_t n, int bits) {
    if (n <= SF_FLOW_INSERTION_MAX) {
        sf_flow_insertion_u32(a, n);
        return;
    }
    /* bytes as digits: the buckets this sorts are small */
    uint32_t *src = a, *dst = tmp;
    for (int sh = 0; sh < bits; sh += 8) {
        size_t cnt[256] = {0};
        for (size_t i = 0; i < n; i++)
            cnt[(src[i] >> sh) & 255]++;
        if (cnt[(src[0] >> sh) & 255] == n)
            continue;
        for (size_t d = 0, off = 0; d < 256; d++) {
            size_t c = cnt[d];
            cnt[d] = off;
            off += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[cnt[(src[i] >> sh) & 255]++] = src[i];
        uint32_t *s = src;
        src = dst;
        dst = s;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
}

double sf_flow_pctl_u32(const uint32_t *x, size_t n, double p) {
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo >= n - 1)
        return (double)x[n - 1];
    double f = h - (double)lo;
    return (double)x[lo] + f * ((double)x[lo + 1] - (double)x[lo]);
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
 * (an adversarial order) the rest is sorted instead. One body for 64- and
 * 32-bit keys. */
#define DEFINE_SELECT(name, T, SORT)                                                               \
    static T name(T *a, T *tmp, size_t n, size_t k) {                                              \
        ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, kk = (ptrdiff_t)k;                                \
        for (int round = 0; hi - lo > 16; round++) {                                               \
            if (round == 64) {                                                                     \
                SORT(a + lo, tmp, (size_t)(hi - lo + 1));                                          \
                return a[k];                                                                       \
            }                                                                                      \
            T x = a[lo], y = a[lo + (hi - lo) / 2], z = a[hi];                                     \
            T p = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));           \
            ptrdiff_t i = lo, j = hi;                                                              \
            while (i <= j) {                                                                       \
                while (a[i] < p)                                                                   \
                    i++;                                                                           \
                while (a[j] > p)                                                                   \
                    j--;                                                                           \
                if (i <= j) {                                                                      \
                    T t_ = a[i];                                                                   \
                    a[i++] = a[j];                                                                 \
                    a[j--] = t_;                                                                   \
                }                                                                                  \
            }                                                                                      \
            /* a[lo..j] <= p, a[i..hi] >= p, and anything between equals p */                      \
            if (kk <= j)                                                                           \
                hi = j;                                                                            \
            else if (kk >= i)                                                                      \
                lo = i;                                                                            \
            else                                                                                   \
                return a[k];                                                                       \
        }                                                                                          \
        for (ptrdiff_t i = lo + 1; i <= hi; i++) {                                                 \
            T x = a[i];                                                                            \
            ptrdiff_t j = i;                                                                       \
            for (; j > lo && a[j - 1] > x; j--)                                                    \
                a[j] = a[j - 1];                                                                   \
            a[j] = x;                                                                              \
        }                                                                                          \
        return a[k];                                                                               \
    }

static void sort_u32_full(uint32_t *a, uint32_t *tmp, size_t n) { sf_flow_sort_u32(a, tmp, n, 32); }
DEFINE_SELECT(select_k, uint64_t, sf_flow_sort_u64)
DEFINE_SELECT(select_k32, uint32_t, sort_u32_full)

/* The median of seg[0..k) (k > 0), keys of values of type S (SIGN flips
 * the sign bit: signed order as unsigned); the order of seg changes. The
 * two middle order statistics: select the lower; for an even count the
 * upper is the smallest of what lies above it. */
#define DEFINE_MEDIAN(name, S, U, SIGN, SELECT)                                                    \
    static double name(U *seg, U *tmp, size_t k) {                                                 \
        size_t m = (k - 1) / 2;                                                                    \
        U ka = SELECT(seg, tmp, k, m), kb = ka;                                                    \
        if (k % 2 == 0) {                                                                          \
            kb = seg[m + 1];                                                                       \
            for (size_t q = m + 2; q < k; q++)                                                     \
                kb = seg[q] < kb ? seg[q] : kb;                                                    \
        }                                                                                          \
        return ((double)(S)(ka ^ SIGN) + (double)(S)(kb ^ SIGN)) / 2;                              \
    }
DEFINE_MEDIAN(median_of64, int64_t, uint64_t, 0x8000000000000000ULL, select_k)
DEFINE_MEDIAN(median_of32, int32_t, uint32_t, 0x80000000u, select_k32)

/* The median of each group g < ngroups of the values v[i] with grp[i] ==
 * g (NAN for an empty group). */
static int group_median64(const uint32_t *grp, const int64_t *v, size_t n, uint32_t ngroups,
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
    for (size_t i = 0; i < n; i++)
        buf[off[grp[i]]++] = (uint64_t)v[i] ^ 0x8000000000000000ULL;
    /* off[g] is now the end of group g, the start of group g + 1. */
    size_t lo = 0;
    for (uint32_t g = 0; g < ngroups; g++) {
        size_t hi = off[g];
        out[g] = hi > lo ? median_of64(buf + lo, tmp, hi - lo) : NAN;
        lo = hi;
    }
    free(off);
    free(buf);
    free(tmp);
    return 0;
}

int sf_flow_group_median(const uint32_t *grp, const int64_t *v, size_t n, uint32_t ngroups,
                         double *out) {
    return group_median64(grp, v, n, ngroups, out);
}

/* gvals chunks: the first of a group holds GCHUNK_MIN values, each next
 * twice as many up to GCHUNK_MAX; blocks of GBLOCK bytes hold them. */
#define GCHUNK_MIN 8
#define GCHUNK_MAX 8192
#define GBLOCK ((size_t)1 << 20)

static sf_flow_gchunk *gchunk_new(sf_flow_gvals *b, size_t cap) {
    size_t need = sizeof(sf_flow_gchunk) + cap * sizeof(int32_t);
    if (need > b->left) {
        if (b->nblocks % 64 == 0) {
            char **nb = realloc(b->blocks, (b->nblocks + 64) * sizeof *nb);
            if (!nb)
                return NULL;
            b->blocks = nb;
        }
        if (!(b->bump = malloc(GBLOCK)))
            return NULL;
        b->blocks[b->nblocks++] = b->bump;
        b->left = GBLOCK;
    }
    sf_flow_gchunk *c = (sf_flow_gchunk *)(void *)b->bump;
    b->bump += need;
    b->left -= need;
    c->next = NULL;
    c->cap = cap;
    return c;
}

/* The count of values in chunk c of group q. */
static size_t gchunk_fill(const sf_flow_ggroup *q, const sf_flow_gchunk *c) {
    return c == q->tail ? (size_t)(q->at - c->v) : c->cap;
}

static void gchunks_free(sf_flow_gvals *b) {
    for (size_t k = 0; k < b->nblocks; k++)
        free(b->blocks[k]);
    free(b->blocks);
    free(b->grp);
    b->blocks = NULL;
    b->grp = NULL;
    b->nblocks = b->left = 0;
    b->bump = NULL;
    b->ngrp = 0;
}

/* From chunks to (group, 64-bit value) pairs, room for twice as many. */
static int gvals_widen(sf_flow_gvals *b) {
    size_t cap = b->n > 512 ? 2 * b->n : 1024;
    uint32_t *g = malloc(cap * sizeof *g);
    int64_t *v = malloc(cap * sizeof *v);
    if (!g || !v) {
        free(g);
        free(v);
        return SF_ERR_NOMEM;
    }
    size_t k = 0;
    for (uint32_t q = 0; q < b->ngrp; q++)
        for (const sf_flow_gchunk *c = b->grp[q].head; c; c = c->next)
            for (size_t j = 0, f = gchunk_fill(&b->grp[q], c); j < f; j++) {
                g[k] = q;
                v[k++] = c->v[j];
            }
    gchunks_free(b);
    b->g = g;
    b->v64 = v;
    b->cap = cap;
    return 0;
}

int sf_flow_gvals_push_slow(sf_flow_gvals *b, uint32_t g, int64_t v) {
    if (!b->v64 && (v < INT32_MIN || v > INT32_MAX) && gvals_widen(b))
        return SF_ERR_NOMEM;
    if (b->v64) {
        if (b->n == b->cap) {
            size_t cap = b->cap ? 2 * b->cap : 1024;
            uint32_t *ng = realloc(b->g, cap * sizeof *ng);
            if (!ng)
                return SF_ERR_NOMEM;
            b->g = ng;
            int64_t *nv = realloc(b->v64, cap * sizeof *nv);
            if (!nv)
                return SF_ERR_NOMEM;
            b->v64 = nv;
            b->cap = cap;
        }
        b->g[b->n] = g;
        b->v64[b->n++] = v;
        return 0;
    }
    if (g >= b->ngrp) {
        size_t n = (size_t)b->ngrp * 2 > (size_t)g + 1 ? (size_t)b->ngrp * 2 : (size_t)g + 1;
        n = n < 64 ? 64 : n;
        if (n > UINT32_MAX)
            n = UINT32_MAX;
        sf_flow_ggroup *ng = realloc(b->grp, n * sizeof *ng);
        if (!ng)
            return SF_ERR_NOMEM;
        memset(ng + b->ngrp, 0, (n - b->ngrp) * sizeof *ng);
        b->grp = ng;
        b->ngrp = (uint32_t)n;
    }
    sf_flow_ggroup *q = &b->grp[g];
    if (q->at == q->lim) {
        size_t cap = q->tail ? 2 * q->tail->cap : GCHUNK_MIN;
        sf_flow_gchunk *c = gchunk_new(b, cap < GCHUNK_MAX ? cap : GCHUNK_MAX);
        if (!c)
            return SF_ERR_NOMEM;
        if (q->tail)
            q->tail->next = c;
        else
            q->head = c;
        q->tail = c;
        q->at = c->v;
        q->lim = c->v + c->cap;
    }
    *q->at++ = (int32_t)v;
    q->n++;
    b->n++;
    return 0;
}

int sf_flow_gvals_median(const sf_flow_gvals *b, uint32_t ngroups, double *out) {
    if (b->v64)
        return sf_flow_group_median(b->g, b->v64, b->n, ngroups, out);
    /* each group's values gathered into scratch the size of the largest */
    size_t most = 1;
    for (uint32_t g = 0; g < ngroups && g < b->ngrp; g++)
        most = b->grp[g].n > most ? b->grp[g].n : most;
    uint32_t *buf = malloc(most * sizeof *buf), *tmp = malloc(most * sizeof *tmp);
    if (!buf || !tmp) {
        free(buf);
        free(tmp);
        return SF_ERR_NOMEM;
    }
    for (uint32_t g = 0; g < ngroups; g++) {
        size_t k = g < b->ngrp ? b->grp[g].n : 0;
        if (!k) {
            out[g] = NAN;
            continue;
        }
        const sf_flow_ggroup *q = &b->grp[g];
        size_t j = 0;
        for (const sf_flow_gchunk *c = q->head; c; c = c->next)
            for (size_t i = 0, f = gchunk_fill(q, c); i < f; i++)
                buf[j++] = (uint32_t)c->v[i] ^ 0x80000000u;
        out[g] = median_of32(buf, tmp, k);
    }
    free(buf);
    free(tmp);
    return 0;
}

void sf_flow_gvals_free(sf_flow_gvals *b) {
    gchunks_free(b);
    free(b->g);
    free(b->v64);
    memset(b, 0, sizeof *b);
}
