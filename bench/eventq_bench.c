/* eventq_bench.c: which pending-event set should the engine use?
 *
 * The classic hold model (Vaucher & Duval 1975; Jones 1986): keep n events
 * pending; each hold pops the earliest and pushes it back at t + increment.
 * Every structure stores the engine's 16-byte event and orders by
 * (time, seq), seq being the push count, so ties run first-scheduled,
 * first-run. Compared:
 *
 *   heap2, heap4, heap8  the engine's own src/sim/eventq.h, included three
 *                        times with SF_EVENTQ_ARITY 2, 4 and 8
 *   pairing              a pairing heap (two-pass), nodes in a pool, indices
 *   calendar             Brown's calendar queue (CACM 1988): sorted bucket
 *                        lists, resize on size, width from the first events;
 *                        it also re-derives the width when a window of
 *                        operations costs too much (as the SNOOPy and dynamic
 *                        calendar queues do), or it would keep the width it
 *                        chose while filling from time 0
 *   sorted               a sorted array (binary search + memmove), as the
 *                        simplest thing for tiny sets; skipped above 1024
 *
 * Increments come from a table filled once (so the random-number generator
 * and log() are not timed): exp is Exp(1); bimodal mixes 80 % Exp(mean
 * 0.02) and 20 % Exp(mean 5), minutes and days as a care network does.
 *
 * Correctness is checked, not assumed: each pop must be strictly after the
 * one before in (time, seq) (a correct queue guarantees this in the hold
 * model, as each push is at or after the current time and has a larger
 * seq), the final drain must return every id once, and before timing each
 * structure runs a tie-heavy increment table (integer increments, many 0)
 * that checks FIFO on equal times. A failure aborts with a message.
 *
 * Build: cc -O2 -std=c17 -Wall -Wextra -I src bench/eventq_bench.c -lm
 * Run:   ./eventq_bench [holds=1e7] [repetitions=3] [sizes=8,64,1024,65536]
 * Prints ns per hold, the best of the repetitions. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the engine's d-ary heap, three times ------------------------------
 * eventq.h is one header parameterised by a macro; renaming its names before
 * each inclusion gives three independent copies of the exact engine code. */

#define SF_EVENTQ_ARITY 2
#define sf_event q2_event
#define sf_eventq q2_queue
#define sf_event_before q2_before
#define sf_eventq_grow q2_grow
#define sf_eventq_push q2_push
#define sf_eventq_push_seq q2_push_seq
#define sf_eventq_pop q2_pop
#define sf_eventq_clear q2_clear
#define sf_eventq_free q2_free
#include "sim/eventq.h"
#undef SF_EVENTQ_H
#undef SF_EVENTQ_ARITY
#undef sf_event
#undef sf_eventq
#undef sf_event_before
#undef sf_eventq_grow
#undef sf_eventq_push
#undef sf_eventq_push_seq
#undef sf_eventq_pop
#undef sf_eventq_clear
#undef sf_eventq_free

#define SF_EVENTQ_ARITY 4
#define sf_event q4_event
#define sf_eventq q4_queue
#define sf_event_before q4_before
#define sf_eventq_grow q4_grow
#define sf_eventq_push q4_push
#define sf_eventq_push_seq q4_push_seq
#define sf_eventq_pop q4_pop
#define sf_eventq_clear q4_clear
#define sf_eventq_free q4_free
#include "sim/eventq.h"
#undef SF_EVENTQ_H
#undef SF_EVENTQ_ARITY
#undef sf_event
#undef sf_eventq
#undef sf_event_before
#undef sf_eventq_grow
#undef sf_eventq_push
#undef sf_eventq_push_seq
#undef sf_eventq_pop
#undef sf_eventq_clear
#undef sf_eventq_free

#define SF_EVENTQ_ARITY 8
#define sf_event q8_event
#define sf_eventq q8_queue
#define sf_event_before q8_before
#define sf_eventq_grow q8_grow
#define sf_eventq_push q8_push
#define sf_eventq_push_seq q8_push_seq
#define sf_eventq_pop q8_pop
#define sf_eventq_clear q8_clear
#define sf_eventq_free q8_free
#include "sim/eventq.h"
#undef SF_EVENTQ_H
#undef SF_EVENTQ_ARITY
#undef sf_event
#undef sf_eventq
#undef sf_event_before
#undef sf_eventq_grow
#undef sf_eventq_push
#undef sf_eventq_push_seq
#undef sf_eventq_pop
#undef sf_eventq_clear
#undef sf_eventq_free

