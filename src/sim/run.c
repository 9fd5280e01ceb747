/* run.c: replications, spread over threads.
 *
 * Each replication draws only from its own streams (rng.h) and writes only
 * its own row of the results, and rows are summarised in replication
 * order afterwards: the figures are the same bit for bit whatever the
 * number of threads or the order in which replications finish. */
#include "core/diag.h"
#include "flow/person_figures.h"
#include "report/trace.h"
#include "sim/engine.h"
#include "sim/persons.h"
#include "sim/results.h"

#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct job {
    const sf_model *m;
    sf_results *r;
    const sf_run_opts *opts;
    const sf_tz *trace_tz; /* the trace's zone, when tracing */
    pthread_mutex_t lock;
    int next, done, err;
    uint64_t events, patients;
    short *permille; /* per replication, for progress */
    int reported;    /* last total reported */
    char why[256];   /* the engine's words for the first error */
} job;

/* Adds up the replications' progress and reports a change; lock held. */
static void report(job *j) {
    int sum = 0;
    for (int i = 0; i < j->r->reps; i++)
        sum += j->permille[i];
    if (sum != j->reported) {
        j->reported = sum;
        j->opts->progress(j->opts->progress_user, sum, 1000 * j->r->reps);
    }
}

static void tick(void *user, int rep, double done) {
    job *j = user;
    short pm = (short)(done >= 1 ? 999 : done * 1000);
    pthread_mutex_lock(&j->lock);
    if (pm > j->permille[rep]) {
        j->permille[rep] = pm;
        report(j);
    }
    pthread_mutex_unlock(&j->lock);
}

static size_t row_values(const sf_results *r) { return (size_t)r->nrows * SF_M_COUNT; }

static size_t person_values(const sf_results *r) { return ((size_t)r->nunits + 1) * SF_P_COUNT; }

/* A replication traced twice: to the caller's trace and to the table its
 * people figures are measured on. */
typedef struct trace_pair {
    sf_trace a;
    sf_trace_stays b;
} trace_pair;

static void trace_both(void *user, const sf_engine_stay *s) {
    trace_pair *p = user;
    sf_trace_row(&p->a, s);
    sf_trace_stay(&p->b, s);
}

/* Replication rep's people figures: its stays fill a table row by row as
 * the CSV reader fills it from the trace (one replication at a time per
 * thread), measured as samflyt flow measures a file, so the figures are
 * flow's by construction (test: persons_readmit_validation compares
 * replication 1 with samflyt flow on its --trace). */
static int measure_persons(job *j, int rep, sf_stays *t) {
    sf_diag d = {0};
    int err = sf_flow_person_figures_table(t, j->r->unit_names, j->r->nunits,
                                           j->r->pf + (size_t)rep * person_values(j->r), &d);
    if (err && err != SF_ERR_NOMEM) {
        /* the trace is the engine's own: not reading it back is a bug */
        pthread_mutex_lock(&j->lock);
        if (!j->why[0])
            snprintf(j->why, sizeof j->why, "replication %d's trace could not be measured: %.180s",
                     rep + 1, d.msg);
        pthread_mutex_unlock(&j->lock);
    }
    return err;
}

