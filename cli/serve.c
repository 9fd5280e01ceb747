/* serve.c: `samflyt serve [DIR]`: a dashboard and a JSON API over HTTP
 * (libmicrohttpd) for the models and data files in DIR (docs/api.md).
 *
 * The data behind a model are patient data, so the server is careful by
 * default: it listens on loopback only; on any other address it requires
 * an access token (generated and printed at start, as Jupyter does, or
 * given with --token). Every path a request names is resolved inside DIR
 * (realpath and a prefix check, so neither ../ nor a symlink leads out).
 * Bodies are bounded, runs are bounded in number (a semaphore: a request
 * beyond it gets 503 at once) and in size (replications x patients,
 * serve_whatif.c), and every error is JSON with its HTTP status. */
#include "serve.h"
#include "cli.h"

#include "samflyt/serve.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <microhttpd.h>
#include <semaphore.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char serve_usage[] =
    "usage: samflyt serve [DIR] [options]\n\n"
    "Serves a dashboard for the models (*.yaml) and data files (*.csv, *.csv.gz,\n"
    "*.ndjson, *.json) in DIR (default .): a page per model with its base run and a\n"
    "what-if panel, a page per data file with its flow indicators for a period and\n"
    "units, a page per sweep folder (samflyt sweep -o) with its report, and a JSON\n"
    "API (docs/api.md). Stop it with Ctrl-C.\n\n"
    "  -p, --port N       port (default 8080; 0: any free port, printed at start)\n"
    "  -l, --listen ADDR  address to listen on (default 127.0.0.1). Any address that\n"
    "                     is not loopback needs an access token\n"
    "      --token T      the access token (default: none on loopback, else a random\n"
    "                     one printed at start); give it once as ?token=T (then a\n"
    "                     cookie) or as the header Authorization: Bearer T\n"
    "  -j, --runs N       simulations and data requests at the same time (default 2);\n"
    "                     more get 503\n"
    "  -t, --threads N    worker threads per simulation (default: the processors)\n";

enum { MAX_BODY = 64 * 1024, MAX_FILES = 2000, MAX_DEPTH = 6 };

typedef struct server {
    char root[PATH_MAX]; /* realpath of DIR */
    const char *dir;     /* as given, for the pages */
    char token[129];     /* "" when none is required */
    int loopback;
    unsigned port;
    int threads;
    sem_t runs;
} server;

/* One request: its body so far. */
typedef struct request {
    char *body;
    size_t len;
    int too_big;
} request;

/* ---- paths -------------------------------------------------------------------- */

static int has_suffix(const char *s, const char *suf) {
    size_t n = strlen(s), k = strlen(suf);
    return n >= k && strcmp(s + n - k, suf) == 0;
}

static int is_model(const char *s) { return has_suffix(s, ".yaml") || has_suffix(s, ".yml"); }
static int is_data(const char *s) {
    return has_suffix(s, ".csv") || has_suffix(s, ".csv.gz") || has_suffix(s, ".ndjson") ||
           has_suffix(s, ".json");
}

/* rel + suffix, a path relative to the served folder, as a real path of a
 * regular file inside it in out; what names the thing asked for in the
 * messages ("file", "sweep folder"). Returns 0, or the status after
 * writing a JSON error to err. */
static int real_file_in(const server *s, const char *rel, const char *suffix, const char *what,
                        char *out, FILE *err) {
    if (!rel || !*rel)
        return serve_json_error(err, 400, "missing ?path=, a %s in the served folder", what);
    if (rel[0] == '/')
        return serve_json_error(err, 403,
                                "an absolute path is not served; give a path "
                                "relative to the served folder");
    for (const char *p = rel; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return serve_json_error(err, 403, "'..' is not served: paths stay in the folder");
        p += n + (p[n] == '/');
    }
    char joined[PATH_MAX * 2];
    if ((size_t)snprintf(joined, sizeof joined, "%s/%s%s", s->root, rel, suffix) >= PATH_MAX)
        return serve_json_error(err, 400, "the path is too long");
    if (!realpath(joined, out))
        return errno == ENOENT || errno == ENOTDIR
                   ? serve_json_error(err, 404, "no %s '%s' in the served folder", what, rel)
                   : serve_json_error(err, 403, "'%s' cannot be read", rel);
    size_t rl = strlen(s->root);
    if (strncmp(out, s->root, rl) != 0 || out[rl] != '/')
        return serve_json_error(err, 403, "'%s' leads out of the served folder", rel);
    struct stat st;
    if (stat(out, &st) || !S_ISREG(st.st_mode))
        return serve_json_error(err, 404, "'%s%s' is not a file", rel, suffix);
    return 0;
}

