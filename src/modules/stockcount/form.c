/*
 * form.c - the forms that write a count before it is posted: opening one
 * (GET/POST /stock/counts/new, which freezes what it counts) and entering
 * counted quantities (GET/POST /stock/counts/{id}/enter, goods found
 * included), with their validation.  See stockcount_int.h.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../stock.h"
#include "../stocklines.h"
#include "stockcount_int.h"

#include "../../core/audit.h"
#include "../../core/auth.h"
#include "../../core/clock.h"
#include "../../core/ctx.h"
#include "../../core/docno.h"
#include "../../core/form.h"
#include "../../core/page.h"
#include "../../core/text.h"
#include "../../core/xd.h"
#include "../../db/db.h"

#define COUNT_LINES_MAX 20000  /* lines of one count when it opens */
#define COUNT_ROWS_MAX  100000 /* balance rows of a warehouse read to open */
#define COUNT_NOTE_MAX  500
#define COUNT_ERRORS    10 /* problems reported for the lines field */
#define COUNT_PREFIX    "PD"

/* ---- categories ------------------------------------------------------ */

/* Categories are few: read whole, the subtree is found in C. */
DB_STATEMENT(sql_categories, 0,
             "SELECT c.id, c.parent_id, c.code, c.name"
             " FROM category c"
             " ORDER BY c.code");

/* ---- opening -------------------------------------------------------- */

/* Ids handed out so far (the open form's id must be one of them). */
DB_STATEMENT(sql_doc_owner, 0,
             "SELECT kind, warehouse_id, created_by FROM stock_doc"
             " WHERE id = ?");
DB_STATEMENT(sql_doc_insert, 0,
             "INSERT INTO stock_doc (id, doc_no, kind, status, warehouse_id,"
             " category_id, doc_on, note, created_at, created_by, version)"
             " VALUES (?, ?, 'count', 'draft', ?, ?, ?, ?, ?, ?, 1)");
DB_STATEMENT(sql_open_n_rows, 0,
             "SELECT COUNT(*) FROM stock_balance WHERE warehouse_id = ?");
DB_STATEMENT(sql_open_rows, 0,
             "SELECT b.product_id, b.on_hand, p.category_id"
             " FROM stock_balance b JOIN product p ON p.id = b.product_id"
             " WHERE b.warehouse_id = ?"
             " ORDER BY p.code");
DB_STATEMENT(sql_line_insert, 0,
             "INSERT INTO stock_doc_line (doc_id, line_no, product_id, qty,"
             " qty_done, book_qty, reason, note)"
             " VALUES (?, ?, ?, 0, ?, ?, ?, ?)");
DB_STATEMENT(sql_freeze_lines, 0,
             "UPDATE stock_balance SET frozen_by = ?"
             " WHERE warehouse_id = ? AND frozen_by IS NULL"
             " AND product_id IN (SELECT l.product_id FROM stock_doc_line l"
             " WHERE l.doc_id = ?)");
DB_STATEMENT(sql_late_lines, 0,
             "SELECT MAX(m.move_on) FROM stock_move m"
             " WHERE m.warehouse_id = ? AND m.bucket = 'on_hand'"
             " AND m.move_on > ?"
             " AND m.product_id IN (SELECT l.product_id FROM stock_doc_line l"
             " WHERE l.doc_id = ?)");
/* Which open count holds rows of a warehouse (of one product). */
DB_STATEMENT(sql_frozen_by, 0,
             "SELECT MIN(d.doc_no)"
             " FROM stock_balance b JOIN stock_doc d ON d.id = b.frozen_by"
             " WHERE b.warehouse_id = ?"
             " AND (CAST(? AS DECIMAL(19)) IS NULL OR b.product_id = ?)");

/* ---- entering ------------------------------------------------------- */

DB_STATEMENT(sql_doc_touch, 0,
             "UPDATE stock_doc SET version = version + 1"
             " WHERE id = ? AND kind = 'count' AND status = 'draft'"
             " AND version = ?");
DB_STATEMENT(sql_max_line, 0,
             "SELECT MAX(line_no) FROM stock_doc_line WHERE doc_id = ?");
