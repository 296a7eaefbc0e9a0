/*
 * products.c - the product catalog (M3).
 *
 * Pages:  GET  /products                   list: search (q), sort, page;
 *                                          .csv (the same filters and sort)
 *         GET  /products/new-arrivals      new products (rule below); .csv
 *         GET  /products/{id}              one product, images, history
 *         GET  /products/new               form; POST creates
 *         GET  /products/{id}/edit         form; POST saves (row version)
 *         POST /products/{id}/retire       status discontinued (guarded)
 *         POST /products/{id}/images       upload a PNG/JPEG (<= 1 MiB)
 *         GET  /products/{id}/images/{image}  the stored bytes
 *         POST /products/{id}/images/{image}/delete
 *         Reading needs product.view (every seed role: the catalog is the
 *         company's and its channel's, not the public's); writing needs
 *         product.edit.  The list price is set on create; later changes
 *         are the price module's (/prices/{id}: approval, history).
 * Tables: product, category (schema/0001-core.xml), product_image
 *         (schema/0005-catalog.xml), product_term (schema/0007-search.xml);
 *         audit_log.
 * Style:  xsl/products.xsl; text in xsl/i18n/<lang>/products.xml;
 *         documents in schema/xsd/products.xsd.
 *
 * A product is NEW while its status is 'new', or while it is not
 * discontinued and was launched (launch_on) within PRODUCT_NEW_DAYS days
 * up to today (a launch date in the future does not count).
 *
 * Channel users (c->user->party_id > 0) see their own price (price_quote,
 * quantity 1, today) beside the list price; the detail page explains it.
 * Availability (add_availability) comes from the stock of the warehouses
 * that serve the user (stock.h).
 *
 * The list searches product.search_key, the key the application writes
 * with core/pinyin.h (code, barcode, name, spec, brand, their pinyin and
 * initials), through its term index (product_term, schema/0007-search.xml,
 * rewritten on every save), and ranks what it finds (see "The search"
 * below).
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "party.h"
#include "price.h"
#include "stock.h"

#include "../core/audit.h"
#include "../core/auth.h"
#include "../core/clock.h"
#include "../core/csv.h"
#include "../core/ctx.h"
#include "products.h"
#include "../core/filetype.h"
#include "../core/form.h"
#include "../core/log.h"
#include "../core/money.h"
#include "../core/page.h"
#include "../core/pinyin.h"
#include "../core/scope.h"
#include "../core/text.h"
#include "../core/xd.h"
#include "../db/db.h"

#define PRODUCT_PAGE      50
#define PRODUCT_CSV_MAX   10000   /* rows of a CSV export */
#define PRODUCT_NEW_DAYS  90      /* launched this recently: new */
#define PRODUCT_HISTORY   50      /* audit entries on the detail page */
#define PRODUCT_IMAGE_MAX 1048576 /* bytes of one image (1 MiB) */
#define PRODUCT_IMAGES    20      /* images of one product */
#define PRODUCT_FIELD_MAX 4000    /* the parameter table's cap; form_* checks */

/*
 * The search: q (through pinyin_key_text: ASCII in lower case) is looked
 * for in the search key (core/pinyin.h: the lower-cased code, barcode,
 * name, spec and brand and the pinyin and initials of the Chinese parts,
 * one part each) through its term index, product_term
 * (schema/0007-search.xml: every suffix of every part, cut to
 * PINYIN_TERM_MAX characters, with its tier and the product's code).  A
 * part contains q exactly when one of its terms starts with q: for each
 * tier a range of the primary key, tier = t AND term >= q AND term <
 * q-with-its-last-character-raised (pinyin_term_range: byte order, so a
 * '%' or '_' typed is itself, and no engine's LIKE rules or collation
 * decide whether the index is used).  A product's relevance level is the
 * best of its terms in the range:
 *   0  exact code (tier 0, term = q)
 *   1  code prefix (tiers 0 and 1)
 *   2  prefix of another part: name, spec, brand, barcode, their pinyin
 *      or initials (tier 2)
 *   3  anywhere else in a part (tier 3)
 * and the list is in that order, then in the chosen column's.
 *
 * A common q ("可乐", "sp") matches thousands of products; counting and
 * ranking them all on every request is what made the search slow.  So a
 * search reads at most SEARCH_MAX terms, the first in the index's order --
 * tier, term, code: the better levels first -- and lists the products
 * found there (the "window", FIND_TERMS).  When the window is full more
 * may match: the page says so (more="true", "186+") and asks for a
 * narrower search; a product in the window is at its true level all the
 * same, since the window ends within the last tier it reaches.  One
 * statement reads the whole window in the list's order, index entries
 * only for the default order (the code is beside each term); C counts
 * the products (a product with several terms in the window counts once,
 * at its best level) and takes the page, whose rows alone are read from
 * product (sql_find_rows).  Ordering by name, price or category joins
 * each term of the window to product: slower, but bounded too.  The
 * statements are small on purpose: sqliteodbc compiles a statement again
 * at every execution inside a transaction, and reads its whole result.
 *
 * A q longer than a term (a barcode, a long name) is looked up by its
 * first PINYIN_TERM_MAX characters; the few candidates are checked
 * against their keys with LIKE ... ESCAPE, which gives their level too,
 * an exact barcode (product.barcode, 13 digits) at level 0
 * (FIND_WINDOW_LONG).  A list without a search has statements of its own.
 */
#define SEARCH_MAX 200 /* terms a search reads, so products it lists */

/* The window: product, tier, term, code of the first terms of the range. */
#define FIND_TERMS                                                             \
    "SELECT t.product_id, t.tier, t.term, t.code"                              \
    " FROM product_term t"                                                     \
    " WHERE t.tier IN (0, 1, 2, 3) AND t.term >= ? AND t.term < ?"             \
    " ORDER BY t.tier, t.term, t.code, t.product_id" DB_FIRST(SEARCH_MAX)
/* The window's products, level and code (a product may come twice). */
#define FIND_WINDOW                                                            \
    "SELECT w.product_id,"                                                     \
    " CASE WHEN w.tier = 0 AND w.term = ? THEN 0"                              \
    " WHEN w.tier <= 1 THEN 1 ELSE w.tier END AS lvl, w.code"                  \
    " FROM (" FIND_TERMS ") w"
/* The same for a long q: its candidates, checked, with their level. */
#define FIND_RELEVANCE                                                         \
    " CASE WHEN p.barcode = ?"                                                 \
    " OR p.search_key LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "' THEN 0"             \
    " WHEN p.search_key LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "' THEN 1"           \
    " WHEN p.search_key LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "' THEN 2"           \
    " ELSE 3 END"
/* A level of 9: a candidate that the check leaves out (search_run). */
#define FIND_WINDOW_LONG                                                       \
    "SELECT w.product_id, CASE WHEN p.search_key NOT LIKE ? ESCAPE "           \
    "'" TEXT_LIKE_ESCAPE "' THEN 9 ELSE" FIND_RELEVANCE " END AS lvl, p.code"  \
    " FROM (" FIND_TERMS ") w"                                                 \
    " JOIN product p ON p.id = w.product_id"

#define PRODUCT_COLS                                                           \
    "SELECT p.id, p.code, p.name, p.spec, p.unit, p.list_price,"               \
    " c.name, c.id, p.status"
#define PRODUCT_N_COLS 9

#define BY_CODE_ASC   " ORDER BY p.code ASC"
#define BY_CODE_DESC  " ORDER BY p.code DESC"
#define BY_NAME_ASC   " ORDER BY p.name ASC, p.code ASC"
#define BY_NAME_DESC  " ORDER BY p.name DESC, p.code DESC"
#define BY_PRICE_ASC  " ORDER BY p.list_price ASC, p.code ASC"
#define BY_PRICE_DESC " ORDER BY p.list_price DESC, p.code DESC"
#define BY_CAT_ASC    " ORDER BY c.name ASC, p.code ASC"
#define BY_CAT_DESC   " ORDER BY c.name DESC, p.code DESC"

/*
 * Without a search, a page of ids comes first from a covering index, and
 * only those 50 rows are joined (a "deferred join"): page 200 costs 1 ms on
 * SQLite instead of 47 ms, where the plain query builds all 9,950 skipped
 * rows (measured 2026-11-27).
 */
#define PAGE_OF(inner, order)                                                  \
    "SELECT p.id, p.code, p.name, p.spec, p.unit, p.list_price,"               \
    " c.name, c.id, p.status"                                                  \
    " FROM (" inner order DB_PAGE_HERE ") k"                                   \
    " JOIN product p ON p.id = k.id"                                           \
    " LEFT JOIN category c ON c.id = p.category_id" order
#define IDS "SELECT p.id FROM product p"
#define IDS_BY_CAT                                                             \
    "SELECT p.id FROM product p LEFT JOIN category c ON c.id = p.category_id"

