/* serve.h: the parts of `samflyt serve` (serve.c: the HTTP server, its
 * paths, limits and access token; serve_whatif.c: what-if runs). The API
 * is documented for its users in docs/api.md. */
#ifndef SF_CLI_SERVE_H
#define SF_CLI_SERVE_H

#include <stddef.h>
#include <stdio.h>

/* Bounds of one what-if request (docs/api.md, "Limits"). */
enum {
    SERVE_MAX_CHANGES = 64,   /* {path, value} items in one request */
    SERVE_MAX_REPS = 100,     /* replications a request may ask for */
    SERVE_MAX_CAPACITY = 5000 /* servers, beds or doctors a change may set */
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

/* A JSON error body {"error": msg, "status": status} on out; returns
 * status. */
int serve_json_error(FILE *out, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Resolves rel, a path in the served folder, to a real path in out
 * (PATH_MAX bytes); returns 0, or the HTTP status after writing the error
 * to err. */
typedef int (*serve_resolve_fn)(const void *ctx, const char *rel, char *out, FILE *err);

/* POST /api/whatif: reads the JSON request body, resolves its "model"
 * with resolve, runs the base model and the variant with common random
 * numbers on `threads` threads, and writes the JSON answer (or a JSON
 * error) to out. Returns the HTTP status. */
int serve_whatif(serve_resolve_fn resolve, const void *ctx, const char *body, size_t len,
                 int threads, FILE *out);

/* Frees the base runs kept for later what-ifs (after the server stopped). */
void serve_whatif_cleanup(void);

/* GET /api/model: the model's units with their capacities, populations
 * with their sizes, and scenarios, as JSON on out. Returns the status. */
int serve_model_info(const char *file, const char *shown, FILE *out);

/* GET /model: the model page (base run's charts and the what-if panel),
 * in the language of accept_language (the request's Accept-Language
 * header; NULL: English). Returns the HTTP status; on an error, out holds
 * a JSON error. */
int serve_model_page(const char *file, const char *shown, int threads, const char *accept_language,
                     FILE *out);

#endif