DB_STATEMENT(sql_line_counted, 0,
             "UPDATE stock_doc_line SET qty_done = ?"
             " WHERE doc_id = ? AND product_id = ?");
DB_STATEMENT(sql_line_counted_note, 0,
             "UPDATE stock_doc_line SET qty_done = ?, note = ?"
             " WHERE doc_id = ? AND product_id = ?");
DB_STATEMENT(sql_balance_found, 0,
             "INSERT INTO stock_balance (warehouse_id, product_id, on_hand,"
             " reserved, in_transit, frozen_by, updated_at)"
             " VALUES (?, ?, 0, 0, 0, ?, ?)");
DB_STATEMENT(
    sql_freeze_one, 0,
    "UPDATE stock_balance SET frozen_by = ?"
    " WHERE warehouse_id = ? AND product_id = ? AND frozen_by IS NULL");
DB_STATEMENT(sql_late_one, 0,
             "SELECT MAX(m.move_on) FROM stock_move m"
             " WHERE m.warehouse_id = ? AND m.product_id = ?"
             " AND m.bucket = 'on_hand' AND m.move_on > ?");

/* ==================================================================== */
/* GET/POST /stock/counts/new                                           */
/* ==================================================================== */

/*
 * The ids of category `root` and of every category below it into *out
 * (in the arena); *r holds the categories (sql_categories).  The number
 * of ids (0: no such category), or -1.
 */
static long
category_tree(struct ctx *c, int64_t root, struct db_rows *r, int64_t **out)
{
    int64_t *ids;
    size_t n = 0;
    int grew = 1;

    if (db_query(c->db, c->a, &sql_categories, NULL, 0, 0, 0, r) != 0)
        return -1;
    ids = arena_alloc(c->a, (r->n_rows + 1) * sizeof(*ids));
    for (size_t i = 0; i < r->n_rows && root > 0; i++)
        if (db_cell_int(r, i, 0) == root)
            ids[n++] = root;
    /* add the children of what is in, until nothing more comes (the
     * tree is shallow and small; a cycle stops when all are in) */
    while (n > 0 && grew) {
        grew = 0;
        for (size_t i = 0; i < r->n_rows; i++) {
            int64_t id = db_cell_int(r, i, 0), parent = db_cell_int(r, i, 1);
            int in = 0, has_parent = 0;

            for (size_t k = 0; k < n && !in; k++) {
                in = ids[k] == id;
                has_parent |= ids[k] == parent;
            }
            if (!in && has_parent) {
                ids[n++] = id;
                grew = 1;
            }
        }
    }
    *out = ids;
    return (long)n;
}

/* The open form; token: the new count's id; echo: show what was typed. */
static int
open_form(struct ctx *c, int64_t token, int echo)
{
    static const char *const echoes[] = {"warehouse", "warehouse", "category",
                                         "category",  "doc_on",    "doc-on",
                                         "note",      "note",      NULL};
    xmlNodePtr f = ctx_data(c, "stock-count-form");
    struct db_rows cats;
    int64_t *unused;
    char today[11];

    clock_day(today, 0);
    xd_attr_int(f, "token", token);
    xd_attr(f, "today", today);
    if (echo)
        page_echo(c, f, echoes);
    if (sc_wh_options(c, f, 1) != 0 || category_tree(c, 0, &cats, &unused) < 0)
        return ctx_db_fail(c);
    for (size_t i = 0; i < cats.n_rows; i++) {
        xmlNodePtr e = xd_elem(f, "category");

        xd_cell(e, "id", &cats, i, 0);
        xd_cell(e, "code", &cats, i, 2);
        xd_cell(e, "name", &cats, i, 3);
    }
    return 0;
}

int
sc_count_new(struct ctx *c)
{
    int64_t token;

    /* the new count's id: taken outside any transaction, so its bank is
     * committed and never handed out again */
    db_rollback(c->db);
    if (db_next_id(c->db, "stock_doc", &token) != 0)
        return ctx_db_fail(c);
    return open_form(c, token, 0);
}

