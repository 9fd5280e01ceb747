/* libcsv_bench.c: libcsv (Debian libcsv-dev) splitting the same stays CSV as
 * bench/csv_scan_bench.c, fields and rows counted in callbacks; built by
 * bench/ingest.sh when libcsv is installed. Usage: libcsv_bench FILE */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
static size_t fields, rows, bytes;
static void cb1(void *s, size_t len, void *d) {
    (void)s;
    (void)d;
    fields++;
    bytes += len;
}
static void cb2(int c, void *d) {
    (void)c;
    (void)d;
    rows++;
}
int main(int argc, char **argv) {
    struct csv_parser p;
    csv_init(&p, CSV_APPEND_NULL);
    FILE *f = fopen(argv[1], "rb");
    static char buf[1 << 20];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        csv_parse(&p, buf, n, cb1, cb2, NULL);
    csv_fini(&p, cb1, cb2, NULL);
    printf("%zu rows %zu fields %zu bytes\n", rows, fields, bytes);
    return 0;
}
