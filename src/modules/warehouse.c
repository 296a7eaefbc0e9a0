/*
 * warehouse.c - warehouses (分仓管理), their safety stock (安全库存) and
 * the stock alerts (issue 6).
 *
 * Pages:  GET  /warehouses               search (code, name), filter (kind,
 *                                        status, unit), sort, page; .csv
 *         GET  /warehouses/new           form; POST creates
 *         GET  /warehouses/{id}          one warehouse: its fields, its
 *                                        stock in brief, the audit trail
 *         GET  /warehouses/{id}/edit     form; POST saves (row version)
 *         POST /warehouses/{id}/close    close (refused while it holds
 *                                        stock); /reopen opens it again
 *         GET  /warehouses/{id}/safety   the safety settings (search,
 *                                        sort, page, .csv) and the form;
 *                                        POST sets them
 *         GET  /stock/alerts             products below their safety
 *                                        stock, the suggested reorder and
 *                                        source (route warehouse.alerts)
 * Tables: warehouse, stock_balance (only safety_qty, target_qty and the
 *         zero row of a first setting are written here), stock_move and
 *         stock_doc (read) (schema/0007-inventory.xml); org_unit,
 *         org_closure, party, party_closure, sales_region, product,
 *         category read; audit_log written.
 * Style:  xsl/warehouse.xsl (with xsl/stocknav.xsl); text in
 *         xsl/i18n/<lang>/warehouse.xml; documents in
 *         schema/xsd/warehouse.xsd.
 *
 * Scope (SECURITY.md class 1): a warehouse is seen by staff whose org
 * subtree holds its unit and by channel users whose channel subtree holds
 * its owner party (SCOPE_PARTY_SQL("w.unit_id", "w.party_id")), in every
 * list, fetch by id, guarded UPDATE, alert and suggested source, in HTML,
 * XML and CSV alike.  A warehouse outside the scope answers 404 exactly
 * like a missing one (page_not_found logs it).
 *
 * Rules of the forms:
 *   - kind central or branch: an owner unit of the user's scope, no party;
 *     kind agent or consignment: an owner party, an approved agent of the
 *     scope, and the unit is then the party's servicing unit.
 *   - The code and the kind are fixed once the warehouse has stock moves
 *     or stock documents (they name it on printed documents and decide
 *     whose stock it is); before that both can be corrected.  The UPDATE
 *     itself carries that rule, so a first move racing the edit cannot
 *     slip under it.
 *   - Closing is refused while any product has stock on hand, reserved or
 *     in transit, a stocktake holds a row, or a transfer from or to it is
 *     shipped and not received.  The guarded UPDATE checks all of it and
 *     the warehouse's move_seq as read: a posting commits only after
 *     stock_lock() bumped move_seq, so one that slipped in between makes
 *     the close match no row instead of closing over new stock.
 *   - Safety stock: per product of one warehouse, safety_qty and an
 *     optional target_qty with target >= safety >= 0, typed as lines
 *     "CODE SAFETY [TARGET]" ("CODE" alone clears both; CODE a product
 *     code or barcode, as in stocklines.h).  Only the listed products
 *     change.  A product that never moved there gets its balance
 *     row with zeros (what stock_post would create; a concurrent first
 *     move makes the INSERT a unique violation and db_uow runs the unit
 *     again, which then finds the row).  Only safety_qty and target_qty
 *     are ever updated here, never the buckets.
 *   - Alerts: every product of an active warehouse of the scope whose
 *     available (on hand - reserved) + in transit is below its safety
 *     stock.  Suggested reorder: target (or safety) - available - in
 *     transit.  Suggested source: another active warehouse of the scope
 *     that can give that quantity and keep its own safety stock, the one
 *     with the most available (none when no warehouse can).
 *   - Quantities are shown only with stock.qty.
 *
 * Writes run in one unit of work (db_uow) that starts with its INSERT or
 * guarded UPDATE (PORTABILITY.md item 9) and writes the audit record in
 * the same transaction; a stale version answers 409 with both values.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "orgpick.h"
#include "party.h"
#include "stock.h"
#include "stocklines.h"

#include "../core/audit.h"
#include "../core/auth.h"
#include "../core/clock.h"
#include "../core/csv.h"
#include "../core/ctx.h"
#include "../core/form.h"
#include "../core/page.h"
#include "../core/scope.h"
#include "../core/text.h"
#include "../core/xd.h"
#include "../db/db.h"

#define WH_PAGE      50    /* rows per list page */
#define WH_CSV_MAX   10000 /* rows of a CSV export */
#define WH_HISTORY   50    /* audit entries on the detail page */
#define WH_FIELD_MAX 1000  /* what a parameter table lets through */
#define WH_LINE_ERRS 10    /* problems reported for the lines field */

/* Results of a unit of work besides 0 (done) and -1 (database error). */
enum wh_uow {
    WH_CONFLICT = 1, /* the row changed (version) or left the scope */
    WH_REFUSED,      /* the guard of a status change or code change */
    WH_CLOSED        /* safety stock of a closed warehouse */
};

static const char *const wh_kinds[] = {"central", "branch", "agent",
                                       "consignment", NULL};
static const char *const wh_statuses[] = {"active", "closed", NULL};
static const char *const wh_sorts[] = {"code", "name",   "kind",
                                       "unit", "status", NULL};
static const char *const safety_sorts[] = {"code", "name", NULL};
static const char *const alert_sorts[] = {"warehouse", "product", "available",
                                          "reorder", NULL};
static const char *const dirs[] = {"asc", "desc", NULL};
static const char *const dones[] = {"created", "saved", "closed", "reopened",
                                    NULL};

/* ==================================================================== */
/* Statements                                                           */
/* ==================================================================== */

/* The scope filter on a warehouse and on a party (two parameters each:
 * scope_unit(c), scope_party(c)). */
#define SCOPE_OF_W  SCOPE_PARTY_SQL("w.unit_id", "w.party_id")
#define SCOPE_OF_PA SCOPE_PARTY_SQL("pa.unit_id", "pa.id")
#define SCOPE_OF_ID SCOPE_PARTY_SQL("unit_id", "party_id")

/* The owner party is named only when it is in the scope too (2
 * parameters before the WHERE's). */
#define WH_JOINS                                                               \
    " FROM warehouse w"                                                        \
    " JOIN org_unit u ON u.id = w.unit_id"                                     \
    " LEFT JOIN party pa ON pa.id = w.party_id AND " SCOPE_OF_PA               \
    " LEFT JOIN sales_region r ON r.id = w.region_id"

/* ---- list ------------------------------------------------------------ */

/* scope (2); q (3: NULL test, code, name); kind (2); status (2); unit
 * subtree (2). */
#define WH_WHERE                                                               \
    " WHERE " SCOPE_OF_W " AND (CAST(? AS VARCHAR(100)) IS NULL"               \
    " OR w.code LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"                          \
    " OR w.name LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "')"                         \
    " AND (CAST(? AS VARCHAR(20)) IS NULL OR w.kind = ?)"                      \
    " AND (CAST(? AS VARCHAR(10)) IS NULL OR w.status = ?)"                    \
    " AND (CAST(? AS DECIMAL(19)) IS NULL"                                     \
    " OR w.unit_id IN (SELECT fu.descendant_id FROM org_closure fu"            \
    " WHERE fu.ancestor_id = ?))"
#define WH_N_WHERE 11

#define WH_LIST                                                                \
    "SELECT w.id, w.code, w.name, w.kind, w.status, w.unit_id, u.code,"        \
    " u.name, pa.id, pa.code, pa.name, r.code, r.name, w.contact, "            \
    "w.phone" WH_JOINS WH_WHERE

/* One whole statement per sort choice: no identifier comes from input. */
DB_STATEMENT(sql_wh_code_asc, DB_PAGED, WH_LIST " ORDER BY w.code ASC");
DB_STATEMENT(sql_wh_code_desc, DB_PAGED, WH_LIST " ORDER BY w.code DESC");
DB_STATEMENT(sql_wh_name_asc, DB_PAGED,
             WH_LIST " ORDER BY w.name ASC, w.code ASC");
DB_STATEMENT(sql_wh_name_desc, DB_PAGED,
             WH_LIST " ORDER BY w.name DESC, w.code DESC");
DB_STATEMENT(sql_wh_kind_asc, DB_PAGED,
             WH_LIST " ORDER BY w.kind ASC, w.code ASC");
DB_STATEMENT(sql_wh_kind_desc, DB_PAGED,
             WH_LIST " ORDER BY w.kind DESC, w.code DESC");
DB_STATEMENT(sql_wh_unit_asc, DB_PAGED,
             WH_LIST " ORDER BY u.code ASC, w.code ASC");
DB_STATEMENT(sql_wh_unit_desc, DB_PAGED,
             WH_LIST " ORDER BY u.code DESC, w.code DESC");
DB_STATEMENT(sql_wh_status_asc, DB_PAGED,
             WH_LIST " ORDER BY w.status ASC, w.code ASC");
DB_STATEMENT(sql_wh_status_desc, DB_PAGED,
             WH_LIST " ORDER BY w.status DESC, w.code DESC");
DB_STATEMENT(sql_wh_count, 0, "SELECT COUNT(*) FROM warehouse w" WH_WHERE);

/* ---- one warehouse --------------------------------------------------- */

/* Columns of sql_wh_get. */
enum wcol {
    WC_ID,
    WC_CODE,
    WC_NAME,
    WC_KIND,
    WC_STATUS,
    WC_UNIT,
    WC_UNIT_CODE,
    WC_UNIT_NAME,
    WC_PARTY,
    WC_PARTY_CODE,
    WC_PARTY_NAME,
    WC_REGION,
    WC_REGION_CODE,
    WC_REGION_NAME,
    WC_ADDRESS,
    WC_CONTACT,
    WC_PHONE,
    WC_NOTE,
    WC_CLOSED_THROUGH,
    WC_MOVE_SEQ,
    WC_CREATED,
    WC_UPDATED,
    WC_VERSION,
    WC_USED
};

