/* test_model.c: the model loader. Good files are loaded and checked field
 * by field against values worked out by hand (hours, indices, normalised
 * weights); every file in data/bad/ must fail with exactly the diagnostic
 * in the table below; the buffer API must take embedded NUL bytes and the
 * library must never write to stderr. */
#include "model/hours.h"
#include "model/model.h"

#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#define GOOD SF_TEST_DATA "/good/"
#define BAD SF_TEST_DATA "/bad/"

static sf_model *load_good(const char *name) {
    char path[1024];
    snprintf(path, sizeof path, GOOD "%s", name);
    sf_model *m = (sf_model *)1;
    sf_diag d;
    memset(&d, 0, sizeof d);
    int rc = sf_model_load_file(path, &m, &d);
    if (rc) {
        char buf[1200];
        sf_diag_format(&d, buf, sizeof buf);
        fail_msg("%s: %s", name, buf);
    }
    assert_non_null(m);
    return m;
}

static int unit_index(const sf_model *m, const char *name) {
    for (int u = 0; u < m->nunits; u++)
        if (strcmp(m->units[u].name, name) == 0)
            return u;
    fail_msg("no unit %s", name);
    return -1;
}

static const sf_unit *unit(const sf_model *m, const char *name) {
    return &m->units[unit_index(m, name)];
}

static const sf_source *source(const sf_model *m, const char *name) {
    for (int s = 0; s < m->nsources; s++)
        if (strcmp(m->sources[s].name, name) == 0)
            return &m->sources[s];
    fail_msg("no source %s", name);
    return NULL;
}

static void assert_near(double got, double want, double tol) {
    if (!(fabs(got - want) <= tol))
        fail_msg("got %.17g, want %.17g (tolerance %g)", got, want, tol);
}

/* A route as (dest, prob) pairs; cum is checked to be the running sum
 * ending at exactly 1. */
static void assert_route(const sf_route *r, int n, const int *dest, const double *prob) {
    assert_int_equal(r->n, n);
    double run = 0;
    for (int i = 0; i < n; i++) {
        assert_int_equal(r->dest[i], dest[i]);
        assert_near(r->prob[i], prob[i], 1e-12);
        run += prob[i];
        assert_near(r->cum[i], run, 1e-12);
    }
    assert_true(r->cum[n - 1] == 1.0);
}

static void assert_flat(const sf_profile *p) {
    assert_true(p->flat);
    assert_true(p->wmax == 1.0);
    for (int h = 0; h < 168; h++)
        assert_true(p->w[h] == 1.0);
}

/* Raw weights to the normalised profile: mean 1 over the week. */
static void assert_profile(const sf_profile *p, const double raw[168]) {
    double sum = 0, max = 0;
    for (int h = 0; h < 168; h++) {
        sum += raw[h];
        if (raw[h] > max)
            max = raw[h];
    }
    double mean = sum / 168;
    assert_false(p->flat);
    for (int h = 0; h < 168; h++)
        if (!(fabs(p->w[h] - raw[h] / mean) <= 1e-12))
            fail_msg("hour %d (day %d %02d:00): weight %.17g, want %.17g", h, h / 24, h % 24,
                     p->w[h], raw[h] / mean);
    assert_near(p->wmax, max / mean, 1e-12);
}

/* ---- Good files ---------------------------------------------------------- */

static void test_full(void **state) {
    (void)state;
    sf_model *m = load_good("full.yaml");
    assert_string_equal(sf_model_name(m), "mmc-demo");
    assert_near(sf_model_horizon(m), 365 * 24, 0);
    assert_near(sf_model_warmup(m), 28 * 24, 0);
    assert_int_equal(sf_model_replications(m), 20);
    assert_true(sf_model_seed(m) == 1);
    assert_int_equal(sf_model_unit_count(m), 4);
    assert_string_equal(sf_model_unit_name(m, 0), "desk");
    assert_string_equal(sf_model_unit_name(m, 3), "nursing");
    assert_null(sf_model_unit_name(m, 4));
    assert_null(sf_model_unit_name(m, -1));

    assert_int_equal(m->nclasses, 2);
    assert_string_equal(m->classes[0], "default");
    assert_string_equal(m->classes[1], "red");

    assert_int_equal(m->nsources, 2);
    const sf_source *w = source(m, "walk-ins");
    assert_near(w->rate, 4.5, 0);
    assert_int_equal(w->cls, 1);
    assert_route(&w->to, 1, (int[]){0}, (double[]){1});
    const sf_source *r = source(m, "referrals");
    assert_near(r->rate, 0.5, 1e-15);
    assert_int_equal(r->cls, 0);
    assert_route(&r->to, 2, (int[]){0, 1}, (double[]){.7, .3});
    assert_flat(&r->profile);
    /* weekdays 08-16: 3 (40 h), weekend: 1 (48 h), default 0.5 (80 h). */
    double raw[168];
    for (int h = 0; h < 168; h++) {
        int day = h / 24, hour = h % 24;
        raw[h] = day >= 5 ? 1 : hour >= 8 && hour < 16 ? 3 : 0.5;
    }
    assert_profile(&w->profile, raw);
    assert_near(w->profile.wmax, 3 / (208.0 / 168), 1e-12);

    const sf_unit *desk = unit(m, "desk");
    assert_int_equal(desk->kind, SF_UNIT_WALKIN);
    assert_int_equal(desk->capacity, 5);
    assert_int_equal(desk->queue_limit, 10);
    assert_int_equal(desk->overflow, 1);
    assert_int_equal(desk->service.kind, SF_DIST_EXP);
    assert_near(desk->service.p[0], 1, 0);
    assert_route(&desk->next, 3, (int[]){SF_DEST_HOME, 1, 2}, (double[]){.75, .12, .13});
    assert_int_equal(desk->nranks, 2);
    assert_int_equal(desk->rank[0], 1);
    assert_int_equal(desk->rank[1], 0);

    const sf_unit *kad = unit(m, "kad");
    assert_int_equal(kad->kind, SF_UNIT_WARD);
    assert_int_equal(kad->capacity, 4);
    assert_int_equal(kad->queue_limit, 0);
    assert_int_equal(kad->overflow, 2);
    assert_int_equal(kad->service.kind, SF_DIST_LOGNORMAL);
    assert_near(kad->service.p[0], 48, 0);
    assert_near(kad->service.p[1], 24, 0);
    assert_route(&kad->next, 2, (int[]){SF_DEST_HOME, 3}, (double[]){.8, .2});
    assert_int_equal(kad->nranks, 1);
    assert_int_equal(kad->rank[0], 0);
    assert_int_equal(kad->rank[1], 0);

    const sf_unit *hosp = unit(m, "hospital");
    assert_int_equal(hosp->service.kind, SF_DIST_GAMMA);
    assert_near(hosp->service.p[0], 84, 0);
    assert_near(hosp->service.p[1], 48, 0);
    assert_int_equal(hosp->queue_limit, -1);
    assert_int_equal(hosp->overflow, SF_DEST_NONE);

    const sf_unit *nursing = unit(m, "nursing");
    assert_int_equal(nursing->capacity, 60);
    assert_near(nursing->service.p[0], 960, 0);
    assert_route(&nursing->next, 1, (int[]){SF_DEST_HOME}, (double[]){1});
    sf_model_free(m);
}

static void test_minimal_defaults(void **state) {
    (void)state;
    sf_model *m = load_good("minimal.yaml");
    assert_string_equal(sf_model_name(m), "minimal"); /* from the file name */
    assert_near(sf_model_horizon(m), 8, 0);
    assert_near(sf_model_warmup(m), 0, 0);
    assert_int_equal(sf_model_replications(m), 10);
    assert_true(sf_model_seed(m) == 1);
    assert_int_equal(m->nclasses, 1);
    assert_string_equal(m->classes[0], "default");
    const sf_unit *u = &m->units[0];
    assert_int_equal(u->capacity, 1);
    assert_int_equal(u->queue_limit, -1);
    assert_int_equal(u->overflow, SF_DEST_NONE);
    assert_int_equal(u->nranks, 1);
    assert_int_equal(u->rank[0], 0);
    assert_near(u->service.p[0], 0.25, 0);
    assert_route(&u->next, 1, (int[]){SF_DEST_HOME}, (double[]){1});
    assert_flat(&m->sources[0].profile);
    assert_near(m->sources[0].rate, 3, 0);
    assert_int_equal(m->sources[0].cls, 0);
    sf_model_free(m);
}

/* Each day written out hour by hour from the keys of profile_map.yaml:
 *   default: 0.5, weekdays 08-16: 3, weekend: 1, mon-fri 16-08: 2,
 *   sat 10-14: 4, 08-10 every day: 2 (later keys win). */
