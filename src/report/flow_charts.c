/* flow_charts.c: the flow report's diagrams of pathways and stays
 * (flow_out.h), drawn as inline SVG from the figures the tables hold:
 *   - the process map: the directly-follows graph (dfg.csv) laid out by
 *     Graphviz's dot (gv_layout.h) and drawn here from the positions;
 *   - the pathway diagram: the most frequent variants (variants.csv) as
 *     rows of steps with bars by count, the rest grouped;
 *   - length of stay per unit: histograms (src/flow/los_hist.h) on one time
 *     axis, log where the units differ, median and p90 (los.csv) marked.
 * Every mark carries its figure in data-* attributes and a <title>, so a
 * test can check each against the CSV (tests/flow_charts_check.py), and
 * each chart ends with one line that reads it in words. Words, numbers and
 * durations are in the report's language (labels.h); the data-* figures
 * and the names from the data are not translated. */
#include "report/flow_out.h"

#include "core/textout.h"
#include "flow/los_hist.h"
#include "report/gv_layout.h"
#include "report/html.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared bits ---- */

static const char *from_name(const sf_stays *t, const sf_flow_metrics *m, uint32_t u) {
    return u == m->nunits ? "(outside)" : sf_intern_str(&t->names[SF_F_UNIT], u);
}
static const char *to_name(const sf_stays *t, const sf_flow_metrics *m, uint32_t u) {
    return u == m->nunits ? "(home)" : sf_intern_str(&t->names[SF_F_UNIT], u);
}

/* A number as the tables print it, in l, into buf. */
static const char *num(char *buf, size_t size, double x, sf_lang l) {
    if (!isfinite(x))
        snprintf(buf, size, "-");
    else
        sf_fmt_num(buf, size, x, l);
    return buf;
}

/* A duration in hours in the unit natural to it: minutes under an hour,
 * days from two days, hours between; in l. */
static const char *dur(char *buf, size_t size, double h, sf_lang l) {
    char v[48];
    if (!isfinite(h))
        snprintf(buf, size, "-");
    else if (h < 1)
        snprintf(buf, size, "%s min", sf_fmt_fixed(v, sizeof v, h * 60, 0, l));
    else if (h < 48)
        snprintf(buf, size, "%s %s", sf_fmt_fixed(v, sizeof v, h, 1, l), sf_tr("h", l));
    else
        snprintf(buf, size, "%s %s", sf_fmt_fixed(v, sizeof v, h / 24, 1, l), sf_tr("days", l));
    return buf;
}

static void chart_note(FILE *f, const char *text) {
    fputs("<p class=\"reading\">", f);
    sf_html_str(f, text);
    fputs("</p>\n", f);
}

/* ---- the process map ---- */

/* Edges drawn: at most this many, the most frequent. */
#define MAP_MAX_EDGES 40

