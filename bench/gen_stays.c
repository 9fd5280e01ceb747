/* gen_stays.c: writes a synthetic stays CSV for the Analyze benchmark
 * (bench/run.sh (h)): N rows in an 8-column subset of the stays schema
 * (src/flow/stays.h),
 *
 *   patient,unit,org,start,end,from,to,class
 *
 * with ISO 8601 local times. Episodes start as a Poisson process from
 * 2024-01-01 (about 1.6 stays each, so N rows span about three years);
 * each enters at legevakt, kad or a hospital ward and moves on by fixed
 * routing probabilities (legevakt -> kad/hospital, hospital -> kad/home
 * care), every move immediate (the next stay starts when the previous
 * ends, so from/to are consistent). Patients are drawn from a pool a third
 * the size of the episodes, so many come back (readmissions).
 *
 * Deterministic for a seed (splitmix64), no dependencies, about 10^7 rows
 * in a few seconds.
 *
 * usage: gen_stays ROWS [SEED] > stays.csv */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The generator's one random stream (this is a single-threaded tool). */
static uint64_t rng_state;

static uint64_t next_u64(void) {
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double u01(void) { return ((next_u64() >> 11) + 0.5) * 0x1.0p-53; }
static double expo(double mean) { return -mean * log(u01()); }
static double normal(void) { return sqrt(-2 * log(u01())) * cos(2 * M_PI * u01()); }
static double lognormal(double mean, double sd) {
    double s2 = log(1 + sd * sd / (mean * mean));
    return exp(log(mean) - s2 / 2 + sqrt(s2) * normal());
}

enum { LEGEVAKT, KAD, MED, SURG, HOMECARE, HOME, NUNITS = HOME };
static const char *const unit_name[] = {"legevakt", "kad", "hospital-med", "hospital-surg",
                                        "home-care"};
static const char *const unit_org[] = {"municipality", "municipality", "hospital", "hospital",
                                       "municipality"};
/* next[u][v]: probability of going from u to v (HOME = leaves) */
static const double next_p[NUNITS][NUNITS + 1] = {
    [LEGEVAKT] = {[KAD] = .08, [MED] = .08, [SURG] = .04, [HOME] = .80},
    [KAD] = {[MED] = .12, [HOMECARE] = .08, [HOME] = .80},
    [MED] = {[KAD] = .10, [HOMECARE] = .15, [SURG] = .03, [HOME] = .72},
    [SURG] = {[KAD] = .05, [HOMECARE] = .10, [MED] = .05, [HOME] = .80},
    [HOMECARE] = {[MED] = .05, [HOME] = .95},
};

/* Length of stay in seconds. */
static int64_t los(int u) {
    double h;
    switch (u) {
    case LEGEVAKT: h = lognormal(0.7, 0.5); break;
    case KAD: h = lognormal(60, 36); break;
    case MED: h = lognormal(96, 72); break;
    case SURG: h = lognormal(120, 80); break;
    default: h = expo(25 * 24); break;
    }
    int64_t s = (int64_t)(h * 3600);
    return s < 60 ? 60 : s;
}

/* Days since 1970-01-01 to a civil date (Hinnant). */
static void civil(int64_t z, int *y, int *m, int *d) {
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static char *put2(char *p, int v) {
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
    return p + 2;
}

/* The date text of the last day formatted: most times fall on it. */
typedef struct day_cache {
    int64_t day;
    char date[16];
} day_cache;

/* "YYYY-MM-DDTHH:MM:SS" of local seconds t. */
static char *put_time(char *p, day_cache *c, int64_t t) {
    int64_t day = t / 86400, sec = t % 86400;
    if (day != c->day) {
        int y, m, d;
        civil(day, &y, &m, &d);
        snprintf(c->date, sizeof c->date, "%04d-%02d-%02d", y, m, d);
        c->day = day;
    }
    memcpy(p, c->date, 10);
    p += 10;
    *p++ = 'T';
    p = put2(p, (int)(sec / 3600));
    *p++ = ':';
    p = put2(p, (int)(sec / 60 % 60));
    *p++ = ':';
    return put2(p, (int)(sec % 60));
}

static char *put_str(char *p, const char *s) {
    size_t n = strlen(s);
    memcpy(p, s, n);
    return p + n;
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fputs("usage: gen_stays ROWS [SEED] > stays.csv\n", stderr);
        return 2;
    }
    long long rows = atoll(argv[1]);
    rng_state = argc == 3 ? strtoull(argv[2], NULL, 10) : 1;
    if (rows < 1) {
        fputs("gen_stays: ROWS must be at least 1\n", stderr);
        return 2;
    }
    /* about 1.6 stays per episode over three years */
    double episodes = rows / 1.6, span = 3 * 365 * 86400.0;
    double gap = span / episodes;
    uint64_t pool = (uint64_t)(episodes / 3) + 1;
    const int64_t t0 = 19723LL * 86400; /* 2024-01-01 */

    enum { BUF = 1 << 20 };
    char *buf = malloc(BUF + 512), *p = buf;
    if (!buf)
        return 1;
    p = put_str(p, "patient,unit,org,start,end,from,to,class\n");
    double now = 0;
    long long written = 0;
    day_cache dc = {-1, ""};
    while (written < rows) {
        now += expo(gap);
        uint64_t pat = next_u64() % pool;
        double r = u01();
        int u = r < .55 ? LEGEVAKT : r < .70 ? KAD : r < .90 ? MED : SURG;
        const char *cls = u01() < .85 ? "acute" : "planned";
        int64_t start = t0 + (int64_t)now;
        int from = HOME;
        for (int k = 0; k < 6 && written < rows; k++) {
            int64_t end = start + los(u);
            int to = HOME;
            double x = u01(), cum = 0;
            if (k < 5)
                for (int v = 0; v <= NUNITS; v++) {
                    cum += next_p[u][v];
                    if (x < cum) {
                        to = v;
                        break;
                    }
                }
            p += sprintf(p, "P%07llu,", (unsigned long long)pat);
            p = put_str(p, unit_name[u]);
            *p++ = ',';
            p = put_str(p, unit_org[u]);
            *p++ = ',';
            p = put_time(p, &dc, start);
            *p++ = ',';
            p = put_time(p, &dc, end);
            *p++ = ',';
            if (from != HOME)
                p = put_str(p, unit_name[from]);
            *p++ = ',';
            if (to != HOME)
                p = put_str(p, unit_name[to]);
            *p++ = ',';
            p = put_str(p, cls);
            *p++ = '\n';
            written++;
            if (p - buf >= BUF) {
                fwrite(buf, 1, (size_t)(p - buf), stdout);
                p = buf;
            }
            if (to == HOME)
                break;
            from = u;
            u = to;
            start = end;
        }
    }
    fwrite(buf, 1, (size_t)(p - buf), stdout);
    free(buf);
    return ferror(stdout) ? 1 : 0;
}
