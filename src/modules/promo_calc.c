/*
 * promo_calc.c - the pure part of the promotion engine (promo.h): which
 * lines a promotion matches, what each kind gives, the chain of
 * combinable promotions against the best exclusive one, the caps left.
 * No database; allocation only from the caller's arena.
 * tests/unit/test_promo.c drives it.
 */
#include <string.h>

#include "../core/arena.h"
#include "price.h"
#include "promo.h"

const char *const promo_kind_names[] = {"percent", "amount", "buy_get",
                                        "spend_gift", "tiered"};
const char *const promo_verdict_names[] = {"applied", "outranked", "not_met",
                                           "cap",     "not_yet",   "expired"};

int
promo_matches(const struct promo_rule *r, int64_t product_id,
              int64_t category_id, int64_t parent_category_id)
{
    if (r->product_id > 0)
        return r->product_id == product_id;
    if (r->category_id > 0)
        return r->category_id == category_id ||
               (parent_category_id > 0 && r->category_id == parent_category_id);
    /* neither: the whole order, for spend_gift only */
    return r->kind == PROMO_SPEND_GIFT;
}

/* Does a precede b in the order of application? */
static int
precedes(const struct promo_rule *a, const struct promo_rule *b)
{
    if (a->priority != b->priority)
        return a->priority < b->priority;
    return a->id < b->id;
}

/* The net unit price of `price` less d basis points (rounding: price.h). */
static int64_t
off_percent(int64_t price, int d)
{
    return price_discounted(price, d);
}

/*
 * Evaluate rule r on the lines' current net prices (net[i]); when `apply`
 * writes the new net prices to net[].  Fills the step's discount, gift
 * and value; returns 1 when the promotion gives something, else 0 (not
 * met).  Gifts are described in *s (gift_product_id, gift_qty), not
 * added as lines here.
 */
static int
evaluate(const struct promo_rule *r, const struct promo_line *lines,
         size_t n_lines, int64_t *net, int apply, struct promo_step *s)
{
    int64_t qty = 0, amount = 0, discount = 0;
    int64_t gift_product = 0, gift_qty = 0;
    int d = -1;
    int any = 0;

    s->tier = -1;
    for (size_t i = 0; i < n_lines; i++) {
        if (!promo_matches(r, lines[i].product_id, lines[i].category_id,
                           lines[i].parent_category_id))
            continue;
        any = 1;
        qty += lines[i].qty;
        amount += net[i] * lines[i].qty;
    }
    if (!any)
        return 0;
    switch (r->kind) {
    case PROMO_PERCENT: d = r->discount; break;
    case PROMO_TIERED:
        for (size_t k = 0; k < r->n_tiers; k++)
            if ((r->tier_on_amount ? amount : qty) >= r->tiers[k].threshold) {
                d = r->tiers[k].discount;
                s->tier = (int)k;
            }
        if (d < 0)
            return 0;
        break;
    case PROMO_AMOUNT: break;
    case PROMO_BUY_GET:
        if (r->buy_qty <= 0 || qty < r->buy_qty)
            return 0;
        gift_qty = qty / r->buy_qty * r->get_qty;
        gift_product =
            r->gift_product_id > 0 ? r->gift_product_id : r->product_id;
        break;
    case PROMO_SPEND_GIFT:
        if (amount < r->spend)
            return 0;
        gift_qty = r->gift_qty;
        gift_product = r->gift_product_id;
        break;
    }
    if (r->kind == PROMO_PERCENT || r->kind == PROMO_TIERED ||
        r->kind == PROMO_AMOUNT) {
        for (size_t i = 0; i < n_lines; i++) {
            int64_t after;

            if (!promo_matches(r, lines[i].product_id, lines[i].category_id,
                               lines[i].parent_category_id))
                continue;
            if (r->kind == PROMO_AMOUNT)
                after = net[i] > r->amount ? net[i] - r->amount : 0;
            else
                after = off_percent(net[i], d);
            discount += (net[i] - after) * lines[i].qty;
            if (apply)
                net[i] = after;
        }
    }
    s->discount = discount;
    s->gift_qty = gift_qty;
    s->gift_product_id = gift_qty > 0 ? gift_product : 0;
    s->value = discount + gift_qty * r->gift_value;
    return discount > 0 || gift_qty > 0;
}

/* Would step s pass what is left of r's caps? */
static int
over_cap(const struct promo_rule *r, const struct promo_step *s)
{
    if (r->cap_amount >= 0 && r->used_amount + s->value > r->cap_amount)
        return 1;
    if (r->cap_gift_qty >= 0 &&
        r->used_gift_qty + s->gift_qty > r->cap_gift_qty)
        return 1;
    return 0;
}

/* The text dates: NULL open; "YYYY-MM-DD" orders as it reads. */
static int
date_verdict(const struct promo_rule *r, const char *date)
{
    if (r->valid_from != NULL && strncmp(r->valid_from, date, 10) > 0)
        return PROMO_NOT_YET;
    if (r->valid_to != NULL && strncmp(r->valid_to, date, 10) < 0)
        return PROMO_EXPIRED;
    return PROMO_APPLIED;
}

