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
