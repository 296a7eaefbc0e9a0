/*
 * unit.c - one unit: its page (GET /org/units/{id}: path, children,
 * staff, regions covered, history), the new and edit forms, their checks
 * and the saves, and the edit form again on a version conflict (409),
 * which the move form shares.  See org_int.h.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "org_int.h"

#include "../../core/audit.h"
#include "../../core/clock.h"
#include "../../core/form.h"
#include "../../core/page.h"
#include "../../core/text.h"
#include "../../core/xd.h"

static const char *const unit_kinds[] = {"hq",    "region", "branch", "office",
                                         "point", "dept",   NULL};

/* The ancestors of a unit inside the scope, top first: id, scope. */
DB_STATEMENT(sql_unit_path, 0,
             "SELECT u.id, u.code, u.name"
             " FROM org_closure c"
             " JOIN org_unit u ON u.id = c.ancestor_id"
             " WHERE c.descendant_id = ? AND c.depth > 0"
             " AND " SCOPE_OF_ANC " ORDER BY c.depth DESC");

DB_STATEMENT(sql_unit_children, 0,
             "SELECT u.id, u.kind, u.code, u.name, u.status,"
             " (SELECT COUNT(*) FROM staff s"
             " WHERE s.unit_id = u.id AND " STAFF_PRESENT ")"
             " FROM org_unit u"
             " WHERE u.parent_id = ?"
             " ORDER BY u.code");

DB_STATEMENT(sql_unit_staff, 0,
             "SELECT s.id, s.emp_no, s.name, s.position, s.phone, s.status"
             " FROM staff s"
             " WHERE s.unit_id = ?"
             " ORDER BY s.emp_no");

DB_STATEMENT(sql_unit_regions, 0,
             "SELECT r.id, r.kind, r.code, r.name"
             " FROM unit_region ur"
             " JOIN sales_region r ON r.id = ur.region_id"
             " WHERE ur.unit_id = ?"
             " ORDER BY r.code");

/* Is the code used by another unit: code, own id (0 for a new one). */
DB_STATEMENT(sql_unit_code_used, 0,
             "SELECT u.id FROM org_unit u WHERE u.code = ? AND u.id <> ?");

DB_STATEMENT(sql_unit_insert, 0,
             "INSERT INTO org_unit (id, parent_id, kind, code, name, func,"
             " address, phone, status, created_at, updated_at, version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, 1)");

DB_STATEMENT(sql_closure_self, 0,
             "INSERT INTO org_closure (ancestor_id, descendant_id, depth)"
             " VALUES (?, ?, 0)");

/* A new unit under its parent's ancestors: parent, new id.  (The new id
 * comes from the row just inserted, not from a parameter in the select
 * list, whose type PostgreSQL could not infer.) */
DB_STATEMENT(sql_closure_under, 0,
             "INSERT INTO org_closure (ancestor_id, descendant_id, depth)"
             " SELECT c.ancestor_id, u.id, c.depth + 1"
             " FROM org_closure c"
             " CROSS JOIN org_unit u"
             " WHERE c.descendant_id = ? AND u.id = ?");

DB_STATEMENT(sql_unit_update, 0,
             "UPDATE org_unit SET kind = ?, code = ?, name = ?, func = ?,"
             " address = ?, phone = ?, updated_at = ?, version = version + 1"
             " WHERE id = ? AND version = ?"
             " AND " SCOPE_OF_ID);

/* Columns of the unit page's lists, as attributes (xd_rows). */
static const char *const child_cols[] = {"id",   "kind",   "code",
                                         "name", "status", "staff"};
static const char *const member_cols[] = {"id",       "emp-no", "name",
                                          "position", "phone",  "status"};
static const char *const region_cols[] = {"id", "kind", "code", "name"};
static const char *const path_cols[] = {"id", "code", "name"};

/* The regions unit covers by code (sql_unit_regions: id, kind, code,
 * name) into *r, for the regions form (cover.c).  0 or -1. */
int
org_unit_region_rows(struct ctx *c, int64_t unit, struct db_rows *r)
{
    struct db_param p[1];

    p[0] = DB_INT(unit);
    return db_query(c->db, c->a, &sql_unit_regions, p, 1, 0, 0, r);
}

/* ==================================================================== */
/* Units: reading                                                       */
/* ==================================================================== */

