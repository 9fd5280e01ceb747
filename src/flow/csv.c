/* csv.c: the CSV reader of `samflyt flow` (ingest.h): RFC 4180 records
 * (any delimiter, quoted fields with "" escapes and embedded newlines, CRLF,
 * UTF-8 BOM), plain or gzip'd (zlib reads both), through one buffer that
 * only grows for a single record longer than it. A column mapping (preset,
 * --map, or guessed from the header) binds columns to stay fields; each
 * time column's format is detected from its values before the rows are
 * read; rows that cannot be read are skipped and counted by reason.
 *
 * Why a hand-written scanner rather than libcsv: libcsv calls back per
 * field and copies every field into its own buffer; this scanner splits an
 * unquoted line in one pass in place and copies only quoted fields.
 * Measured on a 10^7-row, 8-column stays file (bench/ingest.sh, same rows,
 * fields and bytes found): this scanner 0.64 s CPU, libcsv 3.0.3 1.45 s;
 * the whole ingest 3.15 s (3.2 M rows/s on one core, docs/ingest.md).
 *
 * Activity logs (one row per event, `lifecycle` start/complete, `time`)
 * are paired into stays by `instance` (or patient+unit): open stays are
 * held until their complete row; memory grows with instances. */
#include "flow/ingest_impl.h"

#include "core/diag.h"
#include "core/textout.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define CSV_BUF0 (1u << 20)      /* initial buffer */
#define CSV_BUFMAX (64u << 20)   /* longest record we accept */
#define CSV_SAMPLE 1000          /* rows sniffed for time formats */
#define CSV_SNIFFMAX (16u << 20) /* the most the sniffed rows may hold */

/* ---- the record scanner ------------------------------------------------ */

typedef struct csv_in {
    gzFile gz;
    const char *pre; /* bytes already read from gz (the sniff), read first */
    size_t prelen, prepos;
    const char *mem; /* or the data in memory */
    size_t memlen, mempos;
    char *buf;
    size_t cap, len, pos;
    int eof, ioerr, first;
    uint64_t line; /* line number of buf[pos] */
    /* While the time formats are sniffed, the bytes from mark on stay in
     * the buffer, so the rows are read again from there (a pipe cannot be
     * rewound); full: the sample outgrew CSV_SNIFFMAX */
    int marking, full;
    size_t mark;
    int cr_only; /* old Mac line ends (CR alone): each CR read is made LF */
    /* the current record */
    sf_str *f;
    uint32_t *fcol; /* 1-based column of each field in its line */
    int nf, fcap;
    char *scratch; /* unescaped text of a record with quotes */
    size_t scap;
    uint64_t rec_line;
    int badquote;
    int ascii; /* the record has no byte above 0x7F */
    int ctrl;  /* the record may hold a control character (sf_flow_control_at) */
    int blank; /* the record may hold a blank (so its fields may need trimming) */
    /* rec: where an unquoted record starts in buf; its fields lie in it, so
     * a field's column is its offset from rec (csv_fcol) and the fast path
     * stores none; NULL for a quoted record (columns in fcol) */
    const char *rec;
    /* csv_fast's bit masks of the 64 bytes at buf[mblk]: delimiters, LFs
     * and unusual bytes (see csv_block); valid until csv_fill moves or
     * rewrites the buffer */
    int mvalid;
    size_t mblk;
    uint64_t md, mn, mu;
} csv_in;

/* Moves the unread bytes to the front and reads more. 0, or -1 when a
 * record does not fit CSV_BUFMAX or the file cannot be read. */
static int csv_fill(csv_in *c) {
    c->mvalid = 0;
    size_t from = c->marking ? c->mark : c->pos;
    if (from) {
        memmove(c->buf, c->buf + from, c->len - from);
        c->len -= from;
        c->pos -= from;
        c->mark = 0;
    }
    if (c->len == c->cap) {
        if (c->marking && c->cap >= CSV_SNIFFMAX) {
            c->full = 1;
            return -1;
        }
        if (c->cap >= CSV_BUFMAX)
            return -1;
        char *b = realloc(c->buf, c->cap * 2);
        if (!b)
            return -1;
        c->buf = b;
        c->cap *= 2;
    }
    size_t want = c->cap - c->len;
    size_t got;
    if (c->prepos < c->prelen) {
        got = c->prelen - c->prepos < want ? c->prelen - c->prepos : want;
        memcpy(c->buf + c->len, c->pre + c->prepos, got);
        c->prepos += got;
    } else if (c->gz) {
        int r = gzread(c->gz, c->buf + c->len, want > (1u << 30) ? (1u << 30) : (unsigned)want);
        /* 0 at the end: a cut or damaged stream also ends so */
        if (r < 0 || (r == 0 && sf_flow_gz_bad(c->gz))) {
            c->ioerr = 1;
            return -1;
        }
        got = (size_t)r;
    } else {
        got = c->memlen - c->mempos < want ? c->memlen - c->mempos : want;
        if (got)
            memcpy(c->buf + c->len, c->mem + c->mempos, got);
        c->mempos += got;
    }
    if (!got)
        c->eof = 1;
    if (c->cr_only)
        for (char *q = c->buf + c->len, *e = q + got; (q = memchr(q, '\r', (size_t)(e - q)));)
            *q++ = '\n';
    if (c->first && c->len + got >= 3) {
        c->first = 0;
        if (!memcmp(c->buf, "\xEF\xBB\xBF", 3)) {
            memmove(c->buf, c->buf + 3, c->len + got - 3);
            c->len -= 3;
        }
    }
    c->len += got;
    return 0;
}

/* Room for n fields of the current record. 0 or -1 out of memory. */
static int fields_room(csv_in *c, int n) {
    if (n <= c->fcap)
        return 0;
    int cap = c->fcap ? c->fcap : 32;
    while (cap < n)
        cap *= 2;
    sf_str *f = realloc(c->f, (size_t)cap * sizeof *f);
    if (!f)
        return -1;
    c->f = f;
    uint32_t *fc = realloc(c->fcol, (size_t)cap * sizeof *fc);
    if (!fc)
        return -1;
    c->fcol = fc;
    c->fcap = cap;
    return 0;
}

static int add_field(csv_in *c, const char *s, size_t len, size_t col) {
    if (c->nf == c->fcap && fields_room(c, c->nf + 1))
        return -1;
    c->f[c->nf] = (sf_str){s, len};
    c->fcol[c->nf] = (uint32_t)(col + 1);
    c->nf++;
    return 0;
}

/* The 1-based column of field i in its line. */
static inline uint32_t csv_fcol(const csv_in *c, int i) {
    return c->rec ? (uint32_t)(c->f[i].s - c->rec + 1) : c->fcol[i];
}

/* A record with quotes, from c->pos: 1 done, 0 needs more data (the
 * caller fills and retries), -1 out of memory. Fields are unescaped into
 * scratch. */
