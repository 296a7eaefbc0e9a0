/*
 * admin.c - system management (P10, P8): users, roles and rights, the
 * audit trail, basic settings.
 *
 * Pages:  GET  /admin/users                 users in the admin's scope
 *         GET  /admin/users/new             the new-user form
 *         POST /admin/users/new             create (user, scope, roles)
 *         GET  /admin/users/{id}            one user, roles, sessions, trail
 *         POST /admin/users/{id}/disable    disable, end the sessions
 *         POST /admin/users/{id}/enable
 *         POST /admin/users/{id}/password   reset, end the sessions
 *         POST /admin/users/{id}/roles      replace the roles
 *         POST /admin/users/{id}/scope      move to another unit or party
 *         GET  /admin/roles                 every role
 *         GET  /admin/roles/new, POST       the new-role form, create
 *         GET  /admin/roles/{id}            one role and its permissions
 *         GET  /admin/roles/{id}/edit, POST edit (version checked: 409)
 *         POST /admin/roles/{id}/copy       "<code>-copy", same permissions
 *         GET  /admin/audit                 search the audit trail
 *         GET  /admin/settings, POST        basic settings
 * Tables: qd_user, user_scope, user_role, qd_role, role_perm, qd_session
 *         (counted), audit_log, setting, org_unit/org_closure (scope),
 *         party (the place of a channel user, read only)
 * Style:  xsl/admin.xsl; data elements users, user, user-form, roles,
 *         role, role-form, audit, settings (schema/xsd/admin.xsd)
 *
 * Rights.  Users are fetched and listed only inside the admin's scope
 * (USER_SCOPE): a staff user whose user_scope unit is in the admin's
 * subtree, or a channel user (agents' and dealers' staff, user_scope
 * party_id set, unit_id NULL) whose party is serviced by a unit in that
 * subtree (party.unit_id).  A user elsewhere, or one at neither, answers
 * 404 like a missing id.  A new or moved user lands only on a unit in
 * that subtree or on a party serviced from it.  Nobody grants what they
 * do not hold: a role is assignable only when the admin holds every
 * permission it grants, and a permission is added to a role only by
 * someone who holds it -- so user.manage and role.manage never lift
 * anyone above the admin.  Nobody changes their own roles, scope or
 * status.
 *
 * The place of a user.  A new user sits either at a unit (staff: the
 * "unit" select) or at a party (a channel user: the "party" field, a
 * party code typed, since parties run into thousands); exactly one of the
 * two, else 422 on the field.  The party must be in the scope (else 422
 * "not a party you manage") and neither rejected nor retired; a party not
 * yet approved is accepted, but its users cannot log in until it is
 * (src/core/auth.c), which the user's page says.  A move
 * (/admin/users/{id}/scope) keeps the kind: staff move between units,
 * channel users between parties, and a switch from one kind to the other
 * is refused (422): it changes what the login may see so much that it is
 * a new login.
 *
 * Roles by place (ROLE_CHANNEL_PERMS).  At a party a user may hold only
 * the roles "agent" and "dealer" (by code) or roles that hold no
 * permission outside the channel allow-list: product.view, party.view,
 * ledger.view, statement.answer, ticket.view, ticket.create,
 * account.apikey.  A staff user at a unit may not hold "agent" or
 * "dealer".  Either refusal is a 422 on the roles, on create and on a
 * change of roles.  (Roles the admin may not grant and the user already
 * holds stay as they are, unchecked, as before.)
 *
 * Roles and settings are global (one catalog for the company).  The
 * audit trail is not scoped either: audit.view is for administrators and
 * the permission is the whole control (a scoped trail would hide exactly
 * the cross-branch actions an auditor looks for).
 *
 * Every POST writes in one unit of work (db_uow) with its audit record;
 * validation problems re-show the form (422) with what was typed; the
 * password is never echoed, logged or audited.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/audit.h"
#include "../core/auth.h"
#include "../core/auth_hash.h"
#include "../core/cfg.h"
#include "../core/clock.h"
#include "../core/ctx.h"
#include "../core/form.h"
#include "../core/scope.h"
#include "../core/text.h"
#include "../core/xd.h"
#include "../db/db.h"

#define ADMIN_PAGE      50  /* rows of a list page */
#define ADMIN_HISTORY   20  /* audit rows on a user's page */
#define ADMIN_MAX_ROLES 100 /* roles given in one form */
#define ADMIN_MAX_PERMS 500 /* permissions given in one form */
#define ID_MAX          999999999999999999LL

/* ---- SQL -------------------------------------------------------------- */

#define LIKE_ESC " ESCAPE '" TEXT_LIKE_ESCAPE "'"

#define USER_FROM                                                              \
    " FROM qd_user u"                                                          \
    " JOIN user_scope us ON us.user_id = u.id"                                 \
    " LEFT JOIN org_unit o ON o.id = us.unit_id"                               \
    " LEFT JOIN party pt ON pt.id = us.party_id"

/*
 * The one scope of users (one parameter, scope_unit(c)): a staff user
 * sits at a unit of the admin's subtree, a channel user at a party whose
 * servicing unit is in it.  A user with a party_id is a channel user and
 * judged by the party alone (as src/core/auth.c judges the login), any
 * other by the unit; one at neither matches nothing.
 */
#define USER_SCOPE                                                             \
    SCOPE_UNIT_SQL("CASE WHEN us.party_id IS NULL THEN us.unit_id"             \
                   " ELSE pt.unit_id END")
/* the unit itself within the admin's subtree (one parameter) */
#define UNIT_SCOPE SCOPE_UNIT_SQL("o.id")
/* a party serviced from the admin's subtree (one parameter) */
#define PARTY_SCOPE SCOPE_UNIT_SQL("p.unit_id")

/* scope, then the search text (login, name or party code), the status,
 * the kind of user (staff, channel) */
#define USER_WHERE                                                             \
    " WHERE " USER_SCOPE " AND (CAST(? AS VARCHAR(100)) IS NULL"               \
    " OR u.login LIKE ?" LIKE_ESC " OR LOWER(u.display_name) LIKE ?" LIKE_ESC  \
    " OR LOWER(pt.code) LIKE ?" LIKE_ESC ")"                                   \
    " AND (CAST(? AS VARCHAR(10)) IS NULL OR u.status = ?)"                    \
    " AND (CAST(? AS VARCHAR(10)) IS NULL"                                     \
    " OR CASE WHEN us.party_id IS NULL THEN 'staff' ELSE 'channel' END = ?)"

/* the columns of a user's place, after the user's own */
#define USER_PLACE                                                             \
    " o.id, o.code, o.name, pt.id, pt.code, pt.name, pt.kind, pt.status"

#define USER_LIST                                                              \
    "SELECT u.id, u.login, u.display_name, u.status, u.created_at," USER_PLACE \
        USER_FROM USER_WHERE

DB_STATEMENT(sql_users_login_asc, DB_PAGED, USER_LIST " ORDER BY u.login ASC");
DB_STATEMENT(sql_users_login_desc, DB_PAGED,
             USER_LIST " ORDER BY u.login DESC");
DB_STATEMENT(sql_users_name_asc, DB_PAGED,
             USER_LIST " ORDER BY u.display_name ASC, u.login ASC");
DB_STATEMENT(sql_users_name_desc, DB_PAGED,
             USER_LIST " ORDER BY u.display_name DESC, u.login DESC");
DB_STATEMENT(sql_users_status_asc, DB_PAGED,
             USER_LIST " ORDER BY u.status ASC, u.login ASC");
DB_STATEMENT(sql_users_status_desc, DB_PAGED,
             USER_LIST " ORDER BY u.status DESC, u.login DESC");
DB_STATEMENT(sql_users_count, 0, "SELECT COUNT(*)" USER_FROM USER_WHERE);

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

DB_STATEMENT(sql_login_taken, 0, "SELECT id FROM qd_user WHERE login = ?");
DB_STATEMENT(sql_user_add, 0,
             "INSERT INTO qd_user (id, login, display_name, pw_hash, status,"
             " created_at, updated_at, version)"
             " VALUES (?, ?, ?, ?, 'active', ?, ?, 1)");
DB_STATEMENT(sql_scope_add, 0,
             "INSERT INTO user_scope (user_id, unit_id, party_id)"
             " VALUES (?, ?, ?)");
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

DB_STATEMENT(sql_units_in_scope, 0,
             "SELECT o.id, o.code, o.name FROM org_unit o"
             " WHERE o.status = 'active' AND " UNIT_SCOPE " ORDER BY o.code");