/* One warehouse of the scope: scope (party, 2), id, scope (2).  The last
 * column is 1 when it has stock moves or documents. */
DB_STATEMENT(sql_wh_get, 0,
             "SELECT w.id, w.code, w.name, w.kind, w.status, w.unit_id,"
             " u.code, u.name, w.party_id, pa.code, pa.name, w.region_id,"
             " r.code, r.name, w.address, w.contact, w.phone, w.note,"
             " w.closed_through, w.move_seq, w.created_at, w.updated_at,"
             " w.version,"
             " CASE WHEN EXISTS (SELECT 1 FROM stock_move m"
             " WHERE m.warehouse_id = w.id)"
             " OR EXISTS (SELECT 1 FROM stock_doc d"
             " WHERE d.warehouse_id = w.id OR d.dest_id = w.id)"
             " THEN 1 ELSE 0 END" WH_JOINS " WHERE w.id = ? AND " SCOPE_OF_W);

/* Its stock in brief: products on hand, the three buckets, products below
 * their safety stock, settings, rows a stocktake holds; then the shipped
 * transfers from or to it (warehouse three times). */
DB_STATEMENT(sql_wh_stock, 0,
             "SELECT COUNT(CASE WHEN b.on_hand <> 0 THEN 1 END),"
             " COALESCE(SUM(b.on_hand), 0), COALESCE(SUM(b.reserved), 0),"
             " COALESCE(SUM(b.in_transit), 0),"
             " COUNT(CASE WHEN b.safety_qty IS NOT NULL"
             " AND b.on_hand - b.reserved + b.in_transit < b.safety_qty"
             " THEN 1 END),"
             " COUNT(b.safety_qty), COUNT(b.frozen_by),"
             " (SELECT COUNT(*) FROM stock_doc d"
             " WHERE (d.warehouse_id = ? OR d.dest_id = ?)"
             " AND d.status = 'shipped')"
             " FROM stock_balance b"
             " WHERE b.warehouse_id = ?");

/* ---- choices and checks ---------------------------------------------- */

/* The agents that may own a warehouse: approved, in the scope. */
DB_STATEMENT(sql_agent_options, 0,
             "SELECT pa.id, pa.code, pa.name"
             " FROM party pa"
             " WHERE pa.kind = 'agent' AND pa.status = 'approved'"
             " AND " SCOPE_OF_PA " ORDER BY pa.code");
DB_STATEMENT(sql_wh_code_used, 0,
             "SELECT w.id FROM warehouse w WHERE w.code = ? AND w.id <> ?");
/* The active warehouses of the scope (the alerts' filter). */
DB_STATEMENT(sql_wh_options, 0,
             "SELECT w.id, w.code, w.name"
             " FROM warehouse w"
             " WHERE w.status = 'active' AND " SCOPE_OF_W " ORDER BY w.code");
DB_STATEMENT(sql_category_options, 0,
             "SELECT c.id, c.parent_id, c.code, c.name"
             " FROM category c"
             " ORDER BY c.code");

/* ---- writes ---------------------------------------------------------- */

DB_STATEMENT(sql_wh_insert, 0,
             "INSERT INTO warehouse (id, code, name, kind, unit_id, party_id,"
             " region_id, address, contact, phone, status, closed_through,"
             " move_seq, note, created_at, updated_at, version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', NULL, 0, ?, ?,"
             " ?, 1)");

/* The fields, then id, version, scope (2), and the rule on code and kind:
 * unchanged (code, kind) or nothing moved yet (id three times). */
DB_STATEMENT(sql_wh_update, 0,
             "UPDATE warehouse SET code = ?, name = ?, kind = ?, unit_id = ?,"
             " party_id = ?, region_id = ?, address = ?, contact = ?,"
             " phone = ?, note = ?, updated_at = ?, version = version + 1"
             " WHERE id = ? AND version = ? AND " SCOPE_OF_ID
             " AND ((code = ? AND kind = ?)"
             " OR (NOT EXISTS (SELECT 1 FROM stock_move m"
             " WHERE m.warehouse_id = ?)"
             " AND NOT EXISTS (SELECT 1 FROM stock_doc d"
             " WHERE d.warehouse_id = ? OR d.dest_id = ?)))");

/* now, id, version, move_seq, scope (2), id three times. */
DB_STATEMENT(sql_wh_close, 0,
             "UPDATE warehouse SET status = 'closed', updated_at = ?,"
             " version = version + 1"
             " WHERE id = ? AND version = ? AND status = 'active'"
             " AND move_seq = ? AND " SCOPE_OF_ID
             " AND NOT EXISTS (SELECT 1 FROM stock_balance b"
             " WHERE b.warehouse_id = ? AND (b.on_hand <> 0"
             " OR b.reserved <> 0 OR b.in_transit <> 0"
             " OR b.frozen_by IS NOT NULL))"
             " AND NOT EXISTS (SELECT 1 FROM stock_doc d"
             " WHERE (d.warehouse_id = ? OR d.dest_id = ?)"
             " AND d.status = 'shipped')");
/* now, id, version, scope (2). */
DB_STATEMENT(sql_wh_reopen, 0,
             "UPDATE warehouse SET status = 'active', updated_at = ?,"
             " version = version + 1"
             " WHERE id = ? AND version = ? AND status = 'closed'"
             " AND " SCOPE_OF_ID);

/* ---- safety stock ---------------------------------------------------- */

/* Take the warehouse (write first, and keep it from closing meanwhile):
 * id. */
DB_STATEMENT(sql_wh_take_active, 0,
             "UPDATE warehouse SET status = status"
             " WHERE id = ? AND status = 'active'");
DB_STATEMENT(sql_safety_get, 0,
             "SELECT safety_qty, target_qty FROM stock_balance"
             " WHERE warehouse_id = ? AND product_id = ?");
DB_STATEMENT(sql_safety_set, 0,
             "UPDATE stock_balance SET safety_qty = ?, target_qty = ?,"
             " updated_at = ?"
             " WHERE warehouse_id = ? AND product_id = ?");
/* A product typed on a line: by code, else by barcode (code 3 times). */
DB_STATEMENT(sql_product_by_code, DB_PAGED,
             "SELECT id, code FROM product"
             " WHERE code = ? OR barcode = ?"
             " ORDER BY CASE WHEN code = ? THEN 0 ELSE 1 END, id");
DB_STATEMENT(sql_safety_insert, 0,
             "INSERT INTO stock_balance (warehouse_id, product_id, on_hand,"
             " reserved, in_transit, safety_qty, target_qty, updated_at)"
             " VALUES (?, ?, 0, 0, 0, ?, ?, ?)");

/* The settings of one warehouse: warehouse; q (3). */
#define SAFE_WHERE                                                             \
    " WHERE b.warehouse_id = ?"                                                \
    " AND (b.safety_qty IS NOT NULL OR b.target_qty IS NOT NULL)"              \
    " AND (CAST(? AS VARCHAR(100)) IS NULL"                                    \
    " OR p.code LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"                          \
    " OR p.name LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "')"
#define SAFE_N_WHERE 4
#define SAFE_LIST                                                              \
    "SELECT p.id, p.code, p.name, p.unit, b.on_hand, b.reserved,"              \
    " b.in_transit, b.safety_qty, b.target_qty"                                \
    " FROM stock_balance b"                                                    \
    " JOIN product p ON p.id = b.product_id" SAFE_WHERE

DB_STATEMENT(sql_safe_code_asc, DB_PAGED, SAFE_LIST " ORDER BY p.code ASC");
DB_STATEMENT(sql_safe_code_desc, DB_PAGED, SAFE_LIST " ORDER BY p.code DESC");
DB_STATEMENT(sql_safe_name_asc, DB_PAGED,
             SAFE_LIST " ORDER BY p.name ASC, p.code ASC");
DB_STATEMENT(sql_safe_name_desc, DB_PAGED,
             SAFE_LIST " ORDER BY p.name DESC, p.code DESC");
DB_STATEMENT(sql_safe_count, 0,
             "SELECT COUNT(*) FROM stock_balance b"
             " JOIN product p ON p.id = b.product_id" SAFE_WHERE);

/* ---- alerts ---------------------------------------------------------- */

/* scope (2); warehouse (2); unit subtree (2); category and its children
 * (3); product text (3). */
#define ALERT_WHERE                                                            \
    " WHERE b.safety_qty IS NOT NULL"                                          \
    " AND b.on_hand - b.reserved + b.in_transit < b.safety_qty"                \
    " AND w.status = 'active' AND " SCOPE_OF_W                                 \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR w.id = ?)"                        \
    " AND (CAST(? AS DECIMAL(19)) IS NULL"                                     \
    " OR w.unit_id IN (SELECT fu.descendant_id FROM org_closure fu"            \
    " WHERE fu.ancestor_id = ?))"                                              \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR p.category_id = ?"                \
    " OR p.category_id IN (SELECT k.id FROM category k"                        \
    " WHERE k.parent_id = ?))"                                                 \
    " AND (CAST(? AS VARCHAR(100)) IS NULL"                                    \
    " OR p.code LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"                          \
    " OR p.name LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "')"
#define ALERT_N_WHERE 12
#define ALERT_FROM                                                             \
    " FROM stock_balance b"                                                    \
    " JOIN warehouse w ON w.id = b.warehouse_id"                               \
    " JOIN product p ON p.id = b.product_id"
#define ALERT_LIST                                                             \
    "SELECT w.id, w.code, w.name, p.id, p.code, p.name, p.unit, b.on_hand,"    \
    " b.reserved, b.in_transit, b.safety_qty, b.target_qty" ALERT_FROM         \
        ALERT_WHERE
#define REORDER                                                                \
    "COALESCE(b.target_qty, b.safety_qty) - b.on_hand + b.reserved"            \
    " - b.in_transit"

DB_STATEMENT(sql_alert_wh_asc, DB_PAGED,
             ALERT_LIST " ORDER BY w.code ASC, p.code ASC");
