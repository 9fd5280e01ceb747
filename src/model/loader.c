/* loader.c: reads a model file (YAML) into the validated sf_model of
 * model.h: the top-level settings, the arrival sources and the units, with
 * every cross-reference resolved to an index and every rule of the model
 * format checked (docs/model.md). Any failure leaves a diagnostic that
 * names the file, line and column and says what was expected.
 *
 * Loading runs in passes because later parts refer to earlier ones: unit
 * names first (routes refer to them), then sources (they define the
 * classes), then the units' own settings (triage refers to classes), and
 * last the checks over the whole network (overflow cycles, exits). */
#include "core/diag.h"
#include "model/load.h"
#include "model/scenario.h"
#include "model/schedule.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    MAX_NAME = 100,
    MAX_REPLICATIONS = 100000,
    MAX_CAPACITY = 1000000,
};
#define MAX_FILE_BYTES (64L << 20)
#define MAX_PATIENTS 1e9 /* expected arrivals per source and replication */

/* ---- Shared helpers (load.h) ------------------------------------------ */

static long codepoints(const char *s, size_t n) {
    long c = 0;
    for (size_t i = 0; i < n && s[i]; i++)
        c += ((unsigned char)s[i] & 0xc0) != 0x80;
    return c;
}

int sf_load_fail(sf_load *L, const sf_ynode *n, size_t at, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int col = n->col;
    if (at && n->verbatim && at <= n->len)
        col += (int)codepoints(n->text, at);
    return sf_diag_set(L->diag, SF_ERR_MODEL, L->file, n->line, col, "%s", msg);
}

int sf_load_warn(sf_load *L, const sf_ynode *n, const char *fmt, ...) {
    sf_model *m = L->m;
    if (!m->warnings &&
        !(m->warnings = sf_arena_calloc(&m->arena, SF_MODEL_MAX_WARNINGS, sizeof *m->warnings)))
        return sf_load_nomem(L);
    if (m->nwarnings >= SF_MODEL_MAX_WARNINGS)
        return SF_OK;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sf_diag_set(&m->warnings[m->nwarnings++], SF_OK, L->file, n->line, n->col, "%s", msg);
    return SF_OK;
}

int sf_load_nomem(sf_load *L) {
    return sf_diag_set(L->diag, SF_ERR_NOMEM, L->file, 0, 0, "out of memory");
}

sf_shown sf_load_show_text(const char *s, size_t len) {
    sf_shown r;
    const size_t max = 60;
    size_t n = len;
    int cut = 0;
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80) /* keep UTF-8 whole */
            n--;
        cut = 1;
    }
    size_t o = 0;
    r.s[o++] = '\'';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        r.s[o++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
    }
    if (cut)
        r.s[o++] = '.', r.s[o++] = '.', r.s[o++] = '.';
    r.s[o++] = '\'';
    r.s[o] = '\0';
    return r;
}

sf_shown sf_load_show(const sf_ynode *n) {
    sf_shown r;
    const char *what = n->type == SF_Y_MAP   ? "a mapping"
                       : n->type == SF_Y_SEQ ? "a list"
                       : n->null             ? "nothing"
                                             : NULL;
    if (!what)
        return sf_load_show_text(n->text, n->len);
    snprintf(r.s, sizeof r.s, "%s", what);
    return r;
}

const char *sf_load_text(const sf_ynode *n) {
    return n && n->type == SF_Y_SCALAR && !n->null ? n->text : NULL;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

int sf_load_number(const char *s, size_t len, double *v) {
    /* strtod alone would also take hex, inf, nan and leading space. */
    size_t i = 0, digits = 0;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
    while (i < len && is_digit(s[i]))
        i++, digits++;
    if (i < len && s[i] == '.')
        for (i++; i < len && is_digit(s[i]); i++)
            digits++;
    if (!digits)
        return -1;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i == len || !is_digit(s[i]))
            return -1;
        while (i < len && is_digit(s[i]))
            i++;
    }
    char buf[128];
    if (i != len || len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    double x = strtod(buf, NULL);
    if (!isfinite(x))
        return -1;
    *v = x;
    return 0;
}

int sf_load_uint(const char *s, size_t len, uint64_t *v) {
    uint64_t x = 0;
    if (len == 0)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (!is_digit(s[i]))
            return -1;
        unsigned d = (unsigned)(s[i] - '0');
        if (x > (UINT64_MAX - d) / 10)
            return -1;
        x = x * 10 + d;
    }
    *v = x;
    return 0;
}

/* ---- Keys -------------------------------------------------------------- */

/* Which keys a mapping may hold; for units, which kind uses each key and
 * what the other kind calls it, so `beds` on a walk-in can say `servers`. */
enum { K_WALKIN = 1, K_WARD = 2, K_BOTH = 3 };

typedef struct keyspec {
    const char *key;
    unsigned kinds;
    const char *instead; /* the other kind's key, for kind-specific keys */
} keyspec;

static const keyspec top_keys[] = {
    {"name", K_BOTH, NULL},    {"horizon", K_BOTH, NULL},
    {"warmup", K_BOTH, NULL},  {"replications", K_BOTH, NULL},
    {"seed", K_BOTH, NULL},    {"calendar", K_BOTH, NULL},
    {"zones", K_BOTH, NULL},   {"populations", K_BOTH, NULL},
    {"demand", K_BOTH, NULL},  {"arrivals", K_BOTH, NULL},
    {"units", K_BOTH, NULL},   {"scenarios", K_BOTH, NULL},
    {"weights", K_BOTH, NULL}, {"decisions", K_BOTH, NULL},
    {"cost", K_BOTH, NULL},    {"objective", K_BOTH, NULL},
    {NULL, 0, NULL},
};

static const keyspec source_keys[] = {
    {"rate", K_BOTH, NULL},    {"to", K_BOTH, NULL}, {"class", K_BOTH, NULL},
    {"profile", K_BOTH, NULL}, {NULL, 0, NULL},
};

static const keyspec unit_keys[] = {
    {"kind", K_BOTH, NULL},      {"servers", K_WALKIN, "beds"}, {"service", K_WALKIN, "los"},
    {"beds", K_WARD, "servers"}, {"los", K_WARD, "service"},    {"queue-limit", K_BOTH, NULL},
    {"triage", K_BOTH, NULL},    {"overflow", K_BOTH, NULL},    {"next", K_BOTH, NULL},
    {"on-drop", K_BOTH, NULL},   {"discharge", K_WARD, NULL},   {"org", K_BOTH, NULL},
    {"care", K_BOTH, NULL},      {"return", K_BOTH, NULL},      {NULL, 0, NULL},
};

static const char *const kind_names[] = {[SF_UNIT_WALKIN] = "walk-in", [SF_UNIT_WARD] = "ward"};

/* Every key of map must be in keys for kinds; where names the mapping. */
/* ---- Did you mean ------------------------------------------------------ */

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

enum { SUGGEST_MAX = 64 }; /* longer words are no misspelt key */

