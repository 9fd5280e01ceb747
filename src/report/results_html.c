/* results_html.c: report.html of `samflyt run` (samflyt.h,
 * sf_results_write_html): one self-contained page that answers first and
 * shows the figures after. A headline section states the answers in
 * words; then occupancy against capacity per unit (small multiples, each
 * on its own scale, with the 95 % band and the capacity line), waits by
 * month and hour of the week in each unit's natural unit, the booked
 * clinic's days to appointment by month; then every figure per unit in
 * one table. Names and units come from the label table (labels.h), in
 * the language asked for. The dashboard's model page draws the same
 * charts (sf_results_write_html_charts_lang). */
#include "core/textout.h"
#include "model/model.h"
#include "report/html.h"
#include "report/labels.h"
#include "report/svg.h"
#include "samflyt/samflyt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a chart needs to know about one unit. */
typedef struct unit_info {
    const char *name;
    int kind;     /* SF_UNIT_*, -1 when the model is not known */
    int capacity; /* the model's (a schedule's largest), 0 when not known */
    int sched;
} unit_info;

static unit_info info_of(const sf_results *r, const sf_model *m, int u) {
    unit_info ui = {sf_results_unit_name(r, u), -1, 0, 0};
    for (int k = 0; m && k < m->nunits; k++)
        if (!strcmp(m->units[k].name, ui.name)) {
            ui.kind = (int)m->units[k].kind;
            ui.capacity = m->units[k].capacity;
            ui.sched = m->units[k].sched != NULL;
        }
    return ui;
}

/* What a unit's capacity counts, in l. */
static const char *capacity_word(int kind, sf_lang l) {
    static const char *const w[][SF_LANG_COUNT] = {{"places", "plasser", "platser"},
                                                   {"beds", "senger", "sängar"},
                                                   {"doctors", "leger", "läkare"},
                                                   {"vehicles", "biler", "fordon"}};
    return w[kind >= 0 && kind <= SF_UNIT_RESPONSE ? kind : 0][l];
}

/* The x labels and hover texts of a chart over the week or the year. */
typedef struct axis_ctx {
    sf_lang lang;
    const double *mean, *lo, *hi;
    const char *unit;
    int dec;
} axis_ctx;

static void hour_label(size_t i, char *buf, size_t size, void *user) {
    const axis_ctx *a = user;
    snprintf(buf, size, "%s %02zu", sf_weekday_abbr((int)(i / 24), a->lang), i % 24);
}

static void month_label(size_t i, char *buf, size_t size, void *user) {
    const axis_ctx *a = user;
    snprintf(buf, size, "%s", sf_month_name((int)i, a->lang));
}

static void tip(size_t i, char *buf, size_t size, void *user, int monthly) {
    const axis_ctx *a = user;
    char when[32], m[48], lo[48], hi[48];
    (monthly ? month_label : hour_label)(i, when, sizeof when, user);
    sf_fmt_fixed(m, sizeof m, a->mean[i], a->dec, a->lang);
    if (a->lo && isfinite(a->lo[i]))
        snprintf(buf, size, "%s: %s %s (95 %%: %s–%s)", when, m, a->unit,
                 sf_fmt_fixed(lo, sizeof lo, a->lo[i], a->dec, a->lang),
                 sf_fmt_fixed(hi, sizeof hi, a->hi[i], a->dec, a->lang));
    else
        snprintf(buf, size, "%s: %s %s", when, m, a->unit);
}
static void month_tip(size_t i, char *buf, size_t size, void *user) { tip(i, buf, size, user, 1); }

/* The figure bm of unit u by month (monthly) or hour of the week, times
 * k, into mean/lo/hi (n each); 1 when any is a number. */
static int series(const sf_results *r, int u, sf_by_metric bm, int monthly, double k, double *mean,
                  double *lo, double *hi) {
    int n = monthly ? 12 : 168, any = 0;
    for (int i = 0; i < n; i++) {
        sf_estimate e =
            monthly ? sf_results_by_month(r, u, i, bm) : sf_results_by_hour(r, u, i, bm);
        mean[i] = e.mean * k;
        lo[i] = isfinite(e.lo) ? e.lo * k : NAN;
        hi[i] = isfinite(e.hi) ? e.hi * k : NAN;
        any |= isfinite(e.mean);
    }
    return any;
}

/* The index of the largest (sign 1) or smallest (-1) number of x[0..n),
 * or -1. */
static int arg_extreme(const double *x, int n, int sign) {
    int best = -1;
    for (int i = 0; i < n; i++)
        if (isfinite(x[i]) && (best < 0 || sign * (x[i] - x[best]) > 0))
            best = i;
    return best;
}

/* One panel: figure bm of unit u over the week or year, shown times k in
 * unit, with capacity as the reference line when cap. */
