/*
 * import.c - GET and POST /stock/docs/import: draft documents from an XML
 * file (schema/xsd/stockdoc-import.xsd), checked as a whole and written
 * in one unit of work, or refused with a report of every problem.  See
 * stockdoc_int.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "stockdoc_int.h"

#include "../ledger.h"
#include "../stocklines.h"

#include "../../core/arena.h"
#include "../../core/clock.h"
#include "../../core/ctx.h"
#include "../../core/docno.h"
#include "../../core/page.h"
#include "../../core/text.h"
#include "../../core/xd.h"
#include "../../core/xmlin.h"
#include "../../db/db.h"

#define SD_IMPORT_MAX  1000 /* documents in one import */
#define SD_ERRORS_MAX  200  /* errors reported for one import */
#define SD_SCHEMA_FILE "schema/xsd/stockdoc-import.xsd"

/* ==================================================================== */
/* The import                                                           */
/* ==================================================================== */

/* One <doc> of the file. */
struct imp_doc {
    xmlNodePtr node;
    struct doc_form f;
    struct stock_line *sl;
    xmlNodePtr *line_nodes;
};

struct imp {
    struct ctx *c;
    struct imp_doc *docs;
    size_t n_docs;
    xmlNodePtr report; /* <stockdoc-import> */
    int n_errors;
    size_t cur; /* the document being resolved (1-based) */
};

static const char *
attr(struct ctx *c, xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST name);
    const char *s = NULL;

    if (v != NULL && v[0] != '\0')
        s = arena_strdup(c->a, (const char *)v);
    xmlFree(v);
    return s;
}

/* Add <error doc line field code message xml-line/> to the report. */
static void
imp_error(struct imp *im, size_t doc, int line, const char *field,
          const char *code, const char *msg, long xml_line)
{
    xmlNodePtr e;

    if (++im->n_errors > SD_ERRORS_MAX)
        return;
    e = xd_elem(im->report, "error");
    if (doc > 0)
        xd_attr_int(e, "doc", (int64_t)doc);
    if (line > 0)
        xd_attr_int(e, "line", line);
    xd_attr(e, "field", field);
    xd_attr(e, "code", code);
    xd_attr(e, "message", msg);
    if (xml_line > 0)
        xd_attr_int(e, "xml-line", xml_line);
}

/* The document and line (1-based, 0: none) a node sits in. */
static void
imp_where(const struct imp *im, xmlNodePtr n, size_t *doc, int *line)
{
    *doc = 0;
    *line = 0;
    for (size_t i = 0; i < im->n_docs; i++) {
        const struct imp_doc *d = &im->docs[i];

        if (n == d->node) {
            *doc = i + 1;
            return;
        }
        for (int k = 0; k < d->f.n_lines; k++)
            if (n == d->line_nodes[k]) {
                *doc = i + 1;
                *line = k + 1;
                return;
            }
    }
}

static void
imp_schema_error(void *arg, xmlErrorPtr err)
{
    struct imp *im = arg;
    size_t doc = 0;
    int line = 0;
    char *msg = arena_strdup(im->c->a, err->message ? err->message : "invalid");
    size_t len = strlen(msg);

    const char *at = strstr(msg, "attribute '");
    const char *field = NULL;
    xmlNodePtr node = err->node;

    while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
        msg[--len] = '\0';
    /* "Element 'line', attribute 'qty': ..." names the field */
    if (at != NULL && strchr(at + 11, '\'') != NULL)
        field = arena_strndup(im->c->a, at + 11,
                              (size_t)(strchr(at + 11, '\'') - (at + 11)));
    if (node != NULL && node->type == XML_ATTRIBUTE_NODE) {
        field = (const char *)node->name;
        node = node->parent;
    }
    if (node != NULL)
        imp_where(im, node, &doc, &line);
    imp_error(im, doc, line, field, "schema", msg, err->line);
}

static void
imp_line_error(void *arg, int line_no, const char *code, const char *text)
{
    struct imp *im = arg;
    const struct imp_doc *d = &im->docs[im->cur - 1];
    static const struct {
        const char *code, *field;
    } fields[] = {{"bad_qty", "qty"},    {"bad_price", "price"},
                  {"too_long", "note"},  {"no_product", "code"},
                  {"duplicate", "code"}, {"too_large", "qty"}};
    const char *field = NULL;

    for (size_t i = 0; i < XD_N(fields); i++)
        if (!strcmp(fields[i].code, code))
            field = fields[i].field;
    if (line_no < 1 || line_no > d->f.n_lines)
        line_no = 0;
    imp_error(
        im, im->cur, line_no, field, code,
        line_no > 0 && d->sl[line_no - 1].code != NULL
            ? arena_printf(im->c->a, "%s: %s", text, d->sl[line_no - 1].code)
            : text,
        line_no > 0 ? xmlGetLineNo(d->line_nodes[line_no - 1]) : 0);
}

