/*
 * form.c - the form of a sell-through report: new (with a one-time id)
 * and edit of a draft, its checks, the prices of an agent's lines, and
 * the save in one unit of work (409 on a stale version).  See
 * consign_int.h.
 */
#include <inttypes.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "consign_int.h"

#include "../ledger.h"
#include "../price.h"
#include "../stocklines.h"

#include "../../core/audit.h"
#include "../../core/auth.h"
#include "../../core/clock.h"
#include "../../core/docno.h"
#include "../../core/form.h"
#include "../../core/money.h"
#include "../../core/page.h"
#include "../../core/scope.h"
#include "../../core/text.h"
#include "../../core/xd.h"

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

/* A report by id, in any scope (a used one-time id: whose is it?). */
DB_STATEMENT(sql_doc_owner, 0,
             "SELECT kind, created_by FROM stock_doc WHERE id = ?");

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
    clock_day(today, 0);
    f = ctx_data(c, "consign-form");
    xd_attr(f, "mode", d != NULL ? "edit" : "new");
    xd_attr(f, "today", today);
    if (consign_is_poster(c))
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
        struct stock_line *lines;
        struct db_rows l;

        xd_cell(f, "warehouse", d, 0, D_WH);
        xd_attr(f, "doc-on", text_iso_date(c->a, db_cell(d, 0, D_ON)));
        xd_cell(f, "ref-no", d, 0, D_REF);
        xd_cell(f, "note", d, 0, D_NOTE);
        if (consign_doc_lines(c, db_cell_int(d, 0, D_ID), &l) != 0)
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
                                 consign_is_poster(c) ? STOCK_LINES_PRICE : 0));
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

int
consign_doc_new(struct ctx *c)
{
    int64_t doc;

    if (consign_need_writer(c) != 0)
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
    int agent = !consign_is_poster(c);

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
    clock_day(today, 0);
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
        if (consign_add_amount(&w->amount, l->qty, l->price) != 0) {
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
        if ((rc = consign_exec_guarded(db, &sql_doc_update, p, 9)) != 0)
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

int
consign_doc_create(struct ctx *c)
{
    struct save_work w;
    struct db_param p[1];
    struct db_rows r;
    int rc;

    if (consign_need_writer(c) != 0)
        return -1;
    memset(&w, 0, sizeof(w));
    if (form_int(c, "doc", FORM_REQUIRED, 1, INT64_MAX, &w.id) != 0)
        return ctx_fail(c, 400, "bad_param", "the form has no valid id", NULL);
    /* the id must be one the key table handed out (a form's) */
    if ((rc = db_id_handed_out(c->db, "stock_doc", w.id)) < 0)
        return ctx_db_fail(c);
    if (rc == 0)
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

/* A report that is no longer a draft: 409. */
static int
not_draft(struct ctx *c)
{
    return ctx_fail(c, 409, "conflict",
                    "only a draft can be changed: this report was handed "
                    "in, posted or cancelled",
                    NULL);
}

int
consign_doc_edit(struct ctx *c)
{
    struct db_rows d;

    if (consign_find_writable(c, &d) != 0)
        return -1;
    if (!consign_status_is(&d, "draft"))
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
    if (consign_find_doc(c, id, &d) != 0)
        return -1;
    if (!consign_status_is(&d, "draft"))
        return not_draft(c);
    page_conflict(c);
    if (form_page(c, &d, 0, 1, &f) != 0)
        return -1;
    k = xd_elem(f, "conflict");
    xd_cell(k, "version", &d, 0, D_VERSION);
    xd_money_cell(k, "amount", &d, 0, D_AMOUNT);
    return 0;
}

int
consign_doc_update(struct ctx *c)
{
    struct save_work w;
    struct db_rows d;
    int rc;

    if (consign_find_writable(c, &d) != 0)
        return -1;
    if (!consign_status_is(&d, "draft"))
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