DB_STATEMENT(sql_unit_in_scope, 0,
             "SELECT o.id, o.code, o.name FROM org_unit o"
             " WHERE o.id = ? AND o.status = 'active'"
             " AND " UNIT_SCOPE);

DB_STATEMENT(sql_party_in_scope, 0,
             "SELECT p.id, p.code, p.status FROM party p"
             " WHERE p.code = ? AND " PARTY_SCOPE);

DB_STATEMENT(sql_roles_all, 0,
             "SELECT r.id, r.code, r.name FROM qd_role r ORDER BY r.code");
DB_STATEMENT(sql_role_perms_all, 0,
             "SELECT rp.role_id, rp.perm FROM role_perm rp"
             " ORDER BY rp.role_id, rp.perm");
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

/* time bounds first (always bound), then the optional filters */
#define AUDIT_FROM                                                             \
    " FROM audit_log a"                                                        \
    " LEFT JOIN qd_user x ON x.id = a.user_id"                                 \
    " WHERE a.at >= ? AND a.at < ?"                                            \
    " AND (CAST(? AS VARCHAR(60)) IS NULL OR x.login = ?)"                     \
    " AND (CAST(? AS VARCHAR(40)) IS NULL OR a.entity = ?)"                    \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR a.entity_id = ?)"                 \
    " AND (CAST(? AS VARCHAR(40)) IS NULL OR a.action = ?)"

DB_STATEMENT(sql_audit_search, DB_PAGED,
             "SELECT a.id, a.at, a.user_id, x.login, a.addr, a.entity,"
             " a.entity_id, a.action, a.detail" AUDIT_FROM
             " ORDER BY a.at DESC, a.id DESC");
DB_STATEMENT(sql_audit_count, 0, "SELECT COUNT(*)" AUDIT_FROM);

DB_STATEMENT(sql_settings_all, 0,
             "SELECT name, val, version FROM setting ORDER BY name");
DB_STATEMENT(sql_setting_set, 0,
             "UPDATE setting SET val = ?, version = version + 1"
             " WHERE name = ? AND version = ?");
DB_STATEMENT(sql_setting_put, 0,
             "UPDATE setting SET val = ?, version = version + 1"
             " WHERE name = ?");
DB_STATEMENT(sql_setting_add, 0,
             "INSERT INTO setting (name, val, version) VALUES (?, ?, 1)");

/* ---- small helpers ------------------------------------------------------ */

/* What went wrong inside a unit of work that is not a database error:
 * the unit returns 1 (rolled back) and the handler answers. */
enum problem {
    PB_NONE,
    PB_NOT_FOUND, /* the row is missing or outside the scope: 404 */
    PB_TAKEN,     /* login or code in use: 422 */
    PB_BAD_UNIT,  /* unit not in scope: 422 */
    PB_BAD_PARTY, /* party unknown or not in scope: 422 */
    PB_CLOSED,    /* party rejected or retired: 422 */
    PB_KIND,      /* a move between a unit and a party: 422 */
    PB_NOT_CHAN,  /* a role unfit for a channel user, at a party: 422 */
    PB_NOT_STAFF, /* the agent or dealer role for a staff user: 422 */
    PB_BAD_ROLE,  /* role unknown: 422 */
    PB_NOT_GRANT, /* role or permission the admin does not hold: 422 */
    PB_BAD_PERM,  /* permission not in the catalog: 422 */
    PB_CONFLICT   /* someone else saved first: 409 */
};

/* Record a problem and end the unit of work with a rollback. */
static int
stop(enum problem *pb, enum problem what)
{
    *pb = what;
    return 1;
}

static int64_t
self_id(const struct ctx *c)
{
    return c->user != NULL ? c->user->id : 0;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return x < y ? -1 : x > y;
}

/* A sorted set of strings (in the arena). */
struct strset {
    const char **v;
    size_t n;
};

/* Sort and drop duplicates. */
static void
strset_finish(struct strset *s)
{
    size_t k = 0;

    if (s->n == 0)
        return;
    qsort(s->v, s->n, sizeof(*s->v), cmp_str);
    for (size_t i = 1; i < s->n; i++)
        if (strcmp(s->v[i], s->v[k]) != 0)
            s->v[++k] = s->v[i];
    s->n = k + 1;
}

static int
strset_has(const struct strset *s, const char *x)
{
    return s->n > 0 && bsearch(&x, s->v, s->n, sizeof(*s->v), cmp_str) != NULL;
}

/* "a, b, c" */
static const char *
strset_join(struct arena *a, const struct strset *s)
{
    struct sbuf b;

    sbuf_init(&b, a, 64);
    for (size_t i = 0; i < s->n; i++) {
        if (i > 0)
            sbuf_adds(&b, ", ");
        sbuf_adds(&b, s->v[i]);
    }
    return b.buf;
}

/* The elements of x not in y (both sorted), into out. */
static void
strset_minus(struct arena *a, const struct strset *x, const struct strset *y,
             struct strset *out)
{
    out->v = arena_alloc(a, (x->n + 1) * sizeof(*out->v));
    out->n = 0;
    for (size_t i = 0; i < x->n; i++)
        if (!strset_has(y, x->v[i]))
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
    sbuf_printf(d, "%s: %s", field, strset_join(d->a, s));
}

/* Every value of the list field name, non-empty ones only (the route's
 * table has checked each already). */
static void
form_list(struct ctx *c, const char *name, struct strset *out)
{
    const struct req *r = c->req;

    out->v = arena_alloc(c->a, (r->n_fields + 1) * sizeof(*out->v));
    out->n = 0;
    for (size_t i = 0; i < r->n_fields; i++)
        if (strcmp(r->fields[i].name, name) == 0 &&
            r->fields[i].value[0] != '\0')
            out->v[out->n++] = r->fields[i].value;
}

/* The role ids of the list field "role": distinct, sorted; refuses more
 * than ADMIN_MAX_ROLES.  In the arena. */
static void
form_role_ids(struct ctx *c, int64_t **ids, size_t *n)
{
    struct strset s;
    size_t k = 0;

    form_list(c, "role", &s);
    *ids = arena_alloc(c->a, (s.n + 1) * sizeof(**ids));
    if (s.n > ADMIN_MAX_ROLES) {
        form_error(c, "role", "too_many", "too many roles");
        *n = 0;
        return;
    }
    for (size_t i = 0; i < s.n; i++)
        (*ids)[k++] = strtoll(s.v[i], NULL, 10);
    qsort(*ids, k, sizeof(**ids), cmp_id);
    *n = 0;
    for (size_t i = 0; i < k; i++)
        if (i == 0 || (*ids)[i] != (*ids)[i - 1])
            (*ids)[(*n)++] = (*ids)[i];
}

static int
has_id(const int64_t *ids, size_t n, int64_t id)
{
    return n > 0 && bsearch(&id, ids, n, sizeof(*ids), cmp_id) != NULL;
}

/* s holds only characters of set and is not empty. */
static int
only_chars(const char *s, const char *set)
{
    return s != NULL && *s != '\0' && strspn(s, set) == strlen(s);
}

#define LOWER_DIGITS "abcdefghijklmnopqrstuvwxyz0123456789"

/* A login or role code: lower-cased, [a-z0-9._-], starting with a letter
 * or digit.  NULL (and the field refused) when it is not one. */
static const char *
form_code(struct ctx *c, const char *field, long max)
{
    const char *v = form_text(c, field, FORM_REQUIRED, max);
    char *low;

    if (v == NULL)
        return NULL;
    low = text_lower_ascii(c->a, v);
    if (!only_chars(low, LOWER_DIGITS "._-") ||
        strchr(LOWER_DIGITS, low[0]) == NULL) {
        form_error(c, field, "bad_code",
                   "letters a-z, digits, '.', '_' and '-' only, "
                   "starting with a letter or digit");
        return NULL;
    }
    return low;
}

/* <entry> rows of the audit trail: columns id, at, user_id, login, addr,
 * [entity, entity_id,] action, detail. */
static void
put_entry(struct ctx *c, xmlNodePtr parent, const struct db_rows *r, size_t i,
          int with_entity)
{
    xmlNodePtr n = xd_elem(parent, "entry");
    size_t k = with_entity ? 7 : 5;

    xd_attr(n, "id", db_cell(r, i, 0));
    xd_attr(n, "at", text_iso_ts(c->a, db_cell(r, i, 1)));
    xd_attr(n, "user-id", db_cell(r, i, 2));
    xd_attr(n, "user-login", db_cell(r, i, 3));
    xd_attr(n, "addr", db_cell(r, i, 4));
    if (with_entity) {
        xd_attr(n, "entity", db_cell(r, i, 5));
        xd_attr(n, "entity-id", db_cell(r, i, 6));
    }
    xd_attr(n, "action", db_cell(r, i, k));
    xd_attr(n, "detail", db_cell(r, i, k + 1));
}

