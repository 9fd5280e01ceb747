/* run.c: `samflyt check MODEL` and `samflyt run MODEL`: load, simulate,
 * print a summary a planner can read, write JSON and CSV for machines and
 * spreadsheets. */
#include "cli.h"
#include "samflyt/compare.h"
#include "samflyt/samflyt.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
        if (sf_model_load_scenario_file(argv[1], sf_model_scenario_name(m, i), &s, &d)) {
            print_diag(&d);
            bad = 1;
            continue;
        }
        cli_print_warnings(s, m);
        printf("%s: ok: scenario '%s', %d units\n", argv[1], sf_model_scenario(s),
               sf_model_unit_count(s));
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

static void print_summary(const sf_results *r, const sf_model *m) {
    int n = sf_results_unit_count(r);
    char h[40], w[40];
    fmt_time(h, sizeof h, sf_model_horizon(m), NAN);
    fmt_time(w, sizeof w, sf_model_warmup(m), NAN);
    const char *sc = sf_model_scenario(m);
    printf("\n%s%s%s: %d replications of %s after %s warm-up, seed %" PRIu64
           "; mean ± 95 %% CI half-width\n\n",
           sf_model_name(m), sc ? ", scenario " : "", sc ? sc : "", sf_results_replications(r), h,
           w, sf_results_seed(r));
    printf("%-14s %14s %13s %13s %15s %15s %15s %11s %11s\n", "unit", "per day", "utilisation",
           "occupancy", "wait mean", "wait p90", "stay mean", "turned away", "blocked d");
    for (int u = 0; u <= n; u++) {
        char a[40], b[40], c[40], d[40], e[40], f[40], g[40], h[40];
        sf_estimate x;
        x = sf_results_estimate(r, u, SF_M_THROUGHPUT);
        fmt_num(a, sizeof a, x.mean, x.half, 1, "");
        x = sf_results_estimate(r, u, SF_M_UTILISATION);
        fmt_num(b, sizeof b, x.mean, x.half, 100, "%");
        x = sf_results_estimate(r, u, SF_M_OCC_MEAN);
        fmt_num(c, sizeof c, x.mean, x.half, 1, "");
        x = sf_results_estimate(r, u, SF_M_WAIT_MEAN);
        fmt_time(d, sizeof d, x.mean, x.half);
        x = sf_results_estimate(r, u, SF_M_WAIT_P90);
        fmt_time(e, sizeof e, x.mean, x.half);
        x = sf_results_estimate(r, u, SF_M_LOS_MEAN);
        fmt_time(f, sizeof f, x.mean, x.half);
        x = sf_results_estimate(r, u, SF_M_REJECT_SHARE);
        fmt_num(g, sizeof g, x.mean, NAN, 100, "%");
        x = sf_results_estimate(r, u, SF_M_BLOCKED_DAYS);
        fmt_num(h, sizeof h, x.mean, NAN, 1, "");
        if (u == n)
            puts("");
        printf("%-14s %14s %13s %13s %15s %15s %15s %11s %11s\n", sf_results_unit_name(r, u), a, b,
               c, d, e, f, g, h);
    }
    puts("\nper day: departures; occupancy: places in use; turned away: overflowed or "
         "rejected;\nblocked d: bed-days ready for discharge waiting for the next unit.");
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

/* ---- output files ------------------------------------------------------------ */

static int mkdirs(const char *path) {
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
        return -1;
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0777) && errno != EEXIST)
                return -1;
            *p = '/';
        }
    if (mkdir(buf, 0777) && errno != EEXIST)
        return -1;
    return 0;
}

typedef int (*writer)(const sf_results *, const sf_model *, FILE *);
static int write_json(const sf_results *r, const sf_model *m, FILE *f) {
    return sf_results_write_json(r, m, f);
}
static int write_csv(const sf_results *r, const sf_model *m, FILE *f) {
    (void)m;
    return sf_results_write_csv(r, f);
}
static int write_reps(const sf_results *r, const sf_model *m, FILE *f) {
    (void)m;
    return sf_results_write_replications_csv(r, f);
}

static int write_by_hour(const sf_results *r, const sf_model *m, FILE *f) {
    (void)m;
    return sf_results_write_by_hour_csv(r, f);
}
static int write_by_month(const sf_results *r, const sf_model *m, FILE *f) {
    (void)m;
    return sf_results_write_by_month_csv(r, f);
}
static int write_html(const sf_results *r, const sf_model *m, FILE *f) {
    return sf_results_write_html(r, m, f);
}

static int write_file(const char *dir, const char *name, writer w, const sf_results *r,
                      const sf_model *m) {
    char path[4200];
    if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) {
        fprintf(stderr, "samflyt: output folder name too long: %s\n", dir);
        return 1;
    }
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "samflyt: cannot write %s: %s\n", path, strerror(errno));
        return 1;
    }
    int err = w(r, m, f);
    if (fclose(f) || err) {
        fprintf(stderr, "samflyt: error writing %s\n", path);
        return 1;
    }
    return 0;
}

