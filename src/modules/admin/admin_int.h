/*
 * admin_int.h - system management (P10, P8): users, roles and rights, the
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
 *
 * Files (src/modules/admin/, each with a header comment of its own):
 *   admin_int.h  this header: the limits, the users' SQL that the list
 *                and a user's page share, the problems a unit of work
 *                meets, the string sets, the roles as the admin may grant
 *                them, what one file calls in another
 *   common.c     small helpers: ending a unit of work on a problem,
 *                comparisons, string sets, the list fields and codes of
 *                the forms, audit trail entries, paging
 *   grant.c      the roles the admin may grant and the units and parties
 *                a user may sit at: loaded, shown as choices, checked
 *   user_list.c  GET /admin/users, and a user's place as attributes
 *   user.c       one user: its page and the actions on it (disable,
 *                enable, password, roles, scope)
 *   user_new.c   the new-user form and the create
 *   roles.c      the role pages: the list, one role, the new and edit
 *                forms over the permission catalog
 *   role_save.c  the role POSTs: create, update (409 on a stale
 *                version), copy
 *   audit.c      GET /admin/audit
 *   settings.c   the basic settings: the page, the checks, the save
 *   routes.c     the parameters, the route table, admin_module
 */
#ifndef QUDAO_ADMIN_INT_H
#define QUDAO_ADMIN_INT_H

#include <stddef.h>
#include <stdint.h>

#include "../../core/arena.h"
#include "../../core/ctx.h"
#include "../../core/scope.h"
#include "../../db/db.h"

#define ADMIN_PAGE      50  /* rows of a list page */
#define ADMIN_HISTORY   20  /* audit rows on a user's page */
#define ADMIN_MAX_ROLES 100 /* roles given in one form */
#define ADMIN_MAX_PERMS 500 /* permissions given in one form */
#define ID_MAX          999999999999999999LL

#define LOWER_DIGITS "abcdefghijklmnopqrstuvwxyz0123456789"

/* The SQL of users that the list (user_list.c) and a user's page and
 * actions (user.c) share. */

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

/* the columns of a user's place, after the user's own */
#define USER_PLACE                                                             \
    " o.id, o.code, o.name, pt.id, pt.code, pt.name, pt.kind, pt.status"

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

/* A sorted set of strings (in the arena). */
struct strset {
    const char **v;
    size_t n;
};

/* A role as the admin may grant it (grant.c). */
struct role_info {
    int64_t id;
    const char *code, *name;
    int grantable; /* the admin holds every permission of the role */
    int channel;   /* fit for a user at a party (ROLE_CHANNEL_PERMS) */
    int partner;   /* "agent" or "dealer": only for a user at a party */
};

struct role_list {
    struct role_info *v;
    size_t n;
};

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

/* common.c */
int admin_stop(enum problem *pb, enum problem what);
int admin_cmp_id(const void *a, const void *b);
void admin_strset_finish(struct strset *s);
int admin_strset_has(const struct strset *s, const char *x);
const char *admin_strset_join(struct arena *a, const struct strset *s);
void admin_form_list(struct ctx *c, const char *name, struct strset *out);
void admin_form_role_ids(struct ctx *c, int64_t **ids, size_t *n);
int admin_has_id(const int64_t *ids, size_t n, int64_t id);
int admin_only_chars(const char *s, const char *set);
const char *admin_form_code(struct ctx *c, const char *field, long max);
void admin_put_entry(struct ctx *c, xmlNodePtr parent, const struct db_rows *r,
                     size_t i, int with_entity);
void admin_put_paging(xmlNodePtr list, int64_t page, int64_t pages,
                      int64_t total, size_t n_rows);

/* grant.c */
int admin_roles_load(struct ctx *c, struct role_list *out);
const struct role_info *admin_role_find(const struct role_list *l, int64_t id);
void admin_put_role_choices(xmlNodePtr parent, const struct role_list *l,
                            const int64_t *sel, size_t n_sel);
int admin_put_unit_choices(struct ctx *c, xmlNodePtr parent, int64_t selected);
int admin_unit_in_scope(struct ctx *c, int64_t unit, const char **code);
int admin_party_in_scope(struct ctx *c, const char *code, int64_t *id,
                         int *open);
void admin_form_place(struct ctx *c, int64_t *unit, const char **party);
int admin_user_problem(struct ctx *c, enum problem pb);
int admin_check_new_roles(struct ctx *c, const int64_t *ids, size_t n,
                          const int64_t *held, size_t n_held, int at_party,
                          const char **codes);

/* user_list.c: the orders of the list, which the parameter specs take as
 * choices (routes.c); a user's place, which user.c shows too */
extern const char *const admin_user_sorts[];
void admin_put_place(xmlNodePtr n, const struct db_rows *r, size_t i,
                     size_t col);

/* user.c: sql_user_role_add for the create (user_new.c) */
int admin_user_role_add(struct db *db, int64_t user, int64_t role);

/* roles.c: what the role pages and the saves (role_save.c) share */
void admin_catalog_load(struct ctx *c, struct strset *out);
int admin_role_form_page(struct ctx *c, const struct role_in *ri);
int admin_role_read(struct ctx *c, int64_t id, struct role_in *ri);

/* The route handlers (routes.c): user_list.c, user.c, user_new.c,
 * roles.c, role_save.c, audit.c, settings.c. */
int admin_users(struct ctx *c);
int admin_user(struct ctx *c);
int admin_user_disable(struct ctx *c);
int admin_user_enable(struct ctx *c);
int admin_user_password(struct ctx *c);
int admin_user_roles(struct ctx *c);
int admin_user_scope(struct ctx *c);
int admin_user_new(struct ctx *c);
int admin_user_create(struct ctx *c);
int admin_roles(struct ctx *c);
int admin_role(struct ctx *c);
int admin_role_new(struct ctx *c);
int admin_role_create(struct ctx *c);
int admin_role_edit(struct ctx *c);
int admin_role_update(struct ctx *c);
int admin_role_copy(struct ctx *c);
int admin_audit(struct ctx *c);
int admin_settings(struct ctx *c);
int admin_settings_save(struct ctx *c);

#endif
