/* ynode.c: builds the position-carrying YAML tree of ynode.h from
 * libfyaml's event stream, iteratively and with a depth bound, so hostile
 * input can neither recurse nor expand. */
#include "model/ynode.h"

#include "core/diag.h"

#include <libfyaml.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct builder {
    const char *file;
    const char *data; /* the source, for single-quoted scalars */
    size_t len;
    sf_diag *diag;
    sf_arena *a;
    sf_ynode *stack[SF_YNODE_MAX_DEPTH];
    int depth;
    sf_ynode *root;
    int line, col;    /* position of the last event that had one, 1-based */
    int second_doc;   /* a second document began at an event without a mark */
    char output[256]; /* libfyaml's first uncollected message */
} builder;

static int fail(builder *b, int code, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int fail(builder *b, int code, int line, int col, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sf_diag_set(b->diag, code, b->file, line, col, "%s", msg);
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n) {
    unsigned c = s[0];
    size_t len;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        len = 2, min = 0x80;
    else if (c >= 0xe0 && c <= 0xef)
        len = 3, min = 0x800;
    else if (c >= 0xf0 && c <= 0xf4)
        len = 4, min = 0x10000;
    else
        return 0;
    if (n < len)
        return 0;
    unsigned cp = c & (0x3f >> (len - 1));
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

/* libfyaml passes NUL bytes and invalid UTF-8 through silently in some
 * positions; a model file must be text, so say where it is not. */
static int check_text(builder *b, const char *data, size_t len) {
    const unsigned char *s = (const unsigned char *)data;
    int line = 1, col = 1;
    for (size_t i = 0; i < len;) {
        if (s[i] == '\0')
            return fail(b, SF_ERR_SYNTAX, line, col,
                        "the file contains a NUL byte; expected UTF-8 text");
        size_t k = utf8_len(s + i, len - i);
        if (!k)
            return fail(b, SF_ERR_SYNTAX, line, col,
                        "invalid UTF-8 (byte 0x%02x); expected UTF-8 text", s[i]);
        if (s[i] == '\n')
            line++, col = 1;
        else
            col++;
        i += k;
    }
    return SF_OK;
}

static void mark_pos(const struct fy_mark *m, int *line, int *col) {
    *line = m->line + 1;
    *col = m->column + 1;
}

/* Codepoints in s[0..n), for comparing a scalar's length with its span. */
static long codepoints(const char *s, size_t n) {
    long c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xc0) != 0x80;
    return c;
}

static sf_ynode *new_node(builder *b, sf_ynode_type type) {
    sf_ynode *n = sf_arena_alloc(b->a, sizeof *n);
    if (n) {
        n->type = type;
        n->line = b->line;
        n->col = b->col;
    }
    return n;
}

static const char *type_name(const sf_ynode *n) {
    return n->type == SF_Y_MAP ? "a mapping" : n->type == SF_Y_SEQ ? "a list" : "a scalar";
}

/* Hangs n under the open collection (or makes it the root). */
static int attach(builder *b, sf_ynode *n) {
    if (b->depth == 0) {
        b->root = n;
        return SF_OK;
    }
    sf_ynode *p = b->stack[b->depth - 1];
    if (p->type == SF_Y_MAP && p->nchild % 2 == 0 && n->type != SF_Y_SCALAR)
        return fail(b, SF_ERR_MODEL, n->line, n->col,
                    "a mapping key must be a plain name, found %s", type_name(n));
    if (p->last_child)
        p->last_child->next_child = n;
    else
        p->first_child = n;
    p->last_child = n;
    p->nchild++;
    return SF_OK;
}

static int key_cmp(const void *x, const void *y) {
    const sf_ynode *a = *(const sf_ynode *const *)x, *b = *(const sf_ynode *const *)y;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    int c = memcmp(a->text, b->text, a->len);
    if (c)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return (a->col > b->col) - (a->col < b->col);
}

static int before(const sf_ynode *a, const sf_ynode *b) {
    return a->line < b->line || (a->line == b->line && a->col < b->col);
}

/* Sorting the keys finds duplicates in O(n log n) even in a large
 * mapping; the one reported is the earliest repetition in the file. */
static int check_duplicates(builder *b, sf_ynode *map) {
    if (map->n < 2)
        return SF_OK;
    const sf_ynode **keys = sf_arena_calloc(b->a, (size_t)map->n, sizeof *keys);
    if (!keys)
        return fail(b, SF_ERR_NOMEM, 0, 0, "out of memory");
    for (int i = 0; i < map->n; i++)
        keys[i] = map->item[2 * i];
    qsort(keys, (size_t)map->n, sizeof *keys, key_cmp);
    const sf_ynode *dup = NULL, *first = NULL;
    for (int i = 1; i < map->n; i++)
        if (keys[i]->len == keys[i - 1]->len &&
            memcmp(keys[i]->text, keys[i - 1]->text, keys[i]->len) == 0 &&
            (!dup || before(keys[i], dup))) {
            dup = keys[i];
            first = keys[i - 1];
        }
    if (!dup)
        return SF_OK;
    /* The first occurrence is the earliest of the equal run. */
    for (int i = 0; i < map->n; i++)
        if (keys[i]->len == dup->len && memcmp(keys[i]->text, dup->text, dup->len) == 0 &&
            before(keys[i], first))
            first = keys[i];
    char shown[64];
    snprintf(shown, sizeof shown, "%s", dup->text);
    for (char *c = shown; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?';
    return fail(b, SF_ERR_MODEL, dup->line, dup->col, "duplicate key '%s' (first given at line %d)",
                shown, first->line);
}

/* Turns the child list of a closed collection into the item array. */
static int close_node(builder *b, sf_ynode *n) {
    if (n->type == SF_Y_MAP && n->nchild % 2)
        return fail(b, SF_ERR_SYNTAX, n->line, n->col, "a mapping key without a value");
    sf_ynode **items = sf_arena_calloc(b->a, n->nchild ? (size_t)n->nchild : 1, sizeof *items);
    if (!items)
        return fail(b, SF_ERR_NOMEM, 0, 0, "out of memory");
    int i = 0;
    for (sf_ynode *c = n->first_child; c; c = c->next_child)
        items[i++] = c;
    n->item = (const sf_ynode *const *)items;
    n->n = n->type == SF_Y_MAP ? n->nchild / 2 : n->nchild;
    return n->type == SF_Y_MAP ? check_duplicates(b, n) : SF_OK;
}

static int is_blank(char c) { return c == ' ' || c == '\t'; }
static int is_break(char c) { return c == '\n' || c == '\r'; }

/* The value of a single-quoted scalar from its source text (between the
 * quotes): '' is a quote, and line breaks fold as YAML says (one break is
 * a space, n > 1 breaks are n - 1 newlines, blanks around breaks go).
 * libfyaml 0.7.12 leaks a buffer in fy_token_get_text() for single-quoted
 * scalars with five or more '' in a row, and the fuzzer finds it at once;
 * this is the whole of the style, so we decode it here. */
static char *single_quoted(sf_arena *a, const char *s, size_t n, size_t *len) {
    char *out = sf_arena_alloc(a, n + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] == '\'' && i + 1 < n && s[i + 1] == '\'') {
            out[o++] = '\'';
            i += 2;
        } else if (is_break(s[i])) {
            while (o && is_blank(out[o - 1]))
                o--;
            int breaks = 0;
            while (i < n && is_break(s[i])) {
                i += s[i] == '\r' && i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
                breaks++;
                while (i < n && is_blank(s[i]))
                    i++;
            }
            if (breaks == 1)
                out[o++] = ' ';
            else
                for (int k = 1; k < breaks; k++)
                    out[o++] = '\n';
        } else
            out[o++] = s[i++];
    }
    out[o] = '\0';
    *len = o;
    return out;
}

