/*
 * filter.c - the filters of the stock queries: read from the request,
 * each id checked against the user's scope, bound to SQ_FILTER and SQ_QTY,
 * shown as attributes; the period of the detail and the turnover; the
 * options of the filter form.  The module and the declarations:
 * stockq_int.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stockq_int.h"

#include "../ledger.h"

#include "../../core/clock.h"
#include "../../core/auth.h"
#include "../../core/ctx.h"
#include "../../core/form.h"
#include "../../core/page.h"
#include "../../core/scope.h"
#include "../../core/text.h"
#include "../../core/xd.h"
#include "../../db/db.h"

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
int
sq_read_period(struct ctx *c, int today_end, const char **from, const char **to)
{
    char today[11], end[11];

    *from = form_date(c, "from", 0);
    *to = form_date(c, "to", 0);
    if (!form_ok(c))
        return ctx_fail(c, 400, "bad_param", "a date as YYYY-MM-DD", NULL);
    clock_day(today, 0);
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

/* The warehouse id in scope, else the 404 (logged).  0 or -1. */
int
sq_warehouse_in_scope(struct ctx *c, int64_t id)
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
 * Read the filters of the balance pages into f and check each id (see
 * stockq_int.h: a foreign warehouse or unit answers 404).  with_as_of: the
 * list also takes as_of.  0, or -1 with the error recorded.
 */
int
sq_filter_read(struct ctx *c, struct sq_filter *f, int with_as_of)
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
    if (f->warehouse > 0 && sq_warehouse_in_scope(c, f->warehouse) != 0)
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
void
sq_filter_bind(struct ctx *c, const struct sq_filter *f, struct db_param *p)
{
    p[0] = DB_INT(scope_unit(c));
    p[1] = DB_INT(scope_party(c));
    p[2] = p[3] = sq_opt_id(f->warehouse);
    p[4] = p[5] = sq_opt_id(f->unit);
    p[6] = p[7] = sq_opt_id(f->region);
    p[8] = p[9] = p[10] = p[11] = sq_opt_id(f->category);
    p[12] = DB_TEXT(f->q);
    p[13] = p[14] = DB_TEXT(f->like);
}

/* The SQ_N_QTY parameters (stock, low) into p. */
void
sq_qty_bind(const struct sq_filter *f, struct db_param *p)
{
    p[0] = f->stock ? DB_INT(1) : DB_NULLP;
    p[1] = f->low ? DB_INT(1) : DB_NULLP;
}

/* The filters as attributes of the page element. */
void
sq_filter_attrs(struct ctx *c, xmlNodePtr n, const struct sq_filter *f)
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
int
sq_add_options(struct ctx *c, xmlNodePtr parent, int only_warehouses)
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
