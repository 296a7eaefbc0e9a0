/*
 * roles.c - the role pages: the list, one role with its permissions, and
 * the new and edit forms over the permission catalog (every permission
 * some route needs).  See admin_int.h.
 */
#include <string.h>

#include "admin_int.h"

#include "../../core/auth.h"
#include "../../core/xd.h"

DB_STATEMENT(sql_roles_list, 0,
             "SELECT r.id, r.code, r.name, r.description,"
             " (SELECT COUNT(*) FROM role_perm rp WHERE rp.role_id = r.id),"
             " (SELECT COUNT(*) FROM user_role ur WHERE ur.role_id = r.id)"
             " FROM qd_role r"
             " ORDER BY r.code");
DB_STATEMENT(sql_role_get, 0,
             "SELECT r.id, r.code, r.name, r.description, r.version"
             " FROM qd_role r WHERE r.id = ?");
DB_STATEMENT(sql_role_perms, 0,
             "SELECT perm FROM role_perm WHERE role_id = ? ORDER BY perm");
DB_STATEMENT(sql_role_users, 0,
             "SELECT COUNT(*) FROM user_role WHERE role_id = ?");

/* ---- roles -------------------------------------------------------------- */

/*
 * The permission catalog: every permission some route needs (not the
 * public or signed-in markers), plus AUTH_PERM_ALL.  Sorted, in the arena.
 */
void
admin_catalog_load(struct ctx *c, struct strset *out)
{
    size_t n = route_count();

    out->v = arena_alloc(c->a, (n + 2) * sizeof(*out->v));
    out->n = 0;
    out->v[out->n++] = AUTH_PERM_ALL;
    for (size_t i = 0; i < n; i++) {
        const struct route *rt = route_at(i);

        if (rt == NULL || rt->perm == NULL ||
            strcmp(rt->perm, ROUTE_PUBLIC) == 0 ||
            strcmp(rt->perm, ROUTE_SIGNED_IN) == 0)
            continue;
        out->v[out->n++] = rt->perm;
    }
    admin_strset_finish(out);
}

/* Read a role's permissions (sorted) into out.  0 or -1. */
static int
role_perms_load(struct ctx *c, int64_t id, struct strset *out)
{
    struct db_param p[1];
    struct db_rows r;

    p[0] = DB_INT(id);
    if (db_query(c->db, c->a, &sql_role_perms, p, 1, 0, 0, &r) != 0)
        return -1;
    out->v = arena_alloc(c->a, (r.n_rows + 1) * sizeof(*out->v));
    out->n = r.n_rows;
    for (size_t i = 0; i < r.n_rows; i++)
        out->v[i] = db_cell(&r, i, 0);
    admin_strset_finish(out);
    return 0;
}

/* The module part of a permission ("order" of "order.confirm"). */
static const char *
perm_group(struct arena *a, const char *perm)
{
    const char *dot = strchr(perm, '.');

    return dot != NULL ? arena_strndup(a, perm, (size_t)(dot - perm)) : perm;
}

/*
 * <group name="order"><perm name="order.confirm" [checked] [known="0"]
 * [held="0"]/>...</group>... : the catalog and the role's stored
 * permissions (a stored one no route names any more is shown, marked
 * unknown, so that saving the form does not drop it silently).
 */
static void
put_perm_groups(struct ctx *c, xmlNodePtr parent, const struct strset *catalog,
                const struct strset *stored, const struct strset *checked)
{
    struct strset all;
    xmlNodePtr g = NULL;
    const char *cur = NULL;

    all.v = arena_alloc(c->a, (catalog->n + stored->n + 1) * sizeof(*all.v));
    all.n = 0;
    for (size_t i = 0; i < catalog->n; i++)
        all.v[all.n++] = catalog->v[i];
    for (size_t i = 0; i < stored->n; i++)
        all.v[all.n++] = stored->v[i];
    admin_strset_finish(&all);
    for (size_t i = 0; i < all.n; i++) {
        const char *grp = perm_group(c->a, all.v[i]);
        xmlNodePtr n;

        if (cur == NULL || strcmp(cur, grp) != 0) {
            g = xd_elem(parent, "group");
            xd_attr(g, "name", grp);
            cur = grp;
        }
        n = xd_elem(g, "perm");
        xd_attr(n, "name", all.v[i]);
        if (admin_strset_has(checked, all.v[i]))
            xd_attr(n, "checked", "1");
        if (!admin_strset_has(catalog, all.v[i]))
            xd_attr(n, "known", "0");
        if (!auth_can(c, all.v[i]))
            xd_attr(n, "held", "0");
    }
}