DB_STATEMENT(sql_alert_wh_desc, DB_PAGED,
             ALERT_LIST " ORDER BY w.code DESC, p.code DESC");
DB_STATEMENT(sql_alert_product_asc, DB_PAGED,
             ALERT_LIST " ORDER BY p.code ASC, w.code ASC");
DB_STATEMENT(sql_alert_product_desc, DB_PAGED,
             ALERT_LIST " ORDER BY p.code DESC, w.code DESC");
DB_STATEMENT(sql_alert_avail_asc, DB_PAGED,
             ALERT_LIST
             " ORDER BY b.on_hand - b.reserved ASC, w.code ASC, p.code ASC");
DB_STATEMENT(sql_alert_avail_desc, DB_PAGED,
             ALERT_LIST
             " ORDER BY b.on_hand - b.reserved DESC, w.code DESC, p.code DESC");
DB_STATEMENT(sql_alert_reorder_asc, DB_PAGED,
             ALERT_LIST " ORDER BY " REORDER " ASC, w.code ASC, p.code ASC");
DB_STATEMENT(sql_alert_reorder_desc, DB_PAGED,
             ALERT_LIST " ORDER BY " REORDER " DESC, w.code DESC, p.code DESC");
DB_STATEMENT(sql_alert_count, 0, "SELECT COUNT(*)" ALERT_FROM ALERT_WHERE);

/* Another active warehouse of the scope that can give `need` units and
 * keep its own safety stock, the most available first: product,
 * warehouse, scope (2), need. */
DB_STATEMENT(sql_alert_source, DB_PAGED,
             "SELECT w.id, w.code, w.name, s.on_hand - s.reserved"
             " FROM stock_balance s"
             " JOIN warehouse w ON w.id = s.warehouse_id"
             " WHERE s.product_id = ? AND s.warehouse_id <> ?"
             " AND w.status = 'active' AND " SCOPE_OF_W
             " AND s.on_hand - s.reserved - ? >= COALESCE(s.safety_qty, 0)"
             " ORDER BY s.on_hand - s.reserved DESC, w.code ASC");

/* ==================================================================== */
/* Helpers                                                              */
/* ==================================================================== */

/* The statement of table[i][desc] where sorts[i] is sort (else row 0). */
static const struct db_sql *
pick_sort(const struct db_sql *const (*table)[2], const char *const *sorts,
          const char *sort, int desc)
{
    for (int i = 0; sort != NULL && sorts[i] != NULL; i++)
        if (strcmp(sorts[i], sort) == 0)
            return table[i][desc];
    return table[0][desc];
}

/* An optional id filter: the NULL test sees NULL when absent; the
 * comparison always gets an integer. */
static void
bind_id_filter(struct db_param *p, int64_t v)
{
    p[0] = v > 0 ? DB_INT(v) : DB_NULLP;
    p[1] = DB_INT(v > 0 ? v : 0);
}

/* The search text: the NULL test and `n` LIKE patterns. */
static void
bind_search(struct ctx *c, struct db_param *p, const char *q, int n)
{
    const char *like = q != NULL ? text_like(c->a, q, 1, 1) : NULL;

    p[0] = DB_TEXT(q);
    for (int i = 1; i <= n; i++)
        p[i] = DB_TEXT(like);
}

/* A whole number of units as text (CSV, audit), in the arena. */
static const char *
qty_text(struct ctx *c, int64_t v)
{
    return arena_printf(c->a, "%" PRId64, v);
}

/* Fetch one warehouse of the scope into *r (0 rows: missing or foreign).
 * 0 or -1. */
static int
fetch_wh(struct ctx *c, int64_t id, struct db_rows *r)
{
    struct db_param p[5];

    p[0] = DB_INT(scope_unit(c));
    p[1] = DB_INT(scope_party(c));
    p[2] = DB_INT(id);
    p[3] = DB_INT(scope_unit(c));
    p[4] = DB_INT(scope_party(c));
    return db_query(c->db, c->a, &sql_wh_get, p, 5, 0, 0, r);
}

/* The warehouse `id` of the scope into *r: 0, or -1 with the 404
 * (missing or outside the scope) or the database error recorded. */
static int
find_wh_id(struct ctx *c, int64_t id, struct db_rows *r)
{
    if (id < 0)
        return page_not_found(c, "warehouse", id);
    if (fetch_wh(c, id, r) != 0)
        return ctx_db_fail(c);
    if (r->n_rows == 0)
        return page_not_found(c, "warehouse", id);
    return 0;
}

/* The same for the warehouse of the path. */
static int
find_wh(struct ctx *c, struct db_rows *r)
{
    return find_wh_id(c, page_id(c), r);
}

/* The warehouse a POST is about (into *r, its id into *id) and, when
 * version is not NULL, the form's row version (a form_error when bad).
 * 0, or -1 with the 404 or the database error recorded. */
static int
post_target(struct ctx *c, struct db_rows *r, int64_t *id, int64_t *version)
{
    if (find_wh(c, r) != 0)
        return -1;
    *id = db_cell_int(r, 0, WC_ID);
    if (version != NULL)
        form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, version);
    return 0;
}

/* The rows of a query (parameters p, or none: NULL) under parent, one
 * element `elem` each, columns as attributes `cols`.  0 or -1. */
static int
add_options(struct ctx *c, xmlNodePtr parent, const struct db_sql *sql,
            const struct db_param *p, size_t n_p, const char *elem,
            const char *const *cols, size_t n_cols)
{
    struct db_rows r;

    if (db_query(c->db, c->a, sql, p, n_p, 0, 0, &r) != 0)
        return -1;
    xd_rows(parent, elem, &r, cols, n_cols);
    return 0;
}

/* Columns of sql_wh_get as attributes: a table of them, and the call. */
struct wh_cell {
    const char *attr;
    enum wcol col;
};

static void
wh_cells(xmlNodePtr n, const struct db_rows *r, const struct wh_cell *t,
         size_t k)
{
    for (size_t i = 0; i < k; i++)
        xd_cell(n, t[i].attr, r, 0, t[i].col);
}

/* The warehouse's identity (row 0 of r) on n. */
static void
wh_ident(xmlNodePtr n, const struct db_rows *r)
{
    static const struct wh_cell t[] = {{"id", WC_ID},
                                       {"code", WC_CODE},
                                       {"name", WC_NAME},
                                       {"kind", WC_KIND},
                                       {"status", WC_STATUS}};

    wh_cells(n, r, t, XD_N(t));
}

/* The quantities of a balance row as attributes (on hand, reserved,
 * available, in transit: columns oh, oh+1, oh+2 of r), with stock.qty. */
static void
qty_attrs(xmlNodePtr n, const struct db_rows *r, size_t i, size_t oh)
{
    int64_t on_hand = db_cell_int(r, i, oh),
            reserved = db_cell_int(r, i, oh + 1);

    xd_attr_int(n, "on-hand", on_hand);
    xd_attr_int(n, "reserved", reserved);
    xd_attr_int(n, "available", on_hand - reserved);
    xd_attr_int(n, "in-transit", db_cell_int(r, i, oh + 2));
}

/* The same as CSV fields. */
static void
qty_csv(struct ctx *c, const struct db_rows *r, size_t i, size_t oh)
{
    int64_t on_hand = db_cell_int(r, i, oh),
            reserved = db_cell_int(r, i, oh + 1);

    csv_num(c, qty_text(c, on_hand));
    csv_num(c, qty_text(c, reserved));
    csv_num(c, qty_text(c, on_hand - reserved));
    csv_num(c, qty_text(c, db_cell_int(r, i, oh + 2)));
}

/* The header row of a CSV file. */
static void
csv_head(struct ctx *c, const char *const *head, size_t n)
{
    for (size_t k = 0; k < n; k++)
        csv_text(c, head[k]);
    csv_row(c);
}

/* A "done" message after a redirect. */
static void
done_message(struct ctx *c)
{
    static const char *const texts[] = {"the warehouse is created", "saved",
                                        "the warehouse is closed",
                                        "the warehouse is open again"};
    const char *done = param_text(c->req, "done");

    for (size_t i = 0; done != NULL && dones[i] != NULL; i++)
        if (strcmp(dones[i], done) == 0)
            ctx_message(c, "info", dones[i], NULL, texts[i]);
}

/* ==================================================================== */
/* GET /warehouses                                                      */
/* ==================================================================== */

static const struct db_sql *const wh_table[][2] = {
    {&sql_wh_code_asc, &sql_wh_code_desc},
    {&sql_wh_name_asc, &sql_wh_name_desc},
    {&sql_wh_kind_asc, &sql_wh_kind_desc},
    {&sql_wh_unit_asc, &sql_wh_unit_desc},
    {&sql_wh_status_asc, &sql_wh_status_desc},
};

/* Columns of the list statements as attributes (xd_row). */
static const char *const list_cols[] = {
    "id",         "code",        "name",        "kind",     "status",
    "unit-id",    "unit-code",   "unit-name",   "party-id", "party-code",
    "party-name", "region-code", "region-name", "contact",  "phone"};

static void
list_csv(struct ctx *c, const struct db_rows *r)
{
    static const char *const head[] = {
        "code",  "name",       "kind",   "status",  "unit", "unit_name",
        "party", "party_name", "region", "contact", "phone"};
    static const size_t cols[] = {1, 2, 3, 4, 6, 7, 9, 10, 11, 13, 14};

    csv_begin(c, "warehouses.csv");
    csv_head(c, head, XD_N(head));
    for (size_t i = 0; i < r->n_rows; i++) {
        for (size_t k = 0; k < XD_N(cols); k++)
            csv_text(c, db_cell(r, i, cols[k]));
        csv_row(c);
    }
}

