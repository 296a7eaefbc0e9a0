/*
 * consign.c - consignment (寄售/代销, issue 6): the company's stock held in
 * agents' consignment warehouses, and the sell-through reports in which
 * an agent says what it sold from them.
 *
 * Pages:  GET  /consignment[.csv]            consignment stock per agent in
 *                                            scope: warehouses, products,
 *                                            on hand, value, age (FIFO)
 *         GET  /consignment/reports[.csv]    sell-through reports: filter,
 *                                            sort, page
 *         GET  /consignment/reports/new      form; POST saves a draft
 *         GET  /consignment/reports/{id}     one report: lines, amounts, the
 *                                            ledger entry once posted
 *         GET  /consignment/reports/{id}/edit   form; POST saves (draft)
 *         POST /consignment/reports/{id}/submit the agent hands it in
 *                                            (draft -> pending)
 *         POST /consignment/reports/{id}/post   staff post it (-> posted)
 *         POST /consignment/reports/{id}/cancel (draft, pending ->
 *                                            cancelled)
 *         GET  /consignment/reports/{id}/print  laid out for paper
 * Tables: stock_doc (kind 'sellthru') and stock_doc_line written;
 *         stock_move, stock_balance, warehouse through stock.h; ledger_entry
 *         and party_account through ledger.h; product, party, org_unit,
 *         qd_user, user_scope read (schema/0007-inventory.xml).
 * Style:  xsl/consign.xsl; text in xsl/i18n/<lang>/consign.xml; documents
 *         in schema/xsd/consign.xsd.
 *
 * The stock in a consignment warehouse (warehouse.kind 'consignment',
 * party_id the agent) stays the company's until the agent reports it
 * sold.  Posting a report issues the goods from that warehouse (stock
 * move kind 'sellthru', on_hand -qty) and charges the agent (ledger entry
 * kind and bucket 'receivable', source_type 'sellthru', source_id the
 * report) in one unit of work: the guarded status transition first
 * (PORTABILITY.md item 9), then stock_lock and the moves in increasing
 * product id, the amount recomputed from the lines, the ledger entry, the
 * review of the agent's overdue hold, the audit record.  Any refusal (not
 * enough stock, a stocktake, a closed period or warehouse, no account)
 * rolls all of it back and answers 409 naming the product.
 *
 * Who does what.  An agent's own users (permission consign.report, sitting
 * at the agent's party) write reports for their party's consignment
 * warehouses and hand them in; staff with stock.post write them for any
 * agent whose warehouse is in their scope, and post.  The agent never
 * posts its own report: it submits (draft -> pending) and staff confirm
 * it (pending -> posted), so goods and money leave the company's books
 * only on the word of someone of the company.  Staff may post a draft of
 * their own directly, but not an agent's draft that was not handed in.
 * Only staff may type a line's price; an agent's lines take the agent's
 * price from the pricing function (price_quote, on the report's date), so
 * an agent cannot lower what it owes (SECURITY.md class 9).
 *
 * The due date of the receivable is the report's date plus
 * CONS_DUE_DAYS: the schema has no payment terms per party (party has no
 * payment-days column and the only credit setting is
 * credit.overdue_days), so one term for every agent, here.
 *
 * Scope (SECURITY.md class 1): every read joins the warehouse and filters
 * with SCOPE_PARTY_SQL on its unit and party (staff: the unit in their
 * subtree; agents: their channel subtree), in HTML, XML, CSV and print
 * alike; a report of another scope answers 404 exactly like a missing
 * one.
 *
 * Writes: a new report's form takes a one-time id from the key table into
 * a hidden field and the draft is inserted with it, so a second
 * submission meets the primary key and changes nothing; edits and status
 * changes are guarded by the row's version (409 when stale).
 *
 * The consignment stock page values each warehouse and product at the
 * agent's unit price today (price_quote for one unit: what a report of
 * it would charge, before quantity breaks) and at the list price.  Its
 * age is FIFO: the on-hand quantity is made of the most recent inbound
 * on-hand moves into that warehouse; each part is as old as the move that
 * brought it.  Computed in C over one ordered cursor of those moves, then
 * sorted and paged in memory (the totals per agent cover every row).
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ledger.h"
#include "price.h"
#include "stock.h"
#include "stocklines.h"

#include "../core/audit.h"
#include "../core/auth.h"
#include "../core/clock.h"
#include "../core/csv.h"
#include "../core/ctx.h"
#include "../core/docno.h"
#include "../core/form.h"
#include "../core/money.h"
#include "../core/page.h"
#include "../core/scope.h"
#include "../core/text.h"
#include "../core/xd.h"
#include "../db/db.h"

#define CONS_PAGE     50   /* rows per list page */
#define CONS_PREFIX   "JS" /* document numbers: JS-YYYYMMDD-id (寄售) */
#define CONS_DUE_DAYS 30   /* the receivable falls due this much later */
#define CONS_NOTE     500
#define CONS_REF      40
#define CONS_HISTORY  50

#define PERM_REPORT "consign.report"
#define PERM_POST   "stock.post"

/* Results of a unit of work besides 0 and -1. */
enum cons_uow { CONS_CONFLICT = 100, CONS_DUPLICATE, CONS_REFUSED };

/* The orders of /consignment (enum cs_sort: the same order). */
static const char *const stock_sorts[] = {
    "agent", "warehouse", "product", "on_hand", "value", "age", NULL};
enum cs_sort {
    CS_AGENT,
    CS_WAREHOUSE,
    CS_PRODUCT,
    CS_ON_HAND,
    CS_VALUE,
    CS_AGE
};
static const char *const report_sorts[] = {"date",   "number", "agent",
                                           "amount", "status", NULL};
static const char *const dirs[] = {"asc", "desc", NULL};
static const char *const statuses[] = {"draft", "pending", "posted",
                                       "cancelled", NULL};
static const char *const dones[] = {"saved",  "duplicate", "submitted",
                                    "posted", "cancelled", NULL};

/* ==================================================================== */
/* Statements                                                           */
/* ==================================================================== */

/* The consignment warehouses a user may report for: scope (2); the
 * agent's own party (2: NULL for staff); one warehouse (2: NULL for
 * all). */
DB_STATEMENT(
    sql_cons_warehouses, 0,
    "SELECT w.id, w.code, w.name, pa.id, pa.code, pa.name"
    " FROM warehouse w"
    " JOIN party pa ON pa.id = w.party_id"
    " WHERE w.kind = 'consignment' AND w.status = 'active'"
    " AND " SCOPE_PARTY_SQL(
        "w.unit_id",
        "w.party_id") " AND (CAST(? AS DECIMAL(19)) IS NULL OR w.party_id = ?)"
                      " AND (CAST(? AS DECIMAL(19)) IS NULL OR w.id = ?)"
                      " ORDER BY pa.code, w.code");

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

