/* suggest.c: "did you mean" for a misspelt long option: the closest known
 * name by the model loader's rule (sf_load_suggest: one edit for names up
 * to 4 letters, two for longer ones, a swap of neighbours counting one). */
#include "cli.h"
#include "model/load.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

void cli_suggest_option(const char *cmd, char **argv, const struct option *opts) {
    if (optind < 1)
        return;
    const char *arg = argv[optind - 1];
    if (!arg || strncmp(arg, "--", 2))
        return;
    arg += 2;
    size_t n = strcspn(arg, "=");
    const char *names[64];
    int count = 0;
    for (; opts[count].name && count < 64; count++)
        names[count] = opts[count].name;
    const char *best = sf_load_suggest(arg, n, names, count);
    if (best)
        fprintf(stderr, "samflyt %s: did you mean --%s?\n", cmd, best);
}