/* DOT text: a string literal with " and \ escaped. */
static void dot_str(FILE *f, const char *s) {
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* Node id: n<unit>, "s" for outside (the start), "e" for home (the end). */
static void node_id(char *buf, size_t size, uint32_t u, uint32_t nu, int to) {
    if (u == nu)
        snprintf(buf, size, "%s", to ? "e" : "s");
    else
        snprintf(buf, size, "n%" PRIu32, u);
}

typedef struct map_node {
    double x, y, w, h; /* points, y downwards */
    int ok;
} map_node;

/* The next token of a "plain" line, quotes removed; NULL at the end. */
static char *plain_tok(char **p) {
    char *s = *p;
    while (*s == ' ')
        s++;
    if (!*s || *s == '\n')
        return NULL;
    char *start = s;
    if (*s == '"') {
        start = ++s;
        while (*s && *s != '"')
            s += s[0] == '\\' && s[1] ? 2 : 1;
        if (*s)
            *s++ = 0;
    } else {
        while (*s && *s != ' ' && *s != '\n')
            s++;
        if (*s)
            *s++ = 0;
    }
    *p = s;
    return start;
}

static int cmp_desc_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* Threshold of the edges shown: at least 1 % of the episodes counted
 * (at least 1), raised so that at most MAP_MAX_EDGES are shown: above
 * the count of the first edge past MAP_MAX_EDGES, largest first. 0 when
 * out of memory. */
static uint64_t map_threshold(const sf_flow_metrics *m) {
    size_t cells = (size_t)(m->nunits + 1) * (m->nunits + 1), n = 0;
    uint64_t thr = (m->var_episodes + 99) / 100;
    if (thr < 1)
        thr = 1;
    for (size_t k = 0; k < cells; k++)
        n += m->dfg[k] >= thr;
    if (n <= MAP_MAX_EDGES)
        return thr;
    uint64_t *c = malloc(n * sizeof *c);
    if (!c)
        return 0;
    n = 0;
    for (size_t k = 0; k < cells; k++)
        if (m->dfg[k] >= thr)
            c[n++] = m->dfg[k];
    qsort(c, n, sizeof *c, cmp_desc_u64);
    thr = c[MAP_MAX_EDGES] + 1;
    free(c);
    return thr;
}

static int process_map(FILE *f, const sf_flow_metrics *m, const sf_stays *t, sf_lang l) {
    uint32_t nu = m->nunits, wd = nu + 1;
    if (!m->dfg || !m->var_episodes) {
        chart_note(f, sf_tr("No pathways in the data: nothing to map.", l));
        return 0;
    }
    uint64_t thr = map_threshold(m), max = 0, hidden_n = 0, hidden_ep = 0;
    if (!thr)
        return SF_ERR_NOMEM;
    size_t busiest = SIZE_MAX;
    for (size_t k = 0; k < (size_t)wd * wd; k++) {
        if (!m->dfg[k])
            continue;
        if (m->dfg[k] < thr) {
            hidden_n++;
            hidden_ep += m->dfg[k];
            continue;
        }
        if (m->dfg[k] > max)
            max = m->dfg[k];
        /* the busiest edge between units (not from outside, not home) */
        if (k / wd != nu && k % wd != nu && (busiest == SIZE_MAX || m->dfg[k] > m->dfg[busiest]))
            busiest = k;
    }
    uint8_t *shown = calloc(wd, 1);
    char *dot = NULL, *plain = NULL;
    size_t dotlen = 0;
    FILE *g = shown ? open_memstream(&dot, &dotlen) : NULL;
    if (!g) {
        free(shown);
        return SF_ERR_NOMEM;
    }
    for (size_t k = 0; k < (size_t)wd * wd; k++)
        if (m->dfg[k] >= thr)
            shown[k / wd] = shown[k % wd] = 1;
    /* the graph, top to bottom; node and edge labels in points as drawn */
    fputs("digraph map {\n rankdir=TB; nodesep=0.35; ranksep=0.45;\n"
          " node [shape=box, fontname=\"Helvetica\", fontsize=12, margin=\"0.12,0.06\"];\n"
          " edge [fontname=\"Helvetica\", fontsize=11];\n",
          g);
    char id[16], id2[16];
    for (uint32_t u = 0; u <= nu; u++) {
        if (!shown[u])
            continue;
        if (u == nu) {
            fprintf(g, " s [label=\"%s\"];\n e [label=\"%s\"];\n", sf_tr("outside", l),
                    sf_tr("home", l));
            continue;
        }
        node_id(id, sizeof id, u, nu, 0);
        fprintf(g, " %s [label=", id);
        /* two lines: the name, and the stays (the label is only for the
         * node's size: the SVG writes its own text) */
        char lab[320], c[48];
        snprintf(lab, sizeof lab, "%s\n", sf_intern_str(&t->names[SF_F_UNIT], u));
        size_t at = strlen(lab);
        snprintf(lab + at, sizeof lab - at, sf_tr("%s stays", l),
                 num(c, sizeof c, (double)(m->los[u].n + m->los_open[u]), l));
        dot_str(g, lab);
        fputs("];\n", g);
    }
    for (size_t k = 0; k < (size_t)wd * wd; k++) {
        if (m->dfg[k] < thr)
            continue;
        node_id(id, sizeof id, (uint32_t)(k / wd), nu, 0);
        node_id(id2, sizeof id2, (uint32_t)(k % wd), nu, 1);
        fprintf(g, " %s -> %s [label=\"%" PRIu64 "\", penwidth=%.2f];\n", id, id2, m->dfg[k],
                1 + 7 * (double)m->dfg[k] / (double)max);
    }
    fputs("}\n", g);
    if (fclose(g) || !dot) {
        free(dot);
        free(shown);
        return SF_ERR_NOMEM;
    }
    char why[200];
    if (sf_gv_layout_plain(dot, &plain, why, sizeof why)) {
        fputs("<p class=\"note\" id=\"map-missing\">", f);
        fputs(sf_tr("The process map is drawn with Graphviz, which is not available here (", l), f);
        sf_html_str(f, why);
        fputs(sf_tr("): the table below lists the same graph.", l), f);
        fputs("</p>\n", f);
        free(dot);
        free(shown);
        return 0;
    }
    free(dot);
    /* parse the layout: graph, node and edge lines (inches, y upwards) */
    map_node *nodes = calloc((size_t)wd + 1, sizeof *nodes);
    if (!nodes) {
        free(plain);
        free(shown);
        return SF_ERR_NOMEM;
    }
    double gw = 0, gh = 0;
    const double P = 72, pad = 8;
    /* pass 1 (on a copy: tokens are cut in place): the size and nodes */
    char *copy = strdup(plain);
    if (!copy) {
        free(nodes);
        free(plain);
        free(shown);
        return SF_ERR_NOMEM;
    }
    for (char *line = copy, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = 0;
        char *p = line, *kind = plain_tok(&p);
        if (kind && !strcmp(kind, "graph")) {
            plain_tok(&p);
            char *w = plain_tok(&p), *h = plain_tok(&p);
            gw = w ? atof(w) * P : 0;
            gh = h ? atof(h) * P : 0;
        } else if (kind && !strcmp(kind, "node")) {
            char *name = plain_tok(&p), *x = plain_tok(&p), *y = plain_tok(&p), *w = plain_tok(&p),
                 *h = plain_tok(&p);
            if (!name || !h)
                continue;
            uint32_t u = name[0] == 's' ? nu : name[0] == 'e' ? wd : (uint32_t)atol(name + 1);
            if (u > wd)
                continue;
            nodes[u] =
                (map_node){atof(x) * P + pad, gh - atof(y) * P + pad, atof(w) * P, atof(h) * P, 1};
        }
    }
    free(copy);
    /* edges first, under the nodes */
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
            "class=\"chart map\" data-chart=\"process_map\" data-threshold=\"%" PRIu64
            "\" data-hidden-edges=\"%" PRIu64 "\" data-hidden-episodes=\"%" PRIu64
            "\" style=\"max-width:%.0fpx\"><title>%s</title>\n"
            "<defs><marker id=\"arr\" viewBox=\"0 0 10 10\" refX=\"1\" refY=\"5\" "
            "markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" "
            "orient=\"auto\"><path d=\"M0 0L10 "
            "5L0 10z\" fill=\"#5b7da6\"/></marker></defs>\n",
            gw + 2 * pad, gh + 2 * pad, thr, hidden_n, hidden_ep,
            /* points to px at 1.5: the 12 pt labels read at the body text size */
            1.5 * (gw + 2 * pad) < 860 ? 1.5 * (gw + 2 * pad) : 860,
            sf_tr("Process map: moves between units, episodes per move", l));
    /* pass 2: the edges, each a cubic B-spline as dot routed it */
    for (char *line = plain, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = 0;
        char *p = line, *kind = plain_tok(&p);
        if (!kind || strcmp(kind, "edge"))
            continue;
        char *tn = plain_tok(&p), *hn = plain_tok(&p), *ns = plain_tok(&p);
        if (!tn || !hn || !ns)
            continue;
        uint32_t a = tn[0] == 's' ? nu : (uint32_t)atol(tn + 1);
        uint32_t b = hn[0] == 'e' ? nu : (uint32_t)atol(hn + 1);
        if (a > nu || b > nu)
            continue;
        size_t k = (size_t)a * wd + b;
        int np = atoi(ns);
        char c[48], tm[48];
        fprintf(f, "<g class=\"edge\" data-from=\"");
        sf_html_str(f, from_name(t, m, a));
        fputs("\" data-to=\"", f);
        sf_html_str(f, to_name(t, m, b));
        fprintf(f, "\" data-count=\"%" PRIu64 "\"><title>", m->dfg[k]);
        sf_html_str(f, sf_tr(from_name(t, m, a), l));
        fputs(" → ", f);
        sf_html_str(f, sf_tr(to_name(t, m, b), l));
        fprintf(f, sf_tr(": %s episodes, median %s after arrival", l),
                num(c, sizeof c, (double)m->dfg[k], l), dur(tm, sizeof tm, m->dfg_p50[k], l));
        fputs("</title><path d=\"", f);
        for (int i = 0; i < np; i++) {
            char *x = plain_tok(&p), *y = plain_tok(&p);
            if (!x || !y)
                break;
            fprintf(f, "%s%.1f %.1f",
                    i == 0       ? "M"
                    : i % 3 == 1 ? " C"
                                 : " ",
                    atof(x) * P + pad, gh - atof(y) * P + pad);
        }
        fprintf(f,
                "\" fill=\"none\" stroke=\"#5b7da6\" stroke-opacity=\"0.75\" "
                "stroke-width=\"%.2f\" marker-end=\"url(#arr)\"/>",
                1 + 7 * (double)m->dfg[k] / (double)max);
        char *lab = plain_tok(&p), *lx = plain_tok(&p), *ly = plain_tok(&p);
        if (lab && lx && ly && strcmp(lab, "solid"))
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"el\">%" PRIu64 "</text>",
                    atof(lx) * P + pad, gh - atof(ly) * P + pad + 4, m->dfg[k]);
        fputs("</g>\n", f);
    }
    for (uint32_t u = 0; u <= wd; u++) {
        const map_node *n = &nodes[u];
        if (!n->ok)
            continue;
        int term = u >= nu;
        fprintf(f,
                "<g class=\"node\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                "rx=\"4\" fill=\"%s\" stroke=\"#345\"/>",
                n->x - n->w / 2, n->y - n->h / 2, n->w, n->h, term ? "#eee" : "#dbe7f3");
        if (term) {
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"nl\">%s</text></g>\n", n->x, n->y + 4,
                    sf_tr(u == nu ? "outside" : "home", l));
            continue;
        }
        char c[48];
        fputs("<title>", f);
        sf_html_str(f, sf_intern_str(&t->names[SF_F_UNIT], u));
        fputs(": ", f);
        fprintf(f, sf_tr("%s stays", l),
                num(c, sizeof c, (double)(m->los[u].n + m->los_open[u]), l));
        fputs("</title>", f);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"nl\">", n->x, n->y - 2);
        sf_html_str(f, sf_intern_str(&t->names[SF_F_UNIT], u));
        fprintf(f, "</text><text x=\"%.1f\" y=\"%.1f\" class=\"ns\">", n->x, n->y + 12);
        fprintf(f, sf_tr("%s stays", l),
                num(c, sizeof c, (double)(m->los[u].n + m->los_open[u]), l));
        fputs("</text></g>\n", f);
    }
    fputs("</svg>\n", f);
    /* the reading */
    char r[640], c[48], pc[48], ne[48];
    if (busiest != SIZE_MAX)
        snprintf(r, sizeof r,
                 sf_tr("The busiest move between units is %s → %s, in %s episodes (%s %% of the %s "
                       "episodes counted).",
                       l),
                 sf_tr(from_name(t, m, (uint32_t)(busiest / wd)), l),
                 sf_tr(to_name(t, m, (uint32_t)(busiest % wd)), l),
                 num(c, sizeof c, (double)m->dfg[busiest], l),
                 num(pc, sizeof pc, 100.0 * (double)m->dfg[busiest] / (double)m->var_episodes, l),
                 num(ne, sizeof ne, (double)m->var_episodes, l));
    else
        snprintf(r, sizeof r, "%s",
                 sf_tr(hidden_n ? "No move between units is frequent enough to draw: the table "
                                  "lists them all."
                                : "No episode moves between units: each stays in one unit.",
                       l));
    chart_note(f, r);
    char th[48], hn[48], he[48];
    fputs("<p class=\"note\">", f);
    fprintf(f,
            sf_tr("Arrows are moves in an episode, thicker for more episodes; moves in fewer than "
                  "%s episodes are hidden (1 %% of the episodes, or fewer when more than %d moves "
                  "pass): %s moves with %s episodes in all, listed in the table below.",
                  l),
            num(th, sizeof th, (double)thr, l), MAP_MAX_EDGES,
            num(hn, sizeof hn, (double)hidden_n, l), num(he, sizeof he, (double)hidden_ep, l));
    fputs("</p>\n", f);
    free(nodes);
    free(plain);
    free(shown);
    return 0;
}

