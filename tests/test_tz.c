/* test_tz.c: the TZif reader and zone lookups (src/flow/tz.c) against the
 * system's own conversion: glibc's localtime_r with TZ set reads the same
 * tzdata files with an independent implementation. Checked at every
 * transition of several zones from 1900 to 2100 (the years after the
 * files' last transition come from the footer rule), at random instants,
 * and at wall-clock times around each change by the rule of tz.h (a time
 * that occurs twice or not at all is read with the offset before the
 * change). Also: Norway's summer time before 1996, which the old
 * hand-written EU rule got wrong, and malformed TZif files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the headers above first */
#include <cmocka.h>

#include "flow/tz.h"
#include "samflyt/samflyt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const zones[] = {
    "Europe/Oslo",      "Europe/London",     "Europe/Dublin",       "America/New_York",
    "America/St_Johns", "America/Sao_Paulo", "Australia/Lord_Howe", "Pacific/Apia",
    "Asia/Kolkata",     "Africa/Casablanca", "Asia/Tokyo",
};

static void set_tz(const char *zone) {
    char buf[128];
    snprintf(buf, sizeof buf, ":%s", zone);
    setenv("TZ", buf, 1);
    tzset();
}

/* glibc's offset at an instant */
static long sys_off(int64_t utc) {
    time_t t = (time_t)utc;
    struct tm tm;
    assert_non_null(localtime_r(&t, &tm));
    return tm.tm_gmtoff;
}

/* Offsets at and just before every transition, 1900-2100. */
static void test_tz_transitions_vs_system(void **state) {
    (void)state;
    int64_t lo = sf_days_from_civil(1900, 1, 1) * 86400,
            hi = sf_days_from_civil(2100, 1, 1) * 86400;
    for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
        sf_tz tz;
        sf_diag d = {0};
        if (sf_tz_load(zones[z], &tz, &d))
            fail_msg("%s: %s", zones[z], d.msg);
        set_tz(zones[z]);
        int checked = 0;
        for (int i = 0; i < tz.nt; i++) {
            int64_t t = tz.t[i];
            if (t < lo || t >= hi)
                continue;
            for (int64_t dt = -1; dt <= 0; dt++)
                if (sf_tz_offset(&tz, t + dt) != sys_off(t + dt))
                    fail_msg("%s at %lld: %d, system %ld", zones[z], (long long)(t + dt),
                             sf_tz_offset(&tz, t + dt), sys_off(t + dt));
            checked++;
        }
        /* beyond the table: the footer rule computed on the fly */
        for (int64_t y = 2200; y < 2203; y++)
            for (int m = 1; m <= 12; m++) {
                int64_t t = sf_days_from_civil(y, m, 15) * 86400 + 43200;
                assert_int_equal(sf_tz_offset(&tz, t), sys_off(t));
            }
        if (strcmp(zones[z], "Asia/Tokyo") && strcmp(zones[z], "Asia/Kolkata"))
            assert_true(checked > 20);
    }
}

/* Random instants 1900-2300; local times that exist once map back. */
static void test_tz_random_vs_system(void **state) {
    (void)state;
    uint64_t x = 88172645463325252ULL;
    int64_t lo = sf_days_from_civil(1900, 1, 1) * 86400, span = 400LL * 31556952;
    for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
        sf_tz tz;
        assert_int_equal(sf_tz_load(zones[z], &tz, NULL), 0);
        set_tz(zones[z]);
        for (int k = 0; k < 20000; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            int64_t u = lo + (int64_t)(x % (uint64_t)span);
            long off = sys_off(u);
            if (sf_tz_offset(&tz, u) != off)
                fail_msg("%s at %lld: %d, system %ld", zones[z], (long long)u, sf_tz_offset(&tz, u),
                         off);
            /* the wall-clock time maps back to u unless it also occurs
             * earlier (the autumn hour: the first occurrence is taken) */
            int64_t l = u + off, back = sf_tz_to_utc(&tz, l);
            if (back != u && !(back < u && back + sys_off(back) == l))
                fail_msg("%s local %lld -> %lld, expected %lld", zones[z], (long long)l,
                         (long long)back, (long long)u);
        }
    }
}

/* Wall-clock times around each change: before it, in the gap or overlap,
 * after it; checked with the system's offsets on both sides. */
