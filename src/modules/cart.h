/*
 * cart.h - the cart's table (cart_line) as the other modules and the
 * demo see it: cart.c owns its statements, orders read and empty a cart
 * through these (order.h), the demo fills one.  Inside the caller's
 * transaction; they never commit or roll back.
 */
#ifndef QUDAO_CART_H
#define QUDAO_CART_H

#include <stdint.h>
#include <time.h>

struct arena;
struct db;
struct db_rows;

/* The columns of cart_lines' rows. */
enum {
    CART_PRODUCT,
    CART_QTY,
    CART_CODE,
    CART_NAME,
    CART_SPEC,
    CART_UNIT,
    CART_STATUS /* the product's */
};

/* The lines of user_id's cart into *r, in the order they were added
 * (then by product code), with their products' fields.  0 or -1. */
int cart_lines(struct db *db, struct arena *a, int64_t user_id,
               struct db_rows *r);

/* A new line (the product not in the cart yet: a second one is a unique
 * violation) added at `at`.  0 or -1. */
int cart_put(struct db *db, int64_t user_id, int64_t product_id, int64_t qty,
             time_t at);

/* Empty user_id's cart.  0 or -1. */
int cart_empty(struct db *db, int64_t user_id);

#endif
