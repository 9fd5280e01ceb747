/* test_analytic.c: the analytic queueing formulas against independent
 * values: published Erlang B tables, the closed forms summed directly in
 * long double, the M/M/c/K balance equations solved by product form, the
 * M/M/1 and M/M/1/K textbook formulas, and GSL's Poisson functions. */
#include "samflyt/analytic.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>

/* cmocka.h needs these first, in this order. */
// clang-format off
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
// clang-format on

/* |got - want| <= rel * |want| (or <= rel when want is 0). */
static void near_rel(double got, double want, double rel, const char *what) {
    double tol = want == 0 ? rel : rel * fabs(want);
    if (!(fabs(got - want) <= tol)) {
        print_error("%s: got %.17g, want %.17g (rel tol %g)\n", what, got, want, rel);
        fail();
    }
}

/* |got - want| <= tol: for values that may be 0 up to rounding. */
static void near_abs(double got, double want, double tol, const char *what) {
    if (!(fabs(got - want) <= tol)) {
        print_error("%s: got %.17g, want %.17g (abs tol %g)\n", what, got, want, tol);
        fail();
    }
}

/* ---- Independent reference computations, in long double -------------- */

/* Erlang B from its definition, (a^c / c!) / sum_{k<=c} a^k / k!. Fine for
 * the small c it is used with. */
static long double ref_erlang_b(int c, long double a) {
    long double term = 1, sum = 1;
    for (int k = 1; k <= c; k++) {
        term *= a / k;
        sum += term;
    }
    return term / sum;
}

/* Erlang C from the closed form (Gross et al.):
 *   C = [a^c / c! * c / (c - a)] / [sum_{k<c} a^k / k! + a^c / c! * c / (c - a)]. */
static long double ref_erlang_c(int c, long double a) {
    long double term = 1, sum = 0;
    for (int k = 0; k < c; k++) {
        sum += term;
        term *= a / (k + 1);
    }
    long double top = term * c / (c - a);
    return top / (sum + top);
}

/* Erlang B for large c as 1 / sum_{j=0}^{c} c! / ((c - j)! a^j): the same
 * number summed from the other end, by a different recursion than the
 * library's. long double's range (1e4932) holds the terms. */
static long double ref_erlang_b_large(int c, long double a) {
    long double t = 1, sum = 1;
    for (int j = 1; j <= c; j++) {
        t *= (long double)(c - j + 1) / a;
        sum += t;
        if (t < sum * 1e-30L)
            break;
    }
    return 1 / sum;
}

/* ---- Erlang B ----------------------------------------------------------- */

static void erlang_b_exact_values(void **state) {
    (void)state;
    near_rel(sf_erlang_b(1, 1), 0.5, 1e-15, "B(1,1)");
    near_rel(sf_erlang_b(2, 1), 0.2, 1e-15, "B(2,1)");
    near_rel(sf_erlang_b(3, 2), 4.0 / 19, 1e-15, "B(3,2)");
    near_rel(sf_erlang_b(5, 1), 1.0 / 326, 1e-14, "B(5,1)");
    near_rel(sf_erlang_b(5, 2), 4.0 / 109, 1e-14, "B(5,2)");
    near_rel(sf_erlang_b(5, 3), 81.0 / 736, 1e-14, "B(5,3)");
    near_rel(sf_erlang_b(10, 5), 0.01838457, 1e-7, "B(10,5) table");
    near_rel(sf_erlang_b(10, 5), (double)ref_erlang_b(10, 5), 1e-14, "B(10,5)");
}

/* Rows of the standard Erlang B traffic table: the load in erlang that c
 * servers carry at a grade of service of 1 %, 2 % and 5 %. The loads are
 * printed to four digits, so B at that load is the grade to about 0.2 %. */
