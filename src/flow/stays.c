/* stays.c: the columnar stays table (stays.h): string interning per field
 * kind, appending rows, and the stable sort by patient that the pathway,
 * transition and readmission metrics walk.
 *
 * Interning uses open addressing with linear probing over FNV-1a hashes;
 * a slot stores the string's offset (0 = empty) and its hash, the string
 * is stored with its id and length just before it, and the table is kept
 * at most half full, so a lookup touches one or two cache lines of slots
 * and only the matching string (10^7 rows with 2*10^6 patients in random
 * order: 6.75 s CPU to ingest with hash, length and address in separate
 * arrays, 6.1 s with the hash in the slot, 5.45 s with all three).
 * Strings are copied once per distinct value, so memory grows with
 * distinct patients/units, not rows. */
#include "flow/stays.h"
#include "samflyt/samflyt.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static uint32_t fnv1a(const char *s, size_t len) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

/* ---- short names -----------------------------------------------------
 * A name of 1..16 bytes is exactly (length, x, y) with x, y two words
 * read from its ends (overlapping when shorter than 16; for 1..7 bytes
 * x alone holds them), so a cache entry compares three integers instead
 * of hashing byte by byte and calling memcmp. Units, organisations and
 * classes were three such look-ups per row: 13 % of the ingest profile
 * (FNV-1a's multiply chain, memcmp) on the 10^7-row bench files. */
#define SHORT_MAX 16
#define SHORT_SLOTS 256
#define SHORT_NAMES 1024 /* a field with more names does not use the cache */

typedef struct sf_intern_short {
    uint64_t x, y;
    uint32_t len, id1; /* id1 = 0: empty */
} sf_intern_short;

static inline uint64_t load64(const char *s) {
    uint64_t v;
    memcpy(&v, s, sizeof v);
    return v;
}

static inline uint32_t load32(const char *s) {
    uint32_t v;
    memcpy(&v, s, sizeof v);
    return v;
}

