/*
 * price.c - price management and the pricing function (issue 5; MISSION
 * M5).
 *
 * Pages:  GET  /prices                   the price history: every change,
 *                                        newest first; filters (product,
 *                                        what, state, dates), pages, CSV
 *         GET  /prices/{id}              one product's prices: list price,
 *                                        grade, customer and category rules,
 *                                        quantity breaks, their history; the
 *                                        price check (?customer=&qty=&date=)
 *                                        with the pricing function's answer
 *                                        and explanation
 *         POST /prices/{id}/list         change the list price (version)
 *         POST /prices/{id}/rules        add a rule
 *         POST /prices/{id}/rules/{rid}/end   end a rule (set valid_to)
 *         ({id} is the product's id.)
 * Tables: price_rule, price_change (schema/0004-prices.xml); product,
 *         category, party, party_grade read; product.list_price written;
 *         audit_log written.
 * Style:  xsl/price.xsl; text in xsl/i18n/<lang>/price.xml; documents in
 *         schema/xsd/price.xsd.
 * C interface: price.h (price_quote, the rules and their precedence; the
 *         workflow callbacks of doc type "price").
 *
 * Approval.  A change whose size is above the setting
 * price.approval_percent (default 10) of the current price -- a list price
 * against the old list price, a rule's price or discount against the list
 * price, a category discount by its own size -- is not applied: it is
 * written as a pending price_change (a new rule as a price_rule with
 * status 'pending', which the pricing function shows but does not use) and
 * submitted to the workflow as doc type "price", with the change of the
 * unit price in fen as the amount.  price_wf_final() applies it on
 * approval, in the decision's transaction.  When no flow "price" is
 * defined, such a change is refused with 422 ("no_flow") and nothing is
 * written.  Ending a rule never needs approval.  A list price of 0 (a new
 * product) changes without approval.
 *
 * Scope.  Prices of products and grades are company-wide.  Rules that
 * name a party (customer prices, a customer's quantity breaks) and their
 * history are shown only for parties in the user's scope (party_get,
 * SCOPE_PARTY_SQL); naming a customer outside the scope in a form is a
 * 422 "no such customer", ending such a rule a 404.
 *
 * Writes run in one unit of work that starts with a write (the guarded
 * UPDATE or the INSERT: PORTABILITY.md item 9) and writes the history row
 * and the audit record in the same transaction.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "party.h"
#include "price.h"
#include "promo.h"
#include "workflow.h"

#include "../core/audit.h"
#include "../core/auth.h"
#include "../core/clock.h"
#include "../core/csv.h"
#include "../core/ctx.h"
#include "../core/form.h"
#include "../core/log.h"
#include "../core/money.h"
#include "../core/page.h"
#include "../core/scope.h"
#include "../core/settings.h"
#include "../core/text.h"
#include "../core/xd.h"
#include "../db/db.h"

#define PRICE_PAGE       50 /* history rows per page */
#define PRICE_HISTORY    50 /* history rows on a product's page */
#define PRICE_FIELD_MAX  1000
#define PRICE_MAX        INT64_C(100000000000000) /* 1e12 yuan in fen */
#define PRICE_QTY_MAX    INT64_C(1000000000)
#define PRICE_APPROVAL   10 /* percent, when the setting is unset */
#define PRICE_CANDIDATES 500

/* Results of a unit of work besides 0 and -1. */
enum price_uow { PRICE_CONFLICT = 100, PRICE_NOFLOW, PRICE_TAKEN };

static const char *const rule_kinds[] = {"customer", "grade", "category",
                                         "qty_break", NULL};
static const char *const change_whats[] = {"list_price", "rule_add", "rule_end",
                                           NULL};
static const char *const change_states[] = {"applied", "pending", "approved",
                                            "rejected", NULL};
static const char *const dones[] = {"saved", "pending", "ended", NULL};
static const char *const tier_names[] = {
    "",      "customer", "customer_break", "grade", "grade_break",
    "break", "category", "grade_discount", "list"};
const char *
price_tier_name(enum price_tier t)
{
    return t >= PRICE_TIER_CUSTOMER && t <= PRICE_TIER_LIST ? tier_names[t]
                                                            : "list";
}

static const char *const verdict_names[] = {
    "won", "outranked", "not_yet", "expired", "qty_below", "not_active"};

/* ==================================================================== */
/* Statements                                                           */
/* ==================================================================== */

/*
 * The pricing function: a statement for one product and one for up to
 * PRICE_MANY (unused places 0: no product or category has id 0), the same
 * text otherwise.
 *
 * The products: id, list price, category, parent category.
 */
#define Q_PRODUCTS(products)                                                   \
    "SELECT p.id, p.list_price, p.category_id, c.parent_id"                    \
    " FROM product p"                                                          \
    " LEFT JOIN category c ON c.id = p.category_id"                            \
    " WHERE p.id IN (" products ")"
DB_STATEMENT(sql_q_party, 0,
             "SELECT pa.grade_id, g.discount, pa.region_id"
             " FROM party pa"
             " LEFT JOIN party_grade g ON g.id = pa.grade_id"
             " WHERE pa.id = ?");
/* products; party, grade (customer, grade and break rows of the
 * products); grade, categories and parent categories (category rows).
 * quote_chunk hands each product the rows that are its own. */
#define Q_RULES(products, categories)                                          \
    "SELECT r.id, r.kind, r.party_id, r.grade_id, r.category_id,"              \
    " r.min_qty, r.price, r.discount, r.valid_from, r.valid_to,"               \
    " r.status, r.product_id"                                                  \
    " FROM price_rule r"                                                       \
    " WHERE r.status <> 'rejected'"                                            \
    " AND ((r.product_id IN (" products ") AND r.kind <> 'category'"           \
    " AND (r.party_id = ? OR r.grade_id = ?"                                   \
    " OR (r.kind = 'qty_break' AND r.party_id IS NULL"                         \
    " AND r.grade_id IS NULL)))"                                               \
    " OR (r.kind = 'category' AND r.grade_id = ?"                              \
    " AND r.category_id IN (" categories ")))"                                 \
    " ORDER BY r.id"
DB_STATEMENT(sql_q_product, 0, Q_PRODUCTS("?"));
DB_STATEMENT(sql_q_products, 0, Q_PRODUCTS(DB_PLACES_50));
DB_STATEMENT(sql_q_rules, 0, Q_RULES("?", "?, ?"));
DB_STATEMENT(sql_q_rules_many, 0,
             Q_RULES(DB_PLACES_50, DB_PLACES_50 ", " DB_PLACES_50));

/* The product page. */
DB_STATEMENT(sql_product, 0,
             "SELECT p.id, p.code, p.name, p.unit, p.list_price, p.version,"
             " p.category_id, c.code, c.name, c.parent_id, p.status, p.spec"
             " FROM product p"
             " LEFT JOIN category c ON c.id = p.category_id"
             " WHERE p.id = ?");
DB_STATEMENT(sql_grades, 0,
             "SELECT id, code, name, discount"
             " FROM party_grade"
             " WHERE status = 'active'"
             " ORDER BY sort_key, code");
DB_STATEMENT(sql_grade_by_code, 0,
             "SELECT id, code, name, discount FROM party_grade"
             " WHERE code = ? AND status = 'active'");
/* product, category, parent category; scope (2) */
#define RULE_COLS                                                              \
    "SELECT r.id, r.kind, r.status, r.grade_id, g.code, g.name, r.party_id,"   \
    " pa.code, pa.name, r.category_id, cg.code, cg.name, r.min_qty,"           \
    " r.price, r.discount, r.valid_from, r.valid_to, r.note, r.version"        \
    " FROM price_rule r"                                                       \
    " LEFT JOIN party_grade g ON g.id = r.grade_id"                            \
    " LEFT JOIN party pa ON pa.id = r.party_id"                                \
    " LEFT JOIN category cg ON cg.id = r.category_id"
DB_STATEMENT(sql_rules, 0,
             RULE_COLS
             " WHERE r.status <> 'rejected'"
             " AND (r.product_id = ?"
             " OR (r.kind = 'category' AND r.category_id IN (?, ?)))"
             " AND (r.party_id IS NULL OR " SCOPE_PARTY_SQL(
                 "pa.unit_id", "pa.id") ")"
                                        " ORDER BY r.kind, g.sort_key, g.code,"
                                        " pa.code, r.min_qty, r.valid_from,"
                                        " r.id");
DB_STATEMENT(sql_rule_get, 0,
             RULE_COLS
             " WHERE r.id = ? AND r.status = 'active'"
             " AND (r.product_id = ?"
             " OR (r.kind = 'category' AND r.category_id IN (?, ?)))"
             " AND (r.party_id IS NULL OR " SCOPE_PARTY_SQL("pa.unit_id",
                                                            "pa.id") ")");

