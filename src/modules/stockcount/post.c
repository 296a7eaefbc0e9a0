/*
 * post.c - the variance page of a count (GET /stock/counts/{id}/variance),
 * posting its variances to the ledger (POST .../post) and cancelling it
 * (POST .../cancel), both of which unfreeze its products.  See
 * stockcount_int.h.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "../stock.h"
#include "stockcount_int.h"

#include "../../core/audit.h"
#include "../../core/auth.h"
#include "../../core/clock.h"
#include "../../core/ctx.h"
#include "../../core/form.h"
#include "../../core/money.h"
#include "../../core/page.h"
#include "../../core/text.h"
#include "../../db/db.h"

static const char *const zeros[] = {"zero", NULL};

/* ---- posting and cancelling ----------------------------------------- */

DB_STATEMENT(sql_doc_post, 0,
             "UPDATE stock_doc SET status = 'posted', posted_at = ?,"
             " posted_by = ?, version = version + 1"
             " WHERE id = ? AND kind = 'count' AND status = 'draft'"
             " AND version = ?");
DB_STATEMENT(sql_uncounted_zero, 0,
             "UPDATE stock_doc_line SET qty_done = 0"
             " WHERE doc_id = ? AND qty_done IS NULL");
DB_STATEMENT(sql_uncounted, 0,
             "SELECT COUNT(*) FROM stock_doc_line"
             " WHERE doc_id = ? AND qty_done IS NULL");
enum { P_LINE, P_PRODUCT, P_COUNTED, P_BOOK, P_ON_HAND, P_CODE, P_PRICE };
DB_STATEMENT(sql_post_lines, 0,
             "SELECT l.line_no, l.product_id, l.qty_done, l.book_qty,"
             " b.on_hand, p.code, p.list_price"
             " FROM stock_doc_line l"
             " JOIN product p ON p.id = l.product_id"
             " LEFT JOIN stock_balance b ON b.warehouse_id = ?"
             " AND b.product_id = l.product_id"
             " WHERE l.doc_id = ?"
             " ORDER BY l.product_id");
DB_STATEMENT(sql_doc_amount, 0, "UPDATE stock_doc SET amount = ? WHERE id = ?");
DB_STATEMENT(sql_unfreeze, 0,
             "UPDATE stock_balance SET frozen_by = NULL"
             " WHERE warehouse_id = ? AND frozen_by = ?");
DB_STATEMENT(sql_doc_cancel, 0,
             "UPDATE stock_doc SET status = 'cancelled',"
             " version = version + 1"
             " WHERE id = ? AND kind = 'count' AND status = 'draft'");

/* ==================================================================== */
/* GET /stock/counts/{id}/variance, POST /post and /cancel              */
/* ==================================================================== */

/* The variance page of count k (also after a refused posting). */
static int
variance_page(struct ctx *c, const struct db_rows *k)
{
    int book = auth_can(c, "stock.qty");
    xmlNodePtr n;

    if (c->req->want_csv)
        return sc_lines_page(c, NULL, k, book);
    if (sc_count_elem(c, "stock-count-variance", k, &n) != 0)
        return -1;
    return sc_lines_page(c, n, k, book);
}

int
sc_count_variance(struct ctx *c)
{
    struct db_rows k;

    if (sc_find_count(c, page_id(c), &k) != 0)
        return -1;
    return variance_page(c, &k);
}

struct post_work {
    struct ctx *c;
    int64_t id, warehouse, version;
    const char *doc_no, *doc_on;
    int zero;
    int64_t moves, gain, loss, gain_value, loss_value, as_zero;
    const char *bad; /* the product code of a refusal */
    struct stock_state why;
};

/*
 * One move of kind 'count' per line that differs, all lines at once
 * (stock_post_lines), in product id order.  A book quantity that is no
 * longer the on hand refuses the count too: of the two refusals, the one
 * a line-by-line posting met first (it checked a line's book, then moved
 * it).  0, a refusal, or -1.
 */
