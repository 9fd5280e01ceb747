/* sweep.c: `samflyt sweep MODEL` (docs/sweep.md): runs the model over a
 * grid of decision values given by dotted path (--vary), with a cost per
 * unit (--cost) and targets on indicators (--target), and answers with the
 * cheapest configuration that meets every target, the Pareto front of cost
 * against the targeted indicators, and each configuration's estimates.
 *
 * Each configuration is a scenario overlay (the paths and values) added to
 * the model's YAML tree with libfyaml, emitted, and loaded through the
 * public API as that scenario, exactly as `samflyt serve` builds a
 * what-if; every configuration runs with the same seed and replications
 * (common random numbers). Which configuration runs next, and what
 * monotonicity settles without a run, is the library's (report/sweep.h). */
#include "report/sweep.h"
#include "cli.h"
#include "outfile.h"
#include "report/metric_level.h"
#include "samflyt/analytic.h"
#include "samflyt/compare.h"
#include "team.h"

#include <getopt.h>
#include <libfyaml.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char sweep_usage[] =
    "usage: samflyt sweep MODEL [--vary PATH=LO..HI[:STEP] ...] [--target "
    "UNIT.METRIC<=LEVEL ...] [options]\n"
    "Runs the model for every configuration of the decisions (each a scenario overlay by\n"
    "dotted path, all with the same seed: common random numbers) and answers with the\n"
    "cheapest configuration that meets every target (or the best in --minimize/--maximize\n"
    "among those), decided by a sequential procedure with a stated guarantee. Without --vary\n"
    "or --target, the model's decisions: and targets (weights: ... target) are used.\n"
    "  --vary PATH=LO..HI[:STEP]  a decision: whole values LO to HI (by STEP), such as\n"
    "                             units.kad.beds=4..12 (up to 8 decisions)\n"
    "  --vary NAME:PATH[+PATH]=LO..HI  a named decision added to each path (decisions on\n"
    "                             one path add up: gps:...doctors=5..8 locums:...doctors=0..3)\n"
    "  --set PATH=VALUE           a fixed edit of every configuration (a YAML value)\n"
    "  --cost PATH=X              the cost of one unit of a decision (or NAME=X; default 1)\n"
    "  --target 'UNIT.METRIC<=LEVEL'  a target, such as kad.turned_away_share<=5% or\n"
    "                             gp-office.appt_days_p90<=5d (>= for at least; up to 16)\n"
    "  --minimize UNIT.METRIC     the answer: among the configurations that meet every\n"
    "                             target (within --max-cost), the lowest mean of this\n"
    "                             indicator, such as hospital.blocked_bed_days (or --maximize)\n"
    "  --delta X                  with an objective: the smallest difference worth telling\n"
    "                             apart, in its unit (smaller ones are reported as a tie)\n"
    "  --max-cost C               the budget: configurations that cost more are not run\n"
    "  --no-prune                 run the whole grid (default: prune by monotonicity when\n"
    "                             every decision is a capacity and every target improves\n"
    "                             with capacity)\n"
    "  -r, --replications N       replications per configuration (default: the model's)\n"
    "  -s, --seed N               the seed of every configuration (default: the model's)\n"
    "  -t, --threads N            threads over the replications; results are identical\n"
    "      --csv excel|plain      CSV files for a Nordic Excel (; decimal comma, BOM, CRLF)\n"
    "  --fixed                    -r replications each, met when the 95 % interval lies\n"
    "                             within the target (default: the sequential procedure)\n"
    "  --confidence P, --tolerance X  the sequential procedure's guarantee (95%, 10%)\n"
    "  --max-replications N       where it stops an undecided configuration (500)\n"
    "  -o, --out DIR              write DIR/sweep.csv, sweep.json and report.html\n"
    "  -q, --quiet                print only the answer\n"
    "Exit status: 0, 1 when the model does not load or no configuration meets the\n"
    "targets, 2 for a usage error. See docs/sweep.md.\n";

/* Capacities: more of them never makes a wait or a turned-away share
 * worse. The capacity is the path's last segment (units.kad.beds) or the
 * one before a period's name (units.short-term.beds.summer). */
static int is_capacity1(const char *path, size_t len) {
    static const char *const caps[] = {"beds", "servers", "doctors", "vehicles", "places", NULL};
    char buf[256];
    if (len >= sizeof buf)
        return 0; /* not known to be a capacity: no pruning rests on it */
    memcpy(buf, path, len);
    buf[len] = 0;
    path = buf;
    const char *last = strrchr(path, '.');
    last = last ? last + 1 : path;
    for (int i = 0; caps[i]; i++) {
        size_t n = strlen(caps[i]);
        if (!strcmp(last, caps[i]))
            return 1;
        for (const char *p = strstr(path, caps[i]); p; p = strstr(p + 1, caps[i]))
            if ((p == path || p[-1] == '.') && p[n] == '.' && !strchr(p + n + 1, '.'))
                return 1;
    }
    return 0;
}

/* Every path of a decision (PATH+PATH...) is a capacity. */
static int is_capacity(const char *path) {
    for (const char *p = path;;) {
        const char *plus = strchr(p, '+');
        size_t n = plus ? (size_t)(plus - p) : strlen(p);
        if (!is_capacity1(p, n))
            return 0;
        if (!plus)
            return 1;
        p = plus + 1;
    }
}

/* "units.kad.beds" as people read it: "kad beds". */
static void decision_label(const sf_sweep_var *v, char *buf, size_t size) {
    const char *path = v->name[0] ? v->name : v->path;
    if (!v->name[0] && !strncmp(path, "units.", 6))
        path += 6;
    /* cut to the buffer on purpose (a label in a table); copied by hand
     * because gcc -O3 reports snprintf's truncation as an error */
    size_t n = strlen(path);
    if (n >= size)
        n = size - 1;
    memcpy(buf, path, n);
    buf[n] = '\0';
    if (v->name[0])
        return;
    for (char *p = buf; *p; p++)
        if (*p == '.')
            *p = ' ';
}

