/* sweep.h: the search behind `samflyt sweep` (docs/sweep.md): a grid of
 * decision values (dotted model paths, integer ranges), a cost per unit of
 * each, targets on indicators, and which configuration to run next. With
 * monotone pruning, a configuration that meets every target makes every
 * configuration above it (componentwise) meet them too, and one that
 * fails makes every configuration below it fail, so neither is run. The
 * caller runs the model; this file only decides, records and writes.
 * Internal to src/report. */
#ifndef SF_SWEEP_H
#define SF_SWEEP_H

#include "samflyt/samflyt.h"

#include <stdio.h>

enum {
    SF_SWEEP_MAX_VARS = 8,
    SF_SWEEP_MAX_TARGETS = 16,
    SF_SWEEP_MAX_CONFIGS = 10000,
    SF_SWEEP_MAX_CANDIDATES = 2000 /* within the budget, with an objective */
};

typedef struct sf_sweep_var {
    char path[256]; /* units.kad.beds; or PATH+PATH...: the value is added to each */
    int lo, hi, step;
    double cost;   /* per unit of the value; NAN: not given (1) */
    int line, col; /* in the model file when it comes from `decisions:`; else 0 */
    char name[64]; /* NAME:PATH=...: what people call it (locums); "" */
} sf_sweep_var;

typedef struct sf_sweep_target {
    char unit[128]; /* a unit's name, or "network" */
    sf_metric metric;
    int upper;       /* 1: the indicator must be at most bound; 0: at least */
    double bound;    /* in the metric's unit */
    char shown[200]; /* as written */
    int month;       /* -1: the whole run; 0-11: that month (UNIT.METRIC@jul) */
    int by;          /* the month's figure (sf_by_metric) when month >= 0 */
} sf_sweep_target;

/* The target's metric as written: "wait_mean@jul" or "wait_mean" (buf
 * of at least 64 bytes). */
const char *sf_sweep_metric_label(const sf_sweep_target *t, char *buf);

/* "PATH=LO..HI" or "PATH=LO..HI:STEP" (whole numbers, 0 <= LO <= HI),
 * optionally "NAME:PATH+PATH...=...": a named decision whose value is
 * added to each path (decisions on the same path add up). */
int sf_sweep_parse_vary(const char *arg, sf_sweep_var *v, sf_diag *d);
/* "PATH=X", X >= 0: the cost of one unit of PATH's value. */
int sf_sweep_parse_cost(const char *arg, char *path, size_t size, double *cost, sf_diag *d);
/* "UNIT.METRIC<=LEVEL" (or <, >=, >; < reads as <=, > as >=); METRIC@MON
 * (jan..dec) targets a month's figure: wait_mean (the days to an
 * appointment at a booked clinic), utilisation or occupancy_mean. */
int sf_sweep_parse_target(const char *arg, sf_sweep_target *t, sf_diag *d);
/* "UNIT.METRIC" or "UNIT.METRIC@MON": the indicator an objective
 * minimises (minimize 1: t->upper 1) or maximises (t->upper 0); t->bound
 * is NaN. */
int sf_sweep_parse_objective(const char *arg, int minimize, sf_sweep_target *t, sf_diag *d);

/* The model's `decisions:` (with their `cost:`) into vars (at most
 * SF_SWEEP_MAX_VARS); returns how many. */
int sf_sweep_model_decisions(const sf_model *m, sf_sweep_var *vars);
/* The model's targets (`weights:` entries with a target: max gives an
 * upper bound, min a lower one) into t (at most SF_SWEEP_MAX_TARGETS), in
 * *n. SF_ERR_MODEL at the entry's place when its name is no unit.metric
 * or its level is not in the metric's unit. */
int sf_sweep_model_targets(const sf_model *m, sf_sweep_target *t, int *n, sf_diag *d);

/* The model's `objective:`: *has 1 with the indicator in obj and delta in
 * its unit when it names one; *max_cost its budget (NAN: none).
 * SF_ERR_MODEL at the place in the file when the indicator is no
 * UNIT.METRIC or delta is not a level above 0 in the metric's unit. */
int sf_sweep_model_objective(const sf_model *m, sf_sweep_target *obj, int *has, double *delta,
                             double *max_cost, sf_diag *d);

typedef struct sf_sweep sf_sweep;

/* Status of a configuration. Dropped: it costs at least as much as one
 * that met, so it cannot be the answer; its run stopped there. */
enum { SF_SWEEP_UNKNOWN, SF_SWEEP_MET, SF_SWEEP_NOT_MET, SF_SWEEP_DROPPED };

/* The grid of vars (each lo..hi by step); prune: 1 to infer by
 * monotonicity. SF_ERR_ARG when the grid exceeds SF_SWEEP_MAX_CONFIGS. */
int sf_sweep_new(const sf_sweep_var *vars, int nvars, const sf_sweep_target *t, int nt, int prune,
                 sf_sweep **out, sf_diag *d);
void sf_sweep_free(sf_sweep *s);