static const char *const map_days[7] = {
    /*        0         1         2     hour of day, one digit per hour */
    /*        012345678901234567890123 */
    "hhhhhhhh2233333322222222", /* Mon: 00-08 only default (h = 0.5) */
    "222222222233333322222222", /* Tue: Mon 16-08 continues, then as Mon */
    "222222222233333322222222", /* Wed */
    "222222222233333322222222", /* Thu */
    "222222222233333322222222", /* Fri */
    "222222222244441111111111", /* Sat: Fri 16-08 continues; 10-14: 4 */
    "111111112211111111111111", /* Sun */
};

static void test_profile_map(void **state) {
    (void)state;
    sf_model *m = load_good("profile_map.yaml");
    double raw[168];
    for (int d = 0; d < 7; d++)
        for (int h = 0; h < 24; h++) {
            char c = map_days[d][h];
            raw[d * 24 + h] = c == 'h' ? 0.5 : c - '0';
        }
    assert_profile(&source(m, "walk-ins")->profile, raw);
    assert_near(source(m, "walk-ins")->profile.wmax, 4 / (330.0 / 168), 1e-12);

    /* sun 22-02 (wraps into Monday), then fri-mon (wraps over the weekend)
     * sets those days to 0, then Wed and Thu 23:00-01:00 run into Thu and
     * Fri; no default, so everything else weighs 0. */
    for (int h = 0; h < 168; h++)
        raw[h] = 0;
    raw[2 * 24 + 23] = raw[3 * 24 + 0] = raw[3 * 24 + 23] = raw[4 * 24 + 0] = 5;
    assert_profile(&source(m, "nights")->profile, raw);
    assert_near(source(m, "nights")->profile.wmax, 42, 1e-12);
    sf_model_free(m);
}

static void test_profile_list(void **state) {
    (void)state;
    sf_model *m = load_good("profile_list.yaml");
    double raw[168];
    for (int h = 0; h < 168; h++)
        raw[h] = h % 24 < 8 ? 1 : h % 24 < 16 ? 4 : 2;
    assert_profile(&source(m, "daily")->profile, raw);
    assert_near(source(m, "daily")->profile.wmax, 4 / (56.0 / 24), 1e-12);
    for (int h = 0; h < 168; h++)
        raw[h] = h % 7;
    assert_profile(&source(m, "weekly")->profile, raw);
    assert_flat(&source(m, "flat")->profile);
    sf_model_free(m);
}

static void test_dists(void **state) {
    (void)state;
    sf_model *m = load_good("dists.yaml");
    const struct {
        const char *unit;
        sf_dist_kind kind;
        double p[3];
    } want[] = {
        {"u-exp", SF_DIST_EXP, {0.5}},
        {"u-exponential", SF_DIST_EXP, {90.0 / 3600}},
        {"u-lognormal", SF_DIST_LOGNORMAL, {48, 12}},
        {"u-gamma", SF_DIST_GAMMA, {84, 48}},
        {"u-weibull", SF_DIST_WEIBULL, {1.5, 168}},
        {"u-uniform", SF_DIST_UNIFORM, {0, 0.25}},
        {"u-triangular", SF_DIST_TRIANGULAR, {5.0 / 60, 5.0 / 60, 0.5}},
        {"u-fixed", SF_DIST_FIXED, {0}},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const sf_dist *d = &unit(m, want[i].unit)->service;
        assert_int_equal(d->kind, want[i].kind);
        for (int k = 0; k < 3; k++)
            assert_near(d->p[k], want[i].p[k], 1e-12);
    }
    const sf_dist *e = &unit(m, "u-empirical")->service;
    assert_int_equal(e->kind, SF_DIST_EMPIRICAL);
    assert_int_equal(e->nvalues, 3);
    assert_near(e->values[0], 1.0 / 6, 1e-12);
    assert_near(e->values[1], 1, 0);
    assert_near(e->values[2], 0.5, 0);
    e = &unit(m, "u-empirical-map")->service;
    assert_int_equal(e->kind, SF_DIST_EMPIRICAL);
    assert_int_equal(e->nvalues, 4);
    const double v[] = {24, 48, 36, 168};
    for (int i = 0; i < 4; i++)
        assert_near(e->values[i], v[i], 0);
    sf_model_free(m);
}

static void test_triage(void **state) {
    (void)state;
    sf_model *m = load_good("triage.yaml");
    /* Classes in order of first appearance among the sources. */
    assert_int_equal(m->nclasses, 4);
    const char *names[] = {"default", "red", "green", "yellow"};
    for (int c = 0; c < 4; c++)
        assert_string_equal(m->classes[c], names[c]);
    assert_int_equal(source(m, "more-reds")->cls, 1);
    assert_int_equal(source(m, "others")->cls, 0);
    /* desk: triage [red, yellow]; default and green rank after them. */
    const sf_unit *desk = unit(m, "desk");
    assert_int_equal(desk->nranks, 3);
    const int desk_rank[] = {2, 0, 2, 1};
    for (int c = 0; c < 4; c++)
        assert_int_equal(desk->rank[c], desk_rank[c]);
    /* ward: every class listed. */
    const sf_unit *ward = unit(m, "ward");
    assert_int_equal(ward->nranks, 4);
    const int ward_rank[] = {1, 3, 0, 2};
    for (int c = 0; c < 4; c++)
        assert_int_equal(ward->rank[c], ward_rank[c]);
    const sf_unit *plain = unit(m, "plain");
    assert_int_equal(plain->nranks, 1);
    for (int c = 0; c < 4; c++)
        assert_int_equal(plain->rank[c], 0);
    sf_model_free(m);
}

static void test_overflow(void **state) {
    (void)state;
    sf_model *m = load_good("overflow.yaml");
    const sf_unit *u = unit(m, "limited");
    assert_int_equal(u->queue_limit, 3);
    assert_int_equal(u->overflow, SF_DEST_REJECT);
    assert_route(&u->next, 1, (int[]){1}, (double[]){1});
    u = unit(m, "reject-only");
    assert_int_equal(u->queue_limit, 0);
    assert_int_equal(u->overflow, SF_DEST_REJECT);
    u = unit(m, "spill");
    assert_int_equal(u->queue_limit, 0);
    assert_int_equal(u->overflow, unit_index(m, "spill-2"));
    u = unit(m, "spill-2");
    assert_int_equal(u->queue_limit, 5);
    assert_int_equal(u->overflow, unit_index(m, "reject-only"));
    sf_model_free(m);
}

static void test_json_and_limits(void **state) {
    (void)state;
    sf_model *m = load_good("json.yaml");
    assert_string_equal(sf_model_name(m), "from-json");
    assert_int_equal(sf_model_replications(m), 100000);
    assert_true(sf_model_seed(m) == UINT64_MAX);
    assert_near(sf_model_horizon(m), 336, 0);
    assert_near(sf_model_warmup(m), 24, 0);
    assert_int_equal(unit(m, "x")->capacity, 1000000);
    assert_route(&m->sources[0].to, 2, (int[]){0, 1}, (double[]){.25, .75});
    /* Given as 0.3333333 + 0.6666667: normalised, cum ends at exactly 1. */
    assert_route(&unit(m, "y")->next, 2, (int[]){SF_DEST_HOME, 0},
                 (double[]){0.3333333, 0.6666667});
    sf_model_free(m);
}

/* ---- Bad files ------------------------------------------------------------ */

