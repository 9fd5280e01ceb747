/* svg.c: inline SVG line charts (svg.h). */
#include "report/svg.h"

#include "core/textout.h"

#include <math.h>
#include <string.h>

/* Colours that stay apart for colour-blind readers (Okabe-Ito), then
 * greys; lines beyond them repeat with a dash. */
static const char *const palette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
                                      "#D55E00", "#F0E442", "#000000", "#999999", "#666666"};
#define NPAL (int)(sizeof palette / sizeof *palette)

/* <svg> with its title (for screen readers and as the heading at left). */
static void svg_begin(FILE *f, double W, double H, double L, const char *title) {
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
            "class=\"chart\"><title>",
            W, H);
    sf_html_str(f, title);
    fprintf(f, "</title>\n<text x=\"%.0f\" y=\"16\" class=\"ct\">", L);
    sf_html_str(f, title);
    fputs("</text>\n", f);
}

/* A round step (1, 2 or 5 times a power of ten) giving about `ticks`
 * intervals over span. */
static double nice_step(double span, int ticks) {
    double raw = span / ticks, p = pow(10, floor(log10(raw))), r = raw / p;
    return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * p;
}

void sf_svg_lines(FILE *f, const char *title, const char *ytitle, const sf_svg_series *s,
                  int nseries, size_t n, size_t xstep,
                  void (*xlabel)(size_t i, char *buf, size_t size, void *user), void *user) {
    sf_svg_lines_lang(f, title, ytitle, s, nseries, n, xstep, xlabel, user, SF_LANG_EN);
}

void sf_svg_lines_lang(FILE *f, const char *title, const char *ytitle, const sf_svg_series *s,
                       int nseries, size_t n, size_t xstep,
                       void (*xlabel)(size_t i, char *buf, size_t size, void *user), void *user,
                       sf_lang l) {
    const double W = 860, H = 300, L = 60, R = 180, T = 28, B = 40;
    double lo = 0, hi = 0;
    for (int k = 0; k < nseries; k++)
        for (size_t i = 0; i < n; i++)
            if (isfinite(s[k].y[i])) {
                lo = s[k].y[i] < lo ? s[k].y[i] : lo;
                hi = s[k].y[i] > hi ? s[k].y[i] : hi;
            }
    if (!(hi > lo))
        hi = lo + 1;
    double step = nice_step(hi - lo, 5);
    lo = floor(lo / step) * step;
    hi = ceil(hi / step) * step;
    double pw = W - L - R, ph = H - T - B;
#define XPOS(i) (L + (n > 1 ? (double)(i) / (double)(n - 1) : 0.5) * pw)
#define YPOS(v) (T + ph - ((v)-lo) / (hi - lo) * ph)
    svg_begin(f, W, H, L, title);
    /* y grid and labels */
    for (double v = lo; v <= hi + step / 2; v += step) {
        double y = YPOS(v);
        /* whole steps as whole numbers (15000, not 1.5e+04) */
        double x = fabs(v) < step / 1e6 ? 0.0 : v;
        char num[64];
        if (step >= 1)
            snprintf(num, sizeof num, "%.0f", x);
        else
            snprintf(num, sizeof num, "%.4g", x);
        if (l != SF_LANG_EN && step >= 1) /* grouped as l groups thousands */
            sf_fmt_fixed(num, sizeof num, x, 0, l);
        else if (l != SF_LANG_EN) /* the decimal comma */
            sf_fmt_num(num, sizeof num, x, l);
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                "class=\"grid\"/><text x=\"%.1f\" y=\"%.1f\" class=\"yl\">%s</text>\n",
                L, y, L + pw, y, L - 6, y + 4, num);
    }
    fprintf(f, "<text x=\"12\" y=\"%.1f\" class=\"yt\" transform=\"rotate(-90 12 %.1f)\">",
            T + ph / 2, T + ph / 2);
    sf_html_str(f, ytitle);
    fputs("</text>\n", f);
    /* x labels at about eight points */
    size_t every = xstep ? xstep : n > 8 ? (n + 7) / 8 : 1;
    for (size_t i = 0; i < n; i += every) {
        char buf[64];
        if (xlabel)
            xlabel(i, buf, sizeof buf, user);
        else
            snprintf(buf, sizeof buf, "%zu", i);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"xl\">", XPOS(i), T + ph + 16);
        sf_html_str(f, buf);
        fputs("</text>\n", f);
    }
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"axis\"/>\n", L,
            T + ph, L + pw, T + ph);
    /* the lines, each a polyline per run of numbers, and the legend */
    for (int k = 0; k < nseries; k++) {
        const char *col = palette[k % NPAL];
        const char *dash = k >= NPAL ? " stroke-dasharray=\"6 3\"" : "";
        int open = 0;
        for (size_t i = 0; i < n; i++) {
            if (!isfinite(s[k].y[i])) {
                if (open)
                    fputs("\"/>\n", f);
                open = 0;
                continue;
            }
            if (!open)
                fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s points=\"",
                        col, dash);
            fprintf(f, "%s%.1f,%.1f", open ? " " : "", XPOS(i), YPOS(s[k].y[i]));
            open = 1;
        }
        if (open)
            fputs("\"/>\n", f);
        double ly = T + 10 + 18 * k;
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                "stroke-width=\"3\"%s/><text x=\"%.1f\" y=\"%.1f\" class=\"lg\">",
                L + pw + 14, ly, L + pw + 34, ly, col, dash, L + pw + 40, ly + 4);
        sf_html_str(f, s[k].name);
        fputs("</text>\n", f);
    }
