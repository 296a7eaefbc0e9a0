/* orgpick.c - units and regions as choices; see orgpick.h. */
#include "orgpick.h"

#include <stdint.h>
#include <string.h>

#include "../core/ctx.h"
#include "../core/form.h"
#include "../core/page.h"
#include "../core/scope.h"
#include "../core/xd.h"
#include "../db/db.h"

/* The units of the scope: scope. */
DB_STATEMENT(sql_orgpick_units, 0,
             "SELECT u.id, c.depth, u.code, u.name, u.status"
             " FROM org_closure c"
             " JOIN org_unit u ON u.id = c.descendant_id"
             " WHERE c.ancestor_id = ?"
             " ORDER BY u.code");

/* A unit picked in a form: id, scope. */
DB_STATEMENT(sql_orgpick_unit, 0,
             "SELECT u.id, u.code, u.name, u.status"
             " FROM org_unit u"
             " WHERE u.id = ? AND " SCOPE_UNIT_SQL("u.id"));

DB_STATEMENT(sql_orgpick_regions, 0,
             "SELECT r.id, r.kind, r.code, r.name"
             " FROM sales_region r"
             " ORDER BY r.code");

/* A region picked in a form: id. */
DB_STATEMENT(sql_orgpick_region, 0,
             "SELECT r.id, r.code, r.name FROM sales_region r WHERE r.id = ?");

int
orgpick_unit_options(struct ctx *c, xmlNodePtr parent)
{
    static const char *const cols[] = {"id", "depth", "code", "name", "status"};
    struct db_param p[1] = {DB_INT(scope_unit(c))};
    struct db_rows r;

    if (db_query(c->db, c->a, &sql_orgpick_units, p, 1, 0, 0, &r) != 0)
        return -1;
    xd_rows(parent, "unit-option", &r, cols, XD_N(cols));
    return 0;
}

int
orgpick_region_options(struct ctx *c, xmlNodePtr parent)
{
    static const char *const cols[] = {"id", "kind", "code", "name"};
    struct db_rows r;

    if (db_query(c->db, c->a, &sql_orgpick_regions, NULL, 0, 0, 0, &r) != 0)
        return -1;
    xd_rows(parent, "region-option", &r, cols, XD_N(cols));
    return 0;
}

int
orgpick_form_unit(struct ctx *c, const char *field, int64_t keep, int64_t *id,
                  const char **label)
{
    struct db_param p[2];
    struct db_rows r;

    *label = NULL;
    if (form_int(c, field, FORM_REQUIRED, 1, INT64_MAX, id) != 0) {
        *id = 0;
        return 1;
    }
    p[0] = DB_INT(*id);
    p[1] = DB_INT(scope_unit(c));
    if (db_query(c->db, c->a, &sql_orgpick_unit, p, 2, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows == 0) {
        form_error(c, field, "no_such_unit", "no such unit");
        *id = 0;
        return 1;
    }
    if (strcmp(db_cell(&r, 0, 3), "active") != 0 && *id != keep) {
        form_error(c, field, "unit_retired", "the unit is retired");
        *id = 0;
        return 1;
    }
    *label = page_label(c, db_cell(&r, 0, 1), db_cell(&r, 0, 2));
    return 0;
}

int
orgpick_form_region(struct ctx *c, const char *field, int64_t *id,
                    const char **label)
{
    struct db_param p[1];
    struct db_rows r;

    *label = NULL;
    if (form_int(c, field, 0, 1, INT64_MAX, id) != 0 || *id <= 0) {
        *id = 0;
        return 0;
    }
    p[0] = DB_INT(*id);
    if (db_query(c->db, c->a, &sql_orgpick_region, p, 1, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows == 0) {
        form_error(c, field, "no_such_region", "no such region");
        *id = 0;
    } else {
        *label = page_label(c, db_cell(&r, 0, 1), db_cell(&r, 0, 2));
    }
    return 0;
}
