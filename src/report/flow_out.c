/* flow_out.c: the flow metrics (src/flow/metrics.h) as tidy tables (CSV,
 * one file per table), as one JSON document, and as a summary a planner
 * can read; the report page around the tables is flow_html.c.
 *
 * Each table is written once, by a function that emits rows through a
 * small table writer; the writer makes CSV (header + rows, RFC 4180
 * quoting) or a JSON array of objects from the same calls, so the two
 * forms cannot drift apart. Numbers are written with 12 significant
 * digits; a figure that is undefined (NaN: a median of nothing) is an
 * empty CSV cell and a JSON null. */
#include "report/flow_out.h"

#include "core/textout.h"
#include "flow/metrics_walk.h"
#include "report/html.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const sf_flow_weekdays[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/* ---- the table writer ---- */

/* One writer for the three forms: CSV, JSON, and HTML tables (the report
 * shows at most `limit` rows of a table and says where the rest is). */
enum { TW_CSV, TW_JSON, TW_HTML };

typedef struct tw {
    FILE *f;
    int json; /* TW_CSV, TW_JSON or TW_HTML */
    const char *const *cols;
    int ncols, col;
    uint64_t rows, limit;
    const char *name; /* the table's name (HTML: where the rest is) */
    sf_lang lang;     /* HTML: the language of heads, words and numbers */
} tw;

/* A column's head in the report: its display name (labels.c) or phrase;
 * the key itself in English, as the CSV has it. */
static const char *tw_head(const char *key, sf_lang l) {
    const sf_label *lb = l == SF_LANG_EN ? NULL : sf_label_find(key);
    return lb ? lb->name[l] : sf_tr(key, l);
}

/* A word the tables write in a cell of column col ("(all)", a weekday, a
 * metric's key, a measure) in the report's language; names from the data
 * pass as they are. */
static const char *tw_word(const char *col, const char *s, sf_lang l) {
    if (l == SF_LANG_EN || !*s)
        return s;
    if (!strcmp(col, "weekday")) {
        for (int d = 0; d < 7; d++)
            if (!strcmp(s, sf_flow_weekdays[d]))
                return sf_weekday_abbr(d, l);
        return s;
    }
    if (!strcmp(col, "metric"))
        return sf_label_find(s) ? sf_label_name(s, l) : sf_tr(s, l);
    if (!strcmp(col, "measure") || s[0] == '(')
        return sf_tr(s, l);
    return s;
}

static void tw_begin(tw *w, FILE *f, int json, const char *const *cols, int ncols) {
    w->f = f;
    w->json = json;
    w->cols = cols;
    w->ncols = ncols;
    w->col = 0;
    w->rows = 0;
    if (json == TW_JSON) {
        fputc('[', f);
        return;
    }
    if (json == TW_HTML) {
        fputs("<div class=\"tw\"><table><thead><tr>", f);
        for (int c = 0; c < ncols; c++) {
            fputs("<th>", f);
            sf_html_str(f, tw_head(cols[c], w->lang));
            fputs("</th>", f);
        }
        fputs("</tr></thead><tbody>\n", f);
        return;
    }
    for (int c = 0; c < ncols; c++) {
        if (c)
            fputc(',', f);
        fputs(cols[c], f);
    }
    fputc('\n', f);
}

/* Whether this cell is written (HTML: within the limit). */
static int tw_shown(const tw *w) { return w->json != TW_HTML || w->rows < w->limit; }

static void tw_cell(tw *w, int numeric) {
    if (w->json == TW_HTML) {
        if (tw_shown(w))
            fputs(w->col ? (numeric ? "<td class=\"n\">" : "<td>")
                         : (numeric ? "<tr><td class=\"n\">" : "<tr><td>"),
                  w->f);
    } else if (w->json) {
        fputs(w->col ? ", " : (w->rows ? ",\n  {" : "\n  {"), w->f);
        sf_json_str(w->f, w->cols[w->col]);
        fputs(": ", w->f);
    } else if (w->col)
        fputc(',', w->f);
}

static void tw_next(tw *w) {
    if (w->json == TW_HTML && tw_shown(w))
        fputs(w->col + 1 == w->ncols ? "</td></tr>\n" : "</td>", w->f);
    if (++w->col == w->ncols) {
        if (w->json != TW_HTML)
            fputs(w->json ? "}" : "\n", w->f);
        w->col = 0;
        w->rows++;
    }
}

static void tw_s(tw *w, const char *s) {
    tw_cell(w, 0);
    if (w->json == TW_HTML) {
        if (tw_shown(w))
            sf_html_str(w->f, tw_word(w->cols[w->col], s, w->lang));
    } else if (w->json) {
        sf_json_str(w->f, s);
    } else {
        sf_csv_str(w->f, s);
    }
    tw_next(w);
}

