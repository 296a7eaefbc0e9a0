/*
 * price.h - the pricing function, one for everything that needs a
 * customer's unit price (catalog, cart, orders, imports, the XML feed),
 * and the price module's workflow callbacks.
 *
 * THE RULES (table price_rule, schema/0004-prices.xml).  A rule counts
 * only when its status is 'active' and it is valid on the date asked:
 * valid_from <= date <= valid_to, both ends inclusive, NULL = open.
 *
 *   customer   a price or a discount for one party and one product
 *   grade      a price or a discount for one grade and one product
 *   category   a discount for one grade on a category: the product's own
 *              category first, else its parent category
 *   qty_break  for a product from min_qty units up: a price or a
 *              discount, for one party, for one grade, or for everyone
 *   grade discount   party_grade.discount of the party's grade
 *   list price       product.list_price
 *
 * PRECEDENCE: the most specific applicable rule wins, in this order (not
 * the lowest price: a customer's agreed price holds even when a general
 * quantity break would be cheaper):
 *
 *   1 customer price            (PRICE_TIER_CUSTOMER)
 *   2 quantity break for the customer
 *   3 grade price
 *   4 quantity break for the grade
 *   5 quantity break for everyone
 *   6 category discount of the grade
 *   7 grade discount
 *   8 list price
 *
 * Within one tier: a quantity break with the larger min_qty (<= the
 * quantity) first, then the later valid_from (NULL counts as earliest),
 * then the higher id (the newer row).  Without a customer (party 0) only
 * tiers 5 and 8 apply; a party without a grade skips 3, 4, 6 and 7.
 *
 * ROUNDING: a discount of d basis points gives the price
 * list * (10000 - d) / 10000 rounded half up to the fen (computed in
 * integers, no floating point): 10 fen at 5 % = 9.5 -> 10 fen; 1001 fen
 * at 12.5 % = 875.875 -> 876 fen.  The discount is always off the list
 * price, never off another rule's price.
 *
 * PROMOTIONS: the base price chosen here is final for this function;
 * promotions apply AFTER it, to the base price, in the pricing function
 * at the place marked "promotions" (price.c): the single-product percent
 * and amount promotions of the customer (promo.h, promo_quote_many), with
 * their own entries in the explanation (`promos`).  The base price stays
 * in `base_price`, the answer in `unit_price`.  Multi-line promotions (buy
 * N get M, spend X get a gift, tiers) are the engine's (promo_evaluate),
 * which starts again from base_price.
 */
#ifndef QUDAO_PRICE_H
#define QUDAO_PRICE_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

struct arena;
struct ctx;
struct db;
struct party_brief;
struct promo_step;

/* The tiers, in precedence order (a lower number wins). */
enum price_tier {
    PRICE_TIER_CUSTOMER = 1,
    PRICE_TIER_CUSTOMER_BREAK,
    PRICE_TIER_GRADE,
    PRICE_TIER_GRADE_BREAK,
    PRICE_TIER_BREAK,
    PRICE_TIER_CATEGORY,
    PRICE_TIER_GRADE_DISCOUNT,
    PRICE_TIER_LIST
};

/* Why a rule did or did not give the price. */
enum price_verdict {
    PRICE_WON,       /* this rule gave the price */
    PRICE_OUTRANKED, /* applicable, but a rule before it won */
    PRICE_NOT_YET,   /* valid_from is after the date */
    PRICE_EXPIRED,   /* valid_to is before the date */
    PRICE_QTY_BELOW, /* a quantity break for more than the quantity */
    PRICE_NOT_ACTIVE /* pending approval, or rejected */
};

enum price_kind {
    PRICE_KIND_CUSTOMER,
    PRICE_KIND_GRADE,
    PRICE_KIND_CATEGORY,
    PRICE_KIND_BREAK,
    PRICE_KIND_GRADE_DISCOUNT /* party_grade.discount (rule_id 0) */
};

/* One candidate rule (a price_rule row, or the grade discount / list
 * price, which have rule_id 0). */
struct price_rule {
    int64_t rule_id; /* 0: the grade discount or the list price */
    enum price_kind kind;
    int64_t party_id, grade_id; /* owner; 0: none (a break for everyone) */
    int64_t category_id;        /* kind category */
    int category_parent;        /* 1: the rule is on the parent category */
    int64_t min_qty;            /* qty_break */
    int has_price;              /* 1: price; 0: discount */
    int64_t price;              /* fen */
    int discount;               /* basis points, 0..10000 */
    const char *valid_from;     /* "YYYY-MM-DD" or NULL (open) */
    const char *valid_to;       /* "YYYY-MM-DD" or NULL (open) */
    int active;                 /* status 'active' */
};

/* A rule as the explanation shows it. */
struct price_considered {
    struct price_rule rule;
    enum price_tier tier;
    enum price_verdict verdict;
    int64_t unit_price; /* what the rule gives (fen) */
};

/* The answer: the price and why. */
struct price_quote {
    int64_t product_id, party_id, grade_id; /* grade_id 0: none */
    int64_t region_id; /* the party's sales region (promotions); 0: none */
    int64_t category_id, parent_category_id;
    int64_t qty;
    char date[11];
    int64_t list_price;
    int grade_discount;   /* basis points of the party's grade */
    int64_t base_price;   /* the winning rule's price, before promotions */
    int64_t unit_price;   /* the answer: base_price after promotions */
    enum price_tier tier; /* the winning tier */
    int64_t rule_id;      /* the winning price_rule row; 0: none */
    struct price_considered *considered; /* every candidate, in tier order */
    size_t n_considered;
    const struct promo_step *promos; /* promotions considered (promo.h) */
    size_t n_promos;
};