static int
wh_list(struct ctx *c)
{
    const char *q = param_text(c->req, "q");
    const char *kind = param_text(c->req, "kind");
    const char *status = param_text(c->req, "status");
    const char *sort = param_text(c->req, "sort");
    const char *dir = param_text(c->req, "dir");
    int64_t unit = param_int(c->req, "unit", 0);
    int desc = dir != NULL && strcmp(dir, "desc") == 0;
    const struct db_sql *sql;
    struct db_param p[2 + WH_N_WHERE], *w = p + 2;
    struct db_rows rows;
    xmlNodePtr list;

    if (sort == NULL)
        sort = "code";
    sql = pick_sort(wh_table, wh_sorts, sort, desc);
    p[0] = DB_INT(scope_unit(c)); /* the owner party's scope */
    p[1] = DB_INT(scope_party(c));
    w[0] = DB_INT(scope_unit(c));
    w[1] = DB_INT(scope_party(c));
    bind_search(c, w + 2, q, 2);
    w[5] = DB_TEXT(kind);
    w[6] = DB_TEXT(kind);
    w[7] = DB_TEXT(status);
    w[8] = DB_TEXT(status);
    bind_id_filter(w + 9, unit);
    if (c->req->want_csv) {
        if (db_query(c->db, c->a, sql, p, 2 + WH_N_WHERE, WH_CSV_MAX, 0,
                     &rows) != 0)
            return ctx_db_fail(c);
        list_csv(c, &rows);
        return 0;
    }
    list = ctx_data(c, "warehouse-list");
    xd_attr(list, "q", q != NULL ? q : "");
    xd_attr(list, "kind", kind);
    xd_attr(list, "status", status);
    if (unit > 0)
        xd_attr_int(list, "unit", unit);
    if (page_list(c, list, WH_PAGE, &sql_wh_count, w, WH_N_WHERE, sql, p,
                  2 + WH_N_WHERE, sort, desc, &rows) != 0)
        return -1;
    page_can(c, list, "can-edit", "warehouse.edit");
    if (orgpick_unit_options(c, xd_elem(list, "units")) != 0)
        return ctx_db_fail(c);
    xd_rows(list, "warehouse", &rows, list_cols, XD_N(list_cols));
    return 0;
}

/* ==================================================================== */
/* GET /warehouses/{id}                                                 */
/* ==================================================================== */

/* The stock of warehouse id in brief as <stock/> under n.  0 or -1. */
static int
add_stock_brief(struct ctx *c, xmlNodePtr n, int64_t id)
{
    struct db_param p[3] = {DB_INT(id), DB_INT(id), DB_INT(id)};
    struct db_rows r;
    xmlNodePtr s;

    if (db_query(c->db, c->a, &sql_wh_stock, p, 3, 0, 0, &r) != 0)
        return -1;
    s = xd_elem(n, "stock");
    xd_cell(s, "products", &r, 0, 0);
    if (auth_can(c, "stock.qty")) {
        xd_cell(s, "on-hand", &r, 0, 1);
        xd_cell(s, "reserved", &r, 0, 2);
        xd_cell(s, "in-transit", &r, 0, 3);
    }
    xd_cell(s, "below", &r, 0, 4);
    xd_cell(s, "settings", &r, 0, 5);
    xd_cell(s, "counting", &r, 0, 6);
    xd_cell(s, "shipped", &r, 0, 7);
    return 0;
}

/*
 * Fill <warehouse> for the warehouse the caller fetched (row 0 of r): its
 * fields, its stock in brief, the audit trail.  Channel users get no edit
 * flag and no audit trail (staff work).  Used by GET and by a refused
 * close or reopen (status already set).  0 or -1.
 */
static int
wh_page(struct ctx *c, const struct db_rows *r)
{
    static const struct wh_cell fields[] = {
        {"unit-id", WC_UNIT},
        {"unit-code", WC_UNIT_CODE},
        {"unit-name", WC_UNIT_NAME},
        {"region-id", WC_REGION},
        {"region-code", WC_REGION_CODE},
        {"region-name", WC_REGION_NAME},
        {"address", WC_ADDRESS},
        {"contact", WC_CONTACT},
        {"phone", WC_PHONE},
        {"note", WC_NOTE},
        {"version", WC_VERSION},
    };
    int64_t id = db_cell_int(r, 0, WC_ID);
    int staff = scope_party(c) < 0;
    xmlNodePtr n = ctx_data(c, "warehouse");

    static const struct wh_cell party[] = {{"party-id", WC_PARTY},
                                           {"party-code", WC_PARTY_CODE},
                                           {"party-name", WC_PARTY_NAME}};

    wh_ident(n, r);
    wh_cells(n, r, fields, XD_N(fields));
    if (db_cell(r, 0, WC_PARTY_CODE) != NULL)
        wh_cells(n, r, party, XD_N(party));
    xd_attr(n, "closed-through",
            text_iso_date(c->a, db_cell(r, 0, WC_CLOSED_THROUGH)));
    page_ts_cell(c, n, "created-at", r, 0, WC_CREATED);
    page_ts_cell(c, n, "updated-at", r, 0, WC_UPDATED);
    if (db_cell_int(r, 0, WC_USED))
        xd_attr(n, "used", "true");
    if (staff)
        page_can(c, n, "can-edit", "warehouse.edit");
    if (add_stock_brief(c, n, id) != 0)
        return ctx_db_fail(c);
    if (staff && page_history(c, n, "warehouse", id, WH_HISTORY) != 0)
        return ctx_db_fail(c);
    return 0;
}

/* GET of a warehouse's page: find it, say what was done, fill it. */
static int
wh_get(struct ctx *c, int (*fill)(struct ctx *c, const struct db_rows *r))
{
    struct db_rows r;

    if (find_wh(c, &r) != 0)
        return -1;
    done_message(c);
    return fill(c, &r);
}

static int
wh_show(struct ctx *c)
{
    return wh_get(c, wh_page);
}

/* ==================================================================== */
/* Create and edit                                                      */
/* ==================================================================== */

static const char *const wh_echo[] = {
    "code",    "code",    "name",    "name",    "kind",   "kind",
    "unit",    "unit",    "party",   "party",   "region", "region",
    "address", "address", "contact", "contact", "phone",  "phone",
    "note",    "note",    "version", "version", NULL};

/* The stored values of a warehouse (row 0 of r) as form attributes. */
static void
wh_values(xmlNodePtr n, const struct db_rows *r)
{
    static const struct wh_cell t[] = {
        {"code", WC_CODE},        {"name", WC_NAME},
        {"kind", WC_KIND},        {"unit", WC_UNIT},
        {"party", WC_PARTY_CODE}, {"region", WC_REGION},
        {"address", WC_ADDRESS},  {"contact", WC_CONTACT},
        {"phone", WC_PHONE},      {"note", WC_NOTE},
        {"version", WC_VERSION}};

    wh_cells(n, r, t, XD_N(t));
}

/* A new <warehouse-form action="new|edit"> for warehouse r (NULL: a new
 * one) with the form's choices; echo: what was typed.  0 or -1. */
static int
wh_form(struct ctx *c, const char *action, const struct db_rows *r, int echo,
        xmlNodePtr *out)
{
    static const char *const agent_cols[] = {"id", "code", "name"};
    xmlNodePtr f = ctx_data(c, "warehouse-form");
    struct db_param p[2] = {DB_INT(scope_unit(c)), DB_INT(scope_party(c))};

    xd_attr(f, "action", action);
    if (r != NULL) {
        static const struct wh_cell t[] = {{"id", WC_ID},
                                           {"current-code", WC_CODE},
                                           {"current-name", WC_NAME}};

        wh_cells(f, r, t, XD_N(t));
        if (db_cell_int(r, 0, WC_USED))
            xd_attr(f, "fixed", "true");
    }
    if (echo)
        page_echo(c, f, wh_echo);
    if (orgpick_unit_options(c, f) != 0 || orgpick_region_options(c, f) != 0 ||
        add_options(c, f, &sql_agent_options, p, 2, "agent-option", agent_cols,
                    XD_N(agent_cols)) != 0)
        return ctx_db_fail(c);
    if (out != NULL)
        *out = f;
    return 0;
}

/* GET /warehouses/new */
static int
wh_new(struct ctx *c)
{
    xmlNodePtr f = NULL;

    if (wh_form(c, "new", NULL, 0, &f) != 0)
        return -1;
    xd_attr(f, "kind", "branch");
    if (c->user != NULL && c->user->unit_id > 0)
        xd_attr_int(f, "unit", c->user->unit_id);
    return 0;
}

/* The fields of the form, checked. */
struct wh_input {
    const char *code, *name, *kind, *address, *contact, *phone, *note;
    int64_t unit, party, region;
    const char *unit_label, *party_label, *region_label;
};

/* A code: letters, digits, '-', '_' and '.' (it stands in lines typed
 * as "CODE QTY" and in file names). */
