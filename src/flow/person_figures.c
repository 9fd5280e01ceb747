/* person_figures.c: one replication's people figures, measured on its
 * trace exactly as `samflyt flow` measures a stays file (person_figures.h).
 * Nothing is recomputed here: the table sf_trace_stay fills, as the CSV
 * reader fills it from the trace, goes through sf_flow_finish and
 * sf_flow_metrics_compute, and this file only picks the figures out. */
#include "flow/person_figures.h"
#include "core/diag.h"
#include "flow/ingest.h"
#include "flow/metrics.h"

#include <math.h>
#include <string.h>

int sf_flow_person_figures_table(sf_stays *t_in, char *const *units, int nunits, double *out,
                                 sf_diag *d) {
    for (size_t i = 0; i < (size_t)(nunits + 1) * SF_P_COUNT; i++)
        out[i] = NAN;
    sf_stays t = *t_in;
    sf_stays_init(t_in);
    sf_flow_read_opts fo;
    sf_flow_read_opts_init(&fo);
    fo.preset = "samflyt";
    sf_flow_opts o;
    sf_flow_opts_default(&o);
    sf_flow_metrics fm = {0};
    int err = 0;
    if (sf_flow_finish(&t, &fo, 0))
        err = sf_diag_set(d, SF_ERR_NOMEM, "", 0, 0, "out of memory");
    if (!err)
        err = sf_flow_metrics_compute(&t, &o, &fm, d);
    if (err)
        goto done;
    const sf_intern *names = &t.names[SF_F_UNIT];
    for (int u = 0; u < nunits; u++) {
        double *x = out + (size_t)u * SF_P_COUNT;
        uint32_t id = sf_intern_find(names, units[u], strlen(units[u]));
        uint64_t n = id == SF_ID_NONE ? 0 : fm.readmit_disch[id];
        uint64_t k = id == SF_ID_NONE ? 0 : fm.readmit_n[id];
        x[SF_P_DISCHARGES] = (double)n;
        x[SF_P_READMITTED] = (double)k;
        if (n)
            x[SF_P_READMIT_RATE] = (double)k / (double)n;
    }
    /* all units: flow's own total row (the trace has only the model's units) */
    uint32_t nu = fm.nunits;
    uint64_t n_all = fm.readmit_disch[nu], k_all = fm.readmit_n[nu];
    double *x = out + (size_t)nunits * SF_P_COUNT;
    x[SF_P_DISCHARGES] = (double)n_all;
    x[SF_P_READMITTED] = (double)k_all;
    if (n_all)
        x[SF_P_READMIT_RATE] = (double)k_all / (double)n_all;
    x[SF_P_CONT_PATIENTS] = (double)fm.ncont;
    if (fm.ncont) {
        x[SF_P_UPC] = fm.upc_mean;
        x[SF_P_COC] = fm.coc_mean;
        x[SF_P_SECON] = fm.secon_mean;
    }
    /* shared patients need two organisations to be shared between */
    if (t.names[SF_F_ORG].count > 1 && fm.patients_org)
        x[SF_P_SHARED_SHARE] = (double)fm.patients_shared / (double)fm.patients_org;
done:
    sf_flow_metrics_free(&fm);
    sf_stays_free(&t);
    return err;
}
