/* serve_whatif.c: what-if runs for `samflyt serve` (serve.h, docs/api.md).
 *
 * A what-if is a scenario overlay, the same thing `scenarios:` holds in a
 * model file: dotted paths and their new values (units.kad.beds: 6). The
 * request's changes, and the demand growth factor turned into population
 * sizes and arrival rates, become one scenario added to the model's YAML
 * tree (libfyaml), which is emitted as text and loaded twice through the
 * public API: as the base model and as that scenario. Both run with the
 * same seed and replications (common random numbers) and the paired
 * differences come from the library's comparison (sf_compare), so the
 * answer is exactly what `samflyt compare` gives for the emitted model,
 * which the answer carries for download. */
#include "samflyt/compare.h"
#include "serve.h"

#include "samflyt/serve.h"

#include <libfyaml.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* The length of the valid UTF-8 sequence at s (n > 0 bytes left): 1 to
 * 4, or 0 when invalid (overlong, a surrogate, beyond U+10FFFF, cut
 * short); the library's readers apply the same rule. */
static size_t utf8_len(const unsigned char *s, size_t n) {
    unsigned c = s[0], cp;
    size_t k = c < 0x80                 ? 0
               : c >= 0xC2 && c <= 0xDF ? 1
               : c >= 0xE0 && c <= 0xEF ? 2
               : c >= 0xF0 && c <= 0xF4 ? 3
                                        : 4;
    if (k == 0)
        return 1;
    if (k == 4 || k >= n)
        return 0;
    cp = c & (0x3Fu >> k);
    for (size_t j = 1; j <= k; j++) {
        if ((s[j] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[j] & 0x3Fu);
    }
    if ((k == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return k + 1;
}

void serve_json_str(FILE *out, const char *s) {
    putc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            putc(*p, out);
    }
    putc('"', out);
}

void serve_json_num(FILE *out, double x) {
    if (isfinite(x))
        fprintf(out, "%.12g", x);
    else
        fputs("null", out);
}

void serve_clean_text(char *s) {
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t k = utf8_len((const unsigned char *)s + i, n - i);
        if (k == 0 || (k == 1 && ((unsigned char)s[i] < 0x20 || s[i] == 0x7f))) {
            s[i++] = '?';
            continue;
        }
        i += k;
    }
}

int serve_json_error(FILE *out, int status, const char *fmt, ...) {
    char msg[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* messages quote what the request sent, which may be any bytes */
    serve_clean_text(msg);
    fputs("{\"error\": ", out);
    serve_json_str(out, msg);
    fprintf(out, ", \"status\": %d}\n", status);
    return status;
}

/* The loader's message without its file:line:column, which would point
 * into the emitted text rather than the file on disk. */
static int model_error(FILE *out, int status, const char *shown, int err, const sf_diag *d) {
    return serve_json_error(out, status, "%s: %s", shown, d->msg[0] ? d->msg : sf_strerror(err));
}

/* libfyaml prints its parse errors unless given a diagnostic object that
 * does not: a request's bytes must not reach the server's terminal. */
static void discard(struct fy_diag *d, void *user, const char *buf, size_t len) {
    (void)d, (void)user, (void)buf, (void)len;
}

static struct fy_diag *quiet_diag(void) {
    struct fy_diag_cfg dc;
    fy_diag_cfg_default(&dc);
    dc.fp = NULL;
    dc.output_fn = discard;
    dc.colorize = false;
    return fy_diag_create(&dc);
}

/* ---- the changes a what-if may make ---------------------------------------- */

/* A name segment: no dot, quote, control character or space. */
static int name_ok(const char *s, size_t n) {
    if (n == 0 || n > 100)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c == '.' || c == '"' || c == 0x7f)
            return 0;
    }
    return 1;
}

/* Which overlay paths a request may set: capacities and populations. Other
 * keys (distributions, routes) stay as the model file has them, so a
 * request can neither read files nor make a run without bound. Returns the
 * last segment's kind: 1 capacity (servers, beds, doctors), 2 lists, 3
 * population size, 4 presence, 0 not allowed. */
static int path_kind(const char *p, size_t n, const char **name, size_t *namelen) {
    const char *dot1 = memchr(p, '.', n);
    if (!dot1)
        return 0;
    const char *rest = dot1 + 1, *end = p + n, *dot2;
    if (rest < end && *rest == '"') {
        /* a quoted name may hold dots: units."st.olav".beds */
        const char *q = memchr(rest + 1, '"', (size_t)(end - rest - 1));
        if (!q || q + 1 >= end || q[1] != '.' || q == rest + 1 ||
            memchr(rest + 1, '\\', (size_t)(q - rest - 1)))
            return 0;
        *name = rest + 1;
        *namelen = (size_t)(q - rest - 1);
        dot2 = q + 1;
    } else {
        dot2 = memchr(rest, '.', (size_t)(end - rest));
        if (!dot2 || !name_ok(rest, (size_t)(dot2 - rest)))
            return 0;
        *name = rest;
        *namelen = (size_t)(dot2 - rest);
    }
    size_t headl = (size_t)(dot1 - p), taill = (size_t)(end - dot2 - 1);
    const char *tail = dot2 + 1;
#define IS(s, lit) (s##l == sizeof lit - 1 && memcmp(s, lit, s##l) == 0)
    const char *head = p;
    if (IS(head, "units")) {
        if (IS(tail, "servers") || IS(tail, "beds") || IS(tail, "doctors"))
            return 1;
        if (IS(tail, "lists"))
            return 2;
    }
    if (IS(head, "populations")) {
        if (IS(tail, "size"))
            return 3;
        if (IS(tail, "presence"))
            return 4;
    }
#undef IS
    return 0;
}

/* A plain scalar read as a number; 0 when it is not one. */
static int scalar_num(struct fy_node *n, double *x) {
    if (!n || fy_node_get_type(n) != FYNT_SCALAR || fy_node_get_style(n) != FYNS_PLAIN)
        return 0;
    size_t len;
    const char *s = fy_node_get_scalar(n, &len);
    char buf[64];
    if (!s || len == 0 || len >= sizeof buf)
        return 0;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    *x = strtod(buf, &end);
    return *end == '\0' && isfinite(*x);
}

