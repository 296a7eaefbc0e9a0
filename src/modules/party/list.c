/*
 * list.c - GET /parties: the parties in the scope, searched, filtered,
 * sorted and paged, and the same rows as CSV (/parties.csv).  See
 * party_int.h.
 */
#include <stdint.h>
#include <string.h>

#include "party_int.h"

#include "../orgpick.h"
#include "../party.h"

#include "../../core/csv.h"
#include "../../core/ctx.h"
#include "../../core/page.h"
#include "../../core/scope.h"
#include "../../core/text.h"
#include "../../core/xd.h"
#include "../../db/db.h"

#define PARTY_PAGE    50    /* parties per list page */
#define PARTY_CSV_MAX 10000 /* rows of a CSV export */

const char *const party_sorts[] = {"code", "name",   "kind",
                                   "unit", "status", NULL};

/*
 * The list's filter: scope (2); q (6: NULL test, code, name, short name,
 * contact, phone); kind (2); status (2); grade (2); unit subtree (2);
 * region subtree (2); parent (2).  20 parameters.
 */
#define PARTY_WHERE                                                            \
    " WHERE " SCOPE_OF_P " AND (CAST(? AS VARCHAR(100)) IS NULL"               \
    " OR p.code LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"                          \
    " OR p.name LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"                          \
    " OR p.short_name LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"                    \
    " OR p.contact LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"                       \
    " OR p.phone LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "')"                        \
    " AND (CAST(? AS VARCHAR(10)) IS NULL OR p.kind = ?)"                      \
    " AND (CAST(? AS VARCHAR(10)) IS NULL OR p.status = ?)"                    \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR p.grade_id = ?)"                  \
    " AND (CAST(? AS DECIMAL(19)) IS NULL"                                     \
    " OR p.unit_id IN (SELECT fu.descendant_id FROM org_closure fu"            \
    " WHERE fu.ancestor_id = ?))"                                              \
    " AND (CAST(? AS DECIMAL(19)) IS NULL"                                     \
    " OR p.region_id IN (SELECT fr.descendant_id FROM region_closure fr"       \
    " WHERE fr.ancestor_id = ?))"                                              \
    " AND (CAST(? AS DECIMAL(19)) IS NULL OR p.parent_id = ?)"
#define PARTY_N_WHERE 20

/* The parent is shown only when it is in the scope too (2 parameters
 * before the WHERE's). */
#define PARTY_LIST                                                             \
    "SELECT p.id, p.kind, p.code, p.name, p.short_name, p.status,"             \
    " p.contact, p.phone, p.email, u.id, u.code, u.name, g.code, g.name,"      \
    " pp.id, pp.code, pp.name, r.code, r.name, s.name"                         \
    " FROM party p"                                                            \
    " JOIN org_unit u ON u.id = p.unit_id"                                     \
    " LEFT JOIN party_grade g ON g.id = p.grade_id"                            \
    " LEFT JOIN party pp ON pp.id = p.parent_id AND " SCOPE_OF_PP              \
    " LEFT JOIN sales_region r ON r.id = p.region_id"                          \
    " LEFT JOIN staff s ON s.id = p.rep_id" PARTY_WHERE

/* One whole statement per sort choice: no identifier comes from input. */
DB_STATEMENT(sql_party_code_asc, DB_PAGED, PARTY_LIST " ORDER BY p.code ASC");
DB_STATEMENT(sql_party_code_desc, DB_PAGED, PARTY_LIST " ORDER BY p.code DESC");
DB_STATEMENT(sql_party_name_asc, DB_PAGED,
             PARTY_LIST " ORDER BY p.name ASC, p.code ASC");
DB_STATEMENT(sql_party_name_desc, DB_PAGED,
             PARTY_LIST " ORDER BY p.name DESC, p.code DESC");
DB_STATEMENT(sql_party_kind_asc, DB_PAGED,
             PARTY_LIST " ORDER BY p.kind ASC, p.code ASC");
DB_STATEMENT(sql_party_kind_desc, DB_PAGED,
             PARTY_LIST " ORDER BY p.kind DESC, p.code DESC");
DB_STATEMENT(sql_party_unit_asc, DB_PAGED,
             PARTY_LIST " ORDER BY u.code ASC, p.code ASC");
DB_STATEMENT(sql_party_unit_desc, DB_PAGED,
             PARTY_LIST " ORDER BY u.code DESC, p.code DESC");
DB_STATEMENT(sql_party_status_asc, DB_PAGED,
             PARTY_LIST " ORDER BY p.status ASC, p.code ASC");
DB_STATEMENT(sql_party_status_desc, DB_PAGED,
             PARTY_LIST " ORDER BY p.status DESC, p.code DESC");

DB_STATEMENT(sql_party_count, 0, "SELECT COUNT(*) FROM party p" PARTY_WHERE);

static const struct db_sql *
list_statement(const char *sort, int desc)
{
    static const struct db_sql *const table[][2] = {
        {&sql_party_code_asc, &sql_party_code_desc},
        {&sql_party_name_asc, &sql_party_name_desc},
        {&sql_party_kind_asc, &sql_party_kind_desc},
        {&sql_party_unit_asc, &sql_party_unit_desc},
        {&sql_party_status_asc, &sql_party_status_desc},
    };

    for (int i = 0; party_sorts[i] != NULL; i++)
        if (strcmp(party_sorts[i], sort) == 0)
            return table[i][desc];
    return table[0][desc];
}

/* An optional id filter: the NULL test sees NULL when absent; the
 * comparison always gets an integer (org/staff.c's list explains). */