/* rel as a data file (data) or a model in the served folder, its real
 * path in out. Returns 0, or the status after writing a JSON error. */
static int resolve(const server *s, const char *rel, int data, char *out, FILE *err) {
    int status = real_file_in(s, rel, "", "file", out, err);
    if (status)
        return status;
    if (data && !is_data(out))
        return serve_json_error(err, 404,
                                "'%s' is not a data file (*.csv, *.csv.gz, *.ndjson, *.json)", rel);
    if (!data && !is_model(out))
        return serve_json_error(err, 404, "'%s' is not a model (*.yaml)", rel);
    return 0;
}

/* The folder rel (a path in the served folder; "." the folder itself) as
 * a sweep's: the real path of its sweep.json in out. */
static int resolve_sweep(const server *s, const char *rel, char *out, FILE *err) {
    return real_file_in(s, rel, "/sweep.json", "sweep folder (with a sweep.json)", out, err);
}

/* GET /sweep: the page of the sweep in folder rel, drawn from its
 * sweep.json by the sweep report's code; a damaged file is a JSON error
 * that says where. Returns the status. */
enum { MAX_SWEEP_JSON = 64 * 1024 * 1024 };
static int sweep_page(const server *s, const char *rel, FILE *out) {
    char file[PATH_MAX];
    int status = resolve_sweep(s, rel, file, out);
    if (status)
        return status;
    FILE *in = fopen(file, "rb");
    char *text = NULL;
    size_t len = 0, cap = 0;
    while (in && !ferror(in) && !feof(in) && len <= MAX_SWEEP_JSON) {
        if (cap - len < 65536) {
            char *g = realloc(text, cap = cap * 2 + 65536);
            if (!g)
                break;
            text = g;
        }
        len += fread(text + len, 1, cap - len, in);
    }
    int read_all = in && feof(in) && !ferror(in);
    if (in)
        fclose(in);
    if (!read_all) {
        free(text);
        return len > MAX_SWEEP_JSON
                   ? serve_json_error(out, 413, "'%s/sweep.json' is larger than %d MB", rel,
                                      MAX_SWEEP_JSON >> 20)
                   : serve_json_error(out, 500, "'%s/sweep.json' cannot be read", rel);
    }
    char *page = NULL;
    size_t plen = 0;
    FILE *pf = open_memstream(&page, &plen);
    sf_diag d = {0};
    int rc = pf ? sf_serve_html_sweep(pf, rel, text ? text : "", len, &d) : SF_ERR_NOMEM;
    if (pf)
        fclose(pf);
    free(text);
    if (rc == SF_ERR_SYNTAX)
        status = serve_json_error(out, 422, "%s:%d:%d: %s", d.file, d.line, d.column, d.msg);
    else if (rc)
        status = serve_json_error(out, 500, "the sweep's page could not be written: %s",
                                  sf_strerror(rc));
    else {
        fwrite(page, 1, plen, out);
        status = 200;
    }
    free(page);
    return status;
}

typedef struct listing {
    char **models, **data, **sweeps;
    int nmodels, ndata, nsweeps, total;
} listing;

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files under dir (rel: its path from the root), depth-first; hidden
 * entries skipped, symlinks listed only when they stay inside the root,
 * symlinked folders not entered. */
