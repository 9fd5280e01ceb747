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
#include "samflyt/samflyt.h"

#include <math.h>
#include <stdio.h>

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
