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

/* Adds the wards a patient of ward a sent to unit d can end up queued at
 * to row a of the adjacency matrix adj (n x n). */
static void add_edges(const sf_model *m, int a, int d, unsigned char *adj) {
    int n = m->nunits;
    /* an overflow chain visits at most every unit once (the loader refuses
     * overflow cycles) */
    for (int hops = 0; d >= 0 && hops <= n; hops++) {
        const sf_unit *u = &m->units[d];
        if (u->kind == SF_UNIT_WARD && u->queue_limit != 0 && d != a)
            adj[(size_t)a * n + d] = 1;
        if (u->queue_limit < 0 && u->kind != SF_UNIT_BOOKED)
            return; /* queues without limit: never on to the overflow */
        d = u->overflow;
    }
}

int sf_model_blocking_cycle(const sf_model *m, int *units, int max) {
    int n = m ? m->nunits : 0;
    if (n < 2)
        return 0;
    unsigned char *adj = calloc((size_t)n * (size_t)n, 1);
    unsigned char *live = calloc((size_t)n, 1);
    int *seen = malloc((size_t)n * sizeof *seen);
    if (!adj || !live || !seen) {
        free(adj);
        free(live);
        free(seen);
        return -1;
    }
    for (int a = 0; a < n; a++) {
        if (m->units[a].kind != SF_UNIT_WARD)
            continue;
        live[a] = 1;
        const sf_route *r = &m->units[a].next;
        for (int i = 0; i < r->n; i++)
            if (r->prob[i] > 0 && r->dest[i] >= 0)
                add_edges(m, a, r->dest[i], adj);
    }
    /* Strip wards that lead to no live ward: what is left is on a cycle or
     * leads into one. */
    for (int changed = 1; changed;) {
        changed = 0;
        for (int a = 0; a < n; a++) {
            if (!live[a])
                continue;
            int out = 0;
            for (int b = 0; b < n && !out; b++)
                out = live[b] && adj[(size_t)a * n + b];
            if (!out) {
                live[a] = 0;
                changed = 1;
            }
        }
    }
    /* Walk from a live ward along live edges until a ward repeats: the
     * walk's tail from that ward is a cycle. */
    int found = 0, start = -1;
    for (int a = 0; a < n && start < 0; a++)
        if (live[a])
            start = a;
    if (start >= 0) {
        for (int i = 0; i < n; i++)
            seen[i] = -1;
        int a = start, k = 0;
        while (seen[a] < 0) {
            seen[a] = k++;
            int b = 0;
            while (!(live[b] && adj[(size_t)a * n + b]))
                b++;
            a = b;
        }
        /* the cycle is the wards with seen >= seen[a], in walk order */
        int first = seen[a];
        found = k - first;
        for (int i = 0; i < n; i++)
            if (seen[i] >= first && seen[i] - first < max)
                units[seen[i] - first] = i;
    }
    free(adj);
    free(live);
    free(seen);
    return found;
}
