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
#include "../core/text.h"
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

/*
 * Posting a document's lines at once (stock_post_lines).  The moves of
 * one line template for every line, numbered from a block of ids in
 * (product, line) order: id = first + (rank - 1) * templates + template.
 * Parameters: first id + template, templates, warehouse, bucket, kind,
 * doc_type, doc_id, move_on, posted_at, user; the quantity's factors of
 * qty, qty_done, book_qty; doc_id; damaged only (1) or every line (0).
 */
DB_STATEMENT(sql_stock_lines_moves, 0,
             "INSERT INTO stock_move (id, warehouse_id, product_id, bucket,"
             " kind, qty, doc_type, doc_id, line_no, move_on, posted_at,"
             " user_id)"
             " SELECT ? + (k.rn - 1) * ?, ?, k.product_id, ?, ?, k.qty, ?, ?,"
             " k.line_no, ?, ?, ?"
             " FROM (SELECT l.product_id, l.line_no, l.cond,"
             " ? * l.qty + ? * COALESCE(l.qty_done, 0)"
             " + ? * COALESCE(l.book_qty, 0) AS qty,"
             " ROW_NUMBER() OVER (ORDER BY l.product_id, l.line_no) AS rn"
             " FROM stock_doc_line l"
             " WHERE l.doc_id = ?) k"
             " WHERE k.qty <> 0"
             " AND (? = 0 OR k.cond = 'damaged')");
/* The block's moves, by their ids (pk_stock_move).  Parameters: first,
 * last. */
#define BLOCK_MOVES " m.id BETWEEN ? AND ?"
/* The zero balance rows the block's moves lack.  Parameters: updated_at,
 * the block. */
DB_STATEMENT(sql_stock_lines_balances, 0,
             "INSERT INTO stock_balance (warehouse_id, product_id, on_hand,"
             " reserved, in_transit, updated_at)"
             " SELECT d.warehouse_id, d.product_id, 0, 0, 0, ?"
             " FROM (SELECT DISTINCT m.warehouse_id, m.product_id"
             " FROM stock_move m"
             " WHERE" BLOCK_MOVES ") d"
             " WHERE NOT EXISTS (SELECT b.product_id FROM stock_balance b"
             " WHERE b.warehouse_id = d.warehouse_id"
             " AND b.product_id = d.product_id)");
/* The sum of the block's moves in a balance row's bucket, and the rows
 * of a warehouse those moves are in.  The unary pluses keep SQLite on the
 * block's ids: given the warehouse and product it read the row's whole
 * history through ix_stock_move_wp, for every row (an UPDATE of a
 * 20-line transfer took 22 ms on the bench's database, against 1 ms).  A
 * plus is plain SQL on every engine; PostgreSQL reads the ids either
 * way. */
#define BLOCK_SUM(bucket)                                                      \
    "(SELECT SUM(m.qty) FROM stock_move m"                                     \
    " WHERE" BLOCK_MOVES " AND +m.warehouse_id = stock_balance.warehouse_id"   \
    " AND +m.product_id = stock_balance.product_id"                            \
    " AND m.bucket = '" bucket "')"
#define BLOCK_ROWS(bucket)                                                     \
    " WHERE warehouse_id = ?"                                                  \
    " AND product_id IN (SELECT m.product_id FROM stock_move m"                \
    " WHERE" BLOCK_MOVES " AND +m.warehouse_id = ?"                            \
    " AND m.bucket = '" bucket "')"
#define ON_HAND_SUM    BLOCK_SUM("on_hand")
#define ON_HAND_SET    " SET on_hand = on_hand + " ON_HAND_SUM "," LAST_MOVE
#define ON_HAND_ROWS   BLOCK_ROWS("on_hand")
#define IN_TRANSIT_SUM BLOCK_SUM("in_transit")
#define IN_TRANSIT_SET                                                         \
    " SET in_transit = in_transit + " IN_TRANSIT_SUM "," LAST_MOVE
#define IN_TRANSIT_ROWS BLOCK_ROWS("in_transit")
/* The guarded additions of the block's sums to one bucket of one
 * warehouse's rows.  Parameters: the block; move_on (twice), now; the
 * warehouse; the block, the warehouse; the block; the guard's. */
DB_STATEMENT(sql_stock_lines_on_hand, 0,
             "UPDATE stock_balance" ON_HAND_SET ON_HAND_ROWS
             " AND on_hand + " ON_HAND_SUM " >= reserved"
             " AND (frozen_by IS NULL OR frozen_by = ?)");