static void fmt_value(sf_metric m, double x, char *buf, size_t size) {
    const char *u = sf_metric_unit(m);
    if (isnan(x))
        snprintf(buf, size, "-");
    else if (!strcmp(u, "share"))
        snprintf(buf, size, "%.2f %%", 100 * x);
    else if (!strcmp(u, "days"))
        snprintf(buf, size, "%.2f d", x);
    else if (!strcmp(u, "h") || !strcmp(u, "min"))
        snprintf(buf, size, "%.2f %s", x, u);
    else
        snprintf(buf, size, "%.4g", x);
}

/* A --delta in metric m's unit, as an example. */
static const char *level_example(sf_metric m) {
    const char *u = sf_metric_unit(m);
    if (!strcmp(u, "share"))
        return "0.5% (or 0.005)";
    if (!strcmp(u, "days"))
        return "0.5 (days) or 12h";
    if (!strcmp(u, "h") || !strcmp(u, "min"))
        return "30m or 2h";
    return "5";
}

static void fmt_interval(sf_metric m, sf_estimate e, char *buf, size_t size) {
    char a[40], lo[40], hi[40];
    fmt_value(m, e.mean, a, sizeof a);
    fmt_value(m, e.lo, lo, sizeof lo);
    fmt_value(m, e.hi, hi, sizeof hi);
    snprintf(buf, size, "%s (%s to %s)", a, lo, hi);
}

/* The model's YAML tree with one scenario whose overlay the sweep
 * rewrites for each configuration. */
/* Fixed edits of every configuration (--set PATH=VALUE). */
typedef struct sweep_set {
    char path[256];
    const char *value; /* YAML, such as 990 or {from: 01-01, to: 06-18} */
} sweep_set;

typedef struct overlay {
    const sweep_set *sets;
    int nsets;
    struct fy_document *doc;
    struct fy_node *scenarios, *key;
    char name[64];
} overlay;

static int overlay_open(overlay *o, const char *path, const sf_model *base) {
    memset(o, 0, sizeof *o);
    o->doc = fy_document_build_from_file(NULL, path);
    struct fy_node *root = o->doc ? fy_document_root(o->doc) : NULL;
    if (!root || fy_node_get_type(root) != FYNT_MAPPING)
        return -1;
    snprintf(o->name, sizeof o->name, "sweep");
    for (int k = 2, clash = 1; clash; k++) {
        clash = 0;
        for (int i = 0; i < sf_model_scenario_count(base); i++)
            clash |= strcmp(sf_model_scenario_name(base, i), o->name) == 0;
        if (clash)
            snprintf(o->name, sizeof o->name, "sweep-%d", k);
    }
    o->scenarios = fy_node_mapping_lookup_by_string(root, "scenarios", FY_NT);
    if (!o->scenarios) {
        struct fy_node *k = fy_node_create_scalar(o->doc, "scenarios", FY_NT);
        o->scenarios = fy_node_create_mapping(o->doc);
        if (!k || !o->scenarios || fy_node_mapping_append(root, k, o->scenarios))
            return -1;
    }
    return fy_node_get_type(o->scenarios) == FYNT_MAPPING ? 0 : -1;
}

static int add_edit(overlay *o, struct fy_node *map, const char *path, size_t len,
                    struct fy_node *value) {
    char p[256];
    snprintf(p, sizeof p, "%.*s", (int)len, path);
    struct fy_node *pk = fy_node_create_scalar_copy(o->doc, p, FY_NT);
    return !pk || !value || fy_node_mapping_append(map, pk, value);
}

/* The model text with the fixed edits sets[0..nsets) and the decisions
 * vars[0..nvars) at vals as the scenario (malloc'd). A decision of
 * several paths (PATH+PATH) sets each; decisions on the same path add up. */
static char *overlay_text(overlay *o, const sf_sweep_var *vars, int nvars, const int *vals) {
    const sweep_set *sets = o->sets;
    int nsets = o->nsets;
    if (o->key) {
        fy_node_free(fy_node_mapping_remove_by_key(o->scenarios, o->key));
        o->key = NULL;
    }
    struct fy_node *map = fy_node_create_mapping(o->doc);
    struct fy_node *key = fy_node_create_scalar_copy(o->doc, o->name, FY_NT);
    if (!map || !key)
        return NULL;
    for (int i = 0; i < nsets; i++)
        if (add_edit(o, map, sets[i].path, strlen(sets[i].path),
                     fy_node_build_from_string(o->doc, sets[i].value, FY_NT)))
            return NULL;
    /* each distinct path once, with the sum of the decisions that set it */
    enum { MAXP = 4 * SF_SWEEP_MAX_VARS };
    const char *ps[MAXP];
    size_t pl[MAXP];
    long sum[MAXP];
    int np = 0;
    for (int k = 0; k < nvars; k++)
        for (const char *p = vars[k].path;;) {
            const char *plus = strchr(p, '+');
            size_t n = plus ? (size_t)(plus - p) : strlen(p);
            int j = 0;
            while (j < np && !(pl[j] == n && !strncmp(ps[j], p, n)))
                j++;
            if (j == np && np < MAXP) {
                ps[np] = p;
                pl[np] = n;
                sum[np++] = 0;
            }
            if (j < np)
                sum[j] += vals[k];
            if (!plus)
                break;
            p = plus + 1;
        }
    for (int j = 0; j < np; j++) {
        char v[32];
        snprintf(v, sizeof v, "%ld", sum[j]);
        if (add_edit(o, map, ps[j], pl[j], fy_node_create_scalar_copy(o->doc, v, FY_NT)))
            return NULL;
    }
    /* the lookup key is a copy: the mapping owns the one appended */
    if (fy_node_mapping_append(o->scenarios, key, map))
        return NULL;
    o->key = fy_node_create_scalar_copy(o->doc, o->name, FY_NT);
    return o->key ? fy_emit_document_to_string(o->doc, FYECF_DEFAULT) : NULL;
}

/* A decision of the model file, alone at its lowest value, loads: else
 * the message points at the decision in the file. 0, or 1 after it. */