/* Read the <doc> elements (after the schema passed). */
static void
imp_read(struct imp *im, xmlNodePtr root)
{
    struct ctx *c = im->c;

    for (xmlNodePtr k = root->children; k != NULL; k = k->next) {
        struct imp_doc *d;
        int n = 0;

        if (k->type != XML_ELEMENT_NODE)
            continue;
        d = &im->docs[im->n_docs++];
        d->node = k;
        d->f.c = c;
        d->f.kd = sd_kind_def(attr(c, k, "kind"));
        d->f.doc_on = attr(c, k, "date");
        d->f.reason = attr(c, k, "reason");
        d->f.ref_no = attr(c, k, "ref");
        d->f.note = attr(c, k, "note");
        d->f.amount = -1;
        for (xmlNodePtr l = k->children; l != NULL; l = l->next)
            n += l->type == XML_ELEMENT_NODE;
        d->sl = arena_zalloc(c->a, (size_t)(n + 1) * sizeof(*d->sl));
        d->line_nodes =
            arena_zalloc(c->a, (size_t)(n + 1) * sizeof(*d->line_nodes));
        d->f.lines = arena_zalloc(c->a, (size_t)(n + 1) * sizeof(*d->f.lines));
        for (xmlNodePtr l = k->children; l != NULL; l = l->next) {
            struct stock_line *s;
            const char *qty;

            if (l->type != XML_ELEMENT_NODE)
                continue;
            s = &d->sl[d->f.n_lines];
            d->line_nodes[d->f.n_lines++] = l;
            s->line_no = d->f.n_lines;
            s->code = attr(c, l, "code");
            qty = attr(c, l, "qty");
            s->qty = qty != NULL ? strtoll(qty, NULL, 10) : -1;
            s->price = -1;
            s->note = attr(c, l, "note");
        }
    }
}

/* The business checks of document i (1-based): warehouses, reason, date,
 * lines.  0, or -1 (database). */
static int
imp_check(struct imp *im, size_t i, const char *day)
{
    struct ctx *c = im->c;
    struct imp_doc *d = &im->docs[i - 1];
    struct doc_form *f = &d->f;
    long at = xmlGetLineNo(d->node);
    const char *wh = attr(c, d->node, "warehouse");
    const char *dest = attr(c, d->node, "dest");
    struct db_rows w;
    int rc;

    if ((rc = sd_wh_find(c, 1, 0, wh, &w)) < 0)
        return -1;
    if (rc > 0 || strcmp(db_cell(&w, 0, W_STATUS), "active") != 0) {
        imp_error(im, i, 0, "warehouse", "no_warehouse",
                  rc > 0 ? "no such warehouse" : "the warehouse is closed", at);
    } else {
        f->wh = db_cell_int(&w, 0, W_ID);
        f->wh_label =
            page_label(c, db_cell(&w, 0, W_CODE), db_cell(&w, 0, W_NAME));
    }
    if (!strcmp(f->kd->kind, "transfer")) {
        if (dest == NULL)
            imp_error(im, i, 0, "dest", "no_warehouse",
                      "a transfer needs a destination", at);
        else if ((rc = sd_wh_find(c, 0, 0, dest, &w)) < 0)
            return -1;
        else if (rc > 0 || strcmp(db_cell(&w, 0, W_STATUS), "active") != 0)
            imp_error(im, i, 0, "dest", "no_warehouse",
                      rc > 0 ? "no such warehouse" : "the warehouse is closed",
                      at);
        else if ((f->dest = db_cell_int(&w, 0, W_ID)) == f->wh)
            imp_error(im, i, 0, "dest", "same_warehouse",
                      "the destination is the warehouse it leaves", at);
        else
            f->dest_label =
                page_label(c, db_cell(&w, 0, W_CODE), db_cell(&w, 0, W_NAME));
        if (f->reason != NULL)
            imp_error(im, i, 0, "reason", "bad_reason",
                      "a transfer has no reason", at);
    } else if (dest != NULL) {
        imp_error(im, i, 0, "dest", "bad_dest", "only a transfer has one", at);
    } else if (text_one_of(f->reason, f->kd->reasons) == NULL) {
        imp_error(im, i, 0, "reason", "bad_reason",
                  f->reason == NULL ? "a reason is needed"
                                    : "not a reason of this kind",
                  at);
    }
    if (strcmp(f->doc_on, day) > 0)
        imp_error(im, i, 0, "date", "future_date", "the date is in the future",
                  at);
    im->cur = i;
    rc = stock_lines_resolve(c->db, c->a, d->sl, f->n_lines, f->kd->line_flags,
                             imp_line_error, im);
    if (rc < 0)
        return -1;
    for (int k = 0; k < f->n_lines; k++) {
        struct doc_line *l = &f->lines[k];

        l->line_no = d->sl[k].line_no;
        l->product_id = d->sl[k].product_id;
        l->code = d->sl[k].code;
        l->name = d->sl[k].name;
        l->unit = d->sl[k].unit;
        l->qty = d->sl[k].qty;
        l->price = -1;
        l->qty_done = -1;
        l->cond = "sellable";
        l->note = d->sl[k].note;
    }
    return 0;
}

