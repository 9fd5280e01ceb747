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

/* Configuration c, element j of "configurations", into s. */
static int read_config(const reader *r, sf_sweep *s, long c, const sf_json *j) {
    int rc = 0, nt = sf_sweep_targets(s), st, must, ran, capped;
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
    const sf_json *es = member(r, j, "estimates", SF_J_ARR, &rc);
    if (!es)
        return rc;
    if (count(es) != (ran ? nt : 0))
        return bad(r, es, ran ? "expected an estimate per target" : "expected none (not run)",
                   "estimates");
    sf_estimate est[SF_SWEEP_MAX_TARGETS] = {{0}};
    unsigned char met[SF_SWEEP_MAX_TARGETS] = {0};
    int k = 0;
    for (const sf_json *e = es->kids; e; e = e->next, k++) {
        int m;
        if (e->type != SF_J_OBJ)
            return bad(r, e, "expected an object", "estimates");
        if ((rc = number(r, e, "mean", 1, &est[k].mean)) ||
            (rc = number(r, e, "lo", 1, &est[k].lo)) || (rc = number(r, e, "hi", 1, &est[k].hi)) ||
            (rc = boolean(r, e, "met", &m)))
            return rc;
        met[k] = (unsigned char)m;
    }
    sf_sweep_restore_config(s, c, st, ran, (int)reps, capped, est, met);
    return 0;
}

int sf_sweep_read_json(const char *name, const char *txt, size_t len, sf_sweep **out, sf_diag *d) {
    reader r = {name, d};
    sf_arena a = {0};
    sf_json_err je = {0};
    sf_sweep_var vars[SF_SWEEP_MAX_VARS];
    sf_sweep_target t[SF_SWEEP_MAX_TARGETS];
    int nv = 0, nt = 0, rc, prune = 0;
    long grid, total;
    char proc[16];
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
        rc = read_config(&r, *out, c, j);
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
