/* serve_html.h: the pages and charts of `samflyt serve` (docs/api.md): the
 * file list, the model page with its what-if panel, and the forest plot of
 * a what-if's paired differences. They use the same chart code as
 * report.html (svg.c, results_html.c), so the dashboard and the report draw
 * the same pictures. The pages load nothing from the network; the model
 * page carries one small script that posts the what-if form. */
#ifndef SF_REPORT_SERVE_HTML_H
#define SF_REPORT_SERVE_HTML_H

#include "report/labels.h"
#include "samflyt/compare.h"
#include "samflyt/samflyt.h"

#include <stdio.h>

/* The start page: links to the model pages of models[0..nmodels) and the
 * data files data[0..ndata) (paths relative to the served folder). */
int sf_serve_html_index(FILE *f, const char *dir, const char *const *models, int nmodels,
                        const char *const *data, int ndata);

/* The model page of m (shown as path): the what-if panel (each unit's
 * capacity, each population's size, a demand growth factor) and the base
 * run r's charts. Returns 0 or SF_ERR_*. */
int sf_serve_html_model(FILE *f, const char *path, const sf_model *m, const sf_results *r);
/* The same in language l (sf_lang_from_accept_language of the request's
 * Accept-Language header: the dashboard speaks the browser's language). */
int sf_serve_html_model_lang(FILE *f, const char *path, const sf_model *m, const sf_results *r,
                             sf_lang l);

/* Forest plots of variant v against the base in c: one chart per headline
 * indicator (waits, stays, utilisation, time full, turned away, blocked
 * bed-days, days to appointment, travel) with a row per unit whose
 * difference is not 0 in every replication; the row's label carries the
 * base level. A paragraph says so when nothing changed. */
int sf_serve_svg_forest(FILE *f, const sf_compare *c, int v);

#endif