static void erlang_b_traffic_table(void **state) {
    (void)state;
    static const struct {
        int c;
        double a, grade;
    } row[] = {
        {5, 1.361, 0.01},  {5, 1.657, 0.02},   {5, 2.219, 0.05},   {10, 4.461, 0.01},
        {10, 5.084, 0.02}, {10, 6.216, 0.05},  {20, 12.03, 0.01},  {20, 13.18, 0.02},
        {50, 37.90, 0.01}, {100, 84.06, 0.01}, {100, 87.97, 0.02},
    };
    for (size_t i = 0; i < sizeof row / sizeof row[0]; i++) {
        char what[64];
        snprintf(what, sizeof what, "B(%d, %g)", row[i].c, row[i].a);
        near_rel(sf_erlang_b(row[i].c, row[i].a), row[i].grade, 2e-3, what);
    }
}

static void erlang_b_edges(void **state) {
    (void)state;
    assert_true(sf_erlang_b(0, 3.0) == 1.0);
    assert_true(sf_erlang_b(4, 0.0) == 0.0);
    assert_true(isnan(sf_erlang_b(-1, 1.0)));
    assert_true(isnan(sf_erlang_b(3, -1.0)));
    assert_true(isnan(sf_erlang_b(3, NAN)));
    assert_true(isnan(sf_erlang_b(3, INFINITY)));
    /* Tiny load, many servers: underflows to 0 instead of producing NaN. */
    assert_true(sf_erlang_b(100000, 1e-3) == 0.0);
}

static void erlang_b_against_definition(void **state) {
    (void)state;
    for (int c = 1; c <= 60; c += 3)
        for (double f = 0.1; f < 3; f += 0.23) {
            char what[64];
            snprintf(what, sizeof what, "B(%d, %g)", c, f * c);
            near_rel(sf_erlang_b(c, f * c), (double)ref_erlang_b(c, f * c), 1e-12, what);
        }
}

/* ---- Erlang C and M/M/c ------------------------------------------------- */

static void erlang_c_closed_form(void **state) {
    (void)state;
    for (int c = 1; c <= 40; c++)
        for (double f = 0.05; f < 1; f += 0.07) {
            double a = f * c;
            char what[64];
            snprintf(what, sizeof what, "C(%d, %g)", c, a);
            near_rel(sf_erlang_c(c, a), (double)ref_erlang_c(c, a), 1e-12, what);
        }
    /* Hand-computed: c = 2, a = 1: C = (1/2 * 2) / (1 + 1 + 1) = 1/3. */
    near_rel(sf_erlang_c(2, 1), 1.0 / 3, 1e-15, "C(2,1)");
    /* c = 1: C = rho. */
    near_rel(sf_erlang_c(1, 0.75), 0.75, 1e-15, "C(1,.75)");
    assert_true(sf_erlang_c(3, 3.0) == 1.0);
    assert_true(sf_erlang_c(3, 7.5) == 1.0);
    assert_true(sf_erlang_c(3, 0.0) == 0.0);
    assert_true(isnan(sf_erlang_c(0, 0.5)));
    assert_true(isnan(sf_erlang_c(2, -0.5)));
}

static void mm1_closed_forms(void **state) {
    (void)state;
    const double lambda = 3, mu = 4, rho = lambda / mu;
    near_rel(sf_mmc_mean_wait(1, lambda, mu), rho / (mu - lambda), 1e-14, "Wq");
    near_rel(sf_mmc_mean_queue(1, lambda, mu), rho * rho / (1 - rho), 1e-14, "Lq");
    near_rel(sf_mmc_mean_in_system(1, lambda, mu), rho / (1 - rho), 1e-14, "L");
    near_rel(sf_mmc_wait_tail(1, lambda, mu, 0.5), rho * exp(-(mu - lambda) * 0.5), 1e-14,
             "P(W>t)");
    near_rel(sf_mmc_wait_tail(1, lambda, mu, 0), rho, 1e-14, "P(W>0)");
    /* q_p = ln(rho / (1 - p)) / (mu - lambda) */
    near_rel(sf_mmc_wait_quantile(1, lambda, mu, 0.9), log(rho / 0.1) / (mu - lambda), 1e-13,
             "W_0.9");
    assert_true(sf_mmc_wait_quantile(1, lambda, mu, 0.2) == 0.0); /* 1 - rho = 0.25 wait 0 */
}