static void walk(const server *s, const char *rel, int depth, listing *L) {
    char path[PATH_MAX * 2];
    snprintf(path, sizeof path, "%s%s%s", s->root, *rel ? "/" : "", rel);
    DIR *d = opendir(path);
    if (!d)
        return;
    /* a folder samflyt sweep -o wrote (its sweep.json a file, not a link) */
    char sj[PATH_MAX * 2 + 16];
    struct stat sst;
    snprintf(sj, sizeof sj, "%s/sweep.json", path);
    int sweep_dir = !lstat(sj, &sst) && S_ISREG(sst.st_mode);
    if (sweep_dir && L->total < MAX_FILES) {
        char **grown = realloc(L->sweeps, (size_t)(L->nsweeps + 1) * sizeof *grown);
        if (grown) {
            L->sweeps = grown;
            if ((grown[L->nsweeps] = strdup(*rel ? rel : ".")))
                L->nsweeps++, L->total++;
        }
    }
    struct dirent *e;
    while ((e = readdir(d)) && L->total < MAX_FILES) {
        if (e->d_name[0] == '.')
            continue;
        /* a sweep's own tables are its page's, not flow data */
        if (sweep_dir && (!strcmp(e->d_name, "sweep.json") || !strcmp(e->d_name, "sweep.csv")))
            continue;
        char sub[PATH_MAX], full[PATH_MAX * 3], real[PATH_MAX];
        if ((size_t)snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name) >=
            sizeof sub)
            continue;
        snprintf(full, sizeof full, "%s/%s", s->root, sub);
        struct stat st;
        if (lstat(full, &st))
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (depth < MAX_DEPTH)
                walk(s, sub, depth + 1, L);
            continue;
        }
        size_t rl = strlen(s->root);
        if (S_ISLNK(st.st_mode) && (!realpath(full, real) || strncmp(real, s->root, rl) ||
                                    real[rl] != '/' || stat(real, &st) || !S_ISREG(st.st_mode)))
            continue;
        char ***arr = is_model(sub) ? &L->models : is_data(sub) ? &L->data : NULL;
        int *n = is_model(sub) ? &L->nmodels : &L->ndata;
        if (!arr)
            continue;
        char **grown = realloc(*arr, (size_t)(*n + 1) * sizeof **arr);
        if (!grown)
            break;
        *arr = grown;
        if (!(grown[*n] = strdup(sub)))
            break;
        (*n)++;
        L->total++;
    }
    closedir(d);
}

static void listing_free(listing *L) {
    for (int i = 0; i < L->nmodels; i++)
        free(L->models[i]);
    for (int i = 0; i < L->ndata; i++)
        free(L->data[i]);
    for (int i = 0; i < L->nsweeps; i++)
        free(L->sweeps[i]);
    free(L->models);
    free(L->data);
    free(L->sweeps);
}

static int list_files(const server *s, FILE *out, int html) {
    listing L = {0};
    walk(s, "", 0, &L);
    if (L.nmodels)
        qsort(L.models, (size_t)L.nmodels, sizeof *L.models, cmp_str);
    if (L.ndata)
        qsort(L.data, (size_t)L.ndata, sizeof *L.data, cmp_str);
    if (L.nsweeps)
        qsort(L.sweeps, (size_t)L.nsweeps, sizeof *L.sweeps, cmp_str);
    if (html) {
        sf_serve_html_index(out, s->dir, (const char *const *)L.models, L.nmodels,
                            (const char *const *)L.data, L.ndata, (const char *const *)L.sweeps,
                            L.nsweeps);
    } else {
        fputs("{\"models\": [", out);
        for (int i = 0; i < L.nmodels; i++) {
            fputs(i ? ", " : "", out);
            serve_json_str(out, L.models[i]);
        }
        fputs("],\n\"data\": [", out);
        for (int i = 0; i < L.ndata; i++) {
            fputs(i ? ", " : "", out);
            serve_json_str(out, L.data[i]);
        }
        fputs("],\n\"sweeps\": [", out);
        for (int i = 0; i < L.nsweeps; i++) {
            fputs(i ? ", " : "", out);
            serve_json_str(out, L.sweeps[i]);
        }
        fprintf(out, "],\n\"truncated\": %s}\n", L.total >= MAX_FILES ? "true" : "false");
    }
    listing_free(&L);
    return 200;
}