struct open_work {
    struct ctx *c;
    int64_t id, warehouse, category;
    const int64_t *cats; /* the category and those below it */
    long n_cats;
    const char *doc_no, *doc_on, *note, *label;
    long n_lines;
    const char *late; /* COUNT_LATE: the last move's date */
};

static int
in_list(const int64_t *ids, long n, int64_t v)
{
    for (long i = 0; i < n; i++)
        if (ids[i] == v)
            return 1;
    return 0;
}

/* Write the lines of a new count: one per balance row of the warehouse
 * (in the categories), book_qty the on hand now.  0, COUNT_TOO_MANY, -1. */
static int
open_lines(struct db *db, struct open_work *w)
{
    struct db_param p[7];
    struct db_rows r;
    int rc = 0;

    p[0] = DB_INT(w->warehouse);
    if (db_query(db, w->c->a, &sql_open_n_rows, p, 1, 0, 0, &r) != 0)
        return -1;
    if (db_cell_int(&r, 0, 0) > COUNT_ROWS_MAX)
        return COUNT_TOO_MANY;
    if (db_query(db, w->c->a, &sql_open_rows, p, 1, 0, 0, &r) != 0)
        return -1;
    for (size_t i = 0; i < r.n_rows && rc == 0; i++) {
        if (w->category > 0 &&
            (db_cell(&r, i, 2) == NULL ||
             !in_list(w->cats, w->n_cats, db_cell_int(&r, i, 2))))
            continue;
        if (w->n_lines == COUNT_LINES_MAX)
            return COUNT_TOO_MANY;
        w->n_lines++;
        p[0] = DB_INT(w->id);
        p[1] = DB_INT(w->n_lines);
        p[2] = DB_INT(db_cell_int(&r, i, 0));
        p[3] = DB_NULLP;
        p[4] = DB_INT(db_cell_int(&r, i, 1));
        p[5] = DB_NULLP;
        p[6] = DB_NULLP;
        rc = db_exec(db, &sql_line_insert, p, 7, NULL);
    }
    return rc;
}

static int
open_uow(struct db *db, void *arg)
{
    struct open_work *w = arg;
    struct db_param p[8];
    struct db_rows r;
    long n = 0;
    int rc;

    w->n_lines = 0;
    w->late = NULL;
    /* the warehouse first: serialises with postings and period closes */
    if ((rc = stock_lock(db, w->warehouse, w->doc_on)) != STOCK_OK)
        return rc < 0 ? -1 : COUNT_STOCK + rc;
    p[0] = DB_INT(w->id);
    p[1] = DB_TEXT(w->doc_no);
    p[2] = DB_INT(w->warehouse);
    p[3] = w->category > 0 ? DB_INT(w->category) : DB_NULLP;
    p[4] = DB_TEXT(w->doc_on);
    p[5] = DB_TEXT(w->note);
    p[6] = DB_TS(clock_now());
    p[7] = sc_user_param(w->c);
    if (db_exec(db, &sql_doc_insert, p, 8, NULL) != 0)
        return db_unique_violation(db) ? COUNT_DUPLICATE : -1;
    if ((rc = open_lines(db, w)) != 0)
        return rc;
    /* freeze: every row of the sheet, none held by another count */
    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->warehouse);
    p[2] = DB_INT(w->id);
    if (db_exec(db, &sql_freeze_lines, p, 3, &n) != 0)
        return -1;
    if (n != w->n_lines)
        return COUNT_FROZEN;
    p[0] = DB_INT(w->warehouse);
    p[1] = DB_TEXT(w->doc_on);
    p[2] = DB_INT(w->id);
    if (db_query(db, w->c->a, &sql_late_lines, p, 3, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows > 0 && db_cell(&r, 0, 0) != NULL) {
        w->late = text_iso_date(w->c->a, db_cell(&r, 0, 0));
        return COUNT_LATE;
    }
    return audit_write(
        w->c, "stock_doc", w->id, "open",
        arena_printf(w->c->a, "%s: count of %s%s%s on %s; %ld lines", w->doc_no,
                     w->label, w->category > 0 ? ", category " : "",
                     w->category > 0 ? sc_num(w->c, w->category) : "",
                     w->doc_on, w->n_lines));
}

