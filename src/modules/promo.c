/*
 * promo.c - promotions and gifts (促销, 赠品) (issue 5; MISSION M5): the
 * engine with the database (promo_load, promo_load_many, promo_quote_many,
 * promo_evaluate), the
 * budget claim (promo_claim) and the pages.
 *
 * Tables: promotion, promo_target, promo_tier
 *         (schema/0006-promotions.xml); product, category, party,
 *         party_closure, region_closure, party_grade, sales_region read;
 *         audit_log written.
 * C interface and rules: promo.h (targets, kinds, stacking, rounding,
 *         caps); the arithmetic is promo_calc.c.
 *
 * Pages:  GET  /promotions               the list: filters (q, status,
 *                                        kind), pages, CSV
 *         GET  /promotions/new           form; POST creates (draft)
 *         GET  /promotions/try           the engine tried: customer code,
 *                                        lines "CODE QTY", date -> the
 *                                        discounts, gifts and explanation
 *         GET  /promotions/{id}          one promotion: targets, tiers,
 *                                        usage against the caps, history
 *         GET  /promotions/{id}/edit     form; POST saves (row version;
 *                                        not once ended)
 *         POST /promotions/{id}/status   action=activate (draft -> active)
 *                                        or end (draft|active -> ended)
 * Style:  xsl/promo.xsl; text in xsl/i18n/<lang>/promo.xml; documents in
 *         schema/xsd/promo.xsd.
 *
 * Promotions are company-wide policy (not scoped); naming a customer in
 * a target or on the try page goes through party_get_by_code (the user's
 * scope).  Writes: one unit of work that starts with its INSERT or its
 * guarded UPDATE (version, status: PORTABILITY.md item 9), rewrites the
 * targets and tiers, and writes the audit record in the same transaction;
 * 0 rows is a 409 with both versions.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "price.h"
#include "promo.h"

#include "party.h"

#include "../core/arena.h"
#include "../core/audit.h"
#include "../core/auth.h"
#include "../core/clock.h"
#include "../core/csv.h"
#include "../core/ctx.h"
#include "../core/form.h"
#include "../core/money.h"
#include "../core/page.h"
#include "../core/scope.h"
#include "../core/text.h"
#include "../core/xd.h"
#include "../db/db.h"

#define PROMO_MAX_RULES 500

/* ==================================================================== */
/* The engine with the database                                         */
/* ==================================================================== */

DB_STATEMENT(sql_e_party, 0,
             "SELECT grade_id, region_id FROM party WHERE id = ?");
/*
 * The promotions that can touch some products: on one of them, on their
 * categories or parent categories, or on no product or category at all
 * (CAST(? AS BIGINT) = 0: every promotion, whatever it is on); then the
 * party's: grade, region, party (2).  One product (product, categories
 * 2), or up to PROMO_MANY (unused places 0: no product or category has
 * id 0); promo_load_many hands each product its own rows.
 */
#define E_RULES(products, categories)                                          \
    "SELECT p.id, p.code, p.name, p.kind, p.product_id,"                       \
    " p.category_id, p.discount, p.amount, p.buy_qty, p.get_qty,"              \
    " p.gift_product_id, g.list_price, p.spend, p.gift_qty,"                   \
    " p.tier_on, p.stacking, p.priority, p.valid_from, p.valid_to,"            \
    " p.cap_amount, p.cap_gift_qty, p.used_amount, p.used_gift_qty"            \
    " FROM promotion p"                                                        \
    " LEFT JOIN product g"                                                     \
    " ON g.id = COALESCE(p.gift_product_id, p.product_id)"                     \
    " WHERE p.status = 'active'"                                               \
    " AND (CAST(? AS BIGINT) = 0 OR p.product_id IN (" products ")"            \
    " OR p.category_id IN (" categories ")"                                    \
    " OR (p.product_id IS NULL AND p.category_id IS NULL))"                    \
    " AND (p.target = 'all' OR EXISTS (SELECT 1 FROM promo_target t"           \
    " WHERE t.promo_id = p.id"                                                 \
    " AND ((p.target = 'grades' AND t.grade_id = ?)"                           \
    " OR (p.target = 'regions' AND t.region_id IN"                             \
    " (SELECT rc.ancestor_id FROM region_closure rc"                           \
    " WHERE rc.descendant_id = ?))"                                            \
    " OR (p.target = 'subtrees' AND t.party_id IN"                             \
    " (SELECT pc.ancestor_id FROM party_closure pc"                            \
    " WHERE pc.descendant_id = ?))"                                            \
    " OR (p.target = 'customers' AND t.party_id = ?))))"                       \
    " ORDER BY p.priority, p.id"
DB_STATEMENT(sql_e_rules, 0, E_RULES("?", "?, ?"));
DB_STATEMENT(sql_e_rules_many, 0,
             E_RULES(DB_PLACES_50, DB_PLACES_50 ", " DB_PLACES_50));
#define E_N_PARAMS(n) (1 + 3 * (n) + 4) /* of E_RULES with n products */
DB_STATEMENT(sql_e_tiers, 0,
             "SELECT t.promo_id, t.threshold, t.discount"
             " FROM promo_tier t"
             " JOIN promotion p ON p.id = t.promo_id"
             " WHERE p.status = 'active' AND p.kind = 'tiered'"
             " ORDER BY t.promo_id, t.threshold, t.id");
/* the claim: amount, gift qty, id, amount, gift qty */
DB_STATEMENT(
    sql_claim, 0,
    "UPDATE promotion"
    " SET used_amount = used_amount + ?,"
    " used_gift_qty = used_gift_qty + ?"
    " WHERE id = ? AND status = 'active'"
    " AND (cap_amount IS NULL OR used_amount + ? <= cap_amount)"
    " AND (cap_gift_qty IS NULL OR used_gift_qty + ? <= cap_gift_qty)");
/* Guarded: the counters never go below zero. */
DB_STATEMENT(sql_unclaim, 0,
             "UPDATE promotion"
             " SET used_amount = used_amount - ?,"
             " used_gift_qty = used_gift_qty - ?"
             " WHERE id = ? AND used_amount >= ? AND used_gift_qty >= ?");

/* The kind named s (a value of promotion.kind). */
static enum promo_kind
kind_of(const char *s)
{
    for (int k = PROMO_PERCENT; k <= PROMO_TIERED; k++)
        if (strcmp(s, promo_kind_names[k]) == 0)
            return (enum promo_kind)k;
    return PROMO_PERCENT;
}

/* A nullable integer cell: -1 when NULL. */
static int64_t
cell_or(const struct db_rows *r, size_t i, size_t col)
{
    return db_cell(r, i, col) == NULL ? -1 : db_cell_int(r, i, col);
}

/* Parse row i of sql_e_rules (kind included, whatever the mask) into *x,
 * with its tiers from t (arena a). */
static void
rule_of_row(struct arena *a, const struct db_rows *r, size_t i,
            const struct db_rows *t, struct promo_rule *x)
{
    memset(x, 0, sizeof(*x));
    x->id = db_cell_int(r, i, 0);
    x->code = db_cell(r, i, 1);
    x->name = db_cell(r, i, 2);
    x->kind = kind_of(db_cell(r, i, 3));
    x->product_id = db_cell_int(r, i, 4);
    x->category_id = db_cell_int(r, i, 5);
    x->discount = (int)db_cell_int(r, i, 6);
    x->amount = db_cell_int(r, i, 7);
    x->buy_qty = db_cell_int(r, i, 8);
    x->get_qty = db_cell_int(r, i, 9);
    x->gift_product_id = db_cell_int(r, i, 10);
    x->gift_value = db_cell_int(r, i, 11);
    x->spend = db_cell_int(r, i, 12);
    x->gift_qty = db_cell_int(r, i, 13);
    x->tier_on_amount =
        db_cell(r, i, 14) != NULL && strcmp(db_cell(r, i, 14), "amount") == 0;
    x->exclusive = strcmp(db_cell(r, i, 15), "exclusive") == 0;
    x->priority = (int)db_cell_int(r, i, 16);
    x->valid_from = text_iso_date(a, db_cell(r, i, 17));
    x->valid_to = text_iso_date(a, db_cell(r, i, 18));
    x->cap_amount = cell_or(r, i, 19);
    x->cap_gift_qty = cell_or(r, i, 20);
    x->used_amount = db_cell_int(r, i, 21);
    x->used_gift_qty = db_cell_int(r, i, 22);
    if (x->kind == PROMO_TIERED) {
        struct promo_tier *tiers =
            arena_alloc(a, (t->n_rows + 1) * sizeof(*tiers));

        for (size_t ti = 0; ti < t->n_rows; ti++)
            if (db_cell_int(t, ti, 0) == x->id) {
                tiers[x->n_tiers].threshold = db_cell_int(t, ti, 1);
                tiers[x->n_tiers].discount = (int)db_cell_int(t, ti, 2);
                x->n_tiers++;
            }
        x->tiers = tiers;
    }
}

