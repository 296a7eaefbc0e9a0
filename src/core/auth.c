/*
 * auth.c - sessions, API keys, CSRF, login and logout (see auth.h).
 *
 * A session token is 32 random bytes, base64url in the cookie; the table
 * holds only its SHA-256 (hex), so a copy of the database opens nothing.
 * The cookie is `__Host-qd_session` (Secure) when served over HTTPS and
 * `qd_session` on the loopback HTTP quick start; HttpOnly, SameSite=Lax,
 * Path=/.  Before login, the CSRF token of the login form rides in its own
 * cookie (`qd_csrf`, double submit), so the login form is protected too.
 */
#include "auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "../db/db.h"
#include "audit.h"
#include "auth_hash.h"
#include "cfg.h"
#include "clock.h"
#include "ctx.h"
#include "form.h"
#include "log.h"
#include "utf8.h"
#include "xd.h"

#define TOKEN_BYTES 32
#define TOKEN_CHARS 43 /* base64url of 32 bytes, no padding */
#define TOUCH_EVERY 60 /* seconds between updates of seen_at */

/* A channel user (agent or dealer staff) may log in only while the party
 * they sit at is approved (qualification, issue 4). */
#define PARTY_OPEN                                                             \
    " AND (us.party_id IS NULL OR EXISTS (SELECT 1 FROM party pp"              \
    " WHERE pp.id = us.party_id AND pp.status = 'approved'))"

/* The session, its user and the user's permissions in one statement (one
 * round trip per request instead of two): a row per permission the
 * user's roles grant (duplicates when two roles grant one; a NULL perm
 * for a role that grants none, or for a user without roles), each with
 * the session's columns.  user_scope has at most one row per user. */
DB_STATEMENT(sql_session_get, 0,
             "SELECT s.id, s.user_id, s.csrf, s.seen_at, u.login,"
             " u.display_name, u.lang, u.theme, us.unit_id, us.party_id,"
             " rp.perm"
             " FROM qd_session s"
             " JOIN qd_user u ON u.id = s.user_id"
             " LEFT JOIN user_scope us ON us.user_id = u.id"
             " LEFT JOIN user_role ur ON ur.user_id = u.id"
             " LEFT JOIN role_perm rp ON rp.role_id = ur.role_id"
             " WHERE s.token_hash = ? AND s.ended_at IS NULL"
             " AND s.expires_at > ? AND s.seen_at > ?"
             " AND u.status = 'active'" PARTY_OPEN);
DB_STATEMENT(sql_session_touch, 0,
             "UPDATE qd_session SET seen_at = ?"
             " WHERE id = ? AND seen_at < ?");
DB_STATEMENT(sql_perms, 0,
             "SELECT DISTINCT rp.perm"
             " FROM user_role ur"
             " JOIN role_perm rp ON rp.role_id = ur.role_id"
             " WHERE ur.user_id = ?"
             " ORDER BY rp.perm");
DB_STATEMENT(sql_apikey_get, 0,
             "SELECT k.id, u.id, u.login, u.display_name, u.lang, u.theme,"
             " us.unit_id, us.party_id"
             " FROM api_key k"
             " JOIN qd_user u ON u.id = k.user_id"
             " LEFT JOIN user_scope us ON us.user_id = u.id"
             " WHERE k.key_hash = ? AND k.revoked_at IS NULL"
             " AND u.status = 'active'" PARTY_OPEN);
DB_STATEMENT(sql_apikey_used, 0, "UPDATE api_key SET used_at = ? WHERE id = ?");
DB_STATEMENT(sql_apikey_add, 0,
             "INSERT INTO api_key (id, user_id, key_hash, label, created_at)"
             " VALUES (?, ?, ?, ?, ?)");
DB_STATEMENT(sql_login_user, 0,
             "SELECT u.id, u.pw_hash, CASE WHEN us.party_id IS NULL"
             " OR EXISTS (SELECT 1 FROM party pp WHERE pp.id = us.party_id"
             " AND pp.status = 'approved') THEN u.status ELSE 'closed' END"
             " FROM qd_user u LEFT JOIN user_scope us ON us.user_id = u.id"
             " WHERE u.login = ?");
DB_STATEMENT(sql_fail_by_login, 0,
             "SELECT COUNT(*) FROM login_failure WHERE login = ? AND at > ?");
DB_STATEMENT(sql_fail_by_addr, 0,
             "SELECT COUNT(*) FROM login_failure WHERE addr = ? AND at > ?");
DB_STATEMENT(sql_fail_add, 0,
             "INSERT INTO login_failure (id, login, addr, at)"
             " VALUES (?, ?, ?, ?)");