/* The history: the columns of a change. */
#define CHANGE_COLS                                                            \
    "SELECT h.id, h.what, h.product_id, pr.code, pr.name, h.category_id,"      \
    " cg.code, h.rule_id, h.party_id, pa.code, h.old_text, h.new_text,"        \
    " h.old_price, h.new_price, h.change_bp, h.state, h.note, h.changed_at,"   \
    " q.login, h.decided_at"                                                   \
    " FROM price_change h"                                                     \
    " LEFT JOIN product pr ON pr.id = h.product_id"                            \
    " LEFT JOIN category cg ON cg.id = h.category_id"                          \
    " LEFT JOIN party pa ON pa.id = h.party_id"                                \
    " LEFT JOIN qd_user q ON q.id = h.user_id"
/* The party of a change, when any, in the scope (2 parameters). */
#define CHANGE_SCOPE                                                           \
    " (h.party_id IS NULL OR h.party_id IN (SELECT sp.id FROM party sp"        \
    " WHERE " SCOPE_PARTY_SQL("sp.unit_id", "sp.id") "))"
/* product; scope (2) */
DB_STATEMENT(sql_product_changes, DB_PAGED,
             CHANGE_COLS " WHERE (h.product_id = ?"
                         " OR (h.product_id IS NULL AND h.category_id IN"
                         " (?, ?))) AND" CHANGE_SCOPE
                         " ORDER BY h.changed_at DESC, h.id DESC");
/* scope (2); q (3); what (2); state (2); from (2); to (2) */
#define HIST_WHERE                                                             \
    " WHERE" CHANGE_SCOPE " AND (CAST(? AS VARCHAR(100)) IS NULL"              \
    " OR pr.code LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"                         \
    " OR pr.name LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "')"                        \
    " AND (CAST(? AS VARCHAR(20)) IS NULL OR h.what = ?)"                      \
    " AND (CAST(? AS VARCHAR(20)) IS NULL OR h.state = ?)"                     \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR h.changed_at >= ?)"               \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR h.changed_at < ?)"
#define HIST_N_WHERE 13
DB_STATEMENT(sql_history, DB_PAGED,
             CHANGE_COLS HIST_WHERE " ORDER BY h.changed_at DESC, h.id DESC");
DB_STATEMENT(sql_history_count, 0,
             "SELECT COUNT(*) FROM price_change h"
             " LEFT JOIN product pr ON pr.id = h.product_id" HIST_WHERE);

/* Writes. */
DB_STATEMENT(sql_list_update, 0,
             "UPDATE product"
             " SET list_price = ?, updated_at = ?, version = version + 1"
             " WHERE id = ? AND version = ?");
/* the version check of a change that waits: a write that changes nothing
 * (PORTABILITY.md item 9: write first) */
DB_STATEMENT(sql_list_hold, 0,
             "UPDATE product SET version = version"
             " WHERE id = ? AND version = ?");
DB_STATEMENT(sql_change_insert, 0,
             "INSERT INTO price_change (id, what, product_id, category_id,"
             " rule_id, party_id, old_text, new_text, old_price, new_price,"
             " change_bp, state, note, changed_at, user_id, decided_at,"
             " version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 1)");
DB_STATEMENT(sql_rule_insert, 0,
             "INSERT INTO price_rule (id, kind, product_id, category_id,"
             " grade_id, party_id, min_qty, price, discount, valid_from,"
             " valid_to, status, note, created_at, created_by, updated_at,"
             " version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)");
DB_STATEMENT(sql_rule_end, 0,
             "UPDATE price_rule"
             " SET valid_to = ?, updated_at = ?, version = version + 1"
             " WHERE id = ? AND version = ? AND status = 'active'");

/* The workflow's callbacks. */
DB_STATEMENT(sql_wf_change, 0,
             "SELECT h.what, h.product_id, h.rule_id, h.new_price,"
             " h.old_text, h.new_text, pr.code, pr.name, cg.code, h.old_price"
             " FROM price_change h"
             " LEFT JOIN product pr ON pr.id = h.product_id"
             " LEFT JOIN category cg ON cg.id = h.category_id"
             " WHERE h.id = ?");
DB_STATEMENT(sql_wf_decided, 0,
             "UPDATE price_change"
             " SET state = ?, decided_at = ?, version = version + 1"
             " WHERE id = ? AND state = 'pending'");
/* Guarded by the price the change was asked against: a change approved
 * after someone else changed the list price does not overwrite it. */
DB_STATEMENT(sql_wf_list_apply, 0,
             "UPDATE product"
             " SET list_price = ?, updated_at = ?, version = version + 1"
             " WHERE id = ? AND list_price = ?");
DB_STATEMENT(sql_wf_stale, 0,
             "UPDATE price_change SET state = 'rejected',"
             " note = 'not applied: the list price changed while it waited'"
             " WHERE id = ?");
DB_STATEMENT(sql_wf_rule_status, 0,
             "UPDATE price_rule"
             " SET status = ?, updated_at = ?, version = version + 1"
             " WHERE id = ? AND status = 'pending'");

/* ==================================================================== */
/* The pricing function                                                 */
/* ==================================================================== */

static enum price_kind
kind_of(const char *s)
{
    if (strcmp(s, "customer") == 0)
        return PRICE_KIND_CUSTOMER;
    if (strcmp(s, "grade") == 0)
        return PRICE_KIND_GRADE;
    if (strcmp(s, "category") == 0)
        return PRICE_KIND_CATEGORY;
    return PRICE_KIND_BREAK;
}

/*
 * The decision for one quote q (product, party, grade, list price,
 * categories filled) from the candidate rules[0..n) of its product (the
 * caller's array with room for n + 1: the grade's own discount is added):
 * the explanation, the base price, the tier and the rule.  No database:
 * every caller of the pricing function gets its answer from here.
 */
static void
quote_decide(struct arena *a, struct price_quote *q, struct price_rule *rules,
             size_t n)
{
    long won;

    /* the grade's own discount: a candidate of tier 7 */
    if (q->grade_id > 0 && q->grade_discount > 0) {
        struct price_rule *x = &rules[n++];

        memset(x, 0, sizeof(*x));
        x->kind = PRICE_KIND_GRADE_DISCOUNT;
        x->grade_id = q->grade_id;
        x->discount = q->grade_discount;
        x->min_qty = 1;
        x->active = 1;
    }
    q->considered = arena_alloc(a, (n + 1) * sizeof(*q->considered));
    q->n_considered = n;
    won = price_choose(rules, n, q->qty, q->date, q->list_price, q->considered);
    if (won >= 0) {
        q->base_price = q->considered[won].unit_price;
        q->tier = q->considered[won].tier;
        q->rule_id = q->considered[won].rule.rule_id;
    } else {
        q->base_price = q->list_price;
        q->tier = PRICE_TIER_LIST;
        q->rule_id = 0;
    }
    q->unit_price = q->base_price;
}

/* Is rule x (of product `product`: r.product_id) a row that sql_q_rules
 * gives for quote q?  The party and grade are the statement's already. */
static int
rule_for(const struct price_rule *x, int64_t product,
         const struct price_quote *q)
{
    if (x->kind == PRICE_KIND_CATEGORY)
        return x->category_id != 0 && (x->category_id == q->category_id ||
                                       x->category_id == q->parent_category_id);
    return product == q->product_id;
}

/* The party of a price_quote_many call, read once for all its chunks. */
struct quote_party {
    int read;       /* 0: not yet; 1: found; -1: no such party */
    int64_t grade;  /* its grade, 0: none */
    int64_t region; /* its sales region, 0: none */
    int discount;   /* the grade's discount in basis points */
};

/*
 * price_quote_many for n <= PRICE_MANY products: at most three statements
 * whatever n is (the products, the rules, the promotions), and the
 * party's the first time a chunk finds a product (qp); one product uses
 * the one-product statements, the same text with "?" for the IN lists.
 * 0 or -1.
 */
