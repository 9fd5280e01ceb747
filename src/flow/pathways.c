/* pathways.c: the metrics that follow one patient through time, computed
 * in one walk over the table sorted by (patient, start, end):
 *  - episodes: a patient's stays less than episode_gap apart (arrival at
 *    the next minus the latest end so far: a patient queueing for the next
 *    unit is still in the episode, as in the simulator's trace);
 *  - the transition matrix between consecutive stays of an episode, with
 *    "outside" before the first and "home" after the last, and the median
 *    gap between leaving one and arriving at the next;
 *  - readmissions: episodes (of stays in one organisation, if asked) that
 *    arrive readmit_min..readmit_max after the previous one ended;
 *  - patients shared between organisations within a window, by pair;
 *  - pathway variants (the units of an episode, repeats merged) and the
 *    directly-follows graph between them.
 * Per-patient state is small and reused; per-episode figures go to flat
 * arrays whose medians are taken by group at the end (metrics_sort.c). */
#include "flow/metrics_walk.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400.0
#define HOURS 3600.0
/* Organisation pairs are tabulated only up to this many organisations
 * (the table is norgs^2); beyond, the shared count is still exact. */
#define MAX_PAIR_ORGS 1024

/* A growable uint32 buffer. */
typedef struct u32buf {
    uint32_t *v;
    size_t n, cap;
} u32buf;

static int u32_push(u32buf *b, uint32_t x) {
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 64;
        uint32_t *v = realloc(b->v, cap * sizeof *v);
        if (!v)
            return SF_ERR_NOMEM;
        b->v = v;
        b->cap = cap;
    }
    b->v[b->n++] = x;
    return 0;
}

/* A growable int64 buffer. */
typedef struct i64buf {
    int64_t *v;
    size_t n, cap;
} i64buf;

static int i64_push(i64buf *b, int64_t x) {
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 64;
        int64_t *v = realloc(b->v, cap * sizeof *v);
        if (!v)
            return SF_ERR_NOMEM;
        b->v = v;
        b->cap = cap;
    }
    b->v[b->n++] = x;
    return 0;
}

/* Pathway variants: distinct unit sequences, interned in a hash table. */
typedef struct variants {
    u32buf pool;     /* the sequences, back to back */
    size_t *off;     /* variant -> offset in pool */
    uint32_t *len;   /* variant -> length */
    uint64_t *count; /* variant -> episodes */
    uint32_t *norgs; /* variant -> most organisations one of its episodes touched */
    size_t n, cap;
    uint32_t *slots; /* variant + 1, 0 = empty; power of two */
    size_t nslots;
} variants;

static uint64_t seq_hash(const uint32_t *s, uint32_t len) {
    uint64_t h = 1469598103934665603ULL;
    for (uint32_t i = 0; i < len; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
        h ^= h >> 29;
    }
    return h;
}

static int var_grow(variants *v) {
    size_t cap = v->cap ? 2 * v->cap : 256;
    size_t *off = realloc(v->off, cap * sizeof *off);
    if (!off)
        return SF_ERR_NOMEM;
    v->off = off;
    uint32_t *len = realloc(v->len, cap * sizeof *len);
    if (!len)
        return SF_ERR_NOMEM;
    v->len = len;
    uint64_t *count = realloc(v->count, cap * sizeof *count);
    if (!count)
        return SF_ERR_NOMEM;
    v->count = count;
    uint32_t *norgs = realloc(v->norgs, cap * sizeof *norgs);
    if (!norgs)
        return SF_ERR_NOMEM;
    v->norgs = norgs;
    v->cap = cap;
    /* Rehash into twice as many slots as variants can be. */
    size_t nslots = 2 * cap;
    uint32_t *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return SF_ERR_NOMEM;
    for (size_t k = 0; k < v->n; k++) {
        size_t i = seq_hash(v->pool.v + v->off[k], v->len[k]) & (nslots - 1);
        while (slots[i])
            i = (i + 1) & (nslots - 1);
        slots[i] = (uint32_t)k + 1;
    }
    free(v->slots);
    v->slots = slots;
    v->nslots = nslots;
    return 0;
}

/* Are a[0..len) and b[0..len) equal? Inline: most sequences are one to
 * three units, where a memcmp call cost more than the compare. */
