/* fitdist.c: maximum-likelihood fits of exponential, lognormal and gamma
 * length-of-stay distributions, the Kolmogorov-Smirnov statistic, and the
 * choice among them (fitdist.h; the criterion is in docs/calibrate.md).
 *
 * The parametric families need durations > 0, so they are fitted to the
 * positive values; a sample with more than 1 % zeros gets the empirical
 * distribution instead, as no family here puts mass at 0. */
#include "flow/fitdist.h"
#include "flow/radix.h"
#include "samflyt/samflyt.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>
#include <math.h>
#include <stdlib.h>

const char *sf_fit_family_name(sf_fit_family f) {
    static const char *const names[] = {"exponential", "lognormal", "gamma", "empirical"};
    return f >= 0 && f < SF_FIT_NFAMILIES ? names[f] : "?";
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Q(lambda) = 2 sum_{j>=1} (-1)^(j-1) exp(-2 j^2 lambda^2). For small
 * lambda that series converges slowly, so the equivalent theta-function
 * form of P(K <= lambda) is used there (Marsaglia, Tsang & Wang 2003). */
double sf_fit_kolmogorov_q(double lambda) {
    if (!(lambda > 0))
        return 1;
    if (lambda < 1.18) {
        double y = exp(-M_PI * M_PI / (8 * lambda * lambda)), sum = 0;
        for (int j = 1; j <= 9; j += 2)
            sum += pow(y, (double)(j * j));
        double p = sqrt(2 * M_PI) / lambda * sum;
        return p >= 1 ? 0 : 1 - p;
    }
    double q = 0, sign = 1;
    for (int j = 1; j <= 100; j++) {
        double term = exp(-2.0 * j * j * lambda * lambda);
        q += sign * term;
        sign = -sign;
        if (term < 1e-17)
            break;
    }
    q *= 2;
    return q < 0 ? 0 : q > 1 ? 1 : q;
}

double sf_fit_cdf(sf_fit_family f, const sf_fit *fit, double x) {
    if (!(x > 0))
        return 0;
    switch (f) {
    case SF_FIT_EXP: return -expm1(-x / fit->p[0]);
    case SF_FIT_LOGNORMAL: return gsl_cdf_lognormal_P(x, fit->p[0], fit->p[1]);
    case SF_FIT_GAMMA: return gsl_cdf_gamma_P(x, fit->p[0], fit->p[1]);
    default: return NAN;
    }
}

/* D = sup |F_n - F| for the sorted positive values x[0..n). */
static void ks(sf_fit_family f, sf_fit *fit, const double *x, size_t n) {
    double d = 0;
    for (size_t i = 0; i < n; i++) {
        double F = sf_fit_cdf(f, fit, x[i]);
        double hi = (double)(i + 1) / (double)n - F, lo = F - (double)i / (double)n;
        if (hi > d)
            d = hi;
        if (lo > d)
            d = lo;
    }
    double sn = sqrt((double)n);
    fit->ks_d = d;
    /* Stephens' finite-n correction of the asymptotic statistic */
    fit->ks_p = sf_fit_kolmogorov_q((sn + 0.12 + 0.11 / sn) * d);
}

static void not_fitted(sf_fit *f, int k) {
    f->ok = 0;
    f->k = k;
    f->p[0] = f->p[1] = f->se[0] = f->se[1] = NAN;
    f->mean = f->sd = f->loglik = f->aic = f->ks_d = f->ks_p = NAN;
}

/* Shape of the gamma MLE: the root of log k - psi(k) = s, where
 * s = log(mean) - mean(log x) > 0. The left side falls from +inf to 0,
 * so Newton's method from Minka's closed-form start converges in a few
 * steps; it is kept inside (k/2, 2k) per step so it cannot overshoot
 * below 0. */
static double gamma_shape(double s) {
    double k = (3 - s + sqrt((s - 3) * (s - 3) + 24 * s)) / (12 * s);
    for (int it = 0; it < 100; it++) {
        double f = log(k) - gsl_sf_psi(k) - s;
        double df = 1 / k - gsl_sf_psi_1(k);
        double next = k - f / df;
        if (next < k / 2)
            next = k / 2;
        if (next > 2 * k)
            next = 2 * k;
        if (fabs(next - k) <= 1e-12 * k) {
            k = next;
            break;
        }
        k = next;
    }
    return k;
}

static int fit_los(double *x, size_t n, const double *c, size_t nc, double alpha, sf_los_fit *out);

int sf_fit_los(double *x, size_t n, double alpha, sf_los_fit *out) {
    return fit_los(x, n, NULL, 0, alpha, out);
}

/* ---- right censoring --------------------------------------------------- */

typedef struct cens {
    sf_fit_family f;
    const double *y, *c; /* completed (positive) and censored (positive) */
    size_t m, nc;
    double sy, sl; /* sum of y, of log y */
} cens;

/* log S(c) of family f with natural parameters a, b. */
static double log_surv(sf_fit_family f, double a, double b, double c) {
    if (f == SF_FIT_LOGNORMAL)
        return log(0.5) + gsl_sf_log_erfc((log(c) - a) / (b * M_SQRT2));
    double q = gsl_sf_gamma_inc_Q(a, c / b);
    return q > 0 ? log(q) : -745.0; /* below the smallest double: a bad fit */
}

/* The log-likelihood of natural parameters (a, b) with censoring. */
static double cens_loglik(const cens *k, double a, double b) {
    if (!(a > 0 || k->f == SF_FIT_LOGNORMAL) || !(b > 0))
        return -INFINITY;
    double dm = (double)k->m, ll;
    if (k->f == SF_FIT_LOGNORMAL) {
        double v = 0;
        for (size_t i = 0; i < k->m; i++) {
            double z = log(k->y[i]) - a;
            v += z * z;
        }
        ll = -k->sl - dm * log(b) - dm / 2 * log(2 * M_PI) - v / (2 * b * b);
    } else {
        ll = (a - 1) * k->sl - k->sy / b - dm * a * log(b) - dm * gsl_sf_lngamma(a);
    }
    for (size_t j = 0; j < k->nc; j++)
        ll += log_surv(k->f, a, b, k->c[j]);
    return ll;
}

/* Search space: lognormal (mu, log sigma), gamma (log k, log theta). */
static void to_natural(sf_fit_family f, const gsl_vector *v, double *a, double *b) {
    *a = f == SF_FIT_LOGNORMAL ? gsl_vector_get(v, 0) : exp(gsl_vector_get(v, 0));
    *b = exp(gsl_vector_get(v, 1));
}

static double cens_neg(const gsl_vector *v, void *p) {
    const cens *k = p;
    double a, b;
    to_natural(k->f, v, &a, &b);
    double ll = cens_loglik(k, a, b);
    return isfinite(ll) ? -ll : GSL_POSINF;
}

/* Maximises the censored likelihood of k->f from fit->p; fills fit. */
static void cens_fit(cens *k, sf_fit *fit) {
    gsl_vector *x = gsl_vector_alloc(2), *step = gsl_vector_alloc(2);
    gsl_multimin_fminimizer *s =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, 2);
    if (!x || !step || !s) {
        not_fitted(fit, 2);
        goto out;
    }
    gsl_vector_set(x, 0, k->f == SF_FIT_LOGNORMAL ? fit->p[0] : log(fit->p[0]));
    gsl_vector_set(x, 1, log(fit->p[1]));
    gsl_vector_set_all(step, 0.2);
    gsl_multimin_function fn = {cens_neg, 2, k};
    gsl_multimin_fminimizer_set(s, &fn, x, step);
    for (int it = 0; it < 5000; it++) {
        if (gsl_multimin_fminimizer_iterate(s))
            break;
        if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(s), 1e-10) == GSL_SUCCESS)
            break;
    }
    double a, b;
    to_natural(k->f, s->x, &a, &b);
    fit->p[0] = a;
    fit->p[1] = b;
    fit->loglik = cens_loglik(k, a, b);
    if (k->f == SF_FIT_LOGNORMAL) {
        fit->mean = exp(a + b * b / 2);
        fit->sd = fit->mean * sqrt(expm1(b * b));
    } else {
        fit->mean = a * b;
        fit->sd = sqrt(a) * b;
    }
    /* standard errors: the inverse of the numerical Hessian of -loglik in
     * the natural parameters (central differences) */
    double p[2] = {a, b}, h[2], H[2][2];
    for (int i = 0; i < 2; i++)
        h[i] = 1e-4 * (fabs(p[i]) > 1e-2 ? fabs(p[i]) : 1e-2);
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            double q[4][2];
            int sg[4][2] = {{1, 1}, {1, -1}, {-1, 1}, {-1, -1}};
            double v[4];
            for (int r = 0; r < 4; r++) {
                q[r][0] = p[0];
                q[r][1] = p[1];
                q[r][i] += sg[r][0] * h[i];
                q[r][j] += sg[r][1] * h[j];
                v[r] = -cens_loglik(k, q[r][0], q[r][1]);
            }
            H[i][j] = (v[0] - v[1] - v[2] + v[3]) / (4 * h[i] * h[j]);
        }
    double det = H[0][0] * H[1][1] - H[0][1] * H[1][0];
    fit->se[0] = det > 0 && H[1][1] > 0 ? sqrt(H[1][1] / det) : NAN;
    fit->se[1] = det > 0 && H[0][0] > 0 ? sqrt(H[0][0] / det) : NAN;
