/* flow_api.c: include/samflyt/flow.h over the flow module: reading files
 * into a stays table, preparing it as `samflyt flow` does (home words,
 * stays far outside the time range, the window, the unit filter, open
 * stays, duplicates, linking), the indicators and the calibration. What
 * the command prints as warnings is kept here as sf_diag warnings; the
 * outputs are written by report/flow_api_out.c. */
#include "flow/flow_api.h"
#include "flow/extract.h"
#include "flow/stays_copy.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void set_diag(sf_diag *d, const char *file, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void set_diag(sf_diag *d, const char *file, unsigned long line, const char *fmt, ...) {
    if (!d)
        return;
    memset(d, 0, sizeof *d);
    if (file)
        snprintf(d->file, sizeof d->file, "%s", file);
    d->line = line > INT32_MAX ? 0 : (int)line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
}

static sf_diag *warning(sf_flow_data *d) {
    return d->nwarn < SF_FLOW_MAX_WARNINGS ? &d->warn[d->nwarn++] : NULL;
}

/* ---- options ---------------------------------------------------------------------- */

void sf_flow_options_init(sf_flow_options *o) {
    memset(o, 0, sizeof *o);
    o->link_gap_h = 1;
}

void sf_flow_metric_options_init(sf_flow_metric_options *o) {
    memset(o, 0, sizeof *o);
    o->episode_gap_h = 8;
    o->readmit_min_h = 8;
    o->readmit_max_h = 720;
    o->shared_window_h = 720;
    o->top = 10;
}

void sf_flow_calib_options_init(sf_flow_calib_options *o) { memset(o, 0, sizeof *o); }

/* ---- data ---------------------------------------------------------------------------- */

static int copy_text(sf_flow_data *d, int k, const char **field) {
    if (!*field)
        return 0;
    if (!(d->text[k] = strdup(*field)))
        return SF_ERR_NOMEM;
    *field = d->text[k];
    return 0;
}

int sf_flow_data_new(const sf_flow_options *o, sf_flow_data **out, sf_diag *diag) {
    *out = NULL;
    sf_flow_options def;
    if (!o) {
        sf_flow_options_init(&def);
        o = &def;
    }
    sf_flow_data *d = calloc(1, sizeof *d);
    if (!d) {
        set_diag(diag, NULL, 0, "out of memory");
        return SF_ERR_NOMEM;
    }
    d->o = *o;
    d->derive = 1;
    const char **f[9] = {&d->o.preset, &d->o.map, &d->o.tz,    &d->o.slash, &d->o.until,
                         &d->o.from,   &d->o.to,  &d->o.units, &d->o.home};
    for (int k = 0; k < 9; k++)
        if (copy_text(d, k, f[k])) {
            sf_flow_data_free(d);
            set_diag(diag, NULL, 0, "out of memory");
            return SF_ERR_NOMEM;
        }
    sf_flow_read_opts_init(&d->ro);
    d->ro.preset = d->o.preset;
    d->ro.map = d->o.map;
    d->ro.delim = d->o.delim;
    d->ro.strict = d->o.strict;
    d->ro.skip_bad = d->o.skip_bad;
    d->ro.cancel = d->o.cancel;
    d->ro.cancel_user = d->o.cancel_user;
    int err = 0;
    if (!(d->o.link_gap_h >= 0 && d->o.link_gap_h <= 8760)) {
        set_diag(diag, NULL, 0, "the link gap must be 0 to 8760 hours, not %g", d->o.link_gap_h);
        err = SF_ERR_ARG;
    } else if (d->o.slash && strcmp(d->o.slash, "dmy") && strcmp(d->o.slash, "mdy")) {
        set_diag(diag, NULL, 0, "slash dates are read dmy or mdy, not '%s'", d->o.slash);
        err = SF_ERR_ARG;
    } else if (d->o.delim && !strchr(",;\t|", d->o.delim)) {
        set_diag(diag, NULL, 0, "the delimiter must be , ; tab or |");
        err = SF_ERR_ARG;
    } else {
        d->ro.link_gap = (int64_t)(d->o.link_gap_h * 3600 + 0.5);
        if (d->o.slash)
            d->ro.slash = d->o.slash[0] == 'd' ? SF_TF_DMY_SLASH : SF_TF_MDY_SLASH;
        err = sf_tz_load(d->o.tz ? d->o.tz : "Europe/Oslo", &d->ro.tz, diag);
    }
    if (err) {
        sf_flow_data_free(d);
        return err;
    }
    sf_stays_init(&d->t);
    *out = d;
    return 0;
}

