/*
 * cart.c - the cart (网上选购, MISSION M5): the products a user has
 * chosen and their quantities (cart_line, schema/0009-cart.xml), priced
 * when the page is shown for the customer it is for, with the reasons.
 *
 * WHOSE CART: the signed-in user's, always; every statement here names
 * the user's id, so no cart is ever another's to read or change.
 *
 * FOR WHOM IT IS PRICED: a channel user's cart is priced for their own
 * party; staff price it for a customer they choose (`customer=CODE`,
 * looked up inside their scope: party_get_by_code), or for nobody (the
 * prices of everyone: list prices and quantity breaks for all).  A
 * channel user may also name a party of their own subtree.  The customer
 * travels in the query string and the forms, never in the session.
 *
 * PRICES are never stored: each line gets price_quote() for its own
 * quantity (the explanation of its base price), then the promotion engine
 * (promo_evaluate: discounts, buy N get M, spend X get a gift, tiers,
 * stacking) runs over the whole cart on today's date.  Gift lines are
 * lines of their own, price 0, marked as gifts, with the availability of
 * the gift product: they take stock like any line when the cart becomes
 * an order (order.h: order_place reserves them).
 *
 * LIMITS: CART_LINES_MAX products (a size for one page, checked before
 * an insert: a user's own two simultaneous adds may pass it by one), and
 * 1..CART_QTY_MAX units a line, held by a guarded UPDATE when a product
 * is added again.
 *
 * Routes (permission cart.use):
 *   GET  /cart                  the cart, priced (?customer=CODE, ?done=);
 *                               /cart.csv: its lines as a CSV file
 *   POST /cart/add              product (code), qty: adds to the line
 *   POST /cart/lines/{id}       qty: sets the line of product {id}; 0
 *                               removes it (404: not in the cart)
 *   POST /cart/clear            empties the cart
 *   POST /cart/order            token, warehouse, note: places the cart
 *                               as an order (order.place; order.h) and
 *                               goes to it; refused: the cart again with
 *                               the form as typed (422 or 409)
 * A refused form answers 422 with the cart and what was typed.
 */
#include <inttypes.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "cart.h"
#include "order.h"
#include "party.h"
#include "price.h"
#include "products.h"
#include "promo.h"

#include "../core/arena.h"
#include "../core/auth.h"
#include "../core/clock.h"
#include "../core/csv.h"
#include "../core/ctx.h"
#include "../core/form.h"
#include "../core/money.h"
#include "../core/page.h"
#include "../core/text.h"
#include "../core/xd.h"
#include "../db/db.h"

#define CART_LINES_MAX 200
#define CART_QTY_MAX   INT64_C(1000000)
#define CART_FIELD_MAX 1000 /* route limit; the form checks the meaning */

DB_STATEMENT(sql_cart_lines, 0,
             "SELECT c.product_id, c.qty, p.code, p.name, p.spec, p.unit,"
             " p.status"
             " FROM cart_line c JOIN product p ON p.id = c.product_id"
             " WHERE c.user_id = ?"
             " ORDER BY c.added_at, p.code");
DB_STATEMENT(sql_cart_product, 0,
             "SELECT id, status FROM product WHERE code = ?");
DB_STATEMENT(sql_cart_product_brief, 0,
             "SELECT code, name, spec, unit, status FROM product WHERE id = ?");
DB_STATEMENT(sql_cart_count, 0,
             "SELECT COUNT(*) FROM cart_line WHERE user_id = ?");
DB_STATEMENT(sql_cart_has, 0,
             "SELECT qty FROM cart_line WHERE user_id = ? AND product_id = ?");
/* Guarded: the sum never passes CART_QTY_MAX.  Parameters: qty, user,
 * product, the most the line may hold before. */
DB_STATEMENT(sql_cart_add_more, 0,
             "UPDATE cart_line SET qty = qty + ?"
             " WHERE user_id = ? AND product_id = ? AND qty <= ?");
DB_STATEMENT(sql_cart_insert, 0,
             "INSERT INTO cart_line (user_id, product_id, qty, added_at)"
             " VALUES (?, ?, ?, ?)");
DB_STATEMENT(
    sql_cart_set, 0,
    "UPDATE cart_line SET qty = ? WHERE user_id = ? AND product_id = ?");
DB_STATEMENT(sql_cart_remove, 0,
             "DELETE FROM cart_line WHERE user_id = ? AND product_id = ?");
DB_STATEMENT(sql_cart_clear, 0, "DELETE FROM cart_line WHERE user_id = ?");