static int
code_ok(const char *s)
{
    for (; *s != '\0'; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
              (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.'))
            return 0;
    return 1;
}

/* The owner party (kinds agent and consignment): an approved agent of the
 * scope; its servicing unit becomes the unit.  0 (fine or refused), -1. */
static int
read_owner(struct ctx *c, struct wh_input *in)
{
    const char *code = form_text(c, "party", FORM_REQUIRED, 40);
    struct party_brief b;
    int rc;

    if (code == NULL)
        return 0;
    rc = party_get_by_code(c, code, &b);
    if (rc < 0)
        return -1;
    if (rc > 0)
        form_error(c, "party", "no_such_party", "no such party");
    else if (strcmp(b.kind, "agent") != 0)
        form_error(c, "party", "not_an_agent",
                   "the owner of an agent or consignment warehouse must be "
                   "an agent");
    else if (strcmp(b.status, "approved") != 0)
        form_error(c, "party", "party_not_approved",
                   "the agent is not approved");
    else {
        in->party = b.id;
        in->party_label = page_label(c, b.code, b.name);
        in->unit = b.unit_id;
        in->unit_label = page_label(c, b.unit_code, b.unit_name);
    }
    return 0;
}

/* The owner unit (kinds central and branch): a unit of the scope, active
 * unless it is keep_unit (the warehouse's unit now).  0 or -1. */
static int
read_unit(struct ctx *c, int64_t keep_unit, struct wh_input *in)
{
    if (param_text(c->req, "party") != NULL)
        form_error(c, "party", "party_not_allowed",
                   "only agent and consignment warehouses have an owner "
                   "party");
    return orgpick_form_unit(c, "unit", keep_unit, &in->unit, &in->unit_label);
}

/*
 * Read and check the form: the kind decides between an owner party and an
 * owner unit; the region must exist; the code must be free (own: this
 * warehouse's id, 0 when new).  Every problem is a form_error (422).
 * 0, or -1 on a database error.
 */
static int
read_wh_input(struct ctx *c, int64_t own, int64_t keep_unit,
              struct wh_input *in)
{
    struct db_param p[2];
    struct db_rows r;

    memset(in, 0, sizeof(*in));
    in->code = form_text(c, "code", FORM_REQUIRED, 20);
    if (in->code != NULL && !code_ok(in->code)) {
        form_error(c, "code", "bad_code",
                   "letters, digits, '-', '_' and '.' only");
        in->code = NULL;
    }
    in->name = form_text(c, "name", FORM_REQUIRED, 100);
    in->kind = form_enum(c, "kind", FORM_REQUIRED, wh_kinds);
    in->address = form_text(c, "address", FORM_MULTILINE, 200);
    in->contact = form_text(c, "contact", 0, 60);
    in->phone = form_text(c, "phone", 0, 40);
    in->note = form_text(c, "note", FORM_MULTILINE, 200);
    if (in->kind != NULL && (strcmp(in->kind, "agent") == 0 ||
                             strcmp(in->kind, "consignment") == 0)) {
        if (read_owner(c, in) != 0)
            return -1;
    } else if (in->kind != NULL && read_unit(c, keep_unit, in) != 0) {
        return -1;
    }
    if (orgpick_form_region(c, "region", &in->region, &in->region_label) != 0)
        return -1;
    if (in->code != NULL) {
        p[0] = DB_TEXT(in->code);
        p[1] = DB_INT(own);
        if (db_query(c->db, c->a, &sql_wh_code_used, p, 2, 0, 0, &r) != 0)
            return -1;
        if (r.n_rows > 0)
            form_error(c, "code", "code_taken", "code taken");
    }
    return 0;
}

struct wh_write {
    struct ctx *c;
    int64_t id, version;
    struct wh_input in;
    const struct db_rows *before;
    time_t now;
};

/* Bind an optional reference: NULL for 0. */
static struct db_param
opt_id(int64_t v)
{
    return v > 0 ? DB_INT(v) : DB_NULLP;
}

/* The field changes of a write as an audit detail ("field: a -> b; "):
 * from row b (NULL: a new warehouse) to the input. */
static const char *
wh_diff(struct ctx *c, const struct db_rows *b, const struct wh_input *in)
{
    struct sbuf d;

#define BEFORE(col) (b != NULL ? db_cell(b, 0, (col)) : NULL)
#define LABEL(code, name)                                                      \
    (b != NULL ? page_label(c, db_cell(b, 0, (code)), db_cell(b, 0, (name)))   \
               : NULL)
    sbuf_init(&d, c->a, 256);
    audit_diff(&d, "code", BEFORE(WC_CODE), in->code);
    audit_diff(&d, "name", BEFORE(WC_NAME), in->name);
    audit_diff(&d, "kind", BEFORE(WC_KIND), in->kind);
    audit_diff(&d, "unit", LABEL(WC_UNIT_CODE, WC_UNIT_NAME), in->unit_label);
    audit_diff(&d, "party", LABEL(WC_PARTY_CODE, WC_PARTY_NAME),
               in->party_label);
    audit_diff(&d, "region", LABEL(WC_REGION_CODE, WC_REGION_NAME),
               in->region_label);
    audit_diff(&d, "address", BEFORE(WC_ADDRESS), in->address);
    audit_diff(&d, "contact", BEFORE(WC_CONTACT), in->contact);
    audit_diff(&d, "phone", BEFORE(WC_PHONE), in->phone);
    audit_diff(&d, "note", BEFORE(WC_NOTE), in->note);
#undef BEFORE
#undef LABEL
    return d.buf;
}

static int
wh_create_uow(struct db *db, void *arg)
{
    struct wh_write *w = arg;
    const struct wh_input *in = &w->in;
    struct db_param p[13];

    p[0] = DB_INT(w->id);
    p[1] = DB_TEXT(in->code);
    p[2] = DB_TEXT(in->name);
    p[3] = DB_TEXT(in->kind);
    p[4] = DB_INT(in->unit);
    p[5] = opt_id(in->party);
    p[6] = opt_id(in->region);
    p[7] = DB_TEXT(in->address);
    p[8] = DB_TEXT(in->contact);
    p[9] = DB_TEXT(in->phone);
    p[10] = DB_TEXT(in->note);
    p[11] = DB_TS(w->now);
    p[12] = DB_TS(w->now);
    if (db_exec(db, &sql_wh_insert, p, 13, NULL) != 0)
        return -1;
    return audit_write(
        w->c, "warehouse", w->id, "create",
        arena_printf(w->c->a, "%sstatus: active", wh_diff(w->c, NULL, in)));
}

/* POST /warehouses/new */
static int
wh_create(struct ctx *c)
{
    struct wh_write w = {.c = c};
    int rc;

    if (read_wh_input(c, 0, 0, &w.in) != 0)
        return ctx_db_fail(c);
    if (!form_ok(c))
        return wh_form(c, "new", NULL, 1, NULL);
    db_rollback(c->db);
    if (db_next_id(c->db, "warehouse", &w.id) != 0)
        return ctx_db_fail(c);
    w.now = clock_now();
    rc = db_uow(c->db, wh_create_uow, &w);
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "code taken");
        return wh_form(c, "new", NULL, 1, NULL);
    }
    return ctx_redirect(
        c, arena_printf(c->a, "/warehouses/%" PRId64 "?done=created", w.id));
}

/* GET /warehouses/{id}/edit */
static int
wh_edit(struct ctx *c)
{
    struct db_rows r;
    xmlNodePtr f = NULL;

    if (find_wh(c, &r) != 0)
        return -1;
    if (wh_form(c, "edit", &r, 0, &f) != 0)
        return -1;
    wh_values(f, &r);
    return 0;
}

static int
wh_update_uow(struct db *db, void *arg)
{
    struct wh_write *w = arg;
    struct ctx *c = w->c;
    const struct wh_input *in = &w->in;
    const struct db_rows *b = w->before;
    struct db_param p[20];
    long n = 0;

    p[0] = DB_TEXT(in->code);
    p[1] = DB_TEXT(in->name);
    p[2] = DB_TEXT(in->kind);
    p[3] = DB_INT(in->unit);
    p[4] = opt_id(in->party);
    p[5] = opt_id(in->region);
    p[6] = DB_TEXT(in->address);
    p[7] = DB_TEXT(in->contact);
    p[8] = DB_TEXT(in->phone);
    p[9] = DB_TEXT(in->note);
    p[10] = DB_TS(w->now);
    p[11] = DB_INT(w->id);
    p[12] = DB_INT(w->version);
    p[13] = DB_INT(scope_unit(c));
    p[14] = DB_INT(scope_party(c));
    p[15] = DB_TEXT(in->code);
    p[16] = DB_TEXT(in->kind);
    p[17] = DB_INT(w->id);
    p[18] = DB_INT(w->id);
    p[19] = DB_INT(w->id);
    if (db_exec(db, &sql_wh_update, p, 20, &n) != 0)
        return -1;
    if (n == 0)
        return WH_CONFLICT; /* the handler looks again to say why */
    return audit_write(c, "warehouse", w->id, "update", wh_diff(c, b, in));
}

/* The form again with status 409: yours as typed, the current row in
 * <conflict>, and the current version in the form so that a second save
 * is a deliberate overwrite. */
static int
wh_conflict(struct ctx *c, int64_t id)
{
    struct db_rows r;
    xmlNodePtr f = NULL;

    db_rollback(c->db);
    if (find_wh_id(c, id, &r) != 0)
        return -1;
    page_conflict(c);
    if (wh_form(c, "edit", &r, 1, &f) != 0)
        return -1;
    xmlUnsetProp(f, BAD_CAST "version");
    xd_cell(f, "version", &r, 0, WC_VERSION);
    wh_values(xd_elem(f, "conflict"), &r);
    return 0;
}

/* Refuse a change of code or kind of a warehouse that has moved stock. */
static void
refuse_fixed(struct ctx *c, const struct db_rows *r, const struct wh_input *in)
{
    if (in->code != NULL && strcmp(in->code, db_cell(r, 0, WC_CODE)) != 0)
        form_error(c, "code", "code_fixed",
                   "the code cannot change once the warehouse has stock "
                   "moves or documents");
    if (in->kind != NULL && strcmp(in->kind, db_cell(r, 0, WC_KIND)) != 0)
        form_error(c, "kind", "kind_fixed",
                   "the kind cannot change once the warehouse has stock "
                   "moves or documents");
}

/* POST /warehouses/{id}/edit */
static int
wh_update(struct ctx *c)
{
    struct wh_write w = {.c = c};
    struct db_rows r;
    int rc;

    if (post_target(c, &r, &w.id, &w.version) != 0)
        return -1;
    if (read_wh_input(c, w.id, db_cell_int(&r, 0, WC_UNIT), &w.in) != 0)
        return ctx_db_fail(c);
    if (db_cell_int(&r, 0, WC_USED))
        refuse_fixed(c, &r, &w.in);
    if (!form_ok(c))
        return wh_form(c, "edit", &r, 1, NULL);
    if (w.version != db_cell_int(&r, 0, WC_VERSION))
        return wh_conflict(c, w.id);
    w.before = &r;
    w.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, wh_update_uow, &w);
    if (rc == WH_CONFLICT) {
        /* a version moved on, or a first move fixed the code meanwhile */
        if (find_wh_id(c, w.id, &r) != 0)
            return -1;
        if (w.version != db_cell_int(&r, 0, WC_VERSION))
            return wh_conflict(c, w.id);
        refuse_fixed(c, &r, &w.in);
        if (form_ok(c))
            return wh_conflict(c, w.id);
        return wh_form(c, "edit", &r, 1, NULL);
    }
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "code taken");
        return wh_form(c, "edit", &r, 1, NULL);
    }
    return ctx_redirect(
        c, arena_printf(c->a, "/warehouses/%" PRId64 "?done=saved", w.id));
}

