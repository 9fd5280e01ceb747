/* json.c: strict JSON into an arena tree (json.h). Recursive descent,
 * depth-limited, strings unescaped (\uXXXX with surrogate pairs to UTF-8),
 * invalid UTF-8 and raw control characters rejected. */
#include "flow/json.h"

#include "core/textout.h"

#include <stdio.h>
#include <string.h>

typedef struct jp {
    sf_arena *a;
    const char *s;
    size_t n, i;
    int line;
    size_t linestart;
    int coloff; /* columns before text[0] on its line (until a newline) */
    sf_json_err *e;
} jp;

static int col_of(const jp *p) { return (int)(p->i - p->linestart) + 1 + p->coloff; }

static sf_json *fail(jp *p, const char *msg) {
    if (p->e && !p->e->msg[0]) {
        p->e->line = p->line;
        p->e->col = col_of(p);
        snprintf(p->e->msg, sizeof p->e->msg, "%s", msg);
    }
    return NULL;
}

static void ws(jp *p) {
    while (p->i < p->n) {
        char c = p->s[p->i];
        if (c == '\n') {
            p->line++;
            p->linestart = p->i + 1;
            p->coloff = 0;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            return;
        }
        p->i++;
    }
}

static sf_json *node(jp *p, sf_jtype t) {
    sf_json *j = sf_arena_alloc(p->a, sizeof *j);
    if (!j)
        return fail(p, "out of memory");
    j->type = t;
    j->line = p->line;
    j->col = col_of(p);
    return j;
}

static int hex4(const char *s, unsigned *v) {
    *v = 0;
    for (int k = 0; k < 4; k++) {
        char c = s[k];
        *v <<= 4;
        if (c >= '0' && c <= '9')
            *v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            *v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            *v |= (unsigned)(c - 'A' + 10);
        else
            return -1;
    }
    return 0;
}

static size_t put_utf8(char *o, unsigned cp) {
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12);
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | cp >> 18);
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* A string at p->i (the opening quote): its unescaped text. */
static int str(jp *p, const char **out, size_t *outlen) {
    size_t start = ++p->i, end = start;
    /* find the closing quote to size the copy */
    while (end < p->n && p->s[end] != '"') {
        if (p->s[end] == '\\')
            end++;
        end++;
    }
    if (end >= p->n) {
        fail(p, "unterminated string: expected a closing \"");
        return -1;
    }
    char *o = sf_arena_alloc(p->a, end - start + 1);
    if (!o) {
        fail(p, "out of memory");
        return -1;
    }
    size_t k = 0;
    while (p->i < end) {
        unsigned char c = (unsigned char)p->s[p->i];
        if (c < 0x20) {
            fail(p, "a control character inside a string: escape it");
            return -1;
        }
        if (c != '\\') {
            size_t l = sf_utf8_len((const unsigned char *)p->s + p->i, end - p->i);
            if (!l) {
                fail(p, "invalid UTF-8 in a string");
                return -1;
            }
            memcpy(o + k, p->s + p->i, l);
            k += l;
            p->i += l;
            continue;
        }
        p->i++;
        char x = p->s[p->i];
        unsigned cp;
        switch (x) {
        case '"': o[k++] = '"'; break;
        case '\\': o[k++] = '\\'; break;
        case '/': o[k++] = '/'; break;
        case 'b': o[k++] = '\b'; break;
        case 'f': o[k++] = '\f'; break;
        case 'n': o[k++] = '\n'; break;
        case 'r': o[k++] = '\r'; break;
        case 't': o[k++] = '\t'; break;
        case 'u':
            if (p->i + 5 > end || hex4(p->s + p->i + 1, &cp)) {
                fail(p, "\\u wants 4 hex digits");
                return -1;
            }
            p->i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned lo;
                if (p->i + 7 > end || p->s[p->i + 1] != '\\' || p->s[p->i + 2] != 'u' ||
                    hex4(p->s + p->i + 3, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
                    fail(p, "a lone UTF-16 surrogate in \\u escapes");
                    return -1;
                }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                p->i += 6;
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                fail(p, "a lone UTF-16 surrogate in \\u escapes");
                return -1;
            }
            /* 6 escaped bytes always cover the up-to-4 UTF-8 bytes */
            k += put_utf8(o + k, cp);
            break;
        default: fail(p, "unknown escape in a string"); return -1;
        }
        p->i++;
    }
    o[k] = 0;
    p->i = end + 1;
    *out = o;
    *outlen = k;
    return 0;
}

static sf_json *value(jp *p, int depth);

