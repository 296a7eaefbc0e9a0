/*
 * stockdoc.c - stock documents (issue 6, M4 出入库): receipts (入库),
 * issues (出库), damage (残损), customer returns (退货) and transfers
 * between warehouses (移库调拨); their list, print view and XML import,
 * and the goods in transit (在途).
 *
 * Pages:  GET  /stock/docs               every kind of document in scope:
 *                                        kind, status, warehouse, dates,
 *                                        number/ref; sort; page; CSV; the
 *                                        .xml is the feed of documents
 *         GET  /stock/docs/new?kind=K    the form; POST creates a draft
 *         GET  /stock/docs/import        the upload form; POST imports
 *                                        drafts (a file, or an
 *                                        application/xml body with an API
 *                                        key), schema/xsd/stockdoc-import.xsd
 *         GET  /stock/docs/{id}          one document: lines, the moves it
 *                                        wrote, its history
 *         GET  /stock/docs/{id}/edit     drafts; POST saves (version)
 *         GET  /stock/docs/{id}/print    laid out for paper
 *         POST /stock/docs/{id}/post     draft -> posted (the moves), or
 *                                        -> pending (damage above the
 *                                        setting stock.damage_approval)
 *         POST /stock/docs/{id}/approve  pending -> posted (the moves)
 *         POST /stock/docs/{id}/reject   pending -> draft
 *         POST /stock/docs/{id}/cancel   draft -> cancelled
 *         POST /stock/docs/{id}/ship     a transfer: draft -> shipped
 *         GET  /stock/docs/{id}/receive  its form; POST shipped -> received
 *         GET  /stock/transit            goods in transit per warehouse
 * Tables: stock_doc, stock_doc_line (written here); stock_move,
 *         stock_balance and warehouse only through stock.h; product,
 *         party, qd_user read; audit_log written ("stock_doc").
 * Style:  xsl/stockdoc.xsl; text in xsl/i18n/<lang>/stockdoc.xml;
 *         documents in schema/xsd/stockdoc.xsd.
 *
 * Kinds here: receipt (RK; reason purchase, production, other), issue
 * (CK; sale, sample, internal, other), damage (BS; broken, expired, lost,
 * other; lines carry a unit value, by default the product's list price),
 * return (TH; a customer party, and per line the condition: sellable or
 * damaged), transfer (DB; from a warehouse to another).  Stocktakes and
 * sell-through are other modules' documents: the list shows them and
 * links to their pages, every action here refuses them.
 *
 * Scope (SECURITY.md class 1): a warehouse is seen when
 * SCOPE_PARTY_SQL(unit, party) holds; a document when its warehouse or,
 * for a transfer, its destination is seen; for HTML, XML, CSV and print
 * alike.  Acting on a document needs its warehouse in the scope (its
 * destination, to receive a transfer), else 404 as for a missing one.
 * The destination of a transfer may be any active warehouse of the
 * company: a branch sends to headquarters, to another branch or to a
 * consignment warehouse whose stock it does not see; only those who see
 * the destination receive the goods.
 *
 * Writes (PORTABILITY.md item 9): each is one unit of work whose first
 * statement is a write -- the INSERT of a new document, or the guarded
 * UPDATE of its status and version -- with the audit row in the same
 * transaction.  Posting: the transition first, then stock_lock() of the
 * warehouse(s) in increasing id order, then the moves line by line in
 * increasing product id (stock.h), then the audit; any refusal of the
 * ledger (short, frozen, closed, closed period) rolls all of it back and
 * answers 409 naming the line and product.  A new document's id is
 * handed out with its form (a hidden token), so the same form submitted
 * twice creates one draft; a second post of the same version finds the
 * document already moved on and changes nothing.
 *
 * Transfers: shipping moves on_hand -qty at the source and in_transit
 * +qty at the destination (kind transfer_out, dated the document's date);
 * receiving moves in_transit -qty and on_hand +received at the
 * destination (transfer_in, dated the day of receipt).  What did not
 * arrive stays on the line (qty_done, reason): the transit loss.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "ageing.h"
#include "ledger.h"
#include "party.h"
#include "stock.h"
#include "stocklines.h"

#include "../core/arena.h"
#include "../core/audit.h"
#include "../core/auth.h"
#include "../core/cfg.h"
#include "../core/clock.h"
#include "../core/csv.h"
#include "../core/ctx.h"
#include "../core/docno.h"
#include "../core/form.h"
#include "../core/log.h"
#include "../core/money.h"
#include "../core/page.h"
#include "../core/scope.h"
#include "../core/settings.h"
#include "../core/text.h"
#include "../core/xd.h"
#include "../core/xmlin.h"
#include "../db/db.h"

#define SD_PAGE        50    /* rows per list page */
#define SD_CSV_MAX     10000 /* rows of a CSV export */
#define SD_HISTORY     50    /* audit entries on a document's page */
#define SD_IMPORT_MAX  1000  /* documents in one import */
#define SD_ERRORS_MAX  200   /* errors reported for one import */
#define SD_FIELD_MAX   1000
#define SD_SCHEMA_FILE "schema/xsd/stockdoc-import.xsd"

/* Results of a unit of work besides 0, -1 and enum stock_result. */
enum sd_uow { SD_CONFLICT = 100, SD_DUPLICATE };

/* ==================================================================== */
/* Kinds, reasons, statuses                                             */
/* ==================================================================== */

static const char *const all_kinds[] = {"receipt",  "issue",  "transfer",
                                        "count",    "damage", "return",
                                        "sellthru", NULL};
static const char *const my_kinds[] = {"receipt", "issue",    "damage",
                                       "return",  "transfer", NULL};
static const char *const statuses[] = {
    "draft", "pending", "posted", "shipped", "received", "cancelled", NULL};
static const char *const receipt_reasons[] = {"purchase", "production", "other",
                                              NULL};
static const char *const issue_reasons[] = {"sale", "sample", "internal",
                                            "other", NULL};
static const char *const damage_reasons[] = {"broken", "expired", "lost",
                                             "other", NULL};
static const char *const loss_reasons[] = {"damaged", "lost", "short_shipped",
                                           "other", NULL};
static const char *const list_sorts[] = {"date",   "no",        "kind",
                                         "status", "warehouse", NULL};
static const char *const transit_sorts[] = {"shipped", "dest", "source", "no",
                                            NULL};
static const char *const dirs[] = {"asc", "desc", NULL};
static const char *const dones[] = {
    "created",  "duplicate", "saved",   "posted",   "pending", "approved",
    "rejected", "cancelled", "shipped", "received", "already", NULL};
static const char *const done_texts[] = {
    "the draft is saved",
    "already saved: this form was sent before, nothing was changed",
    "saved",
    "posted: the stock is moved",
    "the value is above the approval threshold: waiting for approval",
    "approved and posted",
    "sent back to draft",
    "cancelled",
    "shipped: the goods are in transit",
    "received",
    "already done: nothing was changed"};

struct kind_def {
    const char *kind, *prefix;
    const char *const *reasons; /* NULL: the kind has none */
    unsigned line_flags;        /* stocklines.h */
};

static const struct kind_def kind_defs[] = {
    {"receipt", "RK", receipt_reasons, 0},
    {"issue", "CK", issue_reasons, 0},
    {"damage", "BS", damage_reasons, STOCK_LINES_PRICE},
    {"return", "TH", NULL, 0},
    {"transfer", "DB", NULL, 0},
};

/* The definition of one of my kinds, or NULL (count, sellthru). */
static const struct kind_def *
kind_def(const char *kind)
{
    for (size_t i = 0; kind != NULL && i < XD_N(kind_defs); i++)
        if (strcmp(kind_defs[i].kind, kind) == 0)
            return &kind_defs[i];
    return NULL;
}

static const char *
one_of(const char *s, const char *const *list)
{
    for (; s != NULL && *list != NULL; list++)
        if (strcmp(s, *list) == 0)
            return *list;
    return NULL;
}

/* ==================================================================== */
/* SQL                                                                  */
/* ==================================================================== */

#define SCOPE_W  SCOPE_PARTY_SQL("w.unit_id", "w.party_id")
#define SCOPE_DW SCOPE_PARTY_SQL("dw.unit_id", "dw.party_id")

/* Warehouses: by id or code (-1 / NULL for the other), in the scope or
 * any; the choices of the forms. */
#define WH_COLS "SELECT w.id, w.code, w.name, w.kind, w.status FROM warehouse w"
DB_STATEMENT(sql_wh_scoped, 0,
             WH_COLS " WHERE (w.id = ? OR w.code = ?) AND " SCOPE_W);
DB_STATEMENT(sql_wh_any, 0, WH_COLS " WHERE w.id = ? OR w.code = ?");
DB_STATEMENT(sql_wh_choices, 0, WH_COLS " WHERE " SCOPE_W " ORDER BY w.code");
DB_STATEMENT(sql_wh_active, 0,
             WH_COLS " WHERE w.status = 'active' ORDER BY w.code");
enum { W_ID, W_CODE, W_NAME, W_KIND, W_STATUS };

/* One document, with whether its warehouse (in_a) and destination (in_b)
 * are in the scope.  Parameters: scope (2), scope (2), id, scope (2),
 * scope (2). */
DB_STATEMENT(
    sql_doc_get, 0,
    "SELECT d.id, d.doc_no, d.kind, d.status, d.doc_on, d.warehouse_id,"
    " w.code, w.name, d.dest_id, dw.code, dw.name, d.party_id, pt.code,"
    " pt.name, d.reason, d.ref_no, d.note, d.amount, d.created_at, cu.login,"
    " d.posted_at, pu.login, d.received_at, ru.login, d.version,"
    " CASE WHEN " SCOPE_W " THEN 1 ELSE 0 END,"
    " CASE WHEN " SCOPE_DW " THEN 1 ELSE 0 END"
    " FROM stock_doc d"
    " JOIN warehouse w ON w.id = d.warehouse_id"
    " LEFT JOIN warehouse dw ON dw.id = d.dest_id"
    " LEFT JOIN party pt ON pt.id = d.party_id"
    " LEFT JOIN qd_user cu ON cu.id = d.created_by"
    " LEFT JOIN qd_user pu ON pu.id = d.posted_by"
    " LEFT JOIN qd_user ru ON ru.id = d.received_by"
    " WHERE d.id = ? AND (" SCOPE_W " OR " SCOPE_DW ")");
enum {
    D_ID,
    D_NO,
    D_KIND,
    D_STATUS,
    D_ON,
    D_WH,
    D_WH_CODE,
    D_WH_NAME,
    D_DEST,
    D_DEST_CODE,
    D_DEST_NAME,
    D_PARTY,
    D_PARTY_CODE,
    D_PARTY_NAME,
    D_REASON,
    D_REF,
    D_NOTE,
    D_AMOUNT,
    D_CREATED,
    D_CREATED_BY,
    D_POSTED,
    D_POSTED_BY,
    D_RECEIVED,
    D_RECEIVED_BY,
    D_VERSION,
    D_IN_A,
    D_IN_B
};

DB_STATEMENT(sql_lines, 0,
             "SELECT l.line_no, l.product_id, p.code, p.name, p.unit, l.qty,"
             " l.qty_done, l.price, l.cond, l.reason, l.note"
             " FROM stock_doc_line l"
             " JOIN product p ON p.id = l.product_id"
             " WHERE l.doc_id = ?"
             " ORDER BY l.line_no");

DB_STATEMENT(sql_moves, 0,
             "SELECT w.code, p.code, m.bucket, m.kind, m.qty, m.move_on,"
             " m.line_no, m.posted_at"
             " FROM stock_move m"
             " JOIN warehouse w ON w.id = m.warehouse_id"
             " JOIN product p ON p.id = m.product_id"
             " WHERE m.doc_type = '" STOCK_DOC_TYPE "' AND m.doc_id = ?"
             " ORDER BY m.posted_at, m.line_no, m.id");

DB_STATEMENT(sql_list_price, 0, "SELECT list_price FROM product WHERE id = ?");
DB_STATEMENT(sql_key_next, 0,
             "SELECT next_id FROM qd_key WHERE name = 'stock_doc'");

/* Writes. */
DB_STATEMENT(sql_doc_insert, 0,
             "INSERT INTO stock_doc (id, doc_no, kind, status, warehouse_id,"
             " dest_id, party_id, reason, doc_on, ref_no, note, amount,"
             " created_at, created_by, version)"
             " VALUES (?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)");
DB_STATEMENT(sql_doc_update, 0,
             "UPDATE stock_doc SET warehouse_id = ?, dest_id = ?,"
             " party_id = ?, reason = ?, doc_on = ?, ref_no = ?, note = ?,"
             " amount = ?, version = version + 1"
             " WHERE id = ? AND version = ? AND status = 'draft'");