static void panel(FILE *f, const sf_results *r, int u, sf_by_metric bm, int monthly, double k,
                  const char *title, const char *ytitle, const char *unit, int dec, int cap,
                  sf_lang l, double *mean, double *lo, double *hi, double *ref) {
    int n = monthly ? 12 : 168;
    series(r, u, bm, monthly, k, mean, lo, hi);
    if (cap) {
        double dl[168], dh[168];
        series(r, u, SF_BY_CAPACITY, monthly, 1, ref, dl, dh);
    }
    char key[300], rkey[300];
    snprintf(key, sizeof key, "%s/%s/%s", sf_results_unit_name(r, u),
             sf_by_metric_name(bm, monthly), monthly ? "by_month" : "by_hour");
    snprintf(rkey, sizeof rkey, "%s/%s/%s", sf_results_unit_name(r, u),
             sf_by_metric_name(SF_BY_CAPACITY, monthly), monthly ? "by_month" : "by_hour");
    axis_ctx a = {l, mean, lo, hi, unit, dec};
    sf_svg_panel p = {.title = title,
                      .ytitle = ytitle,
                      .key = key,
                      .ref_name = sf_by_metric_label(SF_BY_CAPACITY, monthly, l),
                      .ref_key = rkey,
                      .mean = mean,
                      .lo = lo,
                      .hi = hi,
                      .ref = cap ? ref : NULL,
                      .scale = k,
                      .n = (size_t)n,
                      .xstep = monthly ? 1 : 24,
                      .xlabel = monthly ? month_label : hour_label,
                      .tip = monthly ? month_tip : NULL,
                      .user = &a,
                      .lang = l};
    sf_svg_panel_draw(f, &p);
}

/* The line under the panels saying what the lines are. */
static void key_line(FILE *f, int cap, sf_lang l) {
    fprintf(f, "<p class=\"key\"><span class=\"m\">━</span> %s, ▒ %s", sf_tr("mean", l),
            sf_tr("95 % interval over the replications", l));
    if (cap)
        fprintf(f, ", <span class=\"c\">╍</span> %s", sf_tr("scheduled capacity", l));
    fputs("</p>\n", f);
}

/* ---- occupancy against capacity ----------------------------------------- */

static int has_occupancy(const sf_results *r, int u) {
    return isfinite(sf_results_estimate(r, u, SF_M_OCC_MEAN).mean) &&
           isfinite(sf_results_estimate(r, u, SF_M_CAPACITY_MEAN).mean);
}

static void occupancy_section(FILE *f, const sf_results *r, const sf_model *m, sf_lang l) {
    int nu = sf_results_unit_count(r);
    double mean[168], lo[168], hi[168], ref[168];
    fprintf(f, "<section id=\"occupancy\">\n<h2>%s</h2>\n<p class=\"about\">%s</p>\n",
            sf_tr("Occupancy against capacity", l),
            sf_tr("Each unit on its own scale: places in use (mean over the replications, with "
                  "its 95 % band) against the places scheduled. Where the line meets the "
                  "dashed one, the unit is full.",
                  l));
    key_line(f, 1, l);
    for (int monthly = 0; monthly <= 1; monthly++) {
        fprintf(f, "<h3>%s</h3>\n<div class=\"panels\">\n",
                sf_tr(monthly ? "By month" : "By hour of the week", l));
        for (int u = 0; u < nu; u++) {
            if (!has_occupancy(r, u))
                continue;
            unit_info ui = info_of(r, m, u);
            char title[300], c[64], reading[600], a[48], b[48];
            sf_estimate cap = sf_results_estimate(r, u, SF_M_CAPACITY_MEAN);
            int capn = ui.capacity ? ui.capacity : (int)lround(cap.mean);
            snprintf(title, sizeof title, "%s: %s%d %s", ui.name,
                     ui.sched ? sf_tr("up to ", l) : "", capn, capacity_word(ui.kind, l));
            fputs("<figure>\n", f);
            panel(f, r, u, SF_BY_OCC_MEAN, monthly, 1, title, capacity_word(ui.kind, l), "", 2, 1,
                  l, mean, lo, hi, ref);
            /* the reading: how often full, and when the most is in use */
            int n = monthly ? 12 : 168, top = arg_extreme(mean, n, 1);
            sf_estimate full = sf_results_estimate(r, u, SF_M_FULL_SHARE);
            char when[32];
            axis_ctx ax = {l, NULL, NULL, NULL, "", 0};
            (monthly ? month_label : hour_label)((size_t)(top < 0 ? 0 : top), when, sizeof when,
                                                 &ax);
            int o = 0;
            if (isfinite(full.mean))
                o = snprintf(reading, sizeof reading, sf_tr("Full %s %% of the time. ", l),
                             sf_fmt_fixed(c, sizeof c, 100 * full.mean, 1, l));
            snprintf(reading + o, sizeof reading - (size_t)o, sf_tr("Most in use %s: %s of %s.", l),
                     when, sf_fmt_fixed(a, sizeof a, top < 0 ? NAN : mean[top], 1, l),
                     sf_fmt_fixed(b, sizeof b, top < 0 ? NAN : ref[top], 1, l));
            fputs("<figcaption>", f);
            sf_html_str(f, reading);
            fputs("</figcaption>\n</figure>\n", f);
        }
        fputs("</div>\n", f);
    }
    fputs("</section>\n", f);
}

/* ---- waits -------------------------------------------------------------- */

