/* fuzz_sweep.c: libFuzzer target for sweep.json read back (src/report/
 * sweep_read.c), as the dashboard reads a sweep folder: any input must
 * give a sweep or a diagnostic, never a crash, a read out of bounds or a
 * hang; a sweep that reads must draw its page (sweep_html.c) whole. */
#include "report/sweep.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    sf_sweep *s;
    sf_diag d;
    memset(&d, 0, sizeof d);
    if (sf_sweep_read_json("fuzz", (const char *)data, size, &s, &d))
        return 0;
    char *page = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&page, &len);
    if (f) {
        sf_sweep_write_page(s, "fuzz", "fuzz", f);
        fclose(f);
    }
    free(page);
    sf_sweep_free(s);
    return 0;
}
