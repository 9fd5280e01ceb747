/* sampler.c: parameter derivation and the non-exponential draws. */
#include "sim/sampler.h"

#include <gsl/gsl_randist.h>

void sf_sampler_init(sf_sampler *s, const sf_dist *d, const sf_expo *expo) {
    s->expo = expo;
    s->kind = d->kind;
    s->a = d->p[0];
    s->b = d->p[1];
    s->c = d->p[2];
    s->values = d->values;
    s->nvalues = d->nvalues;
    switch (d->kind) {
    case SF_DIST_LOGNORMAL: {
        /* mean m and sd s of the variable: sigma^2 = ln(1 + s^2/m^2),
         * mu = ln m - sigma^2 / 2 */
        double m = d->p[0], sd = d->p[1];
        double s2 = log1p((sd * sd) / (m * m));
        s->a = log(m) - s2 / 2;
        s->b = sqrt(s2);
        break;
    }
    case SF_DIST_GAMMA: {
        /* shape k = m^2/s^2, scale theta = s^2/m */
        double m = d->p[0], sd = d->p[1];
        s->a = (m * m) / (sd * sd);
        s->b = (sd * sd) / m;
        break;
    }
    default: break;
    }
}

double sf_sampler_draw_slow(const sf_sampler *s, sf_rng *r) {
    sf_rng_gsl_view v;
    switch (s->kind) {
    case SF_DIST_EXP: return s->a * sf_expo_draw(s->expo, r);
    case SF_DIST_LOGNORMAL:
        /* exp of a ziggurat normal: gsl_ran_lognormal's Box-Muller costs a
         * log and a sqrt per draw (bench/README.md, ward chain) */
        sf_rng_gsl_bind(&v, r);
        return exp(s->a + s->b * gsl_ran_gaussian_ziggurat(&v.g, 1.0));
    case SF_DIST_GAMMA: sf_rng_gsl_bind(&v, r); return gsl_ran_gamma(&v.g, s->a, s->b);
    case SF_DIST_WEIBULL:
        /* model: weibull(shape, scale); GSL: gsl_ran_weibull(r, scale, shape) */
        sf_rng_gsl_bind(&v, r);
        return gsl_ran_weibull(&v.g, s->b, s->a);
    case SF_DIST_UNIFORM: return s->a + (s->b - s->a) * sf_rng_u01(r);
    case SF_DIST_TRIANGULAR: {
        /* inverse CDF with min a, mode b, max c */
        double u = sf_rng_u01(r), lo = s->a, mode = s->b, hi = s->c;
        double f = (mode - lo) / (hi - lo);
        if (u < f)
            return lo + sqrt(u * (hi - lo) * (mode - lo));
        return hi - sqrt((1 - u) * (hi - lo) * (hi - mode));
    }
    case SF_DIST_FIXED: return s->a;
    case SF_DIST_EMPIRICAL: {
        uint64_t i = (uint64_t)(sf_rng_u01(r) * s->nvalues);
        if (i >= (uint64_t)s->nvalues)
            i = (uint64_t)s->nvalues - 1;
        return s->values[i];
    }
    }
    return 0;
}

double sf_dist_mean(const sf_dist *d) {
    switch (d->kind) {
    case SF_DIST_EXP:
    case SF_DIST_LOGNORMAL:
    case SF_DIST_GAMMA:
    case SF_DIST_FIXED: return d->p[0];
    case SF_DIST_WEIBULL: return d->p[1] * tgamma(1 + 1 / d->p[0]);
    case SF_DIST_UNIFORM: return (d->p[0] + d->p[1]) / 2;
    case SF_DIST_TRIANGULAR: return (d->p[0] + d->p[1] + d->p[2]) / 3;
    case SF_DIST_EMPIRICAL: {
        double sum = 0;
        for (int i = 0; i < d->nvalues; i++)
            sum += d->values[i];
        return d->nvalues ? sum / d->nvalues : 0;
    }
    }
    return 0;
}
