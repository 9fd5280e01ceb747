/* model.h: the validated model, as the loader builds it and the engine
 * reads it.
 *
 * Everything here is plain data: indices instead of pointers between
 * objects, times in hours, rates per hour. The loader (loader.c) fills it
 * from YAML and checks every invariant written below, so the engine can
 * trust it without checking again. All memory belongs to the model's arena
 * and goes with sf_model_free. */
#ifndef SF_MODEL_H
#define SF_MODEL_H

#include "core/arena.h"
#include "model/calendar.h"
#include "model/population.h"
#include "samflyt/samflyt.h"

#include <stdint.h>

/* Special destinations in a route and in sf_unit.overflow. */
#define SF_DEST_HOME (-1)   /* leaves the network */
#define SF_DEST_REJECT (-2) /* turned away, counted as rejected */
#define SF_DEST_NONE (-3)   /* no overflow: wait in the queue */

typedef enum sf_dist_kind {
    SF_DIST_EXP,        /* p[0] = mean */
    SF_DIST_LOGNORMAL,  /* p[0] = mean, p[1] = sd (of the variable itself) */
    SF_DIST_GAMMA,      /* p[0] = mean, p[1] = sd */
    SF_DIST_WEIBULL,    /* p[0] = shape (dimensionless), p[1] = scale */
    SF_DIST_UNIFORM,    /* p[0] = low, p[1] = high */
    SF_DIST_TRIANGULAR, /* p[0] = min, p[1] = mode, p[2] = max */
    SF_DIST_FIXED,      /* p[0] = value */
    SF_DIST_EMPIRICAL,  /* values[0..nvalues): drawn with equal probability */
} sf_dist_kind;

/* A duration distribution; every duration parameter is in hours.
 * Invariants: means, sd, scale and shape > 0; 0 <= low < high;
 * min <= mode <= max with min < max; fixed >= 0; nvalues >= 1, all >= 0. */
typedef struct sf_dist {
    sf_dist_kind kind;
    double p[3];
    const double *values;
    int nvalues;
} sf_dist;

/* Where a patient goes next: dest[i] with probability prob[i].
 * dest[i] is a unit index or SF_DEST_HOME. cum[i] is the running sum of
 * prob, cum[n-1] == 1 exactly (the loader normalises after checking that
 * the given probabilities sum to 1 within 1e-6). n >= 1. */
typedef struct sf_route {
    int n;
    const int *dest;
    const double *prob;
    const double *cum;
} sf_route;

/* Hour-of-week weights, hour 0 = Monday 00:00-01:00. Normalised so the
 * mean over the 168 hours is 1; wmax is the largest weight. flat != 0
 * when every weight is 1 (then no thinning is needed). */
typedef struct sf_profile {
    double w[168];
    double wmax;
    int flat;
} sf_profile;

/* A Poisson stream of patients, from `arrivals` or compiled from `demand`.
 * rate is the mean rate per hour over a week, before period multipliers;
 * > 0 for arrivals, >= 0 for demand (a population of size 0). */
typedef struct sf_source {
    const char *name;
    double rate;
    sf_profile profile;
    sf_route to;
    int cls;        /* class index, 0..nclasses-1 */
    int population; /* index into the model's populations; -1 for `arrivals` */
    /* Rate multipliers by calendar period, [0] for days in no period and
     * [p + 1] for period p (presence times the demand's period factor);
     * NULL when the rate does not change with the period. period_wmax is
     * the largest, 1 when NULL. The instantaneous rate is
     * rate * profile.w[hour of week] * period_w[period + 1]. */
    const double *period_w;
    double period_wmax;
    /* Demand from a population with persons and age bands: the running
     * share of the contacts by age band (share times the band's rate,
     * normalised, last exactly 1), so a contact goes to a person of the
     * right age. NULL otherwise. */
    const double *age_cum;
} sf_source;

