/*
 * grant.c - the roles as the admin may grant them (what the admin holds,
 * what fits a user at a party) and the places a user may sit at (units
 * and parties in the admin's scope): loaded, shown as the choices of the
 * user forms, checked.  See admin_int.h.
 */
#include <string.h>

#include "admin_int.h"

#include "../../core/auth.h"
#include "../../core/form.h"
#include "../../core/xd.h"

/* the unit itself within the admin's subtree (one parameter) */
#define UNIT_SCOPE SCOPE_UNIT_SQL("o.id")
/* a party serviced from the admin's subtree (one parameter) */
#define PARTY_SCOPE SCOPE_UNIT_SQL("p.unit_id")

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

/* ---- roles as the admin may grant them -------------------------------- */

/* The roles made for channel users, and the permissions a role of an
 * administrator's own may hold to be given to a user at a party (see
 * admin_int.h: Roles by place). */
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

/*
 * Every role, with whether the current user may grant it (holds all its
 * permissions; a role without permissions is always grantable) and
 * whether it fits a user at a party.  In the arena.  0 or -1 (database
 * error, not recorded).
 */
int
admin_roles_load(struct ctx *c, struct role_list *out)
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

const struct role_info *
admin_role_find(const struct role_list *l, int64_t id)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].id == id)
            return &l->v[i];
    return NULL;
}

/* <role-choices><choice id code name place [selected] [grantable="0"]/>...
 * place: "party" (agent, dealer: only at a party), "any" (fits a user at
 * a party as well) or "unit" (staff only). */
void
admin_put_role_choices(xmlNodePtr parent, const struct role_list *l,
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
        if (admin_has_id(sel, n_sel, l->v[i].id))
            xd_attr(n, "selected", "1");
        if (!l->v[i].grantable)
            xd_attr(n, "grantable", "0");
    }
}

/* <unit-choices><choice id code name [selected]/>... of the units in the
 * admin's scope.  0 or -1 (database error, not recorded). */
int
admin_put_unit_choices(struct ctx *c, xmlNodePtr parent, int64_t selected)
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
int
admin_unit_in_scope(struct ctx *c, int64_t unit, const char **code)
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
int
admin_party_in_scope(struct ctx *c, const char *code, int64_t *id, int *open)
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
void
admin_form_place(struct ctx *c, int64_t *unit, const char **party)
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
int
admin_user_problem(struct ctx *c, enum problem pb)
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

/* Check the roles ids against the catalog, what the admin may grant and
 * the place of the user (at_party: a channel user; see admin_int.h, Roles
 * by place); their codes joined into *codes.  A role the admin may not
 * grant but the user holds passes (it stays as it is).  PB_NONE, a
 * problem, or -1 on a database error. */
int
admin_check_new_roles(struct ctx *c, const int64_t *ids, size_t n,
                      const int64_t *held, size_t n_held, int at_party,
                      const char **codes)
{
    struct role_list all;
    struct strset s;

    if (admin_roles_load(c, &all) != 0)
        return -1;
    s.v = arena_alloc(c->a, (n + 1) * sizeof(*s.v));
    s.n = 0;
    for (size_t i = 0; i < n; i++) {
        const struct role_info *ri = admin_role_find(&all, ids[i]);

        if (ri == NULL)
            return PB_BAD_ROLE;
        if (!ri->grantable && !admin_has_id(held, n_held, ids[i]))
            return PB_NOT_GRANT;
        if (ri->grantable && at_party && !ri->channel)
            return PB_NOT_CHAN;
        if (ri->grantable && !at_party && ri->partner)
            return PB_NOT_STAFF;
        s.v[s.n++] = ri->code;
    }
    if (codes != NULL) {
        admin_strset_finish(&s);
        *codes = admin_strset_join(c->a, &s);
    }
    return PB_NONE;
}
