/* engine.c: the discrete-event simulation of one replication.
 *
 * Patients arrive from sources, ask for a place at a unit (a server at a
 * walk-in unit, a bed on a ward), wait in the unit's queue by triage rank
 * and arrival order, are served or stay, and move on by the unit's routing
 * until they go home. A unit that is full sends a newcomer to its overflow
 * unit, or turns it away, once its queue limit is reached.
 *
 * Blocking: a ward patient whose next unit is full keeps the bed: it is
 * "ready for discharge", waits in the next unit's queue, and leaves the
 * ward only when the next unit takes it. Its time as ready is counted as
 * blocked bed-days on the ward. Walk-in patients free their server first
 * and then queue at the next unit.
 *
 * Invariant, at every unit between events: busy < capacity implies an
 * empty queue. Every path that frees a place calls refill(), which restores
 * it, following chains of blocked patients with a work list instead of
 * recursion.
 *
 * Deadlock: wards whose every bed holds a blocked patient waiting for
 * another of them never move again. deadlock_check finds the moment one
 * forms; the replication stops there and gives no figures.
 *
 * Statistics: time-weighted figures are areas under step functions,
 * updated when a level changes (unit_touch); per-patient figures go into
 * sums and log-linear histograms. A warm-up event resets both, and the end
 * event closes the areas at the horizon. Nothing is allocated per event:
 * patients come from a pool with a free list, queues are ring buffers, and
 * all of them keep their size from one replication to the next.
 *
 * Booked clinics (booked-clinic units) do not queue: a request books a
 * slot in the clinic's appointment book (booked.c) or overflows; the
 * patient comes back at the slot's start (EV_APPOINT), waits for the
 * doctor if the previous consultation overran, and is seen. Until then it
 * counts as waiting at the clinic, so Little's law holds there too.
 *
 * Response units (an ambulance service) answer calls with vehicles at
 * stations: the nearest station with a free vehicle sends one; with none
 * free the call waits in the unit's queue (by triage rank) for the first
 * vehicle back at its station. The unit's busy count is vehicles, not
 * patients; the patient leaves with the vehicle and is handed over to the
 * next unit (EV_RESP) while the vehicle drives back. Everything of this
 * kind is in the "response units" section; the other kinds pay one branch
 * per request, in the rare-kind test of route_into. */
#include "sim/engine.h"

#include "core/hist.h"
#include "core/rng.h"
#include "model/response.h"
#include "model/schedule.h"
#include "sim/booked.h"
#include "sim/eventq.h"
#include "sim/persons.h"
#include "sim/sampler.h"

#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Event kinds, packed with their subject (a source, patient or unit) into
 * 32 bits: 3 bits of kind leave 29 for the subject (patients < 2^26). */
enum {
    EV_ARRIVAL = 0,
    EV_DONE = 1, /* a patient's service or stay ends (or its discharge hour comes) */
    EV_WARMUP = 2,
    EV_END = 3,
    EV_CAPACITY = 4, /* a unit's scheduled capacity changes (schedule.c) */
    EV_APPOINT = 5,  /* a booked patient's slot begins (booked.c) */
    EV_BOOKDAY = 6,  /* a booked clinic opens: sample its book */
    EV_RESP = 7,     /* response units: subject = (what << 2) | RS_* below */
};
enum {
    RS_HANDOVER = 0, /* a vehicle hands its patient over and turns back (what: the vehicle) */
    RS_BACK = 1,     /* a vehicle is back at its station (what: the vehicle) */
    RS_CAPACITY = 2, /* a station's scheduled vehicles change (what: the station) */
    RS_RETURN = 3,   /* not a response event: a patient comes back (persons.h; what: the patient) */
};
#define EV_BITS 3
#define EV_PACK(kind, subject) (((uint32_t)(subject) << EV_BITS) | (uint32_t)(kind))

/* Patients alive at once; past this the model is almost surely unstable
 * (arrivals faster than capacity) and memory would run out. */
#define MAX_ALIVE (1u << 26)

/* Requests at units one patient may make in a replication. The loader
 * bounds the expected number at SF_MAX_VISITS (10^4); 100 times that is a
 * patient caught in a loop the bound did not foresee (docs/simulation.md),
 * and the run stops with a message instead of hanging. */
#define MAX_MOVES 1000000u

typedef struct patient {
    double t_sys;   /* entered the network */
    double t_unit;  /* asked for a place at its current unit */
    double t_ready; /* blocked: when its stay ended */
    int32_t at;     /* unit whose place it holds, -1 if none */
    int32_t cls;
    int32_t blocked; /* holds a place at `at` while queued elsewhere */
    /* Schedules (docs/simulation.md, "Schedules"): */
    double t_start, t_done; /* current service: (re)started, due to end */
    double remaining;       /* handed over: service left to do; < 0 otherwise */
    int32_t stale;          /* EV_DONE events of handed-over services still pending */
    int32_t slot;           /* index in its unit's in-service list (handover units) */
    int32_t dwait;          /* stay over, waiting for the ward's discharge hours */
    int32_t clinic;         /* booked clinic of its appointment; response unit of its call */
    int32_t doctor;         /* the appointment's doctor; the unit its ambulance takes it to */
    int32_t bflags;         /* BK_LISTED, BK_OWN */
    int32_t pop;            /* population (demand), -1 for `arrivals` */
    int32_t zone;           /* home zone, -1 when unknown */
    int32_t entering;       /* not yet admitted anywhere: its travel is still to count */
    uint64_t serial;        /* 1, 2, ... in order of arrival within a replication */
    uint32_t moves;         /* requests at units so far (MAX_MOVES) */
    int16_t bt_h;           /* hour of week of its request at the current unit */
    int16_t bt_m;           /* month (0..11) of that request */
    int32_t back;           /* gone home to come back (RS_RETURN): its id stays taken */
    int64_t person;         /* the person (persons.h), -1: anonymous */
} patient;

enum { BK_LISTED = 1, BK_OWN = 2 };

/* What the trace (sf_engine_on_stay) needs beyond the patient, kept in an
 * array parallel to the pool that exists only while tracing, so a run
 * without a trace pays one predictable branch per move and nothing else.
 * A stay is reported when the patient is taken in elsewhere or leaves the
 * network, always in the same event as its end, so `to` is known. */
typedef struct trace_rt {
    int32_t last; /* unit of the previous stay, -1: from outside */
    int32_t pend; /* unit of a stay ended but not yet reported, -1: none */
    double start; /* first service start at the current unit; NaN: not yet */
    double ready; /* set when a blocked patient leaves its ward */
    double p_arrive, p_start, p_end, p_ready; /* the pending stay */
} trace_rt;

typedef struct ring {
    uint32_t *buf;
    uint32_t head, n, cap; /* cap is a power of two */
} ring;

/* Response units: per call figures, over the unit, a class or a population. */
typedef struct resp_acc {
    uint64_t n, in12, in25, urban_n, urban12, rural_n, rural25, elsewhere;
    double sum; /* hours */
    sf_hist h;
} resp_acc;

/* A vehicle of a response unit; all vehicles of the model in one array,
 * so an event names one by its index. Out on a call it takes the patient
 * to the handover (VS_OUT), then drives back to its station (VS_BACK),
 * free for a new call from where it is on the way. */
enum { VS_HOME = 0, VS_OUT = 1, VS_BACK = 2 };
typedef struct vehicle_rt {
    int32_t station;      /* in the engine's station array */
    int32_t state;        /* VS_* */
    uint32_t patient;     /* VS_OUT: the patient it carries or attends */
    int32_t from;         /* where its return starts: a unit, or -1 - the zone of the call */
    double t_ret, t_back; /* the return leg: leaves there, is back at its station */
} vehicle_rt;

/* A station of a response unit; all stations of the model in one array,
 * so an event names one by its index. */
typedef struct station_rt {
    int unit, idx;  /* its response unit and its index there */
    int cap, busy;  /* vehicles on duty now, vehicles out (VS_OUT or VS_BACK) */
    int v0, nv;     /* its vehicles: the engine's vehicles[v0 .. v0 + nv) */
    uint64_t calls; /* answered in the window */
    int64_t next_hour;
    double t_last, busy_area, cap_area, empty_time;
} station_rt;

typedef struct resp_rt {
    const sf_response *def;
    station_rt *st; /* def->nstations, in the engine's station array */
    int st0;        /* index of st[0] there */
    sf_sampler dispatch;
    sf_rng rng_dispatch;
    resp_acc all;
    resp_acc *cls; /* [model classes] */
} resp_rt;

typedef struct unit_rt {
    int cap;     /* capacity now: scheduled units change it at EV_CAPACITY */
    int cap_max; /* the largest capacity: occupancy never exceeds it */
    int busy;
    int64_t waiting; /* in all of this unit's queues */
    int64_t queue_limit;
    int overflow;
    int ward;
    int nranks;
    int in_work;
    int nblocked;      /* patients holding a place here while ready to leave */
    int64_t inblocked; /* blocked patients of other wards queued here */
    const int *rank;
    ring *q;
    sf_sampler service;
    sf_route next;
    sf_rng rng_service, rng_route;
    uint64_t stream; /* name hash: keys this unit's streams (rng.h) */

    /* Schedules: the pending change is at absolute hour next_hour (hours
     * counted from the Monday 00:00 at or before t = 0). */
    const sf_sched *sched;
    int64_t next_hour;
    int handover;                   /* on-drop: handover */
    uint32_t *svc;                  /* handover units: patients in service */
    int nsvc;                       /* == busy on handover units */
    const unsigned char *discharge; /* ward discharge hours, NULL: any */
    int ndwait;                     /* patients waiting for a discharge hour */
    sf_book *book;                  /* booked clinics only */
    double list_people;             /* people in listed populations sending requests */
    sf_rng rng_list, rng_urgent;

    /* Figures by hour of week and month of year: accumulators
     * bt[(bucket) * BT_ACC + k], buckets 0..167 the hours of the week, 168..179
     * the months. The current bucket (the hour of t_last) is closed when
     * the clock passes bt_next; areas are taken as differences of the
     * unit's running areas, so the main figures are summed exactly as
     * without buckets and the per-event cost is one comparison. */
    const struct sf_engine *eng;
    double *bt;                       /* [BT_BUCKETS * BT_ACC], then bc */
    double *bc;                       /* [BT_BUCKETS * BC_ACC] */
    int64_t bt_hour;                  /* absolute hour of t_last */
    int bt_how;                       /* bt_hour % SF_BT_HOURS, kept without a division */
    double bt_next;                   /* when bt_hour ends */
    double bt_from;                   /* start of the observed part of bt_hour */
    double bt_occ0, bt_cap0, bt_blk0; /* occ_area, cap_area, blocked_area at bt_from */
    int bt_month;
    int64_t bt_mend; /* absolute hour at which bt_month ends */

    double t_last, occ_area, q_area, blocked_area;
    /* cap_area and dwait_area change slope only at capacity events and
     * discharge waits, so they are brought up to date there (cap_t, dw_t),
     * not at every event: unit_touch is the engine's hottest code. */
    double cap_area, full_time, dwait_area, cap_t, dw_t;
    double *occ_time; /* time at each occupancy level 0..cap_max */
    uint64_t arrivals, admitted, departures, overflowed, rejected, blocked, started, waited;
    double wait_sum, los_sum;
    sf_hist wait_h, los_h;
    double travel_sum; /* hours of travel from home, over travel_n visits */
    uint64_t travel_n;
    /* Last, so the hot fields above keep their places in the cache lines
     * whatever is added for rarer kinds. */
    resp_rt *resp;  /* response units only */
    int rare;       /* book or resp: the one test route_into makes */
    sf_eventq *evq; /* where its service ends wait: sf_engine's q or qf */
} unit_rt;

/* Per unit and class, kept only when the model has more than one class. */
typedef struct class_rt {
    uint64_t arrivals, admitted, departures, overflowed, rejected, blocked, started, waited;
    double wait_sum, los_sum;
    sf_hist wait_h, los_h;
} class_rt;

typedef struct source_rt {
    const sf_source *def;
    double lmax;              /* rate * wmax * period_wmax: the thinning envelope */
    double wtop;              /* wmax * period_wmax: the largest weight */
    int period;               /* the calendar period at the last candidate arrival */
    double p_end;             /* when that period ends (the next change) */
    const sf_population *pop; /* NULL for `arrivals` */
    sf_rng rng_arrival, rng_thin, rng_entry, rng_zone;
    uint64_t stream; /* name hash: keys this source's streams (rng.h) */
} source_rt;

typedef struct network_rt {
    double t_last, area;
    int64_t alive;
    uint64_t arrivals, exits, rejected;
    double sojourn_sum;
    sf_hist sojourn_h;
    double travel_sum;
    uint64_t travel_n;
} network_rt;

