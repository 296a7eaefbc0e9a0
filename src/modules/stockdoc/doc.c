/*
 * doc.c - what the pages of stockdoc share: the kinds and their reasons,
 * small helpers (the scope's parameters, amounts, the user, the damage
 * threshold), the warehouses and a document in the scope with its lines.
 * See stockdoc_int.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stockdoc_int.h"

#include "../stocklines.h"

#include "../../core/arena.h"
#include "../../core/auth.h"
#include "../../core/ctx.h"
#include "../../core/money.h"
#include "../../core/page.h"
#include "../../core/scope.h"
#include "../../core/settings.h"
#include "../../core/text.h"
#include "../../core/xd.h"
#include "../../db/db.h"

/* ==================================================================== */
/* Kinds, reasons, statuses                                             */
/* ==================================================================== */

static const char *const receipt_reasons[] = {"purchase", "production", "other",
                                              NULL};
static const char *const issue_reasons[] = {"sale", "sample", "internal",
                                            "other", NULL};
static const char *const damage_reasons[] = {"broken", "expired", "lost",
                                             "other", NULL};

static const struct kind_def kind_defs[] = {
    {"receipt", "RK", receipt_reasons, 0},
    {"issue", "CK", issue_reasons, 0},
    {"damage", "BS", damage_reasons, STOCK_LINES_PRICE},
    {"return", "TH", NULL, 0},
    {"transfer", "DB", NULL, 0},
};

/* The definition of one of my kinds, or NULL (count, sellthru). */
const struct kind_def *
sd_kind_def(const char *kind)
{
    for (size_t i = 0; kind != NULL && i < XD_N(kind_defs); i++)
        if (strcmp(kind_defs[i].kind, kind) == 0)
            return &kind_defs[i];
    return NULL;
}

/* ==================================================================== */
/* SQL                                                                  */
/* ==================================================================== */

/* Warehouses: by id or code (-1 / NULL for the other), in the scope or
 * any; the choices of the forms. */
#define WH_COLS "SELECT w.id, w.code, w.name, w.kind, w.status FROM warehouse w"
DB_STATEMENT(sql_wh_scoped, 0,
             WH_COLS " WHERE (w.id = ? OR w.code = ?) AND " SCOPE_W);
DB_STATEMENT(sql_wh_any, 0, WH_COLS " WHERE w.id = ? OR w.code = ?");
DB_STATEMENT(sql_wh_choices, 0, WH_COLS " WHERE " SCOPE_W " ORDER BY w.code");
DB_STATEMENT(sql_wh_active, 0,
             WH_COLS " WHERE w.status = 'active' ORDER BY w.code");

/* One document, with whether its warehouse (in_a) and destination (in_b)
 * are in the scope.  Parameters: scope (2), scope (2), id, scope (2),
 * scope (2). */
DB_STATEMENT(
    sql_doc_get, 0,
    "SELECT d.id, d.doc_no, d.kind, d.status, d.doc_on, d.warehouse_id,"
    " w.code, w.name, d.dest_id, dw.code, dw.name, d.party_id, pt.code,"
    " pt.name, d.reason, d.ref_no, d.note, d.amount, d.created_at, cu.login,"
    " d.posted_at, pu.login, d.received_at, ru.login, d.version,"
    " CASE WHEN " SCOPE_W " THEN 1 ELSE 0 END,"
    " CASE WHEN " SCOPE_DW " THEN 1 ELSE 0 END"
    " FROM stock_doc d"
    " JOIN warehouse w ON w.id = d.warehouse_id"
    " LEFT JOIN warehouse dw ON dw.id = d.dest_id"
    " LEFT JOIN party pt ON pt.id = d.party_id"
    " LEFT JOIN qd_user cu ON cu.id = d.created_by"
    " LEFT JOIN qd_user pu ON pu.id = d.posted_by"
    " LEFT JOIN qd_user ru ON ru.id = d.received_by"
    " WHERE d.id = ? AND (" SCOPE_W " OR " SCOPE_DW ")");

DB_STATEMENT(sql_lines, 0,
             "SELECT l.line_no, l.product_id, p.code, p.name, p.unit, l.qty,"
             " l.qty_done, l.price, l.cond, l.reason, l.note"
             " FROM stock_doc_line l"
             " JOIN product p ON p.id = l.product_id"
             " WHERE l.doc_id = ?"
             " ORDER BY l.line_no");

/* ==================================================================== */
/* Small helpers                                                        */
/* ==================================================================== */

/* The scope's two parameters (scope_unit, scope_party), n_pairs times,
 * into p: the SCOPE_PARTY_SQL of each warehouse a statement looks at. */
void
sd_scope_params(struct ctx *c, struct db_param *p, int n_pairs)
{
    for (int i = 0; i < n_pairs; i++) {
        p[2 * i] = DB_INT(scope_unit(c));
        p[2 * i + 1] = DB_INT(scope_party(c));
    }
}

