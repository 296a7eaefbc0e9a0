/*
 * audit.c - GET /admin/audit: the audit trail searched by user, record,
 * action and dates, and paged; not scoped.  See admin_int.h.
 */
#include <time.h>

#include "admin_int.h"

#include "../../core/clock.h"
#include "../../core/form.h"
#include "../../core/page.h"
#include "../../core/text.h"
#include "../../core/xd.h"

/* time bounds first (always bound), then the optional filters */
#define AUDIT_FROM                                                             \
    " FROM audit_log a"                                                        \
    " LEFT JOIN qd_user x ON x.id = a.user_id"                                 \
    " WHERE a.at >= ? AND a.at < ?"                                            \
    " AND (CAST(? AS VARCHAR(60)) IS NULL OR x.login = ?)"                     \
    " AND (CAST(? AS VARCHAR(40)) IS NULL OR a.entity = ?)"                    \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR a.entity_id = ?)"                 \
    " AND (CAST(? AS VARCHAR(40)) IS NULL OR a.action = ?)"

DB_STATEMENT(sql_audit_search, DB_PAGED,
             "SELECT a.id, a.at, a.user_id, x.login, a.addr, a.entity,"
             " a.entity_id, a.action, a.detail" AUDIT_FROM
             " ORDER BY a.at DESC, a.id DESC");
DB_STATEMENT(sql_audit_count, 0, "SELECT COUNT(*)" AUDIT_FROM);

/* ---- audit trail -------------------------------------------------------- */

/* GET /admin/audit: no scope filter (see admin_int.h). */
int
admin_audit(struct ctx *c)
{
    const char *login = form_text(c, "user", 0, 60);
    const char *entity = form_text(c, "entity", 0, 40);
    const char *action = form_text(c, "action", 0, 40);
    const char *from = form_date(c, "from", 0);
    const char *to = form_date(c, "to", 0);
    int64_t entity_id = 0, page = param_int(c->req, "page", 1);
    struct db_param p[10];
    struct db_rows rows;
    xmlNodePtr list;
    int64_t total = 0, pages = 0;

    form_int(c, "entity-id", 0, 1, ID_MAX, &entity_id);
    list = ctx_data(c, "audit");
    xd_attr(list, "user", param_text(c->req, "user"));
    xd_attr(list, "entity", param_text(c->req, "entity"));
    xd_attr(list, "entity-id", param_text(c->req, "entity-id"));
    xd_attr(list, "action", param_text(c->req, "action"));
    xd_attr(list, "from", param_text(c->req, "from"));
    xd_attr(list, "to", param_text(c->req, "to"));
    if (!form_ok(c)) { /* 422: the form with its messages, no rows */
        admin_put_paging(list, 1, 0, 0, 0);
        return 0;
    }
    /* 1970 .. 3000 when not given: the bounds are always bound, so no
     * timestamp parameter needs a typed NULL test */
    p[0] = DB_TS(from != NULL ? (time_t)clock_day_number(from) * 86400 : 0);
    p[1] = DB_TS(to != NULL ? (time_t)clock_day_number(to) * 86400 + 86400
                            : 32503680000LL);
    login = text_lower_ascii(c->a, login);
    p[2] = DB_TEXT(login);
    p[3] = DB_TEXT(login);
    p[4] = DB_TEXT(entity);
    p[5] = DB_TEXT(entity);
    p[6] = entity_id > 0 ? DB_INT(entity_id) : DB_NULLP;
    p[7] = p[6];
    p[8] = DB_TEXT(action);
    p[9] = DB_TEXT(action);
    if (page_rows(c, ADMIN_PAGE, &page, &total, &pages, &sql_audit_count, p, 10,
                  &sql_audit_search, p, 10, &rows) != 0)
        return -1;
    admin_put_paging(list, page, pages, total, rows.n_rows);
    for (size_t i = 0; i < rows.n_rows; i++)
        admin_put_entry(c, list, &rows, i, 1);
    return 0;
}