DB_STATEMENT(sql_stock_lines_in_transit, 0,
             "UPDATE stock_balance" IN_TRANSIT_SET IN_TRANSIT_ROWS
             " AND in_transit + " IN_TRANSIT_SUM " >= 0");
/* Why a bucket's UPDATE fell short: the chunk's moves in order, each with
 * its row's reserved and frozen_by and the on hand and in transit before
 * the chunk (the sums of the moves but those from the chunk to the end of
 * the block: the balance itself may already hold part of the chunk).
 * Parameters: the chunk's first, the block's last (twice); the chunk. */
enum {
    WHY_LINE,
    WHY_WH,
    WHY_PRODUCT,
    WHY_BUCKET,
    WHY_QTY,
    WHY_RESERVED,
    WHY_FROZEN,
    WHY_ON_HAND,
    WHY_IN_TRANSIT
};
#define LEDGER_BEFORE(bucket)                                                  \
    " (SELECT SUM(o.qty) FROM stock_move o"                                    \
    " WHERE o.warehouse_id = m.warehouse_id"                                   \
    " AND o.product_id = m.product_id AND o.bucket = '" bucket "'"             \
    " AND (o.id < ? OR o.id > ?))"
#define ON_HAND_BEFORE    LEDGER_BEFORE("on_hand")
#define IN_TRANSIT_BEFORE LEDGER_BEFORE("in_transit")
DB_STATEMENT(sql_stock_lines_why, 0,
             "SELECT m.line_no, m.warehouse_id, m.product_id, m.bucket, m.qty,"
             " b.reserved, b.frozen_by," ON_HAND_BEFORE "," IN_TRANSIT_BEFORE
             " FROM stock_move m"
             " LEFT JOIN stock_balance b ON b.warehouse_id = m.warehouse_id"
             " AND b.product_id = m.product_id"
             " WHERE" BLOCK_MOVES " ORDER BY m.id");

/* Availability: the serving warehouses' sums.  Parameters: product,
 * serve unit, scope unit. */
#define STOCK_AVAIL(products)                                                  \
    "SELECT b.product_id, COALESCE(SUM(b.on_hand - b.reserved), 0),"           \
    " COALESCE(SUM(b.safety_qty), 0), COUNT(b.warehouse_id)"                   \
    " FROM stock_balance b"                                                    \
    " JOIN warehouse w ON w.id = b.warehouse_id"                               \
    " WHERE b.product_id IN (" products ") AND w.status = 'active'"            \
    " AND (w.kind = 'central' OR (w.kind = 'branch'"                           \
    " AND (w.unit_id IN (SELECT oc.ancestor_id FROM org_closure oc"            \
    " WHERE oc.descendant_id = ?)"                                             \
    " OR w.unit_id IN (SELECT sc.descendant_id FROM org_closure sc"            \
    " WHERE sc.ancestor_id = ?))))"                                            \
    " GROUP BY b.product_id"
DB_STATEMENT(sql_stock_avail, 0, STOCK_AVAIL("?"));
DB_STATEMENT(sql_stock_avail_many, 0, STOCK_AVAIL(DB_PLACES_50));

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
        !text_one_of(m->bucket, buckets) || !text_one_of(m->kind, kinds) ||
        ref == NULL || ref->doc_type == NULL || !date_ok(ref->move_on))
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

/* ---- a document's lines at once ------------------------------------- */

/* What template t moves for line l (0: nothing). */
static int64_t
line_qty(const struct stock_line_move *t, const struct stock_line_qty *l)
{
    if (t->damaged_only && !l->damaged)
        return 0;
    return t->of_qty * l->qty + t->of_done * l->qty_done +
           t->of_book * l->book_qty;
}

static int
factor_ok(int f)
{
    return f >= -1 && f <= 1;
}

/* The UPDATEs of stock_post_lines are one per bucket of a warehouse
 * (cell) and per STOCK_LINES_CHUNK lines: each balance row sums the moves
 * of the chunk, so a chunk costs its lines squared, and a document of
 * thousands of lines (a stocktake) stays linear. */
#define STOCK_LINES_CHUNK 32
struct lines_cell {
    int64_t wh;
    const char *bucket;
};

/*
 * The arguments of stock_post_lines checked, the cells of its UPDATEs (in
 * increasing warehouse id, on hand before in transit) and *n_moves worked
 * out.  STOCK_OK, or STOCK_INVALID with *out naming the line.
 */
