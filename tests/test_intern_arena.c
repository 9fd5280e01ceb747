/* test_intern_arena.c: the interner's storage (stays.c): every name in one
 * arena addressed by 32-bit offsets, its length one byte below 255 (else
 * five; none while all names have one length and kind), the id stored
 * beside hashed names only. Names of every length
 * class, numbered and hashed, must keep their text, length and id while
 * the arena grows and moves; a name past the arena's limit is refused
 * (SF_ID_NONE, as when memory runs out) and leaves the table intact.
 * Names of one length and kind keep no offsets until another comes. */
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

/* Name k of length len: distinct for distinct (k, len), so names of one
 * length never repeat and the NUL after each is checked by strlen. */
static void make(char *b, uint32_t k, size_t len) {
    for (size_t i = 0; i < len; i++)
        b[i] = (char)('a' + (k * 7 + i * 13 + (i >> 3)) % 26);
    char tag[16];
    int n = snprintf(tag, sizeof tag, "%u", k);
    if (len >= (size_t)n)
        memcpy(b, tag, (size_t)n);
}

static const size_t lens[] = {0, 1, 7, 8, 16, 17, 253, 254, 255, 256, 1000, 70000};
#define NLENS (sizeof lens / sizeof lens[0])

/* Every length class, hashed (the first name is not numbered) or in a
 * numbered table (the long names then go through the hash beside it),
 * with 3000 more names in between so that the arena moves many times. */
static void every_length(const char *first) {
    sf_intern in = {0};
    char *b = malloc(70001);
    assert_non_null(b);
    assert_int_equal(sf_intern_add(&in, first, strlen(first)), 0);
    uint32_t ids[NLENS];
    for (size_t j = 0; j < NLENS; j++) {
        make(b, (uint32_t)j, lens[j]);
        ids[j] = sf_intern_add(&in, b, lens[j]);
        assert_int_equal(ids[j], (uint32_t)(1 + j * 301));
        for (uint32_t k = 0; k < 300; k++) {
            char nb[16];
            int n = snprintf(nb, sizeof nb, "P%07u", (unsigned)(j * 300 + k));
            assert_int_equal(sf_intern_add(&in, nb, (size_t)n), ids[j] + 1 + k);
        }
    }
    assert_true(in.size >= 70000 && in.used <= in.size);
    for (size_t j = 0; j < NLENS; j++) {
        make(b, (uint32_t)j, lens[j]);
        assert_int_equal(sf_intern_len(&in, ids[j]), lens[j]);
        assert_int_equal(strlen(sf_intern_str(&in, ids[j])), lens[j]);
        assert_true(!memcmp(sf_intern_str(&in, ids[j]), b, lens[j]));
        assert_int_equal(sf_intern_find(&in, b, lens[j]), ids[j]);
        assert_int_equal(sf_intern_add(&in, b, lens[j]), ids[j]);
        for (uint32_t k = 0; k < 300; k += 37) {
            char nb[16];
            int n = snprintf(nb, sizeof nb, "P%07u", (unsigned)(j * 300 + k));
            assert_string_equal(sf_intern_str(&in, ids[j] + 1 + k), nb);
            assert_int_equal(sf_intern_len(&in, ids[j] + 1 + k), (uint32_t)n);
            assert_int_equal(sf_intern_find(&in, nb, (size_t)n), ids[j] + 1 + k);
        }
    }
    /* an id not in the table */
    assert_string_equal(sf_intern_str(&in, in.count), "");
    assert_int_equal(sf_intern_len(&in, in.count), 0);
    free(b);
    sf_intern_free(&in);
}

static void test_lengths_hashed(void **state) {
    (void)state;
    every_length("ward");
}

static void test_lengths_numbered(void **state) {
    (void)state;
    every_length("P0000000x"); /* not numbered: everything hashed */
    every_length("Q0000001");  /* numbered, but P names hashed */
    sf_intern in = {0};
    sf_intern_add(&in, "P9999999", 8);
    assert_non_null(in.num);
    sf_intern_free(&in);
    every_length("P9999999"); /* P names through num, the rest hashed */
}

/* The arena's limit (UINT32_MAX bytes; a test sets less): a name that
 * fills it exactly is taken, one byte more is refused with SF_ID_NONE,
 * and the names before stay readable and found. Running out of memory
 * takes the same way back. The arena's byte 0 is unused. Three tables:
 * uniform numbered names (P + 7 digits: [8 bytes][NUL] = 9 bytes a name),
 * uniform hashed names (9 bytes: the 4-byte id too, 14), and hashed names
 * after "ward" (not uniform: a one-byte length too, 15, after ward's 10). */
