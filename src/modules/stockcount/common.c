/*
 * common.c - what the stockcount pages share: today's date, the list
 * query (q, sort, dir) and its paged statements, the warehouse and the
 * count looked up in the user's scope, the warehouse choices.  The
 * module's documentation is in stockcount_int.h.
 */
#include <inttypes.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "stockcount_int.h"

#include "../../core/auth.h"
#include "../../core/clock.h"
#include "../../core/ctx.h"
#include "../../core/page.h"
#include "../../core/scope.h"
#include "../../core/text.h"
#include "../../core/xd.h"
#include "../../db/db.h"

#define COUNT_PAGE 50 /* rows per list page */

/* ---- warehouses ------------------------------------------------------ */

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

/* ---- one count ------------------------------------------------------- */

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

/* ==================================================================== */
/* Helpers                                                              */
/* ==================================================================== */

/* Read q, sort and dir of the query (sort `dflt` when none: then
 * descending when dflt_desc, unless dir says otherwise). */
void
sc_list_ask(struct ctx *c, const char *dflt, int dflt_desc, struct list_ask *a)
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
const struct db_sql *
sc_pick_sql(const char *const *keys, const struct db_sql *const (*table)[2],
            const struct list_ask *a)
{
    for (int i = 0; keys[i] != NULL; i++)
        if (strcmp(keys[i], a->sort) == 0)
            return table[i][a->desc];
    return table[0][a->desc];
}

/* A paged list (page_list) of one parameter set p for both statements,
 * with the search text q on n too. */
int
sc_list_page(struct ctx *c, xmlNodePtr n, const struct db_sql *count_sql,
             const struct db_sql *list_sql, const struct db_param *p, size_t np,
             const struct list_ask *a, struct db_rows *rows)
{
    xd_attr(n, "q", a->q != NULL ? a->q : "");
    return page_list(c, n, COUNT_PAGE, count_sql, p, np, list_sql, p, np,
                     a->sort, a->desc, rows);
}

/* The signed-in user as a parameter (NULL for none). */
struct db_param
sc_user_param(const struct ctx *c)
{
    return c->user != NULL ? DB_INT(c->user->id) : DB_NULLP;
}

/* An int64 as text in the arena (CSV). */
const char *
sc_num(struct ctx *c, int64_t v)
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
int
sc_find_wh(struct ctx *c, int64_t id, struct db_rows *r)
{
    return find_scoped(c, &sql_wh_get, "warehouse", id, r);
}

/* The count `id` in scope (sql_count_get, K_*), or the 404. */
int
sc_find_count(struct ctx *c, int64_t id, struct db_rows *k)
{
    return find_scoped(c, &sql_count_get, "stock_doc", id, k);
}

int
sc_is_draft(const struct db_rows *k)
{
    return strcmp(db_cell(k, 0, K_STATUS), "draft") == 0;
}

/* The count must be open to take counts: else a 409. */
int
sc_need_draft(struct ctx *c, const struct db_rows *k)
{
    if (sc_is_draft(k))
        return 0;
    return ctx_fail(
        c, 409, "conflict",
        arena_printf(c->a, "the count is %s", db_cell(k, 0, K_STATUS)), NULL);
}

/* The warehouses in scope as <warehouse> children of n (active_only: the
 * ones that take stock). */
int
sc_wh_options(struct ctx *c, xmlNodePtr n, int active_only)
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