static void mmc_closed_forms(void **state) {
    (void)state;
    /* c = 3, lambda = 5, mu = 2: a = 2.5. */
    const int c = 3;
    const double lambda = 5, mu = 2, a = lambda / mu;
    double C = (double)ref_erlang_c(c, a);
    double wq = C / (c * mu - lambda);
    near_rel(sf_mmc_mean_wait(c, lambda, mu), wq, 1e-13, "Wq");
    near_rel(sf_mmc_mean_queue(c, lambda, mu), lambda * wq, 1e-13, "Lq");
    near_rel(sf_mmc_mean_in_system(c, lambda, mu), lambda * wq + a, 1e-13, "L");
    for (double t = 0; t < 3; t += 0.4)
        near_rel(sf_mmc_wait_tail(c, lambda, mu, t), C * exp(-(c * mu - lambda) * t), 1e-13,
                 "tail");
    /* The quantile inverts the tail. */
    for (double p = 0.5; p < 0.999; p += 0.05) {
        double q = sf_mmc_wait_quantile(c, lambda, mu, p);
        if (C <= 1 - p)
            assert_true(q == 0.0);
        else
            near_rel(sf_mmc_wait_tail(c, lambda, mu, q), 1 - p, 1e-12, "tail(quantile)");
    }
    assert_true(sf_mmc_wait_quantile(c, lambda, mu, 0) == 0.0);
    assert_true(isinf(sf_mmc_wait_quantile(c, lambda, mu, 1)));
    assert_true(sf_mmc_wait_tail(c, lambda, mu, -1) == 1.0);
}

static void mmc_unstable_and_bad(void **state) {
    (void)state;
    assert_true(isinf(sf_mmc_mean_wait(2, 4, 2)));
    assert_true(isinf(sf_mmc_mean_queue(2, 5, 2)));
    assert_true(isinf(sf_mmc_mean_in_system(2, 5, 2)));
    assert_true(sf_mmc_wait_tail(2, 5, 2, 10) == 1.0);
    assert_true(isinf(sf_mmc_wait_quantile(2, 5, 2, 0.5)));
    assert_true(isnan(sf_mmc_mean_wait(0, 1, 2)));
    assert_true(isnan(sf_mmc_mean_wait(2, -1, 2)));
    assert_true(isnan(sf_mmc_mean_wait(2, 1, 0)));
    assert_true(isnan(sf_mmc_wait_quantile(2, 1, 2, 1.5)));
    assert_true(isnan(sf_mmc_wait_tail(2, 1, 2, NAN)));
    /* No arrivals: nobody waits. */
    assert_true(sf_mmc_mean_wait(2, 0, 2) == 0.0);
}

/* ---- Large c ------------------------------------------------------------ */

static void large_c_stable(void **state) {
    (void)state;
    const int c = 100000;
    const double a = 0.95 * c;
    double b = sf_erlang_b(c, a);
    double C = sf_erlang_c(c, a);
    assert_true(isfinite(b) && b >= 0 && b <= 1);
    assert_true(isfinite(C) && C >= 0 && C <= 1);
    assert_true(b > 0 && C > b);
    near_rel(b, (double)ref_erlang_b_large(c, a), 1e-10, "B(1e5, 0.95e5)");
    long double rb = ref_erlang_b_large(c, a);
    near_rel(C, (double)(c * rb / (c - a * (1 - rb))), 1e-10, "C(1e5, 0.95e5)");
    double w = sf_mmc_mean_wait(c, a, 1.0);
    assert_true(isfinite(w) && w >= 0);

    /* c = a = 10^6: B is about 1 / sqrt(pi c / 2) ~ 8e-4 (Jagerman). */
    double b6 = sf_erlang_b(1000000, 1e6);
    assert_true(isfinite(b6));
    near_rel(b6, (double)ref_erlang_b_large(1000000, 1e6), 1e-9, "B(1e6, 1e6)");
    assert_true(sf_erlang_c(1000000, 1e6) == 1.0);
    double c6 = sf_erlang_c(1000000, 999000.0);
    assert_true(isfinite(c6) && c6 > 0 && c6 < 1);
    /* Huge load on few servers. */
    near_rel(sf_erlang_b(3, 1e6), (double)ref_erlang_b(3, 1e6), 1e-12, "B(3, 1e6)");
}

