/* sweep.c: the grid, targets, monotone pruning and writers of `samflyt
 * sweep` (sweep.h, docs/sweep.md).
 *
 * Configurations are numbered in grid order (the first decision varies
 * slowest); vals holds each configuration's decision values so that the
 * dominance test is a loop over a flat row. Invariant: a configuration's
 * status, once known, never changes; ran[] marks the ones whose status
 * comes from a run rather than from pruning. */
#include "report/sweep.h"

#include "core/diag.h"
#include "core/textout.h"
#include "model/model.h"
#include "report/metric_level.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct sf_sweep {
    int nvars, nt, prune;
    sf_sweep_var vars[SF_SWEEP_MAX_VARS];
    sf_sweep_target t[SF_SWEEP_MAX_TARGETS];
    long n;
    int *vals;          /* n * nvars */
    unsigned char *st;  /* n: SF_SWEEP_* */
    unsigned char *ran; /* n */
    sf_estimate *est;   /* n * nt, for those that ran */
    long runs;
};

static int arg_fail(sf_diag *d, const char *opt, const char *arg, const char *fmt, const char *x) {
    char why[300];
    snprintf(why, sizeof why, fmt, x);
    return sf_diag_set(d, SF_ERR_ARG, "", 0, 0, "%s: '%.200s': %s", opt, arg, why);
}

static int whole(const char *s, const char *end, long *out) {
    char buf[32];
    size_t n = (size_t)(end - s);
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *e;
    errno = 0;
    long v = strtol(buf, &e, 10);
    if (errno || *e || v < 0 || v > 1000000)
        return -1;
    *out = v;
    return 0;
}

/* The path before '=': non-empty, no spaces, fits. */
static const char *path_of(const char *arg, char *path, size_t size) {
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || (size_t)(eq - arg) >= size || memchr(arg, ' ', (size_t)(eq - arg)))
        return NULL;
    memcpy(path, arg, (size_t)(eq - arg));
    path[eq - arg] = '\0';
    return eq + 1;
}

int sf_sweep_parse_vary(const char *arg, sf_sweep_var *v, sf_diag *d) {
    memset(v, 0, sizeof *v);
    const char *r = path_of(arg, v->path, sizeof v->path);
    if (!r)
        return arg_fail(d, "--vary", arg, "write PATH=LO..HI such as units.kad.beds=4..12%s", "");
    const char *dots = strstr(r, "..");
    const char *colon = dots ? strchr(dots, ':') : NULL;
    const char *end = r + strlen(r);
    long lo, hi, step = 1;
    if (!dots || whole(r, dots, &lo) || whole(dots + 2, colon ? colon : end, &hi) ||
        (colon && whole(colon + 1, end, &step)))
        return arg_fail(d, "--vary", arg,
                        "the range must be whole numbers LO..HI or LO..HI:STEP, such as 4..12 or "
                        "4..12:2%s",
                        "");
    if (hi < lo)
        return arg_fail(d, "--vary", arg, "the range is empty: LO must not exceed HI%s", "");
    if (step < 1)
        return arg_fail(d, "--vary", arg, "the step must be at least 1%s", "");
    v->lo = (int)lo;
    v->hi = (int)hi;
    v->step = (int)step;
    v->cost = NAN;
    return SF_OK;
}

int sf_sweep_parse_cost(const char *arg, char *path, size_t size, double *cost, sf_diag *d) {
    const char *r = path_of(arg, path, size);
    char *e;
    double x = r ? strtod(r, &e) : NAN;
    if (!r || e == r || *e || !isfinite(x) || x < 0)
        return arg_fail(d, "--cost", arg,
                        "write PATH=COST, a number >= 0 per unit, such as units.kad.beds=1.2%s",
                        "");
    *cost = x;
    return SF_OK;
}

