/*
 * list.c - the list pages of stockdoc: GET /stock/docs (the documents in
 * scope, their CSV, and the .xml that is their feed) and GET
 * /stock/transit (the goods in transit and their CSV).  See
 * stockdoc_int.h.
 */
#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include "stockdoc_int.h"

#include "../ageing.h"
#include "../ledger.h"

#include "../../core/clock.h"
#include "../../core/arena.h"
#include "../../core/csv.h"
#include "../../core/ctx.h"
#include "../../core/form.h"
#include "../../core/page.h"
#include "../../core/text.h"
#include "../../core/xd.h"
#include "../../db/db.h"

#define SD_PAGE    50    /* rows per list page */
#define SD_CSV_MAX 10000 /* rows of a CSV export */

const char *const sd_list_sorts[] = {"date",   "no",        "kind",
                                     "status", "warehouse", NULL};
const char *const sd_transit_sorts[] = {"shipped", "dest", "source", "no",
                                        NULL};

/* The list.  Parameters (SD_N_WHERE): scope (2), scope (2); kind (2);
 * status (2); warehouse (3); from (2); to (2); q (3). */
#define SD_FROM                                                                \
    " FROM stock_doc d"                                                        \
    " JOIN warehouse w ON w.id = d.warehouse_id"                               \
    " LEFT JOIN warehouse dw ON dw.id = d.dest_id"                             \
    " LEFT JOIN party pt ON pt.id = d.party_id"
#define SD_WHERE                                                               \
    " WHERE (" SCOPE_W " OR " SCOPE_DW ")"                                     \
    " AND (CAST(? AS VARCHAR(20)) IS NULL OR d.kind = ?)"                      \
    " AND (CAST(? AS VARCHAR(20)) IS NULL OR d.status = ?)"                    \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR d.warehouse_id = ?"               \
    " OR d.dest_id = ?)"                                                       \
    " AND (CAST(? AS VARCHAR(10)) IS NULL OR d.doc_on >= ?)"                   \
    " AND (CAST(? AS VARCHAR(10)) IS NULL OR d.doc_on <= ?)"                   \
    " AND (CAST(? AS VARCHAR(100)) IS NULL"                                    \
    " OR d.doc_no LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"                        \
    " OR d.ref_no LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "')"
#define SD_N_WHERE 18
#define SD_LIST                                                                \
    "SELECT d.id, d.doc_no, d.kind, d.status, d.doc_on, d.warehouse_id,"       \
    " w.code, w.name, d.dest_id, dw.code, dw.name, pt.code, pt.name,"          \
    " d.reason, d.ref_no, d.amount,"                                           \
    " (SELECT COUNT(*) FROM stock_doc_line l WHERE l.doc_id = d.id),"          \
    " (SELECT SUM(l.qty) FROM stock_doc_line l WHERE l.doc_id = d.id),"        \
    " (SELECT SUM(l.qty - l.qty_done) FROM stock_doc_line l"                   \
    " WHERE l.doc_id = d.id AND d.kind = 'transfer'"                           \
    " AND l.qty_done IS NOT NULL)" SD_FROM SD_WHERE
enum {
    S_ID,
    S_NO,
    S_KIND,
    S_STATUS,
    S_ON,
    S_WH,
    S_WH_CODE,
    S_WH_NAME,
    S_DEST,
    S_DEST_CODE,
    S_DEST_NAME,
    S_PARTY_CODE,
    S_PARTY_NAME,
    S_REASON,
    S_REF,
    S_AMOUNT,
    S_LINES,
    S_QTY,
    S_LOSS
};

DB_STATEMENT(sql_list_date_asc, DB_PAGED,
             SD_LIST " ORDER BY d.doc_on ASC, d.id ASC");
DB_STATEMENT(sql_list_date_desc, DB_PAGED,
             SD_LIST " ORDER BY d.doc_on DESC, d.id DESC");
DB_STATEMENT(sql_list_no_asc, DB_PAGED, SD_LIST " ORDER BY d.doc_no ASC");
DB_STATEMENT(sql_list_no_desc, DB_PAGED, SD_LIST " ORDER BY d.doc_no DESC");
DB_STATEMENT(sql_list_kind_asc, DB_PAGED,
             SD_LIST " ORDER BY d.kind ASC, d.doc_on DESC, d.id DESC");
DB_STATEMENT(sql_list_kind_desc, DB_PAGED,
             SD_LIST " ORDER BY d.kind DESC, d.doc_on DESC, d.id DESC");
DB_STATEMENT(sql_list_status_asc, DB_PAGED,
             SD_LIST " ORDER BY d.status ASC, d.doc_on DESC, d.id DESC");
DB_STATEMENT(sql_list_status_desc, DB_PAGED,
             SD_LIST " ORDER BY d.status DESC, d.doc_on DESC, d.id DESC");
DB_STATEMENT(sql_list_wh_asc, DB_PAGED,
             SD_LIST " ORDER BY w.code ASC, d.doc_on DESC, d.id DESC");
DB_STATEMENT(sql_list_wh_desc, DB_PAGED,
             SD_LIST " ORDER BY w.code DESC, d.doc_on DESC, d.id DESC");
DB_STATEMENT(sql_list_count, 0, "SELECT COUNT(*)" SD_FROM SD_WHERE);

/* Goods in transit: shipped transfers.  Parameters (TR_N_WHERE): scope
 * (2), scope (2); dest (2); source (2); q (2). */
#define TR_FROM                                                                \
    " FROM stock_doc d"                                                        \
    " JOIN warehouse w ON w.id = d.warehouse_id"                               \
    " JOIN warehouse dw ON dw.id = d.dest_id"
#define TR_WHERE                                                               \
    " WHERE d.kind = 'transfer' AND d.status = 'shipped'"                      \
    " AND (" SCOPE_W " OR " SCOPE_DW ")"                                       \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR d.dest_id = ?)"                   \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR d.warehouse_id = ?)"              \
    " AND (CAST(? AS VARCHAR(100)) IS NULL"                                    \
    " OR d.doc_no LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "')"
