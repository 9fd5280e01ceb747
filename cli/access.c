/* access.c: the population tables of `samflyt check` and `samflyt run`:
 * "travel access", for each population the share of its people within 20,
 * 45 and 90 minutes of the nearest unit of each kind, computed from the
 * model alone (library: sf_model_access_*); and, after a run, contacts per
 * 1,000 people a year and travel per visit by population. */
#include "cli.h"

#include "samflyt/samflyt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const double minutes[] = {20, 45, 90};

void cli_print_access(const sf_model *m) {
    int np = sf_model_population_count(m), nk = sf_model_access_kind_count(m);
    if (np == 0 || nk == 0)
        return;
    printf("\ntravel access: share of each population within 20 / 45 / 90 min of the nearest "
           "unit\n\n%-20s %10s",
           "population", "size");
    for (int k = 0; k < nk; k++)
        printf("  %-20s", sf_model_access_kind_name(m, k));
    puts("");
    for (int p = 0; p <= np; p++) {
        double size = 0;
        for (int q = 0; q < np; q++)
            size += q == p    ? sf_model_population_size(m, q)
                    : p == np ? sf_model_population_present(m, q)
                              : 0;
        if (p == np && np == 1)
            break;
        printf("%-20s %10.0f", p < np ? sf_model_population_name(m, p) : "all", size);
        for (int k = 0; k < nk; k++) {
            char cell[64];
            int o = 0;
            for (int t = 0; t < 3; t++) {
                double s = sf_model_access_share(m, p, k, minutes[t]);
                o += snprintf(cell + o, sizeof cell - (size_t)o, "%s", t ? " / " : "");
                o += isnan(s) ? snprintf(cell + o, sizeof cell - (size_t)o, "-")
                              : snprintf(cell + o, sizeof cell - (size_t)o, "%.0f%%", 100 * s);
            }
            printf("  %-20s", cell);
        }
        puts("");
    }
    puts("(-: no travel time from the population's zones to a unit of that kind; all: the "
         "populations\nwith a known travel time, weighted by the people present on average "
         "over the year)");
}

void cli_print_populations(const sf_results *r) {
    int np = sf_results_population_count(r);
    if (np == 0)
        return;
    printf("\n%-20s %22s %16s %18s\n", "population", "contacts a year/1000", "contacts",
           "travel per visit");
    for (int p = 0; p < np; p++) {
        sf_estimate c = sf_results_population_estimate(r, p, SF_M_CONTACTS_PER_1000);
        sf_estimate n = sf_results_population_estimate(r, p, SF_M_ARRIVALS);
        sf_estimate t = sf_results_population_estimate(r, p, SF_M_TRAVEL_MEAN);
        char a[48], b[48], d[48];
        snprintf(a, sizeof a, isnan(c.half) ? "%.0f" : "%.0f±%.0f", c.mean, c.half);
        snprintf(b, sizeof b, isnan(n.half) ? "%.0f" : "%.0f±%.0f", n.mean, n.half);
        if (isnan(t.mean))
            snprintf(d, sizeof d, "-");
        else
            snprintf(d, sizeof d, isnan(t.half) ? "%.1f min" : "%.1f±%.1f min", t.mean, t.half);
        printf("%-20s %22s %16s %18s\n", sf_results_population_name(r, p), a, b, d);
    }
    puts("contacts: patients from the population in the horizon; travel per visit: from home "
         "to the unit that took them in.");
}

/* The three shares of population p (np: all) for kind k, as "80% / 90% / 100%". */
static void access_cell(const sf_model *m, int p, int k, char *cell, size_t size) {
    int o = 0;
    for (int t = 0; t < 3; t++) {
        double s = sf_model_access_share(m, p, k, minutes[t]);
        o += snprintf(cell + o, size - (size_t)o, "%s", t ? " / " : "");
        o += isnan(s) ? snprintf(cell + o, size - (size_t)o, "-")
                      : snprintf(cell + o, size - (size_t)o, "%.0f%%", 100 * s);
    }
}

void cli_print_access_changes(const sf_model *const *models, const char *const *names, int n) {
    const sf_model *base = models[0];
    int np = sf_model_population_count(base), header = 0;
    for (int v = 1; v < n; v++) {
        const sf_model *m = models[v];
        /* scenarios may add or remove units: compare kinds by name */
        for (int k = 0; k < sf_model_access_kind_count(m); k++) {
            const char *kind = sf_model_access_kind_name(m, k);
            int bk = -1;
            for (int j = 0; j < sf_model_access_kind_count(base); j++)
                if (!strcmp(sf_model_access_kind_name(base, j), kind))
                    bk = j;
            for (int p = 0; p <= np && p <= sf_model_population_count(m); p++) {
                if (p == np && np == 1)
                    break;
                char was[64] = "-", now[64];
                if (bk >= 0)
                    access_cell(base, p, bk, was, sizeof was);
                access_cell(m, p, k, now, sizeof now);
                if (!strcmp(was, now))
                    continue;
                if (!header++)
                    printf("\ntravel access that scenarios change (share within 20 / 45 / 90 "
                           "min)\n  %-18s %-16s %-14s %-20s %-20s\n",
                           "(scenario)", "(population)", "(kind)", "base", "scenario");
                printf("  %-18s %-16s %-14s %-20s %-20s\n", names[v],
                       p < np ? sf_model_population_name(m, p) : "all", kind, was, now);
            }
        }
    }
}
