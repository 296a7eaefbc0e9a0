/*
 * demo_promo.c - demo promotions for `qudao demo` (called after
 * demo_prices, inside its transaction): live promotions of this year (a
 * grade's percent off a product, buy 10 get 1, spend 5,000.00 get a gift,
 * a tiered discount on a category), an expired one still marked active,
 * an ended one of last year and a draft.  Deterministic: the first
 * grade, categories and products by code.  Rules: src/modules/promo.h.
 * Then the cart (src/modules/cart.c) of the first dealer login: 12 of the
 * buy-10-get-1 product (a gift line), 5 of the grade's percent product
 * and 3 of the gift product itself.
 */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"
#include "modules/cart.h"
#include "modules/promo.h"

DB_STATEMENT(sql_dm_grade, 0,
             "SELECT id FROM party_grade WHERE status = 'active'"
             " ORDER BY sort_key, code");
DB_STATEMENT(sql_dm_category, 0,
             "SELECT id FROM category WHERE parent_id IS NOT NULL"
             " ORDER BY code");
/* The first products by code (paged: a demo of 200,000 products is more
 * than one result may hold). */
DB_STATEMENT(sql_dm_products, DB_PAGED,
             "SELECT id FROM product"
             " WHERE status = 'active' AND list_price > 0"
             " ORDER BY code");
DB_STATEMENT(sql_dm_promo, 0,
             "INSERT INTO promotion (id, code, name, kind, product_id,"
             " category_id, discount, amount, buy_qty, get_qty,"
             " gift_product_id, spend, gift_qty, tier_on, target, stacking,"
             " priority, valid_from, valid_to, status, cap_amount,"
             " cap_gift_qty, used_amount, used_gift_qty, note, created_at,"
             " created_by, updated_at, version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
             " ?, ?, ?, ?, 0, 0, NULL, ?, NULL, ?, 1)");
DB_STATEMENT(sql_dm_target, 0,
             "INSERT INTO promo_target (id, promo_id, grade_id, region_id,"
             " party_id) VALUES (?, ?, ?, NULL, NULL)");
DB_STATEMENT(sql_dm_tier, 0,
             "INSERT INTO promo_tier (id, promo_id, threshold, discount)"
             " VALUES (?, ?, ?, ?)");
/* The first dealer login (demo_channel.c: dealer-<code>). */
DB_STATEMENT(sql_dm_dealer, DB_PAGED,
             "SELECT u.id FROM qd_user u"
             " JOIN user_scope s ON s.user_id = u.id"
             " JOIN party p ON p.id = s.party_id"
             " WHERE p.kind = 'dealer' ORDER BY u.login");

/* One demo promotion (0 values: NULL). */
struct dm {
    const char *code, *name, *kind;
    int64_t product, category, discount, amount, buy, get, gift, spend,
        gift_qty;
    const char *tier_on, *target, *stacking;
    int priority;
    const char *from, *to, *status;
    int64_t cap_amount, cap_gift_qty;
};

#define OPT(v) ((v) > 0 ? DB_INT(v) : DB_NULLP)

static int
dm_insert(struct db *db, const struct dm *m, time_t at, int64_t *id)
{
    struct db_param p[23];

    if (db_next_id(db, "promotion", id) != 0)
        return -1;
    p[0] = DB_INT(*id);
    p[1] = DB_TEXT(m->code);
    p[2] = DB_TEXT(m->name);
    p[3] = DB_TEXT(m->kind);
    p[4] = OPT(m->product);
    p[5] = OPT(m->category);
    p[6] = OPT(m->discount);
    p[7] = OPT(m->amount);
    p[8] = OPT(m->buy);
    p[9] = OPT(m->get);
    p[10] = OPT(m->gift);
    p[11] = OPT(m->spend);
    p[12] = OPT(m->gift_qty);
    p[13] = DB_TEXT(m->tier_on);
    p[14] = DB_TEXT(m->target);
    p[15] = DB_TEXT(m->stacking);
    p[16] = DB_INT(m->priority);
    p[17] = DB_TEXT(m->from);
    p[18] = DB_TEXT(m->to);
    p[19] = DB_TEXT(m->status);
    p[20] = OPT(m->cap_amount);
    p[21] = OPT(m->cap_gift_qty);
    p[22] = DB_TS(at);
    {
        struct db_param q[24];

        memcpy(q, p, sizeof(p));
        q[23] = DB_TS(at);
        return db_exec(db, &sql_dm_promo, q, 24, NULL);
    }
}