/* cart.h */
int
cart_lines(struct db *db, struct arena *a, int64_t user_id, struct db_rows *r)
{
    struct db_param p[1] = {DB_INT(user_id)};

    return db_query(db, a, &sql_cart_lines, p, 1, 0, 0, r);
}

/* cart.h */
int
cart_put(struct db *db, int64_t user_id, int64_t product_id, int64_t qty,
         time_t at)
{
    struct db_param p[4] = {DB_INT(user_id), DB_INT(product_id), DB_INT(qty),
                            DB_TS(at)};

    return db_exec(db, &sql_cart_insert, p, 4, NULL);
}

/* cart.h */
int
cart_empty(struct db *db, int64_t user_id)
{
    struct db_param p[1] = {DB_INT(user_id)};

    return db_exec(db, &sql_cart_clear, p, 1, NULL);
}

/* Results of the units of work besides 0 and -1. */
enum { CART_FULL = 1, CART_TOO_MANY, CART_NOT_IN };

static const char *const dones[] = {"added", "saved", "removed", "cleared",
                                    NULL};

/* ---- the customer ------------------------------------------------------ */

/*
 * The party the cart is priced for: `customer` (a code inside the user's
 * scope; a 422 on the field when there is none), else a channel user's
 * own party, else none (b->id 0).  0, or -1 on a database failure.
 */
static int
cart_customer(struct ctx *c, struct party_brief *b)
{
    const char *code = form_text(c, "customer", 0, 40);
    int rc;

    memset(b, 0, sizeof(*b));
    if (code != NULL) {
        rc = party_get_by_code(c, code, b);
        if (rc < 0)
            return -1;
        if (rc > 0) {
            memset(b, 0, sizeof(*b));
            form_error(c, "customer", "no_customer",
                       "no such customer in your scope");
        }
        return 0;
    }
    if (c->user->party_id > 0) {
        rc = party_get(c, c->user->party_id, b);
        if (rc < 0)
            return -1;
        if (rc > 0)
            memset(b, 0, sizeof(*b));
    }
    return 0;
}

/* "/cart?done=X" with the customer the page was for. */
static const char *
cart_location(struct ctx *c, const char *done)
{
    const char *code = param_text(c->req, "customer");

    if (code == NULL)
        return arena_printf(c->a, "/cart?done=%s", done);
    return arena_printf(c->a, "/cart?done=%s&customer=%s", done,
                        text_url_query(c->a, code));
}

/* ---- the page ---------------------------------------------------------- */

/* The product's fields on a line (r: code, name, spec, unit, status from
 * column col). */
static void
line_product(xmlNodePtr e, const struct db_rows *r, size_t row, size_t col)
{
    xd_cell(e, "code", r, row, col);
    xd_cell(e, "name", r, row, col + 1);
    xd_cell(e, "spec", r, row, col + 2);
    xd_cell(e, "unit", r, row, col + 3);
    xd_cell(e, "status", r, row, col + 4);
}

/* The columns of /cart.csv. */
static const char *const csv_head[] = {
    "code",      "name",     "spec",   "unit", "qty",          "unit price",
    "net price", "discount", "amount", "gift", "availability",
};

/* Attribute name of line e, for a CSV field (NULL when absent). */
static const char *
line_attr(struct ctx *c, xmlNodePtr e, const char *name)
{
    xmlChar *v = xmlGetProp(e, BAD_CAST name);
    const char *out = v != NULL ? arena_strdup(c->a, (const char *)v) : NULL;

    xmlFree(v);
    return out;
}

/* One line of /cart.csv, in the columns of csv_head. */
static void
csv_line(struct ctx *c, xmlNodePtr e, const struct promo_line *l)
{
    csv_text(c, line_attr(c, e, "code"));
    csv_text(c, line_attr(c, e, "name"));
    csv_text(c, line_attr(c, e, "spec"));
    csv_text(c, line_attr(c, e, "unit"));
    csv_num(c, arena_printf(c->a, "%" PRId64, l->qty));
    csv_num(c, money_plain(c->a, l->unit_price));
    csv_num(c, money_plain(c->a, l->net_price));
    csv_num(c, money_plain(c->a, l->discount));
    csv_num(c, money_plain(c->a, l->net_price * l->qty));
    csv_text(c, l->gift ? "gift" : NULL);
    csv_text(c, line_attr(c, e, "availability"));
    csv_row(c);
}

