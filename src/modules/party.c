/*
 * party.c - parties of the channel (MISSION M9, 客户管理): agents,
 * dealers and end customers, the channel tree, grades (issue 4).
 *
 * Pages:  GET  /parties                   search, filter, sort, page; .csv
 *         GET  /parties/{id}              one party: path, children,
 *                                         balances, grade history, audit
 *         GET  /parties/new               form; POST creates (status
 *                                         'applied', account, closure)
 *         GET  /parties/{id}/edit         form; POST saves (row version)
 *         GET  /parties/{id}/move         form; POST moves the subtree
 *         POST /parties/{id}/status       suspend, reactivate, retire
 *         POST /parties/{id}/grade        set the grade (grade history)
 *         GET  /grades                    the grades
 *         GET  /grades/new, /grades/{id}/edit  forms; POST creates, saves
 * Tables: party, party_closure, party_account, party_grade, grade_history
 *         (schema/0003-channel.xml); org_unit, org_closure, sales_region,
 *         region_closure, staff, audit_log and qd_user are read.
 * Style:  xsl/party.xsl; text in xsl/i18n/<lang>/party.xml; documents in
 *         schema/xsd/party.xsd.
 *
 * Scope (SECURITY.md class 1): every party row -- in lists, fetches by id,
 * the parent and path shown beside a party, and the guarded UPDATEs -- is
 * read through SCOPE_PARTY_SQL with scope_unit(c), scope_party(c).  Staff
 * see the parties serviced by their unit's subtree, channel users their
 * own subtree of the channel.  A foreign id is answered exactly like a
 * missing one (404) and logged by scope_denied().  Grades are the
 * company's price policy and not scoped (only grade.edit sees them).
 *
 * Writes follow org/: form_* validation (422 with the form as typed), ids
 * taken before the unit of work, which starts with its guarded UPDATE (or
 * the INSERT) (PORTABILITY.md item 9), checks the row count (0: a version
 * conflict, 409 with both values), and writes the audit record in the same
 * transaction.  party_closure is rewritten in the transaction that changes
 * party.parent_id.  Approving and rejecting applications is the
 * qualification module's; this one only suspends, reactivates and retires.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "orgpick.h"
#include "party.h"

#include "../core/audit.h"
#include "../core/page.h"
#include "../core/auth.h"
#include "../core/clock.h"
#include "../core/csv.h"
#include "../core/ctx.h"
#include "../core/form.h"
#include "../core/money.h"
#include "../core/scope.h"
#include "../core/text.h"
#include "../core/xd.h"
#include "../db/db.h"

#define PARTY_PAGE    50    /* parties per list page */
#define PARTY_CSV_MAX 10000 /* rows of a CSV export */
#define PARTY_HISTORY 50    /* audit and grade rows on the detail page */
/* What a parameter table lets through; the real limits are the form_*
 * checks (422 with the form again). */
#define PARTY_FIELD_MAX 1000

/* Results of a unit of work besides 0 (done) and -1 (database error). */
enum party_uow {
    PARTY_CONFLICT = 1, /* the row's version moved on (or it left the scope) */
    PARTY_UNDER_SELF,   /* the new parent is in the moved subtree */
    PARTY_GONE,         /* a referenced row vanished or was retired */
    PARTY_REFUSED       /* a status change whose conditions do not hold */
};

static const char *const party_kinds[] = {"agent", "dealer", "customer", NULL};
static const char *const party_statuses[] = {
    "applied", "review", "approved", "rejected", "suspended", "retired", NULL};
static const char *const party_sorts[] = {"code", "name",   "kind",
                                          "unit", "status", NULL};
static const char *const dirs[] = {"asc", "desc", NULL};
static const char *const status_actions[] = {"suspend", "reactivate", "retire",
                                             NULL};
static const char *const grade_statuses[] = {"active", "retired", NULL};

/* ==================================================================== */
/* Statements                                                           */
/* ==================================================================== */

/* The scope filter (scope.h) on a party alias; two parameters each:
 * scope_unit(c), scope_party(c). */
#define SCOPE_OF_P  SCOPE_PARTY_SQL("p.unit_id", "p.id")
#define SCOPE_OF_PP SCOPE_PARTY_SQL("pp.unit_id", "pp.id")
#define SCOPE_OF_A  SCOPE_PARTY_SQL("a.unit_id", "a.id")
#define SCOPE_OF_CH SCOPE_PARTY_SQL("ch.unit_id", "ch.id")
#define SCOPE_OF_ID SCOPE_PARTY_SQL("unit_id", "id")

/* A parent, target of a move: an agent or dealer not retired/rejected. */
#define PARENT_OK                                                              \
    " kind IN ('agent', 'dealer')"                                             \
    " AND status NOT IN ('retired', 'rejected')"

/* ---- list ------------------------------------------------------------ */

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

/* ---- one party ------------------------------------------------------- */

/* Columns of sql_party_get. */
enum pcol {
    PC_ID,
    PC_KIND,
    PC_CODE,
    PC_NAME,
    PC_SHORT,
    PC_PARENT,
    PC_PARENT_CODE,
    PC_PARENT_NAME,
    PC_UNIT,
    PC_UNIT_CODE,
    PC_UNIT_NAME,
    PC_REGION,
    PC_REGION_CODE,
    PC_REGION_NAME,
    PC_REP,
    PC_REP_EMP,
    PC_REP_NAME,
    PC_GRADE,
    PC_GRADE_CODE,
    PC_GRADE_NAME,
    PC_STATUS,
    PC_CONTACT,
    PC_PHONE,
    PC_EMAIL,
    PC_ADDRESS,
    PC_TAX,
    PC_BANK,
    PC_ACCOUNT,
    PC_NOTE,
    PC_CREATED,
    PC_UPDATED,
    PC_VERSION
};

/* One party in the scope: scope (parent, 2), id, scope (2). */
DB_STATEMENT(sql_party_get, 0,
             "SELECT p.id, p.kind, p.code, p.name, p.short_name, p.parent_id,"
             " pp.code, pp.name, p.unit_id, u.code, u.name, p.region_id,"
             " r.code, r.name, p.rep_id, s.emp_no, s.name, p.grade_id,"
             " g.code, g.name, p.status, p.contact, p.phone, p.email,"
             " p.address, p.tax_no, p.bank_name, p.bank_account, p.note,"
             " p.created_at, p.updated_at, p.version"
             " FROM party p"
             " JOIN org_unit u ON u.id = p.unit_id"
             " LEFT JOIN party pp ON pp.id = p.parent_id AND " SCOPE_OF_PP
             " LEFT JOIN sales_region r ON r.id = p.region_id"
             " LEFT JOIN staff s ON s.id = p.rep_id"
             " LEFT JOIN party_grade g ON g.id = p.grade_id"
             " WHERE p.id = ? AND " SCOPE_OF_P);

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

/* ---- choices and checks ---------------------------------------------- */

/* Staff who may be a party's rep: present, in the scope. */
DB_STATEMENT(sql_rep_options, 0,
             "SELECT s.id, s.emp_no, s.name, s.unit_id"
             " FROM staff s"
             " WHERE s.status <> 'left' AND " SCOPE_UNIT_SQL(
                 "s.unit_id") " ORDER BY s.name, s.emp_no");

/* A rep picked in a form: id, the party's unit (its subtree). */
DB_STATEMENT(sql_rep_pick, 0,
             "SELECT s.id, s.emp_no, s.name"
             " FROM staff s"
             " WHERE s.id = ? AND s.status <> 'left'"
             " AND s.unit_id IN (SELECT c.descendant_id FROM org_closure c"
             " WHERE c.ancestor_id = ?)");

DB_STATEMENT(sql_party_code_used, 0,
             "SELECT p.id FROM party p WHERE p.code = ? AND p.id <> ?");

/* Is the second party in the subtree of the first (or the first)? */
DB_STATEMENT(sql_party_below, 0,
             "SELECT c.depth FROM party_closure c"
             " WHERE c.ancestor_id = ? AND c.descendant_id = ?");

/* What keeps a party from retiring: children not retired, balances. */
DB_STATEMENT(sql_party_busy, 0,
             "SELECT (SELECT COUNT(*) FROM party ch"
             " WHERE ch.parent_id = ? AND ch.status <> 'retired'),"
             " (SELECT COUNT(*) FROM party_account a"
             " WHERE a.party_id = ?"
             " AND (a.receivable <> 0 OR a.prepayment <> 0))");

