/*
 * promo.h - promotions and gifts (促销, 赠品): the engine that turns a
 * customer's lines into discounts and gift lines, the budget claim, and
 * the promotion module's pages (promo.c).
 *
 * WHO (promotion.target, promo_target rows): all customers; grades (the
 * party's grade); regions (the party's region or any region below a
 * listed one, region_closure); subtrees (a listed party and its channel
 * subtree, party_closure); customers (the listed parties).  Without a
 * customer only target 'all' applies.  Only status 'active' counts, and
 * only when valid_from <= date <= valid_to (both ends inclusive).
 *
 * WHAT a promotion applies to: a product, a category (a line's own
 * category or its parent), or (spend_gift only) every line.
 *
 * KINDS
 *   percent     d basis points off the unit price of every matching line
 *   amount      a fixed number of fen off each matching unit (never below
 *               0)
 *   buy_get     for every buy_qty units bought (summed over the matching
 *               lines) get_qty units of the gift product (the product
 *               itself when the promotion is on a product and names no
 *               gift)
 *   spend_gift  when the matching lines' amount (after the discounts
 *               applied before it) reaches `spend`, gift_qty units of the
 *               gift product, once per order
 *   tiered      the highest threshold reached by the matching lines'
 *               quantity (tier_on qty) or amount (tier_on amount) gives
 *               its discount in basis points off their unit prices
 * A gift is a line of its own with unit price 0 and the gift flag (it
 * consumes stock like any line); its value, for comparisons and the cap,
 * is the gift product's list price per unit.
 *
 * ROUNDING: every discount is per unit, so a line's net price is a whole
 * number of fen: percent and tiered use price_discounted() of price.h
 * (list * (10000 - d) / 10000 rounded half up to the fen, integers only);
 * a line's discount is (unit price - net unit price) * qty.
 *
 * STACKING.  Promotions are taken in priority order (lower first, then the
 * lower id).  A combinable promotion applies to the prices left by the
 * combinable ones before it (a chain).  An exclusive promotion never
 * combines: each is evaluated alone on the base prices.  The answer is the
 * chain of all combinable promotions or the single best exclusive one,
 * whichever is worth more to the customer (discounts plus gifts' value);
 * a tie goes to the chain, then to the exclusive promotion first in
 * priority order.
 *
 * CAPS: a promotion whose discount (cap_amount, fen, gifts' value
 * included) or gift units (cap_gift_qty) in this answer would pass what is
 * left of its cap (cap - used) is skipped ("cap reached").  Placing an
 * order (order.h) then claims it with promo_claim() in its own
 * transaction: a guarded UPDATE that refuses when the cap would be
 * passed, whatever the others claimed meanwhile; a cancelled order gives
 * it back (promo_unclaim).
 *
 * THE BASE PRICE.  Callers give the engine each line's base price
 * (price_quote()'s base_price), never its unit_price: price_quote()
 * already applies the single-product percent and amount promotions (so
 * the catalog shows them) through promo_quote_many(), and the engine would
 * apply them twice.
 */
#ifndef QUDAO_PROMO_H
#define QUDAO_PROMO_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

struct arena;
struct db;
struct price_quote;

enum promo_kind {
    PROMO_PERCENT,
    PROMO_AMOUNT,
    PROMO_BUY_GET,
    PROMO_SPEND_GIFT,
    PROMO_TIERED
};

enum promo_verdict {
    PROMO_APPLIED,   /* it gave its discount or gifts */
    PROMO_OUTRANKED, /* exclusive, and something else was worth more */
    PROMO_NOT_MET,   /* no matching line, or a threshold not reached */
    PROMO_CAP,       /* it would pass what is left of its cap */
    PROMO_NOT_YET,   /* valid_from after the date */
    PROMO_EXPIRED    /* valid_to before the date */
};

struct promo_tier {
    int64_t threshold; /* units (tier_on qty) or fen (tier_on amount) */
    int discount;      /* basis points */
};

/* One promotion, as the engine sees it. */
struct promo_rule {
    int64_t id;
    const char *code, *name;
    enum promo_kind kind;
    int64_t product_id;  /* 0: none */
    int64_t category_id; /* 0: none */
    int discount;        /* percent: basis points */
    int64_t amount;      /* amount: fen per unit */
    int64_t buy_qty, get_qty;
    int64_t gift_product_id;        /* 0: the product itself (buy_get) */
    int64_t gift_value;             /* list price of the gift product, fen */
    int64_t spend;                  /* spend_gift: fen */
    int64_t gift_qty;               /* spend_gift */
    int tier_on_amount;             /* tiered: 1 amount, 0 quantity */
    const struct promo_tier *tiers; /* ascending thresholds */
    size_t n_tiers;
    int exclusive;
    int priority;
    const char *valid_from, *valid_to; /* "YYYY-MM-DD" */
    int64_t cap_amount;                /* -1: none */
    int64_t cap_gift_qty;              /* -1: none */
    int64_t used_amount, used_gift_qty;
};

/* One line of a cart or order. */
struct promo_line {
    int64_t product_id, category_id, parent_category_id;
    int64_t qty;        /* >= 1 */
    int64_t unit_price; /* base price, fen */
    /* filled by the engine */
    int64_t net_price; /* after the promotions */
    int64_t discount;  /* (unit_price - net_price) * qty */
    int gift;          /* a gift line (unit_price 0) */
    int64_t gift_promo_id;
};

/* An explanation entry: one per promotion considered. */
struct promo_step {
    const struct promo_rule *rule;
    enum promo_verdict verdict;
    int64_t discount; /* fen off the lines (as applied or as evaluated) */
    int64_t gift_qty; /* units given */
    int64_t gift_product_id;
    int64_t value; /* discount + gift_qty * gift_value */
    int tier;      /* tiered: the index of the tier reached; -1 none */
};