static int
lines_plan(const struct stock_line_move *mv, int n_mv,
           const struct stock_line_qty *lines, int n_lines,
           const struct stock_ref *ref, struct lines_cell *cells, int *n_cells,
           long *n_moves, struct stock_refusal *out)
{
    *n_cells = 0;
    *n_moves = 0;
    if (n_mv < 1 || n_mv > STOCK_LINE_MOVES_MAX || n_lines < 0 || ref == NULL ||
        ref->doc_type == NULL || ref->doc_id <= 0 || !date_ok(ref->move_on))
        return STOCK_INVALID;
    for (int t = 0; t < n_mv; t++) {
        int c = 0;

        if (mv[t].warehouse_id <= 0 || !text_one_of(mv[t].kind, kinds) ||
            mv[t].bucket == NULL ||
            (strcmp(mv[t].bucket, "on_hand") != 0 &&
             strcmp(mv[t].bucket, "in_transit") != 0) ||
            !factor_ok(mv[t].of_qty) || !factor_ok(mv[t].of_done) ||
            !factor_ok(mv[t].of_book))
            return STOCK_INVALID;
        while (c < *n_cells && (cells[c].wh != mv[t].warehouse_id ||
                                strcmp(cells[c].bucket, mv[t].bucket) != 0))
            c++;
        if (c == *n_cells) {
            /* in place: increasing warehouse, on hand first */
            while (c > 0 && (cells[c - 1].wh > mv[t].warehouse_id ||
                             (cells[c - 1].wh == mv[t].warehouse_id &&
                              strcmp(mv[t].bucket, "on_hand") == 0))) {
                cells[c] = cells[c - 1];
                c--;
            }
            cells[c].wh = mv[t].warehouse_id;
            cells[c].bucket = mv[t].bucket;
            (*n_cells)++;
        }
    }
    for (int i = 0; i < n_lines; i++) {
        const struct stock_line_qty *l = &lines[i];

        if (l->product_id <= 0 ||
            (i > 0 && l->product_id < lines[i - 1].product_id))
            return STOCK_INVALID;
        for (int t = 0; t < n_mv; t++) {
            int64_t q = line_qty(&mv[t], l);

            if (q > STOCK_QTY_MAX || q < -STOCK_QTY_MAX) {
                out->line_no = l->line_no;
                out->index = i;
                out->warehouse_id = mv[t].warehouse_id;
                return STOCK_INVALID;
            }
            if (q != 0)
                (*n_moves)++;
        }
    }
    return STOCK_OK;
}

/* The balance rows the UPDATE of cell c changes for lines[from, to): one
 * per product that moves in that bucket of that warehouse, on however
 * many lines. */
static long
cell_rows(const struct stock_line_move *mv, int n_mv,
          const struct stock_line_qty *lines, int from, int to,
          const struct lines_cell *c)
{
    long n = 0;

    for (int i = from; i < to;) {
        int j = i, moves = 0;

        for (; j < to && lines[j].product_id == lines[i].product_id; j++)
            for (int t = 0; t < n_mv; t++)
                if (mv[t].warehouse_id == c->wh &&
                    strcmp(mv[t].bucket, c->bucket) == 0 &&
                    line_qty(&mv[t], &lines[j]) != 0)
                    moves = 1;
        n += moves;
        i = j;
    }
    return n;
}

/* The parameters of BLOCK_MOVES into p: 2. */
static size_t
block_params(struct db_param *p, int64_t first, int64_t last)
{
    p[0] = DB_INT(first);
    p[1] = DB_INT(last);
    return 2;
}

/*
 * A bucket's UPDATE of the chunk [first, last] of the block that ends at
 * end changed fewer rows than it should: find the move the line-by-line
 * posting would have refused first.  The chunk's moves come in id order,
 * which is (product, line, template) order, so a product's moves are
 * together; each starts from its row as it was before the chunk (the
 * chunks before it applied, those after it not) and adds the moves before
 * it, as stock_post would have found it (the row's sums of moves: its
 * balance, as long as `qudao check --stock` finds nothing).  STOCK_SHORT
 * or STOCK_FROZEN with *out; -1 when no move is refused (a writer that
 * did not take stock_lock changed a row meanwhile: the unit of work is
 * marked to run again).
 */
