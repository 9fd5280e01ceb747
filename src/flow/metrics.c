/* metrics.c: the per-stay flow indicators and the entry point.
 *
 * sf_flow_metrics_compute sorts the table by patient, then
 *  - sweeps each unit's start/end events in time order (radix sorted) for
 *    the hourly census (time-weighted mean and maximum per hour) and the
 *    peak, and folds the hourly series into an hour-of-week profile;
 *  - reads every stay once for arrivals by hour of week and month, length
 *    of stay and wait, ready-for-discharge days and home zones;
 *  - hands over to pathways.c (episodes, transitions, readmissions, shared
 *    patients, variants) and continuity.c.
 * Every figure is exact; docs/metrics.md defines them. */
#include "flow/metrics.h"
#include "core/diag.h"
#include "flow/metrics_walk.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define HOUR 3600
#define DAY 86400
/* Hourly tables are units x hours; beyond this many cells (about 400 MB)
 * the span is refused rather than exhausting memory. */
#define MAX_CELLS ((size_t)32 * 1024 * 1024)

void sf_flow_opts_default(sf_flow_opts *o) {
    memset(o, 0, sizeof *o);
    o->episode_gap = 8 * HOUR;
    o->readmit_min = 8 * HOUR;
    o->readmit_max = 30 * (int64_t)DAY;
    o->readmit_org = SF_ID_NONE;
    o->readmit_class = SF_ID_NONE;
    o->shared_window = 30 * (int64_t)DAY;
    o->pathway_min_orgs = 1;
    o->top = 10;
    o->continuity_unit = SF_ID_NONE;
}

static int64_t floor_div(int64_t a, int64_t b) {
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int sf_flow_hour_of_week(int64_t local) {
    int64_t days = floor_div(local, DAY);
    /* 1970-01-01 was a Thursday: weekday 3 when Monday is 0. */
    int wd = (int)((days % 7 + 7 + 3) % 7);
    int hour = (int)((local - days * DAY) / HOUR);
    return wd * 24 + hour;
}

int64_t sf_flow_month_index(int64_t local) {
    /* Civil date from a day count (H. Hinnant's algorithm). */
    int64_t z = floor_div(local, DAY) + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t mon = mp < 10 ? mp + 3 : mp - 9;
    y += mon <= 2;
    return y * 12 + (mon - 1);
}

int64_t sf_flow_local(const sf_flow_opts *o, int64_t utc) {
    return o->local ? o->local(o->local_ctx, utc) : utc + o->utc_offset;
}

int sf_flow_unit_bits(uint32_t nu) {
    int b = 1;
    while (b < 32 && ((uint64_t)1 << b) <= nu)
        b++;
    return b;
}

/* dist_from_sorted(d, x, n, scale) and dists_by_unit(keys, n, ub, nu,
 * dist) for 64-bit keys, dist_from_sorted32 and dists_by_unit32 for
 * 32-bit ones (per_stay takes them while every key fits: half the memory
 * and one radix pass fewer). */
#define DEFINE_DISTS(SUFFIX, T, PCTL, RADIX_SORT)                                                  \
    static void dist_from_sorted##SUFFIX(sf_flow_dist *d, const T *x, size_t n, double scale) {    \
        memset(d, 0, sizeof *d);                                                                   \
        d->n = n;                                                                                  \
        if (!n) {                                                                                  \
            d->mean = d->sd = d->min = d->p10 = d->p25 = d->p50 = d->p75 = d->p90 = d->p95 =       \
                d->max = NAN;                                                                      \
            return;                                                                                \
        }                                                                                          \
        /* Seconds are integers: their sum in a double is exact below 2^53. */                     \
        double sum = 0;                                                                            \
        for (size_t i = 0; i < n; i++)                                                             \
            sum += (double)x[i];                                                                   \
        double mean = sum / (double)n, ss = 0;                                                     \
        for (size_t i = 0; i < n; i++)                                                             \
            ss += ((double)x[i] - mean) * ((double)x[i] - mean);                                   \
        d->mean = mean / scale;                                                                    \
        d->sd = n > 1 ? sqrt(ss / (double)(n - 1)) / scale : NAN;                                  \
        d->min = (double)x[0] / scale;                                                             \
        d->max = (double)x[n - 1] / scale;                                                         \
        d->p10 = PCTL(x, n, 0.10) / scale;                                                         \
        d->p25 = PCTL(x, n, 0.25) / scale;                                                         \
        d->p50 = PCTL(x, n, 0.50) / scale;                                                         \
        d->p75 = PCTL(x, n, 0.75) / scale;                                                         \
        d->p90 = PCTL(x, n, 0.90) / scale;                                                         \
        d->p95 = PCTL(x, n, 0.95) / scale;                                                         \
    }                                                                                              \
                                                                                                   \
    /* keys[0..n) are value << ub | unit. One radix sort orders them by value                      \
     * (then unit); reading the sorted keys once fills dist[nunits] ("all                          \
     * units"), and scattering them by unit in that order leaves each unit's                       \
     * values sorted for dist[u]: one sort instead of one per unit plus one. */                    \
    static int dists_by_unit##SUFFIX(T *keys, size_t n, int ub, uint32_t nu, sf_flow_dist *dist) { \
        T *tmp = malloc((n ? n : 1) * sizeof *tmp);                                                \
        size_t *off = calloc(nu + 1, sizeof *off);                                                 \
        if (!tmp || !off) {                                                                        \
            free(tmp);                                                                             \
            free(off);                                                                             \
            return SF_ERR_NOMEM;                                                                   \
        }                                                                                          \
        T umask = (T)(((uint64_t)1 << ub) - 1);                                                    \
        T *s = RADIX_SORT(keys, tmp, n), *o = s == keys ? tmp : keys;                              \
        for (size_t i = 0; i < n; i++)                                                             \
            off[(s[i] & umask) + 1]++;                                                             \
        for (uint32_t u = 0; u < nu; u++)                                                          \
            off[u + 1] += off[u];                                                                  \
        /* off[u] is now the start of unit u's segment in o */                                     \
        for (size_t i = 0; i < n; i++) {                                                           \
            T v = s[i] >> ub;                                                                      \
            o[off[s[i] & umask]++] = v;                                                            \
            s[i] = v;                                                                              \
        }                                                                                          \
        dist_from_sorted##SUFFIX(&dist[nu], s, n, HOUR);                                           \
        size_t lo = 0;                                                                             \
        for (uint32_t u = 0; u < nu; u++) {                                                        \
            /* after the scatter off[u] is the end of unit u's segment */                          \
            dist_from_sorted##SUFFIX(&dist[u], o + lo, off[u] - lo, HOUR);                         \
            lo = off[u];                                                                           \
        }                                                                                          \
        free(tmp);                                                                                 \
        free(off);                                                                                 \
        return 0;                                                                                  \
    }
