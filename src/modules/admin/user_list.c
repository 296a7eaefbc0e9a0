/*
 * user_list.c - GET /admin/users: the users in the admin's scope,
 * searched, filtered by status and kind, sorted and paged; and a user's
 * place as attributes, which a user's page shows too.  See admin_int.h.
 */
#include <string.h>

#include "admin_int.h"

#include "../../core/auth.h"
#include "../../core/page.h"
#include "../../core/text.h"
#include "../../core/xd.h"

#define LIKE_ESC " ESCAPE '" TEXT_LIKE_ESCAPE "'"

/* scope, then the search text (login, name or party code), the status,
 * the kind of user (staff, channel) */
#define USER_WHERE                                                             \
    " WHERE " USER_SCOPE " AND (CAST(? AS VARCHAR(100)) IS NULL"               \
    " OR u.login LIKE ?" LIKE_ESC " OR LOWER(u.display_name) LIKE ?" LIKE_ESC  \
    " OR LOWER(pt.code) LIKE ?" LIKE_ESC ")"                                   \
    " AND (CAST(? AS VARCHAR(10)) IS NULL OR u.status = ?)"                    \
    " AND (CAST(? AS VARCHAR(10)) IS NULL"                                     \
    " OR CASE WHEN us.party_id IS NULL THEN 'staff' ELSE 'channel' END = ?)"

#define USER_LIST                                                              \
    "SELECT u.id, u.login, u.display_name, u.status, u.created_at," USER_PLACE \
        USER_FROM USER_WHERE

DB_STATEMENT(sql_users_login_asc, DB_PAGED, USER_LIST " ORDER BY u.login ASC");
DB_STATEMENT(sql_users_login_desc, DB_PAGED,
             USER_LIST " ORDER BY u.login DESC");
DB_STATEMENT(sql_users_name_asc, DB_PAGED,
             USER_LIST " ORDER BY u.display_name ASC, u.login ASC");
DB_STATEMENT(sql_users_name_desc, DB_PAGED,
             USER_LIST " ORDER BY u.display_name DESC, u.login DESC");
DB_STATEMENT(sql_users_status_asc, DB_PAGED,
             USER_LIST " ORDER BY u.status ASC, u.login ASC");
DB_STATEMENT(sql_users_status_desc, DB_PAGED,
             USER_LIST " ORDER BY u.status DESC, u.login DESC");
DB_STATEMENT(sql_users_count, 0, "SELECT COUNT(*)" USER_FROM USER_WHERE);

/* ---- users: list -------------------------------------------------------- */

const char *const admin_user_sorts[] = {"login", "name", "status", NULL};

/* The place of a user as attributes: unit-id, unit-code, unit-name for
 * staff, party-id, party-code, party-name, party-kind, party-status for a
 * channel user, and kind="staff|channel".  r's columns from col on are
 * USER_PLACE's. */
void
admin_put_place(xmlNodePtr n, const struct db_rows *r, size_t i, size_t col)
{
    int at_party = db_cell(r, i, col + 3) != NULL;

    xd_attr(n, "kind", at_party ? "channel" : "staff");
    xd_attr(n, "unit-id", db_cell(r, i, col));
    xd_attr(n, "unit-code", db_cell(r, i, col + 1));
    xd_attr(n, "unit-name", db_cell(r, i, col + 2));
    xd_attr(n, "party-id", db_cell(r, i, col + 3));
    xd_attr(n, "party-code", db_cell(r, i, col + 4));
    xd_attr(n, "party-name", db_cell(r, i, col + 5));
    xd_attr(n, "party-kind", db_cell(r, i, col + 6));
    xd_attr(n, "party-status", db_cell(r, i, col + 7));
}

static const struct db_sql *
users_statement(const char *sort, int desc)
{
    static const struct db_sql *const table[][2] = {
        {&sql_users_login_asc, &sql_users_login_desc},
        {&sql_users_name_asc, &sql_users_name_desc},
        {&sql_users_status_asc, &sql_users_status_desc},
    };

    for (int i = 0; admin_user_sorts[i] != NULL; i++)
        if (strcmp(admin_user_sorts[i], sort) == 0)
            return table[i][desc];
    return table[0][desc];
}

/* GET /admin/users */
int
admin_users(struct ctx *c)
{
    const char *q = param_text(c->req, "q");
    const char *status = param_text(c->req, "status");
    const char *kind = param_text(c->req, "kind");
    const char *sort = param_text(c->req, "sort");
    const char *dir = param_text(c->req, "dir");
    int64_t page = param_int(c->req, "page", 1);
    int desc = dir != NULL && strcmp(dir, "desc") == 0;
    const char *pat =
        q ? text_like(c->a, text_lower_ascii(c->a, q), 1, 1) : NULL;
    struct db_param p[9];
    struct db_rows rows;
    xmlNodePtr list;
    int64_t total, pages;

    if (sort == NULL)
        sort = "login";
    p[0] = DB_INT(scope_unit(c));
    p[1] = DB_TEXT(q);
    p[2] = DB_TEXT(pat);
    p[3] = DB_TEXT(pat);
    p[4] = DB_TEXT(pat);
    p[5] = DB_TEXT(status);
    p[6] = DB_TEXT(status);
    p[7] = DB_TEXT(kind);
    p[8] = DB_TEXT(kind);
    if (page_rows(c, ADMIN_PAGE, &page, &total, &pages, &sql_users_count, p, 9,
                  users_statement(sort, desc), p, 9, &rows) != 0)
        return -1;

    list = ctx_data(c, "users");
    xd_attr(list, "q", q != NULL ? q : "");
    xd_attr(list, "status", status);
    xd_attr(list, "kind", kind);
    xd_attr(list, "sort", sort);
    xd_attr(list, "dir", desc ? "desc" : "asc");
    admin_put_paging(list, page, pages, total, rows.n_rows);
    if (auth_can(c, "user.manage"))
        xd_attr(list, "manage", "1");
    for (size_t i = 0; i < rows.n_rows; i++) {
        xmlNodePtr n = xd_elem(list, "user");

        xd_attr(n, "id", db_cell(&rows, i, 0));
        xd_attr(n, "login", db_cell(&rows, i, 1));
        xd_attr(n, "name", db_cell(&rows, i, 2));
        xd_attr(n, "status", db_cell(&rows, i, 3));
        admin_put_place(n, &rows, i, 5);
        xd_attr(n, "created-at", text_iso_ts(c->a, db_cell(&rows, i, 4)));
    }
    return 0;
}