static int is_booked(const sf_results *r, int u, const unit_info *ui) {
    return ui->kind == SF_UNIT_BOOKED ||
           (ui->kind < 0 && isfinite(sf_results_estimate(r, u, SF_M_SLOT_UTIL).mean));
}

static void waits_section(FILE *f, const sf_results *r, const sf_model *m, sf_lang l) {
    int nu = sf_results_unit_count(r), any = 0, none = 0;
    double mean[168], lo[168], hi[168];
    for (int u = 0; u < nu; u++) {
        unit_info ui = info_of(r, m, u);
        sf_estimate w = sf_results_estimate(r, u, SF_M_WAIT_MEAN);
        if (is_booked(r, u, &ui) || !isfinite(w.mean))
            continue;
        if (!(w.mean > 0 || w.hi > 0)) {
            none++;
            continue;
        }
        if (!any++)
            fprintf(f, "<section id=\"waits\">\n<h2>%s</h2>\n<p class=\"about\">%s</p>\n",
                    sf_tr("Waits", l),
                    sf_tr("From the request to the start of care, of the requests made in each "
                          "month or hour, in the unit natural to each unit.",
                          l));
        /* the unit: by kind, and by the largest monthly mean */
        series(r, u, SF_BY_WAIT_MEAN, 1, 1, mean, lo, hi);
        double big = mean[arg_extreme(mean, 12, 1) < 0 ? 0 : arg_extreme(mean, 12, 1)];
        sf_shown su = sf_shown_unit("h", ui.kind, fmax(big, w.mean), l);
        char title[300], reading[600], a[48], b[48], c[48], wm[32], wl[32], wh[32];
        fprintf(f, "<h3>");
        sf_html_str(f, ui.name);
        fputs("</h3>\n<div class=\"panels\">\n", f);
        for (int monthly = 1; monthly >= 0; monthly--) {
            snprintf(title, sizeof title, "%s: %s, %s", ui.name, sf_metric_label(SF_M_WAIT_MEAN, l),
                     sf_tr(monthly ? "by month" : "by hour of the week", l));
            fputs("<figure>\n", f);
            panel(f, r, u, SF_BY_WAIT_MEAN, monthly, su.k, title, su.unit, su.unit, su.dec, 0, l,
                  mean, lo, hi, NULL);
            int n = monthly ? 12 : 168, top = arg_extreme(mean, n, 1),
                low = arg_extreme(mean, n, -1);
            axis_ctx ax = {l, NULL, NULL, NULL, "", 0};
            (monthly ? month_label : hour_label)((size_t)(top < 0 ? 0 : top), wh, sizeof wh, &ax);
            (monthly ? month_label : hour_label)((size_t)(low < 0 ? 0 : low), wl, sizeof wl, &ax);
            snprintf(wm, sizeof wm, "%s", su.unit);
            snprintf(reading, sizeof reading,
                     sf_tr("Mean wait %s %s over the year; longest %s (%s), shortest %s (%s).", l),
                     sf_fmt_fixed(a, sizeof a, w.mean * su.k, su.dec, l), wm, wh,
                     sf_fmt_fixed(b, sizeof b, top < 0 ? NAN : mean[top], su.dec, l), wl,
                     sf_fmt_fixed(c, sizeof c, low < 0 ? NAN : mean[low], su.dec, l));
            fputs("<figcaption>", f);
            sf_html_str(f, reading);
            fputs("</figcaption>\n</figure>\n", f);
        }
        fputs("</div>\n", f);
    }
    if (any) {
        key_line(f, 0, l);
        if (none) {
            fprintf(f, "<p class=\"note\">%s ", sf_tr("Nobody waits at", l));
            int k = 0;
            for (int u = 0; u < nu; u++) {
                unit_info ui = info_of(r, m, u);
                sf_estimate w = sf_results_estimate(r, u, SF_M_WAIT_MEAN);
                if (is_booked(r, u, &ui) || !isfinite(w.mean) || w.mean > 0 || w.hi > 0)
                    continue;
                fputs(k++ ? ", " : "", f);
                sf_html_str(f, ui.name);
            }
            fprintf(f, " %s</p>\n",
                    sf_tr("(patients are taken in at once, sent on or turned away).", l));
        }
        fputs("</section>\n", f);
    }
}

/* ---- the booked clinic ---------------------------------------------------- */

/* A booked clinic's TNAA (days, the year's as the dashed line) or
 * continuity with the own doctor (%) by month, with its reading. */
