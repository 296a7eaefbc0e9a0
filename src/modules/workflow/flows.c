/*
 * flows.c - the flow definitions: their list, the flow form (new and
 * edit), the reading and checks of what was typed into it, and the
 * stored flow.  The writes are in flow_save.c.  See workflow_int.h.
 */
#include <string.h>

#include "workflow_int.h"

#include "../../core/ctx.h"
#include "../../core/form.h"
#include "../../core/money.h"
#include "../../core/text.h"
#include "../../core/xd.h"
#include "../../db/db.h"

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

/* ==================================================================== */
/* Pages: flow definitions                                              */
/* ==================================================================== */

const char *const wf_approvers[] = {"role", "manager", "user", NULL};
const char *const wf_on_rejects[] = {"end", "requester", NULL};
const char *const wf_flow_statuses[] = {"active", "retired", NULL};

/* GET /workflow/flows */
int
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
const char *
wf_plain_money(struct ctx *c, int64_t fen)
{
    char buf[MONEY_BUFSZ];

    return arena_strdup(c->a, money_format(fen, 0, buf, sizeof(buf)));
}

/*
 * The flow form: the choices (document types, roles), then either what
 * was typed (from_req) or the stored flow and its steps (f, steps).
 * Returns the form element, or NULL after a database failure (recorded).
 */
xmlNodePtr
wf_flow_form(struct ctx *c, int64_t id, int from_req, const struct db_rows *f,
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
    wf_doc_types_xml(k);
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
                xd_attr(s, "min", wf_plain_money(c, d->min_amount));
            xd_attr(s, "on-reject", d->on_reject);
        }
    }
    return n;
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
int
wf_read_flow_form(struct ctx *c, struct flow_in *in)
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
    if (in->doc_type != NULL && wf_doc_type_find(in->doc_type) == NULL) {
        form_error(c, "doc_type", "bad_choice", "not one of the choices");
        in->doc_type = NULL;
    }
    in->status = form_enum(c, "status", 0, wf_flow_statuses);
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
        s.approver = form_enum(c, f_appr, FORM_REQUIRED, wf_approvers);
        s.on_reject =
            form_enum(c, row_field(c, row, "reject"), 0, wf_on_rejects);
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

/* GET /workflow/flows/new */
int
wf_flow_new_form(struct ctx *c)
{
    return wf_flow_form(c, 0, 0, NULL, NULL, 0) != NULL ? 0 : -1;
}

/* The stored flow: 0 with f filled, 1 when missing (404 recorded), -1. */
int
wf_fetch_flow(struct ctx *c, int64_t id, struct db_rows *f,
              struct step_def **steps, size_t *n_steps)
{
    struct db_param p[1] = {DB_INT(id)};

    if (id < 0) {
        ctx_fail(c, 404, "not_found", "no such flow", NULL);
        return 1;
    }
    if (db_query(c->db, c->a, &sql_flow_get, p, 1, 0, 0, f) != 0 ||
        wf_load_steps(c, id, steps, n_steps) != 0)
        return ctx_db_fail(c);
    if (f->n_rows == 0) {
        ctx_fail(c, 404, "not_found", "no such flow", NULL);
        return 1;
    }
    return 0;
}

/* GET /workflow/flows/{id}/edit */
int
wf_flow_edit_form(struct ctx *c)
{
    int64_t id = route_arg_id(c->req, "id");
    struct db_rows f;
    struct step_def *steps;
    size_t n;

    if (wf_fetch_flow(c, id, &f, &steps, &n) != 0)
        return -1;
    return wf_flow_form(c, id, 0, &f, steps, n) != NULL ? 0 : -1;
}
