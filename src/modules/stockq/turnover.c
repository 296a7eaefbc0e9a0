/*
 * turnover.c - GET /stock/turnover, days of stock per warehouse and
 * product over a period: its statements, its rows in XML and CSV.  The
 * module and the declarations: stockq_int.h.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stockq_int.h"

#include "../../core/clock.h"
#include "../../core/auth.h"
#include "../../core/csv.h"
#include "../../core/ctx.h"
#include "../../core/xd.h"
#include "../../db/db.h"

#define SQ_DAYS_MAX 3660 /* longest period of the turnover */

/* ---- the turnover: 9 closing, 10 net moves, 11 outflow of the period.
 * Parameters: to, from, to, from, to, then the filters. */

#define TURN_MOVES                                                             \
    " FROM stock_move m WHERE m.warehouse_id = b.warehouse_id"                 \
    " AND m.product_id = b.product_id AND m.bucket = 'on_hand'"
#define TURN_INNER                                                             \
    "SELECT " SQ_IDENT ","                                                     \
    " b.on_hand - COALESCE((SELECT SUM(m.qty)" TURN_MOVES                      \
    " AND m.move_on > ?), 0) AS close_qty,"                                    \
    " COALESCE((SELECT SUM(m.qty)" TURN_MOVES                                  \
    " AND m.move_on >= ? AND m.move_on <= ?), 0) AS net_qty,"                  \
    " COALESCE((SELECT -SUM(m.qty)" TURN_MOVES                                 \
    " AND m.move_on >= ? AND m.move_on <= ?"                                   \
    " AND m.kind IN ('issue', 'sellthru', 'transfer_out', 'damage')), 0)"      \
    " AS out_qty" SQ_FROM SQ_FILTER
#define TURN_DAYS                                                              \
    "CASE WHEN x.out_qty > 0 THEN 0 ELSE 1 END ASC,"                           \
    " CASE WHEN x.out_qty > 0"                                                 \
    " THEN (2 * x.close_qty - x.net_qty) * 1000 / x.out_qty ELSE 0 END"
#define TURN_SQL(order)                                                        \
    "SELECT " SQ_X_IDENT ", x.close_qty, x.net_qty, x.out_qty"                 \
    " FROM (" TURN_INNER ") x ORDER BY " order
#define SQ_N_TURN (5 + SQ_N_FILTER)

DB_STATEMENT(sql_turn_wh_asc, DB_PAGED,
             TURN_SQL("x.wh_code ASC, x.p_code ASC"));
DB_STATEMENT(sql_turn_wh_desc, DB_PAGED,
             TURN_SQL("x.wh_code DESC, x.p_code ASC"));
DB_STATEMENT(sql_turn_p_asc, DB_PAGED, TURN_SQL("x.p_code ASC, x.wh_code ASC"));
DB_STATEMENT(sql_turn_p_desc, DB_PAGED,
             TURN_SQL("x.p_code DESC, x.wh_code ASC"));
DB_STATEMENT(sql_turn_days_asc, DB_PAGED,
             TURN_SQL(TURN_DAYS " ASC, x.wh_code ASC, x.p_code ASC"));
DB_STATEMENT(sql_turn_days_desc, DB_PAGED,
             TURN_SQL(TURN_DAYS " DESC, x.wh_code ASC, x.p_code ASC"));
DB_STATEMENT(sql_turn_out_asc, DB_PAGED,
             TURN_SQL("x.out_qty ASC, x.wh_code ASC, x.p_code ASC"));
DB_STATEMENT(sql_turn_out_desc, DB_PAGED,
             TURN_SQL("x.out_qty DESC, x.wh_code ASC, x.p_code ASC"));

/* v / 10 as a decimal with one place ("12.5", "-0.5"), in the arena. */
static const char *
tenths_text(struct ctx *c, int64_t v)
{
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

    return arena_printf(c->a, "%s%" PRIu64 ".%" PRIu64, v < 0 ? "-" : "",
                        u / 10, u % 10);
}

/* ==================================================================== */
/* GET /stock/turnover                                                  */
/* ==================================================================== */

struct turn_figures {
    int64_t opening, closing, outflow;
    int64_t days10; /* days in tenths; -1: no movement */
};

/* The figures of row (closing, net, outflow at 9..11) over `days` days. */
static void
turn_figures(const char *const *row, int64_t days, struct turn_figures *t)
{
    int64_t twice;

    t->closing = sq_cell_int(row, I_N);
    t->opening = t->closing - sq_cell_int(row, I_N + 1);
    t->outflow = sq_cell_int(row, I_N + 2);
    twice = t->opening + t->closing; /* 2 x the average */
    if (t->outflow <= 0 || twice < 0) {
        t->days10 = -1;
        return;
    }
    /* days x average x 10 / outflow, rounded: days x twice x 10 / (2 x
     * outflow); within int64 for quantities up to 10^12 */
    t->days10 = (days * twice * 10 + t->outflow) / (2 * t->outflow);
}

