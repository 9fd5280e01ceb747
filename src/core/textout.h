/* textout.h: the small writers every CSV, JSON and HTML output shares (results,
 * compare, trace, flow metrics, calibration), so quoting and the spelling
 * of missing numbers are the same in every file samflyt writes. */
#ifndef SF_TEXTOUT_H
#define SF_TEXTOUT_H

#include <stddef.h>
#include <stdio.h>

/* A CSV field (RFC 4180): as is, or quoted with "" for a quote when it
 * holds a comma, quote or line break. */
void sf_csv_str(FILE *f, const char *s);
/* A number with 12 significant digits; nothing (an empty field) when it
 * is NaN or infinite. */
void sf_csv_num(FILE *f, double x);
/* A JSON string: quotes, backslashes and control characters escaped. */
void sf_json_str(FILE *f, const char *s);
/* A JSON number with 12 significant digits; null when NaN or infinite. */
void sf_json_num(FILE *f, double x);
/* Text inside HTML (and SVG): & < > " ' escaped. */
void sf_html_str(FILE *f, const char *s);

/* The length of the valid UTF-8 sequence at s (n > 0 bytes left): 1 to
 * 4, or 0 when invalid (overlong, a surrogate, beyond U+10FFFF, cut
 * short). The JSON and CSV readers both check text with it. */
size_t sf_utf8_len(const unsigned char *s, size_t n);

#endif
