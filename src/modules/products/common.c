/*
 * common.c - what the pages of the products module share: one product
 * (pd_fetch) and its stored fields as attributes (pd_values), the party
 * whose prices the user sees and the user's own price beside the list
 * price.  See products_int.h.
 */
#include <stdint.h>

#include "products_int.h"

#include "../price.h"

#include "../../core/arena.h"
#include "../../core/auth.h"
#include "../../core/clock.h"
#include "../../core/ctx.h"
#include "../../core/text.h"
#include "../../core/xd.h"
#include "../../db/db.h"

DB_STATEMENT(sql_get, 0,
             "SELECT p.id, p.code, p.name, p.spec, p.unit, p.pack_qty,"
             " p.barcode, p.brand, c.name, c.id, p.status, p.list_price,"
             " p.launch_on, p.version, p.created_at, p.updated_at,"
             " p.description, c.code, p.search_key"
             " FROM product p"
             " LEFT JOIN category c ON c.id = p.category_id"
             " WHERE p.id = ?");

/* Fetch one product into *r (0 rows: none). */
int
pd_fetch(struct ctx *c, int64_t id, struct db_rows *r)
{
    struct db_param p[1];

    p[0] = DB_INT(id);
    return db_query(c->db, c->a, &sql_get, p, 1, 0, 0, r);
}

/* The stored fields of product r as attributes of n (the id too unless
 * n has it already: an attribute is added, never replaced). */
void
pd_values(struct ctx *c, xmlNodePtr n, const struct db_rows *r, int with_id)
{
    if (with_id)
        xd_cell(n, "id", r, 0, G_ID);
    xd_cell(n, "code", r, 0, G_CODE);
    xd_cell(n, "name", r, 0, G_NAME);
    xd_cell(n, "spec", r, 0, G_SPEC);
    xd_cell(n, "unit", r, 0, G_UNIT);
    xd_cell(n, "pack-qty", r, 0, G_PACK);
    xd_cell(n, "barcode", r, 0, G_BARCODE);
    xd_cell(n, "brand", r, 0, G_BRAND);
    xd_cell(n, "category", r, 0, G_CAT_NAME);
    xd_cell(n, "category-id", r, 0, G_CAT_ID);
    xd_cell(n, "status", r, 0, G_STATUS);
    xd_attr_money(n, "price", db_cell_int(r, 0, G_PRICE));
    xd_attr(n, "launch-on", text_iso_date(c->a, db_cell(r, 0, G_LAUNCH)));
    xd_cell(n, "version", r, 0, G_VERSION);
}

/* The party whose prices the user sees: a channel user's own; 0 for
 * staff (they see the list price). */
int64_t
pd_own_party(const struct ctx *c)
{
    return c->user != NULL && c->user->party_id > 0 ? c->user->party_id : 0;
}

/*
 * The user's own prices (a channel user: price_quote_many for one unit
 * today) of the n_rows products of rows r, whose column col is the
 * product id: (*q)[i] and (*rcs)[i] as price_quote_many gives them (in
 * the arena), for pd_put_own_price.  Staff: *q and *rcs NULL.  0, or -1 on
 * a database failure.
 */
int
pd_own_prices(struct ctx *c, const struct db_rows *r, size_t col,
              struct price_quote **q, int **rcs)
{
    int64_t party = pd_own_party(c);
    int64_t *ids;
    char today[11];

    *q = NULL;
    *rcs = NULL;
    if (party == 0 || r->n_rows == 0)
        return 0;
    clock_day(today, 0);
    ids = arena_alloc(c->a, r->n_rows * sizeof(*ids));
    for (size_t i = 0; i < r->n_rows; i++)
        ids[i] = db_cell_int(r, i, col);
    *q = arena_alloc(c->a, r->n_rows * sizeof(**q));
    *rcs = arena_alloc(c->a, r->n_rows * sizeof(**rcs));
    return price_quote_many(c->db, c->a, party, ids, r->n_rows, 1, today, *q,
                            *rcs);
}

/*
 * Put the user's own unit price q (NULL: none, nothing is added) on n
 * ("your-price").  With explain, the quote's reasoning as
 * <quote><rule tier verdict .../>*</quote>.
 */
void
pd_put_own_price(xmlNodePtr n, const struct price_quote *q, int explain)
{
    /* the names price.c's own pages use (xsl: price.tier.*, price.verdict.*) */
    static const char *const tiers[] = {
        "",      "customer", "customer_break", "grade", "grade_break",
        "break", "category", "grade_discount", "list"};
    static const char *const verdicts[] = {
        "won", "outranked", "not_yet", "expired", "qty_below", "not_active"};
    static const char *const kinds[] = {"customer", "grade", "category",
                                        "break", "grade_discount"};
    xmlNodePtr k;

    if (q == NULL)
        return;
    xd_attr_money(n, "your-price", q->unit_price);
    if (!explain)
        return;
    k = xd_elem(n, "quote");
    xd_attr(k, "date", q->date);
    xd_attr(k, "tier", tiers[q->tier]);
    xd_attr_money(k, "list-price", q->list_price);
    xd_attr_money(k, "unit-price", q->unit_price);
    for (size_t i = 0; i < q->n_considered; i++) {
        const struct price_considered *x = &q->considered[i];
        xmlNodePtr e = xd_elem(k, "rule");

        xd_attr(e, "tier", tiers[x->tier]);
        xd_attr(e, "kind", kinds[x->rule.kind]);
        xd_attr(e, "verdict", verdicts[x->verdict]);
        if (x->rule.min_qty > 0)
            xd_attr_int(e, "min-qty", x->rule.min_qty);
        if (x->rule.has_price)
            xd_attr_money(e, "price", x->rule.price);
        else
            xd_attr_int(e, "discount", x->rule.discount);
        xd_attr(e, "valid-from", x->rule.valid_from);
        xd_attr(e, "valid-to", x->rule.valid_to);
        xd_attr_money(e, "unit-price", x->unit_price);
    }
}

/*
 * Put the user's own unit price on n (a channel user: price_quote for one
 * unit today; pd_put_own_price).  0, or -1 on a database failure (a
 * product or party that vanished meanwhile adds nothing).
 */
int
pd_add_own_price(struct ctx *c, xmlNodePtr n, int64_t product_id, int explain)
{
    int64_t party = pd_own_party(c);
    struct price_quote q;
    char today[11];
    int rc;

    if (party == 0)
        return 0;
    clock_day(today, 0);
    rc = price_quote(c->db, c->a, party, product_id, 1, today, &q);
    if (rc < 0)
        return -1;
    pd_put_own_price(n, rc == 0 ? &q : NULL, explain);
    return 0;
}
