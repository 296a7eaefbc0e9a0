/*
 * products_int.h - what the files of src/modules/products/ share and
 * nothing else sees.  The module:
 *
 * products - the product catalog (M3).
 *
 * Pages:  GET  /products                   list: search (q), sort, page;
 *                                          .csv (the same filters and sort)
 *         GET  /products/new-arrivals      new products (rule below); .csv
 *         GET  /products/{id}              one product, images, history
 *         GET  /products/new               form; POST creates
 *         GET  /products/{id}/edit         form; POST saves (row version)
 *         POST /products/{id}/retire       status discontinued (guarded)
 *         POST /products/{id}/images       upload a PNG/JPEG (<= 1 MiB)
 *         GET  /products/{id}/images/{image}  the stored bytes
 *         POST /products/{id}/images/{image}/delete
 *         Reading needs product.view (every seed role: the catalog is the
 *         company's and its channel's, not the public's); writing needs
 *         product.edit.  The list price is set on create; later changes
 *         are the price module's (/prices/{id}: approval, history).
 * Tables: product, category (schema/0001-core.xml), product_image
 *         (schema/0005-catalog.xml), product_term (schema/0007-search.xml);
 *         audit_log.
 * Style:  xsl/products.xsl; text in xsl/i18n/<lang>/products.xml;
 *         documents in schema/xsd/products.xsd.
 *
 * A product is NEW while its status is 'new', or while it is not
 * discontinued and was launched (launch_on) within PRODUCT_NEW_DAYS days
 * up to today (a launch date in the future does not count).
 *
 * Channel users (c->user->party_id > 0) see their own price (price_quote,
 * quantity 1, today) beside the list price; the detail page explains it.
 * Availability (add_availability) comes from the stock of the warehouses
 * that serve the user (stock.h).
 *
 * The list searches product.search_key, the key the application writes
 * with core/pinyin.h (code, barcode, name, spec, brand, their pinyin and
 * initials), through its term index (product_term, schema/0007-search.xml,
 * rewritten on every save), and ranks what it finds (see "The search"
 * in list.c).
 *
 * Files:  products_int.h  what the files share and nothing else sees: the
 *                         rule of new products, the columns of a product,
 *                         the functions used across files
 *         common.c        one product (pd_fetch) and its stored fields as
 *                         XML, the party whose prices the user sees and
 *                         the user's own price
 *         list.c          the list and its search, new arrivals, with
 *                         their CSV
 *         show.c          one product's page: availability, images,
 *                         history
 *         form.c          new, edit and retire: the form, its checks and
 *                         the writes of a product (and the rules of
 *                         products.h: the EAN-13 check, the status edges)
 *         terms.c         the search terms of a product
 *                         (product_terms_write, products.h)
 *         images.c        upload, serve and delete a product's images
 *         routes.c        the parameters, the route table and
 *                         products_module
 */
#ifndef QUDAO_PRODUCTS_INT_H
#define QUDAO_PRODUCTS_INT_H

#include <stdint.h>

#include <libxml/tree.h>

#include "../../db/db.h"

struct ctx;
struct price_quote;

#define PRODUCT_NEW_DAYS 90 /* launched this recently: new */

/* The result of a unit of work besides 0 and -1: the row moved on or is
 * gone (form.c, images.c). */
#define PRODUCT_CONFLICT 1

/* Columns of sql_get (common.c, pd_fetch). */
enum gcol {
    G_ID,
    G_CODE,
    G_NAME,
    G_SPEC,
    G_UNIT,
    G_PACK,
    G_BARCODE,
    G_BRAND,
    G_CAT_NAME,
    G_CAT_ID,
    G_STATUS,
    G_PRICE,
    G_LAUNCH,
    G_VERSION,
    G_CREATED,
    G_UPDATED,
    G_DESCRIPTION,
    G_CAT_CODE,
    G_KEY
};

/* The orders of the list (list.c), which the parameter spec takes as
 * choices (routes.c). */
extern const char *const pd_sort_keys[];

/* The functions used across files, by the file that defines them; the
 * handlers (pd_list ...) are those of the route table (routes.c). */

/* common.c */
int pd_fetch(struct ctx *c, int64_t id, struct db_rows *r);
void pd_values(struct ctx *c, xmlNodePtr n, const struct db_rows *r,
               int with_id);
int64_t pd_own_party(const struct ctx *c);
int pd_add_own_price(struct ctx *c, xmlNodePtr n, int64_t product_id,
                     int explain);
int pd_own_prices(struct ctx *c, const struct db_rows *r, size_t col,
                  struct price_quote **q, int **rcs);
void pd_put_own_price(xmlNodePtr n, const struct price_quote *q, int explain);

/* list.c */
int pd_list(struct ctx *c);
int pd_new_arrivals(struct ctx *c);

/* show.c */
int pd_show(struct ctx *c);

/* form.c */
int pd_new(struct ctx *c);
int pd_create(struct ctx *c);
int pd_edit(struct ctx *c);
int pd_update(struct ctx *c);
int pd_retire(struct ctx *c);

/* images.c */
int pd_image_upload(struct ctx *c);
int pd_image(struct ctx *c);
int pd_image_delete(struct ctx *c);

#endif /* QUDAO_PRODUCTS_INT_H */
