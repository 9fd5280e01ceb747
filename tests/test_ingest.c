/* test_ingest.c: the ingest readers (csv.c, fhir.c, timeparse.c,
 * ingest.c) on hand-written fixtures in tests/data/flow/ and on inline
 * CSV. Every expected instant is worked out in the comments: Oslo is
 * UTC+1 in winter and UTC+2 from the last Sunday of March 01:00 UTC to the
 * last Sunday of October 01:00 UTC (2024: 31 March and 27 October). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the headers above first */
#include <cmocka.h>

#include "flow/ingest.h"
#include "flow/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLOW SF_TEST_DATA "/flow/"

/* UTC seconds of a UTC civil time. */
static int64_t U(int y, int m, int d, int h, int mi, int s) {
    return sf_days_from_civil(y, m, d) * 86400 + h * 3600 + mi * 60 + s;
}

static const char *name(const sf_stays *t, sf_field f, uint32_t id) {
    return id == SF_ID_NONE ? "" : sf_intern_str(&t->names[f], id);
}

/* The row of patient p at unit u (-1 if none). */
static long find(const sf_stays *t, const char *p, const char *u) {
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(name(t, SF_F_PATIENT, t->patient[i]), p) &&
            !strcmp(name(t, SF_F_UNIT, sf_stays_unit(t, i)), u))
            return (long)i;
    return -1;
}

typedef struct fx {
    sf_flow_read_opts o;
    sf_flow_read_report rep;
    sf_stays t;
    sf_diag d;
} fx;

static int read_file(fx *f, const char *path) {
    memset(&f->d, 0, sizeof f->d);
    return sf_flow_read_file(path, &f->o, &f->t, &f->rep, &f->d);
}

static int read_buf(fx *f, const char *csv) {
    memset(&f->d, 0, sizeof f->d);
    return sf_flow_read_csv_buffer("inline.csv", csv, strlen(csv), &f->o, &f->t, &f->rep, &f->d);
}

static int setup(void **state) {
    fx *f = calloc(1, sizeof *f);
    sf_flow_read_opts_init(&f->o);
    sf_stays_init(&f->t);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fx *f = *state;
    sf_stays_free(&f->t);
    free(f);
    return 0;
}

static void assert_lines(const sf_flow_read_report *r, sf_flow_reason why, int n, ...) {
    if (r->reason[why] != (uint64_t)n)
        fail_msg("%s: %llu rows, expected %d", sf_flow_reason_name(why),
                 (unsigned long long)r->reason[why], n);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n && i < SF_FLOW_MAX_LINES; i++) {
        uint64_t want = (uint64_t)va_arg(ap, int);
        if (r->lines[why][i] != want)
            fail_msg("%s: line %llu, expected %llu", sf_flow_reason_name(why),
                     (unsigned long long)r->lines[why][i], (unsigned long long)want);
    }
    va_end(ap);
}

/* ---- time formats ---------------------------------------------------------- */

static void test_time_parse(void **state) {
    (void)state;
    sf_tz oslo, utc;
    sf_tz_parse("Europe/Oslo", &oslo);
    sf_tz_parse("UTC", &utc);
    int64_t t;
    size_t col;
#define OK(str, fmt, tz, want)                                                                     \
    do {                                                                                           \
        if (sf_time_parse(str, strlen(str), fmt, tz, &t, &col))                                    \
            fail_msg("'%s' did not parse (col %zu)", str, col);                                    \
        if (t != (want))                                                                           \
            fail_msg("'%s': %lld, expected %lld", str, (long long)t, (long long)(want));           \
    } while (0)
#define BAD(str, fmt) assert_int_equal(sf_time_parse(str, strlen(str), fmt, &oslo, &t, &col), -1)
    /* ISO with Z, offsets, fractions; without offset local (winter +1) */
    OK("2017-01-02T11:41:53Z", SF_TF_ISO, &oslo, U(2017, 1, 2, 11, 41, 53));
    OK("2024-03-01 08:15", SF_TF_ISO, &oslo, U(2024, 3, 1, 7, 15, 0));
    OK("2024-03-01T08:15:00.999", SF_TF_ISO, &oslo, U(2024, 3, 1, 7, 15, 0));
    OK("2024-03-01T08:15:00+05:30", SF_TF_ISO, &oslo, U(2024, 3, 1, 2, 45, 0));
    OK("2024-03-01T08:15:00-0300", SF_TF_ISO, &oslo, U(2024, 3, 1, 11, 15, 0));
    OK("2024-03-01", SF_TF_ISO, &oslo, U(2024, 2, 29, 23, 0, 0));
    OK("2024-07-01 00:00", SF_TF_ISO, &oslo, U(2024, 6, 30, 22, 0, 0)); /* summer +2 */
    OK("2024-07-01 00:00", SF_TF_ISO, &utc, U(2024, 7, 1, 0, 0, 0));
    OK("2024-03-01T24:00:00Z", SF_TF_ISO, &oslo, U(2024, 3, 2, 0, 0, 0));
    OK(" 2024-03-01 08:15 ", SF_TF_ISO, &oslo, U(2024, 3, 1, 7, 15, 0));
    /* DST: spring gap 02:30 read in standard time; autumn overlap first */
    OK("2024-03-31 02:30", SF_TF_ISO, &oslo, U(2024, 3, 31, 1, 30, 0));
    OK("2024-10-27 02:30", SF_TF_ISO, &oslo, U(2024, 10, 27, 0, 30, 0));
    OK("2024-10-27 03:30", SF_TF_ISO, &oslo, U(2024, 10, 27, 2, 30, 0));
    /* export formats */
    OK("01.03.2024 08:15", SF_TF_DMY_DOT, &oslo, U(2024, 3, 1, 7, 15, 0));
    OK("1.3.2024", SF_TF_DMY_DOT, &oslo, U(2024, 2, 29, 23, 0, 0));
    OK("2024/03/01 08:15:30", SF_TF_YMD_SLASH, &oslo, U(2024, 3, 1, 7, 15, 30));
    OK("01/03/2024 08:15", SF_TF_DMY_SLASH, &oslo, U(2024, 3, 1, 7, 15, 0));
    OK("03/01/2024 8:15 PM", SF_TF_MDY_SLASH, &oslo, U(2024, 3, 1, 19, 15, 0));
    OK("03/01/2024 12:05 AM", SF_TF_MDY_SLASH, &oslo, U(2024, 2, 29, 23, 5, 0));
    OK("03/01/2024 12:05 PM", SF_TF_MDY_SLASH, &oslo, U(2024, 3, 1, 11, 5, 0));
    OK("1709277300", SF_TF_EPOCH, &oslo, U(2024, 3, 1, 7, 15, 0));
    OK("1709277300123", SF_TF_EPOCH_MS, &oslo, U(2024, 3, 1, 7, 15, 0));
    /* wrong */
    BAD("2024-02-30 08:00", SF_TF_ISO);
    BAD("2023-02-29", SF_TF_ISO);
    BAD("2024-13-01", SF_TF_ISO);
    BAD("2024-03-01 25:00", SF_TF_ISO);
    BAD("2024-03-01 08:60", SF_TF_ISO);
    BAD("2024-03-01T08:15:00+25:00", SF_TF_ISO);
    BAD("2024-03-01 08:15 x", SF_TF_ISO);
    BAD("01.03.2024 08:15", SF_TF_ISO);
    BAD("13/25/2024", SF_TF_MDY_SLASH);
    BAD("03/01/2024 13:00 PM", SF_TF_MDY_SLASH);
    BAD("", SF_TF_ISO);
    BAD("17092773x0", SF_TF_EPOCH);
    /* sniffing */
    assert_int_equal(sf_time_sniff("2024-03-01", 10), SF_TF_ISO);
    assert_int_equal(sf_time_sniff("01.03.2024", 10), SF_TF_DMY_DOT);
    assert_int_equal(sf_time_sniff("2024/03/01", 10), SF_TF_YMD_SLASH);
    assert_int_equal(sf_time_sniff("13/03/2024", 10), SF_TF_DMY_SLASH);
    assert_int_equal(sf_time_sniff("03/13/2024", 10), SF_TF_MDY_SLASH);
    assert_int_equal(sf_time_sniff("03/04/2024", 10), SF_TF_SLASH);
    assert_int_equal(sf_time_sniff("1709277300", 10), SF_TF_EPOCH);
    assert_int_equal(sf_time_sniff("1709277300123", 13), SF_TF_EPOCH_MS);
    assert_int_equal(sf_time_sniff("yesterday", 9), SF_TF_UNKNOWN);
#undef OK
#undef BAD
}

