/* flow.c: `samflyt flow FILE...`: reads real patient-flow data (CSV with
 * a preset or --map, FHIR R4 Encounter NDJSON or Bundle) into one stays
 * table, prints what was read (rows kept and skipped by reason with line
 * numbers, the mapping, each time column's detected format, patients,
 * units, time range), and with --out writes the stays in samflyt's own CSV
 * schema (stays.csv) and the ingest report (ingest.json).
 * `samflyt flow --guess FILE` suggests a --map from the header alone.
 *
 * The indicators (docs/metrics.md) are computed once every file is read,
 * by cli_flow_metrics_run (flow_metrics.c). */
#include "cli.h"
#include "core/textout.h"
#include "flow/ingest.h"
#include "flow_metrics.h"
#include "outfile.h"
#include "report/flow_ingest_out.h"
#include "samflyt/samflyt.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char flow_usage[] =
    "usage: samflyt flow FILE... [options]\n"
    "       samflyt flow --guess FILE...\n\n"
    "Reads patient-flow data: CSV (any delimiter, quoted fields, gzip'd or not)\n"
    "or HL7 FHIR R4 Encounter resources (NDJSON or a Bundle); FILE - is\n"
    "standard input.\n\n"
    "  -p, --preset P     samflyt | mimic-transfers | mimic3-transfers |\n"
    "                     synthea-encounters | bupar\n"
    "                     (default: chosen from the header)\n"
    "  -m, --map M        field=column,... e.g. patient=subject_id,unit=careunit,\n"
    "                     start=intime,end=outtime (fields: patient unit org arrive\n"
    "                     start end from to class ready zone provider instance\n"
    "                     lifecycle time; a column by name or #N)\n"
    "  -z, --tz Z         zone of times without an offset (default Europe/Oslo;\n"
    "                     UTC, +01:00, any tz database name: America/New_York, ...)\n"
    "  -d, --delim C      CSV delimiter: , ; tab | (default: from the header)\n"
    "      --slash dmy|mdy  read nn/nn/yyyy dates day first or month first\n"
    "                     (default: from the values; day first if they cannot tell)\n"
    "      --link-gap H   hours between consecutive stays that still count as a\n"
    "                     transfer when the data have no from/to (default 1)\n"
    "      --strict       stop at the first row that cannot be read\n"
    "      --skip-bad     skip a record whose broken quoting ran over many lines\n"
    "                     (by default that stops the run: the lines would be lost)\n"
    "  -g, --guess        print a suggested --map for each file and stop\n"
    "      --until TIME   the extract's end: stays with no end are in care until\n"
    "                     then (default: the latest time in the data)\n"
    "      --from TIME, --to TIME  keep the stays in care in this window (local\n"
    "                     dates or ISO times in --tz); the census covers only it\n"
    "      --unit U,...   keep the stays at these units (from/to still name the\n"
    "                     units patients came from and went to)\n"
    "      --home W,...   more words that mean home as a from/to value (built in:\n"
    "                     home, hjem, hemma, koti, discharged, NUBC 01, ...)\n"
    "      --keep-outliers  keep stays far outside the bulk of the time range (a\n"
    "                     wrong year?), which are otherwise named and left out\n"
    "      --csv excel|plain\n"
    "                     CSV files for a Nordic Excel (; decimal comma, BOM, CRLF)\n"
    "      --lang en|nb|sv  language of report.html (words, numbers, dates); the\n"
    "                     CSV files and metrics.json are the same in every language\n"
    "  -o, --out DIR      write DIR/stays.csv, DIR/ingest.json and the indicators\n"
    "                     (DIR/report.html, metrics.json and CSV tables, below);\n"
    "                     they replace the previous ones only when all were written\n"
    "  -q, --quiet        no summary\n\n"
    "Rows that cannot be read are skipped, counted by reason and listed by line.\n"
    "See docs/ingest.md.\n";

enum { OPT_LANG = CLI_OPT_CSV + 1 }; /* --lang (past --csv's code) */

/* ---- printing ------------------------------------------------------------- */

static const char *delim_name(char c) {
    switch (c) {
    case ',': return "','";
    case ';': return "';'";
    case '\t': return "tab";
    case '|': return "'|'";
    default: return "?";
    }
}