int sf_sweep_parse_target(const char *arg, sf_sweep_target *t, sf_diag *d) {
    memset(t, 0, sizeof *t);
    snprintf(t->shown, sizeof t->shown, "%s", arg);
    const char *op = strpbrk(arg, "<>");
    if (!op)
        return arg_fail(d, "--target", arg,
                        "write UNIT.METRIC<=LEVEL or >=LEVEL, such as "
                        "kad.turned_away_share<=5%%%s",
                        "");
    t->upper = *op == '<';
    const char *lv = op + 1 + (op[1] == '=');
    const char *dot = NULL;
    for (const char *q = arg; q < op; q++)
        if (*q == '.')
            dot = q;
    if (!dot || dot == arg || (size_t)(dot - arg) >= sizeof t->unit)
        return arg_fail(d, "--target", arg,
                        "name the indicator as UNIT.METRIC, such as kad.turned_away_share%s", "");
    memcpy(t->unit, arg, (size_t)(dot - arg));
    t->unit[dot - arg] = '\0';
    int m = sf_metric_by_name(dot + 1, (size_t)(op - dot - 1));
    if (m < 0) {
        char name[120];
        snprintf(name, sizeof name, "%.*s", (int)(op - dot - 1 < 100 ? op - dot - 1 : 100),
                 dot + 1);
        return arg_fail(d, "--target", arg, "no metric '%s' (results.json lists the metrics)",
                        name);
    }
    t->metric = (sf_metric)m;
    const char *want;
    if (sf_level_in_unit(lv, strlen(lv), t->metric, &t->bound, &want)) {
        char why[200];
        snprintf(why, sizeof why, "%s is in %s; write %s", sf_metric_name(t->metric),
                 sf_metric_unit(t->metric), want);
        return arg_fail(d, "--target", arg, "%s", why);
    }
    return SF_OK;
}

/* A level as the file wrote it, near enough: 5%, 14d, 30h, 3. */
static void level_text(const sf_level *l, char *buf, size_t size) {
    if (l->kind == SF_LEVEL_SHARE)
        snprintf(buf, size, "%g%%", 100 * l->v);
    else if (l->kind == SF_LEVEL_DURATION && fmod(l->v, 24) == 0)
        snprintf(buf, size, "%gd", l->v / 24);
    else
        snprintf(buf, size, l->kind == SF_LEVEL_DURATION ? "%gh" : "%g", l->v);
}

int sf_sweep_model_decisions(const sf_model *m, sf_sweep_var *vars) {
    int n = m->ndecisions < SF_SWEEP_MAX_VARS ? m->ndecisions : SF_SWEEP_MAX_VARS;
    for (int i = 0; i < n; i++) {
        const sf_decision *d = &m->decisions[i];
        vars[i] = (sf_sweep_var){.lo = d->lo,
                                 .hi = d->hi,
                                 .step = d->step,
                                 .cost = d->cost,
                                 .line = d->line,
                                 .col = d->col};
        snprintf(vars[i].path, sizeof vars[i].path, "%s", d->path);
    }
    return n;
}

int sf_sweep_model_targets(const sf_model *m, sf_sweep_target *t, int *n, sf_diag *d) {
    *n = 0;
    for (int i = 0; i < m->nweights; i++) {
        const sf_weight *w = &m->weights[i];
        const sf_level *lv[2] = {&w->target_max, &w->target_min};
        for (int k = 0; k < 2; k++) {
            if (!lv[k]->kind)
                continue;
            if (*n == SF_SWEEP_MAX_TARGETS)
                return sf_diag_set(d, SF_ERR_MODEL, m->file, w->line, w->col,
                                   "weights: at most %d targets for samflyt sweep",
                                   SF_SWEEP_MAX_TARGETS);
            sf_sweep_target *x = &t[(*n)++];
            memset(x, 0, sizeof *x);
            const char *dot = strrchr(w->name, '.');
            int metric = dot ? sf_metric_by_name(dot + 1, strlen(dot + 1)) : -1;
            if (!dot || metric < 0 || (size_t)(dot - w->name) >= sizeof x->unit)
                return sf_diag_set(d, SF_ERR_MODEL, m->file, w->line, w->col,
                                   "weights: %.200s: no metric '%.100s' (results.json lists the "
                                   "metrics)",
                                   w->name, dot ? dot + 1 : w->name);
            memcpy(x->unit, w->name, (size_t)(dot - w->name));
            x->metric = (sf_metric)metric;
            x->upper = k == 0;
            const char *want;
            if (sf_level_convert(lv[k], x->metric, &x->bound, &want))
                return sf_diag_set(d, SF_ERR_MODEL, m->file, lv[k]->line, lv[k]->col,
                                   "weights: %.200s: 'target': %s is in %s; write %s", w->name,
                                   sf_metric_name(x->metric), sf_metric_unit(x->metric), want);
            char bound[64];
            level_text(lv[k], bound, sizeof bound);
            snprintf(x->shown, sizeof x->shown, "%.120s%s%.60s", w->name,
                     x->upper ? "<=" : ">=", bound);
        }
    }
    return SF_OK;
}

