/* fuzz_fhir.c: libFuzzer target for the FHIR R4 Encounter reader
 * (src/flow/fhir.c, json.c): NDJSON lines or one Bundle. The first byte
 * picks strict mode and the zone. Any input must give stays and a report
 * or a diagnostic, never a crash, a leak or a hang. */
#include "flow/ingest.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!size)
        return 0;
    sf_flow_read_opts o;
    sf_flow_read_opts_init(&o);
    o.strict = data[0] & 1;
    if (data[0] & 2)
        sf_tz_parse("Europe/Helsinki", &o.tz);
    sf_stays t;
    sf_stays_init(&t);
    sf_flow_read_report rep;
    sf_diag d;
    memset(&d, 0, sizeof d);
    if (sf_flow_read_fhir_buffer("fuzz.ndjson", (const char *)data + 1, size - 1, &o, &t, &rep,
                                 &d) == 0)
        sf_flow_finish(&t, &o, 0);
    sf_stays_free(&t);
    return 0;
}
