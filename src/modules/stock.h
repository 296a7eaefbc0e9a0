/*
 * stock.h - the stock ledger as every module sees it (issue 6): the
 * documents of the inventory pages, and orders, returns and purchasing
 * later, move stock only through these calls.  They work inside the
 * caller's transaction and never commit or roll back.
 *
 * Tables (schema/0007-inventory.xml): stock_move, append-only, one row
 * per document line, warehouse, bucket and kind (unique: a line applies
 * once); stock_balance, one row per warehouse and product beside it:
 *
 *     on_hand, reserved, in_transit = the sum of the moves of that bucket
 *     available = on_hand - reserved
 *
 * Both change in the same transaction.  The balance changes only by an
 * UPDATE that adds to its column and carries the guard in its WHERE
 * (PORTABILITY.md item 9, SECURITY.md): never read then write.  Guards:
 *
 *     on_hand     on_hand + qty >= reserved   (so never below zero, and
 *                 stock promised to an order is not issued to another),
 *                 and the row is not frozen by another document's count
 *     reserved    reserved + qty <= on_hand  and  reserved + qty >= 0
 *     in_transit  in_transit + qty >= 0
 *
 * A move is dated (move_on, the document's date).  Before moving stock
 * in a warehouse the caller takes it with stock_lock(): a guarded UPDATE
 * of the warehouse row that refuses a closed warehouse and a date in a
 * closed period (on or before warehouse.closed_through).  Closing a
 * period takes the same row first, so on PostgreSQL a posting and a close
 * of one warehouse are serialised and a back-dated move can never slip
 * under a snapshot (on SQLite writers are serialised anyway).  A document
 * that touches two warehouses locks them in increasing id order, and
 * moves its lines in increasing product id order, so two documents never
 * wait for each other in a circle.
 *
 * Stocktakes freeze: opening a count sets stock_balance.frozen_by to the
 * count's id for the rows it counts; on-hand moves of any other document
 * on those rows are refused (STOCK_FROZEN) until the count is posted or
 * cancelled.  Reservations are not frozen (they do not move goods).
 *
 * Every call returns STOCK_OK (0), -1 on a database error (db_last_error
 * says what; a unit of work that meets a balance row created meanwhile by
 * another transaction is marked for retry, see db_mark_retry), or one of
 * the business outcomes below; on any non-zero result the caller rolls
 * back its unit of work (the calls write before they know).
 */
#ifndef QUDAO_STOCK_H
#define QUDAO_STOCK_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

struct db;

#define STOCK_QTY_MAX INT64_C(1000000000) /* units on one line or move */

/* stock_move.doc_type of the moves of a stock document (stock_doc): the
 * doc_id is the stock_doc's id, line_no its line.  Other modules use
 * their own ("order", "purchase" ...). */
#define STOCK_DOC_TYPE "stock_doc"

enum stock_result {
    STOCK_OK = 0,
    STOCK_DUPLICATE = 1, /* that line already moved (that bucket, kind) */
    STOCK_SHORT,         /* the guard of the bucket refused (not enough
                            available, reserved or in transit) */
    STOCK_FROZEN,        /* a stocktake holds the row */
    STOCK_CLOSED,        /* the warehouse is closed (status) */
    STOCK_PERIOD_CLOSED, /* the date is in a closed period */
    STOCK_NO_WAREHOUSE,  /* no such warehouse */
    STOCK_INVALID        /* bad arguments (a caller's bug) */
};

/* Where a move comes from: the document and line it applies once for. */
struct stock_ref {
    const char *doc_type; /* "receipt", "transfer", "order" ... (20) */
    int64_t doc_id;
    int line_no;
    const char *move_on; /* YYYY-MM-DD: the document's date */
    int64_t user_id;     /* 0: the system */
    int64_t count_id;    /* the stocktake allowed to move frozen rows, 0 */
    time_t now;          /* posted_at; 0: the clock's now */
};

/* One move: what stock_post writes. */
struct stock_move {
    int64_t warehouse_id;
    int64_t product_id;
    const char *bucket; /* on_hand reserved in_transit */
    const char *kind;   /* opening receipt issue transfer_out transfer_in
                           count damage return sellthru reserve release */
    int64_t qty;        /* signed units, not 0 */
};