/* One whole statement per sort choice: no identifier comes from input. */
DB_STATEMENT(sql_all_code_asc, DB_PAGED, PAGE_OF(IDS, BY_CODE_ASC));
DB_STATEMENT(sql_all_code_desc, DB_PAGED, PAGE_OF(IDS, BY_CODE_DESC));
DB_STATEMENT(sql_all_name_asc, DB_PAGED, PAGE_OF(IDS, BY_NAME_ASC));
DB_STATEMENT(sql_all_name_desc, DB_PAGED, PAGE_OF(IDS, BY_NAME_DESC));
DB_STATEMENT(sql_all_price_asc, DB_PAGED, PAGE_OF(IDS, BY_PRICE_ASC));
DB_STATEMENT(sql_all_price_desc, DB_PAGED, PAGE_OF(IDS, BY_PRICE_DESC));
DB_STATEMENT(sql_all_cat_asc, DB_PAGED, PAGE_OF(IDS_BY_CAT, BY_CAT_ASC));
DB_STATEMENT(sql_all_cat_desc, DB_PAGED, PAGE_OF(IDS_BY_CAT, BY_CAT_DESC));

/*
 * The window's rows in the list's order (a product may come more than
 * once: search_run keeps its first).  One whole statement per sort
 * choice: no identifier comes from input.
 */
#define RANK_BY_CODE(cols, window, dir)                                        \
    "SELECT " cols " FROM (" window ") x"                                      \
    " ORDER BY x.lvl, x.code " dir ", x.product_id " dir
#define RANK_BY(cols, window, join, order)                                     \
    "SELECT " cols " FROM (" window ") x"                                      \
    " JOIN product p ON p.id = x.product_id" join " ORDER BY x.lvl, " order
