/*
 * summary.c - GET /stock/summary, the stock summary (汇总) by product,
 * warehouse or region: its statements, its rows and totals in XML and
 * CSV.  The module and the declarations: stockq_int.h.
 */
#include <stdint.h>
#include <string.h>

#include "stockq_int.h"

#include "../../core/auth.h"
#include "../../core/csv.h"
#include "../../core/ctx.h"
#include "../../core/money.h"
#include "../../core/xd.h"
#include "../../db/db.h"

/* ---- the summary.  One statement a page: the groups of the balance rows
 * that pass the filters and stock, low (SQ_N_FILTER + SQ_N_QTY
 * parameters; the summary by region takes them twice), each group summed
 * once, sorted and cut to the page.  Every row also carries the number of
 * groups and their totals (SUM_TOTALS), so that the balance rows are read
 * once a request: a page used to count its groups, find its 50 codes and
 * sum every row again for the totals, three passes over stock_balance
 * (tests/bench/stock: 38 ms of PostgreSQL's CPU for a page by product). */

#define SQ_SUMS                                                                \
    " SUM(CASE WHEN b.on_hand > 0 THEN 1 ELSE 0 END) AS held,"                 \
    " SUM(b.on_hand) AS oh, SUM(b.reserved) AS rs, SUM(b.in_transit) AS tr"
#define SQ_N_SUM (SQ_N_FILTER + SQ_N_QTY)

/* After the figures of a row: the number of groups and their totals (on
 * hand, reserved, in transit, value), the same on every row.  Window
 * aggregates over all the groups (s), worked out before the ORDER BY and
 * the page clause; the groups' value is s.val, or priced here by product
 * (SUM_P_TOTALS). */
#define SUM_TOTALS_QTY                                                         \
    ", COUNT(*) OVER (), SUM(s.oh) OVER (), SUM(s.rs) OVER (),"                \
    " SUM(s.tr) OVER ()"
#define SUM_TOTALS    SUM_TOTALS_QTY ", SUM(s.val) OVER ()"
#define SUM_P_TOTALS  SUM_TOTALS_QTY ", SUM(s.oh * p.list_price) OVER ()"
#define SUM_N_FIGURES 4 /* on hand, reserved, in transit, value */

/* The six orders by a sum of one grouping: `pre`_count|oh|value_asc|desc,
 * made by MAKE(order), ties broken by `tie`. */