DB_STATEMENT(sql_party_n_children, 0,
             "SELECT COUNT(*) FROM party ch WHERE ch.parent_id = ?");

/* ---- writes ---------------------------------------------------------- */

DB_STATEMENT(sql_party_insert, 0,
             "INSERT INTO party (id, kind, code, name, short_name, parent_id,"
             " unit_id, region_id, rep_id, status, contact, phone, email,"
             " address, tax_no, bank_name, bank_account, note, created_at,"
             " updated_at, version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'applied', ?, ?, ?, ?, ?,"
             " ?, ?, ?, ?, ?, 1)");

DB_STATEMENT(sql_account_insert, 0,
             "INSERT INTO party_account (party_id, receivable, prepayment,"
             " rebate, open_orders, exposure, credit_limit, hold, updated_at,"
             " version)"
             " VALUES (?, 0, 0, 0, 0, 0, 0, 'none', ?, 1)");

DB_STATEMENT(sql_closure_self, 0,
             "INSERT INTO party_closure (ancestor_id, descendant_id, depth)"
             " VALUES (?, ?, 0)");

/* A new party under its parent's ancestors: parent, new id. */
DB_STATEMENT(sql_closure_under, 0,
             "INSERT INTO party_closure (ancestor_id, descendant_id, depth)"
             " SELECT c.ancestor_id, p.id, c.depth + 1"
             " FROM party_closure c"
             " CROSS JOIN party p"
             " WHERE c.descendant_id = ? AND p.id = ?");

/*
 * Lock a parent with an update that changes nothing, and see that it can
 * still be one.  Two moves that would together make a cycle then wait
 * for each other; db_uow runs the loser again, whose check sees the
 * winner's closure rows (as org/move.c's unit moves).
 */
DB_STATEMENT(sql_parent_lock, 0,
             "UPDATE party SET status = status"
             " WHERE id = ? AND" PARENT_OK);

DB_STATEMENT(sql_party_update, 0,
             "UPDATE party SET kind = ?, code = ?, name = ?, short_name = ?,"
             " unit_id = ?, region_id = ?, rep_id = ?, contact = ?,"
             " phone = ?, email = ?, address = ?, tax_no = ?, bank_name = ?,"
             " bank_account = ?, note = ?, updated_at = ?,"
             " version = version + 1"
             " WHERE id = ? AND version = ? AND " SCOPE_OF_ID);

DB_STATEMENT(sql_party_set_parent, 0,
             "UPDATE party SET parent_id = ?, updated_at = ?,"
             " version = version + 1"
             " WHERE id = ? AND version = ? AND " SCOPE_OF_ID);

/* Cut the moved subtree (root: both parameters) from its old ancestors. */
DB_STATEMENT(sql_closure_unlink, 0,
             "DELETE FROM party_closure"
             " WHERE descendant_id IN (SELECT t.descendant_id"
             " FROM party_closure t WHERE t.ancestor_id = ?)"
             " AND ancestor_id NOT IN (SELECT t2.descendant_id"
             " FROM party_closure t2 WHERE t2.ancestor_id = ?)");

/* Hang it under the new parent: new parent, subtree root. */
DB_STATEMENT(sql_closure_link, 0,
             "INSERT INTO party_closure (ancestor_id, descendant_id, depth)"
             " SELECT a.ancestor_id, d.descendant_id, a.depth + d.depth + 1"
             " FROM party_closure a"
             " CROSS JOIN party_closure d"
             " WHERE a.descendant_id = ? AND d.ancestor_id = ?");

/* Status moves, each along its one edge: now, id, version, scope. */
DB_STATEMENT(sql_party_suspend, 0,
             "UPDATE party SET status = 'suspended', updated_at = ?,"
             " version = version + 1"
             " WHERE id = ? AND version = ? AND status = 'approved'"
             " AND " SCOPE_OF_ID);
DB_STATEMENT(sql_party_reactivate, 0,
             "UPDATE party SET status = 'approved', updated_at = ?,"
             " version = version + 1"
             " WHERE id = ? AND version = ? AND status = 'suspended'"
             " AND " SCOPE_OF_ID);
/* ... and retire: no child that is not retired, no receivable or
 * prepayment (id twice more). */
DB_STATEMENT(sql_party_retire, 0,
             "UPDATE party SET status = 'retired', updated_at = ?,"
             " version = version + 1"
             " WHERE id = ? AND version = ?"
             " AND status IN ('approved', 'suspended')"
             " AND " SCOPE_OF_ID " AND NOT EXISTS (SELECT 1 FROM party ch"
             " WHERE ch.parent_id = ? AND ch.status <> 'retired')"
             " AND NOT EXISTS (SELECT 1 FROM party_account a"
             " WHERE a.party_id = ?"
             " AND (a.receivable <> 0 OR a.prepayment <> 0))");

DB_STATEMENT(sql_party_set_grade, 0,
             "UPDATE party SET grade_id = ?, updated_at = ?,"
             " version = version + 1"
             " WHERE id = ? AND version = ? AND " SCOPE_OF_ID);

DB_STATEMENT(sql_grade_lock_active, 0,
             "UPDATE party_grade SET status = status"
             " WHERE id = ? AND status = 'active'");

DB_STATEMENT(sql_grade_history_add, 0,
             "INSERT INTO grade_history (id, party_id, grade_id, prev_id,"
             " changed_at, user_id, note)"
             " VALUES (?, ?, ?, ?, ?, ?, ?)");

/* ---- grades ---------------------------------------------------------- */

DB_STATEMENT(sql_grade_all, 0,
             "SELECT g.id, g.code, g.name, g.discount, g.sort_key, g.status,"
             " g.note,"
             " (SELECT COUNT(*) FROM party p WHERE p.grade_id = g.id)"
             " FROM party_grade g"
             " ORDER BY g.sort_key, g.code");

DB_STATEMENT(sql_grade_get, 0,
             "SELECT g.id, g.code, g.name, g.discount, g.sort_key, g.note,"
             " g.status, g.version"
             " FROM party_grade g"
             " WHERE g.id = ?");

DB_STATEMENT(sql_grade_code_used, 0,
             "SELECT g.id FROM party_grade g WHERE g.code = ? AND g.id <> ?");

DB_STATEMENT(sql_grade_insert, 0,
             "INSERT INTO party_grade (id, code, name, discount, sort_key,"
             " note, status, version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, 1)");

DB_STATEMENT(sql_grade_update, 0,
             "UPDATE party_grade SET code = ?, name = ?, discount = ?,"
             " sort_key = ?, note = ?, status = ?, version = version + 1"
             " WHERE id = ? AND version = ?");

/* ==================================================================== */
/* The look-up other modules use (party.h)                              */
/* ==================================================================== */

#define PARTY_BRIEF                                                            \
    "SELECT p.id, p.kind, p.code, p.name, p.status, p.parent_id,"              \
    " p.unit_id, u.code, u.name"                                               \
    " FROM party p JOIN org_unit u ON u.id = p.unit_id"

DB_STATEMENT(sql_party_brief, 0,
             PARTY_BRIEF
             " WHERE p.id = ? AND " SCOPE_PARTY_SQL("p.unit_id", "p.id"));
DB_STATEMENT(sql_party_brief_code, 0,
             PARTY_BRIEF
             " WHERE p.code = ? AND " SCOPE_PARTY_SQL("p.unit_id", "p.id"));

static int
brief(struct ctx *c, const struct db_sql *sql, struct db_param key,
      struct party_brief *b)
{
    struct db_param p[3];
    struct db_rows r;

