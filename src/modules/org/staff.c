/*
 * staff.c - the staff: the list (GET /staff: search, filter, sort, page),
 * one member's page, the new and edit forms, their checks and the saves,
 * and the edit form again on a version conflict (409).  See org_int.h.
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

/* A member's statuses and the list's sort orders: the form and the list
 * take them here, the parameter specs as choices (routes.c). */
const char *const org_staff_statuses[] = {"active", "leave", "left", NULL};
const char *const org_staff_sorts[] = {"name", "emp_no", "unit", "hire_on",
                                       NULL};

/*
 * The list's filter: scope; q (4: NULL test, name, emp_no, phone); unit
 * (3: NULL test, the unit, the scope -- the unit's subtree, and nothing
 * when the unit is outside the scope); status (2).
 */
#define STAFF_WHERE                                                            \
    " WHERE " SCOPE_OF_STAFF " AND (CAST(? AS VARCHAR(100)) IS NULL"           \
    " OR s.name LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"                          \
    " OR s.emp_no LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"                        \
    " OR s.phone LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "')"                        \
    " AND (CAST(? AS DECIMAL(19)) IS NULL"                                     \
    " OR s.unit_id IN (SELECT fc.descendant_id FROM org_closure fc"            \
    " JOIN org_closure fs ON fs.descendant_id = fc.ancestor_id"                \
    " WHERE fc.ancestor_id = ? AND fs.ancestor_id = ?))"                       \
    " AND (CAST(? AS VARCHAR(10)) IS NULL OR s.status = ?)"
#define STAFF_N_WHERE 10

#define STAFF_LIST                                                             \
    "SELECT s.id, s.emp_no, s.name, s.position, s.phone, s.status,"            \
    " s.hire_on, u.id, u.code, u.name"                                         \
    " FROM staff s"                                                            \
    " JOIN org_unit u ON u.id = s.unit_id" STAFF_WHERE

/* One whole statement per sort choice: no identifier comes from input. */
DB_STATEMENT(sql_staff_name_asc, DB_PAGED,
             STAFF_LIST " ORDER BY s.name ASC, s.emp_no ASC");
DB_STATEMENT(sql_staff_name_desc, DB_PAGED,
             STAFF_LIST " ORDER BY s.name DESC, s.emp_no DESC");
DB_STATEMENT(sql_staff_emp_asc, DB_PAGED, STAFF_LIST " ORDER BY s.emp_no ASC");
DB_STATEMENT(sql_staff_emp_desc, DB_PAGED,
             STAFF_LIST " ORDER BY s.emp_no DESC");
DB_STATEMENT(sql_staff_unit_asc, DB_PAGED,
             STAFF_LIST " ORDER BY u.code ASC, s.name ASC, s.emp_no ASC");
DB_STATEMENT(sql_staff_unit_desc, DB_PAGED,
             STAFF_LIST " ORDER BY u.code DESC, s.name DESC, s.emp_no DESC");
DB_STATEMENT(sql_staff_hire_asc, DB_PAGED,
             STAFF_LIST " ORDER BY s.hire_on ASC, s.emp_no ASC");
DB_STATEMENT(sql_staff_hire_desc, DB_PAGED,
             STAFF_LIST " ORDER BY s.hire_on DESC, s.emp_no DESC");

DB_STATEMENT(sql_staff_count, 0, "SELECT COUNT(*) FROM staff s" STAFF_WHERE);

/* One staff member in the scope: id, scope. */
DB_STATEMENT(sql_staff_get, 0,
             "SELECT s.id, s.unit_id, u.code, u.name, s.emp_no, s.name,"
             " s.position, s.phone, s.email, s.hire_on, s.status, s.user_id,"
             " s.version, s.created_at, s.updated_at, q.login"
             " FROM staff s"
             " JOIN org_unit u ON u.id = s.unit_id"
             " LEFT JOIN qd_user q ON q.id = s.user_id"
             " WHERE s.id = ?"
             " AND " SCOPE_OF_STAFF);

DB_STATEMENT(sql_staff_emp_used, 0,
             "SELECT s.id FROM staff s WHERE s.emp_no = ? AND s.id <> ?");

