/* serve.h: the parts of `samflyt serve` (serve.c: the HTTP server, its
 * paths, limits and access token; serve_whatif.c: what-if runs). The API
 * is documented for its users in docs/api.md. */
#ifndef SF_CLI_SERVE_H
#define SF_CLI_SERVE_H

#include <stddef.h>
#include <stdio.h>

/* Bounds of one what-if request (docs/api.md, "Limits"). */
enum {
    SERVE_MAX_CHANGES = 64,    /* {path, value} items in one request */
    SERVE_MAX_REPS = 100,      /* replications a request may ask for */
    SERVE_MAX_CAPACITY = 5000, /* servers, beds or doctors a change may set */
    SERVE_MAX_VARIANTS = 8     /* what-ifs in one report */
};
/* Patients one variant may simulate over all its replications, warm-up
 * included (the time budget: the engine's cost grows with it). Röros'
 * base, 20 replications, is about 0.5 million. */
#define SERVE_MAX_PATIENTS 5e6
/* The largest demand growth factor, and the smallest. */
#define SERVE_MAX_GROWTH 5.0
#define SERVE_MIN_GROWTH 0.1

/* Replaces, in place, every byte of s that is not part of valid UTF-8, and
 * every control character, with '?': for messages and the request log,
 * which quote what a client sent. */
void serve_clean_text(char *s);

/* A JSON string (quoted, escaped) and a JSON number (null when not
 * finite). */
void serve_json_str(FILE *out, const char *s);
void serve_json_num(FILE *out, double x);

/* A JSON error body {"error": msg, "status": status} on out; returns
 * status. */
int serve_json_error(FILE *out, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Resolves rel, a path in the served folder, to a real path in out
 * (PATH_MAX bytes); returns 0, or the HTTP status after writing the error
 * to err. */
typedef int (*serve_resolve_fn)(const void *ctx, const char *rel, char *out, FILE *err);

/* How a request runs its simulations: on `threads` threads, stopping
 * between replications once cancel(cancel_user) says the client has gone
 * (sf_run_opts.cancel); accept_language: the request's Accept-Language
 * header (NULL: English), the language of the charts it draws. */
typedef struct serve_run {
    int threads;
    int (*cancel)(void *user);
    void *cancel_user;
    const char *accept_language;
} serve_run;

/* The status of a request whose client went away before its answer: no
 * one reads it; the server closes the connection (nginx's code). */
enum { SERVE_GONE = 499 };

/* POST /api/whatif: reads the JSON request body, resolves its "model"
 * with resolve, runs the base model and the variant (and the earlier
 * what-ifs the body lists, kept runs when they ran before) with common
 * random numbers, and writes the JSON answer: the variant's differences
 * and the forest plots of every variant against the base, as the compare
 * report draws them (or a JSON error) to out. Returns the HTTP status
 * (SERVE_GONE when cancelled). */
int serve_whatif(serve_resolve_fn resolve, const void *ctx, const char *body, size_t len,
                 const serve_run *run, FILE *out);

/* POST /api/report: {"variants": [what-if, ...]}, each what-if as
 * serve_whatif takes it, all of one model with the same replications and
 * seed: runs the base and each variant with common random numbers and
 * writes the HTML report of their comparison (sf_serve_html_report, as
 * `samflyt compare --out` writes it, in the request's language) to out,
 * or a JSON error. Returns the
 * HTTP status. */
int serve_report(serve_resolve_fn resolve, const void *ctx, const char *body, size_t len,
                 const serve_run *run, FILE *out);

/* Frees the base runs kept for later what-ifs (after the server stopped). */
void serve_whatif_cleanup(void);

/* GET /api/model: the model's units with their capacities, populations
 * with their sizes, and scenarios, as JSON on out. Returns the status. */
int serve_model_info(const char *file, const char *shown, FILE *out);

/* GET /model: the model page (base run's charts and the what-if panel),
 * in the language of accept_language (the request's Accept-Language
 * header; NULL: English). Returns the HTTP status; on an error, out holds
 * a JSON error. */
int serve_model_page(const char *file, const char *shown, const serve_run *run,
                     const char *accept_language, FILE *out);

/* The filters and reading options of a data request (GET /data and GET
 * /api/flow), as the query gave them (NULL when absent). */
typedef struct serve_flow_query {
    const char *from, *to, *unit;  /* the period and the units */
    const char *preset, *map, *tz; /* how to read the file */
    const char *accept_language;   /* the page's language (GET /data); NULL: English */
} serve_flow_query;

/* GET /api/flow (html 0: JSON) and GET /data (html 1: the page) for the
 * data file `file` (shown as `shown`). Errors are JSON, or the page with
 * the message. Returns the HTTP status (SERVE_GONE when the client went
 * away). */
int serve_flow(const char *file, const char *shown, const serve_flow_query *q, const serve_run *run,
               int html, FILE *out);

/* Frees the data kept for later requests (after the server stopped). */
void serve_flow_cleanup(void);

#endif
