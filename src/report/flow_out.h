/* flow_out.h: the flow metrics (src/flow/metrics.h) written out: tidy CSV
 * tables, one JSON document, the terminal summary (flow_out.c) and the
 * self-contained HTML report with its charts (flow_html.c). src/flow
 * computes; every format lives here. */
#ifndef SF_REPORT_FLOW_OUT_H
#define SF_REPORT_FLOW_OUT_H

#include "flow/metrics.h"
#include "report/labels.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The CSV tables the writer knows, by file name without ".csv". */
extern const char *const sf_flow_tables[];
extern const size_t sf_flow_ntables;
/* Writes one table (tidy, long format) as CSV; SF_ERR_ARG for an unknown
 * name, SF_ERR_IO when writing fails. */
int sf_flow_metrics_write_csv(const sf_flow_metrics *m, const sf_stays *t, const sf_flow_opts *o,
                              const char *table, FILE *f);
/* Writes every figure as one JSON document. */
int sf_flow_metrics_write_json(const sf_flow_metrics *m, const sf_stays *t, const sf_flow_opts *o,
                               FILE *f);

/* Writes the report: one self-contained HTML page (inline SVG charts, no
 * script, nothing fetched) with every table, long ones cut to their first
 * rows with a pointer to the CSV; every word, number and date in language
 * l (the data-* attributes the tests read stay as the CSV writes them). */
int sf_flow_metrics_write_html(const sf_flow_metrics *m, const sf_stays *t, const sf_flow_opts *o,
                               const char *title, sf_lang l, FILE *f);

/* Writes a readable summary (the terminal form) of the main figures. */
int sf_flow_metrics_write_summary(const sf_flow_metrics *m, const sf_stays *t,
                                  const sf_flow_opts *o, FILE *f);

/* ---- shared by flow_out.c and flow_html.c ---- */

/* Mon..Sun, as the tables spell them. */
extern const char *const sf_flow_weekdays[7];
/* A unit's name; "(all)" for row nunits. */
const char *sf_flow_unit_name(const sf_stays *t, const sf_flow_metrics *m, uint32_t u);
/* ISO 8601 local time with its offset: 2024-01-01T00:00:00+01:00. */
void sf_flow_iso_local(const sf_flow_opts *o, int64_t utc, char *buf, size_t size);
/* A date (no time) of the report in l: 2024-03-01, in nb 01.03.2024. */
void sf_flow_date_local(const sf_flow_opts *o, int64_t utc, sf_lang l, char *buf, size_t size);
/* One table as an HTML table of at most limit rows, with a note saying
 * where the rest is, its heads, words and numbers in l; SF_ERR_ARG for an
 * unknown name. */
int sf_flow_write_table_html(const sf_flow_metrics *m, const sf_stays *t, const sf_flow_opts *o,
                             const char *table, uint64_t limit, sf_lang l, FILE *f);
/* flow_charts.c: the diagrams of a report section ("dfg": the process map,
 * "variants": the pathway diagram, "los": length of stay per unit), each
 * with its reading in words; nothing for other sections. 0 or
 * SF_ERR_NOMEM. */
int sf_flow_write_charts(const sf_flow_metrics *m, const sf_stays *t, const sf_flow_opts *o,
                         const char *section, sf_lang l, FILE *f);

#endif
