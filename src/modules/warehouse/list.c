/*
 * list.c - the list of warehouses (GET /warehouses): search, filters,
 * sort and pages, as a page, XML and CSV.  See warehouse_int.h.
 */
#include <stdint.h>
#include <string.h>

#include "warehouse_int.h"

#include "../orgpick.h"

#include "../../core/csv.h"
#include "../../core/ctx.h"
#include "../../core/page.h"
#include "../../core/text.h"
#include "../../core/xd.h"

/* The orders of the list (the route's sort choices, routes.c). */
const char *const wh_sorts[] = {"code", "name", "kind", "unit", "status", NULL};

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
    wh_csv_head(c, head, XD_N(head));
    for (size_t i = 0; i < r->n_rows; i++) {
        for (size_t k = 0; k < XD_N(cols); k++)
            csv_text(c, db_cell(r, i, cols[k]));
        csv_row(c);
    }
}

int
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
    sql = wh_pick_sort(wh_table, wh_sorts, sort, desc);
    p[0] = DB_INT(scope_unit(c)); /* the owner party's scope */
    p[1] = DB_INT(scope_party(c));
    w[0] = DB_INT(scope_unit(c));
    w[1] = DB_INT(scope_party(c));
    wh_bind_search(c, w + 2, q, 2);
    w[5] = DB_TEXT(kind);
    w[6] = DB_TEXT(kind);
    w[7] = DB_TEXT(status);
    w[8] = DB_TEXT(status);
    wh_bind_id_filter(w + 9, unit);
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