long sf_sweep_size(const sf_sweep *s);
int sf_sweep_value(const sf_sweep *s, long cfg, int var);
double sf_sweep_cost(const sf_sweep *s, long cfg);
/* The next configuration to run, or -1 when every status is known. With
 * pruning, the one whose outcome settles the most configurations in the
 * worst case (ties: the cheaper, then the first); otherwise grid order. */
long sf_sweep_next(const sf_sweep *s);
/* Records the estimates (one per target, in target order) of a
 * configuration that ran, sets its status (met: every 95 % interval lies
 * within its target) and, with pruning, infers what follows. */
void sf_sweep_record(sf_sweep *s, long cfg, const sf_estimate *est);
int sf_sweep_status(const sf_sweep *s, long cfg);
int sf_sweep_ran(const sf_sweep *s, long cfg);
long sf_sweep_runs(const sf_sweep *s);
sf_estimate sf_sweep_estimate(const sf_sweep *s, long cfg, int target);
/* The cheapest configuration that ran and meets every target (ties: the
 * first in grid order), or -1. With pruning and costs >= 0 it is also the
 * cheapest of the whole grid: anything inferred to meet costs at least as
 * much as a configuration below it that ran and met. */
long sf_sweep_cheapest(const sf_sweep *s);
/* 1 when cfg ran and no other configuration that ran is at most as costly
 * and at least as good in every targeted indicator's mean, and better in
 * one of them. */
int sf_sweep_pareto(const sf_sweep *s, long cfg);

/* ---- The procedure (docs/sweep.md, "Method") ---------------------------
 * The caller asks what to run (sf_sweep_plan), runs it, hands over the
 * replications' values (sf_sweep_add) and lets the procedure go as far as
 * they take it (sf_sweep_advance), until the plan is empty. Every result
 * depends only on the values of (configuration, replication), never on
 * how far ahead the caller ran or on who ran what: the procedure takes one
 * observation at a time whatever was run in advance. */

/* fixed: every configuration runs n0 replications and meets the targets
 * when every 95 % interval lies within its target. Otherwise sequential:
 * n0 replications, then one more at a time; a target is decided met when
 * the sum of the deviations from its level falls below -R(r), not met
 * when it rises above R(r), R(r) = max(0, h^2 S^2 / (2 eps) - eps r / 2),
 * with eps = tol x |level| and h^2 from the confidence (Bonferroni over
 * every configuration and target); at maxr the sign decides (capped).
 * Sequential with pruning also drops what costs more than a
 * configuration that met. */
int sf_sweep_set_procedure(sf_sweep *s, int fixed, int n0, int maxr, double confidence, double tol,
                           sf_diag *d);

/* ---- A budget and an objective (docs/sweep.md, "An objective") ---------
 * Both before sf_sweep_set_procedure and before anything is added. */

/* Configurations that cost more than max_cost are dropped before anything
 * runs (sf_sweep_over_budget); the confidence's Bonferroni count is the
 * configurations within it. */
void sf_sweep_set_budget(sf_sweep *s, double max_cost);
/* The answer becomes the configuration, among those that meet every
 * target within the budget, with the best mean of obj's indicator
 * (obj->upper 1: the lowest), chosen by Kim & Nelson's procedure with
 * indifference zone delta (> 0, the indicator's unit) after the targets
 * are decided, each with half of 1 - confidence. Each observation row
 * then has nt + 1 values, the objective's last (sf_sweep_columns).
 * SF_ERR_ARG when delta is not > 0. */
int sf_sweep_set_objective(sf_sweep *s, const sf_sweep_target *obj, double delta, sf_diag *d);
int sf_sweep_columns(const sf_sweep *s);                      /* values per observation row */
const sf_sweep_target *sf_sweep_objective(const sf_sweep *s); /* NULL: cost */
double sf_sweep_delta(const sf_sweep *s);
double sf_sweep_max_cost(const sf_sweep *s); /* INFINITY: no budget */
int sf_sweep_over_budget(const sf_sweep *s, long cfg);
/* The selected configuration, or -1 (none meets the targets within the
 * budget). Without an objective: sf_sweep_cheapest. */
long sf_sweep_best(const sf_sweep *s);
/* cfg's objective was estimated (it ran, or was a candidate). */
int sf_sweep_measured(const sf_sweep *s, long cfg);
sf_estimate sf_sweep_objective_estimate(const sf_sweep *s, long cfg);
int sf_sweep_objective_replications(const sf_sweep *s, long cfg);
/* 1 when cfg is a candidate other than the best whose objective differs
 * from the best's by less than delta (the mean of the paired differences
 * over their common replications): the procedure does not tell them
 * apart, and the answer is a tie. */
int sf_sweep_tied(const sf_sweep *s, long cfg);
long sf_sweep_ties(const sf_sweep *s);
/* "best", "tie", "eliminated" (a candidate worse than another by more
 * than the procedure's margin) or "" (no candidate). */