static void tw_d(tw *w, double x) {
    tw_cell(w, 1);
    if (w->json == TW_HTML) {
        if (tw_shown(w))
            sf_html_num_lang(w->f, x, w->lang);
    } else if (isfinite(x)) {
        fprintf(w->f, "%.12g", x);
    } else if (w->json) {
        fputs("null", w->f);
    }
    tw_next(w);
}

static void tw_i(tw *w, int64_t x) {
    tw_cell(w, 1);
    if (w->json == TW_HTML && w->lang != SF_LANG_EN && tw_shown(w))
        sf_html_num_lang(w->f, (double)x, w->lang);
    else if (tw_shown(w))
        fprintf(w->f, "%" PRId64, x);
    tw_next(w);
}

static void tw_end(tw *w) {
    if (w->json == TW_HTML) {
        fputs("</tbody></table></div>\n", w->f);
        if (!w->rows) {
            fputs("<p class=\"note\">", w->f);
            fputs(sf_tr("Nothing to show: the data have no such figures.", w->lang), w->f);
            fputs("</p>\n", w->f);
        } else if (w->rows > w->limit) {
            char a[48], b[48];
            fputs("<p class=\"note\">", w->f);
            fprintf(w->f,
                    sf_tr("The first %s of %s rows; all of them are in %s.csv and "
                          "metrics.json.",
                          w->lang),
                    sf_fmt_num(a, sizeof a, (double)w->limit, w->lang),
                    sf_fmt_num(b, sizeof b, (double)w->rows, w->lang), w->name ? w->name : "");
            fputs("</p>\n", w->f);
        }
    } else if (w->json) {
        fputs(w->rows ? "\n]" : "]", w->f);
    }
}

/* ---- names and times ---- */

static const char *unit_name(const sf_stays *t, const sf_flow_metrics *m, uint32_t u) {
    return u == m->nunits ? "(all)" : sf_intern_str(&t->names[SF_F_UNIT], u);
}

static void civil(int64_t local, int64_t *y, int *mo, int *d, int *h, int *mi, int *s) {
    int64_t days = local / 86400 - (local % 86400 < 0);
    int64_t sec = local - days * 86400;
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *mo = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*mo <= 2);
    *h = (int)(sec / 3600);
    *mi = (int)(sec / 60 % 60);
    *s = (int)(sec % 60);
}

