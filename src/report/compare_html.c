/* compare_html.c: report.html of `samflyt compare` (compare.h,
 * sf_compare_write_html): the answers in words first (which variants meet
 * the targets, the largest significant changes), the ranking, forest plots
 * of each scenario's level against the base's in the figure's natural
 * unit, then every difference per scenario. Names and units come from the
 * label table (labels.h), in the language asked for. */
#include "core/textout.h"
#include "model/model.h"
#include "report/html.h"
#include "report/labels.h"
#include "report/svg.h"
#include "samflyt/compare.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The kind of unit u (SF_UNIT_*), -1 when the model is not known. */
static int kind_of(const sf_compare *c, const sf_model *m, int u) {
    const char *name = sf_compare_unit_name(c, u);
    for (int k = 0; m && k < m->nunits; k++)
        if (!strcmp(m->units[k].name, name))
            return (int)m->units[k].kind;
    return -1;
}

/* How metric mt of unit u is shown: by kind and by the larger of the
 * base's and the scenarios' levels (the same for every scenario, so that
 * one chart or column has one unit). Counts and the like stay plain. */
static sf_shown shown_for(const sf_compare *c, const sf_model *m, int u, sf_metric mt, sf_lang l) {
    double ref = 0;
    for (int v = 1; v < sf_compare_variant_count(c); v++) {
        sf_diff d = sf_compare_diff(c, v, u, mt);
        ref = fmax(
            ref, fmax(isfinite(d.base) ? fabs(d.base) : 0, isfinite(d.value) ? fabs(d.value) : 0));
    }
    sf_shown su = sf_shown_unit(sf_metric_unit(mt), kind_of(c, m, u), ref, l);
    const char *raw = sf_metric_unit(mt);
    if (strcmp(raw, "h") && strcmp(raw, "share") && strcmp(raw, "days") && strcmp(raw, "min"))
        su.unit = "";
    return su;
}

/* A number in the shown unit: "3.4 days", "12 %". */
static void shown_num(FILE *f, double x, sf_shown su, sf_lang l) {
    if (!isfinite(x))
        return;
    sf_html_num_lang(f, x * su.k, l);
    if (*su.unit)
        fprintf(f, " %s", su.unit);
}

/* A difference every replication shares exactly: not worth a row. */
static int identical(const sf_diff *d) { return d->n >= 2 && d->diff == 0 && d->sd == 0; }

/* Differences that are only the last digits of sums taken in another
 * order are no change either. */
static int no_change(const sf_diff *d) {
    return d->n < 2 || identical(d) ||
           (fabs(d->lo) <= 1e-9 * fabs(d->base) && fabs(d->hi) <= 1e-9 * fabs(d->base));
}

/* "gp-office: days to appointment" */
static void indicator_name(char *buf, size_t size, const sf_compare *c, int u, sf_metric m,
                           sf_lang l) {
    snprintf(buf, size, "%s: %s", sf_compare_unit_name(c, u), sf_metric_label(m, l));
}

/* One forest plot: every scenario's level of (unit u, metric m) against
 * the base's, in the natural unit; not drawn (0) when no scenario changes
 * it. 1 when drawn, or SF_ERR_NOMEM. */
