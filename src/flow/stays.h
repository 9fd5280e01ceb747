/* stays.h: the stays table, the one schema that real patient-flow data and
 * the simulator's trace share (one data model for the three jobs).
 *
 * A stay is one patient's time at one unit: when the patient asked for a
 * place (arrive), got it (start) and left (end), where the patient came
 * from and went to, the patient class, when the patient became ready for
 * discharge (if known), the home zone and the provider (doctor) seen.
 *
 * The table is columnar: one array per field, row i across all of them.
 * Strings are interned per field kind (patients, units, organisations,
 * classes, zones, providers), so a field holds a small integer id and the
 * metrics code compares integers. Times are seconds since
 * 1970-01-01T00:00:00Z (UTC); local wall-clock time for hour-of-week and
 * month figures comes from the table's time zone (sf_tz, tz.h).
 *
 * The CSV form of the schema (the simulator's --trace output, and the
 * ingest preset "samflyt") has the header
 *
 *   patient,unit,org,arrive,start,end,from,to,class,ready,zone,provider
 *
 * with ISO 8601 local times (YYYY-MM-DDTHH:MM:SS, optionally with an
 * offset), an empty `from` for a patient who came from outside the network,
 * an empty `to` for one who went home, and empty optional fields where
 * unknown. Required: patient, unit, start, end. An unknown arrive means
 * the patient is taken to have arrived at start (sf_flow_arrival), but no
 * wait is counted for the stay.
 *
 * The columns are as narrow as the data allow (start and end 32-bit
 * offsets, unit, organisation, class, from and to 16-bit ids), widened
 * when a value does not fit: read them through the sf_stays_* accessors.
 *
 * Ownership: the table owns its arrays and interned strings; sf_stays_free
 * releases everything. */
#ifndef SF_FLOW_STAYS_H
#define SF_FLOW_STAYS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A missing time or a missing string id. */
#define SF_T_NONE INT64_MIN
#define SF_ID_NONE UINT32_MAX

/* A slot of the intern hash table: the string's offset in the arena
 * (0 = empty; a name's bytes never start at 0) and its hash, so a lookup
 * reads one slot and, when the hash matches, the string, whose length and
 * id sit just before it (see stays.c). */
typedef struct sf_intern_slot {
    uint32_t off;
    uint32_t hash;
} sf_intern_slot;

/* Interned strings of one field kind: ids are dense, 0..count-1, in order
 * of first appearance. The names live in one arena addressed by 32-bit
 * offsets, each as [id, hashed names only][length][bytes][NUL] with the
 * length one byte when below 255 (else [uint32 length][255]): a numbered
 * patient such as P0012345 costs 4 + 10 bytes (was 8 + 4 + 16). While
 * every name has the same length and kind (numbered or hashed), as
 * fixed-width patient ids do, neither off[] nor the lengths are kept (the
 * offset is id * stride + head, the length ulen): 9 bytes; the first other
 * name writes them out. Byte 0 of the arena is unused. The arena moves
 * when it grows: a pointer from sf_intern_str is valid until the next
 * sf_intern_add on the same table. */
typedef struct sf_intern {
    char *bytes;           /* the arena */
    uint32_t *off;         /* id -> offset of the name's first byte in bytes; NULL
                              while uniform: then id * stride + head */
    uint32_t count, cap;   /* names; off's room */
    uint32_t stride, head; /* uniform: a name's entry size, name 0's offset */
    uint32_t ulen;         /* uniform: the names' length, and */
    uint8_t uhashed;       /* whether they are hashed (id stored) */
    uint32_t used, size;   /* arena bytes used and allocated */
    uint32_t limit;        /* most arena bytes, 0 = UINT32_MAX (tests set less) */
    sf_intern_slot *slots; /* open-addressing hash table */
    uint32_t nslots;       /* power of two */
    uint32_t last;         /* id+1 of the last string added (0 = none): rows
                              often repeat the previous row's patient */
    /* Numbered names (a fixed prefix and a fixed count of digits, e.g.
     * P0012345): when the first name added has that form, every name of
     * the same prefix and width is found through num[value] (id+1, 0 =
     * absent) instead of the hash table: one 4-byte read instead of a
     * slot and the string, in a table that is a fraction of the size. */
    uint32_t *num;    /* 10^numw entries, or NULL */
    uint32_t numw;    /* digit count, 1..7; 0 = no numbered form */
    uint32_t numplen; /* prefix length, 0..8 */
    char numpre[8];   /* the prefix */
    /* the prefix and the digits' place as words (num_key, stays.c) */
    uint64_t numpmask, numpword, numdmask;
    uint32_t numn;    /* 10^numw */
    uint8_t numtried; /* the first name has been looked at */
    uint32_t nhashed; /* names in the hash table */
    uint32_t lastoff; /* off[last-1] and its length, kept here: with */
    uint32_t lastlen; /* random names those reads were misses */
    /* Short names of a small field (units, organisations, classes): a
     * direct-mapped cache from the name's bytes, read as two words, to
     * its id; NULL until used, unused once the field has many names. */
    struct sf_intern_short *shortc;
} sf_intern;

