/* test_persons.c: simulated persons and return behaviour (src/sim/persons.c).
 *
 * Each person's contacts are counted from the engine's stay hook, which
 * names the person, and compared with theory:
 *   - the population's total rate is kept (Poisson count within its CI);
 *   - gamma frailty of shape k makes each person's count negative
 *     binomial: variance m + m^2 / k (10 for m = 2, k = 0.5), against 2
 *     without frailty;
 *   - age bands get their own rates (bands are ranges of person numbers);
 *   - a sample of n of N people gets the share n / N of the contacts, each
 *     person at the full per-person rate;
 *   - a booked clinic with unlimited tolerance sees each person with the
 *     same doctor every time (the listed doctor belongs to the person);
 *   - returns: a ward whose patients come back with probability p admits
 *     lambda / (1 - p) patients (geometric number of returns);
 *   - a rising frailty makes people who went home from the ward come more
 *     often afterwards; without it they come as often as the others;
 *   - results are identical for one thread or three;
 * and every invalid key against its exact diagnostic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
/* cmocka needs the headers above first */
#include <cmocka.h>

#include "sim/engine.h"
#include "sim_check.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Per person (numbers from 1 to n of population 0): contacts (stays
 * arriving from outside), and stays per unit in two halves of time. */
typedef struct counts {
    int64_t n;
    double half; /* engine hour splitting first and second half */
    long *contacts, *first_ward, *second, *ward;
    long anonymous, stays, doctor_changes;
    int *doctor; /* last doctor seen, -1: none yet */
} counts;

static void on_stay(void *user, const sf_engine_stay *s) {
    counts *c = user;
    c->stays++;
    if (s->person_pop < 0) {
        c->anonymous += s->from < 0;
        return;
    }
    assert_true(s->person >= 1 && s->person <= c->n);
    int64_t k = s->person - 1;
    if (s->from < 0) {
        c->contacts[k]++;
        if (s->arrive >= c->half)
            c->second[k]++;
    }
    if (s->to < 0 && s->end < c->half && s->unit == 1)
        c->first_ward[k]++;
    c->ward[k] += s->unit == 1;
    if (s->provider >= 0) {
        if (c->doctor[k] >= 0 && c->doctor[k] != s->provider)
            c->doctor_changes++;
        c->doctor[k] = s->provider;
    }
}

/* A rise that outgrows the simulator's envelope (twice the declared rate)
 * stops the replication with a message naming the population and the day;
 * it once went on with the rate silently held at twice the declared one.
 * A rise of 3 (x4 per admission) runs away within weeks: a person's k-th
 * contact comes at 2/y x 4^k. A rise of 0.1 over the same two years stays
 * well within it. */
static void test_frailty_rise_bound(void **state) {
    (void)state;
    static const char fmt[] = "horizon: 730d\nseed: 4\n"
                              "populations: {p: {size: 5000, persons: all, frailty-rise: %s}}\n"
                              "demand: [{from: p, rate: 2/y, to: {lv: .8, ward: .2}}]\n"
                              "units: {lv: {kind: walk-in, servers: 20, service: exp(10m)},\n"
                              "        ward: {kind: ward, beds: 100, los: exp(1d)}}\n";
    const char *rise[2] = {"0.1", "3"};
    for (int k = 0; k < 2; k++) {
        char yaml[1024];
        snprintf(yaml, sizeof yaml, fmt, rise[k]);
        sf_model *m = sim_load(yaml);
        sf_engine *e = NULL;
        assert_int_equal(sf_engine_create(m, &e), SF_OK);
        double *values = malloc((size_t)sf_engine_rows(m) * SF_M_COUNT * sizeof *values);
        assert_non_null(values);
        sf_rep_out out = {values, 0, 0, NULL, NULL};
        int rc = sf_engine_replicate(e, m->seed, 0, &out);
        printf("  frailty-rise %s: rc %d %s\n", rise[k], rc, sf_engine_why(e));
        if (k == 0) {
            assert_int_equal(rc, SF_OK);
        } else {
            assert_int_equal(rc, SF_ERR_MODEL);
            assert_non_null(strstr(sf_engine_why(e), "population 'p': frailty-rise has raised its "
                                                     "contacts past 2 times the declared rate by "
                                                     "day "));
        }
        free(values);
        sf_engine_free(e);
        sf_model_free(m);
    }
}

