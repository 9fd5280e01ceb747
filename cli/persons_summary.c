/* persons_summary.c: what `samflyt run` says about people with a history
 * (persons, return rules): readmissions by unit of discharge, continuity
 * of care at booked clinics (UPC, COC, SECON) and patients shared between
 * organisations, each as a mean over the replications with its 95 %
 * interval.
 *
 * The figures are not computed here: the library measures every
 * replication's trace with `samflyt flow`'s own reader and metrics
 * (src/flow/person_figures.c), so the simulation is measured exactly as
 * data would be (docs/metrics.md). */
#include "cli.h"
#include "report/compare_stats.h"
#include "samflyt/samflyt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "12.3 % [11.0, 13.6]": a share in per cent with its interval. */
static void print_share(sf_estimate e) {
    if (isnan(e.mean))
        printf("%12s", "-");
    else if (isnan(e.half))
        printf("%5.1f %%", 100 * e.mean);
    else
        printf("%5.1f %% [%.1f, %.1f]", 100 * e.mean, 100 * e.lo, 100 * e.hi);
}

static void print_index(const char *name, sf_estimate e) {
    if (isnan(e.half))
        printf(" %s %.3f", name, e.mean);
    else
        printf(" %s %.3f [%.3f, %.3f]", name, e.mean, e.lo, e.hi);
}

void cli_print_persons(const sf_results *r) {
    if (!sf_results_has_persons(r))
        return;
    int nu = sf_results_unit_count(r);
    printf("\npersons and returns: each replication measured on its trace as samflyt flow "
           "does (docs/metrics.md);\nmean over %d replications [95 %% interval]\n",
           sf_results_replications(r));
    printf("%-22s %12s %12s  %s\n", "unit of discharge", "discharges", "readmitted",
           "readmission rate, 8 h to 30 d after");
    for (int u = 0; u <= nu; u++) {
        sf_estimate n = sf_results_person_estimate(r, u, SF_P_DISCHARGES);
        if (!(n.mean > 0))
            continue;
        sf_estimate k = sf_results_person_estimate(r, u, SF_P_READMITTED);
        printf("%-22s %12.1f %12.1f  ", u < nu ? sf_results_unit_name(r, u) : "all units", n.mean,
               k.mean);
        print_share(sf_results_person_estimate(r, u, SF_P_READMIT_RATE));
        putchar('\n');
    }
    sf_estimate np = sf_results_person_estimate(r, nu, SF_P_CONT_PATIENTS);
    if (np.mean > 0) {
        printf("continuity at booked clinics, %.0f patients with 2+ visits:\n ", np.mean);
        print_index("UPC", sf_results_person_estimate(r, nu, SF_P_UPC));
        print_index(" COC", sf_results_person_estimate(r, nu, SF_P_COC));
        print_index(" SECON", sf_results_person_estimate(r, nu, SF_P_SECON));
        putchar('\n');
    }
    sf_estimate sh = sf_results_person_estimate(r, nu, SF_P_SHARED_SHARE);
    if (!isnan(sh.mean)) {
        printf("shared patients (2+ organisations within 30 days): %.1f %%", 100 * sh.mean);
        if (!isnan(sh.half))
            printf(" [%.1f, %.1f]", 100 * sh.lo, 100 * sh.hi);
        putchar('\n');
    }
}

/* `samflyt compare`: each scenario's change in the people figures against
 * the base, paired over the replications (common random numbers), with
 * the 95 % interval of the mean difference. Terminal only. */
void cli_print_persons_changes(const sf_results *const *res, const char *const *names, int nv) {
    if (nv < 2 || !sf_results_has_persons(res[0]))
        return;
    int nu = sf_results_unit_count(res[0]), n = sf_results_replications(res[0]);
    double *a = malloc(2 * (size_t)n * sizeof *a);
    if (!a)
        return;
    double *b = a + n;
    static const sf_person_metric net[] = {SF_P_READMIT_RATE, SF_P_UPC, SF_P_COC, SF_P_SECON,
                                           SF_P_SHARED_SHARE};
    printf("\npersons and returns, paired differences against the base (mean over %d "
           "replications [95 %% interval]; pp: percentage points; *: the interval excludes 0)\n",
           n);
    printf("%-18s %-22s %-18s %10s %10s  %s\n", "scenario", "unit of discharge", "figure", "base",
           "scenario", "difference");
    for (int v = 1; v < nv; v++) {
        if (!sf_results_has_persons(res[v]) || sf_results_replications(res[v]) != n ||
            sf_results_unit_count(res[v]) != nu)
            continue;
        for (int u = 0; u <= nu; u++)
            for (int k = 0; k < 5; k++) {
                if (u < nu && net[k] != SF_P_READMIT_RATE)
                    continue;
                for (int i = 0; i < n; i++) {
                    a[i] = sf_results_person_value(res[0], i, u, net[k]);
                    b[i] = sf_results_person_value(res[v], i, u, net[k]);
                }
                sf_diff d = sf_paired_diff(a, b, n);
                if (d.n == 0)
                    continue;
                int pct = !strcmp(sf_person_metric_unit(net[k]), "share");
                double s = pct ? 100 : 1;
                printf("%-18s %-22s %-18s %9.*f%s %9.*f%s  %+.*f", names[v],
                       u < nu ? sf_results_unit_name(res[0], u) : "all units",
                       sf_person_metric_name(net[k]), pct ? 1 : 3, s * d.base, pct ? "%" : " ",
                       pct ? 1 : 3, s * d.value, pct ? "%" : " ", pct ? 1 : 3, s * d.diff);
                if (!isnan(d.half))
                    printf(" [%+.*f, %+.*f]", pct ? 1 : 3, s * d.lo, pct ? 1 : 3, s * d.hi);
                printf("%s%s", pct ? " pp" : "", d.lo > 0 || d.hi < 0 ? " *" : "");
                putchar('\n');
            }
    }
    free(a);
}
