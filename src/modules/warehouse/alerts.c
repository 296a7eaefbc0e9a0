/*
 * alerts.c - the stock alerts (GET /stock/alerts, route warehouse.alerts):
 * the products below their safety stock, the suggested reorder and
 * source, with the filters' choices, as a page, XML and CSV.  See
 * warehouse_int.h.
 */
#include <stdint.h>
#include <string.h>

#include "warehouse_int.h"

#include "../orgpick.h"

#include "../../core/auth.h"
#include "../../core/csv.h"
#include "../../core/ctx.h"
#include "../../core/page.h"
#include "../../core/text.h"
#include "../../core/xd.h"

/* The orders of the alerts (the route's sort choices, routes.c). */
const char *const wh_alert_sorts[] = {"warehouse", "product", "available",
                                      "reorder", NULL};

/* ---- alerts ---------------------------------------------------------- */

/* The active warehouses of the scope (the alerts' filter). */
DB_STATEMENT(sql_wh_options, 0,
             "SELECT w.id, w.code, w.name"
             " FROM warehouse w"
             " WHERE w.status = 'active' AND " SCOPE_OF_W " ORDER BY w.code");
DB_STATEMENT(sql_category_options, 0,
             "SELECT c.id, c.parent_id, c.code, c.name"
             " FROM category c"
             " ORDER BY c.code");

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
    wh_csv_head(c, head, XD_N(head));
    for (size_t i = 0; i < r->n_rows; i++) {
        struct db_rows s;

        if (alert_source(c, r, i, &s) != 0)
            return ctx_db_fail(c);
        for (size_t k = AC_WH_CODE; k <= AC_UNIT; k++)
            if (k != AC_PRODUCT)
                csv_text(c, db_cell(r, i, k));
        if (qty) {
            wh_qty_csv(c, r, i, AC_ON_HAND);
            csv_num(c, db_cell(r, i, AC_SAFETY));
            csv_num(c, db_cell(r, i, AC_TARGET));
            csv_num(c, wh_qty_text(c, alert_reorder(r, i)));
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

    if (wh_add_options(c, xd_elem(list, "warehouses"), &sql_wh_options, p, 2,
                       "warehouse-option", wh_cols, XD_N(wh_cols)) != 0 ||
        orgpick_unit_options(c, xd_elem(list, "units")) != 0 ||
        wh_add_options(c, xd_elem(list, "categories"), &sql_category_options,
                       NULL, 0, "category-option", cat_cols,
                       XD_N(cat_cols)) != 0)
        return -1;
    return 0;
}

int
wh_alerts_list(struct ctx *c)
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
    sql = wh_pick_sort(alert_table, wh_alert_sorts, sort, desc);
    p[0] = DB_INT(scope_unit(c));
    p[1] = DB_INT(scope_party(c));
    wh_bind_id_filter(p + 2, wh);
    wh_bind_id_filter(p + 4, unit);
    wh_bind_id_filter(p + 6, cat);
    p[8] = DB_INT(cat > 0 ? cat : 0);
    wh_bind_search(c, p + 9, q, 2);
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
            wh_qty_attrs(a, &rows, i, AC_ON_HAND);
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
