/*
 * products.h - rules of the catalog that more than the back office
 * applies (the XML import, feed.c).
 */
#ifndef QUDAO_PRODUCTS_H
#define QUDAO_PRODUCTS_H

/* The EAN-13 check: 13 digits whose last is the check digit (weights 1
 * and 3 from the left over the first twelve). */
int product_ean13_ok(const char *s);

/* May a product's status go from `from` to `to`?  It may stay, go from
 * new to active, or go to discontinued; nothing comes back. */
int product_status_edge_ok(const char *from, const char *to);

#endif