static int
lines_why(struct db *db, int64_t first, int64_t last, int64_t end,
          const struct stock_ref *ref, struct stock_refusal *out)
{
    struct db_param p[6] = {DB_INT(first), DB_INT(end), DB_INT(first),
                            DB_INT(end)};
    struct stock_state st[STOCK_LINE_MOVES_MAX];
    int64_t st_wh[STOCK_LINE_MOVES_MAX], product = 0;
    size_t np = 4 + block_params(p + 4, first, last);
    struct arena *a = arena_new(8192);
    struct db_rows r;
    int n_st = 0, rc = -1;

    if (db_query(db, a, &sql_stock_lines_why, p, np, 0, 0, &r) != 0) {
        arena_free(a);
        return -1;
    }
    for (size_t i = 0; i < r.n_rows && rc < 0; i++) {
        int64_t wh = db_cell_int(&r, i, WHY_WH);
        int64_t qty = db_cell_int(&r, i, WHY_QTY);
        int on_hand = strcmp(db_cell(&r, i, WHY_BUCKET), "on_hand") == 0;
        struct stock_state *s;
        int k = 0;

        if (db_cell_int(&r, i, WHY_PRODUCT) != product) {
            product = db_cell_int(&r, i, WHY_PRODUCT);
            n_st = 0;
        }
        while (k < n_st && st_wh[k] != wh)
            k++;
        s = &st[k];
        if (k == n_st) { /* a template's warehouse: at most one each */
            if (n_st == STOCK_LINE_MOVES_MAX)
                break;
            n_st++;
            st_wh[k] = wh;
            memset(s, 0, sizeof(*s));
            s->exists = 1;
            s->on_hand = db_cell_int(&r, i, WHY_ON_HAND);
            s->reserved = db_cell_int(&r, i, WHY_RESERVED);
            s->in_transit = db_cell_int(&r, i, WHY_IN_TRANSIT);
            s->frozen_by = db_cell(&r, i, WHY_FROZEN) != NULL
                               ? db_cell_int(&r, i, WHY_FROZEN)
                               : 0;
        }
        if (on_hand && s->frozen_by != 0 && s->frozen_by != ref->count_id)
            rc = STOCK_FROZEN;
        else if (on_hand ? s->on_hand + qty < s->reserved
                         : s->in_transit + qty < 0)
            rc = STOCK_SHORT;
        if (rc > 0) {
            out->line_no = (int)db_cell_int(&r, i, WHY_LINE);
            out->warehouse_id = wh;
            out->why = *s;
        } else if (on_hand) {
            s->on_hand += qty;
        } else {
            s->in_transit += qty;
        }
    }
    arena_free(a);
    if (rc < 0)
        db_mark_retry(db);
    return rc;
}