/* ---- access ------------------------------------------------------------------------ */

/* Compares without an early exit, so timing says nothing of the token. */
static int token_eq(const char *a, const char *b) {
    size_t n = strlen(a), m = strlen(b);
    unsigned char diff = n != m;
    for (size_t i = 0; i < m; i++)
        diff |= (unsigned char)(a[i % (n ? n : 1)] ^ b[i]);
    return !diff;
}

/* 1 when the request carries the token: the header, the cookie or the
 * query (*from_query then set, so the answer sets the cookie). */
static int authorised(const server *s, struct MHD_Connection *c, int *from_query) {
    *from_query = 0;
    if (!s->token[0])
        return 1;
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (h && !strncmp(h, "Bearer ", 7) && token_eq(h + 7, s->token))
        return 1;
    const char *k = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "samflyt_token");
    if (k && token_eq(k, s->token))
        return 1;
    const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token");
    if (q && token_eq(q, s->token))
        return *from_query = 1;
    return 0;
}

/* On loopback without a token, a page of another site could reach the
 * server through a DNS name that resolves to 127.0.0.1 (DNS rebinding);
 * the Host header tells: only loopback names are answered. */
static int host_ok(const server *s, struct MHD_Connection *c) {
    if (s->token[0] || !s->loopback)
        return 1;
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
    if (!h)
        return 0;
    static const char *const names[] = {"127.0.0.1", "localhost", "[::1]", NULL};
    for (int i = 0; names[i]; i++) {
        size_t n = strlen(names[i]);
        if (!strncmp(h, names[i], n) && (h[n] == '\0' || h[n] == ':'))
            return 1;
    }
    return 0;
}

/* ---- answering ------------------------------------------------------------------------- */

/* download: a file name to save the answer as (Content-Disposition), or
 * NULL; allow: the method the route takes, for a 405. */
static enum MHD_Result answer(struct MHD_Connection *c, int status, char *buf, size_t len,
                              const char *type, int set_cookie, const server *s,
                              const char *download, const char *allow) {
    struct MHD_Response *r = MHD_create_response_from_buffer(len, buf, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(buf);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'none'; script-src 'unsafe-inline'; style-src "
                            "'unsafe-inline'; img-src data: blob:; connect-src 'self'");
    if (status == 405)
        MHD_add_response_header(r, "Allow", allow && !strcmp(allow, "POST") ? "POST" : "GET, HEAD");
    if (download && status == 200) {
        char disp[200];
        snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", download);
        MHD_add_response_header(r, "Content-Disposition", disp);
    }
    if (status == 503)
        MHD_add_response_header(r, "Retry-After", "2");
    if (set_cookie) {
        char cookie[300];
        snprintf(cookie, sizeof cookie, "samflyt_token=%s; Path=/; HttpOnly; SameSite=Strict",
                 s->token);
        MHD_add_response_header(r, "Set-Cookie", cookie);
    }
    enum MHD_Result rc = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    return rc;
}

typedef enum route {
    R_NONE,
    R_INDEX,
    R_FILES,
    R_MODEL_INFO,
    R_MODEL_PAGE,
    R_WHATIF,
    R_REPORT,
    R_DATA_PAGE,
    R_FLOW,
    R_SWEEP_PAGE
} route;

static route find_route(const char *url, const char **method_wanted) {
    static const struct {
        const char *url, *method;
        route r;
    } routes[] = {{"/", "GET", R_INDEX},
                  {"/api/files", "GET", R_FILES},
                  {"/api/model", "GET", R_MODEL_INFO},
                  {"/model", "GET", R_MODEL_PAGE},
                  {"/api/whatif", "POST", R_WHATIF},
                  {"/api/report", "POST", R_REPORT},
                  {"/data", "GET", R_DATA_PAGE},
                  {"/api/flow", "GET", R_FLOW},
                  {"/sweep", "GET", R_SWEEP_PAGE}};
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++)
        if (!strcmp(url, routes[i].url)) {
            *method_wanted = routes[i].method;
            return routes[i].r;
        }
    return R_NONE;
}

