/* visits.c: how many times a patient asks units for a place, on average,
 * from the routing alone (docs/simulation.md, "Visits per patient").
 *
 * With P the matrix of `next:` probabilities between units (home left
 * out), a patient whose first request is at unit u makes on average
 * x[u] requests in all, where (I - P) x = 1: the row sums of the
 * fundamental matrix (I - P)^-1 of the absorbing chain whose absorbing
 * state is home. The loader bounds max x[u] as it bounds arrivals, so
 * that a loop which almost never leads home (next: {u: .9999999999,
 * home: 1e-10}) is refused before it runs, however short its stays.
 *
 * The routing graph is split into strongly connected components (Tarjan,
 * without recursion) and solved one component at a time, the components a
 * patient can reach next first: a component of k units costs one dense
 * k x k inverse (GSL LU), so a chain of 40,000 units costs 40,000 inverses
 * of 1 x 1, not one of 40,000 x 40,000. A component larger than
 * VISITS_DENSE_MAX units (no care network has one) is solved by
 * Gauss-Seidel sweeps from 0, whose iterates rise towards the solution:
 * past the bound it is refused, and if the sweeps stop first the count
 * found so far is a lower bound (the run-time cap still applies). */
#include "model/model.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdlib.h>

enum { VISITS_DENSE_MAX = 1500, VISITS_SWEEPS = 5000 };

/* Strongly connected components of the `next:` graph, in the order
 * Tarjan's algorithm closes them: a component's successors come first.
 * comp[u] is u's component; order lists the units component by component;
 * start[c]..start[c+1] are component c's entries of order. */
typedef struct scc {
    int *comp, *order, *start, ncomp;
} scc;

static int scc_find(const sf_model *m, scc *s) {
    int n = m->nunits;
    int *index = malloc((size_t)n * sizeof *index), *low = malloc((size_t)n * sizeof *low);
    int *stack = malloc((size_t)n * sizeof *stack), *call = malloc((size_t)n * sizeof *call);
    int *edge = malloc((size_t)n * sizeof *edge);
    s->comp = malloc((size_t)n * sizeof *s->comp);
    s->order = malloc((size_t)n * sizeof *s->order);
    s->start = malloc((size_t)(n + 1) * sizeof *s->start);
    int ok = index && low && stack && call && edge && s->comp && s->order && s->start;
    if (ok) {
        int next = 0, sp = 0, filled = 0;
        s->ncomp = 0;
        for (int u = 0; u < n; u++)
            index[u] = -1;
        for (int root = 0; root < n; root++) {
            if (index[root] >= 0)
                continue;
            int depth = 0;
            call[depth] = root;
            edge[root] = 0;
            index[root] = low[root] = next++;
            stack[sp++] = root;
            s->comp[root] = -1;
            while (depth >= 0) {
                int u = call[depth];
                const sf_route *r = &m->units[u].next;
                if (edge[u] < r->n) {
                    int v = r->dest[edge[u]++];
                    if (v < 0)
                        continue;
                    if (index[v] < 0) {
                        index[v] = low[v] = next++;
                        stack[sp++] = v;
                        s->comp[v] = -1;
                        edge[v] = 0;
                        call[++depth] = v;
                    } else if (s->comp[v] < 0 && index[v] < low[u]) {
                        low[u] = index[v]; /* v is on the stack */
                    }
                    continue;
                }
                if (low[u] == index[u]) {
                    s->start[s->ncomp] = filled;
                    int v;
                    do {
                        v = stack[--sp];
                        s->comp[v] = s->ncomp;
                        s->order[filled++] = v;
                    } while (v != u);
                    s->ncomp++;
                }
                if (--depth >= 0 && low[u] < low[call[depth]])
                    low[call[depth]] = low[u];
            }
        }
        s->start[s->ncomp] = filled;
    }
    free(index);
    free(low);
    free(stack);
    free(call);
    free(edge);
    return ok ? SF_OK : SF_ERR_NOMEM;
}

/* The known part of unit u's equation: 1 + sum of P[u][v] x[v] over the
 * units v of later-solved components (outside u's component c). */
static double known_rhs(const sf_model *m, const scc *s, const double *x, int u, int c) {
    const sf_route *r = &m->units[u].next;
    double b = 1;
    for (int i = 0; i < r->n; i++)
        if (r->dest[i] >= 0 && s->comp[r->dest[i]] != c)
            b += r->prob[i] * x[r->dest[i]];
    return b;
}

/* Component c of k units, solved densely: x_S = (I - P_SS)^-1 b and
 * back[u] = ((I - P_SS)^-1)_uu, the mean visits to u of a patient at u. */