int
stock_post_lines(struct db *db, const struct stock_line_move *mv, int n_mv,
                 const struct stock_line_qty *lines, int n_lines,
                 const struct stock_ref *ref, struct stock_refusal *out)
{
    struct lines_cell cells[STOCK_LINE_MOVES_MAX];
    struct stock_refusal ignored;
    struct db_param p[16];
    int64_t first, last;
    long n_moves, n;
    int n_cells, rc, ms = 0;
    time_t now;

    if (out == NULL)
        out = &ignored;
    memset(out, 0, sizeof(*out));
    out->index = n_lines;
    rc = lines_plan(mv, n_mv, lines, n_lines, ref, cells, &n_cells, &n_moves,
                    out);
    if (rc != STOCK_OK || n_moves == 0)
        return rc;
    now = ref->now != 0 ? ref->now : clock_now_ms(&ms);
    if (db_next_ids(db, "stock_move", (int64_t)n_lines * n_mv, &first) != 0)
        return -1;
    last = first + (int64_t)n_lines * n_mv - 1;

    /* the moves first: a document posted twice stops here */
    for (int t = 0; t < n_mv; t++) {
        p[0] = DB_INT(first + t);
        p[1] = DB_INT(n_mv);
        p[2] = DB_INT(mv[t].warehouse_id);
        p[3] = DB_TEXT(mv[t].bucket);
        p[4] = DB_TEXT(mv[t].kind);
        p[5] = DB_TEXT(ref->doc_type);
        p[6] = DB_INT(ref->doc_id);
        p[7] = DB_TEXT(ref->move_on);
        p[8] = DB_TS_MS(now, ms);
        p[9] = ref->user_id > 0 ? DB_INT(ref->user_id) : DB_NULLP;
        p[10] = DB_INT(mv[t].of_qty);
        p[11] = DB_INT(mv[t].of_done);
        p[12] = DB_INT(mv[t].of_book);
        p[13] = DB_INT(ref->doc_id);
        p[14] = DB_INT(mv[t].damaged_only ? 1 : 0);
        n = 0;
        if (db_exec(db, &sql_stock_lines_moves, p, 15, &n) != 0)
            return db_unique_violation(db) ? STOCK_DUPLICATE : -1;
        n_moves -= n;
    }
    /* not the lines the caller said: a caller's bug, roll back */
    if (n_moves != 0)
        return STOCK_INVALID;

    /* the first moves of products here: their zero rows */
    p[0] = DB_TS(now);
    if (db_exec(db, &sql_stock_lines_balances, p,
                1 + block_params(p + 1, first, last), NULL) != 0) {
        if (db_unique_violation(db))
            db_mark_retry(db); /* another transaction created one */
        return -1;
    }

    /* each bucket's rows under their guard, every one or a refusal; a
     * chunk of lines at a time */
    for (int from = 0; from < n_lines; from += STOCK_LINES_CHUNK) {
        int to = n_lines - from > STOCK_LINES_CHUNK ? from + STOCK_LINES_CHUNK
                                                    : n_lines;
        int64_t cfirst = first + (int64_t)from * n_mv;
        int64_t clast = first + (int64_t)to * n_mv - 1;

        for (int c = 0; c < n_cells; c++) {
            int oh = strcmp(cells[c].bucket, "on_hand") == 0;
            long want = cell_rows(mv, n_mv, lines, from, to, &cells[c]);
            size_t np = 0;

            if (want == 0)
                continue;
            np += block_params(p + np, cfirst, clast);
            p[np++] = DB_TEXT(ref->move_on);
            p[np++] = DB_TEXT(ref->move_on);
            p[np++] = DB_TS(now);
            p[np++] = DB_INT(cells[c].wh);
            np += block_params(p + np, cfirst, clast);
            p[np++] = DB_INT(cells[c].wh);
            np += block_params(p + np, cfirst, clast);
            if (oh)
                p[np++] = DB_INT(ref->count_id > 0 ? ref->count_id : -1);
            n = 0;
            if (db_exec(db,
                        oh ? &sql_stock_lines_on_hand
                           : &sql_stock_lines_in_transit,
                        p, np, &n) != 0)
                return -1;
            if (n != want) {
                rc = lines_why(db, cfirst, clast, last, ref, out);
                for (int i = from; rc > 0 && i < to; i++)
                    if (lines[i].line_no == out->line_no)
                        out->index = i;
                return rc;
            }
        }
    }
    return STOCK_OK;
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
    return stock_availability_many(db, &product_id, 1, serve_unit, scope_unit,
                                   out);
}

int
stock_availability_many(struct db *db, const int64_t *product_ids, size_t n,
                        int64_t serve_unit, int64_t scope_unit,
                        struct stock_avail *out)
{
    struct db_param p[STOCK_AVAIL_MANY + 2];
    struct arena *a;
    struct db_rows r;
    size_t places = n == 1 ? 1 : STOCK_AVAIL_MANY;
    int rc;

    if (n == 0)
        return 0;
    if (n > STOCK_AVAIL_MANY)
        return -1;
    for (size_t i = 0; i < places; i++) {
        p[i] = DB_INT(i < n ? product_ids[i] : 0); /* no product has id 0 */
        if (i < n) {
            memset(&out[i], 0, sizeof(out[i]));
            out[i].level = "out";
        }
    }
    p[places] = DB_INT(serve_unit);
    p[places + 1] = DB_INT(scope_unit);
    a = arena_new(1024);
    rc = db_query(db, a, n == 1 ? &sql_stock_avail : &sql_stock_avail_many, p,
                  places + 2, 0, 0, &r);
    for (size_t k = 0; rc == 0 && k < r.n_rows; k++) {
        int64_t id = db_cell_int(&r, k, 0);

        for (size_t i = 0; i < n; i++) {
            struct stock_avail *o = &out[i];

            if (product_ids[i] != id)
                continue;
            o->available = db_cell_int(&r, k, 1);
            o->safety = db_cell_int(&r, k, 2);
            o->n_warehouses = (int)db_cell_int(&r, k, 3);
            o->level = o->available <= 0           ? "out"
                       : o->available <= o->safety ? "low"
                                                   : "in-stock";
        }
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