/* Optimal string alignment distance between a[0..n) and b[0..m). */
static int edit_distance(const char *a, size_t n, const char *b, size_t m) {
    static const int big = 1 << 20;
    if (n > SUGGEST_MAX || m > SUGGEST_MAX)
        return big;
    int d[SUGGEST_MAX + 1][SUGGEST_MAX + 1];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            int cost = lower((unsigned char)a[i - 1]) != lower((unsigned char)b[j - 1]);
            int best = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 &&
                lower((unsigned char)a[i - 1]) == lower((unsigned char)b[j - 2]) &&
                lower((unsigned char)a[i - 2]) == lower((unsigned char)b[j - 1]) &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[n][m];
}

const char *sf_load_suggest(const char *word, size_t len, const char *const *cands, int n) {
    const char *best = NULL;
    int bestd = len <= 4 ? 1 : 2;
    for (int i = 0; i < n; i++) {
        int d = edit_distance(word, len, cands[i], strlen(cands[i]));
        /* a candidate the edits would entirely replace is no misspelling */
        if (d <= bestd && (size_t)d < strlen(cands[i]) && (!best || d < bestd)) {
            best = cands[i];
            bestd = d;
        }
    }
    return best;
}

sf_suggestion sf_load_did_you_mean(const sf_ynode *key, const char *const *cands, int n) {
    sf_suggestion r = {""};
    const char *c = key->type == SF_Y_SCALAR && key->text
                        ? sf_load_suggest(key->text, key->len, cands, n)
                        : NULL;
    if (c)
        snprintf(r.s, sizeof r.s, " did you mean '%s'?", c);
    return r;
}

/* ---- Keys -------------------------------------------------------------- */

static int check_keys(sf_load *L, const sf_ynode *map, const keyspec *keys, unsigned kinds,
                      const char *where) {
    for (int i = 0; i < map->n; i++) {
        const sf_ynode *k = map->item[2 * i];
        const keyspec *hit = NULL;
        for (const keyspec *s = keys; s->key; s++)
            if (strlen(s->key) == k->len && strcmp(s->key, k->text) == 0)
                hit = s;
        if (hit && (hit->kinds & kinds))
            continue;
        if (hit && !hit->instead)
            return sf_load_fail(L, k, 0, "%s: '%s' is for %s units only", where, hit->key,
                                kind_names[kinds == K_WALKIN]);
        if (hit) {
            unsigned other = kinds == K_WALKIN ? K_WARD : K_WALKIN;
            return sf_load_fail(L, k, 0, "%s: '%s' is for %s units; a %s unit uses '%s'", where,
                                hit->key, kind_names[other == K_WARD], kind_names[kinds == K_WARD],
                                hit->instead);
        }
        char list[256] = "";
        size_t o = 0;
        const char *valid[64];
        int nvalid = 0;
        for (const keyspec *s = keys; s->key; s++)
            if (s->kinds & kinds) {
                if (o < sizeof list)
                    o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", o ? ", " : "", s->key);
                if (nvalid < 64)
                    valid[nvalid++] = s->key;
            }
        sf_suggestion dym = sf_load_did_you_mean(k, valid, nvalid);
        /* `{los: lognormal(2d, 1d)}` splits at the comma in a flow mapping
         * and leaves a key such as '1d)': say so. */
        const char *hint = strchr(k->text, ')') && !strchr(k->text, '(')
                               ? " (inside {...}, quote a distribution that has commas: "
                                 "\"lognormal(2d, 1d)\")"
                               : "";
        if (!where)
            return sf_load_fail(L, k, 0, "unknown top-level key %s;%s expected one of: %s%s",
                                sf_load_show(k).s, dym.s, list, hint);
        return sf_load_fail(L, k, 0, "%s: unknown key %s;%s expected one of: %s%s", where,
                            sf_load_show(k).s, dym.s, list, hint);
    }
    return SF_OK;
}

/* A level (model.h): "14d" (a duration), "80%" (a share) or a number. */
static int load_level(sf_load *L, const sf_ynode *n, const char *name, const char *key,
                      sf_level *out) {
    const char *t = sf_load_text(n), *why;
    double x;
    out->line = n->line;
    out->col = n->col;
    if (t && strlen(t) == n->len && n->len > 1 && t[n->len - 1] == '%' &&
        !sf_load_number(t, n->len - 1, &x)) {
        out->v = x / 100;
        out->kind = SF_LEVEL_SHARE;
    } else if (t && strlen(t) == n->len && !sf_load_number(t, n->len, &x)) {
        out->v = x;
        out->kind = SF_LEVEL_NUMBER;
    } else if (t && strlen(t) == n->len && !sf_parse_duration(t, &x, &why)) {
        out->v = x;
        out->kind = SF_LEVEL_DURATION;
    } else
        return sf_load_fail(L, n, 0,
                            "weights: %s: '%s': expected a level in the metric's unit: a "
                            "duration such as 14d or 30m, a share such as 80%%, or a number; "
                            "found %s",
                            name, key, sf_load_show(n).s);
    return SF_OK;
}

/* weights: {unit.metric: {worst: L, best: L, weight: W, target: {max: L,
 * min: L}}, ...} (model.h). A bare number is the z-score ranking samflyt
 * used before, which let a 5-second change outweigh a week's wait: it is
 * refused with the form to write now, never read the old way. */
