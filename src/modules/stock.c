/*
 * stock.c - the stock ledger and its balances (issue 6): the calls of
 * stock.h.  No pages here: the inventory pages live in their own modules
 * (warehouse/, stockdoc/, ...) and move stock through these calls.
 *
 * Tables: stock_move (INSERT only), stock_balance (guarded UPDATEs, an
 * INSERT of a zero row the first time a product moves in a warehouse),
 * warehouse (the guarded move_seq bump of stock_lock).
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "stock.h"

#include "../core/arena.h"
#include "../core/clock.h"
#include "../db/db.h"

DB_STATEMENT(sql_stock_lock, 0,
             "UPDATE warehouse SET move_seq = move_seq + 1"
             " WHERE id = ? AND status = 'active'"
             " AND (closed_through IS NULL OR closed_through < ?)");
DB_STATEMENT(sql_stock_wh_state, 0,
             "SELECT status, closed_through FROM warehouse WHERE id = ?");

DB_STATEMENT(sql_stock_move_insert, 0,
             "INSERT INTO stock_move (id, warehouse_id, product_id, bucket,"
             " kind, qty, doc_type, doc_id, line_no, move_on, posted_at,"
             " user_id)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");

/* The three guarded additions.  Parameters: qty, move_on (twice), now,
 * warehouse, product, then the guard's. */
#define LAST_MOVE                                                              \
    " last_move_on = CASE WHEN last_move_on IS NULL OR last_move_on < ?"       \
    " THEN ? ELSE last_move_on END, updated_at = ?"
DB_STATEMENT(sql_stock_add_on_hand, 0,
             "UPDATE stock_balance SET on_hand = on_hand + ?," LAST_MOVE
             " WHERE warehouse_id = ? AND product_id = ?"
             " AND on_hand + ? >= reserved"
             " AND (frozen_by IS NULL OR frozen_by = ?)");
DB_STATEMENT(sql_stock_add_reserved, 0,
             "UPDATE stock_balance SET reserved = reserved + ?," LAST_MOVE
             " WHERE warehouse_id = ? AND product_id = ?"
             " AND reserved + ? <= on_hand AND reserved + ? >= 0");
DB_STATEMENT(sql_stock_add_in_transit, 0,
             "UPDATE stock_balance SET in_transit = in_transit + ?," LAST_MOVE
             " WHERE warehouse_id = ? AND product_id = ?"
             " AND in_transit + ? >= 0");
DB_STATEMENT(sql_stock_balance_insert, 0,
             "INSERT INTO stock_balance (warehouse_id, product_id, on_hand,"
             " reserved, in_transit, updated_at)"
             " VALUES (?, ?, 0, 0, 0, ?)");
DB_STATEMENT(sql_stock_state, 0,
             "SELECT on_hand, reserved, in_transit, frozen_by"
             " FROM stock_balance WHERE warehouse_id = ? AND product_id = ?");

/* Availability: the serving warehouses' sums.  Parameters: product,
 * serve unit, scope unit. */
DB_STATEMENT(sql_stock_avail, 0,
             "SELECT COALESCE(SUM(b.on_hand - b.reserved), 0),"
             " COALESCE(SUM(b.safety_qty), 0), COUNT(b.warehouse_id)"
             " FROM stock_balance b"
             " JOIN warehouse w ON w.id = b.warehouse_id"
             " WHERE b.product_id = ? AND w.status = 'active'"
             " AND (w.kind = 'central' OR (w.kind = 'branch'"
             " AND (w.unit_id IN (SELECT oc.ancestor_id FROM org_closure oc"
             " WHERE oc.descendant_id = ?)"
             " OR w.unit_id IN (SELECT sc.descendant_id FROM org_closure sc"
             " WHERE sc.ancestor_id = ?))))");

/* Reconciliation: each balance beside the sums of its moves, and the
 * moves that have no balance row. */
#define MOVE_SUMS                                                              \
    "(SELECT m.warehouse_id, m.product_id,"                                    \
    " SUM(CASE WHEN m.bucket = 'on_hand' THEN m.qty ELSE 0 END) AS oh,"        \
    " SUM(CASE WHEN m.bucket = 'reserved' THEN m.qty ELSE 0 END) AS rs,"       \
    " SUM(CASE WHEN m.bucket = 'in_transit' THEN m.qty ELSE 0 END) AS tr"      \
    " FROM stock_move m GROUP BY m.warehouse_id, m.product_id)"
