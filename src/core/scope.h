/*
 * scope.h - what part of the organisation (and, with the channel issue,
 * of the channel) the current user may see.  One place decides it; every
 * list and every fetch by id of business rows goes through it, for every
 * output (HTML, XML, CSV, print).
 *
 * Use: put SCOPE_UNIT_SQL(col) in the statement's WHERE clause, with the
 * unit column of the row, and bind scope_unit(c) to its one parameter:
 *
 *     DB_STATEMENT(sql_staff_get, 0,
 *                  "SELECT ... FROM staff s WHERE s.id = ? AND "
 *                  SCOPE_UNIT_SQL("s.unit_id"));
 *     p[0] = DB_INT(id); p[1] = DB_INT(scope_unit(c));
 *
 * A row outside the scope is simply not found: the handler answers 404,
 * exactly as for a missing id, and calls scope_denied() to log it.
 */
#ifndef QUDAO_SCOPE_H
#define QUDAO_SCOPE_H

#include <stdint.h>

struct ctx;

#define SCOPE_UNIT_SQL(col)                                                    \
    col " IN (SELECT sc.descendant_id FROM org_closure sc"                     \
        " WHERE sc.ancestor_id = ?)"

/* The unit whose subtree the user sees; -1 (matches nothing) when the
 * user sits at no unit. */
int64_t scope_unit(const struct ctx *c);

/* Log (and audit) a refused look-up of another scope's row. */
void scope_denied(struct ctx *c, const char *entity, int64_t id);

#endif