/* ---- the pathway diagram ---- */

/* Text width estimate, px, at the chart's 11 px font. */
static double text_w(const char *s) {
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80; /* characters, not bytes */
    return 6.4 * (double)n;
}

/* Rows of the pathway diagram, the rest grouped. */
#define PATH_ROWS 20

static void pathways(FILE *f, const sf_flow_metrics *m, const sf_stays *t, const sf_flow_opts *o,
                     sf_lang l) {
    if (!m->ntop) {
        chart_note(f, sf_tr("No pathways in the data.", l));
        return;
    }
    const double W = 860, T = 30, row = 26, bx = 34, bw = 190, sx = 330;
    /* at most PATH_ROWS rows drawn; the rest of --top joins the grey row */
    size_t ntop = m->ntop < PATH_ROWS ? m->ntop : PATH_ROWS, nrows = ntop + 1;
    uint64_t top_sum = 0, cross_n = 0, cross_ep = 0, maxc = 1;
    for (size_t k = 0; k < ntop; k++) {
        top_sum += m->top[k].count;
        maxc = m->top[k].count > maxc ? m->top[k].count : maxc;
        if (m->top[k].norgs >= 2) {
            cross_n++;
            cross_ep += m->top[k].count;
        }
    }
    uint64_t rest = m->var_episodes > top_sum ? m->var_episodes - top_sum : 0;
    size_t rest_n = m->nvariants > ntop ? m->nvariants - ntop : 0;
    int shared = o->pathway_min_orgs > 1;
    const char *title =
        sf_tr(shared ? "Most common pathways of patients shared between organisations"
                     : "Most common pathways of all episodes",
              l);
    double H = T + row * (double)nrows + 34;
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
            "class=\"chart\" data-chart=\"pathways\" data-episodes=\"%" PRIu64
            "\" data-rest=\"%" PRIu64 "\" data-rest-variants=\"%zu\"><title>",
            W, H, m->var_episodes, rest, rest_n);
    sf_html_str(f, title);
    fprintf(f, "</title>\n<text x=\"4\" y=\"16\" class=\"ct\">");
    sf_html_str(f, title);
    fprintf(f,
            "</text>\n<text x=\"%.0f\" y=\"%.0f\" class=\"xl\">%s</text>"
            "<text x=\"%.0f\" y=\"%.0f\" class=\"al\">%s%s</text>\n",
            bx + bw / 2, T - 2, sf_tr("episodes (share)", l), sx, T - 2,
            sf_tr("units in order (consecutive stays in one unit merged)", l),
            shared ? "" : sf_tr("; shaded: crossing organisations", l));
    char c[48], sh[48], d[48];
    for (size_t k = 0; k < nrows; k++) {
        double y = T + row * (double)k;
        int is_rest = k == ntop;
        const sf_flow_variant *v = is_rest ? NULL : &m->top[k];
        uint64_t cnt = is_rest ? rest : v->count;
        double share =
            is_rest ? (m->var_episodes ? (double)rest / (double)m->var_episodes : 0) : v->share;
        if (is_rest && !rest)
            break;
        if (is_rest)
            fprintf(f, "<g class=\"pw rest\" data-variants=\"%zu\" data-episodes=\"%" PRIu64 "\">",
                    rest_n, rest);
        else
            fprintf(f,
                    "<g class=\"pw\" data-rank=\"%zu\" data-episodes=\"%" PRIu64
                    "\" data-share=\"%.12g\" data-organisations=\"%" PRIu32 "\">",
                    k + 1, cnt, share, v->norgs);
        if (!is_rest && v->norgs >= 2 && !shared)
            fprintf(f, "<rect x=\"0\" y=\"%.1f\" width=\"%.0f\" height=\"%.0f\" fill=\"#fdf1dc\"/>",
                    y + 1, W, row - 2);
        fputs("<title>", f);
        if (is_rest)
            fprintf(f, sf_tr("%s other pathways", l), num(d, sizeof d, (double)rest_n, l));
        else
            for (uint32_t j = 0; j < v->len; j++) {
                fputs(j ? " → " : "", f);
                sf_html_str(f, sf_intern_str(&t->names[SF_F_UNIT], v->units[j]));
            }
        fprintf(f, sf_tr(": %s episodes, %s %%", l), num(c, sizeof c, (double)cnt, l),
                num(sh, sizeof sh, 100 * share, l));
        if (!is_rest)
            fprintf(f, sf_tr(", median episode %s", l), dur(d, sizeof d, v->dur_p50, l));
        fputs("</title>", f);
        if (!is_rest)
            fprintf(f, "<text x=\"26\" y=\"%.1f\" class=\"yl\">%zu</text>", y + row / 2 + 4, k + 1);
        /* bars on the drawn rows' scale; the grouped rest, often larger,
         * is cut at the bar's full width (its figure is written beside) */
        double w = bw * (double)cnt / (double)maxc;
        w = w > bw ? bw : w;
        fprintf(f,
                "<rect x=\"%.0f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" fill=\"%s\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" class=\"al\">%s (%s %%)</text>",
                bx, y + 5, w > 0.5 ? w : 0.5, row - 10, is_rest ? "#bbb" : "#0072B2", bx + w + 4,
                y + row / 2 + 4, num(c, sizeof c, (double)cnt, l),
                num(sh, sizeof sh, 100 * share, l));
        double x = sx;
        if (is_rest) {
            fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" class=\"al\">", x, y + row / 2 + 4);
            fprintf(f, sf_tr("%s other pathways", l), num(d, sizeof d, (double)rest_n, l));
            fputs("</text>", f);
        } else {
            for (uint32_t j = 0; j < v->len; j++) {
                const char *name = sf_intern_str(&t->names[SF_F_UNIT], v->units[j]);
                double tw = text_w(name) + 12;
                if (x + tw > W - 20) {
                    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"al\">… +%" PRIu32 "</text>", x,
                            y + row / 2 + 4, v->len - j);
                    break;
                }
                if (j)
                    fprintf(f,
                            "<path d=\"M%.1f %.1fh8\" stroke=\"#888\" marker-end=\"url(#parr)\"/>",
                            x - 14, y + row / 2);
                fprintf(f,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" rx=\"3\" "
                        "fill=\"#dbe7f3\" stroke=\"#345\" stroke-width=\"0.6\"/>"
                        "<text x=\"%.1f\" y=\"%.1f\" class=\"al\">",
                        x, y + 4, tw, row - 8, x + 6, y + row / 2 + 4);
                sf_html_str(f, name);
                fputs("</text>", f);
                x += tw + 18;
            }
        }
        fputs("</g>\n", f);
    }
    fputs("<defs><marker id=\"parr\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
          "markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0 0L10 5L0 10z\" "
          "fill=\"#888\"/></marker></defs>\n</svg>\n",
          f);
    char r[800], v0[512], n0[48];
    size_t at = 0;
    v0[0] = 0;
    for (uint32_t j = 0; j < m->top[0].len && at + 1 < sizeof v0; j++) {
        int q = snprintf(v0 + at, sizeof v0 - at, "%s%s", j ? " → " : "",
                         sf_intern_str(&t->names[SF_F_UNIT], m->top[0].units[j]));
        if (q < 0)
            break;
        at += (size_t)q;
    }
    if (at >= sizeof v0)
        at = sizeof v0 - 1;
    snprintf(r, sizeof r, sf_tr("The most common pathway is %s: %s of the %s episodes (%s %%).", l),
             v0, num(c, sizeof c, (double)m->top[0].count, l),
             num(n0, sizeof n0, (double)m->var_episodes, l),
             num(sh, sizeof sh, 100 * m->top[0].share, l));
    if (!shared && m->norgs >= 2) {
        size_t at = strlen(r);
        char cn[48], nt[48];
        snprintf(r + at, sizeof r - at,
                 sf_tr(" %s of the %s pathways shown cross organisations, with %s %% of the "
                       "episodes (samflyt flow --pathways-shared shows only those).",
                       l),
                 num(cn, sizeof cn, (double)cross_n, l), num(nt, sizeof nt, (double)ntop, l),
                 num(d, sizeof d,
                     m->var_episodes ? 100.0 * (double)cross_ep / (double)m->var_episodes : 0, l));
    }
    chart_note(f, r);
}

