/*
 * test_price_live.c - price_quote_many against price_quote, against a
 * real engine (price.h: one pricing function; issue 5, the dealer's
 * catalog priced in a fixed number of statements, 2026-11-27).
 *
 *   QUDAO_TEST_DSN=<DSN name or connection string> ./test_price_live
 *
 * Without QUDAO_TEST_DSN it exits 77 (automake's "skipped").  It needs an
 * empty database (an empty SQLite file or a throwaway PostgreSQL
 * database) and the source tree (QUDAO_SHARE_DIR, else srcdir): it runs
 * the schema's migrations, loads the demo company (demo_load: grades,
 * grade discounts, category discounts, grade and customer prices,
 * quantity breaks, live and ended promotions) and adds rules of every
 * kind and state the demo lacks: a customer's quantity break, pending,
 * expired and future rules, a percent promotion on a category and an
 * amount promotion on a product.
 *
 * For every party chosen (each dealer with a rule of its own, the first
 * parties, no customer, a party that does not exist), each quantity and
 * date, every product (and an id that names none) is quoted once with
 * price_quote and once in one price_quote_many call over the whole list
 * (in chunks of PRICE_MANY, with the duplicates and misses among them):
 * the results must be the same field by field, the explanation (the
 * rules considered and the promotions) included.  Then price_quote_lines
 * over the same list with every third quantity raised by 9: each of those
 * lines as price_quote gives it for its own quantity.
 *
 * Exit status: 0 all passed, 1 some check failed, 77 skipped.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/arena.h"
#include "db/db.h"
#include "live.h"
#include "modules/price.h"
#include "modules/promo.h"

#define N_PRODUCTS  180 /* in the demo */
#define MAX_PARTIES 14

/* id, kind, product, category, grade, party, min_qty, price, discount,
 * valid_from, valid_to, status */
DB_STATEMENT(sql_pl_rule, 0,
             "INSERT INTO price_rule (id, kind, product_id, category_id,"
             " grade_id, party_id, min_qty, price, discount, valid_from,"
             " valid_to, status, note, created_at, created_by, updated_at,"
             " version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'test', ?, NULL,"
             " ?, 1)");
/* id, code, kind, product, category, discount, amount */
DB_STATEMENT(sql_pl_promo, 0,
             "INSERT INTO promotion (id, code, name, kind, product_id,"
             " category_id, discount, amount, target, stacking, priority,"
             " valid_from, valid_to, status, cap_amount, cap_gift_qty,"
             " used_amount, used_gift_qty, created_at, updated_at, version)"
             " VALUES (?, ?, 'test', ?, ?, ?, ?, ?, 'all', 'combinable', 50,"
             " '2026-01-01', '2026-12-31', 'active', NULL, NULL, 0, 0, ?, ?,"
             " 1)");
DB_STATEMENT(sql_pl_products, 0, "SELECT id FROM product ORDER BY id");
/* the dealers with rules of their own first, then the others */
DB_STATEMENT(sql_pl_parties, 0,
             "SELECT pa.id FROM party pa"
             " ORDER BY CASE WHEN EXISTS (SELECT 1 FROM price_rule r"
             " WHERE r.party_id = pa.id) THEN 0 ELSE 1 END, pa.id");
/* a product with rules, its category, a grade and a dealer with it */
DB_STATEMENT(sql_pl_sample, 0,
             "SELECT r.product_id, p.category_id, pa.grade_id, pa.id"
             " FROM price_rule r"
             " JOIN product p ON p.id = r.product_id"
             " JOIN party pa ON pa.grade_id IS NOT NULL"
             " WHERE r.kind = 'grade'"
             " ORDER BY r.id, pa.id");