out:
    gsl_multimin_fminimizer_free(s);
    gsl_vector_free(x);
    gsl_vector_free(step);
}

/* KS distance between the Kaplan-Meier estimate of the completed y and
 * censored c (both sorted, positive) and the fitted CDF, at each
 * completed duration (just before and at it); the p-value as for m
 * completed values. */
static void ks_km(sf_fit_family f, sf_fit *fit, const double *y, size_t m, const double *c,
                  size_t nc) {
    double d = 0, surv = 1;
    size_t i = 0, j = 0, risk = m + nc;
    while (i < m) {
        double tt = y[i];
        /* censored before tt leave the risk set (a tie counts as at risk) */
        while (j < nc && c[j] < tt) {
            j++;
            risk--;
        }
        size_t ev = 0;
        while (i + ev < m && y[i + ev] == tt)
            ev++;
        double F = sf_fit_cdf(f, fit, tt), before = 1 - surv;
        surv *= 1 - (double)ev / (double)risk;
        double after = 1 - surv;
        d = fabs(before - F) > d ? fabs(before - F) : d;
        d = fabs(after - F) > d ? fabs(after - F) : d;
        risk -= ev;
        i += ev;
    }
    double sn = sqrt((double)m);
    fit->ks_d = d;
    fit->ks_p = sf_fit_kolmogorov_q((sn + 0.12 + 0.11 / sn) * d);
}

