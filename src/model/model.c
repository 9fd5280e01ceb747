/* model.c: the public accessors of a loaded model and its release. The
 * model and everything it points to live in its own arena. */
#include "model/model.h"

void sf_model_free(sf_model *m) {
    if (!m)
        return;
    /* m itself lives in the arena it owns: copy the arena out first. */
    sf_arena a = m->arena;
    sf_arena_free(&a);
}

const char *sf_model_name(const sf_model *m) { return m ? m->name : NULL; }

int sf_model_unit_count(const sf_model *m) { return m ? m->nunits : 0; }

const char *sf_model_unit_name(const sf_model *m, int unit) {
    return m && unit >= 0 && unit < m->nunits ? m->units[unit].name : NULL;
}

int sf_model_replications(const sf_model *m) { return m ? m->replications : 0; }

uint64_t sf_model_seed(const sf_model *m) { return m ? m->seed : 0; }

double sf_model_horizon(const sf_model *m) { return m ? m->horizon : 0; }

double sf_model_warmup(const sf_model *m) { return m ? m->warmup : 0; }

int sf_model_warning_count(const sf_model *m) { return m ? m->nwarnings : 0; }

const sf_diag *sf_model_warning(const sf_model *m, int i) {
    return m && i >= 0 && i < m->nwarnings ? &m->warnings[i] : NULL;
}

const char *sf_model_unit_kind(const sf_model *m, int unit) {
    return m && unit >= 0 && unit < m->nunits ? sf_unit_kind_name(m->units[unit].kind) : NULL;
}

const char *sf_model_unit_capacity_key(const sf_model *m, int unit) {
    if (!m || unit < 0 || unit >= m->nunits)
        return NULL;
    sf_unit_kind k = m->units[unit].kind;
    return k == SF_UNIT_WALKIN ? "servers" : k == SF_UNIT_WARD ? "beds" : "doctors";
}

int sf_model_unit_capacity(const sf_model *m, int unit, int *scheduled) {
    if (!m || unit < 0 || unit >= m->nunits)
        return -1;
    if (scheduled)
        *scheduled = m->units[unit].sched != NULL;
    return m->units[unit].capacity;
}

int sf_model_population_listed(const sf_model *m, int pop) {
    return m && pop >= 0 && pop < m->npopulations ? m->populations[pop].listed : 0;
}

double sf_model_patients_bound(const sf_model *m, int reps) {
    double per_hour = 0;
    for (int i = 0; m && i < m->nsources; i++)
        per_hour += m->sources[i].rate * m->sources[i].profile.wmax * m->sources[i].period_wmax;
    return m ? per_hour * (m->horizon + m->warmup) * reps : 0;
}
