/* gauss.h: GSL's ziggurat normal variates, drawn inline from our stream.
 *
 * Lognormal and gamma durations come from gsl_ran_gaussian_ziggurat (the
 * gamma through gsl_ran_gamma's Marsaglia-Tsang method), which reads the
 * generator through gsl_rng's function pointers: two calls that cannot be
 * inlined for every 64-bit draw (bench/README.md, the chain model). This
 * is the same algorithm on sf_rng directly, so it returns the same doubles
 * in the same order from the same stream, and every model's results stay
 * what they were.
 *
 * Only GSL's fast path is copied: a 64-bit draw k picks the layer
 * i = k & 0x7f, the sign from bit 7 and j = (k >> 8) & 0xffffff; when
 * j < k[i] the variate is +-j * w[i]. In the other ~2.8 % of draws the
 * stream is stepped back by that one draw and GSL itself takes over, so
 * its rejection steps (and their tables) are used as they are. k[] and
 * w[] are not copied from GSL's source either: sf_gauss_init reads them
 * off GSL's own function by feeding it chosen draws, and checks that GSL
 * behaves as described; if it does not (another GSL), ok is 0 and every
 * draw goes through GSL (tests/test_sampler.c compares 10^6 draws bit for
 * bit). The tables belong to whoever calls sf_gauss_init (the engine). */
#ifndef SF_GAUSS_H
#define SF_GAUSS_H

#include "core/rng.h"

#include <gsl/gsl_randist.h>
#include <stdint.h>

typedef struct sf_gauss {
    uint32_t k[128]; /* accept the fast path when j is below */
    double w[128];   /* the variate is j * w[i] */
    int ok;          /* 1: the fast path reproduces GSL; 0: GSL draws all */
    int ready;       /* sf_gauss_init has run (a zeroed sf_gauss: not yet) */
} sf_gauss;

/* Fills the tables (~0.4 M instructions: samplers call it on first need,
 * so models without lognormal or gamma do not pay it). */
void sf_gauss_init(sf_gauss *g);

/* GSL's slow path: the stream steps back by the draw just taken, so GSL
 * starts from the same k. */
double sf_gauss_slow(sf_rng *r);

/* A standard normal variate: gsl_ran_gaussian_ziggurat(r, 1.0) bit for
 * bit, from the same draws of r. */
static inline double sf_gauss_draw(const sf_gauss *g, sf_rng *r) {
    uint64_t k = sf_rng_u64(r);
    unsigned i = (unsigned)(k & 0x7f);
    uint32_t j = (uint32_t)(k >> 8) & 0xffffff;
    if (j < g->k[i]) {
        double x = (double)j * g->w[i];
        return (k & 0x80) ? x : -x;
    }
    return sf_gauss_slow(r);
}

#endif
