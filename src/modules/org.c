/*
 * org.c - the sales organisation (M1): units, sales regions, staff.
 *
 * Pages:  GET  /org                        the unit tree under the user's unit
 *         GET  /org/units/{id}             one unit: path, children, staff,
 *                                          regions covered, audit history
 *         GET  /org/units/new?parent=ID    form; POST creates
 *         GET  /org/units/{id}/edit        form; POST saves (row version)
 *         GET  /org/units/{id}/move        form; POST moves the subtree
 *         POST /org/units/{id}/retire      retire (no staff, no active child)
 *         GET  /org/units/{id}/regions     form; POST sets the regions covered
 *         GET  /org/regions                the region tree (not scoped)
 *         GET  /org/regions/new            form; POST creates
 *         GET  /org/regions/{id}/edit      form; POST saves
 *         GET  /staff                      search, filter, sort, page
 *         GET  /staff/{id}                 one staff member and history
 *         GET  /staff/new, /staff/{id}/edit  forms; POST creates or saves
 * Tables: org_unit, org_closure, sales_region, region_closure,
 *         unit_region, staff (schema/0002-identity.xml); audit_log and
 *         qd_user are read for the history.
 * Style:  xsl/org.xsl; text in xsl/i18n/<lang>/org.xml; documents in
 *         schema/xsd/org.xsd.
 *
 * Scope (SECURITY.md class 1): every unit and staff row is read through
 * SCOPE_UNIT_SQL with scope_unit(c), in lists and fetches by id alike; a
 * row outside the scope is answered exactly like a missing one (404) and
 * logged by scope_denied().  The guarded UPDATEs carry the scope as well,
 * so a row that left the scope between the read and the write is not
 * written.  Sales regions are the company's geography and not scoped.
 *
 * Writes: each POST validates with the form_* getters (422 with the form
 * again, as typed), takes its ids before the transaction, and then runs
 * one unit of work (db_uow) that starts with its guarded UPDATE where
 * there is one (PORTABILITY.md item 9), checks the row count (0: a
 * version conflict, 409 with both values) and writes the audit record in
 * the same transaction.  The unique constraints decide "code taken"; the
 * look-up before the write only spares the log an error in the common
 * case.
 *
 * Trees are kept with closure tables (org_closure, region_closure) that
 * this file writes in the same transaction as the tree change.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/audit.h"
#include "../core/page.h"
#include "../core/auth.h"
#include "../core/clock.h"
#include "../core/ctx.h"
#include "../core/form.h"
#include "../core/scope.h"
#include "../core/text.h"
#include "../core/xd.h"
#include "../db/db.h"

#define ORG_STAFF_PAGE  50   /* staff per list page */
#define ORG_HISTORY     50   /* audit rows on a detail page */
#define ORG_MAX_COVERED 1000 /* regions one unit may cover */
/* What a parameter table lets through; the real limits are the form_*
 * checks (422 with the form again). */
#define ORG_FIELD_MAX 1000

/* Results of a unit of work besides 0 (done) and -1 (database error). */
enum org_uow {
    ORG_CONFLICT = 1, /* the row's version moved on (or it left the scope) */
    ORG_UNDER_SELF,   /* the new parent is in the moved subtree */
    ORG_GONE,         /* a referenced row vanished or was retired */
    ORG_BUSY          /* retire: staff or active child units appeared */
};

static const char *const unit_kinds[] = {"hq",    "region", "branch", "office",
                                         "point", "dept",   NULL};
static const char *const region_kinds[] = {"country", "area",     "province",
                                           "city",    "district", NULL};
static const char *const staff_statuses[] = {"active", "leave", "left", NULL};
static const char *const staff_sorts[] = {"name", "emp_no", "unit", "hire_on",
                                          NULL};
static const char *const dirs[] = {"asc", "desc", NULL};

/* ==================================================================== */
/* Statements                                                           */
/* ==================================================================== */

/* Staff that count as "in the unit": everyone who has not left. */
#define STAFF_PRESENT "s.status <> 'left'"

/* The scope filter (scope.h) on the unit column of each kind of row;
 * each takes one parameter, scope_unit(c). */
#define SCOPE_OF_U     SCOPE_UNIT_SQL("u.id")
#define SCOPE_OF_ID    SCOPE_UNIT_SQL("id")
#define SCOPE_OF_ANC   SCOPE_UNIT_SQL("c.ancestor_id")
#define SCOPE_OF_STAFF SCOPE_UNIT_SQL("s.unit_id")
#define SCOPE_OF_UNIT  SCOPE_UNIT_SQL("unit_id")

/* ---- units: reads --------------------------------------------------- */

/* The subtree under a unit (the scope root), one row per unit. */
DB_STATEMENT(sql_unit_tree, 0,
             "SELECT u.id, u.parent_id, u.kind, u.code, u.name, u.status,"
             " c.depth,"
             " (SELECT COUNT(*) FROM staff s"
             " WHERE s.unit_id = u.id AND " STAFF_PRESENT ")"
             " FROM org_closure c"
             " JOIN org_unit u ON u.id = c.descendant_id"
             " WHERE c.ancestor_id = ?"
             " ORDER BY u.code");

/* One unit in the scope: id, scope. */
DB_STATEMENT(sql_unit_get, 0,
             "SELECT u.id, u.parent_id, u.kind, u.code, u.name, u.func,"
             " u.address, u.phone, u.status, u.version, u.created_at,"
             " u.updated_at, p.code, p.name"
             " FROM org_unit u"
             " LEFT JOIN org_unit p ON p.id = u.parent_id"
             " WHERE u.id = ?"
             " AND " SCOPE_OF_U);

/* The ancestors of a unit inside the scope, top first: id, scope. */
DB_STATEMENT(sql_unit_path, 0,
             "SELECT u.id, u.code, u.name"
             " FROM org_closure c"
             " JOIN org_unit u ON u.id = c.ancestor_id"
             " WHERE c.descendant_id = ? AND c.depth > 0"
             " AND " SCOPE_OF_ANC " ORDER BY c.depth DESC");

DB_STATEMENT(sql_unit_children, 0,
             "SELECT u.id, u.kind, u.code, u.name, u.status,"
             " (SELECT COUNT(*) FROM staff s"
             " WHERE s.unit_id = u.id AND " STAFF_PRESENT ")"
             " FROM org_unit u"
             " WHERE u.parent_id = ?"
             " ORDER BY u.code");

DB_STATEMENT(sql_unit_staff, 0,
             "SELECT s.id, s.emp_no, s.name, s.position, s.phone, s.status"
             " FROM staff s"
             " WHERE s.unit_id = ?"
             " ORDER BY s.emp_no");

DB_STATEMENT(sql_unit_regions, 0,
             "SELECT r.id, r.kind, r.code, r.name"
             " FROM unit_region ur"
             " JOIN sales_region r ON r.id = ur.region_id"
             " WHERE ur.unit_id = ?"
             " ORDER BY r.code");

/* A unit named in a form field (parent, unit): id, scope. */
DB_STATEMENT(sql_unit_pick, 0,
             "SELECT u.id, u.code, u.name, u.status"
             " FROM org_unit u"
             " WHERE u.id = ?"
             " AND " SCOPE_OF_U);

/* Is the code used by another unit: code, own id (0 for a new one). */
DB_STATEMENT(sql_unit_code_used, 0,
             "SELECT u.id FROM org_unit u WHERE u.code = ? AND u.id <> ?");

/* Is the second unit in the subtree of the first (or the first itself)? */
DB_STATEMENT(sql_unit_below, 0,
             "SELECT c.depth FROM org_closure c"
             " WHERE c.ancestor_id = ? AND c.descendant_id = ?");

/* What keeps a unit from retiring: staff present, active child units. */
DB_STATEMENT(sql_unit_busy, 0,
             "SELECT (SELECT COUNT(*) FROM staff s"
             " WHERE s.unit_id = u.id AND " STAFF_PRESENT "),"
             " (SELECT COUNT(*) FROM org_unit ch"
             " WHERE ch.parent_id = u.id AND ch.status = 'active')"
             " FROM org_unit u"
             " WHERE u.id = ?");

/* ---- units: writes -------------------------------------------------- */

DB_STATEMENT(sql_unit_insert, 0,
             "INSERT INTO org_unit (id, parent_id, kind, code, name, func,"
             " address, phone, status, created_at, updated_at, version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, 1)");

DB_STATEMENT(sql_closure_self, 0,
             "INSERT INTO org_closure (ancestor_id, descendant_id, depth)"
             " VALUES (?, ?, 0)");

/* A new unit under its parent's ancestors: parent, new id.  (The new id
 * comes from the row just inserted, not from a parameter in the select
 * list, whose type PostgreSQL could not infer.) */
DB_STATEMENT(sql_closure_under, 0,
             "INSERT INTO org_closure (ancestor_id, descendant_id, depth)"
             " SELECT c.ancestor_id, u.id, c.depth + 1"
             " FROM org_closure c"
             " CROSS JOIN org_unit u"
             " WHERE c.descendant_id = ? AND u.id = ?");

DB_STATEMENT(sql_unit_update, 0,
             "UPDATE org_unit SET kind = ?, code = ?, name = ?, func = ?,"
             " address = ?, phone = ?, updated_at = ?, version = version + 1"
             " WHERE id = ? AND version = ?"
             " AND " SCOPE_OF_ID);

DB_STATEMENT(sql_unit_set_parent, 0,
             "UPDATE org_unit SET parent_id = ?, updated_at = ?,"
             " version = version + 1"
             " WHERE id = ? AND version = ?"
             " AND " SCOPE_OF_ID);

/*
 * Lock the new parent of a move with an update that changes nothing (and
 * see that it is still active).  Two moves that would together make a
 * cycle (A under B, B under A) then wait for each other; the engine breaks
 * the deadlock, db_uow runs the loser again, and its check sees the
 * winner's closure rows.  MariaDB counts the matched row only with the
 * DSN's Option=2 (PORTABILITY.md), which Qudao requires anyway.
 */
DB_STATEMENT(sql_unit_lock_active, 0,
             "UPDATE org_unit SET status = status"
             " WHERE id = ? AND status = 'active'");

/* Cut the moved subtree (root: both parameters) from its old ancestors:
 * every row linking a node of the subtree to a node outside it. */
DB_STATEMENT(sql_closure_unlink, 0,
             "DELETE FROM org_closure"
             " WHERE descendant_id IN (SELECT t.descendant_id"
             " FROM org_closure t WHERE t.ancestor_id = ?)"
             " AND ancestor_id NOT IN (SELECT t2.descendant_id"
             " FROM org_closure t2 WHERE t2.ancestor_id = ?)");

/* Hang it under the new parent: every ancestor of the parent (itself
 * included) times every node of the subtree.  New parent, subtree root. */