#undef XPOS
#undef YPOS
    fputs("</svg>\n", f);
}

/* A tick label in the language: whole steps without decimals. */
static void tick(char *buf, size_t size, double v, double step, sf_lang l) {
    int dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    sf_fmt_fixed(buf, size, fabs(v) < step / 1e6 ? 0.0 : v, dec, l);
}

/* The points of one run of finite values [a, b) of y, as "x,y x,y". */
static void points(FILE *f, const double *y, size_t a, size_t b, double L, double pw, size_t n,
                   double T, double ph, double lo, double hi, int reverse) {
    for (size_t k = a; k < b; k++) {
        size_t i = reverse ? b - 1 - (k - a) : k;
        double x = L + (n > 1 ? (double)i / (double)(n - 1) : 0.5) * pw;
        /* a band below the axis (an interval of a figure that cannot be
         * negative) is drawn to the axis */
        double v = y[i] < lo ? lo : y[i];
        fprintf(f, "%s%.2f,%.2f", k > a ? " " : "", x, T + ph - (v - lo) / (hi - lo) * ph);
    }
}

void sf_svg_panel_draw(FILE *f, const sf_svg_panel *p) {
    const double W = 440, H = 210, L = 52, R = 12, T = 30, B = 36;
    double pw = W - L - R, ph = H - T - B, hi = 0;
    size_t n = p->n;
    const double *arr[4] = {p->mean, p->lo, p->hi, p->ref};
    for (int k = 0; k < 4; k++)
        for (size_t i = 0; arr[k] && i < n; i++)
            if (isfinite(arr[k][i]) && arr[k][i] > hi)
                hi = arr[k][i];
    if (!(hi > 0))
        hi = 1;
    double step = nice_step(hi, 4), lo = 0;
    hi = ceil(hi * 1.0001 / step) * step;
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
            "class=\"chart panel\" data-y0=\"%.10g\" data-y1=\"%.10g\" data-top=\"%.2f\" "
            "data-bottom=\"%.2f\" data-x0=\"%.2f\" data-x1=\"%.2f\" data-scale=\"%.10g\"><title>",
            W, H, lo, hi, T, T + ph, L, L + pw, p->scale);
    sf_html_str(f, p->title);
    fprintf(f, "</title>\n<text x=\"%.0f\" y=\"16\" class=\"ct\">", L);
    sf_html_str(f, p->title);
    fputs("</text>\n", f);
    for (double v = lo; v <= hi + step / 2; v += step) {
        char b[48];
        double y = T + ph - (v - lo) / (hi - lo) * ph;
        tick(b, sizeof b, v, step, p->lang);
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"grid\"/><text "
                "x=\"%.1f\" y=\"%.1f\" class=\"yl\">%s</text>\n",
                L, y, L + pw, y, L - 5, y + 4, b);
    }
    fprintf(f, "<text x=\"11\" y=\"%.1f\" class=\"yt\" transform=\"rotate(-90 11 %.1f)\">",
            T + ph / 2, T + ph / 2);
    sf_html_str(f, p->ytitle);
    fputs("</text>\n", f);
    size_t every = p->xstep ? p->xstep : n > 6 ? (n + 5) / 6 : 1;
    for (size_t i = 0; i < n; i += every) {
        char buf[64];
        p->xlabel(i, buf, sizeof buf, p->user);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"xl\">",
                L + (n > 1 ? (double)i / (double)(n - 1) : 0.5) * pw, T + ph + 15);
        sf_html_str(f, buf);
        fputs("</text>\n", f);
    }
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"axis\"/>\n", L,
            T + ph, L + pw, T + ph);
    /* runs of points where the mean (and, for the band, lo and hi) are numbers */
    for (size_t a = 0; a < n;) {
        while (a < n && !isfinite(p->mean[a]))
            a++;
        size_t b = a;
        while (b < n && isfinite(p->mean[b]))
            b++;
        if (a >= n)
            break;
        int band = p->lo && p->hi;
        for (size_t i = a; band && i < b; i++)
            band = isfinite(p->lo[i]) && isfinite(p->hi[i]);
        if (band) {
            fputs("<polygon class=\"band\" data-key=\"", f);
            sf_html_str(f, p->key);
            fputs("\" points=\"", f);
            points(f, p->hi, a, b, L, pw, n, T, ph, lo, hi, 0);
            fputc(' ', f);
            points(f, p->lo, a, b, L, pw, n, T, ph, lo, hi, 1);
            fputs("\"/>\n", f);
        }
        fputs("<polyline class=\"mean\" data-key=\"", f);
        sf_html_str(f, p->key);
        fprintf(f, "\" data-from=\"%zu\" points=\"", a);
        points(f, p->mean, a, b, L, pw, n, T, ph, lo, hi, 0);
        fputs("\"><title>", f);
        sf_html_str(f, p->title);
        fputs("</title></polyline>\n", f);
        a = b;
    }
    if (p->ref) {
        for (size_t a = 0; a < n;) {
            while (a < n && !isfinite(p->ref[a]))
                a++;
            size_t b = a;
            while (b < n && isfinite(p->ref[b]))
                b++;
            if (a >= n)
                break;
            fputs("<polyline class=\"ref\" data-key=\"", f);
            sf_html_str(f, p->ref_key);
            fprintf(f, "\" data-from=\"%zu\" points=\"", a);
            points(f, p->ref, a, b, L, pw, n, T, ph, lo, hi, 0);
            fputs("\"><title>", f);
            sf_html_str(f, p->ref_name);
            fputs("</title></polyline>\n", f);
            a = b;
        }
    }
    if (p->tip)
        for (size_t i = 0; i < n; i++) {
            if (!isfinite(p->mean[i]))
                continue;
            char buf[200];
            p->tip(i, buf, sizeof buf, p->user);
            fprintf(f, "<circle class=\"pt\" cx=\"%.2f\" cy=\"%.2f\" r=\"3\"><title>",
                    L + (n > 1 ? (double)i / (double)(n - 1) : 0.5) * pw,
                    T + ph - (p->mean[i] - lo) / (hi - lo) * ph);
            sf_html_str(f, buf);
            fputs("</title></circle>\n", f);
        }
    fputs("</svg>\n", f);
}

