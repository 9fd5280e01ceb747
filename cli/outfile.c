/* outfile.c: the output set every writer of the samflyt command uses
 * (outfile.h): staged files under temporary names, renamed into place only
 * when all of them were written completely; inputs are never outputs.
 *
 * Why not build the folder under a temporary name and rename it over the
 * old one: an output folder may also hold other files, even the data read
 * (`samflyt flow data/x.csv --out data`) or be ".", and replacing it would
 * remove them. Staging each file beside its final name keeps every other
 * file, and the renames at the end take microseconds, so a run leaves
 * either all the previous files or all the new ones.
 *
 * No fsync: the set is whole or absent for every reader as long as the
 * system runs (a kill, Ctrl-C, a full disk, a write error), which rename
 * after a complete write gives without it. fsync adds durability across a
 * power cut or a kernel crash, at the price of a disk flush per file and
 * one for the folder: 7 flushes for `samflyt run`, 1-15 ms on the bench
 * machine depending on the disk's other traffic, on every run (what-if
 * servers run the command per request). Every output is derived from its
 * inputs and reproducible (same seed, same files), so after a power cut
 * the remedy is to run the command again; on ext4 (data=ordered, the
 * default) a file renamed over an existing one is flushed before the
 * rename anyway, and on XFS a file written in the last seconds before a
 * power cut can be left empty. bench/README.md, "Start-up".
 *
 * Streams write through a small cookie (fopencookie) that keeps the first
 * errno of a failed write(2): stdio's error flag forgets the reason, and a
 * planner needs "No space left on device", not "error writing". */
#define _GNU_SOURCE /* fopencookie */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* A CSV rewritten for a Nordic Excel on its way out (--csv excel): fields
 * are collected one by one (RFC 4180 quoting followed), then written with
 * ';' between them, a decimal comma in numbers and CRLF line ends, after a
 * UTF-8 byte-order mark. */
typedef struct excel_csv {
    char *field; /* the field so far, as the writer wrote it */
    size_t len, cap;
    int inq, quoted; /* inside quotes; the field began with a quote */
    int bom;         /* the mark is written */
    char out[8192];  /* what goes to the file, in blocks */
    size_t nout;
} excel_csv;

typedef struct out_cookie {
    int fd;
    int err;        /* the first errno of a failed write or close */
    excel_csv *csv; /* NULL: bytes pass as written */
} out_cookie;

typedef struct out_file {
    char *shown; /* the path as the user gave it, for messages */
    char *canon; /* realpath of its folder + "/" + name: finds duplicates */
    char *tmp;   /* the temporary name; NULL when written directly */
    FILE *f;
    out_cookie *ck;
} out_file;

typedef struct out_input {
    char *path;
    dev_t dev;
    ino_t ino;
} out_input;

struct cli_outset {
    const char *cmd;
    int csv_excel; /* --csv excel: every *.csv through excel_csv */
    mode_t mode;   /* 0666 less the umask, as fopen would create */
    out_file *files;
    int nfiles, capfiles;
    out_input *inputs;
    int ninputs, capinputs;
};

static const char tmp_suffix[] = ".tmp-XXXXXX";

/* ---- Ctrl-C and kill: the temporary files go with the process ----------------
 * The one piece of global state: a signal handler can reach nothing else.
 * Staging happens before a long simulation (the trace), so an interrupted
 * run would otherwise leave NAME.tmp-XXXXXX behind. The list changes with
 * the signals blocked; the handler only calls unlink, which is safe there.
 * SIGKILL cannot be caught: then the temporary files stay, under names no
 * reader takes for results, and the previous files are intact. */
enum { PENDING_MAX = 256 };
static const char *volatile pending[PENDING_MAX];

static void on_signal(int sig) {
    for (int i = 0; i < PENDING_MAX; i++)
        if (pending[i])
            unlink(pending[i]);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void pending_set(const char *old, const char *tmp) {
    sigset_t all, prev;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &prev);
    for (int i = 0; i < PENDING_MAX; i++)
        if (pending[i] == old) {
            pending[i] = tmp;
            break;
        }
    sigprocmask(SIG_SETMASK, &prev, NULL);
}

static void catch_signals(void) {
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa, old;
        if (sigaction(sigs[i], NULL, &old) || old.sa_handler == SIG_IGN)
            continue; /* nohup: stay ignored */
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigfillset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
}

cli_outset *cli_outset_new(const char *cmd) {
    cli_outset *s = calloc(1, sizeof *s);
    if (!s) {
        fprintf(stderr, "%s: out of memory\n", cmd);
        return NULL;
    }
    s->cmd = cmd;
    mode_t mask = umask(022);
    umask(mask);
    s->mode = 0666 & ~mask;
    catch_signals();
    return s;
}

