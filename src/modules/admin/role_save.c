/*
 * role_save.c - the role POSTs, each in one unit of work with its audit
 * record: create, update (the version checked first: 409 with both
 * versions shown) and copy ("<code>-copy", the same permissions).  See
 * admin_int.h.
 */
#include <string.h>

#include "admin_int.h"

#include "../../core/audit.h"
#include "../../core/auth.h"
#include "../../core/form.h"

DB_STATEMENT(sql_role_code_taken, 0, "SELECT id FROM qd_role WHERE code = ?");
DB_STATEMENT(sql_role_add, 0,
             "INSERT INTO qd_role (id, code, name, description, version)"
             " VALUES (?, ?, ?, ?, 1)");
DB_STATEMENT(sql_role_set, 0,
             "UPDATE qd_role SET code = ?, name = ?, description = ?,"
             " version = version + 1"
             " WHERE id = ? AND version = ?");
DB_STATEMENT(sql_perm_add, 0,
             "INSERT INTO role_perm (role_id, perm) VALUES (?, ?)");
DB_STATEMENT(sql_perm_del, 0,
             "DELETE FROM role_perm WHERE role_id = ? AND perm = ?");

/* The elements of x not in y (both sorted), into out. */
static void
strset_minus(struct arena *a, const struct strset *x, const struct strset *y,
             struct strset *out)
{
    out->v = arena_alloc(a, (x->n + 1) * sizeof(*out->v));
    out->n = 0;
    for (size_t i = 0; i < x->n; i++)
        if (!admin_strset_has(y, x->v[i]))
            out->v[out->n++] = x->v[i];
}

/* Append "field: a, b" to an audit detail (nothing when s is empty),
 * "; "-separated like audit_diff(). */
static void
audit_list(struct sbuf *d, const char *field, const struct strset *s)
{
    if (s->n == 0)
        return;
    if (d->len > 0)
        sbuf_adds(d, "; ");
    sbuf_printf(d, "%s: %s", field, admin_strset_join(d->a, s));
}

/* Read and check the role form's fields into ri (422s recorded). */
static void
role_form_read(struct ctx *c, struct role_in *ri)
{
    ri->code = admin_form_code(c, "code", 40);
    if (ri->code == NULL)
        ri->code = param_text(c->req, "code");
    ri->name = form_text(c, "name", FORM_REQUIRED, 60);
    ri->description = form_text(c, "description", 0, 200);
    admin_form_list(c, "perm", &ri->perms);
    if (ri->perms.n > ADMIN_MAX_PERMS) {
        form_error(c, "perm", "too_many", "too many permissions");
        ri->perms.n = 0;
    }
    admin_strset_finish(&ri->perms);
}

/*
 * Check ticked permissions against the catalog (or the role's stored
 * ones) and against what the admin holds: only held permissions are
 * added.  PB_NONE or the problem.
 */
static enum problem
role_perms_check(struct ctx *c, const struct role_in *ri)
{
    struct strset catalog;

    admin_catalog_load(c, &catalog);
    for (size_t i = 0; i < ri->perms.n; i++) {
        const char *p = ri->perms.v[i];

        if (admin_strset_has(&ri->stored, p))
            continue;
        if (!admin_strset_has(&catalog, p))
            return PB_BAD_PERM;
        if (!auth_can(c, p))
            return PB_NOT_GRANT;
    }
    return PB_NONE;
}

/* The permissions ri grants that it did not (granted) and the other way
 * round (revoked).  In the arena. */
static void
role_perm_diff(const struct role_in *ri, struct strset *granted,
               struct strset *revoked)
{
    strset_minus(ri->c->a, &ri->perms, &ri->stored, granted);
    strset_minus(ri->c->a, &ri->stored, &ri->perms, revoked);
}

/* Write the difference between ri->stored and ri->perms; the granted and
 * revoked ones into d.  0 or -1. */