DB_STATEMENT(sql_closure_link, 0,
             "INSERT INTO org_closure (ancestor_id, descendant_id, depth)"
             " SELECT a.ancestor_id, d.descendant_id, a.depth + d.depth + 1"
             " FROM org_closure a"
             " CROSS JOIN org_closure d"
             " WHERE a.descendant_id = ? AND d.ancestor_id = ?");

DB_STATEMENT(sql_unit_retire, 0,
             "UPDATE org_unit SET status = 'retired', updated_at = ?,"
             " version = version + 1"
             " WHERE id = ? AND version = ? AND status = 'active'"
             " AND " SCOPE_OF_ID " AND NOT EXISTS (SELECT 1 FROM staff s"
             " WHERE s.unit_id = ? AND " STAFF_PRESENT ")"
             " AND NOT EXISTS (SELECT 1 FROM org_unit ch"
             " WHERE ch.parent_id = ? AND ch.status = 'active')");

/* A change that belongs to the unit but is stored elsewhere (its
 * regions) moves the unit's version too. */
DB_STATEMENT(sql_unit_touch, 0,
             "UPDATE org_unit SET updated_at = ?, version = version + 1"
             " WHERE id = ? AND version = ?"
             " AND " SCOPE_OF_ID);

DB_STATEMENT(sql_unit_regions_clear, 0,
             "DELETE FROM unit_region WHERE unit_id = ?");

DB_STATEMENT(sql_unit_region_add, 0,
             "INSERT INTO unit_region (unit_id, region_id)"
             " SELECT u.id, r.id"
             " FROM org_unit u"
             " CROSS JOIN sales_region r"
             " WHERE u.id = ? AND r.id = ?");

/* ---- regions -------------------------------------------------------- */

DB_STATEMENT(sql_region_all, 0,
             "SELECT r.id, r.parent_id, r.kind, r.code, r.name"
             " FROM sales_region r"
             " ORDER BY r.code");

DB_STATEMENT(sql_region_get, 0,
             "SELECT r.id, r.parent_id, r.kind, r.code, r.name, r.version,"
             " p.code, p.name"
             " FROM sales_region r"
             " LEFT JOIN sales_region p ON p.id = r.parent_id"
             " WHERE r.id = ?");

DB_STATEMENT(sql_region_code_used, 0,
             "SELECT r.id FROM sales_region r WHERE r.code = ? AND r.id <> ?");

/* Two inserts rather than one with a NULL parent: a NULL bound as text
 * cannot go into a BIGINT column on every engine. */
DB_STATEMENT(sql_region_insert, 0,
             "INSERT INTO sales_region (id, parent_id, kind, code, name,"
             " version)"
             " VALUES (?, ?, ?, ?, ?, 1)");
DB_STATEMENT(sql_region_insert_root, 0,
             "INSERT INTO sales_region (id, kind, code, name, version)"
             " VALUES (?, ?, ?, ?, 1)");

DB_STATEMENT(sql_rclosure_self, 0,
             "INSERT INTO region_closure (ancestor_id, descendant_id, depth)"
             " VALUES (?, ?, 0)");

DB_STATEMENT(sql_rclosure_under, 0,
             "INSERT INTO region_closure (ancestor_id, descendant_id, depth)"
             " SELECT c.ancestor_id, r.id, c.depth + 1"
             " FROM region_closure c"
             " CROSS JOIN sales_region r"
             " WHERE c.descendant_id = ? AND r.id = ?");

DB_STATEMENT(sql_region_update, 0,
             "UPDATE sales_region SET kind = ?, code = ?, name = ?,"
             " version = version + 1"
             " WHERE id = ? AND version = ?");

/* ---- staff ---------------------------------------------------------- */

/*
 * The list's filter: scope; q (4: NULL test, name, emp_no, phone); unit
 * (3: NULL test, the unit, the scope -- the unit's subtree, and nothing
 * when the unit is outside the scope); status (2).
 */
#define STAFF_WHERE                                                            \
    " WHERE " SCOPE_OF_STAFF " AND (CAST(? AS VARCHAR(100)) IS NULL"           \
    " OR s.name LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"                          \
    " OR s.emp_no LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"                        \
    " OR s.phone LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "')"                        \
    " AND (CAST(? AS DECIMAL(19)) IS NULL"                                     \
    " OR s.unit_id IN (SELECT fc.descendant_id FROM org_closure fc"            \
    " JOIN org_closure fs ON fs.descendant_id = fc.ancestor_id"                \
    " WHERE fc.ancestor_id = ? AND fs.ancestor_id = ?))"                       \
    " AND (CAST(? AS VARCHAR(10)) IS NULL OR s.status = ?)"
#define STAFF_N_WHERE 10

#define STAFF_LIST                                                             \
    "SELECT s.id, s.emp_no, s.name, s.position, s.phone, s.status,"            \
    " s.hire_on, u.id, u.code, u.name"                                         \
    " FROM staff s"                                                            \
    " JOIN org_unit u ON u.id = s.unit_id" STAFF_WHERE

/* One whole statement per sort choice: no identifier comes from input. */
DB_STATEMENT(sql_staff_name_asc, DB_PAGED,
             STAFF_LIST " ORDER BY s.name ASC, s.emp_no ASC");
DB_STATEMENT(sql_staff_name_desc, DB_PAGED,
             STAFF_LIST " ORDER BY s.name DESC, s.emp_no DESC");
DB_STATEMENT(sql_staff_emp_asc, DB_PAGED, STAFF_LIST " ORDER BY s.emp_no ASC");
DB_STATEMENT(sql_staff_emp_desc, DB_PAGED,
             STAFF_LIST " ORDER BY s.emp_no DESC");
DB_STATEMENT(sql_staff_unit_asc, DB_PAGED,
             STAFF_LIST " ORDER BY u.code ASC, s.name ASC, s.emp_no ASC");
DB_STATEMENT(sql_staff_unit_desc, DB_PAGED,
             STAFF_LIST " ORDER BY u.code DESC, s.name DESC, s.emp_no DESC");
DB_STATEMENT(sql_staff_hire_asc, DB_PAGED,
             STAFF_LIST " ORDER BY s.hire_on ASC, s.emp_no ASC");
DB_STATEMENT(sql_staff_hire_desc, DB_PAGED,
             STAFF_LIST " ORDER BY s.hire_on DESC, s.emp_no DESC");

DB_STATEMENT(sql_staff_count, 0, "SELECT COUNT(*) FROM staff s" STAFF_WHERE);

/* One staff member in the scope: id, scope. */
DB_STATEMENT(sql_staff_get, 0,
             "SELECT s.id, s.unit_id, u.code, u.name, s.emp_no, s.name,"
             " s.position, s.phone, s.email, s.hire_on, s.status, s.user_id,"
             " s.version, s.created_at, s.updated_at, q.login"
             " FROM staff s"
             " JOIN org_unit u ON u.id = s.unit_id"
             " LEFT JOIN qd_user q ON q.id = s.user_id"
             " WHERE s.id = ?"
             " AND " SCOPE_OF_STAFF);

DB_STATEMENT(sql_staff_emp_used, 0,
             "SELECT s.id FROM staff s WHERE s.emp_no = ? AND s.id <> ?");

DB_STATEMENT(sql_staff_insert, 0,
             "INSERT INTO staff (id, unit_id, emp_no, name, position, phone,"
             " email, hire_on, status, created_at, updated_at, version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)");

/* The scope is checked on the row's current unit (the new unit was
 * checked by the handler). */
DB_STATEMENT(sql_staff_update, 0,
             "UPDATE staff SET unit_id = ?, emp_no = ?, name = ?,"
             " position = ?, phone = ?, email = ?, hire_on = ?, status = ?,"
             " updated_at = ?, version = version + 1"
             " WHERE id = ? AND version = ?"
             " AND " SCOPE_OF_UNIT);

/* ==================================================================== */
/* Helpers                                                              */
/* ==================================================================== */

/* A display order for the rows of a tree (see tree_order). */
struct tree {
    size_t n;     /* rows in the order */
    size_t *rows; /* row indexes, each right after its parent */
    int *depth;   /* depth below the roots (0) */
};

struct id_row {
    int64_t id;
    size_t row;
};