/* ---- CSV ------------------------------------------------------------------- */

static void test_rejections(void **state) {
    fx *f = *state;
    /* bad_rows.csv, one row per reason (line 1 is the header):
     *  2 ok; 3 three fields; 4 no patient; 5 no unit; 6 no end (kept: an
     *  open stay, still in care at the extract's end); 7 month 13;
     *  8 end before start; 9 text after a closing quote; 10 ready after
     *  end; 11 hour 25; 12 byte 0xFF in the unit; 13 ok (ready inside);
     *  14 a DD.MM.YYYY time in an ISO column */
    assert_int_equal(read_file(f, FLOW "bad_rows.csv"), 0);
    assert_string_equal(f->rep.preset, "samflyt");
    assert_int_equal(f->rep.rows, 13);
    assert_int_equal(f->rep.stays, 3);
    assert_int_equal(f->rep.skipped, 10);
    assert_lines(&f->rep, SF_R_FIELDS, 1, 3);
    assert_lines(&f->rep, SF_R_PATIENT, 1, 4);
    assert_lines(&f->rep, SF_R_UNIT, 1, 5);
    assert_lines(&f->rep, SF_R_NOTIME, 0);
    long open = find(&f->t, "p4", "ward");
    assert_true(open >= 0 && sf_stays_is_open(&f->t, open));
    assert_true(sf_stays_end(&f->t, open) == SF_T_NONE && f->t.nopen == 1);
    assert_true(f->t.line && f->t.line[open] == 6);
    assert_lines(&f->rep, SF_R_TIME, 3, 7, 11, 14);
    assert_lines(&f->rep, SF_R_ORDER, 2, 8, 10);
    assert_lines(&f->rep, SF_R_QUOTE, 1, 9);
    assert_lines(&f->rep, SF_R_UTF8, 1, 12);
    assert_int_equal(f->rep.fmt[SF_C_START], SF_TF_ISO);
    long i = find(&f->t, "p11", "ward");
    assert_true(i >= 0);
    /* 2024-01-10 20:00 Oslo (winter) = 19:00 UTC */
    assert_true(f->t.ready[i] == U(2024, 1, 10, 19, 0, 0));
}

static void test_strict(void **state) {
    fx *f = *state;
    f->o.strict = 1;
    assert_int_equal(read_file(f, FLOW "bad_rows.csv"), SF_ERR_SYNTAX);
    /* the first bad row: line 3, wrong field count */
    assert_int_equal(f->d.line, 3);
    assert_non_null(strstr(f->d.msg, "3 fields, expected 5"));
    /* a bad time names the column and the expected format, with a column */
    sf_stays_free(&f->t);
    sf_stays_init(&f->t);
    assert_int_equal(read_buf(f, "patient,unit,start,end\n"
                                 "p,u,2024-03-01 08:00,2024-03-01 09:00\n"
                                 "p,u,2024-03-01 08:00,2024-03-01 9h\n"),
                     SF_ERR_SYNTAX);
    assert_int_equal(f->d.line, 3);
    /* the end field starts at column 22; "2024-03-01 " is 11 bytes, and the
     * problem is at the 'h' after "9" (offset 12) */
    assert_int_equal(f->d.column, 22 + 12);
    assert_non_null(strstr(f->d.msg, "bad time '2024-03-01 9h' in column 'end'"));
    assert_non_null(strstr(f->d.msg, "ISO 8601"));
}

static void test_quoting_bom_crlf(void **state) {
    fx *f = *state;
    /* quoting.csv: BOM, ';', CRLF, "" escapes, a quoted CRLF inside a unit
     * (row on lines 3-4), and a bad time on line 6 */
    assert_int_equal(read_file(f, FLOW "quoting.csv"), 0);
    assert_int_equal(f->rep.delim, ';');
    assert_int_equal(f->rep.rows, 4);
    assert_int_equal(f->rep.stays, 3);
    assert_lines(&f->rep, SF_R_TIME, 1, 6);
    assert_int_equal(f->rep.fmt[SF_C_START], SF_TF_DMY_DOT);
    long i = find(&f->t, "p;1", "Ward \"A\"");
    assert_true(i >= 0);
    /* 01.03.2024 08:00 Oslo = 07:00 UTC; 10:30 = 09:30 UTC */
    assert_true(sf_stays_start(&f->t, i) == U(2024, 3, 1, 7, 0, 0));
    assert_true(sf_stays_end(&f->t, i) == U(2024, 3, 1, 9, 30, 0));
    assert_true(find(&f->t, "p2", "multi\r\nline unit") >= 0);
    i = find(&f->t, "p3", "ward");
    /* 03.03.2024 23:00 = 22:00 UTC; 04.03 01:00 = 00:00 UTC */
    assert_true(sf_stays_start(&f->t, i) == U(2024, 3, 3, 22, 0, 0));
    assert_true(sf_stays_end(&f->t, i) == U(2024, 3, 4, 0, 0, 0));
}

