/* dist.c: duration distributions in model files, such as exp(25m),
 * lognormal(2d, 1d), weibull(1.5, 2d) or {empirical: [1h, 2h, 30m]},
 * checked against the invariants in model.h and converted to hours.
 *
 * Valid-looking arguments can still make a distribution the sampler
 * cannot draw from: gamma(1d, 1e-300d) has shape mean^2/sd^2 = inf and
 * every draw is NaN. So besides each argument, the parameters the sampler
 * derives (src/sim/sampler.c: gamma shape and scale, lognormal mu and
 * sigma, the weibull mean) are checked here to be finite and > 0, and
 * every duration is at most SF_LOAD_MAX_HOURS. */
#include "model/load.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const expected_any =
    "expected a distribution such as exp(25m), lognormal(25m, 15m), gamma(3d, 2d), "
    "weibull(1.5, 2d), uniform(5m, 15m), triangular(5m, 10m, 30m), fixed(20m) or "
    "empirical(10m, 20m, 45m)";

static const char *const too_long = "a duration of at most 100000 years (100000y)";

enum { MAX_ARGS = 3, ANY = -1 };

/* Each family: its names, argument count (ANY: one or more durations),
 * whether the first argument is a plain number, and a worked example. */
static const struct family {
    const char *name;
    sf_dist_kind kind;
    int nargs;
    int first_plain;
    const char *form;
} families[] = {
    {"exp", SF_DIST_EXP, 1, 0, "exp(MEAN), as in exp(25m)"},
    {"exponential", SF_DIST_EXP, 1, 0, "exponential(MEAN), as in exponential(25m)"},
    {"lognormal", SF_DIST_LOGNORMAL, 2, 0, "lognormal(MEAN, SD), as in lognormal(2d, 1d)"},
    {"gamma", SF_DIST_GAMMA, 2, 0, "gamma(MEAN, SD), as in gamma(3d, 2d)"},
    {"weibull", SF_DIST_WEIBULL, 2, 1, "weibull(SHAPE, SCALE), as in weibull(1.5, 2d)"},
    {"uniform", SF_DIST_UNIFORM, 2, 0, "uniform(LOW, HIGH), as in uniform(5m, 15m)"},
    {"triangular", SF_DIST_TRIANGULAR, 3, 0,
     "triangular(MIN, MODE, MAX), as in triangular(5m, 10m, 30m)"},
    {"fixed", SF_DIST_FIXED, 1, 0, "fixed(VALUE), as in fixed(20m)"},
    {"empirical", SF_DIST_EMPIRICAL, ANY, 0, "empirical(V1, V2, ...), as in empirical(10m, 45m)"},
};

/* Argument names per kind, for messages. */
static const char *const arg_names[][MAX_ARGS] = {
    [SF_DIST_EXP] = {"mean"},
    [SF_DIST_LOGNORMAL] = {"mean", "sd"},
    [SF_DIST_GAMMA] = {"mean", "sd"},
    [SF_DIST_WEIBULL] = {"shape", "scale"},
    [SF_DIST_UNIFORM] = {"low", "high"},
    [SF_DIST_TRIANGULAR] = {"min", "mode", "max"},
    [SF_DIST_FIXED] = {"value"},
    [SF_DIST_EMPIRICAL] = {"value"},
};

static const struct family *find_family(const char *s, size_t n) {
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++)
        if (strlen(families[i].name) == n && strncasecmp(s, families[i].name, n) == 0)
            return &families[i];
    return NULL;
}

static int is_space(char c) { return c == ' ' || c == '\t'; }

/* One argument of the text form: where it starts and how long it is. */
typedef struct arg {
    size_t at, len;
} arg;

/* Parses one duration argument at text[a.at..a.at+a.len). */
static int duration_arg(sf_load *L, const sf_ynode *n, const char *what, const char *fname,
                        const char *aname, const char *text, arg a, double *hours) {
    char buf[128];
    const char *why;
    if (a.len >= sizeof buf) {
        return sf_load_fail(L, n, a.at, "%s: %s %s: expected a duration such as 15m, found %s",
                            what, fname, aname, sf_load_show_text(text + a.at, a.len).s);
    }
    memcpy(buf, text + a.at, a.len);
    buf[a.len] = '\0';
    if (sf_parse_duration(buf, hours, &why))
        return sf_load_fail(L, n, a.at, "%s: %s %s: expected %s, found %s", what, fname, aname, why,
                            sf_load_show_text(buf, a.len).s);
    if (*hours > SF_LOAD_MAX_HOURS)
        return sf_load_fail(L, n, a.at, "%s: %s %s: expected %s, found %s", what, fname, aname,
                            too_long, sf_load_show_text(buf, a.len).s);
    return SF_OK;
}