/* ---- length of stay ---- */

/* Ticks of a time axis, hours: the number and its unit's abbreviation
 * (min, h, d, w, y: a phrase of its own in each language). */
static const struct {
    double h;
    int n;
    const char *unit;
} time_ticks[] = {
    {1.0 / 60, 1, "min"}, {5.0 / 60, 5, "min"}, {15.0 / 60, 15, "min"},
    {0.5, 30, "min"},     {1, 1, "h"},          {2, 2, "h"},
    {4, 4, "h"},          {8, 8, "h"},          {12, 12, "h"},
    {24, 1, "d"},         {48, 2, "d"},         {96, 4, "d"},
    {168, 1, "w"},        {336, 2, "w"},        {672, 4, "w"},
    {1344, 8, "w"},       {4380, 26, "w"},      {8766, 1, "y"},
    {17532, 2, "y"},      {43830, 5, "y"},
};
#define NTICKS (sizeof time_ticks / sizeof *time_ticks)

/* Histograms per unit as small multiples on one time axis: log-spaced
 * bins (4 a decade) when the units' stays differ by more than 20 times,
 * else 24 equal bins; each unit's bars on its own scale (the shape is
 * what reads), its median and p90 marked. */
/* Units in the length-of-stay chart: the LOS_UNITS with the most
 * completed stays (ties: the first in the data), in unit order. */
