/*
 * workflow.c - the approval engine (issue 3, "Approval workflows"), its
 * pages, and the leave request: the small document type that proves it.
 *
 * Pages:  GET  /workflow/inbox              waiting for me      workflow.view
 *         GET  /workflow/{id}               one instance        workflow.view
 *         POST /workflow/{id}/decide        approve or reject   workflow.view
 *         GET  /workflow/flows              flow definitions    workflow.admin
 *         GET  /workflow/flows/new, POST    define a flow       workflow.admin
 *         GET  /workflow/flows/{id}/edit, POST
 *                                           edit (409 on version)
 *                                                               workflow.admin
 *         GET  /leave                       my leave requests   leave.request
 *         GET  /leave/new, POST             ask for leave       leave.request
 *         GET  /leave/{id}                  one of mine         leave.request
 *         POST /leave/{id}/resubmit         after a return      leave.request
 * Tables: wf_flow, wf_step, wf_instance, wf_decision, leave_request;
 *         qd_user, qd_role, user_role, user_scope, org_closure, org_unit
 *         (read, for the approver rules); audit_log (through audit.c)
 * Style:  xsl/workflow.xsl; data elements wf-inbox, wf-instance, wf-flows,
 *         wf-flow-form, leave-list, leave-form, leave
 *         (schema/xsd/workflow.xsd)
 *
 * The C interface for other modules is workflow.h; the rules of the
 * approvers are written out there and, once, in SQL in WF_ELIGIBLE below:
 * the inbox, the instance page, the decision and the list of who may
 * decide all use that one predicate, so they cannot disagree.
 *
 * Who sees an instance: its requester, whoever may decide its current
 * step, whoever decided one of its steps, and workflow.admin.  Anyone else
 * gets 404, exactly as for a missing id, and the denial is logged.
 *
 * Decisions (PORTABILITY.md item 9, SECURITY.md "Integrity under
 * concurrency"): the reads (instance, eligibility, steps) run first and
 * are ended; then one unit of work whose first statement is the guarded
 * UPDATE of wf_instance (status 'pending', the step decided and the
 * version read), checked by its row count, then the wf_decision row,
 * unique per (instance, step_seq), the audit record and the document's
 * callback.  A double click, or ten approvers at once, leaves exactly one
 * decision; the others get 409 "already decided".
 *
 * Rounds.  A document rejected "back to the requester" is returned, may
 * be changed and submitted again: the same instance (one per document,
 * uq_wf_instance_doc) starts again at the first step.  Its earlier
 * decisions stay; wf_decision.step_seq holds round * WF_ROUND + seq, the
 * round being the number of rejections before it, so the unique key
 * still allows one decision per step and round.
 *
 * Editing a flow replaces its steps; pending instances go on at their
 * step number under the new definition (a step that no longer exists has
 * no eligible approver: workflow.admin sees such instances on the flow
 * list's "pending" count).  At most one active flow per document type is
 * allowed by the form; should two exist anyway, the newest is used.
 */
#include <limits.h>
#include <string.h>
#include <time.h>

#include "../core/audit.h"
#include "../core/auth.h"
#include "../core/clock.h"
#include "../core/ctx.h"
#include "../core/form.h"
#include "../core/log.h"
#include "../core/money.h"
#include "../core/scope.h"
#include "../core/text.h"
#include "../core/xd.h"
#include "../db/db.h"
#include "channel.h"
#include "price.h"
#include "workflow.h"

#define PERM_VIEW  "workflow.view"
#define PERM_ADMIN "workflow.admin"
#define PERM_LEAVE "leave.request"

#define WF_FORM_ROWS   5   /* step rows in the flow form */
#define WF_INBOX_MAX   200 /* rows of the inbox */
#define WF_APPROVERS   50  /* names listed as "may decide" */
#define WF_LIST_MAX    500 /* flows, leave requests listed */
#define WF_NOTE_MAX    500
#define LEAVE_MAX_DAYS 60
#define ID_MAX         999999999999999999LL

/* ==================================================================== */
/* SQL                                                                  */
/* ==================================================================== */

/*
 * May user `me` decide step `s` of instance `i`?  Needs the aliases i
 * (wf_instance), s (wf_step) and me (qd_user) in the statement; binds
 * nothing.  The rules are those of workflow.h: never the requester; a
 * named user; a holder of the role at the requester's unit or above it;
 * or a branch_mgr at the nearest unit at or above the requester's that
 * has an active branch_mgr other than the requester.
 */
#define WF_ELIGIBLE                                                            \
    " me.id <> i.requester_id AND me.status = 'active' AND ("                  \
    "(s.approver = 'user' AND s.user_id = me.id)"                              \
    " OR (s.approver = 'role' AND EXISTS (SELECT 1 FROM user_role er"          \
    " JOIN user_scope es ON es.user_id = er.user_id"                           \
    " JOIN org_closure ec ON ec.ancestor_id = es.unit_id"                      \
    " WHERE er.user_id = me.id AND er.role_id = s.role_id"                     \
    " AND ec.descendant_id = i.unit_id))"                                      \
    " OR (s.approver = 'manager' AND EXISTS (SELECT 1 FROM user_role mr"       \
    " JOIN qd_role mq ON mq.id = mr.role_id"                                   \
    " JOIN user_scope ms ON ms.user_id = mr.user_id"                           \
    " JOIN org_closure mc ON mc.ancestor_id = ms.unit_id"                      \
    " WHERE mr.user_id = me.id AND mq.code = 'branch_mgr'"                     \
    " AND mc.descendant_id = i.unit_id"                                        \
    " AND NOT EXISTS (SELECT 1 FROM org_closure nc"                            \
    " JOIN user_scope ns ON ns.unit_id = nc.ancestor_id"                       \
    " JOIN user_role nr ON nr.user_id = ns.user_id"                            \
    " JOIN qd_role nq ON nq.id = nr.role_id"                                   \
    " JOIN qd_user nu ON nu.id = ns.user_id"                                   \
    " WHERE nc.descendant_id = i.unit_id AND nq.code = 'branch_mgr'"           \
    " AND nu.status = 'active' AND nu.id <> i.requester_id"                    \
    " AND nc.depth < mc.depth))))"

