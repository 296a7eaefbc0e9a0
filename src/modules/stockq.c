/*
 * stockq.c - the stock queries (issue 6, M4): what is where (一览表), in
 * total (汇总), how it moved (明细) and how fast it turns.  Reads only.
 *
 * Pages:  GET /stock            一览表: one row per warehouse and product
 *                               from stock_balance (never the ledger):
 *                               filters, sort, pages of 50, CSV;
 *                               as_of=YYYY-MM-DD: on hand at the end of a
 *                               past day, from the ledger (below)
 *         GET /stock/summary    汇总: by=product (totals per product and
 *                               the warehouses holding it), by=warehouse
 *                               (products, units, value at list price),
 *                               by=region (warehouses, products, units,
 *                               value); the same filters, totals, CSV
 *         GET /stock/moves      明细: the on-hand moves of one product
 *                               (product=CODE, required to show moves;
 *                               optional warehouse) from..to (default this
 *                               month): opening, each move with its running
 *                               balance, closing; pages of 50, CSV
 *         GET /stock/turnover   days of stock per warehouse and product
 *                               over from..to (default this month), CSV
 * Tables: stock_balance, stock_move, stock_period, stock_period_bal,
 *         warehouse, stock_doc (document numbers)
 *         (schema/0007-inventory.xml); product, category, org_unit,
 *         org_closure, unit_region, sales_region, region_closure, qd_user.
 * Style:  xsl/stockq.xsl; text in xsl/i18n/<lang>/stockq.xml; documents
 *         in schema/xsd/stockq.xsd.
 *
 * Permissions.  Every page needs stock.view.  Exact quantities, and what
 * gives them away (values at list price, opening, closing and running
 * balances, outflow), go into the document only for stock.qty; without it
 * the list shows a level (out, low, ok), the summary the counts, the
 * detail each move's direction, the turnover the days.  A sort by a
 * hidden figure falls back to the codes.
 *
 * Scope (SECURITY.md class 1): every statement carries
 * SCOPE_PARTY_SQL("w.unit_id", "w.party_id") on the warehouse, for HTML,
 * XML and CSV alike.  A filter naming a warehouse outside the scope
 * answers 404 like a missing one (page_not_found logs the denial); so does
 * a unit that is neither in the user's subtree nor above one of the
 * warehouses in scope (a channel user's units are those above its
 * warehouses).  Regions and categories are not secret: an unknown one is a
 * plain 404.
 *
 * Filters (all pages but the detail): warehouse; unit (its subtree);
 * region (its subtree in region_closure) of the warehouse: warehouse.
 * region_id, else the region covered (unit_region) by the nearest unit at
 * or above the warehouse's unit that covers one, the lowest id when it
 * covers several; category with its children and grandchildren (the
 * catalog's tree is two levels deep, prices look one level up); q, a
 * product code or name part; stock=1 on hand > 0; low=1 below safety
 * (available = on hand - reserved < safety_qty).
 *
 * As of a day (the list's as_of): on hand = the snapshot of the latest
 * closed period of the warehouse whose closed_on (the period's last day)
 * is on or before the day (stock_period_bal; no row there = 0) + the
 * on-hand moves after closed_on up to the day; with no closed period, the
 * sum of every on-hand move up to the day.  Closing refuses moves dated in
 * a closed period (stock_lock), so the two agree.  Each row reads its
 * range of ix_stock_move_wp (warehouse, product, move_on): with monthly
 * closes a few weeks of moves per row instead of its whole history
 * (tests/bench/stock measures both).  Reserved and in transit are today's
 * only and are not shown as of a past day; the level compares that day's
 * on hand with today's safety setting.  The balance rows are today's: a
 * pair that first moved after the day shows 0.
 *
 * The detail counts on-hand moves only: reservations promise goods and
 * move none, and goods in transit belong to neither warehouse's shelf
 * (/stock/transit shows them); both are left out here.  Opening = on hand
 * at the end of the day before `from` (as above: snapshot + moves); the
 * opening of a page = opening + the moves of the earlier pages, summed in
 * SQL over the first (page - 1) * 50 moves in the page order (move_on,
 * posted_at, id), so a running balance is right on every page (at most
 * 2,000 pages: db_query's 100,000 rows); closing = opening + in - out of
 * the whole period.  A move of a stock document links to
 * /stock/docs/{id} (stock_doc.kind = stock_move.doc_type, same id).
 *
 * Turnover over from..to (D days, both ends counted):
 *     outflow  = - the on-hand moves of kinds issue, sellthru,
 *                transfer_out and damage dated in the period
 *     closing  = on hand now - the on-hand moves dated after `to`
 *     opening  = closing - the on-hand moves dated in the period
 *     average  = (opening + closing) / 2
 *     days     = D * average / outflow, one decimal; "no movement" when
 *                outflow <= 0 (sorted last both ways)
 * computed from today's balance backwards, so a recent period reads only
 * its own moves.
 *
 * Cost (tests/bench/stock: 1,000 products x 20 warehouses, 2,000,000
 * moves).  The filters test the balance row alone: the warehouses (scope,
 * warehouse, unit, region) and the products (category, q) that pass are
 * IN lists the engine works out once per query, so a count reads
 * stock_balance and nothing else.  A page of the list takes its 50 keys
 * first and joins their rows after (a deep page builds no skipped row); in
 * the codes' orders it finds first which warehouse or product codes it
 * spans, from the rows per code, and sorts only their rows.
 * The summary counts its groups with EXISTS per product or warehouse, sums
 * the 50 groups of a page sorted by code, and adds the totals up in C when
 * they fit on one page.  The detail reads ix_stock_move_pd (product,
 * move_on), or ix_stock_move_wp with a warehouse.  Indexes relied on:
 * pk_stock_balance, ix_stock_balance_product, ix_stock_move_wp,
 * ix_stock_move_pd, pk_stock_period_bal, ix_product_code_id.  On
 * PostgreSQL the optional filters want plans made with the values
 * (plan_cache_mode = force_custom_plan: tests/bench/README.md).
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ledger.h"

#include "../core/auth.h"
#include "../core/csv.h"
#include "../core/ctx.h"
#include "../core/form.h"
#include "../core/money.h"
#include "../core/page.h"
#include "../core/scope.h"
#include "../core/text.h"
#include "../core/xd.h"
#include "../db/db.h"

#define SQ_PAGE      50           /* rows per page */
#define SQ_MOVES_MAX 2000         /* pages of the detail (db_query's cap) */
#define SQ_FLOOR     "0001-01-01" /* before any move */
#define SQ_DAYS_MAX  3660         /* longest period of the turnover */

static const char *const dirs[] = {"asc", "desc", NULL};
static const char *const list_sorts[] = {"warehouse", "product", "on_hand",
                                         "available", NULL};
static const char *const sum_bys[] = {"product", "warehouse", "region", NULL};
static const char *const sum_sorts[] = {"code", "count", "on_hand", "value",
                                        NULL};
static const char *const turn_sorts[] = {"warehouse", "product", "days",
                                         "outflow", NULL};

/* ==================================================================== */
/* Statements                                                           */
/* ==================================================================== */

/* The warehouse w in the user's scope: scope_unit, scope_party. */
#define SQ_SCOPE SCOPE_PARTY_SQL("w.unit_id", "w.party_id")

/* The sales region of warehouse `w` (see the header). */
#define SQ_REGION(w)                                                           \
    "COALESCE(" w ".region_id, (SELECT MIN(ur.region_id)"                      \
    " FROM unit_region ur JOIN org_closure uo ON uo.ancestor_id = ur.unit_id"  \
    " WHERE uo.descendant_id = " w ".unit_id AND uo.depth ="                   \
    " (SELECT MIN(uo2.depth) FROM unit_region ur2"                             \
    " JOIN org_closure uo2 ON uo2.ancestor_id = ur2.unit_id"                   \
    " WHERE uo2.descendant_id = " w ".unit_id)))"
#define SQ_REGION_W  SQ_REGION("w")
#define SQ_REGION_W3 SQ_REGION("w3")

/*
 * The filters of the balance pages on the balance row b alone, so that a
 * query joins the warehouse and the product only for what it shows: the
 * warehouses (scope, warehouse, unit, region) and the products (category,
 * q) that pass are lists worked out once per query, not per row.
 * SQ_N_FILTER parameters (filter_bind): scope (2); warehouse (2); unit
 * (2); region (2); category (4); q (3).
 */