/* ---- M/M/c/K ------------------------------------------------------------ */

typedef struct ref_mmck {
    long double pi[512];
    long double block, L, Lq, busy, wait_share;
} ref_mmck;

/* Product form of the balance equations lambda pi_{n-1} = min(n, c) mu pi_n,
 * normalised by direct summation. */
static void ref_mmck_solve(int c, int K, long double lambda, long double mu, ref_mmck *r) {
    long double w = 1, sum = 1;
    r->pi[0] = 1;
    for (int n = 1; n <= K; n++) {
        w *= lambda / ((n < c ? n : c) * mu);
        r->pi[n] = w;
        sum += w;
    }
    r->L = r->Lq = r->busy = r->wait_share = 0;
    for (int n = 0; n <= K; n++) {
        r->pi[n] /= sum;
        r->L += n * r->pi[n];
        r->Lq += (n > c ? n - c : 0) * r->pi[n];
        r->busy += (n < c ? n : c) * r->pi[n];
        if (n >= c && n < K)
            r->wait_share += r->pi[n];
    }
    r->block = r->pi[K];
    r->wait_share /= 1 - r->block;
}

static void mmck_balance_equations(void **state) {
    (void)state;
    static const struct {
        int c, K;
        double lambda, mu;
    } cases[] = {
        {1, 1, 0.5, 1},  {1, 10, 0.9, 1},  {2, 5, 3, 1},   {3, 3, 2.5, 1},    {4, 12, 3.5, 1},
        {5, 20, 7, 1.2}, {10, 40, 9.5, 1}, {10, 10, 5, 1}, {20, 60, 30, 1},   {7, 300, 6.9, 1},
        {3, 50, 0, 1},   {50, 120, 45, 1}, {1, 400, 2, 1}, {100, 500, 80, 1}, {6, 6, 100, 0.5},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int c = cases[i].c, K = cases[i].K;
        double lambda = cases[i].lambda, mu = cases[i].mu;
        static ref_mmck ref;
        ref_mmck_solve(c, K, lambda, mu, &ref);
        sf_mmck_result r;
        assert_int_equal(sf_mmck(c, K, lambda, mu, &r), 0);
        char what[96];
        snprintf(what, sizeof what, "M/M/%d/%d lambda %g mu %g", c, K, lambda, mu);
        near_rel(r.p_block, (double)ref.block, 1e-12, what);
        near_rel(r.mean_in_system, (double)ref.L, 1e-12, what);
        near_rel(r.mean_queue, (double)ref.Lq, 1e-12, what);
        near_rel(r.mean_busy, (double)ref.busy, 1e-12, what);
        near_rel(r.throughput, lambda * (double)(1 - ref.block), 1e-12, what);
        /* Little's law, both ways round. */
        near_rel(r.mean_busy, r.throughput / mu, 1e-12, what);
        if (lambda > 0) {
            near_rel(r.mean_wait, (double)(ref.Lq / (lambda * (1 - ref.block))), 1e-12, what);
            near_rel(r.mean_time, (double)(ref.L / (lambda * (1 - ref.block))), 1e-12, what);
            near_rel(r.p_wait, (double)ref.wait_share, 1e-12, what);
        } else {
            assert_true(r.mean_wait == 0.0 && r.p_wait == 0.0);
        }
        long double total = 0;
        for (int n = 0; n <= K; n++) {
            double p = sf_mmck_prob(c, K, lambda, mu, n);
            near_rel(p, (double)ref.pi[n], 1e-12, what);
            total += p;
        }
        near_rel((double)total, 1, 1e-13, "sum pi");
        assert_true(sf_mmck_prob(c, K, lambda, mu, -1) == 0.0);
        assert_true(sf_mmck_prob(c, K, lambda, mu, K + 1) == 0.0);
    }
}

/* M/M/1/K (Gross et al.): pi_n = (1 - rho) rho^n / (1 - rho^(K+1)),
 * L = rho / (1 - rho) - (K + 1) rho^(K+1) / (1 - rho^(K+1)); for rho = 1,
 * pi_n = 1 / (K + 1) and L = K / 2. */
