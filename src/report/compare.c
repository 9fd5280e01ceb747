/* compare.c: scenario comparison with common random numbers (compare.h,
 * docs/compare.md): paired differences and their t-intervals, the
 * Bonferroni flag, weighted ranking, and the CSV and JSON writers.
 *
 * The variants' results are copied into one array indexed by (variant,
 * unit, metric, replication), with units matched by name across variants
 * (the base's units first, then units only scenarios have, then the
 * network), so everything below is arithmetic on aligned rows. */
#include "core/diag.h"
#include "core/textout.h"
#include "model/model.h"
#include "report/compare_stats.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sf_compare {
    int nv, reps, nunits; /* nunits counts the network (the last) */
    uint64_t seed;
    char **vnames;  /* nv */
    char **units;   /* nunits */
    double *x;      /* [((v * nunits + u) * SF_M_COUNT + m) * reps + i] */
    sf_diff *diffs; /* [(v * nunits + u) * SF_M_COUNT + m], v >= 1 */
    int tests;
    /* ranking */
    int nw;
    int *w_unit;
    sf_metric *w_metric;
    double *w;
    double *score, *first; /* nv */
};

/* ---- directions ----------------------------------------------------------- */

/* By name, so metrics added later (days to appointment, continuity,
 * travel) get a direction from their name without touching this table's
 * order. Lower is better for waits, stays, queues, travel, turned-away and
 * blocked figures; higher for continuity. Neutral: counts of demand,
 * occupancy and utilisation (more use is not better or worse in itself). */
int sf_metric_direction(sf_metric m) {
    static const char *const lower[] = {"wait",       "los",        "queue",          "travel",
                                        "days_to",    "overflow",   "reject",         "turned_away",
                                        "blocked",    "full_share", "tnaa",           "third_next",
                                        "ready_days", "appt_days",  "discharge_wait", NULL};
    static const char *const higher[] = {"upc",    "continuity",      "coc", "secon",
                                         "within", "urgent_same_day", NULL};
    const char *name = sf_metric_name(m);
    for (int i = 0; lower[i]; i++)
        if (strncmp(name, lower[i], strlen(lower[i])) == 0)
            return -1;
    for (int i = 0; higher[i]; i++)
        if (strncmp(name, higher[i], strlen(higher[i])) == 0)
            return +1;
    return 0;
}

/* ---- statistics ------------------------------------------------------------ */

static void mean_var(const double *a, int n, double *mean, double *var, int *count) {
    double mu = 0, m2 = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (isnan(a[i]))
            continue;
        k++;
        double d = a[i] - mu;
        mu += d / k;
        m2 += d * (a[i] - mu);
    }
    *count = k;
    *mean = k ? mu : NAN;
    *var = k > 1 ? m2 / (k - 1) : NAN;
}

sf_diff sf_paired_diff(const double *a, const double *b, int n) {
    sf_diff d = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, 0, 0, 0};
    double va, vb;
    int na, nb;
    mean_var(a, n, &d.base, &va, &na);
    mean_var(b, n, &d.value, &vb, &nb);
    /* Welford over the pairs where both are defined. */
    double mu = 0, m2 = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (isnan(a[i]) || isnan(b[i]))
            continue;
        double x = b[i] - a[i];
        k++;
        double delta = x - mu;
        mu += delta / k;
        m2 += delta * (x - mu);
    }
    d.n = k;
    if (k == 0)
        return d;
    d.diff = mu;
    if (k < 2)
        return d;
    d.sd = sqrt(m2 / (k - 1));
    double se = d.sd / sqrt(k);
    d.half = gsl_cdf_tdist_Pinv(0.975, k - 1) * se;
    d.lo = mu - d.half;
    d.hi = mu + d.half;
    if (se > 0)
        d.p = 2 * gsl_cdf_tdist_Q(fabs(mu) / se, k - 1);
    else
        d.p = mu == 0 ? 1 : 0; /* every pair differs by the same amount */
    if (na > 1 && nb > 1) {
        /* Welch: what the interval would be without common random numbers. */
        double sa = va / na, sb = vb / nb, s = sa + sb;
        if (s > 0) {
            double df = s * s / (sa * sa / (na - 1) + sb * sb / (nb - 1));
            d.half_unpaired = gsl_cdf_tdist_Pinv(0.975, df) * sqrt(s);
        } else
            d.half_unpaired = 0;
    }
    return d;
}

