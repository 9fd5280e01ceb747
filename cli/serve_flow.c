/* serve_flow.c: the data pages of `samflyt serve` (docs/api.md): GET
 * /api/flow (the flow indicators of a data file as JSON) and GET /data (the
 * same drawn as the flow report draws them), each for a period and units.
 *
 * A data file may be large and a planner changes the period often, so the
 * data as read (before any period or unit filter) are kept: up to
 * CACHE_ENTRIES files, CACHE_BYTES in all, keyed by the file (device,
 * inode, modification time, size) and how it was read (preset, mapping,
 * zone). A request takes a copy of them (sf_flow_data_copy) and filters
 * that, so a filter change costs the copy and the indicators, not the
 * read. The least recently used file leaves first; a file larger than
 * the bound is read for its request alone. */
#include "samflyt/flow.h"
#include "samflyt/serve.h"
#include "serve.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

enum { CACHE_ENTRIES = 4 };
#define CACHE_BYTES ((size_t)512 << 20)

typedef struct entry {
    dev_t dev;
    ino_t ino;
    struct timespec mtime;
    off_t size;
    char *how; /* preset, map and zone as one key ("preset\nmap\ntz") */
    sf_flow_data *raw;
    size_t bytes;
    int refs;      /* requests copying from it now */
    uint64_t used; /* when last used (a counter) */
} entry;

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static entry cache[CACHE_ENTRIES];
static uint64_t cache_clock;

static int same(const entry *e, const struct stat *st, const char *how) {
    return e->raw && e->dev == st->st_dev && e->ino == st->st_ino &&
           e->mtime.tv_sec == st->st_mtim.tv_sec && e->mtime.tv_nsec == st->st_mtim.tv_nsec &&
           e->size == st->st_size && !strcmp(e->how, how);
}

static void entry_drop(entry *e) {
    sf_flow_data_free(e->raw);
    free(e->how);
    memset(e, 0, sizeof *e);
}

/* The kept data of the file, with a reference taken; NULL if none. */
static entry *cache_get(const struct stat *st, const char *how) {
    entry *hit = NULL;
    pthread_mutex_lock(&cache_lock);
    for (int i = 0; i < CACHE_ENTRIES && !hit; i++)
        if (same(&cache[i], st, how))
            hit = &cache[i];
    if (hit) {
        hit->refs++;
        hit->used = ++cache_clock;
    }
    pthread_mutex_unlock(&cache_lock);
    return hit;
}

static void cache_release(entry *e) {
    pthread_mutex_lock(&cache_lock);
    e->refs--;
    pthread_mutex_unlock(&cache_lock);
}

/* Keeps *raw (read from the file st under how) if it fits, making room
 * by dropping the least recently used files no request is copying;
 * returns its entry with a reference taken and *raw NULL (the cache's
 * now), or NULL (the caller keeps *raw). When another request kept the
 * same file meanwhile, that entry is returned and *raw freed. An older
 * copy of the same file (changed since) is dropped on the way. */
static entry *cache_put(const struct stat *st, const char *how, sf_flow_data **rawp) {
    sf_flow_data *raw = *rawp;
    size_t bytes = sf_flow_data_bytes(raw);
    if (bytes > CACHE_BYTES)
        return NULL;
    entry *slot = NULL;
    pthread_mutex_lock(&cache_lock);
    for (int i = 0; i < CACHE_ENTRIES; i++)
        if (same(&cache[i], st, how)) {
            cache[i].refs++;
            cache[i].used = ++cache_clock;
            pthread_mutex_unlock(&cache_lock);
            sf_flow_data_free(raw);
            *rawp = NULL;
            return &cache[i];
        }
    for (int i = 0; i < CACHE_ENTRIES; i++)
        if (cache[i].raw && !cache[i].refs && cache[i].ino == st->st_ino &&
            cache[i].dev == st->st_dev &&
            (cache[i].size != st->st_size || cache[i].mtime.tv_sec != st->st_mtim.tv_sec ||
             cache[i].mtime.tv_nsec != st->st_mtim.tv_nsec))
            entry_drop(&cache[i]); /* the file changed */
    for (;;) {
        size_t total = 0;
        entry *lru = NULL;
        slot = NULL;
        for (int i = 0; i < CACHE_ENTRIES; i++) {
            total += cache[i].bytes;
            if (!cache[i].raw && !slot)
                slot = &cache[i];
            if (cache[i].raw && !cache[i].refs && (!lru || cache[i].used < lru->used))
                lru = &cache[i];
        }
        if (slot && total + bytes <= CACHE_BYTES)
            break;
        if (!lru) {
            slot = NULL;
            break;
        }
        entry_drop(lru);
    }
    if (slot && (slot->how = strdup(how))) {
        *slot = (entry){st->st_dev, st->st_ino, st->st_mtim, st->st_size,  slot->how,
                        raw,        bytes,      1,           ++cache_clock};
        *rawp = NULL;
    } else
        slot = NULL;
    pthread_mutex_unlock(&cache_lock);
    return slot;
}