static int resolve_cb(const void *ctx, const char *rel, char *out, FILE *err) {
    return resolve(ctx, rel, 0, out, err);
}

/* The cancel hook of a request's runs (serve_run): has the client gone
 * away? With a thread per connection, the handler holds the connection's
 * thread while it runs, so libmicrohttpd reads nothing from the socket
 * and cannot tell (its completion notice comes only after the handler
 * returns): the socket itself is asked, without waiting. A read of 0
 * bytes is the client's close (a whole request was read already, so
 * what is left is the end or a pipelined request); an error other than
 * "nothing yet" a reset. */
static int client_gone(void *user) {
    const int *fd = user;
    char b;
    ssize_t n = recv(*fd, &b, 1, MSG_PEEK | MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

static int busy(FILE *out) {
    return serve_json_error(out, 503,
                            "the server is running as many simulations as it may; try again in "
                            "a moment");
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *upload,
                               size_t *upload_size, void **con_cls) {
    (void)version;
    server *s = cls;
    request *rq = *con_cls;
    if (!rq) {
        if (!(rq = calloc(1, sizeof *rq)))
            return MHD_NO;
        *con_cls = rq;
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        /* Refused before the body is read: a client announcing gigabytes
         * gets its 413 (or 401) now, and the connection is closed. */
        if (!cl || strtoull(cl, NULL, 10) <= MAX_BODY)
            return MHD_YES;
        rq->too_big = 1;
    } else if (*upload_size) {
        if (!rq->too_big && rq->len + *upload_size <= MAX_BODY) {
            char *b = realloc(rq->body, rq->len + *upload_size + 1);
            if (!b)
                return MHD_NO;
            memcpy(b + rq->len, upload, *upload_size);
            rq->body = b;
            rq->len += *upload_size;
            b[rq->len] = '\0';
        } else
            rq->too_big = 1;
        *upload_size = 0;
        return MHD_YES;
    }
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    int fd = ci ? ci->connect_fd : -1;
    serve_run run = {s->threads, fd >= 0 ? client_gone : NULL, &fd,
                     MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Language")};
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    if (!out)
        return MHD_NO;
    const char *type = "application/json", *download = NULL;
    int status, from_query = 0;
    const char *want = NULL;
    route r = find_route(url, &want);
    if (!host_ok(s, c))
        status = serve_json_error(out, 403, "the Host header is not a loopback name");
    else if (!authorised(s, c, &from_query))
        status = serve_json_error(out, 401,
                                  "this server needs its access token: open the address it "
                                  "printed at start (?token=...) or send Authorization: Bearer");
    else if (rq->too_big)
        status = serve_json_error(out, 413, "the request body is larger than %d bytes", MAX_BODY);
    else if (r == R_NONE)
        status = serve_json_error(out, 404, "no such page or API: %s", url);
    else if (strcmp(method, want) && !(strcmp(want, "POST") && !strcmp(method, "HEAD")))
        status = serve_json_error(out, 405, "%s takes %s, not %s", url, want, method);
    else if (r == R_SWEEP_PAGE) {
        status = sweep_page(s, MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "path"), out);
        if (status == 200)
            type = "text/html; charset=utf-8";
    } else if (r == R_INDEX || r == R_FILES) {
        status = list_files(s, out, r == R_INDEX);
        if (r == R_INDEX)
            type = "text/html; charset=utf-8";
    } else {
        char file[PATH_MAX];
        const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
        if ((r == R_WHATIF || r == R_REPORT) && (!ct || strncmp(ct, "application/json", 16)))
            status = serve_json_error(out, 400,
                                      "send the %s as Content-Type: "
                                      "application/json",
                                      r == R_WHATIF ? "what-if" : "report's variants");
        else if (r == R_WHATIF || r == R_REPORT) {
            if (sem_trywait(&s->runs))
                status = busy(out);
            else {
                status = (r == R_WHATIF ? serve_whatif : serve_report)(
                    resolve_cb, s, rq->body ? rq->body : "", rq->len, &run, out);
                sem_post(&s->runs);
                if (r == R_REPORT && status == 200) {
                    type = "text/html; charset=utf-8";
                    download = "report.html";
                }
            }
        } else if (r == R_DATA_PAGE || r == R_FLOW) {
            const char *p = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "path");
            serve_flow_query q;
            const char **field[] = {&q.from, &q.to, &q.unit, &q.preset, &q.map, &q.tz};
            static const char *const name[] = {"from", "to", "unit", "preset", "map", "tz"};
            for (size_t k = 0; k < sizeof field / sizeof *field; k++)
                *field[k] = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name[k]);
            q.accept_language = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Language");
            if (r == R_DATA_PAGE)
                type = "text/html; charset=utf-8";
            /* a path refused is a JSON error on either route: no page to show it in */
            if ((status = resolve(s, p, 1, file, out)))
                type = "application/json";
            else if (sem_trywait(&s->runs)) {
                status = busy(out);
                type = "application/json";
            } else {
                status = serve_flow(file, p, &q, &run, r == R_DATA_PAGE, out);
                sem_post(&s->runs);
            }
        } else {
            const char *p = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "path");
            if (!(status = resolve(s, p, 0, file, out))) {
                if (r == R_MODEL_INFO)
                    status = serve_model_info(file, p, out);
                else if (sem_trywait(&s->runs))
                    status = busy(out);
                else {
                    status = serve_model_page(
                        file, p, &run,
                        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Language"), out);
                    sem_post(&s->runs);
                    if (status == 200)
                        type = "text/html; charset=utf-8";
                }
            }
        }
    }
    if (fclose(out)) {
        free(buf);
        return MHD_NO;
    }
    char shown[300];
    snprintf(shown, sizeof shown, "%s %s", method, url);
    serve_clean_text(shown);
    fprintf(stderr, "%s %d%s\n", shown, status,
            status == SERVE_GONE ? " (the client went away: run stopped)" : "");
    if (status == SERVE_GONE) {
        free(buf);
        return MHD_NO; /* no one to answer: the connection is closed */
    }
    return answer(c, status, buf, len, type, from_query, s, download, want);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode code) {
    (void)cls, (void)c, (void)code;
    request *rq = *con_cls;
    if (rq) {
        free(rq->body);
        free(rq);
    }
    *con_cls = NULL;
}