DB_STATEMENT(sql_fail_clear, 0, "DELETE FROM login_failure WHERE login = ?");
DB_STATEMENT(sql_rehash, 0,
             "UPDATE qd_user SET pw_hash = ?, updated_at = ? WHERE id = ?");
DB_STATEMENT(sql_session_add, 0,
             "INSERT INTO qd_session (id, token_hash, user_id, csrf,"
             " created_at, seen_at, expires_at, addr, agent)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
DB_STATEMENT(sql_session_end, 0,
             "UPDATE qd_session SET ended_at = ?"
             " WHERE id = ? AND ended_at IS NULL");
DB_STATEMENT(sql_sessions_end, 0,
             "UPDATE qd_session SET ended_at = ?"
             " WHERE user_id = ? AND id <> ? AND ended_at IS NULL");

/* ---- tokens ---------------------------------------------------------------
 */

/* n random bytes as base64url without padding, in the arena. */
static char *
random_token(struct arena *a, size_t n)
{
    static const char b64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        "0123456789-_";
    unsigned char raw[64];
    char *out = arena_alloc(a, (n * 4 + 2) / 3 + 1), *p = out;
    unsigned v = 0;
    int bits = 0;

    if (n > sizeof(raw) || RAND_bytes(raw, (int)n) != 1) {
        log_error("auth: no random bytes");
        abort();
    }
    for (size_t i = 0; i < n; i++) {
        v = (v << 8) | raw[i];
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            *p++ = b64[(v >> bits) & 63];
        }
    }
    if (bits > 0)
        *p++ = b64[(v << (6 - bits)) & 63];
    *p = '\0';
    return out;
}

/* SHA-256 of s as 64 hex characters, in the arena. */
static char *
sha256_hex(struct arena *a, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char md[32];
    unsigned int len = 0;
    char *out = arena_alloc(a, 65);

    EVP_Digest(s, strlen(s), md, &len, EVP_sha256(), NULL);
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
    return out;
}

/* A token from outside: exactly TOKEN_CHARS of base64url. */
static int
token_shape_ok(const char *t)
{
    return t != NULL && strlen(t) == TOKEN_CHARS &&
           strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                     "0123456789-_") == TOKEN_CHARS;
}

static const char *
session_cookie(const struct ctx *c)
{
    return c->req->https ? "__Host-qd_session" : "qd_session";
}

static const char *
csrf_cookie(const struct ctx *c)
{
    return c->req->https ? "__Host-qd_csrf" : "qd_csrf";
}

static void
set_cookie(struct ctx *c, const char *name, const char *value, long max_age)
{
    ctx_header(c, "Set-Cookie",
               arena_printf(c->a, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s",
                            name, value, c->req->https ? "; Secure" : "",
                            max_age >= 0
                                ? arena_printf(c->a, "; Max-Age=%ld", max_age)
                                : ""));
}

/* ---- identification --------------------------------------------------------
 */

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Give u the permissions in column col of r's rows: sorted, without
 * duplicates and NULLs; the strings stay in r's arena. */
static void
perms_from_rows(struct ctx *c, struct auth_user *u, const struct db_rows *r,
                size_t col)
{
    const char **perms = arena_alloc(c->a, (r->n_rows + 1) * sizeof(*perms));
    size_t n = 0, k = 0;

    for (size_t i = 0; i < r->n_rows; i++)
        if (db_cell(r, i, col) != NULL)
            perms[n++] = db_cell(r, i, col);
    qsort(perms, n, sizeof(*perms), cmp_str);
    for (size_t i = 0; i < n; i++)
        if (k == 0 || strcmp(perms[k - 1], perms[i]) != 0)
            perms[k++] = perms[i];
    u->perms = perms;
    u->n_perms = k;
}

