/* stays_copy.c: copying a stays table (stays_copy.h). The names are
 * interned again in id order: ids are dense and given in order of first
 * appearance, so each name gets the id it had, and the id columns are
 * copied as they are. */
#include "flow/stays_copy.h"
#include "samflyt/samflyt.h"

#include <stdlib.h>
#include <string.h>

static int dup_col(void **dst, const void *src, size_t n, size_t width) {
    if (!src)
        return 0;
    if (!(*dst = malloc(n ? n * width : 1)))
        return -1;
    if (n)
        memcpy(*dst, src, n * width);
    return 0;
}

int sf_stays_copy(sf_stays *dst, const sf_stays *src) {
    sf_stays_init(dst);
    for (int k = 0; k < SF_F_NKINDS; k++) {
        const sf_intern *in = &src->names[k];
        for (uint32_t id = 0; id < in->count; id++)
            if (sf_intern_add(&dst->names[k], sf_intern_str(in, id), sf_intern_len(in, id)) != id)
                goto fail;
    }
    size_t n = src->n;
    if (dup_col((void **)&dst->patient, src->patient, n, 4) ||
        dup_col((void **)&dst->unit16, src->unit16, n, 2) ||
        dup_col((void **)&dst->unit32, src->unit32, n, 4) ||
        dup_col((void **)&dst->org16, src->org16, n, 2) ||
        dup_col((void **)&dst->org32, src->org32, n, 4) ||
        dup_col((void **)&dst->cls16, src->cls16, n, 2) ||
        dup_col((void **)&dst->cls32, src->cls32, n, 4) ||
        dup_col((void **)&dst->zone, src->zone, n, 4) ||
        dup_col((void **)&dst->provider, src->provider, n, 4) ||
        dup_col((void **)&dst->from16, src->from16, n, 2) ||
        dup_col((void **)&dst->from32, src->from32, n, 4) ||
        dup_col((void **)&dst->to16, src->to16, n, 2) ||
        dup_col((void **)&dst->to32, src->to32, n, 4) ||
        dup_col((void **)&dst->arrive, src->arrive, n, 8) ||
        dup_col((void **)&dst->start32, src->start32, n, 4) ||
        dup_col((void **)&dst->end32, src->end32, n, 4) ||
        dup_col((void **)&dst->start64, src->start64, n, 8) ||
        dup_col((void **)&dst->end64, src->end64, n, 8) ||
        dup_col((void **)&dst->ready, src->ready, n, 8) ||
        dup_col((void **)&dst->open, src->open, n, 1) ||
        dup_col((void **)&dst->line, src->line, n, 4))
        goto fail;
    dst->n = dst->cap = n;
    dst->t0 = src->t0;
    dst->nopen = src->nopen;
    dst->until = src->until;
    return 0;
fail:
    sf_stays_free(dst);
    return SF_ERR_NOMEM;
}

size_t sf_stays_bytes(const sf_stays *t) {
    /* the id columns that are always there, start and end */
    size_t row = 4 + 3 * (t->unit32 ? 4 : 2) + (t->org32 ? 4 : 2) + (t->cls32 ? 4 : 2) +
                 2 * (t->start64 ? 8 : 4);
    row += (t->zone ? 4 : 0) + (t->provider ? 4 : 0) + (t->arrive ? 8 : 0) + (t->ready ? 8 : 0) +
           (t->open ? 1 : 0) + (t->line ? 4 : 0);
    size_t b = t->cap * row;
    for (int k = 0; k < SF_F_NKINDS; k++) {
        const sf_intern *in = &t->names[k];
        b += (in->off ? (size_t)in->cap * sizeof *in->off : 0) +
             (size_t)in->nslots * sizeof *in->slots + in->size;
    }
    return b;
}