/* One report in the scope: id, scope (2).  by_agent: written by a user
 * who sits at a channel party. */
DB_STATEMENT(sql_doc_get, 0,
             "SELECT d.id, d.doc_no, d.status, d.warehouse_id, w.code, w.name,"
             " d.party_id, pa.code, pa.name, d.doc_on, d.ref_no, d.note,"
             " d.amount, d.created_at, cu.login, d.posted_at, pu.login,"
             " d.version, u.code, u.name,"
             " CASE WHEN EXISTS (SELECT 1 FROM user_scope us"
             " WHERE us.user_id = d.created_by AND us.party_id IS NOT NULL)"
             " THEN 1 ELSE 0 END,"
             " pa.address, pa.contact, pa.phone, w.address"
             " FROM stock_doc d"
             " JOIN warehouse w ON w.id = d.warehouse_id"
             " JOIN org_unit u ON u.id = w.unit_id"
             " LEFT JOIN party pa ON pa.id = d.party_id"
             " LEFT JOIN qd_user cu ON cu.id = d.created_by"
             " LEFT JOIN qd_user pu ON pu.id = d.posted_by"
             " WHERE d.id = ? AND d.kind = 'sellthru'"
             " AND " SCOPE_PARTY_SQL("w.unit_id", "w.party_id"));
/* Its columns, and their attributes (NULL: written otherwise). */
/* clang-format off */
enum {
    D_ID, D_NO, D_STATUS, D_WH, D_WH_CODE, D_WH_NAME, D_PARTY, D_PARTY_CODE,
    D_PARTY_NAME, D_ON, D_REF, D_NOTE, D_AMOUNT, D_CREATED_AT, D_CREATED_BY,
    D_POSTED_AT, D_POSTED_BY, D_VERSION, D_UNIT_CODE, D_UNIT_NAME, D_BY_AGENT,
    D_ADDRESS, D_CONTACT, D_PHONE, D_WH_ADDRESS
};
static const char *const doc_names[] = {
    "id", "doc-no", "status", "warehouse-id", "warehouse-code",
    "warehouse-name", "party-id", "party-code", "party-name", NULL,
    "ref-no", "note", NULL, NULL, "created-by", NULL, "posted-by", "version",
    "unit-code", "unit-name", NULL, "address", "contact", "phone",
    "warehouse-address"};
/* clang-format on */

/* The lines with the warehouse's on hand now. */
DB_STATEMENT(sql_doc_lines, 0,
             "SELECT l.line_no, l.product_id, pr.code, pr.name, pr.unit,"
             " l.qty, l.price, l.note, COALESCE(b.on_hand, 0)"
             " FROM stock_doc_line l"
             " JOIN stock_doc d ON d.id = l.doc_id"
             " JOIN product pr ON pr.id = l.product_id"
             " LEFT JOIN stock_balance b ON b.warehouse_id = d.warehouse_id"
             " AND b.product_id = l.product_id"
             " WHERE l.doc_id = ?"
             " ORDER BY l.line_no");
static const char *const line_names[] = {"line-no", "product-id", "code",
                                         "name",    "unit",       "qty",
                                         NULL,      "note",       "on-hand"};
/* The lines as posting moves them: in increasing product id. */
DB_STATEMENT(sql_post_lines, 0,
             "SELECT l.line_no, l.product_id, l.qty, l.price, pr.code, pr.name"
             " FROM stock_doc_line l"
             " JOIN product pr ON pr.id = l.product_id"
             " WHERE l.doc_id = ?"
             " ORDER BY l.product_id");
/* The receivable a posted report charged. */
DB_STATEMENT(sql_doc_entry, 0,
             "SELECT id, amount, entry_on, due_on, posted_at"
             " FROM ledger_entry"
             " WHERE source_type = 'sellthru' AND source_id = ?"
             " AND bucket = 'receivable'");
/* A report by id, in any scope (a used one-time id: whose is it?). */
DB_STATEMENT(sql_doc_owner, 0,
             "SELECT kind, created_by FROM stock_doc WHERE id = ?");
/* Ids handed out so far (a form's one-time id must be one of them). */
DB_STATEMENT(sql_doc_key_next, 0,
             "SELECT next_id FROM qd_key WHERE name = 'stock_doc'");

DB_STATEMENT(sql_doc_insert, 0,
             "INSERT INTO stock_doc (id, doc_no, kind, status, warehouse_id,"
             " party_id, doc_on, ref_no, note, amount, created_at,"
             " created_by, version)"
             " VALUES (?, ?, 'sellthru', 'draft', ?, ?, ?, ?, ?, ?, ?, ?, 1)");
DB_STATEMENT(sql_line_insert, 0,
             "INSERT INTO stock_doc_line (doc_id, line_no, product_id, qty,"
             " price, cond, note)"
             " VALUES (?, ?, ?, ?, ?, 'sellable', ?)");
DB_STATEMENT(sql_lines_delete, 0,
             "DELETE FROM stock_doc_line WHERE doc_id = ?");
/* Edit a draft: its fields; id, version. */
DB_STATEMENT(sql_doc_update, 0,
             "UPDATE stock_doc"
             " SET doc_no = ?, warehouse_id = ?, party_id = ?, doc_on = ?,"
             " ref_no = ?, note = ?, amount = ?, version = version + 1"
             " WHERE id = ? AND kind = 'sellthru' AND status = 'draft'"
             " AND version = ?");
/* The agent hands a draft of its own party in: id, version, party. */
DB_STATEMENT(sql_doc_submit, 0,
             "UPDATE stock_doc SET status = 'pending', version = version + 1"
             " WHERE id = ? AND kind = 'sellthru' AND status = 'draft'"
             " AND version = ? AND party_id = ?");
/* Cancel: id, version, the agent's party (2: NULL for staff). */
DB_STATEMENT(sql_doc_cancel, 0,
             "UPDATE stock_doc SET status = 'cancelled', version = version + 1"
             " WHERE id = ? AND kind = 'sellthru'"
             " AND status IN ('draft', 'pending') AND version = ?"
             " AND (CAST(? AS DECIMAL(19)) IS NULL OR party_id = ?)");
/* Post: posted_at, posted_by; id, version.  From pending, or from a draft
 * that staff wrote (an agent's draft waits until it is handed in). */
DB_STATEMENT(sql_doc_post, 0,
             "UPDATE stock_doc"
             " SET status = 'posted', posted_at = ?, posted_by = ?,"
             " version = version + 1"
             " WHERE id = ? AND kind = 'sellthru' AND version = ?"
             " AND (status = 'pending' OR (status = 'draft'"
             " AND NOT EXISTS (SELECT 1 FROM user_scope us"
             " WHERE us.user_id = stock_doc.created_by"
             " AND us.party_id IS NOT NULL)))");
DB_STATEMENT(sql_doc_amount, 0, "UPDATE stock_doc SET amount = ? WHERE id = ?");

