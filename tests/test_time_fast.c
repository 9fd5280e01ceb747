/* test_time_fast.c: sf_time_parse_iso19, the per-column fast path for
 * "YYYY-MM-DDTHH:MM:SS" with its memoised date, must give what the general
 * sf_time_parse gives (a separate implementation: digit scanner, then
 * date and clock checks), or decline (-1) so the general path decides.
 * Strings come in runs sharing a date, then jump, as in exports, plus
 * invalid dates, 24:00:00, leap seconds and near-misses of the layout. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the headers above first */
#include <cmocka.h>

#include "flow/ingest.h"
#include "flow/tz.h"

#include <stdio.h>
#include <string.h>

/* fast and general agree: both read it with the same value, or the fast
 * path declines; returns 1 when the fast path read it */
static int agree(const char *s, const sf_tz *tz, sf_time_memo *memo) {
    int64_t a = 0, b = 0;
    size_t col;
    size_t n = strlen(s);
    int fa = sf_time_parse_iso19(s, n, tz, memo, &a);
    int gb = sf_time_parse(s, n, SF_TF_ISO, tz, &b, &col);
    if (fa == 0) {
        if (gb != 0 || a != b)
            fail_msg("'%s': fast %lld, general %d %lld", s, (long long)a, gb, (long long)b);
        return 1;
    }
    return 0;
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static unsigned next(unsigned m) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % m);
}

static void run(const char *zone) {
    sf_tz tz;
    assert_int_equal(sf_tz_parse(zone, &tz), 0);
    sf_time_memo memo = {0};
    char b[64];
    int fast = 0;
    for (int k = 0; k < 200000; k++) {
        /* a day (maybe invalid: day 29-31 of every month), kept for a run */
        static int y = 2024, m = 2, d = 29;
        if (next(20) == 0) {
            y = 1999 + (int)next(30);
            m = 1 + (int)next(12);
            d = 1 + (int)next(31);
        }
        int h = (int)next(25), mi = (int)next(60), se = (int)next(61);
        char sep = next(10) == 0 ? ' ' : 'T';
        snprintf(b, sizeof b, "%04d-%02d-%02d%c%02d:%02d:%02d", y, m, d, sep, h, mi, se);
        fast += agree(b, &tz, &memo);
    }
    /* most generated strings take the fast path (else it is not tested) */
    assert_true(fast > 100000);
    const char *edge[] = {"2024-02-29T12:00:00", "2023-02-29T12:00:00",  "2024-02-29T24:00:00",
                          "2024-12-31T23:59:60", "2024-13-01T00:00:00",  "2024-00-10T00:00:00",
                          "2024-01-00T00:00:00", "0000-01-01T00:00:00",  "9999-12-31T23:59:59",
                          "2024-01-01t00:00:00", "2024-01-01T00:00:00Z", "2024-1-01T00:00:00",
                          "2024-01-01T0:00:000", "2024/01/01T00:00:00",  "2024-01-01T00:00",
                          "2024-01-01 00:00:00", "2024-03-31T02:30:00",  "2024-10-27T02:30:00",
                          "2024-01-01T0a:00:00", " 2024-01-01T00:00:0"};
    for (size_t k = 0; k < sizeof edge / sizeof *edge; k++) {
        agree(edge[k], &tz, &memo);
        sf_time_memo fresh = {0};
        agree(edge[k], &tz, &fresh);
    }
    /* the memo is per date: a valid date after an invalid one */
    sf_time_memo m2 = {0};
    assert_int_equal(agree("2023-02-29T01:00:00", &tz, &m2), 0);
    assert_int_equal(agree("2023-03-01T01:00:00", &tz, &m2), 1);
    assert_int_equal(agree("2023-03-01T01:00:01", &tz, &m2), 1);
    assert_int_equal(agree("2023-03-02T01:00:01", &tz, &m2), 1);
}

static void test_fast_utc(void **state) {
    (void)state;
    run("UTC");
}

/* local times through the zone rules, including the DST gaps and folds */
static void test_fast_oslo(void **state) {
    (void)state;
    run("Europe/Oslo");
}

/* sf_tz_day_offset: a day it calls one offset has that offset at every
 * quarter hour (and its last second); days with a change are declined;
 * from 1850 to 2300, so the table, its hand-over to the rule and the rule
 * are all crossed. */
static void day_offsets(const char *zone, int want_declined) {
    sf_tz tz;
    assert_int_equal(sf_tz_parse(zone, &tz), 0);
    int declined = 0, fixed = 0;
    for (int64_t day = sf_days_from_civil(1850, 1, 1); day < sf_days_from_civil(2300, 1, 1);
         day++) {
        int32_t off;
        int64_t l0 = day * 86400;
        if (!sf_tz_day_offset(&tz, l0, &off)) {
            declined++;
            continue;
        }
        fixed++;
        for (int64_t s = 0; s <= 86400; s += 900) {
            int64_t l = l0 + (s == 86400 ? 86399 : s);
            if (sf_tz_to_utc(&tz, l) != l - off)
                fail_msg("%s day %lld second %lld: offset %d, to_utc %lld", zone, (long long)day,
                         (long long)s, off, (long long)(sf_tz_to_utc(&tz, l) - l));
        }
    }
    assert_true(fixed > 100000);
    if (want_declined)
        assert_true(declined >= 2 * (2300 - 1980)); /* two changes a year */
    else
        assert_int_equal(declined, 0);
}

static void test_day_offset(void **state) {
    (void)state;
    day_offsets("UTC", 0);
    day_offsets("+05:30", 0);
    day_offsets("Europe/Oslo", 1);
    day_offsets("America/New_York", 1);
    day_offsets("Australia/Lord_Howe", 1); /* half-hour summer time */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_day_offset),
        cmocka_unit_test(test_fast_utc),
        cmocka_unit_test(test_fast_oslo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
