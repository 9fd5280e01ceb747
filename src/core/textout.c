/* textout.c: CSV and JSON field writers shared by every output (textout.h). */
#include "core/textout.h"

#include <math.h>
#include <string.h>

void sf_csv_str(FILE *f, const char *s) {
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    putc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', f);
        putc(*s, f);
    }
    putc('"', f);
}

void sf_csv_num(FILE *f, double x) {
    if (isfinite(x))
        fprintf(f, "%.12g", x);
}

void sf_json_str(FILE *f, const char *s) {
    putc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            putc(*p, f);
    }
    putc('"', f);
}

void sf_json_num(FILE *f, double x) {
    if (isfinite(x))
        fprintf(f, "%.12g", x);
    else
        fputs("null", f);
}

void sf_html_str(FILE *f, const char *s) {
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    }
}