/* Per population: its patients in the window and their travel. */
typedef struct pop_rt {
    uint64_t arrivals;
    double travel_sum;
    uint64_t travel_n;
    /* at booked clinics: days to appointment, own-doctor visits */
    double appt_sum;
    uint64_t appt_n, visits_listed, visits_own;
} pop_rt;

struct sf_engine {
    const sf_model *m;
    sf_expo expo;
    sf_gauss gauss; /* zeroed: filled by the first sampler that needs it */
    int nunits, nsources;
    unit_rt *units;
    source_rt *sources;
    class_rt *cls; /* [unit * ncls + class], NULL when ncls == 0 */
    int ncls;
    pop_rt *pops; /* per population (demand) */
    int npops;
    int *work;
    station_rt *stations; /* of all response units */
    int nstations;
    vehicle_rt *vehicles; /* of all stations */
    int nvehicles;
    resp_acc *rpop;  /* [npops]: calls to response units by population */
    resp_acc *rzone; /* [nzones]: calls to response units by the call's zone */
    network_rt net;
    sf_eventq q;
    /* A model with one source keeps that source's next arrival here, out
     * of the heap, as the floor (bench/mmc_floor.c) does: it is about half
     * the events, and each then costs one comparison instead of a push and
     * a pop. It takes its sequence number from q as a push would, so the
     * order of events is the same (schedule_arrival, next_event). */
    sf_event arr;
    int arr_pending;
    /* The service ends of units whose services are short next to the
     * model's longest stays (unit_rt.evq: a walk-in unit beside wards)
     * wait in a heap of their own, numbered from q.seq as a push into q
     * would be: they are most of the events and always near the front, so
     * each costs a push and a pop in a heap of a few instead of a trip
     * through every level of q. The loop takes the earliest of arr, qf's
     * top and q's top by (time, seq), so the order is the same. */
    sf_eventq qf;
    patient *pool;
    uint32_t *free_ids;
    uint32_t nfree, pool_cap;
    double t_end;
    uint64_t events, patients;
    sf_engine_tick tick;
    void *tick_user;
    int err;
    int stop; /* err set or a deadlock found: the event loop's one test (fail, deadlock_check) */
    trace_rt *tr; /* [pool_cap] while a stay hook is set, else NULL */
    /* Deadlock (deadlock_check): when, and dead[u] != 0 for its units;
     * dead_t is NaN while the replication runs normally. */
    double dead_t;
    unsigned char *dead;
    int dead_go_on;      /* tests: run on after a deadlock (sf_engine_deadlock_go_on) */
    uint64_t max_events; /* 0: no budget (sf_engine_set_budget) */
    char why[256];       /* what stopped the replication, "" if nothing did */
    sf_engine_stay_fn stay;
    void *stay_user;
    sf_persons *persons; /* people and returns (persons.h); NULL when the model has neither */
};

/* ---- pools and queues ------------------------------------------------- */

static int pool_grow(sf_engine *e) {
    uint32_t cap = e->pool_cap ? e->pool_cap * 2 : 1024;
    if (cap > MAX_ALIVE)
        return -1;
    patient *p = realloc(e->pool, (size_t)cap * sizeof *p);
    if (!p)
        return -1;
    e->pool = p;
    uint32_t *f = realloc(e->free_ids, (size_t)cap * sizeof *f);
    if (!f)
        return -1;
    e->free_ids = f;
    if (e->tr) {
        trace_rt *tr = realloc(e->tr, (size_t)cap * sizeof *tr);
        if (!tr)
            return -1;
        e->tr = tr;
    }
    /* push the new ids so the lowest is handed out first */
    for (uint32_t i = cap; i > e->pool_cap; i--)
        e->free_ids[e->nfree++] = i - 1;
    e->pool_cap = cap;
    return 0;
}

static void pool_reset(sf_engine *e) {
    e->nfree = 0;
    for (uint32_t i = e->pool_cap; i > 0; i--)
        e->free_ids[e->nfree++] = i - 1;
}

static int ring_grow(ring *r) {
    {
        uint32_t cap = r->cap ? r->cap * 2 : 16;
        uint32_t *b = malloc((size_t)cap * sizeof *b);
        if (!b)
            return -1;
        for (uint32_t i = 0; i < r->n; i++)
            b[i] = r->buf[(r->head + i) & (r->cap - 1)];
        free(r->buf);
        r->buf = b;
        r->head = 0;
        r->cap = cap;
    }
    return 0;
}

static int ring_push(ring *r, uint32_t v) {
    if (r->n == r->cap && ring_grow(r))
        return -1;
    r->buf[(r->head + r->n) & (r->cap - 1)] = v;
    r->n++;
    return 0;
}

/* To the head: a handed-over patient is next in its class. */
static int ring_push_front(ring *r, uint32_t v) {
    if (r->n == r->cap && ring_grow(r))
        return -1;
    r->head = (r->head - 1) & (r->cap - 1);
    r->buf[r->head] = v;
    r->n++;
    return 0;
}

static uint32_t ring_pop(ring *r) {
    uint32_t v = r->buf[r->head];
    r->head = (r->head + 1) & (r->cap - 1);
    r->n--;
    return v;
}

/* ---- statistics -------------------------------------------------------- */

/* A bucket's time-weighted sums, which bt_roll adds to every hour, apart
 * from its counts, which requests add to: an empty hour then touches 32
 * bytes, two hours a cache line. */
enum { BT_TIME, BT_OCC, BT_CAP, BT_BLK, BT_ACC };
enum { BC_ARR, BC_WAIT, BC_STARTED, BC_ACC };
enum { BT_BUCKETS = SF_BT_HOURS + SF_BT_MONTHS };

static void bt_roll(unit_rt *u, double t);
static inline void bt_arrive(unit_rt *u, patient *p, double t);

static inline void unit_touch(unit_rt *u, double t) {
    if (t >= u->bt_next)
        bt_roll(u, t);
    double dt = t - u->t_last;
    u->occ_area += dt * u->busy;
    u->q_area += dt * (double)u->waiting;
    u->blocked_area += dt * u->nblocked;
    /* a constant capacity is never below busy: occ_time[cap] is the full
     * time; a schedule's capacity moves, so count it as it goes */
    if (u->sched && u->busy >= u->cap)
        u->full_time += dt;
    u->occ_time[u->busy] += dt;
    u->t_last = t;
}

static inline void cap_touch(unit_rt *u, double t) {
    u->cap_area += (t - u->cap_t) * u->cap;
    u->cap_t = t;
}

static inline void dw_touch(unit_rt *u, double t) {
    u->dwait_area += (t - u->dw_t) * u->ndwait;
    u->dw_t = t;
}

static inline void net_touch(network_rt *n, double t) {
    n->area += (t - n->t_last) * (double)n->alive;
    n->t_last = t;
}

static void resp_reset(sf_engine *e, double t);

static void stats_reset(sf_engine *e, double t) {
    for (int i = 0; i < e->nunits; i++) {
        unit_rt *u = &e->units[i];
        u->t_last = t;
        u->occ_area = u->q_area = u->blocked_area = 0;
        u->cap_area = u->full_time = u->dwait_area = 0;
        u->cap_t = u->dw_t = t;
        memset(u->bt, 0, BT_BUCKETS * (BT_ACC + BC_ACC) * sizeof *u->bt);
        u->bt_from = t;
        u->bt_occ0 = u->bt_cap0 = u->bt_blk0 = 0;
        memset(u->occ_time, 0, (size_t)(u->cap_max + 1) * sizeof *u->occ_time);
        u->arrivals = u->admitted = u->departures = u->overflowed = u->rejected = 0;
        u->blocked = u->started = u->waited = 0;
        u->wait_sum = u->los_sum = 0;
        u->travel_sum = 0;
        u->travel_n = 0;
        sf_hist_reset(&u->wait_h);
        sf_hist_reset(&u->los_h);
        if (u->book)
            sf_book_stats_reset(u->book);
    }
    if (e->ncls) {
        /* the histograms are most of a class row; reset them one by one so
         * the row array need not be contiguous with anything else */
        for (int i = 0; i < e->nunits * e->ncls; i++) {
            class_rt *c = &e->cls[i];
            memset(c, 0, offsetof(class_rt, wait_h));
            sf_hist_reset(&c->wait_h);
            sf_hist_reset(&c->los_h);
        }
    }
    network_rt *n = &e->net;
    n->t_last = t;
    n->area = 0;
    n->arrivals = n->exits = n->rejected = 0;
    n->sojourn_sum = 0;
    n->travel_sum = 0;
    n->travel_n = 0;
    sf_hist_reset(&n->sojourn_h);
    memset(e->pops, 0, (size_t)e->npops * sizeof *e->pops);
    resp_reset(e, t);
}

/* ---- the model's moves ------------------------------------------------- */

static inline class_rt *class_of(sf_engine *e, int ui, const patient *p) {
    return e->ncls ? &e->cls[ui * e->ncls + p->cls] : NULL;
}

static inline int route_pick(const sf_route *r, sf_rng *g) {
    if (r->n == 1)
        return r->dest[0];
    double u = sf_rng_u01(g);
    int i = 0;
    while (i < r->n - 1 && u >= r->cum[i])
        i++;
    return r->dest[i];
}

static inline void fail(sf_engine *e, int code) {
    if (!e->err)
        e->err = code;
    e->stop = 1;
}

/* Reports patient pi's pending stay, if any, now that its next place is
 * known: unit `to`, or -1 for home / turned away. Stays that ended before
 * the warm-up was over are not reported (the results do not count them). */
static void trace_emit(sf_engine *e, uint32_t pi, int to) {
    trace_rt *r = &e->tr[pi];
    if (r->pend < 0)
        return;
    if (r->p_end >= e->m->warmup) {
        const patient *p = &e->pool[pi];
        sf_engine_stay s = {p->serial,
                            r->pend,
                            p->cls,
                            r->last,
                            to,
                            r->p_arrive,
                            r->p_start,
                            r->p_end,
                            r->p_ready,
                            p->zone,
                            e->units[r->pend].book ? p->doctor : -1,
                            -1,
                            0};
        if (p->person >= 0)
            sf_persons_name(e->persons, p->person, &s.person_pop, &s.person);
        e->stay(e->stay_user, &s);
    }
    r->last = r->pend;
    r->pend = -1;
}

/* Patient pi's wait at unit ui ends at t (its service or its vehicle
 * starts): counted for the unit, its hours and months, and its class. */
static inline double count_wait(sf_engine *e, int ui, const patient *p, double t) {
    unit_rt *u = &e->units[ui];
    double wait = t - p->t_unit;
    u->started++;
    u->wait_sum += wait;
    u->waited += wait > 0;
    sf_hist_add(&u->wait_h, wait);
    u->bc[p->bt_h * BC_ACC + BC_WAIT] += wait;
    u->bc[p->bt_h * BC_ACC + BC_STARTED]++;
    u->bc[(SF_BT_HOURS + p->bt_m) * BC_ACC + BC_WAIT] += wait;
    u->bc[(SF_BT_HOURS + p->bt_m) * BC_ACC + BC_STARTED]++;
    class_rt *c = class_of(e, ui, p);
    if (c) {
        c->started++;
        c->wait_sum += wait;
        c->waited += wait > 0;
        sf_hist_add(&c->wait_h, wait);
    }
    return wait;
}

static void start_service(sf_engine *e, uint32_t pi, int ui, double t) {
    unit_rt *u = &e->units[ui];
    patient *p = &e->pool[pi];
    unit_touch(u, t);
    u->busy++;
    p->at = ui;
    if (u->handover) {
        p->slot = u->nsvc;
        u->svc[u->nsvc++] = pi;
    }
    double s;
    if (p->remaining >= 0) {
        /* a handed-over service resumes: its wait was counted when it first
         * started, and it keeps the service time it drew then */
        s = p->remaining;
        p->remaining = -1;
    } else {
        count_wait(e, ui, p, t);
        s = sf_sampler_draw(&u->service, &u->rng_service);
    }
    p->t_start = t;
    p->t_done = t + s;
    if (e->tr) {
        if (isnan(e->tr[pi].start))
            e->tr[pi].start = t;
        trace_emit(e, pi, ui);
    }
    if (sf_eventq_push_seq(u->evq, p->t_done, e->q.seq++, EV_PACK(EV_DONE, pi)))
        fail(e, SF_ERR_NOMEM);
}

/* Takes patient p off its unit's in-service list (handover units). */
static void svc_remove(sf_engine *e, unit_rt *u, const patient *p) {
    uint32_t last = u->svc[--u->nsvc];
    u->svc[p->slot] = last;
    e->pool[last].slot = p->slot;
}

