/* html.h: what the HTML reports share (flow, run, compare): the page's
 * head with its style sheet, its end, and numbers as people read them.
 * Pages are self-contained: no script, nothing fetched. */
#ifndef SF_REPORT_HTML_H
#define SF_REPORT_HTML_H

#include <stdio.h>

/* <!DOCTYPE html> up to and including <h1>title</h1>. */
void sf_html_begin(FILE *f, const char *title);
/* </body></html> */
void sf_html_end(FILE *f);
/* A number: whole numbers and those from 1000 on without decimals,
 * others to 4 significant digits; nothing when undefined. */
void sf_html_num(FILE *f, double x);
/* An interval "lo – hi" in that form; nothing when lo is undefined. */
void sf_html_interval(FILE *f, double lo, double hi);

/* results_html.c: the base run's charts over the week and the year, as
 * report.html draws them (also on the dashboard's model page). */
typedef struct sf_results sf_results;
int sf_results_write_html_charts(const sf_results *r, FILE *f);

#endif
