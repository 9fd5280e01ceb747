/* fhir.c: HL7 FHIR R4 Encounter resources into stays (ingest.h), from
 * NDJSON (bulk-data export: one resource per line, read a line at a time)
 * or a Bundle (entry[].resource) or JSON array of resources, on one line
 * or many, read an entry at a time (read_stream); the first value says
 * which (probe_object).
 *
 * The mapping (docs/ingest.md has the full table):
 *   patient   subject.reference ("Patient/" prefix dropped)
 *   stays     one per location[] entry with its period (unit: location.display,
 *             else location.reference without "Location/"); without location[]
 *             one stay over Encounter.period at serviceType (text, coding
 *             display or code), else class.code
 *   org       serviceProvider.display, else .reference
 *   class     class.code
 *   provider  the first participant[].individual (display, else reference)
 *   from/to   between the locations of one encounter; hospitalization.
 *             admitSource before the first, dischargeDisposition after the
 *             last ("home" = went home)
 *   ready     extension https://samflyt.no/fhir/StructureDefinition/
 *             ready-for-discharge (valueDateTime) on the Encounter (the last
 *             location) or on a location[] entry; or the period.start of a
 *             statusHistory[] entry carrying that extension
 *   zone      extension https://samflyt.no/fhir/StructureDefinition/home-zone
 *             (valueString or valueCode)
 * Times without an offset are local in the stated zone. */
#include "flow/ingest_impl.h"
#include "flow/json.h"

#include "core/diag.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define FHIR_READY_URL "https://samflyt.no/fhir/StructureDefinition/ready-for-discharge"
#define FHIR_ZONE_URL "https://samflyt.no/fhir/StructureDefinition/home-zone"
#define FHIR_MAX_DOC (1u << 30) /* a line, or one entry of a Bundle: at most 1 GiB */

typedef struct fctx {
    const char *name;
    const sf_flow_read_opts *o;
    sf_stays *t;
    sf_flow_read_report *rep;
    sf_diag *d;
} fctx;

static int fskip(fctx *c, sf_flow_reason why, int line, int col, const char *msg) {
    sf_flow_report_skip(c->rep, why, (uint64_t)(line > 0 ? line : 0));
    if (!c->o->strict)
        return 0;
    return sf_diag_set(c->d, SF_ERR_SYNTAX, c->name, line, col, "%s (--strict)", msg);
}

static sf_str jstr(const sf_json *j) {
    return j && j->type == SF_J_STR ? (sf_str){j->s, j->len} : (sf_str){"", 0};
}

static sf_str drop_prefix(sf_str s, const char *prefix) {
    size_t l = strlen(prefix);
    if (s.len > l && !memcmp(s.s, prefix, l))
        return (sf_str){s.s + l, s.len - l};
    return s;
}

/* A Reference: display, else reference without the resource-type prefix. */
static sf_str ref_name(const sf_json *r, const char *prefix) {
    sf_str d = jstr(sf_json_get(r, "display"));
    if (d.len)
        return d;
    return drop_prefix(jstr(sf_json_get(r, "reference")), prefix);
}

/* A CodeableConcept's code (first coding), else its text. */
static sf_str concept_code(const sf_json *cc) {
    const sf_json *codings = sf_json_get(cc, "coding");
    if (codings && codings->type == SF_J_ARR)
        for (const sf_json *k = codings->kids; k; k = k->next) {
            sf_str s = jstr(sf_json_get(k, "code"));
            if (s.len)
                return s;
        }
    return jstr(sf_json_get(cc, "text"));
}

/* serviceType: text, else the first coding's display, else its code. */
static sf_str concept_name(const sf_json *cc) {
    if (cc && cc->type == SF_J_ARR) /* R5 has a list; accept both */
        cc = cc->kids;
    sf_str t = jstr(sf_json_get(cc, "text"));
    if (t.len)
        return t;
    const sf_json *codings = sf_json_get(cc, "coding");
    if (codings && codings->type == SF_J_ARR && codings->kids) {
        sf_str s = jstr(sf_json_get(codings->kids, "display"));
        if (s.len)
            return s;
        return jstr(sf_json_get(codings->kids, "code"));
    }
    return (sf_str){"", 0};
}

