/* persons.c: simulated people with a history and their return behaviour;
 * see persons.h for the data and docs/simulation.md for the rules. */
#include "sim/persons.h"

#include "core/rng.h"
#include "sim/sampler.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Stream purposes of this file (rng.h), apart from the engine's. */
enum {
    RNG_PERSONS = 0x60, /* zones and frailties of a population's people */
    RNG_PICK = 0x61,    /* which person a contact is, per source */
    RNG_GP = 0x62,      /* listed doctor, per clinic and person */
    RNG_RETURN = 0x63,  /* return or not, and the delay, per unit */
};

/* Returns drawn longer than `within` are drawn again, this often at most;
 * then the window's end is taken (a delay that nearly never fits). */
#define MAX_REDRAWS 1000

/* With frailty-rise, a person's rate is its base frailty plus what rises
 * on top (the extra), and the population's contacts grow by the extra:
 * its sources draw candidates at RISE_ENVELOPE times their rate; the
 * first share 1 / RISE_ENVELOPE are the declared contacts, shared out by
 * base frailty, and of the rest as many are kept as the extra rate asks,
 * shared out by extra frailty. Exact while the extra is at most
 * RISE_ENVELOPE - 1 times the declared rate. Why a bound at all: a rate
 * multiplied by 1 + rise at every admission grows geometrically, and a
 * person whose k-th contact comes at rate r (1 + rise)^k has infinitely
 * many within a finite time (the sum of the mean gaps converges), so
 * without one a replication need never end. Past it, sf_persons_accept
 * says so and the engine stops the replication with a message rather
 * than give figures held below the model's (docs/model.md, "Persons").
 * People whose frailty never rose keep their rate. */
#define RISE_ENVELOPE 2.0

typedef struct pop_rt {
    const sf_population *def;
    int64_t n, base;
    int nbands;
    int64_t *band0;     /* [nbands + 1]: first person of each band, then n */
    int32_t *zone;      /* [n], NULL when the population has at most one zone */
    double *tree;       /* [n]: Fenwick trees of the frailties, one per band; NULL: all alike */
    double *band_total; /* [nbands]: sum of the band's frailties */
    double *xtree;      /* [n]: the same for the risen extra (frailty-rise), else NULL */
    double *xband_total;
    uint64_t hash;
} pop_rt;

typedef struct src_rt {
    int pop;     /* index into pops, -1: anonymous contacts */
    double frac; /* persons / size: the share of contacts that are persons */
    const double *age_cum;
    int rise;  /* the population's frailty rises: thin candidates (RISE_ENVELOPE) */
    int extra; /* the accepted candidate is an extra contact */
    sf_rng rng;
    uint64_t hash;
} src_rt;

typedef struct ret_rt {
    const sf_unit *def;
    sf_sampler *delay; /* [nreturns] */
    sf_rng rng;
    uint64_t hash;
} ret_rt;

struct sf_persons {
    const sf_model *m;
    int npops, nsrc, nunits;
    pop_rt *pops;
    src_rt *src;
    ret_rt *ret;
    uint64_t *unit_hash;
    uint64_t seed;
    int rep;
};

int sf_persons_needed(const sf_model *m) {
    for (int p = 0; p < m->npopulations; p++)
        if (m->populations[p].persons)
            return 1;
    for (int u = 0; u < m->nunits; u++)
        if (m->units[u].nreturns)
            return 1;
    return 0;
}

static int has_tree(const sf_population *p) { return p->frailty_shape > 0 || p->frailty_rise > 0; }

double sf_persons_bytes_per_person(const sf_population *p) {
    return (p->nzones > 1 ? 4.0 : 0.0) + (has_tree(p) ? 8.0 : 0.0) +
           (p->frailty_rise > 0 ? 8.0 : 0.0);
}