DEFINE_DISTS(, uint64_t, sf_flow_pctl_u64, sf_flow_radix_u64)
DEFINE_DISTS(32, uint32_t, sf_flow_pctl_u32, sf_flow_radix_u32)
#undef DEFINE_DISTS

/* Sort keys (value << ub | unit) of a length of stay or a wait: 32-bit
 * while every key of the set fits (k32), else 64-bit. */
typedef struct unit_keys {
    uint32_t *k32;
    uint64_t *k64;
    size_t n;
} unit_keys;

static int unit_keys_alloc(unit_keys *k, size_t n, uint64_t maxkey) {
    k->n = 0;
    k->k32 = NULL;
    k->k64 = NULL;
    if (maxkey <= UINT32_MAX)
        k->k32 = malloc((n ? n : 1) * sizeof *k->k32);
    else
        k->k64 = malloc((n ? n : 1) * sizeof *k->k64);
    return k->k32 || k->k64 ? 0 : SF_ERR_NOMEM;
}

static inline void unit_keys_add(unit_keys *k, uint64_t key) {
    if (k->k32)
        k->k32[k->n++] = (uint32_t)key;
    else
        k->k64[k->n++] = key;
}

static int unit_keys_dists(unit_keys *k, int ub, uint32_t nu, sf_flow_dist *dist) {
    return k->k32 ? dists_by_unit32(k->k32, k->n, ub, nu, dist)
                  : dists_by_unit(k->k64, k->n, ub, nu, dist);
}

static void unit_keys_free(unit_keys *k) {
    free(k->k32);
    free(k->k64);
}

/* Sorts a[0..n) ascending: a merge sort through tmp (room for n),
 * insertion sort below 16. For the hour-of-week profile's slots, a few
 * hundred values each: qsort with a comparison call per step cost ten
 * times as many instructions. */
static void sort_u64_merge(uint64_t *a, uint64_t *tmp, size_t n) {
    if (n < 16) {
        sf_flow_insertion_u64(a, n);
        return;
    }
    size_t h = n / 2;
    sort_u64_merge(a, tmp, h);
    sort_u64_merge(a + h, tmp, n - h);
    memcpy(tmp, a, h * sizeof *a);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        a[k++] = a[j] < tmp[i] ? a[j++] : tmp[i++];
    while (i < h)
        a[k++] = tmp[i++];
}

static double pctl_double(const double *x, size_t n, double p) {
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo >= n - 1)
        return x[n - 1];
    return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

/* The hour-of-week profile (mean, p10, p50, p90 per unit and slot) of
 * the hourly series hourly[(nu + 1) x nh] starting at UTC h0. */
static int census_profile(sf_flow_metrics *m, const sf_flow_opts *o, const double *hourly,
                          int64_t h0, size_t nh) {
    uint32_t nu = m->nunits;
    m->prof_n = calloc(SF_HOURS_PER_WEEK, sizeof *m->prof_n);
    size_t pc = (size_t)(nu + 1) * SF_HOURS_PER_WEEK;
    m->prof_mean = malloc(pc * sizeof(double));
    m->prof_p10 = malloc(pc * sizeof(double));
    m->prof_p50 = malloc(pc * sizeof(double));
    m->prof_p90 = malloc(pc * sizeof(double));
    size_t *order = malloc(nh * sizeof *order);
    size_t *slot0 = calloc(SF_HOURS_PER_WEEK + 1, sizeof *slot0);
    uint8_t *how = malloc(nh);
    double *val = malloc(nh * sizeof *val);
    uint64_t *bits = malloc(2 * nh * sizeof *bits);
    if (!m->prof_n || !m->prof_mean || !m->prof_p10 || !m->prof_p50 || !m->prof_p90 || !order ||
        !slot0 || !how || !val || !bits) {
        free(order);
        free(slot0);
        free(how);
        free(val);
        free(bits);
        return SF_ERR_NOMEM;
    }
    for (size_t h = 0; h < nh; h++) {
        int s = sf_flow_hour_of_week(sf_flow_local(o, h0 + (int64_t)h * HOUR));
        how[h] = (uint8_t)s;
        m->prof_n[s]++;
    }
    for (int s = 0; s < SF_HOURS_PER_WEEK; s++)
        slot0[s + 1] = slot0[s] + m->prof_n[s];
    {
        size_t fill[SF_HOURS_PER_WEEK];
        memcpy(fill, slot0, sizeof fill);
        for (size_t h = 0; h < nh; h++)
            order[fill[how[h]]++] = h;
    }
    for (uint32_t u = 0; u <= nu; u++) {
        const double *series = hourly + (size_t)u * nh;
        for (int s = 0; s < SF_HOURS_PER_WEEK; s++) {
            size_t k = m->prof_n[s], at = (size_t)u * SF_HOURS_PER_WEEK + (size_t)s;
            if (!k) {
                m->prof_mean[at] = m->prof_p10[at] = m->prof_p50[at] = m->prof_p90[at] = NAN;
                continue;
            }
            /* the census is >= 0 (never -0 or NaN): the bits of a double
             * order as its value */
            double sum = 0;
            for (size_t j = 0; j < k; j++) {
                double x = series[order[slot0[s] + j]];
                sum += x;
                memcpy(&bits[j], &x, sizeof x);
            }
            sort_u64_merge(bits, bits + nh, k);
            for (size_t j = 0; j < k; j++)
                memcpy(&val[j], &bits[j], sizeof val[j]);
            m->prof_mean[at] = sum / (double)k;
            m->prof_p10[at] = pctl_double(val, k, 0.10);
            m->prof_p50[at] = pctl_double(val, k, 0.50);
            m->prof_p90[at] = pctl_double(val, k, 0.90);
        }
    }
    free(order);
    free(slot0);
    free(how);
    free(val);
    free(bits);
    return 0;
}

