/*
 * ledger.h - the account ledger and credit exposure as the other modules
 * see them (orders, returns, rebates, payments): small calls that work
 * inside the caller's transaction and never commit or roll back.
 *
 * Tables (schema/0003-channel.xml): ledger_entry, append-only, one row per
 * source document and bucket (unique source_type, source_id, bucket);
 * party_account, one balance row per party kept beside it:
 *
 *     receivable, prepayment, rebate = sum of the entries of that bucket
 *     exposure = receivable + open_orders - prepayment
 *
 * Both change in the same transaction, by UPDATEs that add to the
 * columns (never read-then-write in C).  Exposure is raised by a new order
 * only through credit_raise(), a guarded UPDATE (exposure + amount <=
 * credit_limit, no hold), so concurrent orders cannot pass the limit
 * together.  A posting (ledger_post) records a fact -- an invoice, a
 * payment -- and is never refused by the limit.
 *
 * Every call returns 0 (LEDGER_OK), -1 on a database error (then
 * db_last_error(db) tells what happened, and the caller rolls back), or
 * one of the business outcomes below; on any non-zero result the caller
 * must roll back its unit of work (the calls write before they know).
 */
#ifndef QUDAO_LEDGER_H
#define QUDAO_LEDGER_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

struct db;

enum ledger_result {
    LEDGER_OK = 0,
    LEDGER_DUPLICATE = 1, /* the source is already posted in that bucket:
                             the caller treats it as "already applied" */
    LEDGER_SHORT,         /* the guarded bucket (or open_orders) would go
                             below zero */
    LEDGER_HELD,          /* credit_raise: the account is on hold */
    LEDGER_OVER_LIMIT,    /* credit_raise: the limit would be passed */
    LEDGER_NO_ACCOUNT,    /* the party has no party_account row */
    LEDGER_INVALID,       /* bad arguments (a caller's bug) */
    LEDGER_NOT_APPROVED   /* credit_raise: the party is not approved (only
                             qualified parties buy on credit) */
};

/* One entry: what ledger_post writes. */
struct ledger_post {
    int64_t party_id;
    const char *kind;   /* receivable payment prepayment prepay_apply rebate
                           credit_note adjustment */
    const char *bucket; /* receivable prepayment rebate */
    int64_t amount;     /* signed fen, added to the bucket; not 0 */
    const char *source_type; /* "order", "payment", "manual" ... (30) */
    int64_t source_id;       /* the source document's id */
    const char *entry_on;    /* YYYY-MM-DD */
    const char *due_on;      /* YYYY-MM-DD (receivables) or NULL */
    const char *note;        /* or NULL (200 characters) */
    int64_t user_id;         /* 0: posted by the system */
    int floor;  /* 1: refuse (LEDGER_SHORT) when the bucket would go below
                   zero -- payments, credit notes, prepayment applied */
    time_t now; /* posted_at (0: the clock's now, with milliseconds) */
};

/*
 * Post one entry: INSERT the ledger_entry first (a duplicate source fails
 * there and changes nothing: LEDGER_DUPLICATE), then add the amount to the
 * bucket of party_account and the matching change to exposure (receivable
 * +amount, prepayment -amount, rebate none), guarded by `floor`.  Returns
 * LEDGER_OK, LEDGER_DUPLICATE, LEDGER_SHORT, LEDGER_NO_ACCOUNT,
 * LEDGER_INVALID or -1.  After LEDGER_DUPLICATE a statement of the
 * transaction has failed: roll back before doing more.  The entry's id
 * goes to *entry_id (may be NULL).  Call ledger_review_holds() for the
 * party afterwards when the receivable changed.
 */
int ledger_post(struct db *db, const struct ledger_post *e, int64_t *entry_id);

/* Why credit_raise refused: all in fen. */
struct credit_refusal {
    int64_t limit;     /* credit_limit */
    int64_t exposure;  /* exposure now */
    int64_t shortfall; /* exposure + amount - limit (over limit), else 0 */
    char hold[8];      /* "none", "manual", "overdue" */
};

/*
 * Raise open_orders and exposure by amount (> 0) for a new or grown
 * order, in one guarded UPDATE:
 *   ... WHERE party_id = ? AND hold = 'none' AND exposure + ? <= credit_limit
 *       AND the party is approved
 * When it matches no row, reads the row and returns LEDGER_NOT_APPROVED,
 * LEDGER_HELD or LEDGER_OVER_LIMIT with *why filled (why may be NULL), or
 * LEDGER_NO_ACCOUNT.  LEDGER_OK, those, LEDGER_INVALID or -1.
 */
int credit_raise(struct db *db, int64_t party_id, int64_t amount,
                 struct credit_refusal *why);

/*
 * The reverse, for an order cancelled, reduced or invoiced: open_orders
 * and exposure down by amount (> 0), guarded so open_orders never goes
 * below zero (LEDGER_SHORT).  Never refused by a hold.  LEDGER_OK,
 * LEDGER_SHORT, LEDGER_NO_ACCOUNT, LEDGER_INVALID or -1.
 */
int credit_lower(struct db *db, int64_t party_id, int64_t amount);

/*
 * Reconcile: every party_account bucket equals the sum of its entries,
 * exposure = receivable + open_orders - prepayment, and no entry belongs
 * to a party without an account.  Prints one line per mismatch to out
 * (may be NULL).  Reads only, in the caller's transaction.  Returns the
 * number of mismatches, or -1 on a database error.
 */
int ledger_check(struct db *db, FILE *out);

/*
 * Credit holds for overdue debts.  A party's unpaid receivables are its
 * newest charges (positive entries of the receivable bucket) that add up
 * to the receivable balance: payments and credit notes settle the oldest
 * first (FIFO by due_on, entry_on when there is none).  When the oldest
 * unpaid one fell due more than overdue_days before today (YYYY-MM-DD),
 * the account goes on hold 'overdue'; an 'overdue' hold is lifted when
 * that is no longer so.  A 'manual' hold is never touched.  Each change is
 * audited (entity party_account, action hold / release, no user).
 * party_id 0 reviews every account that has a receivable or an overdue
 * hold.  Inside the caller's transaction.  Returns the number of holds
 * put or lifted, or -1.
 */
int ledger_review_holds(struct db *db, int64_t party_id, const char *today,
                        int overdue_days);

/* The days of setting credit.overdue_days (settings_get), 60 when unset
 * or not a whole number in 1..3650. */
int ledger_overdue_days(void);

#endif
