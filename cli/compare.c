/* compare.c: `samflyt compare MODEL`: runs the base model and every
 * scenario under `scenarios:` with common random numbers (same seed, same
 * replications), prints each headline indicator's difference to the base
 * with its paired 95 % interval and significance, ranks the scenarios when
 * weights are given, and writes compare.json and compare.csv with every
 * indicator. The statistics live in the library (src/report/compare.c). */
#include "samflyt/compare.h"
#include "cli.h"
#include "outfile.h"
#include "report/html.h"
#include "report/labels.h"
#include "samflyt/samflyt.h"

#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char compare_usage[] =
    "usage: samflyt compare MODEL [options]\n\n"
    "Runs the base model and each of its scenarios with common random numbers and\n"
    "reports every indicator's difference to the base with a paired 95 % interval.\n\n"
    "  -r, --replications N  replications per variant, >= 2 (default: the model's)\n"
    "  -t, --threads N       worker threads (default 1); results do not depend on it\n"
    "  -s, --seed S          seed (default: the model's)\n"
    "      --csv excel|plain CSV files for a Nordic Excel (; decimal comma, BOM, CRLF)\n"
    "  -o, --out DIR         output folder (default out/<model name>-compare)\n"
    "  -w, --weights SPEC    rank the variants: unit.metric=weight:worst:best,... such\n"
    "                        as gp-office.appt_days_mean=3:14d:0d (swing weight between\n"
    "                        two levels); replaces the model's weights: trade-offs, its\n"
    "                        targets still apply (docs/compare.md, \"Ranking\")\n"
    "  -q, --quiet           no table, no progress bar\n"
    "      --trace FILE      write every stay of one replication of the BASE model as\n"
    "                        stays CSV (docs/trace.md)\n"
    "      --trace-rep K     the replication to trace, 1..N (default 1)\n"
    "      --trace-tz Z      zone of the trace's times (default Europe/Oslo)\n"
    "      --allow-deadlock  when replications deadlock, compare the others instead of\n"
    "                        failing (a pair is left out where either deadlocked)\n"
    "      --lang en|nb|sv   language of report.html and of the table's indicator\n"
    "                        names (default en)\n\n"
    "Writes DIR/report.html (one page for people: the ranking and each difference\n"
    "with its interval), DIR/compare.csv (one row per scenario, unit and metric),\n"
    "DIR/compare.json (the same with each replication's difference, and the ranking)\n"
    "and DIR/ranking.csv (one row per variant in rank order).\n"
    "The files replace the previous ones only when all were written; an output that\n"
    "is an input is refused.\n";

static void print_diag(const sf_diag *d) {
    char buf[1200];
    sf_diag_format(d, buf, sizeof buf);
    fprintf(stderr, "%s\n", buf);
}

/* ---- progress: one bar over all variants, on a terminal only ------------- */

typedef struct progress_state {
    int variant, nvariants;
} progress_state;

static void progress(void *user, int done, int total) {
    const progress_state *s = user;
    double share = ((double)s->variant + (total ? (double)done / total : 1)) / s->nvariants;
    int width = 30, fill = (int)(share * width);
    fprintf(stderr, "\r  [%.*s%*s] %5.1f %% of %d variants", fill, "##############################",
            width - fill, "", 100 * share, s->nvariants);
    if (s->variant == s->nvariants - 1 && done == total)
        fputs("\r\033[K", stderr);
    fflush(stderr);
}

/* ---- the table ------------------------------------------------------------ */

/* Shown on the terminal; the files hold every metric. Metrics that other
 * parts of samflyt add are shown when their name starts with one of the
 * prefixes (days to appointment, continuity, travel). */
static int headline(sf_metric m) {
    static const char *const exact[] = {"wait_mean",   "wait_p90",          "los_mean",
                                        "utilisation", "turned_away_share", "blocked_bed_days",
                                        NULL};
    static const char *const prefix[] = {
        "days_to",         "appt_days_mean", "tnaa",           "upc", "travel", "continuity",
        "response_within", "response_urban", "response_rural", NULL};
    const char *n = sf_metric_name(m);
    for (int i = 0; exact[i]; i++)
        if (!strcmp(n, exact[i]))
            return 1;
    for (int i = 0; prefix[i]; i++)
        if (!strncmp(n, prefix[i], strlen(prefix[i])))
            return 1;
    return 0;
}

