/*
 * moves.c - GET /stock/moves, the detail (明细) of one product: its
 * statements, the opening, each move with its running balance and the
 * closing, in XML and CSV.  The module and the declarations: stockq_int.h.
 */
#include <stdint.h>
#include <string.h>

#include "stockq_int.h"

#include "../../core/auth.h"
#include "../../core/csv.h"
#include "../../core/ctx.h"
#include "../../core/text.h"
#include "../../core/xd.h"
#include "../../db/db.h"

/* ---- the detail of one product.  The moves' filter: product, from, to,
 * scope (2), warehouse (2). */

#define MOVES_WHERE                                                            \
    " WHERE m.product_id = ? AND m.bucket = 'on_hand'"                         \
    " AND m.move_on >= ? AND m.move_on <= ? AND " SQ_SCOPE                     \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR m.warehouse_id = ?)"
#define MOVES_N_WHERE 7
#define MOVES_ORDER   " ORDER BY m.move_on ASC, m.posted_at ASC, m.id ASC"

/* 0 id, 1 move_on, 2 kind, 3 doc_type, 4 doc_id, 5 stock doc id, 6 doc_no,
 * 7 warehouse id, 8 code, 9 name, 10 qty, 11 login, 12 posted_at */
DB_STATEMENT(
    sql_moves, DB_PAGED,
    "SELECT m.id, m.move_on, m.kind, m.doc_type, m.doc_id, d.id,"
    " d.doc_no, w.id, w.code, w.name, m.qty, q.login, m.posted_at"
    " FROM stock_move m"
    " JOIN warehouse w ON w.id = m.warehouse_id"
    " LEFT JOIN stock_doc d ON d.id = m.doc_id"
    " AND d.kind = m.doc_type"
    " LEFT JOIN qd_user q ON q.id = m.user_id" MOVES_WHERE MOVES_ORDER);
/* count, in, out of the period */
DB_STATEMENT(sql_moves_totals, 0,
             "SELECT COUNT(*),"
             " COALESCE(SUM(CASE WHEN m.qty > 0 THEN m.qty ELSE 0 END), 0),"
             " COALESCE(SUM(CASE WHEN m.qty < 0 THEN -m.qty ELSE 0 END), 0)"
             " FROM stock_move m"
             " JOIN warehouse w ON w.id = m.warehouse_id" MOVES_WHERE);
/* the moves of the pages before this one (limit: their number) */
DB_STATEMENT(sql_moves_before, DB_PAGED,
             "SELECT COALESCE(SUM(x.qty), 0) FROM (SELECT m.qty"
             " FROM stock_move m"
             " JOIN warehouse w ON w.id = m.warehouse_id" MOVES_WHERE
                 MOVES_ORDER DB_PAGE_HERE ") x");
/* On hand of one product at the end of the day before `from`, over the
 * warehouses in scope (or one): product, the floor, from (moves), from
 * (periods), product (snapshot), scope (2), warehouse (2). */
DB_STATEMENT(sql_moves_opening, 0,
             "SELECT COALESCE(SUM(x.qty), 0) FROM (SELECT"
             " COALESCE(pb.on_hand, 0) + COALESCE((SELECT SUM(m.qty)"
             " FROM stock_move m"
             " WHERE m.warehouse_id = w.id AND m.product_id = ?"
             " AND m.move_on > COALESCE(k.cut, ?) AND m.move_on < ?"
             " AND m.bucket = 'on_hand'), 0) AS qty"
             " FROM warehouse w"
             " LEFT JOIN (SELECT k2.warehouse_id, MAX(k2.period) AS period,"
             " MAX(k2.closed_on) AS cut FROM stock_period k2"
             " WHERE k2.closed_on < ? GROUP BY k2.warehouse_id) k"
             " ON k.warehouse_id = w.id"
             " LEFT JOIN stock_period_bal pb ON pb.warehouse_id = w.id"
             " AND pb.product_id = ? AND pb.period = k.period"
             " WHERE " SQ_SCOPE
             " AND (CAST(? AS DECIMAL(19)) IS NULL OR w.id = ?)) x");