static void booked_month_figure(FILE *f, const sf_results *r, int u, sf_by_metric bm,
                                sf_estimate year, sf_lang l) {
    double mean[12], lo[12], hi[12], ref[12];
    int tnaa = bm == SF_BY_TNAA_DAYS;
    double k = tnaa ? 1 : 100;
    const char *unit = tnaa ? sf_unit_word("days", l) : "%";
    if (!series(r, u, bm, 1, k, mean, lo, hi))
        return;
    for (int i = 0; i < 12; i++)
        ref[i] = year.mean;
    char title[300], key[300], rkey[300], rname[200], reading[700], a[48], b[48], e[48], wl[32],
        wh[32];
    const char *name = sf_results_unit_name(r, u);
    /* short titles: the metric's full name would not fit the panel */
    snprintf(title, sizeof title, "%s: %s", name,
             tnaa ? sf_tr("TNAA, by month", l) : sf_tr("continuity (UPC), by month", l));
    snprintf(key, sizeof key, "%s/%s/by_month", name, sf_by_metric_name(bm, 1));
    snprintf(rname, sizeof rname, "%s (%s)", sf_metric_label(SF_M_TNAA_DAYS, l), sf_tr("year", l));
    snprintf(rkey, sizeof rkey, "%s/tnaa_days/year", name);
    axis_ctx ax = {l, mean, lo, hi, unit, tnaa ? 1 : 0};
    sf_svg_panel p = {.title = title,
                      .ytitle = unit,
                      .key = key,
                      .ref_name = rname,
                      .ref_key = rkey,
                      .mean = mean,
                      .lo = lo,
                      .hi = hi,
                      .ref = tnaa && isfinite(year.mean) ? ref : NULL,
                      .scale = k,
                      .n = 12,
                      .xstep = 1,
                      .xlabel = month_label,
                      .tip = month_tip,
                      .user = &ax,
                      .lang = l};
    fputs("<figure>\n", f);
    sf_svg_panel_draw(f, &p);
    /* TNAA: longest first; continuity: lowest first (the month to worry about) */
    int worst = arg_extreme(mean, 12, tnaa ? 1 : -1), best = arg_extreme(mean, 12, tnaa ? -1 : 1);
    month_label((size_t)(worst < 0 ? 0 : worst), wh, sizeof wh, &ax);
    month_label((size_t)(best < 0 ? 0 : best), wl, sizeof wl, &ax);
    int dec = tnaa ? 1 : 0;
    snprintf(reading, sizeof reading,
             tnaa ? sf_tr("TNAA %s days over the year; longest in %s (%s days), shortest in %s "
                          "(%s days).",
                          l)
                  : sf_tr("Continuity with own doctor %s %% over the year; lowest in %s (%s %%), "
                          "highest in %s (%s %%).",
                          l),
             sf_fmt_fixed(a, sizeof a, year.mean * k, dec, l), wh,
             sf_fmt_fixed(b, sizeof b, worst < 0 ? NAN : mean[worst], dec, l), wl,
             sf_fmt_fixed(e, sizeof e, best < 0 ? NAN : mean[best], dec, l));
    fputs("<figcaption>", f);
    sf_html_str(f, reading);
    fputs("</figcaption>\n</figure>\n", f);
}

static void booked_section(FILE *f, const sf_results *r, const sf_model *m, sf_lang l) {
    int nu = sf_results_unit_count(r), any = 0;
    double mean[12], lo[12], hi[12], ref[12];
    for (int u = 0; u < nu; u++) {
        unit_info ui = info_of(r, m, u);
        if (!is_booked(r, u, &ui))
            continue;
        if (!any++)
            fprintf(f,
                    "<section id=\"booked\">\n<h2>%s</h2>\n<p class=\"about\">%s</p>\n"
                    "<div class=\"panels\">\n",
                    sf_tr("Booked clinic: days to appointment", l),
                    sf_tr("Days from the request to the booked appointment, of the requests "
                          "made in each month, with the third next available appointment "
                          "(TNAA) over the year as the dashed line; then TNAA and continuity "
                          "with the own doctor by month.",
                          l));
        sf_estimate t = sf_results_estimate(r, u, SF_M_TNAA_DAYS),
                    c = sf_results_estimate(r, u, SF_M_CONTINUITY),
                    d = sf_results_estimate(r, u, SF_M_APPT_DAYS_MEAN);
        series(r, u, SF_BY_WAIT_MEAN, 1, 1.0 / 24, mean, lo, hi);
        for (int i = 0; i < 12; i++)
            ref[i] = t.mean;
        char title[300], key[300], reading[700], a[48], b[48], e[48], g[48], h[48], wl[32], wh[32];
        snprintf(title, sizeof title, "%s: %s, %s", ui.name,
                 sf_metric_label(SF_M_APPT_DAYS_MEAN, l), sf_tr("by month", l));
        snprintf(key, sizeof key, "%s/%s/by_month", ui.name, sf_by_metric_name(SF_BY_WAIT_MEAN, 1));
        axis_ctx ax = {l, mean, lo, hi, sf_unit_word("days", l), 1};
        char rname[200], rkey[300];
        snprintf(rname, sizeof rname, "%s (%s)", sf_metric_label(SF_M_TNAA_DAYS, l),
                 sf_tr("year", l));
        snprintf(rkey, sizeof rkey, "%s/tnaa_days/year", ui.name);
        sf_svg_panel p = {.title = title,
                          .ytitle = sf_unit_word("days", l),
                          .key = key,
                          .ref_name = rname,
                          .ref_key = rkey,
                          .mean = mean,
                          .lo = lo,
                          .hi = hi,
                          .ref = isfinite(t.mean) ? ref : NULL,
                          .scale = 1.0 / 24,
                          .n = 12,
                          .xstep = 1,
                          .xlabel = month_label,
                          .tip = month_tip,
                          .user = &ax,
                          .lang = l};
        fputs("<figure>\n", f);
        sf_svg_panel_draw(f, &p);
        int top = arg_extreme(mean, 12, 1), low = arg_extreme(mean, 12, -1);
        month_label((size_t)(top < 0 ? 0 : top), wh, sizeof wh, &ax);
        month_label((size_t)(low < 0 ? 0 : low), wl, sizeof wl, &ax);
        snprintf(reading, sizeof reading,
                 sf_tr("%s days to appointment on average; longest in %s (%s), shortest in %s "
                       "(%s). TNAA %s days; continuity with own doctor %s %%.",
                       l),
                 sf_fmt_fixed(a, sizeof a, d.mean, 1, l), wh,
                 sf_fmt_fixed(b, sizeof b, top < 0 ? NAN : mean[top], 1, l), wl,
                 sf_fmt_fixed(e, sizeof e, low < 0 ? NAN : mean[low], 1, l),
                 sf_fmt_fixed(g, sizeof g, t.mean, 1, l),
                 sf_fmt_fixed(h, sizeof h, 100 * c.mean, 0, l));
        fputs("<figcaption>", f);
        sf_html_str(f, reading);
        fputs("</figcaption>\n</figure>\n", f);
        booked_month_figure(f, r, u, SF_BY_TNAA_DAYS, t, l);
        booked_month_figure(f, r, u, SF_BY_CONTINUITY, c, l);
    }
    if (any) {
        fputs("</div>\n", f);
        key_line(f, 0, l);
        fputs("</section>\n", f);
    }
}