/* The extension with url on element el: its value node (NULL if none). */
static const sf_json *extension(const sf_json *el, const char *url, const char *vkey,
                                const char *vkey2) {
    const sf_json *ex = sf_json_get(el, "extension");
    if (!ex || ex->type != SF_J_ARR)
        return NULL;
    for (const sf_json *k = ex->kids; k; k = k->next) {
        sf_str u = jstr(sf_json_get(k, "url"));
        if (u.len == strlen(url) && !memcmp(u.s, url, u.len)) {
            const sf_json *v = sf_json_get(k, vkey);
            if (!v && vkey2)
                v = sf_json_get(k, vkey2);
            return v ? v : k; /* the extension itself: "present, no value" */
        }
    }
    return NULL;
}

/* A FHIR dateTime node: 0 with *t (SF_T_NONE if absent), 1 skipped, <0. */
static int ftime(fctx *c, const sf_json *j, const char *what, int64_t *t) {
    *t = SF_T_NONE;
    if (!j)
        return 0;
    size_t col = 0;
    char msg[200];
    if (j->type == SF_J_STR) {
        sf_time_fmt f = sf_time_sniff(j->s, j->len);
        if (f == SF_TF_ISO && !sf_time_parse(j->s, j->len, f, &c->o->tz, t, &col)) {
            if (sf_time_has_offset(j->s, j->len)) {
                c->rep->offset[SF_C_START] = c->rep->offset[SF_C_END] = 1;
                if (c->rep->rows <= 1000) /* a sample, as CSV has */
                    sf_flow_note_offset(c->rep, &c->o->tz, j->s, j->len);
            }
            return 0;
        }
    }
    snprintf(msg, sizeof msg,
             "bad time in %s: expected a FHIR dateTime like 2024-03-01T08:15:00+01:00", what);
    int e = fskip(c, SF_R_TIME, j->line, j->col, msg);
    return e ? e : 1;
}

static int add(fctx *c, const sf_stay_row *r) {
    if (sf_stays_append(c->t, r))
        return sf_diag_set(c->d, SF_ERR_NOMEM, c->name, 0, 0, "out of memory");
    c->rep->stays++;
    if (r->start < c->rep->tmin)
        c->rep->tmin = r->start;
    if (r->end > c->rep->tmax)
        c->rep->tmax = r->end;
    return 0;
}

#define FHIR_MAX_LOC 256

