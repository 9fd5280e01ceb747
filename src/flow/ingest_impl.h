/* ingest_impl.h: declarations shared by the ingest readers (ingest.c,
 * csv.c, fhir.c); not part of the API other modules use. */
#ifndef SF_FLOW_INGEST_IMPL_H
#define SF_FLOW_INGEST_IMPL_H

#include "flow/ingest.h"

#include <stddef.h>
#include <zlib.h>

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

/* Opens path for reading, plain or gzip'd ("-": standard input): 0 and
 * *gz, or SF_ERR_IO with d naming the system's reason ("Permission
 * denied"), or saying it is a directory. Opened once: a pipe or FIFO
 * cannot be opened again, so readers sniff the bytes they were handed. */
int sf_flow_open(const char *path, gzFile *gz, sf_diag *d);

/* The readers on an open stream whose first prelen bytes were already read
 * into pre (the sniff); they do not close gz. */
int sf_flow_read_csv_gz(gzFile gz, const char *pre, size_t prelen, const char *name,
                        const sf_flow_read_opts *o, sf_stays *t, sf_flow_read_report *rep,
                        sf_diag *d);
int sf_flow_read_fhir_gz(gzFile gz, const char *pre, size_t prelen, const char *name,
                         const sf_flow_read_opts *o, sf_stays *t, sf_flow_read_report *rep,
                         sf_diag *d);

/* gzip end of stream. zlib's gzread returns the bytes it could and then 0
 * both at a true end and when the file stops before its 8-byte trailer
 * (a cut download or copy), so the reader asks at its end: non-zero when
 * the stream is cut or damaged. */
int sf_flow_gz_bad(gzFile gz);
/* The diagnostic for a read that failed or a stream sf_flow_gz_bad calls
 * cut: names the file and says why (cut, damaged, or the system's reason).
 * Returns SF_ERR_IO. */
int sf_flow_gz_fail(gzFile gz, const char *name, uint64_t line, sf_diag *d);

/* The offset of the first control character in s[0..n) that a name must
 * not hold (below 0x20 but CR and LF, or DEL), or -1. */
ptrdiff_t sf_flow_control_at(const char *s, size_t n);

/* An activity log's lifecycle value: 1 start, 2 complete, 0 neither. */
int sf_flow_lifecycle_kind(sf_str v);

/* Looks at one ISO time with an offset: one other than 0 that tz does not
 * have at that instant marks the report foreign (ingest.h). */
void sf_flow_note_offset(sf_flow_read_report *rep, const sf_tz *tz, const char *s, size_t n);

void sf_flow_report_init(sf_flow_read_report *rep, const char *path, const char *kind);
void sf_flow_report_skip(sf_flow_read_report *rep, sf_flow_reason r, uint64_t line);

#endif
