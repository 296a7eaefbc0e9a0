/*
 * form.c - new, edit and retire: the product form, the checks of what it
 * says (and the rules of products.h: the EAN-13 check, the status edges)
 * and the writes of a product with its search terms and the audit.  See
 * products_int.h.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "products_int.h"

#include "../products.h"

#include "../../core/arena.h"
#include "../../core/audit.h"
#include "../../core/clock.h"
#include "../../core/ctx.h"
#include "../../core/form.h"
#include "../../core/money.h"
#include "../../core/page.h"
#include "../../core/pinyin.h"
#include "../../core/text.h"
#include "../../core/xd.h"
#include "../../db/db.h"

/* The category tree in pre-order is built in C from this. */
DB_STATEMENT(sql_categories, 0,
             "SELECT c.id, c.parent_id, c.code, c.name"
             " FROM category c"
             " ORDER BY c.sort_order, c.code");
DB_STATEMENT(sql_category_pick, 0,
             "SELECT c.id, c.code, c.name FROM category c WHERE c.id = ?");

DB_STATEMENT(sql_code_used, 0,
             "SELECT p.id FROM product p WHERE p.code = ? AND p.id <> ?");

DB_STATEMENT(sql_insert, 0,
             "INSERT INTO product (id, code, name, spec, unit, pack_qty,"
             " barcode, brand, category_id, status, list_price, launch_on,"
             " search_key, description, created_at, updated_at, version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)");

/*
 * The status edges an edit may take (SECURITY.md class 9), with the new
 * status three times: stay, new -> active, anything -> discontinued (as
 * retire).  Nothing leaves discontinued, nothing goes back to new.
 */
#define STATUS_EDGE                                                            \
    "(status = ? OR (? = 'active' AND status = 'new')"                         \
    " OR ? = 'discontinued')"

/* Everything but the list price (the price module's). */
DB_STATEMENT(sql_update, 0,
             "UPDATE product SET code = ?, name = ?, spec = ?, unit = ?,"
             " pack_qty = ?, barcode = ?, brand = ?, category_id = ?,"
             " status = ?, launch_on = ?, search_key = ?, description = ?,"
             " updated_at = ?, version = version + 1"
             " WHERE id = ? AND version = ? AND " STATUS_EDGE);

/* Retire: one edge, from new or active. */
DB_STATEMENT(sql_retire, 0,
             "UPDATE product SET status = 'discontinued', updated_at = ?,"
             " version = version + 1"
             " WHERE id = ? AND version = ? AND status IN ('new', 'active')");

/* ==================================================================== */
/* Create and edit                                                      */
/* ==================================================================== */

static const char *const product_statuses[] = {"new", "active", "discontinued",
                                               NULL};

static const char *const product_echo[] = {
    "code",        "code",       "name",        "name",        "spec",
    "spec",        "unit",       "unit",        "pack_qty",    "pack-qty",
    "barcode",     "barcode",    "brand",       "brand",       "category",
    "category-id", "status",     "status",      "launch_on",   "launch-on",
    "list_price",  "list-price", "description", "description", "version",
    "version",     NULL};

/* The category tree as <category id parent-id depth code name/> in
 * pre-order under parent (categories are few: read whole, ordered here). */
