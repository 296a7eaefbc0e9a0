/*
 * move.c - a unit's place in the tree: the move of its subtree under
 * another parent (the closure rows rewritten in the same unit of work)
 * and its retirement (no staff, no active child units).  See org_int.h.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "org_int.h"

#include "../../core/audit.h"
#include "../../core/clock.h"
#include "../../core/form.h"
#include "../../core/page.h"

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

/* ==================================================================== */
/* Units: move, retire                                                  */
/* ==================================================================== */

/* GET /org/units/{id}/move */
int
org_unit_move_form(struct ctx *c)
{
    int64_t id = page_id(c);
    struct db_rows u;
    xmlNodePtr f;

    if (id < 0)
        return page_not_found(c, "org_unit", id);
    if (org_fetch_unit(c, id, &u) != 0)
        return ctx_db_fail(c);
    if (u.n_rows == 0)
        return page_not_found(c, "org_unit", id);
    f = org_unit_form(c, "move", &u);
    org_unit_values(f, &u);
    /* a unit cannot go under itself: its subtree is not offered */
    if (org_add_unit_options(c, f, id) != 0)
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
    return org_unit_form_again(c, "move", u, id, NULL);
}

/* POST /org/units/{id}/move */
int
org_unit_move(struct ctx *c)
{
    struct unit_move w;
    struct db_rows u, r;
    struct db_param p[2];
    const char *plabel = NULL;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = page_id(c);
    if (w.id < 0)
        return page_not_found(c, "org_unit", w.id);
    if (org_fetch_unit(c, w.id, &u) != 0)
        return ctx_db_fail(c);
    if (u.n_rows == 0)
        return page_not_found(c, "org_unit", w.id);
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version);
    rc = orgpick_form_unit(c, "parent", 0, &w.parent, &plabel);
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
        return org_unit_conflict(c, "move", w.id);
    if (db_cell(&u, 0, 1) != NULL && db_cell_int(&u, 0, 1) == w.parent)
        return ctx_redirect(
            c, arena_printf(c->a, "/org/units/%lld", (long long)w.id));
    w.from = page_label(c, db_cell(&u, 0, 12), db_cell(&u, 0, 13));
    w.to = plabel;
    w.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, unit_move_uow, &w);
    switch (rc) {
    case 0: break;
    case ORG_CONFLICT: return org_unit_conflict(c, "move", w.id);
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
int
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
    if (org_fetch_unit(c, w.id, &u) != 0)
        return ctx_db_fail(c);
    if (u.n_rows == 0)
        return page_not_found(c, "org_unit", w.id);
    if (form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version) != 0)
        return org_unit_page(c, &u);
    rc = retire_refusal(c, &u, w.version);
    if (rc < 0)
        return ctx_db_fail(c);
    if (rc > 0)
        return org_unit_page(c, &u);
    w.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, unit_retire_uow, &w);
    if (rc == ORG_BUSY) {
        /* something changed in between: say what, on the current row */
        if (org_fetch_unit(c, w.id, &u) != 0)
            return ctx_db_fail(c);
        if (u.n_rows == 0)
            return page_not_found(c, "org_unit", w.id);
        rc = retire_refusal(c, &u, w.version);
        if (rc < 0)
            return ctx_db_fail(c);
        if (rc == 0)
            page_conflict(c);
        return org_unit_page(c, &u);
    }
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(c,
                        arena_printf(c->a, "/org/units/%lld", (long long)w.id));
}