static int csv_slow(csv_in *c, char delim) {
    if (c->scap < c->cap) {
        char *s = realloc(c->scratch, c->cap);
        if (!s)
            return -1;
        c->scratch = s;
        c->scap = c->cap;
    }
    const char *b = c->buf;
    size_t i = c->pos, n = c->len, out = 0, linestart = c->pos;
    uint64_t lines = 0;
    c->nf = 0;
    c->badquote = 0;
    for (;;) {
        size_t fs = out, col = i - linestart;
        if (i < n && b[i] == '"') {
            i++;
            for (;;) {
                if (i >= n) {
                    if (!c->eof)
                        return 0;
                    c->badquote = 1; /* unterminated at the end of the file */
                    if (i > c->pos && b[i - 1] == '\n')
                        lines--; /* the file's last line end ends no line inside */
                    break;
                }
                if (b[i] == '"') {
                    if (i + 1 >= n && !c->eof)
                        return 0;
                    if (i + 1 < n && b[i + 1] == '"') {
                        c->scratch[out++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                if (b[i] == '\n') {
                    lines++;
                    linestart = i + 1;
                }
                c->scratch[out++] = b[i++];
            }
            /* after the closing quote: delimiter or end of line */
            if (i < n && b[i] != delim && b[i] != '\n' && b[i] != '\r') {
                c->badquote = 1;
                while (i < n && b[i] != delim && b[i] != '\n')
                    c->scratch[out++] = b[i++];
                if (i >= n && !c->eof)
                    return 0;
            }
        } else {
            while (i < n && b[i] != delim && b[i] != '\n')
                c->scratch[out++] = b[i++];
            if (i >= n && !c->eof)
                return 0;
        }
        size_t flen = out - fs;
        if (i < n && b[i] == '\r' && (i + 1 >= n || b[i + 1] == '\n')) {
            if (i + 1 >= n && !c->eof)
                return 0;
            i++;
        } else if (flen && out && c->scratch[out - 1] == '\r' && (i >= n || b[i] == '\n')) {
            flen--; /* a CR before LF, inside an unquoted last field */
        }
        if (add_field(c, c->scratch + fs, flen, col))
            return -1;
        if (i < n && b[i] == delim) {
            i++;
            continue;
        }
        /* end of record */
        if (i < n && b[i] == '\n')
            i++;
        break;
    }
    c->rec_line = c->line;
    c->line += lines + 1;
    c->pos = i;
    return 1;
}

/* The fast path of csv_next, for records with no quote, no control
 * character and no DEL (a CR just before the LF is allowed): the buffer is
 * classified 64 bytes at a time into bit masks (delimiters, line ends,
 * unusual bytes), kept between records, so each byte is looked at once and
 * a record costs its fields: (pointer, length) into the buffer. Anything
 * else, and the buffer's last 64 bytes, go to the general path below,
 * which reads the record from its start again. Before, each record was
 * scanned by memchr for its LF and again for delimiters, with a capacity
 * test per field: 639 instructions a row on gen_stays (82 bytes, 8 fields;
 * callgrind), 379 with the masks. */
#ifdef __SSE2__
static void csv_block(csv_in *c, size_t at, char delim) {
    const __m128i vd = _mm_set1_epi8(delim), vn = _mm_set1_epi8('\n'), vq = _mm_set1_epi8('"');
    const __m128i v21 = _mm_set1_epi8(0x21), v7f = _mm_set1_epi8(0x7F);
    uint64_t md = 0, mn = 0, mu = 0;
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(c->buf + at + 16 * k));
        /* unusual: below 0x21 (control characters, the blank, and by the
         * signed compare bytes above 0x7F), the quote, DEL */
        __m128i u = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(v, v21), _mm_cmpeq_epi8(v, vq)),
                                 _mm_cmpeq_epi8(v, v7f));
        md |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vd)) << (16 * k);
        mn |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vn)) << (16 * k);
        mu |= (uint64_t)(unsigned)_mm_movemask_epi8(u) << (16 * k);
    }
    c->mblk = at;
    c->md = md;
    c->mn = mn;
    c->mu = mu & ~md & ~mn;
    c->mvalid = 1;
}
#endif

/* 1: read, 0: not for this path (nothing consumed), -1: out of memory. */
static inline int csv_fast(csv_in *c, char delim) {
#ifdef __SSE2__
    const char *b = c->buf;
    size_t pos = c->pos, fs = pos, at = pos;
    unsigned high = 0, blank = 0;
    size_t nf = 0;
    sf_str *f = c->f;
    for (;;) {
        if (!c->mvalid || at < c->mblk || at >= c->mblk + 64) {
            if (at + 64 > c->len)
                return 0;
            csv_block(c, at, delim);
        }
        /* at most 64 more fields in this block, and the last one */
        if (nf + 65 > (size_t)c->fcap) {
            if (fields_room(c, (int)nf + 65))
                return -1;
            f = c->f;
        }
        size_t blk = c->mblk;
        uint64_t from = ~0ull << (at - blk);
        uint64_t n = c->mn & from;
        uint64_t keep = n ? (n & -n) - 1 : ~0ull; /* the bytes before the LF */
        for (uint64_t u = c->mu & from & keep; u; u &= u - 1) {
            /* bytes above 0x7F (UTF-8 is checked later) and blanks are
             * fine; of the other unusual bytes only a CR before the LF */
            size_t q = blk + (size_t)__builtin_ctzll(u);
            unsigned char ch = (unsigned char)b[q];
            if (ch >= 0x80)
                high = 1;
            else if (ch == ' ')
                blank = 1;
            else if (ch != '\r' || q + 1 >= c->len || b[q + 1] != '\n')
                return 0;
        }
        for (uint64_t d = c->md & from & keep; d; d &= d - 1) {
            size_t e = blk + (unsigned)__builtin_ctzll(d);
            f[nf++] = (sf_str){b + fs, e - fs};
            fs = e + 1;
        }
        if (!n) {
            at = blk + 64;
            continue;
        }
        size_t end = blk + (size_t)__builtin_ctzll(n), le = end;
        if (le > pos && b[le - 1] == '\r')
            le--;
        if (le == pos)
            return 0; /* a blank line: the general path skips it */
        f[nf] = (sf_str){b + fs, le - fs};
        c->nf = (int)nf + 1;
        c->rec = b + pos;
        c->badquote = 0;
        c->ascii = !high;
        c->ctrl = 0;
        c->blank = blank;
        c->rec_line = c->line;
        c->line++;
        c->pos = end + 1;
        return 1;
    }
#else
    (void)c;
    (void)delim;
    return 0;
#endif
}

/* The next record: 1, 0 at the end, -1 on an I/O error or a record longer
 * than CSV_BUFMAX. Empty lines are skipped. */