#define TR_N_WHERE 10
#define TR_LIST                                                                \
    "SELECT d.id, d.doc_no, d.doc_on, d.posted_at, w.id, w.code, w.name,"      \
    " dw.id, dw.code, dw.name,"                                                \
    " (SELECT COUNT(*) FROM stock_doc_line l WHERE l.doc_id = d.id),"          \
    " (SELECT SUM(l.qty) FROM stock_doc_line l WHERE l.doc_id = d.id)" TR_FROM \
        TR_WHERE
enum {
    T_ID,
    T_NO,
    T_ON,
    T_POSTED,
    T_SRC,
    T_SRC_CODE,
    T_SRC_NAME,
    T_DEST,
    T_DEST_CODE,
    T_DEST_NAME,
    T_LINES,
    T_QTY
};
DB_STATEMENT(sql_tr_shipped_asc, DB_PAGED,
             TR_LIST " ORDER BY d.doc_on ASC, d.id ASC");
DB_STATEMENT(sql_tr_shipped_desc, DB_PAGED,
             TR_LIST " ORDER BY d.doc_on DESC, d.id DESC");
DB_STATEMENT(sql_tr_dest_asc, DB_PAGED,
             TR_LIST " ORDER BY dw.code ASC, d.doc_on ASC, d.id ASC");
DB_STATEMENT(sql_tr_dest_desc, DB_PAGED,
             TR_LIST " ORDER BY dw.code DESC, d.doc_on ASC, d.id ASC");
DB_STATEMENT(sql_tr_source_asc, DB_PAGED,
             TR_LIST " ORDER BY w.code ASC, d.doc_on ASC, d.id ASC");
DB_STATEMENT(sql_tr_source_desc, DB_PAGED,
             TR_LIST " ORDER BY w.code DESC, d.doc_on ASC, d.id ASC");
DB_STATEMENT(sql_tr_no_asc, DB_PAGED, TR_LIST " ORDER BY d.doc_no ASC");
DB_STATEMENT(sql_tr_no_desc, DB_PAGED, TR_LIST " ORDER BY d.doc_no DESC");
DB_STATEMENT(sql_tr_count, 0, "SELECT COUNT(*)" TR_FROM TR_WHERE);
/* Totals per destination and per source warehouse. */
DB_STATEMENT(
    sql_tr_by_dest, 0,
    "SELECT dw.id, dw.code, dw.name, COUNT(DISTINCT d.id), SUM(l.qty)" TR_FROM
    " JOIN stock_doc_line l ON l.doc_id = d.id" TR_WHERE
    " GROUP BY dw.id, dw.code, dw.name ORDER BY dw.code");
DB_STATEMENT(
    sql_tr_by_source, 0,
    "SELECT w.id, w.code, w.name, COUNT(DISTINCT d.id), SUM(l.qty)" TR_FROM
    " JOIN stock_doc_line l ON l.doc_id = d.id" TR_WHERE
    " GROUP BY w.id, w.code, w.name ORDER BY w.code");
