/* test_results.c: results.json parses as JSON and says what the API says;
 * the CSV tables have one row per figure; estimates are Student-t
 * intervals computed by hand here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the headers above first */
#include <cmocka.h>

#include "sim_check.h"

#include <libfyaml.h>
#include <stdlib.h>

static const char model[] = "name: two-class\nhorizon: 500h\nwarmup: 10h\nreplications: 5\n"
                            "seed: 3\n"
                            "arrivals:\n"
                            "  u: {rate: 1/h, to: s, class: red}\n"
                            "  g: {rate: 1/h, to: s}\n"
                            "units:\n"
                            "  s: {kind: walk-in, servers: 3, service: exp(1h), "
                            "triage: [red], next: {home: .5, w: .5}}\n"
                            "  w: {kind: ward, beds: 4, los: exp(3h), overflow: reject}\n";

static double json_double(struct fy_document *d, const char *path) {
    struct fy_node *n = fy_node_by_path(fy_document_root(d), path, FY_NT, FYNWF_DONT_FOLLOW);
    assert_non_null(n);
    const char *s = fy_node_get_scalar0(n);
    assert_non_null(s);
    return strcmp(s, "null") ? strtod(s, NULL) : NAN;
}

static void test_json_matches_api(void **state) {
    (void)state;
    sf_results *r = sim_run(model, 2);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(sf_results_write_json(r, NULL, f), SF_OK);
    fclose(f);
    struct fy_parse_cfg cfg = {.flags = FYPCF_QUIET | FYPCF_JSON_FORCE};
    struct fy_document *d = fy_document_build_from_string(&cfg, buf, len);
    assert_non_null(d); /* well-formed JSON */
    assert_true(json_double(d, "/replications") == 5);
    assert_true(json_double(d, "/seed") == 3);
    sf_estimate e = sf_results_estimate(r, 0, SF_M_WAIT_MEAN);
    assert_true(fabs(json_double(d, "/units/0/estimates/wait_mean/mean") - e.mean) <=
                1e-9 * fabs(e.mean));
    assert_true(fabs(json_double(d, "/units/0/estimates/wait_mean/hi") - e.hi) <=
                1e-9 * fabs(e.hi));
    double v = sf_results_value(r, 4, 1, SF_M_REJECT_SHARE);
    assert_true(fabs(json_double(d, "/units/1/replications/turned_away_share/4") - v) <= 1e-9 * v);
    /* class rows: default and red under each unit */
    e = sf_results_class_estimate(r, 0, 1, SF_M_WAIT_MEAN);
    assert_true(fabs(json_double(d, "/units/0/classes/1/estimates/wait_mean/mean") - e.mean) <=
                1e-9 * fabs(e.mean));
    /* a figure that does not apply is null, not a number */
    assert_true(isnan(json_double(d, "/network/estimates/utilisation/mean")));
    fy_document_destroy(d);
    free(buf);
    sf_results_free(r);
}

static int count_lines(const char *s) {
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void test_csv_tables(void **state) {
    (void)state;
    sf_results *r = sim_run(model, 1);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(sf_results_write_replications_csv(r, f), SF_OK);
    fclose(f);
    /* header + 5 replications x (2 units + network + 2 units x 2 classes) */
    assert_int_equal(count_lines(buf), 1 + 5 * (2 + 1 + 4));
    assert_non_null(strstr(buf, "\n1,s,red,"));
    free(buf);
    f = open_memstream(&buf, &len);
    assert_int_equal(sf_results_write_csv(r, f), SF_OK);
    fclose(f);
    assert_true(!strncmp(buf, "unit,class,metric,unit_of_measure,mean,lo,hi,half,n\n", 52));
    assert_non_null(strstr(buf, "\nw,,blocked_bed_days,days,"));
    assert_null(strstr(buf, "network,,utilisation")); /* not applicable: left out */
    free(buf);
    sf_results_free(r);
}

static void test_estimate_by_hand(void **state) {
    (void)state;
    sf_results *r = sim_run(model, 2);
    double x[5], mean = 0, ss = 0;
    for (int i = 0; i < 5; i++)
        mean += (x[i] = sf_results_value(r, i, 1, SF_M_OCC_MEAN)) / 5;
    for (int i = 0; i < 5; i++)
        ss += (x[i] - mean) * (x[i] - mean);
    double half = 2.7764451051977987 * sqrt(ss / 4) / sqrt(5); /* t(0.975, 4) */
    sf_estimate e = sf_results_estimate(r, 1, SF_M_OCC_MEAN);
    assert_int_equal(e.n, 5);
    assert_true(fabs(e.mean - mean) < 1e-12);
    assert_true(fabs(e.half - half) < 1e-9);
    assert_true(fabs(e.lo - (mean - half)) < 1e-9);
    /* out-of-range requests give NaN, not a crash */
    assert_true(isnan(sf_results_value(r, 5, 0, SF_M_OCC_MEAN)));
    assert_true(isnan(sf_results_value(r, 0, 7, SF_M_OCC_MEAN)));
    assert_true(isnan(sf_results_class_value(r, 0, 2, 0, SF_M_WAIT_MEAN)));
    assert_string_equal(sf_results_unit_name(r, 2), "network");
    sf_results_free(r);
}

/* The cancel hook: asked before each replication; the first yes stops
 * the run with SF_ERR_CANCELLED and no results. Replications only
 * started before it count: with one thread, two asked, two run. */
static int cancel_after(void *user) {
    int *asked = user;
    return ++*asked > 2;
}

static void test_cancel(void **state) {
    (void)state;
    sf_model *m;
    sf_diag d = {0};
    assert_int_equal(sf_model_load_buffer("m.yaml", model, sizeof model - 1, &m, &d), 0);
    int asked = 0;
    sf_run_opts o = {
        .replications = 5, .threads = 1, .cancel = cancel_after, .cancel_user = &asked};
    sf_results *r = NULL;
    assert_int_equal(sf_run(m, &o, &r, &d), SF_ERR_CANCELLED);
    assert_null(r);
    assert_int_equal(asked, 3);
    assert_non_null(strstr(d.msg, "cancelled after 2 of 5"));
    assert_string_equal(sf_strerror(SF_ERR_CANCELLED), "cancelled");
    /* a hook that never says stop changes nothing */
    asked = -1000;
    o.threads = 2;
    assert_int_equal(sf_run(m, &o, &r, &d), 0);
    assert_int_equal(sf_results_replications(r), 5);
    sf_results_free(r);
    sf_model_free(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_json_matches_api),
        cmocka_unit_test(test_csv_tables),
        cmocka_unit_test(test_estimate_by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
