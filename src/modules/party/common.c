/*
 * common.c - what the pages of the party module share: the look-up other
 * modules use (party.h: party_get, party_get_by_code), one party of the
 * scope (party_fetch), the check that a code is free and an optional
 * reference as a parameter.  See party_int.h.
 */
#include <stdint.h>
#include <string.h>

#include "party_int.h"

#include "../party.h"

#include "../../core/ctx.h"
#include "../../core/form.h"
#include "../../core/scope.h"
#include "../../db/db.h"

/* One party in the scope: scope (parent, 2), id, scope (2). */
DB_STATEMENT(sql_party_get, 0,
             "SELECT p.id, p.kind, p.code, p.name, p.short_name, p.parent_id,"
             " pp.code, pp.name, p.unit_id, u.code, u.name, p.region_id,"
             " r.code, r.name, p.rep_id, s.emp_no, s.name, p.grade_id,"
             " g.code, g.name, p.status, p.contact, p.phone, p.email,"
             " p.address, p.tax_no, p.bank_name, p.bank_account, p.note,"
             " p.created_at, p.updated_at, p.version"
             " FROM party p"
             " JOIN org_unit u ON u.id = p.unit_id"
             " LEFT JOIN party pp ON pp.id = p.parent_id AND " SCOPE_OF_PP
             " LEFT JOIN sales_region r ON r.id = p.region_id"
             " LEFT JOIN staff s ON s.id = p.rep_id"
             " LEFT JOIN party_grade g ON g.id = p.grade_id"
             " WHERE p.id = ? AND " SCOPE_OF_P);

/* ==================================================================== */
/* The look-up other modules use (party.h)                              */
/* ==================================================================== */

#define PARTY_BRIEF                                                            \
    "SELECT p.id, p.kind, p.code, p.name, p.status, p.parent_id,"              \
    " p.unit_id, u.code, u.name"                                               \
    " FROM party p JOIN org_unit u ON u.id = p.unit_id"

DB_STATEMENT(sql_party_brief, 0,
             PARTY_BRIEF
             " WHERE p.id = ? AND " SCOPE_PARTY_SQL("p.unit_id", "p.id"));
DB_STATEMENT(sql_party_brief_code, 0,
             PARTY_BRIEF
             " WHERE p.code = ? AND " SCOPE_PARTY_SQL("p.unit_id", "p.id"));

static int
brief(struct ctx *c, const struct db_sql *sql, struct db_param key,
      struct party_brief *b)
{
    struct db_param p[3];
    struct db_rows r;

    p[0] = key;
    p[1] = DB_INT(scope_unit(c));
    p[2] = DB_INT(scope_party(c));
    if (db_query(c->db, c->a, sql, p, 3, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows == 0)
        return 1;
    memset(b, 0, sizeof(*b));
    b->id = db_cell_int(&r, 0, 0);
    b->kind = db_cell(&r, 0, 1);
    b->code = db_cell(&r, 0, 2);
    b->name = db_cell(&r, 0, 3);
    b->status = db_cell(&r, 0, 4);
    b->parent_id = db_cell_int(&r, 0, 5);
    b->unit_id = db_cell_int(&r, 0, 6);
    b->unit_code = db_cell(&r, 0, 7);
    b->unit_name = db_cell(&r, 0, 8);
    return 0;
}

int
party_get(struct ctx *c, int64_t id, struct party_brief *b)
{
    if (id <= 0)
        return 1;
    return brief(c, &sql_party_brief, DB_INT(id), b);
}

int
party_get_by_code(struct ctx *c, const char *code, struct party_brief *b)
{
    if (code == NULL || *code == '\0')
        return 1;
    return brief(c, &sql_party_brief_code, DB_TEXT(code), b);
}

/* ==================================================================== */
/* Helpers                                                              */
/* ==================================================================== */

/* Refuse `field` with "code_taken" when sql finds value on a row other
 * than own (0: none).  0 (free or refused) or -1. */
int
party_check_unique(struct ctx *c, const struct db_sql *sql, const char *field,
                   const char *value, int64_t own)
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
        form_error(c, field, "code_taken", "code taken");
    return 0;
}

/* Fetch one party of the scope into *r (0 rows: missing or foreign). */
int
party_fetch(struct ctx *c, int64_t id, struct db_rows *r)
{
    struct db_param p[5];

    p[0] = DB_INT(scope_unit(c));
    p[1] = DB_INT(scope_party(c));
    p[2] = DB_INT(id);
    p[3] = DB_INT(scope_unit(c));
    p[4] = DB_INT(scope_party(c));
    return db_query(c->db, c->a, &sql_party_get, p, 5, 0, 0, r);
}

/* Bind an optional reference: NULL for 0. */
struct db_param
party_opt_id(int64_t v)
{
    return v > 0 ? DB_INT(v) : DB_NULLP;
}