    p[0] = key;
    p[1] = DB_INT(scope_unit(c));
    p[2] = DB_INT(scope_party(c));
    if (db_query(c->db, c->a, sql, p, 3, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows == 0)
        return 1;
    memset(b, 0, sizeof(*b));
    b->id = db_cell_int(&r, 0, 0);
    b->kind = db_cell(&r, 0, 1);
    b->code = db_cell(&r, 0, 2);
    b->name = db_cell(&r, 0, 3);
    b->status = db_cell(&r, 0, 4);
    b->parent_id = db_cell_int(&r, 0, 5);
    b->unit_id = db_cell_int(&r, 0, 6);
    b->unit_code = db_cell(&r, 0, 7);
    b->unit_name = db_cell(&r, 0, 8);
    return 0;
}

int
party_get(struct ctx *c, int64_t id, struct party_brief *b)
{
    if (id <= 0)
        return 1;
    return brief(c, &sql_party_brief, DB_INT(id), b);
}

int
party_get_by_code(struct ctx *c, const char *code, struct party_brief *b)
{
    if (code == NULL || *code == '\0')
        return 1;
    return brief(c, &sql_party_brief_code, DB_TEXT(code), b);
}

/* ==================================================================== */
/* Helpers                                                              */
/* ==================================================================== */

/* A rate in basis points as a percentage, "8.50". */
static const char *
rate_text(struct ctx *c, int64_t bp)
{
    char buf[MONEY_BUFSZ];

    return arena_strdup(c->a, money_format(bp, 0, buf, sizeof(buf)));
}

/* Refuse `field` with "code_taken" when sql finds value on a row other
 * than own (0: none).  0 (free or refused) or -1. */
static int
check_unique(struct ctx *c, const struct db_sql *sql, const char *field,
             const char *value, int64_t own)
{
    struct db_param p[2];
    struct db_rows r;

    if (value == NULL)
        return 0;
    p[0] = DB_TEXT(value);
    p[1] = DB_INT(own);
    if (db_query(c->db, c->a, sql, p, 2, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows > 0)
        form_error(c, field, "code_taken", "code taken");
    return 0;
}

/* Fetch one party of the scope into *r (0 rows: missing or foreign). */
static int
fetch_party(struct ctx *c, int64_t id, struct db_rows *r)
{
    struct db_param p[5];

    p[0] = DB_INT(scope_unit(c));
    p[1] = DB_INT(scope_party(c));
    p[2] = DB_INT(id);
    p[3] = DB_INT(scope_unit(c));
    p[4] = DB_INT(scope_party(c));
    return db_query(c->db, c->a, &sql_party_get, p, 5, 0, 0, r);
}

static int
fetch_grade(struct ctx *c, int64_t id, struct db_rows *r)
{
    struct db_param p[1];

    p[0] = DB_INT(id);
    return db_query(c->db, c->a, &sql_grade_get, p, 1, 0, 0, r);
}

static int
add_rep_options(struct ctx *c, xmlNodePtr parent)
{
    static const char *const cols[] = {"id", "emp-no", "name", "unit-id"};
    struct db_param p[1];
    struct db_rows r;

    p[0] = DB_INT(scope_unit(c));
    if (db_query(c->db, c->a, &sql_rep_options, p, 1, 0, 0, &r) != 0)
        return -1;
    xd_rows(parent, "rep-option", &r, cols, XD_N(cols));
    return 0;
}

/* Every grade as <grade-option id code name status/>. */
static int
add_grade_options(struct ctx *c, xmlNodePtr parent)
{
    struct db_rows r;

    if (db_query(c->db, c->a, &sql_grade_all, NULL, 0, 0, 0, &r) != 0)
        return -1;
    for (size_t i = 0; i < r.n_rows; i++) {
        xmlNodePtr o = xd_elem(parent, "grade-option");

        xd_cell(o, "id", &r, i, 0);
        xd_cell(o, "code", &r, i, 1);
        xd_cell(o, "name", &r, i, 2);
        xd_cell(o, "status", &r, i, 5);
    }
    return 0;
}

/* ==================================================================== */
/* The list                                                             */
/* ==================================================================== */

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
static int
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
    struct db_rows rows, count;
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

    if (db_query(c->db, c->a, &sql_party_count, w, PARTY_N_WHERE, 0, 0,
                 &count) != 0)
        return ctx_db_fail(c);
    total = db_cell_int(&count, 0, 0);
    pages = (total + PARTY_PAGE - 1) / PARTY_PAGE;
    if (page > pages && pages > 0)
        page = pages;
    if (db_query(c->db, c->a, list_statement(sort, desc), p, 2 + PARTY_N_WHERE,
                 PARTY_PAGE, (long)((page - 1) * PARTY_PAGE), &rows) != 0)
        return ctx_db_fail(c);

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
    xd_attr_int(list, "page", page);
    xd_attr_int(list, "pages", pages);
    xd_attr_int(list, "total", total);
    xd_attr_int(list, "per-page", PARTY_PAGE);
    xd_attr_int(list, "first", rows.n_rows ? (page - 1) * PARTY_PAGE + 1 : 0);
    xd_attr_int(list, "last", (page - 1) * PARTY_PAGE + (int64_t)rows.n_rows);
    page_can(c, list, "can-edit", "party.edit");
    f = xd_elem(list, "grades");
    if (add_grade_options(c, f) != 0)
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

/* ==================================================================== */
/* One party                                                            */
/* ==================================================================== */

/* The stored values of a party (row 0 of r) as form attributes of n. */
static void
party_values(xmlNodePtr n, const struct db_rows *r)
{
    xd_cell(n, "kind", r, 0, PC_KIND);
    xd_cell(n, "code", r, 0, PC_CODE);
    xd_cell(n, "name", r, 0, PC_NAME);
    xd_cell(n, "short-name", r, 0, PC_SHORT);
    xd_cell(n, "parent", r, 0, PC_PARENT_CODE);
    xd_cell(n, "unit", r, 0, PC_UNIT);
    xd_cell(n, "region", r, 0, PC_REGION);
    xd_cell(n, "rep", r, 0, PC_REP);
    xd_cell(n, "contact", r, 0, PC_CONTACT);
    xd_cell(n, "phone", r, 0, PC_PHONE);
    xd_cell(n, "email", r, 0, PC_EMAIL);
    xd_cell(n, "address", r, 0, PC_ADDRESS);
    xd_cell(n, "tax-no", r, 0, PC_TAX);
    xd_cell(n, "bank-name", r, 0, PC_BANK);
    xd_cell(n, "bank-account", r, 0, PC_ACCOUNT);
    xd_cell(n, "note", r, 0, PC_NOTE);
    xd_cell(n, "status", r, 0, PC_STATUS);
    xd_cell(n, "version", r, 0, PC_VERSION);
}

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
static int
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
        add_grade_options(c, xd_elem(n, "grade-options")) != 0)
        return ctx_db_fail(c);
    if (staff && page_history(c, n, "party", id, PARTY_HISTORY) != 0)
        return ctx_db_fail(c);
    return 0;
}