DB_STATEMENT(sql_lines_delete, 0,
             "DELETE FROM stock_doc_line WHERE doc_id = ?");
DB_STATEMENT(sql_line_insert, 0,
             "INSERT INTO stock_doc_line (doc_id, line_no, product_id, qty,"
             " price, cond, note)"
             " VALUES (?, ?, ?, ?, ?, ?, ?)");
/* The guarded transitions: to, [when, who,] id, version, from. */
DB_STATEMENT(sql_status, 0,
             "UPDATE stock_doc SET status = ?, version = version + 1"
             " WHERE id = ? AND version = ? AND status = ?");
DB_STATEMENT(sql_status_posted, 0,
             "UPDATE stock_doc SET status = ?, posted_at = ?, posted_by = ?,"
             " version = version + 1"
             " WHERE id = ? AND version = ? AND status = ?");
DB_STATEMENT(sql_status_received, 0,
             "UPDATE stock_doc SET status = ?, received_at = ?,"
             " received_by = ?, version = version + 1"
             " WHERE id = ? AND version = ? AND status = ?");
DB_STATEMENT(sql_line_done, 0,
             "UPDATE stock_doc_line SET qty_done = ?, reason = ?"
             " WHERE doc_id = ? AND line_no = ?");

/* The list.  Parameters (SD_N_WHERE): scope (2), scope (2); kind (2);
 * status (2); warehouse (3); from (2); to (2); q (3). */
#define SD_FROM                                                                \
    " FROM stock_doc d"                                                        \
    " JOIN warehouse w ON w.id = d.warehouse_id"                               \
    " LEFT JOIN warehouse dw ON dw.id = d.dest_id"                             \
    " LEFT JOIN party pt ON pt.id = d.party_id"
#define SD_WHERE                                                               \
    " WHERE (" SCOPE_W " OR " SCOPE_DW ")"                                     \
    " AND (CAST(? AS VARCHAR(20)) IS NULL OR d.kind = ?)"                      \
    " AND (CAST(? AS VARCHAR(20)) IS NULL OR d.status = ?)"                    \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR d.warehouse_id = ?"               \
    " OR d.dest_id = ?)"                                                       \
    " AND (CAST(? AS VARCHAR(10)) IS NULL OR d.doc_on >= ?)"                   \
    " AND (CAST(? AS VARCHAR(10)) IS NULL OR d.doc_on <= ?)"                   \
    " AND (CAST(? AS VARCHAR(100)) IS NULL"                                    \
    " OR d.doc_no LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"                        \
    " OR d.ref_no LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "')"
#define SD_N_WHERE 18
#define SD_LIST                                                                \
    "SELECT d.id, d.doc_no, d.kind, d.status, d.doc_on, d.warehouse_id,"       \
    " w.code, w.name, d.dest_id, dw.code, dw.name, pt.code, pt.name,"          \
    " d.reason, d.ref_no, d.amount,"                                           \
    " (SELECT COUNT(*) FROM stock_doc_line l WHERE l.doc_id = d.id),"          \
    " (SELECT SUM(l.qty) FROM stock_doc_line l WHERE l.doc_id = d.id),"        \
    " (SELECT SUM(l.qty - l.qty_done) FROM stock_doc_line l"                   \
    " WHERE l.doc_id = d.id AND d.kind = 'transfer'"                           \
    " AND l.qty_done IS NOT NULL)" SD_FROM SD_WHERE
enum {
    S_ID,
    S_NO,
    S_KIND,
    S_STATUS,
    S_ON,
    S_WH,
    S_WH_CODE,
    S_WH_NAME,
    S_DEST,
    S_DEST_CODE,
    S_DEST_NAME,
    S_PARTY_CODE,
    S_PARTY_NAME,
    S_REASON,
    S_REF,
    S_AMOUNT,
    S_LINES,
    S_QTY,
    S_LOSS
};

DB_STATEMENT(sql_list_date_asc, DB_PAGED,
             SD_LIST " ORDER BY d.doc_on ASC, d.id ASC");
DB_STATEMENT(sql_list_date_desc, DB_PAGED,
             SD_LIST " ORDER BY d.doc_on DESC, d.id DESC");
DB_STATEMENT(sql_list_no_asc, DB_PAGED, SD_LIST " ORDER BY d.doc_no ASC");
DB_STATEMENT(sql_list_no_desc, DB_PAGED, SD_LIST " ORDER BY d.doc_no DESC");
DB_STATEMENT(sql_list_kind_asc, DB_PAGED,
             SD_LIST " ORDER BY d.kind ASC, d.doc_on DESC, d.id DESC");
DB_STATEMENT(sql_list_kind_desc, DB_PAGED,
             SD_LIST " ORDER BY d.kind DESC, d.doc_on DESC, d.id DESC");
DB_STATEMENT(sql_list_status_asc, DB_PAGED,
             SD_LIST " ORDER BY d.status ASC, d.doc_on DESC, d.id DESC");
DB_STATEMENT(sql_list_status_desc, DB_PAGED,
             SD_LIST " ORDER BY d.status DESC, d.doc_on DESC, d.id DESC");
DB_STATEMENT(sql_list_wh_asc, DB_PAGED,
             SD_LIST " ORDER BY w.code ASC, d.doc_on DESC, d.id DESC");
DB_STATEMENT(sql_list_wh_desc, DB_PAGED,
             SD_LIST " ORDER BY w.code DESC, d.doc_on DESC, d.id DESC");
DB_STATEMENT(sql_list_count, 0, "SELECT COUNT(*)" SD_FROM SD_WHERE);

/* Goods in transit: shipped transfers.  Parameters (TR_N_WHERE): scope
 * (2), scope (2); dest (2); source (2); q (2). */
#define TR_FROM                                                                \
    " FROM stock_doc d"                                                        \
    " JOIN warehouse w ON w.id = d.warehouse_id"                               \
    " JOIN warehouse dw ON dw.id = d.dest_id"
#define TR_WHERE                                                               \
    " WHERE d.kind = 'transfer' AND d.status = 'shipped'"                      \
    " AND (" SCOPE_W " OR " SCOPE_DW ")"                                       \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR d.dest_id = ?)"                   \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR d.warehouse_id = ?)"              \
    " AND (CAST(? AS VARCHAR(100)) IS NULL"                                    \
    " OR d.doc_no LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "')"
#define TR_N_WHERE 10
#define TR_LIST                                                                \
    "SELECT d.id, d.doc_no, d.doc_on, d.posted_at, w.id, w.code, w.name,"      \
    " dw.id, dw.code, dw.name,"                                                \
    " (SELECT COUNT(*) FROM stock_doc_line l WHERE l.doc_id = d.id),"          \
    " (SELECT SUM(l.qty) FROM stock_doc_line l WHERE l.doc_id = d.id)" TR_FROM \
        TR_WHERE
enum {
    T_ID,
    T_NO,
    T_ON,
    T_POSTED,
    T_SRC,
    T_SRC_CODE,
    T_SRC_NAME,
    T_DEST,
    T_DEST_CODE,
    T_DEST_NAME,
    T_LINES,
    T_QTY
};
DB_STATEMENT(sql_tr_shipped_asc, DB_PAGED,
             TR_LIST " ORDER BY d.doc_on ASC, d.id ASC");
DB_STATEMENT(sql_tr_shipped_desc, DB_PAGED,
             TR_LIST " ORDER BY d.doc_on DESC, d.id DESC");
DB_STATEMENT(sql_tr_dest_asc, DB_PAGED,
             TR_LIST " ORDER BY dw.code ASC, d.doc_on ASC, d.id ASC");
DB_STATEMENT(sql_tr_dest_desc, DB_PAGED,
             TR_LIST " ORDER BY dw.code DESC, d.doc_on ASC, d.id ASC");
DB_STATEMENT(sql_tr_source_asc, DB_PAGED,
             TR_LIST " ORDER BY w.code ASC, d.doc_on ASC, d.id ASC");
DB_STATEMENT(sql_tr_source_desc, DB_PAGED,
             TR_LIST " ORDER BY w.code DESC, d.doc_on ASC, d.id ASC");
DB_STATEMENT(sql_tr_no_asc, DB_PAGED, TR_LIST " ORDER BY d.doc_no ASC");
DB_STATEMENT(sql_tr_no_desc, DB_PAGED, TR_LIST " ORDER BY d.doc_no DESC");
DB_STATEMENT(sql_tr_count, 0, "SELECT COUNT(*)" TR_FROM TR_WHERE);
/* Totals per destination and per source warehouse. */
DB_STATEMENT(
    sql_tr_by_dest, 0,
    "SELECT dw.id, dw.code, dw.name, COUNT(DISTINCT d.id), SUM(l.qty)" TR_FROM
    " JOIN stock_doc_line l ON l.doc_id = d.id" TR_WHERE
    " GROUP BY dw.id, dw.code, dw.name ORDER BY dw.code");
DB_STATEMENT(
    sql_tr_by_source, 0,
    "SELECT w.id, w.code, w.name, COUNT(DISTINCT d.id), SUM(l.qty)" TR_FROM
    " JOIN stock_doc_line l ON l.doc_id = d.id" TR_WHERE
    " GROUP BY w.id, w.code, w.name ORDER BY w.code");
/* The CSV: one row per line. */
DB_STATEMENT(sql_tr_csv, DB_PAGED,
             "SELECT d.doc_no, d.doc_on, w.code, dw.code, l.line_no, p.code,"
             " p.name, p.unit, l.qty" TR_FROM
             " JOIN stock_doc_line l ON l.doc_id = d.id"
             " JOIN product p ON p.id = l.product_id" TR_WHERE
             " ORDER BY d.doc_on, d.id, l.line_no");

/* ==================================================================== */
/* Small helpers                                                        */
/* ==================================================================== */

/* Days from the date `from` to `to` (YYYY-MM-DD...). */
static int64_t
days_between(const char *from, const char *to)
{
    long a = 0, b = 0;

    ageing_day(from, &a);
    ageing_day(to, &b);
    return b - a;
}

/* The scope's two parameters (scope_unit, scope_party), n_pairs times,
 * into p: the SCOPE_PARTY_SQL of each warehouse a statement looks at. */
static void
scope_params(struct ctx *c, struct db_param *p, int n_pairs)
{
    for (int i = 0; i < n_pairs; i++) {
        p[2 * i] = DB_INT(scope_unit(c));
        p[2 * i + 1] = DB_INT(scope_party(c));
    }
}

/* An amount as a plain decimal (CSV, audit), in the arena. */
static const char *
plain(struct ctx *c, int64_t fen)
{
    char buf[MONEY_BUFSZ];

    return arena_strdup(c->a, money_format(fen, 0, buf, sizeof(buf)));
}

static int64_t
user_id(const struct ctx *c)
{
    return c->user != NULL ? c->user->id : 0;
}

/* The approval threshold of damage in fen (setting stock.damage_approval;
 * 0 or unset: never). */
static int64_t
damage_threshold(void)
{
    const char *v = settings_get("stock.damage_approval");
    char *end;
    long long n;

    if (v == NULL || *v == '\0')
        return 0;
    n = strtoll(v, &end, 10);
    return *end == '\0' && n > 0 ? (int64_t)n : 0;
}

/* ==================================================================== */
/* Warehouses and documents in the scope                                */
/* ==================================================================== */

/* Warehouse `id` (or `code` when id <= 0), in the user's scope (scoped)
 * or any.  0 found (*r has it), 1 not found, -1 database failure. */
static int
wh_find(struct ctx *c, int scoped, int64_t id, const char *code,
        struct db_rows *r)
{
    struct db_param p[4];

    p[0] = DB_INT(id > 0 ? id : -1);
    p[1] = DB_TEXT(id > 0 ? NULL : code);
    scope_params(c, p + 2, 1);
    if (db_query(c->db, c->a, scoped ? &sql_wh_scoped : &sql_wh_any, p,
                 scoped ? 4 : 2, 0, 0, r) != 0)
        return -1;
    return r->n_rows > 0 ? 0 : 1;
}

/* Warehouse rows of a statement as <elem id code name kind status/>. */
static int
wh_options(struct ctx *c, xmlNodePtr parent, const char *elem, int scoped)
{
    static const char *const names[] = {"id", "code", "name", "kind", "status"};
    struct db_param p[2];
    struct db_rows r;

    scope_params(c, p, 1);
    if (db_query(c->db, c->a, scoped ? &sql_wh_choices : &sql_wh_active, p,
                 scoped ? 2 : 0, 0, 0, &r) != 0)
        return -1;
    xd_rows(parent, elem, &r, names, XD_N(names));
    return 0;
}

/* A document as read for the pages and the actions. */
struct doc {
    struct db_rows r; /* sql_doc_get, one row */
    int64_t id, wh, dest, version;
    const char *kind, *status, *doc_on, *doc_no;
    int in_a, in_b; /* its warehouse, its destination in the scope */
};

