/* response_summary.c: the emergency-response table that `samflyt run`
 * prints after its summary when the model has response units (an
 * ambulance service): response time mean, median and 90th percentile, the
 * shares reached within 12 and 25 minutes and against the guideline's
 * town/rural split, calls answered from another station, vehicle use and
 * station time without a free vehicle, for the unit, each class, each
 * population and each zone the calls come from, and each station; each
 * a mean ± 95 % CI half-width over replications (docs/simulation.md,
 * "Emergency response"). */
#include "cli.h"

#include "samflyt/samflyt.h"

#include <math.h>
#include <stdio.h>

typedef sf_estimate (*estimate_fn)(const sf_results *r, int unit, int cls, sf_metric m);

static sf_estimate unit_est(const sf_results *r, int unit, int cls, sf_metric m) {
    (void)cls;
    return sf_results_estimate(r, unit, m);
}

static sf_estimate pop_est(const sf_results *r, int unit, int pop, sf_metric m) {
    (void)unit;
    return sf_results_population_estimate(r, pop, m);
}

static sf_estimate zone_est(const sf_results *r, int unit, int zone, sf_metric m) {
    (void)unit;
    return sf_results_zone_estimate(r, zone, m);
}

static sf_estimate station_est(const sf_results *r, int unit, int st, sf_metric m) {
    (void)unit;
    return sf_results_station_estimate(r, st, m);
}

static void row(const sf_results *r, const char *name, int u, int cls, estimate_fn est,
                int unit_row) {
    char a[40], b[40], c[40], d[40], e[40], f[40], g[40], h[40], k[40], l[40];
    cli_estimate_cell(a, sizeof a, est(r, u, cls, SF_M_RESP_MEAN), 1, "", 1);
    cli_estimate_cell(b, sizeof b, est(r, u, cls, SF_M_RESP_P50), 1, "", 1);
    cli_estimate_cell(c, sizeof c, est(r, u, cls, SF_M_RESP_P90), 1, "", 1);
    cli_estimate_cell(d, sizeof d, est(r, u, cls, SF_M_RESP_WITHIN12), 100, "%", 0);
    cli_estimate_cell(e, sizeof e, est(r, u, cls, SF_M_RESP_WITHIN25), 100, "%", 0);
    cli_estimate_cell(f, sizeof f, est(r, u, cls, SF_M_RESP_URBAN12), 100, "%", 0);
    cli_estimate_cell(g, sizeof g, est(r, u, cls, SF_M_RESP_RURAL25), 100, "%", 0);
    cli_estimate_cell(h, sizeof h, est(r, u, cls, SF_M_RESP_ELSEWHERE), 100, "%", 0);
    if (unit_row) {
        cli_estimate_cell(k, sizeof k, est(r, u, cls, SF_M_UTILISATION), 100, "%", 0);
        cli_estimate_cell(l, sizeof l, est(r, u, cls, SF_M_RESP_STATION_EMPTY), 100, "%", 0);
    } else {
        snprintf(k, sizeof k, " ");
        snprintf(l, sizeof l, " ");
    }
    char line[400];
    int n = snprintf(line, sizeof line, "%-18s %11s %10s %10s %9s %9s %9s %9s %9s %9s %9s", name, a,
                     b, c, d, e, f, g, h, k, l);
    if (n > (int)sizeof line - 1)
        n = (int)sizeof line - 1;
    while (n > 0 && line[n - 1] == ' ') /* rows without the unit's last columns */
        line[--n] = '\0';
    puts(line);
}

void cli_print_response(const sf_results *r) {
    int n = sf_results_unit_count(r), any = 0;
    for (int u = 0; u < n; u++)
        any |= !isnan(sf_results_value(r, 0, u, SF_M_RESP_STATION_EMPTY));
    if (!any)
        return;
    printf("\n%-18s %11s %10s %10s %9s %9s %9s %9s %9s %9s %9s\n", "response unit", "mean min",
           "p50 min", "p90 min", "<=12 min", "<=25 min", "town 12", "rural 25", "elsewhere",
           "vehicles", "st. empty");
    for (int u = 0; u < n; u++) {
        if (isnan(sf_results_value(r, 0, u, SF_M_RESP_STATION_EMPTY)))
            continue;
        row(r, sf_results_unit_name(r, u), u, -1, unit_est, 1);
        for (int c = 0; c < sf_results_class_count(r); c++) {
            if (isnan(sf_results_class_estimate(r, u, c, SF_M_RESP_MEAN).mean))
                continue;
            char name[64];
            snprintf(name, sizeof name, "  %s", sf_results_class_name(r, c));
            row(r, name, u, c, sf_results_class_estimate, 0);
        }
    }
    /* by population: where the calls come from (over every response unit) */
    for (int p = 0; p < sf_results_population_count(r); p++) {
        if (isnan(sf_results_population_estimate(r, p, SF_M_RESP_MEAN).mean))
            continue;
        char name[64];
        snprintf(name, sizeof name, "pop:%s", sf_results_population_name(r, p));
        row(r, name, -1, p, pop_est, 0);
    }
    /* by the call's zone (its guideline is town 12 or rural 25), and by
     * station: how busy each one is */
    for (int z = 0; z < sf_results_zone_count(r); z++) {
        if (isnan(sf_results_zone_estimate(r, z, SF_M_RESP_MEAN).mean))
            continue;
        char name[64];
        snprintf(name, sizeof name, "zone:%s", sf_results_zone_name(r, z));
        row(r, name, -1, z, zone_est, 0);
    }
    for (int k = 0; k < sf_results_station_count(r); k++) {
        char name[64];
        snprintf(name, sizeof name, "st:%s", sf_results_station_name(r, k));
        row(r, name, -1, k, station_est, 1);
    }
    puts("\nresponse: from the call to the vehicle on scene; town 12: calls from zones marked "
         "urban\nreached within 12 minutes, rural 25: the others within 25 (the guideline asks "
         "90 % of\nacute calls); elsewhere: answered from another station than the nearest; "
         "vehicles:\ntime out over time on duty; st. empty: station time with no vehicle free "
         "there;\nzone: calls from that zone; st: a station's own vehicles.");
}
