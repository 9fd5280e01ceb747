/* calibrate.c: fits a model from a stays table (calibrate.h): arrival
 * sources with hour-of-week profiles and month multipliers, per-unit
 * length-of-stay fits, unit kinds, capacities and routing, and each unit's
 * observed census distribution for the backtest. Writing the model is in
 * src/report/calib_out.c, the backtest in backtest.c.
 *
 * Everything is exact counting over the table; the only estimates that
 * are not closed-form are the gamma MLE (fitdist.c). */
#include "flow/calibrate.h"
#include "flow/radix.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { NAME_MAX_BYTES = 100 };

static int fail(sf_diag *d, int code, const char *fmt, ...) {
    if (d) {
        memset(d, 0, sizeof *d);
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(d->msg, sizeof d->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* ---- local time -------------------------------------------------------- */

static int64_t local_of(const sf_calib_opts *o, int64_t utc) {
    return o->tz ? sf_tz_local(o->tz, utc) : utc;
}

/* Hour of the week (Monday 00:00 = 0) and month 0..11 of a local time. */
static int how_of(int64_t local) {
    int64_t day = sf_floor_div(local, 86400);
    return sf_weekday(day) * 24 + (int)((local - day * 86400) / 3600);
}

static int month_of(int64_t local) {
    int64_t y;
    int m, d;
    sf_civil_from_days(sf_floor_div(local, 86400), &y, &m, &d);
    return m - 1;
}

/* Hours of [t0, t1) in each local hour of the week and month, walking UTC
 * hours (offsets are whole hours in the zones samflyt knows). */
static void exposure(sf_calib *c) {
    for (int64_t t = c->t0; t < c->t1;) {
        int64_t next = (sf_floor_div(t, 3600) + 1) * 3600;
        if (next > c->t1)
            next = c->t1;
        int64_t loc = local_of(&c->opts, t);
        double h = (double)(next - t) / 3600;
        c->exposure_how[how_of(loc)] += h;
        c->exposure_month[month_of(loc)] += h;
        t = next;
    }
}

/* ---- names -------------------------------------------------------------- */

/* A model name from data: control characters become '_', at most 100
 * bytes cut at a UTF-8 boundary, never empty. */
static char *clean_name(const char *s, const char *fallback, const char *suffix) {
    size_t n = strlen(s), sl = strlen(suffix);
    if (n == 0) {
        s = fallback;
        n = strlen(s);
    }
    size_t room = NAME_MAX_BYTES - sl;
    if (n > room) {
        n = room;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    char *out = malloc(n + sl + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        out[i] = ch < 0x20 || ch == 0x7f ? '_' : (char)ch;
    }
    memcpy(out + n, suffix, sl + 1);
    return out;
}

/* Name in the model: clean, not a reserved destination, not taken. */
static char *unique_name(const char *s, const char *fallback, char **taken, int ntaken) {
    for (int attempt = 1; attempt < 1000000; attempt++) {
        char suffix[24] = "";
        if (attempt > 1)
            snprintf(suffix, sizeof suffix, "-%d", attempt);
        char *name = clean_name(s, fallback, suffix);
        if (!name)
            return NULL;
        int clash = !strcmp(name, "home") || !strcmp(name, "reject");
        for (int i = 0; i < ntaken && !clash; i++)
            clash = !strcmp(taken[i], name);
        if (!clash)
            return name;
        free(name);
    }
    return NULL;
}

/* ---- the fit --------------------------------------------------------------- */

/* A sort key for walking each patient's stays in time order (qsort has no
 * context argument, and a global table pointer would be shared state). */
typedef struct patient_key {
    uint32_t patient;
    int64_t start;
    size_t row;
} patient_key;

static int cmp_patient_start(const void *a, const void *b) {
    const patient_key *x = a, *y = b;
    if (x->patient != y->patient)
        return x->patient < y->patient ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

void sf_calib_free(sf_calib *c) {
    if (!c)
        return;
    for (int i = 0; i < c->nunits; i++) {
        free(c->units[i].name);
        free(c->units[i].emp);
        free(c->units[i].next);
        free(c->units[i].occ_time);
        free(c->units[i].ret_to);
        free(c->units[i].ret_gap);
    }
    for (int i = 0; i < c->nsources; i++) {
        free(c->sources[i].name);
        free(c->sources[i].cls_name);
    }
    free(c->units);
    free(c->sources);
    free(c);
}

static int64_t arrive_of(const sf_stays *t, size_t i) {
    int64_t a = sf_stays_arrive(t, i);
    return a != SF_T_NONE ? a : sf_stays_start(t, i);
}

static int usable(const sf_stays *t, size_t i) {
    return sf_stays_start(t, i) != SF_T_NONE && sf_stays_end(t, i) != SF_T_NONE &&
           sf_stays_end(t, i) >= sf_stays_start(t, i) && sf_stays_unit(t, i) != SF_ID_NONE &&
           arrive_of(t, i) <= sf_stays_start(t, i);
}

/* Linear interpolation between order statistics (the "type 7" quantile). */
static double quantile_sorted(const double *x, size_t n, double p) {
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)h;
    if (lo + 1 >= n)
        return x[n - 1];
    return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

/* The census sweep of one unit: starts and ends sorted; an end at the
 * same instant as a start comes first (the bed is free again). Finds the
 * peak (over all time) and, when occ is not NULL, adds the time at each
 * level within [w0, w1]. */
static int sweep(const int64_t *st, const int64_t *en, size_t n, int64_t w0, int64_t w1,
                 double *occ) {
    size_t i = 0, j = 0;
    int level = 0, peak = 0;
    int64_t prev = w0; /* level 0 before the first stay */
    while (i < n || j < n) {
        int64_t now = j < n && (i >= n || en[j] <= st[i]) ? en[j] : st[i];
        if (occ) {
            int64_t a = prev > w0 ? prev : w0, b = now < w1 ? now : w1;
            if (b > a)
                occ[level] += (double)(b - a) / 3600;
        }
        if (j < n && (i >= n || en[j] <= st[i])) {
            level--;
            j++;
        } else {
            level++;
            i++;
        }
        if (level > peak)
            peak = level;
        prev = now;
    }
    if (occ) { /* empty after the last departure */
        int64_t a = prev > w0 ? prev : w0;
        if (w1 > a)
            occ[0] += (double)(w1 - a) / 3600;
    }
    return peak;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Readmissions per unit of discharge (docs/calibrate.md, "Return
 * behaviour"). A discharge is a usable stay that goes home (next unit
 * none) and is not open; it counts when it ends at least the window's
 * length (30 d) before the data's last end, so every discharge counted
 * could be seen to come back. Its patient's first arrival from outside
 * after it (in start order) is a readmission when it comes 8 h to 30 d
 * after the discharge: that entry is marked in is_return (counted or
 * not), so the sources leave it out and the return rule brings it. */
static int sf_calib_fit_returns(const sf_stays *t, sf_calib *c, const int *uidx,
                                const unsigned char *entry, const uint32_t *nextu,
                                unsigned char *is_return) {
    size_t n = t->n, m = 0;
    int64_t last_end = INT64_MIN;
    for (size_t i = 0; i < n; i++)
        if (usable(t, i) && sf_stays_end(t, i) > last_end)
            last_end = sf_stays_end(t, i);
    patient_key *keys = malloc((n + 1) * sizeof *keys);
    double *gap = malloc((n + 1) * sizeof *gap);
    int *gap_unit = malloc((n + 1) * sizeof *gap_unit);
    if (!keys || !gap || !gap_unit)
        goto oom;
    for (size_t i = 0; i < n; i++)
        if (usable(t, i) && t->patient[i] != SF_ID_NONE)
            keys[m++] = (patient_key){t->patient[i], sf_stays_start(t, i), i};
    qsort(keys, m, sizeof *keys, cmp_patient_start);
    for (int u = 0; u < c->nunits; u++)
        if (!(c->units[u].ret_to = calloc((size_t)c->nunits, sizeof *c->units[u].ret_to)))
            goto oom;
    const int64_t lo = (int64_t)(SF_CALIB_READMIT_MIN_H * 3600),
                  hi = (int64_t)(SF_CALIB_READMIT_MAX_H * 3600);
    size_t ngap = 0;
    for (size_t k = 0; k < m; k++) {
        size_t i = keys[k].row;
        if (k == 0 || keys[k - 1].patient != keys[k].patient)
            continue; /* the patient's first stay follows no discharge */
        /* the latest discharge of this patient before row i, if no other
         * episode began between them */
        if (!entry[i])
            continue;
        size_t d = SIZE_MAX;
        for (size_t q = k; q-- > 0 && keys[q].patient == keys[k].patient;) {
            size_t r = keys[q].row;
            if (nextu[r] == SF_ID_NONE && !sf_stays_is_open(t, r)) {
                d = r;
                break;
            }
            if (entry[r])
                break; /* an episode began since: row i is not the first after */
        }
        if (d == SIZE_MAX || arrive_of(t, i) < sf_stays_end(t, d))
            continue;
        int64_t g = arrive_of(t, i) - sf_stays_end(t, d);
        if (g < lo || g > hi)
            continue;
        is_return[i] = 1;
        if (sf_stays_end(t, d) > last_end - hi)
            continue; /* a censored discharge: not in the rate */
        sf_calib_unit *U = &c->units[uidx[sf_stays_unit(t, d)]];
        U->ret_n++;
        U->ret_to[uidx[sf_stays_unit(t, i)]]++;
        gap[ngap] = (double)g / 3600;
        gap_unit[ngap++] = uidx[sf_stays_unit(t, d)];
    }
    for (size_t i = 0; i < n; i++)
        if (usable(t, i) && nextu[i] == SF_ID_NONE && !sf_stays_is_open(t, i) &&
            sf_stays_end(t, i) <= last_end - hi)
            c->units[uidx[sf_stays_unit(t, i)]].ret_disch++;
    /* up to 50 quantiles of each unit's gaps: the delay, drawn as written */
    double *mine = malloc((ngap + 1) * sizeof *mine);
    if (!mine)
        goto oom;
    for (int u = 0; u < c->nunits; u++) {
        sf_calib_unit *U = &c->units[u];
        if (!U->ret_n)
            continue;
        size_t k = 0;
        for (size_t j = 0; j < ngap; j++)
            if (gap_unit[j] == u)
                mine[k++] = gap[j];
        qsort(mine, k, sizeof *mine, cmp_double);
        U->nret_gap = k < 50 ? (int)k : 50;
        if (!(U->ret_gap = malloc((size_t)U->nret_gap * sizeof *U->ret_gap))) {
            free(mine);
            goto oom;
        }
        for (int q = 0; q < U->nret_gap; q++)
            U->ret_gap[q] = quantile_sorted(mine, k, ((double)q + 0.5) / U->nret_gap);
    }
    free(mine);
    free(keys);
    free(gap);
    free(gap_unit);
    return SF_OK;
oom:
    free(keys);
    free(gap);
    free(gap_unit);
    return SF_ERR_NOMEM;
}

int sf_calib_fit(const sf_stays *t, const sf_calib_opts *opts, sf_calib **out, sf_diag *diag) {
    *out = NULL;
    sf_calib *c = calloc(1, sizeof *c);
    if (!c)
        return SF_ERR_NOMEM;
    if (opts)
        c->opts = *opts;
    else
        c->opts.link_gap_h = -1;
    if (!(c->opts.alpha > 0 && c->opts.alpha < 1))
        c->opts.alpha = 0.05;
    if (!(c->opts.ward_median_h > 0))
        c->opts.ward_median_h = 12;
    if (c->opts.empirical_points <= 0)
        c->opts.empirical_points = 200;
    if (c->opts.link_gap_h < 0)
        c->opts.link_gap_h = 1;

    int rc = SF_ERR_NOMEM;
    size_t n = t->n, nu_table = t->names[SF_F_UNIT].count;
    int *uidx = malloc((nu_table + 1) * sizeof *uidx);
    size_t *order = malloc((n + 1) * sizeof *order);
    uint32_t *nextu = malloc((n + 1) * sizeof *nextu); /* table unit id or NONE = home */
    unsigned char *entry = malloc(n + 1);
    size_t *ustart = NULL, *ufill = NULL;
    int64_t *st = NULL, *en = NULL;
    double *x = NULL, *cx = NULL;
    if (!uidx || !order || !nextu || !entry)
        goto done;

    /* units with at least one usable stay, in order of first appearance */
    for (size_t u = 0; u < nu_table; u++)
        uidx[u] = -1;
    size_t nuse = 0;
    int have_links = 0;
    for (size_t i = 0; i < n; i++) {
        if (!usable(t, i))
            continue;
        nuse++;
        have_links |= sf_stays_from(t, i) != SF_ID_NONE || sf_stays_to(t, i) != SF_ID_NONE;
        if (uidx[sf_stays_unit(t, i)] < 0)
            uidx[sf_stays_unit(t, i)] = c->nunits++;
    }
    if (nuse == 0) {
        rc = fail(diag, SF_ERR_ARG,
                  "no usable stay: each needs a unit, a start and an end not before the start");
        goto done;
    }
    c->nstays = nuse;
    c->npatients = t->names[SF_F_PATIENT].count;
    c->units = calloc((size_t)c->nunits, sizeof *c->units);
    if (!c->units)
        goto done;
    for (size_t u = 0; u < nu_table; u++)
        if (uidx[u] >= 0)
            c->units[uidx[u]].id = (uint32_t)u;

    /* entries and next units */
    c->linked = !have_links;
    if (have_links) {
        for (size_t i = 0; i < n; i++) {
            entry[i] = sf_stays_from(t, i) == SF_ID_NONE;
            nextu[i] = sf_stays_to(t, i);
        }
    } else {
        patient_key *keys = malloc((nuse + 1) * sizeof *keys);
        if (!keys)
            goto done;
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (usable(t, i))
                keys[m++] = (patient_key){t->patient[i], sf_stays_start(t, i), i};
        qsort(keys, m, sizeof *keys, cmp_patient_start);
        for (size_t k = 0; k < m; k++)
            order[k] = keys[k].row;
        free(keys);
        int64_t gap = (int64_t)(c->opts.link_gap_h * 3600);
        for (size_t k = 0; k < m; k++) {
            size_t i = order[k];
            nextu[i] = SF_ID_NONE;
            if (k == 0 || t->patient[order[k - 1]] != t->patient[i] || t->patient[i] == SF_ID_NONE)
                entry[i] = 1;
            else {
                size_t p = order[k - 1];
                int64_t g = arrive_of(t, i) - sf_stays_end(t, p);
                entry[i] = !(g >= 0 && g <= gap);
                if (!entry[i])
                    nextu[p] = sf_stays_unit(t, i);
            }
        }
    }

    /* the arrival window */
    c->t0 = INT64_MAX;
    c->t1 = INT64_MIN;
    for (size_t i = 0; i < n; i++)
        if (usable(t, i)) {
            int64_t a = arrive_of(t, i);
            if (a < c->t0)
                c->t0 = a;
            if (a > c->t1)
                c->t1 = a;
        }
    int windowed = c->opts.window_from != 0 || c->opts.window_to != 0;
    if (windowed) {
        if (c->opts.window_to <= c->opts.window_from) {
            rc = fail(diag, SF_ERR_ARG,
                      "the observation window needs a start and an end after the start");
            goto done;
        }
        c->t0 = c->opts.window_from;
        c->t1 = c->opts.window_to;
    }
    if (c->t1 <= c->t0) {
        rc = fail(diag, SF_ERR_ARG,
                  "every stay arrives at the same instant: no time span to measure rates over");
        goto done;
    }
    c->span_h = (double)(c->t1 - c->t0) / 3600;
    exposure(c);
    int observed_months = 0;
    for (int mo = 0; mo < SF_CALIB_MONTHS; mo++)
        observed_months += c->exposure_month[mo] > 0;
    c->months = !c->opts.no_months && observed_months >= 2;

    /* per-unit rows, grouped */
    ustart = calloc((size_t)c->nunits + 1, sizeof *ustart);
    ufill = calloc((size_t)c->nunits + 1, sizeof *ufill);
    if (!ustart || !ufill)
        goto done;
    for (size_t i = 0; i < n; i++)
        if (usable(t, i))
            ustart[uidx[sf_stays_unit(t, i)] + 1]++;
    for (int u = 0; u < c->nunits; u++)
        ustart[u + 1] += ustart[u];
    for (size_t i = 0; i < n; i++)
        if (usable(t, i)) {
            int u = uidx[sf_stays_unit(t, i)];
            order[ustart[u] + ufill[u]++] = i;
        }

    x = malloc(nuse * sizeof *x);
    cx = malloc(nuse * sizeof *cx);
    st = malloc(nuse * sizeof *st);
    en = malloc(nuse * sizeof *en);
    if (!x || !cx || !st || !en)
        goto done;

    double longest_mean = 0;
    for (int u = 0; u < c->nunits; u++) {
        sf_calib_unit *U = &c->units[u];
        size_t b = ustart[u], m = ustart[u + 1] - b;
        U->nstays = m;
        U->next = calloc((size_t)c->nunits + 1, sizeof *U->next);
        char **taken = malloc((size_t)(u + 1) * sizeof *taken);
        if (!U->next || !taken) {
            free(taken);
            goto done;
        }
        for (int k = 0; k < u; k++)
            taken[k] = c->units[k].name;
        U->name = unique_name(sf_intern_str(&t->names[SF_F_UNIT], U->id), "unit", taken, u);
        free(taken);
        if (!U->name)
            goto done;
        size_t nlos = 0, ncx = 0;
        for (size_t k = 0; k < m; k++) {
            size_t i = order[b + k];
            int64_t r = sf_stays_ready(t, i);
            int has_ready = r != SF_T_NONE && r >= sf_stays_start(t, i) && r <= sf_stays_end(t, i);
            U->nready += (size_t)has_ready;
            if (!has_ready && sf_stays_is_open(t, i)) {
                /* still in care at the extract's end: at least this long,
                 * and no departure yet */
                cx[ncx++] = (double)(sf_stays_end(t, i) - sf_stays_start(t, i)) / 3600;
                continue;
            }
            x[nlos++] =
                (double)((has_ready ? r : sf_stays_end(t, i)) - sf_stays_start(t, i)) / 3600;
            uint32_t nx = nextu[i];
            if (nx == SF_ID_NONE)
                U->next[c->nunits]++;
            else if (nx >= nu_table || uidx[nx] < 0) {
                U->next[c->nunits]++;
                U->to_unknown++;
            } else
                U->next[uidx[nx]]++;
            U->departures++;
        }
        U->nopen = ncx;
        rc = nlos ? sf_fit_los_censored(x, nlos, cx, ncx, c->opts.alpha, &U->los) : SF_ERR_ARG;
        if (rc) {
            rc = fail(diag, rc, "unit '%s': cannot fit its lengths of stay", U->name);
            goto done;
        }
        rc = SF_ERR_NOMEM;
        /* x is sorted now */
        U->median_h = quantile_sorted(x, nlos, 0.5);
        U->ward = U->median_h > c->opts.ward_median_h;
        U->nemp = nlos < (size_t)c->opts.empirical_points ? (int)nlos : c->opts.empirical_points;
        U->emp = malloc((size_t)U->nemp * sizeof *U->emp);
        if (!U->emp)
            goto done;
        for (int k = 0; k < U->nemp; k++)
            U->emp[k] = quantile_sorted(x, nlos, ((double)k + 0.5) / U->nemp);
        if (U->los.mean > longest_mean)
            longest_mean = U->los.mean;
    }

    /* Warm-up: four times the longest mean stay, in whole weeks, so a
     * simulation starting empty has filled up and t = 0 stays a Monday. */
    c->warmup_h = 168 * ceil(4 * longest_mean / 168);
    if (c->warmup_h < 168)
        c->warmup_h = 168;
    /* The observed census skips the same warm-up from the start of the
     * data (an extract starts with the units looking empty), but never
     * more than half the window. */
    double skip_h = c->warmup_h < c->span_h / 2 ? c->warmup_h : c->span_h / 2;
    c->census_t0 = c->t0 + (int64_t)(skip_h * 3600);
    c->census_t1 = c->t1;

    for (int u = 0; u < c->nunits; u++) {
        sf_calib_unit *U = &c->units[u];
        size_t b = ustart[u], m = 0;
        for (size_t k = 0; k < U->nstays; k++) {
            size_t i = order[b + k];
            if (sf_stays_end(t, i) > sf_stays_start(t, i)) { /* a zero-length stay takes no place */
                st[m] = sf_stays_start(t, i);
                en[m] = sf_stays_end(t, i);
                m++;
            }
        }
        if (sf_radix_sort_i64(st, m) || sf_radix_sort_i64(en, m))
            goto done;
        U->peak = sweep(st, en, m, 0, 0, NULL);
        U->occ_time = calloc((size_t)U->peak + 1, sizeof *U->occ_time);
        if (!U->occ_time)
            goto done;
        sweep(st, en, m, c->census_t0, c->census_t1, U->occ_time);
        double area = 0, tot = 0;
        for (int k = 0; k <= U->peak; k++) {
            area += k * U->occ_time[k];
            tot += U->occ_time[k];
        }
        U->occ_mean = tot > 0 ? area / tot : NAN;
    }

    /* readmissions: the entries they are leave the sources' counts, since
     * the return rules bring them */
    unsigned char *is_return = calloc(n + 1, 1);
    if (!is_return || sf_calib_fit_returns(t, c, uidx, entry, nextu, is_return)) {
        free(is_return);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        entry[i] = entry[i] && !is_return[i];
    free(is_return);

    /* sources: entries per (unit, class) */
    for (size_t i = 0; i < n; i++) {
        if (!usable(t, i) || !entry[i] || arrive_of(t, i) < c->t0 ||
            (arrive_of(t, i) >= c->t1 && (windowed || arrive_of(t, i) > c->t1)))
            continue;
        int u = uidx[sf_stays_unit(t, i)];
        uint32_t cls = sf_stays_cls(t, i);
        int s = 0;
        while (s < c->nsources && !(c->sources[s].unit == u && c->sources[s].cls == cls))
            s++;
        if (s == c->nsources) {
            sf_calib_source *ns =
                realloc(c->sources, (size_t)(c->nsources + 1) * sizeof *c->sources);
            if (!ns)
                goto done;
            c->sources = ns;
            memset(&ns[s], 0, sizeof ns[s]);
            ns[s].unit = u;
            ns[s].cls = cls;
            c->nsources++;
        }
        sf_calib_source *S = &c->sources[s];
        int64_t loc = local_of(&c->opts, arrive_of(t, i));
        S->n++;
        S->w[how_of(loc)] += 1;
        S->month[month_of(loc)] += 1;
    }
    if (c->nsources == 0) {
        rc = fail(diag, SF_ERR_ARG,
                  "no stay enters the network from outside (with an empty `from`) in the "
                  "observation window: no "
                  "arrival rate can be measured");
        goto done;
    }
    for (int s = 0; s < c->nsources; s++) {
        sf_calib_source *S = &c->sources[s];
        double nT = (double)S->n / c->span_h, half = 1.96 * sqrt((double)S->n) / c->span_h;
        S->rate_lo = nT - half > 0 ? nT - half : 0;
        S->rate_hi = nT + half;
        for (int mo = 0; mo < SF_CALIB_MONTHS; mo++)
            S->month[mo] =
                c->exposure_month[mo] > 0 ? S->month[mo] / c->exposure_month[mo] / nT : NAN;
        double cnt[SF_CALIB_HOW];
        memcpy(cnt, S->w, sizeof cnt);
        for (int h = 0; h < SF_CALIB_HOW; h++) {
            double num = 0, den = 0;
            if (c->opts.profile == SF_CALIB_PROFILE_WEEK) {
                num = cnt[h];
                den = c->exposure_how[h];
            } else if (c->opts.profile == SF_CALIB_PROFILE_DAY) {
                for (int d = 0; d < 7; d++) {
                    num += cnt[d * 24 + h % 24];
                    den += c->exposure_how[d * 24 + h % 24];
                }
            }
            S->w[h] = den > 0 ? num / den : nT;
        }
        double sum = 0;
        for (int h = 0; h < SF_CALIB_HOW; h++)
            sum += S->w[h];
        S->rate = sum / SF_CALIB_HOW;

        /* names: the entry unit, with the class when it has one */
        const char *cn =
            S->cls == SF_ID_NONE ? "default" : sf_intern_str(&t->names[SF_F_CLASS], S->cls);
        S->cls_name = clean_name(cn, "default", "");
        char *base = malloc(strlen(c->units[S->unit].name) + strlen(S->cls_name) + 2);
        char **taken = malloc((size_t)(s + 1) * sizeof *taken);
        if (!S->cls_name || !base || !taken) {
            free(base);
            free(taken);
            goto done;
        }
        if (S->cls == SF_ID_NONE)
            strcpy(base, c->units[S->unit].name);
        else
            sprintf(base, "%s-%s", c->units[S->unit].name, S->cls_name);
        for (int k = 0; k < s; k++)
            taken[k] = c->sources[k].name;
        S->name = unique_name(base, "arrivals", taken, s);
        free(base);
        free(taken);
        if (!S->name)
            goto done;
    }
    rc = SF_OK;

done:
    free(uidx);
    free(order);
    free(nextu);
    free(entry);
    free(ustart);
    free(ufill);
    free(st);
    free(en);
    free(x);
    free(cx);
    if (rc) {
        sf_calib_free(c);
        return rc;
    }
    *out = c;
    return SF_OK;
}

double sf_calib_occ_quantile(const double *time, int max, double p) {
    double tot = 0;
    for (int k = 0; k <= max; k++)
        tot += time[k];
    if (!(tot > 0))
        return NAN;
    double cum = 0;
    for (int k = 0; k <= max; k++) {
        cum += time[k];
        if (cum >= p * tot * (1 - 1e-12))
            return k;
    }
    return max;
}

double sf_calib_w1(const double *a, int amax, const double *b, int bmax) {
    double ta = 0, tb = 0;
    for (int k = 0; k <= amax; k++)
        ta += a[k];
    for (int k = 0; k <= bmax; k++)
        tb += b[k];
    if (!(ta > 0) || !(tb > 0))
        return NAN;
    int max = amax > bmax ? amax : bmax;
    double fa = 0, fb = 0, w = 0;
    for (int k = 0; k < max; k++) {
        fa += k <= amax ? a[k] / ta : 0;
        fb += k <= bmax ? b[k] / tb : 0;
        w += fabs(fa - fb);
    }
    return w;
}
