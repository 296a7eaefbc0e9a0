/*
 * images.c - the images of a product: POST /products/{id}/images (a PNG
 * or JPEG upload), GET /products/{id}/images/{image} (the stored bytes)
 * and POST /products/{id}/images/{image}/delete.  See products_int.h.
 */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "products_int.h"

#include "../../core/arena.h"
#include "../../core/audit.h"
#include "../../core/auth.h"
#include "../../core/clock.h"
#include "../../core/ctx.h"
#include "../../core/filetype.h"
#include "../../core/form.h"
#include "../../core/log.h"
#include "../../core/page.h"
#include "../../db/db.h"

#define PRODUCT_IMAGE_MAX 1048576 /* bytes of one image (1 MiB) */
#define PRODUCT_IMAGES    20      /* images of one product */

DB_STATEMENT(sql_image_count, 0,
             "SELECT COUNT(*) FROM product_image i WHERE i.product_id = ?");
DB_STATEMENT(sql_image_body, 0,
             "SELECT i.mime, i.body, i.file_name"
             " FROM product_image i"
             " WHERE i.id = ? AND i.product_id = ?");
DB_STATEMENT(sql_image_insert, 0,
             "INSERT INTO product_image (id, product_id, file_name, mime,"
             " byte_size, body, sort_key, created_at, created_by)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
DB_STATEMENT(sql_image_delete, 0,
             "DELETE FROM product_image WHERE id = ? AND product_id = ?");

/* ==================================================================== */
/* Images                                                               */
/* ==================================================================== */

/* The type of an image by its first bytes (core/filetype.h); NULL when it
 * is not an accepted picture. */
static const char *
image_type(const char *data, size_t len)
{
    const struct filetype *t = filetype_sniff(data, len);

    return filetype_is_image(t) ? t->mime : NULL;
}

struct image_write {
    struct ctx *c;
    int64_t id, product_id, sort_key;
    const char *mime, *code;
    const struct req_upload *u;
    time_t now;
};

static int
image_upload_uow(struct db *db, void *arg)
{
    struct image_write *w = arg;
    struct ctx *c = w->c;
    struct db_param p[9];

    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->product_id);
    p[2] = DB_TEXT(w->mime[6] == 'p' ? "image.png" : "image.jpg");
    p[3] = DB_TEXT(w->mime);
    p[4] = DB_INT((int64_t)w->u->len);
    p[5] = DB_BLOB(w->u->data, w->u->len);
    p[6] = DB_INT(w->sort_key);
    p[7] = DB_TS(w->now);
    p[8] = c->user != NULL ? DB_INT(c->user->id) : DB_NULLP;
    if (db_exec(db, &sql_image_insert, p, 9, NULL) != 0)
        return -1;
    return audit_write(c, "product", w->product_id, "image_add",
                       arena_printf(c->a, "image %lld: %s, %zu bytes",
                                    (long long)w->id, w->mime, w->u->len));
}

