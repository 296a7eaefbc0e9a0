/*
 * period.c - the monthly period close (结存): the closed months per
 * warehouse and the close form (GET/POST /stock/periods), and a closed
 * month's snapshot (GET /stock/periods/{id}/{YYYY-MM}).  See
 * stockcount_int.h.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stockcount_int.h"

#include "../../core/audit.h"
#include "../../core/clock.h"
#include "../../core/csv.h"
#include "../../core/ctx.h"
#include "../../core/form.h"
#include "../../core/page.h"
#include "../../core/scope.h"
#include "../../core/text.h"
#include "../../core/xd.h"
#include "../../db/db.h"

/* ---- periods --------------------------------------------------------- */

/* last day (SET), id, last day, C, C: only from the closed_through C the
 * handler checked the order against. */
DB_STATEMENT(sql_period_take, 0,
             "UPDATE warehouse SET closed_through = ?"
             " WHERE id = ? AND (closed_through IS NULL OR closed_through < ?)"
             " AND ((CAST(? AS VARCHAR(10)) IS NULL AND closed_through IS NULL)"
             " OR closed_through = ?)");
DB_STATEMENT(sql_open_count, 0,
             "SELECT MIN(d.doc_no) FROM stock_doc d"
             " WHERE d.warehouse_id = ? AND d.kind = 'count'"
             " AND d.status = 'draft'");
DB_STATEMENT(sql_unclosed_moves, 0,
             "SELECT MIN(m.move_on) FROM stock_move m"
             " WHERE m.warehouse_id = ? AND m.move_on > ? AND m.move_on < ?");
DB_STATEMENT(sql_period_insert, 0,
             "INSERT INTO stock_period (warehouse_id, period, closed_on,"
             " closed_at, closed_by)"
             " VALUES (?, ?, ?, ?, ?)");
/* period, warehouse, last day, first day */
DB_STATEMENT(sql_period_snapshot, 0,
             "INSERT INTO stock_period_bal (warehouse_id, period, product_id,"
             " on_hand)"
             " SELECT m.warehouse_id, CAST(? AS VARCHAR(7)), m.product_id,"
             " SUM(m.qty)"
             " FROM stock_move m"
             " WHERE m.warehouse_id = ? AND m.bucket = 'on_hand'"
             " AND m.move_on <= ?"
             " GROUP BY m.warehouse_id, m.product_id"
             " HAVING SUM(m.qty) <> 0 OR MAX(m.move_on) >= ?");

/* Closed months: scope (2); warehouse (2). */
#define PERIOD_WHERE                                                           \
    " FROM stock_period sp"                                                    \
    " JOIN warehouse w ON w.id = sp.warehouse_id"                              \
    " LEFT JOIN qd_user u ON u.id = sp.closed_by"                              \
    " WHERE " WH_SCOPE                                                         \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR sp.warehouse_id = ?)"
#define PERIOD_N_WHERE 4
#define PERIOD_SELECT                                                          \
    "SELECT sp.warehouse_id, w.code, w.name, sp.period, sp.closed_on,"         \
    " sp.closed_at, u.login,"                                                  \
    " (SELECT COUNT(*) FROM stock_period_bal b"                                \
    " WHERE b.warehouse_id = sp.warehouse_id AND b.period = sp.period),"       \
    " (SELECT SUM(b.on_hand) FROM stock_period_bal b"                          \
    " WHERE b.warehouse_id = sp.warehouse_id AND b.period = "                  \
    "sp.period)" PERIOD_WHERE

DB_STATEMENT(sql_periods_p_asc, DB_PAGED,
             PERIOD_SELECT " ORDER BY sp.period ASC, w.code ASC");
DB_STATEMENT(sql_periods_p_desc, DB_PAGED,
             PERIOD_SELECT " ORDER BY sp.period DESC, w.code ASC");
DB_STATEMENT(sql_periods_w_asc, DB_PAGED,
             PERIOD_SELECT " ORDER BY w.code ASC, sp.period DESC");
