/* hours.h: hour-of-week sets written as day sets and time ranges, such as
 * "weekdays 08:00-16:00", "sat,sun", "mon-fri 16:00-08:00" or "10:00-14:00".
 * Used by arrival profiles, and meant for staff schedules too. */
#ifndef SF_HOURS_H
#define SF_HOURS_H

#include <stddef.h>

enum { SF_HOURS_PER_WEEK = 168 };

/* Sets mask[h] = 1 for every hour of the week (hour 0 = Monday 00:00) that
 * spec covers, 0 elsewhere.
 *
 * spec: [DAYS] [HH:MM-HH:MM], at least one of the two. DAYS is a comma
 * list of items; an item is weekdays, weekend, daily, a day (mon..sun or
 * monday..sunday) or a range of days (mon-fri; fri-mon wraps over the
 * weekend). Without DAYS the range applies every day; without a range the
 * days are covered whole. Times are whole hours 00:00..24:00; a range whose
 * end is not after its start continues into the next day (sun 22:00-06:00
 * runs into Monday morning). Case does not matter.
 *
 * Returns 0, or -1 with *why set to a static text saying what was expected
 * there (a noun phrase, as in "a time such as 08:00") and *at (if at is not NULL) to the byte
 * offset in spec of the problem. */
int sf_hours_parse(const char *spec, unsigned char mask[SF_HOURS_PER_WEEK], const char **why,
                   size_t *at);

#endif