static int
cmp_id_row(const void *a, const void *b)
{
    const struct id_row *x = a, *y = b;

    return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * Order the rows of a tree for display: every node right after its parent,
 * siblings in the order of the rows (the query's ORDER BY), so that a
 * stylesheet can indent by depth.  id_col and parent_col hold each row's
 * id and its parent's id; a row whose parent is not among the rows is a
 * root.  The subtree of `skip` (an id; 0 for none) is left out.  Each node
 * is emitted at most once, so a damaged tree cannot loop.  Arrays in the
 * arena.
 */
static void
tree_order(struct arena *a, const struct db_rows *r, size_t id_col,
           size_t parent_col, int64_t skip, struct tree *t)
{
    const size_t none = SIZE_MAX;
    size_t n = r->n_rows, m = n + 1; /* node n: the virtual root */
    struct id_row *ids = arena_alloc(a, m * sizeof(*ids));
    size_t *first = arena_alloc(a, m * sizeof(size_t));
    size_t *last = arena_alloc(a, m * sizeof(size_t));
    size_t *next = arena_alloc(a, m * sizeof(size_t));
    size_t *cursor = arena_alloc(a, m * sizeof(size_t));
    long d = 0;

    t->rows = arena_alloc(a, m * sizeof(size_t));
    t->depth = arena_alloc(a, m * sizeof(int));
    t->n = 0;
    for (size_t i = 0; i < m; i++)
        first[i] = last[i] = next[i] = none;
    for (size_t i = 0; i < n; i++) {
        ids[i].id = db_cell_int(r, i, id_col);
        ids[i].row = i;
    }
    qsort(ids, n, sizeof(*ids), cmp_id_row);
    for (size_t i = 0; i < n; i++) {
        struct id_row key = {db_cell_int(r, i, parent_col), 0}, *hit = NULL;
        size_t p = n;

        if (db_cell(r, i, parent_col) != NULL)
            hit = bsearch(&key, ids, n, sizeof(*ids), cmp_id_row);
        if (hit != NULL && hit->row != i)
            p = hit->row;
        if (last[p] == none)
            first[p] = i;
        else
            next[last[p]] = i;
        last[p] = i;
    }
    cursor[0] = first[n];
    while (d >= 0) {
        size_t i = cursor[d];

        if (i == none) {
            d--;
            continue;
        }
        cursor[d] = next[i];
        if (skip > 0 && db_cell_int(r, i, id_col) == skip)
            continue;
        t->rows[t->n] = i;
        t->depth[t->n] = (int)d;
        t->n++;
        if (first[i] != none && d + 1 < (long)m)
            cursor[++d] = first[i];
    }
}

/* Columns of the unit page's lists, as attributes (xd_rows). */
static const char *const child_cols[] = {"id",   "kind",   "code",
                                         "name", "status", "staff"};
static const char *const member_cols[] = {"id",       "emp-no", "name",
                                          "position", "phone",  "status"};
static const char *const region_cols[] = {"id", "kind", "code", "name"};
static const char *const path_cols[] = {"id", "code", "name"};
static const char *const staff_cols[] = {
    "id",     "emp-no", "name",    "position",  "phone",
    "status", NULL,     "unit-id", "unit-code", "unit-name"};

/*
 * The units of the user's scope as <unit-option id depth code name
 * status/> children of parent, in tree order, leaving out the subtree of
 * skip (0: none).  0 or -1.
 */
static int
add_unit_options(struct ctx *c, xmlNodePtr parent, int64_t skip)
{
    struct db_param p[1];
    struct db_rows r;
    struct tree t;

    p[0] = DB_INT(scope_unit(c));
    if (db_query(c->db, c->a, &sql_unit_tree, p, 1, 0, 0, &r) != 0)
        return -1;
    tree_order(c->a, &r, 0, 1, skip, &t);
    for (size_t k = 0; k < t.n; k++) {
        size_t i = t.rows[k];
        xmlNodePtr o = xd_elem(parent, "unit-option");

        xd_cell(o, "id", &r, i, 0);
        xd_attr_int(o, "depth", t.depth[k]);
        xd_cell(o, "code", &r, i, 3);
        xd_cell(o, "name", &r, i, 4);
        xd_cell(o, "status", &r, i, 5);
    }
    return 0;
}

/* Every region as <region-option id depth kind code name/>, tree order;
 * the rows are left in *out for the caller (may be NULL). */
static int
add_region_options(struct ctx *c, xmlNodePtr parent, int64_t skip,
                   struct db_rows *out)
{
    struct db_rows r;
    struct tree t;

    if (db_query(c->db, c->a, &sql_region_all, NULL, 0, 0, 0, &r) != 0)
        return -1;
    tree_order(c->a, &r, 0, 1, skip, &t);
    for (size_t k = 0; k < t.n; k++) {
        size_t i = t.rows[k];
        xmlNodePtr o = xd_elem(parent, "region-option");

        xd_cell(o, "id", &r, i, 0);
        xd_attr_int(o, "depth", t.depth[k]);
        xd_cell(o, "kind", &r, i, 2);
        xd_cell(o, "code", &r, i, 3);
        xd_cell(o, "name", &r, i, 4);
    }
    if (out != NULL)
        *out = r;
    return 0;
}

/* Fetch one unit of the scope into *r (0 rows: missing or foreign). */
static int
fetch_unit(struct ctx *c, int64_t id, struct db_rows *r)
{
    struct db_param p[2];

    p[0] = DB_INT(id);
    p[1] = DB_INT(scope_unit(c));
    return db_query(c->db, c->a, &sql_unit_get, p, 2, 0, 0, r);
}

/* Fetch one staff member of the scope into *r (0 rows: missing/foreign). */
static int
fetch_staff(struct ctx *c, int64_t id, struct db_rows *r)
{
    struct db_param p[2];

    p[0] = DB_INT(id);
    p[1] = DB_INT(scope_unit(c));
    return db_query(c->db, c->a, &sql_staff_get, p, 2, 0, 0, r);
}

/*
 * A unit picked in a form field (parent of a new unit, target of a move,
 * unit of a staff member): it must exist in the scope and be active (or
 * be `keep`, the unit the record is in already: a member who has left a
 * retired unit can still be edited).  On success fills *id and the unit's
 * code and name (may be NULL); otherwise refuses the field (422) and
 * returns 1.  -1 on a database error.
 */
static int
pick_unit(struct ctx *c, const char *field, int64_t keep, int64_t *id,
          const char **code, const char **name)
{
    struct db_param p[2];
    struct db_rows r;

    if (form_int(c, field, FORM_REQUIRED, 1, INT64_MAX, id) != 0)
        return 1;
    p[0] = DB_INT(*id);
    p[1] = DB_INT(scope_unit(c));
    if (db_query(c->db, c->a, &sql_unit_pick, p, 2, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows == 0) {
        form_error(c, field, "no_such_unit", "no such unit");
        return 1;
    }
    if (strcmp(db_cell(&r, 0, 3), "active") != 0 && *id != keep) {
        form_error(c, field, "unit_retired", "the unit is retired");
        return 1;
    }
    if (code != NULL)
        *code = db_cell(&r, 0, 1);
    if (name != NULL)
        *name = db_cell(&r, 0, 2);
    return 0;
}

/* Refuse `field` with "code_taken" when sql finds value on another row
 * than own (0: none).  0 (free or refused) or -1. */
static int
check_unique(struct ctx *c, const struct db_sql *sql, const char *field,
             const char *value, int64_t own, const char *text)
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
        form_error(c, field, "code_taken", text);
    return 0;
}

/* ==================================================================== */
/* Units: reading                                                       */
/* ==================================================================== */

/* GET /org */
static int
org_tree(struct ctx *c)
{
    struct db_param p[1];
    struct db_rows r;
    struct tree t;
    xmlNodePtr tree;

    p[0] = DB_INT(scope_unit(c));
    if (db_query(c->db, c->a, &sql_unit_tree, p, 1, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    tree_order(c->a, &r, 0, 1, 0, &t);
    tree = ctx_data(c, "org-tree");
    page_can(c, tree, "can-edit", "org.edit");
    for (size_t k = 0; k < t.n; k++) {
        size_t i = t.rows[k];
        xmlNodePtr u = xd_elem(tree, "unit");

        xd_cell(u, "id", &r, i, 0);
        /* the scope root's parent is outside the scope: not shown */
        if (t.depth[k] > 0)
            xd_cell(u, "parent-id", &r, i, 1);
        xd_cell(u, "depth", &r, i, 6);
        xd_cell(u, "kind", &r, i, 2);
        xd_cell(u, "code", &r, i, 3);
        xd_cell(u, "name", &r, i, 4);
        xd_cell(u, "status", &r, i, 5);
        xd_cell(u, "staff", &r, i, 7);
    }
    return 0;
}

/*
 * Fill <org-unit> for a unit the caller has fetched (row 0 of u): the
 * unit, its path inside the scope, children, staff, regions, history.
 */
static int
unit_page(struct ctx *c, const struct db_rows *u)
{
    int64_t id = db_cell_int(u, 0, 0);
    struct db_param p[2];
    struct db_rows r;
    xmlNodePtr n;

    n = ctx_data(c, "org-unit");
    xd_cell(n, "id", u, 0, 0);
    xd_cell(n, "kind", u, 0, 2);
    xd_cell(n, "code", u, 0, 3);
    xd_cell(n, "name", u, 0, 4);
    xd_cell(n, "func", u, 0, 5);
    xd_cell(n, "address", u, 0, 6);
    xd_cell(n, "phone", u, 0, 7);
    xd_cell(n, "status", u, 0, 8);
    xd_cell(n, "version", u, 0, 9);
    xd_attr(n, "created-at", text_iso_ts(c->a, db_cell(u, 0, 10)));
    xd_attr(n, "updated-at", text_iso_ts(c->a, db_cell(u, 0, 11)));
    page_can(c, n, "can-edit", "org.edit");
    page_can(c, n, "can-edit-staff", "staff.edit");

    /* the way down from the scope root; the parent is its last step */
    p[0] = DB_INT(id);
    p[1] = DB_INT(scope_unit(c));
    if (db_query(c->db, c->a, &sql_unit_path, p, 2, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    xd_rows(xd_elem(n, "path"), "unit", &r, path_cols, XD_N(path_cols));
    if (r.n_rows > 0)
        xd_cell(n, "parent-id", u, 0, 1);

    p[0] = DB_INT(id);
    if (db_query(c->db, c->a, &sql_unit_children, p, 1, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    xd_rows(xd_elem(n, "children"), "unit", &r, child_cols, XD_N(child_cols));

    if (db_query(c->db, c->a, &sql_unit_staff, p, 1, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    xd_rows(xd_elem(n, "members"), "member", &r, member_cols,
            XD_N(member_cols));

    if (db_query(c->db, c->a, &sql_unit_regions, p, 1, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    xd_rows(xd_elem(n, "covered-regions"), "region", &r, region_cols,
            XD_N(region_cols));

    if (page_history(c, n, "org_unit", id, ORG_HISTORY) != 0)
        return ctx_db_fail(c);
    return 0;
}

/* GET /org/units/{id} */
static int
org_unit_show(struct ctx *c)
{
    int64_t id = page_id(c);
    struct db_rows u;

    if (id < 0)
        return page_not_found(c, "org_unit", id);
    if (fetch_unit(c, id, &u) != 0)
        return ctx_db_fail(c);
    if (u.n_rows == 0)
        return page_not_found(c, "org_unit", id);
    return unit_page(c, &u);
}

/* ==================================================================== */
/* Units: create and edit                                               */
/* ==================================================================== */

static const char *const unit_echo[] = {
    "parent", "parent", "kind",    "kind",    "code",    "code",
    "name",   "name",   "func",    "func",    "address", "address",
    "phone",  "phone",  "version", "version", NULL};

/* The current values of a unit (row 0 of u) as attributes of n. */
static void
unit_values(xmlNodePtr n, const struct db_rows *u)
{
    xd_cell(n, "parent", u, 0, 1);
    xd_cell(n, "kind", u, 0, 2);
    xd_cell(n, "code", u, 0, 3);
    xd_cell(n, "name", u, 0, 4);
    xd_cell(n, "func", u, 0, 5);
    xd_cell(n, "address", u, 0, 6);
    xd_cell(n, "phone", u, 0, 7);
    xd_cell(n, "status", u, 0, 8);
    xd_cell(n, "version", u, 0, 9);
}

/* A new <org-unit-form action="..."> for unit u (NULL: a new unit). */
static xmlNodePtr
unit_form(struct ctx *c, const char *action, const struct db_rows *u)
{
    xmlNodePtr f = ctx_data(c, "org-unit-form");

    xd_attr(f, "action", action);
    if (u != NULL) {
        xd_cell(f, "id", u, 0, 0);
        /* what the unit is called now, for the heading */
        xd_cell(f, "current-code", u, 0, 3);
        xd_cell(f, "current-name", u, 0, 4);
    }
    return f;
}

/* GET /org/units/new?parent=ID */
static int
org_unit_new(struct ctx *c)
{
    xmlNodePtr f = unit_form(c, "new", NULL);
    int64_t parent = param_int(c->req, "parent", 0);

    if (parent > 0)
        xd_attr_int(f, "parent", parent);
    xd_attr(f, "kind", "office");
    if (add_unit_options(c, f, 0) != 0)
        return ctx_db_fail(c);
    return 0;
}

/* The fields of the unit form, checked. */
struct unit_input {
    const char *kind, *code, *name, *func, *address, *phone;
};

static void
read_unit_input(struct ctx *c, struct unit_input *in)
{
    in->kind = form_enum(c, "kind", FORM_REQUIRED, unit_kinds);
    in->code = form_text(c, "code", FORM_REQUIRED, 40);
    in->name = form_text(c, "name", FORM_REQUIRED, 100);
    in->func = form_text(c, "func", 0, 200);
    in->address = form_text(c, "address", 0, 200);
    in->phone = form_text(c, "phone", 0, 40);
}

/*
 * The form again with what was typed (the status is already 422 or 409).
 * options: < 0 no unit choices, 0 every unit of the scope, > 0 all but the
 * subtree of that unit (the move form).
 */
static int
unit_form_again(struct ctx *c, const char *action, const struct db_rows *u,
                int64_t options, xmlNodePtr *out)
{
    xmlNodePtr f = unit_form(c, action, u);

    page_echo(c, f, unit_echo);
    if (options >= 0 && add_unit_options(c, f, options) != 0)
        return ctx_db_fail(c);
    if (out != NULL)
        *out = f;
    return 0;
}

struct unit_create {
    struct ctx *c;
    int64_t id, parent;
    const char *parent_label;
    struct unit_input in;
    time_t now;
};

static int
unit_create_uow(struct db *db, void *arg)
{
    struct unit_create *w = arg;
    struct ctx *c = w->c;
    struct db_param p[10];
    struct sbuf d;

    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->parent);
    p[2] = DB_TEXT(w->in.kind);
    p[3] = DB_TEXT(w->in.code);
    p[4] = DB_TEXT(w->in.name);
    p[5] = DB_TEXT(w->in.func);
    p[6] = DB_TEXT(w->in.address);
    p[7] = DB_TEXT(w->in.phone);
    p[8] = DB_TS(w->now);
    p[9] = DB_TS(w->now);
    if (db_exec(db, &sql_unit_insert, p, 10, NULL) != 0)
        return -1;
    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->id);
    if (db_exec(db, &sql_closure_self, p, 2, NULL) != 0)
        return -1;
    p[0] = DB_INT(w->parent);
    p[1] = DB_INT(w->id);
    if (db_exec(db, &sql_closure_under, p, 2, NULL) != 0)
        return -1;
    sbuf_init(&d, c->a, 256);
    audit_diff(&d, "parent", NULL, w->parent_label);
    audit_diff(&d, "kind", NULL, w->in.kind);
    audit_diff(&d, "code", NULL, w->in.code);
    audit_diff(&d, "name", NULL, w->in.name);
    audit_diff(&d, "func", NULL, w->in.func);
    audit_diff(&d, "address", NULL, w->in.address);
    audit_diff(&d, "phone", NULL, w->in.phone);
    return audit_write(c, "org_unit", w->id, "create", d.buf);
}

/* POST /org/units/new */
static int
org_unit_create(struct ctx *c)
{
    struct unit_create w;
    const char *pcode = NULL, *pname = NULL;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    rc = pick_unit(c, "parent", 0, &w.parent, &pcode, &pname);
    if (rc < 0)
        return ctx_db_fail(c);
    read_unit_input(c, &w.in);
    if (check_unique(c, &sql_unit_code_used, "code", w.in.code, 0,
                     "this code is already in use") != 0)
        return ctx_db_fail(c);
    if (!form_ok(c))
        return unit_form_again(c, "new", NULL, 0, NULL);
    w.parent_label = page_label(c, pcode, pname);
    db_rollback(c->db); /* end the reads; the write is one unit */
    if (db_next_id(c->db, "org_unit", &w.id) != 0)
        return ctx_db_fail(c);
    w.now = clock_now();
    rc = db_uow(c->db, unit_create_uow, &w);
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "this code is already in use");
        return unit_form_again(c, "new", NULL, 0, NULL);
    }
    return ctx_redirect(c,
                        arena_printf(c->a, "/org/units/%lld", (long long)w.id));
}

/* GET /org/units/{id}/edit */
static int
org_unit_edit(struct ctx *c)
{
    int64_t id = page_id(c);
    struct db_rows u;
    xmlNodePtr f;

    if (id < 0)
        return page_not_found(c, "org_unit", id);
    if (fetch_unit(c, id, &u) != 0)
        return ctx_db_fail(c);
    if (u.n_rows == 0)
        return page_not_found(c, "org_unit", id);
    f = unit_form(c, "edit", &u);
    unit_values(f, &u);
    return 0;
}

struct unit_update {
    struct ctx *c;
    int64_t id, version;
    const struct db_rows *before;
    struct unit_input in;
    time_t now;
};

static int
unit_update_uow(struct db *db, void *arg)
{
    struct unit_update *w = arg;
    struct ctx *c = w->c;
    const struct db_rows *b = w->before;
    struct db_param p[10];
    struct sbuf d;
    long n = 0;

    p[0] = DB_TEXT(w->in.kind);
    p[1] = DB_TEXT(w->in.code);
    p[2] = DB_TEXT(w->in.name);
    p[3] = DB_TEXT(w->in.func);
    p[4] = DB_TEXT(w->in.address);
    p[5] = DB_TEXT(w->in.phone);
    p[6] = DB_TS(w->now);
    p[7] = DB_INT(w->id);
    p[8] = DB_INT(w->version);
    p[9] = DB_INT(scope_unit(c));
    if (db_exec(db, &sql_unit_update, p, 10, &n) != 0)
        return -1;
    if (n == 0)
        return ORG_CONFLICT;
    /* the update matched the version read before: b is what it replaced */
    sbuf_init(&d, c->a, 256);
    audit_diff(&d, "kind", db_cell(b, 0, 2), w->in.kind);
    audit_diff(&d, "code", db_cell(b, 0, 3), w->in.code);
    audit_diff(&d, "name", db_cell(b, 0, 4), w->in.name);
    audit_diff(&d, "func", db_cell(b, 0, 5), w->in.func);
    audit_diff(&d, "address", db_cell(b, 0, 6), w->in.address);
    audit_diff(&d, "phone", db_cell(b, 0, 7), w->in.phone);
    return audit_write(c, "org_unit", w->id, "update", d.buf);
}

/* The edit form again with status 409: yours as typed, the current row in
 * <conflict>, and the current version in the form so a second save is a
 * deliberate overwrite. */
static int
unit_conflict(struct ctx *c, const char *action, int64_t id)
{
    struct db_rows u;
    xmlNodePtr f = NULL, k;

    db_rollback(c->db);
    if (fetch_unit(c, id, &u) != 0)
        return ctx_db_fail(c);
    if (u.n_rows == 0)
        return page_not_found(c, "org_unit", id);
    page_conflict(c);
    if (unit_form_again(c, action, &u, strcmp(action, "move") == 0 ? id : -1,
                        &f) != 0)
        return -1;
    xmlUnsetProp(f, BAD_CAST "version");
    xd_cell(f, "version", &u, 0, 9);
    k = xd_elem(f, "conflict");
    unit_values(k, &u);
    return 0;
}

/* POST /org/units/{id}/edit */
static int
org_unit_update(struct ctx *c)
{
    struct unit_update w;
    struct db_rows u;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = page_id(c);
    if (w.id < 0)
        return page_not_found(c, "org_unit", w.id);
    if (fetch_unit(c, w.id, &u) != 0)
        return ctx_db_fail(c);
    if (u.n_rows == 0)
        return page_not_found(c, "org_unit", w.id);
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version);
    read_unit_input(c, &w.in);
    if (check_unique(c, &sql_unit_code_used, "code", w.in.code, w.id,
                     "this code is already in use") != 0)
        return ctx_db_fail(c);
    if (!form_ok(c))
        return unit_form_again(c, "edit", &u, -1, NULL);
    if (w.version != db_cell_int(&u, 0, 9))
        return unit_conflict(c, "edit", w.id);
    w.before = &u;
    w.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, unit_update_uow, &w);
    if (rc == ORG_CONFLICT)
        return unit_conflict(c, "edit", w.id);
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "this code is already in use");
        return unit_form_again(c, "edit", &u, -1, NULL);
    }
    return ctx_redirect(c,
                        arena_printf(c->a, "/org/units/%lld", (long long)w.id));
}

/* ==================================================================== */
/* Units: move, retire, regions                                         */
/* ==================================================================== */

/* GET /org/units/{id}/move */
static int
org_unit_move_form(struct ctx *c)
{
    int64_t id = page_id(c);
    struct db_rows u;
    xmlNodePtr f;

    if (id < 0)
        return page_not_found(c, "org_unit", id);
    if (fetch_unit(c, id, &u) != 0)
        return ctx_db_fail(c);
    if (u.n_rows == 0)
        return page_not_found(c, "org_unit", id);
    f = unit_form(c, "move", &u);
    unit_values(f, &u);
    /* a unit cannot go under itself: its subtree is not offered */
    if (add_unit_options(c, f, id) != 0)
        return ctx_db_fail(c);
    return 0;
}

struct unit_move {
    struct ctx *c;
    int64_t id, version, parent;
    const char *from, *to; /* labels for the audit */
    time_t now;
};

static int
unit_move_uow(struct db *db, void *arg)
{
    struct unit_move *w = arg;
    struct ctx *c = w->c;
    struct db_param p[5];
    struct db_rows r;
    struct sbuf d;
    long n = 0;

    p[0] = DB_INT(w->parent);
    p[1] = DB_TS(w->now);
    p[2] = DB_INT(w->id);
    p[3] = DB_INT(w->version);
    p[4] = DB_INT(scope_unit(c));
    if (db_exec(db, &sql_unit_set_parent, p, 5, &n) != 0)
        return -1;
    if (n == 0)
        return ORG_CONFLICT;
    p[0] = DB_INT(w->parent);
    if (db_exec(db, &sql_unit_lock_active, p, 1, &n) != 0)
        return -1;
    if (n == 0)
        return ORG_GONE;
    /* checked by the handler; again here, under the locks */
    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->parent);
    if (db_query(db, c->a, &sql_unit_below, p, 2, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows > 0)
        return ORG_UNDER_SELF;
    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->id);
    if (db_exec(db, &sql_closure_unlink, p, 2, NULL) != 0)
        return -1;
    p[0] = DB_INT(w->parent);
    p[1] = DB_INT(w->id);
    if (db_exec(db, &sql_closure_link, p, 2, NULL) != 0)
        return -1;
    sbuf_init(&d, c->a, 128);
    audit_diff(&d, "parent", w->from, w->to);
    return audit_write(c, "org_unit", w->id, "move", d.buf);
}

/* The move form again (422) with what was typed. */
static int
move_form_again(struct ctx *c, const struct db_rows *u, int64_t id)
{
    return unit_form_again(c, "move", u, id, NULL);
}

/* POST /org/units/{id}/move */
static int
org_unit_move(struct ctx *c)
{
    struct unit_move w;
    struct db_rows u, r;
    struct db_param p[2];
    const char *pcode = NULL, *pname = NULL;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = page_id(c);
    if (w.id < 0)
        return page_not_found(c, "org_unit", w.id);
    if (fetch_unit(c, w.id, &u) != 0)
        return ctx_db_fail(c);
    if (u.n_rows == 0)
        return page_not_found(c, "org_unit", w.id);
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version);
    rc = pick_unit(c, "parent", 0, &w.parent, &pcode, &pname);
    if (rc < 0)
        return ctx_db_fail(c);
    if (rc == 0) {
        p[0] = DB_INT(w.id);
        p[1] = DB_INT(w.parent);
        if (db_query(c->db, c->a, &sql_unit_below, p, 2, 0, 0, &r) != 0)
            return ctx_db_fail(c);
        if (r.n_rows > 0)
            form_error(c, "parent", "under_itself",
                       "cannot move a unit under itself");
    }
    if (!form_ok(c))
        return move_form_again(c, &u, w.id);
    if (w.version != db_cell_int(&u, 0, 9))
        return unit_conflict(c, "move", w.id);
    if (db_cell(&u, 0, 1) != NULL && db_cell_int(&u, 0, 1) == w.parent)
        return ctx_redirect(
            c, arena_printf(c->a, "/org/units/%lld", (long long)w.id));
    w.from = page_label(c, db_cell(&u, 0, 12), db_cell(&u, 0, 13));
    w.to = page_label(c, pcode, pname);
    w.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, unit_move_uow, &w);
    switch (rc) {
    case 0: break;
    case ORG_CONFLICT: return unit_conflict(c, "move", w.id);
    case ORG_UNDER_SELF:
        form_error(c, "parent", "under_itself",
                   "cannot move a unit under itself");
        return move_form_again(c, &u, w.id);
    case ORG_GONE:
        form_error(c, "parent", "unit_retired", "the unit is retired");
        return move_form_again(c, &u, w.id);
    default: return ctx_db_fail(c);
    }
    return ctx_redirect(c,
                        arena_printf(c->a, "/org/units/%lld", (long long)w.id));
}

struct unit_retire {
    struct ctx *c;
    int64_t id, version;
    time_t now;
};

static int
unit_retire_uow(struct db *db, void *arg)
{
    struct unit_retire *w = arg;
    struct db_param p[6];
    long n = 0;

    p[0] = DB_TS(w->now);
    p[1] = DB_INT(w->id);
    p[2] = DB_INT(w->version);
    p[3] = DB_INT(scope_unit(w->c));
    p[4] = DB_INT(w->id);
    p[5] = DB_INT(w->id);
    if (db_exec(db, &sql_unit_retire, p, 6, &n) != 0)
        return -1;
    if (n == 0)
        return ORG_BUSY; /* the handler looks again to say why */
    return audit_write(w->c, "org_unit", w->id, "retire",
                       "status: active -> retired");
}

/*
 * Why a unit cannot retire now: refuses with 422 (staff, active child
 * units) or 409 (version) and returns 1; 0 when nothing stands in the
 * way; -1 on a database error.
 */
static int
retire_refusal(struct ctx *c, const struct db_rows *u, int64_t version)
{
    struct db_param p[1];
    struct db_rows r;
    int refused = 0;

    if (strcmp(db_cell(u, 0, 8), "active") != 0) {
        form_error(c, NULL, "already_retired", "the unit is already retired");
        return 1;
    }
    if (version != db_cell_int(u, 0, 9)) {
        page_conflict(c);
        return 1;
    }
    p[0] = DB_INT(db_cell_int(u, 0, 0));
    if (db_query(c->db, c->a, &sql_unit_busy, p, 1, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows > 0 && db_cell_int(&r, 0, 0) > 0) {
        form_error(c, NULL, "has_staff",
                   "the unit still has staff: move them or mark them as "
                   "left first");
        refused = 1;
    }
    if (r.n_rows > 0 && db_cell_int(&r, 0, 1) > 0) {
        form_error(c, NULL, "has_units",
                   "the unit still has active units under it: retire or "
                   "move them first");
        refused = 1;
    }
    return refused;
}

/* POST /org/units/{id}/retire */
static int
org_unit_retire(struct ctx *c)
{
    struct unit_retire w;
    struct db_rows u;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = page_id(c);
    if (w.id < 0)
        return page_not_found(c, "org_unit", w.id);
    if (fetch_unit(c, w.id, &u) != 0)
        return ctx_db_fail(c);
    if (u.n_rows == 0)
        return page_not_found(c, "org_unit", w.id);
    if (form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version) != 0)
        return unit_page(c, &u);
    rc = retire_refusal(c, &u, w.version);
    if (rc < 0)
        return ctx_db_fail(c);
    if (rc > 0)
        return unit_page(c, &u);
    w.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, unit_retire_uow, &w);
    if (rc == ORG_BUSY) {
        /* something changed in between: say what, on the current row */
        if (fetch_unit(c, w.id, &u) != 0)
            return ctx_db_fail(c);
        if (u.n_rows == 0)
            return page_not_found(c, "org_unit", w.id);
        rc = retire_refusal(c, &u, w.version);
        if (rc < 0)
            return ctx_db_fail(c);
        if (rc == 0)
            page_conflict(c);
        return unit_page(c, &u);
    }
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(c,
                        arena_printf(c->a, "/org/units/%lld", (long long)w.id));
}