/* GET /admin/roles */
int
admin_roles(struct ctx *c)
{
    struct db_rows r;
    xmlNodePtr list;

    if (db_query(c->db, c->a, &sql_roles_list, NULL, 0, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    list = ctx_data(c, "roles");
    xd_attr_int(list, "total", (int64_t)r.n_rows);
    if (auth_can(c, "role.manage"))
        xd_attr(list, "manage", "1");
    for (size_t i = 0; i < r.n_rows; i++) {
        xmlNodePtr n = xd_elem(list, "role");

        xd_attr(n, "id", db_cell(&r, i, 0));
        xd_attr(n, "code", db_cell(&r, i, 1));
        xd_attr(n, "name", db_cell(&r, i, 2));
        xd_attr(n, "description", db_cell(&r, i, 3));
        xd_attr(n, "perms", db_cell(&r, i, 4));
        xd_attr(n, "users", db_cell(&r, i, 5));
    }
    return 0;
}

/* GET /admin/roles/{id} */
int
admin_role(struct ctx *c)
{
    int64_t id = route_arg_id(c->req, "id");
    struct db_param p[1];
    struct db_rows r, users;
    struct strset perms;
    xmlNodePtr n;

    if (id < 0)
        return ctx_fail(c, 404, "not_found", "no such role", NULL);
    p[0] = DB_INT(id);
    if (db_query(c->db, c->a, &sql_role_get, p, 1, 0, 0, &r) != 0 ||
        db_query(c->db, c->a, &sql_role_users, p, 1, 0, 0, &users) != 0 ||
        role_perms_load(c, id, &perms) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return ctx_fail(c, 404, "not_found", "no such role", NULL);
    n = ctx_data(c, "role");
    xd_attr(n, "id", db_cell(&r, 0, 0));
    xd_attr(n, "code", db_cell(&r, 0, 1));
    xd_attr(n, "name", db_cell(&r, 0, 2));
    xd_attr(n, "description", db_cell(&r, 0, 3));
    xd_attr(n, "version", db_cell(&r, 0, 4));
    xd_attr_int(n, "users", db_cell_int(&users, 0, 0));
    if (auth_can(c, "role.manage"))
        xd_attr(n, "manage", "1");
    for (size_t i = 0; i < perms.n; i++)
        xd_attr(xd_elem(n, "perm"), "name", perms.v[i]);
    return 0;
}

/* <role-form> with ri's values; on a conflict, <current> with the stored
 * ones. */
int
admin_role_form_page(struct ctx *c, const struct role_in *ri)
{
    struct strset catalog;
    xmlNodePtr n = ctx_data(c, "role-form");

    admin_catalog_load(c, &catalog);
    if (ri->id > 0) {
        xd_attr_int(n, "id", ri->id);
        xd_attr_int(n, "version",
                    ri->pb == PB_CONFLICT ? ri->cur_version : ri->version);
    }
    xd_attr(n, "code", ri->code);
    xd_attr(n, "name", ri->name);
    xd_attr(n, "description", ri->description);
    put_perm_groups(c, n, &catalog, &ri->stored, &ri->perms);
    if (ri->pb == PB_CONFLICT) {
        xmlNodePtr cur = xd_elem(n, "current");

        xd_attr(cur, "code", ri->cur_code);
        xd_attr(cur, "name", ri->cur_name);
        xd_attr(cur, "description", ri->cur_description);
        xd_attr_int(cur, "version", ri->cur_version);
        for (size_t i = 0; i < ri->stored.n; i++)
            xd_attr(xd_elem(cur, "perm"), "name", ri->stored.v[i]);
    }
    return 0;
}

/* GET /admin/roles/new */
int
admin_role_new(struct ctx *c)
{
    struct role_in ri;

    memset(&ri, 0, sizeof(ri));
    return admin_role_form_page(c, &ri);
}

/* Read a role into ri (code, name, description, version and its
 * permissions as both stored and ticked).  1 found, 0 not, -1 error. */
int
admin_role_read(struct ctx *c, int64_t id, struct role_in *ri)
{
    struct db_param p[1];
    struct db_rows r;

    p[0] = DB_INT(id);
    if (db_query(c->db, c->a, &sql_role_get, p, 1, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows == 0)
        return 0;
    ri->id = id;
    ri->code = db_cell(&r, 0, 1);
    ri->name = db_cell(&r, 0, 2);
    ri->description = db_cell(&r, 0, 3);
    ri->version = db_cell_int(&r, 0, 4);
    if (role_perms_load(c, id, &ri->stored) != 0)
        return -1;
    ri->perms = ri->stored;
    return 1;
}

/* GET /admin/roles/{id}/edit */
int
admin_role_edit(struct ctx *c)
{
    int64_t id = route_arg_id(c->req, "id");
    struct role_in ri;
    int rc;

    memset(&ri, 0, sizeof(ri));
    if (id < 0)
        return ctx_fail(c, 404, "not_found", "no such role", NULL);
    if ((rc = admin_role_read(c, id, &ri)) < 0)
        return ctx_db_fail(c);
    if (rc == 0)
        return ctx_fail(c, 404, "not_found", "no such role", NULL);
    return admin_role_form_page(c, &ri);
}
