/*
 * common.c - what every page of the stock queries uses: the choices'
 * lists, the cells of a row, the pager, the warehouse and product columns
 * of a row (XML and CSV), CSV headings and the query helpers.  The module
 * and the declarations: stockq_int.h.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stockq_int.h"

#include "../../core/csv.h"
#include "../../core/ctx.h"
#include "../../core/page.h"
#include "../../core/xd.h"
#include "../../db/db.h"

/* The choices of the pages (stockq_int.h). */
const char *const sq_dirs[] = {"asc", "desc", NULL};
const char *const sq_list_sorts[] = {"warehouse", "product", "on_hand",
                                     "available", NULL};
const char *const sq_sum_bys[] = {"product", "warehouse", "region", NULL};
const char *const sq_sum_sorts[] = {"code", "count", "on_hand", "value", NULL};
const char *const sq_turn_sorts[] = {"warehouse", "product", "days", "outflow",
                                     NULL};

/* Index of s in the NULL-terminated list, or 0 (the first) when absent. */
int
sq_pick(const char *s, const char *const *list)
{
    for (int i = 0; s != NULL && list[i] != NULL; i++)
        if (strcmp(s, list[i]) == 0)
            return i;
    return 0;
}

struct db_param
sq_opt_id(int64_t id)
{
    return id > 0 ? DB_INT(id) : DB_NULLP;
}

int64_t
sq_cell_int(const char *const *row, size_t i)
{
    return row[i] != NULL ? strtoll(row[i], NULL, 10) : 0;
}

/* Row i of r as an array of cells. */
const char *const *
sq_row_at(const struct db_rows *r, size_t i)
{
    return (const char *const *)&r->cells[i * r->n_cols];
}

const char *
sq_int_text(struct ctx *c, int64_t v)
{
    return arena_printf(c->a, "%" PRId64, v);
}

/* Clamp the page asked for to the pages of total rows. */
void
sq_pager_init(struct sq_pager *pg, int64_t page, int64_t total)
{
    pg->total = total;
    pg->pages = (total + SQ_PAGE - 1) / SQ_PAGE;
    pg->page = page < 1 ? 1 : page;
    if (pg->page > pg->pages && pg->pages > 0)
        pg->page = pg->pages;
}

long
sq_pager_offset(const struct sq_pager *pg)
{
    return (long)((pg->page - 1) * SQ_PAGE);
}

void
sq_pager_attrs(xmlNodePtr n, const struct sq_pager *pg, size_t shown)
{
    page_attrs(n, pg->page, pg->pages, pg->total, SQ_PAGE, shown);
}

/* The warehouse and product of a list or turnover row as attributes. */
void
sq_ident_attrs(xmlNodePtr n, const char *const *row)
{
    static const char *const names[] = {
        "warehouse-id", "warehouse-code", "warehouse-name",
        "product-id",   "code",           "name",
        "spec",         "unit",           "category"};

    for (size_t i = 0; i < XD_N(names); i++)
        xd_attr(n, names[i], row[i]);
}

/* The same as the first CSV fields of a row (ids left out). */
void
sq_ident_csv(struct ctx *c, const char *const *row)
{
    csv_text(c, row[I_WH_CODE]);
    csv_text(c, row[I_WH_NAME]);
    csv_text(c, row[I_P_CODE]);
    csv_text(c, row[I_P_NAME]);
    csv_text(c, row[I_SPEC]);
    csv_text(c, row[I_UNIT]);
    csv_text(c, row[I_CAT]);
}

void
sq_csv_head(struct ctx *c, const char *file, const char *const *head, size_t n)
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
int
sq_query_stream(struct ctx *c, const struct db_sql *sql,
                const struct db_param *p, size_t n,
                void (*fn)(struct ctx *, const char *const *, void *),
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
int
sq_query_int(struct ctx *c, const struct db_sql *sql, const struct db_param *p,
             size_t n, long limit, int64_t *out)
{
    struct db_rows r;

    if (db_query(c->db, c->a, sql, p, n, limit, 0, &r) != 0)
        return ctx_db_fail(c);
    *out = r.n_rows > 0 ? db_cell_int(&r, 0, 0) : 0;
    return 0;
}
