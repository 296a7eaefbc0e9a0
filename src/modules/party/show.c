/*
 * show.c - one party's page, GET /parties/{id}: its fields, its path and
 * children inside the scope, balances, grade history and audit trail
 * (party_page, which the status and grade actions show again).  See
 * party_int.h.
 */
#include <stdint.h>

#include "party_int.h"

#include "../../core/auth.h"
#include "../../core/ctx.h"
#include "../../core/page.h"
#include "../../core/scope.h"
#include "../../core/text.h"
#include "../../core/xd.h"
#include "../../db/db.h"

#define PARTY_HISTORY 50 /* audit and grade rows on the detail page */

/* The ancestors of a party inside the scope, root first: id, scope. */
DB_STATEMENT(sql_party_path, 0,
             "SELECT a.id, a.kind, a.code, a.name"
             " FROM party_closure c"
             " JOIN party a ON a.id = c.ancestor_id"
             " WHERE c.descendant_id = ? AND c.depth > 0"
             " AND " SCOPE_OF_A " ORDER BY c.depth DESC");

/* Direct children in the scope: parent, scope. */
DB_STATEMENT(sql_party_children, 0,
             "SELECT ch.id, ch.kind, ch.code, ch.name, ch.status"
             " FROM party ch"
             " WHERE ch.parent_id = ? AND " SCOPE_OF_CH " ORDER BY ch.code");

DB_STATEMENT(sql_party_account, 0,
             "SELECT receivable, prepayment, rebate, open_orders, exposure,"
             " credit_limit, hold, hold_reason"
             " FROM party_account"
             " WHERE party_id = ?");

/* Newest first: party. */
DB_STATEMENT(sql_grade_history, DB_PAGED,
             "SELECT h.changed_at, h.note, g.code, g.name, pg.code, pg.name,"
             " q.login, q.display_name"
             " FROM grade_history h"
             " LEFT JOIN party_grade g ON g.id = h.grade_id"
             " LEFT JOIN party_grade pg ON pg.id = h.prev_id"
             " LEFT JOIN qd_user q ON q.id = h.user_id"
             " WHERE h.party_id = ?"
             " ORDER BY h.changed_at DESC, h.id DESC");