void sf_flow_data_free(sf_flow_data *d) {
    if (!d)
        return;
    for (int k = 0; k < 9; k++)
        free(d->text[k]);
    sf_stays_free(&d->t);
    free(d->reps);
    free(d);
}

static sf_flow_read_report *next_report(sf_flow_data *d, sf_diag *diag) {
    sf_flow_read_report *r = realloc(d->reps, (size_t)(d->nreps + 1) * sizeof *r);
    if (!r) {
        set_diag(diag, NULL, 0, "out of memory");
        return NULL;
    }
    d->reps = r;
    memset(&r[d->nreps], 0, sizeof *r);
    return &r[d->nreps];
}

/* After a file was read: its skipped rows become warnings, and a file
 * that mapped from/to turns linking off. */
static void after_read(sf_flow_data *d, sf_flow_read_report *r) {
    d->nreps++;
    if (sf_flow_report_has_from_to(r))
        d->derive = 0;
    for (int k = 0; k < SF_R_N; k++) {
        sf_diag *w;
        if (!r->reason[k] || !(w = warning(d)))
            continue;
        char lines[200] = "";
        size_t at = 0;
        for (uint64_t i = 1; i < r->reason[k] && i < SF_FLOW_MAX_LINES && at < sizeof lines; i++)
            at += (size_t)snprintf(lines + at, sizeof lines - at, "%s%" PRIu64, i > 1 ? ", " : "",
                                   r->lines[k][i]);
        set_diag(w, r->path, r->lines[k][0], "%" PRIu64 " row%s skipped: %s%s%s%s", r->reason[k],
                 r->reason[k] > 1 ? "s" : "", sf_flow_reason_name((sf_flow_reason)k),
                 at ? " (also lines " : "", lines,
                 at ? (r->reason[k] > SF_FLOW_MAX_LINES ? ", ...)" : ")") : "");
    }
}

/* The caller's cancel hook says stop: SF_ERR_CANCELLED with diag, else 0. */
static int cancelled(const sf_flow_data *d, const char *during, sf_diag *diag) {
    if (!d->o.cancel || !d->o.cancel(d->o.cancel_user))
        return 0;
    set_diag(diag, NULL, 0, "cancelled while %s", during);
    return SF_ERR_CANCELLED;
}

static int check_unprepared(const sf_flow_data *d, sf_diag *diag) {
    if (!d->prepared)
        return 0;
    set_diag(diag, NULL, 0, "the data were prepared already: read every file first");
    return SF_ERR_ARG;
}

int sf_flow_data_read(sf_flow_data *d, const char *path, sf_diag *diag) {
    int err = check_unprepared(d, diag);
    sf_flow_read_report *r = err ? NULL : next_report(d, diag);
    if (!r)
        return err ? err : SF_ERR_NOMEM;
    if (diag)
        memset(diag, 0, sizeof *diag);
    for (int i = 0; i < d->nreps; i++)
        if (sf_flow_same_file(path, d->reps[i].path)) {
            sf_diag *w = warning(d);
            if (w)
                set_diag(w, path, 0, "the same file as %s: read once", d->reps[i].path);
            snprintf(r->path, sizeof r->path, "%s", path);
            snprintf(r->kind, sizeof r->kind, "same-file");
            d->nreps++;
            return 0;
        }
    if ((err = sf_flow_read_file(path, &d->ro, &d->t, r, diag)))
        return err;
    after_read(d, r);
    return 0;
}