int sf_sweep_new(const sf_sweep_var *vars, int nvars, const sf_sweep_target *t, int nt, int prune,
                 sf_sweep **out, sf_diag *d) {
    *out = NULL;
    if (nvars < 1 || nvars > SF_SWEEP_MAX_VARS || nt < 0 || nt > SF_SWEEP_MAX_TARGETS)
        return sf_diag_set(d, SF_ERR_ARG, "", 0, 0, "a sweep varies 1 to %d decisions",
                           SF_SWEEP_MAX_VARS);
    long n = 1;
    for (int k = 0; k < nvars; k++) {
        n *= (vars[k].hi - vars[k].lo) / vars[k].step + 1;
        if (n > SF_SWEEP_MAX_CONFIGS)
            return sf_diag_set(d, SF_ERR_ARG, "", 0, 0,
                               "the grid has more than %d configurations; narrow the ranges or "
                               "use a step (LO..HI:STEP)",
                               SF_SWEEP_MAX_CONFIGS);
    }
    sf_sweep *s = calloc(1, sizeof *s);
    if (!s)
        return sf_diag_set(d, SF_ERR_NOMEM, "", 0, 0, "out of memory");
    s->nvars = nvars;
    s->nt = nt;
    s->prune = prune;
    s->n = n;
    memcpy(s->vars, vars, (size_t)nvars * sizeof *vars);
    if (nt)
        memcpy(s->t, t, (size_t)nt * sizeof *t);
    s->vals = calloc((size_t)(n * nvars), sizeof *s->vals);
    s->st = calloc((size_t)n, 1);
    s->ran = calloc((size_t)n, 1);
    s->est = calloc((size_t)(n * (nt ? nt : 1)), sizeof *s->est);
    if (!s->vals || !s->st || !s->ran || !s->est) {
        sf_sweep_free(s);
        return sf_diag_set(d, SF_ERR_NOMEM, "", 0, 0, "out of memory");
    }
    for (long c = 0; c < n; c++) {
        long r = c;
        for (int k = nvars - 1; k >= 0; k--) {
            long cnt = (vars[k].hi - vars[k].lo) / vars[k].step + 1;
            s->vals[c * nvars + k] = vars[k].lo + (int)(r % cnt) * vars[k].step;
            r /= cnt;
        }
    }
    *out = s;
    return SF_OK;
}

void sf_sweep_free(sf_sweep *s) {
    if (!s)
        return;
    free(s->vals);
    free(s->st);
    free(s->ran);
    free(s->est);
    free(s);
}

long sf_sweep_size(const sf_sweep *s) { return s->n; }
int sf_sweep_value(const sf_sweep *s, long cfg, int var) { return s->vals[cfg * s->nvars + var]; }
double sf_sweep_cost(const sf_sweep *s, long cfg) {
    double c = 0;
    for (int k = 0; k < s->nvars; k++)
        c += s->vals[cfg * s->nvars + k] * s->vars[k].cost;
    return c;
}
int sf_sweep_status(const sf_sweep *s, long cfg) { return s->st[cfg]; }
int sf_sweep_ran(const sf_sweep *s, long cfg) { return s->ran[cfg]; }
long sf_sweep_runs(const sf_sweep *s) { return s->runs; }
sf_estimate sf_sweep_estimate(const sf_sweep *s, long cfg, int target) {
    return s->est[cfg * s->nt + target];
}

/* 1 when a >= b in every decision. */
static int above(const sf_sweep *s, long a, long b) {
    for (int k = 0; k < s->nvars; k++)
        if (s->vals[a * s->nvars + k] < s->vals[b * s->nvars + k])
            return 0;
    return 1;
}

