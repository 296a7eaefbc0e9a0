/*
 * form.c - new and edit: the form of a stock document, the checks of what
 * it says, and the write of a document with its lines and the audit
 * (sd_doc_write, which the import uses too).  See stockdoc_int.h.
 */
#include <inttypes.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "stockdoc_int.h"

#include "../ledger.h"
#include "../party.h"
#include "../stocklines.h"

#include "../../core/arena.h"
#include "../../core/audit.h"
#include "../../core/clock.h"
#include "../../core/ctx.h"
#include "../../core/docno.h"
#include "../../core/form.h"
#include "../../core/money.h"
#include "../../core/page.h"
#include "../../core/xd.h"
#include "../../db/db.h"

DB_STATEMENT(sql_list_price, 0, "SELECT list_price FROM product WHERE id = ?");

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

/* ==================================================================== */
/* The form: new and edit                                               */
/* ==================================================================== */

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
        if ((rc = sd_wh_find(c, 1, f->wh, NULL, &w)) < 0)
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
        if ((rc = sd_wh_find(c, 0, f->dest, NULL, &w)) < 0)
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
    clock_day(day, 0);
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
        sbuf_printf(&b, "; value %s", sd_plain(c, f->amount));
    return b.buf;
}

/* Write document f: the INSERT of a new one (a taken id: SD_DUPLICATE)
 * or the guarded UPDATE of a draft (SD_CONFLICT), its lines, the audit. */
int
sd_doc_write(struct db *db, struct doc_form *f)
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
        p[12] = sd_user_id(f->c) > 0 ? DB_INT(sd_user_id(f->c)) : DB_NULLP;
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
    return sd_doc_write(db, arg);
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

    clock_day(day, 0);
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
        int n = sd_lines_load(c, d->id, &l), ns = 0, nd = 0;
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
    if (sd_wh_options(c, f, "warehouse", 1) != 0 ||
        (!strcmp(kd->kind, "transfer") && sd_wh_options(c, f, "dest", 0) != 0))
        return ctx_db_fail(c);
    return 0;
}

/* GET /stock/docs/new?kind=K: the form with a one-time id (taken outside
 * any transaction, so that its bank is committed and never reused). */
int
sd_doc_new(struct ctx *c)
{
    const char *kind = param_text(c->req, "kind");
    const struct kind_def *kd = sd_kind_def(kind != NULL ? kind : "receipt");
    int64_t token;

    db_rollback(c->db);
    if (db_next_id(c->db, "stock_doc", &token) != 0)
        return ctx_db_fail(c);
    return form_page(c, kd, token, NULL, 0);
}

/* POST /stock/docs/new */
int
sd_doc_create(struct ctx *c)
{
    const struct kind_def *kd = sd_kind_def(param_text(c->req, "kind"));
    struct doc_form f;
    char no[DOCNO_MAX];
    int rc;

    memset(&f, 0, sizeof(f));
    if (kd == NULL ||
        form_int(c, "token", FORM_REQUIRED, 1, INT64_MAX, &f.id) != 0)
        return ctx_fail(c, 400, "bad_param",
                        "the form has no valid kind or token", NULL);
    /* the token must be an id the key table handed out (a form's) */
    if ((rc = db_id_handed_out(c->db, "stock_doc", f.id)) < 0)
        return ctx_db_fail(c);
    if (rc == 0)
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
        if (sd_doc_find(c, f.id, &d) != 0)
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
    if (sd_doc_find(c, id, d) != 0)
        return -1;
    if (sd_kind_def(d->kind) == NULL || !d->in_a)
        return page_not_found(c, "stock_doc", id);
    if (strcmp(d->status, "draft") != 0)
        return ctx_fail(c, 409, "conflict", "only a draft can be changed",
                        d->status);
    return 0;
}

/* GET /stock/docs/{id}/edit */
int
sd_doc_edit(struct ctx *c)
{
    struct doc d;

    if (draft_find(c, page_id(c), &d) != 0)
        return -1;
    return form_page(c, sd_kind_def(d.kind), 0, &d, 0);
}

/* POST /stock/docs/{id}/edit: 422 as typed, 409 (stale version) with
 * the current one, else saved. */
int
sd_doc_save(struct ctx *c)
{
    struct doc d;
    struct doc_form f;
    int rc;

    if (draft_find(c, page_id(c), &d) != 0)
        return -1;
    memset(&f, 0, sizeof(f));
    f.kd = sd_kind_def(d.kind);
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
        if (sd_doc_find(c, d.id, &d) != 0)
            return -1;
        page_conflict(c);
        return form_page(c, f.kd, 0, &d, 1);
    }
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(
        c, arena_printf(c->a, "/stock/docs/%" PRId64 "?done=saved", d.id));
}