DB_STATEMENT(sql_periods_w_desc, DB_PAGED,
             PERIOD_SELECT " ORDER BY w.code DESC, sp.period DESC");
DB_STATEMENT(sql_periods_count, 0, "SELECT COUNT(*)" PERIOD_WHERE);

DB_STATEMENT(sql_period_get, 0,
             "SELECT sp.period, sp.closed_on, sp.closed_at, u.login,"
             " (SELECT SUM(b.on_hand) FROM stock_period_bal b"
             " WHERE b.warehouse_id = sp.warehouse_id"
             " AND b.period = sp.period)"
             " FROM stock_period sp"
             " LEFT JOIN qd_user u ON u.id = sp.closed_by"
             " WHERE sp.warehouse_id = ? AND sp.period = ?");

/* A snapshot: warehouse, period; q (3). */
#define SNAP_WHERE                                                             \
    " FROM stock_period_bal b JOIN product p ON p.id = b.product_id"           \
    " WHERE b.warehouse_id = ? AND b.period = ?"                               \
    " AND (CAST(? AS VARCHAR(100)) IS NULL"                                    \
    " OR p.code LIKE ?" LIKE_ESC " OR p.name LIKE ?" LIKE_ESC ")"
#define SNAP_N_WHERE 5
#define SNAP_SELECT                                                            \
    "SELECT b.product_id, p.code, p.name, p.spec, p.unit, "                    \
    "b.on_hand" SNAP_WHERE

DB_STATEMENT(sql_snap_code_asc, DB_PAGED, SNAP_SELECT " ORDER BY p.code ASC");
DB_STATEMENT(sql_snap_code_desc, DB_PAGED, SNAP_SELECT " ORDER BY p.code DESC");
DB_STATEMENT(sql_snap_qty_asc, DB_PAGED,
             SNAP_SELECT " ORDER BY b.on_hand ASC, p.code ASC");
DB_STATEMENT(sql_snap_qty_desc, DB_PAGED,
             SNAP_SELECT " ORDER BY b.on_hand DESC, p.code ASC");
DB_STATEMENT(sql_snap_count, 0, "SELECT COUNT(*)" SNAP_WHERE);

/* ==================================================================== */
/* Helpers                                                              */
/* ==================================================================== */

/* A month "YYYY-MM" (1970 .. 9998). */
static int
period_ok(const char *s)
{
    int y, m;

    if (s == NULL || strlen(s) != 7 || s[4] != '-')
        return 0;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (s[i] < '0' || s[i] > '9'))
            return 0;
    y = atoi(s);
    m = atoi(s + 5);
    return y >= 1970 && y <= 9998 && m >= 1 && m <= 12;
}

/* The first and the last day of month `period` and the first day of the
 * month after it, as YYYY-MM-DD (period checked by period_ok). */
static void
period_days(const char *period, char first[11], char last[11], char next[11])
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned y = (unsigned)atoi(period) % 10000u;
    unsigned m = (unsigned)(atoi(period + 5) - 1) % 12u + 1u;
    unsigned d = (unsigned)days[m - 1];

    if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
        d = 29;
    snprintf(first, 11, "%04u-%02u-01", y, m);
    snprintf(last, 11, "%04u-%02u-%02u", y, m, d);
    snprintf(next, 11, "%04u-%02u-01", (m == 12 ? y + 1 : y) % 10000u,
             m == 12 ? 1 : m + 1);
}

/* The latest month that may be closed on `today` (the 2nd of the next
 * month on: see stockcount_int.h), as YYYY-MM in out[8]. */