/* The CSV: one row per line. */
DB_STATEMENT(sql_tr_csv, DB_PAGED,
             "SELECT d.doc_no, d.doc_on, w.code, dw.code, l.line_no, p.code,"
             " p.name, p.unit, l.qty" TR_FROM
             " JOIN stock_doc_line l ON l.doc_id = d.id"
             " JOIN product p ON p.id = l.product_id" TR_WHERE
             " ORDER BY d.doc_on, d.id, l.line_no");

/* ==================================================================== */
/* Small helpers                                                        */
/* ==================================================================== */

/* Days from the date `from` to `to` (YYYY-MM-DD...). */
static int64_t
days_between(const char *from, const char *to)
{
    long a = 0, b = 0;

    ageing_day(from, &a);
    ageing_day(to, &b);
    return b - a;
}

/* ==================================================================== */
/* GET /stock/docs                                                      */
/* ==================================================================== */

static const struct db_sql *
list_statement(const char *sort, int desc)
{
    static const struct db_sql *const table[][2] = {
        {&sql_list_date_asc, &sql_list_date_desc},
        {&sql_list_no_asc, &sql_list_no_desc},
        {&sql_list_kind_asc, &sql_list_kind_desc},
        {&sql_list_status_asc, &sql_list_status_desc},
        {&sql_list_wh_asc, &sql_list_wh_desc},
    };

    for (int i = 0; sd_list_sorts[i] != NULL; i++)
        if (strcmp(sd_list_sorts[i], sort) == 0)
            return table[i][desc];
    return table[0][desc];
}

static void
list_csv(struct ctx *c, const struct db_rows *r)
{
    static const char *const head[] = {
        "doc_no", "kind",   "status", "doc_on", "warehouse", "dest",  "party",
        "reason", "ref_no", "lines",  "qty",    "loss",      "amount"};

    csv_begin(c, "stock-docs.csv");
    for (size_t k = 0; k < XD_N(head); k++)
        csv_text(c, head[k]);
    csv_row(c);
    for (size_t i = 0; i < r->n_rows; i++) {
        csv_text(c, db_cell(r, i, S_NO));
        csv_text(c, db_cell(r, i, S_KIND));
        csv_text(c, db_cell(r, i, S_STATUS));
        csv_text(c, text_iso_date(c->a, db_cell(r, i, S_ON)));
        csv_text(c, db_cell(r, i, S_WH_CODE));
        csv_text(c, db_cell(r, i, S_DEST_CODE));
        csv_text(c, db_cell(r, i, S_PARTY_CODE));
        csv_text(c, db_cell(r, i, S_REASON));
        csv_text(c, db_cell(r, i, S_REF));
        csv_num(c, db_cell(r, i, S_LINES));
        csv_num(c, db_cell(r, i, S_QTY));
        csv_num(c, db_cell(r, i, S_LOSS));
        csv_num(c, db_cell(r, i, S_AMOUNT) != NULL
                       ? sd_plain(c, db_cell_int(r, i, S_AMOUNT))
                       : NULL);
        csv_row(c);
    }
}

/* The paging attributes of a list element. */
static void
paging_attrs(xmlNodePtr n, int64_t page, int64_t pages, int64_t total,
             size_t n_rows)
{
    page_attrs(n, page, pages, total, SD_PAGE, n_rows);
}

/* Count, clamp the page, fetch it: 0 or -1 (answered). */
static int
fetch_page(struct ctx *c, const struct db_sql *count, const struct db_sql *sql,
           const struct db_param *p, size_t np, int64_t *page, int64_t *pages,
           int64_t *total, struct db_rows *rows)
{
    struct db_rows k;

    if (db_query(c->db, c->a, count, p, np, 0, 0, &k) != 0)
        return ctx_db_fail(c);
    *total = db_cell_int(&k, 0, 0);
    *pages = (*total + SD_PAGE - 1) / SD_PAGE;
    if (*page > *pages && *pages > 0)
        *page = *pages;
    if (db_query(c->db, c->a, sql, p, np, SD_PAGE,
                 (long)((*page - 1) * SD_PAGE), rows) != 0)
        return ctx_db_fail(c);
    return 0;
}

