/* test_sampler.c: every distribution of the model language draws with
 * the mean and standard deviation its parameters promise (model.h: mean
 * and sd of the variable itself for lognormal and gamma; shape and scale
 * for weibull), and stays in its support; and the inline lognormal and
 * gamma draws (core/gauss.h) are GSL's own, bit for bit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the headers above first */
#include <cmocka.h>

#include "sim/sampler.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

typedef struct {
    sf_dist d;
    double mean, sd, lo, hi; /* the truth, and the support */
} dist_case;

static void check(const dist_case *c, uint64_t stream) {
    sf_expo z;
    sf_expo_init(&z);
    sf_gauss g;
    sf_gauss_init(&g);
    sf_sampler s;
    sf_sampler_init(&s, &c->d, &z, &g);
    sf_rng r;
    sf_rng_init(&r, 99, stream);
    enum { N = 400000 };
    double sum = 0, sum2 = 0;
    for (int i = 0; i < N; i++) {
        double x = sf_sampler_draw(&s, &r);
        assert_true(x >= c->lo && x <= c->hi);
        sum += x;
        sum2 += x * x;
    }
    double mean = sum / N, sd = sqrt(sum2 / N - mean * mean);
    /* 5 standard errors of the mean; the sd within 3 % (its standard
     * error is below 1 % for these shapes at N = 4e5) */
    double tol = 5 * c->sd / sqrt((double)N) + 1e-12;
    printf("  kind %d: mean %.5f (want %.5f), sd %.5f (want %.5f)\n", c->d.kind, mean, c->mean, sd,
           c->sd);
    assert_true(fabs(mean - c->mean) <= tol);
    assert_true(fabs(sd - c->sd) <= 0.03 * c->sd + 1e-12);
    assert_true(fabs(sf_dist_mean(&c->d) - c->mean) < 1e-9);
}

