/* flow.h: the public API of samflyt's patient-flow analysis: what
 * `samflyt flow` and `samflyt calibrate` do, for a C program.
 *
 * Three objects, each opaque and owned by the caller:
 *   - sf_flow_data: real patient-flow data read into one stays table (CSV
 *     with a preset or a column mapping, HL7 FHIR R4 Encounter NDJSON or
 *     Bundle, either gzip'd or not; docs/ingest.md);
 *   - sf_flow_result: every flow indicator of such data (census, arrivals,
 *     length of stay, waits, transitions, readmissions, shared patients,
 *     pathways, ready-for-discharge days, continuity; docs/metrics.md);
 *   - sf_flow_calib: a model fitted to the data (docs/calibrate.md).
 *
 * Usage:
 *   sf_flow_options o; sf_flow_options_init(&o);     // Europe/Oslo, auto
 *   sf_flow_data *d; sf_diag diag;
 *   if (sf_flow_data_new(&o, &d, &diag) || sf_flow_data_read(d, "a.csv.gz", &diag) ||
 *       sf_flow_data_prepare(d, &diag)) ...           // diag says why
 *   sf_flow_result *r;
 *   sf_flow_result_compute(d, NULL, &r, &diag);
 *   sf_flow_result_write_html(r, "title", stdout);
 *
 * Errors are the SF_ERR_* codes of samflyt.h with an sf_diag (file:line:
 * column where it concerns a row of a file). Nothing prints: what a
 * command would warn about (rows skipped, stays far outside the time
 * range, duplicates, open stays) is kept with the data as warnings. */
#ifndef SAMFLYT_FLOW_H
#define SAMFLYT_FLOW_H

#include "samflyt/samflyt.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Reading ---------------------------------------------------------- */

/* How to read the files and which stays to keep: the options of `samflyt
 * flow` (docs/ingest.md). sf_flow_data_new copies them, texts included. */
typedef struct sf_flow_options {
    const char *preset; /* NULL or "auto": from the header; "samflyt", "bupar", ... */
    const char *map;    /* "patient=subject_id,unit=careunit,..." or NULL */
    const char *tz;     /* zone of times without an offset; NULL: Europe/Oslo */
    char delim;         /* CSV delimiter; 0: from the header */
    const char *slash;  /* "dmy" or "mdy" for nn/nn/yyyy dates; NULL: from the values */
    double link_gap_h;  /* hours between stays that still link as a transfer (default 1) */
    int strict;         /* the first row that cannot be read is an error */
    int skip_bad;       /* skip a record whose broken quoting ran over many lines */
    /* the extract's end for stays with no end (local date or ISO time in
     * tz); NULL: the latest time in the data (at most `to`) */
    const char *until;
    /* keep the stays in care in [from, to) (local dates or ISO times in
     * tz; both or neither); the census then covers only that window */
    const char *from, *to;
    /* keep the stays of these units only (comma-separated names, NULL:
     * all); transitions to other units then read as to and from outside */
    const char *units;
    const char *home;  /* more words meaning home as a from/to value */
    int keep_outliers; /* keep stays far outside the bulk of the time range */
    /* NULL, or asked now and then while a file is read (every 32768 rows)
     * and between the steps of preparing and computing: non-zero stops
     * the work with SF_ERR_CANCELLED (a server whose client went away;
     * the data are then only fit to be freed). Called on the thread doing
     * the work; cancel_user must outlive the data's reading, preparing and
     * computing. A copy (sf_flow_data_copy) takes the hook of its options. */
    int (*cancel)(void *user);
    void *cancel_user;
} sf_flow_options;

/* Defaults: Europe/Oslo, preset from the header, 1 h link gap, all stays. */
void sf_flow_options_init(sf_flow_options *o);

typedef struct sf_flow_data sf_flow_data;

/* New empty data with options o (copied; the texts are copied too). A bad
 * zone, --slash value or link gap is SF_ERR_ARG. */
int sf_flow_data_new(const sf_flow_options *o, sf_flow_data **out, sf_diag *diag);
/* Reads one file into d (by content: FHIR when it starts with '{' or '[',
 * else CSV; gzip is recognised). SF_ERR_IO: cannot read, or a gzip file
 * cut short; SF_ERR_SYNTAX: no usable header, a bad row under strict;
 * SF_ERR_ARG: a bad preset or map. Call before sf_flow_data_prepare. */
int sf_flow_data_read(sf_flow_data *d, const char *path, sf_diag *diag);
/* The same for a file's contents in memory (name for diagnostics). */
int sf_flow_data_read_buffer(sf_flow_data *d, const char *name, const char *data, size_t len,
                             sf_diag *diag);