int sf_flow_data_read_buffer(sf_flow_data *d, const char *name, const char *data, size_t len,
                             sf_diag *diag) {
    int err = check_unprepared(d, diag);
    sf_flow_read_report *r = err ? NULL : next_report(d, diag);
    if (!r)
        return err ? err : SF_ERR_NOMEM;
    if (diag)
        memset(diag, 0, sizeof *diag);
    size_t i = 0;
    while (i < len && strchr(" \t\r\n", data[i]))
        i++;
    err = i < len && (data[i] == '{' || data[i] == '[')
              ? sf_flow_read_fhir_buffer(name, data, len, &d->ro, &d->t, r, diag)
              : sf_flow_read_csv_buffer(name, data, len, &d->ro, &d->t, r, diag);
    if (err)
        return err;
    after_read(d, r);
    return 0;
}

static int parse_time(const sf_flow_data *d, const char *what, const char *text, int64_t *v,
                      sf_diag *diag) {
    size_t col;
    if (!sf_time_parse(text, strlen(text), SF_TF_ISO, &d->ro.tz, v, &col))
        return 0;
    set_diag(diag, NULL, 0,
             "%s: expected a date or time such as 2027-04-01 or 2027-04-01T08:00, found '%s'", what,
             text);
    return SF_ERR_ARG;
}

/* Keeps the stays of the units named in list (comma-separated). */
static int keep_units(sf_flow_data *d, const char *list, sf_diag *diag) {
    sf_stays *t = &d->t;
    uint32_t nu = t->names[SF_F_UNIT].count;
    uint8_t *want = calloc(nu ? nu : 1, 1), *keep = malloc(t->n ? t->n : 1);
    int err = 0;
    if (!want || !keep) {
        set_diag(diag, NULL, 0, "out of memory");
        err = SF_ERR_NOMEM;
    }
    for (const char *p = list; !err && *p;) {
        size_t n = strcspn(p, ",");
        if (n) {
            uint32_t id = sf_intern_find(&t->names[SF_F_UNIT], p, n);
            if (id == SF_ID_NONE) {
                set_diag(diag, NULL, 0, "'%.*s' is not a unit in the data",
                         (int)(n > 200 ? 200 : n), p);
                err = SF_ERR_ARG;
            } else
                want[id] = 1;
        }
        p += n + (p[n] == ',');
    }
    if (!err) {
        for (size_t i = 0; i < t->n; i++)
            keep[i] = sf_stays_unit(t, i) != SF_ID_NONE && want[sf_stays_unit(t, i)];
        sf_stays_filter(t, keep);
    }
    free(want);
    free(keep);
    return err;
}

size_t sf_flow_api_patients(const sf_stays *t) {
    size_t n = 0;
    for (size_t i = 0; i < t->n; i++)
        n += (i == 0 || t->patient[i] != t->patient[i - 1]) && t->patient[i] != SF_ID_NONE;
    return n;
}

/* The steps of cli/extract.c and cli/flow.c, in their order, with their
 * messages as warnings. */
