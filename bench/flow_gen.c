/* flow_gen.c: writes a synthetic stays CSV for the ingest benchmark
 * (bench/run.sh, section h): N rows of 8 columns
 *   patient,unit,org,start,end,from,to,class
 * Patients arrive in time order over about a year; each has a chain of
 * 1-4 stays among 12 units with from/to filled, ISO 8601 local times.
 * Deterministic (xorshift), no dependencies.
 * Usage: flow_gen N > stays.csv */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t rs = 88172645463325252ULL;
static uint64_t rnd(void) {
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return rs;
}

static void iso(char *b, int64_t t) {
    /* t: seconds since 2024-01-01T00:00 local; months of fixed days are
     * not needed: print via the civil calendar */
    int64_t z = t / 86400 + 19723 + 719468, s = t % 86400;
    int64_t era = z / 146097, doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1), m = (int)(mp < 10 ? mp + 3 : mp - 9);
    int64_t y = yoe + era * 400 + (m <= 2);
    sprintf(b, "%04d-%02d-%02dT%02d:%02d:%02d", (int)y, m, d, (int)(s / 3600), (int)(s / 60 % 60),
            (int)(s % 60));
}

int main(int argc, char **argv) {
    if (argc != 2)
        return 2;
    long long n = atoll(argv[1]);
    static const char *units[12] = {"legevakt", "kad",      "akutt",    "medisin",
                                    "kirurgi",  "ortopedi", "intensiv", "sykehjem",
                                    "hjemmetj", "rehab",    "fastlege", "psyk"};
    static const char *orgs[3] = {"roros", "st-olav", "holtalen"};
    static const char *cls[3] = {"acute", "elective", "urgent"};
    printf("patient,unit,org,start,end,from,to,class\n");
    static char obuf[1 << 20];
    setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
    long long rows = 0, pid = 0;
    int64_t clock = 0;
    while (rows < n) {
        int k = 1 + (int)(rnd() % 4);
        clock += (int64_t)(rnd() % 8);
        int64_t t = clock;
        int prev = -1, u = (int)(rnd() % 12);
        const char *c = cls[rnd() % 3], *o = orgs[rnd() % 3];
        for (int j = 0; j < k && rows < n; j++, rows++) {
            int next = j + 1 < k ? (int)((u + 1 + rnd() % 11) % 12) : -1;
            int64_t los = 600 + (int64_t)(rnd() % (4 * 86400));
            char a[32], b[32];
            iso(a, t);
            iso(b, t + los);
            printf("p%07lld,%s,%s,%s,%s,%s,%s,%s\n", pid, units[u], o, a, b,
                   prev < 0 ? "" : units[prev], next < 0 ? "" : units[next], c);
            t += los;
            prev = u;
            u = next;
        }
        pid++;
    }
    return 0;
}