static void print_report(const sf_flow_read_report *r, const sf_tz *tz) {
    printf("%s: %s%s", r->path, r->kind, r->gzip ? " (gzip)" : "");
    if (!strcmp(r->kind, "csv"))
        printf(", delimiter %s%s", delim_name(r->delim),
               r->cr_only ? ", lines ending in CR alone (old Mac)" : "");
    printf(", mapping: %s\n", r->preset);
    printf("  %" PRIu64 " rows read, %" PRIu64 " stays kept, %" PRIu64 " skipped", r->rows,
           r->stays, r->skipped);
    if (r->ignored)
        printf(", %" PRIu64 " not stays (ignored by the preset)", r->ignored);
    putchar('\n');
    if (r->instants)
        printf("  every lifecycle value in the first rows is 'complete' (nothing to pair): each "
               "event is read as\n  an instant stay (start = end = its time): counts and arrival "
               "patterns hold, time at a unit is 0\n");
    if (r->broken)
        printf("  broken quoting: %" PRIu64 " record%s over %" PRIu64
               " lines skipped (--skip-bad), the first from line %" PRIu64 " to line %" PRIu64 "\n",
               r->broken, r->broken > 1 ? "s" : "", r->broken_lines, r->broken_from, r->broken_to);
    for (int k = 0; k < SF_R_N; k++) {
        if (!r->reason[k])
            continue;
        printf("  skipped, %s: %" PRIu64 " (line", sf_flow_reason_name((sf_flow_reason)k),
               r->reason[k]);
        uint64_t shown = r->reason[k] < SF_FLOW_MAX_LINES ? r->reason[k] : SF_FLOW_MAX_LINES;
        printf(shown > 1 ? "s " : " ");
        for (uint64_t i = 0; i < shown; i++)
            printf("%s%" PRIu64, i ? ", " : "", r->lines[k][i]);
        printf("%s)\n", r->reason[k] > shown ? ", ..." : "");
    }
    printf("  columns:");
    for (int f = 0; f < SF_C_N; f++)
        if (r->column[f][0])
            printf(" %s=%s", sf_flow_col_name((sf_flow_col)f), r->column[f]);
    putchar('\n');
    for (int f = 0; f < SF_C_N; f++)
        if (sf_flow_col_is_time((sf_flow_col)f) && r->column[f][0] && r->fmt[f] != SF_TF_UNKNOWN)
            printf("  time %s (%s): %s%s\n", sf_flow_col_name((sf_flow_col)f), r->column[f],
                   sf_time_fmt_name(r->fmt[f]),
                   r->fmt[f] == SF_TF_EPOCH || r->fmt[f] == SF_TF_EPOCH_MS ? ""
                   : r->offset[f]                                          ? ", with offsets"
                                                                           : "");
    /* a hint when the data look foreign (the zone applied is in the total) */
    if (r->foreign) {
        int32_t a = r->foreign_off < 0 ? -r->foreign_off : r->foreign_off;
        printf("  times carry the offset %c%02d:%02d, which %s does not have then: the data come "
               "from\n  elsewhere? hours of the day and week are counted in %s; give --tz with "
               "the data's zone\n",
               r->foreign_off < 0 ? '-' : '+', a / 3600, a / 60 % 60, tz->name, tz->name);
    }
}

/* Patients with a stay in the table, sorted by patient (rows left out
 * after reading keep their patients' names interned). */
static uint32_t patients(const sf_stays *t) {
    uint32_t n = 0;
    for (size_t i = 0; i < t->n; i++)
        n += (i == 0 || t->patient[i] != t->patient[i - 1]) && t->patient[i] != SF_ID_NONE;
    return n;
}

static void print_table(const sf_stays *t, const sf_tz *tz) {
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (size_t i = 0; i < t->n; i++) {
        if (sf_stays_start(t, i) < lo)
            lo = sf_stays_start(t, i);
        if (sf_stays_end(t, i) > hi)
            hi = sf_stays_end(t, i);
    }
    char a[40], b[40];
    sf_flow_fmt_time(a, sizeof a, t->n ? lo : SF_T_NONE, tz, 0);
    sf_flow_fmt_time(b, sizeof b, t->n ? hi : SF_T_NONE, tz, 0);
    printf("total: %zu stays, %u patients, %u units", t->n, patients(t), t->names[SF_F_UNIT].count);
    if (t->names[SF_F_ORG].count)
        printf(", %u organisations", t->names[SF_F_ORG].count);
    printf("; %s to %s (%s)\n", a, b, tz->name);
    /* the tz database's release goes to ingest.json, not here: the
     * summary reads the same on every machine */
    printf("zone: %s, for times without an offset and for hours of the week and months\n",
           tz->name);
}

