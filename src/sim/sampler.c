/* sampler.c: parameter derivation and one draw function per shape. */
#include "sim/sampler.h"

#include <gsl/gsl_randist.h>

/* One function per shape, chosen in sf_sampler_init. */
static double draw_exp(const sf_sampler *s, sf_rng *r) { return s->a * sf_expo_draw(s->expo, r); }

/* gsl_ran_lognormal's Box-Muller costs a log and a sqrt per draw (the ward
 * chain of bench/README.md): the exp of a ziggurat normal instead, GSL's
 * gsl_ran_gaussian_ziggurat drawn inline (core/gauss.h). */
static double draw_lognormal(const sf_sampler *s, sf_rng *r) {
    return exp(s->a + s->b * sf_gauss_draw(s->gauss, r));
}

/* gsl_ran_gamma's Marsaglia-Tsang loop for shape >= 1, on sf_rng: the
 * same draws in the same order and the same expressions (C evaluates
 * 0.0331 * x * x * x * x from the left, as in GSL's source, and the build
 * forbids FMA contraction), so the same doubles. gsl_rng_uniform_pos is
 * sf_rng_u01, which is never 0. d and c are GSL's, computed once. */
static double gamma_mt(const sf_gauss *g, sf_rng *r, double d, double c, double b) {
    double x, v, u;
    for (;;) {
        do {
            x = sf_gauss_draw(g, r);
            v = 1.0 + c * x;
        } while (v <= 0);
        v = v * v * v;
        u = sf_rng_u01(r);
        if (u < 1 - 0.0331 * x * x * x * x)
            break;
        if (log(u) < 0.5 * x * x + d * (1 - v + log(v)))
            break;
    }
    return b * d * v;
}

static double draw_gamma(const sf_sampler *s, sf_rng *r) {
    return gamma_mt(s->gauss, r, s->gd, s->gc, s->b);
}

/* shape < 1: GSL draws u, then a gamma of shape a + 1, times u^(1/a) */
static double draw_gamma_small(const sf_sampler *s, sf_rng *r) {
    double u = sf_rng_u01(r);
    return gamma_mt(s->gauss, r, s->gd, s->gc, s->b) * pow(u, 1.0 / s->a);
}

static double draw_weibull(const sf_sampler *s, sf_rng *r) {
    /* model: weibull(shape, scale); GSL: gsl_ran_weibull(r, scale, shape) */
    sf_rng_gsl_view v;
    sf_rng_gsl_bind(&v, r);
    return gsl_ran_weibull(&v.g, s->b, s->a);
}

static double draw_uniform(const sf_sampler *s, sf_rng *r) {
    return s->a + (s->b - s->a) * sf_rng_u01(r);
}

static double draw_triangular(const sf_sampler *s, sf_rng *r) {
    /* inverse CDF with min a, mode b, max c */
    double u = sf_rng_u01(r), lo = s->a, mode = s->b, hi = s->c;
    double f = (mode - lo) / (hi - lo);
    if (u < f)
        return lo + sqrt(u * (hi - lo) * (mode - lo));
    return hi - sqrt((1 - u) * (hi - lo) * (hi - mode));
}

static double draw_fixed(const sf_sampler *s, sf_rng *r) {
    (void)r;
    return s->a;
}

static double draw_empirical(const sf_sampler *s, sf_rng *r) {
    uint64_t i = (uint64_t)(sf_rng_u01(r) * s->nvalues);
    if (i >= (uint64_t)s->nvalues)
        i = (uint64_t)s->nvalues - 1;
    return s->values[i];
}

void sf_sampler_init(sf_sampler *s, const sf_dist *d, const sf_expo *expo, sf_gauss *gauss) {
    if ((d->kind == SF_DIST_LOGNORMAL || d->kind == SF_DIST_GAMMA) && !gauss->ready)
        sf_gauss_init(gauss);
    s->expo = expo;
    s->gauss = gauss;
    s->kind = d->kind;
    s->a = d->p[0];
    s->b = d->p[1];
    s->c = d->p[2];
    s->gd = s->gc = 0;
    s->values = d->values;
    s->nvalues = d->nvalues;
    s->draw = draw_fixed;
    switch (d->kind) {
    case SF_DIST_EXP: s->draw = draw_exp; break;
    case SF_DIST_LOGNORMAL: {
        /* mean m and sd s of the variable: sigma^2 = ln(1 + s^2/m^2),
         * mu = ln m - sigma^2 / 2 */
        double m = d->p[0], sd = d->p[1];
        double s2 = log1p((sd * sd) / (m * m));
        s->a = log(m) - s2 / 2;
        s->b = sqrt(s2);
        s->draw = draw_lognormal;
        break;
    }
    case SF_DIST_GAMMA: {
        /* shape k = m^2/s^2, scale theta = s^2/m */
        double m = d->p[0], sd = d->p[1];
        s->a = (m * m) / (sd * sd);
        s->b = (sd * sd) / m;
        /* gsl_ran_gamma: shape a < 1 draws with shape 1.0 + a */
        double shape = s->a < 1 ? 1.0 + s->a : s->a;
        s->gd = shape - 1.0 / 3.0;
        s->gc = (1.0 / 3.0) / sqrt(s->gd);
        s->draw = s->a < 1 ? draw_gamma_small : draw_gamma;
        break;
    }
    case SF_DIST_WEIBULL: s->draw = draw_weibull; break;
    case SF_DIST_UNIFORM: s->draw = draw_uniform; break;
    case SF_DIST_TRIANGULAR: s->draw = draw_triangular; break;
    case SF_DIST_FIXED: s->draw = draw_fixed; break;
    case SF_DIST_EMPIRICAL: s->draw = draw_empirical; break;
    }
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
