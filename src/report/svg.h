/* svg.h: line charts as inline SVG for the HTML reports: no script, no
 * external file, so a report opens anywhere, offline. */
#ifndef SF_REPORT_SVG_H
#define SF_REPORT_SVG_H

#include "report/labels.h"

#include <stddef.h>
#include <stdio.h>

/* One line: y[0..n) at x = 0..n-1 (NaN: a gap). */
typedef struct sf_svg_series {
    const char *name;
    const double *y;
} sf_svg_series;

/* A chart of nseries lines over n points, with a legend, a y axis from 0
 * (or the lowest value, if negative) to a round number above the highest,
 * and x labels: xlabel(i, buf, size, user) names point i (NULL: the
 * index), every xstep points (0: about eight evenly spaced). title and
 * ytitle are shown as text. */
void sf_svg_lines(FILE *f, const char *title, const char *ytitle, const sf_svg_series *s,
                  int nseries, size_t n, size_t xstep,
                  void (*xlabel)(size_t i, char *buf, size_t size, void *user), void *user);
/* The same with the y axis's numbers in language l (decimal comma). */
void sf_svg_lines_lang(FILE *f, const char *title, const char *ytitle, const sf_svg_series *s,
                       int nseries, size_t n, size_t xstep,
                       void (*xlabel)(size_t i, char *buf, size_t size, void *user), void *user,
                       sf_lang l);

#endif

/* ---- charts that answer questions (report.html, dashboard) ---- */

/* One panel of small multiples: the mean over n points (already in the
 * shown unit) with its 95 % band lo..hi and, optionally, a reference line
 * ref (capacity), on a y axis of its own from 0 to above the highest of
 * them. Every mark carries data-key (the figure's key for the tests), the
 * svg data-* attributes give the axis (data-y0/y1 values at data-bottom/
 * data-top pixels, data-x0/x1 the pixels of points 0 and n-1) and
 * data-scale the factor from the files' unit to the shown one. With tips,
 * each point is a circle whose <title> is tip(i) (the hover text). */
typedef struct sf_svg_panel {
    const char *title, *ytitle, *key, *ref_name, *ref_key;
    const double *mean, *lo, *hi, *ref;
    double scale;
    size_t n, xstep;
    void (*xlabel)(size_t i, char *buf, size_t size, void *user);
    void (*tip)(size_t i, char *buf, size_t size, void *user);
    void *user;
    sf_lang lang;
} sf_svg_panel;
void sf_svg_panel_draw(FILE *f, const sf_svg_panel *p);

/* A forest plot on the figure's own scale: a vertical line at the base
 * level (base, labelled base_label) and per row a dot at level[i] with a
 * bar lo[i]..hi[i] (the scenario's level base + difference and its paired
 * interval, NaN: no bar), labelled label[i], hover text tip[i]. key[i] is
 * each row's data-key; values are in the shown unit, data-scale says by
 * what they were multiplied. */
void sf_svg_forest(FILE *f, const char *title, const char *xtitle, double base,
                   const char *base_label, const char *const *label, const char *const *key,
                   const char *const *tip, const double *level, const double *lo, const double *hi,
                   int n, double scale, sf_lang l);
