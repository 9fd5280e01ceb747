/* fitdist.h: maximum-likelihood fits of length-of-stay distributions
 * (exponential, lognormal, gamma) to a sample of durations, with a
 * Kolmogorov-Smirnov goodness-of-fit test, and the rule that picks the
 * family `samflyt calibrate` writes into a model (docs/calibrate.md).
 *
 * Pure numerics on an array of hours: no stays, no model, no I/O, so the
 * fits can be tested against independent fits (scipy) on their own. */
#ifndef SF_FLOW_FITDIST_H
#define SF_FLOW_FITDIST_H

#include <stddef.h>

typedef enum sf_fit_family {
    SF_FIT_EXP,       /* p[0] = mean */
    SF_FIT_LOGNORMAL, /* p[0] = mu, p[1] = sigma: of log(duration) */
    SF_FIT_GAMMA,     /* p[0] = shape k, p[1] = scale theta */
    SF_FIT_EMPIRICAL, /* the sample itself */
    SF_FIT_NFAMILIES
} sf_fit_family;

/* "exponential", "lognormal", "gamma", "empirical". */
const char *sf_fit_family_name(sf_fit_family f);

/* One family's fit. ok == 0 when the family could not be fitted (too
 * few positive values, or all equal); then the other fields are NaN. */
typedef struct sf_fit {
    int ok;
    int k;           /* parameters estimated (for AIC) */
    double p[2];     /* the family's natural parameters, above */
    double se[2];    /* their asymptotic standard errors (inverse Fisher
                        information at the MLE); NaN where not defined */
    double mean, sd; /* of the fitted distribution, hours */
    double loglik;   /* at the MLE, over the positive values */
    double aic;      /* 2k - 2 loglik */
    double ks_d;     /* sup |F_n - F| over the positive values */
    double ks_p;     /* asymptotic Kolmogorov p-value (conservative:
                        the parameters come from the same sample) */
} sf_fit;

typedef struct sf_los_fit {
    size_t n;         /* durations given */
    size_t ncensored; /* censored durations given besides (stays still open) */
    size_t nzero;     /* of them <= 0 (parametric families need > 0) */
    double mean, sd;  /* of the sample, all n values (sd with n - 1) */
    sf_fit fit[SF_FIT_NFAMILIES];
    sf_fit_family chosen;
    const char *why; /* a static sentence: why chosen was chosen */
} sf_los_fit;

/* The share of zero durations above which no parametric family is used. */
#define SF_FIT_MAX_ZERO_SHARE 0.01

/* Fits every family to x[0..n) (hours; sorted in place) and chooses:
 * the parametric family with the lowest AIC, unless its KS p-value is
 * below alpha, or more than SF_FIT_MAX_ZERO_SHARE of the values are 0, or
 * no parametric family could be fitted: then the empirical distribution.
 * Returns 0, or SF_ERR_ARG when n == 0, alpha is outside (0, 1) or a value
 * is negative or not finite. */
int sf_fit_los(double *x, size_t n, double alpha, sf_los_fit *out);

/* The same with right-censored durations c[0..nc) besides (stays still
 * open when the data were extracted: in care at least that long; sorted
 * in place). Each adds log S(c) to the log-likelihood, S the family's
 * survival function: the exponential's MLE is then closed-form (mean =
 * total time in care / completed stays), lognormal and gamma are
 * maximised numerically (GSL's Nelder-Mead simplex from the uncensored
 * fit) with standard errors from the numerical Hessian, and the KS
 * distance is taken between the fitted CDF and the Kaplan-Meier
 * estimate at the completed durations. n still counts the completed
 * durations, mean and sd are theirs; with nc == 0 this is sf_fit_los. */
int sf_fit_los_censored(double *x, size_t n, double *c, size_t nc, double alpha, sf_los_fit *out);

/* The CDF of a fitted parametric family at x (hours). */
double sf_fit_cdf(sf_fit_family f, const sf_fit *fit, double x);

/* The Kolmogorov distribution's upper tail Q(lambda) = P(K > lambda). */
double sf_fit_kolmogorov_q(double lambda);

#endif
