/*
 * order.c - orders: placing one from the cart (order_place, called by
 * cart.c), the list, the order page with its price explanation, its
 * print view, and confirm, ship and cancel.  The rules are in order.h.
 *
 * Pages:  GET  /orders              the orders in scope: q (order number,
 *                                   customer code or name), status, from,
 *                                   to, sort, dir, page; CSV; the .xml
 *         GET  /orders/{id}         one order: lines (gifts marked, each
 *                                   price with the tier and rule that gave
 *                                   it), the promotions considered, totals,
 *                                   history, the buttons
 *         GET  /orders/{id}/print   laid out for paper
 *         POST /orders/{id}/confirm placed -> confirmed   (order.manage)
 *         POST /orders/{id}/ship    -> shipped            (order.manage)
 *         POST /orders/{id}/cancel  -> cancelled: order.manage, or
 *                                   order.place for an order of the
 *                                   user's own party while it is placed
 * Tables: sales_order, sales_order_line, sales_order_promo (written
 *         here); cart_line (emptied); stock through stock.h, the account
 *         through ledger.h, promotion budgets through promo.h.
 *
 * Scope (SECURITY.md class 1): an order is seen when its customer is
 * (SCOPE_PARTY_SQL on the party), for HTML, XML, CSV and print alike; an
 * order outside it is 404 as a missing one.  A staff member places an
 * order for a customer of their scope (party_get_by_code in cart.c).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cart.h"
#include "ledger.h"
#include "order.h"
#include "party.h"
#include "price.h"
#include "promo.h"
#include "stock.h"

#include "../core/arena.h"
#include "../core/audit.h"
#include "../core/auth.h"
#include "../core/clock.h"
#include "../core/csv.h"
#include "../core/ctx.h"
#include "../core/docno.h"
#include "../core/form.h"
#include "../core/money.h"
#include "../core/page.h"
#include "../core/scope.h"
#include "../core/text.h"
#include "../core/xd.h"
#include "../db/db.h"

#define ORDER_PAGE      50
#define ORDER_CSV_MAX   10000
#define ORDER_NOTE_MAX  200
#define ORDER_FIELD_MAX 1000
#define ORDER_HISTORY   50
#define ORDER_PREFIX    "DD" /* 订单 */

/* Results of a unit of work besides 0 and -1. */
enum order_uow {
    ORDER_DUP = 100, /* the token's order exists already */
    ORDER_EMPTY,     /* no line in the cart */
    ORDER_GONE,      /* a line's product is discontinued */
    ORDER_CAP,       /* a promotion's budget would pass its cap */
    ORDER_STOCK,     /* stock refused a line (w->stock_rc) */
    ORDER_CREDIT,    /* the account refused (w->credit_rc) */
    ORDER_CONFLICT   /* an action met another status or version */
};

/* ==================================================================== */
/* Statements                                                           */
/* ==================================================================== */

/* The warehouses that may ship to a customer: the active central ones
 * and the active branch warehouses of the units above (and at) its
 * servicing unit; with each, how many of the user's cart lines it has
 * the stock for now ("fills"): the one that fills the most first, then
 * the branches (nearer than the centre). */
DB_STATEMENT(sql_ship_from, 0,
             "SELECT w.id, w.code, w.name, w.kind,"
             " (SELECT COUNT(*) FROM cart_line c JOIN stock_balance b"
             " ON b.product_id = c.product_id AND b.warehouse_id = w.id"
             " WHERE c.user_id = ? AND b.on_hand - b.reserved >= c.qty) AS f"
             " FROM warehouse w"
             " WHERE w.status = 'active' AND (w.kind = 'central'"
             " OR (w.kind = 'branch' AND w.unit_id IN (SELECT oc.ancestor_id"
             " FROM org_closure oc WHERE oc.descendant_id = ?)))"
             " ORDER BY f DESC,"
             " CASE WHEN w.kind = 'branch' THEN 0 ELSE 1 END, w.code");
DB_STATEMENT(sql_order_insert, 0,
             "INSERT INTO sales_order (id, order_no, party_id, warehouse_id,"
             " status, order_on, gross, discount, total, gift_value, note,"
             " created_at, created_by, version)"
             " VALUES (?, ?, ?, ?, 'placed', ?, 0, 0, 0, 0, ?, ?, ?, 1)");
DB_STATEMENT(sql_order_totals, 0,
             "UPDATE sales_order SET gross = ?, discount = ?, total = ?,"
             " gift_value = ? WHERE id = ?");