struct turn_view {
    int64_t days;
    int qty;
};

static void
turn_row_xml(struct ctx *c, xmlNodePtr parent, const char *const *row,
             const struct turn_view *v)
{
    xmlNodePtr n = xd_elem(parent, "row");
    struct turn_figures t;

    turn_figures(row, v->days, &t);
    sq_ident_attrs(n, row);
    if (v->qty) {
        xd_attr_int(n, "opening", t.opening);
        xd_attr_int(n, "closing", t.closing);
        xd_attr(n, "average", tenths_text(c, (t.opening + t.closing) * 5));
        xd_attr_int(n, "outflow", t.outflow);
    }
    if (t.days10 >= 0)
        xd_attr(n, "days", tenths_text(c, t.days10));
    else
        xd_attr(n, "no-movement", "true");
}

static void
turn_row_csv(struct ctx *c, const char *const *row, void *arg)
{
    const struct turn_view *v = arg;
    struct turn_figures t;

    turn_figures(row, v->days, &t);
    sq_ident_csv(c, row);
    if (v->qty) {
        csv_num(c, sq_int_text(c, t.opening));
        csv_num(c, sq_int_text(c, t.closing));
        csv_num(c, tenths_text(c, (t.opening + t.closing) * 5));
        csv_num(c, sq_int_text(c, t.outflow));
    }
    csv_num(c, t.days10 >= 0 ? tenths_text(c, t.days10) : NULL);
    csv_row(c);
}

int
sq_stock_turnover(struct ctx *c)
{
    static const struct db_sql *const stmts[][2] = {
        {&sql_turn_wh_asc, &sql_turn_wh_desc},
        {&sql_turn_p_asc, &sql_turn_p_desc},
        {&sql_turn_days_asc, &sql_turn_days_desc},
        {&sql_turn_out_asc, &sql_turn_out_desc},
    };
    int desc = sq_pick(param_text(c->req, "dir"), sq_dirs);
    int sort = sq_pick(param_text(c->req, "sort"), sq_turn_sorts);
    struct db_param p[SQ_N_TURN], cp[SQ_N_FILTER + SQ_N_QTY];
    struct turn_view v;
    struct sq_filter f;
    struct sq_pager pg;
    struct db_rows rows;
    const char *from, *to;
    int64_t total;
    xmlNodePtr n;

    if (sq_read_period(c, 1, &from, &to) != 0 || sq_filter_read(c, &f, 0) != 0)
        return -1;
    v.days = clock_day_number(to) - clock_day_number(from) + 1;
    if (v.days > SQ_DAYS_MAX)
        return ctx_fail(c, 400, "bad_param", "a period of at most ten years",
                        NULL);
    v.qty = auth_can(c, "stock.qty");
    if (!v.qty && sort == 3)
        sort = 0;
    f.stock = f.low = 0; /* not filters of this page */
    p[0] = p[2] = p[4] = DB_TEXT(to);
    p[1] = p[3] = DB_TEXT(from);
    sq_filter_bind(c, &f, p + 5);
    if (c->req->want_csv) {
        static const char *const head[] = {
            "warehouse_code", "warehouse_name", "product_code", "product_name",
            "spec",           "unit",           "category"};
        static const char *const figures[] = {"opening", "closing", "average",
                                              "outflow"};

        sq_csv_head(c, "stock-turnover.csv", head, XD_N(head));
        if (v.qty)
            for (size_t i = 0; i < XD_N(figures); i++)
                csv_text(c, figures[i]);
        csv_text(c, "days");
        csv_row(c);
        return sq_query_stream(c, stmts[sort][desc], p, SQ_N_TURN, turn_row_csv,
                               &v);
    }
    sq_filter_bind(c, &f, cp);
    sq_qty_bind(&f, cp + SQ_N_FILTER);
    if (sq_list_count(c, cp, XD_N(cp), &total) != 0)
        return -1;
    sq_pager_init(&pg, param_int(c->req, "page", 1), total);
    if (db_query(c->db, c->a, stmts[sort][desc], p, SQ_N_TURN, SQ_PAGE,
                 sq_pager_offset(&pg), &rows) != 0)
        return ctx_db_fail(c);

    n = ctx_data(c, "stock-turnover");
    xd_attr(n, "from", from);
    xd_attr(n, "to", to);
    xd_attr_int(n, "days", v.days);
    sq_filter_attrs(c, n, &f);
    xd_attr(n, "sort", sq_turn_sorts[sort]);
    xd_attr(n, "dir", sq_dirs[desc]);
    sq_pager_attrs(n, &pg, rows.n_rows);
    if (sq_add_options(c, n, 0) != 0)
        return -1;
    for (size_t i = 0; i < rows.n_rows; i++)
        turn_row_xml(c, n, sq_row_at(&rows, i), &v);
    return 0;
}