DB_STATEMENT(sql_staff_insert, 0,
             "INSERT INTO staff (id, unit_id, emp_no, name, position, phone,"
             " email, hire_on, status, created_at, updated_at, version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)");

/* The scope is checked on the row's current unit (the new unit was
 * checked by the handler). */
DB_STATEMENT(sql_staff_update, 0,
             "UPDATE staff SET unit_id = ?, emp_no = ?, name = ?,"
             " position = ?, phone = ?, email = ?, hire_on = ?, status = ?,"
             " updated_at = ?, version = version + 1"
             " WHERE id = ? AND version = ?"
             " AND " SCOPE_OF_UNIT);

/* Columns of the staff list, as attributes (xd_row). */
static const char *const staff_cols[] = {
    "id",     "emp-no", "name",    "position",  "phone",
    "status", NULL,     "unit-id", "unit-code", "unit-name"};

/* Fetch one staff member of the scope into *r (0 rows: missing/foreign). */
static int
fetch_staff(struct ctx *c, int64_t id, struct db_rows *r)
{
    struct db_param p[2];

    p[0] = DB_INT(id);
    p[1] = DB_INT(scope_unit(c));
    return db_query(c->db, c->a, &sql_staff_get, p, 2, 0, 0, r);
}

/* ==================================================================== */
/* Staff                                                                */
/* ==================================================================== */

static const struct db_sql *
staff_statement(const char *sort, int desc)
{
    static const struct db_sql *const table[][2] = {
        {&sql_staff_name_asc, &sql_staff_name_desc},
        {&sql_staff_emp_asc, &sql_staff_emp_desc},
        {&sql_staff_unit_asc, &sql_staff_unit_desc},
        {&sql_staff_hire_asc, &sql_staff_hire_desc},
    };

    for (int i = 0; org_staff_sorts[i] != NULL; i++)
        if (strcmp(org_staff_sorts[i], sort) == 0)
            return table[i][desc];
    return table[0][desc];
}

/* GET /staff */
int
org_staff_list(struct ctx *c)
{
    const char *q = param_text(c->req, "q");
    const char *status = param_text(c->req, "status");
    const char *sort = param_text(c->req, "sort");
    const char *dir = param_text(c->req, "dir");
    int64_t unit = param_int(c->req, "unit", 0);
    int64_t page = param_int(c->req, "page", 1);
    int desc = dir != NULL && strcmp(dir, "desc") == 0;
    struct db_param p[STAFF_N_WHERE];
    struct db_rows rows;
    xmlNodePtr list, filters;
    int64_t total, pages;
    const char *like;

    if (sort == NULL)
        sort = "name";
    like = q != NULL ? text_like(c->a, q, 1, 1) : NULL;
    p[0] = DB_INT(scope_unit(c));
    p[1] = DB_TEXT(q);
    p[2] = DB_TEXT(like);
    p[3] = DB_TEXT(like);
    p[4] = DB_TEXT(like);
    /* the NULL test may see a NULL; the comparisons always get an
     * integer (a NULL bound as text would not compare with a BIGINT) */
    p[5] = unit > 0 ? DB_INT(unit) : DB_NULLP;
    p[6] = DB_INT(unit > 0 ? unit : 0);
    p[7] = DB_INT(scope_unit(c));
    p[8] = DB_TEXT(status);
    p[9] = DB_TEXT(status);
    if (page_rows(c, ORG_STAFF_PAGE, &page, &total, &pages, &sql_staff_count, p,
                  STAFF_N_WHERE, staff_statement(sort, desc), p, STAFF_N_WHERE,
                  &rows) != 0)
        return -1;

    list = ctx_data(c, "staff-list");
    xd_attr(list, "q", q != NULL ? q : "");
    if (unit > 0)
        xd_attr_int(list, "unit", unit);
    xd_attr(list, "status", status);
    xd_attr(list, "sort", sort);
    xd_attr(list, "dir", desc ? "desc" : "asc");
    page_attrs(list, page, pages, total, ORG_STAFF_PAGE, rows.n_rows);
    page_can(c, list, "can-edit", "staff.edit");
    filters = xd_elem(list, "units");
    if (org_add_unit_options(c, filters, 0) != 0)
        return ctx_db_fail(c);
    for (size_t i = 0; i < rows.n_rows; i++) {
        xmlNodePtr n = xd_elem(list, "member");

        /* column 6 (hire_on) is a date: written apart, in ISO form */
        xd_row(n, &rows, i, staff_cols, XD_N(staff_cols));
        xd_attr(n, "hire-on", text_iso_date(c->a, db_cell(&rows, i, 6)));
    }
    return 0;
}

