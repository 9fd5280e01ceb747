/* flow_ingest_out.c: stays.csv and ingest.json (flow_ingest_out.h), as
 * `samflyt flow --out` writes them (docs/ingest.md). */
#include "report/flow_ingest_out.h"
#include "core/textout.h"

#include <inttypes.h>
#include <stdio.h>

void sf_flow_fmt_time(char *buf, size_t n, int64_t utc, const sf_tz *tz, int with_off) {
    if (utc == SF_T_NONE || utc == INT64_MAX || utc == INT64_MIN + 1) {
        snprintf(buf, n, "%s", with_off ? "" : "-");
        return;
    }
    int32_t off = sf_tz_offset(tz, utc);
    int64_t l = utc + off, days = sf_floor_div(l, 86400), s = l - days * 86400, y;
    int m, d;
    sf_civil_from_days(days, &y, &m, &d);
    if (with_off) {
        int32_t a = off < 0 ? -off : off;
        snprintf(buf, n, "%04" PRId64 "-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, m, d,
                 (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60), off < 0 ? '-' : '+', a / 3600,
                 a / 60 % 60);
    } else {
        snprintf(buf, n, "%04" PRId64 "-%02d-%02d %02d:%02d", y, m, d, (int)(s / 3600),
                 (int)(s / 60 % 60));
    }
}

int sf_flow_write_stays_csv(const sf_stays *t, const sf_tz *tz, FILE *f) {
    fputs("patient,unit,org,arrive,start,end,from,to,class,ready,zone,provider\n", f);
    const sf_intern *nm = t->names;
    for (size_t i = 0; i < t->n; i++) {
        char ar[40], st[40], en[40], rd[40];
        sf_flow_fmt_time(ar, sizeof ar, sf_stays_arrive(t, i), tz, 1);
        sf_flow_fmt_time(st, sizeof st, sf_stays_start(t, i), tz, 1);
        sf_flow_fmt_time(en, sizeof en, sf_stays_is_open(t, i) ? SF_T_NONE : sf_stays_end(t, i), tz,
                         1);
        sf_flow_fmt_time(rd, sizeof rd, sf_stays_ready(t, i), tz, 1);
        sf_csv_str(f, sf_intern_str(&nm[SF_F_PATIENT], t->patient[i]));
        putc(',', f);
        sf_csv_str(f, sf_intern_str(&nm[SF_F_UNIT], sf_stays_unit(t, i)));
        putc(',', f);
        sf_csv_str(f, sf_intern_str(&nm[SF_F_ORG], sf_stays_org(t, i)));
        fprintf(f, ",%s,%s,%s,", ar, st, en);
        sf_csv_str(f, sf_intern_str(&nm[SF_F_UNIT], sf_stays_from(t, i)));
        putc(',', f);
        sf_csv_str(f, sf_intern_str(&nm[SF_F_UNIT], sf_stays_to(t, i)));
        putc(',', f);
        sf_csv_str(f, sf_intern_str(&nm[SF_F_CLASS], sf_stays_cls(t, i)));
        fprintf(f, ",%s,", rd);
        sf_csv_str(f, sf_intern_str(&nm[SF_F_ZONE], sf_stays_zone(t, i)));
        putc(',', f);
        sf_csv_str(f, sf_intern_str(&nm[SF_F_PROVIDER], sf_stays_provider(t, i)));
        putc('\n', f);
    }
    return ferror(f) ? SF_ERR_IO : 0;
}

int sf_flow_write_ingest_json(const sf_flow_read_report *reps, int n, const sf_stays *t,
                              size_t patients, const sf_tz *tz, FILE *f) {
    fprintf(f, "{\n  \"tz\": ");
    sf_json_str(f, tz->name);
    fprintf(f, ",\n  \"tzdata\": ");
    sf_json_str(f, tz->version);
    fprintf(f, ",\n  \"stays\": %zu,\n  \"patients\": %zu,\n  \"units\": %u,\n  \"files\": [", t->n,
            patients, t->names[SF_F_UNIT].count);
    for (int i = 0; i < n; i++) {
        const sf_flow_read_report *r = &reps[i];
        fprintf(f, "%s\n    {\"path\": ", i ? "," : "");
        sf_json_str(f, r->path);
        fprintf(f, ", \"kind\": ");
        sf_json_str(f, r->kind);
        fprintf(f, ", \"mapping\": ");
        sf_json_str(f, r->preset);
        fprintf(f,
                ", \"gzip\": %s, \"rows\": %" PRIu64 ", \"stays\": %" PRIu64
                ", \"skipped\": %" PRIu64 ", \"ignored\": %" PRIu64 ",\n     \"columns\": {",
                r->gzip ? "true" : "false", r->rows, r->stays, r->skipped, r->ignored);
        int first = 1;
        for (int c = 0; c < SF_C_N; c++)
            if (r->column[c][0]) {
                fprintf(f, "%s\"%s\": ", first ? "" : ", ", sf_flow_col_name((sf_flow_col)c));
                sf_json_str(f, r->column[c]);
                first = 0;
            }
        fprintf(f, "},\n     \"time_formats\": {");
        first = 1;
        for (int c = 0; c < SF_C_N; c++)
            if (r->column[c][0] && sf_flow_col_is_time((sf_flow_col)c) &&
                r->fmt[c] != SF_TF_UNKNOWN) {
                fprintf(f, "%s\"%s\": ", first ? "" : ", ", sf_flow_col_name((sf_flow_col)c));
                sf_json_str(f, sf_time_fmt_name(r->fmt[c]));
                first = 0;
            }
        fprintf(f, "},\n     \"skipped_by_reason\": {");
        first = 1;
        for (int k = 0; k < SF_R_N; k++) {
            if (!r->reason[k])
                continue;
            fprintf(f, "%s\"%s\": {\"count\": %" PRIu64 ", \"lines\": [", first ? "" : ", ",
                    sf_flow_reason_key((sf_flow_reason)k), r->reason[k]);
            for (uint64_t j = 0; j < r->reason[k] && j < SF_FLOW_MAX_LINES; j++)
                fprintf(f, "%s%" PRIu64, j ? ", " : "", r->lines[k][j]);
            fprintf(f, "]}");
            first = 0;
        }
        fprintf(f, "}}");
    }
    fprintf(f, "\n  ]\n}\n");
    return ferror(f) ? SF_ERR_IO : 0;
}
