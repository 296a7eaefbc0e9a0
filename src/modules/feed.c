/*
 * feed.c - XML for integrators (issue 5): the catalog and a customer's
 * price list as standalone documents, and an all-or-nothing import of
 * products.
 *
 * Pages:  GET  /feeds/catalog          the catalog (category, since, page):
 *                                      schema/xsd/feed-catalog.xsd
 *         GET  /feeds/prices           a customer's prices (customer, page):
 *                                      schema/xsd/feed-prices.xsd
 *         GET  /import/products        the upload form
 *         POST /import/products        a file (multipart, field "file")
 *                                      valid against
 *                                      schema/xsd/import-products.xsd
 *         The feeds need product.view and answer XML whatever the suffix
 *         (ROUTE_RAW: they are not <page> documents); integrators read
 *         them with an API key on the .xml URL.  The import needs
 *         product.edit.
 * Tables: product, category (read; product and product_term written by
 *         the import);
 *         audit_log (one row per product created or updated, as the back
 *         office writes them).
 * Style:  xsl/feed.xsl; text in xsl/i18n/<lang>/feed.xml; the import page
 *         in schema/xsd/feed.xsd (group feed-pages).
 *
 * Both feeds are paged (FEED_PAGE products, FEED_PRICE_PAGE prices) with
 * page/pages/total and a `next` link on the root element, so a catalog of
 * 12,000 products is a dozen requests of bounded memory.
 *
 * The import: the file is parsed by xmlin_parse (no DOCTYPE, no entities,
 * caps), validated with xmlSchemaValidate against import-products.xsd
 * (compiled once per worker, from the share directory), then checked
 * record by record (duplicate code in the file, unknown category code,
 * EAN-13 check digit, negative price, a status edge a product may not
 * take).  Any problem: 422 with every bad record (index, code, field,
 * line) and nothing written.  Otherwise one unit of work creates or
 * updates every product by code, writes the search key with
 * pinyin_search_key, its terms (product_terms_write) and the audit rows.
 * The list price is set on create; on update it is the price module's
 * (approval, history) and is left alone, as in the back office.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "party.h"
#include "price.h"

#include "../core/audit.h"
#include "../core/auth.h"
#include "../core/cfg.h"
#include "../core/clock.h"
#include "../core/ctx.h"
#include "../core/page.h"
#include "products.h"
#include "../core/log.h"
#include "../core/money.h"
#include "../core/pinyin.h"
#include "../core/render.h"
#include "../core/scope.h"
#include "../core/text.h"
#include "../core/xd.h"
#include "../core/xmlin.h"
#include "../db/db.h"

#define FEED_PAGE        1000  /* products per catalog page */
#define FEED_PRICE_PAGE  200   /* products per price-list page */
#define FEED_IMPORT_MAX  10000 /* products in one import file */
#define FEED_MAX_ERRORS  200   /* errors reported for one file */
#define FEED_SCHEMA_FILE "schema/xsd/import-products.xsd"

/* ==================================================================== */
/* SQL                                                                  */
/* ==================================================================== */

/*
 * The catalog: new and active products, or (with `since`) every product
 * updated since then, discontinued ones too, so an integrator's copy
 * learns of retirements.  The category filter takes a category or its
 * children (the tree is two levels deep in practice).
 */
#define CAT_FROM                                                               \
    " FROM product p"                                                          \
    " LEFT JOIN category c ON c.id = p.category_id"                            \
    " LEFT JOIN category pc ON pc.id = c.parent_id"
#define CAT_WHERE                                                              \
    " WHERE (CAST(? AS VARCHAR(40)) IS NULL"                                   \
    " OR c.code = ? OR pc.code = ?)"                                           \
    " AND p.updated_at >= ?"                                                   \
    " AND (? = 1 OR p.status IN ('new', 'active'))"

DB_STATEMENT(sql_cat_count, 0, "SELECT COUNT(*)" CAT_FROM CAT_WHERE);
DB_STATEMENT(sql_cat_page, DB_PAGED,
             "SELECT p.code, p.name, p.spec, p.unit, p.pack_qty, p.barcode,"
             " p.brand, c.code, c.name, p.status, p.list_price, p.launch_on,"
             " p.updated_at" CAT_FROM CAT_WHERE " ORDER BY p.code, p.id");

