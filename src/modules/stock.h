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
 * A document posts all its lines at once (stock_post_lines): the moves of
 * every line in one INSERT ... SELECT from stock_doc_line per kind of
 * move, numbered from a block of ids taken once, in (product, line)
 * order; the missing balance rows in one INSERT ... SELECT; then one
 * guarded UPDATE per bucket and warehouse that adds to each row the sum
 * of the document's moves there (a product on several lines adds them
 * up) under the same guards, and whose row count must be the number of
 * products.  A fixed number of statements up to 32 lines, and one
 * UPDATE a bucket more for every 32 lines more (a row's sum reads the
 * moves of its 32 lines, so a stocktake of 20,000 lines stays linear):
 * line by line, shipping a 20-line transfer was 84 statements and
 * receiving it 103; each is 9 now (tests/bench/README.md).  The guard
 * checks a product's sum once, where line by line it checked every move;
 * that is the same as long as, within one row and bucket, a document's
 * moves have one sign or each taking move follows a giving one (a return
 * received and written off), which is what the documents post.  A
 * refusal names the move the line-by-line posting would have refused
 * first, with the row as that move would have found it.
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

#include <stddef.h>
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
 * The quantities of one line of a stock document (stock_doc_line): what
 * stock_post_lines works out in C to check the arguments, count the rows
 * and name a refused line.  The columns the moves read hold the table's
 * values (the others may be 0).
 */
struct stock_line_qty {
    int line_no;
    int64_t product_id;
    int64_t qty, qty_done, book_qty; /* qty_done, book_qty: 0 for NULL */
    int damaged;                     /* cond = 'damaged' */
};

/*
 * A move every line of a document makes: in bucket (on_hand or
 * in_transit) of warehouse_id, of kind, of the quantity
 *     of_qty * qty + of_done * qty_done + of_book * book_qty
 * (each factor -1, 0 or 1; a receipt {+1, 0, 0}, an issue {-1, 0, 0}, a
 * count's variance {0, +1, -1}).  A line whose quantity comes to 0 makes
 * none; damaged_only: only the lines whose cond is 'damaged'.
 */
struct stock_line_move {
    int64_t warehouse_id;
    const char *bucket;
    const char *kind;
    int of_qty, of_done, of_book;
    int damaged_only;
};
#define STOCK_LINE_MOVES_MAX 2 /* moves a line makes in one posting */

/* Where stock_post_lines was refused. */
struct stock_refusal {
    int line_no;            /* the line (0: none in particular) */
    int index;              /* its index in lines[] (n_lines: none, and
                               on STOCK_OK) */
    int64_t warehouse_id;   /* the warehouse of the refused move */
    struct stock_state why; /* STOCK_SHORT, STOCK_FROZEN: the row as the
                               line found it */
};

/*
 * Post the lines of document ref->doc_id (its rows in stock_doc_line, read
 * in this transaction or guarded by the document's version) at once, the
 * warehouses already taken with stock_lock in increasing id order: for
 * each line and each of the n_mv moves mv (in that order), one stock_move
 * of doc_type ref->doc_type, line_no the line's, dated ref->move_on,
 * posted at ref->now (0: the clock's now, with milliseconds) by
 * ref->user_id -- the rows stock_post wrote line by line; ids rise with
 * (product id, line, move).  lines[] are those rows' quantities, in
 * increasing product id.  Then each bucket of each warehouse under its
 * guard (ref->count_id: the stocktake allowed to move frozen rows), 32
 * lines at a time.
 * Returns STOCK_OK (also when no line moves anything: nothing is
 * written); STOCK_DUPLICATE (the document already moved: a statement has
 * failed, roll back); STOCK_SHORT or STOCK_FROZEN with *out (may be NULL)
 * naming the line, warehouse and row; STOCK_INVALID for bad arguments or
 * lines that are not the document's; -1 on a database error (a balance
 * row created meanwhile by another transaction, or a row changed by a
 * writer without stock_lock: marked for retry).  Reservations are not
 * posted so: they go by order line through stock_post.
 */
int stock_post_lines(struct db *db, const struct stock_line_move *mv, int n_mv,
                     const struct stock_line_qty *lines, int n_lines,
                     const struct stock_ref *ref, struct stock_refusal *out);

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

/* The most products stock_availability_many takes at once. */
#define STOCK_AVAIL_MANY 50

/*
 * stock_availability for n products (1..STOCK_AVAIL_MANY; more is -1) in
 * one statement: out[i] (the caller's array of n) is exactly what
 * stock_availability(product_ids[i], serve_unit, scope_unit) gives; a
 * product may be named twice.  stock_availability is this with n = 1.
 * 0 or -1.
 */
int stock_availability_many(struct db *db, const int64_t *product_ids, size_t n,
                            int64_t serve_unit, int64_t scope_unit,
                            struct stock_avail *out);

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