/* The count opened twice by one form: the first one when it is this
 * user's count of this warehouse, else a 409. */
static int
open_again(struct ctx *c, const struct open_work *w)
{
    struct db_param p[1] = {DB_INT(w->id)};
    struct db_rows r;

    if (db_query(c->db, c->a, &sql_doc_owner, p, 1, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0 || strcmp(db_cell(&r, 0, 0), "count") != 0 ||
        db_cell_int(&r, 0, 1) != w->warehouse || c->user == NULL ||
        db_cell_int(&r, 0, 2) != c->user->id)
        return ctx_fail(c, 409, "conflict", "this form was used already", NULL);
    return ctx_redirect(
        c,
        arena_printf(c->a, "/stock/counts/%" PRId64 "?done=duplicate", w->id));
}

/* Another open count holds rows: say which, with status 409.  0 or -1. */
static int
frozen_message(struct ctx *c, int64_t warehouse, int64_t product,
               const char *field, const char *what)
{
    struct db_param p[3];
    struct db_rows r;
    const char *no;

    p[0] = DB_INT(warehouse);
    p[1] = product > 0 ? DB_INT(product) : DB_NULLP;
    p[2] = p[1];
    if (db_query(c->db, c->a, &sql_frozen_by, p, 3, 0, 0, &r) != 0)
        return -1;
    no = r.n_rows > 0 ? db_cell(&r, 0, 0) : NULL;
    c->status = 409;
    ctx_message(c, "error", "frozen", field,
                arena_printf(c->a,
                             "%s being counted by %s, which is open: post or "
                             "cancel it first",
                             what, no != NULL ? no : "another count"));
    return 0;
}

/* The outcome of the open unit of work, as the page says it. */
static int
open_result(struct ctx *c, struct open_work *w, int rc)
{
    switch (rc) {
    case 0:
        return ctx_redirect(
            c,
            arena_printf(c->a, "/stock/counts/%" PRId64 "?done=opened", w->id));
    case COUNT_DUPLICATE: return open_again(c, w);
    case COUNT_FROZEN:
        if (frozen_message(c, w->warehouse, 0, "warehouse",
                           "products of this warehouse are") != 0)
            return ctx_db_fail(c);
        break;
    case COUNT_LATE:
        form_error(c, "doc_on", "late",
                   arena_printf(c->a,
                                "on-hand moves dated up to %s exist: date the "
                                "count on or after that day",
                                w->late));
        break;
    case COUNT_TOO_MANY:
        form_error(c, "category", "too_many",
                   arena_printf(c->a,
                                "more than %d products: count the warehouse "
                                "by category",
                                COUNT_LINES_MAX));
        break;
    case COUNT_STOCK + STOCK_PERIOD_CLOSED:
        form_error(c, "doc_on", "period_closed",
                   "the date is in a closed period");
        break;
    case COUNT_STOCK + STOCK_CLOSED:
        form_error(c, "warehouse", "closed", "the warehouse is closed");
        break;
    default: return ctx_db_fail(c);
    }
    return open_form(c, w->id, 1);
}

int
sc_count_create(struct ctx *c)
{
    struct open_work w;
    struct db_rows wh, cats;
    int rc;
    char today[11], doc_no[DOCNO_MAX];

    memset(&w, 0, sizeof(w));
    w.c = c;
    if (form_int(c, "token", FORM_REQUIRED, 1, INT64_MAX, &w.id) != 0)
        return ctx_fail(c, 400, "bad_param", "the form has no valid id", NULL);
    /* the id must be one the key table handed out (a form's) */
    if ((rc = db_id_handed_out(c->db, "stock_doc", w.id)) < 0)
        return ctx_db_fail(c);
    if (rc == 0)
        return ctx_fail(c, 400, "bad_param", "the form has no valid id", NULL);
    form_int(c, "warehouse", FORM_REQUIRED, 1, INT64_MAX, &w.warehouse);
    form_int(c, "category", 0, 1, INT64_MAX, &w.category);
    w.doc_on = form_date(c, "doc_on", 0);
    w.note = form_text(c, "note", 0, COUNT_NOTE_MAX);
    clock_day(today, 0);
    if (w.doc_on == NULL)
        w.doc_on = arena_strdup(c->a, today);
    else if (strcmp(w.doc_on, today) > 0)
        form_error(c, "doc_on", "future_date", "the date is in the future");
    if (w.warehouse > 0 && sc_find_wh(c, w.warehouse, &wh) != 0)
        return -1;
    if (w.warehouse > 0 && strcmp(db_cell(&wh, 0, 3), "active") != 0)
        form_error(c, "warehouse", "closed", "the warehouse is closed");
    if (w.category > 0) {
        int64_t *ids;

        w.n_cats = category_tree(c, w.category, &cats, &ids);
        w.cats = ids;
        if (w.n_cats < 0)
            return ctx_db_fail(c);
        if (w.n_cats == 0)
            form_error(c, "category", "no_category", "no such category");
    }
    if (!form_ok(c))
        return open_form(c, w.id, 1);
    if (docno_make(doc_no, COUNT_PREFIX, w.doc_on, w.id) != 0)
        return ctx_fail(c, 400, "bad_param", "the form has no valid id", NULL);
    w.doc_no = doc_no;
    w.label = page_label(c, db_cell(&wh, 0, 1), db_cell(&wh, 0, 2));
    db_rollback(c->db);
    return open_result(c, &w, db_uow(c->db, open_uow, &w));
}

/* ==================================================================== */
/* GET/POST /stock/counts/{id}/enter                                    */
/* ==================================================================== */

/* The entry form of count k; echo: the lines as typed. */
static int
enter_form(struct ctx *c, const struct db_rows *k, int echo)
{
    xmlNodePtr f;

    if (sc_count_elem(c, "stock-count-enter", k, &f) != 0)
        return -1;
    if (echo)
        xd_attr(f, "input", param_text(c->req, "lines"));
    return 0;
}

int
sc_enter_new(struct ctx *c)
{
    struct db_rows k;

    if (sc_find_count(c, page_id(c), &k) != 0 || sc_need_draft(c, &k) != 0)
        return -1;
    return enter_form(c, &k, 0);
}

struct line_errors {
    struct ctx *c;
    int n;
};

static void
line_error(void *arg, int line_no, const char *code, const char *text)
{
    struct line_errors *e = arg;

    if (e->n++ < COUNT_ERRORS)
        form_error(e->c, "lines", code,
                   arena_printf(e->c->a, "line %d: %s", line_no, text));
}

/* The next field of *s (separated by spaces, tabs or commas), or NULL. */
static char *
next_field(char **s)
{
    char *p = *s + strspn(*s, " \t,"), *start = p;

    if (*p == '\0')
        return NULL;
    p += strcspn(p, " \t,");
    if (*p != '\0')
        *p++ = '\0';
    *s = p;
    return start;
}

/*
 * The counted quantities of the field "lines": one product a line, "CODE
 * QTY [NOTE]", QTY a whole number 0 .. STOCK_QTY_MAX (a zero is a count
 * here, which the other stock documents refuse), resolved by stocklines'
 * resolver (codes or barcodes, a product once, the note's length).
 * *lines and *counted in the arena.  Problems go to form_error naming the
 * line.  The number of lines (>= 1), 0 when refused, or -1.
 */
static int
parse_counts(struct ctx *c, struct stock_line **lines, int64_t **counted)
{
    const char *s =
        form_text(c, "lines", FORM_REQUIRED | FORM_MULTILINE, STOCK_LINES_TEXT);
    struct line_errors e = {c, 0};
    struct stock_line *l;
    int64_t *q;
    char *copy, *save = NULL;
    int n = 0, rc;

    if (s == NULL)
        return 0;
    l = arena_zalloc(c->a, sizeof(*l) * STOCK_LINES_MAX);
    q = arena_zalloc(c->a, sizeof(*q) * STOCK_LINES_MAX);
    copy = arena_strdup(c->a, s);
    for (char *ln = strtok_r(copy, "\r\n", &save); ln != NULL;
         ln = strtok_r(NULL, "\r\n", &save)) {
        char *code = next_field(&ln), *qty, *end = NULL, *note;

        if (code == NULL)
            continue;
        if (n == STOCK_LINES_MAX) {
            form_error(c, "lines", "too_many",
                       arena_printf(c->a, "at most %d lines", STOCK_LINES_MAX));
            return 0;
        }
        qty = next_field(&ln);
        q[n] = qty != NULL && *qty >= '0' && *qty <= '9'
                   ? strtoll(qty, &end, 10)
                   : -1;
        if (end == NULL || *end != '\0' || q[n] < 0 || q[n] > STOCK_QTY_MAX)
            line_error(&e, n + 1, "bad_qty",
                       "the counted quantity must be a whole number from 0 "
                       "to 1000000000");
        note = ln + strspn(ln, " \t,");
        for (size_t k = strlen(note); k > 0 && strchr(" \t", note[k - 1]);)
            note[--k] = '\0';
        l[n].line_no = n + 1;
        l[n].code = code;
        l[n].qty = 1; /* the resolver takes only positive quantities */
        l[n].price = -1;
        l[n].note = *note != '\0' ? note : NULL;
        n++;
    }
    if (n == 0) {
        form_error(c, "lines", "required", "at least one line");
        return 0;
    }
    rc = stock_lines_resolve(c->db, c->a, l, n, 0, line_error, &e);
    if (rc < 0)
        return -1;
    if (rc > 0 || e.n > 0)
        return 0;
    *lines = l;
    *counted = q;
    return n;
}

/* A typed line's place in the lock order (by product id). */
struct entry_order {
    int64_t product_id;
    int i;
};

struct enter_work {
    struct ctx *c;
    int64_t id, warehouse, version;
    const char *doc_on;
    struct stock_line *lines;
    int64_t *counted;
    int n;
    struct entry_order *order; /* the lines by product id */
    const char *bad;           /* the product code of a refusal */
    const char *late;
    int64_t bad_product;
};

/* A product not on the sheet: freeze its balance row (created at zero
 * when there is none) and add its line.  0, COUNT_FROZEN, COUNT_LATE or
 * -1. */
static int
enter_found(struct db *db, struct enter_work *w, int i, int64_t line_no)
{
    const struct stock_line *l = &w->lines[i];
    struct db_param p[7];
    struct stock_state st;
    struct db_rows r;
    long n = 0;

    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->warehouse);
    p[2] = DB_INT(l->product_id);
    if (db_exec(db, &sql_freeze_one, p, 3, &n) != 0)
        return -1;
    if (n == 0) {
        if (stock_state_get(db, w->warehouse, l->product_id, &st) != 0)
            return -1;
        if (st.exists) {
            w->bad = l->code;
            w->bad_product = l->product_id;
            return COUNT_FROZEN;
        }
        p[0] = DB_INT(w->warehouse);
        p[1] = DB_INT(l->product_id);
        p[2] = DB_INT(w->id);
        p[3] = DB_TS(clock_now());
        if (db_exec(db, &sql_balance_found, p, 4, NULL) != 0) {
            if (db_unique_violation(db))
                db_mark_retry(db); /* another transaction made it: again */
            return -1;
        }
    }
    /* frozen now: its on hand can no longer move */
    if (stock_state_get(db, w->warehouse, l->product_id, &st) != 0)
        return -1;
    p[0] = DB_INT(w->warehouse);
    p[1] = DB_INT(l->product_id);
    p[2] = DB_TEXT(w->doc_on);
    if (db_query(db, w->c->a, &sql_late_one, p, 3, 0, 0, &r) != 0)
        return -1;
    if (r.n_rows > 0 && db_cell(&r, 0, 0) != NULL) {
        w->bad = l->code;
        w->late = text_iso_date(w->c->a, db_cell(&r, 0, 0));
        return COUNT_LATE;
    }
    p[0] = DB_INT(w->id);
    p[1] = DB_INT(line_no);
    p[2] = DB_INT(l->product_id);
    p[3] = DB_INT(w->counted[i]);
    p[4] = DB_INT(st.on_hand);
    p[5] = DB_TEXT("found");
    p[6] = DB_TEXT(l->note);
    return db_exec(db, &sql_line_insert, p, 7, NULL);
}