const char *sf_sweep_selection(const sf_sweep *s, long cfg);
long sf_sweep_candidates(const sf_sweep *s);
double sf_sweep_h2_objective(const sf_sweep *s);
/* The selection stopped at --max-replications with several survivors:
 * the best mean decided, without the guarantee. */
int sf_sweep_objective_capped(const sf_sweep *s);
/* Every replication the procedure used (verdicts, dropped, selection). */
long sf_sweep_replications_all(const sf_sweep *s);
/* Search near value of decision var first (the analytic answer). */
void sf_sweep_set_hint(sf_sweep *s, int var, int value);
int sf_sweep_hinted(const sf_sweep *s);

typedef struct sf_sweep_work {
    long cfg;
    int first, count; /* replications first .. first + count - 1 */
} sf_sweep_work;
/* What to run next into w (room for sf_sweep_size items): for each
 * configuration the procedure works on and lacks its next observation, its
 * missing replications and up to ahead more. 0 when the sweep is done; -1
 * out of memory. */
long sf_sweep_plan(const sf_sweep *s, int ahead, sf_sweep_work *w);
/* The targets' values (count rows of nt, in target order) of replications
 * first .. first + count - 1 of cfg; those already held are skipped. */
int sf_sweep_add(sf_sweep *s, long cfg, int first, int count, const double *x);
int sf_sweep_advance(sf_sweep *s);

double sf_sweep_h2(const sf_sweep *s);
double sf_sweep_tolerance(const sf_sweep *s, int target); /* eps, the metric's unit */
int sf_sweep_replications(const sf_sweep *s, long cfg);   /* used by its verdict */
long sf_sweep_replications_total(const sf_sweep *s);      /* of the verdicts */
long sf_sweep_dropped_replications(const sf_sweep *s);
int sf_sweep_capped(const sf_sweep *s, long cfg);
int sf_sweep_fixed(const sf_sweep *s);

int sf_sweep_vars(const sf_sweep *s);
const sf_sweep_var *sf_sweep_var_of(const sf_sweep *s, int var);
int sf_sweep_targets(const sf_sweep *s);
const sf_sweep_target *sf_sweep_target_of(const sf_sweep *s, int target);
/* 1 when cfg ran and target was met: declared met by the procedure, or
 * (fixed) its 95 % interval lies within it. */
int sf_sweep_target_met(const sf_sweep *s, long cfg, int target);

/* What sweep.json records, set back into a sweep made by sf_sweep_new
 * from its decisions and targets (sweep_read.c): each configuration's
 * status, whether it ran, its replications, capped, and its estimates
 * and per target whether it was met (nt each; est NULL: none, as when it
 * neither ran nor was an objective's candidate); then the
 * procedure (fixed or sequential) and the replications in all. */
void sf_sweep_restore_config(sf_sweep *s, long cfg, int status, int ran, int reps, int capped,
                             const sf_estimate *est, const unsigned char *met);
void sf_sweep_restore(sf_sweep *s, int fixed, long replications_total);
/* With an objective (sf_sweep_set_objective, and sf_sweep_set_budget
 * before any configuration is restored): cfg's objective estimate (NULL:
 * none) from reps observations, and its part in the selection as
 * sf_sweep_selection names it (-1 when selection is no such name). Then,
 * after every configuration, sf_sweep_restore_objective: the selection's
 * h^2 and whether it was capped; the candidates and the answer follow
 * from the configurations (-1 out of memory). */
int sf_sweep_restore_selection(sf_sweep *s, long cfg, const sf_estimate *est, int reps,
                               const char *selection);
int sf_sweep_restore_objective(sf_sweep *s, double h2, int capped);
/* sweep.json (text of len bytes, as sf_sweep_write_json wrote it) read
 * back into *out, checked against itself (grid, configurations, values);
 * SF_ERR_PARSE with the place (name: the file's name) and what was
 * expected when it is not, or is cut short. */
int sf_sweep_read_json(const char *name, const char *text, size_t len, sf_sweep **out, sf_diag *d);

/* report.html (sweep_html.c): the answer, the feasible region over the
 * first two decisions, the Pareto front, the cost of each target. */
int sf_sweep_write_html(const sf_sweep *s, const char *model, FILE *f);
/* The same page on the dashboard (served: the sweep's folder in the served
 * folder, linked back to the file list; NULL: as report.html). */
int sf_sweep_write_page(const sf_sweep *s, const char *model, const char *served, FILE *f);

/* sweep.csv: one row per configuration of the grid (config, each
 * decision, cost, status, ran, pareto, per target mean,lo,hi,met). */
int sf_sweep_write_csv(const sf_sweep *s, FILE *f);
/* The model file's name as given to the sweep ("" unknown), recorded in
 * sweep.json ("model") for the dashboard's heading. */
void sf_sweep_set_model(sf_sweep *s, const char *name);
const char *sf_sweep_model(const sf_sweep *s);
/* sweep.json: model, decisions, targets, runs, grid, cheapest, configurations. */
int sf_sweep_write_json(const sf_sweep *s, int reps, uint64_t seed, FILE *f);

#endif