static void
bind_id_filter(struct db_param *p, int64_t v)
{
    p[0] = v > 0 ? DB_INT(v) : DB_NULLP;
    p[1] = DB_INT(v > 0 ? v : 0);
}

/* Columns of the list statements as attributes (xd_row). */
static const char *const list_cols[] = {
    "id",          "kind",        "code",        "name",        "short-name",
    "status",      "contact",     "phone",       "email",       "unit-id",
    "unit-code",   "unit-name",   "grade-code",  "grade-name",  "parent-id",
    "parent-code", "parent-name", "region-code", "region-name", "rep-name"};

/* The list as CSV (csv.h): the same rows, unpaged up to the cap. */
static void
list_csv(struct ctx *c, const struct db_rows *r)
{
    static const char *const head[] = {"code",  "name",    "kind",  "status",
                                       "grade", "parent",  "unit",  "region",
                                       "rep",   "contact", "phone", "email"};
    static const size_t cols[] = {2, 3, 1, 5, 12, 15, 10, 17, 19, 6, 7, 8};

    csv_begin(c, "parties.csv");
    for (size_t k = 0; k < sizeof(head) / sizeof(head[0]); k++)
        csv_text(c, head[k]);
    csv_row(c);
    for (size_t i = 0; i < r->n_rows; i++) {
        for (size_t k = 0; k < sizeof(cols) / sizeof(cols[0]); k++)
            csv_text(c, db_cell(r, i, cols[k]));
        csv_row(c);
    }
}

/* GET /parties, /parties.csv */
int
party_list(struct ctx *c)
{
    const char *q = param_text(c->req, "q");
    const char *kind = param_text(c->req, "kind");
    const char *status = param_text(c->req, "status");
    const char *sort = param_text(c->req, "sort");
    const char *dir = param_text(c->req, "dir");
    int64_t grade = param_int(c->req, "grade", 0);
    int64_t unit = param_int(c->req, "unit", 0);
    int64_t region = param_int(c->req, "region", 0);
    int64_t parent = param_int(c->req, "parent", 0);
    int64_t page = param_int(c->req, "page", 1);
    int desc = dir != NULL && strcmp(dir, "desc") == 0;
    struct db_param p[2 + PARTY_N_WHERE], *w = p + 2;
    struct db_rows rows;
    xmlNodePtr list, f;
    int64_t total, pages;
    const char *like, *parent_code = NULL, *parent_name = NULL;

    if (sort == NULL)
        sort = "code";
    like = q != NULL ? text_like(c->a, q, 1, 1) : NULL;
    p[0] = DB_INT(scope_unit(c)); /* the parent's scope */
    p[1] = DB_INT(scope_party(c));
    w[0] = DB_INT(scope_unit(c));
    w[1] = DB_INT(scope_party(c));
    w[2] = DB_TEXT(q);
    for (int k = 3; k <= 7; k++)
        w[k] = DB_TEXT(like);
    w[8] = DB_TEXT(kind);
    w[9] = DB_TEXT(kind);
    w[10] = DB_TEXT(status);
    w[11] = DB_TEXT(status);
    bind_id_filter(w + 12, grade);
    bind_id_filter(w + 14, unit);
    bind_id_filter(w + 16, region);
    bind_id_filter(w + 18, parent);
    if (parent > 0) {
        /* a parent outside the scope has no children to show: filter on
         * an id no party has, as for a missing one */
        struct party_brief b;
        int rc = party_get(c, parent, &b);

        if (rc < 0)
            return ctx_db_fail(c);
        if (rc == 0) {
            parent_code = b.code;
            parent_name = b.name;
        } else {
            w[19] = DB_INT(0);
        }
    }

    if (c->req->want_csv) {
        if (db_query(c->db, c->a, list_statement(sort, desc), p,
                     2 + PARTY_N_WHERE, PARTY_CSV_MAX, 0, &rows) != 0)
            return ctx_db_fail(c);
        list_csv(c, &rows);
        return 0;
    }

    if (page_rows(c, PARTY_PAGE, &page, &total, &pages, &sql_party_count, w,
                  PARTY_N_WHERE, list_statement(sort, desc), p,
                  2 + PARTY_N_WHERE, &rows) != 0)
        return -1;

    list = ctx_data(c, "party-list");
    xd_attr(list, "q", q != NULL ? q : "");
    xd_attr(list, "kind", kind);
    xd_attr(list, "status", status);
    if (grade > 0)
        xd_attr_int(list, "grade", grade);
    if (unit > 0)
        xd_attr_int(list, "unit", unit);
    if (region > 0)
        xd_attr_int(list, "region", region);
    if (parent > 0) {
        xd_attr_int(list, "parent", parent);
        if (parent_code != NULL) {
            xd_attr(list, "parent-code", parent_code);
            xd_attr(list, "parent-name", parent_name);
        }
    }
    xd_attr(list, "sort", sort);
    xd_attr(list, "dir", desc ? "desc" : "asc");
    page_attrs(list, page, pages, total, PARTY_PAGE, rows.n_rows);
    page_can(c, list, "can-edit", "party.edit");
    f = xd_elem(list, "grades");
    if (party_add_grade_options(c, f) != 0)
        return ctx_db_fail(c);
    f = xd_elem(list, "units");
    if (orgpick_unit_options(c, f) != 0)
        return ctx_db_fail(c);
    f = xd_elem(list, "regions");
    if (orgpick_region_options(c, f) != 0)
        return ctx_db_fail(c);
    xd_rows(list, "party", &rows, list_cols, XD_N(list_cols));
    return 0;
}