#define SQ_FILTER                                                              \
    " WHERE b.warehouse_id IN (SELECT w.id FROM warehouse w"                   \
    " WHERE " SQ_SCOPE " AND (CAST(? AS DECIMAL(19)) IS NULL OR w.id = ?)"     \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR w.unit_id IN"                     \
    " (SELECT fu.descendant_id FROM org_closure fu WHERE fu.ancestor_id = ?))" \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR " SQ_REGION_W                     \
    " IN (SELECT fr.descendant_id FROM region_closure fr"                      \
    " WHERE fr.ancestor_id = ?)))"                                             \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR b.product_id IN"                  \
    " (SELECT p1.id FROM product p1"                                           \
    " JOIN category c1 ON c1.id = p1.category_id"                              \
    " LEFT JOIN category c2 ON c2.id = c1.parent_id"                           \
    " WHERE c1.id = ? OR c2.id = ? OR c2.parent_id = ?))"                      \
    " AND (CAST(? AS VARCHAR(100)) IS NULL OR b.product_id IN"                 \
    " (SELECT p2.id FROM product p2"                                           \
    " WHERE p2.code LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"                      \
    " OR p2.name LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'))"
#define SQ_N_FILTER 15

/* stock=1, low=1 on today's balance (2 parameters, qty_bind). */
#define SQ_QTY                                                                 \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR b.on_hand > 0)"                   \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR (b.safety_qty IS NOT NULL"        \
    " AND b.on_hand - b.reserved < b.safety_qty))"
#define SQ_N_QTY 2

#define SQ_FROM                                                                \
    " FROM stock_balance b"                                                    \
    " JOIN warehouse w ON w.id = b.warehouse_id"                               \
    " JOIN product p ON p.id = b.product_id"                                   \
    " LEFT JOIN category c ON c.id = p.category_id"

/* The columns every row of the list and the turnover starts with. */
#define SQ_IDENT                                                               \
    "b.warehouse_id, w.code AS wh_code, w.name AS wh_name, b.product_id,"      \
    " p.code AS p_code, p.name AS p_name, p.spec AS p_spec,"                   \
    " p.unit AS p_unit, c.name AS cat_name"
#define SQ_X_IDENT                                                             \
    "x.warehouse_id, x.wh_code, x.wh_name, x.product_id, x.p_code, x.p_name,"  \
    " x.p_spec, x.p_unit, x.cat_name"
enum sq_ident_col {
    I_WH_ID,
    I_WH_CODE,
    I_WH_NAME,
    I_P_ID,
    I_P_CODE,
    I_P_NAME,
    I_SPEC,
    I_UNIT,
    I_CAT,
    I_N
};

/* ---- the list, today: 9 on_hand, 10 reserved, 11 in_transit, 12 safety.
 * A page of keys first (k: wid, pid and the sort key), then its 50 rows
 * joined ("deferred join": a deep page does not build the rows it skips).
 *
 * The codes' orders do not sort every row either (20,000 rows sorted by
 * two texts in a linguistic collation cost PostgreSQL 50 ms): the rows per
 * warehouse (or product) code, in the page's order, say which codes the
 * page spans and where in the first it starts (code_span); the page then
 * sorts only the rows of those codes (two more parameters: the lowest and
 * the highest code).  The figures' orders need only the balance row and
 * break ties by the ids. */

#define LIST_PAGE(keys, order)                                                 \
    "SELECT " SQ_IDENT ", b.on_hand, b.reserved, b.in_transit, b.safety_qty"   \
    " FROM (" keys DB_PAGE_HERE ") k"                                          \
    " JOIN stock_balance b ON b.warehouse_id = k.wid"                          \
    " AND b.product_id = k.pid"                                                \
    " JOIN warehouse w ON w.id = b.warehouse_id"                               \
    " JOIN product p ON p.id = b.product_id"                                   \
    " LEFT JOIN category c ON c.id = p.category_id"                            \
    " ORDER BY " order
#define LIST_BY_CODES(col, order, outer)                                       \
    LIST_PAGE("SELECT b.warehouse_id AS wid, b.product_id AS pid,"             \
              " w.code AS wc, p.code AS pc FROM stock_balance b"               \
              " JOIN warehouse w ON w.id = b.warehouse_id"                     \
              " JOIN product p ON p.id = b.product_id" SQ_FILTER SQ_QTY        \
              " AND " col " >= ? AND " col " <= ? ORDER BY " order,            \
              outer)
/* (counted per id first, named and sorted after: no join per row) */
#define LIST_GROUPS(id, table, dir)                                            \
    "SELECT t.code, g.n FROM (SELECT b." id " AS gid, COUNT(*) AS n"           \
    " FROM stock_balance b" SQ_FILTER SQ_QTY " GROUP BY b." id ") g"           \
    " JOIN " table " t ON t.id = g.gid ORDER BY t.code " dir
#define LIST_BY_FIGURE(expr, dir)                                              \
    LIST_PAGE("SELECT b.warehouse_id AS wid, b.product_id AS pid, " expr       \
              " AS qk FROM stock_balance b" SQ_FILTER SQ_QTY " ORDER BY " expr \
              " " dir ", b.warehouse_id ASC, b.product_id ASC",                \
              "k.qk " dir ", k.wid ASC, k.pid ASC")

DB_STATEMENT(sql_list_wh_asc, DB_PAGED,
             LIST_BY_CODES("w.code", "w.code ASC, p.code ASC",
                           "k.wc ASC, k.pc ASC"));
DB_STATEMENT(sql_list_wh_desc, DB_PAGED,
             LIST_BY_CODES("w.code", "w.code DESC, p.code ASC",
                           "k.wc DESC, k.pc ASC"));
DB_STATEMENT(sql_list_p_asc, DB_PAGED,
             LIST_BY_CODES("p.code", "p.code ASC, w.code ASC",
                           "k.pc ASC, k.wc ASC"));
DB_STATEMENT(sql_list_p_desc, DB_PAGED,
             LIST_BY_CODES("p.code", "p.code DESC, w.code ASC",
                           "k.pc DESC, k.wc ASC"));
DB_STATEMENT(sql_list_wh_groups_asc, 0,
             LIST_GROUPS("warehouse_id", "warehouse", "ASC"));
DB_STATEMENT(sql_list_wh_groups_desc, 0,
             LIST_GROUPS("warehouse_id", "warehouse", "DESC"));
DB_STATEMENT(sql_list_p_groups_asc, 0,
             LIST_GROUPS("product_id", "product", "ASC"));
DB_STATEMENT(sql_list_p_groups_desc, 0,
             LIST_GROUPS("product_id", "product", "DESC"));
DB_STATEMENT(sql_list_oh_asc, DB_PAGED, LIST_BY_FIGURE("b.on_hand", "ASC"));
DB_STATEMENT(sql_list_oh_desc, DB_PAGED, LIST_BY_FIGURE("b.on_hand", "DESC"));
DB_STATEMENT(sql_list_av_asc, DB_PAGED,
             LIST_BY_FIGURE("b.on_hand - b.reserved", "ASC"));
DB_STATEMENT(sql_list_av_desc, DB_PAGED,
             LIST_BY_FIGURE("b.on_hand - b.reserved", "DESC"));
/* The same rows unpaged, in the same orders, for the CSV. */
#define LIST_ALL(order)                                                        \
    "SELECT " SQ_IDENT                                                         \
    ", b.on_hand, b.reserved, b.in_transit, b.safety_qty" SQ_FROM SQ_FILTER    \
        SQ_QTY " ORDER BY " order
DB_STATEMENT(sql_list_all_wh_asc, 0, LIST_ALL("w.code ASC, p.code ASC"));
DB_STATEMENT(sql_list_all_wh_desc, 0, LIST_ALL("w.code DESC, p.code ASC"));
DB_STATEMENT(sql_list_all_p_asc, 0, LIST_ALL("p.code ASC, w.code ASC"));
DB_STATEMENT(sql_list_all_p_desc, 0, LIST_ALL("p.code DESC, w.code ASC"));
DB_STATEMENT(sql_list_all_oh_asc, 0,
             LIST_ALL("b.on_hand ASC, b.warehouse_id ASC, b.product_id ASC"));
DB_STATEMENT(sql_list_all_oh_desc, 0,
             LIST_ALL("b.on_hand DESC, b.warehouse_id ASC, b.product_id ASC"));
DB_STATEMENT(sql_list_all_av_asc, 0,
             LIST_ALL("b.on_hand - b.reserved ASC, b.warehouse_id ASC,"
                      " b.product_id ASC"));
DB_STATEMENT(sql_list_all_av_desc, 0,
             LIST_ALL("b.on_hand - b.reserved DESC, b.warehouse_id ASC,"
                      " b.product_id ASC"));
DB_STATEMENT(sql_list_count, 0,
             "SELECT COUNT(*) FROM stock_balance b" SQ_FILTER SQ_QTY);

/* ---- the list as of a day: 9 on hand then, 10 safety.  Parameters: the
 * floor, the day (moves), the day (periods), the filters, stock, low. */

#define ASOF_INNER                                                             \
    "SELECT " SQ_IDENT ","                                                     \
    " COALESCE(pb.on_hand, 0) + COALESCE((SELECT SUM(m.qty)"                   \
    " FROM stock_move m"                                                       \
    " WHERE m.warehouse_id = b.warehouse_id AND m.product_id = b.product_id"   \
    " AND m.move_on > COALESCE(k.cut, ?) AND m.move_on <= ?"                   \
    " AND m.bucket = 'on_hand'), 0) AS qty,"                                   \
    " b.safety_qty AS safety" SQ_FROM                                          \
    " LEFT JOIN (SELECT k2.warehouse_id, MAX(k2.period) AS period,"            \
    " MAX(k2.closed_on) AS cut FROM stock_period k2"                           \
    " WHERE k2.closed_on <= ? GROUP BY k2.warehouse_id) k"                     \
    " ON k.warehouse_id = b.warehouse_id"                                      \
    " LEFT JOIN stock_period_bal pb ON pb.warehouse_id = b.warehouse_id"       \
    " AND pb.product_id = b.product_id AND pb.period = k.period" SQ_FILTER
#define ASOF_QTY                                                               \
    " WHERE (CAST(? AS DECIMAL(19)) IS NULL OR x.qty > 0)"                     \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR (x.safety IS NOT NULL"            \
    " AND x.qty < x.safety))"
#define ASOF_SQL(order)                                                        \
    "SELECT " SQ_X_IDENT ", x.qty, x.safety FROM (" ASOF_INNER ") x" ASOF_QTY  \
    " ORDER BY " order
#define SQ_N_ASOF (3 + SQ_N_FILTER + SQ_N_QTY)

DB_STATEMENT(sql_asof_wh_asc, DB_PAGED,
             ASOF_SQL("x.wh_code ASC, x.p_code ASC"));
DB_STATEMENT(sql_asof_wh_desc, DB_PAGED,
             ASOF_SQL("x.wh_code DESC, x.p_code ASC"));
DB_STATEMENT(sql_asof_p_asc, DB_PAGED, ASOF_SQL("x.p_code ASC, x.wh_code ASC"));
DB_STATEMENT(sql_asof_p_desc, DB_PAGED,
             ASOF_SQL("x.p_code DESC, x.wh_code ASC"));
DB_STATEMENT(sql_asof_oh_asc, DB_PAGED,
             ASOF_SQL("x.qty ASC, x.warehouse_id ASC, x.product_id ASC"));
DB_STATEMENT(sql_asof_oh_desc, DB_PAGED,
             ASOF_SQL("x.qty DESC, x.warehouse_id ASC, x.product_id ASC"));
DB_STATEMENT(sql_asof_count, 0,
             "SELECT COUNT(*) FROM (" ASOF_INNER ") x" ASOF_QTY);

/* ---- the summary.  Filters + stock, low (SQ_N_FILTER + SQ_N_QTY) for
 * the totals and the counts; the pages sorted by code take them twice (the
 * page of codes, then its sums).  A page sorted by code reads only the
 * balance rows of its 50 products or warehouses; a page sorted by a sum
 * sums every group first. */

#define SQ_SUMS                                                                \
    " SUM(CASE WHEN b.on_hand > 0 THEN 1 ELSE 0 END) AS held,"                 \
    " SUM(b.on_hand) AS oh, SUM(b.reserved) AS rs, SUM(b.in_transit) AS tr"
#define SQ_N_SUM (SQ_N_FILTER + SQ_N_QTY)

/* The balance rows of one product p3 / warehouse w3 that pass. */
#define SQ_HAS(col)                                                            \
    "EXISTS (SELECT b.product_id FROM stock_balance b" SQ_FILTER SQ_QTY        \
    " AND b." col ")"
#define SQ_HAS_P SQ_HAS("product_id = p3.id")
#define SQ_HAS_W SQ_HAS("warehouse_id = w3.id")

/* The six orders by a sum of one grouping: `pre`_count|oh|value_asc|desc,
 * made by MAKE(order), ties broken by `tie`. */
#define SUM_BY_SUMS(pre, MAKE, count, oh, value, tie)                          \
    DB_STATEMENT(pre##_count_asc, DB_PAGED, MAKE(count " ASC, " tie));         \
    DB_STATEMENT(pre##_count_desc, DB_PAGED, MAKE(count " DESC, " tie));       \
    DB_STATEMENT(pre##_oh_asc, DB_PAGED, MAKE(oh " ASC, " tie));               \
    DB_STATEMENT(pre##_oh_desc, DB_PAGED, MAKE(oh " DESC, " tie));             \
    DB_STATEMENT(pre##_value_asc, DB_PAGED, MAKE(value " ASC, " tie));         \
    DB_STATEMENT(pre##_value_desc, DB_PAGED, MAKE(value " DESC, " tie))

/* by product: 0 id, 1 code, 2 name, 3 spec, 4 unit, 5 category,
 * 6 warehouses holding it, 7.. on hand, reserved, in transit, value */
#define SUM_P_COLS                                                             \
    "SELECT p.id, p.code, p.name, p.spec, p.unit, c.name, s.held, s.oh,"       \
    " s.rs, s.tr, s.oh * p.list_price"
#define SUM_P_BY_CODE(dir)                                                     \
    SUM_P_COLS " FROM (SELECT b.product_id AS pid," SQ_SUMS                    \
               " FROM stock_balance b" SQ_FILTER SQ_QTY                        \
               " AND b.product_id IN (SELECT k.id FROM (SELECT p3.id"          \
               " FROM product p3 WHERE " SQ_HAS_P                              \
               " ORDER BY p3.code " dir DB_PAGE_HERE                           \
               ") k) GROUP BY b.product_id) s"                                 \
               " JOIN product p ON p.id = s.pid"                               \
               " LEFT JOIN category c ON c.id = p.category_id"                 \
               " ORDER BY p.code " dir
#define SUM_P_BY_SUM(order)                                                    \
    SUM_P_COLS " FROM (SELECT b.product_id AS pid," SQ_SUMS                    \
               " FROM stock_balance b" SQ_FILTER SQ_QTY                        \
               " GROUP BY b.product_id) s"                                     \
               " JOIN product p ON p.id = s.pid"                               \
               " LEFT JOIN category c ON c.id = p.category_id"                 \
               " ORDER BY " order
DB_STATEMENT(sql_sum_p_code_asc, DB_PAGED, SUM_P_BY_CODE("ASC"));
DB_STATEMENT(sql_sum_p_code_desc, DB_PAGED, SUM_P_BY_CODE("DESC"));
SUM_BY_SUMS(sql_sum_p, SUM_P_BY_SUM, "s.held", "s.oh", "s.oh * p.list_price",
            "p.code ASC");
/* (the CSV: every product, without the page of codes) */
DB_STATEMENT(sql_sum_p_all_asc, 0, SUM_P_BY_SUM("p.code ASC"));
DB_STATEMENT(sql_sum_p_all_desc, 0, SUM_P_BY_SUM("p.code DESC"));
DB_STATEMENT(sql_sum_p_count, 0,
             "SELECT COUNT(*) FROM product p3"
             " WHERE " SQ_HAS_P);

/* by warehouse: 0 id, 1 code, 2 name, 3 kind, 4 products held, 5.. */
#define SUM_W_SQL(order)                                                       \
    "SELECT w.id, w.code, w.name, w.kind, s.held, s.oh, s.rs, s.tr, s.val"     \
    " FROM (SELECT b.warehouse_id AS wid," SQ_SUMS ","                         \
    " SUM(b.on_hand * p.list_price) AS val FROM stock_balance b"               \
    " JOIN product p ON p.id = b.product_id" SQ_FILTER SQ_QTY                  \
    " GROUP BY b.warehouse_id) s"                                              \
    " JOIN warehouse w ON w.id = s.wid"                                        \
    " ORDER BY " order
DB_STATEMENT(sql_sum_w_code_asc, DB_PAGED, SUM_W_SQL("w.code ASC"));
DB_STATEMENT(sql_sum_w_code_desc, DB_PAGED, SUM_W_SQL("w.code DESC"));
SUM_BY_SUMS(sql_sum_w, SUM_W_SQL, "s.held", "s.oh", "s.val", "w.code ASC");
DB_STATEMENT(sql_sum_w_count, 0,
             "SELECT COUNT(*) FROM warehouse w3"
             " WHERE " SQ_HAS_W);

/* by region: 0 id, 1 code, 2 name (NULL: no region), 3 warehouses,
 * 4 products held, 5..  The region of each warehouse is worked out once
 * per warehouse (DISTINCT keeps the derived table from being merged into
 * the join, which would work it out once per balance row). */
#define SQ_RCODE "CASE WHEN r.code IS NULL THEN 1 ELSE 0 END, r.code"
#define SUM_R_SQL(order)                                                       \
    "SELECT r.id, r.code, r.name, s.whs, s.held, s.oh, s.rs, s.tr, s.val"      \
    " FROM (SELECT wr.region_id AS rid,"                                       \
    " COUNT(DISTINCT b.warehouse_id) AS whs,"                                  \
    " COUNT(DISTINCT CASE WHEN b.on_hand > 0 THEN b.product_id END) AS held,"  \
    " SUM(b.on_hand) AS oh, SUM(b.reserved) AS rs, SUM(b.in_transit) AS tr,"   \
    " SUM(b.on_hand * p.list_price) AS val FROM stock_balance b"               \
    " JOIN (SELECT DISTINCT w3.id AS wid, " SQ_REGION_W3                       \
    " AS region_id FROM warehouse w3) wr ON wr.wid = b.warehouse_id"           \
    " JOIN product p ON p.id = b.product_id" SQ_FILTER SQ_QTY                  \
    " GROUP BY wr.region_id) s"                                                \
    " LEFT JOIN sales_region r ON r.id = s.rid"                                \
    " ORDER BY " order
DB_STATEMENT(sql_sum_r_code_asc, DB_PAGED, SUM_R_SQL(SQ_RCODE " ASC"));
DB_STATEMENT(sql_sum_r_code_desc, DB_PAGED, SUM_R_SQL(SQ_RCODE " DESC"));
SUM_BY_SUMS(sql_sum_r, SUM_R_SQL, "s.whs", "s.oh", "s.val", SQ_RCODE);
/* (0 stands for "no region": COUNT(DISTINCT) leaves NULL out) */
DB_STATEMENT(sql_sum_r_count, 0,
             "SELECT COUNT(DISTINCT COALESCE(" SQ_REGION_W3 ", 0))"
             " FROM warehouse w3"
             " WHERE " SQ_HAS_W);

/* The totals of the rows that pass: on hand, reserved, in transit,
 * value.  Summed per product first, then priced: one look-up of the
 * product per product, not per balance row (half the time on SQLite). */
DB_STATEMENT(sql_sum_totals, 0,
             "SELECT COALESCE(SUM(s.oh), 0), COALESCE(SUM(s.rs), 0),"
             " COALESCE(SUM(s.tr), 0), COALESCE(SUM(s.oh * p.list_price), 0)"
             " FROM (SELECT b.product_id AS pid," SQ_SUMS
             " FROM stock_balance b" SQ_FILTER SQ_QTY
             " GROUP BY b.product_id) s"
             " JOIN product p ON p.id = s.pid");

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

/* ---- the filters' look-ups and options */

DB_STATEMENT(sql_wh_pick, 0,
             "SELECT w.id, w.code, w.name FROM warehouse w"
             " WHERE w.id = ? AND " SQ_SCOPE);
/* A unit in the user's subtree, or above a warehouse in scope. */
DB_STATEMENT(sql_unit_pick, 0,
             "SELECT u.id FROM org_unit u"
             " WHERE u.id = ? AND (" SCOPE_UNIT_SQL(
                 "u.id") " OR EXISTS"
                         " (SELECT w.id FROM warehouse w"
                         " JOIN org_closure wu ON wu.descendant_id = w.unit_id"
                         " WHERE wu.ancestor_id = u.id AND " SQ_SCOPE "))");
DB_STATEMENT(sql_region_pick, 0,
             "SELECT r.id FROM sales_region r WHERE r.id = ?");
DB_STATEMENT(sql_category_pick, 0,
             "SELECT c.id FROM category c WHERE c.id = ?");
DB_STATEMENT(sql_product_by_code, 0,
             "SELECT p.id, p.code, p.name, p.spec, p.unit FROM product p"
             " WHERE p.code = ?");

DB_STATEMENT(sql_opt_warehouses, 0,
             "SELECT w.id, w.code, w.name, w.status FROM warehouse w"
             " WHERE " SQ_SCOPE " ORDER BY w.code");
DB_STATEMENT(sql_opt_units, 0,
             "SELECT u.id, u.code, u.name FROM org_unit u"
             " WHERE " SCOPE_UNIT_SQL("u.id") " ORDER BY u.code");
DB_STATEMENT(sql_opt_regions, 0,
             "SELECT r.id, r.code, r.name FROM sales_region r"
             " ORDER BY r.code");
DB_STATEMENT(sql_opt_categories, 0,
             "SELECT c.id, c.code, c.name, c.parent_id FROM category c"
             " ORDER BY c.code");

/* ==================================================================== */
/* Helpers                                                              */
/* ==================================================================== */

/* The filters of a request (0: not given). */
struct sq_filter {
    int64_t warehouse, unit, region, category;
    const char *q, *like;
    int stock, low;
    const char *as_of;
};

/* A page of a list: the page asked for, clamped, and the totals. */
struct sq_pager {
    int64_t page, pages, total;
};

/* Index of s in the NULL-terminated list, or 0 (the first) when absent. */
static int
pick(const char *s, const char *const *list)
{
    for (int i = 0; s != NULL && list[i] != NULL; i++)
        if (strcmp(s, list[i]) == 0)
            return i;
    return 0;
}

static struct db_param
opt_id(int64_t id)
{
    return id > 0 ? DB_INT(id) : DB_NULLP;
}

static int64_t
cell_int(const char *const *row, size_t i)
{
    return row[i] != NULL ? strtoll(row[i], NULL, 10) : 0;
}

/* Row i of r as an array of cells. */
static const char *const *
row_at(const struct db_rows *r, size_t i)
{
    return (const char *const *)&r->cells[i * r->n_cols];
}

static const char *
int_text(struct ctx *c, int64_t v)
{
    return arena_printf(c->a, "%" PRId64, v);
}

/* v / 10 as a decimal with one place ("12.5", "-0.5"), in the arena. */
static const char *
tenths_text(struct ctx *c, int64_t v)
{
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

    return arena_printf(c->a, "%s%" PRIu64 ".%" PRIu64, v < 0 ? "-" : "",
                        u / 10, u % 10);
}

/* Days since the epoch of a checked YYYY-MM-DD. */
static int64_t
day_number(const char *d)
{
    struct tm tm;

    memset(&tm, 0, sizeof(tm));
    tm.tm_year = atoi(d) - 1900;
    tm.tm_mon = atoi(d + 5) - 1;
    tm.tm_mday = atoi(d + 8);
    tm.tm_hour = 12;
    return (int64_t)(timegm(&tm) / 86400);
}

/* The last day of the month of the checked date d, into out[11]. */
static void
month_end(const char *d, char out[11])
{
    struct tm tm;
    time_t t;

    memset(&tm, 0, sizeof(tm));
    tm.tm_year = atoi(d) - 1900;
    tm.tm_mon = atoi(d + 5); /* the next month ... */
    tm.tm_mday = 0;          /* ... day 0: the last of this one */
    tm.tm_hour = 12;
    t = timegm(&tm);
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/*
 * The period of the detail and the turnover: from and to as given, by
 * default this month (from its first day; to its last for the detail,
 * today for the turnover: today_end).  Refuses a bad date or from > to
 * with 400.  0 or -1.  The dates live in the arena.
 */
static int
read_period(struct ctx *c, int today_end, const char **from, const char **to)
{
    char today[11], end[11];

    *from = form_date(c, "from", 0);
    *to = form_date(c, "to", 0);
    if (!form_ok(c))
        return ctx_fail(c, 400, "bad_param", "a date as YYYY-MM-DD", NULL);
    ledger_today(today);
    if (*from == NULL)
        *from = arena_printf(c->a, "%.8s01", *to != NULL ? *to : today);
    if (*to == NULL) {
        month_end(*from, end);
        *to = arena_strdup(c->a, today_end && strcmp(end, today) > 0 &&
                                         strcmp(*from, today) <= 0
                                     ? today
                                     : end);
    }
    if (strcmp(*from, *to) > 0)
        return ctx_fail(c, 400, "bad_param", "the period ends before it starts",
                        NULL);
    return 0;
}

/* Clamp the page asked for to the pages of total rows. */
static void
pager_init(struct sq_pager *pg, int64_t page, int64_t total)
{
    pg->total = total;
    pg->pages = (total + SQ_PAGE - 1) / SQ_PAGE;
    pg->page = page < 1 ? 1 : page;
    if (pg->page > pg->pages && pg->pages > 0)
        pg->page = pg->pages;
}

static long
pager_offset(const struct sq_pager *pg)
{
    return (long)((pg->page - 1) * SQ_PAGE);
}

static void
pager_attrs(xmlNodePtr n, const struct sq_pager *pg, size_t shown)
{
    xd_attr_int(n, "page", pg->page);
    xd_attr_int(n, "pages", pg->pages);
    xd_attr_int(n, "total", pg->total);
    xd_attr_int(n, "per-page", SQ_PAGE);
    xd_attr_int(n, "first", shown ? pager_offset(pg) + 1 : 0);
    xd_attr_int(n, "last", pager_offset(pg) + (int64_t)shown);
}

/* The warehouse id in scope, else the 404 (logged).  0 or -1. */
static int
warehouse_in_scope(struct ctx *c, int64_t id)
{
    struct db_param p[3] = {DB_INT(id), DB_INT(scope_unit(c)),
                            DB_INT(scope_party(c))};
    struct db_rows r;

    if (db_query(c->db, c->a, &sql_wh_pick, p, 3, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    return r.n_rows > 0 ? 0 : page_not_found(c, "warehouse", id);
}

/* Does the row of id exist (sql: one id parameter)?  0, or the 404. */
static int
row_exists(struct ctx *c, const struct db_sql *sql, int64_t id,
           const char *what)
{
    struct db_param p[1] = {DB_INT(id)};
    struct db_rows r;

    if (db_query(c->db, c->a, sql, p, 1, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows > 0)
        return 0;
    return ctx_fail(c, 404, "not_found", arena_printf(c->a, "no such %s", what),
                    NULL);
}

/*
 * Read the filters of the balance pages into f and check each id (see the
 * header: a foreign warehouse or unit answers 404).  with_as_of: the list
 * also takes as_of.  0, or -1 with the error recorded.
 */
static int
filter_read(struct ctx *c, struct sq_filter *f, int with_as_of)
{
    memset(f, 0, sizeof(*f));
    f->warehouse = param_int(c->req, "warehouse", 0);
    f->unit = param_int(c->req, "unit", 0);
    f->region = param_int(c->req, "region", 0);
    f->category = param_int(c->req, "category", 0);
    f->q = param_text(c->req, "q");
    f->like = f->q != NULL ? text_like(c->a, f->q, 1, 1) : NULL;
    f->stock = param_int(c->req, "stock", 0) > 0;
    f->low = param_int(c->req, "low", 0) > 0;
    if (with_as_of) {
        f->as_of = form_date(c, "as_of", 0);
        if (!form_ok(c))
            return ctx_fail(c, 400, "bad_param", "as_of: a date as YYYY-MM-DD",
                            NULL);
    }
    if (f->warehouse > 0 && warehouse_in_scope(c, f->warehouse) != 0)
        return -1;
    if (f->unit > 0) {
        struct db_param p[4] = {DB_INT(f->unit), DB_INT(scope_unit(c)),
                                DB_INT(scope_unit(c)), DB_INT(scope_party(c))};
        struct db_rows r;

        if (db_query(c->db, c->a, &sql_unit_pick, p, 4, 0, 0, &r) != 0)
            return ctx_db_fail(c);
        if (r.n_rows == 0)
            return page_not_found(c, "org_unit", f->unit);
    }
    if (f->region > 0 &&
        row_exists(c, &sql_region_pick, f->region, "region") != 0)
        return -1;
    if (f->category > 0 &&
        row_exists(c, &sql_category_pick, f->category, "category") != 0)
        return -1;
    return 0;
}

/* The SQ_N_FILTER parameters of SQ_FILTER into p. */
static void
filter_bind(struct ctx *c, const struct sq_filter *f, struct db_param *p)
{
    p[0] = DB_INT(scope_unit(c));
    p[1] = DB_INT(scope_party(c));
    p[2] = p[3] = opt_id(f->warehouse);
    p[4] = p[5] = opt_id(f->unit);
    p[6] = p[7] = opt_id(f->region);
    p[8] = p[9] = p[10] = p[11] = opt_id(f->category);
    p[12] = DB_TEXT(f->q);
    p[13] = p[14] = DB_TEXT(f->like);
}

/* The SQ_N_QTY parameters (stock, low) into p. */
static void
qty_bind(const struct sq_filter *f, struct db_param *p)
{
    p[0] = f->stock ? DB_INT(1) : DB_NULLP;
    p[1] = f->low ? DB_INT(1) : DB_NULLP;
}

/* The filters as attributes of the page element. */
static void
filter_attrs(struct ctx *c, xmlNodePtr n, const struct sq_filter *f)
{
    if (f->warehouse > 0)
        xd_attr_int(n, "warehouse", f->warehouse);
    if (f->unit > 0)
        xd_attr_int(n, "unit", f->unit);
    if (f->region > 0)
        xd_attr_int(n, "region", f->region);
    if (f->category > 0)
        xd_attr_int(n, "category", f->category);
    xd_attr(n, "q", f->q != NULL ? f->q : "");
    if (f->stock)
        xd_attr(n, "stock", "1");
    if (f->low)
        xd_attr(n, "low", "1");
    xd_attr(n, "as-of", f->as_of);
    if (auth_can(c, "stock.qty"))
        xd_attr(n, "qty", "true");
}

/* Run sql and add one element `elem` per row with attributes names[i]
 * from column i (NULL names skip).  0 or -1 (the error recorded). */
static int
add_rows(struct ctx *c, xmlNodePtr parent, const char *elem,
         const struct db_sql *sql, const struct db_param *p, size_t n,
         const char *const *names, size_t n_names)
{
    struct db_rows r;

    if (db_query(c->db, c->a, sql, p, n, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    xd_rows(parent, elem, &r, names, n_names);
    return 0;
}

/*
 * The choices of the filter form under parent: <options> with the
 * warehouses in scope, and unless only_warehouses the units of the user's
 * subtree, the regions and the categories.  0 or -1.
 */
static int
add_options(struct ctx *c, xmlNodePtr parent, int only_warehouses)
{
    static const char *const wh[] = {"id", "code", "name", "status"};
    static const char *const plain[] = {"id", "code", "name"};
    static const char *const cat[] = {"id", "code", "name", "parent-id"};
    struct db_param p[2] = {DB_INT(scope_unit(c)), DB_INT(scope_party(c))};
    xmlNodePtr o = xd_elem(parent, "options");

    if (add_rows(c, o, "warehouse", &sql_opt_warehouses, p, 2, wh, XD_N(wh)) !=
        0)
        return -1;
    if (only_warehouses)
        return 0;
    if (add_rows(c, o, "unit", &sql_opt_units, p, 1, plain, XD_N(plain)) != 0 ||
        add_rows(c, o, "region", &sql_opt_regions, NULL, 0, plain,
                 XD_N(plain)) != 0 ||
        add_rows(c, o, "category", &sql_opt_categories, NULL, 0, cat,
                 XD_N(cat)) != 0)
        return -1;
    return 0;
}

/* How a balance stands against its safety setting. */
static const char *
level_of(int64_t available, const char *safety)
{
    if (available <= 0)
        return "out";
    if (safety != NULL && available < strtoll(safety, NULL, 10))
        return "low";
    return "ok";
}

/* The warehouse and product of a list or turnover row as attributes. */
static void
ident_attrs(xmlNodePtr n, const char *const *row)
{
    static const char *const names[] = {
        "warehouse-id", "warehouse-code", "warehouse-name",
        "product-id",   "code",           "name",
        "spec",         "unit",           "category"};

    for (size_t i = 0; i < XD_N(names); i++)
        xd_attr(n, names[i], row[i]);
}

/* The same as the first CSV fields of a row (ids left out). */
static void
ident_csv(struct ctx *c, const char *const *row)
{
    csv_text(c, row[I_WH_CODE]);
    csv_text(c, row[I_WH_NAME]);
    csv_text(c, row[I_P_CODE]);
    csv_text(c, row[I_P_NAME]);
    csv_text(c, row[I_SPEC]);
    csv_text(c, row[I_UNIT]);
    csv_text(c, row[I_CAT]);
}

static void
csv_head(struct ctx *c, const char *file, const char *const *head, size_t n)
{
    csv_begin(c, file);
    for (size_t i = 0; i < n; i++)
        if (head[i] != NULL)
            csv_text(c, head[i]);
}

/*
 * Every row of sql through a cursor (no row cap), each handed to fn(c,
 * row, arg) (a CSV line, a page's rows and totals).  0 or -1.
 */
static int
query_stream(struct ctx *c, const struct db_sql *sql, const struct db_param *p,
             size_t n, void (*fn)(struct ctx *, const char *const *, void *),
             void *arg)
{
    struct db_cursor *cur;
    const char *const *row;
    size_t n_cols;
    int rc;

    if (db_cursor_open(c->db, sql, p, n, &cur) != 0)
        return ctx_db_fail(c);
    while ((rc = db_cursor_next(cur, &row, &n_cols)) == 1)
        fn(c, row, arg);
    db_cursor_close(cur);
    return rc < 0 ? ctx_db_fail(c) : 0;
}

/* A query's single number (COUNT, SUM) into *out.  0 or -1. */
static int
query_int(struct ctx *c, const struct db_sql *sql, const struct db_param *p,
          size_t n, long limit, int64_t *out)
{
    struct db_rows r;

    if (db_query(c->db, c->a, sql, p, n, limit, 0, &r) != 0)
        return ctx_db_fail(c);
    *out = r.n_rows > 0 ? db_cell_int(&r, 0, 0) : 0;
    return 0;
}

/* ==================================================================== */
/* GET /stock                                                           */
/* ==================================================================== */

struct list_view {
    int as_of, qty;
};

/* Today's row: on_hand, reserved, in_transit, safety at 9..12; as of a
 * day: on hand at 9, safety at 10. */
static void
list_row_xml(xmlNodePtr parent, const char *const *row,
             const struct list_view *v)
{
    xmlNodePtr n = xd_elem(parent, "row");
    int64_t on_hand = cell_int(row, I_N);
    int64_t avail = v->as_of ? on_hand : on_hand - cell_int(row, I_N + 1);
    const char *safety = row[v->as_of ? I_N + 1 : I_N + 3];

    ident_attrs(n, row);
    xd_attr(n, "level", level_of(avail, safety));
    if (!v->qty)
        return;
    xd_attr_int(n, "on-hand", on_hand);
    if (!v->as_of) {
        xd_attr(n, "reserved", row[I_N + 1]);
        xd_attr_int(n, "available", avail);
        xd_attr(n, "in-transit", row[I_N + 2]);
    }
    xd_attr(n, "safety", safety);
}

static void
list_row_csv(struct ctx *c, const char *const *row, void *arg)
{
    const struct list_view *v = arg;
    int64_t on_hand = cell_int(row, I_N);
    int64_t avail = v->as_of ? on_hand : on_hand - cell_int(row, I_N + 1);
    const char *safety = row[v->as_of ? I_N + 1 : I_N + 3];

    ident_csv(c, row);
    if (v->qty) {
        csv_num(c, int_text(c, on_hand));
        if (!v->as_of) {
            csv_num(c, row[I_N + 1]);
            csv_num(c, int_text(c, avail));
            csv_num(c, row[I_N + 2]);
        }
        csv_num(c, safety);
    }
    csv_text(c, level_of(avail, safety));
    csv_row(c);
}

static void
list_csv_head(struct ctx *c, const struct list_view *v)
{
    static const char *const head[] = {
        "warehouse_code", "warehouse_name", "product_code", "product_name",
        "spec",           "unit",           "category"};
    static const char *const today[] = {"on_hand", "reserved", "available",
                                        "in_transit", "safety"};
    static const char *const then[] = {"on_hand", "safety"};

    csv_head(c, v->as_of ? "stock-as-of.csv" : "stock.csv", head, XD_N(head));
    if (v->qty) {
        const char *const *h = v->as_of ? then : today;
        size_t n = v->as_of ? XD_N(then) : XD_N(today);

        for (size_t i = 0; i < n; i++)
            csv_text(c, h[i]);
    }
    csv_text(c, "level");
    csv_row(c);
}

/* Where a page sorted by codes falls, from the rows per code in the
 * page's order: the page [off, off + SQ_PAGE) starts `local` rows into
 * the group of code `first` and ends in that of `last`. */
struct code_span {
    int64_t off, total, local;
    const char *first, *last; /* in the arena */
    int closed;               /* the page's last code is known */
};

static void
span_row(struct ctx *c, const char *const *row, void *arg)
{
    struct code_span *s = arg;
    int64_t n = cell_int(row, 1);

    if (!s->closed && s->total + n > s->off) {
        if (s->first == NULL) {
            s->first = arena_strdup(c->a, row[0]);
            s->local = s->off - s->total;
        }
        s->last = arena_strdup(c->a, row[0]);
        s->closed = s->total + n >= s->off + SQ_PAGE;
    }
    s->total += n;
}

/* The code span of page `page` (clamped to the last one) into s and pg:
 * the groups streamed once, twice past the last page.  0 or -1. */
static int
span_find(struct ctx *c, const struct db_sql *groups, const struct db_param *p,
          size_t np, int64_t page, struct code_span *s, struct sq_pager *pg)
{
    memset(s, 0, sizeof(*s));
    s->off = (page - 1) * SQ_PAGE;
    if (query_stream(c, groups, p, np, span_row, s) != 0)
        return -1;
    pager_init(pg, page, s->total);
    if (pager_offset(pg) == s->off)
        return 0;
    memset(s, 0, sizeof(*s));
    s->off = pager_offset(pg);
    return query_stream(c, groups, p, np, span_row, s);
}

/*
 * A page of the list sorted by warehouse or product code (sort 0 or 1):
 * the span of codes it covers, then its rows among those codes only.  p
 * holds the filters and has room for the two codes.  0 or -1.
 */
static int
list_by_codes(struct ctx *c, int sort, int desc, struct db_param *p,
              struct sq_pager *pg, struct db_rows *rows)
{
    static const struct db_sql *const groups[][2] = {
        {&sql_list_wh_groups_asc, &sql_list_wh_groups_desc},
        {&sql_list_p_groups_asc, &sql_list_p_groups_desc},
    };
    static const struct db_sql *const pages[][2] = {
        {&sql_list_wh_asc, &sql_list_wh_desc},
        {&sql_list_p_asc, &sql_list_p_desc},
    };
    const size_t np = SQ_N_FILTER + SQ_N_QTY;
    struct code_span s;

    if (span_find(c, groups[sort][desc], p, np, param_int(c->req, "page", 1),
                  &s, pg) != 0)
        return -1;
    memset(rows, 0, sizeof(*rows));
    if (s.first == NULL)
        return 0;
    /* the lowest and the highest code of the span */
    p[np] = DB_TEXT(desc ? s.last : s.first);
    p[np + 1] = DB_TEXT(desc ? s.first : s.last);
    if (db_query(c->db, c->a, pages[sort][desc], p, np + 2, SQ_PAGE,
                 (long)s.local, rows) != 0)
        return ctx_db_fail(c);
    return 0;
}

static int
stock_list(struct ctx *c)
{
    static const struct db_sql *const pages[][2] = {
        {NULL, NULL}, /* the codes' orders: list_by_codes */
        {NULL, NULL},
        {&sql_list_oh_asc, &sql_list_oh_desc},
        {&sql_list_av_asc, &sql_list_av_desc},
    };
    static const struct db_sql *const all[][2] = {
        {&sql_list_all_wh_asc, &sql_list_all_wh_desc},
        {&sql_list_all_p_asc, &sql_list_all_p_desc},
        {&sql_list_all_oh_asc, &sql_list_all_oh_desc},
        {&sql_list_all_av_asc, &sql_list_all_av_desc},
    };
    static const struct db_sql *const then[][2] = {
        {&sql_asof_wh_asc, &sql_asof_wh_desc},
        {&sql_asof_p_asc, &sql_asof_p_desc},
        {&sql_asof_oh_asc, &sql_asof_oh_desc},
        {&sql_asof_oh_asc, &sql_asof_oh_desc}, /* available = on hand */
    };
    int desc = pick(param_text(c->req, "dir"), dirs);
    int sort = pick(param_text(c->req, "sort"), list_sorts);
    struct db_param p[SQ_N_ASOF], *fp = p;
    const struct db_sql *list, *count;
    struct list_view v;
    struct sq_filter f;
    struct sq_pager pg;
    struct db_rows rows;
    size_t np = SQ_N_FILTER + SQ_N_QTY;
    int64_t total;
    xmlNodePtr n;

    if (filter_read(c, &f, 1) != 0)
        return -1;
    v.as_of = f.as_of != NULL;
    v.qty = auth_can(c, "stock.qty");
    if (!v.qty && sort >= 2)
        sort = 0; /* no order by figures the user may not see */
    if (v.as_of) {
        p[0] = DB_TEXT(SQ_FLOOR);
        p[1] = p[2] = DB_TEXT(f.as_of);
        fp = p + 3;
        np += 3;
    }
    filter_bind(c, &f, fp);
    qty_bind(&f, fp + SQ_N_FILTER);
    list = v.as_of ? then[sort][desc] : pages[sort][desc];
    count = v.as_of ? &sql_asof_count : &sql_list_count;
    if (c->req->want_csv) {
        list_csv_head(c, &v);
        return query_stream(c, v.as_of ? list : all[sort][desc], p, np,
                            list_row_csv, &v);
    }
    if (!v.as_of && sort < 2) {
        if (list_by_codes(c, sort, desc, p, &pg, &rows) != 0)
            return -1;
    } else {
        if (query_int(c, count, p, np, 0, &total) != 0)
            return -1;
        pager_init(&pg, param_int(c->req, "page", 1), total);
        if (db_query(c->db, c->a, list, p, np, SQ_PAGE, pager_offset(&pg),
                     &rows) != 0)
            return ctx_db_fail(c);
    }

    n = ctx_data(c, "stock-list");
    filter_attrs(c, n, &f);
    xd_attr(n, "sort", list_sorts[sort]);
    xd_attr(n, "dir", dirs[desc]);
    pager_attrs(n, &pg, rows.n_rows);
    if (add_options(c, n, 0) != 0)
        return -1;
    for (size_t i = 0; i < rows.n_rows; i++)
        list_row_xml(n, row_at(&rows, i), &v);
    return 0;
}

/* ==================================================================== */
/* GET /stock/summary                                                   */
/* ==================================================================== */

/* The figures of a summary row or its totals: on hand, reserved, in
 * transit, value. */
struct sum_figures {
    int64_t on_hand, reserved, in_transit, value;
};

static void
figures_read(const char *const *row, size_t at, struct sum_figures *f)
{
    f->on_hand = cell_int(row, at);
    f->reserved = cell_int(row, at + 1);
    f->in_transit = cell_int(row, at + 2);
    f->value = cell_int(row, at + 3);
}

/* The figures as attributes (only with stock.qty). */
static void
figures_attrs(xmlNodePtr n, const struct sum_figures *f, int qty)
{
    if (!qty)
        return;
    xd_attr_int(n, "on-hand", f->on_hand);
    xd_attr_int(n, "reserved", f->reserved);
    xd_attr_int(n, "available", f->on_hand - f->reserved);
    xd_attr_int(n, "in-transit", f->in_transit);
    xd_attr_money(n, "value", f->value);
}

static void
figures_csv(struct ctx *c, const struct sum_figures *f)
{
    char buf[MONEY_BUFSZ];

    csv_num(c, int_text(c, f->on_hand));
    csv_num(c, int_text(c, f->reserved));
    csv_num(c, int_text(c, f->on_hand - f->reserved));
    csv_num(c, int_text(c, f->in_transit));
    csv_num(c, arena_strdup(c->a, money_format(f->value, 0, buf, sizeof(buf))));
}

/* What each grouping shows: the element, its leading columns (names) and
 * where the figures start. */
struct sum_shape {
    const char *elem, *file;
    const char *const *names; /* attributes of the leading columns */
    const char *const *head;  /* their CSV headings (NULL: not in CSV) */
    size_t n_names, at;
    size_t first_count; /* the leading columns from here are counts */
};

static const char *const sum_p_names[] = {
    "product-id", "code", "name", "spec", "unit", "category", "warehouses"};
static const char *const sum_p_head[] = {
    NULL,   "product_code", "product_name", "spec",
    "unit", "category",     "warehouses"};
static const char *const sum_w_names[] = {"warehouse-id", "code", "name",
                                          "kind", "products"};
static const char *const sum_w_head[] = {NULL, "warehouse_code",
                                         "warehouse_name", "kind", "products"};
static const char *const sum_r_names[] = {"region-id", "code", "name",
                                          "warehouses", "products"};
static const char *const sum_r_head[] = {NULL, "region_code", "region_name",
                                         "warehouses", "products"};
static const struct sum_shape sum_shapes[] = {
    {"product-row", "stock-by-product.csv", sum_p_names, sum_p_head,
     XD_N(sum_p_names), 7, 6},
    {"warehouse-row", "stock-by-warehouse.csv", sum_w_names, sum_w_head,
     XD_N(sum_w_names), 5, 4},
    {"region-row", "stock-by-region.csv", sum_r_names, sum_r_head,
     XD_N(sum_r_names), 5, 3},
};

struct sum_view {
    const struct sum_shape *s;
    int qty;
};

static void
sum_row_csv(struct ctx *c, const char *const *row, void *arg)
{
    const struct sum_view *v = arg;
    struct sum_figures f;

    for (size_t i = 0; i < v->s->n_names; i++) {
        if (v->s->head[i] == NULL)
            continue;
        if (i >= v->s->first_count)
            csv_num(c, row[i]);
        else
            csv_text(c, row[i]);
    }
    if (v->qty) {
        figures_read(row, v->s->at, &f);
        figures_csv(c, &f);
    }
    csv_row(c);
}

static int
stock_summary(struct ctx *c)
{
    static const struct db_sql *const stmts[][4][2] = {
        {{&sql_sum_p_code_asc, &sql_sum_p_code_desc},
         {&sql_sum_p_count_asc, &sql_sum_p_count_desc},
         {&sql_sum_p_oh_asc, &sql_sum_p_oh_desc},
         {&sql_sum_p_value_asc, &sql_sum_p_value_desc}},
        {{&sql_sum_w_code_asc, &sql_sum_w_code_desc},
         {&sql_sum_w_count_asc, &sql_sum_w_count_desc},
         {&sql_sum_w_oh_asc, &sql_sum_w_oh_desc},
         {&sql_sum_w_value_asc, &sql_sum_w_value_desc}},
        {{&sql_sum_r_code_asc, &sql_sum_r_code_desc},
         {&sql_sum_r_count_asc, &sql_sum_r_count_desc},
         {&sql_sum_r_oh_asc, &sql_sum_r_oh_desc},
         {&sql_sum_r_value_asc, &sql_sum_r_value_desc}},
    };
    static const struct db_sql *const counts[] = {
        &sql_sum_p_count, &sql_sum_w_count, &sql_sum_r_count};
    int by = pick(param_text(c->req, "by"), sum_bys);
    int desc = pick(param_text(c->req, "dir"), dirs);
    int sort = pick(param_text(c->req, "sort"), sum_sorts);
    struct db_param p[2 * SQ_N_SUM];
    const struct db_sql *sql;
    struct sum_figures tf;
    struct db_rows rows, tot;
    struct sum_view v;
    struct sq_filter f;
    struct sq_pager pg;
    int64_t groups;
    size_t np = SQ_N_SUM;
    xmlNodePtr n, t;

    if (filter_read(c, &f, 0) != 0)
        return -1;
    v.s = &sum_shapes[by];
    v.qty = auth_can(c, "stock.qty");
    if (!v.qty && sort >= 2)
        sort = 0;
    filter_bind(c, &f, p);
    qty_bind(&f, p + SQ_N_FILTER);
    sql = stmts[by][sort][desc];
    if (by == 0 && sort == 0 && c->req->want_csv) {
        sql = desc ? &sql_sum_p_all_desc : &sql_sum_p_all_asc;
    } else if (by == 0 && sort == 0) { /* the filters twice: sums, codes */
        memcpy(p + SQ_N_SUM, p, SQ_N_SUM * sizeof(p[0]));
        np = 2 * SQ_N_SUM;
    }
    if (c->req->want_csv) {
        static const char *const figures[] = {
            "on_hand", "reserved", "available", "in_transit", "value"};

        csv_head(c, v.s->file, v.s->head, v.s->n_names);
        if (v.qty)
            for (size_t i = 0; i < XD_N(figures); i++)
                csv_text(c, figures[i]);
        csv_row(c);
        return query_stream(c, sql, p, np, sum_row_csv, &v);
    }
    if (query_int(c, counts[by], p, SQ_N_SUM, 0, &groups) != 0)
        return -1;
    pager_init(&pg, param_int(c->req, "page", 1), groups);
    if (db_query(c->db, c->a, sql, p, np, SQ_PAGE, pager_offset(&pg), &rows) !=
        0)
        return ctx_db_fail(c);
    memset(&tf, 0, sizeof(tf));
    if (pg.pages > 1) {
        if (db_query(c->db, c->a, &sql_sum_totals, p, SQ_N_SUM, 0, 0, &tot) !=
            0)
            return ctx_db_fail(c);
        figures_read(row_at(&tot, 0), 0, &tf);
    } else { /* every group is on this page: add them up here */
        for (size_t i = 0; i < rows.n_rows; i++) {
            struct sum_figures rf;

            figures_read(row_at(&rows, i), v.s->at, &rf);
            tf.on_hand += rf.on_hand;
            tf.reserved += rf.reserved;
            tf.in_transit += rf.in_transit;
            tf.value += rf.value;
        }
    }

    n = ctx_data(c, "stock-summary");
    xd_attr(n, "by", sum_bys[by]);
    filter_attrs(c, n, &f);
    xd_attr(n, "sort", sum_sorts[sort]);
    xd_attr(n, "dir", dirs[desc]);
    pager_attrs(n, &pg, rows.n_rows);
    if (add_options(c, n, 0) != 0)
        return -1;
    t = xd_elem(n, "totals");
    xd_attr_int(t, "rows", groups);
    figures_attrs(t, &tf, v.qty);
    for (size_t i = 0; i < rows.n_rows; i++) {
        xmlNodePtr e = xd_elem(n, v.s->elem);
        struct sum_figures rf;

        for (size_t k = 0; k < v.s->n_names; k++)
            xd_attr(e, v.s->names[k], db_cell(&rows, i, k));
        figures_read(row_at(&rows, i), v.s->at, &rf);
        figures_attrs(e, &rf, v.qty);
    }
    return 0;
}

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
    int64_t qty = cell_int(row, 10);

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
        csv_num(c, is_move && qty > 0 ? int_text(c, qty) : NULL);
        csv_num(c, is_move && qty < 0 ? int_text(c, -qty) : NULL);
        csv_num(c, int_text(c, balance));
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
    int64_t qty = cell_int(row, 10);
    const char *doc =
        row[6] != NULL
            ? row[6]
            : arena_printf(c->a, "%s %s", row[3] != NULL ? row[3] : "",
                           row[4] != NULL ? row[4] : "");

    v->balance += qty;
    move_csv_line(c, text_iso_date(c->a, row[1]), row[2], doc, row[8], qty,
                  v->balance, row[11], 1, v->qty);
}

static int
stock_moves(struct ctx *c)
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

    if (read_period(c, 0, &from, &to) != 0)
        return -1;
    if (wh > 0 && warehouse_in_scope(c, wh) != 0)
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
        return add_options(c, n, 1);
    }

    mp[0] = DB_INT(db_cell_int(&prod, 0, 0));
    mp[1] = DB_TEXT(from);
    mp[2] = DB_TEXT(to);
    mp[3] = DB_INT(scope_unit(c));
    mp[4] = DB_INT(scope_party(c));
    mp[5] = mp[6] = opt_id(wh);
    p[0] = p[4] = mp[0];
    p[1] = DB_TEXT(SQ_FLOOR);
    p[2] = p[3] = DB_TEXT(from);
    p[5] = mp[3];
    p[6] = mp[4];
    p[7] = p[8] = mp[5];
    if (query_int(c, &sql_moves_opening, p, 9, 0, &opening) != 0)
        return -1;
    v.balance = opening;
    if (c->req->want_csv) {
        static const char *const head[] = {"date",      "kind", "document",
                                           "warehouse", "in",   "out",
                                           "balance",   "user"};
        static const char *const dir_head[] = {
            "date", "kind", "document", "warehouse", "direction", "user"};

        if (v.qty)
            csv_head(c, "stock-moves.csv", head, XD_N(head));
        else
            csv_head(c, "stock-moves.csv", dir_head, XD_N(dir_head));
        csv_row(c);
        if (v.qty)
            move_csv_line(c, from, "opening balance", NULL, NULL, 0, opening,
                          NULL, 0, 1);
        if (query_stream(c, &sql_moves, mp, MOVES_N_WHERE, move_csv, &v) != 0)
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
    pager_init(&pg, param_int(c->req, "page", 1), db_cell_int(&tot, 0, 0));
    if (pg.page > 1 && query_int(c, &sql_moves_before, mp, MOVES_N_WHERE,
                                 pager_offset(&pg), &before) != 0)
        return -1;
    if (db_query(c->db, c->a, &sql_moves, mp, MOVES_N_WHERE, SQ_PAGE,
                 pager_offset(&pg), &rows) != 0)
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
    pager_attrs(n, &pg, rows.n_rows);
    if (add_options(c, n, 1) != 0)
        return -1;
    e = xd_elem(n, "product");
    xd_row(e, &prod, 0, prod_names, XD_N(prod_names));
    v.balance = opening + before;
    for (size_t i = 0; i < rows.n_rows; i++)
        move_xml(c, n, row_at(&rows, i), &v);
    return 0;
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

    t->closing = cell_int(row, I_N);
    t->opening = t->closing - cell_int(row, I_N + 1);
    t->outflow = cell_int(row, I_N + 2);
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
    ident_attrs(n, row);
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
    ident_csv(c, row);
    if (v->qty) {
        csv_num(c, int_text(c, t.opening));
        csv_num(c, int_text(c, t.closing));
        csv_num(c, tenths_text(c, (t.opening + t.closing) * 5));
        csv_num(c, int_text(c, t.outflow));
    }
    csv_num(c, t.days10 >= 0 ? tenths_text(c, t.days10) : NULL);
    csv_row(c);
}

static int
stock_turnover(struct ctx *c)
{
    static const struct db_sql *const stmts[][2] = {
        {&sql_turn_wh_asc, &sql_turn_wh_desc},
        {&sql_turn_p_asc, &sql_turn_p_desc},
        {&sql_turn_days_asc, &sql_turn_days_desc},
        {&sql_turn_out_asc, &sql_turn_out_desc},
    };
    int desc = pick(param_text(c->req, "dir"), dirs);
    int sort = pick(param_text(c->req, "sort"), turn_sorts);
    struct db_param p[SQ_N_TURN], cp[SQ_N_FILTER + SQ_N_QTY];
    struct turn_view v;
    struct sq_filter f;
    struct sq_pager pg;
    struct db_rows rows;
    const char *from, *to;
    int64_t total;
    xmlNodePtr n;

    if (read_period(c, 1, &from, &to) != 0 || filter_read(c, &f, 0) != 0)
        return -1;
    v.days = day_number(to) - day_number(from) + 1;
    if (v.days > SQ_DAYS_MAX)
        return ctx_fail(c, 400, "bad_param", "a period of at most ten years",
                        NULL);
    v.qty = auth_can(c, "stock.qty");
    if (!v.qty && sort == 3)
        sort = 0;
    f.stock = f.low = 0; /* not filters of this page */
    p[0] = p[2] = p[4] = DB_TEXT(to);
    p[1] = p[3] = DB_TEXT(from);
    filter_bind(c, &f, p + 5);
    if (c->req->want_csv) {
        static const char *const head[] = {
            "warehouse_code", "warehouse_name", "product_code", "product_name",
            "spec",           "unit",           "category"};
        static const char *const figures[] = {"opening", "closing", "average",
                                              "outflow"};

        csv_head(c, "stock-turnover.csv", head, XD_N(head));
        if (v.qty)
            for (size_t i = 0; i < XD_N(figures); i++)
                csv_text(c, figures[i]);
        csv_text(c, "days");
        csv_row(c);
        return query_stream(c, stmts[sort][desc], p, SQ_N_TURN, turn_row_csv,
                            &v);
    }
    filter_bind(c, &f, cp);
    qty_bind(&f, cp + SQ_N_FILTER);
    if (query_int(c, &sql_list_count, cp, XD_N(cp), 0, &total) != 0)
        return -1;
    pager_init(&pg, param_int(c->req, "page", 1), total);
    if (db_query(c->db, c->a, stmts[sort][desc], p, SQ_N_TURN, SQ_PAGE,
                 pager_offset(&pg), &rows) != 0)
        return ctx_db_fail(c);

    n = ctx_data(c, "stock-turnover");
    xd_attr(n, "from", from);
    xd_attr(n, "to", to);
    xd_attr_int(n, "days", v.days);
    filter_attrs(c, n, &f);
    xd_attr(n, "sort", turn_sorts[sort]);
    xd_attr(n, "dir", dirs[desc]);
    pager_attrs(n, &pg, rows.n_rows);
    if (add_options(c, n, 0) != 0)
        return -1;
    for (size_t i = 0; i < rows.n_rows; i++)
        turn_row_xml(c, n, row_at(&rows, i), &v);
    return 0;
}

/* ==================================================================== */
/* Routes                                                               */
/* ==================================================================== */

#define P_CHOICE(n, list)                                                      \
    {                                                                          \
        n, P_ENUM, 0, 0, list, 0                                               \
    }
#define P_PAGES(max)                                                           \
    {                                                                          \
        "page", P_INT, 1, max, NULL, 0                                         \
    }
#define P_DATE(n) P_FIELD(n, 10)
#define SQ_FILTER_PARAMS                                                       \
    P_ID("warehouse"), P_ID("unit"), P_ID("region"), P_ID("category"),         \
        P_SEARCH, P_DIR(dirs), P_PAGE

static const struct param_spec list_params[] = {
    SQ_FILTER_PARAMS,
    P_FLAG("stock"),
    P_FLAG("low"),
    P_DATE("as_of"),
    P_CHOICE("sort", list_sorts),
    P_END,
};
static const struct param_spec summary_params[] = {
    SQ_FILTER_PARAMS,
    P_FLAG("stock"),
    P_FLAG("low"),
    P_CHOICE("by", sum_bys),
    P_CHOICE("sort", sum_sorts),
    P_END,
};
static const struct param_spec moves_params[] = {
    P_FIELD("product", 40), P_ID("warehouse"),     P_DATE("from"),
    P_DATE("to"),           P_PAGES(SQ_MOVES_MAX), P_END,
};
static const struct param_spec turnover_params[] = {
    SQ_FILTER_PARAMS,
    P_DATE("from"),
    P_DATE("to"),
    P_CHOICE("sort", turn_sorts),
    P_END,
};

/* clang-format off */
static const struct route routes[] = {
    {REQ_GET, "/stock",          "stock.list",     "stock.view", "stockq.xsl", stock_list,     list_params,     ROUTE_CSV},
    {REQ_GET, "/stock/summary",  "stock.summary",  "stock.view", "stockq.xsl", stock_summary,  summary_params,  ROUTE_CSV},
    {REQ_GET, "/stock/moves",    "stock.moves",    "stock.view", "stockq.xsl", stock_moves,    moves_params,    ROUTE_CSV},
    {REQ_GET, "/stock/turnover", "stock.turnover", "stock.view", "stockq.xsl", stock_turnover, turnover_params, ROUTE_CSV},
};
/* clang-format on */

const struct module stockq_module = {"stockq", routes,
                                     sizeof(routes) / sizeof(routes[0])};