/* Find document id in the scope: 0, or -1 answered (404 or 500). */
static int
doc_find(struct ctx *c, int64_t id, struct doc *d)
{
    struct db_param p[9];

    memset(d, 0, sizeof(*d));
    if (id <= 0)
        return page_not_found(c, "stock_doc", id);
    scope_params(c, p, 2);
    p[4] = DB_INT(id);
    scope_params(c, p + 5, 2);
    if (db_query(c->db, c->a, &sql_doc_get, p, 9, 0, 0, &d->r) != 0)
        return ctx_db_fail(c);
    if (d->r.n_rows == 0)
        return page_not_found(c, "stock_doc", id);
    d->id = id;
    d->wh = db_cell_int(&d->r, 0, D_WH);
    d->dest = db_cell_int(&d->r, 0, D_DEST);
    d->version = db_cell_int(&d->r, 0, D_VERSION);
    d->kind = db_cell(&d->r, 0, D_KIND);
    d->status = db_cell(&d->r, 0, D_STATUS);
    d->doc_on = text_iso_date(c->a, db_cell(&d->r, 0, D_ON));
    d->doc_no = db_cell(&d->r, 0, D_NO);
    d->in_a = db_cell_int(&d->r, 0, D_IN_A) == 1;
    d->in_b = db_cell_int(&d->r, 0, D_IN_B) == 1;
    return 0;
}

/* One line of a document. */
struct doc_line {
    int line_no;
    int64_t product_id, qty;
    int64_t qty_done, price; /* -1: NULL */
    const char *code, *name, *unit, *cond, *reason, *note;
};

/* The lines of document id in line order into *out (arena); their
 * number, or -1. */
static int
lines_load(struct ctx *c, int64_t id, struct doc_line **out)
{
    struct db_param p[1] = {DB_INT(id)};
    struct db_rows r;
    struct doc_line *l;

    if (db_query(c->db, c->a, &sql_lines, p, 1, 0, 0, &r) != 0)
        return -1;
    l = arena_zalloc(c->a, (r.n_rows + 1) * sizeof(*l));
    for (size_t i = 0; i < r.n_rows; i++) {
        l[i].line_no = (int)db_cell_int(&r, i, 0);
        l[i].product_id = db_cell_int(&r, i, 1);
        l[i].code = db_cell(&r, i, 2);
        l[i].name = db_cell(&r, i, 3);
        l[i].unit = db_cell(&r, i, 4);
        l[i].qty = db_cell_int(&r, i, 5);
        l[i].qty_done = db_cell(&r, i, 6) ? db_cell_int(&r, i, 6) : -1;
        l[i].price = db_cell(&r, i, 7) ? db_cell_int(&r, i, 7) : -1;
        l[i].cond = db_cell(&r, i, 8);
        l[i].reason = db_cell(&r, i, 9);
        l[i].note = db_cell(&r, i, 10);
    }
    *out = l;
    return (int)r.n_rows;
}

/* Order of the moves: product id, then line. */
static int
by_product(const void *a, const void *b)
{
    const struct doc_line *x = a, *y = b;

    if (x->product_id != y->product_id)
        return x->product_id < y->product_id ? -1 : 1;
    return x->line_no - y->line_no;
}

/* ==================================================================== */
/* The document as XML                                                  */
/* ==================================================================== */

/* The header of document d as attributes of n. */
static void
doc_attrs(struct ctx *c, xmlNodePtr n, const struct doc *d)
{
    const struct db_rows *r = &d->r;

    xd_cell(n, "id", r, 0, D_ID);
    xd_cell(n, "doc-no", r, 0, D_NO);
    xd_cell(n, "kind", r, 0, D_KIND);
    xd_cell(n, "status", r, 0, D_STATUS);
    xd_attr(n, "doc-on", d->doc_on);
    xd_cell(n, "warehouse-id", r, 0, D_WH);
    xd_cell(n, "warehouse-code", r, 0, D_WH_CODE);
    xd_cell(n, "warehouse-name", r, 0, D_WH_NAME);
    xd_cell(n, "dest-id", r, 0, D_DEST);
    xd_cell(n, "dest-code", r, 0, D_DEST_CODE);
    xd_cell(n, "dest-name", r, 0, D_DEST_NAME);
    xd_cell(n, "party-id", r, 0, D_PARTY);
    xd_cell(n, "party-code", r, 0, D_PARTY_CODE);
    xd_cell(n, "party-name", r, 0, D_PARTY_NAME);
    xd_cell(n, "reason", r, 0, D_REASON);
    xd_cell(n, "ref-no", r, 0, D_REF);
    xd_cell(n, "note", r, 0, D_NOTE);
    if (db_cell(r, 0, D_AMOUNT) != NULL)
        xd_money_cell(n, "amount", r, 0, D_AMOUNT);
    page_ts_cell(c, n, "created-at", r, 0, D_CREATED);
    xd_cell(n, "created-by", r, 0, D_CREATED_BY);
    page_ts_cell(c, n, "posted-at", r, 0, D_POSTED);
    xd_cell(n, "posted-by", r, 0, D_POSTED_BY);
    page_ts_cell(c, n, "received-at", r, 0, D_RECEIVED);
    xd_cell(n, "received-by", r, 0, D_RECEIVED_BY);
    xd_cell(n, "version", r, 0, D_VERSION);
}

/* The lines as <line .../> under n, with the totals on n; a transfer's
 * received quantities and losses too. */
static void
lines_xml(xmlNodePtr n, const struct doc_line *l, int n_lines, int transfer)
{
    int64_t qty = 0, loss = 0, value = 0;
    int received = 0, priced = 0;

    for (int i = 0; i < n_lines; i++) {
        xmlNodePtr e = xd_elem(n, "line");

        xd_attr_int(e, "line-no", l[i].line_no);
        xd_attr_int(e, "product-id", l[i].product_id);
        xd_attr(e, "code", l[i].code);
        xd_attr(e, "name", l[i].name);
        xd_attr(e, "unit", l[i].unit);
        xd_attr_int(e, "qty", l[i].qty);
        qty += l[i].qty;
        if (transfer && l[i].qty_done >= 0) {
            xd_attr_int(e, "qty-done", l[i].qty_done);
            xd_attr_int(e, "loss", l[i].qty - l[i].qty_done);
            loss += l[i].qty - l[i].qty_done;
            received = 1;
        }
        if (l[i].price >= 0) {
            xd_attr_money(e, "price", l[i].price);
            xd_attr_money(e, "value", l[i].price * l[i].qty);
            value += l[i].price * l[i].qty;
            priced = 1;
        }
        xd_attr(e, "cond", l[i].cond);
        xd_attr(e, "reason", l[i].reason);
        xd_attr(e, "note", l[i].note);
    }
    xd_attr_int(n, "lines", n_lines);
    xd_attr_int(n, "qty", qty);
    if (received)
        xd_attr_int(n, "loss", loss);
    if (priced)
        xd_attr_money(n, "value", value);
}

/* The permissions of the actions on d, for the buttons. */
static void
doc_cans(struct ctx *c, xmlNodePtr n, const struct doc *d)
{
    int mine = kind_def(d->kind) != NULL,
        transfer = !strcmp(d->kind, "transfer");
    int draft = !strcmp(d->status, "draft");

    if (!mine)
        return;
    if (d->in_a && draft) {
        page_can(c, n, "can-edit", "stock.edit");
        page_can(c, n, "can-cancel", "stock.edit");
        page_can(c, n, transfer ? "can-ship" : "can-post", "stock.post");
    }
    if (d->in_a && !strcmp(d->status, "pending"))
        page_can(c, n, "can-approve", "stock.approve");
    if (d->in_b && transfer && !strcmp(d->status, "shipped"))
        page_can(c, n, "can-receive", "stock.post");
}

/*
 * The page of document id as element `elem` (stockdoc, stockdoc-print):
 * header, lines; on stockdoc the moves, the history and the buttons too.
 * 0 or -1 (answered).
 */
static int
doc_page(struct ctx *c, int64_t id, const char *elem)
{
    int full = strcmp(elem, "stockdoc") == 0;
    struct doc d;
    struct doc_line *lines;
    struct db_rows m;
    struct db_param p[1];
    xmlNodePtr n;
    int n_lines;

    if (doc_find(c, id, &d) != 0)
        return -1;
    if ((n_lines = lines_load(c, id, &lines)) < 0)
        return ctx_db_fail(c);
    n = ctx_data(c, elem);
    doc_attrs(c, n, &d);
    lines_xml(n, lines, n_lines, !strcmp(d.kind, "transfer"));
    if (!full)
        return 0;
    doc_cans(c, n, &d);
    if (!strcmp(d.kind, "damage") && !strcmp(d.status, "draft") &&
        damage_threshold() > 0 &&
        db_cell_int(&d.r, 0, D_AMOUNT) > damage_threshold())
        xd_attr(n, "needs-approval", "true");
    p[0] = DB_INT(id);
    if (db_query(c->db, c->a, &sql_moves, p, 1, 0, 0, &m) != 0)
        return ctx_db_fail(c);
    for (size_t i = 0; i < m.n_rows; i++) {
        xmlNodePtr e = xd_elem(n, "move");

        xd_cell(e, "warehouse-code", &m, i, 0);
        xd_cell(e, "code", &m, i, 1);
        xd_cell(e, "bucket", &m, i, 2);
        xd_cell(e, "kind", &m, i, 3);
        xd_cell(e, "qty", &m, i, 4);
        xd_attr(e, "move-on", text_iso_date(c->a, db_cell(&m, i, 5)));
        xd_cell(e, "line-no", &m, i, 6);
        page_ts_cell(c, e, "posted-at", &m, i, 7);
    }
    if (c->req->method == REQ_GET || c->req->method == REQ_HEAD) {
        const char *done = one_of(param_text(c->req, "done"), dones);

        for (size_t i = 0; done != NULL && dones[i] != NULL; i++)
            if (dones[i] == done)
                ctx_message(c, "info", done, NULL, done_texts[i]);
    }
    if (page_history(c, n, "stock_doc", id, SD_HISTORY) != 0)
        return ctx_db_fail(c);
    return 0;
}

/* GET /stock/docs/{id} */
static int
doc_show(struct ctx *c)
{
    return doc_page(c, page_id(c), "stockdoc");
}

/* GET /stock/docs/{id}/print */
static int
doc_print(struct ctx *c)
{
    return doc_page(c, page_id(c), "stockdoc-print");
}

/* ==================================================================== */
/* GET /stock/docs                                                      */
/* ==================================================================== */

static const struct db_sql *
list_statement(const char *sort, int desc)
{
    static const struct db_sql *const table[][2] = {
        {&sql_list_date_asc, &sql_list_date_desc},
        {&sql_list_no_asc, &sql_list_no_desc},
        {&sql_list_kind_asc, &sql_list_kind_desc},
        {&sql_list_status_asc, &sql_list_status_desc},
        {&sql_list_wh_asc, &sql_list_wh_desc},
    };

    for (int i = 0; list_sorts[i] != NULL; i++)
        if (strcmp(list_sorts[i], sort) == 0)
            return table[i][desc];
    return table[0][desc];
}

static void
list_csv(struct ctx *c, const struct db_rows *r)
{
    static const char *const head[] = {
        "doc_no", "kind",   "status", "doc_on", "warehouse", "dest",  "party",
        "reason", "ref_no", "lines",  "qty",    "loss",      "amount"};

    csv_begin(c, "stock-docs.csv");
    for (size_t k = 0; k < XD_N(head); k++)
        csv_text(c, head[k]);
    csv_row(c);
    for (size_t i = 0; i < r->n_rows; i++) {
        csv_text(c, db_cell(r, i, S_NO));
        csv_text(c, db_cell(r, i, S_KIND));
        csv_text(c, db_cell(r, i, S_STATUS));
        csv_text(c, text_iso_date(c->a, db_cell(r, i, S_ON)));
        csv_text(c, db_cell(r, i, S_WH_CODE));
        csv_text(c, db_cell(r, i, S_DEST_CODE));
        csv_text(c, db_cell(r, i, S_PARTY_CODE));
        csv_text(c, db_cell(r, i, S_REASON));
        csv_text(c, db_cell(r, i, S_REF));
        csv_num(c, db_cell(r, i, S_LINES));
        csv_num(c, db_cell(r, i, S_QTY));
        csv_num(c, db_cell(r, i, S_LOSS));
        csv_num(c, db_cell(r, i, S_AMOUNT) != NULL
                       ? plain(c, db_cell_int(r, i, S_AMOUNT))
                       : NULL);
        csv_row(c);
    }
}