/* Every plain number in n (a scalar, or the values of a mapping or a
 * sequence, one level deep) lies in lo..hi. Other scalars (a period name,
 * "~") are left for the loader to judge. */
static int numbers_within(struct fy_node *n, double lo, double hi) {
    double x;
    if (fy_node_get_type(n) == FYNT_SCALAR)
        return !scalar_num(n, &x) || (x >= lo && x <= hi);
    void *it = NULL;
    if (fy_node_get_type(n) == FYNT_SEQUENCE) {
        struct fy_node *v;
        while ((v = fy_node_sequence_iterate(n, &it)))
            if (fy_node_get_type(v) != FYNT_SCALAR || (scalar_num(v, &x) && (x < lo || x > hi)))
                return 0;
        return 1;
    }
    struct fy_node_pair *pr;
    while ((pr = fy_node_mapping_iterate(n, &it))) {
        struct fy_node *v = fy_node_pair_value(pr);
        if (!v || fy_node_get_type(v) != FYNT_SCALAR || (scalar_num(v, &x) && (x < lo || x > hi)))
            return 0;
    }
    return 1;
}

/* ---- building the variant ---------------------------------------------------- */

typedef struct whatif {
    struct fy_document *req, *doc, *snip;
    struct fy_node *overlay;      /* the scenario's mapping, in doc */
    struct fy_node *snip_overlay; /* the same edits, in snip */
    char scen[128];
    int named;      /* scen is a scenario of the model file, not a what-if */
    char name[100]; /* its name in the charts ("name"), or "" */
    double growth;
    int reps, has_seed;
    uint64_t seed;
    char *yaml, *snippet;
} whatif;

/* Appends path: value to the overlay (and the snippet). value belongs to
 * doc. */
static int add_edit(whatif *w, const char *path, struct fy_node *value) {
    struct fy_node *k = fy_node_create_scalar_copy(w->doc, path, FY_NT);
    struct fy_node *k2 = fy_node_create_scalar_copy(w->snip, path, FY_NT);
    struct fy_node *v2 = fy_node_copy(w->snip, value);
    return !k || !k2 || !v2 || fy_node_mapping_append(w->overlay, k, value) ||
           fy_node_mapping_append(w->snip_overlay, k2, v2);
}

static struct fy_node *number_node(struct fy_document *d, const char *fmt, double x) {
    char buf[64];
    snprintf(buf, sizeof buf, fmt, x);
    return fy_node_create_scalar_copy(d, buf, FY_NT);
}

/* A name as a path segment: quoted when it holds a dot. */
static void seg(char *buf, size_t n, const char *head, const char *name, const char *tail) {
    if (strchr(name, '.'))
        snprintf(buf, n, "%s.\"%s\".%s", head, name, tail);
    else
        snprintf(buf, n, "%s.%s.%s", head, name, tail);
}

/* Reads the request's options and changes into w; top: the request itself
 * (which may carry earlier what-ifs), not one of its earlier ones or a
 * report's variant. Returns 0 or the status after writing the error. */
