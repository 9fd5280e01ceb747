/* flow_html.c: the flow report, one self-contained HTML page (flow_out.h):
 * every table of flow_out.c with the charts that read them, in English,
 * bokmål or Swedish: every sentence goes through the phrase table
 * (labels.h, sf_tr), numbers and dates as the language writes them. */
#include "report/flow_out.h"

#include "core/textout.h"
#include "report/html.h"
#include "report/svg.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What each table is, for the report's headings. */
static const struct {
    const char *table, *heading, *about;
} sections[] = {
    {"summary", "Summary", "The whole data set in figures."},
    {"units", "Units",
     "Per unit: stays, bed-days, mean and peak census, length of stay, readmissions, "
     "ready-for-discharge days and rates where the data allow."},
    {"census", "Occupancy over time",
     "Patients present (census), time-weighted, per unit. The chart shows means over 24 hours "
     "(or per hour for a short span); the table lists the hourly series."},
    {"census_profile", "Occupancy by hour of the week",
     "The census of each hour of the week across all weeks: median (chart) and the 10th and "
     "90th percentiles."},
    {"arrivals_hour_of_week", "Arrivals by hour of the week", "Arrivals at each unit, local time."},
    {"arrivals_month", "Arrivals by month", "Arrivals at each unit per calendar month."},
    {"los", "Length of stay and waits",
     "Hours from start to end, and from arrival to start where the data have arrival times."},
    {"transitions", "Transitions between units",
     "Moves from unit to unit within an episode, with the outside (admission) and home "
     "(discharge), and the median gap."},
    {"dfg", "Directly-follows graph",
     "Each edge of the pathways counted once per episode, with the median time on it."},
    {"variants", "Pathway variants", "The most frequent sequences of units in an episode."},
    {"shared", "Patients shared between organisations",
     "Patients with stays at two or more organisations within the window, by pair."},
    {"zones", "Home zones", "Stays, bed-days and ready-for-discharge days by home zone."},
    {"continuity", "Continuity of care",
     "UPC, COC and SECON per patient, where providers are known."},
};

typedef struct xl_ctx {
    const sf_flow_opts *o;
    int64_t t0, step; /* UTC seconds of point 0, seconds per point */
    int weekhours;    /* x is the hour of the week */
    sf_lang l;
} xl_ctx;

static void xlabel(size_t i, char *buf, size_t size, void *user) {
    const xl_ctx *x = user;
    if (x->weekhours) {
        snprintf(buf, size, "%s %02zu", sf_weekday_abbr((int)(i / 24) % 7, x->l), i % 24);
        return;
    }
    sf_flow_date_local(x->o, x->t0 + (int64_t)i * x->step, x->l, buf, size);
}

/* x with one decimal in l. */
static const char *fix1(char *buf, size_t size, double x, sf_lang l) {
    return sf_fmt_fixed(buf, size, x, 1, l);
}

/* The units charted: at most 12 (colours and dashes stay apart), those
 * with the most bed-days; in unit order. */
static int chart_units(const sf_flow_metrics *m, uint32_t *pick) {
    int n = 0;
    for (uint32_t u = 0; u < m->nunits; u++) {
        if (n < 12) {
            pick[n++] = u;
            continue;
        }
        int low = 0;
        for (int k = 1; k < n; k++)
            low = m->bed_days[pick[k]] < m->bed_days[pick[low]] ? k : low;
        if (m->bed_days[u] > m->bed_days[pick[low]]) {
            for (int k = low; k + 1 < n; k++)
                pick[k] = pick[k + 1];
            pick[n - 1] = u;
        }
    }
    return n;
}