/* The paging attributes of a list element. */
static void
paging_attrs(xmlNodePtr n, int64_t page, int64_t pages, int64_t total,
             size_t n_rows)
{
    xd_attr_int(n, "page", page);
    xd_attr_int(n, "pages", pages);
    xd_attr_int(n, "total", total);
    xd_attr_int(n, "per-page", SD_PAGE);
    xd_attr_int(n, "first", n_rows ? (page - 1) * SD_PAGE + 1 : 0);
    xd_attr_int(n, "last", (page - 1) * SD_PAGE + (int64_t)n_rows);
}

/* Count, clamp the page, fetch it: 0 or -1 (answered). */
static int
fetch_page(struct ctx *c, const struct db_sql *count, const struct db_sql *sql,
           const struct db_param *p, size_t np, int64_t *page, int64_t *pages,
           int64_t *total, struct db_rows *rows)
{
    struct db_rows k;

    if (db_query(c->db, c->a, count, p, np, 0, 0, &k) != 0)
        return ctx_db_fail(c);
    *total = db_cell_int(&k, 0, 0);
    *pages = (*total + SD_PAGE - 1) / SD_PAGE;
    if (*page > *pages && *pages > 0)
        *page = *pages;
    if (db_query(c->db, c->a, sql, p, np, SD_PAGE,
                 (long)((*page - 1) * SD_PAGE), rows) != 0)
        return ctx_db_fail(c);
    return 0;
}

static int
doc_list(struct ctx *c)
{
    const char *q = param_text(c->req, "q");
    const char *kind = param_text(c->req, "kind");
    const char *status = param_text(c->req, "status");
    const char *sort = param_text(c->req, "sort");
    const char *dir = param_text(c->req, "dir");
    int64_t wh = param_int(c->req, "warehouse", 0);
    int64_t page = param_int(c->req, "page", 1), pages, total;
    int desc = dir == NULL || strcmp(dir, "asc") != 0;
    const char *from = form_date(c, "from", 0), *to = form_date(c, "to", 0);
    const char *like = q != NULL ? text_like(c->a, q, 1, 1) : NULL;
    struct db_param p[SD_N_WHERE];
    struct db_rows rows;
    xmlNodePtr list;

    if (!form_ok(c))
        return ctx_fail(c, 400, "bad_param", "a date as YYYY-MM-DD", NULL);
    if (sort == NULL)
        sort = "date";
    scope_params(c, p, 2);
    p[4] = DB_TEXT(kind);
    p[5] = DB_TEXT(kind);
    p[6] = DB_TEXT(status);
    p[7] = DB_TEXT(status);
    p[8] = wh > 0 ? DB_INT(wh) : DB_NULLP;
    p[9] = DB_INT(wh);
    p[10] = DB_INT(wh);
    p[11] = DB_TEXT(from);
    p[12] = DB_TEXT(from);
    p[13] = DB_TEXT(to);
    p[14] = DB_TEXT(to);
    p[15] = DB_TEXT(q);
    p[16] = DB_TEXT(like);
    p[17] = DB_TEXT(like);
    if (c->req->want_csv) {
        if (db_query(c->db, c->a, list_statement(sort, desc), p, SD_N_WHERE,
                     SD_CSV_MAX, 0, &rows) != 0)
            return ctx_db_fail(c);
        list_csv(c, &rows);
        return 0;
    }
    if (fetch_page(c, &sql_list_count, list_statement(sort, desc), p,
                   SD_N_WHERE, &page, &pages, &total, &rows) != 0)
        return -1;
    list = ctx_data(c, "stockdoc-list");
    xd_attr(list, "q", q != NULL ? q : "");
    xd_attr(list, "kind", kind);
    xd_attr(list, "status", status);
    if (wh > 0)
        xd_attr_int(list, "warehouse", wh);
    xd_attr(list, "from", from);
    xd_attr(list, "to", to);
    xd_attr(list, "sort", one_of(sort, list_sorts) ? sort : "date");
    xd_attr(list, "dir", desc ? "desc" : "asc");
    paging_attrs(list, page, pages, total, rows.n_rows);
    page_can(c, list, "can-edit", "stock.edit");
    if (wh_options(c, list, "warehouse", 1) != 0)
        return ctx_db_fail(c);
    for (size_t i = 0; i < rows.n_rows; i++) {
        static const char *const names[] = {"id",
                                            "doc-no",
                                            "kind",
                                            "status",
                                            NULL,
                                            "warehouse-id",
                                            "warehouse-code",
                                            "warehouse-name",
                                            "dest-id",
                                            "dest-code",
                                            "dest-name",
                                            "party-code",
                                            "party-name",
                                            "reason",
                                            "ref-no",
                                            NULL,
                                            "lines",
                                            "qty",
                                            "loss"};
        xmlNodePtr n = xd_elem(list, "doc");

        xd_row(n, &rows, i, names, XD_N(names));
        xd_attr(n, "doc-on", text_iso_date(c->a, db_cell(&rows, i, S_ON)));
        if (db_cell(&rows, i, S_AMOUNT) != NULL)
            xd_money_cell(n, "amount", &rows, i, S_AMOUNT);
    }
    return 0;
}

/* ==================================================================== */
/* The form: new and edit                                               */
/* ==================================================================== */

/* What a form (or an import record) makes of a document. */
struct doc_form {
    struct ctx *c;
    int64_t id, version; /* the new document's id, or the one edited */
    const struct kind_def *kd;
    const char *doc_no, *doc_on, *reason, *ref_no, *note;
    int64_t wh, dest, party;
    const char *wh_label, *dest_label, *party_label;
    struct doc_line *lines;
    int n_lines;
    int64_t amount; /* damage: the value; else -1 */
    const char *action, *detail;
    time_t now;
};

/* The fields of the form, echoed as typed after a 422 or 409. */
static const char *const form_echo[] = {
    "warehouse", "warehouse", "dest",    "dest",    "party",  "party", "reason",
    "reason",    "doc_on",    "doc-on",  "ref_no",  "ref-no", "note",  "note",
    "lines",     "lines",     "damaged", "damaged", NULL};

/* Append the lines typed in `field` (stocklines.h) to f->lines with the
 * condition cond, numbered on from f->n_lines.  0, or -1 (database). */
static int
form_lines(struct ctx *c, struct doc_form *f, const char *field,
           const char *cond)
{
    struct stock_line *sl;
    int n = stock_lines_form(c, field, f->kd->line_flags, &sl);

    if (n < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        struct doc_line *l = &f->lines[f->n_lines++];

        l->line_no = f->n_lines;
        l->product_id = sl[i].product_id;
        l->code = sl[i].code;
        l->name = sl[i].name;
        l->unit = sl[i].unit;
        l->qty = sl[i].qty;
        l->price = sl[i].price;
        l->qty_done = -1;
        l->cond = cond;
        l->note = sl[i].note;
    }
    return 0;
}

/*
 * Damage: the unit value of each line (the product's list price unless
 * typed) and the document's value, refused when it would not fit.  0, or
 * -1 (database).
 */
static int
damage_value(struct ctx *c, struct db *db, struct doc_form *f,
             void (*err)(void *arg, int line_no, const char *code,
                         const char *text),
             void *arg)
{
    int64_t sum = 0;

    for (int i = 0; i < f->n_lines; i++) {
        struct doc_line *l = &f->lines[i];
        int64_t v;

        if (l->price < 0) {
            struct db_param p[1] = {DB_INT(l->product_id)};
            struct db_rows r;

            if (db_query(db, c->a, &sql_list_price, p, 1, 0, 0, &r) != 0)
                return -1;
            l->price = r.n_rows > 0 ? db_cell_int(&r, 0, 0) : 0;
        }
        if (__builtin_mul_overflow(l->price, l->qty, &v) ||
            __builtin_add_overflow(sum, v, &sum) || sum > MONEY_MAX)
            err(arg, l->line_no, "too_large", "the value is too large");
    }
    f->amount = sum;
    return 0;
}

/* form_error for a line of `lines` (the damage value). */
static void
lines_error(void *arg, int line_no, const char *code, const char *text)
{
    struct ctx *c = arg;

    form_error(c, "lines", code,
               arena_printf(c->a, "line %d: %s", line_no, text));
}

/*
 * Read the fields of the form into f (f->kd set).  A warehouse (or
 * destination) that is missing or outside the scope answers 404; other
 * problems are form errors (422).  0, or -1 (answered).
 */
static int
form_read(struct ctx *c, struct doc_form *f)
{
    const char *kind = f->kd->kind;
    int transfer = !strcmp(kind, "transfer"), ret = !strcmp(kind, "return");
    struct db_rows w;
    char day[11];
    int rc;

    f->c = c;
    f->amount = -1;
    if (form_int(c, "warehouse", FORM_REQUIRED, 1, INT64_MAX, &f->wh) == 0) {
        if ((rc = wh_find(c, 1, f->wh, NULL, &w)) < 0)
            return ctx_db_fail(c);
        if (rc > 0)
            return page_not_found(c, "warehouse", f->wh);
        if (strcmp(db_cell(&w, 0, W_STATUS), "active") != 0)
            form_error(c, "warehouse", "closed", "the warehouse is closed");
        f->wh_label =
            page_label(c, db_cell(&w, 0, W_CODE), db_cell(&w, 0, W_NAME));
    }
    if (transfer &&
        form_int(c, "dest", FORM_REQUIRED, 1, INT64_MAX, &f->dest) == 0) {
        if ((rc = wh_find(c, 0, f->dest, NULL, &w)) < 0)
            return ctx_db_fail(c);
        if (rc > 0)
            return page_not_found(c, "warehouse", f->dest);
        if (strcmp(db_cell(&w, 0, W_STATUS), "active") != 0)
            form_error(c, "dest", "closed", "the warehouse is closed");
        else if (f->dest == f->wh)
            form_error(c, "dest", "same_warehouse",
                       "the destination is the warehouse it leaves");
        f->dest_label =
            page_label(c, db_cell(&w, 0, W_CODE), db_cell(&w, 0, W_NAME));
    }
    if (ret) {
        const char *code = form_text(c, "party", FORM_REQUIRED, 40);
        struct party_brief b;

        if (code != NULL) {
            if ((rc = party_get_by_code(c, code, &b)) < 0)
                return ctx_db_fail(c);
            if (rc > 0)
                form_error(c, "party", "no_party", "no such customer");
            else {
                f->party = b.id;
                f->party_label = page_label(c, b.code, b.name);
            }
        }
    }
    if (f->kd->reasons != NULL)
        f->reason = form_enum(c, "reason", FORM_REQUIRED, f->kd->reasons);
    ledger_today(day);
    f->doc_on = form_date(c, "doc_on", 0);
    if (f->doc_on != NULL && strcmp(f->doc_on, day) > 0)
        form_error(c, "doc_on", "future_date", "the date is in the future");
    if (f->doc_on == NULL && param_text(c->req, "doc_on") == NULL)
        f->doc_on = arena_strdup(c->a, day);
    f->ref_no = form_text(c, "ref_no", 0, 40);
    f->note = form_text(c, "note", 0, 500);
    f->lines = arena_zalloc(c->a, 2 * STOCK_LINES_MAX * sizeof(*f->lines));
    if (!ret) {
        if (form_lines(c, f, "lines", "sellable") != 0)
            return ctx_db_fail(c);
    } else if (param_text(c->req, "lines") == NULL &&
               param_text(c->req, "damaged") == NULL) {
        form_error(c, "lines", "required", "at least one line");
    } else {
        if (param_text(c->req, "lines") != NULL &&
            form_lines(c, f, "lines", "sellable") != 0)
            return ctx_db_fail(c);
        if (param_text(c->req, "damaged") != NULL &&
            form_lines(c, f, "damaged", "damaged") != 0)
            return ctx_db_fail(c);
    }
    if (!strcmp(kind, "damage") &&
        damage_value(c, c->db, f, lines_error, c) != 0)
        return ctx_db_fail(c);
    return 0;
}

/* The lines of f into the document (after any old ones were deleted). */
static int
lines_write(struct db *db, const struct doc_form *f)
{
    for (int i = 0; i < f->n_lines; i++) {
        const struct doc_line *l = &f->lines[i];
        struct db_param p[7];

        p[0] = DB_INT(f->id);
        p[1] = DB_INT(l->line_no);
        p[2] = DB_INT(l->product_id);
        p[3] = DB_INT(l->qty);
        p[4] = l->price >= 0 ? DB_INT(l->price) : DB_NULLP;
        p[5] = DB_TEXT(l->cond);
        p[6] = DB_TEXT(l->note);
        if (db_exec(db, &sql_line_insert, p, 7, NULL) != 0)
            return -1;
    }
    return 0;
}