/* Is promotion x a row that sql_e_rules gives for this product and its
 * categories (product 0: every row)?  Ids 0 are NULL: no row has id 0. */
static int
rule_for(const struct promo_rule *x, int64_t product, int64_t cat,
         int64_t parent)
{
    if (product == 0)
        return 1;
    if (x->product_id == 0 && x->category_id == 0)
        return 1;
    return x->product_id == product ||
           (x->category_id != 0 &&
            (x->category_id == cat || x->category_id == parent));
}

int
promo_load(struct db *db, struct arena *a, int64_t party_id, int64_t product_id,
           int64_t cat, int64_t parent, unsigned kinds_mask,
           struct promo_rule **rules, size_t *n)
{
    return promo_load_many(db, a, party_id, &product_id, &cat, &parent, 1,
                           kinds_mask, rules, n);
}

/*
 * promo_load_many once the party's grade and region are known (0: none,
 * as for a party that does not exist): the promotions, and the tiers
 * when the mask asks for them.  rules and n_rules are set for every one
 * of the n products.
 */
static int
load_many(struct db *db, struct arena *a, int64_t party_id, int64_t grade,
          int64_t region, const int64_t *product_ids, const int64_t *cats,
          const int64_t *parents, size_t n, unsigned kinds_mask,
          struct promo_rule **rules, size_t *n_rules)
{
    struct db_param p[E_N_PARAMS(PROMO_MANY)];
    struct db_rows r, t;
    int64_t filter = 1;
    struct promo_rule *all;
    size_t width = n == 1 ? 1 : PROMO_MANY, k = 0;

    for (size_t i = 0; i < n; i++) {
        rules[i] = NULL;
        n_rules[i] = 0;
        if (product_ids[i] == 0)
            filter = 0; /* CAST(? AS BIGINT) = 0: every promotion */
    }
    p[k++] = DB_INT(filter);
    for (size_t i = 0; i < width; i++)
        p[k++] = DB_INT(i < n ? product_ids[i] : 0);
    for (size_t i = 0; i < width; i++) {
        p[k++] = DB_INT(i < n ? cats[i] : 0);
        p[k++] = DB_INT(i < n ? parents[i] : 0);
    }
    p[k++] = DB_INT(grade);
    p[k++] = DB_INT(region);
    p[k++] = DB_INT(party_id);
    p[k++] = DB_INT(party_id);
    if (db_query(db, a, n == 1 ? &sql_e_rules : &sql_e_rules_many, p, k, 0, 0,
                 &r) != 0)
        return -1;
    memset(&t, 0, sizeof(t));
    if ((kinds_mask & (1u << PROMO_TIERED)) &&
        db_query(db, a, &sql_e_tiers, NULL, 0, 0, 0, &t) != 0)
        return -1;
    all = arena_alloc(a, (r.n_rows + 1) * sizeof(*all));
    for (size_t i = 0; i < r.n_rows; i++)
        rule_of_row(a, &r, i, &t, &all[i]);
    /* each product: its rows in the statement's order, the first
     * PROMO_MAX_RULES of them (kinds outside the mask count there too, as
     * they did when each product had its own statement) */
    for (size_t i = 0; i < n; i++) {
        size_t seen = 0, m = 0;
        struct promo_rule *out;

        for (size_t j = 0; j < r.n_rows && seen < PROMO_MAX_RULES; j++)
            if (rule_for(&all[j], product_ids[i], cats[i], parents[i])) {
                seen++;
                m += (kinds_mask & (1u << all[j].kind)) != 0;
            }
        out = arena_alloc(a, (m + 1) * sizeof(*out));
        seen = m = 0;
        for (size_t j = 0; j < r.n_rows && seen < PROMO_MAX_RULES; j++)
            if (rule_for(&all[j], product_ids[i], cats[i], parents[i])) {
                seen++;
                if (kinds_mask & (1u << all[j].kind))
                    out[m++] = all[j];
            }
        rules[i] = out;
        n_rules[i] = m;
    }
    return 0;
}

int
promo_load_many(struct db *db, struct arena *a, int64_t party_id,
                const int64_t *product_ids, const int64_t *cats,
                const int64_t *parents, size_t n, unsigned kinds_mask,
                struct promo_rule **rules, size_t *n_rules)
{
    struct db_param p[1];
    struct db_rows r;
    int64_t grade = 0, region = 0;

    if (n == 0 || n > PROMO_MANY)
        return n == 0 ? 0 : -1;
    if (party_id > 0) {
        p[0] = DB_INT(party_id);
        if (db_query(db, a, &sql_e_party, p, 1, 0, 0, &r) != 0)
            return -1;
        if (r.n_rows == 1) {
            grade = db_cell_int(&r, 0, 0);
            region = db_cell_int(&r, 0, 1);
        }
    }
    return load_many(db, a, party_id, grade, region, product_ids, cats, parents,
                     n, kinds_mask, rules, n_rules);
}

int
promo_quote_many(struct db *db, struct arena *a, struct price_quote *const *qs,
                 size_t n)
{
    int64_t ids[PROMO_MANY], cats[PROMO_MANY], parents[PROMO_MANY];
    struct promo_rule *rules[PROMO_MANY];
    size_t n_rules[PROMO_MANY];

    for (size_t from = 0; from < n; from += PROMO_MANY) {
        size_t m = n - from < PROMO_MANY ? n - from : PROMO_MANY;

        for (size_t i = 0; i < m; i++) {
            ids[i] = qs[from + i]->product_id;
            cats[i] = qs[from + i]->category_id;
            parents[i] = qs[from + i]->parent_category_id;
        }
        if (load_many(db, a, qs[from]->party_id, qs[from]->grade_id,
                      qs[from]->region_id, ids, cats, parents, m,
                      (1u << PROMO_PERCENT) | (1u << PROMO_AMOUNT), rules,
                      n_rules) != 0)
            return -1;
        for (size_t i = 0; i < m; i++) {
            struct price_quote *q = qs[from + i];
            struct promo_line l;
            struct promo_result res;

            q->unit_price = q->base_price;
            q->promos = NULL;
            q->n_promos = 0;
            if (n_rules[i] == 0)
                continue;
            memset(&l, 0, sizeof(l));
            l.product_id = q->product_id;
            l.category_id = q->category_id;
            l.parent_category_id = q->parent_category_id;
            l.qty = q->qty;
            l.unit_price = q->base_price;
            promo_apply(a, rules[i], n_rules[i], &l, 1, q->date, &res);
            q->unit_price = res.lines[0].net_price;
            q->promos = res.steps;
            q->n_promos = res.n_steps;
        }
    }
    return 0;
}

int
promo_evaluate(struct db *db, struct arena *a, int64_t party_id,
               const int64_t *product_ids, const int64_t *qtys, size_t n_lines,
               const char *date, struct promo_result *res,
               struct price_quote *quotes, long *bad)
{
    struct promo_line *lines = arena_alloc(a, (n_lines + 1) * sizeof(*lines));
    struct price_quote *q =
        quotes != NULL ? quotes : arena_alloc(a, (n_lines + 1) * sizeof(*q));
    int *rcs = arena_alloc(a, (n_lines + 1) * sizeof(*rcs));
    struct promo_rule *rules;
    int64_t every = 0; /* product 0: every promotion, of every kind */
    size_t n;
    int rc;

    *bad = 0;
    if (price_quote_lines(db, a, party_id, product_ids, qtys, n_lines, date, q,
                          rcs) != 0)
        return -1;
    for (size_t i = 0; i < n_lines; i++) {
        if (rcs[i] == PRICE_NO_PARTY) {
            *bad = -1;
            return 1;
        }
        if (rcs[i] != 0) {
            *bad = (long)i;
            return 1;
        }
        memset(&lines[i], 0, sizeof(lines[i]));
        lines[i].product_id = product_ids[i];
        lines[i].category_id = q[i].category_id;
        lines[i].parent_category_id = q[i].parent_category_id;
        lines[i].qty = qtys[i];
        lines[i].unit_price = q[i].base_price; /* never unit_price: promo.h */
    }
    /* the quotes have read the party's grade and region: not again */
    if (n_lines > 0)
        rc = load_many(db, a, party_id, q[0].grade_id, q[0].region_id, &every,
                       &every, &every, 1, ~0u, &rules, &n);
    else
        rc = promo_load(db, a, party_id, 0, 0, 0, ~0u, &rules, &n);
    if (rc != 0)
        return -1;
    promo_apply(a, rules, n, lines, n_lines, date, res);
    return 0;
}

/* The guarded UPDATE of a promotion's used counters (sql_claim or
 * sql_unclaim): 0, PROMO_CLAIM_REFUSED or -1. */
