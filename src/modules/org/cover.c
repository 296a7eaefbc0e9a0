/*
 * cover.c - the sales regions a unit covers: the form (every region,
 * those covered checked) and the save, which moves the unit's version
 * (GET and POST /org/units/{id}/regions).  See org_int.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "org_int.h"

#include "../../core/audit.h"
#include "../../core/clock.h"
#include "../../core/form.h"
#include "../../core/page.h"
#include "../../core/xd.h"

/* A change that belongs to the unit but is stored elsewhere (its
 * regions) moves the unit's version too. */
DB_STATEMENT(sql_unit_touch, 0,
             "UPDATE org_unit SET updated_at = ?, version = version + 1"
             " WHERE id = ? AND version = ?"
             " AND " SCOPE_OF_ID);

DB_STATEMENT(sql_unit_regions_clear, 0,
             "DELETE FROM unit_region WHERE unit_id = ?");

DB_STATEMENT(sql_unit_region_add, 0,
             "INSERT INTO unit_region (unit_id, region_id)"
             " SELECT u.id, r.id"
             " FROM org_unit u"
             " CROSS JOIN sales_region r"
             " WHERE u.id = ? AND r.id = ?");

/* ==================================================================== */
/* Units: regions                                                       */
/* ==================================================================== */

/* The regions form of unit u: every region, those covered marked. */
static int
regions_form(struct ctx *c, const struct db_rows *u, const int64_t *checked,
             size_t n_checked, struct db_rows *all)
{
    xmlNodePtr f = org_unit_form(c, "regions", u), o;

    xd_cell(f, "version", u, 0, 9);
    if (org_add_region_options(c, f, 0, all) != 0)
        return ctx_db_fail(c);
    for (o = f->children; o != NULL; o = o->next) {
        xmlChar *v = xmlGetProp(o, BAD_CAST "id");
        int64_t id = v != NULL ? strtoll((const char *)v, NULL, 10) : 0;

        xmlFree(v);
        for (size_t k = 0; k < n_checked; k++)
            if (checked[k] == id) {
                xd_attr(o, "checked", "true");
                break;
            }
    }
    return 0;
}

/* The regions a unit covers now, as ids (in the arena) and a label. */
static int
covered(struct ctx *c, int64_t unit, int64_t **ids, size_t *n,
        const char **text)
{
    struct db_rows r;
    struct sbuf b;

    if (org_unit_region_rows(c, unit, &r) != 0)
        return -1;
    *ids = arena_alloc(c->a, (r.n_rows + 1) * sizeof(int64_t));
    sbuf_init(&b, c->a, 64);
    for (size_t i = 0; i < r.n_rows; i++) {
        (*ids)[i] = db_cell_int(&r, i, 0);
        sbuf_printf(&b, "%s%s", i ? ", " : "", db_cell(&r, i, 2));
    }
    *n = r.n_rows;
    *text = b.buf;
    return 0;
}

/* GET /org/units/{id}/regions */
int
org_unit_regions_form(struct ctx *c)
{
    int64_t id = page_id(c), *ids;
    struct db_rows u;
    size_t n;
    const char *text;

    if (id < 0)
        return page_not_found(c, "org_unit", id);
    if (org_fetch_unit(c, id, &u) != 0)
        return ctx_db_fail(c);
    if (u.n_rows == 0)
        return page_not_found(c, "org_unit", id);
    if (covered(c, id, &ids, &n, &text) != 0)
        return ctx_db_fail(c);
    return regions_form(c, &u, ids, n, NULL);
}

struct unit_regions {
    struct ctx *c;
    int64_t id, version;
    const int64_t *ids;
    size_t n;
    const char *before, *after;
    time_t now;
};