/* The audit detail of a document as saved. */
static const char *
form_detail(struct ctx *c, const struct doc_form *f)
{
    struct sbuf b;

    sbuf_init(&b, c->a, 256);
    sbuf_printf(&b, "%s %s %s: warehouse %s", f->action, f->kd->kind,
                f->doc_no != NULL ? f->doc_no : "", f->wh_label);
    if (f->dest_label != NULL)
        sbuf_printf(&b, " -> %s", f->dest_label);
    if (f->party_label != NULL)
        sbuf_printf(&b, "; party %s", f->party_label);
    if (f->reason != NULL)
        sbuf_printf(&b, "; reason %s", f->reason);
    sbuf_printf(&b, "; date %s; %d lines", f->doc_on, f->n_lines);
    for (int i = 0; i < f->n_lines && i < 20; i++)
        sbuf_printf(&b, "%s%s x %" PRId64 "%s", i ? ", " : ": ",
                    f->lines[i].code, f->lines[i].qty,
                    strcmp(f->lines[i].cond, "damaged") == 0 ? " damaged" : "");
    if (f->amount >= 0)
        sbuf_printf(&b, "; value %s", plain(c, f->amount));
    return b.buf;
}

/* Write document f: the INSERT of a new one (a taken id: SD_DUPLICATE)
 * or the guarded UPDATE of a draft (SD_CONFLICT), its lines, the audit. */
static int
doc_write(struct db *db, struct doc_form *f)
{
    struct db_param p[13];
    long n = 0;

    if (f->version == 0) {
        p[0] = DB_INT(f->id);
        p[1] = DB_TEXT(f->doc_no);
        p[2] = DB_TEXT(f->kd->kind);
        p[3] = DB_INT(f->wh);
        p[4] = f->dest > 0 ? DB_INT(f->dest) : DB_NULLP;
        p[5] = f->party > 0 ? DB_INT(f->party) : DB_NULLP;
        p[6] = DB_TEXT(f->reason);
        p[7] = DB_TEXT(f->doc_on);
        p[8] = DB_TEXT(f->ref_no);
        p[9] = DB_TEXT(f->note);
        p[10] = f->amount >= 0 ? DB_INT(f->amount) : DB_NULLP;
        p[11] = DB_TS(f->now);
        p[12] = user_id(f->c) > 0 ? DB_INT(user_id(f->c)) : DB_NULLP;
        if (db_exec(db, &sql_doc_insert, p, 13, NULL) != 0)
            return db_unique_violation(db) ? SD_DUPLICATE : -1;
    } else {
        p[0] = DB_INT(f->wh);
        p[1] = f->dest > 0 ? DB_INT(f->dest) : DB_NULLP;
        p[2] = f->party > 0 ? DB_INT(f->party) : DB_NULLP;
        p[3] = DB_TEXT(f->reason);
        p[4] = DB_TEXT(f->doc_on);
        p[5] = DB_TEXT(f->ref_no);
        p[6] = DB_TEXT(f->note);
        p[7] = f->amount >= 0 ? DB_INT(f->amount) : DB_NULLP;
        p[8] = DB_INT(f->id);
        p[9] = DB_INT(f->version);
        if (db_exec(db, &sql_doc_update, p, 10, &n) != 0)
            return -1;
        if (n == 0)
            return SD_CONFLICT;
        p[0] = DB_INT(f->id);
        if (db_exec(db, &sql_lines_delete, p, 1, NULL) != 0)
            return -1;
    }
    if (lines_write(db, f) != 0)
        return -1;
    return audit_write(f->c, "stock_doc", f->id, f->action,
                       form_detail(f->c, f));
}

static int
doc_write_uow(struct db *db, void *arg)
{
    return doc_write(db, arg);
}

/*
 * The form page: new (d NULL; a token, the kind) or the edit of draft d.
 * On a POST the fields are echoed as typed; after a 409 (conflict) the
 * current version goes in <conflict>.  0 or -1.
 */
static int
form_page(struct ctx *c, const struct kind_def *kd, int64_t token,
          const struct doc *d, int conflict)
{
    xmlNodePtr f = ctx_data(c, "stockdoc-form");
    char day[11];

    ledger_today(day);
    xd_attr(f, "mode", d != NULL ? "edit" : "new");
    xd_attr(f, "kind", kd->kind);
    xd_attr(f, "today", day);
    if (d != NULL) {
        xd_attr_int(f, "id", d->id);
        xd_attr(f, "doc-no", d->doc_no);
        xd_attr(f, "version",
                c->req->method == REQ_POST && !conflict
                    ? param_text(c->req, "version")
                    : db_cell(&d->r, 0, D_VERSION));
    } else {
        xd_attr_int(f, "token", token);
    }
    if (c->req->method == REQ_POST) {
        page_echo(c, f, form_echo);
    } else if (d != NULL) {
        struct doc_line *l;
        struct stock_line *sl;
        int n = lines_load(c, d->id, &l), ns = 0, nd = 0;
        struct stock_line *dl;

        if (n < 0)
            return ctx_db_fail(c);
        sl = arena_zalloc(c->a, (size_t)(n + 1) * sizeof(*sl));
        dl = arena_zalloc(c->a, (size_t)(n + 1) * sizeof(*dl));
        for (int i = 0; i < n; i++) {
            struct stock_line *s =
                strcmp(l[i].cond, "damaged") == 0 ? &dl[nd++] : &sl[ns++];

            s->code = l[i].code;
            s->qty = l[i].qty;
            s->price = l[i].price;
            s->note = l[i].note;
        }
        xd_cell(f, "warehouse", &d->r, 0, D_WH);
        xd_cell(f, "dest", &d->r, 0, D_DEST);
        xd_cell(f, "party", &d->r, 0, D_PARTY_CODE);
        xd_cell(f, "reason", &d->r, 0, D_REASON);
        xd_attr(f, "doc-on", d->doc_on);
        xd_cell(f, "ref-no", &d->r, 0, D_REF);
        xd_cell(f, "note", &d->r, 0, D_NOTE);
        if (ns > 0)
            xd_attr(f, "lines", stock_lines_text(c->a, sl, ns, kd->line_flags));
        if (nd > 0)
            xd_attr(f, "damaged",
                    stock_lines_text(c->a, dl, nd, kd->line_flags));
    } else {
        xd_attr(f, "doc-on", day);
    }
    if (conflict)
        xd_attr(xd_elem(f, "conflict"), "version",
                db_cell(&d->r, 0, D_VERSION));
    if (wh_options(c, f, "warehouse", 1) != 0 ||
        (!strcmp(kd->kind, "transfer") && wh_options(c, f, "dest", 0) != 0))
        return ctx_db_fail(c);
    return 0;
}

/* GET /stock/docs/new?kind=K: the form with a one-time id (taken outside
 * any transaction, so that its bank is committed and never reused). */
static int
doc_new(struct ctx *c)
{
    const char *kind = param_text(c->req, "kind");
    const struct kind_def *kd = kind_def(kind != NULL ? kind : "receipt");
    int64_t token;

    db_rollback(c->db);
    if (db_next_id(c->db, "stock_doc", &token) != 0)
        return ctx_db_fail(c);
    return form_page(c, kd, token, NULL, 0);
}

/* POST /stock/docs/new */
static int
doc_create(struct ctx *c)
{
    const struct kind_def *kd = kind_def(param_text(c->req, "kind"));
    struct doc_form f;
    struct db_rows r;
    char no[DOCNO_MAX];
    int rc;

    memset(&f, 0, sizeof(f));
    if (kd == NULL ||
        form_int(c, "token", FORM_REQUIRED, 1, INT64_MAX, &f.id) != 0)
        return ctx_fail(c, 400, "bad_param",
                        "the form has no valid kind or token", NULL);
    /* the token must be an id the key table handed out (a form's) */
    if (db_query(c->db, c->a, &sql_key_next, NULL, 0, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0 || f.id >= db_cell_int(&r, 0, 0))
        return ctx_fail(c, 400, "bad_param", "the form has no valid token",
                        NULL);
    f.kd = kd;
    if (form_read(c, &f) != 0)
        return -1;
    if (!form_ok(c))
        return form_page(c, kd, f.id, NULL, 0);
    docno_make(no, kd->prefix, f.doc_on, f.id);
    f.doc_no = arena_strdup(c->a, no);
    f.action = "create";
    f.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, doc_write_uow, &f);
    if (rc == SD_DUPLICATE) {
        struct doc d;

        /* the same form again: fine when it made this kind of draft */
        if (doc_find(c, f.id, &d) != 0)
            return -1;
        if (strcmp(d.kind, kd->kind) != 0)
            return ctx_fail(c, 409, "conflict", "this form was used already",
                            NULL);
        return ctx_redirect(
            c,
            arena_printf(c->a, "/stock/docs/%" PRId64 "?done=duplicate", f.id));
    }
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(
        c, arena_printf(c->a, "/stock/docs/%" PRId64 "?done=created", f.id));
}

/* A document the user may change: mine, a draft, its warehouse in the
 * scope.  0, or -1 (answered: 404 or 409). */
static int
draft_find(struct ctx *c, int64_t id, struct doc *d)
{
    if (doc_find(c, id, d) != 0)
        return -1;
    if (kind_def(d->kind) == NULL || !d->in_a)
        return page_not_found(c, "stock_doc", id);
    if (strcmp(d->status, "draft") != 0)
        return ctx_fail(c, 409, "conflict", "only a draft can be changed",
                        d->status);
    return 0;
}

/* GET /stock/docs/{id}/edit */
static int
doc_edit(struct ctx *c)
{
    struct doc d;

    if (draft_find(c, page_id(c), &d) != 0)
        return -1;
    return form_page(c, kind_def(d.kind), 0, &d, 0);
}

/* POST /stock/docs/{id}/edit: 422 as typed, 409 (stale version) with
 * the current one, else saved. */
static int
doc_save(struct ctx *c)
{
    struct doc d;
    struct doc_form f;
    int rc;

    if (draft_find(c, page_id(c), &d) != 0)
        return -1;
    memset(&f, 0, sizeof(f));
    f.kd = kind_def(d.kind);
    f.id = d.id;
    f.doc_no = d.doc_no;
    form_int(c, "version", FORM_REQUIRED, 1, INT32_MAX, &f.version);
    if (form_read(c, &f) != 0)
        return -1;
    if (!form_ok(c))
        return form_page(c, f.kd, 0, &d, 0);
    if (f.version != d.version) {
        page_conflict(c);
        return form_page(c, f.kd, 0, &d, 1);
    }
    f.action = "edit";
    f.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, doc_write_uow, &f);
    if (rc == SD_CONFLICT) {
        if (doc_find(c, d.id, &d) != 0)
            return -1;
        page_conflict(c);
        return form_page(c, f.kd, 0, &d, 1);
    }
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(
        c, arena_printf(c->a, "/stock/docs/%" PRId64 "?done=saved", d.id));
}

/* ==================================================================== */
/* Actions: post, approve, reject, cancel, ship, receive                */
/* ==================================================================== */

enum act_id { A_POST, A_APPROVE, A_REJECT, A_CANCEL, A_SHIP, A_RECEIVE };

struct act_def {
    const char *name;  /* audit action, "done" of the redirect */
    const char *from;  /* the status it leaves */
    const char *to;    /* the status it reaches */
    const char *kinds; /* the kinds it applies to: "" all of mine */
    int dest_side;     /* needs the destination in the scope */
    int moves;         /* writes stock moves */
    const char *done;
};

static const struct act_def act_defs[] = {
    [A_POST] = {"post", "draft", "posted", "receipt issue damage return", 0, 1,
                "posted"},
    [A_APPROVE] = {"approve", "pending", "posted", "damage", 0, 1, "approved"},
    [A_REJECT] = {"reject", "pending", "draft", "damage", 0, 0, "rejected"},
    [A_CANCEL] = {"cancel", "draft", "cancelled", "", 0, 0, "cancelled"},
    [A_SHIP] = {"ship", "draft", "shipped", "transfer", 0, 1, "shipped"},
    [A_RECEIVE] = {"receive", "shipped", "received", "transfer", 1, 1,
                   "received"},
};

/* What an action does in its unit of work, and why the ledger refused. */
struct act_work {
    struct ctx *c;
    const struct act_def *a;
    struct doc *d;
    const char *to;         /* the status reached (pending for damage above
                               the threshold) */
    int moves;              /* 0: the status only */
    struct doc_line *lines; /* in increasing product id */
    int n_lines;
    const char *move_on; /* the date of the moves */
    time_t now;
    /* a refusal of the ledger */
    int bad_rc;
    const struct doc_line *bad_line;
    const char *bad_wh;
    struct stock_state why;
};

/* One move of line l; records a refusal.  STOCK_OK or the refusal. */
static int
move(struct db *db, struct act_work *w, const struct doc_line *l, int at_dest,
     const char *bucket, const char *kind, int64_t qty)
{
    struct stock_move m = {at_dest ? w->d->dest : w->d->wh, l->product_id,
                           bucket, kind, qty};
    struct stock_ref ref = {STOCK_DOC_TYPE, w->d->id, l->line_no, w->move_on,
                            user_id(w->c),  0,        w->now};
    int rc = stock_post(db, &m, &ref, &w->why);

    if (rc > 0) {
        w->bad_rc = rc;
        w->bad_line = l;
        w->bad_wh = db_cell(&w->d->r, 0, at_dest ? D_DEST_CODE : D_WH_CODE);
    }
    return rc;
}

