/*
 * docno.h - the numbers of business documents (stock documents now;
 * orders, invoices and payments later): a prefix naming the kind, the
 * document's date and its id, e.g. "RK-20261127-000123".
 *
 * The id comes from the key table (unique and never reused), so numbers
 * need no series row of their own and no hot counter: they are unique,
 * increasing within a day, and tell at a glance what and when.  They are
 * not gap-free (a document abandoned before it is saved leaves a gap);
 * Chinese practice (单据号) does not ask for that, fapiao numbers come
 * from the tax system.
 */
#ifndef QUDAO_DOCNO_H
#define QUDAO_DOCNO_H

#include <stddef.h>
#include <stdint.h>

#define DOCNO_MAX 32 /* bytes, with the NUL; the columns are 30 long */

/*
 * prefix: 1..6 ASCII letters; date: YYYY-MM-DD; id > 0.  The id is
 * written with at least six digits.  Returns 0, or -1 (buf "") when an
 * argument is bad or the result would not fit.
 */
int docno_make(char buf[DOCNO_MAX], const char *prefix, const char *date,
               int64_t id);

#endif