/* One resource (line: where it starts). */
static int encounter(fctx *c, const sf_json *res) {
    int line = res->line, col = res->col;
    int e = sf_flow_read_cancelled(c->o, ++c->rep->rows, c->name, (uint64_t)line, c->d);
    if (e)
        return e;
    if (res->type != SF_J_OBJ)
        return fskip(c, SF_R_RESOURCE, line, col, "expected a FHIR resource (a JSON object)");
    sf_str rt = jstr(sf_json_get(res, "resourceType"));
    if (!(rt.len == 9 && !memcmp(rt.s, "Encounter", 9))) {
        char msg[120];
        snprintf(msg, sizeof msg, "resourceType '%.*s': expected Encounter",
                 (int)(rt.len > 40 ? 40 : rt.len), rt.s);
        return fskip(c, SF_R_RESOURCE, line, col, msg);
    }
    sf_stay_row base = {0};
    base.line = (uint64_t)(line > 0 ? line : 0);
    base.patient = drop_prefix(jstr(sf_json_path(res, "subject", "reference")), "Patient/");
    if (!base.patient.len)
        return fskip(c, SF_R_PATIENT, line, col,
                     "missing patient: expected subject.reference like \"Patient/123\"");
    base.org = ref_name(sf_json_get(res, "serviceProvider"), "Organization/");
    base.cls = jstr(sf_json_path(res, "class", "code"));
    const sf_json *parts = sf_json_get(res, "participant");
    if (parts && parts->type == SF_J_ARR)
        for (const sf_json *p = parts->kids; p && !base.provider.len; p = p->next)
            base.provider = ref_name(sf_json_get(p, "individual"), "Practitioner/");
    const sf_json *zv = extension(res, FHIR_ZONE_URL, "valueString", "valueCode");
    base.zone = jstr(zv);
    const sf_json *hosp = sf_json_get(res, "hospitalization");
    sf_str admit = concept_code(sf_json_get(hosp, "admitSource"));
    sf_str disp = concept_code(sf_json_get(hosp, "dischargeDisposition"));
    if (disp.len == 4 && !memcmp(disp.s, "home", 4))
        disp = (sf_str){"", 0};

    const sf_json *period = sf_json_get(res, "period");
    int64_t pstart, pend, ready;
    if ((e = ftime(c, sf_json_get(period, "start"), "period.start", &pstart)) ||
        (e = ftime(c, sf_json_get(period, "end"), "period.end", &pend)))
        return e < 0 ? e : 0;
    if ((e = ftime(c, extension(res, FHIR_READY_URL, "valueDateTime", NULL),
                   "the ready-for-discharge extension", &ready)))
        return e < 0 ? e : 0;
    const sf_json *sh = sf_json_get(res, "statusHistory");
    if (ready == SF_T_NONE && sh && sh->type == SF_J_ARR)
        for (const sf_json *h = sh->kids; h; h = h->next)
            if (extension(h, FHIR_READY_URL, "valueBoolean", NULL)) {
                if ((e = ftime(c, sf_json_path(h, "period", "start"), "statusHistory.period.start",
                               &ready)))
                    return e < 0 ? e : 0;
                break;
            }

    /* the stays: one per location with a period, else one for the encounter */
    sf_stay_row rows[FHIR_MAX_LOC];
    int n = 0;
    const sf_json *locs = sf_json_get(res, "location");
    int nloc = 0;
    if (locs && locs->type == SF_J_ARR)
        for (const sf_json *l = locs->kids; l; l = l->next)
            nloc++;
    if (nloc > FHIR_MAX_LOC)
        return fskip(c, SF_R_RESOURCE, line, col, "more than 256 locations in one Encounter");
    if (nloc) {
        for (const sf_json *l = locs->kids; l; l = l->next) {
            sf_stay_row r = base;
            r.unit = ref_name(sf_json_get(l, "location"), "Location/");
            if (!r.unit.len)
                return fskip(c, SF_R_UNIT, l->line, l->col,
                             "missing unit: expected location[].location.display or .reference");
            const sf_json *lp = sf_json_get(l, "period");
            if ((e = ftime(c, sf_json_get(lp, "start"), "location.period.start", &r.start)) ||
                (e = ftime(c, sf_json_get(lp, "end"), "location.period.end", &r.end)))
                return e < 0 ? e : 0;
            if (!lp && nloc == 1) {
                r.start = pstart;
                r.end = pend;
            }
            if ((e = ftime(c, extension(l, FHIR_READY_URL, "valueDateTime", NULL),
                           "the location's ready-for-discharge extension", &r.ready)))
                return e < 0 ? e : 0;
            r.arrive = SF_T_NONE;
            rows[n++] = r;
        }
        if (ready != SF_T_NONE && rows[n - 1].ready == SF_T_NONE)
            rows[n - 1].ready = ready;
        /* a location without an end that another follows ended when the
         * next began; only the last can still be open */
        for (int i = 0; i + 1 < n; i++)
            if (rows[i].end == SF_T_NONE)
                rows[i].end = rows[i + 1].start;
    } else {
        sf_stay_row r = base;
        r.unit = concept_name(sf_json_get(res, "serviceType"));
        if (!r.unit.len)
            r.unit = base.cls;
        if (!r.unit.len)
            return fskip(c, SF_R_UNIT, line, col,
                         "missing unit: expected location[], serviceType or class.code");
        r.start = pstart;
        r.end = pend;
        r.arrive = SF_T_NONE;
        r.ready = ready;
        rows[n++] = r;
    }
    /* check every stay before adding any: an encounter is kept whole */
    for (int i = 0; i < n; i++) {
        const sf_str *names[] = {&rows[i].patient, &rows[i].unit, &rows[i].org, &rows[i].cls,
                                 &rows[i].zone,    &admit,        &disp,        &rows[i].provider};
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
            if (sf_flow_control_at(names[k]->s, names[k]->len) >= 0)
                return fskip(c, SF_R_CONTROL, line, col,
                             "a control character (\\u0000..\\u001f, tab) in a name: it would "
                             "print like another name and count apart; clean the export");
        /* no end: still in care at the extract's end (an open stay) */
        if (rows[i].start == SF_T_NONE)
            return fskip(c, SF_R_NOTIME, line, col, "missing time: a stay needs period.start");
        if (rows[i].end != SF_T_NONE && rows[i].end < rows[i].start)
            return fskip(c, SF_R_ORDER, line, col, "period.end is before period.start");
        if (rows[i].ready != SF_T_NONE &&
            (rows[i].ready < rows[i].start ||
             (rows[i].end != SF_T_NONE && rows[i].ready > rows[i].end)))
            return fskip(c, SF_R_ORDER, line, col,
                         "the ready-for-discharge time is outside the stay's period");
    }
    for (int i = 0; i < n; i++) {
        rows[i].from = i ? rows[i - 1].unit : admit;
        rows[i].to = i + 1 < n ? rows[i + 1].unit : disp;
        if ((e = add(c, &rows[i])))
            return e;
    }
    return 0;
}