/* ---- output ---------------------------------------------------------------- */

/* The writers below stage their file in set (cli/outfile.h): a write error
 * is reported, with its reason, when the set is committed. */
static int write_stays(cli_outset *set, const char *dir, const sf_stays *t, const sf_tz *tz) {
    FILE *f = cli_outset_add(set, dir, "stays.csv");
    if (!f)
        return -1;
    sf_flow_write_stays_csv(t, tz, f); /* a write error is reported by the commit */
    return 0;
}

static int write_ingest_json(cli_outset *set, const char *dir, const sf_flow_read_report *reps,
                             int n, const sf_stays *t, const sf_tz *tz) {
    FILE *f = cli_outset_add(set, dir, "ingest.json");
    if (!f)
        return -1;
    sf_flow_write_ingest_json(reps, n, t, patients(t), tz, f);
    return 0;
}

/* ---- after ingest ------------------------------------------------------------- */

/* ---- guess ---------------------------------------------------------------------- */

static int guess(int n, char **files) {
    int rc = 0;
    for (int i = 0; i < n; i++) {
        sf_flow_guess_result g;
        sf_diag d = {0};
        if (sf_flow_guess(files[i], &g, &d)) {
            char buf[1200];
            sf_diag_format(&d, buf, sizeof buf);
            fprintf(stderr, "samflyt flow: %s\n", buf);
            rc = 1;
            continue;
        }
        if (g.preset && !strcmp(g.preset, "fhir-r4")) {
            printf("%s: JSON: read as HL7 FHIR R4 Encounter resources (NDJSON or a Bundle); "
                   "the mapping is fixed, see docs/ingest.md\n",
                   files[i]);
            continue;
        }
        printf("%s: %d columns, delimiter %s: %s\n", files[i], g.ncols, delim_name(g.delim),
               g.columns);
        if (g.preset)
            printf("  the header matches preset %s\n", g.preset);
        if (g.instants)
            printf("  every lifecycle value in the first rows is 'complete': there is no start to "
                   "pair with, so\n  each event is read as an instant stay (start = end = its "
                   "time): counts and arrival\n  patterns hold, time spent at a unit is 0\n");
        printf("  --map %s\n", g.text[0] ? g.text : "(nothing recognised)");
        printf("  unmapped:");
        for (int f = 0; f < SF_C_N; f++)
            if (g.map[f] < 0)
                printf(" %s", sf_flow_col_name((sf_flow_col)f));
        putchar('\n');
        int log = g.map[SF_C_LIFECYCLE] >= 0;
        const char *need[4] = {"patient", "unit", log ? "time" : "start",
                               log ? "lifecycle" : "end"};
        sf_flow_col needc[4] = {SF_C_PATIENT, SF_C_UNIT, log ? SF_C_TIME : SF_C_START,
                                log ? SF_C_LIFECYCLE : SF_C_END};
        int miss = 0;
        for (int k = 0; k < 4; k++)
            if (g.map[needc[k]] < 0) {
                printf("%s%s", miss ? " " : "  still needed: ", need[k]);
                miss = 1;
            }
        if (miss)
            printf(" (add them to --map)\n");
    }
    return rc;
}

int cli_tz_load(const char *cmd, const char *opt, const char *name, sf_tz *tz) {
    sf_diag d = {0};
    int e = sf_tz_load(name ? name : "Europe/Oslo", tz, &d);
    if (!e)
        return 0;
    char buf[1200];
    sf_diag_format(&d, buf, sizeof buf);
    fprintf(stderr, "%s: %s: %s\n", cmd, opt, buf);
    return e == SF_ERR_ARG ? 2 : 1;
}

/* --unit: keeps the stays of the units named (comma-separated), after the
 * stays are linked, so from/to still name the units patients came from and
 * went to. 0, or the exit status after a message. */