static void test_limit(void **state) {
    (void)state;
    static const struct {
        const char *first, *form;
        size_t len;
        uint32_t limit, n, used;
    } c[] = {
        {NULL, "P%07u", 8, 1000, 111, 1000},
        {NULL, "h%07u-", 9, 1000, 71, 995},
        {"ward", "h%07u-", 9, 1008, 66, 1001},
    };
    for (size_t j = 0; j < sizeof c / sizeof c[0]; j++) {
        sf_intern in = {0};
        in.limit = c[j].limit;
        char b[1024];
        uint32_t base = 0, n = 0;
        if (c[j].first)
            base = sf_intern_add(&in, c[j].first, strlen(c[j].first)) + 1;
        for (;; n++) {
            snprintf(b, sizeof b, c[j].form, n);
            uint32_t id = sf_intern_add(&in, b, c[j].len);
            if (id == SF_ID_NONE)
                break;
            assert_int_equal(id, base + n);
        }
        assert_int_equal(n, c[j].n);
        assert_int_equal(in.count, base + n);
        assert_int_equal(in.used, c[j].used);
        assert_true(in.size <= c[j].limit);
        /* uniform: another name needs lengths for all, refused */
        uint32_t left = c[j].limit - in.used;
        assert_int_equal(in.off == NULL, c[j].first == NULL);
        if (in.off) {
            /* exactly the room left: a hashed name of len bytes takes
             * 4 + 1 + len + 1 */
            assert_int_equal(left, 7);
            memset(b, 'z', left - 6);
            assert_int_equal(sf_intern_add(&in, b, left - 5), SF_ID_NONE); /* one more */
            assert_int_equal(in.count, base + n);
            assert_int_equal(sf_intern_add(&in, b, left - 6), base + n);
            assert_int_equal(in.used, c[j].limit);
            assert_int_equal(sf_intern_len(&in, base + n), left - 6);
            base++;
        }
        assert_int_equal(sf_intern_add(&in, "x", 1), SF_ID_NONE);
        assert_int_equal(sf_intern_find(&in, "x", 1), SF_ID_NONE);
        assert_int_equal(in.count, base + n);
        assert_int_equal(in.off == NULL, c[j].first == NULL);
        if (c[j].first)
            assert_string_equal(sf_intern_str(&in, 0), c[j].first);
        for (uint32_t k = 0; k < n; k++) {
            uint32_t id = k + (c[j].first ? 1 : 0);
            snprintf(b, sizeof b, c[j].form, k);
            assert_string_equal(sf_intern_str(&in, id), b);
            assert_int_equal(sf_intern_len(&in, id), c[j].len);
            assert_int_equal(sf_intern_find(&in, b, c[j].len), id);
            assert_int_equal(sf_intern_add(&in, b, c[j].len), id);
        }
        sf_intern_free(&in);
    }
}

/* Uniform names (one length, one kind): no offsets kept until a name of
 * another length or kind comes; then they are written out and every name
 * before keeps its text and id. */
static void uniform_then(const char *form, size_t len, const char *other, size_t olen) {
    sf_intern in = {0};
    char b[32];
    for (uint32_t k = 0; k < 5000; k++) {
        snprintf(b, sizeof b, form, k);
        assert_int_equal(sf_intern_add(&in, b, len), k);
    }
    assert_null(in.off);
    assert_int_equal(in.used, 1 + 5000 * in.stride);
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t k = 0; k < 5000; k += 7) {
            snprintf(b, sizeof b, form, k);
            assert_string_equal(sf_intern_str(&in, k), b);
            assert_int_equal(sf_intern_len(&in, k), len);
            assert_int_equal(sf_intern_find(&in, b, len), k);
        }
        if (pass)
            break;
        assert_int_equal(sf_intern_add(&in, other, olen), 5000);
        assert_non_null(in.off);
        assert_string_equal(sf_intern_str(&in, 5000), other);
        snprintf(b, sizeof b, form, 5000u);
        assert_int_equal(sf_intern_add(&in, b, len), 5001);
        assert_string_equal(sf_intern_str(&in, 5001), b);
    }
    assert_int_equal(sf_intern_find(&in, other, olen), 5000);
    sf_intern_free(&in);
}

static void test_uniform(void **state) {
    (void)state;
    uniform_then("P%07u", 8, "X", 1);         /* numbered, then shorter */
    uniform_then("P%07u", 8, "Q0000001", 8);  /* same length, hashed */
    uniform_then("h%07u-", 9, "h0000001", 8); /* hashed, then numbered-looking */
    char long_name[300];
    memset(long_name, 'L', sizeof long_name - 1);
    long_name[299] = 0;
    uniform_then("h%07u-", 9, long_name, 299); /* a five-byte length */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lengths_hashed),
        cmocka_unit_test(test_lengths_numbered),
        cmocka_unit_test(test_limit),
        cmocka_unit_test(test_uniform),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
