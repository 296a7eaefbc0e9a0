/*
 * demo_price.c - demo prices for `qudao demo` (called after the channel,
 * inside its transaction): category discounts for the grades, grade
 * prices and quantity breaks on some products, customer prices for a few
 * dealers, and a history row for each, as if the pricing manager had
 * entered them at the start of the year.  Deterministic: the first
 * categories, products and dealers by code.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"
#include "modules/price.h"

DB_STATEMENT(sql_dp_grades, 0,
             "SELECT id, code FROM party_grade"
             " WHERE status = 'active'"
             " ORDER BY sort_key, code");
DB_STATEMENT(sql_dp_categories, 0,
             "SELECT id, code FROM category"
             " WHERE parent_id IS NOT NULL"
             " ORDER BY code");
/* The first products by code (paged: a demo of 200,000 products is more
 * than one result may hold). */
DB_STATEMENT(sql_dp_products, DB_PAGED,
             "SELECT id, code, list_price FROM product"
             " WHERE status = 'active' AND list_price > 0"
             " ORDER BY code");
DB_STATEMENT(sql_dp_dealers, 0,
             "SELECT id, code FROM party"
             " WHERE kind = 'dealer' AND status = 'approved'"
             " ORDER BY code");
DB_STATEMENT(sql_dp_rule, 0,
             "INSERT INTO price_rule (id, kind, product_id, category_id,"
             " grade_id, party_id, min_qty, price, discount, valid_from,"
             " valid_to, status, note, created_at, created_by, updated_at,"
             " version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 'active', ?, ?,"
             " NULL, ?, 1)");
DB_STATEMENT(sql_dp_change, 0,
             "INSERT INTO price_change (id, what, product_id, category_id,"
             " rule_id, party_id, old_text, new_text, old_price, new_price,"
             " change_bp, state, note, changed_at, user_id, decided_at,"
             " version)"
             " VALUES (?, 'rule_add', ?, ?, ?, ?, NULL, ?, ?, ?, ?,"
             " 'applied', ?, ?, NULL, NULL, 1)");

struct dp {
    struct db *db;
    char from[11]; /* the first day of this year */
    time_t at;
};

/* One rule and its history row.  price < 0: a discount of `discount`. */
static int
dp_rule(struct dp *d, const char *kind, int64_t product, int64_t category,
        int64_t grade, int64_t party, int64_t min_qty, int64_t list,
        int64_t price, int discount, const char *line)
{
    struct db_param p[13];
    int64_t id, cid, after;

    if (db_next_id(d->db, "price_rule", &id) != 0 ||
        db_next_id(d->db, "price_change", &cid) != 0)
        return -1;
    p[0] = DB_INT(id);
    p[1] = DB_TEXT(kind);
    p[2] = product > 0 ? DB_INT(product) : DB_NULLP;
    p[3] = category > 0 ? DB_INT(category) : DB_NULLP;
    p[4] = grade > 0 ? DB_INT(grade) : DB_NULLP;
    p[5] = party > 0 ? DB_INT(party) : DB_NULLP;
    p[6] = DB_INT(min_qty);
    p[7] = price >= 0 ? DB_INT(price) : DB_NULLP;
    p[8] = price >= 0 ? DB_NULLP : DB_INT(discount);
    p[9] = DB_TEXT(d->from);
    p[10] = DB_TEXT("demo");
    p[11] = DB_TS(d->at);
    p[12] = DB_TS(d->at);
    if (db_exec(d->db, &sql_dp_rule, p, 13, NULL) != 0)
        return -1;
    after = price >= 0 ? price : price_discounted(list, discount);
    p[0] = DB_INT(cid);
    p[1] = product > 0 ? DB_INT(product) : DB_NULLP;
    p[2] = category > 0 ? DB_INT(category) : DB_NULLP;
    p[3] = DB_INT(id);
    p[4] = party > 0 ? DB_INT(party) : DB_NULLP;
    p[5] = DB_TEXT(line);
    p[6] = product > 0 ? DB_INT(list) : DB_NULLP;
    p[7] = product > 0 ? DB_INT(after) : DB_NULLP;
    p[8] = DB_INT(product > 0 ? price_change_bp(list, after) : discount);
    p[9] = DB_TEXT("demo");
    p[10] = DB_TS(d->at);
    return db_exec(d->db, &sql_dp_change, p, 11, NULL);
}

int
demo_prices(struct db *db)
{
    struct arena *a = arena_new(0);
    struct db_rows g, cats, prods, dealers;
    struct dp d;
    struct tm tm;
    int rc = -1;

    d.db = db;
    d.at = clock_now();
    gmtime_r(&d.at, &tm);
    strftime(d.from, sizeof(d.from), "%Y-01-01", &tm);
    if (db_query(db, a, &sql_dp_grades, NULL, 0, 0, 0, &g) != 0 ||
        db_query(db, a, &sql_dp_categories, NULL, 0, 0, 0, &cats) != 0 ||
        db_query(db, a, &sql_dp_products, NULL, 0, 12, 0, &prods) != 0 ||
        db_query(db, a, &sql_dp_dealers, NULL, 0, 0, 0, &dealers) != 0)
        goto out;
    /* category discounts: the first grades get 3 %, 2 %, 1 % more on the
     * first four categories */
    for (size_t i = 0; i < cats.n_rows && i < 4; i++)
        for (size_t k = 0; k < g.n_rows && k < 3; k++) {
            int disc = (int)(300 - 100 * k);

            if (dp_rule(&d, "category", 0, db_cell_int(&cats, i, 0),
                        db_cell_int(&g, k, 0), 0, 1, 0, -1, disc,
                        arena_printf(a, "category %s / %s: -%d.00%%",
                                     db_cell(&g, k, 1), db_cell(&cats, i, 1),
                                     disc / 100)) != 0)
                goto out;
        }
    for (size_t i = 0; i < prods.n_rows && i < 12; i++) {
        int64_t pid = db_cell_int(&prods, i, 0);
        int64_t list = db_cell_int(&prods, i, 2);
        const char *code = db_cell(&prods, i, 1);

        /* grade prices: the first grade 10 % below the list price */
        if (i < 6 && g.n_rows > 0 &&
            dp_rule(&d, "grade", pid, 0, db_cell_int(&g, 0, 0), 0, 1, list,
                    price_discounted(list, 1000), 0,
                    arena_printf(a, "grade %s: %s", db_cell(&g, 0, 1), code)) !=
                0)
            goto out;
        /* quantity breaks for everyone: 3 % from 10, 6 % from 50 */
        if (dp_rule(&d, "qty_break", pid, 0, 0, 0, 10, list, -1, 300,
                    arena_printf(a, "qty_break ≥ 10: -3.00%%")) != 0 ||
            dp_rule(&d, "qty_break", pid, 0, 0, 0, 50, list, -1, 600,
                    arena_printf(a, "qty_break ≥ 50: -6.00%%")) != 0)
            goto out;
        /* a customer price for the first three dealers */
        if (i < 3 && i < dealers.n_rows &&
            dp_rule(&d, "customer", pid, 0, 0, db_cell_int(&dealers, i, 0), 1,
                    list, price_discounted(list, 1200), 0,
                    arena_printf(a, "customer %s: %s", db_cell(&dealers, i, 1),
                                 code)) != 0)
            goto out;
    }
    rc = 0;
out:
    arena_free(a);
    return rc;
}