static int read_request(whatif *w, const sf_model *base, int top, FILE *out) {
    struct fy_node *root = fy_document_root(w->req);
    if (!root || fy_node_get_type(root) != FYNT_MAPPING)
        return serve_json_error(out, 400,
                                "the body must be a JSON object such as {\"model\": "
                                "\"care-chain/model.yaml\", \"changes\": [{\"path\": "
                                "\"units.kad.beds\", \"value\": 6}]}");
    void *it = NULL;
    struct fy_node_pair *pr;
    static const char *const known[] = {"model",        "changes", "growth",  "scenario", "name",
                                        "replications", "seed",    "earlier", NULL};
    while ((pr = fy_node_mapping_iterate(root, &it))) {
        size_t kl;
        const char *k = fy_node_get_scalar(fy_node_pair_key(pr), &kl);
        int ok = 0;
        for (int i = 0; k && known[i]; i++)
            ok |= strlen(known[i]) == kl && memcmp(known[i], k, kl) == 0;
        if (!ok)
            return serve_json_error(out, 400,
                                    "unknown field '%.*s'; a what-if has model, changes, growth "
                                    "(or scenario), name, replications, seed and earlier",
                                    k ? (int)(kl < 60 ? kl : 60) : 0, k ? k : "");
    }
    if (!top && fy_node_mapping_lookup_by_string(root, "earlier", FY_NT))
        return serve_json_error(out, 400,
                                "earlier belongs to the what-if itself, not to an earlier one or "
                                "to a report's variant");
    struct fy_node *nn = fy_node_mapping_lookup_by_string(root, "name", FY_NT);
    if (nn) {
        size_t nl = 0;
        /* a JSON string: double-quoted (7 or true are no name) */
        const char *nm =
            fy_node_get_type(nn) == FYNT_SCALAR && fy_node_get_style(nn) == FYNS_DOUBLE_QUOTED
                ? fy_node_get_scalar(nn, &nl)
                : NULL;
        if (!nm || nl == 0 || nl >= sizeof w->name || memchr(nm, '\0', nl))
            return serve_json_error(out, 400,
                                    "name must be a text of 1 to %d bytes (the variant's name in "
                                    "the charts)",
                                    (int)sizeof w->name - 1);
        memcpy(w->name, nm, nl);
        w->name[nl] = '\0';
        serve_clean_text(w->name);
    }
    double x;
    struct fy_node *g = fy_node_mapping_lookup_by_string(root, "growth", FY_NT);
    w->growth = 1;
    if (g && !(scalar_num(g, &w->growth) && w->growth >= SERVE_MIN_GROWTH &&
               w->growth <= SERVE_MAX_GROWTH))
        return serve_json_error(out, 400, "growth must be a number from %g to %g (1 = today)",
                                SERVE_MIN_GROWTH, SERVE_MAX_GROWTH);
    struct fy_node *r = fy_node_mapping_lookup_by_string(root, "replications", FY_NT);
    w->reps = sf_model_replications(base);
    if (r && !(scalar_num(r, &x) && x == floor(x) && x >= 2 && x <= SERVE_MAX_REPS))
        return serve_json_error(out, 400, "replications must be a whole number from 2 to %d",
                                SERVE_MAX_REPS);
    if (r)
        w->reps = (int)x;
    if (w->reps < 2)
        w->reps = 2; /* a paired interval needs two */
    struct fy_node *s = fy_node_mapping_lookup_by_string(root, "seed", FY_NT);
    w->seed = sf_model_seed(base);
    if (s && !(scalar_num(s, &x) && x == floor(x) && x >= 0 && x < 9007199254740992.0))
        return serve_json_error(out, 400, "seed must be a whole number >= 0");
    if (s)
        w->seed = (uint64_t)x;

    /* A scenario of the model file, run as it is written there. */
    struct fy_node *sn0 = fy_node_mapping_lookup_by_string(root, "scenario", FY_NT);
    if (sn0) {
        size_t nl = 0;
        const char *nm = fy_node_get_type(sn0) == FYNT_SCALAR ? fy_node_get_scalar(sn0, &nl) : NULL;
        if (fy_node_mapping_lookup_by_string(root, "changes", FY_NT) ||
            fy_node_mapping_lookup_by_string(root, "growth", FY_NT))
            return serve_json_error(out, 400,
                                    "give either a scenario of the model or changes and growth, "
                                    "not both");
        for (int i = 0; nm && i < sf_model_scenario_count(base); i++)
            if (strlen(sf_model_scenario_name(base, i)) == nl &&
                !memcmp(sf_model_scenario_name(base, i), nm, nl)) {
                snprintf(w->scen, sizeof w->scen, "%s", sf_model_scenario_name(base, i));
                w->named = 1;
                w->growth = 1;
                return 0;
            }
        return serve_json_error(out, 400, "the model has no scenario '%.*s'",
                                nm ? (int)(nl < 100 ? nl : 100) : 0, nm ? nm : "");
    }
    /* The scenario's name: one the model does not use. */
    snprintf(w->scen, sizeof w->scen, "what-if");
    for (int k = 2, clash = 1; clash; k++) {
        clash = 0;
        for (int i = 0; i < sf_model_scenario_count(base); i++)
            clash |= strcmp(sf_model_scenario_name(base, i), w->scen) == 0;
        if (clash)
            snprintf(w->scen, sizeof w->scen, "what-if-%d", k);
    }
    struct fy_node *droot = fy_document_root(w->doc);
    if (!droot || fy_node_get_type(droot) != FYNT_MAPPING)
        return serve_json_error(out, 500, "the model file is not a mapping");
    struct fy_node *sc = fy_node_mapping_lookup_by_string(droot, "scenarios", FY_NT);
    if (sc && fy_node_get_type(sc) != FYNT_MAPPING)
        return serve_json_error(out, 400, "the model's 'scenarios' is not a mapping");
    if (!sc) {
        sc = fy_node_create_mapping(w->doc);
        struct fy_node *k = fy_node_create_scalar(w->doc, "scenarios", FY_NT);
        if (!sc || !k || fy_node_mapping_append(droot, k, sc))
            return serve_json_error(out, 500, "out of memory");
    }
    struct fy_node *name = fy_node_create_scalar_copy(w->doc, w->scen, FY_NT);
    w->overlay = fy_node_create_mapping(w->doc);
    if (!name || !w->overlay || fy_node_mapping_append(sc, name, w->overlay))
        return serve_json_error(out, 500, "out of memory");
    /* The snippet: scenarios: {NAME: overlay}, to paste into the file. */
    w->snip = fy_document_create(NULL);
    struct fy_node *sm, *sk, *sn, *sroot;
    if (!w->snip || !(sroot = fy_node_create_mapping(w->snip)) ||
        !(sm = fy_node_create_mapping(w->snip)) ||
        !(sk = fy_node_create_scalar(w->snip, "scenarios", FY_NT)) ||
        !(sn = fy_node_create_scalar_copy(w->snip, w->scen, FY_NT)) ||
        !(w->snip_overlay = fy_node_create_mapping(w->snip)) ||
        fy_document_set_root(w->snip, sroot) || fy_node_mapping_append(sroot, sk, sm) ||
        fy_node_mapping_append(sm, sn, w->snip_overlay))
        return serve_json_error(out, 500, "out of memory");

    struct fy_node *ch = fy_node_mapping_lookup_by_string(root, "changes", FY_NT);
    if (ch && fy_node_get_type(ch) != FYNT_SEQUENCE)
        return serve_json_error(out, 400,
                                "changes must be a list of {\"path\": ..., \"value\": ...}");
    int nch = ch ? fy_node_sequence_item_count(ch) : 0;
    if (nch > SERVE_MAX_CHANGES)
        return serve_json_error(out, 400, "at most %d changes in one what-if, got %d",
                                SERVE_MAX_CHANGES, nch);
    /* population sizes after the changes, for the growth factor */
    int npop = sf_model_population_count(base);
    double *size = calloc((size_t)npop + 1, sizeof *size);
    if (!size)
        return serve_json_error(out, 500, "out of memory");
    for (int p = 0; p < npop; p++)
        size[p] = sf_model_population_size(base, p);
    int rc = 0;
    for (int i = 0; i < nch && !rc; i++) {
        struct fy_node *item = fy_node_sequence_get_by_index(ch, i);
        struct fy_node *pn = item && fy_node_get_type(item) == FYNT_MAPPING
                                 ? fy_node_mapping_lookup_by_string(item, "path", FY_NT)
                                 : NULL;
        struct fy_node *vn = pn ? fy_node_mapping_lookup_by_string(item, "value", FY_NT) : NULL;
        size_t pl = 0;
        const char *p =
            pn && fy_node_get_type(pn) == FYNT_SCALAR ? fy_node_get_scalar(pn, &pl) : NULL;
        if (!p || !vn || pl > 300 || fy_node_mapping_item_count(item) != 2) {
            rc = serve_json_error(out, 400,
                                  "changes[%d] must be {\"path\": \"units.kad.beds\", \"value\": "
                                  "6} (two fields, a path and a value)",
                                  i);
            break;
        }
        char path[320];
        snprintf(path, sizeof path, "%.*s", (int)pl, p);
        const char *nm;
        size_t nl;
        int kind = path_kind(path, strlen(path), &nm, &nl);
        if (!kind) {
            rc = serve_json_error(out, 400,
                                  "changes[%d]: '%s' cannot be changed here; a what-if changes "
                                  "units.NAME.servers, .beds, .doctors or .lists, and "
                                  "populations.NAME.size or .presence",
                                  i, path);
            break;
        }
        double lim = kind == 1 ? SERVE_MAX_CAPACITY : kind == 2 ? 1e6 : kind == 3 ? 1e7 : 1;
        if (!numbers_within(vn, 0, lim)) {
            rc = serve_json_error(out, 400, "changes[%d]: %s: every number must be from 0 to %g", i,
                                  path, lim);
            break;
        }
        if (kind == 3) {
            /* Sizes are set once, after the growth factor, below. */
            int found = -1;
            for (int q = 0; q < npop; q++)
                if (strlen(sf_model_population_name(base, q)) == nl &&
                    !memcmp(sf_model_population_name(base, q), nm, nl))
                    found = q;
            if (found < 0 || !scalar_num(vn, &size[found])) {
                rc = serve_json_error(out, 400,
                                      "changes[%d]: %s: the model has no such population, or the "
                                      "value is not a number",
                                      i, path);
                break;
            }
            continue;
        }
        struct fy_node *v = fy_node_copy(w->doc, vn);
        if (!v || add_edit(w, path, v))
            rc = serve_json_error(out, 500, "out of memory");
    }
    for (int p = 0; p < npop && !rc; p++) {
        double s0 = sf_model_population_size(base, p), s1 = size[p] * w->growth;
        if (s1 == s0)
            continue;
        if (s1 > 1e7) {
            rc = serve_json_error(out, 400, "population %s would have %.0f people; at most 1e7",
                                  sf_model_population_name(base, p), s1);
            break;
        }
        char path[320];
        seg(path, sizeof path, "populations", sf_model_population_name(base, p), "size");
        struct fy_node *v = number_node(w->doc, "%.10g", s1);
        if (!v || add_edit(w, path, v))
            rc = serve_json_error(out, 500, "out of memory");
    }
    free(size);
    /* Arrivals that come from no population grow by the same factor. */
    struct fy_node *arr = fy_node_mapping_lookup_by_string(droot, "arrivals", FY_NT);
    if (!rc && w->growth != 1 && arr && fy_node_get_type(arr) == FYNT_MAPPING) {
        it = NULL;
        while (!rc && (pr = fy_node_mapping_iterate(arr, &it))) {
            size_t nl;
            const char *nm = fy_node_get_scalar(fy_node_pair_key(pr), &nl);
            struct fy_node *a = fy_node_pair_value(pr);
            struct fy_node *rn = a && fy_node_get_type(a) == FYNT_MAPPING
                                     ? fy_node_mapping_lookup_by_string(a, "rate", FY_NT)
                                     : NULL;
            size_t rl = 0;
            const char *rs =
                rn && fy_node_get_type(rn) == FYNT_SCALAR ? fy_node_get_scalar(rn, &rl) : NULL;
            char name[128], rate[64];
            double per_hour;
            const char *why;
            if (!nm || nl >= sizeof name || !rs || rl >= sizeof rate) {
                rc = serve_json_error(out, 400,
                                      "the growth factor cannot scale arrivals '%.*s': its rate "
                                      "is not one number such as 14/d",
                                      nm ? (int)(nl < 100 ? nl : 100) : 0, nm ? nm : "");
                break;
            }
            snprintf(name, sizeof name, "%.*s", (int)nl, nm);
            snprintf(rate, sizeof rate, "%.*s", (int)rl, rs);
            if (sf_parse_rate(rate, &per_hour, &why)) {
                rc = serve_json_error(out, 400, "arrivals '%s': rate '%s': %s", name, rate, why);
                break;
            }
            char path[320];
            seg(path, sizeof path, "arrivals", name, "rate");
            struct fy_node *v = number_node(w->doc, "%.12g/h", per_hour * w->growth);
            if (!v || add_edit(w, path, v))
                rc = serve_json_error(out, 500, "out of memory");
        }
    }
    return rc;
}