/*
 * The priced cart under x: the lines as stored with their explanations,
 * the gift lines, the promotions considered, the totals; for /cart.csv
 * the lines as rows as well (cart_page wrote the head).  0 or -1.
 */
static int
cart_priced(struct ctx *c, xmlNodePtr x, const struct party_brief *b,
            const struct db_rows *r, const char *today)
{
    size_t n = r->n_rows;
    int64_t *ids = arena_alloc(c->a, (n + 1) * sizeof(*ids));
    int64_t *qtys = arena_alloc(c->a, (n + 1) * sizeof(*qtys));
    struct price_quote *q = arena_alloc(c->a, (n + 1) * sizeof(*q));
    struct promo_result res;
    struct product_avail_scope av;
    xmlNodePtr *nodes;
    int64_t *products, gross = 0;
    long bad = 0;
    int rc;

    for (size_t i = 0; i < n; i++) {
        ids[i] = db_cell_int(r, i, 0);
        qtys[i] = db_cell_int(r, i, 1);
    }
    if (product_avail_for(c, &av) != 0)
        return -1;
    rc = promo_evaluate(c->db, c->a, b->id, ids, qtys, n, today, &res, q, &bad);
    if (rc != 0)
        return -1; /* the lines' products and the party exist: a failure */
    nodes = arena_alloc(c->a, (res.n_lines + 1) * sizeof(*nodes));
    products = arena_alloc(c->a, (res.n_lines + 1) * sizeof(*products));
    for (size_t i = 0; i < res.n_lines; i++) {
        const struct promo_line *l = &res.lines[i];
        xmlNodePtr e = xd_elem(x, "line");

        nodes[i] = e;
        products[i] = l->product_id;

        xd_attr_int(e, "product-id", l->product_id);
        if (i < n) {
            line_product(e, r, i, 2);
        } else {
            struct db_param p[1] = {DB_INT(l->product_id)};
            struct db_rows g;

            if (db_query(c->db, c->a, &sql_cart_product_brief, p, 1, 0, 0,
                         &g) != 0)
                return -1;
            if (g.n_rows == 1)
                line_product(e, &g, 0, 0);
        }
        xd_attr_int(e, "qty", l->qty);
        xd_attr_money(e, "unit-price", l->unit_price);
        xd_attr_money(e, "net-price", l->net_price);
        xd_attr_money(e, "discount", l->discount);
        xd_attr_money(e, "amount", l->net_price * l->qty);
        if (l->gift) {
            xd_attr(e, "gift", "true");
            xd_attr_int(e, "promo-id", l->gift_promo_id);
        } else {
            gross += l->unit_price * l->qty;
            price_quote_xml(c, e, &q[i], NULL);
        }
    }
    /* every line's availability at once (gifts too), then the CSV rows,
     * which read it from the lines */
    if (product_availability_xml(c, nodes, products, res.n_lines, &av) != 0)
        return -1;
    for (size_t i = 0; c->req->want_csv && i < res.n_lines; i++)
        csv_line(c, nodes[i], &res.lines[i]);
    promo_steps_xml(x, &res);
    xd_attr_money(x, "gross", gross);
    xd_attr_money(x, "discount", res.discount);
    xd_attr_money(x, "total", gross - res.discount);
    xd_attr_money(x, "gift-value", res.gift_value);
    return 0;
}

/* The cart page: the customer (*known, when the handler has looked it up
 * already, else cart_customer), the lines priced, the add form's values
 * when it was refused.  Status stays what the handler set (200 or 422). */
static int
cart_page(struct ctx *c, const char *done, const struct party_brief *known)
{
    static const char *const echo[] = {"product", "product", "qty", "qty",
                                       NULL};
    struct party_brief b;
    struct db_rows r;
    xmlNodePtr x = ctx_data(c, "cart");
    char today[11];

    clock_day(today, 0);
    xd_attr(x, "date", today);
    xd_attr_int(x, "max-lines", CART_LINES_MAX);
    xd_attr_int(x, "max-qty", CART_QTY_MAX);
    xd_attr(x, "customer", param_text(c->req, "customer"));
    xd_attr(x, "done", done);
    if (c->user->party_id == 0)
        xd_attr(x, "can-choose", "true");
    if (strcmp(c->route->name, "cart.add") == 0)
        page_echo(c, x, echo); /* the add form's fields, as typed */
    if (known != NULL)
        b = *known;
    else if (cart_customer(c, &b) != 0)
        return ctx_db_fail(c);
    if (b.id > 0) {
        xd_attr_int(x, "party-id", b.id);
        xd_attr(x, "party-code", b.code);
        xd_attr(x, "party-name", b.name);
        xd_attr(x, "party-kind", b.kind);
    }
    if (cart_lines(c->db, c->a, c->user->id, &r) != 0)
        return ctx_db_fail(c);
    xd_attr_int(x, "lines", (int64_t)r.n_rows);
    if (c->req->want_csv) {
        csv_begin(c, "cart.csv");
        for (size_t k = 0; k < sizeof(csv_head) / sizeof(csv_head[0]); k++)
            csv_text(c, csv_head[k]);
        csv_row(c);
    }
    if (r.n_rows == 0 || (param_text(c->req, "customer") != NULL && b.id == 0))
        return 0; /* nothing to price, or not for whom it was asked */
    if (cart_priced(c, x, &b, &r, today) != 0)
        return ctx_db_fail(c);
    if (order_checkout_xml(c, x, &b) != 0)
        return ctx_db_fail(c);
    return 0;
}

