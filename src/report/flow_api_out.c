/* flow_api_out.c: the outputs of include/samflyt/flow.h's objects: the
 * data's stays.csv and ingest.json (flow_ingest_out.c), the indicators'
 * metrics.json, CSV tables, report.html and summary (the flow report
 * writers), exactly as `samflyt flow --out` writes them. */
#include "flow/flow_api.h"
#include "report/calib_out.h"
#include "report/flow_ingest_out.h"
#include "report/flow_out.h"

int sf_flow_data_write_stays_csv(const sf_flow_data *d, FILE *f) {
    return sf_flow_write_stays_csv(&d->t, &d->ro.tz, f);
}

int sf_flow_data_write_ingest_json(const sf_flow_data *d, FILE *f) {
    return sf_flow_write_ingest_json(d->reps, d->nreps, &d->t, sf_flow_api_patients(&d->t),
                                     &d->ro.tz, f);
}

int sf_flow_result_write_json(const sf_flow_result *r, FILE *f) {
    return sf_flow_metrics_write_json(&r->m, &r->d->t, &r->o, f);
}

int sf_flow_result_write_csv(const sf_flow_result *r, const char *table, FILE *f) {
    return sf_flow_metrics_write_csv(&r->m, &r->d->t, &r->o, table, f);
}

int sf_flow_result_write_html(const sf_flow_result *r, const char *title, FILE *f) {
    return sf_flow_result_write_html_lang(r, title, "en", f);
}

int sf_flow_result_write_html_lang(const sf_flow_result *r, const char *title, const char *lang,
                                   FILE *f) {
    sf_lang l = SF_LANG_EN;
    if (lang && sf_lang_parse(lang, &l))
        return SF_ERR_ARG;
    return sf_flow_metrics_write_html(&r->m, &r->d->t, &r->o, title ? title : "samflyt flow", l, f);
}

int sf_flow_result_write_summary(const sf_flow_result *r, FILE *f) {
    return sf_flow_metrics_write_summary(&r->m, &r->d->t, &r->o, f);
}

int sf_flow_table_count(void) { return (int)sf_flow_ntables; }
const char *sf_flow_table_name(int i) {
    return i >= 0 && (size_t)i < sf_flow_ntables ? sf_flow_tables[i] : NULL;
}

int sf_flow_calib_write_yaml(const sf_flow_calib *c, const char *source, FILE *f) {
    return sf_calib_write_yaml(c->c, source ? source : "", f);
}

int sf_flow_calib_write_fit_csv(const sf_flow_calib *c, FILE *f) {
    return sf_calib_write_fit_csv(c->c, f);
}

int sf_flow_calib_backtest(const sf_flow_calib *c, const sf_model *m, int reps, uint64_t seed,
                           FILE *csv, int *deadlocked, sf_diag *diag) {
    sf_backtest bt = {0};
    int err = sf_calib_backtest(c->c, m, reps, seed, &bt, diag);
    if (!err && csv)
        err = sf_backtest_write_csv(&bt, csv);
    if (deadlocked)
        *deadlocked = bt.deadlocked;
    sf_backtest_free(&bt);
    return err;
}
