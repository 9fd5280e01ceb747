/* visits.c: how many times a patient asks units for a place, on average,
 * from the routing alone (docs/simulation.md, "Visits per patient").
 *
 * With P the matrix of `next:` probabilities between units (home left
 * out), a patient whose first request is at unit u makes on average
 * x[u] requests in all, where (I - P) x = 1: the row sums of the
 * fundamental matrix (I - P)^-1 of the absorbing chain whose absorbing
 * state is home. The loader bounds max x[u] as it bounds arrivals, so
 * that a loop which almost never leads home (next: {u: .9999999999,
 * home: 1e-10}) is refused before it runs, however short its stays. */
#include "model/model.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <math.h>

int sf_model_expected_visits(const sf_model *m, double *visits, int *loop) {
    int n = m->nunits;
    *loop = -1;
    if (n == 0)
        return SF_OK;
    gsl_matrix *a = gsl_matrix_calloc((size_t)n, (size_t)n);
    gsl_matrix *inv = gsl_matrix_alloc((size_t)n, (size_t)n);
    gsl_permutation *perm = gsl_permutation_alloc((size_t)n);
    if (!a || !inv || !perm) {
        gsl_matrix_free(a);
        gsl_matrix_free(inv);
        gsl_permutation_free(perm);
        return SF_ERR_NOMEM;
    }
    for (int u = 0; u < n; u++) {
        *gsl_matrix_ptr(a, (size_t)u, (size_t)u) += 1;
        const sf_route *r = &m->units[u].next;
        for (int i = 0; i < r->n; i++)
            if (r->dest[i] >= 0)
                *gsl_matrix_ptr(a, (size_t)u, (size_t)r->dest[i]) -= r->prob[i];
    }
    /* A zero pivot means infinitely many visits; it is tested here, since
     * GSL's inverse would call its error handler (abort by default, and
     * global state the library must not change). */
    int sign = 0, bad = gsl_linalg_LU_decomp(a, perm, &sign) != GSL_SUCCESS;
    for (int u = 0; u < n && !bad; u++)
        bad = !(fabs(gsl_matrix_get(a, (size_t)u, (size_t)u)) > 0);
    if (!bad)
        bad = gsl_linalg_LU_invert(a, perm, inv) != GSL_SUCCESS;
    double worst = -1;
    for (int u = 0; u < n; u++) {
        double x = 0, back = INFINITY;
        if (!bad) {
            for (int v = 0; v < n; v++)
                x += gsl_matrix_get(inv, (size_t)u, (size_t)v);
            back = gsl_matrix_get(inv, (size_t)u, (size_t)u);
        }
        /* rounding can make a huge count negative or NaN: it is huge */
        visits[u] = bad || !(x >= 1) || !isfinite(x) ? INFINITY : x;
        if (bad || !(back >= 1) || !isfinite(back))
            back = INFINITY;
        /* the loop to point at: the unit a patient comes back to most */
        if (back > worst) {
            worst = back;
            *loop = u;
        }
    }
    gsl_matrix_free(a);
    gsl_matrix_free(inv);
    gsl_permutation_free(perm);
    return SF_OK;
}