static void mm1k_closed_form(void **state) {
    (void)state;
    static const double rhos[] = {0.3, 0.8, 1.25, 2.0};
    for (size_t i = 0; i < sizeof rhos / sizeof rhos[0]; i++)
        for (int K = 1; K <= 30; K += 7) {
            double rho = rhos[i];
            sf_mmck_result r;
            assert_int_equal(sf_mmck(1, K, rho, 1, &r), 0);
            double rk1 = pow(rho, K + 1);
            near_rel(r.p_block, (1 - rho) * pow(rho, K) / (1 - rk1), 1e-12, "M/M/1/K pi_K");
            near_rel(r.mean_in_system, rho / (1 - rho) - (K + 1) * rk1 / (1 - rk1), 1e-11,
                     "M/M/1/K L");
            /* L_q = L - (1 - pi_0); 0 for K = 1, so compared absolutely. */
            near_abs(r.mean_queue, r.mean_in_system - (1 - (1 - rho) / (1 - rk1)), 1e-11,
                     "M/M/1/K Lq");
        }
    sf_mmck_result r;
    assert_int_equal(sf_mmck(1, 9, 2.0, 2.0, &r), 0);
    near_rel(r.p_block, 0.1, 1e-14, "rho=1 pi_K");
    near_rel(r.mean_in_system, 4.5, 1e-14, "rho=1 L");
}

static void mmck_limits(void **state) {
    (void)state;
    /* K = c is the loss system. */
    for (int c = 1; c <= 50; c += 7) {
        sf_mmck_result r;
        assert_int_equal(sf_mmck(c, c, 0.8 * c, 1, &r), 0);
        near_rel(r.p_block, sf_erlang_b(c, 0.8 * c), 1e-13, "M/M/c/c = Erlang B");
        assert_true(r.mean_queue == 0.0 && r.p_wait == 0.0);
    }
    /* A large K is M/M/c. */
    sf_mmck_result r;
    assert_int_equal(sf_mmck(8, 2000, 6, 1, &r), 0);
    near_rel(r.mean_queue, sf_mmc_mean_queue(8, 6, 1), 1e-12, "K large: Lq");
    near_rel(r.mean_wait, sf_mmc_mean_wait(8, 6, 1), 1e-12, "K large: Wq");
    near_rel(r.p_wait, sf_erlang_c(8, 6), 1e-12, "K large: P(wait)");
    /* Bad input. */
    assert_int_equal(sf_mmck(0, 5, 1, 1, &r), SF_ERR_ARG);
    assert_int_equal(sf_mmck(3, 2, 1, 1, &r), SF_ERR_ARG);
    assert_int_equal(sf_mmck(3, 5, -1, 1, &r), SF_ERR_ARG);
    assert_int_equal(sf_mmck(3, 5, 1, 0, &r), SF_ERR_ARG);
    assert_int_equal(sf_mmck(3, 5, NAN, 1, &r), SF_ERR_ARG);
    assert_int_equal(sf_mmck(3, 5, 1, 1, NULL), SF_ERR_ARG);
    assert_true(isnan(sf_mmck_prob(3, 2, 1, 1, 0)));
}

static void mmck_large(void **state) {
    (void)state;
    /* Weights peak near e^(10^5): would overflow without rescaling. */
    static const double loads[] = {0.95, 1.0, 1.2, 3.0};
    for (size_t i = 0; i < sizeof loads / sizeof loads[0]; i++) {
        const int c = 100000, K = 200000;
        double lambda = loads[i] * c;
        sf_mmck_result r;
        assert_int_equal(sf_mmck(c, K, lambda, 1, &r), 0);
        assert_true(isfinite(r.p_block) && r.p_block >= 0 && r.p_block <= 1);
        assert_true(isfinite(r.mean_in_system) && r.mean_in_system <= K);
        assert_true(isfinite(r.mean_wait) && r.mean_wait >= 0);
        near_rel(r.mean_busy, r.throughput, 1e-9, "large: busy = throughput / mu");
        near_rel(r.mean_in_system - r.mean_queue, r.mean_busy, 1e-9, "large: L - Lq");
        if (loads[i] > 1) /* overloaded: lambda (1 - pi_K) = c mu, almost exactly */
            near_rel(r.throughput, c, 1e-9, "large: saturated throughput");
        if (loads[i] < 1) /* K - c = 10^5 of room: it is M/M/c */
            near_rel(r.mean_wait, sf_mmc_mean_wait(c, lambda, 1), 1e-8, "large: Wq");
    }
}