static void leave_unit(sf_engine *e, patient *p, double t) {
    unit_rt *u = &e->units[p->at];
    unit_touch(u, t);
    u->busy--;
    if (u->handover)
        svc_remove(e, u, p);
    u->departures++;
    double los = t - p->t_unit;
    u->los_sum += los;
    sf_hist_add(&u->los_h, los);
    class_rt *c = class_of(e, p->at, p);
    if (c) {
        c->departures++;
        c->los_sum += los;
        sf_hist_add(&c->los_h, los);
    }
    if (e->tr) {
        trace_rt *r = &e->tr[p - e->pool];
        if (r->pend >= 0) /* cannot happen: every stay is reported before the next ends */
            fail(e, SF_ERR_ARG);
        r->pend = p->at;
        r->p_arrive = p->t_unit;
        r->p_start = r->start;
        r->p_end = t;
        r->p_ready = r->ready;
        r->start = r->ready = NAN;
    }
    p->at = -1;
}

static void leave_network(sf_engine *e, uint32_t pi, double t) {
    if (e->tr)
        trace_emit(e, pi, -1);
    network_rt *n = &e->net;
    net_touch(n, t);
    n->alive--;
    n->exits++;
    double w = t - e->pool[pi].t_sys;
    n->sojourn_sum += w;
    sf_hist_add(&n->sojourn_h, w);
    if (!e->pool[pi].back)
        e->free_ids[e->nfree++] = pi;
}

static void enqueue(sf_engine *e, unit_rt *u, uint32_t pi, double t) {
    if (e->tr)
        trace_emit(e, pi, (int)(u - e->units));
    unit_touch(u, t);
    u->waiting++;
    if (ring_push(&u->q[u->rank[e->pool[pi].cls]], pi))
        fail(e, SF_ERR_NOMEM);
}

/* A patient from home is admitted at unit d (served or queued): its travel
 * from its home zone counts as one visit there. Transfers between units
 * and overflow on the way do not: the patient travels once, to where it
 * is taken in. */
static inline void count_travel(sf_engine *e, patient *p, int d) {
    if (!p->entering)
        return;
    p->entering = 0;
    if (p->zone < 0)
        return;
    double h = e->m->zones[p->zone].travel[d];
    if (isnan(h))
        return;
    e->units[d].travel_sum += h;
    e->units[d].travel_n++;
    e->net.travel_sum += h;
    e->net.travel_n++;
    e->pops[p->pop].travel_sum += h; /* a zone implies a population */
    e->pops[p->pop].travel_n++;
}

/* A request at booked clinic d: books a slot and schedules the visit, or
 * returns 1 when it should overflow. The draws are made whether or not
 * they matter, so the streams stay in step between scenarios. */
static int book_request(sf_engine *e, uint32_t pi, int d, double t, int origin) {
    unit_rt *u = &e->units[d];
    const sf_booked *def = u->book->def;
    patient *p = &e->pool[pi];
    double u_listed = sf_rng_u01(&u->rng_list), u_doc = sf_rng_u01(&u->rng_list);
    int own = -1;
    int listed_pop = p->pop < 0 || e->m->populations[p->pop].listed;
    if (listed_pop && u_listed < def->listed_share) {
        own = 0;
        while (own < def->doctors - 1 && u_doc >= def->cum[own])
            own++;
    }
    if (p->person >= 0) /* a person keeps its listed doctor (persons.h) */
        own = sf_persons_doctor(e->persons, p->person, d, def);
    int urgent = sf_rng_u01(&u->rng_urgent) < def->urgent_share ||
                 (def->urgent_class && def->urgent_class[p->cls]);
    sf_book_slot s;
    if (sf_book_request(u->book, t, own, urgent, &s))
        return 1;
    class_rt *c = class_of(e, d, p);
    u->admitted++;
    if (c)
        c->admitted++;
    count_travel(e, p, d);
    if (origin >= 0)
        leave_unit(e, p, t);
    if (e->tr)
        trace_emit(e, pi, d); /* booked: its place is the appointment */
    p->t_unit = t;
    p->clinic = d;
    p->doctor = s.doctor;
    p->bflags = (own >= 0 ? BK_LISTED : 0) | (own == s.doctor ? BK_OWN : 0);
    if (p->pop >= 0) {
        e->pops[p->pop].appt_sum += (s.t - t) / 24;
        e->pops[p->pop].appt_n++;
    }
    unit_touch(u, t);
    u->waiting++;
    /* a slot after the end is never kept: no event */
    if (s.t < e->t_end && sf_eventq_push(&e->q, s.t, EV_PACK(EV_APPOINT, pi)))
        fail(e, SF_ERR_NOMEM);
    return 0;
}

/* ---- deadlock ------------------------------------------------------------ */

/* A ward is stuck when every place it can ever have is held by a blocked
 * patient: no stay there will end, so a place frees only if one of those
 * patients is taken in where it waits. (A schedule may still raise a
 * capacity below its largest value, so the largest is the test.) */
static inline int unit_stuck(const unit_rt *u) {
    return !u->rare && u->busy >= u->cap_max && u->nblocked == u->busy;
}

/* Called when a patient of ward o has just become blocked in the queue of
 * unit d. A deadlock is a set S of stuck wards whose blocked patients all
 * wait at wards of S: a place in S frees only when a patient moves into
 * S, which needs a place in S first. Queued patients never overflow or
 * give up, so nothing can break it. Only a new blocking can make a ward
 * stuck, so checking here finds every deadlock at the moment it forms.
 *
 * The cheap test (o and d both stuck) is almost always false; when it
 * holds, S is found as the largest such set: start from every stuck ward
 * and drop, until nothing changes, each ward with a blocked patient
 * waiting at a unit outside the set. Only queues with blocked patients in
 * them are read. On a deadlock, dead_t and dead[] say when and where. */
static void deadlock_check(sf_engine *e, int o, int d, double t) {
    if (!isnan(e->dead_t) || !unit_stuck(&e->units[o]) || !unit_stuck(&e->units[d]))
        return;
    unsigned char *in = e->dead;
    for (int i = 0; i < e->nunits; i++)
        in[i] = (unsigned char)unit_stuck(&e->units[i]);
    for (int changed = 1; changed;) {
        changed = 0;
        for (int y = 0; y < e->nunits; y++) {
            const unit_rt *u = &e->units[y];
            if (u->inblocked == 0)
                continue;
            for (int r = 0; r < u->nranks; r++) {
                const ring *q = &u->q[r];
                for (uint32_t k = 0; k < q->n; k++) {
                    const patient *p = &e->pool[q->buf[(q->head + k) & (q->cap - 1)]];
                    if (p->blocked && in[p->at] && !in[y]) {
                        in[p->at] = 0;
                        changed = 1;
                    }
                }
            }
        }
    }
    for (int i = 0; i < e->nunits; i++)
        if (in[i]) {
            e->dead_t = t;
            e->stop = 1;
            return;
        }
}

static void resp_call(sf_engine *e, uint32_t pi, int ui, double t);

/* Sends patient pi to unit d (or home). If the patient comes from a ward,
 * origin is that ward: it keeps the bed until d takes it. */
static void route_into(sf_engine *e, uint32_t pi, int d, double t, int origin) {
    patient *p = &e->pool[pi];
    if (origin >= 0 && origin == d) {
        /* back to its own ward: give up the bed and queue like anyone else,
         * or a full one-bed ward would wait for itself forever */
        leave_unit(e, p, t);
        origin = -1;
    }
    for (;;) {
        if (d == SF_DEST_HOME) {
            if (origin >= 0)
                leave_unit(e, p, t);
            leave_network(e, pi, t);
            return;
        }
        unit_rt *u = &e->units[d];
        if (++p->moves > MAX_MOVES) {
            snprintf(e->why, sizeof e->why,
                     "patient %" PRIu64 " asked units for a place more than %u times, the last "
                     "at '%s' at hour %.6g: its routing loops without end; give the loop a "
                     "larger chance of leading home",
                     p->serial, MAX_MOVES, e->m->units[d].name, t);
            fail(e, SF_ERR_MODEL);
            if (origin >= 0)
                leave_unit(e, p, t);
            leave_network(e, pi, t);
            return;
        }
        class_rt *c = class_of(e, d, p);
        u->arrivals++;
        bt_arrive(u, p, t);
        if (c)
            c->arrivals++;
        if (u->rare) {
            if (u->resp) { /* origin is -1: the loader lets only sources call */
                resp_call(e, pi, d, t);
                return;
            }
            if (!book_request(e, pi, d, t, origin))
                return;
            goto overflow;
        }
        if (u->busy < u->cap && u->waiting == 0) {
            if (origin >= 0)
                leave_unit(e, p, t);
            u->admitted++;
            if (c)
                c->admitted++;
            count_travel(e, p, d);
            p->t_unit = t;
            start_service(e, pi, d, t);
            return;
        }
        if (u->queue_limit < 0 || u->waiting < u->queue_limit) {
            u->admitted++;
            if (c)
                c->admitted++;
            count_travel(e, p, d);
            if (origin >= 0) {
                unit_rt *o = &e->units[origin];
                class_rt *oc = class_of(e, origin, p);
                unit_touch(o, t);
                o->nblocked++;
                o->blocked++;
                if (oc)
                    oc->blocked++;
                p->blocked = 1;
                p->t_ready = t;
            } else {
                p->t_unit = t;
            }
            enqueue(e, u, pi, t);
            if (origin >= 0) {
                u->inblocked++;
                deadlock_check(e, origin, d, t);
            }
            return;
        }
    overflow:
        if (u->overflow >= 0) {
            u->overflowed++;
            if (c)
                c->overflowed++;
            d = u->overflow;
            continue;
        }
        u->rejected++;
        if (c)
            c->rejected++;
        e->net.rejected++;
        if (origin >= 0)
            leave_unit(e, p, t);
        leave_network(e, pi, t);
        return;
    }
}

/* Fills free places at unit ui from its queue, and at every ward that a
 * blocked patient leaves on the way. */
static void refill(sf_engine *e, int ui, double t) {
    int top = 0;
    const unit_rt *u0 = &e->units[ui];
    /* Nothing to take in (the common case after a departure): the loop
     * below would not run for ui, so nothing else would be woken either. */
    if (u0->waiting == 0 || u0->busy >= u0->cap)
        return;
    if (u0->in_work || u0->book)
        return; /* booked clinics have no queue to draw from */
    e->units[ui].in_work = 1;
    e->work[top++] = ui;
    while (top) {
        int di = e->work[--top];
        unit_rt *u = &e->units[di];
        u->in_work = 0;
        while (u->busy < u->cap && u->waiting > 0) {
            int r = 0;
            while (u->q[r].n == 0)
                r++;
            unit_touch(u, t);
            u->waiting--;
            uint32_t pi = ring_pop(&u->q[r]);
            patient *p = &e->pool[pi];
            if (p->blocked) {
                u->inblocked--;
                int oi = p->at;
                unit_rt *o = &e->units[oi];
                unit_touch(o, t);
                o->nblocked--;
                p->blocked = 0;
                if (e->tr)
                    e->tr[pi].ready = p->t_ready;
                leave_unit(e, p, t);
                p->t_unit = p->t_ready;
                if (!o->in_work) {
                    o->in_work = 1;
                    e->work[top++] = oi;
                }
            }
            start_service(e, pi, di, t);
        }
    }
}

/* The next arrival after t by thinning: candidates at the envelope rate
 * lmax, each kept with probability (its hour's weight times its period's
 * weight) / wtop. Sources without period weights draw exactly as before
 * periods existed. */
static double next_arrival(const sf_engine *e, source_rt *s, double t) {
    const sf_profile *pr = &s->def->profile;
    const double *pw = s->def->period_w;
    if (!(s->lmax > 0))
        return INFINITY; /* nobody there: a population of size 0 or never present */
    for (;;) {
        t += sf_expo_draw(&e->expo, &s->rng_arrival) / s->lmax;
        if (t >= e->t_end || (pr->flat && !pw))
            return t;
        if (!pw) {
            int h = sf_calendar_hour_of_week(&e->m->calendar, t);
            if (sf_rng_u01(&s->rng_thin) * pr->wmax <= pr->w[h])
                return t;
            continue;
        }
        if (t >= s->p_end) {
            s->period = sf_calendar_period(&e->m->calendar, t);
            s->p_end = sf_calendar_next_change(&e->m->calendar, t);
        }
        double w = pw[s->period + 1];
        if (!pr->flat)
            w *= pr->w[sf_calendar_hour_of_week(&e->m->calendar, t)];
        if (sf_rng_u01(&s->rng_thin) * s->wtop <= w)
            return t;
    }
}

/* Who a new contact from source si is (persons.h). Out of line, as the
 * other persons' code: models without persons pay one test here. */
static __attribute__((noinline)) void arrival_person(sf_engine *e, int si, patient *p) {
    p->person = sf_persons_pick(e->persons, si, &p->zone);
}

/* Source si's next arrival at t: in the side slot for a one-source model. */
static inline int schedule_arrival(sf_engine *e, int si, double t) {
    if (e->nsources == 1) {
        e->arr = (sf_event){t, e->q.seq++, EV_PACK(EV_ARRIVAL, si)};
        e->arr_pending = 1;
        return 0;
    }
    return sf_eventq_push(&e->q, t, EV_PACK(EV_ARRIVAL, si));
}

