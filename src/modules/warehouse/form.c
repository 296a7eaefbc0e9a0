/*
 * form.c - new and edit of a warehouse: the form and its choices, the
 * checks of the owner (unit or agent), the region and the code, the
 * INSERT and the guarded UPDATE with their audit records, the form again
 * on a conflict (409).  See warehouse_int.h.
 */
#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include "warehouse_int.h"

#include "../orgpick.h"
#include "../party.h"

#include "../../core/audit.h"
#include "../../core/auth.h"
#include "../../core/clock.h"
#include "../../core/ctx.h"
#include "../../core/form.h"
#include "../../core/page.h"
#include "../../core/xd.h"

/* The kinds of warehouse (the form's and the list filter's choices). */
const char *const wh_kinds[] = {"central", "branch", "agent", "consignment",
                                NULL};

/* ---- choices and checks ---------------------------------------------- */

/* The agents that may own a warehouse: approved, in the scope. */
DB_STATEMENT(sql_agent_options, 0,
             "SELECT pa.id, pa.code, pa.name"
             " FROM party pa"
             " WHERE pa.kind = 'agent' AND pa.status = 'approved'"
             " AND " SCOPE_OF_PA " ORDER BY pa.code");
DB_STATEMENT(sql_wh_code_used, 0,
             "SELECT w.id FROM warehouse w WHERE w.code = ? AND w.id <> ?");

/* ---- writes ---------------------------------------------------------- */

DB_STATEMENT(sql_wh_insert, 0,
             "INSERT INTO warehouse (id, code, name, kind, unit_id, party_id,"
             " region_id, address, contact, phone, status, closed_through,"
             " move_seq, note, created_at, updated_at, version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', NULL, 0, ?, ?,"
             " ?, 1)");

/* The fields, then id, version, scope (2), and the rule on code and kind:
 * unchanged (code, kind) or nothing moved yet (id three times). */
DB_STATEMENT(sql_wh_update, 0,
             "UPDATE warehouse SET code = ?, name = ?, kind = ?, unit_id = ?,"
             " party_id = ?, region_id = ?, address = ?, contact = ?,"
             " phone = ?, note = ?, updated_at = ?, version = version + 1"
             " WHERE id = ? AND version = ? AND " SCOPE_OF_ID
             " AND ((code = ? AND kind = ?)"
             " OR (NOT EXISTS (SELECT 1 FROM stock_move m"
             " WHERE m.warehouse_id = ?)"
             " AND NOT EXISTS (SELECT 1 FROM stock_doc d"
             " WHERE d.warehouse_id = ? OR d.dest_id = ?)))");

/* ==================================================================== */
/* Create and edit                                                      */
/* ==================================================================== */

static const char *const wh_echo[] = {
    "code",    "code",    "name",    "name",    "kind",   "kind",
    "unit",    "unit",    "party",   "party",   "region", "region",
    "address", "address", "contact", "contact", "phone",  "phone",
    "note",    "note",    "version", "version", NULL};

/* The stored values of a warehouse (row 0 of r) as form attributes. */
static void
wh_values(xmlNodePtr n, const struct db_rows *r)
{
    static const struct wh_cell t[] = {
        {"code", WC_CODE},        {"name", WC_NAME},
        {"kind", WC_KIND},        {"unit", WC_UNIT},
        {"party", WC_PARTY_CODE}, {"region", WC_REGION},
        {"address", WC_ADDRESS},  {"contact", WC_CONTACT},
        {"phone", WC_PHONE},      {"note", WC_NOTE},
        {"version", WC_VERSION}};

    wh_cells(n, r, t, XD_N(t));
}

/* A new <warehouse-form action="new|edit"> for warehouse r (NULL: a new
 * one) with the form's choices; echo: what was typed.  0 or -1. */
static int
wh_form(struct ctx *c, const char *action, const struct db_rows *r, int echo,
        xmlNodePtr *out)
{
    static const char *const agent_cols[] = {"id", "code", "name"};
    xmlNodePtr f = ctx_data(c, "warehouse-form");
    struct db_param p[2] = {DB_INT(scope_unit(c)), DB_INT(scope_party(c))};

    xd_attr(f, "action", action);
    if (r != NULL) {
        static const struct wh_cell t[] = {{"id", WC_ID},
                                           {"current-code", WC_CODE},
                                           {"current-name", WC_NAME}};

        wh_cells(f, r, t, XD_N(t));
        if (db_cell_int(r, 0, WC_USED))
            xd_attr(f, "fixed", "true");
    }
    if (echo)
        page_echo(c, f, wh_echo);
    if (orgpick_unit_options(c, f) != 0 || orgpick_region_options(c, f) != 0 ||
        wh_add_options(c, f, &sql_agent_options, p, 2, "agent-option",
                       agent_cols, XD_N(agent_cols)) != 0)
        return ctx_db_fail(c);
    if (out != NULL)
        *out = f;
    return 0;
}

