/*
 * test_promo.c - the pure part of the promotion engine
 * (src/modules/promo_calc.c, contract in src/modules/promo.h).
 *
 * Covers: percent and amount off per unit with the rounding of price.h;
 * matching by product, own category and parent category; buy N get M
 * counts (summed over lines, the same product or another); spend X get a
 * gift after the discounts before it; tiers by quantity and by amount
 * (the highest reached); the chain of combinable promotions in priority
 * order; the best exclusive one against the chain (ties to the chain);
 * date edges (both inclusive); caps left (amount and gift units).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "modules/promo.h"

static struct arena *A;

static struct promo_rule
rule(int64_t id, enum promo_kind kind)
{
    struct promo_rule r;

    memset(&r, 0, sizeof(r));
    r.id = id;
    r.kind = kind;
    r.priority = 100;
    r.exclusive = 0;
    r.valid_from = "2026-01-01";
    r.valid_to = "2026-12-31";
    r.cap_amount = -1;
    r.cap_gift_qty = -1;
    return r;
}

static struct promo_line
line(int64_t product, int64_t category, int64_t qty, int64_t price)
{
    struct promo_line l;

    memset(&l, 0, sizeof(l));
    l.product_id = product;
    l.category_id = category;
    l.parent_category_id = 900;
    l.qty = qty;
    l.unit_price = price;
    return l;
}

static void
test_percent_rounding(void **state)
{
    struct promo_rule r = rule(1, PROMO_PERCENT);
    struct promo_line l[2] = {line(10, 1, 3, 1001), line(11, 2, 1, 10)};
    struct promo_result res;

    (void)state;
    r.category_id = 900; /* the parent category: both lines */
    r.discount = 1250;
    promo_apply(A, &r, 1, l, 2, "2026-06-01", &res);
    assert_int_equal(res.lines[0].net_price, 876); /* 875.875 */
    assert_int_equal(res.lines[0].discount, 3 * 125);
    assert_int_equal(res.lines[1].net_price, 9); /* 8.75 -> 9 */
    assert_int_equal(res.discount, 375 + 1);
    assert_int_equal(res.steps[0].verdict, PROMO_APPLIED);
    assert_int_equal(res.n_lines, 2);
}

static void
test_amount_and_match(void **state)
{
    struct promo_rule r = rule(1, PROMO_AMOUNT);
    struct promo_line l[2] = {line(10, 1, 2, 500), line(11, 2, 1, 300)};
    struct promo_result res;

    (void)state;
    r.product_id = 11;
    r.amount = 400; /* more than the price: never below 0 */
    promo_apply(A, &r, 1, l, 2, "2026-06-01", &res);
    assert_int_equal(res.lines[0].net_price, 500);
    assert_int_equal(res.lines[1].net_price, 0);
    assert_int_equal(res.discount, 300);
    r.product_id = 12; /* no line: not in the explanation */
    promo_apply(A, &r, 1, l, 2, "2026-06-01", &res);
    assert_int_equal(res.n_steps, 0);
    assert_int_equal(res.discount, 0);
}

static void
test_buy_get(void **state)
{
    struct promo_rule r = rule(5, PROMO_BUY_GET);
    struct promo_line l[2] = {line(10, 1, 7, 500), line(10, 1, 4, 500)};
    struct promo_result res;

    (void)state;
    r.product_id = 10;
    r.buy_qty = 5;
    r.get_qty = 2;
    r.gift_value = 500;
    promo_apply(A, &r, 1, l, 2, "2026-06-01", &res);
    /* 11 units: 2 times 5 -> 4 free of the same product */
    assert_int_equal(res.n_lines, 3);
    assert_int_equal(res.lines[2].product_id, 10);
    assert_int_equal(res.lines[2].qty, 4);
    assert_int_equal(res.lines[2].gift, 1);
    assert_int_equal(res.lines[2].unit_price, 0);
    assert_int_equal(res.lines[2].gift_promo_id, 5);
    assert_int_equal(res.gift_value, 2000);
    assert_int_equal(res.discount, 0);
    /* another product as the gift; 4 units: not met */
    r.gift_product_id = 77;
    promo_apply(A, &r, 1, l + 1, 1, "2026-06-01", &res);
    assert_int_equal(res.n_lines, 1);
    assert_int_equal(res.steps[0].verdict, PROMO_NOT_MET);
    promo_apply(A, &r, 1, l, 1, "2026-06-01", &res);
    assert_int_equal(res.lines[1].product_id, 77);
    assert_int_equal(res.lines[1].qty, 2);
}

