/* calibrate.c: `samflyt calibrate FILE... -o model.yaml`: reads patient-flow
 * data like `samflyt flow` (src/flow/ingest.h), fits a model
 * (src/flow/calibrate.h), writes it with a fit report, loads it back, runs
 * the backtest and prints what a planner needs to judge the model.
 * docs/calibrate.md describes every option and figure. */
#include "flow/calibrate.h"
#include "cli.h"
#include "flow/ingest.h"
#include "flow_metrics.h"
#include "model/model.h"
#include "outfile.h"
#include "report/calib_out.h"
#include "samflyt/samflyt.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: samflyt calibrate FILE... -o MODEL.yaml [options]\n"
    "\n"
    "Fits a model from patient-flow data (CSV or FHIR, read as by samflyt flow):\n"
    "arrival rates and hour-of-week profiles, length-of-stay distributions,\n"
    "routing and capacities; writes it, then simulates it and compares the\n"
    "occupancy with the data (the backtest).\n"
    "\n"
    "      --csv excel|plain   CSV files for a Nordic Excel (; decimal comma, BOM, CRLF)\n"
    "  -o, --out FILE          the model to write (required)\n"
    "  --fit FILE              the fit report (default: MODEL.fit.csv)\n"
    "  --backtest N            replications of the backtest, 0 to skip (default 10)\n"
    "  --backtest-out FILE     the backtest table (default: MODEL.backtest.csv)\n"
    "  --alpha P               KS level rejecting a parametric fit (default 0.05)\n"
    "  --ward-median DURATION  median stay above which a unit is a ward (default 12h)\n"
    "  --from TIME, --to TIME  the observation window (local dates or ISO times in --tz);\n"
    "                          default: from the first to the last arrival\n"
    "  --profile week|day|flat arrival profile resolution (default week)\n"
    "  --no-months             report month multipliers but do not apply them\n"
    "  --preset NAME           reading preset (samflyt, mimic-transfers, mimic3-transfers,\n"
    "                          synthea-encounters, bupar; default: by the header)\n"
    "  --map F=COL,...         column mapping, e.g. patient=subject_id,unit=careunit\n"
    "                          (the fields of samflyt flow --map; docs/ingest.md)\n"
    "  --tz ZONE               time zone of times without an offset (default Europe/Oslo)\n"
    "  --delim C               CSV delimiter (default: detected)\n"
    "  --link-gap H            link a patient's stays this close (hours, or a duration\n"
    "                          such as 30m) when the data have no from/to (default 1)\n"
    "  --strict                a bad row is fatal\n"
    "  --skip-bad              skip a record whose broken quoting ran over many lines\n"
    "  --until TIME            the extract's end: stays with no end are in care until\n"
    "                          then, their length censored (default: the latest time)\n"
    "  --home W,...            more words that mean home as a from/to value\n"
    "  --keep-outliers         keep stays far outside the bulk of the time range\n"
    "                          (otherwise named and left out)\n"
    "  -q, --quiet             no summary\n"
    "\n"
    "The three files replace the previous ones only when all were written; an\n"
    "output that is an input is refused. docs/calibrate.md explains every figure.\n";

static int usage(int ok) {
    fputs(usage_text, ok ? stdout : stderr);
    return ok ? 0 : 2;
}

static void print_diag(sf_diag *d, int err) {
    fflush(stdout); /* the summary so far first, then the error */
    cli_diag_default(d, err);
    char buf[1200];
    sf_diag_format(d, buf, sizeof buf);
    fprintf(stderr, "samflyt calibrate: %s\n", buf);
}

/* "path/model.yaml" -> "path/model" + suffix */
static char *beside(const char *model, const char *suffix) {
    size_t n = strlen(model);
    if (n > 5 && !strcmp(model + n - 5, ".yaml"))
        n -= 5;
    else if (n > 4 && !strcmp(model + n - 4, ".yml"))
        n -= 4;
    char *s = malloc(n + strlen(suffix) + 1);
    if (s) {
        memcpy(s, model, n);
        strcpy(s + n, suffix);
    }
    return s;
}