static void test_gzip_samflyt(void **state) {
    fx *f = *state;
    /* samflyt_stays.csv.gz: the stays schema itself, gzip'd */
    assert_int_equal(read_file(f, FLOW "samflyt_stays.csv.gz"), 0);
    assert_int_equal(f->rep.gzip, 1);
    assert_string_equal(f->rep.preset, "samflyt");
    assert_int_equal(f->t.n, 3);
    long i = find(&f->t, "a", "legevakt");
    /* arrive 08:00, start 08:15, end 09:00 local (+1) */
    assert_true(f->t.arrive[i] == U(2024, 3, 1, 7, 0, 0));
    assert_true(sf_stays_start(&f->t, i) == U(2024, 3, 1, 7, 15, 0));
    assert_true(sf_stays_end(&f->t, i) == U(2024, 3, 1, 8, 0, 0));
    assert_string_equal(name(&f->t, SF_F_UNIT, sf_stays_to(&f->t, i)), "kad");
    assert_int_equal(sf_stays_from(&f->t, i), SF_ID_NONE);
    assert_string_equal(name(&f->t, SF_F_ZONE, f->t.zone[i]), "holtalen");
    assert_string_equal(name(&f->t, SF_F_PROVIDER, f->t.provider[i]), "dr1");
    assert_string_equal(name(&f->t, SF_F_CLASS, sf_stays_cls(&f->t, i)), "acute");
    assert_string_equal(name(&f->t, SF_F_ORG, sf_stays_org(&f->t, i)), "roros");
    i = find(&f->t, "a", "kad");
    assert_true(sf_stays_arrive(&f->t, i) == SF_T_NONE); /* empty: unknown, no wait */
    assert_true(f->t.ready[i] == U(2024, 3, 3, 11, 0, 0));
    assert_string_equal(name(&f->t, SF_F_UNIT, sf_stays_from(&f->t, i)), "legevakt");
    /* b: start with its own offset +01:00 (22:00 = 21:00Z); end 03:30 on
     * the spring-change day is summer time (+2) = 01:30Z */
    i = find(&f->t, "b", "hospital");
    assert_true(sf_stays_start(&f->t, i) == U(2024, 3, 30, 21, 0, 0));
    assert_true(sf_stays_end(&f->t, i) == U(2024, 3, 31, 1, 30, 0));
    assert_int_equal(f->rep.offset[SF_C_START], 1);
}

static void test_mimic(void **state) {
    fx *f = *state;
    /* mimic_transfers.csv: 7 rows; 2 "discharge" markers ignored; the ED
     * row on line 8 ends before it starts */
    assert_int_equal(read_file(f, FLOW "mimic_transfers.csv"), 0);
    assert_string_equal(f->rep.preset, "mimic-transfers");
    assert_int_equal(f->rep.rows, 7);
    assert_int_equal(f->rep.ignored, 2);
    assert_int_equal(f->rep.stays, 4);
    assert_lines(&f->rep, SF_R_ORDER, 1, 8);
    assert_int_equal(sf_flow_report_has_from_to(&f->rep), 0);
    assert_int_equal(sf_flow_finish(&f->t, &f->o, 1), 0);
    /* consecutive transfers with gap 0 are linked: ED -> Transplant ->
     * home; Neurology -> Medicine -> home */
    long ed = find(&f->t, "10000032", "Emergency Department");
    long tr = find(&f->t, "10000032", "Transplant");
    assert_string_equal(name(&f->t, SF_F_UNIT, sf_stays_to(&f->t, ed)), "Transplant");
    assert_string_equal(name(&f->t, SF_F_UNIT, sf_stays_from(&f->t, tr)), "Emergency Department");
    assert_int_equal(sf_stays_from(&f->t, ed), SF_ID_NONE);
    assert_int_equal(sf_stays_to(&f->t, tr), SF_ID_NONE);
    long ne = find(&f->t, "10000084", "Neurology");
    long me = find(&f->t, "10000084", "Medicine");
    assert_string_equal(name(&f->t, SF_F_UNIT, sf_stays_to(&f->t, ne)), "Medicine");
    assert_string_equal(name(&f->t, SF_F_UNIT, sf_stays_from(&f->t, me)), "Neurology");
    /* 2160-11-25 14:52:04 local, winter (+1) */
    assert_true(sf_stays_start(&f->t, me) == U(2160, 11, 25, 13, 52, 4));
    /* sorted by patient: 10000032's two rows first, in start order */
    assert_true(ed == 0 && tr == 1);
}

static void test_synthea(void **state) {
    fx *f = *state;
    /* synthea_encounters.csv: 4 encounters, the last has no STOP (line 5:
     * kept, open);
     * a quoted DESCRIPTION with a comma on line 3 */
    assert_int_equal(read_file(f, FLOW "synthea_encounters.csv"), 0);
    assert_string_equal(f->rep.preset, "synthea-encounters");
    assert_int_equal(f->rep.stays, 4);
    assert_lines(&f->rep, SF_R_NOTIME, 0);
    long e4 = find(&f->t, "p2", "wellness");
    assert_true(e4 >= 0 && sf_stays_is_open(&f->t, e4));
    long i = find(&f->t, "p1", "inpatient");
    assert_true(i >= 0);
    assert_true(sf_stays_start(&f->t, i) == U(2019, 7, 1, 22, 0, 0));
    assert_true(sf_stays_end(&f->t, i) == U(2019, 7, 3, 10, 0, 0));
    assert_string_equal(name(&f->t, SF_F_ORG, sf_stays_org(&f->t, i)), "org2");
    assert_string_equal(name(&f->t, SF_F_PROVIDER, f->t.provider[i]), "pr2");
    assert_string_equal(name(&f->t, SF_F_CLASS, sf_stays_cls(&f->t, i)), "inpatient");
}

static void test_bupar(void **state) {
    fx *f = *state;
    /* bupaR's patients log: 500 patients, 2721 activity instances, each a
     * start and a complete row (5442 rows), none unpaired */
    assert_int_equal(read_file(f, SF_TEST_DATA "/bupar-patients/patients.csv"), 0);
    assert_string_equal(f->rep.preset, "bupar");
    assert_int_equal(f->rep.rows, 5442);
    assert_int_equal(f->rep.skipped, 0);
    assert_int_equal(f->t.n, 2721);
    assert_int_equal(f->t.names[SF_F_PATIENT].count, 500);
    assert_int_equal(f->t.names[SF_F_UNIT].count, 7);
    /* instance 1: patient 1's Registration, 2017-01-02T11:41:53Z start
     * (first data row); its complete is 2017-01-02T12:40:20Z */
    long i = find(&f->t, "1", "Registration");
    assert_true(i >= 0);
    assert_true(sf_stays_start(&f->t, i) == U(2017, 1, 2, 11, 41, 53));
    assert_true(sf_stays_end(&f->t, i) == U(2017, 1, 2, 12, 40, 20));
    assert_string_equal(name(&f->t, SF_F_PROVIDER, f->t.provider[i]), "r1");
}

static void test_activity_unpaired(void **state) {
    fx *f = *state;
    /* pairing by patient+unit (no instance column): line 3 starts X again
     * before completing (line 2 unpaired); line 5 completes Y never
     * started; line 6 is 'suspend'; line 7 starts Z, never completed */
    const char *csv = "case,activity,timestamp,lifecycle\n"
                      "p1,X,2024-01-01 10:00,start\n"
                      "p1,X,2024-01-01 11:00,start\n"
                      "p1,X,2024-01-01 12:00,complete\n"
                      "p1,Y,2024-01-01 12:00,complete\n"
                      "p1,Y,2024-01-01 12:00,suspend\n"
                      "p2,Z,2024-01-01 12:00,START\n";
    assert_int_equal(read_buf(f, csv), 0);
    assert_string_equal(f->rep.preset, "guessed");
    assert_int_equal(f->t.n, 1);
    assert_lines(&f->rep, SF_R_UNPAIRED, 3, 2, 5, 7);
    assert_lines(&f->rep, SF_R_LIFECYCLE, 1, 6);
    /* the stay: 11:00-12:00 local = 10:00-11:00 UTC */
    assert_true(sf_stays_start(&f->t, 0) == U(2024, 1, 1, 10, 0, 0));
    assert_true(sf_stays_end(&f->t, 0) == U(2024, 1, 1, 11, 0, 0));
}