static const struct bad {
    const char *file;
    int code;
    const char *diag;
} bad_files[] = {
    {"flow_comma.yaml", SF_ERR_MODEL,
     "flow_comma.yaml:5:49: unit 'kad': unknown key '1d)'; expected one of: kind, beds, los, "
     "queue-limit, triage, overflow, next, on-drop, discharge, org, care, return (inside {...}, "
     "quote a "
     "distribution "
     "that has commas: "
     "\"lognormal(2d, 1d)\")"},
    {"missing_rate.yaml", SF_ERR_MODEL,
     "missing_rate.yaml:3:3: source 'walk-ins': missing 'rate' (the mean arrival rate, as in "
     "4.5/h)"},
    {"empirical_bad_value.yaml", SF_ERR_MODEL,
     "empirical_bad_value.yaml:8:31: unit 'kad': 'los': empirical value 3: expected a duration "
     "such as 15m, 8h, 2d or 1w (a non-negative number and a unit), found '-3d'"},
    {"overflow_list.yaml", SF_ERR_MODEL,
     "overflow_list.yaml:9:15: unit 'desk': 'overflow': expected a unit name or reject, found a "
     "list"},
    {"warmup_bad.yaml", SF_ERR_MODEL,
     "warmup_bad.yaml:2:9: 'warmup': expected a duration such as 15m, 8h, 2d or 1w (a non-negative "
     "number and a unit), found '-2d'"},
    {"alias.yaml", SF_ERR_MODEL,
     "alias.yaml:11:11: YAML aliases (*d) are not supported; write the value out in full"},
    {"bad_dist.yaml", SF_ERR_MODEL,
     "bad_dist.yaml:10:14: unit 'desk': 'service': expected a distribution such as exp(25m), "
     "lognormal(25m, 15m), gamma(3d, 2d), weibull(1.5, 2d), uniform(5m, 15m), triangular(5m, 10m, "
     "30m), fixed(20m) or empirical(10m, 20m, 45m), found 'poisson(20m)'"},
    {"bad_duration.yaml", SF_ERR_MODEL,
     "bad_duration.yaml:1:10: 'horizon': expected a time unit after the number: s, m, h, d, w or y "
     "(as in 15m or 2d), found '30'"},
    {"bad_kind.yaml", SF_ERR_MODEL,
     "bad_kind.yaml:8:11: unit 'desk': 'kind' must be walk-in, ward, booked-clinic or response, "
     "found "
     "'clinic'"},
    {"bad_rate.yaml", SF_ERR_MODEL,
     "bad_rate.yaml:4:11: source 'walk-ins': 'rate': expected '/' and a time unit after the "
     "number: /h, /d, /w or /y (as in 4.5/h), found '4.5'"},
    {"beds_on_walkin.yaml", SF_ERR_MODEL,
     "beds_on_walkin.yaml:9:5: unit 'desk': 'beds' is for ward units; a walk-in unit uses "
     "'servers'"},
    {"comments_only.yaml", SF_ERR_MODEL,
     "comments_only.yaml: the file is empty; expected a model (a mapping with horizon, arrivals "
     "and units)"},
    {"complex_key.yaml", SF_ERR_MODEL,
     "complex_key.yaml:2:3: a mapping key must be a plain name, found a list"},
    {"deep_nesting.yaml", SF_ERR_MODEL,
     "deep_nesting.yaml:2:39: nested more than 32 levels deep; a model needs far fewer"},
    {"dist_arg_count.yaml", SF_ERR_MODEL,
     "dist_arg_count.yaml:10:17: unit 'desk': 'service': exp takes 1 argument, found 2: expected "
     "exp(MEAN), as in exp(25m)"},
    {"dist_no_unit.yaml", SF_ERR_MODEL,
     "dist_no_unit.yaml:10:18: unit 'desk': 'service': exp mean: expected a time unit after the "
     "number: s, m, h, d, w or y (as in 15m or 2d), found '20'"},
    {"duplicate_key.yaml", SF_ERR_MODEL,
     "duplicate_key.yaml:11:3: duplicate key 'desk' (first given at line 7)"},
    {"empirical_empty.yaml", SF_ERR_MODEL,
     "empirical_empty.yaml:10:26: unit 'desk': 'service': empirical needs a list of durations such "
     "as [10m, 20m, 45m], found an empty list"},
    {"empty.yaml", SF_ERR_MODEL,
     "empty.yaml: the file is empty; expected a model (a mapping with horizon, arrivals and "
     "units)"},
    {"empty_arrivals.yaml", SF_ERR_MODEL,
     "empty_arrivals.yaml:2:11: 'arrivals' must be a mapping of sources such as {walk-ins: {rate: "
     "4.5/h, to: desk}}, found an empty mapping"},
    {"fractional_servers.yaml", SF_ERR_MODEL,
     "fractional_servers.yaml:9:14: unit 'desk': 'servers' must be a whole number from 1 to "
     "1000000, found '2.5'"},
    {"horizon_zero.yaml", SF_ERR_MODEL,
     "horizon_zero.yaml:1:10: 'horizon' must be > 0, found '0d'"},
    {"huge_servers.yaml", SF_ERR_MODEL,
     "huge_servers.yaml:9:14: unit 'desk': 'servers' must be a whole number from 1 to 1000000, "
     "found '99999999999999999999999'"},
    {"lognormal_sd.yaml", SF_ERR_MODEL,
     "lognormal_sd.yaml:10:24: unit 'desk': 'los': lognormal sd must be > 0, found sd '0d'"},
    {"missing_horizon.yaml", SF_ERR_MODEL,
     "missing_horizon.yaml:1:1: missing 'horizon' (the observed duration after warm-up, as in "
     "horizon: 365d)"},
    {"missing_kind.yaml", SF_ERR_MODEL,
     "missing_kind.yaml:7:3: unit 'desk': missing 'kind' (walk-in, ward, booked-clinic or "
     "response)"},
    {"missing_servers.yaml", SF_ERR_MODEL,
     "missing_servers.yaml:7:3: unit 'desk': missing 'servers' (a walk-in unit needs kind, servers "
     "and service)"},
    {"multiple_docs.yaml", SF_ERR_MODEL,
     "multiple_docs.yaml:11:1: a second YAML document starts here; a model file holds one "
     "document"},
    {"negative_servers.yaml", SF_ERR_MODEL,
     "negative_servers.yaml:9:14: unit 'desk': 'servers' must be a whole number from 1 to 1000000, "
     "found '-2'"},
    {"no_exit.yaml", SF_ERR_MODEL,
     "no_exit.yaml:11:11: unit 'desk': 'next' never leads home: patients would move between units "
     "for ever; give some path a probability of going home"},
    {"not_utf8.yaml", SF_ERR_SYNTAX,
     "not_utf8.yaml:2:10: invalid UTF-8 (byte 0xe9); expected UTF-8 text"},
    {"nul_byte.yaml", SF_ERR_SYNTAX,
     "nul_byte.yaml:2:8: the file contains a NUL byte; expected UTF-8 text"},
    {"overflow_cycle.yaml", SF_ERR_MODEL,
     "overflow_cycle.yaml:16:15: unit 'kad': overflow cycle kad -> hospital -> kad; a chain of "
     "overflows must end at a unit without overflow or at reject"},
    {"prob_range.yaml", SF_ERR_MODEL,
     "prob_range.yaml:11:18: unit 'desk': 'next': the probability of 'home' must be a number from "
     "0 to 1, found '1.5'"},
    {"prob_sum.yaml", SF_ERR_MODEL,
     "prob_sum.yaml:11:11: unit 'desk': 'next': probabilities must sum to 1, found a sum of 0.95"},
    {"profile_bad_day.yaml", SF_ERR_MODEL,
     "profile_bad_day.yaml:6:15: source 'walk-ins': 'profile': 'wekdays 08:00-16:00': expected "
     "days (weekdays, weekend, daily, mon..sun, a range such as mon-fri, or a list such as "
     "sat,sun) and/or a time range HH:MM-HH:MM, found 'wekdays'"},
    {"profile_half_hour.yaml", SF_ERR_MODEL,
     "profile_half_hour.yaml:8:16: source 'walk-ins': 'profile': 'weekdays 08:30-16:00': expected "
     "a whole hour such as 08:00 (hours are the finest resolution), found '08:30'"},
    {"profile_length.yaml", SF_ERR_MODEL,
     "profile_length.yaml:6:14: source 'walk-ins': 'profile': a profile list needs 24 weights "
     "(hour of day) or 168 (hour of week, from Monday 00:00), found 3"},
    {"profile_nan.yaml", SF_ERR_MODEL,
     "profile_nan.yaml:6:25: source 'walk-ins': 'profile': the weight of 'weekdays' must be a "
     "number >= 0, found '.nan'"},
    {"profile_zero.yaml", SF_ERR_MODEL,
     "profile_zero.yaml:6:14: source 'walk-ins': 'profile': every weight is 0; at least one hour "
     "needs a weight > 0"},
    {"queue_limit_negative.yaml", SF_ERR_MODEL,
     "queue_limit_negative.yaml:11:18: unit 'desk': 'queue-limit' must be a whole number >= 0, "
     "found '-1'"},
    {"replications_zero.yaml", SF_ERR_MODEL,
     "replications_zero.yaml:2:15: 'replications' must be a whole number from 1 to 100000, found "
     "'0'"},
    {"reserved_name.yaml", SF_ERR_MODEL,
     "reserved_name.yaml:7:3: unit name 'home' is reserved (it means leaving the network); choose "
     "another name"},
    {"scalar_root.yaml", SF_ERR_MODEL,
     "scalar_root.yaml:1:1: expected a model: a mapping with horizon, arrivals and units, found "
     "'just some text'"},
    {"seed_negative.yaml", SF_ERR_MODEL,
     "seed_negative.yaml:2:7: 'seed' must be a whole number from 0 to 18446744073709551615, found "
     "'-1'"},
    {"service_on_ward.yaml", SF_ERR_MODEL,
     "service_on_ward.yaml:10:5: unit 'desk': 'service' is for walk-in units; a ward unit uses "
     "'los'"},
    {"syntax.yaml", SF_ERR_SYNTAX,
     "syntax.yaml:3:1: YAML syntax error: wrongly indented flow mapping"},
    {"tag.yaml", SF_ERR_MODEL,
     "tag.yaml:1:10: YAML tags such as '!!str' are not supported; write the plain value"},
    {"triage_duplicate.yaml", SF_ERR_MODEL,
     "triage_duplicate.yaml:12:28: unit 'desk': class 'red' is listed twice in triage"},
    {"triage_unknown_class.yaml", SF_ERR_MODEL,
     "triage_unknown_class.yaml:16:19: unit 'desk': triage names class 'yelow', which no source "
     "uses; classes: default, red, green"},
    {"triangular_order.yaml", SF_ERR_MODEL,
     "triangular_order.yaml:10:29: unit 'desk': 'service': triangular needs min <= mode <= max, "
     "found min '5m', mode '40m', max '30m'"},
    {"uniform_order.yaml", SF_ERR_MODEL,
     "uniform_order.yaml:10:27: unit 'desk': 'service': uniform needs low < high, found low '15m', "
     "high '5m'"},
    {"unknown_key.yaml", SF_ERR_MODEL,
     "unknown_key.yaml:1:1: unknown top-level key 'horizn'; did you mean 'horizon'? expected one "
     "of: name, horizon, "
     "warmup, replications, seed, calendar, zones, populations, demand, arrivals, units, "
     "scenarios, weights, decisions, cost, objective"},
    {"unknown_source_key.yaml", SF_ERR_MODEL,
     "unknown_source_key.yaml:6:5: source 'walk-ins': unknown key 'priority'; expected one of: "
     "rate, to, class, profile"},
    {"unknown_unit_key.yaml", SF_ERR_MODEL,
     "unknown_unit_key.yaml:11:5: unit 'desk': unknown key 'capacity'; expected one of: kind, "
     "servers, service, queue-limit, triage, overflow, next, on-drop, org, care, return"},
    {"unknown_unit_next.yaml", SF_ERR_MODEL,
     "unknown_unit_next.yaml:11:22: unit 'desk': 'next': unknown unit 'kadd'; known units: desk, "
     "kad (or home)"},
    {"unknown_unit_overflow.yaml", SF_ERR_MODEL,
     "unknown_unit_overflow.yaml:11:15: unit 'desk': 'overflow': unknown unit 'kad'; known units: "
     "desk"},
    {"unknown_unit_to.yaml", SF_ERR_MODEL,
     "unknown_unit_to.yaml:5:9: source 'walk-ins': 'to': unknown unit 'front-desk'; known units: "
     "desk"},
    {"weibull_shape.yaml", SF_ERR_MODEL,
     "weibull_shape.yaml:10:18: unit 'desk': 'los': weibull shape must be a plain number such as "
     "1.5, found '1.5d'"},
    {"wrong_type.yaml", SF_ERR_MODEL,
     "wrong_type.yaml:7:3: 'units' must be a mapping of units such as {desk: {kind: walk-in, "
     "servers: 2, service: exp(20m)}}, found a list"},
    {"zero_rate.yaml", SF_ERR_MODEL,
     "zero_rate.yaml:4:11: source 'walk-ins': 'rate' must be > 0, found '0/h'"},
};