/* Adds count c over [a, b) (UTC seconds) to the series of one unit, steps
 * of `step` seconds from h0 up to hi: c x seconds to each step's total, c
 * to each step's maximum; with clip the part outside [h0, hi) is cut
 * (else [a, b) lies inside). Totals are
 * integers: the double sums they replace were exact too, but each add
 * waited for the previous one's 4-cycle latency (the "all units" series
 * adds to one hour many times in a row). Inlined, so the hourly series
 * divides by a constant. */
static inline __attribute__((always_inline)) void census_add(int64_t *sec, uint32_t *mx, int64_t h0,
                                                             int64_t hi, int64_t step, int clip,
                                                             int64_t c, int64_t a, int64_t b) {
    if (clip) {
        a = a > h0 ? a : h0;
        b = b < hi ? b : hi;
        if (b <= a)
            return;
    }
    int64_t ha = (a - h0) / step, hb = (b - 1 - h0) / step;
    for (int64_t h = ha; h <= hb; h++) {
        int64_t lo = h0 + h * step, up = lo + step;
        int64_t x = a > lo ? a : lo, y = b < up ? b : up;
        sec[h] += c * (y - x);
        if ((uint32_t)c > mx[h])
            mx[h] = (uint32_t)c;
    }
}

/* The census events, in time order, bucketed: every stay's start and end
 * as a 32-bit key (offset in its bucket << (ub + 1) | start << ub | unit)
 * in buckets of 2^wb seconds from tmin. At equal times ends come before
 * starts ([start, end) semantics), then units in order: the order a
 * single sort of (time, start, unit) would give.
 *
 * Why: the census used to sort 64-bit keys of every event with a radix
 * sort, 32 bytes a stay (keys and the sort's second buffer) and four
 * passes over them. Here a counting pass scatters 32-bit keys into at
 * most 2048 buckets (as many write streams as one radix pass, so rows in
 * random time order, as after the sort by patient, stay cache-friendly;
 * a million fine buckets cost a cache miss an event there), and each
 * bucket, some ten thousand keys, is sorted where it fits in the cache:
 * 8 bytes a stay and the scratch of one bucket. */
#define CENSUS_BUCKETS 2048
typedef struct census_events {
    uint32_t *key;
    uint32_t *end; /* [b]: one past bucket b's last key */
    size_t nb;
    int wb, ub;
    int64_t tmin;
} census_events;

/* Rows whose clipped stay has a length: each brings two events. */
#define CLIP(x) (win && (x) < tmin ? tmin : win && (x) > tmax ? tmax : (x))
#define CENSUS_ROW(t, i)                                                                           \
    (sf_flow_ok(t, i, fast) && CLIP(sf_flow_end((t), i, fast)) > CLIP(sf_flow_start((t), i, fast)))

/* Fills ev with the events of the rows of t, times clipped to [tmin, tmax]
 * when win (a window). 0 or SF_ERR_NOMEM. One copy per constant fast
 * (metrics_walk.h) and win. */