/* Return behaviour of a unit (`return:`, docs/model.md "Return"): a
 * patient of class cls (-1: any class) who goes home from the unit comes
 * back, as a new contact of the same patient, with probability prob after
 * a delay drawn from delay (redrawn while longer than within), to a unit
 * picked by to. */
typedef struct sf_return {
    int cls;
    double prob;   /* 0 <= prob < 1 */
    double within; /* hours; INFINITY: no window */
    sf_dist delay;
    sf_route to;
} sf_return;

/* A capacity schedule (schedule.c): servers or beds by hour of the week and
 * calendar period, compiled from a `servers:`/`beds:` mapping. week[h] is
 * the capacity at hour of week h (0 = Monday 00:00-01:00) outside any
 * period clause; in calendar period p the capacity is period[p * 168 + h],
 * or week[h] where that is -1 (the period has no clause for that hour).
 * Invariants: every value in 0..max, max >= 1 (some hour is open). */
typedef struct sf_sched {
    int week[168];
    int nperiods;      /* rows of period: the calendar's periods, or 0 */
    const int *period; /* NULL when no clause names a period */
    int max;
} sf_sched;

/* What happens to patients in service when the capacity drops below the
 * number busy (docs/simulation.md, "Schedules"). */
typedef enum sf_on_drop {
    SF_ON_DROP_FINISH,   /* they finish; nobody new starts until busy < capacity */
    SF_ON_DROP_HANDOVER, /* the latest started go back to the head of their queue */
} sf_on_drop;

typedef enum sf_unit_kind {
    SF_UNIT_WALKIN,   /* servers serve a queue; service time per patient */
    SF_UNIT_WARD,     /* beds; length of stay per patient; ward patients block */
    SF_UNIT_BOOKED,   /* doctors and an appointment book (booked.h) */
    SF_UNIT_RESPONSE, /* vehicles at stations answer calls from zones (response.h) */
} sf_unit_kind;

typedef struct sf_unit {
    const char *name;
    /* The organisation that runs the unit (a municipality, the hospital
     * trust), "" when not given: the trace's org column, so the flow
     * analysis sees patients shared between organisations. */
    const char *org;
    /* The kind of care the travel-access table groups the unit under:
     * `care:` when given (care_given), else the kind's name ("ward"). */
    const char *care;
    int care_given;
    sf_unit_kind kind;
    int capacity;          /* servers (walk-in) or beds (ward), >= 1; with a
                              schedule, its largest value */
    const sf_sched *sched; /* NULL: capacity is constant */
    sf_on_drop on_drop;
    /* Ward discharge hours: discharge[h] != 0 when patients may leave at
     * hour of week h; NULL: at any hour. Some hour is set. */
    const unsigned char *discharge;
    int64_t queue_limit; /* max waiting, -1 = unlimited */
    sf_dist service;     /* service time (walk-in) or length of stay (ward) */
    int overflow;        /* unit index, SF_DEST_REJECT or SF_DEST_NONE */
    sf_route next;       /* after service / stay */
    /* rank[c]: priority of class c at this unit, 0 = served first. All 0
     * when the unit has no triage. nranks = 1 + max rank. */
    const int *rank;
    int nranks;
    /* booked-clinic settings (model/booked.h); NULL for other kinds. For a
     * booked clinic, capacity is the number of doctors and service the
     * consultation time. */
    const struct sf_booked *booked;
    /* response-unit settings (model/response.h); NULL for other kinds. For
     * a response unit, capacity is the vehicles of all stations (their
     * largest values) and service is unused. */
    const struct sf_response *resp;
    /* Return behaviour (`return:`): nreturns rules, the first whose class
     * matches applies; 0 when patients never come back by themselves. */
    int nreturns;
    const sf_return *returns;
} sf_unit;

struct sf_model {
    sf_arena arena;
    const char *name;
    const char *file;
    double horizon; /* hours observed, after warm-up, > 0 */
    double warmup;  /* hours, >= 0 */
    int replications;
    uint64_t seed;