/* The bench's own event: the same 16 bytes and order. */
typedef struct ev {
    double t;
    uint32_t seq;
    uint32_t what;
} ev;

_Static_assert(sizeof(ev) == 16, "the event is 16 bytes");
_Static_assert(sizeof(q4_event) == 16, "the engine's event is 16 bytes");

static inline int ev_before(const ev *a, const ev *b) {
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

static void die(const char *impl, const char *msg) {
    fprintf(stderr, "eventq_bench: %s: %s\n", impl, msg);
    exit(1);
}

static void *xrealloc(void *p, size_t size) {
    p = realloc(p, size);
    if (!p)
        die("bench", "out of memory");
    return p;
}

#define NIL UINT32_MAX

/* ---- adapters to the engine's heap ------------------------------------- */

#define HEAP_ADAPTER(P)                                                                            \
    static inline void P##a_init(P##_queue *q, uint32_t n) {                                       \
        (void)n;                                                                                   \
        memset(q, 0, sizeof *q);                                                                   \
    }                                                                                              \
    static inline void P##a_push(P##_queue *q, double t, uint32_t what) {                          \
        if (P##_push(q, t, what))                                                                  \
            die(#P, "out of memory");                                                              \
    }                                                                                              \
    static inline ev P##a_pop(P##_queue *q) {                                                      \
        P##_event e = P##_pop(q);                                                                  \
        return (ev){e.t, e.seq, e.what};                                                           \
    }                                                                                              \
    static inline uint32_t P##a_size(const P##_queue *q) { return q->n; }                          \
    static inline void P##a_free(P##_queue *q) { P##_free(q); }

HEAP_ADAPTER(q2)
HEAP_ADAPTER(q4)
HEAP_ADAPTER(q8)

/* ---- d-ary heap, bottom-up pop ------------------------------------------
 * The engine's layout and push, but pop walks the hole down to a leaf along
 * the smaller children without comparing against the last element, then
 * sifts that element up from the leaf (Wegener's bottom-up heapsort). In a
 * simulation the re-inserted last element is late and belongs near the
 * bottom, so the sift-up stops at once and a level costs one comparison
 * fewer, and one unpredictable branch fewer. */

#define BU_HEAP(P, D)                                                                              \
    typedef struct P {                                                                             \
        ev *h;                                                                                     \
        uint32_t n, cap, seq;                                                                      \
    } P;                                                                                           \
    static void P##_init(P *q, uint32_t n) {                                                       \
        q->cap = n + 16;                                                                           \
        q->h = xrealloc(NULL, q->cap * sizeof *q->h);                                              \
        q->n = q->seq = 0;                                                                         \
    }                                                                                              \
    static inline void P##_push(P *q, double t, uint32_t what) {                                   \
        if (q->n == q->cap) {                                                                      \
            q->cap *= 2;                                                                           \
            q->h = xrealloc(q->h, q->cap * sizeof *q->h);                                          \
        }                                                                                          \
        ev e = {t, q->seq++, what};                                                                \
        uint32_t i = q->n++;                                                                       \
        while (i > 0) {                                                                            \
            uint32_t p = (i - 1) / D;                                                              \
            if (!ev_before(&e, &q->h[p]))                                                          \
                break;                                                                             \
            q->h[i] = q->h[p];                                                                     \
            i = p;                                                                                 \
        }                                                                                          \
        q->h[i] = e;                                                                               \
    }                                                                                              \
    static inline ev P##_pop(P *q) {                                                               \
        ev *h = q->h, top = h[0], last = h[--q->n];                                                \
        uint32_t n = q->n, i = 0;                                                                  \
        if (n == 0)                                                                                \
            return top;                                                                            \
        for (;;) {                                                                                 \
            uint32_t first = i * D + 1;                                                            \
            if (first >= n)                                                                        \
                break;                                                                             \
            uint32_t end = first + D < n ? first + D : n, m = first;                               \
            for (uint32_t c = first + 1; c < end; c++)                                             \
                if (ev_before(&h[c], &h[m]))                                                       \
                    m = c;                                                                         \
            h[i] = h[m];                                                                           \
            i = m;                                                                                 \
        }                                                                                          \
        while (i > 0) {                                                                            \
            uint32_t p = (i - 1) / D;                                                              \
            if (!ev_before(&last, &h[p]))                                                          \
                break;                                                                             \
            h[i] = h[p];                                                                           \
            i = p;                                                                                 \
        }                                                                                          \
        h[i] = last;                                                                               \
        return top;                                                                                \
    }                                                                                              \
    static inline uint32_t P##_size(const P *q) { return q->n; }                                   \
    static void P##_free(P *q) { free(q->h); }