static void file_drop(out_file *o) {
    if (o->f)
        fclose(o->f);
    if (o->tmp) {
        unlink(o->tmp);
        pending_set(o->tmp, NULL);
    }
    free(o->shown);
    free(o->canon);
    free(o->tmp);
    if (o->ck && o->ck->csv) {
        free(o->ck->csv->field);
        free(o->ck->csv);
    }
    free(o->ck);
    memset(o, 0, sizeof *o);
}

static void drop_all(cli_outset *s) {
    for (int i = 0; i < s->nfiles; i++)
        file_drop(&s->files[i]);
    s->nfiles = 0;
}

void cli_outset_free(cli_outset *s) {
    if (!s)
        return;
    drop_all(s);
    for (int i = 0; i < s->ninputs; i++)
        free(s->inputs[i].path);
    free(s->files);
    free(s->inputs);
    free(s);
}

void cli_outset_input(cli_outset *s, const char *path) {
    struct stat st;
    if (stat(path, &st) || !S_ISREG(st.st_mode))
        return;
    if (s->ninputs == s->capinputs) {
        int cap = s->capinputs ? 2 * s->capinputs : 8;
        out_input *p = realloc(s->inputs, (size_t)cap * sizeof *p);
        if (!p)
            return; /* the check is a safeguard; the run itself does not need it */
        s->inputs = p;
        s->capinputs = cap;
    }
    char *copy = strdup(path);
    if (!copy)
        return;
    s->inputs[s->ninputs++] = (out_input){copy, st.st_dev, st.st_ino};
}

/* The input that path is (same device and inode), or NULL. */
static const char *is_input(const cli_outset *s, const char *path) {
    struct stat st;
    if (stat(path, &st))
        return NULL;
    for (int i = 0; i < s->ninputs; i++)
        if (s->inputs[i].dev == st.st_dev && s->inputs[i].ino == st.st_ino)
            return s->inputs[i].path;
    return NULL;
}

int cli_outset_check(cli_outset *s, const char *path) {
    size_t n = strlen(path);
    if (n + sizeof tmp_suffix > PATH_MAX) {
        fprintf(stderr, "%s: output path too long (%zu characters; at most %zu): %.60s...\n",
                s->cmd, n, (size_t)PATH_MAX - sizeof tmp_suffix, path);
        return 2;
    }
    if (!*path) {
        fprintf(stderr, "%s: an output name is empty\n", s->cmd);
        return 2;
    }
    const char *in = is_input(s, path);
    if (in) {
        fprintf(stderr,
                "%s: refusing to write %s: it is the input %s; choose another output name\n",
                s->cmd, path, in);
        return 2;
    }
    return 0;
}

int cli_outset_check_dir(cli_outset *s, const char *dir, const char *const *names) {
    char path[PATH_MAX + 64];
    for (int i = 0; names[i]; i++) {
        if (strlen(dir) + strlen(names[i]) + 1 + sizeof tmp_suffix > PATH_MAX) {
            fprintf(stderr,
                    "%s: output folder name too long (%zu characters; with the file names it "
                    "must stay under %d): %.60s...\n",
                    s->cmd, strlen(dir), PATH_MAX, dir);
            return 2;
        }
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        int rc = cli_outset_check(s, path);
        if (rc)
            return rc;
    }
    return 0;
}

int cli_outset_mkdir(cli_outset *s, const char *dir) {
    char buf[PATH_MAX];
    if (snprintf(buf, sizeof buf, "%s", dir) >= (int)sizeof buf) {
        fprintf(stderr, "%s: output folder name too long (%zu characters): %.60s...\n", s->cmd,
                strlen(dir), dir);
        return 1;
    }
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0777) && errno != EEXIST)
                goto fail;
            *p = '/';
        }
    if (mkdir(buf, 0777) && errno != EEXIST)
        goto fail;
    struct stat st;
    if (stat(dir, &st))
        goto fail;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        goto fail;
    }
    return 0;
fail:
    fprintf(stderr, "%s: cannot create folder %s: %s\n", s->cmd, buf, strerror(errno));
    return 1;
}

/* ---- streams that remember why a write failed ------------------------------ */

static int fd_write(out_cookie *k, const char *buf, size_t n);

/* ---- --csv excel: ';', decimal comma, BOM, CRLF -------------------------- */