static void whatif_free(whatif *w) {
    if (w->req)
        fy_document_destroy(w->req);
    if (w->doc)
        fy_document_destroy(w->doc);
    if (w->snip)
        fy_document_destroy(w->snip);
    free(w->yaml);
    free(w->snippet);
}

/* The answer: every indicator of variant v defined in it and the base,
 * the forest plots (every variant of c) and v's overlay. */
static void write_answer(FILE *out, const whatif *w, const sf_compare *c, int v, const char *shown,
                         const char *svg, double seconds) {
    fputs("{\"model\": ", out);
    serve_json_str(out, shown);
    fputs(", \"scenario\": ", out);
    serve_json_str(out, w->scen);
    fprintf(out, ", \"replications\": %d, \"seed\": %llu, \"growth\": ", w->reps,
            (unsigned long long)w->seed);
    serve_json_num(out, w->growth);
    fputs(", \"seconds\": ", out);
    serve_json_num(out, seconds);
    fputs(",\n\"overlay\": ", out);
    serve_json_str(out, w->snippet);
    fputs(",\n\"model_yaml\": ", out);
    serve_json_str(out, w->yaml);
    fputs(",\n\"svg\": ", out);
    serve_json_str(out, svg);
    fputs(",\n\"indicators\": [", out);
    int first = 1;
    for (int u = 0; u < sf_compare_unit_count(c); u++)
        for (int m = 0; m < SF_M_COUNT; m++) {
            sf_diff d = sf_compare_diff(c, v, u, (sf_metric)m);
            if (d.n == 0)
                continue;
            fputs(first ? "\n" : ",\n", out);
            first = 0;
            fputs("{\"unit\": ", out);
            serve_json_str(out, sf_compare_unit_name(c, u));
            fputs(", \"metric\": ", out);
            serve_json_str(out, sf_metric_name((sf_metric)m));
            fputs(", \"measure\": ", out);
            serve_json_str(out, sf_metric_unit((sf_metric)m));
            const double v[] = {d.base, d.value, d.diff, d.lo, d.hi, d.half};
            const char *const k[] = {"base", "variant", "diff", "lo", "hi", "half"};
            for (int j = 0; j < 6; j++) {
                fprintf(out, ", \"%s\": ", k[j]);
                serve_json_num(out, v[j]);
            }
            fprintf(out, ", \"n\": %d, \"significant\": %s}", d.n,
                    d.significant ? "true" : "false");
        }
    fputs("\n]}\n", out);
}

