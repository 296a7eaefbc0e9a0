/*
 * test_price.c - the pure arithmetic of the pricing function
 * (src/modules/price_calc.c, contract in src/modules/price.h).
 *
 * Covers: discounts rounded half up to the fen (exact halves, thirds,
 * 0 % and 100 %, the largest int64 list price without overflow); the tier
 * of each kind of rule; the choice by precedence, by date (both ends
 * inclusive, NULL open), by quantity (the largest break reached), within
 * a tier by the later valid_from then the newer id, a pending rule never
 * winning; and the size of a change in basis points.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "modules/price.h"

static void
test_discounted(void **state)
{
    (void)state;
    assert_int_equal(price_discounted(10000, 500), 9500);
    assert_int_equal(price_discounted(10, 500), 10);     /* 9.5 -> 10 */
    assert_int_equal(price_discounted(30, 500), 29);     /* 28.5 -> 29 */
    assert_int_equal(price_discounted(1001, 1250), 876); /* 875.875 */
    assert_int_equal(price_discounted(1999, 500), 1899); /* 1899.05 */
    assert_int_equal(price_discounted(1, 5000), 1);      /* 0.5 -> 1 */
    assert_int_equal(price_discounted(1, 5001), 0);      /* 0.4999 -> 0 */
    assert_int_equal(price_discounted(100, 3333), 67);   /* 66.67 */
    assert_int_equal(price_discounted(12345, 0), 12345);
    assert_int_equal(price_discounted(12345, 10000), 0);
    assert_int_equal(price_discounted(0, 800), 0);
    /* no overflow: INT64_MAX = 922337203685477 * 10000 + 5807 */
    assert_int_equal(price_discounted(INT64_MAX, 0), INT64_MAX);
    assert_int_equal(price_discounted(INT64_MAX, 5000),
                     INT64_C(4611686018427387904));
}

static struct price_rule
mk(enum price_kind kind, int64_t id, int has_price, int64_t amount)
{
    struct price_rule r;

    memset(&r, 0, sizeof(r));
    r.kind = kind;
    r.rule_id = id;
    r.has_price = has_price;
    if (has_price)
        r.price = amount;
    else
        r.discount = (int)amount;
    r.min_qty = 1;
    r.active = 1;
    return r;
}

static void
test_tiers(void **state)
{
    struct price_rule r = mk(PRICE_KIND_BREAK, 1, 1, 1);

    (void)state;
    assert_int_equal(price_rule_tier(&r), PRICE_TIER_BREAK);
    r.grade_id = 5;
    assert_int_equal(price_rule_tier(&r), PRICE_TIER_GRADE_BREAK);
    r.party_id = 7;
    assert_int_equal(price_rule_tier(&r), PRICE_TIER_CUSTOMER_BREAK);
    r = mk(PRICE_KIND_CUSTOMER, 1, 1, 1);
    assert_int_equal(price_rule_tier(&r), PRICE_TIER_CUSTOMER);
    r = mk(PRICE_KIND_GRADE, 1, 1, 1);
    assert_int_equal(price_rule_tier(&r), PRICE_TIER_GRADE);
    r = mk(PRICE_KIND_CATEGORY, 1, 0, 100);
    assert_int_equal(price_rule_tier(&r), PRICE_TIER_CATEGORY);
    r = mk(PRICE_KIND_GRADE_DISCOUNT, 0, 0, 100);
    assert_int_equal(price_rule_tier(&r), PRICE_TIER_GRADE_DISCOUNT);
}

/* The price chosen for (qty, date), or -1 (the list price). */
static int64_t
choose(const struct price_rule *rules, size_t n, int64_t qty, const char *date)
{
    struct price_considered out[16];
    long w = price_choose(rules, n, qty, date, 10000, out);

    return w < 0 ? -1 : out[w].unit_price;
}

