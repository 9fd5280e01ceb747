/* flow_ingest_out.h: what `samflyt flow --out` writes about the data it
 * read (flow_ingest_out.c): the stays in samflyt's own schema (stays.csv)
 * and what each file gave (ingest.json). Used by the command and by the
 * public API (include/samflyt/flow.h). */
#ifndef SF_REPORT_FLOW_INGEST_OUT_H
#define SF_REPORT_FLOW_INGEST_OUT_H

#include "flow/ingest.h"
#include "flow/stays.h"
#include "flow/tz.h"

#include <stdio.h>

/* stays.csv: patient,unit,org,arrive,start,end,from,to,class,ready,zone,
 * provider, local times in tz with their offset. 0 or SF_ERR_IO. */
/* utc as local time in tz: ISO 8601 with its offset (with_off 1; "" when
 * unknown) or "YYYY-MM-DD HH:MM" (with_off 0; "-" when unknown). */
void sf_flow_fmt_time(char *buf, size_t n, int64_t utc, const sf_tz *tz, int with_off);

int sf_flow_write_stays_csv(const sf_stays *t, const sf_tz *tz, FILE *f);
/* ingest.json: the zone, the table's size and per file (reps[0..n)) its
 * kind, mapping, rows, stays, skipped rows by reason with their lines.
 * patients: patients in the table. 0 or SF_ERR_IO. */
int sf_flow_write_ingest_json(const sf_flow_read_report *reps, int n, const sf_stays *t,
                              size_t patients, const sf_tz *tz, FILE *f);

#endif