/* The invariants of model.h; i is the argument that breaks one, or -1. */
static const char *check(sf_dist *d, int *i) {
    double *p = d->p;
    *i = -1;
    switch (d->kind) {
    case SF_DIST_EXP:
        if (!(p[0] > 0))
            return *i = 0, "exp mean must be > 0";
        break;
    case SF_DIST_LOGNORMAL:
    case SF_DIST_GAMMA:
        if (!(p[0] > 0))
            return *i = 0, d->kind == SF_DIST_GAMMA ? "gamma mean must be > 0"
                                                    : "lognormal mean must be > 0";
        if (!(p[1] > 0))
            return *i = 1,
                   d->kind == SF_DIST_GAMMA ? "gamma sd must be > 0" : "lognormal sd must be > 0";
        break;
    case SF_DIST_WEIBULL:
        if (!(p[0] > 0))
            return *i = 0, "weibull shape must be > 0";
        if (!(p[1] > 0))
            return *i = 1, "weibull scale must be > 0";
        break;
    case SF_DIST_UNIFORM:
        if (!(p[0] < p[1]))
            return *i = 1, "uniform needs low < high";
        break;
    case SF_DIST_TRIANGULAR:
        if (!(p[0] < p[2]))
            return *i = 2, "triangular needs min < max";
        if (!(p[0] <= p[1] && p[1] <= p[2]))
            return *i = 1, "triangular needs min <= mode <= max";
        break;
    case SF_DIST_FIXED:
    case SF_DIST_EMPIRICAL: break; /* durations are >= 0 already */
    }
    return NULL;
}

static int finite_pos(double x) { return isfinite(x) && x > 0; }

/* The parameters the sampler derives (the same formulas as
 * src/sim/sampler.c and sf_dist_mean), once the arguments pass check():
 * NULL when they are finite and > 0 (and the weibull mean is at most
 * SF_LOAD_MAX_HOURS), else what is expected, with the offending value. */
static const char *check_derived(const sf_dist *d, char *why, size_t size) {
    double m = d->p[0], sd = d->p[1];
    switch (d->kind) {
    case SF_DIST_GAMMA: {
        double shape = (m * m) / (sd * sd), scale = (sd * sd) / m;
        if (finite_pos(shape) && finite_pos(scale))
            return NULL;
        snprintf(why, size,
                 "gamma needs a shape mean^2/sd^2 and a scale sd^2/mean that are finite numbers "
                 "> 0 (mean and sd within a factor of about 1e150 of each other); they are %g "
                 "and %g",
                 shape, scale);
        return why;
    }
    case SF_DIST_LOGNORMAL: {
        double s2 = log1p((sd * sd) / (m * m)), mu = log(m) - s2 / 2, sigma = sqrt(s2);
        if (isfinite(mu) && finite_pos(sigma))
            return NULL;
        snprintf(why, size,
                 "lognormal needs mu = ln(mean) - sigma^2/2 finite and sigma = sqrt(ln(1 + "
                 "sd^2/mean^2)) finite and > 0 (mean and sd within a factor of about 1e150 of "
                 "each other); they are %g and %g",
                 mu, sigma);
        return why;
    }
    case SF_DIST_WEIBULL: {
        double mean = d->p[1] * tgamma(1 + 1 / d->p[0]);
        if (finite_pos(mean) && mean <= SF_LOAD_MAX_HOURS)
            return NULL;
        snprintf(why, size,
                 "weibull needs a mean scale * Gamma(1 + 1/shape) of at most 100000 years "
                 "(100000y); it is %g hours (a shape this small gives absurdly long stays)",
                 mean);
        return why;
    }
    default: return NULL;
    }
}

