/*
 * leave.c - the leave request, the small document type that proves the
 * engine: its on_final and summary (registered in doctypes.c) and its
 * pages (my requests, a new one, one of mine, resubmit after a return).
 * See workflow_int.h.
 */
#include <string.h>

#include "workflow_int.h"

#include "../workflow.h"

#include "../../core/audit.h"
#include "../../core/auth.h"
#include "../../core/clock.h"
#include "../../core/ctx.h"
#include "../../core/form.h"
#include "../../core/log.h"
#include "../../core/scope.h"
#include "../../core/text.h"
#include "../../core/xd.h"
#include "../../db/db.h"

/* -- leave requests -- */
DB_STATEMENT(sql_leave_add, 0,
             "INSERT INTO leave_request (id, user_id, unit_id, days, reason,"
             " status, created_at, version)"
             " VALUES (?, ?, ?, ?, ?, 'pending', ?, 1)");
DB_STATEMENT(sql_leave_mine, DB_PAGED,
             "SELECT l.id, l.days, l.reason, l.status, l.created_at, i.id"
             " FROM leave_request l"
             " LEFT JOIN wf_instance i"
             " ON i.doc_type = 'leave' AND i.doc_id = l.id"
             " WHERE l.user_id = ?"
             " ORDER BY l.created_at DESC, l.id DESC");
DB_STATEMENT(sql_leave_get, 0,
             "SELECT l.id, l.days, l.reason, l.status, l.created_at,"
             " l.version, o.name, i.id, i.status, l.unit_id"
             " FROM leave_request l"
             " LEFT JOIN org_unit o ON o.id = l.unit_id"
             " LEFT JOIN wf_instance i"
             " ON i.doc_type = 'leave' AND i.doc_id = l.id"
             " WHERE l.id = ? AND l.user_id = ?");
DB_STATEMENT(sql_leave_final, 0,
             "UPDATE leave_request"
             " SET status = ?, version = version + 1"
             " WHERE id = ? AND status = 'pending'");
DB_STATEMENT(sql_leave_resubmit, 0,
             "UPDATE leave_request"
             " SET days = ?, reason = ?, status = 'pending',"
             " version = version + 1"
             " WHERE id = ? AND user_id = ? AND status = 'returned'");
DB_STATEMENT(sql_leave_reason, 0,
             "SELECT reason"
             " FROM leave_request"
             " WHERE id = ?");

/* ==================================================================== */
/* The leave request: the document type that proves the engine          */
/* ==================================================================== */

/*
 * Its amount for the flows is days x 100, so a step's threshold typed as
 * "3" (3.00) means "three days or more".
 */
#define LEAVE_AMOUNT(days) ((int64_t)(days)*100)

/* on_final of "leave": the request follows its instance. */
int
wf_leave_final(struct ctx *c, int64_t doc_id, const char *status)
{
    struct db_param p[2] = {DB_TEXT(status), DB_INT(doc_id)};
    long n = 0;

    if (db_exec(c->db, &sql_leave_final, p, 2, &n) != 0)
        return -1;
    if (n != 1) {
        log_error("req=%s workflow: leave request %lld is not pending",
                  c->request_id, (long long)doc_id);
        return -1;
    }
    return 0;
}

const char *
wf_leave_summary(struct ctx *c, int64_t doc_id)
{
    struct db_param p[1] = {DB_INT(doc_id)};
    struct db_rows r;

    if (db_query(c->db, c->a, &sql_leave_reason, p, 1, 0, 0, &r) != 0 ||
        r.n_rows == 0)
        return NULL;
    return db_cell(&r, 0, 0);
}