/* GET /staff/{id} */
int
org_staff_show(struct ctx *c)
{
    int64_t id = page_id(c);
    struct db_rows r;
    xmlNodePtr n;

    if (id < 0)
        return page_not_found(c, "staff", id);
    if (fetch_staff(c, id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "staff", id);
    n = ctx_data(c, "staff");
    xd_cell(n, "id", &r, 0, 0);
    xd_cell(n, "unit-id", &r, 0, 1);
    xd_cell(n, "unit-code", &r, 0, 2);
    xd_cell(n, "unit-name", &r, 0, 3);
    xd_cell(n, "emp-no", &r, 0, 4);
    xd_cell(n, "name", &r, 0, 5);
    xd_cell(n, "position", &r, 0, 6);
    xd_cell(n, "phone", &r, 0, 7);
    xd_cell(n, "email", &r, 0, 8);
    xd_attr(n, "hire-on", text_iso_date(c->a, db_cell(&r, 0, 9)));
    xd_cell(n, "status", &r, 0, 10);
    xd_cell(n, "version", &r, 0, 12);
    xd_attr(n, "created-at", text_iso_ts(c->a, db_cell(&r, 0, 13)));
    xd_attr(n, "updated-at", text_iso_ts(c->a, db_cell(&r, 0, 14)));
    xd_cell(n, "login", &r, 0, 15);
    page_can(c, n, "can-edit", "staff.edit");
    if (page_history(c, n, "staff", id, ORG_HISTORY) != 0)
        return ctx_db_fail(c);
    return 0;
}

static const char *const staff_echo[] = {
    "unit",     "unit",   "emp_no",  "emp-no",  "name",  "name",    "position",
    "position", "phone",  "phone",   "email",   "email", "hire_on", "hire-on",
    "status",   "status", "version", "version", NULL};

/* The current values of a staff row (row 0 of s) as attributes of n. */
static void
staff_values(struct ctx *c, xmlNodePtr n, const struct db_rows *s)
{
    xd_cell(n, "unit", s, 0, 1);
    xd_cell(n, "emp-no", s, 0, 4);
    xd_cell(n, "name", s, 0, 5);
    xd_cell(n, "position", s, 0, 6);
    xd_cell(n, "phone", s, 0, 7);
    xd_cell(n, "email", s, 0, 8);
    xd_attr(n, "hire-on", text_iso_date(c->a, db_cell(s, 0, 9)));
    xd_cell(n, "status", s, 0, 10);
    xd_cell(n, "version", s, 0, 12);
}

/* <staff-form action=...> for staff row s (NULL: new), with the units. */
static int
staff_form(struct ctx *c, const char *action, const struct db_rows *s, int echo,
           xmlNodePtr *out)
{
    xmlNodePtr f = ctx_data(c, "staff-form");

    xd_attr(f, "action", action);
    if (s != NULL) {
        xd_cell(f, "id", s, 0, 0);
        xd_cell(f, "current-name", s, 0, 5);
        xd_cell(f, "current-emp-no", s, 0, 4);
    }
    if (echo)
        page_echo(c, f, staff_echo);
    if (org_add_unit_options(c, f, 0) != 0)
        return ctx_db_fail(c);
    if (out != NULL)
        *out = f;
    return 0;
}

/* GET /staff/new?unit=ID */
int
org_staff_new(struct ctx *c)
{
    xmlNodePtr f = NULL;
    int64_t unit = param_int(c->req, "unit", 0);

    if (staff_form(c, "new", NULL, 0, &f) != 0)
        return -1;
    if (unit > 0)
        xd_attr_int(f, "unit", unit);
    xd_attr(f, "status", "active");
    return 0;
}

struct staff_input {
    int64_t unit;
    const char *unit_label;
    const char *emp_no, *name, *position, *phone, *email, *hire_on, *status;
};

/* Read and check the staff form; the unit must be in the scope (keep:
 * the member's unit now, 0 for a new one).  0 or -1. */
static int
read_staff_input(struct ctx *c, int64_t keep, struct staff_input *in)
{
    if (orgpick_form_unit(c, "unit", keep, &in->unit, &in->unit_label) < 0)
        return -1;
    in->emp_no = form_text(c, "emp_no", FORM_REQUIRED, 20);
    in->name = form_text(c, "name", FORM_REQUIRED, 60);
    in->position = form_text(c, "position", 0, 60);
    in->phone = form_text(c, "phone", 0, 40);
    in->email = form_text(c, "email", 0, 120);
    if (in->email != NULL && !text_email_ok(in->email)) {
        form_error(c, "email", "bad_email",
                   "an e-mail address such as "
                   "name@example.com");
        in->email = NULL;
    }
    in->hire_on = form_date(c, "hire_on", 0);
    in->status = form_enum(c, "status", FORM_REQUIRED, org_staff_statuses);
    return 0;
}

struct staff_write {
    struct ctx *c;
    int64_t id, version;
    struct staff_input in;
    const struct db_rows *before;
    time_t now;
};

static void
staff_audit_all(struct sbuf *d, const struct staff_input *in)
{
    audit_diff(d, "unit", NULL, in->unit_label);
    audit_diff(d, "emp_no", NULL, in->emp_no);
    audit_diff(d, "name", NULL, in->name);
    audit_diff(d, "position", NULL, in->position);
    audit_diff(d, "phone", NULL, in->phone);
    audit_diff(d, "email", NULL, in->email);
    audit_diff(d, "hire_on", NULL, in->hire_on);
    audit_diff(d, "status", NULL, in->status);
}

static int
staff_create_uow(struct db *db, void *arg)
{
    struct staff_write *w = arg;
    struct db_param p[11];
    struct sbuf d;

    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->in.unit);
    p[2] = DB_TEXT(w->in.emp_no);
    p[3] = DB_TEXT(w->in.name);
    p[4] = DB_TEXT(w->in.position);
    p[5] = DB_TEXT(w->in.phone);
    p[6] = DB_TEXT(w->in.email);
    p[7] = DB_TEXT(w->in.hire_on);
    p[8] = DB_TEXT(w->in.status);
    p[9] = DB_TS(w->now);
    p[10] = DB_TS(w->now);
    if (db_exec(db, &sql_staff_insert, p, 11, NULL) != 0)
        return -1;
    sbuf_init(&d, w->c->a, 256);
    staff_audit_all(&d, &w->in);
    return audit_write(w->c, "staff", w->id, "create", d.buf);
}

