/* calibrate.h: turning a stays table (history) into a model that runs.
 *
 * sf_calib_fit estimates, from a stays table (stays.h):
 *   - arrival sources: stays that entered the network from outside, per
 *     entry unit and class, with a mean rate, an hour-of-week profile and
 *     month multipliers (local time);
 *   - per unit: the length-of-stay distribution (fitdist.h), the unit kind
 *     (ward when the median stay is over ward_median_h, else walk-in), the
 *     capacity (the peak number of patients in care at once, a lower
 *     bound), and routing probabilities to the next unit or home;
 *   - the observed time-weighted census distribution of each unit, which
 *     the backtest compares with the simulated one.
 * sf_calib_backtest simulates the loaded model and compares occupancy. The
 * writers of the model file and of the fit report are
 * src/report/calib_out.h: this layer computes and never formats.
 * docs/calibrate.md defines every figure.
 *
 * Ownership: sf_calib owns everything it points to; sf_calib_free. */
#ifndef SF_FLOW_CALIBRATE_H
#define SF_FLOW_CALIBRATE_H

#include "flow/fitdist.h"
#include "flow/stays.h"
#include "flow/tz.h"
#include "samflyt/samflyt.h"

#include <stdint.h>
#include <stdio.h>

enum { SF_CALIB_HOW = 168, SF_CALIB_MONTHS = 12 };

typedef enum sf_calib_profile {
    SF_CALIB_PROFILE_WEEK, /* 168 weights, one per hour of the week */
    SF_CALIB_PROFILE_DAY,  /* 24 weights, the same every day */
    SF_CALIB_PROFILE_FLAT, /* no profile */
} sf_calib_profile;

typedef struct sf_calib_opts {
    const sf_tz *tz;      /* local time for hours of the week and months; NULL = UTC */
    double alpha;         /* KS level; 0 = 0.05 */
    double ward_median_h; /* 0 = 12 */
    int empirical_points; /* 0 = 200: quantiles written for an empirical LOS */
    sf_calib_profile profile;
    /* Month multipliers are applied (as calendar periods jan..dec and one
     * demand entry per source) when at least two months were observed,
     * unless no_months is set; else they are only reported. */
    int no_months;
    /* The observation window, UTC seconds: arrivals from outside count
     * when from <= arrive < to. Both 0: from the first to the last
     * arrival in the data. State it for an extract that holds stays
     * *ending* in a period (as the simulator's trace does with a warm-up):
     * there the first weeks hold only the long stays, and the first
     * arrival would start the window too early. */
    int64_t window_from, window_to;
    /* Only when no stay names a `from` or `to`: a patient's next stay
     * that starts (arrives) within link_gap_h after one ends is its next
     * unit. < 0 = 1 hour. */
    double link_gap_h;
} sf_calib_opts;

typedef struct sf_calib_unit {
    uint32_t id;     /* in the stays table's unit names */
    char *name;      /* as written in the model (unique, valid), owned */
    size_t nstays;   /* stays at this unit */
    size_t nready;   /* of them with a usable ready time (LOS = ready - start) */
    size_t nopen;    /* of them still open at the extract's end: censored LOS */
    double median_h; /* median duration (the LOS sample below) */
    int ward;        /* 1 ward, 0 walk-in: median_h > ward_median_h */
    int peak;        /* most patients in care at once */
    sf_los_fit los;
    double *emp; /* nemp quantiles of the LOS (hours), owned */
    int nemp;
    uint64_t *next; /* [nunits + 1]: departures to unit j; [nunits] = home */
    uint64_t departures;
    uint64_t to_unknown; /* departures to a unit with no stays (counted as home) */
    /* Observed census: hours spent at each level 0..peak within
     * [census_t0, census_t1] (calib). */
    double *occ_time;
    double occ_mean;
    /* Readmissions (docs/calibrate.md, "Return behaviour"): discharges home
     * at least SF_CALIB_READMIT_MAX_H before the data's last end
     * (ret_disch), and of them those whose patient's next arrival from
     * outside came SF_CALIB_READMIT_MIN_H to _MAX_H later (ret_n), the
     * units those arrivals came to (ret_to[nunits]) and nret_gap quantiles
     * of the gaps in hours (ret_gap). ret_n == 0: no return rule. */
    uint64_t ret_disch, ret_n;
    uint64_t *ret_to;
    double *ret_gap;
    int nret_gap;
} sf_calib_unit;

