/*
 * test_money.c - exact money in fen (src/core/money.c).
 *
 * Covers: money_parse on accepted forms (signs, one or two decimals, group
 * commas in threes, the largest amounts up to MONEY_MAX) and on refused
 * forms (empty, lone sign or point, three decimals, bad grouping, exponent,
 * spaces, letters, overflow); money_format grouped and plain, zero, small
 * and negative amounts, MONEY_MAX and the int64 extremes, truncation; and
 * parse(format(x)) == x over a deterministic spread of values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/money.h"

/* Parse s and assert it gives want. */
static void
parse_ok(const char *s, int64_t want)
{
    int64_t fen = 12345; /* a value the parser must overwrite */

    if (money_parse(s, &fen) != 0)
        fail_msg("money_parse(\"%s\") refused, want %lld", s, (long long)want);
    if (fen != want)
        fail_msg("money_parse(\"%s\") = %lld, want %lld", s, (long long)fen,
                 (long long)want);
}

/* Parse s and assert it is refused without touching the result. */
static void
parse_bad(const char *s)
{
    int64_t fen = 777;

    if (money_parse(s, &fen) == 0)
        fail_msg("money_parse(\"%s\") accepted as %lld", s, (long long)fen);
    assert_int_equal(fen, 777);
}

static void
test_money_parse_whole(void **state)
{
    (void)state;
    parse_ok("0", 0);
    parse_ok("1", 100);
    parse_ok("+3", 300);
    parse_ok("-7", -700);
    parse_ok("10", 1000);
    parse_ok("-0", 0);
}

static void
test_money_parse_decimals(void **state)
{
    (void)state;
    parse_ok("1.5", 150);
    parse_ok("1.50", 150);
    parse_ok("1.05", 105);
    parse_ok("0.01", 1);
    parse_ok("-0.05", -5);
    parse_ok("0.00", 0);
    parse_ok("+0.5", 50);
    parse_ok("1234.5", 123450);
}

static void
test_money_parse_grouped(void **state)
{
    (void)state;
    parse_ok("1,234.50", 123450);
    parse_ok("12,345,678.90", 1234567890);
    parse_ok("123,456", 12345600);
    parse_ok("-1,000", -100000);
    parse_ok("1,000.5", 100050);
}

static void
test_money_parse_largest(void **state)
{
    (void)state;
    parse_ok("999999999999999.99", INT64_C(99999999999999999));
    /* MONEY_MAX itself: 18 digits of fen */
    parse_ok("9999999999999999.99", MONEY_MAX);
    parse_ok("-9999999999999999.99", -MONEY_MAX);
    parse_ok("9,999,999,999,999,999.99", MONEY_MAX);
    parse_ok("9999999999999999", MONEY_MAX - 99);
}

static void
test_money_parse_refuses_malformed(void **state)
{
    static const char *const bad[] = {
        "",         "-",    "+",       ".",      ".5",   "1.",        "-.5",
        "1.234",    "1,23", "12,34.5", "1,2345", ",123", "1,",        "1,234,",
        "1234,567", "1e3",  " 1",      "1 ",     "abc",  "1..2",      "1.2.3",
        "1.2,3",    "--1",  "+-1",     "1-",     "0x10", "1,234.5,6", "１",
        "1\n",      "1\t",  "-,1",     "1,,234",
    };

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        parse_bad(bad[i]);
    {
        int64_t fen = 777;

        assert_int_equal(money_parse(NULL, &fen), -1);
        assert_int_equal(fen, 777);
    }
}

static void
test_money_parse_refuses_overflow(void **state)
{
    (void)state;
    parse_bad("99999999999999999999");
    parse_bad("10000000000000000"); /* 10^16 yuan = 10^18 fen */
    parse_bad("10000000000000000.00");
    parse_bad("99999999999999999.9"); /* > MONEY_MAX after scaling */
    parse_bad("-10000000000000000");
    parse_bad("9223372036854775807");  /* INT64_MAX yuan */
    parse_bad("92233720368547758.08"); /* INT64_MIN in fen, unsigned */
    parse_bad("-92233720368547758.08");
    parse_bad("1000000000000000000000000000000");
}

static void
test_money_format_small(void **state)
{
    char buf[MONEY_BUFSZ];

    (void)state;
    assert_string_equal(money_format(0, 1, buf, sizeof(buf)), "0.00");
    assert_string_equal(money_format(0, 0, buf, sizeof(buf)), "0.00");
    assert_string_equal(money_format(5, 1, buf, sizeof(buf)), "0.05");
    assert_string_equal(money_format(-5, 1, buf, sizeof(buf)), "-0.05");
    assert_string_equal(money_format(50, 0, buf, sizeof(buf)), "0.50");
    assert_string_equal(money_format(100, 1, buf, sizeof(buf)), "1.00");
    assert_string_equal(money_format(-100, 0, buf, sizeof(buf)), "-1.00");
    assert_string_equal(money_format(99999, 1, buf, sizeof(buf)), "999.99");
}