/* Runs replication 0 of yaml with the stay hook on n persons. */
static void run_counts(const char *yaml, int64_t n, counts *c) {
    sf_model *m = sim_load(yaml);
    memset(c, 0, sizeof *c);
    c->n = n;
    c->half = m->warmup + m->horizon / 2;
    c->contacts = calloc((size_t)n, sizeof *c->contacts);
    c->first_ward = calloc((size_t)n, sizeof *c->first_ward);
    c->second = calloc((size_t)n, sizeof *c->second);
    c->ward = calloc((size_t)n, sizeof *c->ward);
    c->doctor = malloc((size_t)n * sizeof *c->doctor);
    assert_true(c->contacts && c->first_ward && c->second && c->ward && c->doctor);
    for (int64_t k = 0; k < n; k++)
        c->doctor[k] = -1;
    sf_engine *e = NULL;
    assert_int_equal(sf_engine_create(m, &e), SF_OK);
    double *values = malloc((size_t)sf_engine_rows(m) * SF_M_COUNT * sizeof *values);
    assert_non_null(values);
    assert_int_equal(sf_engine_on_stay(e, on_stay, c), SF_OK);
    sf_rep_out out = {values, 0, 0, NULL, NULL};
    assert_int_equal(sf_engine_replicate(e, m->seed, 0, &out), SF_OK);
    free(values);
    sf_engine_free(e);
    sf_model_free(m);
}

static void counts_free(counts *c) {
    free(c->contacts);
    free(c->first_ward);
    free(c->second);
    free(c->ward);
    free(c->doctor);
}

static void mean_var(const long *x, int64_t lo, int64_t hi, double *mean, double *var) {
    double s = 0, q = 0, n = (double)(hi - lo);
    for (int64_t k = lo; k < hi; k++) {
        s += (double)x[k];
        q += (double)x[k] * (double)x[k];
    }
    *mean = s / n;
    *var = (q - s * s / n) / (n - 1);
}

static const char frail_fmt[] = "horizon: 365d\nseed: 11\n"
                                "populations: {p: {size: 20000, persons: all%s}}\n"
                                "demand: [{from: p, rate: 2/y, to: u}]\n"
                                "units: {u: {kind: walk-in, servers: 50, service: exp(10m)}}\n";

static void test_frailty(void **state) {
    (void)state;
    char yaml[1024];
    const char *extra[2] = {"", ", frailty: 0.5"};
    double want_var[2] = {2, 2 + 4 / 0.5};
    for (int f = 0; f < 2; f++) {
        snprintf(yaml, sizeof yaml, frail_fmt, extra[f]);
        counts c;
        run_counts(yaml, 20000, &c);
        double mean, var;
        mean_var(c.contacts, 0, 20000, &mean, &var);
        /* total: Poisson with mean 40000, se 200 (0.01 per person) */
        printf("  frailty %s: mean %.4f var %.3f (theory 2, %.3g)\n", extra[f], mean, var,
               want_var[f]);
        assert_int_equal(c.anonymous, 0);
        assert_true(fabs(mean - 2) <= 3.29 * sqrt(40000.0) / 20000);
        /* the sample variance of 20000 draws: within 10 % (its se is about
         * 1 % for the Poisson and 4 % for the negative binomial) */
        assert_true(fabs(var - want_var[f]) <= 0.1 * want_var[f]);
        counts_free(&c);
    }
}

