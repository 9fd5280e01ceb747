/* radix.h: least-significant-digit radix sort of 64-bit keys, for the
 * calibration's large sorts (times per unit, durations per unit), where
 * qsort's comparison calls were most of `samflyt calibrate`'s time on 10^7
 * stays (perf). Non-negative doubles sort like their IEEE bit patterns;
 * int64 times like their bits with the sign bit flipped. */
#ifndef SF_FLOW_RADIX_H
#define SF_FLOW_RADIX_H

#include <stddef.h>
#include <stdint.h>

/* Sorts a[0..n) ascending. 0, or SF_ERR_NOMEM (a is then unchanged). */
int sf_radix_sort_u64(uint64_t *a, size_t n);
/* The same for int64 values and for doubles >= 0 (no NaN). */
int sf_radix_sort_i64(int64_t *a, size_t n);
int sf_radix_sort_nonneg_double(double *a, size_t n);

#endif
