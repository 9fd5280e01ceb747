/* fuzz_fhir.c: libFuzzer target for the FHIR R4 Encounter reader
 * (src/flow/fhir.c, json.c): NDJSON lines or one Bundle (on one line or
 * many, streamed an entry at a time). The first byte picks strict mode
 * and the zone; with bit 0x04 the rest is gzip'd, then cut or damaged as
 * bits 0x18 say, and read through the file path (sf_flow_read_file: the
 * sniff from the open stream, CSV or FHIR, and the gzip end-of-stream
 * checks). Any input must give stays and a report or a diagnostic, never
 * a crash, a leak or a hang. */
#define _GNU_SOURCE
#include "flow/ingest.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* data gzip'd into a memory file, then: 0 whole, 1 without the 8-byte
 * trailer, 2 cut at half, 3 one byte of the check sum flipped. The read
 * goes through /proc/self/fd, as a file would. */
static void read_gz(const uint8_t *data, size_t size, int how, const sf_flow_read_opts *o) {
    uLong cap = compressBound((uLong)size) + 32;
    unsigned char *z = malloc(cap);
    if (!z)
        return;
    z_stream s;
    memset(&s, 0, sizeof s);
    if (deflateInit2(&s, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        free(z);
        return;
    }
    s.next_in = (Bytef *)(uintptr_t)data;
    s.avail_in = (uInt)size;
    s.next_out = z;
    s.avail_out = (uInt)cap;
    int r = deflate(&s, Z_FINISH);
    size_t n = s.total_out;
    deflateEnd(&s);
    if (r != Z_STREAM_END || n < 10) {
        free(z);
        return;
    }
    if (how == 1)
        n -= 8;
    else if (how == 2)
        n /= 2;
    else if (how == 3)
        z[n - 6] ^= 0x5A;
    int fd = memfd_create("fuzz", 0);
    if (fd >= 0 && write(fd, z, n) == (ssize_t)n) {
        char path[64];
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        sf_stays t;
        sf_stays_init(&t);
        sf_flow_read_report rep;
        sf_diag d;
        memset(&d, 0, sizeof d);
        int e = sf_flow_read_file(path, o, &t, &rep, &d);
        /* a cut or damaged file is always an error */
        if (how && !e)
            abort();
        if (!e)
            sf_flow_finish(&t, o, 0);
        sf_stays_free(&t);
    }
    if (fd >= 0)
        close(fd);
    free(z);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!size)
        return 0;
    sf_flow_read_opts o;
    sf_flow_read_opts_init(&o);
    o.strict = data[0] & 1;
    if (data[0] & 2)
        sf_tz_parse("Europe/Helsinki", &o.tz);
    if (data[0] & 4) {
        read_gz(data + 1, size - 1, (data[0] >> 3) & 3, &o);
        return 0;
    }
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