static int forest(FILE *f, const sf_compare *c, const sf_model *bm, int u, sf_metric m, sf_lang l) {
    int nv = sf_compare_variant_count(c), n = 0, changed = 0;
    double base = NAN;
    for (int v = 1; v < nv; v++) {
        sf_diff d = sf_compare_diff(c, v, u, m);
        changed |= !no_change(&d);
        if (isfinite(d.base))
            base = d.base;
    }
    if (!changed || !isfinite(base))
        return 0;
    sf_shown su = shown_for(c, bm, u, m, l);
    size_t cap = (size_t)nv;
    const char **label = malloc(cap * 3 * sizeof *label);
    char *text = malloc(cap * 3 * 300);
    double *x = malloc(cap * 3 * sizeof *x);
    if (!label || !text || !x) {
        free(label);
        free(text);
        free(x);
        return SF_ERR_NOMEM;
    }
    const char **key = label + cap, **tip = label + 2 * cap;
    for (int v = 1; v < nv; v++) {
        sf_diff d = sf_compare_diff(c, v, u, m);
        char *t = text + (size_t)n * 900, a[48], b[48], e[48], g[48];
        /* a scenario that leaves it as it is in every replication has a
         * row (so the rows line up from chart to chart) but no dot */
        if (identical(&d)) {
            snprintf(t, 300, "%s (%s)", sf_compare_variant_name(c, v), sf_tr("no change", l));
            label[n] = t;
            key[n] = "";
            tip[n] = "";
            x[n] = x[cap + n] = x[2 * cap + n] = NAN;
            n++;
            continue;
        }
        label[n] = sf_compare_variant_name(c, v);
        snprintf(t, 300, "%s/%s/%s", sf_compare_variant_name(c, v), sf_compare_unit_name(c, u),
                 sf_metric_name(m));
        key[n] = t;
        snprintf(t + 300, 600, "%s: %s %s (%s %s%s %s; 95 %%: %s – %s)",
                 sf_compare_variant_name(c, v), sf_fmt_num(a, sizeof a, d.value * su.k, l), su.unit,
                 sf_tr("base", l), d.diff >= 0 ? "+" : "",
                 sf_fmt_num(b, sizeof b, d.diff * su.k, l), su.unit,
                 sf_fmt_num(e, sizeof e, (d.base + d.lo) * su.k, l),
                 sf_fmt_num(g, sizeof g, (d.base + d.hi) * su.k, l));
        tip[n] = t + 300;
        x[n] = isfinite(d.diff) ? (d.base + d.diff) * su.k : NAN;
        x[cap + n] = isfinite(d.lo) && d.n >= 2 ? (d.base + d.lo) * su.k : NAN;
        x[2 * cap + n] = isfinite(d.hi) && d.n >= 2 ? (d.base + d.hi) * su.k : NAN;
        n++;
    }
    char title[400], xt[300], bl[200], bv[48];
    indicator_name(title, sizeof title, c, u, m, l);
    snprintf(xt, sizeof xt, "%s%s%s%s", sf_metric_label(m, l), *su.unit ? " (" : "", su.unit,
             *su.unit ? ")" : "");
    snprintf(bl, sizeof bl, "%s %s %s", sf_tr("base", l), sf_fmt_num(bv, sizeof bv, base * su.k, l),
             su.unit);
    sf_svg_forest(f, title, xt, base * su.k, bl, label, key, tip, x, x + cap, x + 2 * cap, n, su.k,
                  l);
    free(label);
    free(text);
    free(x);
    return 1;
}

/* A level of criterion k in the indicator's shown unit, or "-". */
static void level(FILE *f, double x, sf_shown su, sf_lang l) {
    if (isnan(x))
        fputs("-", f);
    else
        shown_num(f, x, su, l);
}

/* The ranking: the criteria (levels in the metric's unit), then the
 * variants in rank order with what decided each place. */