/* The product of the detail, by its code. */
DB_STATEMENT(sql_product_by_code, 0,
             "SELECT p.id, p.code, p.name, p.spec, p.unit FROM product p"
             " WHERE p.code = ?");

/* ==================================================================== */
/* GET /stock/moves                                                     */
/* ==================================================================== */

struct moves_view {
    int64_t balance; /* running, after the last row written */
    int qty;
};

/* One move: in/out and the balance after it (with stock.qty), else its
 * direction. */
static void
move_xml(struct ctx *c, xmlNodePtr parent, const char *const *row,
         struct moves_view *v)
{
    xmlNodePtr n = xd_elem(parent, "move");
    int64_t qty = sq_cell_int(row, 10);

    xd_attr(n, "id", row[0]);
    xd_attr(n, "move-on", text_iso_date(c->a, row[1]));
    xd_attr(n, "kind", row[2]);
    xd_attr(n, "doc-type", row[3]);
    xd_attr(n, "doc-id", row[4]);
    xd_attr(n, "stock-doc-id", row[5]);
    xd_attr(n, "doc-no", row[6]);
    xd_attr(n, "warehouse-id", row[7]);
    xd_attr(n, "warehouse-code", row[8]);
    xd_attr(n, "warehouse-name", row[9]);
    xd_attr(n, "direction", qty >= 0 ? "in" : "out");
    v->balance += qty;
    if (v->qty) {
        xd_attr_int(n, qty >= 0 ? "in" : "out", qty >= 0 ? qty : -qty);
        xd_attr_int(n, "balance", v->balance);
    }
    xd_attr(n, "login", row[11]);
    xd_attr(n, "posted-at", text_iso_ts(c->a, row[12]));
}

/* A CSV line: date, kind, document, warehouse, in, out, balance, user
 * (with stock.qty), else date, kind, document, warehouse, direction, user. */
static void
move_csv_line(struct ctx *c, const char *day, const char *kind, const char *doc,
              const char *wh, int64_t qty, int64_t balance, const char *login,
              int is_move, int with_qty)
{
    csv_text(c, day);
    csv_text(c, kind);
    csv_text(c, doc);
    csv_text(c, wh);
    if (with_qty) {
        csv_num(c, is_move && qty > 0 ? sq_int_text(c, qty) : NULL);
        csv_num(c, is_move && qty < 0 ? sq_int_text(c, -qty) : NULL);
        csv_num(c, sq_int_text(c, balance));
    } else {
        csv_text(c, !is_move ? NULL : qty >= 0 ? "in" : "out");
    }
    csv_text(c, login);
    csv_row(c);
}

static void
move_csv(struct ctx *c, const char *const *row, void *arg)
{
    struct moves_view *v = arg;
    int64_t qty = sq_cell_int(row, 10);
    const char *doc =
        row[6] != NULL
            ? row[6]
            : arena_printf(c->a, "%s %s", row[3] != NULL ? row[3] : "",
                           row[4] != NULL ? row[4] : "");

    v->balance += qty;
    move_csv_line(c, text_iso_date(c->a, row[1]), row[2], doc, row[8], qty,
                  v->balance, row[11], 1, v->qty);
}