/* GET /leave */
int
wf_leave_list(struct ctx *c)
{
    struct db_param p[1] = {DB_INT(c->user->id)};
    struct db_rows r;
    xmlNodePtr list;

    if (db_query(c->db, c->a, &sql_leave_mine, p, 1, WF_LIST_MAX, 0, &r) != 0)
        return ctx_db_fail(c);
    list = ctx_data(c, "leave-list");
    for (size_t i = 0; i < r.n_rows; i++) {
        xmlNodePtr n = xd_elem(list, "leave");

        xd_attr(n, "id", db_cell(&r, i, 0));
        xd_attr(n, "days", db_cell(&r, i, 1));
        xd_attr(n, "reason", db_cell(&r, i, 2));
        xd_attr(n, "status", db_cell(&r, i, 3));
        xd_attr(n, "created-at", text_iso_ts(c->a, db_cell(&r, i, 4)));
        xd_attr(n, "instance-id", db_cell(&r, i, 5));
    }
    return 0;
}

/* The new-request form, with what was typed. */
static int
leave_form(struct ctx *c)
{
    xmlNodePtr n = ctx_data(c, "leave-form");

    xd_attr(n, "days", param_text(c->req, "days"));
    xd_attr(n, "reason", param_text(c->req, "reason"));
    return 0;
}

/* A leave request on its way in. */
struct leave_in {
    struct ctx *c;
    int64_t id, days, unit;
    const char *reason;
    int wf; /* wf_submit's answer */
};

static int
leave_create_uow(struct db *db, void *arg)
{
    struct leave_in *l = arg;
    struct ctx *c = l->c;
    struct db_param p[6];

    if (db_next_id(db, "leave_request", &l->id) != 0)
        return -1;
    p[0] = DB_INT(l->id);
    p[1] = DB_INT(c->user->id);
    p[2] = l->unit > 0 ? DB_INT(l->unit) : DB_NULLP;
    p[3] = DB_INT(l->days);
    p[4] = DB_TEXT(l->reason);
    p[5] = DB_TS(clock_now());
    if (db_exec(db, &sql_leave_add, p, 6, NULL) != 0 ||
        audit_write(c, "leave_request", l->id, "create",
                    arena_printf(c->a, "days: %lld", (long long)l->days)))
        return -1;
    l->wf = wf_submit(c, "leave", l->id, LEAVE_AMOUNT(l->days), l->unit);
    return l->wf;
}

/* GET /leave/new */
int
wf_leave_new_form(struct ctx *c)
{
    return leave_form(c);
}

/* The answer of wf_submit that is not 0 or -1, as a message. */
static void
leave_wf_refused(struct ctx *c, int wf)
{
    if (wf == WF_NO_FLOW)
        form_error(c, NULL, "no_flow",
                   "no approval flow is defined for leave requests; ask an "
                   "administrator");
    else
        form_error(c, NULL, "conflict", "this request is already submitted");
}

/* POST /leave/new: days 1..60, reason; submitted at once */
int
wf_leave_create(struct ctx *c)
{
    struct leave_in l;
    int rc;

    memset(&l, 0, sizeof(l));
    l.c = c;
    l.unit = c->user->unit_id;
    form_int(c, "days", FORM_REQUIRED, 1, LEAVE_MAX_DAYS, &l.days);
    l.reason =
        form_text(c, "reason", FORM_REQUIRED | FORM_MULTILINE, WF_NOTE_MAX);
    if (!form_ok(c))
        return leave_form(c);
    db_rollback(c->db);
    rc = db_uow(c->db, leave_create_uow, &l);
    if (rc == WF_NO_FLOW || rc == WF_CONFLICT) {
        leave_wf_refused(c, rc);
        return leave_form(c);
    }
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(c, arena_printf(c->a, "/leave/%lld", (long long)l.id));
}

/* One of my leave requests: 0 with r filled, 1 when not mine (404), -1. */
static int
fetch_leave(struct ctx *c, int64_t id, struct db_rows *r)
{
    struct db_param p[2] = {DB_INT(id), DB_INT(c->user->id)};

    if (id < 0) {
        ctx_fail(c, 404, "not_found", "no such leave request", NULL);
        return 1;
    }
    if (db_query(c->db, c->a, &sql_leave_get, p, 2, 0, 0, r) != 0)
        return ctx_db_fail(c);
    if (r->n_rows == 0) {
        scope_denied(c, "leave_request", id);
        ctx_fail(c, 404, "not_found", "no such leave request", NULL);
        return 1;
    }
    return 0;
}

