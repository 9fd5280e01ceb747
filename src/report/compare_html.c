/* compare_html.c: report.html of `samflyt compare` (compare.h,
 * sf_compare_write_html). */
#include "core/textout.h"
#include "report/html.h"
#include "report/svg.h"
#include "samflyt/compare.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* A difference every replication shares exactly: not worth a row. */
static int identical(const sf_diff *d) { return d->n >= 2 && d->diff == 0 && d->sd == 0; }

/* One chart: every scenario's difference to the base in (unit u, metric
 * m) with its paired 95 % interval. */
static int diff_chart(FILE *f, const sf_compare *c, int u, sf_metric m) {
    int nv = sf_compare_variant_count(c), n = nv - 1;
    const char **label = malloc((size_t)(n ? n : 1) * sizeof *label);
    double *mean = malloc((size_t)(n ? n : 1) * 3 * sizeof *mean);
    if (!label || !mean) {
        free(label);
        free(mean);
        return SF_ERR_NOMEM;
    }
    double *lo = mean + n, *hi = mean + 2 * n;
    for (int v = 1; v < nv; v++) {
        sf_diff d = sf_compare_diff(c, v, u, m);
        label[v - 1] = sf_compare_variant_name(c, v);
        mean[v - 1] = d.diff;
        lo[v - 1] = d.lo;
        hi[v - 1] = d.hi;
    }
    char title[300], xt[120];
    snprintf(title, sizeof title, "%s, %s: scenario - base", sf_compare_unit_name(c, u),
             sf_metric_name(m));
    snprintf(xt, sizeof xt, "difference (%s), dot: mean, bar: 95 %% interval", sf_metric_unit(m));
    sf_svg_intervals(f, title, xt, label, mean, lo, hi, n);
    free(label);
    free(mean);
    return 0;
}

