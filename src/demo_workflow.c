/*
 * demo_workflow.c - the demo's approval flow and leave requests (called by
 * `qudao demo` after the organisation is loaded).
 *
 * The flow "leave" (请假审批): step 1 the branch manager in the requester's
 * chain (role branch_mgr; a rejection goes back to the requester), step 2
 * the sales director (role director) for four days or more (min_amount
 * 400: a leave request's amount is days x 100; a rejection ends it).
 * Then one leave request in each state, with the decisions that led there:
 *
 *   rep-sh  2 days   pending at step 1      (mgr-sh's inbox)
 *   rep-bj  5 days   pending at step 2      (director's inbox)
 *   rep-hz  1 day    approved by mgr-hz     (step 2 skipped)
 *   rep-nj  4 days   approved by mgr-nj and the director
 *   rep-gz  3 days   returned by mgr-gz     (rep-gz may resubmit)
 *   rep-cd 10 days   rejected by the director after mgr-cd approved
 *
 * The rows are written directly (the demo has no request to act through);
 * they are what the engine in modules/workflow/ would have written.
 * Deterministic, like the rest of the demo.
 */
#include <stdio.h>

#include "core/clock.h"
#include "db/db.h"
#include "modules/workflow.h"

DB_STATEMENT(sql_dw_role, 0, "SELECT id FROM qd_role WHERE code = ?");
DB_STATEMENT(sql_dw_user, 0,
             "SELECT u.id, us.unit_id"
             " FROM qd_user u"
             " LEFT JOIN user_scope us ON us.user_id = u.id"
             " WHERE u.login = ?");
DB_STATEMENT(sql_dw_flow, 0,
             "INSERT INTO wf_flow (id, code, name, doc_type, status, version)"
             " VALUES (?, ?, ?, ?, 'active', 1)");
DB_STATEMENT(sql_dw_step, 0,
             "INSERT INTO wf_step (id, flow_id, seq, name, approver, role_id,"
             " user_id, min_amount, on_reject)"
             " VALUES (?, ?, ?, ?, 'role', ?, NULL, ?, ?)");