static int check_decision(overlay *o, const char *path, const sf_sweep_var *v) {
    char *text = overlay_text(o, v, 1, &v->lo);
    if (!text) {
        fprintf(stderr, "samflyt sweep: out of memory\n");
        return 1;
    }
    sf_diag d = {0};
    sf_model *m = NULL;
    int err = sf_model_load_scenario_buffer(path, text, strlen(text), o->name, &m, &d);
    free(text);
    sf_model_free(m);
    if (!err)
        return 0;
    cli_diag_default(&d, err);
    fprintf(stderr, "%s:%d:%d: decisions: %s at %d: %s\n", path, v->line, v->col, v->path, v->lo,
            d.msg);
    return 1;
}

static void config_label(const sf_sweep *s, const sf_sweep_var *vars, int nvars, long c, char *buf,
                         size_t size) {
    size_t o = 0;
    buf[0] = '\0';
    for (int k = 0; k < nvars && o < size; k++) {
        char l[280];
        decision_label(&vars[k], l, sizeof l);
        o += (size_t)snprintf(buf + o, size - o, "%s%s %d", k ? ", " : "", l,
                              sf_sweep_value(s, c, k));
    }
}

/* Runs replications first .. first + count - 1 of configuration cfg and
 * puts the targets' values in x (count rows of nt). 0, or 1 after a
 * message. */
static int run_work(const sf_sweep *s, overlay *o, const char *path, const sf_sweep_var *vars,
                    int nvars, const sf_sweep_target *t, int nt, long cfg, int first, int count,
                    const sf_run_opts *base_ro, double *x) {
    char label[600];
    config_label(s, vars, nvars, cfg, label, sizeof label);
    int vals[SF_SWEEP_MAX_VARS];
    for (int k = 0; k < nvars; k++)
        vals[k] = sf_sweep_value(s, cfg, k);
    char *text = overlay_text(o, vars, nvars, vals);
    if (!text) {
        fprintf(stderr, "samflyt sweep: out of memory\n");
        return 1;
    }
    sf_diag d = {0};
    sf_model *m = NULL;
    sf_results *r = NULL;
    sf_run_opts ro = *base_ro;
    ro.first_rep = first;
    ro.replications = count;
    int err = sf_model_load_scenario_buffer(path, text, strlen(text), o->name, &m, &d);
    free(text);
    if (!err)
        err = sf_run(m, &ro, &r, &d);
    if (err) {
        cli_diag_default(&d, err);
        /* the position would point into the emitted text, not the file */
        fprintf(stderr, "samflyt sweep: %s: %s: %s\n", path, label, d.msg);
        sf_model_free(m);
        return 1;
    }
    cli_print_deadlocks("sweep", label, r);
    int nu = sf_results_unit_count(r), ncol = sf_sweep_columns(s);
    for (int k = 0; k < ncol; k++) {
        /* the objective's column comes after the targets' */
        const sf_sweep_target *tk = k < nt ? &t[k] : sf_sweep_objective(s);
        int u = !strcmp(tk->unit, "network") ? nu : -1;
        for (int i = 0; i < nu && u < 0; i++)
            if (!strcmp(sf_results_unit_name(r, i), tk->unit))
                u = i;
        if (u < 0) {
            fprintf(stderr, "samflyt sweep: %s '%s': no unit '%s' in configuration %s; units:",
                    k < nt ? "target" : "objective", tk->shown, tk->unit, label);
            for (int i = 0; i < nu; i++)
                fprintf(stderr, "%s %s", i ? "," : "", sf_results_unit_name(r, i));
            fputs(", network\n", stderr);
            sf_results_free(r);
            sf_model_free(m);
            return 1;
        }
        for (int i = 0; i < count; i++)
            x[(size_t)i * (size_t)ncol + (size_t)k] =
                tk->month >= 0 ? sf_results_by_month_value(r, i, u, tk->month, tk->by)
                               : sf_results_value(r, i, u, tk->metric);
    }
    sf_results_free(r);
    sf_model_free(m);
    return 0;
}