int
sd_doc_list(struct ctx *c)
{
    const char *q = param_text(c->req, "q");
    const char *kind = param_text(c->req, "kind");
    const char *status = param_text(c->req, "status");
    const char *sort = param_text(c->req, "sort");
    const char *dir = param_text(c->req, "dir");
    int64_t wh = param_int(c->req, "warehouse", 0);
    int64_t page = param_int(c->req, "page", 1), pages, total;
    int desc = dir == NULL || strcmp(dir, "asc") != 0;
    const char *from = form_date(c, "from", 0), *to = form_date(c, "to", 0);
    const char *like = q != NULL ? text_like(c->a, q, 1, 1) : NULL;
    struct db_param p[SD_N_WHERE];
    struct db_rows rows;
    xmlNodePtr list;

    if (!form_ok(c))
        return ctx_fail(c, 400, "bad_param", "a date as YYYY-MM-DD", NULL);
    if (sort == NULL)
        sort = "date";
    sd_scope_params(c, p, 2);
    p[4] = DB_TEXT(kind);
    p[5] = DB_TEXT(kind);
    p[6] = DB_TEXT(status);
    p[7] = DB_TEXT(status);
    p[8] = wh > 0 ? DB_INT(wh) : DB_NULLP;
    p[9] = DB_INT(wh);
    p[10] = DB_INT(wh);
    p[11] = DB_TEXT(from);
    p[12] = DB_TEXT(from);
    p[13] = DB_TEXT(to);
    p[14] = DB_TEXT(to);
    p[15] = DB_TEXT(q);
    p[16] = DB_TEXT(like);
    p[17] = DB_TEXT(like);
    if (c->req->want_csv) {
        if (db_query(c->db, c->a, list_statement(sort, desc), p, SD_N_WHERE,
                     SD_CSV_MAX, 0, &rows) != 0)
            return ctx_db_fail(c);
        list_csv(c, &rows);
        return 0;
    }
    if (fetch_page(c, &sql_list_count, list_statement(sort, desc), p,
                   SD_N_WHERE, &page, &pages, &total, &rows) != 0)
        return -1;
    list = ctx_data(c, "stockdoc-list");
    xd_attr(list, "q", q != NULL ? q : "");
    xd_attr(list, "kind", kind);
    xd_attr(list, "status", status);
    if (wh > 0)
        xd_attr_int(list, "warehouse", wh);
    xd_attr(list, "from", from);
    xd_attr(list, "to", to);
    xd_attr(list, "sort", text_one_of(sort, sd_list_sorts) ? sort : "date");
    xd_attr(list, "dir", desc ? "desc" : "asc");
    paging_attrs(list, page, pages, total, rows.n_rows);
    page_can(c, list, "can-edit", "stock.edit");
    if (sd_wh_options(c, list, "warehouse", 1) != 0)
        return ctx_db_fail(c);
    for (size_t i = 0; i < rows.n_rows; i++) {
        static const char *const names[] = {"id",
                                            "doc-no",
                                            "kind",
                                            "status",
                                            NULL,
                                            "warehouse-id",
                                            "warehouse-code",
                                            "warehouse-name",
                                            "dest-id",
                                            "dest-code",
                                            "dest-name",
                                            "party-code",
                                            "party-name",
                                            "reason",
                                            "ref-no",
                                            NULL,
                                            "lines",
                                            "qty",
                                            "loss"};
        xmlNodePtr n = xd_elem(list, "doc");

        xd_row(n, &rows, i, names, XD_N(names));
        xd_attr(n, "doc-on", text_iso_date(c->a, db_cell(&rows, i, S_ON)));
        if (db_cell(&rows, i, S_AMOUNT) != NULL)
            xd_money_cell(n, "amount", &rows, i, S_AMOUNT);
    }
    return 0;
}

/* ==================================================================== */
/* GET /stock/transit                                                   */
/* ==================================================================== */

static const struct db_sql *
transit_statement(const char *sort, int desc)
{
    static const struct db_sql *const table[][2] = {
        {&sql_tr_shipped_asc, &sql_tr_shipped_desc},
        {&sql_tr_dest_asc, &sql_tr_dest_desc},
        {&sql_tr_source_asc, &sql_tr_source_desc},
        {&sql_tr_no_asc, &sql_tr_no_desc},
    };

    for (int i = 0; sd_transit_sorts[i] != NULL; i++)
        if (strcmp(sd_transit_sorts[i], sort) == 0)
            return table[i][desc];
    return table[0][desc];
}

/* Totals per warehouse: <elem warehouse-id code name docs qty/>. */
static int
transit_totals(struct ctx *c, xmlNodePtr n, const char *elem,
               const struct db_sql *sql, const struct db_param *p)
{
    static const char *const names[] = {"warehouse-id", "code", "name", "docs",
                                        "qty"};
    struct db_rows r;

    if (db_query(c->db, c->a, sql, p, TR_N_WHERE, 0, 0, &r) != 0)
        return -1;
    xd_rows(n, elem, &r, names, XD_N(names));
    return 0;
}