static int
add_rule(struct db *db, int64_t id, const char *kind, int64_t product,
         int64_t category, int64_t grade, int64_t party, int64_t min_qty,
         int64_t price, int discount, const char *from, const char *to,
         const char *status)
{
    struct db_param p[14];

    p[0] = DB_INT(id);
    p[1] = DB_TEXT(kind);
    p[2] = product > 0 ? DB_INT(product) : DB_NULLP;
    p[3] = category > 0 ? DB_INT(category) : DB_NULLP;
    p[4] = grade > 0 ? DB_INT(grade) : DB_NULLP;
    p[5] = party > 0 ? DB_INT(party) : DB_NULLP;
    p[6] = DB_INT(min_qty);
    p[7] = price >= 0 ? DB_INT(price) : DB_NULLP;
    p[8] = price >= 0 ? DB_NULLP : DB_INT(discount);
    p[9] = DB_TEXT(from);
    p[10] = DB_TEXT(to);
    p[11] = DB_TEXT(status);
    p[12] = DB_TS(1767600000);
    p[13] = DB_TS(1767600000);
    return db_exec(db, &sql_pl_rule, p, 14, NULL);
}

static int
add_promo(struct db *db, int64_t id, const char *code, const char *kind,
          int64_t product, int64_t category, int discount, int64_t amount)
{
    struct db_param p[9];

    p[0] = DB_INT(id);
    p[1] = DB_TEXT(code);
    p[2] = DB_TEXT(kind);
    p[3] = product > 0 ? DB_INT(product) : DB_NULLP;
    p[4] = category > 0 ? DB_INT(category) : DB_NULLP;
    p[5] = DB_INT(discount);
    p[6] = DB_INT(amount);
    p[7] = DB_TS(1767600000);
    p[8] = DB_TS(1767600000);
    return db_exec(db, &sql_pl_promo, p, 9, NULL);
}

