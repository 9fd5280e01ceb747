/* results_html.c: report.html of `samflyt run` (samflyt.h,
 * sf_results_write_html): one self-contained page with the figures of
 * summary.csv per unit and the occupancy and waits by hour of the week
 * and by month as inline SVG (report/svg.h), each chart's figures in a
 * table below it. */
#include "core/textout.h"
#include "report/html.h"
#include "report/svg.h"
#include "samflyt/samflyt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const days[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static void hour_label(size_t i, char *buf, size_t size, void *user) {
    (void)user;
    snprintf(buf, size, "%s %02zu", days[(i / 24) % 7], i % 24);
}

static void month_label(size_t i, char *buf, size_t size, void *user) {
    (void)user;
    snprintf(buf, size, "%s", months[i % 12]);
}

/* One chart of metric bm for every unit (at most 12: the first ones), by
 * hour of the week (monthly 0) or by month, and its table. 0, or
 * SF_ERR_NOMEM. Units without any value (a metric that does not apply)
 * are left out; no chart at all when none has one. */
static int by_chart(FILE *f, const sf_results *r, sf_by_metric bm, int monthly, const char *title,
                    const char *ytitle) {
    int nu = sf_results_unit_count(r), n = monthly ? 12 : 168, ns = 0;
    double *y = malloc((size_t)(nu ? nu : 1) * (size_t)n * sizeof *y);
    int *uid = malloc((size_t)(nu ? nu : 1) * sizeof *uid);
    sf_svg_series s[12];
    if (!y || !uid) {
        free(y);
        free(uid);
        return SF_ERR_NOMEM;
    }
    for (int u = 0; u < nu; u++) {
        int any = 0;
        for (int i = 0; i < n; i++) {
            sf_estimate e =
                monthly ? sf_results_by_month(r, u, i, bm) : sf_results_by_hour(r, u, i, bm);
            y[(size_t)u * n + i] = e.mean;
            any |= isfinite(e.mean);
        }
        if (any)
            uid[ns++] = u;
    }
    if (!ns) {
        free(y);
        free(uid);
        return 0;
    }
    int nc = ns < 12 ? ns : 12;
    for (int k = 0; k < nc; k++)
        s[k] = (sf_svg_series){sf_results_unit_name(r, uid[k]), y + (size_t)uid[k] * n};
    sf_svg_lines(f, title, ytitle, s, nc, (size_t)n, monthly ? 1 : 24,
                 monthly ? month_label : hour_label, NULL);
    if (ns > nc)
        fprintf(
            f,
            "<p class=\"note\">The chart shows the first 12 of %d units; the table has all.</p>\n",
            ns);
    fputs("<details><summary>The figures, with 95 % intervals</summary><div "
          "class=\"tw\"><table><thead><tr><th>",
          f);
    fputs(monthly ? "month" : "hour of week", f);
    fputs("</th>", f);
    for (int k = 0; k < ns; k++) {
        fputs("<th>", f);
        sf_html_str(f, sf_results_unit_name(r, uid[k]));
        fputs("</th>", f);
    }
    fputs("</tr></thead><tbody>\n", f);
    for (int i = 0; i < n; i++) {
        char lab[32];
        (monthly ? month_label : hour_label)((size_t)i, lab, sizeof lab, NULL);
        fprintf(f, "<tr><td>%s</td>", lab);
        for (int k = 0; k < ns; k++) {
            sf_estimate e = monthly ? sf_results_by_month(r, uid[k], i, bm)
                                    : sf_results_by_hour(r, uid[k], i, bm);
            fputs("<td class=\"n\">", f);
            sf_html_num(f, e.mean);
            if (isfinite(e.half)) {
                fputs(" ± ", f);
                sf_html_num(f, e.half);
            }
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table></div></details>\n", f);
    free(y);
    free(uid);
    return 0;
}

/* The figures of one unit (or the network, or a population): every metric
 * that applies, with its 95 % interval. */
static void unit_table(FILE *f, const char *name, const sf_results *r, int unit, int pop) {
    fputs("<h3>", f);
    sf_html_str(f, name);
    fputs("</h3>\n<div class=\"tw\"><table><thead><tr><th>metric</th><th>unit of measure</th>"
          "<th>mean</th><th>95 % interval</th></tr></thead><tbody>\n",
          f);
    for (int m = 0; m < SF_M_COUNT; m++) {
        sf_estimate e = pop >= 0 ? sf_results_population_estimate(r, pop, (sf_metric)m)
                                 : sf_results_estimate(r, unit, (sf_metric)m);
        if (!isfinite(e.mean))
            continue;
        fprintf(f, "<tr><td>%s</td><td>%s</td><td class=\"n\">", sf_metric_name((sf_metric)m),
                sf_metric_unit((sf_metric)m));
        sf_html_num(f, e.mean);
        fputs("</td><td class=\"n\">", f);
        sf_html_interval(f, e.lo, e.hi);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table></div>\n", f);
}

/* The charts over the week and the year (shared with the dashboard). */
int sf_results_write_html_charts(const sf_results *r, FILE *f) {
    int rc = 0;
    fputs("<section id=\"by-hour\">\n<h2>Over the week</h2>\n", f);
    if (!rc)
        rc = by_chart(f, r, SF_BY_OCC_MEAN, 0, "Occupancy by hour of the week, mean", "patients");
    if (!rc)
        rc = by_chart(f, r, SF_BY_WAIT_MEAN, 0, "Wait by hour of the week (requests made then)",
                      "hours");
    fputs("</section>\n<section id=\"by-month\">\n<h2>Over the year</h2>\n", f);
    if (!rc)
        rc = by_chart(f, r, SF_BY_OCC_MEAN, 1, "Occupancy by month, mean", "patients");
    fputs("</section>\n", f);
    return rc;
}

int sf_results_write_html(const sf_results *r, const sf_model *m, FILE *f) {
    const char *name = sf_model_name(m);
    sf_html_begin(f, name);
    fprintf(
        f,
        "<p>Simulated with samflyt run: %d replications of %.0f days after the "
        "warm-up, seed %llu. Every figure is a mean over the replications with its 95 %% "
        "interval (Student t); definitions in docs/simulation.md. The same figures are in "
        "summary.csv (also per patient class), by_hour.csv, by_month.csv and results.json beside "
        "this report.</p>\n",
        sf_results_replications(r), sf_model_horizon(m) / 24,
        (unsigned long long)sf_results_seed(r));
    int rc = sf_results_write_html_charts(r, f);
    fputs("<section id=\"units\">\n<h2>Per unit</h2>\n", f);
    int nu = sf_results_unit_count(r);
    for (int u = 0; u < nu; u++)
        unit_table(f, sf_results_unit_name(r, u), r, u, -1);
    unit_table(f, "network", r, nu, -1);
    for (int p = 0; p < sf_results_population_count(r); p++) {
        char buf[160];
        snprintf(buf, sizeof buf, "pop:%s", sf_results_population_name(r, p));
        unit_table(f, buf, r, -1, p);
    }
    fputs("</section>\n", f);
    sf_html_end(f);
    if (rc)
        return rc;
    return ferror(f) ? SF_ERR_IO : 0;
}