/* The slot of s[0..len), 1 <= len <= SHORT_MAX, and its words. */
static inline uint32_t short_key(const char *s, size_t len, uint64_t *x, uint64_t *y) {
    if (len >= 8) {
        *x = load64(s);
        *y = load64(s + len - 8);
    } else if (len >= 4) {
        *x = load32(s) | (uint64_t)load32(s + len - 4) << 32;
        *y = 0;
    } else {
        *x = (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[len / 2] << 8 |
             (uint64_t)(unsigned char)s[len - 1] << 16;
        *y = 0;
    }
    uint64_t h = (*x ^ (uint64_t)len) * 0x9E3779B97F4A7C15ULL ^ *y * 0xC2B2AE3D27D4EB4FULL;
    return (uint32_t)(h >> 56);
}

/* The length stored just before a name's bytes at p: one byte below 255,
 * else 255 after the uint32 length (stays.h). */
static inline uint32_t stored_len(const char *p) {
    unsigned char b = (unsigned char)p[-1];
    return b < 255 ? b : load32(p - 5);
}

/* The id stored before a hashed name's length. */
static inline uint32_t stored_id(const char *p) {
    return load32(p - ((unsigned char)p[-1] < 255 ? 5 : 9));
}

static uint32_t intern_lookup(const sf_intern *in, const char *s, size_t len, uint32_t h,
                              uint32_t *found) {
    if (!in->nslots)
        return SF_ID_NONE;
    int uniform = !in->off; /* names without a length: ulen, the id before */
    uint32_t mask = in->nslots - 1;
    for (uint32_t i = h & mask;; i = (i + 1) & mask) {
        const sf_intern_slot *v = &in->slots[i];
        if (!v->off)
            return SF_ID_NONE;
        /* the slot holds the hash and the string's place: a probe that
         * misses touches no other memory, a hit only the string and the id
         * beside it (with random patient ids each extra array read was a
         * cache miss) */
        if (v->hash == h) {
            const char *p = in->bytes + v->off;
            if ((uniform ? in->ulen : stored_len(p)) == len && !memcmp(p, s, len)) {
                *found = v->off;
                return uniform ? load32(p - 4) : stored_id(p);
            }
        }
    }
}

/* The value of s when it has the table's numbered form (the prefix
 * numpre, then exactly numw decimal digits): 1 and *v set, else 0. The
 * form fixes the prefix and the width, so distinct names of the form have
 * distinct values. */
static inline int num_key(const sf_intern *in, const char *s, size_t len, uint32_t *v) {
    if (len != (size_t)in->numplen + in->numw)
        return 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* 8 bytes or more: the prefix and the digits as two words (SWAR), no
     * loop over the digits and no memcmp: on gen_stays (P0123456) about 85
     * instructions a name before, 45 after (callgrind) */
    if (len >= 8) {
        if ((load64(s) & in->numpmask) != in->numpword)
            return 0;
        const uint64_t zeros = 0x3030303030303030ull, hi = 0xF0F0F0F0F0F0F0F0ull;
        /* the last 8 bytes: the digits in the top numw bytes, '0' below */
        uint64_t t = (load64(s + len - 8) & in->numdmask) | (zeros & ~in->numdmask);
        if (((t & hi) | (((t + 0x0606060606060606ull) & hi) >> 4)) != 0x3333333333333333ull)
            return 0;
        t -= zeros; /* digit values, the most significant in byte 0 */
        t = (t * 10 + (t >> 8)) & 0x00FF00FF00FF00FFull;
        t = (t * 100 + (t >> 16)) & 0x0000FFFF0000FFFFull;
        *v = (uint32_t)((t * 10000 + (t >> 32)) & 0xFFFFFFFFull);
        return 1;
    }
#endif
    if (memcmp(s, in->numpre, in->numplen))
        return 0;
    uint32_t x = 0;
    for (size_t i = in->numplen; i < len; i++) {
        unsigned d = (unsigned char)s[i] - '0';
        if (d > 9)
            return 0;
        x = x * 10 + d;
    }
    *v = x;
    return 1;
}

/* Looks at the first name added: when it ends in 1..7 digits after at
 * most 8 other bytes, that prefix and width become the numbered form and
 * num gets 10^width entries (at most 40 MB of address space, of which
 * only the pages of used values are touched). Without memory the table
 * simply keeps hashing. */
static void num_setup(sf_intern *in, const char *s, size_t len) {
    size_t w = 0;
    while (w < len && (unsigned)((unsigned char)s[len - 1 - w] - '0') <= 9u)
        w++;
    if (w < 1 || w > 7 || len - w > sizeof in->numpre)
        return;
    size_t n = 1;
    for (size_t i = 0; i < w; i++)
        n *= 10;
    in->num = calloc(n, sizeof *in->num);
    if (!in->num)
        return;
    in->numw = (uint32_t)w;
    in->numplen = (uint32_t)(len - w);
    memcpy(in->numpre, s, len - w);
    /* the words num_key compares: the prefix's bytes of the first 8, the
     * digits' bytes of the last 8 (little-endian: the last byte on top) */
    in->numpmask = in->numplen ? ~0ull >> (8 * (8 - in->numplen)) : 0;
    memcpy(&in->numpword, in->numpre, sizeof in->numpword);
    in->numpword &= in->numpmask;
    in->numdmask = ~0ull << (8 * (8 - w));
    in->numn = (uint32_t)n;
}

uint32_t sf_intern_find(const sf_intern *in, const char *s, size_t len) {
    uint32_t v;
    if (in->num && num_key(in, s, len, &v))
        return in->num[v] ? in->num[v] - 1 : SF_ID_NONE;
    uint32_t found;
    return intern_lookup(in, s, len, fnv1a(s, len), &found);
}

/* Doubles the slot array and reinserts every id. */
static int intern_grow_slots(sf_intern *in) {
    uint32_t n = in->nslots ? in->nslots * 2 : 64;
    if (n < in->nslots) /* would wrap: 2^31 slots already */
        return -1;
    sf_intern_slot *slots = calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    uint32_t mask = n - 1;
    for (uint32_t k = 0; k < in->nslots; k++) {
        sf_intern_slot v = in->slots[k];
        if (!v.off)
            continue;
        uint32_t i = v.hash & mask;
        while (slots[i].off)
            i = (i + 1) & mask;
        slots[i] = v;
    }
    free(in->slots);
    in->slots = slots;
    in->nslots = n;
    return 0;
}

/* Stores s as [id, when hashed][length, unless uniform][bytes][NUL] at the
 * arena's end:
 * the offset of its bytes, or 0 when out of memory or past the limit
 * (UINT32_MAX bytes, or in->limit). The arena doubles, so it is copied
 * (or, when large, remapped) O(log n) times. */
static uint32_t intern_store(sf_intern *in, const char *s, uint32_t len, int hashed, uint32_t id,
                             int uniform) {
    size_t need = (hashed ? 4 : 0) + (uniform ? 0 : len < 255 ? 1 : 5) + (size_t)len + 1;
    size_t limit = in->limit ? in->limit : UINT32_MAX;
    if (!in->used)
        need++; /* byte 0 unused: no name's bytes are at offset 0 */
    if (need > limit - in->used)
        return 0;
    if (need > in->size - in->used) {
        size_t size = in->size ? (size_t)in->size * 2 : 256;
        if (size < in->used + need)
            size = in->used + need;
        if (size > limit)
            size = limit;
        char *b = realloc(in->bytes, size);
        if (!b)
            return 0;
        in->bytes = b;
        in->size = (uint32_t)size;
    }
    char *p = in->bytes + in->used + !in->used;
    if (hashed) {
        memcpy(p, &id, sizeof id);
        p += sizeof id;
    }
    if (uniform) {
    } else if (len < 255) {
        *p++ = (char)len;
    } else {
        memcpy(p, &len, sizeof len);
        p[sizeof len] = (char)255;
        p += sizeof len + 1;
    }
    if (len)
        memcpy(p, s, len);
    p[len] = 0;
    in->used += (uint32_t)need;
    return (uint32_t)(p - in->bytes);
}

/* The first name of another length or kind: the uniform names so far,
 * [id][bytes][NUL] at 1 + id * stride, get their lengths and offsets written
 * out (back to front, in place after the arena has grown), and the hash
 * slots and lastoff follow them. 0 or -1 without memory. */
static int intern_unform(sf_intern *in) {
    uint32_t n = in->count, st = in->stride, head = in->head, idw = in->uhashed ? 4 : 0;
    uint32_t lh = in->ulen < 255 ? 1 : 5, len = in->ulen;
    size_t grow = (size_t)n * lh, limit = in->limit ? in->limit : UINT32_MAX;
    if (grow > limit - in->used)
        return -1;
    uint32_t cap = n < 8 ? 16 : n * 2;
    uint32_t *o = malloc((size_t)cap * sizeof *o);
    if (!o)
        return -1;
    if (grow > in->size - in->used) {
        char *b = realloc(in->bytes, in->used + grow);
        if (!b) {
            free(o);
            return -1;
        }
        in->bytes = b;
        in->size = (uint32_t)(in->used + grow);
    }
    for (uint32_t k = n; k-- > 0;) {
        char *src = in->bytes + 1 + (size_t)k * st, *dst = in->bytes + 1 + (size_t)k * (st + lh);
        memmove(dst + idw + lh, src + idw, (size_t)len + 1); /* dst >= src: bytes first */
        memmove(dst, src, idw);
        if (lh == 1) {
            dst[idw] = (char)len;
        } else {
            memcpy(dst + idw, &len, sizeof len);
            dst[idw + 4] = (char)255;
        }
        o[k] = k * (st + lh) + head + lh;
    }
    for (uint32_t i = 0; i < in->nslots; i++)
        if (in->slots[i].off)
            in->slots[i].off = o[(in->slots[i].off - head) / st];
    if (in->last)
        in->lastoff = o[in->last - 1];
    in->used += (uint32_t)grow;
    in->stride += lh;
    in->head += lh;
    in->off = o;
    in->cap = cap;
    return 0;
}

/* Appends s as a new name (its id) or SF_ID_NONE without memory. s must
 * not point into this table's arena (it may move). */
static uint32_t intern_new(sf_intern *in, const char *s, size_t len, int hashed) {
    if (len > UINT32_MAX - 16 || in->count >= UINT32_MAX - 2)
        return SF_ID_NONE;
    int uniform = !in->off && (!in->count || (in->ulen == len && in->uhashed == hashed));
    if (!uniform && !in->off && intern_unform(in))
        return SF_ID_NONE;
    if (!uniform && in->count == in->cap) {
        uint32_t cap = in->cap ? in->cap * 2 : 16;
        uint32_t *o = realloc(in->off, (size_t)cap * sizeof *o);
        if (!o)
            return SF_ID_NONE;
        in->off = o;
        in->cap = cap;
    }
    uint32_t id = in->count;
    uint32_t off = intern_store(in, s, (uint32_t)len, hashed, id, uniform);
    if (!off)
        return SF_ID_NONE;
    if (!uniform) {
        in->off[id] = off;
    } else if (!id) { /* after byte 0: [id, when hashed][bytes][NUL] */
        in->stride = in->used - 1;
        in->head = off;
        in->ulen = (uint32_t)len;
        in->uhashed = (uint8_t)hashed;
    }
    in->count++;
    in->last = id + 1;
    in->lastoff = off;
    in->lastlen = (uint32_t)len;
    return id;
}

void sf_intern_prefetch_slow(const sf_intern *in, const char *s, size_t len) {
    uint32_t v;
    if (in->num) {
        if (num_key(in, s, len, &v))
            __builtin_prefetch(&in->num[v]);
    } else if (in->nslots) {
        __builtin_prefetch(&in->slots[fnv1a(s, len) & (in->nslots - 1)]);
    }
}

uint32_t sf_intern_add(sf_intern *in, const char *s, size_t len) {
    if (!in->numtried) {
        in->numtried = 1;
        if (!in->count)
            num_setup(in, s, len);
    }
    /* a numbered name: one read of num (no string compared) */
    uint32_t v;
    if (in->num && num_key(in, s, len, &v)) {
        if (in->num[v])
            return in->num[v] - 1;
        uint32_t id = intern_new(in, s, len, 0);
        if (id != SF_ID_NONE)
            in->num[v] = id + 1;
        return id;
    }
    uint64_t sx = 0, sy = 0;
    sf_intern_short *sc = NULL;
    if (len && len <= SHORT_MAX && in->count < SHORT_NAMES) {
        if (!in->shortc)
            in->shortc = calloc(SHORT_SLOTS, sizeof *in->shortc);
        if (in->shortc) {
            sc = &in->shortc[short_key(s, len, &sx, &sy)];
            if (sc->id1 && sc->len == len && sc->x == sx && sc->y == sy)
                return sc->id1 - 1;
        }
    }
    /* the previous name again (a patient's consecutive rows) */
    if (in->last && in->lastlen == len && !memcmp(in->bytes + in->lastoff, s, len)) {
        if (sc)
            *sc = (sf_intern_short){sx, sy, (uint32_t)len, in->last};
        return in->last - 1;
    }
    uint32_t h = fnv1a(s, len);
    uint32_t found = 0;
    uint32_t id = intern_lookup(in, s, len, h, &found);
    if (id != SF_ID_NONE) {
        in->last = id + 1;
        in->lastoff = found;
        in->lastlen = (uint32_t)len;
        if (sc)
            *sc = (sf_intern_short){sx, sy, (uint32_t)len, id + 1};
        return id;
    }
    /* keep the table at most half full */
    if ((uint64_t)(in->nhashed + 1) * 2 > in->nslots && intern_grow_slots(in))
        return SF_ID_NONE;
    id = intern_new(in, s, len, 1);
    if (id == SF_ID_NONE)
        return id;
    in->nhashed++;
    uint32_t mask = in->nslots - 1;
    uint32_t i = h & mask;
    while (in->slots[i].off)
        i = (i + 1) & mask;
    in->slots[i] = (sf_intern_slot){in->lastoff, h};
    if (sc)
        *sc = (sf_intern_short){sx, sy, (uint32_t)len, id + 1};
    return id;
}

void sf_intern_free(sf_intern *in) {
    free(in->bytes);
    free(in->off);
    free(in->slots);
    free(in->num);
    free(in->shortc);
    memset(in, 0, sizeof *in);
}

void sf_stays_init(sf_stays *t) { memset(t, 0, sizeof *t); }

/* Column pointers in one list with their widths, so growing, freeing,
 * filtering and gathering treat every column the same way. start and end
 * are the 32- or the 64-bit pair, whichever the table has. Each column is
 * reached through a pointer of its own type (p32 or p64): a store
 * through a void ** would not be seen by reads of the typed field. */
typedef struct stays_col {
    uint16_t **p16;
    uint32_t **p32;
    int64_t **p64;
    size_t w;
    int lazy; /* arrive, ready, zone, provider (stays.h) */
} stays_col;
#define SF_NCOL 12
static int cols(sf_stays *t, stays_col *c) {
    int k = 0;
    c[k++] = (stays_col){NULL, &t->patient, NULL, 4, 0};
    c[k++] = (stays_col){NULL, &t->zone, NULL, 4, 1};
    c[k++] = (stays_col){NULL, &t->provider, NULL, 4, 1};
    /* the id columns of 16 or 32 bits (stays.h) */
    uint16_t **c16[] = {&t->unit16, &t->org16, &t->cls16, &t->from16, &t->to16};
    uint32_t **c32[] = {&t->unit32, &t->org32, &t->cls32, &t->from32, &t->to32};
    for (int j = 0; j < 5; j++)
        c[k++] =
            *c32[j] ? (stays_col){NULL, c32[j], NULL, 4, 0} : (stays_col){c16[j], NULL, NULL, 2, 0};
    c[k++] = (stays_col){NULL, NULL, &t->arrive, 8, 1};
    c[k++] = (stays_col){NULL, NULL, &t->ready, 8, 1};
    if (t->start64) {
        c[k++] = (stays_col){NULL, NULL, &t->start64, 8, 0};
        c[k++] = (stays_col){NULL, NULL, &t->end64, 8, 0};
    } else {
        c[k++] = (stays_col){NULL, &t->start32, NULL, 4, 0};
        c[k++] = (stays_col){NULL, &t->end32, NULL, 4, 0};
    }
    return k;
}
static void *col_get(const stays_col *c) {
    return c->p16 ? (void *)*c->p16 : c->p32 ? (void *)*c->p32 : (void *)*c->p64;
}
static void col_set(const stays_col *c, void *v) {
    if (c->p16)
        *c->p16 = v;
    else if (c->p32)
        *c->p32 = v;
    else
        *c->p64 = v;
}

static int stays_grow(sf_stays *t) {
    size_t cap = t->cap ? t->cap * 2 : 1024;
    if (cap > SIZE_MAX / sizeof(int64_t))
        return SF_ERR_NOMEM;
    stays_col c[SF_NCOL];
    int nc = cols(t, c);
    /* each realloc that succeeds is kept, so a failure part-way leaves
     * every column at least n long and the table consistent */
    for (int k = 0; k < nc; k++) {
        if (!col_get(&c[k]) && (t->cap || c[k].lazy)) /* a lazy column not there yet */
            continue;
        void *p = realloc(col_get(&c[k]), cap * c[k].w);
        if (!p)
            return SF_ERR_NOMEM;
        col_set(&c[k], p);
    }
    if (t->open) {
        uint8_t *p = realloc(t->open, cap);
        if (!p)
            return SF_ERR_NOMEM;
        t->open = p;
    }
    if (t->line) {
        uint32_t *p = realloc(t->line, cap * sizeof *p);
        if (!p)
            return SF_ERR_NOMEM;
        t->line = p;
    }
    t->cap = cap;
    return 0;
}

/* Widens a 16-bit id column (*c16, n ids, room for cap) to 32 bits.
 * 0 or SF_ERR_NOMEM (the column unchanged). */
static int widen_ids(uint16_t **c16, uint32_t **c32, size_t n, size_t cap) {
    uint32_t *w = malloc((cap ? cap : 1) * sizeof *w);
    if (!w)
        return SF_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        w[i] = (*c16)[i] == SF_ID16_NONE ? SF_ID_NONE : (*c16)[i];
    free(*c16);
    *c16 = NULL;
    *c32 = w;
    return 0;
}

/* Widens each 16-bit id column whose field has SF_ID16_NONE names or
 * more: its next id would not fit. 0 or SF_ERR_NOMEM. */
static int ids_room(sf_stays *t) {
    uint16_t **c16[] = {&t->unit16, &t->org16, &t->cls16, &t->from16, &t->to16};
    uint32_t **c32[] = {&t->unit32, &t->org32, &t->cls32, &t->from32, &t->to32};
    const sf_field f[] = {SF_F_UNIT, SF_F_ORG, SF_F_CLASS, SF_F_UNIT, SF_F_UNIT};
    for (int j = 0; j < 5; j++)
        if (*c16[j] && t->names[f[j]].count >= SF_ID16_NONE &&
            widen_ids(c16[j], c32[j], t->n, t->cap))
            return SF_ERR_NOMEM;
    return 0;
}

int sf_stays_time_room(sf_stays *t, int64_t v) {
    if (sf_stays_time_fits(t, v))
        return 0;
    size_t m = t->cap ? t->cap : 1;
    int64_t *s = malloc(m * sizeof *s), *e = malloc(m * sizeof *e);
    if (!s || !e) {
        free(s);
        free(e);
        return SF_ERR_NOMEM;
    }
    for (size_t i = 0; i < t->n; i++) {
        s[i] = sf_stays_t32(t, t->start32[i]);
        e[i] = sf_stays_t32(t, t->end32[i]);
    }
    free(t->start32);
    free(t->end32);
    t->start32 = t->end32 = NULL;
    t->start64 = s;
    t->end64 = e;
    return 0;
}

/* The epoch of a table's 32-bit times, from its first row: 2^31 s before
 * its start, so times 68 years either side of it fit. */
static int64_t time_epoch(const sf_stay_row *r) {
    int64_t v = r->start != SF_T_NONE ? r->start : r->end != SF_T_NONE ? r->end : 0;
    return v > INT64_MIN + ((int64_t)1 << 31) ? v - ((int64_t)1 << 31) : v;
}

/* The id of an optional string; SF_ID_NONE for an empty one. *err is set
 * when interning fails for lack of memory. */
/* The common cases of sf_intern_add, inline where rows are appended: a
 * numbered name already there, or a short name in the cache (neither
 * changes the table). 1 and *id, else 0: then sf_intern_add decides. With
 * the rare-case test below, sf_stays_append and its interning went from
 * 700 to 409 instructions a row on gen_stays (callgrind). */
static inline int intern_hit(const sf_intern *in, const char *s, size_t len, uint32_t *id) {
    uint32_t v;
    if (in->num)
        return num_key(in, s, len, &v) && in->num[v] ? (*id = in->num[v] - 1, 1) : 0;
    if (in->shortc && len <= SHORT_MAX && in->count < SHORT_NAMES) {
        uint64_t x, y;
        const sf_intern_short *sc = &in->shortc[short_key(s, len, &x, &y)];
        if (sc->id1 && sc->len == len && sc->x == x && sc->y == y) {
            *id = sc->id1 - 1;
            return 1;
        }
    }
    return 0;
}

static inline uint32_t opt_id(sf_intern *in, sf_str s, int *err) {
    if (!s.len)
        return SF_ID_NONE;
    uint32_t id;
    if (intern_hit(in, s.s, s.len, &id))
        return id;
    id = sf_intern_add(in, s.s, s.len);
    if (id == SF_ID_NONE)
        *err = 1;
    return id;
}

/* A lazy column comes into being with its first known value: room for
 * cap rows, the n rows before it unknown. 0 or SF_ERR_NOMEM. */
static int lazy32(uint32_t **col, uint32_t v, size_t cap, size_t n) {
    if (*col || v == SF_ID_NONE)
        return 0;
    if (!(*col = malloc(cap * sizeof **col)))
        return SF_ERR_NOMEM;
    memset(*col, 0xFF, n * sizeof **col); /* SF_ID_NONE */
    return 0;
}

static int lazy64(int64_t **col, int64_t v, size_t cap, size_t n) {
    if (*col || v == SF_T_NONE)
        return 0;
    if (!(*col = malloc(cap * sizeof **col)))
        return SF_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        (*col)[i] = SF_T_NONE;
    return 0;
}

int sf_stays_append(sf_stays *t, const sf_stay_row *r) {
    if (t->n == t->cap && stays_grow(t))
        return SF_ERR_NOMEM;
    int err = 0;
    size_t i = t->n;
    sf_intern *nm = t->names;
    t->patient[i] = opt_id(&nm[SF_F_PATIENT], r->patient, &err);
    uint32_t unit = opt_id(&nm[SF_F_UNIT], r->unit, &err);
    uint32_t org = opt_id(&nm[SF_F_ORG], r->org, &err);
    uint32_t cls = opt_id(&nm[SF_F_CLASS], r->cls, &err);
    uint32_t zone = opt_id(&nm[SF_F_ZONE], r->zone, &err);
    uint32_t prov = opt_id(&nm[SF_F_PROVIDER], r->provider, &err);
    /* from/to name units, so they share the unit id space */
    uint32_t from = opt_id(&nm[SF_F_UNIT], r->from, &err);
    uint32_t to = opt_id(&nm[SF_F_UNIT], r->to, &err);
    if (err)
        return SF_ERR_NOMEM;
    /* The rare cases tested first as a whole, so a common row pays a few
     * compares: a field at 65,535 names, a first zone, provider, arrival
     * or ready time, a time outside the 32-bit span, the first row (the
     * calls to sf_stays_time_room alone were 50 instructions a row on
     * gen_stays, callgrind). */
    if ((nm[SF_F_UNIT].count >= SF_ID16_NONE || nm[SF_F_ORG].count >= SF_ID16_NONE ||
         nm[SF_F_CLASS].count >= SF_ID16_NONE) &&
        ids_room(t))
        return SF_ERR_NOMEM;
    if (((zone != SF_ID_NONE && !t->zone) || (prov != SF_ID_NONE && !t->provider) ||
         (r->arrive != SF_T_NONE && !t->arrive) || (r->ready != SF_T_NONE && !t->ready)) &&
        (lazy32(&t->zone, zone, t->cap, i) || lazy32(&t->provider, prov, t->cap, i) ||
         lazy64(&t->arrive, r->arrive, t->cap, i) || lazy64(&t->ready, r->ready, t->cap, i)))
        return SF_ERR_NOMEM;
    if (!i && !t->start64)
        t->t0 = time_epoch(r);
    if ((!sf_stays_time_fits(t, r->start) || !sf_stays_time_fits(t, r->end)) &&
        (sf_stays_time_room(t, r->start) || sf_stays_time_room(t, r->end)))
        return SF_ERR_NOMEM;
    if (r->end == SF_T_NONE && !t->open) {
        if (!(t->open = calloc(t->cap, 1)))
            return SF_ERR_NOMEM;
    }
    if (t->open) {
        t->open[i] = r->end == SF_T_NONE;
        t->nopen += r->end == SF_T_NONE;
    }
    if (r->line && !t->line && !i) {
        if (!(t->line = malloc(t->cap * sizeof *t->line)))
            return SF_ERR_NOMEM;
    }
    if (t->line)
        t->line[i] = r->line > UINT32_MAX ? UINT32_MAX : (uint32_t)r->line;
    if (t->zone)
        t->zone[i] = zone;
    if (t->provider)
        t->provider[i] = prov;
    if (t->arrive)
        t->arrive[i] = r->arrive;
    if (t->ready)
        t->ready[i] = r->ready;
    sf_stays_set_unit(t, i, unit);
    sf_stays_set_org(t, i, org);
    sf_stays_set_cls(t, i, cls);
    sf_stays_set_from(t, i, from);
    sf_stays_set_to(t, i, to);
    sf_stays_set_start(t, i, r->start);
    sf_stays_set_end(t, i, r->end);
    t->n++;
    return 0;
}

void sf_stays_free(sf_stays *t) {
    stays_col c[SF_NCOL];
    int nc = cols(t, c);
    for (int k = 0; k < nc; k++)
        free(col_get(&c[k]));
    /* the columns of the other width cols() did not list are NULL */
    free(t->open);
    free(t->line);
    for (int k = 0; k < SF_F_NKINDS; k++)
        sf_intern_free(&t->names[k]);
    memset(t, 0, sizeof *t);
}

int64_t sf_stays_latest(const sf_stays *t) {
    int64_t hi = SF_T_NONE;
    for (size_t i = 0; i < t->n; i++) {
        int64_t s = sf_stays_start(t, i), e = sf_stays_end(t, i);
        hi = s > hi ? s : hi;
        hi = e > hi ? e : hi;
    }
    return hi;
}

size_t sf_stays_close_open(sf_stays *t, int64_t until) {
    if (!t->open)
        return 0;
    if (sf_stays_time_room(t, until))
        return SIZE_MAX;
    size_t n = 0;
    for (size_t i = 0; i < t->n; i++)
        if (t->open[i]) {
            /* a stay that starts after the stated end is in care for no time */
            int64_t s = sf_stays_start(t, i);
            sf_stays_set_end(t, i, until > s ? until : s);
            n++;
        }
    t->nopen = n;
    t->until = until;
    return n;
}

/* Keeps column p's values (w bytes each) of the rows with keep[i]. */
#define FILTER_COL(T, p, keep, n)                                                                  \
    do {                                                                                           \
        T *c_ = (p);                                                                               \
        size_t k_ = 0;                                                                             \
        for (size_t i_ = 0; i_ < (n); i_++)                                                        \
            if ((keep)[i_])                                                                        \
                c_[k_++] = c_[i_];                                                                 \
    } while (0)

size_t sf_stays_filter(sf_stays *t, const uint8_t *keep) {
    stays_col c[SF_NCOL];
    int nc = cols(t, c);
    size_t n = t->n, k = 0, nopen = 0;
    for (int j = 0; j < nc; j++) {
        if (c[j].p64 && *c[j].p64)
            FILTER_COL(int64_t, *c[j].p64, keep, n);
        else if (c[j].p16 && *c[j].p16)
            FILTER_COL(uint16_t, *c[j].p16, keep, n);
        else if (c[j].p32 && *c[j].p32)
            FILTER_COL(uint32_t, *c[j].p32, keep, n);
    }
    if (t->open)
        FILTER_COL(uint8_t, t->open, keep, n);
    if (t->line)
        FILTER_COL(uint32_t, t->line, keep, n);
    for (size_t i = 0; i < n; i++)
        if (keep[i]) {
            nopen += t->open && t->open[k];
            k++;
        }
    size_t removed = n - k;
    t->n = k;
    t->nopen = nopen;
    return removed;
}

/* Sort keys packed for a cache-friendly merge sort of the permutation. */
typedef struct sort_key {
    uint32_t patient;
    uint32_t idx; /* original row: the tie-break that makes the sort stable */
    int64_t start, end;
} sort_key;

static int key_less(const sort_key *a, const sort_key *b) {
    if (a->patient != b->patient)
        return a->patient < b->patient;
    if (a->start != b->start)
        return a->start < b->start;
    if (a->end != b->end)
        return a->end < b->end;
    return a->idx < b->idx;
}

/* Bottom-up merge sort (stable, O(n log n) worst case, no recursion). */
static void merge_sort(sort_key *a, sort_key *tmp, size_t n) {
    sort_key *src = a, *dst = tmp;
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n;
            size_t hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                dst[k++] = key_less(&src[j], &src[i]) ? src[j++] : src[i++];
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        sort_key *s = src;
        src = dst;
        dst = s;
        if (w > SIZE_MAX / 2)
            break;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
}

/* Moves column *col through perm into the scratch *buf, which becomes the
 * column while the old column becomes the scratch (no copy back). A
 * column not there (lazy) or holding one value throughout (an unmapped
 * one: all unknown) is left as it is: the permutation cannot change it,
 * and the random reads are the gather's cost. */
#define GATHER(T, col, buf, perm, n)                                                               \
    do {                                                                                           \
        T *c_ = *(col), *b_ = (buf);                                                               \
        if (!c_)                                                                                   \
            break;                                                                                 \
        size_t i_ = 1;                                                                             \
        while (i_ < (n) && c_[i_] == c_[0])                                                        \
            i_++;                                                                                  \
        if (i_ == (n))                                                                             \
            break;                                                                                 \
        for (i_ = 0; i_ < (n); i_++)                                                               \
            b_[i_] = c_[(perm)[i_]];                                                               \
        *(col) = b_;                                                                               \
        (buf) = c_;                                                                                \
    } while (0)

int sf_stays_sort_by_patient(sf_stays *t) {
    /* Input lines mean nothing in another order. Their column, one
     * uint32_t a row already in memory, becomes the permutation: a fresh
     * one would fault in 4 bytes a row of new pages (40 MB at 10^7 rows)
     * while the line column's pages lie idle. */
    uint32_t *lines = t->line;
    t->line = NULL;
    size_t n = t->n;
    if (n < 2 || n > UINT32_MAX) { /* idx would wrap; 2^32 rows do not fit anyway */
        free(lines);
        return n < 2 ? 0 : SF_ERR_NOMEM;
    }
    /* Patient ids are dense (0..P-1, SF_ID_NONE last): a stable counting
     * sort by patient gives a permutation in O(n); start and end are
     * gathered through it, and each patient's rows, when not already in
     * order, are then ordered by (start, end, input order) reading the
     * gathered columns in sequence; the other columns follow the final
     * permutation, and the patient column is written from the counts.
     * With patients in random order every gathered value is a cache miss:
     * checking the groups on gathered start/end instead of through the
     * permutation and writing the patient column instead of gathering it
     * saved 0.06 s of 3.37 at 10^7 rows in random patient order. */
    size_t np = (size_t)t->names[SF_F_PATIENT].count + 1;
    uint32_t *off = calloc(np + 1, sizeof *off);
    uint32_t *perm = lines ? lines : malloc(n * sizeof *perm);
    size_t room = t->cap > n ? t->cap : n;
    int wide = t->start64 != NULL;
    void *buf = malloc(room * (wide ? sizeof(int64_t) : sizeof(uint32_t)));
    sort_key *grp = NULL, *tmp = NULL;
    size_t gcap = 0;
    if (!off || !perm || !buf)
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        uint32_t p = t->patient[i];
        off[(p < np - 1 ? p : np - 1) + 1]++;
    }
    for (size_t b = 1; b <= np; b++)
        off[b] += off[b - 1];
    for (size_t i = 0; i < n; i++) {
        uint32_t p = t->patient[i];
        perm[off[p < np - 1 ? p : np - 1]++] = (uint32_t)i;
    }
    /* off[b] is now the end of group b */
    if (wide) {
        GATHER(int64_t, &t->start64, buf, perm, n);
        GATHER(int64_t, &t->end64, buf, perm, n);
    } else {
        GATHER(uint32_t, &t->start32, buf, perm, n);
        GATHER(uint32_t, &t->end32, buf, perm, n);
    }
    for (size_t b = 0, lo = 0; b < np; lo = off[b], b++) {
        size_t hi = off[b], m = hi - lo;
        int sorted = 1;
        for (size_t j = lo + 1; j < hi && sorted; j++) {
            int64_t s0 = sf_stays_start(t, j - 1), s1 = sf_stays_start(t, j);
            sorted = s0 < s1 || (s0 == s1 && sf_stays_end(t, j - 1) <= sf_stays_end(t, j));
        }
        if (sorted)
            continue;
        if (m > gcap) {
            sort_key *g = realloc(grp, m * sizeof *g), *tm = realloc(tmp, m * sizeof *tm);
            if (g)
                grp = g;
            if (tm)
                tmp = tm;
            if (!g || !tm)
                goto nomem;
            gcap = m;
        }
        for (size_t j = 0; j < m; j++)
            grp[j] = (sort_key){(uint32_t)b, perm[lo + j], sf_stays_start(t, lo + j),
                                sf_stays_end(t, lo + j)};
        merge_sort(grp, tmp, m);
        for (size_t j = 0; j < m; j++) {
            perm[lo + j] = grp[j].idx;
            sf_stays_set_start(t, lo + j, grp[j].start);
            sf_stays_set_end(t, lo + j, grp[j].end);
        }
    }
    free(grp);
    free(tmp);
    grp = tmp = NULL;
    /* Each scratch holds room (>= cap) values of its width, so every
     * column keeps room for cap rows. A former 64-bit column as scratch
     * would keep its upper half's pages resident inside a 32-bit column
     * (40 MB more peak RSS at 10^7 rows), so the 32-bit columns get a
     * scratch of their own size. */
    if (t->arrive || t->ready) {
        if (!wide) {
            free(buf);
            if (!(buf = malloc(room * sizeof(int64_t))))
                goto nomem;
        }
        GATHER(int64_t, &t->arrive, buf, perm, n);
        GATHER(int64_t, &t->ready, buf, perm, n);
        wide = 1;
    }
    if (wide) {
        free(buf);
        if (!(buf = malloc(room * sizeof(uint32_t))))
            goto nomem;
    }
    stays_col c[SF_NCOL];
    int nc = cols(t, c);
    for (int k = 0; k < nc; k++)
        if (c[k].p32 && c[k].p32 != &t->patient && c[k].p32 != &t->start32 && c[k].p32 != &t->end32)
            GATHER(uint32_t, c[k].p32, buf, perm, n);
    /* then the 16-bit ones: a 32-bit scratch has room for them, not the
     * other way round */
    for (int k = 0; k < nc; k++)
        if (c[k].p16)
            GATHER(uint16_t, c[k].p16, buf, perm, n);
    if (t->open) {
        /* the scratch has room for cap bytes: the column keeps its room */
        uint8_t *ob = buf;
        GATHER(uint8_t, &t->open, ob, perm, n);
        buf = ob;
    }
    /* the patient column from the groups' ends */
    for (size_t b = 0, i = 0; b < np; b++)
        for (; i < off[b]; i++)
            t->patient[i] = b < np - 1 ? (uint32_t)b : SF_ID_NONE;
    free(off);
    free(perm);
    free(buf);
    return 0;
nomem:
    free(off);
    free(perm);
    free(buf);
    free(grp);
    free(tmp);
    return SF_ERR_NOMEM;
}