/* GET /parties/{id} */
static int
party_show(struct ctx *c)
{
    int64_t id = page_id(c);
    struct db_rows r;

    if (id < 0)
        return page_not_found(c, "party", id);
    if (fetch_party(c, id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "party", id);
    return party_page(c, &r);
}

/* ==================================================================== */
/* Create and edit                                                      */
/* ==================================================================== */

static const char *const party_echo[] = {
    "kind",   "kind",       "code",       "code",         "name",
    "name",   "short_name", "short-name", "parent",       "parent",
    "unit",   "unit",       "region",     "region",       "rep",
    "rep",    "contact",    "contact",    "phone",        "phone",
    "email",  "email",      "address",    "address",      "tax_no",
    "tax-no", "bank_name",  "bank-name",  "bank_account", "bank-account",
    "note",   "note",       "version",    "version",      NULL};

/* A new <party-form action="..."> for party r (NULL: a new party), with
 * the choices of the form (units, regions, reps) unless bare. */
static int
party_form(struct ctx *c, const char *action, const struct db_rows *r, int echo,
           xmlNodePtr *out)
{
    xmlNodePtr f = ctx_data(c, "party-form");

    xd_attr(f, "action", action);
    if (r != NULL) {
        xd_cell(f, "id", r, 0, PC_ID);
        xd_cell(f, "current-code", r, 0, PC_CODE);
        xd_cell(f, "current-name", r, 0, PC_NAME);
        xd_cell(f, "current-parent", r, 0, PC_PARENT_CODE);
    }
    if (echo)
        page_echo(c, f, party_echo);
    if (strcmp(action, "move") != 0) {
        if (orgpick_unit_options(c, f) != 0 ||
            orgpick_region_options(c, f) != 0 || add_rep_options(c, f) != 0)
            return ctx_db_fail(c);
    }
    if (out != NULL)
        *out = f;
    return 0;
}

/* GET /parties/new?parent=CODE&kind=K */
static int
party_new(struct ctx *c)
{
    xmlNodePtr f = NULL;
    const char *kind = param_text(c->req, "kind");

    if (party_form(c, "new", NULL, 0, &f) != 0)
        return -1;
    xd_attr(f, "kind", kind != NULL ? kind : "dealer");
    xd_attr(f, "parent", param_text(c->req, "parent"));
    if (c->user != NULL && c->user->unit_id > 0)
        xd_attr_int(f, "unit", c->user->unit_id);
    return 0;
}

/* The fields of the party form, checked. */
struct party_input {
    const char *kind, *code, *name, *short_name, *contact, *phone, *email;
    const char *address, *tax_no, *bank_name, *bank_account, *note;
    int64_t unit, region, rep;
    const char *unit_label, *region_label, *rep_label;
};

/*
 * Read and check the form (all but the parent): the unit must be in the
 * org scope and active (or `keep_unit`, the party's unit now), the region
 * must exist, the rep must be present staff in the unit's subtree.
 * 0, or -1 on a database error.
 */
static int
read_party_input(struct ctx *c, int64_t keep_unit, struct party_input *in)
{
    struct db_param p[2];
    struct db_rows r;

    memset(in, 0, sizeof(*in));
    in->kind = form_enum(c, "kind", FORM_REQUIRED, party_kinds);
    in->code = form_text(c, "code", FORM_REQUIRED, 40);
    in->name = form_text(c, "name", FORM_REQUIRED, 100);
    in->short_name = form_text(c, "short_name", 0, 40);
    in->contact = form_text(c, "contact", 0, 60);
    in->phone = form_text(c, "phone", 0, 40);
    in->email = form_text(c, "email", 0, 120);
    if (in->email != NULL && !text_email_ok(in->email)) {
        form_error(c, "email", "bad_email",
                   "an e-mail address such as name@example.com");
        in->email = NULL;
    }
    in->address = form_text(c, "address", FORM_MULTILINE, 200);
    in->tax_no = form_text(c, "tax_no", 0, 40);
    in->bank_name = form_text(c, "bank_name", 0, 100);
    in->bank_account = form_text(c, "bank_account", 0, 40);
    in->note = form_text(c, "note", FORM_MULTILINE, 500);

    if (orgpick_form_unit(c, "unit", keep_unit, &in->unit, &in->unit_label) !=
            0 ||
        orgpick_form_region(c, "region", &in->region, &in->region_label) != 0)
        return -1;
    if (form_int(c, "rep", 0, 1, INT64_MAX, &in->rep) == 0 && in->rep > 0) {
        if (in->unit > 0) {
            p[0] = DB_INT(in->rep);
            p[1] = DB_INT(in->unit);
            if (db_query(c->db, c->a, &sql_rep_pick, p, 2, 0, 0, &r) != 0)
                return -1;
            if (r.n_rows == 0)
                form_error(c, "rep", "rep_not_in_unit",
                           "the rep must be staff of the servicing unit");
            else
                in->rep_label =
                    page_label(c, db_cell(&r, 0, 1), db_cell(&r, 0, 2));
        }
    } else {
        in->rep = 0;
    }
    return 0;
}

/*
 * The parent typed as a code (optional): a party in the scope, an agent
 * or dealer, not retired or rejected.  Fills *id (0: none) and *lbl.
 * 0 (fine or refused), -1 on a database error.
 */
static int
pick_parent(struct ctx *c, int64_t *id, const char **lbl)
{
    const char *code = form_text(c, "parent", 0, 40);
    struct party_brief b;
    int rc;

    *id = 0;
    *lbl = "";
    if (code == NULL)
        return 0;
    rc = party_get_by_code(c, code, &b);
    if (rc < 0)
        return -1;
    if (rc > 0) {
        form_error(c, "parent", "no_such_party", "no such party");
        return 0;
    }
    if (strcmp(b.kind, "customer") == 0) {
        form_error(c, "parent", "bad_parent",
                   "a parent must be an agent or a dealer");
        return 0;
    }
    if (strcmp(b.status, "retired") == 0 || strcmp(b.status, "rejected") == 0) {
        form_error(c, "parent", "parent_inactive",
                   "the parent is retired or rejected");
        return 0;
    }
    *id = b.id;
    *lbl = page_label(c, b.code, b.name);
    return 0;
}

struct party_write {
    struct ctx *c;
    int64_t id, version, parent;
    const char *parent_label;
    struct party_input in;
    const struct db_rows *before;
    time_t now;
};

/* Bind an optional reference: NULL for 0. */
static struct db_param
opt_id(int64_t v)
{
    return v > 0 ? DB_INT(v) : DB_NULLP;
}

static int
party_create_uow(struct db *db, void *arg)
{
    struct party_write *w = arg;
    struct ctx *c = w->c;
    const struct party_input *in = &w->in;
    struct db_param p[19];
    struct sbuf d;
    long n = 0;

    p[0] = DB_INT(w->id);
    p[1] = DB_TEXT(in->kind);
    p[2] = DB_TEXT(in->code);
    p[3] = DB_TEXT(in->name);
    p[4] = DB_TEXT(in->short_name);
    p[5] = opt_id(w->parent);
    p[6] = DB_INT(in->unit);
    p[7] = opt_id(in->region);
    p[8] = opt_id(in->rep);
    p[9] = DB_TEXT(in->contact);
    p[10] = DB_TEXT(in->phone);
    p[11] = DB_TEXT(in->email);
    p[12] = DB_TEXT(in->address);
    p[13] = DB_TEXT(in->tax_no);
    p[14] = DB_TEXT(in->bank_name);
    p[15] = DB_TEXT(in->bank_account);
    p[16] = DB_TEXT(in->note);
    p[17] = DB_TS(w->now);
    p[18] = DB_TS(w->now);
    if (db_exec(db, &sql_party_insert, p, 19, NULL) != 0)
        return -1;
    if (w->parent > 0) {
        p[0] = DB_INT(w->parent);
        if (db_exec(db, &sql_parent_lock, p, 1, &n) != 0)
            return -1;
        if (n == 0)
            return PARTY_GONE;
    }
    p[0] = DB_INT(w->id);
    p[1] = DB_TS(w->now);
    if (db_exec(db, &sql_account_insert, p, 2, NULL) != 0)
        return -1;
    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->id);
    if (db_exec(db, &sql_closure_self, p, 2, NULL) != 0)
        return -1;
    if (w->parent > 0) {
        p[0] = DB_INT(w->parent);
        p[1] = DB_INT(w->id);
        if (db_exec(db, &sql_closure_under, p, 2, NULL) != 0)
            return -1;
    }
    sbuf_init(&d, c->a, 256);
    audit_diff(&d, "kind", NULL, in->kind);
    audit_diff(&d, "code", NULL, in->code);
    audit_diff(&d, "name", NULL, in->name);
    audit_diff(&d, "short_name", NULL, in->short_name);
    audit_diff(&d, "parent", NULL, w->parent_label);
    audit_diff(&d, "unit", NULL, in->unit_label);
    audit_diff(&d, "region", NULL, in->region_label);
    audit_diff(&d, "rep", NULL, in->rep_label);
    audit_diff(&d, "contact", NULL, in->contact);
    audit_diff(&d, "phone", NULL, in->phone);
    audit_diff(&d, "email", NULL, in->email);
    audit_diff(&d, "address", NULL, in->address);
    audit_diff(&d, "tax_no", NULL, in->tax_no);
    audit_diff(&d, "bank_name", NULL, in->bank_name);
    audit_diff(&d, "bank_account", NULL, in->bank_account);
    audit_diff(&d, "note", NULL, in->note);
    audit_diff(&d, "status", NULL, "applied");
    return audit_write(c, "party", w->id, "create", d.buf);
}

/* POST /parties/new */
static int
party_create(struct ctx *c)
{
    struct party_write w;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    if (read_party_input(c, 0, &w.in) != 0 ||
        pick_parent(c, &w.parent, &w.parent_label) != 0 ||
        check_unique(c, &sql_party_code_used, "code", w.in.code, 0) != 0)
        return ctx_db_fail(c);
    if (!form_ok(c))
        return party_form(c, "new", NULL, 1, NULL);
    db_rollback(c->db);
    if (db_next_id(c->db, "party", &w.id) != 0)
        return ctx_db_fail(c);
    w.now = clock_now();
    rc = db_uow(c->db, party_create_uow, &w);
    if (rc == PARTY_GONE) {
        form_error(c, "parent", "parent_inactive",
                   "the parent is retired or rejected");
        return party_form(c, "new", NULL, 1, NULL);
    }
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "code taken");
        return party_form(c, "new", NULL, 1, NULL);
    }
    return ctx_redirect(c,
                        arena_printf(c->a, "/parties/%lld", (long long)w.id));
}

