/* scenario.c: applies a scenario overlay to the parsed YAML tree before the
 * loader reads it (scenario.h, docs/model.md "Scenarios").
 *
 * An overlay is a list of edits applied in the order written; each edit is
 * a dotted path and a value:
 *   units.kad.beds: 8             set a key (replacing what was there)
 *   units.new-kad: {kind: ward..} add a key; maps on the way are created
 *   units.kad: ~                  remove a key (null or ~ removes)
 *   units.gp-office.lists: [...]  replace a whole list
 *   demand.0.rate: 3/y            a whole-number segment indexes a list
 *   demand.+: {...}               `+` appends to a list
 *   units."st.olav".beds: 20      a quoted segment may contain dots
 *
 * The original tree is never changed: every mapping or list on the path is
 * copied (shallowly) into the caller's arena and the rest is shared, so
 * the base model and all scenarios can come from one parse. Nodes that an
 * edit creates carry the position of the edit's path, so the loader's
 * diagnostics about them point into the overlay. */
#include "model/scenario.h"

#include "core/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct seg {
    const char *s;
    size_t len;
    size_t off; /* byte offset in the path text, for columns */
} seg;

typedef struct path {
    seg segs[SF_SCENARIO_MAX_DEPTH];
    int n;
} path;

/* Splits text[0..len) at dots outside double quotes. Returns 0, or -1 with
 * *why and *at (byte offset) describing the problem. */
static int parse_path(const char *text, size_t len, path *p, const char **why, size_t *at) {
    p->n = 0;
    size_t i = 0;
    for (;;) {
        if (p->n == SF_SCENARIO_MAX_DEPTH) {
            *why = "the path has too many parts";
            *at = i;
            return -1;
        }
        seg *s = &p->segs[p->n];
        if (i < len && text[i] == '"') {
            size_t j = i + 1;
            while (j < len && text[j] != '"')
                j++;
            if (j == len) {
                *why = "a quoted part of the path has no closing \"";
                *at = i;
                return -1;
            }
            *s = (seg){text + i + 1, j - i - 1, i + 1};
            i = j + 1;
            if (i < len && text[i] != '.') {
                *why = "expected '.' after a quoted part of the path";
                *at = i;
                return -1;
            }
        } else {
            size_t j = i;
            while (j < len && text[j] != '.')
                j++;
            *s = (seg){text + i, j - i, i};
            i = j;
        }
        if (s->len == 0) {
            *why = "the path has an empty part (two dots in a row, or a dot at an end)";
            *at = s->off;
            return -1;
        }
        p->n++;
        if (i == len)
            return 0;
        i++; /* the dot */
        if (i == len) {
            *why = "the path has an empty part (two dots in a row, or a dot at an end)";
            *at = i - 1;
            return -1;
        }
    }
}

/* Column of byte offset at in the key node k (exact when the key is
 * written verbatim on its line). */
static int col_at(const sf_ynode *k, size_t at) {
    if (!k->verbatim)
        return k->col;
    int c = k->col;
    for (size_t i = 0; i < at && i < k->len; i++)
        c += ((unsigned char)k->text[i] & 0xc0) != 0x80;
    /* a quoted key starts one column before its text */
    return c;
}

/* ---- Listing (while loading the base model) ------------------------------ */

static int is_name_ok(const sf_ynode *k) {
    if (k->type != SF_Y_SCALAR || k->null || k->len < 1 || k->len > 100 ||
        strlen(k->text) != k->len)
        return 0;
    for (size_t i = 0; i < k->len; i++)
        if ((unsigned char)k->text[i] < 0x20 || k->text[i] == 0x7f)
            return 0;
    return 1;
}