static int
add_categories(struct ctx *c, xmlNodePtr parent)
{
    struct db_rows r;
    size_t *stack, *order, n_order = 0, top = 0;
    int *depth, *done;

    if (db_query(c->db, c->a, &sql_categories, NULL, 0, 0, 0, &r) != 0)
        return -1;
    stack = arena_alloc(c->a, (r.n_rows + 1) * sizeof(*stack));
    order = arena_alloc(c->a, (r.n_rows + 1) * sizeof(*order));
    depth = arena_alloc(c->a, (r.n_rows + 1) * sizeof(*depth));
    done = arena_alloc(c->a, (r.n_rows + 1) * sizeof(*done));
    memset(done, 0, (r.n_rows + 1) * sizeof(*done));
    /* roots (and orphans) in sort order, each followed by its subtree */
    for (size_t i = r.n_rows; i-- > 0;) {
        if (db_cell(&r, i, 1) == NULL) {
            stack[top] = i;
            depth[i] = 0;
            top++;
        }
    }
    while (top > 0) {
        size_t i = stack[--top];

        if (done[i])
            continue;
        done[i] = 1;
        order[n_order++] = i;
        for (size_t k = r.n_rows; k-- > 0;) {
            if (!done[k] && db_cell(&r, k, 1) != NULL &&
                strcmp(db_cell(&r, k, 1), db_cell(&r, i, 0)) == 0 &&
                top < r.n_rows) {
                depth[k] = depth[i] + 1;
                stack[top++] = k;
            }
        }
    }
    for (size_t i = 0; i < r.n_rows; i++) /* a cycle's rows: at the end */
        if (!done[i]) {
            depth[i] = 0;
            order[n_order++] = i;
        }
    for (size_t k = 0; k < n_order; k++) {
        size_t i = order[k];
        xmlNodePtr e = xd_elem(parent, "category");

        xd_attr(e, "id", db_cell(&r, i, 0));
        xd_attr_int(e, "depth", depth[i]);
        xd_attr(e, "code", db_cell(&r, i, 2));
        xd_attr(e, "name", db_cell(&r, i, 3));
    }
    return 0;
}

/* A new <product-form action="new|edit"> (r: the product, or NULL). */
static int
product_form(struct ctx *c, const char *action, const struct db_rows *r,
             int echo, xmlNodePtr *out)
{
    xmlNodePtr f = ctx_data(c, "product-form");

    xd_attr(f, "action", action);
    if (r != NULL) {
        xd_cell(f, "id", r, 0, G_ID);
        xd_cell(f, "current-code", r, 0, G_CODE);
        xd_cell(f, "current-name", r, 0, G_NAME);
        xd_attr_money(f, "current-price", db_cell_int(r, 0, G_PRICE));
    }
    if (echo)
        page_echo(c, f, product_echo);
    if (add_categories(c, xd_elem(f, "categories")) != 0)
        return ctx_db_fail(c);
    if (out != NULL)
        *out = f;
    return 0;
}

/* GET /products/new */
int
pd_new(struct ctx *c)
{
    xmlNodePtr f = NULL;

    if (product_form(c, "new", NULL, 0, &f) != 0)
        return -1;
    xd_attr(f, "status", "new");
    xd_attr(f, "pack-qty", "1");
    return 0;
}

