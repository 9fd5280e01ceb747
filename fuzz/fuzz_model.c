/* fuzz_model.c: libFuzzer target for the model loader. Any input must give
 * either a model or a diagnostic, never a crash, a leak or a hang; the
 * same holds for every scenario the model defines (the overlays of
 * src/model/scenario.c are applied to the same input). */
#include "samflyt/samflyt.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    sf_model *m = NULL;
    sf_diag d;
    if (sf_model_load_buffer("fuzz.yaml", (const char *)data, size, &m, &d) != SF_OK)
        return 0;
    for (int i = 0; i < sf_model_scenario_count(m) && i < 16; i++) {
        sf_model *s = NULL;
        if (sf_model_load_scenario_buffer("fuzz.yaml", (const char *)data, size,
                                          sf_model_scenario_name(m, i), &s, &d) == SF_OK)
            sf_model_free(s);
    }
    sf_model_free(m);
    return 0;
}