DB_STATEMENT(sql_dw_leave, 0,
             "INSERT INTO leave_request (id, user_id, unit_id, days, reason,"
             " status, created_at, version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
DB_STATEMENT(sql_dw_instance, 0,
             "INSERT INTO wf_instance (id, flow_id, doc_type, doc_id,"
             " requester_id, unit_id, amount, step_seq, status, created_at,"
             " updated_at, version)"
             " VALUES (?, ?, 'leave', ?, ?, ?, ?, ?, ?, ?, ?, ?)");
DB_STATEMENT(sql_dw_decision, 0,
             "INSERT INTO wf_decision (id, instance_id, step_seq, user_id,"
             " decision, note, at)"
             " VALUES (?, ?, ?, ?, ?, ?, ?)");

/* clang-format off */
static const struct demo_leave {
    const char *login;
    int days;
    const char *reason;
    const char *status; /* of the request and its instance */
    int step_seq;       /* the instance's step */
    int age_days;       /* submitted this many days ago */
    struct { const char *login, *decision, *note; int step; } d[2];
} leaves[] = {
    {"rep-sh", 2, "家中有事，需回家处理。", "pending", 1, 1, {{NULL, NULL, NULL, 0}}},
    {"rep-bj", 5, "回老家参加亲戚婚礼。", "pending", 2, 3,
     {{"mgr-bj", "approve", "同意，请安排好客户交接。", 1}}},
    {"rep-hz", 1, "看病。", "approved", 1, 9,
     {{"mgr-hz", "approve", NULL, 1}}},
    {"rep-nj", 4, "年假。", "approved", 2, 20,
     {{"mgr-nj", "approve", "同意。", 1}, {"director", "approve", NULL, 2}}},
    {"rep-gz", 3, "个人事务。", "returned", 1, 5,
     {{"mgr-gz", "reject", "请补充说明具体事由和工作交接安排。", 1}}},
    {"rep-cd", 10, "长假旅行。", "rejected", 2, 12,
     {{"mgr-cd", "approve", NULL, 1}, {"director", "reject", "销售旺季，暂不批准长假。", 2}}},
};
/* clang-format on */

#define N_LEAVES (sizeof(leaves) / sizeof(leaves[0]))

/* One id from a one-cell query on a text key; 0 when there is no row. */
static int
lookup(struct db *db, struct arena *a, const struct db_sql *sql,
       const char *key, int64_t *id, int64_t *unit)
{
    struct db_param p[1] = {DB_TEXT(key)};
    struct db_rows r;

    *id = 0;
    if (db_query(db, a, sql, p, 1, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows == 0) {
        fprintf(stderr, "qudao demo: workflow: no %s\n", key);
        return -1;
    }
    *id = db_cell_int(&r, 0, 0);
    if (unit != NULL)
        *unit = r.n_cols > 1 ? db_cell_int(&r, 0, 1) : 0;
    return 0;
}

static int
demo_flow(struct db *db, struct arena *a, int64_t *flow_id)
{
    int64_t mgr, dir, id;
    struct db_param p[7];

    if (lookup(db, a, &sql_dw_role, "branch_mgr", &mgr, NULL) != 0 ||
        lookup(db, a, &sql_dw_role, "director", &dir, NULL) != 0 ||
        db_next_id(db, "wf_flow", flow_id) != 0)
        return -1;
    p[0] = DB_INT(*flow_id);
    p[1] = DB_TEXT("leave");
    p[2] = DB_TEXT("请假审批");
    p[3] = DB_TEXT("leave");
    if (db_exec(db, &sql_dw_flow, p, 4, NULL) != 0)
        return -1;
    if (db_next_id(db, "wf_step", &id) != 0)
        return -1;
    p[0] = DB_INT(id);
    p[1] = DB_INT(*flow_id);
    p[2] = DB_INT(1);
    p[3] = DB_TEXT("部门经理审批");
    p[4] = DB_INT(mgr);
    p[5] = DB_NULLP;
    p[6] = DB_TEXT("requester");
    if (db_exec(db, &sql_dw_step, p, 7, NULL) != 0)
        return -1;
    if (db_next_id(db, "wf_step", &id) != 0)
        return -1;
    p[0] = DB_INT(id);
    p[2] = DB_INT(2);
    p[3] = DB_TEXT("销售总监审批");
    p[4] = DB_INT(dir);
    p[5] = DB_INT(400);
    p[6] = DB_TEXT("end");
    return db_exec(db, &sql_dw_step, p, 7, NULL);
}

static int
demo_leave(struct db *db, struct arena *a, int64_t flow_id,
           const struct demo_leave *l)
{
    time_t at = clock_now() - (time_t)l->age_days * 86400;
    int64_t uid, unit, leave_id, inst_id;
    int n_dec = 0;
    struct db_param p[12];

    while (n_dec < 2 && l->d[n_dec].login != NULL)
        n_dec++;
    if (lookup(db, a, &sql_dw_user, l->login, &uid, &unit) != 0 ||
        db_next_id(db, "leave_request", &leave_id) != 0 ||
        db_next_id(db, "wf_instance", &inst_id) != 0)
        return -1;
    p[0] = DB_INT(leave_id);
    p[1] = DB_INT(uid);
    p[2] = unit > 0 ? DB_INT(unit) : DB_NULLP;
    p[3] = DB_INT(l->days);
    p[4] = DB_TEXT(l->reason);
    p[5] = DB_TEXT(l->status);
    p[6] = DB_TS(at);
    p[7] = DB_INT(1 + n_dec);
    if (db_exec(db, &sql_dw_leave, p, 8, NULL) != 0)
        return -1;
    p[0] = DB_INT(inst_id);
    p[1] = DB_INT(flow_id);
    p[2] = DB_INT(leave_id);
    p[3] = DB_INT(uid);
    p[4] = unit > 0 ? DB_INT(unit) : DB_NULLP;
    p[5] = DB_INT((int64_t)l->days * 100);
    p[6] = DB_INT(l->step_seq);
    p[7] = DB_TEXT(l->status);
    p[8] = DB_TS(at);
    p[9] = DB_TS(at + 3600 * 4 * n_dec);
    p[10] = DB_INT(1 + n_dec);
    if (db_exec(db, &sql_dw_instance, p, 11, NULL) != 0)
        return -1;
    for (int i = 0; i < n_dec; i++) {
        int64_t did, approver;

        if (lookup(db, a, &sql_dw_user, l->d[i].login, &approver, NULL) != 0 ||
            db_next_id(db, "wf_decision", &did) != 0)
            return -1;
        p[0] = DB_INT(did);
        p[1] = DB_INT(inst_id);
        p[2] = DB_INT(l->d[i].step); /* round 0: step_seq is the step */
        p[3] = DB_INT(approver);
        p[4] = DB_TEXT(l->d[i].decision);
        p[5] = DB_TEXT(l->d[i].note);
        p[6] = DB_TS(at + 3600 * 4 * (i + 1));
        if (db_exec(db, &sql_dw_decision, p, 7, NULL) != 0)
            return -1;
    }
    return 0;
}

int
demo_workflow(struct db *db)
{
    struct arena *a = arena_new(0);
    int64_t flow_id;
    int rc = -1;

    if (demo_flow(db, a, &flow_id) != 0)
        goto out;
    for (size_t i = 0; i < N_LEAVES; i++)
        if (demo_leave(db, a, flow_id, &leaves[i]) != 0)
            goto out;
    rc = 0;
out:
    arena_free(a);
    return rc;
}
