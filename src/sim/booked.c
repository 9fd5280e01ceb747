/* booked.c: the appointment book of a booked-clinic unit; see booked.h
 * for the idea (a position per doctor instead of a map of slots) and
 * docs/simulation.md for the rules a request follows. */
#include "sim/booked.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Day 0 of the book's clock is a Monday (booked.h), so the weekday is the
 * day mod 7. */
static inline int weekday(const sf_book *b, int64_t day) {
    (void)b;
    int w = (int)(day % 7);
    return w < 0 ? w + 7 : w;
}

static inline int pos_less(sf_book_pos a, sf_book_pos b) {
    return a.day < b.day || (a.day == b.day && a.i < b.i);
}

static inline double reg_time(const sf_book *b, sf_book_pos p) {
    return 24.0 * (double)p.day + b->def->reg[weekday(b, p.day)][p.i];
}

/* First index in starts[0..n) whose time on day is >= t. */
static int first_at(const double *starts, int n, int64_t day, double t) {
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (24.0 * (double)day + starts[mid] >= t)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* Moves p to a valid regular slot: the next day with regular slots when
 * its index is past the day's last. Ends: the week has a regular slot. */
static inline void reg_settle(const sf_book *b, sf_book_pos *p) {
    while (p->i >= b->def->nreg[weekday(b, p->day)]) {
        p->day++;
        p->i = 0;
    }
}

/* The first regular slot starting at or after t. */
static sf_book_pos reg_at(const sf_book *b, double t) {
    sf_book_pos p;
    p.day = (int64_t)floor(t / 24);
    int w = weekday(b, p.day);
    p.i = first_at(b->def->reg[w], b->def->nreg[w], p.day, t);
    reg_settle(b, &p);
    return p;
}

static inline void reg_next(const sf_book *b, sf_book_pos *p) {
    p->i++;
    reg_settle(b, p);
}

/* Is doctor d at work on day? With a away in the day's period, the
 * doctors away in week w are those with (d - w a) mod n < a: a different
 * group each week, so holidays are staggered and every doctor is at work
 * within n weeks of the same period. */
static int present(const sf_book *b, int d, int64_t day) {
    if (!b->def->away)
        return 1;
    int p = b->cal ? sf_calendar_period_of_day(b->cal, b->monday0 + day) : -1;
    int a = b->def->away[p + 1], n = b->def->doctors;
    if (a == 0)
        return 1;
    int64_t w = day >= 0 ? day / 7 : (day - 6) / 7;
    int64_t k = ((int64_t)d - w * a) % n;
    return (k < 0 ? k + n : k) >= a;
}

/* Moves p past days on which doctor d is away. A doctor away for ten
 * years running (periods covering every day, each with someone away) is
 * taken to be back: the search must end. */
static inline void skip_away(const sf_book *b, int d, sf_book_pos *p) {
    for (int k = 0; k < 3660 && !present(b, d, p->day); k++) {
        p->day++;
        p->i = 0;
        reg_settle(b, p);
    }
}

/* Doctor d's first free regular slot at or after t, given start = reg_at(t). */
static inline sf_book_pos free_reg(const sf_book *b, int d, sf_book_pos start) {
    sf_book_pos p = pos_less(b->reg[d], start) ? start : b->reg[d];
    skip_away(b, d, &p);
    return p;
}

/* The doctor with the earliest free regular slot; own (if >= 0) wins ties,
 * then the lowest index. */
static int earliest_doctor(const sf_book *b, sf_book_pos start, int own, sf_book_pos *at) {
    int best = own >= 0 ? own : 0;
    sf_book_pos bp = free_reg(b, best, start);
    for (int d = 0; d < b->def->doctors; d++) {
        sf_book_pos p = free_reg(b, d, start);
        if (pos_less(p, bp))
            best = d, bp = p;
    }
    *at = bp;
    return best;
}

static void book_regular(sf_book *b, int d, sf_book_pos p, sf_book_slot *out) {
    out->t = reg_time(b, p);
    out->doctor = d;
    out->reserved = 0;
    out->pos = p;
    reg_next(b, &p);
    b->reg[d] = p;
}

static void record(sf_book *b, double t, const sf_book_slot *s) {
    double days = (s->t - t) / 24;
    b->st.booked++;
    b->st.appt_sum += days;
    sf_hist_add(&b->st.appt_h, days);
}

/* The booking rules (docs/simulation.md, "Booked clinics"); t on the
 * book's clock. */
static int book_request(sf_book *b, double t, int own, int urgent, sf_book_slot *out) {
    const sf_booked *def = b->def;
    sf_book_pos start = reg_at(b, t), p;
    if (urgent) {
        b->st.urgent++;
        /* a reserved slot later today, of the own doctor if as early */
        int64_t today = (int64_t)floor(t / 24);
        int w = weekday(b, today), i0 = first_at(def->res[w], def->nres[w], today, t);
        int best = -1, bi = 0;
        for (int k = -1; k < def->doctors; k++) {
            int d = k < 0 ? own : k;
            if (d < 0)
                continue;
            int i = b->res[d].day == today && b->res[d].i > i0 ? b->res[d].i : i0;
            if (i < def->nres[w] && (best < 0 || i < bi) && present(b, d, today))
                best = d, bi = i;
        }
        if (best >= 0) {
            out->t = 24.0 * (double)today + def->res[w][bi];
            out->doctor = best;
            out->reserved = 1;
            out->pos = (sf_book_pos){today, bi};
            b->res[best] = (sf_book_pos){today, bi + 1};
            b->st.urgent_sameday++;
            return 0;
        }
        /* else the first regular slot of anyone, if still today */
        int d = earliest_doctor(b, start, own, &p);
        if (p.day == today || !def->has_overflow) {
            book_regular(b, d, p, out);
            b->st.urgent_sameday += p.day == today;
            return 0;
        }
        return 1;
    }
    int d = -1;
    if (own >= 0) {
        /* the own doctor, if soon enough to wait for and to book at all */
        p = free_reg(b, own, start);
        double wait = reg_time(b, p) - t;
        if (wait <= def->tolerance && wait <= def->overflow_after)
            d = own;
    }
    if (d < 0)
        d = earliest_doctor(b, start, own, &p);
    if (reg_time(b, p) - t > def->overflow_after)
        return 1;
    book_regular(b, d, p, out);
    return 0;
}

int sf_book_request(sf_book *b, double t_sim, int own, int urgent, sf_book_slot *out) {
    double t = t_sim + b->how0; /* on the book's clock, from a Monday 00:00 */
    int rc = book_request(b, t, own, urgent, out);
    if (rc == 0) {
        record(b, t, out);
        out->t -= b->how0;
    }
    return rc;
}

double sf_book_next_opening(const sf_book *b, double t_sim) {
    double t = t_sim + b->how0;
    int64_t day = (int64_t)floor(t / 24);
    for (int k = 0; k <= 8; k++) {
        double f = b->def->first[weekday(b, day + k)];
        if (isfinite(f) && 24.0 * (double)(day + k) + f > t)
            return 24.0 * (double)(day + k) + f - b->how0;
    }
    return INFINITY; /* unreachable: the week has a slot */
}

double sf_book_tnaa(const sf_book *b, double t_sim) {
    double t = t_sim + b->how0;
    sf_book_pos start = reg_at(b, t);
    double sum = 0;
    for (int d = 0; d < b->def->doctors; d++) {
        sf_book_pos p = free_reg(b, d, start);
        for (int k = 0; k < 2; k++) {
            reg_next(b, &p);
            skip_away(b, d, &p);
        }
        sum += (reg_time(b, p) - t) / 24;
    }
    return sum / b->def->doctors;
}

static int count_in(const double *starts, int n, int64_t day, double from, double to) {
    return first_at(starts, n, day, to) - first_at(starts, n, day, from);
}

double sf_book_offered(const sf_book *b, double from_sim, double to_sim) {
    const sf_booked *def = b->def;
    double from = from_sim + b->how0, to = to_sim + b->how0;
    double slots = 0;
    if (!(to > from))
        return 0;
    int64_t last = (int64_t)floor(to / 24);
    for (int64_t day = (int64_t)floor(from / 24); day <= last; day++) {
        int w = weekday(b, day), at_work = def->doctors;
        for (int d = 0; def->away && d < def->doctors; d++)
            at_work -= !present(b, d, day);
        if (24.0 * (double)day >= from && 24.0 * (double)(day + 1) <= to)
            slots += (double)(def->nreg[w] + def->nres[w]) * at_work;
        else
            slots += (double)(count_in(def->reg[w], def->nreg[w], day, from, to) +
                              count_in(def->res[w], def->nres[w], day, from, to)) *
                     at_work;
    }
    return slots;
}

/* ---- waiting rooms -------------------------------------------------- */

int sf_book_arrive(sf_book *b, int d, uint32_t pi) {
    if (!b->busy[d]) {
        b->busy[d] = 1;
        return 1;
    }
    sf_book_queue *q = &b->room[d];
    if (q->n == q->cap) {
        uint32_t cap = q->cap ? q->cap * 2 : 8;
        uint32_t *nb = malloc((size_t)cap * sizeof *nb);
        if (!nb)
            return -1;
        for (uint32_t i = 0; i < q->n; i++)
            nb[i] = q->buf[(q->head + i) & (q->cap - 1)];
        free(q->buf);
        q->buf = nb;
        q->head = 0;
        q->cap = cap;
    }
    q->buf[(q->head + q->n) & (q->cap - 1)] = pi;
    q->n++;
    return 0;
}

int sf_book_release(sf_book *b, int d, uint32_t *next) {
    sf_book_queue *q = &b->room[d];
    if (q->n == 0) {
        b->busy[d] = 0;
        return 0;
    }
    *next = q->buf[q->head];
    q->head = (q->head + 1) & (q->cap - 1);
    q->n--;
    return 1;
}

/* ---- life cycle ----------------------------------------------------- */

int sf_book_init(sf_book *b, const sf_booked *def) {
    memset(b, 0, sizeof *b);
    b->def = def;
    size_t n = (size_t)def->doctors;
    b->reg = calloc(n, sizeof *b->reg);
    b->res = calloc(n, sizeof *b->res);
    b->busy = calloc(n, sizeof *b->busy);
    b->room = calloc(n, sizeof *b->room);
    if (!b->reg || !b->res || !b->busy || !b->room) {
        sf_book_free(b);
        return -1;
    }
    return 0;
}

void sf_book_free(sf_book *b) {
    for (int d = 0; b->room && d < b->def->doctors; d++)
        free(b->room[d].buf);
    free(b->reg);
    free(b->res);
    free(b->busy);
    free(b->room);
    memset(b, 0, sizeof *b);
}

void sf_book_reset(sf_book *b, const sf_calendar *cal) {
    b->cal = cal;
    b->how0 = cal ? cal->how0 : 0;
    b->monday0 = cal ? cal->day0 - sf_calendar_weekday(cal->day0) : 0;
    size_t n = (size_t)b->def->doctors;
    memset(b->reg, 0, n * sizeof *b->reg);
    memset(b->res, 0, n * sizeof *b->res);
    memset(b->busy, 0, n * sizeof *b->busy);
    for (size_t d = 0; d < n; d++)
        b->room[d].head = b->room[d].n = 0;
    sf_book_stats_reset(b);
}

void sf_book_stats_reset(sf_book *b) { memset(&b->st, 0, sizeof b->st); }
