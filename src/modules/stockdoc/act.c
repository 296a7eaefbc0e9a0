/*
 * act.c - the actions on a stock document: post, approve, reject,
 * cancel, ship and receive (with its form).  Each is a guarded transition
 * of the status and, for most, the moves it posts to the stock ledger.
 * See stockdoc_int.h.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/tree.h>

#include "stockdoc_int.h"

#include "../ledger.h"
#include "../stock.h"

#include "../../core/arena.h"
#include "../../core/audit.h"
#include "../../core/clock.h"
#include "../../core/ctx.h"
#include "../../core/form.h"
#include "../../core/page.h"
#include "../../core/text.h"
#include "../../core/xd.h"
#include "../../db/db.h"

const char *const sd_loss_reasons[] = {"damaged", "lost", "short_shipped",
                                       "other", NULL};

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
DB_STATEMENT(sql_lines_done, 0,
             "UPDATE stock_doc_line SET qty_done = qty, reason = NULL"
             " WHERE doc_id = ?");
DB_STATEMENT(sql_line_done, 0,
             "UPDATE stock_doc_line SET qty_done = ?, reason = ?"
             " WHERE doc_id = ? AND line_no = ?");

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
    const char *to;           /* the status reached (pending for damage above
                                 the threshold) */
    int moves;                /* 0: the status only */
    struct doc_line *lines;   /* in increasing product id */
    struct stock_line_qty *q; /* their quantities, for the ledger */
    int n_lines;
    const char *move_on; /* the date of the moves */
    time_t now;
    /* a refusal of the ledger */
    int bad_rc;
    const struct doc_line *bad_line;
    const char *bad_wh;
    struct stock_state why;
};

/*
 * What each line of the document moves for the action, into mv (the
 * moves the line-by-line posting wrote for a line, in that order).
 * Their number.
 */
static int
act_moves(const struct act_work *w, struct stock_line_move *mv)
{
    const struct doc *d = w->d;
    const char *kind = d->kind;

    memset(mv, 0, STOCK_LINE_MOVES_MAX * sizeof(*mv));
    mv[0].warehouse_id = mv[1].warehouse_id = d->wh;
    mv[0].bucket = mv[1].bucket = "on_hand";
    mv[0].kind = kind;
    mv[0].of_qty = -1; /* issue, damage */
    if (!strcmp(kind, "receipt")) {
        mv[0].of_qty = 1;
    } else if (!strcmp(kind, "return")) {
        /* damaged goods are received and written off in one posting */
        mv[0].of_qty = 1;
        mv[1].kind = "damage";
        mv[1].of_qty = -1;
        mv[1].damaged_only = 1;
        return 2;
    } else if (w->a == &act_defs[A_SHIP]) {
        mv[0].kind = mv[1].kind = "transfer_out";
        mv[1].warehouse_id = d->dest;
        mv[1].bucket = "in_transit";
        mv[1].of_qty = 1;
        return 2;
    } else if (w->a == &act_defs[A_RECEIVE]) {
        /* out of transit, and on hand what arrived */
        mv[0].warehouse_id = mv[1].warehouse_id = d->dest;
        mv[0].kind = mv[1].kind = "transfer_in";
        mv[0].bucket = "in_transit";
        mv[1].of_done = 1;
        return 2;
    }
    return 1;
}

/* Post the moves of every line; a refusal is recorded in w.  STOCK_OK,
 * the refusal, or -1. */
static int
post_moves(struct db *db, struct act_work *w)
{
    struct stock_line_move mv[STOCK_LINE_MOVES_MAX];
    struct stock_ref ref = {STOCK_DOC_TYPE,   w->d->id, 0,     w->move_on,
                            sd_user_id(w->c), 0,        w->now};
    struct stock_refusal out;
    int n_mv = act_moves(w, mv);
    int rc = stock_post_lines(db, mv, n_mv, w->q, w->n_lines, &ref, &out);

    if (rc > 0) {
        w->bad_rc = rc;
        w->why = out.why;
        if (out.index < w->n_lines)
            w->bad_line = &w->lines[out.index];
        if (out.warehouse_id > 0)
            w->bad_wh = db_cell(&w->d->r, 0,
                                out.warehouse_id == w->d->dest ? D_DEST_CODE
                                                               : D_WH_CODE);
    }
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
        p[np++] = sd_user_id(w->c) > 0 ? DB_INT(sd_user_id(w->c)) : DB_NULLP;
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
    if (w->moves && (rc = lock_warehouses(db, w)) != STOCK_OK)
        return rc;
    /* what arrived, before the moves that read it: every line in full,
     * then the shortfalls one by one */
    if (a == &act_defs[A_RECEIVE]) {
        p[0] = DB_INT(w->d->id);
        if (db_exec(db, &sql_lines_done, p, 1, NULL) != 0)
            return -1;
        for (int i = 0; i < w->n_lines; i++) {
            const struct doc_line *l = &w->lines[i];

            if (l->qty_done == l->qty)
                continue;
            p[0] = DB_INT(l->qty_done);
            p[1] = DB_TEXT(l->reason);
            p[2] = DB_INT(w->d->id);
            p[3] = DB_INT(l->line_no);
            if (db_exec(db, &sql_line_done, p, 4, NULL) != 0)
                return -1;
        }
    }
    if (w->moves && (rc = post_moves(db, w)) != STOCK_OK)
        return rc;
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
            text_one_of(l[i].reason, sd_loss_reasons) == NULL)
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

    if ((n_lines = sd_lines_load(c, d->id, &l)) < 0)
        return ctx_db_fail(c);
    n = ctx_data(c, "stockdoc-receive");
    sd_doc_attrs(c, n, d);
    if (c->req->method == REQ_POST) {
        xmlUnsetProp(n, BAD_CAST "version");
        xd_attr(n, "version", param_text(c->req, "version"));
    }
    sd_lines_xml(n, l, n_lines, 1);
    if (typed != NULL)
        for (xmlNodePtr e = n->children; e != NULL; e = e->next) {
            const struct doc_line *t = typed++;

            xd_attr(e, "received", arena_printf(c->a, "%" PRId64, t->qty_done));
            xd_attr(e, "loss-reason", t->reason);
        }
    return 0;
}

