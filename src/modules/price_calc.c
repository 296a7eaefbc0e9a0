/*
 * price_calc.c - the pure arithmetic of the pricing function (price.h):
 * discounts rounded to the fen, the tier of a rule, the choice among
 * candidate rules by date, quantity and precedence, and the size of a
 * change.  No database, no allocation: tests/unit/test_price.c drives it.
 */
#include <string.h>

#include "price.h"

int64_t
price_discounted(int64_t list, int discount)
{
    int64_t k, q, r;

    if (discount < 0)
        discount = 0;
    if (discount > 10000)
        discount = 10000;
    if (list <= 0)
        return list;
    /* list * k / 10000 without overflow: list = q * 10000 + r */
    k = 10000 - discount;
    q = list / 10000;
    r = list % 10000;
    return q * k + (r * k + 5000) / 10000;
}

int64_t
price_rule_amount(const struct price_rule *r, int64_t list)
{
    return r->has_price ? r->price : price_discounted(list, r->discount);
}

enum price_tier
price_rule_tier(const struct price_rule *r)
{
    switch (r->kind) {
    case PRICE_KIND_CUSTOMER: return PRICE_TIER_CUSTOMER;
    case PRICE_KIND_GRADE: return PRICE_TIER_GRADE;
    case PRICE_KIND_CATEGORY: return PRICE_TIER_CATEGORY;
    case PRICE_KIND_BREAK:
        if (r->party_id > 0)
            return PRICE_TIER_CUSTOMER_BREAK;
        if (r->grade_id > 0)
            return PRICE_TIER_GRADE_BREAK;
        return PRICE_TIER_BREAK;
    case PRICE_KIND_GRADE_DISCOUNT: return PRICE_TIER_GRADE_DISCOUNT;
    }
    return PRICE_TIER_LIST;
}

/* Compare two dates as text ("YYYY-MM-DD" orders as it reads); NULL is
 * the earliest. */
static int
date_cmp(const char *x, const char *y)
{
    if (x == NULL || y == NULL)
        return (x != NULL) - (y != NULL);
    return strncmp(x, y, 10);
}

/* Does a precede b within the precedence order? */
static int
precedes(const struct price_considered *a, const struct price_considered *b)
{
    int d;

    if (a->tier != b->tier)
        return a->tier < b->tier;
    /* the own category before the parent's */
    if (a->rule.category_parent != b->rule.category_parent)
        return a->rule.category_parent < b->rule.category_parent;
    if (a->rule.min_qty != b->rule.min_qty)
        return a->rule.min_qty > b->rule.min_qty;
    d = date_cmp(a->rule.valid_from, b->rule.valid_from);
    if (d != 0)
        return d > 0;
    return a->rule.rule_id > b->rule.rule_id;
}

long
price_choose(const struct price_rule *rules, size_t n, int64_t qty,
             const char *date, int64_t list, struct price_considered *out)
{
    long won = -1;

    /* insertion sort into precedence order: n is small */
    for (size_t i = 0; i < n; i++) {
        struct price_considered c;
        size_t j = i;

        memset(&c, 0, sizeof(c));
        c.rule = rules[i];
        c.tier = price_rule_tier(&rules[i]);
        c.unit_price = price_rule_amount(&rules[i], list);
        while (j > 0 && precedes(&c, &out[j - 1])) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = c;
    }
    for (size_t i = 0; i < n; i++) {
        struct price_considered *c = &out[i];

        if (!c->rule.active)
            c->verdict = PRICE_NOT_ACTIVE;
        else if (c->rule.valid_from != NULL &&
                 date_cmp(c->rule.valid_from, date) > 0)
            c->verdict = PRICE_NOT_YET;
        else if (c->rule.valid_to != NULL &&
                 date_cmp(c->rule.valid_to, date) < 0)
            c->verdict = PRICE_EXPIRED;
        else if (c->rule.kind == PRICE_KIND_BREAK && c->rule.min_qty > qty)
            c->verdict = PRICE_QTY_BELOW;
        else if (won < 0) {
            c->verdict = PRICE_WON;
            won = (long)i;
        } else
            c->verdict = PRICE_OUTRANKED;
    }
    return won;
}

int64_t
price_change_bp(int64_t before, int64_t after)
{
    uint64_t diff, b, q, r, bp;

    if (before <= 0)
        return 0;
    diff = after >= before ? (uint64_t)after - (uint64_t)before
                           : (uint64_t)before - (uint64_t)after;
    b = (uint64_t)before;
    q = diff / b;
    if (q >= 100)
        return 1000000;
    r = diff % b;
    bp = q;
    /* four decimal digits by long division (r * 10 < 2^64 since r < b
     * < 2^63) */
    for (int i = 0; i < 4; i++) {
        r *= 10;
        bp = bp * 10 + r / b;
        r %= b;
    }
    return (int64_t)bp;
}