/* ---- run ------------------------------------------------------------------------ */

static const char run_usage[] =
    "usage: samflyt run MODEL [options]\n\n"
    "  -r, --replications N  replications (default: the model's)\n"
    "  -t, --threads N       worker threads (default 1); results do not depend on it\n"
    "  -s, --seed S          seed (default: the model's)\n"
    "  -o, --out DIR         output folder (default out/<model name>)\n"
    "  -q, --quiet           no summary table, no progress bar\n"
    "      --trace FILE      write every stay of one replication as stays CSV\n"
    "      --trace-rep K     the replication to trace, 1..N (default 1)\n"
    "      --months UNIT     also print UNIT's figures by month (with -q: only those)\n"
    "      --scenario NAME   run the model's scenario NAME instead of the base model\n"
    "                        (same seed: its replications pair with the base's)\n\n"
    "Writes DIR/results.json (every estimate and replication), DIR/summary.csv\n"
    "(one row per unit and metric), DIR/replications.csv, and DIR/by_hour.csv and\n"
    "DIR/by_month.csv (occupancy, capacity, arrivals and waits per unit by hour of\n"
    "the week and by month of the year).\n";

int cli_run(int argc, char **argv) {
    static const struct option opts[] = {{"replications", required_argument, 0, 'r'},
                                         {"threads", required_argument, 0, 't'},
                                         {"seed", required_argument, 0, 's'},
                                         {"out", required_argument, 0, 'o'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"trace", required_argument, 0, 'T'},
                                         {"trace-rep", required_argument, 0, 'K'},
                                         {"months", required_argument, 0, 'M'},
                                         {"scenario", required_argument, 0, 'S'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    sf_run_opts ro = {0};
    const char *out = NULL, *trace = NULL, *months = NULL, *scenario = NULL;
    int quiet = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "r:t:s:o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'q': quiet = 1; break;
        case 'T': trace = optarg; break;
        case 'M': months = optarg; break;
        case 'S': scenario = optarg; break;
        case 'h': fputs(run_usage, stdout); return 0;
        default: {
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
    sf_model *m;
    if (!scenario) {
        if (load(argv[optind], &m))
            return 1;
    } else {
        sf_diag sd = {0};
        if (sf_model_load_scenario_file(argv[optind], scenario, &m, &sd)) {
            print_diag(&sd);
            return 1;
        }
    }
    cli_print_warnings(m, NULL);
    int months_unit = -1;
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
            sf_model_free(m);
            return 2;
        }
    }
    if (!quiet && isatty(STDERR_FILENO))
        ro.progress = progress;
    if (trace && !(ro.trace = fopen(trace, "w"))) {
        fprintf(stderr, "samflyt: cannot write %s: %s\n", trace, strerror(errno));
        sf_model_free(m);
        return 1;
    }

    sf_results *r;
    sf_diag d = {0};
    int failed = sf_run(m, &ro, &r, &d);
    if (ro.trace && fclose(ro.trace) && !failed) {
        fprintf(stderr, "samflyt: error writing %s\n", trace);
        sf_results_free(r);
        failed = -1;
    }
    if (failed) {
        if (failed != -1) {
            if (trace && d.msg[0] && !d.file[0])
                fprintf(stderr, "samflyt run: %s\n", d.msg);
            else
                print_diag(&d);
        }
        sf_model_free(m);
        return 1;
    }
    char dir[4096];
    if (out)
        snprintf(dir, sizeof dir, "%s", out);
    else if (scenario)
        snprintf(dir, sizeof dir, "out/%s-%s", sf_model_name(m), scenario);
    else
        snprintf(dir, sizeof dir, "out/%s", sf_model_name(m));
    int rc = 0;
    if (mkdirs(dir)) {
        fprintf(stderr, "samflyt: cannot create folder %s: %s\n", dir, strerror(errno));
        rc = 1;
    } else {
        rc |= write_file(dir, "results.json", write_json, r, m);
        rc |= write_file(dir, "summary.csv", write_csv, r, m);
        rc |= write_file(dir, "replications.csv", write_reps, r, m);
        rc |= write_file(dir, "by_hour.csv", write_by_hour, r, m);
        rc |= write_file(dir, "by_month.csv", write_by_month, r, m);
        rc |= write_file(dir, "report.html", write_html, r, m);
    }
    if (!quiet) {
        print_summary(r, m);
        cli_print_populations(r);
        cli_print_access(m);
        cli_print_booked(r);
    }
    if (months_unit >= 0)
        print_months(r, m, months_unit);
    if (!quiet) {
        if (!rc)
            printf("\nwrote %s/report.html, results.json, summary.csv, replications.csv, "
                   "by_hour.csv, by_month.csv%s%s\n",
                   dir, trace ? ", " : "", trace ? trace : "");
    }
    sf_results_free(r);
    sf_model_free(m);
    return rc;
}
