/* deadlock.c: the static side of deadlock (docs/simulation.md,
 * "Deadlock"): which models can deadlock at all, found from the routing
 * before anything runs, so `check`, `run` and `calibrate` can warn.
 *
 * A ward patient whose next unit is full keeps its bed and queues there
 * (engine.c, blocking). Wards whose beds can all be held that way by
 * patients waiting for one another can freeze for good, and only wards
 * hold places while blocked, so the risk is a cycle in the graph "a
 * patient done in ward A can end up queued, still holding its bed, at
 * ward B": A's `next` to B when B queues (its queue limit is not 0), and
 * on through B's overflow when B's queue can fill. A ward's route back to
 * itself is no edge (the patient gives up its bed first). The engine
 * detects an actual deadlock at run time; this only says it can happen. */
#include "model/model.h"

#include <stdlib.h>
#include <string.h>

/* An edge a -> b of the graph, kept sorted to drop repeats. */
typedef struct edge {
    int a, b;
} edge;

static int edge_cmp(const void *x, const void *y) {
    const edge *p = x, *q = y;
    return p->a != q->a ? (p->a > q->a) - (p->a < q->a) : (p->b > q->b) - (p->b < q->b);
}

/* Where an overflow chain can matter, from unit d on: the first unit at or
 * after d that is a ward with a queue (an edge) or queues without limit (the
 * chain ends there); -1 if the chain ends without one. Memoised in jump[]
 * (-2: not yet known), so every chain is walked once in all, and a chain of
 * units that overflow at once costs nothing per route. */
static int first_stop(const sf_model *m, int d, int *jump) {
    int start = d;
    while (d >= 0 && jump[d] == -2) {
        const sf_unit *u = &m->units[d];
        if ((u->kind == SF_UNIT_WARD && u->queue_limit != 0) ||
            (u->queue_limit < 0 && u->kind != SF_UNIT_BOOKED))
            break;
        d = u->overflow;
    }
    int end = d < 0 ? -1 : jump[d] == -2 ? d : jump[d];
    for (d = start; d >= 0 && jump[d] == -2 && d != end; d = m->units[d].overflow)
        jump[d] = end;
    if (end >= 0)
        jump[end] = end;
    return end;
}

/* Appends to e the wards a patient of ward a sent to unit d can end up
 * queued at; returns the new count, or -1 when out of memory. An overflow
 * chain visits every unit at most once (the loader refuses overflow
 * cycles). */
static long add_edges(const sf_model *m, int a, int d, int *jump, edge **e, long n, long *cap) {
    while ((d = d >= 0 ? first_stop(m, d, jump) : -1) >= 0) {
        const sf_unit *u = &m->units[d];
        if (u->kind == SF_UNIT_WARD && u->queue_limit != 0 && d != a) {
            if (n == *cap) {
                long c = *cap ? 2 * *cap : 64;
                edge *g = realloc(*e, (size_t)c * sizeof *g);
                if (!g)
                    return -1;
                *e = g;
                *cap = c;
            }
            (*e)[n++] = (edge){a, d};
        }
        if (u->queue_limit < 0 && u->kind != SF_UNIT_BOOKED)
            break; /* queues without limit: never on to the overflow */
        d = u->overflow;
    }
    return n;
}

int sf_model_blocking_cycle(const sf_model *m, int *units, int max) {
    int n = m ? m->nunits : 0;
    if (n < 2)
        return 0;
    edge *e = NULL;
    long ne = 0, cap = 0;
    int found = -1;
    int *jump = malloc((size_t)n * sizeof *jump), *seen = malloc((size_t)n * sizeof *seen);
    int *fwd = calloc((size_t)n + 1, sizeof *fwd), *bwd = calloc((size_t)n + 1, sizeof *bwd);
    int *fill = calloc((size_t)n, sizeof *fill), *pending = malloc((size_t)n * sizeof *pending);
    int *outdeg = calloc((size_t)n, sizeof *outdeg), *pred = NULL;
    unsigned char *live = calloc((size_t)n, 1);
    if (!jump || !seen || !fwd || !bwd || !fill || !pending || !outdeg || !live)
        goto done;
    for (int a = 0; a < n; a++)
        jump[a] = -2;
    for (int a = 0; a < n; a++) {
        if (m->units[a].kind != SF_UNIT_WARD)
            continue;
        live[a] = 1;
        const sf_route *r = &m->units[a].next;
        for (int i = 0; i < r->n; i++)
            if (r->prob[i] > 0 && r->dest[i] >= 0 &&
                (ne = add_edges(m, a, r->dest[i], jump, &e, ne, &cap)) < 0)
                goto done;
    }
    /* Sorted by (a, b) without repeats, so ward a's edges are
     * e[fwd[a]..fwd[a+1]), smallest target first; pred lists, for each
     * ward b, the wards with an edge into it: pred[bwd[b]..bwd[b+1]). */
    if (ne)
        qsort(e, (size_t)ne, sizeof *e, edge_cmp);
    long k = 0;
    for (long i = 0; i < ne; i++)
        if (!k || e[i].a != e[k - 1].a || e[i].b != e[k - 1].b)
            e[k++] = e[i];
    ne = k;
    if (!(pred = malloc((size_t)(ne ? ne : 1) * sizeof *pred)))
        goto done;
    for (long i = 0; i < ne; i++) {
        fwd[e[i].a + 1]++;
        bwd[e[i].b + 1]++;
    }
    for (int a = 0; a < n; a++) {
        fwd[a + 1] += fwd[a];
        bwd[a + 1] += bwd[a];
        outdeg[a] = fwd[a + 1] - fwd[a];
    }
    for (long i = 0; i < ne; i++)
        pred[bwd[e[i].b] + fill[e[i].b]++] = e[i].a;
    /* Strip wards that lead to no live ward: what is left is on a cycle or
     * leads into one. Every target is a ward, live at first. */
    int nt = 0;
    for (int a = 0; a < n; a++)
        if (live[a] && !outdeg[a])
            pending[nt++] = a;
    while (nt) {
        int b = pending[--nt];
        live[b] = 0;
        for (int i = bwd[b]; i < bwd[b + 1]; i++)
            if (live[pred[i]] && --outdeg[pred[i]] == 0)
                pending[nt++] = pred[i];
    }
    /* Walk from a live ward along live edges (the smallest target first)
     * until a ward repeats: the walk's tail from that ward is a cycle. */
    found = 0;
    int start = -1;
    for (int a = 0; a < n && start < 0; a++)
        if (live[a])
            start = a;
    if (start >= 0) {
        for (int i = 0; i < n; i++)
            seen[i] = -1;
        int a = start, steps = 0;
        while (seen[a] < 0) {
            seen[a] = steps++;
            int i = fwd[a];
            while (!live[e[i].b])
                i++;
            a = e[i].b;
        }
        /* the cycle is the wards with seen >= seen[a], in walk order */
        int first = seen[a];
        found = steps - first;
        for (int i = 0; i < n; i++)
            if (seen[i] >= first && seen[i] - first < max)
                units[seen[i] - first] = i;
    }
done:
    free(e);
    free(jump);
    free(seen);
    free(fwd);
    free(bwd);
    free(fill);
    free(pending);
    free(outdeg);
    free(pred);
    free(live);
    return found;
}
