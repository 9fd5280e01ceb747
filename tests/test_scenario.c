/* test_scenario.c: scenario overlays (src/model/scenario.c). Each edit kind
 * is checked on the loaded model field by field (set, add, remove, replace
 * a list, index and append to a list, quoted names, maps created on the
 * way); every malformed path or invalid result gives exactly the
 * diagnostic in the table; and a scenario that removes a unit leaves the
 * other units' random numbers alone (streams keyed by name), so their
 * figures are identical bit for bit. */
#include "model/model.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static const char base[] =
    "horizon: 30d\n"
    "seed: 3\n"
    "arrivals:\n"
    "  walk-ins: {rate: 2/h, to: desk, class: red}\n"
    "  others: {rate: 1/h, to: desk, class: yellow}\n"
    "  more: {rate: 1/h, to: desk, class: green}\n"
    "units:\n"
    "  spare: {kind: ward, beds: 2, los: exp(1d)}\n"
    "  desk: {kind: walk-in, servers: 2, service: exp(20m), next: {home: .9, ward: .1},\n"
    "         triage: [red, yellow]}\n"
    "  ward: {kind: ward, beds: 4, los: exp(2d), overflow: spare}\n"
    "  \"st.olav\": {kind: ward, beds: 1, los: exp(1d)}\n"
    "scenarios:\n"
    "  same: {}\n"
    "  more-beds: {units.ward.beds: 8, units.desk.service: fixed(10m)}\n"
    "  no-spare: {units.spare: ~, units.ward.overflow: ~}\n"
    "  new-unit: {units.kad.kind: ward, units.kad.beds: 3, units.kad.los: exp(1d),\n"
    "             units.desk.next: {home: .8, ward: .1, kad: .1}}\n"
    "  lists: {units.desk.triage: [green], units.desk.triage.+: red,\n"
    "          units.desk.triage.0: yellow}\n"
    "  shrink: {units.desk.triage.0: ~}\n"
    "  quoted: {units.\"st.olav\".beds: 5}\n"
    "  replace: {units.ward: {kind: walk-in, servers: 1, service: exp(1h)}}\n";

static sf_model *load(const char *yaml, const char *scenario) {
    sf_model *m = NULL;
    sf_diag d;
    memset(&d, 0, sizeof d);
    int rc = sf_model_load_scenario_buffer("t.yaml", yaml, strlen(yaml), scenario, &m, &d);
    if (rc) {
        char buf[1200];
        sf_diag_format(&d, buf, sizeof buf);
        fail_msg("%s: %s", scenario ? scenario : "base", buf);
    }
    return m;
}

static const sf_unit *unit(const sf_model *m, const char *name) {
    for (int u = 0; u < m->nunits; u++)
        if (strcmp(m->units[u].name, name) == 0)
            return &m->units[u];
    return NULL;
}

static int unit_index(const sf_model *m, const char *name) {
    const sf_unit *u = unit(m, name);
    return u ? (int)(u - m->units) : -100;
}

static void test_listing(void **state) {
    (void)state;
    sf_model *m = load(base, NULL);
    assert_int_equal(sf_model_scenario_count(m), 8);
    assert_string_equal(sf_model_scenario_name(m, 0), "same");
    assert_string_equal(sf_model_scenario_name(m, 7), "replace");
    assert_null(sf_model_scenario_name(m, 8));
    assert_null(sf_model_scenario(m));
    sf_model_free(m);
    m = load(base, "more-beds");
    assert_string_equal(sf_model_scenario(m), "more-beds");
    assert_int_equal(sf_model_scenario_count(m), 8);
    sf_model_free(m);
}

static void test_set(void **state) {
    (void)state;
    sf_model *b = load(base, NULL), *m = load(base, "more-beds");
    assert_int_equal(unit(b, "ward")->capacity, 4);
    assert_int_equal(unit(m, "ward")->capacity, 8);
    assert_int_equal(unit(m, "desk")->service.kind, SF_DIST_FIXED);
    assert_true(fabs(unit(m, "desk")->service.p[0] - 10.0 / 60) < 1e-12);
    /* untouched parts are the base's */
    assert_int_equal(unit(m, "desk")->capacity, 2);
    assert_int_equal(unit(m, "ward")->overflow, unit_index(m, "spare"));
    assert_int_equal(m->nunits, 4);
    sf_model_free(b);
    sf_model_free(m);
}

