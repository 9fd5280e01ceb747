/* los_hist.h: length of stay per unit as a histogram on bins the caller
 * chooses (the flow report draws it, src/report/flow_charts.c). The
 * percentiles are metrics.h's; this is the shape between them. */
#ifndef SF_FLOW_LOS_HIST_H
#define SF_FLOW_LOS_HIST_H

#include "flow/stays.h"

#include <stddef.h>
#include <stdint.h>

/* Counts the completed stays (the rows metrics.h's length of stay reads:
 * a unit, a start, an end not before it, a patient; open stays left out)
 * of each unit u < nunits in bins of end - start in hours: bin b holds
 * edges[b] <= h < edges[b + 1] (nbins bins, nbins + 1 ascending edges);
 * shorter stays count in bin 0, longer ones in the last. counts has
 * nunits * nbins entries, [u * nbins + b], and is zeroed first. */
void sf_flow_los_hist(const sf_stays *t, uint32_t nunits, const double *edges, size_t nbins,
                      uint64_t *counts);

#endif