/* The regions form of unit u: every region, those covered marked. */
static int
regions_form(struct ctx *c, const struct db_rows *u, const int64_t *checked,
             size_t n_checked, struct db_rows *all)
{
    xmlNodePtr f = unit_form(c, "regions", u), o;

    xd_cell(f, "version", u, 0, 9);
    if (add_region_options(c, f, 0, all) != 0)
        return ctx_db_fail(c);
    for (o = f->children; o != NULL; o = o->next) {
        xmlChar *v = xmlGetProp(o, BAD_CAST "id");
        int64_t id = v != NULL ? strtoll((const char *)v, NULL, 10) : 0;

        xmlFree(v);
        for (size_t k = 0; k < n_checked; k++)
            if (checked[k] == id) {
                xd_attr(o, "checked", "true");
                break;
            }
    }
    return 0;
}

/* The regions a unit covers now, as ids (in the arena) and a label. */
static int
covered(struct ctx *c, int64_t unit, int64_t **ids, size_t *n,
        const char **text)
{
    struct db_param p[1];
    struct db_rows r;
    struct sbuf b;

    p[0] = DB_INT(unit);
    if (db_query(c->db, c->a, &sql_unit_regions, p, 1, 0, 0, &r) != 0)
        return -1;
    *ids = arena_alloc(c->a, (r.n_rows + 1) * sizeof(int64_t));
    sbuf_init(&b, c->a, 64);
    for (size_t i = 0; i < r.n_rows; i++) {
        (*ids)[i] = db_cell_int(&r, i, 0);
        sbuf_printf(&b, "%s%s", i ? ", " : "", db_cell(&r, i, 2));
    }
    *n = r.n_rows;
    *text = b.buf;
    return 0;
}

