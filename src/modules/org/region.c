/*
 * region.c - the sales regions: the new and edit forms, their checks and
 * the saves (the region closure written with a new region), and the edit
 * form again on a version conflict (409).  The tree itself is in tree.c.
 * See org_int.h.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "org_int.h"

#include "../../core/audit.h"
#include "../../core/form.h"
#include "../../core/page.h"
#include "../../core/xd.h"

static const char *const region_kinds[] = {"country", "area",     "province",
                                           "city",    "district", NULL};

DB_STATEMENT(sql_region_get, 0,
             "SELECT r.id, r.parent_id, r.kind, r.code, r.name, r.version,"
             " p.code, p.name"
             " FROM sales_region r"
             " LEFT JOIN sales_region p ON p.id = r.parent_id"
             " WHERE r.id = ?");

DB_STATEMENT(sql_region_code_used, 0,
             "SELECT r.id FROM sales_region r WHERE r.code = ? AND r.id <> ?");

/* Two inserts rather than one with a NULL parent: a NULL bound as text
 * cannot go into a BIGINT column on every engine. */
DB_STATEMENT(sql_region_insert, 0,
             "INSERT INTO sales_region (id, parent_id, kind, code, name,"
             " version)"
             " VALUES (?, ?, ?, ?, ?, 1)");
DB_STATEMENT(sql_region_insert_root, 0,
             "INSERT INTO sales_region (id, kind, code, name, version)"
             " VALUES (?, ?, ?, ?, 1)");

DB_STATEMENT(sql_rclosure_self, 0,
             "INSERT INTO region_closure (ancestor_id, descendant_id, depth)"
             " VALUES (?, ?, 0)");

DB_STATEMENT(sql_rclosure_under, 0,
             "INSERT INTO region_closure (ancestor_id, descendant_id, depth)"
             " SELECT c.ancestor_id, r.id, c.depth + 1"
             " FROM region_closure c"
             " CROSS JOIN sales_region r"
             " WHERE c.descendant_id = ? AND r.id = ?");

DB_STATEMENT(sql_region_update, 0,
             "UPDATE sales_region SET kind = ?, code = ?, name = ?,"
             " version = version + 1"
             " WHERE id = ? AND version = ?");

/* ==================================================================== */
/* Regions                                                              */
/* ==================================================================== */

static const char *const region_echo[] = {"parent",  "parent",  "kind", "kind",
                                          "code",    "code",    "name", "name",
                                          "version", "version", NULL};

static int
fetch_region(struct ctx *c, int64_t id, struct db_rows *r)
{
    struct db_param p[1];

    p[0] = DB_INT(id);
    return db_query(c->db, c->a, &sql_region_get, p, 1, 0, 0, r);
}

/* <region-form action=...> for region g (NULL: new), with the parent
 * choices for a new one. */
static int
region_form(struct ctx *c, const char *action, const struct db_rows *g,
            int echo, xmlNodePtr *out)
{
    xmlNodePtr f = ctx_data(c, "region-form");

    xd_attr(f, "action", action);
    if (g != NULL) {
        xd_cell(f, "id", g, 0, 0);
        xd_cell(f, "current-code", g, 0, 3);
        xd_cell(f, "current-name", g, 0, 4);
        xd_cell(f, "parent-code", g, 0, 6);
        xd_cell(f, "parent-name", g, 0, 7);
    }
    if (echo)
        page_echo(c, f, region_echo);
    if (g == NULL && org_add_region_options(c, f, 0, NULL) != 0)
        return ctx_db_fail(c);
    if (out != NULL)
        *out = f;
    return 0;
}

static void
region_values(xmlNodePtr n, const struct db_rows *g)
{
    xd_cell(n, "parent", g, 0, 1);
    xd_cell(n, "kind", g, 0, 2);
    xd_cell(n, "code", g, 0, 3);
    xd_cell(n, "name", g, 0, 4);
    xd_cell(n, "version", g, 0, 5);
}

/* GET /org/regions/new?parent=ID */
int
org_region_new(struct ctx *c)
{
    xmlNodePtr f = NULL;
    int64_t parent = param_int(c->req, "parent", 0);

    if (region_form(c, "new", NULL, 0, &f) != 0)
        return -1;
    if (parent > 0)
        xd_attr_int(f, "parent", parent);
    xd_attr(f, "kind", "city");
    return 0;
}

struct region_write {
    struct ctx *c;
    int64_t id, parent, version;
    const char *kind, *code, *name;
    const char *parent_label;
    const struct db_rows *before;
};

static int
region_create_uow(struct db *db, void *arg)
{
    struct region_write *w = arg;
    struct db_param p[5];
    struct sbuf d;

    p[0] = DB_INT(w->id);
    if (w->parent > 0) {
        p[1] = DB_INT(w->parent);
        p[2] = DB_TEXT(w->kind);
        p[3] = DB_TEXT(w->code);
        p[4] = DB_TEXT(w->name);
        if (db_exec(db, &sql_region_insert, p, 5, NULL) != 0)
            return -1;
    } else {
        p[1] = DB_TEXT(w->kind);
        p[2] = DB_TEXT(w->code);
        p[3] = DB_TEXT(w->name);
        if (db_exec(db, &sql_region_insert_root, p, 4, NULL) != 0)
            return -1;
    }
    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->id);
    if (db_exec(db, &sql_rclosure_self, p, 2, NULL) != 0)
        return -1;
    if (w->parent > 0) {
        p[0] = DB_INT(w->parent);
        p[1] = DB_INT(w->id);
        if (db_exec(db, &sql_rclosure_under, p, 2, NULL) != 0)
            return -1;
    }
    sbuf_init(&d, w->c->a, 128);
    audit_diff(&d, "parent", NULL, w->parent_label);
    audit_diff(&d, "kind", NULL, w->kind);
    audit_diff(&d, "code", NULL, w->code);
    audit_diff(&d, "name", NULL, w->name);
    return audit_write(w->c, "sales_region", w->id, "create", d.buf);
}

