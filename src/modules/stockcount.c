/*
 * stockcount.c - stocktaking (盘点) and the monthly period close (结存) of
 * the inventory (issue 6).
 *
 * Pages:  GET  /stock/counts                 counts in scope: filter by
 *                                            warehouse, status, dates,
 *                                            number; sort, page, CSV
 *         GET  /stock/counts/new             form; POST opens a count
 *         GET  /stock/counts/{id}            the count, its lines (filter,
 *                                            sort, page, CSV), its history
 *         GET  /stock/counts/{id}/sheet      the count sheet for paper
 *                                            (blind=1, the default, leaves
 *                                            the book quantities out)
 *         GET  /stock/counts/{id}/enter      form; POST saves counted
 *                                            quantities ("CODE QTY" lines)
 *         GET  /stock/counts/{id}/variance   counted against book per line,
 *                                            in units and in value, CSV
 *         POST /stock/counts/{id}/post       books the variances
 *         POST /stock/counts/{id}/cancel     drops the count
 *         GET  /stock/periods                closed months per warehouse,
 *                                            CSV; POST closes a month
 *         GET  /stock/periods/{id}/{YYYY-MM} a closed month's snapshot
 *                                            (warehouse id), CSV
 * Tables: stock_doc and stock_doc_line (kind 'count', number PD-...),
 *         stock_balance (frozen_by), stock_move through stock.h, warehouse
 *         (closed_through), stock_period, stock_period_bal; product,
 *         category, qd_user read; audit_log written.
 * Style:  xsl/stockcount.xsl; text in xsl/i18n/<lang>/stockcount.xml;
 *         documents in schema/xsd/stockcount.xsd.
 *
 * A count freezes what it counts (stock.h): opening it sets
 * stock_balance.frozen_by on one line per balance row of the warehouse
 * (of the category and its subcategories, when one is given), with the
 * on-hand quantity of that moment as the line's book_qty; every on-hand
 * move of another document on those rows is refused until the count is
 * posted or cancelled.  So at posting on hand still equals book_qty (it
 * is checked: a difference refuses the posting), and the variance booked
 * is counted - book_qty, one move of kind 'count' per line that differs,
 * dated with the count's date.  Goods found that are not on the sheet get
 * a line of their own (reason 'found') when they are entered: their
 * balance row is frozen then (created at zero when there is none) and
 * their book quantity is the on hand of that moment.
 *
 * Rules (refusals say which):
 *   - a count is dated today or earlier, never in a closed period, and
 *     not before an on-hand move of a product it counts (the variance
 *     would rewrite history that later moves were based on);
 *   - two open counts never share a balance row (409);
 *   - entering may be repeated: each save sets the counted quantity of the
 *     products it names and leaves the others as they were; the form
 *     carries the count's version, a stale form is refused (409);
 *   - posting needs stock.post (it changes the ledger like any posted
 *     document), opening, entering and cancelling stock.count: a role may
 *     count without being allowed to book; it is refused while lines are
 *     uncounted unless uncounted=zero says they were counted as zero; a
 *     counted quantity below what orders have reserved is refused (release
 *     the reservations first: the ledger's guard);
 *   - book quantities, variances and their values need stock.qty.
 *
 * Period close (结存): closing month M of warehouse W sets
 * warehouse.closed_through to M's last day (so stock_lock refuses any move
 * dated in M or before: STOCK_PERIOD_CLOSED), records stock_period (its
 * closed_on is that last day) and the snapshot stock_period_bal: the on
 * hand at the end of M per product, from the moves, for every product
 * with stock at that day or with an on-hand move during M (so a product
 * that ran out in M shows its zero).  Refused unless M ended at least one
 * whole day before today by the server's clock in UTC (a month can be
 * closed from the 2nd of the next month on, so the last day's late
 * postings have a full day), while a count of W is open, while an earlier
 * month of W with moves after the last close is not closed (close in
 * order; the first close may be any month, and a month without moves may
 * be skipped: its closing stock is the previous one's), and when M is
 * closed already.  A close is not undone: there is no reopening (a
 * correction is a new document dated in an open month).
 *
 * Scope: every page looks its warehouse up in the user's scope
 * (SCOPE_PARTY_SQL on the warehouse's unit and party); a count or a
 * warehouse outside it answers 404 like a missing one, in HTML, XML, CSV
 * and print alike, and the lists carry the scope in their WHERE.
 *
 * Writes run in one unit of work (db_uow) that starts with a write (the
 * warehouse taken with stock_lock, or a guarded UPDATE of the document or
 * the warehouse: PORTABILITY.md item 9) and writes the audit record in
 * the same transaction.  Double submission: the open form carries the new
 * count's id taken from the key table, so a second submission meets the
 * primary key and leads to the count already opened; posting and
 * cancelling twice find the count posted or cancelled and say so.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stock.h"
#include "stocklines.h"

#include "../core/audit.h"
#include "../core/auth.h"
#include "../core/clock.h"
#include "../core/csv.h"
#include "../core/ctx.h"
#include "../core/docno.h"
#include "../core/form.h"
#include "../core/money.h"
#include "../core/page.h"
#include "../core/scope.h"
#include "../core/text.h"
#include "../core/xd.h"
#include "../db/db.h"

#define COUNT_PAGE      50     /* rows per list page */
#define COUNT_LINES_MAX 20000  /* lines of one count when it opens */
#define COUNT_ROWS_MAX  100000 /* balance rows of a warehouse read to open */
#define COUNT_NOTE_MAX  500
#define COUNT_FIELD_MAX 1000
#define COUNT_HISTORY   50
#define COUNT_ERRORS    10 /* problems reported for the lines field */
#define COUNT_PREFIX    "PD"

/* Results of a unit of work besides 0 and -1; COUNT_STOCK + a stock.h
 * result for the ledger's refusals. */
enum count_uow {
    COUNT_CONFLICT = 100, /* the version or the state moved meanwhile */
    COUNT_DUPLICATE,      /* the open form was sent before */
    COUNT_FROZEN,         /* another open count holds a row */
    COUNT_LATE,           /* on-hand moves dated after the count's date */
    COUNT_TOO_MANY,       /* too many products to open one count */
    COUNT_UNCOUNTED,      /* lines not counted, and not taken as zero */
    COUNT_BOOK_CHANGED,   /* on hand is not the book quantity (a bug) */
    COUNT_OPEN,           /* a count of the warehouse is open */
    COUNT_ORDER,          /* an earlier month with moves is not closed */
    COUNT_STOCK = 200
};

static const char *const statuses[] = {"draft", "posted", "cancelled", NULL};
static const char *const list_sorts[] = {"doc_on", "doc_no", "warehouse",
                                         "status", NULL};
static const char *const line_sorts[] = {"line", "code", "variance", "value",
                                         NULL};
static const char *const line_shows[] = {"all", "uncounted", "counted",
                                         "variance", NULL};
static const char *const snap_sorts[] = {"code", "qty", NULL};
static const char *const period_sorts[] = {"period", "warehouse", NULL};
static const char *const dirs[] = {"asc", "desc", NULL};
static const char *const dones[] = {"opened", "duplicate", "saved",
                                    "posted", "cancelled", NULL};
static const char *const period_dones[] = {"closed", NULL};
static const char *const zeros[] = {"zero", NULL};

/* ==================================================================== */
/* Statements                                                           */
/* ==================================================================== */

#define WH_SCOPE SCOPE_PARTY_SQL("w.unit_id", "w.party_id")
#define LIKE_ESC " ESCAPE '" TEXT_LIKE_ESCAPE "'"

/* ---- warehouses and categories ------------------------------------- */

DB_STATEMENT(sql_wh_get, 0,
             "SELECT w.id, w.code, w.name, w.status, w.closed_through"
             " FROM warehouse w"
             " WHERE w.id = ? AND " WH_SCOPE);
/* The warehouses in scope, with the number of their open count. */
DB_STATEMENT(sql_wh_list, 0,
             "SELECT w.id, w.code, w.name, w.status, w.closed_through,"
             " (SELECT MIN(d.doc_no) FROM stock_doc d"
             " WHERE d.warehouse_id = w.id AND d.kind = 'count'"
             " AND d.status = 'draft')"
             " FROM warehouse w"
             " WHERE " WH_SCOPE " ORDER BY w.code");