static int solve_dense(const sf_model *m, const scc *s, int c, int *pos, double *x, double *back) {
    const int *units = s->order + s->start[c];
    int k = s->start[c + 1] - s->start[c];
    for (int i = 0; i < k; i++)
        pos[units[i]] = i;
    gsl_matrix *a = gsl_matrix_calloc((size_t)k, (size_t)k);
    gsl_matrix *inv = gsl_matrix_alloc((size_t)k, (size_t)k);
    gsl_permutation *perm = gsl_permutation_alloc((size_t)k);
    if (!a || !inv || !perm) {
        gsl_matrix_free(a);
        gsl_matrix_free(inv);
        gsl_permutation_free(perm);
        return SF_ERR_NOMEM;
    }
    for (int i = 0; i < k; i++) {
        const sf_route *r = &m->units[units[i]].next;
        *gsl_matrix_ptr(a, (size_t)i, (size_t)i) += 1;
        for (int e = 0; e < r->n; e++)
            if (r->dest[e] >= 0 && s->comp[r->dest[e]] == c)
                *gsl_matrix_ptr(a, (size_t)i, (size_t)pos[r->dest[e]]) -= r->prob[e];
    }
    /* A zero pivot means infinitely many visits; it is tested here, since
     * GSL's inverse would call its error handler (abort by default, and
     * global state the library must not change). */
    int sign = 0, bad = gsl_linalg_LU_decomp(a, perm, &sign) != GSL_SUCCESS;
    for (int i = 0; i < k && !bad; i++)
        bad = !(fabs(gsl_matrix_get(a, (size_t)i, (size_t)i)) > 0);
    if (!bad)
        bad = gsl_linalg_LU_invert(a, perm, inv) != GSL_SUCCESS;
    for (int i = 0; i < k; i++) {
        double v = 0, d = INFINITY;
        if (!bad) {
            for (int j = 0; j < k; j++)
                v += gsl_matrix_get(inv, (size_t)i, (size_t)j) * known_rhs(m, s, x, units[j], c);
            d = gsl_matrix_get(inv, (size_t)i, (size_t)i);
        }
        x[units[i]] = v;
        back[units[i]] = d;
    }
    gsl_matrix_free(a);
    gsl_matrix_free(inv);
    gsl_permutation_free(perm);
    return SF_OK;
}

/* A component too large to invert: Gauss-Seidel sweeps from 0. */
static void solve_sweeps(const sf_model *m, const scc *s, int c, double *x, double *back) {
    const int *units = s->order + s->start[c];
    int k = s->start[c + 1] - s->start[c];
    for (int i = 0; i < k; i++)
        x[units[i]] = 0;
    for (int sweep = 0; sweep < VISITS_SWEEPS; sweep++) {
        double change = 0, top = 0;
        for (int i = 0; i < k; i++) {
            int u = units[i];
            const sf_route *r = &m->units[u].next;
            double self = 0, b = 1;
            for (int e = 0; e < r->n; e++) {
                int v = r->dest[e];
                if (v == u)
                    self += r->prob[e];
                else if (v >= 0)
                    b += r->prob[e] * x[v];
            }
            double nx = self < 1 ? b / (1 - self) : INFINITY;
            change = fmax(change, fabs(nx - x[u]) / fmax(nx, 1));
            x[u] = nx;
            top = fmax(top, nx);
        }
        if (!(top <= SF_MAX_VISITS + m->nunits) || change < 1e-12)
            break;
    }
    for (int i = 0; i < k; i++)
        back[units[i]] = x[units[i]];
}

int sf_model_expected_visits(const sf_model *m, double *visits, int *loop) {
    int n = m->nunits;
    *loop = -1;
    if (n == 0)
        return SF_OK;
    scc s = {0};
    double *back = malloc((size_t)n * sizeof *back);
    int *pos = malloc((size_t)n * sizeof *pos);
    int rc = back && pos ? scc_find(m, &s) : SF_ERR_NOMEM;
    for (int c = 0; c < s.ncomp && rc == SF_OK; c++) {
        if (s.start[c + 1] - s.start[c] <= VISITS_DENSE_MAX)
            rc = solve_dense(m, &s, c, pos, visits, back);
        else
            solve_sweeps(m, &s, c, visits, back);
    }
    if (rc == SF_OK) {
        double worst = -1;
        for (int u = 0; u < n; u++) {
            /* rounding can make a huge count negative or NaN: it is huge */
            double x = visits[u], b = back[u];
            visits[u] = !(x >= 1) || !isfinite(x) ? INFINITY : x;
            if (!(b >= 1) || !isfinite(b))
                b = INFINITY;
            /* the loop to point at: the unit a patient comes back to most */
            if (b > worst) {
                worst = b;
                *loop = u;
            }
        }
    }
    free(back);
    free(pos);
    free(s.comp);
    free(s.order);
    free(s.start);
    return rc;
}
