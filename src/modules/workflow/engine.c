/*
 * engine.c - the approval engine that other modules call (workflow.h)
 * but for the decision: the steps of a flow, wf_submit, wf_waiting_for
 * and wf_instance_of.  The decision, wf_decide, is in decide.c.  See
 * workflow_int.h.
 */
#include <string.h>
#include <time.h>

#include "workflow_int.h"

#include "../workflow.h"

#include "../../core/audit.h"
#include "../../core/auth.h"
#include "../../core/clock.h"
#include "../../core/ctx.h"
#include "../../core/log.h"
#include "../../core/text.h"
#include "../../db/db.h"

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

/* The steps of a flow, by seq, into the arena.  0 or -1 (database). */
int
wf_load_steps(struct ctx *c, int64_t flow_id, struct step_def **out, size_t *n)
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
int
wf_step_applies(const struct step_def *s, int64_t amount)
{
    return !s->has_min || amount >= s->min_amount;
}

/* The first step after seq `after` that applies to amount; 0: none. */
int
wf_next_step(const struct step_def *s, size_t n, int after, int64_t amount)
{
    for (size_t i = 0; i < n; i++)
        if (s[i].seq > after && wf_step_applies(&s[i], amount))
            return s[i].seq;
    return 0;
}

int
wf_submit(struct ctx *c, const char *doc_type, int64_t doc_id, int64_t amount,
          int64_t unit_id)
{
    const struct wf_doc_type *dt = wf_doc_type_find(doc_type);
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
    if (wf_load_steps(c, flow_id, &steps, &n_steps) != 0)
        return -1;
    seq = wf_next_step(steps, n_steps, 0, amount);
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
