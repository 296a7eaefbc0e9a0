/*
 * decide.c - a decision on an instance: wf_decide (workflow.h), with its
 * guarded transition, and the approvers' pages: the inbox, an instance
 * (who may see it) and the decide form.  See workflow_int.h.
 */
#include <string.h>
#include <time.h>

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

/* the guarded transition: first statement of a decision */
DB_STATEMENT(sql_inst_guard, 0,
             "UPDATE wf_instance"
             " SET step_seq = ?, status = ?, version = version + 1,"
             " updated_at = ?"
             " WHERE id = ? AND status = 'pending' AND step_seq = ?"
             " AND version = ?");
DB_STATEMENT(sql_decision_add, 0,
             "INSERT INTO wf_decision (id, instance_id, step_seq, user_id,"
             " decision, note, at)"
             " VALUES (?, ?, ?, ?, ?, ?, ?)");
DB_STATEMENT(sql_inst_get, 0,
             "SELECT i.id, i.flow_id, i.doc_type, i.doc_id, i.requester_id,"
             " i.unit_id, i.amount, i.step_seq, i.status, i.created_at,"
             " i.updated_at, i.version, f.code, f.name, u.login,"
             " u.display_name, o.name"
             " FROM wf_instance i"
             " JOIN wf_flow f ON f.id = i.flow_id"
             " JOIN qd_user u ON u.id = i.requester_id"
             " LEFT JOIN org_unit o ON o.id = i.unit_id"
             " WHERE i.id = ?");
/* parameters: step seq, user, instance */
DB_STATEMENT(sql_may_decide, 0,
             "SELECT i.id"
             " FROM wf_instance i"
             " JOIN wf_step s ON s.flow_id = i.flow_id AND s.seq = ?"
             " JOIN qd_user me ON me.id = ?"
             " WHERE i.id = ? AND" WF_ELIGIBLE);
DB_STATEMENT(sql_decided_by, 0,
             "SELECT COUNT(*)"
             " FROM wf_decision"
             " WHERE instance_id = ? AND user_id = ?");
DB_STATEMENT(sql_rejects, 0,
             "SELECT COUNT(*)"
             " FROM wf_decision"
             " WHERE instance_id = ? AND decision = 'reject'");
/* wf_decision.step_seq = round * WF_ROUND + seq grows with time (ids come
 * in banks per worker, and times have whole seconds) */
DB_STATEMENT(sql_decisions, 0,
             "SELECT d.step_seq, d.decision, d.note, d.at, u.login,"
             " u.display_name"
             " FROM wf_decision d"
             " JOIN qd_user u ON u.id = d.user_id"
             " WHERE d.instance_id = ?"
             " ORDER BY d.step_seq");
DB_STATEMENT(sql_approvers, DB_PAGED,
             "SELECT me.id, me.login, me.display_name"
             " FROM wf_instance i"
             " JOIN wf_step s ON s.flow_id = i.flow_id AND s.seq = i.step_seq"
             " CROSS JOIN qd_user me"
             " WHERE i.id = ? AND i.status = 'pending' AND" WF_ELIGIBLE
             " ORDER BY me.login");

static const struct step_def *
step_find(const struct step_def *s, size_t n, int seq)
{
    for (size_t i = 0; i < n; i++)
        if (s[i].seq == seq)
            return &s[i];
    return NULL;
}

/* 404 for an instance: missing, or not the user's to see (logged). */
static int
wf_not_found(struct ctx *c, int64_t id)
{
    if (id > 0)
        scope_denied(c, "wf_instance", id);
    return ctx_fail(c, 404, "not_found", "no such approval", NULL);
}

/* A decision, from its reads to its unit of work. */
struct decide {
    struct ctx *c;
    const struct wf_doc_type *dt;
    int64_t id, doc_id, version;
    int seq;     /* the step decided */
    int new_seq; /* the step afterwards */
    int round;
    int approve;
    const char *status; /* afterwards */
    const char *note;
    time_t now;
};