/* ==================================================================== */
/* POST /warehouses/{id}/close and /reopen                              */
/* ==================================================================== */

struct wh_status {
    struct ctx *c;
    int64_t id, version, move_seq;
    int close;
    time_t now;
};

static int
wh_status_uow(struct db *db, void *arg)
{
    struct wh_status *w = arg;
    struct ctx *c = w->c;
    struct db_param p[9];
    size_t np;
    long n = 0;

    p[0] = DB_TS(w->now);
    p[1] = DB_INT(w->id);
    p[2] = DB_INT(w->version);
    if (w->close) {
        p[3] = DB_INT(w->move_seq);
        p[4] = DB_INT(scope_unit(c));
        p[5] = DB_INT(scope_party(c));
        p[6] = DB_INT(w->id);
        p[7] = DB_INT(w->id);
        p[8] = DB_INT(w->id);
        np = 9;
    } else {
        p[3] = DB_INT(scope_unit(c));
        p[4] = DB_INT(scope_party(c));
        np = 5;
    }
    if (db_exec(db, w->close ? &sql_wh_close : &sql_wh_reopen, p, np, &n) != 0)
        return -1;
    if (n == 0)
        return WH_REFUSED; /* the handler looks again to say why */
    return audit_write(c, "warehouse", w->id, w->close ? "close" : "reopen",
                       w->close ? "status: active -> closed"
                                : "status: closed -> active");
}

/*
 * Why the status change cannot be made on the warehouse as read (row 0
 * of r): refuses with 422 (wrong status; stock on hand, reserved or in
 * transit; a stocktake; a shipped transfer) or 409 (version) and returns
 * 1; 0 when nothing stands in the way; -1 on a database error.
 */
static int
status_refusal(struct ctx *c, const struct db_rows *r, struct wh_status *w)
{
    const char *status = db_cell(r, 0, WC_STATUS);
    struct db_param p[3] = {DB_INT(w->id), DB_INT(w->id), DB_INT(w->id)};
    struct db_rows s;
    int ok = 1;

    if (strcmp(status, w->close ? "active" : "closed") != 0) {
        form_error(c, "status", "bad_transition",
                   w->close ? "the warehouse is already closed"
                            : "the warehouse is not closed");
        return 1;
    }
    if (w->version != db_cell_int(r, 0, WC_VERSION)) {
        page_conflict(c);
        return 1;
    }
    w->move_seq = db_cell_int(r, 0, WC_MOVE_SEQ);
    if (!w->close)
        return 0;
    if (db_query(c->db, c->a, &sql_wh_stock, p, 3, 0, 0, &s) != 0)
        return -1;
    if (db_cell_int(&s, 0, 1) != 0) {
        form_error(c, "status", "has_stock",
                   arena_printf(c->a,
                                "%" PRId64 " products still have stock on "
                                "hand here: issue or transfer it first",
                                db_cell_int(&s, 0, 0)));
        ok = 0;
    }
    if (db_cell_int(&s, 0, 2) != 0) {
        form_error(c, "status", "has_reserved",
                   "stock here is reserved for orders");
        ok = 0;
    }
    if (db_cell_int(&s, 0, 3) != 0 || db_cell_int(&s, 0, 7) != 0) {
        form_error(c, "status", "in_transit",
                   "goods are in transit from or to this warehouse: "
                   "receive them first");
        ok = 0;
    }
    if (db_cell_int(&s, 0, 6) != 0) {
        form_error(c, "status", "counting",
                   "a stocktake is open here: post or cancel it first");
        ok = 0;
    }
    return !ok;
}

static int
wh_status_change(struct ctx *c, int close)
{
    struct wh_status w = {.c = c, .close = close};
    struct db_rows r;
    int rc;

    if (post_target(c, &r, &w.id, &w.version) != 0)
        return -1;
    if (!form_ok(c))
        return wh_page(c, &r);
    rc = status_refusal(c, &r, &w);
    if (rc < 0)
        return ctx_db_fail(c);
    if (rc > 0)
        return wh_page(c, &r);
    w.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, wh_status_uow, &w);
    if (rc == WH_REFUSED) {
        /* something changed in between: say what, on the current row */
        if (find_wh_id(c, w.id, &r) != 0)
            return -1;
        rc = status_refusal(c, &r, &w);
        if (rc < 0)
            return ctx_db_fail(c);
        if (rc == 0)
            page_conflict(c);
        return wh_page(c, &r);
    }
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(c, arena_printf(c->a, "/warehouses/%" PRId64 "?done=%s",
                                        w.id, close ? "closed" : "reopened"));
}

static int
wh_close(struct ctx *c)
{
    return wh_status_change(c, 1);
}

static int
wh_reopen(struct ctx *c)
{
    return wh_status_change(c, 0);
}

/* ==================================================================== */
/* GET/POST /warehouses/{id}/safety                                     */
/* ==================================================================== */

static const struct db_sql *const safe_table[][2] = {
    {&sql_safe_code_asc, &sql_safe_code_desc},
    {&sql_safe_name_asc, &sql_safe_name_desc},
};

static void
safety_csv(struct ctx *c, const struct db_rows *r)
{
    static const char *const head[] = {"product",    "name",     "unit",
                                       "on_hand",    "reserved", "available",
                                       "in_transit", "safety",   "target"};

    csv_begin(c, "safety.csv");
    csv_head(c, head, XD_N(head));
    for (size_t i = 0; i < r->n_rows; i++) {
        csv_text(c, db_cell(r, i, 1));
        csv_text(c, db_cell(r, i, 2));
        csv_text(c, db_cell(r, i, 3));
        qty_csv(c, r, i, 4);
        csv_num(c, db_cell(r, i, 7));
        csv_num(c, db_cell(r, i, 8));
        csv_row(c);
    }
}

/*
 * The safety page of warehouse r (row 0): the settings (search, sort,
 * page; CSV) and, when the warehouse is active, the form.  Used by GET
 * and by a refused POST (status already set, the lines echoed as typed).
 */
static int
safety_page(struct ctx *c, const struct db_rows *r)
{
    int echo = c->req->method == REQ_POST;
    const char *q, *sort, *dir;
    int desc, active = strcmp(db_cell(r, 0, WC_STATUS), "active") == 0;
    struct db_param p[SAFE_N_WHERE];
    const struct db_sql *sql;
    struct db_rows rows;
    xmlNodePtr n;

    /* (a POST has none of these: the route declares only the lines) */
    q = param_text(c->req, "q");
    sort = param_text(c->req, "sort");
    dir = param_text(c->req, "dir");
    desc = dir != NULL && strcmp(dir, "desc") == 0;
    if (sort == NULL)
        sort = "code";
    sql = pick_sort(safe_table, safety_sorts, sort, desc);
    p[0] = DB_INT(db_cell_int(r, 0, WC_ID));
    bind_search(c, p + 1, q, 2);
    if (c->req->want_csv) {
        if (db_query(c->db, c->a, sql, p, SAFE_N_WHERE, WH_CSV_MAX, 0, &rows) !=
            0)
            return ctx_db_fail(c);
        safety_csv(c, &rows);
        return 0;
    }
    n = ctx_data(c, "warehouse-safety");
    wh_ident(n, r);
    xd_attr(n, "q", q != NULL ? q : "");
    if (page_list(c, n, WH_PAGE, &sql_safe_count, p, SAFE_N_WHERE, sql, p,
                  SAFE_N_WHERE, sort, desc, &rows) != 0)
        return -1;
    if (active)
        xd_attr(n, "can-set", "true");
    if (echo)
        xd_attr(n, "lines", param_text(c->req, "lines"));
    for (size_t i = 0; i < rows.n_rows; i++) {
        xmlNodePtr e = xd_elem(n, "setting");
        int64_t cover = db_cell_int(&rows, i, 4) - db_cell_int(&rows, i, 5) +
                        db_cell_int(&rows, i, 6);

        xd_cell(e, "product-id", &rows, i, 0);
        xd_cell(e, "code", &rows, i, 1);
        xd_cell(e, "name", &rows, i, 2);
        xd_cell(e, "unit", &rows, i, 3);
        qty_attrs(e, &rows, i, 4);
        xd_cell(e, "safety", &rows, i, 7);
        xd_cell(e, "target", &rows, i, 8);
        if (db_cell(&rows, i, 7) != NULL && cover < db_cell_int(&rows, i, 7))
            xd_attr(e, "below", "true");
    }
    return 0;
}

static int
safety_show(struct ctx *c)
{
    return wh_get(c, safety_page);
}

/* One setting: a product of the warehouse, safety and target (-1: none;
 * safety -1 clears both). */
struct safety_set {
    int64_t product_id;
    const char *code;
    int64_t safety, target;
};

struct safety_work {
    struct ctx *c;
    int64_t wh;
    struct safety_set *sets;
    int n;
    time_t now;
};

static int
cmp_set(const void *a, const void *b)
{
    const struct safety_set *x = a, *y = b;

    return (x->product_id > y->product_id) - (x->product_id < y->product_id);
}

/* A number of units 0 .. STOCK_QTY_MAX, digits only.  0 or -1. */
static int
parse_units(const char *s, int64_t *v)
{
    int64_t n = 0;

    if (s == NULL || *s == '\0' || strlen(s) > 10)
        return -1;
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        n = n * 10 + (*s - '0');
    }
    if (n > STOCK_QTY_MAX)
        return -1;
    *v = n;
    return 0;
}

/* Refuse line `line_no` of the lines field (at most WH_LINE_ERRS
 * messages; *n_errs counts them all). */