/* GET /parties/{id}/edit */
static int
party_edit(struct ctx *c)
{
    int64_t id = page_id(c);
    struct db_rows r;
    xmlNodePtr f = NULL;

    if (id < 0)
        return page_not_found(c, "party", id);
    if (fetch_party(c, id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "party", id);
    if (party_form(c, "edit", &r, 0, &f) != 0)
        return -1;
    party_values(f, &r);
    return 0;
}

static int
party_update_uow(struct db *db, void *arg)
{
    struct party_write *w = arg;
    struct ctx *c = w->c;
    const struct party_input *in = &w->in;
    const struct db_rows *b = w->before;
    struct db_param p[20];
    struct sbuf d;
    long n = 0;

    p[0] = DB_TEXT(in->kind);
    p[1] = DB_TEXT(in->code);
    p[2] = DB_TEXT(in->name);
    p[3] = DB_TEXT(in->short_name);
    p[4] = DB_INT(in->unit);
    p[5] = opt_id(in->region);
    p[6] = opt_id(in->rep);
    p[7] = DB_TEXT(in->contact);
    p[8] = DB_TEXT(in->phone);
    p[9] = DB_TEXT(in->email);
    p[10] = DB_TEXT(in->address);
    p[11] = DB_TEXT(in->tax_no);
    p[12] = DB_TEXT(in->bank_name);
    p[13] = DB_TEXT(in->bank_account);
    p[14] = DB_TEXT(in->note);
    p[15] = DB_TS(w->now);
    p[16] = DB_INT(w->id);
    p[17] = DB_INT(w->version);
    p[18] = DB_INT(scope_unit(c));
    p[19] = DB_INT(scope_party(c));
    if (db_exec(db, &sql_party_update, p, 20, &n) != 0)
        return -1;
    if (n == 0)
        return PARTY_CONFLICT;
    sbuf_init(&d, c->a, 256);
    audit_diff(&d, "kind", db_cell(b, 0, PC_KIND), in->kind);
    audit_diff(&d, "code", db_cell(b, 0, PC_CODE), in->code);
    audit_diff(&d, "name", db_cell(b, 0, PC_NAME), in->name);
    audit_diff(&d, "short_name", db_cell(b, 0, PC_SHORT), in->short_name);
    audit_diff(
        &d, "unit",
        page_label(c, db_cell(b, 0, PC_UNIT_CODE), db_cell(b, 0, PC_UNIT_NAME)),
        in->unit_label);
    audit_diff(&d, "region",
               page_label(c, db_cell(b, 0, PC_REGION_CODE),
                          db_cell(b, 0, PC_REGION_NAME)),
               in->region_label);
    audit_diff(
        &d, "rep",
        page_label(c, db_cell(b, 0, PC_REP_EMP), db_cell(b, 0, PC_REP_NAME)),
        in->rep_label);
    audit_diff(&d, "contact", db_cell(b, 0, PC_CONTACT), in->contact);
    audit_diff(&d, "phone", db_cell(b, 0, PC_PHONE), in->phone);
    audit_diff(&d, "email", db_cell(b, 0, PC_EMAIL), in->email);
    audit_diff(&d, "address", db_cell(b, 0, PC_ADDRESS), in->address);
    audit_diff(&d, "tax_no", db_cell(b, 0, PC_TAX), in->tax_no);
    audit_diff(&d, "bank_name", db_cell(b, 0, PC_BANK), in->bank_name);
    audit_diff(&d, "bank_account", db_cell(b, 0, PC_ACCOUNT), in->bank_account);
    audit_diff(&d, "note", db_cell(b, 0, PC_NOTE), in->note);
    return audit_write(c, "party", w->id, "update", d.buf);
}

/* A form again with status 409: yours as typed, the current row in
 * <conflict>, and the current version in the form so that a second save
 * is a deliberate overwrite. */
static int
party_conflict(struct ctx *c, const char *action, int64_t id)
{
    struct db_rows r;
    xmlNodePtr f = NULL, k;

    db_rollback(c->db);
    if (fetch_party(c, id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "party", id);
    page_conflict(c);
    if (party_form(c, action, &r, 1, &f) != 0)
        return -1;
    xmlUnsetProp(f, BAD_CAST "version");
    xd_cell(f, "version", &r, 0, PC_VERSION);
    k = xd_elem(f, "conflict");
    party_values(k, &r);
    return 0;
}

/* POST /parties/{id}/edit */
static int
party_update(struct ctx *c)
{
    struct party_write w;
    struct db_rows r, n;
    struct db_param p[1];
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = page_id(c);
    if (w.id < 0)
        return page_not_found(c, "party", w.id);
    if (fetch_party(c, w.id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "party", w.id);
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version);
    if (read_party_input(c, db_cell_int(&r, 0, PC_UNIT), &w.in) != 0 ||
        check_unique(c, &sql_party_code_used, "code", w.in.code, w.id) != 0)
        return ctx_db_fail(c);
    if (w.in.kind != NULL && strcmp(w.in.kind, "customer") == 0) {
        /* a customer has no channel below it */
        p[0] = DB_INT(w.id);
        if (db_query(c->db, c->a, &sql_party_n_children, p, 1, 0, 0, &n) != 0)
            return ctx_db_fail(c);
        if (db_cell_int(&n, 0, 0) > 0)
            form_error(c, "kind", "has_children",
                       "a party with parties under it cannot be a customer");
    }
    if (!form_ok(c))
        return party_form(c, "edit", &r, 1, NULL);
    if (w.version != db_cell_int(&r, 0, PC_VERSION))
        return party_conflict(c, "edit", w.id);
    w.before = &r;
    w.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, party_update_uow, &w);
    if (rc == PARTY_CONFLICT)
        return party_conflict(c, "edit", w.id);
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "code taken");
        return party_form(c, "edit", &r, 1, NULL);
    }
    return ctx_redirect(c,
                        arena_printf(c->a, "/parties/%lld", (long long)w.id));
}

/* ==================================================================== */
/* Move                                                                 */
/* ==================================================================== */

/* GET /parties/{id}/move */
static int
party_move_form(struct ctx *c)
{
    int64_t id = page_id(c);
    struct db_rows r;
    xmlNodePtr f = NULL;

    if (id < 0)
        return page_not_found(c, "party", id);
    if (fetch_party(c, id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "party", id);
    if (party_form(c, "move", &r, 0, &f) != 0)
        return -1;
    xd_cell(f, "parent", &r, 0, PC_PARENT_CODE);
    xd_cell(f, "version", &r, 0, PC_VERSION);
    return 0;
}

static int
party_move_uow(struct db *db, void *arg)
{
    struct party_write *w = arg;
    struct ctx *c = w->c;
    struct db_param p[6];
    struct db_rows r;
    struct sbuf d;
    long n = 0;

    p[0] = opt_id(w->parent);
    p[1] = DB_TS(w->now);
    p[2] = DB_INT(w->id);
    p[3] = DB_INT(w->version);
    p[4] = DB_INT(scope_unit(c));
    p[5] = DB_INT(scope_party(c));
    if (db_exec(db, &sql_party_set_parent, p, 6, &n) != 0)
        return -1;
    if (n == 0)
        return PARTY_CONFLICT;
    if (w->parent > 0) {
        p[0] = DB_INT(w->parent);
        if (db_exec(db, &sql_parent_lock, p, 1, &n) != 0)
            return -1;
        if (n == 0)
            return PARTY_GONE;
        /* checked by the handler; again here, under the locks */
        p[0] = DB_INT(w->id);
        p[1] = DB_INT(w->parent);
        if (db_query(db, c->a, &sql_party_below, p, 2, 0, 0, &r) != 0)
            return -1;
        if (r.n_rows > 0)
            return PARTY_UNDER_SELF;
    }
    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->id);
    if (db_exec(db, &sql_closure_unlink, p, 2, NULL) != 0)
        return -1;
    if (w->parent > 0) {
        p[0] = DB_INT(w->parent);
        p[1] = DB_INT(w->id);
        if (db_exec(db, &sql_closure_link, p, 2, NULL) != 0)
            return -1;
    }
    sbuf_init(&d, c->a, 128);
    audit_diff(&d, "parent", page_label(c, w->in.code, w->in.name),
               w->parent_label);
    return audit_write(c, "party", w->id, "move", d.buf);
}