static void test_remove_and_add(void **state) {
    (void)state;
    sf_model *m = load(base, "no-spare");
    assert_int_equal(m->nunits, 3);
    assert_null(unit(m, "spare"));
    /* overflow removed: a full ward queues (no overflow) */
    assert_int_equal(unit(m, "ward")->overflow, SF_DEST_NONE);
    assert_string_equal(m->units[0].name, "desk");
    sf_model_free(m);

    m = load(base, "new-unit");
    assert_int_equal(m->nunits, 5);
    const sf_unit *k = unit(m, "kad");
    assert_non_null(k);
    assert_int_equal(k - m->units, 4); /* added at the end */
    assert_int_equal(k->kind, SF_UNIT_WARD);
    assert_int_equal(k->capacity, 3);
    const sf_route *r = &unit(m, "desk")->next;
    assert_int_equal(r->n, 3);
    assert_int_equal(r->dest[2], 4);
    assert_true(fabs(r->prob[2] - 0.1) < 1e-12);
    sf_model_free(m);

    m = load(base, "replace");
    assert_int_equal(unit(m, "ward")->kind, SF_UNIT_WALKIN);
    assert_int_equal(unit(m, "ward")->overflow, SF_DEST_NONE);
    sf_model_free(m);
}

/* Triage lists: rank[c] is the class's place in the list; classes not
 * listed come after all listed ones (docs/model.md). Classes in order of
 * first use: default 0, red 1, yellow 2, green 3. */
static void test_lists(void **state) {
    (void)state;
    sf_model *m = load(base, "lists");
    /* [green] then + red then item 0 = yellow: [yellow, red] */
    const sf_unit *d = unit(m, "desk");
    assert_int_equal(m->nclasses, 4);
    assert_string_equal(m->classes[2], "yellow");
    assert_int_equal(d->rank[2], 0);
    assert_int_equal(d->rank[1], 1);
    assert_int_equal(d->rank[3], 2);
    assert_int_equal(d->nranks, 3);
    sf_model_free(m);
    m = load(base, "shrink"); /* [red, yellow] without item 0: [yellow] */
    d = unit(m, "desk");
    assert_int_equal(d->rank[2], 0);
    assert_int_equal(d->rank[1], 1);
    assert_int_equal(d->rank[3], 1);
    assert_int_equal(d->nranks, 2);
    sf_model_free(m);
    m = load(base, "quoted");
    assert_int_equal(unit(m, "st.olav")->capacity, 5);
    sf_model_free(m);
}

/* Runs a model and returns its results (caller frees). */
static sf_results *run(const sf_model *m, int reps) {
    sf_run_opts o;
    memset(&o, 0, sizeof o);
    o.replications = reps;
    sf_results *r = NULL;
    sf_diag d;
    assert_int_equal(sf_run(m, &o, &r, &d), SF_OK);
    return r;
}

static int result_unit(const sf_results *r, const char *name) {
    for (int u = 0; u < sf_results_unit_count(r); u++)
        if (strcmp(sf_results_unit_name(r, u), name) == 0)
            return u;
    return -1;
}

/* Removing `spare` (listed first) moves desk and ward down one index. With
 * streams keyed by index desk would draw other numbers; keyed by name its
 * figures stay the same bit for bit. The ward overflows to spare, so its
 * figures may change; desk's cannot (its patients never see spare). The
 * same holds for an empty scenario against the base, for every unit. */
