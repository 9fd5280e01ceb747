/* test_core.c: random streams, the exponential ziggurat, histograms,
 * durations and rates, arena and diagnostics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the headers above first */
#include <cmocka.h>

#include "core/arena.h"
#include "core/expo.h"
#include "core/hist.h"
#include "core/rng.h"
#include "model/model.h"
#include "sim/eventq.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void test_philox_known_answer(void **state) {
    (void)state;
    /* Random123's kat_vectors: philox4x64-10 with zero counter and key. */
    sf_rng r;
    sf_rng_init(&r, 0, 0);
    assert_true(sf_rng_u64(&r) == 0x16554d9eca36314cULL);
    assert_true(sf_rng_u64(&r) == 0xdb20fe9d672d0fdcULL);
    assert_true(sf_rng_u64(&r) == 0xd7e772cee186176bULL);
    assert_true(sf_rng_u64(&r) == 0x7e68b68aec7ba23bULL);
}

/* A stream is Philox's blocks at counters 0, 1, 2, ... in order, however
 * many blocks a refill computes (rng.h, SF_RNG_BUF), and sf_rng_unget
 * steps back by one output at every place in the buffer, also just after
 * a refill. */
static void test_stream_is_philox_blocks(void **state) {
    (void)state;
    sf_rng r;
    sf_rng_init_named(&r, 42, 3, SF_RNG_SERVICE, 0x1234);
    philox4x64_ctr_t c = r.ctr;
    philox4x64_key_t k = r.key;
    for (int b = 0; b < 3 * SF_RNG_BUF / 4 + 1; b++) {
        philox4x64_ctr_t out = philox4x64(c, k);
        c.v[0]++;
        for (int j = 0; j < 4; j++) {
            assert_true(sf_rng_u64(&r) == out.v[j]);
            sf_rng_unget(&r);
            assert_true(sf_rng_u64(&r) == out.v[j]);
        }
    }
}

static void test_streams_independent_and_reproducible(void **state) {
    (void)state;
    sf_rng a, b, c;
    sf_rng_init(&a, 7, sf_rng_stream_id(3, SF_RNG_SERVICE, 2));
    sf_rng_init(&b, 7, sf_rng_stream_id(3, SF_RNG_SERVICE, 2));
    sf_rng_init(&c, 7, sf_rng_stream_id(3, SF_RNG_ROUTE, 2));
    int same = 0;
    for (int i = 0; i < 1000; i++) {
        uint64_t x = sf_rng_u64(&a), y = sf_rng_u64(&b), z = sf_rng_u64(&c);
        assert_true(x == y);
        same += x == z;
    }
    assert_int_equal(same, 0);
    /* different replications and different seeds give different streams */
    assert_true(sf_rng_stream_id(1, SF_RNG_SERVICE, 0) != sf_rng_stream_id(2, SF_RNG_SERVICE, 0));
    assert_true(sf_rng_stream_id(1, SF_RNG_SERVICE, 0) != sf_rng_stream_id(1, SF_RNG_ROUTE, 0));
}