/* Paging numbers of a list element. */
static void
put_paging(xmlNodePtr list, int64_t page, int64_t pages, int64_t total,
           size_t n_rows)
{
    xd_attr_int(list, "page", page);
    xd_attr_int(list, "pages", pages);
    xd_attr_int(list, "total", total);
    xd_attr_int(list, "per-page", ADMIN_PAGE);
    xd_attr_int(list, "first", n_rows ? (page - 1) * ADMIN_PAGE + 1 : 0);
    xd_attr_int(list, "last", (page - 1) * ADMIN_PAGE + (int64_t)n_rows);
}

/* ---- roles as the admin may grant them -------------------------------- */

struct role_info {
    int64_t id;
    const char *code, *name;
    int grantable; /* the admin holds every permission of the role */
    int channel;   /* fit for a user at a party (ROLE_CHANNEL_PERMS) */
    int partner;   /* "agent" or "dealer": only for a user at a party */
};

/* The roles made for channel users, and the permissions a role of an
 * administrator's own may hold to be given to a user at a party (see the
 * header: Roles by place). */
static const char *const role_partner_codes[] = {"agent", "dealer", NULL};
static const char *const role_channel_perms[] = {
    "product.view", "party.view",    "ledger.view",    "statement.answer",
    "ticket.view",  "ticket.create", "account.apikey", NULL};

static int
in_list(const char *const *list, const char *s)
{
    for (; *list != NULL; list++)
        if (strcmp(*list, s) == 0)
            return 1;
    return 0;
}

struct role_list {
    struct role_info *v;
    size_t n;
};

/*
 * Every role, with whether the current user may grant it (holds all its
 * permissions; a role without permissions is always grantable) and
 * whether it fits a user at a party.  In the arena.  0 or -1 (database
 * error, not recorded).
 */
static int
roles_load(struct ctx *c, struct role_list *out)
{
    struct db_rows r, p;
    size_t j = 0;

    if (db_query(c->db, c->a, &sql_roles_all, NULL, 0, 0, 0, &r) != 0 ||
        db_query(c->db, c->a, &sql_role_perms_all, NULL, 0, 0, 0, &p) != 0)
        return -1;
    out->v = arena_zalloc(c->a, (r.n_rows + 1) * sizeof(*out->v));
    out->n = r.n_rows;
    for (size_t i = 0; i < r.n_rows; i++) {
        out->v[i].id = db_cell_int(&r, i, 0);
        out->v[i].code = db_cell(&r, i, 1);
        out->v[i].name = db_cell(&r, i, 2);
        out->v[i].grantable = 1;
        out->v[i].partner = in_list(role_partner_codes, out->v[i].code);
        out->v[i].channel = 1;
    }
    /* perms are ordered by role id: match them with a lookup per row */
    for (size_t i = 0; i < p.n_rows; i++) {
        int64_t rid = db_cell_int(&p, i, 0);

        if (j >= out->n || out->v[j].id != rid)
            for (j = 0; j < out->n && out->v[j].id != rid; j++)
                ;
        if (j >= out->n)
            continue;
        if (!auth_can(c, db_cell(&p, i, 1)))
            out->v[j].grantable = 0;
        if (!in_list(role_channel_perms, db_cell(&p, i, 1)))
            out->v[j].channel = 0;
    }
    for (size_t i = 0; i < out->n; i++)
        if (out->v[i].partner)
            out->v[i].channel = 1;
    return 0;
}

static const struct role_info *
role_find(const struct role_list *l, int64_t id)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].id == id)
            return &l->v[i];
    return NULL;
}

/* <role-choices><choice id code name place [selected] [grantable="0"]/>...
 * place: "party" (agent, dealer: only at a party), "any" (fits a user at
 * a party as well) or "unit" (staff only). */
static void
put_role_choices(xmlNodePtr parent, const struct role_list *l,
                 const int64_t *sel, size_t n_sel)
{
    xmlNodePtr list = xd_elem(parent, "role-choices");

    for (size_t i = 0; i < l->n; i++) {
        xmlNodePtr n = xd_elem(list, "choice");

        xd_attr_int(n, "id", l->v[i].id);
        xd_attr(n, "code", l->v[i].code);
        xd_attr(n, "name", l->v[i].name);
        xd_attr(n, "place",
                l->v[i].partner   ? "party"
                : l->v[i].channel ? "any"
                                  : "unit");
        if (has_id(sel, n_sel, l->v[i].id))
            xd_attr(n, "selected", "1");
        if (!l->v[i].grantable)
            xd_attr(n, "grantable", "0");
    }
}

/* <unit-choices><choice id code name [selected]/>... of the units in the
 * admin's scope.  0 or -1 (database error, not recorded). */
static int
put_unit_choices(struct ctx *c, xmlNodePtr parent, int64_t selected)
{
    struct db_param p[1];
    struct db_rows r;
    xmlNodePtr list;

    p[0] = DB_INT(scope_unit(c));
    if (db_query(c->db, c->a, &sql_units_in_scope, p, 1, 0, 0, &r) != 0)
        return -1;
    list = xd_elem(parent, "unit-choices");
    for (size_t i = 0; i < r.n_rows; i++) {
        xmlNodePtr n = xd_elem(list, "choice");

        xd_attr(n, "id", db_cell(&r, i, 0));
        xd_attr(n, "code", db_cell(&r, i, 1));
        xd_attr(n, "name", db_cell(&r, i, 2));
        if (db_cell_int(&r, i, 0) == selected)
            xd_attr(n, "selected", "1");
    }
    return 0;
}

/* Is unit in the admin's scope (and active)?  Its code into *code.
 * 1 yes, 0 no, -1 database error. */