/* GET /org/units/{id}/regions */
static int
org_unit_regions_form(struct ctx *c)
{
    int64_t id = page_id(c), *ids;
    struct db_rows u;
    size_t n;
    const char *text;

    if (id < 0)
        return page_not_found(c, "org_unit", id);
    if (fetch_unit(c, id, &u) != 0)
        return ctx_db_fail(c);
    if (u.n_rows == 0)
        return page_not_found(c, "org_unit", id);
    if (covered(c, id, &ids, &n, &text) != 0)
        return ctx_db_fail(c);
    return regions_form(c, &u, ids, n, NULL);
}

struct unit_regions {
    struct ctx *c;
    int64_t id, version;
    const int64_t *ids;
    size_t n;
    const char *before, *after;
    time_t now;
};

static int
unit_regions_uow(struct db *db, void *arg)
{
    struct unit_regions *w = arg;
    struct db_param p[4];
    struct sbuf d;
    long n = 0;

    p[0] = DB_TS(w->now);
    p[1] = DB_INT(w->id);
    p[2] = DB_INT(w->version);
    p[3] = DB_INT(scope_unit(w->c));
    if (db_exec(db, &sql_unit_touch, p, 4, &n) != 0)
        return -1;
    if (n == 0)
        return ORG_CONFLICT;
    p[0] = DB_INT(w->id);
    if (db_exec(db, &sql_unit_regions_clear, p, 1, NULL) != 0)
        return -1;
    for (size_t k = 0; k < w->n; k++) {
        p[0] = DB_INT(w->id);
        p[1] = DB_INT(w->ids[k]);
        if (db_exec(db, &sql_unit_region_add, p, 2, &n) != 0)
            return -1;
        if (n != 1)
            return ORG_GONE;
    }
    sbuf_init(&d, w->c->a, 128);
    audit_diff(&d, "regions", w->before, w->after);
    return audit_write(w->c, "org_unit", w->id, "regions", d.buf);
}

/* POST /org/units/{id}/regions */
static int
org_unit_regions(struct ctx *c)
{
    struct unit_regions w;
    struct db_rows u, all;
    int64_t *ids, *old;
    size_t n_old;
    struct sbuf after;
    char *found;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = page_id(c);
    if (w.id < 0)
        return page_not_found(c, "org_unit", w.id);
    if (fetch_unit(c, w.id, &u) != 0)
        return ctx_db_fail(c);
    if (u.n_rows == 0)
        return page_not_found(c, "org_unit", w.id);
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version);

    /* the checked boxes: ids (the parameter table made them integers),
     * each once, at most ORG_MAX_COVERED */
    ids = arena_alloc(c->a, (c->req->n_fields + 1) * sizeof(int64_t));
    for (size_t i = 0; i < c->req->n_fields; i++) {
        const struct req_field *f = &c->req->fields[i];
        int64_t v;
        size_t k;

        if (strcmp(f->name, "region") != 0 || f->value[0] == '\0')
            continue;
        v = strtoll(f->value, NULL, 10);
        for (k = 0; k < w.n && ids[k] != v; k++)
            ;
        if (k == w.n)
            ids[w.n++] = v;
    }
    if (w.n > ORG_MAX_COVERED)
        form_error(c, "region", "too_many",
                   arena_printf(c->a, "at most %d regions", ORG_MAX_COVERED));
    if (covered(c, w.id, &old, &n_old, &w.before) != 0)
        return ctx_db_fail(c);
    if (!form_ok(c))
        return regions_form(c, &u, ids, w.n, NULL);
    if (w.version != db_cell_int(&u, 0, 9)) {
        page_conflict(c);
        return regions_form(c, &u, ids, w.n, NULL);
    }
    /* every id must be a region; the audit lists their codes in the
     * regions' order (by code) */
    if (db_query(c->db, c->a, &sql_region_all, NULL, 0, 0, 0, &all) != 0)
        return ctx_db_fail(c);
    found = arena_zalloc(c->a, w.n + 1);
    sbuf_init(&after, c->a, 64);
    for (size_t i = 0; i < all.n_rows; i++)
        for (size_t k = 0; k < w.n; k++)
            if (!found[k] && ids[k] == db_cell_int(&all, i, 0)) {
                sbuf_printf(&after, "%s%s", after.len ? ", " : "",
                            db_cell(&all, i, 3));
                found[k] = 1;
            }
    for (size_t k = 0; k < w.n; k++)
        if (!found[k]) {
            form_error(c, "region", "no_such_region", "no such region");
            break;
        }
    if (!form_ok(c))
        return regions_form(c, &u, ids, w.n, NULL);
    w.ids = ids;
    w.after = after.buf;
    w.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, unit_regions_uow, &w);
    if (rc == ORG_CONFLICT || rc == ORG_GONE) {
        if (fetch_unit(c, w.id, &u) != 0)
            return ctx_db_fail(c);
        if (u.n_rows == 0)
            return page_not_found(c, "org_unit", w.id);
        if (rc == ORG_GONE)
            form_error(c, "region", "no_such_region", "no such region");
        else
            page_conflict(c);
        return regions_form(c, &u, ids, w.n, NULL);
    }
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(c,
                        arena_printf(c->a, "/org/units/%lld", (long long)w.id));
}