/* GET /warehouses/new */
int
wh_new(struct ctx *c)
{
    xmlNodePtr f = NULL;

    if (wh_form(c, "new", NULL, 0, &f) != 0)
        return -1;
    xd_attr(f, "kind", "branch");
    if (c->user != NULL && c->user->unit_id > 0)
        xd_attr_int(f, "unit", c->user->unit_id);
    return 0;
}

/* The fields of the form, checked. */
struct wh_input {
    const char *code, *name, *kind, *address, *contact, *phone, *note;
    int64_t unit, party, region;
    const char *unit_label, *party_label, *region_label;
};

/* A code: letters, digits, '-', '_' and '.' (it stands in lines typed
 * as "CODE QTY" and in file names). */
static int
code_ok(const char *s)
{
    for (; *s != '\0'; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
              (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.'))
            return 0;
    return 1;
}

/* The owner party (kinds agent and consignment): an approved agent of the
 * scope; its servicing unit becomes the unit.  0 (fine or refused), -1. */
static int
read_owner(struct ctx *c, struct wh_input *in)
{
    const char *code = form_text(c, "party", FORM_REQUIRED, 40);
    struct party_brief b;
    int rc;

    if (code == NULL)
        return 0;
    rc = party_get_by_code(c, code, &b);
    if (rc < 0)
        return -1;
    if (rc > 0)
        form_error(c, "party", "no_such_party", "no such party");
    else if (strcmp(b.kind, "agent") != 0)
        form_error(c, "party", "not_an_agent",
                   "the owner of an agent or consignment warehouse must be "
                   "an agent");
    else if (strcmp(b.status, "approved") != 0)
        form_error(c, "party", "party_not_approved",
                   "the agent is not approved");
    else {
        in->party = b.id;
        in->party_label = page_label(c, b.code, b.name);
        in->unit = b.unit_id;
        in->unit_label = page_label(c, b.unit_code, b.unit_name);
    }
    return 0;
}

/* The owner unit (kinds central and branch): a unit of the scope, active
 * unless it is keep_unit (the warehouse's unit now).  0 or -1. */
static int
read_unit(struct ctx *c, int64_t keep_unit, struct wh_input *in)
{
    if (param_text(c->req, "party") != NULL)
        form_error(c, "party", "party_not_allowed",
                   "only agent and consignment warehouses have an owner "
                   "party");
    return orgpick_form_unit(c, "unit", keep_unit, &in->unit, &in->unit_label) <
                   0
               ? -1
               : 0;
}

/*
 * Read and check the form: the kind decides between an owner party and an
 * owner unit; the region must exist; the code must be free (own: this
 * warehouse's id, 0 when new).  Every problem is a form_error (422).
 * 0, or -1 on a database error.
 */
static int
read_wh_input(struct ctx *c, int64_t own, int64_t keep_unit,
              struct wh_input *in)
{
    struct db_param p[2];
    struct db_rows r;

    memset(in, 0, sizeof(*in));
    in->code = form_text(c, "code", FORM_REQUIRED, 20);
    if (in->code != NULL && !code_ok(in->code)) {
        form_error(c, "code", "bad_code",
                   "letters, digits, '-', '_' and '.' only");
        in->code = NULL;
    }
    in->name = form_text(c, "name", FORM_REQUIRED, 100);
    in->kind = form_enum(c, "kind", FORM_REQUIRED, wh_kinds);
    in->address = form_text(c, "address", FORM_MULTILINE, 200);
    in->contact = form_text(c, "contact", 0, 60);
    in->phone = form_text(c, "phone", 0, 40);
    in->note = form_text(c, "note", FORM_MULTILINE, 200);
    if (in->kind != NULL && (strcmp(in->kind, "agent") == 0 ||
                             strcmp(in->kind, "consignment") == 0)) {
        if (read_owner(c, in) != 0)
            return -1;
    } else if (in->kind != NULL && read_unit(c, keep_unit, in) != 0) {
        return -1;
    }
    if (orgpick_form_region(c, "region", &in->region, &in->region_label) != 0)
        return -1;
    if (in->code != NULL) {
        p[0] = DB_TEXT(in->code);
        p[1] = DB_INT(own);
        if (db_query(c->db, c->a, &sql_wh_code_used, p, 2, 0, 0, &r) != 0)
            return -1;
        if (r.n_rows > 0)
            form_error(c, "code", "code_taken", "code taken");
    }
    return 0;
}

struct wh_write {
    struct ctx *c;
    int64_t id, version;
    struct wh_input in;
    const struct db_rows *before;
    time_t now;
};

/* Bind an optional reference: NULL for 0. */
static struct db_param
opt_id(int64_t v)
{
    return v > 0 ? DB_INT(v) : DB_NULLP;
}

/* The field changes of a write as an audit detail ("field: a -> b; "):
 * from row b (NULL: a new warehouse) to the input. */
static const char *
wh_diff(struct ctx *c, const struct db_rows *b, const struct wh_input *in)
{
    struct sbuf d;

#define BEFORE(col) (b != NULL ? db_cell(b, 0, (col)) : NULL)
#define LABEL(code, name)                                                      \
    (b != NULL ? page_label(c, db_cell(b, 0, (code)), db_cell(b, 0, (name)))   \
               : NULL)
    sbuf_init(&d, c->a, 256);
    audit_diff(&d, "code", BEFORE(WC_CODE), in->code);
    audit_diff(&d, "name", BEFORE(WC_NAME), in->name);
    audit_diff(&d, "kind", BEFORE(WC_KIND), in->kind);
    audit_diff(&d, "unit", LABEL(WC_UNIT_CODE, WC_UNIT_NAME), in->unit_label);
    audit_diff(&d, "party", LABEL(WC_PARTY_CODE, WC_PARTY_NAME),
               in->party_label);
    audit_diff(&d, "region", LABEL(WC_REGION_CODE, WC_REGION_NAME),
               in->region_label);
    audit_diff(&d, "address", BEFORE(WC_ADDRESS), in->address);
    audit_diff(&d, "contact", BEFORE(WC_CONTACT), in->contact);
    audit_diff(&d, "phone", BEFORE(WC_PHONE), in->phone);
    audit_diff(&d, "note", BEFORE(WC_NOTE), in->note);
#undef BEFORE
#undef LABEL
    return d.buf;
}

static int
wh_create_uow(struct db *db, void *arg)
{
    struct wh_write *w = arg;
    const struct wh_input *in = &w->in;
    struct db_param p[13];

    p[0] = DB_INT(w->id);
    p[1] = DB_TEXT(in->code);
    p[2] = DB_TEXT(in->name);
    p[3] = DB_TEXT(in->kind);
    p[4] = DB_INT(in->unit);
    p[5] = opt_id(in->party);
    p[6] = opt_id(in->region);
    p[7] = DB_TEXT(in->address);
    p[8] = DB_TEXT(in->contact);
    p[9] = DB_TEXT(in->phone);
    p[10] = DB_TEXT(in->note);
    p[11] = DB_TS(w->now);
    p[12] = DB_TS(w->now);
    if (db_exec(db, &sql_wh_insert, p, 13, NULL) != 0)
        return -1;
    return audit_write(
        w->c, "warehouse", w->id, "create",
        arena_printf(w->c->a, "%sstatus: active", wh_diff(w->c, NULL, in)));
}

/* POST /warehouses/new */
int
wh_create(struct ctx *c)
{
    struct wh_write w = {.c = c};
    int rc;

    if (read_wh_input(c, 0, 0, &w.in) != 0)
        return ctx_db_fail(c);
    if (!form_ok(c))
        return wh_form(c, "new", NULL, 1, NULL);
    db_rollback(c->db);
    if (db_next_id(c->db, "warehouse", &w.id) != 0)
        return ctx_db_fail(c);
    w.now = clock_now();
    rc = db_uow(c->db, wh_create_uow, &w);
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "code taken");
        return wh_form(c, "new", NULL, 1, NULL);
    }
    return ctx_redirect(
        c, arena_printf(c->a, "/warehouses/%" PRId64 "?done=created", w.id));
}

