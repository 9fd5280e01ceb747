/* serve_html.h: the pages and charts of `samflyt serve` (docs/api.md): the
 * file list, the model page with its what-if panel, the forest plots of
 * the what-ifs and a sweep folder's page. They are drawn by the reports'
 * code (results_html.c, compare_html.c, sweep_html.c), so the dashboard
 * and the reports draw the same pictures. The pages load nothing from the network; the model
 * page carries one small script that posts the what-if form. */
#ifndef SF_REPORT_SERVE_HTML_H
#define SF_REPORT_SERVE_HTML_H

/* The declarations are public (the server uses include/samflyt/ only). */
#include "samflyt/serve.h"

/* The model page's button that downloads the report of the chosen
 * variants (serve_report_html.c), with its script. */
void sf_serve_html_report_button(FILE *f);
#include "report/labels.h"

/* The model page in language l (serve_html.c). */
int sf_serve_html_model_lang(FILE *f, const char *path, const sf_model *m, const sf_results *r,
                             sf_lang l);

#endif