static void *worker(void *arg) {
    job *j = arg;
    sf_engine *e = NULL;
    int err = sf_engine_create(j->m, &e);
    if (!err && j->permille)
        sf_engine_on_tick(e, tick, j);
    for (;;) {
        /* outside the lock: the hook may take a while (a system call) */
        int stop = !err && j->opts && j->opts->cancel && j->opts->cancel(j->opts->cancel_user);
        pthread_mutex_lock(&j->lock);
        if (stop && !err && !j->err)
            j->err = SF_ERR_CANCELLED;
        if (err && !j->err)
            j->err = err;
        int rep = j->err ? j->r->reps : j->next++;
        pthread_mutex_unlock(&j->lock);
        if (rep >= j->r->reps)
            break;
        sf_rep_out out = {j->r->values + (size_t)rep * row_values(j->r), 0, 0, NULL, NULL};
        if (j->r->by)
            out.by = j->r->by + (size_t)rep * sf_results_by_values(j->r);
        /* The traced replication writes its stays from whichever thread
         * runs it; no other replication traces, so no lock is needed. */
        sf_trace tr;
        sf_trace_init(&tr, j->opts ? j->opts->trace : NULL, j->m, j->trace_tz);
        int tracing = tr.f && rep == j->opts->trace_rep;
        /* with people figures, every replication's stays also fill a table */
        sf_stays pt;
        sf_stays_init(&pt);
        trace_pair pair = {tr, {{0}, NULL, 0, 0}};
        if (!err && j->r->pf) {
            sf_trace_init(&pair.b.tr, NULL, j->m, NULL);
            pair.b.t = &pt;
        }
        if (!err && pair.b.t)
            err = tracing ? sf_engine_on_stay(e, trace_both, &pair)
                          : sf_engine_on_stay(e, sf_trace_stay, &pair.b);
        else if (!err && tracing && (err = sf_engine_on_stay(e, sf_trace_row, &tr)))
            tracing = 0;
        if (!err)
            err =
                sf_engine_replicate(e, j->r->seed, rep + (j->opts ? j->opts->first_rep : 0), &out);
        if (tracing || pair.b.t)
            sf_engine_on_stay(e, NULL, NULL);
        if (pair.b.t) {
            if (pair.b.err)
                err = err ? err : pair.b.err;
            /* a deadlocked replication has no figures, people's included */
            if (!err && isnan(sf_engine_deadlock(e, &(const unsigned char *){NULL})))
                err = measure_persons(j, rep, &pt);
        }
        sf_stays_free(&pt);
        pthread_mutex_lock(&j->lock);
        if (err && !j->err) {
            j->err = err;
            if (!j->why[0])
                snprintf(j->why, sizeof j->why, "%s", sf_engine_why(e));
        }
        const unsigned char *dead;
        double dead_t = err ? NAN : sf_engine_deadlock(e, &dead);
        j->r->dead_t[rep] = dead_t;
        if (!isnan(dead_t))
            memcpy(j->r->dead + (size_t)rep * (size_t)j->r->nunits, dead, (size_t)j->r->nunits);
        j->events += out.events;
        j->patients += out.patients;
        j->done++;
        if (!err && j->permille) {
            j->permille[rep] = 1000;
            report(j);
        }
        pthread_mutex_unlock(&j->lock);
    }
    sf_engine_free(e);
    return NULL;
}

void sf_results_free(sf_results *r) {
    if (!r)
        return;
    for (int i = 0; r->unit_names && i < r->nunits; i++)
        free(r->unit_names[i]);
    free(r->unit_names);
    for (int i = 0; r->class_names && i < r->nclasses; i++)
        free(r->class_names[i]);
    free(r->class_names);
    for (int i = 0; r->pop_names && i < r->npops; i++)
        free(r->pop_names[i]);
    free(r->pop_names);
    free(r->pop_sizes);
    for (int i = 0; r->zone_names && i < r->nzones; i++)
        free(r->zone_names[i]);
    free(r->zone_names);
    free(r->zone_urban);
    for (int i = 0; r->st_names && i < r->nstations; i++)
        free(r->st_names[i]);
    free(r->st_names);
    free(r->model_name);
    free(r->values);
    free(r->by);
    free(r->dead_t);
    free(r->dead);
    free(r->pf);
    free(r);
}