static void test_age_bands(void **state) {
    (void)state;
    counts c;
    run_counts("horizon: 365d\nseed: 5\n"
               "populations: {p: {size: 10000, persons: all, ages: {young: .5, old: .5}}}\n"
               "demand: [{from: p, rate: {young: 1/y, old: 3/y}, to: u}]\n"
               "units: {u: {kind: walk-in, servers: 50, service: exp(10m)}}\n",
               10000, &c);
    double my, mo, v;
    mean_var(c.contacts, 0, 5000, &my, &v);
    mean_var(c.contacts, 5000, 10000, &mo, &v);
    printf("  young %.4f (1), old %.4f (3)\n", my, mo);
    assert_true(fabs(my - 1) <= 3.29 * sqrt(5000.0) / 5000);
    assert_true(fabs(mo - 3) <= 3.29 * sqrt(15000.0) / 5000);
    counts_free(&c);
}

static void test_sample(void **state) {
    (void)state;
    counts c;
    run_counts("horizon: 365d\nseed: 9\n"
               "populations: {p: {size: 50000, persons: 5000}}\n"
               "demand: [{from: p, rate: 2/y, to: u}]\n"
               "units: {u: {kind: walk-in, servers: 80, service: exp(10m)}}\n",
               5000, &c);
    double mean, var;
    mean_var(c.contacts, 0, 5000, &mean, &var);
    double all = (double)c.anonymous + mean * 5000;
    printf("  sample: per person %.4f (2), all contacts %.0f (100000), anonymous %ld\n", mean, all,
           c.anonymous);
    assert_true(fabs(mean - 2) <= 3.29 * sqrt(10000.0) / 5000);
    assert_true(fabs(all - 100000) <= 3.29 * sqrt(100000.0));
    counts_free(&c);
}

static void test_listed_doctor(void **state) {
    (void)state;
    /* four doctors, plenty of slots, no tolerance limit: a person always
     * waits for its own doctor, so it never changes */
    static const char fmt[] =
        "horizon: 200d\nseed: 3\n"
        "populations: {p: {size: 2000%s}}\n"
        "demand: [{from: p, rate: 4/y, to: gp}]\n"
        "units: {gp: {kind: booked-clinic, doctors: 4, lists: [500, 500, 500, 500], slot: 15m,\n"
        "             hours: weekdays 08:00-16:00, service: exp(10m)}}\n";
    char yaml[1024];
    snprintf(yaml, sizeof yaml, fmt, ", persons: all");
    counts c;
    run_counts(yaml, 2000, &c);
    long visits = 0;
    for (int k = 0; k < 2000; k++)
        visits += c.contacts[k];
    printf("  persons: %ld visits, %ld changes of doctor\n", visits, c.doctor_changes);
    assert_true(visits > 3000);
    assert_int_equal(c.doctor_changes, 0);
    counts_free(&c);
}

/* A ward whose patients come back with probability p admits a geometric
 * number of times per contact: lambda / (1 - p) admissions. */
static void test_return_count(void **state) {
    (void)state;
    sf_results *r = sim_run("horizon: 365d\nwarmup: 30d\nreplications: 20\nseed: 2\n"
                            "populations: {p: {size: 100000, persons: all}}\n"
                            "demand: [{from: p, rate: 0.1/y, to: ward}]\n"
                            "units:\n"
                            "  ward: {kind: ward, beds: 200, los: exp(2d),\n"
                            "         return: {probability: 0.4, delay: exp(5d), to: ward}}\n",
                            1);
    sim_expect(r, "ward", SF_M_ARRIVALS, 10000 / 0.6);
    sf_results_free(r);
}

/* Frailty rising by 30 % with each discharge home from the ward: people who
 * went home in the first half come more often in the second, the others
 * keep their rate (the extra grows by about 12 % a year here, inside the
 * envelope of twice the declared rate). */
