/*
 * show.c - one product's page, GET /products/{id}: its stored fields,
 * whether it is new, its availability, its images, the user's own price
 * with its reasoning and, for those who edit, its history.  See
 * products_int.h.
 */
#include <stdint.h>
#include <string.h>

#include "products_int.h"

#include "../party.h"
#include "../products.h"
#include "../stock.h"

#include "../../core/auth.h"
#include "../../core/clock.h"
#include "../../core/ctx.h"
#include "../../core/page.h"
#include "../../core/scope.h"
#include "../../core/text.h"
#include "../../core/xd.h"
#include "../../db/db.h"

#define PRODUCT_HISTORY 50 /* audit entries on the detail page */

DB_STATEMENT(sql_images, 0,
             "SELECT i.id, i.file_name, i.mime, i.byte_size, i.created_at"
             " FROM product_image i"
             " WHERE i.product_id = ?"
             " ORDER BY i.sort_key, i.id");

/* The rule in products_int.h: is this product new today? */
static int
product_is_new(const char *status, const char *launch_on)
{
    char from[11], today[11];

    if (status == NULL || strcmp(status, "discontinued") == 0)
        return 0;
    if (strcmp(status, "new") == 0)
        return 1;
    if (launch_on == NULL || strlen(launch_on) < 10)
        return 0;
    clock_day(from, -PRODUCT_NEW_DAYS);
    clock_day(today, 0);
    return strncmp(launch_on, from, 10) >= 0 &&
           strncmp(launch_on, today, 10) <= 0;
}

/* products.h */
int
product_avail_for(struct ctx *c, struct product_avail_scope *f)
{
    f->serve = scope_unit(c);
    f->scope = scope_unit(c);
    if (pd_own_party(c) > 0) {
        struct party_brief p;
        int rc = party_get(c, pd_own_party(c), &p);

        if (rc < 0)
            return -1;
        f->serve = rc == 0 ? p.unit_id : -1;
        f->scope = -1;
    }
    return 0;
}

/* products.h */
int
product_availability_xml(struct ctx *c, xmlNodePtr *nodes,
                         const int64_t *product_ids, size_t n,
                         const struct product_avail_scope *f)
{
    struct product_avail_scope own;
    struct stock_avail av[STOCK_AVAIL_MANY];
    int qty = auth_can(c, "stock.qty");

    if (f == NULL) {
        if (product_avail_for(c, &own) != 0)
            return -1;
        f = &own;
    }
    for (size_t at = 0; at < n; at += STOCK_AVAIL_MANY) {
        size_t k = n - at < STOCK_AVAIL_MANY ? n - at : STOCK_AVAIL_MANY;

        if (stock_availability_many(c->db, product_ids + at, k, f->serve,
                                    f->scope, av) != 0)
            return -1;
        for (size_t i = 0; i < k; i++) {
            xd_attr(nodes[at + i], "availability", av[i].level);
            if (qty)
                xd_attr_int(nodes[at + i], "available-qty", av[i].available);
        }
    }
    return 0;
}

/* GET /products/{id} */
int
pd_show(struct ctx *c)
{
    static const char *const img_cols[] = {"id", "file-name", "mime",
                                           "byte-size"};
    int64_t id = page_id(c);
    struct db_param p[1];
    struct db_rows r, im;
    xmlNodePtr n;

    if (id < 0)
        return page_not_found(c, "product", id);
    if (pd_fetch(c, id, &r) != 0)
        return ctx_db_fail(c);
    if (r.n_rows == 0)
        return page_not_found(c, "product", id);
    n = ctx_data(c, "product");
    pd_values(c, n, &r, 1);
    xd_attr(n, "created-at", text_iso_ts(c->a, db_cell(&r, 0, G_CREATED)));
    xd_attr(n, "updated-at", text_iso_ts(c->a, db_cell(&r, 0, G_UPDATED)));
    if (product_is_new(db_cell(&r, 0, G_STATUS), db_cell(&r, 0, G_LAUNCH)))
        xd_attr(n, "is-new", "true");
    if (product_availability_xml(c, &n, &id, 1, NULL) != 0)
        return ctx_db_fail(c);
    page_can(c, n, "can-order", "cart.use");
    if (pd_own_party(c) == 0) {
        page_can(c, n, "can-edit", "product.edit");
        page_can(c, n, "can-price", "price.view");
    }
    if (db_cell(&r, 0, G_DESCRIPTION) != NULL)
        xd_text(n, "description", db_cell(&r, 0, G_DESCRIPTION));
    p[0] = DB_INT(id);
    if (db_query(c->db, c->a, &sql_images, p, 1, 0, 0, &im) != 0)
        return ctx_db_fail(c);
    xd_rows(xd_elem(n, "images"), "image", &im, img_cols, XD_N(img_cols));
    if (pd_add_own_price(c, n, id, 1) != 0)
        return ctx_db_fail(c);
    if (pd_own_party(c) == 0 && auth_can(c, "product.edit") &&
        page_history(c, n, "product", id, PRODUCT_HISTORY) != 0)
        return ctx_db_fail(c);
    return 0;
}