/* The page of a leave request; with the resubmit form's typed values
 * when again is set. */
static int
leave_page(struct ctx *c, const struct db_rows *r, int again)
{
    xmlNodePtr n = ctx_data(c, "leave");

    xd_attr(n, "id", db_cell(r, 0, 0));
    xd_attr(n, "days", db_cell(r, 0, 1));
    xd_attr(n, "status", db_cell(r, 0, 3));
    xd_attr(n, "created-at", text_iso_ts(c->a, db_cell(r, 0, 4)));
    xd_attr(n, "version", db_cell(r, 0, 5));
    xd_attr(n, "unit", db_cell(r, 0, 6));
    xd_attr(n, "instance-id", db_cell(r, 0, 7));
    xd_attr(n, "instance-status", db_cell(r, 0, 8));
    xd_text(n, "reason", db_cell(r, 0, 2));
    if (again) {
        xmlNodePtr f = xd_elem(n, "resubmit");

        xd_attr(f, "days", param_text(c->req, "days"));
        xd_attr(f, "reason", param_text(c->req, "reason"));
    }
    return 0;
}

/* GET /leave/{id}: own requests only */
int
wf_leave_show(struct ctx *c)
{
    struct db_rows r;

    if (fetch_leave(c, route_arg_id(c->req, "id"), &r) != 0)
        return -1;
    return leave_page(c, &r, 0);
}

static int
leave_resubmit_uow(struct db *db, void *arg)
{
    struct leave_in *l = arg;
    struct ctx *c = l->c;
    struct db_param p[4];
    long n = 0;

    /* write first: only a returned request of mine goes back in */
    p[0] = DB_INT(l->days);
    p[1] = DB_TEXT(l->reason);
    p[2] = DB_INT(l->id);
    p[3] = DB_INT(c->user->id);
    if (db_exec(db, &sql_leave_resubmit, p, 4, &n) != 0)
        return -1;
    if (n != 1)
        return WF_CONFLICT;
    if (audit_write(c, "leave_request", l->id, "resubmit",
                    arena_printf(c->a, "days: %lld", (long long)l->days)))
        return -1;
    l->wf = wf_submit(c, "leave", l->id, LEAVE_AMOUNT(l->days), l->unit);
    return l->wf;
}

/* POST /leave/{id}/resubmit: a returned request, changed or not, goes
 * through its flow again from the first step */
int
wf_leave_resubmit(struct ctx *c)
{
    struct leave_in l;
    struct db_rows r;
    int rc;

    memset(&l, 0, sizeof(l));
    l.c = c;
    l.id = route_arg_id(c->req, "id");
    if (fetch_leave(c, l.id, &r) != 0)
        return -1;
    if (strcmp(db_cell(&r, 0, 3), "returned") != 0)
        return ctx_fail(c, 409, "conflict", "not returned",
                        "only a returned request can be submitted again");
    l.unit = db_cell_int(&r, 0, 9);
    form_int(c, "days", FORM_REQUIRED, 1, LEAVE_MAX_DAYS, &l.days);
    l.reason =
        form_text(c, "reason", FORM_REQUIRED | FORM_MULTILINE, WF_NOTE_MAX);
    if (!form_ok(c))
        return leave_page(c, &r, 1);
    db_rollback(c->db);
    rc = db_uow(c->db, leave_resubmit_uow, &l);
    if (rc == WF_NO_FLOW) {
        leave_wf_refused(c, rc);
        return leave_page(c, &r, 1);
    }
    if (rc == WF_CONFLICT)
        return ctx_fail(c, 409, "conflict", "not returned",
                        "only a returned request can be submitted again");
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(c, arena_printf(c->a, "/leave/%lld", (long long)l.id));
}