static void test_slash_evidence(void **state) {
    fx *f = *state;
    /* 1500 ambiguous dd/mm-or-mm/dd rows, then one with 13 first: the
     * detector reads past its 1000-row sample until the evidence, so all
     * rows are day-first: 01/02/2024 = 1 February */
    size_t cap = 64 * 1600;
    char *csv = malloc(cap);
    size_t n = (size_t)snprintf(csv, cap, "patient;unit;start;end\n");
    for (int i = 0; i < 1500; i++)
        n += (size_t)snprintf(csv + n, cap - n, "p%d;u;01/02/2024 10:00;02/02/2024 10:00\n", i);
    n += (size_t)snprintf(csv + n, cap - n, "q;u;13/02/2024 10:00;14/02/2024 10:00\n");
    assert_int_equal(read_buf(f, csv), 0);
    assert_int_equal(f->rep.fmt[SF_C_START], SF_TF_DMY_SLASH);
    assert_int_equal(f->t.n, 1501);
    assert_true(sf_stays_start(&f->t, 0) == U(2024, 2, 1, 9, 0, 0));
    /* month-first evidence (a second part above 12) and AM/PM */
    sf_stays_free(&f->t);
    sf_stays_init(&f->t);
    assert_int_equal(read_buf(f, "patient,unit,start,end\n"
                                 "a,u,03/01/2024 9:00 AM,03/01/2024 1:30 PM\n"
                                 "b,u,03/25/2024 9:00 AM,03/26/2024 1:30 PM\n"),
                     0);
    assert_int_equal(f->rep.fmt[SF_C_START], SF_TF_MDY_SLASH);
    assert_true(sf_stays_start(&f->t, 0) == U(2024, 3, 1, 8, 0, 0));
    assert_true(sf_stays_end(&f->t, 0) == U(2024, 3, 1, 12, 30, 0));
    /* no evidence at all: reported as ambiguous, read day first */
    sf_stays_free(&f->t);
    sf_stays_init(&f->t);
    assert_int_equal(read_buf(f, "patient,unit,start,end\na,u,03/01/2024,04/01/2024\n"), 0);
    assert_int_equal(f->rep.fmt[SF_C_START], SF_TF_SLASH);
    assert_true(sf_stays_start(&f->t, 0) == U(2024, 1, 2, 23, 0, 0));
    /* --slash mdy: the same file month first (3 January 00:00 local) */
    sf_stays_free(&f->t);
    sf_stays_init(&f->t);
    f->o.slash = SF_TF_MDY_SLASH;
    assert_int_equal(read_buf(f, "patient,unit,start,end\na,u,03/01/2024,04/01/2024\n"), 0);
    assert_int_equal(f->rep.fmt[SF_C_START], SF_TF_MDY_SLASH);
    assert_true(sf_stays_start(&f->t, 0) == U(2024, 3, 0 + 1, 0, 0, 0) - 3600);
    free(csv);
}

static void test_map_and_tz(void **state) {
    fx *f = *state;
    /* --map by name and by #N, epoch seconds, tab delimiter, UTC zone */
    sf_tz_parse("UTC", &f->o.tz);
    f->o.map = "patient=#1,unit=Avdeling,start=inn,end=ut";
    assert_int_equal(read_buf(f, "pid\tAvdeling\tinn\tut\n"
                                 "7\tmed\t1709277300\t1709280900\n"),
                     0);
    assert_int_equal(f->rep.delim, '\t');
    assert_string_equal(f->rep.preset, "map");
    assert_int_equal(f->rep.fmt[SF_C_START], SF_TF_EPOCH);
    assert_true(sf_stays_start(&f->t, 0) == 1709277300 && sf_stays_end(&f->t, 0) == 1709280900);
    /* a --map naming a missing column, an unknown field, nothing for end */
    f->o.map = "patient=pid,unit=ward";
    assert_int_equal(read_buf(f, "pid,avd,a,b\n"), SF_ERR_ARG);
    assert_non_null(strstr(f->d.msg, "column 'ward' for unit is not in the header"));
    f->o.map = "patient=pid,wing=avd";
    assert_int_equal(read_buf(f, "pid,avd,a,b\n"), SF_ERR_ARG);
    assert_non_null(strstr(f->d.msg, "unknown field 'wing'"));
    f->o.map = "patient=pid,unit=avd,start=a";
    assert_int_equal(read_buf(f, "pid,avd,a,b\n"), SF_ERR_SYNTAX);
    assert_non_null(strstr(f->d.msg, "no column for end"));
    f->o.map = NULL;
    f->o.preset = "mimic-transfers";
    assert_int_equal(read_buf(f, "pid,avd,a,b\n"), SF_ERR_SYNTAX);
    assert_non_null(strstr(f->d.msg, "no column for patient"));
    f->o.preset = "nope";
    assert_int_equal(read_buf(f, "pid,avd,a,b\n"), SF_ERR_ARG);
    f->o.preset = NULL;
    assert_int_equal(read_buf(f, ""), SF_ERR_SYNTAX);
    assert_non_null(strstr(f->d.msg, "empty"));
}

static void test_guess(void **state) {
    (void)state;
    sf_flow_guess_result g;
    const char *h = "Subject_ID;Care Unit;InTime;OutTime;Discharge_Location;hospital";
    assert_int_equal(sf_flow_guess_header(h, strlen(h), &g), 0);
    assert_int_equal(g.delim, ';');
    assert_null(g.preset);
    assert_string_equal(g.text, "patient=Subject_ID,unit=Care Unit,org=hospital,start=InTime,"
                                "end=OutTime,to=Discharge_Location");
    const char *m = "subject_id,hadm_id,transfer_id,eventtype,careunit,intime,outtime";
    assert_int_equal(sf_flow_guess_header(m, strlen(m), &g), 0);
    assert_string_equal(g.preset, "mimic-transfers");
    assert_string_equal(g.text, "patient=subject_id,unit=careunit,start=intime,end=outtime");
    /* an activity log's single time column goes to time, not start */
    const char *a = "case_id,activity,lifecycle,timestamp,resource";
    assert_int_equal(sf_flow_guess_header(a, strlen(a), &g), 0);
    assert_string_equal(g.text, "patient=case_id,unit=activity,provider=resource,lifecycle="
                                "lifecycle,time=timestamp");
}

static void test_finish_link_gap(void **state) {
    fx *f = *state;
    /* p: A 08-10, B 10:30-12 (gap 30 min: linked), C 14-15 (gap 2 h: not
     * linked with the default 1 h), D 14:30-16 overlaps C (not linked) */
    assert_int_equal(read_buf(f, "patient,unit,start,end\n"
                                 "p,C,2024-01-01 14:00,2024-01-01 15:00\n"
                                 "p,A,2024-01-01 08:00,2024-01-01 10:00\n"
                                 "p,B,2024-01-01 10:30,2024-01-01 12:00\n"
                                 "p,D,2024-01-01 14:30,2024-01-01 16:00\n"),
                     0);
    assert_int_equal(sf_flow_finish(&f->t, &f->o, 1), 0);
    long a = find(&f->t, "p", "A"), b = find(&f->t, "p", "B"), c = find(&f->t, "p", "C"),
         d = find(&f->t, "p", "D");
    assert_true(a == 0 && b == 1 && c == 2 && d == 3);
    assert_string_equal(name(&f->t, SF_F_UNIT, sf_stays_to(&f->t, a)), "B");
    assert_string_equal(name(&f->t, SF_F_UNIT, sf_stays_from(&f->t, b)), "A");
    assert_int_equal(sf_stays_to(&f->t, b), SF_ID_NONE);
    assert_int_equal(sf_stays_from(&f->t, c), SF_ID_NONE);
    assert_int_equal(sf_stays_to(&f->t, c), SF_ID_NONE);
    assert_int_equal(sf_stays_from(&f->t, d), SF_ID_NONE);
}