static void
line_error(struct ctx *c, int *n_errs, int line_no, const char *code,
           const char *text)
{
    if ((*n_errs)++ < WH_LINE_ERRS)
        form_error(c, "lines", code,
                   arena_printf(c->a, "line %d: %s", line_no, text));
}

/*
 * One line "CODE [SAFETY [TARGET]]" split at spaces, tabs or commas
 * (ln, written into) into *set: the product by its code or barcode (as
 * stocklines.h resolves document lines), one line per product among the
 * n_prev before it.  Problems go to line_error.  0, or -1 on a database
 * error.
 */
static int
read_safety_line(struct ctx *c, int *n_errs, int line_no, char *ln,
                 struct safety_set *set, const struct safety_set *prev,
                 int n_prev)
{
    char *fs = NULL, *code = strtok_r(ln, " \t,", &fs);
    char *safety = strtok_r(NULL, " \t,", &fs);
    char *target = safety != NULL ? strtok_r(NULL, " \t,", &fs) : NULL;
    struct db_param p[3] = {DB_TEXT(code), DB_TEXT(code), DB_TEXT(code)};
    struct db_rows r;

    set->safety = set->target = -1;
    if (target != NULL && strtok_r(NULL, " \t,", &fs) != NULL)
        line_error(c, n_errs, line_no, "bad_line",
                   "CODE SAFETY TARGET: too many values");
    else if (safety != NULL && parse_units(safety, &set->safety) != 0)
        line_error(c, n_errs, line_no, "bad_qty",
                   "the safety stock must be a whole number from 0 to "
                   "1000000000");
    else if (target != NULL && parse_units(target, &set->target) != 0)
        line_error(c, n_errs, line_no, "bad_qty",
                   "the target must be a whole number from 0 to 1000000000");
    else if (target != NULL && set->target < set->safety)
        line_error(c, n_errs, line_no, "target_below_safety",
                   "the target must not be below the safety stock");
    if (db_query(c->db, c->a, &sql_product_by_code, p, 3, 1, 0, &r) != 0)
        return -1;
    if (r.n_rows == 0) {
        line_error(c, n_errs, line_no, "no_product", "no such product code");
        return 0;
    }
    set->product_id = db_cell_int(&r, 0, 0);
    set->code = db_cell(&r, 0, 1);
    for (int j = 0; j < n_prev; j++)
        if (prev[j].product_id == set->product_id) {
            line_error(c, n_errs, line_no, "duplicate",
                       "the product is already on an earlier line");
            break;
        }
    return 0;
}

/*
 * The lines field: "CODE SAFETY [TARGET]" or "CODE" (clear) per line, at
 * most STOCK_LINES_MAX of them, blank lines skipped.  Returns the number
 * of settings (sorted by product id, so rows are written in key order)
 * with *out set, 0 when refused (422), -1 on a database error.
 */
static int
read_safety_lines(struct ctx *c, struct safety_set **out)
{
    const char *s =
        form_text(c, "lines", FORM_REQUIRED | FORM_MULTILINE, STOCK_LINES_TEXT);
    struct safety_set *sets;
    char *copy, *save = NULL;
    int n = 0, n_errs = 0;

    *out = NULL;
    if (s == NULL)
        return 0;
    sets = arena_zalloc(c->a, sizeof(*sets) * STOCK_LINES_MAX);
    copy = arena_strdup(c->a, s);
    for (char *ln = strtok_r(copy, "\r\n", &save); ln != NULL;
         ln = strtok_r(NULL, "\r\n", &save)) {
        if (ln[strspn(ln, " \t,")] == '\0')
            continue; /* a blank line */
        if (n == STOCK_LINES_MAX) {
            form_error(c, "lines", "too_many",
                       arena_printf(c->a, "at most %d lines", STOCK_LINES_MAX));
            return 0;
        }
        if (read_safety_line(c, &n_errs, n + 1, ln, &sets[n], sets, n) != 0)
            return -1;
        n++;
    }
    if (n == 0)
        form_error(c, "lines", "required", "at least one line");
    if (n == 0 || n_errs > 0)
        return 0;
    qsort(sets, (size_t)n, sizeof(*sets), cmp_set);
    *out = sets;
    return n;
}

/* A setting as text for the audit (NULL: none), in the arena. */
static const char *
units_or_null(struct ctx *c, int64_t v)
{
    return v >= 0 ? qty_text(c, v) : NULL;
}

static int
safety_uow(struct db *db, void *arg)
{
    struct safety_work *w = arg;
    struct ctx *c = w->c;
    struct db_param p[5];
    struct sbuf d;
    long n = 0;

    p[0] = DB_INT(w->wh);
    if (db_exec(db, &sql_wh_take_active, p, 1, &n) != 0)
        return -1;
    if (n == 0)
        return WH_CLOSED;
    sbuf_init(&d, c->a, 256);
    for (int i = 0; i < w->n; i++) {
        const struct safety_set *s = &w->sets[i];
        const char *safety = units_or_null(c, s->safety);
        const char *target = units_or_null(c, s->safety >= 0 ? s->target : -1);
        const char *was_safety = NULL, *was_target = NULL;
        struct db_rows r;
        size_t len = d.len;

        p[0] = DB_INT(w->wh);
        p[1] = DB_INT(s->product_id);
        if (db_query(db, c->a, &sql_safety_get, p, 2, 0, 0, &r) != 0)
            return -1;
        if (r.n_rows > 0) {
            was_safety = db_cell(&r, 0, 0);
            was_target = db_cell(&r, 0, 1);
        }
        audit_diff(&d, arena_printf(c->a, "%s safety", s->code), was_safety,
                   safety);
        audit_diff(&d, arena_printf(c->a, "%s target", s->code), was_target,
                   target);
        if (d.len == len)
            continue; /* unchanged (or nothing to clear) */
        p[0] = safety != NULL ? DB_INT(s->safety) : DB_NULLP;
        p[1] = target != NULL ? DB_INT(s->target) : DB_NULLP;
        p[2] = DB_TS(w->now);
        p[3] = DB_INT(w->wh);
        p[4] = DB_INT(s->product_id);
        if (r.n_rows > 0) {
            if (db_exec(db, &sql_safety_set, p, 5, NULL) != 0)
                return -1;
            continue;
        }
        /* never moved here: the zero balance row with the setting */
        p[0] = DB_INT(w->wh);
        p[1] = DB_INT(s->product_id);
        p[2] = safety != NULL ? DB_INT(s->safety) : DB_NULLP;
        p[3] = target != NULL ? DB_INT(s->target) : DB_NULLP;
        p[4] = DB_TS(w->now);
        if (db_exec(db, &sql_safety_insert, p, 5, NULL) != 0) {
            if (db_unique_violation(db))
                db_mark_retry(db); /* a first move created it meanwhile */
            return -1;
        }
    }
    if (d.len == 0)
        return 0; /* nothing changed: nothing to audit */
    return audit_write(c, "warehouse", w->wh, "safety", d.buf);
}

/* POST /warehouses/{id}/safety */
static int
safety_set(struct ctx *c)
{
    struct safety_work w = {.c = c};
    struct db_rows r;
    int rc;

    if (post_target(c, &r, &w.wh, NULL) != 0)
        return -1;
    if (strcmp(db_cell(&r, 0, WC_STATUS), "active") != 0) {
        form_error(c, "lines", "closed", "the warehouse is closed");
        return safety_page(c, &r);
    }
    w.n = read_safety_lines(c, &w.sets);
    if (w.n < 0)
        return ctx_db_fail(c);
    if (w.n == 0)
        return safety_page(c, &r);
    w.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, safety_uow, &w);
    if (rc == WH_CLOSED) {
        if (find_wh_id(c, w.wh, &r) != 0)
            return -1;
        form_error(c, "lines", "closed", "the warehouse is closed");
        return safety_page(c, &r);
    }
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(
        c,
        arena_printf(c->a, "/warehouses/%" PRId64 "/safety?done=saved", w.wh));
}

/* ==================================================================== */
/* GET /stock/alerts                                                    */
/* ==================================================================== */

static const struct db_sql *const alert_table[][2] = {
    {&sql_alert_wh_asc, &sql_alert_wh_desc},
    {&sql_alert_product_asc, &sql_alert_product_desc},
    {&sql_alert_avail_asc, &sql_alert_avail_desc},
    {&sql_alert_reorder_asc, &sql_alert_reorder_desc},
};

/* Columns of the alert statements. */
enum acol {
    AC_WH,
    AC_WH_CODE,
    AC_WH_NAME,
    AC_PRODUCT,
    AC_CODE,
    AC_NAME,
    AC_UNIT,
    AC_ON_HAND,
    AC_RESERVED,
    AC_IN_TRANSIT,
    AC_SAFETY,
    AC_TARGET
};

/* The suggested reorder of alert row i: target (or safety) - available -
 * in transit. */
static int64_t
alert_reorder(const struct db_rows *r, size_t i)
{
    size_t goal = db_cell(r, i, AC_TARGET) != NULL ? AC_TARGET : AC_SAFETY;

    return db_cell_int(r, i, goal) - db_cell_int(r, i, AC_ON_HAND) +
           db_cell_int(r, i, AC_RESERVED) - db_cell_int(r, i, AC_IN_TRANSIT);
}

/* The suggested source of alert row i into *s (0 rows: none).  0 or -1. */
static int
alert_source(struct ctx *c, const struct db_rows *r, size_t i,
             struct db_rows *s)
{
    struct db_param p[5];

    p[0] = DB_INT(db_cell_int(r, i, AC_PRODUCT));
    p[1] = DB_INT(db_cell_int(r, i, AC_WH));
    p[2] = DB_INT(scope_unit(c));
    p[3] = DB_INT(scope_party(c));
    p[4] = DB_INT(alert_reorder(r, i));
    return db_query(c->db, c->a, &sql_alert_source, p, 5, 1, 0, s);
}

