/* run.c: `samflyt check MODEL` and `samflyt run MODEL`: load, simulate,
 * print a summary a planner can read, write JSON and CSV for machines and
 * spreadsheets. */
#include "cli.h"
#include "outfile.h"
#include "report/html.h"
#include "report/labels.h"
#include "samflyt/compare.h"
#include "samflyt/samflyt.h"

#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void print_diag(const sf_diag *d) {
    char buf[1200];
    sf_diag_format(d, buf, sizeof buf);
    fprintf(stderr, "%s\n", buf);
}

static int load(const char *path, sf_model **m) {
    sf_diag d = {0};
    int err = sf_model_load_file(path, m, &d);
    if (err) {
        cli_diag_default(&d, err);
        print_diag(&d);
        return 1;
    }
    return 0;
}

int cli_check(int argc, char **argv) {
    if (argc != 2 || argv[1][0] == '-') {
        fputs("usage: samflyt check MODEL\n\nValidates a model file; errors name "
              "file:line:column.\n",
              argc == 2 && !strcmp(argv[1], "--help") ? stdout : stderr);
        return argc == 2 && !strcmp(argv[1], "--help") ? 0 : 2;
    }
    sf_model *m;
    if (load(argv[1], &m))
        return 1;
    cli_print_warnings(m, NULL);
    printf("%s: ok: model '%s', %d units, %d replications, horizon %g h after %g h warm-up\n",
           argv[1], sf_model_name(m), sf_model_unit_count(m), sf_model_replications(m),
           sf_model_horizon(m), sf_model_warmup(m));
    int warned = cli_warn_deadlock_risk("check", argv[1], m);
    /* Every scenario is a model of its own: check each one. */
    int bad = 0, nv = 1 + sf_model_scenario_count(m);
    sf_model **models = calloc((size_t)nv, sizeof *models);
    if (!models) {
        fputs("samflyt: out of memory\n", stderr);
        sf_model_free(m);
        return 1;
    }
    models[0] = m;
    int loaded = 1;
    for (int i = 0; i < sf_model_scenario_count(m); i++) {
        sf_model *s;
        sf_diag d = {0};
        int err = sf_model_load_scenario_file(argv[1], sf_model_scenario_name(m, i), &s, &d);
        if (err) {
            cli_diag_default(&d, err);
            print_diag(&d);
            bad = 1;
            continue;
        }
        cli_print_warnings(s, m);
        printf("%s: ok: scenario '%s', %d units\n", argv[1], sf_model_scenario(s),
               sf_model_unit_count(s));
        if (!warned) /* once is enough when the base has the cycle */
            cli_warn_deadlock_risk("check", argv[1], s);
        models[loaded++] = s;
    }
    /* weights: as samflyt compare will read them */
    sf_diag d = {0};
    if (sf_compare_check_weights((const sf_model *const *)models, loaded, NULL, &d)) {
        print_diag(&d);
        bad = 1;
    }
    cli_print_access(m);
    for (int i = 0; i < loaded; i++)
        sf_model_free(models[i]);
    free(models);
    return bad;
}

/* ---- progress ------------------------------------------------------------ */

static void progress(void *user, int done, int total) {
    (void)user;
    int width = 30, fill = total ? (int)((long)done * width / total) : width;
    fprintf(stderr, "\r  [%.*s%*s] %5.1f %% of %d replications", fill,
            "##############################", width - fill, "", total ? 100.0 * done / total : 100,
            total / 1000);
    if (done == total)
        fputs("\r\033[K", stderr);
    fflush(stderr);
}

/* ---- summary table --------------------------------------------------------- */

/* A duration in the unit a planner would use for it. */
static void fmt_time(char *buf, size_t n, double hours, double half) {
    if (isnan(hours)) {
        snprintf(buf, n, "-");
        return;
    }
    const char *unit = "h";
    double k = 1;
    if (hours < 2) {
        unit = "min";
        k = 60;
    } else if (hours >= 48) {
        unit = "d";
        k = 1.0 / 24;
    }
    if (isnan(half))
        snprintf(buf, n, "%.1f %s", hours * k, unit);
    else
        snprintf(buf, n, "%.1f±%.1f %s", hours * k, half * k, unit);
}