static int
unit_in_scope(struct ctx *c, int64_t unit, const char **code)
{
    struct db_param p[2];
    struct db_rows r;

    p[0] = DB_INT(unit);
    p[1] = DB_INT(scope_unit(c));
    if (db_query(c->db, c->a, &sql_unit_in_scope, p, 2, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows == 0)
        return 0;
    if (code != NULL)
        *code = db_cell(&r, 0, 1);
    return 1;
}

/* Is the party of this code serviced from the admin's subtree?  Its id
 * into *id and whether it may take users (neither rejected nor retired)
 * into *open.  1 yes, 0 no (unknown or outside), -1 database error. */
static int
party_in_scope(struct ctx *c, const char *code, int64_t *id, int *open)
{
    struct db_param p[2];
    struct db_rows r;
    const char *st;

    p[0] = DB_TEXT(code);
    p[1] = DB_INT(scope_unit(c));
    if (db_query(c->db, c->a, &sql_party_in_scope, p, 2, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows == 0)
        return 0;
    st = db_cell(&r, 0, 2);
    *id = db_cell_int(&r, 0, 0);
    *open = strcmp(st, "rejected") != 0 && strcmp(st, "retired") != 0;
    return 1;
}

/*
 * The place of a user from a form: a unit id (the select "unit") or a
 * party code (the text field "party", spaces around it dropped), exactly
 * one of the two.  *unit is 0 and *party NULL when not given.  A refusal
 * is recorded on the field: neither given is "unit" required (as before
 * the channel), both given is refused on "party".  In the arena.
 */
static void
form_place(struct ctx *c, int64_t *unit, const char **party)
{
    const struct req_field *pf = req_field(c->req, "party");
    int unit_bad = form_int(c, "unit", 0, 1, ID_MAX, unit) != 0;
    const char *pc = form_text(c, "party", 0, 60);

    *party = NULL;
    if (pc != NULL) {
        size_t lead = strspn(pc, " "), len = strlen(pc + lead);

        while (len > 0 && pc[lead + len - 1] == ' ')
            len--;
        if (len > 0)
            *party = arena_strndup(c->a, pc + lead, len);
    }
    if (unit_bad || (pf != NULL && pf->value[0] != '\0' && pc == NULL))
        return; /* refused already */
    if (*unit > 0 && *party != NULL)
        form_error(c, "party", "two_places", "a unit or a party, not both");
    else if (*unit <= 0 && *party == NULL)
        form_error(c, "unit", "required",
                   "choose a unit, or type the code of a party");
}

/* Record the field message of a problem with the place or the roles of a
 * user; 0, or -1 when pb is none of them. */
static int
user_problem(struct ctx *c, enum problem pb)
{
    switch (pb) {
    case PB_BAD_UNIT:
        form_error(c, "unit", "bad_unit", "not a unit you manage");
        return 0;
    case PB_BAD_PARTY:
        form_error(c, "party", "bad_party", "not a party you manage");
        return 0;
    case PB_CLOSED:
        form_error(c, "party", "party_closed",
                   "the party is rejected or retired");
        return 0;
    case PB_BAD_ROLE:
        form_error(c, "role", "bad_role", "no such role");
        return 0;
    case PB_NOT_GRANT:
        form_error(c, "role", "not_grantable",
                   "you may only grant roles whose permissions you hold");
        return 0;
    case PB_NOT_CHAN:
        form_error(c, "role", "not_for_channel",
                   "a user at a party may hold only the agent or dealer "
                   "role, or roles with channel permissions only");
        return 0;
    case PB_NOT_STAFF:
        form_error(c, "role", "not_for_staff",
                   "the agent and dealer roles are for users at a party");
        return 0;
    default: return -1;
    }
}

/* ---- users: list -------------------------------------------------------- */

static const char *const user_sorts[] = {"login", "name", "status", NULL};
static const char *const dirs[] = {"asc", "desc", NULL};
static const char *const user_statuses[] = {"active", "disabled", NULL};
static const char *const user_kinds[] = {"staff", "channel", NULL};

/* The place of a user as attributes: unit-id, unit-code, unit-name for
 * staff, party-id, party-code, party-name, party-kind, party-status for a
 * channel user, and kind="staff|channel".  r's columns from col on are
 * USER_PLACE's. */
static void
put_place(xmlNodePtr n, const struct db_rows *r, size_t i, size_t col)
{
    int at_party = db_cell(r, i, col + 3) != NULL;

    xd_attr(n, "kind", at_party ? "channel" : "staff");
    xd_attr(n, "unit-id", db_cell(r, i, col));
    xd_attr(n, "unit-code", db_cell(r, i, col + 1));
    xd_attr(n, "unit-name", db_cell(r, i, col + 2));
    xd_attr(n, "party-id", db_cell(r, i, col + 3));
    xd_attr(n, "party-code", db_cell(r, i, col + 4));
    xd_attr(n, "party-name", db_cell(r, i, col + 5));
    xd_attr(n, "party-kind", db_cell(r, i, col + 6));
    xd_attr(n, "party-status", db_cell(r, i, col + 7));
}

static const struct db_sql *
users_statement(const char *sort, int desc)
{
    static const struct db_sql *const table[][2] = {
        {&sql_users_login_asc, &sql_users_login_desc},
        {&sql_users_name_asc, &sql_users_name_desc},
        {&sql_users_status_asc, &sql_users_status_desc},
    };

    for (int i = 0; user_sorts[i] != NULL; i++)
        if (strcmp(user_sorts[i], sort) == 0)
            return table[i][desc];
    return table[0][desc];
}

/* GET /admin/users */
static int
admin_users(struct ctx *c)
{
    const char *q = param_text(c->req, "q");
    const char *status = param_text(c->req, "status");
    const char *kind = param_text(c->req, "kind");
    const char *sort = param_text(c->req, "sort");
    const char *dir = param_text(c->req, "dir");
    int64_t page = param_int(c->req, "page", 1);
    int desc = dir != NULL && strcmp(dir, "desc") == 0;
    const char *pat =
        q ? text_like(c->a, text_lower_ascii(c->a, q), 1, 1) : NULL;
    struct db_param p[9];
    struct db_rows rows, count;
    xmlNodePtr list;
    int64_t total, pages;

    if (sort == NULL)
        sort = "login";
    p[0] = DB_INT(scope_unit(c));
    p[1] = DB_TEXT(q);
    p[2] = DB_TEXT(pat);
    p[3] = DB_TEXT(pat);
    p[4] = DB_TEXT(pat);
    p[5] = DB_TEXT(status);
    p[6] = DB_TEXT(status);
    p[7] = DB_TEXT(kind);
    p[8] = DB_TEXT(kind);
    if (db_query(c->db, c->a, &sql_users_count, p, 9, 0, 0, &count) != 0)
        return ctx_db_fail(c);
    total = db_cell_int(&count, 0, 0);
    pages = (total + ADMIN_PAGE - 1) / ADMIN_PAGE;
    if (page > pages && pages > 0)
        page = pages;
    if (db_query(c->db, c->a, users_statement(sort, desc), p, 9, ADMIN_PAGE,
                 (long)((page - 1) * ADMIN_PAGE), &rows) != 0)
        return ctx_db_fail(c);

    list = ctx_data(c, "users");
    xd_attr(list, "q", q != NULL ? q : "");
    xd_attr(list, "status", status);
    xd_attr(list, "kind", kind);
    xd_attr(list, "sort", sort);
    xd_attr(list, "dir", desc ? "desc" : "asc");
    put_paging(list, page, pages, total, rows.n_rows);
    if (auth_can(c, "user.manage"))
        xd_attr(list, "manage", "1");
    for (size_t i = 0; i < rows.n_rows; i++) {
        xmlNodePtr n = xd_elem(list, "user");

        xd_attr(n, "id", db_cell(&rows, i, 0));
        xd_attr(n, "login", db_cell(&rows, i, 1));
        xd_attr(n, "name", db_cell(&rows, i, 2));
        xd_attr(n, "status", db_cell(&rows, i, 3));
        put_place(n, &rows, i, 5);
        xd_attr(n, "created-at", text_iso_ts(c->a, db_cell(&rows, i, 4)));
    }
    return 0;
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
    put_place(n, &u, 0, 9);
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
    qsort(held, n_held, sizeof(*held), cmp_id);

    list = xd_elem(n, "history");
    for (size_t i = 0; i < hist.n_rows; i++)
        put_entry(c, list, &hist, i, 0);

    if (auth_can(c, "user.manage")) {
        struct role_list all;

        xd_attr(n, "manage", "1");
        if (roles_load(c, &all) != 0)
            return ctx_db_fail(c);
        /* a channel user moves between parties (a code typed), staff
         * between units */
        if (db_cell(&u, 0, 12) == NULL &&
            put_unit_choices(c, n, db_cell_int(&u, 0, 9)) != 0)
            return ctx_db_fail(c);
        if (sel_roles != NULL)
            put_role_choices(n, &all, sel_roles, n_sel);
        else
            put_role_choices(n, &all, held, n_held);
    }
    return 0;
}

/* GET /admin/users/{id} */
static int
admin_user(struct ctx *c)
{
    int64_t id = route_arg_id(c->req, "id");

    if (id < 0)
        return ctx_fail(c, 404, "not_found", "no such user", NULL);
    return user_page(c, id, NULL, 0);
}

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
    if (roles_load(c, &all) != 0 ||
        put_unit_choices(c, n, u != NULL ? u->unit : 0) != 0)
        return ctx_db_fail(c);
    put_role_choices(n, &all, u != NULL ? u->roles : NULL,
                     u != NULL ? u->n_roles : 0);
    return 0;
}

/* GET /admin/users/new */
static int
admin_user_new(struct ctx *c)
{
    return user_form_page(c, NULL);
}

/* Check the roles ids against the catalog, what the admin may grant and
 * the place of the user (at_party: a channel user; see the header, Roles
 * by place); their codes joined into *codes.  A role the admin may not
 * grant but the user holds passes (it stays as it is).  PB_NONE, a
 * problem, or -1 on a database error. */
static int
check_new_roles(struct ctx *c, const int64_t *ids, size_t n,
                const int64_t *held, size_t n_held, int at_party,
                const char **codes)
{
    struct role_list all;
    struct strset s;

    if (roles_load(c, &all) != 0)
        return -1;
    s.v = arena_alloc(c->a, (n + 1) * sizeof(*s.v));
    s.n = 0;
    for (size_t i = 0; i < n; i++) {
        const struct role_info *ri = role_find(&all, ids[i]);

        if (ri == NULL)
            return PB_BAD_ROLE;
        if (!ri->grantable && !has_id(held, n_held, ids[i]))
            return PB_NOT_GRANT;
        if (ri->grantable && at_party && !ri->channel)
            return PB_NOT_CHAN;
        if (ri->grantable && !at_party && ri->partner)
            return PB_NOT_STAFF;
        s.v[s.n++] = ri->code;
    }
    if (codes != NULL) {
        strset_finish(&s);
        *codes = strset_join(c->a, &s);
    }
    return PB_NONE;
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
        return stop(&u->pb, PB_TAKEN);
    if (u->party != NULL) {
        if ((rc = party_in_scope(c, u->party, &u->party_id, &open)) <= 0)
            return rc < 0 ? -1 : stop(&u->pb, PB_BAD_PARTY);
        if (!open)
            return stop(&u->pb, PB_CLOSED);
    } else if ((rc = unit_in_scope(c, u->unit, &unit_code)) <= 0)
        return rc < 0 ? -1 : stop(&u->pb, PB_BAD_UNIT);
    if ((rc = check_new_roles(c, u->roles, u->n_roles, NULL, 0,
                              u->party != NULL, &codes)) != 0)
        return rc < 0 ? -1 : stop(&u->pb, (enum problem)rc);

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
    for (size_t i = 0; i < u->n_roles; i++) {
        p[1] = DB_INT(u->roles[i]);
        if (db_exec(db, &sql_user_role_add, p, 2, NULL) != 0)
            return -1;
    }
    sbuf_init(&d, c->a, 128);
    audit_diff(&d, "login", NULL, u->login);
    audit_diff(&d, "name", NULL, u->name);
    audit_diff(&d, "unit", NULL, unit_code);
    audit_diff(&d, "party", NULL, u->party);
    audit_diff(&d, "roles", NULL, codes);
    return audit_write(c, "qd_user", u->id, "create", d.buf) != 0 ? -1 : 0;
}

/* POST /admin/users/new */
static int
admin_user_create(struct ctx *c)
{
    struct user_new u;
    const char *pw;
    char hash[AUTH_HASH_MAX];

    memset(&u, 0, sizeof(u));
    u.c = c;
    u.login = form_code(c, "login", 60);
    u.name = form_text(c, "name", FORM_REQUIRED, 100);
    pw = form_text(c, "password", FORM_REQUIRED, 128);
    form_place(c, &u.unit, &u.party);
    form_role_ids(c, &u.roles, &u.n_roles);
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
        else if (user_problem(c, u.pb) != 0)
            return ctx_db_fail(c);
        return user_form_page(c, &u);
    }
    return ctx_redirect(
        c, arena_printf(c->a, "/admin/users/%lld", (long long)u.id));
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
        return stop(&a->pb, PB_NOT_FOUND);
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
    case PB_CLOSED: user_problem(c, a->pb); return user_page(c, a->id, NULL, 0);
    case PB_BAD_ROLE:
    case PB_NOT_GRANT:
    case PB_NOT_CHAN:
    case PB_NOT_STAFF:
        user_problem(c, a->pb);
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
static int
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
static int
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
static int
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
        roles_load(c, &all) != 0)
        return -1;
    held = arena_alloc(c->a, (r.n_rows + 1) * sizeof(*held));
    n_held = r.n_rows;
    for (size_t i = 0; i < r.n_rows; i++)
        held[i] = db_cell_int(&r, i, 0);
    qsort(held, n_held, sizeof(*held), cmp_id);
    if ((rc = check_new_roles(c, a->roles, a->n_roles, held, n_held,
                              a->party > 0, NULL)) != 0)
        return rc < 0 ? -1 : stop(&a->pb, (enum problem)rc);

    /* what the admin may not grant stays as it is, given or not */
    next = arena_alloc(c->a, (a->n_roles + n_held + 1) * sizeof(*next));
    for (size_t i = 0; i < a->n_roles; i++)
        if (role_find(&all, a->roles[i])->grantable)
            next[n_next++] = a->roles[i];
    for (size_t i = 0; i < n_held; i++) {
        const struct role_info *ri = role_find(&all, held[i]);

        if (ri != NULL && !ri->grantable)
            next[n_next++] = held[i];
    }
    qsort(next, n_next, sizeof(*next), cmp_id);

    before.v = arena_alloc(c->a, (n_held + 1) * sizeof(char *));
    before.n = 0;
    after.v = arena_alloc(c->a, (n_next + 1) * sizeof(char *));
    after.n = 0;
    for (size_t i = 0; i < n_held; i++) {
        const struct role_info *ri = role_find(&all, held[i]);

        before.v[before.n++] = ri != NULL ? ri->code : "?";
        if (!has_id(next, n_next, held[i])) {
            p[1] = DB_INT(held[i]);
            if (db_exec(db, &sql_user_role_del, p, 2, NULL) != 0)
                return -1;
        }
    }
    for (size_t i = 0; i < n_next; i++) {
        after.v[after.n++] = role_find(&all, next[i])->code;
        if (!has_id(held, n_held, next[i])) {
            p[1] = DB_INT(next[i]);
            if (db_exec(db, &sql_user_role_add, p, 2, NULL) != 0)
                return -1;
        }
    }
    strset_finish(&before);
    strset_finish(&after);
    sbuf_init(&d, c->a, 128);
    audit_diff(&d, "roles", strset_join(c->a, &before),
               strset_join(c->a, &after));
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
static int
admin_user_roles(struct ctx *c)
{
    struct user_act a;

    if (act_begin(c, &a) != 0 ||
        act_not_self(c, &a, "you may not change your own roles") != 0)
        return -1;
    form_role_ids(c, &a.roles, &a.n_roles);
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
        return stop(&a->pb, PB_KIND);
    if (a->new_party != NULL) {
        if ((rc = party_in_scope(c, a->new_party, &party, &open)) <= 0)
            return rc < 0 ? -1 : stop(&a->pb, PB_BAD_PARTY);
        if (!open)
            return stop(&a->pb, PB_CLOSED);
        if (party == a->party)
            return 0;
        after = a->new_party;
        p[0] = DB_NULLP;
        p[1] = DB_INT(party);
    } else {
        if ((rc = unit_in_scope(c, a->new_unit, &after)) <= 0)
            return rc < 0 ? -1 : stop(&a->pb, PB_BAD_UNIT);
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
static int
admin_user_scope(struct ctx *c)
{
    struct user_act a;

    if (act_begin(c, &a) != 0 ||
        act_not_self(c, &a, "you may not change your own scope") != 0)
        return -1;
    form_place(c, &a.new_unit, &a.new_party);
    if (!form_ok(c))
        return user_page(c, a.id, NULL, 0);
    if (db_uow(c->db, scope_tx, &a) != 0)
        return act_failed(c, &a);
    return act_done(c, &a);
}

/* ---- roles -------------------------------------------------------------- */

/*
 * The permission catalog: every permission some route needs (not the
 * public or signed-in markers), plus AUTH_PERM_ALL.  Sorted, in the arena.
 */
static void
catalog_load(struct ctx *c, struct strset *out)
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
    strset_finish(out);
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
    strset_finish(out);
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
    strset_finish(&all);
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
        if (strset_has(checked, all.v[i]))
            xd_attr(n, "checked", "1");
        if (!strset_has(catalog, all.v[i]))
            xd_attr(n, "known", "0");
        if (!auth_can(c, all.v[i]))
            xd_attr(n, "held", "0");
    }
}