static inline int seq_eq(const uint32_t *a, const uint32_t *b, uint32_t len) {
    for (uint32_t i = 0; i < len; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

/* The id of sequence s (added if new), or a negative error. */
static int64_t var_id(variants *v, const uint32_t *s, uint32_t len, uint32_t norgs) {
    if (v->n == v->cap && var_grow(v))
        return SF_ERR_NOMEM;
    size_t mask = v->nslots - 1, i = seq_hash(s, len) & mask;
    for (; v->slots[i]; i = (i + 1) & mask) {
        uint32_t k = v->slots[i] - 1;
        if (v->len[k] == len && seq_eq(v->pool.v + v->off[k], s, len)) {
            /* the most organisations any of its episodes touched: the same
             * for any order of the rows */
            if (norgs > v->norgs[k])
                v->norgs[k] = norgs;
            return k;
        }
    }
    size_t k = v->n++;
    v->off[k] = v->pool.n;
    v->len[k] = len;
    v->count[k] = 0;
    v->norgs[k] = norgs;
    for (uint32_t j = 0; j < len; j++)
        if (u32_push(&v->pool, s[j]))
            return SF_ERR_NOMEM;
    v->slots[i] = (uint32_t)k + 1;
    return (int64_t)k;
}

static void var_free(variants *v) {
    free(v->pool.v);
    free(v->off);
    free(v->len);
    free(v->count);
    free(v->norgs);
    free(v->slots);
}

/* Ordering of variants for the top list: more episodes first, then by
 * the unit names, so ties come out the same for the same data. */
typedef struct var_rank {
    const variants *v;
    const sf_stays *t;
} var_rank;

static int var_cmp_names(const var_rank *r, uint32_t a, uint32_t b) {
    const variants *v = r->v;
    const sf_intern *un = &r->t->names[SF_F_UNIT];
    uint32_t la = v->len[a], lb = v->len[b];
    for (uint32_t j = 0; j < la && j < lb; j++) {
        int c = strcmp(sf_intern_str(un, v->pool.v[v->off[a] + j]),
                       sf_intern_str(un, v->pool.v[v->off[b] + j]));
        if (c)
            return c;
    }
    return (la > lb) - (la < lb);
}

/* Selects the top k of ids[0..n) into ids[0..k) in rank order; a partial
 * selection sort is enough, k is small. */
static void var_top(const var_rank *r, uint32_t *ids, size_t n, size_t k) {
    for (size_t i = 0; i < k && i < n; i++) {
        size_t best = i;
        for (size_t j = i + 1; j < n; j++) {
            uint64_t cj = r->v->count[ids[j]], cb = r->v->count[ids[best]];
            if (cj > cb || (cj == cb && var_cmp_names(r, ids[j], ids[best]) < 0))
                best = j;
        }
        uint32_t x = ids[i];
        ids[i] = ids[best];
        ids[best] = x;
    }
}

/* Adds org to the small set orgs[0..*n) if absent. */
static int org_add(u32buf *orgs, uint32_t org) {
    if (org == SF_ID_NONE)
        return 0;
    for (size_t k = 0; k < orgs->n; k++)
        if (orgs->v[k] == org)
            return 0;
    return u32_push(orgs, org);
}

typedef struct walk {
    const sf_stays *t;
    const sf_flow_opts *o;
    sf_flow_metrics *m;
    uint32_t nu, w; /* units, matrix width nu + 1 */
    /* transitions: group = from * w + to, value = gap */
    sf_flow_gvals tr;
    /* directly-follows times */
    sf_flow_gvals df;
    /* episodes counted as variants: variant id and duration */
    sf_flow_gvals ep;
    /* readmission gaps */
    sf_flow_gvals ra;
    variants var;
    u32buf seq, orgs;  /* scratch per episode: merged units, organisations */
    i64buf bstart;     /* ... and when each merged unit was entered */
    u32buf porg;       /* per patient: organisations */
    int64_t *porg_end; /* ... and their latest end */
    size_t porg_cap;
    u32buf pairs; /* per patient: pairs already counted (a * norgs + b) */
} walk;

SF_FLOW_ALWAYS size_t next_ok(const sf_stays *t, size_t k, size_t end, int fast) {
    while (k < end && !sf_flow_ok(t, k, fast))
        k++;
    return k;
}

/* One patient's episodes over all stays: transitions, variants, DFG. */
SF_FLOW_ALWAYS int episodes(walk *wk, size_t a, size_t b, int fast) {
    const sf_stays *t = wk->t;
    sf_flow_metrics *m = wk->m;
    uint32_t w = wk->w, nu = wk->nu;
    size_t j = next_ok(t, a, b, fast);
    while (j < b) {
        int64_t es = sf_flow_arrive_at(t, j, fast), ee = sf_flow_end(t, j, fast);
        wk->seq.n = wk->orgs.n = wk->bstart.n = 0;
        if (u32_push(&wk->seq, sf_flow_unit(t, j, fast)) ||
            org_add(&wk->orgs, sf_flow_org(t, j, fast)) || i64_push(&wk->bstart, es))
            return SF_ERR_NOMEM;
        m->trans[(size_t)nu * w + sf_flow_unit(t, j, fast)]++;
        size_t prev = j, k = next_ok(t, j + 1, b, fast);
        while (k < b && sf_flow_arrive_at(t, k, fast) - ee < wk->o->episode_gap) {
            uint32_t g = sf_flow_unit(t, prev, fast) * w + sf_flow_unit(t, k, fast);
            m->trans[g]++;
            if (sf_flow_gvals_push(&wk->tr, g,
                                   sf_flow_arrive_at(t, k, fast) - sf_flow_end(t, prev, fast)))
                return SF_ERR_NOMEM;
            if (sf_flow_unit(t, k, fast) != wk->seq.v[wk->seq.n - 1]) {
                if (u32_push(&wk->seq, sf_flow_unit(t, k, fast)) ||
                    i64_push(&wk->bstart, sf_flow_arrive_at(t, k, fast)))
                    return SF_ERR_NOMEM;
            }
            if (org_add(&wk->orgs, sf_flow_org(t, k, fast)))
                return SF_ERR_NOMEM;
            ee = sf_flow_end(t, k, fast) > ee ? sf_flow_end(t, k, fast) : ee;
            prev = k;
            k = next_ok(t, k + 1, b, fast);
        }
        /* an episode whose last stay is still open has not ended: no
         * discharge home */
        int open = sf_stays_is_open(t, prev);
        if (!open)
            m->trans[(size_t)sf_flow_unit(t, prev, fast) * w + nu]++;
        m->episodes++;
        if (wk->o->pathway_min_orgs <= 1 || wk->orgs.n >= (size_t)wk->o->pathway_min_orgs) {
            int64_t id = var_id(&wk->var, wk->seq.v, (uint32_t)wk->seq.n, (uint32_t)wk->orgs.n);
            if (id < 0)
                return (int)id;
            wk->var.count[id]++;
            if (sf_flow_gvals_push(&wk->ep, (uint32_t)id, ee - es))
                return SF_ERR_NOMEM;
            m->var_episodes++;
            /* Directly-follows: outside -> first -> ... -> last -> home;
             * the time on an edge is from entering a to entering b (or
             * the episode's end, for home). */
            m->dfg[(size_t)nu * w + wk->seq.v[0]]++;
            for (size_t q = 0; q < wk->seq.n; q++) {
                if (open && q + 1 == wk->seq.n)
                    break;
                int64_t s0 = wk->bstart.v[q];
                int64_t s1 = q + 1 < wk->seq.n ? wk->bstart.v[q + 1] : ee;
                uint32_t g = wk->seq.v[q] * w + (q + 1 < wk->seq.n ? wk->seq.v[q + 1] : nu);
                m->dfg[g]++;
                if (sf_flow_gvals_push(&wk->df, g, s1 - s0))
                    return SF_ERR_NOMEM;
            }
        }
        j = k;
    }
    return 0;
}

/* One patient's readmissions: episodes of the stays in readmit_org. */
SF_FLOW_ALWAYS int readmissions(walk *wk, size_t a, size_t b, int fast) {
    const sf_stays *t = wk->t;
    const sf_flow_opts *o = wk->o;
    sf_flow_metrics *m = wk->m;
    uint32_t nu = wk->nu;
    int have = 0, open = 0; /* open: the episode's latest stay is still open */
    int64_t ee = 0;
    uint32_t last_unit = 0;
    for (size_t k = a; k < b; k++) {
        if (!sf_flow_ok(t, k, fast) ||
            (o->readmit_org != SF_ID_NONE && sf_flow_org(t, k, fast) != o->readmit_org))
            continue;
        if (have && sf_flow_arrive_at(t, k, fast) - ee < o->episode_gap) {
            /* same episode */
            if (sf_flow_end(t, k, fast) >= ee)
                open = sf_stays_is_open(t, k);
            ee = sf_flow_end(t, k, fast) > ee ? sf_flow_end(t, k, fast) : ee;
            last_unit = sf_flow_unit(t, k, fast);
            continue;
        }
        if (have) {
            /* the previous episode ends: it is an index discharge, and this
             * stay may be its readmission */
            int64_t gap = sf_flow_arrive_at(t, k, fast) - ee;
            m->readmit_disch[last_unit]++;
            m->readmit_disch[nu]++;
            if (gap >= o->readmit_min && gap <= o->readmit_max &&
                (o->readmit_class == SF_ID_NONE || sf_stays_cls(t, k) == o->readmit_class)) {
                m->readmit_n[last_unit]++;
                m->readmit_n[nu]++;
                if (sf_flow_gvals_push(&wk->ra, 0, gap))
                    return SF_ERR_NOMEM;
            }
        }
        have = 1;
        ee = sf_flow_end(t, k, fast);
        open = sf_stays_is_open(t, k);
        last_unit = sf_flow_unit(t, k, fast);
    }
    /* the last episode is an index discharge unless still in care */
    if (have && !open) {
        m->readmit_disch[last_unit]++;
        m->readmit_disch[nu]++;
    }
    return 0;
}

/* One patient: in two organisations within the window? Which pairs? */
SF_FLOW_ALWAYS int shared(walk *wk, size_t a, size_t b, int fast) {
    const sf_stays *t = wk->t;
    sf_flow_metrics *m = wk->m;
    uint32_t no = m->norgs;
    wk->porg.n = 0;
    wk->pairs.n = 0;
    int is_shared = 0;
    for (size_t k = a; k < b; k++) {
        if (!sf_flow_ok(t, k, fast) || sf_flow_org(t, k, fast) == SF_ID_NONE ||
            sf_flow_org(t, k, fast) >= no)
            continue;
        uint32_t org = sf_flow_org(t, k, fast);
        size_t self = SIZE_MAX;
        for (size_t q = 0; q < wk->porg.n; q++) {
            uint32_t o2 = wk->porg.v[q];
            if (o2 == org) {
                self = q;
                continue;
            }
            /* Stays come in start order, so the latest end of o2 so far is
             * the closest earlier stay there (overlap counts as gap 0). */
            if (sf_flow_arrive_at(t, k, fast) - wk->porg_end[q] > wk->o->shared_window)
                continue;
            is_shared = 1;
            if (m->shared_pairs) {
                uint32_t x = org < o2 ? org : o2, y = org < o2 ? o2 : org;
                uint32_t key = x * no + y;
                int seen = 0;
                for (size_t p = 0; p < wk->pairs.n && !seen; p++)
                    seen = wk->pairs.v[p] == key;
                if (!seen) {
                    if (u32_push(&wk->pairs, key))
                        return SF_ERR_NOMEM;
                    m->shared_pairs[key]++;
                }
            }
        }
        if (self == SIZE_MAX) {
            if (u32_push(&wk->porg, org))
                return SF_ERR_NOMEM;
            if (wk->porg.n > wk->porg_cap) {
                size_t cap = wk->porg.cap;
                int64_t *e = realloc(wk->porg_end, cap * sizeof *e);
                if (!e)
                    return SF_ERR_NOMEM;
                wk->porg_end = e;
                wk->porg_cap = cap;
            }
            wk->porg_end[wk->porg.n - 1] = sf_flow_end(t, k, fast);
        } else if (sf_flow_end(t, k, fast) > wk->porg_end[self])
            wk->porg_end[self] = sf_flow_end(t, k, fast);
    }
    m->patients_org += wk->porg.n > 0;
    m->patients_shared += is_shared;
    return 0;
}

static void walk_free(walk *wk) {
    sf_flow_gvals_free(&wk->tr);
    sf_flow_gvals_free(&wk->df);
    sf_flow_gvals_free(&wk->ep);
    sf_flow_gvals_free(&wk->ra);
    var_free(&wk->var);
    free(wk->seq.v);
    free(wk->bstart.v);
    free(wk->orgs.v);
    free(wk->porg.v);
    free(wk->porg_end);
    free(wk->pairs.v);
}

/* Every patient's rows in turn; one copy per constant fast
 * (metrics_walk.h). */
SF_FLOW_ALWAYS int walk_all(walk *wk, int fast) {
    const sf_stays *t = wk->t;
    int rc = 0;
    for (size_t a = 0; !rc && a < t->n;) {
        size_t b = a + 1;
        while (b < t->n && t->patient[b] == t->patient[a])
            b++;
        if (next_ok(t, a, b, fast) < b) {
            wk->m->patients++;
            rc = episodes(wk, a, b, fast);
            if (!rc)
                rc = readmissions(wk, a, b, fast);
            if (!rc)
                rc = shared(wk, a, b, fast);
        }
        a = b;
    }
    return rc;
}

int sf_flow_walk_patients(const sf_stays *t, const sf_flow_opts *o, sf_flow_metrics *m) {
    walk wk;
    memset(&wk, 0, sizeof wk);
    wk.t = t;
    wk.o = o;
    wk.m = m;
    wk.nu = m->nunits;
    wk.w = m->nunits + 1;
    size_t cells = (size_t)wk.w * wk.w;
    m->trans = calloc(cells, sizeof *m->trans);
    m->trans_gap_p50 = malloc(cells * sizeof *m->trans_gap_p50);
    m->dfg = calloc(cells, sizeof *m->dfg);
    m->dfg_p50 = malloc(cells * sizeof *m->dfg_p50);
    m->readmit_disch = calloc(wk.w, sizeof *m->readmit_disch);
    m->readmit_n = calloc(wk.w, sizeof *m->readmit_n);
    if (m->norgs && m->norgs <= MAX_PAIR_ORGS)
        m->shared_pairs = calloc((size_t)m->norgs * m->norgs, sizeof *m->shared_pairs);
    int rc = 0;
    if (!m->trans || !m->trans_gap_p50 || !m->dfg || !m->dfg_p50 || !m->readmit_disch ||
        !m->readmit_n || (m->norgs && m->norgs <= MAX_PAIR_ORGS && !m->shared_pairs))
        rc = SF_ERR_NOMEM;
    if (!rc)
        rc = sf_flow_fast(t, m) ? walk_all(&wk, 1) : walk_all(&wk, 0);
    /* each set of values freed once its medians are taken: the next
     * median's scratch reuses its memory */
    if (!rc)
        rc = sf_flow_gvals_median(&wk.tr, (uint32_t)cells, m->trans_gap_p50);
    sf_flow_gvals_free(&wk.tr);
    if (!rc)
        rc = sf_flow_gvals_median(&wk.df, (uint32_t)cells, m->dfg_p50);
    sf_flow_gvals_free(&wk.df);
    if (!rc) {
        for (size_t c = 0; c < cells; c++) {
            m->trans_gap_p50[c] /= HOURS;
            m->dfg_p50[c] /= HOURS;
        }
        double g;
        rc = sf_flow_gvals_median(&wk.ra, 1, &g);
        m->readmit_gap_p50 = g / DAY;
    }
    sf_flow_gvals_free(&wk.ra);
    /* Top variants with their median durations. */
    double *vmed = NULL;
    uint32_t *ids = NULL;
    if (!rc) {
        m->nvariants = wk.var.n;
        vmed = malloc((wk.var.n ? wk.var.n : 1) * sizeof *vmed);
        ids = malloc((wk.var.n ? wk.var.n : 1) * sizeof *ids);
        if (!vmed || !ids)
            rc = SF_ERR_NOMEM;
    }
    if (!rc)
        rc = sf_flow_gvals_median(&wk.ep, (uint32_t)wk.var.n, vmed);
    if (!rc) {
        for (size_t k = 0; k < wk.var.n; k++)
            ids[k] = (uint32_t)k;
        var_rank r = {&wk.var, t};
        size_t k = (size_t)o->top < wk.var.n ? (size_t)o->top : wk.var.n;
        var_top(&r, ids, wk.var.n, k);
        m->top = calloc(k ? k : 1, sizeof *m->top);
        if (!m->top)
            rc = SF_ERR_NOMEM;
        for (size_t q = 0; !rc && q < k; q++) {
            uint32_t id = ids[q];
            sf_flow_variant *v = &m->top[q];
            v->len = wk.var.len[id];
            v->units = malloc(v->len * sizeof *v->units);
            if (!v->units) {
                rc = SF_ERR_NOMEM;
                break;
            }
            m->ntop = q + 1;
            memcpy(v->units, wk.var.pool.v + wk.var.off[id], v->len * sizeof *v->units);
            v->count = wk.var.count[id];
            v->share = (double)v->count / (double)m->var_episodes;
            v->dur_p50 = vmed[id] / HOURS;
            v->norgs = wk.var.norgs[id];
        }
    }
    free(vmed);
    free(ids);
    walk_free(&wk);
    return rc;
}
