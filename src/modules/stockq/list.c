/*
 * list.c - GET /stock, the stock list (一览表): its statements (today's
 * balance rows, and on hand as of a past day), its rows in XML and CSV,
 * and the page of the codes' orders.  The module and the declarations:
 * stockq_int.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stockq_int.h"

#include "../../core/auth.h"
#include "../../core/csv.h"
#include "../../core/ctx.h"
#include "../../core/xd.h"
#include "../../db/db.h"

/* ---- the list, today: 9 on_hand, 10 reserved, 11 in_transit, 12 safety.
 * A page of keys first (k: wid, pid and the sort key), then its 50 rows
 * joined ("deferred join": a deep page does not build the rows it skips).
 *
 * The codes' orders do not sort every row either (20,000 rows sorted by
 * two texts in a linguistic collation cost PostgreSQL 50 ms): the rows per
 * warehouse (or product) code, in the page's order, say which codes the
 * page spans and where in the first it starts (code_span); the page then
 * sorts only the rows of those codes (two more parameters: the lowest and
 * the highest code).  The figures' orders need only the balance row and
 * break ties by the ids. */

#define LIST_PAGE(keys, order)                                                 \
    "SELECT " SQ_IDENT ", b.on_hand, b.reserved, b.in_transit, b.safety_qty"   \
    " FROM (" keys DB_PAGE_HERE ") k"                                          \
    " JOIN stock_balance b ON b.warehouse_id = k.wid"                          \
    " AND b.product_id = k.pid"                                                \
    " JOIN warehouse w ON w.id = b.warehouse_id"                               \
    " JOIN product p ON p.id = b.product_id"                                   \
    " LEFT JOIN category c ON c.id = p.category_id"                            \
    " ORDER BY " order
#define LIST_BY_CODES(col, order, outer)                                       \
    LIST_PAGE("SELECT b.warehouse_id AS wid, b.product_id AS pid,"             \
              " w.code AS wc, p.code AS pc FROM stock_balance b"               \
              " JOIN warehouse w ON w.id = b.warehouse_id"                     \
              " JOIN product p ON p.id = b.product_id" SQ_FILTER SQ_QTY        \
              " AND " col " >= ? AND " col " <= ? ORDER BY " order,            \
              outer)
/* (counted per id first, named and sorted after: no join per row) */
#define LIST_GROUPS(id, table, dir)                                            \
    "SELECT t.code, g.n FROM (SELECT b." id " AS gid, COUNT(*) AS n"           \
    " FROM stock_balance b" SQ_FILTER SQ_QTY " GROUP BY b." id ") g"           \
    " JOIN " table " t ON t.id = g.gid ORDER BY t.code " dir
#define LIST_BY_FIGURE(expr, dir)                                              \
    LIST_PAGE("SELECT b.warehouse_id AS wid, b.product_id AS pid, " expr       \
              " AS qk FROM stock_balance b" SQ_FILTER SQ_QTY " ORDER BY " expr \
              " " dir ", b.warehouse_id ASC, b.product_id ASC",                \
              "k.qk " dir ", k.wid ASC, k.pid ASC")

DB_STATEMENT(sql_list_wh_asc, DB_PAGED,
             LIST_BY_CODES("w.code", "w.code ASC, p.code ASC",
                           "k.wc ASC, k.pc ASC"));
DB_STATEMENT(sql_list_wh_desc, DB_PAGED,
             LIST_BY_CODES("w.code", "w.code DESC, p.code ASC",
                           "k.wc DESC, k.pc ASC"));
DB_STATEMENT(sql_list_p_asc, DB_PAGED,
             LIST_BY_CODES("p.code", "p.code ASC, w.code ASC",
                           "k.pc ASC, k.wc ASC"));
DB_STATEMENT(sql_list_p_desc, DB_PAGED,
             LIST_BY_CODES("p.code", "p.code DESC, w.code ASC",
                           "k.pc DESC, k.wc ASC"));