static int load_weights(sf_load *L, const sf_ynode *n) {
    if (!n)
        return SF_OK;
    if (n->type != SF_Y_MAP || !n->n)
        return sf_load_fail(L, n, 0,
                            "'weights' ranks scenarios in samflyt compare: a mapping of "
                            "unit.metric to its worst and best levels, swing weight and target, "
                            "as in weights: {gp-office.appt_days_mean: {worst: 14d, best: 0d, "
                            "weight: 3, target: {max: 7d}}}; found %s",
                            sf_load_show(n).s);
    sf_weight *w = sf_arena_calloc(&L->m->arena, (size_t)n->n, sizeof *w);
    if (!w)
        return sf_load_nomem(L);
    static const char *const keys[] = {"worst", "best", "weight", "target", NULL};
    static const char *const tkeys[] = {"max", "min", NULL};
    for (int i = 0; i < n->n; i++) {
        const sf_ynode *k = n->item[2 * i], *v = n->item[2 * i + 1];
        const char *dot = k->len ? memchr(k->text, '.', k->len) : NULL;
        for (const char *q = dot; q && q < k->text + k->len; q++)
            if (*q == '.')
                dot = q;
        if (!dot || dot == k->text || dot == k->text + k->len - 1)
            return sf_load_fail(L, k, 0,
                                "weights: %s: expected unit.metric, such as gp-office.wait_mean "
                                "or network.travel_mean",
                                sf_load_show(k).s);
        char nm[100];
        snprintf(nm, sizeof nm, "%s", sf_load_show(k).s);
        if (v->type == SF_Y_SCALAR)
            return sf_load_fail(L, v, 0,
                                "weights: %s: a bare weight (%s) is the old ranking by "
                                "standardised scores, in which a 5-second change could outweigh "
                                "a week's wait; state the levels the weight is between, as in "
                                "%.*s: {worst: 14d, best: 0d, weight: %s} (docs/compare.md, "
                                "\"Ranking\")",
                                nm, sf_load_show(v).s, (int)(k->len < 80 ? k->len : 80), k->text,
                                v->len < 20 ? v->text : "3");
        if (v->type != SF_Y_MAP)
            return sf_load_fail(L, v, 0,
                                "weights: %s: expected a mapping with worst, best and weight, "
                                "and/or target, found %s",
                                nm, sf_load_show(v).s);
        char where[160];
        snprintf(where, sizeof where, "weights: %s", nm);
        int rc = sf_load_keys(L, v, keys, where);
        if (rc)
            return rc;
        const sf_ynode *x;
        if ((x = sf_ynode_get(v, "weight"))) {
            double d;
            if (x->type != SF_Y_SCALAR || sf_load_number(x->text, x->len, &d) || !(d > 0))
                return sf_load_fail(L, x, 0,
                                    "weights: %s: 'weight': the swing weight must be a number "
                                    "> 0, found %s",
                                    nm, sf_load_show(x).s);
            w[i].w = d;
        }
        if ((x = sf_ynode_get(v, "worst")) && (rc = load_level(L, x, nm, "worst", &w[i].worst)))
            return rc;
        if ((x = sf_ynode_get(v, "best")) && (rc = load_level(L, x, nm, "best", &w[i].best)))
            return rc;
        if ((x = sf_ynode_get(v, "target"))) {
            if (x->type != SF_Y_MAP || !x->n)
                return sf_load_fail(L, x, 0,
                                    "weights: %s: 'target': expected a mapping with max and/or "
                                    "min, as in target: {max: 7d}; found %s",
                                    nm, sf_load_show(x).s);
            char tw[200];
            snprintf(tw, sizeof tw, "weights: %s: 'target'", nm);
            if ((rc = sf_load_keys(L, x, tkeys, tw)))
                return rc;
            const sf_ynode *t;
            if ((t = sf_ynode_get(x, "max")) &&
                (rc = load_level(L, t, nm, "max", &w[i].target_max)))
                return rc;
            if ((t = sf_ynode_get(x, "min")) &&
                (rc = load_level(L, t, nm, "min", &w[i].target_min)))
                return rc;
        }
        int has_levels = w[i].worst.kind || w[i].best.kind;
        if (!w[i].w && !has_levels && !w[i].target_max.kind && !w[i].target_min.kind)
            return sf_load_fail(L, v, 0,
                                "weights: %s: expected worst, best and weight (a trade-off), "
                                "and/or target (a constraint); found none of them",
                                nm);
        if ((w[i].w || has_levels) && (!w[i].w || !w[i].worst.kind || !w[i].best.kind)) {
            char miss[40] = "";
            const char *names[] = {"worst", "best", "weight"};
            const int have[] = {w[i].worst.kind, w[i].best.kind, w[i].w > 0};
            for (int j = 0; j < 3; j++)
                if (!have[j])
                    snprintf(miss + strlen(miss), sizeof miss - strlen(miss), "%s%s",
                             miss[0] ? ", " : "", names[j]);
            return sf_load_fail(L, v, 0,
                                "weights: %s: a trade-off needs all of worst, best and weight "
                                "(missing: %s)",
                                nm, miss);
        }
        if (w[i].w && w[i].worst.v == w[i].best.v && w[i].worst.kind == w[i].best.kind) {
            x = sf_ynode_get(v, "best");
            return sf_load_fail(L, x, 0,
                                "weights: %s: 'best' equals 'worst'; the levels must differ "
                                "(the weight is the importance of moving from worst to best)",
                                nm);
        }
        if (w[i].target_max.kind && w[i].target_min.kind &&
            w[i].target_min.kind == w[i].target_max.kind && w[i].target_min.v > w[i].target_max.v)
            return sf_load_fail(L, sf_ynode_get(v, "target"), 0,
                                "weights: %s: 'target': min is above max; no variant could meet "
                                "it",
                                nm);
        if (!(w[i].name = sf_arena_strndup(&L->m->arena, k->text, k->len)))
            return sf_load_nomem(L);
        w[i].line = k->line;
        w[i].col = k->col;
    }
    L->m->weights = w;
    L->m->nweights = n->n;
    return SF_OK;
}

/* For the other parts of the loader (load.h): a plain list of keys. */
int sf_load_keys(sf_load *L, const sf_ynode *map, const char *const *keys, const char *where) {
    keyspec spec[32];
    int n = 0;
    while (keys[n] && n < 31) {
        spec[n] = (keyspec){keys[n], K_BOTH, NULL};
        n++;
    }
    spec[n] = (keyspec){NULL, 0, NULL};
    return check_keys(L, map, spec, K_BOTH, where);
}

/* ---- Scalars ----------------------------------------------------------- */

static int get_duration(sf_load *L, const sf_ynode *n, const char *what, double *hours) {
    const char *t = sf_load_text(n), *why = "a duration such as 15m, 8h, 2d or 1w";
    if (!t || strlen(t) != n->len || sf_parse_duration(t, hours, &why))
        return sf_load_fail(L, n, 0, "%s: expected %s, found %s", what, why, sf_load_show(n).s);
    return SF_OK;
}

/* A whole number in [lo, hi]. */
static int get_uint(sf_load *L, const sf_ynode *n, const char *what, uint64_t lo, uint64_t hi,
                    uint64_t *v) {
    const char *t = sf_load_text(n);
    if (!t || sf_load_uint(t, n->len, v) || *v < lo || *v > hi) {
        if (hi == UINT64_MAX && lo == 0)
            return sf_load_fail(L, n, 0, "%s must be a whole number from 0 to %llu, found %s", what,
                                (unsigned long long)hi, sf_load_show(n).s);
        if (hi >= (uint64_t)INT64_MAX)
            return sf_load_fail(L, n, 0, "%s must be a whole number >= %llu, found %s", what,
                                (unsigned long long)lo, sf_load_show(n).s);
        return sf_load_fail(L, n, 0, "%s must be a whole number from %llu to %llu, found %s", what,
                            (unsigned long long)lo, (unsigned long long)hi, sf_load_show(n).s);
    }
    return SF_OK;
}

/* Names of units, sources and classes end up in CSV, JSON and messages:
 * printable, not empty, not absurdly long. */
int sf_load_name(sf_load *L, const sf_ynode *k, const char *what) {
    int ok = k->type == SF_Y_SCALAR && !k->null && k->len >= 1 && k->len <= MAX_NAME &&
             strlen(k->text) == k->len;
    for (size_t i = 0; ok && i < k->len; i++)
        ok = (unsigned char)k->text[i] >= 0x20 && k->text[i] != 0x7f;
    if (!ok)
        return sf_load_fail(L, k, 0,
                            "%s name must be 1 to %d characters without control characters, "
                            "found %s",
                            what, MAX_NAME, sf_load_show(k).s);
    return SF_OK;
}

/* ---- Routes ------------------------------------------------------------ */

/* Orders name[0..len) against the NUL-terminated b as strcmp would. */
static int name_cmp(const char *name, size_t len, const char *b) {
    size_t blen = strlen(b);
    int c = memcmp(name, b, len < blen ? len : blen);
    return c ? c : (len > blen) - (len < blen);
}

static int unit_ix_cmp(const void *a, const void *b) {
    const sf_load_unit_ix *x = a, *y = b;
    return strcmp(x->name, y->name);
}

