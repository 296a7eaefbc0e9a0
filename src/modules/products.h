/*
 * products.h - rules of the catalog that more than the back office
 * applies (the XML import, feed.c), and the search terms every writer of a
 * search key writes (the import, `qudao demo`, `qudao migrate`).
 */
#ifndef QUDAO_PRODUCTS_H
#define QUDAO_PRODUCTS_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "../core/arena.h"
#include "../db/db.h"

/* The EAN-13 check: 13 digits whose last is the check digit (weights 1
 * and 3 from the left over the first twelve). */
int product_ean13_ok(const char *s);

/* May a product's status go from `from` to `to`?  It may stay, go from
 * new to active, or go to discontinued; nothing comes back. */
int product_status_edge_ok(const char *from, const char *to);

/* A product whose search terms product_terms_write writes. */
struct product_key {
    int64_t id;
    const char *code; /* as stored: the search's order within a level */
    const char *key;  /* its search key (pinyin_search_key) */
    /* the code and key its terms were written with; NULL: it has none */
    const char *old_code, *old_key;
};

/*
 * Write the search terms of the n products (product_term: pinyin_terms of
 * each key, with the product's code; schema/0007-search.xml) in the
 * caller's unit of work.  A product that has terms loses those of its old
 * key and code that the new ones do not have, by primary key (the terms
 * are found from the key they were written from: the table has no index
 * by product, which halved the time of loading them); only what differs
 * is written.  New rows go in the primary key's order, 100 to a
 * statement.  Every writer of product.search_key calls this in the same
 * unit of work, with the key stored before it.  Scratch in a.  0, or -1
 * on a database error.
 */
int product_terms_write(struct db *db, struct arena *a,
                        const struct product_key *keys, size_t n);

/*
 * Availability of products as the user may see it (stock.h,
 * stock_availability_many, STOCK_AVAIL_MANY products a statement) on
 * nodes[i] for product_ids[i]: availability="in-stock", "low" or "out" from
 * the warehouses that serve the user -- a dealer's or agent's servicing
 * branch and the central warehouse; a staff member's own units too --
 * and, only for holders of stock.qty, available-qty.  f: the user's
 * warehouses as product_avail_for found them (a page of several
 * products looks them up once), or NULL to look them up.  The product
 * page (n = 1) and the cart (its lines at once).  0, or -1 on a database
 * failure.
 */
struct ctx;
struct product_avail_scope {
    int64_t serve; /* the unit whose warehouses serve the user; -1: none */
    int64_t scope; /* staff: their own units' too; -1: none */
};
int product_avail_for(struct ctx *c, struct product_avail_scope *f);
int product_availability_xml(struct ctx *c, xmlNodePtr *nodes,
                             const int64_t *product_ids, size_t n,
                             const struct product_avail_scope *f);

#endif
