/*
 * status.c - close and reopen a warehouse (POST /warehouses/{id}/close
 * and /reopen): the guarded UPDATEs, and why one is refused (stock, a
 * stocktake, a shipped transfer, the version).  See warehouse_int.h.
 */
#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include "warehouse_int.h"

#include "../../core/audit.h"
#include "../../core/clock.h"
#include "../../core/ctx.h"
#include "../../core/form.h"
#include "../../core/page.h"

/* now, id, version, move_seq, scope (2), id three times. */
DB_STATEMENT(sql_wh_close, 0,
             "UPDATE warehouse SET status = 'closed', updated_at = ?,"
             " version = version + 1"
             " WHERE id = ? AND version = ? AND status = 'active'"
             " AND move_seq = ? AND " SCOPE_OF_ID
             " AND NOT EXISTS (SELECT 1 FROM stock_balance b"
             " WHERE b.warehouse_id = ? AND (b.on_hand <> 0"
             " OR b.reserved <> 0 OR b.in_transit <> 0"
             " OR b.frozen_by IS NOT NULL))"
             " AND NOT EXISTS (SELECT 1 FROM stock_doc d"
             " WHERE (d.warehouse_id = ? OR d.dest_id = ?)"
             " AND d.status = 'shipped')");
/* now, id, version, scope (2). */
DB_STATEMENT(sql_wh_reopen, 0,
             "UPDATE warehouse SET status = 'active', updated_at = ?,"
             " version = version + 1"
             " WHERE id = ? AND version = ? AND status = 'closed'"
             " AND " SCOPE_OF_ID);

/* ==================================================================== */
/* POST /warehouses/{id}/close and /reopen                              */
/* ==================================================================== */

struct wh_status {
    struct ctx *c;
    int64_t id, version, move_seq;
    int close;
    time_t now;
};

static int
wh_status_uow(struct db *db, void *arg)
{
    struct wh_status *w = arg;
    struct ctx *c = w->c;
    struct db_param p[9];
    size_t np;
    long n = 0;

    p[0] = DB_TS(w->now);
    p[1] = DB_INT(w->id);
    p[2] = DB_INT(w->version);
    if (w->close) {
        p[3] = DB_INT(w->move_seq);
        p[4] = DB_INT(scope_unit(c));
        p[5] = DB_INT(scope_party(c));
        p[6] = DB_INT(w->id);
        p[7] = DB_INT(w->id);
        p[8] = DB_INT(w->id);
        np = 9;
    } else {
        p[3] = DB_INT(scope_unit(c));
        p[4] = DB_INT(scope_party(c));
        np = 5;
    }
    if (db_exec(db, w->close ? &sql_wh_close : &sql_wh_reopen, p, np, &n) != 0)
        return -1;
    if (n == 0)
        return WH_REFUSED; /* the handler looks again to say why */
    return audit_write(c, "warehouse", w->id, w->close ? "close" : "reopen",
                       w->close ? "status: active -> closed"
                                : "status: closed -> active");
}

/*
 * Why the status change cannot be made on the warehouse as read (row 0
 * of r): refuses with 422 (wrong status; stock on hand, reserved or in
 * transit; a stocktake; a shipped transfer) or 409 (version) and returns
 * 1; 0 when nothing stands in the way; -1 on a database error.
 */
static int
status_refusal(struct ctx *c, const struct db_rows *r, struct wh_status *w)
{
    const char *status = db_cell(r, 0, WC_STATUS);
    struct db_rows s;
    int ok = 1;

    if (strcmp(status, w->close ? "active" : "closed") != 0) {
        form_error(c, "status", "bad_transition",
                   w->close ? "the warehouse is already closed"
                            : "the warehouse is not closed");
        return 1;
    }
    if (w->version != db_cell_int(r, 0, WC_VERSION)) {
        page_conflict(c);
        return 1;
    }
    w->move_seq = db_cell_int(r, 0, WC_MOVE_SEQ);
    if (!w->close)
        return 0;
    if (wh_stock_brief(c, w->id, &s) != 0)
        return -1;
    if (db_cell_int(&s, 0, 1) != 0) {
        form_error(c, "status", "has_stock",
                   arena_printf(c->a,
                                "%" PRId64 " products still have stock on "
                                "hand here: issue or transfer it first",
                                db_cell_int(&s, 0, 0)));
        ok = 0;
    }
    if (db_cell_int(&s, 0, 2) != 0) {
        form_error(c, "status", "has_reserved",
                   "stock here is reserved for orders");
        ok = 0;
    }
    if (db_cell_int(&s, 0, 3) != 0 || db_cell_int(&s, 0, 7) != 0) {
        form_error(c, "status", "in_transit",
                   "goods are in transit from or to this warehouse: "
                   "receive them first");
        ok = 0;
    }
    if (db_cell_int(&s, 0, 6) != 0) {
        form_error(c, "status", "counting",
                   "a stocktake is open here: post or cancel it first");
        ok = 0;
    }
    return !ok;
}

static int
wh_status_change(struct ctx *c, int close)
{
    struct wh_status w = {.c = c, .close = close};
    struct db_rows r;
    int rc;

    if (wh_post_target(c, &r, &w.id, &w.version) != 0)
        return -1;
    if (!form_ok(c))
        return wh_page(c, &r);
    rc = status_refusal(c, &r, &w);
    if (rc < 0)
        return ctx_db_fail(c);
    if (rc > 0)
        return wh_page(c, &r);
    w.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, wh_status_uow, &w);
    if (rc == WH_REFUSED) {
        /* something changed in between: say what, on the current row */
        if (wh_find_id(c, w.id, &r) != 0)
            return -1;
        rc = status_refusal(c, &r, &w);
        if (rc < 0)
            return ctx_db_fail(c);
        if (rc == 0)
            page_conflict(c);
        return wh_page(c, &r);
    }
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(c, arena_printf(c->a, "/warehouses/%" PRId64 "?done=%s",
                                        w.id, close ? "closed" : "reopened"));
}

int
wh_close(struct ctx *c)
{
    return wh_status_change(c, 1);
}

int
wh_reopen(struct ctx *c)
{
    return wh_status_change(c, 0);
}
