/*
 * stocklines.c - the typed lines of a stock document (stocklines.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stock.h"
#include "stocklines.h"

#include "../core/arena.h"
#include "../core/ctx.h"
#include "../core/form.h"
#include "../core/money.h"
#include "../db/db.h"

#define STOCK_LINES_ERRORS 10 /* problems reported per field */
#define STOCK_LINE_NOTE    200

DB_STATEMENT(sql_stock_line_product, 0,
             "SELECT id, code, name, unit FROM product"
             " WHERE code = ? OR barcode = ?"
             " ORDER BY CASE WHEN code = ? THEN 0 ELSE 1 END, id");

/* Split off the next field of s (spaces, tabs, commas between fields);
 * NULL at the end of the line. */
static char *
next_field(char **s)
{
    char *p = *s, *start;

    p += strspn(p, " \t,");
    if (*p == '\0')
        return NULL;
    start = p;
    p += strcspn(p, " \t,");
    if (*p != '\0')
        *p++ = '\0';
    *s = p;
    return start;
}

/* The rest of the line as a note: trimmed, NULL when empty. */
static const char *
rest(char *s)
{
    size_t n;

    s += strspn(s, " \t,");
    n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return n > 0 ? s : NULL;
}

/* Characters (code points) of a UTF-8 string. */
static size_t
chars(const char *s)
{
    size_t n = 0;

    for (; *s != '\0'; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

int
stock_lines_resolve(struct db *db, struct arena *a, struct stock_line *lines,
                    int n, unsigned flags,
                    void (*err)(void *arg, int line_no, const char *code,
                                const char *text),
                    void *arg)
{
    int bad = 0;

    for (int i = 0; i < n; i++) {
        struct stock_line *l = &lines[i];
        struct db_param p[3];
        struct db_rows r;

        if (l->qty <= 0 || l->qty > STOCK_QTY_MAX) {
            err(arg, l->line_no, "bad_qty",
                "the quantity must be a whole number from 1 to 1000000000");
            bad++;
        }
        if ((flags & STOCK_LINES_NEED_PRICE) && l->price < 0) {
            err(arg, l->line_no, "bad_price", "a price is needed");
            bad++;
        } else if (!(flags & STOCK_LINES_PRICE) && l->price >= 0) {
            err(arg, l->line_no, "bad_price", "no price on this document");
            bad++;
        }
        if (l->note != NULL && chars(l->note) > STOCK_LINE_NOTE) {
            err(arg, l->line_no, "too_long", "the note is too long");
            bad++;
        }
        p[0] = DB_TEXT(l->code);
        p[1] = DB_TEXT(l->code);
        p[2] = DB_TEXT(l->code);
        if (db_query(db, a, &sql_stock_line_product, p, 3, 0, 0, &r) != 0)
            return -1;
        if (r.n_rows == 0) {
            err(arg, l->line_no, "no_product", "no such product code");
            bad++;
            continue;
        }
        l->product_id = db_cell_int(&r, 0, 0);
        l->code = db_cell(&r, 0, 1);
        l->name = db_cell(&r, 0, 2);
        l->unit = db_cell(&r, 0, 3);
        for (int j = 0; j < i; j++)
            if (lines[j].product_id == l->product_id) {
                err(arg, l->line_no, "duplicate",
                    "the product is already on an earlier line");
                bad++;
                break;
            }
    }
    return bad;
}

struct form_err {
    struct ctx *c;
    const char *field;
    int n;
};

static void
form_line_error(void *arg, int line_no, const char *code, const char *text)
{
    struct form_err *e = arg;

    if (e->n++ < STOCK_LINES_ERRORS)
        form_error(e->c, e->field, code,
                   arena_printf(e->c->a, "line %d: %s", line_no, text));
}

int
stock_lines_form(struct ctx *c, const char *field, unsigned flags,
                 struct stock_line **out)
{
    const char *s =
        form_text(c, field, FORM_REQUIRED | FORM_MULTILINE, STOCK_LINES_TEXT);
    struct form_err e = {c, field, 0};
    struct stock_line *lines;
    char *copy, *save = NULL;
    int n = 0, rc;

    *out = NULL;
    if (s == NULL)
        return 0;
    lines = arena_zalloc(c->a, sizeof(*lines) * STOCK_LINES_MAX);
    copy = arena_strdup(c->a, s);
    for (char *ln = strtok_r(copy, "\r\n", &save); ln != NULL;
         ln = strtok_r(NULL, "\r\n", &save)) {
        struct stock_line *l;
        char *f = ln, *code, *qty, *end;

        if ((code = next_field(&f)) == NULL)
            continue; /* a blank line */
        if (n == STOCK_LINES_MAX) {
            form_error(c, field, "too_many",
                       arena_printf(c->a, "at most %d lines", STOCK_LINES_MAX));
            return 0;
        }
        l = &lines[n++];
        l->line_no = n;
        l->code = code;
        l->price = -1;
        qty = next_field(&f);
        l->qty = qty != NULL ? strtoll(qty, &end, 10) : 0;
        if (qty == NULL || *end != '\0' || l->qty <= 0)
            l->qty = -1; /* refused by resolve, with the line's number */
        if (flags & STOCK_LINES_PRICE) {
            char *pr = next_field(&f);

            if (pr != NULL && (money_parse(pr, &l->price) != 0 ||
                               l->price < 0 || l->price > MONEY_MAX)) {
                form_line_error(&e, n, "bad_price",
                                "the price is not an amount");
                l->price = 0;
            }
        }
        l->note = rest(f);
    }
    if (n == 0) {
        form_error(c, field, "required", "at least one line");
        return 0;
    }
    rc = stock_lines_resolve(c->db, c->a, lines, n, flags, form_line_error, &e);
    if (rc < 0)
        return -1;
    if (rc > 0 || e.n > 0)
        return 0;
    *out = lines;
    return n;
}

char *
stock_lines_text(struct arena *a, const struct stock_line *lines, int n,
                 unsigned flags)
{
    struct sbuf b;

    sbuf_init(&b, a, 64 + (size_t)n * 40);
    for (int i = 0; i < n; i++) {
        sbuf_printf(&b, "%s %lld", lines[i].code, (long long)lines[i].qty);
        if ((flags & STOCK_LINES_PRICE) && lines[i].price >= 0) {
            char m[40];

            sbuf_printf(&b, " %s",
                        money_format(lines[i].price, 0, m, sizeof(m)));
        }
        if (lines[i].note != NULL)
            sbuf_printf(&b, " %s", lines[i].note);
        sbuf_addc(&b, '\n');
    }
    return b.buf;
}
