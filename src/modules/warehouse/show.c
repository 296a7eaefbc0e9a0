/*
 * show.c - one warehouse (GET /warehouses/{id}): its fields, its stock in
 * brief, the audit trail, and the message after a redirect.  The stock
 * in brief is read by wh_stock_brief, which closing checks too.  See
 * warehouse_int.h.
 */
#include <stdint.h>
#include <string.h>

#include "warehouse_int.h"

#include "../../core/auth.h"
#include "../../core/ctx.h"
#include "../../core/page.h"
#include "../../core/text.h"
#include "../../core/xd.h"

#define WH_HISTORY 50 /* audit entries on the detail page */

/* The messages after a redirect (?done=; done_message's texts in the
 * same order; the route's choices, routes.c). */
const char *const wh_dones[] = {"created", "saved", "closed", "reopened", NULL};

/* Its stock in brief: products on hand, the three buckets, products below
 * their safety stock, settings, rows a stocktake holds; then the shipped
 * transfers from or to it (warehouse three times). */
DB_STATEMENT(sql_wh_stock, 0,
             "SELECT COUNT(CASE WHEN b.on_hand <> 0 THEN 1 END),"
             " COALESCE(SUM(b.on_hand), 0), COALESCE(SUM(b.reserved), 0),"
             " COALESCE(SUM(b.in_transit), 0),"
             " COUNT(CASE WHEN b.safety_qty IS NOT NULL"
             " AND b.on_hand - b.reserved + b.in_transit < b.safety_qty"
             " THEN 1 END),"
             " COUNT(b.safety_qty), COUNT(b.frozen_by),"
             " (SELECT COUNT(*) FROM stock_doc d"
             " WHERE (d.warehouse_id = ? OR d.dest_id = ?)"
             " AND d.status = 'shipped')"
             " FROM stock_balance b"
             " WHERE b.warehouse_id = ?");

/* The stock of warehouse id in brief (sql_wh_stock, one row) into *r:
 * the page shows it, closing checks it.  0 or -1. */
int
wh_stock_brief(struct ctx *c, int64_t id, struct db_rows *r)
{
    struct db_param p[3] = {DB_INT(id), DB_INT(id), DB_INT(id)};

    return db_query(c->db, c->a, &sql_wh_stock, p, 3, 0, 0, r);
}

/* A "done" message after a redirect. */
static void
done_message(struct ctx *c)
{
    static const char *const texts[] = {"the warehouse is created", "saved",
                                        "the warehouse is closed",
                                        "the warehouse is open again"};
    const char *done = param_text(c->req, "done");

    for (size_t i = 0; done != NULL && wh_dones[i] != NULL; i++)
        if (strcmp(wh_dones[i], done) == 0)
            ctx_message(c, "info", wh_dones[i], NULL, texts[i]);
}

/* ==================================================================== */
/* GET /warehouses/{id}                                                 */
/* ==================================================================== */

/* The stock of warehouse id in brief as <stock/> under n.  0 or -1. */
static int
add_stock_brief(struct ctx *c, xmlNodePtr n, int64_t id)
{
    struct db_rows r;
    xmlNodePtr s;

    if (wh_stock_brief(c, id, &r) != 0)
        return -1;
    s = xd_elem(n, "stock");
    xd_cell(s, "products", &r, 0, 0);
    if (auth_can(c, "stock.qty")) {
        xd_cell(s, "on-hand", &r, 0, 1);
        xd_cell(s, "reserved", &r, 0, 2);
        xd_cell(s, "in-transit", &r, 0, 3);
    }
    xd_cell(s, "below", &r, 0, 4);
    xd_cell(s, "settings", &r, 0, 5);
    xd_cell(s, "counting", &r, 0, 6);
    xd_cell(s, "shipped", &r, 0, 7);
    return 0;
}

/*
 * Fill <warehouse> for the warehouse the caller fetched (row 0 of r): its
 * fields, its stock in brief, the audit trail.  Channel users get no edit
 * flag and no audit trail (staff work).  Used by GET and by a refused
 * close or reopen (status already set).  0 or -1.
 */
int
wh_page(struct ctx *c, const struct db_rows *r)
{
    static const struct wh_cell fields[] = {
        {"unit-id", WC_UNIT},
        {"unit-code", WC_UNIT_CODE},
        {"unit-name", WC_UNIT_NAME},
        {"region-id", WC_REGION},
        {"region-code", WC_REGION_CODE},
        {"region-name", WC_REGION_NAME},
        {"address", WC_ADDRESS},
        {"contact", WC_CONTACT},
        {"phone", WC_PHONE},
        {"note", WC_NOTE},
        {"version", WC_VERSION},
    };
    int64_t id = db_cell_int(r, 0, WC_ID);
    int staff = scope_party(c) < 0;
    xmlNodePtr n = ctx_data(c, "warehouse");

    static const struct wh_cell party[] = {{"party-id", WC_PARTY},
                                           {"party-code", WC_PARTY_CODE},
                                           {"party-name", WC_PARTY_NAME}};

    wh_ident(n, r);
    wh_cells(n, r, fields, XD_N(fields));
    if (db_cell(r, 0, WC_PARTY_CODE) != NULL)
        wh_cells(n, r, party, XD_N(party));
    xd_attr(n, "closed-through",
            text_iso_date(c->a, db_cell(r, 0, WC_CLOSED_THROUGH)));
    page_ts_cell(c, n, "created-at", r, 0, WC_CREATED);
    page_ts_cell(c, n, "updated-at", r, 0, WC_UPDATED);
    if (db_cell_int(r, 0, WC_USED))
        xd_attr(n, "used", "true");
    if (staff)
        page_can(c, n, "can-edit", "warehouse.edit");
    if (add_stock_brief(c, n, id) != 0)
        return ctx_db_fail(c);
    if (staff && page_history(c, n, "warehouse", id, WH_HISTORY) != 0)
        return ctx_db_fail(c);
    return 0;
}

/* GET of a warehouse's page: find it, say what was done, fill it. */
int
wh_get(struct ctx *c, int (*fill)(struct ctx *c, const struct db_rows *r))
{
    struct db_rows r;

    if (wh_find(c, &r) != 0)
        return -1;
    done_message(c);
    return fill(c, &r);
}

int
wh_show(struct ctx *c)
{
    return wh_get(c, wh_page);
}