/* ---- the base runs, kept ------------------------------------------------------ */

/* A meeting tries many what-ifs on one model: the base run is the same
 * each time (same file, replications and seed), so the last few are kept
 * and shared, halving the time of a what-if. The variants tried are kept
 * too (key: the model text with the variant and its scenario's name), as
 * each what-if's chart draws the earlier ones beside it. A kept run is
 * read only; refs counts the requests using it, and only an unused one is
 * dropped. */
enum { BASE_CACHE = 24 };
static struct base_run {
    dev_t dev;
    ino_t ino;
    struct timespec mtime;
    off_t size;
    int reps;
    uint64_t seed;
    sf_results *r;
    int refs;
    unsigned long used;
    char *key; /* NULL: the base run; else the variant's (owned) */
} base_cache[BASE_CACHE];
static pthread_mutex_t base_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long base_clock;

static int same_run(const struct base_run *b, const struct stat *st, int reps, uint64_t seed,
                    const char *key) {
    return b->r && b->dev == st->st_dev && b->ino == st->st_ino &&
           b->mtime.tv_sec == st->st_mtim.tv_sec && b->mtime.tv_nsec == st->st_mtim.tv_nsec &&
           b->size == st->st_size && b->reps == reps && b->seed == seed &&
           (key ? b->key && !strcmp(b->key, key) : !b->key);
}

/* The kept run of the file st with reps and seed, or NULL: the base run
 * (key NULL) or the variant of key. */
static sf_results *run_get(const struct stat *st, int reps, uint64_t seed, const char *key) {
    sf_results *r = NULL;
    pthread_mutex_lock(&base_lock);
    for (int i = 0; i < BASE_CACHE && !r; i++)
        if (same_run(&base_cache[i], st, reps, seed, key)) {
            base_cache[i].refs++;
            base_cache[i].used = ++base_clock;
            r = base_cache[i].r;
        }
    pthread_mutex_unlock(&base_lock);
    return r;
}

/* Done with r: a kept run loses a user; one that is not kept is kept when
 * a slot is free or unused (then owned by the cache), else freed. */
static void run_put(sf_results *r, const struct stat *st, int reps, uint64_t seed,
                    const char *key) {
    if (!r)
        return;
    pthread_mutex_lock(&base_lock);
    for (int i = 0; i < BASE_CACHE; i++)
        if (base_cache[i].r == r) {
            base_cache[i].refs--;
            pthread_mutex_unlock(&base_lock);
            return;
        }
    int victim = -1;
    for (int i = 0; i < BASE_CACHE; i++) {
        if (same_run(&base_cache[i], st, reps, seed, key)) {
            victim = -2; /* another request kept the same run meanwhile */
            break;
        }
        if (base_cache[i].refs == 0 &&
            (victim < 0 || !base_cache[i].r || base_cache[i].used < base_cache[victim].used))
            victim = i;
    }
    char *kept = victim >= 0 && key ? strdup(key) : NULL;
    if (victim >= 0 && (!key || kept)) {
        struct base_run *b = &base_cache[victim];
        sf_results_free(b->r);
        free(b->key);
        *b = (struct base_run){st->st_dev, st->st_ino, st->st_mtim, st->st_size,  reps,
                               seed,       r,          0,           ++base_clock, kept};
        r = NULL;
    }
    pthread_mutex_unlock(&base_lock);
    sf_results_free(r);
}

static sf_results *base_get(const struct stat *st, int reps, uint64_t seed) {
    return run_get(st, reps, seed, NULL);
}

static void base_put(sf_results *r, const struct stat *st, int reps, uint64_t seed) {
    run_put(r, st, reps, seed, NULL);
}

void serve_whatif_cleanup(void) {
    pthread_mutex_lock(&base_lock);
    for (int i = 0; i < BASE_CACHE; i++) {
        sf_results_free(base_cache[i].r);
        free(base_cache[i].key);
        base_cache[i] = (struct base_run){0};
    }
    pthread_mutex_unlock(&base_lock);
}

/* One variant, built from a what-if request's body: the base model and
 * the variant as loaded from one text (the model file with the what-if
 * added as a scenario). */
typedef struct built {
    whatif w;
    sf_model *base, *variant;
    struct stat st; /* the model file's, taken before it was read */
    char file[PATH_MAX], shown[PATH_MAX];
    char *key; /* the variant's kept run's key: scenario name and model text */
} built;

static void built_free(built *b) {
    sf_model_free(b->base);
    sf_model_free(b->variant);
    whatif_free(&b->w);
    free(b->key);
    memset(b, 0, sizeof *b);
}

/* Parses a what-if body into b. Returns 0, or the status after writing
 * the error to out. */