struct imp_work {
    struct imp *im;
    time_t now;
};

/* Every document of the import, each its own id and number. */
static int
imp_uow(struct db *db, void *arg)
{
    struct imp_work *w = arg;
    struct imp *im = w->im;

    for (size_t i = 0; i < im->n_docs; i++) {
        struct doc_form *f = &im->docs[i].f;
        char no[DOCNO_MAX];
        int rc;

        if (db_next_id(db, "stock_doc", &f->id) != 0)
            return -1;
        docno_make(no, f->kd->prefix, f->doc_on, f->id);
        f->doc_no = arena_strdup(im->c->a, no);
        f->version = 0;
        f->action = "import";
        f->now = w->now;
        if ((rc = sd_doc_write(db, f)) != 0)
            return rc;
    }
    return 0;
}

static xmlNodePtr
imp_page(struct ctx *c, const char *state)
{
    xmlNodePtr n = ctx_data(c, "stockdoc-import");

    xd_attr(n, "state", state);
    return n;
}

/* GET /stock/docs/import */
int
sd_imp_form(struct ctx *c)
{
    imp_page(c, "form");
    return 0;
}

/* POST /stock/docs/import: a file in the field "file", or the document as
 * an application/xml body (an integrator with an API key). */
int
sd_imp_post(struct ctx *c)
{
    xmlSchemaPtr schema = xmlin_schema(SD_SCHEMA_FILE);
    xmlSchemaValidCtxtPtr vc;
    struct imp im;
    struct imp_work w;
    xmlDocPtr doc = page_upload_xml(c);
    xmlNodePtr root;
    char day[11];
    size_t n = 0;
    int rc;

    if (doc == NULL)
        return -1;
    if (schema == NULL)
        return ctx_fail(c, 500, "internal", "internal error", NULL);
    memset(&im, 0, sizeof(im));
    im.c = c;
    im.report = imp_page(c, "refused");
    root = xmlDocGetRootElement(doc);
    for (xmlNodePtr k = root != NULL ? root->children : NULL; k != NULL;
         k = k->next)
        n += k->type == XML_ELEMENT_NODE;
    if (n > SD_IMPORT_MAX)
        return ctx_fail(c, 413, "too_large", "at most 1000 documents a file",
                        "file");
    im.docs = arena_zalloc(c->a, (n + 1) * sizeof(*im.docs));
    vc = xmlSchemaNewValidCtxt(schema);
    if (vc == NULL)
        return ctx_fail(c, 500, "internal", "internal error", NULL);
    xmlSchemaSetValidStructuredErrors(vc, imp_schema_error, &im);
    if (root != NULL)
        imp_read(&im, root);
    rc = xmlSchemaValidateDoc(vc, doc);
    xmlSchemaFreeValidCtxt(vc);
    if (rc != 0 && im.n_errors == 0)
        imp_error(&im, 0, 0, NULL, "schema", "invalid document", 0);
    xd_attr_int(im.report, "docs", (int64_t)im.n_docs);
    clock_day(day, 0);
    for (size_t i = 0; rc == 0 && i < im.n_docs; i++)
        if (imp_check(&im, i + 1, day) != 0)
            return ctx_db_fail(c);
    if (im.n_errors > 0) {
        xd_attr_int(im.report, "errors", im.n_errors);
        c->status = 422;
        ctx_message(c, "error", "import_refused", "file",
                    "the file was refused: nothing was written");
        return 0;
    }
    w.im = &im;
    w.now = clock_now();
    db_rollback(c->db);
    if (db_uow(c->db, imp_uow, &w) != 0)
        return ctx_db_fail(c);
    xmlUnsetProp(im.report, BAD_CAST "state");
    xd_attr(im.report, "state", "done");
    xd_attr_int(im.report, "created", (int64_t)im.n_docs);
    for (size_t i = 0; i < im.n_docs; i++) {
        xmlNodePtr e = xd_elem(im.report, "created-doc");

        xd_attr_int(e, "id", im.docs[i].f.id);
        xd_attr(e, "doc-no", im.docs[i].f.doc_no);
        xd_attr(e, "kind", im.docs[i].f.kd->kind);
    }
    return 0;
}