static sf_results *results_new(const sf_model *m, int reps, uint64_t seed) {
    sf_results *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->reps = reps;
    r->nunits = m->nunits;
    r->nclasses = sf_engine_class_rows(m);
    r->nrows = sf_engine_rows(m);
    r->seed = seed;
    r->horizon = m->horizon;
    r->warmup = m->warmup;
    r->model_name = strdup(m->name ? m->name : "");
    r->unit_names = calloc((size_t)m->nunits + 1, sizeof *r->unit_names);
    r->class_names = calloc((size_t)r->nclasses + 1, sizeof *r->class_names);
    r->npops = m->npopulations;
    r->pop_names = calloc((size_t)r->npops + 1, sizeof *r->pop_names);
    r->pop_sizes = calloc((size_t)r->npops + 1, sizeof *r->pop_sizes);
    r->nzones = sf_engine_zone_rows(m);
    r->nstations = sf_engine_station_rows(m);
    r->zone_names = calloc((size_t)r->nzones + 1, sizeof *r->zone_names);
    r->zone_urban = calloc((size_t)r->nzones + 1, sizeof *r->zone_urban);
    r->st_names = calloc((size_t)r->nstations + 1, sizeof *r->st_names);
    r->values = malloc((size_t)reps * row_values(r) * sizeof *r->values);
    r->dead_t = malloc((size_t)reps * sizeof *r->dead_t);
    r->dead = calloc((size_t)reps * (size_t)m->nunits + 1, 1);
    if (!r->dead_t || !r->dead || !r->model_name || !r->unit_names || !r->class_names ||
        !r->values || !r->pop_names || !r->pop_sizes || !r->zone_names || !r->zone_urban ||
        !r->st_names) {
        sf_results_free(r);
        return NULL;
    }
    for (int i = 0; i < reps; i++)
        r->dead_t[i] = NAN;
    if (sf_persons_needed(m)) {
        size_t n = (size_t)reps * person_values(r);
        if (!(r->pf = malloc(n * sizeof *r->pf))) {
            sf_results_free(r);
            return NULL;
        }
        for (size_t i = 0; i < n; i++)
            r->pf[i] = NAN;
    }
    /* Figures by hour and month: 900 values a unit and replication; left
     * out (NaN) past 256 MB, for runs of many thousand replications. */
    if ((double)reps * (double)sf_results_by_values(r) * sizeof(double) <= 256.0 * (1 << 20))
        r->by = malloc((size_t)reps * sf_results_by_values(r) * sizeof *r->by);
    for (int i = 0; i < m->nunits; i++)
        r->booked |= m->units[i].kind == SF_UNIT_BOOKED;
    for (int i = 0; i < m->nunits; i++)
        if (!(r->unit_names[i] = strdup(m->units[i].name))) {
            sf_results_free(r);
            return NULL;
        }
    for (int i = 0; i < r->nclasses; i++)
        if (!(r->class_names[i] = strdup(m->classes[i]))) {
            sf_results_free(r);
            return NULL;
        }
    for (int i = 0; i < r->npops; i++) {
        r->pop_sizes[i] = m->populations[i].size;
        if (!(r->pop_names[i] = strdup(m->populations[i].name))) {
            sf_results_free(r);
            return NULL;
        }
    }
    for (int i = 0; i < r->nzones; i++) {
        r->zone_urban[i] = m->zones[i].urban != 0;
        if (!(r->zone_names[i] = strdup(m->zones[i].name))) {
            sf_results_free(r);
            return NULL;
        }
    }
    for (int u = 0, k = 0; u < m->nunits; u++)
        for (int s = 0; m->units[u].resp && s < m->units[u].resp->nstations; s++, k++) {
            size_t n = strlen(m->units[u].name) + strlen(m->units[u].resp->st[s].name) + 2;
            if (!(r->st_names[k] = malloc(n))) {
                sf_results_free(r);
                return NULL;
            }
            snprintf(r->st_names[k], n, "%s/%s", m->units[u].name, m->units[u].resp->st[s].name);
        }
    return r;
}

