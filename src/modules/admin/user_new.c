/*
 * user_new.c - a new user: the form (GET /admin/users/new) and the
 * create (POST): the user, its place and its roles in one unit of work
 * with its audit record.  See admin_int.h.
 */
#include <string.h>
#include <time.h>

#include "admin_int.h"

#include "../../core/audit.h"
#include "../../core/auth.h"
#include "../../core/auth_hash.h"
#include "../../core/clock.h"
#include "../../core/form.h"
#include "../../core/xd.h"

DB_STATEMENT(sql_login_taken, 0, "SELECT id FROM qd_user WHERE login = ?");
DB_STATEMENT(sql_user_add, 0,
             "INSERT INTO qd_user (id, login, display_name, pw_hash, status,"
             " created_at, updated_at, version)"
             " VALUES (?, ?, ?, ?, 'active', ?, ?, 1)");
DB_STATEMENT(sql_scope_add, 0,
             "INSERT INTO user_scope (user_id, unit_id, party_id)"
             " VALUES (?, ?, ?)");

/* ---- users: create ------------------------------------------------------ */

struct user_new {
    struct ctx *c;
    const char *login, *name, *hash;
    int64_t unit;      /* a staff user's unit, or 0 */
    const char *party; /* a channel user's party code, or NULL */
    int64_t party_id;  /* its id (found in the unit of work) */
    int64_t *roles;
    size_t n_roles;
    int64_t id; /* out */
    enum problem pb;
};

/* The new-user form: <user-form> with what was typed (never the
 * password) and the choices. */
static int
user_form_page(struct ctx *c, const struct user_new *u)
{
    struct role_list all;
    xmlNodePtr n = ctx_data(c, "user-form");

    if (u != NULL) {
        xd_attr(n, "login", u->login);
        xd_attr(n, "name", u->name);
        if (u->unit > 0)
            xd_attr_int(n, "unit", u->unit);
        xd_attr(n, "party", u->party);
    }
    if (admin_roles_load(c, &all) != 0 ||
        admin_put_unit_choices(c, n, u != NULL ? u->unit : 0) != 0)
        return ctx_db_fail(c);
    admin_put_role_choices(n, &all, u != NULL ? u->roles : NULL,
                           u != NULL ? u->n_roles : 0);
    return 0;
}

/* GET /admin/users/new */
int
admin_user_new(struct ctx *c)
{
    return user_form_page(c, NULL);
}

static int
user_create_tx(struct db *db, void *arg)
{
    struct user_new *u = arg;
    struct ctx *c = u->c;
    time_t now = clock_now();
    struct db_param p[6];
    struct db_rows r;
    const char *unit_code = NULL, *codes = "";
    struct sbuf d;
    int rc, open = 0;

    p[0] = DB_TEXT(u->login);
    if (db_query(db, c->a, &sql_login_taken, p, 1, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows > 0)
        return admin_stop(&u->pb, PB_TAKEN);
    if (u->party != NULL) {
        if ((rc = admin_party_in_scope(c, u->party, &u->party_id, &open)) <= 0)
            return rc < 0 ? -1 : admin_stop(&u->pb, PB_BAD_PARTY);
        if (!open)
            return admin_stop(&u->pb, PB_CLOSED);
    } else if ((rc = admin_unit_in_scope(c, u->unit, &unit_code)) <= 0)
        return rc < 0 ? -1 : admin_stop(&u->pb, PB_BAD_UNIT);
    if ((rc = admin_check_new_roles(c, u->roles, u->n_roles, NULL, 0,
                                    u->party != NULL, &codes)) != 0)
        return rc < 0 ? -1 : admin_stop(&u->pb, (enum problem)rc);

    if (db_next_id(db, "qd_user", &u->id) != 0)
        return -1;
    p[0] = DB_INT(u->id);
    p[1] = DB_TEXT(u->login);
    p[2] = DB_TEXT(u->name);
    p[3] = DB_TEXT(u->hash);
    p[4] = DB_TS(now);
    p[5] = DB_TS(now);
    if (db_exec(db, &sql_user_add, p, 6, NULL) != 0) {
        if (db_last_error(db)->cls == DB_ERR_UNIQUE)
            u->pb = PB_TAKEN;
        return -1;
    }
    p[1] = u->party != NULL ? DB_NULLP : DB_INT(u->unit);
    p[2] = u->party != NULL ? DB_INT(u->party_id) : DB_NULLP;
    if (db_exec(db, &sql_scope_add, p, 3, NULL) != 0)
        return -1;
    for (size_t i = 0; i < u->n_roles; i++)
        if (admin_user_role_add(db, u->id, u->roles[i]) != 0)
            return -1;
    sbuf_init(&d, c->a, 128);
    audit_diff(&d, "login", NULL, u->login);
    audit_diff(&d, "name", NULL, u->name);
    audit_diff(&d, "unit", NULL, unit_code);
    audit_diff(&d, "party", NULL, u->party);
    audit_diff(&d, "roles", NULL, codes);
    return audit_write(c, "qd_user", u->id, "create", d.buf) != 0 ? -1 : 0;
}

/* POST /admin/users/new */
int
admin_user_create(struct ctx *c)
{
    struct user_new u;
    const char *pw;
    char hash[AUTH_HASH_MAX];

    memset(&u, 0, sizeof(u));
    u.c = c;
    u.login = admin_form_code(c, "login", 60);
    u.name = form_text(c, "name", FORM_REQUIRED, 100);
    pw = form_text(c, "password", FORM_REQUIRED, 128);
    admin_form_place(c, &u.unit, &u.party);
    admin_form_role_ids(c, &u.roles, &u.n_roles);
    if (u.login == NULL) /* echo what was typed */
        u.login = param_text(c->req, "login");
    if (pw != NULL) {
        const char *why = auth_password_problem(pw, u.login);

        if (why != NULL)
            form_error(c, "password", "weak_password", why);
    }
    if (!form_ok(c))
        return user_form_page(c, &u);
    if (auth_hash_make(pw, hash, sizeof(hash)) != 0)
        return ctx_fail(c, 500, "internal", "internal error", NULL);
    u.hash = hash;
    if (db_uow(c->db, user_create_tx, &u) != 0) {
        if (u.pb == PB_TAKEN)
            form_error(c, "login", "taken", "this login is taken");
        else if (admin_user_problem(c, u.pb) != 0)
            return ctx_db_fail(c);
        return user_form_page(c, &u);
    }
    return ctx_redirect(
        c, arena_printf(c->a, "/admin/users/%lld", (long long)u.id));
}
