/* trace.c: writes the simulator's stays as CSV in the stays schema
 * (src/flow/stays.h), so a simulated flow can be analysed with the same
 * tools as real data (one data model for plan, analyze and report).
 *
 * Times are local wall-clock date-times from the model's calendar: t = 0
 * is calendar.day0 + calendar.hour0 (calendar.h), which is the calendar's
 * start date minus the warm-up, or the Monday 2027-01-04 minus the warm-up
 * rounded up to whole weeks when the model has no start date. */
#include "report/trace.h"

#include "core/textout.h"
#include "model/population.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

void sf_trace_header(FILE *f) {
    fputs("patient,unit,org,arrive,start,end,from,to,class,ready,zone,provider\n", f);
}

void sf_trace_time(const sf_model *m, double t, char *buf, size_t size) {
    if (isnan(t)) {
        buf[0] = '\0';
        return;
    }
    /* whole seconds from the midnight of day0: exact integer arithmetic
     * after one rounding, so a row's times are consistent with each other */
    int64_t secs = (int64_t)llround((m->calendar.hour0 + t) * 3600.0);
    int64_t day = m->calendar.day0 + (secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400));
    int64_t sod = secs - (day - m->calendar.day0) * 86400;
    sf_date d = sf_calendar_civil_from_days(day);
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d", d.year, d.month, d.day, (int)(sod / 3600),
             (int)(sod / 60 % 60), (int)(sod % 60));
}

void sf_trace_row(void *user, const sf_engine_stay *s) {
    const sf_trace *tr = user;
    const sf_model *m = tr->m;
    FILE *f = tr->f;
    char a[32], b[32], c[32], r[32];
    sf_trace_time(m, s->arrive, a, sizeof a);
    sf_trace_time(m, s->start, b, sizeof b);
    sf_trace_time(m, s->end, c, sizeof c);
    sf_trace_time(m, s->ready, r, sizeof r);
    fprintf(f, "%" PRIu64 ",", s->patient);
    sf_csv_str(f, m->units[s->unit].name);
    fputc(',', f);
    sf_csv_str(f, m->units[s->unit].org);
    fprintf(f, ",%s,%s,%s,", a, b, c);
    if (s->from >= 0)
        sf_csv_str(f, m->units[s->from].name);
    fputc(',', f);
    if (s->to >= 0)
        sf_csv_str(f, m->units[s->to].name);
    fputc(',', f);
    sf_csv_str(f, m->classes[s->cls]);
    fprintf(f, ",%s,", r);
    if (s->zone >= 0 && s->zone < m->nzones)
        sf_csv_str(f, m->zones[s->zone].name);
    fputc(',', f);
    /* doctors are numbered from 1, as a planner counts them */
    if (s->provider >= 0)
        fprintf(f, "%d", s->provider + 1);
    fputc('\n', f);
}
