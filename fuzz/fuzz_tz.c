/* fuzz_tz.c: libFuzzer target for the TZif reader (src/flow/tz.c): the
 * input is a zone file. Any input must give a zone or a diagnostic, never
 * a crash, a read out of bounds or a hang; a zone that loads must answer
 * every lookup (offsets, wall-clock to UTC) at its transitions, around
 * them and far from them. */
#include "flow/tz.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* an sf_tz is a plain value of some 11 kB: on the heap, as a fuzzer
     * thread's stack may be small */
    sf_tz *tz = malloc(sizeof *tz);
    if (!tz)
        return 0;
    sf_diag d;
    memset(&d, 0, sizeof d);
    if (sf_tz_from_tzif("fuzz", data, size, tz, &d) == 0) {
        int64_t probe[] = {INT64_MIN,    INT64_MIN + 1, -62135596800LL, -1,       0, 1, 1711846800,
                           4102444800LL, 7258118400LL,  253402300799LL, INT64_MAX};
        uint64_t sink = 0; /* wraps: it only keeps the calls */
        for (size_t i = 0; i < sizeof probe / sizeof probe[0]; i++) {
            sink += (uint64_t)sf_tz_offset(tz, probe[i]);
            sink += (uint64_t)sf_tz_to_utc(tz, probe[i]);
            sink += (uint64_t)sf_tz_hour_of_week(tz, probe[i]);
        }
        for (int i = 0; i < tz->nt; i += 1 + tz->nt / 64)
            for (int64_t dt = -90000; dt <= 90000; dt += 1800) {
                sink += (uint64_t)sf_tz_offset(tz, tz->t[i] + dt);
                sink += (uint64_t)sf_tz_to_utc(tz, tz->t[i] + dt);
            }
        /* keep the lookups from being optimised away */
        if (sink == 42)
            d.line = 1;
    }
    free(tz);
    return 0;
}
