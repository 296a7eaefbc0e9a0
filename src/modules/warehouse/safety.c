/*
 * safety.c - the safety stock of a warehouse (GET/POST
 * /warehouses/{id}/safety): the settings (search, sort, page, CSV), the
 * lines typed as "CODE SAFETY [TARGET]" and their write in one unit of
 * work.  See warehouse_int.h.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "warehouse_int.h"

#include "../stock.h"
#include "../stocklines.h"

#include "../../core/audit.h"
#include "../../core/clock.h"
#include "../../core/csv.h"
#include "../../core/ctx.h"
#include "../../core/form.h"
#include "../../core/page.h"
#include "../../core/text.h"
#include "../../core/xd.h"

#define WH_LINE_ERRS 10 /* problems reported for the lines field */

/* The orders of the settings (the route's sort choices, routes.c). */
const char *const wh_safety_sorts[] = {"code", "name", NULL};

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
    wh_csv_head(c, head, XD_N(head));
    for (size_t i = 0; i < r->n_rows; i++) {
        csv_text(c, db_cell(r, i, 1));
        csv_text(c, db_cell(r, i, 2));
        csv_text(c, db_cell(r, i, 3));
        wh_qty_csv(c, r, i, 4);
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
    sql = wh_pick_sort(safe_table, wh_safety_sorts, sort, desc);
    p[0] = DB_INT(db_cell_int(r, 0, WC_ID));
    wh_bind_search(c, p + 1, q, 2);
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
        wh_qty_attrs(e, &rows, i, 4);
        xd_cell(e, "safety", &rows, i, 7);
        xd_cell(e, "target", &rows, i, 8);
        if (db_cell(&rows, i, 7) != NULL && cover < db_cell_int(&rows, i, 7))
            xd_attr(e, "below", "true");
    }
    return 0;
}

int
wh_safety_show(struct ctx *c)
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
    return v >= 0 ? wh_qty_text(c, v) : NULL;
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
int
wh_safety_set(struct ctx *c)
{
    struct safety_work w = {.c = c};
    struct db_rows r;
    int rc;

    if (wh_post_target(c, &r, &w.wh, NULL) != 0)
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
        if (wh_find_id(c, w.wh, &r) != 0)
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
