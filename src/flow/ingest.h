/* ingest.h: reading real patient-flow data (CSV extracts, activity logs,
 * HL7 FHIR R4 Encounter resources) into the stays table (stays.h).
 *
 * The readers never print: they fill an sf_flow_read_report with what they
 * found (rows read and kept, rows skipped counted by reason with their
 * first line numbers, the mapping used, the time format detected per
 * column) and, on a fatal error, an sf_diag with file:line:column and what
 * was expected. With opts.strict the first bad row is fatal.
 *
 * Memory grows with the stays kept, distinct strings and (for activity
 * logs) open stays, not with the file: CSV is scanned through a fixed-size
 * buffer, NDJSON a line at a time, a FHIR Bundle or array of resources
 * (on one line or many) an entry at a time.
 *
 * Usage:
 *   sf_flow_read_opts o; sf_flow_read_opts_init(&o);   // tz Europe/Oslo
 *   sf_flow_read_report rep; sf_stays t; sf_stays_init(&t);
 *   int err = sf_flow_read_file(path, &o, &t, &rep, &diag);
 *   ... more files into the same table ...
 *   sf_flow_finish(&t, &o, !sf_flow_report_has_from_to(&rep)); // sort, from/to
 */
#ifndef SF_FLOW_INGEST_H
#define SF_FLOW_INGEST_H

#include "flow/stays.h"
#include "flow/tz.h"
#include "samflyt/samflyt.h"

#include <string.h>

/* Columns a mapping can name: the stays schema, plus the columns of
 * activity logs (one row per event: `time`, `lifecycle` start/complete,
 * `instance` pairing the two) and of admission-level exports. */
typedef enum sf_flow_col {
    SF_C_PATIENT,
    SF_C_UNIT,
    SF_C_ORG,
    SF_C_ARRIVE,
    SF_C_START,
    SF_C_END,
    SF_C_FROM,
    SF_C_TO,
    SF_C_CLASS,
    SF_C_READY,
    SF_C_ZONE,
    SF_C_PROVIDER,
    SF_C_INSTANCE,
    SF_C_LIFECYCLE,
    SF_C_TIME,
    SF_C_N
} sf_flow_col;

/* "patient", "unit", ... */
const char *sf_flow_col_name(sf_flow_col c);
int sf_flow_col_is_time(sf_flow_col c);

/* Why a row was skipped. */
typedef enum sf_flow_reason {
    SF_R_FIELDS,    /* wrong number of fields */
    SF_R_QUOTE,     /* malformed quoting */
    SF_R_PATIENT,   /* no patient */
    SF_R_UNIT,      /* no unit */
    SF_R_NOTIME,    /* a required time is empty (start, end, or the event time) */
    SF_R_TIME,      /* a time that cannot be read in the column's format */
    SF_R_ORDER,     /* end before start, arrive after start, ready outside the stay */
    SF_R_UNPAIRED,  /* an activity-log start without complete, or the reverse */
    SF_R_LIFECYCLE, /* a lifecycle value that is neither start nor complete */
    SF_R_JSON,      /* not well-formed JSON */
    SF_R_RESOURCE,  /* a FHIR resource that is not an Encounter */
    SF_R_UTF8,      /* text that is not valid UTF-8 */
    SF_R_CONTROL,   /* a control character (NUL, tab, ...) inside a name */
    SF_R_N
} sf_flow_reason;

const char *sf_flow_reason_name(sf_flow_reason r); /* "bad time" */
const char *sf_flow_reason_key(sf_flow_reason r);  /* "bad_time" */

/* How a time column is written, detected from its values. */
typedef enum sf_time_fmt {
    SF_TF_UNKNOWN,
    SF_TF_ISO,       /* 2024-03-01T08:15:00[.123][Z|+01:00], also with a space, date only */
    SF_TF_DMY_DOT,   /* 01.03.2024[ 08:15[:00]] */
    SF_TF_YMD_SLASH, /* 2024/03/01[ 08:15[:00]] */
    SF_TF_DMY_SLASH, /* 01/03/2024[ 08:15[:00]] (evidence: a first part > 12) */
    SF_TF_MDY_SLASH, /* 03/01/2024[ 8:15 PM] (evidence: a second part > 12) */
    SF_TF_SLASH,     /* dd/mm or mm/dd: no evidence yet (read as DMY) */
    SF_TF_EPOCH,     /* seconds since 1970-01-01T00:00:00Z */
    SF_TF_EPOCH_MS,  /* milliseconds since the epoch */
    SF_TF_N
} sf_time_fmt;

const char *sf_time_fmt_name(sf_time_fmt f);