#define ACTIVE_WHERE " WHERE p.status IN ('new', 'active')"
DB_STATEMENT(sql_active_count, 0,
             "SELECT COUNT(*) FROM product p" ACTIVE_WHERE);
DB_STATEMENT(sql_active_page, DB_PAGED,
             "SELECT p.id, p.code, p.name, p.unit, p.list_price"
             " FROM product p" ACTIVE_WHERE " ORDER BY p.code, p.id");

DB_STATEMENT(sql_categories, 0, "SELECT c.id, c.code, c.name FROM category c");

/* Columns of sql_by_code (the row before an update, for the audit). */
enum bcol {
    B_ID,
    B_NAME,
    B_SPEC,
    B_UNIT,
    B_PACK,
    B_BARCODE,
    B_BRAND,
    B_STATUS,
    B_LAUNCH,
    B_DESCRIPTION,
    B_VERSION,
    B_CAT_CODE,
    B_CAT_NAME,
    B_KEY
};
DB_STATEMENT(sql_by_code, 0,
             "SELECT p.id, p.name, p.spec, p.unit, p.pack_qty, p.barcode,"
             " p.brand, p.status, p.launch_on, p.description, p.version,"
             " c.code, c.name, p.search_key"
             " FROM product p"
             " LEFT JOIN category c ON c.id = p.category_id"
             " WHERE p.code = ?");

DB_STATEMENT(sql_insert, 0,
             "INSERT INTO product (id, code, name, spec, unit, pack_qty,"
             " barcode, brand, category_id, status, list_price, launch_on,"
             " search_key, description, created_at, updated_at, version)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)");

/* Everything but the code and the list price, guarded by the version
 * read before (the back office's rule for edits). */
DB_STATEMENT(sql_update, 0,
             "UPDATE product SET name = ?, spec = ?, unit = ?,"
             " pack_qty = ?, barcode = ?, brand = ?, category_id = ?,"
             " status = ?, launch_on = ?, search_key = ?, description = ?,"
             " updated_at = ?, version = version + 1"
             " WHERE id = ? AND version = ?");

/* ==================================================================== */
/* Helpers                                                              */
/* ==================================================================== */

/* "YYYY-MM-DD" -> midnight UTC; -1 when it is not such a date. */
static time_t
date_time(const char *s)
{
    struct tm tm;

    memset(&tm, 0, sizeof(tm));
    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    tm.tm_year = atoi(s) - 1900;
    tm.tm_mon = atoi(s + 5) - 1;
    tm.tm_mday = atoi(s + 8);
    if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31)
        return -1;
    return timegm(&tm);
}

static void
free_doc(void *doc)
{
    xmlFreeDoc(doc);
}

/* A new standalone document with root `name`, freed with the arena. */
static xmlNodePtr
feed_doc(struct ctx *c, const char *name, xmlDocPtr *out)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = xmlNewDocNode(doc, NULL, BAD_CAST name, NULL);

    arena_on_free(c->a, free_doc, doc);
    xmlDocSetRootElement(doc, root);
    *out = doc;
    return root;
}

/* Send doc as the raw answer. */
static int
feed_send(struct ctx *c, xmlDocPtr doc)
{
    c->raw_type = "application/xml; charset=utf-8";
    sbuf_init(&c->raw, c->a, 64 * 1024);
    render_xml(doc, &c->raw);
    return 0;
}

/* page, pages, total, per-page and (when there is one) next on root. */
static void
feed_paging(struct ctx *c, xmlNodePtr root, int64_t page, int64_t total,
            int64_t per, const char *next_base)
{
    int64_t pages = (total + per - 1) / per;

    xd_attr_int(root, "page", page);
    xd_attr_int(root, "pages", pages);
    xd_attr_int(root, "total", total);
    xd_attr_int(root, "per-page", per);
    if (page < pages)
        xd_attr(
            root, "next",
            arena_printf(c->a, "%spage=%lld", next_base, (long long)page + 1));
}

/* Money as fen in `name` and as text in `name`-text. */
static void
feed_money(xmlNodePtr n, const char *name, const char *text_name, int64_t fen)
{
    char buf[MONEY_BUFSZ];

    xd_attr_int(n, name, fen);
    xd_attr(n, text_name, money_format(fen, 0, buf, sizeof(buf)));
}

