/*
 * auth.h - who is asking, and what they may do (issue 3; SECURITY.md
 * classes 1, 4, 8).
 *
 * The dispatcher calls auth_identify() for every request that reaches a
 * route: a session cookie (browsers) or an API key (integrators, on XML
 * only) becomes c->user with the user's permissions and place in the
 * organisation.  Then the route's permission is checked (auth_can), and
 * every unsafe method of a cookie session must carry the session's CSRF
 * token in the field `csrf` and, when the browser sends one, an Origin of
 * this site.
 *
 * Sessions live in qd_session (only the SHA-256 of the token is stored):
 * idle and absolute lifetimes from the configuration, ended at logout,
 * all of a user's sessions ended on a password change or when the user is
 * disabled.  Nothing about a session lives in a worker.
 */
#ifndef QUDAO_AUTH_H
#define QUDAO_AUTH_H

#include <stddef.h>
#include <stdint.h>

struct ctx;

struct auth_user {
    int64_t id;
    const char *login;
    const char *name;
    const char *lang;         /* preference, or NULL */
    const char *theme;        /* preference, or NULL */
    int64_t unit_id;          /* organisation unit the user sits at; 0: none */
    int64_t party_id;         /* channel party (agents and dealers); 0: none */
    int64_t session_id;       /* 0 when identified by an API key */
    const char *csrf;         /* the session's token */
    const char *const *perms; /* sorted */
    size_t n_perms;
};

/* The permission that grants every other (the administrator's role). */
#define AUTH_PERM_ALL "*"

/*
 * Identify the request (cookie or API key) and load the user's
 * permissions into c->user (NULL when anonymous).  An expired or ended
 * session is anonymous.  Returns 0, or -1 on a database failure (the
 * error is recorded in c).
 */
int auth_identify(struct ctx *c);

/* Does the current user hold perm (or AUTH_PERM_ALL)? */
int auth_can(const struct ctx *c, const char *perm);

/*
 * For an unsafe method: the form's csrf field must equal the session's
 * token (or, without a session, the pre-login token cookie), and an
 * Origin header, when present, must name this host.  0 when fine, else
 * -1 with a 403 recorded.
 */
int auth_check_csrf(struct ctx *c);

/* The CSRF token of this response: the session's, or a pre-login token
 * (set as a cookie when new).  Never NULL. */
const char *auth_csrf_token(struct ctx *c);

/*
 * Log in: throttling per account and address, the password check with
 * the same work for unknown users, a new session (new token: no
 * fixation), the cookie, the audit record.  Returns 0 on success; -1 with
 * a 422 (bad credentials), 429 (throttled) or a database error recorded.
 */
int auth_login(struct ctx *c, const char *login, const char *password);

/* End the current session and clear the cookie. */
int auth_logout(struct ctx *c);

/* End every session of a user but keep_session_id (0: all). */
int auth_end_sessions(struct ctx *c, int64_t user_id, int64_t keep_session_id);

/* Start a new session for the current user (after a password change). */
int auth_new_session(struct ctx *c, int64_t user_id);

/* NULL when pw is acceptable as a new password, else why not. */
const char *auth_password_problem(const char *pw, const char *login);

/* An API key: returns the key to show once, stores its hash. */
int auth_api_key_new(struct ctx *c, const char *label, const char **key);

#endif