/* A parsed document: a Bundle's entries, or one resource. */
static int document(fctx *c, const sf_json *doc) {
    if (doc->type == SF_J_ARR) {
        /* a plain array of resources, as some exports write */
        for (const sf_json *res = doc->kids; res; res = res->next) {
            int e = encounter(c, res);
            if (e)
                return e;
        }
        return 0;
    }
    sf_str rt = jstr(sf_json_get(doc, "resourceType"));
    if (rt.len == 6 && !memcmp(rt.s, "Bundle", 6)) {
        const sf_json *entries = sf_json_get(doc, "entry");
        if (!entries || entries->type != SF_J_ARR)
            return 0;
        for (const sf_json *en = entries->kids; en; en = en->next) {
            const sf_json *res = sf_json_get(en, "resource");
            int e = encounter(c, res ? res : en);
            if (e)
                return e;
        }
        return 0;
    }
    return encounter(c, doc);
}

/* The input, a line at a time, plain or gzip'd or in memory. */
typedef struct lines {
    gzFile gz;
    const char *pre; /* bytes already read from gz (the sniff), read first */
    size_t prelen, prepos;
    const char *mem;
    size_t memlen, mempos;
    char *buf;
    size_t cap, len, pos;
    int eof;
} lines;

static int lines_fill(lines *l) {
    if (l->pos) {
        memmove(l->buf, l->buf + l->pos, l->len - l->pos);
        l->len -= l->pos;
        l->pos = 0;
    }
    if (l->len == l->cap) {
        if (l->cap >= FHIR_MAX_DOC)
            return -1;
        char *b = realloc(l->buf, l->cap ? l->cap * 2 : 1u << 16);
        if (!b)
            return -1;
        l->buf = b;
        l->cap = l->cap ? l->cap * 2 : 1u << 16;
    }
    size_t want = l->cap - l->len, got;
    if (l->prepos < l->prelen) {
        got = l->prelen - l->prepos < want ? l->prelen - l->prepos : want;
        memcpy(l->buf + l->len, l->pre + l->prepos, got);
        l->prepos += got;
    } else if (l->gz) {
        int r = gzread(l->gz, l->buf + l->len, want > (1u << 30) ? 1u << 30 : (unsigned)want);
        /* 0 at the end: a cut or damaged stream also ends so */
        if (r < 0 || (r == 0 && sf_flow_gz_bad(l->gz)))
            return -2;
        got = (size_t)r;
    } else {
        got = l->memlen - l->mempos < want ? l->memlen - l->mempos : want;
        if (got)
            memcpy(l->buf + l->len, l->mem + l->mempos, got);
        l->mempos += got;
    }
    l->len += got;
    if (!got)
        l->eof = 1;
    return 0;
}