static int
alerts_csv(struct ctx *c, const struct db_rows *r, int qty)
{
    static const char *const head[] = {
        "warehouse",  "warehouse_name", "product",         "name",
        "unit",       "on_hand",        "reserved",        "available",
        "in_transit", "safety",         "target",          "reorder",
        "source",     "source_name",    "source_available"};

    csv_begin(c, "stock-alerts.csv");
    csv_head(c, head, XD_N(head));
    for (size_t i = 0; i < r->n_rows; i++) {
        struct db_rows s;

        if (alert_source(c, r, i, &s) != 0)
            return ctx_db_fail(c);
        for (size_t k = AC_WH_CODE; k <= AC_UNIT; k++)
            if (k != AC_PRODUCT)
                csv_text(c, db_cell(r, i, k));
        if (qty) {
            qty_csv(c, r, i, AC_ON_HAND);
            csv_num(c, db_cell(r, i, AC_SAFETY));
            csv_num(c, db_cell(r, i, AC_TARGET));
            csv_num(c, qty_text(c, alert_reorder(r, i)));
        } else {
            for (int k = 0; k < 7; k++)
                csv_text(c, NULL);
        }
        csv_text(c, s.n_rows ? db_cell(&s, 0, 1) : NULL);
        csv_text(c, s.n_rows ? db_cell(&s, 0, 2) : NULL);
        csv_num(c, s.n_rows && qty ? db_cell(&s, 0, 3) : NULL);
        csv_row(c);
    }
    return 0;
}

/* The filters' choices: warehouses, units, categories of the scope. */
static int
alert_options(struct ctx *c, xmlNodePtr list)
{
    static const char *const wh_cols[] = {"id", "code", "name"};
    static const char *const cat_cols[] = {"id", "parent-id", "code", "name"};
    struct db_param p[2] = {DB_INT(scope_unit(c)), DB_INT(scope_party(c))};

    if (add_options(c, xd_elem(list, "warehouses"), &sql_wh_options, p, 2,
                    "warehouse-option", wh_cols, XD_N(wh_cols)) != 0 ||
        orgpick_unit_options(c, xd_elem(list, "units")) != 0 ||
        add_options(c, xd_elem(list, "categories"), &sql_category_options, NULL,
                    0, "category-option", cat_cols, XD_N(cat_cols)) != 0)
        return -1;
    return 0;
}

static int
alerts_list(struct ctx *c)
{
    const char *q = param_text(c->req, "q");
    const char *sort = param_text(c->req, "sort");
    const char *dir = param_text(c->req, "dir");
    int64_t wh = param_int(c->req, "warehouse", 0);
    int64_t unit = param_int(c->req, "unit", 0);
    int64_t cat = param_int(c->req, "category", 0);
    int desc = dir != NULL && strcmp(dir, "desc") == 0;
    int qty = auth_can(c, "stock.qty");
    struct db_param p[ALERT_N_WHERE];
    const struct db_sql *sql;
    struct db_rows rows;
    xmlNodePtr list;

    /* without stock.qty no order may tell the quantities either */
    if (sort == NULL || (!qty && (strcmp(sort, "available") == 0 ||
                                  strcmp(sort, "reorder") == 0)))
        sort = "warehouse";
    sql = pick_sort(alert_table, alert_sorts, sort, desc);
    p[0] = DB_INT(scope_unit(c));
    p[1] = DB_INT(scope_party(c));
    bind_id_filter(p + 2, wh);
    bind_id_filter(p + 4, unit);
    bind_id_filter(p + 6, cat);
    p[8] = DB_INT(cat > 0 ? cat : 0);
    bind_search(c, p + 9, q, 2);
    if (c->req->want_csv) {
        if (db_query(c->db, c->a, sql, p, ALERT_N_WHERE, WH_CSV_MAX, 0,
                     &rows) != 0)
            return ctx_db_fail(c);
        return alerts_csv(c, &rows, qty);
    }
    list = ctx_data(c, "stock-alerts");
    xd_attr(list, "q", q != NULL ? q : "");
    if (wh > 0)
        xd_attr_int(list, "warehouse", wh);
    if (unit > 0)
        xd_attr_int(list, "unit", unit);
    if (cat > 0)
        xd_attr_int(list, "category", cat);
    if (qty)
        xd_attr(list, "qty", "true");
    if (page_list(c, list, WH_PAGE, &sql_alert_count, p, ALERT_N_WHERE, sql, p,
                  ALERT_N_WHERE, sort, desc, &rows) != 0)
        return -1;
    if (alert_options(c, list) != 0)
        return ctx_db_fail(c);
    for (size_t i = 0; i < rows.n_rows; i++) {
        xmlNodePtr a = xd_elem(list, "alert");
        struct db_rows s;

        xd_cell(a, "warehouse-id", &rows, i, AC_WH);
        xd_cell(a, "warehouse-code", &rows, i, AC_WH_CODE);
        xd_cell(a, "warehouse-name", &rows, i, AC_WH_NAME);
        xd_cell(a, "product-id", &rows, i, AC_PRODUCT);
        xd_cell(a, "product-code", &rows, i, AC_CODE);
        xd_cell(a, "product-name", &rows, i, AC_NAME);
        xd_cell(a, "unit", &rows, i, AC_UNIT);
        if (qty) {
            qty_attrs(a, &rows, i, AC_ON_HAND);
            xd_cell(a, "safety", &rows, i, AC_SAFETY);
            xd_cell(a, "target", &rows, i, AC_TARGET);
            xd_attr_int(a, "reorder", alert_reorder(&rows, i));
        }
        if (alert_source(c, &rows, i, &s) != 0)
            return ctx_db_fail(c);
        if (s.n_rows > 0) {
            xmlNodePtr src = xd_elem(a, "source");

            xd_cell(src, "id", &s, 0, 0);
            xd_cell(src, "code", &s, 0, 1);
            xd_cell(src, "name", &s, 0, 2);
            if (qty)
                xd_cell(src, "available", &s, 0, 3);
        }
    }
    return 0;
}

/* ==================================================================== */
/* Routes                                                               */
/* ==================================================================== */

#define F_TEXT(n)  P_FIELD(n, WH_FIELD_MAX)
#define F_MULTI(n) P_FIELD_MULTI(n, WH_FIELD_MAX)

static const struct param_spec list_params[] = {
    P_SEARCH,
    {"kind", P_ENUM, 0, 0, wh_kinds, 0},
    {"status", P_ENUM, 0, 0, wh_statuses, 0},
    {"unit", P_INT, 1, INT64_MAX, NULL, 0},
    P_SORT(wh_sorts),
    P_DIR(dirs),
    P_PAGE,
    P_END,
};
static const struct param_spec show_params[] = {
    {"done", P_ENUM, 0, 0, dones, 0},
    P_END,
};
static const struct param_spec form_params[] = {
    F_TEXT("code"),  F_TEXT("name"),   F_TEXT("kind"),     F_TEXT("unit"),
    F_TEXT("party"), F_TEXT("region"), F_MULTI("address"), F_TEXT("contact"),
    F_TEXT("phone"), F_MULTI("note"),  F_TEXT("version"),  P_END,
};
static const struct param_spec status_params[] = {
    F_TEXT("version"),
    P_END,
};
static const struct param_spec safety_params[] = {
    P_SEARCH,
    P_SORT(safety_sorts),
    P_DIR(dirs),
    P_PAGE,
    {"done", P_ENUM, 0, 0, dones, 0},
    P_END,
};
static const struct param_spec safety_set_params[] = {
    {"lines", P_TEXT, 0, STOCK_LINES_TEXT, NULL, P_MULTILINE},
    P_END,
};
static const struct param_spec alert_params[] = {
    P_SEARCH,
    {"warehouse", P_INT, 1, INT64_MAX, NULL, 0},
    {"unit", P_INT, 1, INT64_MAX, NULL, 0},
    {"category", P_INT, 1, INT64_MAX, NULL, 0},
    P_SORT(alert_sorts),
    P_DIR(dirs),
    P_PAGE,
    P_END,
};

/* "new" comes before "{id}" with the same method: the first match wins. */
/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/warehouses",              "warehouse.list",       "stock.view",     "warehouse.xsl", wh_list,     list_params,       ROUTE_CSV},
    {REQ_GET,  "/warehouses/new",          "warehouse.new",        "warehouse.edit", "warehouse.xsl", wh_new,      NULL,              0},
    {REQ_POST, "/warehouses/new",          "warehouse.create",     "warehouse.edit", "warehouse.xsl", wh_create,   form_params,       0},
    {REQ_GET,  "/warehouses/{id}",         "warehouse.show",       "stock.view",     "warehouse.xsl", wh_show,     show_params,       0},
    {REQ_GET,  "/warehouses/{id}/edit",    "warehouse.edit",       "warehouse.edit", "warehouse.xsl", wh_edit,     NULL,              0},
    {REQ_POST, "/warehouses/{id}/edit",    "warehouse.update",     "warehouse.edit", "warehouse.xsl", wh_update,   form_params,       0},
    {REQ_POST, "/warehouses/{id}/close",   "warehouse.close",      "warehouse.edit", "warehouse.xsl", wh_close,    status_params,     0},
    {REQ_POST, "/warehouses/{id}/reopen",  "warehouse.reopen",     "warehouse.edit", "warehouse.xsl", wh_reopen,   status_params,     0},
    {REQ_GET,  "/warehouses/{id}/safety",  "warehouse.safety",     "warehouse.edit", "warehouse.xsl", safety_show, safety_params,     ROUTE_CSV},
    {REQ_POST, "/warehouses/{id}/safety",  "warehouse.safety_set", "warehouse.edit", "warehouse.xsl", safety_set,  safety_set_params, 0},
    {REQ_GET,  "/stock/alerts",            "warehouse.alerts",     "stock.view",     "warehouse.xsl", alerts_list, alert_params,      ROUTE_CSV},
};
/* clang-format on */

const struct module warehouse_module = {"warehouse", routes,
                                        sizeof(routes) / sizeof(routes[0])};
