/* calib_out.h: a calibration (src/flow/calibrate.h) written out: the
 * model file `samflyt run` loads, with a comment beside every number
 * saying where it came from, the length-of-stay fit report and the
 * backtest as CSV (calib_out.c). */
#ifndef SF_REPORT_CALIB_OUT_H
#define SF_REPORT_CALIB_OUT_H

#include "flow/calibrate.h"

#include <stdio.h>

/* The model, YAML with comments. source_desc names the data in the
 * header comment (e.g. the file names). 0 or SF_ERR_IO. */
int sf_calib_write_yaml(const sf_calib *c, const char *source_desc, FILE *f);
/* One row per unit and family: unit,n,nzero,family,chosen,p1_name,p1,p1_se,
 * p2_name,p2,p2_se,mean_h,sd_h,loglik,aic,ks_d,ks_p. */
int sf_calib_write_fit_csv(const sf_calib *c, FILE *f);
/* The backtest, one row per unit: unit,obs_mean,sim_mean,mean_err,obs_p50,
 * sim_p50,obs_p90,sim_p90,obs_p95,sim_p95,obs_max,sim_max,w1. */
int sf_backtest_write_csv(const sf_backtest *b, FILE *f);

#endif
