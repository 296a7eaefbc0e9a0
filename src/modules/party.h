/*
 * party.h - parties of the channel (agents, dealers, end customers) as the
 * other modules see them: one look-up by id or by code, inside the
 * current user's scope (scope.h: SCOPE_PARTY_SQL).  The ledger,
 * statements, tickets and, later, orders and rebates use it so that a
 * party outside the scope is "not found" everywhere alike.
 */
#ifndef QUDAO_PARTY_H
#define QUDAO_PARTY_H

#include <stdint.h>

struct ctx;

struct party_brief {
    int64_t id;
    const char *kind; /* agent, dealer, customer */
    const char *code;
    const char *name;
    const char *status; /* applied, review, approved, ... */
    int64_t parent_id;  /* 0: none */
    int64_t unit_id;    /* servicing unit */
    const char *unit_code, *unit_name;
};

/*
 * The party `id` (or `code`) if it is in the current user's scope.
 * Returns 0 and fills *b (arena strings), 1 when it is missing or outside
 * the scope (the caller answers 404 and calls scope_denied), -1 on a
 * database failure.
 */
int party_get(struct ctx *c, int64_t id, struct party_brief *b);
int party_get_by_code(struct ctx *c, const char *code, struct party_brief *b);

#endif