BU_HEAP(bu2, 2)
BU_HEAP(bu4, 4)

/* ---- pairing heap -------------------------------------------------------
 * Nodes live in one growing array and link by index (8 bytes of links, 24
 * per node); freed nodes go on a free list threaded through sib. */

typedef struct ph_node {
    ev e;
    uint32_t child;
    uint32_t sib;
} ph_node;

typedef struct ph {
    ph_node *nd;
    uint32_t cap, used, free, root, n, seq;
} ph;

static void ph_init(ph *q, uint32_t n) {
    memset(q, 0, sizeof *q);
    q->cap = n + 16;
    q->nd = xrealloc(NULL, q->cap * sizeof *q->nd);
    q->free = q->root = NIL;
}

static inline uint32_t ph_meld(ph_node *nd, uint32_t a, uint32_t b) {
    if (ev_before(&nd[b].e, &nd[a].e)) {
        uint32_t x = a;
        a = b;
        b = x;
    }
    nd[b].sib = nd[a].child;
    nd[a].child = b;
    return a;
}

static inline void ph_push(ph *q, double t, uint32_t what) {
    uint32_t i;
    if (q->free != NIL) {
        i = q->free;
        q->free = q->nd[i].sib;
    } else {
        if (q->used == q->cap) {
            q->cap *= 2;
            q->nd = xrealloc(q->nd, q->cap * sizeof *q->nd);
        }
        i = q->used++;
    }
    q->nd[i] = (ph_node){{t, q->seq++, what}, NIL, NIL};
    q->root = q->root == NIL ? i : ph_meld(q->nd, q->root, i);
    q->n++;
}

static inline ev ph_pop(ph *q) {
    ph_node *nd = q->nd;
    uint32_t r = q->root;
    ev top = nd[r].e;
    /* Pass 1: meld children pairwise left to right, stacking the results
     * through sib; pass 2: meld the stack, last pair first. */
    uint32_t c = nd[r].child, stack = NIL;
    while (c != NIL) {
        uint32_t a = c, b = nd[a].sib;
        if (b == NIL) {
            nd[a].sib = stack;
            stack = a;
            break;
        }
        c = nd[b].sib;
        nd[a].sib = nd[b].sib = NIL;
        uint32_t m = ph_meld(nd, a, b);
        nd[m].sib = stack;
        stack = m;
    }
    uint32_t root = NIL;
    while (stack != NIL) {
        uint32_t next = nd[stack].sib;
        nd[stack].sib = NIL;
        root = root == NIL ? stack : ph_meld(nd, root, stack);
        stack = next;
    }
    q->root = root;
    nd[r].sib = q->free;
    q->free = r;
    q->n--;
    return top;
}

static inline uint32_t ph_size(const ph *q) { return q->n; }
static void ph_free(ph *q) { free(q->nd); }

/* ---- calendar queue -----------------------------------------------------
 * Brown 1988. Bucket lists are sorted by (t, seq). An event's "virtual
 * bucket" is floor(t / width), computed by one monotone function, so it
 * never disagrees with the order of times (no drifting bucket tops); its
 * bucket is the virtual bucket modulo the (power-of-two) bucket count. */

typedef struct cq_node {
    ev e;
    uint32_t next;
} cq_node;

typedef struct cq {
    cq_node *nd;
    uint32_t *head;
    uint32_t nb, mask; /* buckets, a power of two */
    uint32_t cap, used, free, n, seq;
    double inv_w;          /* 1 / bucket width */
    uint64_t cur;          /* virtual bucket of the last pop */
    double last_t;         /* time of the last pop */
    int resizing;          /* no resize while sampling for a new width */
    uint64_t cost, window; /* empty buckets stepped + list nodes walked */
} cq;

static inline uint64_t cq_vb(const cq *q, double t) { return (uint64_t)(t * q->inv_w); }

static inline void cq_link(cq *q, uint32_t i) {
    cq_node *nd = q->nd;
    uint32_t *p = &q->head[cq_vb(q, nd[i].e.t) & q->mask];
    while (*p != NIL && ev_before(&nd[*p].e, &nd[i].e)) {
        p = &nd[*p].next;
        q->cost++;
    }
    nd[i].next = *p;
    *p = i;
}

static void cq_resize(cq *q, uint32_t nb);