static void xl_put(out_cookie *k, const char *s, size_t n) {
    excel_csv *x = k->csv;
    for (size_t i = 0; i < n; i++) {
        if (x->nout == sizeof x->out) {
            fd_write(k, x->out, x->nout);
            x->nout = 0;
        }
        x->out[x->nout++] = s[i];
    }
}

/* A number as samflyt writes one (%.12g, an integer): sign, digits with
 * at most one '.', an exponent; no date or name passes. */
static int xl_is_number(const char *s, size_t n) {
    size_t i = 0, digits = 0;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        i++;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
        digits++;
    if (i < n && s[i] == '.')
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            digits++;
    if (!digits)
        return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '-' || s[i] == '+'))
            i++;
        if (i == n || s[i] < '0' || s[i] > '9')
            return 0;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
    }
    return i == n;
}

/* A text cell Excel would read as a formula: one that begins with '=',
 * '+', '-', '@', TAB or CR (OWASP, "CSV Injection"). A number such as
 * -1.5 is not text and passes as a number. */
static int xl_is_formula(const char *s, size_t n) {
    return n && s[0] && strchr("=+-@\t\r", s[0]) && !xl_is_number(s, n);
}

/* Every text cell leaves here: the one place that keeps a name from a
 * model or data file (a unit called =HYPERLINK(...)) from running as a
 * formula. Such a cell is written quoted with a leading ', which Excel
 * shows as the text itself. */
static void xl_field_end(out_cookie *k) {
    excel_csv *x = k->csv;
    if (x->quoted && x->len >= 2 && xl_is_formula(x->field + 1, x->len - 2)) {
        xl_put(k, "\"'", 2); /* the writer's own quoting after the ' */
        xl_put(k, x->field + 1, x->len - 1);
    } else if (x->quoted) {
        xl_put(k, x->field, x->len); /* quotes as written: ';' inside is safe */
    } else if (xl_is_formula(x->field, x->len)) {
        xl_put(k, "\"'", 2);
        for (size_t i = 0; i < x->len; i++)
            xl_put(k, x->field[i] == '"' ? "\"\"" : x->field + i, x->field[i] == '"' ? 2 : 1);
        xl_put(k, "\"", 1);
    } else if (xl_is_number(x->field, x->len)) {
        for (size_t i = 0; i < x->len; i++)
            xl_put(k, x->field[i] == '.' ? "," : x->field + i, 1);
    } else if (memchr(x->field, ';', x->len)) {
        xl_put(k, "\"", 1);
        for (size_t i = 0; i < x->len; i++)
            xl_put(k, x->field[i] == '"' ? "\"\"" : x->field + i, x->field[i] == '"' ? 2 : 1);
        xl_put(k, "\"", 1);
    } else {
        xl_put(k, x->field, x->len);
    }
    x->len = 0;
    x->quoted = x->inq = 0;
}

/* Takes n bytes of the CSV; -1 when out of memory. */
static int xl_write(out_cookie *k, const char *buf, size_t n) {
    excel_csv *x = k->csv;
    if (!x->bom) {
        xl_put(k, "\xEF\xBB\xBF", 3);
        x->bom = 1;
    }
    for (size_t i = 0; i < n; i++) {
        char c = buf[i];
        if (!x->inq && (c == ',' || c == '\n')) {
            xl_field_end(k);
            xl_put(k, c == ',' ? ";" : "\r\n", c == ',' ? 1 : 2);
            continue;
        }
        if (c == '"' && (x->inq || x->quoted || !x->len)) {
            /* opens the field, closes the quotes, or ("" inside) reopens them */
            x->quoted = 1;
            x->inq = !x->inq;
        }
        if (x->len + 1 >= x->cap) {
            size_t cap = x->cap ? 2 * x->cap : 256;
            char *p = realloc(x->field, cap);
            if (!p)
                return -1;
            x->field = p;
            x->cap = cap;
        }
        x->field[x->len++] = c;
    }
    fd_write(k, x->out, x->nout);
    x->nout = 0;
    return 0;
}

static ssize_t cookie_write(void *c, const char *buf, size_t n) {
    out_cookie *k = c;
    if (k->csv) {
        if (xl_write(k, buf, n) && !k->err)
            k->err = ENOMEM;
        return k->err ? -1 : (ssize_t)n;
    }
    return fd_write(k, buf, n) ? -1 : (ssize_t)n;
}

/* 0, or -1 with k->err set. */
static int fd_write(out_cookie *k, const char *buf, size_t n) {
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(k->fd, buf + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (!k->err)
                k->err = w < 0 ? errno : EIO;
            return -1; /* stdio sets the stream's error flag */
        }
        done += (size_t)w;
    }
    return 0;
}