static void
test_precedence(void **state)
{
    struct price_rule r[8];
    struct price_considered out[8];
    long w;

    (void)state;
    r[0] = mk(PRICE_KIND_GRADE_DISCOUNT, 0, 0, 500); /* 9500 */
    r[1] = mk(PRICE_KIND_CATEGORY, 2, 0, 1000);      /* 9000 */
    r[2] = mk(PRICE_KIND_BREAK, 3, 1, 9300);         /* >= 10 */
    r[2].min_qty = 10;
    r[3] = mk(PRICE_KIND_BREAK, 4, 1, 8700); /* grade >= 50 */
    r[3].grade_id = 1;
    r[3].min_qty = 50;
    r[4] = mk(PRICE_KIND_GRADE, 5, 1, 8800);
    r[4].valid_from = "2026-03-01";
    r[4].valid_to = "2026-03-31";
    r[5] = mk(PRICE_KIND_BREAK, 6, 1, 8000); /* party >= 100 */
    r[5].party_id = 1;
    r[5].min_qty = 100;
    r[6] = mk(PRICE_KIND_CUSTOMER, 7, 1, 8500);
    r[6].valid_from = "2026-06-01";
    r[7] = mk(PRICE_KIND_CUSTOMER, 8, 1, 100); /* pending: never */
    r[7].active = 0;

    assert_int_equal(choose(r, 1, 1, "2026-05-01"), 9500);
    assert_int_equal(choose(r, 2, 1, "2026-05-01"), 9000);
    assert_int_equal(choose(r, 3, 9, "2026-05-01"), 9000);
    assert_int_equal(choose(r, 3, 10, "2026-05-01"), 9300);
    assert_int_equal(choose(r, 4, 50, "2026-05-01"), 8700);
    assert_int_equal(choose(r, 5, 50, "2026-02-28"), 8700);
    assert_int_equal(choose(r, 5, 50, "2026-03-01"), 8800);
    assert_int_equal(choose(r, 5, 50, "2026-03-31"), 8800);
    assert_int_equal(choose(r, 5, 50, "2026-04-01"), 8700);
    assert_int_equal(choose(r, 6, 100, "2026-05-31"), 8000);
    assert_int_equal(choose(r, 7, 100, "2026-05-31"), 8000);
    assert_int_equal(choose(r, 7, 100, "2026-06-01"), 8500);
    assert_int_equal(choose(r, 8, 1, "2026-06-01"), 8500);
    assert_int_equal(choose(r, 0, 1, "2026-06-01"), -1);

    /* the explanation: every rule once, in precedence order, one winner */
    w = price_choose(r, 8, 1, "2026-05-01", 10000, out);
    assert_true(w >= 0);
    assert_int_equal(out[w].rule.rule_id, 2);
    assert_int_equal(out[0].tier, PRICE_TIER_CUSTOMER);
    assert_int_equal(out[7].tier, PRICE_TIER_GRADE_DISCOUNT);
    for (size_t i = 0; i < 8; i++) {
        if (out[i].rule.rule_id == 8)
            assert_int_equal(out[i].verdict, PRICE_NOT_ACTIVE);
        if (out[i].rule.rule_id == 7)
            assert_int_equal(out[i].verdict, PRICE_NOT_YET);
        if (out[i].rule.rule_id == 5)
            assert_int_equal(out[i].verdict, PRICE_EXPIRED);
        if (out[i].rule.rule_id == 6)
            assert_int_equal(out[i].verdict, PRICE_QTY_BELOW);
        if (out[i].rule.rule_id == 0)
            assert_int_equal(out[i].verdict, PRICE_OUTRANKED);
    }
}

static void
test_within_a_tier(void **state)
{
    struct price_rule r[4];

    (void)state;
    /* the later valid_from wins; NULL is the earliest; then the newer id */
    r[0] = mk(PRICE_KIND_CUSTOMER, 10, 1, 100);
    r[1] = mk(PRICE_KIND_CUSTOMER, 11, 1, 200);
    r[1].valid_from = "2026-01-01";
    r[2] = mk(PRICE_KIND_CUSTOMER, 9, 1, 300);
    assert_int_equal(choose(r, 1, 1, "2026-05-01"), 100);
    assert_int_equal(choose(r, 2, 1, "2026-05-01"), 200);
    assert_int_equal(choose(r, 2, 1, "2025-12-31"), 100);
    assert_int_equal(choose(&r[0], 1, 1, "2025-12-31"), 100);
    r[1].active = 0;
    assert_int_equal(choose(r, 3, 1, "2026-05-01"), 100); /* id 10 > 9 */
    /* own category before the parent's */
    r[0] = mk(PRICE_KIND_CATEGORY, 1, 0, 1500);
    r[0].category_parent = 1;
    r[1] = mk(PRICE_KIND_CATEGORY, 2, 0, 500);
    assert_int_equal(choose(r, 2, 1, "2026-05-01"), 9500);
    /* the larger break reached */
    r[0] = mk(PRICE_KIND_BREAK, 1, 1, 9000);
    r[0].min_qty = 10;
    r[1] = mk(PRICE_KIND_BREAK, 2, 1, 8000);
    r[1].min_qty = 100;
    assert_int_equal(choose(r, 2, 99, "2026-05-01"), 9000);
    assert_int_equal(choose(r, 2, 100, "2026-05-01"), 8000);
    /* expired yesterday, valid today (valid_to inclusive) */
    r[0].valid_to = "2026-05-01";
    assert_int_equal(choose(r, 1, 10, "2026-05-01"), 9000);
    assert_int_equal(choose(r, 1, 10, "2026-05-02"), -1);
}

static void
test_change_bp(void **state)
{
    (void)state;
    assert_int_equal(price_change_bp(10000, 11000), 1000);
    assert_int_equal(price_change_bp(10000, 9000), 1000);
    assert_int_equal(price_change_bp(10000, 10999), 999);
    assert_int_equal(price_change_bp(3, 4), 3333);
    assert_int_equal(price_change_bp(0, 500), 0);
    assert_int_equal(price_change_bp(100, 100), 0);
    assert_int_equal(price_change_bp(1, INT64_MAX), 1000000);
    assert_int_equal(price_change_bp(INT64_MAX - 1, INT64_MAX), 0);
    assert_int_equal(price_change_bp(INT64_MAX / 2, INT64_MAX), 10000);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_discounted), cmocka_unit_test(test_tiers),
        cmocka_unit_test(test_precedence), cmocka_unit_test(test_within_a_tier),
        cmocka_unit_test(test_change_bp),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