static int
quote_chunk(struct db *db, struct arena *a, int64_t party_id,
            struct quote_party *qp, const int64_t *ids, size_t n, int64_t qty,
            const int64_t *qtys, const char *date, struct price_quote *q,
            int *rcs)
{
    struct db_param p[3 * PRICE_MANY + 3];
    struct price_quote *found[PRICE_MANY];
    int64_t cats[2 * PRICE_MANY];
    size_t width = n == 1 ? 1 : PRICE_MANY, n_found = 0, n_cats = 0, k = 0;
    struct price_rule *all, *rules;
    int64_t *owners;
    struct db_rows r;

    for (size_t i = 0; i < n; i++) {
        memset(&q[i], 0, sizeof(q[i]));
        q[i].product_id = ids[i];
        q[i].party_id = party_id;
        q[i].qty = qtys != NULL ? qtys[i] : qty;
        snprintf(q[i].date, sizeof(q[i].date), "%.10s", date);
        rcs[i] = PRICE_NO_PRODUCT;
    }

    for (size_t i = 0; i < width; i++)
        p[i] = DB_INT(i < n ? ids[i] : 0);
    if (db_query(db, a, n == 1 ? &sql_q_product : &sql_q_products, p, width, 0,
                 0, &r) != 0)
        return -1;
    for (size_t j = 0; j < r.n_rows; j++)
        for (size_t i = 0; i < n; i++)
            if (ids[i] == db_cell_int(&r, j, 0) && rcs[i] != 0) {
                q[i].list_price = db_cell_int(&r, j, 1);
                q[i].category_id = db_cell_int(&r, j, 2);
                q[i].parent_category_id = db_cell_int(&r, j, 3);
                rcs[i] = 0;
            }
    for (size_t i = 0; i < n; i++)
        n_found += rcs[i] == 0;
    if (party_id > 0 && n_found > 0 && qp->read == 0) {
        p[0] = DB_INT(party_id);
        if (db_query(db, a, &sql_q_party, p, 1, 0, 0, &r) != 0)
            return -1;
        qp->read = r.n_rows > 0 ? 1 : -1;
        if (r.n_rows > 0) {
            qp->grade = db_cell_int(&r, 0, 0);
            qp->discount = (int)db_cell_int(&r, 0, 1);
            qp->region = db_cell_int(&r, 0, 2);
        }
    }
    n_found = 0;
    for (size_t i = 0; i < n; i++) {
        if (rcs[i] == 0 && qp->read < 0)
            rcs[i] = PRICE_NO_PARTY;
        if (rcs[i] != 0)
            continue;
        q[i].grade_id = qp->grade;
        q[i].region_id = qp->region;
        q[i].grade_discount = qp->discount;
        found[n_found++] = &q[i];
    }
    if (n_found == 0)
        return 0;

    /* the categories and parents of the products, each once */
    for (size_t i = 0; i < n_found; i++) {
        int64_t c2[2] = {found[i]->category_id, found[i]->parent_category_id};

        for (size_t m = 0; m < 2; m++) {
            size_t j = 0;

            while (j < n_cats && cats[j] != c2[m])
                j++;
            if (j == n_cats && c2[m] != 0)
                cats[n_cats++] = c2[m];
        }
    }
    for (size_t i = 0; i < width; i++)
        p[k++] = DB_INT(i < n ? ids[i] : 0);
    p[k++] = DB_INT(party_id);
    p[k++] = DB_INT(qp->grade);
    p[k++] = DB_INT(qp->grade);
    for (size_t i = 0; i < 2 * width; i++)
        p[k++] = DB_INT(i < n_cats ? cats[i] : 0);
    if (db_query(db, a, n == 1 ? &sql_q_rules : &sql_q_rules_many, p, k, 0, 0,
                 &r) != 0)
        return -1;
    all = arena_alloc(a, (r.n_rows + 1) * sizeof(*all));
    owners = arena_alloc(a, (r.n_rows + 1) * sizeof(*owners));
    for (size_t i = 0; i < r.n_rows; i++) {
        struct price_rule *x = &all[i];

        memset(x, 0, sizeof(*x));
        x->rule_id = db_cell_int(&r, i, 0);
        x->kind = kind_of(db_cell(&r, i, 1));
        x->party_id = db_cell_int(&r, i, 2);
        x->grade_id = db_cell_int(&r, i, 3);
        x->category_id = db_cell_int(&r, i, 4);
        x->min_qty = db_cell_int(&r, i, 5);
        x->has_price = db_cell(&r, i, 6) != NULL;
        x->price = db_cell_int(&r, i, 6);
        x->discount = (int)db_cell_int(&r, i, 7);
        x->valid_from = text_iso_date(a, db_cell(&r, i, 8));
        x->valid_to = text_iso_date(a, db_cell(&r, i, 9));
        x->active = strcmp(db_cell(&r, i, 10), "active") == 0;
        owners[i] = db_cell_int(&r, i, 11);
    }
    /* each product: its own rows in the statement's order (r.id), the
     * first PRICE_CANDIDATES of them (oldest first: a pathological
     * product keeps its first rules), then the decision */
    rules = arena_alloc(
        a, (r.n_rows < PRICE_CANDIDATES ? r.n_rows : PRICE_CANDIDATES) *
                   sizeof(*rules) +
               sizeof(*rules));
    for (size_t i = 0; i < n_found; i++) {
        struct price_quote *x = found[i];
        size_t m = 0;

        for (size_t j = 0; j < r.n_rows && m < PRICE_CANDIDATES; j++)
            if (rule_for(&all[j], owners[j], x)) {
                rules[m] = all[j];
                rules[m].category_parent =
                    rules[m].kind == PRICE_KIND_CATEGORY &&
                    rules[m].category_id != x->category_id;
                m++;
            }
        quote_decide(a, x, rules, m);
    }
    /* promotions: the customer's single-product percent and amount
     * promotions apply here, to each base_price, and add their entries to
     * the explanation (promo.h: promo_quote_many) */
    return promo_quote_many(db, a, found, n_found);
}

/* price_quote_many and price_quote_lines: qty for every product, or
 * qtys[i] for product i when qtys is not NULL. */
static int
quote_all(struct db *db, struct arena *a, int64_t party_id,
          const int64_t *product_ids, size_t n, int64_t qty,
          const int64_t *qtys, const char *date, struct price_quote *q,
          int *rcs)
{
    struct quote_party qp = {0, 0, 0, 0};

    for (size_t i = 0; i < n; i += PRICE_MANY)
        if (quote_chunk(db, a, party_id, &qp, product_ids + i,
                        n - i < PRICE_MANY ? n - i : PRICE_MANY, qty,
                        qtys != NULL ? qtys + i : NULL, date, q + i,
                        rcs + i) != 0)
            return -1;
    return 0;
}

int
price_quote_many(struct db *db, struct arena *a, int64_t party_id,
                 const int64_t *product_ids, size_t n, int64_t qty,
                 const char *date, struct price_quote *q, int *rcs)
{
    return quote_all(db, a, party_id, product_ids, n, qty, NULL, date, q, rcs);
}

int
price_quote_lines(struct db *db, struct arena *a, int64_t party_id,
                  const int64_t *product_ids, const int64_t *qtys, size_t n,
                  const char *date, struct price_quote *q, int *rcs)
{
    return quote_all(db, a, party_id, product_ids, n, 0, qtys, date, q, rcs);
}

int
price_quote(struct db *db, struct arena *a, int64_t party_id,
            int64_t product_id, int64_t qty, const char *date,
            struct price_quote *q)
{
    int rc;

    if (price_quote_many(db, a, party_id, &product_id, 1, qty, date, q, &rc) !=
        0)
        return -1;
    return rc;
}

/* ==================================================================== */
/* Helpers                                                              */
/* ==================================================================== */

/* The approval threshold in basis points (setting price.approval_percent,
 * a whole percent 0..1000; PRICE_APPROVAL when unset or bad). */
static int64_t
approval_bp(void)
{
    const char *v = settings_get("price.approval_percent");
    char *end;
    long d;

    if (v == NULL || *v == '\0')
        return PRICE_APPROVAL * 100;
    d = strtol(v, &end, 10);
    if (*end != '\0' || d < 0 || d > 1000)
        return PRICE_APPROVAL * 100;
    return (int64_t)d * 100;
}

/* A discount in basis points as "5.00%", in the arena. */
static const char *
pct_text(struct arena *a, int64_t bp)
{
    char buf[MONEY_BUFSZ];

    return arena_printf(a, "%s%%", money_format(bp, 0, buf, sizeof(buf)));
}

/* One rule as a line of the history, in the arena: its kind as a code,
 * the rest in symbols and codes only, so that the page can name the kind
 * in the reader's language (price.xsl, change-text): "customer D-SH1:
 * 95.00, 2026-01-01 – 2026-12-31", "qty_break ≥ 50: -6.00%" (for
 * everyone: no owner), "category VIP / APL-PER: -3.00%, 2026-01-01 –"
 * (open-ended). */
static const char *
rule_line(struct arena *a, const char *kind, const char *grade,
          const char *party, const char *category, int64_t min_qty,
          int has_price, int64_t price, int64_t discount, const char *from,
          const char *to)
{
    const char *owner = party != NULL ? party : grade != NULL ? grade : NULL;
    const char *validity = from != NULL && to != NULL
                               ? arena_printf(a, ", %s – %s", from, to)
                           : from != NULL ? arena_printf(a, ", %s –", from)
                           : to != NULL   ? arena_printf(a, ", – %s", to)
                                          : "";

    return arena_printf(
        a, "%s%s%s%s%s%s: %s%s%s", kind, owner != NULL ? " " : "",
        owner != NULL ? owner : "", category != NULL ? " / " : "",
        category != NULL ? category : "",
        strcmp(kind, "qty_break") == 0 ? arena_printf(a, " ≥ %" PRId64, min_qty)
                                       : "",
        has_price ? "" : "-",
        has_price ? money_plain(a, price) : pct_text(a, discount), validity);
}