/* Categories are few: read whole, the subtree is found in C. */
DB_STATEMENT(sql_categories, 0,
             "SELECT c.id, c.parent_id, c.code, c.name"
             " FROM category c"
             " ORDER BY c.code");

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

/* ---- one count ----------------------------------------------------- */

enum {
    K_ID,
    K_NO,
    K_STATUS,
    K_WH,
    K_WH_CODE,
    K_WH_NAME,
    K_ON,
    K_CAT,
    K_CAT_CODE,
    K_CAT_NAME,
    K_NOTE,
    K_VERSION,
    K_CREATED_AT,
    K_CREATED_BY,
    K_POSTED_AT,
    K_POSTED_BY,
    K_AMOUNT
};
DB_STATEMENT(sql_count_get, 0,
             "SELECT d.id, d.doc_no, d.status, d.warehouse_id, w.code, w.name,"
             " d.doc_on, d.category_id, c.code, c.name, d.note, d.version,"
             " d.created_at, cu.login, d.posted_at, pu.login, d.amount"
             " FROM stock_doc d"
             " JOIN warehouse w ON w.id = d.warehouse_id"
             " LEFT JOIN category c ON c.id = d.category_id"
             " LEFT JOIN qd_user cu ON cu.id = d.created_by"
             " LEFT JOIN qd_user pu ON pu.id = d.posted_by"
             " WHERE d.id = ? AND d.kind = 'count' AND " WH_SCOPE);

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

/* ---- opening -------------------------------------------------------- */

/* Ids handed out so far (the open form's id must be one of them). */
DB_STATEMENT(sql_key_next, 0,
             "SELECT next_id FROM qd_key WHERE name = 'stock_doc'");
DB_STATEMENT(sql_doc_owner, 0,
             "SELECT kind, warehouse_id, created_by FROM stock_doc"
             " WHERE id = ?");
DB_STATEMENT(sql_doc_insert, 0,
             "INSERT INTO stock_doc (id, doc_no, kind, status, warehouse_id,"
             " category_id, doc_on, note, created_at, created_by, version)"
             " VALUES (?, ?, 'count', 'draft', ?, ?, ?, ?, ?, ?, 1)");
DB_STATEMENT(sql_open_n_rows, 0,
             "SELECT COUNT(*) FROM stock_balance WHERE warehouse_id = ?");
DB_STATEMENT(sql_open_rows, 0,
             "SELECT b.product_id, b.on_hand, p.category_id"
             " FROM stock_balance b JOIN product p ON p.id = b.product_id"
             " WHERE b.warehouse_id = ?"
             " ORDER BY p.code");
DB_STATEMENT(sql_line_insert, 0,
             "INSERT INTO stock_doc_line (doc_id, line_no, product_id, qty,"
             " qty_done, book_qty, reason, note)"
             " VALUES (?, ?, ?, 0, ?, ?, ?, ?)");
DB_STATEMENT(sql_freeze_lines, 0,
             "UPDATE stock_balance SET frozen_by = ?"
             " WHERE warehouse_id = ? AND frozen_by IS NULL"
             " AND product_id IN (SELECT l.product_id FROM stock_doc_line l"
             " WHERE l.doc_id = ?)");
DB_STATEMENT(sql_late_lines, 0,
             "SELECT MAX(m.move_on) FROM stock_move m"
             " WHERE m.warehouse_id = ? AND m.bucket = 'on_hand'"
             " AND m.move_on > ?"
             " AND m.product_id IN (SELECT l.product_id FROM stock_doc_line l"
             " WHERE l.doc_id = ?)");
/* Which open count holds rows of a warehouse (of one product). */
DB_STATEMENT(sql_frozen_by, 0,
             "SELECT MIN(d.doc_no)"
             " FROM stock_balance b JOIN stock_doc d ON d.id = b.frozen_by"
             " WHERE b.warehouse_id = ?"
             " AND (CAST(? AS DECIMAL(19)) IS NULL OR b.product_id = ?)");

/* ---- entering ------------------------------------------------------- */

DB_STATEMENT(sql_doc_touch, 0,
             "UPDATE stock_doc SET version = version + 1"
             " WHERE id = ? AND kind = 'count' AND status = 'draft'"
             " AND version = ?");
DB_STATEMENT(sql_max_line, 0,
             "SELECT MAX(line_no) FROM stock_doc_line WHERE doc_id = ?");
DB_STATEMENT(sql_line_counted, 0,
             "UPDATE stock_doc_line SET qty_done = ?"
             " WHERE doc_id = ? AND product_id = ?");
DB_STATEMENT(sql_line_counted_note, 0,
             "UPDATE stock_doc_line SET qty_done = ?, note = ?"
             " WHERE doc_id = ? AND product_id = ?");
DB_STATEMENT(sql_balance_found, 0,
             "INSERT INTO stock_balance (warehouse_id, product_id, on_hand,"
             " reserved, in_transit, frozen_by, updated_at)"
             " VALUES (?, ?, 0, 0, 0, ?, ?)");
DB_STATEMENT(
    sql_freeze_one, 0,
    "UPDATE stock_balance SET frozen_by = ?"
    " WHERE warehouse_id = ? AND product_id = ? AND frozen_by IS NULL");
DB_STATEMENT(sql_late_one, 0,
             "SELECT MAX(m.move_on) FROM stock_move m"
             " WHERE m.warehouse_id = ? AND m.product_id = ?"
             " AND m.bucket = 'on_hand' AND m.move_on > ?");

/* ---- posting and cancelling ----------------------------------------- */

DB_STATEMENT(sql_doc_post, 0,
             "UPDATE stock_doc SET status = 'posted', posted_at = ?,"
             " posted_by = ?, version = version + 1"
             " WHERE id = ? AND kind = 'count' AND status = 'draft'"
             " AND version = ?");
DB_STATEMENT(sql_uncounted_zero, 0,
             "UPDATE stock_doc_line SET qty_done = 0"
             " WHERE doc_id = ? AND qty_done IS NULL");
DB_STATEMENT(sql_uncounted, 0,
             "SELECT COUNT(*) FROM stock_doc_line"
             " WHERE doc_id = ? AND qty_done IS NULL");
enum { P_LINE, P_PRODUCT, P_COUNTED, P_BOOK, P_ON_HAND, P_CODE, P_PRICE };
DB_STATEMENT(sql_post_lines, 0,
             "SELECT l.line_no, l.product_id, l.qty_done, l.book_qty,"
             " b.on_hand, p.code, p.list_price"
             " FROM stock_doc_line l"
             " JOIN product p ON p.id = l.product_id"
             " LEFT JOIN stock_balance b ON b.warehouse_id = ?"
             " AND b.product_id = l.product_id"
             " WHERE l.doc_id = ?"
             " ORDER BY l.product_id");
DB_STATEMENT(sql_doc_amount, 0, "UPDATE stock_doc SET amount = ? WHERE id = ?");
DB_STATEMENT(sql_unfreeze, 0,
             "UPDATE stock_balance SET frozen_by = NULL"
             " WHERE warehouse_id = ? AND frozen_by = ?");
DB_STATEMENT(sql_doc_cancel, 0,
             "UPDATE stock_doc SET status = 'cancelled',"
             " version = version + 1"
             " WHERE id = ? AND kind = 'count' AND status = 'draft'");

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

/* Today by the program's clock, UTC, as YYYY-MM-DD. */
static void
today_iso(char out[11])
{
    time_t t = clock_now();
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

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
 * month on: see the header), as YYYY-MM in out[8]. */
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

/* What a list page was asked for: the search text (and its LIKE
 * pattern), the sort key and the direction. */
struct list_ask {
    const char *q, *like, *sort;
    int desc;
};

/* Read q, sort and dir of the query (sort `dflt` when none: then
 * descending when dflt_desc, unless dir says otherwise). */
