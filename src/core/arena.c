/* arena.c: bump allocation in chained blocks; see arena.h. */
#include "core/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct sf_arena_block {
    sf_arena_block *next;
    size_t used;
    size_t size;
    alignas(max_align_t) unsigned char data[];
};

enum { BLOCK_MIN = 16 * 1024 };

void *sf_arena_alloc(sf_arena *a, size_t size) {
    const size_t align = alignof(max_align_t);
    if (size > SIZE_MAX - align)
        return NULL; /* rounding up would wrap to a small size */
    size = (size + align - 1) & ~(align - 1);
    if (size == 0)
        size = align;
    sf_arena_block *b = a->head;
    if (!b || b->size - b->used < size) {
        size_t bsize = size > BLOCK_MIN ? size : BLOCK_MIN;
        if (bsize > SIZE_MAX - sizeof *b)
            return NULL;
        b = malloc(sizeof *b + bsize);
        if (!b)
            return NULL;
        b->next = a->head;
        b->used = 0;
        b->size = bsize;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

void *sf_arena_calloc(sf_arena *a, size_t n, size_t size) {
    if (size && n > SIZE_MAX / size)
        return NULL;
    return sf_arena_alloc(a, n * size);
}

char *sf_arena_strndup(sf_arena *a, const char *s, size_t n) {
    char *p = sf_arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *sf_arena_strdup(sf_arena *a, const char *s) { return sf_arena_strndup(a, s, strlen(s)); }

void sf_arena_free(sf_arena *a) {
    sf_arena_block *b = a->head;
    while (b) {
        sf_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}