/* rule_line of a rule as rule_end reads it (sql_rule_get), valid from
 * `from` to `to`. */
static const char *
rule_row_line(struct arena *a, const struct db_rows *r, const char *from,
              const char *to)
{
    return rule_line(a, db_cell(r, 0, 1), db_cell(r, 0, 4), db_cell(r, 0, 7),
                     db_cell(r, 0, 10), db_cell_int(r, 0, 12),
                     db_cell(r, 0, 13) != NULL, db_cell_int(r, 0, 13),
                     db_cell_int(r, 0, 14), from, to);
}

/* The product row (sql_product) or the 404.  0 or -1. */
static int
find_product(struct ctx *c, int64_t id, struct db_rows *r)
{
    struct db_param p[1] = {DB_INT(id)};

    if (id <= 0)
        return ctx_fail(c, 404, "not_found", "no such product", NULL);
    if (db_query(c->db, c->a, &sql_product, p, 1, 0, 0, r) != 0)
        return ctx_db_fail(c);
    if (r->n_rows == 0)
        return ctx_fail(c, 404, "not_found", "no such product", NULL);
    return 0;
}

/* The rule row of r as attributes (sql_rules columns). */
static void
rule_attrs(struct ctx *c, xmlNodePtr n, const struct db_rows *r, size_t i,
           const char *today)
{
    const char *from = text_iso_date(c->a, db_cell(r, i, 15));
    const char *to = text_iso_date(c->a, db_cell(r, i, 16));

    xd_attr(n, "id", db_cell(r, i, 0));
    xd_attr(n, "kind", db_cell(r, i, 1));
    xd_attr(n, "status", db_cell(r, i, 2));
    xd_attr(n, "grade-id", db_cell(r, i, 3));
    xd_attr(n, "grade-code", db_cell(r, i, 4));
    xd_attr(n, "grade-name", db_cell(r, i, 5));
    xd_attr(n, "party-id", db_cell(r, i, 6));
    xd_attr(n, "party-code", db_cell(r, i, 7));
    xd_attr(n, "party-name", db_cell(r, i, 8));
    xd_attr(n, "category-id", db_cell(r, i, 9));
    xd_attr(n, "category-code", db_cell(r, i, 10));
    xd_attr(n, "category-name", db_cell(r, i, 11));
    xd_attr(n, "min-qty", db_cell(r, i, 12));
    if (db_cell(r, i, 13) != NULL)
        xd_money_cell(n, "price", r, i, 13);
    if (db_cell(r, i, 14) != NULL) {
        xd_attr(n, "discount", db_cell(r, i, 14));
        xd_attr(n, "discount-text", money_plain(c->a, db_cell_int(r, i, 14)));
    }
    xd_attr(n, "valid-from", from);
    xd_attr(n, "valid-to", to);
    xd_attr(n, "note", db_cell(r, i, 17));
    xd_attr(n, "version", db_cell(r, i, 18));
    if (strcmp(db_cell(r, i, 2), "active") == 0 &&
        (from == NULL || strcmp(from, today) <= 0) &&
        (to == NULL || strcmp(to, today) >= 0))
        xd_attr(n, "current", "true");
}

/* Change row i of r (CHANGE_COLS) as an element under parent. */
static void
change_elem(struct ctx *c, xmlNodePtr parent, const struct db_rows *r, size_t i)
{
    xmlNodePtr n = xd_elem(parent, "change");

    xd_attr(n, "id", db_cell(r, i, 0));
    xd_attr(n, "what", db_cell(r, i, 1));
    xd_attr(n, "product-id", db_cell(r, i, 2));
    xd_attr(n, "product-code", db_cell(r, i, 3));
    xd_attr(n, "product-name", db_cell(r, i, 4));
    xd_attr(n, "category-id", db_cell(r, i, 5));
    xd_attr(n, "category-code", db_cell(r, i, 6));
    xd_attr(n, "rule-id", db_cell(r, i, 7));
    xd_attr(n, "party-id", db_cell(r, i, 8));
    xd_attr(n, "party-code", db_cell(r, i, 9));
    xd_attr(n, "old", db_cell(r, i, 10));
    xd_attr(n, "new", db_cell(r, i, 11));
    if (db_cell(r, i, 12) != NULL)
        xd_money_cell(n, "old-price", r, i, 12);
    if (db_cell(r, i, 13) != NULL)
        xd_money_cell(n, "new-price", r, i, 13);
    if (db_cell(r, i, 14) != NULL) {
        xd_attr(n, "change-bp", db_cell(r, i, 14));
        xd_attr(n, "change-text", money_plain(c->a, db_cell_int(r, i, 14)));
    }
    xd_attr(n, "state", db_cell(r, i, 15));
    xd_attr(n, "note", db_cell(r, i, 16));
    page_ts_cell(c, n, "changed-at", r, i, 17);
    xd_attr(n, "login", db_cell(r, i, 18));
    page_ts_cell(c, n, "decided-at", r, i, 19);
}

/* ==================================================================== */
/* GET /prices/{id}                                                     */
/* ==================================================================== */

void
price_quote_xml(struct ctx *c, xmlNodePtr parent, const struct price_quote *q,
                const struct party_brief *b)
{
    xmlNodePtr n = xd_elem(parent, "quote");

    xd_attr_int(n, "product-id", q->product_id);
    if (b != NULL) {
        xd_attr_int(n, "party-id", b->id);
        xd_attr(n, "party-code", b->code);
        xd_attr(n, "party-name", b->name);
    }
    if (q->grade_id > 0) {
        xd_attr_int(n, "grade-id", q->grade_id);
        xd_attr_int(n, "grade-discount", q->grade_discount);
    }
    xd_attr_int(n, "qty", q->qty);
    xd_attr(n, "date", q->date);
    xd_attr_money(n, "list-price", q->list_price);
    xd_attr_money(n, "base-price", q->base_price);
    xd_attr_money(n, "unit-price", q->unit_price);
    xd_attr_money(n, "amount", q->unit_price * q->qty);
    xd_attr(n, "tier", tier_names[q->tier]);
    if (q->rule_id > 0)
        xd_attr_int(n, "rule-id", q->rule_id);
    for (size_t i = 0; i < q->n_considered; i++) {
        const struct price_considered *k = &q->considered[i];
        xmlNodePtr e = xd_elem(n, "rule");

        xd_attr(e, "tier", tier_names[k->tier]);
        xd_attr(e, "verdict", verdict_names[k->verdict]);
        if (k->rule.rule_id > 0)
            xd_attr_int(e, "rule-id", k->rule.rule_id);
        if (k->rule.kind == PRICE_KIND_BREAK)
            xd_attr_int(e, "min-qty", k->rule.min_qty);
        if (k->rule.has_price) {
            xd_attr_money(e, "price", k->rule.price);
        } else {
            xd_attr_int(e, "discount", k->rule.discount);
            xd_attr(e, "discount-text", money_plain(c->a, k->rule.discount));
        }
        xd_attr(e, "valid-from", k->rule.valid_from);
        xd_attr(e, "valid-to", k->rule.valid_to);
        xd_attr_money(e, "unit-price", k->unit_price);
    }
    /* the list price closes the explanation: it wins when nothing did */
    {
        xmlNodePtr e = xd_elem(n, "rule");

        xd_attr(e, "tier", "list");
        xd_attr(e, "verdict", q->tier == PRICE_TIER_LIST ? "won" : "outranked");
        xd_attr_money(e, "unit-price", q->list_price);
    }
    /* then the promotions applied to the base price (promo.h) */
    for (size_t i = 0; i < q->n_promos; i++) {
        const struct promo_step *s = &q->promos[i];
        xmlNodePtr e = xd_elem(n, "promotion");

        xd_attr_int(e, "promo-id", s->rule->id);
        xd_attr(e, "code", s->rule->code);
        xd_attr(e, "name", s->rule->name);
        xd_attr(e, "kind", promo_kind_names[s->rule->kind]);
        xd_attr(e, "verdict", promo_verdict_names[s->verdict]);
        xd_attr_money(e, "discount", s->discount);
    }
}

/*
 * The price check of the query (customer, qty, date) under n, when any of
 * them is given; refused fields make the page 422.  0, or -1 (database).
 */
