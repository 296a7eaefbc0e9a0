/*
 * act.c - the status changes of a sell-through report, each guarded by
 * the row's version: submit (the agent hands it in), cancel, and post
 * (the stock issued from the consignment warehouse and the agent charged
 * in one unit of work).  See consign_int.h.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "consign_int.h"

#include "../ledger.h"
#include "../stock.h"

#include "../../core/audit.h"
#include "../../core/auth.h"
#include "../../core/clock.h"
#include "../../core/form.h"
#include "../../core/money.h"
#include "../../core/page.h"
#include "../../core/text.h"

/* The lines as posting moves them: in increasing product id. */
DB_STATEMENT(sql_post_lines, 0,
             "SELECT l.line_no, l.product_id, l.qty, l.price, pr.code, pr.name"
             " FROM stock_doc_line l"
             " JOIN product pr ON pr.id = l.product_id"
             " WHERE l.doc_id = ?"
             " ORDER BY l.product_id");
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
    int rc = consign_exec_guarded(db, w->sql, w->p, w->np);

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
    if (consign_find_doc(c, id, &d) != 0)
        return -1;
    c->status = 409;
    ctx_message(c, "error", code, NULL, text);
    return consign_doc_page(c, &d, "consign-report", 1);
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

int
consign_doc_submit(struct ctx *c)
{
    struct db_rows d;

    if (consign_find_doc(c, page_id(c), &d) != 0)
        return -1;
    if (!consign_is_agent(c) ||
        db_cell_int(&d, 0, D_PARTY) != c->user->party_id)
        return ctx_fail(c, 403, "forbidden",
                        "only the agent's own users hand a report in", NULL);
    return run_move(c, &d, &sql_doc_submit, DB_INT(c->user->party_id), 1,
                    "submit", "pending", "submitted");
}

int
consign_doc_cancel(struct ctx *c)
{
    struct db_rows d;

    if (consign_find_writable(c, &d) != 0)
        return -1;
    /* an agent cancels only its own party's reports (the guard again) */
    return run_move(c, &d, &sql_doc_cancel,
                    consign_is_poster(c) ? DB_NULLP : DB_INT(c->user->party_id),
                    2, "cancel", "cancelled", "cancelled");
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
    struct stock_line_move mv = {w->wh, "on_hand", "sellthru", -1, 0, 0, 0};
    struct stock_ref ref = {"sellthru", w->id, 0, w->doc_on, w->user, 0, 0};
    struct stock_line_qty *q;
    struct stock_refusal out;
    size_t refused;
    int ms = 0;
    time_t now = clock_now_ms(&ms);
    int rc;

    w->amount = 0;
    w->stock_rc = w->ledger_rc = 0;
    w->code = w->name = NULL;
    memset(&w->why, 0, sizeof(w->why));
    /* the guarded transition first: a second posting stops here */
    p[0] = DB_TS_MS(now, ms);
    p[1] = DB_INT(w->user);
    p[2] = DB_INT(w->id);
    p[3] = DB_INT(w->version);
    if ((rc = consign_exec_guarded(db, &sql_doc_post, p, 4)) != 0)
        return rc;
    /* the lines as they are now that the report is ours, by product id */
    p[0] = DB_INT(w->id);
    if (db_query(db, w->c->a, &sql_post_lines, p, 1, 0, 0, &l) != 0)
        return -1;
    if ((rc = stock_lock(db, w->wh, w->doc_on)) != STOCK_OK) {
        w->stock_rc = rc;
        return rc < 0 ? -1 : CONS_REFUSED;
    }
    /* every line at once; then the amounts of the lines before the one
     * the ledger refused, which line by line were added before it was
     * met: an amount too large there is the refusal */
    q = arena_zalloc(w->c->a, (l.n_rows + 1) * sizeof(*q));
    for (size_t i = 0; i < l.n_rows; i++) {
        q[i].line_no = (int)db_cell_int(&l, i, 0);
        q[i].product_id = db_cell_int(&l, i, 1);
        q[i].qty = db_cell_int(&l, i, 2);
    }
    rc = stock_post_lines(db, &mv, 1, q, (int)l.n_rows, &ref, &out);
    if (rc < 0)
        return -1;
    refused = (size_t)out.index;
    for (size_t i = 0; i < refused; i++)
        if (consign_add_amount(&w->amount, q[i].qty, db_cell_int(&l, i, 3)) !=
            0) {
            w->ledger_rc = LEDGER_INVALID;
            return CONS_REFUSED;
        }
    if (rc != STOCK_OK) {
        w->stock_rc = rc;
        w->why = out.why;
        if (refused < l.n_rows) {
            w->code = db_cell(&l, refused, 4);
            w->name = db_cell(&l, refused, 5);
            w->qty = q[refused].qty;
        }
        return CONS_REFUSED;
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

int
consign_doc_post(struct ctx *c)
{
    struct post_work w;
    struct db_rows d;
    const char *code, *text;
    int rc;

    if (consign_find_doc(c, page_id(c), &d) != 0)
        return -1;
    if (!consign_is_poster(c))
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
    clock_day_add(w.doc_on, CONS_DUE_DAYS, w.due_on);
    clock_day(w.today, 0);
    w.overdue_days = ledger_overdue_days();
    if (consign_status_is(&d, "draft") && db_cell_int(&d, 0, D_BY_AGENT))
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
