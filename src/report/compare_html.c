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

static void level(FILE *f, double x) {
    if (isnan(x))
        fputs("-", f);
    else
        sf_html_num(f, x);
}

/* The ranking: the criteria (levels in the metric's unit), then the
 * variants in rank order with what decided each place. */
static void ranking(FILE *f, const sf_compare *c) {
    int nv = sf_compare_variant_count(c), nw = sf_compare_weight_count(c);
    fprintf(f,
            "<section id=\"ranking\">\n<h2>Ranking</h2>\n<p class=\"about\">Targets first: a "
            "variant meets a target when the 95 %% interval of the indicator's mean lies "
            "within it, and every variant that meets all targets ranks above every variant "
            "that does not. Then value: each weighted indicator scores 0 at its worst level "
            "and 1 at its best, linearly in its own unit, and a variant's value is the "
            "weighted mean times 100 (the weights are swing weights: the importance of moving "
            "that indicator from worst to best). Ranks differ only where the paired difference "
            "in value is significant (t-test, Bonferroni over %d pairs); tied: not "
            "distinguishable with %d replications. Best in: the share of replications in which "
            "the variant has the highest value among those that meet all targets.</p>\n"
            "<div class=\"tw\"><table><thead><tr><th>indicator</th><th>unit</th><th>worst</th>"
            "<th>best</th><th>weight</th><th>target</th></tr></thead><tbody>\n",
            sf_compare_pairs(c), sf_compare_replications(c));
    for (int k = 0; k < nw; k++) {
        int u;
        sf_metric m;
        sf_compare_weight(c, k, &u, &m);
        sf_criterion q = sf_compare_criterion(c, k);
        fputs("<tr><td>", f);
        sf_html_str(f, sf_compare_unit_name(c, u));
        fprintf(f, ".%s</td><td>%s</td><td class=\"n\">", sf_metric_name(m), sf_metric_unit(m));
        level(f, q.w > 0 ? q.worst : NAN);
        fputs("</td><td class=\"n\">", f);
        level(f, q.w > 0 ? q.best : NAN);
        fputs("</td><td class=\"n\">", f);
        level(f, q.w > 0 ? q.w : NAN);
        fputs("</td><td>", f);
        if (!isnan(q.tmin)) {
            fputs("&ge; ", f);
            sf_html_num(f, q.tmin);
            fputs(isnan(q.tmax) ? "" : ", ", f);
        }
        if (!isnan(q.tmax)) {
            fputs("&le; ", f);
            sf_html_num(f, q.tmax);
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table></div>\n<div class=\"tw\"><table><thead><tr><th>rank</th>"
          "<th>variant</th><th>value</th><th>vs base</th><th>best in (%)</th><th>verdict</th>"
          "</tr></thead><tbody>\n",
          f);
    int meets_any = 0;
    for (int v = 0; v < nv; v++)
        meets_any |= sf_compare_rank(c, v).meets;
    for (int r = 1; r <= nv; r++)
        for (int v = 0; v < nv; v++) {
            sf_rank_row row = sf_compare_rank(c, v);
            if (row.rank != r)
                continue;
            fprintf(f, "<tr><td class=\"n\">%d</td><td>", row.rank);
            sf_html_str(f, sf_compare_variant_name(c, v));
            fputs("</td><td class=\"n\">", f);
            sf_html_num(f, row.value);
            fputs("</td><td class=\"n\">", f);
            if (v) {
                sf_html_num(f, row.vs_base.diff);
                fputs(" ± ", f);
                sf_html_num(f, row.vs_base.half);
            }
            fputs("</td><td class=\"n\">", f);
            level(f, row.meets || !meets_any ? 100 * row.first : NAN);
            fputs("</td><td>", f);
            if (row.meets)
                fputs(row.rank == 1 ? "best value; meets all targets" : "meets all targets", f);
            else {
                int u;
                sf_metric m;
                sf_compare_weight(c, row.missed, &u, &m);
                sf_criterion q = sf_compare_criterion(c, row.missed);
                fputs("misses target ", f);
                sf_html_str(f, sf_compare_unit_name(c, u));
                fprintf(f, ".%s %s ", sf_metric_name(m), isnan(q.tmax) ? "&ge;" : "&le;");
                sf_html_num(f, isnan(q.tmax) ? q.tmin : q.tmax);
                fprintf(f, " %s (mean ", sf_metric_unit(m));
                sf_html_num(f, row.missed_mean);
                fputs(", 95 % bound ", f);
                sf_html_num(f, row.missed_bound);
                fputs(")", f);
            }
            for (int same = 1; same >= 0; same--) {
                int ties = 0;
                for (int o = 0; o < nv; o++) {
                    sf_rank_row b = sf_compare_rank(c, o);
                    if (o == v || b.meets != row.meets || (b.rank == row.rank) != same ||
                        sf_compare_better(c, o, v) || sf_compare_better(c, v, o))
                        continue;
                    fputs(ties++ ? ", " : same ? "; tied with " : "; not distinguishable from ", f);
                    sf_html_str(f, sf_compare_variant_name(c, o));
                }
            }
            fputs("</td></tr>\n", f);
        }
    fputs("</tbody></table></div>\n</section>\n", f);
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
    if (nw)
        ranking(f, c);
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