static int
price_check(struct ctx *c, xmlNodePtr n, int64_t product_id)
{
    const char *code = param_text(c->req, "customer");
    const char *date;
    struct party_brief b;
    struct price_quote q;
    xmlNodePtr k;
    int64_t qty = 1;
    char today[11];
    int found = 0, rc;

    if (code == NULL && param_text(c->req, "qty") == NULL &&
        param_text(c->req, "date") == NULL)
        return 0;
    k = xd_elem(n, "check");
    xd_attr(k, "customer", code);
    xd_attr(k, "qty", param_text(c->req, "qty"));
    xd_attr(k, "date", param_text(c->req, "date"));
    form_int(c, "qty", 0, 1, PRICE_QTY_MAX, &qty);
    date = form_date(c, "date", 0);
    if (date == NULL) {
        clock_day(today, 0);
        date = today;
    }
    if (code != NULL) {
        rc = party_get_by_code(c, code, &b);
        if (rc < 0)
            return -1;
        if (rc > 0)
            form_error(c, "customer", "no_customer",
                       "no such customer in your scope");
        else
            found = 1;
    }
    if (!form_ok(c))
        return 0;
    rc = price_quote(c->db, c->a, found ? b.id : 0, product_id, qty, date, &q);
    if (rc < 0)
        return -1;
    if (rc == 0)
        price_quote_xml(c, k, &q, found ? &b : NULL);
    return 0;
}

/* The forms' typed values, echoed on a refused form. */
static const char *const rule_echo[] = {
    "kind",     "kind",     "customer",   "customer",   "grade",
    "grade",    "min_qty",  "min-qty",    "price",      "price",
    "discount", "discount", "valid_from", "valid-from", "valid_to",
    "valid-to", "note",     "note",       NULL};
static const char *const list_echo[] = {
    "list_price", "list-price", "version", "version", "note", "note", NULL};

/* Which form a refused POST came from (for the echo). */
enum price_form { FORM_NONE, FORM_LIST, FORM_RULE, FORM_END };

/*
 * The product's page: prices, rules, history, the price check; with the
 * refused form's values echoed (form), or a conflict.  0 or -1.
 */
static int
product_page(struct ctx *c, int64_t id, enum price_form form, xmlNodePtr *out)
{
    struct db_rows pr, rules, grades, hist;
    struct db_param p[5];
    xmlNodePtr n, k;
    char today[11];
    int64_t cat, parent;

    if (find_product(c, id, &pr) != 0)
        return -1;
    cat = db_cell_int(&pr, 0, 6);
    parent = db_cell_int(&pr, 0, 9);
    p[0] = DB_INT(id);
    p[1] = DB_INT(cat);
    p[2] = DB_INT(parent);
    p[3] = DB_INT(scope_unit(c));
    p[4] = DB_INT(scope_party(c));
    if (db_query(c->db, c->a, &sql_rules, p, 5, 0, 0, &rules) != 0 ||
        db_query(c->db, c->a, &sql_product_changes, p, 5, PRICE_HISTORY, 0,
                 &hist) != 0 ||
        db_query(c->db, c->a, &sql_grades, NULL, 0, 0, 0, &grades) != 0)
        return ctx_db_fail(c);
    clock_day(today, 0);

    n = ctx_data(c, "price-product");
    xd_attr(n, "id", db_cell(&pr, 0, 0));
    xd_attr(n, "code", db_cell(&pr, 0, 1));
    xd_attr(n, "name", db_cell(&pr, 0, 2));
    xd_attr(n, "spec", db_cell(&pr, 0, 11));
    xd_attr(n, "unit", db_cell(&pr, 0, 3));
    xd_attr(n, "status", db_cell(&pr, 0, 10));
    xd_money_cell(n, "list-price", &pr, 0, 4);
    xd_attr(n, "version", db_cell(&pr, 0, 5));
    xd_attr(n, "category-id", db_cell(&pr, 0, 6));
    xd_attr(n, "category-code", db_cell(&pr, 0, 7));
    xd_attr(n, "category-name", db_cell(&pr, 0, 8));
    xd_attr(n, "today", today);
    xd_attr_int(n, "approval-percent", approval_bp() / 100);
    page_can(c, n, "can-edit", "price.edit");
    for (size_t i = 0; i < grades.n_rows; i++) {
        k = xd_elem(n, "grade");
        xd_attr(k, "id", db_cell(&grades, i, 0));
        xd_attr(k, "code", db_cell(&grades, i, 1));
        xd_attr(k, "name", db_cell(&grades, i, 2));
        xd_attr(k, "discount", db_cell(&grades, i, 3));
        xd_attr(k, "discount-text",
                money_plain(c->a, db_cell_int(&grades, i, 3)));
    }
    for (size_t i = 0; i < rules.n_rows; i++)
        rule_attrs(c, xd_elem(n, "rule"), &rules, i, today);
    for (size_t i = 0; i < hist.n_rows; i++)
        change_elem(c, n, &hist, i);
    if (form == FORM_LIST) {
        k = xd_elem(n, "list-form");
        page_echo(c, k, list_echo);
        if (out != NULL)
            *out = k;
    } else if (form == FORM_RULE) {
        k = xd_elem(n, "rule-form");
        page_echo(c, k, rule_echo);
    } else if (form == FORM_END) {
        k = xd_elem(n, "end-form");
        xd_attr(
            k, "rule-id",
            route_arg_id(c->req, "rid") > 0
                ? arena_printf(c->a, "%" PRId64, route_arg_id(c->req, "rid"))
                : NULL);
        xd_attr(k, "valid-to", param_text(c->req, "valid_to"));
    }
    if (c->req->method == REQ_GET || c->req->method == REQ_HEAD)
        return price_check(c, n, id) != 0 ? ctx_db_fail(c) : 0;
    return 0;
}

static int
product_show(struct ctx *c)
{
    const char *done = param_text(c->req, "done");

    if (done != NULL) {
        static const char *const texts[] = {
            "the price is saved",
            "the change is above the approval threshold: it waits for "
            "approval",
            "the rule is ended"};

        for (size_t i = 0; dones[i] != NULL; i++)
            if (strcmp(dones[i], done) == 0)
                ctx_message(c, "info", dones[i], NULL, texts[i]);
    }
    return product_page(c, page_id(c), FORM_NONE, NULL);
}

/* ==================================================================== */
/* Writing a change                                                     */
/* ==================================================================== */

/* One price change as the units of work write it. */
struct change {
    struct ctx *c;
    const char *what; /* list_price, rule_add, rule_end */
    int64_t product_id, category_id, rule_id, party_id;
    const char *old_text, *new_text;
    int has_prices;
    int64_t old_price, new_price;
    int64_t change_bp;
    int pending;
    const char *note;
    int64_t id; /* the price_change row, set by write_change */
};

static int64_t
price_abs(int64_t v)
{
    return v < 0 ? -v : v;
}

/* Insert the history row of w (state applied or pending); with pending,
 * submit it to the workflow.  0, PRICE_NOFLOW, PRICE_TAKEN or -1. */
static int
write_change(struct db *db, struct change *w)
{
    struct ctx *c = w->c;
    struct db_param p[15];
    int rc;

    if (db_next_id(db, "price_change", &w->id) != 0)
        return -1;
    p[0] = DB_INT(w->id);
    p[1] = DB_TEXT(w->what);
    p[2] = w->product_id > 0 ? DB_INT(w->product_id) : DB_NULLP;
    p[3] = w->category_id > 0 ? DB_INT(w->category_id) : DB_NULLP;
    p[4] = w->rule_id > 0 ? DB_INT(w->rule_id) : DB_NULLP;
    p[5] = w->party_id > 0 ? DB_INT(w->party_id) : DB_NULLP;
    p[6] = DB_TEXT(w->old_text);
    p[7] = DB_TEXT(w->new_text);
    p[8] = w->has_prices ? DB_INT(w->old_price) : DB_NULLP;
    p[9] = w->has_prices ? DB_INT(w->new_price) : DB_NULLP;
    p[10] = w->has_prices || w->change_bp > 0 ? DB_INT(w->change_bp) : DB_NULLP;
    p[11] = DB_TEXT(w->pending ? "pending" : "applied");
    p[12] = DB_TEXT(w->note);
    p[13] = DB_TS(clock_now());
    p[14] = c->user != NULL ? DB_INT(c->user->id) : DB_NULLP;
    if (db_exec(db, &sql_change_insert, p, 15, NULL) != 0)
        return -1;
    if (!w->pending)
        return 0;
    rc = wf_submit(c, "price", w->id,
                   w->has_prices ? price_abs(w->new_price - w->old_price) : 0,
                   c->user != NULL ? c->user->unit_id : 0);
    if (rc == WF_NO_FLOW)
        return PRICE_NOFLOW;
    if (rc == WF_CONFLICT)
        return PRICE_TAKEN;
    if (rc != 0)
        return -1;
    return audit_write(c, "price_change", w->id, "price_submit",
                       arena_printf(c->a, "%s: %s -> %s (%s of the price)",
                                    w->what, w->old_text ? w->old_text : "",
                                    w->new_text ? w->new_text : "",
                                    pct_text(c->a, w->change_bp)));
}

/* ==================================================================== */
/* POST /prices/{id}/list                                               */
/* ==================================================================== */

struct list_work {
    struct change ch;
    int64_t version;
};