/* How a metric's values are shown: multiply by k, dec decimals, then the
 * suffix. Hours become minutes, hours or days by the size of ref. */
typedef struct shown_unit {
    double k;
    int dec;
    const char *suffix;
} shown_unit;

static shown_unit unit_for(sf_metric m, double ref) {
    const char *u = sf_metric_unit(m);
    if (!strcmp(u, "h"))
        return ref < 2    ? (shown_unit){60, 1, " min"}
               : ref < 48 ? (shown_unit){1, 1, " h"}
                          : (shown_unit){1.0 / 24, 1, " d"};
    if (!strcmp(u, "share"))
        return (shown_unit){100, 1, " %"};
    if (!strcmp(u, "days"))
        return (shown_unit){1, 2, " d"};
    if (!strcmp(u, "min"))
        return (shown_unit){1, 1, " min"};
    return (shown_unit){1, 2, ""};
}

/* A value in the metric's unit, as a planner reads it. */
static void fmt(char *buf, size_t n, double v, sf_metric m) {
    if (isnan(v)) {
        snprintf(buf, n, "-");
        return;
    }
    shown_unit su = unit_for(m, fabs(v));
    snprintf(buf, n, "%.*f%s", su.dec, v * su.k, su.suffix);
}

/* The difference and its half-width, in the unit chosen for the difference:
 * "+1.2±0.3 min". */
static void fmt_diff(char *buf, size_t n, const sf_diff *d, sf_metric m) {
    shown_unit su = unit_for(m, fabs(d->diff));
    if (!strcmp(sf_metric_unit(m), "share"))
        su.dec = 2; /* differences of shares are often fractions of a point */
    const char *plus = d->diff > 0 ? "+" : "";
    if (isnan(d->half))
        snprintf(buf, n, "%s%.*f%s", plus, su.dec, d->diff * su.k, su.suffix);
    else
        snprintf(buf, n, "%s%.*f±%.*f%s", plus, su.dec, d->diff * su.k, su.dec, d->half * su.k,
                 su.suffix);
}

/* The ranking (docs/compare.md, "Ranking"): the criteria, then one row
 * per variant in rank order with what decided its place. */
