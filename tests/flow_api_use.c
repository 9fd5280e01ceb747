/* flow_api_use.c: a program that uses the public flow API
 * (include/samflyt/flow.h) as a user of the library would: compiled with
 * the public headers only (no src/ on its include path), it reads a small
 * stays file, checks figures worked out by hand from the file, filters
 * by period and unit, writes every output, calibrates, and checks that a
 * bad mapping and a gzip file cut short are errors that say so, and that
 * a cancel hook stops a read and a preparing (SF_ERR_CANCELLED).
 * Usage: flow_api_use DATA_DIR SCRATCH_DIR; prints "flow api ok". */
#include <samflyt/flow.h>
#include <samflyt/samflyt.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: failed: %s\n", __FILE__, __LINE__, #cond);                     \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

static int near(double a, double b) { return fabs(a - b) < 1e-9 * (1 + fabs(b)); }

static int unit_index(const sf_flow_data *d, const char *name) {
    for (int u = 0; u < sf_flow_data_unit_count(d); u++)
        if (!strcmp(sf_flow_data_unit_name(d, u), name))
            return u;
    return -1;
}

/* A cancel hook that says stop from its (*user)th question on. */
static int stop_after(void *user) {
    int *left = user;
    return --*left <= 0;
}

/* Reads path with options o, prepares, computes; NULL after a message. */
static sf_flow_data *load(const char *path, const sf_flow_options *o, sf_diag *diag, int *err) {
    sf_flow_data *d = NULL;
    *err = sf_flow_data_new(o, &d, diag);
    if (!*err)
        *err = sf_flow_data_read(d, path, diag);
    if (!*err)
        *err = sf_flow_data_prepare(d, diag);
    if (*err) {
        sf_flow_data_free(d);
        return NULL;
    }
    return d;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fputs("usage: flow_api_use DATA_DIR SCRATCH_DIR\n", stderr);
        return 2;
    }
    char path[4096], gz[4096], cut[4096], out[4096];
    snprintf(path, sizeof path, "%s/flow_metrics/paths.csv", argv[1]);
    snprintf(gz, sizeof gz, "%s/flow/samflyt_stays.csv.gz", argv[1]);
    snprintf(cut, sizeof cut, "%s/flow_api_cut.csv.gz", argv[2]);
    snprintf(out, sizeof out, "%s/flow_api_out.txt", argv[2]);
    sf_diag diag;
    int err;
    sf_flow_options o;
    sf_flow_options_init(&o);

    /* The whole file: 11 stays of 3 patients at KAD, ED and MED. */
    sf_flow_data *d = load(path, &o, &diag, &err);
    CHECK(d != NULL);
    if (!d) {
        fprintf(stderr, "%s\n", diag.msg);
        return 1;
    }
    CHECK(sf_flow_data_stay_count(d) == 11);
    CHECK(sf_flow_data_patient_count(d) == 3);
    CHECK(sf_flow_data_file_count(d) == 1 && sf_flow_data_file_rows(d, 0) == 11);
    int med = unit_index(d, "MED"), ed = unit_index(d, "ED"), nu = sf_flow_data_unit_count(d);
    CHECK(nu == 3 && med >= 0 && ed >= 0);
    sf_flow_result *r = NULL;
    CHECK(sf_flow_result_compute(d, NULL, &r, &diag) == 0);
    if (r) {
        /* MED: 68 h + 48 h (P1), 48 h + 24 h (P3) = 188 h */
        CHECK(sf_flow_result_value(r, med, SF_FLOW_STAYS) == 4);
        CHECK(near(sf_flow_result_value(r, med, SF_FLOW_BED_DAYS), 188.0 / 24));
        CHECK(sf_flow_result_value(r, med, SF_FLOW_PEAK) == 2);
        /* ED: 4 + 6 + 4 + 2 + 2 hours over 5 stays */
        sf_flow_durations los = sf_flow_result_los(r, ed);
        CHECK(los.n == 5 && near(los.mean, 18.0 / 5) && near(los.max, 6));
        /* all units: 11 stays; P1's ready days at MED (1) and KAD (1), P3's at MED (0.5) */
        CHECK(sf_flow_result_value(r, nu, SF_FLOW_STAYS) == 11);
        CHECK(near(sf_flow_result_value(r, nu, SF_FLOW_READY_DAYS), 2.5));
        CHECK(sf_flow_result_patients(r) == 3);
        /* ED to MED within an episode: P1 twice (01-01, 01-11) */
        CHECK(sf_flow_result_transitions(r, ed, med) == 2);
        CHECK(!strcmp(sf_flow_figure_name(SF_FLOW_BED_DAYS), "bed_days"));
        FILE *f = fopen(out, "w+");
        CHECK(f != NULL);
        if (f) {
            CHECK(sf_flow_result_write_json(r, f) == 0);
            for (int k = 0; k < sf_flow_table_count(); k++)
                CHECK(sf_flow_result_write_csv(r, sf_flow_table_name(k), f) == 0);
            CHECK(sf_flow_result_write_csv(r, "no-such-table", f) == SF_ERR_ARG);
            CHECK(sf_flow_result_write_html(r, "paths", f) == 0);
            CHECK(sf_flow_result_write_html_lang(r, "paths", "nb", f) == 0);
            CHECK(sf_flow_result_write_html_lang(r, "paths", "sv", f) == 0);
            CHECK(sf_flow_result_write_html_lang(r, "paths", "de", f) == SF_ERR_ARG);
            CHECK(sf_flow_result_write_summary(r, f) == 0);
            CHECK(sf_flow_data_write_stays_csv(d, f) == 0);
            CHECK(sf_flow_data_write_ingest_json(d, f) == 0);
            long size = ftell(f);
            CHECK(size > 2000);
            fclose(f);
        }
        sf_flow_result_free(r);
    }
    sf_flow_data_free(d);

    /* Read once, then a copy per period: 2024-01-10..01-20 holds P1's
     * second episode (ED, MED) only. */
    sf_flow_data *raw = NULL;
    CHECK(sf_flow_data_new(&o, &raw, &diag) == 0 && sf_flow_data_read(raw, path, &diag) == 0);
    sf_flow_options w = o;
    w.from = "2024-01-10";
    w.to = "2024-01-20";
    sf_flow_data *part = NULL;
    CHECK(sf_flow_data_copy(raw, &w, &part, &diag) == 0);
    CHECK(part && sf_flow_data_prepare(part, &diag) == 0);
    CHECK(part && sf_flow_data_stay_count(part) == 2 && sf_flow_data_patient_count(part) == 1);
    sf_flow_data_free(part);
    /* the unit filter: MED's 4 stays */
    w = o;
    w.units = "MED";
    CHECK(sf_flow_data_copy(raw, &w, &part, &diag) == 0);
    CHECK(part && sf_flow_data_prepare(part, &diag) == 0 && sf_flow_data_stay_count(part) == 4);
    sf_flow_data_free(part);
    w.units = "ICU";
    CHECK(sf_flow_data_copy(raw, &w, &part, &diag) == 0);
    CHECK(part && sf_flow_data_prepare(part, &diag) == SF_ERR_ARG && strstr(diag.msg, "ICU"));
    sf_flow_data_free(part);
    /* the raw data are unchanged by their copies */
    CHECK(sf_flow_data_stay_count(raw) == 11);
    sf_flow_data_free(raw);

    /* A fit: a model that loads. */
    d = load(path, &o, &diag, &err);
    sf_flow_calib *c = NULL;
    CHECK(d && sf_flow_calib_fit(d, NULL, &c, &diag) == 0);
    if (c) {
        char *yaml = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&yaml, &len);
        CHECK(f && sf_flow_calib_write_yaml(c, "paths.csv", f) == 0);
        fclose(f);
        sf_model *m = NULL;
        CHECK(sf_model_load_buffer("fitted.yaml", yaml, len, &m, &diag) == 0);
        if (m) {
            FILE *bt = fopen(out, "w");
            int dead = -1;
            CHECK(bt && sf_flow_calib_backtest(c, m, 2, 1, bt, &dead, &diag) == 0 && dead == 0);
            if (bt)
                fclose(bt);
            sf_model_free(m);
        }
        free(yaml);
        sf_flow_calib_free(c);
    }
    sf_flow_data_free(d);

    /* gzip: the same stays as the plain file */
    d = load(gz, &o, &diag, &err);
    CHECK(d && sf_flow_data_stay_count(d) > 0);
    size_t gz_stays = d ? sf_flow_data_stay_count(d) : 0;
    sf_flow_data_free(d);

    /* Errors: a mapping that names no column, and a gzip file cut short. */
    o.map = "patient=nobody,unit=unit,start=start,end=end";
    d = load(path, &o, &diag, &err);
    CHECK(!d && err == SF_ERR_ARG && strstr(diag.msg, "nobody"));
    sf_flow_options_init(&o);
    FILE *in = fopen(gz, "rb"), *cf = fopen(cut, "wb");
    char buf[1 << 16];
    size_t n = in ? fread(buf, 1, sizeof buf, in) : 0;
    CHECK(n > 100 && cf);
    if (cf) {
        fwrite(buf, 1, n / 2, cf);
        fclose(cf);
    }
    if (in)
        fclose(in);
    d = load(cut, &o, &diag, &err);
    CHECK(!d && err == SF_ERR_IO && diag.msg[0]);

    /* Cancelling (sf_flow_options.cancel): a read of 100000 rows asks
     * the hook every 32768 rows and stops at the first yes; a hook that
     * says no lets everything through; preparing and computing stop too. */
    size_t big_len = 100000 * 64 + 64, at = 0;
    char *big = malloc(big_len);
    CHECK(big != NULL);
    if (big) {
        at += (size_t)snprintf(big, big_len, "patient,unit,start,end\n");
        for (int i = 0; i < 100000; i++)
            at += (size_t)snprintf(big + at, big_len - at,
                                   "p%d,u%d,2024-01-%02dT%02d:00,2024-01-%02dT%02d:30\n", i, i % 3,
                                   1 + i % 28, i % 24, 1 + i % 28, i % 24);
        int left = 1, calls;
        sf_flow_options_init(&o);
        o.cancel = stop_after;
        o.cancel_user = &left;
        CHECK(sf_flow_data_new(&o, &d, &diag) == 0);
        err = sf_flow_data_read_buffer(d, "big.csv", big, at, &diag);
        CHECK(err == SF_ERR_CANCELLED && strstr(diag.msg, "cancelled after 32768 rows"));
        sf_flow_data_free(d);
        left = 1000000;
        CHECK(sf_flow_data_new(&o, &d, &diag) == 0);
        CHECK(sf_flow_data_read_buffer(d, "big.csv", big, at, &diag) == 0);
        calls = 1000000 - left;
        CHECK(calls == 3 && sf_flow_data_stay_count(d) == 100000);
        left = 1; /* the next question, the first of preparing, says stop */
        CHECK(sf_flow_data_prepare(d, &diag) == SF_ERR_CANCELLED && strstr(diag.msg, "cancelled"));
        sf_flow_data_free(d);
        free(big);
    }

    if (failures)
        return 1;
    printf("flow api ok (%zu stays in the gzip file)\n", gz_stays);
    return 0;
}