static int cookie_close(void *c) {
    out_cookie *k = c;
    if (k->csv) {
        /* the last field when the file does not end with a line break */
        if (!k->err && xl_write(k, "", 0) == 0 && (k->csv->len || k->csv->quoted))
            xl_field_end(k);
        if (!k->err && k->csv->nout)
            fd_write(k, k->csv->out, k->csv->nout);
        free(k->csv->field);
        free(k->csv);
        k->csv = NULL;
    }
    if (close(k->fd) && !k->err)
        k->err = errno;
    return k->err ? -1 : 0;
}

static FILE *cookie_open(out_cookie *k) {
    cookie_io_functions_t io = {.write = cookie_write, .close = cookie_close};
    FILE *f = fopencookie(k, "w", io);
    if (f)
        setvbuf(f, NULL, _IOFBF, 1 << 16);
    return f;
}

/* ---- staging ------------------------------------------------------------------ */

static int add_fail(cli_outset *s, const char *path, int err) {
    fprintf(stderr, "%s: cannot write %s: %s\n", s->cmd, path, strerror(err));
    return -1;
}

/* Fills o for path: its canonical name, a temporary file beside it (or
 * the path itself when it is a device or a pipe), and the stream. */
static int stage(cli_outset *s, out_file *o, const char *path) {
    if (!(o->shown = strdup(path)))
        return add_fail(s, path, ENOMEM);
    /* an existing symlink is followed: its target is replaced */
    char real[PATH_MAX];
    const char *target = path;
    struct stat st;
    int exists = !stat(path, &st);
    if (exists && realpath(path, real))
        target = real;
    if (exists && S_ISDIR(st.st_mode))
        return add_fail(s, path, EISDIR);
    /* a file the user may not write stays so, though a rename could replace it */
    if (exists && access(target, W_OK))
        return add_fail(s, path, errno);
    const char *slash = strrchr(target, '/');
    char dir[PATH_MAX], dirreal[PATH_MAX];
    const char *name = slash ? slash + 1 : target;
    if (slash == target)
        snprintf(dir, sizeof dir, "/");
    else if (slash)
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - target), target);
    else
        snprintf(dir, sizeof dir, ".");
    if (!*name)
        return add_fail(s, path, EISDIR);
    if (!realpath(dir, dirreal))
        return add_fail(s, path, errno);
    size_t cn = strlen(dirreal) + strlen(name) + 2;
    if (cn + sizeof tmp_suffix > PATH_MAX)
        return add_fail(s, path, ENAMETOOLONG);
    if (!(o->canon = malloc(cn)))
        return add_fail(s, path, ENOMEM);
    snprintf(o->canon, cn, "%s/%s", strcmp(dirreal, "/") ? dirreal : "", name);
    const char *in = is_input(s, path);
    if (in) {
        fprintf(stderr,
                "%s: refusing to write %s: it is the input %s; choose another output name\n",
                s->cmd, path, in);
        return -1;
    }
    for (int i = 0; i < s->nfiles; i++)
        if (!strcmp(s->files[i].canon, o->canon)) {
            fprintf(stderr, "%s: %s would be written twice (also as %s); choose another name\n",
                    s->cmd, path, s->files[i].shown);
            return -1;
        }
    if (!(o->ck = calloc(1, sizeof *o->ck)))
        return add_fail(s, path, ENOMEM);
    o->ck->fd = -1;
    if (exists && !S_ISREG(st.st_mode)) {
        /* a device or a pipe: nothing to replace, write it directly */
        o->ck->fd = open(target, O_WRONLY | O_TRUNC | O_CLOEXEC);
        if (o->ck->fd < 0)
            return add_fail(s, path, errno);
    } else {
        if (!(o->tmp = malloc(cn + sizeof tmp_suffix)))
            return add_fail(s, path, ENOMEM);
        snprintf(o->tmp, cn + sizeof tmp_suffix, "%s%s", o->canon, tmp_suffix);
        pending_set(NULL, o->tmp); /* before it exists: a signal may come */
        o->ck->fd = mkostemp(o->tmp, O_CLOEXEC);
        if (o->ck->fd < 0) {
            pending_set(o->tmp, NULL);
            int e = errno;
            free(o->tmp);
            o->tmp = NULL;
            return add_fail(s, path, e);
        }
        /* mkstemp makes 0600; give it the mode fopen would, or keep the old */
        if (fchmod(o->ck->fd, exists ? st.st_mode & 07777 : s->mode))
            return add_fail(s, path, errno);
    }
    size_t pl = strlen(path);
    if (s->csv_excel && pl > 4 && !strcasecmp(path + pl - 4, ".csv") &&
        !(o->ck->csv = calloc(1, sizeof *o->ck->csv)))
        return add_fail(s, path, ENOMEM);
    if (!(o->f = cookie_open(o->ck)))
        return add_fail(s, path, errno);
    return 0;
}

