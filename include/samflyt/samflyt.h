/* samflyt.h: the public API of libsamflyt.
 *
 * samflyt plans and measures patient flow across municipal and hospital
 * care. The library loads a model file (YAML), simulates it as a
 * discrete-event system over independent replications, and returns
 * estimates with confidence intervals. It never prints and never exits:
 * every function that can fail returns a negative SF_ERR_* code and, where
 * the caller passes one, fills an sf_diag with file:line:column and what was
 * expected.
 *
 * Ownership: every object returned through an out-parameter belongs to the
 * caller and is released with the matching *_free function. */
#ifndef SAMFLYT_H
#define SAMFLYT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SF_VERSION "0.1.0"

enum sf_status {
    SF_OK = 0,
    SF_ERR_NOMEM = -1,  /* out of memory */
    SF_ERR_IO = -2,     /* a file could not be read or written */
    SF_ERR_SYNTAX = -3, /* the file is not well-formed YAML */
    SF_ERR_MODEL = -4,  /* well-formed, but not a valid model */
    SF_ERR_ARG = -5,    /* an invalid argument from the caller */
    SF_ERR_THREAD = -6, /* a worker thread could not be started */
    /* the caller's cancel hook asked to stop (sf_run_opts.cancel) */
    SF_ERR_CANCELLED = -7,
};

/* A short English text for an SF_ERR_* code. */
const char *sf_strerror(int code);

/* Where and why something failed. line and column count from 1; 0 means
 * unknown (for example an error that belongs to the whole file). */
typedef struct sf_diag {
    char file[512];
    int line;
    int column;
    char msg[512];
} sf_diag;

/* "file:line:column: msg" (parts that are unknown are left out). */
void sf_diag_format(const sf_diag *d, char *buf, size_t size);

/* ---- Model ------------------------------------------------------------ */

typedef struct sf_model sf_model;

int sf_model_load_file(const char *path, sf_model **out, sf_diag *diag);
/* Loads a model from memory; name is used in diagnostics. */
int sf_model_load_buffer(const char *name, const char *data, size_t len, sf_model **out,
                         sf_diag *diag);
void sf_model_free(sf_model *m);

const char *sf_model_name(const sf_model *m);
int sf_model_unit_count(const sf_model *m);
const char *sf_model_unit_name(const sf_model *m, int unit);
int sf_model_replications(const sf_model *m);
uint64_t sf_model_seed(const sf_model *m);
double sf_model_horizon(const sf_model *m); /* hours, after warm-up */
double sf_model_warmup(const sf_model *m);  /* hours */

/* Scenarios: overlays on the base model under the file's `scenarios:` key
 * (docs/model.md). A scenario is loaded as a model of its own: the base
 * with the overlay applied, validated like any model; its diagnostics
 * start "scenario 'NAME': ". scenario NULL loads the base model. An
 * unknown name gives SF_ERR_ARG. */
int sf_model_load_scenario_file(const char *path, const char *scenario, sf_model **out,
                                sf_diag *diag);
int sf_model_load_scenario_buffer(const char *name, const char *data, size_t len,
                                  const char *scenario, sf_model **out, sf_diag *diag);
int sf_model_scenario_count(const sf_model *m);
const char *sf_model_scenario_name(const sf_model *m, int i);
/* The scenario this model is, or NULL for the base model. */
const char *sf_model_scenario(const sf_model *m);

/* Warnings: what in a valid model is probably a mistake, such as GP lists
 * that add up far from the population they serve or demand above a
 * clinic's slots (docs/model.md, "Warnings"). The loader keeps them with
 * the model (at most 32) and never prints them; each has the file, line
 * and column it concerns. */
int sf_model_warning_count(const sf_model *m);
const sf_diag *sf_model_warning(const sf_model *m, int i);

/* What a what-if panel is made of (docs/api.md). A unit's kind ("walk-in",
 * "ward", "booked", "response"), the model-file key of its capacity
 * ("servers", "beds", "doctors") and that capacity: for a unit with a
 * schedule (*scheduled set to 1, if given) its largest value. -1 / NULL
 * for a unit that does not exist. */
