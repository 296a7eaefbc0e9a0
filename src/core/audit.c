/* audit.c - see audit.h. */
#include "audit.h"

#include <string.h>

#include "../db/db.h"
#include "auth.h"
#include "clock.h"
#include "ctx.h"
#include "log.h"

DB_STATEMENT(sql_audit_add, 0,
             "INSERT INTO audit_log (id, at, user_id, addr, entity,"
             " entity_id, action, detail)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");

/* Cut text to at most max characters on a UTF-8 boundary. */
static const char *
cut(struct arena *a, const char *s, size_t max)
{
    size_t i = 0, chars = 0;

    if (s == NULL)
        return NULL;
    while (s[i] != '\0' && chars < max) {
        i++;
        while ((s[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    return s[i] == '\0' ? s : arena_strndup(a, s, i);
}

int
audit_write(struct ctx *c, const char *entity, int64_t entity_id,
            const char *action, const char *detail)
{
    struct db_param p[8];
    int64_t id;
    int ms;
    time_t now = clock_now_ms(&ms);

    if (c->db == NULL || db_next_id(c->db, "audit_log", &id) != 0)
        return -1;
    p[0] = DB_INT(id);
    p[1] = DB_TS_MS(now, ms); /* history is ordered by it */
    p[2] = c->user != NULL ? DB_INT(c->user->id) : DB_NULLP;
    p[3] = DB_TEXT(c->req != NULL ? c->req->remote_addr : NULL);
    p[4] = DB_TEXT(entity);
    p[5] = entity_id > 0 ? DB_INT(entity_id) : DB_NULLP;
    p[6] = DB_TEXT(action);
    p[7] = DB_TEXT(cut(c->a, detail, 2000));
    return db_exec(c->db, &sql_audit_add, p, 8, NULL);
}

int
audit_write_now(struct ctx *c, const char *entity, int64_t entity_id,
                const char *action, const char *detail)
{
    if (c->db == NULL)
        return -1;
    if (db_in_txn(c->db))
        db_rollback(c->db);
    if (audit_write(c, entity, entity_id, action, detail) != 0 ||
        db_commit(c->db) != 0) {
        db_rollback(c->db);
        log_warn("req=%s audit: cannot record %s %s", c->request_id, entity,
                 action);
        return -1;
    }
    return 0;
}

void
audit_diff(struct sbuf *b, const char *field, const char *before,
           const char *after)
{
    if (before == NULL)
        before = "";
    if (after == NULL)
        after = "";
    if (strcmp(before, after) == 0)
        return;
    if (b->len > 0)
        sbuf_adds(b, "; ");
    sbuf_printf(b, "%s: %s -> %s", field, before, after);
}
