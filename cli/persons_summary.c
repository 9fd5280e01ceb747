/* persons_summary.c: what `samflyt run` says about people with a history
 * (persons, return rules): readmissions by unit of discharge, continuity
 * of care at booked clinics (UPC, COC, SECON) and patients shared between
 * organisations, in replication 1.
 *
 * The figures are not computed here: replication 1 is run again with its
 * trace written to memory, and the trace goes through `samflyt flow`'s
 * own reader and metrics (src/flow), so the simulation is measured exactly
 * as data would be (docs/metrics.md). The replication is the run's own
 * replication 1: streams depend on the seed and the replication only. */
#include "cli.h"
#include "flow/ingest.h"
#include "flow/metrics.h"
#include "samflyt/samflyt.h"
#include "sim/persons.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Replication 1's stays, read back as flow reads a trace; 0 or an error. */
static int trace_stays(const sf_model *m, const sf_run_opts *ro, sf_stays *t) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return SF_ERR_NOMEM;
    sf_run_opts o = *ro;
    o.replications = 1;
    o.threads = 1;
    o.progress = NULL;
    o.trace = f;
    o.trace_rep = 0;
    o.trace_tz = "UTC";
    sf_results *r = NULL;
    sf_diag d = {0};
    int err = sf_run(m, &o, &r, &d);
    sf_results_free(r);
    if (fclose(f) && !err)
        err = SF_ERR_IO;
    if (!err) {
        sf_flow_read_opts fo;
        sf_flow_read_opts_init(&fo);
        fo.preset = "samflyt";
        sf_flow_read_report rep;
        err = sf_flow_read_csv_buffer("trace", buf, len, &fo, t, &rep, &d);
        if (!err && sf_flow_finish(t, &fo, 0))
            err = SF_ERR_NOMEM;
    }
    free(buf);
    return err;
}

void cli_print_persons(const sf_model *m, const sf_run_opts *ro) {
    if (!sf_persons_needed(m))
        return;
    sf_stays t;
    sf_stays_init(&t);
    sf_flow_opts o;
    sf_flow_opts_default(&o);
    sf_flow_metrics fm = {0};
    sf_diag d = {0};
    if (trace_stays(m, ro, &t) || sf_flow_metrics_compute(&t, &o, &fm, &d)) {
        printf("\npersons: the figures of replication 1 could not be computed\n");
        goto done;
    }
    printf("\npersons and returns, replication 1, measured on its trace as samflyt flow does "
           "(docs/metrics.md)\n");
    printf("%-22s %10s %12s  %s\n", "unit of discharge", "discharges", "readmitted",
           "8 h to 30 d after (95 % interval)");
    const sf_intern *units = &t.names[SF_F_UNIT];
    for (int u = 0; u < m->nunits; u++) {
        uint32_t id = sf_intern_find(units, m->units[u].name, strlen(m->units[u].name));
        if (id == SF_ID_NONE || !fm.readmit_disch[id])
            continue;
        uint64_t n = fm.readmit_disch[id], k = fm.readmit_n[id];
        double p = (double)k / (double)n, h = 1.96 * sqrt(p * (1 - p) / (double)n);
        printf("%-22s %10llu %12llu  %.1f %% ± %.1f\n", m->units[u].name, (unsigned long long)n,
               (unsigned long long)k, 100 * p, 100 * h);
    }
    if (fm.ncont)
        printf("continuity at booked clinics, %zu patients with 2+ visits: UPC %.3f, COC %.3f, "
               "SECON %.3f\n",
               fm.ncont, fm.upc_mean, fm.coc_mean, fm.secon_mean);
    if (t.names[SF_F_ORG].count > 1 && fm.patients_org)
        printf("shared patients (2+ organisations within 30 days): %llu of %llu (%.1f %%)\n",
               (unsigned long long)fm.patients_shared, (unsigned long long)fm.patients_org,
               100.0 * (double)fm.patients_shared / (double)fm.patients_org);
done:
    sf_flow_metrics_free(&fm);
    sf_stays_free(&t);
}
