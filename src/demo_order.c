/*
 * demo_order.c - the demo's orders (order.h, demo_orders): for every
 * agent and dealer login but the one whose cart the demo keeps, a few
 * orders of the last four weeks from its nearest branch warehouse, put
 * in the login's cart and placed through order_place_as, so that prices,
 * promotions and gifts, reservations and credit are the module's own.
 * The older ones are shipped (their stock issued, a receivable posted),
 * some confirmed, one in seven cancelled.  Orders the stock or the
 * account refuses are left out.  Each order is a unit of work of its
 * own: the caller has committed before.
 *
 * Dates stay after the last closed stock period (the demo closes every
 * month before last month): the oldest order is 26 days old.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"
#include "modules/cart.h"
#include "modules/order.h"

#define DO_ORDERS   4  /* per login */
#define DO_PRODUCTS 40 /* stocked products a login chooses from */

/* The channel logins that order: approved, not on hold. */
DB_STATEMENT(sql_do_logins, 0,
             "SELECT u.id, p.id, p.unit_id FROM qd_user u"
             " JOIN user_scope s ON s.user_id = u.id"
             " JOIN party p ON p.id = s.party_id"
             " JOIN party_account a ON a.party_id = p.id"
             " WHERE p.kind IN ('agent', 'dealer') AND p.status = 'approved'"
             " AND a.hold = 'none' AND u.status = 'active'"
             " ORDER BY u.login");
/* The nearest branch warehouse of the party's servicing unit. */
DB_STATEMENT(sql_do_wh, DB_PAGED,
             "SELECT w.id FROM warehouse w"
             " JOIN org_closure oc ON oc.ancestor_id = w.unit_id"
             " WHERE oc.descendant_id = ? AND w.kind = 'branch'"
             " AND w.status = 'active' ORDER BY oc.depth, w.code");
DB_STATEMENT(sql_do_stocked, DB_PAGED,
             "SELECT b.product_id FROM stock_balance b"
             " JOIN product p ON p.id = b.product_id"
             " WHERE b.warehouse_id = ? AND b.on_hand - b.reserved >= 100"
             " AND p.status = 'active' ORDER BY b.product_id");
DB_STATEMENT(sql_do_gift_promo, DB_PAGED,
             "SELECT product_id, COALESCE(gift_product_id, product_id)"
             " FROM promotion WHERE kind = 'buy_get'"
             " AND status = 'active' AND target = 'all'"
             " AND product_id IS NOT NULL ORDER BY id");
DB_STATEMENT(sql_do_has, 0,
             "SELECT b.on_hand - b.reserved FROM stock_balance b"
             " WHERE b.warehouse_id = ? AND b.product_id = ?");
DB_STATEMENT(sql_do_clerk, DB_PAGED,
             "SELECT u.id FROM qd_user u JOIN user_role ur ON ur.user_id = u.id"
             " JOIN qd_role r ON r.id = ur.role_id WHERE r.code = 'warehouse'"
             " ORDER BY u.login");
DB_STATEMENT(sql_do_central, DB_PAGED,
             "SELECT id FROM warehouse WHERE kind = 'central'"
             " AND status = 'active' ORDER BY code");