static int build(serve_resolve_fn resolve, const void *ctx, const char *body, size_t len, int top,
                 struct fy_diag *fd, built *b, FILE *out) {
    whatif *w = &b->w;
    sf_diag d = {0};
    int rc, err;
    struct fy_parse_cfg json_cfg = {.flags = FYPCF_QUIET | FYPCF_JSON_FORCE, .diag = fd};
    struct fy_parse_cfg yaml_cfg = {.flags = FYPCF_QUIET, .diag = fd};
    if (!(w->req = fy_document_build_from_string(&json_cfg, body, len)))
        return serve_json_error(out, 400, "the body is not valid JSON");
    struct fy_node *root = fy_document_root(w->req);
    struct fy_node *mn = root && fy_node_get_type(root) == FYNT_MAPPING
                             ? fy_node_mapping_lookup_by_string(root, "model", FY_NT)
                             : NULL;
    size_t ml = 0;
    const char *ms = mn && fy_node_get_type(mn) == FYNT_SCALAR ? fy_node_get_scalar(mn, &ml) : NULL;
    if (!ms || ml == 0 || ml >= sizeof b->shown || memchr(ms, '\0', ml))
        return serve_json_error(out, 400,
                                "the body must be a JSON object with \"model\": the path of a "
                                "model in the served folder");
    memcpy(b->shown, ms, ml);
    b->shown[ml] = '\0';
    if ((rc = resolve(ctx, b->shown, b->file, out)))
        return rc;
    /* Before the file is read: a change after this has a later mtime, so
     * the run kept under this one is never taken for the new content. */
    if (stat(b->file, &b->st))
        memset(&b->st, 0, sizeof b->st); /* never matches a kept run: st_ino 0 */
    if ((err = sf_model_load_file(b->file, &b->base, &d)))
        return model_error(out, 422, b->shown, err, &d);
    if (!(w->doc = fy_document_build_from_file(&yaml_cfg, b->file)))
        return serve_json_error(out, 500, "%s: cannot read the model again", b->shown);
    if ((rc = read_request(w, b->base, top, out)))
        return rc;
    w->yaml = fy_emit_document_to_string(w->doc, FYECF_DEFAULT);
    w->snippet = w->named ? strdup("")
                          : fy_emit_document_to_string(w->snip, FYECF_MODE_BLOCK | FYECF_WIDTH_INF);
    size_t kl = w->yaml ? strlen(w->scen) + strlen(w->yaml) + 2 : 0;
    if (!w->yaml || !w->snippet || !(b->key = malloc(kl)))
        return serve_json_error(out, 500, "out of memory");
    snprintf(b->key, kl, "%s\n%s", w->scen, w->yaml);
    /* Both from the same text, so that the base is exactly the model the
     * exported file holds. */
    sf_model_free(b->base);
    b->base = NULL;
    if ((err =
             sf_model_load_scenario_buffer(b->shown, w->yaml, strlen(w->yaml), NULL, &b->base, &d)))
        return model_error(out, 422, b->shown, err, &d);
    if ((err = sf_model_load_scenario_buffer(b->shown, w->yaml, strlen(w->yaml), w->scen,
                                             &b->variant, &d)))
        return model_error(out, 400, b->shown, err, &d);
    double pb = sf_model_patients_bound(b->base, w->reps),
           pv = sf_model_patients_bound(b->variant, w->reps);
    if (pb > SERVE_MAX_PATIENTS || pv > SERVE_MAX_PATIENTS)
        return serve_json_error(out, 400,
                                "too much work for one request: up to %.3g patients per variant "
                                "(%d replications); the limit is %.3g. Use fewer replications or "
                                "a smaller change",
                                pb > pv ? pb : pv, w->reps, SERVE_MAX_PATIENTS);
    return 0;
}

static sf_run_opts run_opts(const serve_run *run, const whatif *w) {
    return (sf_run_opts){.replications = w->reps,
                         .threads = run->threads,
                         .has_seed = 1,
                         .seed = w->seed,
                         .cancel = run->cancel,
                         .cancel_user = run->cancel_user};
}

/* Builds item i of a request's list `what` (a what-if body) into b; an
 * error is said to be that item's. Returns 0 or the status. */
static int build_item(serve_resolve_fn resolve, const void *ctx, struct fy_node *node,
                      const char *what, int i, struct fy_diag *fd, built *b, FILE *out) {
    char *one = fy_emit_node_to_string(node, FYECF_MODE_JSON_ONELINE | FYECF_NO_ENDING_NEWLINE);
    if (!one)
        return serve_json_error(out, 500, "out of memory");
    char *where = NULL;
    size_t wl = 0;
    FILE *e = open_memstream(&where, &wl);
    int rc = e ? build(resolve, ctx, one, strlen(one), 0, fd, b, e) : 500;
    free(one);
    if (e)
        fclose(e);
    if (rc) {
        /* the item's own error (already escaped JSON text), said to be the item's */
        char msg[1400];
        const char *m = where ? strstr(where, "\"error\": \"") : NULL;
        const char *q = m ? strstr(m + 10, "\", \"status\"") : NULL;
        snprintf(msg, sizeof msg, "%s[%d]: %.*s", what, i, m && q ? (int)(q - m - 10) : 0,
                 m && q ? m + 10 : "");
        fprintf(out, "{\"error\": \"%s\", \"status\": %d}\n", msg, rc);
    }
    free(where);
    return rc;
}

/* The runs of n variants b[0..n) of one model: res[0] the base, res[1..n]
 * the variants, kept for later requests when done (runs_done). */
static int run_variants(built *b, int n, const serve_run *run, sf_results **res, FILE *out) {
    sf_diag d = {0};
    int err;
    sf_run_opts ro = run_opts(run, &b[0].w);
    res[0] = b[0].st.st_ino ? base_get(&b[0].st, b[0].w.reps, b[0].w.seed) : NULL;
    if (!res[0] && (err = sf_run(b[0].base, &ro, &res[0], &d)))
        return err == SF_ERR_CANCELLED ? SERVE_GONE : model_error(out, 500, b[0].shown, err, &d);
    for (int i = 0; i < n; i++) {
        res[i + 1] = b[i].st.st_ino ? run_get(&b[i].st, b[i].w.reps, b[i].w.seed, b[i].key) : NULL;
        if (!res[i + 1] && (err = sf_run(b[i].variant, &ro, &res[i + 1], &d)))
            return err == SF_ERR_CANCELLED ? SERVE_GONE
                                           : model_error(out, 500, b[i].shown, err, &d);
    }
    return 0;
}

static void runs_done(built *b, int n, sf_results **res) {
    for (int i = 0; i <= n; i++) {
        const built *o = &b[i ? i - 1 : 0];
        if (o->st.st_ino)
            run_put(res[i], &o->st, o->w.reps, o->w.seed, i ? o->key : NULL);
        else
            sf_results_free(res[i]);
    }
}