void
promo_apply(struct arena *a, const struct promo_rule *rules, size_t n,
            const struct promo_line *lines, size_t n_lines, const char *date,
            struct promo_result *res)
{
    const struct promo_rule **order;
    int64_t *net, *chain_net;
    int64_t chain_value = 0, best_value = 0;
    long best = -1;
    size_t n_gifts = 0;

    memset(res, 0, sizeof(*res));
    order = arena_alloc(a, (n + 1) * sizeof(*order));
    res->steps = arena_alloc(a, (n + 1) * sizeof(*res->steps));
    res->n_steps = n;
    net = arena_alloc(a, (n_lines + 1) * sizeof(*net));
    chain_net = arena_alloc(a, (n_lines + 1) * sizeof(*chain_net));
    /* insertion sort into priority order: n is small */
    for (size_t i = 0; i < n; i++) {
        size_t j = i;

        while (j > 0 && precedes(&rules[i], order[j - 1])) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = &rules[i];
    }
    for (size_t i = 0; i < n_lines; i++)
        chain_net[i] = lines[i].unit_price;

    /* the chain of combinable promotions, then each exclusive one alone
     * on the base prices */
    for (size_t k = 0; k < n; k++) {
        const struct promo_rule *r = order[k];
        struct promo_step *s = &res->steps[k];
        int v;

        memset(s, 0, sizeof(*s));
        s->rule = r;
        s->tier = -1;
        v = date_verdict(r, date);
        if (v != PROMO_APPLIED) {
            s->verdict = (enum promo_verdict)v;
            continue;
        }
        if (r->exclusive) {
            for (size_t i = 0; i < n_lines; i++)
                net[i] = lines[i].unit_price;
            if (!evaluate(r, lines, n_lines, net, 0, s))
                s->verdict = PROMO_NOT_MET;
            else if (over_cap(r, s))
                s->verdict = PROMO_CAP;
            else {
                s->verdict = PROMO_OUTRANKED; /* until it wins, below */
                if (best < 0 || s->value > best_value) {
                    best = (long)k;
                    best_value = s->value;
                }
            }
            continue;
        }
        /* combinable: evaluate on the chain, apply when within the cap */
        for (size_t i = 0; i < n_lines; i++)
            net[i] = chain_net[i];
        if (!evaluate(r, lines, n_lines, net, 1, s))
            s->verdict = PROMO_NOT_MET;
        else if (over_cap(r, s))
            s->verdict = PROMO_CAP;
        else {
            s->verdict = PROMO_APPLIED;
            chain_value += s->value;
            memcpy(chain_net, net, n_lines * sizeof(*net));
        }
    }

    /* the answer: the best exclusive one when worth more than the chain */
    if (best >= 0 && best_value > chain_value) {
        res->exclusive_won = 1;
        for (size_t k = 0; k < n; k++)
            if (!order[k]->exclusive && res->steps[k].verdict == PROMO_APPLIED)
                res->steps[k].verdict = PROMO_OUTRANKED;
        res->steps[best].verdict = PROMO_APPLIED;
        for (size_t i = 0; i < n_lines; i++)
            net[i] = lines[i].unit_price;
        evaluate(order[best], lines, n_lines, net, 1, &res->steps[best]);
        memcpy(chain_net, net, n_lines * sizeof(*net));
    }

    for (size_t k = 0; k < n; k++)
        if (res->steps[k].verdict == PROMO_APPLIED &&
            res->steps[k].gift_qty > 0)
            n_gifts++;
    res->n_input = n_lines;
    res->n_lines = n_lines + n_gifts;
    res->lines = arena_alloc(a, (res->n_lines + 1) * sizeof(*res->lines));
    for (size_t i = 0; i < n_lines; i++) {
        struct promo_line *l = &res->lines[i];

        *l = lines[i];
        l->net_price = chain_net[i];
        l->discount = (l->unit_price - l->net_price) * l->qty;
        l->gift = 0;
        l->gift_promo_id = 0;
        res->discount += l->discount;
    }
    n_gifts = n_lines;
    for (size_t k = 0; k < n; k++) {
        const struct promo_step *s = &res->steps[k];
        struct promo_line *l;

        if (s->verdict != PROMO_APPLIED || s->gift_qty <= 0)
            continue;
        l = &res->lines[n_gifts++];
        memset(l, 0, sizeof(*l));
        l->product_id = s->gift_product_id;
        l->qty = s->gift_qty;
        l->gift = 1;
        l->gift_promo_id = s->rule->id;
        res->gift_value += s->gift_qty * s->rule->gift_value;
    }
    /* the explanation keeps the promotions that touch some line */
    {
        size_t kept = 0;

        for (size_t k = 0; k < n; k++) {
            int touches = 0;

            for (size_t i = 0; i < n_lines && !touches; i++)
                touches = promo_matches(res->steps[k].rule, lines[i].product_id,
                                        lines[i].category_id,
                                        lines[i].parent_category_id);
            if (touches)
                res->steps[kept++] = res->steps[k];
        }
        res->n_steps = kept;
    }
}