static void fmt_num(char *buf, size_t n, double v, double half, double scale, const char *unit) {
    if (isnan(v))
        snprintf(buf, n, "-");
    else if (isnan(half))
        snprintf(buf, n, "%.1f%s", v * scale, unit);
    else
        snprintf(buf, n, "%.1f±%.1f%s", v * scale, half * scale, unit);
}

/* s right-aligned (left: left-aligned) in w columns, counting characters,
 * not bytes, so that "utnyttelse" and "beläggning" line up alike; but ±
 * counts two, as the table has always padded it (its figures stay where
 * the examples' READMEs show them). */
static void col(const char *s, int w, int left) {
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xC0) != 0x80 || (p[-1] == 0xC2 && *p == 0xB1);
    if (left)
        printf("%s%*s", s, w > n ? w - n : 0, "");
    else
        printf("%*s%s", w > n ? w - n : 0, "", s);
}

/* The decimal point as l writes it (a comma in nb and sv). */
static char *decimal(char *s, sf_lang l) {
    for (char *p = s; l != SF_LANG_EN && *p; p++)
        if (*p == '.' && p > s && p[1] >= '0' && p[1] <= '9' && p[-1] >= '0' && p[-1] <= '9')
            *p = ',';
    return s;
}

static void print_summary(const sf_results *r, const sf_model *m, sf_lang l) {
    int n = sf_results_unit_count(r);
    char h[40], w[40], seed[32];
    fmt_time(h, sizeof h, sf_model_horizon(m), NAN);
    fmt_time(w, sizeof w, sf_model_warmup(m), NAN);
    snprintf(seed, sizeof seed, "%" PRIu64, sf_results_seed(r));
    const char *sc = sf_model_scenario(m);
    printf("\n%s%s%s: ", sf_model_name(m), sc ? ", scenario " : "", sc ? sc : "");
    printf(sf_tr("%d replications of %s after %s warm-up, seed %s; mean ± 95 %% CI half-width", l),
           sf_results_replications(r), decimal(h, l), decimal(w, l), seed);
    puts("\n");
    static const char *const head[] = {"per day",  "utilisation", "occupancy",   "wait mean",
                                       "wait p90", "stay mean",   "turned away", "blocked d"};
    static const int width[] = {14, 13, 13, 15, 15, 15, 11, 11};
    col(sf_tr("unit", l), 14, 1);
    for (int k = 0; k < 8; k++) {
        putchar(' ');
        col(sf_tr(head[k], l), width[k], 0);
    }
    putchar('\n');
    for (int u = 0; u <= n; u++) {
        char v[8][40];
        sf_estimate x;
        x = sf_results_estimate(r, u, SF_M_THROUGHPUT);
        fmt_num(v[0], sizeof v[0], x.mean, x.half, 1, "");
        x = sf_results_estimate(r, u, SF_M_UTILISATION);
        fmt_num(v[1], sizeof v[1], x.mean, x.half, 100, "%");
        x = sf_results_estimate(r, u, SF_M_OCC_MEAN);
        fmt_num(v[2], sizeof v[2], x.mean, x.half, 1, "");
        x = sf_results_estimate(r, u, SF_M_WAIT_MEAN);
        fmt_time(v[3], sizeof v[3], x.mean, x.half);
        x = sf_results_estimate(r, u, SF_M_WAIT_P90);
        fmt_time(v[4], sizeof v[4], x.mean, x.half);
        x = sf_results_estimate(r, u, SF_M_LOS_MEAN);
        fmt_time(v[5], sizeof v[5], x.mean, x.half);
        x = sf_results_estimate(r, u, SF_M_REJECT_SHARE);
        fmt_num(v[6], sizeof v[6], x.mean, NAN, 100, "%");
        x = sf_results_estimate(r, u, SF_M_BLOCKED_DAYS);
        fmt_num(v[7], sizeof v[7], x.mean, NAN, 1, "");
        if (u == n)
            puts("");
        col(sf_results_unit_name(r, u), 14, 1);
        for (int k = 0; k < 8; k++) {
            putchar(' ');
            col(decimal(v[k], l), width[k], 0);
        }
        putchar('\n');
    }
    printf("\n%s\n", sf_tr("per day: departures; occupancy: places in use; turned away: overflowed "
                           "or rejected;\nblocked d: bed-days ready for discharge waiting for the "
                           "next unit.",
                           l));
}

