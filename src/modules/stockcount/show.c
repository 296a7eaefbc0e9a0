/*
 * show.c - a count's page (GET /stock/counts/{id}): its fields, line
 * counts and lines (filtered, sorted, paged, or as CSV), which the entry
 * and variance pages reuse; and the count sheet for paper.  See
 * stockcount_int.h.
 */
#include <stdint.h>
#include <string.h>

#include "stockcount_int.h"

#include "../../core/auth.h"
#include "../../core/csv.h"
#include "../../core/ctx.h"
#include "../../core/money.h"
#include "../../core/page.h"
#include "../../core/text.h"
#include "../../core/xd.h"
#include "../../db/db.h"

#define COUNT_HISTORY 50

/* ---- one count ------------------------------------------------------- */

/* The variance of a line; NULL while it is not counted. */
#define VAR "(l.qty_done - l.book_qty)"
DB_STATEMENT(sql_count_stats, 0,
             "SELECT COUNT(*), COUNT(l.qty_done),"
             " SUM(CASE WHEN " VAR " <> 0 THEN 1 ELSE 0 END),"
             " SUM(CASE WHEN " VAR " > 0 THEN " VAR " ELSE 0 END),"
             " SUM(CASE WHEN " VAR " < 0 THEN 0 - " VAR " ELSE 0 END),"
             " SUM(CASE WHEN " VAR " > 0 THEN " VAR " * p.list_price"
             " ELSE 0 END),"
             " SUM(CASE WHEN " VAR " < 0 THEN (0 - " VAR ") * p.list_price"
             " ELSE 0 END)"
             " FROM stock_doc_line l JOIN product p ON p.id = l.product_id"
             " WHERE l.doc_id = ?");

/* Lines: count; q (3: NULL test, code, name); show (4). */
#define LINE_WHERE                                                             \
    " WHERE l.doc_id = ?"                                                      \
    " AND (CAST(? AS VARCHAR(100)) IS NULL"                                    \
    " OR p.code LIKE ?" LIKE_ESC " OR p.name LIKE ?" LIKE_ESC ")"              \
    " AND (CAST(? AS VARCHAR(10)) IS NULL"                                     \
    " OR (CAST(? AS VARCHAR(10)) = 'uncounted' AND l.qty_done IS NULL)"        \
    " OR (CAST(? AS VARCHAR(10)) = 'counted' AND l.qty_done IS NOT NULL)"      \
    " OR (CAST(? AS VARCHAR(10)) = 'variance' AND l.qty_done <> l.book_qty))"
#define LINE_N_WHERE 8
enum {
    L_NO,
    L_PRODUCT,
    L_CODE,
    L_NAME,
    L_SPEC,
    L_UNIT,
    L_BOOK,
    L_COUNTED,
    L_PRICE,
    L_NOTE,
    L_REASON
};
#define LINE_SELECT                                                            \
    "SELECT l.line_no, l.product_id, p.code, p.name, p.spec, p.unit,"          \
    " l.book_qty, l.qty_done, p.list_price, l.note, l.reason"                  \
    " FROM stock_doc_line l JOIN product p ON p.id = l.product_id" LINE_WHERE
#define BY_VAR   " COALESCE(" VAR ", 0)"
#define BY_VALUE " COALESCE(" VAR " * p.list_price, 0)"

DB_STATEMENT(sql_lines_no_asc, DB_PAGED, LINE_SELECT " ORDER BY l.line_no ASC");
DB_STATEMENT(sql_lines_no_desc, DB_PAGED,
             LINE_SELECT " ORDER BY l.line_no DESC");
DB_STATEMENT(sql_lines_code_asc, DB_PAGED,
             LINE_SELECT " ORDER BY p.code ASC, l.line_no ASC");
DB_STATEMENT(sql_lines_code_desc, DB_PAGED,
             LINE_SELECT " ORDER BY p.code DESC, l.line_no DESC");