static void print_ranking(const sf_compare *c) {
    int nv = sf_compare_variant_count(c), nk = sf_compare_weight_count(c);
    printf("\nranking: targets first, then value (0 = every weighted indicator at its worst "
           "level, 100 = at its best)\n%-34s %10s %10s %6s  %s\n",
           "indicator", "worst", "best", "weight", "target");
    for (int k = 0; k < nk; k++) {
        int u;
        sf_metric m;
        sf_compare_weight(c, k, &u, &m);
        sf_criterion q = sf_compare_criterion(c, k);
        char name[200], wo[40] = "-", be[40] = "-", wt[40] = "-", tg[100] = "", t1[40], t2[40];
        snprintf(name, sizeof name, "%s.%s", sf_compare_unit_name(c, u), sf_metric_name(m));
        if (q.w > 0) {
            fmt(wo, sizeof wo, q.worst, m);
            fmt(be, sizeof be, q.best, m);
            snprintf(wt, sizeof wt, "%g", q.w);
        }
        fmt(t1, sizeof t1, q.tmax, m);
        fmt(t2, sizeof t2, q.tmin, m);
        if (!isnan(q.tmax) && !isnan(q.tmin))
            snprintf(tg, sizeof tg, "%s to %s", t2, t1);
        else if (!isnan(q.tmax))
            snprintf(tg, sizeof tg, "<= %s", t1);
        else if (!isnan(q.tmin))
            snprintf(tg, sizeof tg, ">= %s", t2);
        if (tg[0])
            printf("%-34s %10s %10s %6s  %s\n", name, wo, be, wt, tg);
        else
            printf("%-34s %10s %10s %6s\n", name, wo, be, wt);
    }
    /* rank order, then value */
    int order[256], n = nv < 256 ? nv : 256;
    for (int v = 0; v < n; v++)
        order[v] = v;
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0; j--) {
            sf_rank_row a = sf_compare_rank(c, order[j - 1]), b = sf_compare_rank(c, order[j]);
            if (a.rank < b.rank || (a.rank == b.rank && a.value >= b.value))
                break;
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    printf("%4s  %-20s %7s %16s %8s  %s\n", "rank", "variant", "value", "vs base", "best in",
           "verdict");
    for (int i = 0; i < n; i++) {
        int v = order[i];
        sf_rank_row r = sf_compare_rank(c, v);
        char vb[60] = "", bi[20] = "-", verdict[600];
        if (v > 0)
            snprintf(vb, sizeof vb, "%+.2f±%.2f", r.vs_base.diff, r.vs_base.half);
        if (r.meets || !sf_compare_rank(c, order[0]).meets)
            snprintf(bi, sizeof bi, "%.0f %%", 100 * r.first);
        size_t o = 0;
        if (r.meets)
            o += (size_t)snprintf(verdict, sizeof verdict, "%smeets all targets",
                                  r.rank == 1 ? "best value; " : "");
        else {
            int u;
            sf_metric m;
            sf_compare_weight(c, r.missed, &u, &m);
            sf_criterion q = sf_compare_criterion(c, r.missed);
            char mean[40], bound[40], t[40];
            fmt(mean, sizeof mean, r.missed_mean, m);
            fmt(bound, sizeof bound, r.missed_bound, m);
            fmt(t, sizeof t, isnan(q.tmax) ? q.tmin : q.tmax, m);
            o += (size_t)snprintf(verdict, sizeof verdict,
                                  "misses target %s.%s %s %s (mean %s, 95 %% bound %s)",
                                  sf_compare_unit_name(c, u), sf_metric_name(m),
                                  isnan(q.tmax) ? ">=" : "<=", t, mean, bound);
        }
        /* Not separated by a test: "tied with" those of the same rank, "not
         * distinguishable from" those of another (the relation is not
         * transitive, so both can happen). */
        for (int same = 1; same >= 0; same--) {
            int ties = 0;
            for (int j = 0; j < nv && o < sizeof verdict; j++) {
                sf_rank_row b = sf_compare_rank(c, j);
                if (j == v || b.meets != r.meets || (b.rank == r.rank) != same ||
                    sf_compare_better(c, j, v) || sf_compare_better(c, v, j))
                    continue;
                o += (size_t)snprintf(verdict + o, sizeof verdict - o, "%s%s",
                                      ties++ ? ", "
                                      : same ? "; tied with "
                                             : "; not distinguishable from ",
                                      sf_compare_variant_name(c, j));
            }
        }
        printf("%4d  %-20s %7.2f %16s %8s  %s\n", r.rank, sf_compare_variant_name(c, v), r.value,
               vb, bi, verdict);
    }
    /* A mean beyond the stated levels scores below 0 or above 1 there:
     * the planner should know the levels do not span the variants. */
    for (int k = 0; k < nk; k++) {
        int u;
        sf_metric m;
        sf_compare_weight(c, k, &u, &m);
        sf_criterion q = sf_compare_criterion(c, k);
        for (int v = 0; q.w > 0 && v < nv; v++) {
            sf_diff d = sf_compare_diff(c, v ? v : 1, u, m);
            double x = v ? d.value : d.base, t = (x - q.worst) / (q.best - q.worst);
            if (!(t < 0 || t > 1))
                continue;
            char a[40], lv[40];
            fmt(a, sizeof a, x, m);
            fmt(lv, sizeof lv, t < 0 ? q.worst : q.best, m);
            printf("note: %s's %s.%s (%s) is beyond the %s level (%s): it scores %s there; "
                   "widen the levels if it should not\n",
                   sf_compare_variant_name(c, v), sf_compare_unit_name(c, u), sf_metric_name(m), a,
                   t < 0 ? "worst" : "best", lv, t < 0 ? "below 0" : "above 1");
        }
    }
    printf("a target is met when the 95 %% interval of the mean lies within it; ranks differ "
           "only\nwhere the value difference is significant (paired t-test, Bonferroni over "
           "%d pairs);\ntied: not distinguishable with %d replications. best in: share of "
           "replications with\nthe highest value among the variants that meet all targets\n",
           sf_compare_pairs(c), sf_compare_replications(c));
}

