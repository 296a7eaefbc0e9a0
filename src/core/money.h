/*
 * money.h - exact money: an int64 of fen (minor units).  No floating point.
 */
#ifndef QUDAO_MONEY_H
#define QUDAO_MONEY_H

#include <stddef.h>
#include <stdint.h>

#define MONEY_MAX INT64_C(999999999999999999) /* 18 digits of fen */

/*
 * Parse a decimal amount ("1234.5", "-0.05", "1,234.50") into fen.  At
 * most two decimals; group commas allowed only in groups of three; no
 * exponent, no spaces.  Returns 0 or -1 on malformed or out-of-range input.
 */
int money_parse(const char *s, int64_t *fen);

/*
 * Format fen as "1,234.50" (grouped) or "1234.50" (plain) into buf of
 * size n (at least MONEY_BUFSZ).  Returns buf.
 */
#define MONEY_BUFSZ 32
char *money_format(int64_t fen, int grouped, char *buf, size_t n);

/* fen as plain decimal text without grouping ("-1234.50"), in arena a:
 * for CSV cells, audit details and form values. */
struct arena;
const char *money_plain(struct arena *a, int64_t fen);

#endif