static void test_bad_files(void **state) {
    (void)state;
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    /* Load by relative name so the expected diagnostics carry no path. */
    assert_int_equal(chdir(BAD), 0);
    int failures = 0;
    for (size_t i = 0; i < sizeof bad_files / sizeof bad_files[0]; i++) {
        sf_model *m = (sf_model *)1;
        sf_diag d;
        memset(&d, 0, sizeof d);
        int rc = sf_model_load_file(bad_files[i].file, &m, &d);
        char got[1200];
        sf_diag_format(&d, got, sizeof got);
        if (rc != bad_files[i].code || strcmp(got, bad_files[i].diag) != 0 || m != NULL) {
            print_error("%s: rc %d (want %d)\n  got:  %s\n  want: %s\n", bad_files[i].file, rc,
                        bad_files[i].code, got, bad_files[i].diag);
            failures++;
        }
        /* Every diagnostic of a file-level problem still has a position,
         * except for an empty file. */
        if (bad_files[i].code == SF_ERR_MODEL && strncmp(bad_files[i].file, "empty", 5) &&
            strncmp(bad_files[i].file, "comments", 8))
            assert_true(d.line > 0 && d.column > 0);
    }
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(failures, 0);
}

/* Every file in data/bad must have its row, so none is silently skipped. */
static void test_bad_files_all_listed(void **state) {
    (void)state;
    DIR *dir = opendir(BAD);
    assert_non_null(dir);
    struct dirent *e;
    int files = 0;
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.')
            continue;
        files++;
        int found = 0;
        for (size_t i = 0; i < sizeof bad_files / sizeof bad_files[0]; i++)
            found |= strcmp(bad_files[i].file, e->d_name) == 0;
        if (!found)
            fail_msg("%s has no row in bad_files", e->d_name);
    }
    closedir(dir);
    assert_int_equal(files, (int)(sizeof bad_files / sizeof bad_files[0]));
    assert_true(files >= 30);
}

/* ---- Buffers, I/O, stderr ------------------------------------------------- */

static int load_buf_named(const char *name, const char *data, size_t len, char *msg, size_t size) {
    sf_model *m = (sf_model *)1;
    sf_diag d;
    memset(&d, 0, sizeof d);
    int rc = sf_model_load_buffer(name, data, len, &m, &d);
    if (rc) {
        assert_null(m);
        sf_diag_format(&d, msg, size);
    } else {
        assert_non_null(m);
        snprintf(msg, size, "ok %s", sf_model_name(m));
        sf_model_free(m);
    }
    return rc;
}

static int load_buf(const char *data, size_t len, char *msg, size_t size) {
    return load_buf_named("buf.yaml", data, len, msg, size);
}

/* Smaller cases, one rule each, written inline: the exact diagnostic (or
 * "ok NAME") for each document. */