void cli_outset_csv_excel(cli_outset *s, int on) { s->csv_excel = on; }

int cli_csv_option(const char *cmd, const char *arg, int *excel) {
    if (!strcmp(arg, "excel") || !strcmp(arg, "plain")) {
        *excel = !strcmp(arg, "excel");
        return 0;
    }
    fprintf(stderr, "%s: --csv wants excel or plain, got '%s'\n", cmd, arg);
    return 2;
}

FILE *cli_outset_add(cli_outset *s, const char *dir, const char *name) {
    char path[PATH_MAX + 64];
    if (dir && snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) {
        add_fail(s, dir, ENAMETOOLONG);
        return NULL;
    }
    if (s->nfiles == s->capfiles) {
        int cap = s->capfiles ? 2 * s->capfiles : 8;
        out_file *p = realloc(s->files, (size_t)cap * sizeof *p);
        if (!p) {
            add_fail(s, dir ? path : name, ENOMEM);
            return NULL;
        }
        s->files = p;
        s->capfiles = cap;
    }
    out_file *o = &s->files[s->nfiles];
    memset(o, 0, sizeof *o);
    if (stage(s, o, dir ? path : name)) {
        if (o->ck && !o->f && o->ck->fd >= 0)
            close(o->ck->fd); /* file_drop removes the temporary file */
        file_drop(o);
        return NULL;
    }
    s->nfiles++;
    return o->f;
}

/* The reason a file failed: the write's own errno when there was one. */
static int reason(const out_file *o, int err) { return o->ck->err ? o->ck->err : err ? err : EIO; }

const char *cli_outset_staged(cli_outset *s, FILE *f) {
    for (int i = 0; i < s->nfiles; i++) {
        out_file *o = &s->files[i];
        if (o->f != f)
            continue;
        if (fflush(f) || ferror(f)) {
            fprintf(stderr, "%s: cannot write %s: %s\n", s->cmd, o->shown,
                    strerror(reason(o, errno)));
            return NULL;
        }
        return o->tmp ? o->tmp : o->shown;
    }
    return NULL;
}

int cli_outset_commit(cli_outset *s) {
    /* 1: every file written out and closed, or none is renamed (no fsync:
     * see the top) */
    int bad = -1, err = 0;
    for (int i = 0; i < s->nfiles; i++) {
        out_file *o = &s->files[i];
        errno = 0;
        int e = fflush(o->f) || ferror(o->f);
        if (!e && fclose(o->f))
            e = 1;
        else if (e)
            fclose(o->f);
        o->f = NULL;
        if (e && bad < 0) {
            bad = i;
            err = reason(o, errno);
        }
    }
    if (bad >= 0) {
        fprintf(stderr, "%s: cannot write %s: %s%s\n", s->cmd, s->files[bad].shown, strerror(err),
                s->nfiles > 1 ? " (no file of this run was written; the previous ones are kept)"
                              : "");
        drop_all(s);
        return 1;
    }
    /* 2: into place; a rename within a folder does not run out of space,
     * and Ctrl-C waits until the set is whole */
    sigset_t all, prev;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &prev);
    for (int i = 0; i < s->nfiles; i++) {
        out_file *o = &s->files[i];
        if (!o->tmp)
            continue;
        if (rename(o->tmp, o->canon)) {
            fprintf(stderr, "%s: cannot write %s: %s\n", s->cmd, o->shown, strerror(errno));
            drop_all(s);
            sigprocmask(SIG_SETMASK, &prev, NULL);
            return 1;
        }
        pending_set(o->tmp, NULL);
        free(o->tmp);
        o->tmp = NULL;
    }
    sigprocmask(SIG_SETMASK, &prev, NULL);
    drop_all(s);
    return 0;
}

void cli_safe_name(char *buf, size_t size, const char *name) {
    if (!size)
        return;
    if (!name || !*name)
        name = "model";
    size_t i = 0;
    for (; name[i] && i + 1 < size; i++) {
        unsigned char c = (unsigned char)name[i];
        buf[i] =
            c == '/' || c == '\\' || c < 0x20 || c == 0x7f || (i == 0 && c == '.') ? '_' : (char)c;
    }
    buf[i] = '\0';
}