    /* Dates of the clock: t = 0 is calendar.day0 plus calendar.hour0.
     * Without `calendar:` in the file, t = 0 is a Monday 00:00. */
    sf_calendar calendar;

    int nclasses;
    const char **classes; /* class names; index 0 is "default" */

    int nsources;
    const sf_source *sources;

    int nunits;
    const sf_unit *units;

    /* Scenarios (scenario.c): every name the file defines, and which one
     * this model is (NULL for the base model). */
    int nscenarios;
    const char **scenario_names;
    const char *scenario;
    int nzones;
    const sf_zone *zones;
    int npopulations;
    const sf_population *populations;

    /* `weights:` for ranking scenarios (samflyt compare): per "unit.metric"
     * a swing weight between a worst and a best level, and/or a target,
     * with the name's place in the file for messages (the names, and the
     * levels' units against the metric's, are checked against the results
     * when compare runs: docs/compare.md). */
    int nweights;
    const struct sf_weight *weights;

    /* `decisions:` and `cost:` for samflyt sweep (decisions.c), with their
     * places in the file for messages. */
    int ndecisions;
    const struct sf_decision *decisions;
    /* `objective:` for samflyt sweep (decisions.c), as written: the
     * indicator UNIT.METRIC to minimise or maximise (NULL: none), its
     * indifference zone and the budget (NAN: none); the sweep reads the
     * indicator and the level in the metric's unit. */
    struct sf_objective_spec {
        const char *indicator, *delta;
        int maximize;
        double max_cost;
        int line, col, delta_line, delta_col;
    } objective;

    /* Warnings found at load (warn.c), at most SF_MODEL_MAX_WARNINGS. */
    int nwarnings;
    sf_diag *warnings;
};

enum { SF_MODEL_MAX_WARNINGS = 32 };

/* A level as written: a duration ("14d", in hours), a share ("80%", as
 * 0.8) or a plain number; kind SF_LEVEL_NONE when absent. */
enum { SF_LEVEL_NONE, SF_LEVEL_NUMBER, SF_LEVEL_DURATION, SF_LEVEL_SHARE };
typedef struct sf_level {
    double v;
    int kind;
    int line, col;
} sf_level;

typedef struct sf_weight {
    const char *name;
    double w;                        /* swing weight > 0; 0: a target only */
    sf_level worst, best;            /* both set when w > 0 */
    sf_level target_max, target_min; /* either may be absent */
    int line, col;
} sf_weight;

/* A decision of samflyt sweep: a dotted path whose whole value runs
 * from lo to hi by step, and the cost of one unit of it (NAN: not given). */
typedef struct sf_decision {
    const char *path;
    int lo, hi, step;
    double cost;
    int line, col;           /* of the path */
    int cost_line, cost_col; /* of the cost, when given */
} sf_decision;

/* Expected requests at units per patient, from the routing (visits.c):
 * visits[u] for a patient whose first request is at unit u (INFINITY
 * when the routing never leads home); *loop is the unit patients come
 * back to most. SF_OK or SF_ERR_NOMEM. */
int sf_model_expected_visits(const sf_model *m, double *visits, int *loop);
#define SF_MAX_VISITS                                                                              \
    1e4 /* the loader's bound on visits[u], beyond one per unit (docs/simulation.md) */

/* "walk-in", "ward", ...: the name of a unit kind in the model file. */
const char *sf_unit_kind_name(sf_unit_kind kind);

/* Parses "15m", "8h", "2d", "1w", "1.5y", "30s" into hours. Returns 0 or
 * -1 with *why set to a static explanation. */
int sf_parse_duration(const char *s, double *hours, const char **why);
/* Parses "4.5/h", "3/y", "120/d", "10/w" into a rate per hour. */
int sf_parse_rate(const char *s, double *per_hour, const char **why);

#endif