int sf_fit_los_censored(double *x, size_t n, double *c, size_t nc, double alpha, sf_los_fit *out) {
    for (size_t j = 0; j < nc; j++)
        if (!isfinite(c[j]) || c[j] < 0)
            return SF_ERR_ARG;
    if (nc > 1)
        qsort(c, nc, sizeof *c, cmp_double);
    return fit_los(x, n, c, nc, alpha, out);
}

static int fit_los(double *x, size_t n, const double *c, size_t nc, double alpha, sf_los_fit *out) {
    if (n == 0 || !(alpha > 0 && alpha < 1))
        return SF_ERR_ARG;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]) || x[i] < 0)
            return SF_ERR_ARG;
    /* radix sort for large samples (qsort's comparisons dominated a
     * 10^7-stay calibration); qsort if its scratch cannot be had */
    if (n < 1024 || sf_radix_sort_nonneg_double(x, n))
        qsort(x, n, sizeof *x, cmp_double);

    out->n = n;
    out->ncensored = nc;
    size_t z = 0;
    while (z < n && x[z] <= 0)
        z++;
    out->nzero = z;
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += x[i];
    out->mean = sum / (double)n;
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - out->mean) * (x[i] - out->mean);
    out->sd = n > 1 ? sqrt(ss / (double)(n - 1)) : NAN;

    const double *y = x + z; /* the positive values, sorted */
    size_t m = n - z;
    double dm = (double)m, sy = 0, sl = 0;
    for (size_t i = 0; i < m; i++) {
        sy += y[i];
        sl += log(y[i]);
    }
    double ybar = sy / dm, lbar = sl / dm;

    sf_fit *e = &out->fit[SF_FIT_EXP], *ln = &out->fit[SF_FIT_LOGNORMAL],
           *g = &out->fit[SF_FIT_GAMMA];
    not_fitted(e, 1);
    not_fitted(ln, 2);
    not_fitted(g, 2);
    not_fitted(&out->fit[SF_FIT_EMPIRICAL], 0);
    out->fit[SF_FIT_EMPIRICAL].ok = 1;
    out->fit[SF_FIT_EMPIRICAL].mean = out->mean;
    out->fit[SF_FIT_EMPIRICAL].sd = out->sd;

    if (m >= 2 && y[m - 1] > y[0]) {
        e->ok = 1;
        e->p[0] = e->mean = e->sd = ybar;
        e->se[0] = ybar / sqrt(dm);
        e->loglik = -dm * log(ybar) - dm;

        double v = 0;
        for (size_t i = 0; i < m; i++)
            v += (log(y[i]) - lbar) * (log(y[i]) - lbar);
        double sigma = sqrt(v / dm);
        ln->ok = 1;
        ln->p[0] = lbar;
        ln->p[1] = sigma;
        ln->se[0] = sigma / sqrt(dm);
        ln->se[1] = sigma / sqrt(2 * dm);
        ln->mean = exp(lbar + sigma * sigma / 2);
        ln->sd = ln->mean * sqrt(expm1(sigma * sigma));
        ln->loglik = -sl - dm * log(sigma) - dm / 2 * log(2 * M_PI) - dm / 2;

        double s = log(ybar) - lbar;
        if (s > 0) {
            double k = gamma_shape(s), theta = ybar / k, t1 = gsl_sf_psi_1(k);
            g->ok = 1;
            g->p[0] = k;
            g->p[1] = theta;
            double det = k * t1 - 1; /* > 0 for every k > 0 */
            g->se[0] = sqrt(k / (dm * det));
            g->se[1] = sqrt(theta * theta * t1 / (dm * det));
            g->mean = k * theta;
            g->sd = sqrt(k) * theta;
            g->loglik = (k - 1) * sl - sy / theta - dm * k * log(theta) - dm * gsl_sf_lngamma(k);
        }
    }

    /* censored durations: a censoring time of 0 says nothing (S(0) = 1) */
    size_t c0 = 0;
    while (c0 < nc && c[c0] <= 0)
        c0++;
    const double *cp = c ? c + c0 : NULL;
    size_t ncp = nc - c0;
    if (ncp && e->ok) {
        double sc = 0;
        for (size_t j = 0; j < ncp; j++)
            sc += cp[j];
        /* exponential: events / total time in care */
        e->p[0] = e->mean = e->sd = (sy + sc) / dm;
        e->se[0] = e->p[0] / sqrt(dm);
        e->loglik = -dm * log(e->p[0]) - (sy + sc) / e->p[0];
        cens k = {SF_FIT_LOGNORMAL, y, cp, m, ncp, sy, sl};
        if (ln->ok)
            cens_fit(&k, ln);
        k.f = SF_FIT_GAMMA;
        if (g->ok)
            cens_fit(&k, g);
    }

    out->chosen = SF_FIT_EMPIRICAL;
    out->why = "fewer than 2 distinct positive durations: no parametric family fits";
    int best = -1;
    for (int f = SF_FIT_EXP; f <= SF_FIT_GAMMA; f++) {
        sf_fit *fit = &out->fit[f];
        if (!fit->ok)
            continue;
        fit->aic = 2 * fit->k - 2 * fit->loglik;
        if (ncp)
            ks_km((sf_fit_family)f, fit, y, m, cp, ncp);
        else
            ks((sf_fit_family)f, fit, y, m);
        if (best < 0 || fit->aic < out->fit[best].aic)
            best = f;
    }
    if (best < 0)
        return SF_OK;
    if ((double)z > SF_FIT_MAX_ZERO_SHARE * (double)n) {
        out->why = "more than 1 % of the durations are 0, which no parametric family allows";
        return SF_OK;
    }
    if (out->fit[best].ks_p < alpha) {
        out->why = "the lowest-AIC family is rejected by the KS test at the stated level";
        return SF_OK;
    }
    out->chosen = (sf_fit_family)best;
    out->why = "lowest AIC among the parametric families, not rejected by the KS test";
    return SF_OK;
}
