/*
 * account.c - logging in and out, and what every user does for themselves.
 *
 * Pages:  GET/POST /login, POST /logout
 *         GET /account, POST /account/prefs (language and theme)
 *         GET/POST /account/password
 *         GET /account/sessions, POST /account/sessions/{id}/end,
 *         POST /account/sessions/end-others
 *         GET/POST /account/keys, POST /account/keys/{id}/revoke
 * Tables: qd_user, qd_session, api_key, user_scope, user_role, qd_role,
 *         org_unit (read), audit_log (through audit.c)
 * Style:  xsl/account.xsl
 *
 * The field names of the login form (login, password, csrf) are a public
 * contract: scripts and integrators log in with them too.
 */
#include <string.h>

#include "../core/audit.h"
#include "../core/auth.h"
#include "../core/auth_hash.h"
#include "../core/clock.h"
#include "../core/ctx.h"
#include "../core/form.h"
#include "../core/text.h"
#include "../core/xd.h"
#include "../db/db.h"

DB_STATEMENT(sql_me, 0,
             "SELECT u.id, u.login, u.display_name, u.lang, u.theme,"
             " o.name, o.id"
             " FROM qd_user u"
             " LEFT JOIN user_scope us ON us.user_id = u.id"
             " LEFT JOIN org_unit o ON o.id = us.unit_id"
             " WHERE u.id = ?");
DB_STATEMENT(sql_my_roles, 0,
             "SELECT r.code, r.name"
             " FROM user_role ur"
             " JOIN qd_role r ON r.id = ur.role_id"
             " WHERE ur.user_id = ?"
             " ORDER BY r.code");
DB_STATEMENT(sql_prefs, 0,
             "UPDATE qd_user SET lang = ?, theme = ?, updated_at = ?,"
             " version = version + 1"
             " WHERE id = ?");
DB_STATEMENT(sql_my_hash, 0, "SELECT pw_hash FROM qd_user WHERE id = ?");
DB_STATEMENT(sql_set_hash, 0,
             "UPDATE qd_user SET pw_hash = ?, updated_at = ?,"
             " version = version + 1"
             " WHERE id = ?");
DB_STATEMENT(sql_my_sessions, 0,
             "SELECT id, created_at, seen_at, expires_at, addr"
             " FROM qd_session"
             " WHERE user_id = ? AND ended_at IS NULL AND expires_at > ?"
             " ORDER BY seen_at DESC");
DB_STATEMENT(sql_end_mine, 0,
             "UPDATE qd_session SET ended_at = ?"
             " WHERE id = ? AND user_id = ? AND ended_at IS NULL");
DB_STATEMENT(sql_my_keys, 0,
             "SELECT id, label, created_at, used_at, revoked_at"
             " FROM api_key"
             " WHERE user_id = ?"
             " ORDER BY created_at DESC");
DB_STATEMENT(sql_revoke_mine, 0,
             "UPDATE api_key SET revoked_at = ?"
             " WHERE id = ? AND user_id = ? AND revoked_at IS NULL");

static const char *const langs[] = {"en", "zh-CN", NULL};
static const char *const themes[] = {"classic", "slate", NULL};

/* A safe place to go after login: a local path, never "//host". */
static const char *
local_next(const char *next)
{
    if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
        strpbrk(next, "\r\n") != NULL)
        return "/";
    return next;
}

static int
show_login(struct ctx *c, const char *login, const char *next)
{
    xmlNodePtr n = ctx_data(c, "login");

    xd_attr(n, "next", next);
    xd_attr(n, "login", login);
    return 0;
}

/* GET /login */
static int
account_login_form(struct ctx *c)
{
    if (c->user != NULL)
        return ctx_redirect(c, local_next(param_text(c->req, "next")));
    return show_login(c, NULL, param_text(c->req, "next"));
}

/* POST /login */
static int
account_login(struct ctx *c)
{
    const char *login = form_text(c, "login", FORM_REQUIRED, 60);
    const char *pw = form_text(c, "password", FORM_REQUIRED, 128);
    const char *next = param_text(c->req, "next");

    if (form_ok(c) && auth_login(c, text_lower_ascii(c->a, login), pw) == 0)
        return ctx_redirect(c, local_next(next));
    if (c->err_code != NULL)
        return -1; /* throttled or a database failure */
    return show_login(c, login, next);
}

