/* backtest.c: does the calibrated model reproduce the history it came
 * from? Simulates the model (the engine, replications in sequence, the
 * same streams sf_run uses) and compares each unit's simulated occupancy
 * distribution, pooled over replications, with the census observed in the
 * data (calibrate.c): mean, p50, p90, p95, maximum, and the Wasserstein-1
 * distance between the two distributions (docs/calibrate.md); and, where
 * the data have readmissions, each unit's readmission rate by the same
 * rule the calibration counted them with (calibrate.c). */
#include "flow/calibrate.h"
#include "model/model.h"
#include "sim/engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void sf_backtest_free(sf_backtest *b) {
    if (!b)
        return;
    free(b->units);
    memset(b, 0, sizeof *b);
}

/* Readmissions of the simulated stays, by the calibration's rule: a stay
 * going home is a discharge (counted when it ends at least 30 d before the
 * end), readmitted when the same patient's next arrival from outside comes
 * 8 h to 30 d later. Patients keep their serial number when they return
 * (engine.c), so the serial is the patient. */
typedef struct readmit_acc {
    double t_end;
    int *last_unit; /* [serial]: unit of the patient's last discharge, -1: none */
    double *last_end;
    size_t cap;
    uint64_t *disch, *readm; /* [model unit] */
    int nomem;
} readmit_acc;

static void readmit_stay(void *user, const sf_engine_stay *s) {
    readmit_acc *a = user;
    size_t k = (size_t)s->patient;
    if (k >= a->cap) {
        size_t cap = a->cap ? a->cap : 1024;
        while (cap <= k)
            cap *= 2;
        int *lu = realloc(a->last_unit, cap * sizeof *lu);
        if (lu)
            a->last_unit = lu;
        double *le = lu ? realloc(a->last_end, cap * sizeof *le) : NULL;
        if (!lu || !le) {
            a->nomem = 1;
            return;
        }
        a->last_end = le;
        for (size_t i = a->cap; i < cap; i++)
            a->last_unit[i] = -1;
        a->cap = cap;
    }
    const double lo = SF_CALIB_READMIT_MIN_H, hi = SF_CALIB_READMIT_MAX_H;
    if (s->from < 0 && a->last_unit[k] >= 0) {
        double g = s->arrive - a->last_end[k];
        if (g >= lo && g <= hi && a->last_end[k] <= a->t_end - hi)
            a->readm[a->last_unit[k]]++;
        a->last_unit[k] = -1;
    }
    if (s->to < 0) {
        a->last_unit[k] = s->unit;
        a->last_end[k] = s->end;
        a->disch[s->unit] += s->end <= a->t_end - hi;
    }
}

static void summarise(const double *time, int cap, double *mean, double *p50, double *p90,
                      double *p95, int *max) {
    double tot = 0, area = 0;
    *max = 0;
    for (int k = 0; k <= cap; k++) {
        tot += time[k];
        area += k * time[k];
        if (time[k] > 0)
            *max = k;
    }
    *mean = tot > 0 ? area / tot : NAN;
    *p50 = sf_calib_occ_quantile(time, cap, 0.50);
    *p90 = sf_calib_occ_quantile(time, cap, 0.90);
    *p95 = sf_calib_occ_quantile(time, cap, 0.95);
}

int sf_calib_backtest(const sf_calib *c, const sf_model *m, int reps, uint64_t seed,
                      sf_backtest *out, sf_diag *diag) {
    memset(out, 0, sizeof *out);
    if (reps <= 0)
        reps = m->replications;
    int *map = calloc((size_t)c->nunits + 1, sizeof *map);
    double **occ = calloc((size_t)m->nunits + 1, sizeof *occ);
    double *values = malloc((size_t)sf_engine_rows(m) * SF_M_COUNT * sizeof *values);
    sf_engine *e = NULL;
    readmit_acc ra = {0};
    int rc = SF_ERR_NOMEM;
    if (!map || !occ || !values)
        goto done;
    for (int u = 0; u < c->nunits; u++) {
        map[u] = -1;
        for (int j = 0; j < m->nunits; j++)
            if (!strcmp(m->units[j].name, c->units[u].name))
                map[u] = j;
        if (map[u] < 0) {
            if (diag) {
                memset(diag, 0, sizeof *diag);
                snprintf(diag->msg, sizeof diag->msg,
                         "the model has no unit '%s' to compare with the data", c->units[u].name);
            }
            rc = SF_ERR_ARG;
            goto done;
        }
    }
    for (int j = 0; j < m->nunits; j++)
        if (!(occ[j] = calloc((size_t)m->units[j].capacity + 1, sizeof *occ[j])))
            goto done;
    if ((rc = sf_engine_create(m, &e)))
        goto done;
    rc = SF_ERR_NOMEM;
    int readmits = 0;
    for (int u = 0; u < c->nunits; u++)
        readmits |= c->units[u].ret_n > 0;
    ra.t_end = m->warmup + m->horizon;
    if (readmits && (!(ra.disch = calloc((size_t)m->nunits + 1, sizeof *ra.disch)) ||
                     !(ra.readm = calloc((size_t)m->nunits + 1, sizeof *ra.readm)) ||
                     sf_engine_on_stay(e, readmit_stay, &ra)))
        goto done;
    int deadlocked = 0;
    for (int r = 0; r < reps; r++) {
        sf_rep_out ro = {values, 0, 0, occ, NULL};
        for (size_t k = 0; k < ra.cap; k++)
            ra.last_unit[k] = -1; /* serial numbers start again */
        if ((rc = sf_engine_replicate(e, seed, r, &ro)))
            goto done;
        if (ra.nomem) {
            rc = SF_ERR_NOMEM;
            goto done;
        }
        /* a deadlocked replication adds no occupancy: counted, and said */
        deadlocked += !isnan(sf_engine_deadlock(e, NULL));
    }
    rc = SF_ERR_NOMEM;
    out->units = calloc((size_t)c->nunits, sizeof *out->units);
    if (!out->units)
        goto done;
    out->nunits = c->nunits;
    out->reps = reps;
    out->deadlocked = deadlocked;
    for (int u = 0; u < c->nunits; u++) {
        const sf_calib_unit *U = &c->units[u];
        sf_backtest_unit *b = &out->units[u];
        int j = map[u], cap = m->units[j].capacity;
        b->name = U->name;
        summarise(U->occ_time, U->peak, &b->obs_mean, &b->obs_p50, &b->obs_p90, &b->obs_p95,
                  &b->obs_max);
        summarise(occ[j], cap, &b->sim_mean, &b->sim_p50, &b->sim_p90, &b->sim_p95, &b->sim_max);
        b->w1 = sf_calib_w1(U->occ_time, U->peak, occ[j], cap);
        b->mean_err = b->sim_mean - b->obs_mean;
        b->obs_readmit = b->sim_readmit = NAN;
        if (readmits && U->ret_disch) {
            b->obs_readmit = (double)U->ret_n / (double)U->ret_disch;
            b->sim_disch = ra.disch[j];
            b->sim_readmit = ra.disch[j] ? (double)ra.readm[j] / (double)ra.disch[j] : NAN;
        }
    }
    rc = SF_OK;

done:
    sf_engine_free(e);
    free(ra.last_unit);
    free(ra.last_end);
    free(ra.disch);
    free(ra.readm);
    if (occ)
        for (int j = 0; j < m->nunits; j++)
            free(occ[j]);
    free(occ);
    free(map);
    free(values);
    if (rc)
        sf_backtest_free(out);
    return rc;
}