static void
list_ask(struct ctx *c, const char *dflt, int dflt_desc, struct list_ask *a)
{
    const char *dir = param_text(c->req, "dir");

    a->q = param_text(c->req, "q");
    a->like = a->q != NULL ? text_like(c->a, a->q, 1, 1) : NULL;
    a->sort = param_text(c->req, "sort");
    a->desc =
        dir != NULL ? strcmp(dir, "desc") == 0 : a->sort == NULL && dflt_desc;
    if (a->sort == NULL)
        a->sort = dflt;
}

/* The statement of the sort key (one of keys, else the first) and the
 * direction, from a table of whole statements. */
static const struct db_sql *
pick_sql(const char *const *keys, const struct db_sql *const (*table)[2],
         const struct list_ask *a)
{
    for (int i = 0; keys[i] != NULL; i++)
        if (strcmp(keys[i], a->sort) == 0)
            return table[i][a->desc];
    return table[0][a->desc];
}

/* A paged list (page_list) of one parameter set p for both statements,
 * with the search text q on n too. */
static int
list_page(struct ctx *c, xmlNodePtr n, const struct db_sql *count_sql,
          const struct db_sql *list_sql, const struct db_param *p, size_t np,
          const struct list_ask *a, struct db_rows *rows)
{
    xd_attr(n, "q", a->q != NULL ? a->q : "");
    return page_list(c, n, COUNT_PAGE, count_sql, p, np, list_sql, p, np,
                     a->sort, a->desc, rows);
}

/* The signed-in user as a parameter (NULL for none). */
static struct db_param
user_param(const struct ctx *c)
{
    return c->user != NULL ? DB_INT(c->user->id) : DB_NULLP;
}

/* An int64 as text in the arena (CSV). */
static const char *
num(struct ctx *c, int64_t v)
{
    return arena_printf(c->a, "%" PRId64, v);
}

/*
 * Row `id` of a statement whose WHERE is "id = ? AND" the warehouse scope
 * (sql_wh_get, sql_count_get) into *r.  0; or -1 with the 404 of a
 * missing or foreign row of `entity` (the same answer for both), or the
 * database failure, recorded.
 */
static int
find_scoped(struct ctx *c, const struct db_sql *sql, const char *entity,
            int64_t id, struct db_rows *r)
{
    struct db_param p[3];

    if (id > 0) {
        p[0] = DB_INT(id);
        p[1] = DB_INT(scope_unit(c));
        p[2] = DB_INT(scope_party(c));
        if (db_query(c->db, c->a, sql, p, 3, 0, 0, r) != 0)
            return ctx_db_fail(c);
        if (r->n_rows > 0)
            return 0;
    }
    return page_not_found(c, entity, id);
}

/* The warehouse `id` in scope (sql_wh_get: id, code, name, status,
 * closed_through), or the 404. */
static int
find_wh(struct ctx *c, int64_t id, struct db_rows *r)
{
    return find_scoped(c, &sql_wh_get, "warehouse", id, r);
}

/* The count `id` in scope (sql_count_get, K_*), or the 404. */
static int
find_count(struct ctx *c, int64_t id, struct db_rows *k)
{
    return find_scoped(c, &sql_count_get, "stock_doc", id, k);
}

static int
is_draft(const struct db_rows *k)
{
    return strcmp(db_cell(k, 0, K_STATUS), "draft") == 0;
}

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
            csv_num(c, counted != NULL ? num(c, v) : NULL);
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
static int
lines_page(struct ctx *c, xmlNodePtr n, const struct db_rows *k, int book)
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

    list_ask(c, "line", 0, &a);
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
        if (db_query(c->db, c->a, pick_sql(line_sorts, table, &a), p,
                     LINE_N_WHERE, 0, 0, &rows) != 0)
            return ctx_db_fail(c);
        lines_csv(c, k, &rows, book);
        return 0;
    }
    if (list_page(c, n, &sql_lines_count, pick_sql(line_sorts, table, &a), p,
                  LINE_N_WHERE, &a, &rows) != 0)
        return -1;
    xd_attr(n, "show", filter != NULL ? filter : "all");
    for (size_t i = 0; i < rows.n_rows; i++)
        line_elem(n, &rows, i, book);
    return 0;
}

/* A count's page: its fields, line counts and the buttons the user may
 * use, under a new data element `elem`.  *out the element. */
static int
count_elem(struct ctx *c, const char *elem, const struct db_rows *k,
           xmlNodePtr *out)
{
    int qty = auth_can(c, "stock.qty");
    xmlNodePtr n = ctx_data(c, elem);

    head_attrs(c, n, k, qty);
    if (stats_attrs(c, n, db_cell_int(k, 0, K_ID), qty) != 0)
        return ctx_db_fail(c);
    if (is_draft(k)) {
        page_can(c, n, "can-enter", "stock.count");
        page_can(c, n, "can-cancel", "stock.count");
        page_can(c, n, "can-post", "stock.post");
    }
    *out = n;
    return 0;
}

/* ==================================================================== */
/* GET /stock/counts                                                    */
/* ==================================================================== */

/* The warehouses in scope as <warehouse> children of n (active_only: the
 * ones that take stock). */
static int
wh_options(struct ctx *c, xmlNodePtr n, int active_only)
{
    struct db_param p[2] = {DB_INT(scope_unit(c)), DB_INT(scope_party(c))};
    struct db_rows r;

    if (db_query(c->db, c->a, &sql_wh_list, p, 2, 0, 0, &r) != 0)
        return -1;
    for (size_t i = 0; i < r.n_rows; i++) {
        xmlNodePtr w;

        if (active_only && strcmp(db_cell(&r, i, 3), "active") != 0)
            continue;
        w = xd_elem(n, "warehouse");
        xd_cell(w, "id", &r, i, 0);
        xd_cell(w, "code", &r, i, 1);
        xd_cell(w, "name", &r, i, 2);
        xd_cell(w, "status", &r, i, 3);
        xd_attr(w, "closed-through", text_iso_date(c->a, db_cell(&r, i, 4)));
        xd_cell(w, "open-count", &r, i, 5);
    }
    return 0;
}

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