DB_STATEMENT(sql_stock_check, 0,
             "SELECT b.warehouse_id, b.product_id, b.on_hand, b.reserved,"
             " b.in_transit, COALESCE(s.oh, 0), COALESCE(s.rs, 0),"
             " COALESCE(s.tr, 0)"
             " FROM stock_balance b LEFT JOIN " MOVE_SUMS " s"
             " ON s.warehouse_id = b.warehouse_id"
             " AND s.product_id = b.product_id"
             " WHERE b.on_hand <> COALESCE(s.oh, 0)"
             " OR b.reserved <> COALESCE(s.rs, 0)"
             " OR b.in_transit <> COALESCE(s.tr, 0)"
             " OR b.reserved < 0 OR b.reserved > b.on_hand OR b.in_transit < 0"
             " ORDER BY b.warehouse_id, b.product_id");
DB_STATEMENT(sql_stock_check_orphans, 0,
             "SELECT m.warehouse_id, m.product_id, COUNT(*)"
             " FROM stock_move m"
             " WHERE NOT EXISTS (SELECT b.product_id FROM stock_balance b"
             " WHERE b.warehouse_id = m.warehouse_id"
             " AND b.product_id = m.product_id)"
             " GROUP BY m.warehouse_id, m.product_id"
             " ORDER BY m.warehouse_id, m.product_id");

static const char *const buckets[] = {"on_hand", "reserved", "in_transit",
                                      NULL};
static const char *const kinds[] = {
    "opening", "receipt", "issue",    "transfer_out", "transfer_in", "count",
    "damage",  "return",  "sellthru", "reserve",      "release",     NULL};

static int
one_of(const char *s, const char *const *list)
{
    if (s == NULL)
        return 0;
    for (; *list != NULL; list++)
        if (strcmp(s, *list) == 0)
            return 1;
    return 0;
}

/* A plain YYYY-MM-DD (the database checks it is a real date). */
static int
date_ok(const char *s)
{
    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    return 1;
}

static int64_t
cell_i64(const char *const *row, size_t i)
{
    int64_t v = 0;

    if (row[i] != NULL)
        sscanf(row[i], "%" SCNd64, &v);
    return v;
}

const char *
stock_result_name(int rc)
{
    switch (rc) {
    case STOCK_OK: return "ok";
    case STOCK_DUPLICATE: return "already posted";
    case STOCK_SHORT: return "not enough stock";
    case STOCK_FROZEN: return "frozen by a stocktake";
    case STOCK_CLOSED: return "warehouse closed";
    case STOCK_PERIOD_CLOSED: return "period closed";
    case STOCK_NO_WAREHOUSE: return "no such warehouse";
    case STOCK_INVALID: return "invalid move";
    default: return "database error";
    }
}

int
stock_lock(struct db *db, int64_t warehouse_id, const char *move_on)
{
    struct db_param p[2];
    struct arena *a;
    struct db_rows r;
    long n = 0;
    int rc;

    if (warehouse_id <= 0 || !date_ok(move_on))
        return STOCK_INVALID;
    p[0] = DB_INT(warehouse_id);
    p[1] = DB_TEXT(move_on);
    if (db_exec(db, &sql_stock_lock, p, 2, &n) != 0)
        return -1;
    if (n > 0)
        return STOCK_OK;
    a = arena_new(512);
    rc = db_query(db, a, &sql_stock_wh_state, p, 1, 0, 0, &r);
    if (rc == 0)
        rc = r.n_rows == 0                              ? STOCK_NO_WAREHOUSE
             : strcmp(db_cell(&r, 0, 0), "active") != 0 ? STOCK_CLOSED
                                                        : STOCK_PERIOD_CLOSED;
    arena_free(a);
    return rc;
}

int
stock_state_get(struct db *db, int64_t warehouse_id, int64_t product_id,
                struct stock_state *st)
{
    struct db_param p[2] = {DB_INT(warehouse_id), DB_INT(product_id)};
    struct arena *a = arena_new(512);
    struct db_rows r;
    int rc;

    memset(st, 0, sizeof(*st));
    rc = db_query(db, a, &sql_stock_state, p, 2, 0, 0, &r);
    if (rc == 0 && r.n_rows > 0) {
        st->exists = 1;
        st->on_hand = db_cell_int(&r, 0, 0);
        st->reserved = db_cell_int(&r, 0, 1);
        st->in_transit = db_cell_int(&r, 0, 2);
        st->frozen_by = db_cell(&r, 0, 3) != NULL ? db_cell_int(&r, 0, 3) : 0;
    }
    arena_free(a);
    return rc;
}