/* POST /logout */
static int
account_logout(struct ctx *c)
{
    if (auth_logout(c) != 0)
        return -1;
    return ctx_redirect(c, "/login");
}

/* GET /account */
static int
account_show(struct ctx *c)
{
    struct db_param p[1] = {DB_INT(c->user->id)};
    struct db_rows me, roles;
    xmlNodePtr n, rs;

    if (db_query(c->db, c->a, &sql_me, p, 1, 0, 0, &me) != 0 ||
        db_query(c->db, c->a, &sql_my_roles, p, 1, 0, 0, &roles) != 0)
        return ctx_db_fail(c);
    if (me.n_rows == 0)
        return ctx_fail(c, 404, "not_found", "no such user", NULL);
    n = ctx_data(c, "account");
    xd_attr(n, "id", db_cell(&me, 0, 0));
    xd_attr(n, "login", db_cell(&me, 0, 1));
    xd_attr(n, "name", db_cell(&me, 0, 2));
    xd_attr(n, "lang", db_cell(&me, 0, 3) ? db_cell(&me, 0, 3) : "");
    xd_attr(n, "theme", db_cell(&me, 0, 4) ? db_cell(&me, 0, 4) : "");
    xd_attr(n, "unit", db_cell(&me, 0, 5));
    xd_attr(n, "unit-id", db_cell(&me, 0, 6));
    rs = xd_elem(n, "roles");
    for (size_t i = 0; i < roles.n_rows; i++) {
        xmlNodePtr r = xd_elem(rs, "role");

        xd_attr(r, "code", db_cell(&roles, i, 0));
        xd_attr(r, "name", db_cell(&roles, i, 1));
    }
    return 0;
}

/* POST /account/prefs */
static int
account_prefs(struct ctx *c)
{
    const char *lang = form_enum(c, "lang", 0, langs);
    const char *theme = form_enum(c, "theme", 0, themes);
    struct db_param p[4];
    struct sbuf d;

    if (!form_ok(c))
        return account_show(c);
    p[0] = DB_TEXT(lang);
    p[1] = DB_TEXT(theme);
    p[2] = DB_TS(clock_now());
    p[3] = DB_INT(c->user->id);
    sbuf_init(&d, c->a, 64);
    audit_diff(&d, "lang", c->user->lang, lang);
    audit_diff(&d, "theme", c->user->theme, theme);
    if (db_exec(c->db, &sql_prefs, p, 4, NULL) != 0 ||
        audit_write(c, "qd_user", c->user->id, "prefs", d.buf) != 0 ||
        db_commit(c->db) != 0)
        return ctx_db_fail(c);
    return ctx_redirect(c, "/account");
}

/* GET /account/password */
static int
account_password_form(struct ctx *c)
{
    ctx_data(c, "password-form");
    return 0;
}