static const struct {
    const char *yaml;
    int code;
    const char *diag;
} cases[] = {
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "exp(1h), org: [a]}\n",
     SF_ERR_MODEL,
     "t.yaml:4:47: unit 'u': 'org' name must be 1 to 100 characters without control characters, "
     "found a list"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "exp(1h), org: \"\"}\n",
     SF_ERR_MODEL,
     "t.yaml:4:48: unit 'u': 'org' name must be 1 to 100 characters without control characters, "
     "found ''"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: walk-in, servers: 1, "
     "service: exp(0m)}\n",
     SF_ERR_MODEL, "t.yaml:4:47: unit 'u': 'service': exp mean must be > 0, found mean '0m'"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "\"gamma(0h, 1h)\"}\n",
     SF_ERR_MODEL, "t.yaml:4:40: unit 'u': 'los': gamma mean must be > 0, found mean '0h'"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "\"gamma(1h, 0h)\"}\n",
     SF_ERR_MODEL, "t.yaml:4:44: unit 'u': 'los': gamma sd must be > 0, found sd '0h'"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "\"weibull(0, 1h)\"}\n",
     SF_ERR_MODEL, "t.yaml:4:42: unit 'u': 'los': weibull shape must be > 0, found shape '0'"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "\"weibull(2, 0h)\"}\n",
     SF_ERR_MODEL, "t.yaml:4:45: unit 'u': 'los': weibull scale must be > 0, found scale '0h'"},
    /* Arguments that pass one by one but leave the sampler's derived
     * parameters infinite or zero (every draw NaN), or absurdly long. */
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "\"gamma(1d, 1e-300d)\"}\n",
     SF_ERR_MODEL,
     "t.yaml:4:44: unit 'u': 'los': gamma needs a shape mean^2/sd^2 and a scale sd^2/mean that "
     "are finite numbers > 0 (mean and sd within a factor of about 1e150 of each other); they are "
     "inf and 0, found mean '1d', sd '1e-300d'"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "\"gamma(1e-200h, 1h)\"}\n",
     SF_ERR_MODEL,
     "t.yaml:4:49: unit 'u': 'los': gamma needs a shape mean^2/sd^2 and a scale sd^2/mean that "
     "are finite numbers > 0 (mean and sd within a factor of about 1e150 of each other); they are "
     "0 and 1e+200, found mean '1e-200h', sd '1h'"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "\"lognormal(1d, 1e-300d)\"}\n",
     SF_ERR_MODEL,
     "t.yaml:4:48: unit 'u': 'los': lognormal needs mu = ln(mean) - sigma^2/2 finite and sigma = "
     "sqrt(ln(1 + sd^2/mean^2)) finite and > 0 (mean and sd within a factor of about 1e150 of each "
     "other); they are 3.17805 and 0, found mean '1d', sd '1e-300d'"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "\"lognormal(1e-300h, 1h)\"}\n",
     SF_ERR_MODEL,
     "t.yaml:4:53: unit 'u': 'los': lognormal needs mu = ln(mean) - sigma^2/2 finite and sigma = "
     "sqrt(ln(1 + sd^2/mean^2)) finite and > 0 (mean and sd within a factor of about 1e150 of each "
     "other); they are -inf and inf, found mean '1e-300h', sd '1h'"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "\"weibull(0.001, 1d)\"}\n",
     SF_ERR_MODEL,
     "t.yaml:4:49: unit 'u': 'los': weibull needs a mean scale * Gamma(1 + 1/shape) of at most "
     "100000 years (100000y); it is inf hours (a shape this small gives absurdly long stays), "
     "found "
     "shape '0.001', scale '1d'"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "\"exp(1e300d)\"}\n",
     SF_ERR_MODEL,
     "t.yaml:4:38: unit 'u': 'los': exp mean: expected a duration of at most 100000 years "
     "(100000y), found '1e300d'"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "\"uniform(0h, 1e99y)\"}\n",
     SF_ERR_MODEL,
     "t.yaml:4:46: unit 'u': 'los': uniform high: expected a duration of at most 100000 years "
     "(100000y), found '1e99y'"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "\"gamma(1d, 1e-100d)\"}\n",
     SF_OK, "ok t"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "\"weibull(1e300, 100000y)\"}\n",
     SF_OK, "ok t"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "{empirical: [1h, 1e9y]}}\n",
     SF_ERR_MODEL,
     "t.yaml:4:50: unit 'u': 'los': empirical value 2: expected a duration of at most 100000 "
     "years (100000y), found '1e9y'"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "\"triangular(1h, 1h, 1h)\"}\n",
     SF_ERR_MODEL,
     "t.yaml:4:53: unit 'u': 'los': triangular needs min < max, found min '1h', mode '1h', max "
     "'1h'"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "exp(1h}\n",
     SF_ERR_MODEL, "t.yaml:4:36: unit 'u': 'los': missing ')': expected exp(MEAN), as in exp(25m)"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "exp(1h) x}\n",
     SF_ERR_MODEL,
     "t.yaml:4:41: unit 'u': 'los': unexpected text after ')': expected exp(MEAN), as in exp(25m)"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "exp()}\n",
     SF_ERR_MODEL,
     "t.yaml:4:36: unit 'u': 'los': exp takes 1 argument, found 0: expected exp(MEAN), as in "
     "exp(25m)"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "empirical()}\n",
     SF_ERR_MODEL,
     "t.yaml:4:42: unit 'u': 'los': empirical needs at least one value: expected empirical(V1, V2, "
     "...), as in empirical(10m, 45m)"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "\"lognormal(2d, )\"}\n",
     SF_ERR_MODEL,
     "t.yaml:4:48: unit 'u': 'los': lognormal sd is missing: expected lognormal(MEAN, SD), as in "
     "lognormal(2d, 1d)"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "{gamma: [1h, 2h]}}\n",
     SF_ERR_MODEL,
     "t.yaml:4:34: unit 'u': 'los': the mapping form of a distribution is {empirical: [10m, 20m, "
     "45m]}; otherwise expected a distribution such as exp(25m), lognormal(25m, 15m), gamma(3d, "
     "2d), weibull(1.5, 2d), uniform(5m, 15m), triangular(5m, 10m, 30m), fixed(20m) or "
     "empirical(10m, 20m, 45m)"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "{empirical: 5h}}\n",
     SF_ERR_MODEL,
     "t.yaml:4:45: unit 'u': 'los': empirical needs a list of durations such as [10m, 20m, 45m], "
     "found '5h'"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "exp("
     "111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111"
     "1111111111111111111111111111111111111h)}\n",
     SF_ERR_MODEL,
     "t.yaml:4:37: unit 'u': 'los': exp mean: expected a duration such as 15m, found "
     "'111111111111111111111111111111111111111111111111111111111111...'"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "[1h]}\n",
     SF_ERR_MODEL,
     "t.yaml:4:33: unit 'u': 'los': expected a distribution such as exp(25m), lognormal(25m, 15m), "
     "gamma(3d, 2d), weibull(1.5, 2d), uniform(5m, 15m), triangular(5m, 10m, 30m), fixed(20m) or "
     "empirical(10m, 20m, 45m), found a list"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "\"exp(1h)\\0\"}\n",
     SF_ERR_MODEL,
     "t.yaml:4:34: unit 'u': 'los': expected a distribution such as exp(25m), lognormal(25m, 15m), "
     "gamma(3d, 2d), weibull(1.5, 2d), uniform(5m, 15m), triangular(5m, 10m, 30m), fixed(20m) or "
     "empirical(10m, 20m, 45m), found 'exp(1h)?'"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "exp(1h), next: }\n",
     SF_ERR_MODEL,
     "t.yaml:4:42: unit 'u': 'next': expected a unit name or a routing map such as {home: .7, "
     "other: .3}, found nothing"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "exp(1h), next: [home]}\n",
     SF_ERR_MODEL,
     "t.yaml:4:48: unit 'u': 'next': expected a unit name or a routing map such as {home: .7, "
     "other: .3}, found a list"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "exp(1h), triage: red}\n",
     SF_ERR_MODEL,
     "t.yaml:4:50: unit 'u': 'triage' must be a list of classes, first served first, such as [red, "
     "yellow, green], found 'red'"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1, los: "
     "exp(1h), triage: []}\n",
     SF_ERR_MODEL,
     "t.yaml:4:50: unit 'u': 'triage' must be a list of classes, first served first, such as [red, "
     "yellow, green], found an empty list"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, beds: 1}\n",
     SF_ERR_MODEL, "t.yaml:4:3: unit 'u': missing 'los' (a ward unit needs kind, beds and los)"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: [kind, ward]\n", SF_ERR_MODEL,
     "t.yaml:4:6: unit 'u': expected a mapping with kind and its settings, found a list"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: walk-in, servers: 1, "
     "service: exp(1h), queue-limit: 9223372036854775808}\n",
     SF_ERR_MODEL,
     "t.yaml:4:65: unit 'u': 'queue-limit' must be a whole number >= 0, found "
     "'9223372036854775808'"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: walk-in, servers: 1, "
     "service: exp(1h), overflow: u}\n",
     SF_ERR_MODEL,
     "t.yaml:4:62: unit 'u': overflow cycle u -> u; a chain of overflows must end at a unit "
     "without overflow or at reject"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: walk-in, servers: 1, "
     "service: exp(1h), next: {home: 0.5, u: 0.5e0}}\n",
     SF_OK, "ok t"},
    {"horizon: 30d\narrivals: {a: 5}\nunits: {u: {kind: ward, beds: 1, los: exp(1h)}}\n",
     SF_ERR_MODEL, "t.yaml:2:15: source 'a': expected a mapping with rate and to, found '5'"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h}}\nunits: {u: {kind: ward, beds: 1, los: exp(1h)}}\n",
     SF_ERR_MODEL,
     "t.yaml:2:12: source 'a': missing 'to' (the unit patients arrive at, or a routing map)"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: }}\nunits: {u: {kind: ward, beds: 1, los: "
     "exp(1h)}}\n",
     SF_ERR_MODEL,
     "t.yaml:2:27: source 'a': 'to': expected a unit name or a routing map such as {desk: .7, "
     "other: .3}, found nothing"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u, profile: flat}}\nunits: {u: {kind: ward, "
     "beds: 1, los: exp(1h)}}\n",
     SF_ERR_MODEL,
     "t.yaml:2:43: source 'a': 'profile': expected a list of 24 or 168 weights, or a mapping such "
     "as {weekdays 08:00-16:00: 3, default: 1}, found 'flat'"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u, profile: {}}}\nunits: {u: {kind: ward, beds: "
     "1, los: exp(1h)}}\n",
     SF_ERR_MODEL,
     "t.yaml:2:43: source 'a': 'profile': expected a list of 24 or 168 weights, or a mapping such "
     "as {weekdays 08:00-16:00: 3, default: 1}, found a mapping"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u, profile: {mon: x}}}\nunits: {u: {kind: ward, "
     "beds: 1, los: exp(1h)}}\n",
     SF_ERR_MODEL,
     "t.yaml:2:49: source 'a': 'profile': the weight of 'mon' must be a number >= 0, found 'x'"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u, class: \"\"}}\nunits: {u: {kind: ward, beds: "
     "1, los: exp(1h)}}\n",
     SF_ERR_MODEL,
     "t.yaml:2:42: source 'a': 'class' name must be 1 to 100 characters without control "
     "characters, found ''"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits: {}\n", SF_ERR_MODEL,
     "t.yaml:3:8: 'units' must be a mapping of units such as {desk: {kind: walk-in, servers: 2, "
     "service: exp(20m)}}, found an empty mapping"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\n", SF_ERR_MODEL,
     "t.yaml:1:1: missing 'units' (as in units: {desk: {kind: walk-in, servers: 2, service: "
     "exp(20m)}})"},
    {"horizon: 30d\nunits: {u: {kind: ward, beds: 1, los: exp(1h)}}\n", SF_ERR_MODEL,
     "t.yaml:1:1: missing 'arrivals' or 'demand' (the sources of patients, as in arrivals: "
     "{walk-ins: {rate: 4.5/h, to: desk}})"},
    {"horizon: 1e300y\nwarmup: 1e300y\narrivals: {a: {rate: 1/h, to: u}}\nunits: {u: {kind: ward, "
     "beds: 1, los: exp(1h)}}\n",
     SF_ERR_MODEL, "t.yaml:2:9: 'warmup' plus 'horizon' must be at most 100000 years (100000y)"},
    {"horizon: 99999y\nwarmup: 1y\narrivals: {a: {rate: 1/h, to: u}}\nunits: {u: {kind: ward, "
     "beds: 1, los: exp(1h)}}\n",
     SF_OK, "ok t"},
    {"horizon: 99999y\nwarmup: 2y\narrivals: {a: {rate: 1/h, to: u}}\nunits: {u: {kind: ward, "
     "beds: 1, los: exp(1h)}}\n",
     SF_ERR_MODEL, "t.yaml:2:9: 'warmup' plus 'horizon' must be at most 100000 years (100000y)"},
    {"horizon: 1000y\narrivals: {a: {rate: 1e12/h, to: u}}\nunits: {u: {kind: ward, "
     "beds: 1, los: exp(1h)}}\n",
     SF_ERR_MODEL,
     "t.yaml:2:22: source 'a': 'rate': '1e12/h' over warm-up plus horizon is 8.76e+18 patients per "
     "replication; expected at most 1e+09"},
    {"horizon: 100y\narrivals: {a: {rate: 1000/h, to: u}}\nunits: {u: {kind: ward, "
     "beds: 1, los: exp(1h)}}\n",
     SF_OK, "ok t"},
    {"horizon: 100001y\narrivals: {a: {rate: 1/h, to: u}}\nunits: {u: {kind: ward, "
     "beds: 1, los: exp(1h)}}\n",
     SF_ERR_MODEL, "t.yaml:1:10: 'warmup' plus 'horizon' must be at most 100000 years (100000y)"},
    {"horizon: 30d\nname: "
     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
     "xxxxxxxx\n",
     SF_ERR_MODEL,
     "t.yaml:2:7: the model's name must be 1 to 100 characters without control characters, found "
     "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'"},
    {"horizon: 30d\nseed: 18446744073709551616\n", SF_ERR_MODEL,
     "t.yaml:2:7: 'seed' must be a whole number from 0 to 18446744073709551615, found "
     "'18446744073709551616'"},
    {"horizon: 30d\nreplications: 100001\n", SF_ERR_MODEL,
     "t.yaml:2:15: 'replications' must be a whole number from 1 to 100000, found '100001'"},
    {"horizon: "
     "999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999"
     "9999999\n",
     SF_ERR_MODEL,
     "t.yaml:1:10: 'horizon': expected a time unit after the number: s, m, h, d, w or y (as in 15m "
     "or 2d), found '999999999999999999999999999999999999999999999999999999999999...'"},
    {"horizon: 30d\nname: [a]\n", SF_ERR_MODEL,
     "t.yaml:2:7: the model's name must be 1 to 100 characters without control characters, found a "
     "list"},
    {"a: 1\nb: 2\na: 3\nb: 4\n", SF_ERR_MODEL,
     "t.yaml:3:1: duplicate key 'a' (first given at line 1)"},
    {"{a: 1, a: 2}\n", SF_ERR_MODEL, "t.yaml:1:8: duplicate key 'a' (first given at line 1)"},
    {"!!map {a: 1}\n", SF_ERR_MODEL,
     "t.yaml:1:1: YAML tags such as '!!map' are not supported; write the plain value"},
    {"- !foo\n", SF_ERR_MODEL,
     "t.yaml:1:3: YAML tags such as '!foo' are not supported; write the plain value"},
    {"? a\n", SF_ERR_MODEL,
     "t.yaml:1:3: unknown top-level key 'a'; expected one of: name, horizon, warmup, replications, "
     "seed, calendar, zones, populations, demand, arrivals, units, scenarios, weights, decisions, "
     "cost, objective"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: sjukeheim-ø}}\nunits:\n  sjukeheim-ø: {kind: "
     "ward, beds: x, los: exp(1h)}\n",
     SF_ERR_MODEL,
     "t.yaml:4:35: unit 'sjukeheim-ø': 'beds' must be a whole number from 1 to 1000000, found 'x'"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u:\n    kind: ward\n    beds: 1\n "
     "   los: 'exp(1h'\n",
     SF_ERR_MODEL, "t.yaml:7:14: unit 'u': 'los': missing ')': expected exp(MEAN), as in exp(25m)"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u:\n    kind: ward\n    beds: 1\n "
     "   los: \"uniform(2h,\n      1h)\"\n",
     SF_ERR_MODEL,
     "t.yaml:7:11: unit 'u': 'los': uniform needs low < high, found low '2h', high '1h'"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u, profile: {\"sat 08:00-16:00 lørdag\": "
     "1}}}\nunits: {u: {kind: ward, beds: 1, los: exp(1h)}}\n",
     SF_ERR_MODEL,
     "t.yaml:2:61: source 'a': 'profile': 'sat 08:00-16:00 lørdag': expected days (weekdays, "
     "weekend, daily, mon..sun, a range such as mon-fri, or a list such as sat,sun) and/or a time "
     "range HH:MM-HH:MM, found 'lørdag'"},
    /* did you mean: the nearest key valid at that place, if close */
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, bedss: 1, los: "
     "exp(1h)}\n",
     SF_ERR_MODEL,
     "t.yaml:4:19: unit 'u': unknown key 'bedss'; did you mean 'beds'? expected one of: kind, "
     "beds, los, queue-limit, triage, overflow, next, on-drop, discharge, org, care, return"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: walk-in, Servers: 1, "
     "service: exp(1h)}\n",
     SF_ERR_MODEL,
     "t.yaml:4:22: unit 'u': unknown key 'Servers'; did you mean 'servers'? expected one of: "
     "kind, servers, service, queue-limit, triage, overflow, next, on-drop, org, care, return"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: ward, capacity: 1, "
     "los: exp(1h)}\n",
     SF_ERR_MODEL,
     "t.yaml:4:19: unit 'u': unknown key 'capacity'; expected one of: kind, beds, los, "
     "queue-limit, triage, overflow, next, on-drop, discharge, org, care, return"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits:\n  u: {kind: booked-clinic, "
     "doctrs: 1}\n",
     SF_ERR_MODEL,
     "t.yaml:4:28: unit 'u': unknown key 'doctrs' for a booked-clinic unit; did you mean "
     "'doctors'? expected one of: kind, doctors, lists, slot, hours, tolerance, overflow-after, "
     "overflow, urgent, listed-share, service, next, away, org, care"},
    {"horizon: 30d\narrivals: {a: {rate: 1/h, to: u, clas: x}}\nunits: {u: {kind: ward, beds: 1, "
     "los: exp(1h)}}\n",
     SF_ERR_MODEL,
     "t.yaml:2:34: source 'a': unknown key 'clas'; did you mean 'class'? expected one of: rate, "
     "to, class, profile"},
    {"hørizon: 30d\n", SF_ERR_MODEL,
     "t.yaml:1:1: unknown top-level key 'hørizon'; did you mean 'horizon'? expected one of: name, "
     "horizon, warmup, "
     "replications, seed, calendar, zones, populations, demand, arrivals, units, scenarios, "
     "weights, decisions, cost, objective"},
    {"name: Røros legevakt\nhorizon: 30d\narrivals: {a: {rate: 1/h, to: u}}\nunits: {u: {kind: "
     "ward, beds: 1, los: exp(1h)}}\n",
     SF_OK, "ok Røros legevakt"},
    {"\xef\xbb\xbf"
     "horizon: 30\n",
     SF_ERR_MODEL,
     "t.yaml:1:10: 'horizon': expected a time unit after the number: s, m, h, d, w or y (as in 15m "
     "or 2d), found '30'"},
    {"horizon: \"éééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé\"\n",
     SF_ERR_MODEL,
     "t.yaml:1:11: 'horizon': expected a duration such as 15m, 8h, 2d or 1w (a non-negative number "
     "and a unit), found 'éééééééééééééééééééééééééééééé...'"},
};