static void print_table(const sf_compare *c, const char *model, sf_lang l) {
    int nv = sf_compare_variant_count(c);
    printf("\n%s: base and %d scenario%s, %d replications each with common random numbers\n"
           "difference = scenario - base: mean ± 95 %% CI half-width over paired replications\n"
           "*  the interval excludes 0;  ** also significant after Bonferroni over all %d "
           "differences\n",
           model, nv - 1, nv == 2 ? "" : "s", sf_compare_replications(c), sf_compare_tests(c));
    /* the unit column fits the longest name (pop:cabin-guests), 14 to 30 */
    int w = 14;
    for (int u = 0; u < sf_compare_unit_count(c); u++) {
        int len = (int)strlen(sf_compare_unit_name(c, u));
        w = len > w ? (len < 30 ? len : 30) : w;
    }
    for (int v = 1; v < nv; v++) {
        printf("\nscenario %s\n%-*s %-34s %14s %14s %20s\n", sf_compare_variant_name(c, v), w,
               "unit", "indicator", "base", "scenario", "difference");
        int same = 0, shown = 0;
        for (int u = 0; u < sf_compare_unit_count(c); u++)
            for (int m = 0; m < SF_M_COUNT; m++) {
                if (!headline((sf_metric)m))
                    continue;
                sf_diff d = sf_compare_diff(c, v, u, (sf_metric)m);
                if (isnan(d.base) && isnan(d.value))
                    continue;
                if (d.n >= 2 && d.diff == 0 && d.sd == 0) {
                    same++;
                    continue;
                }
                char a[40], b[40], x[100];
                fmt(a, sizeof a, d.base, (sf_metric)m);
                fmt(b, sizeof b, d.value, (sf_metric)m);
                fmt_diff(x, sizeof x, &d, (sf_metric)m);
                /* the name padded by characters, not bytes (å, ø) */
                const char *name = sf_metric_label((sf_metric)m, l);
                int pad = 34;
                for (const unsigned char *p = (const unsigned char *)name; *p; p++)
                    pad += (*p & 0xC0) == 0x80;
                printf("%-*s %-*s %14s %14s %20s %s\n", w, sf_compare_unit_name(c, u), pad, name, a,
                       b, d.n ? x : "(not in both)",
                       d.bonferroni    ? "**"
                       : d.significant ? "*"
                                       : "");
                shown++;
            }
        if (same)
            printf("(%d indicator%s identical in every replication not shown)\n", same,
                   same == 1 ? "" : "s");
        else if (!shown)
            puts("(no indicators)");
    }
    if (sf_compare_weight_count(c))
        print_ranking(c);
}

/* Stages compare.csv, compare.json and report.html in dir; 0, or 1 after
 * a message. */
static int write_folder(cli_outset *set, const char *dir, const sf_compare *c, const char *model,
                        const sf_model *base, sf_lang l) {
    if (cli_outset_mkdir(set, dir))
        return 1;
    FILE *f;
    int err = 0;
    const char *name = "compare.csv";
    if (!(f = cli_outset_add(set, dir, name)) || (err = sf_compare_write_csv(c, f)))
        goto fail;
    name = "compare.json";
    if (!(f = cli_outset_add(set, dir, name)) || (err = sf_compare_write_json(c, f)))
        goto fail;
    name = "ranking.csv";
    if (!(f = cli_outset_add(set, dir, name)) || (err = sf_compare_write_ranking_csv(c, f)))
        goto fail;
    name = "report.html";
    if (!(f = cli_outset_add(set, dir, name)) ||
        (err = sf_compare_write_report(c, model, base, l, f)))
        goto fail;
    return 0;
fail:
    if (f && !ferror(f)) /* a write error is reported, with its reason, by the commit */
        fprintf(stderr, "samflyt compare: cannot write %s/%s: %s\n", dir, name, sf_strerror(err));
    return f && ferror(f) ? 0 : 1;
}

