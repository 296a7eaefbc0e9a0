/*
 * act.c - the state changes of one party: its status (suspend,
 * reactivate, retire: POST /parties/{id}/status) and its grade (POST
 * /parties/{id}/grade, with the grade history).  See party_int.h.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "party_int.h"

#include "../../core/audit.h"
#include "../../core/auth.h"
#include "../../core/clock.h"
#include "../../core/ctx.h"
#include "../../core/form.h"
#include "../../core/page.h"
#include "../../core/scope.h"
#include "../../db/db.h"

static const char *const status_actions[] = {"suspend", "reactivate", "retire",
                                             NULL};

/* What keeps a party from retiring: children not retired, balances. */
DB_STATEMENT(sql_party_busy, 0,
             "SELECT (SELECT COUNT(*) FROM party ch"
             " WHERE ch.parent_id = ? AND ch.status <> 'retired'),"
             " (SELECT COUNT(*) FROM party_account a"
             " WHERE a.party_id = ?"
             " AND (a.receivable <> 0 OR a.prepayment <> 0))");

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
int
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
    if (party_fetch(c, w.id, &r) != 0)
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
        if (party_fetch(c, w.id, &r) != 0)
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

    p[0] = party_opt_id(w->grade);
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
    p[2] = party_opt_id(w->grade);
    p[3] = party_opt_id(w->prev);
    p[4] = DB_TS(w->now);
    p[5] = party_opt_id(c->user != NULL ? c->user->id : 0);
    p[6] = DB_TEXT(w->note);
    if (db_exec(db, &sql_grade_history_add, p, 7, NULL) != 0)
        return -1;
    sbuf_init(&d, c->a, 128);
    audit_diff(&d, "grade", w->from, w->to);
    audit_diff(&d, "note", NULL, w->note);
    return audit_write(c, "party", w->id, "grade", d.buf);
}

/* POST /parties/{id}/grade */
int
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
    if (party_fetch(c, w.id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "party", w.id);
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version);
    w.note = form_text(c, "note", 0, 200);
    if (form_int(c, "grade", 0, 1, INT64_MAX, &w.grade) == 0 && w.grade > 0) {
        if (party_fetch_grade(c, w.grade, &g) != 0)
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
        if (party_fetch(c, w.id, &r) != 0)
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