DB_STATEMENT(sql_lines_var_asc, DB_PAGED,
             LINE_SELECT " ORDER BY" BY_VAR " ASC, l.line_no ASC");
DB_STATEMENT(sql_lines_var_desc, DB_PAGED,
             LINE_SELECT " ORDER BY" BY_VAR " DESC, l.line_no ASC");
DB_STATEMENT(sql_lines_val_asc, DB_PAGED,
             LINE_SELECT " ORDER BY" BY_VALUE " ASC, l.line_no ASC");
DB_STATEMENT(sql_lines_val_desc, DB_PAGED,
             LINE_SELECT " ORDER BY" BY_VALUE " DESC, l.line_no ASC");
DB_STATEMENT(
    sql_lines_count, 0,
    "SELECT COUNT(*)"
    " FROM stock_doc_line l JOIN product p ON p.id = l.product_id" LINE_WHERE);

/* ==================================================================== */
/* Helpers                                                              */
/* ==================================================================== */

/* The count's own fields (K_*) as attributes of n. */
static void
head_attrs(struct ctx *c, xmlNodePtr n, const struct db_rows *k, int qty)
{
    static const char *const names[] = {"id",
                                        "doc-no",
                                        "status",
                                        "warehouse-id",
                                        "warehouse-code",
                                        "warehouse-name",
                                        NULL,
                                        "category-id",
                                        "category-code",
                                        "category-name",
                                        "note",
                                        "version",
                                        NULL,
                                        "created-by",
                                        NULL,
                                        "posted-by"};

    xd_row(n, k, 0, names, XD_N(names));
    xd_attr(n, "doc-on", text_iso_date(c->a, db_cell(k, 0, K_ON)));
    page_ts_cell(c, n, "created-at", k, 0, K_CREATED_AT);
    page_ts_cell(c, n, "posted-at", k, 0, K_POSTED_AT);
    if (qty && db_cell(k, 0, K_AMOUNT) != NULL)
        xd_money_cell(n, "amount", k, 0, K_AMOUNT);
}

/*
 * The line counts of count `id` as attributes of n (lines, counted,
 * uncounted; with qty the variances in units and value).  0 or -1.
 */
static int
stats_attrs(struct ctx *c, xmlNodePtr n, int64_t id, int qty)
{
    struct db_param p[1] = {DB_INT(id)};
    struct db_rows s;
    int64_t lines, counted, gain, loss;

    if (db_query(c->db, c->a, &sql_count_stats, p, 1, 0, 0, &s) != 0)
        return -1;
    lines = db_cell_int(&s, 0, 0);
    counted = db_cell_int(&s, 0, 1);
    xd_attr_int(n, "lines", lines);
    xd_attr_int(n, "counted", counted);
    xd_attr_int(n, "uncounted", lines - counted);
    if (!qty)
        return 0;
    gain = db_cell_int(&s, 0, 5);
    loss = db_cell_int(&s, 0, 6);
    xd_attr_int(n, "variances", db_cell_int(&s, 0, 2));
    xd_attr_int(n, "gain-qty", db_cell_int(&s, 0, 3));
    xd_attr_int(n, "loss-qty", db_cell_int(&s, 0, 4));
    xd_attr_money(n, "gain-value", gain);
    xd_attr_money(n, "loss-value", loss);
    xd_attr_money(n, "net-value", gain - loss);
    return 0;
}

/* Line i of r (LINE_SELECT) as <line>; book: with the book quantity,
 * the variance and its value. */
static void
line_elem(xmlNodePtr parent, const struct db_rows *r, size_t i, int book)
{
    static const char *const names[] = {"no",   "product-id", "code",
                                        "name", "spec",       "unit"};
    xmlNodePtr e = xd_elem(parent, "line");
    const char *counted = db_cell(r, i, L_COUNTED);
    const char *reason = db_cell(r, i, L_REASON);

    xd_row(e, r, i, names, XD_N(names));
    if (book)
        xd_cell(e, "book-qty", r, i, L_BOOK);
    xd_attr(e, "counted", counted);
    if (book && counted != NULL) {
        int64_t v = db_cell_int(r, i, L_COUNTED) - db_cell_int(r, i, L_BOOK);

        xd_attr_int(e, "variance", v);
        xd_attr_money(e, "value", v * db_cell_int(r, i, L_PRICE));
    }
    xd_cell(e, "note", r, i, L_NOTE);
    if (reason != NULL && strcmp(reason, "found") == 0)
        xd_attr(e, "found", "true");
}