int sf_load_find_unit(const sf_load *L, const char *name, size_t len) {
    size_t lo = 0, hi = L->unit_ix ? (size_t)L->m->nunits : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = name_cmp(name, len, L->unit_ix[mid].name);
        if (c == 0)
            return L->unit_ix[mid].unit;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

static int find_unit(const sf_load *L, const char *name, size_t len) {
    return sf_load_find_unit(L, name, len);
}

/* "a, b, c" of the unit names, shortened to fit. */
static void unit_list(const sf_load *L, char *buf, size_t size) {
    size_t o = 0;
    buf[0] = '\0';
    for (int u = 0; u < L->m->nunits && o < size; u++)
        o += (size_t)snprintf(buf + o, size - o, "%s%s", u ? ", " : "", L->m->units[u].name);
}

/* A destination name: a unit, `home` where allowed. */
static int destination(sf_load *L, const sf_ynode *n, const char *what, int allow_home, int *dest) {
    const char *t = sf_load_text(n);
    if (t && allow_home && strcmp(t, "home") == 0 && n->len == 4) {
        *dest = SF_DEST_HOME;
        return SF_OK;
    }
    int u = t ? find_unit(L, t, n->len) : -1;
    if (u >= 0) {
        *dest = u;
        return SF_OK;
    }
    char known[256];
    unit_list(L, known, sizeof known);
    return sf_load_fail(L, n, 0, "%s: unknown unit %s; known units: %s%s", what, sf_load_show(n).s,
                        known, allow_home ? " (or home)" : "");
}

static int route(sf_load *L, const sf_ynode *n, const char *what, int allow_home, sf_route *r) {
    sf_arena *a = &L->m->arena;
    int count = n->type == SF_Y_MAP ? n->n : 1;
    int *dest = sf_arena_calloc(a, (size_t)count, sizeof *dest);
    double *prob = sf_arena_calloc(a, (size_t)count, sizeof *prob);
    double *cum = sf_arena_calloc(a, (size_t)count, sizeof *cum);
    if (!dest || !prob || !cum)
        return sf_load_nomem(L);
    r->n = count;
    r->dest = dest;
    r->prob = prob;
    r->cum = cum;
    if (n->type != SF_Y_MAP || n->n == 0) {
        if (!sf_load_text(n))
            return sf_load_fail(L, n, 0,
                                "%s: expected a unit name or a routing map such as {%s: .7, "
                                "other: .3}, found %s",
                                what, allow_home ? "home" : "desk", sf_load_show(n).s);
        prob[0] = cum[0] = 1;
        return destination(L, n, what, allow_home, &dest[0]);
    }
    double sum = 0;
    for (int i = 0; i < count; i++) {
        const sf_ynode *k = n->item[2 * i], *v = n->item[2 * i + 1];
        int rc = destination(L, k, what, allow_home, &dest[i]);
        if (rc)
            return rc;
        const char *t = sf_load_text(v);
        if (!t || sf_load_number(t, v->len, &prob[i]) || prob[i] < 0 || prob[i] > 1)
            return sf_load_fail(L, v, 0,
                                "%s: the probability of %s must be a number from 0 to 1, found %s",
                                what, sf_load_show(k).s, sf_load_show(v).s);
        sum += prob[i];
    }
    if (fabs(sum - 1) > 1e-6)
        return sf_load_fail(L, n, 0, "%s: probabilities must sum to 1, found a sum of %.10g", what,
                            sum);
    /* Normalise so the engine can draw against cum without a remainder. */
    double run = 0;
    for (int i = 0; i < count; i++) {
        prob[i] /= sum;
        run += prob[i];
        cum[i] = run;
    }
    cum[count - 1] = 1;
    return SF_OK;
}

/* For the other parts of the loader (load.h). */
int sf_load_route(sf_load *L, const sf_ynode *n, const char *what, int allow_home, sf_route *r) {
    return route(L, n, what, allow_home, r);
}

int sf_load_duration(sf_load *L, const sf_ynode *n, const char *what, double *hours) {
    return get_duration(L, n, what, hours);
}

const char *sf_unit_kind_name(sf_unit_kind kind) {
    if (kind == SF_UNIT_BOOKED)
        return "booked-clinic"; /* not in kind_names: its keys are checked in load_booked.c */
    if (kind == SF_UNIT_RESPONSE)
        return "response"; /* load_response.c */
    return kind >= 0 && (size_t)kind < sizeof kind_names / sizeof kind_names[0] ? kind_names[kind]
                                                                                : "unit";
}

/* ---- Sources and classes ----------------------------------------------- */

typedef struct loading {
    sf_load L;
    const sf_ynode *root, *units_node, *arrivals_node;
    const char **classes;           /* room for nsources + 1 */
    const sf_ynode **overflow_node; /* per unit, for the cycle message */
    const sf_ynode **next_node;
    sf_unit *units; /* m->units, writable while loading */
} loading;

static int class_index(loading *g, const char *name) {
    for (int c = 0; c < g->L.m->nclasses; c++)
        if (strcmp(g->classes[c], name) == 0)
            return c;
    return -1;
}

static int load_source(loading *g, const sf_ynode *key, const sf_ynode *val, sf_source *s) {
    sf_load *L = &g->L;
    char where[160];
    int rc = sf_load_name(L, key, "a source");
    if (rc)
        return rc;
    s->name = sf_arena_strdup(&L->m->arena, key->text);
    if (!s->name)
        return sf_load_nomem(L);
    snprintf(where, sizeof where, "source '%s'", s->name);
    if (val->type != SF_Y_MAP)
        return sf_load_fail(L, val, 0, "%s: expected a mapping with rate and to, found %s", where,
                            sf_load_show(val).s);
    if ((rc = check_keys(L, val, source_keys, K_BOTH, where)))
        return rc;

    const sf_ynode *n = sf_ynode_get(val, "rate");
    const char *why = "a rate such as 4.5/h or 3/y";
    char what[200];
    snprintf(what, sizeof what, "%s: 'rate'", where);
    if (!n)
        return sf_load_fail(L, key, 0, "%s: missing 'rate' (the mean arrival rate, as in 4.5/h)",
                            where);
    const char *t = sf_load_text(n);
    if (!t || strlen(t) != n->len || sf_parse_rate(t, &s->rate, &why))
        return sf_load_fail(L, n, 0, "%s: expected %s, found %s", what, why, sf_load_show(n).s);
    if (!(s->rate > 0))
        return sf_load_fail(L, n, 0, "%s must be > 0, found %s", what, sf_load_show(n).s);
    /* A run must end: the engine does about 10^7 patients a second. */
    double expected = s->rate * (L->m->horizon + L->m->warmup);
    if (!(expected <= MAX_PATIENTS))
        return sf_load_fail(L, n, 0,
                            "%s: %s over warm-up plus horizon is %.3g patients per replication; "
                            "expected at most %.0e",
                            what, sf_load_show(n).s, expected, MAX_PATIENTS);

    if (!(n = sf_ynode_get(val, "to")))
        return sf_load_fail(
            L, key, 0, "%s: missing 'to' (the unit patients arrive at, or a routing map)", where);
    snprintf(what, sizeof what, "%s: 'to'", where);
    if ((rc = route(L, n, what, 0, &s->to)))
        return rc;

    s->cls = 0;
    s->population = -1;
    if ((n = sf_ynode_get(val, "class"))) {
        snprintf(what, sizeof what, "%s: 'class'", where);
        if ((rc = sf_load_class(L, n, what, &s->cls)))
            return rc;
    }

    sf_profile_flat(&s->profile);
    if ((n = sf_ynode_get(val, "profile"))) {
        snprintf(what, sizeof what, "%s: 'profile'", where);
        if ((rc = sf_profile_load(L, n, what, &s->profile)))
            return rc;
    }
    return SF_OK;
}

int sf_load_class(sf_load *L, const sf_ynode *n, const char *what, int *cls) {
    loading *g = (loading *)L; /* L is the first member of its loading */
    int rc = sf_load_name(L, n, what);
    if (rc)
        return rc;
    *cls = class_index(g, n->text);
    if (*cls < 0) {
        *cls = L->m->nclasses++;
        if (!(g->classes[*cls] = sf_arena_strdup(&L->m->arena, n->text)))
            return sf_load_nomem(L);
    }
    return SF_OK;
}

static int load_sources(loading *g) {
    sf_load *L = &g->L;
    const sf_ynode *n = g->arrivals_node, *demand = sf_ynode_get(g->root, "demand");
    if (n && (n->type != SF_Y_MAP || n->n == 0))
        return sf_load_fail(L, n, 0,
                            "'arrivals' must be a mapping of sources such as {walk-ins: {rate: "
                            "4.5/h, to: desk}}, found %s",
                            n->type == SF_Y_MAP ? "an empty mapping" : sf_load_show(n).s);
    int count = n ? n->n : 0;
    /* Each demand entry may add one class (population_load.c). */
    int room = count + 1 + (demand && demand->type == SF_Y_SEQ ? demand->n : 0);
    sf_source *src = sf_arena_calloc(&L->m->arena, (size_t)count + 1, sizeof *src);
    g->classes = sf_arena_calloc(&L->m->arena, (size_t)room, sizeof *g->classes);
    if (!src || !g->classes)
        return sf_load_nomem(L);
    g->classes[0] = "default";
    L->m->nclasses = 1;
    L->m->classes = g->classes;
    L->m->sources = src;
    L->m->nsources = count;
    for (int i = 0; i < count; i++) {
        int rc = load_source(g, n->item[2 * i], n->item[2 * i + 1], &src[i]);
        if (rc)
            return rc;
    }
    return SF_OK;
}

/* ---- Units ------------------------------------------------------------- */

static int unit_names(loading *g) {
    sf_load *L = &g->L;
    const sf_ynode *n = g->units_node;
    if (n->type != SF_Y_MAP || n->n == 0)
        return sf_load_fail(L, n, 0,
                            "'units' must be a mapping of units such as {desk: {kind: walk-in, "
                            "servers: 2, service: exp(20m)}}, found %s",
                            n->type == SF_Y_MAP ? "an empty mapping" : sf_load_show(n).s);
    sf_unit *units = sf_arena_calloc(&L->m->arena, (size_t)n->n, sizeof *units);
    g->overflow_node = sf_arena_calloc(&L->m->arena, (size_t)n->n, sizeof *g->overflow_node);
    g->next_node = sf_arena_calloc(&L->m->arena, (size_t)n->n, sizeof *g->next_node);
    if (!units || !g->overflow_node || !g->next_node)
        return sf_load_nomem(L);
    L->m->units = g->units = units;
    for (int u = 0; u < n->n; u++) {
        const sf_ynode *k = n->item[2 * u];
        int rc = sf_load_name(L, k, "a unit");
        if (rc)
            return rc;
        if (strcmp(k->text, "home") == 0 || strcmp(k->text, "reject") == 0)
            return sf_load_fail(L, k, 0, "unit name '%s' is reserved (%s); choose another name",
                                k->text,
                                k->text[0] == 'h' ? "it means leaving the network"
                                                  : "it means turning patients away");
        if (!(units[u].name = sf_arena_strdup(&L->m->arena, k->text)))
            return sf_load_nomem(L);
        L->m->nunits = u + 1;
    }
    sf_load_unit_ix *ix = sf_arena_calloc(&L->m->arena, (size_t)n->n, sizeof *ix);
    if (!ix)
        return sf_load_nomem(L);
    for (int u = 0; u < n->n; u++)
        ix[u] = (sf_load_unit_ix){units[u].name, u};
    qsort(ix, (size_t)n->n, sizeof *ix, unit_ix_cmp);
    L->unit_ix = ix;
    return SF_OK;
}

static int load_triage(loading *g, const sf_ynode *n, const char *where, sf_unit *unit) {
    sf_load *L = &g->L;
    int nc = L->m->nclasses;
    int *rank = sf_arena_calloc(&L->m->arena, (size_t)nc, sizeof *rank);
    if (!rank)
        return sf_load_nomem(L);
    unit->rank = rank;
    unit->nranks = 1;
    if (!n)
        return SF_OK;
    if (n->type != SF_Y_SEQ || n->n == 0)
        return sf_load_fail(L, n, 0,
                            "%s: 'triage' must be a list of classes, first served first, such as "
                            "[red, yellow, green], found %s",
                            where, n->type == SF_Y_SEQ ? "an empty list" : sf_load_show(n).s);
    for (int c = 0; c < nc; c++)
        rank[c] = -1;
    for (int i = 0; i < n->n; i++) {
        const sf_ynode *x = n->item[i];
        const char *t = sf_load_text(x);
        int c = t && strlen(t) == x->len ? class_index(g, t) : -1;
        if (c < 0) {
            char known[256];
            size_t o = 0;
            for (int k = 0; k < nc && o < sizeof known; k++)
                o += (size_t)snprintf(known + o, sizeof known - o, "%s%s", k ? ", " : "",
                                      g->classes[k]);
            return sf_load_fail(L, x, 0,
                                "%s: triage names class %s, which no source uses; classes: %s",
                                where, sf_load_show(x).s, known);
        }
        if (rank[c] >= 0)
            return sf_load_fail(L, x, 0, "%s: class '%s' is listed twice in triage", where, t);
        rank[c] = i;
    }
    /* Classes not listed are served after every listed one. */
    int max = 0;
    for (int c = 0; c < nc; c++) {
        if (rank[c] < 0)
            rank[c] = n->n;
        if (rank[c] > max)
            max = rank[c];
    }
    unit->nranks = max + 1;
    return SF_OK;
}

/* on-drop and discharge (schedule.c has the grammar of the values). */
static int load_unit_schedule_keys(sf_load *L, const sf_ynode *val, const char *where,
                                   sf_unit *unit) {
    char what[200];
    const sf_ynode *n = sf_ynode_get(val, "on-drop");
    unit->on_drop = SF_ON_DROP_FINISH;
    if (n) {
        const char *t = sf_load_text(n);
        if (t && strcmp(t, "finish") == 0 && n->len == 6)
            unit->on_drop = SF_ON_DROP_FINISH;
        else if (t && strcmp(t, "handover") == 0 && n->len == 8)
            unit->on_drop = SF_ON_DROP_HANDOVER;
        else
            return sf_load_fail(L, n, 0, "%s: 'on-drop' must be finish or handover, found %s",
                                where, sf_load_show(n).s);
        if (unit->on_drop == SF_ON_DROP_HANDOVER && unit->kind == SF_UNIT_WARD)
            return sf_load_fail(L, n, 0,
                                "%s: 'on-drop: handover' is for walk-in units; on a ward a "
                                "closing bed is taken out of use when its patient leaves "
                                "(finish)",
                                where);
    }
    if ((n = sf_ynode_get(val, "discharge"))) {
        snprintf(what, sizeof what, "%s: 'discharge'", where);
        unsigned char *win;
        int rc = sf_window_load(L, n, what, &win);
        if (rc)
            return rc;
        unit->discharge = win;
    }
    return SF_OK;
}

static int load_unit(loading *g, int u) {
    sf_load *L = &g->L;
    const sf_ynode *key = g->units_node->item[2 * u], *val = g->units_node->item[2 * u + 1];
    sf_unit *unit = &g->units[u];
    char where[160], what[200];
    snprintf(where, sizeof where, "unit '%s'", unit->name);
    if (val->type != SF_Y_MAP)
        return sf_load_fail(L, val, 0,
                            "%s: expected a mapping with kind and its settings, found %s", where,
                            sf_load_show(val).s);
    const sf_ynode *n = sf_ynode_get(val, "kind");
    if (!n)
        return sf_load_fail(L, key, 0,
                            "%s: missing 'kind' (walk-in, ward, booked-clinic or response)", where);
    const char *t = sf_load_text(n);
    if (t && strcmp(t, "walk-in") == 0 && n->len == 7)
        unit->kind = SF_UNIT_WALKIN;
    else if (t && strcmp(t, "ward") == 0 && n->len == 4)
        unit->kind = SF_UNIT_WARD;
    else if (t && strcmp(t, "booked-clinic") == 0 && n->len == 13)
        unit->kind = SF_UNIT_BOOKED;
    else if (t && strcmp(t, "response") == 0 && n->len == 8)
        unit->kind = SF_UNIT_RESPONSE;
    else
        return sf_load_fail(L, n, 0,
                            "%s: 'kind' must be walk-in, ward, booked-clinic or response, found %s",
                            where, sf_load_show(n).s);
    int walkin = unit->kind == SF_UNIT_WALKIN, rc;
    uint64_t v;
    /* A booked clinic has its own keys (load_booked.c); overflow, triage
     * defaults and next are common. */
    if (unit->kind == SF_UNIT_BOOKED) {
        if ((rc = sf_booked_load(L, key, val, where, unit)))
            return rc;
        goto common;
    }
    if (unit->kind == SF_UNIT_RESPONSE) { /* load_response.c */
        if ((rc = sf_response_load(L, key, val, where, unit)))
            return rc;
        goto common;
    }
    if ((rc = check_keys(L, val, unit_keys, walkin ? K_WALKIN : K_WARD, where)))
        return rc;

    /* The kind's own names for capacity and duration. */
    const char *cap_key = walkin ? "servers" : "beds", *dur_key = walkin ? "service" : "los";
    if (!(n = sf_ynode_get(val, cap_key)))
        return sf_load_fail(L, key, 0, "%s: missing '%s' (a %s unit needs kind, %s and %s)", where,
                            cap_key, kind_names[unit->kind], cap_key, dur_key);
    snprintf(what, sizeof what, "%s: '%s'", where, cap_key);
    if (n->type == SF_Y_MAP) {
        sf_sched *sc;
        if ((rc = sf_sched_load(L, n, what, &sc)))
            return rc;
        unit->sched = sc;
        unit->capacity = sc->max;
    } else {
        if ((rc = get_uint(L, n, what, 1, MAX_CAPACITY, &v)))
            return rc;
        unit->capacity = (int)v;
    }
    if ((rc = load_unit_schedule_keys(L, val, where, unit)))
        return rc;
    if (!(n = sf_ynode_get(val, dur_key)))
        return sf_load_fail(L, key, 0, "%s: missing '%s' (a %s unit needs kind, %s and %s)", where,
                            dur_key, kind_names[unit->kind], cap_key, dur_key);
    snprintf(what, sizeof what, "%s: '%s'", where, dur_key);
    if ((rc = sf_dist_load(L, n, what, &unit->service)))
        return rc;

common:
    unit->org = "";
    if ((n = sf_ynode_get(val, "org"))) {
        snprintf(what, sizeof what, "%s: 'org'", where);
        if ((rc = sf_load_name(L, n, what)))
            return rc;
        if (!(unit->org = sf_arena_strdup(&L->m->arena, n->text)))
            return sf_load_nomem(L);
    }
    unit->care = sf_unit_kind_name(unit->kind);
    unit->care_given = 0;
    if ((n = sf_ynode_get(val, "care"))) {
        snprintf(what, sizeof what, "%s: 'care'", where);
        if ((rc = sf_load_name(L, n, what)))
            return rc;
        if (!(unit->care = sf_arena_strdup(&L->m->arena, n->text)))
            return sf_load_nomem(L);
        unit->care_given = 1;
    }
    const sf_ynode *qn = sf_ynode_get(val, "queue-limit"), *on = sf_ynode_get(val, "overflow");
    g->overflow_node[u] = on;
    unit->queue_limit = -1;
    unit->overflow = SF_DEST_NONE;
    if (qn) {
        snprintf(what, sizeof what, "%s: 'queue-limit'", where);
        if ((rc = get_uint(L, qn, what, 0, (uint64_t)INT64_MAX, &v)))
            return rc;
        unit->queue_limit = (int64_t)v;
        /* A full queue with nowhere to overflow turns patients away. */
        unit->overflow = SF_DEST_REJECT;
    }
    if (on) {
        snprintf(what, sizeof what, "%s: 'overflow'", where);
        t = sf_load_text(on);
        if (t && strcmp(t, "reject") == 0 && on->len == 6)
            unit->overflow = SF_DEST_REJECT;
        else if (!t)
            return sf_load_fail(L, on, 0, "%s: expected a unit name or reject, found %s", what,
                                sf_load_show(on).s);
        else if ((rc = destination(L, on, what, 0, &unit->overflow)))
            return rc;
        if (!qn)
            unit->queue_limit = 0; /* overflow at once when every place is taken */
    }

    if ((rc = load_triage(g, sf_ynode_get(val, "triage"), where, unit)))
        return rc;
    if ((n = sf_ynode_get(val, "return")) && (rc = sf_return_load(L, n, where, unit)))
        return rc;

    g->next_node[u] = n = sf_ynode_get(val, "next");
    if (n) {
        snprintf(what, sizeof what, "%s: 'next'", where);
        return route(L, n, what, 1, &unit->next);
    }
    int *dest = sf_arena_alloc(&L->m->arena, sizeof *dest);
    double *one = sf_arena_alloc(&L->m->arena, sizeof *one);
    if (!dest || !one)
        return sf_load_nomem(L);
    *dest = SF_DEST_HOME;
    *one = 1;
    unit->next = (sf_route){.n = 1, .dest = dest, .prob = one, .cum = one};
    return SF_OK;
}

/* An overflow chain that returns to where it started would pass a patient
 * around forever when all of its units are full. Each unit has at most one
 * overflow, so the chains form a functional graph: one walk per unit that
 * stops at the first unit already seen finds every cycle in O(units). The
 * message names the cycle through its first unit in file order. */
static int check_overflow_cycles(loading *g) {
    sf_load *L = &g->L;
    const sf_unit *units = L->m->units;
    int n = L->m->nunits;
    /* seen[v]: 0 not yet, u + 1 while on the walk from u, -1 done */
    int *seen = sf_arena_calloc(&L->m->arena, (size_t)n, sizeof *seen);
    if (!seen)
        return sf_load_nomem(L);
    int first = -1;
    for (int u = 0; u < n; u++) {
        int v = u;
        while (v >= 0 && seen[v] == 0) {
            seen[v] = u + 1;
            v = units[v].overflow;
        }
        if (v >= 0 && seen[v] == u + 1) {
            /* a new cycle through v: its smallest unit */
            int lo = v;
            for (int w = units[v].overflow; w != v; w = units[w].overflow)
                lo = w < lo ? w : lo;
            if (first < 0 || lo < first)
                first = lo;
        }
        for (v = u; v >= 0 && seen[v] == u + 1; v = units[v].overflow)
            seen[v] = -1;
    }
    if (first < 0)
        return SF_OK;
    int u = first;
    char path[400];
    size_t o = (size_t)snprintf(path, sizeof path, "%s", units[u].name);
    for (int v = units[u].overflow;; v = units[v].overflow) {
        if (o < sizeof path)
            o += (size_t)snprintf(path + o, sizeof path - o, " -> %s", units[v].name);
        if (v == u)
            break;
    }
    return sf_load_fail(L, g->overflow_node[u], 0,
                        "unit '%s': overflow cycle %s; a chain of overflows must end at a "
                        "unit without overflow or at reject",
                        units[u].name, path);
}

/* Every unit must reach home through 'next' with positive probability;
 * otherwise its patients would circulate between units for ever. A search
 * backwards from home over the 'next' links marks the units that reach it,
 * each unit and link once. */
static int check_exits(loading *g) {
    sf_load *L = &g->L;
    const sf_unit *units = L->m->units;
    int n = L->m->nunits;
    sf_arena *a = &L->m->arena;
    /* into[start[v]..start[v + 1]): the units with a link to v */
    int *start = sf_arena_calloc(a, (size_t)n + 1, sizeof *start);
    int *queue = sf_arena_calloc(a, (size_t)n, sizeof *queue);
    char *leaves = sf_arena_calloc(a, (size_t)n, 1);
    if (!start || !queue || !leaves)
        return sf_load_nomem(L);
    size_t links = 0;
    for (int u = 0; u < n; u++)
        for (int i = 0; i < units[u].next.n; i++)
            if (units[u].next.prob[i] > 0 && units[u].next.dest[i] >= 0) {
                start[units[u].next.dest[i] + 1]++;
                links++;
            }
    for (int v = 0; v < n; v++)
        start[v + 1] += start[v];
    int *into = sf_arena_calloc(a, links + 1, sizeof *into);
    int *fill = sf_arena_calloc(a, (size_t)n, sizeof *fill);
    if (!into || !fill)
        return sf_load_nomem(L);
    int head = 0, tail = 0;
    for (int u = 0; u < n; u++)
        for (int i = 0; i < units[u].next.n; i++) {
            int d = units[u].next.dest[i];
            if (!(units[u].next.prob[i] > 0))
                continue;
            if (d >= 0)
                into[start[d] + fill[d]++] = u;
            else if (d == SF_DEST_HOME && !leaves[u]) {
                leaves[u] = 1;
                queue[tail++] = u;
            }
        }
    while (head < tail) {
        int v = queue[head++];
        for (int k = start[v]; k < start[v + 1]; k++)
            if (!leaves[into[k]]) {
                leaves[into[k]] = 1;
                queue[tail++] = into[k];
            }
    }
    for (int u = 0; u < n; u++)
        if (!leaves[u])
            return sf_load_fail(L, g->next_node[u], 0,
                                "unit '%s': 'next' never leads home: patients would move between "
                                "units for ever; give some path a probability of going home",
                                units[u].name);
    return SF_OK;
}

/* A run must end: a loop that almost never leads home (next: {u:
 * .9999999999, home: 1e-10}) passes check_exits but would keep a patient
 * moving for ever, at the same instant if stays are zero. So the expected
 * requests per patient are bounded, as arrivals are (visits.c). */
static int check_visits(loading *g) {
    sf_model *m = g->L.m;
    double *x = sf_arena_calloc(&m->arena, (size_t)m->nunits + 1, sizeof *x);
    int loop;
    if (!x || sf_model_expected_visits(m, x, &loop))
        return sf_load_nomem(&g->L);
    /* a route without loops asks each unit once: the bound is on the rest */
    double most = SF_MAX_VISITS + m->nunits;
    for (int u = 0; u < m->nunits; u++)
        if (!(x[u] <= most))
            return sf_load_fail(&g->L, g->next_node[loop] ? g->next_node[loop] : g->units_node, 0,
                                "unit '%s': 'next' sends patients back so often that one who "
                                "comes to '%s' asks units for a place %.3g times on average; "
                                "expected at most %.0e: give the loop a larger chance of "
                                "leading home",
                                m->units[loop].name, m->units[u].name, x[u], most);
    return SF_OK;
}

/* ---- The model ---------------------------------------------------------- */

/* "path/to/model.yaml" -> "model". */
static char *default_name(sf_arena *a, const char *file) {
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot > base ? (size_t)(dot - base) : strlen(base);
    return len ? sf_arena_strndup(a, base, len) : sf_arena_strdup(a, "model");
}

static int load_model(loading *g) {
    sf_load *L = &g->L;
    sf_model *m = L->m;
    const sf_ynode *root = g->root, *n;
    int rc;
    if (root->type != SF_Y_MAP)
        return sf_load_fail(L, root, 0,
                            "expected a model: a mapping with horizon, arrivals and units, found "
                            "%s",
                            sf_load_show(root).s);
    if ((rc = check_keys(L, root, top_keys, K_BOTH, NULL)))
        return rc;
    if ((rc = sf_scenario_list(L, sf_ynode_get(root, "scenarios"))))
        return rc;

    if ((n = sf_ynode_get(root, "name"))) {
        if ((rc = sf_load_name(L, n, "the model's")))
            return rc;
        m->name = sf_arena_strdup(&m->arena, n->text);
    } else
        m->name = default_name(&m->arena, L->file);
    if (!m->name)
        return sf_load_nomem(L);

    if (!(n = sf_ynode_get(root, "horizon")))
        return sf_load_fail(L, root, 0,
                            "missing 'horizon' (the observed duration after warm-up, as in "
                            "horizon: 365d)");
    if ((rc = get_duration(L, n, "'horizon'", &m->horizon)))
        return rc;
    if (!(m->horizon > 0))
        return sf_load_fail(L, n, 0, "'horizon' must be > 0, found %s", sf_load_show(n).s);
    const sf_ynode *horizon = n;
    m->warmup = 0;
    if ((n = sf_ynode_get(root, "warmup")) && (rc = get_duration(L, n, "'warmup'", &m->warmup)))
        return rc;
    /* (How long a run takes is bounded by MAX_PATIENTS.) */
    if (!(m->horizon + m->warmup <= SF_LOAD_MAX_HOURS))
        return sf_load_fail(L, n ? n : horizon, 0,
                            "'warmup' plus 'horizon' must be at most 100000 years (100000y)");

    uint64_t v = 10;
    if ((n = sf_ynode_get(root, "replications")) &&
        (rc = get_uint(L, n, "'replications'", 1, MAX_REPLICATIONS, &v)))
        return rc;
    m->replications = (int)v;
    v = 1;
    if ((n = sf_ynode_get(root, "seed")) && (rc = get_uint(L, n, "'seed'", 0, UINT64_MAX, &v)))
        return rc;
    m->seed = v;
    if ((rc = sf_calendar_load(L, sf_ynode_get(root, "calendar"), &m->calendar)))
        return rc;
    if ((rc = load_weights(L, sf_ynode_get(root, "weights"))) ||
        (rc = sf_decisions_load(L, sf_ynode_get(root, "decisions"), sf_ynode_get(root, "cost"),
                                sf_ynode_get(root, "objective"))))
        return rc;

    if (!(g->arrivals_node = sf_ynode_get(root, "arrivals")) && !sf_ynode_get(root, "demand"))
        return sf_load_fail(L, root, 0,
                            "missing 'arrivals' or 'demand' (the sources of patients, as in "
                            "arrivals: {walk-ins: {rate: 4.5/h, to: desk}})");
    if (!(g->units_node = sf_ynode_get(root, "units")))
        return sf_load_fail(L, root, 0,
                            "missing 'units' (as in units: {desk: {kind: walk-in, servers: 2, "
                            "service: exp(20m)}})");
    if ((rc = unit_names(g)) || (rc = load_sources(g)) || (rc = sf_population_load(L, root)))
        return rc;
    for (int u = 0; u < m->nunits; u++)
        if ((rc = load_unit(g, u)))
            return rc;
    for (int u = 0; u < m->nunits; u++)
        if (m->units[u].nreturns &&
            (rc = sf_return_check(L, sf_ynode_get(g->units_node->item[2 * u + 1], "return"),
                                  &m->units[u])))
            return rc;
    if ((rc = check_overflow_cycles(g)) || (rc = check_exits(g)) || (rc = check_visits(g)) ||
        (rc = sf_population_check(L, root)))
        return rc;
    if ((rc = sf_response_check(L, root)))
        return rc;
    return sf_load_warnings(L, root);
}

/* Loads the base model (scenario NULL) or one scenario of it. */
static int load_variant(const char *name, const char *data, size_t len, const char *scenario,
                        sf_model **out, sf_diag *diag) {
    if (!out)
        return sf_diag_set(diag, SF_ERR_ARG, name, 0, 0, "no place for the model (out is NULL)");
    *out = NULL;
    if (!name)
        name = "<buffer>";
    sf_arena a = {0};
    sf_model *m = sf_arena_alloc(&a, sizeof *m);
    char *file = m ? sf_arena_strdup(&a, name) : NULL;
    if (!m || !file) {
        sf_arena_free(&a);
        return sf_diag_set(diag, SF_ERR_NOMEM, name, 0, 0, "out of memory");
    }
    m->arena = a;
    m->file = file;
    /* The YAML tree is only needed while loading: its own arena. */
    sf_arena tree = {0};
    loading g = {.L = {.m = m, .file = file, .diag = diag}};
    int rc = sf_ynode_parse(file, data, len, &tree, &g.root, diag);
    if (!rc && scenario) {
        /* The scenario list must be valid before any scenario is applied. */
        if (g.root->type == SF_Y_MAP)
            rc = sf_scenario_list(&g.L, sf_ynode_get(g.root, "scenarios"));
        if (!rc)
            rc = sf_scenario_apply(&tree, file, g.root, scenario, &g.root, diag);
        if (!rc && !(m->scenario = sf_arena_strdup(&m->arena, scenario)))
            rc = sf_load_nomem(&g.L);
        if (!rc && (rc = load_model(&g)) && rc != SF_ERR_NOMEM && diag &&
            strncmp(diag->msg, "scenario '", 10) != 0) {
            /* Say which variant is invalid: the position may be in the base. */
            char msg[sizeof diag->msg + 160];
            snprintf(msg, sizeof msg, "scenario '%.100s': %s", scenario, diag->msg);
            size_t n = strlen(msg) < sizeof diag->msg - 1 ? strlen(msg) : sizeof diag->msg - 1;
            memcpy(diag->msg, msg, n);
            diag->msg[n] = '\0';
        }
    } else if (!rc)
        rc = load_model(&g);
    sf_arena_free(&tree);
    if (rc) {
        sf_model_free(m);
        return rc;
    }
    *out = m;
    return SF_OK;
}

int sf_model_load_buffer(const char *name, const char *data, size_t len, sf_model **out,
                         sf_diag *diag) {
    return load_variant(name, data, len, NULL, out, diag);
}

int sf_model_load_scenario_buffer(const char *name, const char *data, size_t len,
                                  const char *scenario, sf_model **out, sf_diag *diag) {
    return load_variant(name, data, len, scenario, out, diag);
}

int sf_model_load_file(const char *path, sf_model **out, sf_diag *diag) {
    return sf_model_load_scenario_file(path, NULL, out, diag);
}

int sf_model_load_scenario_file(const char *path, const char *scenario, sf_model **out,
                                sf_diag *diag) {
    if (out)
        *out = NULL;
    if (!path)
        return sf_diag_set(diag, SF_ERR_ARG, NULL, 0, 0, "no model file given");
    FILE *f = fopen(path, "rb");
    if (!f)
        return sf_diag_set(diag, SF_ERR_IO, path, 0, 0, "cannot open: %s", strerror(errno));
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int err = 0;
    for (;;) {
        if (len == cap) {
            if (cap >= (size_t)MAX_FILE_BYTES) {
                fclose(f);
                free(buf);
                return sf_diag_set(diag, SF_ERR_IO, path, 0, 0,
                                   "larger than %ld MiB; a model file is far smaller",
                                   MAX_FILE_BYTES >> 20);
            }
            cap = cap ? cap * 2 : 64 * 1024;
            char *nb = realloc(buf, cap);
            if (!nb) {
                fclose(f);
                free(buf);
                return sf_diag_set(diag, SF_ERR_NOMEM, path, 0, 0, "out of memory");
            }
            buf = nb;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            err = ferror(f) ? errno : 0;
            break;
        }
    }
    fclose(f);
    if (err) {
        free(buf);
        return sf_diag_set(diag, SF_ERR_IO, path, 0, 0, "cannot read: %s", strerror(err));
    }
    int rc = load_variant(path, buf, len, scenario, out, diag);
    free(buf);
    return rc;
}
