/*
 * common.c - what the pages of the warehouse module share: a warehouse of
 * the scope (404 outside it) and the warehouse a POST is about, the sort
 * and filter parameters, options and a warehouse's cells as attributes,
 * quantities as XML and CSV.  See warehouse_int.h.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "warehouse_int.h"

#include "../../core/csv.h"
#include "../../core/ctx.h"
#include "../../core/form.h"
#include "../../core/page.h"
#include "../../core/text.h"
#include "../../core/xd.h"

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

/* ==================================================================== */
/* Helpers                                                              */
/* ==================================================================== */

/* The statement of table[i][desc] where sorts[i] is sort (else row 0). */
const struct db_sql *
wh_pick_sort(const struct db_sql *const (*table)[2], const char *const *sorts,
             const char *sort, int desc)
{
    for (int i = 0; sort != NULL && sorts[i] != NULL; i++)
        if (strcmp(sorts[i], sort) == 0)
            return table[i][desc];
    return table[0][desc];
}

/* An optional id filter: the NULL test sees NULL when absent; the
 * comparison always gets an integer. */
void
wh_bind_id_filter(struct db_param *p, int64_t v)
{
    p[0] = v > 0 ? DB_INT(v) : DB_NULLP;
    p[1] = DB_INT(v > 0 ? v : 0);
}

/* The search text: the NULL test and `n` LIKE patterns. */
void
wh_bind_search(struct ctx *c, struct db_param *p, const char *q, int n)
{
    const char *like = q != NULL ? text_like(c->a, q, 1, 1) : NULL;

    p[0] = DB_TEXT(q);
    for (int i = 1; i <= n; i++)
        p[i] = DB_TEXT(like);
}

/* A whole number of units as text (CSV, audit), in the arena. */
const char *
wh_qty_text(struct ctx *c, int64_t v)
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
int
wh_find_id(struct ctx *c, int64_t id, struct db_rows *r)
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
int
wh_find(struct ctx *c, struct db_rows *r)
{
    return wh_find_id(c, page_id(c), r);
}

/* The warehouse a POST is about (into *r, its id into *id) and, when
 * version is not NULL, the form's row version (a form_error when bad).
 * 0, or -1 with the 404 or the database error recorded. */
int
wh_post_target(struct ctx *c, struct db_rows *r, int64_t *id, int64_t *version)
{
    if (wh_find(c, r) != 0)
        return -1;
    *id = db_cell_int(r, 0, WC_ID);
    if (version != NULL)
        form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, version);
    return 0;
}

/* The rows of a query (parameters p, or none: NULL) under parent, one
 * element `elem` each, columns as attributes `cols`.  0 or -1. */
int
wh_add_options(struct ctx *c, xmlNodePtr parent, const struct db_sql *sql,
               const struct db_param *p, size_t n_p, const char *elem,
               const char *const *cols, size_t n_cols)
{
    struct db_rows r;

    if (db_query(c->db, c->a, sql, p, n_p, 0, 0, &r) != 0)
        return -1;
    xd_rows(parent, elem, &r, cols, n_cols);
    return 0;
}

/* The cells of row 0 of r named by the table t (k entries) as attributes
 * of n. */
void
wh_cells(xmlNodePtr n, const struct db_rows *r, const struct wh_cell *t,
         size_t k)
{
    for (size_t i = 0; i < k; i++)
        xd_cell(n, t[i].attr, r, 0, t[i].col);
}

/* The warehouse's identity (row 0 of r) on n. */
void
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
void
wh_qty_attrs(xmlNodePtr n, const struct db_rows *r, size_t i, size_t oh)
{
    int64_t on_hand = db_cell_int(r, i, oh),
            reserved = db_cell_int(r, i, oh + 1);

    xd_attr_int(n, "on-hand", on_hand);
    xd_attr_int(n, "reserved", reserved);
    xd_attr_int(n, "available", on_hand - reserved);
    xd_attr_int(n, "in-transit", db_cell_int(r, i, oh + 2));
}

/* The same as CSV fields. */
void
wh_qty_csv(struct ctx *c, const struct db_rows *r, size_t i, size_t oh)
{
    int64_t on_hand = db_cell_int(r, i, oh),
            reserved = db_cell_int(r, i, oh + 1);

    csv_num(c, wh_qty_text(c, on_hand));
    csv_num(c, wh_qty_text(c, reserved));
    csv_num(c, wh_qty_text(c, on_hand - reserved));
    csv_num(c, wh_qty_text(c, db_cell_int(r, i, oh + 2)));
}

/* The header row of a CSV file. */
void
wh_csv_head(struct ctx *c, const char *const *head, size_t n)
{
    for (size_t k = 0; k < n; k++)
        csv_text(c, head[k]);
    csv_row(c);
}