/* ---- FHIR ------------------------------------------------------------------- */

static void test_fhir_ndjson(void **state) {
    fx *f = *state;
    /* encounters.ndjson (line 3 blank):
     *  1 e1: two locations, ready extension, admitSource emd, home
     *  2 e2: no location: one stay at serviceType "Legevakt", local times
     *  4 a Patient; 5 truncated JSON; 6 no subject; 7 end before start;
     *  8 no end; 9 e7: ready from statusHistory; 10 "March 2nd" */
    assert_int_equal(read_file(f, FLOW "encounters.ndjson"), 0);
    assert_string_equal(f->rep.kind, "fhir-ndjson");
    assert_int_equal(f->rep.rows, 9);
    assert_int_equal(f->rep.stays, 5);
    assert_lines(&f->rep, SF_R_RESOURCE, 1, 4);
    assert_lines(&f->rep, SF_R_JSON, 1, 5);
    assert_lines(&f->rep, SF_R_PATIENT, 1, 6);
    assert_lines(&f->rep, SF_R_ORDER, 1, 7);
    assert_lines(&f->rep, SF_R_NOTIME, 0); /* line 8 has no end: open */
    long e6 = find(&f->t, "p6", "IMP");
    assert_true(e6 >= 0 && sf_stays_is_open(&f->t, e6));
    assert_lines(&f->rep, SF_R_TIME, 1, 10);
    long ak = find(&f->t, "p1", "Akuttmottak"), med = find(&f->t, "p1", "med");
    assert_true(ak >= 0 && med >= 0);
    assert_true(sf_stays_start(&f->t, ak) == U(2024, 3, 1, 7, 0, 0));
    assert_true(sf_stays_end(&f->t, ak) == U(2024, 3, 1, 10, 0, 0));
    assert_string_equal(name(&f->t, SF_F_UNIT, sf_stays_from(&f->t, ak)), "emd");
    assert_string_equal(name(&f->t, SF_F_UNIT, sf_stays_to(&f->t, ak)), "med");
    assert_string_equal(name(&f->t, SF_F_UNIT, sf_stays_from(&f->t, med)), "Akuttmottak");
    assert_int_equal(sf_stays_to(&f->t, med), SF_ID_NONE); /* home */
    assert_true(f->t.ready[med] == U(2024, 3, 4, 9, 0, 0));
    assert_true(f->t.ready[ak] == SF_T_NONE);
    assert_string_equal(name(&f->t, SF_F_ORG, sf_stays_org(&f->t, med)), "st-olav");
    assert_string_equal(name(&f->t, SF_F_PROVIDER, f->t.provider[med]), "dr-a");
    assert_string_equal(name(&f->t, SF_F_CLASS, sf_stays_cls(&f->t, med)), "IMP");
    assert_string_equal(name(&f->t, SF_F_ZONE, f->t.zone[med]), "roros");
    long lv = find(&f->t, "p2", "Legevakt");
    assert_true(sf_stays_start(&f->t, lv) == U(2024, 3, 2, 21, 15, 0));
    long kad = find(&f->t, "p7", "KAD");
    assert_true(sf_stays_start(&f->t, kad) == U(2024, 3, 6, 10, 0, 0));
    assert_true(f->t.ready[kad] == U(2024, 3, 8, 9, 0, 0));
}

static void test_fhir_bundle(void **state) {
    fx *f = *state;
    /* bundle.json: pretty-printed; an Observation (its resource starts on
     * line 16); q1 at 02:30 on 27 Oct (the first, summer-time 02:30 =
     * 00:30Z) until 05:00 (+1 = 04:00Z); q2 at 02:30 on 31 March (the gap:
     * read as +1 = 01:30Z) */
    assert_int_equal(read_file(f, FLOW "bundle.json"), 0);
    assert_string_equal(f->rep.kind, "fhir-bundle");
    assert_int_equal(f->rep.rows, 3);
    assert_lines(&f->rep, SF_R_RESOURCE, 1, 16);
    long q1 = find(&f->t, "q1", "Sengepost"), q2 = find(&f->t, "q2", "EMER");
    assert_true(sf_stays_start(&f->t, q1) == U(2024, 10, 27, 0, 30, 0));
    assert_true(sf_stays_end(&f->t, q1) == U(2024, 10, 27, 4, 0, 0));
    assert_true(sf_stays_start(&f->t, q2) == U(2024, 3, 31, 1, 30, 0));
    /* strict: the Observation is fatal with its line and column */
    sf_stays_free(&f->t);
    sf_stays_init(&f->t);
    f->o.strict = 1;
    assert_int_equal(read_file(f, FLOW "bundle.json"), SF_ERR_SYNTAX);
    assert_int_equal(f->d.line, 16);
    assert_int_equal(f->d.column, 19);
    assert_non_null(strstr(f->d.msg, "resourceType 'Observation': expected Encounter"));
}

static void test_fhir_array(void **state) {
    fx *f = *state;
    /* a plain JSON array of two resources: one Encounter kept, one Patient
     * skipped (its object starts on line 3) */
    const char *js = "[\n {\"resourceType\": \"Encounter\", \"subject\": {\"reference\": "
                     "\"Patient/z\"}, \"class\": {\"code\": \"AMB\"}, \"period\": "
                     "{\"start\": \"2024-01-05T10:00:00Z\", \"end\": \"2024-01-05T11:00:00Z\"}},\n"
                     " {\"resourceType\": \"Patient\"}\n]\n";
    assert_int_equal(
        sf_flow_read_fhir_buffer("a.json", js, strlen(js), &f->o, &f->t, &f->rep, &f->d), 0);
    assert_int_equal(f->t.n, 1);
    assert_true(sf_stays_start(&f->t, 0) == U(2024, 1, 5, 10, 0, 0));
    assert_lines(&f->rep, SF_R_RESOURCE, 1, 3);
}

/* A Bundle over many lines is read an entry at a time (fhir.c,
 * read_stream). Entry k (0-based) is an Encounter of patient "s<k>" one
 * hour long from hour k, pretty-printed over 8 lines (entry k starts on
 * line 4 + 8k, its resource on 6 + 8k), whose display string holds quotes, brackets and braces
 * the scanner must not count. Entry 5 has a bad number inside balanced
 * braces, entry 7 is a Patient. */