/* ---- warnings ------------------------------------------------------------ */

/* Loads yaml (which must be valid) and returns its warnings joined by
 * newlines as "line:col: msg" in out. */
static int warnings_of(const char *yaml, char *out, size_t size) {
    sf_model *m = NULL;
    sf_diag d = {0};
    assert_int_equal(sf_model_load_buffer("w.yaml", yaml, strlen(yaml), &m, &d), SF_OK);
    int n = sf_model_warning_count(m);
    size_t o = 0;
    out[0] = '\0';
    for (int i = 0; i < n && o < size; i++) {
        const sf_diag *w = sf_model_warning(m, i);
        assert_string_equal(w->file, "w.yaml");
        o += (size_t)snprintf(out + o, size - o, "%d:%d: %s\n", w->line, w->column, w->msg);
    }
    assert_null(sf_model_warning(m, n));
    sf_model_free(m);
    return n;
}

static const char clinic_model[] =
    "horizon: 30d\n"
    "populations: {p: {size: 1000}, q: {size: 500}}\n"
    "demand: [{from: [p, q], rate: %s, to: gp}]\n"
    "units:\n"
    "  gp: {kind: booked-clinic, doctors: 2, lists: %s, slot: 20m, hours: weekdays 08:00-09:00}\n";

static void test_warn_lists_and_slots(void **state) {
    (void)state;
    char yaml[1024], got[4096];
    /* lists 2 x 1500 for 1500 people: 200 %; 0.5 a year each is 14 a week,
     * under the 2 x 15 slots */
    snprintf(yaml, sizeof yaml, clinic_model, "0.5/y", "1500");
    assert_int_equal(warnings_of(yaml, got, sizeof got), 1);
    assert_string_equal(got, "5:48: unit 'gp': 'lists' add up to 3000 patients, 200 % of the "
                             "1500 people of 'p', 'q' who are listed there; lists far from the "
                             "population (outside 80-125 %) make each doctor's share of requests "
                             "wrong\n");
    /* within 80-125 %: 2 x 900 for 1500 is 120 % */
    snprintf(yaml, sizeof yaml, clinic_model, "0.5/y", "900");
    assert_int_equal(warnings_of(yaml, got, sizeof got), 0);
    /* 2 a year each: 1500 x 2 / 52.14 = 57.5 a week for 30 slots */
    snprintf(yaml, sizeof yaml, clinic_model, "2/y", "750");
    assert_int_equal(warnings_of(yaml, got, sizeof got), 1);
    assert_string_equal(got,
                        "5:3: unit 'gp': 58 requests a week arrive straight from 'arrivals' and "
                        "'demand' (mean of the first observed year), more than the 30 slots its 2 "
                        "doctors offer in a week; the wait for an appointment grows without end\n");
    /* people present a tenth of the year ask a tenth as often */
    snprintf(yaml, sizeof yaml,
             "horizon: 30d\n"
             "populations: {p: {size: 1500, presence: {default: 0.1}, listed: false}}\n"
             "demand: [{from: p, rate: 2/y, to: gp}]\n"
             "units:\n"
             "  gp: {kind: booked-clinic, doctors: 2, slot: 20m, hours: weekdays 08:00-09:00}\n");
    assert_int_equal(warnings_of(yaml, got, sizeof got), 0);
}