/* The format a single value suggests (SF_TF_UNKNOWN if none). For slash
 * dates, SF_TF_DMY_SLASH / SF_TF_MDY_SLASH when the value itself decides,
 * else SF_TF_SLASH. */
sf_time_fmt sf_time_sniff(const char *s, size_t n);
/* Days of dates read by sf_time_parse_iso19, per column, one entry per
 * day of the month: rows in time order share their date, and an end
 * column (start plus a stay) moves over a few weeks, so the civil-date
 * arithmetic and the zone's offset (sf_tz_day_offset) are worked out about
 * once per distinct date. Zeroed = empty. A memo belongs to one zone. */
typedef struct sf_time_memo_day {
    uint64_t key8; /* the date's first 8 bytes ("YYYY-MM-"); 0 = empty */
    uint16_t key2; /* and its last 2 ("DD") */
    uint8_t fixed; /* the day has one offset: utc = base + clock */
    int64_t base;  /* UTC of local midnight when fixed, else local midnight */
} sf_time_memo_day;
typedef struct sf_time_memo {
    sf_time_memo_day e[32]; /* by day of the month */
} sf_time_memo;

/* ---- the fixed-layout fast path ----------------------------------------
 * "YYYY-MM-DDTHH:MM:SS" read as 8-byte words, their digits checked and
 * converted a word at a time (SWAR), the date looked up in the memo as
 * two integers (a date found there was checked when it was stored, so
 * only the clock is checked again), inline in the reader. On 10^6 rows of
 * gen_stays (callgrind, two times a row) the byte-by-byte version in
 * timeparse.c cost 135 instructions a time plus 29 for sf_tz_to_utc; this
 * one about 80, with the zone's offset taken from the memo's day. */

/* 8 bytes of s, byte 0 in the low bits. */
static inline uint64_t sf_word8(const char *s) {
    uint64_t v;
    memcpy(&v, s, sizeof v);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}
/* Each byte of v an ASCII digit? (A byte 0xFA and above carries into its
 * neighbour in the sum, but its own high nibble already fails.) */
static inline int sf_digits8(uint64_t v) {
    const uint64_t hi = 0xF0F0F0F0F0F0F0F0ull;
    return ((v & hi) | (((v + 0x0606060606060606ull) & hi) >> 4)) == 0x3333333333333333ull;
}
/* Byte k of d (digits less '0') times 10 plus byte k+1, in byte k. */
static inline uint64_t sf_pairs(uint64_t d) { return d * 10 + (d >> 8); }
/* The memo's day for the date s[0..10) (timeparse.c): 0 with e filled,
 * -1 when it is not a valid date in this layout. */
int sf_time_iso19_day(const char *s, const sf_tz *tz, sf_time_memo_day *e);

/* The fast path of sf_time_parse for SF_TF_ISO: s exactly
 * "YYYY-MM-DDTHH:MM:SS" (or a space for the T), no offset, second 0..59:
 * *utc as sf_time_parse would give, and 0; -1 for anything else (then call
 * sf_time_parse, which reads it or says why not). */
static inline int sf_time_parse_iso19(const char *s, size_t n, const sf_tz *tz, sf_time_memo *memo,
                                      int64_t *utc) {
    if (n != 19)
        return -1;
    const uint64_t zeros = 0x3030303030303030ull;
    /* "HH:MM:SS": digits at 0, 1, 3, 4, 6, 7; ':' at 2 and 5 */
    const uint64_t cmask = 0xFFFF00FFFF00FFFFull;
    uint64_t b = sf_word8(s + 11);
    /* "DDTHH:MM": the day's digits at 0, 1, then 'T' or ' ' */
    uint64_t c = sf_word8(s + 8);
    uint64_t sep = (c >> 16) & 0xFF;
    uint64_t clk = (b & cmask) | (zeros & ~cmask);
    if ((b & ~cmask) != 0x00003A00003A0000ull || (sep != 'T' && sep != ' ') || !sf_digits8(clk))
        return -1;
    clk = sf_pairs(clk - zeros);
    int h = (int)(clk & 0xFF), mi = (int)((clk >> 24) & 0xFF), se = (int)((clk >> 48) & 0xFF);
    /* 24:00:00 and leap seconds take the general path */
    if (h > 23 || mi > 59 || se > 59)
        return -1;
    /* the slot by the day's bytes as they are: an entry only ever holds a
     * date sf_time_iso19_day checked, so a match needs no checks again */
    int d = (int)((c & 0xFF) * 10 + ((c >> 8) & 0xFF)) - '0' * 11;
    sf_time_memo_day *e = &memo->e[d & 31];
    if ((e->key8 != sf_word8(s) || e->key2 != (uint16_t)(c & 0xFFFF)) &&
        sf_time_iso19_day(s, tz, e))
        return -1;
    int64_t sec = h * 3600 + mi * 60 + se;
    *utc = e->fixed ? e->base + sec : sf_tz_to_utc(tz, e->base + sec);
    return 0;
}
/* Parses s[0..n) in format f; times without an offset are local in tz.
 * 0 and *utc, or -1 (with *col the 0-based offset of the problem). */