static char *bundle_text(int n, int rt_last, size_t *len) {
    size_t cap = (size_t)n * 400 + 200, at = 0;
    char *b = malloc(cap);
    assert_non_null(b);
    at += (size_t)sprintf(b + at, "{\n  %s\n  \"entry\": [\n",
                          rt_last ? "\"type\": \"collection\"," : "\"resourceType\": \"Bundle\",");
    for (int k = 0; k < n; k++)
        at += (size_t)sprintf(
            b + at,
            "    {\n      \"fullUrl\": \"urn:uuid:%d\",\n      \"resource\": {\n"
            "        \"resourceType\": \"%s\", \"subject\": {\"reference\": \"Patient/s%d\"},\n"
            "        \"class\": {\"code\": \"IMP\"}, \"serviceType\": {\"text\": \"w \\\"[}{\\\" "
            "%s\"},\n"
            "        \"period\": {\"start\": \"2024-01-01T%02d:00:00Z\", \"end\": "
            "\"2024-01-01T%02d:00:00Z\"}\n      }\n    }%s\n",
            k, k == 7 ? "Patient" : "Encounter", k, k == 5 ? "\", \"x\": 01, \"y\": \"" : "",
            k % 23, k % 23 + 1, k + 1 < n ? "," : "");
    at += (size_t)sprintf(b + at, "  ]%s\n}\n", rt_last ? ",\n  \"resourceType\": \"Bundle\"" : "");
    assert_true(at < cap);
    *len = at;
    return b;
}

static void test_fhir_bundle_stream(void **state) {
    fx *f = *state;
    enum { N = 40 };
    for (int rt_last = 0; rt_last < 2; rt_last++) {
        /* rt_last: resourceType after entry, so the Bundle is parsed whole
         * (as before streaming), and its one bad entry spoils all of it;
         * streamed, only that entry is lost */
        size_t len;
        char *b = bundle_text(N, rt_last, &len);
        sf_stays_free(&f->t);
        sf_stays_init(&f->t);
        assert_int_equal(sf_flow_read_fhir_buffer("b.json", b, len, &f->o, &f->t, &f->rep, &f->d),
                         0);
        assert_string_equal(f->rep.kind, "fhir-bundle");
        assert_lines(&f->rep, SF_R_JSON, 1, 4 + 8 * 5 + 4);
        if (rt_last) {
            assert_int_equal(f->t.n, 0);
        } else {
            assert_int_equal(f->t.n, N - 2);
            assert_lines(&f->rep, SF_R_RESOURCE, 1, 4 + 8 * 7 + 2);
        }
        for (int k = 0; k < N && !rt_last; k++) {
            char p[16];
            snprintf(p, sizeof p, "s%d", k);
            long i = find(&f->t, p, "w \"[}{\" ");
            if (k == 5 || k == 7) {
                assert_int_equal(i, -1);
                continue;
            }
            assert_true(i >= 0);
            assert_true(sf_stays_start(&f->t, i) == U(2024, 1, 1, k % 23, 0, 0));
        }
        /* strict: the bad number is fatal where it stands in the file
         * (line 48, after `"x": 0`) */
        sf_stays_free(&f->t);
        sf_stays_init(&f->t);
        f->o.strict = 1;
        memset(&f->d, 0, sizeof f->d);
        assert_int_equal(sf_flow_read_fhir_buffer("b.json", b, len, &f->o, &f->t, &f->rep, &f->d),
                         SF_ERR_SYNTAX);
        f->o.strict = 0;
        assert_int_equal(f->d.line, 4 + 8 * 5 + 4);
        assert_int_equal(f->d.column, 79); /* the '1' after a leading 0 */
        free(b);
    }
    /* entries side by side on one line: positions are the file's, not the
     * entry's (the Observation's object starts at column 68) */
    const char *two = "{\"resourceType\": \"Bundle\",\n \"entry\": [{\"resource\": "
                      "{\"resourceType\": \"Patient\"}}, {\"resource\": {\"resourceType\": "
                      "\"Observation\"}}]\n}\n";
    f->o.strict = 1;
    memset(&f->d, 0, sizeof f->d);
    assert_int_equal(
        sf_flow_read_fhir_buffer("t.json", two, strlen(two), &f->o, &f->t, &f->rep, &f->d),
        SF_ERR_SYNTAX);
    assert_int_equal(f->d.line, 2);
    assert_int_equal(f->d.column, 25);
    f->o.strict = 0;
    assert_int_equal(
        sf_flow_read_fhir_buffer("t.json", two, strlen(two), &f->o, &f->t, &f->rep, &f->d), 0);
    assert_int_equal(f->rep.reason[SF_R_RESOURCE], 2);
    /* cut inside entry 20 (on line 4 + 8 * 20 + 1): the 20 entries before it
     * are kept, less the two skipped; the cut is one bad row at the end */
    size_t len;
    char *b = bundle_text(N, 0, &len);
    const char *cut = strstr(b, "urn:uuid:20");
    sf_stays_free(&f->t);
    sf_stays_init(&f->t);
    assert_int_equal(
        sf_flow_read_fhir_buffer("b.json", b, (size_t)(cut - b), &f->o, &f->t, &f->rep, &f->d), 0);
    assert_int_equal(f->t.n, 18);
    assert_int_equal(f->rep.reason[SF_R_JSON], 2);
    assert_int_equal(f->rep.lines[SF_R_JSON][1], 4 + 8 * 20 + 1);
    /* text after the Bundle */
    char *tail = malloc(len + 8);
    assert_non_null(tail);
    memcpy(tail, b, len);
    memcpy(tail + len, "{}\n", 3);
    sf_stays_free(&f->t);
    sf_stays_init(&f->t);
    assert_int_equal(
        sf_flow_read_fhir_buffer("b.json", tail, len + 3, &f->o, &f->t, &f->rep, &f->d), 0);
    assert_int_equal(f->t.n, N - 2);
    assert_int_equal(f->rep.reason[SF_R_JSON], 2);
    assert_int_equal(f->rep.lines[SF_R_JSON][1], 4 + 8 * N + 2);
    free(tail);
    free(b);
}