static int
used_counters(struct db *db, const struct db_sql *sql, int64_t promo_id,
              int64_t amount, int64_t gift_qty)
{
    struct db_param p[5];
    long affected = 0;

    if (amount < 0 || gift_qty < 0 || promo_id <= 0)
        return -1;
    p[0] = DB_INT(amount);
    p[1] = DB_INT(gift_qty);
    p[2] = DB_INT(promo_id);
    p[3] = DB_INT(amount);
    p[4] = DB_INT(gift_qty);
    if (db_exec(db, sql, p, 5, &affected) != 0)
        return -1;
    return affected == 1 ? 0 : PROMO_CLAIM_REFUSED;
}

int
promo_claim(struct db *db, int64_t promo_id, int64_t amount, int64_t gift_qty)
{
    return used_counters(db, &sql_claim, promo_id, amount, gift_qty);
}

int
promo_unclaim(struct db *db, int64_t promo_id, int64_t amount, int64_t gift_qty)
{
    return used_counters(db, &sql_unclaim, promo_id, amount, gift_qty);
}

/* ==================================================================== */
/* Pages                                                                */
/* ==================================================================== */

void
promo_steps_xml(xmlNodePtr x, const struct promo_result *res)
{
    for (size_t k = 0; k < res->n_steps; k++) {
        const struct promo_step *s = &res->steps[k];
        xmlNodePtr e = xd_elem(x, "step");

        xd_attr_int(e, "promo-id", s->rule->id);
        xd_attr(e, "code", s->rule->code);
        xd_attr(e, "name", s->rule->name);
        xd_attr(e, "kind", promo_kind_names[s->rule->kind]);
        xd_attr(e, "stacking", s->rule->exclusive ? "exclusive" : "combinable");
        xd_attr_int(e, "priority", s->rule->priority);
        xd_attr(e, "verdict", promo_verdict_names[s->verdict]);
        xd_attr_money(e, "discount", s->discount);
        if (s->gift_qty > 0) {
            xd_attr_int(e, "gift-qty", s->gift_qty);
            xd_attr_int(e, "gift-product-id", s->gift_product_id);
        }
        xd_attr_money(e, "value", s->value);
        if (s->tier >= 0)
            xd_attr_int(e, "tier", s->tier + 1);
    }
}

#define PROMO_PAGE      50
#define PROMO_CSV_MAX   10000
#define PROMO_FIELD_MAX 4000
#define PROMO_TARGETS   200 /* codes in a target list */
#define PROMO_TIERS     20
#define PROMO_TRY_LINES 50
#define PROMO_MONEY_MAX INT64_C(100000000000000)
#define PROMO_QTY_MAX   INT64_C(1000000000)
#define PROMO_HISTORY   50

/* Results of a unit of work besides 0 and -1. */
enum promo_uow { PROMO_CONFLICT = 100 };

static const char *const kinds[] = {"percent",    "amount", "buy_get",
                                    "spend_gift", "tiered", NULL};
static const char *const statuses[] = {"draft", "active", "ended", NULL};
static const char *const targets[] = {"all",      "grades",    "regions",
                                      "subtrees", "customers", NULL};
static const char *const stackings[] = {"exclusive", "combinable", NULL};
static const char *const tier_ons[] = {"qty", "amount", NULL};
static const char *const actions[] = {"activate", "end", NULL};
static const char *const dones[] = {"saved", "created", "activated", "ended",
                                    NULL};

#define PROMO_COLS                                                             \
    "SELECT p.id, p.code, p.name, p.kind, p.product_id, p.category_id,"        \
    " p.discount, p.amount, p.buy_qty, p.get_qty, p.gift_product_id,"          \
    " p.spend, p.gift_qty, p.tier_on, p.target, p.stacking, p.priority,"       \
    " p.valid_from, p.valid_to, p.status, p.cap_amount, p.cap_gift_qty,"       \
    " p.used_amount, p.used_gift_qty, p.note, p.created_at, p.updated_at,"     \
    " p.version, pr.code, pr.name, cg.code, cg.name, gp.code, gp.name"         \
    " FROM promotion p"                                                        \
    " LEFT JOIN product pr ON pr.id = p.product_id"                            \
    " LEFT JOIN category cg ON cg.id = p.category_id"                          \
    " LEFT JOIN product gp ON gp.id = p.gift_product_id"
DB_STATEMENT(sql_get, 0, PROMO_COLS " WHERE p.id = ?");
/* q (3), status (2), kind (2) */
#define LIST_WHERE                                                             \
    " WHERE (CAST(? AS VARCHAR(100)) IS NULL"                                  \
    " OR p.code LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"                          \
    " OR p.name LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "')"                         \
    " AND (CAST(? AS VARCHAR(20)) IS NULL OR p.status = ?)"                    \
    " AND (CAST(? AS VARCHAR(20)) IS NULL OR p.kind = ?)"
#define LIST_N_WHERE 7
DB_STATEMENT(sql_list, DB_PAGED,
             PROMO_COLS LIST_WHERE " ORDER BY p.valid_from DESC, p.id DESC");
DB_STATEMENT(sql_count, 0, "SELECT COUNT(*) FROM promotion p" LIST_WHERE);
DB_STATEMENT(sql_targets, 0,
             "SELECT t.grade_id, g.code, g.name, t.region_id, r.code, r.name,"
             " t.party_id, pa.code, pa.name"
             " FROM promo_target t"
             " LEFT JOIN party_grade g ON g.id = t.grade_id"
             " LEFT JOIN sales_region r ON r.id = t.region_id"
             " LEFT JOIN party pa ON pa.id = t.party_id"
             " WHERE t.promo_id = ?"
             " AND (t.party_id IS NULL OR " SCOPE_PARTY_SQL(
                 "pa.unit_id", "pa.id") ")"
                                        " ORDER BY t.id");
/* The party targets the user may not see: counted, never named. */
DB_STATEMENT(sql_targets_hidden, 0,
             "SELECT COUNT(*) FROM promo_target t"
             " JOIN party pa ON pa.id = t.party_id"
             " WHERE t.promo_id = ? AND NOT " SCOPE_PARTY_SQL("pa.unit_id",
                                                              "pa.id"));
DB_STATEMENT(sql_tiers, 0,
             "SELECT threshold, discount FROM promo_tier"
             " WHERE promo_id = ? ORDER BY threshold, id");
DB_STATEMENT(sql_product_by_code, 0,
             "SELECT id, code, name FROM product WHERE code = ?");
DB_STATEMENT(sql_category_by_code, 0, "SELECT id FROM category WHERE code = ?");
DB_STATEMENT(sql_grade_by_code, 0, "SELECT id FROM party_grade WHERE code = ?");
DB_STATEMENT(sql_region_by_code, 0,
             "SELECT id FROM sales_region WHERE code = ?");
DB_STATEMENT(sql_product_brief, 0,
             "SELECT code, name FROM product WHERE id = ?");

/* Writes. */
DB_STATEMENT(sql_insert, 0,
             "INSERT INTO promotion (id, code, name, kind, product_id,"
             " category_id, discount, amount, buy_qty, get_qty,"
             " gift_product_id, spend, gift_qty, tier_on, target, stacking,"
             " priority, valid_from, valid_to, status, cap_amount,"
             " cap_gift_qty, used_amount, used_gift_qty, note, created_at,"
             " created_by, updated_at, version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
             " ?, 'draft', ?, ?, 0, 0, ?, ?, ?, ?, 1)");
DB_STATEMENT(sql_update, 0,
             "UPDATE promotion"
             " SET code = ?, name = ?, kind = ?, product_id = ?,"
             " category_id = ?, discount = ?, amount = ?, buy_qty = ?,"
             " get_qty = ?, gift_product_id = ?, spend = ?, gift_qty = ?,"
             " tier_on = ?, target = ?, stacking = ?, priority = ?,"
             " valid_from = ?, valid_to = ?, cap_amount = ?,"
             " cap_gift_qty = ?, note = ?, updated_at = ?,"
             " version = version + 1"
             " WHERE id = ? AND version = ? AND status <> 'ended'");
/* An edit rewrites the targets the user sees; those outside the scope
 * stay. */
DB_STATEMENT(sql_del_targets, 0,
             "DELETE FROM promo_target WHERE promo_id = ?"
             " AND (party_id IS NULL OR party_id IN (SELECT pa.id"
             " FROM party pa WHERE " SCOPE_PARTY_SQL("pa.unit_id",
                                                     "pa.id") "))");
DB_STATEMENT(sql_del_tiers, 0, "DELETE FROM promo_tier WHERE promo_id = ?");
DB_STATEMENT(sql_target_insert, 0,
             "INSERT INTO promo_target (id, promo_id, grade_id, region_id,"
             " party_id) VALUES (?, ?, ?, ?, ?)");
DB_STATEMENT(sql_tier_insert, 0,
             "INSERT INTO promo_tier (id, promo_id, threshold, discount)"
             " VALUES (?, ?, ?, ?)");
DB_STATEMENT(sql_activate, 0,
             "UPDATE promotion"
             " SET status = 'active', updated_at = ?, version = version + 1"
             " WHERE id = ? AND version = ? AND status = 'draft'");