/* -- the engine -- */
DB_STATEMENT(sql_inst_by_doc, 0,
             "SELECT id, status"
             " FROM wf_instance"
             " WHERE doc_type = ? AND doc_id = ?");
DB_STATEMENT(sql_flow_active, 0,
             "SELECT id"
             " FROM wf_flow"
             " WHERE doc_type = ? AND status = 'active'"
             " ORDER BY id DESC");
DB_STATEMENT(sql_steps, 0,
             "SELECT s.seq, s.name, s.approver, s.role_id, s.user_id,"
             " s.min_amount, s.on_reject, r.name, u.login, u.display_name"
             " FROM wf_step s"
             " LEFT JOIN qd_role r ON r.id = s.role_id"
             " LEFT JOIN qd_user u ON u.id = s.user_id"
             " WHERE s.flow_id = ?"
             " ORDER BY s.seq");
DB_STATEMENT(sql_inst_add, 0,
             "INSERT INTO wf_instance (id, flow_id, doc_type, doc_id,"
             " requester_id, unit_id, amount, step_seq, status, created_at,"
             " updated_at, version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)");
DB_STATEMENT(sql_inst_restart, 0,
             "UPDATE wf_instance"
             " SET flow_id = ?, amount = ?, unit_id = ?, step_seq = ?,"
             " status = ?, version = version + 1, updated_at = ?"
             " WHERE id = ? AND status = 'returned' AND requester_id = ?");
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
/* parameters: user, doc_type, doc_type */
DB_STATEMENT(sql_inbox, DB_PAGED,
             "SELECT i.id, i.doc_type, i.doc_id, i.amount, i.step_seq,"
             " i.updated_at, f.name, s.name, u.display_name, u.login, o.name"
             " FROM wf_instance i"
             " JOIN wf_flow f ON f.id = i.flow_id"
             " JOIN wf_step s ON s.flow_id = i.flow_id AND s.seq = i.step_seq"
             " JOIN qd_user u ON u.id = i.requester_id"
             " LEFT JOIN org_unit o ON o.id = i.unit_id"
             " JOIN qd_user me ON me.id = ?"
             " WHERE i.status = 'pending'"
             " AND (CAST(? AS VARCHAR(40)) IS NULL OR i.doc_type = ?)"
             " AND" WF_ELIGIBLE " ORDER BY i.updated_at, i.id");

/* -- flow definitions -- */
DB_STATEMENT(sql_flows, DB_PAGED,
             "SELECT f.id, f.code, f.name, f.doc_type, f.status, f.version,"
             " (SELECT COUNT(*) FROM wf_step s WHERE s.flow_id = f.id),"
             " (SELECT COUNT(*) FROM wf_instance i"
             " WHERE i.flow_id = f.id AND i.status = 'pending')"
             " FROM wf_flow f"
             " ORDER BY f.doc_type, f.code");
DB_STATEMENT(sql_flow_get, 0,
             "SELECT id, code, name, doc_type, status, version"
             " FROM wf_flow"
             " WHERE id = ?");
DB_STATEMENT(sql_flow_add, 0,
             "INSERT INTO wf_flow (id, code, name, doc_type, status, version)"
             " VALUES (?, ?, ?, ?, ?, 1)");
DB_STATEMENT(sql_flow_update, 0,
             "UPDATE wf_flow"
             " SET code = ?, name = ?, doc_type = ?, status = ?,"
             " version = version + 1"
             " WHERE id = ? AND version = ?");