/* ---- the command ------------------------------------------------------------------------ */

static int new_token(char *buf, size_t size) {
    unsigned char raw[24];
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0 || read(fd, raw, sizeof raw) != (ssize_t)sizeof raw) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    close(fd);
    for (size_t i = 0; i < sizeof raw && 2 * i + 2 < size; i++)
        snprintf(buf + 2 * i, 3, "%02x", raw[i]);
    return 0;
}

int cli_serve(int argc, char **argv) {
    static const struct option opts[] = {{"port", required_argument, 0, 'p'},
                                         {"listen", required_argument, 0, 'l'},
                                         {"token", required_argument, 0, 'T'},
                                         {"runs", required_argument, 0, 'j'},
                                         {"threads", required_argument, 0, 't'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    static server s; /* the daemon's threads use it until exit */
    const char *listen = "127.0.0.1", *token = NULL;
    long port = 8080, runs = 2, threads = sysconf(_SC_NPROCESSORS_ONLN);
    int c;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, "p:l:j:t:h", opts, NULL)) != -1) {
        switch (c) {
        case 'p':
            port = strtol(optarg, &end, 10);
            if (*end || end == optarg || port < 0 || port > 65535) {
                fprintf(stderr, "samflyt serve: --port %s: expected a port 0..65535\n", optarg);
                return 2;
            }
            break;
        case 'l': listen = optarg; break;
        case 'T': token = optarg; break;
        case 'j':
        case 't': {
            long v = strtol(optarg, &end, 10);
            if (*end || end == optarg || v < 1 || v > 64) {
                fprintf(stderr, "samflyt serve: --%s %s: expected a whole number 1..64\n",
                        c == 'j' ? "runs" : "threads", optarg);
                return 2;
            }
            *(c == 'j' ? &runs : &threads) = v;
            break;
        }
        case 'h': fputs(serve_usage, stdout); return 0;
        default:
            if (c == '?')
                cli_suggest_option("serve", argv, opts);
            fputs(serve_usage, stderr);
            return 2;
        }
    }
    if (argc - optind > 1) {
        fputs(serve_usage, stderr);
        return 2;
    }
    s.dir = optind < argc ? argv[optind] : ".";
    struct stat st;
    if (!realpath(s.dir, s.root) || stat(s.root, &st)) {
        fprintf(stderr, "samflyt serve: %s: %s\n", s.dir, strerror(errno));
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        fprintf(stderr, "samflyt serve: %s: not a folder; give the folder of the models\n", s.dir);
        return 1;
    }
    s.threads = threads < 1 ? 1 : (int)threads;
    struct sockaddr_in6 a6 = {0};
    struct sockaddr_in a4 = {0};
    const struct sockaddr *sa;
    /* A thread per connection: a long run holds its own thread only, so
     * every other request (and a 503 beyond --runs) is answered at once. */
    unsigned flags =
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ERROR_LOG;
    if (inet_pton(AF_INET, listen, &a4.sin_addr) == 1) {
        a4.sin_family = AF_INET;
        a4.sin_port = htons((uint16_t)port);
        sa = (const struct sockaddr *)&a4;
        s.loopback = (ntohl(a4.sin_addr.s_addr) >> 24) == 127;
    } else if (inet_pton(AF_INET6, listen, &a6.sin6_addr) == 1) {
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons((uint16_t)port);
        sa = (const struct sockaddr *)&a6;
        s.loopback = IN6_IS_ADDR_LOOPBACK(&a6.sin6_addr);
        flags |= MHD_USE_IPv6;
    } else {
        fprintf(stderr,
                "samflyt serve: --listen %s: expected an IP address such as 127.0.0.1 or "
                "0.0.0.0\n",
                listen);
        return 2;
    }
    if (token) {
        if (strlen(token) < 8 || strlen(token) >= sizeof s.token) {
            fputs("samflyt serve: --token: give 8 to 128 characters\n", stderr);
            return 2;
        }
        snprintf(s.token, sizeof s.token, "%s", token);
    } else if (!s.loopback && new_token(s.token, sizeof s.token)) {
        fputs("samflyt serve: cannot read /dev/urandom for an access token\n", stderr);
        return 1;
    }
    if (sem_init(&s.runs, 0, (unsigned)runs)) {
        perror("samflyt serve");
        return 1;
    }
    /* The daemon's threads inherit this mask, so SIGINT and SIGTERM reach
     * sigwait below. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    struct MHD_Daemon *d =
        MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, handler, &s, MHD_OPTION_SOCK_ADDR, sa,
                         MHD_OPTION_CONNECTION_LIMIT, (unsigned)200, MHD_OPTION_CONNECTION_TIMEOUT,
                         (unsigned)30, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
                         MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "samflyt serve: cannot listen on %s port %ld (in use, or not allowed)\n",
                listen, port);
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    s.port = info ? info->port : (unsigned)port;
    const char *host = s.loopback && sa->sa_family == AF_INET ? listen : "127.0.0.1";
    if (sa->sa_family == AF_INET6)
        host = s.loopback ? "[::1]" : "localhost";
    else if (!s.loopback)
        host = strcmp(listen, "0.0.0.0") ? listen : "localhost";
    printf("samflyt serve: %s on port %u\n", s.root, s.port);
    if (s.token[0])
        printf("open http://%s:%u/?token=%s\n", host, s.port, s.token);
    else
        printf("open http://%s:%u/\n", host, s.port);
    fflush(stdout);
    int sig;
    sigwait(&sigs, &sig);
    MHD_stop_daemon(d);
    serve_whatif_cleanup();
    serve_flow_cleanup();
    sem_destroy(&s.runs);
    return 0;
}
