/* json.h: a small strict JSON (RFC 8259) reader for the FHIR ingest: one
 * document into a tree of nodes allocated in an arena, with line:column of
 * every node and of the first error.
 *
 * Why not libfyaml (the model loader's parser): it reads YAML, a superset,
 * so `{a: b}` or a tab-indented line would pass as JSON; NDJSON needs a
 * fresh document per line, and libfyaml has a known double free on tabs
 * that the loader already works around. This reader is ~300 lines, strict,
 * bounded in depth, and fuzzed (fuzz/fuzz_fhir.c). */
#ifndef SF_FLOW_JSON_H
#define SF_FLOW_JSON_H

#include "core/arena.h"

#include <stddef.h>

typedef enum sf_jtype { SF_J_NULL, SF_J_BOOL, SF_J_NUM, SF_J_STR, SF_J_ARR, SF_J_OBJ } sf_jtype;

typedef struct sf_json {
    sf_jtype type;
    const char *s; /* string (unescaped, NUL-terminated) or number/bool text */
    size_t len;
    const char *key; /* member name inside an object */
    size_t keylen;
    struct sf_json *kids, *next; /* first child; next sibling */
    int line, col;
} sf_json;

#define SF_JSON_MAX_DEPTH 64

typedef struct sf_json_err {
    int line, col; /* 1-based, relative to the text given */
    char msg[160];
} sf_json_err;

/* Parses text[0..len) as one JSON value (surrounding blanks allowed).
 * The tree lives in a; NULL on error with e filled. line0 is the line
 * number of text[0] (for NDJSON). */
sf_json *sf_json_parse(sf_arena *a, const char *text, size_t len, int line0, sf_json_err *e);
/* The same for text that starts at column col0 of line line0 (a part of a
 * larger document), so positions are those in the document. */
sf_json *sf_json_parse_at(sf_arena *a, const char *text, size_t len, int line0, int col0,
                          sf_json_err *e);

/* Member of an object (NULL if absent or o is not an object). */
const sf_json *sf_json_get(const sf_json *o, const char *key);
/* The string at a path of member names, e.g. ("subject", "reference");
 * NULL when absent or not a string. */
const sf_json *sf_json_path(const sf_json *o, const char *k1, const char *k2);

#endif