int
demo_promos(struct db *db)
{
    struct arena *a = arena_new(4096);
    struct db_rows g, cat, pr;
    char y_from[11], y_to[11], ly_from[11], ly_to[11], q1_to[11], next[11];
    time_t at = clock_now();
    struct tm tm;
    int64_t id, grade, category, prod[4];
    int rc = -1;

    gmtime_r(&at, &tm);
    strftime(y_from, sizeof(y_from), "%Y-01-01", &tm);
    strftime(y_to, sizeof(y_to), "%Y-12-31", &tm);
    strftime(q1_to, sizeof(q1_to), "%Y-01-31", &tm);
    tm.tm_year--; /* last year */
    strftime(ly_from, sizeof(ly_from), "%Y-03-01", &tm);
    strftime(ly_to, sizeof(ly_to), "%Y-03-31", &tm);
    tm.tm_year += 2; /* next year */
    strftime(next, sizeof(next), "%Y-01-01", &tm);
    if (db_query(db, a, &sql_dm_grade, NULL, 0, 0, 0, &g) != 0 ||
        db_query(db, a, &sql_dm_category, NULL, 0, 0, 0, &cat) != 0 ||
        db_query(db, a, &sql_dm_products, NULL, 0, 4, 0, &pr) != 0)
        goto out;
    if (g.n_rows == 0 || cat.n_rows == 0 || pr.n_rows < 4) {
        rc = 0; /* nothing to promote */
        goto out;
    }
    grade = db_cell_int(&g, 0, 0);
    category = db_cell_int(&cat, 0, 0);
    for (size_t i = 0; i < 4; i++)
        prod[i] = db_cell_int(&pr, i, 0);
    {
        const struct dm live[] = {
            {"CX-GRADE5",
             "头等客户九五折",
             "percent",
             prod[0],
             0,
             500,
             0,
             0,
             0,
             0,
             0,
             0,
             NULL,
             "grades",
             "combinable",
             10,
             y_from,
             y_to,
             "active",
             0,
             0},
            {"CX-BUY10",  "买十送一", "buy_get", prod[1], 0,        0,    0,
             10,          1,          0,         0,       0,        NULL, "all",
             "exclusive", 20,         y_from,    y_to,    "active", 0,    500},
            {"CX-SPEND5K",
             "满 5000 元送赠品",
             "spend_gift",
             0,
             0,
             0,
             0,
             0,
             0,
             prod[2],
             500000,
             2,
             NULL,
             "all",
             "combinable",
             30,
             y_from,
             y_to,
             "active",
             0,
             200},
            {"CX-TIER",
             "量大从优（阶梯折扣）",
             "tiered",
             0,
             category,
             0,
             0,
             0,
             0,
             0,
             0,
             0,
             "qty",
             "all",
             "exclusive",
             40,
             y_from,
             y_to,
             "active",
             10000000,
             0},
            {"CX-NEWYEAR",
             "新年特惠（已过期）",
             "amount",
             prod[3],
             0,
             0,
             200,
             0,
             0,
             0,
             0,
             0,
             NULL,
             "all",
             "exclusive",
             50,
             y_from,
             q1_to,
             "active",
             0,
             0},
            {"CX-SPRING",
             "去年春季促销",
             "percent",
             0,
             category,
             1000,
             0,
             0,
             0,
             0,
             0,
             0,
             NULL,
             "all",
             "exclusive",
             60,
             ly_from,
             ly_to,
             "ended",
             0,
             0},
            {"CX-DRAFT",
             "明年立减（草稿）",
             "amount",
             prod[3],
             0,
             0,
             300,
             0,
             0,
             0,
             0,
             0,
             NULL,
             "all",
             "exclusive",
             70,
             next,
             next,
             "draft",
             0,
             0},
        };
        static const int64_t tiers[][2] = {{50, 300}, {100, 500}, {200, 800}};

        for (size_t i = 0; i < sizeof(live) / sizeof(live[0]); i++) {
            if (dm_insert(db, &live[i], at, &id) != 0)
                goto out;
            if (strcmp(live[i].target, "grades") == 0) {
                int64_t tid;
                struct db_param p[3];

                if (db_next_id(db, "promo_target", &tid) != 0)
                    goto out;
                p[0] = DB_INT(tid);
                p[1] = DB_INT(id);
                p[2] = DB_INT(grade);
                if (db_exec(db, &sql_dm_target, p, 3, NULL) != 0)
                    goto out;
            }
            if (strcmp(live[i].kind, "tiered") == 0)
                for (size_t k = 0; k < 3; k++) {
                    int64_t tid;
                    struct db_param p[4];

                    if (db_next_id(db, "promo_tier", &tid) != 0)
                        goto out;
                    p[0] = DB_INT(tid);
                    p[1] = DB_INT(id);
                    p[2] = DB_INT(tiers[k][0]);
                    p[3] = DB_INT(tiers[k][1]);
                    if (db_exec(db, &sql_dm_tier, p, 4, NULL) != 0)
                        goto out;
                }
        }
    }
    {
        static const struct {
            int product;
            int64_t qty;
        } cart[] = {{1, 12}, {0, 5}, {2, 3}};
        struct db_rows u;

        if (db_query(db, a, &sql_dm_dealer, NULL, 0, 1, 0, &u) != 0)
            goto out;
        for (size_t i = 0; u.n_rows == 1 && i < sizeof(cart) / sizeof(cart[0]);
             i++) {
            if (cart_put(db, db_cell_int(&u, 0, 0), prod[cart[i].product],
                         cart[i].qty, at + (time_t)i) != 0)
                goto out;
        }
    }
    rc = 0;
out:
    arena_free(a);
    return rc;
}