static int scalar_node(builder *b, struct fy_event *e) {
    sf_ynode *n = new_node(b, SF_Y_SCALAR);
    if (!n)
        return fail(b, SF_ERR_NOMEM, 0, 0, "out of memory");
    struct fy_token *t = e->scalar.value;
    size_t len = 0;
    char *copy = NULL;
    const struct fy_mark *ts = t ? fy_token_start_mark(t) : NULL;
    const struct fy_mark *te = t ? fy_token_end_mark(t) : NULL;
    if (t && fy_token_scalar_style(t) == FYSS_SINGLE_QUOTED && ts && te &&
        ts->input_pos <= te->input_pos && te->input_pos <= b->len) {
        copy = single_quoted(b->a, b->data + ts->input_pos, te->input_pos - ts->input_pos, &len);
    } else {
        const char *text = t ? fy_token_get_text(t, &len) : NULL;
        if (!text)
            len = 0;
        copy = sf_arena_strndup(b->a, text ? text : "", len);
    }
    if (!copy)
        return fail(b, SF_ERR_NOMEM, 0, 0, "out of memory");
    n->text = copy;
    n->len = len;
    int plain = !t || fy_token_scalar_style(t) == FYSS_PLAIN;
    n->null = plain && (len == 0 || strcmp(copy, "~") == 0 || strcmp(copy, "null") == 0 ||
                        strcmp(copy, "Null") == 0 || strcmp(copy, "NULL") == 0);
    const struct fy_mark *s = fy_event_start_mark(e), *end = fy_event_end_mark(e);
    n->verbatim = s && end && s->line == end->line && strlen(copy) == len &&
                  end->column - s->column == codepoints(copy, len);
    return attach(b, n);
}