int cli_compare(int argc, char **argv) {
    static const struct option opts[] = {
        {"replications", required_argument, 0, 'r'}, {"threads", required_argument, 0, 't'},
        {"seed", required_argument, 0, 's'},         {"out", required_argument, 0, 'o'},
        {"weights", required_argument, 0, 'w'},      {"quiet", no_argument, 0, 'q'},
        {"trace", required_argument, 0, 'T'},        {"trace-rep", required_argument, 0, 'K'},
        {"allow-deadlock", no_argument, 0, 'D'},     {"trace-tz", required_argument, 0, 'Z'},
        {"lang", required_argument, 0, 'L'},         {"help", no_argument, 0, 'h'},
        {"csv", required_argument, 0, CLI_OPT_CSV},  {0, 0, 0, 0}};
    sf_run_opts ro = {0};
    sf_lang lang = SF_LANG_EN;
    const char *out = NULL, *weights = NULL, *trace = NULL;
    FILE *trace_f = NULL;
    int quiet = 0, trace_rep = 0, allow_deadlock = 0, ndead = 0, c;
    optind = 1;
    int csv_excel = 0;
    while ((c = getopt_long(argc, argv, "r:t:s:o:w:qh", opts, NULL)) != -1) {
        switch (c) {
        case CLI_OPT_CSV:
            if (cli_csv_option("samflyt compare", optarg, &csv_excel))
                return 2;
            break;
        case 'o': out = optarg; break;
        case 'D': allow_deadlock = 1; break;
        case 'w': weights = optarg; break;
        case 'q': quiet = 1; break;
        case 'T': trace = optarg; break;
        case 'L':
            if (sf_lang_parse(optarg, &lang)) {
                fprintf(stderr, "samflyt compare: --lang %s: the languages are en, nb and sv\n",
                        optarg);
                return 2;
            }
            break;
        case 'h': fputs(compare_usage, stdout); return 0;
        default: {
            if (c == '?')
                cli_suggest_option("compare", argv, opts);
            trace_rep |= c == 'K';
            int rc = cli_sim_option("compare", c, optarg, 2, &ro);
            if (rc < 0) {
                fputs(compare_usage, stderr);
                return 2;
            }
            if (rc)
                return rc;
        }
        }
    }
    if (optind != argc - 1) {
        fputs(compare_usage, stderr);
        return 2;
    }
    if (trace_rep && !trace) {
        fputs("samflyt compare: --trace-rep needs --trace FILE (the file to write the stays "
              "to)\n",
              stderr);
        return 2;
    }
    const char *path = argv[optind];
    /* Everything is checked before anything is written: no output may be
     * the model, and the traced replication must be one that runs. */
    static const char *const out_names[] = {"compare.csv", "compare.json", "ranking.csv",
                                            "report.html", NULL};
    cli_outset *set = cli_outset_new("samflyt compare");
    if (!set)
        return 1;
    cli_outset_csv_excel(set, csv_excel);
    cli_outset_input(set, path);
    if ((trace && cli_outset_check(set, trace)) ||
        (out && cli_outset_check_dir(set, out, out_names))) {
        cli_outset_free(set);
        return 2;
    }
    sf_diag d = {0};
    sf_model *base;
    int lerr = sf_model_load_file(path, &base, &d);
    if (lerr) {
        cli_diag_default(&d, lerr);
        print_diag(&d);
        cli_outset_free(set);
        return 1;
    }
    cli_print_warnings(base, NULL);
    int nv = 1 + sf_model_scenario_count(base);
    if (nv == 1) {
        fprintf(stderr,
                "%s: the model has no scenarios to compare; add some under 'scenarios:', such "
                "as scenarios: {more-kad: {units.kad.beds: 8}} (docs/model.md)\n",
                path);
        sf_model_free(base);
        cli_outset_free(set);
        return 1;
    }
    if (!ro.replications && sf_model_replications(base) < 2) {
        fprintf(stderr,
                "%s: the model has 1 replication; a paired comparison needs at least 2 (use "
                "--replications)\n",
                path);
        sf_model_free(base);
        cli_outset_free(set);
        return 1;
    }
    int reps = ro.replications ? ro.replications : sf_model_replications(base);
    if (trace && ro.trace_rep >= reps) {
        fprintf(stderr,
                "samflyt compare: --trace-rep %d: the run has %d replications; choose 1..%d\n",
                ro.trace_rep + 1, reps, reps);
        sf_model_free(base);
        cli_outset_free(set);
        return 2;
    }
    char dir[PATH_MAX];
    if (out) {
        snprintf(dir, sizeof dir, "%s", out);
    } else {
        /* named after the model: never a path of its own */
        char name[256];
        cli_safe_name(name, sizeof name, sf_model_name(base));
        snprintf(dir, sizeof dir, "out/%s-compare", name);
        if (cli_outset_check_dir(set, dir, out_names)) {
            sf_model_free(base);
            cli_outset_free(set);
            return 2;
        }
    }
    sf_model **models = calloc((size_t)nv, sizeof *models);
    sf_results **res = calloc((size_t)nv, sizeof *res);
    const char **names = calloc((size_t)nv, sizeof *names);
    int rc = 1;
    sf_compare *cmp = NULL;
    if (!models || !res || !names) {
        fputs("samflyt: out of memory\n", stderr);
        goto done;
    }
    models[0] = base;
    names[0] = "base";
    for (int i = 1; i < nv; i++) {
        names[i] = sf_model_scenario_name(base, i - 1);
        if ((lerr = sf_model_load_scenario_file(path, names[i], &models[i], &d))) {
            cli_diag_default(&d, lerr);
            print_diag(&d);
            goto done;
        }
        cli_print_warnings(models[i], base);
    }
    /* Bad weights are said before minutes of simulation, not after. */
    if (sf_compare_check_weights((const sf_model *const *)models, nv, weights, &d)) {
        char buf[1200];
        sf_diag_format(&d, buf, sizeof buf);
        fprintf(stderr, "samflyt compare: %s\n", buf[0] == ':' ? buf + 2 : buf);
        rc = weights ? 2 : 1;
        goto done;
    }
    /* Common random numbers need one seed and one set of replications for
     * all variants: the base's (or the options'), whatever a scenario says. */
    if (!ro.replications)
        ro.replications = sf_model_replications(base);
    if (!ro.has_seed) {
        ro.seed = sf_model_seed(base);
        ro.has_seed = 1;
    }
    for (int i = 1; i < nv; i++)
        if (sf_model_seed(models[i]) != sf_model_seed(base) ||
            sf_model_replications(models[i]) != sf_model_replications(base))
            fprintf(stderr,
                    "samflyt compare: note: scenario '%s' sets its own seed or replications; "
                    "every variant runs with the same (seed %llu, %d replications) so that they "
                    "share random numbers\n",
                    names[i], (unsigned long long)ro.seed, ro.replications);
    progress_state ps = {0, nv};
    if (!quiet && isatty(STDERR_FILENO)) {
        ro.progress = progress;
        ro.progress_user = &ps;
    }
    if (trace && !(trace_f = cli_outset_add(set, NULL, trace)))
        goto done;
    for (int i = 0; i < nv; i++) {
        ps.variant = i;
        ro.trace = i == 0 ? trace_f : NULL; /* the base only */
        int err = sf_run(models[i], &ro, &res[i], &d);
        if (err) {
            /* a trace that could not be written: the reason from the stream */
            if (err == SF_ERR_IO && ro.trace && ferror(ro.trace) &&
                !cli_outset_staged(set, ro.trace))
                goto done;
            fprintf(stderr, "%s: %s: ", path, names[i]);
            if (d.msg[0])
                print_diag(&d);
            else
                fprintf(stderr, "%s\n", sf_strerror(err));
            goto done;
        }
        ndead += cli_print_deadlocks("compare", names[i], res[i]);
    }
    if (ndead && !allow_deadlock) {
        fprintf(stderr,
                "samflyt compare: %d replications deadlocked; nothing written (with "
                "--allow-deadlock: the pairs where neither did)\n",
                ndead);
        goto done;
    }
    int cerr = sf_compare_new((const sf_results *const *)res, names, nv, &cmp, &d);
    if (cerr || (cerr = sf_compare_set_ranking(cmp, weights, base, &d))) {
        cli_diag_default(&d, cerr);
        char buf[1200];
        sf_diag_format(&d, buf, sizeof buf);
        fprintf(stderr, "samflyt compare: %s\n", buf[0] == ':' ? buf + 2 : buf);
        rc = cerr == SF_ERR_ARG ? 2 : 1;
        goto done;
    }
    rc = write_folder(set, dir, cmp, sf_model_name(base), base, lang) || cli_outset_commit(set);
    if (!quiet) {
        print_table(cmp, sf_model_name(base), lang);
        if (ndead)
            printf("\nNOTE: %d replications DEADLOCKED (listed above) and are left out; a "
                   "difference\nuses only the replications where neither variant deadlocked.\n",
                   ndead);
        cli_print_access_changes((const sf_model *const *)models, names, nv);
        cli_print_persons_changes((const sf_results *const *)res, names, nv);
        if (!rc)
            printf("\nwrote %s/report.html, compare.csv, compare.json, ranking.csv%s%s\n", dir,
                   trace ? ", " : "", trace ? trace : "");
    }
done:
    cli_outset_free(set);
    sf_compare_free(cmp);
    for (int i = 0; res && i < nv; i++)
        sf_results_free(res[i]);
    for (int i = 1; models && i < nv; i++)
        sf_model_free(models[i]);
    sf_model_free(base);
    free(models);
    free(res);
    free(names);
    return rc;
}