static void
test_spend_after_discount(void **state)
{
    struct promo_rule r[2] = {rule(1, PROMO_PERCENT),
                              rule(2, PROMO_SPEND_GIFT)};
    struct promo_line l[1] = {line(10, 1, 10, 1000)}; /* 100.00 */
    struct promo_result res;

    (void)state;
    r[0].product_id = 10;
    r[0].discount = 1000;
    r[0].priority = 1;
    r[1].spend = 10000; /* whole order */
    r[1].gift_product_id = 99;
    r[1].gift_qty = 1;
    r[1].gift_value = 50;
    r[1].priority = 2;
    promo_apply(A, r, 2, l, 1, "2026-06-01", &res);
    /* 90.00 after the 10 %: the spend is not reached */
    assert_int_equal(res.steps[0].verdict, PROMO_APPLIED);
    assert_int_equal(res.steps[1].verdict, PROMO_NOT_MET);
    assert_int_equal(res.n_lines, 1);
    /* the spend first: reached on 100.00, then the 10 % */
    r[1].priority = 0;
    promo_apply(A, r, 2, l, 1, "2026-06-01", &res);
    assert_ptr_equal(res.steps[0].rule, &r[1]);
    assert_int_equal(res.steps[0].verdict, PROMO_APPLIED);
    assert_int_equal(res.n_lines, 2);
    assert_int_equal(res.lines[1].product_id, 99);
    assert_int_equal(res.discount, 1000);
}

static void
test_tiers(void **state)
{
    static const struct promo_tier t[3] = {{10, 200}, {50, 500}, {100, 1000}};
    struct promo_rule r = rule(1, PROMO_TIERED);
    struct promo_line l[2] = {line(10, 1, 30, 100), line(11, 1, 25, 100)};
    struct promo_result res;

    (void)state;
    r.category_id = 1;
    r.tiers = t;
    r.n_tiers = 3;
    promo_apply(A, &r, 1, l, 2, "2026-06-01", &res);
    assert_int_equal(res.steps[0].tier, 1); /* 55 units: 5 % */
    assert_int_equal(res.lines[0].net_price, 95);
    assert_int_equal(res.discount, 55 * 5);
    promo_apply(A, &r, 1, l + 1, 1, "2026-06-01", &res);
    assert_int_equal(res.steps[0].tier, 0);
    assert_int_equal(res.lines[0].net_price, 98);
    /* by amount: 5,500 fen reaches 5,000 only */
    {
        static const struct promo_tier ta[2] = {{5000, 300}, {6000, 800}};

        r.tier_on_amount = 1;
        r.tiers = ta;
        r.n_tiers = 2;
        promo_apply(A, &r, 1, l, 2, "2026-06-01", &res);
        assert_int_equal(res.steps[0].tier, 0);
        assert_int_equal(res.lines[1].net_price, 97);
        promo_apply(A, &r, 1, l, 1, "2026-06-01", &res);
        assert_int_equal(res.steps[0].verdict, PROMO_NOT_MET);
    }
}

