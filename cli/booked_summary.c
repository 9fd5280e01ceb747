/* booked_summary.c: the GP-office table that `samflyt run` prints after
 * its summary when the model has booked-clinic units: days to appointment,
 * third next available appointment, continuity, slot use, urgent requests
 * seen the same day, overflow and list sizes, each a mean ± 95 % CI
 * half-width over replications (docs/simulation.md, "Booked clinics"). */
#include "cli.h"

#include "samflyt/samflyt.h"

#include <math.h>
#include <stdio.h>

void cli_estimate_cell(char *buf, size_t n, sf_estimate x, double scale, const char *unit,
                       int digits) {
    if (isnan(x.mean))
        snprintf(buf, n, "-");
    else if (isnan(x.half) || x.half == 0)
        snprintf(buf, n, "%.*f%s", digits, x.mean * scale, unit);
    else
        snprintf(buf, n, "%.*f±%.*f%s", digits, x.mean * scale, digits, x.half * scale, unit);
}

void cli_print_booked(const sf_results *r) {
    int n = sf_results_unit_count(r), any = 0;
    for (int u = 0; u < n; u++)
        any |= !isnan(sf_results_value(r, 0, u, SF_M_SLOT_UTIL));
    if (!any)
        return;
    printf("\n%-14s %13s %11s %11s %11s %11s %11s %11s %11s %11s\n", "booked clinic",
           "days to appt", "p50 d", "p90 d", "TNAA d", "continuity", "slot use", "urgent 0d",
           "overflowed", "list max");
    for (int u = 0; u < n; u++) {
        if (isnan(sf_results_value(r, 0, u, SF_M_SLOT_UTIL)))
            continue;
        char a[40], b[40], c[40], d[40], e[40], f[40], g[40], h[40], k[40];
        cli_estimate_cell(a, sizeof a, sf_results_estimate(r, u, SF_M_APPT_DAYS_MEAN), 1, "", 1);
        cli_estimate_cell(b, sizeof b, sf_results_estimate(r, u, SF_M_APPT_DAYS_P50), 1, "", 1);
        cli_estimate_cell(c, sizeof c, sf_results_estimate(r, u, SF_M_APPT_DAYS_P90), 1, "", 1);
        cli_estimate_cell(d, sizeof d, sf_results_estimate(r, u, SF_M_TNAA_DAYS), 1, "", 1);
        cli_estimate_cell(e, sizeof e, sf_results_estimate(r, u, SF_M_CONTINUITY), 100, "%", 0);
        cli_estimate_cell(f, sizeof f, sf_results_estimate(r, u, SF_M_SLOT_UTIL), 100, "%", 0);
        cli_estimate_cell(g, sizeof g, sf_results_estimate(r, u, SF_M_URGENT_SAMEDAY), 100, "%", 0);
        cli_estimate_cell(h, sizeof h, sf_results_estimate(r, u, SF_M_OVERFLOWED), 1, "", 0);
        cli_estimate_cell(k, sizeof k, sf_results_estimate(r, u, SF_M_LIST_MAX), 1, "", 0);
        printf("%-14s %13s %11s %11s %11s %11s %11s %11s %11s %11s\n", sf_results_unit_name(r, u),
               a, b, c, d, e, f, g, h, k);
    }
    puts("\ndays to appt: from request to the booked slot; TNAA: third next available "
         "appointment at\nopening; continuity: listed patients' visits with their own doctor; "
         "urgent 0d: urgent\nrequests seen the same day; overflowed: requests per replication "
         "sent to the overflow unit.");
}