int sf_rank_scores(int nk, int nv, int nreps, const double *x, const double *w, const int *dir,
                   double *score, double *first) {
    size_t total = (size_t)nk * nv * nreps;
    for (size_t j = 0; j < total; j++)
        if (isnan(x[j]))
            return -1;
    double *s = calloc((size_t)nv * nreps + 1, sizeof *s);
    if (!s)
        return -1;
    for (int k = 0; k < nk; k++) {
        const double *xk = x + (size_t)k * nv * nreps;
        double mu, var;
        int cnt;
        mean_var(xk, nv * nreps, &mu, &var, &cnt);
        double sd = cnt > 1 ? sqrt(var) : 0;
        for (int j = 0; j < nv * nreps; j++)
            s[j] += sd > 0 ? w[k] * dir[k] * (xk[j] - mu) / sd : 0;
    }
    for (int v = 0; v < nv; v++) {
        double sum = 0;
        for (int i = 0; i < nreps; i++)
            sum += s[(size_t)v * nreps + i];
        score[v] = sum / nreps;
        first[v] = 0;
    }
    for (int i = 0; i < nreps; i++) {
        double best = -INFINITY;
        int ties = 0;
        for (int v = 0; v < nv; v++) {
            double y = s[(size_t)v * nreps + i];
            if (y > best)
                best = y, ties = 1;
            else if (y == best)
                ties++;
        }
        for (int v = 0; v < nv; v++)
            if (s[(size_t)v * nreps + i] == best)
                first[v] += 1.0 / ties / nreps;
    }
    free(s);
    return 0;
}

/* ---- building ---------------------------------------------------------------- */

static double *cell(const sf_compare *c, int v, int u, int m) {
    return c->x + (((size_t)v * c->nunits + (size_t)u) * SF_M_COUNT + (size_t)m) * c->reps;
}

