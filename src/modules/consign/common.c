/*
 * common.c - what the pages of the consignment module share: who reports
 * and who posts, finding a report in the scope (404 outside it), amounts
 * within MONEY_MAX and guarded UPDATEs.  See consign_int.h.
 */
#include <stdint.h>
#include <string.h>

#include "consign_int.h"

#include "../../core/auth.h"
#include "../../core/money.h"
#include "../../core/page.h"
#include "../../core/scope.h"

/* One report in the scope: id, scope (2).  by_agent: written by a user
 * who sits at a channel party. */
DB_STATEMENT(sql_doc_get, 0,
             "SELECT d.id, d.doc_no, d.status, d.warehouse_id, w.code, w.name,"
             " d.party_id, pa.code, pa.name, d.doc_on, d.ref_no, d.note,"
             " d.amount, d.created_at, cu.login, d.posted_at, pu.login,"
             " d.version, u.code, u.name,"
             " CASE WHEN EXISTS (SELECT 1 FROM user_scope us"
             " WHERE us.user_id = d.created_by AND us.party_id IS NOT NULL)"
             " THEN 1 ELSE 0 END,"
             " pa.address, pa.contact, pa.phone, w.address"
             " FROM stock_doc d"
             " JOIN warehouse w ON w.id = d.warehouse_id"
             " JOIN org_unit u ON u.id = w.unit_id"
             " LEFT JOIN party pa ON pa.id = d.party_id"
             " LEFT JOIN qd_user cu ON cu.id = d.created_by"
             " LEFT JOIN qd_user pu ON pu.id = d.posted_by"
             " WHERE d.id = ? AND d.kind = 'sellthru'"
             " AND " SCOPE_PARTY_SQL("w.unit_id", "w.party_id"));

/* qty x price added to *sum, within MONEY_MAX.  0, or -1 when too
 * large. */
int
consign_add_amount(int64_t *sum, int64_t qty, int64_t price)
{
    int64_t line;

    if (__builtin_mul_overflow(qty, price, &line) || line > MONEY_MAX ||
        __builtin_add_overflow(*sum, line, sum) || *sum > MONEY_MAX)
        return -1;
    return 0;
}

/* Run a guarded UPDATE: 0 when it changed a row, CONS_CONFLICT when its
 * guard matched none, -1 on a database error. */
int
consign_exec_guarded(struct db *db, const struct db_sql *sql,
                     const struct db_param *p, size_t np)
{
    long n = 0;

    if (db_exec(db, sql, p, np, &n) != 0)
        return -1;
    return n > 0 ? 0 : CONS_CONFLICT;
}

/* A user of the agent's side who may report (sits at a channel party). */
int
consign_is_agent(const struct ctx *c)
{
    return c->user != NULL && c->user->party_id > 0 && auth_can(c, PERM_REPORT);
}

/* Staff who may write reports for any agent in scope and post them. */
int
consign_is_poster(const struct ctx *c)
{
    return c->user != NULL && c->user->party_id <= 0 && auth_can(c, PERM_POST);
}

/* The routes whose permission (stock.view) is refined here: either of
 * the two above, else 403. */
int
consign_need_writer(struct ctx *c)
{
    if (consign_is_agent(c) || consign_is_poster(c))
        return 0;
    return ctx_fail(c, 403, "forbidden",
                    "only the agent's own users (consign.report) or staff "
                    "who post stock (stock.post) write sell-through reports",
                    NULL);
}

/* May this user change report d (a draft or pending one)?  The agent only
 * its own party's reports; staff any in scope. */
int
consign_may_write(const struct ctx *c, const struct db_rows *d)
{
    if (consign_is_poster(c))
        return 1;
    return consign_is_agent(c) &&
           db_cell_int(d, 0, D_PARTY) == c->user->party_id;
}

/* Is report d (a row of consign_find_doc) in status `status`? */
int
consign_status_is(const struct db_rows *d, const char *status)
{
    const char *s = db_cell(d, 0, D_STATUS);

    return s != NULL && strcmp(s, status) == 0;
}

/* Look report id up in the scope into *d: 0 found, else the 404 / 500
 * recorded (-1). */
int
consign_find_doc(struct ctx *c, int64_t id, struct db_rows *d)
{
    struct db_param p[3];

    if (id <= 0)
        return page_not_found(c, "stock_doc", id);
    p[0] = DB_INT(id);
    p[1] = DB_INT(scope_unit(c));
    p[2] = DB_INT(scope_party(c));
    if (db_query(c->db, c->a, &sql_doc_get, p, 3, 0, 0, d) != 0)
        return ctx_db_fail(c);
    if (d->n_rows == 0)
        return page_not_found(c, "stock_doc", id);
    return 0;
}

/* Find report {id} for a change by this user: in scope (404), one the
 * user may write (403).  0 or -1. */
int
consign_find_writable(struct ctx *c, struct db_rows *d)
{
    if (consign_need_writer(c) != 0 || consign_find_doc(c, page_id(c), d) != 0)
        return -1;
    if (!consign_may_write(c, d))
        return ctx_fail(c, 403, "forbidden",
                        "an agent changes only its own reports", NULL);
    return 0;
}