int sf_flow_data_prepare(sf_flow_data *d, sf_diag *diag) {
    int err = check_unprepared(d, diag);
    if (err)
        return err;
    if (diag)
        memset(diag, 0, sizeof *diag);
    sf_stays *t = &d->t;
    int64_t until = SF_T_NONE;
    d->from = d->to = 0;
    if ((d->o.until && (err = parse_time(d, "until", d->o.until, &until, diag))) ||
        (d->o.from && (err = parse_time(d, "from", d->o.from, &d->from, diag))) ||
        (d->o.to && (err = parse_time(d, "to", d->o.to, &d->to, diag))))
        return err;
    if (!d->o.from != !d->o.to) {
        set_diag(diag, NULL, 0, "from and to go together");
        return SF_ERR_ARG;
    }
    if (d->o.from && d->to <= d->from) {
        set_diag(diag, NULL, 0, "to must come after from");
        return SF_ERR_ARG;
    }
    if ((err = cancelled(d, "preparing the data", diag)))
        return err;
    d->prepared = 1;
    if (sf_stays_drop_home(t, d->o.home, NULL, NULL, 0) < 0) {
        set_diag(diag, NULL, 0, "out of memory");
        return SF_ERR_NOMEM;
    }
    sf_flow_outliers ol;
    uint8_t *flag = malloc(t->n ? t->n : 1);
    if (!flag || sf_flow_find_outliers(t, flag, &ol)) {
        free(flag);
        set_diag(diag, NULL, 0, "out of memory");
        return SF_ERR_NOMEM;
    }
    if (ol.n) {
        sf_diag *w = warning(d);
        if (w) {
            /* the file and line of the first: rows are still in the order read */
            size_t row = ol.row[0];
            int f = 0;
            while (f + 1 < d->nreps && row >= d->reps[f].stays)
                row -= d->reps[f++].stays;
            set_diag(w, d->nreps ? d->reps[f].path : NULL, t->line ? t->line[ol.row[0]] : 0,
                     "%zu stay%s far outside the bulk of the data (more than %.0f days before or "
                     "after it): a wrong year? %s",
                     ol.n, ol.n > 1 ? "s lie" : " lies", (double)ol.margin / 86400,
                     d->o.keep_outliers ? "kept" : "left out of every figure");
        }
        if (!d->o.keep_outliers) {
            for (size_t i = 0; i < t->n; i++)
                flag[i] = !flag[i];
            sf_stays_filter(t, flag);
        }
    }
    free(flag);
    if ((err = cancelled(d, "preparing the data", diag)))
        return err;
    size_t gone = 0;
    if (d->o.from && sf_flow_keep_window(t, d->from, d->to, &gone)) {
        set_diag(diag, NULL, 0, "out of memory");
        return SF_ERR_NOMEM;
    }
    if (!t->n) {
        set_diag(diag, NULL, 0,
                 d->o.from ? "no stays in care in the window" : "no stays to analyse");
        return SF_ERR_ARG;
    }
    if (t->nopen) {
        if (until == SF_T_NONE) {
            until = sf_stays_latest(t);
            if (d->o.to && until > d->to)
                until = d->to;
        }
        size_t n = sf_stays_close_open(t, until);
        if (n == SIZE_MAX) {
            set_diag(diag, NULL, 0, "out of memory");
            return SF_ERR_NOMEM;
        }
        sf_diag *w = warning(d);
        if (w)
            set_diag(w, NULL, 0,
                     "%zu open stay%s (no end: still in care when the data were extracted), "
                     "counted in care until the extract's end",
                     n, n > 1 ? "s" : "");
    }
    sf_flow_dups dups;
    if ((err = cancelled(d, "preparing the data", diag)))
        return err;
    if (sf_flow_finish_dups(t, &d->ro, d->derive, &dups)) {
        set_diag(diag, NULL, 0, "out of memory");
        return SF_ERR_NOMEM;
    }
    if (dups.n) {
        sf_diag *w = warning(d);
        if (w)
            set_diag(w, NULL, 0,
                     "%" PRIu64 " exact duplicate stays dropped (same patient, unit, start and "
                     "end; the first copy kept)",
                     dups.n);
    }
    if (d->o.units && (err = keep_units(d, d->o.units, diag)))
        return err;
    if (!t->n) {
        set_diag(diag, NULL, 0, "no stays of those units");
        return SF_ERR_ARG;
    }
    d->patients = sf_flow_api_patients(t);
    return 0;
}

int sf_flow_data_copy(const sf_flow_data *d, const sf_flow_options *o, sf_flow_data **out,
                      sf_diag *diag) {
    *out = NULL;
    int err = check_unprepared(d, diag);
    if (err)
        return err;
    sf_flow_data *c;
    if ((err = sf_flow_data_new(o ? o : &d->o, &c, diag)))
        return err;
    c->derive = d->derive;
    if (d->nreps && !(c->reps = malloc((size_t)d->nreps * sizeof *c->reps)))
        err = SF_ERR_NOMEM;
    else if (d->nreps)
        memcpy(c->reps, d->reps, (size_t)d->nreps * sizeof *c->reps);
    c->nreps = d->nreps;
    memcpy(c->warn, d->warn, sizeof c->warn);
    c->nwarn = d->nwarn;
    if (err || (err = sf_stays_copy(&c->t, &d->t))) {
        set_diag(diag, NULL, 0, "out of memory");
        sf_flow_data_free(c);
        return err;
    }
    *out = c;
    return 0;
}