static int
post_moves(struct db *db, struct post_work *w)
{
    struct db_param p[2] = {DB_INT(w->warehouse), DB_INT(w->id)};
    struct stock_line_move mv = {w->warehouse, "on_hand", "count", 0, 1, -1, 0};
    struct stock_ref ref = {STOCK_DOC_TYPE,
                            w->id,
                            0,
                            w->doc_on,
                            w->c->user != NULL ? w->c->user->id : 0,
                            w->id,
                            0};
    struct stock_line_qty *q;
    struct stock_refusal out;
    struct db_rows r;
    size_t refused;
    int rc;

    if (db_query(db, w->c->a, &sql_post_lines, p, 2, 0, 0, &r) != 0)
        return -1;
    q = arena_zalloc(w->c->a, (r.n_rows + 1) * sizeof(*q));
    for (size_t i = 0; i < r.n_rows; i++) {
        q[i].line_no = (int)db_cell_int(&r, i, P_LINE);
        q[i].product_id = db_cell_int(&r, i, P_PRODUCT);
        q[i].qty_done = db_cell_int(&r, i, P_COUNTED);
        q[i].book_qty = db_cell_int(&r, i, P_BOOK);
    }
    rc = stock_post_lines(db, &mv, 1, q, (int)r.n_rows, &ref, &out);
    if (rc < 0)
        return -1;
    refused = (size_t)out.index;
    for (size_t i = 0; i < r.n_rows && i <= refused; i++) {
        int64_t v = q[i].qty_done - q[i].book_qty;

        /* frozen since the count opened: nothing else moved on hand */
        if (db_cell_int(&r, i, P_ON_HAND) != q[i].book_qty) {
            w->bad = db_cell(&r, i, P_CODE);
            return COUNT_BOOK_CHANGED;
        }
        if (v == 0)
            continue;
        w->moves++;
        if (v > 0) {
            w->gain += v;
            w->gain_value += v * db_cell_int(&r, i, P_PRICE);
        } else {
            w->loss -= v;
            w->loss_value -= v * db_cell_int(&r, i, P_PRICE);
        }
    }
    if (rc != STOCK_OK) {
        w->bad = refused < r.n_rows ? db_cell(&r, refused, P_CODE) : "";
        w->why = out.why;
        return COUNT_STOCK + rc;
    }
    return 0;
}

static int
post_uow(struct db *db, void *arg)
{
    struct post_work *w = arg;
    struct db_param p[4];
    struct db_rows r;
    long n = 0;
    int rc;

    w->moves = w->gain = w->loss = w->gain_value = w->loss_value = 0;
    p[0] = DB_TS(clock_now());
    p[1] = sc_user_param(w->c);
    p[2] = DB_INT(w->id);
    p[3] = DB_INT(w->version);
    if (db_exec(db, &sql_doc_post, p, 4, &n) != 0)
        return -1;
    if (n == 0)
        return COUNT_CONFLICT;
    p[0] = DB_INT(w->id);
    if (w->zero) {
        if (db_exec(db, &sql_uncounted_zero, p, 1, &w->as_zero) != 0)
            return -1;
    } else {
        if (db_query(db, w->c->a, &sql_uncounted, p, 1, 0, 0, &r) != 0)
            return -1;
        if (db_cell_int(&r, 0, 0) > 0)
            return COUNT_UNCOUNTED;
    }
    if ((rc = stock_lock(db, w->warehouse, w->doc_on)) != STOCK_OK)
        return rc < 0 ? -1 : COUNT_STOCK + rc;
    if ((rc = post_moves(db, w)) != 0)
        return rc;
    p[0] = DB_INT(w->gain_value - w->loss_value);
    p[1] = DB_INT(w->id);
    if (db_exec(db, &sql_doc_amount, p, 2, NULL) != 0)
        return -1;
    p[0] = DB_INT(w->warehouse);
    p[1] = DB_INT(w->id);
    if (db_exec(db, &sql_unfreeze, p, 2, NULL) != 0)
        return -1;
    return audit_write(
        w->c, "stock_doc", w->id, "post",
        arena_printf(w->c->a,
                     "%s: status: draft -> posted; %" PRId64
                     " moves; gains %" PRId64 " units (%s), losses %" PRId64
                     " units (%s); uncounted taken as zero: %ld",
                     w->doc_no, w->moves, w->gain,
                     money_plain(w->c->a, w->gain_value), w->loss,
                     money_plain(w->c->a, w->loss_value), (long)w->as_zero));
}

/* A refused posting: the variance page again with status and message. */
static int
post_refused(struct ctx *c, const struct db_rows *k, int status,
             const char *code, const char *text)
{
    c->status = status;
    ctx_message(c, "error", code, NULL, text);
    return variance_page(c, k);
}

/* The count is no longer a draft: posted or cancelled twice is the same
 * result again (a double submission); anything else a 409. */
static int
not_draft(struct ctx *c, const struct db_rows *k, const char *want)
{
    const char *status = db_cell(k, 0, K_STATUS);

    if (strcmp(status, want) == 0)
        return ctx_redirect(c, arena_printf(c->a, "/stock/counts/%s?done=%s",
                                            db_cell(k, 0, K_ID), want));
    return sc_need_draft(c, k);
}

