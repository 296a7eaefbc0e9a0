/*
 * list.c - the lists of the consignment module: the consignment stock per
 * agent with its values and ages (GET /consignment) and the sell-through
 * reports (GET /consignment/reports), as pages, XML and CSV.  See
 * consign_int.h.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "consign_int.h"

#include "../ledger.h"
#include "../price.h"

#include "../../core/clock.h"
#include "../../core/csv.h"
#include "../../core/form.h"
#include "../../core/money.h"
#include "../../core/page.h"
#include "../../core/scope.h"
#include "../../core/text.h"
#include "../../core/xd.h"

/* The orders of /consignment (enum cs_sort: the same order). */
const char *const consign_stock_sorts[] = {
    "agent", "warehouse", "product", "on_hand", "value", "age", NULL};
enum cs_sort {
    CS_AGENT,
    CS_WAREHOUSE,
    CS_PRODUCT,
    CS_ON_HAND,
    CS_VALUE,
    CS_AGE
};
const char *const consign_report_sorts[] = {"date",   "number", "agent",
                                            "amount", "status", NULL};

/* ==================================================================== */
/* Statements                                                           */
/* ==================================================================== */

/* The agents that hold consignment warehouses in the scope (filters). */
DB_STATEMENT(sql_cons_agents, 0,
             "SELECT DISTINCT pa.id, pa.code, pa.name"
             " FROM warehouse w"
             " JOIN party pa ON pa.id = w.party_id"
             " WHERE w.kind = 'consignment'"
             " AND " SCOPE_PARTY_SQL("w.unit_id",
                                     "w.party_id") " ORDER BY pa.code");

/* Consignment stock: scope (2); agent (2); product text (3). */
#define CS_FROM                                                                \
    " FROM stock_balance b"                                                    \
    " JOIN warehouse w ON w.id = b.warehouse_id"                               \
    " JOIN party pa ON pa.id = w.party_id"                                     \
    " JOIN product pr ON pr.id = b.product_id"
#define CS_WHERE                                                               \
    " WHERE w.kind = 'consignment' AND b.on_hand > 0"                          \
    " AND " SCOPE_PARTY_SQL(                                                   \
        "w.unit_id",                                                           \
        "w.party_id") " AND (CAST(? AS DECIMAL(19)) IS NULL OR w.party_id = "  \
                      "?)"                                                     \
                      " AND (CAST(? AS VARCHAR(100)) IS NULL"                  \
                      " OR pr.code LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"       \
                      " OR pr.name LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "')"
#define CS_N_WHERE 7

DB_STATEMENT(sql_cs_rows, 0,
             "SELECT b.warehouse_id, b.product_id, w.code, w.name, pa.id,"
             " pa.code, pa.name, pr.code, pr.name, pr.unit, b.on_hand,"
             " pr.list_price" CS_FROM CS_WHERE
             " ORDER BY b.warehouse_id, b.product_id");
/* The inbound moves behind those balances, newest first per row. */
DB_STATEMENT(sql_cs_inbound, 0,
             "SELECT m.warehouse_id, m.product_id, m.qty, m.move_on" CS_FROM
             " JOIN stock_move m ON m.warehouse_id = b.warehouse_id"
             " AND m.product_id = b.product_id" CS_WHERE
             " AND m.bucket = 'on_hand' AND m.qty > 0"
             " ORDER BY m.warehouse_id, m.product_id, m.move_on DESC,"
             " m.id DESC");

/* Reports: scope (2); agent (2); status (2); from (2); to (2); number
 * (3). */