/* The next line (without \n): 1, 0 at the end, <0 error. */
static int lines_next(lines *l, const char **s, size_t *n) {
    for (;;) {
        char *nl = l->buf ? memchr(l->buf + l->pos, '\n', l->len - l->pos) : NULL;
        if (nl || (l->eof && l->pos < l->len)) {
            size_t end = nl ? (size_t)(nl - l->buf) : l->len;
            *s = l->buf + l->pos;
            *n = end - l->pos;
            l->pos = nl ? end + 1 : end;
            return 1;
        }
        if (l->eof)
            return 0;
        int e = lines_fill(l);
        if (e)
            return e;
    }
}

/* ---- a document over many lines, an entry at a time ----------------------
 * A pretty-printed Bundle, or a JSON array of resources, is one document
 * that can be as large as the export. It is scanned, not parsed: strings
 * and brackets only, to find where each entry (array element) begins and
 * ends; each entry is then parsed strictly on its own and dropped, so
 * memory holds one entry, not the file (as NDJSON holds one line). A
 * Bundle's members before "entry" stay in the buffer until "entry" comes;
 * an object without it, or whose resourceType is not "Bundle" before it,
 * is parsed whole. */
typedef struct scan {
    fctx *c;
    lines *l;
    size_t i;         /* the next byte: an index into l->buf */
    size_t keep;      /* bytes from here on must stay in the buffer */
    int line;         /* line of buf[i] */
    ptrdiff_t lstart; /* index of that line's first byte (< 0 once moved) */
    int err;          /* a read error, already in the diagnostics */
} scan;

static int sc_col(const scan *s) { return (int)((ptrdiff_t)s->i - s->lstart) + 1; }

/* The next byte, reading more when needed; -1 at the end (or on error). */
static int sc_peek(scan *s) {
    while (s->i >= s->l->len) {
        if (s->l->eof || s->err)
            return -1;
        size_t shift = s->keep;
        s->l->pos = s->keep;
        int k = lines_fill(s->l);
        if (k) {
            s->err = k == -2 ? sf_flow_gz_fail(s->l->gz, s->c->name, (uint64_t)s->line, s->c->d)
                             : sf_diag_set(s->c->d, SF_ERR_SYNTAX, s->c->name, s->line, 0,
                                           "one JSON value (an entry, or a document read "
                                           "whole) longer than 1 GiB");
            return -1;
        }
        s->i -= shift;
        s->keep -= shift;
        s->lstart -= (ptrdiff_t)shift;
    }
    return (unsigned char)s->l->buf[s->i];
}

static void sc_adv(scan *s) {
    if (s->l->buf[s->i] == '\n') {
        s->line++;
        s->lstart = (ptrdiff_t)s->i + 1;
    }
    s->i++;
}

static int sc_ws(scan *s) {
    int ch;
    while ((ch = sc_peek(s)) == ' ' || ch == '\t' || ch == '\r' || ch == '\n')
        sc_adv(s);
    return ch;
}

/* Over a string from its opening quote: 0, or -1 when it does not end on
 * its line. */
static int sc_string(scan *s) {
    sc_adv(s);
    for (int ch; (ch = sc_peek(s)) >= 0;) {
        if (ch == '\n')
            return -1;
        sc_adv(s);
        if (ch == '"')
            return 0;
        if (ch == '\\') {
            if ((ch = sc_peek(s)) < 0 || ch == '\n')
                return -1;
            sc_adv(s);
        }
    }
    return -1;
}

/* Over one value: 0, or -1 where none can be (the strict parse of the
 * entry says what is wrong inside one). */
static int sc_value(scan *s) {
    int depth = 0, ch;
    while ((ch = sc_peek(s)) >= 0) {
        if (ch == '"') {
            if (sc_string(s))
                return -1;
        } else if (ch == '{' || ch == '[') {
            depth++;
            sc_adv(s);
            continue;
        } else if (ch == '}' || ch == ']') {
            if (!depth)
                return -1;
            depth--;
            sc_adv(s);
        } else if (depth) {
            sc_adv(s);
            continue;
        } else {
            /* a number or literal at the top: up to a delimiter */
            size_t n = 0;
            while ((ch = sc_peek(s)) >= 0 && ch != ',' && ch != ']' && ch != '}' && ch != ' ' &&
                   ch != '\t' && ch != '\r' && ch != '\n') {
                sc_adv(s);
                n++;
            }
            return n ? 0 : -1;
        }
        if (!depth)
            return 0;
    }
    return -1;
}