static int
enter_uow(struct db *db, void *arg)
{
    struct enter_work *w = arg;
    struct db_param p[4];
    struct db_rows r;
    struct sbuf b;
    int64_t line_no;
    long n = 0;
    int rc;

    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->version);
    if (db_exec(db, &sql_doc_touch, p, 2, &n) != 0)
        return -1;
    if (n == 0)
        return COUNT_CONFLICT;
    if (db_query(db, w->c->a, &sql_max_line, p, 1, 0, 0, &r) != 0)
        return -1;
    line_no = db_cell_int(&r, 0, 0);
    sbuf_init(&b, w->c->a, 256);
    sbuf_printf(&b, "counted:");
    for (int k = 0; k < w->n; k++) {
        int i = w->order[k].i;
        const struct stock_line *l = &w->lines[i];

        p[0] = DB_INT(w->counted[i]);
        if (l->note != NULL) {
            p[1] = DB_TEXT(l->note);
            p[2] = DB_INT(w->id);
            p[3] = DB_INT(l->product_id);
            rc = db_exec(db, &sql_line_counted_note, p, 4, &n);
        } else {
            p[1] = DB_INT(w->id);
            p[2] = DB_INT(l->product_id);
            rc = db_exec(db, &sql_line_counted, p, 3, &n);
        }
        if (rc != 0)
            return -1;
        if (n == 0 && (rc = enter_found(db, w, i, ++line_no)) != 0)
            return rc;
        sbuf_printf(&b, " %s %" PRId64 "%s;", l->code, w->counted[i],
                    n == 0 ? " (found)" : "");
    }
    return audit_write(w->c, "stock_doc", w->id, "count", b.buf);
}

