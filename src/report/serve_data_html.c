/* serve_data_html.c: the dashboard's page of a data file (serve.h): a
 * form for the period and the units, and the flow indicators drawn by the
 * flow report's own writer (report.html of `samflyt flow`), so the page
 * and the report show the same charts and tables. The form is a plain
 * GET form: choosing another period reloads the page with it, and the
 * server answers from the data it keeps read (no script needed). */
#include "core/textout.h"
#include "report/html.h"
#include "report/serve_html.h"

#include <stdlib.h>
#include <string.h>

static void value_attr(FILE *f, const char *name, const char *v) {
    fprintf(f, " name=\"%s\" value=\"", name);
    sf_html_str(f, v ? v : "");
    fputs("\"", f);
}

static void form(FILE *f, const char *path, const sf_flow_data *d, const char *from, const char *to,
                 const char *units) {
    fputs("<p><a href=\"/\">All files</a></p>\n<form method=\"get\" action=\"/data\" "
          "class=\"filter\">\n<input type=\"hidden\"",
          f);
    value_attr(f, "path", path);
    fputs(">\n<label>From <input type=\"date\"", f);
    value_attr(f, "from", from);
    fputs("></label>\n<label>to <input type=\"date\"", f);
    value_attr(f, "to", to);
    fputs("></label>\n<label>Units <input type=\"text\" size=\"30\"", f);
    value_attr(f, "unit", units);
    fputs(" placeholder=\"all (or names, comma-separated)\"></label>\n"
          "<button type=\"submit\">Show</button>\n</form>\n",
          f);
    if (d && sf_flow_data_unit_count(d)) {
        fputs("<p class=\"note\">Units in the data: ", f);
        int n = sf_flow_data_unit_count(d);
        for (int u = 0; u < n && u < 60; u++) {
            fputs(u ? ", " : "", f);
            sf_html_str(f, sf_flow_data_unit_name(d, u));
        }
        fputs(n > 60 ? ", ...</p>\n"
                     : ". The period keeps the stays in care in it (from 00:00 "
                       "of the first day to 00:00 of the last).</p>\n",
              f);
    }
}

int sf_serve_html_data(FILE *f, const char *path, const sf_flow_data *d, const sf_flow_result *r,
                       const char *from, const char *to, const char *units, const char *error) {
    if (!r) {
        sf_html_begin(f, path);
        form(f, path, d, from, to, units);
        fputs("<p class=\"error\" role=\"alert\"><strong>No figures:</strong> ", f);
        sf_html_str(f, error ? error : "the data could not be read");
        fputs("</p>\n", f);
        sf_html_end(f);
        return ferror(f) ? SF_ERR_IO : 0;
    }
    /* The flow report as it is, with the form after its heading. */
    char *page = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&page, &len);
    if (!m)
        return SF_ERR_NOMEM;
    int err = sf_flow_result_write_html(r, path, m);
    if (fclose(m) && !err)
        err = SF_ERR_NOMEM;
    if (err) {
        free(page);
        return err;
    }
    const char *h1 = strstr(page, "</h1>\n");
    size_t head = h1 ? (size_t)(h1 + 6 - page) : 0;
    fwrite(page, 1, head, f);
    form(f, path, d, from, to, units);
    fwrite(page + head, 1, len - head, f);
    free(page);
    return ferror(f) ? SF_ERR_IO : 0;
}