int sf_results_write_html_charts_lang(const sf_results *r, const sf_model *m, sf_lang l, FILE *f) {
    occupancy_section(f, r, m, l);
    waits_section(f, r, m, l);
    booked_section(f, r, m, l);
    return ferror(f) ? SF_ERR_IO : 0;
}

int sf_results_write_html_charts(const sf_results *r, FILE *f) {
    return sf_results_write_html_charts_lang(r, NULL, SF_LANG_EN, f);
}

/* ---- the headline ----------------------------------------------------------- */

/* The month of unit u with the highest figure bm, as a name in l. */
static const char *top_month(const sf_results *r, int u, sf_by_metric bm, int sign, sf_lang l,
                             double *value) {
    double x[12], lo[12], hi[12];
    series(r, u, bm, 1, 1, x, lo, hi);
    int i = arg_extreme(x, 12, sign);
    *value = i < 0 ? NAN : x[i];
    return i < 0 ? "-" : sf_month_name(i, l);
}

/* One sentence of the headline; 1 (for the count of what was said). */
static int sentence(FILE *f, const char *s) {
    fputs("<li>", f);
    sf_html_str(f, s);
    fputs("</li>\n", f);
    return 1;
}

/* Response units: one line per zone the calls come from, against its
 * guideline (90 % within 12 minutes in towns, 25 elsewhere), and one per
 * station (docs/simulation.md, "Emergency response"). */
static void response_rows(FILE *f, const sf_results *r, sf_lang l) {
    char s[700], a[48], b[48], c[48];
    for (int z = 0; z < sf_results_zone_count(r); z++) {
        int urban = sf_results_zone_urban(r, z);
        sf_estimate in = sf_results_zone_estimate(r, z,
                                                  urban ? SF_M_RESP_URBAN12 : SF_M_RESP_RURAL25),
                    mean = sf_results_zone_estimate(r, z, SF_M_RESP_MEAN);
        if (!isfinite(in.mean))
            continue;
        snprintf(s, sizeof s,
                 urban ? sf_tr("Zone %s (town): %s %% of calls reached within 12 minutes "
                               "(guideline 90 %%), mean %s min.",
                               l)
                       : sf_tr("Zone %s (rural): %s %% of calls reached within 25 minutes "
                               "(guideline 90 %%), mean %s min.",
                               l),
                 sf_results_zone_name(r, z), sf_fmt_fixed(a, sizeof a, 100 * in.mean, 0, l),
                 sf_fmt_fixed(b, sizeof b, mean.mean, 1, l));
        sentence(f, s);
    }
    for (int k = 0; k < sf_results_station_count(r); k++) {
        sf_estimate ut = sf_results_station_estimate(r, k, SF_M_UTILISATION),
                    em = sf_results_station_estimate(r, k, SF_M_RESP_STATION_EMPTY),
                    n = sf_results_station_estimate(r, k, SF_M_ADMITTED);
        snprintf(s, sizeof s,
                 sf_tr("Station %s: vehicles out %s %% of their time on duty, none free there "
                       "%s %% of the time, %s calls answered.",
                       l),
                 sf_results_station_name(r, k), sf_fmt_fixed(a, sizeof a, 100 * ut.mean, 0, l),
                 sf_fmt_fixed(b, sizeof b, 100 * em.mean, 0, l),
                 sf_fmt_fixed(c, sizeof c, n.mean, 0, l));
        sentence(f, s);
    }
}