static void
period_latest(const char *today, char out[8])
{
    int y = atoi(today), m = atoi(today + 5), d = atoi(today + 8);

    m -= d >= 2 ? 1 : 2;
    if (m < 1) {
        m += 12;
        y--;
    }
    snprintf(out, 8, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
}

/* ==================================================================== */
/* GET/POST /stock/periods                                              */
/* ==================================================================== */

static void
periods_csv(struct ctx *c, const struct db_rows *r)
{
    static const char *const head[] = {"warehouse", "name",      "period",
                                       "closed_on", "closed_at", "closed_by",
                                       "products",  "on_hand"};

    csv_begin(c, "stock-periods.csv");
    for (size_t k = 0; k < XD_N(head); k++)
        csv_text(c, head[k]);
    csv_row(c);
    for (size_t i = 0; i < r->n_rows; i++) {
        csv_text(c, db_cell(r, i, 1));
        csv_text(c, db_cell(r, i, 2));
        csv_text(c, db_cell(r, i, 3));
        csv_text(c, text_iso_date(c->a, db_cell(r, i, 4)));
        csv_text(c, text_iso_ts(c->a, db_cell(r, i, 5)));
        csv_text(c, db_cell(r, i, 6));
        csv_num(c, db_cell(r, i, 7));
        csv_num(c, sc_num(c, db_cell_int(r, i, 8)));
        csv_row(c);
    }
}

/*
 * The periods page: the warehouses in scope with what is closed, the
 * closed months (filtered by the query's warehouse, sorted, paged), the
 * close form.  echo: the close form as typed (after a refusal).
 */
static int
periods_page(struct ctx *c, int echo)
{
    static const struct db_sql *const table[][2] = {
        {&sql_periods_p_asc, &sql_periods_p_desc},
        {&sql_periods_w_asc, &sql_periods_w_desc},
    };
    static const char *const echoes[] = {"warehouse", "close-warehouse",
                                         "period", "close-period", NULL};
    static const char *const names[] = {"warehouse-id", "warehouse-code",
                                        "warehouse-name", "period"};
    int64_t wh = echo ? 0 : param_int(c->req, "warehouse", 0);
    struct db_param p[PERIOD_N_WHERE];
    struct list_ask a;
    struct db_rows rows;
    char today[11], latest[8];
    xmlNodePtr n;

    sc_list_ask(c, "period", 1, &a);
    p[0] = DB_INT(scope_unit(c));
    p[1] = DB_INT(scope_party(c));
    p[2] = wh > 0 ? DB_INT(wh) : DB_NULLP;
    p[3] = p[2];
    if (c->req->want_csv) {
        if (db_query(c->db, c->a, sc_pick_sql(sc_period_sorts, table, &a), p,
                     PERIOD_N_WHERE, 0, 0, &rows) != 0)
            return ctx_db_fail(c);
        periods_csv(c, &rows);
        return 0;
    }
    n = ctx_data(c, "stock-periods");
    clock_day(today, 0);
    period_latest(today, latest);
    xd_attr(n, "today", today);
    xd_attr(n, "latest", latest);
    if (wh > 0)
        xd_attr_int(n, "warehouse", wh);
    if (echo)
        page_echo(c, n, echoes);
    page_can(c, n, "can-close", "stock.close");
    if (sc_list_page(c, n, &sql_periods_count,
                     sc_pick_sql(sc_period_sorts, table, &a), p, PERIOD_N_WHERE,
                     &a, &rows) != 0)
        return -1;
    if (sc_wh_options(c, n, 0) != 0)
        return ctx_db_fail(c);
    for (size_t i = 0; i < rows.n_rows; i++) {
        xmlNodePtr e = xd_elem(n, "period");

        xd_row(e, &rows, i, names, XD_N(names));
        xd_attr(e, "closed-on", text_iso_date(c->a, db_cell(&rows, i, 4)));
        page_ts_cell(c, e, "closed-at", &rows, i, 5);
        xd_cell(e, "closed-by", &rows, i, 6);
        xd_cell(e, "products", &rows, i, 7);
        xd_attr_int(e, "on-hand", db_cell_int(&rows, i, 8));
    }
    return 0;
}

int
sc_periods_list(struct ctx *c)
{
    const char *done = param_text(c->req, "done");

    if (done != NULL)
        ctx_message(c, "info", "closed", NULL,
                    "the month is closed: moves dated in it are refused");
    return periods_page(c, 0);
}

struct close_work {
    struct ctx *c;
    int64_t warehouse;
    const char *period, *before; /* closed_through before, or NULL */
    char first[11], last[11], next[11];
    const char *bad; /* the open count, or the month to close first */
    long products;
};

static int
close_uow(struct db *db, void *arg)
{
    struct close_work *w = arg;
    struct db_param p[5];
    struct db_rows r;
    long n = 0;

    /* the warehouse row first: the same row every posting takes */
    p[0] = DB_TEXT(w->last);
    p[1] = DB_INT(w->warehouse);
    p[2] = DB_TEXT(w->last);
    p[3] = DB_TEXT(w->before);
    p[4] = DB_TEXT(w->before);
    if (db_exec(db, &sql_period_take, p, 5, &n) != 0)
        return -1;
    if (n == 0)
        return COUNT_CONFLICT;
    p[0] = DB_INT(w->warehouse);
    if (db_query(db, w->c->a, &sql_open_count, p, 1, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows > 0 && db_cell(&r, 0, 0) != NULL) {
        w->bad = db_cell(&r, 0, 0);
        return COUNT_OPEN;
    }
    if (w->before != NULL) {
        p[1] = DB_TEXT(w->before);
        p[2] = DB_TEXT(w->first);
        if (db_query(db, w->c->a, &sql_unclosed_moves, p, 3, 0, 0, &r) != 0)
            return -1;
        if (r.n_rows > 0 && db_cell(&r, 0, 0) != NULL) {
            w->bad = arena_strndup(w->c->a, db_cell(&r, 0, 0), 7);
            return COUNT_ORDER;
        }
    }
    p[0] = DB_INT(w->warehouse);
    p[1] = DB_TEXT(w->period);
    p[2] = DB_TEXT(w->last);
    p[3] = DB_TS(clock_now());
    p[4] = sc_user_param(w->c);
    if (db_exec(db, &sql_period_insert, p, 5, NULL) != 0)
        return db_unique_violation(db) ? COUNT_CONFLICT : -1;
    p[0] = DB_TEXT(w->period);
    p[1] = DB_INT(w->warehouse);
    p[2] = DB_TEXT(w->last);
    p[3] = DB_TEXT(w->first);
    if (db_exec(db, &sql_period_snapshot, p, 4, &w->products) != 0)
        return -1;
    return audit_write(w->c, "warehouse", w->warehouse, "close_period",
                       arena_printf(w->c->a,
                                    "period %s closed; closed_through: %s -> "
                                    "%s; %ld products in the snapshot",
                                    w->period,
                                    w->before != NULL ? w->before : "", w->last,
                                    w->products));
}

/* A refused close: the periods page again with what was typed. */
static int
close_refused(struct ctx *c, int status, const char *code, const char *text)
{
    c->status = status;
    ctx_message(c, "error", code, "period", text);
    return periods_page(c, 1);
}

int
sc_period_close(struct ctx *c)
{
    struct close_work w;
    struct db_rows wh;
    char today[11];
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    if (form_int(c, "warehouse", FORM_REQUIRED, 1, INT64_MAX, &w.warehouse) ==
            0 &&
        sc_find_wh(c, w.warehouse, &wh) != 0)
        return -1;
    w.period = form_text(c, "period", FORM_REQUIRED, 7);
    if (w.period != NULL && !period_ok(w.period))
        form_error(c, "period", "bad_period", "a month as YYYY-MM");
    if (!form_ok(c))
        return periods_page(c, 1);
    period_days(w.period, w.first, w.last, w.next);
    clock_day(today, 0);
    /* M ended at least one whole day ago: from the 2nd of the next month */
    if (strcmp(today, w.next) <= 0)
        return close_refused(c, 422, "too_early",
                             arena_printf(c->a,
                                          "%s can be closed from the 2nd of "
                                          "the next month on (UTC)",
                                          w.period));
    w.before = text_iso_date(c->a, db_cell(&wh, 0, 4));
    if (w.before != NULL && strcmp(w.before, w.last) >= 0)
        return close_refused(c, 409, "already_closed",
                             arena_printf(c->a,
                                          "%s is closed already (closed "
                                          "through %s)",
                                          w.period, w.before));
    db_rollback(c->db);
    rc = db_uow(c->db, close_uow, &w);
    switch (rc) {
    case 0:
        return ctx_redirect(c, arena_printf(c->a,
                                            "/stock/periods?warehouse=%" PRId64
                                            "&done=closed",
                                            w.warehouse));
    case COUNT_CONFLICT:
        return close_refused(c, 409, "already_closed",
                             "the warehouse was closed meanwhile: look again");
    case COUNT_OPEN:
        return close_refused(c, 409, "count_open",
                             arena_printf(c->a,
                                          "the count %s of this warehouse is "
                                          "open: post or cancel it first",
                                          w.bad));
    case COUNT_ORDER:
        return close_refused(c, 409, "out_of_order",
                             arena_printf(c->a,
                                          "%s has moves and is not closed: "
                                          "close the months in order",
                                          w.bad));
    default: return ctx_db_fail(c);
    }
}

/* ==================================================================== */
/* GET /stock/periods/{id}/{period}                                     */
/* ==================================================================== */

int
sc_period_show(struct ctx *c)
{
    static const struct db_sql *const table[][2] = {
        {&sql_snap_code_asc, &sql_snap_code_desc},
        {&sql_snap_qty_asc, &sql_snap_qty_desc},
    };
    static const char *const names[] = {"product-id", "code", "name",
                                        "spec",       "unit", "on-hand"};
    const char *period = req_arg(c->req, "period");
    int64_t id = page_id(c);
    struct db_param p[SNAP_N_WHERE];
    struct db_rows wh, sp, rows;
    struct list_ask a;
    xmlNodePtr n;

    if (sc_find_wh(c, id, &wh) != 0)
        return -1;
    if (!period_ok(period))
        return page_not_found(c, "stock_period", 0);
    p[0] = DB_INT(id);
    p[1] = DB_TEXT(period);
    if (db_query(c->db, c->a, &sql_period_get, p, 2, 0, 0, &sp) != 0)
        return ctx_db_fail(c);
    if (sp.n_rows == 0)
        return page_not_found(c, "stock_period", 0);
    sc_list_ask(c, "code", 0, &a);
    p[2] = DB_TEXT(a.q);
    p[3] = DB_TEXT(a.like);
    p[4] = DB_TEXT(a.like);
    if (c->req->want_csv) {
        if (db_query(c->db, c->a, sc_pick_sql(sc_snap_sorts, table, &a), p,
                     SNAP_N_WHERE, 0, 0, &rows) != 0)
            return ctx_db_fail(c);
        csv_begin(c, arena_printf(c->a, "stock-%s-%s.csv", db_cell(&wh, 0, 1),
                                  period));
        for (size_t k = 0; k < XD_N(names); k++)
            csv_text(c, names[k]);
        csv_row(c);
        for (size_t i = 0; i < rows.n_rows; i++) {
            csv_num(c, db_cell(&rows, i, 0));
            for (size_t k = 1; k < 5; k++)
                csv_text(c, db_cell(&rows, i, k));
            csv_num(c, db_cell(&rows, i, 5));
            csv_row(c);
        }
        return 0;
    }
    n = ctx_data(c, "stock-period");
    xd_cell(n, "warehouse-id", &wh, 0, 0);
    xd_cell(n, "warehouse-code", &wh, 0, 1);
    xd_cell(n, "warehouse-name", &wh, 0, 2);
    xd_attr(n, "period", period);
    xd_attr(n, "closed-on", text_iso_date(c->a, db_cell(&sp, 0, 1)));
    page_ts_cell(c, n, "closed-at", &sp, 0, 2);
    xd_cell(n, "closed-by", &sp, 0, 3);
    xd_attr_int(n, "on-hand", db_cell_int(&sp, 0, 4));
    if (sc_list_page(c, n, &sql_snap_count,
                     sc_pick_sql(sc_snap_sorts, table, &a), p, SNAP_N_WHERE, &a,
                     &rows) != 0)
        return -1;
    xd_rows(n, "line", &rows, names, XD_N(names));
    return 0;
}
