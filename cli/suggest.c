/* suggest.c: "did you mean" for a misspelt command or long option: the
 * closest known name by edit distance, when it is close enough to be the
 * one meant (at most 2 edits, and fewer than half the word). */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

/* Edit distance of a[0..na) and b[0..nb): insertions, deletions,
 * substitutions and swaps of neighbours ("rnu" is one from "run"); names
 * longer than 31 characters are never close. */
static int distance(const char *a, size_t na, const char *b, size_t nb) {
    if (na > 31 || nb > 31)
        return 99;
    int d[32][32];
    for (size_t i = 0; i <= na; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= nb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= na; i++)
        for (size_t j = 1; j <= nb; j++) {
            int best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[na][nb];
}

const char *cli_closest(const char *word, size_t n, const char *const *names, int count) {
    const char *best = NULL;
    int bestd = 3;
    for (int i = 0; i < count; i++) {
        int d = distance(word, n, names[i], strlen(names[i]));
        if (d > 0 && d < bestd && 2 * (size_t)d < n) {
            best = names[i];
            bestd = d;
        }
    }
    return best;
}

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
    const char *best = cli_closest(arg, n, names, count);
    if (best)
        fprintf(stderr, "samflyt %s: did you mean --%s?\n", cmd, best);
}
