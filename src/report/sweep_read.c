/* sweep_read.c: sweep.json read back into a sweep (sweep.h), so that the
 * dashboard draws a sweep's page with the report's code (sweep_html.c)
 * from the file `samflyt sweep -o DIR` wrote, without running anything.
 *
 * The file is read with the library's strict JSON reader (src/flow/json.h,
 * fuzzed for FHIR) and checked against itself before a figure is used: the
 * grid its decisions span must be the list of configurations, in grid
 * order with each one's values; an estimate per target for each one that
 * ran, a status that agrees with whether it ran. A file cut short, or
 * edited into a shape samflyt does not write, gives an error with the
 * place, never a crash or a half-drawn page (a figure changed by hand
 * within that shape cannot be told and is drawn as it stands). */
#include "report/sweep.h"

#include "core/arena.h"
#include "core/diag.h"
#include "flow/json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct reader {
    const char *name;
    sf_diag *d;
} reader;

static int bad(const reader *r, const sf_json *at, const char *what, const char *key) {
    return sf_diag_set(r->d, SF_ERR_SYNTAX, r->name, at ? at->line : 0, at ? at->col : 0,
                       "not a sweep.json of samflyt sweep: %s%s%s", key ? key : "", key ? ": " : "",
                       what);
}

/* Member key of o of type t (NULL and the error set when it is not). */
static const sf_json *member(const reader *r, const sf_json *o, const char *key, sf_jtype t,
                             int *rc) {
    const sf_json *j = sf_json_get(o, key);
    static const char *const tn[] = {"null",   "true or false", "a number",
                                     "a text", "a list",        "an object"};
    if (!j || j->type != t) {
        char w[80];
        snprintf(w, sizeof w, "expected %s", tn[t]);
        *rc = bad(r, j ? j : o, j ? w : "missing", key);
        return NULL;
    }
    return j;
}

/* A number member (null: NaN when nullable). */
static int number(const reader *r, const sf_json *o, const char *key, int nullable, double *x) {
    const sf_json *j = sf_json_get(o, key);
    if (j && j->type == SF_J_NULL && nullable) {
        *x = NAN;
        return 0;
    }
    if (!j || j->type != SF_J_NUM)
        return bad(r, j ? j : o, j ? "expected a number" : "missing", key);
    char *end;
    *x = strtod(j->s, &end);
    if (end != j->s + j->len || !isfinite(*x))
        return bad(r, j, "expected a finite number", key);
    return 0;
}

/* A whole number member in lo..hi. */
static int whole(const reader *r, const sf_json *o, const char *key, double lo, double hi,
                 long *out) {
    double x = NAN;
    int rc = number(r, o, key, 0, &x);
    if (rc)
        return rc;
    if (x != floor(x) || x < lo || x > hi) {
        char w[100];
        snprintf(w, sizeof w, "expected a whole number from %.0f to %.0f", lo, hi);
        return bad(r, sf_json_get(o, key), w, key);
    }
    *out = (long)x;
    return 0;
}

static int text(const reader *r, const sf_json *o, const char *key, char *buf, size_t size) {
    int rc = 0;
    const sf_json *j = member(r, o, key, SF_J_STR, &rc);
    if (!j)
        return rc;
    if (j->len >= size || memchr(j->s, '\0', j->len))
        return bad(r, j, "too long", key);
    memcpy(buf, j->s, j->len + 1);
    return 0;
}

static int boolean(const reader *r, const sf_json *o, const char *key, int *out) {
    int rc = 0;
    const sf_json *j = member(r, o, key, SF_J_BOOL, &rc);
    if (j)
        *out = j->len == 4 && !memcmp(j->s, "true", 4);
    return rc;
}

static long count(const sf_json *a) {
    long n = 0;
    for (const sf_json *k = a->kids; k; k = k->next)
        n++;
    return n;
}