/* ==================================================================== */
/* Helpers                                                              */
/* ==================================================================== */

/* qty x price added to *sum, within MONEY_MAX.  0, or -1 when too
 * large. */
static int
add_amount(int64_t *sum, int64_t qty, int64_t price)
{
    int64_t line;

    if (__builtin_mul_overflow(qty, price, &line) || line > MONEY_MAX ||
        __builtin_add_overflow(*sum, line, sum) || *sum > MONEY_MAX)
        return -1;
    return 0;
}

/* Run a guarded UPDATE: 0 when it changed a row, CONS_CONFLICT when its
 * guard matched none, -1 on a database error. */
static int
exec_guarded(struct db *db, const struct db_sql *sql, const struct db_param *p,
             size_t np)
{
    long n = 0;

    if (db_exec(db, sql, p, np, &n) != 0)
        return -1;
    return n > 0 ? 0 : CONS_CONFLICT;
}

/* Days since 1970-01-01 of an ISO date (its first ten characters). */
static long
day_number(const char *iso)
{
    struct tm tm;

    memset(&tm, 0, sizeof(tm));
    tm.tm_year = atoi(iso) - 1900;
    tm.tm_mon = atoi(iso + 5) - 1;
    tm.tm_mday = atoi(iso + 8);
    tm.tm_hour = 12;
    return (long)(timegm(&tm) / 86400);
}

