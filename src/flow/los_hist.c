/* los_hist.c: length-of-stay histograms per unit (los_hist.h). One pass
 * over the table, a binary search of the edges per stay. */
#include "flow/los_hist.h"

#include "flow/metrics_walk.h"

#include <string.h>

void sf_flow_los_hist(const sf_stays *t, uint32_t nunits, const double *edges, size_t nbins,
                      uint64_t *counts) {
    memset(counts, 0, (size_t)nunits * nbins * sizeof *counts);
    if (!nbins)
        return;
    for (size_t i = 0; i < t->n; i++) {
        if (!sf_flow_row_ok(t, i) || sf_stays_is_open(t, i) || sf_stays_unit(t, i) >= nunits)
            continue;
        double h = (double)(sf_stays_end(t, i) - sf_stays_start(t, i)) / 3600;
        /* the last edge e with edges[e] <= h, within 0..nbins-1 */
        size_t lo = 0, hi = nbins;
        while (hi - lo > 1) {
            size_t mid = (lo + hi) / 2;
            if (edges[mid] <= h)
                lo = mid;
            else
                hi = mid;
        }
        counts[(size_t)sf_stays_unit(t, i) * nbins + lo]++;
    }
}