static sf_json *number(jp *p) {
    sf_json *j = node(p, SF_J_NUM);
    if (!j)
        return NULL;
    size_t s = p->i;
    const char *c = p->s;
    size_t n = p->n;
    if (p->i < n && c[p->i] == '-')
        p->i++;
    if (p->i < n && c[p->i] == '0')
        p->i++;
    else if (p->i < n && c[p->i] >= '1' && c[p->i] <= '9')
        while (p->i < n && c[p->i] >= '0' && c[p->i] <= '9')
            p->i++;
    else
        return fail(p, "expected a value (string, number, object, array, true, false, null)");
    if (p->i < n && c[p->i] == '.') {
        p->i++;
        size_t d = p->i;
        while (p->i < n && c[p->i] >= '0' && c[p->i] <= '9')
            p->i++;
        if (d == p->i)
            return fail(p, "expected digits after the decimal point");
    }
    if (p->i < n && (c[p->i] == 'e' || c[p->i] == 'E')) {
        p->i++;
        if (p->i < n && (c[p->i] == '+' || c[p->i] == '-'))
            p->i++;
        size_t d = p->i;
        while (p->i < n && c[p->i] >= '0' && c[p->i] <= '9')
            p->i++;
        if (d == p->i)
            return fail(p, "expected digits in the exponent");
    }
    j->s = c + s;
    j->len = p->i - s;
    return j;
}

static sf_json *literal(jp *p, const char *word, sf_jtype t) {
    size_t l = strlen(word);
    if (p->n - p->i < l || memcmp(p->s + p->i, word, l))
        return fail(p, "expected a value (string, number, object, array, true, false, null)");
    sf_json *j = node(p, t);
    if (!j)
        return NULL;
    j->s = p->s + p->i;
    j->len = l;
    p->i += l;
    return j;
}

static sf_json *container(jp *p, int depth, int obj) {
    if (depth >= SF_JSON_MAX_DEPTH)
        return fail(p, "nested deeper than 64 levels");
    sf_json *j = node(p, obj ? SF_J_OBJ : SF_J_ARR);
    if (!j)
        return NULL;
    p->i++;
    ws(p);
    char close = obj ? '}' : ']';
    if (p->i < p->n && p->s[p->i] == close) {
        p->i++;
        return j;
    }
    sf_json **tail = &j->kids;
    for (;;) {
        const char *key = NULL;
        size_t keylen = 0;
        if (obj) {
            ws(p);
            if (p->i >= p->n || p->s[p->i] != '"')
                return fail(p, "expected a member name in double quotes");
            if (str(p, &key, &keylen))
                return NULL;
            ws(p);
            if (p->i >= p->n || p->s[p->i] != ':')
                return fail(p, "expected ':' after the member name");
            p->i++;
        }
        sf_json *v = value(p, depth + 1);
        if (!v)
            return NULL;
        v->key = key;
        v->keylen = keylen;
        *tail = v;
        tail = &v->next;
        ws(p);
        if (p->i < p->n && p->s[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->i < p->n && p->s[p->i] == close) {
            p->i++;
            return j;
        }
        return fail(p, obj ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static sf_json *value(jp *p, int depth) {
    ws(p);
    if (p->i >= p->n)
        return fail(p, "unexpected end: expected a value");
    switch (p->s[p->i]) {
    case '{': return container(p, depth, 1);
    case '[': return container(p, depth, 0);
    case '"': {
        sf_json *j = node(p, SF_J_STR);
        if (!j || str(p, &j->s, &j->len))
            return NULL;
        return j;
    }
    case 't': return literal(p, "true", SF_J_BOOL);
    case 'f': return literal(p, "false", SF_J_BOOL);
    case 'n': return literal(p, "null", SF_J_NULL);
    default: return number(p);
    }
}

sf_json *sf_json_parse(sf_arena *a, const char *text, size_t len, int line0, sf_json_err *e) {
    return sf_json_parse_at(a, text, len, line0, 1, e);
}

sf_json *sf_json_parse_at(sf_arena *a, const char *text, size_t len, int line0, int col0,
                          sf_json_err *e) {
    jp p = {a, text, len, 0, line0, 0, col0 > 1 ? col0 - 1 : 0, e};
    if (e)
        e->msg[0] = 0;
    sf_json *j = value(&p, 0);
    if (!j)
        return NULL;
    ws(&p);
    if (p.i != p.n)
        return fail(&p, "text after the end of the JSON value");
    return j;
}

const sf_json *sf_json_get(const sf_json *o, const char *key) {
    if (!o || o->type != SF_J_OBJ)
        return NULL;
    size_t l = strlen(key);
    for (const sf_json *k = o->kids; k; k = k->next)
        if (k->keylen == l && !memcmp(k->key, key, l))
            return k;
    return NULL;
}

const sf_json *sf_json_path(const sf_json *o, const char *k1, const char *k2) {
    const sf_json *j = sf_json_get(o, k1);
    if (k2)
        j = sf_json_get(j, k2);
    return j && j->type == SF_J_STR ? j : NULL;
}