int
sq_stock_moves(struct ctx *c)
{
    static const char *const prod_names[] = {"product-id", "code", "name",
                                             "spec", "unit"};
    const char *code = param_text(c->req, "product");
    int64_t wh = param_int(c->req, "warehouse", 0);
    struct db_param p[9], mp[MOVES_N_WHERE];
    struct moves_view v;
    struct db_rows prod, tot, rows;
    const char *from, *to;
    int64_t opening, before = 0, in, out;
    struct sq_pager pg;
    xmlNodePtr n, e;

    if (sq_read_period(c, 0, &from, &to) != 0)
        return -1;
    if (wh > 0 && sq_warehouse_in_scope(c, wh) != 0)
        return -1;
    memset(&v, 0, sizeof(v));
    v.qty = auth_can(c, "stock.qty");
    if (code != NULL) {
        p[0] = DB_TEXT(code);
        if (db_query(c->db, c->a, &sql_product_by_code, p, 1, 0, 0, &prod) != 0)
            return ctx_db_fail(c);
        if (prod.n_rows == 0)
            return ctx_fail(c, 404, "not_found", "no such product", NULL);
    } else if (c->req->want_csv) {
        return ctx_fail(c, 400, "bad_param", "product: a product code", NULL);
    }
    if (code == NULL) { /* the form alone */
        n = ctx_data(c, "stock-moves");
        xd_attr(n, "from", from);
        xd_attr(n, "to", to);
        if (wh > 0)
            xd_attr_int(n, "warehouse", wh);
        if (v.qty)
            xd_attr(n, "qty", "true");
        return sq_add_options(c, n, 1);
    }

    mp[0] = DB_INT(db_cell_int(&prod, 0, 0));
    mp[1] = DB_TEXT(from);
    mp[2] = DB_TEXT(to);
    mp[3] = DB_INT(scope_unit(c));
    mp[4] = DB_INT(scope_party(c));
    mp[5] = mp[6] = sq_opt_id(wh);
    p[0] = p[4] = mp[0];
    p[1] = DB_TEXT(SQ_FLOOR);
    p[2] = p[3] = DB_TEXT(from);
    p[5] = mp[3];
    p[6] = mp[4];
    p[7] = p[8] = mp[5];
    if (sq_query_int(c, &sql_moves_opening, p, 9, 0, &opening) != 0)
        return -1;
    v.balance = opening;
    if (c->req->want_csv) {
        static const char *const head[] = {"date",      "kind", "document",
                                           "warehouse", "in",   "out",
                                           "balance",   "user"};
        static const char *const dir_head[] = {
            "date", "kind", "document", "warehouse", "direction", "user"};

        if (v.qty)
            sq_csv_head(c, "stock-moves.csv", head, XD_N(head));
        else
            sq_csv_head(c, "stock-moves.csv", dir_head, XD_N(dir_head));
        csv_row(c);
        if (v.qty)
            move_csv_line(c, from, "opening balance", NULL, NULL, 0, opening,
                          NULL, 0, 1);
        if (sq_query_stream(c, &sql_moves, mp, MOVES_N_WHERE, move_csv, &v) !=
            0)
            return -1;
        if (v.qty)
            move_csv_line(c, to, "closing balance", NULL, NULL, 0, v.balance,
                          NULL, 0, 1);
        return 0;
    }
    if (db_query(c->db, c->a, &sql_moves_totals, mp, MOVES_N_WHERE, 0, 0,
                 &tot) != 0)
        return ctx_db_fail(c);
    in = db_cell_int(&tot, 0, 1);
    out = db_cell_int(&tot, 0, 2);
    sq_pager_init(&pg, param_int(c->req, "page", 1), db_cell_int(&tot, 0, 0));
    if (pg.page > 1 && sq_query_int(c, &sql_moves_before, mp, MOVES_N_WHERE,
                                    sq_pager_offset(&pg), &before) != 0)
        return -1;
    if (db_query(c->db, c->a, &sql_moves, mp, MOVES_N_WHERE, SQ_PAGE,
                 sq_pager_offset(&pg), &rows) != 0)
        return ctx_db_fail(c);

    n = ctx_data(c, "stock-moves");
    xd_attr(n, "from", from);
    xd_attr(n, "to", to);
    if (wh > 0)
        xd_attr_int(n, "warehouse", wh);
    if (v.qty) {
        xd_attr(n, "qty", "true");
        xd_attr_int(n, "opening", opening);
        xd_attr_int(n, "total-in", in);
        xd_attr_int(n, "total-out", out);
        xd_attr_int(n, "closing", opening + in - out);
        xd_attr_int(n, "page-opening", opening + before);
    }
    sq_pager_attrs(n, &pg, rows.n_rows);
    if (sq_add_options(c, n, 1) != 0)
        return -1;
    e = xd_elem(n, "product");
    xd_row(e, &prod, 0, prod_names, XD_N(prod_names));
    v.balance = opening + before;
    for (size_t i = 0; i < rows.n_rows; i++)
        move_xml(c, n, sq_row_at(&rows, i), &v);
    return 0;
}