/* After the files: home words leave the units, stays far outside the time
 * range are left out (unless keep_outliers), the window and unit filter
 * apply, open stays are given the extract's end, exact duplicates are
 * dropped and consecutive stays linked. SF_ERR_ARG: a bad from, to or
 * until, a unit not in the data, or no stay left. Once only. */
int sf_flow_data_prepare(sf_flow_data *d, sf_diag *diag);
/* A copy of d as read (before it was prepared) with other options (NULL:
 * d's): read a large file once, then prepare copies of it for several
 * windows or units. Only the options of preparing matter (from, to, until,
 * units, home, keep_outliers, link_gap_h; tz for their dates): the files
 * were read already. The copy reads d without changing it: copies may be
 * made from several threads at once. SF_ERR_ARG when d was prepared. */
int sf_flow_data_copy(const sf_flow_data *d, const sf_flow_options *o, sf_flow_data **out,
                      sf_diag *diag);
void sf_flow_data_free(sf_flow_data *d);

/* Bytes d holds (its table and names): for a cache's bound. */
size_t sf_flow_data_bytes(const sf_flow_data *d);
size_t sf_flow_data_stay_count(const sf_flow_data *d);
size_t sf_flow_data_patient_count(const sf_flow_data *d); /* after prepare */
int sf_flow_data_unit_count(const sf_flow_data *d);
const char *sf_flow_data_unit_name(const sf_flow_data *d, int unit);
/* The earliest start and the latest end kept, UTC seconds (0 when empty). */
int64_t sf_flow_data_first(const sf_flow_data *d);
int64_t sf_flow_data_last(const sf_flow_data *d);
/* Per file read, in order: rows read, stays kept, rows skipped. */
int sf_flow_data_file_count(const sf_flow_data *d);
uint64_t sf_flow_data_file_rows(const sf_flow_data *d, int file);
uint64_t sf_flow_data_file_stays(const sf_flow_data *d, int file);
uint64_t sf_flow_data_file_skipped(const sf_flow_data *d, int file);
/* What a planner should know (rows skipped by reason with their lines,
 * stays far outside the time range, duplicates dropped, open stays): at
 * most 32, each with the file and line it concerns where there is one. */
int sf_flow_data_warning_count(const sf_flow_data *d);
const sf_diag *sf_flow_data_warning(const sf_flow_data *d, int i);

/* stays.csv (samflyt's stays schema, local times with their offset) and
 * ingest.json (what each file gave), as `samflyt flow --out` writes them.
 * 0 or SF_ERR_IO. */
int sf_flow_data_write_stays_csv(const sf_flow_data *d, FILE *f);
int sf_flow_data_write_ingest_json(const sf_flow_data *d, FILE *f);

/* ---- Indicators ------------------------------------------------------- */

/* The options of the indicators (docs/metrics.md); durations in hours. */
typedef struct sf_flow_metric_options {
    double episode_gap_h;        /* stays this close form one episode (8) */
    double readmit_min_h;        /* readmission window after a discharge (8 .. */
    double readmit_max_h;        /* ... 720) */
    const char *readmit_org;     /* readmissions within this organisation only, or NULL */
    const char *readmit_class;   /* readmissions of this class only, or NULL */
    double shared_window_h;      /* shared patient: stays this close (720) */
    int pathways_shared;         /* pathways of episodes in 2+ organisations only */
    int top;                     /* pathway variants listed (10) */
    const char *continuity_unit; /* continuity from visits to this unit only, or NULL */
    const char *resident_zones;  /* "a,b": home zones of residents, or NULL */
    double population;           /* inhabitants (0: unknown): rates per 1,000 */
    const char *zone_population; /* "zone=N,...", or NULL */
    const char *places;          /* "unit=N,...": beds per unit, or NULL */
} sf_flow_metric_options;

void sf_flow_metric_options_init(sf_flow_metric_options *o);

typedef struct sf_flow_result sf_flow_result;

/* Every indicator of d (prepared). o NULL: the defaults. SF_ERR_ARG: a
 * name that is not in the data, a bad option, a span too long to tabulate.
 * The result keeps a pointer to d: free it first. */
int sf_flow_result_compute(sf_flow_data *d, const sf_flow_metric_options *o, sf_flow_result **out,
                           sf_diag *diag);
void sf_flow_result_free(sf_flow_result *r);