/* The guarded addition of m->qty to its bucket: 1 when a row changed. */
static int
add_to_bucket(struct db *db, const struct stock_move *m,
              const struct stock_ref *ref, time_t now, long *n)
{
    struct db_param p[9];
    const struct db_sql *upd;
    size_t np = 7;

    p[0] = DB_INT(m->qty);
    p[1] = DB_TEXT(ref->move_on);
    p[2] = DB_TEXT(ref->move_on);
    p[3] = DB_TS(now);
    p[4] = DB_INT(m->warehouse_id);
    p[5] = DB_INT(m->product_id);
    p[6] = DB_INT(m->qty);
    if (strcmp(m->bucket, "on_hand") == 0) {
        upd = &sql_stock_add_on_hand;
        p[np++] = DB_INT(ref->count_id > 0 ? ref->count_id : -1);
    } else if (strcmp(m->bucket, "reserved") == 0) {
        upd = &sql_stock_add_reserved;
        p[np++] = DB_INT(m->qty);
    } else {
        upd = &sql_stock_add_in_transit;
    }
    return db_exec(db, upd, p, np, n);
}

int
stock_post(struct db *db, const struct stock_move *m,
           const struct stock_ref *ref, struct stock_state *why)
{
    struct db_param p[12];
    struct stock_state st;
    int64_t id;
    long n = 0;
    int ms = 0;
    time_t now;

    if (m->warehouse_id <= 0 || m->product_id <= 0 || m->qty == 0 ||
        m->qty > STOCK_QTY_MAX || m->qty < -STOCK_QTY_MAX ||
        !one_of(m->bucket, buckets) || !one_of(m->kind, kinds) || ref == NULL ||
        ref->doc_type == NULL || !date_ok(ref->move_on))
        return STOCK_INVALID;
    now = ref->now != 0 ? ref->now : clock_now_ms(&ms);

    if (db_next_id(db, "stock_move", &id) != 0)
        return -1;
    /* the INSERT first: a line moved twice stops here, nothing written */
    p[0] = DB_INT(id);
    p[1] = DB_INT(m->warehouse_id);
    p[2] = DB_INT(m->product_id);
    p[3] = DB_TEXT(m->bucket);
    p[4] = DB_TEXT(m->kind);
    p[5] = DB_INT(m->qty);
    p[6] = DB_TEXT(ref->doc_type);
    p[7] = DB_INT(ref->doc_id);
    p[8] = DB_INT(ref->line_no);
    p[9] = DB_TEXT(ref->move_on);
    p[10] = DB_TS_MS(now, ms);
    p[11] = ref->user_id > 0 ? DB_INT(ref->user_id) : DB_NULLP;
    if (db_exec(db, &sql_stock_move_insert, p, 12, NULL) != 0)
        return db_unique_violation(db) ? STOCK_DUPLICATE : -1;

    if (add_to_bucket(db, m, ref, now, &n) != 0)
        return -1;
    if (n > 0)
        return STOCK_OK;
    if (stock_state_get(db, m->warehouse_id, m->product_id, &st) != 0)
        return -1;
    /* a row another transaction created between the UPDATE and the read
     * (a caller that did not take stock_lock): the guard decides again */
    if (st.exists && add_to_bucket(db, m, ref, now, &n) != 0)
        return -1;
    if (n > 0)
        return STOCK_OK;
    if (st.exists) {
        if (why != NULL)
            *why = st;
        return strcmp(m->bucket, "on_hand") == 0 && st.frozen_by != 0 &&
                       st.frozen_by != ref->count_id
                   ? STOCK_FROZEN
                   : STOCK_SHORT;
    }
    /* the first move of this product here: the zero row, then again */
    p[0] = DB_INT(m->warehouse_id);
    p[1] = DB_INT(m->product_id);
    p[2] = DB_TS(now);
    if (db_exec(db, &sql_stock_balance_insert, p, 3, NULL) != 0) {
        if (db_unique_violation(db))
            db_mark_retry(db); /* another transaction created it */
        return -1;
    }
    if (add_to_bucket(db, m, ref, now, &n) != 0)
        return -1;
    if (n > 0)
        return STOCK_OK;
    if (why != NULL) {
        memset(why, 0, sizeof(*why));
        why->exists = 1;
    }
    return STOCK_SHORT;
}

/* Lock the warehouse, then post one move of the bucket and kind. */
static int
lock_and_post(struct db *db, int64_t warehouse_id, int64_t product_id,
              int64_t qty, const char *bucket, const char *kind,
              const struct stock_ref *ref, struct stock_state *why)
{
    struct stock_move m = {warehouse_id, product_id, bucket, kind, qty};
    int rc;

    if (ref == NULL)
        return STOCK_INVALID;
    if ((rc = stock_lock(db, warehouse_id, ref->move_on)) != STOCK_OK)
        return rc;
    return stock_post(db, &m, ref, why);
}