static int
list_uow(struct db *db, void *arg)
{
    struct list_work *w = arg;
    struct ctx *c = w->ch.c;
    struct db_param p[4];
    long n = 0;
    int rc;

    if (w->ch.pending) {
        p[0] = DB_INT(w->ch.product_id);
        p[1] = DB_INT(w->version);
        if (db_exec(db, &sql_list_hold, p, 2, &n) != 0)
            return -1;
    } else {
        p[0] = DB_INT(w->ch.new_price);
        p[1] = DB_TS(clock_now());
        p[2] = DB_INT(w->ch.product_id);
        p[3] = DB_INT(w->version);
        if (db_exec(db, &sql_list_update, p, 4, &n) != 0)
            return -1;
    }
    if (n == 0)
        return PRICE_CONFLICT;
    if ((rc = write_change(db, &w->ch)) != 0)
        return rc;
    if (w->ch.pending)
        return 0;
    return audit_write(c, "product", w->ch.product_id, "price_list",
                       arena_printf(c->a, "list_price: %s -> %s%s%s",
                                    w->ch.old_text, w->ch.new_text,
                                    w->ch.note ? "; note: " : "",
                                    w->ch.note ? w->ch.note : ""));
}

/* The page again with 409: the form as typed, the saved list price and
 * version in <conflict>. */
static int
list_conflict(struct ctx *c, int64_t id)
{
    struct db_rows pr;
    xmlNodePtr f, k;

    db_rollback(c->db);
    page_conflict(c);
    ctx_message(c, "error", "conflict", NULL,
                "someone else changed this product meanwhile; compare and "
                "save again");
    if (product_page(c, id, FORM_LIST, &f) != 0 || find_product(c, id, &pr))
        return -1;
    c->status = 409;
    k = xd_elem(f, "conflict");
    xd_money_cell(k, "list-price", &pr, 0, 4);
    xd_attr(k, "version", db_cell(&pr, 0, 5));
    return 0;
}

static int
list_update(struct ctx *c)
{
    int64_t id = page_id(c);
    struct list_work w;
    struct db_rows pr;
    int64_t price = 0;
    int rc;

    if (find_product(c, id, &pr) != 0)
        return -1;
    memset(&w, 0, sizeof(w));
    w.ch.c = c;
    w.ch.what = "list_price";
    w.ch.product_id = id;
    w.ch.has_prices = 1;
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version);
    if (form_money(c, "list_price", FORM_REQUIRED, &price) == 0 &&
        (price < 0 || price > PRICE_MAX))
        form_error(c, "list_price", "bad_amount",
                   "an amount of zero or more (at most "
                   "1,000,000,000,000.00)");
    w.ch.note = form_text(c, "note", 0, 200);
    if (!form_ok(c))
        return product_page(c, id, FORM_LIST, NULL);
    if (w.version != db_cell_int(&pr, 0, 5))
        return list_conflict(c, id);
    w.ch.old_price = db_cell_int(&pr, 0, 4);
    w.ch.new_price = price;
    w.ch.old_text = money_plain(c->a, w.ch.old_price);
    w.ch.new_text = money_plain(c->a, price);
    w.ch.change_bp = price_change_bp(w.ch.old_price, price);
    w.ch.pending = w.ch.old_price > 0 && w.ch.change_bp > approval_bp();
    if (price == w.ch.old_price)
        return ctx_redirect(
            c, arena_printf(c->a, "/prices/%" PRId64 "?done=saved", id));
    db_rollback(c->db);
    rc = db_uow(c->db, list_uow, &w);
    switch (rc) {
    case 0:
        return ctx_redirect(
            c, arena_printf(c->a, "/prices/%" PRId64 "?done=%s", id,
                            w.ch.pending ? "pending" : "saved"));
    case PRICE_CONFLICT: return list_conflict(c, id);
    case PRICE_NOFLOW:
    case PRICE_TAKEN:
        form_error(c, NULL, "no_flow",
                   "the change is above the approval threshold and no "
                   "approval flow for prices is defined");
        return product_page(c, id, FORM_LIST, NULL);
    default: return ctx_db_fail(c);
    }
}

/* ==================================================================== */
/* POST /prices/{id}/rules                                              */
/* ==================================================================== */

struct rule_work {
    struct change ch;
    const char *kind;
    int64_t product_id, category_id, grade_id, party_id, min_qty;
    int has_price;
    int64_t price, discount;
    const char *from, *to, *note;
};

static int
rule_uow(struct db *db, void *arg)
{
    struct rule_work *w = arg;
    struct ctx *c = w->ch.c;
    struct db_param p[16];
    time_t now = clock_now();
    int rc;

    if (db_next_id(db, "price_rule", &w->ch.rule_id) != 0)
        return -1;
    p[0] = DB_INT(w->ch.rule_id);
    p[1] = DB_TEXT(w->kind);
    p[2] = w->product_id > 0 ? DB_INT(w->product_id) : DB_NULLP;
    p[3] = w->category_id > 0 ? DB_INT(w->category_id) : DB_NULLP;
    p[4] = w->grade_id > 0 ? DB_INT(w->grade_id) : DB_NULLP;
    p[5] = w->party_id > 0 ? DB_INT(w->party_id) : DB_NULLP;
    p[6] = DB_INT(w->min_qty);
    p[7] = w->has_price ? DB_INT(w->price) : DB_NULLP;
    p[8] = w->has_price ? DB_NULLP : DB_INT(w->discount);
    p[9] = DB_TEXT(w->from);
    p[10] = DB_TEXT(w->to);
    p[11] = DB_TEXT(w->ch.pending ? "pending" : "active");
    p[12] = DB_TEXT(w->note);
    p[13] = DB_TS(now);
    p[14] = c->user != NULL ? DB_INT(c->user->id) : DB_NULLP;
    p[15] = DB_TS(now);
    if (db_exec(db, &sql_rule_insert, p, 16, NULL) != 0)
        return -1;
    if ((rc = write_change(db, &w->ch)) != 0)
        return rc;
    if (w->ch.pending)
        return 0;
    return audit_write(c, "price_rule", w->ch.rule_id, "price_rule_add",
                       arena_printf(c->a, "%s%s%s", w->ch.new_text,
                                    w->note ? "; note: " : "",
                                    w->note ? w->note : ""));
}