size_t sf_flow_data_bytes(const sf_flow_data *d) {
    return sizeof *d + sf_stays_bytes(&d->t) + (size_t)d->nreps * sizeof *d->reps;
}
size_t sf_flow_data_stay_count(const sf_flow_data *d) { return d->t.n; }
size_t sf_flow_data_patient_count(const sf_flow_data *d) { return d->prepared ? d->patients : 0; }
int sf_flow_data_unit_count(const sf_flow_data *d) { return (int)d->t.names[SF_F_UNIT].count; }
const char *sf_flow_data_unit_name(const sf_flow_data *d, int unit) {
    return unit >= 0 && (uint32_t)unit < d->t.names[SF_F_UNIT].count
               ? sf_intern_str(&d->t.names[SF_F_UNIT], (uint32_t)unit)
               : NULL;
}
int64_t sf_flow_data_first(const sf_flow_data *d) {
    int64_t lo = INT64_MAX;
    for (size_t i = 0; i < d->t.n; i++)
        lo = sf_stays_start(&d->t, i) < lo ? sf_stays_start(&d->t, i) : lo;
    return d->t.n ? lo : 0;
}
int64_t sf_flow_data_last(const sf_flow_data *d) {
    int64_t hi = sf_stays_latest(&d->t);
    return d->t.n && hi != SF_T_NONE ? hi : 0;
}
int sf_flow_data_file_count(const sf_flow_data *d) { return d->nreps; }
uint64_t sf_flow_data_file_rows(const sf_flow_data *d, int f) {
    return f >= 0 && f < d->nreps ? d->reps[f].rows : 0;
}
uint64_t sf_flow_data_file_stays(const sf_flow_data *d, int f) {
    return f >= 0 && f < d->nreps ? d->reps[f].stays : 0;
}
uint64_t sf_flow_data_file_skipped(const sf_flow_data *d, int f) {
    return f >= 0 && f < d->nreps ? d->reps[f].skipped : 0;
}
int sf_flow_data_warning_count(const sf_flow_data *d) { return d->nwarn; }
const sf_diag *sf_flow_data_warning(const sf_flow_data *d, int i) {
    return i >= 0 && i < d->nwarn ? &d->warn[i] : NULL;
}

/* ---- indicators ------------------------------------------------------------------------ */

static int64_t local_tz(const void *ctx, int64_t utc) { return sf_tz_local(ctx, utc); }

static int hours(const char *what, double h, int64_t *out, sf_diag *diag) {
    if (!(h >= 0 && h <= 1e6)) {
        set_diag(diag, NULL, 0, "%s must be 0 to 1000000 hours, not %g", what, h);
        return SF_ERR_ARG;
    }
    *out = (int64_t)llround(h * 3600);
    return 0;
}

static int find_name(const sf_stays *t, sf_field f, const char *what, const char *name,
                     uint32_t *id, sf_diag *diag) {
    if (!name)
        return 0;
    *id = sf_intern_find(&t->names[f], name, strlen(name));
    if (*id != SF_ID_NONE)
        return 0;
    set_diag(diag, NULL, 0, "%s '%s' is not in the data", what, name);
    return SF_ERR_ARG;
}

/* "name=N,..." into vals[id] (ids of field f); a name not in the data is
 * an error for units, and ignored for zones (nobody came from there). */
