/*
 * terms.c - the search terms of a product (product_terms_write,
 * products.h): what differs between the terms of its old key and of its
 * new one, deleted and written in the primary key's order.  See
 * products_int.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "products_int.h"

#include "../products.h"

#include "../../core/arena.h"
#include "../../core/pinyin.h"
#include "../../db/db.h"

/*
 * A product's terms (pinyin_terms), written on every save: 100 rows to a
 * statement, then ten, then one (a multi-row VALUES runs on SQLite,
 * PostgreSQL, SQL Server, DB2, MariaDB and Oracle 23; an older Oracle
 * would need INSERT ALL).  The old ones go by their primary key, worked
 * out from the key they were written from (product_terms_write).
 */
#define TERM_PK "(tier = ? AND term = ? AND code = ? AND product_id = ?)"
#define TERM_PK10                                                              \
    TERM_PK " OR " TERM_PK " OR " TERM_PK " OR " TERM_PK " OR " TERM_PK        \
            " OR " TERM_PK " OR " TERM_PK " OR " TERM_PK " OR " TERM_PK        \
            " OR " TERM_PK
DB_STATEMENT(sql_terms_delete_10, 0,
             "DELETE FROM product_term WHERE " TERM_PK10);
DB_STATEMENT(sql_terms_delete_1, 0, "DELETE FROM product_term WHERE " TERM_PK);
#define TERM_INSERT                                                            \
    "INSERT INTO product_term (tier, term, code, product_id) VALUES "
#define TERM_ROW "(?, ?, ?, ?)"
#define TERM_ROW10                                                             \
    TERM_ROW ", " TERM_ROW ", " TERM_ROW ", " TERM_ROW ", " TERM_ROW           \
             ", " TERM_ROW ", " TERM_ROW ", " TERM_ROW ", " TERM_ROW           \
             ", " TERM_ROW
#define TERM_ROW50                                                             \
    TERM_ROW10 ", " TERM_ROW10 ", " TERM_ROW10 ", " TERM_ROW10 ", " TERM_ROW10
DB_STATEMENT(sql_terms_100, 0, TERM_INSERT TERM_ROW50 ", " TERM_ROW50);
DB_STATEMENT(sql_terms_10, 0, TERM_INSERT TERM_ROW10);
DB_STATEMENT(sql_terms_1, 0, TERM_INSERT TERM_ROW);

/* One row of product_term; pre: the term's first 8 bytes, big-endian,
 * so that most comparisons of a sort do not read the strings. */
struct term_row {
    int tier;
    uint64_t pre;
    const char *term, *code;
    int64_t id;
};

/* qsort comparison of term rows: the primary key's order. */
static int
term_row_cmp(const void *x, const void *y)
{
    const struct term_row *a = x, *b = y;
    int r = a->tier - b->tier;

    if (r == 0)
        r = (a->pre > b->pre) - (a->pre < b->pre);
    if (r == 0)
        r = strcmp(a->term, b->term);
    if (r == 0)
        r = strcmp(a->code, b->code);
    if (r == 0)
        r = (a->id > b->id) - (a->id < b->id);
    return r;
}

/* Rows to write or delete, growing in an arena. */
struct term_rows {
    struct term_row *rows;
    size_t n, cap;
};

static void
term_rows_add(struct arena *a, struct term_rows *t, int tier, const char *term,
              const char *code, int64_t id)
{
    uint64_t pre = 0;
    size_t i = 0;

    if (t->n == t->cap) {
        struct term_row *more;

        t->cap = t->cap ? 2 * t->cap : 256;
        more = arena_alloc(a, t->cap * sizeof(*more));
        if (t->n > 0)
            memcpy(more, t->rows, t->n * sizeof(*more));
        t->rows = more;
    }
    for (size_t j = 0; j < 8; j++) /* stays on the NUL once there */
        pre = pre << 8 | (unsigned char)(term[i] != '\0' ? term[i++] : 0);
    t->rows[t->n++] = (struct term_row){tier, pre, term, code, id};
}

/*
 * Run the statements of batch (the most rows first) over the rows of t,
 * four parameters a row (tier, term, code, product).  0 or -1.
 */
static int
term_rows_run(struct db *db, const struct term_rows *t,
              const struct db_sql *const *sql, const size_t *rows, size_t n_sql)
{
    struct db_param p[4 * 100];
    size_t i = 0;

    for (size_t b = 0; b < n_sql; b++)
        for (; t->n - i >= rows[b]; i += rows[b]) {
            for (size_t j = 0; j < rows[b]; j++) {
                const struct term_row *r = &t->rows[i + j];

                p[4 * j] = DB_INT(r->tier);
                p[4 * j + 1] = DB_TEXT(r->term);
                p[4 * j + 2] = DB_TEXT(r->code);
                p[4 * j + 3] = DB_INT(r->id);
            }
            if (db_exec(db, sql[b], p, 4 * rows[b], NULL) != 0)
                return -1;
        }
    return 0;
}

int
product_terms_write(struct db *db, struct arena *a,
                    const struct product_key *pk, size_t n)
{
    static const struct db_sql *const ins[] = {&sql_terms_100, &sql_terms_10,
                                               &sql_terms_1};
    static const struct db_sql *const del[] = {&sql_terms_delete_10,
                                               &sql_terms_delete_1};
    static const size_t ins_rows[] = {100, 10, 1}, del_rows[] = {10, 1};
    struct term_rows add = {NULL, 0, 0}, drop = {NULL, 0, 0};

    for (size_t k = 0; k < n; k++) {
        struct pinyin_term *t, *o = NULL;
        size_t n_t, n_o = 0, i = 0, j = 0;
        int same_code;

        pinyin_terms(a, pk[k].key, &t, &n_t);
        if (pk[k].old_key != NULL)
            pinyin_terms(a, pk[k].old_key, &o, &n_o);
        same_code =
            pk[k].old_code != NULL && strcmp(pk[k].old_code, pk[k].code) == 0;
        /* both sorted by text, each text once: only the difference */
        while (i < n_t || j < n_o) {
            int c = i == n_t     ? 1
                    : j == n_o   ? -1
                    : !same_code ? strcmp(t[i].text, o[j].text) < 0 ? -1 : 1
                                 : strcmp(t[i].text, o[j].text);

            if (c == 0 && t[i].tier == o[j].tier) {
                i++, j++; /* stays */
            } else if (c <= 0) {
                term_rows_add(a, &add, t[i].tier, t[i].text, pk[k].code,
                              pk[k].id);
                i++;
                if (c == 0) { /* the same text at another tier */
                    term_rows_add(a, &drop, o[j].tier, o[j].text,
                                  pk[k].old_code, pk[k].id);
                    j++;
                }
            } else {
                term_rows_add(a, &drop, o[j].tier, o[j].text, pk[k].old_code,
                              pk[k].id);
                j++;
            }
        }
    }
    /* in key order: each page of the index is written once, not once per
     * product (SQLite's page cache would otherwise spill to the file) */
    if (add.n > 1)
        qsort(add.rows, add.n, sizeof(*add.rows), term_row_cmp);
    return term_rows_run(db, &drop, del, del_rows, 2) != 0 ||
                   term_rows_run(db, &add, ins, ins_rows, 3) != 0
               ? -1
               : 0;
}