static int chart_census(FILE *f, const sf_flow_metrics *m, const sf_stays *t, const sf_flow_opts *o,
                        sf_lang l) {
    uint32_t pick[12];
    int ns = chart_units(m, pick);
    size_t per = m->step == 3600 && m->nhours > 24 * 14 ? 24 : 1, n = (m->nhours + per - 1) / per;
    double *y = malloc((size_t)ns * n * sizeof *y + 1);
    sf_svg_series s[12];
    if (!y)
        return SF_ERR_NOMEM;
    for (int k = 0; k < ns; k++) {
        const double *c = m->census + (size_t)pick[k] * m->nhours;
        for (size_t i = 0; i < n; i++) {
            double sum = 0;
            size_t h = i * per, e = h + per < m->nhours ? h + per : m->nhours;
            for (size_t j = h; j < e; j++)
                sum += c[j];
            y[(size_t)k * n + i] = sum / (double)(e - h);
        }
        s[k] = (sf_svg_series){sf_flow_unit_name(t, m, pick[k]), y + (size_t)k * n};
    }
    xl_ctx x = {o, m->h0, (int64_t)per * m->step, 0, l};
    char title[120], hs[48];
    if (per == 24)
        snprintf(title, sizeof title, "%s", sf_tr("Census, mean over 24 hours", l));
    else if (m->step == 3600)
        snprintf(title, sizeof title, "%s", sf_tr("Census, mean per hour", l));
    else
        snprintf(title, sizeof title, sf_tr("Census, mean per %s hours", l),
                 sf_fmt_num(hs, sizeof hs, (double)m->step / 3600, l));
    sf_svg_lines_lang(f, title, sf_tr("patients present", l), s, ns, n, 0, xlabel, &x, l);
    /* the reading: the unit with most patients on average, and its
     * highest point on the chart */
    int big = 0;
    double mean[12];
    for (int k = 0; k < ns; k++) {
        double sum = 0;
        for (size_t h = 0; h < m->nhours; h++)
            sum += m->census[(size_t)pick[k] * m->nhours + h];
        mean[k] = sum / (double)m->nhours;
        big = mean[k] > mean[big] ? k : big;
    }
    size_t top = 0;
    for (size_t i = 1; i < n; i++)
        top = y[(size_t)big * n + i] > y[(size_t)big * n + top] ? i : top;
    char when[64], a[48], b[48];
    xlabel(top, when, sizeof when, &x);
    fputs("<p class=\"reading\">", f);
    if (ns) {
        sf_html_str(f, s[big].name);
        fprintf(f,
                sf_tr(per == 24 ? " has the most patients present, %s on average; its highest "
                                  "24-hour mean was %s, on %s."
                                : " has the most patients present, %s on average; its highest "
                                  "mean was %s, on %s.",
                      l),
                fix1(a, sizeof a, mean[big], l), fix1(b, sizeof b, y[(size_t)big * n + top], l),
                when);
    }
    fputs("</p>\n", f);
    free(y);
    return 0;
}

static void chart_profile(FILE *f, const sf_flow_metrics *m, const sf_stays *t, sf_lang l) {
    uint32_t pick[12];
    int ns = chart_units(m, pick);
    sf_svg_series s[12];
    for (int k = 0; k < ns; k++)
        s[k] = (sf_svg_series){sf_flow_unit_name(t, m, pick[k]),
                               m->prof_p50 + (size_t)pick[k] * SF_HOURS_PER_WEEK};
    xl_ctx x = {NULL, 0, 0, 1, l};
    sf_svg_lines_lang(f, sf_tr("Census by hour of the week, median", l),
                      sf_tr("patients present", l), s, ns, SF_HOURS_PER_WEEK, 24, xlabel, &x, l);
    /* the reading: the busiest unit's fullest and emptiest hour */
    int big = 0;
    for (int k = 1; k < ns; k++)
        big = m->bed_days[pick[k]] > m->bed_days[pick[big]] ? k : big;
    if (!ns)
        return;
    const double *p = s[big].y;
    int hi = 0, lo = 0;
    for (int h = 1; h < SF_HOURS_PER_WEEK; h++) {
        hi = p[h] > p[hi] ? h : hi;
        lo = p[h] < p[lo] ? h : lo;
    }
    char a[32], b[32], pa[48], pb[48];
    xlabel((size_t)hi, a, sizeof a, &x);
    xlabel((size_t)lo, b, sizeof b, &x);
    fputs("<p class=\"reading\">", f);
    fputs(sf_tr("At ", l), f);
    sf_html_str(f, s[big].name);
    fprintf(
        f,
        sf_tr(" the median census is highest on %s:00 (%s patients) and lowest on %s:00 (%s).", l),
        a, fix1(pa, sizeof pa, p[hi], l), b, fix1(pb, sizeof pb, p[lo], l));
    fputs("</p>\n", f);
}

