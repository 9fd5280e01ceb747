/* trace.c: writes the simulator's stays as CSV in the stays schema
 * (src/flow/stays.h), so a simulated flow can be analysed with the same
 * tools as real data (one data model for plan, analyze and report).
 *
 * Times are instants written as local time in a zone (tz.h) with their
 * UTC offset: t = 0 is calendar.day0 00:00 local time plus calendar.hour0
 * (calendar.h), which is the calendar's start date minus the warm-up, or
 * the Monday 2027-01-04 minus the warm-up rounded up to whole weeks when
 * the model has no start date, and each engine hour is one real hour
 * after it. The engine's clock has no summer time; writing instants keeps
 * every duration and the order of events exactly, across the changes. */
#include "report/trace.h"

#include "core/textout.h"
#include "model/population.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

void sf_trace_header(FILE *f) {
    fputs("patient,unit,org,arrive,start,end,from,to,class,ready,zone,provider\n", f);
}

void sf_trace_init(sf_trace *tr, FILE *f, const sf_model *m, const sf_tz *tz) {
    tr->f = f;
    tr->m = m;
    tr->tz = tz;
    tr->utc0 = tz ? sf_tz_to_utc(tz, m->calendar.day0 * 86400) : m->calendar.day0 * 86400;
}

void sf_trace_time(const sf_trace *tr, double t, char *buf, size_t size) {
    if (isnan(t)) {
        buf[0] = '\0';
        return;
    }
    /* whole seconds from the midnight of day0: exact integer arithmetic
     * after one rounding, so a row's times are consistent with each other */
    int64_t utc = tr->utc0 + (int64_t)llround((tr->m->calendar.hour0 + t) * 3600.0);
    int32_t off = tr->tz ? sf_tz_offset(tr->tz, utc) : 0, a = off < 0 ? -off : off;
    int64_t l = utc + off, day = sf_floor_div(l, 86400), sod = l - day * 86400, y;
    int mo, d;
    sf_civil_from_days(day, &y, &mo, &d);
    if (y < 0 || y > 9999 || a >= 100 * 3600 || size < 26) {
        snprintf(buf, size, "%04" PRId64 "-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, mo, d,
                 (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60), off < 0 ? '-' : '+',
                 (int)(a / 3600), (int)(a / 60 % 60));
        return;
    }
    /* the same text by hand: snprintf was most of the cost of a trace,
     * which every replication of a model with persons writes */
    int v[] = {(int)y / 100,
               (int)y % 100,
               mo,
               d,
               (int)(sod / 3600),
               (int)(sod / 60 % 60),
               (int)(sod % 60),
               (int)(a / 3600),
               (int)(a / 60 % 60)};
    static const char sep[] = {0, '-', '-', 'T', ':', ':', 0, ':', 0};
    char *p = buf;
    for (int i = 0; i < 9; i++) {
        if (i == 7)
            *p++ = off < 0 ? '-' : '+';
        *p++ = (char)('0' + v[i] / 10);
        *p++ = (char)('0' + v[i] % 10);
        if (sep[i])
            *p++ = sep[i];
    }
    *p = '\0';
}

/* n in decimal, as "%" PRIu64 writes it */
static void put_u64(FILE *f, uint64_t n) {
    char d[24], *p = d + sizeof d;
    *--p = '\0';
    do
        *--p = (char)('0' + n % 10);
    while (n /= 10);
    fputs(p, f);
}