/* Load the permissions of u (sorted; for an API key's user). */
static int
load_perms(struct ctx *c, struct auth_user *u)
{
    struct db_param p[1] = {DB_INT(u->id)};
    struct db_rows r;

    if (db_query(c->db, c->a, &sql_perms, p, 1, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    perms_from_rows(c, u, &r, 0);
    return 0;
}

/* The API key from "Authorization: Bearer <key>" (XML requests only). */
static const char *
bearer_key(const struct ctx *c)
{
    const char *h = c->req->authorization;

    if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
        return NULL;
    return h + 7;
}

static int
identify_key(struct ctx *c, const char *key)
{
    struct db_param p[2];
    struct db_rows r;
    struct auth_user *u;

    if (!token_shape_ok(key))
        return 0;
    p[0] = DB_TEXT(sha256_hex(c->a, key));
    if (db_query(c->db, c->a, &sql_apikey_get, p, 1, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return 0;
    u = arena_zalloc(c->a, sizeof(*u));
    u->id = db_cell_int(&r, 0, 1);
    u->login = db_cell(&r, 0, 2);
    u->name = db_cell(&r, 0, 3);
    u->lang = db_cell(&r, 0, 4);
    u->theme = db_cell(&r, 0, 5);
    u->unit_id = db_cell_int(&r, 0, 6);
    u->party_id = db_cell_int(&r, 0, 7);
    u->csrf = "";
    p[0] = DB_TS(clock_now());
    p[1] = DB_INT(db_cell_int(&r, 0, 0));
    if (db_exec(c->db, &sql_apikey_used, p, 2, NULL) != 0 ||
        db_commit(c->db) != 0)
        return ctx_db_fail(c);
    c->user = u;
    return load_perms(c, u);
}

/* Is seen_at ("YYYY-MM-DD HH:MM:SS", UTC, as every engine returns it)
 * older than TOUCH_EVERY seconds?  Unreadable: yes. */
static int
touch_due(const char *seen_at, time_t now)
{
    time_t limit = now - TOUCH_EVERY;
    struct tm tm;
    char buf[24];

    if (seen_at == NULL || strlen(seen_at) < 19)
        return 1;
    gmtime_r(&limit, &tm);
    strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
    return strncmp(seen_at, buf, 19) < 0;
}

int
auth_identify(struct ctx *c)
{
    const char *tok = req_cookie(c->req, session_cookie(c));
    const char *key = c->req->want_xml ? bearer_key(c) : NULL;
    time_t now = clock_now();
    struct db_param p[3];
    struct db_rows r;
    struct auth_user *u;

    c->user = NULL;
    if (key != NULL)
        return identify_key(c, key);
    if (!token_shape_ok(tok))
        return 0;
    p[0] = DB_TEXT(sha256_hex(c->a, tok));
    p[1] = DB_TS(now);
    p[2] = DB_TS(now - cfg->session_idle);
    if (db_query(c->db, c->a, &sql_session_get, p, 3, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return 0;
    u = arena_zalloc(c->a, sizeof(*u));
    u->session_id = db_cell_int(&r, 0, 0);
    u->id = db_cell_int(&r, 0, 1);
    u->csrf = db_cell(&r, 0, 2);
    u->login = db_cell(&r, 0, 4);
    u->name = db_cell(&r, 0, 5);
    u->lang = db_cell(&r, 0, 6);
    u->theme = db_cell(&r, 0, 7);
    u->unit_id = db_cell_int(&r, 0, 8);
    u->party_id = db_cell_int(&r, 0, 9);
    perms_from_rows(c, u, &r, 10);
    /* keep the session alive, writing at most once a minute: the read
     * ends first (on SQLite a read-then-write transaction fails when
     * another worker wrote meanwhile; PORTABILITY.md item 9), then the
     * UPDATE runs alone and guarded.  Otherwise the read transaction
     * stays open for the handler, as the permissions query used to
     * leave it. */
    if (touch_due(db_cell(&r, 0, 3), now)) {
        db_rollback(c->db);
        p[0] = DB_TS(now);
        p[1] = DB_INT(u->session_id);
        p[2] = DB_TS(now - TOUCH_EVERY);
        if (db_exec(c->db, &sql_session_touch, p, 3, NULL) != 0 ||
            db_commit(c->db) != 0)
            return ctx_db_fail(c);
    }
    c->user = u;
    return 0;
}

int
auth_can(const struct ctx *c, const char *perm)
{
    const struct auth_user *u = c->user;

    if (u == NULL)
        return 0;
    for (size_t i = 0; i < u->n_perms; i++)
        if (strcmp(u->perms[i], perm) == 0 ||
            strcmp(u->perms[i], AUTH_PERM_ALL) == 0)
            return 1;
    return 0;
}

/* ---- CSRF
 * -------------------------------------------------------------------- */

const char *
auth_csrf_token(struct ctx *c)
{
    const char *t;

    if (c->user != NULL && c->user->session_id > 0)
        return c->user->csrf;
    t = req_cookie(c->req, csrf_cookie(c));
    if (token_shape_ok(t))
        return t;
    t = random_token(c->a, TOKEN_BYTES);
    set_cookie(c, csrf_cookie(c), t, -1);
    /* remember it for the rest of this request */
    c->req->csrf_new = t;
    return t;
}

/* Does Origin name this site?  (Absent: browsers omit it on some same-
 * origin requests; the token is the real check.) */
static int
origin_ok(const struct ctx *c)
{
    const char *o = c->req->origin, *h = c->req->host;
    const char *scheme = c->req->https ? "https://" : "http://";
    size_t sl = strlen(scheme);

    if (o == NULL)
        return 1;
    if (h == NULL || strncmp(o, scheme, sl) != 0)
        return 0;
    return strcmp(o + sl, h) == 0;
}

int
auth_check_csrf(struct ctx *c)
{
    const struct req_field *f = req_field(c->req, "csrf");
    const char *want;

    if (c->user != NULL && c->user->session_id == 0)
        return 0; /* an API key: no cookie, nothing to forge */
    if (c->user != NULL)
        want = c->user->csrf;
    else
        want = req_cookie(c->req, csrf_cookie(c));
    if (!origin_ok(c) || f == NULL || want == NULL || want[0] == '\0' ||
        strlen(want) != f->len || CRYPTO_memcmp(want, f->value, f->len) != 0) {
        log_warn("req=%s csrf: refused (%s)", c->request_id,
                 origin_ok(c) ? "token" : "origin");
        return ctx_fail(c, 403, "csrf",
                        "the form has expired or did not come from this "
                        "site",
                        NULL);
    }
    return 0;
}

/* ---- passwords
 * ---------------------------------------------------------------- */

const char *
auth_password_problem(const char *pw, const char *login)
{
    static const char *const common[] = {
        "password1234",  "123456789012",  "1234567890ab",
        "qwertyuiopas",  "qwerty123456",  "passwordpassword",
        "password123!",  "passw0rd1234",  "iloveyou1234",
        "administrator", "changeme1234",  "welcome12345",
        "letmein12345",  "abcdefghijkl",  "abc123456789",
        "qudao1234567",  "1q2w3e4r5t6y",  "zaq12wsxcde3",
        "woaini123456",  "a123456789012", NULL};
    size_t chars, n = strlen(pw), same = 0;

    if (utf8_check(pw, n, 0, &chars) != 0)
        return "the password holds characters that are not allowed";
    if (chars < 12)
        return "a password has at least 12 characters";
    if (chars > 128)
        return "a password has at most 128 characters";
    if (login != NULL && strcasecmp(pw, login) == 0)
        return "the password may not be the login";
    for (size_t i = 1; i < n; i++)
        same += pw[i] == pw[0];
    if (same == n - 1)
        return "the password is one character repeated";
    for (const char *const *p = common; *p != NULL; p++)
        if (strcasecmp(pw, *p) == 0)
            return "this password is too common";
    return NULL;
}

/* ---- login, logout, sessions
 * ------------------------------------------------------ */

int
auth_new_session(struct ctx *c, int64_t user_id)
{
    const char *tok = random_token(c->a, TOKEN_BYTES);
    const char *csrf = random_token(c->a, TOKEN_BYTES);
    time_t now = clock_now();
    struct db_param p[9];
    int64_t id;

    if (db_next_id(c->db, "qd_session", &id) != 0)
        return ctx_db_fail(c);
    p[0] = DB_INT(id);
    p[1] = DB_TEXT(sha256_hex(c->a, tok));
    p[2] = DB_INT(user_id);
    p[3] = DB_TEXT(csrf);
    p[4] = DB_TS(now);
    p[5] = DB_TS(now);
    p[6] = DB_TS(now + cfg->session_max);
    p[7] = DB_TEXT(c->req->remote_addr);
    p[8] = DB_TEXT(NULL);
    if (db_exec(c->db, &sql_session_add, p, 9, NULL) != 0)
        return ctx_db_fail(c);
    set_cookie(c, session_cookie(c), tok, -1);
    if (c->user != NULL && c->user->id == user_id) {
        c->user->session_id = id;
        c->user->csrf = csrf;
    }
    return 0;
}

/* Failures for this login or address inside the window. */
static int
throttled(struct ctx *c, const char *login, int *over)
{
    struct db_param p[2];
    struct db_rows r1, r2;

    p[0] = DB_TEXT(login);
    p[1] = DB_TS(clock_now() - cfg->login_window);
    if (db_query(c->db, c->a, &sql_fail_by_login, p, 2, 0, 0, &r1) != 0)
        return ctx_db_fail(c);
    p[0] = DB_TEXT(c->req->remote_addr != NULL ? c->req->remote_addr : "-");
    if (db_query(c->db, c->a, &sql_fail_by_addr, p, 2, 0, 0, &r2) != 0)
        return ctx_db_fail(c);
    *over = db_cell_int(&r1, 0, 0) >= cfg->login_max_failures ||
            db_cell_int(&r2, 0, 0) >= cfg->login_max_failures;
    db_rollback(c->db);
    return 0;
}

static int
record_failure(struct ctx *c, const char *login, int64_t user_id)
{
    struct db_param p[4];
    int64_t id;

    if (db_next_id(c->db, "login_failure", &id) != 0)
        return ctx_db_fail(c);
    p[0] = DB_INT(id);
    p[1] = DB_TEXT(login);
    p[2] = DB_TEXT(c->req->remote_addr != NULL ? c->req->remote_addr : "-");
    p[3] = DB_TS(clock_now());
    if (db_exec(c->db, &sql_fail_add, p, 4, NULL) != 0 ||
        audit_write(c, "login", user_id, "fail", login) != 0 ||
        db_commit(c->db) != 0)
        return ctx_db_fail(c);
    return 0;
}

int
auth_login(struct ctx *c, const char *login, const char *password)
{
    struct db_param p[3];
    struct db_rows r;
    int over = 0, ok;
    int64_t uid;
    const char *hash;

    if (throttled(c, login, &over) != 0)
        return -1;
    if (over) {
        audit_write_now(c, "login", 0, "throttled", login);
        return ctx_fail(c, 429, "too_many_attempts",
                        "too many failed logins; try again later", NULL);
    }
    p[0] = DB_TEXT(login);
    if (db_query(c->db, c->a, &sql_login_user, p, 1, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    db_rollback(c->db);
    if (r.n_rows == 0) {
        auth_hash_dummy(password); /* the same work: no timing oracle */
        ok = 0;
        uid = 0;
        hash = NULL;
    } else {
        uid = db_cell_int(&r, 0, 0);
        hash = db_cell(&r, 0, 1);
        ok = auth_hash_verify(password, hash) == 1 &&
             strcmp(db_cell(&r, 0, 2), "active") == 0;
    }
    if (!ok) {
        if (record_failure(c, login, uid) != 0)
            return -1;
        form_error(c, "login", "bad_credentials",
                   "wrong login or password, or the account is disabled");
        return -1;
    }
    if (auth_hash_outdated(hash)) {
        char fresh[AUTH_HASH_MAX];

        if (auth_hash_make(password, fresh, sizeof(fresh)) == 0) {
            p[0] = DB_TEXT(arena_strdup(c->a, fresh));
            p[1] = DB_TS(clock_now());
            p[2] = DB_INT(uid);
            if (db_exec(c->db, &sql_rehash, p, 3, NULL) != 0)
                return ctx_db_fail(c);
        }
    }
    p[0] = DB_TEXT(login);
    if (db_exec(c->db, &sql_fail_clear, p, 1, NULL) != 0 ||
        auth_new_session(c, uid) != 0)
        return ctx_db_fail(c);
    {
        struct auth_user *saved = c->user;
        struct auth_user who = {0};

        who.id = uid;
        c->user = &who; /* the audit row names the user who logged in */
        if (audit_write(c, "login", uid, "login", login) != 0) {
            c->user = saved;
            return ctx_db_fail(c);
        }
        c->user = saved;
    }
    if (db_commit(c->db) != 0)
        return ctx_db_fail(c);
    return 0;
}

int
auth_end_sessions(struct ctx *c, int64_t user_id, int64_t keep)
{
    struct db_param p[3];

    p[0] = DB_TS(clock_now());
    p[1] = DB_INT(user_id);
    p[2] = DB_INT(keep);
    return db_exec(c->db, &sql_sessions_end, p, 3, NULL);
}

int
auth_logout(struct ctx *c)
{
    struct db_param p[2];

    if (c->user != NULL && c->user->session_id > 0) {
        p[0] = DB_TS(clock_now());
        p[1] = DB_INT(c->user->session_id);
        if (db_exec(c->db, &sql_session_end, p, 2, NULL) != 0 ||
            audit_write(c, "login", c->user->id, "logout", c->user->login) !=
                0 ||
            db_commit(c->db) != 0)
            return ctx_db_fail(c);
    }
    set_cookie(c, session_cookie(c), "", 0);
    return 0;
}

int
auth_api_key_new(struct ctx *c, const char *label, const char **key)
{
    struct db_param p[5];
    int64_t id;
    const char *k = random_token(c->a, TOKEN_BYTES);

    if (c->user == NULL || db_next_id(c->db, "api_key", &id) != 0)
        return -1;
    p[0] = DB_INT(id);
    p[1] = DB_INT(c->user->id);
    p[2] = DB_TEXT(sha256_hex(c->a, k));
    p[3] = DB_TEXT(label);
    p[4] = DB_TS(clock_now());
    if (db_exec(c->db, &sql_apikey_add, p, 5, NULL) != 0)
        return -1;
    *key = k;
    return 0;
}
