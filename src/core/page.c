/* page.c - see page.h. */
#include "page.h"

#include <string.h>

#include "auth.h"
#include "ctx.h"
#include "route.h"
#include "scope.h"
#include "text.h"
#include "xd.h"
#include "xmlin.h"
#include "../db/db.h"

DB_STATEMENT(sql_page_history, DB_PAGED,
             "SELECT a.at, a.action, a.detail, a.user_id, q.login,"
             " q.display_name"
             " FROM audit_log a"
             " LEFT JOIN qd_user q ON q.id = a.user_id"
             " WHERE a.entity = ? AND a.entity_id = ?"
             " AND a.action <> 'denied'"
             " ORDER BY a.at DESC, a.id DESC");

int64_t
page_id(struct ctx *c)
{
    return route_arg_id(c->req, "id");
}

void
page_can(struct ctx *c, xmlNodePtr n, const char *name, const char *perm)
{
    if (auth_can(c, perm))
        xd_attr(n, name, "true");
}

void
page_echo(struct ctx *c, xmlNodePtr n, const char *const *pairs)
{
    for (size_t i = 0; pairs[i] != NULL; i += 2)
        xd_attr(n, pairs[i + 1], param_text(c->req, pairs[i]));
}

const char *
page_label(struct ctx *c, const char *code, const char *name)
{
    if (code == NULL)
        return "";
    return arena_printf(c->a, "%s (%s)", name != NULL ? name : "", code);
}

int
page_not_found(struct ctx *c, const char *entity, int64_t id)
{
    if (id > 0)
        scope_denied(c, entity, id);
    return ctx_fail(c, 404, "not_found", "no such record", NULL);
}

void
page_conflict(struct ctx *c)
{
    c->status = 409;
    ctx_message(c, "error", "conflict", NULL,
                "someone else changed this record meanwhile; compare and "
                "save again");
}

void
page_ts(struct ctx *c, xmlNodePtr n, const char *name, const char *db_ts)
{
    if (db_ts != NULL)
        xd_attr(n, name, text_iso_ts(c->a, db_ts));
}

void
page_ts_cell(struct ctx *c, xmlNodePtr n, const char *name,
             const struct db_rows *r, size_t row, size_t col)
{
    page_ts(c, n, name, db_cell(r, row, col));
}

int
page_history(struct ctx *c, xmlNodePtr parent, const char *entity, int64_t id,
             long max)
{
    struct db_param p[2];
    struct db_rows r;
    xmlNodePtr h;

    p[0] = DB_TEXT(entity);
    p[1] = DB_INT(id);
    if (db_query(c->db, c->a, &sql_page_history, p, 2, max, 0, &r) != 0)
        return -1;
    h = xd_elem(parent, "history");
    for (size_t i = 0; i < r.n_rows; i++) {
        xmlNodePtr e = xd_elem(h, "entry");

        page_ts(c, e, "at", db_cell(&r, i, 0));
        xd_cell(e, "action", &r, i, 1);
        xd_cell(e, "user-id", &r, i, 3);
        xd_cell(e, "login", &r, i, 4);
        xd_cell(e, "user-name", &r, i, 5);
        xd_cell(e, "detail", &r, i, 2);
    }
    return 0;
}

int
page_rows(struct ctx *c, long per_page, int64_t *page, int64_t *total,
          int64_t *pages, const struct db_sql *count_sql,
          const struct db_param *cp, size_t n_cp, const struct db_sql *list_sql,
          const struct db_param *lp, size_t n_lp, struct db_rows *rows)
{
    struct db_rows count;

    if (db_query(c->db, c->a, count_sql, cp, n_cp, 0, 0, &count) != 0)
        return ctx_db_fail(c);
    *total = db_cell_int(&count, 0, 0);
    *pages = (*total + per_page - 1) / per_page;
    if (*page > *pages)
        *page = *pages > 0 ? *pages : 1;
    if (*page < 1)
        *page = 1;
    if (db_query(c->db, c->a, list_sql, lp, n_lp, per_page,
                 (long)((*page - 1) * per_page), rows) != 0)
        return ctx_db_fail(c);
    return 0;
}

int
page_list(struct ctx *c, xmlNodePtr n, long per_page,
          const struct db_sql *count_sql, const struct db_param *cp,
          size_t n_cp, const struct db_sql *list_sql, const struct db_param *lp,
          size_t n_lp, const char *sort, int desc, struct db_rows *rows)
{
    int64_t page = param_int(c->req, "page", 1), total, pages;

    if (page_rows(c, per_page, &page, &total, &pages, count_sql, cp, n_cp,
                  list_sql, lp, n_lp, rows) != 0)
        return -1;
    xd_attr(n, "sort", sort);
    xd_attr(n, "dir", desc ? "desc" : "asc");
    page_attrs(n, page, pages, total, per_page, rows->n_rows);
    return 0;
}

void
page_attrs(xmlNodePtr n, int64_t page, int64_t pages, int64_t total,
           long per_page, size_t n_rows)
{
    xd_attr_int(n, "page", page);
    xd_attr_int(n, "pages", pages);
    xd_attr_int(n, "total", total);
    xd_attr_int(n, "per-page", per_page);
    xd_attr_int(n, "first", n_rows ? (page - 1) * per_page + 1 : 0);
    xd_attr_int(n, "last", (page - 1) * per_page + (int64_t)n_rows);
}

static void
free_upload_doc(void *doc)
{
    xmlFreeDoc(doc);
}

xmlDocPtr
page_upload_xml(struct ctx *c)
{
    const struct req_upload *u = NULL;
    xmlDocPtr doc;
    char err[128];

    if (c->xml_body != NULL)
        return c->xml_body;
    for (size_t i = 0; i < c->req->n_uploads; i++) {
        const struct req_upload *x = &c->req->uploads[i];

        if (strcmp(x->field, "file") != 0 || u != NULL) {
            ctx_fail(c, 400, "bad_param", "one file, in the field \"file\"",
                     x->field);
            return NULL;
        }
        u = x;
    }
    if (u == NULL || u->len == 0) {
        ctx_fail(c, 400, "bad_param", "choose a file", "file");
        return NULL;
    }
    doc = xmlin_parse(u->data, u->len, err, sizeof(err));
    if (doc == NULL) {
        ctx_fail(c, 400, "bad_xml", arena_strdup(c->a, err), "file");
        return NULL;
    }
    arena_on_free(c->a, free_upload_doc, doc);
    return doc;
}
