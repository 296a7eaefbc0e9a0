/*
 * audit.h - the audit trail: append-only rows in audit_log, written in
 * the same transaction as the change they describe (so a rolled-back
 * change leaves no record, and a committed one always has one).  Logins,
 * failed logins and authorisation denials are audited too, each in a
 * short transaction of its own.
 */
#ifndef QUDAO_AUDIT_H
#define QUDAO_AUDIT_H

#include <stdint.h>

#include "arena.h"

struct ctx;

/*
 * Record an action on (entity, entity_id) by the current user from the
 * request's address; detail is free text (the changed fields as
 * "field: before -> after; ..." by convention), at most 2000 characters,
 * cut when longer.  Inside the caller's transaction.  0 or -1.
 */
int audit_write(struct ctx *c, const char *entity, int64_t entity_id,
                const char *action, const char *detail);

/* The same, committed at once (for denials and login failures). */
int audit_write_now(struct ctx *c, const char *entity, int64_t entity_id,
                    const char *action, const char *detail);

/* Append "field: before -> after; " to b when before and after differ
 * (NULL counts as empty). */
void audit_diff(struct sbuf *b, const char *field, const char *before,
                const char *after);

#endif
