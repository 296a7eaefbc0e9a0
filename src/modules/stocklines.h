/*
 * stocklines.h - the lines of a stock document as people type them (and
 * paste them from a spreadsheet): one product per line,
 *
 *     CODE QTY [PRICE] [NOTE ...]
 *
 * separated by spaces, tabs or commas.  CODE is a product code or an
 * EAN-13 barcode (a scanner types one); QTY a whole number of the
 * product's base units, 1 .. STOCK_QTY_MAX; PRICE, only where the
 * document has prices (sell-through, damage value), an amount in yuan
 * ("12.50"); NOTE the rest of the line (200 characters).  Blank lines are
 * skipped.  The same product twice is refused (one line per product keeps
 * the ledger's "a line applies once" and the print simple).
 *
 * Used by every stock document form (receipts, issues, transfers, damage,
 * returns, sell-through) and by their XML import, which builds the same
 * struct stock_line array from <line code= qty= price= note=/>.
 */
#ifndef QUDAO_STOCKLINES_H
#define QUDAO_STOCKLINES_H

#include <stdint.h>

struct ctx;
struct db;
struct arena;

#define STOCK_LINES_MAX  500   /* lines of one document */
#define STOCK_LINES_TEXT 40000 /* characters of the lines field */

struct stock_line {
    int line_no;        /* 1.. in the order typed */
    int64_t product_id; /* resolved */
    const char *code;   /* the product's code (not the barcode typed) */
    const char *name;
    const char *unit;
    int64_t qty;
    int64_t price;    /* fen; -1 when none */
    const char *note; /* or NULL */
};

#define STOCK_LINES_PRICE      1u /* a price column is allowed */
#define STOCK_LINES_NEED_PRICE 2u /* ... and required */

/*
 * Parse the form field `field` (FORM_REQUIRED) into lines in c->a.
 * Problems are reported with form_error(c, field, ...) naming the line
 * ("line 3: no product ABC"), all of them, up to ten.  Returns the number
 * of lines (>= 1) with *out set, 0 when the field was refused (the form
 * is then 422), -1 on a database error.
 */
int stock_lines_form(struct ctx *c, const char *field, unsigned flags,
                     struct stock_line **out);

/*
 * The same for lines already split (the XML import): resolves code to
 * the product and checks qty and the duplicates.  lines[i].code, qty and
 * price set by the caller; errors go to err(arg, line_no, code, text).
 * Returns the number of bad lines (0: all resolved), or -1.
 */
int stock_lines_resolve(struct db *db, struct arena *a,
                        struct stock_line *lines, int n, unsigned flags,
                        void (*err)(void *arg, int line_no, const char *code,
                                    const char *text),
                        void *arg);

/* The lines back as text, one per line, the way the form takes them
 * (for the edit form of a draft). */
char *stock_lines_text(struct arena *a, const struct stock_line *lines, int n,
                       unsigned flags);

#endif