DB_STATEMENT(sql_list_wh_groups_asc, 0,
             LIST_GROUPS("warehouse_id", "warehouse", "ASC"));
DB_STATEMENT(sql_list_wh_groups_desc, 0,
             LIST_GROUPS("warehouse_id", "warehouse", "DESC"));
DB_STATEMENT(sql_list_p_groups_asc, 0,
             LIST_GROUPS("product_id", "product", "ASC"));
DB_STATEMENT(sql_list_p_groups_desc, 0,
             LIST_GROUPS("product_id", "product", "DESC"));
DB_STATEMENT(sql_list_oh_asc, DB_PAGED, LIST_BY_FIGURE("b.on_hand", "ASC"));
DB_STATEMENT(sql_list_oh_desc, DB_PAGED, LIST_BY_FIGURE("b.on_hand", "DESC"));
DB_STATEMENT(sql_list_av_asc, DB_PAGED,
             LIST_BY_FIGURE("b.on_hand - b.reserved", "ASC"));
DB_STATEMENT(sql_list_av_desc, DB_PAGED,
             LIST_BY_FIGURE("b.on_hand - b.reserved", "DESC"));
/* The same rows unpaged, in the same orders, for the CSV. */
#define LIST_ALL(order)                                                        \
    "SELECT " SQ_IDENT                                                         \
    ", b.on_hand, b.reserved, b.in_transit, b.safety_qty" SQ_FROM SQ_FILTER    \
        SQ_QTY " ORDER BY " order
DB_STATEMENT(sql_list_all_wh_asc, 0, LIST_ALL("w.code ASC, p.code ASC"));
DB_STATEMENT(sql_list_all_wh_desc, 0, LIST_ALL("w.code DESC, p.code ASC"));
DB_STATEMENT(sql_list_all_p_asc, 0, LIST_ALL("p.code ASC, w.code ASC"));
DB_STATEMENT(sql_list_all_p_desc, 0, LIST_ALL("p.code DESC, w.code ASC"));
DB_STATEMENT(sql_list_all_oh_asc, 0,
             LIST_ALL("b.on_hand ASC, b.warehouse_id ASC, b.product_id ASC"));
DB_STATEMENT(sql_list_all_oh_desc, 0,
             LIST_ALL("b.on_hand DESC, b.warehouse_id ASC, b.product_id ASC"));
DB_STATEMENT(sql_list_all_av_asc, 0,
             LIST_ALL("b.on_hand - b.reserved ASC, b.warehouse_id ASC,"
                      " b.product_id ASC"));
DB_STATEMENT(sql_list_all_av_desc, 0,
             LIST_ALL("b.on_hand - b.reserved DESC, b.warehouse_id ASC,"
                      " b.product_id ASC"));
DB_STATEMENT(sql_list_count, 0,
             "SELECT COUNT(*) FROM stock_balance b" SQ_FILTER SQ_QTY);

/* ---- the list as of a day: 9 on hand then, 10 safety.  Parameters: the
 * floor, the day (moves), the day (periods), the filters, stock, low. */

#define ASOF_INNER                                                             \
    "SELECT " SQ_IDENT ","                                                     \
    " COALESCE(pb.on_hand, 0) + COALESCE((SELECT SUM(m.qty)"                   \
    " FROM stock_move m"                                                       \
    " WHERE m.warehouse_id = b.warehouse_id AND m.product_id = b.product_id"   \
    " AND m.move_on > COALESCE(k.cut, ?) AND m.move_on <= ?"                   \
    " AND m.bucket = 'on_hand'), 0) AS qty,"                                   \
    " b.safety_qty AS safety" SQ_FROM                                          \
    " LEFT JOIN (SELECT k2.warehouse_id, MAX(k2.period) AS period,"            \
    " MAX(k2.closed_on) AS cut FROM stock_period k2"                           \
    " WHERE k2.closed_on <= ? GROUP BY k2.warehouse_id) k"                     \
    " ON k.warehouse_id = b.warehouse_id"                                      \
    " LEFT JOIN stock_period_bal pb ON pb.warehouse_id = b.warehouse_id"       \
    " AND pb.product_id = b.product_id AND pb.period = k.period" SQ_FILTER