/*
 * Fill <org-unit> for a unit the caller has fetched (row 0 of u): the
 * unit, its path inside the scope, children, staff, regions, history.
 */
int
org_unit_page(struct ctx *c, const struct db_rows *u)
{
    int64_t id = db_cell_int(u, 0, 0);
    struct db_param p[2];
    struct db_rows r;
    xmlNodePtr n;

    n = ctx_data(c, "org-unit");
    xd_cell(n, "id", u, 0, 0);
    xd_cell(n, "kind", u, 0, 2);
    xd_cell(n, "code", u, 0, 3);
    xd_cell(n, "name", u, 0, 4);
    xd_cell(n, "func", u, 0, 5);
    xd_cell(n, "address", u, 0, 6);
    xd_cell(n, "phone", u, 0, 7);
    xd_cell(n, "status", u, 0, 8);
    xd_cell(n, "version", u, 0, 9);
    xd_attr(n, "created-at", text_iso_ts(c->a, db_cell(u, 0, 10)));
    xd_attr(n, "updated-at", text_iso_ts(c->a, db_cell(u, 0, 11)));
    page_can(c, n, "can-edit", "org.edit");
    page_can(c, n, "can-edit-staff", "staff.edit");

    /* the way down from the scope root; the parent is its last step */
    p[0] = DB_INT(id);
    p[1] = DB_INT(scope_unit(c));
    if (db_query(c->db, c->a, &sql_unit_path, p, 2, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    xd_rows(xd_elem(n, "path"), "unit", &r, path_cols, XD_N(path_cols));
    if (r.n_rows > 0)
        xd_cell(n, "parent-id", u, 0, 1);

    p[0] = DB_INT(id);
    if (db_query(c->db, c->a, &sql_unit_children, p, 1, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    xd_rows(xd_elem(n, "children"), "unit", &r, child_cols, XD_N(child_cols));

    if (db_query(c->db, c->a, &sql_unit_staff, p, 1, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    xd_rows(xd_elem(n, "members"), "member", &r, member_cols,
            XD_N(member_cols));

    if (db_query(c->db, c->a, &sql_unit_regions, p, 1, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    xd_rows(xd_elem(n, "covered-regions"), "region", &r, region_cols,
            XD_N(region_cols));

    if (page_history(c, n, "org_unit", id, ORG_HISTORY) != 0)
        return ctx_db_fail(c);
    return 0;
}

/* GET /org/units/{id} */
int
org_unit_show(struct ctx *c)
{
    int64_t id = page_id(c);
    struct db_rows u;

    if (id < 0)
        return page_not_found(c, "org_unit", id);
    if (org_fetch_unit(c, id, &u) != 0)
        return ctx_db_fail(c);
    if (u.n_rows == 0)
        return page_not_found(c, "org_unit", id);
    return org_unit_page(c, &u);
}

/* ==================================================================== */
/* Units: create and edit                                               */
/* ==================================================================== */

static const char *const unit_echo[] = {
    "parent", "parent", "kind",    "kind",    "code",    "code",
    "name",   "name",   "func",    "func",    "address", "address",
    "phone",  "phone",  "version", "version", NULL};

/* The current values of a unit (row 0 of u) as attributes of n. */
void
org_unit_values(xmlNodePtr n, const struct db_rows *u)
{
    xd_cell(n, "parent", u, 0, 1);
    xd_cell(n, "kind", u, 0, 2);
    xd_cell(n, "code", u, 0, 3);
    xd_cell(n, "name", u, 0, 4);
    xd_cell(n, "func", u, 0, 5);
    xd_cell(n, "address", u, 0, 6);
    xd_cell(n, "phone", u, 0, 7);
    xd_cell(n, "status", u, 0, 8);
    xd_cell(n, "version", u, 0, 9);
}

/* A new <org-unit-form action="..."> for unit u (NULL: a new unit). */
xmlNodePtr
org_unit_form(struct ctx *c, const char *action, const struct db_rows *u)
{
    xmlNodePtr f = ctx_data(c, "org-unit-form");

    xd_attr(f, "action", action);
    if (u != NULL) {
        xd_cell(f, "id", u, 0, 0);
        /* what the unit is called now, for the heading */
        xd_cell(f, "current-code", u, 0, 3);
        xd_cell(f, "current-name", u, 0, 4);
    }
    return f;
}

/* GET /org/units/new?parent=ID */
int
org_unit_new(struct ctx *c)
{
    xmlNodePtr f = org_unit_form(c, "new", NULL);
    int64_t parent = param_int(c->req, "parent", 0);

    if (parent > 0)
        xd_attr_int(f, "parent", parent);
    xd_attr(f, "kind", "office");
    if (org_add_unit_options(c, f, 0) != 0)
        return ctx_db_fail(c);
    return 0;
}

/* The fields of the unit form, checked. */
struct unit_input {
    const char *kind, *code, *name, *func, *address, *phone;
};

static void
read_unit_input(struct ctx *c, struct unit_input *in)
{
    in->kind = form_enum(c, "kind", FORM_REQUIRED, unit_kinds);
    in->code = form_text(c, "code", FORM_REQUIRED, 40);
    in->name = form_text(c, "name", FORM_REQUIRED, 100);
    in->func = form_text(c, "func", 0, 200);
    in->address = form_text(c, "address", 0, 200);
    in->phone = form_text(c, "phone", 0, 40);
}

/*
 * The form again with what was typed (the status is already 422 or 409).
 * options: < 0 no unit choices, 0 every unit of the scope, > 0 all but the
 * subtree of that unit (the move form).
 */
int
org_unit_form_again(struct ctx *c, const char *action, const struct db_rows *u,
                    int64_t options, xmlNodePtr *out)
{
    xmlNodePtr f = org_unit_form(c, action, u);

    page_echo(c, f, unit_echo);
    if (options >= 0 && org_add_unit_options(c, f, options) != 0)
        return ctx_db_fail(c);
    if (out != NULL)
        *out = f;
    return 0;
}

struct unit_create {
    struct ctx *c;
    int64_t id, parent;
    const char *parent_label;
    struct unit_input in;
    time_t now;
};

static int
unit_create_uow(struct db *db, void *arg)
{
    struct unit_create *w = arg;
    struct ctx *c = w->c;
    struct db_param p[10];
    struct sbuf d;

    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->parent);
    p[2] = DB_TEXT(w->in.kind);
    p[3] = DB_TEXT(w->in.code);
    p[4] = DB_TEXT(w->in.name);
    p[5] = DB_TEXT(w->in.func);
    p[6] = DB_TEXT(w->in.address);
    p[7] = DB_TEXT(w->in.phone);
    p[8] = DB_TS(w->now);
    p[9] = DB_TS(w->now);
    if (db_exec(db, &sql_unit_insert, p, 10, NULL) != 0)
        return -1;
    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->id);
    if (db_exec(db, &sql_closure_self, p, 2, NULL) != 0)
        return -1;
    p[0] = DB_INT(w->parent);
    p[1] = DB_INT(w->id);
    if (db_exec(db, &sql_closure_under, p, 2, NULL) != 0)
        return -1;
    sbuf_init(&d, c->a, 256);
    audit_diff(&d, "parent", NULL, w->parent_label);
    audit_diff(&d, "kind", NULL, w->in.kind);
    audit_diff(&d, "code", NULL, w->in.code);
    audit_diff(&d, "name", NULL, w->in.name);
    audit_diff(&d, "func", NULL, w->in.func);
    audit_diff(&d, "address", NULL, w->in.address);
    audit_diff(&d, "phone", NULL, w->in.phone);
    return audit_write(c, "org_unit", w->id, "create", d.buf);
}

/* POST /org/units/new */
int
org_unit_create(struct ctx *c)
{
    struct unit_create w;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    rc = orgpick_form_unit(c, "parent", 0, &w.parent, &w.parent_label);
    if (rc < 0)
        return ctx_db_fail(c);
    read_unit_input(c, &w.in);
    if (org_check_unique(c, &sql_unit_code_used, "code", w.in.code, 0,
                         "this code is already in use") != 0)
        return ctx_db_fail(c);
    if (!form_ok(c))
        return org_unit_form_again(c, "new", NULL, 0, NULL);
    db_rollback(c->db); /* end the reads; the write is one unit */
    if (db_next_id(c->db, "org_unit", &w.id) != 0)
        return ctx_db_fail(c);
    w.now = clock_now();
    rc = db_uow(c->db, unit_create_uow, &w);
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "this code is already in use");
        return org_unit_form_again(c, "new", NULL, 0, NULL);
    }
    return ctx_redirect(c,
                        arena_printf(c->a, "/org/units/%lld", (long long)w.id));
}

/* GET /org/units/{id}/edit */
int
org_unit_edit(struct ctx *c)
{
    int64_t id = page_id(c);
    struct db_rows u;
    xmlNodePtr f;

    if (id < 0)
        return page_not_found(c, "org_unit", id);
    if (org_fetch_unit(c, id, &u) != 0)
        return ctx_db_fail(c);
    if (u.n_rows == 0)
        return page_not_found(c, "org_unit", id);
    f = org_unit_form(c, "edit", &u);
    org_unit_values(f, &u);
    return 0;
}

struct unit_update {
    struct ctx *c;
    int64_t id, version;
    const struct db_rows *before;
    struct unit_input in;
    time_t now;
};

static int
unit_update_uow(struct db *db, void *arg)
{
    struct unit_update *w = arg;
    struct ctx *c = w->c;
    const struct db_rows *b = w->before;
    struct db_param p[10];
    struct sbuf d;
    long n = 0;

    p[0] = DB_TEXT(w->in.kind);
    p[1] = DB_TEXT(w->in.code);
    p[2] = DB_TEXT(w->in.name);
    p[3] = DB_TEXT(w->in.func);
    p[4] = DB_TEXT(w->in.address);
    p[5] = DB_TEXT(w->in.phone);
    p[6] = DB_TS(w->now);
    p[7] = DB_INT(w->id);
    p[8] = DB_INT(w->version);
    p[9] = DB_INT(scope_unit(c));
    if (db_exec(db, &sql_unit_update, p, 10, &n) != 0)
        return -1;
    if (n == 0)
        return ORG_CONFLICT;
    /* the update matched the version read before: b is what it replaced */
    sbuf_init(&d, c->a, 256);
    audit_diff(&d, "kind", db_cell(b, 0, 2), w->in.kind);
    audit_diff(&d, "code", db_cell(b, 0, 3), w->in.code);
    audit_diff(&d, "name", db_cell(b, 0, 4), w->in.name);
    audit_diff(&d, "func", db_cell(b, 0, 5), w->in.func);
    audit_diff(&d, "address", db_cell(b, 0, 6), w->in.address);
    audit_diff(&d, "phone", db_cell(b, 0, 7), w->in.phone);
    return audit_write(c, "org_unit", w->id, "update", d.buf);
}

/* The edit form again with status 409: yours as typed, the current row in
 * <conflict>, and the current version in the form so a second save is a
 * deliberate overwrite. */
int
org_unit_conflict(struct ctx *c, const char *action, int64_t id)
{
    struct db_rows u;
    xmlNodePtr f = NULL, k;

    db_rollback(c->db);
    if (org_fetch_unit(c, id, &u) != 0)
        return ctx_db_fail(c);
    if (u.n_rows == 0)
        return page_not_found(c, "org_unit", id);
    page_conflict(c);
    if (org_unit_form_again(c, action, &u,
                            strcmp(action, "move") == 0 ? id : -1, &f) != 0)
        return -1;
    xmlUnsetProp(f, BAD_CAST "version");
    xd_cell(f, "version", &u, 0, 9);
    k = xd_elem(f, "conflict");
    org_unit_values(k, &u);
    return 0;
}

/* POST /org/units/{id}/edit */
int
org_unit_update(struct ctx *c)
{
    struct unit_update w;
    struct db_rows u;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = page_id(c);
    if (w.id < 0)
        return page_not_found(c, "org_unit", w.id);
    if (org_fetch_unit(c, w.id, &u) != 0)
        return ctx_db_fail(c);
    if (u.n_rows == 0)
        return page_not_found(c, "org_unit", w.id);
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version);
    read_unit_input(c, &w.in);
    if (org_check_unique(c, &sql_unit_code_used, "code", w.in.code, w.id,
                         "this code is already in use") != 0)
        return ctx_db_fail(c);
    if (!form_ok(c))
        return org_unit_form_again(c, "edit", &u, -1, NULL);
    if (w.version != db_cell_int(&u, 0, 9))
        return org_unit_conflict(c, "edit", w.id);
    w.before = &u;
    w.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, unit_update_uow, &w);
    if (rc == ORG_CONFLICT)
        return org_unit_conflict(c, "edit", w.id);
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "this code is already in use");
        return org_unit_form_again(c, "edit", &u, -1, NULL);
    }
    return ctx_redirect(c,
                        arena_printf(c->a, "/org/units/%lld", (long long)w.id));
}