static int
decide_uow(struct db *db, void *arg)
{
    struct decide *d = arg;
    struct ctx *c = d->c;
    struct db_param p[7];
    int64_t did;
    long n = 0;

    /* write first: the guarded transition and its row count */
    p[0] = DB_INT(d->new_seq);
    p[1] = DB_TEXT(d->status);
    p[2] = DB_TS(d->now);
    p[3] = DB_INT(d->id);
    p[4] = DB_INT(d->seq);
    p[5] = DB_INT(d->version);
    if (db_exec(db, &sql_inst_guard, p, 6, &n) != 0)
        return -1;
    if (n != 1)
        return WF_CONFLICT;
    if (db_next_id(db, "wf_decision", &did) != 0)
        return -1;
    p[0] = DB_INT(did);
    p[1] = DB_INT(d->id);
    p[2] = DB_INT((int64_t)d->round * WF_ROUND + d->seq);
    p[3] = DB_INT(c->user->id);
    p[4] = DB_TEXT(d->approve ? "approve" : "reject");
    p[5] = DB_TEXT(d->note);
    p[6] = DB_TS(d->now);
    if (db_exec(db, &sql_decision_add, p, 7, NULL) != 0)
        return db_last_error(db)->cls == DB_ERR_UNIQUE ? WF_CONFLICT : -1;
    if (audit_write(c, "wf_instance", d->id, d->approve ? "approve" : "reject",
                    arena_printf(c->a,
                                 "step: %d; round: %d; status: pending -> %s"
                                 "; step_seq: %d -> %d; note: %s",
                                 d->seq, d->round, d->status, d->seq,
                                 d->new_seq, d->note ? d->note : "")) != 0)
        return -1;
    if (strcmp(d->status, "pending") != 0 &&
        d->dt->on_final(c, d->doc_id, d->status) != 0)
        return -1;
    return 0;
}

static int
already_decided(struct ctx *c)
{
    return ctx_fail(c, 409, "conflict", "already decided",
                    "this step was decided before your decision arrived");
}