static int
rule_create(struct ctx *c)
{
    int64_t id = page_id(c);
    struct rule_work w;
    struct db_rows pr, g;
    struct party_brief b;
    const char *gcode, *pcode, *cat_code = NULL;
    int64_t list;
    int has_price, has_disc, rc;

    if (find_product(c, id, &pr) != 0)
        return -1;
    memset(&w, 0, sizeof(w));
    w.ch.c = c;
    w.min_qty = 1;
    list = db_cell_int(&pr, 0, 4);
    w.kind = form_enum(c, "kind", FORM_REQUIRED, rule_kinds);
    pcode = form_text(c, "customer", 0, 40);
    gcode = form_text(c, "grade", 0, 20);
    has_price = param_text(c->req, "price") != NULL;
    has_disc = param_text(c->req, "discount") != NULL;
    if (has_price && form_money(c, "price", 0, &w.price) == 0 &&
        (w.price < 0 || w.price > PRICE_MAX))
        form_error(c, "price", "bad_amount",
                   "an amount of zero or more (at most "
                   "1,000,000,000,000.00)");
    /* a percentage with at most two decimals is basis points */
    if (has_disc && form_money(c, "discount", 0, &w.discount) == 0 &&
        (w.discount <= 0 || w.discount > 10000))
        form_error(c, "discount", "bad_discount",
                   "a percentage above 0 and at most 100, such as 7.5");
    if (has_price == has_disc)
        form_error(c, has_price ? "discount" : "price", "price_or_discount",
                   "either a price or a discount");
    w.from = form_date(c, "valid_from", 0);
    w.to = form_date(c, "valid_to", 0);
    if (w.from != NULL && w.to != NULL && strcmp(w.to, w.from) < 0)
        form_error(c, "valid_to", "bad_range",
                   "the end is before the beginning");
    w.note = form_text(c, "note", 0, 200);
    if (param_text(c->req, "min_qty") != NULL)
        form_int(c, "min_qty", 0, 1, PRICE_QTY_MAX, &w.min_qty);
    if (w.kind != NULL) {
        int needs_customer = strcmp(w.kind, "customer") == 0;
        int needs_grade =
            strcmp(w.kind, "grade") == 0 || strcmp(w.kind, "category") == 0;
        int is_break = strcmp(w.kind, "qty_break") == 0;

        if (needs_customer && pcode == NULL)
            form_error(c, "customer", "required", "a customer code");
        if (needs_grade && gcode == NULL)
            form_error(c, "grade", "required", "a grade");
        if (!needs_customer && !is_break && pcode != NULL)
            form_error(c, "customer", "not_here",
                       "no customer for this kind of rule");
        if (!needs_grade && !is_break && gcode != NULL)
            form_error(c, "grade", "not_here",
                       "no grade for this kind of rule");
        if (is_break && pcode != NULL && gcode != NULL)
            form_error(c, "grade", "not_both",
                       "a quantity break is for a customer or a grade, not "
                       "both");
        if (is_break && param_text(c->req, "min_qty") == NULL)
            form_error(c, "min_qty", "required", "the smallest quantity");
        if (!is_break)
            w.min_qty = 1;
        if (strcmp(w.kind, "category") == 0) {
            if (has_price)
                form_error(c, "price", "discount_only",
                           "a category takes a discount, not a price");
            if (db_cell(&pr, 0, 6) == NULL)
                form_error(c, "kind", "no_category",
                           "the product has no category");
            w.category_id = db_cell_int(&pr, 0, 6);
            cat_code = db_cell(&pr, 0, 7);
        } else {
            w.product_id = id;
        }
    }
    if (gcode != NULL) {
        struct db_param p[1] = {DB_TEXT(gcode)};

        if (db_query(c->db, c->a, &sql_grade_by_code, p, 1, 0, 0, &g) != 0)
            return ctx_db_fail(c);
        if (g.n_rows == 0)
            form_error(c, "grade", "no_grade", "no such grade");
        else
            w.grade_id = db_cell_int(&g, 0, 0);
    }
    if (pcode != NULL) {
        rc = party_get_by_code(c, pcode, &b);
        if (rc < 0)
            return ctx_db_fail(c);
        if (rc > 0)
            form_error(c, "customer", "no_customer",
                       "no such customer in your scope");
        else
            w.party_id = b.id;
    }
    if (!form_ok(c))
        return product_page(c, id, FORM_RULE, NULL);

    w.has_price = has_price;
    w.ch.what = "rule_add";
    w.ch.product_id = w.product_id;
    w.ch.category_id = w.category_id;
    w.ch.party_id = w.party_id;
    w.ch.note = w.note;
    w.ch.new_text = rule_line(c->a, w.kind, gcode, pcode, cat_code, w.min_qty,
                              has_price, w.price, w.discount, w.from, w.to);
    if (w.category_id > 0) {
        /* a category discount is judged by its own size */
        w.ch.change_bp = w.discount;
    } else {
        struct price_rule r;

        memset(&r, 0, sizeof(r));
        r.has_price = has_price;
        r.price = w.price;
        r.discount = (int)w.discount;
        w.ch.has_prices = 1;
        w.ch.old_price = list;
        w.ch.new_price = price_rule_amount(&r, list);
        w.ch.change_bp = price_change_bp(list, w.ch.new_price);
        if (list == 0)
            w.ch.change_bp = 0;
    }
    w.ch.pending = w.ch.change_bp > approval_bp();
    db_rollback(c->db);
    rc = db_uow(c->db, rule_uow, &w);
    switch (rc) {
    case 0:
        return ctx_redirect(
            c, arena_printf(c->a, "/prices/%" PRId64 "?done=%s", id,
                            w.ch.pending ? "pending" : "saved"));
    case PRICE_NOFLOW:
    case PRICE_TAKEN:
        form_error(c, NULL, "no_flow",
                   "the change is above the approval threshold and no "
                   "approval flow for prices is defined");
        return product_page(c, id, FORM_RULE, NULL);
    default: return ctx_db_fail(c);
    }
}

/* ==================================================================== */
/* POST /prices/{id}/rules/{rid}/end                                    */
/* ==================================================================== */

struct end_work {
    struct change ch;
    int64_t version;
    const char *to;
};

static int
end_uow(struct db *db, void *arg)
{
    struct end_work *w = arg;
    struct ctx *c = w->ch.c;
    struct db_param p[4];
    long n = 0;
    int rc;

    p[0] = DB_TEXT(w->to);
    p[1] = DB_TS(clock_now());
    p[2] = DB_INT(w->ch.rule_id);
    p[3] = DB_INT(w->version);
    if (db_exec(db, &sql_rule_end, p, 4, &n) != 0)
        return -1;
    if (n == 0)
        return PRICE_CONFLICT;
    if ((rc = write_change(db, &w->ch)) != 0)
        return rc;
    return audit_write(c, "price_rule", w->ch.rule_id, "price_rule_end",
                       arena_printf(c->a, "valid_to: %s -> %s", w->ch.old_text,
                                    w->ch.new_text));
}