/* The balance row as it is, to say why a move was refused. */
struct stock_state {
    int64_t on_hand, reserved, in_transit;
    int64_t frozen_by; /* 0: not frozen */
    int exists;        /* 0: no balance row (nothing ever moved) */
};

/*
 * Take the warehouse for moves dated move_on: the guarded UPDATE
 *   ... SET move_seq = move_seq + 1 WHERE id = ? AND status = 'active'
 *       AND (closed_through IS NULL OR closed_through < move_on)
 * STOCK_OK, STOCK_NO_WAREHOUSE, STOCK_CLOSED, STOCK_PERIOD_CLOSED,
 * STOCK_INVALID or -1.  Cheap to repeat in one transaction.
 */
int stock_lock(struct db *db, int64_t warehouse_id, const char *move_on);

/*
 * Post one move (the warehouse already taken with stock_lock): INSERT the
 * stock_move first (the same line, warehouse, bucket and kind again:
 * STOCK_DUPLICATE, nothing written, but a statement has failed: roll
 * back), then add qty to the bucket of the balance row under its guard;
 * a missing balance row is created (with zeros) first.  On STOCK_SHORT or
 * STOCK_FROZEN *why (may be NULL) has the row as it is.
 */
int stock_post(struct db *db, const struct stock_move *m,
               const struct stock_ref *ref, struct stock_state *why);

/*
 * The calls of the other modules, one line each (each locks the
 * warehouse with ref->move_on, then posts):
 *   stock_reserve   reserved +qty  (an order promises goods)
 *   stock_release   reserved -qty  (the promise ends: cancelled or
 *                                   issued)
 *   stock_issue     on_hand -qty   (goods leave: an order delivered)
 *   stock_receive   on_hand +qty   (goods arrive: a purchase, a return)
 * qty > 0 and at most STOCK_QTY_MAX.  Delivering a reserved order line is
 * stock_release then stock_issue, in that order, in one transaction.
 */
int stock_reserve(struct db *db, int64_t warehouse_id, int64_t product_id,
                  int64_t qty, const struct stock_ref *ref,
                  struct stock_state *why);
int stock_release(struct db *db, int64_t warehouse_id, int64_t product_id,
                  int64_t qty, const struct stock_ref *ref,
                  struct stock_state *why);
int stock_issue(struct db *db, int64_t warehouse_id, int64_t product_id,
                int64_t qty, const struct stock_ref *ref,
                struct stock_state *why);
int stock_receive(struct db *db, int64_t warehouse_id, int64_t product_id,
                  int64_t qty, const struct stock_ref *ref,
                  struct stock_state *why);

/* The balance row of a warehouse and product (exists 0 when none).  0 or
 * -1. */
int stock_state_get(struct db *db, int64_t warehouse_id, int64_t product_id,
                    struct stock_state *st);

/*
 * What the catalog shows of a product's stock (availability).  The
 * warehouses that serve someone: every active central warehouse, the
 * active branch warehouses of the units above serve_unit (the unit that
 * services a dealer, or where a staff member sits: its branch and the
 * region above), and, for staff, those of the units in their subtree
 * (scope_unit; -1 for channel users).  Agents' and consignment
 * warehouses never serve others.  Sums available (on hand - reserved)
 * and the safety stock set on them; the level is
 *     "out"       available <= 0
 *     "low"       available at or below the sum of their safety stock
 *     "in-stock"  otherwise
 * Static text into *level.  0 or -1.
 */
struct stock_avail {
    const char *level;
    int64_t available; /* units, for users allowed stock.qty */
    int64_t safety;
    int n_warehouses; /* serving warehouses that ever held the product */
};
int stock_availability(struct db *db, int64_t product_id, int64_t serve_unit,
                       int64_t scope_unit, struct stock_avail *out);

/*
 * Reconcile: every balance bucket equals the sum of its moves, on_hand >=
 * reserved >= 0, in_transit >= 0, and every move has its balance row.
 * Prints one line per mismatch to out (may be NULL).  Reads only.  The
 * number of mismatches, or -1.
 */
int stock_check(struct db *db, FILE *out);

/* A short English message for a result, for logs and CLI output. */
const char *stock_result_name(int rc);

#endif
