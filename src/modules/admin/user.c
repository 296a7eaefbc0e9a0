/*
 * user.c - one user: the page (GET /admin/users/{id}: roles, sessions,
 * trail and the choices of the forms) and the actions on it, each in one
 * unit of work with its audit record: disable, enable, password, roles,
 * scope.  See admin_int.h.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin_int.h"

#include "../../core/audit.h"
#include "../../core/auth.h"
#include "../../core/auth_hash.h"
#include "../../core/cfg.h"
#include "../../core/clock.h"
#include "../../core/form.h"
#include "../../core/text.h"
#include "../../core/xd.h"

DB_STATEMENT(
    sql_user_get, 0,
    "SELECT u.id, u.login, u.display_name, u.status, u.lang,"
    " u.theme, u.created_at, u.updated_at, u.version," USER_PLACE USER_FROM
    " WHERE u.id = ? AND " USER_SCOPE);
DB_STATEMENT(sql_user_roles, 0,
             "SELECT r.id, r.code, r.name"
             " FROM user_role ur"
             " JOIN qd_role r ON r.id = ur.role_id"
             " WHERE ur.user_id = ?"
             " ORDER BY r.code");
DB_STATEMENT(sql_user_sessions, 0,
             "SELECT COUNT(*) FROM qd_session"
             " WHERE user_id = ? AND ended_at IS NULL"
             " AND expires_at > ? AND seen_at > ?");
DB_STATEMENT(sql_user_history, DB_PAGED,
             "SELECT a.id, a.at, a.user_id, x.login, a.addr, a.action,"
             " a.detail"
             " FROM audit_log a"
             " LEFT JOIN qd_user x ON x.id = a.user_id"
             " WHERE a.entity = 'qd_user' AND a.entity_id = ?"
             " ORDER BY a.at DESC, a.id DESC");

DB_STATEMENT(sql_scope_set, 0,
             "UPDATE user_scope SET unit_id = ?, party_id = ?"
             " WHERE user_id = ?");
DB_STATEMENT(sql_user_role_add, 0,
             "INSERT INTO user_role (user_id, role_id) VALUES (?, ?)");
DB_STATEMENT(sql_user_role_del, 0,
             "DELETE FROM user_role WHERE user_id = ? AND role_id = ?");
DB_STATEMENT(sql_user_disable, 0,
             "UPDATE qd_user SET status = 'disabled', updated_at = ?,"
             " version = version + 1"
             " WHERE id = ? AND status = 'active'");
DB_STATEMENT(sql_user_enable, 0,
             "UPDATE qd_user SET status = 'active', updated_at = ?,"
             " version = version + 1"
             " WHERE id = ? AND status = 'disabled'");
DB_STATEMENT(sql_user_password, 0,
             "UPDATE qd_user SET pw_hash = ?, updated_at = ?,"
             " version = version + 1"
             " WHERE id = ?");
DB_STATEMENT(sql_user_touch, 0,
             "UPDATE qd_user SET updated_at = ?, version = version + 1"
             " WHERE id = ?");

/* Give the user the role, inside the caller's unit of work (the create,
 * user_new.c, and the change of roles here).  0 or -1. */
int
admin_user_role_add(struct db *db, int64_t user, int64_t role)
{
    struct db_param p[2];

    p[0] = DB_INT(user);
    p[1] = DB_INT(role);
    return db_exec(db, &sql_user_role_add, p, 2, NULL);
}

static int64_t
self_id(const struct ctx *c)
{
    return c->user != NULL ? c->user->id : 0;
}

/* ---- users: one --------------------------------------------------------- */

/*
 * Fill <user> for id (scoped; 404 and the denial logged when not found).
 * With user.manage, the choices for the forms too; sel_roles, when not
 * NULL, are the roles to show ticked (what was typed), else the held ones.
 */