int sf_persons_create(const sf_model *m, const sf_expo *expo, sf_gauss *gauss, sf_persons **out) {
    *out = NULL;
    sf_persons *ps = calloc(1, sizeof *ps);
    if (!ps)
        return SF_ERR_NOMEM;
    ps->m = m;
    ps->npops = m->npopulations;
    ps->nsrc = m->nsources;
    ps->nunits = m->nunits;
    ps->pops = calloc((size_t)ps->npops + 1, sizeof *ps->pops);
    ps->src = calloc((size_t)ps->nsrc + 1, sizeof *ps->src);
    ps->ret = calloc((size_t)ps->nunits + 1, sizeof *ps->ret);
    ps->unit_hash = calloc((size_t)ps->nunits + 1, sizeof *ps->unit_hash);
    if (!ps->pops || !ps->src || !ps->ret || !ps->unit_hash)
        goto oom;
    int64_t base = 0;
    for (int i = 0; i < ps->npops; i++) {
        pop_rt *r = &ps->pops[i];
        const sf_population *d = &m->populations[i];
        r->def = d;
        r->hash = sf_rng_name_hash(d->name);
        if (!d->persons)
            continue;
        r->n = d->persons;
        r->base = base;
        base += r->n;
        r->nbands = d->nages > 0 ? d->nages : 1;
        r->band0 = calloc((size_t)r->nbands + 1, sizeof *r->band0);
        r->band_total = calloc((size_t)r->nbands, sizeof *r->band_total);
        if (!r->band0 || !r->band_total)
            goto oom;
        /* band b holds round(n * cum share) - round(n * previous cum) people */
        double cum = 0;
        for (int b = 0; b < r->nbands; b++) {
            r->band0[b] = (int64_t)llround((double)r->n * cum);
            cum += d->nages > 0 ? d->age_share[b] : 1;
        }
        r->band0[r->nbands] = r->n;
        if (d->nzones > 1 && !(r->zone = malloc((size_t)r->n * sizeof *r->zone)))
            goto oom;
        if (has_tree(d) && !(r->tree = malloc((size_t)r->n * sizeof *r->tree)))
            goto oom;
        if (d->frailty_rise > 0 &&
            (!(r->xtree = malloc((size_t)r->n * sizeof *r->xtree)) ||
             !(r->xband_total = calloc((size_t)r->nbands, sizeof *r->xband_total))))
            goto oom;
    }
    for (int i = 0; i < ps->nsrc; i++) {
        const sf_source *s = &m->sources[i];
        src_rt *r = &ps->src[i];
        r->pop = s->population >= 0 && m->populations[s->population].persons ? s->population : -1;
        if (r->pop >= 0) {
            const sf_population *d = &m->populations[r->pop];
            r->frac = (double)d->persons / d->size;
            r->age_cum = s->age_cum;
            r->rise = d->frailty_rise > 0;
        }
        r->hash = sf_rng_name_hash(s->name);
    }
    for (int u = 0; u < ps->nunits; u++) {
        const sf_unit *d = &m->units[u];
        ret_rt *r = &ps->ret[u];
        r->def = d;
        r->hash = ps->unit_hash[u] = sf_rng_name_hash(d->name);
        if (!d->nreturns)
            continue;
        if (!(r->delay = calloc((size_t)d->nreturns, sizeof *r->delay)))
            goto oom;
        for (int k = 0; k < d->nreturns; k++)
            sf_sampler_init(&r->delay[k], &d->returns[k].delay, expo, gauss);
    }
    *out = ps;
    return SF_OK;
oom:
    sf_persons_free(ps);
    return SF_ERR_NOMEM;
}

void sf_persons_free(sf_persons *ps) {
    if (!ps)
        return;
    for (int i = 0; ps->pops && i < ps->npops; i++) {
        free(ps->pops[i].band0);
        free(ps->pops[i].band_total);
        free(ps->pops[i].zone);
        free(ps->pops[i].tree);
        free(ps->pops[i].xtree);
        free(ps->pops[i].xband_total);
    }
    for (int u = 0; ps->ret && u < ps->nunits; u++)
        free(ps->ret[u].delay);
    free(ps->pops);
    free(ps->src);
    free(ps->ret);
    free(ps->unit_hash);
    free(ps);
}

/* ---- Fenwick trees (1-based inside, 0-based outside) -------------------------- */

/* Builds the tree over w[0..n) in place, O(n). */
static void fen_build(double *t, int64_t n) {
    for (int64_t i = 1; i <= n; i++) {
        int64_t j = i + (i & -i);
        if (j <= n)
            t[j - 1] += t[i - 1];
    }
}

static void fen_add(double *t, int64_t n, int64_t i, double v) {
    for (i++; i <= n; i += i & -i)
        t[i - 1] += v;
}

/* The weight of element i alone. */
static double fen_point(const double *t, int64_t i) {
    int64_t k = i + 1;
    double v = t[k - 1];
    int64_t stop = k - (k & -k);
    for (k--; k > stop; k -= k & -k)
        v -= t[k - 1];
    return v;
}

