/*
 * grade.c - the grades, the company's price policy (not scoped): GET
 * /grades, the new and edit forms and their saves; one grade and the
 * grade options, which the party pages use too.  See party_int.h.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "party_int.h"

#include "../../core/audit.h"
#include "../../core/ctx.h"
#include "../../core/form.h"
#include "../../core/money.h"
#include "../../core/page.h"
#include "../../core/xd.h"
#include "../../db/db.h"

static const char *const grade_statuses[] = {"active", "retired", NULL};

DB_STATEMENT(sql_grade_all, 0,
             "SELECT g.id, g.code, g.name, g.discount, g.sort_key, g.status,"
             " g.note,"
             " (SELECT COUNT(*) FROM party p WHERE p.grade_id = g.id)"
             " FROM party_grade g"
             " ORDER BY g.sort_key, g.code");

DB_STATEMENT(sql_grade_get, 0,
             "SELECT g.id, g.code, g.name, g.discount, g.sort_key, g.note,"
             " g.status, g.version"
             " FROM party_grade g"
             " WHERE g.id = ?");

DB_STATEMENT(sql_grade_code_used, 0,
             "SELECT g.id FROM party_grade g WHERE g.code = ? AND g.id <> ?");

DB_STATEMENT(sql_grade_insert, 0,
             "INSERT INTO party_grade (id, code, name, discount, sort_key,"
             " note, status, version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, 1)");

DB_STATEMENT(sql_grade_update, 0,
             "UPDATE party_grade SET code = ?, name = ?, discount = ?,"
             " sort_key = ?, note = ?, status = ?, version = version + 1"
             " WHERE id = ? AND version = ?");

/* A rate in basis points as a percentage, "8.50". */
static const char *
rate_text(struct ctx *c, int64_t bp)
{
    char buf[MONEY_BUFSZ];

    return arena_strdup(c->a, money_format(bp, 0, buf, sizeof(buf)));
}

/* Fetch grade id into *r (0 rows: none).  The result of db_query. */
int
party_fetch_grade(struct ctx *c, int64_t id, struct db_rows *r)
{
    struct db_param p[1];

    p[0] = DB_INT(id);
    return db_query(c->db, c->a, &sql_grade_get, p, 1, 0, 0, r);
}

/* Every grade as <grade-option id code name status/>. */
int
party_add_grade_options(struct ctx *c, xmlNodePtr parent)
{
    struct db_rows r;

    if (db_query(c->db, c->a, &sql_grade_all, NULL, 0, 0, 0, &r) != 0)
        return -1;
    for (size_t i = 0; i < r.n_rows; i++) {
        xmlNodePtr o = xd_elem(parent, "grade-option");

        xd_cell(o, "id", &r, i, 0);
        xd_cell(o, "code", &r, i, 1);
        xd_cell(o, "name", &r, i, 2);
        xd_cell(o, "status", &r, i, 5);
    }
    return 0;
}

/* ==================================================================== */
/* Grades                                                               */
/* ==================================================================== */