void sf_svg_forest(FILE *f, const char *title, const char *xtitle, double base,
                   const char *base_label, const char *const *label, const char *const *key,
                   const char *const *tip, const double *level, const double *lo, const double *hi,
                   int n, double scale, sf_lang l) {
    /* the labels' column as wide as the longest label needs (about 6.2
     * px a character at 11 px), 90 to 300 px */
    size_t longest = 0;
    for (int i = 0; i < n; i++) {
        size_t c = 0;
        for (const unsigned char *p = (const unsigned char *)label[i]; *p; p++)
            c += (*p & 0xC0) != 0x80;
        longest = c > longest ? c : longest;
    }
    const double L = fmin(300, fmax(90, 16 + 6.2 * (double)longest)), W = 410 + L, R = 20, T = 46,
                 row = 20, B = 40;
    double H = T + row * (n > 0 ? n : 1) + B, pw = W - L - R;
    double a = base, b = base;
    for (int i = 0; i < n; i++) {
        double v[3] = {level[i], lo[i], hi[i]};
        for (int k = 0; k < 3; k++)
            if (isfinite(v[k])) {
                a = v[k] < a ? v[k] : a;
                b = v[k] > b ? v[k] : b;
            }
    }
    if (!(b > a)) {
        double pad = fabs(a) > 0 ? fabs(a) * 0.1 : 1;
        a -= pad;
        b += pad;
    }
    double step = nice_step(b - a, 5);
    a = floor(a / step) * step;
    b = ceil(b / step) * step;
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
            "class=\"chart forest\" data-x0v=\"%.10g\" data-x1v=\"%.10g\" data-x0=\"%.2f\" "
            "data-x1=\"%.2f\" data-scale=\"%.10g\" data-base=\"%.10g\"><title>",
            W, H, a, b, L, L + pw, scale, base);
    sf_html_str(f, title);
    fprintf(f, "</title>\n<text x=\"%.0f\" y=\"16\" class=\"ct\">", 12.0);
    sf_html_str(f, title);
    fputs("</text>\n", f);