static int
counts_list(struct ctx *c)
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
    list_ask(c, "doc_on", 1, &a);
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
        if (db_query(c->db, c->a, pick_sql(list_sorts, table, &a), p,
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
    if (list_page(c, list, &sql_list_count, pick_sql(list_sorts, table, &a), p,
                  LIST_N_WHERE, &a, &rows) != 0)
        return -1;
    if (wh_options(c, list, 0) != 0)
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

/* ==================================================================== */
/* GET/POST /stock/counts/new                                           */
/* ==================================================================== */

/*
 * The ids of category `root` and of every category below it into *out
 * (in the arena); *r holds the categories (sql_categories).  The number
 * of ids (0: no such category), or -1.
 */
static long
category_tree(struct ctx *c, int64_t root, struct db_rows *r, int64_t **out)
{
    int64_t *ids;
    size_t n = 0;
    int grew = 1;

    if (db_query(c->db, c->a, &sql_categories, NULL, 0, 0, 0, r) != 0)
        return -1;
    ids = arena_alloc(c->a, (r->n_rows + 1) * sizeof(*ids));
    for (size_t i = 0; i < r->n_rows && root > 0; i++)
        if (db_cell_int(r, i, 0) == root)
            ids[n++] = root;
    /* add the children of what is in, until nothing more comes (the
     * tree is shallow and small; a cycle stops when all are in) */
    while (n > 0 && grew) {
        grew = 0;
        for (size_t i = 0; i < r->n_rows; i++) {
            int64_t id = db_cell_int(r, i, 0), parent = db_cell_int(r, i, 1);
            int in = 0, has_parent = 0;

            for (size_t k = 0; k < n && !in; k++) {
                in = ids[k] == id;
                has_parent |= ids[k] == parent;
            }
            if (!in && has_parent) {
                ids[n++] = id;
                grew = 1;
            }
        }
    }
    *out = ids;
    return (long)n;
}

/* The open form; token: the new count's id; echo: show what was typed. */
static int
open_form(struct ctx *c, int64_t token, int echo)
{
    static const char *const echoes[] = {"warehouse", "warehouse", "category",
                                         "category",  "doc_on",    "doc-on",
                                         "note",      "note",      NULL};
    xmlNodePtr f = ctx_data(c, "stock-count-form");
    struct db_rows cats;
    int64_t *unused;
    char today[11];

    today_iso(today);
    xd_attr_int(f, "token", token);
    xd_attr(f, "today", today);
    if (echo)
        page_echo(c, f, echoes);
    if (wh_options(c, f, 1) != 0 || category_tree(c, 0, &cats, &unused) < 0)
        return ctx_db_fail(c);
    for (size_t i = 0; i < cats.n_rows; i++) {
        xmlNodePtr e = xd_elem(f, "category");

        xd_cell(e, "id", &cats, i, 0);
        xd_cell(e, "code", &cats, i, 2);
        xd_cell(e, "name", &cats, i, 3);
    }
    return 0;
}

static int
count_new(struct ctx *c)
{
    int64_t token;

    /* the new count's id: taken outside any transaction, so its bank is
     * committed and never handed out again */
    db_rollback(c->db);
    if (db_next_id(c->db, "stock_doc", &token) != 0)
        return ctx_db_fail(c);
    return open_form(c, token, 0);
}

struct open_work {
    struct ctx *c;
    int64_t id, warehouse, category;
    const int64_t *cats; /* the category and those below it */
    long n_cats;
    const char *doc_no, *doc_on, *note, *label;
    long n_lines;
    const char *late; /* COUNT_LATE: the last move's date */
};

static int
in_list(const int64_t *ids, long n, int64_t v)
{
    for (long i = 0; i < n; i++)
        if (ids[i] == v)
            return 1;
    return 0;
}

/* Write the lines of a new count: one per balance row of the warehouse
 * (in the categories), book_qty the on hand now.  0, COUNT_TOO_MANY, -1. */
static int
open_lines(struct db *db, struct open_work *w)
{
    struct db_param p[7];
    struct db_rows r;
    int rc = 0;

    p[0] = DB_INT(w->warehouse);
    if (db_query(db, w->c->a, &sql_open_n_rows, p, 1, 0, 0, &r) != 0)
        return -1;
    if (db_cell_int(&r, 0, 0) > COUNT_ROWS_MAX)
        return COUNT_TOO_MANY;
    if (db_query(db, w->c->a, &sql_open_rows, p, 1, 0, 0, &r) != 0)
        return -1;
    for (size_t i = 0; i < r.n_rows && rc == 0; i++) {
        if (w->category > 0 &&
            (db_cell(&r, i, 2) == NULL ||
             !in_list(w->cats, w->n_cats, db_cell_int(&r, i, 2))))
            continue;
        if (w->n_lines == COUNT_LINES_MAX)
            return COUNT_TOO_MANY;
        w->n_lines++;
        p[0] = DB_INT(w->id);
        p[1] = DB_INT(w->n_lines);
        p[2] = DB_INT(db_cell_int(&r, i, 0));
        p[3] = DB_NULLP;
        p[4] = DB_INT(db_cell_int(&r, i, 1));
        p[5] = DB_NULLP;
        p[6] = DB_NULLP;
        rc = db_exec(db, &sql_line_insert, p, 7, NULL);
    }
    return rc;
}

static int
open_uow(struct db *db, void *arg)
{
    struct open_work *w = arg;
    struct db_param p[8];
    struct db_rows r;
    long n = 0;
    int rc;

    w->n_lines = 0;
    w->late = NULL;
    /* the warehouse first: serialises with postings and period closes */
    if ((rc = stock_lock(db, w->warehouse, w->doc_on)) != STOCK_OK)
        return rc < 0 ? -1 : COUNT_STOCK + rc;
    p[0] = DB_INT(w->id);
    p[1] = DB_TEXT(w->doc_no);
    p[2] = DB_INT(w->warehouse);
    p[3] = w->category > 0 ? DB_INT(w->category) : DB_NULLP;
    p[4] = DB_TEXT(w->doc_on);
    p[5] = DB_TEXT(w->note);
    p[6] = DB_TS(clock_now());
    p[7] = user_param(w->c);
    if (db_exec(db, &sql_doc_insert, p, 8, NULL) != 0)
        return db_unique_violation(db) ? COUNT_DUPLICATE : -1;
    if ((rc = open_lines(db, w)) != 0)
        return rc;
    /* freeze: every row of the sheet, none held by another count */
    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->warehouse);
    p[2] = DB_INT(w->id);
    if (db_exec(db, &sql_freeze_lines, p, 3, &n) != 0)
        return -1;
    if (n != w->n_lines)
        return COUNT_FROZEN;
    p[0] = DB_INT(w->warehouse);
    p[1] = DB_TEXT(w->doc_on);
    p[2] = DB_INT(w->id);
    if (db_query(db, w->c->a, &sql_late_lines, p, 3, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows > 0 && db_cell(&r, 0, 0) != NULL) {
        w->late = text_iso_date(w->c->a, db_cell(&r, 0, 0));
        return COUNT_LATE;
    }
    return audit_write(
        w->c, "stock_doc", w->id, "open",
        arena_printf(w->c->a, "%s: count of %s%s%s on %s; %ld lines", w->doc_no,
                     w->label, w->category > 0 ? ", category " : "",
                     w->category > 0 ? num(w->c, w->category) : "", w->doc_on,
                     w->n_lines));
}

/* The count opened twice by one form: the first one when it is this
 * user's count of this warehouse, else a 409. */
static int
open_again(struct ctx *c, const struct open_work *w)
{
    struct db_param p[1] = {DB_INT(w->id)};
    struct db_rows r;

    if (db_query(c->db, c->a, &sql_doc_owner, p, 1, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0 || strcmp(db_cell(&r, 0, 0), "count") != 0 ||
        db_cell_int(&r, 0, 1) != w->warehouse || c->user == NULL ||
        db_cell_int(&r, 0, 2) != c->user->id)
        return ctx_fail(c, 409, "conflict", "this form was used already", NULL);
    return ctx_redirect(
        c,
        arena_printf(c->a, "/stock/counts/%" PRId64 "?done=duplicate", w->id));
}

/* Another open count holds rows: say which, with status 409.  0 or -1. */
static int
frozen_message(struct ctx *c, int64_t warehouse, int64_t product,
               const char *field, const char *what)
{
    struct db_param p[3];
    struct db_rows r;
    const char *no;

    p[0] = DB_INT(warehouse);
    p[1] = product > 0 ? DB_INT(product) : DB_NULLP;
    p[2] = p[1];
    if (db_query(c->db, c->a, &sql_frozen_by, p, 3, 0, 0, &r) != 0)
        return -1;
    no = r.n_rows > 0 ? db_cell(&r, 0, 0) : NULL;
    c->status = 409;
    ctx_message(c, "error", "frozen", field,
                arena_printf(c->a,
                             "%s being counted by %s, which is open: post or "
                             "cancel it first",
                             what, no != NULL ? no : "another count"));
    return 0;
}

/* The outcome of the open unit of work, as the page says it. */
static int
open_result(struct ctx *c, struct open_work *w, int rc)
{
    switch (rc) {
    case 0:
        return ctx_redirect(
            c,
            arena_printf(c->a, "/stock/counts/%" PRId64 "?done=opened", w->id));
    case COUNT_DUPLICATE: return open_again(c, w);
    case COUNT_FROZEN:
        if (frozen_message(c, w->warehouse, 0, "warehouse",
                           "products of this warehouse are") != 0)
            return ctx_db_fail(c);
        break;
    case COUNT_LATE:
        form_error(c, "doc_on", "late",
                   arena_printf(c->a,
                                "on-hand moves dated up to %s exist: date the "
                                "count on or after that day",
                                w->late));
        break;
    case COUNT_TOO_MANY:
        form_error(c, "category", "too_many",
                   arena_printf(c->a,
                                "more than %d products: count the warehouse "
                                "by category",
                                COUNT_LINES_MAX));
        break;
    case COUNT_STOCK + STOCK_PERIOD_CLOSED:
        form_error(c, "doc_on", "period_closed",
                   "the date is in a closed period");
        break;
    case COUNT_STOCK + STOCK_CLOSED:
        form_error(c, "warehouse", "closed", "the warehouse is closed");
        break;
    default: return ctx_db_fail(c);
    }
    return open_form(c, w->id, 1);
}

static int
count_create(struct ctx *c)
{
    struct open_work w;
    struct db_rows wh, cats, key;
    char today[11], doc_no[DOCNO_MAX];

    memset(&w, 0, sizeof(w));
    w.c = c;
    if (form_int(c, "token", FORM_REQUIRED, 1, INT64_MAX, &w.id) != 0)
        return ctx_fail(c, 400, "bad_param", "the form has no valid id", NULL);
    /* the id must be one the key table handed out (a form's) */
    if (db_query(c->db, c->a, &sql_key_next, NULL, 0, 0, 0, &key) != 0)
        return ctx_db_fail(c);
    if (key.n_rows == 0 || w.id >= db_cell_int(&key, 0, 0))
        return ctx_fail(c, 400, "bad_param", "the form has no valid id", NULL);
    form_int(c, "warehouse", FORM_REQUIRED, 1, INT64_MAX, &w.warehouse);
    form_int(c, "category", 0, 1, INT64_MAX, &w.category);
    w.doc_on = form_date(c, "doc_on", 0);
    w.note = form_text(c, "note", 0, COUNT_NOTE_MAX);
    today_iso(today);
    if (w.doc_on == NULL)
        w.doc_on = arena_strdup(c->a, today);
    else if (strcmp(w.doc_on, today) > 0)
        form_error(c, "doc_on", "future_date", "the date is in the future");
    if (w.warehouse > 0 && find_wh(c, w.warehouse, &wh) != 0)
        return -1;
    if (w.warehouse > 0 && strcmp(db_cell(&wh, 0, 3), "active") != 0)
        form_error(c, "warehouse", "closed", "the warehouse is closed");
    if (w.category > 0) {
        int64_t *ids;

        w.n_cats = category_tree(c, w.category, &cats, &ids);
        w.cats = ids;
        if (w.n_cats < 0)
            return ctx_db_fail(c);
        if (w.n_cats == 0)
            form_error(c, "category", "no_category", "no such category");
    }
    if (!form_ok(c))
        return open_form(c, w.id, 1);
    if (docno_make(doc_no, COUNT_PREFIX, w.doc_on, w.id) != 0)
        return ctx_fail(c, 400, "bad_param", "the form has no valid id", NULL);
    w.doc_no = doc_no;
    w.label = page_label(c, db_cell(&wh, 0, 1), db_cell(&wh, 0, 2));
    db_rollback(c->db);
    return open_result(c, &w, db_uow(c->db, open_uow, &w));
}

/* ==================================================================== */
/* GET /stock/counts/{id}                                               */
/* ==================================================================== */

static int
count_show(struct ctx *c)
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

    if (find_count(c, page_id(c), &k) != 0)
        return -1;
    if (c->req->want_csv)
        return lines_page(c, NULL, &k, book);
    for (size_t i = 0; done != NULL && dones[i] != NULL; i++)
        if (strcmp(dones[i], done) == 0)
            ctx_message(c, "info", dones[i], NULL, texts[i]);
    if (count_elem(c, "stock-count", &k, &n) != 0 ||
        lines_page(c, n, &k, book) != 0)
        return -1;
    if (page_history(c, n, "stock_doc", db_cell_int(&k, 0, K_ID),
                     COUNT_HISTORY) != 0)
        return ctx_db_fail(c);
    return 0;
}

/* ==================================================================== */
/* GET /stock/counts/{id}/sheet                                         */
/* ==================================================================== */

static int
count_sheet(struct ctx *c)
{
    struct db_param p[LINE_N_WHERE];
    struct db_rows k, rows;
    int blind = param_int(c->req, "blind", 1) != 0 || !auth_can(c, "stock.qty");
    xmlNodePtr n;

    if (find_count(c, page_id(c), &k) != 0)
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

/* ==================================================================== */
/* GET/POST /stock/counts/{id}/enter                                    */
/* ==================================================================== */

/* The entry form of count k; echo: the lines as typed. */
static int
enter_form(struct ctx *c, const struct db_rows *k, int echo)
{
    xmlNodePtr f;

    if (count_elem(c, "stock-count-enter", k, &f) != 0)
        return -1;
    if (echo)
        xd_attr(f, "input", param_text(c->req, "lines"));
    return 0;
}

/* The count must be open to take counts: else a 409. */
static int
need_draft(struct ctx *c, const struct db_rows *k)
{
    if (is_draft(k))
        return 0;
    return ctx_fail(
        c, 409, "conflict",
        arena_printf(c->a, "the count is %s", db_cell(k, 0, K_STATUS)), NULL);
}

static int
enter_new(struct ctx *c)
{
    struct db_rows k;

    if (find_count(c, page_id(c), &k) != 0 || need_draft(c, &k) != 0)
        return -1;
    return enter_form(c, &k, 0);
}

struct line_errors {
    struct ctx *c;
    int n;
};

static void
line_error(void *arg, int line_no, const char *code, const char *text)
{
    struct line_errors *e = arg;

    if (e->n++ < COUNT_ERRORS)
        form_error(e->c, "lines", code,
                   arena_printf(e->c->a, "line %d: %s", line_no, text));
}

/* The next field of *s (separated by spaces, tabs or commas), or NULL. */
static char *
next_field(char **s)
{
    char *p = *s + strspn(*s, " \t,"), *start = p;

    if (*p == '\0')
        return NULL;
    p += strcspn(p, " \t,");
    if (*p != '\0')
        *p++ = '\0';
    *s = p;
    return start;
}

/*
 * The counted quantities of the field "lines": one product a line, "CODE
 * QTY [NOTE]", QTY a whole number 0 .. STOCK_QTY_MAX (a zero is a count
 * here, which the other stock documents refuse), resolved by stocklines'
 * resolver (codes or barcodes, a product once, the note's length).
 * *lines and *counted in the arena.  Problems go to form_error naming the
 * line.  The number of lines (>= 1), 0 when refused, or -1.
 */
static int
parse_counts(struct ctx *c, struct stock_line **lines, int64_t **counted)
{
    const char *s =
        form_text(c, "lines", FORM_REQUIRED | FORM_MULTILINE, STOCK_LINES_TEXT);
    struct line_errors e = {c, 0};
    struct stock_line *l;
    int64_t *q;
    char *copy, *save = NULL;
    int n = 0, rc;

    if (s == NULL)
        return 0;
    l = arena_zalloc(c->a, sizeof(*l) * STOCK_LINES_MAX);
    q = arena_zalloc(c->a, sizeof(*q) * STOCK_LINES_MAX);
    copy = arena_strdup(c->a, s);
    for (char *ln = strtok_r(copy, "\r\n", &save); ln != NULL;
         ln = strtok_r(NULL, "\r\n", &save)) {
        char *code = next_field(&ln), *qty, *end = NULL, *note;

        if (code == NULL)
            continue;
        if (n == STOCK_LINES_MAX) {
            form_error(c, "lines", "too_many",
                       arena_printf(c->a, "at most %d lines", STOCK_LINES_MAX));
            return 0;
        }
        qty = next_field(&ln);
        q[n] = qty != NULL && *qty >= '0' && *qty <= '9'
                   ? strtoll(qty, &end, 10)
                   : -1;
        if (end == NULL || *end != '\0' || q[n] < 0 || q[n] > STOCK_QTY_MAX)
            line_error(&e, n + 1, "bad_qty",
                       "the counted quantity must be a whole number from 0 "
                       "to 1000000000");
        note = ln + strspn(ln, " \t,");
        for (size_t k = strlen(note); k > 0 && strchr(" \t", note[k - 1]);)
            note[--k] = '\0';
        l[n].line_no = n + 1;
        l[n].code = code;
        l[n].qty = 1; /* the resolver takes only positive quantities */
        l[n].price = -1;
        l[n].note = *note != '\0' ? note : NULL;
        n++;
    }
    if (n == 0) {
        form_error(c, "lines", "required", "at least one line");
        return 0;
    }
    rc = stock_lines_resolve(c->db, c->a, l, n, 0, line_error, &e);
    if (rc < 0)
        return -1;
    if (rc > 0 || e.n > 0)
        return 0;
    *lines = l;
    *counted = q;
    return n;
}

/* A typed line's place in the lock order (by product id). */
struct entry_order {
    int64_t product_id;
    int i;
};

struct enter_work {
    struct ctx *c;
    int64_t id, warehouse, version;
    const char *doc_on;
    struct stock_line *lines;
    int64_t *counted;
    int n;
    struct entry_order *order; /* the lines by product id */
    const char *bad;           /* the product code of a refusal */
    const char *late;
    int64_t bad_product;
};

/* A product not on the sheet: freeze its balance row (created at zero
 * when there is none) and add its line.  0, COUNT_FROZEN, COUNT_LATE or
 * -1. */
static int
enter_found(struct db *db, struct enter_work *w, int i, int64_t line_no)
{
    const struct stock_line *l = &w->lines[i];
    struct db_param p[7];
    struct stock_state st;
    struct db_rows r;
    long n = 0;

    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->warehouse);
    p[2] = DB_INT(l->product_id);
    if (db_exec(db, &sql_freeze_one, p, 3, &n) != 0)
        return -1;
    if (n == 0) {
        if (stock_state_get(db, w->warehouse, l->product_id, &st) != 0)
            return -1;
        if (st.exists) {
            w->bad = l->code;
            w->bad_product = l->product_id;
            return COUNT_FROZEN;
        }
        p[0] = DB_INT(w->warehouse);
        p[1] = DB_INT(l->product_id);
        p[2] = DB_INT(w->id);
        p[3] = DB_TS(clock_now());
        if (db_exec(db, &sql_balance_found, p, 4, NULL) != 0) {
            if (db_unique_violation(db))
                db_mark_retry(db); /* another transaction made it: again */
            return -1;
        }
    }
    /* frozen now: its on hand can no longer move */
    if (stock_state_get(db, w->warehouse, l->product_id, &st) != 0)
        return -1;
    p[0] = DB_INT(w->warehouse);
    p[1] = DB_INT(l->product_id);
    p[2] = DB_TEXT(w->doc_on);
    if (db_query(db, w->c->a, &sql_late_one, p, 3, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows > 0 && db_cell(&r, 0, 0) != NULL) {
        w->bad = l->code;
        w->late = text_iso_date(w->c->a, db_cell(&r, 0, 0));
        return COUNT_LATE;
    }
    p[0] = DB_INT(w->id);
    p[1] = DB_INT(line_no);
    p[2] = DB_INT(l->product_id);
    p[3] = DB_INT(w->counted[i]);
    p[4] = DB_INT(st.on_hand);
    p[5] = DB_TEXT("found");
    p[6] = DB_TEXT(l->note);
    return db_exec(db, &sql_line_insert, p, 7, NULL);
}

static int
enter_uow(struct db *db, void *arg)
{
    struct enter_work *w = arg;
    struct db_param p[4];
    struct db_rows r;
    struct sbuf b;
    int64_t line_no;
    long n = 0;
    int rc;

    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->version);
    if (db_exec(db, &sql_doc_touch, p, 2, &n) != 0)
        return -1;
    if (n == 0)
        return COUNT_CONFLICT;
    if (db_query(db, w->c->a, &sql_max_line, p, 1, 0, 0, &r) != 0)
        return -1;
    line_no = db_cell_int(&r, 0, 0);
    sbuf_init(&b, w->c->a, 256);
    sbuf_printf(&b, "counted:");
    for (int k = 0; k < w->n; k++) {
        int i = w->order[k].i;
        const struct stock_line *l = &w->lines[i];

        p[0] = DB_INT(w->counted[i]);
        if (l->note != NULL) {
            p[1] = DB_TEXT(l->note);
            p[2] = DB_INT(w->id);
            p[3] = DB_INT(l->product_id);
            rc = db_exec(db, &sql_line_counted_note, p, 4, &n);
        } else {
            p[1] = DB_INT(w->id);
            p[2] = DB_INT(l->product_id);
            rc = db_exec(db, &sql_line_counted, p, 3, &n);
        }
        if (rc != 0)
            return -1;
        if (n == 0 && (rc = enter_found(db, w, i, ++line_no)) != 0)
            return rc;
        sbuf_printf(&b, " %s %" PRId64 "%s;", l->code, w->counted[i],
                    n == 0 ? " (found)" : "");
    }
    return audit_write(w->c, "stock_doc", w->id, "count", b.buf);
}

static int
by_product(const void *a, const void *b)
{
    int64_t x = ((const struct entry_order *)a)->product_id;
    int64_t y = ((const struct entry_order *)b)->product_id;

    return (x > y) - (x < y);
}

static int
enter_save(struct ctx *c)
{
    struct enter_work w;
    struct db_rows k;
    int rc;

    if (find_count(c, page_id(c), &k) != 0 || need_draft(c, &k) != 0)
        return -1;
    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = db_cell_int(&k, 0, K_ID);
    w.warehouse = db_cell_int(&k, 0, K_WH);
    w.doc_on = text_iso_date(c->a, db_cell(&k, 0, K_ON));
    if (form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version) != 0)
        return ctx_fail(c, 400, "bad_param", "the form has no version", NULL);
    rc = parse_counts(c, &w.lines, &w.counted);
    if (rc < 0)
        return ctx_db_fail(c);
    if (rc == 0)
        return enter_form(c, &k, 1);
    w.n = rc;
    w.order = arena_alloc(c->a, sizeof(*w.order) * (size_t)w.n);
    for (int i = 0; i < w.n; i++) {
        w.order[i].product_id = w.lines[i].product_id;
        w.order[i].i = i;
    }
    qsort(w.order, (size_t)w.n, sizeof(*w.order), by_product);
    db_rollback(c->db);
    rc = db_uow(c->db, enter_uow, &w);
    switch (rc) {
    case 0:
        return ctx_redirect(
            c,
            arena_printf(c->a, "/stock/counts/%" PRId64 "?done=saved", w.id));
    case COUNT_CONFLICT:
        if (find_count(c, w.id, &k) != 0 || need_draft(c, &k) != 0)
            return -1;
        page_conflict(c);
        break;
    case COUNT_FROZEN:
        if (frozen_message(c, w.warehouse, w.bad_product, "lines",
                           arena_printf(c->a, "%s is", w.bad)) != 0)
            return ctx_db_fail(c);
        break;
    case COUNT_LATE:
        form_error(c, "lines", "late",
                   arena_printf(c->a,
                                "%s has on-hand moves dated up to %s, after "
                                "the count's date",
                                w.bad, w.late));
        break;
    default: return ctx_db_fail(c);
    }
    return enter_form(c, &k, 1);
}

/* ==================================================================== */
/* GET /stock/counts/{id}/variance, POST /post and /cancel              */
/* ==================================================================== */

/* The variance page of count k (also after a refused posting). */
static int
variance_page(struct ctx *c, const struct db_rows *k)
{
    int book = auth_can(c, "stock.qty");
    xmlNodePtr n;

    if (c->req->want_csv)
        return lines_page(c, NULL, k, book);
    if (count_elem(c, "stock-count-variance", k, &n) != 0)
        return -1;
    return lines_page(c, n, k, book);
}

static int
count_variance(struct ctx *c)
{
    struct db_rows k;

    if (find_count(c, page_id(c), &k) != 0)
        return -1;
    return variance_page(c, &k);
}

struct post_work {
    struct ctx *c;
    int64_t id, warehouse, version;
    const char *doc_no, *doc_on;
    int zero;
    int64_t moves, gain, loss, gain_value, loss_value, as_zero;
    const char *bad; /* the product code of a refusal */
    struct stock_state why;
};

/* One move of kind 'count' per line that differs, in product id order.
 * 0, a refusal, or -1. */
static int
post_moves(struct db *db, struct post_work *w)
{
    struct db_param p[2] = {DB_INT(w->warehouse), DB_INT(w->id)};
    struct db_rows r;
    int rc;

    if (db_query(db, w->c->a, &sql_post_lines, p, 2, 0, 0, &r) != 0)
        return -1;
    for (size_t i = 0; i < r.n_rows; i++) {
        int64_t book = db_cell_int(&r, i, P_BOOK);
        int64_t v = db_cell_int(&r, i, P_COUNTED) - book;
        struct stock_move m = {w->warehouse, db_cell_int(&r, i, P_PRODUCT),
                               "on_hand", "count", v};
        struct stock_ref ref = {STOCK_DOC_TYPE,
                                w->id,
                                (int)db_cell_int(&r, i, P_LINE),
                                w->doc_on,
                                w->c->user != NULL ? w->c->user->id : 0,
                                w->id,
                                0};

        /* frozen since the count opened: nothing else moved on hand */
        if (db_cell_int(&r, i, P_ON_HAND) != book) {
            w->bad = db_cell(&r, i, P_CODE);
            return COUNT_BOOK_CHANGED;
        }
        if (v == 0)
            continue;
        rc = stock_post(db, &m, &ref, &w->why);
        if (rc != STOCK_OK) {
            w->bad = db_cell(&r, i, P_CODE);
            return rc < 0 ? -1 : COUNT_STOCK + rc;
        }
        w->moves++;
        if (v > 0) {
            w->gain += v;
            w->gain_value += v * db_cell_int(&r, i, P_PRICE);
        } else {
            w->loss -= v;
            w->loss_value -= v * db_cell_int(&r, i, P_PRICE);
        }
    }
    return 0;
}

static int
post_uow(struct db *db, void *arg)
{
    struct post_work *w = arg;
    struct db_param p[4];
    struct db_rows r;
    long n = 0;
    int rc;

    w->moves = w->gain = w->loss = w->gain_value = w->loss_value = 0;
    p[0] = DB_TS(clock_now());
    p[1] = user_param(w->c);
    p[2] = DB_INT(w->id);
    p[3] = DB_INT(w->version);
    if (db_exec(db, &sql_doc_post, p, 4, &n) != 0)
        return -1;
    if (n == 0)
        return COUNT_CONFLICT;
    p[0] = DB_INT(w->id);
    if (w->zero) {
        if (db_exec(db, &sql_uncounted_zero, p, 1, &w->as_zero) != 0)
            return -1;
    } else {
        if (db_query(db, w->c->a, &sql_uncounted, p, 1, 0, 0, &r) != 0)
            return -1;
        if (db_cell_int(&r, 0, 0) > 0)
            return COUNT_UNCOUNTED;
    }
    if ((rc = stock_lock(db, w->warehouse, w->doc_on)) != STOCK_OK)
        return rc < 0 ? -1 : COUNT_STOCK + rc;
    if ((rc = post_moves(db, w)) != 0)
        return rc;
    p[0] = DB_INT(w->gain_value - w->loss_value);
    p[1] = DB_INT(w->id);
    if (db_exec(db, &sql_doc_amount, p, 2, NULL) != 0)
        return -1;
    p[0] = DB_INT(w->warehouse);
    p[1] = DB_INT(w->id);
    if (db_exec(db, &sql_unfreeze, p, 2, NULL) != 0)
        return -1;
    return audit_write(
        w->c, "stock_doc", w->id, "post",
        arena_printf(w->c->a,
                     "%s: status: draft -> posted; %" PRId64
                     " moves; gains %" PRId64 " units (%s), losses %" PRId64
                     " units (%s); uncounted taken as zero: %ld",
                     w->doc_no, w->moves, w->gain,
                     money_plain(w->c->a, w->gain_value), w->loss,
                     money_plain(w->c->a, w->loss_value), (long)w->as_zero));
}

/* A refused posting: the variance page again with status and message. */
static int
post_refused(struct ctx *c, const struct db_rows *k, int status,
             const char *code, const char *text)
{
    c->status = status;
    ctx_message(c, "error", code, NULL, text);
    return variance_page(c, k);
}

/* The count is no longer a draft: posted or cancelled twice is the same
 * result again (a double submission); anything else a 409. */
static int
not_draft(struct ctx *c, const struct db_rows *k, const char *want)
{
    const char *status = db_cell(k, 0, K_STATUS);

    if (strcmp(status, want) == 0)
        return ctx_redirect(c, arena_printf(c->a, "/stock/counts/%s?done=%s",
                                            db_cell(k, 0, K_ID), want));
    return need_draft(c, k);
}

/* The outcome of the posting unit of work. */
static int
post_result(struct ctx *c, struct post_work *w, struct db_rows *k, int rc)
{
    switch (rc) {
    case 0:
        return ctx_redirect(
            c,
            arena_printf(c->a, "/stock/counts/%" PRId64 "?done=posted", w->id));
    case COUNT_CONFLICT:
        if (find_count(c, w->id, k) != 0)
            return -1;
        if (!is_draft(k))
            return not_draft(c, k, "posted");
        page_conflict(c);
        return variance_page(c, k);
    case COUNT_UNCOUNTED:
        return post_refused(c, k, 422, "uncounted",
                            "some lines are not counted: count them, or post "
                            "with uncounted lines taken as zero");
    case COUNT_BOOK_CHANGED:
        return post_refused(
            c, k, 409, "book_changed",
            arena_printf(c->a,
                         "the on hand of %s is no longer its book quantity: "
                         "cancel the count and count again",
                         w->bad));
    case COUNT_STOCK + STOCK_SHORT:
        return post_refused(
            c, k, 409, "reserved",
            arena_printf(c->a,
                         "the counted quantity of %s is below what orders "
                         "have reserved (%" PRId64
                         "): release reservations first",
                         w->bad, w->why.reserved));
    case COUNT_STOCK + STOCK_PERIOD_CLOSED:
        return post_refused(c, k, 409, "period_closed",
                            "the count's date is in a closed period");
    case COUNT_STOCK + STOCK_CLOSED:
        return post_refused(c, k, 409, "closed", "the warehouse is closed");
    default: return ctx_db_fail(c);
    }
}

static int
count_post(struct ctx *c)
{
    const char *zero;
    struct post_work w;
    struct db_rows k;
    int64_t uncounted = 0;
    struct db_param p[1];
    struct db_rows r;

    if (find_count(c, page_id(c), &k) != 0)
        return -1;
    if (!is_draft(&k))
        return not_draft(c, &k, "posted");
    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = db_cell_int(&k, 0, K_ID);
    w.warehouse = db_cell_int(&k, 0, K_WH);
    w.doc_no = db_cell(&k, 0, K_NO);
    w.doc_on = text_iso_date(c->a, db_cell(&k, 0, K_ON));
    if (form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version) != 0)
        return ctx_fail(c, 400, "bad_param", "the form has no version", NULL);
    zero = form_enum(c, "uncounted", 0, zeros);
    w.zero = zero != NULL;
    if (!form_ok(c))
        return variance_page(c, &k);
    p[0] = DB_INT(w.id);
    if (db_query(c->db, c->a, &sql_uncounted, p, 1, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    uncounted = db_cell_int(&r, 0, 0);
    if (uncounted > 0 && !w.zero)
        return post_result(c, &w, &k, COUNT_UNCOUNTED);
    db_rollback(c->db);
    return post_result(c, &w, &k, db_uow(c->db, post_uow, &w));
}

struct cancel_work {
    struct ctx *c;
    int64_t id, warehouse;
    const char *doc_no;
};

static int
cancel_uow(struct db *db, void *arg)
{
    struct cancel_work *w = arg;
    struct db_param p[2];
    long n = 0, unfrozen = 0;

    p[0] = DB_INT(w->id);
    if (db_exec(db, &sql_doc_cancel, p, 1, &n) != 0)
        return -1;
    if (n == 0)
        return COUNT_CONFLICT;
    p[0] = DB_INT(w->warehouse);
    p[1] = DB_INT(w->id);
    if (db_exec(db, &sql_unfreeze, p, 2, &unfrozen) != 0)
        return -1;
    return audit_write(w->c, "stock_doc", w->id, "cancel",
                       arena_printf(w->c->a,
                                    "%s: status: draft -> cancelled; %ld "
                                    "rows unfrozen",
                                    w->doc_no, unfrozen));
}

static int
count_cancel(struct ctx *c)
{
    struct cancel_work w;
    struct db_rows k;
    int rc;

    if (find_count(c, page_id(c), &k) != 0)
        return -1;
    if (!is_draft(&k))
        return not_draft(c, &k, "cancelled");
    w.c = c;
    w.id = db_cell_int(&k, 0, K_ID);
    w.warehouse = db_cell_int(&k, 0, K_WH);
    w.doc_no = db_cell(&k, 0, K_NO);
    db_rollback(c->db);
    rc = db_uow(c->db, cancel_uow, &w);
    if (rc == COUNT_CONFLICT) {
        if (find_count(c, w.id, &k) != 0)
            return -1;
        return not_draft(c, &k, "cancelled");
    }
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(
        c,
        arena_printf(c->a, "/stock/counts/%" PRId64 "?done=cancelled", w.id));
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
        csv_num(c, num(c, db_cell_int(r, i, 8)));
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

    list_ask(c, "period", 1, &a);
    p[0] = DB_INT(scope_unit(c));
    p[1] = DB_INT(scope_party(c));
    p[2] = wh > 0 ? DB_INT(wh) : DB_NULLP;
    p[3] = p[2];
    if (c->req->want_csv) {
        if (db_query(c->db, c->a, pick_sql(period_sorts, table, &a), p,
                     PERIOD_N_WHERE, 0, 0, &rows) != 0)
            return ctx_db_fail(c);
        periods_csv(c, &rows);
        return 0;
    }
    n = ctx_data(c, "stock-periods");
    today_iso(today);
    period_latest(today, latest);
    xd_attr(n, "today", today);
    xd_attr(n, "latest", latest);
    if (wh > 0)
        xd_attr_int(n, "warehouse", wh);
    if (echo)
        page_echo(c, n, echoes);
    page_can(c, n, "can-close", "stock.close");
    if (list_page(c, n, &sql_periods_count, pick_sql(period_sorts, table, &a),
                  p, PERIOD_N_WHERE, &a, &rows) != 0)
        return -1;
    if (wh_options(c, n, 0) != 0)
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

static int
periods_list(struct ctx *c)
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
    p[4] = user_param(w->c);
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

static int
period_close(struct ctx *c)
{
    struct close_work w;
    struct db_rows wh;
    char today[11];
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    if (form_int(c, "warehouse", FORM_REQUIRED, 1, INT64_MAX, &w.warehouse) ==
            0 &&
        find_wh(c, w.warehouse, &wh) != 0)
        return -1;
    w.period = form_text(c, "period", FORM_REQUIRED, 7);
    if (w.period != NULL && !period_ok(w.period))
        form_error(c, "period", "bad_period", "a month as YYYY-MM");
    if (!form_ok(c))
        return periods_page(c, 1);
    period_days(w.period, w.first, w.last, w.next);
    today_iso(today);
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

static int
period_show(struct ctx *c)
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

    if (find_wh(c, id, &wh) != 0)
        return -1;
    if (!period_ok(period))
        return page_not_found(c, "stock_period", 0);
    p[0] = DB_INT(id);
    p[1] = DB_TEXT(period);
    if (db_query(c->db, c->a, &sql_period_get, p, 2, 0, 0, &sp) != 0)
        return ctx_db_fail(c);
    if (sp.n_rows == 0)
        return page_not_found(c, "stock_period", 0);
    list_ask(c, "code", 0, &a);
    p[2] = DB_TEXT(a.q);
    p[3] = DB_TEXT(a.like);
    p[4] = DB_TEXT(a.like);
    if (c->req->want_csv) {
        if (db_query(c->db, c->a, pick_sql(snap_sorts, table, &a), p,
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
    if (list_page(c, n, &sql_snap_count, pick_sql(snap_sorts, table, &a), p,
                  SNAP_N_WHERE, &a, &rows) != 0)
        return -1;
    xd_rows(n, "line", &rows, names, XD_N(names));
    return 0;
}

/* ==================================================================== */
/* Routes                                                               */
/* ==================================================================== */

#define F_TEXT(n) P_FIELD(n, COUNT_FIELD_MAX)

static const struct param_spec list_params[] = {
    P_SEARCH,
    {"warehouse", P_INT, 1, INT64_MAX, NULL, 0},
    {"status", P_ENUM, 0, 0, statuses, 0},
    F_TEXT("from"),
    F_TEXT("to"),
    P_SORT(list_sorts),
    P_DIR(dirs),
    P_PAGE,
    P_END,
};
static const struct param_spec open_params[] = {
    F_TEXT("token"),  F_TEXT("warehouse"), F_TEXT("category"),
    F_TEXT("doc_on"), F_TEXT("note"),      P_END,
};
static const struct param_spec show_params[] = {
    P_SEARCH,
    {"show", P_ENUM, 0, 0, line_shows, 0},
    P_SORT(line_sorts),
    P_DIR(dirs),
    P_PAGE,
    {"done", P_ENUM, 0, 0, dones, 0},
    P_END,
};
static const struct param_spec sheet_params[] = {
    {"blind", P_INT, 0, 1, NULL, 0},
    P_END,
};
static const struct param_spec enter_params[] = {
    F_TEXT("version"),
    {"lines", P_TEXT, 0, STOCK_LINES_TEXT, NULL, P_MULTILINE},
    P_END,
};
static const struct param_spec post_params[] = {
    F_TEXT("version"),
    F_TEXT("uncounted"),
    P_END,
};
static const struct param_spec periods_params[] = {
    {"warehouse", P_INT, 1, INT64_MAX, NULL, 0},
    P_SORT(period_sorts),
    P_DIR(dirs),
    P_PAGE,
    {"done", P_ENUM, 0, 0, period_dones, 0},
    P_END,
};
static const struct param_spec close_params[] = {
    F_TEXT("warehouse"),
    F_TEXT("period"),
    P_END,
};
static const struct param_spec period_params[] = {
    P_SEARCH, P_SORT(snap_sorts), P_DIR(dirs), P_PAGE, P_END,
};

/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/stock/counts",                "stockcount.list",       "stock.view",  "stockcount.xsl", counts_list,    list_params,    ROUTE_CSV},
    {REQ_GET,  "/stock/counts/new",            "stockcount.new",        "stock.count", "stockcount.xsl", count_new,      NULL,           0},
    {REQ_POST, "/stock/counts/new",            "stockcount.open",       "stock.count", "stockcount.xsl", count_create,   open_params,    0},
    {REQ_GET,  "/stock/counts/{id}",           "stockcount.show",       "stock.view",  "stockcount.xsl", count_show,     show_params,    ROUTE_CSV},
    {REQ_GET,  "/stock/counts/{id}/sheet",     "stockcount.sheet",      "stock.view",  "stockcount.xsl", count_sheet,    sheet_params,   0},
    {REQ_GET,  "/stock/counts/{id}/enter",     "stockcount.enter_form", "stock.count", "stockcount.xsl", enter_new,      NULL,           0},
    {REQ_POST, "/stock/counts/{id}/enter",     "stockcount.enter",      "stock.count", "stockcount.xsl", enter_save,     enter_params,   0},
    {REQ_GET,  "/stock/counts/{id}/variance",  "stockcount.variance",   "stock.qty",   "stockcount.xsl", count_variance, show_params,    ROUTE_CSV},
    {REQ_POST, "/stock/counts/{id}/post",      "stockcount.post",       "stock.post",  "stockcount.xsl", count_post,     post_params,    0},
    {REQ_POST, "/stock/counts/{id}/cancel",    "stockcount.cancel",     "stock.count", "stockcount.xsl", count_cancel,   NULL,           0},
    {REQ_GET,  "/stock/periods",               "stockcount.periods",    "stock.view",  "stockcount.xsl", periods_list,   periods_params, ROUTE_CSV},
    {REQ_POST, "/stock/periods",               "stockcount.close",      "stock.close", "stockcount.xsl", period_close,   close_params,   0},
    {REQ_GET,  "/stock/periods/{id}/{period}", "stockcount.period",     "stock.view",  "stockcount.xsl", period_show,    period_params,  ROUTE_CSV},
};
/* clang-format on */

const struct module stockcount_module = {"stockcount", routes,
                                         sizeof(routes) / sizeof(routes[0])};