static int
unit_regions_uow(struct db *db, void *arg)
{
    struct unit_regions *w = arg;
    struct db_param p[4];
    struct sbuf d;
    long n = 0;

    p[0] = DB_TS(w->now);
    p[1] = DB_INT(w->id);
    p[2] = DB_INT(w->version);
    p[3] = DB_INT(scope_unit(w->c));
    if (db_exec(db, &sql_unit_touch, p, 4, &n) != 0)
        return -1;
    if (n == 0)
        return ORG_CONFLICT;
    p[0] = DB_INT(w->id);
    if (db_exec(db, &sql_unit_regions_clear, p, 1, NULL) != 0)
        return -1;
    for (size_t k = 0; k < w->n; k++) {
        p[0] = DB_INT(w->id);
        p[1] = DB_INT(w->ids[k]);
        if (db_exec(db, &sql_unit_region_add, p, 2, &n) != 0)
            return -1;
        if (n != 1)
            return ORG_GONE;
    }
    sbuf_init(&d, w->c->a, 128);
    audit_diff(&d, "regions", w->before, w->after);
    return audit_write(w->c, "org_unit", w->id, "regions", d.buf);
}

/* POST /org/units/{id}/regions */
int
org_unit_regions(struct ctx *c)
{
    struct unit_regions w;
    struct db_rows u, all;
    int64_t *ids, *old;
    size_t n_old;
    struct sbuf after;
    char *found;
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

    /* the checked boxes: ids (the parameter table made them integers),
     * each once, at most ORG_MAX_COVERED */
    ids = arena_alloc(c->a, (c->req->n_fields + 1) * sizeof(int64_t));
    for (size_t i = 0; i < c->req->n_fields; i++) {
        const struct req_field *f = &c->req->fields[i];
        int64_t v;
        size_t k;

        if (strcmp(f->name, "region") != 0 || f->value[0] == '\0')
            continue;
        v = strtoll(f->value, NULL, 10);
        for (k = 0; k < w.n && ids[k] != v; k++)
            ;
        if (k == w.n)
            ids[w.n++] = v;
    }
    if (w.n > ORG_MAX_COVERED)
        form_error(c, "region", "too_many",
                   arena_printf(c->a, "at most %d regions", ORG_MAX_COVERED));
    if (covered(c, w.id, &old, &n_old, &w.before) != 0)
        return ctx_db_fail(c);
    if (!form_ok(c))
        return regions_form(c, &u, ids, w.n, NULL);
    if (w.version != db_cell_int(&u, 0, 9)) {
        page_conflict(c);
        return regions_form(c, &u, ids, w.n, NULL);
    }
    /* every id must be a region; the audit lists their codes in the
     * regions' order (by code) */
    if (org_region_rows(c, &all) != 0)
        return ctx_db_fail(c);
    found = arena_zalloc(c->a, w.n + 1);
    sbuf_init(&after, c->a, 64);
    for (size_t i = 0; i < all.n_rows; i++)
        for (size_t k = 0; k < w.n; k++)
            if (!found[k] && ids[k] == db_cell_int(&all, i, 0)) {
                sbuf_printf(&after, "%s%s", after.len ? ", " : "",
                            db_cell(&all, i, 3));
                found[k] = 1;
            }
    for (size_t k = 0; k < w.n; k++)
        if (!found[k]) {
            form_error(c, "region", "no_such_region", "no such region");
            break;
        }
    if (!form_ok(c))
        return regions_form(c, &u, ids, w.n, NULL);
    w.ids = ids;
    w.after = after.buf;
    w.now = clock_now();
    db_rollback(c->db);
    rc = db_uow(c->db, unit_regions_uow, &w);
    if (rc == ORG_CONFLICT || rc == ORG_GONE) {
        if (org_fetch_unit(c, w.id, &u) != 0)
            return ctx_db_fail(c);
        if (u.n_rows == 0)
            return page_not_found(c, "org_unit", w.id);
        if (rc == ORG_GONE)
            form_error(c, "region", "no_such_region", "no such region");
        else
            page_conflict(c);
        return regions_form(c, &u, ids, w.n, NULL);
    }
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(c,
                        arena_printf(c->a, "/org/units/%lld", (long long)w.id));
}