#define RP_FROM                                                                \
    " FROM stock_doc d"                                                        \
    " JOIN warehouse w ON w.id = d.warehouse_id"                               \
    " LEFT JOIN party pa ON pa.id = d.party_id"                                \
    " WHERE d.kind = 'sellthru'"                                               \
    " AND " SCOPE_PARTY_SQL(                                                   \
        "w.unit_id",                                                           \
        "w.party_id") " AND (CAST(? AS DECIMAL(19)) IS NULL OR d.party_id = "  \
                      "?)"                                                     \
                      " AND (CAST(? AS VARCHAR(10)) IS NULL OR d.status = ?)"  \
                      " AND (CAST(? AS VARCHAR(10)) IS NULL OR d.doc_on >= ?)" \
                      " AND (CAST(? AS VARCHAR(10)) IS NULL OR d.doc_on <= ?)" \
                      " AND (CAST(? AS VARCHAR(40)) IS NULL"                   \
                      " OR d.doc_no LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"      \
                      " OR d.ref_no LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "')"
#define RP_N_WHERE 13

#define RP_LIST                                                                \
    "SELECT d.id, d.doc_no, d.doc_on, d.status, d.amount, w.id, w.code,"       \
    " w.name, pa.id, pa.code, pa.name,"                                        \
    " (SELECT COUNT(*) FROM stock_doc_line l WHERE l.doc_id = d.id),"          \
    " (SELECT COALESCE(SUM(l.qty), 0) FROM stock_doc_line l"                   \
    " WHERE l.doc_id = d.id),"                                                 \
    " d.created_at, d.posted_at, d.ref_no" RP_FROM