static int read_decisions(const reader *r, const sf_json *root, sf_sweep_var *v, int *nv) {
    int rc = 0;
    const sf_json *a = member(r, root, "decisions", SF_J_ARR, &rc);
    if (!a)
        return rc;
    if (count(a) < 1 || count(a) > SF_SWEEP_MAX_VARS)
        return bad(r, a, "expected 1 to 8 decisions", "decisions");
    *nv = 0;
    for (const sf_json *k = a->kids; k; k = k->next) {
        sf_sweep_var *x = &v[(*nv)++];
        long lo, hi, step;
        memset(x, 0, sizeof *x);
        if (k->type != SF_J_OBJ)
            return bad(r, k, "expected an object", "decisions");
        if ((rc = text(r, k, "path", x->path, sizeof x->path)) ||
            (rc = text(r, k, "name", x->name, sizeof x->name)) ||
            (rc = whole(r, k, "lo", 0, 1e6, &lo)) ||
            (rc = whole(r, k, "hi", (double)lo, 1e6, &hi)) ||
            (rc = whole(r, k, "step", 1, 1e6, &step)) || (rc = number(r, k, "cost", 1, &x->cost)))
            return rc;
        if (x->cost < 0)
            return bad(r, sf_json_get(k, "cost"), "a cost is at least 0", "cost");
        x->lo = (int)lo, x->hi = (int)hi, x->step = (int)step;
    }
    return 0;
}

static int read_targets(const reader *r, const sf_json *root, sf_sweep_target *t, int *nt) {
    int rc = 0;
    const sf_json *a = member(r, root, "targets", SF_J_ARR, &rc);
    if (!a)
        return rc;
    if (count(a) > SF_SWEEP_MAX_TARGETS)
        return bad(r, a, "expected at most 16 targets", "targets");
    *nt = 0;
    for (const sf_json *k = a->kids; k; k = k->next) {
        char unit[128], metric[64], op[4], shown[200], arg[400];
        double bound;
        if (k->type != SF_J_OBJ)
            return bad(r, k, "expected an object", "targets");
        if ((rc = text(r, k, "target", shown, sizeof shown)) ||
            (rc = text(r, k, "unit", unit, sizeof unit)) ||
            (rc = text(r, k, "metric", metric, sizeof metric)) ||
            (rc = text(r, k, "op", op, sizeof op)) || (rc = number(r, k, "bound", 0, &bound)))
            return rc;
        if (strcmp(op, "<=") && strcmp(op, ">="))
            return bad(r, sf_json_get(k, "op"), "expected <= or >=", "op");
        /* the unit and metric as --target reads them; the level as written */
        sf_sweep_target *x = &t[(*nt)++];
        sf_diag pd = {0};
        snprintf(arg, sizeof arg, "%s.%s%s0", unit, metric, op);
        if (sf_sweep_parse_target(arg, x, &pd))
            return bad(r, sf_json_get(k, "metric"), pd.msg, "metric");
        x->bound = bound;
        snprintf(x->shown, sizeof x->shown, "%s", shown);
    }
    return 0;
}

static int status_of(const char *s, int *st, int *ran) {
    static const struct {
        const char *name;
        int st, ran; /* ran: 1 must have, 0 must not, -1 either */
    } tab[] = {{"met", SF_SWEEP_MET, 1},          {"not_met", SF_SWEEP_NOT_MET, 1},
               {"met_inferred", SF_SWEEP_MET, 0}, {"not_met_inferred", SF_SWEEP_NOT_MET, 0},
               {"dropped", SF_SWEEP_DROPPED, -1}, {"unknown", SF_SWEEP_UNKNOWN, 0}};
    for (size_t i = 0; i < sizeof tab / sizeof *tab; i++)
        if (!strcmp(s, tab[i].name)) {
            *st = tab[i].st;
            *ran = tab[i].ran;
            return 0;
        }
    return -1;
}

/* An estimate {mean, lo, hi} of o (each a number or null). */
static int estimate(const reader *r, const sf_json *o, sf_estimate *e) {
    int rc;
    if ((rc = number(r, o, "mean", 1, &e->mean)) || (rc = number(r, o, "lo", 1, &e->lo)) ||
        (rc = number(r, o, "hi", 1, &e->hi)))
        return rc;
    return 0;
}

/* With an objective, c's "objective" (null: not estimated) and
 * "selection", checked against its status: only a candidate (it meets
 * every target within the budget) takes part in the selection, and the
 * best and its ties have an estimate. *measured: it has one. */
