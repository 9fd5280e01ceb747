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
#include "sim/results.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

    /* The procedure (sf_sweep_set_procedure). Fixed: n0 replications a
     * configuration, met when every 95 % interval lies within its target.
     * Sequential: n0, then one more at a time until the sum of the
     * deviations from each target leaves the triangular region of
     * Kim & Nelson's procedure (R below), at most maxr. */
    int fixed, n0, maxr, drop;
    double confidence, tol, h2;
    double eps[SF_SWEEP_MAX_TARGETS]; /* indifference zone per target */
    double **obs;                     /* per configuration: rows of nt values */
    int *nbuf, *cap, *nused;          /* per configuration */
    double *s2, *sum;                 /* n * nt: first-stage variance, signed sum */
    unsigned char *tok;               /* n * nt: the target is decided met */
    unsigned char *capped;            /* n: decided at maxr, without the guarantee */
    long reps_used;
    int hint[SF_SWEEP_MAX_VARS]; /* a value to search near per decision, or -1 */

    /* The budget (sf_sweep_set_budget): a configuration that costs more
     * is dropped before anything runs (over[c]). */
    double max_cost;
    unsigned char *over; /* n */
    long within;         /* configurations within the budget */

    /* The objective (sf_sweep_set_objective), column nt of each
     * observation row (nc = nt + 1 columns; else nc = nt). Phase 0
     * decides the targets; phase 1 selects among the candidates (every
     * configuration that meets them within the budget) by Kim & Nelson's
     * procedure with common random numbers: all survivors hold sel_r
     * observations, a candidate is eliminated when its mean is worse than
     * another's by more than W (docs/sweep.md, "An objective"); phase 2:
     * done. */
    int has_obj, nc, phase;
    sf_sweep_target obj;
    double delta, h2o;
    long ncand, best;
    long *cand;         /* ncand configurations */
    double *s2d;        /* ncand * ncand: first-stage variance of the paired differences */
    unsigned char *sel; /* n: SEL_* */
    int *oreps;         /* n: observations behind the objective's estimate */
    sf_estimate *oest;  /* n */
    int sel_r, ocapped;

    /* Read back from sweep.json (sweep_read.c): no observations are held,
     * so a tie is the recorded one (SEL_TIE) rather than computed. */
    int restored;
    char model[1024]; /* the model file as the sweep was given it; "" */
};

/* A configuration's part in the selection (phase 1); SEL_TIE only in a
 * sweep read back. */
enum { SEL_NONE, SEL_ALIVE, SEL_OUT, SEL_BEST, SEL_TIE };

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