int sf_time_parse(const char *s, size_t n, sf_time_fmt f, const sf_tz *tz, int64_t *utc,
                  size_t *col);
/* Did the value carry its own offset (Z, +01:00)? Only for the report. */
int sf_time_has_offset(const char *s, size_t n);

#define SF_FLOW_MAX_LINES 10 /* line numbers kept per reason */

typedef struct sf_flow_read_report {
    char path[512];
    char kind[16];   /* "csv", "fhir-ndjson", "fhir-bundle" */
    char preset[32]; /* the preset used, or "map" */
    char delim;      /* the CSV delimiter */
    int gzip;
    uint64_t rows;    /* data rows / resources / log events read */
    uint64_t stays;   /* stays added to the table */
    uint64_t skipped; /* rows skipped, all reasons */
    uint64_t ignored; /* rows that are not stays by design (MIMIC discharge events) */
    uint64_t reason[SF_R_N];
    uint64_t lines[SF_R_N][SF_FLOW_MAX_LINES]; /* first line numbers per reason */
    /* the header column bound to each field (empty = unmapped) */
    char column[SF_C_N][64];
    sf_time_fmt fmt[SF_C_N]; /* per time field: the detected format */
    int offset[SF_C_N];      /* per time field: values carried offsets */
    int64_t tmin, tmax;      /* earliest start, latest end kept (UTC) */
    /* CSV records whose quoting broke over several lines (an unclosed
     * quote eats the lines after it): how many, the lines they covered
     * in all, and the first one's first and last line */
    uint64_t broken, broken_lines, broken_from, broken_to;
    int cr_only;         /* the lines end in CR alone (read as line ends) */
    int foreign;         /* a sampled time carries an offset (not 0) that the
                            zone does not have at that instant: data from
                            elsewhere, --tz wanted */
    int32_t foreign_off; /* the first such offset, seconds east of UTC */
    int instants;        /* a guessed log of complete events only: each event
                            read as an instant stay, start = end = its time */
} sf_flow_read_report;

typedef struct sf_flow_read_opts {
    const char *preset; /* NULL or "auto": by the header; or a preset name */
    const char *map;    /* "field=column,..." (overrides the preset's fields) */
    sf_tz tz;           /* zone of times without an offset */
    char delim;         /* 0: detect from the header (, ; tab |) */
    int strict;         /* non-zero: the first bad row is fatal */
    int skip_bad;       /* non-zero: a CSV record whose broken quoting ran
                           over several lines is skipped with its lines;
                           0: it is fatal (the lines would be lost) */
    int64_t link_gap;   /* seconds: max gap between consecutive stays of a
                           patient for from/to (sf_flow_finish) */
    sf_time_fmt slash;  /* SF_TF_DMY_SLASH or SF_TF_MDY_SLASH: how to read
                           nn/nn/yyyy dates whatever the values suggest;
                           0: from the values */
    /* asked every SF_FLOW_CANCEL_ROWS rows; non-zero stops the read with
     * SF_ERR_CANCELLED (a server whose client went away); NULL: never */
    int (*cancel)(void *user);
    void *cancel_user;
} sf_flow_read_opts;

/* Rows between two questions to sf_flow_read_opts.cancel: a few ms of
 * reading, and a mask test per row. */
#define SF_FLOW_CANCEL_ROWS ((uint64_t)1 << 15)

/* Asks o's cancel hook: SF_ERR_CANCELLED with d filled when it says
 * stop, else 0. */
int sf_flow_read_cancel_ask(const sf_flow_read_opts *o, uint64_t rows, const char *name,
                            uint64_t line, sf_diag *d);
/* After row `rows` (inline: the readers' hot loop pays one test a row). */
static inline int sf_flow_read_cancelled(const sf_flow_read_opts *o, uint64_t rows,
                                         const char *name, uint64_t line, sf_diag *d) {
    return o->cancel && !(rows % SF_FLOW_CANCEL_ROWS)
               ? sf_flow_read_cancel_ask(o, rows, name, line, d)
               : 0;
}