static int read_selection(const reader *r, sf_sweep *s, long c, const sf_json *j, int *measured) {
    int rc = 0;
    long reps = 0;
    char sel[16];
    sf_estimate e = {0};
    const sf_json *o = sf_json_get(j, "objective");
    if (!o)
        return bad(r, j, "missing", "objective");
    if (o->type != SF_J_NULL) {
        if (o->type != SF_J_OBJ)
            return bad(r, o, "expected an object or null", "objective");
        if ((rc = estimate(r, o, &e)) || (rc = whole(r, o, "replications", 1, 1e9, &reps)))
            return rc;
    }
    *measured = o->type != SF_J_NULL;
    if ((rc = text(r, j, "selection", sel, sizeof sel)))
        return rc;
    const sf_json *at = sf_json_get(j, "selection");
    if (sf_sweep_restore_selection(s, c, *measured ? &e : NULL, (int)reps, sel))
        return bad(r, at, "expected best, tie, eliminated or \"\"", "selection");
    int cand = sf_sweep_status(s, c) == SF_SWEEP_MET && !sf_sweep_over_budget(s, c);
    if (*sel && !cand)
        return bad(r, at,
                   "only a configuration that meets every target within the budget is "
                   "selected among",
                   "selection");
    if ((!strcmp(sel, "best") || !strcmp(sel, "tie")) && !*measured)
        return bad(r, o, "the best and its ties have an estimate", "objective");
    return 0;
}

/* Configuration c, element j of "configurations", into s; budget: the
 * file records one (over_budget, checked against the cost). */
static int read_config(const reader *r, sf_sweep *s, long c, const sf_json *j, int budget) {
    int rc = 0, nt = sf_sweep_targets(s), st, must, ran, capped, measured = 0;
    long cfg, reps;
    char status[32];
    if (j->type != SF_J_OBJ)
        return bad(r, j, "expected an object", "configurations");
    if ((rc = whole(r, j, "config", 1, 1e9, &cfg)))
        return rc;
    if (cfg != c + 1)
        return bad(r, sf_json_get(j, "config"), "the configurations are not in grid order",
                   "config");
    const sf_json *vals = member(r, j, "values", SF_J_OBJ, &rc);
    if (!vals)
        return rc;
    long nvals = 0;
    for (const sf_json *k = vals->kids; k; k = k->next)
        nvals++;
    if (nvals != sf_sweep_vars(s))
        return bad(r, vals, "expected a value per decision", "values");
    for (int k = 0; k < sf_sweep_vars(s); k++) {
        long x;
        if ((rc = whole(r, vals, sf_sweep_var_of(s, k)->path, 0, 1e6, &x)))
            return rc;
        if (x != sf_sweep_value(s, c, k))
            return bad(r, sf_json_get(vals, sf_sweep_var_of(s, k)->path),
                       "not this configuration's value in the grid", "values");
    }
    if ((rc = text(r, j, "status", status, sizeof status)) || (rc = boolean(r, j, "ran", &ran)) ||
        (rc = whole(r, j, "replications", 0, 1e9, &reps)) ||
        (rc = boolean(r, j, "capped", &capped)))
        return rc;
    if (status_of(status, &st, &must))
        return bad(r, sf_json_get(j, "status"),
                   "expected met, not_met, met_inferred, not_met_inferred, dropped or unknown",
                   "status");
    if (must >= 0 && must != ran)
        return bad(r, sf_json_get(j, "ran"), "does not agree with the status", "ran");
    if (budget) {
        int over;
        if ((rc = boolean(r, j, "over_budget", &over)))
            return rc;
        if (over != sf_sweep_over_budget(s, c) || (over && (st != SF_SWEEP_DROPPED || ran)))
            return bad(r, sf_json_get(j, "over_budget"),
                       "does not agree with the cost, the budget and the status", "over_budget");
    }
    /* the status first: the selection is checked against it */
    sf_sweep_restore_config(s, c, st, ran, (int)reps, capped, NULL, NULL);
    if (sf_sweep_objective(s) && (rc = read_selection(r, s, c, j, &measured)))
        return rc;
    const sf_json *es = member(r, j, "estimates", SF_J_ARR, &rc);
    if (!es)
        return rc;
    if (count(es) != (ran || measured ? nt : 0))
        return bad(r, es,
                   ran || measured ? "expected an estimate per target"
                                   : "expected none (not run, not selected among)",
                   "estimates");
    sf_estimate est[SF_SWEEP_MAX_TARGETS] = {{0}};
    unsigned char met[SF_SWEEP_MAX_TARGETS] = {0};
    int k = 0;
    for (const sf_json *e = es->kids; e; e = e->next, k++) {
        int m;
        if (e->type != SF_J_OBJ)
            return bad(r, e, "expected an object", "estimates");
        if ((rc = estimate(r, e, &est[k])) || (rc = boolean(r, e, "met", &m)))
            return rc;
        met[k] = (unsigned char)m;
    }
    sf_sweep_restore_config(s, c, st, ran, (int)reps, capped, k ? est : NULL, met);
    return 0;
}