DB_STATEMENT(sql_steps_clear, 0, "DELETE FROM wf_step WHERE flow_id = ?");
DB_STATEMENT(sql_step_add, 0,
             "INSERT INTO wf_step (id, flow_id, seq, name, approver, role_id,"
             " user_id, min_amount, on_reject)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
DB_STATEMENT(sql_roles, 0,
             "SELECT id, code, name"
             " FROM qd_role"
             " ORDER BY code");
DB_STATEMENT(sql_user_by_login, 0,
             "SELECT id"
             " FROM qd_user"
             " WHERE login = ? AND status = 'active'");
DB_STATEMENT(sql_flow_code_used, 0,
             "SELECT id"
             " FROM wf_flow"
             " WHERE code = ? AND id <> ?");
DB_STATEMENT(sql_flow_other_active, 0,
             "SELECT code"
             " FROM wf_flow"
             " WHERE doc_type = ? AND status = 'active' AND id <> ?");

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
/* Document types                                                       */
/* ==================================================================== */

/* A document type that goes through flows (see workflow.h). */
struct wf_doc_type {
    const char *name;
    int (*on_final)(struct ctx *c, int64_t doc_id, const char *status);
    const char *(*summary)(struct ctx *c, int64_t doc_id);
};

static int leave_wf_final(struct ctx *c, int64_t doc_id, const char *status);
static const char *leave_wf_summary(struct ctx *c, int64_t doc_id);

/* clang-format off */
static const struct wf_doc_type doc_types[] = {
    {"leave", leave_wf_final, leave_wf_summary},
    {"party", channel_party_wf_final, channel_party_wf_summary},
    {"price", price_wf_final, price_wf_summary},
};
/* clang-format on */

#define N_DOC_TYPES (sizeof(doc_types) / sizeof(doc_types[0]))

static const struct wf_doc_type *
doc_type_find(const char *name)
{
    if (name == NULL)
        return NULL;
    for (size_t i = 0; i < N_DOC_TYPES; i++)
        if (strcmp(doc_types[i].name, name) == 0)
            return &doc_types[i];
    return NULL;
}

/* ==================================================================== */
/* The engine                                                           */
/* ==================================================================== */

/* One step of a flow as stored. */
struct step_def {
    int seq;
    const char *name, *approver, *on_reject;
    int64_t role_id, user_id; /* 0: none */
    int has_min;
    int64_t min_amount;
    const char *role_name, *user_login, *user_name;
};

/* The steps of a flow, by seq, into the arena.  0 or -1 (database). */
static int
load_steps(struct ctx *c, int64_t flow_id, struct step_def **out, size_t *n)
{
    struct db_param p[1] = {DB_INT(flow_id)};
    struct db_rows r;
    struct step_def *s;

    if (db_query(c->db, c->a, &sql_steps, p, 1, 0, 0, &r) != 0)
        return -1;
    s = arena_zalloc(c->a, (r.n_rows + 1) * sizeof(*s));
    for (size_t i = 0; i < r.n_rows; i++) {
        s[i].seq = (int)db_cell_int(&r, i, 0);
        s[i].name = db_cell(&r, i, 1);
        s[i].approver = db_cell(&r, i, 2);
        s[i].role_id = db_cell_int(&r, i, 3);
        s[i].user_id = db_cell_int(&r, i, 4);
        s[i].has_min = db_cell(&r, i, 5) != NULL;
        s[i].min_amount = db_cell_int(&r, i, 5);
        s[i].on_reject = db_cell(&r, i, 6);
        s[i].role_name = db_cell(&r, i, 7);
        s[i].user_login = db_cell(&r, i, 8);
        s[i].user_name = db_cell(&r, i, 9);
    }
    *out = s;
    *n = r.n_rows;
    return 0;
}

/* Does a step apply to a document of this amount? */
static int
step_applies(const struct step_def *s, int64_t amount)
{
    return !s->has_min || amount >= s->min_amount;
}

/* The first step after seq `after` that applies to amount; 0: none. */
static int
next_step(const struct step_def *s, size_t n, int after, int64_t amount)
{
    for (size_t i = 0; i < n; i++)
        if (s[i].seq > after && step_applies(&s[i], amount))
            return s[i].seq;
    return 0;
}

static const struct step_def *
step_find(const struct step_def *s, size_t n, int seq)
{
    for (size_t i = 0; i < n; i++)
        if (s[i].seq == seq)
            return &s[i];
    return NULL;
}

int
wf_submit(struct ctx *c, const char *doc_type, int64_t doc_id, int64_t amount,
          int64_t unit_id)
{
    const struct wf_doc_type *dt = doc_type_find(doc_type);
    struct db_param p[12];
    struct db_rows inst, flow;
    struct step_def *steps;
    size_t n_steps;
    int64_t id = 0, flow_id;
    int seq, resubmit = 0;
    const char *status;
    time_t now = clock_now();
    long n = 0;

    if (dt == NULL || c->user == NULL) {
        log_error("req=%s workflow: submit of unknown document type %s",
                  c->request_id, doc_type ? doc_type : "(null)");
        return -1;
    }
    p[0] = DB_TEXT(doc_type);
    p[1] = DB_INT(doc_id);
    if (db_query(c->db, c->a, &sql_inst_by_doc, p, 2, 0, 0, &inst) != 0)
        return -1;
    if (inst.n_rows > 0) {
        if (strcmp(db_cell(&inst, 0, 1), "returned") != 0)
            return WF_CONFLICT;
        id = db_cell_int(&inst, 0, 0);
        resubmit = 1;
    }
    if (db_query(c->db, c->a, &sql_flow_active, p, 1, 0, 0, &flow) != 0)
        return -1;
    if (flow.n_rows == 0)
        return WF_NO_FLOW;
    flow_id = db_cell_int(&flow, 0, 0);
    if (load_steps(c, flow_id, &steps, &n_steps) != 0)
        return -1;
    seq = next_step(steps, n_steps, 0, amount);
    status = seq > 0 ? "pending" : "approved";
    if (!resubmit) {
        if (db_next_id(c->db, "wf_instance", &id) != 0)
            return -1;
        p[0] = DB_INT(id);
        p[1] = DB_INT(flow_id);
        p[2] = DB_TEXT(doc_type);
        p[3] = DB_INT(doc_id);
        p[4] = DB_INT(c->user->id);
        p[5] = unit_id > 0 ? DB_INT(unit_id) : DB_NULLP;
        p[6] = DB_INT(amount);
        p[7] = DB_INT(seq);
        p[8] = DB_TEXT(status);
        p[9] = DB_TS(now);
        p[10] = DB_TS(now);
        if (db_exec(c->db, &sql_inst_add, p, 11, NULL) != 0)
            return db_last_error(c->db)->cls == DB_ERR_UNIQUE ? WF_CONFLICT
                                                              : -1;
    } else {
        p[0] = DB_INT(flow_id);
        p[1] = DB_INT(amount);
        p[2] = unit_id > 0 ? DB_INT(unit_id) : DB_NULLP;
        p[3] = DB_INT(seq);
        p[4] = DB_TEXT(status);
        p[5] = DB_TS(now);
        p[6] = DB_INT(id);
        p[7] = DB_INT(c->user->id);
        if (db_exec(c->db, &sql_inst_restart, p, 8, &n) != 0)
            return -1;
        if (n != 1)
            return WF_CONFLICT;
    }
    if (audit_write(c, "wf_instance", id, resubmit ? "resubmit" : "submit",
                    arena_printf(c->a,
                                 "doc: %s %lld; flow: %lld; amount: %lld; "
                                 "step: %d; status: %s",
                                 doc_type, (long long)doc_id,
                                 (long long)flow_id, (long long)amount, seq,
                                 status)) != 0)
        return -1;
    if (seq == 0 && dt->on_final(c, doc_id, "approved") != 0)
        return -1;
    return 0;
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
    d.dt = doc_type_find(db_cell(&r, 0, 2));
    if (d.dt == NULL) {
        log_error("req=%s workflow: instance %lld has unknown document "
                  "type %s",
                  c->request_id, (long long)instance_id, db_cell(&r, 0, 2));
        return ctx_fail(c, 500, "internal", "internal error", NULL);
    }
    if (load_steps(c, db_cell_int(&r, 0, 1), &steps, &n_steps) != 0)
        return ctx_db_fail(c);
    st = step_find(steps, n_steps, d.seq);
    p[0] = DB_INT(instance_id);
    if (st == NULL || db_query(c->db, c->a, &sql_rejects, p, 1, 0, 0, &e) != 0)
        return ctx_db_fail(c);
    d.round = (int)db_cell_int(&e, 0, 0);
    if (d.approve) {
        d.new_seq = next_step(steps, n_steps, d.seq, amount);
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

int
wf_waiting_for(struct ctx *c, const char *doc_type, struct wf_item **items,
               size_t *n_items)
{
    struct db_param p[3];
    struct db_rows r;
    struct wf_item *it;

    p[0] = DB_INT(c->user != NULL ? c->user->id : 0);
    p[1] = DB_TEXT(doc_type);
    p[2] = DB_TEXT(doc_type);
    if (db_query(c->db, c->a, &sql_inbox, p, 3, WF_INBOX_MAX, 0, &r) != 0)
        return -1;
    it = arena_zalloc(c->a, (r.n_rows + 1) * sizeof(*it));
    for (size_t i = 0; i < r.n_rows; i++) {
        it[i].instance_id = db_cell_int(&r, i, 0);
        it[i].doc_type = db_cell(&r, i, 1);
        it[i].doc_id = db_cell_int(&r, i, 2);
        it[i].amount = db_cell_int(&r, i, 3);
        it[i].step_seq = (int)db_cell_int(&r, i, 4);
        it[i].since = text_iso_ts(c->a, db_cell(&r, i, 5));
        it[i].flow = db_cell(&r, i, 6);
        it[i].step = db_cell(&r, i, 7);
        it[i].requester = db_cell(&r, i, 8);
        it[i].requester_login = db_cell(&r, i, 9);
        it[i].unit = db_cell(&r, i, 10);
    }
    *items = it;
    *n_items = r.n_rows;
    return 0;
}

int
wf_instance_of(struct ctx *c, const char *doc_type, int64_t doc_id,
               int64_t *instance_id, const char **status)
{
    struct db_param p[2] = {DB_TEXT(doc_type), DB_INT(doc_id)};
    struct db_rows r;

    *instance_id = 0;
    *status = NULL;
    if (db_query(c->db, c->a, &sql_inst_by_doc, p, 2, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows > 0) {
        *instance_id = db_cell_int(&r, 0, 0);
        *status = db_cell(&r, 0, 1);
    }
    return 0;
}

/* ==================================================================== */
/* Pages: inbox, instance, decision                                     */
/* ==================================================================== */

/* GET /workflow/inbox */
static int
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
    if (!step_applies(s, amount))
        return "skipped";
    if (strcmp(status, "approved") == 0 || s->seq < cur)
        return "done";
    if (s->seq > cur)
        return "waiting";
    if (strcmp(status, "pending") == 0)
        return "current";
    return status; /* returned, rejected, cancelled */
}

static void
step_attrs(xmlNodePtr n, const struct step_def *s)
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
    if (load_steps(c, db_cell_int(&r, 0, 1), &steps, &n_steps) != 0 ||
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
    dt = doc_type_find(db_cell(&r, 0, 2));
    if (dt != NULL && dt->summary != NULL) {
        const char *s = dt->summary(c, db_cell_int(&r, 0, 3));

        if (s != NULL)
            xd_text(k, "summary", s);
    }

    k = xd_elem(n, "steps");
    for (size_t i = 0; i < n_steps; i++) {
        xmlNodePtr s = xd_elem(k, "step");

        step_attrs(s, &steps[i]);
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
static int
wf_show(struct ctx *c)
{
    return show_instance(c, route_arg_id(c->req, "id"));
}

static const char *const decisions[] = {"approve", "reject", NULL};

/* POST /workflow/{id}/decide: decision, note, step (the step the form
 * was shown for; absent: the current one).  303 to the inbox. */
static int
wf_decide_post(struct ctx *c)
{
    int64_t id = route_arg_id(c->req, "id");
    const char *decision, *note;
    int64_t step = 0;

    if (id < 0)
        return wf_not_found(c, id);
    decision = form_enum(c, "decision", FORM_REQUIRED, decisions);
    note = form_text(c, "note", FORM_MULTILINE, WF_NOTE_MAX);
    form_int(c, "step", 0, 1, WF_MAX_STEPS, &step);
    if (!form_ok(c))
        return show_instance(c, id); /* 422; 404 when not theirs */
    if (wf_decide(c, id, (int)step, strcmp(decision, "approve") == 0, note) !=
        0)
        return -1;
    return ctx_redirect(c, "/workflow/inbox");
}

/* ==================================================================== */
/* Pages: flow definitions                                              */
/* ==================================================================== */

static const char *const approvers[] = {"role", "manager", "user", NULL};
static const char *const on_rejects[] = {"end", "requester", NULL};
static const char *const flow_statuses[] = {"active", "retired", NULL};

/* A step row of the form, as typed and as understood. */
struct step_in {
    const char *name, *approver, *on_reject, *user_login;
    int64_t role_id, user_id, min_amount;
    int has_min;
};

/* The flow form. */
struct flow_in {
    struct ctx *c;
    int64_t id; /* 0: new */
    int64_t version;
    const char *code, *name, *doc_type, *status;
    struct step_in steps[WF_FORM_ROWS];
    int n_steps;
    const char *before; /* audit: the flow as it was */
};

/* GET /workflow/flows */
static int
wf_flows(struct ctx *c)
{
    struct db_rows r;
    xmlNodePtr list;

    if (db_query(c->db, c->a, &sql_flows, NULL, 0, WF_LIST_MAX, 0, &r) != 0)
        return ctx_db_fail(c);
    list = ctx_data(c, "wf-flows");
    for (size_t i = 0; i < r.n_rows; i++) {
        xmlNodePtr n = xd_elem(list, "flow");

        xd_attr(n, "id", db_cell(&r, i, 0));
        xd_attr(n, "code", db_cell(&r, i, 1));
        xd_attr(n, "name", db_cell(&r, i, 2));
        xd_attr(n, "doc-type", db_cell(&r, i, 3));
        xd_attr(n, "status", db_cell(&r, i, 4));
        xd_attr(n, "version", db_cell(&r, i, 5));
        xd_attr(n, "steps", db_cell(&r, i, 6));
        xd_attr(n, "pending", db_cell(&r, i, 7));
    }
    return 0;
}

static const char *
row_field(struct ctx *c, int row, const char *what)
{
    return arena_printf(c->a, "s%d_%s", row, what);
}

/* A plain amount for a form field ("300.00"). */
static const char *
plain_money(struct ctx *c, int64_t fen)
{
    char buf[MONEY_BUFSZ];

    return arena_strdup(c->a, money_format(fen, 0, buf, sizeof(buf)));
}

/*
 * The flow form: the choices (document types, roles), then either what
 * was typed (from_req) or the stored flow and its steps (f, steps).
 * Returns the form element, or NULL after a database failure (recorded).
 */
static xmlNodePtr
flow_form(struct ctx *c, int64_t id, int from_req, const struct db_rows *f,
          const struct step_def *steps, size_t n_steps)
{
    struct db_rows roles;
    xmlNodePtr n, k;
    const struct req *rq = c->req;

    if (db_query(c->db, c->a, &sql_roles, NULL, 0, 0, 0, &roles) != 0) {
        ctx_db_fail(c);
        return NULL;
    }
    n = ctx_data(c, "wf-flow-form");
    if (id > 0)
        xd_attr_int(n, "id", id);
    if (from_req) {
        xd_attr(n, "version", param_text(rq, "version"));
        xd_attr(n, "code", param_text(rq, "code"));
        xd_attr(n, "name", param_text(rq, "name"));
        xd_attr(n, "doc-type", param_text(rq, "doc_type"));
        xd_attr(n, "status", param_text(rq, "status"));
    } else if (f != NULL) {
        xd_attr(n, "version", db_cell(f, 0, 5));
        xd_attr(n, "code", db_cell(f, 0, 1));
        xd_attr(n, "name", db_cell(f, 0, 2));
        xd_attr(n, "doc-type", db_cell(f, 0, 3));
        xd_attr(n, "status", db_cell(f, 0, 4));
    }
    k = xd_elem(n, "doc-types");
    for (size_t i = 0; i < N_DOC_TYPES; i++)
        xd_attr(xd_elem(k, "doc-type"), "name", doc_types[i].name);
    k = xd_elem(n, "roles");
    for (size_t i = 0; i < roles.n_rows; i++) {
        xmlNodePtr r = xd_elem(k, "role");

        xd_attr(r, "id", db_cell(&roles, i, 0));
        xd_attr(r, "code", db_cell(&roles, i, 1));
        xd_attr(r, "name", db_cell(&roles, i, 2));
    }
    for (int row = 1; row <= WF_FORM_ROWS; row++) {
        xmlNodePtr s = xd_elem(n, "step");

        xd_attr_int(s, "row", row);
        if (from_req) {
            xd_attr(s, "name", param_text(rq, row_field(c, row, "name")));
            xd_attr(s, "approver",
                    param_text(rq, row_field(c, row, "approver")));
            xd_attr(s, "role-id", param_text(rq, row_field(c, row, "role")));
            xd_attr(s, "user-login", param_text(rq, row_field(c, row, "user")));
            xd_attr(s, "min", param_text(rq, row_field(c, row, "min")));
            xd_attr(s, "on-reject",
                    param_text(rq, row_field(c, row, "reject")));
        } else if ((size_t)row <= n_steps) {
            const struct step_def *d = &steps[row - 1];

            xd_attr(s, "name", d->name);
            xd_attr(s, "approver", d->approver);
            if (d->role_id > 0)
                xd_attr_int(s, "role-id", d->role_id);
            xd_attr(s, "user-login", d->user_login);
            if (d->has_min)
                xd_attr(s, "min", plain_money(c, d->min_amount));
            xd_attr(s, "on-reject", d->on_reject);
        }
    }
    return n;
}

/* One line per step, for the audit trail. */
static const char *
steps_text(struct ctx *c, const struct step_in *s, int n)
{
    struct sbuf b;

    sbuf_init(&b, c->a, 128);
    for (int i = 0; i < n; i++)
        sbuf_printf(&b, "%s%d %s [%s role=%lld user=%lld min=%s %s]",
                    i ? " | " : "", i + 1, s[i].name, s[i].approver,
                    (long long)s[i].role_id, (long long)s[i].user_id,
                    s[i].has_min ? plain_money(c, s[i].min_amount) : "-",
                    s[i].on_reject);
    return b.buf != NULL ? b.buf : "";
}

static int
is_code(const char *s)
{
    if (s == NULL || !(*s >= 'a' && *s <= 'z'))
        return 0;
    for (; *s != '\0'; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return 0;
    return 1;
}

/*
 * Read and check the flow form into in (what the database must confirm --
 * the code is free, one active flow per document type, the user exists --
 * is checked here too).  Problems are form errors (422).  0, or -1 on a
 * database failure (recorded).
 */
static int
read_flow_form(struct ctx *c, struct flow_in *in)
{
    struct db_param p[2];
    struct db_rows r, roles;
    const char *first_name_field = "s1_name";

    in->code = form_text(c, "code", FORM_REQUIRED, 40);
    if (in->code != NULL && !is_code(in->code))
        form_error(c, "code", "bad_code",
                   "lower-case letters, digits and _, starting with a letter");
    in->name = form_text(c, "name", FORM_REQUIRED, 100);
    in->doc_type = form_text(c, "doc_type", FORM_REQUIRED, 40);
    if (in->doc_type != NULL && doc_type_find(in->doc_type) == NULL) {
        form_error(c, "doc_type", "bad_choice", "not one of the choices");
        in->doc_type = NULL;
    }
    in->status = form_enum(c, "status", 0, flow_statuses);
    if (in->status == NULL)
        in->status = "active";
    if (db_query(c->db, c->a, &sql_roles, NULL, 0, 0, 0, &roles) != 0)
        return ctx_db_fail(c);
    for (int row = 1; row <= WF_FORM_ROWS; row++) {
        struct step_in s;
        const char *f_name = row_field(c, row, "name");
        const char *f_appr = row_field(c, row, "approver");
        const char *f_role = row_field(c, row, "role");
        const char *f_user = row_field(c, row, "user");
        const char *f_min = row_field(c, row, "min");
        int errs = c->n_field_errors;

        memset(&s, 0, sizeof(s));
        if (param_text(c->req, f_name) == NULL &&
            param_text(c->req, f_appr) == NULL &&
            param_text(c->req, f_role) == NULL &&
            param_text(c->req, f_user) == NULL &&
            param_text(c->req, f_min) == NULL)
            continue; /* an empty row */
        s.name = form_text(c, f_name, FORM_REQUIRED, 100);
        s.approver = form_enum(c, f_appr, FORM_REQUIRED, approvers);
        s.on_reject = form_enum(c, row_field(c, row, "reject"), 0, on_rejects);
        if (s.on_reject == NULL)
            s.on_reject = "end";
        if (param_text(c->req, f_min) != NULL &&
            form_money(c, f_min, 0, &s.min_amount) == 0) {
            s.has_min = 1;
            if (s.min_amount < 0)
                form_error(c, f_min, "bad_amount", "zero or more");
        }
        if (s.approver != NULL && strcmp(s.approver, "role") == 0) {
            int found = 0;

            form_int(c, f_role, FORM_REQUIRED, 1, ID_MAX, &s.role_id);
            for (size_t i = 0; i < roles.n_rows && s.role_id > 0; i++)
                found |= db_cell_int(&roles, i, 0) == s.role_id;
            if (s.role_id > 0 && !found)
                form_error(c, f_role, "bad_choice", "not one of the choices");
        } else if (s.approver != NULL && strcmp(s.approver, "user") == 0) {
            s.user_login = form_text(c, f_user, FORM_REQUIRED, 60);
            if (s.user_login != NULL) {
                p[0] = DB_TEXT(text_lower_ascii(c->a, s.user_login));
                if (db_query(c->db, c->a, &sql_user_by_login, p, 1, 0, 0, &r) !=
                    0)
                    return ctx_db_fail(c);
                if (r.n_rows == 0)
                    form_error(c, f_user, "no_user",
                               "no active user with this login");
                else
                    s.user_id = db_cell_int(&r, 0, 0);
            }
        }
        if (c->n_field_errors == errs)
            in->steps[in->n_steps++] = s; /* rows: at most WF_FORM_ROWS */
        first_name_field = NULL;
    }
    if (first_name_field != NULL)
        form_error(c, first_name_field, "no_steps",
                   "a flow needs at least one step");
    if (in->code != NULL && is_code(in->code)) {
        p[0] = DB_TEXT(in->code);
        p[1] = DB_INT(in->id);
        if (db_query(c->db, c->a, &sql_flow_code_used, p, 2, 0, 0, &r) != 0)
            return ctx_db_fail(c);
        if (r.n_rows > 0)
            form_error(c, "code", "code_taken", "this code is already in use");
    }
    if (in->doc_type != NULL && strcmp(in->status, "active") == 0) {
        p[0] = DB_TEXT(in->doc_type);
        p[1] = DB_INT(in->id);
        if (db_query(c->db, c->a, &sql_flow_other_active, p, 2, 0, 0, &r) != 0)
            return ctx_db_fail(c);
        if (r.n_rows > 0)
            form_error(c, "status", "active_exists",
                       arena_printf(c->a,
                                    "flow %s is already active for this "
                                    "document type; retire it first",
                                    db_cell(&r, 0, 0)));
    }
    return 0;
}

/* Write the steps of in (after the flow's own write). */
static int
write_steps(struct db *db, struct flow_in *in)
{
    for (int i = 0; i < in->n_steps; i++) {
        const struct step_in *s = &in->steps[i];
        struct db_param p[9];
        int64_t sid;

        if (db_next_id(db, "wf_step", &sid) != 0)
            return -1;
        p[0] = DB_INT(sid);
        p[1] = DB_INT(in->id);
        p[2] = DB_INT(i + 1);
        p[3] = DB_TEXT(s->name);
        p[4] = DB_TEXT(s->approver);
        p[5] = strcmp(s->approver, "role") == 0 ? DB_INT(s->role_id) : DB_NULLP;
        p[6] = strcmp(s->approver, "user") == 0 ? DB_INT(s->user_id) : DB_NULLP;
        p[7] = s->has_min ? DB_INT(s->min_amount) : DB_NULLP;
        p[8] = DB_TEXT(s->on_reject);
        if (db_exec(db, &sql_step_add, p, 9, NULL) != 0)
            return -1;
    }
    return 0;
}

static int
flow_create_uow(struct db *db, void *arg)
{
    struct flow_in *in = arg;
    struct db_param p[5];
    struct sbuf d;

    if (db_next_id(db, "wf_flow", &in->id) != 0)
        return -1;
    p[0] = DB_INT(in->id);
    p[1] = DB_TEXT(in->code);
    p[2] = DB_TEXT(in->name);
    p[3] = DB_TEXT(in->doc_type);
    p[4] = DB_TEXT(in->status);
    if (db_exec(db, &sql_flow_add, p, 5, NULL) != 0 || write_steps(db, in))
        return -1;
    sbuf_init(&d, in->c->a, 256);
    audit_diff(&d, "code", NULL, in->code);
    audit_diff(&d, "name", NULL, in->name);
    audit_diff(&d, "doc_type", NULL, in->doc_type);
    audit_diff(&d, "status", NULL, in->status);
    audit_diff(&d, "steps", NULL, steps_text(in->c, in->steps, in->n_steps));
    return audit_write(in->c, "wf_flow", in->id, "create", d.buf);
}

/* GET /workflow/flows/new */
static int
wf_flow_new_form(struct ctx *c)
{
    return flow_form(c, 0, 0, NULL, NULL, 0) != NULL ? 0 : -1;
}

/* POST /workflow/flows/new */
static int
wf_flow_create(struct ctx *c)
{
    struct flow_in in;

    memset(&in, 0, sizeof(in));
    in.c = c;
    if (read_flow_form(c, &in) != 0)
        return -1;
    if (!form_ok(c))
        return flow_form(c, 0, 1, NULL, NULL, 0) != NULL ? 0 : -1;
    db_rollback(c->db); /* end the reads: the unit of work writes first */
    if (db_uow(c->db, flow_create_uow, &in) != 0) {
        if (db_last_error(c->db)->cls != DB_ERR_UNIQUE)
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "this code is already in use");
        return flow_form(c, 0, 1, NULL, NULL, 0) != NULL ? 0 : -1;
    }
    return ctx_redirect(c, "/workflow/flows");
}

/* The stored flow: 0 with f filled, 1 when missing (404 recorded), -1. */
static int
fetch_flow(struct ctx *c, int64_t id, struct db_rows *f,
           struct step_def **steps, size_t *n_steps)
{
    struct db_param p[1] = {DB_INT(id)};

    if (id < 0) {
        ctx_fail(c, 404, "not_found", "no such flow", NULL);
        return 1;
    }
    if (db_query(c->db, c->a, &sql_flow_get, p, 1, 0, 0, f) != 0 ||
        load_steps(c, id, steps, n_steps) != 0)
        return ctx_db_fail(c);
    if (f->n_rows == 0) {
        ctx_fail(c, 404, "not_found", "no such flow", NULL);
        return 1;
    }
    return 0;
}

/* GET /workflow/flows/{id}/edit */
static int
wf_flow_edit_form(struct ctx *c)
{
    int64_t id = route_arg_id(c->req, "id");
    struct db_rows f;
    struct step_def *steps;
    size_t n;

    if (fetch_flow(c, id, &f, &steps, &n) != 0)
        return -1;
    return flow_form(c, id, 0, &f, steps, n) != NULL ? 0 : -1;
}

static int
flow_update_uow(struct db *db, void *arg)
{
    struct flow_in *in = arg;
    struct db_param p[6];
    long n = 0;

    /* write first: the version-guarded update of the flow */
    p[0] = DB_TEXT(in->code);
    p[1] = DB_TEXT(in->name);
    p[2] = DB_TEXT(in->doc_type);
    p[3] = DB_TEXT(in->status);
    p[4] = DB_INT(in->id);
    p[5] = DB_INT(in->version);
    if (db_exec(db, &sql_flow_update, p, 6, &n) != 0)
        return -1;
    if (n != 1)
        return WF_CONFLICT;
    p[0] = DB_INT(in->id);
    if (db_exec(db, &sql_steps_clear, p, 1, NULL) != 0 ||
        write_steps(db, in) != 0)
        return -1;
    return audit_write(in->c, "wf_flow", in->id, "update", in->before);
}

/* The edit form again with 409: the typed values, the stored flow in
 * <conflict>, and its version in the form, so that saving again is a
 * deliberate overwrite. */
static int
flow_conflict(struct ctx *c, int64_t id)
{
    struct db_rows f;
    struct step_def *steps;
    size_t n;
    xmlNodePtr form, k;

    db_rollback(c->db);
    if (fetch_flow(c, id, &f, &steps, &n) != 0)
        return -1;
    c->status = 409;
    ctx_message(c, "error", "conflict", NULL,
                "someone else changed this flow meanwhile; compare and save "
                "again");
    form = flow_form(c, id, 1, NULL, NULL, 0);
    if (form == NULL)
        return -1;
    xmlUnsetProp(form, BAD_CAST "version");
    xd_attr(form, "version", db_cell(&f, 0, 5));
    k = xd_elem(form, "conflict");
    xd_attr(k, "code", db_cell(&f, 0, 1));
    xd_attr(k, "name", db_cell(&f, 0, 2));
    xd_attr(k, "doc-type", db_cell(&f, 0, 3));
    xd_attr(k, "status", db_cell(&f, 0, 4));
    xd_attr(k, "version", db_cell(&f, 0, 5));
    for (size_t i = 0; i < n; i++)
        step_attrs(xd_elem(k, "step"), &steps[i]);
    return 0;
}

/* POST /workflow/flows/{id}/edit: version checked (409), steps replaced */
static int
wf_flow_update(struct ctx *c)
{
    struct flow_in in;
    struct db_rows f;
    struct step_def *steps;
    size_t n;
    struct step_in before[WF_MAX_STEPS];
    struct sbuf d;
    int rc;

    memset(&in, 0, sizeof(in));
    in.c = c;
    in.id = route_arg_id(c->req, "id");
    if (fetch_flow(c, in.id, &f, &steps, &n) != 0)
        return -1;
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &in.version);
    if (read_flow_form(c, &in) != 0)
        return -1;
    if (!form_ok(c))
        return flow_form(c, in.id, 1, NULL, NULL, 0) != NULL ? 0 : -1;
    if (in.version != db_cell_int(&f, 0, 5))
        return flow_conflict(c, in.id);
    for (size_t i = 0; i < n && i < WF_MAX_STEPS; i++) {
        memset(&before[i], 0, sizeof(before[i]));
        before[i].name = steps[i].name;
        before[i].approver = steps[i].approver;
        before[i].on_reject = steps[i].on_reject;
        before[i].role_id = steps[i].role_id;
        before[i].user_id = steps[i].user_id;
        before[i].has_min = steps[i].has_min;
        before[i].min_amount = steps[i].min_amount;
    }
    sbuf_init(&d, c->a, 256);
    audit_diff(&d, "code", db_cell(&f, 0, 1), in.code);
    audit_diff(&d, "name", db_cell(&f, 0, 2), in.name);
    audit_diff(&d, "doc_type", db_cell(&f, 0, 3), in.doc_type);
    audit_diff(&d, "status", db_cell(&f, 0, 4), in.status);
    audit_diff(&d, "steps",
               steps_text(c, before, n < WF_MAX_STEPS ? (int)n : WF_MAX_STEPS),
               steps_text(c, in.steps, in.n_steps));
    in.before = d.buf;
    db_rollback(c->db); /* end the reads: the unit of work writes first */
    rc = db_uow(c->db, flow_update_uow, &in);
    if (rc == WF_CONFLICT)
        return flow_conflict(c, in.id);
    if (rc != 0) {
        if (db_last_error(c->db)->cls != DB_ERR_UNIQUE)
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "this code is already in use");
        return flow_form(c, in.id, 1, NULL, NULL, 0) != NULL ? 0 : -1;
    }
    return ctx_redirect(c, "/workflow/flows");
}

/* ==================================================================== */
/* The leave request: the document type that proves the engine          */
/* ==================================================================== */

/*
 * Its amount for the flows is days x 100, so a step's threshold typed as
 * "3" (3.00) means "three days or more".
 */
#define LEAVE_AMOUNT(days) ((int64_t)(days)*100)

/* on_final of "leave": the request follows its instance. */
static int
leave_wf_final(struct ctx *c, int64_t doc_id, const char *status)
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

static const char *
leave_wf_summary(struct ctx *c, int64_t doc_id)
{
    struct db_param p[1] = {DB_INT(doc_id)};
    struct db_rows r;

    if (db_query(c->db, c->a, &sql_leave_reason, p, 1, 0, 0, &r) != 0 ||
        r.n_rows == 0)
        return NULL;
    return db_cell(&r, 0, 0);
}

/* GET /leave */
static int
leave_list(struct ctx *c)
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
static int
leave_new_form(struct ctx *c)
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
static int
leave_create(struct ctx *c)
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
static int
leave_show(struct ctx *c)
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
static int
leave_resubmit(struct ctx *c)
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

/* ==================================================================== */
/* Routes                                                               */
/* ==================================================================== */

static const struct param_spec decide_params[] = {
    {"decision", P_ENUM, 0, 0, decisions, 0},
    {"note", P_TEXT, 0, 4 * WF_NOTE_MAX, NULL, P_MULTILINE},
    {"step", P_INT, 1, WF_MAX_STEPS, NULL, 0},
    {NULL, 0, 0, 0, NULL, 0},
};

/* the six fields of step row n of the flow form */
/* clang-format off */
#define STEP_ROW_PARAMS(n)                                                     \
    {"s" #n "_name",     P_TEXT, 0, 400,    NULL,       0},                    \
    {"s" #n "_approver", P_ENUM, 0, 0,      approvers,  0},                    \
    {"s" #n "_role",     P_INT,  1, ID_MAX, NULL,       0},                    \
    {"s" #n "_user",     P_TEXT, 0, 240,    NULL,       0},                    \
    {"s" #n "_min",      P_TEXT, 0, 40,     NULL,       0},                    \
    {"s" #n "_reject",   P_ENUM, 0, 0,      on_rejects, 0}
/* clang-format on */

static const struct param_spec flow_params[] = {
    {"code", P_TEXT, 0, 160, NULL, 0},
    {"name", P_TEXT, 0, 400, NULL, 0},
    {"doc_type", P_TEXT, 0, 160, NULL, 0},
    {"status", P_ENUM, 0, 0, flow_statuses, 0},
    {"version", P_INT, 1, INT_MAX, NULL, 0},
    STEP_ROW_PARAMS(1),
    STEP_ROW_PARAMS(2),
    STEP_ROW_PARAMS(3),
    STEP_ROW_PARAMS(4),
    STEP_ROW_PARAMS(5),
    {NULL, 0, 0, 0, NULL, 0},
};

static const struct param_spec leave_params[] = {
    {"days", P_TEXT, 0, 20, NULL, 0},
    {"reason", P_TEXT, 0, 4 * WF_NOTE_MAX, NULL, P_MULTILINE},
    {NULL, 0, 0, 0, NULL, 0},
};

/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/workflow/inbox",           "workflow.inbox",          PERM_VIEW,  "workflow.xsl", wf_inbox,          NULL,          0},
    {REQ_GET,  "/workflow/flows",           "workflow.flows",          PERM_ADMIN, "workflow.xsl", wf_flows,          NULL,          0},
    {REQ_GET,  "/workflow/flows/new",       "workflow.flow_new_form",  PERM_ADMIN, "workflow.xsl", wf_flow_new_form,  NULL,          0},
    {REQ_POST, "/workflow/flows/new",       "workflow.flow_new",       PERM_ADMIN, "workflow.xsl", wf_flow_create,    flow_params,   0},
    {REQ_GET,  "/workflow/flows/{id}/edit", "workflow.flow_edit_form", PERM_ADMIN, "workflow.xsl", wf_flow_edit_form, NULL,          0},
    {REQ_POST, "/workflow/flows/{id}/edit", "workflow.flow_edit",      PERM_ADMIN, "workflow.xsl", wf_flow_update,    flow_params,   0},
    {REQ_GET,  "/workflow/{id}",            "workflow.show",           PERM_VIEW,  "workflow.xsl", wf_show,           NULL,          0},
    {REQ_POST, "/workflow/{id}/decide",     "workflow.decide",         PERM_VIEW,  "workflow.xsl", wf_decide_post,    decide_params, 0},
    {REQ_GET,  "/leave",                    "leave.list",              PERM_LEAVE, "workflow.xsl", leave_list,        NULL,          0},
    {REQ_GET,  "/leave/new",                "leave.new_form",          PERM_LEAVE, "workflow.xsl", leave_new_form,    NULL,          0},
    {REQ_POST, "/leave/new",                "leave.new",               PERM_LEAVE, "workflow.xsl", leave_create,      leave_params,  0},
    {REQ_GET,  "/leave/{id}",               "leave.show",              PERM_LEAVE, "workflow.xsl", leave_show,        NULL,          0},
    {REQ_POST, "/leave/{id}/resubmit",      "leave.resubmit",          PERM_LEAVE, "workflow.xsl", leave_resubmit,    leave_params,  0},
};
/* clang-format on */

const struct module workflow_module = {"workflow", routes,
                                       sizeof(routes) / sizeof(routes[0])};
