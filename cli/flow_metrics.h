/* flow_metrics.h: the indicators part of `samflyt flow` (flow_metrics.c),
 * called by cli/flow.c: long options (codes from 0x300), their parsing,
 * and the run after ingest. */
#ifndef SF_CLI_FLOW_METRICS_H
#define SF_CLI_FLOW_METRICS_H

#include "flow/ingest.h"
#include "flow/metrics.h"
#include "flow/tz.h"
#include "outfile.h"
#include "report/flow_out.h"

/* After the data are read, before they are sorted: large blocks from the
 * heap, kept for reuse once freed (glibc; a no-op elsewhere). */
void cli_keep_heap(void);

enum {
    CLI_FM_EPISODE_GAP = 0x300,
    CLI_FM_READMIT,
    CLI_FM_READMIT_ORG,
    CLI_FM_READMIT_CLASS,
    CLI_FM_SHARED_WINDOW,
    CLI_FM_PATHWAYS_SHARED,
    CLI_FM_TOP,
    CLI_FM_CONTINUITY_UNIT,
    CLI_FM_RESIDENT_ZONES,
    CLI_FM_POPULATION,
    CLI_FM_ZONE_POPULATION,
    CLI_FM_NO_METRICS,
    CLI_FM_PLACES,
};

/* Entries for getopt_long's option array. */
// clang-format off
#define CLI_FLOW_METRICS_LONGOPTS                                          \
    {"episode-gap", required_argument, 0, CLI_FM_EPISODE_GAP},             \
    {"readmit", required_argument, 0, CLI_FM_READMIT},                     \
    {"readmit-org", required_argument, 0, CLI_FM_READMIT_ORG},             \
    {"readmit-class", required_argument, 0, CLI_FM_READMIT_CLASS},         \
    {"shared-window", required_argument, 0, CLI_FM_SHARED_WINDOW},         \
    {"pathways-shared", no_argument, 0, CLI_FM_PATHWAYS_SHARED},           \
    {"top", required_argument, 0, CLI_FM_TOP},                             \
    {"continuity-unit", required_argument, 0, CLI_FM_CONTINUITY_UNIT},     \
    {"resident-zones", required_argument, 0, CLI_FM_RESIDENT_ZONES},       \
    {"population", required_argument, 0, CLI_FM_POPULATION},               \
    {"zone-population", required_argument, 0, CLI_FM_ZONE_POPULATION},     \
    {"places", required_argument, 0, CLI_FM_PLACES},                       \
    {"no-metrics", no_argument, 0, CLI_FM_NO_METRICS}
// clang-format on

/* Options as given; names are resolved against the table after ingest. */
typedef struct cli_flow_mopts {
    sf_flow_opts o;
    const char *readmit_org, *readmit_class, *continuity_unit, *resident_zones, *zone_population,
        *places;
    int off;       /* --no-metrics */
    int one_units; /* --unit: units without stays are the others, not typos */
    sf_lang lang;  /* --lang: report.html's language (the files are the same) */
} cli_flow_mopts;

extern const char cli_flow_metrics_usage[];
void cli_flow_mopts_init(cli_flow_mopts *mo);
/* 0: taken; -1: not a metrics option; 2: a bad value (message printed). */
int cli_flow_mopts_parse(cli_flow_mopts *mo, int code, const char *arg);
/* Computes the indicators of t, prints the summary (unless quiet) and with
 * set stages metrics.json, the CSV tables and report.html (titled title)
 * in dir, for the caller to commit. Returns the exit status: 0, or 1 (a
 * name not in the data, a span too long, a write). */
int cli_flow_metrics_run(sf_stays *t, const sf_tz *tz, cli_outset *set, const char *dir,
                         const char *title, int quiet, const cli_flow_mopts *mo);
/* cli_outset_check for every file cli_flow_metrics_run writes in dir: 0, or
 * 2 after a message. */
int cli_flow_metrics_check_out(cli_outset *set, const char *dir);

/* ---- the extract's edges (cli/extract.c), shared with calibrate ---- */

/* Long options, codes from 0x340 (after the metrics options). */
enum {
    CLI_EX_UNTIL = 0x340,
    CLI_EX_KEEP_OUTLIERS,
    CLI_EX_FROM,
    CLI_EX_TO,
    CLI_EX_HOME,
    CLI_EX_UNIT,
};

typedef struct cli_extract_opts {
    const char *until;     /* --until: the extract's end, for open stays */
    const char *from, *to; /* --from/--to (flow): keep the stays in care then */
    int keep_outliers;     /* --keep-outliers */
    const char *home;      /* --home: more words for home as a from/to value */
} cli_extract_opts;

/* After every file is read, before sf_flow_finish: from/to values that
 * are home words (sf_stays_drop_home) stop being units; names the stays far
 * outside the bulk of the time range (file and line) on stderr and
 * leaves them out unless keep_outliers; keeps the stays of the window
 * when from/to are given; gives open stays the extract's end (until, or
 * the latest time left) and says how many there are. files[i] and
 * reps[i] for the nfiles files read, in the order read; prog names the
 * command in messages. Returns 0, or 2 (a bad option value) or 1
 * (nothing left, out of memory), the message printed. */
int cli_flow_extract(sf_stays *t, const sf_flow_read_report *reps, char *const *files, int nfiles,
                     const sf_tz *tz, const cli_extract_opts *x, const char *prog, int quiet,
                     int64_t *from, int64_t *to);

#endif