static int parse_hours(const char *opt, const char *s, double *h) {
    const char *why;
    if (sf_parse_duration(s, h, &why)) {
        fprintf(stderr,
                "samflyt calibrate: %s: expected a duration such as 12h or 30m, found '%s'\n", opt,
                s);
        return -1;
    }
    return 0;
}

static void print_read(const sf_flow_read_report *r) {
    printf("read %s (%s): %llu rows, %llu stays", r->path, r->kind, (unsigned long long)r->rows,
           (unsigned long long)r->stays);
    if (r->skipped) {
        printf(", %llu skipped:", (unsigned long long)r->skipped);
        for (int k = 0; k < SF_R_N; k++) {
            if (!r->reason[k])
                continue;
            printf(" %s %llu (line", sf_flow_reason_name((sf_flow_reason)k),
                   (unsigned long long)r->reason[k]);
            for (int i = 0; i < SF_FLOW_MAX_LINES && i < (int)r->reason[k]; i++)
                printf("%s%llu", i ? ", " : " ", (unsigned long long)r->lines[k][i]);
            printf("%s)", r->reason[k] > SF_FLOW_MAX_LINES ? ", ..." : "");
        }
    }
    if (r->instants)
        printf("; a log of complete events only: each event read as an instant (stays of 0 s)");
    if (r->foreign)
        printf("; times carry offsets foreign to --tz: give the data's zone");
    if (r->broken)
        printf("; broken quoting: %llu lines skipped (--skip-bad), the first from line %llu to "
               "line %llu",
               (unsigned long long)r->broken_lines, (unsigned long long)r->broken_from,
               (unsigned long long)r->broken_to);
    printf("\n");
}

static const char *fmt_h(char *buf, size_t n, double h) {
    if (isnan(h))
        snprintf(buf, n, "-");
    else if (h < 1)
        snprintf(buf, n, "%.1fm", h * 60);
    else if (h < 48)
        snprintf(buf, n, "%.1fh", h);
    else
        snprintf(buf, n, "%.1fd", h / 24);
    return buf;
}