/* The move form again (422) with what was typed. */
static int
move_again(struct ctx *c, const struct db_rows *r)
{
    return party_form(c, "move", r, 1, NULL);
}

/* POST /parties/{id}/move */
static int
party_move(struct ctx *c)
{
    struct party_write w;
    struct db_rows r, x;
    struct db_param p[2];
    int64_t old;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = page_id(c);
    if (w.id < 0)
        return page_not_found(c, "party", w.id);
    if (fetch_party(c, w.id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "party", w.id);
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version);
    if (pick_parent(c, &w.parent, &w.parent_label) != 0)
        return ctx_db_fail(c);
    if (w.parent > 0) {
        p[0] = DB_INT(w.id);
        p[1] = DB_INT(w.parent);
        if (db_query(c->db, c->a, &sql_party_below, p, 2, 0, 0, &x) != 0)
            return ctx_db_fail(c);
        if (x.n_rows > 0)
            form_error(c, "parent", "under_itself",
                       "cannot move a party under itself or its own "
                       "channel");
    }
    if (!form_ok(c))
        return move_again(c, &r);
    if (w.version != db_cell_int(&r, 0, PC_VERSION))
        return party_conflict(c, "move", w.id);
    old = db_cell(&r, 0, PC_PARENT) != NULL ? db_cell_int(&r, 0, PC_PARENT) : 0;
    if (old == w.parent)
        return ctx_redirect(
            c, arena_printf(c->a, "/parties/%lld", (long long)w.id));
    /* the audit's "before": the old parent's label, or its id when it is
     * outside the scope (the join left it out) */
    if (old > 0 && db_cell(&r, 0, PC_PARENT_CODE) == NULL)
        w.in.code = arena_printf(c->a, "#%lld", (long long)old);
    else
        w.in.code = db_cell(&r, 0, PC_PARENT_CODE);
    w.in.name = db_cell(&r, 0, PC_PARENT_NAME);
    w.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, party_move_uow, &w);
    switch (rc) {
    case 0: break;
    case PARTY_CONFLICT: return party_conflict(c, "move", w.id);
    case PARTY_UNDER_SELF:
        form_error(c, "parent", "under_itself",
                   "cannot move a party under itself or its own channel");
        return move_again(c, &r);
    case PARTY_GONE:
        form_error(c, "parent", "parent_inactive",
                   "the parent is retired or rejected");
        return move_again(c, &r);
    default: return ctx_db_fail(c);
    }
    return ctx_redirect(c,
                        arena_printf(c->a, "/parties/%lld", (long long)w.id));
}

/* ==================================================================== */
/* Status                                                               */
/* ==================================================================== */

struct party_status {
    struct ctx *c;
    int64_t id, version;
    const char *action, *from, *to;
    time_t now;
};

static int
party_status_uow(struct db *db, void *arg)
{
    struct party_status *w = arg;
    struct ctx *c = w->c;
    const struct db_sql *sql = &sql_party_suspend;
    struct db_param p[7];
    size_t np = 5;
    long n = 0;

    if (strcmp(w->action, "reactivate") == 0)
        sql = &sql_party_reactivate;
    else if (strcmp(w->action, "retire") == 0)
        sql = &sql_party_retire;
    p[0] = DB_TS(w->now);
    p[1] = DB_INT(w->id);
    p[2] = DB_INT(w->version);
    p[3] = DB_INT(scope_unit(c));
    p[4] = DB_INT(scope_party(c));
    if (sql == &sql_party_retire) {
        p[5] = DB_INT(w->id);
        p[6] = DB_INT(w->id);
        np = 7;
    }
    if (db_exec(db, sql, p, np, &n) != 0)
        return -1;
    if (n == 0)
        return PARTY_REFUSED; /* the handler looks again to say why */
    return audit_write(c, "party", w->id, w->action,
                       arena_printf(c->a, "status: %s -> %s", w->from, w->to));
}

/*
 * Why the status change cannot be made on the party as read (row 0 of r):
 * refuses with 422 (wrong status, children, balances) or 409 (version)
 * and returns 1; 0 when nothing stands in the way; -1 on a database
 * error.  Sets w->from and w->to.
 */
static int
status_refusal(struct ctx *c, const struct db_rows *r, struct party_status *w)
{
    const char *now = db_cell(r, 0, PC_STATUS);
    struct db_param p[2];
    struct db_rows x;
    int ok;

    w->from = now;
    if (strcmp(w->action, "suspend") == 0) {
        ok = strcmp(now, "approved") == 0;
        w->to = "suspended";
    } else if (strcmp(w->action, "reactivate") == 0) {
        ok = strcmp(now, "suspended") == 0;
        w->to = "approved";
    } else {
        ok = strcmp(now, "approved") == 0 || strcmp(now, "suspended") == 0;
        w->to = "retired";
    }
    if (!ok) {
        form_error(
            c, "action", "bad_transition",
            arena_printf(c->a, "a %s party cannot be given this status", now));
        return 1;
    }
    if (w->version != db_cell_int(r, 0, PC_VERSION)) {
        page_conflict(c);
        return 1;
    }
    if (strcmp(w->action, "retire") != 0)
        return 0;
    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->id);
    if (db_query(c->db, c->a, &sql_party_busy, p, 2, 0, 0, &x) != 0)
        return -1;
    ok = 1;
    if (db_cell_int(&x, 0, 0) > 0) {
        form_error(c, "action", "has_children",
                   "the party still has parties under it that are not "
                   "retired: move or retire them first");
        ok = 0;
    }
    if (db_cell_int(&x, 0, 1) > 0) {
        form_error(c, "action", "has_balance",
                   "the party's receivable or prepayment is not zero");
        ok = 0;
    }
    return !ok;
}

/* POST /parties/{id}/status */
static int
party_status(struct ctx *c)
{
    struct party_status w;
    struct db_rows r;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = page_id(c);
    if (w.id < 0)
        return page_not_found(c, "party", w.id);
    if (fetch_party(c, w.id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "party", w.id);
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version);
    w.action = form_enum(c, "action", FORM_REQUIRED, status_actions);
    if (!form_ok(c))
        return party_page(c, &r);
    rc = status_refusal(c, &r, &w);
    if (rc < 0)
        return ctx_db_fail(c);
    if (rc > 0)
        return party_page(c, &r);
    w.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, party_status_uow, &w);
    if (rc == PARTY_REFUSED) {
        /* something changed in between: say what, on the current row */
        if (fetch_party(c, w.id, &r) != 0)
            return ctx_db_fail(c);
        if (r.n_rows == 0)
            return page_not_found(c, "party", w.id);
        rc = status_refusal(c, &r, &w);
        if (rc < 0)
            return ctx_db_fail(c);
        if (rc == 0)
            page_conflict(c);
        return party_page(c, &r);
    }
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(c,
                        arena_printf(c->a, "/parties/%lld", (long long)w.id));
}

/* ==================================================================== */
/* A party's grade                                                      */
/* ==================================================================== */

struct party_grade_set {
    struct ctx *c;
    int64_t id, version, grade, prev, hist_id;
    const char *note, *from, *to;
    time_t now;
};

static int
party_grade_uow(struct db *db, void *arg)
{
    struct party_grade_set *w = arg;
    struct ctx *c = w->c;
    struct db_param p[7];
    struct sbuf d;
    long n = 0;

    p[0] = opt_id(w->grade);
    p[1] = DB_TS(w->now);
    p[2] = DB_INT(w->id);
    p[3] = DB_INT(w->version);
    p[4] = DB_INT(scope_unit(c));
    p[5] = DB_INT(scope_party(c));
    if (db_exec(db, &sql_party_set_grade, p, 6, &n) != 0)
        return -1;
    if (n == 0)
        return PARTY_CONFLICT;
    if (w->grade > 0) {
        p[0] = DB_INT(w->grade);
        if (db_exec(db, &sql_grade_lock_active, p, 1, &n) != 0)
            return -1;
        if (n == 0)
            return PARTY_GONE;
    }
    p[0] = DB_INT(w->hist_id);
    p[1] = DB_INT(w->id);
    p[2] = opt_id(w->grade);
    p[3] = opt_id(w->prev);
    p[4] = DB_TS(w->now);
    p[5] = opt_id(c->user != NULL ? c->user->id : 0);
    p[6] = DB_TEXT(w->note);
    if (db_exec(db, &sql_grade_history_add, p, 7, NULL) != 0)
        return -1;
    sbuf_init(&d, c->a, 128);
    audit_diff(&d, "grade", w->from, w->to);
    audit_diff(&d, "note", NULL, w->note);
    return audit_write(c, "party", w->id, "grade", d.buf);
}

