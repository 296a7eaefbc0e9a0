/*
 * xd.h - building the page document with libxml2's tree API.
 *
 * Only calls that escape are used (xmlNewTextChild, xmlNewProp): on
 * Debian 12's libxml2 xmlNewChild and xmlNodeSetContent silently produce
 * an empty node for text holding '&'.  Data goes out raw (money in fen,
 * ISO dates); display strings are added beside it (RENDERING.md rule 1).
 */
#ifndef QUDAO_XD_H
#define QUDAO_XD_H

#include <stdint.h>

#include <libxml/tree.h>

#include "../db/db.h"

xmlNodePtr xd_elem(xmlNodePtr parent, const char *name);
xmlNodePtr xd_text(xmlNodePtr parent, const char *name, const char *text);
/* Attribute; nothing when value is NULL. */
void xd_attr(xmlNodePtr n, const char *name, const char *value);
void xd_attr_int(xmlNodePtr n, const char *name, int64_t v);
/* name="12345" and name-text="123.45" */
void xd_attr_money(xmlNodePtr n, const char *name, int64_t fen);

/* Cell (row, col) of r as attribute name (nothing when NULL); as money
 * (xd_attr_money, 0 when NULL). */
void xd_cell(xmlNodePtr n, const char *name, const struct db_rows *r,
             size_t row, size_t col);
void xd_money_cell(xmlNodePtr n, const char *name, const struct db_rows *r,
                   size_t row, size_t col);

/*
 * Row `row` of r as attributes of n: column i becomes attribute names[i]
 * (a NULL name skips the column; a NULL cell adds nothing).  The common
 * shape of a list row: RENDERING.md rule 2.
 */
void xd_row(xmlNodePtr n, const struct db_rows *r, size_t row,
            const char *const *names, size_t n_names);

/* One element `elem` per row of r under parent, filled by xd_row. */
void xd_rows(xmlNodePtr parent, const char *elem, const struct db_rows *r,
             const char *const *names, size_t n_names);

#define XD_N(names) (sizeof(names) / sizeof((names)[0]))

#endif