static void test_streams_follow_names(void **state) {
    (void)state;
    const char *yaml = "horizon: 60d\nseed: 9\n"
                       "arrivals: {a: {rate: 3/h, to: desk}}\n"
                       "units:\n"
                       "  spare: {kind: ward, beds: 1, los: exp(1d)}\n"
                       "  desk: {kind: walk-in, servers: 1, service: exp(15m)}\n"
                       "  ward: {kind: walk-in, servers: 1, service: exp(10m)}\n"
                       "scenarios: {no-spare: {units.spare: ~}, same: {}}\n";
    sf_model *b = load(yaml, NULL), *s = load(yaml, "no-spare"), *z = load(yaml, "same");
    sf_results *rb = run(b, 3), *rs = run(s, 3), *rz = run(z, 3);
    int ub = result_unit(rb, "desk"), us = result_unit(rs, "desk");
    assert_int_equal(ub, 1);
    assert_int_equal(us, 0);
    for (int rep = 0; rep < 3; rep++)
        for (int k = 0; k < SF_M_COUNT; k++) {
            double x = sf_results_value(rb, rep, ub, (sf_metric)k);
            double y = sf_results_value(rs, rep, us, (sf_metric)k);
            assert_true((isnan(x) && isnan(y)) || x == y);
            for (int u = 0; u <= 3; u++) {
                x = sf_results_value(rb, rep, u, (sf_metric)k);
                y = sf_results_value(rz, rep, u, (sf_metric)k);
                assert_true((isnan(x) && isnan(y)) || x == y);
            }
        }
    /* and the figures are not trivially equal: desk saw patients */
    assert_true(sf_results_value(rb, 0, ub, SF_M_ARRIVALS) > 1000);
    sf_results_free(rb);
    sf_results_free(rs);
    sf_results_free(rz);
    sf_model_free(b);
    sf_model_free(s);
    sf_model_free(z);
}

/* ---- diagnostics -------------------------------------------------------- */

static const char head[] = "horizon: 30d\n"
                           "arrivals: {a: {rate: 2/h, to: desk}}\n"
                           "units:\n"
                           "  desk: {kind: walk-in, servers: 2, service: exp(20m)}\n"
                           "  ward: {kind: ward, beds: 4, los: exp(2d)}\n";