const char *sf_model_unit_kind(const sf_model *m, int unit);
const char *sf_model_unit_capacity_key(const sf_model *m, int unit);
int sf_model_unit_capacity(const sf_model *m, int unit, int *scheduled);
/* 1 when the population's people are on the GP lists of a booked clinic. */
int sf_model_population_listed(const sf_model *m, int pop);
/* An upper bound of the patients reps replications generate, warm-up
 * included: each arrival stream at its highest rate all the time. */
double sf_model_patients_bound(const sf_model *m, int reps);
/* A rate as a model file writes it ("14/d", "3.5/h", "120/w", ...) in
 * patients per hour: 0, or -1 with *why saying what is wrong. */
int sf_parse_rate(const char *s, double *per_hour, const char **why);

/* ---- Simulation ------------------------------------------------------- */

/* Deadlock risk (docs/simulation.md, "Deadlock"): a cycle of wards that
 * send patients to one another with blocking (a patient ready to move
 * keeps its bed while it queues at the next ward), so that all their beds
 * can fill with patients waiting for one another. Returns the number of
 * wards in one such cycle (0: the model has none; -1: out of memory) and
 * puts their indices, in routing order, in units[0 .. min(that, max)). */
int sf_model_blocking_cycle(const sf_model *m, int *units, int max);

/* Indicators per unit and for the whole network. Times are in hours;
 * counts are per replication over the observed horizon (after warm-up). */
/* Populations and travel access, from the model alone (no simulation).
 * Unit kinds are those present in the model, in order of first use
 * ("walk-in", "ward", ...). sf_model_access_share: the share of population
 * pop (by size, spread over its zones) whose zone has a unit of that kind
 * within `minutes` of travel (docs/model.md, "Travel access"); pop ==
 * sf_model_population_count(m) pools every population with known travel.
 * NaN when the population has no zone or none of its zones has a travel
 * time to a unit of that kind. */
int sf_model_population_count(const sf_model *m);
const char *sf_model_population_name(const sf_model *m, int pop);
double sf_model_population_size(const sf_model *m, int pop);
/* The people of pop present on average over the first observed year
 * (size times the mean of its presence by period); the pooled access
 * shares weigh each population by it. */
double sf_model_population_present(const sf_model *m, int pop);
int sf_model_access_kind_count(const sf_model *m);
const char *sf_model_access_kind_name(const sf_model *m, int kind);
double sf_model_access_share(const sf_model *m, int pop, int kind, double minutes);