static void headline(FILE *f, const sf_results *r, const sf_model *m, sf_lang l) {
    int nu = sf_results_unit_count(r), said = 0;
    fprintf(f, "<section id=\"headline\" class=\"headline\">\n<h2>%s</h2>\n<ul>\n",
            sf_tr("In short", l));
    if (sf_results_deadlocked(r)) {
        char s[300];
        snprintf(s, sizeof s,
                 sf_tr("%d of %d replications deadlocked (docs/simulation.md, \"Deadlock\"): "
                       "they are left out of every figure below.",
                       l),
                 sf_results_deadlocked(r), sf_results_replications(r));
        said += sentence(f, s);
    }
    int zones_said = 0;
    for (int u = 0; u < nu; u++) {
        unit_info ui = info_of(r, m, u);
        char s[700], a[48], b[48], c[48];
        double v;
        int before = said;
        if (is_booked(r, u, &ui)) {
            sf_estimate d = sf_results_estimate(r, u, SF_M_APPT_DAYS_MEAN);
            if (!isfinite(d.mean))
                continue;
            double vlo;
            const char *hi = top_month(r, u, SF_BY_WAIT_MEAN, 1, l, &v);
            const char *lo = top_month(r, u, SF_BY_WAIT_MEAN, -1, l, &vlo);
            snprintf(s, sizeof s,
                     sf_tr("%s: %s days to an appointment on average, longest in %s (%s days), "
                           "shortest in %s (%s days).",
                           l),
                     ui.name, sf_fmt_fixed(a, sizeof a, d.mean, 1, l), hi,
                     sf_fmt_fixed(b, sizeof b, v / 24, 1, l), lo,
                     sf_fmt_fixed(c, sizeof c, vlo / 24, 1, l));
            said += sentence(f, s);
            continue;
        }
        sf_estimate full = sf_results_estimate(r, u, SF_M_FULL_SHARE),
                    ta = sf_results_estimate(r, u, SF_M_REJECT_SHARE),
                    w = sf_results_estimate(r, u, SF_M_WAIT_MEAN),
                    bd = sf_results_estimate(r, u, SF_M_BLOCKED_DAYS),
                    rs = sf_results_estimate(r, u, SF_M_RESP_WITHIN12);
        if (ui.kind == SF_UNIT_RESPONSE && isfinite(rs.mean)) {
            sf_estimate rm = sf_results_estimate(r, u, SF_M_RESP_MEAN);
            snprintf(s, sizeof s,
                     sf_tr("%s reached %s %% of calls within 12 minutes (mean %s min).", l),
                     ui.name, sf_fmt_fixed(a, sizeof a, 100 * rs.mean, 0, l),
                     sf_fmt_fixed(b, sizeof b, rm.mean, 1, l));
            said += sentence(f, s);
            if (!zones_said++)
                response_rows(f, r, l);
            continue;
        }
        if (isfinite(full.mean) && full.mean >= 0.01) {
            const char *mo = top_month(r, u, SF_BY_UTILISATION, 1, l, &v);
            snprintf(s, sizeof s, sf_tr("%s was full %s %% of the time, most in %s.", l), ui.name,
                     sf_fmt_fixed(a, sizeof a, 100 * full.mean, 0, l), mo);
            said += sentence(f, s);
        }
        if (isfinite(ta.mean) && ta.mean >= 0.005) {
            snprintf(s, sizeof s,
                     sf_tr("%s %% of the requests to %s were turned away or sent on.", l),
                     sf_fmt_fixed(a, sizeof a, 100 * ta.mean, 1, l), ui.name);
            said += sentence(f, s);
        }
        if (isfinite(w.mean) && w.mean > 0 && ui.kind != SF_UNIT_WARD) {
            sf_shown su = sf_shown_unit("h", ui.kind, w.mean, l);
            const char *mo = top_month(r, u, SF_BY_WAIT_MEAN, 1, l, &v);
            snprintf(s, sizeof s, sf_tr("%s: mean wait %s %s, longest in %s (%s %s).", l), ui.name,
                     sf_fmt_fixed(a, sizeof a, w.mean * su.k, su.dec, l), su.unit, mo,
                     sf_fmt_fixed(b, sizeof b, v * su.k, su.dec, l), su.unit);
            said += sentence(f, s);
        }
        if (isfinite(bd.mean) && bd.mean >= 1) {
            snprintf(s, sizeof s,
                     sf_tr("%s: %s bed-days a year held by patients ready to leave.", l), ui.name,
                     sf_fmt_fixed(a, sizeof a, bd.mean * 365 * 24 / sf_model_horizon(m), 0, l));
            said += sentence(f, s);
        }
        /* a unit with nothing to report still gets its load, in one line */
        sf_estimate ut = sf_results_estimate(r, u, SF_M_UTILISATION);
        if (said == before && isfinite(ut.mean)) {
            snprintf(s, sizeof s,
                     sf_tr("%s: %s %% of its capacity in use on average, never or rarely full.", l),
                     ui.name, sf_fmt_fixed(a, sizeof a, 100 * ut.mean, 0, l));
            said += sentence(f, s);
        }
    }
    if (!said)
        sentence(f, sf_tr("No figure to report: every replication deadlocked or the units "
                          "have no figures.",
                          l));
    fputs("</ul>\n</section>\n", f);
}

/* ---- every figure ------------------------------------------------------------ */