const char *sf_sweep_metric_label(const sf_sweep_target *t, char *buf) {
    static const char *const mon[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
    if (t->month < 0 || t->month > 11)
        return sf_metric_name(t->metric);
    snprintf(buf, 64, "%s@%s", sf_metric_name(t->metric), mon[t->month]);
    return buf;
}

int sf_sweep_parse_vary(const char *arg, sf_sweep_var *v, sf_diag *d) {
    memset(v, 0, sizeof *v);
    const char *r = path_of(arg, v->path, sizeof v->path);
    if (!r)
        return arg_fail(d, "--vary", arg, "write PATH=LO..HI such as units.kad.beds=4..12%s", "");
    char *colon0 = strchr(v->path, ':');
    if (colon0) {
        size_t n = (size_t)(colon0 - v->path);
        if (!n || n >= sizeof v->name || !colon0[1])
            return arg_fail(d, "--vary", arg,
                            "write NAME:PATH=LO..HI, such as locums:units.gp.doctors=0..3%s", "");
        memcpy(v->name, v->path, n);
        v->name[n] = '\0';
        memmove(v->path, colon0 + 1, strlen(colon0 + 1) + 1);
    }
    if (strstr(v->path, "++") || v->path[0] == '+' || v->path[strlen(v->path) - 1] == '+')
        return arg_fail(d, "--vary", arg, "write PATH+PATH, each a dotted path%s", "");
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

/* The indicator UNIT.METRIC or UNIT.METRIC@MON at arg[0..end) into t
 * (unit, metric, month, by); opt names the option in a message. */
static int parse_indicator(const char *opt, const char *arg, const char *end, sf_sweep_target *t,
                           sf_diag *d) {
    const char *dot = NULL;
    for (const char *q = arg; q < end; q++)
        if (*q == '.')
            dot = q;
    if (!dot || dot == arg || (size_t)(dot - arg) >= sizeof t->unit)
        return arg_fail(d, opt, arg,
                        "name the indicator as UNIT.METRIC, such as kad.turned_away_share%s", "");
    memcpy(t->unit, arg, (size_t)(dot - arg));
    t->unit[dot - arg] = '\0';
    const char *at = memchr(dot + 1, '@', (size_t)(end - dot - 1));
    const char *mend = at ? at : end;
    int m = sf_metric_by_name(dot + 1, (size_t)(mend - dot - 1));
    t->month = -1;
    if (at && m >= 0) {
        static const char *const mon[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};
        static const struct {
            sf_metric m;
            int by;
        } bym[] = {{SF_M_WAIT_MEAN, SF_BY_WAIT_MEAN},
                   {SF_M_UTILISATION, SF_BY_UTILISATION},
                   {SF_M_OCC_MEAN, SF_BY_OCC_MEAN}};
        for (int i = 0; i < 12; i++)
            if ((size_t)(end - at - 1) == 3 && !strncasecmp(at + 1, mon[i], 3))
                t->month = i;
        for (size_t i = 0; i < sizeof bym / sizeof *bym; i++)
            if (bym[i].m == (sf_metric)m)
                t->by = bym[i].by + 1;
        if (t->month < 0 || !t->by)
            return arg_fail(d, opt, arg,
                            "a month's figure is METRIC@MON with METRIC wait_mean, "
                            "utilisation or occupancy_mean and MON jan to dec, such as "
                            "gp-office.wait_mean@jul%s",
                            "");
        t->by--;
    }
    if (m < 0) {
        char name[120];
        snprintf(name, sizeof name, "%.*s", (int)(mend - dot - 1 < 100 ? mend - dot - 1 : 100),
                 dot + 1);
        return arg_fail(d, opt, arg, "no metric '%s' (results.json lists the metrics)", name);
    }
    t->metric = (sf_metric)m;
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
    int rc = parse_indicator("--target", arg, op, t, d);
    if (rc)
        return rc;
    const char *want;
    if (sf_level_in_unit(lv, strlen(lv), t->metric, &t->bound, &want)) {
        char why[200];
        snprintf(why, sizeof why, "%s is in %s; write %s", sf_metric_name(t->metric),
                 sf_metric_unit(t->metric), want);
        return arg_fail(d, "--target", arg, "%s", why);
    }
    return SF_OK;
}

int sf_sweep_parse_objective(const char *arg, int minimize, sf_sweep_target *t, sf_diag *d) {
    memset(t, 0, sizeof *t);
    snprintf(t->shown, sizeof t->shown, "%s", arg);
    t->upper = minimize;
    t->bound = NAN;
    return parse_indicator(minimize ? "--minimize" : "--maximize", arg, arg + strlen(arg), t, d);
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
            x->month = -1;
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

int sf_sweep_model_objective(const sf_model *m, sf_sweep_target *obj, int *has, double *delta,
                             double *max_cost, sf_diag *d) {
    const struct sf_objective_spec *o = &m->objective;
    *has = 0;
    *max_cost = o->max_cost;
    if (!o->indicator)
        return SF_OK;
    sf_diag pd = {0};
    if (sf_sweep_parse_objective(o->indicator, !o->maximize, obj, &pd))
        return sf_diag_set(d, SF_ERR_MODEL, m->file, o->line, o->col, "objective: %s", pd.msg);
    const char *want = NULL;
    if (sf_level_in_unit(o->delta, strlen(o->delta), obj->metric, delta, &want) || !(*delta > 0))
        return sf_diag_set(d, SF_ERR_MODEL, m->file, o->delta_line, o->delta_col,
                           "objective: delta: '%.60s': %s is in %s; write %s, above 0", o->delta,
                           sf_metric_name(obj->metric), sf_metric_unit(obj->metric),
                           want ? want : "a level");
    *has = 1;
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
    size_t nnt = (size_t)(n * (nt ? nt : 1));
    s->obs = calloc((size_t)n, sizeof *s->obs);
    s->nbuf = calloc((size_t)n, sizeof *s->nbuf);
    s->cap = calloc((size_t)n, sizeof *s->cap);
    s->nused = calloc((size_t)n, sizeof *s->nused);
    s->s2 = calloc(nnt, sizeof *s->s2);
    s->sum = calloc(nnt, sizeof *s->sum);
    s->tok = calloc(nnt, 1);
    s->capped = calloc((size_t)n, 1);
    s->over = calloc((size_t)n, 1);
    s->sel = calloc((size_t)n, 1);
    s->oreps = calloc((size_t)n, sizeof *s->oreps);
    s->oest = calloc((size_t)n, sizeof *s->oest);
    if (!s->over || !s->sel || !s->oreps || !s->oest || !s->vals || !s->st || !s->ran || !s->est ||
        !s->obs || !s->nbuf || !s->cap || !s->nused || !s->s2 || !s->sum || !s->tok || !s->capped) {
        sf_sweep_free(s);
        return sf_diag_set(d, SF_ERR_NOMEM, "", 0, 0, "out of memory");
    }
    for (int k = 0; k < SF_SWEEP_MAX_VARS; k++)
        s->hint[k] = -1;
    s->fixed = 1;
    s->n0 = 10;
    s->nc = nt;
    s->max_cost = INFINITY;
    s->within = n;
    s->best = -1;
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
    for (long c = 0; s->obs && c < s->n; c++)
        free(s->obs[c]);
    free(s->obs);
    free(s->nbuf);
    free(s->cap);
    free(s->nused);
    free(s->s2);
    free(s->sum);
    free(s->tok);
    free(s->capped);
    free(s->over);
    free(s->sel);
    free(s->oreps);
    free(s->oest);
    free(s->cand);
    free(s->s2d);
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

/* How far c is from the hint, in steps of the hinted decisions. */
static long hint_distance(const sf_sweep *s, long c) {
    long d = 0;
    for (int k = 0; k < s->nvars; k++)
        if (s->hint[k] >= 0)
            d += labs((long)s->vals[c * s->nvars + k] - s->hint[k]) / s->vars[k].step;
    return d;
}

long sf_sweep_next(const sf_sweep *s) {
    long best = -1, best_score = -1, best_dist = 0;
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
        long score = up < down ? up : down, dist = hint_distance(s, c);
        /* nearest the analytic answer first, then the most settled */
        if (best < 0 || dist < best_dist ||
            (dist == best_dist &&
             (score > best_score ||
              (score == best_score && sf_sweep_cost(s, c) < sf_sweep_cost(s, best))))) {
            best = c;
            best_score = score;
            best_dist = dist;
        }
    }
    return best;
}

/* A configuration that cannot be the answer: it costs more than one that
 * met (or as much, and comes later in grid order). */
static void drop_costlier(sf_sweep *s, long met) {
    double cm = sf_sweep_cost(s, met);
    for (long o = 0; o < s->n; o++) {
        double co = sf_sweep_cost(s, o);
        if (s->st[o] == SF_SWEEP_UNKNOWN && (co > cm || (co == cm && o > met)))
            s->st[o] = SF_SWEEP_DROPPED;
    }
}

static void settle(sf_sweep *s, long cfg, int met) {
    if (!s->ran[cfg])
        s->runs++;
    s->ran[cfg] = 1;
    s->st[cfg] = met ? SF_SWEEP_MET : SF_SWEEP_NOT_MET;
    if (s->prune)
        for (long o = 0; o < s->n; o++)
            if (s->st[o] == SF_SWEEP_UNKNOWN && (met ? above(s, o, cfg) : above(s, cfg, o)))
                s->st[o] = s->st[cfg];
    if (met && s->drop)
        drop_costlier(s, cfg);
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
    settle(s, cfg, met);
}

/* ---- The sequential procedure ------------------------------------------ */

int sf_sweep_set_procedure(sf_sweep *s, int fixed, int n0, int maxr, double confidence, double tol,
                           sf_diag *d) {
    if (n0 < 2 || (!fixed && n0 < 5))
        return sf_diag_set(d, SF_ERR_ARG, "", 0, 0,
                           "the first stage needs at least %d replications (a variance), got %d",
                           fixed ? 2 : 5, n0);
    if (!fixed && maxr < n0)
        return sf_diag_set(d, SF_ERR_ARG, "", 0, 0,
                           "--max-replications %d is below the first stage's %d", maxr, n0);
    if (!(confidence > 0.5 && confidence < 1))
        return sf_diag_set(d, SF_ERR_ARG, "", 0, 0,
                           "the confidence must be above 50 %% and below 100 %%");
    if (!(tol > 0 && tol < 1))
        return sf_diag_set(d, SF_ERR_ARG, "", 0, 0,
                           "the tolerance must be above 0 %% and below 100 %% of each target");
    s->fixed = fixed;
    s->n0 = n0;
    s->maxr = fixed ? n0 : maxr;
    if (s->has_obj && s->within > SF_SWEEP_MAX_CANDIDATES)
        return sf_diag_set(d, SF_ERR_ARG, "", 0, 0,
                           "with an objective, at most %d configurations within the budget "
                           "(%ld here): narrow the ranges, use a step (LO..HI:STEP) or "
                           "--max-cost",
                           SF_SWEEP_MAX_CANDIDATES, s->within);
    s->fixed = fixed;
    s->n0 = n0;
    s->maxr = fixed ? n0 : maxr;
    /* with an objective the cheapest is not the answer: nothing is
     * dropped for its cost */
    s->drop = !fixed && s->prune && !s->has_obj;
    s->confidence = confidence;
    s->tol = tol;
    /* Bonferroni over every configuration within the budget and target
     * the search may decide; each decision is then wrong with probability
     * at most beta (Kim & Nelson 2001, c = 1; Andradottir & Kim 2010 for
     * a constant level): eta = ((2 beta)^(-2/(n0-1)) - 1) / 2,
     * h^2 = 2 eta (n0 - 1). An objective takes half of 1 - confidence:
     * the targets' verdicts the other half. */
    double alpha = (1 - confidence) / (s->has_obj ? 2 : 1);
    double beta = alpha / ((double)(s->within > 0 ? s->within : 1) * (s->nt ? s->nt : 1));
    double eta = 0.5 * (pow(2 * beta, -2.0 / (n0 - 1)) - 1);
    s->h2 = 2 * eta * (n0 - 1);
    /* The selection: Kim & Nelson's constant for k = every configuration
     * within the budget, so that it holds whichever of them turn out to
     * meet the targets (the union bound runs over the best one's k - 1
     * rivals). */
    double beta2 = alpha / (double)(s->within > 1 ? s->within - 1 : 1);
    s->h2o = (n0 - 1) * (pow(2 * beta2, -2.0 / (n0 - 1)) - 1);
    for (int k = 0; k < s->nt; k++)
        s->eps[k] = tol * fabs(s->t[k].bound);
    return SF_OK;
}

void sf_sweep_set_hint(sf_sweep *s, int var, int value) {
    if (var >= 0 && var < s->nvars)
        s->hint[var] = value;
}

int sf_sweep_hinted(const sf_sweep *s) {
    for (int k = 0; k < s->nvars; k++)
        if (s->hint[k] >= 0)
            return 1;
    return 0;
}

double sf_sweep_h2(const sf_sweep *s) { return s->h2; }
double sf_sweep_tolerance(const sf_sweep *s, int target) { return s->eps[target]; }
int sf_sweep_replications(const sf_sweep *s, long cfg) { return s->nused[cfg]; }
long sf_sweep_replications_total(const sf_sweep *s) { return s->reps_used; }
int sf_sweep_capped(const sf_sweep *s, long cfg) { return s->capped[cfg]; }
int sf_sweep_fixed(const sf_sweep *s) { return s->fixed; }
int sf_sweep_vars(const sf_sweep *s) { return s->nvars; }
const sf_sweep_var *sf_sweep_var_of(const sf_sweep *s, int var) { return &s->vars[var]; }
int sf_sweep_targets(const sf_sweep *s) { return s->nt; }
const sf_sweep_target *sf_sweep_target_of(const sf_sweep *s, int target) { return &s->t[target]; }

int sf_sweep_target_met(const sf_sweep *s, long cfg, int k) {
    if (!s->ran[cfg])
        return 0;
    if (!s->fixed && s->nused[cfg])
        return s->tok[cfg * s->nt + k];
    sf_estimate e = s->est[cfg * s->nt + k];
    return s->t[k].upper ? e.hi <= s->t[k].bound : e.lo >= s->t[k].bound;
}

/* The configurations the procedure works on now, in grid order: with
 * pruning the one to settle next (it stays the same until it settles), else
 * every one not settled. */
static long active(const sf_sweep *s, long *out) {
    if (s->phase) {
        long n = 0;
        for (long i = 0; s->phase == 1 && i < s->ncand; i++)
            if (s->sel[s->cand[i]] == SEL_ALIVE)
                out[n++] = s->cand[i];
        return n;
    }
    if (s->prune) {
        long c = sf_sweep_next(s);
        if (c < 0)
            return 0;
        out[0] = c;
        return 1;
    }
    long n = 0;
    for (long c = 0; c < s->n; c++)
        if (s->st[c] == SF_SWEEP_UNKNOWN)
            out[n++] = c;
    return n;
}

static int need(const sf_sweep *s, long c) {
    if (s->phase == 1)
        return s->sel_r;
    return s->nused[c] ? s->nused[c] + 1 : s->n0;
}

long sf_sweep_plan(const sf_sweep *s, int ahead, sf_sweep_work *w) {
    long *act = malloc((size_t)s->n * sizeof *act);
    if (!act)
        return -1;
    long na = active(s, act), nw = 0;
    for (long i = 0; i < na; i++) {
        long c = act[i];
        int want = need(s, c), upto = want + (ahead > 0 ? ahead : 0);
        if (upto > s->maxr)
            upto = s->maxr;
        if (s->nbuf[c] < want)
            w[nw++] = (sf_sweep_work){c, s->nbuf[c], upto - s->nbuf[c]};
    }
    free(act);
    return nw;
}

int sf_sweep_add(sf_sweep *s, long cfg, int first, int count, const double *x) {
    int nt = s->nc ? s->nc : 1;
    if (first > s->nbuf[cfg] || first + count <= s->nbuf[cfg])
        return first + count <= s->nbuf[cfg] ? SF_OK : SF_ERR_ARG;
    int skip = s->nbuf[cfg] - first, add = count - skip;
    if (s->nbuf[cfg] + add > s->cap[cfg]) {
        int cap = s->cap[cfg] ? 2 * s->cap[cfg] : 16;
        while (cap < s->nbuf[cfg] + add)
            cap *= 2;
        double *o = realloc(s->obs[cfg], (size_t)cap * (size_t)nt * sizeof *o);
        if (!o)
            return SF_ERR_NOMEM;
        s->obs[cfg] = o;
        s->cap[cfg] = cap;
    }
    memcpy(s->obs[cfg] + (size_t)s->nbuf[cfg] * (size_t)nt, x + (size_t)skip * (size_t)s->nc,
           (size_t)add * (size_t)s->nc * sizeof *x);
    s->nbuf[cfg] += add;
    return SF_OK;
}

/* The signed deviation of one observation from target k: positive when
 * it is on the wrong side of the level. */
static double deviation(const sf_sweep *s, int k, double x) {
    return s->t[k].upper ? x - s->t[k].bound : s->t[k].bound - x;
}

/* Takes configuration c's next observation (its first n0 at first) and
 * settles it when the procedure can. */
static void step(sf_sweep *s, long c) {
    int nt = s->nt, nc = s->nc, r0 = s->nused[c];
    const double *x = s->obs[c];
    s->nused[c] = r0 ? r0 + 1 : s->n0;
    int r = s->nused[c], nan = 0;
    for (int k = 0; k < nt; k++) {
        for (int i = r0; i < r; i++) {
            double v = x[(size_t)i * (size_t)nc + (size_t)k];
            nan |= isnan(v);
            s->sum[c * nt + k] += deviation(s, k, v);
        }
        if (!r0) {
            sf_estimate e = sf_estimate_of(x + k, (size_t)nc, r);
            s->s2[c * nt + k] = e.sd * e.sd;
        }
    }
    int met = -1; /* -1: go on */
    if (nan)
        met = 0; /* an indicator that does not apply is no proof */
    else if (s->fixed) {
        met = 1;
        for (int k = 0; k < nt; k++) {
            sf_estimate e = sf_estimate_of(x + k, (size_t)nc, r);
            if (s->t[k].upper ? !(e.hi <= s->t[k].bound) : !(e.lo >= s->t[k].bound))
                met = 0;
        }
    } else {
        int all = 1, fail = 0;
        for (int k = 0; k < nt && !fail; k++) {
            if (s->tok[c * nt + k])
                continue;
            double e = s->eps[k], sum = s->sum[c * nt + k];
            /* Kim & Nelson's triangular region: it closes at
             * r = h^2 S^2 / eps^2; with eps = 0 it never does. */
            double R = e > 0 ? fmax(0, s->h2 * s->s2[c * nt + k] / (2 * e) - e * r / 2) : INFINITY;
            if (r >= s->maxr && R > 0) {
                R = 0;
                s->capped[c] = 1;
            }
            if (sum <= -R)
                s->tok[c * nt + k] = 1;
            else if (sum > R || (R > 0 && sum >= R))
                fail = 1;
            else
                all = 0;
        }
        met = fail ? 0 : all ? 1 : -1;
    }
    if (met < 0)
        return;
    for (int k = 0; k < nt; k++)
        s->est[c * nt + k] = sf_estimate_of(x + k, (size_t)nc, r);
    if (s->has_obj) {
        s->oest[c] = sf_estimate_of(x + nt, (size_t)nc, r);
        s->oreps[c] = r;
    }
    s->reps_used += r;
    settle(s, c, met);
}

/* ---- The selection by an objective (phase 1) --------------------------- */

/* Phase 0 is over: the candidates are the configurations that meet every
 * target (run or settled) within the budget. Each needs n0 observations
 * (those settled without a run get them now), then one round at a time. */
static int start_selection(sf_sweep *s) {
    s->phase = 1;
    s->ncand = 0;
    s->cand = malloc((size_t)s->n * sizeof *s->cand);
    if (!s->cand)
        return -1;
    for (long c = 0; c < s->n; c++)
        if (s->st[c] == SF_SWEEP_MET && !s->over[c]) {
            s->cand[s->ncand++] = c;
            s->sel[c] = SEL_ALIVE;
        }
    if (!s->ncand) {
        s->phase = 2;
        return 0;
    }
    s->s2d = calloc((size_t)(s->ncand * s->ncand), sizeof *s->s2d);
    if (!s->s2d)
        return -1;
    s->sel_r = s->n0;
    return 0;
}

/* Column j of rows 0 .. r - 1 of c's observations. */
static double col_sum(const sf_sweep *s, long c, int j, int r) {
    double sum = 0;
    for (int i = 0; i < r; i++)
        sum += s->obs[c][(size_t)i * (size_t)s->nc + (size_t)j];
    return sum;
}

/* The objective's estimate, and the targets' for a candidate settled
 * without a run, from its first r observations. */
static void measure(sf_sweep *s, long c, int r) {
    const double *x = s->obs[c];
    s->oreps[c] = r;
    s->oest[c] = sf_estimate_of(x + s->nt, (size_t)s->nc, (size_t)r);
    if (!s->ran[c] && !s->nused[c])
        for (int k = 0; k < s->nt; k++)
            s->est[c * s->nt + k] = sf_estimate_of(x + k, (size_t)s->nc, (size_t)r);
}

/* Better is lower when minimising: the sign that makes "worse" positive. */
static double worse(const sf_sweep *s, double a, double b) { return s->obj.upper ? a - b : b - a; }

/* Ends the selection at best; r: the survivors' observations. */
static void select_done(sf_sweep *s, long best, int r) {
    for (long i = 0; i < s->ncand; i++)
        if (s->sel[s->cand[i]] == SEL_ALIVE) {
            measure(s, s->cand[i], r);
            s->sel[s->cand[i]] = SEL_OUT;
        }
    s->best = best;
    if (best >= 0)
        s->sel[best] = SEL_BEST;
    s->phase = 2;
}

/* One round of Kim & Nelson's procedure (c = 1) among the survivors, each
 * holding sel_r observations: i is eliminated when its mean is worse than
 * survivor l's by more than W_il(r) = max(0, delta / (2r) (h^2 S_il^2 /
 * delta^2 - r)), S_il^2 the first stage's variance of the paired
 * differences (common random numbers make it small). Every elimination
 * of a round uses the survivors at its start. */
static void select_round(sf_sweep *s) {
    int r = s->sel_r, nc = s->nc, nt = s->nt;
    long k = s->ncand, alive = 0;
    double *mean = malloc((size_t)k * sizeof *mean);
    unsigned char *out = calloc((size_t)k, 1);
    if (!mean || !out) {
        free(mean);
        free(out);
        select_done(s, -1, r);
        return;
    }
    for (long i = 0; i < k; i++) {
        long c = s->cand[i];
        if (s->sel[c] != SEL_ALIVE)
            continue;
        mean[i] = col_sum(s, c, nt, r) / r;
        /* an objective that does not apply (NaN) cannot be the best */
        if (isnan(mean[i])) {
            measure(s, c, r);
            s->sel[c] = SEL_OUT;
        }
    }
    if (r == s->n0)
        for (long i = 0; i < k; i++)
            for (long l = i + 1; l < k; l++) {
                long a = s->cand[i], b = s->cand[l];
                if (s->sel[a] != SEL_ALIVE || s->sel[b] != SEL_ALIVE)
                    continue;
                double m = (col_sum(s, a, nt, r) - col_sum(s, b, nt, r)) / r, ss = 0;
                for (int j = 0; j < r; j++) {
                    double dd = s->obs[a][(size_t)j * (size_t)nc + (size_t)nt] -
                                s->obs[b][(size_t)j * (size_t)nc + (size_t)nt] - m;
                    ss += dd * dd;
                }
                s->s2d[i * k + l] = s->s2d[l * k + i] = ss / (r - 1);
            }
    if (!s->fixed)
        for (long i = 0; i < k; i++) {
            if (s->sel[s->cand[i]] != SEL_ALIVE)
                continue;
            for (long l = 0; l < k && !out[i]; l++) {
                if (l == i || s->sel[s->cand[l]] != SEL_ALIVE)
                    continue;
                double dl = s->delta;
                double W = fmax(0, dl / (2.0 * r) * (s->h2o * s->s2d[i * k + l] / (dl * dl) - r));
                if (worse(s, mean[i], mean[l]) > W)
                    out[i] = 1;
            }
        }
    long best = -1;
    for (long i = 0; i < k; i++) {
        long c = s->cand[i];
        if (s->sel[c] != SEL_ALIVE)
            continue;
        if (out[i]) {
            measure(s, c, r);
            s->sel[c] = SEL_OUT;
            continue;
        }
        alive++;
        /* the best mean; ties: the cheaper, then the first */
        if (best < 0 || worse(s, mean[i], mean[best]) < 0 ||
            (mean[i] == mean[best] && sf_sweep_cost(s, c) < sf_sweep_cost(s, s->cand[best])))
            best = i;
    }
    free(out);
    free(mean);
    if (alive <= 1 || s->fixed || r >= s->maxr) {
        s->ocapped = alive > 1 && !s->fixed;
        select_done(s, best < 0 ? -1 : s->cand[best], r);
        return;
    }
    s->sel_r = r + 1;
}

int sf_sweep_advance(sf_sweep *s) {
    long *act = malloc((size_t)s->n * sizeof *act);
    if (!act)
        return SF_ERR_NOMEM;
    for (;;) {
        long na = active(s, act);
        if (!na && s->phase == 0 && s->has_obj) {
            if (start_selection(s)) {
                free(act);
                return SF_ERR_NOMEM;
            }
            continue;
        }
        int ready = na > 0;
        for (long i = 0; i < na && ready; i++)
            ready = s->nbuf[act[i]] >= need(s, act[i]);
        if (!ready)
            break;
        /* one observation more for each, in grid order; one that an
         * earlier one's verdict settled or dropped takes no more */
        if (s->phase == 1)
            select_round(s);
        else
            for (long i = 0; i < na; i++)
                if (s->st[act[i]] == SF_SWEEP_UNKNOWN)
                    step(s, act[i]);
    }
    /* what was dropped used its replications too */
    free(act);
    return SF_OK;
}

/* ---- Budget and objective: setters and record --------------------------- */

void sf_sweep_set_budget(sf_sweep *s, double max_cost) {
    s->max_cost = max_cost;
    s->within = 0;
    for (long c = 0; c < s->n; c++) {
        /* a hair of slack: 3 x 1.1 is not above a budget of 3.3 */
        s->over[c] = sf_sweep_cost(s, c) > max_cost * (1 + 1e-12) + 1e-12;
        if (s->over[c])
            s->st[c] = SF_SWEEP_DROPPED;
        else
            s->within++;
    }
}

int sf_sweep_set_objective(sf_sweep *s, const sf_sweep_target *obj, double delta, sf_diag *d) {
    if (!(delta > 0) || !isfinite(delta))
        return sf_diag_set(d, SF_ERR_ARG, "", 0, 0,
                           "--delta: the indifference zone must be a number above 0 in %s's "
                           "unit",
                           sf_metric_name(obj->metric));
    s->obj = *obj;
    s->delta = delta;
    s->has_obj = 1;
    s->nc = s->nt + 1;
    return SF_OK;
}

int sf_sweep_columns(const sf_sweep *s) { return s->nc; }
const sf_sweep_target *sf_sweep_objective(const sf_sweep *s) { return s->has_obj ? &s->obj : NULL; }
double sf_sweep_delta(const sf_sweep *s) { return s->has_obj ? s->delta : NAN; }
double sf_sweep_max_cost(const sf_sweep *s) { return s->max_cost; }
int sf_sweep_over_budget(const sf_sweep *s, long cfg) { return s->over[cfg]; }
long sf_sweep_best(const sf_sweep *s) { return s->has_obj ? s->best : sf_sweep_cheapest(s); }
int sf_sweep_measured(const sf_sweep *s, long cfg) { return s->ran[cfg] || s->oreps[cfg] > 0; }
sf_estimate sf_sweep_objective_estimate(const sf_sweep *s, long cfg) {
    if (!s->has_obj || !s->oreps[cfg])
        return (sf_estimate){.mean = NAN, .half = NAN, .lo = NAN, .hi = NAN, .sd = NAN};
    return s->oest[cfg];
}
int sf_sweep_objective_replications(const sf_sweep *s, long cfg) { return s->oreps[cfg]; }
long sf_sweep_candidates(const sf_sweep *s) { return s->ncand; }
double sf_sweep_h2_objective(const sf_sweep *s) { return s->h2o; }
int sf_sweep_objective_capped(const sf_sweep *s) { return s->ocapped; }

int sf_sweep_tied(const sf_sweep *s, long cfg) {
    if (s->restored)
        return s->has_obj && s->sel[cfg] == SEL_TIE;
    if (!s->has_obj || s->best < 0 || cfg == s->best || s->sel[cfg] != SEL_OUT || !s->oreps[cfg])
        return 0;
    int r = s->oreps[cfg] < s->oreps[s->best] ? s->oreps[cfg] : s->oreps[s->best];
    double diff = (col_sum(s, cfg, s->nt, r) - col_sum(s, s->best, s->nt, r)) / r;
    return fabs(diff) < s->delta;
}

long sf_sweep_ties(const sf_sweep *s) {
    long n = 0;
    for (long i = 0; i < s->ncand; i++)
        n += sf_sweep_tied(s, s->cand[i]);
    return n;
}

const char *sf_sweep_selection(const sf_sweep *s, long cfg) {
    if (!s->has_obj || s->sel[cfg] == SEL_NONE)
        return "";
    if (s->sel[cfg] == SEL_BEST)
        return "best";
    return sf_sweep_tied(s, cfg) ? "tie" : "eliminated";
}

long sf_sweep_replications_all(const sf_sweep *s) {
    long r = 0;
    for (long c = 0; c < s->n; c++)
        r += s->nused[c] > s->oreps[c] ? s->nused[c] : s->oreps[c];
    return r;
}

long sf_sweep_dropped_replications(const sf_sweep *s) {
    long r = 0;
    for (long c = 0; c < s->n; c++)
        if (s->st[c] == SF_SWEEP_DROPPED)
            r += s->nused[c];
    return r;
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

/* With an objective: the front of cost against the objective's mean,
 * among the configurations that meet every target within the budget and
 * whose objective was estimated. */
static int objective_front(const sf_sweep *s, long c) {
    return s->st[c] == SF_SWEEP_MET && !s->over[c] && s->oreps[c] > 0 && !isnan(s->oest[c].mean);
}

int sf_sweep_pareto(const sf_sweep *s, long cfg) {
    if (s->has_obj) {
        if (!objective_front(s, cfg))
            return 0;
        double cc = sf_sweep_cost(s, cfg), mc = s->oest[cfg].mean;
        for (long o = 0; o < s->n; o++) {
            if (o == cfg || !objective_front(s, o))
                continue;
            double co = sf_sweep_cost(s, o), w = worse(s, s->oest[o].mean, mc);
            if (co <= cc && w <= 0 && (co < cc || w < 0))
                return 0;
        }
        return 1;
    }
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
    if (s->st[c] == SF_SWEEP_DROPPED)
        return "dropped";
    if (s->ran[c])
        return s->st[c] == SF_SWEEP_MET ? "met" : "not_met";
    return s->st[c] == SF_SWEEP_MET ? "met_inferred" : "not_met_inferred";
}

/* Target k's verdict for a configuration with estimates: its own when it
 * ran, else the one monotonicity settled (a candidate of the selection). */
static int measured_met(const sf_sweep *s, long c, int k) {
    return s->ran[c] ? sf_sweep_target_met(s, c, k) : s->st[c] == SF_SWEEP_MET;
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
    fputs(",cost,status,ran,replications,pareto", f);
    for (int k = 0; k < s->nt; k++) {
        char lb[64];
        const char *n = sf_sweep_metric_label(&s->t[k], lb);
        fprintf(f, ",%s.%s,%s.%s_lo,%s.%s_hi,%s.%s_met", s->t[k].unit, n, s->t[k].unit, n,
                s->t[k].unit, n, s->t[k].unit, n);
    }
    if (s->has_obj)
        fputs(",over_budget,objective,objective_lo,objective_hi,objective_replications,selection",
              f);
    fputc('\n', f);
    for (long c = 0; c < s->n; c++) {
        fprintf(f, "%ld", c + 1);
        for (int k = 0; k < s->nvars; k++)
            fprintf(f, ",%d", sf_sweep_value(s, c, k));
        fprintf(f, ",%.10g,%s,%d,%d,%d", sf_sweep_cost(s, c), status_word(s, c), s->ran[c],
                s->nused[c], sf_sweep_pareto(s, c));
        for (int k = 0; k < s->nt; k++) {
            sf_estimate e = sf_sweep_measured(s, c)
                                ? s->est[c * s->nt + k]
                                : (sf_estimate){.mean = NAN, .lo = NAN, .hi = NAN};
            csv_num(f, e.mean);
            csv_num(f, e.lo);
            csv_num(f, e.hi);
            if (!sf_sweep_measured(s, c))
                fputs(",", f);
            else
                fprintf(f, ",%d", measured_met(s, c, k));
        }
        if (s->has_obj) {
            sf_estimate o = sf_sweep_objective_estimate(s, c);
            fprintf(f, ",%d", s->over[c]);
            csv_num(f, o.mean);
            csv_num(f, o.lo);
            csv_num(f, o.hi);
            fprintf(f, ",%d,%s", s->oreps[c], sf_sweep_selection(s, c));
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
    fprintf(f,
            ", \"status\": \"%s\", \"ran\": %s, \"replications\": %d, \"capped\": %s, "
            "\"pareto\": %s, \"estimates\": [",
            status_word(s, c), s->ran[c] ? "true" : "false", s->nused[c],
            s->capped[c] ? "true" : "false", sf_sweep_pareto(s, c) ? "true" : "false");
    for (int k = 0; sf_sweep_measured(s, c) && k < s->nt; k++) {
        sf_estimate e = s->est[c * s->nt + k];
        fputs(k ? ", " : "", f);
        fputs("{\"mean\": ", f);
        sf_json_num(f, e.mean);
        fputs(", \"lo\": ", f);
        sf_json_num(f, e.lo);
        fputs(", \"hi\": ", f);
        sf_json_num(f, e.hi);
        fprintf(f, ", \"met\": %s}", measured_met(s, c, k) ? "true" : "false");
    }
    fprintf(f, "], \"over_budget\": %s", s->over[c] ? "true" : "false");
    if (s->has_obj) {
        fputs(", \"objective\": ", f);
        if (!s->oreps[c])
            fputs("null", f);
        else {
            sf_estimate e = s->oest[c];
            fputs("{\"mean\": ", f);
            sf_json_num(f, e.mean);
            fputs(", \"lo\": ", f);
            sf_json_num(f, e.lo);
            fputs(", \"hi\": ", f);
            sf_json_num(f, e.hi);
            fprintf(f, ", \"replications\": %d}", s->oreps[c]);
        }
        fprintf(f, ", \"selection\": \"%s\"", sf_sweep_selection(s, c));
    }
    fputs("}", f);
}

void sf_sweep_set_model(sf_sweep *s, const char *name) {
    snprintf(s->model, sizeof s->model, "%s", name ? name : "");
}
const char *sf_sweep_model(const sf_sweep *s) { return s->model; }

int sf_sweep_write_json(const sf_sweep *s, int reps, uint64_t seed, FILE *f) {
    fputs("{\n  \"model\": ", f);
    sf_json_str(f, s->model);
    fputs(",\n  \"decisions\": [", f);
    for (int k = 0; k < s->nvars; k++) {
        fputs(k ? ", " : "", f);
        fputs("{\"path\": ", f);
        sf_json_str(f, s->vars[k].path);
        fputs(", \"name\": ", f);
        sf_json_str(f, s->vars[k].name);
        fprintf(f, ", \"lo\": %d, \"hi\": %d, \"step\": %d, \"cost\": ", s->vars[k].lo,
                s->vars[k].hi, s->vars[k].step);
        sf_json_num(f, s->vars[k].cost);
        fputs("}", f);
    }
    fputs("],\n  \"targets\": [", f);
    for (int k = 0; k < s->nt; k++) {
        char lb[64];
        fputs(k ? ", " : "", f);
        fputs("{\"target\": ", f);
        sf_json_str(f, s->t[k].shown);
        fputs(", \"unit\": ", f);
        sf_json_str(f, s->t[k].unit);
        fprintf(f, ", \"metric\": \"%s\", \"op\": \"%s\", \"bound\": ",
                sf_sweep_metric_label(&s->t[k], lb), s->t[k].upper ? "<=" : ">=");
        sf_json_num(f, s->t[k].bound);
        fputs(", \"tolerance\": ", f);
        sf_json_num(f, s->fixed ? 0 : s->eps[k]);
        fputs("}", f);
    }
    fprintf(f,
            "],\n  \"procedure\": \"%s\",\n  \"confidence\": ", s->fixed ? "fixed" : "sequential");
    sf_json_num(f, s->fixed ? 0.95 : s->confidence);
    fputs(",\n  \"h2\": ", f);
    sf_json_num(f, s->fixed ? NAN : s->h2);
    fprintf(f,
            ",\n  \"replications\": %d,\n  \"replications_total\": %ld,\n  \"seed\": %llu,\n"
            "  \"pruning\": %s,\n  \"grid\": %ld,\n  \"runs\": %ld,\n  \"cheapest\": ",
            reps, sf_sweep_replications_all(s), (unsigned long long)seed,
            s->prune ? "true" : "false", s->n, s->runs);
    long b = sf_sweep_cheapest(s);
    if (b < 0)
        fputs("null", f);
    else
        json_config(s, b, f);
    fputs(",\n  \"max_cost\": ", f);
    sf_json_num(f, isfinite(s->max_cost) ? s->max_cost : NAN);
    fprintf(f, ",\n  \"within_budget\": %ld,\n  \"objective\": ", s->within);
    if (!s->has_obj)
        fputs("null", f);
    else {
        char lb[64];
        fputs("{\"objective\": ", f);
        sf_json_str(f, s->obj.shown);
        fprintf(f, ", \"sense\": \"%s\", \"unit\": ", s->obj.upper ? "minimize" : "maximize");
        sf_json_str(f, s->obj.unit);
        fprintf(f, ", \"metric\": \"%s\", \"delta\": ", sf_sweep_metric_label(&s->obj, lb));
        sf_json_num(f, s->delta);
        fputs(", \"h2\": ", f);
        sf_json_num(f, s->fixed ? NAN : s->h2o);
        fprintf(f, ", \"candidates\": %ld, \"capped\": %s, \"ties\": [", s->ncand,
                s->ocapped ? "true" : "false");
        for (long i = 0, first = 1; i < s->ncand; i++)
            if (sf_sweep_tied(s, s->cand[i])) {
                fprintf(f, "%s%ld", first ? "" : ", ", s->cand[i] + 1);
                first = 0;
            }
        fputs("]}", f);
    }
    fputs(",\n  \"best\": ", f);
    if (sf_sweep_best(s) < 0)
        fputs("null", f);
    else
        json_config(s, sf_sweep_best(s), f);
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

/* ---- Read back (sweep_read.c) ------------------------------------------- */

void sf_sweep_restore_config(sf_sweep *s, long cfg, int status, int ran, int reps, int capped,
                             const sf_estimate *est, const unsigned char *met) {
    s->st[cfg] = (unsigned char)status;
    s->ran[cfg] = ran != 0;
    s->nused[cfg] = reps;
    s->capped[cfg] = capped != 0;
    s->restored = 1;
    for (int k = 0; est && k < s->nt; k++) {
        s->est[cfg * s->nt + k] = est[k];
        s->tok[cfg * s->nt + k] = met[k];
    }
}

void sf_sweep_restore(sf_sweep *s, int fixed, long replications_total) {
    s->fixed = fixed;
    s->runs = 0;
    for (long c = 0; c < s->n; c++)
        s->runs += s->ran[c];
    s->reps_used = replications_total - sf_sweep_dropped_replications(s);
}

int sf_sweep_restore_selection(sf_sweep *s, long cfg, const sf_estimate *est, int reps,
                               const char *selection) {
    static const char *const word[] = {"", "eliminated", "best", "tie"};
    static const unsigned char sel[] = {SEL_NONE, SEL_OUT, SEL_BEST, SEL_TIE};
    for (size_t i = 0; i < sizeof sel; i++)
        if (!strcmp(selection, word[i])) {
            s->sel[cfg] = sel[i];
            s->oreps[cfg] = est ? reps : 0;
            if (est)
                s->oest[cfg] = *est;
            return 0;
        }
    return -1;
}

int sf_sweep_restore_objective(sf_sweep *s, double h2, int capped) {
    s->h2o = h2;
    s->ocapped = capped != 0;
    s->phase = 2;
    s->best = -1;
    s->ncand = 0;
    free(s->cand);
    s->cand = malloc((size_t)s->n * sizeof *s->cand);
    if (!s->cand)
        return -1;
    for (long c = 0; c < s->n; c++) {
        if (s->st[c] == SF_SWEEP_MET && !s->over[c])
            s->cand[s->ncand++] = c;
        if (s->sel[c] == SEL_BEST)
            s->best = c;
    }
    return 0;
}