static const struct {
    const char *scenarios; /* appended to head */
    const char *name;      /* scenario to load; NULL = base */
    int code;
    const char *diag;
} cases[] = {
    {"scenarios: {x: {units.desk.servers: 0}}\n", "x", SF_ERR_MODEL,
     "t.yaml:6:37: scenario 'x': unit 'desk': 'servers' must be a whole number from 1 to "
     "1000000, found '0'"},
    {"scenarios: {x: {units.dsk.servers: 3}}\n", "x", SF_ERR_MODEL,
     "t.yaml:6:23: scenario 'x': unit 'dsk': missing 'kind' (walk-in, ward, booked-clinic or "
     "response)"},
    {"scenarios: {x: {units.kad: ~}}\n", "x", SF_ERR_MODEL,
     "t.yaml:6:23: scenario 'x': units.kad: nothing there to remove"},
    {"scenarios: {x: {units.desk.servers.weekend: 3}}\n", "x", SF_ERR_MODEL,
     "t.yaml:6:28: scenario 'x': units.desk.servers: is '2', not a mapping or a list, so it has "
     "no 'weekend'; set the whole value instead (for a schedule, such as {default: 2, weekend: "
     "3})"},
    {"scenarios: {x: {units..beds: 3}}\n", NULL, SF_ERR_MODEL,
     "t.yaml:6:23: scenario 'x': 'units..beds': the path has an empty part (two dots in a row, or "
     "a dot at an end); a path names keys from the top, such as units.kad.beds"},
    {"scenarios: {x: {units.desk.: 3}}\n", NULL, SF_ERR_MODEL,
     "t.yaml:6:27: scenario 'x': 'units.desk.': the path has an empty part (two dots in a row, "
     "or a dot at an end); a path names keys from the top, such as units.kad.beds"},
    {"scenarios: {x: {'units.\"desk.beds: 3'}}\n", NULL, SF_ERR_MODEL,
     "t.yaml:6:24: scenario 'x': 'units.\"desk.beds: 3': a quoted part of the path has no "
     "closing \"; a path names keys from the top, such as units.kad.beds"},
    {"scenarios: {x: {arrivals.a.profile.2: 1}}\n", "x", SF_ERR_MODEL,
     "t.yaml:6:36: scenario 'x': source 'a': 'profile': '2': expected a time such as 08:00 "
     "(HH:MM), found '2'"},
    {"scenarios: [x]\n", NULL, SF_ERR_MODEL,
     "t.yaml:6:12: 'scenarios' must be a mapping of scenario names to changes, such as "
     "scenarios: {more-kad: {units.kad.beds: 8}}, found a list"},
    {"scenarios: {base: {}}\n", NULL, SF_ERR_MODEL,
     "t.yaml:6:13: scenario name 'base' is reserved for the model without changes; choose "
     "another name"},
    {"scenarios: {x: 3}\n", NULL, SF_ERR_MODEL,
     "t.yaml:6:16: scenario 'x': expected a mapping of paths to values, such as "
     "{units.kad.beds: 8}, found '3'"},
    {"scenarios: {x: {}}\n", "y", SF_ERR_ARG, "t.yaml: no scenario 'y' in the model; scenarios: x"},
    {"", "y", SF_ERR_ARG, "t.yaml: no scenario 'y' in the model (it has no scenarios)"},
    {"scenarios: {x: {scenarios.y: {}}}\n", "x", SF_ERR_MODEL,
     "t.yaml:6:17: scenario 'x': scenarios: a scenario cannot change the scenarios"},
    {"weights: {desk.wait_mean: {worst: 14d, best: 0d, weight: 1}}\nscenarios: {x: "
     "{weights.desk.wait_mean.weight: 3}}\n",
     "x", SF_ERR_MODEL,
     "t.yaml:7:17: scenario 'x': weights: a scenario cannot change the weights: they rank all the "
     "variants together, so they belong to the base model"},
    {"weights: 3\n", NULL, SF_ERR_MODEL,
     "t.yaml:6:10: 'weights' ranks scenarios in samflyt compare: a mapping of unit.metric to its "
     "worst and best levels, swing weight and target, as in weights: {gp-office.appt_days_mean: "
     "{worst: 14d, best: 0d, weight: 3, target: {max: 7d}}}; found '3'"},
    {"weights: {wait_mean: 1}\n", NULL, SF_ERR_MODEL,
     "t.yaml:6:11: weights: 'wait_mean': expected unit.metric, such as gp-office.wait_mean or "
     "network.travel_mean"},
    /* the old form (z-scores) is refused with the form to write now */
    {"weights: {desk.wait_mean: 2}\n", NULL, SF_ERR_MODEL,
     "t.yaml:6:27: weights: 'desk.wait_mean': a bare weight ('2') is the old ranking by "
     "standardised scores, in which a 5-second change could outweigh a week's wait; state the "
     "levels the weight is between, as in desk.wait_mean: {worst: 14d, best: 0d, weight: 2} "
     "(docs/compare.md, \"Ranking\")"},
    {"weights: {desk.wait_mean: {worst: 14d, best: 0d, weight: 0}}\n", NULL, SF_ERR_MODEL,
     "t.yaml:6:58: weights: 'desk.wait_mean': 'weight': the swing weight must be a number > 0, "
     "found '0'"},
    {"weights: {desk.wait_mean: {worst: soon, best: 0d, weight: 1}}\n", NULL, SF_ERR_MODEL,
     "t.yaml:6:35: weights: 'desk.wait_mean': 'worst': expected a level in the metric's unit: a "
     "duration such as 14d or 30m, a share such as 80%, or a number; found 'soon'"},
    {"weights: {desk.wait_mean: {worst: 14d, weight: 1}}\n", NULL, SF_ERR_MODEL,
     "t.yaml:6:27: weights: 'desk.wait_mean': a trade-off needs all of worst, best and weight "
     "(missing: best)"},
    {"weights: {desk.wait_mean: {best: 0d}}\n", NULL, SF_ERR_MODEL,
     "t.yaml:6:27: weights: 'desk.wait_mean': a trade-off needs all of worst, best and weight "
     "(missing: worst, weight)"},
    {"weights: {desk.wait_mean: {worst: 1d, best: 1d, weight: 1}}\n", NULL, SF_ERR_MODEL,
     "t.yaml:6:45: weights: 'desk.wait_mean': 'best' equals 'worst'; the levels must differ (the "
     "weight is the importance of moving from worst to best)"},
    {"weights: {desk.wait_mean: {worst: 14d, best: 0d, wieght: 1}}\n", NULL, SF_ERR_MODEL,
     "t.yaml:6:50: weights: 'desk.wait_mean': unknown key 'wieght'; did you mean 'weight'? "
     "expected one of: worst, "
     "best, weight, target"},
    {"weights: {desk.wait_mean: {target: 7d}}\n", NULL, SF_ERR_MODEL,
     "t.yaml:6:36: weights: 'desk.wait_mean': 'target': expected a mapping with max and/or min, "
     "as in target: {max: 7d}; found '7d'"},
    {"weights: {desk.wait_mean: {target: {max: 1d, min: 2d}}}\n", NULL, SF_ERR_MODEL,
     "t.yaml:6:36: weights: 'desk.wait_mean': 'target': min is above max; no variant could meet "
     "it"},
    {"weights: {desk.wait_mean: {target: {below: 1d}}}\n", NULL, SF_ERR_MODEL,
     "t.yaml:6:37: weights: 'desk.wait_mean': 'target': unknown key 'below'; expected one of: "
     "max, min"},
    {"weights: {desk.wait_mean: {}}\n", NULL, SF_ERR_MODEL,
     "t.yaml:6:27: weights: 'desk.wait_mean': expected worst, best and weight (a trade-off), "
     "and/or target (a constraint); found none of them"},
    {"weights: {desk.wait_mean: {worst: 14d, best: 0d, weight: 1, target: {max: 7d}}, "
     "ward.turned_away_share: {target: {max: 5%}}}\n",
     NULL, SF_OK, "ok"},
    {"weights: {desk.: 1}\n", NULL, SF_ERR_MODEL,
     "t.yaml:6:11: weights: 'desk.': expected unit.metric, such as gp-office.wait_mean or "
     "network.travel_mean"},
    {"scenarios: {x: {units.ward.overflow: ~}}\n", "x", SF_ERR_MODEL,
     "t.yaml:6:28: scenario 'x': units.ward.overflow: nothing there to remove"},
    {"scenarios: {x: {units.desk.next: {home: 1}, units.desk.next.home.x: 1}}\n", "x", SF_ERR_MODEL,
     "t.yaml:6:61: scenario 'x': units.desk.next.home: is '1', not a mapping or a list, so it "
     "has no 'x'; set the whole value instead (for a schedule, such as {default: 2, weekend: "
     "3})"},
    /* removing a unit that is still routed to: the message names the
     * scenario and points at the reference in the base */
    {"scenarios: {x: {units.ward: ~, units.desk.next: ward}}\n", "x", SF_ERR_MODEL,
     "t.yaml:6:49: scenario 'x': unit 'desk': 'next': unknown unit 'ward'; known units: desk (or "
     "home)"},
    {"scenarios: {x: {units.desk.triage.0: red}}\n", "x", SF_ERR_MODEL,
     "t.yaml:6:35: scenario 'x': unit 'desk': 'triage' must be a list of classes, first served "
     "first, such as [red, yellow, green], found a mapping"},
    {"scenarios: {x: {units.desk.next.+: 1}}\n", "x", SF_ERR_MODEL,
     "t.yaml:6:33: scenario 'x': units.desk.next.+: '+' appends to a list, but there is no list "
     "here"},
};

static void test_diagnostics(void **state) {
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char yaml[2000], got[1200] = "ok";
        snprintf(yaml, sizeof yaml, "%s%s", head, cases[i].scenarios);
        sf_model *m = NULL;
        sf_diag d;
        memset(&d, 0, sizeof d);
        int rc = sf_model_load_scenario_buffer("t.yaml", yaml, strlen(yaml), cases[i].name, &m, &d);
        if (rc)
            sf_diag_format(&d, got, sizeof got);
        sf_model_free(m);
        if (rc != cases[i].code || strcmp(got, cases[i].diag) != 0) {
            print_error("case %zu: rc %d (want %d)\n  got:  %s\n  want: %s\n", i, rc, cases[i].code,
                        got, cases[i].diag);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_listing),
        cmocka_unit_test(test_set),
        cmocka_unit_test(test_remove_and_add),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_streams_follow_names),
        cmocka_unit_test(test_diagnostics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
