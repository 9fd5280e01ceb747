/* fuzz_model.c: libFuzzer target for the model loader. Any input must give
 * either a model or a diagnostic, never a crash, a leak or a hang. */
#include "samflyt/samflyt.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    sf_model *m = NULL;
    sf_diag d;
    if (sf_model_load_buffer("fuzz.yaml", (const char *)data, size, &m, &d) == SF_OK)
        sf_model_free(m);
    return 0;
}