DB_STATEMENT(sql_end, 0,
             "UPDATE promotion"
             " SET status = 'ended', updated_at = ?, version = version + 1"
             " WHERE id = ? AND version = ? AND status IN ('draft', 'active')");

/* ---- the form ---------------------------------------------------------- */

struct promo_form {
    const char *code, *name, *kind, *target, *stacking, *tier_on;
    const char *from, *to, *note;
    int64_t product_id, category_id, gift_product_id;
    int64_t discount, amount, buy_qty, get_qty, spend, gift_qty, priority;
    int64_t cap_amount, cap_gift_qty; /* -1: none */
    int has_discount, has_amount, has_buy, has_get, has_spend, has_gift_qty;
    int64_t target_ids[PROMO_TARGETS];
    size_t n_targets;
    struct promo_tier tiers[PROMO_TIERS];
    size_t n_tiers;
    /* the unit of work */
    struct ctx *c;
    int64_t id, version;
    time_t now;
};

static const char *const form_echo[] = {
    "code",       "code",       "name",         "name",
    "kind",       "kind",       "product",      "product",
    "category",   "category",   "discount",     "discount",
    "amount",     "amount",     "buy_qty",      "buy-qty",
    "get_qty",    "get-qty",    "gift",         "gift",
    "spend",      "spend",      "gift_qty",     "gift-qty",
    "tier_on",    "tier-on",    "tiers",        "tiers",
    "target",     "target",     "targets",      "targets",
    "stacking",   "stacking",   "priority",     "priority",
    "valid_from", "valid-from", "valid_to",     "valid-to",
    "cap_amount", "cap-amount", "cap_gift_qty", "cap-gift-qty",
    "note",       "note",       "version",      "version",
    NULL};

