/* cli.h: the subcommands of the samflyt command, one file each. Each takes
 * argv with argv[0] the subcommand's name and returns the exit status:
 * 0 success, 1 failure (the input is wrong or a target cannot be met),
 * 2 usage error. */
#ifndef SF_CLI_H
#define SF_CLI_H

#include "samflyt/samflyt.h"

#include <stddef.h>

int cli_check(int argc, char **argv);
int cli_run(int argc, char **argv);
int cli_compare(int argc, char **argv);
int cli_size(int argc, char **argv);
int cli_sweep(int argc, char **argv);

/* The simulation options run and compare share: c is getopt's 'r'
 * (--replications, at least min_reps), 't', 's' or 'K' (--trace-rep).
 * Returns 0 when parsed into ro, 2 after printing a usage error, -1 when c
 * is not one of them. */
int cli_sim_option(const char *cmd, int c, const char *arg, int min_reps, sf_run_opts *ro);
int cli_flow(int argc, char **argv);
int cli_calibrate(int argc, char **argv);
int cli_serve(int argc, char **argv);

typedef struct sf_tz sf_tz;
/* Loads the zone of option opt (--tz; NULL: Europe/Oslo, the default)
 * into tz for command cmd (flow.c). Returns 0, or 2 (an unknown name) or 1 (no tz
 * database) after printing the error. */
int cli_tz_load(const char *cmd, const char *opt, const char *name, sf_tz *tz);

typedef struct sf_model sf_model;
/* Prints the travel-access table of a model with populations (access.c). */
void cli_print_access(const sf_model *m);
typedef struct sf_results sf_results;
/* Prints, for `samflyt compare`, the travel-access shares that scenarios
 * change (models[0] is the base; access.c). */
void cli_print_access_changes(const sf_model *const *models, const char *const *names, int n);
/* Prints contacts and travel per population after a run (access.c). */
void cli_print_populations(const sf_results *r);

/* Prints the model's warnings to stderr as "file:line:col: warning: ..."
 * (warnings.c); those equal to one of base's are left out (base NULL:
 * none), so a scenario repeats none of its base model's. */
void cli_print_warnings(const sf_model *m, const sf_model *base);

/* booked_summary.c: the booked-clinic table after `run`'s summary, when
 * the model has booked clinics. */
typedef struct sf_results sf_results;
void cli_print_booked(const sf_results *r);
/* booked_summary.c: "mean±half" of x times scale with unit, "-" for NaN,
 * the mean alone when the interval is 0 or unknown. */
typedef struct sf_estimate sf_estimate;
void cli_estimate_cell(char *buf, size_t n, sf_estimate x, double scale, const char *unit,
                       int digits);
/* The response-unit table (response_summary.c), when the model has one. */
void cli_print_response(const sf_results *r);
/* persons_summary.c: readmissions, continuity and shared patients of
 * replication 1 of a model with persons or return rules, measured on its
 * trace by samflyt flow's code; nothing for other models. ro: the run's
 * options (seed, scenario's model). */
void cli_print_persons(const sf_results *r);
void cli_print_persons_changes(const sf_results *const *res, const char *const *names, int nv);

/* main.c: gives a diagnostic the text of its error code when the library
 * left it empty (an allocation that failed has nothing else to say), so
 * that every failure prints a message. */
typedef struct sf_diag sf_diag;
void cli_diag_default(sf_diag *d, int err);

/* After getopt_long returned '?': prints "did you mean --NAME?" when the
 * unknown long option (argv[optind - 1]) is close to one of opts. */
struct option;
void cli_suggest_option(const char *cmd, char **argv, const struct option *opts);
/* run.c: prints on stderr, as "samflyt CMD: [variant: ]replication K
 * deadlocked at day D: units A, B", each replication of r that
 * deadlocked (docs/simulation.md, "Deadlock"); returns how many did. */
int cli_print_deadlocks(const char *cmd, const char *variant, const sf_results *r);
/* run.c: warns on stderr when model m (read from path) has a cycle of
 * wards that can deadlock (sf_model_blocking_cycle); returns 1 if it
 * warned. */
int cli_warn_deadlock_risk(const char *cmd, const char *path, const sf_model *m);

#endif