/* A figure as the table shows it: the value in the unit natural to the
 * unit's kind, its interval in brackets; data-key and data-scale tell
 * the tests which figure of summary.csv it is. */
static void cell(FILE *f, const char *key, sf_estimate e, sf_metric mt, int kind, sf_lang l) {
    if (!isfinite(e.mean)) {
        fputs("<td></td>", f);
        return;
    }
    sf_shown su = sf_shown_unit(sf_metric_unit(mt), kind, fabs(e.mean), l);
    if (!strcmp(sf_metric_unit(mt), "count") || !strcmp(sf_metric_unit(mt), "patients") ||
        !strcmp(sf_metric_unit(mt), "places") || !strcmp(sf_metric_unit(mt), "per day") ||
        !strcmp(sf_metric_unit(mt), "ratio") || !strcmp(sf_metric_unit(mt), "per 1000 per year"))
        su.unit = "";
    fputs("<td class=\"n\" data-key=\"", f);
    sf_html_str(f, key);
    fprintf(f, "/%s\" data-scale=\"%.10g\">", sf_metric_name(mt), su.k);
    sf_html_num_lang(f, e.mean * su.k, l);
    if (*su.unit)
        fprintf(f, " %s", su.unit);
    if (isfinite(e.lo) && !(e.lo == e.mean && e.hi == e.mean)) {
        fputs(" <span class=\"note\">(", f);
        sf_html_num_lang(f, e.lo * su.k, l);
        fputs("–", f);
        sf_html_num_lang(f, e.hi * su.k, l);
        fputs(")</span>", f);
    }
    fputs("</td>", f);
}

/* One table of columns: units (or populations), rows: every metric that
 * one of them has. Split in tables of at most 5 columns, so that none is
 * cut off in print. */
typedef struct column {
    const char *name, *key;
    int unit, pop, kind;
} column;

static sf_estimate col_est(const sf_results *r, const column *c, sf_metric mt) {
    return c->pop >= 0 ? sf_results_population_estimate(r, c->pop, mt)
                       : sf_results_estimate(r, c->unit, mt);
}

static void figures_tables(FILE *f, const sf_results *r, const column *cols, int ncols, sf_lang l) {
    for (int c0 = 0; c0 < ncols; c0 += 5) {
        int c1 = c0 + 5 < ncols ? c0 + 5 : ncols;
        fprintf(f, "<div><table class=\"figures\"><thead><tr><th>%s</th>", sf_tr("figure", l));
        for (int c = c0; c < c1; c++) {
            fputs("<th>", f);
            sf_html_str(f, cols[c].name);
            fputs("</th>", f);
        }
        fputs("</tr></thead><tbody>\n", f);
        for (int mt = 0; mt < SF_M_COUNT; mt++) {
            int any = 0;
            for (int c = c0; c < c1; c++)
                any |= isfinite(col_est(r, &cols[c], (sf_metric)mt).mean);
            if (!any)
                continue;
            fputs("<tr><th scope=\"row\">", f);
            sf_html_str(f, sf_metric_label((sf_metric)mt, l));
            fputs("</th>", f);
            for (int c = c0; c < c1; c++)
                cell(f, cols[c].key, col_est(r, &cols[c], (sf_metric)mt), (sf_metric)mt,
                     cols[c].kind, l);
            fputs("</tr>\n", f);
        }
        fputs("</tbody></table></div>\n", f);
    }
}

/* ---- people with a history ---------------------------------------------------- */

/* One people figure: shares in %, counts as they are, the interval in
 * brackets; data-key "persons/<unit>/<metric>" and data-scale tell the
 * tests which figure of results.json's "persons" it is. */
static void person_cell(FILE *f, const sf_results *r, int u, sf_person_metric pm, sf_lang l) {
    sf_estimate e = sf_results_person_estimate(r, u, pm);
    if (!isfinite(e.mean)) {
        fputs("<td></td>", f);
        return;
    }
    int share = !strcmp(sf_person_metric_unit(pm), "share");
    double k = share ? 100 : 1;
    fputs("<td class=\"n\" data-key=\"persons/", f);
    sf_html_str(f, u < sf_results_unit_count(r) ? sf_results_unit_name(r, u) : "network");
    fprintf(f, "/%s\" data-scale=\"%.10g\">", sf_person_metric_name(pm), k);
    sf_html_num_lang(f, e.mean * k, l);
    if (share)
        fputs(" %", f);
    if (isfinite(e.lo) && !(e.lo == e.mean && e.hi == e.mean)) {
        fputs(" <span class=\"note\">(", f);
        sf_html_num_lang(f, e.lo * k, l);
        fputs("–", f);
        sf_html_num_lang(f, e.hi * k, l);
        fputs(")</span>", f);
    }
    fputs("</td>", f);
}

/* Readmissions by unit of discharge, continuity and shared patients, for
 * a model with persons or returns (results.json "persons"). */