/* GET /warehouses/{id}/edit */
int
wh_edit(struct ctx *c)
{
    struct db_rows r;
    xmlNodePtr f = NULL;

    if (wh_find(c, &r) != 0)
        return -1;
    if (wh_form(c, "edit", &r, 0, &f) != 0)
        return -1;
    wh_values(f, &r);
    return 0;
}

static int
wh_update_uow(struct db *db, void *arg)
{
    struct wh_write *w = arg;
    struct ctx *c = w->c;
    const struct wh_input *in = &w->in;
    const struct db_rows *b = w->before;
    struct db_param p[20];
    long n = 0;

    p[0] = DB_TEXT(in->code);
    p[1] = DB_TEXT(in->name);
    p[2] = DB_TEXT(in->kind);
    p[3] = DB_INT(in->unit);
    p[4] = opt_id(in->party);
    p[5] = opt_id(in->region);
    p[6] = DB_TEXT(in->address);
    p[7] = DB_TEXT(in->contact);
    p[8] = DB_TEXT(in->phone);
    p[9] = DB_TEXT(in->note);
    p[10] = DB_TS(w->now);
    p[11] = DB_INT(w->id);
    p[12] = DB_INT(w->version);
    p[13] = DB_INT(scope_unit(c));
    p[14] = DB_INT(scope_party(c));
    p[15] = DB_TEXT(in->code);
    p[16] = DB_TEXT(in->kind);
    p[17] = DB_INT(w->id);
    p[18] = DB_INT(w->id);
    p[19] = DB_INT(w->id);
    if (db_exec(db, &sql_wh_update, p, 20, &n) != 0)
        return -1;
    if (n == 0)
        return WH_CONFLICT; /* the handler looks again to say why */
    return audit_write(c, "warehouse", w->id, "update", wh_diff(c, b, in));
}