SF_FLOW_ALWAYS int census_events_fill(const sf_stays *t, int fast, int win, int64_t tmin,
                                      int64_t tmax, int ub, census_events *ev) {
    memset(ev, 0, sizeof *ev);
    ev->tmin = tmin;
    ev->ub = ub;
    /* At most CENSUS_BUCKETS buckets, unless the offset would not fit
     * beside the unit in 32 bits: the span is at most MAX_CELLS steps of
     * 8736 h, so even then there are at most about a million. */
    uint64_t span = (uint64_t)(tmax - tmin), want = CENSUS_BUCKETS;
    int wb = 0;
    while (wb < 31 - ub && (span >> wb) + 1 > want)
        wb++;
    ev->wb = wb;
    ev->nb = (size_t)(span >> wb) + 1;
    ev->end = calloc(ev->nb + 1, sizeof *ev->end);
    if (!ev->end)
        return SF_ERR_NOMEM;
    /* counts per bucket, shifted by one: end[b + 1] */
    size_t ne = 0;
    for (size_t i = 0; i < t->n; i++)
        if (CENSUS_ROW(t, i)) {
            ev->end[((uint64_t)(CLIP(sf_flow_start(t, i, fast)) - tmin) >> wb) + 1]++;
            ev->end[((uint64_t)(CLIP(sf_flow_end(t, i, fast)) - tmin) >> wb) + 1]++;
            ne += 2;
        }
    /* 2^31 stays would need some 80 GB of table first */
    if (ne > UINT32_MAX)
        return SF_ERR_NOMEM;
    ev->key = malloc((ne ? ne : 1) * sizeof *ev->key);
    if (!ev->key)
        return SF_ERR_NOMEM;
    for (size_t b = 1; b <= ev->nb; b++)
        ev->end[b] += ev->end[b - 1];
    /* end[b] is the start of bucket b; the scatter moves it to its end */
    uint64_t wmask = ((uint64_t)1 << wb) - 1;
    for (size_t i = 0; i < t->n; i++)
        if (CENSUS_ROW(t, i)) {
            uint64_t s = (uint64_t)(CLIP(sf_flow_start(t, i, fast)) - tmin),
                     e = (uint64_t)(CLIP(sf_flow_end(t, i, fast)) - tmin);
            uint32_t u = sf_flow_unit(t, i, fast);
            ev->key[ev->end[s >> wb]++] =
                (uint32_t)((s & wmask) << (ub + 1) | (uint64_t)1 << ub | u);
            ev->key[ev->end[e >> wb]++] = (uint32_t)((e & wmask) << (ub + 1) | u);
        }
    /* each bucket on its own: a radix sort through scratch the size of
     * the largest bucket (insertion sort for a few keys) */
    uint32_t *tmp = NULL;
    size_t tcap = 0;
    for (size_t b = 0, lo = 0; b < ev->nb; lo = ev->end[b], b++) {
        size_t k = ev->end[b] - lo;
        if (k > tcap && k > SF_FLOW_INSERTION_MAX) {
            free(tmp);
            tcap = k;
            if (!(tmp = malloc(tcap * sizeof *tmp)))
                return SF_ERR_NOMEM;
        }
        sf_flow_sort_u32(ev->key + lo, tmp, k, wb + 1 + ub);
    }
    free(tmp);
    return 0;
}
#undef CENSUS_ROW
#undef CLIP

static int census_events_build(const sf_stays *t, int fast, int win, int64_t tmin, int64_t tmax,
                               int ub, census_events *ev) {
    if (fast)
        return win ? census_events_fill(t, 1, 1, tmin, tmax, ub, ev)
                   : census_events_fill(t, 1, 0, tmin, tmax, ub, ev);
    return census_events_fill(t, 0, win, tmin, tmax, ub, ev);
}

static void census_events_free(census_events *ev) {
    free(ev->key);
    free(ev->end);
}

/* census_add without clipping, [a, b) inside the series, a in step ha
 * and b - 1 in step hb (the sweep knows both: no division). */
static inline __attribute__((always_inline)) void census_add_in(int64_t *sec, uint32_t *mx,
                                                                int64_t h0, int64_t step, int64_t c,
                                                                int64_t a, int64_t b, int64_t ha,
                                                                int64_t hb) {
    if (ha == hb) { /* most often: the unit's previous event was this hour */
        sec[ha] += c * (b - a);
        if ((uint32_t)c > mx[ha])
            mx[ha] = (uint32_t)c;
        return;
    }
    sec[ha] += c * (h0 + (ha + 1) * step - a);
    for (int64_t h = ha + 1; h < hb; h++)
        sec[h] += c * step;
    sec[hb] += c * (b - (h0 + hb * step));
    for (int64_t h = ha; h <= hb; h++)
        if ((uint32_t)c > mx[h])
            mx[h] = (uint32_t)c;
}

/* One event of the census sweep: unit u's count changes by d at `now`;
 * the count present since the unit's previous event goes to the series
 * (census_add) and, with peak, to the most present ever. Without clip,
 * hnow is the step of now and hlast that of now - 1 (from h0), and
 * hprev[u] keeps the step of prev[u]. */
static inline __attribute__((always_inline)) void
census_event(uint32_t u, int64_t now, int64_t hnow, int64_t hlast, int64_t d, int64_t h0,
             int64_t hi, int64_t step, int clip, size_t ns, int64_t *sec, uint32_t *mx,
             uint32_t *peak, int64_t *peak_at, int64_t *cnt, int64_t *prev, int64_t *hprev) {
    if (now > prev[u] && cnt[u] > 0) {
        if (clip)
            census_add(sec + (size_t)u * ns, mx + (size_t)u * ns, h0, hi, step, clip, cnt[u],
                       prev[u], now);
        else
            census_add_in(sec + (size_t)u * ns, mx + (size_t)u * ns, h0, step, cnt[u], prev[u], now,
                          hprev[u], hlast);
        if (peak && (uint32_t)cnt[u] > peak[u]) {
            peak[u] = (uint32_t)cnt[u];
            peak_at[u] = prev[u];
        }
    }
    prev[u] = now;
    if (!clip)
        hprev[u] = hnow;
    cnt[u] += d;
}

/* The census sweep over the events in time order: per unit the count
 * present between consecutive events goes to the series of ns steps of
 * `step` seconds from h0 (sec, mx: (nu + 1) x ns; clip: the events may lie
 * outside it), and, with peak, the most present ever and when. cnt is
 * scratch of nu + 1, prev of 2 (nu + 1). */
