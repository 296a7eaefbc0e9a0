/*
 * show.c - a stock document as XML: GET /stock/docs/{id} (header, lines,
 * the moves it wrote, its history, the buttons) and its print view
 * GET /stock/docs/{id}/print.  See stockdoc_int.h.
 */
#include <stdint.h>
#include <string.h>

#include "stockdoc_int.h"

#include "../stock.h"

#include "../../core/ctx.h"
#include "../../core/page.h"
#include "../../core/text.h"
#include "../../core/xd.h"
#include "../../db/db.h"

#define SD_HISTORY 50 /* audit entries on a document's page */

const char *const sd_dones[] = {"created", "duplicate", "saved",    "posted",
                                "pending", "approved",  "rejected", "cancelled",
                                "shipped", "received",  "already",  NULL};
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

DB_STATEMENT(sql_moves, 0,
             "SELECT w.code, p.code, m.bucket, m.kind, m.qty, m.move_on,"
             " m.line_no, m.posted_at"
             " FROM stock_move m"
             " JOIN warehouse w ON w.id = m.warehouse_id"
             " JOIN product p ON p.id = m.product_id"
             " WHERE m.doc_type = '" STOCK_DOC_TYPE "' AND m.doc_id = ?"
             " ORDER BY m.posted_at, m.line_no, m.id");

/* ==================================================================== */
/* The document as XML                                                  */
/* ==================================================================== */

/* The header of document d as attributes of n. */
void
sd_doc_attrs(struct ctx *c, xmlNodePtr n, const struct doc *d)
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
void
sd_lines_xml(xmlNodePtr n, const struct doc_line *l, int n_lines, int transfer)
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
    int mine = sd_kind_def(d->kind) != NULL,
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
int
sd_doc_page(struct ctx *c, int64_t id, const char *elem)
{
    int full = strcmp(elem, "stockdoc") == 0;
    struct doc d;
    struct doc_line *lines;
    struct db_rows m;
    struct db_param p[1];
    xmlNodePtr n;
    int n_lines;

    if (sd_doc_find(c, id, &d) != 0)
        return -1;
    if ((n_lines = sd_lines_load(c, id, &lines)) < 0)
        return ctx_db_fail(c);
    n = ctx_data(c, elem);
    sd_doc_attrs(c, n, &d);
    sd_lines_xml(n, lines, n_lines, !strcmp(d.kind, "transfer"));
    if (!full)
        return 0;
    doc_cans(c, n, &d);
    if (!strcmp(d.kind, "damage") && !strcmp(d.status, "draft") &&
        sd_damage_threshold() > 0 &&
        db_cell_int(&d.r, 0, D_AMOUNT) > sd_damage_threshold())
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
        const char *done = text_one_of(param_text(c->req, "done"), sd_dones);

        for (size_t i = 0; done != NULL && sd_dones[i] != NULL; i++)
            if (sd_dones[i] == done)
                ctx_message(c, "info", done, NULL, done_texts[i]);
    }
    if (page_history(c, n, "stock_doc", id, SD_HISTORY) != 0)
        return ctx_db_fail(c);
    return 0;
}

/* GET /stock/docs/{id} */
int
sd_doc_show(struct ctx *c)
{
    return sd_doc_page(c, page_id(c), "stockdoc");
}

/* GET /stock/docs/{id}/print */
int
sd_doc_print(struct ctx *c)
{
    return sd_doc_page(c, page_id(c), "stockdoc-print");
}