/* The moves of line l for the action. */
static int
line_moves(struct db *db, struct act_work *w, const struct doc_line *l)
{
    const char *kind = w->d->kind;
    int rc;

    if (!strcmp(kind, "receipt"))
        return move(db, w, l, 0, "on_hand", "receipt", l->qty);
    if (!strcmp(kind, "issue"))
        return move(db, w, l, 0, "on_hand", "issue", -l->qty);
    if (!strcmp(kind, "damage"))
        return move(db, w, l, 0, "on_hand", "damage", -l->qty);
    if (!strcmp(kind, "return")) {
        /* damaged goods are received and written off in one posting */
        rc = move(db, w, l, 0, "on_hand", "return", l->qty);
        if (rc == STOCK_OK && !strcmp(l->cond, "damaged"))
            rc = move(db, w, l, 0, "on_hand", "damage", -l->qty);
        return rc;
    }
    if (w->a == &act_defs[A_SHIP]) {
        rc = move(db, w, l, 0, "on_hand", "transfer_out", -l->qty);
        if (rc == STOCK_OK)
            rc = move(db, w, l, 1, "in_transit", "transfer_out", l->qty);
        return rc;
    }
    /* receive */
    rc = move(db, w, l, 1, "in_transit", "transfer_in", -l->qty);
    if (rc == STOCK_OK && l->qty_done > 0)
        rc = move(db, w, l, 1, "on_hand", "transfer_in", l->qty_done);
    return rc;
}

/* Take the warehouses the action moves stock in, in increasing id. */
static int
lock_warehouses(struct db *db, struct act_work *w)
{
    int64_t ids[2];
    const char *codes[2];
    int n = 0, rc;

    if (w->a != &act_defs[A_RECEIVE]) {
        ids[n] = w->d->wh;
        codes[n++] = db_cell(&w->d->r, 0, D_WH_CODE);
    }
    if (w->a == &act_defs[A_SHIP] || w->a == &act_defs[A_RECEIVE]) {
        ids[n] = w->d->dest;
        codes[n++] = db_cell(&w->d->r, 0, D_DEST_CODE);
    }
    if (n == 2 && ids[1] < ids[0]) {
        int64_t t = ids[0];
        const char *s = codes[0];

        ids[0] = ids[1], codes[0] = codes[1];
        ids[1] = t, codes[1] = s;
    }
    for (int i = 0; i < n; i++)
        if ((rc = stock_lock(db, ids[i], w->move_on)) != STOCK_OK) {
            if (rc > 0) {
                w->bad_rc = rc;
                w->bad_wh = codes[i];
            }
            return rc;
        }
    return STOCK_OK;
}

static int
act_uow(struct db *db, void *arg)
{
    struct act_work *w = arg;
    const struct act_def *a = w->a;
    struct db_param p[6];
    long n = 0;
    int rc, np = 0;

    w->bad_rc = 0;
    w->bad_line = NULL;
    w->bad_wh = NULL;
    /* the guarded transition first */
    p[np++] = DB_TEXT(w->to);
    if (!strcmp(w->to, "posted") || !strcmp(w->to, "shipped") ||
        !strcmp(w->to, "received")) {
        p[np++] = DB_TS(w->now);
        p[np++] = user_id(w->c) > 0 ? DB_INT(user_id(w->c)) : DB_NULLP;
    }
    p[np++] = DB_INT(w->d->id);
    p[np++] = DB_INT(w->d->version);
    p[np++] = DB_TEXT(a->from);
    if (db_exec(db,
                np == 4                      ? &sql_status
                : !strcmp(w->to, "received") ? &sql_status_received
                                             : &sql_status_posted,
                p, (size_t)np, &n) != 0)
        return -1;
    if (n == 0)
        return SD_CONFLICT;
    if (w->moves) {
        if ((rc = lock_warehouses(db, w)) != STOCK_OK)
            return rc;
        for (int i = 0; i < w->n_lines; i++)
            if ((rc = line_moves(db, w, &w->lines[i])) != STOCK_OK)
                return rc;
    }
    if (a == &act_defs[A_RECEIVE])
        for (int i = 0; i < w->n_lines; i++) {
            const struct doc_line *l = &w->lines[i];

            p[0] = DB_INT(l->qty_done);
            p[1] = DB_TEXT(l->qty_done < l->qty ? l->reason : NULL);
            p[2] = DB_INT(w->d->id);
            p[3] = DB_INT(l->line_no);
            if (db_exec(db, &sql_line_done, p, 4, NULL) != 0)
                return -1;
        }
    return audit_write(w->c, "stock_doc", w->d->id,
                       strcmp(w->to, "pending") ? a->name : "pending",
                       arena_printf(w->c->a, "%s: status %s -> %s",
                                    w->d->doc_no, a->from, w->to));
}

/* The message of a refusal of the ledger (a 409). */
static void
refusal_message(struct ctx *c, const struct act_work *w)
{
    const struct doc_line *l = w->bad_line;
    const char *what =
        l != NULL ? arena_printf(c->a, "line %d: %s %s", l->line_no, l->code,
                                 l->name != NULL ? l->name : "")
                  : "";
    const char *wh = w->bad_wh != NULL ? w->bad_wh : "";

    switch (w->bad_rc) {
    case STOCK_SHORT:
        ctx_message(c, "error", "stock_short", NULL,
                    arena_printf(c->a,
                                 "%s: not enough stock in %s: %" PRId64
                                 " available",
                                 what, wh,
                                 w->why.on_hand - w->why.reserved > 0
                                     ? w->why.on_hand - w->why.reserved
                                     : 0));
        break;
    case STOCK_FROZEN:
        ctx_message(c, "error", "stock_frozen", NULL,
                    arena_printf(c->a,
                                 "%s: a stocktake holds this product in %s",
                                 what, wh));
        break;
    case STOCK_PERIOD_CLOSED:
        ctx_message(c, "error", "period_closed", NULL,
                    arena_printf(c->a,
                                 "%s: the period of %s is closed: nothing "
                                 "may move on or before that day",
                                 wh, w->move_on));
        break;
    case STOCK_CLOSED:
        ctx_message(c, "error", "warehouse_closed", NULL,
                    arena_printf(c->a, "%s: the warehouse is closed", wh));
        break;
    default:
        ctx_message(c, "error", "stock_refused", NULL,
                    arena_printf(c->a, "%s %s: %s", what, wh,
                                 stock_result_name(w->bad_rc)));
    }
}

/*
 * Read the receive form into the lines (line order): the quantities
 * received (blank: all) and a reason for each shortfall.  Problems are
 * form errors (422); a form that does not match the lines is a 400.
 * 0, or -1 (answered).
 */
static int
receive_read(struct ctx *c, struct doc_line *l, int n_lines)
{
    int nr = 0, nw = 0;

    for (size_t i = 0; i < c->req->n_fields; i++) {
        const struct req_field *f = &c->req->fields[i];

        if (!strcmp(f->name, "received")) {
            if (nr < n_lines) {
                char *end;
                long long v = strtoll(f->value, &end, 10);

                if (f->value[0] == '\0') {
                    l[nr].qty_done = l[nr].qty;
                } else if (*end != '\0' || f->value[0] == '-' || v < 0 ||
                           v > l[nr].qty) {
                    form_error(c, "received", "bad_qty",
                               arena_printf(c->a,
                                            "line %d: a whole number from 0 "
                                            "to %" PRId64,
                                            l[nr].line_no, l[nr].qty));
                    l[nr].qty_done = l[nr].qty;
                } else {
                    l[nr].qty_done = v;
                }
            }
            nr++;
        } else if (!strcmp(f->name, "reason")) {
            if (nw < n_lines)
                l[nw].reason = f->value[0] != '\0' ? f->value : NULL;
            nw++;
        }
    }
    if (nr == 0 && nw == 0) /* nothing said: everything arrived */
        for (int i = 0; i < n_lines; i++)
            l[i].qty_done = l[i].qty;
    else if (nr != n_lines || (nw != 0 && nw != n_lines))
        return ctx_fail(c, 400, "bad_param",
                        "one received quantity (and reason) per line", NULL);
    for (int i = 0; i < n_lines; i++) {
        if (l[i].qty_done < l[i].qty &&
            one_of(l[i].reason, loss_reasons) == NULL)
            form_error(c, "reason", "required",
                       arena_printf(c->a,
                                    "line %d: a reason for the %" PRId64
                                    " missing (damaged, lost, short_shipped "
                                    "or other)",
                                    l[i].line_no, l[i].qty - l[i].qty_done));
        if (l[i].qty_done == l[i].qty)
            l[i].reason = NULL;
    }
    return 0;
}

/* The receive form of transfer d (typed values echoed after a 422). */
static int
receive_page(struct ctx *c, struct doc *d, const struct doc_line *typed)
{
    struct doc_line *l;
    xmlNodePtr n;
    int n_lines;

    if ((n_lines = lines_load(c, d->id, &l)) < 0)
        return ctx_db_fail(c);
    n = ctx_data(c, "stockdoc-receive");
    doc_attrs(c, n, d);
    if (c->req->method == REQ_POST) {
        xmlUnsetProp(n, BAD_CAST "version");
        xd_attr(n, "version", param_text(c->req, "version"));
    }
    lines_xml(n, l, n_lines, 1);
    if (typed != NULL)
        for (xmlNodePtr e = n->children; e != NULL; e = e->next) {
            const struct doc_line *t = typed++;

            xd_attr(e, "received", arena_printf(c->a, "%" PRId64, t->qty_done));
            xd_attr(e, "loss-reason", t->reason);
        }
    return 0;
}

/* GET /stock/docs/{id}/receive */
static int
doc_receive_form(struct ctx *c)
{
    struct doc d;

    if (doc_find(c, page_id(c), &d) != 0)
        return -1;
    if (strcmp(d.kind, "transfer") != 0 || !d.in_b)
        return page_not_found(c, "stock_doc", d.id);
    if (strcmp(d.status, "shipped") != 0)
        return ctx_fail(c, 409, "conflict",
                        "only a shipped transfer is received", d.status);
    return receive_page(c, &d, NULL);
}

/*
 * An action on document {id}: the checks (scope, kind, status, version),
 * then its unit of work.  Refusals of the ledger: 409 with the document
 * and a message naming the line and product; a stale version: 409; the
 * same action again (double submission): a redirect saying so.
 */
static int
act(struct ctx *c, enum act_id id)
{
    const struct act_def *a = &act_defs[id];
    struct act_work w;
    struct doc d;
    int64_t version = 0;
    char day[11];
    int rc;

    if (doc_find(c, page_id(c), &d) != 0)
        return -1;
    if (kind_def(d.kind) == NULL || !(a->dest_side ? d.in_b : d.in_a))
        return page_not_found(c, "stock_doc", d.id);
    if (form_int(c, "version", FORM_REQUIRED, 1, INT32_MAX, &version) != 0)
        return ctx_fail(c, 400, "bad_param", "the form has no version", NULL);
    if (a->kinds[0] != '\0' && strstr(a->kinds, d.kind) == NULL) {
        c->status = 409;
        ctx_message(c, "error", "wrong_kind", NULL,
                    !strcmp(d.kind, "transfer")
                        ? "a transfer is shipped and received, not posted"
                        : "this document is not handled so");
        return doc_page(c, d.id, "stockdoc");
    }
    memset(&w, 0, sizeof(w));
    w.c = c;
    w.a = a;
    w.d = &d;
    w.to = a->to;
    w.moves = a->moves;
    w.now = clock_now();
    ledger_today(day);
    w.move_on = a == &act_defs[A_RECEIVE] ? day : d.doc_on;
    if (strcmp(d.status, a->from) != 0 || version != d.version)
        goto stale;
    if (w.moves && (w.n_lines = lines_load(c, d.id, &w.lines)) < 0)
        return ctx_db_fail(c);
    if (id == A_RECEIVE) {
        if (receive_read(c, w.lines, w.n_lines) != 0)
            return -1;
        if (!form_ok(c))
            return receive_page(c, &d, w.lines);
    }
    if (id == A_POST && !strcmp(d.kind, "damage") && damage_threshold() > 0 &&
        db_cell_int(&d.r, 0, D_AMOUNT) > damage_threshold()) {
        w.to = "pending";
        w.moves = 0;
    }
    if (w.n_lines > 1)
        qsort(w.lines, (size_t)w.n_lines, sizeof(*w.lines), by_product);
    db_rollback(c->db);
    rc = db_uow(c->db, act_uow, &w);
    if (rc == STOCK_OK)
        return ctx_redirect(
            c, arena_printf(c->a, "/stock/docs/%" PRId64 "?done=%s", d.id,
                            strcmp(w.to, "pending") ? a->done : "pending"));
    if (rc == SD_CONFLICT) {
        if (doc_find(c, d.id, &d) != 0)
            return -1;
        goto stale;
    }
    if (rc > 0 && w.bad_rc > 0) {
        c->status = 409;
        refusal_message(c, &w);
        return doc_page(c, d.id, "stockdoc");
    }
    return ctx_db_fail(c);

stale:
    /* already where this action leads (a second click): say so */
    if (!strcmp(d.status, a->to) ||
        (id == A_POST && !strcmp(d.status, "pending")))
        return ctx_redirect(
            c,
            arena_printf(c->a, "/stock/docs/%" PRId64 "?done=already", d.id));
    page_conflict(c);
    return doc_page(c, d.id, "stockdoc");
}