/* The id of s[0..len), added if new; SF_ID_NONE when out of memory. */
uint32_t sf_intern_add(sf_intern *in, const char *s, size_t len);
/* The id of s[0..len) or SF_ID_NONE when absent. */
uint32_t sf_intern_find(const sf_intern *in, const char *s, size_t len);
/* A hint, nothing else: starts loading the memory sf_intern_add(in, s,
 * len) will read (the numbered table's entry or the hash slot), so a
 * reader can name the next row's patient while it still works on this
 * row. With patients in random order that read is a cache (and TLB) miss
 * per row, which the reader otherwise waits for. */
void sf_intern_prefetch_slow(const sf_intern *in, const char *s, size_t len);
static inline void sf_intern_prefetch(const sf_intern *in, const char *s, size_t len) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* A numbered name's value from its last 8 bytes, unchecked: a wrong
     * guess only loads a line for nothing. Inline, this costs about 15
     * instructions a row against 62 for the checked look-up and the call
     * (gen_stays, callgrind). */
    if (in->num && len >= 8 && len == (size_t)in->numplen + in->numw) {
        uint64_t t;
        memcpy(&t, s + len - 8, sizeof t);
        t = ((t & in->numdmask) | (0x3030303030303030ull & ~in->numdmask)) - 0x3030303030303030ull;
        t = (t * 10 + (t >> 8)) & 0x00FF00FF00FF00FFull;
        t = (t * 100 + (t >> 16)) & 0x0000FFFF0000FFFFull;
        uint32_t v = (uint32_t)(t * 10000 + (t >> 32));
        if (v < in->numn)
            __builtin_prefetch(&in->num[v]);
        return;
    }
#endif
    sf_intern_prefetch_slow(in, s, len);
}
/* The name of id, NUL-terminated; "" for an id not in the table. */
static inline const char *sf_intern_str(const sf_intern *in, uint32_t id) {
    if (id >= in->count)
        return "";
    return in->bytes + (in->off ? in->off[id] : (size_t)id * in->stride + in->head);
}
/* The length of sf_intern_str(in, id). */
static inline uint32_t sf_intern_len(const sf_intern *in, uint32_t id) {
    if (id >= in->count)
        return 0;
    if (!in->off)
        return in->ulen;
    const unsigned char *p = (const unsigned char *)sf_intern_str(in, id);
    if (p[-1] < 255)
        return p[-1];
    uint32_t l;
    memcpy(&l, p - 5, sizeof l);
    return l;
}
void sf_intern_free(sf_intern *in);

typedef enum sf_field {
    SF_F_PATIENT,
    SF_F_UNIT, /* also the id space of from and to */
    SF_F_ORG,
    SF_F_CLASS,
    SF_F_ZONE,
    SF_F_PROVIDER,
    SF_F_NKINDS
} sf_field;