static int
add_account(struct ctx *c, xmlNodePtr parent, int64_t id)
{
    static const char *const money_cols[] = {"receivable", "prepayment",
                                             "rebate",     "open-orders",
                                             "exposure",   "credit-limit"};
    struct db_param p[1];
    struct db_rows r;
    xmlNodePtr a;

    p[0] = DB_INT(id);
    if (db_query(c->db, c->a, &sql_party_account, p, 1, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows == 0)
        return 0;
    a = xd_elem(parent, "account");
    for (size_t k = 0; k < XD_N(money_cols); k++)
        xd_attr_money(a, money_cols[k], db_cell_int(&r, 0, k));
    xd_cell(a, "hold", &r, 0, 6);
    xd_cell(a, "hold-reason", &r, 0, 7);
    return 0;
}

static int
add_grade_history(struct ctx *c, xmlNodePtr parent, int64_t id)
{
    struct db_param p[1];
    struct db_rows r;
    xmlNodePtr h;

    p[0] = DB_INT(id);
    if (db_query(c->db, c->a, &sql_grade_history, p, 1, PARTY_HISTORY, 0, &r) !=
        0)
        return -1;
    h = xd_elem(parent, "grade-history");
    for (size_t i = 0; i < r.n_rows; i++) {
        xmlNodePtr e = xd_elem(h, "change");

        xd_attr(e, "at", text_iso_ts(c->a, db_cell(&r, i, 0)));
        xd_cell(e, "from-code", &r, i, 4);
        xd_cell(e, "from-name", &r, i, 5);
        xd_cell(e, "to-code", &r, i, 2);
        xd_cell(e, "to-name", &r, i, 3);
        xd_cell(e, "login", &r, i, 6);
        xd_cell(e, "user-name", &r, i, 7);
        xd_cell(e, "note", &r, i, 1);
    }
    return 0;
}

/*
 * Fill <party> for a party the caller has fetched (row 0 of r): its
 * fields, the path inside the scope, children, balances, grades, history.
 * Channel users get no edit flags and no audit trail (staff work).
 */
int
party_page(struct ctx *c, const struct db_rows *r)
{
    static const char *const path_cols[] = {"id", "kind", "code", "name"};
    static const char *const child_cols[] = {"id", "kind", "code", "name",
                                             "status"};
    static const struct {
        const char *attr;
        enum pcol col;
    } fields[] = {
        {"id", PC_ID},
        {"kind", PC_KIND},
        {"code", PC_CODE},
        {"name", PC_NAME},
        {"short-name", PC_SHORT},
        {"unit-id", PC_UNIT},
        {"unit-code", PC_UNIT_CODE},
        {"unit-name", PC_UNIT_NAME},
        {"region-id", PC_REGION},
        {"region-code", PC_REGION_CODE},
        {"region-name", PC_REGION_NAME},
        {"rep-id", PC_REP},
        {"rep-emp-no", PC_REP_EMP},
        {"rep-name", PC_REP_NAME},
        {"grade-id", PC_GRADE},
        {"grade-code", PC_GRADE_CODE},
        {"grade-name", PC_GRADE_NAME},
        {"status", PC_STATUS},
        {"contact", PC_CONTACT},
        {"phone", PC_PHONE},
        {"email", PC_EMAIL},
        {"address", PC_ADDRESS},
        {"tax-no", PC_TAX},
        {"bank-name", PC_BANK},
        {"bank-account", PC_ACCOUNT},
        {"note", PC_NOTE},
        {"version", PC_VERSION},
    };
    int64_t id = db_cell_int(r, 0, PC_ID);
    int staff = scope_party(c) < 0;
    struct db_param p[3];
    struct db_rows x;
    xmlNodePtr n;

    n = ctx_data(c, "party");
    for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++)
        xd_cell(n, fields[k].attr, r, 0, fields[k].col);
    /* the parent only when it is in the scope (the query's join) */
    if (db_cell(r, 0, PC_PARENT_CODE) != NULL) {
        xd_cell(n, "parent-id", r, 0, PC_PARENT);
        xd_cell(n, "parent-code", r, 0, PC_PARENT_CODE);
        xd_cell(n, "parent-name", r, 0, PC_PARENT_NAME);
    }
    xd_attr(n, "created-at", text_iso_ts(c->a, db_cell(r, 0, PC_CREATED)));
    xd_attr(n, "updated-at", text_iso_ts(c->a, db_cell(r, 0, PC_UPDATED)));
    if (staff) {
        page_can(c, n, "can-edit", "party.edit");
        page_can(c, n, "can-grade", "grade.edit");
    }

    p[0] = DB_INT(id);
    p[1] = DB_INT(scope_unit(c));
    p[2] = DB_INT(scope_party(c));
    if (db_query(c->db, c->a, &sql_party_path, p, 3, 0, 0, &x) != 0)
        return ctx_db_fail(c);
    xd_rows(xd_elem(n, "path"), "party", &x, path_cols, XD_N(path_cols));
    if (db_query(c->db, c->a, &sql_party_children, p, 3, 0, 0, &x) != 0)
        return ctx_db_fail(c);
    xd_rows(xd_elem(n, "children"), "party", &x, child_cols, XD_N(child_cols));
    if (add_account(c, n, id) != 0 || add_grade_history(c, n, id) != 0)
        return ctx_db_fail(c);
    if (staff && auth_can(c, "grade.edit") &&
        party_add_grade_options(c, xd_elem(n, "grade-options")) != 0)
        return ctx_db_fail(c);
    if (staff && page_history(c, n, "party", id, PARTY_HISTORY) != 0)
        return ctx_db_fail(c);
    return 0;
}

/* GET /parties/{id} */
int
party_show(struct ctx *c)
{
    int64_t id = page_id(c);
    struct db_rows r;

    if (id < 0)
        return page_not_found(c, "party", id);
    if (party_fetch(c, id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "party", id);
    return party_page(c, &r);
}
