/*
 * list.c - GET /stock/counts: the counts in the user's scope, filtered by
 * warehouse, status, dates and number, sorted and paged, or as CSV.  See
 * stockcount_int.h.
 */
#include <stdint.h>
#include <string.h>

#include "stockcount_int.h"

#include "../../core/auth.h"
#include "../../core/csv.h"
#include "../../core/ctx.h"
#include "../../core/form.h"
#include "../../core/money.h"
#include "../../core/page.h"
#include "../../core/scope.h"
#include "../../core/text.h"
#include "../../core/xd.h"
#include "../../db/db.h"

/* ---- the list of counts --------------------------------------------- */

/* scope (2); warehouse (2); status (2); from (2); to (2); number (2) */
#define LIST_WHERE                                                             \
    " WHERE d.kind = 'count' AND " WH_SCOPE                                    \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR d.warehouse_id = ?)"              \
    " AND (CAST(? AS VARCHAR(10)) IS NULL OR d.status = ?)"                    \
    " AND (CAST(? AS VARCHAR(10)) IS NULL OR d.doc_on >= ?)"                   \
    " AND (CAST(? AS VARCHAR(10)) IS NULL OR d.doc_on <= ?)"                   \
    " AND (CAST(? AS VARCHAR(100)) IS NULL OR d.doc_no LIKE ?" LIKE_ESC ")"
#define LIST_N_WHERE 12
#define LIST_SELECT                                                            \
    "SELECT d.id, d.doc_no, d.status, d.warehouse_id, w.code, w.name,"         \
    " d.doc_on, c.name, d.created_at, u.login, d.posted_at, d.amount,"         \
    " (SELECT COUNT(*) FROM stock_doc_line l WHERE l.doc_id = d.id),"          \
    " (SELECT COUNT(l.qty_done) FROM stock_doc_line l"                         \
    " WHERE l.doc_id = d.id)"                                                  \
    " FROM stock_doc d"                                                        \
    " JOIN warehouse w ON w.id = d.warehouse_id"                               \
    " LEFT JOIN category c ON c.id = d.category_id"                            \
    " LEFT JOIN qd_user u ON u.id = d.created_by" LIST_WHERE

DB_STATEMENT(sql_list_on_asc, DB_PAGED,
             LIST_SELECT " ORDER BY d.doc_on ASC, d.id ASC");
DB_STATEMENT(sql_list_on_desc, DB_PAGED,
             LIST_SELECT " ORDER BY d.doc_on DESC, d.id DESC");
DB_STATEMENT(sql_list_no_asc, DB_PAGED, LIST_SELECT " ORDER BY d.doc_no ASC");
DB_STATEMENT(sql_list_no_desc, DB_PAGED, LIST_SELECT " ORDER BY d.doc_no DESC");
DB_STATEMENT(sql_list_wh_asc, DB_PAGED,
             LIST_SELECT " ORDER BY w.code ASC, d.doc_on DESC, d.id DESC");
DB_STATEMENT(sql_list_wh_desc, DB_PAGED,
             LIST_SELECT " ORDER BY w.code DESC, d.doc_on DESC, d.id DESC");
DB_STATEMENT(sql_list_st_asc, DB_PAGED,
             LIST_SELECT " ORDER BY d.status ASC, d.doc_on DESC, d.id DESC");
DB_STATEMENT(sql_list_st_desc, DB_PAGED,
             LIST_SELECT " ORDER BY d.status DESC, d.doc_on DESC, d.id DESC");
DB_STATEMENT(sql_list_count, 0,
             "SELECT COUNT(*) FROM stock_doc d"
             " JOIN warehouse w ON w.id = d.warehouse_id" LIST_WHERE);

/* ==================================================================== */
/* GET /stock/counts                                                    */
/* ==================================================================== */

