/* sweep_html.c: report.html of `samflyt sweep` (docs/sweep.md, "Report"):
 * the answer, the feasible region over two decisions as a heat map, the
 * Pareto front of cost against each targeted indicator, and the cost of
 * meeting each target on its own. It reads the sweep's record (sweep.h)
 * and draws with the report's shared parts (html.h, svg.h); it computes
 * nothing the sweep did not. Every figure cell carries its configuration
 * and value as data- attributes, so a test can check them against
 * sweep.json. Self-contained: no script, nothing fetched. */
#include "report/sweep.h"

#include "core/textout.h"
#include "report/html.h"
#include "report/svg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *status_class(const sf_sweep *s, long c) {
    switch (sf_sweep_status(s, c)) {
    case SF_SWEEP_MET: return sf_sweep_ran(s, c) ? "met" : "met_inferred";
    case SF_SWEEP_NOT_MET: return sf_sweep_ran(s, c) ? "not_met" : "not_met_inferred";
    case SF_SWEEP_DROPPED: return "dropped";
    default: return "unknown";
    }
}

static void decision_name(const sf_sweep_var *v, FILE *f) {
    const char *p = strncmp(v->path, "units.", 6) ? v->path : v->path + 6;
    for (; *p; p++)
        fputc(*p == '.' ? ' ' : *p, f);
}

static void config_text(const sf_sweep *s, long c, FILE *f) {
    for (int k = 0; k < sf_sweep_vars(s); k++) {
        fputs(k ? ", " : "", f);
        decision_name(sf_sweep_var_of(s, k), f);
        fprintf(f, " %d", sf_sweep_value(s, c, k));
    }
}

/* The configuration with values vals, or -1. */
static long config_at(const sf_sweep *s, const int *vals) {
    long c = 0;
    for (int k = 0; k < sf_sweep_vars(s); k++) {
        const sf_sweep_var *v = sf_sweep_var_of(s, k);
        long cnt = (v->hi - v->lo) / v->step + 1, i = (vals[k] - v->lo) / v->step;
        if (vals[k] < v->lo || vals[k] > v->hi || (vals[k] - v->lo) % v->step)
            return -1;
        c = c * cnt + i;
    }
    return c;
}

/* Rows: the first decision; columns: the second (one column without
 * one); the other decisions at the answer's values (or their lowest). */