static int keep_units(sf_stays *t, const char *list, int quiet) {
    uint32_t nu = t->names[SF_F_UNIT].count;
    uint8_t *want = calloc(nu ? nu : 1, 1), *keep = malloc(t->n ? t->n : 1);
    int rc = 0;
    if (!want || !keep) {
        fputs("samflyt flow: out of memory\n", stderr);
        rc = 1;
    }
    for (const char *p = list; !rc && *p;) {
        size_t n = strcspn(p, ",");
        uint32_t id = n ? sf_intern_find(&t->names[SF_F_UNIT], p, n) : SF_ID_NONE;
        if (n && id == SF_ID_NONE) {
            fprintf(stderr, "samflyt flow: --unit: '%.*s' is not a unit in the data (", (int)n, p);
            for (uint32_t u = 0; u < nu && u < 8; u++)
                fprintf(stderr, "%s%s", u ? ", " : "", sf_intern_str(&t->names[SF_F_UNIT], u));
            fputs(nu > 8 ? ", ...)\n" : ")\n", stderr);
            rc = 2;
        } else if (n)
            want[id] = 1;
        p += n + (p[n] == ',');
    }
    if (!rc) {
        for (size_t i = 0; i < t->n; i++)
            keep[i] = sf_stays_unit(t, i) != SF_ID_NONE && want[sf_stays_unit(t, i)];
        size_t gone = sf_stays_filter(t, keep);
        if (!quiet && gone)
            printf("--unit: %zu stays at other units left out\n", gone);
        if (!t->n) {
            fputs("samflyt flow: --unit: no stays left\n", stderr);
            rc = 1;
        }
    }
    free(want);
    free(keep);
    return rc;
}

/* ---- the command ------------------------------------------------------------------ */