#define JOIN_CAT " LEFT JOIN category c ON c.id = p.category_id"
#define RANKS(name, cols, window)                                              \
    DB_STATEMENT(name##_code_asc, 0, RANK_BY_CODE(cols, window, "ASC"));       \
    DB_STATEMENT(name##_code_desc, 0, RANK_BY_CODE(cols, window, "DESC"));     \
    DB_STATEMENT(name##_name_asc, 0,                                           \
                 RANK_BY(cols, window, "", "p.name ASC, p.code ASC"));         \
    DB_STATEMENT(name##_name_desc, 0,                                          \
                 RANK_BY(cols, window, "", "p.name DESC, p.code DESC"));       \
    DB_STATEMENT(name##_price_asc, 0,                                          \
                 RANK_BY(cols, window, "", "p.list_price ASC, p.code ASC"));   \
    DB_STATEMENT(name##_price_desc, 0,                                         \
                 RANK_BY(cols, window, "", "p.list_price DESC, p.code DESC")); \
    DB_STATEMENT(name##_cat_asc, 0,                                            \
                 RANK_BY(cols, window, JOIN_CAT, "c.name ASC, p.code ASC"));   \
    DB_STATEMENT(name##_cat_desc, 0,                                           \
                 RANK_BY(cols, window, JOIN_CAT, "c.name DESC, p.code DESC"))
/* the product alone (every cell read costs); a long q's level too */
RANKS(sql_rank, "x.product_id", FIND_WINDOW);
RANKS(sql_rank_long, "x.product_id, x.lvl", FIND_WINDOW_LONG);

/* The rows of a page of found products, by id (unused places: 0). */
#define Q10 "?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
DB_STATEMENT(sql_find_rows, 0,
             PRODUCT_COLS " FROM product p"
                          " LEFT JOIN category c ON c.id = p.category_id"
                          " WHERE p.id IN (" Q10 ", " Q10 ", " Q10 ", " Q10
                          ", " Q10 ")");
#define FIND_ROWS 50 /* the ? of sql_find_rows */

DB_STATEMENT(sql_count_all, 0, "SELECT COUNT(*) FROM product");

/*
 * A product's terms (pinyin_terms), written on every save: 100 rows to a
 * statement, then ten, then one (a multi-row VALUES runs on SQLite,
 * PostgreSQL, SQL Server, DB2, MariaDB and Oracle 23; an older Oracle
 * would need INSERT ALL).  The old ones go by their primary key, worked
 * out from the key they were written from (product_terms_write).
 */
#define TERM_PK "(tier = ? AND term = ? AND code = ? AND product_id = ?)"
#define TERM_PK10                                                              \
    TERM_PK " OR " TERM_PK " OR " TERM_PK " OR " TERM_PK " OR " TERM_PK        \
            " OR " TERM_PK " OR " TERM_PK " OR " TERM_PK " OR " TERM_PK        \
            " OR " TERM_PK
DB_STATEMENT(sql_terms_delete_10, 0,
             "DELETE FROM product_term WHERE " TERM_PK10);
DB_STATEMENT(sql_terms_delete_1, 0, "DELETE FROM product_term WHERE " TERM_PK);
#define TERM_INSERT                                                            \
    "INSERT INTO product_term (tier, term, code, product_id) VALUES "
#define TERM_ROW "(?, ?, ?, ?)"
#define TERM_ROW10                                                             \
    TERM_ROW ", " TERM_ROW ", " TERM_ROW ", " TERM_ROW ", " TERM_ROW           \
             ", " TERM_ROW ", " TERM_ROW ", " TERM_ROW ", " TERM_ROW           \
             ", " TERM_ROW
#define TERM_ROW50                                                             \
    TERM_ROW10 ", " TERM_ROW10 ", " TERM_ROW10 ", " TERM_ROW10 ", " TERM_ROW10
DB_STATEMENT(sql_terms_100, 0, TERM_INSERT TERM_ROW50 ", " TERM_ROW50);
DB_STATEMENT(sql_terms_10, 0, TERM_INSERT TERM_ROW10);
DB_STATEMENT(sql_terms_1, 0, TERM_INSERT TERM_ROW);

/* Columns of sql_get. */
enum gcol {
    G_ID,
    G_CODE,
    G_NAME,
    G_SPEC,
    G_UNIT,
    G_PACK,
    G_BARCODE,
    G_BRAND,
    G_CAT_NAME,
    G_CAT_ID,
    G_STATUS,
    G_PRICE,
    G_LAUNCH,
    G_VERSION,
    G_CREATED,
    G_UPDATED,
    G_DESCRIPTION,
    G_CAT_CODE,
    G_KEY
};

DB_STATEMENT(sql_get, 0,
             "SELECT p.id, p.code, p.name, p.spec, p.unit, p.pack_qty,"
             " p.barcode, p.brand, c.name, c.id, p.status, p.list_price,"
             " p.launch_on, p.version, p.created_at, p.updated_at,"
             " p.description, c.code, p.search_key"
             " FROM product p"
             " LEFT JOIN category c ON c.id = p.category_id"
             " WHERE p.id = ?");

/*
 * New arrivals (the rule in the file's head): status 'new', or not
 * discontinued and launched between the cut-off and today (both
 * "YYYY-MM-DD", compared as text in both dialects), newest first.
 */
#define NEW_WHERE                                                              \
    " WHERE p.status = 'new' OR (p.status = 'active'"                          \
    " AND p.launch_on >= ? AND p.launch_on <= ?)"
DB_STATEMENT(sql_new_page, DB_PAGED,
             PRODUCT_COLS
             ", p.launch_on"
             " FROM product p"
             " LEFT JOIN category c ON c.id = p.category_id" NEW_WHERE
             " ORDER BY p.launch_on DESC, p.code ASC");
DB_STATEMENT(sql_new_count, 0, "SELECT COUNT(*) FROM product p" NEW_WHERE);

/* The category tree in pre-order is built in C from this. */
DB_STATEMENT(sql_categories, 0,
             "SELECT c.id, c.parent_id, c.code, c.name"
             " FROM category c"
             " ORDER BY c.sort_order, c.code");
DB_STATEMENT(sql_category_pick, 0,
             "SELECT c.id, c.code, c.name FROM category c WHERE c.id = ?");

DB_STATEMENT(sql_code_used, 0,
             "SELECT p.id FROM product p WHERE p.code = ? AND p.id <> ?");

DB_STATEMENT(sql_insert, 0,
             "INSERT INTO product (id, code, name, spec, unit, pack_qty,"
             " barcode, brand, category_id, status, list_price, launch_on,"
             " search_key, description, created_at, updated_at, version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)");

/*
 * The status edges an edit may take (SECURITY.md class 9), with the new
 * status three times: stay, new -> active, anything -> discontinued (as
 * retire).  Nothing leaves discontinued, nothing goes back to new.
 */
#define STATUS_EDGE                                                            \
    "(status = ? OR (? = 'active' AND status = 'new')"                         \
    " OR ? = 'discontinued')"

/* Everything but the list price (the price module's). */
DB_STATEMENT(sql_update, 0,
             "UPDATE product SET code = ?, name = ?, spec = ?, unit = ?,"
             " pack_qty = ?, barcode = ?, brand = ?, category_id = ?,"
             " status = ?, launch_on = ?, search_key = ?, description = ?,"
             " updated_at = ?, version = version + 1"
             " WHERE id = ? AND version = ? AND " STATUS_EDGE);

/* Retire: one edge, from new or active. */
DB_STATEMENT(sql_retire, 0,
             "UPDATE product SET status = 'discontinued', updated_at = ?,"
             " version = version + 1"
             " WHERE id = ? AND version = ? AND status IN ('new', 'active')");

DB_STATEMENT(sql_images, 0,
             "SELECT i.id, i.file_name, i.mime, i.byte_size, i.created_at"
             " FROM product_image i"
             " WHERE i.product_id = ?"
             " ORDER BY i.sort_key, i.id");
DB_STATEMENT(sql_image_count, 0,
             "SELECT COUNT(*) FROM product_image i WHERE i.product_id = ?");
DB_STATEMENT(sql_image_body, 0,
             "SELECT i.mime, i.body, i.file_name"
             " FROM product_image i"
             " WHERE i.id = ? AND i.product_id = ?");
DB_STATEMENT(sql_image_insert, 0,
             "INSERT INTO product_image (id, product_id, file_name, mime,"
             " byte_size, body, sort_key, created_at, created_by)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
DB_STATEMENT(sql_image_delete, 0,
             "DELETE FROM product_image WHERE id = ? AND product_id = ?");

static const char *const sort_keys[] = {"code", "name", "price", "category",
                                        NULL};
static const char *const dirs[] = {"asc", "desc", NULL};

/* How a list is found: all products, or a search (short q, long q). */
enum list_mode { LIST_ALL, LIST_FIND, LIST_FIND_LONG };

/* The statement for a sort: the list without a search, or a search's
 * ranking (search_ids). */
static const struct db_sql *
list_statement(const char *sort, int desc, enum list_mode mode)
{
    static const struct db_sql *const table[3][4][2] = {
        {{&sql_all_code_asc, &sql_all_code_desc},
         {&sql_all_name_asc, &sql_all_name_desc},
         {&sql_all_price_asc, &sql_all_price_desc},
         {&sql_all_cat_asc, &sql_all_cat_desc}},
        {{&sql_rank_code_asc, &sql_rank_code_desc},
         {&sql_rank_name_asc, &sql_rank_name_desc},
         {&sql_rank_price_asc, &sql_rank_price_desc},
         {&sql_rank_cat_asc, &sql_rank_cat_desc}},
        {{&sql_rank_long_code_asc, &sql_rank_long_code_desc},
         {&sql_rank_long_name_asc, &sql_rank_long_name_desc},
         {&sql_rank_long_price_asc, &sql_rank_long_price_desc},
         {&sql_rank_long_cat_asc, &sql_rank_long_cat_desc}},
    };
    int k = 0;

    for (int i = 0; sort_keys[i] != NULL; i++)
        if (strcmp(sort_keys[i], sort) == 0)
            k = i;
    return table[mode][k][desc != 0];
}

/* ==================================================================== */
/* Helpers                                                              */
/* ==================================================================== */

static const char *const product_statuses[] = {"new", "active", "discontinued",
                                               NULL};

/* The rule of the file's head: is this product new today? */
static int
product_is_new(const char *status, const char *launch_on)
{
    char from[11], today[11];

    if (status == NULL || strcmp(status, "discontinued") == 0)
        return 0;
    if (strcmp(status, "new") == 0)
        return 1;
    if (launch_on == NULL || strlen(launch_on) < 10)
        return 0;
    clock_day(from, -PRODUCT_NEW_DAYS);
    clock_day(today, 0);
    return strncmp(launch_on, from, 10) >= 0 &&
           strncmp(launch_on, today, 10) <= 0;
}

/* The party whose prices the user sees: a channel user's own; 0 for
 * staff (they see the list price). */
static int64_t
own_party(const struct ctx *c)
{
    return c->user != NULL && c->user->party_id > 0 ? c->user->party_id : 0;
}

/*
 * Availability of a product (stock.h, stock_availability): "in-stock",
 * "low" or "out" from the warehouses that serve the user -- a dealer's
 * or agent's servicing branch and the central warehouse; a staff
 * member's own units too.  The exact quantity only with stock.qty, as
 * available-qty.  0, or -1 on a database failure.
 */
static int
add_availability(struct ctx *c, xmlNodePtr n, int64_t product_id)
{
    struct stock_avail av;
    int64_t serve = scope_unit(c), scope = scope_unit(c);

    if (own_party(c) > 0) {
        struct party_brief p;
        int rc = party_get(c, own_party(c), &p);

        if (rc < 0)
            return -1;
        serve = rc == 0 ? p.unit_id : -1;
        scope = -1;
    }
    if (stock_availability(c->db, product_id, serve, scope, &av) != 0)
        return -1;
    xd_attr(n, "availability", av.level);
    if (auth_can(c, "stock.qty"))
        xd_attr_int(n, "available-qty", av.available);
    return 0;
}

/*
 * Put the user's own unit price on n (a channel user: price_quote for one
 * unit today; "your-price").  With explain, the quote's reasoning as
 * <quote><rule tier verdict .../>*</quote>.  0, or -1 on a database
 * failure (a product or party that vanished meanwhile adds nothing).
 */
static int
add_own_price(struct ctx *c, xmlNodePtr n, int64_t product_id, int explain)
{
    /* the names price.c's own pages use (xsl: price.tier.*, price.verdict.*) */
    static const char *const tiers[] = {
        "",      "customer", "customer_break", "grade", "grade_break",
        "break", "category", "grade_discount", "list"};
    static const char *const verdicts[] = {
        "won", "outranked", "not_yet", "expired", "qty_below", "not_active"};
    static const char *const kinds[] = {"customer", "grade", "category",
                                        "break", "grade_discount"};
    int64_t party = own_party(c);
    struct price_quote q;
    char today[11];
    xmlNodePtr k;
    int rc;

    if (party == 0)
        return 0;
    clock_day(today, 0);
    rc = price_quote(c->db, c->a, party, product_id, 1, today, &q);
    if (rc < 0)
        return -1;
    if (rc != 0)
        return 0;
    xd_attr_money(n, "your-price", q.unit_price);
    if (!explain)
        return 0;
    k = xd_elem(n, "quote");
    xd_attr(k, "date", q.date);
    xd_attr(k, "tier", tiers[q.tier]);
    xd_attr_money(k, "list-price", q.list_price);
    xd_attr_money(k, "unit-price", q.unit_price);
    for (size_t i = 0; i < q.n_considered; i++) {
        const struct price_considered *x = &q.considered[i];
        xmlNodePtr e = xd_elem(k, "rule");

        xd_attr(e, "tier", tiers[x->tier]);
        xd_attr(e, "kind", kinds[x->rule.kind]);
        xd_attr(e, "verdict", verdicts[x->verdict]);
        if (x->rule.min_qty > 0)
            xd_attr_int(e, "min-qty", x->rule.min_qty);
        if (x->rule.has_price)
            xd_attr_money(e, "price", x->rule.price);
        else
            xd_attr_int(e, "discount", x->rule.discount);
        xd_attr(e, "valid-from", x->rule.valid_from);
        xd_attr(e, "valid-to", x->rule.valid_to);
        xd_attr_money(e, "unit-price", x->unit_price);
    }
    return 0;
}

/* One row of a list (PRODUCT_COLS) as <product .../> under list. */
static int
list_row(struct ctx *c, xmlNodePtr list, const struct db_rows *r, size_t i,
         const char *launch_on)
{
    xmlNodePtr n = xd_elem(list, "product");

    xd_attr(n, "id", db_cell(r, i, 0));
    xd_attr(n, "code", db_cell(r, i, 1));
    xd_attr(n, "name", db_cell(r, i, 2));
    xd_attr(n, "spec", db_cell(r, i, 3));
    xd_attr(n, "unit", db_cell(r, i, 4));
    xd_attr_money(n, "price", db_cell_int(r, i, 5));
    xd_attr(n, "category", db_cell(r, i, 6));
    xd_attr(n, "category-id", db_cell(r, i, 7));
    xd_attr(n, "status", db_cell(r, i, 8));
    if (launch_on != NULL)
        xd_attr(n, "launch-on", text_iso_date(c->a, launch_on));
    return add_own_price(c, n, db_cell_int(r, i, 0), 0);
}

/* The rows of a list as CSV (the user's own price for channel users). */
static int
list_csv(struct ctx *c, const struct db_rows *r, const char *filename)
{
    int64_t party = own_party(c);
    char buf[MONEY_BUFSZ], today[11];

    clock_day(today, 0);
    csv_begin(c, filename);
    csv_text(c, "code");
    csv_text(c, "name");
    csv_text(c, "spec");
    csv_text(c, "unit");
    csv_text(c, "category");
    csv_text(c, "list_price");
    if (party > 0)
        csv_text(c, "your_price");
    csv_text(c, "status");
    csv_row(c);
    for (size_t i = 0; i < r->n_rows; i++) {
        csv_text(c, db_cell(r, i, 1));
        csv_text(c, db_cell(r, i, 2));
        csv_text(c, db_cell(r, i, 3));
        csv_text(c, db_cell(r, i, 4));
        csv_text(c, db_cell(r, i, 6));
        csv_num(c, money_format(db_cell_int(r, i, 5), 0, buf, sizeof(buf)));
        if (party > 0) {
            struct price_quote q;
            int rc = price_quote(c->db, c->a, party, db_cell_int(r, i, 0), 1,
                                 today, &q);

            if (rc < 0)
                return -1;
            csv_num(c, rc == 0 ? money_format(q.unit_price, 0, buf, sizeof(buf))
                               : "");
        }
        csv_text(c, db_cell(r, i, 8));
        csv_row(c);
    }
    return 0;
}

/* A search as product_list runs it (see the head of the search above). */
struct search {
    enum list_mode mode;  /* LIST_FIND, or LIST_FIND_LONG for a long q */
    struct db_param p[8]; /* the window's parameters */
    size_t n_p;
    int64_t *ids;  /* the listed products in the list's order (search_run) */
    int64_t total; /* how many: at most SEARCH_MAX */
    int more;      /* the window was full: more products may match */
};

/* The parameters of the search for q (not empty) into *s. */
static void
search_init(struct ctx *c, const char *q, struct search *s)
{
    const char *k = pinyin_key_text(c->a, q);
    char *lo = NULL, *hi = NULL;

    memset(s, 0, sizeof(*s));
    if (pinyin_term_range(c->a, k, &lo, &hi) != 0)
        lo = hi = arena_strdup(c->a, k); /* cannot happen: finds nothing */
    /* lo is k cut to a term: a longer k is checked against the keys */
    s->mode = strcmp(lo, k) != 0 ? LIST_FIND_LONG : LIST_FIND;
    if (s->mode == LIST_FIND) {
        s->p[s->n_p++] = DB_TEXT(k); /* exact code: tier 0, term = q */
    } else {
        const char *lit = text_like(c->a, k, 0, 0);

        s->p[s->n_p++] = DB_TEXT(text_like(c->a, k, 1, 1));           /* in */
        s->p[s->n_p++] = DB_TEXT(q);                                  /* 0 */
        s->p[s->n_p++] = DB_TEXT(arena_printf(c->a, "%s|%%", lit));   /* 0 */
        s->p[s->n_p++] = DB_TEXT(text_like(c->a, k, 0, 1));           /* 1 */
        s->p[s->n_p++] = DB_TEXT(arena_printf(c->a, "%%|%s%%", lit)); /* 2 */
    }
    s->p[s->n_p++] = DB_TEXT(lo);
    s->p[s->n_p++] = DB_TEXT(hi);
}

/* Add id to the open-addressing set (n_slots a power of two, 0 free);
 * 1 when it was not there yet. */
static int
id_set_add(int64_t *slots, size_t n_slots, int64_t id)
{
    size_t i =
        (size_t)((uint64_t)id * 0x9E3779B97F4A7C15ULL >> 20) & (n_slots - 1);

    while (slots[i] != 0) {
        if (slots[i] == id)
            return 0;
        i = (i + 1) & (n_slots - 1);
    }
    slots[i] = id;
    return 1;
}

/*
 * Read the window in the list's order into s->ids, s->total and s->more.
 * A product with several terms in the window comes once, at the first, its
 * best level; a long q's candidates that its key does not hold (level 9)
 * are left out.  0 or -1.
 */
static int
search_run(struct ctx *c, struct search *s, const char *sort, int desc)
{
    struct db_rows r;
    size_t n_slots = 64;
    int64_t *slots;

    if (db_query(c->db, c->a, list_statement(sort, desc, s->mode), s->p, s->n_p,
                 0, 0, &r) != 0)
        return -1;
    s->more = r.n_rows >= SEARCH_MAX;
    while (n_slots < 2 * r.n_rows)
        n_slots *= 2;
    slots = arena_zalloc(c->a, n_slots * sizeof(*slots));
    s->ids = arena_alloc(c->a, (r.n_rows + 1) * sizeof(*s->ids));
    s->total = 0;
    for (size_t i = 0; i < r.n_rows; i++) {
        int64_t id = db_cell_int(&r, i, 0);

        if (id > 0 && (r.n_cols < 2 || db_cell_int(&r, i, 1) < 9) &&
            id_set_add(slots, n_slots, id))
            s->ids[s->total++] = id;
    }
    return 0;
}

/*
 * The list rows (PRODUCT_COLS) of n found products (n <= FIND_ROWS), in
 * the order of ids, into *out.  0 or -1.
 */
static int
search_rows(struct ctx *c, const int64_t *ids, int64_t n, struct db_rows *out)
{
    struct db_param p[FIND_ROWS];
    struct db_rows r;

    if (n <= 0) {
        memset(out, 0, sizeof(*out));
        out->n_cols = PRODUCT_N_COLS;
        return 0;
    }
    for (int64_t i = 0; i < FIND_ROWS; i++)
        p[i] = DB_INT(i < n ? ids[i] : 0); /* no product has id 0 */
    if (db_query(c->db, c->a, &sql_find_rows, p, FIND_ROWS, 0, 0, &r) != 0)
        return -1;
    *out = r;
    out->n_rows = 0;
    out->lens = NULL; /* no binary column */
    out->cells = arena_alloc(c->a, (size_t)n * r.n_cols * sizeof(*out->cells));
    for (int64_t i = 0; i < n; i++)
        for (size_t k = 0; k < r.n_rows; k++)
            if (db_cell_int(&r, k, 0) == ids[i]) {
                memcpy(out->cells + out->n_rows++ * r.n_cols,
                       r.cells + k * r.n_cols, r.n_cols * sizeof(*r.cells));
                break;
            }
    return 0;
}

/* A search as CSV: every listed product in the list's order.  0 or -1. */
static int
search_csv(struct ctx *c, struct search *s, const char *sort, int desc)
{
    struct db_rows all;

    if (search_run(c, s, sort, desc) != 0)
        return -1;
    memset(&all, 0, sizeof(all));
    all.n_cols = PRODUCT_N_COLS;
    all.cells = arena_alloc(c->a, (size_t)(s->total + 1) * PRODUCT_N_COLS *
                                      sizeof(*all.cells));
    for (int64_t i = 0; i < s->total; i += FIND_ROWS) {
        struct db_rows r;

        if (search_rows(c, s->ids + i,
                        s->total - i < FIND_ROWS ? s->total - i : FIND_ROWS,
                        &r) != 0)
            return -1;
        memcpy(all.cells + all.n_rows * PRODUCT_N_COLS, r.cells,
               r.n_rows * PRODUCT_N_COLS * sizeof(*r.cells));
        all.n_rows += r.n_rows;
    }
    return list_csv(c, &all, "products.csv");
}

/* GET /products, /products.csv */
static int
product_list(struct ctx *c)
{
    const char *q = param_text(c->req, "q");
    const char *sort = param_text(c->req, "sort");
    const char *dir = param_text(c->req, "dir");
    int64_t page = param_int(c->req, "page", 1);
    int desc = dir != NULL && strcmp(dir, "desc") == 0;
    int csv = c->req->want_csv;
    struct search s = {LIST_FIND, {{0}}, 0, NULL, 0, 0};
    struct db_rows rows, count;
    xmlNodePtr list, opts;
    int64_t total, pages;

    if (sort == NULL)
        sort = "code";
    if (q != NULL)
        search_init(c, q, &s);
    if (csv) {
        if (q != NULL)
            return search_csv(c, &s, sort, desc) != 0 ? ctx_db_fail(c) : 0;
        /* the whole list in the page's order, up to the cap */
        if (db_query(c->db, c->a, list_statement(sort, desc, LIST_ALL), NULL, 0,
                     PRODUCT_CSV_MAX, 0, &rows) != 0)
            return ctx_db_fail(c);
        return list_csv(c, &rows, "products.csv") != 0 ? ctx_db_fail(c) : 0;
    }
    if (q != NULL) {
        if (search_run(c, &s, sort, desc) != 0)
            return ctx_db_fail(c);
        total = s.total;
    } else {
        if (db_query(c->db, c->a, &sql_count_all, NULL, 0, 0, 0, &count) != 0)
            return ctx_db_fail(c);
        total = db_cell_int(&count, 0, 0);
    }
    pages = (total + PRODUCT_PAGE - 1) / PRODUCT_PAGE;
    if (page > pages)
        page = pages > 0 ? pages : 1;
    if (q != NULL) {
        int64_t from = (page - 1) * PRODUCT_PAGE;

        if (search_rows(c, s.ids + from,
                        total - from < PRODUCT_PAGE ? total - from
                                                    : PRODUCT_PAGE,
                        &rows) != 0)
            return ctx_db_fail(c);
    } else if (db_query(c->db, c->a, list_statement(sort, desc, LIST_ALL), NULL,
                        0, PRODUCT_PAGE, (long)((page - 1) * PRODUCT_PAGE),
                        &rows) != 0) {
        return ctx_db_fail(c);
    }

    list = ctx_data(c, "products");
    xd_attr(list, "q", q != NULL ? q : "");
    xd_attr(list, "sort", sort);
    xd_attr(list, "dir", desc ? "desc" : "asc");
    xd_attr_int(list, "page", page);
    xd_attr_int(list, "pages", pages);
    xd_attr_int(list, "total", total);
    if (q != NULL && s.more)
        xd_attr(list, "more", "true");
    xd_attr_int(list, "per-page", PRODUCT_PAGE);
    xd_attr_int(list, "first", rows.n_rows ? (page - 1) * PRODUCT_PAGE + 1 : 0);
    xd_attr_int(list, "last",
                rows.n_rows ? (page - 1) * PRODUCT_PAGE + (int64_t)rows.n_rows
                            : 0);
    opts = xd_elem(list, "sort-options");
    for (int i = 0; sort_keys[i] != NULL; i++)
        xd_attr(xd_elem(opts, "option"), "value", sort_keys[i]);
    for (size_t i = 0; i < rows.n_rows; i++)
        if (list_row(c, list, &rows, i, NULL) != 0)
            return ctx_db_fail(c);
    return 0;
}

/* GET /products/new-arrivals, .csv: the rule of the file's head. */
static int
product_new_arrivals(struct ctx *c)
{
    int64_t page = param_int(c->req, "page", 1);
    char from[11], today[11];
    struct db_param p[2];
    struct db_rows rows, count;
    xmlNodePtr list;
    int64_t total, pages;

    clock_day(from, -PRODUCT_NEW_DAYS);
    clock_day(today, 0);
    p[0] = DB_TEXT(from);
    p[1] = DB_TEXT(today);
    if (c->req->want_csv) {
        if (db_query(c->db, c->a, &sql_new_page, p, 2, PRODUCT_CSV_MAX, 0,
                     &rows) != 0)
            return ctx_db_fail(c);
        return list_csv(c, &rows, "new-products.csv") != 0 ? ctx_db_fail(c) : 0;
    }
    if (db_query(c->db, c->a, &sql_new_count, p, 2, 0, 0, &count) != 0)
        return ctx_db_fail(c);
    total = db_cell_int(&count, 0, 0);
    pages = (total + PRODUCT_PAGE - 1) / PRODUCT_PAGE;
    if (page > pages)
        page = pages > 0 ? pages : 1;
    if (db_query(c->db, c->a, &sql_new_page, p, 2, PRODUCT_PAGE,
                 (long)((page - 1) * PRODUCT_PAGE), &rows) != 0)
        return ctx_db_fail(c);
    list = ctx_data(c, "new-products");
    xd_attr_int(list, "days", PRODUCT_NEW_DAYS);
    xd_attr(list, "since", from);
    xd_attr_int(list, "page", page);
    xd_attr_int(list, "pages", pages);
    xd_attr_int(list, "total", total);
    for (size_t i = 0; i < rows.n_rows; i++)
        if (list_row(c, list, &rows, i, db_cell(&rows, i, 9)) != 0)
            return ctx_db_fail(c);
    return 0;
}

/* Fetch one product into *r (0 rows: none). */
static int
fetch_product(struct ctx *c, int64_t id, struct db_rows *r)
{
    struct db_param p[1];

    p[0] = DB_INT(id);
    return db_query(c->db, c->a, &sql_get, p, 1, 0, 0, r);
}

/* The stored fields of product r as attributes of n (the id too unless
 * n has it already: an attribute is added, never replaced). */
static void
product_values(struct ctx *c, xmlNodePtr n, const struct db_rows *r,
               int with_id)
{
    if (with_id)
        xd_cell(n, "id", r, 0, G_ID);
    xd_cell(n, "code", r, 0, G_CODE);
    xd_cell(n, "name", r, 0, G_NAME);
    xd_cell(n, "spec", r, 0, G_SPEC);
    xd_cell(n, "unit", r, 0, G_UNIT);
    xd_cell(n, "pack-qty", r, 0, G_PACK);
    xd_cell(n, "barcode", r, 0, G_BARCODE);
    xd_cell(n, "brand", r, 0, G_BRAND);
    xd_cell(n, "category", r, 0, G_CAT_NAME);
    xd_cell(n, "category-id", r, 0, G_CAT_ID);
    xd_cell(n, "status", r, 0, G_STATUS);
    xd_attr_money(n, "price", db_cell_int(r, 0, G_PRICE));
    xd_attr(n, "launch-on", text_iso_date(c->a, db_cell(r, 0, G_LAUNCH)));
    xd_cell(n, "version", r, 0, G_VERSION);
}

/* GET /products/{id} */
static int
product_show(struct ctx *c)
{
    static const char *const img_cols[] = {"id", "file-name", "mime",
                                           "byte-size"};
    int64_t id = page_id(c);
    struct db_param p[1];
    struct db_rows r, im;
    xmlNodePtr n;

    if (id < 0)
        return page_not_found(c, "product", id);
    if (fetch_product(c, id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "product", id);
    n = ctx_data(c, "product");
    product_values(c, n, &r, 1);
    xd_attr(n, "created-at", text_iso_ts(c->a, db_cell(&r, 0, G_CREATED)));
    xd_attr(n, "updated-at", text_iso_ts(c->a, db_cell(&r, 0, G_UPDATED)));
    if (product_is_new(db_cell(&r, 0, G_STATUS), db_cell(&r, 0, G_LAUNCH)))
        xd_attr(n, "is-new", "true");
    if (add_availability(c, n, id) != 0)
        return ctx_db_fail(c);
    if (own_party(c) == 0) {
        page_can(c, n, "can-edit", "product.edit");
        page_can(c, n, "can-price", "price.view");
    }
    if (db_cell(&r, 0, G_DESCRIPTION) != NULL)
        xd_text(n, "description", db_cell(&r, 0, G_DESCRIPTION));
    p[0] = DB_INT(id);
    if (db_query(c->db, c->a, &sql_images, p, 1, 0, 0, &im) != 0)
        return ctx_db_fail(c);
    xd_rows(xd_elem(n, "images"), "image", &im, img_cols, XD_N(img_cols));
    if (add_own_price(c, n, id, 1) != 0)
        return ctx_db_fail(c);
    if (own_party(c) == 0 && auth_can(c, "product.edit") &&
        page_history(c, n, "product", id, PRODUCT_HISTORY) != 0)
        return ctx_db_fail(c);
    return 0;
}

/* ==================================================================== */
/* Create and edit                                                      */
/* ==================================================================== */

static const char *const product_echo[] = {
    "code",        "code",       "name",        "name",        "spec",
    "spec",        "unit",       "unit",        "pack_qty",    "pack-qty",
    "barcode",     "barcode",    "brand",       "brand",       "category",
    "category-id", "status",     "status",      "launch_on",   "launch-on",
    "list_price",  "list-price", "description", "description", "version",
    "version",     NULL};

/* The category tree as <category id parent-id depth code name/> in
 * pre-order under parent (categories are few: read whole, ordered here). */
static int
add_categories(struct ctx *c, xmlNodePtr parent)
{
    struct db_rows r;
    size_t *stack, *order, n_order = 0, top = 0;
    int *depth, *done;

    if (db_query(c->db, c->a, &sql_categories, NULL, 0, 0, 0, &r) != 0)
        return -1;
    stack = arena_alloc(c->a, (r.n_rows + 1) * sizeof(*stack));
    order = arena_alloc(c->a, (r.n_rows + 1) * sizeof(*order));
    depth = arena_alloc(c->a, (r.n_rows + 1) * sizeof(*depth));
    done = arena_alloc(c->a, (r.n_rows + 1) * sizeof(*done));
    memset(done, 0, (r.n_rows + 1) * sizeof(*done));
    /* roots (and orphans) in sort order, each followed by its subtree */
    for (size_t i = r.n_rows; i-- > 0;) {
        if (db_cell(&r, i, 1) == NULL) {
            stack[top] = i;
            depth[i] = 0;
            top++;
        }
    }
    while (top > 0) {
        size_t i = stack[--top];

        if (done[i])
            continue;
        done[i] = 1;
        order[n_order++] = i;
        for (size_t k = r.n_rows; k-- > 0;) {
            if (!done[k] && db_cell(&r, k, 1) != NULL &&
                strcmp(db_cell(&r, k, 1), db_cell(&r, i, 0)) == 0 &&
                top < r.n_rows) {
                depth[k] = depth[i] + 1;
                stack[top++] = k;
            }
        }
    }
    for (size_t i = 0; i < r.n_rows; i++) /* a cycle's rows: at the end */
        if (!done[i]) {
            depth[i] = 0;
            order[n_order++] = i;
        }
    for (size_t k = 0; k < n_order; k++) {
        size_t i = order[k];
        xmlNodePtr e = xd_elem(parent, "category");

        xd_attr(e, "id", db_cell(&r, i, 0));
        xd_attr_int(e, "depth", depth[i]);
        xd_attr(e, "code", db_cell(&r, i, 2));
        xd_attr(e, "name", db_cell(&r, i, 3));
    }
    return 0;
}

/* A new <product-form action="new|edit"> (r: the product, or NULL). */
static int
product_form(struct ctx *c, const char *action, const struct db_rows *r,
             int echo, xmlNodePtr *out)
{
    xmlNodePtr f = ctx_data(c, "product-form");

    xd_attr(f, "action", action);
    if (r != NULL) {
        xd_cell(f, "id", r, 0, G_ID);
        xd_cell(f, "current-code", r, 0, G_CODE);
        xd_cell(f, "current-name", r, 0, G_NAME);
        xd_attr_money(f, "current-price", db_cell_int(r, 0, G_PRICE));
    }
    if (echo)
        page_echo(c, f, product_echo);
    if (add_categories(c, xd_elem(f, "categories")) != 0)
        return ctx_db_fail(c);
    if (out != NULL)
        *out = f;
    return 0;
}

/* GET /products/new */
static int
product_new(struct ctx *c)
{
    xmlNodePtr f = NULL;

    if (product_form(c, "new", NULL, 0, &f) != 0)
        return -1;
    xd_attr(f, "status", "new");
    xd_attr(f, "pack-qty", "1");
    return 0;
}

int
product_ean13_ok(const char *s)
{
    int sum = 0;

    if (strlen(s) != 13)
        return 0;
    for (int i = 0; i < 13; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    for (int i = 0; i < 12; i++)
        sum += (s[i] - '0') * (i % 2 == 0 ? 1 : 3);
    return (10 - sum % 10) % 10 == s[12] - '0';
}

/* The fields of the product form, checked. */
struct product_input {
    const char *code, *name, *spec, *unit, *barcode, *brand, *status;
    const char *launch_on, *description, *category_label;
    int64_t pack_qty, category, list_price;
};

/* Read and check the form (with_price: the list price too, on create).
 * 0, or -1 on a database error. */
static int
read_product_input(struct ctx *c, int with_price, struct product_input *in)
{
    struct db_param p[1];
    struct db_rows r;

    memset(in, 0, sizeof(*in));
    in->code = form_text(c, "code", FORM_REQUIRED, 40);
    in->name = form_text(c, "name", FORM_REQUIRED, 200);
    in->spec = form_text(c, "spec", 0, 200);
    in->unit = form_text(c, "unit", FORM_REQUIRED, 20);
    in->pack_qty = 1;
    form_int(c, "pack_qty", FORM_REQUIRED, 1, 1000000, &in->pack_qty);
    in->barcode = form_text(c, "barcode", 0, 20);
    if (in->barcode != NULL && !product_ean13_ok(in->barcode)) {
        form_error(c, "barcode", "bad_barcode",
                   "an EAN-13 barcode: 13 digits with a valid check digit");
        in->barcode = NULL;
    }
    in->brand = form_text(c, "brand", 0, 60);
    in->status = form_enum(c, "status", FORM_REQUIRED, product_statuses);
    in->launch_on = form_date(c, "launch_on", 0);
    in->description = form_text(c, "description", FORM_MULTILINE, 2000);
    if (with_price && form_money(c, "list_price", 0, &in->list_price) == 0 &&
        in->list_price < 0) {
        form_error(c, "list_price", "negative", "not below zero");
        in->list_price = 0;
    }
    if (form_int(c, "category", 0, 1, INT64_MAX, &in->category) == 0 &&
        in->category > 0) {
        p[0] = DB_INT(in->category);
        if (db_query(c->db, c->a, &sql_category_pick, p, 1, 0, 0, &r) != 0)
            return -1;
        if (r.n_rows == 0) {
            form_error(c, "category", "no_such_category", "no such category");
            in->category = 0;
        } else {
            in->category_label =
                page_label(c, db_cell(&r, 0, 1), db_cell(&r, 0, 2));
        }
    } else {
        in->category = 0;
    }
    return 0;
}

/* Refuse a code another product has. 0 or -1. */
static int
check_code(struct ctx *c, const char *code, int64_t own)
{
    struct db_param p[2];
    struct db_rows r;

    if (code == NULL)
        return 0;
    p[0] = DB_TEXT(code);
    p[1] = DB_INT(own);
    if (db_query(c->db, c->a, &sql_code_used, p, 2, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows > 0)
        form_error(c, "code", "code_taken", "code taken");
    return 0;
}

struct product_write {
    struct ctx *c;
    int64_t id, version;
    struct product_input in;
    const struct db_rows *before;
    time_t now;
};

static struct db_param
opt_id(int64_t v)
{
    return v > 0 ? DB_INT(v) : DB_NULLP;
}

static const char *
int_text(struct ctx *c, int64_t v)
{
    return arena_printf(c->a, "%lld", (long long)v);
}

static const char *
money_text(struct ctx *c, int64_t fen)
{
    char buf[MONEY_BUFSZ];

    return arena_strdup(c->a, money_format(fen, 0, buf, sizeof(buf)));
}

/* One row of product_term; pre: the term's first 8 bytes, big-endian,
 * so that most comparisons of a sort do not read the strings. */
struct term_row {
    int tier;
    uint64_t pre;
    const char *term, *code;
    int64_t id;
};

/* qsort comparison of term rows: the primary key's order. */
static int
term_row_cmp(const void *x, const void *y)
{
    const struct term_row *a = x, *b = y;
    int r = a->tier - b->tier;

    if (r == 0)
        r = (a->pre > b->pre) - (a->pre < b->pre);
    if (r == 0)
        r = strcmp(a->term, b->term);
    if (r == 0)
        r = strcmp(a->code, b->code);
    if (r == 0)
        r = (a->id > b->id) - (a->id < b->id);
    return r;
}

/* Rows to write or delete, growing in an arena. */
struct term_rows {
    struct term_row *rows;
    size_t n, cap;
};

static void
term_rows_add(struct arena *a, struct term_rows *t, int tier, const char *term,
              const char *code, int64_t id)
{
    uint64_t pre = 0;
    size_t i = 0;

    if (t->n == t->cap) {
        struct term_row *more;

        t->cap = t->cap ? 2 * t->cap : 256;
        more = arena_alloc(a, t->cap * sizeof(*more));
        if (t->n > 0)
            memcpy(more, t->rows, t->n * sizeof(*more));
        t->rows = more;
    }
    for (size_t j = 0; j < 8; j++) /* stays on the NUL once there */
        pre = pre << 8 | (unsigned char)(term[i] != '\0' ? term[i++] : 0);
    t->rows[t->n++] = (struct term_row){tier, pre, term, code, id};
}

/*
 * Run the statements of batch (the most rows first) over the rows of t,
 * four parameters a row (tier, term, code, product).  0 or -1.
 */
static int
term_rows_run(struct db *db, const struct term_rows *t,
              const struct db_sql *const *sql, const size_t *rows, size_t n_sql)
{
    struct db_param p[4 * 100];
    size_t i = 0;

    for (size_t b = 0; b < n_sql; b++)
        for (; t->n - i >= rows[b]; i += rows[b]) {
            for (size_t j = 0; j < rows[b]; j++) {
                const struct term_row *r = &t->rows[i + j];

                p[4 * j] = DB_INT(r->tier);
                p[4 * j + 1] = DB_TEXT(r->term);
                p[4 * j + 2] = DB_TEXT(r->code);
                p[4 * j + 3] = DB_INT(r->id);
            }
            if (db_exec(db, sql[b], p, 4 * rows[b], NULL) != 0)
                return -1;
        }
    return 0;
}

int
product_terms_write(struct db *db, struct arena *a,
                    const struct product_key *pk, size_t n)
{
    static const struct db_sql *const ins[] = {&sql_terms_100, &sql_terms_10,
                                               &sql_terms_1};
    static const struct db_sql *const del[] = {&sql_terms_delete_10,
                                               &sql_terms_delete_1};
    static const size_t ins_rows[] = {100, 10, 1}, del_rows[] = {10, 1};
    struct term_rows add = {NULL, 0, 0}, drop = {NULL, 0, 0};

    for (size_t k = 0; k < n; k++) {
        struct pinyin_term *t, *o = NULL;
        size_t n_t, n_o = 0, i = 0, j = 0;
        int same_code;

        pinyin_terms(a, pk[k].key, &t, &n_t);
        if (pk[k].old_key != NULL)
            pinyin_terms(a, pk[k].old_key, &o, &n_o);
        same_code =
            pk[k].old_code != NULL && strcmp(pk[k].old_code, pk[k].code) == 0;
        /* both sorted by text, each text once: only the difference */
        while (i < n_t || j < n_o) {
            int c = i == n_t     ? 1
                    : j == n_o   ? -1
                    : !same_code ? strcmp(t[i].text, o[j].text) < 0 ? -1 : 1
                                 : strcmp(t[i].text, o[j].text);

            if (c == 0 && t[i].tier == o[j].tier) {
                i++, j++; /* stays */
            } else if (c <= 0) {
                term_rows_add(a, &add, t[i].tier, t[i].text, pk[k].code,
                              pk[k].id);
                i++;
                if (c == 0) { /* the same text at another tier */
                    term_rows_add(a, &drop, o[j].tier, o[j].text,
                                  pk[k].old_code, pk[k].id);
                    j++;
                }
            } else {
                term_rows_add(a, &drop, o[j].tier, o[j].text, pk[k].old_code,
                              pk[k].id);
                j++;
            }
        }
    }
    /* in key order: each page of the index is written once, not once per
     * product (SQLite's page cache would otherwise spill to the file) */
    if (add.n > 1)
        qsort(add.rows, add.n, sizeof(*add.rows), term_row_cmp);
    return term_rows_run(db, &drop, del, del_rows, 2) != 0 ||
                   term_rows_run(db, &add, ins, ins_rows, 3) != 0
               ? -1
               : 0;
}

/* The search key of the form's values (core/pinyin.h). */
static const char *
input_key(struct ctx *c, const struct product_input *in)
{
    return pinyin_search_key(c->a, in->code, in->name, in->spec, in->brand,
                             in->barcode);
}

static int
product_create_uow(struct db *db, void *arg)
{
    struct product_write *w = arg;
    struct ctx *c = w->c;
    const struct product_input *in = &w->in;
    struct db_param p[16];
    struct product_key key;
    struct sbuf d;

    p[0] = DB_INT(w->id);
    p[1] = DB_TEXT(in->code);
    p[2] = DB_TEXT(in->name);
    p[3] = DB_TEXT(in->spec);
    p[4] = DB_TEXT(in->unit);
    p[5] = DB_INT(in->pack_qty);
    p[6] = DB_TEXT(in->barcode);
    p[7] = DB_TEXT(in->brand);
    p[8] = opt_id(in->category);
    p[9] = DB_TEXT(in->status);
    p[10] = DB_INT(in->list_price);
    p[11] = DB_TEXT(in->launch_on);
    p[12] = DB_TEXT(input_key(c, in));
    p[13] = DB_TEXT(in->description);
    p[14] = DB_TS(w->now);
    p[15] = DB_TS(w->now);
    key = (struct product_key){w->id, in->code, p[12].s, NULL, NULL};
    if (db_exec(db, &sql_insert, p, 16, NULL) != 0 ||
        product_terms_write(db, c->a, &key, 1) != 0)
        return -1;
    sbuf_init(&d, c->a, 256);
    audit_diff(&d, "code", NULL, in->code);
    audit_diff(&d, "name", NULL, in->name);
    audit_diff(&d, "spec", NULL, in->spec);
    audit_diff(&d, "unit", NULL, in->unit);
    audit_diff(&d, "pack_qty", NULL, int_text(c, in->pack_qty));
    audit_diff(&d, "barcode", NULL, in->barcode);
    audit_diff(&d, "brand", NULL, in->brand);
    audit_diff(&d, "category", NULL, in->category_label);
    audit_diff(&d, "status", NULL, in->status);
    audit_diff(&d, "list_price", NULL, money_text(c, in->list_price));
    audit_diff(&d, "launch_on", NULL, in->launch_on);
    audit_diff(&d, "description", NULL, in->description);
    return audit_write(c, "product", w->id, "create", d.buf);
}

/* POST /products/new */
static int
product_create(struct ctx *c)
{
    struct product_write w;

    memset(&w, 0, sizeof(w));
    w.c = c;
    if (read_product_input(c, 1, &w.in) != 0 ||
        check_code(c, w.in.code, 0) != 0)
        return ctx_db_fail(c);
    if (!form_ok(c))
        return product_form(c, "new", NULL, 1, NULL);
    db_rollback(c->db);
    if (db_next_id(c->db, "product", &w.id) != 0)
        return ctx_db_fail(c);
    w.now = clock_now();
    if (db_uow(c->db, product_create_uow, &w) != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "code taken");
        return product_form(c, "new", NULL, 1, NULL);
    }
    return ctx_redirect(c,
                        arena_printf(c->a, "/products/%lld", (long long)w.id));
}

int
product_status_edge_ok(const char *from, const char *to)
{
    return strcmp(from, to) == 0 ||
           (strcmp(to, "active") == 0 && strcmp(from, "new") == 0) ||
           strcmp(to, "discontinued") == 0;
}

/* GET /products/{id}/edit */
static int
product_edit(struct ctx *c)
{
    int64_t id = page_id(c);
    struct db_rows r;
    xmlNodePtr f = NULL;

    if (id < 0)
        return page_not_found(c, "product", id);
    if (fetch_product(c, id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "product", id);
    if (product_form(c, "edit", &r, 0, &f) != 0)
        return -1;
    product_values(c, f, &r, 0);
    if (db_cell(&r, 0, G_DESCRIPTION) != NULL)
        xd_attr(f, "description", db_cell(&r, 0, G_DESCRIPTION));
    return 0;
}

#define PRODUCT_CONFLICT 1

static int
product_update_uow(struct db *db, void *arg)
{
    struct product_write *w = arg;
    struct ctx *c = w->c;
    const struct product_input *in = &w->in;
    const struct db_rows *b = w->before;
    struct db_param p[18];
    struct product_key key;
    struct sbuf d;
    long n = 0;

    p[0] = DB_TEXT(in->code);
    p[1] = DB_TEXT(in->name);
    p[2] = DB_TEXT(in->spec);
    p[3] = DB_TEXT(in->unit);
    p[4] = DB_INT(in->pack_qty);
    p[5] = DB_TEXT(in->barcode);
    p[6] = DB_TEXT(in->brand);
    p[7] = opt_id(in->category);
    p[8] = DB_TEXT(in->status);
    p[9] = DB_TEXT(in->launch_on);
    p[10] = DB_TEXT(input_key(c, in));
    p[11] = DB_TEXT(in->description);
    p[12] = DB_TS(w->now);
    p[13] = DB_INT(w->id);
    p[14] = DB_INT(w->version);
    p[15] = DB_TEXT(in->status);
    p[16] = DB_TEXT(in->status);
    p[17] = DB_TEXT(in->status);
    if (db_exec(db, &sql_update, p, 18, &n) != 0)
        return -1;
    if (n == 0)
        return PRODUCT_CONFLICT;
    key = (struct product_key){w->id, in->code, p[10].s, db_cell(b, 0, G_CODE),
                               db_cell(b, 0, G_KEY)};
    if (product_terms_write(db, c->a, &key, 1) != 0)
        return -1;
    sbuf_init(&d, c->a, 256);
    audit_diff(&d, "code", db_cell(b, 0, G_CODE), in->code);
    audit_diff(&d, "name", db_cell(b, 0, G_NAME), in->name);
    audit_diff(&d, "spec", db_cell(b, 0, G_SPEC), in->spec);
    audit_diff(&d, "unit", db_cell(b, 0, G_UNIT), in->unit);
    audit_diff(&d, "pack_qty", db_cell(b, 0, G_PACK),
               int_text(c, in->pack_qty));
    audit_diff(&d, "barcode", db_cell(b, 0, G_BARCODE), in->barcode);
    audit_diff(&d, "brand", db_cell(b, 0, G_BRAND), in->brand);
    audit_diff(&d, "category",
               db_cell(b, 0, G_CAT_CODE) != NULL
                   ? page_label(c, db_cell(b, 0, G_CAT_CODE),
                                db_cell(b, 0, G_CAT_NAME))
                   : NULL,
               in->category_label);
    audit_diff(&d, "status", db_cell(b, 0, G_STATUS), in->status);
    audit_diff(&d, "launch_on", text_iso_date(c->a, db_cell(b, 0, G_LAUNCH)),
               in->launch_on);
    audit_diff(&d, "description", db_cell(b, 0, G_DESCRIPTION),
               in->description);
    return audit_write(c, "product", w->id, "update", d.buf);
}

/* The edit form again with 409: yours as typed, the stored row in
 * <conflict>, and its version in the form (a second save overwrites). */
static int
product_conflict(struct ctx *c, int64_t id)
{
    struct db_rows r;
    xmlNodePtr f = NULL, k;

    db_rollback(c->db);
    if (fetch_product(c, id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "product", id);
    page_conflict(c);
    if (product_form(c, "edit", &r, 1, &f) != 0)
        return -1;
    xmlUnsetProp(f, BAD_CAST "version");
    xd_cell(f, "version", &r, 0, G_VERSION);
    k = xd_elem(f, "conflict");
    product_values(c, k, &r, 1);
    if (db_cell(&r, 0, G_DESCRIPTION) != NULL)
        xd_attr(k, "description", db_cell(&r, 0, G_DESCRIPTION));
    return 0;
}

/* POST /products/{id}/edit */
static int
product_update(struct ctx *c)
{
    struct product_write w;
    struct db_rows r;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = page_id(c);
    if (w.id < 0)
        return page_not_found(c, "product", w.id);
    if (fetch_product(c, w.id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "product", w.id);
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version);
    if (read_product_input(c, 0, &w.in) != 0 ||
        check_code(c, w.in.code, w.id) != 0)
        return ctx_db_fail(c);
    if (w.in.status != NULL &&
        !product_status_edge_ok(db_cell(&r, 0, G_STATUS), w.in.status))
        form_error(c, "status", "bad_status_change",
                   "a discontinued product stays so; an active one cannot "
                   "be new again");
    if (!form_ok(c))
        return product_form(c, "edit", &r, 1, NULL);
    if (w.version != db_cell_int(&r, 0, G_VERSION))
        return product_conflict(c, w.id);
    w.before = &r;
    w.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, product_update_uow, &w);
    if (rc == PRODUCT_CONFLICT)
        return product_conflict(c, w.id);
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "code taken");
        return product_form(c, "edit", &r, 1, NULL);
    }
    return ctx_redirect(c,
                        arena_printf(c->a, "/products/%lld", (long long)w.id));
}

static int
product_retire_uow(struct db *db, void *arg)
{
    struct product_write *w = arg;
    struct db_param p[3];
    long n = 0;

    p[0] = DB_TS(w->now);
    p[1] = DB_INT(w->id);
    p[2] = DB_INT(w->version);
    if (db_exec(db, &sql_retire, p, 3, &n) != 0)
        return -1;
    if (n == 0)
        return PRODUCT_CONFLICT;
    return audit_write(w->c, "product", w->id, "retire",
                       arena_printf(w->c->a, "status: %s -> discontinued",
                                    db_cell(w->before, 0, G_STATUS)));
}

/* POST /products/{id}/retire (version): from new or active only. */
static int
product_retire(struct ctx *c)
{
    struct product_write w;
    struct db_rows r;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = page_id(c);
    if (w.id < 0)
        return page_not_found(c, "product", w.id);
    if (fetch_product(c, w.id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "product", w.id);
    if (form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version) != 0)
        return ctx_fail(c, 400, "bad_param", "version required", "version");
    if (strcmp(db_cell(&r, 0, G_STATUS), "discontinued") == 0)
        return ctx_fail(c, 409, "conflict",
                        "the product is discontinued already", NULL);
    if (w.version != db_cell_int(&r, 0, G_VERSION))
        return ctx_fail(c, 409, "conflict", "the product was changed meanwhile",
                        NULL);
    w.before = &r;
    w.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, product_retire_uow, &w);
    if (rc == PRODUCT_CONFLICT)
        return ctx_fail(c, 409, "conflict", "the product was changed meanwhile",
                        NULL);
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(c,
                        arena_printf(c->a, "/products/%lld", (long long)w.id));
}

/* ==================================================================== */
/* Images                                                               */
/* ==================================================================== */

/* The type of an image by its first bytes (core/filetype.h); NULL when it
 * is not an accepted picture. */
static const char *
image_type(const char *data, size_t len)
{
    const struct filetype *t = filetype_sniff(data, len);

    return filetype_is_image(t) ? t->mime : NULL;
}

struct image_write {
    struct ctx *c;
    int64_t id, product_id, sort_key;
    const char *mime, *code;
    const struct req_upload *u;
    time_t now;
};

static int
image_upload_uow(struct db *db, void *arg)
{
    struct image_write *w = arg;
    struct ctx *c = w->c;
    struct db_param p[9];

    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->product_id);
    p[2] = DB_TEXT(w->mime[6] == 'p' ? "image.png" : "image.jpg");
    p[3] = DB_TEXT(w->mime);
    p[4] = DB_INT((int64_t)w->u->len);
    p[5] = DB_BLOB(w->u->data, w->u->len);
    p[6] = DB_INT(w->sort_key);
    p[7] = DB_TS(w->now);
    p[8] = c->user != NULL ? DB_INT(c->user->id) : DB_NULLP;
    if (db_exec(db, &sql_image_insert, p, 9, NULL) != 0)
        return -1;
    return audit_write(c, "product", w->product_id, "image_add",
                       arena_printf(c->a, "image %lld: %s, %zu bytes",
                                    (long long)w->id, w->mime, w->u->len));
}

/* POST /products/{id}/images (multipart: file) */
static int
product_image_upload(struct ctx *c)
{
    int64_t id = page_id(c);
    const struct req_upload *u = NULL;
    struct image_write w;
    struct db_param p[1];
    struct db_rows r, n;

    if (id < 0)
        return page_not_found(c, "product", id);
    if (fetch_product(c, id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "product", id);
    for (size_t i = 0; i < c->req->n_uploads; i++) {
        const struct req_upload *x = &c->req->uploads[i];

        if (strcmp(x->field, "file") != 0)
            return ctx_fail(c, 400, "bad_param", "unexpected file", x->field);
        if (u != NULL)
            return ctx_fail(c, 400, "bad_param", "one file only", "file");
        u = x;
    }
    memset(&w, 0, sizeof(w));
    w.c = c;
    w.product_id = id;
    p[0] = DB_INT(id);
    if (db_query(c->db, c->a, &sql_image_count, p, 1, 0, 0, &n) != 0)
        return ctx_db_fail(c);
    w.sort_key = db_cell_int(&n, 0, 0);
    if (u == NULL || u->len == 0)
        form_error(c, "file", u == NULL ? "required" : "empty_file",
                   u == NULL ? "choose a file" : "the file is empty");
    else if (u->len > PRODUCT_IMAGE_MAX)
        form_error(c, "file", "file_too_large", "at most 1 MiB");
    else if ((w.mime = image_type(u->data, u->len)) == NULL)
        form_error(c, "file", "bad_file_type",
                   "only PNG and JPEG images are accepted");
    else if (w.sort_key >= PRODUCT_IMAGES)
        form_error(c, "file", "too_many_images", "at most 20 images");
    if (!form_ok(c))
        return product_show(c); /* the page again, status 422 */
    w.u = u;
    db_rollback(c->db);
    if (db_next_id(c->db, "product_image", &w.id) != 0)
        return ctx_db_fail(c);
    w.now = clock_now();
    if (db_uow(c->db, image_upload_uow, &w) != 0)
        return ctx_db_fail(c);
    return ctx_redirect(c, arena_printf(c->a, "/products/%lld", (long long)id));
}

/*
 * GET /products/{id}/images/{image}: the stored bytes with the type they
 * were sniffed as (sniffed again: a row changed behind our back is never
 * served as anything else), as an attachment (an <img> shows it all the
 * same; opened directly it downloads), nosniff and no-store from the
 * dispatcher: product.view is a signed-in right, so no shared cache.
 */
static int
product_image(struct ctx *c)
{
    int64_t id = route_arg_id(c->req, "id");
    int64_t image = route_arg_id(c->req, "image");
    struct db_param p[2];
    struct db_rows r;
    const char *body, *t;
    size_t len;

    if (id <= 0 || image <= 0)
        return page_not_found(c, "product_image", image);
    p[0] = DB_INT(image);
    p[1] = DB_INT(id);
    if (db_query(c->db, c->a, &sql_image_body, p, 2, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows != 1)
        return page_not_found(c, "product_image", image);
    body = db_cell_blob(&r, 0, 1, &len);
    t = body != NULL ? image_type(body, len) : NULL;
    if (t == NULL || db_cell(&r, 0, 0) == NULL ||
        strcmp(t, db_cell(&r, 0, 0)) != 0) {
        log_error("req=%s product_image %lld: stored body does not match "
                  "its type",
                  c->request_id, (long long)image);
        return ctx_fail(c, 500, "internal", "internal error", NULL);
    }
    ctx_header(c, "Content-Disposition",
               arena_printf(c->a,
                            "attachment; filename=\"product-%lld-%lld%s\"",
                            (long long)id, (long long)image,
                            t[6] == 'p' ? ".png" : ".jpg"));
    c->raw_type = t;
    sbuf_init(&c->raw, c->a, len + 1);
    sbuf_add(&c->raw, body, len);
    return 0;
}

static int
image_delete_uow(struct db *db, void *arg)
{
    struct image_write *w = arg;
    struct db_param p[2];
    long n = 0;

    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->product_id);
    if (db_exec(db, &sql_image_delete, p, 2, &n) != 0)
        return -1;
    if (n == 0)
        return PRODUCT_CONFLICT;
    return audit_write(w->c, "product", w->product_id, "image_delete",
                       arena_printf(w->c->a, "image %lld", (long long)w->id));
}

/* POST /products/{id}/images/{image}/delete */
static int
product_image_delete(struct ctx *c)
{
    struct image_write w;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    w.product_id = route_arg_id(c->req, "id");
    w.id = route_arg_id(c->req, "image");
    if (w.product_id <= 0 || w.id <= 0)
        return page_not_found(c, "product_image", w.id);
    db_rollback(c->db);
    rc = db_uow(c->db, image_delete_uow, &w);
    if (rc == PRODUCT_CONFLICT)
        return page_not_found(c, "product_image", w.id);
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(
        c, arena_printf(c->a, "/products/%lld", (long long)w.product_id));
}

/* ==================================================================== */
/* Routes                                                               */
/* ==================================================================== */

#define F_TEXT(n)  P_FIELD(n, PRODUCT_FIELD_MAX)
#define F_MULTI(n) P_FIELD_MULTI(n, PRODUCT_FIELD_MAX)

static const struct param_spec list_params[] = {
    P_SEARCH, P_SORT(sort_keys), P_DIR(dirs), P_PAGE, P_END,
};
static const struct param_spec new_list_params[] = {
    P_PAGE,
    P_END,
};
static const struct param_spec form_params[] = {
    F_TEXT("code"),       F_TEXT("name"),
    F_TEXT("spec"),       F_TEXT("unit"),
    F_TEXT("pack_qty"),   F_TEXT("barcode"),
    F_TEXT("brand"),      F_TEXT("category"),
    F_TEXT("status"),     F_TEXT("launch_on"),
    F_TEXT("list_price"), F_MULTI("description"),
    F_TEXT("version"),    P_END,
};
static const struct param_spec version_params[] = {
    F_TEXT("version"),
    P_END,
};
static const struct param_spec no_params[] = {
    P_END,
};

/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/products",                             "products.list",         "product.view", "products.xsl", product_list,         list_params,     ROUTE_CSV},
    {REQ_GET,  "/products/new-arrivals",                "products.new_arrivals", "product.view", "products.xsl", product_new_arrivals, new_list_params, ROUTE_CSV},
    {REQ_GET,  "/products/new",                         "products.new",          "product.edit", "products.xsl", product_new,          NULL,            0},
    {REQ_POST, "/products/new",                         "products.create",       "product.edit", "products.xsl", product_create,       form_params,     0},
    {REQ_GET,  "/products/{id}",                        "products.show",         "product.view", "products.xsl", product_show,         NULL,            0},
    {REQ_GET,  "/products/{id}/edit",                   "products.edit",         "product.edit", "products.xsl", product_edit,         NULL,            0},
    {REQ_POST, "/products/{id}/edit",                   "products.update",       "product.edit", "products.xsl", product_update,       form_params,     0},
    {REQ_POST, "/products/{id}/retire",                 "products.retire",       "product.edit", "products.xsl", product_retire,       version_params,  0},
    {REQ_POST, "/products/{id}/images",                 "products.image_upload", "product.edit", "products.xsl", product_image_upload, no_params,       ROUTE_UPLOAD},
    {REQ_GET,  "/products/{id}/images/{image}",         "products.image",        "product.view", NULL,           product_image,        NULL,            ROUTE_RAW},
    {REQ_POST, "/products/{id}/images/{image}/delete",  "products.image_delete", "product.edit", "products.xsl", product_image_delete, no_params,       0},
};
/* clang-format on */

const struct module products_module = {"products", routes,
                                       sizeof(routes) / sizeof(routes[0])};