/* GET /stock/docs/{id}/receive */
int
sd_doc_receive_form(struct ctx *c)
{
    struct doc d;

    if (sd_doc_find(c, page_id(c), &d) != 0)
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

    if (sd_doc_find(c, page_id(c), &d) != 0)
        return -1;
    if (sd_kind_def(d.kind) == NULL || !(a->dest_side ? d.in_b : d.in_a))
        return page_not_found(c, "stock_doc", d.id);
    if (form_int(c, "version", FORM_REQUIRED, 1, INT32_MAX, &version) != 0)
        return ctx_fail(c, 400, "bad_param", "the form has no version", NULL);
    if (a->kinds[0] != '\0' && strstr(a->kinds, d.kind) == NULL) {
        c->status = 409;
        ctx_message(c, "error", "wrong_kind", NULL,
                    !strcmp(d.kind, "transfer")
                        ? "a transfer is shipped and received, not posted"
                        : "this document is not handled so");
        return sd_doc_page(c, d.id, "stockdoc");
    }
    memset(&w, 0, sizeof(w));
    w.c = c;
    w.a = a;
    w.d = &d;
    w.to = a->to;
    w.moves = a->moves;
    w.now = clock_now();
    clock_day(day, 0);
    w.move_on = a == &act_defs[A_RECEIVE] ? day : d.doc_on;
    if (strcmp(d.status, a->from) != 0 || version != d.version)
        goto stale;
    if (w.moves && (w.n_lines = sd_lines_load(c, d.id, &w.lines)) < 0)
        return ctx_db_fail(c);
    if (id == A_RECEIVE) {
        if (receive_read(c, w.lines, w.n_lines) != 0)
            return -1;
        if (!form_ok(c))
            return receive_page(c, &d, w.lines);
    }
    if (id == A_POST && !strcmp(d.kind, "damage") &&
        sd_damage_threshold() > 0 &&
        db_cell_int(&d.r, 0, D_AMOUNT) > sd_damage_threshold()) {
        w.to = "pending";
        w.moves = 0;
    }
    if (w.n_lines > 1)
        qsort(w.lines, (size_t)w.n_lines, sizeof(*w.lines), by_product);
    w.q = arena_zalloc(c->a, ((size_t)w.n_lines + 1) * sizeof(*w.q));
    for (int i = 0; i < w.n_lines; i++) {
        const struct doc_line *l = &w.lines[i];

        w.q[i].line_no = l->line_no;
        w.q[i].product_id = l->product_id;
        w.q[i].qty = l->qty;
        w.q[i].qty_done = l->qty_done > 0 ? l->qty_done : 0;
        w.q[i].damaged = l->cond != NULL && !strcmp(l->cond, "damaged");
    }
    db_rollback(c->db);
    rc = db_uow(c->db, act_uow, &w);
    if (rc == STOCK_OK)
        return ctx_redirect(
            c, arena_printf(c->a, "/stock/docs/%" PRId64 "?done=%s", d.id,
                            strcmp(w.to, "pending") ? a->done : "pending"));
    if (rc == SD_CONFLICT) {
        if (sd_doc_find(c, d.id, &d) != 0)
            return -1;
        goto stale;
    }
    if (rc > 0 && w.bad_rc > 0) {
        c->status = 409;
        refusal_message(c, &w);
        return sd_doc_page(c, d.id, "stockdoc");
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
    return sd_doc_page(c, d.id, "stockdoc");
}

int
sd_doc_post(struct ctx *c)
{
    return act(c, A_POST);
}

int
sd_doc_approve(struct ctx *c)
{
    return act(c, A_APPROVE);
}

int
sd_doc_reject(struct ctx *c)
{
    return act(c, A_REJECT);
}

int
sd_doc_cancel(struct ctx *c)
{
    return act(c, A_CANCEL);
}

int
sd_doc_ship(struct ctx *c)
{
    return act(c, A_SHIP);
}

int
sd_doc_receive(struct ctx *c)
{
    return act(c, A_RECEIVE);
}
