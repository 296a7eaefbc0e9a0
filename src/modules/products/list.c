/*
 * list.c - the lists of the catalog: GET /products (all products, or a
 * search of their terms, ranked) and GET /products/new-arrivals, each
 * with its CSV.  See products_int.h.
 */
#include <stdint.h>
#include <string.h>

#include "products_int.h"

#include "../price.h"

#include "../../core/arena.h"
#include "../../core/clock.h"
#include "../../core/csv.h"
#include "../../core/ctx.h"
#include "../../core/money.h"
#include "../../core/page.h"
#include "../../core/pinyin.h"
#include "../../core/text.h"
#include "../../core/xd.h"
#include "../../db/db.h"

#define PRODUCT_PAGE    50
#define PRODUCT_CSV_MAX 10000 /* rows of a CSV export */

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
 * New arrivals (the rule in products_int.h): status 'new', or not
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

const char *const pd_sort_keys[] = {"code", "name", "price", "category", NULL};

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

    for (int i = 0; pd_sort_keys[i] != NULL; i++)
        if (strcmp(pd_sort_keys[i], sort) == 0)
            k = i;
    return table[mode][k][desc != 0];
}

/* One row of a list (PRODUCT_COLS) as <product .../> under list, with
 * the user's own price q (NULL: none; pd_own_prices). */
static void
list_row(struct ctx *c, xmlNodePtr list, const struct db_rows *r, size_t i,
         const char *launch_on, const struct price_quote *q)
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
    pd_put_own_price(n, q, 0);
}

/* The rows of a list under list, with the user's own prices (one
 * price_quote_many for the page).  0 or -1. */
static int
list_rows(struct ctx *c, xmlNodePtr list, const struct db_rows *r,
          size_t launch_col)
{
    struct price_quote *q;
    int *rcs;

    if (pd_own_prices(c, r, 0, &q, &rcs) != 0)
        return -1;
    for (size_t i = 0; i < r->n_rows; i++)
        list_row(c, list, r, i,
                 launch_col > 0 ? db_cell(r, i, launch_col) : NULL,
                 q != NULL && rcs[i] == 0 ? &q[i] : NULL);
    return 0;
}

/* The rows of a list as CSV (the user's own price for channel users). */
static int
list_csv(struct ctx *c, const struct db_rows *r, const char *filename)
{
    int64_t party = pd_own_party(c);
    char buf[MONEY_BUFSZ];
    struct price_quote *q;
    int *rcs;

    if (pd_own_prices(c, r, 0, &q, &rcs) != 0)
        return -1;
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
        if (party > 0)
            csv_num(c, q != NULL && rcs[i] == 0
                           ? money_format(q[i].unit_price, 0, buf, sizeof(buf))
                           : "");
        csv_text(c, db_cell(r, i, 8));
        csv_row(c);
    }
    return 0;
}

/* A search as pd_list runs it (see the head of the search above). */
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
int
pd_list(struct ctx *c)
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
    for (int i = 0; pd_sort_keys[i] != NULL; i++)
        xd_attr(xd_elem(opts, "option"), "value", pd_sort_keys[i]);
    return list_rows(c, list, &rows, 0) != 0 ? ctx_db_fail(c) : 0;
}

/* GET /products/new-arrivals, .csv: the rule in products_int.h. */
int
pd_new_arrivals(struct ctx *c)
{
    int64_t page = param_int(c->req, "page", 1);
    char from[11], today[11];
    struct db_param p[2];
    struct db_rows rows;
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
    if (page_rows(c, PRODUCT_PAGE, &page, &total, &pages, &sql_new_count, p, 2,
                  &sql_new_page, p, 2, &rows) != 0)
        return -1;
    list = ctx_data(c, "new-products");
    xd_attr_int(list, "days", PRODUCT_NEW_DAYS);
    xd_attr(list, "since", from);
    xd_attr_int(list, "page", page);
    xd_attr_int(list, "pages", pages);
    xd_attr_int(list, "total", total);
    return list_rows(c, list, &rows, 9) != 0 ? ctx_db_fail(c) : 0;
}