static int find_name(char *const *names, int n, const char *s) {
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

void sf_compare_free(sf_compare *c) {
    if (!c)
        return;
    for (int i = 0; c->vnames && i < c->nv; i++)
        free(c->vnames[i]);
    for (int i = 0; c->units && i < c->nunits; i++)
        free(c->units[i]);
    free(c->vnames);
    free(c->units);
    free(c->x);
    free(c->diffs);
    free(c->w_unit);
    free(c->w_metric);
    free(c->w);
    free(c->score);
    free(c->first);
    free(c);
}

int sf_compare_new(const sf_results *const *res, const char *const *names, int n, sf_compare **out,
                   sf_diag *diag) {
    *out = NULL;
    if (!res || !names || n < 1)
        return sf_diag_set(diag, SF_ERR_ARG, "", 0, 0, "nothing to compare");
    int reps = sf_results_replications(res[0]);
    for (int v = 0; v < n; v++) {
        if (sf_results_replications(res[v]) != reps ||
            sf_results_seed(res[v]) != sf_results_seed(res[0]))
            return sf_diag_set(diag, SF_ERR_ARG, "", 0, 0,
                               "'%s' was run with other replications or another seed than '%s'; "
                               "a paired comparison needs the same",
                               names[v], names[0]);
    }
    if (reps < 2)
        return sf_diag_set(diag, SF_ERR_ARG, "", 0, 0,
                           "a comparison needs at least 2 replications for its intervals, got %d",
                           reps);
    sf_compare *c = calloc(1, sizeof *c);
    if (!c)
        goto oom;
    c->nv = n;
    c->reps = reps;
    c->seed = sf_results_seed(res[0]);
    int maxu = 1;
    for (int v = 0; v < n; v++)
        maxu += sf_results_unit_count(res[v]) + sf_results_population_count(res[v]);
    c->vnames = calloc((size_t)n, sizeof *c->vnames);
    c->units = calloc((size_t)maxu, sizeof *c->units);
    c->score = malloc((size_t)n * sizeof *c->score);
    c->first = malloc((size_t)n * sizeof *c->first);
    if (!c->vnames || !c->units || !c->score || !c->first)
        goto oom;
    for (int v = 0; v < n; v++) {
        if (!(c->vnames[v] = strdup(names[v] ? names[v] : "")))
            goto oom;
        c->score[v] = c->first[v] = NAN;
    }
    /* The union of unit names, in order of first appearance. */
    for (int v = 0; v < n; v++)
        for (int u = 0; u < sf_results_unit_count(res[v]); u++) {
            const char *name = sf_results_unit_name(res[v], u);
            if (find_name(c->units, c->nunits, name) >= 0)
                continue;
            if (!(c->units[c->nunits++] = strdup(name)))
                goto oom;
        }
    /* Then the populations, as "pop:NAME" (travel per visit, contacts). */
    int first_pop = c->nunits;
    for (int v = 0; v < n; v++)
        for (int p = 0; p < sf_results_population_count(res[v]); p++) {
            char name[256];
            snprintf(name, sizeof name, "pop:%s", sf_results_population_name(res[v], p));
            if (find_name(c->units + first_pop, c->nunits - first_pop, name) >= 0)
                continue;
            if (!(c->units[c->nunits++] = strdup(name)))
                goto oom;
        }
    if (!(c->units[c->nunits++] = strdup("network")))
        goto oom;
    size_t cells = (size_t)n * c->nunits * SF_M_COUNT;
    c->x = malloc(cells * reps * sizeof *c->x);
    c->diffs = calloc(cells, sizeof *c->diffs);
    if (!c->x || !c->diffs)
        goto oom;
    for (size_t j = 0; j < cells * reps; j++)
        c->x[j] = NAN;
    for (int v = 0; v < n; v++) {
        int nu = sf_results_unit_count(res[v]);
        for (int u = 0; u <= nu; u++) {
            /* unit nu of the results is its network row */
            int cu = u == nu ? c->nunits - 1
                             : find_name(c->units, c->nunits - 1, sf_results_unit_name(res[v], u));
            for (int m = 0; m < SF_M_COUNT; m++) {
                double *dst = cell(c, v, cu, m);
                for (int i = 0; i < reps; i++)
                    dst[i] = sf_results_value(res[v], i, u, (sf_metric)m);
            }
        }
        for (int p = 0; p < sf_results_population_count(res[v]); p++) {
            char name[256];
            snprintf(name, sizeof name, "pop:%s", sf_results_population_name(res[v], p));
            int cu = first_pop + find_name(c->units + first_pop, c->nunits - 1 - first_pop, name);
            for (int m = 0; m < SF_M_COUNT; m++) {
                double *dst = cell(c, v, cu, m);
                for (int i = 0; i < reps; i++)
                    dst[i] = sf_results_population_value(res[v], i, p, (sf_metric)m);
            }
        }
    }
    for (int v = 1; v < n; v++)
        for (int u = 0; u < c->nunits; u++)
            for (int m = 0; m < SF_M_COUNT; m++) {
                sf_diff d = sf_paired_diff(cell(c, 0, u, m), cell(c, v, u, m), reps);
                d.significant = d.n >= 2 && (d.lo > 0 || d.hi < 0);
                c->diffs[((size_t)v * c->nunits + u) * SF_M_COUNT + m] = d;
                c->tests += d.n >= 2;
            }
    for (size_t j = 0; j < cells; j++) {
        sf_diff *d = &c->diffs[j];
        d->bonferroni = d->n >= 2 && c->tests > 0 && d->p < 0.05 / c->tests;
    }
    *out = c;
    return SF_OK;
oom:
    sf_compare_free(c);
    return sf_diag_set(diag, SF_ERR_NOMEM, "", 0, 0, "out of memory");
}

/* ---- weights -------------------------------------------------------------------- */

static int metric_by_name(const char *s, size_t len) {
    for (int m = 0; m < SF_M_COUNT; m++)
        if (strlen(sf_metric_name((sf_metric)m)) == len &&
            memcmp(sf_metric_name((sf_metric)m), s, len) == 0)
            return m;
    return -1;
}

/* One weighted indicator as given: "unit.metric" (name, len), its weight,
 * and what messages show: the --weights item (file NULL), or the name at
 * the model file's line and column. */
typedef struct witem {
    const char *name;
    size_t len;
    double w;
    char shown[300];
    const char *file;
    int line, col;
} witem;

static int wfail(sf_diag *diag, const witem *it, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int wfail(sf_diag *diag, const witem *it, const char *fmt, ...) {
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (it->file)
        return sf_diag_set(diag, SF_ERR_MODEL, it->file, it->line, it->col, "weights: '%s'%s",
                           it->shown, msg);
    return sf_diag_set(diag, SF_ERR_ARG, "", 0, 0, "--weights: '%s'%s", it->shown, msg);
}

/* Finds the row (in units[0..nunits)) and metric an item names and checks
 * that the metric ranks and the weight is > 0. */
static int resolve(char *const *units, int nunits, const witem *it, int *u, int *m, int *dir,
                   sf_diag *diag) {
    const char *dot = NULL;
    for (const char *q = it->name; q < it->name + it->len; q++)
        if (*q == '.')
            dot = q;
    char ubuf[256];
    snprintf(ubuf, sizeof ubuf, "%.*s",
             (int)((size_t)(dot - it->name) < 200 ? dot - it->name : 200), it->name);
    if ((*u = find_name(units, nunits, ubuf)) < 0) {
        char known[300];
        size_t o = 0;
        known[0] = '\0';
        for (int k = 0; k < nunits && o < sizeof known; k++)
            o += (size_t)snprintf(known + o, sizeof known - o, "%s%s", k ? ", " : "", units[k]);
        return wfail(diag, it, ": no unit '%s'; units: %s", ubuf, known);
    }
    size_t ml = (size_t)(it->name + it->len - dot - 1);
    if ((*m = metric_by_name(dot + 1, ml)) < 0)
        return wfail(diag, it, ": no metric '%.*s' (results.json lists the metrics)",
                     (int)(ml < 100 ? ml : 100), dot + 1);
    if (!(*dir = sf_metric_direction((sf_metric)*m)))
        return wfail(diag, it,
                     ": more %s is neither better nor worse in itself, so it cannot rank "
                     "scenarios; weight a metric such as wait_mean (lower is better)",
                     sf_metric_name((sf_metric)*m));
    if (!(it->w > 0) || !isfinite(it->w))
        return wfail(diag, it, ": the weight must be a number > 0");
    return SF_OK;
}

/* Checks the items against the results and sets the ranking. */
static int set_weights(sf_compare *c, const witem *items, int n, sf_diag *diag) {
    int *wu = calloc((size_t)n, sizeof *wu);
    sf_metric *wm = calloc((size_t)n, sizeof *wm);
    double *w = calloc((size_t)n, sizeof *w);
    int *dir = calloc((size_t)n, sizeof *dir);
    double *x = malloc((size_t)n * c->nv * c->reps * sizeof *x + 1);
    int nw = 0, rc = SF_OK;
    if (!wu || !wm || !w || !dir || !x) {
        rc = sf_diag_set(diag, SF_ERR_NOMEM, "", 0, 0, "out of memory");
        goto done;
    }
    for (; nw < n; nw++) {
        const witem *it = &items[nw];
        int u, m;
        if ((rc = resolve(c->units, c->nunits, it, &u, &m, &dir[nw], diag)))
            goto done;
        for (int v = 0; v < c->nv; v++) {
            const double *src = cell(c, v, u, m);
            for (int i = 0; i < c->reps; i++) {
                if (isnan(src[i])) {
                    rc = wfail(diag, it,
                               " has no value in '%s', replication %d (the unit is not in that "
                               "variant, or the figure is undefined there); weight indicators "
                               "every variant has",
                               c->vnames[v], i + 1);
                    goto done;
                }
                x[((size_t)nw * c->nv + v) * c->reps + i] = src[i];
            }
        }
        wu[nw] = u;
        wm[nw] = (sf_metric)m;
        w[nw] = it->w;
    }
    if (sf_rank_scores(nw, c->nv, c->reps, x, w, dir, c->score, c->first)) {
        rc = sf_diag_set(diag, SF_ERR_NOMEM, "", 0, 0, "out of memory");
        goto done;
    }
    free(c->w_unit);
    free(c->w_metric);
    free(c->w);
    c->w_unit = wu, c->w_metric = wm, c->w = w, c->nw = nw;
    wu = NULL, wm = NULL, w = NULL;
done:
    free(wu);
    free(wm);
    free(w);
    free(dir);
    free(x);
    return rc;
}

/* The items of a --weights spec (unit.metric=weight,...); *items is the
 * caller's to free. */
static int spec_items(const char *spec, witem **out, int *nout, sf_diag *diag) {
    *out = NULL;
    *nout = 0;
    if (!spec || !*spec)
        return sf_diag_set(diag, SF_ERR_ARG, "", 0, 0,
                           "--weights: expected unit.metric=weight,..., such as "
                           "gp-office.wait_mean=2,network.los_mean=1");
    int cap = 1;
    for (const char *p = spec; *p; p++)
        cap += *p == ',';
    witem *items = calloc((size_t)cap, sizeof *items);
    if (!items)
        return sf_diag_set(diag, SF_ERR_NOMEM, "", 0, 0, "out of memory");
    int n = 0, rc = SF_OK;
    for (const char *p = spec; *p; n++) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        const char *dot = NULL;
        for (const char *q = p; eq && q < eq; q++)
            if (*q == '.')
                dot = q;
        witem *it = &items[n];
        snprintf(it->shown, sizeof it->shown, "%.*s", (int)(len < 200 ? len : 200), p);
        if (!eq || !dot || dot == p) {
            rc = wfail(diag, it, ": expected unit.metric=weight, such as gp-office.wait_mean=2");
            break;
        }
        char num[64];
        size_t nl = len - (size_t)(eq + 1 - p);
        snprintf(num, sizeof num, "%.*s", (int)(nl < 60 ? nl : 60), eq + 1);
        char *e;
        it->w = strtod(num, &e);
        it->name = p;
        it->len = (size_t)(eq - p);
        /* checked in resolve after the name: a bad unit or metric is said first */
        if (nl == 0 || nl >= 60 || *e || !(it->w > 0) || !isfinite(it->w))
            it->w = NAN;
        p = end ? end + 1 : p + len;
    }
    if (rc) {
        free(items);
        return rc;
    }
    *out = items;
    *nout = n;
    return SF_OK;
}

/* The items of the model's weights:, with their places in the file. */
static int model_items(const sf_model *m, witem **out, int *nout, sf_diag *diag) {
    *out = NULL;
    *nout = 0;
    if (!m || !m->nweights)
        return SF_OK;
    witem *items = calloc((size_t)m->nweights, sizeof *items);
    if (!items)
        return sf_diag_set(diag, SF_ERR_NOMEM, "", 0, 0, "out of memory");
    for (int i = 0; i < m->nweights; i++) {
        const sf_weight *w = &m->weights[i];
        items[i] = (witem){.name = w->name,
                           .len = strlen(w->name),
                           .w = w->w,
                           .file = m->file,
                           .line = w->line,
                           .col = w->col};
        snprintf(items[i].shown, sizeof items[i].shown, "%s", w->name);
    }
    *out = items;
    *nout = m->nweights;
    return SF_OK;
}

int sf_compare_set_weights(sf_compare *c, const char *spec, sf_diag *diag) {
    witem *items;
    int n, rc = spec_items(spec, &items, &n, diag);
    if (!rc)
        rc = set_weights(c, items, n, diag);
    free(items);
    return rc;
}

int sf_compare_set_model_weights(sf_compare *c, const sf_model *m, sf_diag *diag) {
    witem *items;
    int n, rc = model_items(m, &items, &n, diag);
    if (!rc && n)
        rc = set_weights(c, items, n, diag);
    free(items);
    return rc;
}

/* Figures only a booked clinic has (NaN for the other kinds). */
static int booked_only(int m) {
    return (m >= SF_M_APPT_DAYS_MEAN && m <= SF_M_LIST_MAX) || m == SF_M_LIST_PER_PERSON;
}

int sf_compare_check_weights(const sf_model *const *models, int n, const char *spec,
                             sf_diag *diag) {
    if (n < 1 || !models || !models[0])
        return sf_diag_set(diag, SF_ERR_ARG, "", 0, 0, "no model to check the weights against");
    witem *items;
    int nitems, rc = spec ? spec_items(spec, &items, &nitems, diag)
                          : model_items(models[0], &items, &nitems, diag);
    if (rc || !nitems) {
        free(items);
        return rc;
    }
    /* The rows compare will have: every variant's units, "pop:NAME" for
     * its populations, and the network. */
    int cap = 1;
    for (int v = 0; v < n; v++)
        cap += models[v]->nunits + models[v]->npopulations;
    char **rows = calloc((size_t)cap, sizeof *rows);
    int nrows = 0;
    if (!rows) {
        free(items);
        return sf_diag_set(diag, SF_ERR_NOMEM, "", 0, 0, "out of memory");
    }
    for (int v = 0; v < n && !rc; v++) {
        const sf_model *m = models[v];
        for (int i = 0; i < m->nunits + m->npopulations && !rc; i++) {
            char name[256];
            if (i < m->nunits)
                snprintf(name, sizeof name, "%s", m->units[i].name);
            else
                snprintf(name, sizeof name, "pop:%s", m->populations[i - m->nunits].name);
            if (find_name(rows, nrows, name) >= 0)
                continue;
            if (!(rows[nrows++] = strdup(name)))
                rc = sf_diag_set(diag, SF_ERR_NOMEM, "", 0, 0, "out of memory");
        }
    }
    if (!rc && !(rows[nrows++] = strdup("network")))
        rc = sf_diag_set(diag, SF_ERR_NOMEM, "", 0, 0, "out of memory");
    for (int k = 0; k < nitems && !rc; k++) {
        int u, m, dir;
        if ((rc = resolve(rows, nrows, &items[k], &u, &m, &dir, diag)) || !booked_only(m))
            continue;
        /* a booked clinic's figure on a unit of another kind has no value */
        for (int v = 0; v < n && !rc; v++)
            for (int i = 0; i < models[v]->nunits && !rc; i++)
                if (strcmp(models[v]->units[i].name, rows[u]) == 0 && !models[v]->units[i].booked)
                    rc = wfail(diag, &items[k],
                               ": %s is a figure of booked clinics, and '%s' is a %s unit%s%s; "
                               "weight indicators every variant has",
                               sf_metric_name((sf_metric)m), rows[u],
                               sf_unit_kind_name(models[v]->units[i].kind),
                               models[v]->scenario ? " in scenario " : "",
                               models[v]->scenario ? models[v]->scenario : "");
    }
    for (int i = 0; i < nrows; i++)
        free(rows[i]);
    free(rows);
    free(items);
    return rc;
}

/* ---- accessors ---------------------------------------------------------------------- */

int sf_compare_variant_count(const sf_compare *c) { return c ? c->nv : 0; }
const char *sf_compare_variant_name(const sf_compare *c, int v) {
    return c && v >= 0 && v < c->nv ? c->vnames[v] : NULL;
}
int sf_compare_replications(const sf_compare *c) { return c ? c->reps : 0; }
int sf_compare_unit_count(const sf_compare *c) { return c ? c->nunits : 0; }
const char *sf_compare_unit_name(const sf_compare *c, int u) {
    return c && u >= 0 && u < c->nunits ? c->units[u] : NULL;
}
int sf_compare_tests(const sf_compare *c) { return c ? c->tests : 0; }
int sf_compare_weight_count(const sf_compare *c) { return c ? c->nw : 0; }
double sf_compare_weight(const sf_compare *c, int k, int *unit, sf_metric *m) {
    if (!c || k < 0 || k >= c->nw)
        return NAN;
    *unit = c->w_unit[k];
    *m = c->w_metric[k];
    return c->w[k];
}

sf_diff sf_compare_diff(const sf_compare *c, int v, int u, sf_metric m) {
    sf_diff none = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, 0, 0, 0};
    if (!c || v < 1 || v >= c->nv || u < 0 || u >= c->nunits || m >= SF_M_COUNT)
        return none;
    return c->diffs[((size_t)v * c->nunits + u) * SF_M_COUNT + m];
}

