/* eventq.h: the engine's pending-event set.
 *
 * An implicit d-ary min-heap of 16-byte events ordered by (time, seq). The
 * sequence number makes ties deterministic (first scheduled, first run),
 * so a replication gives the same result on any machine and thread.
 *
 * The arity was chosen by measurement (bench/eventq_bench.c, the table in
 * bench/README.md): a care network's pending set is small (one event per
 * busy server or bed, plus one per source; ~7 for an M/M/5, ~50 for the
 * bench's ward chain) and lives in L1 cache, so a wider heap's fewer levels
 * buy nothing while choosing among more children costs mispredicted
 * branches. In the engine the binary heap was 8 % faster than a 4-ary and
 * 30 % faster than an 8-ary on the ward chain, and within 5 % on the M/M/5.
 * A pairing heap and a sorted array lost from n = 64 up; a calendar queue
 * wins only from n of about 64 and depends on tuning its bucket width.
 *
 * seq is 32 bits and wraps after 2^32 pushes in one replication; it is
 * compared as a serial number (RFC 1982), which orders ties correctly as
 * long as two pending events with the same time were pushed fewer than
 * 2^31 pushes apart. */
#ifndef SF_EVENTQ_H
#define SF_EVENTQ_H

#include <stdint.h>
#include <stdlib.h>

#ifndef SF_EVENTQ_ARITY
#define SF_EVENTQ_ARITY 2
#endif

typedef struct sf_event {
    double t;
    uint32_t seq;
    uint32_t what; /* event kind and subject, packed by the engine */
} sf_event;

typedef struct sf_eventq {
    sf_event *h;
    uint32_t n;
    uint32_t cap;
    uint32_t seq;
} sf_eventq;

static inline int sf_event_before(const sf_event *a, const sf_event *b) {
    return a->t < b->t || (a->t == b->t && (int32_t)(a->seq - b->seq) < 0);
}

/* Grows the heap; the only allocation, and amortised: the heap keeps its
 * size between replications. Returns 0 or -1 when out of memory. */
static inline int sf_eventq_grow(sf_eventq *q) {
    uint32_t cap = q->cap ? q->cap * 2 : 64;
    sf_event *h = realloc(q->h, (size_t)cap * sizeof *h);
    if (!h)
        return -1;
    q->h = h;
    q->cap = cap;
    return 0;
}

/* Pushes an event with a sequence number drawn elsewhere: an engine that
 * spreads its events over several queues numbers them from one counter, so
 * (time, seq) orders them all alike. */
static inline int sf_eventq_push_seq(sf_eventq *q, double t, uint32_t seq, uint32_t what) {
    if (q->n == q->cap && sf_eventq_grow(q))
        return -1;
    sf_event e = {t, seq, what};
    uint32_t i = q->n++;
    while (i > 0) {
        uint32_t parent = (i - 1) / SF_EVENTQ_ARITY;
        if (!sf_event_before(&e, &q->h[parent]))
            break;
        q->h[i] = q->h[parent];
        i = parent;
    }
    q->h[i] = e;
    return 0;
}

static inline int sf_eventq_push(sf_eventq *q, double t, uint32_t what) {
    return sf_eventq_push_seq(q, t, q->seq++, what);
}

/* Removes and returns the earliest event; the queue must not be empty. */
static inline sf_event sf_eventq_pop(sf_eventq *q) {
    sf_event top = q->h[0];
    sf_event last = q->h[--q->n];
    uint32_t n = q->n, i = 0;
    for (;;) {
        uint32_t first = i * SF_EVENTQ_ARITY + 1;
        if (first >= n)
            break;
        uint32_t m = first;
#if SF_EVENTQ_ARITY == 2
        /* the same choice as the loop below, which gcc does not unroll
         * for two children (its bounds test cost ~30 instructions a pop
         * on the chain model, callgrind) */
        if (first + 1 < n && sf_event_before(&q->h[first + 1], &q->h[first]))
            m = first + 1;
#else
        uint32_t end = first + SF_EVENTQ_ARITY < n ? first + SF_EVENTQ_ARITY : n;
        for (uint32_t c = first + 1; c < end; c++)
            if (sf_event_before(&q->h[c], &q->h[m]))
                m = c;
#endif
        if (!sf_event_before(&q->h[m], &last))
            break;
        q->h[i] = q->h[m];
        i = m;
    }
    if (n)
        q->h[i] = last;
    return top;
}

static inline void sf_eventq_clear(sf_eventq *q) {
    q->n = 0;
    q->seq = 0;
}

static inline void sf_eventq_free(sf_eventq *q) {
    free(q->h);
    q->h = NULL;
    q->n = q->cap = 0;
}

#endif