static int name_values(const sf_stays *t, sf_field f, const char *what, const char *list,
                       double *vals, sf_diag *diag) {
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        const char *eq = memchr(p, '=', n);
        char num[64];
        size_t k = eq ? n - (size_t)(eq + 1 - p) : 0;
        char *end = num;
        double x = 0;
        if (eq && k && k < sizeof num) {
            memcpy(num, eq + 1, k);
            num[k] = 0;
            x = strtod(num, &end);
        }
        if (!eq || eq == p || end == num || *end || !(x > 0 && x <= 1e10)) {
            set_diag(diag, NULL, 0, "%s wants name=number,..., found '%.*s'", what,
                     (int)(n > 200 ? 200 : n), p);
            return SF_ERR_ARG;
        }
        uint32_t id = sf_intern_find(&t->names[f], p, (size_t)(eq - p));
        if (id == SF_ID_NONE && f == SF_F_UNIT) {
            set_diag(diag, NULL, 0, "%s: '%.*s' is not a unit in the data", what, (int)(eq - p), p);
            return SF_ERR_ARG;
        }
        if (id != SF_ID_NONE)
            vals[id] = x;
        p += n + (p[n] == ',');
    }
    return 0;
}

int sf_flow_result_compute(sf_flow_data *d, const sf_flow_metric_options *mo, sf_flow_result **out,
                           sf_diag *diag) {
    *out = NULL;
    if (diag)
        memset(diag, 0, sizeof *diag);
    if (!d->prepared) {
        set_diag(diag, NULL, 0, "prepare the data (sf_flow_data_prepare) before the indicators");
        return SF_ERR_ARG;
    }
    int err = cancelled(d, "computing the indicators", diag);
    if (err)
        return err;
    sf_flow_metric_options def;
    if (!mo) {
        sf_flow_metric_options_init(&def);
        mo = &def;
    }
    sf_flow_result *r = calloc(1, sizeof *r);
    const sf_stays *t = &d->t;
    uint32_t nz = t->names[SF_F_ZONE].count, nu = t->names[SF_F_UNIT].count;
    if (!r || !(r->resident = calloc(nz ? nz : 1, 1)) ||
        !(r->zone_pop = calloc(nz ? nz : 1, sizeof *r->zone_pop)) ||
        !(r->places = calloc(nu ? nu : 1, sizeof *r->places))) {
        sf_flow_result_free(r);
        set_diag(diag, NULL, 0, "out of memory");
        return SF_ERR_NOMEM;
    }
    r->d = d;
    sf_flow_opts *o = &r->o;
    sf_flow_opts_default(o);
    o->local = local_tz;
    o->local_ctx = &d->ro.tz;
    o->window_from = d->from;
    o->window_to = d->to;
    if ((err = hours("the episode gap", mo->episode_gap_h, &o->episode_gap, diag)) ||
        (err = hours("the readmission window", mo->readmit_min_h, &o->readmit_min, diag)) ||
        (err = hours("the readmission window", mo->readmit_max_h, &o->readmit_max, diag)) ||
        (err = hours("the shared window", mo->shared_window_h, &o->shared_window, diag)))
        goto fail;
    if (o->readmit_max < o->readmit_min) {
        set_diag(diag, NULL, 0, "the readmission window ends before it starts");
        err = SF_ERR_ARG;
        goto fail;
    }
    if (mo->top < 0 || mo->top > 1000 || !(mo->population >= 0 && mo->population <= 1e10)) {
        set_diag(diag, NULL, 0, "top must be 0 to 1000 and population 0 to 1e10");
        err = SF_ERR_ARG;
        goto fail;
    }
    o->top = mo->top;
    o->pathway_min_orgs = mo->pathways_shared ? 2 : 1;
    o->population = mo->population;
    if ((err =
             find_name(t, SF_F_ORG, "the organisation", mo->readmit_org, &o->readmit_org, diag)) ||
        (err = find_name(t, SF_F_CLASS, "the class", mo->readmit_class, &o->readmit_class, diag)) ||
        (err = find_name(t, SF_F_UNIT, "the unit", mo->continuity_unit, &o->continuity_unit, diag)))
        goto fail;
    if (mo->resident_zones) {
        for (const char *p = mo->resident_zones; *p;) {
            size_t n = strcspn(p, ",");
            uint32_t id = n ? sf_intern_find(&t->names[SF_F_ZONE], p, n) : SF_ID_NONE;
            if (id != SF_ID_NONE)
                r->resident[id] = 1;
            p += n + (p[n] == ',');
        }
        o->resident = r->resident;
        o->nresident = nz;
    }
    if (mo->zone_population) {
        if ((err = name_values(t, SF_F_ZONE, "the zone population", mo->zone_population,
                               r->zone_pop, diag)))
            goto fail;
        o->zone_population = r->zone_pop;
        o->nzone_population = nz;
    }
    if (mo->places) {
        if ((err = name_values(t, SF_F_UNIT, "places", mo->places, r->places, diag)))
            goto fail;
        o->places = r->places;
        o->nplaces = nu;
    }
    if ((err = sf_flow_metrics_compute(&d->t, o, &r->m, diag))) {
        if (diag && !diag->msg[0])
            set_diag(diag, NULL, 0, "%s", sf_strerror(err));
        memset(&r->m, 0, sizeof r->m);
        goto fail;
    }
    *out = r;
    return 0;
fail:
    r->m.los = NULL; /* nothing computed: nothing to free */
    sf_flow_result_free(r);
    return err;
}