static void test_distributions(void **state) {
    (void)state;
    static const double emp[] = {1, 2, 2, 7};
    double wk = 1.5, wl = 2.0; /* weibull shape, scale */
    double wm = wl * tgamma(1 + 1 / wk);
    double wsd = wl * sqrt(tgamma(1 + 2 / wk) - pow(tgamma(1 + 1 / wk), 2));
    double tmin = 1, tmode = 2, tmax = 6;
    double tsd = sqrt(
        (tmin * tmin + tmode * tmode + tmax * tmax - tmin * tmode - tmin * tmax - tmode * tmax) /
        18);
    double em = 3, esd = sqrt((4 + 1 + 1 + 16) / 4.0);
    const dist_case cases[] = {
        {{SF_DIST_EXP, {2.5, 0, 0}, NULL, 0}, 2.5, 2.5, 0, INFINITY},
        {{SF_DIST_LOGNORMAL, {48, 24, 0}, NULL, 0}, 48, 24, 0, INFINITY},
        {{SF_DIST_GAMMA, {84, 48, 0}, NULL, 0}, 84, 48, 0, INFINITY},
        {{SF_DIST_GAMMA, {1, 2, 0}, NULL, 0}, 1, 2, 0, INFINITY}, /* shape < 1 */
        {{SF_DIST_WEIBULL, {wk, wl, 0}, NULL, 0}, wm, wsd, 0, INFINITY},
        {{SF_DIST_UNIFORM, {0.25, 0.75, 0}, NULL, 0}, 0.5, 0.5 / sqrt(12), 0.25, 0.75},
        {{SF_DIST_TRIANGULAR, {tmin, tmode, tmax}, NULL, 0}, 3, tsd, tmin, tmax},
        {{SF_DIST_FIXED, {0.5, 0, 0}, NULL, 0}, 0.5, 0, 0.5, 0.5},
        {{SF_DIST_EMPIRICAL, {0, 0, 0}, emp, 4}, em, esd, 1, 7},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check(&cases[i], i);
}

/* The lognormal and gamma samplers against GSL's functions on a second
 * copy of the same stream: 10^6 draws each, every double equal bit for
 * bit, and the two streams in the same place after every draw. Shapes
 * below 1, near 1, moderate and large (the chain model's hospital LOS is
 * gamma(3.5d, 2d): shape 3.06), and lognormals narrow and wide. */
static void test_gsl_bit_for_bit(void **state) {
    (void)state;
    sf_expo z;
    sf_expo_init(&z);
    /* zeroed, as in the engine: the first gamma's sampler fills it */
    sf_gauss g = {0};
    sf_sampler exp_only;
    sf_sampler_init(&exp_only, &(sf_dist){SF_DIST_EXP, {1, 0, 0}, NULL, 0}, &z, &g);
    assert_int_equal(g.ready, 0); /* exponential-only models do not pay */
    static const sf_dist cases[] = {
        {SF_DIST_GAMMA, {84, 48, 0}, NULL, 0},           {SF_DIST_GAMMA, {1, 2, 0}, NULL, 0},
        {SF_DIST_GAMMA, {1, 0.3, 0}, NULL, 0},           {SF_DIST_GAMMA, {2, 2, 0}, NULL, 0},
        {SF_DIST_GAMMA, {1, 1.01, 0}, NULL, 0},          {SF_DIST_LOGNORMAL, {48, 24, 0}, NULL, 0},
        {SF_DIST_LOGNORMAL, {0.4167, 0.25, 0}, NULL, 0}, {SF_DIST_LOGNORMAL, {1, 3, 0}, NULL, 0},
    };
    enum { N = 1000000 };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        sf_sampler s;
        sf_sampler_init(&s, &cases[c], &z, &g);
        assert_true(g.ready && g.ok); /* else the fast path is off (gauss.h) */
        sf_rng r, r2;
        sf_rng_init(&r, 7, 1000 + c);
        r2 = r;
        sf_rng_gsl_view v;
        sf_rng_gsl_bind(&v, &r2);
        for (int i = 0; i < N; i++) {
            double x = sf_sampler_draw(&s, &r);
            double y = cases[c].kind == SF_DIST_GAMMA
                           ? gsl_ran_gamma(&v.g, s.a, s.b)
                           : exp(s.a + s.b * gsl_ran_gaussian_ziggurat(&v.g, 1.0));
            if (memcmp(&x, &y, sizeof x) != 0 || sf_rng_u64(&r) != sf_rng_u64(&r2)) {
                printf("  case %zu draw %d: %.17g against GSL's %.17g\n", c, i, x, y);
                fail();
            }
        }
    }
    /* the normal alone, including the tail layer and every slow path */
    sf_rng r, r2;
    sf_rng_init(&r, 8, 1);
    r2 = r;
    sf_rng_gsl_view v;
    sf_rng_gsl_bind(&v, &r2);
    for (int i = 0; i < 4 * N; i++) {
        double x = sf_gauss_draw(&g, &r), y = gsl_ran_gaussian_ziggurat(&v.g, 1.0);
        if (memcmp(&x, &y, sizeof x) != 0)
            fail_msg("normal draw %d: %.17g against GSL's %.17g", i, x, y);
    }
    assert_true(r.ctr.v[0] == r2.ctr.v[0] && r.idx == r2.idx);
}

/* The tables gauss.h reads off GSL are those of GSL's source (randist/
 * gausszig.c): ktab[1] and ktab[127] exactly, wtab[127] = 2.22600839893e-07,
 * and wtab rising with the layer. */
static void test_gauss_tables(void **state) {
    (void)state;
    sf_gauss g;
    sf_gauss_init(&g);
    assert_int_equal(g.k[0], 0); /* layer 0 is always the slow path */
    assert_int_equal(g.k[1], 12590644);
    assert_int_equal(g.k[127], 15472926);
    assert_true(fabs(g.w[127] / 2.22600839893e-07 - 1) < 1e-11);
    for (int i = 2; i < 128; i++)
        assert_true(g.w[i] > g.w[i - 1]);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_distributions),
                                       cmocka_unit_test(test_gsl_bit_for_bit),
                                       cmocka_unit_test(test_gauss_tables)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