static void ranking(FILE *f, const sf_compare *c, const sf_model *bm, sf_lang l) {
    int nv = sf_compare_variant_count(c), nw = sf_compare_weight_count(c);
    fprintf(f, "<section id=\"ranking\">\n<h2>%s</h2>\n<p class=\"about\">", sf_tr("Ranking", l));
    fprintf(f,
            sf_tr("Targets first: a variant meets a target when the 95 %% interval of the "
                  "indicator's mean lies within it, and every variant that meets all targets "
                  "ranks above every variant that does not. Then value: each weighted indicator "
                  "scores 0 at its worst level and 1 at its best, linearly in its own unit, and a "
                  "variant's value is the weighted mean times 100 (the weights are swing "
                  "weights: the importance of moving that indicator from worst to best). Ranks "
                  "differ only where the paired difference in value is significant (t-test, "
                  "Bonferroni over %d pairs); tied: not distinguishable with %d replications. "
                  "Best in: the share of replications in which the variant has the highest "
                  "value among those that meet all targets.",
                  l),
            sf_compare_pairs(c), sf_compare_replications(c));
    fprintf(f,
            "</p>\n<div class=\"tw\"><table><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
            "<th>%s</th><th>%s</th></tr></thead><tbody>\n",
            sf_tr("indicator", l), sf_tr("worst", l), sf_tr("best", l), sf_tr("weight", l),
            sf_tr("target", l));
    for (int k = 0; k < nw; k++) {
        int u;
        sf_metric m;
        sf_compare_weight(c, k, &u, &m);
        sf_criterion q = sf_compare_criterion(c, k);
        sf_shown su = shown_for(c, bm, u, m, l);
        char name[400];
        indicator_name(name, sizeof name, c, u, m, l);
        fputs("<tr><td>", f);
        sf_html_str(f, name);
        fputs("</td><td class=\"n\">", f);
        level(f, q.w > 0 ? q.worst : NAN, su, l);
        fputs("</td><td class=\"n\">", f);
        level(f, q.w > 0 ? q.best : NAN, su, l);
        fputs("</td><td class=\"n\">", f);
        if (q.w > 0)
            sf_html_num_lang(f, q.w, l);
        else
            fputs("-", f);
        fputs("</td><td>", f);
        if (!isnan(q.tmin)) {
            fputs("&ge; ", f);
            shown_num(f, q.tmin, su, l);
            fputs(isnan(q.tmax) ? "" : ", ", f);
        }
        if (!isnan(q.tmax)) {
            fputs("&le; ", f);
            shown_num(f, q.tmax, su, l);
        }
        fputs("</td></tr>\n", f);
    }
    fprintf(f,
            "</tbody></table></div>\n<div class=\"tw\"><table><thead><tr><th>%s</th>"
            "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
            sf_tr("rank", l), sf_tr("variant", l), sf_tr("value", l), sf_tr("vs base", l),
            sf_tr("best in (%)", l), sf_tr("verdict", l));
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
            sf_html_num_lang(f, row.value, l);
            fputs("</td><td class=\"n\">", f);
            if (v) {
                sf_html_num_lang(f, row.vs_base.diff, l);
                fputs(" ± ", f);
                sf_html_num_lang(f, row.vs_base.half, l);
            }
            fputs("</td><td class=\"n\">", f);
            if (row.meets || !meets_any)
                sf_html_num_lang(f, 100 * row.first, l);
            else
                fputs("-", f);
            fputs("</td><td>", f);
            if (row.meets)
                fputs(
                    sf_tr(row.rank == 1 ? "best value; meets all targets" : "meets all targets", l),
                    f);
            else {
                int u;
                sf_metric m;
                sf_compare_weight(c, row.missed, &u, &m);
                sf_criterion q = sf_compare_criterion(c, row.missed);
                sf_shown su = shown_for(c, bm, u, m, l);
                char name[400];
                indicator_name(name, sizeof name, c, u, m, l);
                fprintf(f, "%s ", sf_tr("misses target", l));
                sf_html_str(f, name);
                fprintf(f, " %s ", isnan(q.tmax) ? "&ge;" : "&le;");
                shown_num(f, isnan(q.tmax) ? q.tmin : q.tmax, su, l);
                fprintf(f, " (%s ", sf_tr("mean", l));
                shown_num(f, row.missed_mean, su, l);
                fprintf(f, ", %s ", sf_tr("95 % bound", l));
                shown_num(f, row.missed_bound, su, l);
                fputs(")", f);
            }
            for (int same = 1; same >= 0; same--) {
                int ties = 0;
                for (int o = 0; o < nv; o++) {
                    sf_rank_row b = sf_compare_rank(c, o);
                    if (o == v || b.meets != row.meets || (b.rank == row.rank) != same ||
                        sf_compare_better(c, o, v) || sf_compare_better(c, v, o))
                        continue;
                    fprintf(f, "%s",
                            ties++ ? ", "
                            : same ? sf_tr("; tied with ", l)
                                   : sf_tr("; not distinguishable from ", l));
                    sf_html_str(f, sf_compare_variant_name(c, o));
                }
            }
            fputs("</td></tr>\n", f);
        }
    fputs("</tbody></table></div>\n</section>\n", f);
}

