/*
 * form.c - the party forms and their saves: new (POST creates a party
 * in status 'applied' with its account and closure rows), edit (by row
 * version) and move (the subtree under another parent, party_closure
 * rewritten).  See party_int.h.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "party_int.h"

#include "../orgpick.h"
#include "../party.h"

#include "../../core/audit.h"
#include "../../core/auth.h"
#include "../../core/clock.h"
#include "../../core/ctx.h"
#include "../../core/form.h"
#include "../../core/page.h"
#include "../../core/scope.h"
#include "../../core/text.h"
#include "../../core/xd.h"
#include "../../db/db.h"

const char *const party_kinds[] = {"agent", "dealer", "customer", NULL};

/* A parent, target of a move: an agent or dealer not retired/rejected. */
#define PARENT_OK                                                              \
    " kind IN ('agent', 'dealer')"                                             \
    " AND status NOT IN ('retired', 'rejected')"

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
int
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

    if (orgpick_form_unit(c, "unit", keep_unit, &in->unit, &in->unit_label) <
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
    p[5] = party_opt_id(w->parent);
    p[6] = DB_INT(in->unit);
    p[7] = party_opt_id(in->region);
    p[8] = party_opt_id(in->rep);
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
int
party_create(struct ctx *c)
{
    struct party_write w;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    if (read_party_input(c, 0, &w.in) != 0 ||
        pick_parent(c, &w.parent, &w.parent_label) != 0 ||
        party_check_unique(c, &sql_party_code_used, "code", w.in.code, 0) != 0)
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
int
party_edit(struct ctx *c)
{
    int64_t id = page_id(c);
    struct db_rows r;
    xmlNodePtr f = NULL;

    if (id < 0)
        return page_not_found(c, "party", id);
    if (party_fetch(c, id, &r) != 0)
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
    p[5] = party_opt_id(in->region);
    p[6] = party_opt_id(in->rep);
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
    if (party_fetch(c, id, &r) != 0)
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
int
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
    if (party_fetch(c, w.id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "party", w.id);
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version);
    if (read_party_input(c, db_cell_int(&r, 0, PC_UNIT), &w.in) != 0 ||
        party_check_unique(c, &sql_party_code_used, "code", w.in.code, w.id) !=
            0)
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
int
party_move_form(struct ctx *c)
{
    int64_t id = page_id(c);
    struct db_rows r;
    xmlNodePtr f = NULL;

    if (id < 0)
        return page_not_found(c, "party", id);
    if (party_fetch(c, id, &r) != 0)
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

    p[0] = party_opt_id(w->parent);
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
int
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
    if (party_fetch(c, w.id, &r) != 0)
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