static int
user_page(struct ctx *c, int64_t id, const int64_t *sel_roles, size_t n_sel)
{
    time_t now = clock_now();
    struct db_param p[3];
    struct db_rows u, roles, sess, hist;
    xmlNodePtr n, list;
    int64_t *held;
    size_t n_held;

    p[0] = DB_INT(id);
    p[1] = DB_INT(scope_unit(c));
    if (db_query(c->db, c->a, &sql_user_get, p, 2, 0, 0, &u) != 0)
        return ctx_db_fail(c);
    if (u.n_rows == 0) {
        scope_denied(c, "qd_user", id);
        c->n_field_errors = 0;
        return ctx_fail(c, 404, "not_found", "no such user", NULL);
    }
    p[0] = DB_INT(id);
    if (db_query(c->db, c->a, &sql_user_roles, p, 1, 0, 0, &roles) != 0)
        return ctx_db_fail(c);
    p[1] = DB_TS(now);
    p[2] = DB_TS(now - cfg->session_idle);
    if (db_query(c->db, c->a, &sql_user_sessions, p, 3, 0, 0, &sess) != 0)
        return ctx_db_fail(c);
    if (db_query(c->db, c->a, &sql_user_history, p, 1, ADMIN_HISTORY, 0,
                 &hist) != 0)
        return ctx_db_fail(c);

    n = ctx_data(c, "user");
    xd_attr(n, "id", db_cell(&u, 0, 0));
    xd_attr(n, "login", db_cell(&u, 0, 1));
    xd_attr(n, "name", db_cell(&u, 0, 2));
    xd_attr(n, "status", db_cell(&u, 0, 3));
    xd_attr(n, "lang", db_cell(&u, 0, 4));
    xd_attr(n, "theme", db_cell(&u, 0, 5));
    xd_attr(n, "created-at", text_iso_ts(c->a, db_cell(&u, 0, 6)));
    xd_attr(n, "updated-at", text_iso_ts(c->a, db_cell(&u, 0, 7)));
    xd_attr(n, "version", db_cell(&u, 0, 8));
    admin_put_place(n, &u, 0, 9);
    xd_attr_int(n, "sessions", db_cell_int(&sess, 0, 0));
    if (id == self_id(c))
        xd_attr(n, "self", "1");

    list = xd_elem(n, "roles");
    held = arena_alloc(c->a, (roles.n_rows + 1) * sizeof(*held));
    n_held = 0;
    for (size_t i = 0; i < roles.n_rows; i++) {
        xmlNodePtr r = xd_elem(list, "role");

        xd_attr(r, "id", db_cell(&roles, i, 0));
        xd_attr(r, "code", db_cell(&roles, i, 1));
        xd_attr(r, "name", db_cell(&roles, i, 2));
        held[n_held++] = db_cell_int(&roles, i, 0);
    }
    qsort(held, n_held, sizeof(*held), admin_cmp_id);

    list = xd_elem(n, "history");
    for (size_t i = 0; i < hist.n_rows; i++)
        admin_put_entry(c, list, &hist, i, 0);

    if (auth_can(c, "user.manage")) {
        struct role_list all;

        xd_attr(n, "manage", "1");
        if (admin_roles_load(c, &all) != 0)
            return ctx_db_fail(c);
        /* a channel user moves between parties (a code typed), staff
         * between units */
        if (db_cell(&u, 0, 12) == NULL &&
            admin_put_unit_choices(c, n, db_cell_int(&u, 0, 9)) != 0)
            return ctx_db_fail(c);
        if (sel_roles != NULL)
            admin_put_role_choices(n, &all, sel_roles, n_sel);
        else
            admin_put_role_choices(n, &all, held, n_held);
    }
    return 0;
}

/* GET /admin/users/{id} */
int
admin_user(struct ctx *c)
{
    int64_t id = route_arg_id(c->req, "id");

    if (id < 0)
        return ctx_fail(c, 404, "not_found", "no such user", NULL);
    return user_page(c, id, NULL, 0);
}

/* ---- users: actions ----------------------------------------------------- */

struct user_act {
    struct ctx *c;
    int64_t id;
    const char *login;     /* out: the user's login */
    int64_t unit;          /* out: the user's unit (staff), or 0 */
    int64_t party;         /* out: the user's party (channel user), or 0 */
    const char *place;     /* out: the code of that unit or party */
    const char *hash;      /* password */
    int64_t new_unit;      /* scope: a unit (staff), or 0 */
    const char *new_party; /* scope: a party code (channel user), or NULL */
    int64_t *roles;        /* roles */
    size_t n_roles;
    enum problem pb;
};

/* Fetch the target user inside the unit of work, scoped.  0, 1 (pb set:
 * not found) or -1. */
