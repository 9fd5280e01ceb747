/* test_intern_num.c: the interner (stays.c) when the first name is
 * numbered (a prefix and a fixed count of digits, e.g. P0012345), which
 * sends names of that form through a direct table. Ids, find, and the
 * stored strings are checked against a naive list searched linearly (ids
 * in order of first appearance), so a name that went through the wrong
 * path twice (a duplicate id) or two names that collide would fail. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the headers above first */
#include <cmocka.h>

#include "flow/stays.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NREF 6000

typedef struct naive {
    char name[NREF][24];
    int n;
} naive;

static int naive_id(naive *r, const char *s, int add) {
    for (int i = 0; i < r->n; i++)
        if (!strcmp(r->name[i], s))
            return i;
    if (!add)
        return -1;
    snprintf(r->name[r->n], sizeof r->name[0], "%s", s);
    return r->n++;
}

static uint64_t rng = 88172645463325252ull;
static unsigned next(unsigned m) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % m);
}

/* A name of one of several forms near P + 7 digits. */
static void name(char *b, size_t size) {
    unsigned v = next(400);
    switch (next(8)) {
    case 0: snprintf(b, size, "P%u", v); break;    /* other width */
    case 1: snprintf(b, size, "Q%07u", v); break;  /* other prefix */
    case 2: snprintf(b, size, "P%08u", v); break;  /* 8 digits */
    case 3: snprintf(b, size, "%07u", v); break;   /* no prefix */
    case 4: snprintf(b, size, "P%07ux", v); break; /* not digits last */
    case 5: snprintf(b, size, "PP%06u", v); break; /* same length */
    default: snprintf(b, size, "P%07u", v); break; /* the numbered form */
    }
}

static void check_against_naive(const char *first) {
    sf_intern in = {0};
    naive *r = calloc(1, sizeof *r);
    assert_non_null(r);
    char b[24];
    assert_int_equal(sf_intern_add(&in, first, strlen(first)), naive_id(r, first, 1));
    for (int k = 0; k < 20000; k++) {
        name(b, sizeof b);
        if (next(4) == 0) { /* look up before (maybe) adding */
            int want = naive_id(r, b, 0);
            assert_int_equal(sf_intern_find(&in, b, strlen(b)),
                             want < 0 ? SF_ID_NONE : (uint32_t)want);
        }
        int id = naive_id(r, b, 1);
        assert_true(r->n < NREF);
        assert_int_equal(sf_intern_add(&in, b, strlen(b)), (uint32_t)id);
    }
    assert_int_equal(in.count, (uint32_t)r->n);
    for (int i = 0; i < r->n; i++) {
        assert_string_equal(sf_intern_str(&in, (uint32_t)i), r->name[i]);
        assert_int_equal(sf_intern_len(&in, (uint32_t)i), strlen(r->name[i]));
        assert_int_equal(sf_intern_find(&in, r->name[i], strlen(r->name[i])), (uint32_t)i);
    }
    free(r);
    sf_intern_free(&in);
}

/* first name numbered: P + 7 digits take the direct table */
static void test_numbered_first(void **state) {
    (void)state;
    check_against_naive("P0000007");
    /* the direct table was in use (else the test would not test it) */
    sf_intern in = {0};
    sf_intern_add(&in, "P0000007", 8);
    assert_non_null(in.num);
    assert_int_equal(in.numw, 7);
    sf_intern_free(&in);
}

/* first name not numbered: everything hashed, same ids */
static void test_plain_first(void **state) {
    (void)state;
    check_against_naive("ward");
    sf_intern in = {0};
    sf_intern_add(&in, "ward", 4);
    assert_null(in.num);
    sf_intern_free(&in);
}

/* digits only, and a short width */
static void test_digits_only(void **state) {
    (void)state;
    check_against_naive("0000123");
    sf_intern in = {0};
    assert_int_equal(sf_intern_add(&in, "7", 1), 0);
    assert_int_equal(sf_intern_add(&in, "07", 2), 1);
    assert_int_equal(sf_intern_add(&in, "8", 1), 2);
    assert_int_equal(sf_intern_add(&in, "7", 1), 0);
    assert_int_equal(sf_intern_find(&in, "07", 2), 1);
    assert_int_equal(sf_intern_find(&in, "9", 1), SF_ID_NONE);
    sf_intern_free(&in);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbered_first),
        cmocka_unit_test(test_plain_first),
        cmocka_unit_test(test_digits_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