#define XP(v) (L + ((v)-a) / (b - a) * pw)
    for (double v = a; v <= b + step / 2; v += step) {
        char t[48];
        tick(t, sizeof t, v, step, l);
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" class=\"xl\">%s</text>\n",
                XP(v), T, XP(v), H - B, XP(v), H - B + 15, t);
    }
    /* the base's label is centred on its line unless that would cut it
     * at the chart's edge (about 6.2 px a character at this size): then
     * it ends (or starts) at the line */
    double half = 3.1 * (double)strlen(base_label);
    const char *anchor = XP(base) + half > W - 2 ? " style=\"text-anchor:end\""
                         : XP(base) - half < 2   ? " style=\"text-anchor:start\""
                                                 : "";
    fprintf(f,
            "<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\" class=\"base\"/><text "
            "x=\"%.2f\" y=\"%.1f\" class=\"xl base\"%s>",
            XP(base), T - 8, XP(base), H - B, XP(base), T - 12, anchor);
    sf_html_str(f, base_label);
    fputs("</text>\n", f);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"xl\">", L + pw / 2, H - 6);
    sf_html_str(f, xtitle);
    fputs("</text>\n", f);
    for (int i = 0; i < n; i++) {
        double y = T + row * (i + 0.5);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"yl\">", L - 8, y + 4);
        sf_html_str(f, label[i]);
        fputs("</text>\n", f);
        if (isfinite(lo[i]) && isfinite(hi[i]))
            fprintf(f, "<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\" class=\"ci\"/>\n",
                    XP(lo[i]), y, XP(hi[i]), y);
        if (isfinite(level[i]) && *key[i]) {
            fprintf(f, "<circle class=\"pt\" cx=\"%.2f\" cy=\"%.1f\" r=\"4.5\" data-key=\"",
                    XP(level[i]), y);
            sf_html_str(f, key[i]);
            fputs("\"><title>", f);
            sf_html_str(f, tip[i]);
            fputs("</title></circle>\n", f);
        }
    }
#undef XP
    fputs("</svg>\n", f);
}