void sf_flow_result_free(sf_flow_result *r) {
    if (!r)
        return;
    if (r->m.los)
        sf_flow_metrics_free(&r->m);
    free(r->resident);
    free(r->zone_pop);
    free(r->places);
    free(r);
}

const char *sf_flow_figure_name(sf_flow_figure f) {
    static const char *const names[SF_FLOW_FIGURE_COUNT] = {
        "stays",       "admissions", "bed_days",     "census_mean",
        "peak",        "discharges", "readmissions", "readmission_rate",
        "ready_stays", "ready_days", "occupancy_pct"};
    return f >= 0 && f < SF_FLOW_FIGURE_COUNT ? names[f] : "";
}

static double ratio(double a, double b) { return b > 0 ? a / b : NAN; }

double sf_flow_result_value(const sf_flow_result *r, int unit, sf_flow_figure f) {
    const sf_flow_metrics *m = &r->m;
    if (unit < 0 || (uint32_t)unit > m->nunits || !m->los)
        return NAN;
    uint32_t u = (uint32_t)unit, wd = m->nunits + 1;
    double census = 0;
    if (f == SF_FLOW_CENSUS_MEAN || f == SF_FLOW_OCCUPANCY_PCT) {
        for (size_t h = 0; h < m->nhours; h++)
            census += m->census[(size_t)u * m->nhours + h];
        census = ratio(census, (double)m->nhours);
    }
    switch (f) {
    case SF_FLOW_STAYS: return (double)(m->los[u].n + m->los_open[u]);
    case SF_FLOW_ADMISSIONS: {
        uint64_t adm = 0;
        for (uint32_t v = 0; v < m->nunits; v++)
            if (v == u || u == m->nunits)
                adm += m->trans[(size_t)m->nunits * wd + v];
        return (double)adm;
    }
    case SF_FLOW_BED_DAYS: return m->bed_days[u];
    case SF_FLOW_CENSUS_MEAN: return census;
    case SF_FLOW_PEAK: return m->peak[u];
    case SF_FLOW_READMIT_INDEX: return (double)m->readmit_disch[u];
    case SF_FLOW_READMISSIONS: return (double)m->readmit_n[u];
    case SF_FLOW_READMIT_RATE: return ratio((double)m->readmit_n[u], (double)m->readmit_disch[u]);
    case SF_FLOW_READY_STAYS: return (double)m->ready_stays[u];
    case SF_FLOW_READY_DAYS: return m->ready_days[u];
    case SF_FLOW_OCCUPANCY_PCT:
        return r->o.places && u < r->o.nplaces && r->o.places[u] > 0 ? 100 * census / r->o.places[u]
                                                                     : NAN;
    default: return NAN;
    }
}

static sf_flow_durations durations(const sf_flow_dist *x) {
    return (sf_flow_durations){x->n,   x->mean, x->sd,  x->min, x->p10, x->p25,
                               x->p50, x->p75,  x->p90, x->p95, x->max};
}

