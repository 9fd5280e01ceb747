/* mginf.c: the M/G/inf system, where every arrival gets a server at once.
 * The number present is Poisson with mean a = lambda E[S], whatever the
 * service distribution (Gross, Shortle, Thompson & Harris, "Fundamentals
 * of Queueing Theory", 4th ed.: M/M/inf in chapter 2 and the M/G/inf
 * result with the general-service models; Kleinrock, "Queueing Systems,
 * Vol. 1", section on M/M/inf). Its quantiles answer "how many beds are
 * enough a share p of the time" when nobody may be turned away.
 *
 * The Poisson probabilities use Loader's saddle-point form (C. Loader,
 * "Fast and accurate computation of binomial probabilities", 2000; the
 * method behind R's dpois): pmf(n) = exp(-stirlerr(n) - bd0(n, a)) /
 * sqrt(2 pi n). The naive exp(n ln a - a - lgamma(n + 1)) subtracts
 * numbers of size a ln a to get a result of size ln a, so at a = 10^6 it
 * keeps only about 9 correct digits; bd0 is computed directly and keeps
 * nearly all 16. */
#include "samflyt/analytic.h"

#include <float.h>
#include <math.h>

#define LN_SQRT_2PI 0.918938533204672741780329736406 /* ln sqrt(2 pi) */
#define TWO_PI 6.283185307179586476925286766559

/* stirlerr(n) = ln n! - [(n + 1/2) ln n - n + ln sqrt(2 pi)], the error of
 * Stirling's formula. For small n the difference is taken directly (all
 * terms are below 50, so it loses at most ~1e-14 absolutely); beyond, the
 * asymptotic series 1/(12n) - 1/(360n^3) + ... converges fast enough. */
static double stirlerr(double n) {
    static const double S0 = 1.0 / 12, S1 = 1.0 / 360, S2 = 1.0 / 1260, S3 = 1.0 / 1680,
                        S4 = 1.0 / 1188;
    if (n <= 15)
        return lgamma(n + 1) - (n + 0.5) * log(n) + n - LN_SQRT_2PI;
    double nn = n * n;
    if (n > 500)
        return (S0 - S1 / nn) / n;
    if (n > 80)
        return (S0 - (S1 - S2 / nn) / nn) / n;
    if (n > 35)
        return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
    return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/* bd0(x, m) = x ln(x / m) + m - x >= 0, the "deviance" term. When x is
 * close to m the direct form cancels completely; then it is summed as the
 * series 2 x sum_j v^(2j+1) / (2j + 1) with v = (x - m) / (x + m), whose
 * terms are all positive and shrink by at least v^2 < 1/100. */
static double bd0(double x, double m) {
    if (fabs(x - m) < 0.1 * (x + m)) {
        double v = (x - m) / (x + m);
        double s = (x - m) * v;
        double ej = 2 * x * v;
        v *= v;
        for (int j = 1; j < 1000; j++) {
            ej *= v;
            double s1 = s + ej / (2 * j + 1);
            if (s1 == s)
                return s1;
            s = s1;
        }
        return s;
    }
    return x * log(x / m) + m - x;
}

static double pmf(double a, int n) {
    if (a == 0)
        return n == 0 ? 1 : 0;
    if (n == 0)
        return exp(-a);
    double x = n;
    return exp(-stirlerr(x) - bd0(x, a)) / sqrt(TWO_PI * x);
}

double sf_mginf_pmf(double a, int n) {
    if (!(a >= 0) || !isfinite(a))
        return NAN;
    if (n < 0)
        return 0;
    return pmf(a, n);
}

/* P(N <= n) >= p? Both tails are summed from the end nearest the mode,
 * where the terms are largest, outward, so every term is a ratio step
 * (k / a or a / (k + 1), both < 1 there) from a Loader pmf. The left tail
 * is used below the mean and the right tail (compared with 1 - p, which
 * is exact for p >= 1/2) above it; no CDF near 1 is ever formed by
 * adding up to 1, so p = 0.999999 is resolved as well as p = 0.5. The sum
 * stops when the geometric bound on what is left, t / (1 - r) for the
 * next term t and the ratio r that made it (the ratios only shrink
 * further out), is below the rounding of the sum. Cost: O(sqrt(a)) terms near the mode, fewer in
 * the tails. */
static int cdf_reaches(double a, int n, double p) {
    double s = 0;
    if (n < a) {
        double t = pmf(a, n);
        for (int k = n; t > 0; k--) {
            s += t;
            if (k == 0)
                break;
            double r = k / a;
            t *= r;
            if (t / (1 - r) < s * (DBL_EPSILON / 8))
                break;
        }
        return s >= p;
    }
    double t = pmf(a, n + 1);
    for (double k = (double)n + 1; t > 0; k++) {
        s += t;
        double r = a / (k + 1);
        t *= r;
        if (t / (1 - r) < s * (DBL_EPSILON / 8))
            break;
    }
    return s <= 1 - p;
}

int sf_mginf_quantile(double a, double p) {
    if (!(a >= 0) || !(a <= 1e9) || !(p >= 0 && p < 1))
        return -1;
    if (p == 0 || a == 0)
        return 0;
    /* P(N > a + 10 sqrt(a) + 20) is below 1e-20 for every a, and 1 - p is
     * at least DBL_EPSILON / 2, so this upper end nearly always holds at
     * once; the doubling is a safety net. hi <= ~2.1e9 < INT_MAX. */
    double top = ceil(a + 10 * sqrt(a) + 20);
    int hi = (int)top;
    while (!cdf_reaches(a, hi, p)) {
        if (hi > 1073741823)
            return -1;
        hi *= 2;
    }
    /* Bisection: cdf_reaches(lo) is false (lo = -1 means "below 0"),
     * cdf_reaches(hi) is true. */
    int lo = -1;
    while (hi - lo > 1) {
        int mid = lo + (hi - lo) / 2;
        if (cdf_reaches(a, mid, p))
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}