int cli_flow(int argc, char **argv) {
    static const struct option opts[] = {{"preset", required_argument, 0, 'p'},
                                         {"map", required_argument, 0, 'm'},
                                         {"tz", required_argument, 0, 'z'},
                                         {"delim", required_argument, 0, 'd'},
                                         {"link-gap", required_argument, 0, 'L'},
                                         {"slash", required_argument, 0, 'J'},
                                         {"strict", no_argument, 0, 'S'},
                                         {"skip-bad", no_argument, 0, 'B'},
                                         {"guess", no_argument, 0, 'g'},
                                         {"out", required_argument, 0, 'o'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"help", no_argument, 0, 'h'},
                                         CLI_FLOW_METRICS_LONGOPTS,
                                         {"until", required_argument, 0, CLI_EX_UNTIL},
                                         {"keep-outliers", no_argument, 0, CLI_EX_KEEP_OUTLIERS},
                                         {"from", required_argument, 0, CLI_EX_FROM},
                                         {"to", required_argument, 0, CLI_EX_TO},
                                         {"home", required_argument, 0, CLI_EX_HOME},
                                         {"unit", required_argument, 0, CLI_EX_UNIT},
                                         {"csv", required_argument, 0, CLI_OPT_CSV},
                                         {"lang", required_argument, 0, OPT_LANG},
                                         {0, 0, 0, 0}};
    cli_extract_opts xo = {0};
    sf_flow_read_opts o;
    sf_flow_read_opts_init(&o);
    cli_flow_mopts mo;
    cli_flow_mopts_init(&mo);
    const char *out = NULL, *tzname = NULL, *units = NULL;
    int quiet = 0, do_guess = 0, c, rc;
    optind = 1;
    int csv_excel = 0;
    while ((c = getopt_long(argc, argv, "p:m:z:d:go:qh", opts, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_CSV:
            if (cli_csv_option("samflyt flow", optarg, &csv_excel))
                return 2;
            break;
        case OPT_LANG:
            if (sf_lang_parse(optarg, &mo.lang)) {
                fprintf(stderr, "samflyt flow: --lang %s: the languages are en, nb and sv\n",
                        optarg);
                return 2;
            }
            break;
        case 'p': {
            int ok = !strcmp(optarg, "auto");
            for (const char *const *p = sf_flow_presets(); *p; p++)
                ok |= !strcmp(optarg, *p);
            if (!ok) {
                fprintf(stderr,
                        "samflyt flow: unknown --preset '%s' (samflyt, mimic-transfers, "
                        "mimic3-transfers, "
                        "synthea-encounters, bupar)\n",
                        optarg);
                return 2;
            }
            o.preset = optarg;
            break;
        }
        case 'm': o.map = optarg; break;
        case 'z': tzname = optarg; break;
        case 'd':
            if (!strcmp(optarg, "tab") || !strcmp(optarg, "\\t"))
                o.delim = '\t';
            else if (strlen(optarg) == 1 && strchr(",;\t|", optarg[0]))
                o.delim = optarg[0];
            else {
                fprintf(stderr, "samflyt flow: --delim wants one of , ; tab |, got '%s'\n", optarg);
                return 2;
            }
            break;
        case 'J':
            if (!strcmp(optarg, "dmy"))
                o.slash = SF_TF_DMY_SLASH;
            else if (!strcmp(optarg, "mdy"))
                o.slash = SF_TF_MDY_SLASH;
            else {
                fprintf(stderr, "samflyt flow: --slash wants dmy or mdy, got '%s'\n", optarg);
                return 2;
            }
            break;
        case 'L': {
            char *end;
            errno = 0;
            double h = strtod(optarg, &end);
            if (errno || end == optarg || *end || !(h >= 0 && h <= 8760)) {
                fprintf(stderr, "samflyt flow: --link-gap wants hours 0..8760, got '%s'\n", optarg);
                return 2;
            }
            o.link_gap = (int64_t)(h * 3600 + 0.5);
            break;
        }
        case 'S': o.strict = 1; break;
        case 'B': o.skip_bad = 1; break;
        case CLI_EX_UNTIL: xo.until = optarg; break;
        case CLI_EX_KEEP_OUTLIERS: xo.keep_outliers = 1; break;
        case CLI_EX_FROM: xo.from = optarg; break;
        case CLI_EX_TO: xo.to = optarg; break;
        case CLI_EX_HOME: xo.home = optarg; break;
        case CLI_EX_UNIT:
            units = optarg;
            mo.one_units = 1;
            break;
        case 'g': do_guess = 1; break;
        case 'o': out = optarg; break;
        case 'q': quiet = 1; break;
        case 'h':
            fputs(flow_usage, stdout);
            fputs(cli_flow_metrics_usage, stdout);
            return 0;
        default: {
            if (c == '?')
                cli_suggest_option("flow", argv, opts);
            int r = cli_flow_mopts_parse(&mo, c, optarg);
            if (r == 0)
                break;
            if (r < 0)
                fputs(flow_usage, stderr);
            return 2;
        }
        }
    }
    if (optind >= argc) {
        fputs(flow_usage, stderr);
        return 2;
    }
    int nfiles = argc - optind;
    if (do_guess)
        return guess(nfiles, argv + optind);
    if ((rc = cli_tz_load("samflyt flow", "--tz", tzname, &o.tz)))
        return rc;
    /* No output may be one of the files read: checked before reading. The
     * files are written together at the end, or none of them. */
    static const char *const out_names[] = {"stays.csv", "ingest.json", NULL};
    cli_outset *set = cli_outset_new("samflyt flow");
    if (!set)
        return 1;
    cli_outset_csv_excel(set, csv_excel);
    for (int i = optind; i < argc; i++)
        cli_outset_input(set, argv[i]);
    if (out && (cli_outset_check_dir(set, out, out_names) ||
                (!mo.off && cli_flow_metrics_check_out(set, out)))) {
        cli_outset_free(set);
        return 2;
    }

    sf_stays t;
    sf_stays_init(&t);
    sf_flow_read_report *reps = calloc((size_t)nfiles, sizeof *reps);
    if (!reps) {
        fputs("samflyt flow: out of memory\n", stderr);
        cli_outset_free(set);
        return 1;
    }
    int derive = 1;
    for (int i = 0; i < nfiles; i++) {
        sf_diag d = {0};
        int same = -1;
        for (int j = 0; j < i && same < 0; j++)
            if (sf_flow_same_file(argv[optind + i], argv[optind + j]))
                same = j;
        if (same >= 0) {
            /* read twice, every figure would double */
            fprintf(stderr, "samflyt flow: warning: %s is the same file as %s: read once\n",
                    argv[optind + i], argv[optind + same]);
            snprintf(reps[i].path, sizeof reps[i].path, "%s", argv[optind + i]);
            snprintf(reps[i].kind, sizeof reps[i].kind, "same-file");
            continue;
        }
        int e = sf_flow_read_file(argv[optind + i], &o, &t, &reps[i], &d);
        if (e) {
            cli_diag_default(&d, e);
            char buf[1200];
            sf_diag_format(&d, buf, sizeof buf);
            fprintf(stderr, "samflyt flow: %s\n", buf);
            rc = 1;
            break;
        }
        if (sf_flow_report_has_from_to(&reps[i]))
            derive = 0;
        if (!quiet)
            print_report(&reps[i], &o.tz);
    }
    if (!rc && t.n) {
        int e = cli_flow_extract(&t, reps, argv + optind, nfiles, &o.tz, &xo, "flow", quiet,
                                 &mo.o.window_from, &mo.o.window_to);
        if (e) {
            cli_outset_free(set);
            free(reps);
            sf_stays_free(&t);
            return e;
        }
    }
    if (!rc)
        cli_keep_heap();
    sf_flow_dups dups;
    if (!rc && sf_flow_finish_dups(&t, &o, derive, &dups)) {
        fputs("samflyt flow: out of memory\n", stderr);
        rc = 1;
    }
    if (!rc && dups.n) {
        char a[40];
        sf_flow_fmt_time(a, sizeof a, dups.first[0].start, &o.tz, 0);
        fprintf(stderr,
                "samflyt flow: warning: %" PRIu64
                " exact duplicate stays dropped (same patient, unit, start and end; the "
                "first copy kept), e.g. patient %s at %s from %s\n",
                dups.n, sf_intern_str(&t.names[SF_F_PATIENT], dups.first[0].patient),
                sf_intern_str(&t.names[SF_F_UNIT], dups.first[0].unit), a);
    }
    if (!rc && units && (rc = keep_units(&t, units, quiet)) != 0) {
        cli_outset_free(set);
        free(reps);
        sf_stays_free(&t);
        return rc;
    }
    if (!rc) {
        if (!quiet)
            print_table(&t, &o.tz);
        if (!t.n) {
            uint64_t rows = 0, skipped = 0, ignored = 0, unpaired = 0;
            for (int i = 0; i < nfiles; i++) {
                rows += reps[i].rows;
                unpaired += reps[i].reason[SF_R_UNPAIRED];
                skipped += reps[i].skipped;
                ignored += reps[i].ignored;
            }
            /* the true reason: a file with no rows is not a file of bad rows */
            if (!rows)
                fputs("samflyt flow: no stays: the files hold no data rows (a header only, or "
                      "empty)\n",
                      stderr);
            else if (skipped && skipped == unpaired)
                fputs("samflyt flow: no stays: every event is unpaired (a log of complete events "
                      "only?); `samflyt flow --guess FILE` suggests reading each event as an "
                      "instant\n",
                      stderr);
            else if (skipped)
                fputs("samflyt flow: no stays could be read (see the skipped rows above)\n",
                      stderr);
            else if (ignored)
                fputs("samflyt flow: no stays: every row is one the preset ignores (not a stay)\n",
                      stderr);
            else
                fputs("samflyt flow: no stays could be read\n", stderr);
            rc = 1;
        }
    }
    if (!rc && out &&
        (cli_outset_mkdir(set, out) || write_stays(set, out, &t, &o.tz) ||
         write_ingest_json(set, out, reps, nfiles, &t, &o.tz)))
        rc = 1;
    /* the report's title: the files read, without their folders */
    char title[400] = "samflyt flow:";
    for (int i = 0; i < nfiles; i++) {
        const char *base = strrchr(argv[optind + i], '/');
        size_t used = strlen(title);
        snprintf(title + used, sizeof title - used, "%s %s", i ? "," : "",
                 base ? base + 1 : argv[optind + i]);
    }
    if (!rc)
        rc = cli_flow_metrics_run(&t, &o.tz, out ? set : NULL, out, title, quiet, &mo);
    if (!rc && out && !(rc = cli_outset_commit(set)) && !quiet) {
        printf("wrote %s/stays.csv, ingest.json\n", out);
        if (!mo.off)
            printf("wrote %s/report.html, metrics.json and %zu tables (summary.csv, units.csv, "
                   "census.csv, ...)\n",
                   out, sf_flow_ntables);
    }
    cli_outset_free(set);
    free(reps);
    sf_stays_free(&t);
    return rc;
}
