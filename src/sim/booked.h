/* booked.h: the appointment book of a booked-clinic unit during a
 * replication: which slot a request gets, the doctors' waiting rooms, and
 * the clinic's own figures (days to appointment, third next available
 * appointment, continuity, slot use). The engine (engine.c) calls it when a
 * request reaches the clinic, when a booked patient arrives for the slot,
 * when a consultation ends, and once per open day.
 *
 * Why a position per doctor is enough (no bitmap of slots): every booking
 * takes the chosen doctor's first free slot at or after the request, and
 * slots are never cancelled. So a doctor's regular slots from its position
 * on are all free and those before it are booked or past; the same holds
 * for the reserved same-day slots. A request costs O(doctors) and no
 * memory, however far ahead the book runs.
 *
 * A position is (day, index) into the weekday's regular or reserved slot
 * starts (model/booked.h), on the book's own clock: hours from the Monday
 * 00:00 at or before simulated time 0 (t + how0, how0 the calendar's hour
 * of week at t = 0), so day 0 is a Monday and days begin at midnight
 * whatever the warm-up. Functions take and return simulated time. */
#ifndef SF_SIM_BOOKED_H
#define SF_SIM_BOOKED_H

#include "core/hist.h"
#include "model/booked.h"
#include "model/calendar.h"

#include <stdint.h>

typedef struct sf_book_pos {
    int64_t day;
    int i;
} sf_book_pos;

typedef struct sf_book_queue {
    uint32_t *buf;
    uint32_t head, n, cap; /* cap is a power of two */
} sf_book_queue;

/* Counters over the window of observation (reset at the warm-up). */
typedef struct sf_book_stats {
    uint64_t booked; /* requests given a slot */
    double appt_sum; /* days from request to slot, summed */
    sf_hist appt_h;  /* the same in days */
    uint64_t urgent, urgent_sameday;
    uint64_t visits; /* appointments whose slot began in the window */
    uint64_t visits_listed, visits_own;
    uint64_t tnaa_n;
    double tnaa_sum; /* days */
    /* the same by month of the year (0..11): they add up to the above */
    uint64_t listed_m[12], own_m[12], tnaa_n_m[12];
    double tnaa_sum_m[12];
} sf_book_stats;

typedef struct sf_book {
    const sf_booked *def;
    double how0;            /* hour of the week at simulated time 0 */
    const sf_calendar *cal; /* periods for doctors away; NULL: none */
    int64_t monday0;        /* calendar day (since 1970) of the book's day 0 */
    sf_book_pos *reg;       /* per doctor: first regular slot not yet taken */
    sf_book_pos *res;       /* per doctor: first reserved slot not yet taken */
    unsigned char *busy;    /* per doctor: in a consultation */
    sf_book_queue *room;    /* per doctor: arrived patients waiting */
    sf_book_stats st;
} sf_book;

/* The slot a request gets. */
typedef struct sf_book_slot {
    double t; /* start, hours */
    int doctor;
    int reserved;    /* a reserved same-day slot */
    sf_book_pos pos; /* its place in the book (day, index) */
} sf_book_slot;

int sf_book_init(sf_book *b, const sf_booked *def);
void sf_book_free(sf_book *b);
/* Empties the book and the waiting rooms for a new replication. cal: the
 * model's calendar (where t = 0 falls in the week; periods for doctors
 * away), or NULL for t = 0 a Monday 00:00 and no periods. */
void sf_book_reset(sf_book *b, const sf_calendar *cal);
void sf_book_stats_reset(sf_book *b);

/* Finds the slot for a request at time t from a patient whose own doctor
 * is own (-1: not listed), urgent or not, and books it. Returns 0 with
 * *out filled, or 1 when the request should overflow instead (no slot
 * within overflow-after, or an urgent request with no slot today while the
 * unit has somewhere to overflow to); then nothing is booked. */
int sf_book_request(sf_book *b, double t, int own, int urgent, sf_book_slot *out);

/* Time of the first slot (either kind) strictly after t: the next opening
 * of a day, when t is an opening or earlier that day. */
double sf_book_next_opening(const sf_book *b, double t);
/* Third next available appointment at time t: per doctor, days from t to
 * the third free regular slot; the mean over doctors. */
double sf_book_tnaa(const sf_book *b, double t);
/* Slots (regular and reserved, all doctors) starting in [from, to). */
double sf_book_offered(const sf_book *b, double from, double to);

/* A booked patient pi arrives for doctor d: returns 1 if the doctor is
 * free (and now busy), else 0 and the patient waits in the doctor's room
 * (-1 when out of memory). */
int sf_book_arrive(sf_book *b, int d, uint32_t pi);
/* Doctor d ends a consultation: returns 1 with *next the next patient in
 * the room (the doctor stays busy), else 0 and the doctor is free. */
int sf_book_release(sf_book *b, int d, uint32_t *next);

#endif