/* Patient pi enters the network at t (a new contact or a return) and is
 * routed to unit `to`. */
static inline void enter_network(sf_engine *e, uint32_t pi, int to, double t) {
    const patient *p = &e->pool[pi];
    if (e->tr)
        e->tr[pi] = (trace_rt){-1, -1, NAN, NAN, 0, 0, 0, 0};
    network_rt *n = &e->net;
    net_touch(n, t);
    n->alive++;
    n->arrivals++;
    if (p->pop >= 0)
        e->pops[p->pop].arrivals++;
    route_into(e, pi, to, t, -1);
}

static void on_arrival(sf_engine *e, int si, double t) {
    source_rt *s = &e->sources[si];
    double tn = next_arrival(e, s, t);
    if (tn < e->t_end && schedule_arrival(e, si, tn))
        fail(e, SF_ERR_NOMEM);
    int keep = e->persons ? sf_persons_accept(e->persons, si) : 1;
    if (keep <= 0) {
        if (keep < 0) { /* never silently held below the model's rate */
            snprintf(e->why, sizeof e->why,
                     "population '%s': frailty-rise has raised its contacts past %g times "
                     "the declared rate by day %.0f, where the simulator stops following "
                     "it (docs/model.md, \"Persons\"); lower frailty-rise, or shorten the "
                     "horizon",
                     s->pop->name, sf_persons_envelope(e->persons, si), floor(t / 24));
            fail(e, SF_ERR_MODEL);
        }
        return; /* a candidate of a population whose frailty has not risen that far */
    }
    if (e->nfree == 0 && pool_grow(e)) {
        fail(e, SF_ERR_NOMEM);
        return;
    }
    uint32_t pi = e->free_ids[--e->nfree];
    patient *p = &e->pool[pi];
    p->t_sys = t;
    p->t_unit = t;
    p->at = -1;
    p->blocked = 0;
    p->remaining = -1;
    p->stale = 0;
    p->dwait = 0;
    p->cls = s->def->cls;
    p->pop = s->def->population;
    p->zone = -1;
    p->entering = 1;
    p->moves = 0;
    if (s->pop && s->pop->nzones > 0) {
        int z = 0;
        if (s->pop->nzones > 1) {
            double u = sf_rng_u01(&s->rng_zone);
            while (z < s->pop->nzones - 1 && u >= s->pop->zone_cum[z])
                z++;
        }
        p->zone = s->pop->zone[z];
    }
    p->back = 0;
    p->person = -1;
    if (e->persons)
        arrival_person(e, si, p);
    e->patients++;
    p->serial = e->patients;
    enter_network(e, pi, route_pick(&s->def->to, &s->rng_entry), t);
}

/* ---- schedules -------------------------------------------------------------- */

/* The clock: absolute hours counted from the Monday 00:00 at or before
 * t = 0 (calendar.h: how0 is the hour of week at t = 0), so hour h falls on
 * hour of week h % 168 and on day monday0 + h / 24. Whole numbers here
 * keep the schedule exact whatever time of day t = 0 is. Without a
 * calendar t = 0 is a Monday 00:00 and how0 = 0. */
static inline double clock_how0(const sf_engine *e) { return e->m->calendar.how0; }
static inline int64_t clock_hour(const sf_engine *e, double t) {
    return (int64_t)floor(clock_how0(e) + t);
}
static inline double clock_time(const sf_engine *e, int64_t hour) {
    return (double)hour - clock_how0(e);
}
/* The calendar period in force during absolute hour h, -1 for none. */
static inline int clock_period(const sf_engine *e, int64_t hour) {
    const sf_calendar *c = &e->m->calendar;
    if (c->nperiods == 0)
        return -1;
    int64_t monday0 = c->day0 - sf_calendar_weekday(c->day0);
    return sf_calendar_period_of_day(c, monday0 + hour / 24);
}

/* Month (0..11) of absolute hour h. */
static int clock_month(const sf_engine *e, int64_t hour) {
    const sf_calendar *c = &e->m->calendar;
    int64_t monday0 = c->day0 - sf_calendar_weekday(c->day0);
    return sf_calendar_civil_from_days(monday0 + hour / 24).month - 1;
}

/* The absolute hour at which the month of absolute hour h ends. */
static int64_t clock_month_end(const sf_engine *e, int64_t hour) {
    const sf_calendar *c = &e->m->calendar;
    int64_t monday0 = c->day0 - sf_calendar_weekday(c->day0);
    sf_date d = sf_calendar_civil_from_days(monday0 + hour / 24);
    int64_t first = d.month == 12 ? sf_calendar_days_from_civil(d.year + 1, 1, 1)
                                  : sf_calendar_days_from_civil(d.year, d.month + 1, 1);
    return (first - monday0) * 24;
}

/* Adds the observed part of the current hour to its hour-of-week and
 * month buckets, up to time `to` (at most bt_next). */
static void bt_flush(unit_rt *u, double to) {
    double occ = u->occ_area + (to - u->t_last) * u->busy;
    double cap = u->cap_area + (to - u->cap_t) * u->cap;
    double blk = u->blocked_area + (to - u->t_last) * u->nblocked;
    double *h = &u->bt[u->bt_how * BT_ACC];
    double *m = &u->bt[(SF_BT_HOURS + u->bt_month) * BT_ACC];
    h[BT_TIME] += to - u->bt_from;
    h[BT_OCC] += occ - u->bt_occ0;
    h[BT_CAP] += cap - u->bt_cap0;
    m[BT_TIME] += to - u->bt_from;
    m[BT_OCC] += occ - u->bt_occ0;
    m[BT_CAP] += cap - u->bt_cap0;
    h[BT_BLK] += blk - u->bt_blk0;
    m[BT_BLK] += blk - u->bt_blk0;
    u->bt_blk0 = blk;
    u->bt_occ0 = occ;
    u->bt_cap0 = cap;
    u->bt_from = to;
}

/* Sets the current bucket to absolute hour h. */
static void bt_enter(unit_rt *u, int64_t h) {
    const sf_engine *e = u->eng;
    u->bt_how = (int)(h % SF_BT_HOURS);
    u->bt_month = clock_month(e, h);
    u->bt_mend = clock_month_end(e, h);
    u->bt_hour = h;
    u->bt_next = clock_time(e, h + 1);
}

/* Two doubles side by side (a GCC and Clang vector extension): each lane
 * is added, subtracted and multiplied on its own, in IEEE double
 * arithmetic, exactly as the scalar expressions would. */
typedef double bt_v2 __attribute__((vector_size(16)));