int sf_run(const sf_model *m, const sf_run_opts *opts, sf_results **out, sf_diag *diag) {
    *out = NULL;
    if (!m)
        return sf_diag_set(diag, SF_ERR_ARG, "", 0, 0, "no model given");
    int reps = opts && opts->replications > 0 ? opts->replications : m->replications;
    int threads = opts && opts->threads > 1 ? opts->threads : 1;
    uint64_t seed = opts && opts->has_seed ? opts->seed : m->seed;
    if (reps < 1 || reps > 1000000)
        return sf_diag_set(diag, SF_ERR_ARG, "", 0, 0,
                           "replications must be between 1 and 1000000, got %d", reps);
    if (opts && (opts->first_rep < 0 || opts->first_rep > 1000000 - reps))
        return sf_diag_set(diag, SF_ERR_ARG, "", 0, 0,
                           "the first replication must be from 0 to %d, got %d", 1000000 - reps,
                           opts->first_rep);
    if (threads > reps)
        threads = reps;
    if (threads > 256)
        threads = 256;
    if (opts && opts->trace && (opts->trace_rep < 0 || opts->trace_rep >= reps))
        return sf_diag_set(diag, SF_ERR_ARG, "", 0, 0,
                           "the traced replication must be from 1 to %d (the replications run), "
                           "got %d",
                           reps, opts->trace_rep + 1);
    /* a trace's dates must read back: four-digit years (a model with a
     * calendar start is held to them at load; one without starts in 2027) */
    if (opts && opts->trace) {
        double last = (m->calendar.hour0 + m->warmup + m->horizon) / 24 + 1;
        int64_t y = 10000, y0;
        int mo, d;
        sf_civil_from_days(m->calendar.day0, &y0, &mo, &d);
        if (last < 4e6)
            sf_civil_from_days(m->calendar.day0 + (int64_t)last, &y, &mo, &d);
        if (y > 9999)
            return sf_diag_set(diag, SF_ERR_ARG, "", 0, 0,
                               "the trace's dates would run past the year 9999 (warm-up and "
                               "horizon: %.0f days from %" PRId64 "): shorten the horizon to trace",
                               (m->warmup + m->horizon) / 24, y0);
    }
    /* the trace's zone, read once and shared read-only by the threads */
    sf_tz *tz = NULL;
    if (opts && opts->trace) {
        if (!(tz = malloc(sizeof *tz)))
            return sf_diag_set(diag, SF_ERR_NOMEM, "", 0, 0, "out of memory");
        int err = sf_tz_load(opts->trace_tz ? opts->trace_tz : "Europe/Oslo", tz, diag);
        if (err) {
            free(tz);
            return err;
        }
    }
    sf_results *r = results_new(m, reps, seed);
    if (!r) {
        free(tz);
        return sf_diag_set(diag, SF_ERR_NOMEM, "", 0, 0, "out of memory for %d replications", reps);
    }

    job j = {.m = m, .r = r, .opts = opts, .trace_tz = tz};
    if (opts && opts->progress && !(j.permille = calloc((size_t)reps, sizeof *j.permille))) {
        sf_results_free(r);
        free(tz);
        return sf_diag_set(diag, SF_ERR_NOMEM, "", 0, 0, "out of memory");
    }
    if (opts && opts->trace)
        sf_trace_header(opts->trace);
    pthread_mutex_init(&j.lock, NULL);
    pthread_t tid[256];
    int started = 0;
    for (int i = 1; i < threads; i++) {
        if (pthread_create(&tid[started], NULL, worker, &j) != 0)
            break; /* fewer threads: same results, only slower */
        started++;
    }
    worker(&j);
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    pthread_mutex_destroy(&j.lock);
    free(j.permille);
    free(tz);
    if (j.err) {
        sf_results_free(r);
        if (j.err == SF_ERR_NOMEM)
            return sf_diag_set(diag, j.err, m->file ? m->file : "", 0, 0,
                               "out of memory, or more than 67 million patients in the system "
                               "at once: is arrival faster than capacity somewhere?");
        if (j.err == SF_ERR_CANCELLED)
            return sf_diag_set(diag, j.err, m->file ? m->file : "", 0, 0,
                               "the run was cancelled after %d of %d replications", j.done, reps);
        if (j.why[0])
            return sf_diag_set(diag, j.err, m->file ? m->file : "", 0, 0, "%s", j.why);
        return sf_diag_set(diag, j.err, m->file ? m->file : "", 0, 0, "simulation failed: %s",
                           sf_strerror(j.err));
    }
    if (opts && opts->trace && ferror(opts->trace)) {
        sf_results_free(r);
        return sf_diag_set(diag, SF_ERR_IO, "", 0, 0, "the trace could not be written");
    }
    r->events = j.events;
    r->patients = j.patients;
    for (int i = 0; i < reps; i++)
        r->ndead += !isnan(r->dead_t[i]);
    *out = r;
    return SF_OK;
}

int sf_results_deadlocked(const sf_results *r) { return r->ndead; }

double sf_results_deadlock_time(const sf_results *r, int rep) {
    return rep >= 0 && rep < r->reps ? r->dead_t[rep] : NAN;
}

int sf_results_deadlock_unit(const sf_results *r, int rep, int unit) {
    if (rep < 0 || rep >= r->reps || unit < 0 || unit >= r->nunits || isnan(r->dead_t[rep]))
        return 0;
    return r->dead[(size_t)rep * (size_t)r->nunits + (size_t)unit];
}
