/* mmck.c: the M/M/c/K queue (c servers, at most K customers present,
 * arrivals that find K present are turned away).
 *
 * Formulas: Gross, Shortle, Thompson & Harris, "Fundamentals of Queueing
 * Theory" (4th ed.), chapter 2, queues with truncation (M/M/c/K);
 * Kleinrock, "Queueing Systems, Vol. 1", chapter 3 (M/M/1/K, M/M/m/K).
 * The chain is a birth-death process, so
 *   pi_n = pi_0 a^n / n!                  for 0 <= n <= c,
 *   pi_n = pi_0 a^c / c! (a / c)^(n - c)  for c < n <= K,
 * with a = lambda / mu. An arrival sees the stationary distribution
 * (PASTA), so it is turned away with probability pi_K and waits with
 * probability sum_{c <= n < K} pi_n / (1 - pi_K). */
#include "samflyt/analytic.h"

#include <math.h>

/* Unnormalised weights w_n = pi_n / pi_0, summed in one pass. */
typedef struct mmck_sums {
    double admitted; /* sum_{n < K} w_n: states in which an arrival is let in */
    double wK;       /* w_K */
    double n;        /* sum n w_n */
    double queue;    /* sum (n - c)+ w_n */
    double busy;     /* sum min(n, c) w_n */
    double waits;    /* sum_{c <= n < K} w_n */
    double want;     /* w_want */
} mmck_sums;

static int mmck_args(int c, int K, double lambda, double mu) {
    if (c < 1 || K < c || !(lambda >= 0) || !isfinite(lambda) || !(mu > 0) || !isfinite(mu))
        return -1;
    double a = lambda / mu;
    /* The bound keeps w_n * ratio below DBL_MAX in mmck_sum (see there). */
    return a <= 1e100 ? 0 : -1;
}

static void scale(mmck_sums *s, double *w, int e) {
    *w = ldexp(*w, e);
    s->admitted = ldexp(s->admitted, e);
    s->n = ldexp(s->n, e);
    s->queue = ldexp(s->queue, e);
    s->busy = ldexp(s->busy, e);
    s->waits = ldexp(s->waits, e);
    s->want = ldexp(s->want, e);
}

/* w_n = w_{n-1} * r_n with r_n = a / min(n, c): products of ratios instead
 * of a^n / n!, which overflows for n past ~170. The weights can still grow
 * huge (a = 10^6, c = 10^6 peaks near e^(10^6)), so whenever the current
 * weight passes 1e150 every sum is multiplied by the same power of two,
 * which is exact. The final ratios (sum / sum) do not notice. Afterwards
 * every weight is below 1e150 * a <= 1e250 in the current scale, so with
 * K < 2^31 no sum can overflow. Weights far below the peak may underflow
 * to 0; their normalised probability is then below DBL_MIN anyway. The
 * relative error of each w_n grows at most linearly in n (one rounding per
 * multiplication), and every sum has positive terms only. */
static void mmck_sum(int c, int K, double a, int want, mmck_sums *s) {
    double w = 1; /* w_0 */
    *s = (mmck_sums){0};
    if (want == 0)
        s->want = 1;
    s->admitted = 1; /* n = 0 < K, as K >= c >= 1 */
    for (int n = 1; n <= K; n++) {
        if (w > 1e150) {
            int e;
            frexp(w, &e);
            scale(s, &w, -e);
        }
        w *= n <= c ? a / n : a / c;
        if (n < K)
            s->admitted += w;
        s->n += (double)n * w;
        if (n > c)
            s->queue += (double)(n - c) * w;
        s->busy += (double)(n < c ? n : c) * w;
        if (n >= c && n < K)
            s->waits += w;
        if (n == want)
            s->want = w;
    }
    s->wK = w;
}

int sf_mmck(int c, int K, double lambda, double mu, sf_mmck_result *out) {
    if (!out || mmck_args(c, K, lambda, mu))
        return SF_ERR_ARG;
    mmck_sums s;
    mmck_sum(c, K, lambda / mu, -1, &s);
    double total = s.admitted + s.wK;
    sf_mmck_result r;
    r.p_block = s.wK / total;
    /* lambda (1 - pi_K) as lambda * admitted / total: no 1 - x to cancel
     * when almost everyone is turned away. */
    r.throughput = lambda * (s.admitted / total);
    r.mean_in_system = s.n / total;
    r.mean_queue = s.queue / total;
    r.mean_busy = s.busy / total;
    /* Little's law for admitted customers: W_q = L_q / (lambda (1 - pi_K)),
     * with the normalisation cancelled out. */
    r.mean_wait = lambda > 0 ? s.queue / (lambda * s.admitted) : 0;
    r.mean_time = r.mean_wait + 1 / mu;
    r.p_wait = s.waits / s.admitted;
    *out = r;
    return 0;
}

double sf_mmck_prob(int c, int K, double lambda, double mu, int n) {
    if (mmck_args(c, K, lambda, mu))
        return NAN;
    if (n < 0 || n > K)
        return 0;
    mmck_sums s;
    mmck_sum(c, K, lambda / mu, n, &s);
    return s.want / (s.admitted + s.wK);
}