static void cq_init(cq *q, uint32_t n) {
    memset(q, 0, sizeof *q);
    q->cap = n + 16;
    q->nd = xrealloc(NULL, q->cap * sizeof *q->nd);
    q->free = NIL;
    q->nb = 2;
    q->mask = 1;
    q->head = xrealloc(NULL, 2 * sizeof *q->head);
    q->head[0] = q->head[1] = NIL;
    q->inv_w = 1.0;
}

static inline ev cq_pop(cq *q);

static inline void cq_push(cq *q, double t, uint32_t what) {
    if (t < q->last_t)
        die("calendar", "push before the current time");
    uint32_t i;
    if (q->free != NIL) {
        i = q->free;
        q->free = q->nd[i].next;
    } else {
        if (q->used == q->cap) {
            q->cap *= 2;
            q->nd = xrealloc(q->nd, q->cap * sizeof *q->nd);
        }
        i = q->used++;
    }
    q->nd[i].e = (ev){t, q->seq++, what};
    cq_link(q, i);
    if (++q->n > 2 * q->nb && !q->resizing)
        cq_resize(q, 2 * q->nb);
}

/* Removes the earliest node and returns its index (not yet freed). */
static inline uint32_t cq_unlink_min(cq *q) {
    cq_node *nd = q->nd;
    for (;;) {
        for (uint32_t step = 0; step < q->nb; step++) {
            uint32_t *p = &q->head[q->cur & q->mask];
            if (*p != NIL && cq_vb(q, nd[*p].e.t) <= q->cur) {
                uint32_t i = *p;
                *p = nd[i].next;
                return i;
            }
            q->cur++;
            q->cost++;
        }
        /* A whole year without an event: find the minimum directly. */
        uint32_t best = NIL;
        for (uint32_t b = 0; b < q->nb; b++) {
            uint32_t h = q->head[b];
            if (h != NIL && (best == NIL || ev_before(&nd[h].e, &nd[best].e)))
                best = h;
        }
        q->cur = cq_vb(q, nd[best].e.t);
    }
}

static inline ev cq_pop(cq *q) {
    uint32_t i = cq_unlink_min(q);
    ev e = q->nd[i].e;
    q->nd[i].next = q->free;
    q->free = i;
    q->n--;
    q->last_t = e.t;
    if (!q->resizing) {
        if (q->n < q->nb / 2 && q->nb > 16)
            cq_resize(q, q->nb / 2);
        else if (++q->window >= 2 * (uint64_t)q->nb) {
            /* Too many empty buckets stepped or list nodes walked per
             * operation: the width no longer fits the times pending. */
            if (q->cost > 6 * q->window)
                cq_resize(q, q->nb);
            q->cost = q->window = 0;
        }
    }
    return e;
}

/* New bucket count nb; new width 3 × the mean gap between the first few
 * pending events, leaving out gaps over twice the mean (Brown's rule). */
static void cq_resize(cq *q, uint32_t nb) {
    q->resizing = 1;
    enum { SAMPLE = 25 };
    uint32_t taken[SAMPLE], k = q->n < SAMPLE ? q->n : SAMPLE;
    double saved_t = q->last_t;
    uint64_t saved_cur = q->cur;
    for (uint32_t j = 0; j < k; j++)
        taken[j] = cq_unlink_min(q);
    q->cur = saved_cur;
    q->last_t = saved_t;
    double w = 1.0 / q->inv_w;
    if (k >= 2) {
        double sum = q->nd[taken[k - 1]].e.t - q->nd[taken[0]].e.t, avg = sum / (k - 1);
        double s2 = 0;
        uint32_t m = 0;
        for (uint32_t j = 1; j < k; j++) {
            double gap = q->nd[taken[j]].e.t - q->nd[taken[j - 1]].e.t;
            if (gap <= 2 * avg) {
                s2 += gap;
                m++;
            }
        }
        double nw = m && s2 > 0 ? 3 * s2 / m : 3 * avg;
        if (nw > 0 && isfinite(nw))
            w = nw;
    }
    uint32_t *old = q->head, oldnb = q->nb;
    q->head = xrealloc(NULL, (size_t)nb * sizeof *q->head);
    for (uint32_t b = 0; b < nb; b++)
        q->head[b] = NIL;
    q->nb = nb;
    q->mask = nb - 1;
    q->inv_w = 1.0 / w;
    for (uint32_t b = 0; b < oldnb; b++) {
        for (uint32_t i = old[b]; i != NIL;) {
            uint32_t next = q->nd[i].next;
            cq_link(q, i);
            i = next;
        }
    }
    free(old);
    for (uint32_t j = 0; j < k; j++)
        cq_link(q, taken[j]);
    q->cur = cq_vb(q, q->last_t);
    q->cost = q->window = 0;
    q->resizing = 0;
}