int
stock_reserve(struct db *db, int64_t warehouse_id, int64_t product_id,
              int64_t qty, const struct stock_ref *ref, struct stock_state *why)
{
    if (qty <= 0 || qty > STOCK_QTY_MAX)
        return STOCK_INVALID;
    return lock_and_post(db, warehouse_id, product_id, qty, "reserved",
                         "reserve", ref, why);
}

int
stock_release(struct db *db, int64_t warehouse_id, int64_t product_id,
              int64_t qty, const struct stock_ref *ref, struct stock_state *why)
{
    if (qty <= 0 || qty > STOCK_QTY_MAX)
        return STOCK_INVALID;
    return lock_and_post(db, warehouse_id, product_id, -qty, "reserved",
                         "release", ref, why);
}

int
stock_issue(struct db *db, int64_t warehouse_id, int64_t product_id,
            int64_t qty, const struct stock_ref *ref, struct stock_state *why)
{
    if (qty <= 0 || qty > STOCK_QTY_MAX)
        return STOCK_INVALID;
    return lock_and_post(db, warehouse_id, product_id, -qty, "on_hand", "issue",
                         ref, why);
}

int
stock_receive(struct db *db, int64_t warehouse_id, int64_t product_id,
              int64_t qty, const struct stock_ref *ref, struct stock_state *why)
{
    if (qty <= 0 || qty > STOCK_QTY_MAX)
        return STOCK_INVALID;
    return lock_and_post(db, warehouse_id, product_id, qty, "on_hand",
                         "receipt", ref, why);
}

int
stock_availability(struct db *db, int64_t product_id, int64_t serve_unit,
                   int64_t scope_unit, struct stock_avail *out)
{
    struct db_param p[3] = {DB_INT(product_id), DB_INT(serve_unit),
                            DB_INT(scope_unit)};
    struct arena *a = arena_new(512);
    struct db_rows r;
    int rc;

    memset(out, 0, sizeof(*out));
    out->level = "out";
    rc = db_query(db, a, &sql_stock_avail, p, 3, 0, 0, &r);
    if (rc == 0 && r.n_rows > 0) {
        out->available = db_cell_int(&r, 0, 0);
        out->safety = db_cell_int(&r, 0, 1);
        out->n_warehouses = (int)db_cell_int(&r, 0, 2);
        out->level = out->available <= 0             ? "out"
                     : out->available <= out->safety ? "low"
                                                     : "in-stock";
    }
    arena_free(a);
    return rc;
}

int
stock_check(struct db *db, FILE *out)
{
    static const char *const names[] = {"on_hand", "reserved", "in_transit"};
    struct db_cursor *cur;
    const char *const *row;
    size_t n_cols;
    int bad = 0, rc;

    if (db_cursor_open(db, &sql_stock_check, NULL, 0, &cur) != 0)
        return -1;
    while ((rc = db_cursor_next(cur, &row, &n_cols)) == 1) {
        int64_t wh = cell_i64(row, 0), pr = cell_i64(row, 1);
        int64_t oh = cell_i64(row, 2), rs = cell_i64(row, 3);
        int64_t tr = cell_i64(row, 4);

        for (size_t b = 0; b < 3; b++) {
            int64_t have = cell_i64(row, 2 + b), sum = cell_i64(row, 5 + b);

            if (have != sum) {
                bad++;
                if (out != NULL)
                    fprintf(out,
                            "warehouse %" PRId64 " product %" PRId64
                            ": %s %" PRId64 " but its moves add up to %" PRId64
                            "\n",
                            wh, pr, names[b], have, sum);
            }
        }
        if (rs < 0 || rs > oh || tr < 0) {
            bad++;
            if (out != NULL)
                fprintf(out,
                        "warehouse %" PRId64 " product %" PRId64
                        ": on hand %" PRId64 ", reserved %" PRId64
                        ", in transit %" PRId64 " break the rules\n",
                        wh, pr, oh, rs, tr);
        }
    }
    db_cursor_close(cur);
    if (rc < 0)
        return -1;
    if (db_cursor_open(db, &sql_stock_check_orphans, NULL, 0, &cur) != 0)
        return -1;
    while ((rc = db_cursor_next(cur, &row, &n_cols)) == 1) {
        bad++;
        if (out != NULL)
            fprintf(
                out, "warehouse %s product %s: %s moves but no balance row\n",
                row[0] != NULL ? row[0] : "?", row[1] != NULL ? row[1] : "?",
                row[2] != NULL ? row[2] : "?");
    }
    db_cursor_close(cur);
    return rc < 0 ? -1 : bad;
}