static inline bt_v2 bt_load(const double *p) {
    bt_v2 v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline void bt_store(double *p, bt_v2 v) { memcpy(p, &v, sizeof v); }

/* The clock passed the end of the current hour: close hours up to t, or
 * up to the end of the month, whichever comes first. This is bt_flush
 * and bt_enter hour by hour, on local copies: the unit's state is
 * constant between two of its events, and a ward's events can be many
 * hours apart, so most hours closed here are empty (the chain model closes
 * ~1.7 unit-hours an event). Each hour's sums are bt_flush's expressions,
 * computed in the same order, so they are the same doubles; only they are
 * taken two at a time: the running values at the hour's end are
 * (next, occ) = (0, occ_area) + (next - (0, t_last)) * (1, busy) and
 * (cap, blk) = (cap_area, blocked_area) + (next - (cap_t, t_last)) * (cap,
 * nblocked), whose first lane is next itself, and an hour adds their
 * differences from the hour's start (BT_TIME, BT_OCC, BT_CAP, BT_BLK lie
 * side by side). The month's sums stay in registers, and the copies spare
 * the reloads the compiler must make because a store into u->bt may alias
 * u's own doubles. It calls nothing, so it saves and restores no
 * registers: the month's change is bt_roll's. */
static void bt_hours(unit_rt *u, double t) {
    const double how0 = clock_how0(u->eng);
    const bt_v2 a_lo = {0, u->occ_area}, t_lo = {0, u->t_last}, b_lo = {1, u->busy};
    const bt_v2 a_hi = {u->cap_area, u->blocked_area}, t_hi = {u->cap_t, u->t_last};
    const bt_v2 b_hi = {u->cap, u->nblocked};
    double *const bt = u->bt, *const h_end = &bt[SF_BT_HOURS * BT_ACC];
    bt_v2 lo0 = {u->bt_from, u->bt_occ0}, hi0 = {u->bt_cap0, u->bt_blk0};
    double next = u->bt_next;
    int64_t hour = u->bt_hour;
    const int64_t mend = u->bt_mend;
    double *h = &bt[u->bt_how * BT_ACC];
    double *const m = &bt[(SF_BT_HOURS + u->bt_month) * BT_ACC];
    bt_v2 m_lo = bt_load(&m[BT_TIME]), m_hi = bt_load(&m[BT_CAP]);
    do {
        const bt_v2 nx = {next, next};
        bt_v2 lo = a_lo + (nx - t_lo) * b_lo, hi = a_hi + (nx - t_hi) * b_hi;
        bt_v2 d_lo = lo - lo0, d_hi = hi - hi0;
        bt_store(&h[BT_TIME], bt_load(&h[BT_TIME]) + d_lo);
        bt_store(&h[BT_CAP], bt_load(&h[BT_CAP]) + d_hi);
        m_lo += d_lo;
        m_hi += d_hi;
        lo0 = lo;
        hi0 = hi;
        hour++;
        h += BT_ACC;
        if (h == h_end)
            h = bt;
        next = (double)(hour + 1) - how0; /* clock_time */
    } while (t >= next && hour != mend);
    bt_store(&m[BT_TIME], m_lo);
    bt_store(&m[BT_CAP], m_hi);
    u->bt_from = lo0[0];
    u->bt_occ0 = lo0[1];
    u->bt_cap0 = hi0[0];
    u->bt_blk0 = hi0[1];
    u->bt_next = next;
    u->bt_hour = hour;
    u->bt_how = (int)((h - bt) / BT_ACC);
}

static void bt_roll(unit_rt *u, double t) {
    for (;;) {
        bt_hours(u, t);
        if (u->bt_hour != u->bt_mend)
            return;
        u->bt_month = clock_month(u->eng, u->bt_hour);
        u->bt_mend = clock_month_end(u->eng, u->bt_hour);
        if (t < u->bt_next)
            return;
    }
}

/* A request at unit u at time t: counted in its hour and month. */
static inline void bt_arrive(unit_rt *u, patient *p, double t) {
    if (t >= u->bt_next)
        bt_roll(u, t);
    p->bt_h = (int16_t)u->bt_how;
    p->bt_m = (int16_t)u->bt_month;
    u->bc[p->bt_h * BC_ACC + BC_ARR]++;
    u->bc[(SF_BT_HOURS + p->bt_m) * BC_ACC + BC_ARR]++;
}

static inline int sched_at_hour(const sf_engine *e, const sf_sched *s, int64_t hour) {
    return sf_sched_at(s, clock_period(e, hour), (int)(hour % 168));
}

/* Schedules unit ui's next capacity change after absolute hour from, if it
 * comes before the end. Without periods the week repeats, so a week
 * without change means none. With periods the scan goes on hour by hour
 * for up to a year and a week; if nothing changes by then it schedules a
 * look-again event there (the capacity stays), since a clause such as
 * `midsummer sat: 5` may bite only in a year when the period's day falls
 * on a Saturday. */
static void sched_next(sf_engine *e, int ui, int64_t from) {
    unit_rt *u = &e->units[ui];
    int now = sched_at_hour(e, u->sched, from);
    int64_t limit = u->sched->period ? 168 + 24 * 367 : 168;
    for (int64_t k = 1; k <= limit; k++) {
        int64_t h = from + k;
        double t = clock_time(e, h);
        if (t >= e->t_end)
            return;
        if (sched_at_hour(e, u->sched, h) != now || (k == limit && u->sched->period)) {
            u->next_hour = h;
            if (sf_eventq_push(&e->q, t, EV_PACK(EV_CAPACITY, ui)))
                fail(e, SF_ERR_NOMEM);
            return;
        }
    }
}

/* Capacity fell below the number busy at a handover unit: the patients
 * who started last go back to the head of their queue class, keeping the
 * rest of their service time. Their pending EV_DONE becomes stale. */
static void hand_over(sf_engine *e, int ui, double t) {
    unit_rt *u = &e->units[ui];
    while (u->busy > u->cap) {
        int best = 0;
        for (int i = 1; i < u->nsvc; i++)
            if (e->pool[u->svc[i]].t_start > e->pool[u->svc[best]].t_start)
                best = i;
        uint32_t pi = u->svc[best];
        patient *p = &e->pool[pi];
        svc_remove(e, u, p);
        u->busy--;
        p->remaining = p->t_done - t;
        p->stale++;
        p->at = -1;
        u->waiting++;
        if (ring_push_front(&u->q[u->rank[p->cls]], pi))
            fail(e, SF_ERR_NOMEM);
    }
}

static void refill(sf_engine *e, int ui, double t);

static void on_capacity(sf_engine *e, int ui, double t) {
    unit_rt *u = &e->units[ui];
    int64_t h = u->next_hour;
    unit_touch(u, t);
    cap_touch(u, t);
    u->cap = sched_at_hour(e, u->sched, h);
    if (u->busy > u->cap && u->handover)
        hand_over(e, ui, t);
    refill(e, ui, t);
    sched_next(e, ui, h);
}

/* When a ward patient whose stay ends at t may leave: t inside the
 * discharge hours, else the start of the next discharge hour. */
static double discharge_time(const sf_engine *e, const unit_rt *u, double t) {
    int64_t h = clock_hour(e, t);
    for (int k = 0; k < 168; k++)
        if (u->discharge[(h + k) % 168])
            return k ? clock_time(e, h + k) : t;
    return t; /* not reached: the loader requires some hour */
}

/* ---- booked clinics --------------------------------------------------------- */

/* A booked patient's slot begins: seen now if the doctor is free. */
static void on_appoint(sf_engine *e, uint32_t pi, double t) {
    patient *p = &e->pool[pi];
    int ui = p->clinic;
    unit_rt *u = &e->units[ui];
    sf_book_stats *st = &u->book->st;
    st->visits++;
    if (p->bflags & BK_LISTED) {
        st->visits_listed++;
        st->visits_own += (p->bflags & BK_OWN) != 0;
        int mo = clock_month(e, clock_hour(e, t));
        st->listed_m[mo]++;
        st->own_m[mo] += (p->bflags & BK_OWN) != 0;
        if (p->pop >= 0) {
            e->pops[p->pop].visits_listed++;
            e->pops[p->pop].visits_own += (p->bflags & BK_OWN) != 0;
        }
    }
    int r = sf_book_arrive(u->book, p->doctor, pi);
    if (r < 0) {
        fail(e, SF_ERR_NOMEM);
    } else if (r) {
        unit_touch(u, t);
        u->waiting--;
        start_service(e, pi, ui, t);
    }
}

/* A booked clinic opens for the day: sample the third next available
 * appointment, and come back at the next opening. */
static void on_bookday(sf_engine *e, int ui, double t) {
    sf_book *b = e->units[ui].book;
    double tnaa = sf_book_tnaa(b, t);
    int mo = clock_month(e, clock_hour(e, t));
    b->st.tnaa_n++;
    b->st.tnaa_sum += tnaa;
    b->st.tnaa_n_m[mo]++;
    b->st.tnaa_sum_m[mo] += tnaa;
    double tn = sf_book_next_opening(b, t);
    if (tn < e->t_end && sf_eventq_push(&e->q, tn, EV_PACK(EV_BOOKDAY, ui)))
        fail(e, SF_ERR_NOMEM);
}

/* Patient pi goes home from unit ui at t: a person's frailty rises after
 * a ward, and the unit's return rules may bring the patient back
 * (RS_RETURN) as a new contact with the same identity. */
static __attribute__((noinline)) void going_home(sf_engine *e, uint32_t pi, int ui, double t) {
    patient *p = &e->pool[pi];
    if (p->person >= 0 && e->units[ui].ward)
        sf_persons_admitted(e->persons, p->person);
    double delay;
    int dest;
    if (!e->m->units[ui].nreturns || !sf_persons_return(e->persons, ui, p->cls, &delay, &dest))
        return;
    if (t + delay >= e->t_end)
        return; /* after the end: never seen */
    p->back = 1;
    p->clinic = dest;
    if (sf_eventq_push(&e->q, t + delay, EV_PACK(EV_RESP, (pi << 2) | RS_RETURN)))
        fail(e, SF_ERR_NOMEM);
}

/* Patient pi comes back at t (going_home), to unit p->clinic: a new
 * contact of the same patient, with its serial number and person. */
static __attribute__((noinline)) void on_return(sf_engine *e, uint32_t pi, double t) {
    patient *p = &e->pool[pi];
    p->back = 0;
    p->t_sys = t;
    p->t_unit = t;
    p->at = -1;
    p->blocked = 0;
    p->remaining = -1;
    p->stale = 0;
    p->dwait = 0;
    p->entering = 1;
    p->moves = 0;
    enter_network(e, pi, p->clinic, t);
}

static void on_done(sf_engine *e, uint32_t pi, double t) {
    patient *p = &e->pool[pi];
    if (p->stale) {
        /* the service this event ended was handed over; it fires before
         * any later event of this patient (it was pushed earlier, for a
         * time no later), so counting is enough to recognise it */
        p->stale--;
        return;
    }
    int ui = p->at;
    unit_rt *u = &e->units[ui];
    if (p->dwait) {
        unit_touch(u, t);
        dw_touch(u, t);
        u->ndwait--;
        p->dwait = 0;
    } else if (u->discharge) {
        double tl = discharge_time(e, u, t);
        if (tl > t) {
            unit_touch(u, t);
            dw_touch(u, t);
            u->ndwait++;
            p->dwait = 1;
            if (sf_eventq_push(&e->q, tl, EV_PACK(EV_DONE, pi)))
                fail(e, SF_ERR_NOMEM);
            return;
        }
    }
    int doctor = p->doctor;
    int d = route_pick(&u->next, &u->rng_route);
    if (d == SF_DEST_HOME) {
        if (e->persons)
            going_home(e, pi, ui, t);
        leave_unit(e, p, t);
        leave_network(e, pi, t);
    } else if (!u->ward) {
        leave_unit(e, p, t);
        route_into(e, pi, d, t, -1);
    } else {
        route_into(e, pi, d, t, ui);
    }
    uint32_t next;
    if (u->book && sf_book_release(u->book, doctor, &next)) {
        unit_touch(u, t);
        u->waiting--;
        start_service(e, next, ui, t);
    }
    refill(e, ui, t);
}

/* ---- replication -------------------------------------------------------- */

static double nan_or(double num, double den) { return den > 0 ? num / den : NAN; }

/* ---- response units ---------------------------------------------------------- */

/* The rules (docs/simulation.md, "Emergency response"): a call goes to the
 * free vehicle nearest the call's zone by travel time: a vehicle at its
 * station, or one on its way back there (from where it is on the leg,
 * resp_travel_back); on ties the station first in the file, and at a
 * station the vehicle at home before one on the road. With none free it
 * waits, by triage rank and then call time, for the first vehicle that
 * turns back from a handover or comes on duty, which then answers it. A
 * vehicle is out from dispatch until it is back: dispatch delay, travel
 * out, time on scene, transport to the next unit and the drive back from
 * there (or from the scene when the patient stays home). Travel times are
 * the zones' times times the period's factor, at the moment of dispatch.
 * A station whose schedule has taken vehicles off duty while they were
 * out (busy > cap) lets none of them take calls until the count fits. */

static void resp_acc_reset(resp_acc *a) {
    memset(a, 0, offsetof(resp_acc, h));
    sf_hist_reset(&a->h);
}

static void resp_reset(sf_engine *e, double t) {
    for (int i = 0; i < e->nstations; i++) {
        station_rt *s = &e->stations[i];
        s->t_last = t;
        s->busy_area = s->cap_area = s->empty_time = 0;
        s->calls = 0;
    }
    for (int z = 0; e->rzone && z < e->m->nzones; z++)
        resp_acc_reset(&e->rzone[z]);
    for (int i = 0; i < e->nunits; i++) {
        resp_rt *r = e->units[i].resp;
        if (!r)
            continue;
        resp_acc_reset(&r->all);
        for (int c = 0; c < e->m->nclasses; c++)
            resp_acc_reset(&r->cls[c]);
    }
    for (int p = 0; e->rpop && p < e->npops; p++)
        resp_acc_reset(&e->rpop[p]);
}

static inline void station_touch(station_rt *s, double t) {
    double dt = t - s->t_last;
    s->busy_area += dt * s->busy;
    s->cap_area += dt * s->cap;
    if (s->busy >= s->cap)
        s->empty_time += dt;
    s->t_last = t;
}

static void resp_acc_add(resp_acc *a, double h, int urban, int elsewhere) {
    double min = h * 60;
    a->n++;
    a->sum += h;
    sf_hist_add(&a->h, h);
    a->in12 += min <= 12;
    a->in25 += min <= 25;
    a->elsewhere += elsewhere != 0;
    if (urban) {
        a->urban_n++;
        a->urban12 += min <= 12;
    } else {
        a->rural_n++;
        a->rural25 += min <= 25;
    }
}

static double resp_factor(const sf_engine *e, const sf_response *d, double t) {
    if (!d->factor)
        return 1;
    return d->factor[clock_period(e, clock_hour(e, t)) + 1];
}

/* Travel time at t from returning vehicle v to zone z, whose station is
 * ts away from z (both times the factor f). The matrix knows places, not
 * roads, so the vehicle is placed by the share of its leg driven: after x
 * of a leg of length B it is (B - x) from its station, and its time to z
 * is the mix of the two ends' times, (B - x) / B of the time from where
 * the leg started and x / B of the time from the station. That is exact
 * at both ends and for a zone on the way, and never more than driving
 * home first (remaining leg + ts) when the matrix keeps the triangle
 * inequality; the minimum with that keeps it so otherwise, and is the
 * rule when the matrix has no time from the leg's start to z. */
static double resp_travel_back(const sf_engine *e, const sf_response *d, const vehicle_rt *v, int z,
                               double ts, double f, double t) {
    double leg = v->t_back - v->t_ret, left = v->t_back - t;
    if (!(leg > 0))
        return ts;
    double from = v->from >= 0 ? e->m->zones[z].travel[v->from]
                               : d->zone_travel[(size_t)(-1 - v->from) * e->m->nzones + z];
    double home = left + ts;
    if (isnan(from))
        return home;
    double mix = (left * from * f + (leg - left) * ts) / leg;
    return mix < home ? mix : home;
}

/* The free vehicle of station s nearest zone z at t: -1 for one at the
 * station (*travel = its time), a vehicle index for one on its way back,
 * -2 for none. */
static int resp_station_best(const sf_engine *e, const resp_rt *r, int s, int z, double f, double t,
                             double *travel) {
    const station_rt *st = &r->st[s];
    double ts = r->def->travel[(size_t)s * e->m->nzones + z] * f;
    int best = -2;
    if (st->busy < st->cap) {
        best = -1;
        *travel = ts;
    }
    if (st->busy == 0 || st->busy > st->cap)
        return best;
    for (int i = st->v0; i < st->v0 + st->nv; i++) {
        const vehicle_rt *v = &e->vehicles[i];
        if (v->state != VS_BACK)
            continue;
        double h = resp_travel_back(e, r->def, v, z, ts, f, t);
        if (best == -2 || h < *travel) {
            best = i;
            *travel = h;
        }
    }
    return best;
}

/* Station s of response unit ui sends vehicle vi (-1: one at the station)
 * to patient pi's call now, out minutes away. */
static void resp_dispatch(sf_engine *e, uint32_t pi, int ui, int s, int vi, double out, double t) {
    unit_rt *u = &e->units[ui];
    resp_rt *r = u->resp;
    const sf_response *d = r->def;
    station_rt *st = &r->st[s];
    patient *p = &e->pool[pi];
    const sf_model *m = e->m;
    if (vi < 0) {
        for (vi = st->v0; e->vehicles[vi].state != VS_HOME; vi++)
            ;
        station_touch(st, t);
        st->busy++;
        unit_touch(u, t);
        u->busy++;
    }
    vehicle_rt *v = &e->vehicles[vi];
    double wait = count_wait(e, ui, p, t);
    if (e->tr)
        e->tr[pi].start = t; /* the trace's stay starts with the vehicle sent */
    int z = p->zone, sz = d->st[s].zone;
    double f = resp_factor(e, d, t);
    double delay = sf_sampler_draw(&r->dispatch, &r->rng_dispatch);
    double response = wait + delay + out;
    int urban = m->zones[z].urban, elsewhere = d->near[z] != s;
    resp_acc_add(&r->all, response, urban, elsewhere);
    resp_acc_add(&r->cls[p->cls], response, urban, elsewhere);
    resp_acc_add(&e->rpop[p->pop], response, urban, elsewhere);
    resp_acc_add(&e->rzone[z], response, urban, elsewhere);
    st->calls++;
    double scene = sf_sampler_draw(&u->service, &u->rng_service);
    int dest = route_pick(&u->next, &u->rng_route);
    double transport = dest >= 0 ? m->zones[z].travel[dest] * f : 0;
    double back =
        dest >= 0 ? m->zones[sz].travel[dest] * f : d->travel[(size_t)s * m->nzones + z] * f;
    double th = t + delay + out + scene + transport;
    p->clinic = ui;
    p->doctor = dest;
    /* a vehicle called while driving back leaves its old RS_BACK event
     * pending: on_resp knows it by its time, no longer t_back */
    v->state = VS_OUT;
    v->patient = pi;
    v->from = dest >= 0 ? dest : -1 - z;
    v->t_ret = th;
    v->t_back = th + back;
    if (sf_eventq_push(&e->q, th, EV_PACK(EV_RESP, ((uint32_t)vi << 2) | RS_HANDOVER)) ||
        sf_eventq_push(&e->q, v->t_back, EV_PACK(EV_RESP, ((uint32_t)vi << 2) | RS_BACK)))
        fail(e, SF_ERR_NOMEM);
}

/* A call reaches response unit ui. */
static void resp_call(sf_engine *e, uint32_t pi, int ui, double t) {
    unit_rt *u = &e->units[ui];
    resp_rt *r = u->resp;
    patient *p = &e->pool[pi];
    class_rt *c = class_of(e, ui, p);
    u->admitted++;
    if (c)
        c->admitted++;
    p->entering = 0; /* its travel is the ambulance's, not a visit's */
    p->t_unit = t;
    double f = resp_factor(e, r->def, t), best_h = 0;
    int best = -1, best_v = -2;
    for (int s = 0; s < r->def->nstations; s++) {
        double h;
        int v = resp_station_best(e, r, s, p->zone, f, t, &h);
        if (v != -2 && (best < 0 || h < best_h)) {
            best = s;
            best_v = v;
            best_h = h;
        }
    }
    if (best >= 0)
        resp_dispatch(e, pi, ui, best, best_v, best_h, t);
    else
        enqueue(e, u, pi, t);
}

/* Station gs may have a vehicle free: it answers waiting calls, most
 * urgent first, each with its vehicle nearest the call. */
static void resp_serve(sf_engine *e, int gs, double t) {
    station_rt *st = &e->stations[gs];
    unit_rt *u = &e->units[st->unit];
    resp_rt *rr = u->resp;
    double f = resp_factor(e, rr->def, t);
    while (u->waiting > 0) {
        int r = 0;
        while (u->q[r].n == 0)
            r++;
        double h;
        int v =
            resp_station_best(e, rr, st->idx, e->pool[u->q[r].buf[u->q[r].head]].zone, f, t, &h);
        if (v == -2)
            return;
        unit_touch(u, t);
        u->waiting--;
        resp_dispatch(e, ring_pop(&u->q[r]), st->unit, st->idx, v, h, t);
    }
}

static void resp_sched_next(sf_engine *e, int gs, int64_t from) {
    station_rt *st = &e->stations[gs];
    const sf_sched *sc = e->units[st->unit].resp->def->st[st->idx].sched;
    int now = sched_at_hour(e, sc, from);
    int64_t limit = sc->period ? 168 + 24 * 367 : 168;
    for (int64_t k = 1; k <= limit; k++) {
        int64_t h = from + k;
        double t = clock_time(e, h);
        if (t >= e->t_end)
            return;
        if (sched_at_hour(e, sc, h) != now || (k == limit && sc->period)) {
            st->next_hour = h;
            if (sf_eventq_push(&e->q, t, EV_PACK(EV_RESP, ((uint32_t)gs << 2) | RS_CAPACITY)))
                fail(e, SF_ERR_NOMEM);
            return;
        }
    }
}

static void on_resp(sf_engine *e, uint32_t subject, double t) {
    uint32_t what = subject >> 2;
    if ((subject & 3) == RS_RETURN) {
        on_return(e, what, t);
        return;
    }
    if ((subject & 3) == RS_HANDOVER) {
        vehicle_rt *v = &e->vehicles[what];
        uint32_t pi = v->patient;
        patient *p = &e->pool[pi];
        unit_rt *u = &e->units[p->clinic];
        u->departures++;
        double los = t - p->t_unit;
        u->los_sum += los;
        sf_hist_add(&u->los_h, los);
        class_rt *c = class_of(e, p->clinic, p);
        if (c) {
            c->departures++;
            c->los_sum += los;
            sf_hist_add(&c->los_h, los);
        }
        if (e->tr) { /* the call is a stay: from the call to the handover */
            trace_rt *r = &e->tr[pi];
            r->pend = p->clinic;
            r->p_arrive = p->t_unit;
            r->p_start = r->start;
            r->p_end = t;
            r->p_ready = NAN;
            r->start = r->ready = NAN;
        }
        if (p->doctor == SF_DEST_HOME)
            leave_network(e, pi, t);
        else
            route_into(e, pi, p->doctor, t, -1);
        /* free on its way back: a waiting call takes it from here */
        v->state = VS_BACK;
        resp_serve(e, v->station, t);
        return;
    }
    if ((subject & 3) == RS_BACK) {
        vehicle_rt *v = &e->vehicles[what];
        if (v->state != VS_BACK || t != v->t_back)
            return; /* it took a call on the way: a stale event */
        v->state = VS_HOME;
        what = (uint32_t)v->station;
    }
    station_rt *st = &e->stations[what];
    unit_rt *u = &e->units[st->unit];
    station_touch(st, t);
    if ((subject & 3) == RS_BACK) {
        st->busy--;
        unit_touch(u, t);
        u->busy--;
    } else {
        const sf_sched *sc = u->resp->def->st[st->idx].sched;
        int cap = sched_at_hour(e, sc, st->next_hour);
        unit_touch(u, t);
        cap_touch(u, t); /* the unit's capacity area feeds the by-hour figures */
        u->cap += cap - st->cap;
        st->cap = cap;
        resp_sched_next(e, (int)what, st->next_hour);
    }
    resp_serve(e, (int)what, t);
}

static void resp_write(const resp_acc *a, double *x) {
    x[SF_M_RESP_MEAN] = nan_or(a->sum * 60, (double)a->n);
    x[SF_M_RESP_P50] = sf_hist_quantile(&a->h, 0.50) * 60;
    x[SF_M_RESP_P90] = sf_hist_quantile(&a->h, 0.90) * 60;
    x[SF_M_RESP_WITHIN12] = nan_or((double)a->in12, (double)a->n);
    x[SF_M_RESP_WITHIN25] = nan_or((double)a->in25, (double)a->n);
    x[SF_M_RESP_URBAN12] = nan_or((double)a->urban12, (double)a->urban_n);
    x[SF_M_RESP_RURAL25] = nan_or((double)a->rural25, (double)a->rural_n);
    x[SF_M_RESP_ELSEWHERE] = nan_or((double)a->elsewhere, (double)a->n);
}

static double occ_quantile(const unit_rt *u, double total, double p) {
    double cum = 0, need = p * total;
    for (int k = 0; k <= u->cap_max; k++) {
        cum += u->occ_time[k];
        if (cum >= need * (1 - 1e-12))
            return k;
    }
    return u->cap_max;
}

static void write_out(sf_engine *e, double *v) {
    const double H = e->m->horizon, days = H / 24;
    double *net = v + (size_t)e->nunits * SF_M_COUNT;
    for (int m = 0; m < SF_M_COUNT; m++)
        net[m] = NAN;
    net[SF_M_OVERFLOWED] = net[SF_M_BLOCKED] = net[SF_M_BLOCKED_DAYS] = 0;
    for (int i = 0; i < e->nunits; i++) {
        unit_rt *u = &e->units[i];
        double *x = v + (size_t)i * SF_M_COUNT;
        x[SF_M_ARRIVALS] = (double)u->arrivals;
        x[SF_M_ADMITTED] = (double)u->admitted;
        x[SF_M_THROUGHPUT] = (double)u->departures / days;
        x[SF_M_OCC_MEAN] = u->occ_area / H;
        x[SF_M_OCC_P95] = occ_quantile(u, H, 0.95);
        x[SF_M_FULL_SHARE] = (u->sched ? u->full_time : u->occ_time[u->cap]) / H;
        /* against the scheduled capacity; constant units keep the plain
         * formula, so their figures do not change in the last bit */
        x[SF_M_UTILISATION] =
            u->sched ? nan_or(u->occ_area, u->cap_area) : u->occ_area / H / u->cap;
        x[SF_M_CAPACITY_MEAN] = u->sched ? u->cap_area / H : u->cap;
        x[SF_M_DISCHARGE_WAIT_DAYS] = u->discharge ? u->dwait_area / 24 : NAN;
        x[SF_M_QUEUE_MEAN] = u->q_area / H;
        x[SF_M_INUNIT_MEAN] = (u->occ_area + u->q_area) / H;
        x[SF_M_WAIT_MEAN] = nan_or(u->wait_sum, (double)u->started);
        x[SF_M_WAIT_P50] = sf_hist_quantile(&u->wait_h, 0.50);
        x[SF_M_WAIT_P90] = sf_hist_quantile(&u->wait_h, 0.90);
        x[SF_M_WAIT_P95] = sf_hist_quantile(&u->wait_h, 0.95);
        x[SF_M_WAIT_PROB] = nan_or((double)u->waited, (double)u->started);
        x[SF_M_LOS_MEAN] = nan_or(u->los_sum, (double)u->los_h.n);
        x[SF_M_LOS_P50] = sf_hist_quantile(&u->los_h, 0.50);
        x[SF_M_LOS_P90] = sf_hist_quantile(&u->los_h, 0.90);
        x[SF_M_LOS_P95] = sf_hist_quantile(&u->los_h, 0.95);
        x[SF_M_OVERFLOWED] = (double)u->overflowed;
        x[SF_M_REJECTED] = (double)u->rejected;
        x[SF_M_REJECT_SHARE] = nan_or((double)(u->overflowed + u->rejected), (double)u->arrivals);
        x[SF_M_BLOCKED] = (double)u->blocked;
        x[SF_M_BLOCKED_DAYS] = u->blocked_area / 24;
        for (int m = SF_M_APPT_DAYS_MEAN; m <= SF_M_LIST_MAX; m++)
            x[m] = NAN;
        x[SF_M_LIST_PER_PERSON] = NAN;
        if (u->book) {
            const sf_book_stats *st = &u->book->st;
            const sf_booked *bd = u->book->def;
            x[SF_M_APPT_DAYS_MEAN] = nan_or(st->appt_sum, (double)st->booked);
            x[SF_M_APPT_DAYS_P50] = sf_hist_quantile(&st->appt_h, 0.50);
            x[SF_M_APPT_DAYS_P90] = sf_hist_quantile(&st->appt_h, 0.90);
            x[SF_M_TNAA_DAYS] = nan_or(st->tnaa_sum, (double)st->tnaa_n);
            x[SF_M_CONTINUITY] = nan_or((double)st->visits_own, (double)st->visits_listed);
            x[SF_M_SLOT_UTIL] =
                nan_or((double)st->visits, sf_book_offered(u->book, e->m->warmup, e->t_end));
            /* A clinic's scheduled capacity is its slots in opening hours:
             * utilisation over the doctors round the clock would read as a
             * clinic nearly idle (12 % for a full GP office). */
            x[SF_M_UTILISATION] = x[SF_M_SLOT_UTIL];
            x[SF_M_URGENT_SAMEDAY] = nan_or((double)st->urgent_sameday, (double)st->urgent);
            x[SF_M_LIST_MEAN] = bd->list_total / bd->doctors;
            x[SF_M_LIST_MAX] = bd->list_max;
            x[SF_M_LIST_PER_PERSON] = nan_or(bd->list_total, u->list_people);
        }
        x[SF_M_TRAVEL_MEAN] = nan_or(u->travel_sum * 60, (double)u->travel_n);
        x[SF_M_CONTACTS_PER_1000] = NAN; /* a population figure */
        for (int m = SF_M_RESP_MEAN; m <= SF_M_RESP_STATION_EMPTY; m++)
            x[m] = NAN;
        if (u->resp) {
            const resp_rt *r = u->resp;
            double busy = 0, cap = 0, empty = 0, fixed = 1;
            for (int s = 0; s < r->def->nstations; s++) {
                busy += r->st[s].busy_area;
                cap += r->st[s].cap_area;
                empty += r->st[s].empty_time;
                fixed = fixed && !r->def->st[s].sched;
            }
            resp_write(&r->all, x);
            /* vehicle-hours out over vehicle-hours on duty */
            x[SF_M_UTILISATION] = nan_or(busy, cap);
            x[SF_M_CAPACITY_MEAN] = cap / H;
            if (!fixed) /* occ_time[cap] means all out only while cap is constant */
                x[SF_M_FULL_SHARE] = NAN;
            x[SF_M_RESP_STATION_EMPTY] = empty / (H * r->def->nstations);
        }
        net[SF_M_OVERFLOWED] += x[SF_M_OVERFLOWED];
        net[SF_M_BLOCKED] += x[SF_M_BLOCKED];
        net[SF_M_BLOCKED_DAYS] += x[SF_M_BLOCKED_DAYS];
        if (u->discharge)
            net[SF_M_DISCHARGE_WAIT_DAYS] =
                (isnan(net[SF_M_DISCHARGE_WAIT_DAYS]) ? 0 : net[SF_M_DISCHARGE_WAIT_DAYS]) +
                x[SF_M_DISCHARGE_WAIT_DAYS];
    }
    network_rt *n = &e->net;
    net[SF_M_ARRIVALS] = (double)n->arrivals;
    net[SF_M_THROUGHPUT] = (double)n->exits / days;
    net[SF_M_INUNIT_MEAN] = n->area / H;
    net[SF_M_LOS_MEAN] = nan_or(n->sojourn_sum, (double)n->sojourn_h.n);
    net[SF_M_LOS_P50] = sf_hist_quantile(&n->sojourn_h, 0.50);
    net[SF_M_LOS_P90] = sf_hist_quantile(&n->sojourn_h, 0.90);
    net[SF_M_LOS_P95] = sf_hist_quantile(&n->sojourn_h, 0.95);
    net[SF_M_REJECTED] = (double)n->rejected;
    net[SF_M_REJECT_SHARE] = nan_or((double)n->rejected, (double)n->arrivals);
    net[SF_M_TRAVEL_MEAN] = nan_or(n->travel_sum * 60, (double)n->travel_n);

    /* class rows follow the network row: what applies to one class */
    double *rows = net + SF_M_COUNT;
    for (int i = 0; i < e->nunits * e->ncls; i++) {
        const class_rt *c = &e->cls[i];
        double *x = rows + (size_t)i * SF_M_COUNT;
        for (int m = 0; m < SF_M_COUNT; m++)
            x[m] = NAN;
        x[SF_M_ARRIVALS] = (double)c->arrivals;
        x[SF_M_ADMITTED] = (double)c->admitted;
        x[SF_M_THROUGHPUT] = (double)c->departures / days;
        x[SF_M_WAIT_MEAN] = nan_or(c->wait_sum, (double)c->started);
        x[SF_M_WAIT_P50] = sf_hist_quantile(&c->wait_h, 0.50);
        x[SF_M_WAIT_P90] = sf_hist_quantile(&c->wait_h, 0.90);
        x[SF_M_WAIT_P95] = sf_hist_quantile(&c->wait_h, 0.95);
        x[SF_M_WAIT_PROB] = nan_or((double)c->waited, (double)c->started);
        x[SF_M_LOS_MEAN] = nan_or(c->los_sum, (double)c->los_h.n);
        x[SF_M_LOS_P50] = sf_hist_quantile(&c->los_h, 0.50);
        x[SF_M_LOS_P90] = sf_hist_quantile(&c->los_h, 0.90);
        x[SF_M_LOS_P95] = sf_hist_quantile(&c->los_h, 0.95);
        x[SF_M_OVERFLOWED] = (double)c->overflowed;
        x[SF_M_REJECTED] = (double)c->rejected;
        x[SF_M_REJECT_SHARE] = nan_or((double)(c->overflowed + c->rejected), (double)c->arrivals);
        x[SF_M_BLOCKED] = (double)c->blocked;
        const resp_rt *r = e->units[i / e->ncls].resp;
        if (r)
            resp_write(&r->cls[i % e->ncls], x);
    }

    /* population rows follow the class rows */
    rows += (size_t)e->nunits * e->ncls * SF_M_COUNT;
    for (int i = 0; i < e->npops; i++) {
        const pop_rt *p = &e->pops[i];
        double *x = rows + (size_t)i * SF_M_COUNT, size = e->m->populations[i].size;
        for (int m = 0; m < SF_M_COUNT; m++)
            x[m] = NAN;
        x[SF_M_ARRIVALS] = (double)p->arrivals;
        x[SF_M_TRAVEL_MEAN] = nan_or(p->travel_sum * 60, (double)p->travel_n);
        x[SF_M_CONTACTS_PER_1000] = nan_or((double)p->arrivals * 1000 * (8760 / H), size);
        x[SF_M_APPT_DAYS_MEAN] = nan_or(p->appt_sum, (double)p->appt_n);
        x[SF_M_CONTINUITY] = nan_or((double)p->visits_own, (double)p->visits_listed);
        if (e->nstations)
            resp_write(&e->rpop[i], x);
    }
    if (!e->nstations)
        return;

    /* response rows: by the call's zone, then by station */
    rows += (size_t)e->npops * SF_M_COUNT;
    for (int z = 0; z < e->m->nzones; z++, rows += SF_M_COUNT) {
        for (int m = 0; m < SF_M_COUNT; m++)
            rows[m] = NAN;
        rows[SF_M_ADMITTED] = (double)e->rzone[z].n;
        resp_write(&e->rzone[z], rows);
    }
    for (int i = 0; i < e->nstations; i++, rows += SF_M_COUNT) {
        const station_rt *st = &e->stations[i];
        for (int m = 0; m < SF_M_COUNT; m++)
            rows[m] = NAN;
        rows[SF_M_ADMITTED] = (double)st->calls;
        rows[SF_M_UTILISATION] = nan_or(st->busy_area, st->cap_area);
        rows[SF_M_CAPACITY_MEAN] = st->cap_area / H;
        rows[SF_M_RESP_STATION_EMPTY] = st->empty_time / H;
    }
}

/* A booked clinic's TNAA and continuity in month row b (NaN by hour and
 * at other units). Ratios of the month's sums, so that weighted by
 * clinic days and listed visits they give the whole window's figures. */
static void write_by_booked(const unit_rt *u, int b, double *x) {
    x[SF_BY_TNAA_DAYS] = x[SF_BY_CONTINUITY] = x[SF_BY_LISTED_VISITS] = x[SF_BY_CLINIC_DAYS] = NAN;
    if (!u->book || b < SF_BT_HOURS)
        return;
    const sf_book_stats *st = &u->book->st;
    int mo = b - SF_BT_HOURS;
    x[SF_BY_TNAA_DAYS] = nan_or(st->tnaa_sum_m[mo], (double)st->tnaa_n_m[mo]);
    x[SF_BY_CONTINUITY] = nan_or((double)st->own_m[mo], (double)st->listed_m[mo]);
    x[SF_BY_LISTED_VISITS] = (double)st->listed_m[mo];
    x[SF_BY_CLINIC_DAYS] = (double)st->tnaa_n_m[mo];
}

/* Figures by hour of week and month (engine.h, sf_rep_out.by). */
static void write_by(const sf_engine *e, double *by) {
    for (int i = 0; i < e->nunits; i++) {
        const unit_rt *u = &e->units[i];
        for (int b = 0; b < SF_BT_ROWS; b++) {
            const double *a = &u->bt[b * BT_ACC], *c = &u->bc[b * BC_ACC];
            double *x = by + ((size_t)i * SF_BT_ROWS + b) * SF_BY_COUNT;
            double T = a[BT_TIME];
            if (!(T > 0)) {
                for (int m = 0; m < SF_BY_COUNT; m++)
                    x[m] = NAN;
                continue;
            }
            /* requests per hour of that hour of week, per day of that month */
            x[SF_BY_ARRIVALS] = c[BC_ARR] / T * (b < SF_BT_HOURS ? 1 : 24);
            x[SF_BY_OCC_MEAN] = a[BT_OCC] / T;
            x[SF_BY_CAPACITY] = a[BT_CAP] / T;
            x[SF_BY_UTILISATION] = nan_or(a[BT_OCC], a[BT_CAP]);
            x[SF_BY_WAIT_MEAN] = nan_or(c[BC_WAIT], c[BC_STARTED]);
            x[SF_BY_BLOCKED_MEAN] = a[BT_BLK] / T;
            write_by_booked(u, b, x);
        }
    }
}

/* Out of line: it runs once per replication, and inlined it made
 * sf_engine_replicate too large for GCC to take in on_arrival, the M/M/5's
 * hottest call (bench/README.md, "Persons"). */
static __attribute__((noinline)) void reset_state(sf_engine *e, uint64_t seed, int rep) {
    sf_eventq_clear(&e->q);
    sf_eventq_clear(&e->qf);
    e->arr_pending = 0;
    pool_reset(e);
    memset(&e->net, 0, sizeof e->net);
    for (int i = 0; i < e->nunits; i++) {
        unit_rt *u = &e->units[i];
        u->busy = 0;
        u->waiting = 0;
        u->nblocked = 0;
        u->inblocked = 0;
        u->in_work = 0;
        u->nsvc = 0;
        u->ndwait = 0;
        u->bt_hour = INT64_MIN;
        bt_enter(u, clock_hour(e, 0.0));
        for (int r = 0; r < u->nranks; r++)
            u->q[r].n = u->q[r].head = 0;
        sf_rng_init_named(&u->rng_service, seed, rep, SF_RNG_SERVICE, u->stream);
        sf_rng_init_named(&u->rng_route, seed, rep, SF_RNG_ROUTE, u->stream);
        if (u->book) {
            sf_book_reset(u->book, &e->m->calendar);
            sf_rng_init_named(&u->rng_list, seed, rep, SF_RNG_BOOK_LIST, u->stream);
            sf_rng_init_named(&u->rng_urgent, seed, rep, SF_RNG_BOOK_URGENT, u->stream);
        }
        if (u->resp)
            sf_rng_init_named(&u->resp->rng_dispatch, seed, rep, SF_RNG_RESP_DISPATCH, u->stream);
    }
    for (int i = 0; i < e->nstations; i++) {
        station_rt *st = &e->stations[i];
        const sf_station *d = &e->units[st->unit].resp->def->st[st->idx];
        st->busy = 0;
        st->cap = d->sched ? sched_at_hour(e, d->sched, clock_hour(e, 0.0)) : d->vehicles;
    }
    for (int i = 0; i < e->nvehicles; i++)
        e->vehicles[i].state = VS_HOME;
    for (int i = 0; i < e->nunits; i++)
        if (e->units[i].resp) {
            unit_rt *u = &e->units[i];
            u->cap = 0;
            for (int s = 0; s < u->resp->def->nstations; s++)
                u->cap += u->resp->st[s].cap;
        }
    for (int i = 0; i < e->nsources; i++) {
        source_rt *s = &e->sources[i];
        sf_rng_init_named(&s->rng_arrival, seed, rep, SF_RNG_ARRIVAL, s->stream);
        sf_rng_init_named(&s->rng_thin, seed, rep, SF_RNG_THIN, s->stream);
        sf_rng_init_named(&s->rng_entry, seed, rep, SF_RNG_ENTRY, s->stream);
        sf_rng_init_named(&s->rng_zone, seed, rep, SF_RNG_ZONE, s->stream);
        s->period = -1;
        s->p_end = -INFINITY; /* look the period up at the first candidate */
    }
    if (e->persons)
        sf_persons_reset(e->persons, seed, rep);
    stats_reset(e, 0);
    e->events = e->patients = 0;
    e->err = 0;
    e->stop = 0;
    e->dead_t = NAN;
    e->why[0] = '\0';
}

/* The event count at which the loop next has something to do besides
 * events: call the progress tick (every 65536 events) or stop at the
 * budget. Until then, and while nothing failed, the loop makes one test. */
static uint64_t next_check(const sf_engine *e, uint64_t events) {
    uint64_t at = e->tick ? (events | 0xffff) + 1 : UINT64_MAX;
    if (e->max_events && e->max_events < at)
        at = e->max_events;
    return at;
}

int sf_engine_replicate(sf_engine *e, uint64_t seed, int rep, sf_rep_out *out) {
    const sf_model *m = e->m;
    reset_state(e, seed, rep);
    e->t_end = m->warmup + m->horizon;
    int err = sf_eventq_push(&e->q, e->t_end, EV_PACK(EV_END, 0));
    if (m->warmup > 0)
        err |= sf_eventq_push(&e->q, m->warmup, EV_PACK(EV_WARMUP, 0));
    for (int i = 0; i < e->nunits && !err; i++) {
        unit_rt *u = &e->units[i];
        if (u->book) {
            double t0 = sf_book_next_opening(u->book, -1e-9);
            if (t0 < e->t_end)
                err |= sf_eventq_push(&e->q, t0, EV_PACK(EV_BOOKDAY, i));
        }
        if (u->resp)
            for (int s = 0; s < u->resp->def->nstations; s++)
                if (u->resp->def->st[s].sched)
                    resp_sched_next(e, u->resp->st0 + s, clock_hour(e, 0.0));
        if (!u->sched)
            continue;
        int64_t h0 = clock_hour(e, 0.0);
        u->cap = sched_at_hour(e, u->sched, h0);
        sched_next(e, i, h0);
        err |= e->err;
    }
    for (int i = 0; i < e->nsources && !err; i++) {
        double t0 = next_arrival(e, &e->sources[i], 0.0);
        if (t0 < e->t_end)
            err |= schedule_arrival(e, i, t0);
    }
    if (err)
        return SF_ERR_NOMEM;

    uint64_t events = 0, check_at = next_check(e, 0);
    for (;;) {
        sf_event ev;
        if (e->qf.n && (e->q.n == 0 || sf_event_before(&e->qf.h[0], &e->q.h[0]))) {
            if (e->arr_pending && sf_event_before(&e->arr, &e->qf.h[0])) {
                ev = e->arr;
                e->arr_pending = 0;
            } else {
                ev = sf_eventq_pop(&e->qf);
            }
        } else if (e->arr_pending && (e->q.n == 0 || sf_event_before(&e->arr, &e->q.h[0]))) {
            ev = e->arr;
            e->arr_pending = 0;
        } else {
            ev = sf_eventq_pop(&e->q);
        }
        events++;
        uint32_t kind = ev.what & ((1u << EV_BITS) - 1), subject = ev.what >> EV_BITS;
        if (kind == EV_DONE) {
            on_done(e, subject, ev.t);
        } else if (kind == EV_ARRIVAL) {
            on_arrival(e, (int)subject, ev.t);
        } else if (kind == EV_CAPACITY) {
            on_capacity(e, (int)subject, ev.t);
        } else if (kind == EV_APPOINT) {
            on_appoint(e, subject, ev.t);
        } else if (kind == EV_BOOKDAY) {
            on_bookday(e, (int)subject, ev.t);
        } else if (kind == EV_RESP) {
            on_resp(e, subject, ev.t);
        } else if (kind == EV_WARMUP) {
            for (int i = 0; i < e->nunits; i++)
                unit_touch(&e->units[i], ev.t);
            stats_reset(e, ev.t);
        } else {
            for (int i = 0; i < e->nunits; i++) {
                unit_touch(&e->units[i], ev.t);
                cap_touch(&e->units[i], ev.t);
                dw_touch(&e->units[i], ev.t);
                bt_flush(&e->units[i], ev.t);
            }
            net_touch(&e->net, ev.t);
            for (int i = 0; i < e->nstations; i++)
                station_touch(&e->stations[i], ev.t);
            break;
        }
        if (e->stop | (events >= check_at)) {
            if (e->err)
                return e->err;
            if (!isnan(e->dead_t) && !e->dead_go_on)
                break;
            if (e->max_events && events >= e->max_events) {
                snprintf(e->why, sizeof e->why,
                         "replication %d stopped after its budget of %" PRIu64 " events", rep + 1,
                         e->max_events);
                return SF_ERR_ARG;
            }
            if (e->tick && (events & 0xffff) == 0)
                e->tick(e->tick_user, rep, ev.t / e->t_end);
            check_at = next_check(e, events);
        }
    }
    e->events = events;
    out->events = e->events;
    out->patients = e->patients;
    if (!isnan(e->dead_t) && !e->dead_go_on) {
        /* A deadlocked replication has no figures: its frozen wards would
         * pull every mean towards the deadlock (docs/simulation.md). */
        for (size_t i = 0; i < (size_t)sf_engine_rows(m) * SF_M_COUNT; i++)
            out->values[i] = NAN;
        if (out->by)
            for (size_t i = 0; i < (size_t)e->nunits * SF_BT_ROWS * SF_BY_COUNT; i++)
                out->by[i] = NAN;
        return SF_OK;
    }
    write_out(e, out->values);
    if (out->by)
        write_by(e, out->by);
    if (out->occ)
        for (int i = 0; i < e->nunits; i++)
            for (int k = 0; k <= e->units[i].cap_max; k++)
                out->occ[i][k] += e->units[i].occ_time[k];
    return SF_OK;
}

/* The stream key of object i named name: its name hash, so that adding or
 * removing another object leaves its numbers alone (common random numbers
 * across scenarios). Names are unique within units and within sources, but
 * if a generated name ever repeats (or two hashes collide), the later
 * object gets its index mixed in rather than a copy of the earlier one's
 * numbers. keys/off/size walk the earlier objects' keys. */
static uint64_t stream_key(const char *name, int i, const void *objs, size_t off, size_t size) {
    uint64_t h = sf_rng_name_hash(name ? name : "");
    for (int pass = 0; pass < 64; pass++) {
        int clash = 0;
        for (int j = 0; j < i && !clash; j++) {
            uint64_t k;
            memcpy(&k, (const char *)objs + (size_t)j * size + off, sizeof k);
            clash = k == h;
        }
        if (!clash)
            break;
        h = sf_rng_name_hash(name ? name : "") ^ (0x9e3779b97f4a7c15u * (uint64_t)(i + 1 + pass));
    }
    return h;
}

int sf_engine_create(const sf_model *m, sf_engine **out) {
    *out = NULL;
    sf_engine *e = calloc(1, sizeof *e);
    if (!e)
        return SF_ERR_NOMEM;
    e->m = m;
    sf_expo_init(&e->expo);
    e->nunits = m->nunits;
    e->nsources = m->nsources;
    e->units = calloc((size_t)m->nunits ? (size_t)m->nunits : 1, sizeof *e->units);
    e->sources = calloc((size_t)m->nsources ? (size_t)m->nsources : 1, sizeof *e->sources);
    e->work = calloc((size_t)m->nunits + 1, sizeof *e->work);
    e->dead = calloc((size_t)m->nunits + 1, 1);
    if (!e->units || !e->sources || !e->work || !e->dead || pool_grow(e))
        goto oom;
    e->ncls = sf_engine_class_rows(m);
    e->npops = m->npopulations;
    if (!(e->pops = calloc((size_t)e->npops + 1, sizeof *e->pops)))
        goto oom;
    if (e->ncls && !(e->cls = calloc((size_t)m->nunits * e->ncls, sizeof *e->cls)))
        goto oom;
    for (int i = 0; i < m->nunits; i++) {
        const sf_unit *d = &m->units[i];
        unit_rt *u = &e->units[i];
        u->cap = u->cap_max = d->capacity;
        u->sched = d->sched;
        u->handover = d->on_drop == SF_ON_DROP_HANDOVER;
        u->discharge = d->discharge;
        if (u->handover && !(u->svc = calloc((size_t)d->capacity, sizeof *u->svc)))
            goto oom;
        u->queue_limit = d->queue_limit;
        u->overflow = d->overflow;
        u->ward = d->kind == SF_UNIT_WARD;
        u->nranks = d->nranks;
        u->rank = d->rank;
        u->next = d->next;
        u->stream = stream_key(d->name, i, e->units, offsetof(unit_rt, stream), sizeof *u);
        sf_sampler_init(&u->service, &d->service, &e->expo, &e->gauss);
        u->q = calloc((size_t)d->nranks, sizeof *u->q);
        u->occ_time = calloc((size_t)u->cap_max + 1, sizeof *u->occ_time);
        /* on a cache line's start, so each line holds two whole buckets */
        u->bt = aligned_alloc(64, (BT_BUCKETS * (BT_ACC + BC_ACC) * sizeof *u->bt + 63) / 64 * 64);
        u->eng = e;
        if (!u->bt)
            goto oom;
        u->bc = u->bt + BT_BUCKETS * BT_ACC;
        if (!u->q || !u->occ_time)
            goto oom;
        if (d->resp) {
            if (!(u->resp = calloc(1, sizeof *u->resp)) ||
                !(u->resp->cls = calloc((size_t)m->nclasses, sizeof *u->resp->cls)))
                goto oom;
            u->resp->def = d->resp;
            u->resp->st0 = e->nstations;
            sf_sampler_init(&u->resp->dispatch, &d->resp->dispatch, &e->expo, &e->gauss);
            e->nstations += d->resp->nstations;
            u->rare = 1;
        }
        if (d->booked) {
            u->rare = 1;
            if (!(u->book = malloc(sizeof *u->book)))
                goto oom;
            if (sf_book_init(u->book, d->booked)) {
                free(u->book);
                u->book = NULL;
                goto oom;
            }
            /* people on lists here: listed populations whose demand comes
             * to this clinic, each counted once */
            for (int p = 0; p < m->npopulations; p++) {
                int sends = 0;
                for (int s = 0; s < m->nsources && !sends; s++)
                    for (int k = 0; k < m->sources[s].to.n; k++)
                        sends |= m->sources[s].population == p && m->sources[s].to.dest[k] == i &&
                                 m->sources[s].to.prob[k] > 0;
                if (sends && m->populations[p].listed)
                    u->list_people += m->populations[p].size;
            }
        }
    }
    if (e->nstations) {
        if (!(e->stations = calloc((size_t)e->nstations, sizeof *e->stations)) ||
            !(e->rpop = calloc((size_t)e->npops + 1, sizeof *e->rpop)) ||
            !(e->rzone = calloc((size_t)m->nzones + 1, sizeof *e->rzone)))
            goto oom;
        for (int i = 0; i < m->nunits; i++) {
            resp_rt *r = e->units[i].resp;
            if (!r)
                continue;
            r->st = &e->stations[r->st0];
            for (int s = 0; s < r->def->nstations; s++) {
                r->st[s].unit = i;
                r->st[s].idx = s;
                r->st[s].v0 = e->nvehicles;
                r->st[s].nv = r->def->st[s].vehicles;
                e->nvehicles += r->def->st[s].vehicles;
            }
        }
        if (!(e->vehicles = calloc((size_t)e->nvehicles, sizeof *e->vehicles)))
            goto oom;
        for (int i = 0; i < e->nstations; i++)
            for (int k = 0; k < e->stations[i].nv; k++)
                e->vehicles[e->stations[i].v0 + k].station = i;
    }
    for (int i = 0; i < m->nsources; i++) {
        source_rt *s = &e->sources[i];
        s->def = &m->sources[i];
        s->wtop = (s->def->profile.flat ? 1.0 : s->def->profile.wmax) *
                  (s->def->period_w ? s->def->period_wmax : 1.0);
        s->lmax = s->def->rate * s->wtop;
        s->pop = s->def->population >= 0 ? &m->populations[s->def->population] : NULL;
        s->stream = stream_key(s->def->name, i, e->sources, offsetof(source_rt, stream), sizeof *s);
    }
    if (sf_persons_needed(m)) {
        if (sf_persons_create(m, &e->expo, &e->gauss, &e->persons))
            goto oom;
        for (int i = 0; i < m->nsources; i++)
            e->sources[i].lmax *= sf_persons_envelope(e->persons, i);
    }
    sf_engine_split_queue(e, 1);
    *out = e;
    return SF_OK;
oom:
    sf_engine_free(e);
    return SF_ERR_NOMEM;
}

int sf_engine_on_stay(sf_engine *e, sf_engine_stay_fn fn, void *user) {
    if (!fn) {
        free(e->tr);
        e->tr = NULL;
        e->stay = NULL;
        return SF_OK;
    }
    if (!e->tr && !(e->tr = malloc((size_t)e->pool_cap * sizeof *e->tr)))
        return SF_ERR_NOMEM;
    e->stay = fn;
    e->stay_user = user;
    return SF_OK;
}

void sf_engine_set_budget(sf_engine *e, uint64_t max_events) { e->max_events = max_events; }

const char *sf_engine_why(const sf_engine *e) { return e->why; }

void sf_engine_deadlock_go_on(sf_engine *e, int go_on) { e->dead_go_on = go_on; }

/* A unit's service ends go to qf when its mean service is at most an hour
 * against a day of the longest (a walk-in unit beside wards): its events
 * then meet few others on their way to the front. */
int sf_engine_split_queue(sf_engine *e, int on) {
    const sf_model *m = e->m;
    double longest = 0;
    for (int i = 0; i < m->nunits; i++)
        longest = fmax(longest, sf_dist_mean(&m->units[i].service));
    int n = 0;
    for (int i = 0; i < m->nunits; i++) {
        int fast = on && sf_dist_mean(&m->units[i].service) * 24 <= longest;
        e->units[i].evq = fast ? &e->qf : &e->q;
        n += fast;
    }
    return n;
}

double sf_engine_deadlock(const sf_engine *e, const unsigned char **units) {
    if (units)
        *units = e->dead;
    return e->dead_t;
}

void sf_engine_on_tick(sf_engine *e, sf_engine_tick fn, void *user) {
    e->tick = fn;
    e->tick_user = user;
}

void sf_engine_free(sf_engine *e) {
    if (!e)
        return;
    for (int i = 0; e->units && i < e->nunits; i++) {
        unit_rt *u = &e->units[i];
        for (int r = 0; u->q && r < u->nranks; r++)
            free(u->q[r].buf);
        free(u->q);
        free(u->occ_time);
        free(u->svc);
        if (u->book) {
            sf_book_free(u->book);
            free(u->book);
        }
        free(u->bt);
        if (u->resp) {
            free(u->resp->cls);
            free(u->resp);
        }
    }
    free(e->stations);
    free(e->vehicles);
    free(e->rpop);
    free(e->rzone);
    free(e->units);
    free(e->cls);
    free(e->pops);
    free(e->sources);
    free(e->work);
    free(e->dead);
    free(e->pool);
    free(e->free_ids);
    free(e->tr);
    sf_persons_free(e->persons);
    sf_eventq_free(&e->q);
    sf_eventq_free(&e->qf);
    free(e);
}