static int
doc_post(struct ctx *c)
{
    return act(c, A_POST);
}

static int
doc_approve(struct ctx *c)
{
    return act(c, A_APPROVE);
}

static int
doc_reject(struct ctx *c)
{
    return act(c, A_REJECT);
}

static int
doc_cancel(struct ctx *c)
{
    return act(c, A_CANCEL);
}

static int
doc_ship(struct ctx *c)
{
    return act(c, A_SHIP);
}

static int
doc_receive(struct ctx *c)
{
    return act(c, A_RECEIVE);
}

/* ==================================================================== */
/* GET /stock/transit                                                   */
/* ==================================================================== */

static const struct db_sql *
transit_statement(const char *sort, int desc)
{
    static const struct db_sql *const table[][2] = {
        {&sql_tr_shipped_asc, &sql_tr_shipped_desc},
        {&sql_tr_dest_asc, &sql_tr_dest_desc},
        {&sql_tr_source_asc, &sql_tr_source_desc},
        {&sql_tr_no_asc, &sql_tr_no_desc},
    };

    for (int i = 0; transit_sorts[i] != NULL; i++)
        if (strcmp(transit_sorts[i], sort) == 0)
            return table[i][desc];
    return table[0][desc];
}

/* Totals per warehouse: <elem warehouse-id code name docs qty/>. */
static int
transit_totals(struct ctx *c, xmlNodePtr n, const char *elem,
               const struct db_sql *sql, const struct db_param *p)
{
    static const char *const names[] = {"warehouse-id", "code", "name", "docs",
                                        "qty"};
    struct db_rows r;

    if (db_query(c->db, c->a, sql, p, TR_N_WHERE, 0, 0, &r) != 0)
        return -1;
    xd_rows(n, elem, &r, names, XD_N(names));
    return 0;
}

static void
transit_csv(struct ctx *c, const struct db_rows *r, const char *day)
{
    static const char *const head[] = {"doc_no", "shipped_on", "days", "source",
                                       "dest",   "line",       "code", "name",
                                       "unit",   "qty"};

    csv_begin(c, "stock-transit.csv");
    for (size_t k = 0; k < XD_N(head); k++)
        csv_text(c, head[k]);
    csv_row(c);
    for (size_t i = 0; i < r->n_rows; i++) {
        const char *on = text_iso_date(c->a, db_cell(r, i, 1));

        csv_text(c, db_cell(r, i, 0));
        csv_text(c, on);
        csv_num(c, arena_printf(c->a, "%" PRId64, days_between(on, day)));
        for (size_t k = 2; k <= 7; k++)
            if (k == 4)
                csv_num(c, db_cell(r, i, k));
            else
                csv_text(c, db_cell(r, i, k));
        csv_num(c, db_cell(r, i, 8));
        csv_row(c);
    }
}

static int
transit_list(struct ctx *c)
{
    const char *q = param_text(c->req, "q");
    const char *sort = param_text(c->req, "sort");
    const char *dir = param_text(c->req, "dir");
    int64_t dest = param_int(c->req, "dest", 0);
    int64_t source = param_int(c->req, "source", 0);
    int64_t page = param_int(c->req, "page", 1), pages, total;
    int desc = dir != NULL && strcmp(dir, "desc") == 0;
    const char *like = q != NULL ? text_like(c->a, q, 1, 1) : NULL;
    struct db_param p[TR_N_WHERE];
    struct db_rows rows;
    xmlNodePtr list;
    char day[11];

    if (sort == NULL)
        sort = "shipped";
    ledger_today(day);
    scope_params(c, p, 2);
    p[4] = dest > 0 ? DB_INT(dest) : DB_NULLP;
    p[5] = DB_INT(dest);
    p[6] = source > 0 ? DB_INT(source) : DB_NULLP;
    p[7] = DB_INT(source);
    p[8] = DB_TEXT(q);
    p[9] = DB_TEXT(like);
    if (c->req->want_csv) {
        if (db_query(c->db, c->a, &sql_tr_csv, p, TR_N_WHERE, SD_CSV_MAX, 0,
                     &rows) != 0)
            return ctx_db_fail(c);
        transit_csv(c, &rows, day);
        return 0;
    }
    if (fetch_page(c, &sql_tr_count, transit_statement(sort, desc), p,
                   TR_N_WHERE, &page, &pages, &total, &rows) != 0)
        return -1;
    list = ctx_data(c, "stock-transit");
    xd_attr(list, "q", q != NULL ? q : "");
    if (dest > 0)
        xd_attr_int(list, "dest", dest);
    if (source > 0)
        xd_attr_int(list, "source", source);
    xd_attr(list, "sort", one_of(sort, transit_sorts) ? sort : "shipped");
    xd_attr(list, "dir", desc ? "desc" : "asc");
    xd_attr(list, "today", day);
    paging_attrs(list, page, pages, total, rows.n_rows);
    if (transit_totals(c, list, "by-dest", &sql_tr_by_dest, p) != 0 ||
        transit_totals(c, list, "by-source", &sql_tr_by_source, p) != 0 ||
        wh_options(c, list, "warehouse", 1) != 0)
        return ctx_db_fail(c);
    for (size_t i = 0; i < rows.n_rows; i++) {
        static const char *const names[] = {
            "id",        "doc-no",      NULL,          NULL,
            "source-id", "source-code", "source-name", "dest-id",
            "dest-code", "dest-name",   "lines",       "qty"};
        xmlNodePtr n = xd_elem(list, "transit");
        const char *on = text_iso_date(c->a, db_cell(&rows, i, T_ON));
        struct doc_line *l;
        int n_lines;

        xd_row(n, &rows, i, names, XD_N(names));
        xd_attr(n, "shipped-on", on);
        page_ts_cell(c, n, "shipped-at", &rows, i, T_POSTED);
        xd_attr_int(n, "days", days_between(on, day));
        n_lines = lines_load(c, db_cell_int(&rows, i, T_ID), &l);
        if (n_lines < 0)
            return ctx_db_fail(c);
        for (int k = 0; k < n_lines; k++) {
            xmlNodePtr e = xd_elem(n, "line");

            xd_attr_int(e, "line-no", l[k].line_no);
            xd_attr(e, "code", l[k].code);
            xd_attr(e, "name", l[k].name);
            xd_attr(e, "unit", l[k].unit);
            xd_attr_int(e, "qty", l[k].qty);
        }
    }
    return 0;
}

/* ==================================================================== */
/* The import                                                           */
/* ==================================================================== */

/* One <doc> of the file. */
struct imp_doc {
    xmlNodePtr node;
    struct doc_form f;
    struct stock_line *sl;
    xmlNodePtr *line_nodes;
};

struct imp {
    struct ctx *c;
    struct imp_doc *docs;
    size_t n_docs;
    xmlNodePtr report; /* <stockdoc-import> */
    int n_errors;
    size_t cur; /* the document being resolved (1-based) */
};

static const char *
attr(struct ctx *c, xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST name);
    const char *s = NULL;

    if (v != NULL && v[0] != '\0')
        s = arena_strdup(c->a, (const char *)v);
    xmlFree(v);
    return s;
}

/* Add <error doc line field code message xml-line/> to the report. */
static void
imp_error(struct imp *im, size_t doc, int line, const char *field,
          const char *code, const char *msg, long xml_line)
{
    xmlNodePtr e;

    if (++im->n_errors > SD_ERRORS_MAX)
        return;
    e = xd_elem(im->report, "error");
    if (doc > 0)
        xd_attr_int(e, "doc", (int64_t)doc);
    if (line > 0)
        xd_attr_int(e, "line", line);
    xd_attr(e, "field", field);
    xd_attr(e, "code", code);
    xd_attr(e, "message", msg);
    if (xml_line > 0)
        xd_attr_int(e, "xml-line", xml_line);
}

/* The document and line (1-based, 0: none) a node sits in. */
static void
imp_where(const struct imp *im, xmlNodePtr n, size_t *doc, int *line)
{
    *doc = 0;
    *line = 0;
    for (size_t i = 0; i < im->n_docs; i++) {
        const struct imp_doc *d = &im->docs[i];

        if (n == d->node) {
            *doc = i + 1;
            return;
        }
        for (int k = 0; k < d->f.n_lines; k++)
            if (n == d->line_nodes[k]) {
                *doc = i + 1;
                *line = k + 1;
                return;
            }
    }
}

static void
imp_schema_error(void *arg, xmlErrorPtr err)
{
    struct imp *im = arg;
    size_t doc = 0;
    int line = 0;
    char *msg = arena_strdup(im->c->a, err->message ? err->message : "invalid");
    size_t len = strlen(msg);

    const char *at = strstr(msg, "attribute '");
    const char *field = NULL;
    xmlNodePtr node = err->node;

    while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
        msg[--len] = '\0';
    /* "Element 'line', attribute 'qty': ..." names the field */
    if (at != NULL && strchr(at + 11, '\'') != NULL)
        field = arena_strndup(im->c->a, at + 11,
                              (size_t)(strchr(at + 11, '\'') - (at + 11)));
    if (node != NULL && node->type == XML_ATTRIBUTE_NODE) {
        field = (const char *)node->name;
        node = node->parent;
    }
    if (node != NULL)
        imp_where(im, node, &doc, &line);
    imp_error(im, doc, line, field, "schema", msg, err->line);
}

static void
imp_line_error(void *arg, int line_no, const char *code, const char *text)
{
    struct imp *im = arg;
    const struct imp_doc *d = &im->docs[im->cur - 1];
    static const struct {
        const char *code, *field;
    } fields[] = {{"bad_qty", "qty"},    {"bad_price", "price"},
                  {"too_long", "note"},  {"no_product", "code"},
                  {"duplicate", "code"}, {"too_large", "qty"}};
    const char *field = NULL;

    for (size_t i = 0; i < XD_N(fields); i++)
        if (!strcmp(fields[i].code, code))
            field = fields[i].field;
    if (line_no < 1 || line_no > d->f.n_lines)
        line_no = 0;
    imp_error(
        im, im->cur, line_no, field, code,
        line_no > 0 && d->sl[line_no - 1].code != NULL
            ? arena_printf(im->c->a, "%s: %s", text, d->sl[line_no - 1].code)
            : text,
        line_no > 0 ? xmlGetLineNo(d->line_nodes[line_no - 1]) : 0);
}

/* Read the <doc> elements (after the schema passed). */
static void
imp_read(struct imp *im, xmlNodePtr root)
{
    struct ctx *c = im->c;

    for (xmlNodePtr k = root->children; k != NULL; k = k->next) {
        struct imp_doc *d;
        int n = 0;

        if (k->type != XML_ELEMENT_NODE)
            continue;
        d = &im->docs[im->n_docs++];
        d->node = k;
        d->f.c = c;
        d->f.kd = kind_def(attr(c, k, "kind"));
        d->f.doc_on = attr(c, k, "date");
        d->f.reason = attr(c, k, "reason");
        d->f.ref_no = attr(c, k, "ref");
        d->f.note = attr(c, k, "note");
        d->f.amount = -1;
        for (xmlNodePtr l = k->children; l != NULL; l = l->next)
            n += l->type == XML_ELEMENT_NODE;
        d->sl = arena_zalloc(c->a, (size_t)(n + 1) * sizeof(*d->sl));
        d->line_nodes =
            arena_zalloc(c->a, (size_t)(n + 1) * sizeof(*d->line_nodes));
        d->f.lines = arena_zalloc(c->a, (size_t)(n + 1) * sizeof(*d->f.lines));
        for (xmlNodePtr l = k->children; l != NULL; l = l->next) {
            struct stock_line *s;
            const char *qty;

            if (l->type != XML_ELEMENT_NODE)
                continue;
            s = &d->sl[d->f.n_lines];
            d->line_nodes[d->f.n_lines++] = l;
            s->line_no = d->f.n_lines;
            s->code = attr(c, l, "code");
            qty = attr(c, l, "qty");
            s->qty = qty != NULL ? strtoll(qty, NULL, 10) : -1;
            s->price = -1;
            s->note = attr(c, l, "note");
        }
    }
}

