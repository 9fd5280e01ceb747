/* serve.h: the pages and charts of `samflyt serve` (docs/api.md), for a
 * program that serves them itself: the file list, a model's page with its
 * what-if panel, the forest plots of what-ifs against the base, and a
 * data file's page with its flow indicators. They use the chart code of
 * the reports (report.html of run, compare and flow), so the dashboard
 * and the reports draw the same pictures. The pages load nothing from the
 * network; the model page carries one small script that posts the
 * what-if form. Each returns 0 or an SF_ERR_* code. */
#ifndef SAMFLYT_SERVE_H
#define SAMFLYT_SERVE_H

#include "samflyt/compare.h"
#include "samflyt/flow.h"
#include "samflyt/samflyt.h"

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The start page: links to the model pages of models[0..nmodels), the
 * data files data[0..ndata) and the sweep folders sweeps[0..nsweeps)
 * (folders holding a sweep.json; paths relative to the served folder). */
int sf_serve_html_index(FILE *f, const char *dir, const char *const *models, int nmodels,
                        const char *const *data, int ndata, const char *const *sweeps, int nsweeps);

/* The page of a sweep folder (shown as path): the report of `samflyt
 * sweep` (feasible region, Pareto front, the cost of each target), drawn
 * by the report's code from json[0..len), the folder's sweep.json. When
 * that is not a sweep.json samflyt wrote (damaged, cut short), SF_ERR_SYNTAX
 * with d saying where and what was expected, and nothing is written. */
int sf_serve_html_sweep(FILE *f, const char *path, const char *json, size_t len, sf_diag *d);

/* The model page of m (shown as path): the what-if panel (each unit's
 * capacity, each population's size, a demand growth factor) and the base
 * run r's charts. */
int sf_serve_html_model(FILE *f, const char *path, const sf_model *m, const sf_results *r);
/* The same in the language the browser asks for: accept_language is the
 * request's Accept-Language header (NULL: English). */
int sf_serve_html_model_for(FILE *f, const char *path, const sf_model *m, const sf_results *r,
                            const char *accept_language);

/* The forest plots of every variant of c against its base, drawn by the
 * code of the compare report (report.html of `samflyt compare`): a chart
 * per indicator that some variant changes, each variant's level with its
 * paired 95 % interval against the base's level, in the indicator's
 * natural unit (base gives the units' kinds; may be NULL), in the
 * language of accept_language (NULL: English). A paragraph says so when
 * nothing changed. */
int sf_serve_svg_forest(FILE *f, const sf_compare *c, const sf_model *base,
                        const char *accept_language);

/* The report of the variants of c (report.html of `samflyt compare`, the
 * same page for the same comparison), base giving the units' kinds and
 * the model's name, in the language of accept_language (NULL: English). */
int sf_serve_html_report(FILE *f, const sf_compare *c, const sf_model *base,
                         const char *accept_language);

/* The page of a data file (shown as path): a form for the period (from,
 * to) and the units (comma-separated; NULL or "" for all), filled with the
 * values given, a box per unit of d (the data as read; NULL when it could
 * not be read), and the indicators r as the flow report draws them; when
 * r is NULL, error instead (why the data or the filter gave nothing). */
int sf_serve_html_data(FILE *f, const char *path, const sf_flow_data *d, const sf_flow_result *r,
                       const char *from, const char *to, const char *units, const char *error);
/* The same in the language the browser asks for (accept_language: the
 * request's Accept-Language header; NULL: English): the form, the
 * message and the flow report's words, numbers and dates. */
int sf_serve_html_data_for(FILE *f, const char *path, const sf_flow_data *d,
                           const sf_flow_result *r, const char *from, const char *to,
                           const char *units, const char *error, const char *accept_language);

#ifdef __cplusplus
}
#endif
#endif