/* A code in table `sql` (its id in *id), or a 422 on field. */
static int
lookup(struct ctx *c, const struct db_sql *sql, const char *field,
       const char *code, const char *what, int64_t *id)
{
    struct db_param p[1] = {DB_TEXT(code)};
    struct db_rows r;

    if (db_query(c->db, c->a, sql, p, 1, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows == 0) {
        form_error(c, field, "not_found",
                   arena_printf(c->a, "no such %s: %s", what, code));
        return 0;
    }
    *id = db_cell_int(&r, 0, 0);
    return 0;
}

/* The targets: codes separated by spaces, commas or new lines.  0, -1. */
static int
read_targets(struct ctx *c, struct promo_form *f)
{
    const char *s = form_text(c, "targets", FORM_MULTILINE, 4000);
    char *copy, *save = NULL;

    if (s == NULL || f->target == NULL || strcmp(f->target, "all") == 0) {
        if (s != NULL && f->target != NULL && strcmp(f->target, "all") == 0)
            form_error(c, "targets", "not_here",
                       "no target codes for everyone");
        else if (f->target != NULL && strcmp(f->target, "all") != 0)
            form_error(c, "targets", "required", "at least one code");
        return 0;
    }
    copy = arena_strdup(c->a, s);
    for (char *t = strtok_r(copy, " ,\t\r\n", &save); t != NULL;
         t = strtok_r(NULL, " ,\t\r\n", &save)) {
        int64_t id = 0;
        int rc = 0;

        if (f->n_targets == PROMO_TARGETS) {
            form_error(c, "targets", "too_many", "at most 200 codes");
            break;
        }
        if (strcmp(f->target, "grades") == 0)
            rc = lookup(c, &sql_grade_by_code, "targets", t, "grade", &id);
        else if (strcmp(f->target, "regions") == 0)
            rc = lookup(c, &sql_region_by_code, "targets", t, "region", &id);
        else {
            struct party_brief b;

            rc = party_get_by_code(c, t, &b);
            if (rc > 0) {
                form_error(c, "targets", "not_found",
                           arena_printf(
                               c->a, "no such customer in your scope: %s", t));
                rc = 0;
            } else if (rc == 0)
                id = b.id;
        }
        if (rc < 0)
            return -1;
        if (id > 0)
            f->target_ids[f->n_targets++] = id;
    }
    if (f->n_targets == 0 && form_ok(c))
        form_error(c, "targets", "required", "at least one code");
    return 0;
}

/* The tiers: one per line, "THRESHOLD PERCENT" (an amount threshold in
 * yuan, "500.00"), thresholds and discounts rising. */
static void
read_tiers(struct ctx *c, struct promo_form *f)
{
    const char *s = form_text(c, "tiers", FORM_MULTILINE, 2000);
    char *copy, *save = NULL;
    int is_kind = f->kind != NULL && strcmp(f->kind, "tiered") == 0;

    if (!is_kind) {
        if (s != NULL)
            form_error(c, "tiers", "not_here", "tiers only for a tiered kind");
        return;
    }
    if (s == NULL) {
        form_error(c, "tiers", "required", "at least one tier");
        return;
    }
    copy = arena_strdup(c->a, s);
    for (char *ln = strtok_r(copy, "\r\n", &save); ln != NULL;
         ln = strtok_r(NULL, "\r\n", &save)) {
        char th[64], pc[64];
        int64_t t = 0, d = 0;
        int ok;

        if (sscanf(ln, " %63s %63s", th, pc) != 2) {
            if (strspn(ln, " \t") == strlen(ln))
                continue;
            form_error(c, "tiers", "bad_tier",
                       "each line: a threshold and a percentage");
            return;
        }
        if (f->tier_on != NULL && strcmp(f->tier_on, "amount") == 0)
            ok = money_parse(th, &t) == 0 && t > 0 && t <= PROMO_MONEY_MAX;
        else {
            char *end;

            t = strtoll(th, &end, 10);
            ok = *end == '\0' && t > 0 && t <= PROMO_QTY_MAX;
        }
        ok = ok && money_parse(pc, &d) == 0 && d > 0 && d <= 10000;
        if (ok && f->n_tiers > 0 &&
            (t <= f->tiers[f->n_tiers - 1].threshold ||
             d <= f->tiers[f->n_tiers - 1].discount))
            ok = 0;
        if (!ok || f->n_tiers == PROMO_TIERS) {
            form_error(c, "tiers", "bad_tier",
                       "thresholds and percentages (above 0, at most 100) "
                       "that both rise, at most 20 tiers");
            return;
        }
        f->tiers[f->n_tiers].threshold = t;
        f->tiers[f->n_tiers].discount = (int)d;
        f->n_tiers++;
    }
    if (f->n_tiers == 0)
        form_error(c, "tiers", "required", "at least one tier");
}

/* An optional whole number: has = 1 when given and valid. */
static void
opt_int(struct ctx *c, const char *name, int64_t min, int64_t max, int64_t *out,
        int *has)
{
    *has = param_text(c->req, name) != NULL &&
           form_int(c, name, 0, min, max, out) == 0;
}

/* An optional amount of money above 0. */
static void
opt_money(struct ctx *c, const char *name, int64_t max, int64_t *out, int *has)
{
    *has = 0;
    if (param_text(c->req, name) == NULL)
        return;
    if (form_money(c, name, 0, out) != 0)
        return;
    if (*out <= 0 || *out > max) {
        form_error(c, name, "bad_amount", "an amount above 0");
        return;
    }
    *has = 1;
}

/* Read and check the whole form into *f: 0 (form_ok tells), -1 (db). */
static int
read_form(struct ctx *c, struct promo_form *f)
{
    const char *pcode, *ccode, *gcode;
    int has_cap = 0, has_capq = 0, has_prio = 0;
    int kind = -1;

    memset(f, 0, sizeof(*f));
    f->c = c;
    f->code = form_text(c, "code", FORM_REQUIRED, 40);
    f->name = form_text(c, "name", FORM_REQUIRED, 200);
    f->kind = form_enum(c, "kind", FORM_REQUIRED, kinds);
    f->target = form_enum(c, "target", FORM_REQUIRED, targets);
    f->stacking = form_enum(c, "stacking", FORM_REQUIRED, stackings);
    f->from = form_date(c, "valid_from", FORM_REQUIRED);
    f->to = form_date(c, "valid_to", FORM_REQUIRED);
    if (f->from != NULL && f->to != NULL && strcmp(f->to, f->from) < 0)
        form_error(c, "valid_to", "bad_range",
                   "the end is before the beginning");
    f->note = form_text(c, "note", 0, 200);
    f->priority = 100;
    opt_int(c, "priority", 0, 10000, &f->priority, &has_prio);
    if (f->kind != NULL)
        for (int k = 0; kinds[k] != NULL; k++)
            if (strcmp(kinds[k], f->kind) == 0)
                kind = k;
    if (param_text(c->req, "discount") != NULL &&
        form_money(c, "discount", 0, &f->discount) == 0) {
        if (f->discount <= 0 || f->discount > 10000)
            form_error(c, "discount", "bad_discount",
                       "a percentage above 0 and at most 100, such as 7.5");
        else
            f->has_discount = 1;
    }
    opt_money(c, "amount", PROMO_MONEY_MAX, &f->amount, &f->has_amount);
    opt_money(c, "spend", PROMO_MONEY_MAX, &f->spend, &f->has_spend);
    opt_int(c, "buy_qty", 1, PROMO_QTY_MAX, &f->buy_qty, &f->has_buy);
    opt_int(c, "get_qty", 1, PROMO_QTY_MAX, &f->get_qty, &f->has_get);
    opt_int(c, "gift_qty", 1, PROMO_QTY_MAX, &f->gift_qty, &f->has_gift_qty);
    f->cap_amount = f->cap_gift_qty = -1;
    opt_money(c, "cap_amount", PROMO_MONEY_MAX, &f->cap_amount, &has_cap);
    if (!has_cap)
        f->cap_amount = -1;
    opt_int(c, "cap_gift_qty", 1, PROMO_QTY_MAX, &f->cap_gift_qty, &has_capq);
    if (!has_capq)
        f->cap_gift_qty = -1;
    f->tier_on = form_enum(c, "tier_on", 0, tier_ons);

    pcode = form_text(c, "product", 0, 40);
    ccode = form_text(c, "category", 0, 40);
    gcode = form_text(c, "gift", 0, 40);
    if (pcode != NULL && ccode != NULL)
        form_error(c, "category", "not_both",
                   "a product or a category, not both");
    if (pcode != NULL && lookup(c, &sql_product_by_code, "product", pcode,
                                "product", &f->product_id) != 0)
        return -1;
    if (ccode != NULL && lookup(c, &sql_category_by_code, "category", ccode,
                                "category", &f->category_id) != 0)
        return -1;
    if (gcode != NULL && lookup(c, &sql_product_by_code, "gift", gcode,
                                "product", &f->gift_product_id) != 0)
        return -1;

    /* what each kind needs, and nothing it does not use */
    if (kind >= 0) {
        int on_item = pcode != NULL || ccode != NULL;

        if (kind != PROMO_SPEND_GIFT && !on_item)
            form_error(c, "product", "required", "a product or a category");
        if (kind == PROMO_PERCENT && !f->has_discount)
            form_error(c, "discount", "required", "the percentage off");
        if (kind != PROMO_PERCENT && param_text(c->req, "discount") != NULL)
            form_error(c, "discount", "not_here", "not for this kind");
        if (kind == PROMO_AMOUNT && !f->has_amount)
            form_error(c, "amount", "required", "the amount off each unit");
        if (kind != PROMO_AMOUNT && param_text(c->req, "amount") != NULL)
            form_error(c, "amount", "not_here", "not for this kind");
        if (kind == PROMO_BUY_GET) {
            if (!f->has_buy)
                form_error(c, "buy_qty", "required", "units to buy");
            if (!f->has_get)
                form_error(c, "get_qty", "required", "units given");
            if (ccode != NULL && gcode == NULL)
                form_error(c, "gift", "required",
                           "the gift product (the promotion is on a "
                           "category)");
        } else {
            if (param_text(c->req, "buy_qty") != NULL)
                form_error(c, "buy_qty", "not_here", "not for this kind");
            if (param_text(c->req, "get_qty") != NULL)
                form_error(c, "get_qty", "not_here", "not for this kind");
        }
        if (kind == PROMO_SPEND_GIFT) {
            if (!f->has_spend)
                form_error(c, "spend", "required", "the amount to reach");
            if (gcode == NULL)
                form_error(c, "gift", "required", "the gift product");
            if (!f->has_gift_qty)
                form_error(c, "gift_qty", "required", "units given");
        } else {
            if (param_text(c->req, "spend") != NULL)
                form_error(c, "spend", "not_here", "not for this kind");
            if (param_text(c->req, "gift_qty") != NULL)
                form_error(c, "gift_qty", "not_here", "not for this kind");
        }
        if (kind != PROMO_BUY_GET && kind != PROMO_SPEND_GIFT && gcode != NULL)
            form_error(c, "gift", "not_here", "not for this kind");
        if (kind == PROMO_TIERED && f->tier_on == NULL)
            form_error(c, "tier_on", "required", "quantity or amount");
        if (kind != PROMO_TIERED && f->tier_on != NULL)
            form_error(c, "tier_on", "not_here", "not for this kind");
        if (has_capq && kind != PROMO_BUY_GET && kind != PROMO_SPEND_GIFT)
            form_error(c, "cap_gift_qty", "not_here",
                       "only a promotion with gifts");
    }
    read_tiers(c, f);
    return read_targets(c, f);
}

/* ---- units of work ----------------------------------------------------- */

#define NULLABLE_INT(has, v) ((has) ? DB_INT(v) : DB_NULLP)
#define REF(v)               ((v) > 0 ? DB_INT(v) : DB_NULLP)

/* The targets and tiers of f, written again.  0 or -1. */
static int
write_children(struct db *db, const struct promo_form *f)
{
    struct db_param p[5];

    p[0] = DB_INT(f->id);
    p[1] = DB_INT(scope_unit(f->c));
    p[2] = DB_INT(scope_party(f->c));
    if (db_exec(db, &sql_del_targets, p, 3, NULL) != 0 ||
        db_exec(db, &sql_del_tiers, p, 1, NULL) != 0)
        return -1;
    for (size_t i = 0; i < f->n_targets; i++) {
        int64_t id;
        int grades = strcmp(f->target, "grades") == 0;
        int regions = strcmp(f->target, "regions") == 0;

        if (db_next_id(db, "promo_target", &id) != 0)
            return -1;
        p[0] = DB_INT(id);
        p[1] = DB_INT(f->id);
        p[2] = grades ? DB_INT(f->target_ids[i]) : DB_NULLP;
        p[3] = regions ? DB_INT(f->target_ids[i]) : DB_NULLP;
        p[4] = !grades && !regions ? DB_INT(f->target_ids[i]) : DB_NULLP;
        if (db_exec(db, &sql_target_insert, p, 5, NULL) != 0)
            return -1;
    }
    for (size_t i = 0; i < f->n_tiers; i++) {
        int64_t id;

        if (db_next_id(db, "promo_tier", &id) != 0)
            return -1;
        p[0] = DB_INT(id);
        p[1] = DB_INT(f->id);
        p[2] = DB_INT(f->tiers[i].threshold);
        p[3] = DB_INT(f->tiers[i].discount);
        if (db_exec(db, &sql_tier_insert, p, 4, NULL) != 0)
            return -1;
    }
    return 0;
}

/* The kind-dependent columns, from product_id to stacking (12 values)
 * then priority .. valid_to (3), into p. */
static size_t
form_params(const struct promo_form *f, struct db_param *p)
{
    size_t k = 0;

    p[k++] = DB_TEXT(f->code);
    p[k++] = DB_TEXT(f->name);
    p[k++] = DB_TEXT(f->kind);
    p[k++] = REF(f->product_id);
    p[k++] = REF(f->category_id);
    p[k++] = NULLABLE_INT(f->has_discount, f->discount);
    p[k++] = NULLABLE_INT(f->has_amount, f->amount);
    p[k++] = NULLABLE_INT(f->has_buy, f->buy_qty);
    p[k++] = NULLABLE_INT(f->has_get, f->get_qty);
    p[k++] = REF(f->gift_product_id);
    p[k++] = NULLABLE_INT(f->has_spend, f->spend);
    p[k++] = NULLABLE_INT(f->has_gift_qty, f->gift_qty);
    p[k++] = DB_TEXT(f->tier_on);
    p[k++] = DB_TEXT(f->target);
    p[k++] = DB_TEXT(f->stacking);
    p[k++] = DB_INT(f->priority);
    p[k++] = DB_TEXT(f->from);
    p[k++] = DB_TEXT(f->to);
    return k;
}

/* Insert the promotion of f (draft), its targets, tiers and audit. */
static int
create_uow(struct db *db, void *arg)
{
    struct promo_form *f = arg;
    struct db_param p[30];
    size_t k = 0;

    if (db_next_id(db, "promotion", &f->id) != 0)
        return -1;
    p[k++] = DB_INT(f->id);
    k += form_params(f, p + k);
    p[k++] = NULLABLE_INT(f->cap_amount >= 0, f->cap_amount);
    p[k++] = NULLABLE_INT(f->cap_gift_qty >= 0, f->cap_gift_qty);
    p[k++] = DB_TEXT(f->note);
    p[k++] = DB_TS(f->now);
    p[k++] = f->c->user != NULL ? DB_INT(f->c->user->id) : DB_NULLP;
    p[k++] = DB_TS(f->now);
    if (db_exec(db, &sql_insert, p, k, NULL) != 0)
        return -1;
    if (write_children(db, f) != 0)
        return -1;
    return audit_write(f->c, "promotion", f->id, "promotion_create",
                       arena_printf(f->c->a, "%s %s (%s) %s..%s", f->code,
                                    f->name, f->kind, f->from, f->to));
}

/* The guarded UPDATE of f (version, not ended), then its targets, tiers
 * and audit; PROMO_CONFLICT when no row matched. */
static int
save_uow(struct db *db, void *arg)
{
    struct promo_form *f = arg;
    struct db_param p[30];
    size_t k = form_params(f, p);
    long n = 0;

    p[k++] = NULLABLE_INT(f->cap_amount >= 0, f->cap_amount);
    p[k++] = NULLABLE_INT(f->cap_gift_qty >= 0, f->cap_gift_qty);
    p[k++] = DB_TEXT(f->note);
    p[k++] = DB_TS(f->now);
    p[k++] = DB_INT(f->id);
    p[k++] = DB_INT(f->version);
    if (db_exec(db, &sql_update, p, k, &n) != 0)
        return -1;
    if (n != 1)
        return PROMO_CONFLICT;
    if (write_children(db, f) != 0)
        return -1;
    return audit_write(f->c, "promotion", f->id, "promotion_edit",
                       arena_printf(f->c->a, "%s %s (%s) %s..%s", f->code,
                                    f->name, f->kind, f->from, f->to));
}

struct status_work {
    struct ctx *c;
    int64_t id, version;
    const char *action;
    time_t now;
};

/* The guarded status change of w and its audit. */
static int
status_uow(struct db *db, void *arg)
{
    struct status_work *w = arg;
    struct db_param p[3] = {DB_TS(w->now), DB_INT(w->id), DB_INT(w->version)};
    long n = 0;
    int activate = strcmp(w->action, "activate") == 0;

    if (db_exec(db, activate ? &sql_activate : &sql_end, p, 3, &n) != 0)
        return -1;
    if (n != 1)
        return PROMO_CONFLICT;
    return audit_write(w->c, "promotion", w->id,
                       activate ? "promotion_activate" : "promotion_end", NULL);
}

/* ---- the documents ----------------------------------------------------- */

/* Promotion row i of r as attributes of n (the PROMO_COLS order). */
static void
promo_attrs(struct ctx *c, xmlNodePtr n, const struct db_rows *r, size_t i)
{
    xd_cell(n, "id", r, i, 0);
    xd_cell(n, "code", r, i, 1);
    xd_cell(n, "name", r, i, 2);
    xd_cell(n, "kind", r, i, 3);
    xd_cell(n, "product-id", r, i, 4);
    xd_cell(n, "product-code", r, i, 28);
    xd_cell(n, "product-name", r, i, 29);
    xd_cell(n, "category-id", r, i, 5);
    xd_cell(n, "category-code", r, i, 30);
    xd_cell(n, "category-name", r, i, 31);
    if (db_cell(r, i, 6) != NULL) {
        xd_cell(n, "discount", r, i, 6);
        xd_attr(n, "discount-text", money_plain(c->a, db_cell_int(r, i, 6)));
    }
    if (db_cell(r, i, 7) != NULL)
        xd_money_cell(n, "amount", r, i, 7);
    xd_cell(n, "buy-qty", r, i, 8);
    xd_cell(n, "get-qty", r, i, 9);
    xd_cell(n, "gift-product-id", r, i, 10);
    xd_cell(n, "gift-code", r, i, 32);
    xd_cell(n, "gift-name", r, i, 33);
    if (db_cell(r, i, 11) != NULL)
        xd_money_cell(n, "spend", r, i, 11);
    xd_cell(n, "gift-qty", r, i, 12);
    xd_cell(n, "tier-on", r, i, 13);
    xd_cell(n, "target", r, i, 14);
    xd_cell(n, "stacking", r, i, 15);
    xd_cell(n, "priority", r, i, 16);
    xd_attr(n, "valid-from", text_iso_date(c->a, db_cell(r, i, 17)));
    xd_attr(n, "valid-to", text_iso_date(c->a, db_cell(r, i, 18)));
    xd_cell(n, "status", r, i, 19);
    if (db_cell(r, i, 20) != NULL)
        xd_money_cell(n, "cap-amount", r, i, 20);
    xd_cell(n, "cap-gift-qty", r, i, 21);
    xd_money_cell(n, "used-amount", r, i, 22);
    xd_cell(n, "used-gift-qty", r, i, 23);
    xd_cell(n, "note", r, i, 24);
    xd_cell(n, "version", r, i, 27);
}

/* The row of promotion id in *r, or the 404.  0, or -1 (answered). */
static int
find_promo(struct ctx *c, int64_t id, struct db_rows *r)
{
    struct db_param p[1] = {DB_INT(id)};

    if (id <= 0)
        return page_not_found(c, "promotion", id);
    if (db_query(c->db, c->a, &sql_get, p, 1, 0, 0, r) != 0)
        return ctx_db_fail(c);
    if (r->n_rows == 0)
        return page_not_found(c, "promotion", id);
    return 0;
}

/* The edit form filled with the promotion as it is (row r, its targets
 * t and tiers), as the fields would be typed. */
static void
form_current(struct ctx *c, xmlNodePtr k, const struct db_rows *r,
             const struct db_rows *t, const struct db_rows *tiers)
{
    int amount_tiers =
        db_cell(r, 0, 13) != NULL && strcmp(db_cell(r, 0, 13), "amount") == 0;
    const char *codes = NULL, *lines = NULL;

    xd_cell(k, "code", r, 0, 1);
    xd_cell(k, "name", r, 0, 2);
    xd_cell(k, "kind", r, 0, 3);
    xd_cell(k, "product", r, 0, 28);
    xd_cell(k, "category", r, 0, 30);
    if (db_cell(r, 0, 6) != NULL)
        xd_attr(k, "discount", money_plain(c->a, db_cell_int(r, 0, 6)));
    if (db_cell(r, 0, 7) != NULL)
        xd_attr(k, "amount", money_plain(c->a, db_cell_int(r, 0, 7)));
    xd_cell(k, "buy-qty", r, 0, 8);
    xd_cell(k, "get-qty", r, 0, 9);
    xd_cell(k, "gift", r, 0, 32);
    if (db_cell(r, 0, 11) != NULL)
        xd_attr(k, "spend", money_plain(c->a, db_cell_int(r, 0, 11)));
    xd_cell(k, "gift-qty", r, 0, 12);
    xd_cell(k, "tier-on", r, 0, 13);
    for (size_t i = 0; i < tiers->n_rows; i++) {
        int64_t th = db_cell_int(tiers, i, 0);
        const char *one = arena_printf(
            c->a, "%s %s",
            amount_tiers ? money_plain(c->a, th) : db_cell(tiers, i, 0),
            money_plain(c->a, db_cell_int(tiers, i, 1)));

        lines = lines == NULL ? one : arena_printf(c->a, "%s\n%s", lines, one);
    }
    xd_attr(k, "tiers", lines);
    xd_cell(k, "target", r, 0, 14);
    for (size_t i = 0; i < t->n_rows; i++) {
        const char *code = db_cell(t, i, 1) != NULL   ? db_cell(t, i, 1)
                           : db_cell(t, i, 4) != NULL ? db_cell(t, i, 4)
                                                      : db_cell(t, i, 7);

        if (code != NULL)
            codes =
                codes == NULL ? code : arena_printf(c->a, "%s %s", codes, code);
    }
    xd_attr(k, "targets", codes);
    xd_cell(k, "stacking", r, 0, 15);
    xd_cell(k, "priority", r, 0, 16);
    xd_attr(k, "valid-from", text_iso_date(c->a, db_cell(r, 0, 17)));
    xd_attr(k, "valid-to", text_iso_date(c->a, db_cell(r, 0, 18)));
    if (db_cell(r, 0, 20) != NULL)
        xd_attr(k, "cap-amount", money_plain(c->a, db_cell_int(r, 0, 20)));
    xd_cell(k, "cap-gift-qty", r, 0, 21);
    xd_cell(k, "note", r, 0, 24);
    xd_cell(k, "version", r, 0, 27);
}

/* How many of promotion id's party targets are outside the user's
 * scope.  0 or -1. */
static int
hidden_targets(struct ctx *c, int64_t id, int64_t *n)
{
    struct db_param p[3] = {DB_INT(id), DB_INT(scope_unit(c)),
                            DB_INT(scope_party(c))};
    struct db_rows r;

    *n = 0;
    if (db_query(c->db, c->a, &sql_targets_hidden, p, 3, 0, 0, &r) != 0)
        return -1;
    *n = db_cell_int(&r, 0, 0);
    return 0;
}

/* The page of one promotion; with form != NULL the edit form (a refused
 * one echoed); conflict: the current version after a 409. */
static int
show_page(struct ctx *c, int64_t id, const char *form, int conflict)
{
    struct db_rows r, t, tiers;
    struct db_param p[3] = {DB_INT(id), DB_INT(scope_unit(c)),
                            DB_INT(scope_party(c))};
    xmlNodePtr n, k;
    int64_t hidden;
    int amount_tiers;

    if (find_promo(c, id, &r) != 0)
        return -1;
    if (db_query(c->db, c->a, &sql_targets, p, 3, 0, 0, &t) != 0 ||
        db_query(c->db, c->a, &sql_tiers, p, 1, 0, 0, &tiers) != 0 ||
        hidden_targets(c, id, &hidden) != 0)
        return ctx_db_fail(c);
    n = ctx_data(c, "promotion");
    promo_attrs(c, n, &r, 0);
    if (hidden > 0)
        xd_attr_int(n, "hidden-targets", hidden);
    page_ts_cell(c, n, "created-at", &r, 0, 25);
    page_ts_cell(c, n, "updated-at", &r, 0, 26);
    page_can(c, n, "can-edit", "promo.edit");
    amount_tiers =
        db_cell(&r, 0, 13) != NULL && strcmp(db_cell(&r, 0, 13), "amount") == 0;
    for (size_t i = 0; i < t.n_rows; i++) {
        k = xd_elem(n, "target");
        if (db_cell(&t, i, 0) != NULL) {
            xd_cell(k, "grade-id", &t, i, 0);
            xd_cell(k, "code", &t, i, 1);
            xd_cell(k, "name", &t, i, 2);
        } else if (db_cell(&t, i, 3) != NULL) {
            xd_cell(k, "region-id", &t, i, 3);
            xd_cell(k, "code", &t, i, 4);
            xd_cell(k, "name", &t, i, 5);
        } else {
            xd_cell(k, "party-id", &t, i, 6);
            xd_cell(k, "code", &t, i, 7);
            xd_cell(k, "name", &t, i, 8);
        }
    }
    for (size_t i = 0; i < tiers.n_rows; i++) {
        int64_t th = db_cell_int(&tiers, i, 0);

        k = xd_elem(n, "tier");
        xd_cell(k, "threshold", &tiers, i, 0);
        xd_attr(k, "threshold-text",
                amount_tiers ? money_plain(c->a, th)
                             : arena_printf(c->a, "%" PRId64, th));
        xd_cell(k, "discount", &tiers, i, 1);
        xd_attr(k, "discount-text",
                money_plain(c->a, db_cell_int(&tiers, i, 1)));
    }
    if (form != NULL) {
        k = xd_elem(n, "promo-form");
        if (c->req->method == REQ_POST)
            page_echo(c, k, form_echo);
        else
            form_current(c, k, &r, &t, &tiers);
        if (conflict) {
            xmlNodePtr x = xd_elem(k, "conflict");

            xd_cell(x, "version", &r, 0, 27);
        }
    } else if (c->req->method == REQ_GET || c->req->method == REQ_HEAD) {
        const char *done = param_text(c->req, "done");

        xd_attr(n, "done", done);
        if (page_history(c, n, "promotion", id, PROMO_HISTORY) != 0)
            return ctx_db_fail(c);
    }
    return 0;
}

/* ---- GET /promotions ---------------------------------------------------- */

/* The rows r as promotions.csv (money as plain decimals). */
static void
list_csv(struct ctx *c, const struct db_rows *r)
{
    static const char *const head[] = {
        "id",         "code",        "name",         "kind",
        "status",     "target",      "stacking",     "priority",
        "valid_from", "valid_to",    "product",      "category",
        "cap_amount", "used_amount", "cap_gift_qty", "used_gift_qty"};

    csv_begin(c, "promotions.csv");
    for (size_t k = 0; k < XD_N(head); k++)
        csv_text(c, head[k]);
    csv_row(c);
    for (size_t i = 0; i < r->n_rows; i++) {
        csv_num(c, db_cell(r, i, 0));
        csv_text(c, db_cell(r, i, 1));
        csv_text(c, db_cell(r, i, 2));
        csv_text(c, db_cell(r, i, 3));
        csv_text(c, db_cell(r, i, 19));
        csv_text(c, db_cell(r, i, 14));
        csv_text(c, db_cell(r, i, 15));
        csv_num(c, db_cell(r, i, 16));
        csv_text(c, text_iso_date(c->a, db_cell(r, i, 17)));
        csv_text(c, text_iso_date(c->a, db_cell(r, i, 18)));
        csv_text(c, db_cell(r, i, 28));
        csv_text(c, db_cell(r, i, 30));
        csv_num(c, db_cell(r, i, 20) != NULL
                       ? money_plain(c->a, db_cell_int(r, i, 20))
                       : NULL);
        csv_num(c, money_plain(c->a, db_cell_int(r, i, 22)));
        csv_num(c, db_cell(r, i, 21));
        csv_num(c, db_cell(r, i, 23));
        csv_row(c);
    }
}

/* GET /promotions: the list with its filters, a page or the CSV. */
static int
promo_list(struct ctx *c)
{
    const char *q = param_text(c->req, "q");
    const char *status = param_text(c->req, "status");
    const char *kind = param_text(c->req, "kind");
    const char *like = q != NULL ? text_like(c->a, q, 1, 1) : NULL;
    int64_t page = param_int(c->req, "page", 1);
    struct db_param p[LIST_N_WHERE];
    struct db_rows rows;
    int64_t total, pages;
    xmlNodePtr list;
    char day[11];

    p[0] = DB_TEXT(q);
    p[1] = DB_TEXT(like);
    p[2] = DB_TEXT(like);
    p[3] = DB_TEXT(status);
    p[4] = DB_TEXT(status);
    p[5] = DB_TEXT(kind);
    p[6] = DB_TEXT(kind);
    if (c->req->want_csv) {
        if (db_query(c->db, c->a, &sql_list, p, LIST_N_WHERE, PROMO_CSV_MAX, 0,
                     &rows) != 0)
            return ctx_db_fail(c);
        list_csv(c, &rows);
        return 0;
    }
    if (page_rows(c, PROMO_PAGE, &page, &total, &pages, &sql_count, p,
                  LIST_N_WHERE, &sql_list, p, LIST_N_WHERE, &rows) != 0)
        return -1;
    clock_day(day, 0);
    list = ctx_data(c, "promotions");
    xd_attr(list, "q", q != NULL ? q : "");
    xd_attr(list, "status", status);
    xd_attr(list, "kind", kind);
    xd_attr(list, "today", day);
    xd_attr_int(list, "page", page);
    xd_attr_int(list, "pages", pages);
    xd_attr_int(list, "total", total);
    xd_attr_int(list, "per-page", PROMO_PAGE);
    page_can(c, list, "can-edit", "promo.edit");
    for (size_t i = 0; i < rows.n_rows; i++)
        promo_attrs(c, xd_elem(list, "promotion"), &rows, i);
    return 0;
}

/* ---- new, edit, status ------------------------------------------------- */

/* The form of a new promotion (a refused one echoed). */
static int
new_page(struct ctx *c)
{
    xmlNodePtr n = ctx_data(c, "promotion-new");
    xmlNodePtr k = xd_elem(n, "promo-form");
    char day[11];

    clock_day(day, 0);
    xd_attr(n, "today", day);
    if (c->req->method == REQ_POST)
        page_echo(c, k, form_echo);
    return 0;
}

/* GET /promotions/new. */
static int
promo_new(struct ctx *c)
{
    return new_page(c);
}

/* POST /promotions/new: 422 with the form as typed, else a draft and a
 * redirect to it. */
static int
promo_create(struct ctx *c)
{
    struct promo_form f;
    int rc;

    if (read_form(c, &f) != 0)
        return ctx_db_fail(c);
    if (!form_ok(c))
        return new_page(c);
    f.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, create_uow, &f);
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "this code is already in use");
        return new_page(c);
    }
    return ctx_redirect(
        c, arena_printf(c->a, "/promotions/%" PRId64 "?done=created", f.id));
}