static void test_json_strict(void **state) {
    (void)state;
    sf_arena a = {0};
    sf_json_err e;
    const char *ok = "{\"a\": [1, -2.5e3, true, null, \"\\u00e6\\ud83d\\ude00\\n\"]}";
    sf_json *j = sf_json_parse(&a, ok, strlen(ok), 1, &e);
    assert_non_null(j);
    const sf_json *arr = sf_json_get(j, "a");
    const sf_json *s = arr->kids->next->next->next->next;
    /* æ (C3 A6), U+1F600 (F0 9F 98 80), newline */
    assert_string_equal(s->s, "\xC3\xA6\xF0\x9F\x98\x80\n");
    const char *bad[] = {"{a: 1}",      "{\"a\": 1,}",   "[1 2]",    "\"\\ud800\"", "01",
                         "{\"a\":1} x", "\"tab\there\"", "\"\xff\"", "[",           "nul"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (sf_json_parse(&a, bad[i], strlen(bad[i]), 1, &e))
            fail_msg("accepted %s", bad[i]);
    /* depth limit: 100 nested arrays */
    char deep[201];
    memset(deep, '[', 100);
    memset(deep + 100, ']', 100);
    deep[200] = 0;
    assert_null(sf_json_parse(&a, deep, 200, 1, &e));
    assert_non_null(strstr(e.msg, "deeper"));
    /* position of an error on line 2 */
    assert_null(sf_json_parse(&a, "{\n  \"a\" 1}", 10, 1, &e));
    assert_int_equal(e.line, 2);
    assert_int_equal(e.col, 7);
    sf_arena_free(&a);
}

/* The record scanner splits 16 bytes at a time (csv.c, SSE2) with a byte
 * loop for the rest: fields of every length 0..40 across those chunk
 * edges, quoted fields with the delimiter inside, UTF-8 and bytes that are
 * not UTF-8, CRLF, blank lines and rows with a field too many, in a buffer
 * whose last record ends at its very end (no newline). Each patient name
 * is unique and says what its row holds, so every kept row is checked and
 * every rejected one counted. */
static void test_scanner_random(void **state) {
    fx *f = *state;
    sf_tz_parse("UTC", &f->o.tz);
    size_t cap = 1 << 20, len = 0;
    char *csv = malloc(cap);
    assert_non_null(csv);
    len += (size_t)sprintf(csv, "patient,unit,org,start,end\n");
    uint64_t x = 0x9E3779B97F4A7C15ULL;
#define NEXT() (x ^= x << 13, x ^= x >> 7, x ^= x << 17, x)
    enum { NROWS = 3000 };
    static char unit[NROWS][48], org[NROWS][48];
    int kind[NROWS]; /* 0 kept, 1 bad UTF-8, 2 a field too many */
    int nbad_utf8 = 0, nfields = 0;
    for (int i = 0; i < NROWS; i++) {
        /* unit: 0..40 bytes of letters, sometimes an 'ø' (2 bytes), at
         * least one byte (a missing unit is another rejection) */
        int ul = 1 + (int)(NEXT() % 40), k = 0;
        while (k < ul) {
            if (NEXT() % 13 == 0 && k + 2 <= ul) {
                unit[i][k++] = '\xc3';
                unit[i][k++] = '\xb8';
            } else {
                unit[i][k++] = (char)('a' + NEXT() % 26);
            }
        }
        unit[i][k] = 0;
        int ol = (int)(NEXT() % 41);
        for (k = 0; k < ol; k++)
            org[i][k] = (char)('A' + NEXT() % 26);
        org[i][ol] = 0;
        kind[i] = NEXT() % 17 == 0 ? 1 : NEXT() % 19 == 0 ? 2 : 0;
        int quoted = NEXT() % 5 == 0;
        if (quoted && ol > 1)
            org[i][ol / 2] = ','; /* the delimiter inside quotes */
        char pat[64];
        snprintf(pat, sizeof pat, "p%d%.*s", i, (int)(NEXT() % 30),
                 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        if (NEXT() % 7 == 0)
            len += (size_t)sprintf(csv + len, "\n"); /* a blank line */
        len += (size_t)sprintf(csv + len, "%s,%s%s,", pat, unit[i], kind[i] == 1 ? "\xff" : "");
        len += (size_t)sprintf(csv + len, quoted ? "\"%s\"" : "%s", org[i]);
        len += (size_t)sprintf(csv + len, ",2024-01-02T03:04:05,2024-01-02T04:04:05%s%s",
                               kind[i] == 2 ? ",extra" : "",
                               i == NROWS - 1    ? ""
                               : NEXT() % 3 == 0 ? "\r\n"
                                                 : "\n");
        nbad_utf8 += kind[i] == 1;
        nfields += kind[i] == 2;
        if (!quoted && strchr(org[i], ','))
            fail_msg("generator: unquoted delimiter");
        assert_true(len + 256 < cap);
    }
#undef NEXT
    /* exactly len bytes, so the scanner meets the end of the data
     * inside a 16-byte chunk */
    char *exact = malloc(len);
    assert_non_null(exact);
    memcpy(exact, csv, len);
    free(csv);
    memset(&f->d, 0, sizeof f->d);
    assert_int_equal(sf_flow_read_csv_buffer("scan.csv", exact, len, &f->o, &f->t, &f->rep, &f->d),
                     0);
    free(exact);
    assert_true(f->rep.reason[SF_R_UTF8] == (uint64_t)nbad_utf8);
    assert_true(f->rep.reason[SF_R_FIELDS] == (uint64_t)nfields);
    assert_true(nbad_utf8 > 100 && nfields > 100);
    assert_int_equal(f->t.n, NROWS - nbad_utf8 - nfields);
    for (size_t r = 0; r < f->t.n; r++) {
        const char *p = name(&f->t, SF_F_PATIENT, f->t.patient[r]);
        int i = atoi(p + 1);
        assert_true(i >= 0 && i < NROWS && kind[i] == 0);
        assert_string_equal(name(&f->t, SF_F_UNIT, sf_stays_unit(&f->t, r)), unit[i]);
        assert_string_equal(name(&f->t, SF_F_ORG, sf_stays_org(&f->t, r)), org[i]);
        assert_true(sf_stays_end(&f->t, r) - sf_stays_start(&f->t, r) == 3600);
    }
}

/* Rows for test_scanner_fast_edges: kind i % 8 (clean: only the kinds
 * that are kept). Returns the length; line_of[i] gets row i's line. */
enum { FAST_ROWS = 400 };
static size_t fast_rows(char *csv, int clean, int *line_of) {
    size_t len = (size_t)sprintf(csv, "patient,unit,org,start,end\n");
    int line = 2;
    for (int i = 0; i < FAST_ROWS; i++, line++) {
        int kind = i % 8;
        if (clean && kind >= 2 && kind <= 5)
            kind = 0;
        line_of[i] = line;
        /* patient names of varying length move the rows across blocks */
        len += (size_t)sprintf(csv + len, "p%d%.*s,", i, i % 37,
                               "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy");
        len += (size_t)sprintf(csv + len, "%s",
                               kind == 1   ? "  ward one "   /* padded: trimmed */
                               : kind == 2 ? "wa\rrd"        /* a CR inside: kept as it is */
                               : kind == 3 ? "ward\x01two"   /* a control character */
                               : kind == 4 ? "ward\x7fthree" /* DEL */
                                           : "ward");
        len += (size_t)sprintf(csv + len, ",org %d,2024-01-02T03:04:05,2024-01-02T04:04:05", i % 3);
        for (int k = 0; kind == 5 && k < 65; k++)
            len += (size_t)sprintf(csv + len, ",x"); /* 70 fields */
        len += (size_t)sprintf(csv + len, kind == 6 ? "\r\n" : "\n");
        if (kind == 7) {
            len += (size_t)sprintf(csv + len, "\n"); /* a blank line */
            line++;
        }
    }
    return len;
}

/* The record scanner's fast path (csv.c: bit masks of 64 bytes, kept
 * between records) takes only records with no quote, control character
 * or DEL, and hands every other one to the general path; the rows are
 * long and the buffer large, so each kind meets the fast path first.
 * Each must come out as the general path reads it: blanks around values
 * trimmed, a CR inside a field kept (sf_flow_control_at lets it pass), a
 * control character or DEL skipped with its line, 70 fields counted,
 * blank lines skipped and counted in the line numbers; and under --strict
 * a bad time's line and column. */
static void test_scanner_fast_edges(void **state) {
    fx *f = *state;
    sf_tz_parse("UTC", &f->o.tz);
    char *csv = malloc(1 << 20);
    assert_non_null(csv);
    static int line_of[FAST_ROWS];
    size_t len = fast_rows(csv, 0, line_of);
    memset(&f->d, 0, sizeof f->d);
    assert_int_equal(sf_flow_read_csv_buffer("fast.csv", csv, len, &f->o, &f->t, &f->rep, &f->d),
                     0);
    assert_true(f->rep.reason[SF_R_CONTROL] == 2 * FAST_ROWS / 8);
    assert_true(f->rep.reason[SF_R_FIELDS] == FAST_ROWS / 8);
    assert_int_equal(f->rep.lines[SF_R_CONTROL][0], line_of[3]);
    assert_int_equal(f->rep.lines[SF_R_CONTROL][1], line_of[4]);
    assert_int_equal(f->rep.lines[SF_R_FIELDS][1], line_of[13]);
    assert_int_equal(f->t.n, FAST_ROWS - 3 * FAST_ROWS / 8);
    for (size_t r = 0; r < f->t.n; r++) {
        int i = atoi(name(&f->t, SF_F_PATIENT, f->t.patient[r]) + 1);
        const char *want = i % 8 == 1 ? "ward one" : i % 8 == 2 ? "wa\rrd" : "ward";
        assert_string_equal(name(&f->t, SF_F_UNIT, sf_stays_unit(&f->t, r)), want);
        char org[16];
        snprintf(org, sizeof org, "org %d", i % 3);
        assert_string_equal(name(&f->t, SF_F_ORG, sf_stays_org(&f->t, r)), org);
        assert_true(sf_stays_end(&f->t, r) - sf_stays_start(&f->t, r) == 3600);
        assert_int_equal(f->t.line[r], line_of[i]);
    }
    /* strict, only kept kinds: a bad end time on row 300 */
    len = fast_rows(csv, 1, line_of);
    char *p = csv;
    for (int l = 1; l < line_of[300]; l++)
        p = strchr(p, '\n') + 1;
    char *end = strstr(p, "2024-01-02T04:04:05");
    assert_non_null(end);
    end[12] = 'x'; /* 2024-01-02T0x:04:05 */
    sf_stays_free(&f->t);
    sf_stays_init(&f->t);
    f->o.strict = 1;
    memset(&f->d, 0, sizeof f->d);
    assert_int_equal(sf_flow_read_csv_buffer("fast.csv", csv, len, &f->o, &f->t, &f->rep, &f->d),
                     SF_ERR_SYNTAX);
    assert_int_equal(f->d.line, line_of[300]);
    assert_int_equal(f->d.column, (int)(end - p) + 1 + 12);
    assert_non_null(strstr(f->d.msg, "bad time '2024-01-02T0x:04:05'"));
    assert_int_equal(f->t.n, 300);
    free(csv);
}

static void test_finish_duplicates(void **state) {
    fx *f = *state;
    /* p at A 08-10 three times (the second with a ready time, the third
     * with another class: copies all the same, the first kept), at B
     * 08-10 (another unit: parallel, kept), at A 08-11 (another end:
     * kept); q at A 08-10 (another patient: kept). Then p's A 08-10 links
     * to nothing: B starts at 08:00, before A ends. */
    assert_int_equal(read_buf(f, "patient,unit,start,end,class,ready\n"
                                 "p,A,2024-01-01 08:00,2024-01-01 10:00,acute,\n"
                                 "q,A,2024-01-01 08:00,2024-01-01 10:00,acute,\n"
                                 "p,A,2024-01-01 08:00,2024-01-01 10:00,acute,2024-01-01 09:00\n"
                                 "p,B,2024-01-01 08:00,2024-01-01 10:00,acute,\n"
                                 "p,A,2024-01-01 08:00,2024-01-01 10:00,elective,\n"
                                 "p,A,2024-01-01 08:00,2024-01-01 11:00,acute,\n"),
                     0);
    assert_int_equal(f->t.n, 6);
    sf_flow_dups dups;
    assert_int_equal(sf_flow_finish_dups(&f->t, &f->o, 1, &dups), 0);
    assert_int_equal(dups.n, 2);
    assert_int_equal(dups.nfirst, 2);
    assert_string_equal(name(&f->t, SF_F_PATIENT, dups.first[0].patient), "p");
    assert_string_equal(name(&f->t, SF_F_UNIT, dups.first[0].unit), "A");
    assert_true(dups.first[0].start == U(2024, 1, 1, 7, 0, 0));
    assert_int_equal(f->t.n, 4);
    long a = find(&f->t, "p", "A");
    assert_true(a >= 0);
    /* the first copy: class acute, no ready time */
    assert_string_equal(name(&f->t, SF_F_CLASS, sf_stays_cls(&f->t, a)), "acute");
    assert_true(sf_stays_ready(&f->t, (size_t)a) == SF_T_NONE);
    assert_true(find(&f->t, "p", "B") >= 0 && find(&f->t, "q", "A") >= 0);
    size_t longer = 0;
    for (size_t i = 0; i < f->t.n; i++)
        longer += sf_stays_end(&f->t, i) - sf_stays_start(&f->t, i) == 3 * 3600;
    assert_int_equal(longer, 1);
    /* without the report the table is kept whole (sf_flow_finish) */
    sf_stays_free(&f->t);
    sf_stays_init(&f->t);
    assert_int_equal(read_buf(f, "patient,unit,start,end\n"
                                 "p,A,2024-01-01 08:00,2024-01-01 10:00\n"
                                 "p,A,2024-01-01 08:00,2024-01-01 10:00\n"),
                     0);
    assert_int_equal(sf_flow_finish(&f->t, &f->o, 1), 0);
    assert_int_equal(f->t.n, 2);
}

static void test_broken_quote(void **state) {
    fx *f = *state;
    const char *csv = "patient,unit,start,end\n"
                      "p1,A,2024-01-01 08:00,2024-01-01 10:00\n"
                      "p2,\"A,2024-01-01 08:00,2024-01-01 10:00\n"
                      "p3,A,2024-01-01 08:00,2024-01-01 10:00\n"
                      "p4,A,2024-01-01 08:00,2024-01-01 10:00\n";
    /* by default the record that ate lines 3..5 stops the read */
    assert_int_equal(read_buf(f, csv), SF_ERR_SYNTAX);
    assert_int_equal(f->d.line, 3);
    assert_int_equal(f->d.column, 4);
    assert_non_null(strstr(f->d.msg, "from line 3 to line 5 (3 lines"));
    /* --skip-bad: skipped with its lines, counted */
    sf_stays_free(&f->t);
    sf_stays_init(&f->t);
    f->o.skip_bad = 1;
    assert_int_equal(read_buf(f, csv), 0);
    assert_int_equal(f->t.n, 1);
    assert_int_equal(f->rep.broken, 1);
    assert_int_equal(f->rep.broken_lines, 3);
    assert_int_equal(f->rep.broken_from, 3);
    assert_int_equal(f->rep.broken_to, 5);
    assert_lines(&f->rep, SF_R_QUOTE, 1, 3);
}

int main(void) {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_time_parse),
        T(test_rejections),
        T(test_strict),
        T(test_quoting_bom_crlf),
        T(test_gzip_samflyt),
        T(test_mimic),
        T(test_synthea),
        T(test_bupar),
        T(test_activity_unpaired),
        T(test_slash_evidence),
        T(test_map_and_tz),
        T(test_guess),
        T(test_finish_link_gap),
        T(test_fhir_ndjson),
        T(test_fhir_bundle),
        T(test_fhir_array),
        T(test_json_strict),
        T(test_scanner_random),
        T(test_scanner_fast_edges),
        T(test_fhir_bundle_stream),
        T(test_finish_duplicates),
        T(test_broken_quote),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