/* GET /admin/roles */
static int
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
static int
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

/* What a role form holds: typed, or read from the database. */
struct role_in {
    struct ctx *c;
    int64_t id; /* 0 for a new role */
    const char *code, *name, *description;
    int64_t version;
    struct strset perms;  /* ticked */
    struct strset stored; /* out: the role's permissions before */
    /* out on a conflict: what is stored now */
    const char *cur_code, *cur_name, *cur_description;
    int64_t cur_version;
    enum problem pb;
};

/* <role-form> with ri's values; on a conflict, <current> with the stored
 * ones. */
static int
role_form_page(struct ctx *c, const struct role_in *ri)
{
    struct strset catalog;
    xmlNodePtr n = ctx_data(c, "role-form");

    catalog_load(c, &catalog);
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
static int
admin_role_new(struct ctx *c)
{
    struct role_in ri;

    memset(&ri, 0, sizeof(ri));
    return role_form_page(c, &ri);
}

/* Read a role into ri (code, name, description, version and its
 * permissions as both stored and ticked).  1 found, 0 not, -1 error. */
static int
role_read(struct ctx *c, int64_t id, struct role_in *ri)
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
static int
admin_role_edit(struct ctx *c)
{
    int64_t id = route_arg_id(c->req, "id");
    struct role_in ri;
    int rc;

    memset(&ri, 0, sizeof(ri));
    if (id < 0)
        return ctx_fail(c, 404, "not_found", "no such role", NULL);
    if ((rc = role_read(c, id, &ri)) < 0)
        return ctx_db_fail(c);
    if (rc == 0)
        return ctx_fail(c, 404, "not_found", "no such role", NULL);
    return role_form_page(c, &ri);
}

/* Read and check the role form's fields into ri (422s recorded). */
static void
role_form_read(struct ctx *c, struct role_in *ri)
{
    ri->code = form_code(c, "code", 40);
    if (ri->code == NULL)
        ri->code = param_text(c->req, "code");
    ri->name = form_text(c, "name", FORM_REQUIRED, 60);
    ri->description = form_text(c, "description", 0, 200);
    form_list(c, "perm", &ri->perms);
    if (ri->perms.n > ADMIN_MAX_PERMS) {
        form_error(c, "perm", "too_many", "too many permissions");
        ri->perms.n = 0;
    }
    strset_finish(&ri->perms);
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

    catalog_load(c, &catalog);
    for (size_t i = 0; i < ri->perms.n; i++) {
        const char *p = ri->perms.v[i];

        if (strset_has(&ri->stored, p))
            continue;
        if (!strset_has(&catalog, p))
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
        return stop(&ri->pb, PB_TAKEN);
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
    return role_form_page(c, ri);
}

/* POST /admin/roles/new */
static int
admin_role_create(struct ctx *c)
{
    struct role_in ri;

    memset(&ri, 0, sizeof(ri));
    ri.c = c;
    role_form_read(c, &ri);
    if (!form_ok(c))
        return role_form_page(c, &ri);
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
    return stop(&ri->pb, PB_CONFLICT);
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
    if ((rc = role_read(c, ri->id, &cur)) <= 0)
        return rc < 0 ? -1 : stop(&ri->pb, PB_NOT_FOUND);
    ri->stored = cur.stored;
    if (cur.version != ri->version)
        return role_conflict(ri, &cur);
    if (strcmp(cur.code, ri->code) != 0) {
        p[0] = DB_TEXT(ri->code);
        if (db_query(db, c->a, &sql_role_code_taken, p, 1, 0, 0, &r) != 0)
            return -1;
        if (r.n_rows > 0)
            return stop(&ri->pb, PB_TAKEN);
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
        if (role_read(c, ri->id, &cur) <= 0)
            return -1;
        return role_conflict(ri, &cur);
    }
    if (role_perms_write(db, ri, &d) != 0)
        return -1;
    return audit_write(c, "qd_role", ri->id, "update", d.buf);
}

/* POST /admin/roles/{id}/edit: code, name, description, the ticked
 * permissions (none ticked: none) and the version the form was read at. */
static int
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
        if ((rc = role_read(c, ri.id, &cur)) < 0)
            return ctx_db_fail(c);
        if (rc == 0) {
            c->n_field_errors = 0;
            return ctx_fail(c, 404, "not_found", "no such role", NULL);
        }
        ri.stored = cur.stored;
        return role_form_page(c, &ri);
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
    if ((found = role_read(c, rc->from, &src)) <= 0)
        return found < 0 ? -1 : stop(&rc->pb, PB_NOT_FOUND);
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
        return stop(&rc->pb, PB_TAKEN);
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
static int
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

/* ---- audit trail -------------------------------------------------------- */

/* GET /admin/audit: no scope filter (see the file's header). */
static int
admin_audit(struct ctx *c)
{
    const char *login = form_text(c, "user", 0, 60);
    const char *entity = form_text(c, "entity", 0, 40);
    const char *action = form_text(c, "action", 0, 40);
    const char *from = form_date(c, "from", 0);
    const char *to = form_date(c, "to", 0);
    int64_t entity_id = 0, page = param_int(c->req, "page", 1);
    struct db_param p[10];
    struct db_rows rows, count;
    xmlNodePtr list;
    int64_t total = 0, pages = 0;

    form_int(c, "entity-id", 0, 1, ID_MAX, &entity_id);
    list = ctx_data(c, "audit");
    xd_attr(list, "user", param_text(c->req, "user"));
    xd_attr(list, "entity", param_text(c->req, "entity"));
    xd_attr(list, "entity-id", param_text(c->req, "entity-id"));
    xd_attr(list, "action", param_text(c->req, "action"));
    xd_attr(list, "from", param_text(c->req, "from"));
    xd_attr(list, "to", param_text(c->req, "to"));
    if (!form_ok(c)) { /* 422: the form with its messages, no rows */
        put_paging(list, 1, 0, 0, 0);
        return 0;
    }
    /* 1970 .. 3000 when not given: the bounds are always bound, so no
     * timestamp parameter needs a typed NULL test */
    p[0] = DB_TS(from != NULL ? (time_t)clock_day_number(from) * 86400 : 0);
    p[1] = DB_TS(to != NULL ? (time_t)clock_day_number(to) * 86400 + 86400
                            : 32503680000LL);
    login = text_lower_ascii(c->a, login);
    p[2] = DB_TEXT(login);
    p[3] = DB_TEXT(login);
    p[4] = DB_TEXT(entity);
    p[5] = DB_TEXT(entity);
    p[6] = entity_id > 0 ? DB_INT(entity_id) : DB_NULLP;
    p[7] = p[6];
    p[8] = DB_TEXT(action);
    p[9] = DB_TEXT(action);
    if (db_query(c->db, c->a, &sql_audit_count, p, 10, 0, 0, &count) != 0)
        return ctx_db_fail(c);
    total = db_cell_int(&count, 0, 0);
    pages = (total + ADMIN_PAGE - 1) / ADMIN_PAGE;
    if (page > pages && pages > 0)
        page = pages;
    if (db_query(c->db, c->a, &sql_audit_search, p, 10, ADMIN_PAGE,
                 (long)((page - 1) * ADMIN_PAGE), &rows) != 0)
        return ctx_db_fail(c);
    put_paging(list, page, pages, total, rows.n_rows);
    for (size_t i = 0; i < rows.n_rows; i++)
        put_entry(c, list, &rows, i, 1);
    return 0;
}

/* ---- settings ----------------------------------------------------------- */

static const char *const langs[] = {"en", "zh-CN", NULL};
static const char *const themes[] = {"classic", "slate", NULL};

enum setting_kind { SK_TEXT, SK_ENUM, SK_INT };

struct setting_def {
    const char *name;  /* the row's name and the form field's */
    const char *vname; /* the field holding the version it was read at */
    enum setting_kind kind;
    long max; /* SK_TEXT: characters; SK_INT: the largest value (from 1) */
    const char *const *choices; /* SK_ENUM */
    /* SK_TEXT: NULL when v is acceptable (may rewrite *v), else why not */
    const char *(*check)(struct arena *a, const char **v);
};

/* Three letters, stored in upper case (ISO 4217). */
static const char *
check_currency(struct arena *a, const char **v)
{
    char *up = arena_strdup(a, *v);

    for (char *p = up; *p != '\0'; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    if (strlen(up) != 3 || !only_chars(up, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        return "three letters, such as CNY";
    *v = up;
    return NULL;
}

/* An IANA zone name such as Asia/Shanghai, UTC or Etc/GMT-8. */
static const char *
check_timezone(struct arena *a, const char **v)
{
    const char *s = *v;

    (void)a;
    if (!only_chars(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                       "0123456789/_+-") ||
        !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')) ||
        strstr(s, "//") != NULL)
        return "a time zone name such as Asia/Shanghai";
    return NULL;
}

/* Literal characters and {yyyy} {yy} {mm} {dd} {seq} {seq:N} (N 1..12);
 * exactly one sequence. */
static const char *
check_number_format(struct arena *a, const char **v)
{
    static const char *const bad = "text and {yyyy}, {yy}, {mm}, {dd} with "
                                   "one {seq} or {seq:N}, such as "
                                   "SO{yyyy}{mm}-{seq:5}";
    const char *s = *v;
    int seqs = 0;

    (void)a;
    while (*s != '\0') {
        const char *e;
        size_t n;

        if (*s != '{') {
            if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                       "0123456789-_/.#",
                       *s) == NULL)
                return bad;
            s++;
            continue;
        }
        e = strchr(s, '}');
        if (e == NULL)
            return bad;
        n = (size_t)(e - s - 1);
        if (n == 3 && strncmp(s + 1, "seq", 3) == 0) {
            seqs++;
        } else if (n > 4 && strncmp(s + 1, "seq:", 4) == 0) {
            int w = atoi(s + 5);

            if (strspn(s + 5, "0123456789") != n - 4 || w < 1 || w > 12)
                return bad;
            seqs++;
        } else if (!((n == 4 && strncmp(s + 1, "yyyy", 4) == 0) ||
                     (n == 2 && (strncmp(s + 1, "yy", 2) == 0 ||
                                 strncmp(s + 1, "mm", 2) == 0 ||
                                 strncmp(s + 1, "dd", 2) == 0)))) {
            return bad;
        }
        s = e + 1;
    }
    return seqs == 1 ? NULL : bad;
}

/* A host name or address: letters, digits, '.', '-', ':' (IPv6). */
static const char *
check_host(struct arena *a, const char **v)
{
    (void)a;
    if (!only_chars(*v, LOWER_DIGITS "ABCDEFGHIJKLMNOPQRSTUVWXYZ.-:"))
        return "a host name such as mail.example.com";
    return NULL;
}

/* local@domain, no spaces or angle brackets. */
static const char *
check_mail(struct arena *a, const char **v)
{
    const char *at = strchr(*v, '@');

    (void)a;
    if (at == NULL || at == *v || at[1] == '\0' || strchr(at + 1, '@') ||
        strpbrk(*v, " <>,;\"'\\") != NULL)
        return "an address such as orders@example.com";
    return NULL;
}

/* clang-format off */
static const struct setting_def settings[] = {
    {"company.name",     "version.company.name",     SK_TEXT, 100, NULL,   NULL},
    {"default.lang",     "version.default.lang",     SK_ENUM, 0,   langs,  NULL},
    {"default.theme",    "version.default.theme",    SK_ENUM, 0,   themes, NULL},
    {"currency",         "version.currency",         SK_TEXT, 3,   NULL,   check_currency},
    {"display.timezone", "version.display.timezone", SK_TEXT, 40,  NULL,   check_timezone},
    {"doc.number.order", "version.doc.number.order", SK_TEXT, 30,  NULL,   check_number_format},
    {"mail.host",        "version.mail.host",        SK_TEXT, 100, NULL,   check_host},
    {"mail.port",        "version.mail.port",        SK_INT,  65535, NULL, NULL},
    {"mail.from",        "version.mail.from",        SK_TEXT, 120, NULL,   check_mail},
    {"credit.overdue_days", "version.credit.overdue_days", SK_INT, 3650, NULL, NULL},
    {"ticket.respond_hours", "version.ticket.respond_hours", SK_INT, 8760, NULL, NULL},
    {"ticket.resolve_hours", "version.ticket.resolve_hours", SK_INT, 8760, NULL, NULL},
    {"price.approval_percent", "version.price.approval_percent", SK_INT, 1000, NULL, NULL},
    {"stock.damage_approval", "version.stock.damage_approval", SK_INT, 100000000000000L, NULL, NULL},
};
/* clang-format on */

#define N_SETTINGS (sizeof(settings) / sizeof(settings[0]))

/* One setting as the form shows it and the unit of work writes it. */
struct setting_val {
    int given;              /* the field was submitted */
    const char *value;      /* typed (NULL: empty) or stored */
    int64_t version;        /* the form's (-1: not given) or stored */
    const char *stored;     /* in the database now */
    int64_t stored_version; /* 0: no row */
    int conflict;
};

struct settings_in {
    struct ctx *c;
    struct setting_val v[N_SETTINGS];
    int conflicts;
};

/* Read the stored values into in->v[].stored. 0 or -1. */
static int
settings_read(struct ctx *c, struct settings_in *in)
{
    struct db_rows r;

    if (db_query(c->db, c->a, &sql_settings_all, NULL, 0, 0, 0, &r) != 0)
        return -1;
    for (size_t k = 0; k < N_SETTINGS; k++) {
        in->v[k].stored = NULL;
        in->v[k].stored_version = 0;
        for (size_t i = 0; i < r.n_rows; i++)
            if (strcmp(db_cell(&r, i, 0), settings[k].name) == 0) {
                in->v[k].stored = db_cell(&r, i, 1);
                in->v[k].stored_version = db_cell_int(&r, i, 2);
            }
    }
    return 0;
}

static int
same_text(const char *a, const char *b)
{
    return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

/* <settings><setting name value version [conflict stored]/>... */
static void
settings_page(struct ctx *c, const struct settings_in *in, int typed)
{
    xmlNodePtr list = ctx_data(c, "settings");

    for (size_t k = 0; k < N_SETTINGS; k++) {
        const struct setting_val *v = &in->v[k];
        xmlNodePtr n = xd_elem(list, "setting");
        int show_typed = typed && v->given;

        xd_attr(n, "name", settings[k].name);
        xd_attr(n, "value", show_typed ? v->value : v->stored);
        /* after a conflict the form carries the stored version, so that
         * saving again overwrites knowingly */
        xd_attr_int(n, "version",
                    show_typed && !v->conflict && v->version >= 0
                        ? v->version
                        : v->stored_version);
        if (v->conflict) {
            xd_attr(n, "conflict", "1");
            xd_attr(n, "stored", v->stored);
        }
    }
}

/* GET /admin/settings */
static int
admin_settings(struct ctx *c)
{
    struct settings_in in;

    memset(&in, 0, sizeof(in));
    if (settings_read(c, &in) != 0)
        return ctx_db_fail(c);
    settings_page(c, &in, 0);
    return 0;
}

static int
settings_tx(struct db *db, void *arg)
{
    struct settings_in *in = arg;
    struct ctx *c = in->c;
    struct sbuf d;

    if (settings_read(c, in) != 0)
        return -1;
    in->conflicts = 0;
    sbuf_init(&d, c->a, 256);
    for (size_t k = 0; k < N_SETTINGS; k++) {
        struct setting_val *v = &in->v[k];
        struct db_param p[3];
        long n = 0;

        v->conflict = 0;
        if (!v->given || same_text(v->value, v->stored))
            continue;
        if (v->version >= 0 && v->version != v->stored_version) {
            v->conflict = 1;
            in->conflicts++;
            continue;
        }
        p[0] = DB_TEXT(v->value);
        p[1] = DB_TEXT(settings[k].name);
        p[2] = DB_INT(v->stored_version);
        if (v->stored_version > 0 &&
            db_exec(db, v->version >= 0 ? &sql_setting_set : &sql_setting_put,
                    p, v->version >= 0 ? 3 : 2, &n) != 0)
            return -1;
        if (v->stored_version > 0 && n == 0) {
            v->conflict = 1;
            in->conflicts++;
            continue;
        }
        if (v->stored_version == 0) {
            p[0] = DB_TEXT(settings[k].name);
            p[1] = DB_TEXT(v->value);
            if (db_exec(db, &sql_setting_add, p, 2, NULL) != 0) {
                if (db_last_error(db)->cls != DB_ERR_UNIQUE)
                    return -1;
                v->conflict = 1; /* added by someone else meanwhile */
                in->conflicts++;
                return 1;
            }
        }
        audit_diff(&d, settings[k].name, v->stored, v->value);
    }
    if (in->conflicts > 0)
        return 1;
    if (d.len == 0)
        return 0;
    return audit_write(c, "setting", 0, "update", d.buf);
}

/* POST /admin/settings: only the settings whose field was submitted are
 * considered, and only changed ones are written, each checked against
 * the version it was read at (when the form sends it). */
static int
admin_settings_save(struct ctx *c)
{
    struct settings_in in;

    memset(&in, 0, sizeof(in));
    in.c = c;
    for (size_t k = 0; k < N_SETTINGS; k++) {
        const struct setting_def *s = &settings[k];
        struct setting_val *v = &in.v[k];

        v->given = req_field(c->req, s->name) != NULL;
        v->version = -1;
        form_int(c, s->vname, 0, 0, INT32_MAX, &v->version);
        if (!v->given)
            continue;
        if (s->kind == SK_ENUM) {
            v->value = form_enum(c, s->name, 0, s->choices);
        } else if (s->kind == SK_INT) {
            int64_t n;

            if (form_int(c, s->name, 0, 1, s->max, &n) == 0 &&
                param_text(c->req, s->name) != NULL)
                v->value = arena_printf(c->a, "%lld", (long long)n);
        } else {
            v->value = form_text(c, s->name, 0, s->max);
            if (v->value != NULL && s->check != NULL) {
                const char *why = s->check(c->a, &v->value);

                if (why != NULL)
                    form_error(c, s->name, "bad_value", why);
            }
        }
        if (v->value == NULL) /* echo what was typed */
            v->value = param_text(c->req, s->name);
    }
    if (!form_ok(c)) {
        struct settings_in cur;

        memset(&cur, 0, sizeof(cur));
        if (settings_read(c, &cur) != 0)
            return ctx_db_fail(c);
        for (size_t k = 0; k < N_SETTINGS; k++) {
            in.v[k].stored = cur.v[k].stored;
            in.v[k].stored_version = cur.v[k].stored_version;
        }
        settings_page(c, &in, 1);
        return 0;
    }
    if (db_uow(c->db, settings_tx, &in) != 0) {
        if (in.conflicts == 0)
            return ctx_db_fail(c);
        if (settings_read(c, &in) != 0) /* the values to show beside */
            return ctx_db_fail(c);
        c->status = 409;
        ctx_message(c, "error", "conflict", NULL,
                    "someone else changed some settings meanwhile; their "
                    "values are shown beside yours");
        settings_page(c, &in, 1);
        return 0;
    }
    return ctx_redirect(c, "/admin/settings");
}

/* ---- routes ------------------------------------------------------------- */

static const struct param_spec users_params[] = {
    P_SEARCH,
    {"status", P_ENUM, 0, 0, user_statuses, 0},
    {"kind", P_ENUM, 0, 0, user_kinds, 0},
    P_SORT(user_sorts),
    P_DIR(dirs),
    P_PAGE,
    {NULL, 0, 0, 0, NULL, 0},
};

/* Text fields are declared generously: the form getters apply the real
 * limits and answer 422 with the form, not 400. */
static const struct param_spec user_new_params[] = {
    {"login", P_TEXT, 0, 1000, NULL, 0},
    {"name", P_TEXT, 0, 1000, NULL, 0},
    {"password", P_TEXT, 0, 1000, NULL, 0},
    {"unit", P_TEXT, 0, 100, NULL, 0},
    {"party", P_TEXT, 0, 1000, NULL, 0},
    {"role", P_INT, 1, ID_MAX, NULL, P_LIST},
    {NULL, 0, 0, 0, NULL, 0},
};

static const struct param_spec password_params[] = {
    {"password", P_TEXT, 0, 1000, NULL, 0},
    {NULL, 0, 0, 0, NULL, 0},
};

static const struct param_spec roles_params[] = {
    {"role", P_INT, 1, ID_MAX, NULL, P_LIST},
    {NULL, 0, 0, 0, NULL, 0},
};

static const struct param_spec scope_params[] = {
    {"unit", P_TEXT, 0, 100, NULL, 0},
    {"party", P_TEXT, 0, 1000, NULL, 0},
    {NULL, 0, 0, 0, NULL, 0},
};

static const struct param_spec role_params[] = {
    {"code", P_TEXT, 0, 1000, NULL, 0},
    {"name", P_TEXT, 0, 1000, NULL, 0},
    {"description", P_TEXT, 0, 2000, NULL, 0},
    {"perm", P_TEXT, 0, 100, NULL, P_LIST},
    {"version", P_TEXT, 0, 100, NULL, 0},
    {NULL, 0, 0, 0, NULL, 0},
};

static const struct param_spec audit_params[] = {
    {"user", P_TEXT, 0, 1000, NULL, 0},
    {"entity", P_TEXT, 0, 1000, NULL, 0},
    {"entity-id", P_TEXT, 0, 100, NULL, 0},
    {"action", P_TEXT, 0, 1000, NULL, 0},
    {"from", P_TEXT, 0, 100, NULL, 0},
    {"to", P_TEXT, 0, 100, NULL, 0},
    P_PAGE,
    {NULL, 0, 0, 0, NULL, 0},
};

/* clang-format off */
static const struct param_spec settings_params[] = {
    {"company.name",             P_TEXT, 0, 1000, NULL, 0},
    {"default.lang",             P_TEXT, 0, 100,  NULL, 0},
    {"default.theme",            P_TEXT, 0, 100,  NULL, 0},
    {"currency",                 P_TEXT, 0, 100,  NULL, 0},
    {"display.timezone",         P_TEXT, 0, 1000, NULL, 0},
    {"doc.number.order",         P_TEXT, 0, 1000, NULL, 0},
    {"mail.host",                P_TEXT, 0, 1000, NULL, 0},
    {"mail.port",                P_TEXT, 0, 100,  NULL, 0},
    {"mail.from",                P_TEXT, 0, 1000, NULL, 0},
    {"credit.overdue_days",      P_TEXT, 0, 1000, NULL, 0},
    {"ticket.respond_hours",     P_TEXT, 0, 1000, NULL, 0},
    {"ticket.resolve_hours",     P_TEXT, 0, 1000, NULL, 0},
    {"price.approval_percent",   P_TEXT, 0, 1000, NULL, 0},
    {"stock.damage_approval",    P_TEXT, 0, 1000, NULL, 0},
    {"version.company.name",     P_TEXT, 0, 100,  NULL, 0},
    {"version.default.lang",     P_TEXT, 0, 100,  NULL, 0},
    {"version.default.theme",    P_TEXT, 0, 100,  NULL, 0},
    {"version.currency",         P_TEXT, 0, 100,  NULL, 0},
    {"version.display.timezone", P_TEXT, 0, 100,  NULL, 0},
    {"version.doc.number.order", P_TEXT, 0, 100,  NULL, 0},
    {"version.mail.host",        P_TEXT, 0, 100,  NULL, 0},
    {"version.mail.port",        P_TEXT, 0, 100,  NULL, 0},
    {"version.mail.from",        P_TEXT, 0, 100,  NULL, 0},
    {"version.credit.overdue_days", P_TEXT, 0, 100, NULL, 0},
    {"version.ticket.respond_hours", P_TEXT, 0, 100, NULL, 0},
    {"version.ticket.resolve_hours", P_TEXT, 0, 100, NULL, 0},
    {"version.price.approval_percent", P_TEXT, 0, 100, NULL, 0},
    {"version.stock.damage_approval", P_TEXT, 0, 100, NULL, 0},
    {NULL, 0, 0, 0, NULL, 0},
};

/* "/admin/users/new" comes before "/admin/users/{id}": the first pattern
 * that matches wins. */
static const struct route routes[] = {
    {REQ_GET,  "/admin/users",               "admin.users",          "user.view",    "admin.xsl", admin_users,         users_params,    0},
    {REQ_GET,  "/admin/users/new",           "admin.users.new",      "user.manage",  "admin.xsl", admin_user_new,      NULL,            0},
    {REQ_POST, "/admin/users/new",           "admin.users.create",   "user.manage",  "admin.xsl", admin_user_create,   user_new_params, 0},
    {REQ_GET,  "/admin/users/{id}",          "admin.users.show",     "user.view",    "admin.xsl", admin_user,          NULL,            0},
    {REQ_POST, "/admin/users/{id}/disable",  "admin.users.disable",  "user.manage",  "admin.xsl", admin_user_disable,  NULL,            0},
    {REQ_POST, "/admin/users/{id}/enable",   "admin.users.enable",   "user.manage",  "admin.xsl", admin_user_enable,   NULL,            0},
    {REQ_POST, "/admin/users/{id}/password", "admin.users.password", "user.manage",  "admin.xsl", admin_user_password, password_params, 0},
    {REQ_POST, "/admin/users/{id}/roles",    "admin.users.roles",    "user.manage",  "admin.xsl", admin_user_roles,    roles_params,    0},
    {REQ_POST, "/admin/users/{id}/scope",    "admin.users.scope",    "user.manage",  "admin.xsl", admin_user_scope,    scope_params,    0},
    {REQ_GET,  "/admin/roles",               "admin.roles",          "role.view",    "admin.xsl", admin_roles,         NULL,            0},
    {REQ_GET,  "/admin/roles/new",           "admin.roles.new",      "role.manage",  "admin.xsl", admin_role_new,      NULL,            0},
    {REQ_POST, "/admin/roles/new",           "admin.roles.create",   "role.manage",  "admin.xsl", admin_role_create,   role_params,     0},
    {REQ_GET,  "/admin/roles/{id}",          "admin.roles.show",     "role.view",    "admin.xsl", admin_role,          NULL,            0},
    {REQ_GET,  "/admin/roles/{id}/edit",     "admin.roles.edit",     "role.manage",  "admin.xsl", admin_role_edit,     NULL,            0},
    {REQ_POST, "/admin/roles/{id}/edit",     "admin.roles.update",   "role.manage",  "admin.xsl", admin_role_update,   role_params,     0},
    {REQ_POST, "/admin/roles/{id}/copy",     "admin.roles.copy",     "role.manage",  "admin.xsl", admin_role_copy,     NULL,            0},
    {REQ_GET,  "/admin/audit",               "admin.audit",          "audit.view",   "admin.xsl", admin_audit,         audit_params,    0},
    {REQ_GET,  "/admin/settings",            "admin.settings",       "setting.edit", "admin.xsl", admin_settings,      NULL,            0},
    {REQ_POST, "/admin/settings",            "admin.settings.save",  "setting.edit", "admin.xsl", admin_settings_save, settings_params, 0},
};
/* clang-format on */

const struct module admin_module = {"admin", routes,
                                    sizeof(routes) / sizeof(routes[0])};