typedef struct sf_stays {
    size_t n, cap;
    /* ids into names[SF_F_*]; SF_ID_NONE where unknown */
    uint32_t *patient, *zone, *provider;
    /* unit, organisation, class, from and to (unit ids; unknown = outside
     * / home), read through sf_stays_unit, _org, _cls, _from and _to:
     * 16-bit ids (SF_ID16_NONE where unknown) while their field has fewer
     * than 65,535 names, 10 bytes a row instead of 20; 32-bit (unit32...,
     * the 16-bit column NULL) from the name that makes it 65,535 on. from
     * and to share the unit names, so they widen with unit. */
    uint16_t *unit16, *org16, *cls16, *from16, *to16;
    uint32_t *unit32, *org32, *cls32, *from32, *to32;
    /* seconds since the epoch, UTC; SF_T_NONE where unknown */
    int64_t *arrive, *ready;
    /* start and end, read through sf_stays_start and sf_stays_end: while
     * every one lies less than 2^32 - 1 seconds after t0 (the first row's
     * start less 2^31 s: 68 years either side of it) they are 32-bit
     * offsets from t0 (start32, end32; SF_T32_NONE where unknown), 8 bytes
     * a row instead of 16. The first that does not fit (a 1900-01-01
     * sentinel among this year's stays) widens both to seconds since the
     * epoch (start64, end64; start32 and end32 are then NULL). */
    int64_t t0;
    uint32_t *start32, *end32;
    int64_t *start64, *end64;
    /* Open stays: the patient was still in care when the data were
     * extracted (an empty end). open[i] != 0 marks one; NULL until a row
     * has no end, so complete data pay nothing. The readers leave end
     * SF_T_NONE; sf_stays_close_open then sets it to the extract's end,
     * which the census counts and the LOS figures treat as censored. */
    uint8_t *open;
    size_t nopen;
    int64_t until; /* the end open stays were given (sf_stays_close_open) */
    /* The input line of each row, while rows are in input order (NULL
     * when the reader gives none): it names rows in warnings about the
     * table as a whole (stays far outside the time range). Sorting drops
     * it: after that a row's index says nothing about its line. */
    uint32_t *line;
    sf_intern names[SF_F_NKINDS];
} sf_stays;

/* arrive, ready, zone and provider are NULL until a row brings a value:
 * most exports have none of them, and four columns that only say
 * "unknown" were 24 of the table's 64 bytes per row. Read them through
 * these, which give SF_T_NONE / SF_ID_NONE for a column not there. */
static inline int64_t sf_stays_arrive(const sf_stays *t, size_t i) {
    return t->arrive ? t->arrive[i] : SF_T_NONE;
}
static inline int64_t sf_stays_ready(const sf_stays *t, size_t i) {
    return t->ready ? t->ready[i] : SF_T_NONE;
}
static inline uint32_t sf_stays_zone(const sf_stays *t, size_t i) {
    return t->zone ? t->zone[i] : SF_ID_NONE;
}
static inline uint32_t sf_stays_provider(const sf_stays *t, size_t i) {
    return t->provider ? t->provider[i] : SF_ID_NONE;
}
/* The 16-bit id that stands for an unknown name. */
#define SF_ID16_NONE UINT16_MAX

/* sf_stays_unit(t, i), sf_stays_set_unit(t, i, id), and the same for org,
 * cls, from and to: an id of the column's width, SF_ID_NONE for unknown.
 * A set id must fit (sf_stays_append widens a column before it does
 * not). */
#define SF_STAYS_ID_COLUMN(col)                                                                    \
    static inline uint32_t sf_stays_##col(const sf_stays *t, size_t i) {                           \
        if (t->col##32)                                                                            \
            return t->col##32 [i];                                                                 \
        uint16_t v = t->col##16 [i];                                                               \
        return v == SF_ID16_NONE ? SF_ID_NONE : v;                                                 \
    }                                                                                              \
    static inline void sf_stays_set_##col(sf_stays *t, size_t i, uint32_t v) {                     \
        if (t->col##32)                                                                            \
            t->col##32 [i] = v;                                                                    \
        else                                                                                       \
            t->col##16 [i] = v == SF_ID_NONE ? SF_ID16_NONE : (uint16_t)v;                         \
    }
SF_STAYS_ID_COLUMN(unit)
SF_STAYS_ID_COLUMN(org)
SF_STAYS_ID_COLUMN(cls)
SF_STAYS_ID_COLUMN(from)
SF_STAYS_ID_COLUMN(to)
#undef SF_STAYS_ID_COLUMN

/* The 32-bit offset that stands for an unknown time. */
#define SF_T32_NONE UINT32_MAX