/* GET /grades */
int
party_grade_list(struct ctx *c)
{
    struct db_rows r;
    xmlNodePtr list;

    if (db_query(c->db, c->a, &sql_grade_all, NULL, 0, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    list = ctx_data(c, "grades");
    page_can(c, list, "can-edit", "grade.edit");
    for (size_t i = 0; i < r.n_rows; i++) {
        xmlNodePtr n = xd_elem(list, "grade");

        xd_cell(n, "id", &r, i, 0);
        xd_cell(n, "code", &r, i, 1);
        xd_cell(n, "name", &r, i, 2);
        xd_cell(n, "discount", &r, i, 3);
        xd_attr(n, "discount-text", rate_text(c, db_cell_int(&r, i, 3)));
        xd_cell(n, "sort-key", &r, i, 4);
        xd_cell(n, "status", &r, i, 5);
        xd_cell(n, "note", &r, i, 6);
        xd_cell(n, "parties", &r, i, 7);
    }
    return 0;
}

static const char *const grade_echo[] = {
    "code",     "code",     "name",     "name",    "discount",
    "discount", "sort_key", "sort-key", "note",    "note",
    "status",   "status",   "version",  "version", NULL};

/* The stored values of a grade (row 0 of g) as form attributes of n. */
static void
grade_values(struct ctx *c, xmlNodePtr n, const struct db_rows *g)
{
    xd_cell(n, "code", g, 0, 1);
    xd_cell(n, "name", g, 0, 2);
    xd_attr(n, "discount", rate_text(c, db_cell_int(g, 0, 3)));
    xd_cell(n, "sort-key", g, 0, 4);
    xd_cell(n, "note", g, 0, 5);
    xd_cell(n, "status", g, 0, 6);
    xd_cell(n, "version", g, 0, 7);
}

static xmlNodePtr
grade_form(struct ctx *c, const char *action, const struct db_rows *g, int echo)
{
    xmlNodePtr f = ctx_data(c, "grade-form");

    xd_attr(f, "action", action);
    if (g != NULL) {
        xd_cell(f, "id", g, 0, 0);
        xd_cell(f, "current-code", g, 0, 1);
        xd_cell(f, "current-name", g, 0, 2);
    }
    if (echo)
        page_echo(c, f, grade_echo);
    return f;
}

/* GET /grades/new */
int
party_grade_new(struct ctx *c)
{
    xmlNodePtr f = grade_form(c, "new", NULL, 0);

    xd_attr(f, "discount", "0.00");
    xd_attr(f, "sort-key", "0");
    xd_attr(f, "status", "active");
    return 0;
}

struct grade_write {
    struct ctx *c;
    int64_t id, version, discount, sort_key;
    const char *code, *name, *note, *status;
    const struct db_rows *before;
};

static void
read_grade_input(struct ctx *c, struct grade_write *w)
{
    const char *d;

    w->code = form_text(c, "code", FORM_REQUIRED, 20);
    w->name = form_text(c, "name", FORM_REQUIRED, 60);
    w->note = form_text(c, "note", 0, 200);
    w->status = form_enum(c, "status", FORM_REQUIRED, grade_statuses);
    w->sort_key = 0;
    form_int(c, "sort_key", 0, -1000000, 1000000, &w->sort_key);
    d = form_text(c, "discount", 0, 10);
    w->discount = 0;
    /* a percentage with at most two decimals is exactly an amount in
     * hundredths: basis points */
    if (d != NULL && (money_parse(d, &w->discount) != 0 || w->discount < 0 ||
                      w->discount > 10000)) {
        form_error(c, "discount", "bad_rate",
                   "a percentage from 0 to 100 with at most two decimals");
        w->discount = 0;
    }
}

static int
grade_create_uow(struct db *db, void *arg)
{
    struct grade_write *w = arg;
    struct db_param p[7];
    struct sbuf d;

    p[0] = DB_INT(w->id);
    p[1] = DB_TEXT(w->code);
    p[2] = DB_TEXT(w->name);
    p[3] = DB_INT(w->discount);
    p[4] = DB_INT(w->sort_key);
    p[5] = DB_TEXT(w->note);
    p[6] = DB_TEXT(w->status);
    if (db_exec(db, &sql_grade_insert, p, 7, NULL) != 0)
        return -1;
    sbuf_init(&d, w->c->a, 128);
    audit_diff(&d, "code", NULL, w->code);
    audit_diff(&d, "name", NULL, w->name);
    audit_diff(&d, "discount", NULL, rate_text(w->c, w->discount));
    audit_diff(&d, "sort_key", NULL,
               arena_printf(w->c->a, "%lld", (long long)w->sort_key));
    audit_diff(&d, "note", NULL, w->note);
    audit_diff(&d, "status", NULL, w->status);
    return audit_write(w->c, "party_grade", w->id, "create", d.buf);
}

/* POST /grades/new */
int
party_grade_create(struct ctx *c)
{
    struct grade_write w;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    read_grade_input(c, &w);
    if (party_check_unique(c, &sql_grade_code_used, "code", w.code, 0) != 0)
        return ctx_db_fail(c);
    if (!form_ok(c)) {
        grade_form(c, "new", NULL, 1);
        return 0;
    }
    db_rollback(c->db);
    if (db_next_id(c->db, "party_grade", &w.id) != 0)
        return ctx_db_fail(c);
    rc = db_uow(c->db, grade_create_uow, &w);
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "code taken");
        grade_form(c, "new", NULL, 1);
        return 0;
    }
    return ctx_redirect(c, "/grades");
}