/* The outcome of the posting unit of work. */
static int
post_result(struct ctx *c, struct post_work *w, struct db_rows *k, int rc)
{
    switch (rc) {
    case 0:
        return ctx_redirect(
            c,
            arena_printf(c->a, "/stock/counts/%" PRId64 "?done=posted", w->id));
    case COUNT_CONFLICT:
        if (sc_find_count(c, w->id, k) != 0)
            return -1;
        if (!sc_is_draft(k))
            return not_draft(c, k, "posted");
        page_conflict(c);
        return variance_page(c, k);
    case COUNT_UNCOUNTED:
        return post_refused(c, k, 422, "uncounted",
                            "some lines are not counted: count them, or post "
                            "with uncounted lines taken as zero");
    case COUNT_BOOK_CHANGED:
        return post_refused(
            c, k, 409, "book_changed",
            arena_printf(c->a,
                         "the on hand of %s is no longer its book quantity: "
                         "cancel the count and count again",
                         w->bad));
    case COUNT_STOCK + STOCK_SHORT:
        return post_refused(
            c, k, 409, "reserved",
            arena_printf(c->a,
                         "the counted quantity of %s is below what orders "
                         "have reserved (%" PRId64
                         "): release reservations first",
                         w->bad, w->why.reserved));
    case COUNT_STOCK + STOCK_PERIOD_CLOSED:
        return post_refused(c, k, 409, "period_closed",
                            "the count's date is in a closed period");
    case COUNT_STOCK + STOCK_CLOSED:
        return post_refused(c, k, 409, "closed", "the warehouse is closed");
    default: return ctx_db_fail(c);
    }
}

int
sc_count_post(struct ctx *c)
{
    const char *zero;
    struct post_work w;
    struct db_rows k;
    int64_t uncounted = 0;
    struct db_param p[1];
    struct db_rows r;

    if (sc_find_count(c, page_id(c), &k) != 0)
        return -1;
    if (!sc_is_draft(&k))
        return not_draft(c, &k, "posted");
    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = db_cell_int(&k, 0, K_ID);
    w.warehouse = db_cell_int(&k, 0, K_WH);
    w.doc_no = db_cell(&k, 0, K_NO);
    w.doc_on = text_iso_date(c->a, db_cell(&k, 0, K_ON));
    if (form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version) != 0)
        return ctx_fail(c, 400, "bad_param", "the form has no version", NULL);
    zero = form_enum(c, "uncounted", 0, zeros);
    w.zero = zero != NULL;
    if (!form_ok(c))
        return variance_page(c, &k);
    p[0] = DB_INT(w.id);
    if (db_query(c->db, c->a, &sql_uncounted, p, 1, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    uncounted = db_cell_int(&r, 0, 0);
    if (uncounted > 0 && !w.zero)
        return post_result(c, &w, &k, COUNT_UNCOUNTED);
    db_rollback(c->db);
    return post_result(c, &w, &k, db_uow(c->db, post_uow, &w));
}

struct cancel_work {
    struct ctx *c;
    int64_t id, warehouse;
    const char *doc_no;
};

static int
cancel_uow(struct db *db, void *arg)
{
    struct cancel_work *w = arg;
    struct db_param p[2];
    long n = 0, unfrozen = 0;

    p[0] = DB_INT(w->id);
    if (db_exec(db, &sql_doc_cancel, p, 1, &n) != 0)
        return -1;
    if (n == 0)
        return COUNT_CONFLICT;
    p[0] = DB_INT(w->warehouse);
    p[1] = DB_INT(w->id);
    if (db_exec(db, &sql_unfreeze, p, 2, &unfrozen) != 0)
        return -1;
    return audit_write(w->c, "stock_doc", w->id, "cancel",
                       arena_printf(w->c->a,
                                    "%s: status: draft -> cancelled; %ld "
                                    "rows unfrozen",
                                    w->doc_no, unfrozen));
}

int
sc_count_cancel(struct ctx *c)
{
    struct cancel_work w;
    struct db_rows k;
    int rc;

    if (sc_find_count(c, page_id(c), &k) != 0)
        return -1;
    if (!sc_is_draft(&k))
        return not_draft(c, &k, "cancelled");
    w.c = c;
    w.id = db_cell_int(&k, 0, K_ID);
    w.warehouse = db_cell_int(&k, 0, K_WH);
    w.doc_no = db_cell(&k, 0, K_NO);
    db_rollback(c->db);
    rc = db_uow(c->db, cancel_uow, &w);
    if (rc == COUNT_CONFLICT) {
        if (sc_find_count(c, w.id, &k) != 0)
            return -1;
        return not_draft(c, &k, "cancelled");
    }
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(
        c,
        arena_printf(c->a, "/stock/counts/%" PRId64 "?done=cancelled", w.id));
}
