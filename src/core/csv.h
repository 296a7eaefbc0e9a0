/*
 * csv.h - lists as CSV files (RFC 4180) that Excel opens correctly:
 * UTF-8 with a byte-order mark, CRLF line ends, every field quoted when it
 * holds a comma, quote or line break, and formula injection defused: a
 * text field that starts with = + - @ TAB or CR gets a leading
 * apostrophe, so a spreadsheet shows it as text instead of running it
 * (SECURITY.md).  Numbers written with csv_num are left alone.
 *
 * A route flagged ROUTE_CSV answers "/path.csv" (req->want_csv) with the
 * same query parameters and the same scope as the page; its handler
 * checks want_csv after its queries and writes:
 *
 *     if (c->req->want_csv) {
 *         csv_begin(c, "parties.csv");
 *         csv_text(c, "code"); csv_text(c, "name"); csv_row(c);
 *         for (...) { csv_text(c, code); csv_num(c, "12.50"); csv_row(c); }
 *         return 0;
 *     }
 */
#ifndef QUDAO_CSV_H
#define QUDAO_CSV_H

struct ctx;

/* Start the file: content type, attachment name (plain ASCII), BOM. */
void csv_begin(struct ctx *c, const char *filename);

/* One text field (NULL: empty). */
void csv_text(struct ctx *c, const char *v);

/* One numeric field, written as is (a number from the program). */
void csv_num(struct ctx *c, const char *v);

/* End the row. */
void csv_row(struct ctx *c);

#endif