/* GET /promotions/{id}. */
static int
promo_show(struct ctx *c)
{
    return show_page(c, page_id(c), NULL, 0);
}

/* GET /promotions/{id}/edit. */
static int
promo_edit(struct ctx *c)
{
    return show_page(c, page_id(c), "edit", 0);
}

/* POST /promotions/{id}/edit: 422 (form as typed), 409 (stale version
 * or ended: the form as typed with the current version), else saved. */
static int
promo_save(struct ctx *c)
{
    int64_t id = page_id(c);
    struct promo_form f;
    struct db_rows r;
    int64_t version = 0;
    int rc;

    if (find_promo(c, id, &r) != 0)
        return -1;
    form_int(c, "version", FORM_REQUIRED, 1, INT32_MAX, &version);
    if (read_form(c, &f) != 0)
        return ctx_db_fail(c);
    if (f.target != NULL && strcmp(f.target, db_cell(&r, 0, 14)) != 0) {
        int64_t hidden;

        if (hidden_targets(c, id, &hidden) != 0)
            return ctx_db_fail(c);
        if (hidden > 0)
            form_error(c, "target", "hidden_targets",
                       arena_printf(c->a,
                                    "%" PRId64 " targeted customers are "
                                    "outside your scope: the kind of target "
                                    "cannot change",
                                    hidden));
    }
    if (!form_ok(c))
        return show_page(c, id, "edit", 0);
    if (version != db_cell_int(&r, 0, 27) ||
        strcmp(db_cell(&r, 0, 19), "ended") == 0) {
        page_conflict(c);
        return show_page(c, id, "edit", 1);
    }
    f.id = id;
    f.version = version;
    f.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, save_uow, &f);
    if (rc == PROMO_CONFLICT) {
        page_conflict(c);
        return show_page(c, id, "edit", 1);
    }
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "this code is already in use");
        return show_page(c, id, "edit", 0);
    }
    return ctx_redirect(
        c, arena_printf(c->a, "/promotions/%" PRId64 "?done=saved", id));
}