int sf_scenario_list(sf_load *L, const sf_ynode *n) {
    sf_model *m = L->m;
    m->nscenarios = 0;
    m->scenario_names = NULL;
    if (!n)
        return SF_OK;
    if (n->type != SF_Y_MAP)
        return sf_load_fail(L, n, 0,
                            "'scenarios' must be a mapping of scenario names to changes, such as "
                            "scenarios: {more-kad: {units.kad.beds: 8}}, found %s",
                            sf_load_show(n).s);
    const char **names = sf_arena_calloc(&m->arena, (size_t)n->n + 1, sizeof *names);
    if (!names)
        return sf_load_nomem(L);
    for (int i = 0; i < n->n; i++) {
        const sf_ynode *k = n->item[2 * i], *v = n->item[2 * i + 1];
        if (!is_name_ok(k))
            return sf_load_fail(L, k, 0,
                                "a scenario name must be 1 to 100 characters without control "
                                "characters, found %s",
                                sf_load_show(k).s);
        if (strcmp(k->text, "base") == 0)
            return sf_load_fail(L, k, 0,
                                "scenario name 'base' is reserved for the model without changes; "
                                "choose another name");
        if (v->type != SF_Y_MAP && !v->null)
            return sf_load_fail(L, v, 0,
                                "scenario '%s': expected a mapping of paths to values, such as "
                                "{units.kad.beds: 8}, found %s",
                                k->text, sf_load_show(v).s);
        for (int j = 0; v->type == SF_Y_MAP && j < v->n; j++) {
            const sf_ynode *pk = v->item[2 * j];
            path p;
            const char *why;
            size_t at = 0;
            if (strlen(pk->text) != pk->len || parse_path(pk->text, pk->len, &p, &why, &at))
                return sf_diag_set(L->diag, SF_ERR_MODEL, L->file, pk->line, col_at(pk, at),
                                   "scenario '%s': %s: %s; a path names keys from the top, "
                                   "such as units.kad.beds",
                                   k->text, sf_load_show(pk).s,
                                   strlen(pk->text) != pk->len ? "contains a NUL byte" : why);
        }
        if (!(names[i] = sf_arena_strdup(&m->arena, k->text)))
            return sf_load_nomem(L);
    }
    m->nscenarios = n->n;
    m->scenario_names = names;
    return SF_OK;
}

/* ---- Applying ------------------------------------------------------------- */

typedef struct applying {
    sf_arena *a;
    const char *file;
    const char *name; /* the scenario */
    sf_diag *diag;
    const sf_ynode *key; /* the edit's path key */
    const sf_ynode *value;
    path p;
} applying;