static int
act_fetch(struct db *db, struct user_act *a)
{
    struct db_param p[2];
    struct db_rows r;

    p[0] = DB_INT(a->id);
    p[1] = DB_INT(scope_unit(a->c));
    if (db_query(db, a->c->a, &sql_user_get, p, 2, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows == 0)
        return admin_stop(&a->pb, PB_NOT_FOUND);
    a->login = db_cell(&r, 0, 1);
    a->unit = db_cell_int(&r, 0, 9);
    a->party = db_cell_int(&r, 0, 12);
    a->place = a->party > 0 ? db_cell(&r, 0, 13) : db_cell(&r, 0, 10);
    return 0;
}

/* After a unit of work failed: answer 404, 422 (the user's page with the
 * message), 409 or a database error. */
static int
act_failed(struct ctx *c, struct user_act *a)
{
    switch (a->pb) {
    case PB_NOT_FOUND:
        scope_denied(c, "qd_user", a->id);
        return ctx_fail(c, 404, "not_found", "no such user", NULL);
    case PB_KIND:
        if (a->party > 0)
            form_error(c, "unit", "kind_change",
                       "a user at a party moves only to another party");
        else
            form_error(c, "party", "kind_change",
                       "a user at a unit moves only to another unit");
        return user_page(c, a->id, NULL, 0);
    case PB_BAD_UNIT:
    case PB_BAD_PARTY:
    case PB_CLOSED:
        admin_user_problem(c, a->pb);
        return user_page(c, a->id, NULL, 0);
    case PB_BAD_ROLE:
    case PB_NOT_GRANT:
    case PB_NOT_CHAN:
    case PB_NOT_STAFF:
        admin_user_problem(c, a->pb);
        return user_page(c, a->id, a->roles, a->n_roles);
    default: return ctx_db_fail(c);
    }
}

static int
act_done(struct ctx *c, const struct user_act *a)
{
    return ctx_redirect(
        c, arena_printf(c->a, "/admin/users/%lld", (long long)a->id));
}

/* Start an action on {id}: 0, or -1 with a 404 recorded. */
static int
act_begin(struct ctx *c, struct user_act *a)
{
    memset(a, 0, sizeof(*a));
    a->c = c;
    a->id = route_arg_id(c->req, "id");
    if (a->id < 0)
        return ctx_fail(c, 404, "not_found", "no such user", NULL);
    return 0;
}

/* Refuse an action on one's own account. */
static int
act_not_self(struct ctx *c, const struct user_act *a, const char *what)
{
    if (a->id != self_id(c))
        return 0;
    return ctx_fail(c, 403, "forbidden", what, NULL);
}

static int
disable_tx(struct db *db, void *arg)
{
    struct user_act *a = arg;
    struct db_param p[2];
    long n;
    int rc;

    if ((rc = act_fetch(db, a)) != 0)
        return rc;
    p[0] = DB_TS(clock_now());
    p[1] = DB_INT(a->id);
    if (db_exec(db, &sql_user_disable, p, 2, &n) != 0)
        return -1;
    if (n == 0) /* already disabled: nothing to do */
        return 0;
    if (auth_end_sessions(a->c, a->id, 0) != 0)
        return -1;
    return audit_write(a->c, "qd_user", a->id, "disable",
                       "status: active -> disabled");
}

/* POST /admin/users/{id}/disable */
int
admin_user_disable(struct ctx *c)
{
    struct user_act a;

    if (act_begin(c, &a) != 0 ||
        act_not_self(c, &a, "you may not disable your own account") != 0)
        return -1;
    if (db_uow(c->db, disable_tx, &a) != 0)
        return act_failed(c, &a);
    return act_done(c, &a);
}

static int
enable_tx(struct db *db, void *arg)
{
    struct user_act *a = arg;
    struct db_param p[2];
    long n;
    int rc;

    if ((rc = act_fetch(db, a)) != 0)
        return rc;
    p[0] = DB_TS(clock_now());
    p[1] = DB_INT(a->id);
    if (db_exec(db, &sql_user_enable, p, 2, &n) != 0)
        return -1;
    if (n == 0)
        return 0;
    return audit_write(a->c, "qd_user", a->id, "enable",
                       "status: disabled -> active");
}

/* POST /admin/users/{id}/enable */
int
admin_user_enable(struct ctx *c)
{
    struct user_act a;

    if (act_begin(c, &a) != 0)
        return -1;
    if (db_uow(c->db, enable_tx, &a) != 0)
        return act_failed(c, &a);
    return act_done(c, &a);
}

static int
password_tx(struct db *db, void *arg)
{
    struct user_act *a = arg;
    struct ctx *c = a->c;
    struct db_param p[3];
    int rc;

    if ((rc = act_fetch(db, a)) != 0)
        return rc;
    p[0] = DB_TEXT(a->hash);
    p[1] = DB_TS(clock_now());
    p[2] = DB_INT(a->id);
    if (db_exec(db, &sql_user_password, p, 3, NULL) != 0)
        return -1;
    /* every session ends (SECURITY.md class 8); one's own current one
     * survives a reset of one's own password */
    if (auth_end_sessions(c, a->id,
                          a->id == self_id(c) ? c->user->session_id : 0) != 0)
        return -1;
    return audit_write(c, "qd_user", a->id, "password", "password reset");
}

/* POST /admin/users/{id}/password */
int
admin_user_password(struct ctx *c)
{
    struct user_act a;
    const char *pw;
    char hash[AUTH_HASH_MAX];

    if (act_begin(c, &a) != 0)
        return -1;
    pw = form_text(c, "password", FORM_REQUIRED, 128);
    if (pw != NULL) {
        /* the policy compares with the login: read it (scoped) first */
        struct db_param p[2];
        struct db_rows r;
        const char *why;

        p[0] = DB_INT(a.id);
        p[1] = DB_INT(scope_unit(c));
        if (db_query(c->db, c->a, &sql_user_get, p, 2, 0, 0, &r) != 0)
            return ctx_db_fail(c);
        db_rollback(c->db);
        why = auth_password_problem(pw, r.n_rows ? db_cell(&r, 0, 1) : NULL);
        if (why != NULL)
            form_error(c, "password", "weak_password", why);
    }
    if (!form_ok(c))
        return user_page(c, a.id, NULL, 0);
    if (auth_hash_make(pw, hash, sizeof(hash)) != 0)
        return ctx_fail(c, 500, "internal", "internal error", NULL);
    a.hash = hash;
    if (db_uow(c->db, password_tx, &a) != 0)
        return act_failed(c, &a);
    return act_done(c, &a);
}

static int
roles_tx(struct db *db, void *arg)
{
    struct user_act *a = arg;
    struct ctx *c = a->c;
    struct db_param p[2];
    struct db_rows r;
    struct role_list all;
    struct strset before, after;
    int64_t *held, *next;
    size_t n_held, n_next = 0;
    struct sbuf d;
    int rc;

    if ((rc = act_fetch(db, a)) != 0)
        return rc;
    p[0] = DB_INT(a->id);
    if (db_query(db, c->a, &sql_user_roles, p, 1, 0, 0, &r) != 0 ||
        admin_roles_load(c, &all) != 0)
        return -1;
    held = arena_alloc(c->a, (r.n_rows + 1) * sizeof(*held));
    n_held = r.n_rows;
    for (size_t i = 0; i < r.n_rows; i++)
        held[i] = db_cell_int(&r, i, 0);
    qsort(held, n_held, sizeof(*held), admin_cmp_id);
    if ((rc = admin_check_new_roles(c, a->roles, a->n_roles, held, n_held,
                                    a->party > 0, NULL)) != 0)
        return rc < 0 ? -1 : admin_stop(&a->pb, (enum problem)rc);

    /* what the admin may not grant stays as it is, given or not */
    next = arena_alloc(c->a, (a->n_roles + n_held + 1) * sizeof(*next));
    for (size_t i = 0; i < a->n_roles; i++)
        if (admin_role_find(&all, a->roles[i])->grantable)
            next[n_next++] = a->roles[i];
    for (size_t i = 0; i < n_held; i++) {
        const struct role_info *ri = admin_role_find(&all, held[i]);

        if (ri != NULL && !ri->grantable)
            next[n_next++] = held[i];
    }
    qsort(next, n_next, sizeof(*next), admin_cmp_id);

    before.v = arena_alloc(c->a, (n_held + 1) * sizeof(char *));
    before.n = 0;
    after.v = arena_alloc(c->a, (n_next + 1) * sizeof(char *));
    after.n = 0;
    for (size_t i = 0; i < n_held; i++) {
        const struct role_info *ri = admin_role_find(&all, held[i]);

        before.v[before.n++] = ri != NULL ? ri->code : "?";
        if (!admin_has_id(next, n_next, held[i])) {
            p[1] = DB_INT(held[i]);
            if (db_exec(db, &sql_user_role_del, p, 2, NULL) != 0)
                return -1;
        }
    }
    for (size_t i = 0; i < n_next; i++) {
        after.v[after.n++] = admin_role_find(&all, next[i])->code;
        if (!admin_has_id(held, n_held, next[i]) &&
            admin_user_role_add(db, a->id, next[i]) != 0)
            return -1;
    }
    admin_strset_finish(&before);
    admin_strset_finish(&after);
    sbuf_init(&d, c->a, 128);
    audit_diff(&d, "roles", admin_strset_join(c->a, &before),
               admin_strset_join(c->a, &after));
    if (d.len == 0)
        return 0;
    p[0] = DB_TS(clock_now());
    p[1] = DB_INT(a->id);
    if (db_exec(db, &sql_user_touch, p, 2, NULL) != 0)
        return -1;
    return audit_write(c, "qd_user", a->id, "roles", d.buf);
}

/* POST /admin/users/{id}/roles: the roles, and nothing else, from the
 * list field "role" (none given: no roles). */
int
admin_user_roles(struct ctx *c)
{
    struct user_act a;

    if (act_begin(c, &a) != 0 ||
        act_not_self(c, &a, "you may not change your own roles") != 0)
        return -1;
    admin_form_role_ids(c, &a.roles, &a.n_roles);
    if (!form_ok(c))
        return user_page(c, a.id, NULL, 0);
    if (db_uow(c->db, roles_tx, &a) != 0)
        return act_failed(c, &a);
    return act_done(c, &a);
}

static int
scope_tx(struct db *db, void *arg)
{
    struct user_act *a = arg;
    struct ctx *c = a->c;
    struct db_param p[3];
    const char *after = NULL;
    int64_t party = 0;
    struct sbuf d;
    int rc, open = 0;

    if ((rc = act_fetch(db, a)) != 0)
        return rc;
    /* the kind stays: staff between units, channel users between
     * parties */
    if ((a->party > 0) != (a->new_party != NULL))
        return admin_stop(&a->pb, PB_KIND);
    if (a->new_party != NULL) {
        if ((rc = admin_party_in_scope(c, a->new_party, &party, &open)) <= 0)
            return rc < 0 ? -1 : admin_stop(&a->pb, PB_BAD_PARTY);
        if (!open)
            return admin_stop(&a->pb, PB_CLOSED);
        if (party == a->party)
            return 0;
        after = a->new_party;
        p[0] = DB_NULLP;
        p[1] = DB_INT(party);
    } else {
        if ((rc = admin_unit_in_scope(c, a->new_unit, &after)) <= 0)
            return rc < 0 ? -1 : admin_stop(&a->pb, PB_BAD_UNIT);
        if (a->new_unit == a->unit)
            return 0;
        p[0] = DB_INT(a->new_unit);
        p[1] = DB_NULLP;
    }
    p[2] = DB_INT(a->id);
    if (db_exec(db, &sql_scope_set, p, 3, NULL) != 0)
        return -1;
    p[0] = DB_TS(clock_now());
    p[1] = DB_INT(a->id);
    if (db_exec(db, &sql_user_touch, p, 2, NULL) != 0)
        return -1;
    sbuf_init(&d, c->a, 64);
    audit_diff(&d, a->party > 0 ? "party" : "unit", a->place, after);
    return audit_write(c, "qd_user", a->id, "scope", d.buf);
}

/* POST /admin/users/{id}/scope: the place, and nothing else -- a unit
 * for a staff user, a party code for a channel user (a switch between
 * the two kinds is refused, 422). */
int
admin_user_scope(struct ctx *c)
{
    struct user_act a;

    if (act_begin(c, &a) != 0 ||
        act_not_self(c, &a, "you may not change your own scope") != 0)
        return -1;
    admin_form_place(c, &a.new_unit, &a.new_party);
    if (!form_ok(c))
        return user_page(c, a.id, NULL, 0);
    if (db_uow(c->db, scope_tx, &a) != 0)
        return act_failed(c, &a);
    return act_done(c, &a);
}