struct promo_result {
    struct promo_line *lines; /* the input lines, then the gift lines */
    size_t n_lines, n_input;
    struct promo_step *steps; /* in priority order; only the promotions
                                 that match some line */
    size_t n_steps;
    int64_t discount;   /* total fen off */
    int64_t gift_value; /* total value of the gifts */
    int exclusive_won;  /* 1: an exclusive promotion was the answer */
};

/* ---- the pure part (promo_calc.c, tests/unit/test_promo.c) ------------ */

/*
 * Apply the n promotions `rules` (already the customer's: target and
 * status checked; dates are checked here) to the n_lines `lines` on
 * date.  Fills *res with arrays from arena a (the lines are copied).
 * Never fails.
 */
void promo_apply(struct arena *a, const struct promo_rule *rules, size_t n,
                 const struct promo_line *lines, size_t n_lines,
                 const char *date, struct promo_result *res);

/* Does rule r apply to a line of this product and categories? */
int promo_matches(const struct promo_rule *r, int64_t product_id,
                  int64_t category_id, int64_t parent_category_id);

extern const char *const promo_kind_names[];    /* "percent", … */
extern const char *const promo_verdict_names[]; /* "applied", … */

/* ---- with the database (promo.c) -------------------------------------- */

/*
 * The active promotions for party_id (0: none, only target 'all') in the
 * caller's transaction, in priority order, with their tiers; only the
 * kinds in kinds_mask (1 << PROMO_x) and, when product_id > 0, only those
 * that can touch that product (on it, on its category `cat` or parent
 * category `parent`, or on no product or category at all).  Arrays in
 * arena a.  0 or -1.  (promo_load_many for one product.)
 */
int promo_load(struct db *db, struct arena *a, int64_t party_id,
               int64_t product_id, int64_t cat, int64_t parent,
               unsigned kinds_mask, struct promo_rule **rules, size_t *n);

/* The most products promo_load_many takes at once. */
#define PROMO_MANY 50

/*
 * promo_load for n products at once (1 <= n <= PROMO_MANY; more is -1)
 * in at most three statements whatever n is (the party, the promotions,
 * the tiers when the mask asks for them): rules[i] and n_rules[i] (the
 * caller's arrays of n) are exactly what promo_load(party_id,
 * product_ids[i], cats[i], parents[i], kinds_mask) gives, in the same
 * order.  A product id 0 is promo_load's 0 (every promotion).  Arrays in
 * arena a; a promotion touching several products is copied to each.
 * 0 or -1.
 */
int promo_load_many(struct db *db, struct arena *a, int64_t party_id,
                    const int64_t *product_ids, const int64_t *cats,
                    const int64_t *parents, size_t n, unsigned kinds_mask,
                    struct promo_rule **rules, size_t *n_rules);

/*
 * The hook of price_quote_many(): applies the single-product percent and
 * amount promotions to each quote's base_price, setting its unit_price
 * and the promotion entries of its explanation (promos).  The n quotes
 * qs[i] are of one party, with product, categories, qty, date,
 * base_price and the party's grade and region filled; promo_load_many
 * per PROMO_MANY of them but for the party's own read (price_quote_many
 * has done it), so one statement for each PROMO_MANY.  0 or -1.
 */
int promo_quote_many(struct db *db, struct arena *a,
                     struct price_quote *const *qs, size_t n);

/*
 * The engine with the database: the customer's lines (product ids and
 * quantities; prices from price_quote) on date.  quotes, when not NULL,
 * is the caller's array of n_lines: each line's price_quote (the
 * explanation of its base price).  Returns 0; 1 when a product or the
 * party does not exist (*bad: the index of the line, or -1 for the
 * party); -1 on a database failure.
 */
int promo_evaluate(struct db *db, struct arena *a, int64_t party_id,
                   const int64_t *product_ids, const int64_t *qtys,
                   size_t n_lines, const char *date, struct promo_result *res,
                   struct price_quote *quotes, long *bad);

/* The explanation of res as <step> children of x, one per promotion
 * considered, in priority order (schema/xsd/promo.xsd): the promotion
 * try-out page and the cart. */
void promo_steps_xml(xmlNodePtr x, const struct promo_result *res);

/* Results of promo_claim besides 0 and -1. */
#define PROMO_CLAIM_REFUSED 1 /* the cap would be passed, or not active */

/*
 * Claim `amount` fen and `gift_qty` gift units of promotion promo_id's
 * budget, inside the caller's transaction (the first write of the order's
 * unit of work: PORTABILITY.md item 9), by one guarded UPDATE:
 *   used_x = used_x + ? WHERE id = ? AND status = 'active'
 *   AND (cap_x IS NULL OR used_x + ? <= cap_x)
 * Returns 0 (claimed), PROMO_CLAIM_REFUSED (nothing changed), or -1 on a
 * database failure (the caller rolls back).  Negative amounts are refused
 * as -1 without touching the database.
 */
int promo_claim(struct db *db, int64_t promo_id, int64_t amount,
                int64_t gift_qty);

/*
 * Give back what promo_claim took (an order cancelled): the same amounts,
 * by one UPDATE guarded so the used counters never go below zero, whatever
 * the promotion's status now.  0, PROMO_CLAIM_REFUSED (the counters are
 * below the amounts: nothing changed) or -1.
 */
int promo_unclaim(struct db *db, int64_t promo_id, int64_t amount,
                  int64_t gift_qty);

/*
 * The demo (src/demo_promo.c, called by `qudao demo` after demo_prices):
 * live and expired promotions, among them a gift promotion and a tiered
 * one.  Inside the caller's transaction; 0 or -1.
 */
int demo_promos(struct db *db);

#endif