#define ASOF_QTY                                                               \
    " WHERE (CAST(? AS DECIMAL(19)) IS NULL OR x.qty > 0)"                     \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR (x.safety IS NOT NULL"            \
    " AND x.qty < x.safety))"
#define ASOF_SQL(order)                                                        \
    "SELECT " SQ_X_IDENT ", x.qty, x.safety FROM (" ASOF_INNER ") x" ASOF_QTY  \
    " ORDER BY " order
#define SQ_N_ASOF (3 + SQ_N_FILTER + SQ_N_QTY)

DB_STATEMENT(sql_asof_wh_asc, DB_PAGED,
             ASOF_SQL("x.wh_code ASC, x.p_code ASC"));
DB_STATEMENT(sql_asof_wh_desc, DB_PAGED,
             ASOF_SQL("x.wh_code DESC, x.p_code ASC"));
DB_STATEMENT(sql_asof_p_asc, DB_PAGED, ASOF_SQL("x.p_code ASC, x.wh_code ASC"));
DB_STATEMENT(sql_asof_p_desc, DB_PAGED,
             ASOF_SQL("x.p_code DESC, x.wh_code ASC"));
DB_STATEMENT(sql_asof_oh_asc, DB_PAGED,
             ASOF_SQL("x.qty ASC, x.warehouse_id ASC, x.product_id ASC"));
DB_STATEMENT(sql_asof_oh_desc, DB_PAGED,
             ASOF_SQL("x.qty DESC, x.warehouse_id ASC, x.product_id ASC"));
DB_STATEMENT(sql_asof_count, 0,
             "SELECT COUNT(*) FROM (" ASOF_INNER ") x" ASOF_QTY);

/*
 * The number of today's balance rows that pass the filters and stock, low
 * (p: n parameters, those of sq_filter_bind then sq_qty_bind) into *total:
 * the rows of the list, and of the turnover.  0 or -1.
 */
int
sq_list_count(struct ctx *c, const struct db_param *p, size_t n, int64_t *total)
{
    return sq_query_int(c, &sql_list_count, p, n, 0, total);
}

/* ==================================================================== */
/* GET /stock                                                           */
/* ==================================================================== */

/* How a balance stands against its safety setting. */
static const char *
level_of(int64_t available, const char *safety)
{
    if (available <= 0)
        return "out";
    if (safety != NULL && available < strtoll(safety, NULL, 10))
        return "low";
    return "ok";
}

struct list_view {
    int as_of, qty;
};

/* Today's row: on_hand, reserved, in_transit, safety at 9..12; as of a
 * day: on hand at 9, safety at 10. */
static void
list_row_xml(xmlNodePtr parent, const char *const *row,
             const struct list_view *v)
{
    xmlNodePtr n = xd_elem(parent, "row");
    int64_t on_hand = sq_cell_int(row, I_N);
    int64_t avail = v->as_of ? on_hand : on_hand - sq_cell_int(row, I_N + 1);
    const char *safety = row[v->as_of ? I_N + 1 : I_N + 3];

    sq_ident_attrs(n, row);
    xd_attr(n, "level", level_of(avail, safety));
    if (!v->qty)
        return;
    xd_attr_int(n, "on-hand", on_hand);
    if (!v->as_of) {
        xd_attr(n, "reserved", row[I_N + 1]);
        xd_attr_int(n, "available", avail);
        xd_attr(n, "in-transit", row[I_N + 2]);
    }
    xd_attr(n, "safety", safety);
}

