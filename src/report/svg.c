/* svg.c: inline SVG line charts (svg.h). */
#include "report/svg.h"

#include "core/textout.h"

#include <math.h>

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
        fprintf(f,
                step >= 1
                    ? "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                      "class=\"grid\"/><text x=\"%.1f\" y=\"%.1f\" class=\"yl\">%.0f</text>\n"
                    : "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                      "class=\"grid\"/><text x=\"%.1f\" y=\"%.1f\" class=\"yl\">%.4g</text>\n",
                L, y, L + pw, y, L - 6, y + 4, fabs(v) < step / 1e6 ? 0.0 : v);
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

void sf_svg_intervals(FILE *f, const char *title, const char *xtitle, const char *const *label,
                      const double *mean, const double *lo, const double *hi, int n) {
    const double W = 860, L = 200, R = 30, T = 28, row = 24, B = 40;
    double H = T + row * (n > 0 ? n : 1) + B, pw = W - L - R;
    double a = 0, b = 0;
    for (int i = 0; i < n; i++) {
        double v[3] = {mean[i], lo[i], hi[i]};
        for (int k = 0; k < 3; k++)
            if (isfinite(v[k])) {
                a = v[k] < a ? v[k] : a;
                b = v[k] > b ? v[k] : b;
            }
    }
    if (!(b > a))
        b = a + 1;
    double step = nice_step(b - a, 5);
    a = floor(a / step) * step;
    b = ceil(b / step) * step;
#define XP(v) (L + ((v)-a) / (b - a) * pw)
    svg_begin(f, W, H, L, title);
    for (double v = a; v <= b + step / 2; v += step) {
        double x = XP(v);
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" class=\"xl\">%.4g</text>\n",
                x, T, x, H - B, x, H - B + 16, fabs(v) < step / 1e6 ? 0.0 : v);
    }
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"axis\"/>\n", XP(0), T,
            XP(0), H - B);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"xl\">", L + pw / 2, H - 6);
    sf_html_str(f, xtitle);
    fputs("</text>\n", f);
    for (int i = 0; i < n; i++) {
        double y = T + row * (i + 0.5);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"yl\">", L - 8, y + 4);
        sf_html_str(f, label[i]);
        fputs("</text>\n", f);
        if (isfinite(lo[i]) && isfinite(hi[i]))
            fprintf(f,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                    "stroke-width=\"2\"/>\n",
                    XP(lo[i]), y, XP(hi[i]), y, palette[0]);
        if (isfinite(mean[i]))
            fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>\n", XP(mean[i]), y,
                    palette[0]);
    }
#undef XP
    fputs("</svg>\n", f);
}
