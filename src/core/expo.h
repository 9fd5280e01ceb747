/* expo.h: exponential variates by the ziggurat method.
 *
 * Why not -log(u) or gsl_ran_exponential: in the M/M/c benchmark the call
 * to log() was 22 % of the whole run (perf, bench/README.md). The
 * ziggurat of Marsaglia and Tsang (J. Stat. Softw. 5(8), 2000) needs one
 * 64-bit draw, a table look-up, a compare and a multiply in 98.9 % of
 * cases, and falls back to exp/log only in the remaining ones. Following
 * Doornik (2005), the layer index and the uniform come from disjoint bits
 * (the low 8 and the high 56) so they are independent.
 *
 * The tables belong to whoever calls sf_expo_init (the engine), so there
 * is no global state; tests/test_core.c checks the variates against the
 * exponential distribution. */
#ifndef SF_EXPO_H
#define SF_EXPO_H

#include "core/rng.h"

#include <math.h>
#include <stdint.h>

typedef struct sf_expo {
    uint64_t k[256]; /* accept the fast path when the 56-bit draw is below */
    double w[256];   /* draw * w[i] is the variate of layer i */
    double f[256];   /* exp(-x_i), the density at the layer edges */
} sf_expo;

void sf_expo_init(sf_expo *z);
double sf_expo_slow(const sf_expo *z, sf_rng *r, uint64_t u, int i);

/* A standard exponential variate (mean 1). */
static inline double sf_expo_draw(const sf_expo *z, sf_rng *r) {
    uint64_t u = sf_rng_u64(r);
    int i = (int)(u & 0xff);
    u >>= 8;
    if (u < z->k[i])
        return (double)u * z->w[i];
    return sf_expo_slow(z, r, u, i);
}

#endif