/* ISO 8601 local time with its offset: 2024-01-01T00:00:00+01:00. */
static void iso_local(const sf_flow_opts *o, int64_t utc, char *buf, size_t size) {
    int64_t local = sf_flow_local(o, utc), off = local - utc, y;
    int mo, d, h, mi, s;
    civil(local, &y, &mo, &d, &h, &mi, &s);
    int64_t ao = off < 0 ? -off : off;
    if (off == 0)
        snprintf(buf, size, "%04" PRId64 "-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s);
    else
        snprintf(buf, size, "%04" PRId64 "-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, mo, d, h, mi, s,
                 off < 0 ? '-' : '+', (int)(ao / 3600), (int)(ao / 60 % 60));
}

static double per_1000(double x, double pop) { return pop > 0 ? x / pop * 1000 : NAN; }
static double per_year(const sf_flow_metrics *m, double x) {
    return m->span_days > 0 ? x * 365.25 / m->span_days : NAN;
}
static double ratio(double a, double b) { return b > 0 ? a / b : NAN; }

/* ---- the tables ---- */

static void t_census(tw *w, const sf_flow_metrics *m, const sf_stays *t, const sf_flow_opts *o) {
    static const char *const c[] = {"unit", "time", "census_mean", "census_max"};
    tw_begin(w, w->f, w->json, c, 4);
    char buf[48];
    for (uint32_t u = 0; u <= m->nunits && m->rows_used; u++)
        for (size_t h = 0; h < m->nhours; h++) {
            size_t k = (size_t)u * m->nhours + h;
            iso_local(o, m->h0 + (int64_t)h * m->step, buf, sizeof buf);
            tw_s(w, unit_name(t, m, u));
            tw_s(w, buf);
            tw_d(w, m->census[k]);
            tw_i(w, m->census_max[k]);
        }
    tw_end(w);
}

static void t_profile(tw *w, const sf_flow_metrics *m, const sf_stays *t) {
    static const char *const c[] = {"unit", "hour_of_week", "weekday", "hour", "hours",
                                    "mean", "p10",          "p50",     "p90"};
    tw_begin(w, w->f, w->json, c, 9);
    for (uint32_t u = 0; u <= m->nunits && m->rows_used; u++)
        for (int s = 0; s < SF_HOURS_PER_WEEK; s++) {
            size_t k = (size_t)u * SF_HOURS_PER_WEEK + (size_t)s;
            tw_s(w, unit_name(t, m, u));
            tw_i(w, s);
            tw_s(w, sf_flow_weekdays[s / 24]);
            tw_i(w, s % 24);
            tw_i(w, m->prof_n[s]);
            tw_d(w, m->prof_mean[k]);
            tw_d(w, m->prof_p10[k]);
            tw_d(w, m->prof_p50[k]);
            tw_d(w, m->prof_p90[k]);
        }
    tw_end(w);
}

static void t_arr_how(tw *w, const sf_flow_metrics *m, const sf_stays *t) {
    static const char *const c[] = {"unit",  "hour_of_week", "weekday", "hour",
                                    "hours", "arrivals",     "per_hour"};
    tw_begin(w, w->f, w->json, c, 7);
    for (uint32_t u = 0; u <= m->nunits && m->rows_used; u++)
        for (int s = 0; s < SF_HOURS_PER_WEEK; s++) {
            uint64_t a = m->arr_how[(size_t)u * SF_HOURS_PER_WEEK + (size_t)s];
            tw_s(w, unit_name(t, m, u));
            tw_i(w, s);
            tw_s(w, sf_flow_weekdays[s / 24]);
            tw_i(w, s % 24);
            tw_i(w, m->arr_how_n[s]);
            tw_i(w, (int64_t)a);
            tw_d(w, ratio((double)a, m->arr_how_n[s]));
        }
    tw_end(w);
}

static void t_arr_month(tw *w, const sf_flow_metrics *m, const sf_stays *t) {
    static const char *const c[] = {"unit", "month", "arrivals"};
    tw_begin(w, w->f, w->json, c, 3);
    char buf[24];
    for (uint32_t u = 0; u <= m->nunits; u++)
        for (size_t k = 0; k < m->nmonths; k++) {
            int64_t mi = m->month0 + (int64_t)k;
            snprintf(buf, sizeof buf, "%04" PRId64 "-%02d", mi / 12, (int)(mi % 12) + 1);
            tw_s(w, unit_name(t, m, u));
            tw_s(w, buf);
            tw_i(w, (int64_t)m->arr_month[(size_t)u * m->nmonths + k]);
        }
    tw_end(w);
}

static void dist_row(tw *w, const char *unit, const char *measure, const sf_flow_dist *d) {
    tw_s(w, unit);
    tw_s(w, measure);
    tw_i(w, (int64_t)d->n);
    tw_d(w, d->mean);
    tw_d(w, d->sd);
    tw_d(w, d->min);
    tw_d(w, d->p10);
    tw_d(w, d->p25);
    tw_d(w, d->p50);
    tw_d(w, d->p75);
    tw_d(w, d->p90);
    tw_d(w, d->p95);
    tw_d(w, d->max);
}

static void t_los(tw *w, const sf_flow_metrics *m, const sf_stays *t) {
    static const char *const c[] = {"unit",  "measure", "n",     "mean_h", "sd_h",
                                    "min_h", "p10_h",   "p25_h", "p50_h",  "p75_h",
                                    "p90_h", "p95_h",   "max_h"};
    tw_begin(w, w->f, w->json, c, 13);
    for (uint32_t u = 0; u <= m->nunits && m->los; u++) {
        dist_row(w, unit_name(t, m, u), "length_of_stay", &m->los[u]);
        dist_row(w, unit_name(t, m, u), "wait", &m->wait[u]);
        if (m->nopen) {
            /* open stays: how many, their length not known yet */
            sf_flow_dist d = {m->los_open[u], NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
            dist_row(w, unit_name(t, m, u), "open_stays", &d);
        }
    }
    tw_end(w);
}

static void t_units(tw *w, const sf_flow_metrics *m, const sf_stays *t, const sf_flow_opts *o) {
    static const char *const c[] = {"unit",
                                    "stays",
                                    "admissions",
                                    "bed_days",
                                    "census_mean",
                                    "peak",
                                    "peak_at",
                                    "discharges",
                                    "readmissions",
                                    "readmission_rate",
                                    "ready_stays",
                                    "ready_patients",
                                    "ready_days",
                                    "ready_days_mean",
                                    "zone_known",
                                    "non_resident",
                                    "non_resident_share",
                                    "stays_per_1000",
                                    "bed_days_per_1000",
                                    "ready_days_per_1000",
                                    "stays_per_1000_year",
                                    "bed_days_per_1000_year",
                                    "ready_days_per_1000_year",
                                    "places",
                                    "occupancy_pct",
                                    "full_hours_share"};
    tw_begin(w, w->f, w->json, c, 26);
    char buf[48];
    uint32_t wd = m->nunits + 1;
    for (uint32_t u = 0; u <= m->nunits && m->los; u++) {
        double stays = (double)(m->los[u].n + m->los_open[u]), pop = o->population;
        uint64_t adm = 0;
        if (u < m->nunits)
            adm = m->trans[(size_t)m->nunits * wd + u];
        else
            for (uint32_t v = 0; v < m->nunits; v++)
                adm += m->trans[(size_t)m->nunits * wd + v];
        double sum = 0;
        for (size_t h = 0; h < m->nhours; h++)
            sum += m->census[(size_t)u * m->nhours + h];
        tw_s(w, unit_name(t, m, u));
        tw_i(w, (int64_t)stays);
        tw_i(w, (int64_t)adm);
        tw_d(w, m->bed_days[u]);
        tw_d(w, ratio(sum, (double)m->nhours));
        tw_i(w, m->peak[u]);
        if (m->peak[u]) {
            iso_local(o, m->peak_at[u], buf, sizeof buf);
            tw_s(w, buf);
        } else
            tw_s(w, "");
        tw_i(w, (int64_t)m->readmit_disch[u]);
        tw_i(w, (int64_t)m->readmit_n[u]);
        tw_d(w, ratio((double)m->readmit_n[u], (double)m->readmit_disch[u]));
        tw_i(w, (int64_t)m->ready_stays[u]);
        tw_i(w, (int64_t)m->ready_patients[u]);
        tw_d(w, m->ready_days[u]);
        tw_d(w, ratio(m->ready_days[u], (double)m->ready_stays[u]));
        tw_i(w, (int64_t)m->zone_known[u]);
        tw_i(w, (int64_t)m->nonres[u]);
        tw_d(w, ratio((double)m->nonres[u], (double)m->zone_known[u]));
        tw_d(w, per_1000(stays, pop));
        tw_d(w, per_1000(m->bed_days[u], pop));
        tw_d(w, per_1000(m->ready_days[u], pop));
        tw_d(w, per_year(m, per_1000(stays, pop)));
        tw_d(w, per_year(m, per_1000(m->bed_days[u], pop)));
        tw_d(w, per_year(m, per_1000(m->ready_days[u], pop)));
        /* with places: mean census / places, and hours with as many
         * present as places at some instant */
        double pl = NAN;
        if (o->places && u < m->nunits && u < o->nplaces && o->places[u] > 0)
            pl = o->places[u];
        uint64_t full = 0;
        for (size_t h = 0; isfinite(pl) && h < m->nhours; h++)
            full += m->census_max[(size_t)u * m->nhours + h] >= pl;
        tw_d(w, pl);
        tw_d(w, 100 * ratio(sum, (double)m->nhours) / pl);
        tw_d(w, isfinite(pl) ? ratio((double)full, (double)m->nhours) : NAN);
    }
    tw_end(w);
}

static const char *from_name(const sf_stays *t, const sf_flow_metrics *m, uint32_t u) {
    return u == m->nunits ? "(outside)" : sf_intern_str(&t->names[SF_F_UNIT], u);
}
static const char *to_name(const sf_stays *t, const sf_flow_metrics *m, uint32_t u) {
    return u == m->nunits ? "(home)" : sf_intern_str(&t->names[SF_F_UNIT], u);
}

static void t_matrix(tw *w, const sf_flow_metrics *m, const sf_stays *t, const uint64_t *cnt,
                     const double *med, const char *medname) {
    const char *c[] = {"from", "to", "count", "share", medname};
    tw_begin(w, w->f, w->json, c, 5);
    uint32_t wd = m->nunits + 1;
    for (uint32_t a = 0; a < wd && cnt; a++) {
        uint64_t row = 0;
        for (uint32_t b = 0; b < wd; b++)
            row += cnt[(size_t)a * wd + b];
        for (uint32_t b = 0; b < wd; b++) {
            size_t k = (size_t)a * wd + b;
            if (!cnt[k])
                continue;
            tw_s(w, from_name(t, m, a));
            tw_s(w, to_name(t, m, b));
            tw_i(w, (int64_t)cnt[k]);
            tw_d(w, ratio((double)cnt[k], (double)row));
            tw_d(w, med[k]);
        }
    }
    tw_end(w);
}

static void variant_text(const sf_flow_variant *v, const sf_stays *t, char *buf, size_t size) {
    size_t at = 0;
    buf[0] = 0;
    for (uint32_t j = 0; j < v->len && at + 1 < size; j++) {
        int k = snprintf(buf + at, size - at, "%s%s", j ? " > " : "",
                         sf_intern_str(&t->names[SF_F_UNIT], v->units[j]));
        if (k < 0)
            break;
        at += (size_t)k;
    }
}

static void t_variants(tw *w, const sf_flow_metrics *m, const sf_stays *t) {
    static const char *const c[] = {"rank",     "variant", "units",         "organisations",
                                    "episodes", "share",   "duration_p50_h"};
    tw_begin(w, w->f, w->json, c, 7);
    char buf[1024];
    for (size_t k = 0; k < m->ntop; k++) {
        const sf_flow_variant *v = &m->top[k];
        variant_text(v, t, buf, sizeof buf);
        tw_i(w, (int64_t)k + 1);
        tw_s(w, buf);
        tw_i(w, v->len);
        tw_i(w, v->norgs);
        tw_i(w, (int64_t)v->count);
        tw_d(w, v->share);
        tw_d(w, v->dur_p50);
    }
    tw_end(w);
}

static void t_shared(tw *w, const sf_flow_metrics *m, const sf_stays *t) {
    static const char *const c[] = {"org_a", "org_b", "patients"};
    tw_begin(w, w->f, w->json, c, 3);
    const sf_intern *on = &t->names[SF_F_ORG];
    for (uint32_t a = 0; a < m->norgs && m->shared_pairs; a++)
        for (uint32_t b = a + 1; b < m->norgs; b++) {
            uint64_t n = m->shared_pairs[(size_t)a * m->norgs + b];
            if (!n)
                continue;
            /* alphabetical within the pair, so the row reads the same for
             * any order of first appearance */
            const char *x = sf_intern_str(on, a), *y = sf_intern_str(on, b);
            int swap = strcmp(x, y) > 0;
            tw_s(w, swap ? y : x);
            tw_s(w, swap ? x : y);
            tw_i(w, (int64_t)n);
        }
    tw_end(w);
}

static void t_zones(tw *w, const sf_flow_metrics *m, const sf_stays *t, const sf_flow_opts *o) {
    static const char *const c[] = {"zone",           "resident",          "stays",
                                    "bed_days",       "ready_days",        "population",
                                    "stays_per_1000", "bed_days_per_1000", "ready_days_per_1000"};
    tw_begin(w, w->f, w->json, c, 9);
    for (uint32_t z = 0; z < m->nzones && m->zone_stays; z++) {
        double pop = o->zone_population && z < o->nzone_population ? o->zone_population[z] : 0;
        tw_s(w, sf_intern_str(&t->names[SF_F_ZONE], z));
        if (o->resident)
            tw_i(w, z < o->nresident && o->resident[z]);
        else
            tw_s(w, "");
        tw_i(w, (int64_t)m->zone_stays[z]);
        tw_d(w, m->zone_bed_days[z]);
        tw_d(w, m->zone_ready_days[z]);
        tw_d(w, pop > 0 ? pop : NAN);
        tw_d(w, per_1000((double)m->zone_stays[z], pop));
        tw_d(w, per_1000(m->zone_bed_days[z], pop));
        tw_d(w, per_1000(m->zone_ready_days[z], pop));
    }
    tw_end(w);
}

static void t_continuity(tw *w, const sf_flow_metrics *m, const sf_stays *t) {
    static const char *const c[] = {"patient", "visits", "upc", "coc", "secon"};
    tw_begin(w, w->f, w->json, c, 5);
    for (size_t k = 0; k < m->ncont; k++) {
        tw_s(w, sf_intern_str(&t->names[SF_F_PATIENT], m->cont_patient[k]));
        tw_i(w, m->cont_visits[k]);
        tw_d(w, m->cont_upc[k]);
        tw_d(w, m->cont_coc[k]);
        tw_d(w, m->cont_secon[k]);
    }
    tw_end(w);
}

static void t_summary(tw *w, const sf_flow_metrics *m, const sf_flow_opts *o) {
    static const char *const c[] = {"metric", "value"};
    tw_begin(w, w->f, w->json, c, 2);
    uint32_t all = m->nunits;
    const struct {
        const char *name;
        double v;
    } rows[] = {
        {"rows", (double)m->rows},
        {"rows_left_out", (double)m->rows_bad},
        {"patients", (double)m->patients},
        {"episodes", (double)m->episodes},
        {"span_days", m->span_days},
        {"bed_days", m->bed_days ? m->bed_days[all] : NAN},
        {"peak_census", m->peak ? (double)m->peak[all] : NAN},
        {"discharges", m->readmit_disch ? (double)m->readmit_disch[all] : NAN},
        {"readmissions", m->readmit_n ? (double)m->readmit_n[all] : NAN},
        {"readmission_rate",
         m->readmit_n ? ratio((double)m->readmit_n[all], (double)m->readmit_disch[all]) : NAN},
        {"readmission_gap_p50_days", m->readmit_gap_p50},
        {"patients_with_org", (double)m->patients_org},
        {"patients_shared", (double)m->patients_shared},
        {"shared_share", ratio((double)m->patients_shared, (double)m->patients_org)},
        {"variants", (double)m->nvariants},
        {"variant_episodes", (double)m->var_episodes},
        {"ready_stays", m->ready_stays ? (double)m->ready_stays[all] : NAN},
        {"ready_patients", m->ready_patients ? (double)m->ready_patients[all] : NAN},
        {"ready_days", m->ready_days ? m->ready_days[all] : NAN},
        {"ready_days_per_1000", m->ready_days ? per_1000(m->ready_days[all], o->population) : NAN},
        {"non_resident_share",
         m->nonres ? ratio((double)m->nonres[all], (double)m->zone_known[all]) : NAN},
        {"population", o->population > 0 ? o->population : NAN},
        {"continuity_patients", (double)m->ncont},
        {"upc_mean", m->upc_mean},
        {"coc_mean", m->coc_mean},
        {"secon_mean", m->secon_mean},
    };
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        tw_s(w, rows[k].name);
        tw_d(w, rows[k].v);
    }
    if (m->nopen) {
        /* stays still in care at the extract's end (docs/metrics.md) */
        tw_s(w, "open_stays");
        tw_d(w, (double)m->nopen);
    }
    if (m->step != 3600) {
        /* a long span: the census table's step, and the hours the
         * hour-of-week profile read */
        tw_s(w, "census_step_h");
        tw_d(w, (double)m->step / 3600);
        tw_s(w, "profile_hours");
        tw_d(w, (double)m->prof_hours);
    }
    tw_end(w);
}

const char *const sf_flow_tables[] = {
    "summary",
    "units",
    "census",
    "census_profile",
    "arrivals_hour_of_week",
    "arrivals_month",
    "los",
    "transitions",
    "dfg",
    "variants",
    "shared",
    "zones",
    "continuity",
};
const size_t sf_flow_ntables = sizeof sf_flow_tables / sizeof sf_flow_tables[0];

static int write_table(tw *w, const sf_flow_metrics *m, const sf_stays *t, const sf_flow_opts *o,
                       const char *name) {
    if (!strcmp(name, "summary"))
        t_summary(w, m, o);
    else if (!strcmp(name, "units"))
        t_units(w, m, t, o);
    else if (!strcmp(name, "census"))
        t_census(w, m, t, o);
    else if (!strcmp(name, "census_profile"))
        t_profile(w, m, t);
    else if (!strcmp(name, "arrivals_hour_of_week"))
        t_arr_how(w, m, t);
    else if (!strcmp(name, "arrivals_month"))
        t_arr_month(w, m, t);
    else if (!strcmp(name, "los"))
        t_los(w, m, t);
    else if (!strcmp(name, "transitions"))
        t_matrix(w, m, t, m->trans, m->trans_gap_p50, "gap_p50_h");
    else if (!strcmp(name, "dfg"))
        t_matrix(w, m, t, m->dfg, m->dfg_p50, "time_p50_h");
    else if (!strcmp(name, "variants"))
        t_variants(w, m, t);
    else if (!strcmp(name, "shared"))
        t_shared(w, m, t);
    else if (!strcmp(name, "zones"))
        t_zones(w, m, t, o);
    else if (!strcmp(name, "continuity"))
        t_continuity(w, m, t);
    else
        return SF_ERR_ARG;
    return 0;
}

int sf_flow_metrics_write_csv(const sf_flow_metrics *m, const sf_stays *t, const sf_flow_opts *o,
                              const char *table, FILE *f) {
    tw w = {.f = f, .json = 0};
    int rc = write_table(&w, m, t, o, table);
    if (rc)
        return rc;
    return ferror(f) ? SF_ERR_IO : 0;
}

int sf_flow_metrics_write_json(const sf_flow_metrics *m, const sf_stays *t, const sf_flow_opts *o,
                               FILE *f) {
    fputs("{\n\"options\": {", f);
    fprintf(f,
            "\"episode_gap_h\": %.12g, \"readmit_min_h\": %.12g, \"readmit_max_days\": %.12g, "
            "\"readmit_org\": ",
            (double)o->episode_gap / 3600, (double)o->readmit_min / 3600,
            (double)o->readmit_max / 86400);
    if (o->readmit_org == SF_ID_NONE)
        fputs("null", f);
    else
        sf_json_str(f, sf_intern_str(&t->names[SF_F_ORG], o->readmit_org));
    fputs(", \"readmit_class\": ", f);
    if (o->readmit_class == SF_ID_NONE)
        fputs("null", f);
    else
        sf_json_str(f, sf_intern_str(&t->names[SF_F_CLASS], o->readmit_class));
    fprintf(f, ", \"shared_window_days\": %.12g, \"pathway_min_orgs\": %d, \"top\": %d}",
            (double)o->shared_window / 86400, o->pathway_min_orgs, o->top);
    tw w = {.f = f, .json = 1};
    for (size_t k = 0; k < sf_flow_ntables; k++) {
        fputs(",\n", f);
        sf_json_str(f, sf_flow_tables[k]);
        fputs(": ", f);
        write_table(&w, m, t, o, sf_flow_tables[k]);
    }
    fputs("\n}\n", f);
    return ferror(f) ? SF_ERR_IO : 0;
}

/* ---- the summary a planner reads ---- */

static void fmt_d(char *buf, size_t size, double x, const char *fmt) {
    if (isfinite(x))
        snprintf(buf, size, fmt, x);
    else
        snprintf(buf, size, "-");
}

int sf_flow_metrics_write_summary(const sf_flow_metrics *m, const sf_stays *t,
                                  const sf_flow_opts *o, FILE *f) {
    uint32_t all = m->nunits, wd = m->nunits + 1;
    char a[48], b[48], c[48], d[48];
    fprintf(f, "%zu stays of %" PRIu64 " patients in %" PRIu64 " episodes", m->rows_used,
            m->patients, m->episodes);
    if (m->rows_bad)
        fprintf(f, " (%" PRIu64 " rows left out: end missing or before start)", m->rows_bad);
    if (m->nopen) {
        iso_local(o, m->until, a, sizeof a);
        fprintf(f,
                "; %" PRIu64 " still open at %.16s (in the census until then, not in the length "
                "of stay)",
                m->nopen, a);
    }
    if (m->rows_used) {
        iso_local(o, m->h0, a, sizeof a);
        fprintf(f, ", from %.10s over %.1f days\n", a, m->span_days);
        if (m->step != 3600) {
            iso_local(o, m->prof_h0, b, sizeof b);
            fprintf(f,
                    "census in steps of %g hours (the span is long for an hourly table); the "
                    "hour-of-week profile from the %zu hours from %.10s\n",
                    (double)m->step / 3600, m->prof_hours, b);
        }
    } else {
        fputs("\n", f);
        return ferror(f) ? SF_ERR_IO : 0;
    }
    /* the unit column as wide as the longest name, within reason */
    int uw = 5;
    for (uint32_t u = 0; u < m->nunits; u++) {
        size_t l = strlen(unit_name(t, m, u));
        uw = l > (size_t)uw ? (l < 32 ? (int)l : 32) : uw;
    }
    fprintf(f, "\n%-*s %8s %10s %8s %6s %9s %9s %8s\n", uw, "unit", "stays", "bed-days", "census",
            "peak", "LOS p50 h", "LOS p90 h", "readmit");
    for (uint32_t u = 0; u <= m->nunits; u++) {
        double sum = 0;
        for (size_t h = 0; h < m->nhours; h++)
            sum += m->census[(size_t)u * m->nhours + h];
        fmt_d(a, sizeof a, m->los[u].p50, "%.1f");
        fmt_d(b, sizeof b, m->los[u].p90, "%.1f");
        fmt_d(c, sizeof c, 100 * ratio((double)m->readmit_n[u], (double)m->readmit_disch[u]),
              "%.1f %%");
        fprintf(f, "%-*.*s %8" PRIu64 " %10.1f %8.2f %6u %9s %9s %8s\n", uw, uw, unit_name(t, m, u),
                m->los[u].n + m->los_open[u], m->bed_days[u], sum / (double)m->nhours, m->peak[u],
                a, b, c);
    }
    /* the busiest transitions between units */
    fputs("\nmost frequent transitions (count, median gap):\n", f);
    {
        /* up to 8 by count; ties in matrix order (selection of the top) */
        size_t top[8];
        int nt = 0;
        for (; nt < 8; nt++) {
            size_t best = SIZE_MAX;
            for (size_t k = 0; k < (size_t)wd * wd; k++) {
                if (!m->trans[k])
                    continue;
                int taken = 0;
                for (int q = 0; q < nt && !taken; q++)
                    taken = top[q] == k;
                if (!taken && (best == SIZE_MAX || m->trans[k] > m->trans[best]))
                    best = k;
            }
            if (best == SIZE_MAX)
                break;
            top[nt] = best;
        }
        for (int q = 0; q < nt; q++) {
            size_t k = top[q];
            fmt_d(a, sizeof a, m->trans_gap_p50[k], "%.1f h");
            fprintf(f, "  %-*s -> %-*s %8" PRIu64 "  %s\n", uw, from_name(t, m, (uint32_t)(k / wd)),
                    uw, to_name(t, m, (uint32_t)(k % wd)), m->trans[k], a);
        }
    }
    fmt_d(a, sizeof a, 100 * ratio((double)m->readmit_n[all], (double)m->readmit_disch[all]),
          "%.1f %%");
    fmt_d(b, sizeof b, m->readmit_gap_p50, "%.1f");
    fprintf(f,
            "\nreadmissions (%.0f h to %.0f days after a discharge): %" PRIu64 " of %" PRIu64
            " discharges (%s), median %s days after\n",
            (double)o->readmit_min / 3600, (double)o->readmit_max / 86400, m->readmit_n[all],
            m->readmit_disch[all], a, b);
    if (m->patients_org) {
        fmt_d(a, sizeof a, 100 * ratio((double)m->patients_shared, (double)m->patients_org),
              "%.1f %%");
        fprintf(f,
                "shared patients (2+ organisations within %.0f days): %" PRIu64 " of %" PRIu64
                " (%s)\n",
                (double)o->shared_window / 86400, m->patients_shared, m->patients_org, a);
    }
    fprintf(f, "\npathway variants: %zu distinct in %" PRIu64 " episodes%s; most frequent:\n",
            m->nvariants, m->var_episodes,
            o->pathway_min_orgs > 1 ? " (touching 2+ organisations)" : "");
    char v[1024];
    for (size_t k = 0; k < m->ntop; k++) {
        variant_text(&m->top[k], t, v, sizeof v);
        fmt_d(a, sizeof a, m->top[k].dur_p50 / 24, "%.1f");
        fprintf(f, "  %2zu. %-48s %8" PRIu64 " %5.1f %%  median %s days\n", k + 1, v,
                m->top[k].count, 100 * m->top[k].share, a);
    }
    if (m->ready_stays[all]) {
        fmt_d(a, sizeof a, ratio(m->ready_days[all], (double)m->ready_stays[all]), "%.2f");
        fmt_d(b, sizeof b, per_1000(m->ready_days[all], o->population), "%.2f");
        fprintf(f,
                "\nready for discharge: %.1f bed-days in %" PRIu64 " stays of %" PRIu64
                " patients, mean %s days%s%s%s\n",
                m->ready_days[all], m->ready_stays[all], m->ready_patients[all], a,
                o->population > 0 ? "; " : "", o->population > 0 ? b : "",
                o->population > 0 ? " per 1,000 inhabitants" : "");
    }
    if (o->resident && m->zone_known[all]) {
        fmt_d(a, sizeof a, 100 * ratio((double)m->nonres[all], (double)m->zone_known[all]),
              "%.1f %%");
        fprintf(f, "non-residents: %s of %" PRIu64 " stays with a known home zone\n", a,
                m->zone_known[all]);
    }
    if (m->ncont) {
        fmt_d(a, sizeof a, m->upc_mean, "%.2f");
        fmt_d(b, sizeof b, m->coc_mean, "%.2f");
        fmt_d(c, sizeof c, m->secon_mean, "%.2f");
        fprintf(f, "continuity (%zu patients with 2+ visits): UPC %s, COC %s, SECON %s\n", m->ncont,
                a, b, c);
    }
    if (o->population > 0) {
        fmt_d(d, sizeof d,
              per_year(m, per_1000((double)(m->los[all].n + m->los_open[all]), o->population)),
              "%.1f");
        fmt_d(a, sizeof a, per_year(m, per_1000(m->bed_days[all], o->population)), "%.1f");
        fprintf(f, "per 1,000 inhabitants a year: %s stays, %s bed-days\n", d, a);
    }
    return ferror(f) ? SF_ERR_IO : 0;
}

/* ---- shared with flow_html.c ---- */

const char *sf_flow_unit_name(const sf_stays *t, const sf_flow_metrics *m, uint32_t u) {
    return unit_name(t, m, u);
}

void sf_flow_iso_local(const sf_flow_opts *o, int64_t utc, char *buf, size_t size) {
    iso_local(o, utc, buf, size);
}

/* Tables longer than this are folded (<details>): the page reads as its
 * charts and short tables, and a long table opens with a click. */
#define HTML_FOLD_ROWS 30

void sf_flow_date_local(const sf_flow_opts *o, int64_t utc, sf_lang l, char *buf, size_t size) {
    int64_t y;
    int mo, d, h, mi, s;
    civil(sf_flow_local(o, utc), &y, &mo, &d, &h, &mi, &s);
    if (l == SF_LANG_NB)
        snprintf(buf, size, "%02d.%02d.%04" PRId64, d, mo, y);
    else
        snprintf(buf, size, "%04" PRId64 "-%02d-%02d", y, mo, d);
}

int sf_flow_write_table_html(const sf_flow_metrics *m, const sf_stays *t, const sf_flow_opts *o,
                             const char *table, uint64_t limit, sf_lang l, FILE *f) {
    char *buf = NULL;
    size_t len = 0;
    FILE *g = open_memstream(&buf, &len);
    if (!g)
        return SF_ERR_NOMEM;
    tw w = {.f = g, .json = TW_HTML, .limit = limit, .name = table, .lang = l};
    int rc = write_table(&w, m, t, o, table);
    if (fclose(g) || !buf) {
        free(buf);
        return rc ? rc : SF_ERR_NOMEM;
    }
    if (!rc) {
        char n[48];
        if (w.rows > HTML_FOLD_ROWS) {
            fputs("<details><summary>", f);
            fprintf(f, sf_tr("The table: %s rows", l), sf_fmt_num(n, sizeof n, (double)w.rows, l));
            fputs("</summary>\n", f);
        }
        fwrite(buf, 1, len, f);
        if (w.rows > HTML_FOLD_ROWS)
            fputs("</details>\n", f);
    }
    free(buf);
    return rc;
}