static inline __attribute__((always_inline)) void
census_sweep(const census_events *ev, uint32_t nu, int64_t h0, int64_t step, int clip, size_t ns,
             int64_t *sec, uint32_t *mx, uint32_t *peak, int64_t *peak_at, int64_t *cnt,
             int64_t *prev) {
    int ub = ev->ub;
    uint32_t umask = ((uint32_t)1 << ub) - 1;
    int64_t hi = h0 + (int64_t)ns * step, *hprev = prev + nu + 1;
    for (uint32_t u = 0; u <= nu; u++) {
        prev[u] = ev->tmin;
        hprev[u] = clip ? 0 : (ev->tmin - h0) / step;
        cnt[u] = 0;
    }
    size_t k = 0;
    for (size_t b = 0; b < ev->nb; b++) {
        int64_t base = ev->tmin + ((int64_t)b << ev->wb);
        for (size_t kend = ev->end[b]; k < kend; k++) {
            uint32_t key = ev->key[k];
            int64_t now = base + (int64_t)(key >> (ub + 1)), d = (key >> ub) & 1 ? 1 : -1;
            /* without clip every event lies in [h0, hi]: one division an
             * event for both units */
            int64_t hnow = 0, hlast = 0;
            if (!clip) {
                hnow = (now - h0) / step;
                hlast = hnow - (hnow * step == now - h0);
            }
            census_event(key & umask, now, hnow, hlast, d, h0, hi, step, clip, ns, sec, mx, peak,
                         peak_at, cnt, prev, hprev);
            census_event(nu, now, hnow, hlast, d, h0, hi, step, clip, ns, sec, mx, peak, peak_at,
                         cnt, prev, hprev);
        }
    }
}

/* The census step, in hours: the finest whose table stays within the
 * bound (census()). */
static const int64_t census_steps_h[] = {1, 2, 3, 4, 6, 8, 12, 24, 48, 168, 336, 672, 2184, 8736};
#define CENSUS_MIN_CELLS ((size_t)1 << 16)
#define CENSUS_CELLS_PER_ROW 64
/* The hour-of-week profile of a coarse census comes from an hourly series
 * of the last 52 weeks at most. */
#define PROFILE_HOURS ((size_t)52 * SF_HOURS_PER_WEEK)

static int census(const sf_stays *t, sf_flow_metrics *m, const sf_flow_opts *o, int64_t tmin,
                  int64_t tmax, sf_diag *diag) {
    uint32_t nu = m->nunits;
    /* The series' table is (units + 1) x steps. Hourly unless that is
     * more than 64 cells per stay (and more than 2^16 cells): then the
     * finest coarser step that fits, so the census (and census.csv, and
     * metrics.json) stays in proportion to the data; a lifetime of
     * records or a few stays spread over decades is not tabulated by the
     * hour. */
    size_t bound = (size_t)CENSUS_CELLS_PER_ROW * m->rows_used;
    bound = bound > CENSUS_MIN_CELLS ? bound : CENSUS_MIN_CELLS;
    bound = bound < MAX_CELLS ? bound : MAX_CELLS;
    size_t nsteps = sizeof census_steps_h / sizeof *census_steps_h;
    for (size_t s = 0; s < nsteps; s++) {
        m->step = census_steps_h[s] * HOUR;
        /* steps of weeks begin on a Monday (UTC; 1970-01-05 was one) */
        int64_t mon = m->step % (168 * HOUR) ? 0 : 4 * (int64_t)DAY;
        m->h0 = floor_div(tmin - mon, m->step) * m->step + mon;
        m->nhours = (size_t)((tmax - m->h0 + m->step - 1) / m->step);
        if (!m->nhours)
            m->nhours = 1;
        if (m->nhours <= bound / (nu + 1))
            break;
    }
    if (m->nhours > MAX_CELLS / (nu + 1))
        return sf_diag_set(diag, SF_ERR_ARG, NULL, 0, 0,
                           "the stays span %zu years at %u units, too many to tabulate; check for "
                           "wrong years or select a period",
                           (size_t)((tmax - tmin) / (365 * (int64_t)DAY)), nu);
    size_t nh = m->nhours, cells = (size_t)(nu + 1) * nh;
    m->census = calloc(cells, sizeof *m->census);
    m->census_max = calloc(cells, sizeof *m->census_max);
    m->peak = calloc(nu + 1, sizeof *m->peak);
    m->peak_at = calloc(nu + 1, sizeof *m->peak_at);
    int64_t *cnt = calloc(nu + 1, sizeof *cnt), *prev = malloc(2 * (nu + 1) * sizeof *prev);
    /* every stay's time inside [tmin, tmax]: the whole table, or the
     * window (sf_flow_opts) */
    int win = o->window_from || o->window_to;
    census_events ev;
    int64_t *sec = calloc(cells, sizeof *sec);
    int rc =
        census_events_build(t, sf_flow_fast(t, m), win, tmin, tmax, sf_flow_unit_bits(nu), &ev);
    if (!m->census || !m->census_max || !m->peak || !m->peak_at || !cnt || !prev || !sec || rc) {
        census_events_free(&ev);
        free(sec);
        free(cnt);
        free(prev);
        return SF_ERR_NOMEM;
    }
    /* every event lies inside the series: no clipping */
    if (m->step == HOUR)
        census_sweep(&ev, nu, m->h0, HOUR, 0, nh, sec, m->census_max, m->peak, m->peak_at, cnt,
                     prev);
    else
        census_sweep(&ev, nu, m->h0, m->step, 0, nh, sec, m->census_max, m->peak, m->peak_at, cnt,
                     prev);
    size_t k;
    for (k = 0; k < cells; k++)
        m->census[k] = (double)sec[k] / (double)m->step;
    free(sec);

    /* Hour-of-week profile: each hour of an hourly series goes to the slot
     * of its local start time; percentiles across the hours in a slot. The
     * census's own series when hourly, else the last 52 weeks by the hour. */
    const double *hourly = m->census;
    double *own = NULL;
    int64_t ph0 = m->h0;
    size_t pnh = nh;
    if (m->step != HOUR) {
        int64_t end = floor_div(tmax - 1, HOUR) * HOUR + HOUR;
        pnh = (size_t)((end - floor_div(tmin, HOUR) * HOUR) / HOUR);
        pnh = pnh < PROFILE_HOURS ? pnh : PROFILE_HOURS;
        pnh = pnh ? pnh : 1;
        ph0 = end - (int64_t)pnh * HOUR;
        size_t pc = (size_t)(nu + 1) * pnh;
        int64_t *psec = calloc(pc, sizeof *psec);
        uint32_t *pmx = calloc(pc, sizeof *pmx);
        own = malloc(pc * sizeof *own);
        if (!psec || !pmx || !own) {
            free(psec);
            free(pmx);
            free(own);
            census_events_free(&ev);
            free(cnt);
            free(prev);
            return SF_ERR_NOMEM;
        }
        census_sweep(&ev, nu, ph0, HOUR, 1, pnh, psec, pmx, NULL, NULL, cnt, prev);
        for (k = 0; k < pc; k++)
            own[k] = (double)psec[k] / HOUR;
        free(psec);
        free(pmx);
        hourly = own;
    }
    census_events_free(&ev);
    free(cnt);
    free(prev);
    m->prof_h0 = ph0;
    m->prof_hours = pnh;
    rc = census_profile(m, o, hourly, ph0, pnh);
    free(own);
    return rc;
}