static void test_frailty_rise(void **state) {
    (void)state;
    static const char fmt[] = "horizon: 730d\nseed: 4\n"
                              "populations: {p: {size: 5000, persons: all%s}}\n"
                              "demand: [{from: p, rate: 2/y, to: {lv: .8, ward: .2}}]\n"
                              "units: {lv: {kind: walk-in, servers: 20, service: exp(10m)},\n"
                              "        ward: {kind: ward, beds: 100, los: exp(1d)}}\n";
    char yaml[1024];
    double ratio[2], rest[2], nrest[2];
    const char *extra[2] = {"", ", frailty-rise: 0.3"};
    for (int f = 0; f < 2; f++) {
        snprintf(yaml, sizeof yaml, fmt, extra[f]);
        counts c;
        run_counts(yaml, 5000, &c);
        double s1 = 0, n1 = 0, s0 = 0, n0 = 0, sn = 0, nn = 0;
        for (int k = 0; k < 5000; k++) {
            if (!c.ward[k]) {
                sn += (double)c.second[k];
                nn++;
            }
            if (c.first_ward[k]) {
                s1 += (double)c.second[k];
                n1++;
            } else {
                s0 += (double)c.second[k];
                n0++;
            }
        }
        ratio[f] = (s1 / n1) / (s0 / n0);
        rest[f] = sn / nn;
        nrest[f] = nn;
        printf("  %s: second-half contacts, ward in first half %.3f, not %.3f, never %.3f "
               "(%.0f people)\n",
               f ? "rise 0.3" : "no rise", s1 / n1, s0 / n0, sn / nn, nn);
        counts_free(&c);
    }
    /* without rise, a ward stay says nothing about later; with it, those
     * people come more often. People never on the ward keep their rate:
     * given no ward contact, their contacts are the walk-in ones, Poisson
     * at 0.8 x 2 a year, 1.6 in the second year, with or without rise. */
    assert_true(fabs(ratio[0] - 1) < 0.1);
    assert_true(ratio[1] > 1.2);
    for (int f = 0; f < 2; f++)
        assert_true(fabs(rest[f] - 1.6) <= 3.29 * sqrt(1.6 / nrest[f]));
}

static void test_threads_identical(void **state) {
    (void)state;
    static const char model[] =
        "horizon: 120d\nreplications: 6\nseed: 3\n"
        "zones: {a: {travel: {u: 10m, w: 20m, gp: 5m}}, b: {travel: {u: 40m, w: 5m, gp: 30m}}}\n"
        "populations: {p: {size: 5000, zone: {a: .6, b: .4}, persons: all, frailty: 0.7,\n"
        "                  frailty-rise: 0.2, ages: {y: .7, o: .3}},\n"
        "              q: {size: 9000, zone: b, persons: 900}}\n"
        "demand: [{from: [p, q], rate: {y: 2/y, o: 5/y}, to: {u: .6, w: .2, gp: .2}}]\n"
        "units: {u: {kind: walk-in, servers: 2, service: exp(30m), next: {home: .8, w: .2},\n"
        "            return: [{class: default, probability: .1, delay: exp(3d), to: u}]},\n"
        "        w: {kind: ward, beds: 20, los: exp(2d),\n"
        "            return: {probability: .2, delay: exp(9d), within: 30d, to: {u: .5, w: .5}}},\n"
        "        gp: {kind: booked-clinic, doctors: 3, slot: 20m, hours: weekdays 08:00-15:00,\n"
        "             service: exp(15m)}}\n";
    /* q has no ages: the rate by age band is an error there; use p only.
     * (frailty-rise 0.2: at 0.5 the rate outgrows the simulator's bound
     * within the 120 days, test_frailty_rise_bound, and the run stops.) */
    char yaml[2048];
    snprintf(yaml, sizeof yaml, "%s", model);
    char *from = strstr(yaml, "[p, q]");
    memcpy(from, "p     ", 6);
    sf_results *a = sim_run(yaml, 1), *b = sim_run(yaml, 3);
    int n = sf_results_replications(a);
    for (int i = 0; i < n; i++)
        for (int m = 0; m < SF_M_COUNT; m++)
            for (int u = 0; u <= sf_results_unit_count(a); u++) {
                double x = sf_results_value(a, i, u, (sf_metric)m);
                double y = sf_results_value(b, i, u, (sf_metric)m);
                assert_true(memcmp(&x, &y, sizeof x) == 0);
            }
    sf_results_free(a);
    sf_results_free(b);
}