/* Europe/Oslo, auto preset, detect delimiter, not strict, 1 h link gap. */
void sf_flow_read_opts_init(sf_flow_read_opts *o);

/* Presets: "samflyt", "mimic-transfers", "synthea-encounters", "bupar". */
const char *const *sf_flow_presets(void);

/* Reads a CSV file (optionally gzip'd) into t. 0, or a negative SF_ERR_*
 * with d filled: SF_ERR_IO (cannot read), SF_ERR_SYNTAX (no usable header,
 * or a bad row under strict), SF_ERR_ARG (bad map/preset). */
int sf_flow_read_csv(const char *path, const sf_flow_read_opts *o, sf_stays *t,
                     sf_flow_read_report *rep, sf_diag *d);
/* The same for a CSV in memory (name for diagnostics). */
int sf_flow_read_csv_buffer(const char *name, const char *data, size_t len,
                            const sf_flow_read_opts *o, sf_stays *t, sf_flow_read_report *rep,
                            sf_diag *d);

/* Reads FHIR R4 Encounter resources: NDJSON, a Bundle, one resource, or a
 * JSON array of resources. */
int sf_flow_read_fhir(const char *path, const sf_flow_read_opts *o, sf_stays *t,
                      sf_flow_read_report *rep, sf_diag *d);
int sf_flow_read_fhir_buffer(const char *name, const char *data, size_t len,
                             const sf_flow_read_opts *o, sf_stays *t, sf_flow_read_report *rep,
                             sf_diag *d);

/* By content: FHIR when the first non-blank byte is '{' or '[', else CSV.
 * The file is opened once ("-" is standard input; a pipe or FIFO reads
 * like a file), and a gzip file cut short or damaged is an SF_ERR_IO. */
int sf_flow_read_file(const char *path, const sf_flow_read_opts *o, sf_stays *t,
                      sf_flow_read_report *rep, sf_diag *d);

/* After all files: sort by patient and, with derive (when the data have no
 * from/to columns: sf_flow_report_has_from_to), link consecutive stays of
 * a patient where the next starts 0..o->link_gap seconds after this one
 * ends: this stay's `to` is the next one's unit, the next one's `from`
 * this unit. Overlapping stays are parallel, not a transfer. 0 or
 * SF_ERR_NOMEM. */
int sf_flow_finish(sf_stays *t, const sf_flow_read_opts *o, int derive);

/* Exact duplicate stays: the same patient at the same unit over the same
 * start and end, twice or more. One patient cannot be in one unit twice
 * at once, so the copies are an export's doubling (a join fanned out, a
 * file appended twice) and would double every figure: the first copy (in
 * file order) is kept, the others dropped and counted here, with the
 * first few (ids into t's names) for the warning. */
typedef struct sf_flow_dups {
    uint64_t n; /* copies dropped */
    int nfirst;
    struct {
        uint32_t patient, unit;
        int64_t start, end;
    } first[SF_FLOW_MAX_LINES];
} sf_flow_dups;
/* sf_flow_finish that also drops exact duplicates (before from/to are
 * derived) and fills dups. */
int sf_flow_finish_dups(sf_stays *t, const sf_flow_read_opts *o, int derive, sf_flow_dups *dups);

/* Are a and b the same file (device and inode; "-" twice is standard
 * input twice)? Given twice, a file would be counted twice. */
int sf_flow_same_file(const char *a, const char *b);
/* Did the file map a from or to column (or FHIR admitSource/discharge)? */
int sf_flow_report_has_from_to(const sf_flow_read_report *rep);

/* A suggested mapping from a header line alone: fills map[SF_C_N] with the
 * header column index per field (-1 = unmapped) and text with
 * "patient=subject_id,unit=careunit,..." ; also names the preset whose
 * header matches, if one does (else NULL). 0, or SF_ERR_IO/SF_ERR_SYNTAX. */
typedef struct sf_flow_guess_result {
    char delim;
    int ncols;
    int map[SF_C_N];
    char text[1024];    /* the --map text */
    const char *preset; /* a preset whose columns the header has, or NULL;
                           "fhir-r4" for a JSON file (nothing to map) */
    char columns[2048]; /* the header's column names, comma-separated */
    /* an activity log whose sampled lifecycle values are all complete
     * (nothing to pair): the suggestion reads each event as an instant,
     * start = end = its time */
    int instants;
} sf_flow_guess_result;
int sf_flow_guess(const char *path, sf_flow_guess_result *g, sf_diag *d);
int sf_flow_guess_header(const char *line, size_t len, sf_flow_guess_result *g);

#endif