/* Arrivals by hour of week and month, length of stay and waits, ready
 * days, zones: one read of every stay. One copy per constant fast
 * (metrics_walk.h). */
SF_FLOW_ALWAYS int per_stay_fill(const sf_stays *t, int fast, sf_flow_metrics *m,
                                 const sf_flow_opts *o, sf_diag *diag) {
    uint32_t nu = m->nunits, nz = m->nzones;
    /* The arrival span first: it sizes the month table. */
    int64_t amin = INT64_MAX, amax = INT64_MIN;
    for (size_t i = 0; i < t->n; i++) {
        if (!sf_flow_ok(t, i, fast))
            continue;
        int64_t a = sf_flow_arrive_at(t, i, fast);
        amin = a < amin ? a : amin;
        amax = a > amax ? a : amax;
    }
    m->arr_how = calloc((size_t)(nu + 1) * SF_HOURS_PER_WEEK, sizeof *m->arr_how);
    m->arr_how_n = calloc(SF_HOURS_PER_WEEK, sizeof *m->arr_how_n);
    m->los = calloc(nu + 1, sizeof *m->los);
    m->wait = calloc(nu + 1, sizeof *m->wait);
    m->bed_days = calloc(nu + 1, sizeof *m->bed_days);
    m->los_open = calloc(nu + 1, sizeof *m->los_open);
    m->ready_stays = calloc(nu + 1, sizeof *m->ready_stays);
    m->ready_patients = calloc(nu + 1, sizeof *m->ready_patients);
    m->ready_days = calloc(nu + 1, sizeof *m->ready_days);
    m->zone_known = calloc(nu + 1, sizeof *m->zone_known);
    m->nonres = calloc(nu + 1, sizeof *m->nonres);
    m->zone_ready_days = calloc(nz + 1, sizeof *m->zone_ready_days);
    m->zone_stays = calloc(nz + 1, sizeof *m->zone_stays);
    m->zone_bed_days = calloc(nz + 1, sizeof *m->zone_bed_days);
    if (!m->arr_how || !m->arr_how_n || !m->los || !m->wait || !m->bed_days || !m->los_open ||
        !m->ready_stays || !m->ready_patients || !m->ready_days || !m->zone_known || !m->nonres ||
        !m->zone_ready_days || !m->zone_stays || !m->zone_bed_days)
        return SF_ERR_NOMEM;
    if (amin <= amax) {
        m->month0 = sf_flow_month_index(sf_flow_local(o, amin));
        m->nmonths = (size_t)(sf_flow_month_index(sf_flow_local(o, amax)) - m->month0 + 1);
        if (m->nmonths > MAX_CELLS / (nu + 1))
            return sf_diag_set(diag, SF_ERR_ARG, NULL, 0, 0,
                               "arrivals span %zu months, too many to tabulate; check for wrong "
                               "years",
                               m->nmonths);
    }
    m->arr_month = calloc((size_t)(nu + 1) * (m->nmonths ? m->nmonths : 1), sizeof *m->arr_month);
    uint32_t *last_ready = malloc((nu + 1) * sizeof *last_ready);
    size_t nl = 0, nw = 0;
    int ub = sf_flow_unit_bits(nu);
    uint64_t lmax = 0, wmax = 0; /* the longest stay and wait */
    for (size_t i = 0; i < t->n; i++) {
        if (!sf_flow_ok(t, i, fast))
            continue;
        if (!sf_stays_is_open(t, i)) {
            nl++;
            uint64_t l = (uint64_t)(sf_flow_end(t, i, fast) - sf_flow_start(t, i, fast));
            lmax = l > lmax ? l : lmax;
        }
        int64_t a = sf_stays_arrive(t, i);
        if (a != SF_T_NONE && a <= sf_flow_start(t, i, fast)) {
            nw++;
            uint64_t w = (uint64_t)(sf_flow_start(t, i, fast) - a);
            wmax = w > wmax ? w : wmax;
            /* a wait must fit in the sort key beside the unit */
            if ((uint64_t)(sf_flow_start(t, i, fast) - a) >> (63 - ub))
                return sf_diag_set(diag, SF_ERR_ARG, NULL, 0, 0,
                                   "a patient arrived %.0f years before the stay started; check "
                                   "the arrival times",
                                   (double)(sf_flow_start(t, i, fast) - a) / (365.25 * DAY));
        }
    }
    /* (a length of stay fits beside the unit in 64 bits: the census has
     * refused longer spans) */
    unit_keys lk, wk;
    int lrc = unit_keys_alloc(&lk, nl, lmax << ub | (((uint64_t)1 << ub) - 1)),
        wrc = unit_keys_alloc(&wk, nw, wmax << ub | (((uint64_t)1 << ub) - 1));
    /* Local hour of week and month of every UTC hour of the arrival span,
     * so a stay needs one table look-up instead of a time-zone conversion.
     * Exact only where the offset is a whole number of hours; otherwise
     * each stay is converted (lt stays NULL). */
    int64_t ah0 = amin <= amax ? floor_div(amin, HOUR) : 0;
    size_t nah = amin <= amax ? (size_t)(floor_div(amax, HOUR) - ah0 + 1) : 0;
    /* no table longer than the stays (decades of a few stays): then each
     * stay is converted */
    int whole = nah <= 2 * m->rows_used + 100000;
    size_t ntab = whole ? nah : 0;
    uint8_t *lhow = malloc(ntab ? ntab : 1);
    uint32_t *lmon = malloc((ntab ? ntab : 1) * sizeof *lmon);
    if (!m->arr_month || !last_ready || lrc || wrc || !lhow || !lmon) {
        free(last_ready);
        unit_keys_free(&lk);
        unit_keys_free(&wk);
        free(lhow);
        free(lmon);
        return SF_ERR_NOMEM;
    }
    for (size_t h = 0; h < nah; h++) {
        int64_t utc = (ah0 + (int64_t)h) * HOUR, loc = sf_flow_local(o, utc);
        int how = sf_flow_hour_of_week(loc);
        m->arr_how_n[how]++;
        if (!ntab)
            continue;
        whole &= (loc - utc) % HOUR == 0;
        lhow[h] = (uint8_t)how;
        lmon[h] = (uint32_t)(sf_flow_month_index(loc) - m->month0);
    }
    for (uint32_t u = 0; u <= nu; u++)
        last_ready[u] = SF_ID_NONE;
    uint64_t *all_how = m->arr_how + (size_t)nu * SF_HOURS_PER_WEEK;
    uint64_t *all_month = m->arr_month + (size_t)nu * m->nmonths;
    for (size_t i = 0; i < t->n; i++) {
        if (!sf_flow_ok(t, i, fast))
            continue;
        uint32_t u = sf_flow_unit(t, i, fast);
        int64_t s = sf_flow_start(t, i, fast), e = sf_flow_end(t, i, fast),
                arr = sf_flow_arrive_at(t, i, fast);
        int how;
        size_t mo;
        if (whole) {
            size_t h = (size_t)(floor_div(arr, HOUR) - ah0);
            how = lhow[h];
            mo = lmon[h];
        } else {
            int64_t loc = sf_flow_local(o, arr);
            how = sf_flow_hour_of_week(loc);
            mo = (size_t)(sf_flow_month_index(loc) - m->month0);
        }
        m->arr_how[(size_t)u * SF_HOURS_PER_WEEK + (size_t)how]++;
        all_how[how]++;
        m->arr_month[(size_t)u * m->nmonths + mo]++;
        all_month[mo]++;
        /* an open stay's length is not known yet: counted apart, not as
         * a completed stay of that length */
        if (sf_stays_is_open(t, i)) {
            m->los_open[u]++;
            m->los_open[nu]++;
        } else {
            unit_keys_add(&lk, ((uint64_t)(e - s) << ub) | u);
        }
        int64_t a = sf_stays_arrive(t, i);
        if (a != SF_T_NONE && a <= s)
            unit_keys_add(&wk, ((uint64_t)(s - a) << ub) | u);
        double bd = (double)(e - s) / DAY;
        m->bed_days[u] += bd;
        m->bed_days[nu] += bd;
        /* Ready for discharge: the part of the stay after the notice. */
        double rd = 0;
        int64_t ready = sf_stays_ready(t, i);
        if (ready != SF_T_NONE && ready < e) {
            int64_t r = ready > s ? ready : s;
            rd = (double)(e - r) / DAY;
            m->ready_stays[u]++;
            m->ready_stays[nu]++;
            m->ready_days[u] += rd;
            m->ready_days[nu] += rd;
            /* Rows are sorted by patient: a new patient id is a new patient. */
            uint32_t p = t->patient[i];
            if (last_ready[u] != p) {
                last_ready[u] = p;
                m->ready_patients[u]++;
            }
            if (last_ready[nu] != p) {
                last_ready[nu] = p;
                m->ready_patients[nu]++;
            }
        }
        uint32_t z = sf_stays_zone(t, i);
        if (z != SF_ID_NONE && z < nz) {
            m->zone_stays[z]++;
            m->zone_bed_days[z] += bd;
            m->zone_ready_days[z] += rd;
            if (o->resident) {
                int res = z < o->nresident && o->resident[z];
                m->zone_known[u]++;
                m->zone_known[nu]++;
                m->nonres[u] += !res;
                m->nonres[nu] += !res;
            }
        }
    }
    free(lhow);
    free(lmon);
    int rc = unit_keys_dists(&lk, ub, nu, m->los);
    if (!rc)
        rc = unit_keys_dists(&wk, ub, nu, m->wait);
    unit_keys_free(&lk);
    unit_keys_free(&wk);
    free(last_ready);
    return rc;
}