/* The indicators the charts and the headline look at first, in this
 * order (when no weights name others). */
static const sf_metric key_metrics[] = {
    SF_M_WAIT_MEAN,    SF_M_APPT_DAYS_MEAN, SF_M_FULL_SHARE,    SF_M_REJECT_SHARE,
    SF_M_BLOCKED_DAYS, SF_M_LOS_MEAN,       SF_M_UTILISATION,   SF_M_TNAA_DAYS,
    SF_M_CONTINUITY,   SF_M_TRAVEL_MEAN,    SF_M_RESP_WITHIN12, SF_M_RESP_MEAN,
};
enum { NKEY = sizeof key_metrics / sizeof key_metrics[0] };

/* The headline: which variants meet the targets, and per scenario its
 * largest significant changes (relative to the base) among the key
 * indicators. */
static void headline(FILE *f, const sf_compare *c, const sf_model *bm, sf_lang l) {
    int nv = sf_compare_variant_count(c), nu = sf_compare_unit_count(c);
    fprintf(f, "<section id=\"headline\" class=\"headline\">\n<h2>%s</h2>\n<ul>\n",
            sf_tr("In short", l));
    if (sf_compare_weight_count(c)) {
        int k = 0;
        fprintf(f, "<li>%s: ", sf_tr("Meet all targets", l));
        for (int v = 0; v < nv; v++)
            if (sf_compare_rank(c, v).meets) {
                fputs(k++ ? ", " : "", f);
                sf_html_str(f, sf_compare_variant_name(c, v));
            }
        fprintf(f, "%s.", k ? "" : sf_tr("none", l));
        for (int v = 0; v < nv; v++)
            if (sf_compare_rank(c, v).rank == 1 && sf_compare_rank(c, v).meets) {
                fprintf(f, " %s: ", sf_tr("Best value", l));
                sf_html_str(f, sf_compare_variant_name(c, v));
                fputs(".", f);
                break;
            }
        fputs("</li>\n", f);
    }
    for (int v = 1; v < nv; v++) {
        /* the three largest significant relative changes */
        int bu[3] = {-1, -1, -1}, bk[3] = {0, 0, 0};
        double bs[3] = {0, 0, 0};
        for (int u = 0; u < nu; u++)
            for (int k = 0; k < NKEY; k++) {
                sf_diff d = sf_compare_diff(c, v, u, key_metrics[k]);
                if (!d.significant || no_change(&d) || !isfinite(d.base))
                    continue;
                /* at a booked clinic the wait is the days to appointment */
                if (key_metrics[k] == SF_M_WAIT_MEAN &&
                    isfinite(sf_compare_diff(c, v, u, SF_M_APPT_DAYS_MEAN).base))
                    continue;
                double s = fabs(d.diff) / fmax(fabs(d.base), 1e-9);
                if (!strcmp(sf_metric_unit(key_metrics[k]), "share"))
                    s = fabs(d.diff) / fmax(fabs(d.base), 0.01);
                for (int j = 0; j < 3; j++)
                    if (s > bs[j]) {
                        for (int t = 2; t > j; t--)
                            bs[t] = bs[t - 1], bu[t] = bu[t - 1], bk[t] = bk[t - 1];
                        bs[j] = s, bu[j] = u, bk[j] = k;
                        break;
                    }
            }
        fputs("<li><b>", f);
        sf_html_str(f, sf_compare_variant_name(c, v));
        fputs("</b>: ", f);
        if (bu[0] < 0)
            fputs(sf_tr("no significant change in the key indicators.", l), f);
        for (int j = 0; j < 3 && bu[j] >= 0; j++) {
            sf_metric m = key_metrics[bk[j]];
            sf_diff d = sf_compare_diff(c, v, bu[j], m);
            sf_shown su = shown_for(c, bm, bu[j], m, l);
            char name[400];
            indicator_name(name, sizeof name, c, bu[j], m, l);
            fputs(j ? "; " : "", f);
            sf_html_str(f, name);
            char a[48], b[48], e[48], g[48];
            int dec = su.dec + (fabs(d.diff * su.k) < 1 && strcmp(su.unit, "%"));
            fprintf(f, " %s → %s %s (%s %s%s – %s %s)",
                    sf_fmt_fixed(a, sizeof a, d.base * su.k, dec, l),
                    sf_fmt_fixed(b, sizeof b, d.value * su.k, dec, l), su.unit, sf_tr("change", l),
                    d.lo > 0 ? "+" : "", sf_fmt_fixed(e, sizeof e, d.lo * su.k, dec, l),
                    sf_fmt_fixed(g, sizeof g, d.hi * su.k, dec, l), su.unit);
        }
        fputs(bu[0] >= 0 ? ".</li>\n" : "</li>\n", f);
    }
    fputs("</ul>\n</section>\n", f);
}