static void
list_row_csv(struct ctx *c, const char *const *row, void *arg)
{
    const struct list_view *v = arg;
    int64_t on_hand = sq_cell_int(row, I_N);
    int64_t avail = v->as_of ? on_hand : on_hand - sq_cell_int(row, I_N + 1);
    const char *safety = row[v->as_of ? I_N + 1 : I_N + 3];

    sq_ident_csv(c, row);
    if (v->qty) {
        csv_num(c, sq_int_text(c, on_hand));
        if (!v->as_of) {
            csv_num(c, row[I_N + 1]);
            csv_num(c, sq_int_text(c, avail));
            csv_num(c, row[I_N + 2]);
        }
        csv_num(c, safety);
    }
    csv_text(c, level_of(avail, safety));
    csv_row(c);
}

static void
list_csv_head(struct ctx *c, const struct list_view *v)
{
    static const char *const head[] = {
        "warehouse_code", "warehouse_name", "product_code", "product_name",
        "spec",           "unit",           "category"};
    static const char *const today[] = {"on_hand", "reserved", "available",
                                        "in_transit", "safety"};
    static const char *const then[] = {"on_hand", "safety"};

    sq_csv_head(c, v->as_of ? "stock-as-of.csv" : "stock.csv", head,
                XD_N(head));
    if (v->qty) {
        const char *const *h = v->as_of ? then : today;
        size_t n = v->as_of ? XD_N(then) : XD_N(today);

        for (size_t i = 0; i < n; i++)
            csv_text(c, h[i]);
    }
    csv_text(c, "level");
    csv_row(c);
}

/* Where a page sorted by codes falls, from the rows per code in the
 * page's order: the page [off, off + SQ_PAGE) starts `local` rows into
 * the group of code `first` and ends in that of `last`. */
struct code_span {
    int64_t off, total, local;
    const char *first, *last; /* in the arena */
    int closed;               /* the page's last code is known */
};

static void
span_row(struct ctx *c, const char *const *row, void *arg)
{
    struct code_span *s = arg;
    int64_t n = sq_cell_int(row, 1);

    if (!s->closed && s->total + n > s->off) {
        if (s->first == NULL) {
            s->first = arena_strdup(c->a, row[0]);
            s->local = s->off - s->total;
        }
        s->last = arena_strdup(c->a, row[0]);
        s->closed = s->total + n >= s->off + SQ_PAGE;
    }
    s->total += n;
}

/* The code span of page `page` (clamped to the last one) into s and pg:
 * the groups streamed once, twice past the last page.  0 or -1. */
static int
span_find(struct ctx *c, const struct db_sql *groups, const struct db_param *p,
          size_t np, int64_t page, struct code_span *s, struct sq_pager *pg)
{
    memset(s, 0, sizeof(*s));
    s->off = (page - 1) * SQ_PAGE;
    if (sq_query_stream(c, groups, p, np, span_row, s) != 0)
        return -1;
    sq_pager_init(pg, page, s->total);
    if (sq_pager_offset(pg) == s->off)
        return 0;
    memset(s, 0, sizeof(*s));
    s->off = sq_pager_offset(pg);
    return sq_query_stream(c, groups, p, np, span_row, s);
}

/*
 * A page of the list sorted by warehouse or product code (sort 0 or 1):
 * the span of codes it covers, then its rows among those codes only.  p
 * holds the filters and has room for the two codes.  0 or -1.
 */
static int
list_by_codes(struct ctx *c, int sort, int desc, struct db_param *p,
              struct sq_pager *pg, struct db_rows *rows)
{
    static const struct db_sql *const groups[][2] = {
        {&sql_list_wh_groups_asc, &sql_list_wh_groups_desc},
        {&sql_list_p_groups_asc, &sql_list_p_groups_desc},
    };
    static const struct db_sql *const pages[][2] = {
        {&sql_list_wh_asc, &sql_list_wh_desc},
        {&sql_list_p_asc, &sql_list_p_desc},
    };
    const size_t np = SQ_N_FILTER + SQ_N_QTY;
    struct code_span s;