/* ---- one unit by month (--months UNIT) ------------------------------------------ */

/* The month rows of by_month.csv for one unit, as a table a planner reads:
 * the same estimates (mean and 95 % half-width over replications), so the
 * months of one run can be set side by side (July against November at the
 * GP office) without a scenario per month. Months the window never reaches
 * show "-". */
static void print_months(const sf_results *r, const sf_model *m, int u) {
    static const char *const names[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    /* At a booked clinic the wait is the days to the appointment, and
     * place-hours round the clock say little (slot use is in the booked
     * table): show days, leave capacity and utilisation out. */
    int booked = !isnan(sf_results_estimate(r, u, SF_M_SLOT_UTIL).mean);
    const char *sc = sf_model_scenario(m);
    printf("\n%s%s%s by month of the year: mean ± 95 %% CI half-width over %d replications\n",
           sf_results_unit_name(r, u), sc ? ", scenario " : "", sc ? sc : "",
           sf_results_replications(r));
    if (booked)
        printf("%-6s %16s %17s\n", "month", "requests a day", "days to appt");
    else
        printf("%-6s %16s %13s %13s %17s\n", "month", "requests a day", "capacity", "utilisation",
               "wait mean");
    for (int i = 0; i < 12; i++) {
        char a[40], b[40], c[40], d[40];
        sf_estimate x = sf_results_by_month(r, u, i, SF_BY_ARRIVALS);
        fmt_num(a, sizeof a, x.mean, x.half, 1, "");
        x = sf_results_by_month(r, u, i, SF_BY_WAIT_MEAN);
        if (booked) {
            if (isnan(x.mean))
                snprintf(d, sizeof d, "-");
            else
                snprintf(d, sizeof d, "%.2f±%.2f d", x.mean / 24, x.half / 24);
            printf("%-6s %16s %17s\n", names[i], a, d);
            continue;
        }
        fmt_time(d, sizeof d, x.mean, x.half);
        x = sf_results_by_month(r, u, i, SF_BY_CAPACITY);
        fmt_num(b, sizeof b, x.mean, NAN, 1, "");
        x = sf_results_by_month(r, u, i, SF_BY_UTILISATION);
        fmt_num(c, sizeof c, x.mean, x.half, 100, "%");
        printf("%-6s %16s %13s %13s %17s\n", names[i], a, b, c, d);
    }
    if (booked)
        puts("requests a day: in the month, per day observed; days to appt: mean, of the "
             "requests made in\nthe month that got an appointment (-: the month was not "
             "observed).");
    else
        puts("requests a day: in the month, per day observed; capacity: mean scheduled places; "
             "wait mean:\nof the requests made in the month that got a place (-: the month "
             "was not observed).");
}

/* ---- deadlocks ------------------------------------------------------------------ */

int cli_print_deadlocks(const char *cmd, const char *variant, const sf_results *r) {
    int n = sf_results_deadlocked(r), shown = 0;
    for (int k = 0; k < sf_results_replications(r) && shown < n; k++) {
        double t = sf_results_deadlock_time(r, k);
        if (isnan(t))
            continue;
        if (++shown > 10) {
            fprintf(stderr, "samflyt %s: %s%s... and %d more deadlocked replications\n", cmd,
                    variant ? variant : "", variant ? ": " : "", n - 10);
            break;
        }
        fprintf(stderr, "samflyt %s: %s%sreplication %d deadlocked at day %.1f: units", cmd,
                variant ? variant : "", variant ? ": " : "", k + 1, t / 24);
        const char *sep = " ";
        for (int u = 0; u < sf_results_unit_count(r); u++)
            if (sf_results_deadlock_unit(r, k, u)) {
                fprintf(stderr, "%s%s", sep, sf_results_unit_name(r, u));
                sep = ", ";
            }
        fputc('\n', stderr);
    }
    if (n)
        fprintf(stderr,
                "samflyt %s: %s%sin a deadlock every bed of those wards is held by a patient "
                "ready to move to another of them, so none can ever leave; give one of them an "
                "overflow (a transfer that finds it full goes there at once) or more beds "
                "(docs/simulation.md, \"Deadlock\")\n",
                cmd, variant ? variant : "", variant ? ": " : "");
    return n;
}

int cli_warn_deadlock_risk(const char *cmd, const char *path, const sf_model *m) {
    int cyc[8];
    int n = sf_model_blocking_cycle(m, cyc, 8);
    if (n <= 0)
        return 0;
    const char *sc = sf_model_scenario(m);
    fprintf(stderr, "samflyt %s: warning: %s%s%s: wards ", cmd, path, sc ? ", scenario " : "",
            sc ? sc : "");
    for (int i = 0; i < n && i < 8; i++)
        fprintf(stderr, "%s%s", i ? " -> " : "", sf_model_unit_name(m, cyc[i]));
    fprintf(stderr,
            "%s -> %s send patients to one another with blocking and can deadlock (every bed "
            "held by a patient waiting for the next); an overflow on one of them prevents it "
            "(docs/simulation.md, \"Deadlock\")\n",
            n > 8 ? " -> ..." : "", sf_model_unit_name(m, cyc[0]));
    return 1;
}

/* ---- output files ------------------------------------------------------------ */

typedef int (*writer)(const sf_results *, const sf_model *, sf_lang, FILE *);
static int write_json(const sf_results *r, const sf_model *m, sf_lang l, FILE *f) {
    (void)l;
    return sf_results_write_json(r, m, f);
}
static int write_csv(const sf_results *r, const sf_model *m, sf_lang l, FILE *f) {
    (void)l;
    (void)m;
    return sf_results_write_csv(r, f);
}
static int write_reps(const sf_results *r, const sf_model *m, sf_lang l, FILE *f) {
    (void)l;
    (void)m;
    return sf_results_write_replications_csv(r, f);
}

static int write_by_hour(const sf_results *r, const sf_model *m, sf_lang l, FILE *f) {
    (void)l;
    (void)m;
    return sf_results_write_by_hour_csv(r, f);
}
static int write_by_month(const sf_results *r, const sf_model *m, sf_lang l, FILE *f) {
    (void)l;
    (void)m;
    return sf_results_write_by_month_csv(r, f);
}
static int write_html(const sf_results *r, const sf_model *m, sf_lang l, FILE *f) {
    return sf_results_write_report(r, m, l, f);
}

/* The files of the output folder, in the order they are written. */
static const struct {
    const char *name;
    writer w;
} run_files[] = {
    {"results.json", write_json},     {"summary.csv", write_csv},
    {"replications.csv", write_reps}, {"by_hour.csv", write_by_hour},
    {"by_month.csv", write_by_month}, {"report.html", write_html},
};
enum { RUN_NFILES = sizeof run_files / sizeof run_files[0] };

/* Stages every file of the folder dir in set; 0, or 1 after a message. */
static int write_folder(cli_outset *set, const char *dir, const sf_results *r, const sf_model *m,
                        sf_lang l) {
    if (cli_outset_mkdir(set, dir))
        return 1;
    for (int i = 0; i < RUN_NFILES; i++) {
        FILE *f = cli_outset_add(set, dir, run_files[i].name);
        if (!f)
            return 1;
        int err = run_files[i].w(r, m, l, f);
        if (err && !ferror(f)) {
            fprintf(stderr, "samflyt run: cannot write %s/%s: %s\n", dir, run_files[i].name,
                    sf_strerror(err));
            return 1;
        }
    }
    return 0;
}

/* A failed sf_run: its diagnostic, or the code's text when it has none. */
static void print_run_error(int err, const sf_diag *d) {
    if (d->file[0])
        print_diag(d);
    else
        fprintf(stderr, "samflyt run: %s\n", d->msg[0] ? d->msg : sf_strerror(err));
}

/* ---- run ------------------------------------------------------------------------ */

static const char run_usage[] =
    "usage: samflyt run MODEL [options]\n\n"
    "  -r, --replications N  replications (default: the model's)\n"
    "  -t, --threads N       worker threads (default 1); results do not depend on it\n"
    "  -s, --seed S          seed (default: the model's)\n"
    "      --csv excel|plain CSV files for a Nordic Excel (; decimal comma, BOM, CRLF)\n"
    "  -o, --out DIR         output folder (default out/<model name>)\n"
    "  -q, --quiet           no summary table, no progress bar; with --months or\n"
    "                        --trace and no --out: only those, no output folder\n"
    "      --trace FILE      write every stay of one replication as stays CSV\n"
    "      --trace-rep K     the replication to trace, 1..N (default 1)\n"
    "      --trace-tz Z      zone of the trace's times (default Europe/Oslo; UTC,\n"
    "                        +01:00, any tz database name)\n"
    "      --months UNIT     also print UNIT's figures by month (with -q: only those)\n"
    "      --scenario NAME   run the model's scenario NAME instead of the base model\n"
    "                        (same seed: its replications pair with the base's)\n"
    "      --allow-deadlock  when replications deadlock, write the figures of the\n"
    "                        others instead of failing (they are left out of every\n"
    "                        figure, and results.json lists them)\n"
    "      --lang en|nb|sv   language of report.html and of the summary's names\n"
    "                        (default en; nb and sv write 1 234,5)\n\n"
    "Writes DIR/report.html (one page for people: charts and every figure with its\n"
    "interval), DIR/results.json (every estimate and replication), DIR/summary.csv\n"
    "(one row per unit and metric), DIR/replications.csv, and DIR/by_hour.csv and\n"
    "DIR/by_month.csv (occupancy, capacity, arrivals and waits per unit by hour of\n"
    "the week and by month of the year). The files replace the previous ones only\n"
    "when all were written; an output that is an input is refused.\n";

int cli_run(int argc, char **argv) {
    static const struct option opts[] = {{"replications", required_argument, 0, 'r'},
                                         {"threads", required_argument, 0, 't'},
                                         {"seed", required_argument, 0, 's'},
                                         {"out", required_argument, 0, 'o'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"trace", required_argument, 0, 'T'},
                                         {"trace-rep", required_argument, 0, 'K'},
                                         {"trace-tz", required_argument, 0, 'Z'},
                                         {"months", required_argument, 0, 'M'},
                                         {"scenario", required_argument, 0, 'S'},
                                         {"allow-deadlock", no_argument, 0, 'D'},
                                         {"lang", required_argument, 0, 'L'},
                                         {"help", no_argument, 0, 'h'},
                                         {"csv", required_argument, 0, CLI_OPT_CSV},
                                         {0, 0, 0, 0}};
    sf_run_opts ro = {0};
    sf_lang lang = SF_LANG_EN;
    const char *out = NULL, *trace = NULL, *months = NULL, *scenario = NULL;
    int quiet = 0, trace_rep = 0, allow_deadlock = 0, c;
    optind = 1;
    int csv_excel = 0;
    while ((c = getopt_long(argc, argv, "r:t:s:o:qh", opts, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_CSV:
            if (cli_csv_option("samflyt run", optarg, &csv_excel))
                return 2;
            break;
        case 'o': out = optarg; break;
        case 'D': allow_deadlock = 1; break;
        case 'q': quiet = 1; break;
        case 'T': trace = optarg; break;
        case 'M': months = optarg; break;
        case 'S': scenario = optarg; break;
        case 'L':
            if (sf_lang_parse(optarg, &lang)) {
                fprintf(stderr, "samflyt run: --lang %s: the languages are en, nb and sv\n",
                        optarg);
                return 2;
            }
            break;
        case 'h': fputs(run_usage, stdout); return 0;
        default: {
            if (c == '?')
                cli_suggest_option("run", argv, opts);
            trace_rep |= c == 'K';
            int rc = cli_sim_option("run", c, optarg, 1, &ro);
            if (rc < 0) {
                fputs(run_usage, stderr);
                return 2;
            }
            if (rc)
                return rc;
        }
        }
    }
    if (optind != argc - 1) {
        fputs(run_usage, stderr);
        return 2;
    }
    if (trace_rep && !trace) {
        fputs("samflyt run: --trace-rep needs --trace FILE (the file to write the stays to)\n",
              stderr);
        return 2;
    }
    /* Everything is checked before anything is written: no output may be
     * the model, and the traced replication must be one that runs. */
    cli_outset *set = cli_outset_new("samflyt run");
    if (!set)
        return 1;
    cli_outset_csv_excel(set, csv_excel);
    cli_outset_input(set, argv[optind]);
    static const char *const names[] = {
        "results.json", "summary.csv", "replications.csv", "by_hour.csv", "by_month.csv",
        "report.html",  NULL};
    if ((trace && cli_outset_check(set, trace)) || (out && cli_outset_check_dir(set, out, names))) {
        cli_outset_free(set);
        return 2;
    }
    sf_model *m;
    if (!scenario) {
        if (load(argv[optind], &m)) {
            cli_outset_free(set);
            return 1;
        }
    } else {
        sf_diag sd = {0};
        int err = sf_model_load_scenario_file(argv[optind], scenario, &m, &sd);
        if (err) {
            cli_diag_default(&sd, err);
            print_diag(&sd);
            cli_outset_free(set);
            return 1;
        }
    }
    cli_warn_deadlock_risk("run", argv[optind], m);
    cli_print_warnings(m, NULL);
    int rc = 2, months_unit = -1;
    sf_results *r = NULL;
    if (months) {
        for (int u = 0; u < sf_model_unit_count(m); u++)
            if (!strcmp(sf_model_unit_name(m, u), months))
                months_unit = u;
        if (months_unit < 0) {
            fprintf(stderr, "samflyt run: --months: no unit '%s' in %s (units:", months,
                    argv[optind]);
            for (int u = 0; u < sf_model_unit_count(m); u++)
                fprintf(stderr, " %s", sf_model_unit_name(m, u));
            fputs(")\n", stderr);
            goto done;
        }
    }
    int reps = ro.replications ? ro.replications : sf_model_replications(m);
    if (trace && ro.trace_rep >= reps) {
        fprintf(stderr, "samflyt run: --trace-rep %d: the run has %d replication%s; choose 1..%d\n",
                ro.trace_rep + 1, reps, reps == 1 ? "" : "s", reps);
        goto done;
    }
    /* The folder is the run's output unless -q asked for another one
     * (--months, --trace) and no --out: then nothing else is written. */
    int folder = out || !quiet || !(trace || months);
    /* the default folder is named after the model: never a path of its own */
    char dir[PATH_MAX];
    if (out) {
        snprintf(dir, sizeof dir, "%s", out);
    } else if (folder) {
        char name[256], sc[256];
        cli_safe_name(name, sizeof name, sf_model_name(m));
        cli_safe_name(sc, sizeof sc, scenario);
        snprintf(dir, sizeof dir, scenario ? "out/%s-%s" : "out/%s", name, sc);
        if (cli_outset_check_dir(set, dir, names))
            goto done;
    }
    rc = 1;
    if (!quiet && isatty(STDERR_FILENO))
        ro.progress = progress;
    if (trace && !(ro.trace = cli_outset_add(set, NULL, trace)))
        goto done;

    sf_diag d = {0};
    int err = sf_run(m, &ro, &r, &d);
    if (err) {
        /* a trace that could not be written: the reason from the stream */
        if (!(err == SF_ERR_IO && ro.trace && ferror(ro.trace) &&
              !cli_outset_staged(set, ro.trace)))
            print_run_error(err, &d);
        goto done;
    }
    /* A deadlocked replication is an outcome, never part of an average. */
    int ndead = cli_print_deadlocks("run", NULL, r);
    if (ndead && !allow_deadlock) {
        fprintf(stderr,
                "samflyt run: %d of %d replications deadlocked; no results written (with "
                "--allow-deadlock: the figures of the others)\n",
                ndead, sf_results_replications(r));
        goto done;
    }
    rc = (folder && write_folder(set, dir, r, m, lang)) || cli_outset_commit(set);
    if (!quiet) {
        print_summary(r, m, lang);
        if (ndead)
            printf("\nNOTE: %d of %d replications DEADLOCKED and are left out of every figure "
                   "above;\nthe figures describe only the replications that did not deadlock.\n",
                   ndead, sf_results_replications(r));
        cli_print_populations(r);
        cli_print_access(m);
        cli_print_booked(r);
        cli_print_response(r);
        cli_print_persons(r);
    }
    if (months_unit >= 0)
        print_months(r, m, months_unit);
    if (!quiet) {
        if (!rc)
            printf("\nwrote %s/report.html, results.json, summary.csv, replications.csv, "
                   "by_hour.csv, by_month.csv%s%s\n",
                   dir, trace ? ", " : "", trace ? trace : "");
    }
done:
    cli_outset_free(set);
    sf_results_free(r);
    sf_model_free(m);
    return rc;
}
