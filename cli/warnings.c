/* warnings.c: the model's warnings (the library keeps them with the model,
 * docs/model.md "Warnings") printed the way compilers print theirs, for
 * `samflyt check`, `run` and `compare`. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static int same(const sf_diag *a, const sf_diag *b) {
    return a->line == b->line && a->column == b->column && strcmp(a->msg, b->msg) == 0;
}

void cli_print_warnings(const sf_model *m, const sf_model *base) {
    for (int i = 0; i < sf_model_warning_count(m); i++) {
        const sf_diag *w = sf_model_warning(m, i);
        int repeated = 0;
        for (int k = 0; base && k < sf_model_warning_count(base) && !repeated; k++)
            repeated = same(w, sf_model_warning(base, k));
        if (repeated)
            continue;
        if (sf_model_scenario(m))
            fprintf(stderr, "%s:%d:%d: warning: scenario '%s': %s\n", w->file, w->line, w->column,
                    sf_model_scenario(m), w->msg);
        else
            fprintf(stderr, "%s:%d:%d: warning: %s\n", w->file, w->line, w->column, w->msg);
    }
}