void sf_trace_row(void *user, const sf_engine_stay *s) {
    const sf_trace *tr = user;
    const sf_model *m = tr->m;
    FILE *f = tr->f;
    char a[32], b[32], c[32], r[32];
    sf_trace_time(tr, s->arrive, a, sizeof a);
    sf_trace_time(tr, s->start, b, sizeof b);
    sf_trace_time(tr, s->end, c, sizeof c);
    sf_trace_time(tr, s->ready, r, sizeof r);
    if (s->person_pop >= 0) {
        /* a person: POPULATION-NUMBER, the same for every contact it makes */
        char id[160];
        snprintf(id, sizeof id, "%s-%" PRId64, m->populations[s->person_pop].name, s->person);
        sf_csv_str(f, id);
        fputc(',', f);
    } else {
        put_u64(f, s->patient);
        fputc(',', f);
    }
    sf_csv_str(f, m->units[s->unit].name);
    fputc(',', f);
    sf_csv_str(f, m->units[s->unit].org);
    /* fputs, not fprintf: the format parser was a fifth of a run's
     * instructions when every replication is traced (persons' figures) */
    const char *t3[3] = {a, b, c};
    for (int i = 0; i < 3; i++) {
        fputc(',', f);
        fputs(t3[i], f);
    }
    fputc(',', f);
    if (s->from >= 0)
        sf_csv_str(f, m->units[s->from].name);
    fputc(',', f);
    if (s->to >= 0)
        sf_csv_str(f, m->units[s->to].name);
    fputc(',', f);
    sf_csv_str(f, m->classes[s->cls]);
    fputc(',', f);
    fputs(r, f);
    fputc(',', f);
    if (s->zone >= 0 && s->zone < m->nzones)
        sf_csv_str(f, m->zones[s->zone].name);
    fputc(',', f);
    /* doctors are numbered from 1, as a planner counts them */
    if (s->provider >= 0)
        put_u64(f, (uint64_t)s->provider + 1);
    fputc('\n', f);
}

/* whole seconds of engine time t, as sf_trace_time rounds them */
static int64_t trace_utc(const sf_trace *tr, double t) {
    if (isnan(t))
        return SF_T_NONE;
    return tr->utc0 + (int64_t)llround((tr->m->calendar.hour0 + t) * 3600.0);
}

static sf_str str_of(const char *s) { return (sf_str){s ? s : "", s ? strlen(s) : 0}; }

void sf_trace_stay(void *user, const sf_engine_stay *s) {
    sf_trace_stays *ts = user;
    const sf_model *m = ts->tr.m;
    char id[160], prov[24];
    ts->line++;
    if (ts->err)
        return;
    sf_stay_row row = {0};
    if (s->person_pop >= 0)
        snprintf(id, sizeof id, "%s-%" PRId64, m->populations[s->person_pop].name, s->person);
    else
        snprintf(id, sizeof id, "%" PRIu64, s->patient);
    row.patient = str_of(id);
    row.unit = str_of(m->units[s->unit].name);
    row.org = str_of(m->units[s->unit].org);
    row.from = str_of(s->from >= 0 ? m->units[s->from].name : NULL);
    row.to = str_of(s->to >= 0 ? m->units[s->to].name : NULL);
    row.cls = str_of(m->classes[s->cls]);
    row.zone = str_of(s->zone >= 0 && s->zone < m->nzones ? m->zones[s->zone].name : NULL);
    if (s->provider >= 0)
        snprintf(prov, sizeof prov, "%d", s->provider + 1);
    row.provider = str_of(s->provider >= 0 ? prov : NULL);
    row.arrive = trace_utc(&ts->tr, s->arrive);
    row.start = trace_utc(&ts->tr, s->start);
    row.end = trace_utc(&ts->tr, s->end);
    row.ready = trace_utc(&ts->tr, s->ready);
    row.line = ts->line + 1; /* after the header line */
    /* the rows the CSV reader skips (src/flow/csv.c, row_stay) */
    if (!row.patient.len || !row.unit.len || row.start == SF_T_NONE ||
        (row.end != SF_T_NONE && row.end < row.start) ||
        (row.arrive != SF_T_NONE && row.arrive > row.start) ||
        (row.ready != SF_T_NONE &&
         (row.ready < row.start || (row.end != SF_T_NONE && row.ready > row.end))))
        return;
    if (sf_stays_append(ts->t, &row))
        ts->err = SF_ERR_NOMEM;
}