/* The charts: the weighted indicators, then the key indicators of every
 * unit that some scenario changes (at most 24 charts), in one grid. The
 * dashboard's what-if draws these too (sf_serve_svg_forest). */
int sf_compare_write_forests(const sf_compare *c, const sf_model *bm, sf_lang l, FILE *f) {
    int nv = sf_compare_variant_count(c), nu = sf_compare_unit_count(c),
        nw = sf_compare_weight_count(c), rc = 0, charts = 0;
    fputs("<div class=\"panels\">\n", f);
    for (int k = 0; k < nw && rc >= 0; k++) {
        int u;
        sf_metric m;
        sf_compare_weight(c, k, &u, &m);
        rc = forest(f, c, bm, u, m, l);
        charts += rc > 0;
    }
    for (int k = 0; k < NKEY && rc >= 0; k++)
        for (int u = 0; u < nu && charts < 24 && rc >= 0; u++) {
            int dup = 0;
            for (int j = 0; j < nw; j++) {
                int wu;
                sf_metric wm;
                sf_compare_weight(c, j, &wu, &wm);
                dup |= wu == u && wm == key_metrics[k];
            }
            /* at a booked clinic the wait is the days to appointment */
            if (dup || (key_metrics[k] == SF_M_WAIT_MEAN && nv > 1 &&
                        isfinite(sf_compare_diff(c, 1, u, SF_M_APPT_DAYS_MEAN).base)))
                continue;
            rc = forest(f, c, bm, u, key_metrics[k], l);
            charts += rc > 0;
        }
    fputs("</div>\n", f);
    return rc < 0 ? rc : charts;
}