sf_flow_durations sf_flow_result_los(const sf_flow_result *r, int unit) {
    sf_flow_dist none = {0, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    return durations(unit >= 0 && (uint32_t)unit <= r->m.nunits && r->m.los ? &r->m.los[unit]
                                                                            : &none);
}

sf_flow_durations sf_flow_result_wait(const sf_flow_result *r, int unit) {
    sf_flow_dist none = {0, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    return durations(unit >= 0 && (uint32_t)unit <= r->m.nunits && r->m.wait ? &r->m.wait[unit]
                                                                             : &none);
}

uint64_t sf_flow_result_transitions(const sf_flow_result *r, int a, int b) {
    uint32_t n = r->m.nunits;
    if (a < 0 || b < 0 || (uint32_t)a > n || (uint32_t)b > n || !r->m.trans)
        return 0;
    return r->m.trans[(size_t)a * (n + 1) + (size_t)b];
}

uint64_t sf_flow_result_patients(const sf_flow_result *r) { return r->m.patients; }
uint64_t sf_flow_result_episodes(const sf_flow_result *r) { return r->m.episodes; }
uint64_t sf_flow_result_patients_org(const sf_flow_result *r) { return r->m.patients_org; }
uint64_t sf_flow_result_patients_shared(const sf_flow_result *r) { return r->m.patients_shared; }
double sf_flow_result_span_days(const sf_flow_result *r) { return r->m.span_days; }

/* ---- calibration --------------------------------------------------------------------- */

int sf_flow_calib_fit(const sf_flow_data *d, const sf_flow_calib_options *o, sf_flow_calib **out,
                      sf_diag *diag) {
    *out = NULL;
    if (diag)
        memset(diag, 0, sizeof *diag);
    sf_flow_calib_options def;
    if (!o) {
        sf_flow_calib_options_init(&def);
        o = &def;
    }
    if (!d->prepared) {
        set_diag(diag, NULL, 0, "prepare the data (sf_flow_data_prepare) before fitting");
        return SF_ERR_ARG;
    }
    sf_calib_opts co = {.tz = &d->ro.tz,
                        .alpha = o->alpha,
                        .ward_median_h = o->ward_median_h,
                        .no_months = o->no_months,
                        .link_gap_h = d->o.link_gap_h};
    int err = 0;
    if (!(o->alpha >= 0 && o->alpha < 1) || !(o->ward_median_h >= 0)) {
        set_diag(diag, NULL, 0, "alpha must lie between 0 and 1, the ward median be >= 0");
        return SF_ERR_ARG;
    }
    if (!o->profile || !strcmp(o->profile, "week"))
        co.profile = SF_CALIB_PROFILE_WEEK;
    else if (!strcmp(o->profile, "day"))
        co.profile = SF_CALIB_PROFILE_DAY;
    else if (!strcmp(o->profile, "flat"))
        co.profile = SF_CALIB_PROFILE_FLAT;
    else {
        set_diag(diag, NULL, 0, "the profile is week, day or flat, not '%s'", o->profile);
        return SF_ERR_ARG;
    }
    if ((o->from && (err = parse_time(d, "from", o->from, &co.window_from, diag))) ||
        (o->to && (err = parse_time(d, "to", o->to, &co.window_to, diag))))
        return err;
    if (!o->from != !o->to || (o->from && co.window_to <= co.window_from)) {
        set_diag(diag, NULL, 0, "from and to go together, to after from");
        return SF_ERR_ARG;
    }
    sf_flow_calib *c = calloc(1, sizeof *c);
    if (!c) {
        set_diag(diag, NULL, 0, "out of memory");
        return SF_ERR_NOMEM;
    }
    if ((err = sf_calib_fit(&d->t, &co, &c->c, diag))) {
        free(c);
        return err;
    }
    *out = c;
    return 0;
}

void sf_flow_calib_free(sf_flow_calib *c) {
    if (!c)
        return;
    sf_calib_free(c->c);
    free(c);
}