static int csv_next(csv_in *c, char delim) {
    for (;;) {
        if (c->pos < c->len && delim != '\n' && delim != '\r' && delim != '"') {
            int k = csv_fast(c, delim);
            if (k)
                return k;
        }
        c->blank = 1;
        if (c->pos >= c->len) {
            if (c->eof)
                return 0;
            if (csv_fill(c))
                return -1;
            continue;
        }
        const char *b = c->buf + c->pos;
        size_t avail = c->len - c->pos;
        c->rec = b;
        const char *nl = memchr(b, '\n', avail);
        if (!nl && !c->eof) {
            if (csv_fill(c))
                return -1;
            continue;
        }
        size_t end = nl ? (size_t)(nl - b) : avail;
        size_t le = end;
        if (le && b[le - 1] == '\r')
            le--;
        /* one pass: split at the delimiter, note any byte above 0x7F (the
         * UTF-8 check is needed only then), stop at a quote */
        c->nf = 0;
        c->badquote = 0;
        size_t fs = 0, i = 0;
        unsigned char acc = 0;
        unsigned ctl = 0; /* a byte below 0x20 (not the delimiter) or DEL */
        const char dl = delim;
#ifdef __SSE2__
        /* 16 bytes at a time while they lie in the buffer: bit masks of
         * delimiters, quotes and bytes above 0x7F, the delimiters walked
         * bit by bit. The byte loop below did the same at a branch per
         * byte, mispredicted at every delimiter: 18 % of `samflyt flow`
         * on the 10^7-row bench file, 8 % with this (3.55 -> 3.09 s). */
        const __m128i vd = _mm_set1_epi8(dl), vq = _mm_set1_epi8('"');
        const __m128i v20 = _mm_set1_epi8(0x20), v7f = _mm_set1_epi8(0x7F);
        while (i < le && i + 16 <= avail) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(b + i));
            unsigned md = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vd));
            unsigned mq = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vq));
            unsigned mh = (unsigned)_mm_movemask_epi8(v);
            /* signed compare: bytes above 0x7F are below 0x20 too, hence ~mh */
            unsigned mc = ((unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, v20)) & ~mh & ~md) |
                          (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, v7f));
            size_t rest = le - i;
            if (rest < 16) {
                unsigned keep = (1u << rest) - 1;
                md &= keep;
                mq &= keep;
                mh &= keep;
                mc &= keep;
            }
            if (mq) { /* a quote: the record goes to csv_slow */
                i += (size_t)__builtin_ctz(mq);
                break;
            }
            acc |= mh ? 0x80 : 0;
            ctl |= mc;
            for (; md; md &= md - 1) {
                size_t at = i + (size_t)__builtin_ctz(md);
                if (add_field(c, b + fs, at - fs, fs))
                    return -1;
                fs = at + 1;
            }
            i += rest < 16 ? rest : 16;
        }
        if (i < le && b[i] == '"')
            goto quoted;
#endif
        for (; i < le; i++) {
            char ch = b[i];
            acc |= (unsigned char)ch;
            ctl |=
                (unsigned)(((unsigned char)ch < 0x20) & (ch != dl)) | ((unsigned char)ch == 0x7F);
            if (ch == dl) {
                if (add_field(c, b + fs, i - fs, fs))
                    return -1;
                fs = i + 1;
            } else if (ch == '"') {
                break;
            }
        }
        if (i < le) {
#ifdef __SSE2__
        quoted:
#endif
            c->ascii = 0;
            c->ctrl = 1; /* quoted: the fields tell */
            c->rec = NULL;
            int r = csv_slow(c, delim);
            if (r < 0)
                return -1;
            if (r == 0) {
                if (csv_fill(c))
                    return -1;
                continue;
            }
            return 1;
        }
        c->rec_line = c->line;
        c->line++;
        c->pos += nl ? end + 1 : end;
        if (!le) {
            c->nf = 0;
            continue; /* blank line */
        }
        if (add_field(c, b + fs, le - fs, fs))
            return -1;
        c->ascii = acc < 0x80;
        c->ctrl = ctl != 0;
        return 1;
    }
}

int sf_csv_split_header(const char *line, size_t len, char delim, sf_str *cols, int max,
                        char *found) {
    if (!delim) {
        /* the candidate that occurs most often outside quotes; ties go to
         * the earlier in this list */
        static const char cand[] = {',', ';', '\t', '|'};
        int count[4] = {0}, inq = 0;
        for (size_t i = 0; i < len; i++) {
            if (line[i] == '"')
                inq = !inq;
            else if (!inq)
                for (int k = 0; k < 4; k++)
                    count[k] += line[i] == cand[k];
        }
        int best = 0;
        for (int k = 1; k < 4; k++)
            if (count[k] > count[best])
                best = k;
        delim = cand[best];
    }
    if (found)
        *found = delim;
    int n = 0;
    size_t i = 0;
    for (;;) {
        if (n == max)
            return -1;
        size_t s = i;
        int q = i < len && line[i] == '"';
        if (q) {
            s = ++i;
            while (i < len && line[i] != '"')
                i++;
            cols[n] = (sf_str){line + s, i - s};
            while (i < len && line[i] != delim)
                i++;
        } else {
            while (i < len && line[i] != delim)
                i++;
            cols[n] = (sf_str){line + s, i - s};
        }
        /* trim blanks around names */
        while (cols[n].len && (cols[n].s[0] == ' ' || cols[n].s[0] == '\t')) {
            cols[n].s++;
            cols[n].len--;
        }
        while (cols[n].len &&
               (cols[n].s[cols[n].len - 1] == ' ' || cols[n].s[cols[n].len - 1] == '\t' ||
                cols[n].s[cols[n].len - 1] == '\r'))
            cols[n].len--;
        n++;
        if (i >= len)
            break;
        i++; /* the delimiter */
    }
    return n;
}

/* ---- UTF-8 -------------------------------------------------------------- */

static int utf8_valid(const unsigned char *s, size_t n) {
    for (size_t i = 0, k; i < n; i += k)
        if (!(k = sf_utf8_len(s + i, n - i)))
            return 0;
    return 1;
}

static int sf_flow_utf8_valid(const char *s, size_t n) {
    /* fast check: plain ASCII needs no decoding */
    size_t i = 0;
    unsigned char acc = 0;
    for (; i < n; i++)
        acc |= (unsigned char)s[i];
    return acc < 0x80 || utf8_valid((const unsigned char *)s, n);
}

/* ---- the reader ---------------------------------------------------------- */

typedef struct reader {
    const char *name;
    const sf_flow_read_opts *o;
    sf_stays *t;
    sf_flow_read_report *rep;
    sf_diag *d;
    csv_in *c;
    char delim;
    int ncols;
    char **hdr; /* owned copies of the header names */
    sf_str *hcols;
    int map[SF_C_N];
    /* per stay field, the record's field that holds it: map[f], or ncols
     * for a field the file does not have, where read_all keeps an empty
     * field (row fields need no bounds test then: their records have
     * ncols fields) */
    int idx[SF_C_N];
    sf_time_fmt fmt[SF_C_N];
    sf_time_memo memo[SF_C_N]; /* per time column: its last date */
    int ignore_idx;
    const char *ignore_val;
    int log;     /* activity log: lifecycle + time */
    int guessed; /* the mapping was guessed from the header */
    /* open activity-log stays, by pairing key id */
    sf_intern keys;
    int64_t *ostart;
    uint64_t *oline;
    uint32_t *opat, *ounit, *oorg, *oprov, *ocls, *ozone;
    size_t ocap;
    char *keybuf;
    size_t keycap;
} reader;

static void reader_free(reader *r) {
    for (int i = 0; i < r->ncols; i++)
        free(r->hdr[i]);
    free(r->hdr);
    free(r->hcols);
    sf_intern_free(&r->keys);
    free(r->ostart);
    free(r->oline);
    free(r->opat);
    free(r->ounit);
    free(r->oorg);
    free(r->oprov);
    free(r->ocls);
    free(r->ozone);
    free(r->keybuf);
}

/* Blanks around values are padding, not data. */
static inline sf_str trim_blanks(sf_str s) {
    while (s.len && (s.s[0] == ' ' || s.s[0] == '\t')) {
        s.s++;
        s.len--;
    }
    while (s.len && (s.s[s.len - 1] == ' ' || s.s[s.len - 1] == '\t'))
        s.len--;
    return s;
}