typedef enum sf_metric {
    SF_M_ARRIVALS,    /* requests to the unit (incl. overflowed, rejected) */
    SF_M_ADMITTED,    /* requests accepted into the unit's care */
    SF_M_THROUGHPUT,  /* departures per day */
    SF_M_OCC_MEAN,    /* time-weighted mean of busy servers / occupied beds */
    SF_M_OCC_P95,     /* time-weighted 95th percentile of occupancy */
    SF_M_FULL_SHARE,  /* share of time with every server/bed occupied */
    SF_M_UTILISATION, /* mean occupancy / capacity */
    SF_M_QUEUE_MEAN,  /* time-weighted mean number waiting */
    SF_M_INUNIT_MEAN, /* time-weighted mean number in the unit (occupancy + waiting) */
    SF_M_WAIT_MEAN,   /* hours from arrival to start of service */
    SF_M_WAIT_P50,
    SF_M_WAIT_P90,
    SF_M_WAIT_P95,
    SF_M_WAIT_PROB, /* share of admitted patients who waited at all */
    SF_M_LOS_MEAN,  /* hours from arrival at the unit to leaving it */
    SF_M_LOS_P50,
    SF_M_LOS_P90,
    SF_M_LOS_P95,
    SF_M_OVERFLOWED,          /* requests sent on to the overflow unit */
    SF_M_REJECTED,            /* requests turned away (no place, no overflow) */
    SF_M_REJECT_SHARE,        /* (overflowed + rejected) / arrivals */
    SF_M_BLOCKED,             /* patients who became blocked (ready, next unit full) */
    SF_M_BLOCKED_DAYS,        /* bed-days spent blocked (ready for discharge) */
    SF_M_CAPACITY_MEAN,       /* time-weighted mean scheduled capacity */
    SF_M_DISCHARGE_WAIT_DAYS, /* bed-days spent waiting for the ward's discharge hours */
    /* booked-clinic units (NaN for other kinds) */
    SF_M_APPT_DAYS_MEAN, /* days from request to the booked slot */
    SF_M_APPT_DAYS_P50,
    SF_M_APPT_DAYS_P90,
    SF_M_TNAA_DAYS,      /* third next available appointment, days, per doctor */
    SF_M_CONTINUITY,     /* UPC: share of listed patients' visits with their own doctor */
    SF_M_SLOT_UTIL,      /* appointments / slots offered */
    SF_M_URGENT_SAMEDAY, /* share of urgent requests given a slot the same day */
    SF_M_LIST_MEAN,      /* listed patients per doctor */
    SF_M_LIST_MAX,
    SF_M_TRAVEL_MEAN,       /* minutes of travel from home per visit (patients with a zone) */
    SF_M_CONTACTS_PER_1000, /* population rows: contacts a year per 1,000 of its size */
    SF_M_LIST_PER_PERSON,   /* booked clinic: lists / people of its listed populations */
    /* response units (ambulance): per call, from the call to the vehicle on scene */
    SF_M_RESP_MEAN, /* minutes */
    SF_M_RESP_P50,
    SF_M_RESP_P90,
    SF_M_RESP_WITHIN12,      /* share of calls reached within 12 minutes */
    SF_M_RESP_WITHIN25,      /* share within 25 minutes */
    SF_M_RESP_URBAN12,       /* calls from urban zones: share within 12 minutes */
    SF_M_RESP_RURAL25,       /* calls from other zones: share within 25 minutes */
    SF_M_RESP_ELSEWHERE,     /* share answered from a station other than the nearest */
    SF_M_RESP_STATION_EMPTY, /* share of station time with no vehicle free there */
    SF_M_COUNT
} sf_metric;

const char *sf_metric_name(sf_metric m); /* "wait_mean" */
const char *sf_metric_unit(sf_metric m); /* "h", "count", "share", ... */
const char *sf_metric_description(sf_metric m);

/* Progress in permille of the whole run: done and total count thousandths
 * of a replication's simulated time (total = 1000 x replications). Called
 * when done changes, from whichever worker thread made progress, with a
 * lock held. */
typedef void (*sf_progress_fn)(void *user, int done, int total);

typedef struct sf_run_opts {
    int replications; /* 0: the model's */
    int threads;      /* 0 or 1: run on the calling thread */
    int has_seed;     /* non-zero: seed below overrides the model's */
    uint64_t seed;
    sf_progress_fn progress; /* optional; called with a lock held */
    void *progress_user;
    /* Optional: every stay of replication trace_rep (0-based) that ends in
     * the observed horizon, written to trace as stays CSV (docs/trace.md).
     * The header is written first; rows follow in order of the stays' ends. */
    FILE *trace;
    int trace_rep;
    /* The zone of the trace's times (an IANA name such as Europe/Oslo, UTC
     * or +01:00; NULL: Europe/Oslo). The clock runs from calendar.start
     * 00:00 local time in it; times are written with their UTC offset. */
    const char *trace_tz;
    /* Optional: asked before each replication starts, from the worker
     * threads (possibly several at once, no lock held); non-zero stops
     * the run: replications under way finish, no new one starts, and
     * sf_run returns SF_ERR_CANCELLED with no results. A server sets it
     * when its client has gone away. */
    int (*cancel)(void *user);
    void *cancel_user;
    /* The replications run are first_rep .. first_rep + replications - 1
     * of the seed's streams (0: from the first), so that a later stage of
     * a sequential procedure continues the same streams (samflyt sweep).
     * The results hold them as replications 0 .. replications - 1. */
    int first_rep;
} sf_run_opts;

typedef struct sf_results sf_results;

int sf_run(const sf_model *m, const sf_run_opts *opts, sf_results **out, sf_diag *diag);
void sf_results_free(sf_results *r);

/* A mean over replications with its 95 % Student-t interval. For n < 2
 * the half-width is NaN. A figure that does not apply is NaN. */