/* The first element whose running sum exceeds target (0 <= target < total). */
static int64_t fen_find(const double *t, int64_t n, double target) {
    int64_t pos = 0, step = 1;
    while (step * 2 <= n)
        step *= 2;
    for (; step; step /= 2)
        if (pos + step <= n && t[pos + step - 1] <= target) {
            pos += step;
            target -= t[pos - 1];
        }
    return pos < n ? pos : n - 1;
}

void sf_persons_reset(sf_persons *ps, uint64_t seed, int rep) {
    ps->seed = seed;
    ps->rep = rep;
    for (int i = 0; i < ps->npops; i++) {
        pop_rt *r = &ps->pops[i];
        const sf_population *d = r->def;
        if (!r->n)
            continue;
        sf_rng g;
        sf_rng_init_named(&g, seed, rep, RNG_PERSONS, r->hash);
        if (r->zone)
            for (int64_t k = 0; k < r->n; k++) {
                double u = sf_rng_u01(&g);
                int z = 0;
                while (z < d->nzones - 1 && u >= d->zone_cum[z])
                    z++;
                r->zone[k] = d->zone[z];
            }
        if (!r->tree)
            continue;
        sf_rng_gsl_view v;
        sf_rng_gsl_bind(&v, &g);
        double shape = d->frailty_shape;
        for (int64_t k = 0; k < r->n; k++)
            r->tree[k] = shape > 0 ? gsl_ran_gamma(&v.g, shape, 1 / shape) : 1;
        for (int b = 0; b < r->nbands; b++) {
            int64_t lo = r->band0[b], n = r->band0[b + 1] - lo;
            double sum = 0;
            for (int64_t k = 0; k < n; k++)
                sum += r->tree[lo + k];
            r->band_total[b] = sum;
            fen_build(r->tree + lo, n);
        }
        if (r->xtree) {
            memset(r->xtree, 0, (size_t)r->n * sizeof *r->xtree);
            memset(r->xband_total, 0, (size_t)r->nbands * sizeof *r->xband_total);
        }
    }
    for (int i = 0; i < ps->nsrc; i++)
        sf_rng_init_named(&ps->src[i].rng, seed, rep, RNG_PICK, ps->src[i].hash);
    for (int u = 0; u < ps->nunits; u++)
        sf_rng_init_named(&ps->ret[u].rng, seed, rep, RNG_RETURN, ps->ret[u].hash);
}

/* Source s's share of contacts in band b (its age weights). */
static double band_share(const src_rt *s, int b) {
    if (!s->age_cum)
        return 1;
    return s->age_cum[b] - (b ? s->age_cum[b - 1] : 0);
}

/* The extra rate of source s's population over its declared rate, per
 * band summed (persons / size of the risen extra per band's base). */
static double extra_ratio(const src_rt *s, const pop_rt *r) {
    double x = 0;
    for (int b = 0; b < r->nbands; b++)
        if (r->band_total[b] > 0)
            x += band_share(s, b) * r->xband_total[b] / r->band_total[b];
    return s->frac * x;
}

double sf_persons_envelope(const sf_persons *ps, int si) {
    return ps->src[si].rise ? RISE_ENVELOPE : 1;
}

int sf_persons_accept(sf_persons *ps, int si) {
    src_rt *s = &ps->src[si];
    s->extra = 0;
    if (!s->rise)
        return 1;
    double u = sf_rng_u01(&s->rng) * RISE_ENVELOPE;
    if (u < 1)
        return 1;
    double x = extra_ratio(s, &ps->pops[s->pop]);
    if (1 + x > RISE_ENVELOPE)
        return -1;
    s->extra = u < 1 + x;
    return s->extra;
}

/* The person at weight target in band b's tree t (or uniform in the band). */
static int64_t band_pick(const pop_rt *r, const double *t, int b, double u, double total) {
    int64_t lo = r->band0[b], n = r->band0[b + 1] - lo, k;
    if (t) {
        k = fen_find(t + lo, n, u * total);
    } else {
        k = (int64_t)(u * (double)n);
        if (k >= n)
            k = n - 1;
    }
    return lo + k;
}