static int fail_at(applying *c, int k, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A diagnostic at path segment k of the current edit, naming the path up
 * to and including that segment. */
static int fail_at(applying *c, int k, const char *fmt, ...) {
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t upto = (size_t)(c->p.segs[k].s - c->key->text) + c->p.segs[k].len;
    if (upto < c->key->len && c->key->text[upto] == '"')
        upto++;
    return sf_diag_set(c->diag, SF_ERR_MODEL, c->file, c->key->line,
                       col_at(c->key, c->p.segs[k].off), "scenario '%s': %.*s: %s", c->name,
                       (int)(upto < 200 ? upto : 200), c->key->text, msg);
}

static int nomem(applying *c) {
    return sf_diag_set(c->diag, SF_ERR_NOMEM, c->file, 0, 0, "out of memory");
}

/* A node of the given type positioned at segment k of the edit. */
static sf_ynode *new_node(applying *c, sf_ynode_type type, int k) {
    sf_ynode *n = sf_arena_calloc(c->a, 1, sizeof *n);
    if (n) {
        n->type = type;
        n->line = c->key->line;
        n->col = col_at(c->key, c->p.segs[k].off);
    }
    return n;
}

/* The key node of segment k. */
static sf_ynode *new_key(applying *c, int k) {
    sf_ynode *n = new_node(c, SF_Y_SCALAR, k);
    char *t = n ? sf_arena_strndup(c->a, c->p.segs[k].s, c->p.segs[k].len) : NULL;
    if (!t)
        return NULL;
    n->text = t;
    n->len = c->p.segs[k].len;
    return n;
}

/* A copy of collection n with room for `extra` more items (pairs count as
 * two), items copied. */
static sf_ynode *copy_coll(applying *c, const sf_ynode *n, int extra, const sf_ynode ***items) {
    sf_ynode *x = sf_arena_alloc(c->a, sizeof *x);
    int count = (n->type == SF_Y_MAP ? 2 * n->n : n->n);
    const sf_ynode **it = sf_arena_calloc(c->a, (size_t)(count + extra) + 1, sizeof *it);
    if (!x || !it)
        return NULL;
    *x = *n;
    memcpy(it, n->item, (size_t)count * sizeof *it);
    x->item = it;
    *items = it;
    return x;
}

static int seg_is(const seg *s, const char *t) {
    return s->len == strlen(t) && memcmp(s->s, t, s->len) == 0;
}

/* What a node is, for messages. */
static const char *shown(const sf_ynode *n, char *buf, size_t size) {
    snprintf(buf, size, "%s", sf_load_show(n).s);
    return buf;
}

/* Sets segment k..end of the edit inside node n (NULL: absent), giving the
 * rewritten node in *out (NULL: n should be removed). */
static int apply_at(applying *c, const sf_ynode *n, int k, const sf_ynode **out) {
    const seg *s = &c->p.segs[k];
    int last = k == c->p.n - 1;
    char buf[100];
    if (!n || (n->type == SF_Y_SCALAR && n->null)) {
        /* Absent or empty: a new mapping holding the rest of the path. */
        if (c->value->null && last)
            return fail_at(c, k, "nothing there to remove");
        if (seg_is(s, "+"))
            return fail_at(c, k, "'+' appends to a list, but there is no list here");
        const sf_ynode *child = c->value;
        int rc;
        if (!last && (rc = apply_at(c, NULL, k + 1, &child)))
            return rc;
        sf_ynode *map = new_node(c, SF_Y_MAP, k);
        sf_ynode *key = new_key(c, k);
        const sf_ynode **it = sf_arena_calloc(c->a, 2, sizeof *it);
        if (!map || !key || !it)
            return nomem(c);
        if (n) { /* an empty value in the file: keep its position */
            map->line = n->line;
            map->col = n->col;
        }
        it[0] = key;
        it[1] = child;
        map->item = it;
        map->n = 1;
        *out = map;
        return SF_OK;
    }
    if (n->type == SF_Y_SCALAR)
        return fail_at(c, k > 0 ? k - 1 : k,
                       "is %s, not a mapping or a list, so it has no '%.*s'; set the whole value "
                       "instead (for a schedule, such as {default: 2, weekend: 3})",
                       shown(n, buf, sizeof buf), (int)(s->len < 60 ? s->len : 60), s->s);
    if (n->type == SF_Y_MAP) {
        int found = -1;
        for (int i = 0; i < n->n && found < 0; i++) {
            const sf_ynode *key = n->item[2 * i];
            if (key->len == s->len && memcmp(key->text, s->s, s->len) == 0)
                found = i;
        }
        const sf_ynode *child = c->value;
        if (last && c->value->null) {
            if (found < 0)
                return fail_at(c, k, "nothing there to remove");
            child = NULL;
        } else if (!last) {
            int rc = apply_at(c, found >= 0 ? n->item[2 * found + 1] : NULL, k + 1, &child);
            if (rc)
                return rc;
        }
        const sf_ynode **it;
        sf_ynode *x = copy_coll(c, n, found < 0 ? 2 : 0, &it);
        if (!x)
            return nomem(c);
        if (found < 0) {
            sf_ynode *key = new_key(c, k);
            if (!key)
                return nomem(c);
            it[2 * n->n] = key;
            it[2 * n->n + 1] = child;
            x->n = n->n + 1;
        } else if (child) {
            it[2 * found + 1] = child;
        } else { /* remove the pair, keeping the order of the rest */
            memmove(it + 2 * found, it + 2 * found + 2,
                    (size_t)(2 * (n->n - found - 1)) * sizeof *it);
            x->n = n->n - 1;
        }
        *out = x;
        return SF_OK;
    }
    /* A list: an index or +. */
    long idx = -1;
    if (seg_is(s, "+")) {
        if (!last)
            return fail_at(c, k, "'+' appends a whole item and must end the path");
        if (c->value->null)
            return fail_at(c, k, "'+' appends an item; ~ (remove) does not apply");
        idx = n->n;
    } else {
        uint64_t v;
        if (sf_load_uint(s->s, s->len, &v) || v >= (uint64_t)n->n) {
            if (n->n == 0)
                return fail_at(c, k, "the list is empty; use '+' to append an item");
            return fail_at(c, k,
                           "expected an item number from 0 to %d (the list has %d items) or '+' "
                           "to append",
                           n->n - 1, n->n);
        }
        idx = (long)v;
    }
    const sf_ynode *child = c->value;
    if (last && c->value->null)
        child = NULL;
    else if (!last) {
        int rc = apply_at(c, n->item[idx], k + 1, &child);
        if (rc)
            return rc;
    }
    const sf_ynode **it;
    sf_ynode *x = copy_coll(c, n, idx == n->n ? 1 : 0, &it);
    if (!x)
        return nomem(c);
    if (idx == n->n) {
        it[idx] = child;
        x->n = n->n + 1;
    } else if (child) {
        it[idx] = child;
    } else {
        memmove(it + idx, it + idx + 1, (size_t)(n->n - idx - 1) * sizeof *it);
        x->n = n->n - 1;
    }
    *out = x;
    return SF_OK;
}

int sf_scenario_apply(sf_arena *a, const char *file, const sf_ynode *root, const char *name,
                      const sf_ynode **out, sf_diag *diag) {
    *out = root;
    const sf_ynode *list = root && root->type == SF_Y_MAP ? sf_ynode_get(root, "scenarios") : NULL;
    const sf_ynode *overlay = NULL;
    int found = 0;
    for (int i = 0; list && list->type == SF_Y_MAP && i < list->n; i++)
        if (strcmp(list->item[2 * i]->text, name) == 0 && strlen(name) == list->item[2 * i]->len) {
            overlay = list->item[2 * i + 1];
            found = 1;
        }
    if (!found) {
        char known[300];
        size_t o = 0;
        known[0] = '\0';
        for (int i = 0; list && list->type == SF_Y_MAP && i < list->n && o < sizeof known; i++)
            o += (size_t)snprintf(known + o, sizeof known - o, "%s%s", i ? ", " : "",
                                  list->item[2 * i]->text);
        return sf_diag_set(diag, SF_ERR_ARG, file, 0, 0, "no scenario '%s' in the model%s%s", name,
                           o ? "; scenarios: " : " (it has no scenarios)", known);
    }
    applying c = {.a = a, .file = file, .name = name, .diag = diag};
    const sf_ynode *cur = root;
    for (int i = 0; overlay->type == SF_Y_MAP && i < overlay->n; i++) {
        c.key = overlay->item[2 * i];
        c.value = overlay->item[2 * i + 1];
        const char *why;
        size_t at;
        if (parse_path(c.key->text, c.key->len, &c.p, &why, &at))
            return sf_diag_set(diag, SF_ERR_MODEL, file, c.key->line, col_at(c.key, at),
                               "scenario '%s': %s", name, why); /* checked when listed */
        if (seg_is(&c.p.segs[0], "scenarios"))
            return fail_at(&c, 0, "a scenario cannot change the scenarios");
        if (seg_is(&c.p.segs[0], "weights"))
            return fail_at(&c, 0,
                           "a scenario cannot change the weights: they rank all the variants "
                           "together, so they belong to the base model");
        const sf_ynode *next = NULL;
        int rc = apply_at(&c, cur, 0, &next);
        if (rc)
            return rc;
        if (!next)
            return fail_at(&c, 0, "the model itself cannot be removed");
        cur = next;
    }
    *out = cur;
    return SF_OK;
}

/* ---- Public accessors ------------------------------------------------------ */

int sf_model_scenario_count(const sf_model *m) { return m ? m->nscenarios : 0; }

const char *sf_model_scenario_name(const sf_model *m, int i) {
    return m && i >= 0 && i < m->nscenarios ? m->scenario_names[i] : NULL;
}

const char *sf_model_scenario(const sf_model *m) { return m ? m->scenario : NULL; }
