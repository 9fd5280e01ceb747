/* rng.h: independent, reproducible random streams.
 *
 * Every stream is Philox4x64-10 (Random123) keyed by (seed, stream id), with
 * a counter that steps once per four 64-bit outputs. A stream id names a
 * replication and a purpose (arrivals of source 3, service at unit 2, ...),
 * so two scenarios of one model draw the same numbers for the same purpose:
 * common random numbers come for free, and a replication's numbers do not
 * depend on which thread runs it or on what other replications did.
 *
 * Streams of named objects (units, sources) are keyed by a hash of the
 * NAME, not by the object's index (sf_rng_init_named): a scenario that adds
 * or removes a unit shifts the indices of the others, and keying by index
 * would hand them other numbers and break common random numbers.
 *
 * sf_rng_gsl() wraps a stream as a gsl_rng so GSL's samplers can use it
 * without copying state. */
#ifndef SF_RNG_H
#define SF_RNG_H

#include <Random123/philox.h>
#include <gsl/gsl_rng.h>
#include <limits.h>
#include <stdint.h>

/* Outputs kept: two Philox blocks, computed together. A stream refills
 * when its buffer runs out; that test is taken or not by where the stream
 * happens to be, so the engine's streams (drawn in turn) mispredict it at
 * about every refill, and two blocks a refill halve those. */
#define SF_RNG_BUF 8

typedef struct sf_rng {
    philox4x64_ctr_t ctr;
    philox4x64_key_t key;
    uint64_t buf[SF_RNG_BUF];
    unsigned idx;
} sf_rng;

/* Purposes: the top byte of the low word of a stream id. */
enum sf_rng_purpose {
    SF_RNG_ARRIVAL = 1, /* inter-arrival times, per source */
    SF_RNG_THIN = 2,    /* thinning acceptance, per source */
    SF_RNG_ENTRY = 3,   /* first destination, per source */
    SF_RNG_SERVICE = 4, /* service time / length of stay, per unit */
    SF_RNG_ROUTE = 5,   /* next destination, per unit */
    /* booked clinics, per unit (values apart from others' new purposes) */
    SF_RNG_BOOK_LIST = 0x40,     /* listed or not, and whose list */
    SF_RNG_BOOK_URGENT = 0x41,   /* urgent or not */
    SF_RNG_ZONE = 6,             /* home zone of a population's arrival, per source */
    SF_RNG_RESP_DISPATCH = 0x50, /* response units: dispatch delay, per unit */
};

static inline uint64_t sf_rng_stream_id(int replication, int purpose, int index) {
    return ((uint64_t)(uint32_t)replication << 32) | ((uint64_t)(purpose & 0xff) << 24) |
           (uint64_t)(index & 0xffffff);
}

static inline void sf_rng_init(sf_rng *r, uint64_t seed, uint64_t stream) {
    philox4x64_ctr_t c = {{0, 0, 0, 0}};
    philox4x64_key_t k = {{seed, stream}};
    r->ctr = c;
    r->key = k;
    r->idx = SF_RNG_BUF;
}

static inline void sf_rng_refill(sf_rng *r) {
    for (int b = 0; b < SF_RNG_BUF; b += 4) {
        philox4x64_ctr_t out = philox4x64(r->ctr, r->key);
        r->ctr.v[0]++;
        r->buf[b] = out.v[0];
        r->buf[b + 1] = out.v[1];
        r->buf[b + 2] = out.v[2];
        r->buf[b + 3] = out.v[3];
    }
    r->idx = 0;
}

static inline uint64_t sf_rng_u64(sf_rng *r) {
    if (__builtin_expect(r->idx == SF_RNG_BUF, 0))
        sf_rng_refill(r);
    return r->buf[r->idx++];
}

/* A 64-bit hash of a name (FNV-1a, then a murmur3 finaliser to spread the
 * bits): the name part of a named stream. */
static inline uint64_t sf_rng_name_hash(const char *name) {
    uint64_t h = 0xcbf29ce484222325u;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        h = (h ^ *p) * 0x100000001b3u;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53u;
    h ^= h >> 33;
    return h;
}

/* The stream of (replication, purpose) for the object whose name hashes to
 * name_hash. The key holds seed and (replication, purpose); the name hash
 * sits in counter word 2, and only word 0 steps, so streams of different
 * names run through disjoint counter sets of one Philox permutation: they
 * never overlap, and a stream does not depend on any other object's index
 * or existence. Two names collide only if their 64-bit hashes are equal. */
static inline void sf_rng_init_named(sf_rng *r, uint64_t seed, int replication, int purpose,
                                     uint64_t name_hash) {
    sf_rng_init(r, seed, sf_rng_stream_id(replication, purpose, 0));
    r->ctr.v[2] = name_hash;
    r->ctr.v[3] = 0x73616d666c797421u; /* marks named streams apart from indexed ones */
}

/* Steps the stream back by one output: the next sf_rng_u64 returns again
 * what the last one returned. Only directly after sf_rng_u64 (which leaves
 * idx >= 1 with that output in buf[idx - 1]). */
static inline void sf_rng_unget(sf_rng *r) { r->idx--; }

/* Uniform on the open interval (0, 1): never 0, so -log(u) is finite. */
static inline double sf_rng_u01(sf_rng *r) {
    return ((double)(sf_rng_u64(r) >> 11) + 0.5) * 0x1.0p-53;
}

/* A stream seen through GSL's interface: GSL samplers draw from r. */
typedef struct sf_rng_gsl_view {
    gsl_rng g;
} sf_rng_gsl_view;

static inline unsigned long sf_rng_gsl_get(void *state) {
    return (unsigned long)sf_rng_u64((sf_rng *)state);
}
static inline double sf_rng_gsl_get_double(void *state) { return sf_rng_u01((sf_rng *)state); }
static inline void sf_rng_gsl_set(void *state, unsigned long seed) {
    (void)state;
    (void)seed; /* streams are keyed explicitly; GSL's seeding is unused */
}

extern const gsl_rng_type sf_rng_gsl_type;

static inline void sf_rng_gsl_bind(sf_rng_gsl_view *v, sf_rng *r) {
    v->g.type = &sf_rng_gsl_type;
    v->g.state = r;
}

#endif