int64_t sf_persons_pick(sf_persons *ps, int si, int *zone) {
    src_rt *s = &ps->src[si];
    if (s->pop < 0)
        return -1;
    pop_rt *r = &ps->pops[s->pop];
    /* draws in a fixed number per contact, so a sample's contacts and a
     * whole population's use the stream alike */
    double u_in = sf_rng_u01(&s->rng), u_band = sf_rng_u01(&s->rng), u_who = sf_rng_u01(&s->rng);
    int64_t k;
    if (s->extra) {
        /* a band by its extra rate, then a person by its extra frailty */
        double x = extra_ratio(s, r) / s->frac, acc = 0;
        int b = 0;
        for (; b < r->nbands - 1; b++) {
            if (r->band_total[b] > 0)
                acc += band_share(s, b) * r->xband_total[b] / r->band_total[b];
            if (u_band * x < acc)
                break;
        }
        k = band_pick(r, r->xtree, b, u_who, r->xband_total[b]);
    } else {
        if (s->frac < 1 && u_in >= s->frac)
            return -1;
        int b = 0;
        if (s->age_cum)
            while (b < r->nbands - 1 && u_band >= s->age_cum[b])
                b++;
        if (r->band0[b + 1] <= r->band0[b])
            return -1; /* a sample too small to have anyone of this age band */
        k = band_pick(r, r->tree, b, u_who, r->tree ? r->band_total[b] : 0);
    }
    const sf_population *d = r->def;
    *zone = r->zone ? r->zone[k] : d->nzones > 0 ? d->zone[0] : -1;
    return r->base + k;
}

/* The population of a person (a linear search: populations are few). */
static int pop_of(const sf_persons *ps, int64_t person) {
    int p = -1;
    for (int i = 0; i < ps->npops; i++)
        if (ps->pops[i].n && ps->pops[i].base <= person)
            p = i;
    return p;
}

void sf_persons_name(const sf_persons *ps, int64_t person, int *pop, int64_t *number) {
    int p = pop_of(ps, person);
    *pop = p;
    *number = person - ps->pops[p].base + 1;
}

int sf_persons_doctor(const sf_persons *ps, int64_t person, int ui, const sf_booked *def) {
    int p = pop_of(ps, person);
    if (p < 0 || !ps->pops[p].def->listed)
        return -1;
    /* one Philox block per (clinic, person): counter word 1 is the person */
    sf_rng g;
    sf_rng_init_named(&g, ps->seed, ps->rep, RNG_GP, ps->unit_hash[ui]);
    g.ctr.v[1] = (uint64_t)person;
    double u_listed = sf_rng_u01(&g), u_doc = sf_rng_u01(&g);
    if (u_listed >= def->listed_share)
        return -1;
    /* the first doctor whose running share exceeds u_doc (binary search:
     * a region's clinic may have hundreds of doctors) */
    int lo = 0, hi = def->doctors - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (u_doc >= def->cum[mid])
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void sf_persons_admitted(sf_persons *ps, int64_t person) {
    int p = pop_of(ps, person);
    pop_rt *r = &ps->pops[p];
    if (!r->xtree)
        return;
    int64_t k = person - r->base;
    int b = 0;
    while (r->band0[b + 1] <= k)
        b++;
    int64_t lo = r->band0[b], n = r->band0[b + 1] - lo;
    double w = fen_point(r->tree + lo, k - lo) + fen_point(r->xtree + lo, k - lo);
    double add = w * r->def->frailty_rise;
    fen_add(r->xtree + lo, n, k - lo, add);
    r->xband_total[b] += add;
}

int sf_persons_return(sf_persons *ps, int ui, int cls, double *delay, int *dest) {
    ret_rt *r = &ps->ret[ui];
    const sf_unit *d = r->def;
    int k = 0;
    while (k < d->nreturns && d->returns[k].cls >= 0 && d->returns[k].cls != cls)
        k++;
    if (k == d->nreturns)
        return 0;
    const sf_return *rule = &d->returns[k];
    if (!(sf_rng_u01(&r->rng) < rule->prob))
        return 0;
    double t = sf_sampler_draw(&r->delay[k], &r->rng);
    for (int i = 0; i < MAX_REDRAWS && t > rule->within; i++)
        t = sf_sampler_draw(&r->delay[k], &r->rng);
    *delay = t > rule->within ? rule->within : t;
    const sf_route *to = &rule->to;
    int j = 0;
    if (to->n > 1) {
        double u = sf_rng_u01(&r->rng);
        while (j < to->n - 1 && u >= to->cum[j])
            j++;
    }
    *dest = to->dest[j];
    return 1;
}
