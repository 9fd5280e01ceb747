/* calib_fit_tool.c: a test driver that fits the length-of-stay families
 * (src/flow/fitdist.c) to the durations in a file (hours, one per line)
 * and prints the fits as key=value lines, so calib_scipy_check.py can
 * compare them with scipy's. Also prints the Kolmogorov tail Q at the
 * lambdas given after the file name. */
#include "flow/fitdist.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs("usage: calib_fit_tool FILE [LAMBDA...]\n", stderr);
        return 2;
    }
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        perror(argv[1]);
        return 1;
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
    sf_los_fit fit;
    if (!x || sf_fit_los(x, n, 0.05, &fit)) {
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
    for (int i = 2; i < argc; i++)
        printf("q %s %.17g\n", argv[i], sf_fit_kolmogorov_q(atof(argv[i])));
    free(x);
    return 0;
}