static void test_tz_gaps_and_overlaps(void **state) {
    (void)state;
    int64_t lo = sf_days_from_civil(1900, 1, 1) * 86400,
            hi = sf_days_from_civil(2100, 1, 1) * 86400;
    for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
        sf_tz tz;
        assert_int_equal(sf_tz_load(zones[z], &tz, NULL), 0);
        set_tz(zones[z]);
        for (int i = 1; i + 1 < tz.nt; i++) {
            int64_t t = tz.t[i];
            /* neighbours more than two days away: one change at a time */
            if (t < lo || t >= hi || t - tz.t[i - 1] < 172800 || tz.t[i + 1] - t < 172800)
                continue;
            long b = sys_off(t - 1), a = sys_off(t);
            if (a == b)
                continue; /* only the summer-time flag or the name changed */
            int64_t mn = t + (a < b ? a : b), mx = t + (a < b ? b : a);
            int64_t ls[] = {mn - 3600, mn - 1, mn, (mn + mx) / 2, mx - 1, mx, mx + 3600};
            for (size_t k = 0; k < sizeof ls / sizeof ls[0]; k++) {
                int64_t l = ls[k], want = l < mx ? l - b : l - a;
                int64_t got = sf_tz_to_utc(&tz, l);
                if (got != want)
                    fail_msg("%s change at %lld (%ld -> %ld): local %lld -> %lld, expected %lld",
                             zones[z], (long long)t, b, a, (long long)l, (long long)got,
                             (long long)want);
                if (l < mn || l >= mx || a < b)
                    /* the system shows that wall-clock time at that instant */
                    assert_true(got + sys_off(got) == l);
                else
                    /* in the gap: the instant is after the change */
                    assert_true(got >= t);
            }
        }
    }
}

/* Norway: summer time 1916, 1940-45 (German time), 1959-65 and since
 * 1980, ending in September until 1995. The old EU rule put every summer
 * from March to October. */
static void test_tz_oslo_history(void **state) {
    (void)state;
    sf_tz tz;
    assert_int_equal(sf_tz_load("Europe/Oslo", &tz, NULL), 0);
    struct {
        int y, m, d, h;
        int off;
    } c[] = {
        {1962, 7, 1, 12, 7200},   {1970, 7, 1, 12, 3600},   {1978, 7, 1, 12, 3600},
        {1985, 7, 15, 10, 7200},  {1985, 10, 10, 12, 3600}, {1995, 10, 15, 12, 3600},
        {1996, 10, 15, 12, 7200}, {2027, 3, 28, 0, 3600},   {2027, 3, 28, 1, 7200},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        int64_t u = sf_days_from_civil(c[i].y, c[i].m, c[i].d) * 86400 + c[i].h * 3600;
        if (sf_tz_offset(&tz, u) != c[i].off)
            fail_msg("Oslo %d-%02d-%02d %02d:00 UTC: offset %d, expected %d", c[i].y, c[i].m,
                     c[i].d, c[i].h, sf_tz_offset(&tz, u), c[i].off);
        assert_true(sf_tz_to_utc(&tz, u + c[i].off) == u);
    }
    /* a Synthea-like arrival, 1985-10-10 14:30 local: 13:30 UTC, and in
     * hour 14 of Thursday (hour of week 3 * 24 + 14) */
    int64_t l = sf_days_from_civil(1985, 10, 10) * 86400 + 14 * 3600 + 1800;
    int64_t u = sf_tz_to_utc(&tz, l);
    assert_true(u == l - 3600);
    assert_int_equal(sf_tz_hour_of_week(&tz, u), 3 * 24 + 14);
}

static void test_tz_names(void **state) {
    (void)state;
    sf_tz tz;
    sf_diag d = {0};
    assert_int_equal(sf_tz_load("america/new_york", &tz, &d), 0);
    assert_string_equal(tz.name, "America/New_York");
    assert_int_equal(sf_tz_load("Mars/Olympus", &tz, &d), SF_ERR_ARG);
    assert_non_null(strstr(d.msg, "unknown time zone 'Mars/Olympus'"));
    assert_int_equal(sf_tz_load("../../etc/passwd", &tz, &d), SF_ERR_ARG);
    assert_int_equal(sf_tz_load("Europe/../Europe/Oslo", &tz, &d), SF_ERR_ARG);
    assert_int_equal(sf_tz_load("/usr/share/zoneinfo/UTC", &tz, &d), SF_ERR_ARG);
    assert_int_equal(sf_tz_load("Europe", &tz, &d), SF_ERR_ARG); /* a directory */
    assert_int_equal(sf_tz_load("Europe/", &tz, &d), SF_ERR_ARG);
    /* a right/ zone counts leap seconds: refused, not silently shifted */
    if (sf_tz_load("right/UTC", &tz, &d) != SF_ERR_ARG) {
        assert_non_null(strstr(d.msg, "leap seconds"));
    }
    assert_int_equal(sf_tz_load_dir("/nonexistent-tzdir", "Europe/Oslo", &tz, &d), SF_ERR_IO);
    assert_non_null(strstr(d.msg, "tzdata"));
    /* fixed zones need no database */
    assert_int_equal(sf_tz_load_dir("/nonexistent-tzdir", "+05:30", &tz, &d), 0);
    assert_int_equal(sf_tz_offset(&tz, 0), 19800);
    assert_int_equal(sf_tz_load_dir("/nonexistent-tzdir", "utc", &tz, &d), 0);
    assert_string_equal(tz.name, "UTC");
}

