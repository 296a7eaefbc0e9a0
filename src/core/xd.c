/* xd.c - see xd.h. */
#include "xd.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "money.h"

xmlNodePtr
xd_elem(xmlNodePtr parent, const char *name)
{
    return xmlNewTextChild(parent, NULL, BAD_CAST name, NULL);
}

xmlNodePtr
xd_text(xmlNodePtr parent, const char *name, const char *text)
{
    return xmlNewTextChild(parent, NULL, BAD_CAST name,
                           BAD_CAST(text != NULL ? text : ""));
}

void
xd_attr(xmlNodePtr n, const char *name, const char *value)
{
    if (value != NULL)
        xmlNewProp(n, BAD_CAST name, BAD_CAST value);
}

void
xd_attr_int(xmlNodePtr n, const char *name, int64_t v)
{
    char buf[24];

    snprintf(buf, sizeof(buf), "%" PRId64, v);
    xmlNewProp(n, BAD_CAST name, BAD_CAST buf);
}

void
xd_attr_money(xmlNodePtr n, const char *name, int64_t fen)
{
    char buf[MONEY_BUFSZ], tname[64];

    xd_attr_int(n, name, fen);
    snprintf(tname, sizeof(tname), "%s-text", name);
    xmlNewProp(n, BAD_CAST tname,
               BAD_CAST money_format(fen, 1, buf, sizeof(buf)));
}

void
xd_row(xmlNodePtr n, const struct db_rows *r, size_t row,
       const char *const *names, size_t n_names)
{
    for (size_t i = 0; i < n_names && i < r->n_cols; i++)
        if (names[i] != NULL)
            xd_attr(n, names[i], db_cell(r, row, i));
}

void
xd_rows(xmlNodePtr parent, const char *elem, const struct db_rows *r,
        const char *const *names, size_t n_names)
{
    for (size_t i = 0; i < r->n_rows; i++)
        xd_row(xd_elem(parent, elem), r, i, names, n_names);
}

void
xd_cell(xmlNodePtr n, const char *name, const struct db_rows *r, size_t row,
        size_t col)
{
    xd_attr(n, name, db_cell(r, row, col));
}

void
xd_money_cell(xmlNodePtr n, const char *name, const struct db_rows *r,
              size_t row, size_t col)
{
    xd_attr_money(n, name, db_cell_int(r, row, col));
}
