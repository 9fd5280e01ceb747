/* gauss.c: reading GSL's ziggurat tables off GSL, and its slow path (see
 * gauss.h). */
#include "core/gauss.h"

#include <string.h>

/* A generator that hands GSL chosen draws: first[] in turn, then `rest`
 * forever; its uniforms are `u`, counted. */
typedef struct probe {
    unsigned long first[1];
    int nfirst, pos;
    unsigned long rest;
    double u;
    int uniforms;
} probe;

static unsigned long probe_get(void *state) {
    probe *p = state;
    return p->pos < p->nfirst ? p->first[p->pos++] : p->rest;
}
static double probe_get_double(void *state) {
    probe *p = state;
    p->uniforms++;
    return p->u;
}
static void probe_set(void *state, unsigned long seed) {
    (void)state;
    (void)seed;
}

static const gsl_rng_type probe_type = {
    "samflyt-probe", ULONG_MAX, 0, sizeof(probe), probe_set, probe_get, probe_get_double,
};

/* GSL's variate when its first draw is k (later draws take the fast path
 * of layer 1, which has none of the probed properties); *slow: whether
 * GSL asked for a uniform, i.e. left its fast path. */
static double probe_draw(unsigned long k, int *slow) {
    probe p = {{k}, 1, 0, (1ul << 8) | 0x81, 0.5, 0};
    gsl_rng g = {&probe_type, &p};
    double x = gsl_ran_gaussian_ziggurat(&g, 1.0);
    *slow = p.uniforms > 0;
    return x;
}

void sf_gauss_init(sf_gauss *g) {
    memset(g, 0, sizeof *g);
    int slow, ok = 1;
    for (unsigned i = 1; i < 128 && ok; i++) {
        /* k[i]: the least j that leaves the fast path (GSL: j < ktab[i]
         * accepts), by bisection over the 24 bits of j */
        unsigned long lo = 0, hi = 1ul << 24;
        while (lo < hi) {
            unsigned long mid = (lo + hi) / 2;
            probe_draw((mid << 8) | 0x80 | i, &slow);
            if (slow)
                hi = mid;
            else
                lo = mid + 1;
        }
        if (lo < 2) {
            ok = 0; /* not the layout gauss.h describes */
            break;
        }
        g->k[i] = (uint32_t)lo;
        /* w[i]: the variate of j = 1 */
        g->w[i] = probe_draw((1ul << 8) | 0x80 | i, &slow);
        /* what the fast path assumes, checked at its largest j, with both
         * signs, and with bits above the 32 GSL reads */
        unsigned long j = lo - 1;
        double x = (double)j * g->w[i];
        double xp = probe_draw((j << 8) | 0x80 | i, &slow);
        ok = !slow && xp == x;
        double xn = probe_draw(0xabcd000000000000ul | (j << 8) | i, &slow);
        ok = ok && !slow && xn == -x && x > 0;
    }
    if (!ok)
        memset(g, 0, sizeof *g); /* k[] of 0: every draw goes to GSL */
    g->ok = ok;
    g->ready = 1;
}

double sf_gauss_slow(sf_rng *r) {
    sf_rng_unget(r);
    sf_rng_gsl_view v;
    sf_rng_gsl_bind(&v, r);
    return gsl_ran_gaussian_ziggurat(&v.g, 1.0);
}
