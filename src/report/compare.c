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
#include "report/metric_level.h"

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
    /* ranking (nw == 0: none) */
    int nw;
    int *w_unit;
    sf_metric *w_metric;
    sf_criterion *crit;    /* nw, in the metric's unit */
    sf_rank_row *rows;     /* nv */
    unsigned char *better; /* nv * nv */
};

/* ---- directions ----------------------------------------------------------- */

/* By name, so metrics added later (days to appointment, continuity,
 * travel) get a direction from their name without touching this table's
 * order. Lower is better for waits, stays, queues, travel, turned-away and
 * blocked figures, response times and station time without a vehicle;
 * higher for continuity and the response shares within 12 and 25
 * minutes. Neutral: counts of demand, occupancy, utilisation (more use is
 * not better or worse in itself) and response_from_elsewhere (where the
 * vehicle comes from is a means, not an end). */
int sf_metric_direction(sf_metric m) {
    static const char *const lower[] = {
        "wait",          "los",        "queue",         "travel",    "days_to",
        "overflow",      "reject",     "turned_away",   "blocked",   "full_share",
        "tnaa",          "third_next", "ready_days",    "appt_days", "discharge_wait",
        "response_mean", "response_p", "station_empty", NULL};
    static const char *const higher[] = {"upc",
                                         "continuity",
                                         "coc",
                                         "secon",
                                         "within",
                                         "urgent_same_day",
                                         "response_within",
                                         "response_urban",
                                         "response_rural",
                                         NULL};
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

/* Family-wise: a rank differs only where the paired t-test of the value
 * scores rejects at 0.05 / pairs, so with 95 % confidence (jointly over
 * every pair) no variant is placed above another it is not better than. */
int sf_rank_value(int nk, int nv, int nreps, const double *x, const sf_criterion *k,
                  sf_rank_row *row, unsigned char *better) {
    size_t total = (size_t)nk * nv * nreps;
    if (nv < 1 || nreps < 2) /* intervals need two replications */
        return -1;
    for (size_t j = 0; j < total; j++)
        if (isnan(x[j]))
            return -1;
    double *s = calloc((size_t)nv * nreps + 1, sizeof *s);
    unsigned char *sig = calloc((size_t)nv * nv + 1, 1);
    if (!s || !sig) {
        free(s);
        free(sig);
        return -1;
    }
    double wsum = 0;
    for (int j = 0; j < nk; j++)
        wsum += k[j].w;
    for (int j = 0; j < nk && wsum > 0; j++) {
        if (!(k[j].w > 0))
            continue;
        const double *xj = x + (size_t)j * nv * nreps;
        double span = k[j].best - k[j].worst;
        for (int i = 0; i < nv * nreps; i++)
            s[i] += 100 * k[j].w / wsum * (xj[i] - k[j].worst) / span;
    }
    double tq = gsl_cdf_tdist_Pinv(0.975, nreps - 1);
    for (int v = 0; v < nv; v++) {
        sf_rank_row *r = &row[v];
        double var;
        int cnt;
        mean_var(s + (size_t)v * nreps, nreps, &r->value, &var, &cnt);
        r->vs_base = sf_paired_diff(s, s + (size_t)v * nreps, nreps);
        r->vs_base.significant = r->vs_base.n >= 2 && (r->vs_base.lo > 0 || r->vs_base.hi < 0);
        r->meets = 1;
        r->missed = -1;
        r->missed_mean = r->missed_bound = NAN;
        for (int j = 0; j < nk && r->meets; j++) {
            if (isnan(k[j].tmax) && isnan(k[j].tmin))
                continue;
            double mu, vj;
            mean_var(x + ((size_t)j * nv + v) * nreps, nreps, &mu, &vj, &cnt);
            double half = tq * sqrt(vj / cnt);
            if (!isnan(k[j].tmax) && !(mu + half <= k[j].tmax))
                r->meets = 0, r->missed_bound = mu + half;
            else if (!isnan(k[j].tmin) && !(mu - half >= k[j].tmin))
                r->meets = 0, r->missed_bound = mu - half;
            if (!r->meets)
                r->missed = j, r->missed_mean = mu;
        }
    }
    int pairs = nv * (nv - 1) / 2;
    for (int a = 0; a < nv; a++)
        for (int b = 0; b < nv; b++) {
            if (a == b || wsum <= 0)
                continue;
            sf_diff d = sf_paired_diff(s + (size_t)b * nreps, s + (size_t)a * nreps, nreps);
            sig[(size_t)a * nv + b] = d.n >= 2 && d.diff > 0 && d.p < 0.05 / pairs;
        }
    int nmeet = 0;
    for (int v = 0; v < nv; v++)
        nmeet += row[v].meets;
    for (int v = 0; v < nv; v++) {
        row[v].rank = 1 + (row[v].meets ? 0 : nmeet);
        for (int a = 0; a < nv; a++)
            row[v].rank += row[a].meets == row[v].meets && sig[(size_t)a * nv + v];
        row[v].first = 0;
    }
    /* First-place shares among the variants the headline can recommend:
     * those that meet all targets (all, if none does). */
    for (int i = 0; i < nreps; i++) {
        double best = -INFINITY;
        int ties = 0;
        for (int v = 0; v < nv; v++) {
            if (nmeet && !row[v].meets)
                continue;
            double y = s[(size_t)v * nreps + i];
            if (y > best)
                best = y, ties = 1;
            else if (y == best)
                ties++;
        }
        for (int v = 0; v < nv; v++)
            if ((!nmeet || row[v].meets) && s[(size_t)v * nreps + i] == best)
                row[v].first += 1.0 / ties / nreps;
    }
    if (better)
        memcpy(better, sig, (size_t)nv * nv);
    free(s);
    free(sig);
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
    free(c->crit);
    free(c->rows);
    free(c->better);
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
    c->rows = calloc((size_t)n, sizeof *c->rows);
    c->better = calloc((size_t)n * n, 1);
    if (!c->vnames || !c->units || !c->rows || !c->better)
        goto oom;
    for (int v = 0; v < n; v++)
        if (!(c->vnames[v] = strdup(names[v] ? names[v] : "")))
            goto oom;
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

/* ---- ranking: criteria -------------------------------------------------------- */

static int metric_by_name(const char *s, size_t len) {
    for (int m = 0; m < SF_M_COUNT; m++)
        if (strlen(sf_metric_name((sf_metric)m)) == len &&
            memcmp(sf_metric_name((sf_metric)m), s, len) == 0)
            return m;
    return -1;
}

/* One ranked indicator as given: "unit.metric" (name, len), its swing
 * weight (0: a target only), levels and targets as written, and what
 * messages show: the --weights item (file NULL), or the name at the model
 * file's line and column. */
typedef struct witem {
    const char *name;
    size_t len;
    double w;
    sf_level worst, best, tmax, tmin;
    char shown[300];
    const char *file;
    int line, col;
} witem;

static int wfail_at(sf_diag *diag, const witem *it, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int wfail_at(sf_diag *diag, const witem *it, int line, int col, const char *fmt, ...) {
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (it->file)
        return sf_diag_set(diag, SF_ERR_MODEL, it->file, line ? line : it->line,
                           line ? col : it->col, "weights: '%s'%s", it->shown, msg);
    return sf_diag_set(diag, SF_ERR_ARG, "", 0, 0, "--weights: '%s'%s", it->shown, msg);
}
#define wfail(diag, it, ...) wfail_at(diag, it, 0, 0, __VA_ARGS__)

/* A level as written (the model's loader reads the same forms): "14d",
 * "80%" or a number; 0 on success. */
static int level_parse(const char *s, size_t len, sf_level *out) {
    char buf[64];
    double x;
    const char *why;
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *e;
    if (buf[len - 1] == '%') {
        buf[len - 1] = '\0';
        x = strtod(buf, &e);
        if (e == buf || *e || !isfinite(x))
            return -1;
        *out = (sf_level){x / 100, SF_LEVEL_SHARE, 0, 0};
        return 0;
    }
    x = strtod(buf, &e);
    if (e != buf && !*e && isfinite(x)) {
        *out = (sf_level){x, SF_LEVEL_NUMBER, 0, 0};
        return 0;
    }
    if (!sf_parse_duration(buf, &x, &why)) {
        *out = (sf_level){x, SF_LEVEL_DURATION, 0, 0};
        return 0;
    }
    return -1;
}

/* A level in metric m's unit: durations for times (a plain number of days
 * for a metric in days), shares as 80% or 0.8, numbers for counts. */
static int level_convert(const sf_level *l, sf_metric m, double *out, const char **want) {
    const char *u = sf_metric_unit(m);
    double per = !strcmp(u, "h") ? 1 : !strcmp(u, "min") ? 60 : !strcmp(u, "days") ? 1.0 / 24 : 0;
    if (per && l->kind == SF_LEVEL_DURATION)
        *out = l->v * per;
    else if (!strcmp(u, "days") && l->kind == SF_LEVEL_NUMBER)
        *out = l->v;
    else if (!strcmp(u, "share") &&
             (l->kind == SF_LEVEL_SHARE || (l->kind == SF_LEVEL_NUMBER && l->v >= 0 && l->v <= 1)))
        *out = l->v;
    else if (!per && strcmp(u, "share") && l->kind == SF_LEVEL_NUMBER)
        *out = l->v;
    else {
        *want = per                   ? "a duration such as 14d or 30m"
                : !strcmp(u, "share") ? "a share such as 80% (or 0.8)"
                                      : "a plain number";
        return -1;
    }
    return 0;
}

static int level_value(sf_diag *diag, const witem *it, const char *key, const sf_level *l,
                       sf_metric m, double *out) {
    const char *want;
    if (level_convert(l, m, out, &want))
        return wfail_at(diag, it, l->line, l->col, ": '%s': %s is in %s; write %s", key,
                        sf_metric_name(m), sf_metric_unit(m), want);
    return SF_OK;
}

/* For other rankers (sweep.c): the same lookup and level forms. */
int sf_metric_by_name(const char *s, size_t len) { return metric_by_name(s, len); }

int sf_level_convert(const sf_level *l, sf_metric m, double *out, const char **want) {
    return level_convert(l, m, out, want);
}

int sf_level_in_unit(const char *s, size_t len, sf_metric m, double *out, const char **want) {
    sf_level l;
    if (level_parse(s, len, &l)) {
        *want = "a level such as 14d, 80% or 0.05";
        return -1;
    }
    return level_convert(&l, m, out, want);
}

static const char *level_word(sf_metric m, int dir) {
    (void)m;
    return dir < 0 ? "lower" : "higher";
}

/* Finds the row (in units[0..nunits)) and metric an item names, checks
 * that a weighted metric ranks and that the levels are in its unit, and
 * fills *k with the weight, levels and targets in the metric's unit. */
static int criterion_of(char *const *units, int nunits, const witem *it, int *u, int *m,
                        sf_criterion *k, sf_diag *diag) {
    int rc = SF_OK;
    const char *dot = NULL;
    for (const char *q = it->name; q < it->name + it->len; q++)
        if (*q == '.')
            dot = q;
    char ubuf[256];
    snprintf(ubuf, sizeof ubuf, "%.*s",
             (int)((size_t)(dot - it->name) < 200 ? dot - it->name : 200), it->name);
    *u = find_name(units, nunits, ubuf);
    if (*u < 0) {
        char known[300];
        size_t o = 0;
        known[0] = '\0';
        for (int j = 0; j < nunits && o < sizeof known; j++)
            o += (size_t)snprintf(known + o, sizeof known - o, "%s%s", j ? ", " : "", units[j]);
        rc = wfail(diag, it, ": no unit '%s'; units: %s", ubuf, known);
        return rc;
    }
    size_t ml = (size_t)(it->name + it->len - dot - 1);
    *m = metric_by_name(dot + 1, ml);
    if (*m < 0) {
        return wfail(diag, it, ": no metric '%.*s' (results.json lists the metrics)",
                     (int)(ml < 100 ? ml : 100), dot + 1);
    }
    *k = (sf_criterion){it->w, NAN, NAN, NAN, NAN};
    if (it->w > 0) {
        int dir = sf_metric_direction((sf_metric)*m);
        if (!dir) {
            rc = wfail(diag, it,
                       ": more %s is neither better nor worse in itself, so it cannot rank "
                       "scenarios; weight a metric such as wait_mean (lower is better), or "
                       "give it a target only",
                       sf_metric_name((sf_metric)*m));
            return rc;
        }
        if ((rc = level_value(diag, it, "worst", &it->worst, (sf_metric)*m, &k->worst)) ||
            (rc = level_value(diag, it, "best", &it->best, (sf_metric)*m, &k->best)))
            return rc;
        if (!((k->best - k->worst) * dir > 0)) {
            return wfail_at(diag, it, it->best.line, it->best.col,
                            ": 'best' must be %s than 'worst': %s %s is better",
                            level_word((sf_metric)*m, dir), level_word((sf_metric)*m, dir),
                            sf_metric_name((sf_metric)*m));
        }
    }
    if ((it->tmax.kind &&
         (rc = level_value(diag, it, "max", &it->tmax, (sf_metric)*m, &k->tmax))) ||
        (it->tmin.kind && (rc = level_value(diag, it, "min", &it->tmin, (sf_metric)*m, &k->tmin))))
        return rc;
    return SF_OK;
}

/* Checks the items against the results and sets the ranking. */
static int set_criteria(sf_compare *c, const witem *items, int n, sf_diag *diag) {
    int *wu = calloc((size_t)n + 1, sizeof *wu);
    sf_metric *wm = calloc((size_t)n + 1, sizeof *wm);
    sf_criterion *k = calloc((size_t)n + 1, sizeof *k);
    sf_rank_row *rows = calloc((size_t)c->nv, sizeof *rows);
    unsigned char *better = calloc((size_t)c->nv * c->nv, 1);
    double *x = malloc((size_t)n * c->nv * c->reps * sizeof *x + 1);
    int nw = 0, rc = SF_OK;
    if (!wu || !wm || !k || !rows || !better || !x) {
        rc = sf_diag_set(diag, SF_ERR_NOMEM, "", 0, 0, "out of memory");
        goto done;
    }
    for (; nw < n; nw++) {
        const witem *it = &items[nw];
        int u, m;
        if ((rc = criterion_of(c->units, c->nunits, it, &u, &m, &k[nw], diag)))
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
    }
    if (sf_rank_value(nw, c->nv, c->reps, x, k, rows, better)) {
        rc = sf_diag_set(diag, SF_ERR_NOMEM, "", 0, 0, "out of memory");
        goto done;
    }
    free(c->w_unit);
    free(c->w_metric);
    free(c->crit);
    free(c->rows);
    free(c->better);
    c->w_unit = wu, c->w_metric = wm, c->crit = k, c->rows = rows, c->better = better, c->nw = nw;
    wu = NULL, wm = NULL, k = NULL, rows = NULL, better = NULL;
done:
    free(wu);
    free(wm);
    free(k);
    free(rows);
    free(better);
    free(x);
    return rc;
}

/* --weights items "unit.metric=W:WORST:BEST" into items[*n...]; 0 or an
 * error. The old "unit.metric=W" (z-scores) is refused with the new form. */
static int parse_spec(const char *spec, witem *items, int *n, sf_diag *diag) {
    for (const char *p = spec; *p; (*n)++) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        const char *dot = NULL;
        for (const char *q = p; eq && q < eq; q++)
            if (*q == '.')
                dot = q;
        witem *it = &items[*n];
        memset(it, 0, sizeof *it);
        snprintf(it->shown, sizeof it->shown, "%.*s", (int)(len < 200 ? len : 200), p);
        if (!eq || !dot || dot == p)
            return wfail(diag, it,
                         ": expected unit.metric=weight:worst:best, such as "
                         "gp-office.appt_days_mean=3:14d:0d");
        const char *v = eq + 1, *e = p + len;
        const char *c1 = memchr(v, ':', (size_t)(e - v));
        const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(e - c1 - 1)) : NULL;
        it->name = p;
        it->len = (size_t)(eq - p);
        if (!c1) {
            return wfail(diag, it,
                         ": a bare weight is the old ranking by standardised scores, in which "
                         "a 5-second change could outweigh a week's wait; give the levels it "
                         "is between, as weight:worst:best, such as %.*s=%.*s:14d:0d "
                         "(docs/compare.md, \"Ranking\")",
                         (int)(it->len < 100 ? it->len : 100), p, (int)(e - v < 20 ? e - v : 20),
                         v);
        }
        char num[64];
        snprintf(num, sizeof num, "%.*s", (int)(c1 - v < 60 ? c1 - v : 60), v);
        char *ne;
        it->w = strtod(num, &ne);
        if (c1 == v || *ne || !(it->w > 0) || !isfinite(it->w))
            return wfail(diag, it,
                         ": the swing weight (before the first ':') must be a "
                         "number > 0");
        if (!c2 || level_parse(c1 + 1, (size_t)(c2 - c1 - 1), &it->worst) ||
            level_parse(c2 + 1, (size_t)(e - c2 - 1), &it->best))
            return wfail(diag, it,
                         ": expected weight:worst:best with levels such as 14d, 80%% or 3, "
                         "such as gp-office.appt_days_mean=3:14d:0d");
        if (it->worst.kind == it->best.kind && it->worst.v == it->best.v)
            return wfail(diag, it, ": worst and best are equal; the levels must differ");
        p = end ? end + 1 : p + len;
    }
    return SF_OK;
}

/* The ranked items of --weights (spec, if not NULL) and of model m's
 * `weights:` (its targets only when spec is given): *out is the caller's
 * to free. */
static int gather_items(const char *spec, const sf_model *m, witem **out, int *nout,
                        sf_diag *diag) {
    *out = NULL;
    *nout = 0;
    if (spec && !*spec)
        return sf_diag_set(diag, SF_ERR_ARG, "", 0, 0,
                           "--weights: expected unit.metric=weight:worst:best,..., such as "
                           "gp-office.appt_days_mean=3:14d:0d,network.travel_mean=1:30m:5m");
    int cap = 1 + (m ? m->nweights : 0);
    for (const char *p = spec; p && *p; p++)
        cap += *p == ',';
    witem *items = calloc((size_t)cap, sizeof *items);
    if (!items)
        return sf_diag_set(diag, SF_ERR_NOMEM, "", 0, 0, "out of memory");
    int n = 0, rc = spec ? parse_spec(spec, items, &n, diag) : SF_OK;
    for (int i = 0; !rc && m && i < m->nweights; i++) {
        const sf_weight *w = &m->weights[i];
        if (spec && !w->target_max.kind && !w->target_min.kind)
            continue; /* --weights takes the place of the file's trade-offs */
        items[n] = (witem){.name = w->name,
                           .len = strlen(w->name),
                           .w = spec ? 0 : w->w,
                           .worst = w->worst,
                           .best = w->best,
                           .tmax = w->target_max,
                           .tmin = w->target_min,
                           .file = m->file,
                           .line = w->line,
                           .col = w->col};
        snprintf(items[n].shown, sizeof items[n].shown, "%s", w->name);
        n++;
    }
    *out = items;
    *nout = n;
    return rc;
}

int sf_compare_set_ranking(sf_compare *c, const char *spec, const sf_model *m, sf_diag *diag) {
    witem *items;
    int n, rc = gather_items(spec, m, &items, &n, diag);
    if (!rc && n)
        rc = set_criteria(c, items, n, diag);
    free(items);
    return rc;
}

static int booked_only(int m) {
    return (m >= SF_M_APPT_DAYS_MEAN && m <= SF_M_LIST_MAX) || m == SF_M_LIST_PER_PERSON;
}

int sf_compare_check_weights(const sf_model *const *models, int n, const char *spec,
                             sf_diag *diag) {
    if (n < 1 || !models || !models[0])
        return sf_diag_set(diag, SF_ERR_ARG, "", 0, 0, "no model to check the weights against");
    witem *items;
    int nitems, rc = gather_items(spec, models[0], &items, &nitems, diag);
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
        int u, m;
        sf_criterion crit;
        if ((rc = criterion_of(rows, nrows, &items[k], &u, &m, &crit, diag)) || !booked_only(m))
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

int sf_compare_set_weights(sf_compare *c, const char *spec, sf_diag *diag) {
    if (!spec)
        spec = "";
    return sf_compare_set_ranking(c, spec, NULL, diag);
}

int sf_compare_set_model_weights(sf_compare *c, const sf_model *m, sf_diag *diag) {
    return sf_compare_set_ranking(c, NULL, m, diag);
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
    return c->crit[k].w;
}
sf_criterion sf_compare_criterion(const sf_compare *c, int k) {
    if (!c || k < 0 || k >= c->nw)
        return (sf_criterion){NAN, NAN, NAN, NAN, NAN};
    return c->crit[k];
}
sf_rank_row sf_compare_rank(const sf_compare *c, int v) {
    sf_rank_row none;
    memset(&none, 0, sizeof none);
    none.value = none.first = NAN;
    none.missed = -1;
    if (!c || !c->nw || v < 0 || v >= c->nv)
        return none;
    return c->rows[v];
}
int sf_compare_better(const sf_compare *c, int a, int b) {
    return c && c->nw && a >= 0 && b >= 0 && a < c->nv && b < c->nv &&
           c->better[(size_t)a * c->nv + b];
}
int sf_compare_pairs(const sf_compare *c) { return c ? c->nv * (c->nv - 1) / 2 : 0; }

sf_diff sf_compare_diff(const sf_compare *c, int v, int u, sf_metric m) {
    sf_diff none = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, 0, 0, 0};
    if (!c || v < 1 || v >= c->nv || u < 0 || u >= c->nunits || m >= SF_M_COUNT)
        return none;
    return c->diffs[((size_t)v * c->nunits + u) * SF_M_COUNT + m];
}

double sf_compare_score(const sf_compare *c, int v) { return sf_compare_rank(c, v).value; }
double sf_compare_first_share(const sf_compare *c, int v) { return sf_compare_rank(c, v).first; }

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

int sf_compare_write_ranking_csv(const sf_compare *c, FILE *f) {
    fputs("rank,variant,meets_targets,missed_unit,missed_metric,missed_mean,missed_bound,value,"
          "value_vs_base,lo,hi,p,first_share,tied_with\n",
          f);
    for (int r = 1; c->nw && r <= c->nv; r++)
        for (int v = 0; v < c->nv; v++) {
            const sf_rank_row *row = &c->rows[v];
            if (row->rank != r)
                continue;
            fprintf(f, "%d,", row->rank);
            sf_csv_str(f, c->vnames[v]);
            fprintf(f, ",%d,", row->meets);
            if (row->missed >= 0) {
                sf_csv_str(f, c->units[c->w_unit[row->missed]]);
                fprintf(f, ",%s,", sf_metric_name(c->w_metric[row->missed]));
            } else
                fputs(",,", f);
            const double nums[] = {row->missed_mean,
                                   row->missed_bound,
                                   row->value,
                                   v ? row->vs_base.diff : NAN,
                                   v ? row->vs_base.lo : NAN,
                                   v ? row->vs_base.hi : NAN,
                                   v ? row->vs_base.p : NAN,
                                   row->first};
            for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++) {
                sf_csv_num(f, nums[k]);
                fputc(',', f);
            }
            /* the names tied with this one: same rank, not separated by a test */
            char tied[1000];
            size_t o = 0;
            tied[0] = '\0';
            for (int q = 0; q < c->nv && o < sizeof tied; q++)
                if (q != v && c->rows[q].meets == row->meets && c->rows[q].rank == row->rank &&
                    !c->better[(size_t)q * c->nv + v] && !c->better[(size_t)v * c->nv + q])
                    o += (size_t)snprintf(tied + o, sizeof tied - o, "%s%s", o ? " " : "",
                                          c->vnames[q]);
            sf_csv_str(f, tied);
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
    fprintf(f, "{\"method\": \"value\", \"pairs\": %d, \"criteria\": [", sf_compare_pairs(c));
    for (int k = 0; k < c->nw; k++) {
        const sf_criterion *q = &c->crit[k];
        fputs(k ? ",\n      " : "\n      ", f);
        fputs("{\"unit\": ", f);
        sf_json_str(f, c->units[c->w_unit[k]]);
        fprintf(f, ", \"metric\": \"%s\", \"unit_of_measure\": \"%s\", \"weight\": ",
                sf_metric_name(c->w_metric[k]), sf_metric_unit(c->w_metric[k]));
        sf_json_num(f, q->w);
        const char *keys[] = {"worst", "best", "target_max", "target_min"};
        const double nums[] = {q->worst, q->best, q->tmax, q->tmin};
        for (size_t j = 0; j < 4; j++) {
            fprintf(f, ", \"%s\": ", keys[j]);
            if (isnan(nums[j]))
                fputs("null", f);
            else
                sf_json_num(f, nums[j]);
        }
        fprintf(f, ", \"better\": \"%s\"}", direction_word(c->w_metric[k]));
    }
    fputs("],\n    \"variants\": [", f);
    for (int v = 0; v < c->nv; v++) {
        const sf_rank_row *r = &c->rows[v];
        fputs(v ? ",\n      {\"name\": " : "\n      {\"name\": ", f);
        sf_json_str(f, c->vnames[v]);
        fprintf(f, ", \"rank\": %d, \"meets_targets\": %s, \"value\": ", r->rank,
                r->meets ? "true" : "false");
        sf_json_num(f, r->value);
        const char *keys[] = {"value_vs_base", "lo", "hi", "p"};
        const double nums[] = {r->vs_base.diff, r->vs_base.lo, r->vs_base.hi, r->vs_base.p};
        for (size_t j = 0; j < 4; j++) {
            fprintf(f, ", \"%s\": ", keys[j]);
            sf_json_num(f, nums[j]);
        }
        fputs(", \"first_share\": ", f);
        sf_json_num(f, r->first);
        fputs(", \"missed_target\": ", f);
        if (r->missed < 0)
            fputs("null", f);
        else {
            fputs("{\"unit\": ", f);
            sf_json_str(f, c->units[c->w_unit[r->missed]]);
            fprintf(f, ", \"metric\": \"%s\", \"mean\": ", sf_metric_name(c->w_metric[r->missed]));
            sf_json_num(f, r->missed_mean);
            fputs(", \"bound\": ", f);
            sf_json_num(f, r->missed_bound);
            fputc('}', f);
        }
        for (int same = 1; same >= 0; same--) {
            fputs(same ? ", \"tied_with\": [" : "], \"not_distinguishable_from\": [", f);
            int first = 1;
            for (int o = 0; o < c->nv; o++)
                if (o != v && c->rows[o].meets == r->meets &&
                    (c->rows[o].rank == r->rank) == same && !c->better[(size_t)o * c->nv + v] &&
                    !c->better[(size_t)v * c->nv + o]) {
                    fputs(first ? "" : ", ", f);
                    sf_json_str(f, c->vnames[o]);
                    first = 0;
                }
        }
        fputs("]}", f);
    }
    fputs("]}\n}\n", f);
    return ferror(f) ? SF_ERR_IO : SF_OK;
}