/* The budget ("max_cost": null, none; absent in files older than it) and
 * the objective ("objective": null or absent, none) into s, before the
 * configurations; *budget: the file records over_budget per
 * configuration. */
static int read_objective(const reader *r, const sf_json *root, sf_sweep *s, int *budget) {
    int rc = 0, min;
    double max_cost, delta;
    char shown[200], sense[16], unit[128], metric[64], arg[200];
    *budget = sf_json_get(root, "max_cost") != NULL;
    if (*budget) {
        if ((rc = number(r, root, "max_cost", 1, &max_cost)))
            return rc;
        if (max_cost < 0)
            return bad(r, sf_json_get(root, "max_cost"), "a budget is at least 0", "max_cost");
        if (!isnan(max_cost))
            sf_sweep_set_budget(s, max_cost);
    }
    const sf_json *o = sf_json_get(root, "objective");
    if (!o || o->type == SF_J_NULL)
        return 0;
    if (o->type != SF_J_OBJ)
        return bad(r, o, "expected an object or null", "objective");
    if ((rc = text(r, o, "objective", shown, sizeof shown)) ||
        (rc = text(r, o, "sense", sense, sizeof sense)) ||
        (rc = text(r, o, "unit", unit, sizeof unit)) ||
        (rc = text(r, o, "metric", metric, sizeof metric)) ||
        (rc = number(r, o, "delta", 0, &delta)))
        return rc;
    if (strcmp(sense, "minimize") && strcmp(sense, "maximize"))
        return bad(r, sf_json_get(o, "sense"), "expected minimize or maximize", "sense");
    min = !strcmp(sense, "minimize");
    /* the unit and metric as --minimize reads them */
    sf_sweep_target ob;
    sf_diag pd = {0};
    snprintf(arg, sizeof arg, "%s.%s", unit, metric);
    if (sf_sweep_parse_objective(arg, min, &ob, &pd))
        return bad(r, sf_json_get(o, "metric"), pd.msg, "metric");
    snprintf(ob.shown, sizeof ob.shown, "%s", shown);
    if (sf_sweep_set_objective(s, &ob, delta, &pd))
        return bad(r, sf_json_get(o, "delta"), pd.msg, "delta");
    return 0;
}

/* After the configurations: the selection's figures, checked against
 * what the configurations say (candidates, ties, the best). */
static int read_selected(const reader *r, const sf_json *root, sf_sweep *s) {
    int rc = 0, capped;
    long cand;
    double h2;
    const sf_json *o = sf_json_get(root, "objective");
    if ((rc = number(r, o, "h2", 1, &h2)) || (rc = boolean(r, o, "capped", &capped)) ||
        (rc = whole(r, o, "candidates", 0, SF_SWEEP_MAX_CONFIGS, &cand)))
        return rc;
    if (sf_sweep_restore_objective(s, h2, capped))
        return sf_diag_set(r->d, SF_ERR_NOMEM, r->name, 0, 0, "out of memory");
    if (cand != sf_sweep_candidates(s))
        return bad(r, sf_json_get(o, "candidates"),
                   "not the configurations that meet every target within the budget", "candidates");
    const sf_json *ties = member(r, o, "ties", SF_J_ARR, &rc);
    if (!ties)
        return rc;
    long c = 0;
    for (const sf_json *k = ties->kids; k; k = k->next, c++) {
        while (c < sf_sweep_size(s) && !sf_sweep_tied(s, c))
            c++;
        char *end = NULL;
        double x = k->type == SF_J_NUM ? strtod(k->s, &end) : -1;
        if (c >= sf_sweep_size(s) || x != (double)(c + 1) || end != k->s + k->len)
            return bad(r, k, "not the configurations whose selection is tie", "ties");
    }
    while (c < sf_sweep_size(s) && !sf_sweep_tied(s, c))
        c++;
    if (c < sf_sweep_size(s))
        return bad(r, ties, "not the configurations whose selection is tie", "ties");
    long nbest = 0;
    for (c = 0; c < sf_sweep_size(s); c++)
        nbest += !strcmp(sf_sweep_selection(s, c), "best");
    const sf_json *b = sf_json_get(root, "best");
    long best = sf_sweep_best(s), bc = 0;
    if (nbest > 1)
        return bad(r, b ? b : root, "more than one configuration's selection is best", "best");
    if (!b)
        return bad(r, root, "missing", "best");
    if (b->type == SF_J_NULL
            ? best >= 0
            : b->type != SF_J_OBJ || whole(r, b, "config", 1, 1e9, &bc) || bc != best + 1)
        return bad(r, b, "not the configuration whose selection is best", "best");
    return 0;
}