static int
rule_end(struct ctx *c)
{
    int64_t id = page_id(c), rid = route_arg_id(c->req, "rid");
    struct db_rows pr, r;
    struct db_param p[6];
    struct end_work w;
    const char *from, *to;
    char today[11];
    int rc;

    if (find_product(c, id, &pr) != 0)
        return -1;
    p[0] = DB_INT(rid);
    p[1] = DB_INT(id);
    p[2] = DB_INT(db_cell_int(&pr, 0, 6));
    p[3] = DB_INT(db_cell_int(&pr, 0, 9));
    p[4] = DB_INT(scope_unit(c));
    p[5] = DB_INT(scope_party(c));
    if (db_query(c->db, c->a, &sql_rule_get, p, 6, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    if (rid <= 0 || r.n_rows == 0)
        return page_not_found(c, "price_rule", rid);
    memset(&w, 0, sizeof(w));
    w.ch.c = c;
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version);
    to = form_date(c, "valid_to", 0);
    clock_day(today, 0);
    if (to == NULL && param_text(c->req, "valid_to") == NULL)
        to = arena_strdup(c->a, today);
    from = text_iso_date(c->a, db_cell(&r, 0, 15));
    if (to != NULL && from != NULL && strcmp(to, from) < 0)
        form_error(c, "valid_to", "bad_range",
                   "the end is before the beginning of the rule");
    if (!form_ok(c))
        return product_page(c, id, FORM_END, NULL);
    if (w.version != db_cell_int(&r, 0, 18)) {
        page_conflict(c);
        ctx_message(c, "error", "conflict", NULL,
                    "someone else changed this rule meanwhile");
        return product_page(c, id, FORM_END, NULL) != 0 ? -1 : 0;
    }
    w.to = to;
    w.version = db_cell_int(&r, 0, 18);
    w.ch.what = "rule_end";
    w.ch.rule_id = rid;
    w.ch.product_id = db_cell(&r, 0, 9) == NULL ? id : 0;
    w.ch.category_id = db_cell_int(&r, 0, 9);
    w.ch.party_id = db_cell_int(&r, 0, 6);
    /* before and after: the rule with its old end, then its new one */
    w.ch.old_text =
        rule_row_line(c->a, &r, from, text_iso_date(c->a, db_cell(&r, 0, 16)));
    w.ch.new_text = rule_row_line(c->a, &r, from, to);
    db_rollback(c->db);
    rc = db_uow(c->db, end_uow, &w);
    if (rc == PRICE_CONFLICT) {
        db_rollback(c->db);
        page_conflict(c);
        ctx_message(c, "error", "conflict", NULL,
                    "someone else changed this rule meanwhile");
        return product_page(c, id, FORM_END, NULL) != 0 ? -1 : 0;
    }
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(
        c, arena_printf(c->a, "/prices/%" PRId64 "?done=ended", id));
}

/* ==================================================================== */
/* GET /prices                                                          */
/* ==================================================================== */

/* A date "YYYY-MM-DD" (checked) as the time_t of its midnight, UTC. */
static time_t
date_time(const char *d, int plus_days)
{
    struct tm tm;

    memset(&tm, 0, sizeof(tm));
    tm.tm_year = atoi(d) - 1900;
    tm.tm_mon = atoi(d + 5) - 1;
    tm.tm_mday = atoi(d + 8) + plus_days;
    return timegm(&tm);
}

static void
history_csv(struct ctx *c, const struct db_rows *r)
{
    static const char *const head[] = {
        "id",    "changed_at", "what",       "product",   "category",
        "party", "old",        "new",        "old_price", "new_price",
        "state", "user",       "decided_at", "note"};

    csv_begin(c, "prices.csv");
    for (size_t k = 0; k < XD_N(head); k++)
        csv_text(c, head[k]);
    csv_row(c);
    for (size_t i = 0; i < r->n_rows; i++) {
        csv_num(c, db_cell(r, i, 0));
        csv_text(c, text_iso_ts(c->a, db_cell(r, i, 17)));
        csv_text(c, db_cell(r, i, 1));
        csv_text(c, db_cell(r, i, 3));
        csv_text(c, db_cell(r, i, 6));
        csv_text(c, db_cell(r, i, 9));
        csv_text(c, db_cell(r, i, 10));
        csv_text(c, db_cell(r, i, 11));
        csv_num(c, db_cell(r, i, 12) != NULL
                       ? money_plain(c->a, db_cell_int(r, i, 12))
                       : NULL);
        csv_num(c, db_cell(r, i, 13) != NULL
                       ? money_plain(c->a, db_cell_int(r, i, 13))
                       : NULL);
        csv_text(c, db_cell(r, i, 15));
        csv_text(c, db_cell(r, i, 18));
        csv_text(c, text_iso_ts(c->a, db_cell(r, i, 19)));
        csv_text(c, db_cell(r, i, 16));
        csv_row(c);
    }
}

static int
history_list(struct ctx *c)
{
    const char *q = param_text(c->req, "q");
    const char *what = param_text(c->req, "what");
    const char *state = param_text(c->req, "state");
    const char *from, *to, *like;
    int64_t page = param_int(c->req, "page", 1);
    struct db_param p[HIST_N_WHERE];
    struct db_rows rows;
    int64_t total, pages;
    xmlNodePtr list;

    from = form_date(c, "from", 0);
    to = form_date(c, "to", 0);
    if (!form_ok(c))
        return ctx_fail(c, 400, "bad_param", "a date as YYYY-MM-DD", NULL);
    like = q != NULL ? text_like(c->a, q, 1, 1) : NULL;
    p[0] = DB_INT(scope_unit(c));
    p[1] = DB_INT(scope_party(c));
    p[2] = DB_TEXT(q);
    p[3] = DB_TEXT(like);
    p[4] = DB_TEXT(like);
    p[5] = DB_TEXT(what);
    p[6] = DB_TEXT(what);
    p[7] = DB_TEXT(state);
    p[8] = DB_TEXT(state);
    p[9] = from != NULL ? DB_INT(1) : DB_NULLP;
    p[10] = from != NULL ? DB_TS(date_time(from, 0)) : DB_TS(0);
    p[11] = to != NULL ? DB_INT(1) : DB_NULLP;
    p[12] = to != NULL ? DB_TS(date_time(to, 1)) : DB_TS(0);
    if (c->req->want_csv) {
        if (db_query(c->db, c->a, &sql_history, p, HIST_N_WHERE, 0, 0, &rows) !=
            0)
            return ctx_db_fail(c);
        history_csv(c, &rows);
        return 0;
    }
    if (page_rows(c, PRICE_PAGE, &page, &total, &pages, &sql_history_count, p,
                  HIST_N_WHERE, &sql_history, p, HIST_N_WHERE, &rows) != 0)
        return -1;
    list = ctx_data(c, "price-history");
    xd_attr(list, "q", q != NULL ? q : "");
    xd_attr(list, "what", what);
    xd_attr(list, "state", state);
    xd_attr(list, "from", from);
    xd_attr(list, "to", to);
    page_attrs(list, page, pages, total, PRICE_PAGE, rows.n_rows);
    for (size_t i = 0; i < rows.n_rows; i++)
        change_elem(c, list, &rows, i);
    return 0;
}

/* ==================================================================== */
/* The workflow                                                         */
/* ==================================================================== */

int
price_wf_final(struct ctx *c, int64_t doc_id, const char *status)
{
    struct db_param p[3];
    struct db_rows r;
    const char *to, *what;
    time_t now = clock_now();
    long n = 0;

    if (strcmp(status, "approved") == 0)
        to = "approved";
    else if (strcmp(status, "rejected") == 0 || strcmp(status, "returned") == 0)
        to = "rejected"; /* a returned change is dropped: ask again */
    else
        return -1;
    p[0] = DB_TEXT(to);
    p[1] = DB_TS(now);
    p[2] = DB_INT(doc_id);
    if (db_exec(c->db, &sql_wf_decided, p, 3, &n) != 0)
        return -1;
    if (n != 1) {
        log_error("req=%s price change %lld: approval %s but the change is "
                  "not pending",
                  c->request_id, (long long)doc_id, status);
        return -1;
    }
    p[0] = DB_INT(doc_id);
    if (db_query(c->db, c->a, &sql_wf_change, p, 1, 0, 0, &r) != 0 ||
        r.n_rows == 0)
        return -1;
    what = db_cell(&r, 0, 0);
    if (strcmp(what, "list_price") == 0 && strcmp(to, "approved") == 0) {
        struct db_param q[4];

        q[0] = DB_INT(db_cell_int(&r, 0, 3));
        q[1] = DB_TS(now);
        q[2] = DB_INT(db_cell_int(&r, 0, 1));
        q[3] = DB_INT(db_cell_int(&r, 0, 9));
        if (db_exec(c->db, &sql_wf_list_apply, q, 4, &n) != 0)
            return -1;
        if (n == 0) { /* stale: record it, change nothing else */
            p[0] = DB_INT(doc_id);
            if (db_exec(c->db, &sql_wf_stale, p, 1, NULL) != 0)
                return -1;
            return audit_write(c, "price_change", doc_id, "price_final",
                               "state: pending -> rejected (the list price "
                               "changed while it waited)");
        }
        if (audit_write(c, "product", db_cell_int(&r, 0, 1), "price_list",
                        arena_printf(c->a, "list_price: %s -> %s (approved)",
                                     db_cell(&r, 0, 4), db_cell(&r, 0, 5))) !=
            0)
            return -1;
    } else if (strcmp(what, "rule_add") == 0) {
        p[0] = DB_TEXT(strcmp(to, "approved") == 0 ? "active" : "rejected");
        p[1] = DB_TS(now);
        p[2] = DB_INT(db_cell_int(&r, 0, 2));
        if (db_exec(c->db, &sql_wf_rule_status, p, 3, NULL) != 0)
            return -1;
        if (strcmp(to, "approved") == 0 &&
            audit_write(
                c, "price_rule", db_cell_int(&r, 0, 2), "price_rule_add",
                arena_printf(c->a, "%s (approved)", db_cell(&r, 0, 5))) != 0)
            return -1;
    }
    return audit_write(c, "price_change", doc_id, "price_final",
                       arena_printf(c->a, "state: pending -> %s", to));
}

const char *
price_wf_summary(struct ctx *c, int64_t doc_id)
{
    struct db_param p[1] = {DB_INT(doc_id)};
    struct db_rows r;
    const char *what;

    if (db_query(c->db, c->a, &sql_wf_change, p, 1, 0, 0, &r) != 0 ||
        r.n_rows == 0)
        return NULL;
    what = db_cell(&r, 0, 0);
    if (strcmp(what, "list_price") == 0)
        return arena_printf(c->a, "list price of %s %s: %s -> %s",
                            db_cell(&r, 0, 6), db_cell(&r, 0, 7),
                            db_cell(&r, 0, 4), db_cell(&r, 0, 5));
    return arena_printf(
        c->a, "%s%s%s: %s",
        db_cell(&r, 0, 6) != NULL ? db_cell(&r, 0, 6) : db_cell(&r, 0, 8),
        db_cell(&r, 0, 7) != NULL ? " " : "",
        db_cell(&r, 0, 7) != NULL ? db_cell(&r, 0, 7) : "", db_cell(&r, 0, 5));
}

/* ==================================================================== */
/* Routes                                                               */
/* ==================================================================== */

#define F_TEXT(n) P_FIELD(n, PRICE_FIELD_MAX)

static const struct param_spec list_params[] = {
    P_SEARCH,
    {"what", P_ENUM, 0, 0, change_whats, 0},
    {"state", P_ENUM, 0, 0, change_states, 0},
    F_TEXT("from"),
    F_TEXT("to"),
    P_PAGE,
    P_END,
};
static const struct param_spec show_params[] = {
    F_TEXT("customer"),
    F_TEXT("qty"),
    F_TEXT("date"),
    {"done", P_ENUM, 0, 0, dones, 0},
    P_END,
};
static const struct param_spec price_params[] = {
    F_TEXT("list_price"),
    F_TEXT("version"),
    F_TEXT("note"),
    P_END,
};
static const struct param_spec rule_params[] = {
    F_TEXT("kind"),       F_TEXT("customer"),
    F_TEXT("grade"),      F_TEXT("min_qty"),
    F_TEXT("price"),      F_TEXT("discount"),
    F_TEXT("valid_from"), F_TEXT("valid_to"),
    F_TEXT("note"),       P_END,
};
static const struct param_spec end_params[] = {
    F_TEXT("valid_to"),
    F_TEXT("version"),
    P_END,
};

/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/prices",                       "price.history",  "price.view", "price.xsl", history_list, list_params,  ROUTE_CSV},
    {REQ_GET,  "/prices/{id}",                  "price.product",  "price.view", "price.xsl", product_show, show_params,  0},
    {REQ_POST, "/prices/{id}/list",             "price.list",     "price.edit", "price.xsl", list_update,  price_params, 0},
    {REQ_POST, "/prices/{id}/rules",            "price.rule_add", "price.edit", "price.xsl", rule_create,  rule_params,  0},
    {REQ_POST, "/prices/{id}/rules/{rid}/end",  "price.rule_end", "price.edit", "price.xsl", rule_end,     end_params,   0},
};
/* clang-format on */

const struct module price_module = {"price", routes,
                                    sizeof(routes) / sizeof(routes[0])};