/* The document cannot be followed past here: one bad row, and the rest of
 * the file is not read. 1 (stop), or the error. */
static int sc_bad(scan *s, const char *what) {
    if (s->err)
        return s->err;
    s->c->rep->rows++;
    char msg[200];
    snprintf(msg, sizeof msg, "bad JSON: %s; the rest of the file is not read", what);
    int e = fskip(s->c, SF_R_JSON, s->line, sc_col(s), msg);
    return e ? e : 1;
}

/* Parses text (at line:col of the file) as one value: an entry of a
 * Bundle (its resource), a resource, or a whole document. */
static int parse_part(fctx *c, const char *text, size_t len, int line, int col, int kind) {
    sf_arena a = {0};
    sf_json_err je;
    sf_json *j = sf_json_parse_at(&a, text, len, line, col, &je);
    int e;
    if (!j) {
        c->rep->rows++;
        char msg[220];
        snprintf(msg, sizeof msg, "bad JSON: %s", je.msg);
        e = fskip(c, SF_R_JSON, je.line, je.col, msg);
    } else if (kind == 'b') {
        const sf_json *res = sf_json_get(j, "resource");
        e = encounter(c, res ? res : j);
    } else {
        e = kind == 'r' ? encounter(c, j) : document(c, j);
    }
    sf_arena_free(&a);
    return e;
}

/* The elements of an array whose '[' was just read, each parsed alone as
 * kind ('b' Bundle entry, 'r' resource). 0, 1 (stop) or the error. */
static int sc_entries(scan *s, int kind) {
    if (sc_ws(s) == ']') {
        sc_adv(s);
        return 0;
    }
    for (;;) {
        sc_ws(s);
        s->keep = s->i;
        int line = s->line, col = sc_col(s);
        if (sc_value(s))
            return sc_bad(s, "an entry does not end (unbalanced brackets or quotes)");
        int e = parse_part(s->c, s->l->buf + s->keep, s->i - s->keep, line, col, kind);
        s->keep = s->i;
        if (e)
            return e;
        int ch = sc_ws(s);
        if (ch != ',' && ch != ']')
            return sc_bad(s, "expected ',' or ']' after an entry");
        sc_adv(s);
        if (ch == ']')
            return 0;
    }
}

/* Is the value from keep + off up to i the JSON string "<lit>"? */
static int sc_is(const scan *s, size_t off, const char *lit) {
    size_t n = strlen(lit);
    return s->i - (s->keep + off) == n + 2 && !memcmp(s->l->buf + s->keep + off + 1, lit, n);
}

/* An object whose '{' is at i: a Bundle streamed through its "entry", or
 * anything else parsed whole. 0, 1 (stop) or the error. */
static int sc_object(scan *s) {
    s->keep = s->i;
    int line = s->line, col = sc_col(s), bundle = 0, streamed = 0, ch;
    sc_adv(s);
    if (sc_ws(s) == '}') {
        sc_adv(s);
    } else {
        for (;;) {
            if (sc_ws(s) != '"')
                return sc_bad(s, "expected a member name in quotes");
            size_t key = s->i - s->keep;
            if (sc_string(s))
                return sc_bad(s, "a member name does not end on its line");
            int is_rt = sc_is(s, key, "resourceType"), is_entry = sc_is(s, key, "entry");
            if (sc_ws(s) != ':')
                return sc_bad(s, "expected ':' after a member name");
            sc_adv(s);
            ch = sc_ws(s);
            if (is_entry && bundle && !streamed && ch == '[') {
                /* from here on the buffer holds one entry at a time */
                sc_adv(s);
                streamed = 1;
                int e = sc_entries(s, 'b');
                if (e)
                    return e;
            } else {
                if (streamed)
                    s->keep = s->i;
                size_t val = s->i - s->keep;
                if (sc_value(s))
                    return sc_bad(s, "a member's value does not end");
                if (is_rt)
                    bundle = sc_is(s, val, "Bundle");
            }
            ch = sc_ws(s);
            if (ch != ',' && ch != '}')
                return sc_bad(s, "expected ',' or '}' after a member");
            sc_adv(s);
            if (ch == '}')
                break;
        }
    }
    if (streamed)
        return 0;
    return parse_part(s->c, s->l->buf + s->keep, s->i - s->keep, line, col, 'd');
}