/* GET /grades/{id}/edit */
int
party_grade_edit(struct ctx *c)
{
    int64_t id = page_id(c);
    struct db_rows g;

    if (id < 0)
        return page_not_found(c, "party_grade", 0);
    if (party_fetch_grade(c, id, &g) != 0)
        return ctx_db_fail(c);
    if (g.n_rows == 0)
        return page_not_found(c, "party_grade", 0);
    grade_values(c, grade_form(c, "edit", &g, 0), &g);
    return 0;
}

static int
grade_update_uow(struct db *db, void *arg)
{
    struct grade_write *w = arg;
    const struct db_rows *b = w->before;
    struct db_param p[8];
    struct sbuf d;
    long n = 0;

    p[0] = DB_TEXT(w->code);
    p[1] = DB_TEXT(w->name);
    p[2] = DB_INT(w->discount);
    p[3] = DB_INT(w->sort_key);
    p[4] = DB_TEXT(w->note);
    p[5] = DB_TEXT(w->status);
    p[6] = DB_INT(w->id);
    p[7] = DB_INT(w->version);
    if (db_exec(db, &sql_grade_update, p, 8, &n) != 0)
        return -1;
    if (n == 0)
        return PARTY_CONFLICT;
    sbuf_init(&d, w->c->a, 128);
    audit_diff(&d, "code", db_cell(b, 0, 1), w->code);
    audit_diff(&d, "name", db_cell(b, 0, 2), w->name);
    audit_diff(&d, "discount", rate_text(w->c, db_cell_int(b, 0, 3)),
               rate_text(w->c, w->discount));
    audit_diff(&d, "sort_key", db_cell(b, 0, 4),
               arena_printf(w->c->a, "%lld", (long long)w->sort_key));
    audit_diff(&d, "note", db_cell(b, 0, 5), w->note);
    audit_diff(&d, "status", db_cell(b, 0, 6), w->status);
    return audit_write(w->c, "party_grade", w->id, "update", d.buf);
}

/* The grade form again with 409 and the current row. */
static int
grade_conflict(struct ctx *c, int64_t id)
{
    struct db_rows g;
    xmlNodePtr f;

    db_rollback(c->db);
    if (party_fetch_grade(c, id, &g) != 0)
        return ctx_db_fail(c);
    if (g.n_rows == 0)
        return page_not_found(c, "party_grade", 0);
    page_conflict(c);
    f = grade_form(c, "edit", &g, 1);
    xmlUnsetProp(f, BAD_CAST "version");
    xd_cell(f, "version", &g, 0, 7);
    grade_values(c, xd_elem(f, "conflict"), &g);
    return 0;
}

/* POST /grades/{id}/edit */
int
party_grade_update(struct ctx *c)
{
    struct grade_write w;
    struct db_rows g;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = page_id(c);
    if (w.id < 0)
        return page_not_found(c, "party_grade", 0);
    if (party_fetch_grade(c, w.id, &g) != 0)
        return ctx_db_fail(c);
    if (g.n_rows == 0)
        return page_not_found(c, "party_grade", 0);
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version);
    read_grade_input(c, &w);
    if (party_check_unique(c, &sql_grade_code_used, "code", w.code, w.id) != 0)
        return ctx_db_fail(c);
    if (!form_ok(c)) {
        grade_form(c, "edit", &g, 1);
        return 0;
    }
    if (w.version != db_cell_int(&g, 0, 7))
        return grade_conflict(c, w.id);
    w.before = &g;
    db_rollback(c->db);
    rc = db_uow(c->db, grade_update_uow, &w);
    if (rc == PARTY_CONFLICT)
        return grade_conflict(c, w.id);
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "code taken");
        grade_form(c, "edit", &g, 1);
        return 0;
    }
    return ctx_redirect(c, "/grades");
}