void serve_flow_cleanup(void) {
    for (int i = 0; i < CACHE_ENTRIES; i++)
        if (cache[i].raw)
            entry_drop(&cache[i]);
}

/* ---- answering ---------------------------------------------------------------------- */

typedef struct answer {
    FILE *out;
    int html;
    const char *shown;
    const serve_flow_query *q;
    const sf_flow_data *raw; /* for the page's list of units, when read */
} answer;

/* An error: JSON, or the page with the message. Returns status. */
static int fail(const answer *a, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(const answer *a, int status, const char *fmt, ...) {
    char msg[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    serve_clean_text(msg);
    if (!a->html)
        return serve_json_error(a->out, status, "%s", msg);
    sf_serve_html_data_for(a->out, a->shown, a->raw, NULL, a->q->from, a->q->to, a->q->unit, msg,
                           a->q->accept_language);
    return status;
}

/* The message of a failed library call: "file:line: msg" where known. */
static const char *diag_text(const sf_diag *d, int err, const char *shown, char *buf, size_t n) {
    if (!d->msg[0])
        snprintf(buf, n, "%s", sf_strerror(err));
    else if (d->line)
        snprintf(buf, n, "%s line %d: %s", shown, d->line, d->msg);
    else
        snprintf(buf, n, "%s", d->msg);
    return buf;
}

static void durations(FILE *out, const char *key, sf_flow_durations x) {
    fprintf(out, ", \"%s\": {\"n\": %llu, \"mean\": ", key, (unsigned long long)x.n);
    serve_json_num(out, x.mean);
    fputs(", \"p50\": ", out);
    serve_json_num(out, x.p50);
    fputs(", \"p90\": ", out);
    serve_json_num(out, x.p90);
    fputs(", \"max\": ", out);
    serve_json_num(out, x.max);
    fputs("}", out);
}

static void write_json(FILE *out, const answer *a, const sf_flow_data *d, const sf_flow_result *r,
                       int cached, double read_s, double seconds) {
    const serve_flow_query *q = a->q;
    fputs("{\"path\": ", out);
    serve_json_str(out, a->shown);
    const char *keys[3] = {"from", "to", "unit"}, *vals[3] = {q->from, q->to, q->unit};
    for (int k = 0; k < 3; k++) {
        fprintf(out, ", \"%s\": ", keys[k]);
        if (vals[k] && *vals[k])
            serve_json_str(out, vals[k]);
        else
            fputs("null", out);
    }
    fprintf(out,
            ", \"cached\": %s, \"read_seconds\": %.3f, \"seconds\": %.3f,\n\"stays\": %zu, "
            "\"patients\": %llu, \"episodes\": %llu, \"span_days\": ",
            cached ? "true" : "false", read_s, seconds, sf_flow_data_stay_count(d),
            (unsigned long long)sf_flow_result_patients(r),
            (unsigned long long)sf_flow_result_episodes(r));
    serve_json_num(out, sf_flow_result_span_days(r));
    fprintf(
        out,
        ",\n\"shared\": {\"patients_with_organisation\": %llu, \"shared\": %llu},\n\"units\": [",
        (unsigned long long)sf_flow_result_patients_org(r),
        (unsigned long long)sf_flow_result_patients_shared(r));
    int nu = sf_flow_data_unit_count(d);
    for (int u = 0; u <= nu; u++) {
        fputs(u ? ",\n" : "\n", out);
        fputs("{\"unit\": ", out);
        serve_json_str(out, u < nu ? sf_flow_data_unit_name(d, u) : "(all)");
        for (int f = 0; f < SF_FLOW_FIGURE_COUNT; f++) {
            fprintf(out, ", \"%s\": ", sf_flow_figure_name((sf_flow_figure)f));
            serve_json_num(out, sf_flow_result_value(r, u, (sf_flow_figure)f));
        }
        durations(out, "los_hours", sf_flow_result_los(r, u));
        durations(out, "wait_hours", sf_flow_result_wait(r, u));
        fputs("}", out);
    }
    fputs("\n],\n\"transitions\": [", out);
    int first = 1;
    for (int i = 0; i <= nu; i++)
        for (int j = 0; j <= nu; j++) {
            uint64_t n = sf_flow_result_transitions(r, i, j);
            if (!n)
                continue;
            fputs(first ? "\n{\"from\": " : ",\n{\"from\": ", out);
            serve_json_str(out, i < nu ? sf_flow_data_unit_name(d, i) : "(outside)");
            fputs(", \"to\": ", out);
            serve_json_str(out, j < nu ? sf_flow_data_unit_name(d, j) : "(home)");
            fprintf(out, ", \"count\": %llu}", (unsigned long long)n);
            first = 0;
        }
    fputs("\n],\n\"warnings\": [", out);
    for (int i = 0; i < sf_flow_data_warning_count(d); i++) {
        char buf[1200];
        const sf_diag *w = sf_flow_data_warning(d, i);
        fputs(i ? ", " : "", out);
        serve_json_str(out, diag_text(w, 0, a->shown, buf, sizeof buf));
    }
    fputs("]}\n", out);
}

static double since(const struct timespec *t0) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static int gone(const serve_run *run) { return run->cancel && run->cancel(run->cancel_user); }

int serve_flow(const char *file, const char *shown, const serve_flow_query *q, const serve_run *run,
               int html, FILE *out) {
    answer a = {out, html, shown, q, NULL};
    const char *texts[] = {q->from, q->to, q->unit, q->preset, q->map, q->tz};
    for (size_t k = 0; k < sizeof texts / sizeof *texts; k++)
        if (texts[k] && strlen(texts[k]) > 1000)
            return fail(&a, 400, "a parameter is longer than 1000 characters");
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct stat st;
    if (stat(file, &st))
        return fail(&a, 404, "%s cannot be read", shown);
    char how[3100];
    snprintf(how, sizeof how, "%s\n%s\n%s", q->preset ? q->preset : "", q->map ? q->map : "",
             q->tz ? q->tz : "");
    sf_flow_options o;
    sf_flow_options_init(&o);
    o.preset = q->preset && *q->preset ? q->preset : NULL;
    o.map = q->map && *q->map ? q->map : NULL;
    o.tz = q->tz && *q->tz ? q->tz : NULL;
    /* a client that goes away stops the read (every 32768 rows), the
     * preparing (between its steps) and the indicators (before them):
     * the worker is free again long before a big file's end */
    o.cancel = run ? run->cancel : NULL;
    o.cancel_user = run ? run->cancel_user : NULL;
    sf_diag d = {0};
    char msg[1200];
    int err, rc = 200, cached = 1;
    sf_flow_data *raw = NULL, *part = NULL;
    sf_flow_result *r = NULL;
    entry *e = cache_get(&st, how);
    if (!e) {
        cached = 0;
        if ((err = sf_flow_data_new(&o, &raw, &d)))
            return fail(&a, err == SF_ERR_NOMEM ? 500 : 400, "%s",
                        diag_text(&d, err, shown, msg, sizeof msg));
        if ((err = sf_flow_data_read(raw, file, &d)) == SF_ERR_CANCELLED) {
            sf_flow_data_free(raw);
            return SERVE_GONE;
        }
        if (err) {
            /* a bad preset or mapping is the request's; a file that does
             * not read (damaged, cut short, no usable header) the file's */
            diag_text(&d, err, shown, msg, sizeof msg);
            rc = fail(&a,
                      err == SF_ERR_ARG     ? 400
                      : err == SF_ERR_NOMEM ? 500
                                            : 422,
                      "%s%s%s", d.line ? "" : shown, d.line ? "" : ": ", msg);
            sf_flow_data_free(raw);
            return rc;
        }
        e = cache_put(&st, how, &raw); /* raw NULL when the cache took it */
    }
    double read_s = since(&t0);
    const sf_flow_data *src = e ? e->raw : raw;
    a.raw = src;
    sf_flow_options w = o;
    w.from = q->from && *q->from ? q->from : NULL;
    w.to = q->to && *q->to ? q->to : NULL;
    w.units = q->unit && *q->unit ? q->unit : NULL;
    if (gone(run))
        rc = SERVE_GONE;
    else if ((err = sf_flow_data_copy(src, &w, &part, &d)))
        rc = fail(&a, 500, "%s", diag_text(&d, err, shown, msg, sizeof msg));
    else if ((err = sf_flow_data_prepare(part, &d)) == SF_ERR_CANCELLED)
        rc = SERVE_GONE;
    else if (err)
        rc = fail(&a, err == SF_ERR_ARG ? 400 : 500, "%s",
                  diag_text(&d, err, shown, msg, sizeof msg));
    else if (gone(run))
        rc = SERVE_GONE;
    else if ((err = sf_flow_result_compute(part, NULL, &r, &d)) == SF_ERR_CANCELLED)
        rc = SERVE_GONE;
    else if (err)
        rc = fail(&a, err == SF_ERR_ARG ? 400 : 500, "%s",
                  diag_text(&d, err, shown, msg, sizeof msg));
    else if (gone(run))
        rc = SERVE_GONE;
    else if (html) {
        if (sf_serve_html_data_for(out, shown, src, r, w.from, w.to, w.units, NULL,
                                   q->accept_language))
            rc = serve_json_error(out, 500, "out of memory");
    } else
        write_json(out, &a, part, r, cached, read_s, since(&t0));
    sf_flow_result_free(r);
    sf_flow_data_free(part);
    if (e)
        cache_release(e);
    sf_flow_data_free(raw);
    return rc;
}