static void print_summary(const sf_calib *c, const sf_backtest *bt) {
    printf("\n%zu stays of %zu patients over %.0f h (%.1f weeks)%s\n", c->nstays, c->npatients,
           c->span_h, c->span_h / 168,
           c->linked ? "; next units linked by time (no from/to in the data)" : "");
    if (c->months)
        printf("month multipliers applied (calendar months; --no-months to leave them out)\n");
    printf("\n%-28s %10s %12s %25s\n", "arrivals from outside", "n", "rate", "95 % interval");
    for (int s = 0; s < c->nsources; s++) {
        const sf_calib_source *S = &c->sources[s];
        char iv[64];
        snprintf(iv, sizeof iv, "%.3f-%.3f/d", S->rate_lo * 24, S->rate_hi * 24);
        printf("  %-26.26s %10llu %10.3f/d %25s\n", S->name, (unsigned long long)S->n, S->rate * 24,
               iv);
    }
    printf("\n%-20s %-8s %5s %8s  %-34s %s\n", "unit", "kind", "cap", "median",
           "length of stay (KS p)", "next");
    for (int u = 0; u < c->nunits; u++) {
        const sf_calib_unit *U = &c->units[u];
        const sf_fit *f = &U->los.fit[U->los.chosen];
        char a[32], b[32], m[32], dist[96];
        if (U->los.chosen == SF_FIT_EMPIRICAL)
            snprintf(dist, sizeof dist, "empirical (%d points)", U->nemp);
        else
            snprintf(dist, sizeof dist, "%s(%s, %s) (%.2g)", sf_fit_family_name(U->los.chosen),
                     fmt_h(a, sizeof a, f->mean), fmt_h(b, sizeof b, f->sd), f->ks_p);
        printf("  %-18.18s %-8s %5d %8s  %-34s", U->name, U->ward ? "ward" : "walk-in", U->peak,
               fmt_h(m, sizeof m, U->median_h), dist);
        for (int j = 0; j <= c->nunits; j++)
            if (U->next[j])
                printf(" %s %.2f", j == c->nunits ? "home" : c->units[j].name,
                       (double)U->next[j] / (double)U->departures);
        printf("\n");
    }
    if (!bt)
        return;
    printf("\nbacktest, %d replications: patients in care, observed / simulated\n", bt->reps);
    printf("%-20s %15s %13s %13s %9s\n", "unit", "mean", "p90", "max", "W1");
    for (int u = 0; u < bt->nunits; u++) {
        const sf_backtest_unit *x = &bt->units[u];
        char mean[32], p90[32], mx[32];
        snprintf(mean, sizeof mean, "%.2f / %.2f", x->obs_mean, x->sim_mean);
        snprintf(p90, sizeof p90, "%g / %g", x->obs_p90, x->sim_p90);
        snprintf(mx, sizeof mx, "%d / %d", x->obs_max, x->sim_max);
        printf("  %-18.18s %15s %13s %13s %9.3f\n", x->name, mean, p90, mx, x->w1);
    }
    int readmit = 0;
    for (int u = 0; u < bt->nunits; u++)
        readmit |= !isnan(bt->units[u].obs_readmit);
    if (!readmit)
        return;
    printf(
        "\nreadmitted 8 h to 30 d after a discharge home, observed / simulated (95 %% interval)\n");
    for (int u = 0; u < bt->nunits; u++) {
        const sf_backtest_unit *x = &bt->units[u];
        if (isnan(x->obs_readmit))
            continue;
        double p = x->sim_readmit, n = (double)x->sim_disch;
        printf("  %-18.18s %6.1f %% / %.1f %% ± %.1f\n", x->name, 100 * x->obs_readmit, 100 * p,
               n > 0 ? 196 * sqrt(p * (1 - p) / n) : NAN);
    }
}

/* Stages path in set: its stream, or NULL after a message. */
static FILE *stage_out(cli_outset *set, const char *path) {
    fflush(stdout); /* the summary so far first, then any error */
    return cli_outset_add(set, NULL, path);
}

enum {
    OPT_FIT = 256,
    OPT_BACKTEST,
    OPT_BACKTEST_OUT,
    OPT_ALPHA,
    OPT_WARD,
    OPT_PROFILE,
    OPT_PRESET,
    OPT_MAP,
    OPT_TZ,
    OPT_DELIM,
    OPT_LINK,
    OPT_STRICT,
    OPT_NO_MONTHS,
    OPT_FROM,
    OPT_TO,
    OPT_SKIP_BAD,
};