double sf_compare_score(const sf_compare *c, int v) {
    return c && v >= 0 && v < c->nv ? c->score[v] : NAN;
}
double sf_compare_first_share(const sf_compare *c, int v) {
    return c && v >= 0 && v < c->nv ? c->first[v] : NAN;
}

/* ---- writers ---------------------------------------------------------------------- */

static const char *direction_word(sf_metric m) {
    int d = sf_metric_direction(m);
    return d < 0 ? "lower" : d > 0 ? "higher" : "";
}

int sf_compare_write_csv(const sf_compare *c, FILE *f) {
    fputs("scenario,unit,metric,unit_of_measure,better,base_mean,scenario_mean,diff,lo,hi,half,"
          "sd,n,p,significant,bonferroni,half_unpaired\n",
          f);
    for (int v = 1; v < c->nv; v++)
        for (int u = 0; u < c->nunits; u++)
            for (int m = 0; m < SF_M_COUNT; m++) {
                sf_diff d = sf_compare_diff(c, v, u, (sf_metric)m);
                if (isnan(d.base) && isnan(d.value))
                    continue; /* does not apply to this unit */
                sf_csv_str(f, c->vnames[v]);
                fputc(',', f);
                sf_csv_str(f, c->units[u]);
                fprintf(f, ",%s,%s,%s,", sf_metric_name((sf_metric)m), sf_metric_unit((sf_metric)m),
                        direction_word((sf_metric)m));
                const double nums[] = {d.base, d.value, d.diff, d.lo, d.hi, d.half, d.sd};
                for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++) {
                    sf_csv_num(f, nums[k]);
                    fputc(',', f);
                }
                fprintf(f, "%d,", d.n);
                sf_csv_num(f, d.p);
                fprintf(f, ",%d,%d,", d.significant, d.bonferroni);
                sf_csv_num(f, d.half_unpaired);
                fputc('\n', f);
            }
    return ferror(f) ? SF_ERR_IO : SF_OK;
}

