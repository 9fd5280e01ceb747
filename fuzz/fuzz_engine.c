/* fuzz_engine.c: libFuzzer target for the simulation engine
 * (src/sim/engine.c and booked.c behind it). An input that loads as a
 * model is run for one short replication: the horizon is cut to two
 * weeks after at most one week of warm-up, and the engine stops after
 * ENGINE_BUDGET events. Whatever the model, the run must end with figures,
 * a deadlock or an error, never a crash or a leak; a hang inside one
 * event (a loop the budget cannot see) or a run slower than its budget
 * allows shows up as a libFuzzer timeout. */
#include "model/model.h"
#include "sim/engine.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

enum { ENGINE_BUDGET = 200000 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    sf_model *m = NULL;
    sf_diag d;
    if (sf_model_load_buffer("fuzz.yaml", (const char *)data, size, &m, &d) != SF_OK)
        return 0;
    /* persons cost O(people) per replication before the first event,
     * which the event budget cannot see: keep the fuzzer's runs short */
    for (int p = 0; p < m->npopulations; p++)
        if (m->populations[p].persons > 1000000) {
            sf_model_free(m);
            return 0;
        }
    if (m->horizon > 14 * 24)
        m->horizon = 14 * 24;
    if (m->warmup > 7 * 24)
        m->warmup = 7 * 24;
    double *values = malloc((size_t)sf_engine_rows(m) * SF_M_COUNT * sizeof *values);
    double *by = malloc((size_t)m->nunits * SF_BT_ROWS * SF_BY_COUNT * sizeof *by + 1);
    sf_engine *e = NULL;
    if (values && by && sf_engine_create(m, &e) == SF_OK) {
        sf_engine_set_budget(e, ENGINE_BUDGET);
        sf_rep_out out = {values, 0, 0, NULL, by};
        (void)sf_engine_replicate(e, m->seed, 0, &out);
    }
    sf_engine_free(e);
    free(by);
    free(values);
    sf_model_free(m);
    return 0;
}