/* ---- M/G/inf ------------------------------------------------------------ */

static void mginf_pmf(void **state) {
    (void)state;
    static const double loads[] = {0, 0.5, 3, 10, 37.5, 1000, 1e6};
    for (size_t i = 0; i < sizeof loads / sizeof loads[0]; i++) {
        double a = loads[i];
        long double sum = 0, mean = 0;
        int top = (int)(a + 20 * sqrt(a) + 40);
        for (int n = 0; n <= top; n++) {
            double p = sf_mginf_pmf(a, n);
            assert_true(p >= 0 && p <= 1);
            sum += p;
            mean += (long double)n * p;
        }
        near_rel((double)sum, 1, 1e-13, "sum pmf");
        near_rel((double)mean, a, 1e-12, "mean of pmf");
    }
    for (int n = 0; n < 60; n++)
        near_rel(sf_mginf_pmf(12.5, n), gsl_ran_poisson_pdf((unsigned)n, 12.5), 1e-12, "gsl");
    /* Against the exact value at the mode for a = 10^6: e^-a a^a / a!
     * = exp(-stirlerr(a)) / sqrt(2 pi a), with stirlerr(a) = 1/(12a) - ... */
    near_rel(sf_mginf_pmf(1e6, 1000000), exp(-1.0 / 12e6) / sqrt(2 * M_PI * 1e6), 1e-14,
             "mode 1e6");
    assert_true(sf_mginf_pmf(3, -1) == 0.0);
    assert_true(isnan(sf_mginf_pmf(-3, 1)));
    assert_true(sf_mginf_pmf(0, 0) == 1.0);
}

static void mginf_quantile(void **state) {
    (void)state;
    static const double loads[] = {0.3, 4, 25.5, 300};
    static const double ps[] = {0.01, 0.5, 0.9, 0.95, 0.99, 0.999, 0.999999};
    for (size_t i = 0; i < sizeof loads / sizeof loads[0]; i++)
        for (size_t j = 0; j < sizeof ps / sizeof ps[0]; j++) {
            double a = loads[i], p = ps[j];
            /* Direct cumulative sum: the first n where it reaches p. */
            long double cdf = 0;
            int want = -1;
            for (int n = 0; want < 0; n++) {
                cdf += expl(n * logl(a) - a - lgammal(n + 1));
                if (cdf >= p)
                    want = n;
            }
            assert_int_equal(sf_mginf_quantile(a, p), want);
        }
    /* Large a: check the defining inequalities with GSL's incomplete gamma. */
    static const double big_ps[] = {0.5, 0.95, 0.999};
    for (size_t j = 0; j < sizeof big_ps / sizeof big_ps[0]; j++) {
        double a = 1e6, p = big_ps[j];
        int q = sf_mginf_quantile(a, p);
        assert_true(gsl_cdf_poisson_P((unsigned)q, a) >= p - 1e-12);
        assert_true(gsl_cdf_poisson_P((unsigned)q - 1, a) < p + 1e-12);
        assert_true(fabs(q - (a + gsl_cdf_ugaussian_Pinv(p) * 1000)) < 5);
    }
    assert_int_equal(sf_mginf_quantile(10, 0), 0);
    assert_int_equal(sf_mginf_quantile(0, 0.99), 0);
    assert_int_equal(sf_mginf_quantile(10, 1), -1);
    assert_int_equal(sf_mginf_quantile(-1, 0.5), -1);
    assert_int_equal(sf_mginf_quantile(10, NAN), -1);
}

/* ---- The domain document's claim ---------------------------------------- */

/* "A 5-bed unit run at 85 % occupancy turns away about half of its
 * requests, a 40-bed unit about 7 %." Occupancy is the carried load over
 * the beds, a (1 - B) / c. Find the offered load that makes it 0.85 and
 * read off B, all with the long double reference. */