/* The lines as CSV (book: with book quantity, variance and value). */
static void
lines_csv(struct ctx *c, const struct db_rows *k, const struct db_rows *r,
          int book)
{
    csv_begin(c, arena_printf(c->a, "%s.csv", db_cell(k, 0, K_NO)));
    csv_text(c, "line");
    csv_text(c, "code");
    csv_text(c, "name");
    csv_text(c, "spec");
    csv_text(c, "unit");
    if (book)
        csv_text(c, "book_qty");
    csv_text(c, "counted");
    if (book) {
        csv_text(c, "variance");
        csv_text(c, "value");
    }
    csv_text(c, "found");
    csv_text(c, "note");
    csv_row(c);
    for (size_t i = 0; i < r->n_rows; i++) {
        const char *counted = db_cell(r, i, L_COUNTED);
        const char *reason = db_cell(r, i, L_REASON);
        int64_t v = db_cell_int(r, i, L_COUNTED) - db_cell_int(r, i, L_BOOK);

        csv_num(c, db_cell(r, i, L_NO));
        csv_text(c, db_cell(r, i, L_CODE));
        csv_text(c, db_cell(r, i, L_NAME));
        csv_text(c, db_cell(r, i, L_SPEC));
        csv_text(c, db_cell(r, i, L_UNIT));
        if (book)
            csv_num(c, db_cell(r, i, L_BOOK));
        csv_num(c, counted);
        if (book) {
            csv_num(c, counted != NULL ? sc_num(c, v) : NULL);
            csv_num(c, counted != NULL
                           ? money_plain(c->a, v * db_cell_int(r, i, L_PRICE))
                           : NULL);
        }
        csv_text(c,
                 reason != NULL && strcmp(reason, "found") == 0 ? "yes" : NULL);
        csv_text(c, db_cell(r, i, L_NOTE));
        csv_row(c);
    }
}

/*
 * The lines of count k under n, filtered, sorted and paged by the query's
 * q, show, sort, dir and page (a POST has none of them: all lines, first
 * page), or the whole filtered list as CSV when the request wants it.
 * book: with book quantities and variances.  0 or -1 (recorded).
 */
int
sc_lines_page(struct ctx *c, xmlNodePtr n, const struct db_rows *k, int book)
{
    static const struct db_sql *const table[][2] = {
        {&sql_lines_no_asc, &sql_lines_no_desc},
        {&sql_lines_code_asc, &sql_lines_code_desc},
        {&sql_lines_var_asc, &sql_lines_var_desc},
        {&sql_lines_val_asc, &sql_lines_val_desc},
    };
    const char *show = param_text(c->req, "show");
    const char *filter = show != NULL && strcmp(show, "all") != 0 ? show : NULL;
    struct db_param p[LINE_N_WHERE];
    struct list_ask a;
    struct db_rows rows;

    sc_list_ask(c, "line", 0, &a);
    /* without the book quantities there are no variances to pick by */
    if (!book &&
        (strcmp(a.sort, "variance") == 0 || strcmp(a.sort, "value") == 0))
        a.sort = "line";
    if (!book && filter != NULL && strcmp(filter, "variance") == 0)
        filter = NULL;
    p[0] = DB_INT(db_cell_int(k, 0, K_ID));
    p[1] = DB_TEXT(a.q);
    p[2] = DB_TEXT(a.like);
    p[3] = DB_TEXT(a.like);
    for (size_t i = 4; i < LINE_N_WHERE; i++)
        p[i] = DB_TEXT(filter);
    if (c->req->want_csv) {
        if (db_query(c->db, c->a, sc_pick_sql(sc_line_sorts, table, &a), p,
                     LINE_N_WHERE, 0, 0, &rows) != 0)
            return ctx_db_fail(c);
        lines_csv(c, k, &rows, book);
        return 0;
    }
    if (sc_list_page(c, n, &sql_lines_count,
                     sc_pick_sql(sc_line_sorts, table, &a), p, LINE_N_WHERE, &a,
                     &rows) != 0)
        return -1;
    xd_attr(n, "show", filter != NULL ? filter : "all");
    for (size_t i = 0; i < rows.n_rows; i++)
        line_elem(n, &rows, i, book);
    return 0;
}

