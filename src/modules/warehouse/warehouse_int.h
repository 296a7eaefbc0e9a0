/*
 * warehouse_int.h - what the files of src/modules/warehouse/ share and
 * nothing else sees.  The module:
 *
 * warehouse - warehouses (分仓管理), their safety stock (安全库存) and
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
 *
 * Files:  warehouse_int.h  what the files share and nothing else sees:
 *                          the limits, the results of a unit of work, the
 *                          scope filters, the columns of a warehouse, the
 *                          functions used across files
 *         common.c         finding a warehouse in the scope (404 outside
 *                          it), the sort and filter parameters, a
 *                          warehouse's cells, quantities as XML and CSV
 *         list.c           GET /warehouses (page, XML, CSV)
 *         show.c           one warehouse's page: its fields, its stock in
 *                          brief (wh_stock_brief, which closing checks
 *                          too), the audit trail
 *         form.c           new and edit: the form, its checks, the writes
 *         status.c         close and reopen (the guarded UPDATEs)
 *         safety.c         the safety settings of a warehouse: the page,
 *                          the lines typed and their write
 *         alerts.c         GET /stock/alerts, with the suggested source
 *         routes.c         the parameters, the route table and
 *                          warehouse_module
 */
#ifndef QUDAO_WAREHOUSE_INT_H
#define QUDAO_WAREHOUSE_INT_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "../../core/scope.h"
#include "../../db/db.h"

struct ctx;

#define WH_PAGE    50    /* rows per list page */
#define WH_CSV_MAX 10000 /* rows of a CSV export */

/* Results of a unit of work besides 0 (done) and -1 (database error). */
enum wh_uow {
    WH_CONFLICT = 1, /* the row changed (version) or left the scope */
    WH_REFUSED,      /* the guard of a status change or code change */
    WH_CLOSED        /* safety stock of a closed warehouse */
};

/* The choices the parameter specs take (routes.c), each defined in the
 * file that reads it: the kinds (form.c), the orders of the lists
 * (list.c, safety.c, alerts.c) and the messages after a redirect
 * (show.c). */
extern const char *const wh_kinds[];
extern const char *const wh_sorts[];
extern const char *const wh_safety_sorts[];
extern const char *const wh_alert_sorts[];
extern const char *const wh_dones[];

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

/* Columns of sql_wh_get (common.c, wh_find). */
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

/* Columns of sql_wh_get as attributes: a table of them, and the call. */
struct wh_cell {
    const char *attr;
    enum wcol col;
};

/* The functions used across files, by the file that defines them; the
 * handlers (wh_list ...) are those of the route table (routes.c). */

/* common.c */
const struct db_sql *wh_pick_sort(const struct db_sql *const (*table)[2],
                                  const char *const *sorts, const char *sort,
                                  int desc);
void wh_bind_id_filter(struct db_param *p, int64_t v);
void wh_bind_search(struct ctx *c, struct db_param *p, const char *q, int n);
const char *wh_qty_text(struct ctx *c, int64_t v);
int wh_find_id(struct ctx *c, int64_t id, struct db_rows *r);
int wh_find(struct ctx *c, struct db_rows *r);
int wh_post_target(struct ctx *c, struct db_rows *r, int64_t *id,
                   int64_t *version);
int wh_add_options(struct ctx *c, xmlNodePtr parent, const struct db_sql *sql,
                   const struct db_param *p, size_t n_p, const char *elem,
                   const char *const *cols, size_t n_cols);
void wh_cells(xmlNodePtr n, const struct db_rows *r, const struct wh_cell *t,
              size_t k);
void wh_ident(xmlNodePtr n, const struct db_rows *r);
void wh_qty_attrs(xmlNodePtr n, const struct db_rows *r, size_t i, size_t oh);
void wh_qty_csv(struct ctx *c, const struct db_rows *r, size_t i, size_t oh);
void wh_csv_head(struct ctx *c, const char *const *head, size_t n);

/* list.c */
int wh_list(struct ctx *c);

/* show.c */
int wh_stock_brief(struct ctx *c, int64_t id, struct db_rows *r);
int wh_page(struct ctx *c, const struct db_rows *r);
int wh_get(struct ctx *c, int (*fill)(struct ctx *c, const struct db_rows *r));
int wh_show(struct ctx *c);

/* form.c */
int wh_new(struct ctx *c);
int wh_create(struct ctx *c);
int wh_edit(struct ctx *c);
int wh_update(struct ctx *c);

/* status.c */
int wh_close(struct ctx *c);
int wh_reopen(struct ctx *c);

/* safety.c */
int wh_safety_show(struct ctx *c);
int wh_safety_set(struct ctx *c);

/* alerts.c */
int wh_alerts_list(struct ctx *c);

#endif /* QUDAO_WAREHOUSE_INT_H */
