/* serve_data_html.c: the dashboard's page of a data file (serve.h): a
 * form for the period and the units, and the flow indicators drawn by the
 * flow report's own writer (report.html of `samflyt flow`), so the page
 * and the report show the same charts and tables, in the language the
 * browser asks for (Accept-Language, as the model pages). The form is a
 * plain GET form: choosing another period reloads the page with it, and
 * the server answers from the data it keeps read (no script needed). */
#include "core/textout.h"
#include "report/html.h"
#include "report/labels.h"
#include "report/serve_html.h"

#include <stdlib.h>
#include <string.h>

static void value_attr(FILE *f, const char *name, const char *v) {
    fprintf(f, " name=\"%s\" value=\"", name);
    sf_html_str(f, v ? v : "");
    fputs("\"", f);
}

static void form(FILE *f, const char *path, const sf_flow_data *d, const char *from, const char *to,
                 const char *units, sf_lang l) {
    fprintf(f,
            "<p><a href=\"/\">%s</a></p>\n<form method=\"get\" action=\"/data\" "
            "class=\"filter\">\n<input type=\"hidden\"",
            sf_tr("All files", l));
    value_attr(f, "path", path);
    fprintf(f, ">\n<label>%s <input type=\"date\"", sf_tr("From", l));
    value_attr(f, "from", from);
    fprintf(f, "></label>\n<label>%s <input type=\"date\"", sf_tr("to", l));
    value_attr(f, "to", to);
    fprintf(f, "></label>\n<label>%s <input type=\"text\" size=\"30\"", sf_tr("Units", l));
    value_attr(f, "unit", units);
    fprintf(f,
            " placeholder=\"%s\"></label>\n"
            "<button type=\"submit\">%s</button>\n</form>\n",
            sf_tr("all (or names, comma-separated)", l), sf_tr("Show", l));
    if (d && sf_flow_data_unit_count(d)) {
        fprintf(f, "<p class=\"note\">%s ", sf_tr("Units in the data:", l));
        int n = sf_flow_data_unit_count(d);
        for (int u = 0; u < n && u < 60; u++) {
            fputs(u ? ", " : "", f);
            sf_html_str(f, sf_flow_data_unit_name(d, u));
        }
        if (n > 60)
            fputs(", ...", f);
        else
            fprintf(f, ". %s",
                    sf_tr("The period keeps the stays in care in it (from 00:00 of the first day "
                          "to 00:00 of the last).",
                          l));
        fputs("</p>\n", f);
    }
}

static int data_page(FILE *f, const char *path, const sf_flow_data *d, const sf_flow_result *r,
                     const char *from, const char *to, const char *units, const char *error,
                     sf_lang l) {
    if (!r) {
        sf_html_begin_lang(f, path, l);
        form(f, path, d, from, to, units, l);
        fprintf(f, "<p class=\"error\" role=\"alert\"><strong>%s</strong> ",
                sf_tr("No figures:", l));
        sf_html_str(f, error ? error : sf_tr("the data could not be read", l));
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
    int err = sf_flow_result_write_html_lang(r, path, sf_lang_code(l), m);
    if (fclose(m) && !err)
        err = SF_ERR_NOMEM;
    if (err) {
        free(page);
        return err;
    }
    const char *h1 = strstr(page, "</h1>\n");
    size_t head = h1 ? (size_t)(h1 + 6 - page) : 0;
    fwrite(page, 1, head, f);
    form(f, path, d, from, to, units, l);
    fwrite(page + head, 1, len - head, f);
    free(page);
    return ferror(f) ? SF_ERR_IO : 0;
}

int sf_serve_html_data(FILE *f, const char *path, const sf_flow_data *d, const sf_flow_result *r,
                       const char *from, const char *to, const char *units, const char *error) {
    return data_page(f, path, d, r, from, to, units, error, SF_LANG_EN);
}

int sf_serve_html_data_for(FILE *f, const char *path, const sf_flow_data *d,
                           const sf_flow_result *r, const char *from, const char *to,
                           const char *units, const char *error, const char *accept_language) {
    return data_page(f, path, d, r, from, to, units, error,
                     sf_lang_from_accept_language(accept_language));
}