/* Every variant of b[0..n) of the model of b[ref] with the same
 * replications and seed (they are compared in pairs)? Else the status. */
static int same_model(const built *b, int n, int ref, const char *what, FILE *out) {
    for (int i = 0; i < n; i++)
        if (strcmp(b[i].file, b[ref].file) || b[i].w.reps != b[ref].w.reps ||
            b[i].w.seed != b[ref].w.seed)
            return serve_json_error(out, 400,
                                    "%s[%d]: every variant must be of the same model with the "
                                    "same replications and seed (they are compared in pairs)",
                                    what, i);
    return 0;
}

/* The variants' names in the charts: a name given, a scenario's own, else
 * "what-if N" by place. */
static void variant_names(const built *b, int n, char (*names)[160], const char **namep) {
    snprintf(names[0], sizeof names[0], "base");
    namep[0] = names[0];
    for (int i = 0; i < n; i++) {
        if (b[i].w.name[0])
            snprintf(names[i + 1], sizeof names[i + 1], "%s", b[i].w.name);
        else if (b[i].w.named)
            snprintf(names[i + 1], sizeof names[i + 1], "%s", b[i].w.scen);
        else
            snprintf(names[i + 1], sizeof names[i + 1], "what-if %d", i + 1);
        namep[i + 1] = names[i + 1];
    }
}