/* Results of price_quote besides 0 and -1. */
#define PRICE_NO_PRODUCT 1
#define PRICE_NO_PARTY   2

/*
 * The unit price of product_id for party_id (0: no customer) buying qty
 * (>= 1) units on date ("YYYY-MM-DD"), with its explanation.  Reads in
 * the caller's transaction (or opens one; the caller ends it).  It does
 * NOT check the user's scope: a page calls party_get() first.  Fills *q
 * (arrays in arena a).  Returns 0; PRICE_NO_PRODUCT or PRICE_NO_PARTY
 * when the id names no row; -1 on a database failure.
 */
int price_quote(struct db *db, struct arena *a, int64_t party_id,
                int64_t product_id, int64_t qty, const char *date,
                struct price_quote *q);

/* The products price_quote_many reads with one set of statements. */
#define PRICE_MANY 50

/*
 * price_quote for n products at once (a page of a list, a price list):
 * q[i] and rcs[i] (the caller's arrays of n) are exactly what
 * price_quote(party_id, product_ids[i], qty, date, &q[i]) fills and
 * returns (0, PRICE_NO_PRODUCT, PRICE_NO_PARTY), explanation included
 * (arrays in arena a).  The statements are a fixed number for each
 * PRICE_MANY products, whatever rules they have: the products, the
 * rules, and the promotions (promo_quote_many); and the party's, once a
 * call.  price_quote is this
 * with n = 1, so there is one pricing function.  The same transaction
 * rules as price_quote.  Returns 0 (see rcs), or -1 on a database
 * failure (q and rcs then undefined).
 */
int price_quote_many(struct db *db, struct arena *a, int64_t party_id,
                     const int64_t *product_ids, size_t n, int64_t qty,
                     const char *date, struct price_quote *q, int *rcs);

/*
 * price_quote_many with a quantity of each product's own (qtys[i] >= 1
 * for product_ids[i]): the lines of a cart or an order, priced in the
 * same fixed number of statements per PRICE_MANY lines.  q[i] and rcs[i]
 * are exactly what price_quote(party_id, product_ids[i], qtys[i], date)
 * gives.  0, or -1 on a database failure.
 */
int price_quote_lines(struct db *db, struct arena *a, int64_t party_id,
                      const int64_t *product_ids, const int64_t *qtys, size_t n,
                      const char *date, struct price_quote *q, int *rcs);

/*
 * The explanation of q as a <quote> child of parent (schema/xsd/price.xsd,
 * price-quote): the price, the winning tier, every rule considered with
 * its verdict, the list price, then the promotions applied to the base
 * price.  b, when not NULL, names the customer.  The price check, the
 * cart (cart.c) and later the order pages show the same.
 */
void price_quote_xml(struct ctx *c, xmlNodePtr parent,
                     const struct price_quote *q, const struct party_brief *b);

/* The tier's name as the pages and stored lines say it: "customer",
 * "customer_break", "grade", "grade_break", "break", "category",
 * "grade_discount", "list". */
const char *price_tier_name(enum price_tier t);

/* ---- the pure part (price_calc.c, unit-tested) -------------------------
 */

/* list less d basis points (0..10000), rounded half up to the fen;
 * list >= 0.  Exact for every int64 list price. */
int64_t price_discounted(int64_t list, int discount);

/* What rule r gives on list price `list`. */
int64_t price_rule_amount(const struct price_rule *r, int64_t list);

/* The tier of rule r (a break's tier depends on its owner). */
enum price_tier price_rule_tier(const struct price_rule *r);

/*
 * Choose among n candidate rules for quantity qty on date: fills
 * out[0..n) (the caller's array, n entries) in tier order with each
 * rule's verdict and price, and returns the index in out of the winner,
 * or -1 when no rule applies (the list price then).  The candidates must
 * already be the customer's, grade's and product's (price_quote selects
 * them); this function applies dates, quantities and precedence only.
 */
long price_choose(const struct price_rule *rules, size_t n, int64_t qty,
                  const char *date, int64_t list, struct price_considered *out);

/* The size of a change from `before` to `after` in basis points of
 * before (rounded down, at most 1000000); 0 when before is 0. */
int64_t price_change_bp(int64_t before, int64_t after);

/* ---- workflow (doc type "price": src/modules/workflow/) ----------------
 */

/* The approval of a pending price change (price_change.id) ended: see
 * workflow.h.  Applies it ("approved") or drops it. */
int price_wf_final(struct ctx *c, int64_t doc_id, const char *status);

/* One line about a pending price change for the approval pages. */
const char *price_wf_summary(struct ctx *c, int64_t doc_id);

/*
 * The demo (src/demo_price.c, called by `qudao demo` after the channel):
 * grade discounts on some categories, grade prices and quantity breaks
 * on some products, customer prices for a few dealers, some history.
 * Inside the caller's transaction; 0 or -1.
 */
int demo_prices(struct db *db);

#endif