int
wf_decide(struct ctx *c, int64_t instance_id, int step_seq, int approve,
          const char *note)
{
    struct decide d;
    struct db_param p[3];
    struct db_rows r, e;
    struct step_def *steps;
    size_t n_steps;
    const struct step_def *st;
    int cur, rc;
    int64_t amount;

    memset(&d, 0, sizeof(d));
    d.c = c;
    d.id = instance_id;
    d.approve = approve != 0;
    d.note = note;
    d.now = clock_now();
    if (c->user == NULL || instance_id <= 0)
        return wf_not_found(c, instance_id);
    p[0] = DB_INT(instance_id);
    if (db_query(c->db, c->a, &sql_inst_get, p, 1, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return wf_not_found(c, instance_id);
    cur = (int)db_cell_int(&r, 0, 7);
    d.seq = step_seq > 0 ? step_seq : cur;
    p[0] = DB_INT(d.seq);
    p[1] = DB_INT(c->user->id);
    p[2] = DB_INT(instance_id);
    if (db_query(c->db, c->a, &sql_may_decide, p, 3, 0, 0, &e) != 0)
        return ctx_db_fail(c);
    if (e.n_rows == 0) {
        /* not theirs -- unless they decided it already (a repeated post
         * after the step moved on to someone else) */
        p[0] = DB_INT(instance_id);
        p[1] = DB_INT(c->user->id);
        if (db_query(c->db, c->a, &sql_decided_by, p, 2, 0, 0, &e) != 0)
            return ctx_db_fail(c);
        if (db_cell_int(&e, 0, 0) > 0)
            return already_decided(c);
        return wf_not_found(c, instance_id);
    }
    if (strcmp(db_cell(&r, 0, 8), "pending") != 0 || cur != d.seq)
        return already_decided(c);
    d.doc_id = db_cell_int(&r, 0, 3);
    d.version = db_cell_int(&r, 0, 11);
    amount = db_cell_int(&r, 0, 6);
    d.dt = wf_doc_type_find(db_cell(&r, 0, 2));
    if (d.dt == NULL) {
        log_error("req=%s workflow: instance %lld has unknown document "
                  "type %s",
                  c->request_id, (long long)instance_id, db_cell(&r, 0, 2));
        return ctx_fail(c, 500, "internal", "internal error", NULL);
    }
    if (wf_load_steps(c, db_cell_int(&r, 0, 1), &steps, &n_steps) != 0)
        return ctx_db_fail(c);
    st = step_find(steps, n_steps, d.seq);
    p[0] = DB_INT(instance_id);
    if (st == NULL || db_query(c->db, c->a, &sql_rejects, p, 1, 0, 0, &e) != 0)
        return ctx_db_fail(c);
    d.round = (int)db_cell_int(&e, 0, 0);
    if (d.approve) {
        d.new_seq = wf_next_step(steps, n_steps, d.seq, amount);
        d.status = d.new_seq > 0 ? "pending" : "approved";
        if (d.new_seq == 0)
            d.new_seq = d.seq;
    } else {
        d.new_seq = d.seq;
        d.status =
            strcmp(st->on_reject, "requester") == 0 ? "returned" : "rejected";
    }
    db_rollback(c->db); /* end the reads: the unit of work writes first */
    rc = db_uow(c->db, decide_uow, &d);
    if (rc == WF_CONFLICT)
        return already_decided(c);
    if (rc != 0)
        return ctx_db_fail(c);
    return 0;
}

/* ==================================================================== */
/* Pages: inbox, instance, decision                                     */
/* ==================================================================== */

/* GET /workflow/inbox */
int
wf_inbox(struct ctx *c)
{
    struct wf_item *it;
    size_t n;
    xmlNodePtr list;

    if (wf_waiting_for(c, NULL, &it, &n) != 0)
        return ctx_db_fail(c);
    list = ctx_data(c, "wf-inbox");
    xd_attr_int(list, "count", (int64_t)n);
    for (size_t i = 0; i < n; i++) {
        xmlNodePtr e = xd_elem(list, "item");

        xd_attr_int(e, "instance", it[i].instance_id);
        xd_attr(e, "doc-type", it[i].doc_type);
        xd_attr_int(e, "doc-id", it[i].doc_id);
        xd_attr(e, "flow", it[i].flow);
        xd_attr(e, "step", it[i].step);
        xd_attr_int(e, "step-seq", it[i].step_seq);
        xd_attr(e, "requester", it[i].requester);
        xd_attr(e, "requester-login", it[i].requester_login);
        xd_attr(e, "unit", it[i].unit);
        xd_attr_money(e, "amount", it[i].amount);
        xd_attr(e, "since", it[i].since);
    }
    return 0;
}

/* What a step looks like on the instance page. */
static const char *
step_state(const struct step_def *s, const char *status, int cur,
           int64_t amount)
{
    if (!wf_step_applies(s, amount))
        return "skipped";
    if (strcmp(status, "approved") == 0 || s->seq < cur)
        return "done";
    if (s->seq > cur)
        return "waiting";
    if (strcmp(status, "pending") == 0)
        return "current";
    return status; /* returned, rejected, cancelled */
}

void
wf_step_attrs(xmlNodePtr n, const struct step_def *s)
{
    xd_attr_int(n, "seq", s->seq);
    xd_attr(n, "name", s->name);
    xd_attr(n, "approver", s->approver);
    if (s->role_id > 0) {
        xd_attr_int(n, "role-id", s->role_id);
        xd_attr(n, "role", s->role_name);
    }
    if (s->user_id > 0) {
        xd_attr(n, "user-login", s->user_login);
        xd_attr(n, "user", s->user_name);
    }
    if (s->has_min)
        xd_attr_money(n, "min-amount", s->min_amount);
    xd_attr(n, "on-reject", s->on_reject);
}

/*
 * The instance page (GET, and the decide form again after a refused
 * field): only for its requester, whoever may decide its current step or
 * decided one of its steps, and workflow.admin; 404 for anyone else.
 */
static int
show_instance(struct ctx *c, int64_t id)
{
    struct db_param p[3];
    struct db_rows r, e, dec, appr;
    struct step_def *steps;
    size_t n_steps;
    const struct wf_doc_type *dt;
    xmlNodePtr n, k;
    int cur, can_decide = 0, visible, mine;
    const char *status;
    int64_t amount;

    if (id < 0)
        return wf_not_found(c, id);
    p[0] = DB_INT(id);
    if (db_query(c->db, c->a, &sql_inst_get, p, 1, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return wf_not_found(c, id);
    cur = (int)db_cell_int(&r, 0, 7);
    status = db_cell(&r, 0, 8);
    amount = db_cell_int(&r, 0, 6);
    mine = db_cell_int(&r, 0, 4) == c->user->id;
    if (strcmp(status, "pending") == 0) {
        p[0] = DB_INT(cur);
        p[1] = DB_INT(c->user->id);
        p[2] = DB_INT(id);
        if (db_query(c->db, c->a, &sql_may_decide, p, 3, 0, 0, &e) != 0)
            return ctx_db_fail(c);
        can_decide = e.n_rows > 0;
    }
    visible = mine || can_decide || auth_can(c, PERM_ADMIN);
    if (!visible) {
        p[0] = DB_INT(id);
        p[1] = DB_INT(c->user->id);
        if (db_query(c->db, c->a, &sql_decided_by, p, 2, 0, 0, &e) != 0)
            return ctx_db_fail(c);
        visible = db_cell_int(&e, 0, 0) > 0;
    }
    if (!visible)
        return wf_not_found(c, id);
    p[0] = DB_INT(id);
    if (wf_load_steps(c, db_cell_int(&r, 0, 1), &steps, &n_steps) != 0 ||
        db_query(c->db, c->a, &sql_decisions, p, 1, 0, 0, &dec) != 0)
        return ctx_db_fail(c);
    appr.n_rows = 0;
    if (strcmp(status, "pending") == 0 &&
        db_query(c->db, c->a, &sql_approvers, p, 1, WF_APPROVERS, 0, &appr) !=
            0)
        return ctx_db_fail(c);

    n = ctx_data(c, "wf-instance");
    xd_attr(n, "id", db_cell(&r, 0, 0));
    xd_attr(n, "flow-id", db_cell(&r, 0, 1));
    xd_attr(n, "flow-code", db_cell(&r, 0, 12));
    xd_attr(n, "flow", db_cell(&r, 0, 13));
    xd_attr(n, "doc-type", db_cell(&r, 0, 2));
    xd_attr(n, "doc-id", db_cell(&r, 0, 3));
    xd_attr(n, "requester", db_cell(&r, 0, 15));
    xd_attr(n, "requester-login", db_cell(&r, 0, 14));
    xd_attr(n, "unit", db_cell(&r, 0, 16));
    xd_attr_money(n, "amount", amount);
    xd_attr_int(n, "step-seq", cur);
    xd_attr(n, "status", status);
    xd_attr(n, "created-at", text_iso_ts(c->a, db_cell(&r, 0, 9)));
    xd_attr(n, "updated-at", text_iso_ts(c->a, db_cell(&r, 0, 10)));
    xd_attr(n, "version", db_cell(&r, 0, 11));
    xd_attr(n, "mine", mine ? "1" : "0");
    xd_attr(n, "can-decide", can_decide ? "1" : "0");

    k = xd_elem(n, "document");
    xd_attr(k, "type", db_cell(&r, 0, 2));
    xd_attr(k, "id", db_cell(&r, 0, 3));
    dt = wf_doc_type_find(db_cell(&r, 0, 2));
    if (dt != NULL && dt->summary != NULL) {
        const char *s = dt->summary(c, db_cell_int(&r, 0, 3));

        if (s != NULL)
            xd_text(k, "summary", s);
    }

    k = xd_elem(n, "steps");
    for (size_t i = 0; i < n_steps; i++) {
        xmlNodePtr s = xd_elem(k, "step");

        wf_step_attrs(s, &steps[i]);
        xd_attr(s, "state", step_state(&steps[i], status, cur, amount));
    }

    k = xd_elem(n, "decisions");
    for (size_t i = 0; i < dec.n_rows; i++) {
        xmlNodePtr d = xd_elem(k, "decision");
        int64_t code = db_cell_int(&dec, i, 0);
        const struct step_def *st =
            step_find(steps, n_steps, (int)(code % WF_ROUND));

        xd_attr_int(d, "step-seq", code % WF_ROUND);
        xd_attr_int(d, "round", code / WF_ROUND + 1);
        if (st != NULL)
            xd_attr(d, "step", st->name);
        xd_attr(d, "decision", db_cell(&dec, i, 1));
        xd_attr(d, "at", text_iso_ts(c->a, db_cell(&dec, i, 3)));
        xd_attr(d, "user-login", db_cell(&dec, i, 4));
        xd_attr(d, "user", db_cell(&dec, i, 5));
        if (db_cell(&dec, i, 2) != NULL)
            xd_text(d, "note", db_cell(&dec, i, 2));
    }

    if (strcmp(status, "pending") == 0) {
        k = xd_elem(n, "approvers");
        for (size_t i = 0; i < appr.n_rows; i++) {
            xmlNodePtr a = xd_elem(k, "approver");

            xd_attr(a, "login", db_cell(&appr, i, 1));
            xd_attr(a, "name", db_cell(&appr, i, 2));
        }
    }
    return 0;
}

/* GET /workflow/{id} */
int
wf_show(struct ctx *c)
{
    return show_instance(c, route_arg_id(c->req, "id"));
}

const char *const wf_decisions[] = {"approve", "reject", NULL};

/* POST /workflow/{id}/decide: decision, note, step (the step the form
 * was shown for; absent: the current one).  303 to the inbox. */
int
wf_decide_post(struct ctx *c)
{
    int64_t id = route_arg_id(c->req, "id");
    const char *decision, *note;
    int64_t step = 0;

    if (id < 0)
        return wf_not_found(c, id);
    decision = form_enum(c, "decision", FORM_REQUIRED, wf_decisions);
    note = form_text(c, "note", FORM_MULTILINE, WF_NOTE_MAX);
    form_int(c, "step", 0, 1, WF_MAX_STEPS, &step);
    if (!form_ok(c))
        return show_instance(c, id); /* 422; 404 when not theirs */
    if (wf_decide(c, id, (int)step, strcmp(decision, "approve") == 0, note) !=
        0)
        return -1;
    return ctx_redirect(c, "/workflow/inbox");
}