/* The form again with status 409: yours as typed, the current row in
 * <conflict>, and the current version in the form so that a second save
 * is a deliberate overwrite. */
static int
wh_conflict(struct ctx *c, int64_t id)
{
    struct db_rows r;
    xmlNodePtr f = NULL;

    db_rollback(c->db);
    if (wh_find_id(c, id, &r) != 0)
        return -1;
    page_conflict(c);
    if (wh_form(c, "edit", &r, 1, &f) != 0)
        return -1;
    xmlUnsetProp(f, BAD_CAST "version");
    xd_cell(f, "version", &r, 0, WC_VERSION);
    wh_values(xd_elem(f, "conflict"), &r);
    return 0;
}

/* Refuse a change of code or kind of a warehouse that has moved stock. */
static void
refuse_fixed(struct ctx *c, const struct db_rows *r, const struct wh_input *in)
{
    if (in->code != NULL && strcmp(in->code, db_cell(r, 0, WC_CODE)) != 0)
        form_error(c, "code", "code_fixed",
                   "the code cannot change once the warehouse has stock "
                   "moves or documents");
    if (in->kind != NULL && strcmp(in->kind, db_cell(r, 0, WC_KIND)) != 0)
        form_error(c, "kind", "kind_fixed",
                   "the kind cannot change once the warehouse has stock "
                   "moves or documents");
}

/* POST /warehouses/{id}/edit */
int
wh_update(struct ctx *c)
{
    struct wh_write w = {.c = c};
    struct db_rows r;
    int rc;

    if (wh_post_target(c, &r, &w.id, &w.version) != 0)
        return -1;
    if (read_wh_input(c, w.id, db_cell_int(&r, 0, WC_UNIT), &w.in) != 0)
        return ctx_db_fail(c);
    if (db_cell_int(&r, 0, WC_USED))
        refuse_fixed(c, &r, &w.in);
    if (!form_ok(c))
        return wh_form(c, "edit", &r, 1, NULL);
    if (w.version != db_cell_int(&r, 0, WC_VERSION))
        return wh_conflict(c, w.id);
    w.before = &r;
    w.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, wh_update_uow, &w);
    if (rc == WH_CONFLICT) {
        /* a version moved on, or a first move fixed the code meanwhile */
        if (wh_find_id(c, w.id, &r) != 0)
            return -1;
        if (w.version != db_cell_int(&r, 0, WC_VERSION))
            return wh_conflict(c, w.id);
        refuse_fixed(c, &r, &w.in);
        if (form_ok(c))
            return wh_conflict(c, w.id);
        return wh_form(c, "edit", &r, 1, NULL);
    }
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "code taken");
        return wh_form(c, "edit", &r, 1, NULL);
    }
    return ctx_redirect(
        c, arena_printf(c->a, "/warehouses/%" PRId64 "?done=saved", w.id));
}