int sf_flow_metrics_write_html(const sf_flow_metrics *m, const sf_stays *t, const sf_flow_opts *o,
                               const char *title, sf_lang l, FILE *f) {
    sf_html_begin_lang(f, title, l);
    /* the diagrams' own classes (flow_charts.c) */
    fputs("<style>.reading{font-weight:600;margin:.3em 0 1em}"
          ".chart .nl{text-anchor:middle;font-size:12px}"
          ".chart .ns{text-anchor:middle;fill:#555}"
          ".chart .el{text-anchor:middle;fill:#345}.chart .al{text-anchor:start}"
          ".chart.map{display:block;margin:auto}</style>\n",
          f);
    fputs("<p>", f);
    char a[48] = "-", b[48] = "-", n1[48], n2[48], n3[48], n4[48];
    if (m->rows_used) {
        sf_flow_date_local(o, m->h0, l, a, sizeof a);
        sf_flow_date_local(o, m->h0 + (int64_t)m->nhours * m->step, l, b, sizeof b);
    }
    fprintf(f,
            sf_tr("%s stays of %s patients at %s units, %s to %s (%s days). Written by samflyt "
                  "flow; definitions in docs/metrics.md. Every chart's figures are in the table "
                  "below it, and every table is in full in the CSV files and metrics.json beside "
                  "this report.",
                  l),
            sf_fmt_num(n1, sizeof n1, (double)m->rows_used, l),
            sf_fmt_num(n2, sizeof n2, (double)m->patients, l),
            sf_fmt_num(n3, sizeof n3, (double)m->nunits, l), a, b,
            fix1(n4, sizeof n4, m->span_days, l));
    fputs("</p>\n", f);
    if (m->nopen) {
        char iso[48];
        sf_flow_iso_local(o, m->until, iso, sizeof iso);
        sf_flow_date_local(o, m->until, l, a, sizeof a);
        fputs("<p>", f);
        fprintf(f,
                sf_tr("%s stays were still open at %s %.5s (no end in the data): they are in the "
                      "census until then, not in the length of stay.",
                      l),
                sf_fmt_num(n1, sizeof n1, (double)m->nopen, l), a, iso + 11);
        fputs("</p>\n", f);
    }
    if (m->step != 3600) {
        fputs("<p>", f);
        fprintf(f,
                sf_tr("The census is in steps of %s hours (the span is long for an hourly table); "
                      "the profile by hour of the week reads the last %s hours.",
                      l),
                sf_fmt_num(n1, sizeof n1, (double)m->step / 3600, l),
                sf_fmt_num(n2, sizeof n2, (double)m->prof_hours, l));
        fputs("</p>\n", f);
    }
    fputs("<nav>", f);
    for (size_t k = 0; k < sizeof sections / sizeof *sections; k++) {
        fprintf(f, "<a href=\"#%s\">", sections[k].table);
        sf_html_str(f, sf_tr(sections[k].heading, l));
        fputs("</a>", f);
    }
    fputs("</nav>\n", f);
    for (size_t k = 0; k < sizeof sections / sizeof *sections; k++) {
        const char *name = sections[k].table;
        fprintf(f, "<section id=\"%s\">\n<h2>", name);
        sf_html_str(f, sf_tr(sections[k].heading, l));
        fputs("</h2>\n<p class=\"about\">", f);
        sf_html_str(f, sf_tr(sections[k].about, l));
        fputs("</p>\n", f);
        if (!strcmp(name, "census") && m->rows_used && chart_census(f, m, t, o, l))
            return SF_ERR_NOMEM;
        if (!strcmp(name, "census_profile") && m->rows_used)
            chart_profile(f, m, t, l);
        if (sf_flow_write_charts(m, t, o, name, l, f))
            return SF_ERR_NOMEM;
        if (sf_flow_write_table_html(m, t, o, name, strcmp(name, "census") ? 500 : 48, l, f))
            return SF_ERR_ARG;
        fputs("</section>\n", f);
    }
    sf_html_end(f);
    return ferror(f) ? SF_ERR_IO : 0;
}