int sf_compare_write_html(const sf_compare *c, const char *model, FILE *f) {
    int nv = sf_compare_variant_count(c), nu = sf_compare_unit_count(c), rc = 0;
    char title[300];
    snprintf(title, sizeof title, "%s: scenarios compared", model);
    sf_html_begin(f, title);
    fprintf(f,
            "<p>The base model and %d scenario%s, %d replications each with common random "
            "numbers (every variant's replication k sees the same random draws, so the "
            "differences are paired). A difference is scenario - base, the mean over the paired "
            "replications with its 95 %% interval; * marks an interval that excludes 0, ** one "
            "that is also significant after a Bonferroni correction over all %d differences. "
            "Written by samflyt compare; the method is in docs/compare.md, and every figure is "
            "in compare.csv and compare.json beside this report.</p>\n<nav>",
            nv - 1, nv == 2 ? "" : "s", sf_compare_replications(c), sf_compare_tests(c));
    int nw = sf_compare_weight_count(c);
    if (nw)
        fputs("<a href=\"#ranking\">Ranking</a>", f);
    fputs("<a href=\"#charts\">Charts</a>", f);
    for (int v = 1; v < nv; v++) {
        fprintf(f, "<a href=\"#s%d\">", v);
        sf_html_str(f, sf_compare_variant_name(c, v));
        fputs("</a>", f);
    }
    fputs("</nav>\n", f);
    if (nw) {
        fputs("<section id=\"ranking\">\n<h2>Ranking</h2>\n<p class=\"about\">Each weighted "
              "indicator is standardised over all variants and replications and turned so that "
              "higher is better; a variant's score is the weighted sum, 0 being the average "
              "variant. First in: the share of replications in which the variant scores "
              "highest, the uncertainty of the ranking.</p>\n<div class=\"tw\"><table><thead><tr>"
              "<th>indicator</th><th>weight</th></tr></thead><tbody>\n",
              f);
        for (int k = 0; k < nw; k++) {
            int u;
            sf_metric m;
            double w = sf_compare_weight(c, k, &u, &m);
            fputs("<tr><td>", f);
            sf_html_str(f, sf_compare_unit_name(c, u));
            fprintf(f, ".%s</td><td class=\"n\">", sf_metric_name(m));
            sf_html_num(f, w);
            fputs("</td></tr>\n", f);
        }
        fputs("</tbody></table></div>\n<div class=\"tw\"><table><thead><tr><th>variant</th>"
              "<th>score</th><th>first in (%)</th></tr></thead><tbody>\n",
              f);
        for (int v = 0; v < nv; v++) {
            fputs("<tr><td>", f);
            sf_html_str(f, sf_compare_variant_name(c, v));
            fputs("</td><td class=\"n\">", f);
            sf_html_num(f, sf_compare_score(c, v));
            fputs("</td><td class=\"n\">", f);
            sf_html_num(f, 100 * sf_compare_first_share(c, v));
            fputs("</td></tr>\n", f);
        }
        fputs("</tbody></table></div>\n</section>\n", f);
    }
    /* Charts: the weighted indicators, else the mean wait of each row
     * that has one (at most 12). */
    fputs("<section id=\"charts\">\n<h2>Charts</h2>\n", f);
    int charts = 0;
    for (int k = 0; k < nw && !rc; k++, charts++) {
        int u;
        sf_metric m;
        sf_compare_weight(c, k, &u, &m);
        rc = diff_chart(f, c, u, m);
    }
    for (int u = 0; u < nu && !nw && charts < 12 && !rc; u++) {
        sf_diff d = sf_compare_diff(c, 1, u, SF_M_WAIT_MEAN);
        if (isfinite(d.base)) {
            rc = diff_chart(f, c, u, SF_M_WAIT_MEAN);
            charts++;
        }
    }
    if (!charts)
        fputs("<p class=\"note\">No indicator to chart: weight some (--weights or weights: in "
              "the model) to chart them.</p>\n",
              f);
    fputs("</section>\n", f);
    for (int v = 1; v < nv && !rc; v++) {
        fprintf(f, "<section id=\"s%d\">\n<h2>Scenario ", v);
        sf_html_str(f, sf_compare_variant_name(c, v));
        fputs("</h2>\n<div class=\"tw\"><table><thead><tr><th>unit</th><th>indicator</th>"
              "<th>unit of measure</th><th>base</th><th>scenario</th><th>difference</th>"
              "<th>95 % interval</th><th></th></tr></thead><tbody>\n",
              f);
        int same = 0;
        for (int u = 0; u < nu; u++)
            for (int m = 0; m < SF_M_COUNT; m++) {
                sf_diff d = sf_compare_diff(c, v, u, (sf_metric)m);
                if (isnan(d.base) && isnan(d.value))
                    continue;
                if (identical(&d)) {
                    same++;
                    continue;
                }
                fputs("<tr><td>", f);
                sf_html_str(f, sf_compare_unit_name(c, u));
                fprintf(f, "</td><td>%s</td><td>%s</td><td class=\"n\">",
                        sf_metric_name((sf_metric)m), sf_metric_unit((sf_metric)m));
                sf_html_num(f, d.base);
                fputs("</td><td class=\"n\">", f);
                sf_html_num(f, d.value);
                fputs("</td><td class=\"n\">", f);
                sf_html_num(f, d.diff);
                fputs("</td><td class=\"n\">", f);
                sf_html_interval(f, d.lo, d.hi);
                fprintf(f, "</td><td>%s</td></tr>\n",
                        d.bonferroni    ? "**"
                        : d.significant ? "*"
                                        : "");
            }
        fputs("</tbody></table></div>\n", f);
        if (same)
            fprintf(f,
                    "<p class=\"note\">%d indicator%s identical in every replication not "
                    "shown.</p>\n",
                    same, same == 1 ? "" : "s");
        fputs("</section>\n", f);
    }
    sf_html_end(f);
    if (rc)
        return rc;
    return ferror(f) ? SF_ERR_IO : 0;
}