static void test_u01_open_interval(void **state) {
    (void)state;
    sf_rng r;
    sf_rng_init(&r, 1, 1);
    double sum = 0;
    for (int i = 0; i < 100000; i++) {
        double u = sf_rng_u01(&r);
        assert_true(u > 0 && u < 1);
        sum += u;
    }
    /* mean of 1e5 uniforms: sd 0.00091; 5 sd */
    assert_true(fabs(sum / 100000 - 0.5) < 0.0046);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void test_expo_ziggurat_is_exponential(void **state) {
    (void)state;
    sf_expo z;
    sf_expo_init(&z);
    sf_rng r;
    sf_rng_init(&r, 42, 9);
    enum { N = 1000000 };
    double *x = malloc(N * sizeof *x);
    assert_non_null(x);
    double sum = 0, sum2 = 0;
    long tail = 0;
    for (int i = 0; i < N; i++) {
        x[i] = sf_expo_draw(&z, &r);
        assert_true(x[i] >= 0 && isfinite(x[i]));
        sum += x[i];
        sum2 += x[i] * x[i];
        tail += x[i] > 7.697117470131487; /* the slow tail path */
    }
    double mean = sum / N, var = sum2 / N - mean * mean;
    /* mean: sd 1/sqrt(N) = 0.001; variance: sd sqrt(8/N) = 0.0028; 5 sd */
    assert_true(fabs(mean - 1) < 0.005);
    assert_true(fabs(var - 1) < 0.015);
    /* P(X > R) = e^-R = 4.54e-4: 454 expected, sd 21 */
    assert_true(labs(tail - 454) < 110);
    /* Kolmogorov-Smirnov against 1 - e^-x: D * sqrt(N) < 1.95 at 0.1 % */
    qsort(x, N, sizeof *x, cmp_double);
    double d = 0;
    for (int i = 0; i < N; i++) {
        double f = 1 - exp(-x[i]);
        double lo = f - (double)i / N, hi = (double)(i + 1) / N - f;
        d = fmax(d, fmax(lo, hi));
    }
    assert_true(d * sqrt((double)N) < 1.95);
    free(x);
}

static void test_gsl_view_draws_from_stream(void **state) {
    (void)state;
    sf_rng a, b;
    sf_rng_init(&a, 5, 5);
    sf_rng_init(&b, 5, 5);
    sf_rng_gsl_view v;
    sf_rng_gsl_bind(&v, &a);
    /* gsl_rng_uniform through the view equals our own u01 on a twin */
    for (int i = 0; i < 10; i++)
        assert_true(gsl_rng_uniform(&v.g) == sf_rng_u01(&b));
    double g = gsl_ran_gamma(&v.g, 2.0, 1.5);
    assert_true(g > 0 && isfinite(g));
}

static void test_hist_quantiles(void **state) {
    (void)state;
    sf_hist *h = calloc(1, sizeof *h);
    assert_non_null(h);
    assert_true(isnan(sf_hist_quantile(h, 0.5)));
    /* 1..1000 hours: the p-quantile is ceil(1000 p), within 0.39 % */
    for (int i = 1; i <= 1000; i++)
        sf_hist_add(h, i);
    double ps[] = {0.01, 0.25, 0.5, 0.9, 0.95, 1.0};
    for (size_t k = 0; k < sizeof ps / sizeof ps[0]; k++) {
        double want = ceil(1000 * ps[k]), got = sf_hist_quantile(h, ps[k]);
        assert_true(fabs(got - want) <= 0.0039 * want);
    }
    /* zeros (no wait) sit in bucket 0 and report as 0 */
    sf_hist_reset(h);
    for (int i = 0; i < 60; i++)
        sf_hist_add(h, 0.0);
    for (int i = 0; i < 40; i++)
        sf_hist_add(h, 2.0);
    assert_true(sf_hist_quantile(h, 0.5) == 0.0);
    assert_true(fabs(sf_hist_quantile(h, 0.9) - 2.0) <= 0.0079);
    /* out of range values are clamped, not lost */
    sf_hist_add(h, 1e9);
    sf_hist_add(h, NAN);
    assert_int_equal(h->n, 102);
    free(h);
}

static void test_durations_and_rates(void **state) {
    (void)state;
    const char *why;
    double v;
    struct {
        const char *s;
        double hours;
    } good[] = {{"15m", 0.25},  {"8h", 8},     {"2d", 48}, {"1w", 168},     {"1y", 8760},
                {"90s", 0.025}, {"1.5h", 1.5}, {"0h", 0},  {" 30 min", 0.5}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        assert_int_equal(sf_parse_duration(good[i].s, &v, &why), 0);
        assert_true(fabs(v - good[i].hours) < 1e-12);
    }
    const char *bad[] = {"", "15", "h", "-1h", "15x", "1h2", "nan h", "inf h", "1e400h", "15m x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(sf_parse_duration(bad[i], &v, &why), -1);
        assert_non_null(why);
    }
    assert_int_equal(sf_parse_rate("4.5/h", &v, &why), 0);
    assert_true(fabs(v - 4.5) < 1e-12);
    assert_int_equal(sf_parse_rate("3/y", &v, &why), 0);
    assert_true(fabs(v - 3.0 / 8760) < 1e-15);
    assert_int_equal(sf_parse_rate("120/d", &v, &why), 0);
    assert_true(fabs(v - 5) < 1e-12);
    const char *badr[] = {"4.5", "4.5/", "4.5/x", "/h", "-1/h", "4.5h"};
    for (size_t i = 0; i < sizeof badr / sizeof badr[0]; i++)
        assert_int_equal(sf_parse_rate(badr[i], &v, &why), -1);
}

static void test_arena(void **state) {
    (void)state;
    sf_arena a = {0};
    char *s = sf_arena_strdup(&a, "legevakt");
    assert_string_equal(s, "legevakt");
    double *big = sf_arena_calloc(&a, 100000, sizeof *big); /* larger than a block */
    assert_non_null(big);
    assert_true(big[99999] == 0);
    assert_null(sf_arena_calloc(&a, SIZE_MAX / 2, 4)); /* overflow refused */
    assert_null(sf_arena_alloc(&a, SIZE_MAX - 3));     /* rounding up must not wrap */
    assert_null(sf_arena_alloc(&a, SIZE_MAX));
    sf_arena_free(&a);
    assert_null(a.head);
}

static void test_diag_format(void **state) {
    (void)state;
    sf_diag d = {0};
    char buf[256];
    snprintf(d.file, sizeof d.file, "m.yaml");
    d.line = 3;
    d.column = 7;
    snprintf(d.msg, sizeof d.msg, "bad");
    sf_diag_format(&d, buf, sizeof buf);
    assert_string_equal(buf, "m.yaml:3:7: bad");
    d.column = 0;
    sf_diag_format(&d, buf, sizeof buf);
    assert_string_equal(buf, "m.yaml:3: bad");
    d.line = 0;
    sf_diag_format(&d, buf, sizeof buf);
    assert_string_equal(buf, "m.yaml: bad");
    assert_string_equal(sf_strerror(SF_ERR_MODEL), "invalid model");
}

/* The event queue pops in (time, push order): pushes and pops interleaved
 * as in a simulation, integer times so that many events tie, every pop no
 * earlier than the one before, ties in push order, every push popped once;
 * once from a fresh counter and once across its 32-bit wrap. */
typedef struct {
    double t;
    uint64_t order;
} pushed;

static void check_queue_against_reference(uint32_t seq0) {
    sf_eventq q = {0};
    q.seq = seq0;
    uint64_t lcg = 12345, order = 0, popped = 0;
    double now = 0;
    pushed last = {-1, 0};
    for (int step = 0; step < 200000; step++) {
        lcg = lcg * 6364136223846793005u + 1442695040888963407u;
        unsigned r = (unsigned)(lcg >> 33);
        if (q.n == 0 || r % 3 != 0) {
            /* integer increments 0..3: a quarter of the pushes tie */
            double t = now + (double)(r % 4);
            assert_int_equal(sf_eventq_push(&q, t, (uint32_t)(order & 0xffffffffu)), 0);
            order++;
        } else {
            sf_event e = sf_eventq_pop(&q);
            pushed p = {e.t, e.what};
            assert_true(p.t >= now);
            /* FIFO among equal times: push order increases (ids are the
             * low 32 bits of the push count, which fit here) */
            if (p.t == last.t)
                assert_true(p.order > last.order);
            now = p.t;
            last = p;
            popped++;
        }
    }
    while (q.n) {
        sf_event e = sf_eventq_pop(&q);
        assert_true(e.t >= now);
        if (e.t == last.t)
            assert_true(e.what > last.order);
        now = e.t;
        last = (pushed){e.t, e.what};
        popped++;
    }
    assert_int_equal(popped, order);
    sf_eventq_free(&q);
}

static void test_eventq_order_and_ties(void **state) {
    (void)state;
    check_queue_against_reference(0);
    /* start just before the 32-bit wrap: ties straddling it stay FIFO */
    check_queue_against_reference(UINT32_MAX - 50000);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_philox_known_answer),
        cmocka_unit_test(test_stream_is_philox_blocks),
        cmocka_unit_test(test_streams_independent_and_reproducible),
        cmocka_unit_test(test_u01_open_interval),
        cmocka_unit_test(test_expo_ziggurat_is_exponential),
        cmocka_unit_test(test_gsl_view_draws_from_stream),
        cmocka_unit_test(test_hist_quantiles),
        cmocka_unit_test(test_durations_and_rates),
        cmocka_unit_test(test_arena),
        cmocka_unit_test(test_eventq_order_and_ties),
        cmocka_unit_test(test_diag_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