static int per_stay(const sf_stays *t, sf_flow_metrics *m, const sf_flow_opts *o, sf_diag *diag) {
    return sf_flow_fast(t, m) ? per_stay_fill(t, 1, m, o, diag) : per_stay_fill(t, 0, m, o, diag);
}

SF_FLOW_ALWAYS int sorted_by_patient(const sf_stays *t, int fast) {
    for (size_t i = 1; i < t->n; i++) {
        if (t->patient[i] != t->patient[i - 1]) {
            if (t->patient[i] < t->patient[i - 1])
                return 0;
        } else {
            int64_t s0 = sf_flow_start(t, i - 1, fast), s1 = sf_flow_start(t, i, fast);
            if (s1 < s0 || (s1 == s0 && sf_flow_end(t, i, fast) < sf_flow_end(t, i - 1, fast)))
                return 0;
        }
    }
    return 1;
}

/* A row is ok (sf_flow_row_ok), read at the columns' widths: 32-bit times
 * and 16-bit units when narrow (their "unknown" values are the largest,
 * so an unknown unit is not below the count). */
SF_FLOW_ALWAYS int row_ok_at(const sf_stays *t, size_t i, int narrow) {
    if (!narrow)
        return sf_flow_row_ok(t, i);
    uint32_t s = t->start32[i], e = t->end32[i];
    return s != SF_T32_NONE && e != SF_T32_NONE && e >= s &&
           t->unit16[i] < t->names[SF_F_UNIT].count && t->patient[i] != SF_ID_NONE;
}

