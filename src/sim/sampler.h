/* sampler.h: drawing durations from a model's distributions.
 *
 * A sampler is an sf_dist with its derived parameters computed once
 * (lognormal's mu and sigma, gamma's shape and scale), so the hot path does
 * no set-up per draw. The exponential is our own ziggurat (core/expo.h)
 * rather than GSL's: it is most of the draws in most models, and GSL's
 * (-log u behind gsl_rng's function pointers) was the largest cost of the
 * M/M/c benchmark. Lognormal and gamma are GSL's algorithms drawn inline
 * from the stream (core/gauss.h: the same doubles as GSL's functions); the
 * other shapes come from GSL through a view of the same Philox stream. The
 * draw function is chosen once per distribution, in sf_sampler_init. */
#ifndef SF_SAMPLER_H
#define SF_SAMPLER_H

#include "core/expo.h"
#include "core/gauss.h"
#include "core/rng.h"
#include "model/model.h"

#include <math.h>

typedef struct sf_sampler sf_sampler;
struct sf_sampler {
    sf_dist_kind kind;
    double a, b, c; /* derived parameters, see sf_sampler_init */
    double gd, gc;  /* gamma: Marsaglia-Tsang's d and c for shape max(a, a + 1) */
    const double *values;
    int nvalues;
    double (*draw)(const sf_sampler *s, sf_rng *r); /* all but the exponential */
    const sf_expo *expo;                            /* tables owned by the engine */
    const sf_gauss *gauss;                          /* likewise */
};

/* gauss: filled here (sf_gauss_init) when d is the first lognormal or
 * gamma to need it. */
void sf_sampler_init(sf_sampler *s, const sf_dist *d, const sf_expo *expo, sf_gauss *gauss);
/* The distribution's mean in hours (for checks and reports). */
double sf_dist_mean(const sf_dist *d);

static inline double sf_sampler_draw(const sf_sampler *s, sf_rng *r) {
    if (s->kind == SF_DIST_EXP)
        return s->a * sf_expo_draw(s->expo, r);
    return s->draw(s, r);
}

#endif
