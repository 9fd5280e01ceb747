/* labels_tool.c: the label table (src/report/labels.h) for the tests:
 * `labels_tool keys` prints key TAB unit TAB en TAB nb TAB sv per row;
 * `labels_tool phrases` the reports' fixed words, en TAB nb TAB sv;
 * `labels_tool num X DEC` prints X as each language writes it;
 * `labels_tool accept HEADER` the language an Accept-Language picks. */
#include "report/labels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc == 2 && !strcmp(argv[1], "keys")) {
        int n;
        const sf_label *t = sf_label_table(&n);
        for (int i = 0; i < n; i++)
            printf("%s\t%s\t%s\t%s\t%s\n", t[i].key, t[i].unit, t[i].name[0], t[i].name[1],
                   t[i].name[2]);
        return 0;
    }
    if (argc == 2 && !strcmp(argv[1], "phrases")) {
        int n;
        sf_phrase_row(0, &n);
        for (int i = 0; i < n; i++) {
            const char *const *row = sf_phrase_row(i, &n);
            for (int l = 0; l < SF_LANG_COUNT; l++) {
                /* a line break as the C source writes it */
                for (const char *c = row[l]; *c; c++)
                    fputs(*c == '\n' ? "\\n" : (char[]){*c, 0}, stdout);
                putchar(l + 1 < SF_LANG_COUNT ? '\t' : '\n');
            }
        }
        return 0;
    }
    if (argc == 4 && !strcmp(argv[1], "num")) {
        for (int l = 0; l < SF_LANG_COUNT; l++) {
            char a[64], b[64];
            printf("%s\t%s\t%s\n", sf_lang_code((sf_lang)l),
                   sf_fmt_fixed(a, sizeof a, atof(argv[2]), atoi(argv[3]), (sf_lang)l),
                   sf_fmt_num(b, sizeof b, atof(argv[2]), (sf_lang)l));
        }
        return 0;
    }
    if (argc == 3 && !strcmp(argv[1], "accept")) {
        printf("%s\n", sf_lang_code(sf_lang_from_accept_language(argv[2])));
        return 0;
    }
    fputs("usage: labels_tool keys | phrases | num X DEC | accept HEADER\n", stderr);
    return 2;
}
