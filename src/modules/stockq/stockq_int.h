/*
 * stockq - the stock queries (issue 6, M4): what is where (一览表), in
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
 * The summary reads the balance rows once a page, in one statement: it
 * sums every group that passes, sorts the groups and cuts the page, and
 * each row carries the number of groups and their totals (window
 * aggregates over the groups); by region it reads the rows region after
 * region (summary.c).  The detail reads ix_stock_move_pd (product,
 * move_on), or ix_stock_move_wp with a warehouse.  Indexes relied on:
 * pk_stock_balance, ix_stock_balance_product, ix_stock_move_wp,
 * ix_stock_move_pd, pk_stock_period_bal, ix_product_code_id.  On
 * PostgreSQL the optional filters want plans made with the values
 * (plan_cache_mode = force_custom_plan: tests/bench/README.md).
 *
 * Files (src/modules/stockq/).  stockq_int.h, this header: what the files
 * share (the filters' SQL and the leading columns of a row, the filter and
 * pager types, the shared functions).  common.c: the choices' lists, the
 * cells of a row, the pager, CSV headings and the query helpers.
 * filter.c: the filters (read, checked against the scope, bound, shown),
 * the period of the detail and the turnover, the options of the filter
 * form.  list.c: GET /stock and its statements (today and as of a day).
 * summary.c: GET /stock/summary.  moves.c: GET /stock/moves.
 * turnover.c: GET /stock/turnover.  routes.c: the parameters, the route
 * table and stockq_module.
 */
#ifndef QUDAO_STOCKQ_INT_H
#define QUDAO_STOCKQ_INT_H

#include <stddef.h>
#include <stdint.h>

#include "../../core/ctx.h"
#include "../../core/scope.h"
#include "../../core/text.h"
#include "../../core/xd.h"
#include "../../db/db.h"

#define SQ_PAGE  50           /* rows per page */
#define SQ_FLOOR "0001-01-01" /* before any move */

/* ==================================================================== */
/* Statements the pages share                                           */
/* ==================================================================== */

/* The warehouse w in the user's scope: scope_unit, scope_party. */
#define SQ_SCOPE SCOPE_PARTY_SQL("w.unit_id", "w.party_id")

/* The sales region of warehouse `w` (see above). */
#define SQ_REGION(w)                                                           \
    "COALESCE(" w ".region_id, (SELECT MIN(ur.region_id)"                      \
    " FROM unit_region ur JOIN org_closure uo ON uo.ancestor_id = ur.unit_id"  \
    " WHERE uo.descendant_id = " w ".unit_id AND uo.depth ="                   \
    " (SELECT MIN(uo2.depth) FROM unit_region ur2"                             \
    " JOIN org_closure uo2 ON uo2.ancestor_id = ur2.unit_id"                   \
    " WHERE uo2.descendant_id = " w ".unit_id)))"
#define SQ_REGION_W  SQ_REGION("w")
#define SQ_REGION_W3 SQ_REGION("w3")

/* Warehouse `w` is in no sales region, where SQ_REGION is NULL (change
 * the two together): none of its own, and no unit at or above its unit
 * covers one. */
#define SQ_NO_REGION(w)                                                        \
    "(" w ".region_id IS NULL AND NOT EXISTS (SELECT ur.unit_id"               \
    " FROM unit_region ur JOIN org_closure uo ON uo.ancestor_id = ur.unit_id"  \
    " WHERE uo.descendant_id = " w ".unit_id))"

/*
 * The filters of the balance pages on the balance row b alone, so that a
 * query joins the warehouse and the product only for what it shows: the
 * warehouses (scope, warehouse, unit, region) and the products (category,
 * q) that pass are lists worked out once per query, not per row.
 * SQ_N_FILTER parameters (sq_filter_bind): scope (2); warehouse (2); unit
 * (2); region (2); category (4); q (3).  SQ_FILTER_AT(wcol) tests the
 * warehouse list on wcol instead of b.warehouse_id: a column that stands
 * for the row's warehouse in an outer loop over warehouses (the summary by
 * region), so that it is tested once a warehouse, not once a row.
 */
#define SQ_FILTER SQ_FILTER_AT("b.warehouse_id")
#define SQ_FILTER_AT(wcol)                                                     \
    " WHERE " wcol " IN (SELECT w.id FROM warehouse w"                         \
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

/* stock=1, low=1 on today's balance (2 parameters, sq_qty_bind). */
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

/* ==================================================================== */
/* Types                                                                */
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

/* ==================================================================== */
/* Functions                                                            */
/* ==================================================================== */

/* Each function's contract is in the comment above its definition. */

/* ---- common.c */

/* The values of the choices (NULL-terminated): the dispatcher checks a
 * parameter against them (routes.c), a handler takes the index (sq_pick). */
extern const char *const sq_dirs[];
extern const char *const sq_list_sorts[];
extern const char *const sq_sum_bys[];
extern const char *const sq_sum_sorts[];
extern const char *const sq_turn_sorts[];

int sq_pick(const char *s, const char *const *list);
struct db_param sq_opt_id(int64_t id);
int64_t sq_cell_int(const char *const *row, size_t i);
const char *const *sq_row_at(const struct db_rows *r, size_t i);
const char *sq_int_text(struct ctx *c, int64_t v);
void sq_pager_init(struct sq_pager *pg, int64_t page, int64_t total);
long sq_pager_offset(const struct sq_pager *pg);
void sq_pager_attrs(xmlNodePtr n, const struct sq_pager *pg, size_t shown);
void sq_ident_attrs(xmlNodePtr n, const char *const *row);
void sq_ident_csv(struct ctx *c, const char *const *row);
void sq_csv_head(struct ctx *c, const char *file, const char *const *head,
                 size_t n);
int sq_query_stream(struct ctx *c, const struct db_sql *sql,
                    const struct db_param *p, size_t n,
                    void (*fn)(struct ctx *, const char *const *, void *),
                    void *arg);
int sq_query_int(struct ctx *c, const struct db_sql *sql,
                 const struct db_param *p, size_t n, long limit, int64_t *out);

/* ---- filter.c */

int sq_read_period(struct ctx *c, int today_end, const char **from,
                   const char **to);
int sq_warehouse_in_scope(struct ctx *c, int64_t id);
int sq_filter_read(struct ctx *c, struct sq_filter *f, int with_as_of);
void sq_filter_bind(struct ctx *c, const struct sq_filter *f,
                    struct db_param *p);
void sq_qty_bind(const struct sq_filter *f, struct db_param *p);
void sq_filter_attrs(struct ctx *c, xmlNodePtr n, const struct sq_filter *f);
int sq_add_options(struct ctx *c, xmlNodePtr parent, int only_warehouses);

/* ---- list.c: the list's count (the turnover's too) */

int sq_list_count(struct ctx *c, const struct db_param *p, size_t n,
                  int64_t *total);

/* ---- list.c, summary.c, moves.c, turnover.c: the handlers (routes.c) */

int sq_stock_list(struct ctx *c);
int sq_stock_summary(struct ctx *c);
int sq_stock_moves(struct ctx *c);
int sq_stock_turnover(struct ctx *c);

#endif /* QUDAO_STOCKQ_INT_H */