static void
transit_csv(struct ctx *c, const struct db_rows *r, const char *day)
{
    static const char *const head[] = {"doc_no", "shipped_on", "days", "source",
                                       "dest",   "line",       "code", "name",
                                       "unit",   "qty"};

    csv_begin(c, "stock-transit.csv");
    for (size_t k = 0; k < XD_N(head); k++)
        csv_text(c, head[k]);
    csv_row(c);
    for (size_t i = 0; i < r->n_rows; i++) {
        const char *on = text_iso_date(c->a, db_cell(r, i, 1));

        csv_text(c, db_cell(r, i, 0));
        csv_text(c, on);
        csv_num(c, arena_printf(c->a, "%" PRId64, days_between(on, day)));
        for (size_t k = 2; k <= 7; k++)
            if (k == 4)
                csv_num(c, db_cell(r, i, k));
            else
                csv_text(c, db_cell(r, i, k));
        csv_num(c, db_cell(r, i, 8));
        csv_row(c);
    }
}

int
sd_transit_list(struct ctx *c)
{
    const char *q = param_text(c->req, "q");
    const char *sort = param_text(c->req, "sort");
    const char *dir = param_text(c->req, "dir");
    int64_t dest = param_int(c->req, "dest", 0);
    int64_t source = param_int(c->req, "source", 0);
    int64_t page = param_int(c->req, "page", 1), pages, total;
    int desc = dir != NULL && strcmp(dir, "desc") == 0;
    const char *like = q != NULL ? text_like(c->a, q, 1, 1) : NULL;
    struct db_param p[TR_N_WHERE];
    struct db_rows rows;
    xmlNodePtr list;
    char day[11];

    if (sort == NULL)
        sort = "shipped";
    clock_day(day, 0);
    sd_scope_params(c, p, 2);
    p[4] = dest > 0 ? DB_INT(dest) : DB_NULLP;
    p[5] = DB_INT(dest);
    p[6] = source > 0 ? DB_INT(source) : DB_NULLP;
    p[7] = DB_INT(source);
    p[8] = DB_TEXT(q);
    p[9] = DB_TEXT(like);
    if (c->req->want_csv) {
        if (db_query(c->db, c->a, &sql_tr_csv, p, TR_N_WHERE, SD_CSV_MAX, 0,
                     &rows) != 0)
            return ctx_db_fail(c);
        transit_csv(c, &rows, day);
        return 0;
    }
    if (fetch_page(c, &sql_tr_count, transit_statement(sort, desc), p,
                   TR_N_WHERE, &page, &pages, &total, &rows) != 0)
        return -1;
    list = ctx_data(c, "stock-transit");
    xd_attr(list, "q", q != NULL ? q : "");
    if (dest > 0)
        xd_attr_int(list, "dest", dest);
    if (source > 0)
        xd_attr_int(list, "source", source);
    xd_attr(list, "sort",
            text_one_of(sort, sd_transit_sorts) ? sort : "shipped");
    xd_attr(list, "dir", desc ? "desc" : "asc");
    xd_attr(list, "today", day);
    paging_attrs(list, page, pages, total, rows.n_rows);
    if (transit_totals(c, list, "by-dest", &sql_tr_by_dest, p) != 0 ||
        transit_totals(c, list, "by-source", &sql_tr_by_source, p) != 0 ||
        sd_wh_options(c, list, "warehouse", 1) != 0)
        return ctx_db_fail(c);
    for (size_t i = 0; i < rows.n_rows; i++) {
        static const char *const names[] = {
            "id",        "doc-no",      NULL,          NULL,
            "source-id", "source-code", "source-name", "dest-id",
            "dest-code", "dest-name",   "lines",       "qty"};
        xmlNodePtr n = xd_elem(list, "transit");
        const char *on = text_iso_date(c->a, db_cell(&rows, i, T_ON));
        struct doc_line *l;
        int n_lines;

        xd_row(n, &rows, i, names, XD_N(names));
        xd_attr(n, "shipped-on", on);
        page_ts_cell(c, n, "shipped-at", &rows, i, T_POSTED);
        xd_attr_int(n, "days", days_between(on, day));
        n_lines = sd_lines_load(c, db_cell_int(&rows, i, T_ID), &l);
        if (n_lines < 0)
            return ctx_db_fail(c);
        for (int k = 0; k < n_lines; k++) {
            xmlNodePtr e = xd_elem(n, "line");

            xd_attr_int(e, "line-no", l[k].line_no);
            xd_attr(e, "code", l[k].code);
            xd_attr(e, "name", l[k].name);
            xd_attr(e, "unit", l[k].unit);
            xd_attr_int(e, "qty", l[k].qty);
        }
    }
    return 0;
}