static const char *token_text(struct fy_token *t, char *buf, size_t size) {
    size_t len = 0;
    const char *s = t ? fy_token_get_text(t, &len) : NULL;
    snprintf(buf, size, "%.*s", s ? (int)(len < 40 ? len : 40) : 0, s ? s : "");
    for (char *c = buf; *c; c++)
        if ((unsigned char)*c < 0x20)
            *c = '?';
    return buf;
}

/* One event; *done is set at the end of the stream. */
static int on_event(builder *b, struct fy_event *e, int *docs, int *done) {
    struct fy_token *tag = NULL;
    const struct fy_mark *m = fy_event_start_mark(e);
    if (m)
        mark_pos(m, &b->line, &b->col);
    if (b->second_doc && m)
        return fail(b, SF_ERR_MODEL, b->line, b->col,
                    "a second YAML document starts here; a model file holds one document");
    switch (e->type) {
    case FYET_SCALAR: tag = e->scalar.tag; break;
    case FYET_MAPPING_START: tag = e->mapping_start.tag; break;
    case FYET_SEQUENCE_START: tag = e->sequence_start.tag; break;
    default: break;
    }
    if (tag) {
        /* Show the tag as written (!!str), not resolved (tag:yaml.org,...). */
        size_t hl = 0, sl = 0;
        const char *h = fy_tag_token_handle(tag, &hl), *sfx = fy_tag_token_suffix(tag, &sl);
        char buf[48];
        snprintf(buf, sizeof buf, "%.*s%.*s", h ? (int)(hl < 8 ? hl : 8) : 0, h ? h : "",
                 sfx ? (int)(sl < 32 ? sl : 32) : 0, sfx ? sfx : "");
        for (char *c = buf; *c; c++)
            if ((unsigned char)*c < 0x20)
                *c = '?';
        const struct fy_mark *tm = fy_token_start_mark(tag);
        if (tm)
            mark_pos(tm, &b->line, &b->col);
        return fail(b, SF_ERR_MODEL, b->line, b->col,
                    "YAML tags such as '%s' are not supported; write the plain value", buf);
    }
    switch (e->type) {
    case FYET_DOCUMENT_START:
        if (++*docs > 1) {
            /* An implicit start (after `...`) has no mark: report at the
             * first event of the document that has one. */
            b->second_doc = 1;
            if (m)
                return fail(b, SF_ERR_MODEL, b->line, b->col,
                            "a second YAML document starts here; a model file holds one "
                            "document");
        }
        return SF_OK;
    case FYET_STREAM_END: *done = 1; return SF_OK;
    case FYET_ALIAS: {
        char buf[48];
        return fail(b, SF_ERR_MODEL, b->line, b->col,
                    "YAML aliases (*%s) are not supported; write the value out in full",
                    token_text(e->alias.anchor, buf, sizeof buf));
    }
    case FYET_SCALAR: return scalar_node(b, e);
    case FYET_MAPPING_START:
    case FYET_SEQUENCE_START: {
        if (b->depth == SF_YNODE_MAX_DEPTH)
            return fail(b, SF_ERR_MODEL, b->line, b->col,
                        "nested more than %d levels deep; a model needs far fewer",
                        SF_YNODE_MAX_DEPTH);
        sf_ynode *n = new_node(b, e->type == FYET_MAPPING_START ? SF_Y_MAP : SF_Y_SEQ);
        if (!n)
            return fail(b, SF_ERR_NOMEM, 0, 0, "out of memory");
        int rc = attach(b, n);
        if (rc)
            return rc;
        b->stack[b->depth++] = n;
        return SF_OK;
    }
    case FYET_MAPPING_END:
    case FYET_SEQUENCE_END:
        if (b->depth == 0) /* libfyaml never does this; be safe anyway */
            return fail(b, SF_ERR_SYNTAX, b->line, b->col, "unbalanced collection");
        return close_node(b, b->stack[--b->depth]);
    default: return SF_OK;
    }
}