/* POST /account/password: every session ends; this browser gets a new one */
static int
account_password(struct ctx *c)
{
    const char *cur = form_text(c, "current", FORM_REQUIRED, 128);
    const char *pw = form_text(c, "password", FORM_REQUIRED, 128);
    const char *again = form_text(c, "confirm", FORM_REQUIRED, 128);
    struct db_param p[3];
    struct db_rows r;
    char hash[AUTH_HASH_MAX];
    const char *why;
    int64_t uid = c->user->id;

    if (!form_ok(c))
        return account_password_form(c);
    p[0] = DB_INT(uid);
    if (db_query(c->db, c->a, &sql_my_hash, p, 1, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0 || auth_hash_verify(cur, db_cell(&r, 0, 0)) != 1)
        form_error(c, "current", "bad_credentials",
                   "the current password is wrong");
    else if ((why = auth_password_problem(pw, c->user->login)) != NULL)
        form_error(c, "password", "weak_password", why);
    else if (strcmp(pw, again) != 0)
        form_error(c, "confirm", "mismatch", "the two passwords differ");
    if (!form_ok(c))
        return account_password_form(c);
    if (auth_hash_make(pw, hash, sizeof(hash)) != 0)
        return ctx_fail(c, 500, "internal", "internal error", NULL);
    p[0] = DB_TEXT(hash);
    p[1] = DB_TS(clock_now());
    p[2] = DB_INT(uid);
    if (db_exec(c->db, &sql_set_hash, p, 3, NULL) != 0 ||
        auth_end_sessions(c, uid, 0) != 0 || auth_new_session(c, uid) != 0 ||
        audit_write(c, "qd_user", uid, "password", "password changed") != 0 ||
        db_commit(c->db) != 0)
        return ctx_db_fail(c);
    return ctx_redirect(c, "/account");
}

/* GET /account/sessions */
static int
account_sessions(struct ctx *c)
{
    struct db_param p[2] = {DB_INT(c->user->id), DB_TS(clock_now())};
    struct db_rows r;
    xmlNodePtr list;

    if (db_query(c->db, c->a, &sql_my_sessions, p, 2, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    list = ctx_data(c, "sessions");
    for (size_t i = 0; i < r.n_rows; i++) {
        xmlNodePtr n = xd_elem(list, "session");

        xd_attr(n, "id", db_cell(&r, i, 0));
        xd_attr(n, "created-at", text_iso_ts(c->a, db_cell(&r, i, 1)));
        xd_attr(n, "seen-at", text_iso_ts(c->a, db_cell(&r, i, 2)));
        xd_attr(n, "expires-at", text_iso_ts(c->a, db_cell(&r, i, 3)));
        xd_attr(n, "addr", db_cell(&r, i, 4));
        xd_attr(n, "current",
                db_cell_int(&r, i, 0) == c->user->session_id ? "1" : "0");
    }
    return 0;
}

/* POST /account/sessions/{id}/end: only one's own (another's is 404) */
static int
account_session_end(struct ctx *c)
{
    int64_t id = route_arg_id(c->req, "id");
    struct db_param p[3];
    long n = 0;

    if (id < 0)
        return ctx_fail(c, 404, "not_found", "no such session", NULL);
    p[0] = DB_TS(clock_now());
    p[1] = DB_INT(id);
    p[2] = DB_INT(c->user->id);
    if (db_exec(c->db, &sql_end_mine, p, 3, &n) != 0)
        return ctx_db_fail(c);
    if (n == 0) {
        db_rollback(c->db);
        return ctx_fail(c, 404, "not_found", "no such session", NULL);
    }
    if (audit_write(c, "qd_session", id, "end", NULL) != 0 ||
        db_commit(c->db) != 0)
        return ctx_db_fail(c);
    return ctx_redirect(c, id == c->user->session_id ? "/login"
                                                     : "/account/sessions");
}

/* POST /account/sessions/end-others */
static int
account_sessions_end_others(struct ctx *c)
{
    if (auth_end_sessions(c, c->user->id, c->user->session_id) != 0 ||
        audit_write(c, "qd_session", 0, "end-others", NULL) != 0 ||
        db_commit(c->db) != 0)
        return ctx_db_fail(c);
    return ctx_redirect(c, "/account/sessions");
}

/* GET /account/keys (and the page after creating one, with the key) */
static int
show_keys(struct ctx *c, const char *new_key)
{
    struct db_param p[1] = {DB_INT(c->user->id)};
    struct db_rows r;
    xmlNodePtr list;

    if (db_query(c->db, c->a, &sql_my_keys, p, 1, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    list = ctx_data(c, "api-keys");
    xd_attr(list, "new-key", new_key);
    for (size_t i = 0; i < r.n_rows; i++) {
        xmlNodePtr n = xd_elem(list, "api-key");

        xd_attr(n, "id", db_cell(&r, i, 0));
        xd_attr(n, "label", db_cell(&r, i, 1));
        xd_attr(n, "created-at", text_iso_ts(c->a, db_cell(&r, i, 2)));
        xd_attr(n, "used-at", text_iso_ts(c->a, db_cell(&r, i, 3)));
        xd_attr(n, "revoked-at", text_iso_ts(c->a, db_cell(&r, i, 4)));
    }
    return 0;
}

static int
account_keys(struct ctx *c)
{
    return show_keys(c, NULL);
}

/* POST /account/keys: the key is shown once, on this response only (no
 * redirect, so it is never in a URL or a later page) */
static int
account_key_new(struct ctx *c)
{
    const char *label = form_text(c, "label", FORM_REQUIRED, 60);
    const char *key;
    int64_t id = 0;

    if (!form_ok(c))
        return show_keys(c, NULL);
    if (auth_api_key_new(c, label, &key) != 0 ||
        audit_write(c, "api_key", id, "create", label) != 0 ||
        db_commit(c->db) != 0)
        return ctx_db_fail(c);
    return show_keys(c, key);
}

/* POST /account/keys/{id}/revoke */
static int
account_key_revoke(struct ctx *c)
{
    int64_t id = route_arg_id(c->req, "id");
    struct db_param p[3];
    long n = 0;

    if (id < 0)
        return ctx_fail(c, 404, "not_found", "no such key", NULL);
    p[0] = DB_TS(clock_now());
    p[1] = DB_INT(id);
    p[2] = DB_INT(c->user->id);
    if (db_exec(c->db, &sql_revoke_mine, p, 3, &n) != 0)
        return ctx_db_fail(c);
    if (n == 0) {
        db_rollback(c->db);
        return ctx_fail(c, 404, "not_found", "no such key", NULL);
    }
    if (audit_write(c, "api_key", id, "revoke", NULL) != 0 ||
        db_commit(c->db) != 0)
        return ctx_db_fail(c);
    return ctx_redirect(c, "/account/keys");
}

static const struct param_spec login_params[] = {
    {"login", P_TEXT, 0, 200, NULL, 0},
    {"password", P_TEXT, 0, 1000, NULL, 0},
    {"next", P_TEXT, 0, 500, NULL, 0},
    {NULL, 0, 0, 0, NULL, 0},
};
static const struct param_spec next_params[] = {
    {"next", P_TEXT, 0, 500, NULL, 0},
    {NULL, 0, 0, 0, NULL, 0},
};
static const struct param_spec prefs_params[] = {
    {"lang", P_TEXT, 0, 20, NULL, 0},
    {"theme", P_TEXT, 0, 20, NULL, 0},
    {NULL, 0, 0, 0, NULL, 0},
};
static const struct param_spec password_params[] = {
    {"current", P_TEXT, 0, 1000, NULL, 0},
    {"password", P_TEXT, 0, 1000, NULL, 0},
    {"confirm", P_TEXT, 0, 1000, NULL, 0},
    {NULL, 0, 0, 0, NULL, 0},
};
static const struct param_spec key_params[] = {
    {"label", P_TEXT, 0, 200, NULL, 0},
    {NULL, 0, 0, 0, NULL, 0},
};

/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/login",                        "account.login_form",   ROUTE_PUBLIC,    "account.xsl", account_login_form,          next_params,     0},
    {REQ_POST, "/login",                        "account.login",        ROUTE_PUBLIC,    "account.xsl", account_login,               login_params,    0},
    {REQ_POST, "/logout",                       "account.logout",       ROUTE_PUBLIC,    "account.xsl", account_logout,              NULL,            0},
    {REQ_GET,  "/account",                      "account.show",         ROUTE_SIGNED_IN, "account.xsl", account_show,                NULL,            0},
    {REQ_POST, "/account/prefs",                "account.prefs",        ROUTE_SIGNED_IN, "account.xsl", account_prefs,               prefs_params,    0},
    {REQ_GET,  "/account/password",             "account.password_form",ROUTE_SIGNED_IN, "account.xsl", account_password_form,       NULL,            0},
    {REQ_POST, "/account/password",             "account.password",     ROUTE_SIGNED_IN, "account.xsl", account_password,            password_params, 0},
    {REQ_GET,  "/account/sessions",             "account.sessions",     ROUTE_SIGNED_IN, "account.xsl", account_sessions,            NULL,            0},
    {REQ_POST, "/account/sessions/end-others",  "account.sessions_end", ROUTE_SIGNED_IN, "account.xsl", account_sessions_end_others, NULL,            0},
    {REQ_POST, "/account/sessions/{id}/end",    "account.session_end",  ROUTE_SIGNED_IN, "account.xsl", account_session_end,         NULL,            0},
    {REQ_GET,  "/account/keys",                 "account.keys",         "account.apikey","account.xsl", account_keys,                NULL,            0},
    {REQ_POST, "/account/keys",                 "account.key_new",      "account.apikey","account.xsl", account_key_new,             key_params,      0},
    {REQ_POST, "/account/keys/{id}/revoke",     "account.key_revoke",   "account.apikey","account.xsl", account_key_revoke,          NULL,            0},
};
/* clang-format on */

const struct module account_module = {"account", routes,
                                      sizeof(routes) / sizeof(routes[0])};