/* A minimal v2 TZif: no transitions, one type, the footer. */
static size_t tzif_min(unsigned char *b, const char *footer) {
    size_t n = 0;
    for (int v = 0; v < 2; v++) {
        memset(b + n, 0, 44);
        memcpy(b + n, "TZif2", 5);
        b[n + 39] = 1; /* typecnt */
        b[n + 43] = 4; /* charcnt */
        n += 44;
        /* ttinfo: utoff 3600, isdst 0, desigidx 0; "CET\0" */
        unsigned char ti[] = {0, 0, 0x0e, 0x10, 0, 0, 'C', 'E', 'T', 0};
        memcpy(b + n, ti, sizeof ti);
        n += sizeof ti;
    }
    n += (size_t)sprintf((char *)b + n, "\n%s\n", footer);
    return n;
}

static void test_tz_tzif_malformed(void **state) {
    (void)state;
    unsigned char b[256];
    sf_tz tz;
    sf_diag d = {0};
    size_t n = tzif_min(b, "CET-1CEST,M3.5.0,M10.5.0/3");
    assert_int_equal(sf_tz_from_tzif("min", b, n, &tz, &d), 0);
    /* the footer rule alone gives the EU changes: 2027-03-28 01:00 UTC */
    int64_t s = sf_days_from_civil(2027, 3, 28) * 86400 + 3600;
    assert_int_equal(sf_tz_offset(&tz, s - 1), 3600);
    assert_int_equal(sf_tz_offset(&tz, s), 7200);
    assert_int_equal(sf_tz_offset(&tz, sf_days_from_civil(2500, 7, 1) * 86400), 7200);
    /* every truncation is refused with a diagnostic, never read past */
    for (size_t k = 0; k < n - 1; k++) {
        d.msg[0] = '\0';
        assert_int_equal(sf_tz_from_tzif("min", b, k, &tz, &d), SF_ERR_IO);
        assert_non_null(strstr(d.msg, "not a valid TZif file"));
    }
    /* a type index out of range, a huge count, a bad footer */
    n = tzif_min(b, "CET-1CEST");
    assert_int_equal(sf_tz_from_tzif("min", b, n, &tz, &d), SF_ERR_IO);
    assert_non_null(strstr(d.msg, "footer"));
    n = tzif_min(b, "CET-1");
    b[44 + 10 + 35] = 0xff; /* second header: timecnt 0xff...: more than the file holds */
    b[44 + 10 + 32] = 0x7f;
    assert_int_equal(sf_tz_from_tzif("min", b, n, &tz, &d), SF_ERR_IO);
    assert_non_null(strstr(d.msg, "more than the file holds"));
}

/* A slim file (tests/data/flow/tz/README): its footer rule alone gives
 * every change after 1996, as the system's fat Europe/Berlin does. */
static void test_tz_slim(void **state) {
    (void)state;
    sf_tz tz;
    sf_diag d = {0};
    if (sf_tz_load_dir(SF_TEST_DATA "/flow/tz", "Slim/Berlin", &tz, &d))
        fail_msg("%s: %s", d.file, d.msg);
    set_tz("Europe/Berlin");
    int64_t lo = sf_days_from_civil(1997, 1, 1) * 86400,
            hi = sf_days_from_civil(2300, 1, 1) * 86400;
    for (int64_t u = lo; u < hi; u += 3 * 3600 + 17) {
        if (sf_tz_offset(&tz, u) != sys_off(u))
            fail_msg("Slim/Berlin at %lld: %d, system %ld", (long long)u, sf_tz_offset(&tz, u),
                     sys_off(u));
        int64_t l = u + sys_off(u), back = sf_tz_to_utc(&tz, l);
        assert_true(back == u || (back < u && back + sys_off(back) == l));
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tz_transitions_vs_system),
        cmocka_unit_test(test_tz_random_vs_system),
        cmocka_unit_test(test_tz_gaps_and_overlaps),
        cmocka_unit_test(test_tz_oslo_history),
        cmocka_unit_test(test_tz_names),
        cmocka_unit_test(test_tz_tzif_malformed),
        cmocka_unit_test(test_tz_slim),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