/* The document whose first byte is s->i (a '{' or '['). */
static int read_stream(scan *s) {
    int ch = sc_ws(s), e;
    if (ch == '[') {
        sc_adv(s);
        e = sc_entries(s, 'r');
    } else if (ch == '{') {
        e = sc_object(s);
    } else {
        return sc_bad(s, "expected '{' or '[' to start the document");
    }
    if (e)
        return e == 1 ? 0 : e;
    s->keep = s->i;
    if (sc_ws(s) >= 0)
        e = sc_bad(s, "text after the end of the JSON value");
    if (s->err)
        return s->err;
    return e == 1 ? 0 : e;
}

/* How to read an object that starts at s->i (s->keep = s->i), on line
 * line0, looked at without parsing it: 1 a Bundle (its resourceType came
 * before entry) or an object over several lines: one document, streamed;
 * 0 an object that ends on its line, or text that is no object there:
 * NDJSON, a line at a time. A one-line Bundle, as FHIR servers answer, is
 * told from NDJSON by its resourceType, usually its first member, so
 * this reads no further than a line of NDJSON would. */
static int probe_object(scan *s, int line0) {
    sc_adv(s);
    if (sc_ws(s) == '}')
        return s->line != line0;
    for (;;) {
        if (sc_ws(s) != '"')
            return s->line != line0;
        size_t key = s->i - s->keep;
        if (sc_string(s))
            return s->line != line0;
        int is_rt = sc_is(s, key, "resourceType");
        if (sc_ws(s) != ':')
            return s->line != line0;
        sc_adv(s);
        sc_ws(s);
        size_t val = s->i - s->keep;
        if (sc_value(s))
            return s->line != line0;
        if (is_rt && sc_is(s, val, "Bundle"))
            return 1;
        int ch = sc_ws(s);
        if (s->line != line0)
            return 1;
        if (ch != ',')
            return 0; /* '}': one line, or a fault NDJSON reports on its line */
        sc_adv(s);
    }
}