/* POST /staff/new */
int
org_staff_create(struct ctx *c)
{
    struct staff_write w;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    if (read_staff_input(c, 0, &w.in) != 0)
        return ctx_db_fail(c);
    if (org_check_unique(c, &sql_staff_emp_used, "emp_no", w.in.emp_no, 0,
                         "this employee number is already in use") != 0)
        return ctx_db_fail(c);
    if (!form_ok(c))
        return staff_form(c, "new", NULL, 1, NULL);
    db_rollback(c->db);
    if (db_next_id(c->db, "staff", &w.id) != 0)
        return ctx_db_fail(c);
    w.now = clock_now();
    rc = db_uow(c->db, staff_create_uow, &w);
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "emp_no", "code_taken",
                   "this employee number is already in use");
        return staff_form(c, "new", NULL, 1, NULL);
    }
    return ctx_redirect(c, arena_printf(c->a, "/staff/%lld", (long long)w.id));
}

/* GET /staff/{id}/edit */
int
org_staff_edit(struct ctx *c)
{
    int64_t id = page_id(c);
    struct db_rows s;
    xmlNodePtr f = NULL;

    if (id < 0)
        return page_not_found(c, "staff", id);
    if (fetch_staff(c, id, &s) != 0)
        return ctx_db_fail(c);
    if (s.n_rows == 0)
        return page_not_found(c, "staff", id);
    if (staff_form(c, "edit", &s, 0, &f) != 0)
        return -1;
    staff_values(c, f, &s);
    return 0;
}