static double blocking_at_occupancy(int c, double occ) {
    long double lo = occ * c, hi = 100.0L * c;
    for (int i = 0; i < 200; i++) {
        long double mid = (lo + hi) / 2;
        if (mid * (1 - ref_erlang_b(c, mid)) < occ * c)
            lo = mid;
        else
            hi = mid;
    }
    return (double)ref_erlang_b(c, (lo + hi) / 2);
}

static void occupancy_85_claim(void **state) {
    (void)state;
    /* Reading 1, occupancy = carried load / beds (what a ward measures):
     * the claim holds. 5 beds need 8.74 erlang offered and lose 51 %;
     * 40 beds need 36.70 erlang and lose 7.4 %. */
    double b5 = blocking_at_occupancy(5, 0.85), b40 = blocking_at_occupancy(40, 0.85);
    near_rel(b5, 0.51354501598566, 1e-9, "5 beds at 85 % occupancy");
    near_rel(b40, 0.07367735133639, 1e-9, "40 beds at 85 % occupancy");
    near_rel(sf_erlang_b(5, 8.736676855334188), b5, 1e-12, "library, 5 beds");
    near_rel(sf_erlang_b(40, 36.70427366647158), b40, 1e-12, "library, 40 beds");
    /* Reading 2, offered load = 0.85 c: the claim does not hold (22 % and
     * 4.4 %). */
    near_rel(sf_erlang_b(5, 4.25), 0.22125399134872, 1e-9, "5 beds, a = 4.25");
    near_rel(sf_erlang_b(40, 34), 0.04403247232397, 1e-9, "40 beds, a = 34");
}

/* ---- Sizing ------------------------------------------------------------- */

static void sizing_erlang_b(void **state) {
    (void)state;
    static const double loads[] = {0.2, 1, 4.5, 12.3, 80, 950, 20000};
    static const double targets[] = {0.5, 0.1, 0.05, 0.01, 0.001, 1e-6};
    for (size_t i = 0; i < sizeof loads / sizeof loads[0]; i++)
        for (size_t j = 0; j < sizeof targets / sizeof targets[0]; j++) {
            double a = loads[i], t = targets[j];
            int c = sf_size_erlang_b(a, t);
            assert_true(c >= 1);
            assert_true(sf_erlang_b(c, a) <= t);
            if (c > 1)
                assert_true(sf_erlang_b(c - 1, a) > t);
        }
    /* Table: 10 servers carry 4.461 erlang at 1 %. */
    assert_int_equal(sf_size_erlang_b(4.461, 0.0101), 10);
    assert_int_equal(sf_size_erlang_b(4.5, 1), 1);
    assert_int_equal(sf_size_erlang_b(0, 0), 1);
    assert_int_equal(sf_size_erlang_b(4.5, 0), -1);
    assert_int_equal(sf_size_erlang_b(4.5, -0.1), -1);
    assert_int_equal(sf_size_erlang_b(-1, 0.1), -1);
    assert_int_equal(sf_size_erlang_b(NAN, 0.1), -1);
    assert_int_equal(sf_size_erlang_b(4.5, NAN), -1);
}

/* Does c meet the target? Unstable c never does. */
static int wait_ok(int c, double l, double m, double t) {
    return c * m > l && sf_mmc_mean_wait(c, l, m) <= t;
}
static int prob_ok(int c, double l, double m, double t) {
    return c * m > l && sf_erlang_c(c, l / m) <= t;
}
static int level_ok(int c, double l, double m, double t, double s) {
    return c * m > l && 1 - sf_mmc_wait_tail(c, l, m, t) >= s;
}

