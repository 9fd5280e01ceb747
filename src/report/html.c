/* html.c: the HTML reports' shared page parts (html.h). */
#include "report/html.h"

#include "core/textout.h"

#include <math.h>

void sf_html_begin(FILE *f, const char *title) { sf_html_begin_lang(f, title, SF_LANG_EN); }

/* The style sheet: screen first, then print (A4, charts and table rows
 * kept whole, no heading left alone at a page's foot, nothing clipped:
 * scrolling boxes open up and folded tables stay out of the print). */
static const char style[] =
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
    ".headline{background:#f3f7fb;border-left:4px solid #0072B2;padding:.4em 1em}\n"
    ".headline li{margin:.3em 0}\n"
    ".chart{width:100%;max-width:1000px;height:auto}\n"
    ".chart text{font-size:11px;fill:#333}.chart .ct{font-size:13px;font-weight:600}\n"
    ".chart .yl{text-anchor:end}.chart .xl{text-anchor:middle}.chart .yt{text-anchor:middle}\n"
    ".chart .grid{stroke:#e6e6e6}.chart .axis{stroke:#888}\n"
    ".chart .band{fill:#0072B2;fill-opacity:.2;stroke:none}\n"
    ".chart .mean{fill:none;stroke:#0072B2;stroke-width:1.6}\n"
    ".chart .ref{fill:none;stroke:#D55E00;stroke-width:1.5;stroke-dasharray:5 3}\n"
    ".chart .pt{fill:#0072B2}.chart .ci{stroke:#0072B2;stroke-width:2}\n"
    ".chart .base{stroke:#D55E00;stroke-width:1.5;stroke-dasharray:4 3}"
    ".chart text.base{fill:#D55E00;stroke:none}\n"
    ".panels{display:grid;grid-template-columns:repeat(auto-fill,minmax(400px,1fr));"
    "gap:.5em 1.5em}\n"
    "figure{margin:0 0 1em}figcaption{font-size:.9em;color:#333}\n"
    ".key{font-size:.85em;color:#555}.key .m{color:#0072B2}.key .c{color:#D55E00}\n"
    "@page{size:A4;margin:12mm}\n"
    "@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}"
    ".tw{max-height:none;overflow:visible}th{position:static}"
    "h1,h2,h3{break-after:avoid;page-break-after:avoid}"
    "figure,svg,tr,.headline{break-inside:avoid;page-break-inside:avoid}"
    "table{font-size:7.5pt;width:100%}details:not([open]){display:none}nav{display:none}"
    ".panels{grid-template-columns:1fr 1fr}}\n";

void sf_html_begin_lang(FILE *f, const char *title, sf_lang l) {
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
            sf_lang_code(l));
    sf_html_str(f, title);
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", style);
    sf_html_str(f, title);
    fputs("</h1>\n", f);
}

void sf_html_num_lang(FILE *f, double x, sf_lang l) {
    char b[64];
    fputs(sf_fmt_num(b, sizeof b, x, l), f);
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