long sf_sweep_next(const sf_sweep *s) {
    long best = -1, best_score = -1;
    for (long c = 0; c < s->n; c++) {
        if (s->st[c] != SF_SWEEP_UNKNOWN)
            continue;
        if (!s->prune)
            return c;
        /* met settles the unknowns above c, not met those below */
        long up = 0, down = 0;
        for (long o = 0; o < s->n; o++)
            if (s->st[o] == SF_SWEEP_UNKNOWN) {
                up += above(s, o, c);
                down += above(s, c, o);
            }
        long score = up < down ? up : down;
        if (score > best_score ||
            (score == best_score && sf_sweep_cost(s, c) < sf_sweep_cost(s, best))) {
            best = c;
            best_score = score;
        }
    }
    return best;
}

void sf_sweep_record(sf_sweep *s, long cfg, const sf_estimate *est) {
    int met = 1;
    for (int k = 0; k < s->nt; k++) {
        s->est[cfg * s->nt + k] = est[k];
        const sf_estimate *e = &est[k];
        /* a NaN (an indicator that does not apply, one replication) is no proof */
        if (s->t[k].upper ? !(e->hi <= s->t[k].bound) : !(e->lo >= s->t[k].bound))
            met = 0;
    }
    if (!s->ran[cfg])
        s->runs++;
    s->ran[cfg] = 1;
    s->st[cfg] = met ? SF_SWEEP_MET : SF_SWEEP_NOT_MET;
    if (!s->prune)
        return;
    for (long o = 0; o < s->n; o++)
        if (s->st[o] == SF_SWEEP_UNKNOWN && (met ? above(s, o, cfg) : above(s, cfg, o)))
            s->st[o] = s->st[cfg];
}

long sf_sweep_cheapest(const sf_sweep *s) {
    long best = -1;
    for (long c = 0; c < s->n; c++)
        if (s->ran[c] && s->st[c] == SF_SWEEP_MET &&
            (best < 0 || sf_sweep_cost(s, c) < sf_sweep_cost(s, best)))
            best = c;
    return best;
}

/* 1 when a is at most as costly and at least as good as b in every
 * targeted indicator's mean, and better in one. */
static int dominates(const sf_sweep *s, long a, long b) {
    double ca = sf_sweep_cost(s, a), cb = sf_sweep_cost(s, b);
    if (ca > cb)
        return 0;
    int strict = ca < cb;
    for (int k = 0; k < s->nt; k++) {
        double x = s->est[a * s->nt + k].mean, y = s->est[b * s->nt + k].mean;
        if (isnan(x) || isnan(y))
            return 0;
        double better = s->t[k].upper ? y - x : x - y;
        if (better < 0)
            return 0;
        strict |= better > 0;
    }
    return strict;
}

int sf_sweep_pareto(const sf_sweep *s, long cfg) {
    if (!s->ran[cfg])
        return 0;
    for (long o = 0; o < s->n; o++)
        if (o != cfg && s->ran[o] && dominates(s, o, cfg))
            return 0;
    return 1;
}

static const char *status_word(const sf_sweep *s, long c) {
    if (s->st[c] == SF_SWEEP_UNKNOWN)
        return "unknown";
    if (s->ran[c])
        return s->st[c] == SF_SWEEP_MET ? "met" : "not_met";
    return s->st[c] == SF_SWEEP_MET ? "met_inferred" : "not_met_inferred";
}

static void csv_num(FILE *f, double x) {
    if (isnan(x))
        fputs(",", f);
    else
        fprintf(f, ",%.10g", x);
}

int sf_sweep_write_csv(const sf_sweep *s, FILE *f) {
    fputs("config", f);
    for (int k = 0; k < s->nvars; k++)
        fprintf(f, ",%s", s->vars[k].path);
    fputs(",cost,status,ran,pareto", f);
    for (int k = 0; k < s->nt; k++) {
        const char *n = sf_metric_name(s->t[k].metric);
        fprintf(f, ",%s.%s,%s.%s_lo,%s.%s_hi,%s.%s_met", s->t[k].unit, n, s->t[k].unit, n,
                s->t[k].unit, n, s->t[k].unit, n);
    }
    fputc('\n', f);
    for (long c = 0; c < s->n; c++) {
        fprintf(f, "%ld", c + 1);
        for (int k = 0; k < s->nvars; k++)
            fprintf(f, ",%d", sf_sweep_value(s, c, k));
        fprintf(f, ",%.10g,%s,%d,%d", sf_sweep_cost(s, c), status_word(s, c), s->ran[c],
                sf_sweep_pareto(s, c));
        for (int k = 0; k < s->nt; k++) {
            sf_estimate e = s->ran[c] ? s->est[c * s->nt + k]
                                      : (sf_estimate){.mean = NAN, .lo = NAN, .hi = NAN};
            csv_num(f, e.mean);
            csv_num(f, e.lo);
            csv_num(f, e.hi);
            if (!s->ran[c])
                fputs(",", f);
            else
                fprintf(f, ",%d", s->t[k].upper ? e.hi <= s->t[k].bound : e.lo >= s->t[k].bound);
        }
        fputc('\n', f);
    }
    return ferror(f) ? SF_ERR_IO : SF_OK;
}