/* The national readmission indicator's window, hours (8 h to 30 days). */
#define SF_CALIB_READMIT_MIN_H 8.0
#define SF_CALIB_READMIT_MAX_H 720.0

typedef struct sf_calib_source {
    int unit;                      /* index into units */
    uint32_t cls;                  /* class id in the table, SF_ID_NONE = default */
    char *name;                    /* source name in the model, owned */
    char *cls_name;                /* class name in the model, owned */
    uint64_t n;                    /* arrivals from outside in the window */
    double rate;                   /* per hour: the mean of the hourly rates over the week */
    double rate_lo, rate_hi;       /* n/T with its 95 % Poisson interval */
    double w[SF_CALIB_HOW];        /* arrivals per hour in each hour of the week */
    double month[SF_CALIB_MONTHS]; /* rate in the month / overall rate; NaN: no exposure */
} sf_calib_source;

typedef struct sf_calib {
    int64_t t0, t1;               /* arrival window: first and last arrival, UTC s */
    double span_h;                /* t1 - t0 in hours */
    double warmup_h;              /* the model's warm-up */
    int64_t census_t0, census_t1; /* census window, UTC s */
    double exposure_how[SF_CALIB_HOW];
    double exposure_month[SF_CALIB_MONTHS];
    size_t nstays, npatients;
    int linked; /* 1 when next units came from linking (no from/to given) */
    int months; /* 1 when the model applies month multipliers (see opts) */
    sf_calib_opts opts;
    int nunits;
    sf_calib_unit *units;
    int nsources;
    sf_calib_source *sources;
} sf_calib;

/* Fits t. Returns 0, SF_ERR_NOMEM, or SF_ERR_ARG (with diag) when the
 * table has no usable stay or no arrival from outside. */
int sf_calib_fit(const sf_stays *t, const sf_calib_opts *opts, sf_calib **out, sf_diag *diag);
void sf_calib_free(sf_calib *c);

/* The backtest: occupancy (patients in care) per unit, observed against
 * simulated. */
typedef struct sf_backtest_unit {
    const char *name;
    double obs_mean, obs_p50, obs_p90, obs_p95;
    int obs_max;
    double sim_mean, sim_p50, sim_p90, sim_p95;
    int sim_max;
    double w1;       /* Wasserstein-1 distance between the distributions, patients */
    double mean_err; /* sim_mean - obs_mean */
    /* readmission rate (the calibration's rule), observed and simulated,
     * with the simulated discharges; NaN when the data have none */
    double obs_readmit, sim_readmit;
    uint64_t sim_disch;
} sf_backtest_unit;

typedef struct sf_backtest {
    int nunits;
    int reps;
    int deadlocked;          /* replications that deadlocked: left out of the pooled occupancy */
    sf_backtest_unit *units; /* owned */
} sf_backtest;

/* Simulates m (a model written by sf_calib_write_yaml and loaded) for
 * reps replications (0 = the model's) from seed, pools the time each unit
 * spends at each occupancy level, and compares with c's observed census.
 * Units are matched by name. 0, SF_ERR_NOMEM or SF_ERR_ARG (a unit of c
 * missing from m). */
int sf_calib_backtest(const sf_calib *c, const sf_model *m, int reps, uint64_t seed,
                      sf_backtest *out, sf_diag *diag);
void sf_backtest_free(sf_backtest *b);

/* The p-quantile (time-weighted) of a distribution given as time at each
 * level 0..max: the smallest level whose cumulative share reaches p. */
double sf_calib_occ_quantile(const double *time, int max, double p);
/* Wasserstein-1 distance between two distributions on 0, 1, 2, ... given
 * as (unnormalised) time at each level: sum_k |F_a(k) - F_b(k)|. */
double sf_calib_w1(const double *a, int amax, const double *b, int bmax);

#endif
