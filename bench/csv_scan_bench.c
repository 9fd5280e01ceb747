/* csv_scan_bench.c: the ingest CSV scanner alone (src/flow/csv.c's
 * csv_next: records split into fields, no mapping, times or interning),
 * for comparison with libcsv on the same file (bench/libcsv_bench.c).
 * Built and run by bench/ingest.sh. Usage: csv_scan_bench FILE */
#include "../src/flow/csv.c"

#include <stdio.h>

int main(int argc, char **argv) {
    if (argc != 2)
        return 2;
    csv_in c = {0};
    c.gz = gzopen(argv[1], "rb");
    if (!c.gz)
        return 1;
    gzbuffer(c.gz, 1u << 17);
    c.cap = CSV_BUF0;
    c.buf = malloc(c.cap);
    c.line = 1;
    c.first = 1;
    size_t rows = 0, fields = 0, bytes = 0;
    while (csv_next(&c, ',') > 0) {
        rows++;
        fields += (size_t)c.nf;
        for (int i = 0; i < c.nf; i++)
            bytes += c.f[i].len;
    }
    printf("%zu rows %zu fields %zu bytes\n", rows, fields, bytes);
    gzclose(c.gz);
    free(c.buf);
    free(c.f);
    free(c.fcol);
    free(c.scratch);
    return 0;
}