/* ---- home words ---------------------------------------------------------
 * Exports write the destination "home" in many ways; as a from/to value
 * each would otherwise become a unit with no stays. */
static const char *const home_words[] = {
    "home",       "hjem",     "hjemme",         "heim",      "hemma", "hem", "koti", "kotiin",
    "discharged", "alt-home", "home/self care", "self-care", "01",    "1",   NULL,
};

int sf_stays_is_home_word(const char *s, size_t len, const char *extra) {
    for (const char *const *w = home_words; *w; w++)
        if (strlen(*w) == len && !strncasecmp(*w, s, len))
            return 1;
    for (const char *p = extra; p && *p;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == len && !strncasecmp(p, s, len))
            return 1;
        p += l + (e != NULL);
    }
    return 0;
}

int sf_stays_drop_home(sf_stays *t, const char *extra, char **dropped, uint64_t *counts,
                       int ndropped) {
    sf_intern *un = &t->names[SF_F_UNIT];
    uint32_t nu = un->count, cand = 0;
    /* the names first: clean data stop here, without reading the rows */
    for (uint32_t u = 0; u < nu; u++)
        cand += (uint32_t)sf_stays_is_home_word(sf_intern_str(un, u), sf_intern_len(un, u), extra);
    if (!cand)
        return 0;
    uint32_t *map = calloc(nu, sizeof *map);
    uint64_t *named = calloc(nu, sizeof *named);
    if (!map || !named) {
        free(map);
        free(named);
        return -1;
    }
    /* map[u] = 1: a stay is at u */
    for (size_t i = 0; i < t->n; i++)
        if (sf_stays_unit(t, i) < nu)
            map[sf_stays_unit(t, i)] = 1;
    sf_intern fresh = {0};
    int ndrop = 0;
    for (uint32_t u = 0; u < nu; u++) {
        if (!map[u] && sf_stays_is_home_word(sf_intern_str(un, u), sf_intern_len(un, u), extra)) {
            map[u] = SF_ID_NONE;
            ndrop++;
            continue;
        }
        map[u] = sf_intern_add(&fresh, sf_intern_str(un, u), sf_intern_len(un, u));
        if (map[u] == SF_ID_NONE) {
            sf_intern_free(&fresh);
            free(map);
            free(named);
            return -1;
        }
    }
    if (!ndrop) {
        sf_intern_free(&fresh);
        free(map);
        free(named);
        return 0;
    }
    for (size_t i = 0; i < t->n; i++) {
        uint32_t u = sf_stays_unit(t, i), fr = sf_stays_from(t, i), to = sf_stays_to(t, i);
        if (u < nu)
            sf_stays_set_unit(t, i, map[u]);
        if (fr < nu) {
            named[fr] += map[fr] == SF_ID_NONE;
            sf_stays_set_from(t, i, map[fr]);
        }
        if (to < nu) {
            named[to] += map[to] == SF_ID_NONE;
            sf_stays_set_to(t, i, map[to]);
        }
    }
    int k = 0;
    for (uint32_t u = 0; u < nu && k < ndropped; u++)
        if (map[u] == SF_ID_NONE) {
            dropped[k] = malloc(sf_intern_len(un, u) + 1);
            if (dropped[k])
                memcpy(dropped[k], sf_intern_str(un, u), sf_intern_len(un, u) + 1);
            counts[k++] = named[u];
        }
    for (; k < ndropped; k++) {
        dropped[k] = NULL;
        counts[k] = 0;
    }
    sf_intern_free(un);
    *un = fresh;
    free(map);
    free(named);
    return ndrop;
}
