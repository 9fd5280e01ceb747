/* stays_copy.h: a copy of a stays table (stays.h) that shares nothing with
 * the original, so one table read from a large file can be filtered in
 * several ways (the dashboard's period and unit filters) without being
 * read again. */
#ifndef SF_FLOW_STAYS_COPY_H
#define SF_FLOW_STAYS_COPY_H

#include "flow/stays.h"

/* Copies src into dst (initialised here): the same rows in the same order
 * and the same ids for the same names. src is only read, so copies can be
 * made from several threads at once. 0 or SF_ERR_NOMEM (dst then empty). */
int sf_stays_copy(sf_stays *dst, const sf_stays *src);
/* Bytes the table holds: its columns and its names. */
size_t sf_stays_bytes(const sf_stays *t);

#endif