static inline sf_str fld(const reader *r, sf_flow_col f) {
    int i = r->map[f];
    if (i < 0 || i >= r->c->nf)
        return (sf_str){"", 0};
    sf_str s = r->c->f[i];
    if (!r->c->blank)
        return s;
    return trim_blanks(s);
}

/* fld for a record of ncols fields, after read_all has set the empty
 * field at ncols (the row's fields: 10 a row on the bench files). */
static inline sf_str fldr(const reader *r, sf_flow_col f) {
    sf_str s = r->c->f[r->idx[f]];
    if (!r->c->blank)
        return s;
    return trim_blanks(s);
}

static uint32_t fcol(const reader *r, sf_flow_col f) {
    int i = r->map[f];
    return i >= 0 && i < r->c->nf ? csv_fcol(r->c, i) : 1;
}

/* A skipped row: counted, or fatal under strict. */
static int skip(reader *r, sf_flow_reason why, uint64_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int skip(reader *r, sf_flow_reason why, uint64_t line, uint32_t col, const char *fmt, ...) {
    if (!r->o->strict) {
        sf_flow_report_skip(r->rep, why, line);
        return 0;
    }
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sf_flow_report_skip(r->rep, why, line);
    return sf_diag_set(r->d, SF_ERR_SYNTAX, r->name, (int)(line > INT32_MAX ? 0 : line), (int)col,
                       "%s (--strict)", msg);
}

/* time_field beyond the fast path. */
static __attribute__((noinline)) int time_field_slow(reader *r, sf_flow_col f, sf_str v,
                                                     int64_t *t) {
    *t = SF_T_NONE;
    if (!v.len)
        return 0;
    if (r->fmt[f] == SF_TF_UNKNOWN) {
        /* nothing in the sample: this first value decides */
        r->fmt[f] = sf_time_sniff(v.s, v.len);
        if (r->o->slash && (r->fmt[f] == SF_TF_SLASH || r->fmt[f] == SF_TF_DMY_SLASH ||
                            r->fmt[f] == SF_TF_MDY_SLASH))
            r->fmt[f] = r->o->slash;
        r->rep->fmt[f] = r->fmt[f];
        r->rep->offset[f] = sf_time_has_offset(v.s, v.len);
    }
    if (r->fmt[f] == SF_TF_ISO && !sf_time_parse_iso19(v.s, v.len, &r->o->tz, &r->memo[f], t))
        return 0;
    size_t col;
    if (!sf_time_parse(v.s, v.len, r->fmt[f], &r->o->tz, t, &col))
        return 0;
    int e = skip(r, SF_R_TIME, r->c->rec_line, fcol(r, f) + (uint32_t)col,
                 "bad time '%.*s' in column '%s' (%s): expected %s", (int)(v.len > 60 ? 60 : v.len),
                 v.s, r->hdr[r->map[f]], sf_flow_col_name(f), sf_time_fmt_name(r->fmt[f]));
    return e ? e : 1;
}

/* A time field: 0 with *t (SF_T_NONE when empty), 1 when it cannot be read
 * (the row is skipped), <0 fatal. The ISO fast path inline, the rest (an
 * empty field, other formats, a bad time) out of line. */
static inline int time_field(reader *r, sf_flow_col f, int64_t *t) {
    sf_str v = fldr(r, f);
    if (v.len == 19 && r->fmt[f] == SF_TF_ISO &&
        !sf_time_parse_iso19(v.s, v.len, &r->o->tz, &r->memo[f], t))
        return 0;
    return time_field_slow(r, f, v, t);
}

static int append(reader *r, const sf_stay_row *row) {
    if (sf_stays_append(r->t, row))
        return sf_diag_set(r->d, SF_ERR_NOMEM, r->name, 0, 0, "out of memory");
    r->rep->stays++;
    if (row->start < r->rep->tmin)
        r->rep->tmin = row->start;
    if (row->end > r->rep->tmax)
        r->rep->tmax = row->end;
    return 0;
}

/* The row's strings against bytes above 0x7F (valid UTF-8?) and control
 * characters: only for records that have such bytes. 0, 1 skipped, <0
 * fatal. */
static __attribute__((noinline)) int row_checks(reader *r, const sf_stay_row *row) {
    const sf_str *all[] = {&row->patient, &row->unit, &row->org,  &row->from,
                           &row->to,      &row->cls,  &row->zone, &row->provider};
    for (int k = 0; k < 8 && !r->c->ascii; k++)
        if (!sf_flow_utf8_valid(all[k]->s, all[k]->len)) {
            int e = skip(r, SF_R_UTF8, r->c->rec_line, 1,
                         "text that is not valid UTF-8: convert the export, e.g. iconv -f "
                         "WINDOWS-1252 -t UTF-8");
            return e ? e : 1;
        }
    uint64_t ln = r->c->rec_line;
    static const sf_flow_col fields[] = {SF_C_PATIENT, SF_C_UNIT,  SF_C_ORG,  SF_C_FROM,
                                         SF_C_TO,      SF_C_CLASS, SF_C_ZONE, SF_C_PROVIDER};
    for (int k = 0; k < 8 && r->c->ctrl; k++) {
        ptrdiff_t at = sf_flow_control_at(all[k]->s, all[k]->len);
        if (at < 0)
            continue;
        sf_flow_col f = fields[k];
        int e = skip(r, SF_R_CONTROL, ln, fcol(r, f) + (uint32_t)at,
                     "a control character (byte 0x%02X) in column '%s' (%s): a name with a "
                     "hidden byte would print like another and count apart; clean the export",
                     (unsigned char)all[k]->s[at], r->hdr[r->map[f]], sf_flow_col_name(f));
        return e ? e : 1;
    }
    return 0;
}

/* Strings of the row: patient, unit and the optional ones. 0, 1 skipped,
 * <0 fatal. */
static int row_strings(reader *r, sf_stay_row *row) {
    row->patient = fldr(r, SF_C_PATIENT);
    row->unit = fldr(r, SF_C_UNIT);
    row->org = fldr(r, SF_C_ORG);
    row->from = fldr(r, SF_C_FROM);
    row->to = fldr(r, SF_C_TO);
    row->cls = fldr(r, SF_C_CLASS);
    row->zone = fldr(r, SF_C_ZONE);
    row->provider = fldr(r, SF_C_PROVIDER);
    if (!r->c->ascii || r->c->ctrl) {
        int e = row_checks(r, row);
        if (e)
            return e;
    }
    uint64_t ln = r->c->rec_line;
    if (!row->patient.len) {
        int e = skip(r, SF_R_PATIENT, ln, fcol(r, SF_C_PATIENT), "missing patient in column '%s'",
                     r->hdr[r->map[SF_C_PATIENT]]);
        return e ? e : 1;
    }
    if (!row->unit.len) {
        int e = skip(r, SF_R_UNIT, ln, fcol(r, SF_C_UNIT), "missing unit in column '%s'",
                     r->hdr[r->map[SF_C_UNIT]]);
        return e ? e : 1;
    }
    return 0;
}

static int row_stay(reader *r) {
    sf_stay_row row;
    int e = row_strings(r, &row);
    if (e)
        return e < 0 ? e : 0;
    uint64_t ln = r->c->rec_line;
    static const sf_flow_col tf[4] = {SF_C_ARRIVE, SF_C_START, SF_C_END, SF_C_READY};
    int64_t tv[4];
    for (int k = 0; k < 4; k++) {
        if (r->map[tf[k]] < 0) {
            tv[k] = SF_T_NONE;
            continue;
        }
        e = time_field(r, tf[k], &tv[k]);
        if (e)
            return e < 0 ? e : 0;
    }
    row.arrive = tv[0];
    row.start = tv[1];
    row.end = tv[2];
    row.ready = tv[3];
    row.line = ln;
    /* an empty end is a stay still open at the extract's end (stays.h) */
    if (row.start == SF_T_NONE) {
        e = skip(r, SF_R_NOTIME, ln, fcol(r, SF_C_START), "missing start time in column '%s'",
                 r->hdr[r->map[SF_C_START]]);
        return e;
    }
    if (row.end != SF_T_NONE && row.end < row.start) {
        e = skip(r, SF_R_ORDER, ln, fcol(r, SF_C_END), "end is before start (by %lld s)",
                 (long long)(row.start - row.end));
        return e;
    }
    if (row.arrive != SF_T_NONE && row.arrive > row.start) {
        e = skip(r, SF_R_ORDER, ln, fcol(r, SF_C_ARRIVE), "arrive is after start (by %lld s)",
                 (long long)(row.arrive - row.start));
        return e;
    }
    if (row.ready != SF_T_NONE &&
        (row.ready < row.start || (row.end != SF_T_NONE && row.ready > row.end))) {
        e = skip(r, SF_R_ORDER, ln, fcol(r, SF_C_READY),
                 "ready-for-discharge time is outside the stay (start..end)");
        return e;
    }
    return append(r, &row);
}

/* ---- activity logs -------------------------------------------------------- */

static int open_grow(reader *r, uint32_t id) {
    if (id < r->ocap)
        return 0;
    size_t cap = r->ocap ? r->ocap * 2 : 1024;
    while (cap <= id)
        cap *= 2;
#define GROW(p)                                                                                    \
    do {                                                                                           \
        void *q = realloc(p, cap * sizeof *(p));                                                   \
        if (!q)                                                                                    \
            return -1;                                                                             \
        p = q;                                                                                     \
    } while (0)
    GROW(r->ostart);
    GROW(r->oline);
    GROW(r->opat);
    GROW(r->ounit);
    GROW(r->oorg);
    GROW(r->oprov);
    GROW(r->ocls);
    GROW(r->ozone);
#undef GROW
    for (size_t i = r->ocap; i < cap; i++)
        r->ostart[i] = SF_T_NONE;
    r->ocap = cap;
    return 0;
}

static uint32_t intern_opt(sf_intern *in, sf_str s) {
    return s.len ? sf_intern_add(in, s.s, s.len) : SF_ID_NONE;
}

/* The name of id as a string. It points into the interner's arena, which
 * moves when a new name is added: appending a row made of such names is
 * safe only because each is already in the table it goes to. */
static sf_str id_str(const sf_intern *in, uint32_t id) {
    if (id == SF_ID_NONE)
        return (sf_str){"", 0};
    return (sf_str){sf_intern_str(in, id), sf_intern_len(in, id)};
}

int sf_flow_lifecycle_kind(sf_str v) {
    static const char *const starts[] = {"start", "begin", "started", "assign", NULL};
    static const char *const ends[] = {"complete", "completed", "end", "finish", "done", NULL};
    for (int k = 0; starts[k]; k++)
        if (v.len == strlen(starts[k]) && !strncasecmp(v.s, starts[k], v.len))
            return 1;
    for (int k = 0; ends[k]; k++)
        if (v.len == strlen(ends[k]) && !strncasecmp(v.s, ends[k], v.len))
            return 2;
    return 0;
}

static int row_event(reader *r) {
    sf_stay_row row;
    int e = row_strings(r, &row);
    if (e)
        return e < 0 ? e : 0;
    uint64_t ln = r->c->rec_line;
    sf_str lc = fld(r, SF_C_LIFECYCLE);
    int kind = sf_flow_lifecycle_kind(lc);
    if (!kind)
        return skip(r, SF_R_LIFECYCLE, ln, fcol(r, SF_C_LIFECYCLE),
                    "lifecycle '%.*s' in column '%s': expected start or complete",
                    (int)(lc.len > 40 ? 40 : lc.len), lc.s, r->hdr[r->map[SF_C_LIFECYCLE]]);
    int64_t tm;
    e = time_field(r, SF_C_TIME, &tm);
    if (e)
        return e < 0 ? e : 0;
    if (tm == SF_T_NONE)
        return skip(r, SF_R_NOTIME, ln, fcol(r, SF_C_TIME), "missing time in column '%s'",
                    r->hdr[r->map[SF_C_TIME]]);
    /* the pairing key: the instance id, else patient + unit */
    sf_str inst = fld(r, SF_C_INSTANCE);
    const char *ks;
    size_t kl;
    if (inst.len) {
        ks = inst.s;
        kl = inst.len;
    } else {
        kl = row.patient.len + 1 + row.unit.len;
        if (kl > r->keycap) {
            char *b = realloc(r->keybuf, kl);
            if (!b)
                return sf_diag_set(r->d, SF_ERR_NOMEM, r->name, 0, 0, "out of memory");
            r->keybuf = b;
            r->keycap = kl;
        }
        memcpy(r->keybuf, row.patient.s, row.patient.len);
        r->keybuf[row.patient.len] = 0x1f;
        memcpy(r->keybuf + row.patient.len + 1, row.unit.s, row.unit.len);
        ks = r->keybuf;
        kl = row.patient.len + 1 + row.unit.len;
    }
    if (kind == 1) {
        uint32_t id = sf_intern_add(&r->keys, ks, kl);
        if (id == SF_ID_NONE || open_grow(r, id))
            return sf_diag_set(r->d, SF_ERR_NOMEM, r->name, 0, 0, "out of memory");
        if (r->ostart[id] != SF_T_NONE) {
            /* started twice: the earlier start has no complete */
            e = skip(r, SF_R_UNPAIRED, r->oline[id], 1,
                     "a start without a complete (instance '%.*s' starts again on line %llu)",
                     (int)(kl > 40 ? 40 : kl), ks, (unsigned long long)ln);
            if (e)
                return e;
        }
        sf_stays *t = r->t;
        r->ostart[id] = tm;
        r->oline[id] = ln;
        r->opat[id] = intern_opt(&t->names[SF_F_PATIENT], row.patient);
        r->ounit[id] = intern_opt(&t->names[SF_F_UNIT], row.unit);
        r->oorg[id] = intern_opt(&t->names[SF_F_ORG], row.org);
        r->oprov[id] = intern_opt(&t->names[SF_F_PROVIDER], row.provider);
        r->ocls[id] = intern_opt(&t->names[SF_F_CLASS], row.cls);
        r->ozone[id] = intern_opt(&t->names[SF_F_ZONE], row.zone);
        if (r->opat[id] == SF_ID_NONE || r->ounit[id] == SF_ID_NONE)
            return sf_diag_set(r->d, SF_ERR_NOMEM, r->name, 0, 0, "out of memory");
        return 0;
    }
    uint32_t id = sf_intern_find(&r->keys, ks, kl);
    if (id == SF_ID_NONE || id >= r->ocap || r->ostart[id] == SF_T_NONE)
        return skip(r, SF_R_UNPAIRED, ln, fcol(r, SF_C_LIFECYCLE),
                    "a complete without a start (instance '%.*s')", (int)(kl > 40 ? 40 : kl), ks);
    int64_t st = r->ostart[id];
    r->ostart[id] = SF_T_NONE;
    if (tm < st)
        return skip(r, SF_R_ORDER, ln, fcol(r, SF_C_TIME),
                    "complete is before its start on line %llu", (unsigned long long)r->oline[id]);
    const sf_stays *t = r->t;
    sf_stay_row s = {0};
    s.patient = id_str(&t->names[SF_F_PATIENT], r->opat[id]);
    s.unit = id_str(&t->names[SF_F_UNIT], r->ounit[id]);
    s.org = id_str(&t->names[SF_F_ORG], r->oorg[id]);
    s.provider = id_str(&t->names[SF_F_PROVIDER], r->oprov[id]);
    s.cls = id_str(&t->names[SF_F_CLASS], r->ocls[id]);
    s.zone = id_str(&t->names[SF_F_ZONE], r->ozone[id]);
    s.arrive = s.start = st;
    s.end = tm;
    s.ready = SF_T_NONE;
    s.line = ln;
    return append(r, &s);
}

/* At the end of the file: every stay still open had no complete. */
static int close_open(reader *r) {
    for (uint32_t id = 0; id < r->keys.count && id < r->ocap; id++)
        if (r->ostart[id] != SF_T_NONE) {
            int e = skip(r, SF_R_UNPAIRED, r->oline[id], 1,
                         "a start without a complete (instance '%s')", sf_intern_str(&r->keys, id));
            if (e)
                return e;
        }
    return 0;
}

/* ---- setup: header, mapping, time formats ---------------------------------- */

static int read_header(reader *r) {
    csv_in *c = r->c;
    /* the first line: up to LF, unless a CR alone ends it first */
    for (;;) {
        const char *b = c->buf + c->pos;
        size_t avail = c->len - c->pos;
        const char *nl = memchr(b, '\n', avail);
        const char *cr = memchr(b, '\r', nl ? (size_t)(nl - b) : avail);
        if (cr && cr + 1 < b + avail && cr[1] != '\n') {
            /* old Mac exports end lines with CR alone: read each as LF */
            c->cr_only = 1;
            r->rep->cr_only = 1;
            for (char *q = c->buf + c->pos, *e = c->buf + c->len;
                 (q = memchr(q, '\r', (size_t)(e - q)));)
                *q++ = '\n';
            break;
        }
        if (nl || c->eof || csv_fill(c))
            break;
    }
    if (!r->delim) {
        /* detect from the first line */
        const char *b = c->buf + c->pos;
        const char *nl = memchr(b, '\n', c->len - c->pos);
        size_t ll = nl ? (size_t)(nl - b) : c->len - c->pos;
        sf_str tmp[1];
        sf_csv_split_header(b, ll, 0, tmp, 1, &r->delim);
    }
    int k = csv_next(c, r->delim);
    if (k < 0 && c->ioerr)
        return sf_flow_gz_fail(c->gz, r->name, 0, r->d);
    if (k < 0)
        return sf_diag_set(r->d, SF_ERR_SYNTAX, r->name, 0, 0, "the header is longer than 64 MiB");
    if (k == 0)
        return sf_diag_set(r->d, SF_ERR_SYNTAX, r->name, 1, 0,
                           "the file is empty: expected a header line naming the columns");
    for (int i = 0; i < c->nf; i++) {
        ptrdiff_t at = sf_flow_control_at(c->f[i].s, c->f[i].len);
        if (at >= 0)
            return sf_diag_set(r->d, SF_ERR_SYNTAX, r->name, 1, (int)csv_fcol(c, i) + (int)at,
                               "not a text file: byte 0x%02X in the header (a spreadsheet .xlsx, "
                               "or another binary file? save it as CSV)",
                               (unsigned char)c->f[i].s[at]);
    }
    for (int i = 0; i < c->nf; i++)
        if (!sf_flow_utf8_valid(c->f[i].s, c->f[i].len))
            return sf_diag_set(r->d, SF_ERR_SYNTAX, r->name, 1, (int)csv_fcol(c, i),
                               "the header is not valid UTF-8 (a Windows-1252 or Latin-1 "
                               "export?): convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8");
    if (c->nf <= 0)
        return sf_diag_set(r->d, SF_ERR_SYNTAX, r->name, 1, 0, "no columns in the header");
    r->ncols = c->nf;
    size_t ncols = (size_t)c->nf;
    r->hdr = calloc(ncols, sizeof *r->hdr);
    r->hcols = calloc(ncols, sizeof *r->hcols);
    if (!r->hdr || !r->hcols)
        return SF_ERR_NOMEM;
    for (int i = 0; i < c->nf; i++) {
        sf_str s = c->f[i];
        while (s.len && (s.s[0] == ' ' || s.s[0] == '\t')) {
            s.s++;
            s.len--;
        }
        while (s.len && (s.s[s.len - 1] == ' ' || s.s[s.len - 1] == '\t'))
            s.len--;
        r->hdr[i] = malloc(s.len + 1);
        if (!r->hdr[i])
            return SF_ERR_NOMEM;
        memcpy(r->hdr[i], s.s, s.len);
        r->hdr[i][s.len] = 0;
        r->hcols[i] = (sf_str){r->hdr[i], s.len};
    }
    return 0;
}

static int resolve_map(reader *r) {
    const sf_flow_read_opts *o = r->o;
    sf_flow_read_report *rep = r->rep;
    for (int f = 0; f < SF_C_N; f++)
        r->map[f] = -1;
    r->ignore_idx = -1;
    const sf_flow_preset *p = NULL;
    char list[1024];
    sf_flow_join_header(r->hcols, r->ncols, list, sizeof list);
    if (o->preset && strcasecmp(o->preset, "auto")) {
        p = sf_flow_preset_find(o->preset);
        if (!p)
            return sf_diag_set(
                r->d, SF_ERR_ARG, NULL, 0, 0,
                "unknown preset '%s' (presets: samflyt, mimic-transfers, mimic3-transfers, "
                "synthea-encounters, bupar)",
                o->preset);
    } else if (!o->map) {
        p = sf_flow_preset_detect(r->hcols, r->ncols);
    }
    if (p) {
        int e = sf_flow_apply_map(p->map, r->hcols, r->ncols, 1, r->map, "preset", r->d, r->name);
        if (e)
            return e;
        snprintf(rep->preset, sizeof rep->preset, "%s", p->name);
        if (p->ignore_col) {
            r->ignore_idx =
                sf_flow_header_find(r->hcols, r->ncols, p->ignore_col, strlen(p->ignore_col));
            r->ignore_val = p->ignore_val;
        }
    } else if (!o->map) {
        sf_flow_guess_cols(r->hcols, r->ncols, r->map);
        snprintf(rep->preset, sizeof rep->preset, "guessed");
        r->guessed = 1;
    } else {
        snprintf(rep->preset, sizeof rep->preset, "map");
    }
    if (o->map) {
        int e = sf_flow_apply_map(o->map, r->hcols, r->ncols, 0, r->map, "--map", r->d, r->name);
        if (e)
            return e;
    }
    /* what the rows need */
    r->log = r->map[SF_C_LIFECYCLE] >= 0 || (r->map[SF_C_TIME] >= 0 && r->map[SF_C_START] < 0);
    const char *missing = NULL;
    if (r->map[SF_C_PATIENT] < 0)
        missing = "patient";
    else if (r->map[SF_C_UNIT] < 0)
        missing = "unit";
    else if (r->log && r->map[SF_C_TIME] < 0)
        missing = "time";
    else if (r->log && r->map[SF_C_LIFECYCLE] < 0)
        missing = "lifecycle";
    else if (!r->log && r->map[SF_C_START] < 0)
        missing = "start";
    else if (!r->log && r->map[SF_C_END] < 0)
        missing = "end";
    if (missing)
        return sf_diag_set(r->d, SF_ERR_SYNTAX, r->name, 1, 0,
                           "no column for %s (columns: %s): give --map %s=COLUMN or a --preset; "
                           "`samflyt flow --guess FILE` suggests a mapping",
                           missing, list, missing);
    for (int f = 0; f < SF_C_N; f++)
        if (r->map[f] >= 0)
            snprintf(rep->column[f], sizeof rep->column[f], "%s", r->hdr[r->map[f]]);
    return 0;
}

/* Sniffs the time columns over the first CSV_SAMPLE rows, and on until a
 * dd/mm-or-mm/dd column is decided (or the file ends), then rewinds. */
static int detect_formats(reader *r) {
    int tcols[SF_C_N], nt = 0;
    for (int f = 0; f < SF_C_N; f++)
        if (sf_flow_col_is_time((sf_flow_col)f) && r->map[f] >= 0)
            tcols[nt++] = f;
    if (!nt)
        return 0;
    uint64_t cnt[SF_C_N][SF_TF_N];
    memset(cnt, 0, sizeof cnt);
    int off[SF_C_N] = {0};
    csv_in *c = r->c;
    uint64_t starts = 0, completes = 0;
    c->marking = 1;
    c->mark = c->pos;
    uint64_t mark_line = c->line;
    for (uint64_t row = 0;; row++) {
        int undecided = 0;
        if (row >= CSV_SAMPLE) {
            for (int k = 0; k < nt; k++) {
                uint64_t *n = cnt[tcols[k]];
                uint64_t slash = n[SF_TF_SLASH] + n[SF_TF_DMY_SLASH] + n[SF_TF_MDY_SLASH];
                if (slash && !n[SF_TF_DMY_SLASH] && !n[SF_TF_MDY_SLASH] && !r->o->slash)
                    undecided = 1;
            }
            if (!undecided)
                break;
        }
        int k = csv_next(c, r->delim);
        if (k < 0 && c->ioerr)
            return sf_flow_gz_fail(c->gz, r->name, c->line, r->d);
        if (k <= 0)
            break; /* the end, the sample full, or a record too long (read_all says) */
        if (c->nf != r->ncols)
            continue;
        if (r->log) {
            int kind = sf_flow_lifecycle_kind(fld(r, SF_C_LIFECYCLE));
            starts += kind == 1;
            completes += kind == 2;
        }
        for (int j = 0; j < nt; j++) {
            sf_str v = fld(r, (sf_flow_col)tcols[j]);
            if (!v.len)
                continue;
            cnt[tcols[j]][sf_time_sniff(v.s, v.len)]++;
            if (cnt[tcols[j]][SF_TF_ISO] && sf_time_has_offset(v.s, v.len)) {
                off[tcols[j]] = 1;
                sf_flow_note_offset(r->rep, &r->o->tz, v.s, v.len);
            }
        }
    }
    for (int j = 0; j < nt; j++) {
        int f = tcols[j];
        uint64_t *n = cnt[f];
        uint64_t slash = n[SF_TF_SLASH] + n[SF_TF_DMY_SLASH] + n[SF_TF_MDY_SLASH];
        sf_time_fmt best = SF_TF_UNKNOWN;
        uint64_t bn = 0;
        static const sf_time_fmt fams[] = {SF_TF_ISO, SF_TF_DMY_DOT, SF_TF_YMD_SLASH, SF_TF_EPOCH,
                                           SF_TF_EPOCH_MS};
        for (size_t q = 0; q < sizeof fams / sizeof fams[0]; q++)
            if (n[fams[q]] > bn) {
                bn = n[fams[q]];
                best = fams[q];
            }
        if (slash > bn) {
            /* day first unless only month-first evidence (or more of it) */
            if (r->o->slash)
                best = r->o->slash;
            else if (n[SF_TF_MDY_SLASH] > n[SF_TF_DMY_SLASH])
                best = SF_TF_MDY_SLASH;
            else if (n[SF_TF_DMY_SLASH])
                best = SF_TF_DMY_SLASH;
            else
                best = SF_TF_SLASH;
        }
        r->fmt[f] = best;
        r->rep->fmt[f] = best;
        r->rep->offset[f] = off[f];
    }
    if (r->guessed && r->log && !starts && completes) {
        /* A log of complete events only (the Sepsis log, many XES
         * exports): nothing to pair, so the guessed log mapping would keep
         * no stay. Each event becomes an instant, start = end = its time;
         * the summary says so (rep->instants). */
        int tc = r->map[SF_C_TIME];
        r->map[SF_C_START] = r->map[SF_C_END] = tc;
        r->fmt[SF_C_START] = r->fmt[SF_C_END] = r->fmt[SF_C_TIME];
        r->map[SF_C_TIME] = r->map[SF_C_LIFECYCLE] = r->map[SF_C_INSTANCE] = -1;
        r->log = 0;
        sf_flow_read_report *rep = r->rep;
        for (int f = 0; f < SF_C_N; f++) {
            rep->column[f][0] = 0;
            if (r->map[f] >= 0)
                snprintf(rep->column[f], sizeof rep->column[f], "%s", r->hdr[r->map[f]]);
        }
        rep->fmt[SF_C_START] = rep->fmt[SF_C_END] = rep->fmt[SF_C_TIME];
        rep->offset[SF_C_START] = rep->offset[SF_C_END] = rep->offset[SF_C_TIME];
        rep->fmt[SF_C_TIME] = SF_TF_UNKNOWN;
        rep->instants = 1;
    }
    /* back to the first row */
    c->pos = c->mark;
    c->line = mark_line;
    c->marking = c->full = 0;
    return 0;
}

/* A record that failed (bad quoting, or the wrong number of fields) and
 * runs over several lines: a quote opened on its first line was not
 * closed where the field ended, and every line up to the next quote in
 * the file went into it. Those lines are lost from the data, so unless
 * the user asked to skip such records this stops the run. */
static int broken_record(reader *r, uint64_t last) {
    csv_in *c = r->c;
    sf_flow_read_report *rep = r->rep;
    uint64_t from = c->rec_line, n = last - from + 1;
    uint32_t col = 1;
    for (int i = 0; i < c->nf; i++)
        if (memchr(c->f[i].s, '\n', c->f[i].len)) {
            col = csv_fcol(c, i);
            break;
        }
    if (!rep->broken) {
        rep->broken_from = from;
        rep->broken_to = last;
    }
    rep->broken++;
    rep->broken_lines += n;
    sf_flow_report_skip(rep, SF_R_QUOTE, from);
    if (r->o->skip_bad && !r->o->strict)
        return 0;
    return sf_diag_set(r->d, SF_ERR_SYNTAX, r->name, (int)(from > INT32_MAX ? 0 : from), (int)col,
                       "broken quoting: a quoted field opened here does not close where it "
                       "should, and the record runs from line %llu to line %llu (%llu lines that "
                       "would be lost); fix the quote, or give --skip-bad to skip these lines",
                       (unsigned long long)from, (unsigned long long)last, (unsigned long long)n);
}

static int value_is(sf_str v, const char *s) {
    return v.len == strlen(s) && !strncasecmp(v.s, s, v.len);
}

/* Names the next record's patient to the intern table while this record
 * is still to be worked on (sf_intern_prefetch). Only a look into what is
 * already in the buffer, and only a hint: a quote, a short buffer or
 * padding just leave it out. With patients in random order this took the
 * patient lookup from 23 % of `samflyt flow` on 10^7 rows to 5 % (4.65 ->
 * 4.05 s). */
static void prefetch_next_patient(const reader *r) {
    const csv_in *c = r->c;
    const char *p = c->buf + c->pos, *e = c->buf + c->len;
    if (e - p > 512)
        e = p + 512;
    for (int f = 0; f < r->map[SF_C_PATIENT]; f++) {
        const char *q = memchr(p, r->delim, (size_t)(e - p));
        if (!q)
            return;
        p = q + 1;
    }
    const char *q = p;
#ifdef __SSE2__
    /* the value's end among 16 bytes at once (most ids are shorter) */
    if (e - p >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(r->delim)),
                                              _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\r')),
                                              _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))));
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        q = bits ? p + __builtin_ctz(bits) : p + 16;
    }