static int
by_product(const void *a, const void *b)
{
    int64_t x = ((const struct entry_order *)a)->product_id;
    int64_t y = ((const struct entry_order *)b)->product_id;

    return (x > y) - (x < y);
}

int
sc_enter_save(struct ctx *c)
{
    struct enter_work w;
    struct db_rows k;
    int rc;

    if (sc_find_count(c, page_id(c), &k) != 0 || sc_need_draft(c, &k) != 0)
        return -1;
    memset(&w, 0, sizeof(w));
    w.c = c;
    w.id = db_cell_int(&k, 0, K_ID);
    w.warehouse = db_cell_int(&k, 0, K_WH);
    w.doc_on = text_iso_date(c->a, db_cell(&k, 0, K_ON));
    if (form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version) != 0)
        return ctx_fail(c, 400, "bad_param", "the form has no version", NULL);
    rc = parse_counts(c, &w.lines, &w.counted);
    if (rc < 0)
        return ctx_db_fail(c);
    if (rc == 0)
        return enter_form(c, &k, 1);
    w.n = rc;
    w.order = arena_alloc(c->a, sizeof(*w.order) * (size_t)w.n);
    for (int i = 0; i < w.n; i++) {
        w.order[i].product_id = w.lines[i].product_id;
        w.order[i].i = i;
    }
    qsort(w.order, (size_t)w.n, sizeof(*w.order), by_product);
    db_rollback(c->db);
    rc = db_uow(c->db, enter_uow, &w);
    switch (rc) {
    case 0:
        return ctx_redirect(
            c,
            arena_printf(c->a, "/stock/counts/%" PRId64 "?done=saved", w.id));
    case COUNT_CONFLICT:
        if (sc_find_count(c, w.id, &k) != 0 || sc_need_draft(c, &k) != 0)
            return -1;
        page_conflict(c);
        break;
    case COUNT_FROZEN:
        if (frozen_message(c, w.warehouse, w.bad_product, "lines",
                           arena_printf(c->a, "%s is", w.bad)) != 0)
            return ctx_db_fail(c);
        break;
    case COUNT_LATE:
        form_error(c, "lines", "late",
                   arena_printf(c->a,
                                "%s has on-hand moves dated up to %s, after "
                                "the count's date",
                                w.bad, w.late));
        break;
    default: return ctx_db_fail(c);
    }
    return enter_form(c, &k, 1);
}
