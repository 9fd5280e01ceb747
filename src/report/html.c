/* html.c: the HTML reports' shared page parts (html.h). */
#include "report/html.h"

#include "core/textout.h"

#include <math.h>

void sf_html_begin(FILE *f, const char *title) {
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
    sf_html_str(f, title);
    fputs(
        "</title>\n<style>\n"
        "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;"
        "color:#222}\n"
        "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}"
        "h3{font-size:1em}\n"
        "nav a{margin-right:1em}\n"
        ".tw{max-height:32em;overflow:auto}\n"
        "table{border-collapse:collapse;font-size:.85em}\n"
        "th,td{padding:.2em .6em;border-bottom:1px solid #eee;text-align:left}\n"
        "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
        "th{position:sticky;top:0;background:#f4f4f4}\n"
        ".note,.about{color:#555;font-size:.9em}\n"
        ".chart{width:100%;max-width:1000px;height:auto}\n"
        ".chart text{font-size:11px;fill:#333}.chart .ct{font-size:13px;font-weight:600}\n"
        ".chart .yl{text-anchor:end}.chart .xl{text-anchor:middle}.chart .yt{text-anchor:middle}\n"
        ".chart .grid{stroke:#e6e6e6}.chart .axis{stroke:#888}\n"
        "@media print{.tw{max-height:none;overflow:visible}}\n"
        "</style>\n</head>\n<body>\n<h1>",
        f);
    sf_html_str(f, title);
    fputs("</h1>\n", f);
}

void sf_html_end(FILE *f) { fputs("</body>\n</html>\n", f); }

void sf_html_interval(FILE *f, double lo, double hi) {
    if (!isfinite(lo))
        return;
    sf_html_num(f, lo);
    fputs(" – ", f);
    sf_html_num(f, hi);
}

void sf_html_num(FILE *f, double x) {
    if (isfinite(x))
        fprintf(f, fabs(x) >= 1000 || x == floor(x) ? "%.0f" : "%.4g", x);
}