#endif
    while (q < e && *q != r->delim && *q != '\n' && *q != '\r' && *q != '"')
        q++;
    if (q < e && *q != '"')
        sf_intern_prefetch(&r->t->names[SF_F_PATIENT], p, (size_t)(q - p));
}

static int read_all(reader *r) {
    int e = read_header(r);
    if (!e)
        e = resolve_map(r);
    if (!e)
        e = detect_formats(r);
    if (e)
        return e;
    r->rep->delim = r->delim;
    csv_in *c = r->c;
    for (int f = 0; f < SF_C_N; f++)
        r->idx[f] = r->map[f] >= 0 ? r->map[f] : r->ncols;
    if (fields_room(c, r->ncols + 1))
        return SF_ERR_NOMEM;
    /* the fast path inline here, where the rows are read (csv_next tries
     * it too, for the header and the sample) */
    int fast = r->delim != '\n' && r->delim != '\r' && r->delim != '"';
    for (;;) {
        int k = fast && c->pos < c->len ? csv_fast(c, r->delim) : 0;
        if (!k)
            k = csv_next(c, r->delim);
        if (k < 0 && c->ioerr)
            return sf_flow_gz_fail(c->gz, r->name, c->line, r->d);
        if (k < 0)
            return sf_diag_set(r->d, SF_ERR_SYNTAX, r->name,
                               (int)(c->line > INT32_MAX ? 0 : c->line), 0,
                               "a record longer than 64 MiB (an unclosed quote?)");
        if (!k)
            break;
        if ((e = sf_flow_read_cancelled(r->o, ++r->rep->rows, r->name, c->rec_line, r->d)))
            return e;
        uint64_t last = c->line - 1; /* the record's last line */
        if ((c->badquote || c->nf != r->ncols) && last > c->rec_line) {
            e = broken_record(r, last);
            if (e)
                return e;
            continue;
        }
        if (c->badquote) {
            e = skip(r, SF_R_QUOTE, c->rec_line, 1,
                     "malformed quoting: a quoted field must end with \" followed by the "
                     "delimiter or the end of the line");
            if (e)
                return e;
            continue;
        }
        if (c->nf != r->ncols) {
            e = skip(r, SF_R_FIELDS, c->rec_line, 1,
                     "%d fields, expected %d like the header (delimiter '%s')", c->nf, r->ncols,
                     r->delim == '\t' ? "\\t" : (char[2]){r->delim, 0});
            if (e)
                return e;
            continue;
        }
        if (r->ignore_idx >= 0 && value_is(c->f[r->ignore_idx], r->ignore_val)) {
            r->rep->ignored++;
            continue;
        }
        c->f[r->ncols] = (sf_str){"", 0}; /* for the fields the file has not (idx) */
        if (!r->log)
            prefetch_next_patient(r);
        e = r->log ? row_event(r) : row_stay(r);
        if (e)
            return e;
    }
    return r->log ? close_open(r) : 0;
}