int sf_compare_write_report(const sf_compare *c, const char *model, const sf_model *bm, sf_lang l,
                            FILE *f) {
    int nv = sf_compare_variant_count(c), nu = sf_compare_unit_count(c), rc = 0;
    char title[300];
    snprintf(title, sizeof title, sf_tr("%s: scenarios compared", l), model);
    sf_html_begin_lang(f, title, l);
    fputs("<p class=\"about\">", f);
    fprintf(f,
            sf_tr("The base model and %d scenario(s), %d replications each with common random "
                  "numbers (every variant's replication k sees the same random draws, so the "
                  "differences are paired). A difference is scenario - base, the mean over the "
                  "paired replications with its 95 %% interval; * marks an interval that "
                  "excludes 0, ** one that is also significant after a Bonferroni correction "
                  "over all %d differences. Written by samflyt compare; the method is in "
                  "docs/compare.md, and every figure is in compare.csv and compare.json beside "
                  "this report.",
                  l),
            nv - 1, sf_compare_replications(c), sf_compare_tests(c));
    fputs("</p>\n<nav>", f);
    int nw = sf_compare_weight_count(c);
    if (nw)
        fprintf(f, "<a href=\"#ranking\">%s</a>", sf_tr("Ranking", l));
    fprintf(f, "<a href=\"#charts\">%s</a>", sf_tr("Charts", l));
    for (int v = 1; v < nv; v++) {
        fprintf(f, "<a href=\"#s%d\">", v);
        sf_html_str(f, sf_compare_variant_name(c, v));
        fputs("</a>", f);
    }
    fputs("</nav>\n", f);
    headline(f, c, bm, l);
    if (nw)
        ranking(f, c, bm, l);
    /* Charts: the weighted indicators, then the key indicators of every
     * unit that some scenario changes (at most 24 charts). */
    fprintf(f, "<section id=\"charts\">\n<h2>%s</h2>\n<p class=\"about\">%s</p>\n",
            sf_tr("Charts", l),
            sf_tr("Each scenario's level of an indicator (dot) with the paired 95 % interval "
                  "(bar), on the indicator's own scale, against the base's level (dashed line). "
                  "An indicator no scenario changes is not drawn.",
                  l));
    int charts = sf_compare_write_forests(c, bm, l, f);
    rc = charts < 0 ? charts : 0;
    if (!charts)
        fprintf(f, "<p class=\"note\">%s</p>\n",
                sf_tr("No scenario changes a key indicator: every difference is 0 in every "
                      "replication.",
                      l));
    fputs("</section>\n", f);
    for (int v = 1; v < nv && !rc; v++) {
        fprintf(f, "<section id=\"s%d\">\n<h2>%s ", v, sf_tr("Scenario", l));
        sf_html_str(f, sf_compare_variant_name(c, v));
        fprintf(f,
                "</h2>\n<div class=\"tw\"><table><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th><th></th></tr></thead><tbody>\n",
                sf_tr("unit", l), sf_tr("indicator", l), sf_tr("base", l), sf_tr("scenario", l),
                sf_tr("difference", l), sf_tr("95 % interval", l));
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
                sf_shown su = shown_for(c, bm, u, (sf_metric)m, l);
                fputs("<tr data-key=\"", f);
                sf_html_str(f, sf_compare_unit_name(c, u));
                fprintf(f, "/%s\" data-scale=\"%.10g\"><td>", sf_metric_name((sf_metric)m), su.k);
                sf_html_str(f, sf_compare_unit_name(c, u));
                fputs("</td><td>", f);
                sf_html_str(f, sf_metric_label((sf_metric)m, l));
                fputs("</td><td class=\"n\">", f);
                shown_num(f, d.base, su, l);
                fputs("</td><td class=\"n\">", f);
                shown_num(f, d.value, su, l);
                fputs("</td><td class=\"n\">", f);
                shown_num(f, d.diff, su, l);
                fputs("</td><td class=\"n\">", f);
                if (isfinite(d.lo)) {
                    sf_html_num_lang(f, d.lo * su.k, l);
                    fputs(" – ", f);
                    sf_html_num_lang(f, d.hi * su.k, l);
                }
                fprintf(f, "</td><td>%s</td></tr>\n",
                        d.bonferroni    ? "**"
                        : d.significant ? "*"
                                        : "");
            }
        fputs("</tbody></table></div>\n", f);
        if (same) {
            fputs("<p class=\"note\">", f);
            fprintf(f, sf_tr("%d indicator(s) identical in every replication not shown.", l), same);
            fputs("</p>\n", f);
        }
        fputs("</section>\n", f);
    }
    sf_html_end(f);
    if (rc)
        return rc;
    return ferror(f) ? SF_ERR_IO : 0;
}

int sf_compare_write_html(const sf_compare *c, const char *model, FILE *f) {
    return sf_compare_write_report(c, model, NULL, SF_LANG_EN, f);
}