typedef struct sf_estimate {
    double mean;
    double half;
    double lo;
    double hi;
    double sd;
    int n;
} sf_estimate;

int sf_results_replications(const sf_results *r);
int sf_results_unit_count(const sf_results *r);
const char *sf_results_unit_name(const sf_results *r, int unit);
/* unit == sf_results_unit_count(r) selects the whole network. */
double sf_results_value(const sf_results *r, int rep, int unit, sf_metric m);
sf_estimate sf_results_estimate(const sf_results *r, int unit, sf_metric m);
uint64_t sf_results_seed(const sf_results *r);

/* Figures per unit and patient class (arrivals, admitted, throughput,
 * waits, stays, overflow, rejection, blocking; the others are NaN), when
 * the model has more than one class; sf_results_class_count is 0 when it
 * has one. Class 0 is "default". */
int sf_results_class_count(const sf_results *r);
const char *sf_results_class_name(const sf_results *r, int cls);
double sf_results_class_value(const sf_results *r, int rep, int unit, int cls, sf_metric m);
sf_estimate sf_results_class_estimate(const sf_results *r, int unit, int cls, sf_metric m);
/* Figures per population (arrivals, travel_mean, contacts_per_1000; the
 * others are NaN), for models with `populations`; pop indexes the model's
 * populations in file order. */
int sf_results_population_count(const sf_results *r);
const char *sf_results_population_name(const sf_results *r, int pop);
double sf_results_population_value(const sf_results *r, int rep, int pop, sf_metric m);
sf_estimate sf_results_population_estimate(const sf_results *r, int pop, sf_metric m);
/* Response units (docs/simulation.md, "Emergency response"): per zone,
 * the response figures of the calls from it to every response unit
 * (admitted: calls answered), and whether the zone is urban (its
 * guideline is then response_urban_12, else response_rural_25); per
 * station (named UNIT/STATION), admitted (calls answered), utilisation,
 * capacity_mean (vehicles on duty) and station_empty_share. Both counts
 * are 0 for a model without response units. */
int sf_results_zone_count(const sf_results *r);
const char *sf_results_zone_name(const sf_results *r, int zone);
int sf_results_zone_urban(const sf_results *r, int zone);
sf_estimate sf_results_zone_estimate(const sf_results *r, int zone, sf_metric m);
double sf_results_zone_value(const sf_results *r, int rep, int zone, sf_metric m);
int sf_results_station_count(const sf_results *r);
const char *sf_results_station_name(const sf_results *r, int station);
sf_estimate sf_results_station_estimate(const sf_results *r, int station, sf_metric m);
double sf_results_station_value(const sf_results *r, int rep, int station, sf_metric m);
/* Figures by hour of the week and by month of the year, per unit, each a
 * mean over replications with its 95 % interval. Hours count from Monday
 * 00:00 (hour 0) of the real weekday (the model's calendar); months from
 * January (0). A month outside the observed window, or one the window
 * only partly covers, is summarised over the time observed. */
typedef enum sf_by_metric {
    SF_BY_ARRIVALS,     /* requests per hour (by hour of week) or per day (by month) */
    SF_BY_OCC_MEAN,     /* time-weighted mean occupancy */
    SF_BY_CAPACITY,     /* time-weighted mean scheduled capacity */
    SF_BY_UTILISATION,  /* occupied place-hours / scheduled place-hours */
    SF_BY_WAIT_MEAN,    /* mean wait (h) of requests made in that hour or month */
    SF_BY_BLOCKED_MEAN, /* mean beds held by patients ready for discharge (blocked) */
    /* booked clinics, by month only (NaN by hour and for other units): */
    SF_BY_TNAA_DAYS,     /* third next available appointment at the openings of the month */
    SF_BY_CONTINUITY,    /* UPC: share of the month's listed visits with the own doctor */
    SF_BY_LISTED_VISITS, /* visits of listed patients in the month (continuity's weight) */
    SF_BY_CLINIC_DAYS,   /* openings sampled for TNAA in the month (TNAA's weight) */
    SF_BY_COUNT
} sf_by_metric;
/* "occupancy_mean", ...; monthly != 0 names arrivals per day, else per hour. */
const char *sf_by_metric_name(sf_by_metric m, int monthly);
sf_estimate sf_results_by_hour(const sf_results *r, int unit, int hour, sf_by_metric m);
/* Replication rep's figure for a month (NaN: not observed, or no such). */
double sf_results_by_month_value(const sf_results *r, int rep, int unit, int month, sf_by_metric m);
sf_estimate sf_results_by_month(const sf_results *r, int unit, int month, sf_by_metric m);
/* by_hour.csv: unit,hour,day,time,<metric>,<metric>_lo,<metric>_hi,... (168 rows a unit);
 * by_month.csv: unit,month,<metric>,... (12 rows a unit). */