static int read_csv(csv_in *c, const char *name, const sf_flow_read_opts *o, sf_stays *t,
                    sf_flow_read_report *rep, sf_diag *d) {
    sf_flow_report_init(rep, name, "csv");
    reader r = {0};
    r.name = name;
    r.o = o;
    r.t = t;
    r.rep = rep;
    r.d = d;
    r.c = c;
    r.delim = o->delim;
    /* a buffer in memory needs no more than its length (fuzzing calls
     * this many times a second); a file gets the full buffer */
    c->cap = c->gz || c->memlen + 1 >= CSV_BUF0 ? CSV_BUF0
                                                : (c->memlen + 1 < 4096 ? 4096 : c->memlen + 1);
    c->buf = malloc(c->cap);
    c->line = 1;
    c->first = 1;
    int e = c->buf ? read_all(&r) : SF_ERR_NOMEM;
    if (e == SF_ERR_NOMEM && d && !d->msg[0])
        sf_diag_set(d, e, name, 0, 0, "out of memory");
    if (c->gz)
        rep->gzip = !gzdirect(c->gz);
    reader_free(&r);
    free(c->buf);
    free(c->f);
    free(c->fcol);
    free(c->scratch);
    return e;
}

int sf_flow_read_csv_gz(gzFile gz, const char *pre, size_t prelen, const char *name,
                        const sf_flow_read_opts *o, sf_stays *t, sf_flow_read_report *rep,
                        sf_diag *d) {
    csv_in c = {0};
    c.gz = gz;
    c.pre = pre;
    c.prelen = prelen;
    return read_csv(&c, name, o, t, rep, d);
}

int sf_flow_read_csv(const char *path, const sf_flow_read_opts *o, sf_stays *t,
                     sf_flow_read_report *rep, sf_diag *d) {
    gzFile gz;
    int e = sf_flow_open(path, &gz, d);
    if (e) {
        sf_flow_report_init(rep, path, "csv");
        return e;
    }
    e = sf_flow_read_csv_gz(gz, NULL, 0, path, o, t, rep, d);
    gzclose(gz);
    return e;
}

int sf_flow_read_csv_buffer(const char *name, const char *data, size_t len,
                            const sf_flow_read_opts *o, sf_stays *t, sf_flow_read_report *rep,
                            sf_diag *d) {
    csv_in c = {0};
    c.mem = data;
    c.memlen = len;
    return read_csv(&c, name, o, t, rep, d);
}