/* POST /products/{id}/images (multipart: file) */
int
pd_image_upload(struct ctx *c)
{
    int64_t id = page_id(c);
    const struct req_upload *u = NULL;
    struct image_write w;
    struct db_param p[1];
    struct db_rows r, n;

    if (id < 0)
        return page_not_found(c, "product", id);
    if (pd_fetch(c, id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "product", id);
    for (size_t i = 0; i < c->req->n_uploads; i++) {
        const struct req_upload *x = &c->req->uploads[i];

        if (strcmp(x->field, "file") != 0)
            return ctx_fail(c, 400, "bad_param", "unexpected file", x->field);
        if (u != NULL)
            return ctx_fail(c, 400, "bad_param", "one file only", "file");
        u = x;
    }
    memset(&w, 0, sizeof(w));
    w.c = c;
    w.product_id = id;
    p[0] = DB_INT(id);
    if (db_query(c->db, c->a, &sql_image_count, p, 1, 0, 0, &n) != 0)
        return ctx_db_fail(c);
    w.sort_key = db_cell_int(&n, 0, 0);
    if (u == NULL || u->len == 0)
        form_error(c, "file", u == NULL ? "required" : "empty_file",
                   u == NULL ? "choose a file" : "the file is empty");
    else if (u->len > PRODUCT_IMAGE_MAX)
        form_error(c, "file", "file_too_large", "at most 1 MiB");
    else if ((w.mime = image_type(u->data, u->len)) == NULL)
        form_error(c, "file", "bad_file_type",
                   "only PNG and JPEG images are accepted");
    else if (w.sort_key >= PRODUCT_IMAGES)
        form_error(c, "file", "too_many_images", "at most 20 images");
    if (!form_ok(c))
        return pd_show(c); /* the page again, status 422 */
    w.u = u;
    db_rollback(c->db);
    if (db_next_id(c->db, "product_image", &w.id) != 0)
        return ctx_db_fail(c);
    w.now = clock_now();
    if (db_uow(c->db, image_upload_uow, &w) != 0)
        return ctx_db_fail(c);
    return ctx_redirect(c, arena_printf(c->a, "/products/%lld", (long long)id));
}

/*
 * GET /products/{id}/images/{image}: the stored bytes with the type they
 * were sniffed as (sniffed again: a row changed behind our back is never
 * served as anything else), as an attachment (an <img> shows it all the
 * same; opened directly it downloads), nosniff and no-store from the
 * dispatcher: product.view is a signed-in right, so no shared cache.
 */
int
pd_image(struct ctx *c)
{
    int64_t id = route_arg_id(c->req, "id");
    int64_t image = route_arg_id(c->req, "image");
    struct db_param p[2];
    struct db_rows r;
    const char *body, *t;
    size_t len;

    if (id <= 0 || image <= 0)
        return page_not_found(c, "product_image", image);
    p[0] = DB_INT(image);
    p[1] = DB_INT(id);
    if (db_query(c->db, c->a, &sql_image_body, p, 2, 0, 0, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows != 1)
        return page_not_found(c, "product_image", image);
    body = db_cell_blob(&r, 0, 1, &len);
    t = body != NULL ? image_type(body, len) : NULL;
    if (t == NULL || db_cell(&r, 0, 0) == NULL ||
        strcmp(t, db_cell(&r, 0, 0)) != 0) {
        log_error("req=%s product_image %lld: stored body does not match "
                  "its type",
                  c->request_id, (long long)image);
        return ctx_fail(c, 500, "internal", "internal error", NULL);
    }
    ctx_header(c, "Content-Disposition",
               arena_printf(c->a,
                            "attachment; filename=\"product-%lld-%lld%s\"",
                            (long long)id, (long long)image,
                            t[6] == 'p' ? ".png" : ".jpg"));
    c->raw_type = t;
    sbuf_init(&c->raw, c->a, len + 1);
    sbuf_add(&c->raw, body, len);
    return 0;
}

static int
image_delete_uow(struct db *db, void *arg)
{
    struct image_write *w = arg;
    struct db_param p[2];
    long n = 0;

    p[0] = DB_INT(w->id);
    p[1] = DB_INT(w->product_id);
    if (db_exec(db, &sql_image_delete, p, 2, &n) != 0)
        return -1;
    if (n == 0)
        return PRODUCT_CONFLICT;
    return audit_write(w->c, "product", w->product_id, "image_delete",
                       arena_printf(w->c->a, "image %lld", (long long)w->id));
}

/* POST /products/{id}/images/{image}/delete */
int
pd_image_delete(struct ctx *c)
{
    struct image_write w;
    int rc;

    memset(&w, 0, sizeof(w));
    w.c = c;
    w.product_id = route_arg_id(c->req, "id");
    w.id = route_arg_id(c->req, "image");
    if (w.product_id <= 0 || w.id <= 0)
        return page_not_found(c, "product_image", w.id);
    db_rollback(c->db);
    rc = db_uow(c->db, image_delete_uow, &w);
    if (rc == PRODUCT_CONFLICT)
        return page_not_found(c, "product_image", w.id);
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(
        c, arena_printf(c->a, "/products/%lld", (long long)w.product_id));
}