/* Erlang B inverted in the load: the a with B(c, a) = b (B rises with a). */
static double erlang_b_load(int c, double b) {
    double lo = 0, hi = 1;
    while (sf_erlang_b(c, hi) < b && hi < 1e9)
        hi *= 2;
    for (int i = 0; i < 100; i++) {
        double mid = (lo + hi) / 2;
        if (sf_erlang_b(c, mid) < b)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

/* Seeds the search with the analytic layer: for a decision units.U.beds
 * with a target U.turned_away_share <= q, the first configuration that
 * settled gives the offered load a by inverting Erlang B at its beds, and
 * the Erlang-B rule (the smallest c with B(c, a) <= q) is where the search
 * looks next. Only the order of the search changes, never a verdict. */
static void seed_from_erlang(sf_sweep *s, const sf_sweep_var *vars, int nvars,
                             const sf_sweep_target *t, int nt) {
    long first = -1;
    for (long c = 0; c < sf_sweep_size(s) && first < 0; c++)
        if (sf_sweep_ran(s, c))
            first = c;
    if (first < 0)
        return;
    for (int k = 0; k < nvars; k++) {
        const char *p = vars[k].path;
        size_t n = strlen(p);
        if (strncmp(p, "units.", 6) || n < 12 || strcmp(p + n - 5, ".beds"))
            continue;
        for (int j = 0; j < nt; j++) {
            size_t un = strlen(t[j].unit);
            if (t[j].metric != SF_M_REJECT_SHARE || !t[j].upper || un != n - 11 ||
                strncmp(p + 6, t[j].unit, un))
                continue;
            double b = sf_sweep_estimate(s, first, j).mean;
            int c = sf_sweep_value(s, first, k);
            if (!(b > 0 && b < 1) || c < 1)
                continue;
            int want = sf_size_erlang_b(erlang_b_load(c, b), t[j].bound);
            if (want >= 0)
                sf_sweep_set_hint(s, k, want);
        }
    }
}

/* A piece of a work item, run by one process. */
typedef struct chunk {
    long item;
    int first, count;
    size_t row; /* its first row in the stage's values */
    int owner;
} chunk;

/* Spreads the items over the team: each item in at most size pieces, the
 * pieces dealt round. Returns the number of chunks (room: nw * size). */
static long deal(const sf_sweep_work *w, long nw, const team *tm, chunk *ch) {
    long n = 0;
    size_t row = 0;
    for (long i = 0; i < nw; i++) {
        int pieces = w[i].count < tm->size ? w[i].count : tm->size;
        for (int p = 0, done = 0; p < pieces; p++) {
            int cnt = w[i].count / pieces + (p < w[i].count % pieces);
            ch[n] = (chunk){i, w[i].first + done, cnt, row, (int)(n % tm->size)};
            row += (size_t)cnt;
            done += cnt;
            n++;
        }
    }
    return n;
}

/* Every process gets every chunk's rows (x, nt a row): each sends its
 * own, in chunk order. The values are copied, never combined, so they are
 * the same bits whoever ran them. */
static int share(const chunk *ch, long nch, int nt, const team *tm, double *x) {
    if (!tm->ops || tm->size < 2)
        return 0;
    int *cnt = calloc((size_t)tm->size, sizeof *cnt);
    int *disp = calloc((size_t)tm->size, sizeof *disp);
    int *at = calloc((size_t)tm->size, sizeof *at);
    size_t mine = 0, total = 0;
    for (long i = 0; i < nch && cnt; i++) {
        cnt[ch[i].owner] += ch[i].count * nt;
        total += (size_t)ch[i].count;
        if (ch[i].owner == tm->rank)
            mine += (size_t)ch[i].count;
    }
    double *send = malloc((mine ? mine : 1) * (size_t)nt * sizeof *send);
    double *recv = malloc((total ? total : 1) * (size_t)nt * sizeof *recv);
    int bad = !cnt || !disp || !at || !send || !recv;
    /* every process calls the collective, even one short of memory */
    size_t o = 0;
    if (!bad) {
        for (int r = 1; r < tm->size; r++)
            disp[r] = disp[r - 1] + cnt[r - 1];
        for (long i = 0; i < nch; i++)
            if (ch[i].owner == tm->rank) {
                memcpy(send + o, x + ch[i].row * (size_t)nt,
                       (size_t)ch[i].count * (size_t)nt * sizeof *x);
                o += (size_t)ch[i].count * (size_t)nt;
            }
    }
    if (tm->ops->max(bad) || tm->ops->allgatherv(send, (int)o, recv, cnt, disp))
        bad = 1;
    for (long i = 0; !bad && i < nch; i++) {
        int r = ch[i].owner;
        memcpy(x + ch[i].row * (size_t)nt, recv + disp[r] + at[r],
               (size_t)ch[i].count * (size_t)nt * sizeof *x);
        at[r] += ch[i].count * nt;
    }
    free(at);
    free(cnt);
    free(disp);
    free(send);
    free(recv);
    return bad;
}

/* 1 when any process says 1. */
static int any(int v, const team *tm) { return tm->ops && tm->size > 1 ? tm->ops->max(v) : v; }

/* The search: the procedure says what to run, the team runs it and every
 * process hands the same values to the procedure. 0, or 1 after a message
 * (from the process that met the problem). */
static int search(sf_sweep *s, overlay *o, const char *path, const sf_sweep_var *vars, int nvars,
                  const sf_sweep_target *t, int nt, const sf_run_opts *ro, int prune,
                  const team *tm) {
    long n = sf_sweep_size(s);
    int nc = sf_sweep_columns(s); /* values a replication: the targets', the objective's */
    sf_sweep_work *w = malloc((size_t)n * sizeof *w);
    chunk *ch = malloc((size_t)n * (size_t)tm->size * sizeof *ch);
    double *x = NULL;
    int rc = !w || !ch;
    /* Running ahead only saves waiting: the procedure takes one
     * observation at a time whatever ran, so no result depends on it. */
    int ahead = 2 * (ro->threads > 1 ? ro->threads : 1) * tm->size;
    while (!rc) {
        if ((rc = sf_sweep_advance(s) != SF_OK))
            break;
        if (prune && !sf_sweep_hinted(s))
            seed_from_erlang(s, vars, nvars, t, nt);
        long nw = sf_sweep_plan(s, ahead, w);
        if (nw <= 0) {
            rc = nw < 0;
            break;
        }
        long nch = deal(w, nw, tm, ch);
        size_t rows = ch[nch - 1].row + (size_t)ch[nch - 1].count;
        free(x);
        if (!(x = malloc(rows * (size_t)nc * sizeof *x))) {
            rc = 1;
            break;
        }
        for (long i = 0; i < nch && !rc; i++)
            if (ch[i].owner == tm->rank)
                rc = run_work(s, o, path, vars, nvars, t, nt, w[ch[i].item].cfg, ch[i].first,
                              ch[i].count, ro, x + ch[i].row * (size_t)nc);
        if ((rc = any(rc, tm)) || (rc = any(share(ch, nch, nc, tm, x), tm)))
            break;
        for (long i = 0, row = 0; i < nw && !rc; row += w[i].count, i++)
            rc = sf_sweep_add(s, w[i].cfg, w[i].first, w[i].count, x + (size_t)row * (size_t)nc) !=
                 SF_OK;
    }
    free(x);
    free(w);
    free(ch);
    return rc;
}

static void print_answer(const sf_sweep *s, const sf_sweep_var *vars, int nvars,
                         const sf_sweep_target *t, int nt) {
    const sf_sweep_target *ob = sf_sweep_objective(s);
    double budget = sf_sweep_max_cost(s);
    long b = sf_sweep_best(s);
    if (b < 0) {
        char within[80] = "";
        if (isfinite(budget))
            snprintf(within, sizeof within, " within the budget (cost at most %.4g)", budget);
        printf("no configuration of the grid meets every target%s (%s); widen the ranges%s or "
               "add replications\n",
               within,
               sf_sweep_fixed(s) ? "95 % intervals within the targets"
                                 : "as the sequential procedure decided",
               isfinite(budget) ? ", raise --max-cost" : "");
        return;
    }
    char label[600];
    config_label(s, vars, nvars, b, label, sizeof label);
    if (ob) {
        char iv[160], dl[40], lb[64];
        fmt_interval(ob->metric, sf_sweep_objective_estimate(s, b), iv, sizeof iv);
        fmt_value(ob->metric, sf_sweep_delta(s), dl, sizeof dl);
        printf("best: %s (cost %.4g): %s %s.%s %s, among %ld configurations%s%s", label,
               sf_sweep_cost(s, b), ob->upper ? "lowest" : "highest", ob->unit,
               sf_sweep_metric_label(ob, lb), iv, sf_sweep_candidates(s),
               nt ? " that meet every target" : "", isfinite(budget) ? " within the budget" : "");
        if (isfinite(budget))
            printf(" (cost at most %.4g)", budget);
        printf(", told apart to %s%s", dl, nt ? ";" : "");
    } else
        printf("cheapest: %s (cost %.4g):", label, sf_sweep_cost(s, b));
    for (int k = 0; k < nt; k++) {
        char iv[160], bound[40];
        fmt_interval(t[k].metric, sf_sweep_estimate(s, b, k), iv, sizeof iv);
        fmt_value(t[k].metric, t[k].bound, bound, sizeof bound);
        char lb[64];
        printf("%s %s.%s %s, target %s %s", k ? "," : "", t[k].unit,
               sf_sweep_metric_label(&t[k], lb), iv, t[k].upper ? "<=" : ">=", bound);
    }
    putchar('\n');
    if (ob && sf_sweep_ties(s)) {
        /* differences below delta are what the planner said do not
         * matter: no pick among them is claimed */
        char dl[40], lb[64];
        fmt_value(ob->metric, sf_sweep_delta(s), dl, sizeof dl);
        printf("tie: %ld other configuration%s within %s of the best in %s.%s, which the "
               "procedure does not tell apart (choose on other grounds, such as cost):",
               sf_sweep_ties(s), sf_sweep_ties(s) == 1 ? "" : "s", dl, ob->unit,
               sf_sweep_metric_label(ob, lb));
        for (long c = 0, first = 1; c < sf_sweep_size(s); c++)
            if (sf_sweep_tied(s, c)) {
                char v[40];
                config_label(s, vars, nvars, c, label, sizeof label);
                fmt_value(ob->metric, sf_sweep_objective_estimate(s, c).mean, v, sizeof v);
                printf("%s %s (cost %.4g, %s)", first ? "" : ";", label, sf_sweep_cost(s, c), v);
                first = 0;
            }
        putchar('\n');
    }
}

static void print_table(const sf_sweep *s, const sf_sweep_var *vars, int nvars,
                        const sf_sweep_target *t, int nt) {
    int width[SF_SWEEP_MAX_VARS];
    for (int k = 0; k < nvars; k++) {
        char l[280];
        decision_label(&vars[k], l, sizeof l);
        width[k] = strlen(l) > 9 ? (int)strlen(l) : 9;
        printf("%-*s ", width[k], l);
    }
    printf("%10s", "cost");
    if (!sf_sweep_fixed(s))
        printf(" %6s", "reps");
    for (int k = 0; k < nt; k++) {
        char h[200];
        char lb[64];
        snprintf(h, sizeof h, "%.120s.%.60s", t[k].unit, sf_sweep_metric_label(&t[k], lb));
        printf("  %-32.32s", h);
    }
    const sf_sweep_target *ob = sf_sweep_objective(s);
    if (ob) {
        char h[200], lb[64];
        snprintf(h, sizeof h, "%s %.120s.%.60s", ob->upper ? "min" : "max", ob->unit,
                 sf_sweep_metric_label(ob, lb));
        printf("  %-32.32s", h);
    }
    printf("  verdict\n");
    long met = 0, not_met = 0, dropped = 0, capped = 0, over = 0;
    for (long c = 0; c < sf_sweep_size(s); c++) {
        if (!sf_sweep_measured(s, c)) {
            met += sf_sweep_status(s, c) == SF_SWEEP_MET;
            not_met += sf_sweep_status(s, c) == SF_SWEEP_NOT_MET;
            over += sf_sweep_over_budget(s, c);
            dropped += sf_sweep_status(s, c) == SF_SWEEP_DROPPED && !sf_sweep_over_budget(s, c);
            continue;
        }
        capped += sf_sweep_capped(s, c);
        for (int k = 0; k < nvars; k++)
            printf("%-*d ", width[k], sf_sweep_value(s, c, k));
        printf("%10.4g", sf_sweep_cost(s, c));
        if (!sf_sweep_fixed(s))
            printf(" %5d%s",
                   sf_sweep_replications(s, c) > sf_sweep_objective_replications(s, c)
                       ? sf_sweep_replications(s, c)
                       : sf_sweep_objective_replications(s, c),
                   sf_sweep_capped(s, c) ? "*" : " ");
        for (int k = 0; k < nt; k++) {
            char iv[160];
            fmt_interval(t[k].metric, sf_sweep_estimate(s, c, k), iv, sizeof iv);
            printf("  %-32s", iv);
        }
        if (ob) {
            char iv[160];
            fmt_interval(ob->metric, sf_sweep_objective_estimate(s, c), iv, sizeof iv);
            printf("  %-32s", iv);
        }
        const char *sel = sf_sweep_selection(s, c);
        printf("  %s%s%s%s%s\n", sf_sweep_status(s, c) == SF_SWEEP_MET ? "met" : "not met",
               sf_sweep_ran(s, c) ? "" : " (settled)", *sel ? ", " : "", sel,
               sf_sweep_pareto(s, c) ? ", pareto" : "");
    }
    if (met + not_met)
        printf("(not run, settled by monotonicity: %ld meet every target, %ld do not)\n", met,
               not_met);
    if (dropped)
        printf("(dropped: %ld that cost at least as much as a configuration that meets every "
               "target)\n",
               dropped);
    if (over)
        printf("(over the budget: %ld that cost more than %.4g, not run)\n", over,
               sf_sweep_max_cost(s));
    if (ob && sf_sweep_objective_capped(s))
        printf("(the selection stopped at --max-replications with several left: the best mean "
               "decided, without the guarantee)\n");
    if (capped)
        printf("(*: %ld stopped at --max-replications undecided; the sign of the mean's distance "
               "to the target decided, without the guarantee)\n",
               capped);
    if (ob) {
        char lb[64];
        printf("pareto front (cost against the mean of %s.%s, among the configurations that "
               "meet every target; %s is better):",
               ob->unit, sf_sweep_metric_label(ob, lb), ob->upper ? "lower" : "higher");
    } else
        printf("pareto front (cost against the targeted indicators' means):");
    for (long c = 0, first = 1; c < sf_sweep_size(s); c++)
        if (sf_sweep_pareto(s, c)) {
            char label[600];
            config_label(s, vars, nvars, c, label, sizeof label);
            printf("%s %s (cost %.4g)", first ? "" : ";", label, sf_sweep_cost(s, c));
            first = 0;
        }
    putchar('\n');
}

static int sweep_main(int argc, char **argv, const team *tm) {
    static const struct option opts[] = {{"vary", required_argument, 0, 'V'},
                                         {"fixed", no_argument, 0, 'F'},
                                         {"set", required_argument, 0, 'S'},
                                         {"confidence", required_argument, 0, 'A'},
                                         {"tolerance", required_argument, 0, 'T'},
                                         {"max-replications", required_argument, 0, 'M'},
                                         {"cost", required_argument, 0, 'C'},
                                         {"target", required_argument, 0, 'G'},
                                         {"no-prune", no_argument, 0, 'P'},
                                         {"replications", required_argument, 0, 'r'},
                                         {"threads", required_argument, 0, 't'},
                                         {"seed", required_argument, 0, 's'},
                                         {"out", required_argument, 0, 'o'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"help", no_argument, 0, 'h'},
                                         {"csv", required_argument, 0, CLI_OPT_CSV},
                                         {"minimize", required_argument, 0, 'm'},
                                         {"maximize", required_argument, 0, 'x'},
                                         {"delta", required_argument, 0, 'D'},
                                         {"max-cost", required_argument, 0, 'B'},
                                         {0, 0, 0, 0}};
    sf_sweep_target obj;
    int has_obj = 0;
    const char *delta_arg = NULL;
    double delta_from_file = NAN;
    double max_cost = INFINITY;
    sf_sweep_var vars[SF_SWEEP_MAX_VARS];
    sf_sweep_target t[SF_SWEEP_MAX_TARGETS];
    struct {
        char path[256];
        double x;
    } costs[SF_SWEEP_MAX_VARS];
    int nvars = 0, nt = 0, ncost = 0, quiet = 0, prune = 1, fixed = 0, maxr = 500, c;
    double confidence = 0.95, tol = 0.1;
    sweep_set sets[32];
    int nsets = 0;
    const char *out = NULL;
    sf_run_opts ro = {0};
    sf_diag d = {0};
    optind = 1;
    int csv_excel = 0;
    while ((c = getopt_long(argc, argv, "r:t:s:o:qh", opts, NULL)) != -1) {
        int rc = 0;
        switch (c) {
        case CLI_OPT_CSV:
            if (cli_csv_option("samflyt sweep", optarg, &csv_excel))
                return 2;
            break;
        case 'V':
            if (nvars == SF_SWEEP_MAX_VARS) {
                fprintf(stderr, "samflyt sweep: at most %d --vary\n", SF_SWEEP_MAX_VARS);
                return 2;
            }
            rc = sf_sweep_parse_vary(optarg, &vars[nvars++], &d);
            break;
        case 'C':
            if (ncost == SF_SWEEP_MAX_VARS) {
                fprintf(stderr, "samflyt sweep: at most %d --cost\n", SF_SWEEP_MAX_VARS);
                return 2;
            }
            rc = sf_sweep_parse_cost(optarg, costs[ncost].path, sizeof costs[ncost].path,
                                     &costs[ncost].x, &d);
            ncost++;
            break;
        case 'G':
            if (nt == SF_SWEEP_MAX_TARGETS) {
                fprintf(stderr, "samflyt sweep: at most %d --target\n", SF_SWEEP_MAX_TARGETS);
                return 2;
            }
            rc = sf_sweep_parse_target(optarg, &t[nt++], &d);
            break;
        case 'P': prune = 0; break;
        case 'm':
        case 'x':
            if (has_obj) {
                fprintf(stderr, "samflyt sweep: one objective: --minimize or --maximize, once\n");
                return 2;
            }
            rc = sf_sweep_parse_objective(optarg, c == 'm', &obj, &d);
            has_obj = 1;
            break;
        case 'D': delta_arg = optarg; break;
        case 'B': {
            char *e;
            max_cost = strtod(optarg, &e);
            if (e == optarg || *e || !isfinite(max_cost) || max_cost < 0) {
                fprintf(stderr,
                        "samflyt sweep: --max-cost: '%s': write the budget, a number >= 0 in "
                        "the unit of --cost (such as 40)\n",
                        optarg);
                return 2;
            }
            break;
        }
        case 'S': {
            const char *eq = strchr(optarg, '=');
            if (nsets == 32 || !eq || eq == optarg ||
                (size_t)(eq - optarg) >= sizeof sets[0].path || !eq[1]) {
                fprintf(stderr,
                        "samflyt sweep: --set '%s': write PATH=VALUE, such as "
                        "units.gp-office.lists=990 (at most 32)\n",
                        optarg);
                return 2;
            }
            snprintf(sets[nsets].path, sizeof sets[nsets].path, "%.*s", (int)(eq - optarg), optarg);
            sets[nsets++].value = eq + 1;
            break;
        }
        case 'F': fixed = 1; break;
        case 'A':
        case 'T': {
            double *x = c == 'A' ? &confidence : &tol;
            char *e;
            *x = strtod(optarg, &e);
            if (e != optarg && *e == '%' && !e[1])
                *x /= 100, e++;
            if (e == optarg || *e || !(*x > 0 && *x < 1)) {
                fprintf(stderr, "samflyt sweep: --%s: '%s': write a share such as %s\n",
                        c == 'A' ? "confidence" : "tolerance", optarg,
                        c == 'A' ? "95% (or 0.95)" : "10% (or 0.1)");
                return 2;
            }
            break;
        }
        case 'M': {
            char *e;
            long v = strtol(optarg, &e, 10);
            if (e == optarg || *e || v < 5 || v > 100000) {
                fprintf(stderr,
                        "samflyt sweep: --max-replications: '%s': write a whole number from 5 "
                        "to 100000\n",
                        optarg);
                return 2;
            }
            maxr = (int)v;
            break;
        }
        case 'o': out = optarg; break;
        case 'q': quiet = 1; break;
        case 'h': fputs(sweep_usage, stdout); return 0;
        default: {
            if (c == '?')
                cli_suggest_option("sweep", argv, opts);
            int r = c == 'K' || c == 'Z' ? -1 : cli_sim_option("sweep", c, optarg, 2, &ro);
            if (r < 0) {
                fputs(sweep_usage, stderr);
                return 2;
            }
            if (r)
                return r;
        }
        }
        if (rc) {
            fprintf(stderr, "samflyt sweep: %s\n", d.msg);
            return 2;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "samflyt sweep: give one model file\n\n");
        fputs(sweep_usage, stderr);
        return 2;
    }
    const char *path = argv[optind];
    static const char *const out_names[] = {"sweep.csv", "sweep.json", "report.html", NULL};
    cli_outset *set = cli_outset_new("samflyt sweep");
    if (!set)
        return 1;
    cli_outset_csv_excel(set, csv_excel);
    cli_outset_input(set, path);
    if (out && cli_outset_check_dir(set, out, out_names)) {
        cli_outset_free(set);
        return 2;
    }
    sf_model *base = NULL;
    int err = sf_model_load_file(path, &base, &d);
    if (err) {
        cli_diag_default(&d, err);
        char buf[1200];
        sf_diag_format(&d, buf, sizeof buf);
        fprintf(stderr, "%s\n", buf);
        cli_outset_free(set);
        return 1;
    }
    /* The command line overrides the file: its --vary replace the file's
     * decisions, its --target the file's targets; a --cost overrides the
     * file's cost of that path. */
    if (!nvars)
        nvars = sf_sweep_model_decisions(base, vars);
    if (!nt && (err = sf_sweep_model_targets(base, t, &nt, &d))) {
        char buf[1200];
        sf_diag_format(&d, buf, sizeof buf);
        fprintf(stderr, "%s\n", buf);
        sf_model_free(base);
        cli_outset_free(set);
        return 1;
    }
    /* the file's objective and budget, unless the command line gives them */
    {
        sf_sweep_target fobj;
        int fhas;
        double fdelta, fbudget;
        if ((err = sf_sweep_model_objective(base, &fobj, &fhas, &fdelta, &fbudget, &d))) {
            char buf[1200];
            sf_diag_format(&d, buf, sizeof buf);
            fprintf(stderr, "%s\n", buf);
            sf_model_free(base);
            cli_outset_free(set);
            return 1;
        }
        if (!has_obj && fhas) {
            obj = fobj;
            has_obj = 1;
            if (!delta_arg)
                delta_from_file = fdelta;
        }
        if (!isfinite(max_cost) && isfinite(fbudget))
            max_cost = fbudget;
    }
    if (delta_arg && !has_obj) {
        fprintf(stderr, "samflyt sweep: --delta is the indifference zone of an objective; give "
                        "--minimize or --maximize UNIT.METRIC too\n");
        sf_model_free(base);
        cli_outset_free(set);
        return 2;
    }
    double delta = delta_from_file;
    if (has_obj && isnan(delta)) {
        const char *want;
        if (!delta_arg) {
            fprintf(stderr,
                    "samflyt sweep: --%s %s: give --delta, the smallest difference in %s "
                    "worth telling apart (in %s, such as --delta %s); smaller differences "
                    "are reported as a tie\n",
                    obj.upper ? "minimize" : "maximize", obj.shown, sf_metric_name(obj.metric),
                    sf_metric_unit(obj.metric), level_example(obj.metric));
            sf_model_free(base);
            cli_outset_free(set);
            return 2;
        }
        if (sf_level_in_unit(delta_arg, strlen(delta_arg), obj.metric, &delta, &want) ||
            !(delta > 0)) {
            fprintf(stderr, "samflyt sweep: --delta '%s': %s is in %s; write %s, above 0\n",
                    delta_arg, sf_metric_name(obj.metric), sf_metric_unit(obj.metric),
                    want ? want : level_example(obj.metric));
            sf_model_free(base);
            cli_outset_free(set);
            return 2;
        }
    }
    if (!nvars || (!nt && !has_obj)) {
        fprintf(stderr, "samflyt sweep: %s\n\n",
                !nvars ? "give at least one decision: --vary PATH=LO..HI, such as --vary "
                         "units.kad.beds=4..12, or decisions: in the model (docs/sweep.md)"
                       : "give at least one target: --target UNIT.METRIC<=LEVEL, such as "
                         "--target kad.turned_away_share<=5%, or a target in the model's "
                         "weights: (docs/sweep.md)");
        fputs(sweep_usage, stderr);
        sf_model_free(base);
        cli_outset_free(set);
        return 2;
    }
    sf_sweep_var fv[SF_SWEEP_MAX_VARS];
    int nf = sf_sweep_model_decisions(base, fv);
    for (int k = 0; k < nvars; k++) {
        for (int j = 0; j < k; j++)
            if (!strcmp(vars[j].path, vars[k].path) &&
                !(vars[j].name[0] && vars[k].name[0] && strcmp(vars[j].name, vars[k].name))) {
                fprintf(stderr, "samflyt sweep: --vary %s is given twice\n", vars[k].path);
                sf_model_free(base);
                cli_outset_free(set);
                return 2;
            }
        if (isnan(vars[k].cost)) {
            vars[k].cost = 1;
            for (int j = 0; j < nf; j++)
                if (!strcmp(fv[j].path, vars[k].path) && !isnan(fv[j].cost))
                    vars[k].cost = fv[j].cost;
        }
    }
    for (int i = 0; i < ncost; i++) {
        int found = 0;
        for (int k = 0; k < nvars; k++)
            if (!strcmp(vars[k].path, costs[i].path) || !strcmp(vars[k].name, costs[i].path)) {
                vars[k].cost = costs[i].x;
                found = 1;
            }
        if (!found) {
            fprintf(stderr, "samflyt sweep: --cost %s: no decision of that path\n", costs[i].path);
            sf_model_free(base);
            cli_outset_free(set);
            return 2;
        }
    }
    /* targets and the objective name units of the model: checked before
     * anything runs */
    for (int k = 0; k < nt + has_obj; k++) {
        const sf_sweep_target *tk = k < nt ? &t[k] : &obj;
        int found = !strcmp(tk->unit, "network");
        for (int i = 0; i < sf_model_unit_count(base) && !found; i++)
            found = !strcmp(sf_model_unit_name(base, i), tk->unit);
        if (!found) {
            fprintf(stderr, "samflyt sweep: %s '%s': no unit '%s' in the model; units:",
                    k < nt ? "target" : "objective", tk->shown, tk->unit);
            for (int i = 0; i < sf_model_unit_count(base); i++)
                fprintf(stderr, "%s %s", i ? "," : "", sf_model_unit_name(base, i));
            fputs(", network\n", stderr);
            sf_model_free(base);
            cli_outset_free(set);
            return 2;
        }
    }
    /* common random numbers: one seed and one count for every configuration */
    if (!ro.has_seed) {
        ro.has_seed = 1;
        ro.seed = sf_model_seed(base);
    }
    if (!ro.replications)
        ro.replications = sf_model_replications(base);
    if (ro.replications < (fixed ? 2 : 5)) {
        fprintf(stderr, "samflyt sweep: %s: %d replication%s; %s (use -r N)\n", path,
                ro.replications, ro.replications == 1 ? "" : "s",
                fixed ? "an interval needs at least 2"
                      : "the sequential procedure's first stage needs at least 5");
        sf_model_free(base);
        cli_outset_free(set);
        return 2;
    }
    /* Pruning needs every decision to be a capacity and every target to
     * improve with capacity: an upper bound on a lower-is-better metric, a
     * lower bound on a higher-is-better one. */
    const char *why_not = NULL;
    for (int k = 0; k < nvars && prune && !why_not; k++)
        if (!is_capacity(vars[k].path))
            why_not = vars[k].path;
    for (int k = 0; k < nt && prune && !why_not; k++)
        if (sf_metric_direction(t[k].metric) != (t[k].upper ? -1 : 1))
            why_not = t[k].shown;
    if (why_not && !quiet && tm->rank == 0)
        fprintf(stderr,
                "samflyt sweep: note: running the whole grid: '%s' is not known to improve "
                "with capacity, so monotonicity cannot prune\n",
                why_not);
    if (why_not)
        prune = 0;
    sf_sweep *s = NULL;
    if (!(err = sf_sweep_new(vars, nvars, t, nt, prune, &s, &d))) {
        if (isfinite(max_cost))
            sf_sweep_set_budget(s, max_cost);
        if (has_obj)
            err = sf_sweep_set_objective(s, &obj, delta, &d);
    }
    if (err ||
        (err = sf_sweep_set_procedure(s, fixed, ro.replications, maxr, confidence, tol, &d))) {
        sf_sweep_free(s);
        fprintf(stderr, "samflyt sweep: %s\n", d.msg);
        sf_model_free(base);
        cli_outset_free(set);
        return 2;
    }
    overlay o;
    int rc = 0;
    if (!overlay_open(&o, path, base)) {
        o.sets = sets;
        o.nsets = nsets;
    } else {
        fprintf(stderr,
                "samflyt sweep: %s: the model file is not a mapping with a mapping "
                "'scenarios'\n",
                path);
        rc = 1;
    }
    for (int k = 0; k < nvars && !rc; k++)
        if (vars[k].line)
            rc = check_decision(&o, path, &vars[k]);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (!rc)
        rc = search(s, &o, path, vars, nvars, t, nt, &ro, prune, tm);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (o.key)
        fy_node_free(o.key);
    fy_document_destroy(o.doc);
    if (!rc) {
        double secs = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
        print_answer(s, vars, nvars, t, nt);
        if (!quiet) {
            printf("\n%s: %ld of %ld configurations run (%s), ", path, sf_sweep_runs(s),
                   sf_sweep_size(s), prune ? "the rest settled by monotonicity" : "the whole grid");
            if (fixed)
                printf("%d replications each", ro.replications);
            else
                printf("%ld replications in all", sf_sweep_replications_all(s));
            printf(", seed %llu\nran in %.2f s\n", (unsigned long long)ro.seed, secs);
            if (fixed)
                printf("met: every 95 %% interval lies within its target\n\n");
            else
                printf("met: decided by the sequential procedure (docs/sweep.md): with %g %% "
                       "confidence every verdict is right to within %g %% of each target\n\n",
                       100 * confidence, 100 * tol);
            print_table(s, vars, nvars, t, nt);
        }
    }
    if (!rc && out && tm->rank == 0) {
        FILE *fc, *fj, *fh;
        sf_sweep_set_model(s, path);
        if (cli_outset_mkdir(set, out) || !(fc = cli_outset_add(set, out, "sweep.csv")) ||
            !(fj = cli_outset_add(set, out, "sweep.json")) ||
            !(fh = cli_outset_add(set, out, "report.html")) || sf_sweep_write_csv(s, fc) ||
            sf_sweep_write_json(s, ro.replications, ro.seed, fj) ||
            sf_sweep_write_html(s, path, fh) || cli_outset_commit(set))
            rc = 1;
        else if (!quiet)
            printf("wrote %s/sweep.csv, %s/sweep.json and %s/report.html\n", out, out, out);
    }
    if (!rc && sf_sweep_best(s) < 0)
        rc = 1;
    sf_sweep_free(s);
    sf_model_free(base);
    cli_outset_free(set);
    return rc;
}

int cli_sweep(int argc, char **argv) {
    team tm;
    int rc = team_open(&tm, &argc, &argv, "sweep");
    if (rc)
        return rc;
    /* one process speaks; the others compute the same answer */
    if (tm.rank > 0 && !freopen("/dev/null", "w", stdout))
        return 1;
    rc = sweep_main(argc, argv, &tm);
    if (tm.ops) {
        fflush(stdout);
        /* the exit status is the highest of any process */
        rc = tm.ops->max(rc);
        team_close(&tm);
    }
    return rc;
}