static int blank(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

/* A document that could not be followed stops the reading before the end
 * of the file; a gzip'd one is still read to its end, so a cut or damaged
 * file is an error as it would be had every byte been used. */
static int drain(lines *l, const char *name, sf_diag *d) {
    if (!l->gz || l->eof)
        return 0;
    char buf[16384];
    int r;
    while ((r = gzread(l->gz, buf, sizeof buf)) > 0)
        ;
    return r < 0 || sf_flow_gz_bad(l->gz) ? sf_flow_gz_fail(l->gz, name, 0, d) : 0;
}

static int read_fhir(lines *l, const char *name, const sf_flow_read_opts *o, sf_stays *t,
                     sf_flow_read_report *rep, sf_diag *d) {
    fctx c = {name, o, t, rep, d};
    sf_flow_report_init(rep, name, "fhir-ndjson");
    snprintf(rep->preset, sizeof rep->preset, "fhir-r4");
    static const char *const cols[][2] = {
        {"patient", "subject.reference"},
        {"unit", "location[].location"},
        {"org", "serviceProvider"},
        {"start", "location[].period.start"},
        {"end", "location[].period.end"},
        {"from", "hospitalization.admitSource"},
        {"to", "hospitalization.dischargeDisposition"},
        {"class", "class.code"},
        {"ready", "extension ready-for-discharge"},
        {"zone", "extension home-zone"},
        {"provider", "participant[].individual"},
    };
    static const sf_flow_col ids[] = {SF_C_PATIENT, SF_C_UNIT, SF_C_ORG,     SF_C_START,
                                      SF_C_END,     SF_C_FROM, SF_C_TO,      SF_C_CLASS,
                                      SF_C_READY,   SF_C_ZONE, SF_C_PROVIDER};
    for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++)
        snprintf(rep->column[ids[k]], sizeof rep->column[0], "%s", cols[k][1]);
    rep->fmt[SF_C_START] = rep->fmt[SF_C_END] = SF_TF_ISO;
    /* The first value decides: an array, a Bundle or an object over many
     * lines is one document read an entry at a time; an object on one
     * line begins NDJSON. Looked at from the open stream, so a pipe is
     * read once. */
    int e = 0;
    while (l->len < 3 && !l->eof && !(e = lines_fill(l)))
        ;
    size_t bom = l->len >= 3 && !memcmp(l->buf, "\xEF\xBB\xBF", 3) ? 3 : 0;
    scan s = {&c, l, bom, bom, 1, (ptrdiff_t)bom, 0};
    int ch = e ? -1 : sc_ws(&s);
    if (e || s.err) {
        e = e == -2 ? sf_flow_gz_fail(l->gz, name, 1, d) : e ? SF_ERR_SYNTAX : s.err;
        if (e == SF_ERR_SYNTAX)
            sf_diag_set(d, e, name, 1, 0, "a line longer than 1 GiB");
        free(l->buf);
        return e;
    }
    size_t from = s.keep; /* after the BOM, wherever reading more moved it */
    int lineno = 0, col1 = 1;
    if (ch == '[' || ch == '{') {
        int line0 = s.line, col0 = sc_col(&s);
        s.keep = s.i;
        int stream = ch == '[' || probe_object(&s, line0);
        if (s.err) {
            free(l->buf);
            return s.err;
        }
        /* back to the value's first byte, which stayed in the buffer */
        s.i = s.keep;
        s.line = line0;
        s.lstart = (ptrdiff_t)s.keep - (col0 - 1);
        if (stream) {
            snprintf(rep->kind, sizeof rep->kind, "fhir-bundle");
            e = read_stream(&s);
            free(l->buf);
            return e ? e : drain(l, name, d);
        }
        from = s.keep;
        lineno = line0 - 1;
        col1 = col0;
    }
    l->pos = from;
    const char *text = NULL;
    size_t n = 0;
    for (;;) {
        int k = lines_next(l, &text, &n);
        if (k < 0) {
            e = k == -2 ? sf_flow_gz_fail(l->gz, name, (uint64_t)lineno + 1, d)
                        : sf_diag_set(d, SF_ERR_SYNTAX, name, lineno + 1, 0,
                                      "a line longer than 1 GiB");
            break;
        }
        if (!k)
            break;
        lineno++;
        if (blank(text, n))
            continue;
        e = parse_part(&c, text, n, lineno, col1, 'd');
        col1 = 1;
        if (e)
            break;
    }
    free(l->buf);
    return e;
}

int sf_flow_read_fhir_gz(gzFile gz, const char *pre, size_t prelen, const char *name,
                         const sf_flow_read_opts *o, sf_stays *t, sf_flow_read_report *rep,
                         sf_diag *d) {
    lines l = {0};
    l.gz = gz;
    l.pre = pre;
    l.prelen = prelen;
    int e = read_fhir(&l, name, o, t, rep, d);
    rep->gzip = !gzdirect(gz);
    return e;
}

int sf_flow_read_fhir(const char *path, const sf_flow_read_opts *o, sf_stays *t,
                      sf_flow_read_report *rep, sf_diag *d) {
    gzFile gz;
    int e = sf_flow_open(path, &gz, d);
    if (e) {
        sf_flow_report_init(rep, path, "fhir");
        return e;
    }
    e = sf_flow_read_fhir_gz(gz, NULL, 0, path, o, t, rep, d);
    gzclose(gz);
    return e;
}

int sf_flow_read_fhir_buffer(const char *name, const char *data, size_t len,
                             const sf_flow_read_opts *o, sf_stays *t, sf_flow_read_report *rep,
                             sf_diag *d) {
    lines l = {0};
    l.mem = data;
    l.memlen = len;
    return read_fhir(&l, name, o, t, rep, d);
}
