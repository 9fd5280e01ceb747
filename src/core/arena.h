/* arena.h: a bump allocator for objects that share one lifetime (a loaded
 * model, one replication's setup). Freed all at once. */
#ifndef SF_ARENA_H
#define SF_ARENA_H

#include <stddef.h>

typedef struct sf_arena_block sf_arena_block;

typedef struct sf_arena {
    sf_arena_block *head;
} sf_arena;

/* Zeroed memory aligned for any type, or NULL when out of memory. */
void *sf_arena_alloc(sf_arena *a, size_t size);
void *sf_arena_calloc(sf_arena *a, size_t n, size_t size);
char *sf_arena_strdup(sf_arena *a, const char *s);
char *sf_arena_strndup(sf_arena *a, const char *s, size_t n);
void sf_arena_free(sf_arena *a);

#endif
