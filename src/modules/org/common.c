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

/* Fetch one unit of the scope into *r (0 rows: missing or foreign). */
int
org_fetch_unit(struct ctx *c, int64_t id, struct db_rows *r)
{
    struct db_param p[2];

    p[0] = DB_INT(id);
    p[1] = DB_INT(scope_unit(c));
    return db_query(c->db, c->a, &sql_unit_get, p, 2, 0, 0, r);
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