static void persons_section(FILE *f, const sf_results *r, sf_lang l) {
    if (!sf_results_has_persons(r))
        return;
    int nu = sf_results_unit_count(r);
    fprintf(f, "<section id=\"persons\">\n<h2>%s</h2>\n<p class=\"about\">%s</p>\n",
            sf_tr("People who come back", l),
            sf_tr("Each replication's stays measured as samflyt flow measures data: a "
                  "readmission is a new episode 8 hours to 30 days after going home. Means per "
                  "replication and, in brackets, the 95 % interval over the replications.",
                  l));
    static const sf_person_metric readmit[] = {SF_P_DISCHARGES, SF_P_READMITTED, SF_P_READMIT_RATE};
    fprintf(f, "<div><table class=\"figures\"><thead><tr><th>%s</th>",
            sf_tr("unit of discharge", l));
    for (int i = 0; i < 3; i++)
        fprintf(f, "<th>%s</th>", sf_label_name(sf_person_metric_name(readmit[i]), l));
    fputs("</tr></thead><tbody>\n", f);
    for (int u = 0; u <= nu; u++) {
        if (!(sf_results_person_estimate(r, u, SF_P_DISCHARGES).mean > 0))
            continue;
        fputs("<tr><th scope=\"row\">", f);
        sf_html_str(f, u < nu ? sf_results_unit_name(r, u) : sf_tr("all units", l));
        fputs("</th>", f);
        for (int i = 0; i < 3; i++)
            person_cell(f, r, u, readmit[i], l);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table></div>\n", f);
    static const sf_person_metric net[] = {SF_P_CONT_PATIENTS, SF_P_UPC, SF_P_COC, SF_P_SECON,
                                           SF_P_SHARED_SHARE};
    int any = 0;
    for (int i = 0; i < 5; i++)
        any |= isfinite(sf_results_person_estimate(r, nu, net[i]).mean);
    if (any) {
        fprintf(f,
                "<div><table class=\"figures\"><thead><tr><th>%s</th><th>%s</th></tr></thead>"
                "<tbody>\n",
                sf_tr("figure", l), sf_tr("network", l));
        for (int i = 0; i < 5; i++) {
            if (!isfinite(sf_results_person_estimate(r, nu, net[i]).mean))
                continue;
            fprintf(f, "<tr><th scope=\"row\">%s</th>",
                    sf_label_name(sf_person_metric_name(net[i]), l));
            person_cell(f, r, nu, net[i], l);
            fputs("</tr>\n", f);
        }
        fputs("</tbody></table></div>\n", f);
    }
    fputs("</section>\n", f);
}

int sf_results_write_report(const sf_results *r, const sf_model *m, sf_lang l, FILE *f) {
    const char *name = sf_model_name(m);
    sf_html_begin_lang(f, name, l);
    char days[32];
    fputs("<p class=\"about\">", f);
    fprintf(f,
            sf_tr("Simulated with samflyt run: %d replications of %s days after the warm-up, "
                  "seed %llu. Every figure is a mean over the replications with its 95 %% "
                  "interval (Student t); definitions in docs/simulation.md. The same figures "
                  "are in summary.csv, by_hour.csv, by_month.csv and results.json beside this "
                  "report.",
                  l),
            sf_results_replications(r),
            sf_fmt_fixed(days, sizeof days, sf_model_horizon(m) / 24, 0, l),
            (unsigned long long)sf_results_seed(r));
    fputs("</p>\n", f);
    headline(f, r, m, l);
    int rc = sf_results_write_html_charts_lang(r, m, l, f);
    persons_section(f, r, l);
    int nu = sf_results_unit_count(r), np = sf_results_population_count(r);
    column *cols = malloc((size_t)(nu + 1 + np) * sizeof *cols);
    if (!cols)
        return SF_ERR_NOMEM;
    char(*popkey)[160] = malloc((size_t)(np ? np : 1) * sizeof *popkey);
    if (!popkey) {
        free(cols);
        return SF_ERR_NOMEM;
    }
    for (int u = 0; u <= nu; u++) {
        unit_info ui = u < nu ? info_of(r, m, u) : (unit_info){"network", -1, 0, 0};
        cols[u] = (column){ui.name, ui.name, u, -1, ui.kind};
    }
    fprintf(f, "<section id=\"units\">\n<h2>%s</h2>\n<p class=\"about\">%s</p>\n",
            sf_tr("Every figure", l),
            sf_tr("Per unit and for the whole network: the mean over the replications and, in "
                  "brackets, its 95 % interval. Times in the unit natural to each unit; shares "
                  "in %.",
                  l));
    figures_tables(f, r, cols, nu + 1, l);
    if (np) {
        for (int p = 0; p < np; p++) {
            snprintf(popkey[p], sizeof popkey[p], "pop:%s", sf_results_population_name(r, p));
            cols[p] = (column){sf_results_population_name(r, p), popkey[p], -1, p, -1};
        }
        fprintf(f, "<h3>%s</h3>\n", sf_tr("Populations", l));
        figures_tables(f, r, cols, np, l);
    }
    fputs("</section>\n", f);
    free(cols);
    free(popkey);
    sf_html_end(f);
    if (rc)
        return rc;
    return ferror(f) ? SF_ERR_IO : 0;
}

int sf_results_write_html(const sf_results *r, const sf_model *m, FILE *f) {
    return sf_results_write_report(r, m, SF_LANG_EN, f);
}