/* Counts the rows every metric uses and finds the earliest start and the
 * latest end among them. */
SF_FLOW_ALWAYS void rows_scan(const sf_stays *t, int narrow, sf_flow_metrics *m, int64_t *tmin,
                              int64_t *tmax) {
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    size_t used = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (!row_ok_at(t, i, narrow))
            continue;
        used++;
        int64_t s = narrow ? t->t0 + (int64_t)t->start32[i] : sf_stays_start(t, i);
        int64_t e = narrow ? t->t0 + (int64_t)t->end32[i] : sf_stays_end(t, i);
        lo = s < lo ? s : lo;
        hi = e > hi ? e : hi;
    }
    m->rows_used = used;
    m->rows_bad = t->n - used;
    *tmin = lo;
    *tmax = hi;
}

int sf_flow_metrics_compute(sf_stays *t, const sf_flow_opts *o, sf_flow_metrics *m, sf_diag *diag) {
    memset(m, 0, sizeof *m);
    if (o->episode_gap < 0 || o->readmit_min < 0 || o->readmit_max < o->readmit_min ||
        o->shared_window < 0 || o->top < 0 || o->pathway_min_orgs < 1)
        return sf_diag_set(diag, SF_ERR_ARG, NULL, 0, 0,
                           "metrics options: gaps and windows must be >= 0, the readmission "
                           "window's end not before its start, top >= 0, minimum organisations "
                           ">= 1");
    m->rows = t->n;
    int64_t tmin, tmax;
    if (sf_flow_narrow(t))
        rows_scan(t, 1, m, &tmin, &tmax);
    else
        rows_scan(t, 0, m, &tmin, &tmax);
    if (!(sf_flow_fast(t, m) ? sorted_by_patient(t, 1) : sorted_by_patient(t, 0))) {
        int rc = sf_stays_sort_by_patient(t);
        if (rc)
            return rc;
    }
    m->nunits = t->names[SF_F_UNIT].count;
    /* Transition matrices are (units + 1)^2: thousands of units mean the
     * unit column holds something finer (a bed, a room, an encounter). */
    if (m->nunits > SF_FLOW_MAX_UNITS)
        return sf_diag_set(diag, SF_ERR_ARG, NULL, 0, 0,
                           "%u distinct units, more than the %d the transition tables take; is the "
                           "unit column a bed or room? map a coarser column to unit",
                           m->nunits, SF_FLOW_MAX_UNITS);
    m->norgs = t->names[SF_F_ORG].count;
    m->nzones = t->names[SF_F_ZONE].count;
    if (!m->rows_used)
        tmin = tmax = 0;
    if (o->window_from || o->window_to) {
        /* the census and the span cover the window only */
        tmin = tmin > o->window_from ? tmin : o->window_from;
        tmax = tmax < o->window_to ? tmax : o->window_to;
        if (tmax < tmin)
            tmax = tmin;
    }
    m->span_days = (double)(tmax - tmin) / DAY;
    m->nopen = t->nopen;
    m->until = t->until;
    int rc = census(t, m, o, tmin, tmax, diag);
    if (!rc)
        rc = per_stay(t, m, o, diag);
    if (!rc)
        rc = sf_flow_walk_patients(t, o, m);
    if (!rc)
        rc = sf_flow_continuity(t, o, m);
    if (rc) {
        sf_flow_metrics_free(m);
        if (rc == SF_ERR_NOMEM)
            sf_diag_set(diag, rc, NULL, 0, 0, "out of memory computing the flow metrics");
    }
    return rc;
}

void sf_flow_metrics_free(sf_flow_metrics *m) {
    free(m->census);
    free(m->census_max);
    free(m->peak);
    free(m->peak_at);
    free(m->bed_days);
    free(m->prof_mean);
    free(m->prof_p10);
    free(m->prof_p50);
    free(m->prof_p90);
    free(m->prof_n);
    free(m->arr_how);
    free(m->arr_how_n);
    free(m->arr_month);
    free(m->los);
    free(m->los_open);
    free(m->wait);
    free(m->trans);
    free(m->trans_gap_p50);
    free(m->readmit_disch);
    free(m->readmit_n);
    free(m->shared_pairs);
    for (size_t k = 0; k < m->ntop; k++)
        free(m->top[k].units);
    free(m->top);
    free(m->dfg);
    free(m->dfg_p50);
    free(m->ready_stays);
    free(m->ready_patients);
    free(m->ready_days);
    free(m->zone_ready_days);
    free(m->zone_known);
    free(m->nonres);
    free(m->zone_stays);
    free(m->zone_bed_days);
    free(m->cont_patient);
    free(m->cont_visits);
    free(m->cont_upc);
    free(m->cont_coc);
    free(m->cont_secon);
    memset(m, 0, sizeof *m);
}