/* ==================================================================== */
/* Regions                                                              */
/* ==================================================================== */

/* GET /org/regions */
static int
org_regions(struct ctx *c)
{
    struct db_rows r;
    struct tree t;
    xmlNodePtr list;

    if (db_query(c->db, c->a, &sql_region_all, NULL, 0, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    tree_order(c->a, &r, 0, 1, 0, &t);
    list = ctx_data(c, "regions");
    page_can(c, list, "can-edit", "region.edit");
    for (size_t k = 0; k < t.n; k++) {
        size_t i = t.rows[k];
        xmlNodePtr n = xd_elem(list, "region");

        xd_cell(n, "id", &r, i, 0);
        xd_cell(n, "parent-id", &r, i, 1);
        xd_attr_int(n, "depth", t.depth[k]);
        xd_cell(n, "kind", &r, i, 2);
        xd_cell(n, "code", &r, i, 3);
        xd_cell(n, "name", &r, i, 4);
    }
    return 0;
}

static const char *const region_echo[] = {"parent",  "parent",  "kind", "kind",
                                          "code",    "code",    "name", "name",
                                          "version", "version", NULL};

static int
fetch_region(struct ctx *c, int64_t id, struct db_rows *r)
{
    struct db_param p[1];

    p[0] = DB_INT(id);
    return db_query(c->db, c->a, &sql_region_get, p, 1, 0, 0, r);
}

/* <region-form action=...> for region g (NULL: new), with the parent
 * choices for a new one. */
static int
region_form(struct ctx *c, const char *action, const struct db_rows *g,
            int echo, xmlNodePtr *out)
{
    xmlNodePtr f = ctx_data(c, "region-form");

    xd_attr(f, "action", action);
    if (g != NULL) {
        xd_cell(f, "id", g, 0, 0);
        xd_cell(f, "current-code", g, 0, 3);
        xd_cell(f, "current-name", g, 0, 4);
        xd_cell(f, "parent-code", g, 0, 6);
        xd_cell(f, "parent-name", g, 0, 7);
    }
    if (echo)
        page_echo(c, f, region_echo);
    if (g == NULL && add_region_options(c, f, 0, NULL) != 0)
        return ctx_db_fail(c);
    if (out != NULL)
        *out = f;
    return 0;
}

static void
region_values(xmlNodePtr n, const struct db_rows *g)
{
    xd_cell(n, "parent", g, 0, 1);
    xd_cell(n, "kind", g, 0, 2);
    xd_cell(n, "code", g, 0, 3);
    xd_cell(n, "name", g, 0, 4);
    xd_cell(n, "version", g, 0, 5);
}

/* GET /org/regions/new?parent=ID */
static int
org_region_new(struct ctx *c)
{
    xmlNodePtr f = NULL;
    int64_t parent = param_int(c->req, "parent", 0);

    if (region_form(c, "new", NULL, 0, &f) != 0)
        return -1;
    if (parent > 0)
        xd_attr_int(f, "parent", parent);
    xd_attr(f, "kind", "city");
    return 0;
}

struct region_write {
    struct ctx *c;
    int64_t id, parent, version;
    const char *kind, *code, *name;
    const char *parent_label;
    const struct db_rows *before;
};

static int
region_create_uow(struct db *db, void *arg)
{
    struct region_write *w = arg;
    struct db_param p[5];
    struct sbuf d;

    p[0] = DB_INT(w->id);
    if (w->parent > 0) {
        p[1] = DB_INT(w->parent);
        p[2] = DB_TEXT(w->kind);
        p[3] = DB_TEXT(w->code);
        p[4] = DB_TEXT(w->name);
        if (db_exec(db, &sql_region_insert, p, 5, NULL) != 0)
            return -1;
    } else {
        p[1] = DB_TEXT(w->kind);
        p[2] = DB_TEXT(w->code);
        p[3] = DB_TEXT(w->name);
        if (db_exec(db, &sql_region_insert_root, p, 4, NULL) != 0)
            return -1;
    }
    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->id);
    if (db_exec(db, &sql_rclosure_self, p, 2, NULL) != 0)
        return -1;
    if (w->parent > 0) {
        p[0] = DB_INT(w->parent);
        p[1] = DB_INT(w->id);
        if (db_exec(db, &sql_rclosure_under, p, 2, NULL) != 0)
            return -1;
    }
    sbuf_init(&d, w->c->a, 128);
    audit_diff(&d, "parent", NULL, w->parent_label);
    audit_diff(&d, "kind", NULL, w->kind);
    audit_diff(&d, "code", NULL, w->code);
    audit_diff(&d, "name", NULL, w->name);
    return audit_write(w->c, "sales_region", w->id, "create", d.buf);
}

/* POST /org/regions/new */
static int
org_region_create(struct ctx *c)
{
    struct region_write w;
    struct db_rows g;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    if (form_int(c, "parent", 0, 1, INT64_MAX, &w.parent) == 0 &&
        w.parent > 0) {
        if (fetch_region(c, w.parent, &g) != 0)
            return ctx_db_fail(c);
        if (g.n_rows == 0)
            form_error(c, "parent", "no_such_region", "no such region");
        else
            w.parent_label =
                page_label(c, db_cell(&g, 0, 3), db_cell(&g, 0, 4));
    }
    w.kind = form_enum(c, "kind", FORM_REQUIRED, region_kinds);
    w.code = form_text(c, "code", FORM_REQUIRED, 40);
    w.name = form_text(c, "name", FORM_REQUIRED, 100);
    if (check_unique(c, &sql_region_code_used, "code", w.code, 0,
                     "this code is already in use") != 0)
        return ctx_db_fail(c);
    if (!form_ok(c))
        return region_form(c, "new", NULL, 1, NULL);
    db_rollback(c->db);
    if (db_next_id(c->db, "sales_region", &w.id) != 0)
        return ctx_db_fail(c);
    rc = db_uow(c->db, region_create_uow, &w);
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "this code is already in use");
        return region_form(c, "new", NULL, 1, NULL);
    }
    return ctx_redirect(c, "/org/regions");
}

/* GET /org/regions/{id}/edit */
static int
org_region_edit(struct ctx *c)
{
    int64_t id = page_id(c);
    struct db_rows g;
    xmlNodePtr f = NULL;

    if (id < 0)
        return page_not_found(c, "sales_region", 0);
    if (fetch_region(c, id, &g) != 0)
        return ctx_db_fail(c);
    if (g.n_rows == 0)
        return page_not_found(c, "sales_region", 0);
    if (region_form(c, "edit", &g, 0, &f) != 0)
        return -1;
    region_values(f, &g);
    return 0;
}

static int
region_update_uow(struct db *db, void *arg)
{
    struct region_write *w = arg;
    const struct db_rows *b = w->before;
    struct db_param p[5];
    struct sbuf d;
    long n = 0;

    p[0] = DB_TEXT(w->kind);
    p[1] = DB_TEXT(w->code);
    p[2] = DB_TEXT(w->name);
    p[3] = DB_INT(w->id);
    p[4] = DB_INT(w->version);
    if (db_exec(db, &sql_region_update, p, 5, &n) != 0)
        return -1;
    if (n == 0)
        return ORG_CONFLICT;
    sbuf_init(&d, w->c->a, 128);
    audit_diff(&d, "kind", db_cell(b, 0, 2), w->kind);
    audit_diff(&d, "code", db_cell(b, 0, 3), w->code);
    audit_diff(&d, "name", db_cell(b, 0, 4), w->name);
    return audit_write(w->c, "sales_region", w->id, "update", d.buf);
}

/* The region form again with 409 and the current row. */
static int
region_conflict(struct ctx *c, int64_t id)
{
    struct db_rows g;
    xmlNodePtr f = NULL, k;

    db_rollback(c->db);
    if (fetch_region(c, id, &g) != 0)
        return ctx_db_fail(c);
    if (g.n_rows == 0)
        return page_not_found(c, "sales_region", 0);
    page_conflict(c);
    if (region_form(c, "edit", &g, 1, &f) != 0)
        return -1;
    xmlUnsetProp(f, BAD_CAST "version");
    xd_cell(f, "version", &g, 0, 5);
    k = xd_elem(f, "conflict");
    region_values(k, &g);
    return 0;
}

/* POST /org/regions/{id}/edit */
static int
org_region_update(struct ctx *c)
{
    struct region_write w;
    struct db_rows g;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = page_id(c);
    if (w.id < 0)
        return page_not_found(c, "sales_region", 0);
    if (fetch_region(c, w.id, &g) != 0)
        return ctx_db_fail(c);
    if (g.n_rows == 0)
        return page_not_found(c, "sales_region", 0);
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version);
    w.kind = form_enum(c, "kind", FORM_REQUIRED, region_kinds);
    w.code = form_text(c, "code", FORM_REQUIRED, 40);
    w.name = form_text(c, "name", FORM_REQUIRED, 100);
    if (check_unique(c, &sql_region_code_used, "code", w.code, w.id,
                     "this code is already in use") != 0)
        return ctx_db_fail(c);
    if (!form_ok(c))
        return region_form(c, "edit", &g, 1, NULL);
    if (w.version != db_cell_int(&g, 0, 5))
        return region_conflict(c, w.id);
    w.before = &g;
    db_rollback(c->db);
    rc = db_uow(c->db, region_update_uow, &w);
    if (rc == ORG_CONFLICT)
        return region_conflict(c, w.id);
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "this code is already in use");
        return region_form(c, "edit", &g, 1, NULL);
    }
    return ctx_redirect(c, "/org/regions");
}