static inline uint32_t cq_size(const cq *q) { return q->n; }
static void cq_free(cq *q) {
    free(q->nd);
    free(q->head);
}

/* ---- sorted array -------------------------------------------------------
 * Kept in descending order so the minimum pops from the end. */

typedef struct sa {
    ev *a;
    uint32_t n, cap, seq;
} sa;

static void sa_init(sa *q, uint32_t n) {
    q->cap = n + 16;
    q->a = xrealloc(NULL, q->cap * sizeof *q->a);
    q->n = q->seq = 0;
}

static inline void sa_push(sa *q, double t, uint32_t what) {
    if (q->n == q->cap) {
        q->cap *= 2;
        q->a = xrealloc(q->a, q->cap * sizeof *q->a);
    }
    ev e = {t, q->seq++, what};
    /* First index whose event is before e (the array descends). */
    uint32_t lo = 0, hi = q->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ev_before(&q->a[mid], &e))
            hi = mid;
        else
            lo = mid + 1;
    }
    memmove(q->a + lo + 1, q->a + lo, (q->n - lo) * sizeof *q->a);
    q->a[lo] = e;
    q->n++;
}

static inline ev sa_pop(sa *q) { return q->a[--q->n]; }
static inline uint32_t sa_size(const sa *q) { return q->n; }
static void sa_free(sa *q) { free(q->a); }

/* ---- the hold model ----------------------------------------------------- */

#define INC_BITS 20
#define INC_MASK ((1u << INC_BITS) - 1)

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* One function per structure, so every call inlines. Returns ns per hold
 * (0 holds: just the checks). */