/* GET /cart (an unknown customer is a refused query: 422, as a form) */
static int
cart_show(struct ctx *c)
{
    return cart_page(c, param_text(c->req, "done"), NULL);
}

/* ---- adding, changing, emptying ---------------------------------------- */

struct cart_change {
    struct arena *a;
    int64_t user_id, product_id, qty;
    time_t now;
};

static int
add_uow(struct db *db, void *arg)
{
    struct cart_change *w = arg;
    struct db_param p[4];
    struct db_rows r;
    long n = 0;

    p[0] = DB_INT(w->qty);
    p[1] = DB_INT(w->user_id);
    p[2] = DB_INT(w->product_id);
    p[3] = DB_INT(CART_QTY_MAX - w->qty);
    if (db_exec(db, &sql_cart_add_more, p, 4, &n) != 0)
        return -1;
    if (n == 1)
        return 0;
    p[0] = DB_INT(w->user_id);
    p[1] = DB_INT(w->product_id);
    if (db_query(db, w->a, &sql_cart_has, p, 2, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows > 0)
        return CART_TOO_MANY; /* the line would pass CART_QTY_MAX */
    if (db_query(db, w->a, &sql_cart_count, p, 1, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows == 1 && db_cell_int(&r, 0, 0) >= CART_LINES_MAX)
        return CART_FULL;
    if (cart_put(db, w->user_id, w->product_id, w->qty, w->now) != 0) {
        if (db_unique_violation(db))
            db_mark_retry(db); /* the same product added meanwhile */
        return -1;
    }
    return 0;
}

/* POST /cart/add: product (code), qty. */
static int
cart_add(struct ctx *c)
{
    struct cart_change w = {c->a, c->user->id, 0, 0, clock_now()};
    const char *code = form_text(c, "product", FORM_REQUIRED, 40);
    struct party_brief b;
    struct db_param p[1];
    struct db_rows r;
    int rc;

    form_int(c, "qty", FORM_REQUIRED, 1, CART_QTY_MAX, &w.qty);
    if (cart_customer(c, &b) != 0)
        return ctx_db_fail(c);
    if (code != NULL) {
        p[0] = DB_TEXT(code);
        if (db_query(c->db, c->a, &sql_cart_product, p, 1, 0, 0, &r) != 0)
            return ctx_db_fail(c);
        if (r.n_rows == 0)
            form_error(c, "product", "not_found",
                       arena_printf(c->a, "no such product: %s", code));
        else if (strcmp(db_cell(&r, 0, 1), "discontinued") == 0)
            form_error(c, "product", "discontinued",
                       "this product is discontinued");
        else
            w.product_id = db_cell_int(&r, 0, 0);
    }
    if (!form_ok(c))
        return cart_page(c, NULL, &b);
    db_rollback(c->db);
    rc = db_uow(c->db, add_uow, &w);
    if (rc < 0)
        return ctx_db_fail(c);
    if (rc == CART_TOO_MANY)
        form_error(c, "qty", "too_many",
                   arena_printf(c->a, "at most %" PRId64 " units of a product",
                                CART_QTY_MAX));
    else if (rc == CART_FULL)
        form_error(c, "product", "cart_full",
                   arena_printf(c->a, "at most %d products in a cart",
                                CART_LINES_MAX));
    if (!form_ok(c))
        return cart_page(c, NULL, &b);
    return ctx_redirect(c, cart_location(c, "added"));
}

static int
set_uow(struct db *db, void *arg)
{
    struct cart_change *w = arg;
    struct db_param p[3];
    long n = 0;

    if (w->qty == 0) {
        p[0] = DB_INT(w->user_id);
        p[1] = DB_INT(w->product_id);
        if (db_exec(db, &sql_cart_remove, p, 2, &n) != 0)
            return -1;
    } else {
        p[0] = DB_INT(w->qty);
        p[1] = DB_INT(w->user_id);
        p[2] = DB_INT(w->product_id);
        if (db_exec(db, &sql_cart_set, p, 3, &n) != 0)
            return -1;
    }
    return n == 1 ? 0 : CART_NOT_IN;
}

/* POST /cart/lines/{id}: qty (0 removes the line). */
static int
cart_set(struct ctx *c)
{
    struct cart_change w = {c->a, c->user->id, page_id(c), 0, 0};
    struct party_brief b;
    int rc;

    if (w.product_id < 0)
        return ctx_fail(c, 404, "not_found", "no such line in your cart", NULL);
    form_int(c, "qty", FORM_REQUIRED, 0, CART_QTY_MAX, &w.qty);
    if (cart_customer(c, &b) != 0)
        return ctx_db_fail(c);
    if (!form_ok(c))
        return cart_page(c, NULL, &b);
    db_rollback(c->db);
    rc = db_uow(c->db, set_uow, &w);
    if (rc < 0)
        return ctx_db_fail(c);
    if (rc == CART_NOT_IN)
        return ctx_fail(c, 404, "not_found", "no such line in your cart", NULL);
    return ctx_redirect(c, cart_location(c, w.qty == 0 ? "removed" : "saved"));
}

static int
clear_uow(struct db *db, void *arg)
{
    struct cart_change *w = arg;

    return cart_empty(db, w->user_id);
}

/* POST /cart/clear */
static int
cart_clear(struct ctx *c)
{
    struct cart_change w = {c->a, c->user->id, 0, 0, 0};

    db_rollback(c->db);
    if (db_uow(c->db, clear_uow, &w) != 0)
        return ctx_db_fail(c);
    return ctx_redirect(c, cart_location(c, "cleared"));
}

/* ---- placing the order ------------------------------------------------- */

/* POST /cart/order: token, warehouse, note (order.h, order_place). */
static int
cart_order(struct ctx *c)
{
    struct party_brief b;
    int64_t id = 0;
    int rc;

    if (cart_customer(c, &b) != 0)
        return ctx_db_fail(c);
    if (!form_ok(c))
        return cart_page(c, NULL, &b);
    rc = order_place(c, &b, &id);
    if (rc < 0)
        return -1;
    if (rc == 0)
        return ctx_redirect(
            c, arena_printf(c->a, "/orders/%" PRId64 "?done=placed", id));
    return cart_page(c, NULL, &b);
}

/* ---- routes ------------------------------------------------------------ */

#define F_TEXT(n) P_FIELD(n, CART_FIELD_MAX)

static const struct param_spec show_params[] = {
    F_TEXT("customer"),
    {"done", P_ENUM, 0, 0, dones, 0},
    P_END,
};
static const struct param_spec add_params[] = {
    F_TEXT("customer"),
    F_TEXT("product"),
    F_TEXT("qty"),
    P_END,
};
static const struct param_spec set_params[] = {
    F_TEXT("customer"),
    F_TEXT("qty"),
    P_END,
};
static const struct param_spec order_params[] = {
    F_TEXT("customer"),
    F_TEXT("token"),
    F_TEXT("warehouse"),
    P_FIELD_MULTI("note", CART_FIELD_MAX),
    P_END,
};
static const struct param_spec clear_params[] = {
    F_TEXT("customer"),
    P_END,
};

/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/cart",            "cart.show",  "cart.use", "cart.xsl", cart_show,  show_params,  ROUTE_CSV},
    {REQ_POST, "/cart/add",        "cart.add",   "cart.use", "cart.xsl", cart_add,   add_params,   0},
    {REQ_POST, "/cart/lines/{id}", "cart.set",   "cart.use", "cart.xsl", cart_set,   set_params,   0},
    {REQ_POST, "/cart/clear",      "cart.clear", "cart.use", "cart.xsl", cart_clear, clear_params, 0},
    {REQ_POST, "/cart/order",      "cart.order", "order.place", "cart.xsl", cart_order, order_params, 0},
};
/* clang-format on */

const struct module cart_module = {"cart", routes,
                                   sizeof(routes) / sizeof(routes[0])};