#define RP_SORT(key, asc, desc)                                                \
    DB_STATEMENT(sql_rp_##key##_asc, DB_PAGED, RP_LIST " ORDER BY " asc);      \
    DB_STATEMENT(sql_rp_##key##_desc, DB_PAGED, RP_LIST " ORDER BY " desc)
RP_SORT(date, "d.doc_on ASC, d.doc_no ASC", "d.doc_on DESC, d.doc_no DESC");
RP_SORT(number, "d.doc_no ASC", "d.doc_no DESC");
RP_SORT(agent, "pa.code ASC, d.doc_on ASC, d.doc_no ASC",
        "pa.code DESC, d.doc_on DESC, d.doc_no DESC");
RP_SORT(amount, "d.amount ASC, d.doc_no ASC", "d.amount DESC, d.doc_no DESC");
RP_SORT(status, "d.status ASC, d.doc_on ASC, d.doc_no ASC",
        "d.status DESC, d.doc_on DESC, d.doc_no DESC");
DB_STATEMENT(sql_rp_count, 0, "SELECT COUNT(*)" RP_FROM);
/* The list's columns as attributes (NULL: written otherwise). */
/* clang-format off */
static const char *const rp_names[] = {
    "id", "doc-no", NULL /* doc_on */, "status", NULL /* amount */,
    "warehouse-id", "warehouse-code", "warehouse-name",
    "party-id", "party-code", "party-name", "lines", "qty",
    NULL /* created_at */, NULL /* posted_at */, "ref-no"};
/* clang-format on */

/* ==================================================================== */
/* Helpers                                                              */
/* ==================================================================== */

/* <agent-option party-id code name/> per agent with consignment
 * warehouses in scope (the filter's choices).  0 or -1. */
static int
agent_options(struct ctx *c, xmlNodePtr n)
{
    static const char *const names[] = {"party-id", "code", "name"};
    struct db_param p[2] = {DB_INT(scope_unit(c)), DB_INT(scope_party(c))};
    struct db_rows r;

    if (db_query(c->db, c->a, &sql_cons_agents, p, 2, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    xd_rows(n, "agent-option", &r, names, XD_N(names));
    return 0;
}

/* The paging attributes of a list. */
static void
pager_attrs(xmlNodePtr n, int64_t page, int64_t pages, int64_t total,
            size_t shown)
{
    page_attrs(n, page, pages, total, CONS_PAGE, shown);
}

/* The query of a list: search text, agent, order, page. */
struct list_args {
    const char *q, *like, *sort;
    int64_t agent, page;
    int desc;
};

/* Read the list's query into *l (sort dflt when none; dir: asc unless
 * asked, or desc_dflt) and bind the scope and the agent to p[0..3]. */
static void
list_read(struct ctx *c, const char *dflt, int desc_dflt, struct list_args *l,
          struct db_param *p)
{
    const char *dir = param_text(c->req, "dir");

    l->q = param_text(c->req, "q");
    l->like = l->q != NULL ? text_like(c->a, l->q, 1, 1) : NULL;
    l->sort = param_text(c->req, "sort");
    if (l->sort == NULL)
        l->sort = dflt;
    l->desc = dir != NULL ? strcmp(dir, "desc") == 0 : desc_dflt;
    l->agent = param_int(c->req, "agent", 0);
    l->page = param_int(c->req, "page", 1);
    p[0] = DB_INT(scope_unit(c));
    p[1] = DB_INT(scope_party(c));
    p[2] = l->agent > 0 ? DB_INT(l->agent) : DB_NULLP;
    p[3] = p[2];
}

/* The pages of total rows; a page past the last shows the last. */
static int64_t
list_pages(struct list_args *l, int64_t total)
{
    int64_t pages = (total + CONS_PAGE - 1) / CONS_PAGE;

    if (l->page > pages && pages > 0)
        l->page = pages;
    return pages;
}

/* The list element `name` with the query's attributes. */
static xmlNodePtr
list_elem(struct ctx *c, const char *name, const struct list_args *l)
{
    xmlNodePtr n = ctx_data(c, name);

    xd_attr(n, "q", l->q != NULL ? l->q : "");
    if (l->agent > 0)
        xd_attr_int(n, "agent", l->agent);
    xd_attr(n, "sort", l->sort);
    xd_attr(n, "dir", l->desc ? "desc" : "asc");
    return n;
}

/* Start CSV file `filename` with its heading row. */
static void
csv_head(struct ctx *c, const char *filename, const char *const *head, size_t n)
{
    csv_begin(c, filename);
    for (size_t k = 0; k < n; k++)
        csv_text(c, head[k]);
    csv_row(c);
}

/* ==================================================================== */
/* GET /consignment                                                     */
/* ==================================================================== */

enum { AGE_30, AGE_60, AGE_90, AGE_OLDER, AGE_N };

/* One warehouse and product, or one agent's totals. */
struct cs_row {
    int64_t wh, product, party;
    const char *wh_code, *wh_name, *party_code, *party_name;
    const char *code, *name, *unit;
    int64_t on_hand, price, value, list_price, list_value;
    int64_t age[AGE_N]; /* units by days since they arrived */
    long oldest;        /* days; -1: no inbound move found */
    const char *oldest_on;
    int64_t left;   /* while placing: on hand not yet given an age */
    long n_wh;      /* (agent totals) warehouses */
    int sort, desc; /* the list's order, enum cs_sort (the same in every
                       row: qsort passes no context) */
};

static int
cmp_text(const char *a, const char *b)
{
    return strcmp(a != NULL ? a : "", b != NULL ? b : "");
}

static int
cmp_i64(int64_t a, int64_t b)
{
    return a < b ? -1 : a > b;
}

/* The list's order: the key chosen, then agent, warehouse, product. */
static int
cs_compare(const void *pa, const void *pb)
{
    const struct cs_row *a = pa, *b = pb;
    int r = 0;

    switch (a->sort) {
    case CS_WAREHOUSE: r = cmp_text(a->wh_code, b->wh_code); break;
    case CS_PRODUCT: r = cmp_text(a->code, b->code); break;
    case CS_ON_HAND: r = cmp_i64(a->on_hand, b->on_hand); break;
    case CS_VALUE: r = cmp_i64(a->value, b->value); break;
    case CS_AGE: r = cmp_i64(a->oldest, b->oldest); break;
    default: break; /* CS_AGENT: the tie-break below */
    }
    if (r == 0)
        r = cmp_text(a->party_code, b->party_code);
    if (r == 0)
        r = cmp_text(a->wh_code, b->wh_code);
    if (r == 0)
        r = cmp_text(a->code, b->code);
    return a->desc ? -r : r;
}

/* Give the part of row x's on hand that qty units arriving on move_on
 * make up its age. */
static void
cs_place(struct ctx *c, struct cs_row *x, int64_t qty, const char *move_on,
         long today)
{
    long age = today - clock_day_number(move_on);
    int64_t take = qty < x->left ? qty : x->left;

    if (take <= 0)
        return;
    if (age < 0)
        age = 0;
    x->age[age <= 30   ? AGE_30
           : age <= 60 ? AGE_60
           : age <= 90 ? AGE_90
                       : AGE_OLDER] += take;
    x->left -= take;
    if (age > x->oldest) {
        x->oldest = age;
        x->oldest_on = arena_strndup(c->a, move_on, 10);
    }
}

/*
 * The consignment stock of the filter p[] (CS_N_WHERE parameters): the
 * rows in *out (arena), their number in *n.  Ages from one cursor over
 * the inbound moves, merged with the rows (both in warehouse, product
 * order); values from the pricing function.  0 or -1 (recorded).
 */
static int
cs_compute(struct ctx *c, const struct db_param *p, const char *today,
           struct cs_row **out, size_t *n)
{
    struct db_rows r;
    struct db_cursor *cur;
    const char *const *row;
    struct cs_row *x;
    struct price_quote *qs;
    int64_t *ids;
    int *rcs;
    size_t n_cols, i = 0;
    long tday = clock_day_number(today);
    int rc;

    if (db_query(c->db, c->a, &sql_cs_rows, p, CS_N_WHERE, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    x = arena_zalloc(c->a, (r.n_rows + 1) * sizeof(*x));
    for (size_t k = 0; k < r.n_rows; k++) {
        x[k].wh = db_cell_int(&r, k, 0);
        x[k].product = db_cell_int(&r, k, 1);
        x[k].wh_code = db_cell(&r, k, 2);
        x[k].wh_name = db_cell(&r, k, 3);
        x[k].party = db_cell_int(&r, k, 4);
        x[k].party_code = db_cell(&r, k, 5);
        x[k].party_name = db_cell(&r, k, 6);
        x[k].code = db_cell(&r, k, 7);
        x[k].name = db_cell(&r, k, 8);
        x[k].unit = db_cell(&r, k, 9);
        x[k].on_hand = x[k].left = db_cell_int(&r, k, 10);
        x[k].list_price = db_cell_int(&r, k, 11);
        x[k].oldest = -1;
    }
    if (db_cursor_open(c->db, &sql_cs_inbound, p, CS_N_WHERE, &cur) != 0)
        return ctx_db_fail(c);
    while ((rc = db_cursor_next(cur, &row, &n_cols)) == 1) {
        int64_t wh = strtoll(row[0], NULL, 10);
        int64_t pr = strtoll(row[1], NULL, 10);

        while (i < r.n_rows &&
               (x[i].wh < wh || (x[i].wh == wh && x[i].product < pr)))
            i++;
        if (i < r.n_rows && x[i].wh == wh && x[i].product == pr &&
            row[3] != NULL)
            cs_place(c, &x[i], strtoll(row[2], NULL, 10), row[3], tday);
    }
    db_cursor_close(cur);
    if (rc < 0)
        return ctx_db_fail(c);
    /* the prices of each run of one agent's rows at once (the rows of a
     * warehouse are together, and a warehouse is one agent's) */
    ids = arena_alloc(c->a, (r.n_rows + 1) * sizeof(*ids));
    qs = arena_alloc(c->a, (r.n_rows + 1) * sizeof(*qs));
    rcs = arena_alloc(c->a, (r.n_rows + 1) * sizeof(*rcs));
    for (size_t k = 0, end; k < r.n_rows; k = end) {
        for (end = k; end < r.n_rows && x[end].party == x[k].party; end++)
            ids[end] = x[end].product;
        if (price_quote_many(c->db, c->a, x[k].party, ids + k, end - k, 1,
                             today, qs + k, rcs + k) != 0)
            return ctx_db_fail(c);
    }
    for (size_t k = 0; k < r.n_rows; k++) {
        x[k].price = rcs[k] == 0 ? qs[k].unit_price : x[k].list_price;
        if (rcs[k] == 0)
            x[k].list_price = qs[k].list_price;
        x[k].value = x[k].list_value = 0;
        if (consign_add_amount(&x[k].value, x[k].on_hand, x[k].price) != 0 ||
            consign_add_amount(&x[k].list_value, x[k].on_hand,
                               x[k].list_price) != 0)
            x[k].value = x[k].list_value = MONEY_MAX;
    }
    *out = x;
    *n = r.n_rows;
    return 0;
}

/* Each agent's totals over rows x[0..n) (in cs_compute's order: the
 * rows of one warehouse together), in agent code order, into *out; their
 * number in *n_out. */
static void
cs_totals(struct ctx *c, const struct cs_row *x, size_t n, struct cs_row **out,
          size_t *n_out)
{
    struct cs_row *t = arena_zalloc(c->a, (n + 1) * sizeof(*t));
    size_t m = 0;

    for (size_t k = 0; k < n; k++) {
        size_t j = 0;

        while (j < m && t[j].party != x[k].party)
            j++;
        if (j == m) {
            t[m].party = x[k].party;
            t[m].party_code = x[k].party_code;
            t[m].party_name = x[k].party_name;
            t[m].oldest = -1;
            m++;
        }
        /* a new warehouse of the agent: rows of one warehouse come
         * together in x (the SQL order) */
        if (t[j].wh != x[k].wh) {
            t[j].wh = x[k].wh;
            t[j].n_wh++;
        }
        t[j].on_hand += x[k].on_hand;
        if (consign_add_amount(&t[j].value, 1, x[k].value) != 0 ||
            consign_add_amount(&t[j].list_value, 1, x[k].list_value) != 0)
            t[j].value = t[j].list_value = MONEY_MAX;
        for (int b = 0; b < AGE_N; b++)
            t[j].age[b] += x[k].age[b];
        if (x[k].oldest > t[j].oldest) {
            t[j].oldest = x[k].oldest;
            t[j].oldest_on = x[k].oldest_on;
        }
    }
    qsort(t, m, sizeof(*t), cs_compare);
    *out = t;
    *n_out = m;
}

/* On hand, its values, the quantities by age and the oldest as
 * attributes (of an agent's totals or of a row). */
static void
stock_attrs(xmlNodePtr e, const struct cs_row *x)
{
    xd_attr_int(e, "on-hand", x->on_hand);
    xd_attr_money(e, "value", x->value);
    xd_attr_money(e, "list-value", x->list_value);
    xd_attr_int(e, "age-0-30", x->age[AGE_30]);
    xd_attr_int(e, "age-31-60", x->age[AGE_60]);
    xd_attr_int(e, "age-61-90", x->age[AGE_90]);
    xd_attr_int(e, "age-over-90", x->age[AGE_OLDER]);
    if (x->oldest >= 0) {
        xd_attr_int(e, "oldest-days", x->oldest);
        xd_attr(e, "oldest-on", x->oldest_on);
    }
}

static void
cs_csv(struct ctx *c, const struct cs_row *x, size_t n)
{
    static const char *const head[] = {
        "agent_code",  "agent_name", "warehouse_code", "warehouse_name",
        "product",     "name",       "unit",           "on_hand",
        "price",       "value",      "list_price",     "list_value",
        "age_0_30",    "age_31_60",  "age_61_90",      "age_over_90",
        "oldest_days", "oldest_on"};

    csv_head(c, "consignment.csv", head, XD_N(head));
    for (size_t i = 0; i < n; i++) {
        csv_text(c, x[i].party_code);
        csv_text(c, x[i].party_name);
        csv_text(c, x[i].wh_code);
        csv_text(c, x[i].wh_name);
        csv_text(c, x[i].code);
        csv_text(c, x[i].name);
        csv_text(c, x[i].unit);
        csv_num(c, arena_printf(c->a, "%" PRId64, x[i].on_hand));
        csv_num(c, money_plain(c->a, x[i].price));
        csv_num(c, money_plain(c->a, x[i].value));
        csv_num(c, money_plain(c->a, x[i].list_price));
        csv_num(c, money_plain(c->a, x[i].list_value));
        for (int b = 0; b < AGE_N; b++)
            csv_num(c, arena_printf(c->a, "%" PRId64, x[i].age[b]));
        csv_num(c, x[i].oldest >= 0 ? arena_printf(c->a, "%ld", x[i].oldest)
                                    : NULL);
        csv_text(c, x[i].oldest_on);
        csv_row(c);
    }
}

int
consign_cs_list(struct ctx *c)
{
    struct db_param p[CS_N_WHERE];
    struct list_args l;
    struct cs_row *x = NULL, *t;
    size_t n = 0, n_t, from, to;
    int64_t pages;
    xmlNodePtr list;
    char today[11];
    int s = 0;

    list_read(c, "agent", 0, &l, p);
    while (consign_stock_sorts[s] != NULL &&
           strcmp(consign_stock_sorts[s], l.sort) != 0)
        s++;
    p[4] = DB_TEXT(l.q);
    p[5] = DB_TEXT(l.like);
    p[6] = DB_TEXT(l.like);
    clock_day(today, 0);
    if (cs_compute(c, p, today, &x, &n) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        x[i].sort = s;
        x[i].desc = l.desc;
    }
    cs_totals(c, x, n, &t, &n_t);
    qsort(x, n, sizeof(*x), cs_compare);
    if (c->req->want_csv) {
        cs_csv(c, x, n);
        return 0;
    }

    pages = list_pages(&l, (int64_t)n);
    from = (size_t)(l.page - 1) * CONS_PAGE;
    to = from + CONS_PAGE < n ? from + CONS_PAGE : n;
    list = list_elem(c, "consign-stock", &l);
    xd_attr(list, "today", today);
    pager_attrs(list, l.page, pages, (int64_t)n, to > from ? to - from : 0);
    if (agent_options(c, list) != 0)
        return -1;
    for (size_t j = 0; j < n_t; j++) {
        xmlNodePtr e = xd_elem(list, "agent");

        xd_attr_int(e, "party-id", t[j].party);
        xd_attr(e, "code", t[j].party_code);
        xd_attr(e, "name", t[j].party_name);
        xd_attr_int(e, "warehouses", t[j].n_wh);
        stock_attrs(e, &t[j]);
    }
    for (size_t i = from; i < to; i++) {
        xmlNodePtr e = xd_elem(list, "row");

        xd_attr_int(e, "party-id", x[i].party);
        xd_attr(e, "party-code", x[i].party_code);
        xd_attr(e, "party-name", x[i].party_name);
        xd_attr_int(e, "warehouse-id", x[i].wh);
        xd_attr(e, "warehouse-code", x[i].wh_code);
        xd_attr(e, "warehouse-name", x[i].wh_name);
        xd_attr_int(e, "product-id", x[i].product);
        xd_attr(e, "code", x[i].code);
        xd_attr(e, "name", x[i].name);
        xd_attr(e, "unit", x[i].unit);
        xd_attr_money(e, "price", x[i].price);
        xd_attr_money(e, "list-price", x[i].list_price);
        stock_attrs(e, &x[i]);
    }
    return 0;
}

/* ==================================================================== */
/* GET /consignment/reports                                             */
/* ==================================================================== */

static const struct db_sql *
rp_statement(const char *sort, int desc)
{
    static const struct db_sql *const table[][2] = {
        {&sql_rp_date_asc, &sql_rp_date_desc},
        {&sql_rp_number_asc, &sql_rp_number_desc},
        {&sql_rp_agent_asc, &sql_rp_agent_desc},
        {&sql_rp_amount_asc, &sql_rp_amount_desc},
        {&sql_rp_status_asc, &sql_rp_status_desc},
    };

    for (int i = 0; consign_report_sorts[i] != NULL; i++)
        if (strcmp(consign_report_sorts[i], sort) == 0)
            return table[i][desc];
    return table[0][desc];
}

static void
rp_csv(struct ctx *c, const struct db_rows *r)
{
    static const char *const head[] = {
        "number", "date", "status", "agent_code", "agent_name", "warehouse",
        "lines",  "qty",  "amount", "created_at", "posted_at",  "ref_no"};

    csv_head(c, "sell-through.csv", head, XD_N(head));
    for (size_t i = 0; i < r->n_rows; i++) {
        csv_text(c, db_cell(r, i, 1));
        csv_text(c, text_iso_date(c->a, db_cell(r, i, 2)));
        csv_text(c, db_cell(r, i, 3));
        csv_text(c, db_cell(r, i, 9));
        csv_text(c, db_cell(r, i, 10));
        csv_text(c, db_cell(r, i, 6));
        csv_num(c, db_cell(r, i, 11));
        csv_num(c, db_cell(r, i, 12));
        csv_num(c, money_plain(c->a, db_cell_int(r, i, 4)));
        csv_text(c, text_iso_ts(c->a, db_cell(r, i, 13)));
        csv_text(c, text_iso_ts(c->a, db_cell(r, i, 14)));
        csv_text(c, db_cell(r, i, 15));
        csv_row(c);
    }
}

int
consign_rp_list(struct ctx *c)
{
    const char *status = param_text(c->req, "status");
    const char *from, *to;
    struct db_param p[RP_N_WHERE];
    struct db_rows rows, count;
    struct list_args l;
    int64_t total, pages;
    xmlNodePtr list;

    from = form_date(c, "from", 0);
    to = form_date(c, "to", 0);
    if (!form_ok(c))
        return ctx_fail(c, 400, "bad_param", "a date as YYYY-MM-DD", NULL);
    /* newest first unless asked otherwise */
    list_read(c, "date", param_text(c->req, "sort") == NULL, &l, p);
    p[4] = DB_TEXT(status);
    p[5] = DB_TEXT(status);
    p[6] = DB_TEXT(from);
    p[7] = DB_TEXT(from);
    p[8] = DB_TEXT(to);
    p[9] = DB_TEXT(to);
    p[10] = DB_TEXT(l.q);
    p[11] = DB_TEXT(l.like);
    p[12] = DB_TEXT(l.like);
    if (c->req->want_csv) {
        if (db_query(c->db, c->a, rp_statement(l.sort, l.desc), p, RP_N_WHERE,
                     0, 0, &rows) != 0)
            return ctx_db_fail(c);
        rp_csv(c, &rows);
        return 0;
    }
    if (db_query(c->db, c->a, &sql_rp_count, p, RP_N_WHERE, 0, 0, &count) != 0)
        return ctx_db_fail(c);
    total = db_cell_int(&count, 0, 0);
    pages = list_pages(&l, total);
    if (db_query(c->db, c->a, rp_statement(l.sort, l.desc), p, RP_N_WHERE,
                 CONS_PAGE, (long)((l.page - 1) * CONS_PAGE), &rows) != 0)
        return ctx_db_fail(c);

    list = list_elem(c, "consign-reports", &l);
    xd_attr(list, "status", status);
    xd_attr(list, "from", from);
    xd_attr(list, "to", to);
    pager_attrs(list, l.page, pages, total, rows.n_rows);
    if (consign_is_agent(c) || consign_is_poster(c))
        xd_attr(list, "can-create", "true");
    if (agent_options(c, list) != 0)
        return -1;
    for (size_t i = 0; i < rows.n_rows; i++) {
        xmlNodePtr e = xd_elem(list, "report");

        xd_row(e, &rows, i, rp_names, XD_N(rp_names));
        xd_attr(e, "doc-on", text_iso_date(c->a, db_cell(&rows, i, 2)));
        xd_money_cell(e, "amount", &rows, i, 4);
        page_ts_cell(c, e, "created-at", &rows, i, 13);
        page_ts_cell(c, e, "posted-at", &rows, i, 14);
    }
    return 0;
}