#define SUM_BY_SUMS(pre, MAKE, count, oh, value, tie)                          \
    DB_STATEMENT(pre##_count_asc, DB_PAGED, MAKE(count " ASC, " tie));         \
    DB_STATEMENT(pre##_count_desc, DB_PAGED, MAKE(count " DESC, " tie));       \
    DB_STATEMENT(pre##_oh_asc, DB_PAGED, MAKE(oh " ASC, " tie));               \
    DB_STATEMENT(pre##_oh_desc, DB_PAGED, MAKE(oh " DESC, " tie));             \
    DB_STATEMENT(pre##_value_asc, DB_PAGED, MAKE(value " ASC, " tie));         \
    DB_STATEMENT(pre##_value_desc, DB_PAGED, MAKE(value " DESC, " tie))

/* by product: 0 id, 1 code, 2 name, 3 spec, 4 unit, 5 category,
 * 6 warehouses holding it, 7.. on hand, reserved, in transit, value,
 * 11.. SUM_P_TOTALS.  Summed per product, then priced: one look-up of the
 * product per product, not per balance row. */
#define SUM_P_SQL(order)                                                       \
    "SELECT p.id, p.code, p.name, p.spec, p.unit, c.name, s.held, s.oh,"       \
    " s.rs, s.tr, s.oh * p.list_price" SUM_P_TOTALS                            \
    " FROM (SELECT b.product_id AS pid," SQ_SUMS                               \
    " FROM stock_balance b" SQ_FILTER SQ_QTY " GROUP BY b.product_id) s"       \
    " JOIN product p ON p.id = s.pid"                                          \
    " LEFT JOIN category c ON c.id = p.category_id"                            \
    " ORDER BY " order
DB_STATEMENT(sql_sum_p_code_asc, DB_PAGED, SUM_P_SQL("p.code ASC"));
DB_STATEMENT(sql_sum_p_code_desc, DB_PAGED, SUM_P_SQL("p.code DESC"));
SUM_BY_SUMS(sql_sum_p, SUM_P_SQL, "s.held", "s.oh", "s.oh * p.list_price",
            "p.code ASC");

/* by warehouse: 0 id, 1 code, 2 name, 3 kind, 4 products held, 5..
 * figures, 9.. SUM_TOTALS */
#define SUM_W_SQL(order)                                                       \
    "SELECT w.id, w.code, w.name, w.kind, s.held,"                             \
    " s.oh, s.rs, s.tr, s.val" SUM_TOTALS                                      \
    " FROM (SELECT b.warehouse_id AS wid," SQ_SUMS ","                         \
    " SUM(b.on_hand * p.list_price) AS val FROM stock_balance b"               \
    " JOIN product p ON p.id = b.product_id" SQ_FILTER SQ_QTY                  \
    " GROUP BY b.warehouse_id) s"                                              \
    " JOIN warehouse w ON w.id = s.wid"                                        \
    " ORDER BY " order
DB_STATEMENT(sql_sum_w_code_asc, DB_PAGED, SUM_W_SQL("w.code ASC"));
DB_STATEMENT(sql_sum_w_code_desc, DB_PAGED, SUM_W_SQL("w.code DESC"));
SUM_BY_SUMS(sql_sum_w, SUM_W_SQL, "s.held", "s.oh", "s.val", "w.code ASC");

/*
 * by region: 0 id, 1 code, 2 name (NULL: no region), 3 warehouses,
 * 4 products held, 5.. figures, 9.. SUM_TOTALS.  The region of each
 * warehouse is worked out once per warehouse (wr: DISTINCT keeps the
 * derived table from being merged into the join, which would work it out
 * once per balance row), and the warehouse filters are tested on wr, once
 * per warehouse.  The regions are the outer loop (CROSS JOIN: SQLite keeps
 * its left side outside), so that SQLite reads the balance rows region by
 * region in the key order of sales_region and groups them as they come;
 * grouped by a region worked out per row, every row went through a sort
 * first (tests/bench/stock's data: 174 million instructions against 128).
 * Other engines order the joins as they see fit.  The warehouses of no
 * region (SQ_NO_REGION), which no sales_region row stands for, are a
 * branch of their own, a group only when there are some.
 */
#define SUM_R_SUMS                                                             \
    " COUNT(DISTINCT b.warehouse_id) AS whs,"                                  \
    " COUNT(DISTINCT CASE WHEN b.on_hand > 0 THEN b.product_id END) AS held,"  \
    " SUM(b.on_hand) AS oh, SUM(b.reserved) AS rs, SUM(b.in_transit) AS tr,"   \
    " SUM(b.on_hand * p.list_price) AS val"
#define SUM_R_WR                                                               \
    " (SELECT DISTINCT w3.id AS wid, " SQ_REGION_W3 " AS region_id"            \
    " FROM warehouse w3) wr"
#define SUM_R_ROWS                                                             \
    " CROSS JOIN stock_balance b JOIN product p ON p.id = b.product_id"
#define SQ_FILTER_WR    SQ_FILTER_AT("wr.wid")
#define SQ_FILTER_WN    SQ_FILTER_AT("wn.id")
#define SQ_NO_REGION_WN SQ_NO_REGION("wn")
#define SQ_RCODE        "CASE WHEN r.code IS NULL THEN 1 ELSE 0 END, r.code"
#define SUM_R_SQL(order)                                                       \
    "SELECT r.id, r.code, r.name, s.whs, s.held,"                              \
    " s.oh, s.rs, s.tr, s.val" SUM_TOTALS                                      \
    " FROM (SELECT r0.id AS rid," SUM_R_SUMS                                   \
    " FROM sales_region r0 CROSS JOIN" SUM_R_WR SUM_R_ROWS SQ_FILTER_WR SQ_QTY \
    " AND b.warehouse_id = wr.wid"                                             \
    " AND wr.region_id = r0.id GROUP BY r0.id"                                 \
    " UNION ALL SELECT wn.region_id AS rid," SUM_R_SUMS                        \
    " FROM warehouse wn" SUM_R_ROWS SQ_FILTER_WN SQ_QTY                        \
    " AND b.warehouse_id = wn.id AND " SQ_NO_REGION_WN                         \
    " GROUP BY wn.region_id) s"                                                \
    " LEFT JOIN sales_region r ON r.id = s.rid"                                \
    " ORDER BY " order
DB_STATEMENT(sql_sum_r_code_asc, DB_PAGED, SUM_R_SQL(SQ_RCODE " ASC"));
DB_STATEMENT(sql_sum_r_code_desc, DB_PAGED, SUM_R_SQL(SQ_RCODE " DESC"));
SUM_BY_SUMS(sql_sum_r, SUM_R_SQL, "s.whs", "s.oh", "s.val", SQ_RCODE);

/* ==================================================================== */
/* GET /stock/summary                                                   */
/* ==================================================================== */

/* The figures of a summary row or its totals: on hand, reserved, in
 * transit, value. */
struct sum_figures {
    int64_t on_hand, reserved, in_transit, value;
};

static void
figures_read(const char *const *row, size_t at, struct sum_figures *f)
{
    f->on_hand = sq_cell_int(row, at);
    f->reserved = sq_cell_int(row, at + 1);
    f->in_transit = sq_cell_int(row, at + 2);
    f->value = sq_cell_int(row, at + 3);
}

/* The figures as attributes (only with stock.qty). */
static void
figures_attrs(xmlNodePtr n, const struct sum_figures *f, int qty)
{
    if (!qty)
        return;
    xd_attr_int(n, "on-hand", f->on_hand);
    xd_attr_int(n, "reserved", f->reserved);
    xd_attr_int(n, "available", f->on_hand - f->reserved);
    xd_attr_int(n, "in-transit", f->in_transit);
    xd_attr_money(n, "value", f->value);
}

static void
figures_csv(struct ctx *c, const struct sum_figures *f)
{
    char buf[MONEY_BUFSZ];

    csv_num(c, sq_int_text(c, f->on_hand));
    csv_num(c, sq_int_text(c, f->reserved));
    csv_num(c, sq_int_text(c, f->on_hand - f->reserved));
    csv_num(c, sq_int_text(c, f->in_transit));
    csv_num(c, arena_strdup(c->a, money_format(f->value, 0, buf, sizeof(buf))));
}

/* What each grouping shows: the element, its leading columns (names) and
 * where the figures start (SUM_N_FIGURES of them, then the totals). */
struct sum_shape {
    const char *elem, *file;
    const char *const *names; /* attributes of the leading columns */
    const char *const *head;  /* their CSV headings (NULL: not in CSV) */
    size_t n_names, at;
    size_t first_count; /* the leading columns from here are counts */
};

static const char *const sum_p_names[] = {
    "product-id", "code", "name", "spec", "unit", "category", "warehouses"};
static const char *const sum_p_head[] = {
    NULL,   "product_code", "product_name", "spec",
    "unit", "category",     "warehouses"};
static const char *const sum_w_names[] = {"warehouse-id", "code", "name",
                                          "kind", "products"};
static const char *const sum_w_head[] = {NULL, "warehouse_code",
                                         "warehouse_name", "kind", "products"};
static const char *const sum_r_names[] = {"region-id", "code", "name",
                                          "warehouses", "products"};
static const char *const sum_r_head[] = {NULL, "region_code", "region_name",
                                         "warehouses", "products"};
static const struct sum_shape sum_shapes[] = {
    {"product-row", "stock-by-product.csv", sum_p_names, sum_p_head,
     XD_N(sum_p_names), 7, 6},
    {"warehouse-row", "stock-by-warehouse.csv", sum_w_names, sum_w_head,
     XD_N(sum_w_names), 5, 4},
    {"region-row", "stock-by-region.csv", sum_r_names, sum_r_head,
     XD_N(sum_r_names), 5, 3},
};

struct sum_view {
    const struct sum_shape *s;
    int qty;
};

static void
sum_row_csv(struct ctx *c, const char *const *row, void *arg)
{
    const struct sum_view *v = arg;
    struct sum_figures f;

    for (size_t i = 0; i < v->s->n_names; i++) {
        if (v->s->head[i] == NULL)
            continue;
        if (i >= v->s->first_count)
            csv_num(c, row[i]);
        else
            csv_text(c, row[i]);
    }
    if (v->qty) {
        figures_read(row, v->s->at, &f);
        figures_csv(c, &f);
    }
    csv_row(c);
}

/*
 * Page `page` of the summary sql (SUM_TOTALS at column `totals`) into
 * *rows, its pager into *pg and the totals into *tf.  A page past the end
 * shows the last one, as the pager clamps it: its statement finds no row
 * and so no count, which the first page tells; then the last page is read
 * (three statements, only then).  0, or -1 with the error recorded.
 */
static int
sum_page(struct ctx *c, const struct db_sql *sql, const struct db_param *p,
         size_t n, size_t totals, int64_t page, struct sq_pager *pg,
         struct db_rows *rows, struct sum_figures *tf)
{
    int64_t read = page < 1 ? 1 : page; /* the page in *rows */
    int64_t groups = 0;

    if (db_query(c->db, c->a, sql, p, n, SQ_PAGE, (long)(read - 1) * SQ_PAGE,
                 rows) != 0)
        return ctx_db_fail(c);
    if (rows->n_rows == 0 && read > 1) {
        read = 1;
        if (db_query(c->db, c->a, sql, p, n, SQ_PAGE, 0, rows) != 0)
            return ctx_db_fail(c);
    }
    memset(tf, 0, sizeof(*tf));
    if (rows->n_rows > 0) {
        groups = db_cell_int(rows, 0, totals);
        figures_read(sq_row_at(rows, 0), totals + 1, tf);
    }
    sq_pager_init(pg, page, groups);
    if (groups > 0 && pg->page != read &&
        db_query(c->db, c->a, sql, p, n, SQ_PAGE, sq_pager_offset(pg), rows) !=
            0)
        return ctx_db_fail(c);
    return 0;
}

int
sq_stock_summary(struct ctx *c)
{
    static const struct db_sql *const stmts[][4][2] = {
        {{&sql_sum_p_code_asc, &sql_sum_p_code_desc},
         {&sql_sum_p_count_asc, &sql_sum_p_count_desc},
         {&sql_sum_p_oh_asc, &sql_sum_p_oh_desc},
         {&sql_sum_p_value_asc, &sql_sum_p_value_desc}},
        {{&sql_sum_w_code_asc, &sql_sum_w_code_desc},
         {&sql_sum_w_count_asc, &sql_sum_w_count_desc},
         {&sql_sum_w_oh_asc, &sql_sum_w_oh_desc},
         {&sql_sum_w_value_asc, &sql_sum_w_value_desc}},
        {{&sql_sum_r_code_asc, &sql_sum_r_code_desc},
         {&sql_sum_r_count_asc, &sql_sum_r_count_desc},
         {&sql_sum_r_oh_asc, &sql_sum_r_oh_desc},
         {&sql_sum_r_value_asc, &sql_sum_r_value_desc}},
    };
    int by = sq_pick(param_text(c->req, "by"), sq_sum_bys);
    int desc = sq_pick(param_text(c->req, "dir"), sq_dirs);
    int sort = sq_pick(param_text(c->req, "sort"), sq_sum_sorts);
    struct db_param p[2 * SQ_N_SUM];
    const struct db_sql *sql;
    struct sum_figures tf;
    struct db_rows rows;
    struct sum_view v;
    struct sq_filter f;
    struct sq_pager pg;
    size_t np = SQ_N_SUM;
    xmlNodePtr n, t;

    if (sq_filter_read(c, &f, 0) != 0)
        return -1;
    v.s = &sum_shapes[by];
    v.qty = auth_can(c, "stock.qty");
    if (!v.qty && sort >= 2)
        sort = 0;
    sq_filter_bind(c, &f, p);
    sq_qty_bind(&f, p + SQ_N_FILTER);
    sql = stmts[by][sort][desc];
    if (by == 2) { /* the filters twice: regions, no region */
        memcpy(p + SQ_N_SUM, p, SQ_N_SUM * sizeof(p[0]));
        np = 2 * SQ_N_SUM;
    }
    if (c->req->want_csv) {
        static const char *const figures[] = {
            "on_hand", "reserved", "available", "in_transit", "value"};

        sq_csv_head(c, v.s->file, v.s->head, v.s->n_names);
        if (v.qty)
            for (size_t i = 0; i < XD_N(figures); i++)
                csv_text(c, figures[i]);
        csv_row(c);
        return sq_query_stream(c, sql, p, np, sum_row_csv, &v);
    }
    if (sum_page(c, sql, p, np, v.s->at + SUM_N_FIGURES,
                 param_int(c->req, "page", 1), &pg, &rows, &tf) != 0)
        return -1;

    n = ctx_data(c, "stock-summary");
    xd_attr(n, "by", sq_sum_bys[by]);
    sq_filter_attrs(c, n, &f);
    xd_attr(n, "sort", sq_sum_sorts[sort]);
    xd_attr(n, "dir", sq_dirs[desc]);
    sq_pager_attrs(n, &pg, rows.n_rows);
    if (sq_add_options(c, n, 0) != 0)
        return -1;
    t = xd_elem(n, "totals");
    xd_attr_int(t, "rows", pg.total);
    figures_attrs(t, &tf, v.qty);
    for (size_t i = 0; i < rows.n_rows; i++) {
        xmlNodePtr e = xd_elem(n, v.s->elem);
        struct sum_figures rf;

        for (size_t k = 0; k < v.s->n_names; k++)
            xd_attr(e, v.s->names[k], db_cell(&rows, i, k));
        figures_read(sq_row_at(&rows, i), v.s->at, &rf);
        figures_attrs(e, &rf, v.qty);
    }
    return 0;
}