/* A small deterministic sequence, so every demo has the same orders. */
static uint32_t
next(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

/* The cart of one order: n products of stocked[], the promoted product
 * (gift_product, 0: none) first with 12 units.  0 or -1. */
static int
fill_cart(struct db *db, int64_t user, const struct db_rows *stocked,
          int64_t gift_product, uint32_t *seed, time_t at)
{
    int64_t chosen[6];
    int n = 0, want = 3 + (int)(next(seed) % 3);

    if (gift_product > 0) {
        if (cart_put(db, user, gift_product, 12, at) != 0)
            return -1;
        chosen[n++] = gift_product;
    }
    for (int tries = 0; n < want && tries < 20; tries++) {
        int64_t id = db_cell_int(stocked, next(seed) % stocked->n_rows, 0);
        int dup = 0;

        for (int k = 0; k < n; k++)
            dup |= chosen[k] == id;
        if (dup)
            continue;
        if (cart_put(db, user, id, 2 + (int64_t)(next(seed) % 19), at + n) != 0)
            return -1;
        chosen[n++] = id;
    }
    return 0;
}

/* Set the cart of user aside into *kept (cart_lines' rows; the cart the
 * demo gave one dealer, demo_promo.c) and empty it.  0 or -1. */
static int
cart_aside(struct db *db, struct arena *a, int64_t user, struct db_rows *kept)
{
    if (cart_lines(db, a, user, kept) != 0)
        return -1;
    if (kept->n_rows > 0 && (cart_empty(db, user) != 0 || db_commit(db) != 0))
        return -1;
    db_rollback(db);
    return 0;
}

/* Put the cart set aside back.  0 or -1. */
static int
cart_back(struct db *db, int64_t user, const struct db_rows *kept)
{
    time_t at = clock_now();

    if (kept->n_rows == 0)
        return 0;
    if (cart_empty(db, user) != 0)
        return -1;
    for (size_t i = 0; i < kept->n_rows; i++)
        if (cart_put(db, user, db_cell_int(kept, i, CART_PRODUCT),
                     db_cell_int(kept, i, CART_QTY), at + (time_t)i) != 0)
            return -1;
    return db_commit(db);
}

/* order.h */
int
demo_orders(struct db *db)
{
    struct arena *a = arena_new(1 << 16);
    struct db_rows logins, g, k;
    uint32_t seed = 20261128u;
    int64_t gift_product = 0, gift = 0, clerk = 0, central = 0;
    time_t now = clock_now();
    int rc = -1, placed = 0, shipped = 0, cancelled = 0, refused = 0;

    if (db_query(db, a, &sql_do_logins, NULL, 0, 0, 0, &logins) != 0 ||
        db_query(db, a, &sql_do_gift_promo, NULL, 0, 1, 0, &g) != 0 ||
        db_query(db, a, &sql_do_clerk, NULL, 0, 1, 0, &k) != 0)
        goto out;
    if (k.n_rows == 1)
        clerk = db_cell_int(&k, 0, 0);
    if (db_query(db, a, &sql_do_central, NULL, 0, 1, 0, &k) != 0)
        goto out;
    if (k.n_rows == 1)
        central = db_cell_int(&k, 0, 0);
    if (g.n_rows == 1) {
        gift_product = db_cell_int(&g, 0, 0);
        gift = db_cell_int(&g, 0, 1);
    }
    db_rollback(db);
    for (size_t i = 0; i < logins.n_rows; i++) {
        int64_t user = db_cell_int(&logins, i, 0);
        struct db_param p[2] = {DB_INT(db_cell_int(&logins, i, 2))};
        struct db_rows w, stocked, kept;

        if (db_query(db, a, &sql_do_wh, p, 1, 1, 0, &w) != 0)
            goto out;
        if (w.n_rows == 0)
            continue;
        p[0] = DB_INT(db_cell_int(&w, 0, 0));
        if (db_query(db, a, &sql_do_stocked, p, 1, DO_PRODUCTS,
                     (long)(i * 7 % 20), &stocked) != 0)
            goto out;
        db_rollback(db);
        if (stocked.n_rows < 6)
            continue;
        if (cart_aside(db, a, user, &kept) != 0)
            goto out;
        for (int o = 0; o < DO_ORDERS; o++) {
            int age = 26 - o * 7 - (int)(i % 5); /* days */
            char day[11], ship_day[11];
            struct order_new on = {0};
            int64_t gp = o == 0 && i % 3 == 0 ? gift_product : 0;
            int r;

            if (gp > 0) { /* when its warehouse has it and the gifts */
                for (int side = 0; side < 2 && gp > 0; side++) {
                    struct db_param q[2] = {DB_INT(db_cell_int(&w, 0, 0)),
                                            DB_INT(side ? gift : gp)};
                    struct db_rows h;

                    if (db_query(db, a, &sql_do_has, q, 2, 0, 0, &h) != 0)
                        goto out;
                    db_rollback(db);
                    if (h.n_rows == 0 || db_cell_int(&h, 0, 0) < 20)
                        gp = 0;
                }
            }
            if (age < 1)
                age = 1;
            clock_day(day, -age);
            on.party_id = db_cell_int(&logins, i, 1);
            on.user_id = user;
            on.warehouse_id = db_cell_int(&w, 0, 0);
            on.day = day;
            on.now = now - (time_t)age * 86400;
            on.note = o == 1 ? "请周五前送到仓库 (deliver by Friday)" : NULL;
            if (db_next_id(db, "sales_order", &on.id) != 0 ||
                fill_cart(db, user, &stocked, gp, &seed, on.now) != 0 ||
                db_commit(db) != 0)
                goto out;
            r = order_place_as(db, a, &on);
            if (r == ORDER_REFUSED && central > 0) {
                /* a gift the branch does not stock: from the centre */
                on.warehouse_id = central;
                r = order_place_as(db, a, &on);
            }
            if (r < 0)
                goto out;
            if (r != 0) { /* the stock or the account said no */
                refused++;
                if (cart_empty(db, user) != 0 || db_commit(db) != 0)
                    goto out;
                continue;
            }
            placed++;
            clock_day(ship_day, -(age - 2 > 0 ? age - 2 : 0));
            if ((i + (size_t)o) % 7 == 3) {
                r = order_act_as(db, a, on.id, "cancel", user, ship_day,
                                 on.now + 3600);
                cancelled += r == 0;
            } else if (age > 10) {
                r = order_act_as(db, a, on.id, "ship", clerk, ship_day,
                                 on.now + 2 * 86400);
                shipped += r == 0;
            } else if (age > 4) {
                r = order_act_as(db, a, on.id, "confirm", clerk, ship_day,
                                 on.now + 86400);
            } else {
                r = 0;
            }
            if (r < 0)
                goto out;
        }
        if (cart_back(db, user, &kept) != 0)
            goto out;
    }
    fprintf(stderr,
            "demo orders: %d placed (%d shipped, %d cancelled), %d refused\n",
            placed, shipped, cancelled, refused);
    rc = 0;
out:
    if (rc != 0)
        db_rollback(db);
    arena_free(a);
    return rc;
}