int sf_results_write_by_hour_csv(const sf_results *r, FILE *f);
int sf_results_write_by_month_csv(const sf_results *r, FILE *f);

/* Deadlocks (docs/simulation.md, "Deadlock"): a replication in which a
 * set of wards is full of patients who each wait for a bed in another
 * ward of the set stops there. It has no figures (every value is NaN),
 * so no estimate includes it; the caller must say so. */
int sf_results_deadlocked(const sf_results *r); /* how many replications */
/* The hour (on the simulation clock, warm-up included) at which
 * replication rep (0-based) deadlocked; NaN if it did not. */
double sf_results_deadlock_time(const sf_results *r, int rep);
/* 1 if unit is one of the wards of replication rep's deadlock. */
int sf_results_deadlock_unit(const sf_results *r, int rep, int unit);

/* People with a history (models with `persons:` or `return:` rules,
 * docs/simulation.md "Persons and returns"): every replication's trace is
 * measured as `samflyt flow` measures a stays file (docs/metrics.md), and
 * each figure gets its mean and 95 % interval over the replications like
 * every other. Rows: unit 0..units-1 is the unit of discharge (discharges,
 * readmitted, readmission rate only); unit == sf_results_unit_count(r) is
 * the whole network (every figure). */
typedef enum sf_person_metric {
    SF_P_DISCHARGES,    /* index discharges (episodes ending home) */
    SF_P_READMITTED,    /* ... followed by a new episode 8 h to 30 d later */
    SF_P_READMIT_RATE,  /* readmitted / discharges */
    SF_P_UPC,           /* booked clinics: mean UPC of patients with 2+ visits */
    SF_P_COC,           /* mean Bice-Boxerman COC */
    SF_P_SECON,         /* mean sequential continuity */
    SF_P_CONT_PATIENTS, /* patients with 2+ visits to a known doctor */
    SF_P_SHARED_SHARE,  /* patients in 2+ organisations within 30 days / patients */
    SF_P_COUNT
} sf_person_metric;
/* 1 when the run has these figures (the model has persons or returns). */
int sf_results_has_persons(const sf_results *r);
const char *sf_person_metric_name(sf_person_metric m); /* "readmission_rate" */
const char *sf_person_metric_unit(sf_person_metric m); /* "count", "share", "ratio" */
double sf_results_person_value(const sf_results *r, int rep, int unit, sf_person_metric m);
sf_estimate sf_results_person_estimate(const sf_results *r, int unit, sf_person_metric m);

/* Events processed over all replications (for benchmarks). */
uint64_t sf_results_events(const sf_results *r);
/* Patients generated over all replications, warm-up included. */
uint64_t sf_results_patients(const sf_results *r);

/* results.json: every estimate and every replication's value. */
int sf_results_write_json(const sf_results *r, const sf_model *m, FILE *f);
/* One row per unit × metric: unit,metric,unit_of_measure,mean,lo,hi,half,n */
int sf_results_write_csv(const sf_results *r, FILE *f);
/* One row per replication × unit: rep,unit,<every metric> */
int sf_results_write_replications_csv(const sf_results *r, FILE *f);
/* report.html: one self-contained page (inline SVG, no script) with
 * occupancy and waits by hour of the week and by month, and every figure
 * per unit, network and population with its interval. */
int sf_results_write_html(const sf_results *r, const sf_model *m, FILE *f);

#ifdef __cplusplus
}
#endif
#endif
