/* diag.c: error codes and diagnostics shared by every module. */
#include "core/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *sf_strerror(int code) {
    switch (code) {
    case SF_OK: return "success";
    case SF_ERR_NOMEM: return "out of memory";
    case SF_ERR_IO: return "input/output error";
    case SF_ERR_SYNTAX: return "syntax error";
    case SF_ERR_MODEL: return "invalid model";
    case SF_ERR_ARG: return "invalid argument";
    case SF_ERR_THREAD: return "could not start a thread";
    case SF_ERR_CANCELLED: return "cancelled";
    default: return "unknown error";
    }
}

int sf_diag_set(sf_diag *d, int code, const char *file, int line, int column, const char *fmt,
                ...) {
    if (!d)
        return code;
    snprintf(d->file, sizeof d->file, "%s", file ? file : "");
    d->line = line;
    d->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
    return code;
}

void sf_diag_format(const sf_diag *d, char *buf, size_t size) {
    if (!size)
        return;
    if (d->file[0] && d->line > 0 && d->column > 0)
        snprintf(buf, size, "%s:%d:%d: %s", d->file, d->line, d->column, d->msg);
    else if (d->file[0] && d->line > 0)
        snprintf(buf, size, "%s:%d: %s", d->file, d->line, d->msg);
    else if (d->file[0])
        snprintf(buf, size, "%s: %s", d->file, d->msg);
    else
        snprintf(buf, size, "%s", d->msg);
}