#define HOLD(NAME, Q, INIT, PUSH, POP, SIZE, FREE)                                                 \
    static double hold_##NAME(uint32_t n, const double *inc, long holds) {                         \
        Q q;                                                                                       \
        INIT(&q, n);                                                                               \
        uint32_t k = 0;                                                                            \
        for (uint32_t i = 0; i < n; i++)                                                           \
            PUSH(&q, inc[k++ & INC_MASK], i);                                                      \
        ev prev = {-1.0, 0, 0};                                                                    \
        long warm = 5 * (long)n < 100000 ? 100000 : 5 * (long)n;                                   \
        double t0 = 0;                                                                             \
        for (long h = -warm; h < holds; h++) {                                                     \
            if (h == 0)                                                                            \
                t0 = now_ns();                                                                     \
            ev e = POP(&q);                                                                        \
            if (!ev_before(&prev, &e))                                                             \
                die(#NAME, "popped out of (time, seq) order");                                     \
            prev = e;                                                                              \
            PUSH(&q, e.t + inc[k++ & INC_MASK], e.what);                                           \
        }                                                                                          \
        double ns = holds > 0 ? (now_ns() - t0) / holds : 0;                                       \
        unsigned char *seen = calloc(n, 1);                                                        \
        if (!seen)                                                                                 \
            die(#NAME, "out of memory");                                                           \
        if (SIZE(&q) != n)                                                                         \
            die(#NAME, "lost or invented events");                                                 \
        for (uint32_t i = 0; i < n; i++) {                                                         \
            ev e = POP(&q);                                                                        \
            if (!ev_before(&prev, &e))                                                             \
                die(#NAME, "drained out of (time, seq) order");                                    \
            if (e.what >= n || seen[e.what]++)                                                     \
                die(#NAME, "an event came back twice or corrupted");                               \
            prev = e;                                                                              \
        }                                                                                          \
        if (SIZE(&q) != 0)                                                                         \
            die(#NAME, "not empty after draining");                                                \
        free(seen);                                                                                \
        FREE(&q);                                                                                  \
        return ns;                                                                                 \
    }

HOLD(heap2, q2_queue, q2a_init, q2a_push, q2a_pop, q2a_size, q2a_free)
HOLD(heap4, q4_queue, q4a_init, q4a_push, q4a_pop, q4a_size, q4a_free)
HOLD(heap8, q8_queue, q8a_init, q8a_push, q8a_pop, q8a_size, q8a_free)
HOLD(pairing, ph, ph_init, ph_push, ph_pop, ph_size, ph_free)
HOLD(calendar, cq, cq_init, cq_push, cq_pop, cq_size, cq_free)
HOLD(sorted, sa, sa_init, sa_push, sa_pop, sa_size, sa_free)
HOLD(heap2bu, bu2, bu2_init, bu2_push, bu2_pop, bu2_size, bu2_free)
HOLD(heap4bu, bu4, bu4_init, bu4_push, bu4_pop, bu4_size, bu4_free)

typedef struct impl {
    const char *name;
    double (*hold)(uint32_t n, const double *inc, long holds);
    uint32_t max_n;
} impl;

static const impl IMPLS[] = {
    {"heap2", hold_heap2, UINT32_MAX},       {"heap4", hold_heap4, UINT32_MAX},
    {"heap8", hold_heap8, UINT32_MAX},       {"pairing", hold_pairing, UINT32_MAX},
    {"calendar", hold_calendar, UINT32_MAX}, {"sorted", hold_sorted, 1024},
    {"heap2bu", hold_heap2bu, UINT32_MAX},   {"heap4bu", hold_heap4bu, UINT32_MAX},
};
enum { NIMPL = sizeof IMPLS / sizeof IMPLS[0] };

/* splitmix64: fills the tables reproducibly. */
static uint64_t rng_state = 0x5eed5eed5eedULL;
static double unif(void) {
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return ((z >> 11) + 0.5) * 0x1.0p-53;
}

enum { D_EXP, D_BIMODAL, D_TIES, ND };
static const char *DIST_NAME[ND] = {"exp", "bimodal", "ties"};

static void fill(double *inc, int dist) {
    for (uint32_t i = 0; i <= INC_MASK; i++) {
        double e = -log(unif());
        switch (dist) {
        case D_EXP: inc[i] = e; break;
        case D_BIMODAL: inc[i] = unif() < 0.8 ? 0.02 * e : 5.0 * e; break;
        default: inc[i] = floor(2 * e); break; /* 0, 1, 2, ...: many ties */
        }
    }
}

int main(int argc, char **argv) {
    long holds = argc > 1 ? (long)atof(argv[1]) : 10000000L;
    int reps = argc > 2 ? atoi(argv[2]) : 3;
    uint32_t sizes[16], nsizes = 0;
    const char *list = argc > 3 ? argv[3] : "8,64,1024,65536";
    for (const char *p = list; *p && nsizes < 16;) {
        sizes[nsizes++] = (uint32_t)strtoul(p, (char **)&p, 10);
        if (*p == ',')
            p++;
        else if (*p)
            die("bench", "sizes: a comma-separated list of numbers");
    }
    if (holds < 1 || reps < 1)
        die("bench", "usage: eventq_bench [holds] [repetitions] [sizes]");

    double *inc[ND];
    for (int d = 0; d < ND; d++) {
        inc[d] = xrealloc(NULL, (INC_MASK + 1) * sizeof(double));
        fill(inc[d], d);
    }

    /* Ties first: every structure must pop equal times in push order. */
    for (int i = 0; i < NIMPL; i++)
        for (uint32_t n = 1; n <= 4096; n *= 4)
            if (n <= IMPLS[i].max_n)
                IMPLS[i].hold(n, inc[D_TIES], 200000);

    printf("hold model: ns per hold (pop + push), best of %d, %ld holds each; "
           "order and FIFO ties checked\n",
           reps, holds);
    printf("%-8s %7s", "incr", "n");
    for (int i = 0; i < NIMPL; i++)
        printf(" %9s", IMPLS[i].name);
    printf("\n");
    for (int d = 0; d < D_TIES; d++) {
        for (uint32_t s = 0; s < nsizes; s++) {
            uint32_t n = sizes[s];
            /* Repetitions go round the structures, so a busy spell on a
             * shared machine does not fall on one structure only. */
            double best[NIMPL];
            for (int i = 0; i < NIMPL; i++)
                best[i] = INFINITY;
            for (int r = 0; r < reps; r++)
                for (int i = 0; i < NIMPL; i++) {
                    if (n > IMPLS[i].max_n)
                        continue;
                    double ns = IMPLS[i].hold(n, inc[d], holds);
                    if (ns < best[i])
                        best[i] = ns;
                }
            printf("%-8s %7u", DIST_NAME[d], n);
            for (int i = 0; i < NIMPL; i++) {
                if (n > IMPLS[i].max_n)
                    printf(" %9s", "-");
                else
                    printf(" %9.1f", best[i]);
            }
            fflush(stdout);
            printf("\n");
        }
    }
    for (int d = 0; d < ND; d++)
        free(inc[d]);
    return 0;
}