int sf_compare_write_json(const sf_compare *c, FILE *f) {
    fprintf(f,
            "{\n  \"samflyt\": \"" SF_VERSION "\",\n  \"seed\": %llu,\n  \"replications\": %d,\n",
            (unsigned long long)c->seed, c->reps);
    fprintf(f, "  \"confidence\": 0.95,\n  \"bonferroni_tests\": %d,\n  \"variants\": [", c->tests);
    for (int v = 0; v < c->nv; v++) {
        fputs(v ? ", " : "", f);
        sf_json_str(f, c->vnames[v]);
    }
    fputs("],\n  \"differences\": [", f);
    int first = 1;
    for (int v = 1; v < c->nv; v++)
        for (int u = 0; u < c->nunits; u++)
            for (int m = 0; m < SF_M_COUNT; m++) {
                sf_diff d = sf_compare_diff(c, v, u, (sf_metric)m);
                if (isnan(d.base) && isnan(d.value))
                    continue;
                fputs(first ? "\n    {\"scenario\": " : ",\n    {\"scenario\": ", f);
                first = 0;
                sf_json_str(f, c->vnames[v]);
                fputs(", \"unit\": ", f);
                sf_json_str(f, c->units[u]);
                fprintf(f, ", \"metric\": \"%s\", \"better\": \"%s\"", sf_metric_name((sf_metric)m),
                        direction_word((sf_metric)m));
                const char *keys[] = {"base_mean",    "scenario_mean", "diff", "lo",
                                      "hi",           "half",          "sd",   "p",
                                      "half_unpaired"};
                const double nums[] = {d.base, d.value, d.diff, d.lo,           d.hi,
                                       d.half, d.sd,    d.p,    d.half_unpaired};
                for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++) {
                    fprintf(f, ", \"%s\": ", keys[k]);
                    sf_json_num(f, nums[k]);
                }
                fprintf(f, ", \"n\": %d, \"significant\": %s, \"bonferroni\": %s, \"paired\": [",
                        d.n, d.significant ? "true" : "false", d.bonferroni ? "true" : "false");
                const double *a = cell(c, 0, u, m), *b = cell(c, v, u, m);
                for (int i = 0; i < c->reps; i++) {
                    fputs(i ? ", " : "", f);
                    sf_json_num(f, b[i] - a[i]);
                }
                fputs("]}", f);
            }
    fputs("],\n  \"ranking\": ", f);
    if (!c->nw) {
        fputs("null\n}\n", f);
        return ferror(f) ? SF_ERR_IO : SF_OK;
    }
    fputs("{\"weights\": [", f);
    for (int k = 0; k < c->nw; k++) {
        fputs(k ? ", " : "", f);
        fputs("{\"unit\": ", f);
        sf_json_str(f, c->units[c->w_unit[k]]);
        fprintf(f, ", \"metric\": \"%s\", \"weight\": ", sf_metric_name(c->w_metric[k]));
        sf_json_num(f, c->w[k]);
        fprintf(f, ", \"better\": \"%s\"}", direction_word(c->w_metric[k]));
    }
    fputs("],\n    \"variants\": [", f);
    for (int v = 0; v < c->nv; v++) {
        fputs(v ? ",\n      {\"name\": " : "\n      {\"name\": ", f);
        sf_json_str(f, c->vnames[v]);
        fputs(", \"score\": ", f);
        sf_json_num(f, c->score[v]);
        fputs(", \"first_share\": ", f);
        sf_json_num(f, c->first[v]);
        fputc('}', f);
    }
    fputs("]}\n}\n", f);
    return ferror(f) ? SF_ERR_IO : SF_OK;
}