/* ==================================================================== */
/* Staff                                                                */
/* ==================================================================== */

static const struct db_sql *
staff_statement(const char *sort, int desc)
{
    static const struct db_sql *const table[][2] = {
        {&sql_staff_name_asc, &sql_staff_name_desc},
        {&sql_staff_emp_asc, &sql_staff_emp_desc},
        {&sql_staff_unit_asc, &sql_staff_unit_desc},
        {&sql_staff_hire_asc, &sql_staff_hire_desc},
    };

    for (int i = 0; staff_sorts[i] != NULL; i++)
        if (strcmp(staff_sorts[i], sort) == 0)
            return table[i][desc];
    return table[0][desc];
}

/* GET /staff */
static int
staff_list(struct ctx *c)
{
    const char *q = param_text(c->req, "q");
    const char *status = param_text(c->req, "status");
    const char *sort = param_text(c->req, "sort");
    const char *dir = param_text(c->req, "dir");
    int64_t unit = param_int(c->req, "unit", 0);
    int64_t page = param_int(c->req, "page", 1);
    int desc = dir != NULL && strcmp(dir, "desc") == 0;
    struct db_param p[STAFF_N_WHERE];
    struct db_rows rows, count;
    xmlNodePtr list, filters;
    int64_t total, pages;
    const char *like;

    if (sort == NULL)
        sort = "name";
    like = q != NULL ? text_like(c->a, q, 1, 1) : NULL;
    p[0] = DB_INT(scope_unit(c));
    p[1] = DB_TEXT(q);
    p[2] = DB_TEXT(like);
    p[3] = DB_TEXT(like);
    p[4] = DB_TEXT(like);
    /* the NULL test may see a NULL; the comparisons always get an
     * integer (a NULL bound as text would not compare with a BIGINT) */
    p[5] = unit > 0 ? DB_INT(unit) : DB_NULLP;
    p[6] = DB_INT(unit > 0 ? unit : 0);
    p[7] = DB_INT(scope_unit(c));
    p[8] = DB_TEXT(status);
    p[9] = DB_TEXT(status);
    if (db_query(c->db, c->a, &sql_staff_count, p, STAFF_N_WHERE, 0, 0,
                 &count) != 0)
        return ctx_db_fail(c);
    total = db_cell_int(&count, 0, 0);
    pages = (total + ORG_STAFF_PAGE - 1) / ORG_STAFF_PAGE;
    if (page > pages && pages > 0)
        page = pages;
    if (db_query(c->db, c->a, staff_statement(sort, desc), p, STAFF_N_WHERE,
                 ORG_STAFF_PAGE, (long)((page - 1) * ORG_STAFF_PAGE),
                 &rows) != 0)
        return ctx_db_fail(c);

    list = ctx_data(c, "staff-list");
    xd_attr(list, "q", q != NULL ? q : "");
    if (unit > 0)
        xd_attr_int(list, "unit", unit);
    xd_attr(list, "status", status);
    xd_attr(list, "sort", sort);
    xd_attr(list, "dir", desc ? "desc" : "asc");
    xd_attr_int(list, "page", page);
    xd_attr_int(list, "pages", pages);
    xd_attr_int(list, "total", total);
    xd_attr_int(list, "per-page", ORG_STAFF_PAGE);
    xd_attr_int(list, "first",
                rows.n_rows ? (page - 1) * ORG_STAFF_PAGE + 1 : 0);
    xd_attr_int(list, "last",
                (page - 1) * ORG_STAFF_PAGE + (int64_t)rows.n_rows);
    page_can(c, list, "can-edit", "staff.edit");
    filters = xd_elem(list, "units");
    if (add_unit_options(c, filters, 0) != 0)
        return ctx_db_fail(c);
    for (size_t i = 0; i < rows.n_rows; i++) {
        xmlNodePtr n = xd_elem(list, "member");

        /* column 6 (hire_on) is a date: written apart, in ISO form */
        xd_row(n, &rows, i, staff_cols, XD_N(staff_cols));
        xd_attr(n, "hire-on", text_iso_date(c->a, db_cell(&rows, i, 6)));
    }
    return 0;
}

/* GET /staff/{id} */
static int
staff_show(struct ctx *c)
{
    int64_t id = page_id(c);
    struct db_rows r;
    xmlNodePtr n;

    if (id < 0)
        return page_not_found(c, "staff", id);
    if (fetch_staff(c, id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "staff", id);
    n = ctx_data(c, "staff");
    xd_cell(n, "id", &r, 0, 0);
    xd_cell(n, "unit-id", &r, 0, 1);
    xd_cell(n, "unit-code", &r, 0, 2);
    xd_cell(n, "unit-name", &r, 0, 3);
    xd_cell(n, "emp-no", &r, 0, 4);
    xd_cell(n, "name", &r, 0, 5);
    xd_cell(n, "position", &r, 0, 6);
    xd_cell(n, "phone", &r, 0, 7);
    xd_cell(n, "email", &r, 0, 8);
    xd_attr(n, "hire-on", text_iso_date(c->a, db_cell(&r, 0, 9)));
    xd_cell(n, "status", &r, 0, 10);
    xd_cell(n, "version", &r, 0, 12);
    xd_attr(n, "created-at", text_iso_ts(c->a, db_cell(&r, 0, 13)));
    xd_attr(n, "updated-at", text_iso_ts(c->a, db_cell(&r, 0, 14)));
    xd_cell(n, "login", &r, 0, 15);
    page_can(c, n, "can-edit", "staff.edit");
    if (page_history(c, n, "staff", id, ORG_HISTORY) != 0)
        return ctx_db_fail(c);
    return 0;
}

static const char *const staff_echo[] = {
    "unit",     "unit",   "emp_no",  "emp-no",  "name",  "name",    "position",
    "position", "phone",  "phone",   "email",   "email", "hire_on", "hire-on",
    "status",   "status", "version", "version", NULL};

/* The current values of a staff row (row 0 of s) as attributes of n. */
static void
staff_values(struct ctx *c, xmlNodePtr n, const struct db_rows *s)
{
    xd_cell(n, "unit", s, 0, 1);
    xd_cell(n, "emp-no", s, 0, 4);
    xd_cell(n, "name", s, 0, 5);
    xd_cell(n, "position", s, 0, 6);
    xd_cell(n, "phone", s, 0, 7);
    xd_cell(n, "email", s, 0, 8);
    xd_attr(n, "hire-on", text_iso_date(c->a, db_cell(s, 0, 9)));
    xd_cell(n, "status", s, 0, 10);
    xd_cell(n, "version", s, 0, 12);
}

/* <staff-form action=...> for staff row s (NULL: new), with the units. */
static int
staff_form(struct ctx *c, const char *action, const struct db_rows *s, int echo,
           xmlNodePtr *out)
{
    xmlNodePtr f = ctx_data(c, "staff-form");

    xd_attr(f, "action", action);
    if (s != NULL) {
        xd_cell(f, "id", s, 0, 0);
        xd_cell(f, "current-name", s, 0, 5);
        xd_cell(f, "current-emp-no", s, 0, 4);
    }
    if (echo)
        page_echo(c, f, staff_echo);
    if (add_unit_options(c, f, 0) != 0)
        return ctx_db_fail(c);
    if (out != NULL)
        *out = f;
    return 0;
}

/* GET /staff/new?unit=ID */
static int
staff_new(struct ctx *c)
{
    xmlNodePtr f = NULL;
    int64_t unit = param_int(c->req, "unit", 0);

    if (staff_form(c, "new", NULL, 0, &f) != 0)
        return -1;
    if (unit > 0)
        xd_attr_int(f, "unit", unit);
    xd_attr(f, "status", "active");
    return 0;
}

struct staff_input {
    int64_t unit;
    const char *unit_label;
    const char *emp_no, *name, *position, *phone, *email, *hire_on, *status;
};

/* Read and check the staff form; the unit must be in the scope (keep:
 * the member's unit now, 0 for a new one).  0 or -1. */
static int
read_staff_input(struct ctx *c, int64_t keep, struct staff_input *in)
{
    const char *ucode = NULL, *uname = NULL;
    int rc = pick_unit(c, "unit", keep, &in->unit, &ucode, &uname);

    if (rc < 0)
        return -1;
    in->unit_label = page_label(c, ucode, uname);
    in->emp_no = form_text(c, "emp_no", FORM_REQUIRED, 20);
    in->name = form_text(c, "name", FORM_REQUIRED, 60);
    in->position = form_text(c, "position", 0, 60);
    in->phone = form_text(c, "phone", 0, 40);
    in->email = form_text(c, "email", 0, 120);
    if (in->email != NULL && !text_email_ok(in->email)) {
        form_error(c, "email", "bad_email",
                   "an e-mail address such as "
                   "name@example.com");
        in->email = NULL;
    }
    in->hire_on = form_date(c, "hire_on", 0);
    in->status = form_enum(c, "status", FORM_REQUIRED, staff_statuses);
    return 0;
}

struct staff_write {
    struct ctx *c;
    int64_t id, version;
    struct staff_input in;
    const struct db_rows *before;
    time_t now;
};

static void
staff_audit_all(struct sbuf *d, const struct staff_input *in)
{
    audit_diff(d, "unit", NULL, in->unit_label);
    audit_diff(d, "emp_no", NULL, in->emp_no);
    audit_diff(d, "name", NULL, in->name);
    audit_diff(d, "position", NULL, in->position);
    audit_diff(d, "phone", NULL, in->phone);
    audit_diff(d, "email", NULL, in->email);
    audit_diff(d, "hire_on", NULL, in->hire_on);
    audit_diff(d, "status", NULL, in->status);
}

static int
staff_create_uow(struct db *db, void *arg)
{
    struct staff_write *w = arg;
    struct db_param p[11];
    struct sbuf d;

    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->in.unit);
    p[2] = DB_TEXT(w->in.emp_no);
    p[3] = DB_TEXT(w->in.name);
    p[4] = DB_TEXT(w->in.position);
    p[5] = DB_TEXT(w->in.phone);
    p[6] = DB_TEXT(w->in.email);
    p[7] = DB_TEXT(w->in.hire_on);
    p[8] = DB_TEXT(w->in.status);
    p[9] = DB_TS(w->now);
    p[10] = DB_TS(w->now);
    if (db_exec(db, &sql_staff_insert, p, 11, NULL) != 0)
        return -1;
    sbuf_init(&d, w->c->a, 256);
    staff_audit_all(&d, &w->in);
    return audit_write(w->c, "staff", w->id, "create", d.buf);
}

