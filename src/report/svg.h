/* svg.h: line charts as inline SVG for the HTML reports: no script, no
 * external file, so a report opens anywhere, offline. */
#ifndef SF_REPORT_SVG_H
#define SF_REPORT_SVG_H

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

/* Intervals, one row each: a dot at mean[i] and a bar from lo[i] to hi[i]
 * (NaN: no bar), labelled label[i], on an x axis that includes 0 (drawn as
 * a line): differences to a base and their confidence intervals. */
void sf_svg_intervals(FILE *f, const char *title, const char *xtitle, const char *const *label,
                      const double *mean, const double *lo, const double *hi, int n);

#endif
