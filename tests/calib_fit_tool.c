/* calib_fit_tool.c: a test driver that fits the length-of-stay families
 * (src/flow/fitdist.c) to the durations in a file (hours, one per line)
 * and prints the fits as key=value lines, so calib_scipy_check.py can
 * compare them with scipy's. Also prints the Kolmogorov tail Q at the
 * lambdas given after the file name. With censored=FILE after it, the
 * durations there are right-censored (calib_censored_check.py). */
#include "flow/fitdist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The numbers in a file, one per line: the count, or (size_t)-1. */
static size_t read_numbers(const char *path, double **out) {
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return (size_t)-1;
    }
    size_t n = 0, cap = 1024;
    double *x = malloc(cap * sizeof *x), v;
    while (x && fscanf(f, "%lf", &v) == 1) {
        if (n == cap) {
            double *nx = realloc(x, (cap *= 2) * sizeof *x);
            if (!nx)
                break;
            x = nx;
        }
        x[n++] = v;
    }
    fclose(f);
    *out = x;
    return x ? n : (size_t)-1;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs("usage: calib_fit_tool FILE [censored=FILE] [LAMBDA...]\n", stderr);
        return 2;
    }
    double *x = NULL, *c = NULL;
    size_t n = read_numbers(argv[1], &x), nc = 0;
    if (n == (size_t)-1)
        return 1;
    int first = 2;
    /* censored=FILE: right-censored durations (open stays) besides */
    if (argc > 2 && !strncmp(argv[2], "censored=", 9)) {
        nc = read_numbers(argv[2] + 9, &c);
        if (nc == (size_t)-1)
            return 1;
        first = 3;
    }
    sf_los_fit fit;
    if (!x || sf_fit_los_censored(x, n, c, nc, 0.05, &fit)) {
        fputs("calib_fit_tool: cannot fit\n", stderr);
        return 1;
    }
    printf("n=%zu chosen=%s\n", fit.n, sf_fit_family_name(fit.chosen));
    for (int fam = 0; fam < SF_FIT_EMPIRICAL; fam++) {
        const sf_fit *s = &fit.fit[fam];
        printf("%s ok=%d p0=%.17g p1=%.17g se0=%.17g se1=%.17g loglik=%.17g aic=%.17g "
               "ks_d=%.17g ks_p=%.17g\n",
               sf_fit_family_name((sf_fit_family)fam), s->ok, s->p[0], s->p[1], s->se[0], s->se[1],
               s->loglik, s->aic, s->ks_d, s->ks_p);
    }
    for (int i = first; i < argc; i++)
        printf("q %s %.17g\n", argv[i], sf_fit_kolmogorov_q(atof(argv[i])));
    free(x);
    free(c);
    return 0;
}