static const struct {
    const char *yaml, *diag;
} bad[] = {
    {"populations: {p: {size: 10, persons: 11}}",
     "t.yaml:3:38: population 'p': 'persons' must be all or a whole number from 1 to the size 10 "
     "(a sample), found '11'"},
    {"populations: {p: {size: 10, persons: some}}",
     "t.yaml:3:38: population 'p': 'persons' must be all or a whole number from 1 to the size 10 "
     "(a sample), found 'some'"},
    {"populations: {p: {size: 200000000, persons: all}}",
     "t.yaml:3:45: population 'p': 'persons' gives 200000000 people with an identity; expected at "
     "most 20000000 (simulate a sample, as in persons: 100000)"},
    {"populations: {p: {size: 10, frailty: 0.5}}",
     "t.yaml:3:38: population 'p': 'frailty' is a property of persons; add persons: all (or a "
     "sample size) to the population"},
    {"populations: {p: {size: 10, persons: all, frailty: 0}}",
     "t.yaml:3:52: population 'p': 'frailty': expected the shape of the gamma frailty, a number > "
     "0 "
     "and at most 1000 (smaller: more frequent attenders), found '0'"},
    {"populations: {p: {size: 10, persons: all, frailty-rise: -1}}",
     "t.yaml:3:57: population 'p': 'frailty-rise' must be a number from 0 to 10, found '-1'"},
    {"x: {kind: walk-in, servers: 1, service: exp(1m), return: {probability: 1, delay: "
     "exp(1d), to: u}}",
     "t.yaml:4:130: unit 'x': 'return': 'probability' must be a number from 0 to less than 1 (the "
     "share of patients going home who come back), found '1'"},
    {"x: {kind: walk-in, servers: 1, service: exp(1m), return: {probability: .1, to: u}}",
     "t.yaml:4:116: unit 'x': 'return': missing 'delay' (a return rule needs probability, delay "
     "and "
     "to, as in {probability: .1, delay: exp(10d), to: legevakt})"},
    {"x: {kind: walk-in, servers: 1, service: exp(1m), return: [{probability: .1, delay: "
     "exp(1d), to: nowhere}]}",
     "t.yaml:4:155: unit 'x': 'return' rule 1: 'to': unknown unit 'nowhere'; known units: u, x"},
    {"x: {kind: walk-in, servers: 1, service: exp(1m), return: {probability: .1, delay: "
     "exp(1d), to: u, class: acute}}",
     "t.yaml:4:164: unit 'x': 'return': 'class': unknown class 'acute'; classes: default"},
    {"x: {kind: walk-in, servers: 1, service: exp(1m), return: {probability: .1, delay: "
     "exp(1d), to: u, within: 0d}}",
     "t.yaml:4:165: unit 'x': 'return': 'within': expected a duration > 0 such as 30d, found '0d'"},
    {"x: {kind: walk-in, servers: 1, service: exp(1m), return: {probability: .1, delay: "
     "exp(1d), to: u, after: 2d}}",
     "t.yaml:4:157: unit 'x': 'return': unknown key 'after'; expected one of: probability, delay, "
     "to, within, class"},
    {"x: {kind: walk-in, servers: 1, service: exp(1m), return: []}",
     "t.yaml:4:116: unit 'x': 'return': expected a rule such as {probability: .1, delay: exp(10d), "
     "to: legevakt} or a list of them, found an empty list"},
};

static void test_bad(void **state) {
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char yaml[4096];
        int unit = strncmp(bad[i].yaml, "x: ", 3) == 0; /* a second unit, x */
        snprintf(yaml, sizeof yaml,
                 "horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\n%s\nunits: {u: {kind: walk-in, "
                 "servers: 1, service: exp(1m)}%s%s}\n",
                 unit ? "" : bad[i].yaml, unit ? ", " : "", unit ? bad[i].yaml : "");
        failures += sim_refused(i, yaml, bad[i].diag);
    }
    assert_int_equal(failures, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frailty),
        cmocka_unit_test(test_age_bands),
        cmocka_unit_test(test_sample),
        cmocka_unit_test(test_listed_doctor),
        cmocka_unit_test(test_return_count),
        cmocka_unit_test(test_frailty_rise),
        cmocka_unit_test(test_frailty_rise_bound),
        cmocka_unit_test(test_threads_identical),
        cmocka_unit_test(test_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
