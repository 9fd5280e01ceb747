/* diag.h: filling an sf_diag from inside the library. */
#ifndef SF_DIAG_H
#define SF_DIAG_H

#include "samflyt/samflyt.h"

/* Fills d (if not NULL) and returns code, so callers can write
 * `return sf_diag_set(d, SF_ERR_MODEL, file, line, col, "...");`. */
int sf_diag_set(sf_diag *d, int code, const char *file, int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

#endif