/* The text form: NAME(ARG, ...). */
static int dist_text(sf_load *L, const sf_ynode *n, const char *what, sf_dist *out) {
    const char *s = n->text;
    size_t i = 0;
    while (is_space(s[i]))
        i++;
    size_t name_at = i;
    while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))
        i++;
    const struct family *f = find_family(s + name_at, i - name_at);
    size_t name_len = i - name_at;
    while (is_space(s[i]))
        i++;
    if (!f || s[i] != '(')
        return sf_load_fail(L, n, 0, "%s: %s, found %s", what, expected_any, sf_load_show(n).s);
    size_t open = i++;
    /* Count the arguments first so the array can be sized. */
    size_t close = open + 1;
    int nargs = 1;
    while (s[close] && s[close] != ')') {
        if (s[close] == ',')
            nargs++;
        close++;
    }
    if (s[close] != ')')
        return sf_load_fail(L, n, open, "%s: missing ')': expected %s", what, f->form);
    for (size_t k = close + 1; s[k]; k++)
        if (!is_space(s[k]))
            return sf_load_fail(L, n, k, "%s: unexpected text after ')': expected %s", what,
                                f->form);
    size_t inner = open + 1;
    while (is_space(s[inner]))
        inner++;
    if (inner == close)
        nargs = 0;
    if (f->nargs != ANY && nargs != f->nargs)
        return sf_load_fail(L, n, open, "%s: %.*s takes %d argument%s, found %d: expected %s", what,
                            (int)name_len, s + name_at, f->nargs, f->nargs == 1 ? "" : "s", nargs,
                            f->form);
    if (nargs == 0)
        return sf_load_fail(L, n, open, "%s: empirical needs at least one value: expected %s", what,
                            f->form);

    double *vals = NULL;
    if (f->kind == SF_DIST_EMPIRICAL) {
        vals = sf_arena_calloc(&L->m->arena, (size_t)nargs, sizeof *vals);
        if (!vals)
            return sf_load_nomem(L);
    }
    out->kind = f->kind;
    arg args[MAX_ARGS];
    size_t p = open + 1;
    for (int k = 0; k < nargs; k++) {
        while (is_space(s[p]))
            p++;
        arg a = {p, 0};
        while (s[p] != ',' && s[p] != ')')
            p++;
        a.len = p - a.at;
        while (a.len && is_space(s[a.at + a.len - 1]))
            a.len--;
        p++; /* past ',' or ')' */
        const char *aname = vals ? "value" : arg_names[f->kind][k];
        if (a.len == 0)
            return sf_load_fail(L, n, a.at, "%s: %s %s is missing: expected %s", what, f->name,
                                aname, f->form);
        double v;
        if (k == 0 && f->first_plain) {
            if (sf_load_number(s + a.at, a.len, &v))
                return sf_load_fail(L, n, a.at,
                                    "%s: weibull shape must be a plain number such as 1.5, "
                                    "found %s",
                                    what, sf_load_show_text(s + a.at, a.len).s);
        } else {
            int rc = duration_arg(L, n, what, f->name, aname, s, a, &v);
            if (rc)
                return rc;
        }
        if (vals)
            vals[k] = v;
        else {
            out->p[k] = v;
            args[k] = a;
        }
    }
    if (vals) {
        out->values = vals;
        out->nvalues = nargs;
        return SF_OK;
    }
    int bad;
    char derived[320];
    const char *why = check(out, &bad);
    if (!why && (why = check_derived(out, derived, sizeof derived)))
        bad = nargs - 1; /* the derived parameters involve every argument */
    if (!why)
        return SF_OK;
    /* An ordering rule involves every argument: show them all. */
    char found[200];
    size_t o = 0;
    int all = f->kind == SF_DIST_UNIFORM || f->kind == SF_DIST_TRIANGULAR || why == derived;
    for (int k = all ? 0 : bad; k <= (all ? nargs - 1 : bad) && o < sizeof found; k++)
        o += (size_t)snprintf(found + o, sizeof found - o, "%s%s %s",
                              k > (all ? 0 : bad) ? ", " : "", arg_names[f->kind][k],
                              sf_load_show_text(s + args[k].at, args[k].len).s);
    return sf_load_fail(L, n, args[bad].at, "%s: %s, found %s", what, why, found);
}

/* The mapping form {empirical: [1h, 2h, 30m]}, for long lists. */
static int dist_map(sf_load *L, const sf_ynode *n, const char *what, sf_dist *out) {
    const sf_ynode *k = n->item[0], *v = n->item[1];
    if (n->n != 1 || strcmp(k->text, "empirical") != 0)
        return sf_load_fail(L, n->n == 1 ? k : n, 0,
                            "%s: the mapping form of a distribution is {empirical: [10m, 20m, "
                            "45m]}; otherwise %s",
                            what, expected_any);
    if (v->type != SF_Y_SEQ || v->n == 0)
        return sf_load_fail(L, v, 0,
                            "%s: empirical needs a list of durations such as [10m, 20m, "
                            "45m], found %s",
                            what, v->type == SF_Y_SEQ ? "an empty list" : sf_load_show(v).s);
    double *vals = sf_arena_calloc(&L->m->arena, (size_t)v->n, sizeof *vals);
    if (!vals)
        return sf_load_nomem(L);
    for (int i = 0; i < v->n; i++) {
        const sf_ynode *x = v->item[i];
        const char *t = sf_load_text(x), *why = "a duration such as 15m, 8h, 2d or 1w";
        if (t && !sf_parse_duration(t, &vals[i], &why) && vals[i] <= SF_LOAD_MAX_HOURS)
            continue;
        if (t && vals[i] > SF_LOAD_MAX_HOURS)
            why = too_long;
        return sf_load_fail(L, x, 0, "%s: empirical value %d: expected %s, found %s", what, i + 1,
                            why, sf_load_show(x).s);
    }
    out->kind = SF_DIST_EMPIRICAL;
    out->values = vals;
    out->nvalues = v->n;
    return SF_OK;
}

int sf_dist_load(sf_load *L, const sf_ynode *n, const char *what, sf_dist *out) {
    memset(out, 0, sizeof *out);
    if (n->type == SF_Y_MAP && n->n > 0)
        return dist_map(L, n, what, out);
    if (!sf_load_text(n) || strlen(n->text) != n->len)
        return sf_load_fail(L, n, 0, "%s: %s, found %s", what, expected_any, sf_load_show(n).s);
    return dist_text(L, n, what, out);
}
