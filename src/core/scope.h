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
 *
 * The channel (issue 4).  Staff sit at an organisation unit, channel users
 * (agents' and dealers' staff) at a party of the channel tree.  A party is
 * in the scope when its servicing unit is in the staff member's subtree,
 * or when it is in the channel user's subtree of the channel
 * (party_closure).  Rows that belong to a party (ledger entries,
 * statements, tickets, documents) join their party and use the same
 * filter.  SCOPE_PARTY_SQL(unit_col, id_col) takes two parameters, in this
 * order: scope_unit(c), scope_party(c):
 *
 *     DB_STATEMENT(sql_party_get, 0,
 *                  "SELECT ... FROM party p WHERE p.id = ? AND "
 *                  SCOPE_PARTY_SQL("p.unit_id", "p.id"));
 *     p[0] = DB_INT(id);
 *     p[1] = DB_INT(scope_unit(c)); p[2] = DB_INT(scope_party(c));
 *
 * For a staff member scope_party() is -1 and for a channel user
 * scope_unit() is -1, so only one side can match.
 */
#ifndef QUDAO_SCOPE_H
#define QUDAO_SCOPE_H

#include <stdint.h>

struct ctx;

#define SCOPE_UNIT_SQL(col)                                                    \
    col " IN (SELECT sc.descendant_id FROM org_closure sc"                     \
        " WHERE sc.ancestor_id = ?)"

#define SCOPE_PARTY_SQL(unit_col, id_col)                                      \
    "(" unit_col " IN (SELECT sc.descendant_id FROM org_closure sc"            \
    " WHERE sc.ancestor_id = ?) OR " id_col " IN (SELECT pc.descendant_id"     \
    " FROM party_closure pc WHERE pc.ancestor_id = ?))"

/* The unit whose subtree the user sees; -1 (matches nothing) when the
 * user sits at no unit. */
int64_t scope_unit(const struct ctx *c);

/* The channel party whose subtree a channel user sees; -1 (matches
 * nothing) for staff and for anyone who sits at no party. */
int64_t scope_party(const struct ctx *c);

/* Log (and audit) a refused look-up of another scope's row. */
void scope_denied(struct ctx *c, const char *entity, int64_t id);

#endif