static void heat_map(const sf_sweep *s, long best, FILE *f) {
    int nv = sf_sweep_vars(s), vals[SF_SWEEP_MAX_VARS];
    for (int k = 0; k < nv; k++)
        vals[k] = best >= 0 ? sf_sweep_value(s, best, k) : sf_sweep_var_of(s, k)->lo;
    const sf_sweep_var *r = sf_sweep_var_of(s, 0), *col = nv > 1 ? sf_sweep_var_of(s, 1) : NULL;
    const sf_sweep_target *t0 = sf_sweep_target_of(s, 0);
    fputs("<h2>Feasible region</h2>\n<p class=\"note\">Each cell is a configuration: green "
          "meets every target (pale: settled by monotonicity without a run), red does not "
          "(pale: settled), grey was dropped (it costs at least as much as one that meets, or "
          "more than the budget), "
          "blank did not run. The figure is the mean of ",
          f);
    sf_html_str(f, t0->unit);
    char lb[64];
    fprintf(f, ".%s; the framed cell is the answer.", sf_sweep_metric_label(t0, lb));
    if (nv > 2) {
        fputs(" The other decisions are held at the answer's values: ", f);
        for (int k = 2; k < nv; k++) {
            fputs(k > 2 ? ", " : "", f);
            decision_name(sf_sweep_var_of(s, k), f);
            fprintf(f, " %d", vals[k]);
        }
        fputs(".", f);
    }
    fputs("</p>\n<div class=\"tw\"><table class=\"heat\">\n<tr><th>", f);
    decision_name(r, f);
    if (col) {
        fputs(" \\ ", f);
        decision_name(col, f);
    }
    fputs("</th>", f);
    if (col)
        for (int j = col->lo; j <= col->hi; j += col->step)
            fprintf(f, "<th>%d</th>", j);
    else
        fputs("<th></th>", f);
    fputs("</tr>\n", f);
    for (int i = r->lo; i <= r->hi; i += r->step) {
        fprintf(f, "<tr><th>%d</th>", i);
        for (int j = col ? col->lo : 0; j <= (col ? col->hi : 0); j += col ? col->step : 1) {
            vals[0] = i;
            if (col)
                vals[1] = j;
            long c = config_at(s, vals);
            const char *cls = status_class(s, c);
            fprintf(f, "<td class=\"n %s%s\" data-config=\"%ld\" data-status=\"%s\"", cls,
                    c == best ? " best" : "", c + 1, cls);
            if (sf_sweep_ran(s, c)) {
                double m = sf_sweep_estimate(s, c, 0).mean;
                fprintf(f, " data-mean=\"%.10g\">", m);
                sf_html_num(f, m);
            } else
                fputs(">", f);
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table></div>\n", f);
}

typedef struct pareto_axis {
    const sf_sweep *s;
    const long *cfg;
} pareto_axis;

static void cost_label(size_t i, char *buf, size_t size, void *user) {
    const pareto_axis *a = user;
    snprintf(buf, size, "%.4g", sf_sweep_cost(a->s, a->cfg[i]));
}

/* The Pareto front in order of cost, per target: its mean against cost,
 * with the target's level as a second line; and the table. */
static void pareto(const sf_sweep *s, FILE *f) {
    long n = sf_sweep_size(s), np = 0;
    long *cfg = malloc((size_t)n * sizeof *cfg);
    double *y = malloc((size_t)n * 2 * sizeof *y);
    if (!cfg || !y) {
        free(cfg);
        free(y);
        return;
    }
    for (long c = 0; c < n; c++)
        if (sf_sweep_pareto(s, c)) {
            long i = np++;
            /* insertion by cost, then grid order */
            while (i > 0 && sf_sweep_cost(s, cfg[i - 1]) > sf_sweep_cost(s, c)) {
                cfg[i] = cfg[i - 1];
                i--;
            }
            cfg[i] = c;
        }
    const sf_sweep_target *ob = sf_sweep_objective(s);
    pareto_axis ax = {s, cfg};
    if (ob) {
        char lb[64], title[300];
        fputs("<h2>Pareto front</h2>\n<p class=\"note\">Cost against the objective: the "
              "configurations that meet every target (within the budget) and that no other "
              "beats, at most as costly and at least as good in the mean of ",
              f);
        sf_html_str(f, ob->unit);
        fprintf(f, ".%s (%s is better).", sf_sweep_metric_label(ob, lb),
                ob->upper ? "lower" : "higher");
        if (np > 1) {
            /* in words: what the money buys from the cheapest to the dearest */
            sf_estimate a = sf_sweep_objective_estimate(s, cfg[0]),
                        b = sf_sweep_objective_estimate(s, cfg[np - 1]);
            fputs(" In words: spending ", f);
            sf_html_num(f, sf_sweep_cost(s, cfg[np - 1]) - sf_sweep_cost(s, cfg[0]));
            fputs(" more than the cheapest of them (", f);
            config_text(s, cfg[0], f);
            fputs(", cost ", f);
            sf_html_num(f, sf_sweep_cost(s, cfg[0]));
            fprintf(f, ") %s the mean from ", ob->upper ? "lowers" : "raises");
            sf_html_num(f, a.mean);
            fputs(" to ", f);
            sf_html_num(f, b.mean);
            fputs(" ", f);
            sf_html_str(f, sf_metric_unit(ob->metric));
            fputs(" (", f);
            config_text(s, cfg[np - 1], f);
            fputs("); each step of the table buys its difference.", f);
        }
        fputs("</p>\n", f);
        for (long i = 0; i < np; i++)
            y[i] = sf_sweep_objective_estimate(s, cfg[i]).mean;
        snprintf(title, sizeof title, "%.120s.%s against cost", ob->unit,
                 sf_sweep_metric_label(ob, lb));
        sf_svg_series sr[1] = {{"mean", y}};
        if (np > 0)
            sf_svg_lines(f, title, sf_metric_unit(ob->metric), sr, 1, (size_t)np, 1, cost_label,
                         &ax);
    } else
        fputs("<h2>Pareto front</h2>\n<p class=\"note\">The configurations that ran and that no "
              "other that ran beats: at most as costly and at least as good in every targeted "
              "indicator's mean. Each step to the right buys what the chart shows.</p>\n",
              f);
    for (int k = 0; k < sf_sweep_targets(s) && np > 0; k++) {
        const sf_sweep_target *t = sf_sweep_target_of(s, k);
        char lb[64];
        for (long i = 0; i < np; i++) {
            y[i] = sf_sweep_estimate(s, cfg[i], k).mean;
            y[np + i] = t->bound;
        }
        char title[300], yt[100];
        snprintf(title, sizeof title, "%.120s.%s against cost", t->unit,
                 sf_sweep_metric_label(t, lb));
        snprintf(yt, sizeof yt, "%s", sf_metric_unit(t->metric));
        sf_svg_series sr[2] = {{"mean", y}, {"target", y + np}};
        sf_svg_lines(f, title, yt, sr, 2, (size_t)np, 1, cost_label, &ax);
    }
    fputs("<div class=\"tw\"><table class=\"pareto\">\n<tr><th>configuration</th><th>cost</th>", f);
    for (int k = 0; k < sf_sweep_targets(s); k++) {
        const sf_sweep_target *t = sf_sweep_target_of(s, k);
        char lb[64];
        fputs("<th>", f);
        sf_html_str(f, t->unit);
        fprintf(f, ".%s</th>", sf_sweep_metric_label(t, lb));
    }
    if (ob) {
        char lb[64];
        fputs("<th>", f);
        sf_html_str(f, ob->unit);
        fprintf(f, ".%s (objective)</th>", sf_sweep_metric_label(ob, lb));
    }
    fputs("<th>verdict</th></tr>\n", f);
    for (long i = 0; i < np; i++) {
        fprintf(f, "<tr data-config=\"%ld\" data-cost=\"%.10g\"><td>", cfg[i] + 1,
                sf_sweep_cost(s, cfg[i]));
        config_text(s, cfg[i], f);
        fputs("</td><td class=\"n\">", f);
        sf_html_num(f, sf_sweep_cost(s, cfg[i]));
        fputs("</td>", f);
        for (int k = 0; k < sf_sweep_targets(s); k++) {
            sf_estimate e = sf_sweep_estimate(s, cfg[i], k);
            fputs("<td class=\"n\">", f);
            sf_html_num(f, e.mean);
            fputs(" (", f);
            sf_html_interval(f, e.lo, e.hi);
            fputs(")</td>", f);
        }
        if (ob) {
            sf_estimate e = sf_sweep_objective_estimate(s, cfg[i]);
            fprintf(f, "<td class=\"n\" data-objective=\"%.10g\">", e.mean);
            sf_html_num(f, e.mean);
            fputs(" (", f);
            sf_html_interval(f, e.lo, e.hi);
            fputs(")</td>", f);
        }
        fprintf(f, "<td>%s%s%s</td></tr>\n",
                sf_sweep_status(s, cfg[i]) == SF_SWEEP_MET ? "met" : "not met",
                *sf_sweep_selection(s, cfg[i]) ? ", " : "", sf_sweep_selection(s, cfg[i]));
    }
    fputs("</table></div>\n", f);
    free(cfg);
    free(y);
}

/* Per target, the cheapest configuration that ran and met it (whatever
 * the others), and every target together: what each target costs. */
static void target_costs(const sf_sweep *s, long best, FILE *f) {
    fputs("<h2>The cost of meeting each target</h2>\n<p class=\"note\">For each target on its "
          "own, the cheapest configuration that ran and met it; the last row is every target "
          "together (the answer). Only configurations that ran take part.</p>\n"
          "<table class=\"targets\">\n<tr><th>target</th><th>cheapest configuration that "
          "meets it</th><th>cost</th></tr>\n",
          f);
    for (int k = 0; k <= sf_sweep_targets(s); k++) {
        long b = -1;
        if (k == sf_sweep_targets(s))
            b = best;
        else
            for (long c = 0; c < sf_sweep_size(s); c++)
                if (sf_sweep_ran(s, c) && sf_sweep_target_met(s, c, k) &&
                    (b < 0 || sf_sweep_cost(s, c) < sf_sweep_cost(s, b)))
                    b = c;
        fprintf(f, "<tr data-target=\"%d\" data-config=\"%ld\"", k, b + 1);
        if (b >= 0)
            fprintf(f, " data-cost=\"%.10g\"", sf_sweep_cost(s, b));
        fputs("><td>", f);
        if (k < sf_sweep_targets(s))
            sf_html_str(f, sf_sweep_target_of(s, k)->shown);
        else
            fputs("every target", f);
        fputs("</td><td>", f);
        if (b >= 0)
            config_text(s, b, f);
        else
            fputs("none of those that ran", f);
        fputs("</td><td class=\"n\">", f);
        if (b >= 0)
            sf_html_num(f, sf_sweep_cost(s, b));
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

int sf_sweep_write_html(const sf_sweep *s, const char *model, FILE *f) {
    return sf_sweep_write_page(s, model, NULL, f);
}

int sf_sweep_write_page(const sf_sweep *s, const char *model, const char *served, FILE *f) {
    char title[300];
    snprintf(title, sizeof title, "samflyt sweep: %.250s", model);
    sf_html_begin(f, title);
    if (served) {
        fputs("<p><a href=\"/\">all models</a> · <code>", f);
        sf_html_str(f, served);
        fputs("/sweep.json</code></p>\n", f);
    }
    fputs("<style>.heat td{min-width:3em;border:1px solid #fff}"
          ".heat .met{background:#4caf50;color:#fff}.heat .met_inferred{background:#c8e6c9}"
          ".heat .not_met{background:#e53935;color:#fff}.heat .not_met_inferred{background:"
          "#ffcdd2}.heat .dropped{background:#bdbdbd}.heat .best{outline:3px solid #000}"
          "</style>\n",
          f);
    long best = sf_sweep_best(s);
    const sf_sweep_target *ob = sf_sweep_objective(s);
    double budget = sf_sweep_max_cost(s);
    fputs("<p class=\"answer\">", f);
    if (best < 0) {
        fputs("No configuration of the grid meets every target", f);
        if (isfinite(budget)) {
            fputs(" within the budget (cost at most ", f);
            sf_html_num(f, budget);
            fputs(")", f);
        }
        fputs(".", f);
    } else if (ob) {
        char lb[64];
        sf_estimate e = sf_sweep_objective_estimate(s, best);
        fprintf(f, "The %s mean of ", ob->upper ? "lowest" : "highest");
        sf_html_str(f, ob->unit);
        fprintf(f, ".%s among the configurations that meet every target",
                sf_sweep_metric_label(ob, lb));
        if (isfinite(budget)) {
            fputs(" and cost at most ", f);
            sf_html_num(f, budget);
        }
        fputs(": <b>", f);
        config_text(s, best, f);
        fputs("</b>, cost ", f);
        sf_html_num(f, sf_sweep_cost(s, best));
        fputs(", mean ", f);
        sf_html_num(f, e.mean);
        fputs(" (", f);
        sf_html_interval(f, e.lo, e.hi);
        fputs(") ", f);
        sf_html_str(f, sf_metric_unit(ob->metric));
        fputs(". Differences below ", f);
        sf_html_num(f, sf_sweep_delta(s));
        fputs(" are not told apart", f);
        if (sf_sweep_ties(s)) {
            fprintf(f, ": it is a <b>tie</b> with %ld other%s (", sf_sweep_ties(s),
                    sf_sweep_ties(s) == 1 ? "" : "s");
            for (long c = 0, first = 1; c < sf_sweep_size(s); c++)
                if (sf_sweep_tied(s, c)) {
                    fputs(first ? "" : "; ", f);
                    config_text(s, c, f);
                    fputs(", cost ", f);
                    sf_html_num(f, sf_sweep_cost(s, c));
                    first = 0;
                }
            fputs("), to be chosen on other grounds such as cost.", f);
        } else
            fputs(": no other configuration comes that close.", f);
    } else {
        fputs("Cheapest configuration that meets every target: <b>", f);
        config_text(s, best, f);
        fputs("</b>, cost ", f);
        sf_html_num(f, sf_sweep_cost(s, best));
        fputs(".", f);
    }
    fprintf(f,
            "</p>\n<p class=\"note\">%ld of %ld configurations ran, %ld replications in all; "
            "%s (docs/sweep.md).</p>\n",
            sf_sweep_runs(s), sf_sweep_size(s), sf_sweep_replications_all(s),
            sf_sweep_fixed(s) ? "a configuration meets a target when its 95 % interval lies "
                                "within it"
                              : "verdicts by the sequential procedure, each right with the "
                                "stated confidence up to the tolerance");
    if (sf_sweep_targets(s) > 0)
        heat_map(s, best, f);
    pareto(s, f);
    /* every target together: the cheapest, whatever the objective */
    target_costs(s, sf_sweep_cheapest(s), f);
    sf_html_end(f);
    return ferror(f) ? SF_ERR_IO : SF_OK;
}