static const char lump_model[] =
    "horizon: 30d\n"
    "zones: {z: {travel: {kad: 5m, hospital: 70m}}, y: {travel: {kad: 10m, hospital: 50m}}}\n"
    "populations: {p: {size: 1000, zone: z}, v: {size: 9000, zone: y, presence: {default: "
    "0.1}}}\n"
    "demand: [{from: [p, v], rate: 1/y, to: kad}]\n"
    "units:\n"
    "  kad: {kind: ward, beds: 2, los: exp(1d), next: {home: .9, hospital: .1}}\n"
    "  hospital: {kind: ward, beds: 2, los: exp(1d)%s}\n";

static void test_warn_lumped_access(void **state) {
    (void)state;
    char yaml[1024], got[4096];
    snprintf(yaml, sizeof yaml, lump_model, "");
    assert_int_equal(warnings_of(yaml, got, sizeof got), 1);
    assert_string_equal(got, "7:3: unit 'hospital': travel access counts it as 'ward' with 'kad', "
                             "which is nearer from every zone (from 'z': 5 min against 70 min), "
                             "so its own distance never shows; if it gives another kind of "
                             "care, say so with care: NAME on the unit\n");
    /* named, the hospital is a kind of care of its own in the access table */
    snprintf(yaml, sizeof yaml, lump_model, ", care: hospital");
    assert_int_equal(warnings_of(yaml, got, sizeof got), 0);
    sf_model *m = NULL;
    sf_diag d = {0};
    assert_int_equal(sf_model_load_buffer("w.yaml", yaml, strlen(yaml), &m, &d), SF_OK);
    assert_int_equal(sf_model_access_kind_count(m), 2);
    assert_string_equal(sf_model_access_kind_name(m, 0), "ward");
    assert_string_equal(sf_model_access_kind_name(m, 1), "hospital");
    assert_true(sf_model_access_share(m, 0, 1, 45) == 0);
    assert_true(sf_model_access_share(m, 1, 1, 60) == 1);
    /* pooled, the visitors count with the 900 present on average, not
     * 9000: within 5 min of a ward 1000 / 1900 */
    assert_true(fabs(sf_model_population_present(m, 1) - 900) < 1e-9);
    assert_true(fabs(sf_model_access_share(m, 2, 0, 5) - 1000.0 / 1900) < 1e-12);
    sf_model_free(m);
}