static void
test_stacking(void **state)
{
    struct promo_rule r[3] = {rule(1, PROMO_PERCENT), rule(2, PROMO_AMOUNT),
                              rule(3, PROMO_PERCENT)};
    struct promo_line l[1] = {line(10, 1, 1, 1000)};
    struct promo_result res;

    (void)state;
    r[0].product_id = r[1].product_id = r[2].product_id = 10;
    r[0].discount = 1000; /* 10 % */
    r[0].priority = 2;
    r[1].amount = 100; /* 1.00 off */
    r[1].priority = 1;
    r[2].discount = 1500; /* 15 %, exclusive */
    r[2].exclusive = 1;
    /* chain: 1000 - 100 = 900, then 10 % = 810: 190 > 150 */
    promo_apply(A, r, 3, l, 1, "2026-06-01", &res);
    assert_int_equal(res.lines[0].net_price, 810);
    assert_int_equal(res.exclusive_won, 0);
    assert_ptr_equal(res.steps[0].rule, &r[1]);
    assert_int_equal(res.steps[2].verdict, PROMO_OUTRANKED);
    /* the other order: 10 % = 900, then 1.00 = 800 */
    r[1].priority = 3;
    promo_apply(A, r, 3, l, 1, "2026-06-01", &res);
    assert_int_equal(res.lines[0].net_price, 800);
    /* a better exclusive one wins alone */
    r[2].discount = 2500;
    promo_apply(A, r, 3, l, 1, "2026-06-01", &res);
    assert_int_equal(res.exclusive_won, 1);
    assert_int_equal(res.lines[0].net_price, 750);
    for (size_t k = 0; k < 3; k++)
        assert_int_equal(res.steps[k].verdict, res.steps[k].rule == &r[2]
                                                   ? PROMO_APPLIED
                                                   : PROMO_OUTRANKED);
    /* a tie goes to the chain */
    r[2].discount = 2000;
    promo_apply(A, r, 3, l, 1, "2026-06-01", &res);
    assert_int_equal(res.exclusive_won, 0);
    assert_int_equal(res.lines[0].net_price, 800);
    /* two exclusive ones: the better; on a tie the first by priority */
    r[0].exclusive = r[1].exclusive = 1;
    r[0].discount = 2000;
    r[0].priority = 9;
    r[2].priority = 8;
    r[1].amount = 1;
    promo_apply(A, r, 3, l, 1, "2026-06-01", &res);
    assert_int_equal(res.lines[0].net_price, 800);
    for (size_t k = 0; k < 3; k++)
        if (res.steps[k].verdict == PROMO_APPLIED)
            assert_ptr_equal(res.steps[k].rule, &r[2]);
}

static void
test_dates(void **state)
{
    struct promo_rule r = rule(1, PROMO_PERCENT);
    struct promo_line l[1] = {line(10, 1, 1, 1000)};
    struct promo_result res;

    (void)state;
    r.product_id = 10;
    r.discount = 1000;
    promo_apply(A, &r, 1, l, 1, "2026-01-01", &res);
    assert_int_equal(res.steps[0].verdict, PROMO_APPLIED);
    promo_apply(A, &r, 1, l, 1, "2026-12-31", &res);
    assert_int_equal(res.steps[0].verdict, PROMO_APPLIED);
    promo_apply(A, &r, 1, l, 1, "2025-12-31", &res);
    assert_int_equal(res.steps[0].verdict, PROMO_NOT_YET);
    promo_apply(A, &r, 1, l, 1, "2027-01-01", &res);
    assert_int_equal(res.steps[0].verdict, PROMO_EXPIRED);
    assert_int_equal(res.lines[0].net_price, 1000);
}

static void
test_caps(void **state)
{
    struct promo_rule r = rule(1, PROMO_BUY_GET);
    struct promo_line l[1] = {line(10, 1, 10, 1000)};
    struct promo_result res;

    (void)state;
    r.product_id = 10;
    r.buy_qty = 2;
    r.get_qty = 1;
    r.gift_value = 1000;
    r.cap_gift_qty = 10;
    r.used_gift_qty = 5; /* 5 left: exactly enough */
    promo_apply(A, &r, 1, l, 1, "2026-06-01", &res);
    assert_int_equal(res.steps[0].verdict, PROMO_APPLIED);
    r.used_gift_qty = 6;
    promo_apply(A, &r, 1, l, 1, "2026-06-01", &res);
    assert_int_equal(res.steps[0].verdict, PROMO_CAP);
    assert_int_equal(res.n_lines, 1);
    r.cap_gift_qty = -1;
    r.cap_amount = 4999; /* 5 gifts worth 5,000 */
    promo_apply(A, &r, 1, l, 1, "2026-06-01", &res);
    assert_int_equal(res.steps[0].verdict, PROMO_CAP);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_percent_rounding),
        cmocka_unit_test(test_amount_and_match),
        cmocka_unit_test(test_buy_get),
        cmocka_unit_test(test_spend_after_discount),
        cmocka_unit_test(test_tiers),
        cmocka_unit_test(test_stacking),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_caps),
    };
    int rc;

    A = arena_new(65536);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    arena_free(A);
    return rc;
}