static inline int64_t sf_stays_t32(const sf_stays *t, uint32_t v) {
    return v == SF_T32_NONE ? SF_T_NONE : t->t0 + (int64_t)v;
}
static inline int64_t sf_stays_start(const sf_stays *t, size_t i) {
    return t->start64 ? t->start64[i] : sf_stays_t32(t, t->start32[i]);
}
static inline int64_t sf_stays_end(const sf_stays *t, size_t i) {
    return t->end64 ? t->end64[i] : sf_stays_t32(t, t->end32[i]);
}
/* Can the table hold time v as it is (32-bit and v fits, or 64-bit)? */
static inline int sf_stays_time_fits(const sf_stays *t, int64_t v) {
    return t->start64 || v == SF_T_NONE ||
           (v >= t->t0 && (uint64_t)v - (uint64_t)t->t0 < SF_T32_NONE);
}
static inline uint32_t sf_stays_to32(const sf_stays *t, int64_t v) {
    return v == SF_T_NONE ? SF_T32_NONE : (uint32_t)((uint64_t)v - (uint64_t)t->t0);
}
/* Set a start or end to v, which must fit (sf_stays_time_fits): a value
 * the table holds already, or one sf_stays_time_room has made room for. */
static inline void sf_stays_set_start(sf_stays *t, size_t i, int64_t v) {
    if (t->start64)
        t->start64[i] = v;
    else
        t->start32[i] = sf_stays_to32(t, v);
}
static inline void sf_stays_set_end(sf_stays *t, size_t i, int64_t v) {
    if (t->end64)
        t->end64[i] = v;
    else
        t->end32[i] = sf_stays_to32(t, v);
}
/* Widens start and end to 64 bits when v does not fit. 0 or SF_ERR_NOMEM
 * (the table unchanged). */
int sf_stays_time_room(sf_stays *t, int64_t v);

/* Was stay i still open at the extract's end (no end in the data)? */
static inline int sf_stays_is_open(const sf_stays *t, size_t i) { return t->open && t->open[i]; }

/* One row as the readers build it, before interning. Strings are not
 * NUL-terminated: (ptr, len), len 0 = empty/unknown. */
typedef struct sf_str {
    const char *s;
    size_t len;
} sf_str;

typedef struct sf_stay_row {
    sf_str patient, unit, org, from, to, cls, zone, provider;
    int64_t arrive, start, end, ready;
    uint64_t line; /* where it was read, 0 = unknown */
} sf_stay_row;

void sf_stays_init(sf_stays *t);
/* Appends a row (interning its strings). 0 or SF_ERR_NOMEM. A row with a
 * start and no end (SF_T_NONE) is an open stay (above). */
int sf_stays_append(sf_stays *t, const sf_stay_row *r);
/* The latest start or end of the table (SF_T_NONE when empty): the
 * extract's end when the caller names none. */
int64_t sf_stays_latest(const sf_stays *t);
/* Gives every open stay the end `until` (the extract's end; a stay that
 * starts after it ends where it starts), so the census counts it as in
 * care until then. Returns how many stays are open, or SIZE_MAX without
 * memory to widen the times for `until` (the table unchanged). */
size_t sf_stays_close_open(sf_stays *t, int64_t until);
/* Is s[0..len) a word for the patient's home (or "outside") rather than a
 * unit, as a from/to value? The built-in list (docs/ingest.md): home,
 * hjem, hjemme, heim, hemma, hem, koti, kotiin, discharged, alt-home,
 * home/self care, self-care, and the NUBC discharge-status code 01 (also
 * written 1), compared ignoring case; plus the comma-separated words of
 * extra (NULL: none). */
int sf_stays_is_home_word(const char *s, size_t len, const char *extra);
/* From/to values that name no unit any stay is at and are home words
 * (sf_stays_is_home_word) are not units: they are removed from the unit
 * names (the other units keep their order) and the from/to that named
 * them become SF_ID_NONE (outside, home). Up to ndropped of their names
 * (owned by the caller, malloc'd) and how many from/to named each go to
 * dropped/counts. Returns how many names were removed, or -1 without
 * memory (the table unchanged). */
int sf_stays_drop_home(sf_stays *t, const char *extra, char **dropped, uint64_t *counts,
                       int ndropped);
/* Keeps the rows with keep[i] != 0, in their order (keep has t->n
 * entries). Returns the rows removed. */
size_t sf_stays_filter(sf_stays *t, const uint8_t *keep);
void sf_stays_free(sf_stays *t);

/* Sorts rows by (patient, start, end) in place: the order the pathway,
 * transition and readmission metrics walk. 0 or SF_ERR_NOMEM. */
int sf_stays_sort_by_patient(sf_stays *t);

#endif
