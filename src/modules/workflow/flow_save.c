/*
 * flow_save.c - the writes of a flow definition: create, and update
 * (the version checked, 409 with the stored flow beside the typed one,
 * the steps replaced), each with its audit record.  See workflow_int.h.
 */
#include <limits.h>
#include <string.h>

#include "workflow_int.h"

#include "../workflow.h"

#include "../../core/audit.h"
#include "../../core/ctx.h"
#include "../../core/form.h"
#include "../../core/text.h"
#include "../../core/xd.h"
#include "../../db/db.h"

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
                    s[i].has_min ? wf_plain_money(c, s[i].min_amount) : "-",
                    s[i].on_reject);
    return b.buf != NULL ? b.buf : "";
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

/* POST /workflow/flows/new */
int
wf_flow_create(struct ctx *c)
{
    struct flow_in in;

    memset(&in, 0, sizeof(in));
    in.c = c;
    if (wf_read_flow_form(c, &in) != 0)
        return -1;
    if (!form_ok(c))
        return wf_flow_form(c, 0, 1, NULL, NULL, 0) != NULL ? 0 : -1;
    db_rollback(c->db); /* end the reads: the unit of work writes first */
    if (db_uow(c->db, flow_create_uow, &in) != 0) {
        if (db_last_error(c->db)->cls != DB_ERR_UNIQUE)
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "this code is already in use");
        return wf_flow_form(c, 0, 1, NULL, NULL, 0) != NULL ? 0 : -1;
    }
    return ctx_redirect(c, "/workflow/flows");
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
    if (wf_fetch_flow(c, id, &f, &steps, &n) != 0)
        return -1;
    c->status = 409;
    ctx_message(c, "error", "conflict", NULL,
                "someone else changed this flow meanwhile; compare and save "
                "again");
    form = wf_flow_form(c, id, 1, NULL, NULL, 0);
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
        wf_step_attrs(xd_elem(k, "step"), &steps[i]);
    return 0;
}

/* POST /workflow/flows/{id}/edit: version checked (409), steps replaced */
int
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
    if (wf_fetch_flow(c, in.id, &f, &steps, &n) != 0)
        return -1;
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &in.version);
    if (wf_read_flow_form(c, &in) != 0)
        return -1;
    if (!form_ok(c))
        return wf_flow_form(c, in.id, 1, NULL, NULL, 0) != NULL ? 0 : -1;
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
        return wf_flow_form(c, in.id, 1, NULL, NULL, 0) != NULL ? 0 : -1;
    }
    return ctx_redirect(c, "/workflow/flows");
}
