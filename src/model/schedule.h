/* schedule.h: staff and bed schedules (capacity by hour of week and
 * calendar period) and hour windows such as ward discharge hours: loading
 * them from the model file, and reading them at a point of the clock.
 * Internal to the library; the engine (src/sim) reads sf_sched through the
 * inline functions below. The grammar is in docs/model.md ("Schedules"). */
#ifndef SF_SCHEDULE_H
#define SF_SCHEDULE_H

#include "model/load.h"

/* Loads `servers:` or `beds:` when it is a mapping: {default: N, HOURS: N,
 * PERIOD: N, PERIOD HOURS: N, ...}. what names the place, such as
 * "unit 'legevakt': 'servers'". *out lives in the model's arena. */
int sf_sched_load(sf_load *L, const sf_ynode *n, const char *what, sf_sched **out);

/* Loads an hour window: one hour set ("weekdays 09:00-15:00") or a list of
 * them (their union). *out is 168 flags in the model's arena. */
int sf_window_load(sf_load *L, const sf_ynode *n, const char *what, unsigned char **out);

/* Capacity at hour of week how (0..167) in calendar period period (-1:
 * none). */
static inline int sf_sched_at(const sf_sched *s, int period, int how) {
    if (period >= 0 && s->period) {
        int v = s->period[period * 168 + how];
        if (v >= 0)
            return v;
    }
    return s->week[how];
}

#endif