/* An amount as a plain decimal (CSV, audit), in the arena. */
const char *
sd_plain(struct ctx *c, int64_t fen)
{
    char buf[MONEY_BUFSZ];

    return arena_strdup(c->a, money_format(fen, 0, buf, sizeof(buf)));
}

int64_t
sd_user_id(const struct ctx *c)
{
    return c->user != NULL ? c->user->id : 0;
}

/* The approval threshold of damage in fen (setting stock.damage_approval;
 * 0 or unset: never). */
int64_t
sd_damage_threshold(void)
{
    const char *v = settings_get("stock.damage_approval");
    char *end;
    long long n;

    if (v == NULL || *v == '\0')
        return 0;
    n = strtoll(v, &end, 10);
    return *end == '\0' && n > 0 ? (int64_t)n : 0;
}

/* ==================================================================== */
/* Warehouses and documents in the scope                                */
/* ==================================================================== */

/* Warehouse `id` (or `code` when id <= 0), in the user's scope (scoped)
 * or any.  0 found (*r has it), 1 not found, -1 database failure. */
int
sd_wh_find(struct ctx *c, int scoped, int64_t id, const char *code,
           struct db_rows *r)
{
    struct db_param p[4];

    p[0] = DB_INT(id > 0 ? id : -1);
    p[1] = DB_TEXT(id > 0 ? NULL : code);
    sd_scope_params(c, p + 2, 1);
    if (db_query(c->db, c->a, scoped ? &sql_wh_scoped : &sql_wh_any, p,
                 scoped ? 4 : 2, 0, 0, r) != 0)
        return -1;
    return r->n_rows > 0 ? 0 : 1;
}

/* Warehouse rows of a statement as <elem id code name kind status/>. */
int
sd_wh_options(struct ctx *c, xmlNodePtr parent, const char *elem, int scoped)
{
    static const char *const names[] = {"id", "code", "name", "kind", "status"};
    struct db_param p[2];
    struct db_rows r;

    sd_scope_params(c, p, 1);
    if (db_query(c->db, c->a, scoped ? &sql_wh_choices : &sql_wh_active, p,
                 scoped ? 2 : 0, 0, 0, &r) != 0)
        return -1;
    xd_rows(parent, elem, &r, names, XD_N(names));
    return 0;
}

/* Find document id in the scope: 0, or -1 answered (404 or 500). */
int
sd_doc_find(struct ctx *c, int64_t id, struct doc *d)
{
    struct db_param p[9];

    memset(d, 0, sizeof(*d));
    if (id <= 0)
        return page_not_found(c, "stock_doc", id);
    sd_scope_params(c, p, 2);
    p[4] = DB_INT(id);
    sd_scope_params(c, p + 5, 2);
    if (db_query(c->db, c->a, &sql_doc_get, p, 9, 0, 0, &d->r) != 0)
        return ctx_db_fail(c);
    if (d->r.n_rows == 0)
        return page_not_found(c, "stock_doc", id);
    d->id = id;
    d->wh = db_cell_int(&d->r, 0, D_WH);
    d->dest = db_cell_int(&d->r, 0, D_DEST);
    d->version = db_cell_int(&d->r, 0, D_VERSION);
    d->kind = db_cell(&d->r, 0, D_KIND);
    d->status = db_cell(&d->r, 0, D_STATUS);
    d->doc_on = text_iso_date(c->a, db_cell(&d->r, 0, D_ON));
    d->doc_no = db_cell(&d->r, 0, D_NO);
    d->in_a = db_cell_int(&d->r, 0, D_IN_A) == 1;
    d->in_b = db_cell_int(&d->r, 0, D_IN_B) == 1;
    return 0;
}

/* The lines of document id in line order into *out (arena); their
 * number, or -1. */
int
sd_lines_load(struct ctx *c, int64_t id, struct doc_line **out)
{
    struct db_param p[1] = {DB_INT(id)};
    struct db_rows r;
    struct doc_line *l;

    if (db_query(c->db, c->a, &sql_lines, p, 1, 0, 0, &r) != 0)
        return -1;
    l = arena_zalloc(c->a, (r.n_rows + 1) * sizeof(*l));
    for (size_t i = 0; i < r.n_rows; i++) {
        l[i].line_no = (int)db_cell_int(&r, i, 0);
        l[i].product_id = db_cell_int(&r, i, 1);
        l[i].code = db_cell(&r, i, 2);
        l[i].name = db_cell(&r, i, 3);
        l[i].unit = db_cell(&r, i, 4);
        l[i].qty = db_cell_int(&r, i, 5);
        l[i].qty_done = db_cell(&r, i, 6) ? db_cell_int(&r, i, 6) : -1;
        l[i].price = db_cell(&r, i, 7) ? db_cell_int(&r, i, 7) : -1;
        l[i].cond = db_cell(&r, i, 8);
        l[i].reason = db_cell(&r, i, 9);
        l[i].note = db_cell(&r, i, 10);
    }
    *out = l;
    return (int)r.n_rows;
}
