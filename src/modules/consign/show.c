/*
 * show.c - one sell-through report: its page (GET
 * /consignment/reports/{id}: lines, amounts, the ledger entry once posted,
 * the actions the user may take, the history) and its print view; its
 * lines, which the edit form reads too.  See consign_int.h.
 */
#include <stdint.h>
#include <string.h>

#include "consign_int.h"

#include "../../core/auth.h"
#include "../../core/money.h"
#include "../../core/page.h"
#include "../../core/text.h"
#include "../../core/xd.h"

/* The messages the show page gives after an action (?done=; consign_doc_show's
 * texts in the same order). */
const char *const consign_dones[] = {"saved",  "duplicate", "submitted",
                                     "posted", "cancelled", NULL};

/* The attributes of a report's columns (the enum in consign_int.h; NULL:
 * written otherwise). */
/* clang-format off */
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

/* The lines of report id (the columns of sql_doc_lines) into *out, for
 * the show page and the edit form.  0, or -1 on a database error (not
 * recorded: the caller calls ctx_db_fail). */
int
consign_doc_lines(struct ctx *c, int64_t id, struct db_rows *out)
{
    struct db_param p[1] = {DB_INT(id)};

    return db_query(c->db, c->a, &sql_doc_lines, p, 1, 0, 0, out);
}

/* The receivable a posted report charged. */
DB_STATEMENT(sql_doc_entry, 0,
             "SELECT id, amount, entry_on, due_on, posted_at"
             " FROM ledger_entry"
             " WHERE source_type = 'sellthru' AND source_id = ?"
             " AND bucket = 'receivable'");

/* ==================================================================== */
/* GET /consignment/reports/{id} and /print                             */
/* ==================================================================== */

/*
 * Fill element `elem` (consign-report or consign-print) with report d:
 * its fields, its lines (with the warehouse's on hand now, short="true"
 * where a draft asks for more), the ledger entry once posted, and for
 * the page the actions the user may take and the history.  0 or -1.
 */
int
consign_doc_page(struct ctx *c, const struct db_rows *d, const char *elem,
                 int full)
{
    struct db_param p[1] = {DB_INT(db_cell_int(d, 0, D_ID))};
    struct db_rows l, e;
    int open = consign_status_is(d, "draft") || consign_status_is(d, "pending");
    int64_t qty = 0;
    xmlNodePtr n;

    if (consign_doc_lines(c, db_cell_int(d, 0, D_ID), &l) != 0 ||
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
        if (consign_status_is(d, "draft") && consign_may_write(c, d))
            xd_attr(n, "can-edit", "true");
        if (consign_status_is(d, "draft") && consign_is_agent(c) &&
            db_cell_int(d, 0, D_PARTY) == c->user->party_id)
            xd_attr(n, "can-submit", "true");
        if (consign_is_poster(c) &&
            (consign_status_is(d, "pending") ||
             (consign_status_is(d, "draft") && !db_cell_int(d, 0, D_BY_AGENT))))
            xd_attr(n, "can-post", "true");
        if (open && consign_may_write(c, d))
            xd_attr(n, "can-cancel", "true");
        page_can(c, n, "can-ledger", "ledger.view");
    }
    for (size_t i = 0; i < l.n_rows; i++) {
        xmlNodePtr x = xd_elem(n, "line");
        int64_t amount = 0;

        xd_row(x, &l, i, line_names, XD_N(line_names));
        xd_money_cell(x, "price", &l, i, 6);
        if (consign_add_amount(&amount, db_cell_int(&l, i, 5),
                               db_cell_int(&l, i, 6)))
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

int
consign_doc_show(struct ctx *c)
{
    static const char *const texts[] = {
        "the report is saved as a draft",
        "already saved: this form was sent before, nothing was changed",
        "the report is handed in: it waits for the company to post it",
        "the report is posted: the stock is issued and the agent charged",
        "the report is cancelled"};
    const char *done = param_text(c->req, "done");
    struct db_rows d;

    if (consign_find_doc(c, page_id(c), &d) != 0)
        return -1;
    for (size_t i = 0; done != NULL && consign_dones[i] != NULL; i++)
        if (strcmp(consign_dones[i], done) == 0)
            ctx_message(c, "info", consign_dones[i], NULL, texts[i]);
    return consign_doc_page(c, &d, "consign-report", 1);
}

int
consign_doc_print(struct ctx *c)
{
    struct db_rows d;

    if (consign_find_doc(c, page_id(c), &d) != 0)
        return -1;
    return consign_doc_page(c, &d, "consign-print", 0);
}
