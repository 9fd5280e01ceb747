/* continuity.c: continuity of care where the stays name a provider
 * (the doctor seen), per patient with at least two such visits:
 *   UPC   = max_i n_i / N                 (share with the most-seen provider)
 *   COC   = (sum_i n_i^2 - N) / (N (N - 1))   (Bice-Boxerman)
 *   SECON = pairs of consecutive visits with the same provider / (N - 1)
 * where N is the patient's visits and n_i those to provider i (docs/sources.md).
 * Visits are the stays with a known provider, optionally at one unit, in
 * time order; the means are over patients. */
#include "flow/metrics_walk.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

int sf_flow_continuity(const sf_stays *t, const sf_flow_opts *o, sf_flow_metrics *m) {
    size_t cap = m->patients ? m->patients : 1;
    m->cont_patient = malloc(cap * sizeof *m->cont_patient);
    m->cont_visits = malloc(cap * sizeof *m->cont_visits);
    m->cont_upc = malloc(cap * sizeof *m->cont_upc);
    m->cont_coc = malloc(cap * sizeof *m->cont_coc);
    m->cont_secon = malloc(cap * sizeof *m->cont_secon);
    uint32_t *prov = NULL;
    size_t pcap = 0;
    if (!m->cont_patient || !m->cont_visits || !m->cont_upc || !m->cont_coc || !m->cont_secon)
        return SF_ERR_NOMEM;
    double su = 0, sc = 0, ss = 0;
    /* no provider column: no visits, and no walk over the rows to find so
     * (57 instructions a row at 10^6 rows) */
    for (size_t a = 0; t->provider && a < t->n;) {
        size_t b = a + 1;
        while (b < t->n && t->patient[b] == t->patient[a])
            b++;
        size_t nv = 0, same = 0;
        uint32_t last = SF_ID_NONE;
        for (size_t k = a; k < b; k++) {
            uint32_t pk = t->provider[k];
            if (pk == SF_ID_NONE || !sf_flow_row_ok(t, k) ||
                (o->continuity_unit != SF_ID_NONE && sf_stays_unit(t, k) != o->continuity_unit))
                continue;
            if (nv == pcap) {
                size_t c = pcap ? 2 * pcap : 64;
                uint32_t *p = realloc(prov, c * sizeof *p);
                if (!p) {
                    free(prov);
                    return SF_ERR_NOMEM;
                }
                prov = p;
                pcap = c;
            }
            same += nv > 0 && pk == last;
            last = prov[nv++] = pk;
        }
        if (nv >= 2) {
            /* n_i from runs of the sorted providers */
            if (nv < 64)
                sf_flow_insertion_u32(prov, nv);
            else
                qsort(prov, nv, sizeof *prov, cmp_u32);
            size_t run = 1, best = 1;
            double sq = 0;
            for (size_t k = 1; k <= nv; k++) {
                if (k < nv && prov[k] == prov[k - 1]) {
                    run++;
                    continue;
                }
                sq += (double)run * (double)run;
                best = run > best ? run : best;
                run = 1;
            }
            double n = (double)nv;
            size_t q = m->ncont++;
            m->cont_patient[q] = t->patient[a];
            m->cont_visits[q] = (uint32_t)nv;
            m->cont_upc[q] = (double)best / n;
            m->cont_coc[q] = (sq - n) / (n * (n - 1));
            m->cont_secon[q] = (double)same / (n - 1);
            su += m->cont_upc[q];
            sc += m->cont_coc[q];
            ss += m->cont_secon[q];
        }
        a = b;
    }
    free(prov);
    double k = (double)m->ncont;
    m->upc_mean = m->ncont ? su / k : NAN;
    m->coc_mean = m->ncont ? sc / k : NAN;
    m->secon_mean = m->ncont ? ss / k : NAN;
    return 0;
}