int sf_sweep_read_json(const char *name, const char *txt, size_t len, sf_sweep **out, sf_diag *d) {
    reader r = {name, d};
    sf_arena a = {0};
    sf_json_err je = {0};
    sf_sweep_var vars[SF_SWEEP_MAX_VARS];
    sf_sweep_target t[SF_SWEEP_MAX_TARGETS];
    int nv = 0, nt = 0, rc, prune = 0, budget = 0;
    long grid, total, within;
    char proc[16], model[1024] = "";
    *out = NULL;
    sf_json *root = sf_json_parse(&a, txt, len, 1, &je);
    if (!root) {
        rc = sf_diag_set(d, SF_ERR_SYNTAX, name, je.line, je.col, "%s", je.msg);
        goto done;
    }
    if (root->type != SF_J_OBJ) {
        rc = bad(&r, root, "expected an object", NULL);
        goto done;
    }
    /* the model's name: absent in files older than it */
    if (sf_json_get(root, "model") && (rc = text(&r, root, "model", model, sizeof model)))
        goto done;
    if ((rc = read_decisions(&r, root, vars, &nv)) || (rc = read_targets(&r, root, t, &nt)) ||
        (rc = text(&r, root, "procedure", proc, sizeof proc)) ||
        (rc = boolean(&r, root, "pruning", &prune)) ||
        (rc = whole(&r, root, "grid", 1, SF_SWEEP_MAX_CONFIGS, &grid)) ||
        (rc = whole(&r, root, "replications_total", 0, 1e15, &total)))
        goto done;
    if (strcmp(proc, "fixed") && strcmp(proc, "sequential")) {
        rc = bad(&r, sf_json_get(root, "procedure"), "expected fixed or sequential", "procedure");
        goto done;
    }
    sf_diag nd = {0};
    if ((rc = sf_sweep_new(vars, nv, t, nt, prune, out, &nd))) {
        rc = bad(&r, sf_json_get(root, "decisions"), nd.msg, "decisions");
        goto done;
    }
    sf_sweep_set_model(*out, model);
    if ((rc = read_objective(&r, root, *out, &budget)))
        goto done;
    const sf_json *cs = member(&r, root, "configurations", SF_J_ARR, &rc);
    if (!cs)
        goto done;
    if (sf_sweep_size(*out) != grid || count(cs) != grid) {
        rc = bad(&r, cs, "the decisions' grid and the configurations listed differ in number",
                 "configurations");
        goto done;
    }
    long c = 0;
    for (const sf_json *j = cs->kids; j && !rc; j = j->next, c++)
        rc = read_config(&r, *out, c, j, budget);
    if (!rc && sf_sweep_objective(*out))
        rc = read_selected(&r, root, *out);
    if (!rc && budget) {
        long n = 0;
        for (c = 0; c < grid; c++)
            n += !sf_sweep_over_budget(*out, c);
        if ((rc = whole(&r, root, "within_budget", 0, SF_SWEEP_MAX_CONFIGS, &within)))
            goto done;
        if (within != n) {
            rc = bad(&r, sf_json_get(root, "within_budget"),
                     "not the configurations that cost at most the budget", "within_budget");
            goto done;
        }
    }
    if (!rc)
        sf_sweep_restore(*out, !strcmp(proc, "fixed"), total);
done:
    if (rc) {
        sf_sweep_free(*out);
        *out = NULL;
    }
    sf_arena_free(&a);
    return rc;
}