/* The ISO date `days` after iso, into out[11]. */
static void
date_add(const char *iso, int days, char out[11])
{
    struct tm tm;
    time_t t;

    memset(&tm, 0, sizeof(tm));
    tm.tm_year = atoi(iso) - 1900;
    tm.tm_mon = atoi(iso + 5) - 1;
    tm.tm_mday = atoi(iso + 8) + days;
    tm.tm_hour = 12;
    t = timegm(&tm);
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* A user of the agent's side who may report (sits at a channel party). */
static int
is_agent(const struct ctx *c)
{
    return c->user != NULL && c->user->party_id > 0 && auth_can(c, PERM_REPORT);
}

/* Staff who may write reports for any agent in scope and post them. */
static int
is_poster(const struct ctx *c)
{
    return c->user != NULL && c->user->party_id <= 0 && auth_can(c, PERM_POST);
}

/* The routes whose permission (stock.view) is refined here: either of
 * the two above, else 403. */
static int
need_writer(struct ctx *c)
{
    if (is_agent(c) || is_poster(c))
        return 0;
    return ctx_fail(c, 403, "forbidden",
                    "only the agent's own users (consign.report) or staff "
                    "who post stock (stock.post) write sell-through reports",
                    NULL);
}

/* May this user change report d (a draft or pending one)?  The agent only
 * its own party's reports; staff any in scope. */
static int
may_write(const struct ctx *c, const struct db_rows *d)
{
    if (is_poster(c))
        return 1;
    return is_agent(c) && db_cell_int(d, 0, D_PARTY) == c->user->party_id;
}

static int
status_is(const struct db_rows *d, const char *status)
{
    const char *s = db_cell(d, 0, D_STATUS);

    return s != NULL && strcmp(s, status) == 0;
}

/* Look report id up in the scope into *d: 0 found, else the 404 / 500
 * recorded (-1). */
static int
find_doc(struct ctx *c, int64_t id, struct db_rows *d)
{
    struct db_param p[3];

    if (id <= 0)
        return page_not_found(c, "stock_doc", id);
    p[0] = DB_INT(id);
    p[1] = DB_INT(scope_unit(c));
    p[2] = DB_INT(scope_party(c));
    if (db_query(c->db, c->a, &sql_doc_get, p, 3, 0, 0, d) != 0)
        return ctx_db_fail(c);
    if (d->n_rows == 0)
        return page_not_found(c, "stock_doc", id);
    return 0;
}

/* The consignment warehouses this user may report for (one when wh > 0)
 * into *r.  0 or -1 (recorded). */
static int
fetch_warehouses(struct ctx *c, int64_t wh, struct db_rows *r)
{
    struct db_param p[6];
    int agent = c->user != NULL && c->user->party_id > 0;

    p[0] = DB_INT(scope_unit(c));
    p[1] = DB_INT(scope_party(c));
    p[2] = agent ? DB_INT(c->user->party_id) : DB_NULLP;
    p[3] = p[2];
    p[4] = wh > 0 ? DB_INT(wh) : DB_NULLP;
    p[5] = p[4];
    if (db_query(c->db, c->a, &sql_cons_warehouses, p, 6, 0, 0, r) != 0)
        return ctx_db_fail(c);
    return 0;
}

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
    xd_attr_int(n, "page", page);
    xd_attr_int(n, "pages", pages);
    xd_attr_int(n, "total", total);
    xd_attr_int(n, "per-page", CONS_PAGE);
    xd_attr_int(n, "first", shown ? (page - 1) * CONS_PAGE + 1 : 0);
    xd_attr_int(n, "last", (page - 1) * CONS_PAGE + (int64_t)shown);
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
    long age = today - day_number(move_on);
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
    size_t n_cols, i = 0;
    long tday = day_number(today);
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
    for (size_t k = 0; k < r.n_rows; k++) {
        struct price_quote q;

        rc = price_quote(c->db, c->a, x[k].party, x[k].product, 1, today, &q);
        if (rc < 0)
            return ctx_db_fail(c);
        x[k].price = rc == 0 ? q.unit_price : x[k].list_price;
        if (rc == 0)
            x[k].list_price = q.list_price;
        x[k].value = x[k].list_value = 0;
        if (add_amount(&x[k].value, x[k].on_hand, x[k].price) != 0 ||
            add_amount(&x[k].list_value, x[k].on_hand, x[k].list_price) != 0)
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
        if (add_amount(&t[j].value, 1, x[k].value) != 0 ||
            add_amount(&t[j].list_value, 1, x[k].list_value) != 0)
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

static int
cs_list(struct ctx *c)
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
    while (stock_sorts[s] != NULL && strcmp(stock_sorts[s], l.sort) != 0)
        s++;
    p[4] = DB_TEXT(l.q);
    p[5] = DB_TEXT(l.like);
    p[6] = DB_TEXT(l.like);
    ledger_today(today);
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

    for (int i = 0; report_sorts[i] != NULL; i++)
        if (strcmp(report_sorts[i], sort) == 0)
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

static int
rp_list(struct ctx *c)
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
    if (is_agent(c) || is_poster(c))
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

/* ==================================================================== */
/* GET /consignment/reports/{id} and /print                             */
/* ==================================================================== */

/*
 * Fill element `elem` (consign-report or consign-print) with report d:
 * its fields, its lines (with the warehouse's on hand now, short="true"
 * where a draft asks for more), the ledger entry once posted, and for
 * the page the actions the user may take and the history.  0 or -1.
 */
static int
doc_page(struct ctx *c, const struct db_rows *d, const char *elem, int full)
{
    struct db_param p[1] = {DB_INT(db_cell_int(d, 0, D_ID))};
    struct db_rows l, e;
    int open = status_is(d, "draft") || status_is(d, "pending");
    int64_t qty = 0;
    xmlNodePtr n;

    if (db_query(c->db, c->a, &sql_doc_lines, p, 1, 0, 0, &l) != 0 ||
        db_query(c->db, c->a, &sql_doc_entry, p, 1, 0, 0, &e) != 0)
        return ctx_db_fail(c);
    n = ctx_data(c, elem);
    xd_row(n, d, 0, doc_names, XD_N(doc_names));
    xd_attr(n, "doc-on", text_iso_date(c->a, db_cell(d, 0, D_ON)));
    xd_money_cell(n, "amount", d, 0, D_AMOUNT);
    page_ts_cell(c, n, "created-at", d, 0, D_CREATED_AT);
    page_ts_cell(c, n, "posted-at", d, 0, D_POSTED_AT);
    if (db_cell_int(d, 0, D_BY_AGENT))
        xd_attr(n, "by-agent", "true");
    if (full) {
        if (status_is(d, "draft") && may_write(c, d))
            xd_attr(n, "can-edit", "true");
        if (status_is(d, "draft") && is_agent(c) &&
            db_cell_int(d, 0, D_PARTY) == c->user->party_id)
            xd_attr(n, "can-submit", "true");
        if (is_poster(c) &&
            (status_is(d, "pending") ||
             (status_is(d, "draft") && !db_cell_int(d, 0, D_BY_AGENT))))
            xd_attr(n, "can-post", "true");
        if (open && may_write(c, d))
            xd_attr(n, "can-cancel", "true");
        page_can(c, n, "can-ledger", "ledger.view");
    }
    for (size_t i = 0; i < l.n_rows; i++) {
        xmlNodePtr x = xd_elem(n, "line");
        int64_t amount = 0;

        xd_row(x, &l, i, line_names, XD_N(line_names));
        xd_money_cell(x, "price", &l, i, 6);
        if (add_amount(&amount, db_cell_int(&l, i, 5), db_cell_int(&l, i, 6)))
            amount = MONEY_MAX;
        xd_attr_money(x, "amount", amount);
        if (open && db_cell_int(&l, i, 8) < db_cell_int(&l, i, 5))
            xd_attr(x, "short", "true");
        qty += db_cell_int(&l, i, 5);
    }
    xd_attr_int(n, "qty", qty);
    if (e.n_rows > 0) {
        xmlNodePtr x = xd_elem(n, "entry");

        xd_cell(x, "id", &e, 0, 0);
        xd_money_cell(x, "amount", &e, 0, 1);
        xd_attr(x, "entry-on", text_iso_date(c->a, db_cell(&e, 0, 2)));
        xd_attr(x, "due-on", text_iso_date(c->a, db_cell(&e, 0, 3)));
        page_ts_cell(c, x, "posted-at", &e, 0, 4);
    }
    if (full &&
        page_history(c, n, "stock_doc", db_cell_int(d, 0, D_ID), CONS_HISTORY))
        return ctx_db_fail(c);
    return 0;
}

static int
doc_show(struct ctx *c)
{
    static const char *const texts[] = {
        "the report is saved as a draft",
        "already saved: this form was sent before, nothing was changed",
        "the report is handed in: it waits for the company to post it",
        "the report is posted: the stock is issued and the agent charged",
        "the report is cancelled"};
    const char *done = param_text(c->req, "done");
    struct db_rows d;

    if (find_doc(c, page_id(c), &d) != 0)
        return -1;
    for (size_t i = 0; done != NULL && dones[i] != NULL; i++)
        if (strcmp(dones[i], done) == 0)
            ctx_message(c, "info", dones[i], NULL, texts[i]);
    return doc_page(c, &d, "consign-report", 1);
}

static int
doc_print(struct ctx *c)
{
    struct db_rows d;

    if (find_doc(c, page_id(c), &d) != 0)
        return -1;
    return doc_page(c, &d, "consign-print", 0);
}

/* ==================================================================== */
/* The form: new and edit                                               */
/* ==================================================================== */

/* What the form saves. */
struct save_work {
    struct ctx *c;
    int64_t id, version; /* version 0: a new report */
    int64_t wh, party, user, amount;
    char doc_no[DOCNO_MAX];
    const char *doc_on, *ref_no, *note, *detail;
    struct stock_line *lines;
    int n;
};

/* The form's fields as attributes: what was typed, or what is saved. */
static const char *const form_fields[] = {"warehouse", "warehouse", "doc_on",
                                          "doc-on",    "ref_no",    "ref-no",
                                          "note",      "note",      NULL};

/*
 * The form page: new (d NULL, the one-time id doc) or edit of report d;
 * echo: what was typed (refused, 422/409), else the saved values (d) or
 * the defaults.  The form element goes to *out (may be NULL).  0 or -1.
 */
static int
form_page(struct ctx *c, const struct db_rows *d, int64_t doc, int echo,
          xmlNodePtr *out)
{
    static const char *const names[] = {"id",       "code",       "name",
                                        "party-id", "party-code", "party-name"};
    struct db_rows w;
    xmlNodePtr f;
    char today[11];

    if (fetch_warehouses(c, 0, &w) != 0)
        return -1;
    ledger_today(today);
    f = ctx_data(c, "consign-form");
    xd_attr(f, "mode", d != NULL ? "edit" : "new");
    xd_attr(f, "today", today);
    if (is_poster(c))
        xd_attr(f, "prices", "true");
    if (d != NULL) {
        xd_cell(f, "id", d, 0, D_ID);
        xd_cell(f, "doc-no", d, 0, D_NO);
        xd_cell(f, "version", d, 0, D_VERSION);
        xd_cell(f, "party-code", d, 0, D_PARTY_CODE);
        xd_cell(f, "party-name", d, 0, D_PARTY_NAME);
    } else {
        xd_attr_int(f, "doc", doc);
    }
    if (echo) {
        page_echo(c, f, form_fields);
        xd_text(f, "lines", param_text(c->req, "lines"));
    } else if (d != NULL) {
        struct db_param p[1] = {DB_INT(db_cell_int(d, 0, D_ID))};
        struct stock_line *lines;
        struct db_rows l;

        xd_cell(f, "warehouse", d, 0, D_WH);
        xd_attr(f, "doc-on", text_iso_date(c->a, db_cell(d, 0, D_ON)));
        xd_cell(f, "ref-no", d, 0, D_REF);
        xd_cell(f, "note", d, 0, D_NOTE);
        if (db_query(c->db, c->a, &sql_doc_lines, p, 1, 0, 0, &l) != 0)
            return ctx_db_fail(c);
        lines = arena_zalloc(c->a, (l.n_rows + 1) * sizeof(*lines));
        for (size_t i = 0; i < l.n_rows; i++) {
            lines[i].code = db_cell(&l, i, 2);
            lines[i].qty = db_cell_int(&l, i, 5);
            lines[i].price =
                db_cell(&l, i, 6) != NULL ? db_cell_int(&l, i, 6) : -1;
            lines[i].note = db_cell(&l, i, 7);
        }
        xd_text(f, "lines",
                stock_lines_text(c->a, lines, (int)l.n_rows,
                                 is_poster(c) ? STOCK_LINES_PRICE : 0));
    } else {
        xd_attr(f, "doc-on", today);
        if (w.n_rows == 1)
            xd_cell(f, "warehouse", &w, 0, 0);
    }
    xd_rows(f, "warehouse", &w, names, XD_N(names));
    if (out != NULL)
        *out = f;
    return 0;
}

static int
doc_new(struct ctx *c)
{
    int64_t doc;

    if (need_writer(c) != 0)
        return -1;
    /* the one-time id: taken outside any transaction, so its bank is
     * committed and never handed out again */
    db_rollback(c->db);
    if (db_next_id(c->db, "stock_doc", &doc) != 0)
        return ctx_db_fail(c);
    return form_page(c, NULL, doc, 0, NULL);
}

/* Does a line's note start with an amount (a price typed where the
 * line takes none)? */
static int
looks_like_price(const char *note)
{
    char word[32];
    size_t n;
    int64_t fen;

    if (note == NULL)
        return 0;
    n = strcspn(note, " \t,");
    if (n == 0 || n >= sizeof(word))
        return 0;
    memcpy(word, note, n);
    word[n] = '\0';
    return money_parse(word, &fen) == 0;
}

/*
 * Read the form into *w: the warehouse (one the user may report for; it
 * names the agent), the date (not in the future), the reference, the
 * note, the lines, each line's price (typed by staff, else the agent's
 * price on the date) and the total.  0 when all is well, 1 when the form
 * is refused (422, messages recorded), -1 on a database failure
 * (recorded).
 */
static int
read_form(struct ctx *c, struct save_work *w)
{
    struct db_rows wh;
    char today[11];
    int agent = !is_poster(c);

    w->c = c;
    w->user = c->user->id;
    if (form_int(c, "warehouse", FORM_REQUIRED, 1, INT64_MAX, &w->wh) == 0) {
        if (fetch_warehouses(c, w->wh, &wh) != 0)
            return -1;
        if (wh.n_rows == 0)
            form_error(c, "warehouse", "bad_choice",
                       "not a consignment warehouse you may report for");
        else
            w->party = db_cell_int(&wh, 0, 3);
    }
    w->doc_on = form_date(c, "doc_on", FORM_REQUIRED);
    ledger_today(today);
    if (w->doc_on != NULL && strcmp(w->doc_on, today) > 0)
        form_error(c, "doc_on", "future_date",
                   "the report cannot be dated in the future");
    w->ref_no = form_text(c, "ref_no", 0, CONS_REF);
    w->note = form_text(c, "note", FORM_MULTILINE, CONS_NOTE);
    w->n =
        stock_lines_form(c, "lines", agent ? 0 : STOCK_LINES_PRICE, &w->lines);
    if (w->n < 0)
        return ctx_db_fail(c);
    for (int i = 0; agent && i < w->n; i++)
        if (looks_like_price(w->lines[i].note))
            form_error(c, "lines", "no_price",
                       arena_printf(c->a,
                                    "line %d: the price comes from your "
                                    "price list; leave it out (a note "
                                    "cannot start with a number)",
                                    w->lines[i].line_no));
    if (!form_ok(c))
        return 1;

    w->amount = 0;
    for (int i = 0; i < w->n; i++) {
        struct stock_line *l = &w->lines[i];

        if (l->price < 0) {
            struct price_quote q;
            int rc = price_quote(c->db, c->a, w->party, l->product_id, l->qty,
                                 w->doc_on, &q);

            if (rc < 0)
                return ctx_db_fail(c);
            l->price = rc == 0 ? q.unit_price : 0;
        }
        if (add_amount(&w->amount, l->qty, l->price) != 0) {
            form_error(c, "lines", "too_large",
                       arena_printf(c->a, "line %d: the amount is too large",
                                    l->line_no));
            return 1;
        }
    }
    return 0;
}

static int
save_uow(struct db *db, void *arg)
{
    struct save_work *w = arg;
    struct db_param p[11];
    time_t now = clock_now();
    int rc;

    if (w->version == 0) {
        p[0] = DB_INT(w->id);
        p[1] = DB_TEXT(w->doc_no);
        p[2] = DB_INT(w->wh);
        p[3] = DB_INT(w->party);
        p[4] = DB_TEXT(w->doc_on);
        p[5] = DB_TEXT(w->ref_no);
        p[6] = DB_TEXT(w->note);
        p[7] = DB_INT(w->amount);
        p[8] = DB_TS(now);
        p[9] = DB_INT(w->user);
        if (db_exec(db, &sql_doc_insert, p, 10, NULL) != 0)
            return db_unique_violation(db) ? CONS_DUPLICATE : -1;
    } else {
        p[0] = DB_TEXT(w->doc_no);
        p[1] = DB_INT(w->wh);
        p[2] = DB_INT(w->party);
        p[3] = DB_TEXT(w->doc_on);
        p[4] = DB_TEXT(w->ref_no);
        p[5] = DB_TEXT(w->note);
        p[6] = DB_INT(w->amount);
        p[7] = DB_INT(w->id);
        p[8] = DB_INT(w->version);
        if ((rc = exec_guarded(db, &sql_doc_update, p, 9)) != 0)
            return rc;
        p[0] = DB_INT(w->id);
        if (db_exec(db, &sql_lines_delete, p, 1, NULL) != 0)
            return -1;
    }
    for (int i = 0; i < w->n; i++) {
        p[0] = DB_INT(w->id);
        p[1] = DB_INT(w->lines[i].line_no);
        p[2] = DB_INT(w->lines[i].product_id);
        p[3] = DB_INT(w->lines[i].qty);
        p[4] = DB_INT(w->lines[i].price);
        p[5] = DB_TEXT(w->lines[i].note);
        if (db_exec(db, &sql_line_insert, p, 6, NULL) != 0)
            return -1;
    }
    return audit_write(w->c, "stock_doc", w->id,
                       w->version == 0 ? "create" : "update", w->detail);
}

/* The audit detail of a saved report. */
static const char *
save_detail(struct ctx *c, const struct save_work *w, const char *wh_code)
{
    struct sbuf b;

    sbuf_init(&b, c->a, 256);
    sbuf_printf(&b, "%s %s; warehouse %s; amount %s; lines:", w->doc_no,
                w->doc_on, wh_code != NULL ? wh_code : "?",
                money_plain(c->a, w->amount));
    for (int i = 0; i < w->n; i++)
        sbuf_printf(&b, " %s %" PRId64 " x %s", w->lines[i].code,
                    w->lines[i].qty, money_plain(c->a, w->lines[i].price));
    return b.buf;
}

/* Make w's number and audit detail. */
static void
save_prepare(struct ctx *c, struct save_work *w)
{
    struct db_rows wh;
    const char *code = NULL;

    if (fetch_warehouses(c, w->wh, &wh) == 0 && wh.n_rows > 0)
        code = db_cell(&wh, 0, 1);
    docno_make(w->doc_no, CONS_PREFIX, w->doc_on, w->id);
    w->detail = save_detail(c, w, code);
}

static int
doc_create(struct ctx *c)
{
    struct save_work w;
    struct db_param p[1];
    struct db_rows r;
    int rc;

    if (need_writer(c) != 0)
        return -1;
    memset(&w, 0, sizeof(w));
    if (form_int(c, "doc", FORM_REQUIRED, 1, INT64_MAX, &w.id) != 0)
        return ctx_fail(c, 400, "bad_param", "the form has no valid id", NULL);
    /* the id must be one the key table handed out (a form's) */
    if (db_query(c->db, c->a, &sql_doc_key_next, NULL, 0, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0 || w.id >= db_cell_int(&r, 0, 0))
        return ctx_fail(c, 400, "bad_param", "the form has no valid id", NULL);
    rc = read_form(c, &w);
    if (rc < 0)
        return -1;
    if (rc > 0)
        return form_page(c, NULL, w.id, 1, NULL);
    save_prepare(c, &w);
    db_rollback(c->db);
    rc = db_uow(c->db, save_uow, &w);
    if (rc == CONS_DUPLICATE) {
        /* the same form again: fine when it was this user's report */
        p[0] = DB_INT(w.id);
        if (db_query(c->db, c->a, &sql_doc_owner, p, 1, 0, 0, &r) != 0)
            return ctx_db_fail(c);
        if (r.n_rows == 0 || strcmp(db_cell(&r, 0, 0), "sellthru") != 0 ||
            db_cell_int(&r, 0, 1) != w.user)
            return ctx_fail(c, 409, "conflict",
                            "this form was used for another document", NULL);
        return ctx_redirect(c, arena_printf(c->a,
                                            "/consignment/reports/%" PRId64
                                            "?done=duplicate",
                                            w.id));
    }
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(
        c, arena_printf(c->a, "/consignment/reports/%" PRId64 "?done=saved",
                        w.id));
}

/* Find report {id} for a change by this user: in scope (404), one the
 * user may write (403).  0 or -1. */
static int
find_writable(struct ctx *c, struct db_rows *d)
{
    if (need_writer(c) != 0 || find_doc(c, page_id(c), d) != 0)
        return -1;
    if (!may_write(c, d))
        return ctx_fail(c, 403, "forbidden",
                        "an agent changes only its own reports", NULL);
    return 0;
}

/* A report that is no longer a draft: 409. */
static int
not_draft(struct ctx *c)
{
    return ctx_fail(c, 409, "conflict",
                    "only a draft can be changed: this report was handed "
                    "in, posted or cancelled",
                    NULL);
}

static int
doc_edit(struct ctx *c)
{
    struct db_rows d;

    if (find_writable(c, &d) != 0)
        return -1;
    if (!status_is(&d, "draft"))
        return not_draft(c);
    return form_page(c, &d, 0, 0, NULL);
}

/* The edit form again with 409: yours as typed, the saved version in
 * <conflict>. */
static int
edit_conflict(struct ctx *c, int64_t id)
{
    struct db_rows d;
    xmlNodePtr f, k;

    db_rollback(c->db);
    if (find_doc(c, id, &d) != 0)
        return -1;
    if (!status_is(&d, "draft"))
        return not_draft(c);
    page_conflict(c);
    if (form_page(c, &d, 0, 1, &f) != 0)
        return -1;
    k = xd_elem(f, "conflict");
    xd_cell(k, "version", &d, 0, D_VERSION);
    xd_money_cell(k, "amount", &d, 0, D_AMOUNT);
    return 0;
}

static int
doc_update(struct ctx *c)
{
    struct save_work w;
    struct db_rows d;
    int rc;

    if (find_writable(c, &d) != 0)
        return -1;
    if (!status_is(&d, "draft"))
        return not_draft(c);
    memset(&w, 0, sizeof(w));
    w.id = db_cell_int(&d, 0, D_ID);
    form_int(c, "version", FORM_REQUIRED, 1, INT64_MAX, &w.version);
    rc = read_form(c, &w);
    if (rc < 0)
        return -1;
    if (rc > 0 || w.version <= 0) {
        xmlNodePtr f;

        /* the version as typed: a stale form stays stale */
        if (form_page(c, &d, 0, 1, &f) != 0)
            return -1;
        xmlUnsetProp(f, BAD_CAST "version");
        xd_attr(f, "version", param_text(c->req, "version"));
        return 0;
    }
    if (w.version != db_cell_int(&d, 0, D_VERSION))
        return edit_conflict(c, w.id);
    save_prepare(c, &w);
    db_rollback(c->db);
    rc = db_uow(c->db, save_uow, &w);
    if (rc == CONS_CONFLICT)
        return edit_conflict(c, w.id);
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(
        c, arena_printf(c->a, "/consignment/reports/%" PRId64 "?done=saved",
                        w.id));
}

/* ==================================================================== */
/* POST /submit, /cancel: guarded status changes                        */
/* ==================================================================== */

struct move_work {
    struct ctx *c;
    const struct db_sql *sql;
    struct db_param p[4];
    size_t np;
    int64_t id;
    const char *action, *detail;
};

static int
move_uow(struct db *db, void *arg)
{
    struct move_work *w = arg;
    int rc = exec_guarded(db, w->sql, w->p, w->np);

    if (rc != 0)
        return rc;
    return audit_write(w->c, "stock_doc", w->id, w->action, w->detail);
}

/* The show page again with 409 and why. */
static int
doc_refused(struct ctx *c, int64_t id, const char *code, const char *text)
{
    struct db_rows d;

    db_rollback(c->db);
    if (find_doc(c, id, &d) != 0)
        return -1;
    c->status = 409;
    ctx_message(c, "error", code, NULL, text);
    return doc_page(c, &d, "consign-report", 1);
}

/* The version the action's form was shown with: 0, or -1 with a 400. */
static int
action_version(struct ctx *c, int64_t *version)
{
    if (form_int(c, "version", FORM_REQUIRED, 1, INT64_MAX, version) != 0)
        return ctx_fail(c, 400, "bad_param", "the form has no valid version",
                        NULL);
    return 0;
}

/*
 * Move report d to status `to` with the guarded UPDATE sql, whose
 * parameters are the id, the form's version, then `party` n_party times;
 * audit it as `action` and answer (done: the show page's message).
 */
static int
run_move(struct ctx *c, const struct db_rows *d, const struct db_sql *sql,
         struct db_param party, size_t n_party, const char *action,
         const char *to, const char *done)
{
    struct move_work w;
    int64_t version;
    int rc;

    if (action_version(c, &version) != 0)
        return -1;
    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = db_cell_int(d, 0, D_ID);
    w.sql = sql;
    w.p[0] = DB_INT(w.id);
    w.p[1] = DB_INT(version);
    for (w.np = 2; w.np < 2 + n_party; w.np++)
        w.p[w.np] = party;
    w.action = action;
    w.detail = arena_printf(c->a, "%s: %s -> %s", db_cell(d, 0, D_NO),
                            db_cell(d, 0, D_STATUS), to);
    db_rollback(c->db);
    rc = db_uow(c->db, move_uow, &w);
    if (rc == CONS_CONFLICT)
        return doc_refused(c, w.id, "conflict",
                           "the report changed meanwhile, or is no longer "
                           "in a state that allows this: nothing was done");
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(
        c, arena_printf(c->a, "/consignment/reports/%" PRId64 "?done=%s", w.id,
                        done));
}

static int
doc_submit(struct ctx *c)
{
    struct db_rows d;

    if (find_doc(c, page_id(c), &d) != 0)
        return -1;
    if (!is_agent(c) || db_cell_int(&d, 0, D_PARTY) != c->user->party_id)
        return ctx_fail(c, 403, "forbidden",
                        "only the agent's own users hand a report in", NULL);
    return run_move(c, &d, &sql_doc_submit, DB_INT(c->user->party_id), 1,
                    "submit", "pending", "submitted");
}

static int
doc_cancel(struct ctx *c)
{
    struct db_rows d;

    if (find_writable(c, &d) != 0)
        return -1;
    /* an agent cancels only its own party's reports (the guard again) */
    return run_move(c, &d, &sql_doc_cancel,
                    is_poster(c) ? DB_NULLP : DB_INT(c->user->party_id), 2,
                    "cancel", "cancelled", "cancelled");
}

/* ==================================================================== */
/* POST /consignment/reports/{id}/post                                  */
/* ==================================================================== */

struct post_work {
    struct ctx *c;
    int64_t id, version, wh, party, user;
    const char *doc_no, *doc_on, *wh_code, *party_code;
    char due_on[11], today[11];
    int overdue_days;
    /* out */
    int64_t amount;
    int stock_rc, ledger_rc; /* the refusal */
    const char *code, *name; /* the product refused */
    int64_t qty;             /* ... its quantity */
    struct stock_state why;  /* ... and its balance */
};

static int
post_uow(struct db *db, void *arg)
{
    struct post_work *w = arg;
    struct db_param p[4];
    struct db_rows l;
    struct ledger_post e;
    int ms = 0;
    time_t now = clock_now_ms(&ms);
    int rc;

    w->amount = 0;
    w->stock_rc = w->ledger_rc = 0;
    w->code = w->name = NULL;
    /* the guarded transition first: a second posting stops here */
    p[0] = DB_TS_MS(now, ms);
    p[1] = DB_INT(w->user);
    p[2] = DB_INT(w->id);
    p[3] = DB_INT(w->version);
    if ((rc = exec_guarded(db, &sql_doc_post, p, 4)) != 0)
        return rc;
    /* the lines as they are now that the report is ours, by product id */
    p[0] = DB_INT(w->id);
    if (db_query(db, w->c->a, &sql_post_lines, p, 1, 0, 0, &l) != 0)
        return -1;
    if ((rc = stock_lock(db, w->wh, w->doc_on)) != STOCK_OK) {
        w->stock_rc = rc;
        return rc < 0 ? -1 : CONS_REFUSED;
    }
    for (size_t i = 0; i < l.n_rows; i++) {
        struct stock_move m = {w->wh, db_cell_int(&l, i, 1), "on_hand",
                               "sellthru", -db_cell_int(&l, i, 2)};
        struct stock_ref ref = {"sellthru", w->id,   (int)db_cell_int(&l, i, 0),
                                w->doc_on,  w->user, 0,
                                0};

        memset(&w->why, 0, sizeof(w->why));
        rc = stock_post(db, &m, &ref, &w->why);
        if (rc < 0)
            return -1;
        if (rc != STOCK_OK) {
            w->stock_rc = rc;
            w->code = db_cell(&l, i, 4);
            w->name = db_cell(&l, i, 5);
            w->qty = db_cell_int(&l, i, 2);
            return CONS_REFUSED;
        }
        if (add_amount(&w->amount, db_cell_int(&l, i, 2),
                       db_cell_int(&l, i, 3)) != 0) {
            w->ledger_rc = LEDGER_INVALID;
            return CONS_REFUSED;
        }
    }
    /* the total recomputed from the lines, then the agent charged */
    p[0] = DB_INT(w->amount);
    p[1] = DB_INT(w->id);
    if (db_exec(db, &sql_doc_amount, p, 2, NULL) != 0)
        return -1;
    if (w->amount != 0) {
        memset(&e, 0, sizeof(e));
        e.party_id = w->party;
        e.kind = "receivable";
        e.bucket = "receivable";
        e.amount = w->amount;
        e.source_type = "sellthru";
        e.source_id = w->id;
        e.entry_on = w->doc_on;
        e.due_on = w->due_on;
        e.note = w->doc_no;
        e.user_id = w->user;
        if ((rc = ledger_post(db, &e, NULL)) != LEDGER_OK) {
            w->ledger_rc = rc;
            return rc < 0 ? -1 : CONS_REFUSED;
        }
        if (ledger_review_holds(db, w->party, w->today, w->overdue_days) < 0)
            return -1;
    }
    return audit_write(w->c, "stock_doc", w->id, "post",
                       arena_printf(w->c->a,
                                    "%s: -> posted; issued from %s; %s "
                                    "charged %s, due %s",
                                    w->doc_no, w->wh_code, w->party_code,
                                    money_plain(w->c->a, w->amount),
                                    w->due_on));
}

/* Why posting w was refused, in words naming the product. */
static const char *
post_refusal(struct ctx *c, const struct post_work *w, const char **code)
{
    const char *what = page_label(c, w->code, w->name);

    *code = "refused";
    switch (w->stock_rc) {
    case STOCK_SHORT:
        *code = "short";
        return arena_printf(
            c->a,
            "not enough consignment stock of %s in %s: %" PRId64
            " reported, %" PRId64 " on hand, nothing was posted",
            what, w->wh_code, w->qty, w->why.on_hand - w->why.reserved);
    case STOCK_FROZEN:
        *code = "frozen";
        return arena_printf(c->a,
                            "%s in %s is held by a stocktake: post after the "
                            "count, nothing was posted",
                            what, w->wh_code);
    case STOCK_PERIOD_CLOSED:
        *code = "period_closed";
        return arena_printf(c->a,
                            "the stock period of %s is closed for %s: "
                            "nothing was posted",
                            w->doc_on, w->wh_code);
    case STOCK_CLOSED:
        *code = "warehouse_closed";
        return arena_printf(c->a, "warehouse %s is closed: nothing was posted",
                            w->wh_code);
    case 0: break;
    default:
        return arena_printf(c->a, "%s: %s, nothing was posted",
                            what[0] != '\0' ? what : w->wh_code,
                            stock_result_name(w->stock_rc));
    }
    switch (w->ledger_rc) {
    case LEDGER_NO_ACCOUNT:
        *code = "no_account";
        return arena_printf(c->a,
                            "agent %s has no account to charge: open it "
                            "first, nothing was posted",
                            w->party_code);
    default:
        *code = "bad_amount";
        return "the report's amount cannot be charged (too large): nothing "
               "was posted";
    }
}

static int
doc_post(struct ctx *c)
{
    struct post_work w;
    struct db_rows d;
    const char *code, *text;
    int rc;

    if (find_doc(c, page_id(c), &d) != 0)
        return -1;
    if (!is_poster(c))
        return ctx_fail(c, 403, "forbidden",
                        "only the company's staff post a sell-through report",
                        NULL);
    memset(&w, 0, sizeof(w));
    if (action_version(c, &w.version) != 0)
        return -1;
    w.c = c;
    w.id = db_cell_int(&d, 0, D_ID);
    w.wh = db_cell_int(&d, 0, D_WH);
    w.party = db_cell_int(&d, 0, D_PARTY);
    w.user = c->user->id;
    w.doc_no = db_cell(&d, 0, D_NO);
    w.doc_on = text_iso_date(c->a, db_cell(&d, 0, D_ON));
    w.wh_code = db_cell(&d, 0, D_WH_CODE);
    w.party_code = db_cell(&d, 0, D_PARTY_CODE);
    date_add(w.doc_on, CONS_DUE_DAYS, w.due_on);
    ledger_today(w.today);
    w.overdue_days = ledger_overdue_days();
    if (status_is(&d, "draft") && db_cell_int(&d, 0, D_BY_AGENT))
        return doc_refused(c, w.id, "not_submitted",
                           "the agent has not handed this report in yet: it "
                           "is still its draft");
    db_rollback(c->db);
    rc = db_uow(c->db, post_uow, &w);
    if (rc == CONS_CONFLICT)
        return doc_refused(c, w.id, "conflict",
                           "the report is already posted or cancelled, or "
                           "changed meanwhile: nothing was posted");
    if (rc == CONS_REFUSED) {
        text = post_refusal(c, &w, &code);
        return doc_refused(c, w.id, code, text);
    }
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(
        c, arena_printf(c->a, "/consignment/reports/%" PRId64 "?done=posted",
                        w.id));
}

/* ==================================================================== */
/* Routes                                                               */
/* ==================================================================== */

#define F_TEXT(n, max)                                                         \
    {                                                                          \
        n, P_TEXT, 0, max, NULL, 0                                             \
    }

#define F_LINES(n, max)                                                        \
    {                                                                          \
        n, P_TEXT, 0, max, NULL, P_MULTILINE                                   \
    }
/* What every list takes besides its own filters. */
#define LIST_PARAMS(sorts)                                                     \
    {"agent", P_INT, 1, INT64_MAX, NULL, 0}, P_SORT(sorts), P_DIR(dirs),       \
    {                                                                          \
        "page", P_INT, 1, 1000000, NULL, 0                                     \
    }

static const struct param_spec stock_params[] = {
    F_TEXT("q", 100),
    LIST_PARAMS(stock_sorts),
    P_END,
};
static const struct param_spec report_params[] = {
    F_TEXT("q", 40),
    LIST_PARAMS(report_sorts),
    F_TEXT("from", 10),
    F_TEXT("to", 10),
    {"status", P_ENUM, 0, 0, statuses, 0},
    P_END,
};
static const struct param_spec show_params[] = {
    {"done", P_ENUM, 0, 0, dones, 0},
    P_END,
};
/* The form's fields (new: doc; edit: version). */
#define FORM_PARAMS                                                            \
    F_TEXT("warehouse", 30), F_TEXT("doc_on", 30), F_TEXT("ref_no", 1000),     \
        F_LINES("note", 2000), F_LINES("lines", STOCK_LINES_TEXT)
static const struct param_spec create_params[] = {
    F_TEXT("doc", 30),
    FORM_PARAMS,
    P_END,
};
static const struct param_spec update_params[] = {
    F_TEXT("version", 30),
    FORM_PARAMS,
    P_END,
};
static const struct param_spec action_params[] = {
    F_TEXT("version", 30),
    P_END,
};

/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/consignment",                     "consign.stock",   "stock.view",   "consign.xsl", cs_list,    stock_params,  ROUTE_CSV},
    {REQ_GET,  "/consignment/reports",             "consign.reports", "stock.view",   "consign.xsl", rp_list,    report_params, ROUTE_CSV},
    {REQ_GET,  "/consignment/reports/new",         "consign.new",     "stock.view",   "consign.xsl", doc_new,    NULL,          0},
    {REQ_POST, "/consignment/reports/new",         "consign.create",  "stock.view",   "consign.xsl", doc_create, create_params, 0},
    {REQ_GET,  "/consignment/reports/{id}",        "consign.show",    "stock.view",   "consign.xsl", doc_show,   show_params,   0},
    {REQ_GET,  "/consignment/reports/{id}/edit",   "consign.edit",    "stock.view",   "consign.xsl", doc_edit,   NULL,          0},
    {REQ_POST, "/consignment/reports/{id}/edit",   "consign.update",  "stock.view",   "consign.xsl", doc_update, update_params, 0},
    {REQ_POST, "/consignment/reports/{id}/submit", "consign.submit",  PERM_REPORT,    "consign.xsl", doc_submit, action_params, 0},
    {REQ_POST, "/consignment/reports/{id}/post",   "consign.post",    PERM_POST,      "consign.xsl", doc_post,   action_params, 0},
    {REQ_POST, "/consignment/reports/{id}/cancel", "consign.cancel",  "stock.view",   "consign.xsl", doc_cancel, action_params, 0},
    {REQ_GET,  "/consignment/reports/{id}/print",  "consign.print",   "stock.view",   "consign.xsl", doc_print,  NULL,          0},
};
/* clang-format on */

const struct module consign_module = {"consign", routes,
                                      sizeof(routes) / sizeof(routes[0])};