/* Figures per unit (unit == sf_flow_data_unit_count: all units). */
typedef enum sf_flow_figure {
    SF_FLOW_STAYS,         /* stays (completed and open) */
    SF_FLOW_ADMISSIONS,    /* stays that came from outside the network */
    SF_FLOW_BED_DAYS,      /* sum of stays' lengths, days */
    SF_FLOW_CENSUS_MEAN,   /* time-weighted mean of patients present */
    SF_FLOW_PEAK,          /* most present at once */
    SF_FLOW_READMIT_INDEX, /* discharges that could be followed by a readmission */
    SF_FLOW_READMISSIONS,  /* of them followed by one */
    SF_FLOW_READMIT_RATE,  /* readmissions / index discharges */
    SF_FLOW_READY_STAYS,   /* stays with a ready-for-discharge time before the end */
    SF_FLOW_READY_DAYS,    /* days from ready to the end */
    SF_FLOW_OCCUPANCY_PCT, /* census mean / places, % (with places) */
    SF_FLOW_FIGURE_COUNT
} sf_flow_figure;
const char *sf_flow_figure_name(sf_flow_figure f); /* "bed_days", as units.csv */
double sf_flow_result_value(const sf_flow_result *r, int unit, sf_flow_figure f);

/* A distribution of durations in hours (Hyndman-Fan type 7 percentiles);
 * NaN where undefined. */
typedef struct sf_flow_durations {
    uint64_t n;
    double mean, sd, min, p10, p25, p50, p75, p90, p95, max;
} sf_flow_durations;
sf_flow_durations sf_flow_result_los(const sf_flow_result *r, int unit);
sf_flow_durations sf_flow_result_wait(const sf_flow_result *r, int unit);

/* Moves from unit a to unit b between consecutive stays of an episode; a
 * == unit count is "from outside", b == unit count "home". */
uint64_t sf_flow_result_transitions(const sf_flow_result *r, int a, int b);

/* The whole data: patients, episodes, patients with a known organisation
 * and those shared by two or more, and the observed span in days. */
uint64_t sf_flow_result_patients(const sf_flow_result *r);
uint64_t sf_flow_result_episodes(const sf_flow_result *r);
uint64_t sf_flow_result_patients_org(const sf_flow_result *r);
uint64_t sf_flow_result_patients_shared(const sf_flow_result *r);
double sf_flow_result_span_days(const sf_flow_result *r);

/* The outputs of `samflyt flow --out`: metrics.json, one CSV per table
 * (names: sf_flow_table_count / sf_flow_table_name; SF_ERR_ARG for another
 * name), report.html (a page of its own) and the terminal summary. 0,
 * SF_ERR_IO or SF_ERR_NOMEM. */
int sf_flow_result_write_json(const sf_flow_result *r, FILE *f);
int sf_flow_table_count(void);
const char *sf_flow_table_name(int i);
int sf_flow_result_write_csv(const sf_flow_result *r, const char *table, FILE *f);
int sf_flow_result_write_html(const sf_flow_result *r, const char *title, FILE *f);
/* report.html in language lang: "en", "nb" or "sv" (NULL: English); its
 * words, numbers (decimal comma) and dates as the language writes them.
 * SF_ERR_ARG for another language. */
int sf_flow_result_write_html_lang(const sf_flow_result *r, const char *title, const char *lang,
                                   FILE *f);
int sf_flow_result_write_summary(const sf_flow_result *r, FILE *f);

/* ---- Calibration ------------------------------------------------------ */

typedef struct sf_flow_calib_options {
    double alpha;         /* level of the fit's KS test (0.05) */
    double ward_median_h; /* a unit whose median stay is longer is a ward (12) */
    const char *profile;  /* "week" (default), "day" or "flat" */
    int no_months;        /* no month multipliers */
    /* the arrival window (local dates or ISO times in the data's zone);
     * NULL: the first to the last arrival */
    const char *from, *to;
} sf_flow_calib_options;

void sf_flow_calib_options_init(sf_flow_calib_options *o);

typedef struct sf_flow_calib sf_flow_calib;

/* Fits a model to d (prepared). SF_ERR_ARG: a bad option, no usable stay
 * or no arrival from outside. */
int sf_flow_calib_fit(const sf_flow_data *d, const sf_flow_calib_options *o, sf_flow_calib **out,
                      sf_diag *diag);
void sf_flow_calib_free(sf_flow_calib *c);
/* The model as YAML with comments (source names the data in them), and
 * the fit report (fit.csv), as `samflyt calibrate` writes them. */
int sf_flow_calib_write_yaml(const sf_flow_calib *c, const char *source, FILE *f);
int sf_flow_calib_write_fit_csv(const sf_flow_calib *c, FILE *f);
/* The backtest: simulates m (the written model, loaded) for reps
 * replications from seed and writes, per unit, the observed against the
 * simulated occupancy as backtest.csv; *deadlocked (may be NULL) gets the
 * replications that deadlocked (left out). */
int sf_flow_calib_backtest(const sf_flow_calib *c, const sf_model *m, int reps, uint64_t seed,
                           FILE *csv, int *deadlocked, sf_diag *diag);

#ifdef __cplusplus
}
#endif
#endif
