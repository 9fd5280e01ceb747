/* html.h: what the HTML reports share (flow, run, compare): the page's
 * head with its style sheet, its end, and numbers as people read them.
 * Pages are self-contained: no script, nothing fetched. */
#ifndef SF_REPORT_HTML_H
#define SF_REPORT_HTML_H

#include "report/labels.h"

#include <stdio.h>

/* <!DOCTYPE html> up to and including <h1>title</h1>. */
void sf_html_begin(FILE *f, const char *title);
/* The same in language l (<html lang>). */
void sf_html_begin_lang(FILE *f, const char *title, sf_lang l);
/* </body></html> */
void sf_html_end(FILE *f);
/* A number: whole numbers and those from 1000 on without decimals,
 * others to 4 significant digits; nothing when undefined. */
void sf_html_num(FILE *f, double x);
void sf_html_num_lang(FILE *f, double x, sf_lang l);
/* An interval "lo – hi" in that form; nothing when lo is undefined. */
void sf_html_interval(FILE *f, double lo, double hi);

/* results_html.c: the base run's charts over the week and the year, as
 * report.html draws them (also on the dashboard's model page). */
typedef struct sf_results sf_results;
int sf_results_write_html_charts(const sf_results *r, FILE *f);
/* The charts that answer the questions, with their readings in words
 * (occupancy against capacity, waits, the booked clinic), in language l:
 * m gives each unit's kind and capacity (NULL: not known). */
int sf_results_write_html_charts_lang(const sf_results *r, const sf_model *m, sf_lang l, FILE *f);
/* report.html of `samflyt run` in language l. */
int sf_results_write_report(const sf_results *r, const sf_model *m, sf_lang l, FILE *f);
/* report.html of `samflyt compare` in language l; base (may be NULL)
 * gives the units' kinds, hence the natural unit of each figure. */
typedef struct sf_compare sf_compare;
int sf_compare_write_report(const sf_compare *c, const char *model, const sf_model *base, sf_lang l,
                            FILE *f);
/* The report's charts alone (compare_html.c): a forest plot per indicator
 * some scenario changes, each scenario's level against the base's, in a
 * <div class="panels">. Returns how many were drawn, or an SF_ERR_* code
 * (< 0). The dashboard's what-if answer draws the same. */
int sf_compare_write_forests(const sf_compare *c, const sf_model *base, sf_lang l, FILE *f);

#endif
