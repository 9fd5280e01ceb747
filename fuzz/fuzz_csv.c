/* fuzz_csv.c: libFuzzer target for the CSV ingest reader (src/flow/csv.c,
 * timeparse.c, the header guess and the from/to post-pass). The first byte
 * picks options (strict, preset, delimiter, zone, map, skip-bad), the rest
 * is the file.
 * Any input must give stays and a report or a diagnostic, never a crash,
 * a leak or a hang. */
#include "flow/ingest.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!size)
        return 0;
    static const char *const presets[] = {NULL, "samflyt", "mimic-transfers", "bupar"};
    static const char delims[] = {0, ',', ';', '\t'};
    uint8_t k = data[0];
    sf_flow_read_opts o;
    sf_flow_read_opts_init(&o);
    o.strict = k & 1;
    o.preset = presets[(k >> 1) & 3];
    o.delim = delims[(k >> 3) & 3];
    if (k & 0x20)
        sf_tz_parse("UTC", &o.tz);
    if (k & 0x40)
        o.map = "patient=#1,unit=#2,start=#3,end=#4";
    o.skip_bad = (k & 0x80) != 0;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    sf_stays t;
    sf_stays_init(&t);
    sf_flow_read_report rep;
    sf_diag d;
    memset(&d, 0, sizeof d);
    if (sf_flow_read_csv_buffer("fuzz.csv", text, len, &o, &t, &rep, &d) == 0)
        sf_flow_finish(&t, &o, !sf_flow_report_has_from_to(&rep));
    sf_stays_free(&t);
    /* the header guess on the first line */
    const char *nl = memchr(text, '\n', len);
    sf_flow_guess_result g;
    sf_flow_guess_header(text, nl ? (size_t)(nl - text) : len, &g);
    return 0;
}