/* Is s made of URL-safe bytes only (a code echoed in a next link)? */
static int
url_safe(const char *s)
{
    for (; *s != '\0'; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.'))
            return 0;
    return 1;
}

/* ==================================================================== */
/* GET /feeds/catalog                                                   */
/* ==================================================================== */

static int
feed_catalog(struct ctx *c)
{
    const char *cat = param_text(c->req, "category");
    const char *since = param_text(c->req, "since");
    int64_t page = param_int(c->req, "page", 1);
    time_t from = 0;
    struct db_param p[5];
    struct db_rows count, r;
    struct sbuf next;
    xmlDocPtr doc;
    xmlNodePtr root;
    int64_t total;

    if (since != NULL && (from = date_time(since)) < 0)
        return ctx_fail(c, 400, "bad_param", "since: a date YYYY-MM-DD",
                        "since");
    if (cat != NULL && !url_safe(cat))
        return ctx_fail(c, 400, "bad_param", "category: a category code",
                        "category");
    p[0] = DB_TEXT(cat);
    p[1] = DB_TEXT(cat);
    p[2] = DB_TEXT(cat);
    p[3] = DB_TS(from);
    p[4] = DB_INT(since != NULL ? 1 : 0);
    if (db_query(c->db, c->a, &sql_cat_count, p, 5, 0, 0, &count) != 0)
        return ctx_db_fail(c);
    total = db_cell_int(&count, 0, 0);
    if (db_query(c->db, c->a, &sql_cat_page, p, 5, FEED_PAGE,
                 (long)((page - 1) * FEED_PAGE), &r) != 0)
        return ctx_db_fail(c);

    root = feed_doc(c, "catalog", &doc);
    {
        char ts[32];
        time_t t = clock_now();
        struct tm tm;

        gmtime_r(&t, &tm);
        strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
        xd_attr(root, "generated-at", ts);
    }
    if (cat != NULL)
        xd_attr(root, "category", cat);
    if (since != NULL)
        xd_attr(root, "since", since);
    sbuf_init(&next, c->a, 128);
    sbuf_adds(&next, "/feeds/catalog.xml?");
    if (cat != NULL)
        sbuf_printf(&next, "category=%s&", cat);
    if (since != NULL)
        sbuf_printf(&next, "since=%s&", since);
    feed_paging(c, root, page, total, FEED_PAGE, next.buf);
    for (size_t i = 0; i < r.n_rows; i++) {
        xmlNodePtr n = xd_elem(root, "product");

        xd_cell(n, "code", &r, i, 0);
        xd_cell(n, "name", &r, i, 1);
        xd_cell(n, "spec", &r, i, 2);
        xd_cell(n, "unit", &r, i, 3);
        xd_cell(n, "pack-qty", &r, i, 4);
        xd_cell(n, "barcode", &r, i, 5);
        xd_cell(n, "brand", &r, i, 6);
        xd_cell(n, "category-code", &r, i, 7);
        xd_cell(n, "category-name", &r, i, 8);
        xd_cell(n, "status", &r, i, 9);
        feed_money(n, "list-price", "list-price-text", db_cell_int(&r, i, 10));
        if (db_cell(&r, i, 11) != NULL)
            xd_attr(n, "launch-on", text_iso_date(c->a, db_cell(&r, i, 11)));
        xd_attr(n, "updated-at", text_iso_ts(c->a, db_cell(&r, i, 12)));
    }
    return feed_send(c, doc);
}

/* ==================================================================== */
/* GET /feeds/prices                                                    */
/* ==================================================================== */

static int
feed_prices(struct ctx *c)
{
    /* the names price.c's pages use */
    static const char *const tiers[] = {
        "",      "customer", "customer_break", "grade", "grade_break",
        "break", "category", "grade_discount", "list"};
    const char *code = param_text(c->req, "customer");
    int64_t page = param_int(c->req, "page", 1);
    struct party_brief b;
    struct db_rows count, r;
    struct price_quote *qs;
    int64_t *ids;
    int *rcs;
    char today[11];
    xmlDocPtr doc;
    xmlNodePtr root;
    int rc;

    if (c->user->party_id > 0) {
        /* a channel user: their own party, and no other */
        rc = party_get(c, c->user->party_id, &b);
        if (rc < 0)
            return ctx_db_fail(c);
        if (rc != 0 || (code != NULL && strcmp(code, b.code) != 0)) {
            scope_denied(c, "party", 0);
            return ctx_fail(c, 404, "not_found", "no such customer", NULL);
        }
    } else {
        if (code == NULL)
            return ctx_fail(c, 400, "bad_param", "customer: a party code",
                            "customer");
        rc = party_get_by_code(c, code, &b);
        if (rc < 0)
            return ctx_db_fail(c);
        if (rc != 0) {
            scope_denied(c, "party", 0);
            return ctx_fail(c, 404, "not_found", "no such customer", NULL);
        }
    }
    if (db_query(c->db, c->a, &sql_active_count, NULL, 0, 0, 0, &count) != 0 ||
        db_query(c->db, c->a, &sql_active_page, NULL, 0, FEED_PRICE_PAGE,
                 (long)((page - 1) * FEED_PRICE_PAGE), &r) != 0)
        return ctx_db_fail(c);
    clock_day(today, 0);
    root = feed_doc(c, "price-list", &doc);
    xd_attr(root, "customer", b.code);
    xd_attr(root, "customer-name", b.name);
    xd_attr(root, "date", today);
    xd_attr(root, "quantity", "1");
    feed_paging(
        c, root, page, db_cell_int(&count, 0, 0), FEED_PRICE_PAGE,
        url_safe(b.code)
            ? arena_printf(c->a, "/feeds/prices.xml?customer=%s&", b.code)
            : "/feeds/prices.xml?");
    /* the page's prices at once (price_quote_many: a few statements per
     * PRICE_MANY products, not a few per product) */
    ids = arena_alloc(c->a, (r.n_rows + 1) * sizeof(*ids));
    qs = arena_alloc(c->a, (r.n_rows + 1) * sizeof(*qs));
    rcs = arena_alloc(c->a, (r.n_rows + 1) * sizeof(*rcs));
    for (size_t i = 0; i < r.n_rows; i++)
        ids[i] = db_cell_int(&r, i, 0);
    if (price_quote_many(c->db, c->a, b.id, ids, r.n_rows, 1, today, qs, rcs) !=
        0)
        return ctx_db_fail(c);
    for (size_t i = 0; i < r.n_rows; i++) {
        const struct price_quote *q = &qs[i];
        xmlNodePtr n;

        if (rcs[i] != 0)
            continue; /* vanished meanwhile */
        n = xd_elem(root, "price");
        xd_cell(n, "code", &r, i, 1);
        xd_cell(n, "name", &r, i, 2);
        xd_cell(n, "unit", &r, i, 3);
        feed_money(n, "list-price", "list-price-text", q->list_price);
        feed_money(n, "unit-price", "unit-price-text", q->unit_price);
        xd_attr(n, "tier", tiers[q->tier]);
        if (q->rule_id > 0)
            xd_attr_int(n, "rule-id", q->rule_id);
    }
    return feed_send(c, doc);
}

/* ==================================================================== */
/* The import                                                           */
/* ==================================================================== */

/* One record of the file, as read. */
struct import_rec {
    xmlNodePtr node;
    const char *code, *name, *spec, *unit, *barcode, *brand, *category;
    const char *status, *launch_on, *description, *price_text, *pack_text;
    int64_t pack_qty, list_price, category_id;
    const char *category_label;
    int64_t id; /* 0: new */
};

struct import {
    struct ctx *c;
    struct import_rec *recs;
    size_t n_recs;
    xmlNodePtr report; /* <product-import> */
    int n_errors, created, updated;
    time_t now;
};

/* The record index (1-based) of a node inside the document, or 0. */
static size_t
rec_index(const struct import *im, xmlNodePtr n, xmlNodePtr *rec)
{
    while (n != NULL && n->parent != NULL &&
           n->parent->type == XML_ELEMENT_NODE && n->parent->parent != NULL &&
           n->parent->parent->type == XML_ELEMENT_NODE)
        n = n->parent;
    *rec = n;
    for (size_t i = 0; i < im->n_recs; i++)
        if (im->recs[i].node == n)
            return i + 1;
    return 0;
}

/* Add <error index code field line code message/> to the report. */
static void
import_error(struct import *im, size_t index, const char *code,
             const char *field, long line, const char *err_code,
             const char *msg)
{
    xmlNodePtr e;

    im->n_errors++;
    if (im->n_errors > FEED_MAX_ERRORS)
        return;
    e = xd_elem(im->report, "error");
    if (index > 0)
        xd_attr_int(e, "index", (int64_t)index);
    xd_attr(e, "product-code", code);
    xd_attr(e, "field", field);
    if (line > 0)
        xd_attr_int(e, "line", line);
    xd_attr(e, "code", err_code);
    xd_attr(e, "message", msg);
}

/* The text of child `name` of rec, its ends trimmed, in the arena (NULL
 * when absent or empty). */
static const char *
child_text(struct ctx *c, xmlNodePtr rec, const char *name)
{
    for (xmlNodePtr k = rec->children; k != NULL; k = k->next) {
        if (k->type == XML_ELEMENT_NODE &&
            strcmp((const char *)k->name, name) == 0) {
            xmlChar *t = xmlNodeGetContent(k);
            const char *s = NULL;

            if (t != NULL) {
                const char *b = (const char *)t;
                size_t n;

                /* the ends trimmed, as the forms do */
                while (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r')
                    b++;
                n = strlen(b);
                while (n > 0 && (b[n - 1] == ' ' || b[n - 1] == '\t' ||
                                 b[n - 1] == '\n' || b[n - 1] == '\r'))
                    n--;
                if (n > 0)
                    s = arena_strndup(c->a, b, n);
            }
            xmlFree(t);
            return s;
        }
    }
    return NULL;
}

/* Collect libxml2's schema errors into the report. */
static void
schema_error(void *arg, xmlErrorPtr err)
{
    struct import *im = arg;
    xmlNodePtr node = err->node, rec = NULL;
    size_t index;
    const char *field = NULL, *code = NULL;
    char *msg;
    size_t len;

    if (node == NULL) {
        import_error(
            im, 0, NULL, NULL, err->line, "schema",
            arena_strdup(im->c->a, err->message ? err->message : "invalid"));
        return;
    }
    index = rec_index(im, node, &rec);
    if (node->type == XML_ELEMENT_NODE && node != rec && node->parent == rec)
        field = (const char *)node->name;
    if (index > 0)
        code = im->recs[index - 1].code;
    msg = arena_strdup(im->c->a, err->message ? err->message : "invalid");
    len = strlen(msg);
    while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
        msg[--len] = '\0';
    import_error(im, index, code, field, err->line > 0 ? err->line : 0,
                 "schema", msg);
}

static void
rec_error(struct import *im, size_t i, const char *field, const char *code,
          const char *msg)
{
    const struct import_rec *r = &im->recs[i];
    xmlNodePtr k = r->node->children;

    for (; k != NULL; k = k->next)
        if (k->type == XML_ELEMENT_NODE &&
            strcmp((const char *)k->name, field) == 0)
            break;
    import_error(im, i + 1, r->code, field,
                 xmlGetLineNo(k != NULL ? k : r->node), code, msg);
}

/*
 * The business checks, after the schema: duplicates in the file, the
 * category by code, EAN-13, the price, and (against the stored row) the
 * status edge.  Fills ids and category ids.  0, or -1 on a database
 * failure.
 */
static int
import_check(struct import *im, struct db_rows *before)
{
    struct ctx *c = im->c;
    struct db_rows cats;

    if (db_query(c->db, c->a, &sql_categories, NULL, 0, 0, 0, &cats) != 0)
        return -1;
    for (size_t i = 0; i < im->n_recs; i++) {
        struct import_rec *r = &im->recs[i];
        struct db_param p[1];

        for (size_t k = 0; k < i; k++)
            if (strcmp(im->recs[k].code, r->code) == 0) {
                rec_error(im, i, "code", "duplicate_code",
                          "the code appears twice in the file");
                break;
            }
        if (r->category != NULL) {
            size_t k;

            for (k = 0; k < cats.n_rows; k++)
                if (strcmp(db_cell(&cats, k, 1), r->category) == 0)
                    break;
            if (k == cats.n_rows) {
                rec_error(im, i, "category", "no_such_category",
                          "no such category");
            } else {
                r->category_id = db_cell_int(&cats, k, 0);
                r->category_label =
                    page_label(c, db_cell(&cats, k, 1), db_cell(&cats, k, 2));
            }
        }
        if (r->barcode != NULL && !product_ean13_ok(r->barcode))
            rec_error(im, i, "barcode", "bad_barcode",
                      "an EAN-13 barcode: 13 digits with a valid check "
                      "digit");
        r->list_price = 0;
        if (r->price_text != NULL &&
            (money_parse(r->price_text, &r->list_price) != 0 ||
             r->list_price < 0)) {
            rec_error(im, i, "list-price", "negative",
                      "a price of zero or more, at most two decimals");
            r->list_price = 0;
        }
        r->pack_qty = r->pack_text != NULL ? atoll(r->pack_text) : 1;
        p[0] = DB_TEXT(r->code);
        if (db_query(c->db, c->a, &sql_by_code, p, 1, 0, 0, &before[i]) != 0)
            return -1;
        if (before[i].n_rows > 0) {
            r->id = db_cell_int(&before[i], 0, B_ID);
            if (r->status == NULL)
                r->status = db_cell(&before[i], 0, B_STATUS);
            if (!product_status_edge_ok(db_cell(&before[i], 0, B_STATUS),
                                        r->status))
                rec_error(im, i, "status", "bad_status_change",
                          "a discontinued product stays so; an active one "
                          "cannot be new again");
        } else if (r->status == NULL) {
            r->status = "new";
        }
    }
    return 0;
}

struct import_uow {
    struct import *im;
    struct db_rows *before;
};

#define IMPORT_CONFLICT 1

static int
import_write(struct db *db, void *arg)
{
    struct import_uow *u = arg;
    struct import *im = u->im;
    struct ctx *c = im->c;
    /* the search terms of the new products and of the updated ones */
    struct product_key *fresh =
        arena_alloc(c->a, (im->n_recs + 1) * sizeof(*fresh));
    struct product_key *changed =
        arena_alloc(c->a, (im->n_recs + 1) * sizeof(*changed));
    size_t n_fresh = 0, n_changed = 0;

    im->created = im->updated = 0;
    for (size_t i = 0; i < im->n_recs; i++) {
        const struct import_rec *r = &im->recs[i];
        const char *key = pinyin_search_key(c->a, r->code, r->name, r->spec,
                                            r->brand, r->barcode);
        struct db_param p[16];
        struct sbuf d;
        char buf[MONEY_BUFSZ];
        const char *pack = arena_printf(c->a, "%lld", (long long)r->pack_qty);
        const char *launch = r->launch_on;
        int64_t id = r->id;

        sbuf_init(&d, c->a, 256);
        if (id == 0) {
            if (db_next_id(db, "product", &id) != 0)
                return -1;
            p[0] = DB_INT(id);
            p[1] = DB_TEXT(r->code);
            p[2] = DB_TEXT(r->name);
            p[3] = DB_TEXT(r->spec);
            p[4] = DB_TEXT(r->unit);
            p[5] = DB_INT(r->pack_qty);
            p[6] = DB_TEXT(r->barcode);
            p[7] = DB_TEXT(r->brand);
            p[8] = r->category_id > 0 ? DB_INT(r->category_id) : DB_NULLP;
            p[9] = DB_TEXT(r->status);
            p[10] = DB_INT(r->list_price);
            p[11] = DB_TEXT(launch);
            p[12] = DB_TEXT(key);
            p[13] = DB_TEXT(r->description);
            p[14] = DB_TS(im->now);
            p[15] = DB_TS(im->now);
            if (db_exec(db, &sql_insert, p, 16, NULL) != 0)
                return -1;
            fresh[n_fresh++] =
                (struct product_key){id, r->code, key, NULL, NULL};
            audit_diff(&d, "code", NULL, r->code);
            audit_diff(&d, "name", NULL, r->name);
            audit_diff(&d, "spec", NULL, r->spec);
            audit_diff(&d, "unit", NULL, r->unit);
            audit_diff(&d, "pack_qty", NULL, pack);
            audit_diff(&d, "barcode", NULL, r->barcode);
            audit_diff(&d, "brand", NULL, r->brand);
            audit_diff(&d, "category", NULL, r->category_label);
            audit_diff(&d, "status", NULL, r->status);
            audit_diff(&d, "list_price", NULL,
                       money_format(r->list_price, 0, buf, sizeof(buf)));
            audit_diff(&d, "launch_on", NULL, launch);
            audit_diff(&d, "description", NULL, r->description);
            if (audit_write(c, "product", id, "create",
                            arena_printf(c->a, "import: %s", d.buf)) != 0)
                return -1;
            im->created++;
        } else {
            const struct db_rows *b = &u->before[i];
            long n = 0;

            p[0] = DB_TEXT(r->name);
            p[1] = DB_TEXT(r->spec);
            p[2] = DB_TEXT(r->unit);
            p[3] = DB_INT(r->pack_qty);
            p[4] = DB_TEXT(r->barcode);
            p[5] = DB_TEXT(r->brand);
            p[6] = r->category_id > 0 ? DB_INT(r->category_id) : DB_NULLP;
            p[7] = DB_TEXT(r->status);
            p[8] = DB_TEXT(launch);
            p[9] = DB_TEXT(key);
            p[10] = DB_TEXT(r->description);
            p[11] = DB_TS(im->now);
            p[12] = DB_INT(id);
            p[13] = DB_INT(db_cell_int(b, 0, B_VERSION));
            if (db_exec(db, &sql_update, p, 14, &n) != 0)
                return -1;
            if (n == 0)
                return IMPORT_CONFLICT;
            changed[n_changed++] = (struct product_key){
                id, r->code, key, r->code, db_cell(b, 0, B_KEY)};
            audit_diff(&d, "name", db_cell(b, 0, B_NAME), r->name);
            audit_diff(&d, "spec", db_cell(b, 0, B_SPEC), r->spec);
            audit_diff(&d, "unit", db_cell(b, 0, B_UNIT), r->unit);
            audit_diff(&d, "pack_qty", db_cell(b, 0, B_PACK), pack);
            audit_diff(&d, "barcode", db_cell(b, 0, B_BARCODE), r->barcode);
            audit_diff(&d, "brand", db_cell(b, 0, B_BRAND), r->brand);
            audit_diff(&d, "category",
                       db_cell(b, 0, B_CAT_CODE) != NULL
                           ? page_label(c, db_cell(b, 0, B_CAT_CODE),
                                        db_cell(b, 0, B_CAT_NAME))
                           : NULL,
                       r->category_label);
            audit_diff(&d, "status", db_cell(b, 0, B_STATUS), r->status);
            audit_diff(&d, "launch_on",
                       text_iso_date(c->a, db_cell(b, 0, B_LAUNCH)), launch);
            audit_diff(&d, "description", db_cell(b, 0, B_DESCRIPTION),
                       r->description);
            if (audit_write(c, "product", id, "update",
                            arena_printf(c->a, "import: %s", d.buf)) != 0)
                return -1;
            im->updated++;
        }
    }
    return product_terms_write(db, c->a, fresh, n_fresh) != 0 ||
                   product_terms_write(db, c->a, changed, n_changed) != 0
               ? -1
               : 0;
}

/* The import page: <product-import state="form|refused|done"/>. */
static xmlNodePtr
import_page(struct ctx *c, const char *state)
{
    xmlNodePtr n = ctx_data(c, "product-import");

    xd_attr(n, "state", state);
    return n;
}

/* GET /import/products */
static int
import_form(struct ctx *c)
{
    import_page(c, "form");
    return 0;
}

/* POST /import/products */
static int
import_products(struct ctx *c)
{
    xmlSchemaPtr schema;
    xmlSchemaValidCtxtPtr vc;
    struct import im;
    struct import_uow w;
    xmlDocPtr doc;
    xmlNodePtr root;
    size_t n = 0;
    int rc;

    if ((doc = page_upload_xml(c)) == NULL)
        return -1;
    schema = xmlin_schema(FEED_SCHEMA_FILE);
    if (schema == NULL)
        return ctx_fail(c, 500, "internal", "internal error", NULL);
    memset(&im, 0, sizeof(im));
    im.c = c;
    im.report = import_page(c, "refused");
    root = xmlDocGetRootElement(doc);
    for (xmlNodePtr k = root != NULL ? root->children : NULL; k != NULL;
         k = k->next)
        if (k->type == XML_ELEMENT_NODE)
            n++;
    if (n > FEED_IMPORT_MAX)
        return ctx_fail(c, 413, "too_large", "at most 10000 products a file",
                        "file");
    im.recs = arena_alloc(c->a, (n + 1) * sizeof(*im.recs));
    memset(im.recs, 0, (n + 1) * sizeof(*im.recs));
    for (xmlNodePtr k = root != NULL ? root->children : NULL; k != NULL;
         k = k->next) {
        struct import_rec *r;

        if (k->type != XML_ELEMENT_NODE)
            continue;
        r = &im.recs[im.n_recs++];
        r->node = k;
        r->code = child_text(c, k, "code");
        r->name = child_text(c, k, "name");
        r->spec = child_text(c, k, "spec");
        r->unit = child_text(c, k, "unit");
        r->pack_text = child_text(c, k, "pack-qty");
        r->barcode = child_text(c, k, "barcode");
        r->brand = child_text(c, k, "brand");
        r->category = child_text(c, k, "category");
        r->status = child_text(c, k, "status");
        r->price_text = child_text(c, k, "list-price");
        r->launch_on = child_text(c, k, "launch-on");
        r->description = child_text(c, k, "description");
    }
    vc = xmlSchemaNewValidCtxt(schema);
    if (vc == NULL)
        return ctx_fail(c, 500, "internal", "internal error", NULL);
    xmlSchemaSetValidStructuredErrors(vc, schema_error, &im);
    rc = xmlSchemaValidateDoc(vc, doc);
    xmlSchemaFreeValidCtxt(vc);
    if (rc != 0 && im.n_errors == 0)
        import_error(&im, 0, NULL, NULL, 0, "schema", "invalid document");
    xd_attr_int(im.report, "records", (int64_t)im.n_recs);
    if (im.n_errors == 0) {
        w.im = &im;
        w.before = arena_alloc(c->a, (n + 1) * sizeof(*w.before));
        if (import_check(&im, w.before) != 0)
            return ctx_db_fail(c);
    }
    if (im.n_errors > 0) {
        xd_attr_int(im.report, "errors", im.n_errors);
        c->status = 422;
        ctx_message(c, "error", "import_refused", "file",
                    "the file was refused: nothing was written");
        return 0;
    }
    im.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, import_write, &w);
    if (rc == IMPORT_CONFLICT || (rc != 0 && db_unique_violation(c->db)))
        return ctx_fail(c, 409, "conflict",
                        "products were changed meanwhile: send the file "
                        "again",
                        NULL);
    if (rc != 0)
        return ctx_db_fail(c);
    xmlUnsetProp(im.report, BAD_CAST "state");
    xd_attr(im.report, "state", "done");
    xd_attr_int(im.report, "created", im.created);
    xd_attr_int(im.report, "updated", im.updated);
    return 0;
}

/* ==================================================================== */
/* Routes                                                               */
/* ==================================================================== */

static const struct param_spec catalog_params[] = {
    {"category", P_TEXT, 0, 40, NULL, 0},
    {"since", P_TEXT, 0, 10, NULL, 0},
    P_PAGE,
    P_END,
};
static const struct param_spec prices_params[] = {
    {"customer", P_TEXT, 0, 40, NULL, 0},
    P_PAGE,
    P_END,
};
static const struct param_spec no_params[] = {
    P_END,
};

/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/feeds/catalog",   "feed.catalog",         "product.view", NULL,       feed_catalog,    catalog_params, ROUTE_RAW},
    {REQ_GET,  "/feeds/prices",    "feed.prices",          "product.view", NULL,       feed_prices,     prices_params,  ROUTE_RAW},
    {REQ_GET,  "/import/products", "feed.import_form",     "product.edit", "feed.xsl", import_form,     NULL,           0},
    {REQ_POST, "/import/products", "feed.import_products", "product.edit", "feed.xsl", import_products, no_params,      ROUTE_UPLOAD},
};
/* clang-format on */

const struct module feed_module = {"feed", routes,
                                   sizeof(routes) / sizeof(routes[0])};