    if (span_find(c, groups[sort][desc], p, np, param_int(c->req, "page", 1),
                  &s, pg) != 0)
        return -1;
    memset(rows, 0, sizeof(*rows));
    if (s.first == NULL)
        return 0;
    /* the lowest and the highest code of the span */
    p[np] = DB_TEXT(desc ? s.last : s.first);
    p[np + 1] = DB_TEXT(desc ? s.first : s.last);
    if (db_query(c->db, c->a, pages[sort][desc], p, np + 2, SQ_PAGE,
                 (long)s.local, rows) != 0)
        return ctx_db_fail(c);
    return 0;
}

int
sq_stock_list(struct ctx *c)
{
    static const struct db_sql *const pages[][2] = {
        {NULL, NULL}, /* the codes' orders: list_by_codes */
        {NULL, NULL},
        {&sql_list_oh_asc, &sql_list_oh_desc},
        {&sql_list_av_asc, &sql_list_av_desc},
    };
    static const struct db_sql *const all[][2] = {
        {&sql_list_all_wh_asc, &sql_list_all_wh_desc},
        {&sql_list_all_p_asc, &sql_list_all_p_desc},
        {&sql_list_all_oh_asc, &sql_list_all_oh_desc},
        {&sql_list_all_av_asc, &sql_list_all_av_desc},
    };
    static const struct db_sql *const then[][2] = {
        {&sql_asof_wh_asc, &sql_asof_wh_desc},
        {&sql_asof_p_asc, &sql_asof_p_desc},
        {&sql_asof_oh_asc, &sql_asof_oh_desc},
        {&sql_asof_oh_asc, &sql_asof_oh_desc}, /* available = on hand */
    };
    int desc = sq_pick(param_text(c->req, "dir"), sq_dirs);
    int sort = sq_pick(param_text(c->req, "sort"), sq_list_sorts);
    struct db_param p[SQ_N_ASOF], *fp = p;
    const struct db_sql *list, *count;
    struct list_view v;
    struct sq_filter f;
    struct sq_pager pg;
    struct db_rows rows;
    size_t np = SQ_N_FILTER + SQ_N_QTY;
    int64_t total;
    xmlNodePtr n;

    if (sq_filter_read(c, &f, 1) != 0)
        return -1;
    v.as_of = f.as_of != NULL;
    v.qty = auth_can(c, "stock.qty");
    if (!v.qty && sort >= 2)
        sort = 0; /* no order by figures the user may not see */
    if (v.as_of) {
        p[0] = DB_TEXT(SQ_FLOOR);
        p[1] = p[2] = DB_TEXT(f.as_of);
        fp = p + 3;
        np += 3;
    }
    sq_filter_bind(c, &f, fp);
    sq_qty_bind(&f, fp + SQ_N_FILTER);
    list = v.as_of ? then[sort][desc] : pages[sort][desc];
    count = v.as_of ? &sql_asof_count : &sql_list_count;
    if (c->req->want_csv) {
        list_csv_head(c, &v);
        return sq_query_stream(c, v.as_of ? list : all[sort][desc], p, np,
                               list_row_csv, &v);
    }
    if (!v.as_of && sort < 2) {
        if (list_by_codes(c, sort, desc, p, &pg, &rows) != 0)
            return -1;
    } else {
        if (sq_query_int(c, count, p, np, 0, &total) != 0)
            return -1;
        sq_pager_init(&pg, param_int(c->req, "page", 1), total);
        if (db_query(c->db, c->a, list, p, np, SQ_PAGE, sq_pager_offset(&pg),
                     &rows) != 0)
            return ctx_db_fail(c);
    }

    n = ctx_data(c, "stock-list");
    sq_filter_attrs(c, n, &f);
    xd_attr(n, "sort", sq_list_sorts[sort]);
    xd_attr(n, "dir", sq_dirs[desc]);
    sq_pager_attrs(n, &pg, rows.n_rows);
    if (sq_add_options(c, n, 0) != 0)
        return -1;
    for (size_t i = 0; i < rows.n_rows; i++)
        list_row_xml(n, sq_row_at(&rows, i), &v);
    return 0;
}