/* POST /parties/{id}/grade */
static int
party_grade(struct ctx *c)
{
    struct party_grade_set w;
    struct db_rows r, g;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = page_id(c);
    if (w.id < 0)
        return page_not_found(c, "party", w.id);
    if (fetch_party(c, w.id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "party", w.id);
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version);
    w.note = form_text(c, "note", 0, 200);
    if (form_int(c, "grade", 0, 1, INT64_MAX, &w.grade) == 0 && w.grade > 0) {
        if (fetch_grade(c, w.grade, &g) != 0)
            return ctx_db_fail(c);
        if (g.n_rows == 0)
            form_error(c, "grade", "no_such_grade", "no such grade");
        else if (strcmp(db_cell(&g, 0, 6), "active") != 0)
            form_error(c, "grade", "grade_retired", "the grade is retired");
        else
            w.to = page_label(c, db_cell(&g, 0, 1), db_cell(&g, 0, 2));
    } else {
        w.grade = 0;
    }
    if (!form_ok(c))
        return party_page(c, &r);
    if (w.version != db_cell_int(&r, 0, PC_VERSION)) {
        page_conflict(c);
        return party_page(c, &r);
    }
    w.prev =
        db_cell(&r, 0, PC_GRADE) != NULL ? db_cell_int(&r, 0, PC_GRADE) : 0;
    if (w.prev == w.grade)
        return ctx_redirect(
            c, arena_printf(c->a, "/parties/%lld", (long long)w.id));
    w.from = page_label(c, db_cell(&r, 0, PC_GRADE_CODE),
                        db_cell(&r, 0, PC_GRADE_NAME));
    w.now = clock_now();
    db_rollback(c->db);
    if (db_next_id(c->db, "grade_history", &w.hist_id) != 0)
        return ctx_db_fail(c);
    rc = db_uow(c->db, party_grade_uow, &w);
    if (rc == PARTY_CONFLICT || rc == PARTY_GONE) {
        if (fetch_party(c, w.id, &r) != 0)
            return ctx_db_fail(c);
        if (r.n_rows == 0)
            return page_not_found(c, "party", w.id);
        if (rc == PARTY_GONE)
            form_error(c, "grade", "grade_retired", "the grade is retired");
        else
            page_conflict(c);
        return party_page(c, &r);
    }
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(c,
                        arena_printf(c->a, "/parties/%lld", (long long)w.id));
}

/* ==================================================================== */
/* Grades                                                               */
/* ==================================================================== */

/* GET /grades */
static int
grade_list(struct ctx *c)
{
    struct db_rows r;
    xmlNodePtr list;

    if (db_query(c->db, c->a, &sql_grade_all, NULL, 0, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    list = ctx_data(c, "grades");
    page_can(c, list, "can-edit", "grade.edit");
    for (size_t i = 0; i < r.n_rows; i++) {
        xmlNodePtr n = xd_elem(list, "grade");

        xd_cell(n, "id", &r, i, 0);
        xd_cell(n, "code", &r, i, 1);
        xd_cell(n, "name", &r, i, 2);
        xd_cell(n, "discount", &r, i, 3);
        xd_attr(n, "discount-text", rate_text(c, db_cell_int(&r, i, 3)));
        xd_cell(n, "sort-key", &r, i, 4);
        xd_cell(n, "status", &r, i, 5);
        xd_cell(n, "note", &r, i, 6);
        xd_cell(n, "parties", &r, i, 7);
    }
    return 0;
}

static const char *const grade_echo[] = {
    "code",     "code",     "name",     "name",    "discount",
    "discount", "sort_key", "sort-key", "note",    "note",
    "status",   "status",   "version",  "version", NULL};

/* The stored values of a grade (row 0 of g) as form attributes of n. */
static void
grade_values(struct ctx *c, xmlNodePtr n, const struct db_rows *g)
{
    xd_cell(n, "code", g, 0, 1);
    xd_cell(n, "name", g, 0, 2);
    xd_attr(n, "discount", rate_text(c, db_cell_int(g, 0, 3)));
    xd_cell(n, "sort-key", g, 0, 4);
    xd_cell(n, "note", g, 0, 5);
    xd_cell(n, "status", g, 0, 6);
    xd_cell(n, "version", g, 0, 7);
}

static xmlNodePtr
grade_form(struct ctx *c, const char *action, const struct db_rows *g, int echo)
{
    xmlNodePtr f = ctx_data(c, "grade-form");

    xd_attr(f, "action", action);
    if (g != NULL) {
        xd_cell(f, "id", g, 0, 0);
        xd_cell(f, "current-code", g, 0, 1);
        xd_cell(f, "current-name", g, 0, 2);
    }
    if (echo)
        page_echo(c, f, grade_echo);
    return f;
}

/* GET /grades/new */
static int
grade_new(struct ctx *c)
{
    xmlNodePtr f = grade_form(c, "new", NULL, 0);

    xd_attr(f, "discount", "0.00");
    xd_attr(f, "sort-key", "0");
    xd_attr(f, "status", "active");
    return 0;
}

struct grade_write {
    struct ctx *c;
    int64_t id, version, discount, sort_key;
    const char *code, *name, *note, *status;
    const struct db_rows *before;
};

static void
read_grade_input(struct ctx *c, struct grade_write *w)
{
    const char *d;

    w->code = form_text(c, "code", FORM_REQUIRED, 20);
    w->name = form_text(c, "name", FORM_REQUIRED, 60);
    w->note = form_text(c, "note", 0, 200);
    w->status = form_enum(c, "status", FORM_REQUIRED, grade_statuses);
    w->sort_key = 0;
    form_int(c, "sort_key", 0, -1000000, 1000000, &w->sort_key);
    d = form_text(c, "discount", 0, 10);
    w->discount = 0;
    /* a percentage with at most two decimals is exactly an amount in
     * hundredths: basis points */
    if (d != NULL && (money_parse(d, &w->discount) != 0 || w->discount < 0 ||
                      w->discount > 10000)) {
        form_error(c, "discount", "bad_rate",
                   "a percentage from 0 to 100 with at most two decimals");
        w->discount = 0;
    }
}

static int
grade_create_uow(struct db *db, void *arg)
{
    struct grade_write *w = arg;
    struct db_param p[7];
    struct sbuf d;

    p[0] = DB_INT(w->id);
    p[1] = DB_TEXT(w->code);
    p[2] = DB_TEXT(w->name);
    p[3] = DB_INT(w->discount);
    p[4] = DB_INT(w->sort_key);
    p[5] = DB_TEXT(w->note);
    p[6] = DB_TEXT(w->status);
    if (db_exec(db, &sql_grade_insert, p, 7, NULL) != 0)
        return -1;
    sbuf_init(&d, w->c->a, 128);
    audit_diff(&d, "code", NULL, w->code);
    audit_diff(&d, "name", NULL, w->name);
    audit_diff(&d, "discount", NULL, rate_text(w->c, w->discount));
    audit_diff(&d, "sort_key", NULL,
               arena_printf(w->c->a, "%lld", (long long)w->sort_key));
    audit_diff(&d, "note", NULL, w->note);
    audit_diff(&d, "status", NULL, w->status);
    return audit_write(w->c, "party_grade", w->id, "create", d.buf);
}

/* POST /grades/new */
static int
grade_create(struct ctx *c)
{
    struct grade_write w;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    read_grade_input(c, &w);
    if (check_unique(c, &sql_grade_code_used, "code", w.code, 0) != 0)
        return ctx_db_fail(c);
    if (!form_ok(c)) {
        grade_form(c, "new", NULL, 1);
        return 0;
    }
    db_rollback(c->db);
    if (db_next_id(c->db, "party_grade", &w.id) != 0)
        return ctx_db_fail(c);
    rc = db_uow(c->db, grade_create_uow, &w);
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "code taken");
        grade_form(c, "new", NULL, 1);
        return 0;
    }
    return ctx_redirect(c, "/grades");
}

