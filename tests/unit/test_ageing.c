/*
 * test_ageing.c - receivables ageing arithmetic (src/modules/ageing.c).
 *
 * Covers: day numbers of known dates, leap years and refused dates, and
 * ageing_date(ageing_day(x)) == x over four centuries; the bucket limits
 * (not yet due, 0, 30, 31, 60, 61, 90, 91 days); FIFO settlement by due
 * date (a partial payment settles the oldest debit first and the rest of
 * the credit the next one), a credit beyond every debit (unapplied), no
 * credit, no debits; and the sum of groups.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "modules/ageing.h"

static long
day(const char *s)
{
    long d = -999999;

    if (ageing_day(s, &d) != 0)
        fail_msg("ageing_day(\"%s\") refused", s);
    return d;
}

static void
test_days(void **state)
{
    long d;
    char buf[16];

    (void)state;
    assert_int_equal(day("1970-01-01"), 0);
    assert_int_equal(day("1970-01-02"), 1);
    assert_int_equal(day("1969-12-31"), -1);
    assert_int_equal(day("2000-03-01") - day("2000-02-28"), 2);
    assert_int_equal(day("1900-03-01") - day("1900-02-28"), 1);
    assert_int_equal(day("2026-01-01") - day("2025-01-01"), 365);
    assert_int_equal(day("2024-12-31") - day("2024-01-01"), 365);
    assert_int_equal(day("2026-01-05 08:00:00"), day("2026-01-05"));
    assert_int_equal(day("2026-01-05T08:00:00Z"), day("2026-01-05"));
    assert_int_equal(ageing_day("2026-02-29", &d), -1);
    assert_int_equal(ageing_day("2024-02-30", &d), -1);
    assert_int_equal(ageing_day("2026-13-01", &d), -1);
    assert_int_equal(ageing_day("2026-00-10", &d), -1);
    assert_int_equal(ageing_day("2026-1-10", &d), -1);
    assert_int_equal(ageing_day("2026-01-1x", &d), -1);
    assert_int_equal(ageing_day("2026-01-10x", &d), -1);
    assert_int_equal(ageing_day("0000-01-01", &d), -1);
    assert_int_equal(ageing_day("", &d), -1);
    assert_int_equal(ageing_day(NULL, &d), -1);
    for (long x = day("1800-01-01"); x <= day("2200-12-31"); x += 7) {
        ageing_date(x, buf, sizeof(buf));
        assert_int_equal(day(buf), x);
    }
    ageing_date(day("2024-02-29"), buf, sizeof(buf));
    assert_string_equal(buf, "2024-02-29");
}

static void
test_buckets(void **state)
{
    (void)state;
    assert_int_equal(ageing_bucket_of(-1), AGEING_CURRENT);
    assert_int_equal(ageing_bucket_of(-400), AGEING_CURRENT);
    assert_int_equal(ageing_bucket_of(0), AGEING_D30);
    assert_int_equal(ageing_bucket_of(30), AGEING_D30);
    assert_int_equal(ageing_bucket_of(31), AGEING_D60);
    assert_int_equal(ageing_bucket_of(60), AGEING_D60);
    assert_int_equal(ageing_bucket_of(61), AGEING_D90);
    assert_int_equal(ageing_bucket_of(90), AGEING_D90);
    assert_int_equal(ageing_bucket_of(91), AGEING_OVER90);
}

/* The fixture of the HTTP test: due 120, 75, 45, 10 days ago and in 5
 * days; a payment of 1,500.00 settles the 120-day debit (1,000.00) and
 * 500.00 of the 75-day one. */
static void
test_fifo(void **state)
{
    long now = day("2026-06-30");
    struct ageing_item d[] = {
        {now - 120, 100000}, {now - 75, 200000}, {now - 45, 300000},
        {now - 10, 400000},  {now + 5, 50000},
    };
    struct ageing a;

    (void)state;
    ageing_settle(d, 5, 150000, now, &a);
    assert_int_equal(a.bucket[AGEING_OVER90], 0);
    assert_int_equal(a.bucket[AGEING_D90], 150000);
    assert_int_equal(a.bucket[AGEING_D60], 300000);
    assert_int_equal(a.bucket[AGEING_D30], 400000);
    assert_int_equal(a.bucket[AGEING_CURRENT], 50000);
    assert_int_equal(a.unapplied, 0);
    assert_int_equal(a.total, 900000);

    ageing_settle(d, 5, 0, now, &a);
    assert_int_equal(a.bucket[AGEING_OVER90], 100000);
    assert_int_equal(a.total, 1050000);

    /* exactly everything: nothing open, nothing unapplied */
    ageing_settle(d, 5, 1050000, now, &a);
    assert_true(ageing_is_zero(&a));

    /* more than everything: a credit balance */
    ageing_settle(d, 5, 1050001, now, &a);
    for (int i = 0; i < AGEING_N_BUCKETS; i++)
        assert_int_equal(a.bucket[i], 0);
    assert_int_equal(a.unapplied, -1);
    assert_int_equal(a.total, -1);

    /* a prepayment with no debit at all */
    ageing_settle(NULL, 0, 700, now, &a);
    assert_int_equal(a.unapplied, -700);
    assert_int_equal(a.total, -700);
}

static void
test_add(void **state)
{
    struct ageing s, x = {{1, 2, 3, 4, 5}, -6, 9};

    (void)state;
    memset(&s, 0, sizeof(s));
    assert_true(ageing_is_zero(&s));
    ageing_add(&s, &x);
    ageing_add(&s, &x);
    assert_int_equal(s.bucket[AGEING_OVER90], 10);
    assert_int_equal(s.unapplied, -12);
    assert_int_equal(s.total, 18);
    assert_false(ageing_is_zero(&s));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_days),
        cmocka_unit_test(test_buckets),
        cmocka_unit_test(test_fifo),
        cmocka_unit_test(test_add),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
