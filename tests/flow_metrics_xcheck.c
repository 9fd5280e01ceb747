/* flow_metrics_xcheck.c: the C half of the independent cross-check of the
 * census and length-of-stay metrics against pandas (flow_metrics_xcheck.py).
 *
 * Generates a reproducible stays table (three units with very different
 * lengths of stay, zero-length stays, waits, a span across the spring
 * summer-time change in Europe/Oslo), writes it as DIR/stays.csv with
 * integer epoch seconds (so the Python side parses nothing of ours), then
 * computes the metrics in Europe/Oslo time and writes the CSV tables to
 * DIR, with metrics.json. The script recomputes census, peak, hour-of-week profile and length
 * of stay from stays.csv alone and compares.
 *
 * usage: flow_metrics_xcheck DIR [STAYS] */
#include "flow/metrics.h"
#include "flow/stays.h"
#include "flow/tz.h"
#include "report/flow_out.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* splitmix64: a small, well-mixed generator; state lives in the caller. */
static uint64_t next(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static double u01(uint64_t *s) { return ((double)(next(s) >> 11) + 0.5) / 9007199254740992.0; }

static int64_t local_tz(const void *ctx, int64_t utc) { return sf_tz_local(ctx, utc); }

static int write_table(const char *dir, const char *name, const sf_flow_metrics *m,
                       const sf_stays *t, const sf_flow_opts *o) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.csv", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return 1;
    }
    int rc = sf_flow_metrics_write_csv(m, t, o, name, f);
    if (fclose(f) || rc) {
        fprintf(stderr, "%s: write failed\n", path);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: flow_metrics_xcheck DIR [STAYS]\n");
        return 2;
    }
    const char *dir = argv[1];
    long nstays = argc > 2 ? strtol(argv[2], NULL, 10) : 6000;
    mkdir(dir, 0777);
    char path[1024];
    snprintf(path, sizeof path, "%s/stays.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return 1;
    }
    fputs("patient,unit,arrive,start,end\n", f);
    /* 2024-03-01T00:00Z + up to 60 days: crosses 2024-03-31 01:00Z */
    const int64_t t0 = 1709251200;
    const char *units[3] = {"ed", "ward", "kad"};
    const double mean_h[3] = {3.0, 60.0, 30.0};
    uint64_t seed = 20241125;
    sf_stays t;
    sf_stays_init(&t);
    char pbuf[32];
    for (long i = 0; i < nstays; i++) {
        int u = (int)(next(&seed) % 3);
        int64_t start = t0 + (int64_t)(u01(&seed) * 60 * 86400);
        /* exponential length of stay in whole seconds; 2 % zero-length */
        int64_t los = u01(&seed) < 0.02 ? 0 : (int64_t)(-log(u01(&seed)) * mean_h[u] * 3600);
        int64_t wait = u01(&seed) < 0.5 ? (int64_t)(u01(&seed) * 7200) : 0;
        int n =
            snprintf(pbuf, sizeof pbuf, "p%ld", (long)(next(&seed) % (uint64_t)(nstays / 3 + 1)));
        fprintf(f, "%s,%s,%" PRId64 ",%" PRId64 ",%" PRId64 "\n", pbuf, units[u], start - wait,
                start, start + los);
        sf_stay_row r = {0};
        r.patient = (sf_str){pbuf, (size_t)n};
        r.unit = (sf_str){units[u], strlen(units[u])};
        r.arrive = start - wait;
        r.start = start;
        r.end = start + los;
        r.ready = SF_T_NONE;
        if (sf_stays_append(&t, &r)) {
            fprintf(stderr, "out of memory\n");
            return 1;
        }
    }
    if (fclose(f)) {
        fprintf(stderr, "%s: write failed\n", path);
        return 1;
    }
    sf_tz tz;
    if (sf_tz_parse("Europe/Oslo", &tz))
        return 1;
    sf_flow_opts o;
    sf_flow_opts_default(&o);
    o.local = local_tz;
    o.local_ctx = &tz;
    sf_flow_metrics m;
    sf_diag d = {0};
    if (sf_flow_metrics_compute(&t, &o, &m, &d)) {
        fprintf(stderr, "metrics: %s\n", d.msg);
        return 1;
    }
    int rc = 0;
    for (size_t k = 0; k < sf_flow_ntables; k++)
        rc |= write_table(dir, sf_flow_tables[k], &m, &t, &o);
    snprintf(path, sizeof path, "%s/metrics.json", dir);
    f = fopen(path, "w");
    if (!f || sf_flow_metrics_write_json(&m, &t, &o, f) || fclose(f)) {
        fprintf(stderr, "%s: write failed\n", path);
        rc = 1;
    }
    sf_flow_metrics_free(&m);
    sf_stays_free(&t);
    return rc;
}