static void sizing_erlang_c(void **state) {
    (void)state;
    static const struct {
        double lambda, mu;
    } sys[] = {{4.5, 1}, {0.3, 0.1}, {30, 2.5}, {1000, 1}, {5, 5}, {0.01, 3}};
    for (size_t i = 0; i < sizeof sys / sizeof sys[0]; i++) {
        double l = sys[i].lambda, m = sys[i].mu;
        static const double waits[] = {1, 0.1, 1.0 / 6, 0.01, 1e-5};
        for (size_t j = 0; j < sizeof waits / sizeof waits[0]; j++) {
            int c = sf_size_erlang_c_wait(l, m, waits[j]);
            assert_true(c >= 1 && wait_ok(c, l, m, waits[j]));
            assert_true(c == 1 || !wait_ok(c - 1, l, m, waits[j]));
        }
        static const double probs[] = {0.9, 0.5, 0.2, 0.01, 1e-6};
        for (size_t j = 0; j < sizeof probs / sizeof probs[0]; j++) {
            int c = sf_size_erlang_c_prob(l, m, probs[j]);
            assert_true(c >= 1 && prob_ok(c, l, m, probs[j]));
            assert_true(c == 1 || !prob_ok(c - 1, l, m, probs[j]));
        }
        static const double ts[] = {0, 0.05, 0.25, 1};
        static const double shares[] = {0.5, 0.8, 0.9, 0.99};
        for (size_t j = 0; j < sizeof ts / sizeof ts[0]; j++)
            for (size_t k = 0; k < sizeof shares / sizeof shares[0]; k++) {
                int c = sf_size_erlang_c_service_level(l, m, ts[j], shares[k]);
                assert_true(c >= 1 && level_ok(c, l, m, ts[j], shares[k]));
                assert_true(c == 1 || !level_ok(c - 1, l, m, ts[j], shares[k]));
            }
    }
    /* 4.5/h, 1 h each: 5 servers give P(wait) 0.76, 6 give 0.42, 7 give 0.22. */
    assert_int_equal(sf_size_erlang_c_prob(4.5, 1, 0.5), 6);
    /* Always at least one stable server even with a generous target. */
    assert_int_equal(sf_size_erlang_c_prob(4.5, 1, 1), 5);
    assert_int_equal(sf_size_erlang_c_service_level(4.5, 1, 1, 0), 5);
    /* Unreachable or invalid targets. */
    assert_int_equal(sf_size_erlang_c_wait(4.5, 1, 0), -1);
    assert_int_equal(sf_size_erlang_c_wait(4.5, 1, -1), -1);
    assert_int_equal(sf_size_erlang_c_prob(4.5, 1, 0), -1);
    assert_int_equal(sf_size_erlang_c_service_level(4.5, 1, 0.5, 1), -1);
    assert_int_equal(sf_size_erlang_c_service_level(4.5, 1, -1, 0.9), -1);
    assert_int_equal(sf_size_erlang_c_wait(4.5, 0, 1), -1);
    assert_int_equal(sf_size_erlang_c_wait(-4.5, 1, 1), -1);
    assert_int_equal(sf_size_erlang_c_wait(2e9, 1, 1), -1);
    /* No arrivals: one server is plenty, even for a zero target. */
    assert_int_equal(sf_size_erlang_c_wait(0, 1, 0), 1);
    /* Large: 10^5 erlang, 1 % waiting. */
    int c = sf_size_erlang_c_prob(1e5, 1, 0.01);
    assert_true(prob_ok(c, 1e5, 1, 0.01) && !prob_ok(c - 1, 1e5, 1, 0.01));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(erlang_b_exact_values),
        cmocka_unit_test(erlang_b_traffic_table),
        cmocka_unit_test(erlang_b_edges),
        cmocka_unit_test(erlang_b_against_definition),
        cmocka_unit_test(erlang_c_closed_form),
        cmocka_unit_test(mm1_closed_forms),
        cmocka_unit_test(mmc_closed_forms),
        cmocka_unit_test(mmc_unstable_and_bad),
        cmocka_unit_test(large_c_stable),
        cmocka_unit_test(mmck_balance_equations),
        cmocka_unit_test(mm1k_closed_form),
        cmocka_unit_test(mmck_limits),
        cmocka_unit_test(mmck_large),
        cmocka_unit_test(mginf_pmf),
        cmocka_unit_test(mginf_quantile),
        cmocka_unit_test(occupancy_85_claim),
        cmocka_unit_test(sizing_erlang_b),
        cmocka_unit_test(sizing_erlang_c),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