int
product_ean13_ok(const char *s)
{
    int sum = 0;

    if (strlen(s) != 13)
        return 0;
    for (int i = 0; i < 13; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    for (int i = 0; i < 12; i++)
        sum += (s[i] - '0') * (i % 2 == 0 ? 1 : 3);
    return (10 - sum % 10) % 10 == s[12] - '0';
}

/* The fields of the product form, checked. */
struct product_input {
    const char *code, *name, *spec, *unit, *barcode, *brand, *status;
    const char *launch_on, *description, *category_label;
    int64_t pack_qty, category, list_price;
};

/* Read and check the form (with_price: the list price too, on create).
 * 0, or -1 on a database error. */
static int
read_product_input(struct ctx *c, int with_price, struct product_input *in)
{
    struct db_param p[1];
    struct db_rows r;

    memset(in, 0, sizeof(*in));
    in->code = form_text(c, "code", FORM_REQUIRED, 40);
    in->name = form_text(c, "name", FORM_REQUIRED, 200);
    in->spec = form_text(c, "spec", 0, 200);
    in->unit = form_text(c, "unit", FORM_REQUIRED, 20);
    in->pack_qty = 1;
    form_int(c, "pack_qty", FORM_REQUIRED, 1, 1000000, &in->pack_qty);
    in->barcode = form_text(c, "barcode", 0, 20);
    if (in->barcode != NULL && !product_ean13_ok(in->barcode)) {
        form_error(c, "barcode", "bad_barcode",
                   "an EAN-13 barcode: 13 digits with a valid check digit");
        in->barcode = NULL;
    }
    in->brand = form_text(c, "brand", 0, 60);
    in->status = form_enum(c, "status", FORM_REQUIRED, product_statuses);
    in->launch_on = form_date(c, "launch_on", 0);
    in->description = form_text(c, "description", FORM_MULTILINE, 2000);
    if (with_price && form_money(c, "list_price", 0, &in->list_price) == 0 &&
        in->list_price < 0) {
        form_error(c, "list_price", "negative", "not below zero");
        in->list_price = 0;
    }
    if (form_int(c, "category", 0, 1, INT64_MAX, &in->category) == 0 &&
        in->category > 0) {
        p[0] = DB_INT(in->category);
        if (db_query(c->db, c->a, &sql_category_pick, p, 1, 0, 0, &r) != 0)
            return -1;
        if (r.n_rows == 0) {
            form_error(c, "category", "no_such_category", "no such category");
            in->category = 0;
        } else {
            in->category_label =
                page_label(c, db_cell(&r, 0, 1), db_cell(&r, 0, 2));
        }
    } else {
        in->category = 0;
    }
    return 0;
}

/* Refuse a code another product has. 0 or -1. */
static int
check_code(struct ctx *c, const char *code, int64_t own)
{
    struct db_param p[2];
    struct db_rows r;

    if (code == NULL)
        return 0;
    p[0] = DB_TEXT(code);
    p[1] = DB_INT(own);
    if (db_query(c->db, c->a, &sql_code_used, p, 2, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows > 0)
        form_error(c, "code", "code_taken", "code taken");
    return 0;
}

struct product_write {
    struct ctx *c;
    int64_t id, version;
    struct product_input in;
    const struct db_rows *before;
    time_t now;
};

static struct db_param
opt_id(int64_t v)
{
    return v > 0 ? DB_INT(v) : DB_NULLP;
}

static const char *
int_text(struct ctx *c, int64_t v)
{
    return arena_printf(c->a, "%lld", (long long)v);
}

static const char *
money_text(struct ctx *c, int64_t fen)
{
    char buf[MONEY_BUFSZ];

    return arena_strdup(c->a, money_format(fen, 0, buf, sizeof(buf)));
}

/* The search key of the form's values (core/pinyin.h). */
static const char *
input_key(struct ctx *c, const struct product_input *in)
{
    return pinyin_search_key(c->a, in->code, in->name, in->spec, in->brand,
                             in->barcode);
}

static int
product_create_uow(struct db *db, void *arg)
{
    struct product_write *w = arg;
    struct ctx *c = w->c;
    const struct product_input *in = &w->in;
    struct db_param p[16];
    struct product_key key;
    struct sbuf d;

    p[0] = DB_INT(w->id);
    p[1] = DB_TEXT(in->code);
    p[2] = DB_TEXT(in->name);
    p[3] = DB_TEXT(in->spec);
    p[4] = DB_TEXT(in->unit);
    p[5] = DB_INT(in->pack_qty);
    p[6] = DB_TEXT(in->barcode);
    p[7] = DB_TEXT(in->brand);
    p[8] = opt_id(in->category);
    p[9] = DB_TEXT(in->status);
    p[10] = DB_INT(in->list_price);
    p[11] = DB_TEXT(in->launch_on);
    p[12] = DB_TEXT(input_key(c, in));
    p[13] = DB_TEXT(in->description);
    p[14] = DB_TS(w->now);
    p[15] = DB_TS(w->now);
    key = (struct product_key){w->id, in->code, p[12].s, NULL, NULL};
    if (db_exec(db, &sql_insert, p, 16, NULL) != 0 ||
        product_terms_write(db, c->a, &key, 1) != 0)
        return -1;
    sbuf_init(&d, c->a, 256);
    audit_diff(&d, "code", NULL, in->code);
    audit_diff(&d, "name", NULL, in->name);
    audit_diff(&d, "spec", NULL, in->spec);
    audit_diff(&d, "unit", NULL, in->unit);
    audit_diff(&d, "pack_qty", NULL, int_text(c, in->pack_qty));
    audit_diff(&d, "barcode", NULL, in->barcode);
    audit_diff(&d, "brand", NULL, in->brand);
    audit_diff(&d, "category", NULL, in->category_label);
    audit_diff(&d, "status", NULL, in->status);
    audit_diff(&d, "list_price", NULL, money_text(c, in->list_price));
    audit_diff(&d, "launch_on", NULL, in->launch_on);
    audit_diff(&d, "description", NULL, in->description);
    return audit_write(c, "product", w->id, "create", d.buf);
}

/* POST /products/new */
int
pd_create(struct ctx *c)
{
    struct product_write w;

    memset(&w, 0, sizeof(w));
    w.c = c;
    if (read_product_input(c, 1, &w.in) != 0 ||
        check_code(c, w.in.code, 0) != 0)
        return ctx_db_fail(c);
    if (!form_ok(c))
        return product_form(c, "new", NULL, 1, NULL);
    db_rollback(c->db);
    if (db_next_id(c->db, "product", &w.id) != 0)
        return ctx_db_fail(c);
    w.now = clock_now();
    if (db_uow(c->db, product_create_uow, &w) != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "code taken");
        return product_form(c, "new", NULL, 1, NULL);
    }
    return ctx_redirect(c,
                        arena_printf(c->a, "/products/%lld", (long long)w.id));
}

int
product_status_edge_ok(const char *from, const char *to)
{
    return strcmp(from, to) == 0 ||
           (strcmp(to, "active") == 0 && strcmp(from, "new") == 0) ||
           strcmp(to, "discontinued") == 0;
}

/* GET /products/{id}/edit */
int
pd_edit(struct ctx *c)
{
    int64_t id = page_id(c);
    struct db_rows r;
    xmlNodePtr f = NULL;

    if (id < 0)
        return page_not_found(c, "product", id);
    if (pd_fetch(c, id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "product", id);
    if (product_form(c, "edit", &r, 0, &f) != 0)
        return -1;
    pd_values(c, f, &r, 0);
    if (db_cell(&r, 0, G_DESCRIPTION) != NULL)
        xd_attr(f, "description", db_cell(&r, 0, G_DESCRIPTION));
    return 0;
}

static int
product_update_uow(struct db *db, void *arg)
{
    struct product_write *w = arg;
    struct ctx *c = w->c;
    const struct product_input *in = &w->in;
    const struct db_rows *b = w->before;
    struct db_param p[18];
    struct product_key key;
    struct sbuf d;
    long n = 0;

    p[0] = DB_TEXT(in->code);
    p[1] = DB_TEXT(in->name);
    p[2] = DB_TEXT(in->spec);
    p[3] = DB_TEXT(in->unit);
    p[4] = DB_INT(in->pack_qty);
    p[5] = DB_TEXT(in->barcode);
    p[6] = DB_TEXT(in->brand);
    p[7] = opt_id(in->category);
    p[8] = DB_TEXT(in->status);
    p[9] = DB_TEXT(in->launch_on);
    p[10] = DB_TEXT(input_key(c, in));
    p[11] = DB_TEXT(in->description);
    p[12] = DB_TS(w->now);
    p[13] = DB_INT(w->id);
    p[14] = DB_INT(w->version);
    p[15] = DB_TEXT(in->status);
    p[16] = DB_TEXT(in->status);
    p[17] = DB_TEXT(in->status);
    if (db_exec(db, &sql_update, p, 18, &n) != 0)
        return -1;
    if (n == 0)
        return PRODUCT_CONFLICT;
    key = (struct product_key){w->id, in->code, p[10].s, db_cell(b, 0, G_CODE),
                               db_cell(b, 0, G_KEY)};
    if (product_terms_write(db, c->a, &key, 1) != 0)
        return -1;
    sbuf_init(&d, c->a, 256);
    audit_diff(&d, "code", db_cell(b, 0, G_CODE), in->code);
    audit_diff(&d, "name", db_cell(b, 0, G_NAME), in->name);
    audit_diff(&d, "spec", db_cell(b, 0, G_SPEC), in->spec);
    audit_diff(&d, "unit", db_cell(b, 0, G_UNIT), in->unit);
    audit_diff(&d, "pack_qty", db_cell(b, 0, G_PACK),
               int_text(c, in->pack_qty));
    audit_diff(&d, "barcode", db_cell(b, 0, G_BARCODE), in->barcode);
    audit_diff(&d, "brand", db_cell(b, 0, G_BRAND), in->brand);
    audit_diff(&d, "category",
               db_cell(b, 0, G_CAT_CODE) != NULL
                   ? page_label(c, db_cell(b, 0, G_CAT_CODE),
                                db_cell(b, 0, G_CAT_NAME))
                   : NULL,
               in->category_label);
    audit_diff(&d, "status", db_cell(b, 0, G_STATUS), in->status);
    audit_diff(&d, "launch_on", text_iso_date(c->a, db_cell(b, 0, G_LAUNCH)),
               in->launch_on);
    audit_diff(&d, "description", db_cell(b, 0, G_DESCRIPTION),
               in->description);
    return audit_write(c, "product", w->id, "update", d.buf);
}

/* The edit form again with 409: yours as typed, the stored row in
 * <conflict>, and its version in the form (a second save overwrites). */
static int
product_conflict(struct ctx *c, int64_t id)
{
    struct db_rows r;
    xmlNodePtr f = NULL, k;

    db_rollback(c->db);
    if (pd_fetch(c, id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "product", id);
    page_conflict(c);
    if (product_form(c, "edit", &r, 1, &f) != 0)
        return -1;
    xmlUnsetProp(f, BAD_CAST "version");
    xd_cell(f, "version", &r, 0, G_VERSION);
    k = xd_elem(f, "conflict");
    pd_values(c, k, &r, 1);
    if (db_cell(&r, 0, G_DESCRIPTION) != NULL)
        xd_attr(k, "description", db_cell(&r, 0, G_DESCRIPTION));
    return 0;
}

/* POST /products/{id}/edit */
int
pd_update(struct ctx *c)
{
    struct product_write w;
    struct db_rows r;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = page_id(c);
    if (w.id < 0)
        return page_not_found(c, "product", w.id);
    if (pd_fetch(c, w.id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "product", w.id);
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version);
    if (read_product_input(c, 0, &w.in) != 0 ||
        check_code(c, w.in.code, w.id) != 0)
        return ctx_db_fail(c);
    if (w.in.status != NULL &&
        !product_status_edge_ok(db_cell(&r, 0, G_STATUS), w.in.status))
        form_error(c, "status", "bad_status_change",
                   "a discontinued product stays so; an active one cannot "
                   "be new again");
    if (!form_ok(c))
        return product_form(c, "edit", &r, 1, NULL);
    if (w.version != db_cell_int(&r, 0, G_VERSION))
        return product_conflict(c, w.id);
    w.before = &r;
    w.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, product_update_uow, &w);
    if (rc == PRODUCT_CONFLICT)
        return product_conflict(c, w.id);
    if (rc != 0) {
        if (!db_unique_violation(c->db))
            return ctx_db_fail(c);
        form_error(c, "code", "code_taken", "code taken");
        return product_form(c, "edit", &r, 1, NULL);
    }
    return ctx_redirect(c,
                        arena_printf(c->a, "/products/%lld", (long long)w.id));
}

static int
product_retire_uow(struct db *db, void *arg)
{
    struct product_write *w = arg;
    struct db_param p[3];
    long n = 0;

    p[0] = DB_TS(w->now);
    p[1] = DB_INT(w->id);
    p[2] = DB_INT(w->version);
    if (db_exec(db, &sql_retire, p, 3, &n) != 0)
        return -1;
    if (n == 0)
        return PRODUCT_CONFLICT;
    return audit_write(w->c, "product", w->id, "retire",
                       arena_printf(w->c->a, "status: %s -> discontinued",
                                    db_cell(w->before, 0, G_STATUS)));
}

/* POST /products/{id}/retire (version): from new or active only. */
int
pd_retire(struct ctx *c)
{
    struct product_write w;
    struct db_rows r;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = page_id(c);
    if (w.id < 0)
        return page_not_found(c, "product", w.id);
    if (pd_fetch(c, w.id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "product", w.id);
    if (form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version) != 0)
        return ctx_fail(c, 400, "bad_param", "version required", "version");
    if (strcmp(db_cell(&r, 0, G_STATUS), "discontinued") == 0)
        return ctx_fail(c, 409, "conflict",
                        "the product is discontinued already", NULL);
    if (w.version != db_cell_int(&r, 0, G_VERSION))
        return ctx_fail(c, 409, "conflict", "the product was changed meanwhile",
                        NULL);
    w.before = &r;
    w.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, product_retire_uow, &w);
    if (rc == PRODUCT_CONFLICT)
        return ctx_fail(c, 409, "conflict", "the product was changed meanwhile",
                        NULL);
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(c,
                        arena_printf(c->a, "/products/%lld", (long long)w.id));
}