int serve_whatif(serve_resolve_fn resolve, const void *ctx, const char *body, size_t len,
                 const serve_run *run, FILE *out) {
    /* b[0..n-1): the earlier what-ifs the chart draws beside this one, b[n-1] */
    built b[SERVE_MAX_VARIANTS] = {0}, cur = {0};
    sf_results *res[SERVE_MAX_VARIANTS + 1] = {NULL};
    char names[SERVE_MAX_VARIANTS + 1][160];
    const char *namep[SERVE_MAX_VARIANTS + 1];
    sf_compare *cmp = NULL;
    sf_diag d = {0};
    char *svg = NULL;
    size_t svglen = 0;
    struct fy_diag *fd = NULL;
    int rc, err, n = 0, ran = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (!(fd = quiet_diag())) {
        rc = serve_json_error(out, 500, "out of memory");
        goto done;
    }
    if ((rc = build(resolve, ctx, body, len, 1, fd, &cur, out)))
        goto done;
    struct fy_node *ea =
        fy_node_mapping_lookup_by_string(fy_document_root(cur.w.req), "earlier", FY_NT);
    int ne = ea && fy_node_get_type(ea) == FYNT_SEQUENCE ? fy_node_sequence_item_count(ea) : 0;
    if (ea && (fy_node_get_type(ea) != FYNT_SEQUENCE || ne > SERVE_MAX_VARIANTS - 1)) {
        rc = serve_json_error(out, 400,
                              "earlier must be a list of at most %d what-ifs (each as this "
                              "request takes it, of the same model), drawn beside this one",
                              SERVE_MAX_VARIANTS - 1);
        goto done;
    }
    for (; n < ne; n++)
        if ((rc = build_item(resolve, ctx, fy_node_sequence_get_by_index(ea, n), "earlier", n, fd,
                             &b[n], out))) {
            n++; /* built in part: freed below */
            goto done;
        }
    b[n++] = cur;
    cur = (built){0};
    if ((rc = same_model(b, n, n - 1, "earlier", out)))
        goto done;
    ran = 1;
    if ((rc = run_variants(b, n, run, res, out)))
        goto done;
    variant_names(b, n, names, namep);
    if ((err = sf_compare_new((const sf_results *const *)res, namep, n + 1, &cmp, &d))) {
        rc = model_error(out, 500, b[0].shown, err, &d);
        goto done;
    }
    /* the model's weights put its weighted indicators first, as in its
     * report; a model whose weights do not rank still gets its charts */
    if (sf_compare_set_ranking(cmp, NULL, b[0].base, &d))
        d = (sf_diag){0};
    FILE *sf = open_memstream(&svg, &svglen);
    if (!sf || sf_serve_svg_forest(sf, cmp, b[0].base, run->accept_language) || fclose(sf)) {
        rc = serve_json_error(out, 500, "out of memory");
        goto done;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    write_answer(out, &b[n - 1].w, cmp, n, b[n - 1].shown, svg,
                 (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    rc = 200;
done:
    free(svg);
    sf_compare_free(cmp);
    if (ran)
        runs_done(b, n, res);
    for (int i = 0; i < n; i++)
        built_free(&b[i]);
    built_free(&cur);
    if (fd)
        fy_diag_destroy(fd);
    return rc;
}

int serve_report(serve_resolve_fn resolve, const void *ctx, const char *body, size_t len,
                 const serve_run *run, FILE *out) {
    built b[SERVE_MAX_VARIANTS] = {0};
    sf_results *res[SERVE_MAX_VARIANTS + 1] = {NULL};
    char names[SERVE_MAX_VARIANTS + 1][160];
    const char *namep[SERVE_MAX_VARIANTS + 1];
    sf_compare *cmp = NULL;
    sf_diag d = {0};
    struct fy_document *req = NULL;
    struct fy_diag *fd = quiet_diag();
    int rc = 0, err, n = 0, ran = 0;
    struct fy_parse_cfg json_cfg = {.flags = FYPCF_QUIET | FYPCF_JSON_FORCE, .diag = fd};
    if (!fd) {
        rc = serve_json_error(out, 500, "out of memory");
        goto done;
    }
    if (!(req = fy_document_build_from_string(&json_cfg, body, len))) {
        rc = serve_json_error(out, 400, "the body is not valid JSON");
        goto done;
    }
    struct fy_node *root = fy_document_root(req);
    struct fy_node *vs =
        root && fy_node_get_type(root) == FYNT_MAPPING && fy_node_mapping_item_count(root) == 1
            ? fy_node_mapping_lookup_by_string(root, "variants", FY_NT)
            : NULL;
    if (!vs || fy_node_get_type(vs) != FYNT_SEQUENCE || fy_node_sequence_item_count(vs) < 1) {
        rc = serve_json_error(out, 400,
                              "the body must be {\"variants\": [what-if, ...]}, each what-if "
                              "as POST /api/what-if takes it, all of one model");
        goto done;
    }
    int nv = fy_node_sequence_item_count(vs);
    if (nv > SERVE_MAX_VARIANTS) {
        rc = serve_json_error(out, 400, "at most %d variants in one report, got %d",
                              SERVE_MAX_VARIANTS, nv);
        goto done;
    }
    for (; n < nv; n++)
        if ((rc = build_item(resolve, ctx, fy_node_sequence_get_by_index(vs, n), "variants", n, fd,
                             &b[n], out))) {
            n++; /* built in part: freed below */
            goto done;
        }
    if ((rc = same_model(b, n, 0, "variants", out)))
        goto done;
    ran = 1;
    if ((rc = run_variants(b, n, run, res, out)))
        goto done;
    variant_names(b, n, names, namep);
    if ((err = sf_compare_new((const sf_results *const *)res, namep, n + 1, &cmp, &d))) {
        rc = model_error(out, 500, b[0].shown, err, &d);
        goto done;
    }
    /* the model's own weights and targets rank the variants, as in compare */
    if ((err = sf_compare_set_ranking(cmp, NULL, b[0].base, &d))) {
        rc = model_error(out, 422, b[0].shown, err, &d);
        goto done;
    }
    /* the page is written last: an error before it leaves out JSON only */
    if ((err = sf_serve_html_report(out, cmp, b[0].base, run->accept_language))) {
        rc = serve_json_error(out, 500, "the report could not be written: %s", sf_strerror(err));
        goto done;
    }
    rc = 200;
done:
    sf_compare_free(cmp);
    if (ran)
        runs_done(b, n, res);
    for (int i = 0; i < n; i++)
        built_free(&b[i]);
    if (req)
        fy_document_destroy(req);
    if (fd)
        fy_diag_destroy(fd);
    return rc;
}

/* ---- model information and the model page -------------------------------------- */

int serve_model_info(const char *file, const char *shown, FILE *out) {
    sf_model *m;
    sf_diag d = {0};
    int err = sf_model_load_file(file, &m, &d);
    if (err)
        return model_error(out, 422, shown, err, &d);
    fputs("{\"path\": ", out);
    serve_json_str(out, shown);
    fputs(", \"name\": ", out);
    serve_json_str(out, sf_model_name(m));
    fprintf(out,
            ", \"replications\": %d, \"seed\": %llu, \"horizon_days\": ", sf_model_replications(m),
            (unsigned long long)sf_model_seed(m));
    serve_json_num(out, sf_model_horizon(m) / 24);
    fputs(",\n\"units\": [", out);
    for (int u = 0; u < sf_model_unit_count(m); u++) {
        const char *name = sf_model_unit_name(m, u), *key = sf_model_unit_capacity_key(m, u);
        int scheduled = 0, cap = sf_model_unit_capacity(m, u, &scheduled);
        fputs(u ? ",\n" : "\n", out);
        fputs("{\"name\": ", out);
        serve_json_str(out, name);
        fputs(", \"kind\": ", out);
        serve_json_str(out, sf_model_unit_kind(m, u));
        fprintf(out, ", \"capacity_key\": \"%s\", \"capacity\": %d, \"scheduled\": %s", key, cap,
                scheduled ? "true" : "false");
        char path[300];
        seg(path, sizeof path, "units", name, key);
        fputs(", \"path\": ", out);
        serve_json_str(out, path);
        fputs("}", out);
    }
    fputs("\n],\n\"populations\": [", out);
    for (int p = 0; p < sf_model_population_count(m); p++) {
        const char *name = sf_model_population_name(m, p);
        fputs(p ? ",\n" : "\n", out);
        fputs("{\"name\": ", out);
        serve_json_str(out, name);
        fputs(", \"size\": ", out);
        serve_json_num(out, sf_model_population_size(m, p));
        char path[300];
        seg(path, sizeof path, "populations", name, "size");
        fputs(", \"path\": ", out);
        serve_json_str(out, path);
        fprintf(out, ", \"listed\": %s}", sf_model_population_listed(m, p) ? "true" : "false");
    }
    fputs("\n],\n\"scenarios\": [", out);
    for (int s = 0; s < sf_model_scenario_count(m); s++) {
        fputs(s ? ", " : "", out);
        serve_json_str(out, sf_model_scenario_name(m, s));
    }
    fputs("]}\n", out);
    sf_model_free(m);
    return 200;
}

int serve_model_page(const char *file, const char *shown, const serve_run *run,
                     const char *accept_language, FILE *out) {
    sf_model *m;
    sf_results *r = NULL;
    sf_diag d = {0};
    struct stat st; /* before the read, as in serve_whatif */
    if (stat(file, &st))
        memset(&st, 0, sizeof st);
    int err = sf_model_load_file(file, &m, &d);
    if (err)
        return model_error(out, 422, shown, err, &d);
    int rc = 200;
    int reps = sf_model_replications(m) < 2 ? 2 : sf_model_replications(m);
    uint64_t seed = sf_model_seed(m);
    if (sf_model_patients_bound(m, reps) > SERVE_MAX_PATIENTS) {
        rc =
            serve_json_error(out, 400, "%s: the base run is larger than one request may be", shown);
        goto done;
    }
    /* The base run a what-if with the model's settings needs: kept for
     * it, and taken from an earlier what-if or page. */
    sf_run_opts ro = {.replications = reps,
                      .threads = run->threads,
                      .has_seed = 1,
                      .seed = seed,
                      .cancel = run->cancel,
                      .cancel_user = run->cancel_user};
    r = st.st_ino ? base_get(&st, reps, seed) : NULL;
    if (!r && (err = sf_run(m, &ro, &r, &d))) {
        rc = err == SF_ERR_CANCELLED ? SERVE_GONE : model_error(out, 500, shown, err, &d);
        goto done;
    }
    if (sf_serve_html_model_for(out, shown, m, r, accept_language))
        rc = serve_json_error(out, 500, "out of memory");
done:
    if (st.st_ino)
        base_put(r, &st, reps, seed);
    else
        sf_results_free(r);
    sf_model_free(m);
    return rc;
}