static void test_cases(void **state) {
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char got[1200];
        int rc = load_buf_named("t.yaml", cases[i].yaml, strlen(cases[i].yaml), got, sizeof got);
        if (rc != cases[i].code || strcmp(got, cases[i].diag) != 0) {
            print_error("case %zu: rc %d (want %d)\n  got:  %s\n  want: %s\n", i, rc, cases[i].code,
                        got, cases[i].diag);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

static const char minimal[] = "horizon: 8h\n"
                              "arrivals: {p: {rate: 3/h, to: c}}\n"
                              "units: {c: {kind: walk-in, servers: 1, service: exp(15m)}}\n";

static void test_buffer(void **state) {
    (void)state;
    char msg[1200];
    assert_int_equal(load_buf(minimal, strlen(minimal), msg, sizeof msg), SF_OK);
    assert_string_equal(msg, "ok buf");

    /* len, not strlen: text after len is never read, a NUL inside is. */
    char withnul[sizeof minimal + 16];
    memcpy(withnul, minimal, sizeof minimal);
    memcpy(withnul + strlen(minimal), "garbage: [", 10);
    assert_int_equal(load_buf(withnul, strlen(minimal), msg, sizeof msg), SF_OK);
    withnul[20] = '\0';
    assert_int_equal(load_buf(withnul, strlen(minimal), msg, sizeof msg), SF_ERR_SYNTAX);
    assert_string_equal(msg, "buf.yaml:2:9: the file contains a NUL byte; expected UTF-8 text");

    /* An escaped NUL in a quoted scalar is valid YAML, but not a name. */
    static const char esc[] = "name: \"a\\0b\"\nhorizon: 8h\n";
    assert_int_equal(load_buf(esc, strlen(esc), msg, sizeof msg), SF_ERR_MODEL);
    assert_string_equal(msg, "buf.yaml:1:8: the model's name must be 1 to 100 characters "
                             "without control characters, found 'a?b'");

    /* Single-quoted scalars are decoded by the loader itself (libfyaml
     * 0.7.12 gets runs of '' wrong and leaks): escapes and line folding. */
    static const struct {
        const char *yaml, *name;
    } quoted[] = {
        {"name: 'it''''''''''s'\n", "it'''''s"},          {"name: 'a''b'\n", "a'b"},
        {"name: ' a  \n   b \n  c '\n", " a b c "},       {"name: 'x\r\n  y'\n", "x y"},
        {"name: '\n  ''  \n ''\n ''   '\n", " ' ' '   "},
    };
    for (size_t i = 0; i < sizeof quoted / sizeof quoted[0]; i++) {
        char doc[512];
        snprintf(doc, sizeof doc, "%s%s", quoted[i].yaml, minimal);
        sf_model *m;
        sf_diag d;
        if (sf_model_load_buffer("q.yaml", doc, strlen(doc), &m, &d))
            fail_msg("%s: %s", quoted[i].yaml, d.msg);
        assert_string_equal(sf_model_name(m), quoted[i].name);
        sf_model_free(m);
    }

    /* Two breaks fold to a newline, which a name may not hold. */
    static const char folded[] = "name: 'a  \n\n  b'\nhorizon: 8h\n";
    assert_int_equal(load_buf(folded, strlen(folded), msg, sizeof msg), SF_ERR_MODEL);
    assert_string_equal(msg, "buf.yaml:1:8: the model's name must be 1 to 100 characters "
                             "without control characters, found 'a?b'");

    assert_int_equal(load_buf(NULL, 0, msg, sizeof msg), SF_ERR_MODEL);
    assert_string_equal(msg, "buf.yaml: the file is empty; expected a model (a mapping with "
                             "horizon, arrivals and units)");

    /* Numbers strtod would take but a model must not. */
    static const char *const numbers[] = {"0x10", "inf", "nan", " 5", "5 ", "1e999", "+", "1e"};
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        char doc[512];
        snprintf(doc, sizeof doc,
                 "horizon: 8h\narrivals: {p: {rate: 3/h, to: {c: \"%s\"}}}\n"
                 "units: {c: {kind: walk-in, servers: 1, service: exp(15m)}}\n",
                 numbers[i]);
        assert_int_equal(load_buf(doc, strlen(doc), msg, sizeof msg), SF_ERR_MODEL);
        assert_non_null(strstr(msg, "must be a number from 0 to 1"));
    }
}

static void test_io(void **state) {
    (void)state;
    sf_model *m = (sf_model *)1;
    sf_diag d;
    char msg[1200];
    assert_int_equal(sf_model_load_file(SF_TEST_DATA "/no-such-file.yaml", &m, &d), SF_ERR_IO);
    assert_null(m);
    sf_diag_format(&d, msg, sizeof msg);
    assert_string_equal(msg, SF_TEST_DATA "/no-such-file.yaml: cannot open: No such file or "
                                          "directory");
    m = (sf_model *)1;
    assert_int_equal(sf_model_load_file(SF_TEST_DATA, &m, &d), SF_ERR_IO);
    assert_null(m);
    assert_int_equal(sf_model_load_file(NULL, &m, &d), SF_ERR_ARG);
    assert_int_equal(sf_model_load_buffer("x", "", 0, NULL, &d), SF_ERR_ARG);
    /* A NULL diag is allowed. */
    assert_int_equal(sf_model_load_buffer("x", "a: [", 4, &m, NULL), SF_ERR_SYNTAX);
    assert_null(m);
    assert_int_equal(sf_model_load_buffer(NULL, minimal, strlen(minimal), &m, NULL), SF_OK);
    sf_model_free(m);
    sf_model_free(NULL);
    assert_null(sf_model_name(NULL));
    assert_int_equal(sf_model_unit_count(NULL), 0);
}

/* The library never prints: run failing loads with stderr (and stdout)
 * pointing at a temporary file and check that it stays empty. */
static void test_silent(void **state) {
    (void)state;
    static const char *const docs[] = {
        "horizon: 30d\narrivals: {a: [1, 2}\n", /* syntax */
        "%YAML 9.9\n---\na: 1\n",               /* reported only to the output function */
        "a: \"\\x\"\n",                         /* bad escape */
        "\t- x\n  y: [}",                       /* tab indentation */
        "a: &x 1\nb: *x\n",                     /* alias */
        "horizon: 30\n",                        /* model error */
        "%FOO bar\n---\nx\n",                   /* unknown directive (a warning) */
        "? m:\t:",                              /* libfyaml 0.7.12 double free, tab-dependent */
    };
    char path[] = "/tmp/sf_test_model_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stdout);
    fflush(stderr);
    int saved_err = dup(2), saved_out = dup(1);
    assert_true(saved_err >= 0 && saved_out >= 0);
    dup2(fd, 2);
    dup2(fd, 1);
    int rcs[sizeof docs / sizeof docs[0]];
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        sf_model *m;
        sf_diag d;
        rcs[i] = sf_model_load_buffer("x.yaml", docs[i], strlen(docs[i]), &m, &d);
    }
    fflush(stdout);
    fflush(stderr);
    dup2(saved_err, 2);
    dup2(saved_out, 1);
    close(saved_err);
    close(saved_out);
    struct stat st;
    assert_int_equal(fstat(fd, &st), 0);
    close(fd);
    unlink(path);
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
        assert_true(rcs[i] == SF_ERR_SYNTAX || rcs[i] == SF_ERR_MODEL);
    assert_int_equal(st.st_size, 0);
}

/* The complete example at the top of docs/model.md must load. */
static void test_doc_example(void **state) {
    (void)state;
    FILE *f = fopen(SF_TEST_DATA "/../../docs/model.md", "rb");
    assert_non_null(f);
    static char doc[64 * 1024];
    size_t n = fread(doc, 1, sizeof doc - 1, f);
    fclose(f);
    doc[n] = '\0';
    const char *start = strstr(doc, "```yaml\n");
    assert_non_null(start);
    start += 8;
    const char *end = strstr(start, "```");
    assert_non_null(end);
    sf_model *m;
    sf_diag d;
    char msg[1200];
    if (sf_model_load_buffer("model.md", start, (size_t)(end - start), &m, &d)) {
        sf_diag_format(&d, msg, sizeof msg);
        fail_msg("%s", msg);
    }
    assert_string_equal(sf_model_name(m), "mmc-demo");
    assert_int_equal(sf_model_unit_count(m), 4);
    sf_model_free(m);
}

/* ---- Hour sets ------------------------------------------------------------ */

static int count(const unsigned char *mask) {
    int n = 0;
    for (int h = 0; h < 168; h++)
        n += mask[h];
    return n;
}

static void test_hours(void **state) {
    (void)state;
    unsigned char mask[168];
    const char *why;
    size_t at;
    const struct {
        const char *spec;
        int hours;
        int first, last; /* first and last hour of the week covered */
    } ok[] = {
        {"weekdays", 120, 0, 119},
        {"weekend", 48, 120, 167},
        {"daily", 168, 0, 167},
        {"08:00-16:00", 56, 8, 159},
        {"mon", 24, 0, 23},
        {"Sunday", 24, 144, 167},
        {"sat,sun", 48, 120, 167},
        {"sat , sun 10:00-12:00", 4, 130, 155},
        {"mon-wed", 72, 0, 71},
        {"fri-mon", 96, 0, 167},
        {"sun 22:00-02:00", 4, 0, 167},
        {"weekdays 16:00-08:00", 80, 16, 127},
        {"mon 00:00-24:00", 24, 0, 23},
        {"  tue 9:00-10:00 ", 1, 33, 33},
        {"weekday 16:00-08:00", 80, 16, 127},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        if (sf_hours_parse(ok[i].spec, mask, &why, &at))
            fail_msg("'%s': %s at %zu", ok[i].spec, why, at);
        assert_int_equal(count(mask), ok[i].hours);
        int first = -1, last = -1;
        for (int h = 0; h < 168; h++)
            if (mask[h]) {
                if (first < 0)
                    first = h;
                last = h;
            }
        assert_int_equal(first, ok[i].first);
        assert_int_equal(last, ok[i].last);
    }
    /* Wrapping: Fri 16:00 runs to Sat 08:00; Sun 22:00 to Mon 02:00. */
    assert_int_equal(sf_hours_parse("fri 16:00-08:00", mask, &why, NULL), 0);
    assert_true(mask[4 * 24 + 16] && mask[5 * 24 + 7] && !mask[5 * 24 + 8] && !mask[4 * 24 + 15]);
    assert_int_equal(sf_hours_parse("sun 22:00-02:00", mask, &why, NULL), 0);
    assert_true(mask[166] && mask[167] && mask[0] && mask[1] && !mask[2] && !mask[165]);

    const struct {
        const char *spec;
        size_t at;
    } bad[] = {
        {"", 0},
        {"wekdays", 0},
        {"mon 08:30-10:00", 4},
        {"mon 08:00-10:15", 10},
        {"08:00", 5},
        {"08:00-08:00", 6},
        {"24:00-02:00", 6},
        {"25:00-26:00", 0},
        {"mon-weekend", 4},
        {"weekdays-fri", 0},
        {"mon 8-10", 4},
        {"mon 08:00-10:00 extra", 16},
        {"mon,", 4},
        {"08:000-09:00", 0},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        at = 999;
        if (sf_hours_parse(bad[i].spec, mask, &why, &at) == 0)
            fail_msg("'%s' was accepted", bad[i].spec);
        assert_non_null(why);
        if (at != bad[i].at)
            fail_msg("'%s': problem at %zu, want %zu (%s)", bad[i].spec, at, bad[i].at, why);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full),
        cmocka_unit_test(test_minimal_defaults),
        cmocka_unit_test(test_profile_map),
        cmocka_unit_test(test_profile_list),
        cmocka_unit_test(test_warn_lists_and_slots),
        cmocka_unit_test(test_warn_lumped_access),
        cmocka_unit_test(test_dists),
        cmocka_unit_test(test_triage),
        cmocka_unit_test(test_overflow),
        cmocka_unit_test(test_json_and_limits),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_bad_files_all_listed),
        cmocka_unit_test(test_buffer),
        cmocka_unit_test(test_io),
        cmocka_unit_test(test_silent),
        cmocka_unit_test(test_hours),
        cmocka_unit_test(test_doc_example),
        cmocka_unit_test(test_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
