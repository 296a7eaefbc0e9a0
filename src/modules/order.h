/*
 * order.h - orders (网上选购 and 订单管理, MISSION M5/M6): a customer's
 * cart becomes an order, priced once and for good, its goods reserved,
 * then confirmed, shipped or cancelled.  The pages are in order.c; the
 * cart (cart.c) places orders through the calls below.
 *
 * PLACING (order_place, one unit of work whose first statement is the
 * INSERT of the order: PORTABILITY.md item 9):
 *   1  the order row, its id the token handed out with the cart page (the
 *      same form twice makes one order);
 *   2  the cart priced again by the same function as the page
 *      (promo_evaluate: price_quote for each line, then the promotions),
 *      its lines written with their prices and why (the winning tier and
 *      rule), the gift lines after them at price 0, and every promotion
 *      considered with its verdict (sales_order_promo);
 *   3  each applied promotion's budget claimed (promo_claim: a guarded
 *      UPDATE, so a cap holds under concurrent orders);
 *   4  every line, gifts included, reserved at the order's warehouse in
 *      increasing product id (stock_reserve, doc_type "order");
 *   5  the customer's credit raised by the total (credit_raise: a guarded
 *      UPDATE against the credit limit, a hold and the approval);
 *   6  the cart emptied, the audit row written.
 * Any refusal rolls all of it back and says which line, promotion or
 * limit refused.
 *
 * AFTERWARDS (order.c): confirm (placed -> confirmed), ship (placed or
 * confirmed -> shipped: each line released and issued, a receivable
 * posted to the ledger and the open order taken off the exposure),
 * cancel (placed or confirmed -> cancelled: the reservations released,
 * the promotion budgets given back, the exposure lowered).  Each is one
 * guarded UPDATE of status and version first, then the moves.
 */
#ifndef QUDAO_ORDER_H
#define QUDAO_ORDER_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <libxml/tree.h>

struct arena;
struct ctx;
struct db;
struct party_brief;

/* stock_move.doc_type and ledger_entry.source_type of an order. */
#define ORDER_DOC_TYPE "order"

/* Days from shipping to the receivable's due date. */
#define ORDER_TERMS_DAYS 30

/* order_place: the order was refused; the errors are on the form (field
 * "order", or the field that was wrong) and c->status says 422 or 409. */
#define ORDER_REFUSED 1

/*
 * The checkout form under the cart element x, for customer b (nothing
 * when b has no id or the user may not place orders): <checkout
 * token="..."> with the warehouses that may ship to b (<warehouse id code
 * name kind/>, the customer's branch first) and, after a refused
 * placement, the fields as typed.  0 or -1.
 */
int order_checkout_xml(struct ctx *c, xmlNodePtr x,
                       const struct party_brief *b);

/*
 * POST /cart/order: place the signed-in user's cart as an order for b,
 * from the form's token, warehouse and note.  0 with *id set (placed, or
 * placed before by the same form), ORDER_REFUSED, or -1 (answered: a 400
 * or a database failure).
 */
int order_place(struct ctx *c, const struct party_brief *b, int64_t *id);

/*
 * The same without a request (the demo; integrators' imports later): the
 * cart of user_id placed as order id (a key of sales_order) for party_id,
 * shipped from warehouse_id, dated day (YYYY-MM-DD), as a unit of work of
 * its own (call it outside a transaction).  No audit row: the caller
 * records what it did.  0, ORDER_REFUSED (nothing written) or -1.
 */
struct order_new {
    int64_t id, party_id, user_id, warehouse_id;
    const char *day, *note; /* note may be NULL */
    time_t now;
};
int order_place_as(struct db *db, struct arena *a, const struct order_new *o);

/*
 * Confirm, ship or cancel (action "confirm", "ship", "cancel") order_id
 * as user_id on day (NULL: today) at now, whatever its scope, as a unit
 * of work of its own.  0, ORDER_REFUSED (not in a state for it, or the
 * stock or the account refused: nothing written) or -1.
 */
int order_act_as(struct db *db, struct arena *a, int64_t order_id,
                 const char *action, int64_t user_id, const char *day,
                 time_t now);

/*
 * Reconcile (qudao check --accounts): each party's open_orders equals the
 * totals of its placed and confirmed orders, and each order line's stock
 * moves match its status (reserved while open; released and issued once
 * shipped; released once cancelled).  Prints one line per mismatch to out
 * (may be NULL).  Reads only.  The number of mismatches, or -1.
 */
int order_check(struct db *db, FILE *out);

/*
 * The demo (src/demo_order.c, `qudao demo` after the stock and the
 * carts): orders of the last weeks for the demo dealers, placed through
 * the same unit of work as the page, some confirmed, shipped or
 * cancelled.  Inside the caller's transaction; 0 or -1.
 */
int demo_orders(struct db *db);

#endif