static int
staff_update_uow(struct db *db, void *arg)
{
    struct staff_write *w = arg;
    struct ctx *c = w->c;
    const struct db_rows *b = w->before;
    struct db_param p[12];
    struct sbuf d;
    long n = 0;

    p[0] = DB_INT(w->in.unit);
    p[1] = DB_TEXT(w->in.emp_no);
    p[2] = DB_TEXT(w->in.name);
    p[3] = DB_TEXT(w->in.position);
    p[4] = DB_TEXT(w->in.phone);
    p[5] = DB_TEXT(w->in.email);
    p[6] = DB_TEXT(w->in.hire_on);
    p[7] = DB_TEXT(w->in.status);
    p[8] = DB_TS(w->now);
    p[9] = DB_INT(w->id);
    p[10] = DB_INT(w->version);
    p[11] = DB_INT(scope_unit(c));
    if (db_exec(db, &sql_staff_update, p, 12, &n) != 0)
        return -1;
    if (n == 0)
        return ORG_CONFLICT;
    sbuf_init(&d, c->a, 256);
    audit_diff(&d, "unit", page_label(c, db_cell(b, 0, 2), db_cell(b, 0, 3)),
               w->in.unit_label);
    audit_diff(&d, "emp_no", db_cell(b, 0, 4), w->in.emp_no);
    audit_diff(&d, "name", db_cell(b, 0, 5), w->in.name);
    audit_diff(&d, "position", db_cell(b, 0, 6), w->in.position);
    audit_diff(&d, "phone", db_cell(b, 0, 7), w->in.phone);
    audit_diff(&d, "email", db_cell(b, 0, 8), w->in.email);
    audit_diff(&d, "hire_on", text_iso_date(c->a, db_cell(b, 0, 9)),
               w->in.hire_on);
    audit_diff(&d, "status", db_cell(b, 0, 10), w->in.status);
    return audit_write(c, "staff", w->id, "update", d.buf);
}

/* The staff form again with 409 and the current row. */
static int
staff_conflict(struct ctx *c, int64_t id)
{
    struct db_rows s;
    xmlNodePtr f = NULL, k;

    db_rollback(c->db);
    if (fetch_staff(c, id, &s) != 0)
        return ctx_db_fail(c);
    if (s.n_rows == 0)
        return page_not_found(c, "staff", id);
    page_conflict(c);
    if (staff_form(c, "edit", &s, 1, &f) != 0)
        return -1;
    xmlUnsetProp(f, BAD_CAST "version");
    xd_cell(f, "version", &s, 0, 12);
    k = xd_elem(f, "conflict");
    staff_values(c, k, &s);
    return 0;
}

/* POST /staff/{id}/edit */
int
org_staff_update(struct ctx *c)
{
    struct staff_write w;
    struct db_rows s;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = page_id(c);
    if (w.id < 0)
        return page_not_found(c, "staff", w.id);
    if (fetch_staff(c, w.id, &s) != 0)
        return ctx_db_fail(c);
    if (s.n_rows == 0)
        return page_not_found(c, "staff", w.id);
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version);
    if (read_staff_input(c, db_cell_int(&s, 0, 1), &w.in) != 0)
        return ctx_db_fail(c);
    if (org_check_unique(c, &sql_staff_emp_used, "emp_no", w.in.emp_no, w.id,
                         "this employee number is already in use") != 0)
        return ctx_db_fail(c);
    if (!form_ok(c))
        return staff_form(c, "edit", &s, 1, NULL);
    if (w.version != db_cell_int(&s, 0, 12))
        return staff_conflict(c, w.id);
    w.before = &s;
    w.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, staff_update_uow, &w);
    if (rc == ORG_CONFLICT)
        return staff_conflict(c, w.id);
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "emp_no", "code_taken",
                   "this employee number is already in use");
        return staff_form(c, "edit", &s, 1, NULL);
    }
    return ctx_redirect(c, arena_printf(c->a, "/staff/%lld", (long long)w.id));
}
