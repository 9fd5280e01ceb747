/* ynode.h: a small read-only YAML tree with source positions, built from
 * libfyaml's event stream for the model loader.
 *
 * Why not libfyaml's own document tree: its public API (0.7.12) does not
 * give the position of a mapping or a sequence, and every diagnostic must
 * name a line and a column. Building our own tree also lets us bound the
 * nesting depth, refuse aliases and tags before they can expand, and report
 * duplicate keys with the position of both occurrences. The tree lives in
 * the caller's arena. */
#ifndef SF_YNODE_H
#define SF_YNODE_H

#include "core/arena.h"
#include "samflyt/samflyt.h"

#include <stddef.h>

typedef enum sf_ynode_type { SF_Y_SCALAR, SF_Y_MAP, SF_Y_SEQ } sf_ynode_type;

typedef struct sf_ynode sf_ynode;
struct sf_ynode {
    sf_ynode_type type;
    int line, col; /* 1-based */
    /* Scalars: the value (after YAML escapes), NUL-terminated; len counts
     * bytes and can exceed strlen(text) when the value has an escaped NUL. */
    const char *text;
    size_t len;
    int null;     /* YAML null: nothing, ~ or null, unquoted */
    int verbatim; /* text appears unchanged on one source line starting at
                     col, so an offset into text is an offset in columns */
    /* Maps: item[2i] is a key (always a scalar), item[2i+1] its value;
     * n counts pairs. Sequences: item[0..n). */
    int n;
    const sf_ynode *const *item;
    /* Building only. */
    sf_ynode *next_child, *first_child, *last_child;
    int nchild;
};

enum { SF_YNODE_MAX_DEPTH = 32 };

/* Parses one YAML document into *root. Returns SF_OK, SF_ERR_SYNTAX (not
 * well-formed YAML, a NUL byte, invalid UTF-8) or SF_ERR_MODEL (an alias, a
 * tag, nesting deeper than SF_YNODE_MAX_DEPTH, a duplicate key, a key that
 * is not a scalar, a second document, an empty file), or SF_ERR_NOMEM,
 * with diag filled. Never writes to stdout or stderr. */
int sf_ynode_parse(const char *file, const char *data, size_t len, sf_arena *a,
                   const sf_ynode **root, sf_diag *diag);

/* The value of key in map, or NULL. */
const sf_ynode *sf_ynode_get(const sf_ynode *map, const char *key);

#endif