/* A count's page: its fields, line counts and the buttons the user may
 * use, under a new data element `elem`.  *out the element. */
int
sc_count_elem(struct ctx *c, const char *elem, const struct db_rows *k,
              xmlNodePtr *out)
{
    int qty = auth_can(c, "stock.qty");
    xmlNodePtr n = ctx_data(c, elem);

    head_attrs(c, n, k, qty);
    if (stats_attrs(c, n, db_cell_int(k, 0, K_ID), qty) != 0)
        return ctx_db_fail(c);
    if (sc_is_draft(k)) {
        page_can(c, n, "can-enter", "stock.count");
        page_can(c, n, "can-cancel", "stock.count");
        page_can(c, n, "can-post", "stock.post");
    }
    *out = n;
    return 0;
}

/* ==================================================================== */
/* GET /stock/counts/{id}                                               */
/* ==================================================================== */

int
sc_count_show(struct ctx *c)
{
    static const char *const texts[] = {
        "the count is open: its products are frozen until it is posted or "
        "cancelled",
        "already opened: this form was sent before, nothing was changed",
        "the counted quantities are saved", "the count is posted",
        "the count is cancelled"};
    const char *done = param_text(c->req, "done");
    int book = auth_can(c, "stock.qty");
    struct db_rows k;
    xmlNodePtr n;

    if (sc_find_count(c, page_id(c), &k) != 0)
        return -1;
    if (c->req->want_csv)
        return sc_lines_page(c, NULL, &k, book);
    for (size_t i = 0; done != NULL && sc_dones[i] != NULL; i++)
        if (strcmp(sc_dones[i], done) == 0)
            ctx_message(c, "info", sc_dones[i], NULL, texts[i]);
    if (sc_count_elem(c, "stock-count", &k, &n) != 0 ||
        sc_lines_page(c, n, &k, book) != 0)
        return -1;
    if (page_history(c, n, "stock_doc", db_cell_int(&k, 0, K_ID),
                     COUNT_HISTORY) != 0)
        return ctx_db_fail(c);
    return 0;
}

/* ==================================================================== */
/* GET /stock/counts/{id}/sheet                                         */
/* ==================================================================== */

int
sc_count_sheet(struct ctx *c)
{
    struct db_param p[LINE_N_WHERE];
    struct db_rows k, rows;
    int blind = param_int(c->req, "blind", 1) != 0 || !auth_can(c, "stock.qty");
    xmlNodePtr n;

    if (sc_find_count(c, page_id(c), &k) != 0)
        return -1;
    n = ctx_data(c, "stock-count-sheet");
    head_attrs(c, n, &k, 0);
    xd_attr(n, "blind", blind ? "1" : "0");
    p[0] = DB_INT(db_cell_int(&k, 0, K_ID));
    for (size_t i = 1; i < LINE_N_WHERE; i++)
        p[i] = DB_NULLP;
    if (db_query(c->db, c->a, &sql_lines_no_asc, p, LINE_N_WHERE, 0, 0,
                 &rows) != 0)
        return ctx_db_fail(c);
    xd_attr_int(n, "lines", (int64_t)rows.n_rows);
    for (size_t i = 0; i < rows.n_rows; i++)
        line_elem(n, &rows, i, !blind);
    return 0;
}