/* libfyaml collects most errors with their position, but reports a few
 * (an unsupported %YAML version) only through the output function: keep
 * the first such text as a fallback message. */
static void quiet_output(struct fy_diag *d, void *user, const char *buf, size_t len) {
    (void)d;
    builder *b = user;
    if (b->output[0] || !buf)
        return;
    while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
        len--;
    snprintf(b->output, sizeof b->output, "%.*s", (int)(len < 200 ? len : 200), buf);
    for (char *c = b->output; *c; c++)
        if ((unsigned char)*c < 0x20)
            *c = ' ';
}

/* The first error libfyaml collected, as our diagnostic. */
static int syntax_error(builder *b, struct fy_diag *fd) {
    void *it = NULL;
    struct fy_diag_error *e;
    while ((e = fy_diag_errors_iterate(fd, &it)))
        if (e->type >= FYET_ERROR)
            return fail(b, SF_ERR_SYNTAX, e->line > 0 ? e->line : b->line,
                        e->line > 0 && e->column > 0 ? e->column : b->col, "YAML syntax error: %s",
                        e->msg ? e->msg : "not well-formed");
    if (b->output[0])
        return fail(b, SF_ERR_SYNTAX, b->line, b->col, "YAML syntax error: %s", b->output);
    return fail(b, SF_ERR_SYNTAX, b->line, b->col, "YAML syntax error");
}

int sf_ynode_parse(const char *file, const char *data, size_t len, sf_arena *a,
                   const sf_ynode **root, sf_diag *diag) {
    builder b = {.file = file, .diag = diag, .a = a, .line = 1, .col = 1};
    *root = NULL;
    if (!data)
        data = "", len = 0;
    int rc = check_text(&b, data, len);
    if (rc)
        return rc;
    /* libfyaml 0.7.12 frees a simple key twice on some tab-separated
     * explicit keys (`? m:<TAB>:`, found by fuzzing). A tab counts as one
     * space here: columns stay the same, tab indentation is accepted. */
    if (memchr(data, '\t', len)) {
        char *copy = sf_arena_alloc(a, len);
        if (!copy)
            return fail(&b, SF_ERR_NOMEM, 0, 0, "out of memory");
        for (size_t i = 0; i < len; i++)
            copy[i] = data[i] == '\t' ? ' ' : data[i];
        data = copy;
    }
    b.data = data;
    b.len = len;

    /* Collect errors instead of printing them: the library never prints. */
    struct fy_diag_cfg dc;
    fy_diag_cfg_default(&dc);
    dc.fp = NULL;
    dc.output_fn = quiet_output;
    dc.user = &b;
    dc.colorize = false;
    dc.show_source = dc.show_position = dc.show_type = dc.show_module = false;
    struct fy_diag *fd = fy_diag_create(&dc);
    if (!fd)
        return fail(&b, SF_ERR_NOMEM, 0, 0, "out of memory");
    fy_diag_set_collect_errors(fd, true);
    struct fy_parse_cfg pc = {.flags = FYPCF_QUIET | FYPCF_DISABLE_RECYCLING, .diag = fd};
    struct fy_parser *p = fy_parser_create(&pc);
    if (!p || fy_parser_set_string(p, data, len) != 0) {
        rc = fail(&b, SF_ERR_NOMEM, 0, 0, "out of memory");
        goto out;
    }
    int docs = 0, done = 0;
    while (!rc && !done) {
        struct fy_event *e = fy_parser_parse(p);
        if (!e) {
            if (fy_parser_get_stream_error(p) || fy_diag_got_error(fd))
                rc = syntax_error(&b, fd);
            break;
        }
        rc = on_event(&b, e, &docs, &done);
        fy_parser_event_free(p, e);
    }
    if (!rc && b.depth) /* the stream stopped inside a collection */
        rc = syntax_error(&b, fd);
    if (!rc && !b.root)
        rc = fail(&b, SF_ERR_MODEL, 0, 0,
                  "the file is empty; expected a model (a mapping with horizon, arrivals and "
                  "units)");
    if (!rc)
        *root = b.root;
out:
    if (p)
        fy_parser_destroy(p);
    fy_diag_destroy(fd);
    return rc;
}

const sf_ynode *sf_ynode_get(const sf_ynode *map, const char *key) {
    if (!map || map->type != SF_Y_MAP)
        return NULL;
    size_t len = strlen(key);
    for (int i = 0; i < map->n; i++) {
        const sf_ynode *k = map->item[2 * i];
        if (k->len == len && memcmp(k->text, key, len) == 0)
            return map->item[2 * i + 1];
    }
    return NULL;
}