/* POST /staff/new */
static int
staff_create(struct ctx *c)
{
    struct staff_write w;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    if (read_staff_input(c, 0, &w.in) != 0)
        return ctx_db_fail(c);
    if (check_unique(c, &sql_staff_emp_used, "emp_no", w.in.emp_no, 0,
                     "this employee number is already in use") != 0)
        return ctx_db_fail(c);
    if (!form_ok(c))
        return staff_form(c, "new", NULL, 1, NULL);
    db_rollback(c->db);
    if (db_next_id(c->db, "staff", &w.id) != 0)
        return ctx_db_fail(c);
    w.now = clock_now();
    rc = db_uow(c->db, staff_create_uow, &w);
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "emp_no", "code_taken",
                   "this employee number is already in use");
        return staff_form(c, "new", NULL, 1, NULL);
    }
    return ctx_redirect(c, arena_printf(c->a, "/staff/%lld", (long long)w.id));
}

/* GET /staff/{id}/edit */
static int
staff_edit(struct ctx *c)
{
    int64_t id = page_id(c);
    struct db_rows s;
    xmlNodePtr f = NULL;

    if (id < 0)
        return page_not_found(c, "staff", id);
    if (fetch_staff(c, id, &s) != 0)
        return ctx_db_fail(c);
    if (s.n_rows == 0)
        return page_not_found(c, "staff", id);
    if (staff_form(c, "edit", &s, 0, &f) != 0)
        return -1;
    staff_values(c, f, &s);
    return 0;
}

static int
staff_update_uow(struct db *db, void *arg)
{
    struct staff_write *w = arg;
    struct ctx *c = w->c;
    const struct db_rows *b = w->before;
    struct db_param p[12];
    struct sbuf d;
    long n = 0;

    p[0] = DB_INT(w->in.unit);
    p[1] = DB_TEXT(w->in.emp_no);
    p[2] = DB_TEXT(w->in.name);
    p[3] = DB_TEXT(w->in.position);
    p[4] = DB_TEXT(w->in.phone);
    p[5] = DB_TEXT(w->in.email);
    p[6] = DB_TEXT(w->in.hire_on);
    p[7] = DB_TEXT(w->in.status);
    p[8] = DB_TS(w->now);
    p[9] = DB_INT(w->id);
    p[10] = DB_INT(w->version);
    p[11] = DB_INT(scope_unit(c));
    if (db_exec(db, &sql_staff_update, p, 12, &n) != 0)
        return -1;
    if (n == 0)
        return ORG_CONFLICT;
    sbuf_init(&d, c->a, 256);
    audit_diff(&d, "unit", page_label(c, db_cell(b, 0, 2), db_cell(b, 0, 3)),
               w->in.unit_label);
    audit_diff(&d, "emp_no", db_cell(b, 0, 4), w->in.emp_no);
    audit_diff(&d, "name", db_cell(b, 0, 5), w->in.name);
    audit_diff(&d, "position", db_cell(b, 0, 6), w->in.position);
    audit_diff(&d, "phone", db_cell(b, 0, 7), w->in.phone);
    audit_diff(&d, "email", db_cell(b, 0, 8), w->in.email);
    audit_diff(&d, "hire_on", text_iso_date(c->a, db_cell(b, 0, 9)),
               w->in.hire_on);
    audit_diff(&d, "status", db_cell(b, 0, 10), w->in.status);
    return audit_write(c, "staff", w->id, "update", d.buf);
}

/* The staff form again with 409 and the current row. */
static int
staff_conflict(struct ctx *c, int64_t id)
{
    struct db_rows s;
    xmlNodePtr f = NULL, k;

    db_rollback(c->db);
    if (fetch_staff(c, id, &s) != 0)
        return ctx_db_fail(c);
    if (s.n_rows == 0)
        return page_not_found(c, "staff", id);
    page_conflict(c);
    if (staff_form(c, "edit", &s, 1, &f) != 0)
        return -1;
    xmlUnsetProp(f, BAD_CAST "version");
    xd_cell(f, "version", &s, 0, 12);
    k = xd_elem(f, "conflict");
    staff_values(c, k, &s);
    return 0;
}

/* POST /staff/{id}/edit */
static int
staff_update(struct ctx *c)
{
    struct staff_write w;
    struct db_rows s;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = page_id(c);
    if (w.id < 0)
        return page_not_found(c, "staff", w.id);
    if (fetch_staff(c, w.id, &s) != 0)
        return ctx_db_fail(c);
    if (s.n_rows == 0)
        return page_not_found(c, "staff", w.id);
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version);
    if (read_staff_input(c, db_cell_int(&s, 0, 1), &w.in) != 0)
        return ctx_db_fail(c);
    if (check_unique(c, &sql_staff_emp_used, "emp_no", w.in.emp_no, w.id,
                     "this employee number is already in use") != 0)
        return ctx_db_fail(c);
    if (!form_ok(c))
        return staff_form(c, "edit", &s, 1, NULL);
    if (w.version != db_cell_int(&s, 0, 12))
        return staff_conflict(c, w.id);
    w.before = &s;
    w.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, staff_update_uow, &w);
    if (rc == ORG_CONFLICT)
        return staff_conflict(c, w.id);
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "emp_no", "code_taken",
                   "this employee number is already in use");
        return staff_form(c, "edit", &s, 1, NULL);
    }
    return ctx_redirect(c, arena_printf(c->a, "/staff/%lld", (long long)w.id));
}

/* ==================================================================== */
/* Routes                                                               */
/* ==================================================================== */

#define F_TEXT(n) P_FIELD(n, ORG_FIELD_MAX)

static const struct param_spec pick_parent_params[] = {
    {"parent", P_INT, 1, INT64_MAX, NULL, 0},
    P_END,
};
static const struct param_spec unit_form_params[] = {
    F_TEXT("parent"), F_TEXT("kind"),    F_TEXT("code"),
    F_TEXT("name"),   F_TEXT("func"),    F_TEXT("address"),
    F_TEXT("phone"),  F_TEXT("version"), P_END,
};
static const struct param_spec move_params[] = {
    F_TEXT("parent"),
    F_TEXT("version"),
    P_END,
};
static const struct param_spec version_params[] = {
    F_TEXT("version"),
    P_END,
};
static const struct param_spec unit_regions_params[] = {
    {"region", P_INT, 1, INT64_MAX, NULL, P_LIST},
    F_TEXT("version"),
    P_END,
};
static const struct param_spec region_form_params[] = {
    F_TEXT("parent"), F_TEXT("kind"),    F_TEXT("code"),
    F_TEXT("name"),   F_TEXT("version"), P_END,
};
static const struct param_spec staff_list_params[] = {
    P_SEARCH,
    {"unit", P_INT, 1, INT64_MAX, NULL, 0},
    {"status", P_ENUM, 0, 0, staff_statuses, 0},
    P_SORT(staff_sorts),
    P_DIR(dirs),
    P_PAGE,
    P_END,
};
static const struct param_spec pick_unit_params[] = {
    {"unit", P_INT, 1, INT64_MAX, NULL, 0},
    P_END,
};
static const struct param_spec staff_form_params[] = {
    F_TEXT("unit"),    F_TEXT("emp_no"),
    F_TEXT("name"),    F_TEXT("position"),
    F_TEXT("phone"),   F_TEXT("email"),
    F_TEXT("hire_on"), F_TEXT("status"),
    F_TEXT("version"), P_END,
};

/* "new" comes before "{id}" with the same method: the first match wins. */
/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/org",                       "org.tree",          "org.view",    "org.xsl", org_tree,              NULL,                0},
    {REQ_GET,  "/org/units/new",             "org.unit_new",      "org.edit",    "org.xsl", org_unit_new,          pick_parent_params,  0},
    {REQ_POST, "/org/units/new",             "org.unit_create",   "org.edit",    "org.xsl", org_unit_create,       unit_form_params,    0},
    {REQ_GET,  "/org/units/{id}",            "org.unit_show",     "org.view",    "org.xsl", org_unit_show,         NULL,                0},
    {REQ_GET,  "/org/units/{id}/edit",       "org.unit_edit",     "org.edit",    "org.xsl", org_unit_edit,         NULL,                0},
    {REQ_POST, "/org/units/{id}/edit",       "org.unit_update",   "org.edit",    "org.xsl", org_unit_update,       unit_form_params,    0},
    {REQ_GET,  "/org/units/{id}/move",       "org.unit_move_form","org.edit",    "org.xsl", org_unit_move_form,    NULL,                0},
    {REQ_POST, "/org/units/{id}/move",       "org.unit_move",     "org.edit",    "org.xsl", org_unit_move,         move_params,         0},
    {REQ_POST, "/org/units/{id}/retire",     "org.unit_retire",   "org.edit",    "org.xsl", org_unit_retire,       version_params,      0},
    {REQ_GET,  "/org/units/{id}/regions",    "org.unit_regions_form", "org.edit", "org.xsl", org_unit_regions_form, NULL,              0},
    {REQ_POST, "/org/units/{id}/regions",    "org.unit_regions",  "org.edit",    "org.xsl", org_unit_regions,      unit_regions_params, 0},
    {REQ_GET,  "/org/regions",               "org.regions",       "region.view", "org.xsl", org_regions,           NULL,                0},
    {REQ_GET,  "/org/regions/new",           "org.region_new",    "region.edit", "org.xsl", org_region_new,        pick_parent_params,  0},
    {REQ_POST, "/org/regions/new",           "org.region_create", "region.edit", "org.xsl", org_region_create,     region_form_params,  0},
    {REQ_GET,  "/org/regions/{id}/edit",     "org.region_edit",   "region.edit", "org.xsl", org_region_edit,       NULL,                0},
    {REQ_POST, "/org/regions/{id}/edit",     "org.region_update", "region.edit", "org.xsl", org_region_update,     region_form_params,  0},
    {REQ_GET,  "/staff",                     "staff.list",        "staff.view",  "org.xsl", staff_list,            staff_list_params,   0},
    {REQ_GET,  "/staff/new",                 "staff.new",         "staff.edit",  "org.xsl", staff_new,             pick_unit_params,    0},
    {REQ_POST, "/staff/new",                 "staff.create",      "staff.edit",  "org.xsl", staff_create,          staff_form_params,   0},
    {REQ_GET,  "/staff/{id}",                "staff.show",        "staff.view",  "org.xsl", staff_show,            NULL,                0},
    {REQ_GET,  "/staff/{id}/edit",           "staff.edit",        "staff.edit",  "org.xsl", staff_edit,            NULL,                0},
    {REQ_POST, "/staff/{id}/edit",           "staff.update",      "staff.edit",  "org.xsl", staff_update,          staff_form_params,   0},
};
/* clang-format on */

const struct module org_module = {"org", routes,
                                  sizeof(routes) / sizeof(routes[0])};