/* GET /grades/{id}/edit */
static int
grade_edit(struct ctx *c)
{
    int64_t id = page_id(c);
    struct db_rows g;

    if (id < 0)
        return page_not_found(c, "party_grade", 0);
    if (fetch_grade(c, id, &g) != 0)
        return ctx_db_fail(c);
    if (g.n_rows == 0)
        return page_not_found(c, "party_grade", 0);
    grade_values(c, grade_form(c, "edit", &g, 0), &g);
    return 0;
}

static int
grade_update_uow(struct db *db, void *arg)
{
    struct grade_write *w = arg;
    const struct db_rows *b = w->before;
    struct db_param p[8];
    struct sbuf d;
    long n = 0;

    p[0] = DB_TEXT(w->code);
    p[1] = DB_TEXT(w->name);
    p[2] = DB_INT(w->discount);
    p[3] = DB_INT(w->sort_key);
    p[4] = DB_TEXT(w->note);
    p[5] = DB_TEXT(w->status);
    p[6] = DB_INT(w->id);
    p[7] = DB_INT(w->version);
    if (db_exec(db, &sql_grade_update, p, 8, &n) != 0)
        return -1;
    if (n == 0)
        return PARTY_CONFLICT;
    sbuf_init(&d, w->c->a, 128);
    audit_diff(&d, "code", db_cell(b, 0, 1), w->code);
    audit_diff(&d, "name", db_cell(b, 0, 2), w->name);
    audit_diff(&d, "discount", rate_text(w->c, db_cell_int(b, 0, 3)),
               rate_text(w->c, w->discount));
    audit_diff(&d, "sort_key", db_cell(b, 0, 4),
               arena_printf(w->c->a, "%lld", (long long)w->sort_key));
    audit_diff(&d, "note", db_cell(b, 0, 5), w->note);
    audit_diff(&d, "status", db_cell(b, 0, 6), w->status);
    return audit_write(w->c, "party_grade", w->id, "update", d.buf);
}

/* The grade form again with 409 and the current row. */
static int
grade_conflict(struct ctx *c, int64_t id)
{
    struct db_rows g;
    xmlNodePtr f;

    db_rollback(c->db);
    if (fetch_grade(c, id, &g) != 0)
        return ctx_db_fail(c);
    if (g.n_rows == 0)
        return page_not_found(c, "party_grade", 0);
    page_conflict(c);
    f = grade_form(c, "edit", &g, 1);
    xmlUnsetProp(f, BAD_CAST "version");
    xd_cell(f, "version", &g, 0, 7);
    grade_values(c, xd_elem(f, "conflict"), &g);
    return 0;
}

/* POST /grades/{id}/edit */
static int
grade_update(struct ctx *c)
{
    struct grade_write w;
    struct db_rows g;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = page_id(c);
    if (w.id < 0)
        return page_not_found(c, "party_grade", 0);
    if (fetch_grade(c, w.id, &g) != 0)
        return ctx_db_fail(c);
    if (g.n_rows == 0)
        return page_not_found(c, "party_grade", 0);
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version);
    read_grade_input(c, &w);
    if (check_unique(c, &sql_grade_code_used, "code", w.code, w.id) != 0)
        return ctx_db_fail(c);
    if (!form_ok(c)) {
        grade_form(c, "edit", &g, 1);
        return 0;
    }
    if (w.version != db_cell_int(&g, 0, 7))
        return grade_conflict(c, w.id);
    w.before = &g;
    db_rollback(c->db);
    rc = db_uow(c->db, grade_update_uow, &w);
    if (rc == PARTY_CONFLICT)
        return grade_conflict(c, w.id);
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "code taken");
        grade_form(c, "edit", &g, 1);
        return 0;
    }
    return ctx_redirect(c, "/grades");
}

/* ==================================================================== */
/* Routes                                                               */
/* ==================================================================== */

#define F_TEXT(n)  P_FIELD(n, PARTY_FIELD_MAX)
#define F_MULTI(n) P_FIELD_MULTI(n, PARTY_FIELD_MAX)

static const struct param_spec list_params[] = {
    P_SEARCH,
    {"kind", P_ENUM, 0, 0, party_kinds, 0},
    {"status", P_ENUM, 0, 0, party_statuses, 0},
    {"grade", P_INT, 1, INT64_MAX, NULL, 0},
    {"unit", P_INT, 1, INT64_MAX, NULL, 0},
    {"region", P_INT, 1, INT64_MAX, NULL, 0},
    {"parent", P_INT, 1, INT64_MAX, NULL, 0},
    P_SORT(party_sorts),
    P_DIR(dirs),
    P_PAGE,
    P_END,
};
static const struct param_spec new_params[] = {
    {"kind", P_ENUM, 0, 0, party_kinds, 0},
    {"parent", P_TEXT, 0, 40, NULL, 0},
    P_END,
};
static const struct param_spec party_form_params[] = {
    F_TEXT("kind"),       F_TEXT("code"),      F_TEXT("name"),
    F_TEXT("short_name"), F_TEXT("parent"),    F_TEXT("unit"),
    F_TEXT("region"),     F_TEXT("rep"),       F_TEXT("contact"),
    F_TEXT("phone"),      F_TEXT("email"),     F_MULTI("address"),
    F_TEXT("tax_no"),     F_TEXT("bank_name"), F_TEXT("bank_account"),
    F_MULTI("note"),      F_TEXT("version"),   P_END,
};
static const struct param_spec move_params[] = {
    F_TEXT("parent"),
    F_TEXT("version"),
    P_END,
};
static const struct param_spec status_params[] = {
    F_TEXT("action"),
    F_TEXT("version"),
    P_END,
};
static const struct param_spec grade_set_params[] = {
    F_TEXT("grade"),
    F_TEXT("note"),
    F_TEXT("version"),
    P_END,
};
static const struct param_spec grade_form_params[] = {
    F_TEXT("code"), F_TEXT("name"),   F_TEXT("discount"), F_TEXT("sort_key"),
    F_TEXT("note"), F_TEXT("status"), F_TEXT("version"),  P_END,
};

/* "new" comes before "{id}" with the same method: the first match wins. */
/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/parties",             "party.list",      "party.view", "party.xsl", party_list,      list_params,       ROUTE_CSV},
    {REQ_GET,  "/parties/new",         "party.new",       "party.edit", "party.xsl", party_new,       new_params,        0},
    {REQ_POST, "/parties/new",         "party.create",    "party.edit", "party.xsl", party_create,    party_form_params, 0},
    {REQ_GET,  "/parties/{id}",        "party.show",      "party.view", "party.xsl", party_show,      NULL,              0},
    {REQ_GET,  "/parties/{id}/edit",   "party.edit",      "party.edit", "party.xsl", party_edit,      NULL,              0},
    {REQ_POST, "/parties/{id}/edit",   "party.update",    "party.edit", "party.xsl", party_update,    party_form_params, 0},
    {REQ_GET,  "/parties/{id}/move",   "party.move_form", "party.edit", "party.xsl", party_move_form, NULL,              0},
    {REQ_POST, "/parties/{id}/move",   "party.move",      "party.edit", "party.xsl", party_move,      move_params,       0},
    {REQ_POST, "/parties/{id}/status", "party.status",    "party.edit", "party.xsl", party_status,    status_params,     0},
    {REQ_POST, "/parties/{id}/grade",  "party.grade",     "grade.edit", "party.xsl", party_grade,     grade_set_params,  0},
    {REQ_GET,  "/grades",              "grade.list",      "grade.edit", "party.xsl", grade_list,      NULL,              0},
    {REQ_GET,  "/grades/new",          "grade.new",       "grade.edit", "party.xsl", grade_new,       NULL,              0},
    {REQ_POST, "/grades/new",          "grade.create",    "grade.edit", "party.xsl", grade_create,    grade_form_params, 0},
    {REQ_GET,  "/grades/{id}/edit",    "grade.edit",      "grade.edit", "party.xsl", grade_edit,      NULL,              0},
    {REQ_POST, "/grades/{id}/edit",    "grade.update",    "grade.edit", "party.xsl", grade_update,    grade_form_params, 0},
};
/* clang-format on */

const struct module party_module = {"party", routes,
                                    sizeof(routes) / sizeof(routes[0])};