static void json_config(const sf_sweep *s, long c, FILE *f) {
    fputs("{\"config\": ", f);
    fprintf(f, "%ld, \"values\": {", c + 1);
    for (int k = 0; k < s->nvars; k++) {
        fputs(k ? ", " : "", f);
        sf_json_str(f, s->vars[k].path);
        fprintf(f, ": %d", sf_sweep_value(s, c, k));
    }
    fputs("}, \"cost\": ", f);
    sf_json_num(f, sf_sweep_cost(s, c));
    fprintf(f, ", \"status\": \"%s\", \"ran\": %s, \"pareto\": %s, \"estimates\": [",
            status_word(s, c), s->ran[c] ? "true" : "false",
            sf_sweep_pareto(s, c) ? "true" : "false");
    for (int k = 0; s->ran[c] && k < s->nt; k++) {
        sf_estimate e = s->est[c * s->nt + k];
        fputs(k ? ", " : "", f);
        fputs("{\"mean\": ", f);
        sf_json_num(f, e.mean);
        fputs(", \"lo\": ", f);
        sf_json_num(f, e.lo);
        fputs(", \"hi\": ", f);
        sf_json_num(f, e.hi);
        fputs("}", f);
    }
    fputs("]}", f);
}

int sf_sweep_write_json(const sf_sweep *s, int reps, uint64_t seed, FILE *f) {
    fputs("{\n  \"decisions\": [", f);
    for (int k = 0; k < s->nvars; k++) {
        fputs(k ? ", " : "", f);
        fputs("{\"path\": ", f);
        sf_json_str(f, s->vars[k].path);
        fprintf(f, ", \"lo\": %d, \"hi\": %d, \"step\": %d, \"cost\": ", s->vars[k].lo,
                s->vars[k].hi, s->vars[k].step);
        sf_json_num(f, s->vars[k].cost);
        fputs("}", f);
    }
    fputs("],\n  \"targets\": [", f);
    for (int k = 0; k < s->nt; k++) {
        fputs(k ? ", " : "", f);
        fputs("{\"target\": ", f);
        sf_json_str(f, s->t[k].shown);
        fputs(", \"unit\": ", f);
        sf_json_str(f, s->t[k].unit);
        fprintf(f,
                ", \"metric\": \"%s\", \"op\": \"%s\", \"bound\": ", sf_metric_name(s->t[k].metric),
                s->t[k].upper ? "<=" : ">=");
        sf_json_num(f, s->t[k].bound);
        fputs("}", f);
    }
    fprintf(f,
            "],\n  \"replications\": %d,\n  \"seed\": %llu,\n  \"pruning\": %s,\n  \"grid\": %ld,\n"
            "  \"runs\": %ld,\n  \"cheapest\": ",
            reps, (unsigned long long)seed, s->prune ? "true" : "false", s->n, s->runs);
    long b = sf_sweep_cheapest(s);
    if (b < 0)
        fputs("null", f);
    else
        json_config(s, b, f);
    fputs(",\n  \"pareto\": [", f);
    for (long c = 0, first = 1; c < s->n; c++)
        if (sf_sweep_pareto(s, c)) {
            fprintf(f, "%s%ld", first ? "" : ", ", c + 1);
            first = 0;
        }
    fputs("],\n  \"configurations\": [", f);
    for (long c = 0; c < s->n; c++) {
        fputs(c ? ",\n    " : "\n    ", f);
        json_config(s, c, f);
    }
    fputs("\n  ]\n}\n", f);
    return ferror(f) ? SF_ERR_IO : SF_OK;
}
