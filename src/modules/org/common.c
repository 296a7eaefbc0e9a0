/*
 * common.c - what the pages of the org module share: a unit of the
 * user's scope fetched by id or picked in a form field (missing and
 * foreign alike), and the check that a code is not taken.  See
 * org_int.h.
 */
#include <stdint.h>
#include <string.h>

#include "org_int.h"

#include "../../core/form.h"

/* One unit in the scope: id, scope. */
DB_STATEMENT(sql_unit_get, 0,
             "SELECT u.id, u.parent_id, u.kind, u.code, u.name, u.func,"
             " u.address, u.phone, u.status, u.version, u.created_at,"
             " u.updated_at, p.code, p.name"
             " FROM org_unit u"
             " LEFT JOIN org_unit p ON p.id = u.parent_id"
             " WHERE u.id = ?"
             " AND " SCOPE_OF_U);

/* A unit named in a form field (parent, unit): id, scope. */
DB_STATEMENT(sql_unit_pick, 0,
             "SELECT u.id, u.code, u.name, u.status"
             " FROM org_unit u"
             " WHERE u.id = ?"
             " AND " SCOPE_OF_U);

/* Fetch one unit of the scope into *r (0 rows: missing or foreign). */
int
org_fetch_unit(struct ctx *c, int64_t id, struct db_rows *r)
{
    struct db_param p[2];

    p[0] = DB_INT(id);
    p[1] = DB_INT(scope_unit(c));
    return db_query(c->db, c->a, &sql_unit_get, p, 2, 0, 0, r);
}

/*
 * A unit picked in a form field (parent of a new unit, target of a move,
 * unit of a staff member): it must exist in the scope and be active (or
 * be `keep`, the unit the record is in already: a member who has left a
 * retired unit can still be edited).  On success fills *id and the unit's
 * code and name (may be NULL); otherwise refuses the field (422) and
 * returns 1.  -1 on a database error.
 */
int
org_pick_unit(struct ctx *c, const char *field, int64_t keep, int64_t *id,
              const char **code, const char **name)
{
    struct db_param p[2];
    struct db_rows r;

    if (form_int(c, field, FORM_REQUIRED, 1, INT64_MAX, id) != 0)
        return 1;
    p[0] = DB_INT(*id);
    p[1] = DB_INT(scope_unit(c));
    if (db_query(c->db, c->a, &sql_unit_pick, p, 2, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows == 0) {
        form_error(c, field, "no_such_unit", "no such unit");
        return 1;
    }
    if (strcmp(db_cell(&r, 0, 3), "active") != 0 && *id != keep) {
        form_error(c, field, "unit_retired", "the unit is retired");
        return 1;
    }
    if (code != NULL)
        *code = db_cell(&r, 0, 1);
    if (name != NULL)
        *name = db_cell(&r, 0, 2);
    return 0;
}

/* Refuse `field` with "code_taken" when sql finds value on another row
 * than own (0: none).  0 (free or refused) or -1. */
int
org_check_unique(struct ctx *c, const struct db_sql *sql, const char *field,
                 const char *value, int64_t own, const char *text)
{
    struct db_param p[2];
    struct db_rows r;

    if (value == NULL)
        return 0;
    p[0] = DB_TEXT(value);
    p[1] = DB_INT(own);
    if (db_query(c->db, c->a, sql, p, 2, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows > 0)
        form_error(c, field, "code_taken", text);
    return 0;
}