int cli_calibrate(int argc, char **argv) {
    static const struct option longopts[] = {
        {"out", required_argument, 0, 'o'},
        {"fit", required_argument, 0, OPT_FIT},
        {"backtest", required_argument, 0, OPT_BACKTEST},
        {"backtest-out", required_argument, 0, OPT_BACKTEST_OUT},
        {"alpha", required_argument, 0, OPT_ALPHA},
        {"ward-median", required_argument, 0, OPT_WARD},
        {"profile", required_argument, 0, OPT_PROFILE},
        {"preset", required_argument, 0, OPT_PRESET},
        {"map", required_argument, 0, OPT_MAP},
        {"tz", required_argument, 0, OPT_TZ},
        {"delim", required_argument, 0, OPT_DELIM},
        {"link-gap", required_argument, 0, OPT_LINK},
        {"strict", no_argument, 0, OPT_STRICT},
        {"skip-bad", no_argument, 0, OPT_SKIP_BAD},
        {"no-months", no_argument, 0, OPT_NO_MONTHS},
        {"from", required_argument, 0, OPT_FROM},
        {"to", required_argument, 0, OPT_TO},
        {"until", required_argument, 0, CLI_EX_UNTIL},
        {"keep-outliers", no_argument, 0, CLI_EX_KEEP_OUTLIERS},
        {"home", required_argument, 0, CLI_EX_HOME},
        {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},
        {"csv", required_argument, 0, CLI_OPT_CSV},
        {0, 0, 0, 0},
    };
    const char *out = NULL, *fit_path = NULL, *bt_path = NULL, *from_text = NULL, *to_text = NULL,
               *tzname = NULL;
    int reps = 10, quiet = 0;
    sf_flow_read_opts ro;
    sf_flow_read_opts_init(&ro);
    sf_calib_opts co = {.link_gap_h = -1};
    cli_extract_opts xo = {0};
    optind = 1;
    int ch;
    int csv_excel = 0;
    while ((ch = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
        char *end;
        double h;
        switch (ch) {
        case CLI_OPT_CSV:
            if (cli_csv_option("samflyt calibrate", optarg, &csv_excel))
                return 2;
            break;
        case 'o': out = optarg; break;
        case OPT_FIT: fit_path = optarg; break;
        case OPT_BACKTEST_OUT: bt_path = optarg; break;
        case OPT_BACKTEST: {
            errno = 0;
            long v = strtol(optarg, &end, 10);
            if (errno || *end || end == optarg || v < 0 || v > 100000) {
                fprintf(stderr,
                        "samflyt calibrate: --backtest: expected 0 to 100000 "
                        "replications, found '%s'\n",
                        optarg);
                return 2;
            }
            reps = (int)v;
            break;
        }
        case OPT_ALPHA:
            errno = 0;
            co.alpha = strtod(optarg, &end);
            if (errno || *end || end == optarg || !(co.alpha > 0 && co.alpha < 1)) {
                fprintf(stderr,
                        "samflyt calibrate: --alpha: expected a level between 0 and 1 "
                        "such as 0.05, found '%s'\n",
                        optarg);
                return 2;
            }
            break;
        case OPT_WARD:
            if (parse_hours("--ward-median", optarg, &h) || !(h > 0))
                return 2;
            co.ward_median_h = h;
            break;
        case OPT_LINK:
            /* hours as a plain number, as samflyt flow takes it, or a duration */
            errno = 0;
            h = strtod(optarg, &end);
            if (errno || *end || end == optarg || !(h >= 0)) {
                if (parse_hours("--link-gap", optarg, &h))
                    return 2;
            }
            co.link_gap_h = h;
            ro.link_gap = (int64_t)llround(h * 3600);
            break;
        case OPT_PROFILE:
            if (!strcmp(optarg, "week"))
                co.profile = SF_CALIB_PROFILE_WEEK;
            else if (!strcmp(optarg, "day"))
                co.profile = SF_CALIB_PROFILE_DAY;
            else if (!strcmp(optarg, "flat"))
                co.profile = SF_CALIB_PROFILE_FLAT;
            else {
                fprintf(stderr,
                        "samflyt calibrate: --profile: expected week, day or flat, "
                        "found '%s'\n",
                        optarg);
                return 2;
            }
            break;
        case OPT_PRESET: ro.preset = optarg; break;
        case OPT_MAP: ro.map = optarg; break;
        case OPT_TZ: tzname = optarg; break;
        case OPT_DELIM:
            if (!strcmp(optarg, "tab") || !strcmp(optarg, "\\t"))
                ro.delim = '\t';
            else if (strlen(optarg) == 1)
                ro.delim = optarg[0];
            else {
                fprintf(stderr,
                        "samflyt calibrate: --delim: expected one character or tab, "
                        "found '%s'\n",
                        optarg);
                return 2;
            }
            break;
        case OPT_STRICT: ro.strict = 1; break;
        case OPT_SKIP_BAD: ro.skip_bad = 1; break;
        case OPT_NO_MONTHS: co.no_months = 1; break;
        case OPT_FROM: from_text = optarg; break;
        case OPT_TO: to_text = optarg; break;
        case CLI_EX_UNTIL: xo.until = optarg; break;
        case CLI_EX_KEEP_OUTLIERS: xo.keep_outliers = 1; break;
        case CLI_EX_HOME: xo.home = optarg; break;
        case 'q': quiet = 1; break;
        case 'h': return usage(1);
        default:
            if (ch == '?')
                cli_suggest_option("calibrate", argv, longopts);
            return usage(0);
        }
    }
    int tzrc = cli_tz_load("samflyt calibrate", "--tz", tzname, &ro.tz);
    if (tzrc)
        return tzrc;
    /* the window's times read like the data's, in --tz (parsed after
     * every option, so --tz may come later on the line) */
    const char *wt[2] = {from_text, to_text};
    int64_t *wv[2] = {&co.window_from, &co.window_to};
    for (int k = 0; k < 2; k++) {
        size_t col;
        if (wt[k] && sf_time_parse(wt[k], strlen(wt[k]), SF_TF_ISO, &ro.tz, wv[k], &col)) {
            fprintf(stderr,
                    "samflyt calibrate: --%s: expected a date or time such as 2027-04-01 "
                    "or 2027-04-01T08:00, found '%s'\n",
                    k ? "to" : "from", wt[k]);
            return 2;
        }
    }
    if (!from_text != !to_text) {
        fputs("samflyt calibrate: --from and --to go together\n", stderr);
        return 2;
    }
    if (optind >= argc || !out) {
        fputs(optind >= argc ? "samflyt calibrate: no data file given\n"
                             : "samflyt calibrate: -o MODEL.yaml is required\n",
              stderr);
        return usage(0);
    }

    /* No output may be an input or another output: checked before the
     * data are read. Nothing replaces a file before everything is written. */
    cli_outset *set = cli_outset_new("samflyt calibrate");
    if (!set)
        return 1;
    cli_outset_csv_excel(set, csv_excel);
    for (int i = optind; i < argc; i++)
        cli_outset_input(set, argv[i]);
    int status = 1;
    sf_stays t;
    sf_stays_init(&t);
    sf_calib *c = NULL;
    sf_model *m = NULL;
    sf_backtest bt = {0};
    int have_bt = 0;
    char *fit_default = beside(out, ".fit.csv"), *bt_default = beside(out, ".backtest.csv");
    char desc[1024] = "";
    sf_diag d = {0};
    int derive = 1;
    sf_flow_read_report *reports = NULL;
    if (!fit_default || !bt_default) {
        fputs("samflyt calibrate: out of memory\n", stderr);
        goto done;
    }
    const char *fp = fit_path ? fit_path : fit_default, *bp = bt_path ? bt_path : bt_default;
    status = 2;
    if (cli_outset_check(set, out) || cli_outset_check(set, fp) ||
        (reps > 0 && cli_outset_check(set, bp)))
        goto done;
    if (!strcmp(out, fp) || !strcmp(out, bp) || (reps > 0 && !strcmp(fp, bp))) {
        fprintf(stderr, "samflyt calibrate: the model, --fit and --backtest-out must be three "
                        "different files\n");
        goto done;
    }
    status = 1;
    if (!(reports = calloc((size_t)(argc - optind), sizeof *reports))) {
        fputs("samflyt calibrate: out of memory\n", stderr);
        goto done;
    }
    for (int i = optind; i < argc; i++) {
        sf_flow_read_report *rep = &reports[i - optind];
        int same = -1;
        for (int j = optind; j < i && same < 0; j++)
            if (sf_flow_same_file(argv[i], argv[j]))
                same = j;
        if (same >= 0) {
            /* read twice, every rate would double */
            fprintf(stderr, "samflyt calibrate: warning: %s is the same file as %s: read once\n",
                    argv[i], argv[same]);
            continue;
        }
        int rc = sf_flow_read_file(argv[i], &ro, &t, rep, &d);
        if (rc) {
            print_diag(&d, rc);
            goto done;
        }
        if (!quiet)
            print_read(rep);
        derive &= !sf_flow_report_has_from_to(rep);
        size_t dl = strlen(desc);
        snprintf(desc + dl, sizeof desc - dl, "%s%s", i > optind ? ", " : "", argv[i]);
    }
    if (t.n) {
        /* stays far outside the time range, open stays (the window is
         * calibrate's own: --from/--to select arrivals) */
        int64_t wf, wt;
        int e = cli_flow_extract(&t, reports, argv + optind, argc - optind, &ro.tz, &xo,
                                 "calibrate", quiet, &wf, &wt);
        if (e) {
            status = e;
            goto done;
        }
    }
    sf_flow_dups dups;
    if (sf_flow_finish_dups(&t, &ro, derive, &dups)) {
        fputs("samflyt calibrate: out of memory\n", stderr);
        goto done;
    }
    if (dups.n)
        fprintf(stderr,
                "samflyt calibrate: warning: %llu exact duplicate stays dropped (same patient, "
                "unit, start and end; the first copy kept), e.g. patient %s at %s\n",
                (unsigned long long)dups.n,
                sf_intern_str(&t.names[SF_F_PATIENT], dups.first[0].patient),
                sf_intern_str(&t.names[SF_F_UNIT], dups.first[0].unit));
    co.tz = &ro.tz;
    int rc = sf_calib_fit(&t, &co, &c, &d);
    if (rc) {
        print_diag(&d, rc);
        goto done;
    }
    FILE *mf = stage_out(set, out), *f = mf;
    if (!mf || (rc = sf_calib_write_yaml(c, desc, mf)) || !(f = stage_out(set, fp)) ||
        (rc = sf_calib_write_fit_csv(c, f))) {
        if (f && ferror(f))
            cli_outset_staged(set, f); /* prints the reason */
        else if (f)
            fprintf(stderr, "samflyt calibrate: cannot write %s: %s\n", f == mf ? out : fp,
                    sf_strerror(rc));
        goto done;
    }
    /* what was written must load (read back from its temporary name, before
     * it replaces anything): anything else is a bug here */
    const char *staged = cli_outset_staged(set, mf);
    if (!staged)
        goto done;
    if ((rc = sf_model_load_file(staged, &m, &d))) {
        print_diag(&d, rc);
        fprintf(stderr,
                "samflyt calibrate: the model written for %s does not load; please "
                "report this with the data's header\n",
                out);
        goto done;
    }
    /* cyclic routing between wards at peak census can freeze in a run */
    cli_warn_deadlock_risk("calibrate", out, m);
    if (reps > 0) {
        rc = sf_calib_backtest(c, m, reps, sf_model_seed(m), &bt, &d);
        if (rc) {
            print_diag(&d, rc);
            goto done;
        }
        have_bt = 1;
        if (bt.deadlocked)
            fprintf(stderr,
                    "samflyt calibrate: warning: %d of %d backtest replications deadlocked (the "
                    "model's wards block one another; see the warning above) and are left out "
                    "of the simulated occupancy\n",
                    bt.deadlocked, bt.reps);
        if (!(f = stage_out(set, bp)))
            goto done;
        if ((rc = sf_backtest_write_csv(&bt, f)) && !ferror(f)) {
            fprintf(stderr, "samflyt calibrate: cannot write %s: %s\n", bp, sf_strerror(rc));
            goto done;
        }
    }
    fflush(stdout);
    if (cli_outset_commit(set))
        goto done;
    if (!quiet) {
        print_summary(c, have_bt ? &bt : NULL);
        printf("\nwrote %s, %s%s%s\n", out, fp, have_bt ? ", " : "", have_bt ? bp : "");
    }
    status = 0;

done:
    cli_outset_free(set);
    sf_backtest_free(&bt);
    sf_model_free(m);
    sf_calib_free(c);
    sf_stays_free(&t);
    free(fit_default);
    free(bt_default);
    free(reports);
    return status;
}
