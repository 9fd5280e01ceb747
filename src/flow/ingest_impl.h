/* ingest_impl.h: declarations shared by the ingest readers (ingest.c,
 * csv.c, fhir.c); not part of the API other modules use. */
#ifndef SF_FLOW_INGEST_IMPL_H
#define SF_FLOW_INGEST_IMPL_H

#include "flow/ingest.h"

typedef struct sf_flow_preset {
    const char *name;
    const char *map;                     /* field=column list; absent columns are unmapped */
    const char *requires;                /* columns the header must have to match */
    const char *ignore_col, *ignore_val; /* rows with this value are not stays */
} sf_flow_preset;

extern const sf_flow_preset sf_flow_preset_table[];
const sf_flow_preset *sf_flow_preset_find(const char *name);
const sf_flow_preset *sf_flow_preset_detect(const sf_str *cols, int ncols);

int sf_flow_header_find(const sf_str *cols, int ncols, const char *name, size_t len);
int sf_flow_apply_map(const char *text, const sf_str *cols, int ncols, int soft, int *map,
                      const char *what, sf_diag *d, const char *path);
void sf_flow_join_header(const sf_str *cols, int ncols, char *buf, size_t size);
void sf_flow_guess_cols(const sf_str *cols, int ncols, int *map);
void sf_flow_map_text(const sf_str *cols, const int *map, char *buf, size_t size);

/* Splits one header line into at most max columns (quotes removed, no
 * escapes kept: header names rarely have them). delim 0: detect and store
 * in *found. Returns the column count or -1. */
int sf_csv_split_header(const char *line, size_t len, char delim, sf_str *cols, int max,
                        char *found);

void sf_flow_report_init(sf_flow_read_report *rep, const char *path, const char *kind);
void sf_flow_report_skip(sf_flow_read_report *rep, sf_flow_reason r, uint64_t line);

#endif