static void
test_money_format_grouped(void **state)
{
    char buf[MONEY_BUFSZ];

    (void)state;
    assert_string_equal(money_format(123456789, 1, buf, sizeof(buf)),
                        "1,234,567.89");
    assert_string_equal(money_format(-123456789, 1, buf, sizeof(buf)),
                        "-1,234,567.89");
    assert_string_equal(money_format(100000, 1, buf, sizeof(buf)), "1,000.00");
    assert_string_equal(money_format(10000000, 1, buf, sizeof(buf)),
                        "100,000.00");
    assert_string_equal(money_format(12345678, 1, buf, sizeof(buf)),
                        "123,456.78");
}

static void
test_money_format_plain(void **state)
{
    char buf[MONEY_BUFSZ];

    (void)state;
    assert_string_equal(money_format(123456789, 0, buf, sizeof(buf)),
                        "1234567.89");
    assert_string_equal(money_format(-100000, 0, buf, sizeof(buf)), "-1000.00");
}

static void
test_money_format_extremes(void **state)
{
    char buf[MONEY_BUFSZ];

    (void)state;
    assert_string_equal(money_format(MONEY_MAX, 1, buf, sizeof(buf)),
                        "9,999,999,999,999,999.99");
    assert_string_equal(money_format(-MONEY_MAX, 0, buf, sizeof(buf)),
                        "-9999999999999999.99");
    assert_string_equal(money_format(INT64_MAX, 1, buf, sizeof(buf)),
                        "92,233,720,368,547,758.07");
    assert_string_equal(money_format(INT64_MIN, 1, buf, sizeof(buf)),
                        "-92,233,720,368,547,758.08");
    assert_string_equal(money_format(INT64_MIN, 0, buf, sizeof(buf)),
                        "-92233720368547758.08");
    assert_string_equal(money_format(INT64_MIN + 1, 0, buf, sizeof(buf)),
                        "-92233720368547758.07");
    /* beyond MONEY_MAX the formatter still works; the parser refuses */
    parse_bad(money_format(MONEY_MAX + 1, 0, buf, sizeof(buf)));
    parse_bad(money_format(INT64_MAX, 1, buf, sizeof(buf)));
}

static void
test_money_format_truncates_terminated(void **state)
{
    char buf[8];

    (void)state;
    memset(buf, 'X', sizeof(buf));
    money_format(123456, 1, buf, 4);
    assert_string_equal(buf, "1,2");
    assert_int_equal(buf[4], 'X');
}

/* A deterministic 64-bit generator (splitmix64). */
static uint64_t
next_rand(uint64_t *s)
{
    uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));

    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static void
round_trip(int64_t x)
{
    char buf[MONEY_BUFSZ];
    int64_t back;

    for (int grouped = 0; grouped <= 1; grouped++) {
        money_format(x, grouped, buf, sizeof(buf));
        if (money_parse(buf, &back) != 0)
            fail_msg("format(%lld, %d) = \"%s\" does not parse", (long long)x,
                     grouped, buf);
        if (back != x)
            fail_msg("parse(format(%lld, %d) = \"%s\") = %lld", (long long)x,
                     grouped, buf, (long long)back);
    }
}

static void
test_money_round_trip(void **state)
{
    uint64_t seed = 20240501;

    (void)state;
    for (int64_t x = -2000; x <= 2000; x++)
        round_trip(x);
    /* every power of ten and its neighbours up to MONEY_MAX */
    for (int64_t p = 1; p <= MONEY_MAX / 10 + 1; p *= 10) {
        round_trip(p - 1);
        round_trip(p);
        round_trip(p + 1);
        round_trip(-p);
    }
    round_trip(MONEY_MAX);
    round_trip(-MONEY_MAX);
    /* random magnitudes: uniform bits, then a random number of digits */
    for (int i = 0; i < 20000; i++) {
        uint64_t r = next_rand(&seed);
        int digits = (int)(next_rand(&seed) % 18) + 1;
        int64_t mod = 1, x;

        for (int d = 0; d < digits; d++)
            mod *= 10;
        x = (int64_t)(r % (uint64_t)mod);
        if (x > MONEY_MAX)
            x = MONEY_MAX;
        round_trip(r & 1 ? -x : x);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_money_parse_whole),
        cmocka_unit_test(test_money_parse_decimals),
        cmocka_unit_test(test_money_parse_grouped),
        cmocka_unit_test(test_money_parse_largest),
        cmocka_unit_test(test_money_parse_refuses_malformed),
        cmocka_unit_test(test_money_parse_refuses_overflow),
        cmocka_unit_test(test_money_format_small),
        cmocka_unit_test(test_money_format_grouped),
        cmocka_unit_test(test_money_format_plain),
        cmocka_unit_test(test_money_format_extremes),
        cmocka_unit_test(test_money_format_truncates_terminated),
        cmocka_unit_test(test_money_round_trip),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