/* POST /org/regions/new */
int
org_region_create(struct ctx *c)
{
    struct region_write w;
    struct db_rows g;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    if (form_int(c, "parent", 0, 1, INT64_MAX, &w.parent) == 0 &&
        w.parent > 0) {
        if (fetch_region(c, w.parent, &g) != 0)
            return ctx_db_fail(c);
        if (g.n_rows == 0)
            form_error(c, "parent", "no_such_region", "no such region");
        else
            w.parent_label =
                page_label(c, db_cell(&g, 0, 3), db_cell(&g, 0, 4));
    }
    w.kind = form_enum(c, "kind", FORM_REQUIRED, region_kinds);
    w.code = form_text(c, "code", FORM_REQUIRED, 40);
    w.name = form_text(c, "name", FORM_REQUIRED, 100);
    if (org_check_unique(c, &sql_region_code_used, "code", w.code, 0,
                         "this code is already in use") != 0)
        return ctx_db_fail(c);
    if (!form_ok(c))
        return region_form(c, "new", NULL, 1, NULL);
    db_rollback(c->db);
    if (db_next_id(c->db, "sales_region", &w.id) != 0)
        return ctx_db_fail(c);
    rc = db_uow(c->db, region_create_uow, &w);
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "this code is already in use");
        return region_form(c, "new", NULL, 1, NULL);
    }
    return ctx_redirect(c, "/org/regions");
}

/* GET /org/regions/{id}/edit */
int
org_region_edit(struct ctx *c)
{
    int64_t id = page_id(c);
    struct db_rows g;
    xmlNodePtr f = NULL;

    if (id < 0)
        return page_not_found(c, "sales_region", 0);
    if (fetch_region(c, id, &g) != 0)
        return ctx_db_fail(c);
    if (g.n_rows == 0)
        return page_not_found(c, "sales_region", 0);
    if (region_form(c, "edit", &g, 0, &f) != 0)
        return -1;
    region_values(f, &g);
    return 0;
}

static int
region_update_uow(struct db *db, void *arg)
{
    struct region_write *w = arg;
    const struct db_rows *b = w->before;
    struct db_param p[5];
    struct sbuf d;
    long n = 0;

    p[0] = DB_TEXT(w->kind);
    p[1] = DB_TEXT(w->code);
    p[2] = DB_TEXT(w->name);
    p[3] = DB_INT(w->id);
    p[4] = DB_INT(w->version);
    if (db_exec(db, &sql_region_update, p, 5, &n) != 0)
        return -1;
    if (n == 0)
        return ORG_CONFLICT;
    sbuf_init(&d, w->c->a, 128);
    audit_diff(&d, "kind", db_cell(b, 0, 2), w->kind);
    audit_diff(&d, "code", db_cell(b, 0, 3), w->code);
    audit_diff(&d, "name", db_cell(b, 0, 4), w->name);
    return audit_write(w->c, "sales_region", w->id, "update", d.buf);
}

/* The region form again with 409 and the current row. */
static int
region_conflict(struct ctx *c, int64_t id)
{
    struct db_rows g;
    xmlNodePtr f = NULL, k;

    db_rollback(c->db);
    if (fetch_region(c, id, &g) != 0)
        return ctx_db_fail(c);
    if (g.n_rows == 0)
        return page_not_found(c, "sales_region", 0);
    page_conflict(c);
    if (region_form(c, "edit", &g, 1, &f) != 0)
        return -1;
    xmlUnsetProp(f, BAD_CAST "version");
    xd_cell(f, "version", &g, 0, 5);
    k = xd_elem(f, "conflict");
    region_values(k, &g);
    return 0;
}

/* POST /org/regions/{id}/edit */
int
org_region_update(struct ctx *c)
{
    struct region_write w;
    struct db_rows g;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = page_id(c);
    if (w.id < 0)
        return page_not_found(c, "sales_region", 0);
    if (fetch_region(c, w.id, &g) != 0)
        return ctx_db_fail(c);
    if (g.n_rows == 0)
        return page_not_found(c, "sales_region", 0);
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version);
    w.kind = form_enum(c, "kind", FORM_REQUIRED, region_kinds);
    w.code = form_text(c, "code", FORM_REQUIRED, 40);
    w.name = form_text(c, "name", FORM_REQUIRED, 100);
    if (org_check_unique(c, &sql_region_code_used, "code", w.code, w.id,
                         "this code is already in use") != 0)
        return ctx_db_fail(c);
    if (!form_ok(c))
        return region_form(c, "edit", &g, 1, NULL);
    if (w.version != db_cell_int(&g, 0, 5))
        return region_conflict(c, w.id);
    w.before = &g;
    db_rollback(c->db);
    rc = db_uow(c->db, region_update_uow, &w);
    if (rc == ORG_CONFLICT)
        return region_conflict(c, w.id);
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "this code is already in use");
        return region_form(c, "edit", &g, 1, NULL);
    }
    return ctx_redirect(c, "/org/regions");
}