static void
counts_csv(struct ctx *c, const struct db_rows *r, int qty)
{
    static const char *const head[] = {
        "doc_no",  "status",    "warehouse",  "doc_on",     "category", "lines",
        "counted", "net_value", "created_at", "created_by", "posted_at"};

    csv_begin(c, "stock-counts.csv");
    for (size_t k = 0; k < XD_N(head); k++)
        csv_text(c, head[k]);
    csv_row(c);
    for (size_t i = 0; i < r->n_rows; i++) {
        csv_text(c, db_cell(r, i, 1));
        csv_text(c, db_cell(r, i, 2));
        csv_text(c, db_cell(r, i, 4));
        csv_text(c, text_iso_date(c->a, db_cell(r, i, 6)));
        csv_text(c, db_cell(r, i, 7));
        csv_num(c, db_cell(r, i, 12));
        csv_num(c, db_cell(r, i, 13));
        csv_num(c, qty && db_cell(r, i, 11) != NULL
                       ? money_plain(c->a, db_cell_int(r, i, 11))
                       : NULL);
        csv_text(c, text_iso_ts(c->a, db_cell(r, i, 8)));
        csv_text(c, db_cell(r, i, 9));
        csv_text(c, text_iso_ts(c->a, db_cell(r, i, 10)));
        csv_row(c);
    }
}

int
sc_counts_list(struct ctx *c)
{
    static const struct db_sql *const table[][2] = {
        {&sql_list_on_asc, &sql_list_on_desc},
        {&sql_list_no_asc, &sql_list_no_desc},
        {&sql_list_wh_asc, &sql_list_wh_desc},
        {&sql_list_st_asc, &sql_list_st_desc},
    };
    static const char *const names[] = {
        "id",           "doc-no",         "status",
        "warehouse-id", "warehouse-code", "warehouse-name",
        NULL,           "category",       NULL,
        "created-by"};
    const char *status = param_text(c->req, "status");
    const char *from = form_date(c, "from", 0), *to = form_date(c, "to", 0);
    int64_t wh = param_int(c->req, "warehouse", 0);
    int qty = auth_can(c, "stock.qty");
    struct db_param p[LIST_N_WHERE];
    struct list_ask a;
    struct db_rows rows;
    xmlNodePtr list;

    if (!form_ok(c))
        return ctx_fail(c, 400, "bad_param", "a date as YYYY-MM-DD", NULL);
    sc_list_ask(c, "doc_on", 1, &a);
    p[0] = DB_INT(scope_unit(c));
    p[1] = DB_INT(scope_party(c));
    p[2] = wh > 0 ? DB_INT(wh) : DB_NULLP;
    p[3] = p[2];
    p[4] = DB_TEXT(status);
    p[5] = DB_TEXT(status);
    p[6] = DB_TEXT(from);
    p[7] = DB_TEXT(from);
    p[8] = DB_TEXT(to);
    p[9] = DB_TEXT(to);
    p[10] = DB_TEXT(a.q);
    p[11] = DB_TEXT(a.like);
    if (c->req->want_csv) {
        if (db_query(c->db, c->a, sc_pick_sql(sc_list_sorts, table, &a), p,
                     LIST_N_WHERE, 0, 0, &rows) != 0)
            return ctx_db_fail(c);
        counts_csv(c, &rows, qty);
        return 0;
    }
    list = ctx_data(c, "stock-counts");
    if (wh > 0)
        xd_attr_int(list, "warehouse", wh);
    xd_attr(list, "status", status);
    xd_attr(list, "from", from);
    xd_attr(list, "to", to);
    page_can(c, list, "can-open", "stock.count");
    if (sc_list_page(c, list, &sql_list_count,
                     sc_pick_sql(sc_list_sorts, table, &a), p, LIST_N_WHERE, &a,
                     &rows) != 0)
        return -1;
    if (sc_wh_options(c, list, 0) != 0)
        return ctx_db_fail(c);
    for (size_t i = 0; i < rows.n_rows; i++) {
        xmlNodePtr n = xd_elem(list, "count");

        xd_row(n, &rows, i, names, XD_N(names));
        xd_attr(n, "doc-on", text_iso_date(c->a, db_cell(&rows, i, 6)));
        page_ts_cell(c, n, "created-at", &rows, i, 8);
        page_ts_cell(c, n, "posted-at", &rows, i, 10);
        if (qty && db_cell(&rows, i, 11) != NULL)
            xd_money_cell(n, "amount", &rows, i, 11);
        xd_cell(n, "lines", &rows, i, 12);
        xd_cell(n, "counted", &rows, i, 13);
    }
    return 0;
}