#define LOS_UNITS 24

static int los_chart(FILE *f, const sf_flow_metrics *m, const sf_stays *t, sf_lang l) {
    uint32_t nu = m->nunits;
    uint8_t *pick = calloc(nu ? nu : 1, 1);
    if (!pick)
        return SF_ERR_NOMEM;
    size_t with = 0;
    for (uint32_t u = 0; u < nu && m->los; u++)
        with += m->los[u].n > 0;
    for (size_t k = 0; k < with && k < LOS_UNITS; k++) {
        uint32_t best = UINT32_MAX;
        for (uint32_t u = 0; u < nu; u++)
            if (!pick[u] && m->los[u].n && (best == UINT32_MAX || m->los[u].n > m->los[best].n))
                best = u;
        pick[best] = 1;
    }
    size_t n = 0;
    double lo = INFINITY, hi = 0, plo = INFINITY;
    for (uint32_t u = 0; u < nu && m->los; u++) {
        const sf_flow_dist *d = &m->los[u];
        if (!pick[u])
            continue;
        n++;
        lo = d->min < lo ? d->min : lo;
        hi = d->max > hi ? d->max : hi;
        double q = d->p10 > 0 ? d->p10 : d->p50;
        plo = q > 0 && q < plo ? q : plo;
    }
    if (!n || !(hi > 0)) {
        chart_note(f, sf_tr("No completed stays: no length of stay to draw.", l));
        free(pick);
        return 0;
    }
    int lg = isfinite(plo) && hi / plo > 20;
    double a, b;
    size_t nb;
    if (lg) {
        a = pow(10, floor(log10(lo > 1.0 / 60 ? lo : 1.0 / 60)));
        b = pow(10, ceil(log10(hi * 1.000001)));
        nb = (size_t)lround(4 * log10(b / a));
    } else {
        a = 0;
        b = hi * 1.000001;
        nb = 24;
    }
    double *edges = malloc((nb + 1) * sizeof *edges);
    uint64_t *cnt = malloc((size_t)nu * nb * sizeof *cnt + 1);
    if (!edges || !cnt) {
        free(edges);
        free(cnt);
        free(pick);
        return SF_ERR_NOMEM;
    }
    for (size_t k = 0; k <= nb; k++)
        edges[k] = lg ? a * pow(10, (double)k / 4) : b * (double)k / (double)nb;
    sf_flow_los_hist(t, nu, edges, nb, cnt);
    const double W = 860, L = 150, R = 225, T = 30, row = 46, B = 44, pw = W - L - R;
    double H = T + row * (double)n + B;
#define XP(v)                                                                                      \
    (lg ? L + (log10((v) > a ? (v) : a) - log10(a)) / (log10(b) - log10(a)) * pw : L + (v) / b * pw)
    const char *title = sf_tr("Length of stay by unit: share of stays, median and p90 marked", l);
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
            "class=\"chart\" data-chart=\"los\" data-scale=\"%s\" data-edges=\"",
            W, H, lg ? "log" : "linear");
    for (size_t k = 0; k <= nb; k++)
        fprintf(f, k ? " %.12g" : "%.12g", edges[k]);
    fprintf(f, "\"><title>%s</title>\n<text x=\"4\" y=\"16\" class=\"ct\">%s</text>\n", title,
            title);
    /* the axis: time ticks at least 40 px apart (log), or hours / days */
    double last = -1e9;
    if (lg) {
        for (size_t k = 0; k < NTICKS; k++) {
            double v = time_ticks[k].h;
            if (v < a * 0.999 || v > b * 1.001 || XP(v) - last < 40)
                continue;
            last = XP(v);
            fprintf(f,
                    "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" class=\"grid\"/>"
                    "<text x=\"%.1f\" y=\"%.0f\" class=\"xl\">%d %s</text>\n",
                    XP(v), T, XP(v), H - B, XP(v), H - B + 16, time_ticks[k].n,
                    sf_tr(time_ticks[k].unit, l));
        }
    } else {
        double unit = b > 72 ? 24 : 1, span = b / unit, st = pow(10, floor(log10(span / 5)));
        st *= span / st > 25 ? 5 : span / st > 10 ? 2 : 1;
        char tv[48];
        for (double v = 0; v <= span * 1.0001; v += st) {
            snprintf(tv, sizeof tv, "%g", v);
            fprintf(f,
                    "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" class=\"grid\"/>"
                    "<text x=\"%.1f\" y=\"%.0f\" class=\"xl\">%s %s</text>\n",
                    XP(v * unit), T, XP(v * unit), H - B, XP(v * unit), H - B + 16,
                    l == SF_LANG_EN ? tv : sf_fmt_num(tv, sizeof tv, v, l),
                    sf_tr(unit == 24 ? "d" : "h", l));
        }
    }
    fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" class=\"xl\">", L + pw / 2, H - 8);
    fputs(
        sf_tr(lg ? "length of stay (log scale); bars: share of the unit's stays, each unit on its "
                   "own scale"
                 : "length of stay (linear scale); bars: share of the unit's stays, each unit "
                   "on its own scale",
              l),
        f);
    fputs("</text>\n", f);
    size_t i = 0;
    uint32_t longest = UINT32_MAX, shortest = UINT32_MAX;
    char p50[48], p90[48], c[48];
    for (uint32_t u = 0; u < nu; u++) {
        const sf_flow_dist *d = &m->los[u];
        if (!pick[u])
            continue;
        if (longest == UINT32_MAX || d->p50 > m->los[longest].p50)
            longest = u;
        if (shortest == UINT32_MAX || d->p50 < m->los[shortest].p50)
            shortest = u;
        double y0 = T + row * (double)i++, base = y0 + row - 6;
        const uint64_t *h = cnt + (size_t)u * nb;
        uint64_t mx = 1;
        for (size_t k = 0; k < nb; k++)
            mx = h[k] > mx ? h[k] : mx;
        const char *name = sf_intern_str(&t->names[SF_F_UNIT], u);
        fputs("<g class=\"los\" data-unit=\"", f);
        sf_html_str(f, name);
        fprintf(f,
                "\" data-n=\"%" PRIu64 "\" data-p10=\"%.12g\" data-p25=\"%.12g\" "
                "data-p50=\"%.12g\" data-p75=\"%.12g\" data-p90=\"%.12g\" data-counts=\"",
                d->n, d->p10, d->p25, d->p50, d->p75, d->p90);
        for (size_t k = 0; k < nb; k++)
            fprintf(f, k ? " %" PRIu64 : "%" PRIu64, h[k]);
        fputs("\"><title>", f);
        sf_html_str(f, name);
        fprintf(f, sf_tr(": %s stays, median %s, p90 %s", l), num(c, sizeof c, (double)d->n, l),
                dur(p50, sizeof p50, d->p50, l), dur(p90, sizeof p90, d->p90, l));
        fputs("</title>", f);
        fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" class=\"yl\">", L - 8, y0 + row / 2);
        sf_html_str(f, name);
        fprintf(f, "</text><text x=\"%.0f\" y=\"%.1f\" class=\"yl\">", L - 8, y0 + row / 2 + 13);
        fprintf(f, sf_tr("%s stays", l), num(c, sizeof c, (double)d->n, l));
        fputs("</text>", f);
        for (size_t k = 0; k < nb; k++) {
            if (!h[k])
                continue;
            double bh = (row - 10) * (double)h[k] / (double)mx;
            fprintf(f,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                    "fill=\"#9ec9e8\"/>",
                    XP(edges[k]) + 0.5, base - bh, XP(edges[k + 1]) - XP(edges[k]) - 1, bh);
        }
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"axis\"/>"
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000\" "
                "stroke-width=\"2.5\"/>"
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#D55E00\" "
                "stroke-width=\"2\" stroke-dasharray=\"4 2\"/>"
                "<text x=\"%.0f\" y=\"%.1f\" class=\"al\">%s %s · p90 %s</text></g>\n",
                L, base, L + pw, base, XP(d->p50), y0 + 4, XP(d->p50), base, XP(d->p90), y0 + 4,
                XP(d->p90), base, L + pw + 10, y0 + row / 2 + 4, sf_tr("median", l), p50, p90);
    }