DB_STATEMENT(sql_line_insert, 0,
             "INSERT INTO sales_order_line (order_id, line_no, product_id,"
             " qty, list_price, base_price, net_price, discount, amount, tier,"
             " rule_id, gift, promo_id)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
DB_STATEMENT(sql_promo_insert, 0,
             "INSERT INTO sales_order_promo (order_id, seq, promo_id, verdict,"
             " discount, gift_qty, gift_product_id, worth, tier)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
DB_STATEMENT(sql_product_code, 0, "SELECT code FROM product WHERE id = ?");
DB_STATEMENT(sql_order_owner, 0,
             "SELECT created_by, party_id FROM sales_order WHERE id = ?");

/* One order in the scope (parameters: id, scope_unit, scope_party). */
#define O_COLS                                                                 \
    "SELECT o.id, o.order_no, o.status, o.version, o.order_on, o.party_id,"    \
    " p.code, p.name, p.kind, o.warehouse_id, w.code, w.name, o.gross,"        \
    " o.discount, o.total, o.gift_value, o.note, o.created_at,"                \
    " cu.display_name, o.confirmed_at, fu.display_name, o.shipped_at,"         \
    " su.display_name, o.cancelled_at, xu.display_name"                        \
    " FROM sales_order o"                                                      \
    " JOIN party p ON p.id = o.party_id"                                       \
    " JOIN warehouse w ON w.id = o.warehouse_id"                               \
    " LEFT JOIN qd_user cu ON cu.id = o.created_by"                            \
    " LEFT JOIN qd_user fu ON fu.id = o.confirmed_by"                          \
    " LEFT JOIN qd_user su ON su.id = o.shipped_by"                            \
    " LEFT JOIN qd_user xu ON xu.id = o.cancelled_by"
DB_STATEMENT(sql_order_get, 0,
             O_COLS
             " WHERE o.id = ? AND " SCOPE_PARTY_SQL("p.unit_id", "p.id"));
DB_STATEMENT(sql_order_by_id, 0, O_COLS " WHERE o.id = ?");
enum {
    O_ID,
    O_NO,
    O_STATUS,
    O_VERSION,
    O_ON,
    O_PARTY,
    O_PARTY_CODE,
    O_PARTY_NAME,
    O_PARTY_KIND,
    O_WH,
    O_WH_CODE,
    O_WH_NAME,
    O_GROSS,
    O_DISCOUNT,
    O_TOTAL,
    O_GIFT_VALUE,
    O_NOTE,
    O_CREATED,
    O_CREATED_BY,
    O_CONFIRMED,
    O_CONFIRMED_BY,
    O_SHIPPED,
    O_SHIPPED_BY,
    O_CANCELLED,
    O_CANCELLED_BY
};

DB_STATEMENT(sql_lines_get, 0,
             "SELECT l.line_no, l.product_id, pr.code, pr.name, pr.spec,"
             " pr.unit, l.qty, l.list_price, l.base_price, l.net_price,"
             " l.discount, l.amount, l.tier, l.rule_id, l.gift, l.promo_id,"
             " pm.code"
             " FROM sales_order_line l"
             " JOIN product pr ON pr.id = l.product_id"
             " LEFT JOIN promotion pm ON pm.id = l.promo_id"
             " WHERE l.order_id = ? ORDER BY l.line_no");
enum {
    L_NO,
    L_PRODUCT,
    L_CODE,
    L_NAME,
    L_SPEC,
    L_UNIT,
    L_QTY,
    L_LIST,
    L_BASE,
    L_NET,
    L_DISCOUNT,
    L_AMOUNT,
    L_TIER,
    L_RULE,
    L_GIFT,
    L_PROMO,
    L_PROMO_CODE
};
DB_STATEMENT(sql_steps_get, 0,
             "SELECT s.promo_id, pm.code, pm.name, pm.kind, pm.stacking,"
             " pm.priority, s.verdict, s.discount, s.gift_qty,"
             " s.gift_product_id, s.worth, s.tier"
             " FROM sales_order_promo s JOIN promotion pm ON pm.id = s.promo_id"
             " WHERE s.order_id = ? ORDER BY s.seq");
/* The moves of an action: the lines in increasing product id. */
DB_STATEMENT(sql_lines_moves, 0,
             "SELECT line_no, product_id, qty FROM sales_order_line"
             " WHERE order_id = ? ORDER BY product_id, line_no");
DB_STATEMENT(sql_claims_get, 0,
             "SELECT promo_id, worth, gift_qty FROM sales_order_promo"
             " WHERE order_id = ? AND verdict = 'applied'"
             " AND (worth > 0 OR gift_qty > 0) ORDER BY seq");
/* The guarded transition (parameters: user, at, id, version): the first
 * statement of an action's unit of work. */
DB_STATEMENT(sql_to_confirmed, 0,
             "UPDATE sales_order SET status = 'confirmed', confirmed_by = ?,"
             " confirmed_at = ?, version = version + 1"
             " WHERE id = ? AND version = ? AND status = 'placed'");
DB_STATEMENT(sql_to_shipped, 0,
             "UPDATE sales_order SET status = 'shipped', shipped_by = ?,"
             " shipped_at = ?, version = version + 1"
             " WHERE id = ? AND version = ?"
             " AND status IN ('placed', 'confirmed')");
DB_STATEMENT(sql_to_cancelled, 0,
             "UPDATE sales_order SET status = 'cancelled', cancelled_by = ?,"
             " cancelled_at = ?, version = version + 1"
             " WHERE id = ? AND version = ?"
             " AND status IN ('placed', 'confirmed')");

/* The list.  Parameters (L_N_WHERE): scope (2); status (2); from (2); to
 * (2); q (4). */
#define OL_FROM                                                                \
    " FROM sales_order o"                                                      \
    " JOIN party p ON p.id = o.party_id"                                       \
    " JOIN warehouse w ON w.id = o.warehouse_id"
#define OL_WHERE                                                               \
    " WHERE " SCOPE_PARTY_SQL(                                                 \
        "p.unit_id",                                                           \
        "p.id") " AND (CAST(? AS VARCHAR(20)) IS NULL OR o.status = ?)"        \
                " AND (CAST(? AS VARCHAR(10)) IS NULL OR o.order_on >= ?)"     \
                " AND (CAST(? AS VARCHAR(10)) IS NULL OR o.order_on <= ?)"     \
                " AND (CAST(? AS VARCHAR(100)) IS NULL"                        \
                " OR o.order_no LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"          \
                " OR p.code LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"              \
                " OR p.name LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "')"
#define OL_N_WHERE 12
#define OL_LIST                                                                \
    "SELECT o.id, o.order_no, o.status, o.order_on, o.party_id, p.code,"       \
    " p.name, w.code, w.name,"                                                 \
    " (SELECT COUNT(*) FROM sales_order_line l WHERE l.order_id = o.id),"      \
    " o.total, o.gift_value, o.created_at" OL_FROM OL_WHERE
enum {
    S_ID,
    S_NO,
    S_STATUS,
    S_ON,
    S_PARTY,
    S_PARTY_CODE,
    S_PARTY_NAME,
    S_WH_CODE,
    S_WH_NAME,
    S_LINES,
    S_TOTAL,
    S_GIFT_VALUE,
    S_CREATED
};
DB_STATEMENT(sql_list_date_asc, DB_PAGED,
             OL_LIST " ORDER BY o.order_on ASC, o.id ASC");
DB_STATEMENT(sql_list_date_desc, DB_PAGED,
             OL_LIST " ORDER BY o.order_on DESC, o.id DESC");
DB_STATEMENT(sql_list_no_asc, DB_PAGED, OL_LIST " ORDER BY o.order_no ASC");
DB_STATEMENT(sql_list_no_desc, DB_PAGED, OL_LIST " ORDER BY o.order_no DESC");
DB_STATEMENT(sql_list_party_asc, DB_PAGED,
             OL_LIST " ORDER BY p.code ASC, o.order_on DESC, o.id DESC");
DB_STATEMENT(sql_list_party_desc, DB_PAGED,
             OL_LIST " ORDER BY p.code DESC, o.order_on DESC, o.id DESC");
DB_STATEMENT(sql_list_total_asc, DB_PAGED,
             OL_LIST " ORDER BY o.total ASC, o.id ASC");
DB_STATEMENT(sql_list_total_desc, DB_PAGED,
             OL_LIST " ORDER BY o.total DESC, o.id DESC");
DB_STATEMENT(sql_list_status_asc, DB_PAGED,
             OL_LIST " ORDER BY o.status ASC, o.order_on DESC, o.id DESC");
DB_STATEMENT(sql_list_status_desc, DB_PAGED,
             OL_LIST " ORDER BY o.status DESC, o.order_on DESC, o.id DESC");
DB_STATEMENT(sql_list_count, 0, "SELECT COUNT(*)" OL_FROM OL_WHERE);

static const char *const list_sorts[] = {"date",  "no",     "party",
                                         "total", "status", NULL};
static const char *const statuses[] = {"placed", "confirmed", "shipped",
                                       "cancelled", NULL};
static const char *const dones[] = {"placed",    "confirmed", "shipped",
                                    "cancelled", "already",   NULL};

/* ==================================================================== */
/* Placing an order                                                     */
/* ==================================================================== */

/* The unit of work of a placement, and what refused it. */
struct place_work {
    struct ctx *c; /* NULL: the demo (no audit row) */
    struct arena *a;
    int64_t id, party_id, user_id, warehouse_id;
    const char *no, *note;
    char today[11];
    time_t now;
    /* what refused it */
    const char *bad_code; /* the product or promotion */
    int stock_rc, credit_rc;
    struct stock_state why; /* the row as it was before this order */
    int64_t need;           /* the units of the product the order asks */
    struct credit_refusal cr;
    int64_t total;
};

/* The list price of a gift line: the gift value of the promotion that
 * gave it (the gift product's list price when the cart was priced). */
static int64_t
gift_list_price(const struct promo_result *res, int64_t promo_id)
{
    for (size_t k = 0; k < res->n_steps; k++)
        if (res->steps[k].rule->id == promo_id)
            return res->steps[k].rule->gift_value;
    return 0;
}

/* A line of res and its product, sorted by (product id, line): the order
 * of the reservations, so two orders never wait for each other in a
 * circle. */
struct line_ref {
    int64_t product_id;
    size_t index;
};

static int
by_product(const void *x, const void *y)
{
    const struct line_ref *a = x, *b = y;

    if (a->product_id != b->product_id)
        return a->product_id < b->product_id ? -1 : 1;
    return (a->index > b->index) - (a->index < b->index);
}

/* The lines and promotions of the order as priced now (res, q). */
static int
write_lines(struct db *db, struct place_work *w, const struct promo_result *res,
            const struct price_quote *q, int64_t *gross)
{
    struct db_param p[13];

    *gross = 0;
    for (size_t i = 0; i < res->n_lines; i++) {
        const struct promo_line *l = &res->lines[i];
        int gift = i >= res->n_input;

        p[0] = DB_INT(w->id);
        p[1] = DB_INT((int64_t)i + 1);
        p[2] = DB_INT(l->product_id);
        p[3] = DB_INT(l->qty);
        p[4] = DB_INT(gift ? gift_list_price(res, l->gift_promo_id)
                           : q[i].list_price);
        p[5] = DB_INT(l->unit_price);
        p[6] = DB_INT(l->net_price);
        p[7] = DB_INT(l->discount);
        p[8] = DB_INT(l->net_price * l->qty);
        p[9] = DB_TEXT(gift ? "gift" : price_tier_name(q[i].tier));
        p[10] = !gift && q[i].rule_id > 0 ? DB_INT(q[i].rule_id) : DB_NULLP;
        p[11] = DB_INT(gift);
        p[12] = gift ? DB_INT(l->gift_promo_id) : DB_NULLP;
        if (db_exec(db, &sql_line_insert, p, 13, NULL) != 0)
            return -1;
        if (!gift)
            *gross += l->unit_price * l->qty;
    }
    for (size_t k = 0; k < res->n_steps; k++) {
        const struct promo_step *s = &res->steps[k];

        p[0] = DB_INT(w->id);
        p[1] = DB_INT((int64_t)k + 1);
        p[2] = DB_INT(s->rule->id);
        p[3] = DB_TEXT(promo_verdict_names[s->verdict]);
        p[4] = DB_INT(s->discount);
        p[5] = DB_INT(s->gift_qty);
        p[6] = s->gift_qty > 0 ? DB_INT(s->gift_product_id) : DB_NULLP;
        p[7] = DB_INT(s->value);
        p[8] = s->tier >= 0 ? DB_INT(s->tier + 1) : DB_NULLP;
        if (db_exec(db, &sql_promo_insert, p, 9, NULL) != 0)
            return -1;
    }
    return 0;
}

/* One move of an order line in warehouse wh, which the caller took with
 * stock_lock (once for all the lines: stock_reserve and the like would
 * take it again for every line). */
static int
line_move(struct db *db, int64_t wh, int64_t product, const char *bucket,
          const char *kind, int64_t qty, const struct stock_ref *ref,
          struct stock_state *why)
{
    struct stock_move m = {wh, product, bucket, kind, qty};

    if (qty <= 0 || qty > STOCK_QTY_MAX)
        return STOCK_INVALID;
    if (strcmp(kind, "reserve") != 0)
        m.qty = -qty; /* release, issue */
    return stock_post(db, &m, ref, why);
}

/* The code of the product whose move was refused, for the message
 * (arena a); NULL on a database failure. */
static const char *
refused_code(struct db *db, struct arena *a, int64_t product_id)
{
    struct db_param p[1] = {DB_INT(product_id)};
    struct db_rows r;

    if (db_query(db, a, &sql_product_code, p, 1, 0, 0, &r) != 0)
        return NULL;
    return r.n_rows == 1 ? db_cell(&r, 0, 0) : "?";
}

/* Claim the budgets of the applied promotions (ORDER_CAP when one would
 * pass its cap), then reserve every line. */
static int
claim_and_reserve(struct db *db, struct place_work *w,
                  const struct promo_result *res)
{
    struct stock_ref ref = {ORDER_DOC_TYPE, w->id, 0,     w->today,
                            w->user_id,     0,     w->now};
    struct line_ref *order =
        arena_alloc(w->a, (res->n_lines + 1) * sizeof(*order));
    int rc;

    for (size_t k = 0; k < res->n_steps; k++) {
        const struct promo_step *s = &res->steps[k];

        if (s->verdict != PROMO_APPLIED || (s->value <= 0 && s->gift_qty <= 0))
            continue;
        rc = promo_claim(db, s->rule->id, s->value, s->gift_qty);
        if (rc != 0) {
            w->bad_code = s->rule->code;
            return rc < 0 ? -1 : ORDER_CAP;
        }
    }
    if ((rc = stock_lock(db, w->warehouse_id, w->today)) != STOCK_OK) {
        w->stock_rc = rc;
        w->bad_code = "warehouse";
        return rc < 0 ? -1 : ORDER_STOCK;
    }
    for (size_t i = 0; i < res->n_lines; i++) {
        order[i].product_id = res->lines[i].product_id;
        order[i].index = i;
    }
    qsort(order, res->n_lines, sizeof(*order), by_product);
    for (size_t k = 0, first = 0; k < res->n_lines; k++) {
        const struct promo_line *l = &res->lines[order[k].index];

        if (l->product_id != order[first].product_id)
            first = k; /* the first line of this product */
        ref.line_no = (int)order[k].index + 1;
        rc = line_move(db, w->warehouse_id, l->product_id, "reserved",
                       "reserve", l->qty, &ref, &w->why);
        if (rc < 0)
            return -1;
        if (rc != STOCK_OK) {
            /* what the warehouse had before this order, and what the
             * order asks of it on all its lines of the product (a gift of
             * the product bought is a line of its own) */
            w->need = 0;
            for (size_t j = first;
                 j < res->n_lines && order[j].product_id == l->product_id;
                 j++) {
                w->need += res->lines[order[j].index].qty;
                if (j < k)
                    w->why.reserved -= res->lines[order[j].index].qty;
            }
            w->stock_rc = rc;
            w->bad_code = refused_code(db, w->a, l->product_id);
            return w->bad_code != NULL ? ORDER_STOCK : -1;
        }
    }
    return 0;
}

static int
place_uow(struct db *db, void *arg)
{
    struct place_work *w = arg;
    struct db_param p[8];
    struct db_rows cart;
    struct promo_result res;
    struct price_quote *q;
    int64_t *ids, *qtys, gross;
    long bad = 0;
    size_t n;
    int rc;

    w->bad_code = NULL;
    w->stock_rc = w->credit_rc = 0;
    p[0] = DB_INT(w->id);
    p[1] = DB_TEXT(w->no);
    p[2] = DB_INT(w->party_id);
    p[3] = DB_INT(w->warehouse_id);
    p[4] = DB_TEXT(w->today);
    p[5] = DB_TEXT(w->note);
    p[6] = DB_TS(w->now);
    p[7] = w->user_id > 0 ? DB_INT(w->user_id) : DB_NULLP;
    if (db_exec(db, &sql_order_insert, p, 8, NULL) != 0)
        return db_unique_violation(db) ? ORDER_DUP : -1;
    if (cart_lines(db, w->a, w->user_id, &cart) != 0)
        return -1;
    if ((n = cart.n_rows) == 0)
        return ORDER_EMPTY;
    ids = arena_alloc(w->a, n * sizeof(*ids));
    qtys = arena_alloc(w->a, n * sizeof(*qtys));
    q = arena_zalloc(w->a, n * sizeof(*q));
    for (size_t i = 0; i < n; i++) {
        ids[i] = db_cell_int(&cart, i, CART_PRODUCT);
        qtys[i] = db_cell_int(&cart, i, CART_QTY);
        if (strcmp(db_cell(&cart, i, CART_STATUS), "discontinued") == 0) {
            w->bad_code = db_cell(&cart, i, CART_CODE);
            return ORDER_GONE;
        }
    }
    rc = promo_evaluate(db, w->a, w->party_id, ids, qtys, n, w->today, &res, q,
                        &bad);
    if (rc != 0)
        return -1; /* the products and the party exist: a failure */
    if (write_lines(db, w, &res, q, &gross) != 0)
        return -1;
    w->total = gross - res.discount;
    p[0] = DB_INT(gross);
    p[1] = DB_INT(res.discount);
    p[2] = DB_INT(w->total);
    p[3] = DB_INT(res.gift_value);
    p[4] = DB_INT(w->id);
    if (db_exec(db, &sql_order_totals, p, 5, NULL) != 0)
        return -1;
    if ((rc = claim_and_reserve(db, w, &res)) != 0)
        return rc;
    if (w->total > 0) {
        rc = credit_raise(db, w->party_id, w->total, &w->cr);
        if (rc < 0)
            return -1;
        if (rc != LEDGER_OK) {
            w->credit_rc = rc;
            return ORDER_CREDIT;
        }
    }
    if (cart_empty(db, w->user_id) != 0)
        return -1;
    if (w->c != NULL &&
        audit_write(
            w->c, "sales_order", w->id, "place",
            arena_printf(w->a, "%s: %zu lines, total %s, warehouse %" PRId64,
                         w->no, res.n_lines, money_plain(w->a, w->total),
                         w->warehouse_id)) != 0)
        return -1;
    return 0;
}

/* order.h */
int
order_place_as(struct db *db, struct arena *a, const struct order_new *o)
{
    struct place_work w;
    char no[DOCNO_MAX];
    int rc;

    memset(&w, 0, sizeof(w));
    w.a = a;
    w.id = o->id;
    w.party_id = o->party_id;
    w.user_id = o->user_id;
    w.warehouse_id = o->warehouse_id;
    w.note = o->note;
    w.now = o->now;
    snprintf(w.today, sizeof(w.today), "%s", o->day);
    if (docno_make(no, ORDER_PREFIX, w.today, w.id) != 0)
        return -1;
    w.no = no;
    rc = db_uow(db, place_uow, &w);
    return rc < 0 ? -1 : rc == 0 ? 0 : ORDER_REFUSED;
}

/* The refusal of a placement as an error on the form's field "order". */
static void
place_refusal(struct ctx *c, const struct place_work *w, int rc)
{
    const char *code = "refused", *msg = "the order was refused";
    int status;

    c->status = 409;
    switch (rc) {
    case ORDER_EMPTY:
        c->status = 422;
        code = "empty";
        msg = "the cart is empty";
        break;
    case ORDER_GONE:
        code = "discontinued";
        msg = arena_printf(c->a, "%s is discontinued: remove it from the cart",
                           w->bad_code);
        break;
    case ORDER_CAP:
        code = "cap_reached";
        msg = arena_printf(c->a,
                           "promotion %s has reached its budget: the cart's "
                           "prices changed, look at them again",
                           w->bad_code);
        break;
    case ORDER_STOCK:
        code = w->stock_rc == STOCK_SHORT ? "stock_short" : "stock_refused";
        msg = w->stock_rc == STOCK_SHORT
                  ? arena_printf(c->a,
                                 "%s: not enough stock in the warehouse: "
                                 "%" PRId64 " available, the order needs "
                                 "%" PRId64,
                                 w->bad_code,
                                 w->why.on_hand - w->why.reserved > 0
                                     ? w->why.on_hand - w->why.reserved
                                     : 0,
                                 w->need)
                  : arena_printf(c->a, "%s: %s", w->bad_code,
                                 stock_result_name(w->stock_rc));
        break;
    case ORDER_CREDIT:
        switch (w->credit_rc) {
        case LEDGER_OVER_LIMIT:
            code = "over_limit";
            msg = arena_printf(
                c->a,
                "over the credit limit: limit %s, owed and ordered %s, "
                "this order %s, short by %s",
                money_plain(c->a, w->cr.limit),
                money_plain(c->a, w->cr.exposure), money_plain(c->a, w->total),
                money_plain(c->a, w->cr.shortfall));
            break;
        case LEDGER_HELD:
            code = "held";
            msg = arena_printf(c->a, "the customer's account is on hold (%s)",
                               w->cr.hold);
            break;
        case LEDGER_NOT_APPROVED:
            code = "not_approved";
            msg = "the customer is not approved to order on credit";
            break;
        default: code = "no_account"; msg = "the customer has no account";
        }
        break;
    }
    status = c->status;
    form_error(c, "order", code, msg);
    c->status = status; /* 409: the business said no, the form was fine */
}

/* The warehouses that may ship to customer b, into *r (sql_ship_from). */
static int
ship_from(struct ctx *c, const struct party_brief *b, struct db_rows *r)
{
    struct db_param p[2] = {DB_INT(c->user->id), DB_INT(b->unit_id)};

    return db_query(c->db, c->a, &sql_ship_from, p, 2, 0, 0, r);
}

/* order.h */
int
order_checkout_xml(struct ctx *c, xmlNodePtr x, const struct party_brief *b)
{
    static const char *const echo[] = {
        "token", "token", "warehouse", "warehouse", "note", "note", NULL};
    static const char *const names[] = {"id", "code", "name", "kind", "fills"};
    xmlNodePtr k;
    struct db_rows r;
    int64_t token;

    if (b == NULL || b->id <= 0 || !auth_can(c, "order.place"))
        return 0;
    if (ship_from(c, b, &r) != 0)
        return -1;
    k = xd_elem(x, "checkout");
    if (strcmp(c->route->name, "cart.order") == 0) {
        page_echo(c, k, echo);
    } else {
        /* outside the page's read transaction, so that a refill of the
         * key bank commits (on SQLite it would join the transaction and
         * be dropped with it, and the token would not be valid) */
        db_rollback(c->db);
        if (db_next_id(c->db, "sales_order", &token) != 0)
            return -1;
        xd_attr_int(k, "token", token);
    }
    xd_attr_int(k, "note-max", ORDER_NOTE_MAX);
    xd_rows(k, "warehouse", &r, names, XD_N(names));
    return 0;
}

/* order.h */
int
order_place(struct ctx *c, const struct party_brief *b, int64_t *id)
{
    struct place_work w;
    struct db_rows r;
    char no[DOCNO_MAX];
    int64_t wh = 0;
    int rc, offered = 0;

    memset(&w, 0, sizeof(w));
    if (form_int(c, "token", FORM_REQUIRED, 1, INT64_MAX, &w.id) != 0)
        return ctx_fail(c, 400, "bad_param", "the form has no valid token",
                        NULL);
    /* the token must be an id the key table handed out (a form's) */
    if ((rc = db_id_handed_out(c->db, "sales_order", w.id)) < 0)
        return ctx_db_fail(c);
    if (rc == 0)
        return ctx_fail(c, 400, "bad_param", "the form has no valid token",
                        NULL);
    w.note = form_text(c, "note", FORM_MULTILINE, ORDER_NOTE_MAX);
    form_int(c, "warehouse", FORM_REQUIRED, 1, INT64_MAX, &wh);
    if (b->id <= 0) {
        form_error(c, "order", "no_customer",
                   "choose the customer the order is for");
    } else if (wh > 0) {
        if (ship_from(c, b, &r) != 0)
            return ctx_db_fail(c);
        for (size_t i = 0; i < r.n_rows; i++)
            offered |= db_cell_int(&r, i, 0) == wh;
        if (!offered)
            form_error(c, "warehouse", "not_offered",
                       "choose one of the warehouses offered");
    }
    if (!form_ok(c))
        return ORDER_REFUSED;
    w.c = c;
    w.a = c->a;
    w.party_id = b->id;
    w.user_id = c->user->id;
    w.warehouse_id = wh;
    w.now = clock_now();
    clock_day(w.today, 0);
    docno_make(no, ORDER_PREFIX, w.today, w.id);
    w.no = arena_strdup(c->a, no);
    db_rollback(c->db);
    rc = db_uow(c->db, place_uow, &w);
    if (rc < 0)
        return ctx_db_fail(c);
    *id = w.id;
    if (rc == ORDER_DUP) {
        /* placed before by this very form -- or the token is the id of
         * somebody else's order: not this user's to be told "placed" */
        struct db_param p[1] = {DB_INT(w.id)};

        if (db_query(c->db, c->a, &sql_order_owner, p, 1, 0, 0, &r) != 0)
            return ctx_db_fail(c);
        if (r.n_rows == 1 && db_cell_int(&r, 0, 0) == c->user->id &&
            db_cell_int(&r, 0, 1) == b->id)
            return 0;
        return ctx_fail(c, 400, "bad_param", "the form has no valid token",
                        NULL);
    }
    if (rc == 0)
        return 0;
    place_refusal(c, &w, rc);
    return ORDER_REFUSED;
}

/* ==================================================================== */
/* The order page                                                       */
/* ==================================================================== */

/* Order id in the scope into *r (one row of sql_order_get): 0, 1 when
 * missing or outside the scope (answered 404), -1 (answered). */
static int
order_find(struct ctx *c, int64_t id, struct db_rows *r)
{
    struct db_param p[3] = {DB_INT(id), DB_INT(scope_unit(c)),
                            DB_INT(scope_party(c))};

    if (id <= 0)
        return page_not_found(c, "sales_order", id), 1;
    if (db_query(c->db, c->a, &sql_order_get, p, 3, 0, 0, r) != 0)
        return ctx_db_fail(c);
    if (r->n_rows == 0)
        return page_not_found(c, "sales_order", id), 1;
    return 0;
}

/* May the user cancel the order of row r (status s)? */
static int
may_cancel(const struct ctx *c, const struct db_rows *r)
{
    const char *s = db_cell(r, 0, O_STATUS);

    if (auth_can(c, "order.manage"))
        return !strcmp(s, "placed") || !strcmp(s, "confirmed");
    return auth_can(c, "order.place") && !strcmp(s, "placed") &&
           c->user->party_id > 0 &&
           db_cell_int(r, 0, O_PARTY) == c->user->party_id;
}

/* The order of row r as element elem: header, lines, promotions, and
 * (the page) history and buttons. */
static int
order_xml(struct ctx *c, const struct db_rows *r, const char *elem)
{
    /* the columns of sql_order_get as attributes; NULL: written apart */
    static const char *const head_names[] = {"id",
                                             "no",
                                             "status",
                                             "version",
                                             NULL,
                                             "party-id",
                                             "party-code",
                                             "party-name",
                                             "party-kind",
                                             "warehouse-id",
                                             "warehouse-code",
                                             "warehouse-name",
                                             NULL,
                                             NULL,
                                             NULL,
                                             NULL,
                                             "note",
                                             NULL,
                                             "created-by",
                                             NULL,
                                             "confirmed-by",
                                             NULL,
                                             "shipped-by",
                                             NULL,
                                             "cancelled-by"};
    static const char *const money_names[] = {"gross", "discount", "total",
                                              "gift-value"};
    static const char *const ts_names[] = {"created-at", "confirmed-at",
                                           "shipped-at", "cancelled-at"};
    static const char *const step_names[] = {
        "promo-id", "code", "name", "kind", "stacking", "priority",
        "verdict",  NULL,   NULL,   NULL,   NULL,       "tier"};
    int64_t id = db_cell_int(r, 0, O_ID);
    const char *status = db_cell(r, 0, O_STATUS);
    struct db_param p[1] = {DB_INT(id)};
    struct db_rows l, s;
    xmlNodePtr x = ctx_data(c, elem);

    xd_row(x, r, 0, head_names, XD_N(head_names));
    xd_attr(x, "order-on", text_iso_date(c->a, db_cell(r, 0, O_ON)));
    for (int k = O_GROSS; k <= O_GIFT_VALUE; k++)
        xd_money_cell(x, money_names[k - O_GROSS], r, 0, (size_t)k);
    for (int k = O_CREATED; k <= O_CANCELLED; k += 2)
        page_ts_cell(c, x, ts_names[(k - O_CREATED) / 2], r, 0, (size_t)k);
    if (db_query(c->db, c->a, &sql_lines_get, p, 1, 0, 0, &l) != 0 ||
        db_query(c->db, c->a, &sql_steps_get, p, 1, 0, 0, &s) != 0)
        return ctx_db_fail(c);
    for (size_t i = 0; i < l.n_rows; i++) {
        xmlNodePtr e = xd_elem(x, "line");

        xd_cell(e, "no", &l, i, L_NO);
        xd_cell(e, "product-id", &l, i, L_PRODUCT);
        xd_cell(e, "code", &l, i, L_CODE);
        xd_cell(e, "name", &l, i, L_NAME);
        xd_cell(e, "spec", &l, i, L_SPEC);
        xd_cell(e, "unit", &l, i, L_UNIT);
        xd_cell(e, "qty", &l, i, L_QTY);
        xd_money_cell(e, "list-price", &l, i, L_LIST);
        xd_money_cell(e, "base-price", &l, i, L_BASE);
        xd_money_cell(e, "net-price", &l, i, L_NET);
        xd_money_cell(e, "discount", &l, i, L_DISCOUNT);
        xd_money_cell(e, "amount", &l, i, L_AMOUNT);
        xd_cell(e, "tier", &l, i, L_TIER);
        xd_cell(e, "rule-id", &l, i, L_RULE);
        if (db_cell_int(&l, i, L_GIFT) == 1) {
            xd_attr(e, "gift", "true");
            xd_cell(e, "promo-id", &l, i, L_PROMO);
            xd_cell(e, "promo-code", &l, i, L_PROMO_CODE);
        }
    }
    for (size_t i = 0; i < s.n_rows; i++) {
        xmlNodePtr e = xd_elem(x, "step");

        xd_row(e, &s, i, step_names, XD_N(step_names));
        xd_money_cell(e, "discount", &s, i, 7);
        if (db_cell_int(&s, i, 8) > 0) { /* as promo_steps_xml */
            xd_cell(e, "gift-qty", &s, i, 8);
            xd_cell(e, "gift-product-id", &s, i, 9);
        }
        xd_money_cell(e, "value", &s, i, 10);
    }
    if (strcmp(elem, "order") != 0)
        return 0;
    xd_attr(x, "done", param_text(c->req, "done"));
    if (auth_can(c, "order.manage")) {
        if (!strcmp(status, "placed"))
            xd_attr(x, "can-confirm", "true");
        if (!strcmp(status, "placed") || !strcmp(status, "confirmed"))
            xd_attr(x, "can-ship", "true");
    }
    if (may_cancel(c, r))
        xd_attr(x, "can-cancel", "true");
    if (page_history(c, x, "sales_order", id, ORDER_HISTORY) != 0)
        return ctx_db_fail(c);
    return 0;
}

/* GET /orders/{id} (and /print: elem "order-print") */
static int
order_page(struct ctx *c, const char *elem)
{
    struct db_rows r;
    int rc = order_find(c, page_id(c), &r);

    return rc != 0 ? (rc > 0 ? -1 : rc) : order_xml(c, &r, elem);
}

static int
order_show(struct ctx *c)
{
    return order_page(c, "order");
}

static int
order_print(struct ctx *c)
{
    return order_page(c, "order-print");
}

/* ==================================================================== */
/* Confirm, ship, cancel                                                */
/* ==================================================================== */

enum act_id { A_CONFIRM, A_SHIP, A_CANCEL };

static const struct act_def {
    const struct db_sql *sql; /* the guarded transition */
    const char *to, *audit;
} act_defs[] = {
    {&sql_to_confirmed, "confirmed", "confirm"},
    {&sql_to_shipped, "shipped", "ship"},
    {&sql_to_cancelled, "cancelled", "cancel"},
};

struct act_work {
    struct ctx *c; /* NULL: order_act_as (no audit row) */
    struct arena *a;
    enum act_id id;
    int64_t order_id, version, party_id, warehouse_id, total, user_id;
    const char *no;
    char today[11];
    time_t now;
    /* what refused it */
    int stock_rc, ledger_rc;
    const char *bad_code;
};

/* Release (and, shipping, issue) every line of the order. */
static int
act_moves(struct db *db, struct act_work *w)
{
    int64_t warehouse_id = w->warehouse_id;
    struct db_param p[1] = {DB_INT(w->order_id)};
    struct stock_ref ref = {ORDER_DOC_TYPE, w->order_id, 0,     w->today,
                            w->user_id,     0,           w->now};
    struct db_rows l;
    int rc;

    if (db_query(db, w->a, &sql_lines_moves, p, 1, 0, 0, &l) != 0)
        return -1;
    if ((rc = stock_lock(db, warehouse_id, w->today)) != STOCK_OK) {
        w->stock_rc = rc;
        w->bad_code = "warehouse";
        return rc < 0 ? -1 : ORDER_STOCK;
    }
    for (size_t i = 0; i < l.n_rows; i++) {
        int64_t product = db_cell_int(&l, i, 1), qty = db_cell_int(&l, i, 2);

        ref.line_no = (int)db_cell_int(&l, i, 0);
        rc = line_move(db, warehouse_id, product, "reserved", "release", qty,
                       &ref, NULL);
        if (rc == STOCK_OK && w->id == A_SHIP)
            rc = line_move(db, warehouse_id, product, "on_hand", "issue", qty,
                           &ref, NULL);
        if (rc < 0)
            return -1;
        if (rc != STOCK_OK) {
            w->stock_rc = rc;
            w->bad_code = refused_code(db, w->a, product);
            return w->bad_code != NULL ? ORDER_STOCK : -1;
        }
    }
    return 0;
}

/* Give back the promotion budgets the order claimed. */
static int
act_unclaim(struct db *db, struct act_work *w)
{
    struct db_param p[1] = {DB_INT(w->order_id)};
    struct db_rows s;

    if (db_query(db, w->a, &sql_claims_get, p, 1, 0, 0, &s) != 0)
        return -1;
    for (size_t i = 0; i < s.n_rows; i++)
        if (promo_unclaim(db, db_cell_int(&s, i, 0), db_cell_int(&s, i, 1),
                          db_cell_int(&s, i, 2)) != 0)
            return -1; /* the counters are sums of the claims: a bug */
    return 0;
}

/* The receivable of a shipped order, and the open order off the
 * exposure. */
static int
act_invoice(struct db *db, struct act_work *w)
{
    char due[11];
    struct ledger_post e;
    int rc;

    if (w->total <= 0)
        return 0;
    clock_day_add(w->today, ORDER_TERMS_DAYS, due);
    memset(&e, 0, sizeof(e));
    e.party_id = w->party_id;
    e.kind = "receivable";
    e.bucket = "receivable";
    e.amount = w->total;
    e.source_type = ORDER_DOC_TYPE;
    e.source_id = w->order_id;
    e.entry_on = w->today;
    e.due_on = due;
    e.note = w->no;
    e.user_id = w->user_id;
    e.now = w->now;
    if ((rc = ledger_post(db, &e, NULL)) != LEDGER_OK)
        return rc < 0 ? -1 : (w->ledger_rc = rc, ORDER_CREDIT);
    if ((rc = credit_lower(db, w->party_id, w->total)) != LEDGER_OK)
        return rc < 0 ? -1 : (w->ledger_rc = rc, ORDER_CREDIT);
    return ledger_review_holds(db, w->party_id, w->today,
                               ledger_overdue_days()) < 0
               ? -1
               : 0;
}

static int
act_uow(struct db *db, void *arg)
{
    struct act_work *w = arg;
    const struct act_def *a = &act_defs[w->id];
    struct db_param p[4];
    long n = 0;
    int rc;

    w->stock_rc = w->ledger_rc = 0;
    p[0] = w->user_id > 0 ? DB_INT(w->user_id) : DB_NULLP;
    p[1] = DB_TS(w->now);
    p[2] = DB_INT(w->order_id);
    p[3] = DB_INT(w->version);
    if (db_exec(db, a->sql, p, 4, &n) != 0)
        return -1;
    if (n != 1)
        return ORDER_CONFLICT;
    /* the rows in the order placing takes them (promotions, warehouse,
     * account), so that a cancel and a placement never wait for each
     * other in a circle */
    if (w->id == A_CANCEL && act_unclaim(db, w) != 0)
        return -1;
    if (w->id != A_CONFIRM && (rc = act_moves(db, w)) != 0)
        return rc;
    if (w->id == A_CANCEL) {
        if (w->total > 0 &&
            (rc = credit_lower(db, w->party_id, w->total)) != LEDGER_OK)
            return rc < 0 ? -1 : (w->ledger_rc = rc, ORDER_CREDIT);
    }
    if (w->id == A_SHIP && (rc = act_invoice(db, w)) != 0)
        return rc;
    if (w->c == NULL)
        return 0;
    return audit_write(w->c, "sales_order", w->order_id, a->audit, w->no);
}

/* The work of action id on the order of row r (sql_order_get's columns)
 * by user_id on day (NULL: today) at now. */
static void
act_init(struct act_work *w, struct ctx *c, struct arena *a, enum act_id id,
         const struct db_rows *r, int64_t user_id, const char *day, time_t now)
{
    memset(w, 0, sizeof(*w));
    w->c = c;
    w->a = a;
    w->id = id;
    w->order_id = db_cell_int(r, 0, O_ID);
    w->version = db_cell_int(r, 0, O_VERSION);
    w->party_id = db_cell_int(r, 0, O_PARTY);
    w->warehouse_id = db_cell_int(r, 0, O_WH);
    w->total = db_cell_int(r, 0, O_TOTAL);
    w->no = db_cell(r, 0, O_NO);
    w->user_id = user_id;
    w->now = now;
    if (day != NULL)
        snprintf(w->today, sizeof(w->today), "%s", day);
    else
        clock_day(w->today, 0);
}

/* order.h */
int
order_act_as(struct db *db, struct arena *a, int64_t order_id,
             const char *action, int64_t user_id, const char *day, time_t now)
{
    static const char *const names[] = {"confirm", "ship", "cancel", NULL};
    struct db_param p[1] = {DB_INT(order_id)};
    struct act_work w;
    struct db_rows r;
    int k;

    for (k = 0; names[k] != NULL && strcmp(names[k], action) != 0; k++)
        ;
    if (names[k] == NULL)
        return -1;
    if (db_query(db, a, &sql_order_by_id, p, 1, 0, 0, &r) != 0)
        return -1;
    db_rollback(db);
    if (r.n_rows != 1)
        return ORDER_REFUSED;
    act_init(&w, NULL, a, (enum act_id)k, &r, user_id, day, now);
    k = db_uow(db, act_uow, &w);
    return k < 0 ? -1 : k == 0 ? 0 : ORDER_REFUSED;
}

/* An action's refusal by the stock or the account, as a page message. */
static void
act_refusal(struct ctx *c, const struct act_work *w)
{
    if (w->stock_rc != 0)
        ctx_message(c, "error", "stock_refused", NULL,
                    arena_printf(c->a, "%s: %s", w->bad_code,
                                 stock_result_name(w->stock_rc)));
    else
        ctx_message(c, "error", "account_refused", NULL,
                    "the customer's account refused the change");
}

/*
 * POST /orders/{id}/confirm|ship|cancel (version): the checks (scope,
 * permission, version), then the unit of work.  A stale version: 409
 * with the order; the same action again (a second click): a redirect
 * saying so.
 */
static int
act(struct ctx *c, enum act_id id)
{
    const struct act_def *a = &act_defs[id];
    struct act_work w;
    struct db_rows r;
    int rc = order_find(c, page_id(c), &r);

    if (rc != 0)
        return rc > 0 ? -1 : rc;
    if (id == A_CANCEL && !auth_can(c, "order.manage")) {
        /* the customer's own order, while it is only placed (a second
         * click on a cancelled one is told so below) */
        const char *st = db_cell(&r, 0, O_STATUS);

        if (!(auth_can(c, "order.place") && c->user->party_id > 0 &&
              db_cell_int(&r, 0, O_PARTY) == c->user->party_id))
            return ctx_fail(c, 403, "forbidden",
                            "you may not cancel this order", NULL);
        if (strcmp(st, "placed") != 0 && strcmp(st, "cancelled") != 0)
            return ctx_fail(c, 403, "forbidden",
                            "an order is cancelled by the seller once it is "
                            "confirmed",
                            NULL);
    }
    act_init(&w, c, c->a, id, &r, c->user->id, NULL, clock_now());
    if (form_int(c, "version", FORM_REQUIRED, 1, INT32_MAX, &w.version) != 0)
        return ctx_fail(c, 400, "bad_param", "the form has no version", NULL);
    /* the form's version, which the guarded UPDATE checks */
    if (w.version != db_cell_int(&r, 0, O_VERSION))
        goto stale;
    db_rollback(c->db);
    rc = db_uow(c->db, act_uow, &w);
    if (rc == 0)
        return ctx_redirect(c, arena_printf(c->a, "/orders/%" PRId64 "?done=%s",
                                            w.order_id, a->to));
    if (rc < 0)
        return ctx_db_fail(c);
    if (order_find(c, w.order_id, &r) != 0)
        return -1;
    if (rc == ORDER_CONFLICT)
        goto stale;
    c->status = 409;
    act_refusal(c, &w);
    return order_xml(c, &r, "order");

stale:
    if (!strcmp(db_cell(&r, 0, O_STATUS), a->to))
        return ctx_redirect(
            c,
            arena_printf(c->a, "/orders/%" PRId64 "?done=already", w.order_id));
    page_conflict(c);
    return order_xml(c, &r, "order");
}

static int
order_confirm(struct ctx *c)
{
    return act(c, A_CONFIRM);
}

static int
order_ship(struct ctx *c)
{
    return act(c, A_SHIP);
}

static int
order_cancel(struct ctx *c)
{
    return act(c, A_CANCEL);
}

/* ==================================================================== */
/* GET /orders                                                          */
/* ==================================================================== */

static const struct db_sql *
list_statement(const char *sort, int desc)
{
    static const struct db_sql *const table[][2] = {
        {&sql_list_date_asc, &sql_list_date_desc},
        {&sql_list_no_asc, &sql_list_no_desc},
        {&sql_list_party_asc, &sql_list_party_desc},
        {&sql_list_total_asc, &sql_list_total_desc},
        {&sql_list_status_asc, &sql_list_status_desc},
    };

    for (int i = 0; list_sorts[i] != NULL; i++)
        if (strcmp(list_sorts[i], sort) == 0)
            return table[i][desc];
    return table[0][desc];
}

static void
list_csv(struct ctx *c, const struct db_rows *r)
{
    static const char *const head[] = {
        "order_no",  "status", "order_on", "customer",  "customer name",
        "warehouse", "lines",  "total",    "gift value"};

    csv_begin(c, "orders.csv");
    for (size_t k = 0; k < XD_N(head); k++)
        csv_text(c, head[k]);
    csv_row(c);
    for (size_t i = 0; i < r->n_rows; i++) {
        csv_text(c, db_cell(r, i, S_NO));
        csv_text(c, db_cell(r, i, S_STATUS));
        csv_text(c, text_iso_date(c->a, db_cell(r, i, S_ON)));
        csv_text(c, db_cell(r, i, S_PARTY_CODE));
        csv_text(c, db_cell(r, i, S_PARTY_NAME));
        csv_text(c, db_cell(r, i, S_WH_CODE));
        csv_num(c, db_cell(r, i, S_LINES));
        csv_num(c, money_plain(c->a, db_cell_int(r, i, S_TOTAL)));
        csv_num(c, money_plain(c->a, db_cell_int(r, i, S_GIFT_VALUE)));
        csv_row(c);
    }
}

static int
order_list(struct ctx *c)
{
    static const char *const names[] = {"id",
                                        "no",
                                        "status",
                                        NULL,
                                        "party-id",
                                        "party-code",
                                        "party-name",
                                        "warehouse-code",
                                        "warehouse-name",
                                        "lines"};
    const char *q = param_text(c->req, "q");
    const char *status = param_text(c->req, "status");
    const char *sort = param_text(c->req, "sort");
    const char *dir = param_text(c->req, "dir");
    int desc = dir == NULL || strcmp(dir, "asc") != 0;
    const char *from = form_date(c, "from", 0), *to = form_date(c, "to", 0);
    const char *like = q != NULL ? text_like(c->a, q, 1, 1) : NULL;
    struct db_param p[OL_N_WHERE];
    struct db_rows rows;
    xmlNodePtr list;

    if (!form_ok(c))
        return ctx_fail(c, 400, "bad_param", "a date as YYYY-MM-DD", NULL);
    if (sort == NULL || text_one_of(sort, list_sorts) == NULL)
        sort = "date";
    p[0] = DB_INT(scope_unit(c));
    p[1] = DB_INT(scope_party(c));
    p[2] = DB_TEXT(status);
    p[3] = DB_TEXT(status);
    p[4] = DB_TEXT(from);
    p[5] = DB_TEXT(from);
    p[6] = DB_TEXT(to);
    p[7] = DB_TEXT(to);
    p[8] = DB_TEXT(q);
    p[9] = DB_TEXT(like);
    p[10] = DB_TEXT(like);
    p[11] = DB_TEXT(like);
    if (c->req->want_csv) {
        if (db_query(c->db, c->a, list_statement(sort, desc), p, OL_N_WHERE,
                     ORDER_CSV_MAX, 0, &rows) != 0)
            return ctx_db_fail(c);
        list_csv(c, &rows);
        return 0;
    }
    list = ctx_data(c, "orders");
    xd_attr(list, "q", q != NULL ? q : "");
    xd_attr(list, "status", status);
    xd_attr(list, "from", from);
    xd_attr(list, "to", to);
    if (page_list(c, list, ORDER_PAGE, &sql_list_count, p, OL_N_WHERE,
                  list_statement(sort, desc), p, OL_N_WHERE, sort, desc,
                  &rows) != 0)
        return -1;
    for (size_t i = 0; i < rows.n_rows; i++) {
        xmlNodePtr e = xd_elem(list, "order");

        xd_row(e, &rows, i, names, XD_N(names));
        xd_attr(e, "order-on", text_iso_date(c->a, db_cell(&rows, i, S_ON)));
        xd_money_cell(e, "total", &rows, i, S_TOTAL);
        xd_money_cell(e, "gift-value", &rows, i, S_GIFT_VALUE);
        page_ts_cell(c, e, "created-at", &rows, i, S_CREATED);
    }
    return 0;
}

/* ==================================================================== */
/* Reconciliation                                                       */
/* ==================================================================== */

/* Each account's open orders beside the totals of its placed and
 * confirmed orders. */
DB_STATEMENT(sql_check_open, 0,
             "SELECT a.party_id, a.open_orders, COALESCE(SUM(o.total), 0)"
             " FROM party_account a LEFT JOIN sales_order o"
             " ON o.party_id = a.party_id"
             " AND o.status IN ('placed', 'confirmed')"
             " GROUP BY a.party_id, a.open_orders"
             " HAVING a.open_orders <> COALESCE(SUM(o.total), 0)"
             " ORDER BY a.party_id");
/* Each order line's stock: reserved while the order is open, nothing
 * reserved and its quantity issued once it shipped, nothing at all once
 * it was cancelled. */
DB_STATEMENT(
    sql_check_lines, 0,
    "SELECT o.id, l.line_no, o.status, l.qty,"
    " COALESCE(SUM(CASE WHEN m.bucket = 'reserved' THEN m.qty END), 0),"
    " COALESCE(SUM(CASE WHEN m.bucket = 'on_hand' THEN m.qty END), 0)"
    " FROM sales_order o JOIN sales_order_line l ON l.order_id = o.id"
    " LEFT JOIN stock_move m ON m.doc_type = '" ORDER_DOC_TYPE "'"
    " AND m.doc_id = o.id AND m.line_no = l.line_no"
    " GROUP BY o.id, l.line_no, o.status, l.qty"
    " HAVING COALESCE(SUM(CASE WHEN m.bucket = 'reserved' THEN m.qty END), 0)"
    " <> CASE WHEN o.status IN ('placed', 'confirmed') THEN l.qty ELSE 0 END"
    " OR COALESCE(SUM(CASE WHEN m.bucket = 'on_hand' THEN m.qty END), 0)"
    " <> CASE WHEN o.status = 'shipped' THEN 0 - l.qty ELSE 0 END"
    " ORDER BY o.id, l.line_no");

/* order.h */
int
order_check(struct db *db, FILE *out)
{
    struct arena *a = arena_new(4096);
    struct db_rows r;
    int bad = -1;

    if (db_query(db, a, &sql_check_open, NULL, 0, 0, 0, &r) != 0)
        goto done;
    bad = (int)r.n_rows;
    for (size_t i = 0; out != NULL && i < r.n_rows; i++)
        fprintf(out, "party %s: open_orders %s, open orders' totals %s\n",
                db_cell(&r, i, 0), db_cell(&r, i, 1), db_cell(&r, i, 2));
    if (db_query(db, a, &sql_check_lines, NULL, 0, 0, 0, &r) != 0) {
        bad = -1;
        goto done;
    }
    bad += (int)r.n_rows;
    for (size_t i = 0; out != NULL && i < r.n_rows; i++)
        fprintf(out,
                "order %s line %s (%s, %s units): reserved %s, issued %s\n",
                db_cell(&r, i, 0), db_cell(&r, i, 1), db_cell(&r, i, 2),
                db_cell(&r, i, 3), db_cell(&r, i, 4), db_cell(&r, i, 5));
done:
    arena_free(a);
    return bad;
}

/* ==================================================================== */
/* Routes                                                               */
/* ==================================================================== */

#define F_TEXT(n) P_FIELD(n, ORDER_FIELD_MAX)

static const char *const dirs[] = {"asc", "desc", NULL};

static const struct param_spec list_params[] = {
    P_SEARCH,
    {"status", P_ENUM, 0, 0, statuses, 0},
    F_TEXT("from"),
    F_TEXT("to"),
    P_SORT(list_sorts),
    P_DIR(dirs),
    P_PAGE,
    P_END,
};
static const struct param_spec show_params[] = {
    {"done", P_ENUM, 0, 0, dones, 0},
    P_END,
};
static const struct param_spec act_params[] = {
    F_TEXT("version"),
    P_END,
};
static const struct param_spec no_params[] = {
    P_END,
};

/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/orders",              "order.list",    "order.view",   "order.xsl", order_list,    list_params, ROUTE_CSV},
    {REQ_GET,  "/orders/{id}",         "order.show",    "order.view",   "order.xsl", order_show,    show_params, 0},
    {REQ_GET,  "/orders/{id}/print",   "order.print",   "order.view",   "order.xsl", order_print,   no_params,   0},
    {REQ_POST, "/orders/{id}/confirm", "order.confirm", "order.manage", "order.xsl", order_confirm, act_params,  0},
    {REQ_POST, "/orders/{id}/ship",    "order.ship",    "order.manage", "order.xsl", order_ship,    act_params,  0},
    {REQ_POST, "/orders/{id}/cancel",  "order.cancel",  "order.view",   "order.xsl", order_cancel,  act_params,  0},
};
/* clang-format on */

const struct module order_module = {"order", routes,
                                    sizeof(routes) / sizeof(routes[0])};
