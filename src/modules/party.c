/*
 * party.c - parties and the channel tree, grades (issue 4).  Being built:
 * for now the look-up other modules use (party.h).
 */
#include <string.h>

#include "party.h"

#include "../core/ctx.h"
#include "../core/scope.h"
#include "../db/db.h"

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

static const struct route routes[] = {
    {0, NULL, NULL, NULL, NULL, NULL, NULL, 0},
};

const struct module party_module = {"party", routes, 0};