/* POST /promotions/{id}/status: activate (draft only) or end (draft or
 * active) by a guarded UPDATE on version and status; 0 rows: 409. */
static int
promo_status(struct ctx *c)
{
    struct status_work w;
    struct db_rows r;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = page_id(c);
    if (find_promo(c, w.id, &r) != 0)
        return -1;
    w.action = form_enum(c, "action", FORM_REQUIRED, actions);
    form_int(c, "version", FORM_REQUIRED, 1, INT32_MAX, &w.version);
    if (!form_ok(c))
        return show_page(c, w.id, NULL, 0);
    w.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, status_uow, &w);
    if (rc == PROMO_CONFLICT) {
        page_conflict(c);
        return show_page(c, w.id, NULL, 0);
    }
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(
        c, arena_printf(c->a, "/promotions/%" PRId64 "?done=%s", w.id,
                        strcmp(w.action, "activate") == 0 ? "activated"
                                                          : "ended"));
}

/* ---- GET /promotions/try ----------------------------------------------- */

/* GET /promotions/try: the engine on the lines typed ("CODE QTY" per
 * line) for a customer in the scope (or none) on a date; 422 for what
 * it cannot read. */
static int
promo_try(struct ctx *c)
{
    const char *code = param_text(c->req, "customer");
    const char *text = param_text(c->req, "lines");
    const char *date = param_text(c->req, "date");
    int64_t ids[PROMO_TRY_LINES], qtys[PROMO_TRY_LINES];
    const char *codes[PROMO_TRY_LINES];
    size_t n = 0;
    struct party_brief b;
    struct promo_result res;
    xmlNodePtr page, x;
    char day[11];
    long bad;
    int rc;

    clock_day(day, 0);
    page = ctx_data(c, "promo-try");
    xd_attr(page, "customer", code);
    xd_attr(page, "lines", text);
    xd_attr(page, "date", date != NULL ? date : day);
    if (text == NULL && code == NULL)
        return 0;
    memset(&b, 0, sizeof(b));
    if (date != NULL)
        date = form_date(c, "date", 0);
    else
        date = arena_strdup(c->a, day);
    if (code != NULL) {
        rc = party_get_by_code(c, code, &b);
        if (rc < 0)
            return ctx_db_fail(c);
        if (rc > 0)
            form_error(c, "customer", "no_customer",
                       "no such customer in your scope");
    }
    if (text != NULL) {
        char *copy = arena_strdup(c->a, text), *save = NULL;

        for (char *ln = strtok_r(copy, "\r\n", &save); ln != NULL;
             ln = strtok_r(NULL, "\r\n", &save)) {
            char pc[64];
            long long qty = 0;
            int64_t pid = 0;
            int got = sscanf(ln, " %63s %lld", pc, &qty);

            if (got <= 0)
                continue;
            if (got != 2 || qty < 1 || qty > PROMO_QTY_MAX) {
                form_error(c, "lines", "bad_line",
                           "each line: a product code and a quantity");
                break;
            }
            if (n == PROMO_TRY_LINES) {
                form_error(c, "lines", "too_many", "at most 50 lines");
                break;
            }
            if (lookup(c, &sql_product_by_code, "lines", pc, "product", &pid) !=
                0)
                return ctx_db_fail(c);
            codes[n] = arena_strdup(c->a, pc);
            ids[n] = pid;
            qtys[n++] = qty;
        }
    }
    if (n == 0 && form_ok(c))
        form_error(c, "lines", "required", "at least one line");
    if (!form_ok(c))
        return 0;
    rc =
        promo_evaluate(c->db, c->a, b.id, ids, qtys, n, date, &res, NULL, &bad);
    if (rc < 0)
        return ctx_db_fail(c);
    if (rc > 0) {
        form_error(c, "lines", "not_found", "no such product");
        return 0;
    }
    x = xd_elem(page, "result");
    if (b.id > 0) {
        xd_attr_int(x, "party-id", b.id);
        xd_attr(x, "party-code", b.code);
        xd_attr(x, "party-name", b.name);
    }
    xd_attr(x, "date", date);
    xd_attr_money(x, "discount", res.discount);
    xd_attr_money(x, "gift-value", res.gift_value);
    for (size_t i = 0; i < res.n_lines; i++) {
        const struct promo_line *l = &res.lines[i];
        xmlNodePtr e = xd_elem(x, "line");

        xd_attr_int(e, "product-id", l->product_id);
        if (i < n) {
            xd_attr(e, "code", codes[i]);
        } else {
            struct db_param p[1] = {DB_INT(l->product_id)};
            struct db_rows r;

            if (db_query(c->db, c->a, &sql_product_brief, p, 1, 0, 0, &r) != 0)
                return ctx_db_fail(c);
            if (r.n_rows == 1)
                xd_attr(e, "code", db_cell(&r, 0, 0));
        }
        xd_attr_int(e, "qty", l->qty);
        xd_attr_money(e, "unit-price", l->unit_price);
        xd_attr_money(e, "net-price", l->net_price);
        xd_attr_money(e, "discount", l->discount);
        xd_attr_money(e, "amount", l->net_price * l->qty);
        if (l->gift) {
            xd_attr(e, "gift", "true");
            xd_attr_int(e, "promo-id", l->gift_promo_id);
        }
    }
    promo_steps_xml(x, &res);
    return 0;
}