static int
role_perms_write(struct db *db, struct role_in *ri, struct sbuf *d)
{
    struct strset granted, revoked;
    struct db_param p[2];

    role_perm_diff(ri, &granted, &revoked);
    p[0] = DB_INT(ri->id);
    for (size_t i = 0; i < revoked.n; i++) {
        p[1] = DB_TEXT(revoked.v[i]);
        if (db_exec(db, &sql_perm_del, p, 2, NULL) != 0)
            return -1;
    }
    for (size_t i = 0; i < granted.n; i++) {
        p[1] = DB_TEXT(granted.v[i]);
        if (db_exec(db, &sql_perm_add, p, 2, NULL) != 0)
            return -1;
    }
    audit_list(d, "granted", &granted);
    audit_list(d, "revoked", &revoked);
    return 0;
}

static int
role_create_tx(struct db *db, void *arg)
{
    struct role_in *ri = arg;
    struct ctx *c = ri->c;
    struct db_param p[4];
    struct db_rows r;
    struct sbuf d;

    ri->stored.n = 0;
    p[0] = DB_TEXT(ri->code);
    if (db_query(db, c->a, &sql_role_code_taken, p, 1, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows > 0)
        return admin_stop(&ri->pb, PB_TAKEN);
    if ((ri->pb = role_perms_check(c, ri)) != PB_NONE)
        return 1;
    if (db_next_id(db, "qd_role", &ri->id) != 0)
        return -1;
    p[0] = DB_INT(ri->id);
    p[1] = DB_TEXT(ri->code);
    p[2] = DB_TEXT(ri->name);
    p[3] = DB_TEXT(ri->description);
    if (db_exec(db, &sql_role_add, p, 4, NULL) != 0) {
        if (db_last_error(db)->cls == DB_ERR_UNIQUE)
            ri->pb = PB_TAKEN;
        return -1;
    }
    sbuf_init(&d, c->a, 128);
    audit_diff(&d, "code", NULL, ri->code);
    audit_diff(&d, "name", NULL, ri->name);
    audit_diff(&d, "description", NULL, ri->description);
    if (role_perms_write(db, ri, &d) != 0)
        return -1;
    return audit_write(c, "qd_role", ri->id, "create", d.buf);
}

/* The answer to a failed role unit of work. */
static int
role_failed(struct ctx *c, struct role_in *ri)
{
    switch (ri->pb) {
    case PB_NOT_FOUND:
        return ctx_fail(c, 404, "not_found", "no such role", NULL);
    case PB_TAKEN: form_error(c, "code", "taken", "this code is taken"); break;
    case PB_BAD_PERM:
        form_error(c, "perm", "bad_perm", "no such permission");
        break;
    case PB_NOT_GRANT:
        form_error(c, "perm", "not_grantable",
                   "you may only grant permissions you hold");
        break;
    case PB_CONFLICT:
        c->status = 409;
        ctx_message(c, "error", "conflict", NULL,
                    "someone else changed this role meanwhile; their "
                    "version is shown beside yours");
        break;
    default: return ctx_db_fail(c);
    }
    return admin_role_form_page(c, ri);
}

/* POST /admin/roles/new */
int
admin_role_create(struct ctx *c)
{
    struct role_in ri;

    memset(&ri, 0, sizeof(ri));
    ri.c = c;
    role_form_read(c, &ri);
    if (!form_ok(c))
        return admin_role_form_page(c, &ri);
    if (db_uow(c->db, role_create_tx, &ri) != 0) {
        ri.id = 0;
        return role_failed(c, &ri);
    }
    return ctx_redirect(
        c, arena_printf(c->a, "/admin/roles/%lld", (long long)ri.id));
}

/* Keep what is stored now beside what was typed (for the 409 page). */
static int
role_conflict(struct role_in *ri, const struct role_in *cur)
{
    ri->stored = cur->stored;
    ri->cur_code = cur->code;
    ri->cur_name = cur->name;
    ri->cur_description = cur->description;
    ri->cur_version = cur->version;
    return admin_stop(&ri->pb, PB_CONFLICT);
}

/*
 * The guarded UPDATE of the role row comes first: of two edits of the
 * same version, the second waits for the first's lock and then finds no
 * row of that version (a conflict), before it touches role_perm.
 */
static int
role_update_tx(struct db *db, void *arg)
{
    struct role_in *ri = arg;
    struct ctx *c = ri->c;
    struct role_in cur;
    struct strset granted, revoked;
    struct db_param p[5];
    struct db_rows r;
    struct sbuf d;
    long n;
    int rc;

    memset(&cur, 0, sizeof(cur));
    if ((rc = admin_role_read(c, ri->id, &cur)) <= 0)
        return rc < 0 ? -1 : admin_stop(&ri->pb, PB_NOT_FOUND);
    ri->stored = cur.stored;
    if (cur.version != ri->version)
        return role_conflict(ri, &cur);
    if (strcmp(cur.code, ri->code) != 0) {
        p[0] = DB_TEXT(ri->code);
        if (db_query(db, c->a, &sql_role_code_taken, p, 1, 0, 0, &r) != 0)
            return -1;
        if (r.n_rows > 0)
            return admin_stop(&ri->pb, PB_TAKEN);
    }
    if ((ri->pb = role_perms_check(c, ri)) != PB_NONE)
        return 1;
    sbuf_init(&d, c->a, 128);
    audit_diff(&d, "code", cur.code, ri->code);
    audit_diff(&d, "name", cur.name, ri->name);
    audit_diff(&d, "description", cur.description, ri->description);
    role_perm_diff(ri, &granted, &revoked);
    if (d.len == 0 && granted.n == 0 && revoked.n == 0)
        return 0; /* nothing changed */
    p[0] = DB_TEXT(ri->code);
    p[1] = DB_TEXT(ri->name);
    p[2] = DB_TEXT(ri->description);
    p[3] = DB_INT(ri->id);
    p[4] = DB_INT(ri->version);
    if (db_exec(db, &sql_role_set, p, 5, &n) != 0) {
        if (db_last_error(db)->cls == DB_ERR_UNIQUE)
            ri->pb = PB_TAKEN;
        return -1;
    }
    if (n == 0) { /* changed between the read and now */
        if (admin_role_read(c, ri->id, &cur) <= 0)
            return -1;
        return role_conflict(ri, &cur);
    }
    if (role_perms_write(db, ri, &d) != 0)
        return -1;
    return audit_write(c, "qd_role", ri->id, "update", d.buf);
}

/* POST /admin/roles/{id}/edit: code, name, description, the ticked
 * permissions (none ticked: none) and the version the form was read at. */
int
admin_role_update(struct ctx *c)
{
    struct role_in ri;

    memset(&ri, 0, sizeof(ri));
    ri.c = c;
    ri.id = route_arg_id(c->req, "id");
    if (ri.id < 0)
        return ctx_fail(c, 404, "not_found", "no such role", NULL);
    role_form_read(c, &ri);
    form_int(c, "version", FORM_REQUIRED, 1, INT32_MAX, &ri.version);
    if (!form_ok(c)) {
        struct role_in cur;
        int rc;

        /* show the stored permissions beside the ticked ones */
        memset(&cur, 0, sizeof(cur));
        if ((rc = admin_role_read(c, ri.id, &cur)) < 0)
            return ctx_db_fail(c);
        if (rc == 0) {
            c->n_field_errors = 0;
            return ctx_fail(c, 404, "not_found", "no such role", NULL);
        }
        ri.stored = cur.stored;
        return admin_role_form_page(c, &ri);
    }
    if (db_uow(c->db, role_update_tx, &ri) != 0)
        return role_failed(c, &ri);
    return ctx_redirect(
        c, arena_printf(c->a, "/admin/roles/%lld", (long long)ri.id));
}

struct role_copy {
    struct ctx *c;
    int64_t from, id;
    enum problem pb;
};

/* "<base><suffix>" cut to fit max bytes (codes are ASCII). */
static const char *
copy_code(struct arena *a, const char *base, const char *suffix, size_t max)
{
    size_t room = max - strlen(suffix);

    return arena_printf(a, "%.*s%s",
                        (int)(strlen(base) < room ? strlen(base) : room), base,
                        suffix);
}

/* name + suffix when it fits in max characters, else the name. */
static const char *
copy_name(struct arena *a, const char *name, const char *suffix, size_t max)
{
    const char *s = arena_printf(a, "%s%s", name, suffix);
    size_t chars = 0;

    for (const char *p = s; *p != '\0'; p++)
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    return chars <= max ? s : name;
}

static int
role_copy_tx(struct db *db, void *arg)
{
    struct role_copy *rc = arg;
    struct ctx *c = rc->c;
    struct role_in src;
    struct db_param p[4];
    struct db_rows r;
    const char *code = NULL, *name;
    struct sbuf d;
    int found;

    memset(&src, 0, sizeof(src));
    if ((found = admin_role_read(c, rc->from, &src)) <= 0)
        return found < 0 ? -1 : admin_stop(&rc->pb, PB_NOT_FOUND);
    /* "<code>-copy", then "<code>-copy2" ... "<code>-copy9" */
    for (int k = 1; k <= 9 && code == NULL; k++) {
        const char *cand =
            copy_code(c->a, src.code,
                      k == 1 ? "-copy" : arena_printf(c->a, "-copy%d", k), 40);

        p[0] = DB_TEXT(cand);
        if (db_query(db, c->a, &sql_role_code_taken, p, 1, 0, 0, &r) != 0)
            return -1;
        if (r.n_rows == 0)
            code = cand;
    }
    if (code == NULL)
        return admin_stop(&rc->pb, PB_TAKEN);
    name =
        copy_name(c->a, src.name,
                  strcmp(c->lang, "zh-CN") == 0 ? "（副本）" : " (copy)", 60);
    if (db_next_id(db, "qd_role", &rc->id) != 0)
        return -1;
    p[0] = DB_INT(rc->id);
    p[1] = DB_TEXT(code);
    p[2] = DB_TEXT(name);
    p[3] = DB_TEXT(src.description);
    if (db_exec(db, &sql_role_add, p, 4, NULL) != 0)
        return -1;
    for (size_t i = 0; i < src.stored.n; i++) {
        p[1] = DB_TEXT(src.stored.v[i]);
        if (db_exec(db, &sql_perm_add, p, 2, NULL) != 0)
            return -1;
    }
    sbuf_init(&d, c->a, 128);
    sbuf_printf(&d, "copy of %s", src.code);
    audit_diff(&d, "code", NULL, code);
    audit_list(&d, "granted", &src.stored);
    return audit_write(c, "qd_role", rc->id, "create", d.buf);
}

/* POST /admin/roles/{id}/copy */
int
admin_role_copy(struct ctx *c)
{
    struct role_copy rc;

    memset(&rc, 0, sizeof(rc));
    rc.c = c;
    rc.from = route_arg_id(c->req, "id");
    if (rc.from < 0)
        return ctx_fail(c, 404, "not_found", "no such role", NULL);
    if (db_uow(c->db, role_copy_tx, &rc) != 0) {
        if (rc.pb == PB_NOT_FOUND)
            return ctx_fail(c, 404, "not_found", "no such role", NULL);
        if (rc.pb == PB_TAKEN)
            return ctx_fail(c, 409, "conflict", "too many copies of this role",
                            NULL);
        return ctx_db_fail(c);
    }
    return ctx_redirect(
        c, arena_printf(c->a, "/admin/roles/%lld/edit", (long long)rc.id));
}