static int
same_text(const char *a, const char *b)
{
    return (a == NULL && b == NULL) ||
           (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static int
same_rule(const struct price_rule *a, const struct price_rule *b)
{
    return a->rule_id == b->rule_id && a->kind == b->kind &&
           a->party_id == b->party_id && a->grade_id == b->grade_id &&
           a->category_id == b->category_id &&
           a->category_parent == b->category_parent &&
           a->min_qty == b->min_qty && a->has_price == b->has_price &&
           a->price == b->price && a->discount == b->discount &&
           same_text(a->valid_from, b->valid_from) &&
           same_text(a->valid_to, b->valid_to) && a->active == b->active;
}

static int
same_step(const struct promo_step *a, const struct promo_step *b)
{
    return a->rule->id == b->rule->id && a->verdict == b->verdict &&
           a->discount == b->discount && a->gift_qty == b->gift_qty &&
           a->gift_product_id == b->gift_product_id && a->value == b->value &&
           a->tier == b->tier && same_text(a->rule->code, b->rule->code);
}

/* Field by field; 1 when the same. */
static int
same_quote(const struct price_quote *a, const struct price_quote *b)
{
    if (a->product_id != b->product_id || a->party_id != b->party_id ||
        a->grade_id != b->grade_id || a->category_id != b->category_id ||
        a->parent_category_id != b->parent_category_id || a->qty != b->qty ||
        strcmp(a->date, b->date) != 0 || a->list_price != b->list_price ||
        a->grade_discount != b->grade_discount ||
        a->base_price != b->base_price || a->unit_price != b->unit_price ||
        a->tier != b->tier || a->rule_id != b->rule_id ||
        a->n_considered != b->n_considered || a->n_promos != b->n_promos)
        return 0;
    for (size_t i = 0; i < a->n_considered; i++)
        if (!same_rule(&a->considered[i].rule, &b->considered[i].rule) ||
            a->considered[i].tier != b->considered[i].tier ||
            a->considered[i].verdict != b->considered[i].verdict ||
            a->considered[i].unit_price != b->considered[i].unit_price)
            return 0;
    for (size_t i = 0; i < a->n_promos; i++)
        if (!same_step(&a->promos[i], &b->promos[i]))
            return 0;
    return 1;
}

/* What the comparison met, to show that the mix was there. */
struct seen {
    long quotes, tiers[PRICE_TIER_LIST + 1], verdicts[PRICE_NOT_ACTIVE + 1];
    long promos, promo_changed, no_product, no_party;
    long lines; /* price_quote_lines answers compared */
};

static void
compare(struct db *db, int64_t party, const int64_t *ids, size_t n, int64_t qty,
        const char *date, struct seen *s)
{
    struct arena *a = arena_new(0);
    struct price_quote *many = arena_alloc(a, n * sizeof(*many));
    int *rcs = arena_alloc(a, n * sizeof(*rcs));
    int64_t *lqty = arena_alloc(a, n * sizeof(*lqty));

    CHECK(price_quote_many(db, a, party, ids, n, qty, date, many, rcs) == 0);
    for (size_t i = 0; i < n; i++) {
        struct price_quote one;
        int rc = price_quote(db, a, party, ids[i], qty, date, &one);

        CHECK(rc >= 0);
        CHECK(rc == rcs[i]);
        if (rc != rcs[i]) {
            fprintf(stderr, "party %lld product %lld: %d, many %d\n",
                    (long long)party, (long long)ids[i], rc, rcs[i]);
            continue;
        }
        s->quotes++;
        s->no_product += rc == PRICE_NO_PRODUCT;
        s->no_party += rc == PRICE_NO_PARTY;
        if (rc != 0)
            continue;
        CHECK(same_quote(&one, &many[i]));
        if (!same_quote(&one, &many[i]))
            fprintf(stderr, "party %lld product %lld qty %lld %s: differ\n",
                    (long long)party, (long long)ids[i], (long long)qty, date);
        s->tiers[one.tier]++;
        for (size_t k = 0; k < one.n_considered; k++)
            s->verdicts[one.considered[k].verdict]++;
        s->promos += (long)one.n_promos;
        s->promo_changed += one.unit_price != one.base_price;
    }
    /* price_quote_lines: a quantity of each line's own (every third
     * line 9 more), the same answer as price_quote for that quantity */
    for (size_t i = 0; i < n; i++)
        lqty[i] = qty + (i % 3 == 1 ? 9 : 0);
    CHECK(price_quote_lines(db, a, party, ids, lqty, n, date, many, rcs) == 0);
    for (size_t i = 0; i < n; i++) {
        struct price_quote one;
        int rc;

        if (i % 3 != 1)
            continue;
        rc = price_quote(db, a, party, ids[i], lqty[i], date, &one);
        CHECK(rc == rcs[i]);
        if (rc == 0 && rc == rcs[i]) {
            CHECK(many[i].qty == lqty[i]);
            CHECK(same_quote(&one, &many[i]));
            s->lines++;
        }
    }
    db_rollback(db);
    arena_free(a);
}

int
main(void)
{
    static const int64_t qtys[] = {1, 10, 100};
    static const char *const dates[] = {"2026-01-15", "2026-11-27",
                                        "2027-03-01"};
    struct arena *a;
    struct db *db;
    struct db_rows r;
    int64_t *ids, parties[MAX_PARTIES + 2];
    int64_t product, category, grade, dealer, admin = 0, hq = 0;
    size_t n_ids = 0, n_parties = 0;
    struct seen s;
    int rc;

    rc = live_open(&db);
    if (rc != 0)
        return rc;
    a = arena_new(0);
    /* what `qudao init` adds after the migrations, then `qudao demo` */
    CHECK(cmd_user_add(db, "admin", "admin", "price-live-test-password",
                       &admin) == 0 &&
          seed_reference(db, admin, &hq) == 0 && db_commit(db) == 0);
    CHECK(demo_load(db, "price-live-test-password", N_PRODUCTS) == 0);
    CHECK(db_commit(db) == 0);

    /* rules of every kind and state around one product with a grade
     * price, for a dealer of that grade */
    CHECK(db_query(db, a, &sql_pl_sample, NULL, 0, 0, 0, &r) == 0 &&
          r.n_rows > 0);
    if (r.n_rows == 0)
        return 1;
    product = db_cell_int(&r, 0, 0);
    category = db_cell_int(&r, 0, 1);
    grade = db_cell_int(&r, 0, 2);
    dealer = db_cell_int(&r, 0, 3);
    CHECK(add_rule(db, 900001, "qty_break", product, 0, 0, dealer, 10, -1, 1500,
                   "2026-01-01", NULL, "active") == 0);
    CHECK(add_rule(db, 900002, "customer", product, 0, 0, dealer, 0, 100, 0,
                   "2026-01-01", NULL, "pending") == 0);
    CHECK(add_rule(db, 900003, "customer", product + 1, 0, 0, dealer, 0, -1,
                   800, "2025-01-01", "2025-12-31", "active") == 0);
    CHECK(add_rule(db, 900004, "grade", product + 1, 0, grade, 0, 0, -1, 700,
                   "2027-01-01", NULL, "active") == 0);
    CHECK(add_rule(db, 900005, "category", 0, category, grade, 0, 0, -1, 600,
                   NULL, "2026-06-30", "active") == 0);
    CHECK(add_rule(db, 900006, "qty_break", product + 2, 0, 0, 0, 100, -1, 2000,
                   NULL, NULL, "active") == 0);
    CHECK(add_rule(db, 900008, "qty_break", product + 2, 0, grade, 0, 10, -1,
                   1200, NULL, NULL, "active") == 0);
    CHECK(add_rule(db, 900007, "grade", product + 2, 0, grade, 0, 0, 1, 0, NULL,
                   NULL, "rejected") == 0);
    CHECK(add_promo(db, 900001, "T-PCT-CAT", "percent", 0, category, 500, 0) ==
          0);
    CHECK(add_promo(db, 900002, "T-AMT", "amount", product + 1, 0, 0, 150) ==
          0);
    CHECK(db_commit(db) == 0);

    CHECK(db_query(db, a, &sql_pl_products, NULL, 0, 0, 0, &r) == 0);
    ids = arena_alloc(a, (r.n_rows + 3) * sizeof(*ids));
    for (size_t i = 0; i < r.n_rows; i++)
        ids[n_ids++] = db_cell_int(&r, i, 0);
    ids[n_ids++] = 99999999; /* no such product */
    if (n_ids > 2)
        ids[n_ids++] = ids[1]; /* twice in one list */
    CHECK(db_query(db, a, &sql_pl_parties, NULL, 0, 0, 0, &r) == 0);
    parties[n_parties++] = dealer;
    for (size_t i = 0; i < r.n_rows && n_parties < MAX_PARTIES; i++)
        parties[n_parties++] = db_cell_int(&r, i, 0);
    parties[n_parties++] = 0;        /* no customer */
    parties[n_parties++] = 99999999; /* no such party */
    db_rollback(db);

    memset(&s, 0, sizeof(s));
    for (size_t i = 0; i < n_parties; i++)
        for (size_t d = 0; d < 3; d++)
            for (size_t k = 0; k < 3; k++)
                compare(db, parties[i], ids, n_ids, qtys[k], dates[d], &s);
    /* a list shorter than a chunk, and one product */
    compare(db, dealer, ids, 7, 10, "2026-11-27", &s);
    compare(db, dealer, &product, 1, 10, "2026-11-27", &s);

    fprintf(stderr,
            "%ld quotes (%ld no product, %ld no party); tiers customer %ld, "
            "customer_break %ld, grade %ld, grade_break %ld, break %ld, "
            "category %ld, grade_discount %ld, list %ld; verdicts won %ld, "
            "outranked %ld, not_yet %ld, expired %ld, qty_below %ld, "
            "not_active %ld; %ld promotion entries, %ld prices changed by "
            "one; %ld lines of their own quantity\n",
            s.quotes, s.no_product, s.no_party, s.tiers[1], s.tiers[2],
            s.tiers[3], s.tiers[4], s.tiers[5], s.tiers[6], s.tiers[7],
            s.tiers[8], s.verdicts[0], s.verdicts[1], s.verdicts[2],
            s.verdicts[3], s.verdicts[4], s.verdicts[5], s.promos,
            s.promo_changed, s.lines);
    /* the mix was there: every tier and verdict, promotions that count */
    for (int t = PRICE_TIER_CUSTOMER; t <= PRICE_TIER_LIST; t++)
        CHECK(s.tiers[t] > 0);
    for (int v = PRICE_WON; v <= PRICE_NOT_ACTIVE; v++)
        CHECK(s.verdicts[v] > 0);
    CHECK(s.promo_changed > 0 && s.no_product > 0 && s.no_party > 0);
    CHECK(s.lines > 0);

    arena_free(a);
    db_close(db);
    return live_end();
}