/* ==================================================================== */
/* Routes                                                               */
/* ==================================================================== */

#define F_TEXT(n) P_FIELD(n, PROMO_FIELD_MAX)
#define F_AREA(n) P_FIELD_MULTI(n, PROMO_FIELD_MAX)

static const struct param_spec list_params[] = {
    P_SEARCH,
    {"status", P_ENUM, 0, 0, statuses, 0},
    {"kind", P_ENUM, 0, 0, kinds, 0},
    P_PAGE,
    P_END,
};
static const struct param_spec show_params[] = {
    {"done", P_ENUM, 0, 0, dones, 0},
    P_END,
};
static const struct param_spec no_params[] = {P_END};
static const struct param_spec form_params_spec[] = {
    F_TEXT("code"),
    F_TEXT("name"),
    F_TEXT("kind"),
    F_TEXT("product"),
    F_TEXT("category"),
    F_TEXT("discount"),
    F_TEXT("amount"),
    F_TEXT("buy_qty"),
    F_TEXT("get_qty"),
    F_TEXT("gift"),
    F_TEXT("spend"),
    F_TEXT("gift_qty"),
    F_TEXT("tier_on"),
    F_AREA("tiers"),
    F_TEXT("target"),
    F_AREA("targets"),
    F_TEXT("stacking"),
    F_TEXT("priority"),
    F_TEXT("valid_from"),
    F_TEXT("valid_to"),
    F_TEXT("cap_amount"),
    F_TEXT("cap_gift_qty"),
    F_TEXT("note"),
    F_TEXT("version"),
    P_END,
};
static const struct param_spec status_params[] = {
    F_TEXT("action"),
    F_TEXT("version"),
    P_END,
};
static const struct param_spec try_params[] = {
    F_TEXT("customer"),
    F_AREA("lines"),
    F_TEXT("date"),
    P_END,
};

/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/promotions",             "promo.list",   "promo.view", "promo.xsl", promo_list,   list_params,      ROUTE_CSV},
    {REQ_GET,  "/promotions/new",         "promo.new",    "promo.edit", "promo.xsl", promo_new,    no_params,        0},
    {REQ_POST, "/promotions/new",         "promo.create", "promo.edit", "promo.xsl", promo_create, form_params_spec, 0},
    {REQ_GET,  "/promotions/try",         "promo.try",    "promo.view", "promo.xsl", promo_try,    try_params,       0},
    {REQ_GET,  "/promotions/{id}",        "promo.show",   "promo.view", "promo.xsl", promo_show,   show_params,      0},
    {REQ_GET,  "/promotions/{id}/edit",   "promo.edit",   "promo.edit", "promo.xsl", promo_edit,   no_params,        0},
    {REQ_POST, "/promotions/{id}/edit",   "promo.save",   "promo.edit", "promo.xsl", promo_save,   form_params_spec, 0},
    {REQ_POST, "/promotions/{id}/status", "promo.status", "promo.edit", "promo.xsl", promo_status, status_params,    0},
};
/* clang-format on */

const struct module promo_module = {"promo", routes,
                                    sizeof(routes) / sizeof(routes[0])};