#undef XP
    fprintf(f,
            "<g class=\"lg\"><line x1=\"%.0f\" y1=\"8\" x2=\"%.0f\" y2=\"20\" stroke=\"#000\" "
            "stroke-width=\"2.5\"/><text x=\"%.0f\" y=\"18\" class=\"al\">%s</text>"
            "<line x1=\"%.0f\" y1=\"8\" x2=\"%.0f\" y2=\"20\" stroke=\"#D55E00\" "
            "stroke-width=\"2\" stroke-dasharray=\"4 2\"/><text x=\"%.0f\" y=\"18\" "
            "class=\"al\">p90</text></g>\n</svg>\n",
            W - 150, W - 150, W - 144, sf_tr("median", l), W - 80, W - 80, W - 74);
    char r[600];
    snprintf(
        r, sizeof r,
        sf_tr("Stays are longest at %s (median %s, p90 %s) and shortest at %s (median %s).", l),
        sf_intern_str(&t->names[SF_F_UNIT], longest), dur(p50, sizeof p50, m->los[longest].p50, l),
        dur(p90, sizeof p90, m->los[longest].p90, l), sf_intern_str(&t->names[SF_F_UNIT], shortest),
        dur(c, sizeof c, m->los[shortest].p50, l));
    chart_note(f, r);
    if (with > n) {
        snprintf(r, sizeof r,
                 sf_tr("The %zu units with the most stays are drawn; all %zu are in the table "
                       "below.",
                       l),
                 n, with);
        fputs("<p class=\"note\">", f);
        sf_html_str(f, r);
        fputs("</p>\n", f);
    }
    free(edges);
    free(cnt);
    free(pick);
    return 0;
}

int sf_flow_write_charts(const sf_flow_metrics *m, const sf_stays *t, const sf_flow_opts *o,
                         const char *section, sf_lang l, FILE *f) {
    if (!m->rows_used)
        return 0;
    if (!strcmp(section, "dfg"))
        return process_map(f, m, t, l);
    if (!strcmp(section, "variants"))
        pathways(f, m, t, o, l);
    else if (!strcmp(section, "los"))
        return los_chart(f, m, t, l);
    return 0;
}