/* The business checks of document i (1-based): warehouses, reason, date,
 * lines.  0, or -1 (database). */
static int
imp_check(struct imp *im, size_t i, const char *day)
{
    struct ctx *c = im->c;
    struct imp_doc *d = &im->docs[i - 1];
    struct doc_form *f = &d->f;
    long at = xmlGetLineNo(d->node);
    const char *wh = attr(c, d->node, "warehouse");
    const char *dest = attr(c, d->node, "dest");
    struct db_rows w;
    int rc;

    if ((rc = wh_find(c, 1, 0, wh, &w)) < 0)
        return -1;
    if (rc > 0 || strcmp(db_cell(&w, 0, W_STATUS), "active") != 0) {
        imp_error(im, i, 0, "warehouse", "no_warehouse",
                  rc > 0 ? "no such warehouse" : "the warehouse is closed", at);
    } else {
        f->wh = db_cell_int(&w, 0, W_ID);
        f->wh_label =
            page_label(c, db_cell(&w, 0, W_CODE), db_cell(&w, 0, W_NAME));
    }
    if (!strcmp(f->kd->kind, "transfer")) {
        if (dest == NULL)
            imp_error(im, i, 0, "dest", "no_warehouse",
                      "a transfer needs a destination", at);
        else if ((rc = wh_find(c, 0, 0, dest, &w)) < 0)
            return -1;
        else if (rc > 0 || strcmp(db_cell(&w, 0, W_STATUS), "active") != 0)
            imp_error(im, i, 0, "dest", "no_warehouse",
                      rc > 0 ? "no such warehouse" : "the warehouse is closed",
                      at);
        else if ((f->dest = db_cell_int(&w, 0, W_ID)) == f->wh)
            imp_error(im, i, 0, "dest", "same_warehouse",
                      "the destination is the warehouse it leaves", at);
        else
            f->dest_label =
                page_label(c, db_cell(&w, 0, W_CODE), db_cell(&w, 0, W_NAME));
        if (f->reason != NULL)
            imp_error(im, i, 0, "reason", "bad_reason",
                      "a transfer has no reason", at);
    } else if (dest != NULL) {
        imp_error(im, i, 0, "dest", "bad_dest", "only a transfer has one", at);
    } else if (one_of(f->reason, f->kd->reasons) == NULL) {
        imp_error(im, i, 0, "reason", "bad_reason",
                  f->reason == NULL ? "a reason is needed"
                                    : "not a reason of this kind",
                  at);
    }
    if (strcmp(f->doc_on, day) > 0)
        imp_error(im, i, 0, "date", "future_date", "the date is in the future",
                  at);
    im->cur = i;
    rc = stock_lines_resolve(c->db, c->a, d->sl, f->n_lines, f->kd->line_flags,
                             imp_line_error, im);
    if (rc < 0)
        return -1;
    for (int k = 0; k < f->n_lines; k++) {
        struct doc_line *l = &f->lines[k];

        l->line_no = d->sl[k].line_no;
        l->product_id = d->sl[k].product_id;
        l->code = d->sl[k].code;
        l->name = d->sl[k].name;
        l->unit = d->sl[k].unit;
        l->qty = d->sl[k].qty;
        l->price = -1;
        l->qty_done = -1;
        l->cond = "sellable";
        l->note = d->sl[k].note;
    }
    return 0;
}

struct imp_work {
    struct imp *im;
    time_t now;
};

/* Every document of the import, each its own id and number. */
static int
imp_uow(struct db *db, void *arg)
{
    struct imp_work *w = arg;
    struct imp *im = w->im;

    for (size_t i = 0; i < im->n_docs; i++) {
        struct doc_form *f = &im->docs[i].f;
        char no[DOCNO_MAX];
        int rc;

        if (db_next_id(db, "stock_doc", &f->id) != 0)
            return -1;
        docno_make(no, f->kd->prefix, f->doc_on, f->id);
        f->doc_no = arena_strdup(im->c->a, no);
        f->version = 0;
        f->action = "import";
        f->now = w->now;
        if ((rc = doc_write(db, f)) != 0)
            return rc;
    }
    return 0;
}

static xmlNodePtr
imp_page(struct ctx *c, const char *state)
{
    xmlNodePtr n = ctx_data(c, "stockdoc-import");

    xd_attr(n, "state", state);
    return n;
}

/* GET /stock/docs/import */
static int
imp_form(struct ctx *c)
{
    imp_page(c, "form");
    return 0;
}

/* POST /stock/docs/import: a file in the field "file", or the document as
 * an application/xml body (an integrator with an API key). */
static int
imp_post(struct ctx *c)
{
    xmlSchemaPtr schema = xmlin_schema(SD_SCHEMA_FILE);
    xmlSchemaValidCtxtPtr vc;
    struct imp im;
    struct imp_work w;
    xmlDocPtr doc = page_upload_xml(c);
    xmlNodePtr root;
    char day[11];
    size_t n = 0;
    int rc;

    if (doc == NULL)
        return -1;
    if (schema == NULL)
        return ctx_fail(c, 500, "internal", "internal error", NULL);
    memset(&im, 0, sizeof(im));
    im.c = c;
    im.report = imp_page(c, "refused");
    root = xmlDocGetRootElement(doc);
    for (xmlNodePtr k = root != NULL ? root->children : NULL; k != NULL;
         k = k->next)
        n += k->type == XML_ELEMENT_NODE;
    if (n > SD_IMPORT_MAX)
        return ctx_fail(c, 413, "too_large", "at most 1000 documents a file",
                        "file");
    im.docs = arena_zalloc(c->a, (n + 1) * sizeof(*im.docs));
    vc = xmlSchemaNewValidCtxt(schema);
    if (vc == NULL)
        return ctx_fail(c, 500, "internal", "internal error", NULL);
    xmlSchemaSetValidStructuredErrors(vc, imp_schema_error, &im);
    if (root != NULL)
        imp_read(&im, root);
    rc = xmlSchemaValidateDoc(vc, doc);
    xmlSchemaFreeValidCtxt(vc);
    if (rc != 0 && im.n_errors == 0)
        imp_error(&im, 0, 0, NULL, "schema", "invalid document", 0);
    xd_attr_int(im.report, "docs", (int64_t)im.n_docs);
    ledger_today(day);
    for (size_t i = 0; rc == 0 && i < im.n_docs; i++)
        if (imp_check(&im, i + 1, day) != 0)
            return ctx_db_fail(c);
    if (im.n_errors > 0) {
        xd_attr_int(im.report, "errors", im.n_errors);
        c->status = 422;
        ctx_message(c, "error", "import_refused", "file",
                    "the file was refused: nothing was written");
        return 0;
    }
    w.im = &im;
    w.now = clock_now();
    db_rollback(c->db);
    if (db_uow(c->db, imp_uow, &w) != 0)
        return ctx_db_fail(c);
    xmlUnsetProp(im.report, BAD_CAST "state");
    xd_attr(im.report, "state", "done");
    xd_attr_int(im.report, "created", (int64_t)im.n_docs);
    for (size_t i = 0; i < im.n_docs; i++) {
        xmlNodePtr e = xd_elem(im.report, "created-doc");

        xd_attr_int(e, "id", im.docs[i].f.id);
        xd_attr(e, "doc-no", im.docs[i].f.doc_no);
        xd_attr(e, "kind", im.docs[i].f.kd->kind);
    }
    return 0;
}

/* ==================================================================== */
/* Routes                                                               */
/* ==================================================================== */

#define F_TEXT(n)  P_FIELD(n, SD_FIELD_MAX)
#define F_LINES(n) P_FIELD_MULTI(n, STOCK_LINES_TEXT)

static const struct param_spec list_params[] = {
    P_SEARCH,
    {"kind", P_ENUM, 0, 0, all_kinds, 0},
    {"status", P_ENUM, 0, 0, statuses, 0},
    {"warehouse", P_INT, 0, INT64_MAX, NULL, 0},
    F_TEXT("from"),
    F_TEXT("to"),
    P_SORT(list_sorts),
    P_DIR(dirs),
    P_PAGE,
    P_END,
};
static const struct param_spec show_params[] = {
    {"done", P_ENUM, 0, 0, dones, 0},
    P_END,
};
static const struct param_spec new_params[] = {
    {"kind", P_ENUM, 0, 0, my_kinds, 0},
    P_END,
};
static const struct param_spec form_params[] = {
    F_TEXT("token"),
    F_TEXT("version"),
    F_TEXT("kind"),
    F_TEXT("warehouse"),
    F_TEXT("dest"),
    F_TEXT("party"),
    F_TEXT("reason"),
    F_TEXT("doc_on"),
    F_TEXT("ref_no"),
    F_TEXT("note"),
    F_LINES("lines"),
    F_LINES("damaged"),
    P_END,
};
static const struct param_spec act_params[] = {
    F_TEXT("version"),
    P_END,
};
static const struct param_spec receive_params[] = {
    F_TEXT("version"),
    {"received", P_TEXT, 0, 20, NULL, P_LIST},
    {"reason", P_ENUM, 0, 0, loss_reasons, P_LIST},
    P_END,
};
static const struct param_spec transit_params[] = {
    P_SEARCH,
    {"dest", P_INT, 0, INT64_MAX, NULL, 0},
    {"source", P_INT, 0, INT64_MAX, NULL, 0},
    P_SORT(transit_sorts),
    P_DIR(dirs),
    P_PAGE,
    P_END,
};
static const struct param_spec no_params[] = {
    P_END,
};

/* "/stock/docs/new" and "/import" come before "/stock/docs/{id}": the
 * first pattern that matches wins. */
/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/stock/docs",              "stockdoc.list",         "stock.view",    "stockdoc.xsl", doc_list,         list_params,    ROUTE_CSV},
    {REQ_GET,  "/stock/docs/new",          "stockdoc.new",          "stock.edit",    "stockdoc.xsl", doc_new,          new_params,     0},
    {REQ_POST, "/stock/docs/new",          "stockdoc.create",       "stock.edit",    "stockdoc.xsl", doc_create,       form_params,    0},
    {REQ_GET,  "/stock/docs/import",       "stockdoc.import_form",  "stock.edit",    "stockdoc.xsl", imp_form,         no_params,      0},
    {REQ_POST, "/stock/docs/import",       "stockdoc.import",       "stock.edit",    "stockdoc.xsl", imp_post,         no_params,      ROUTE_UPLOAD},
    {REQ_GET,  "/stock/docs/{id}",         "stockdoc.show",         "stock.view",    "stockdoc.xsl", doc_show,         show_params,    0},
    {REQ_GET,  "/stock/docs/{id}/edit",    "stockdoc.edit",         "stock.edit",    "stockdoc.xsl", doc_edit,         no_params,      0},
    {REQ_POST, "/stock/docs/{id}/edit",    "stockdoc.save",         "stock.edit",    "stockdoc.xsl", doc_save,         form_params,    0},
    {REQ_GET,  "/stock/docs/{id}/print",   "stockdoc.print",        "stock.view",    "stockdoc.xsl", doc_print,        no_params,      0},
    {REQ_POST, "/stock/docs/{id}/post",    "stockdoc.post",         "stock.post",    "stockdoc.xsl", doc_post,         act_params,     0},
    {REQ_POST, "/stock/docs/{id}/approve", "stockdoc.approve",      "stock.approve", "stockdoc.xsl", doc_approve,      act_params,     0},
    {REQ_POST, "/stock/docs/{id}/reject",  "stockdoc.reject",       "stock.approve", "stockdoc.xsl", doc_reject,       act_params,     0},
    {REQ_POST, "/stock/docs/{id}/cancel",  "stockdoc.cancel",       "stock.edit",    "stockdoc.xsl", doc_cancel,       act_params,     0},
    {REQ_POST, "/stock/docs/{id}/ship",    "stockdoc.ship",         "stock.post",    "stockdoc.xsl", doc_ship,         act_params,     0},
    {REQ_GET,  "/stock/docs/{id}/receive", "stockdoc.receive_form", "stock.post",    "stockdoc.xsl", doc_receive_form, no_params,      0},
    {REQ_POST, "/stock/docs/{id}/receive", "stockdoc.receive",      "stock.post",    "stockdoc.xsl", doc_receive,      receive_params, 0},
    {REQ_GET,  "/stock/transit",           "stockdoc.transit",      "stock.view",    "stockdoc.xsl", transit_list,     transit_params, ROUTE_CSV},
};
/* clang-format on */

const struct module stockdoc_module = {"stockdoc", routes,
                                       sizeof(routes) / sizeof(routes[0])};
