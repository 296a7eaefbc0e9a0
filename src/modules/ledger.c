/*
 * ledger.c - the account ledger, credit limits and credit holds (issue 4).
 *
 * Pages:  GET  /accounts                 accounts in scope: search, filter
 *                                        (hold, over limit), sort, page, CSV
 *         GET  /accounts/{id}            one party's balances and entries
 *                                        (newest first, balance after each,
 *                                        filter by kind and dates), CSV
 *         GET  /accounts/{id}/post       form; POST posts a payment,
 *                                        prepayment, prepayment applied,
 *                                        credit note or adjustment
 *         GET  /accounts/{id}/credit     form; POST sets the credit limit
 *         POST /accounts/{id}/hold       manual credit hold (reason)
 *         POST /accounts/{id}/release    end a manual or overdue hold
 *         ({id} is the party's id.)
 * Tables: ledger_entry, party_account (schema/0003-channel.xml); party
 *         and qd_user are read; audit_log written.
 * Style:  xsl/ledger.xsl; text in xsl/i18n/<lang>/ledger.xml; documents
 *         in schema/xsd/ledger.xsd.
 * C interface for the other modules: ledger.h (posting, credit exposure,
 *         reconciliation, overdue holds), used here by the pages and by
 *         `qudao check --accounts` and `qudao accounts review-holds`.
 *
 * Scope: every page looks its party up with party_get() (SCOPE_PARTY_SQL)
 * first; a party outside the scope answers 404 like a missing one, in
 * HTML, XML and CSV alike.  The list carries the scope in its WHERE.
 *
 * Writes run in one unit of work (db_uow) that starts with a write (the
 * ledger INSERT or a guarded UPDATE: PORTABILITY.md item 9) and writes the
 * audit record in the same transaction.  Double submission: the form's
 * GET takes a one-time id from the key table into a hidden field; the
 * POST posts with it as the source (source_type "manual"), so a second
 * submission of the same form meets the unique source and changes nothing
 * ("already recorded").
 */
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ledger.h"
#include "party.h"

#include "../core/audit.h"
#include "../core/page.h"
#include "../core/auth.h"
#include "../core/clock.h"
#include "../core/csv.h"
#include "../core/ctx.h"
#include "../core/form.h"
#include "../core/money.h"
#include "../core/scope.h"
#include "../core/settings.h"
#include "../core/text.h"
#include "../core/xd.h"
#include "../db/db.h"

#define LEDGER_PAGE       50 /* rows per list page */
#define LEDGER_FIELD_MAX  1000
#define LEDGER_AMOUNT_MAX INT64_C(100000000000000) /* 1e12 yuan in fen */
#define LEDGER_SOURCE     "manual" /* source_type of the posting form */
#define LEDGER_DAYS_DFLT  60

/* Results of a unit of work besides 0 and -1 (and enum ledger_result). */
enum ledger_uow { LEDGER_CONFLICT = 100 };

static const char *const hold_kinds[] = {"none", "manual", "overdue", NULL};
static const char *const entry_kinds[] = {
    "receivable", "payment",     "prepayment", "prepay_apply",
    "rebate",     "credit_note", "adjustment", NULL};
static const char *const post_kinds[] = {
    "payment", "prepayment", "prepay_apply", "credit_note", "adjustment", NULL};
static const char *const buckets[] = {"receivable", "prepayment", "rebate",
                                      NULL};
static const char *const directions[] = {"up", "down", NULL};
static const char *const account_sorts[] = {
    "code", "name", "receivable", "exposure", "available", NULL};
static const char *const dirs[] = {"asc", "desc", NULL};
static const char *const dones[] = {"posted", "duplicate", "saved",
                                    "held",   "released",  NULL};

/* ==================================================================== */
/* Statements: the C interface                                          */
/* ==================================================================== */

DB_STATEMENT(sql_entry_insert, 0,
             "INSERT INTO ledger_entry (id, party_id, kind, bucket, amount,"
             " source_type, source_id, entry_on, due_on, note, posted_at,"
             " user_id)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");

/* One statement per bucket, with and without the floor: amount, amount
 * (exposure), now, party [, amount].  Exposure = receivable + open_orders
 * - prepayment, so it follows the receivable up and the prepayment down;
 * rebates do not touch it. */
DB_STATEMENT(sql_add_receivable, 0,
             "UPDATE party_account"
             " SET receivable = receivable + ?, exposure = exposure + ?,"
             " updated_at = ?"
             " WHERE party_id = ?");
DB_STATEMENT(sql_add_receivable_floor, 0,
             "UPDATE party_account"
             " SET receivable = receivable + ?, exposure = exposure + ?,"
             " updated_at = ?"
             " WHERE party_id = ? AND receivable + ? >= 0");
DB_STATEMENT(sql_add_prepayment, 0,
             "UPDATE party_account"
             " SET prepayment = prepayment + ?, exposure = exposure - ?,"
             " updated_at = ?"
             " WHERE party_id = ?");
DB_STATEMENT(sql_add_prepayment_floor, 0,
             "UPDATE party_account"
             " SET prepayment = prepayment + ?, exposure = exposure - ?,"
             " updated_at = ?"
             " WHERE party_id = ? AND prepayment + ? >= 0");
/* (rebate: the second parameter multiplies by zero, so that every bucket
 * takes the same parameters) */
DB_STATEMENT(sql_add_rebate, 0,
             "UPDATE party_account"
             " SET rebate = rebate + ?, exposure = exposure + 0 * ?,"
             " updated_at = ?"
             " WHERE party_id = ?");
DB_STATEMENT(sql_add_rebate_floor, 0,
             "UPDATE party_account"
             " SET rebate = rebate + ?, exposure = exposure + 0 * ?,"
             " updated_at = ?"
             " WHERE party_id = ? AND rebate + ? >= 0");

DB_STATEMENT(sql_credit_state, 0,
             "SELECT a.credit_limit, a.exposure, a.hold, p.status"
             " FROM party_account a JOIN party p ON p.id = a.party_id"
             " WHERE a.party_id = ?");

/* amount, amount, now, party, amount */
DB_STATEMENT(sql_credit_raise, 0,
             "UPDATE party_account"
             " SET open_orders = open_orders + ?, exposure = exposure + ?,"
             " updated_at = ?"
             " WHERE party_id = ? AND hold = 'none'"
             " AND exposure + ? <= credit_limit"
             " AND EXISTS (SELECT 1 FROM party p"
             " WHERE p.id = party_account.party_id AND p.status = 'approved')");
DB_STATEMENT(sql_credit_lower, 0,
             "UPDATE party_account"
             " SET open_orders = open_orders - ?, exposure = exposure - ?,"
             " updated_at = ?"
             " WHERE party_id = ? AND open_orders - ? >= 0");

/* Each account beside the sums of its entries. */
DB_STATEMENT(sql_check_accounts, 0,
             "SELECT a.party_id, a.receivable, a.prepayment, a.rebate,"
             " a.open_orders, a.exposure,"
             " (SELECT COALESCE(SUM(e.amount), 0) FROM ledger_entry e"
             " WHERE e.party_id = a.party_id AND e.bucket = 'receivable'),"
             " (SELECT COALESCE(SUM(e.amount), 0) FROM ledger_entry e"
             " WHERE e.party_id = a.party_id AND e.bucket = 'prepayment'),"
             " (SELECT COALESCE(SUM(e.amount), 0) FROM ledger_entry e"
             " WHERE e.party_id = a.party_id AND e.bucket = 'rebate')"
             " FROM party_account a"
             " ORDER BY a.party_id");
DB_STATEMENT(sql_check_orphans, 0,
             "SELECT e.party_id, COUNT(*)"
             " FROM ledger_entry e"
             " WHERE NOT EXISTS (SELECT a.party_id FROM party_account a"
             " WHERE a.party_id = e.party_id)"
             " GROUP BY e.party_id"
             " ORDER BY e.party_id");

/* Holds. */
DB_STATEMENT(sql_review_all, 0,
             "SELECT party_id"
             " FROM party_account"
             " WHERE hold = 'overdue' OR (hold = 'none' AND receivable > 0)"
             " ORDER BY party_id");
DB_STATEMENT(sql_review_state, 0,
             "SELECT receivable, hold"
             " FROM party_account"
             " WHERE party_id = ?");
/* The charges of the receivable bucket, newest due first. */
DB_STATEMENT(sql_review_charges, 0,
             "SELECT amount, COALESCE(due_on, entry_on)"
             " FROM ledger_entry"
             " WHERE party_id = ? AND bucket = 'receivable' AND amount > 0"
             " ORDER BY COALESCE(due_on, entry_on) DESC, id DESC");
DB_STATEMENT(sql_hold_overdue, 0,
             "UPDATE party_account"
             " SET hold = 'overdue', hold_reason = ?, hold_at = ?,"
             " updated_at = ?, version = version + 1"
             " WHERE party_id = ? AND hold = 'none'");
DB_STATEMENT(sql_hold_lift_overdue, 0,
             "UPDATE party_account"
             " SET hold = 'none', hold_reason = NULL, hold_at = NULL,"
             " updated_at = ?, version = version + 1"
             " WHERE party_id = ? AND hold = 'overdue'");
/* The audit record of a change made by the system (no user, no address). */
DB_STATEMENT(sql_audit_system, 0,
             "INSERT INTO audit_log (id, at, user_id, addr, entity,"
             " entity_id, action, detail)"
             " VALUES (?, ?, NULL, NULL, 'party_account', ?, ?, ?)");

/* ==================================================================== */
/* The C interface (ledger.h)                                           */
/* ==================================================================== */

/* Does the party have an account row?  1, 0, or -1. */
static int
has_account(struct db *db, int64_t party)
{
    struct arena *a = arena_new(1024);
    struct db_param p[1] = {DB_INT(party)};
    struct db_rows r;
    int rc;

    rc = db_query(db, a, &sql_credit_state, p, 1, 0, 0, &r);
    if (rc == 0)
        rc = r.n_rows > 0;
    arena_free(a);
    return rc;
}

int
ledger_post(struct db *db, const struct ledger_post *e, int64_t *entry_id)
{
    const struct db_sql *upd;
    struct db_param p[12];
    int64_t id;
    long n = 0;
    int ms = 0;
    time_t now = e->now != 0 ? e->now : clock_now_ms(&ms);

    if (e->party_id <= 0 || e->amount == 0 ||
        !text_one_of(e->kind, entry_kinds) ||
        !text_one_of(e->bucket, buckets) || e->source_type == NULL ||
        e->entry_on == NULL || e->amount > MONEY_MAX || e->amount < -MONEY_MAX)
        return LEDGER_INVALID;
    if (strcmp(e->bucket, "receivable") == 0)
        upd = e->floor ? &sql_add_receivable_floor : &sql_add_receivable;
    else if (strcmp(e->bucket, "prepayment") == 0)
        upd = e->floor ? &sql_add_prepayment_floor : &sql_add_prepayment;
    else
        upd = e->floor ? &sql_add_rebate_floor : &sql_add_rebate;

    if (db_next_id(db, "ledger_entry", &id) != 0)
        return -1;
    /* the INSERT first: a duplicate source stops here, nothing written */
    p[0] = DB_INT(id);
    p[1] = DB_INT(e->party_id);
    p[2] = DB_TEXT(e->kind);
    p[3] = DB_TEXT(e->bucket);
    p[4] = DB_INT(e->amount);
    p[5] = DB_TEXT(e->source_type);
    p[6] = DB_INT(e->source_id);
    p[7] = DB_TEXT(e->entry_on);
    p[8] = DB_TEXT(e->due_on);
    p[9] = DB_TEXT(e->note);
    p[10] = DB_TS_MS(now, ms); /* the order of entries of one day */
    p[11] = e->user_id > 0 ? DB_INT(e->user_id) : DB_NULLP;
    if (db_exec(db, &sql_entry_insert, p, 12, NULL) != 0)
        return db_unique_violation(db) ? LEDGER_DUPLICATE : -1;

    p[0] = DB_INT(e->amount);
    p[1] = DB_INT(e->amount);
    p[2] = DB_TS(now);
    p[3] = DB_INT(e->party_id);
    p[4] = DB_INT(e->amount);
    if (db_exec(db, upd, p, e->floor ? 5 : 4, &n) != 0)
        return -1;
    if (n == 0) {
        int has = has_account(db, e->party_id);

        return has < 0 ? -1 : has ? LEDGER_SHORT : LEDGER_NO_ACCOUNT;
    }
    if (entry_id != NULL)
        *entry_id = id;
    return LEDGER_OK;
}

int
credit_raise(struct db *db, int64_t party_id, int64_t amount,
             struct credit_refusal *why)
{
    struct db_param p[5];
    struct arena *a;
    struct db_rows r;
    long n = 0;
    int rc;

    if (party_id <= 0 || amount <= 0 || amount > MONEY_MAX)
        return LEDGER_INVALID;
    p[0] = DB_INT(amount);
    p[1] = DB_INT(amount);
    p[2] = DB_TS(clock_now());
    p[3] = DB_INT(party_id);
    p[4] = DB_INT(amount);
    if (db_exec(db, &sql_credit_raise, p, 5, &n) != 0)
        return -1;
    if (n > 0)
        return LEDGER_OK;
    /* refused: say why, from the row as it is now in this transaction */
    a = arena_new(1024);
    p[0] = DB_INT(party_id);
    rc = db_query(db, a, &sql_credit_state, p, 1, 0, 0, &r);
    if (rc == 0) {
        if (r.n_rows == 0) {
            rc = LEDGER_NO_ACCOUNT;
        } else {
            int64_t limit = db_cell_int(&r, 0, 0), exp = db_cell_int(&r, 0, 1);
            const char *hold = db_cell(&r, 0, 2);
            const char *status = db_cell(&r, 0, 3);

            rc = status == NULL || strcmp(status, "approved") != 0
                     ? LEDGER_NOT_APPROVED
                 : hold != NULL && strcmp(hold, "none") != 0
                     ? LEDGER_HELD
                     : LEDGER_OVER_LIMIT;
            if (why != NULL) {
                memset(why, 0, sizeof(*why));
                why->limit = limit;
                why->exposure = exp;
                why->shortfall =
                    exp + amount > limit ? exp + amount - limit : 0;
                snprintf(why->hold, sizeof(why->hold), "%s",
                         hold != NULL ? hold : "none");
            }
        }
    }
    arena_free(a);
    return rc;
}

int
credit_lower(struct db *db, int64_t party_id, int64_t amount)
{
    struct db_param p[5];
    long n = 0;
    int has;

    if (party_id <= 0 || amount <= 0 || amount > MONEY_MAX)
        return LEDGER_INVALID;
    p[0] = DB_INT(amount);
    p[1] = DB_INT(amount);
    p[2] = DB_TS(clock_now());
    p[3] = DB_INT(party_id);
    p[4] = DB_INT(amount);
    if (db_exec(db, &sql_credit_lower, p, 5, &n) != 0)
        return -1;
    if (n > 0)
        return LEDGER_OK;
    has = has_account(db, party_id);
    return has < 0 ? -1 : has ? LEDGER_SHORT : LEDGER_NO_ACCOUNT;
}

static int64_t
cell_i64(const char *const *row, size_t i)
{
    return row[i] != NULL ? strtoll(row[i], NULL, 10) : 0;
}

int
ledger_check(struct db *db, FILE *out)
{
    static const char *const names[] = {"receivable", "prepayment", "rebate"};
    struct db_cursor *cur;
    const char *const *row;
    size_t n_cols;
    int bad = 0, rc;

    if (db_cursor_open(db, &sql_check_accounts, NULL, 0, &cur) != 0)
        return -1;
    while ((rc = db_cursor_next(cur, &row, &n_cols)) == 1) {
        int64_t party = cell_i64(row, 0), exposure = cell_i64(row, 5);
        int64_t want = cell_i64(row, 1) + cell_i64(row, 4) - cell_i64(row, 2);

        for (size_t b = 0; b < 3; b++) {
            int64_t have = cell_i64(row, 1 + b), sum = cell_i64(row, 6 + b);

            if (have != sum) {
                bad++;
                if (out != NULL)
                    fprintf(out,
                            "party %" PRId64 ": %s %" PRId64
                            " but its entries add up to %" PRId64 "\n",
                            party, names[b], have, sum);
            }
        }
        if (exposure != want) {
            bad++;
            if (out != NULL)
                fprintf(out,
                        "party %" PRId64 ": exposure %" PRId64
                        " but receivable + open_orders - prepayment = %" PRId64
                        "\n",
                        party, exposure, want);
        }
    }
    db_cursor_close(cur);
    if (rc < 0)
        return -1;
    if (db_cursor_open(db, &sql_check_orphans, NULL, 0, &cur) != 0)
        return -1;
    while ((rc = db_cursor_next(cur, &row, &n_cols)) == 1) {
        bad++;
        if (out != NULL)
            fprintf(out, "party %s: %s ledger entries but no account row\n",
                    row[0] != NULL ? row[0] : "?",
                    row[1] != NULL ? row[1] : "?");
    }
    db_cursor_close(cur);
    return rc < 0 ? -1 : bad;
}

/* Write an audit row of the system for a hold change.  0 or -1. */
static int
audit_system(struct db *db, int64_t party, const char *action,
             const char *detail)
{
    struct db_param p[5];
    int64_t id;
    int ms;
    time_t now = clock_now_ms(&ms);

    if (db_next_id(db, "audit_log", &id) != 0)
        return -1;
    p[0] = DB_INT(id);
    p[1] = DB_TS_MS(now, ms);
    p[2] = DB_INT(party);
    p[3] = DB_TEXT(action);
    p[4] = DB_TEXT(detail);
    return db_exec(db, &sql_audit_system, p, 5, NULL);
}

/*
 * Review one party (see ledger.h).  The oldest unpaid charge: walk the
 * charges from the newest due date back until they cover the balance.
 * 1 when a hold was put or lifted, 0 when nothing changed, -1.
 */
static int
review_one(struct db *db, struct arena *a, int64_t party, const char *cutoff)
{
    struct db_param p[4];
    struct db_rows st, ch;
    const char *oldest = NULL, *hold;
    int64_t balance, sum = 0;
    time_t now = clock_now();
    long n = 0;
    int overdue;

    p[0] = DB_INT(party);
    if (db_query(db, a, &sql_review_state, p, 1, 0, 0, &st) != 0)
        return -1;
    if (st.n_rows == 0)
        return 0;
    balance = db_cell_int(&st, 0, 0);
    hold = db_cell(&st, 0, 1);
    if (hold == NULL || strcmp(hold, "manual") == 0)
        return 0;
    if (balance > 0) {
        if (db_query(db, a, &sql_review_charges, p, 1, 0, 0, &ch) != 0)
            return -1;
        for (size_t i = 0; i < ch.n_rows && sum < balance; i++) {
            sum += db_cell_int(&ch, i, 0);
            oldest = db_cell(&ch, i, 1);
        }
    }
    /* ISO dates compare as text: overdue by more than the days */
    overdue = oldest != NULL && strncmp(oldest, cutoff, 10) < 0;
    if (overdue && strcmp(hold, "none") == 0) {
        const char *due = text_iso_date(a, oldest);

        p[0] = DB_TEXT(due);
        p[1] = DB_TS(now);
        p[2] = DB_TS(now);
        p[3] = DB_INT(party);
        if (db_exec(db, &sql_hold_overdue, p, 4, &n) != 0)
            return -1;
        if (n == 0)
            return 0;
        if (audit_system(db, party, "hold",
                         arena_printf(a,
                                      "hold: none -> overdue; oldest "
                                      "unpaid due %s",
                                      due)) != 0)
            return -1;
        return 1;
    }
    if (!overdue && strcmp(hold, "overdue") == 0) {
        p[0] = DB_TS(now);
        p[1] = DB_INT(party);
        if (db_exec(db, &sql_hold_lift_overdue, p, 2, &n) != 0)
            return -1;
        if (n == 0)
            return 0;
        if (audit_system(db, party, "release",
                         "hold: overdue -> none; nothing overdue") != 0)
            return -1;
        return 1;
    }
    return 0;
}

int
ledger_review_holds(struct db *db, int64_t party_id, const char *today,
                    int overdue_days)
{
    struct arena *a;
    struct db_rows all;
    char cutoff[11];
    int changed = 0, rc = 0;

    if (today == NULL || strlen(today) != 10 || overdue_days < 0)
        return -1;
    clock_day_add(today, -overdue_days, cutoff);
    a = arena_new(16 * 1024);
    if (party_id > 0) {
        rc = review_one(db, a, party_id, cutoff);
        changed = rc > 0;
    } else if (db_query(db, a, &sql_review_all, NULL, 0, 0, 0, &all) != 0) {
        rc = -1;
    } else {
        for (size_t i = 0; i < all.n_rows && rc >= 0; i++) {
            rc = review_one(db, a, db_cell_int(&all, i, 0), cutoff);
            changed += rc > 0;
        }
    }
    arena_free(a);
    return rc < 0 ? -1 : changed;
}

int
ledger_overdue_days(void)
{
    const char *v = settings_get("credit.overdue_days");
    char *end;
    long d;

    if (v == NULL || *v == '\0')
        return LEDGER_DAYS_DFLT;
    d = strtol(v, &end, 10);
    if (*end != '\0' || d < 1 || d > 3650)
        return LEDGER_DAYS_DFLT;
    return (int)d;
}

/* ==================================================================== */
/* Statements: the pages                                                */
/* ==================================================================== */

/*
 * The list's filter: scope (2); q (3: NULL test, code, name); hold (2);
 * over limit (1: NULL test).
 */
#define ACCT_WHERE                                                             \
    " WHERE " SCOPE_PARTY_SQL(                                                 \
        "p.unit_id",                                                           \
        "p.id") " AND (CAST(? AS VARCHAR(100)) IS NULL"                        \
                " OR p.code LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "'"              \
                " OR p.name LIKE ? ESCAPE '" TEXT_LIKE_ESCAPE "')"             \
                " AND (CAST(? AS VARCHAR(10)) IS NULL OR a.hold = ?)"          \
                " AND (CAST(? AS DECIMAL(19)) IS NULL OR a.exposure > "        \
                "a.credit_limit)"
#define ACCT_N_WHERE 8

#define ACCT_LIST                                                              \
    "SELECT p.id, p.code, p.name, p.kind, a.receivable, a.prepayment,"         \
    " a.rebate, a.open_orders, a.credit_limit, a.exposure, a.hold"             \
    " FROM party_account a"                                                    \
    " JOIN party p ON p.id = a.party_id" ACCT_WHERE

DB_STATEMENT(sql_acct_code_asc, DB_PAGED, ACCT_LIST " ORDER BY p.code ASC");
DB_STATEMENT(sql_acct_code_desc, DB_PAGED, ACCT_LIST " ORDER BY p.code DESC");
DB_STATEMENT(sql_acct_name_asc, DB_PAGED,
             ACCT_LIST " ORDER BY p.name ASC, p.code ASC");
DB_STATEMENT(sql_acct_name_desc, DB_PAGED,
             ACCT_LIST " ORDER BY p.name DESC, p.code DESC");
DB_STATEMENT(sql_acct_recv_asc, DB_PAGED,
             ACCT_LIST " ORDER BY a.receivable ASC, p.code ASC");
DB_STATEMENT(sql_acct_recv_desc, DB_PAGED,
             ACCT_LIST " ORDER BY a.receivable DESC, p.code DESC");
DB_STATEMENT(sql_acct_exp_asc, DB_PAGED,
             ACCT_LIST " ORDER BY a.exposure ASC, p.code ASC");
DB_STATEMENT(sql_acct_exp_desc, DB_PAGED,
             ACCT_LIST " ORDER BY a.exposure DESC, p.code DESC");
DB_STATEMENT(sql_acct_avail_asc, DB_PAGED,
             ACCT_LIST " ORDER BY a.credit_limit - a.exposure ASC, p.code ASC");
DB_STATEMENT(sql_acct_avail_desc, DB_PAGED,
             ACCT_LIST
             " ORDER BY a.credit_limit - a.exposure DESC, p.code DESC");
DB_STATEMENT(sql_acct_count, 0,
             "SELECT COUNT(*) FROM party_account a"
             " JOIN party p ON p.id = a.party_id" ACCT_WHERE);

/* One account (the party was found in the scope by party_get). */
DB_STATEMENT(sql_acct_get, 0,
             "SELECT receivable, prepayment, rebate, open_orders, exposure,"
             " credit_limit, hold, hold_reason, hold_at, version, updated_at"
             " FROM party_account"
             " WHERE party_id = ?");

/* Entries: party; kind (2); from (2); to (2). */
#define ENTRY_WHERE                                                            \
    " WHERE e.party_id = ?"                                                    \
    " AND (CAST(? AS VARCHAR(20)) IS NULL OR e.kind = ?)"                      \
    " AND (CAST(? AS VARCHAR(10)) IS NULL OR e.entry_on >= ?)"                 \
    " AND (CAST(? AS VARCHAR(10)) IS NULL OR e.entry_on <= ?)"
#define ENTRY_N_WHERE 7

/* Newest first, with the bucket's balance after each entry, in the order
 * entry_on, posted_at, id (ids come from banks of several workers, so
 * they alone do not follow the order of posting). */
DB_STATEMENT(sql_entries, DB_PAGED,
             "SELECT e.id, e.kind, e.bucket, e.amount, e.source_type,"
             " e.source_id, e.entry_on, e.due_on, e.note, e.posted_at,"
             " q.login,"
             " (SELECT SUM(x.amount) FROM ledger_entry x"
             " WHERE x.party_id = e.party_id AND x.bucket = e.bucket"
             " AND (x.entry_on < e.entry_on"
             " OR (x.entry_on = e.entry_on AND (x.posted_at < e.posted_at"
             " OR (x.posted_at = e.posted_at AND x.id <= e.id)))))"
             " FROM ledger_entry e"
             " LEFT JOIN qd_user q ON q.id = e.user_id" ENTRY_WHERE
             " ORDER BY e.entry_on DESC, e.posted_at DESC, e.id DESC");
DB_STATEMENT(sql_entries_count, 0,
             "SELECT COUNT(*) FROM ledger_entry e" ENTRY_WHERE);

/* Who used a form's source id already. */
DB_STATEMENT(sql_source_owner, 0,
             "SELECT party_id FROM ledger_entry"
             " WHERE source_type = '" LEDGER_SOURCE "' AND source_id = ?");

DB_STATEMENT(sql_limit_update, 0,
             "UPDATE party_account"
             " SET credit_limit = ?, updated_at = ?, version = version + 1"
             " WHERE party_id = ? AND version = ?");
DB_STATEMENT(sql_hold_manual, 0,
             "UPDATE party_account"
             " SET hold = 'manual', hold_reason = ?, hold_at = ?,"
             " updated_at = ?, version = version + 1"
             " WHERE party_id = ?");
DB_STATEMENT(sql_hold_release, 0,
             "UPDATE party_account"
             " SET hold = 'none', hold_reason = NULL, hold_at = NULL,"
             " updated_at = ?, version = version + 1"
             " WHERE party_id = ? AND hold <> 'none'");

/* ==================================================================== */
/* Page helpers                                                         */
/* ==================================================================== */

/* Look the party up in the scope: 0 found, else the 404 / 500 (-1). */
static int
find_party(struct ctx *c, int64_t id, struct party_brief *b)
{
    int rc = id > 0 ? party_get(c, id, b) : 1;

    if (rc < 0)
        return ctx_db_fail(c);
    if (rc > 0) {
        page_not_found(c, "party", id);
        return -1;
    }
    return 0;
}

/* The party's identity on a page element. */
static void
party_attrs(xmlNodePtr n, const struct party_brief *b)
{
    xd_attr_int(n, "party-id", b->id);
    xd_attr(n, "code", b->code);
    xd_attr(n, "name", b->name);
    xd_attr(n, "kind", b->kind);
}

/* The balances of account row r (sql_acct_get) as attributes. */
static void
balance_attrs(struct ctx *c, xmlNodePtr n, const struct db_rows *r)
{
    xd_money_cell(n, "receivable", r, 0, 0);
    xd_money_cell(n, "prepayment", r, 0, 1);
    xd_money_cell(n, "rebate", r, 0, 2);
    xd_money_cell(n, "open-orders", r, 0, 3);
    xd_money_cell(n, "exposure", r, 0, 4);
    xd_money_cell(n, "credit-limit", r, 0, 5);
    xd_attr_money(n, "available", db_cell_int(r, 0, 5) - db_cell_int(r, 0, 4));
    xd_attr(n, "hold", db_cell(r, 0, 6));
    xd_attr(n, "hold-reason", db_cell(r, 0, 7));
    xd_attr(n, "hold-at", text_iso_ts(c->a, db_cell(r, 0, 8)));
    xd_attr(n, "version", db_cell(r, 0, 9));
}

/* Fetch the account row of a party into *r; 0 rows answers 404.  0 or
 * -1 (the error recorded). */
static int
fetch_account(struct ctx *c, int64_t party, struct db_rows *r)
{
    struct db_param p[1] = {DB_INT(party)};

    if (db_query(c->db, c->a, &sql_acct_get, p, 1, 0, 0, r) != 0)
        return ctx_db_fail(c);
    if (r->n_rows == 0)
        return ctx_fail(c, 404, "not_found", "no such account", NULL);
    return 0;
}

/* ==================================================================== */
/* GET /accounts                                                        */
/* ==================================================================== */

static const struct db_sql *
acct_statement(const char *sort, int desc)
{
    static const struct db_sql *const table[][2] = {
        {&sql_acct_code_asc, &sql_acct_code_desc},
        {&sql_acct_name_asc, &sql_acct_name_desc},
        {&sql_acct_recv_asc, &sql_acct_recv_desc},
        {&sql_acct_exp_asc, &sql_acct_exp_desc},
        {&sql_acct_avail_asc, &sql_acct_avail_desc},
    };

    for (int i = 0; account_sorts[i] != NULL; i++)
        if (strcmp(account_sorts[i], sort) == 0)
            return table[i][desc];
    return table[0][desc];
}

static void
accounts_csv(struct ctx *c, const struct db_rows *r)
{
    static const char *const head[] = {
        "code",       "name",      "kind",        "receivable",
        "prepayment", "rebate",    "open_orders", "credit_limit",
        "exposure",   "available", "hold"};

    csv_begin(c, "accounts.csv");
    for (size_t k = 0; k < XD_N(head); k++)
        csv_text(c, head[k]);
    csv_row(c);
    for (size_t i = 0; i < r->n_rows; i++) {
        csv_text(c, db_cell(r, i, 1));
        csv_text(c, db_cell(r, i, 2));
        csv_text(c, db_cell(r, i, 3));
        for (size_t k = 4; k <= 9; k++)
            csv_num(c, money_plain(c->a, db_cell_int(r, i, k)));
        csv_num(c,
                money_plain(c->a, db_cell_int(r, i, 8) - db_cell_int(r, i, 9)));
        csv_text(c, db_cell(r, i, 10));
        csv_row(c);
    }
}

static int
accounts_list(struct ctx *c)
{
    const char *q = param_text(c->req, "q");
    const char *hold = param_text(c->req, "hold");
    const char *sort = param_text(c->req, "sort");
    const char *dir = param_text(c->req, "dir");
    int64_t over = param_int(c->req, "over", 0);
    int64_t page = param_int(c->req, "page", 1);
    int desc = dir != NULL && strcmp(dir, "desc") == 0;
    struct db_param p[ACCT_N_WHERE];
    struct db_rows rows;
    int64_t total, pages;
    const char *like;
    xmlNodePtr list;

    if (sort == NULL)
        sort = "code";
    like = q != NULL ? text_like(c->a, q, 1, 1) : NULL;
    p[0] = DB_INT(scope_unit(c));
    p[1] = DB_INT(scope_party(c));
    p[2] = DB_TEXT(q);
    p[3] = DB_TEXT(like);
    p[4] = DB_TEXT(like);
    p[5] = DB_TEXT(hold);
    p[6] = DB_TEXT(hold);
    p[7] = over > 0 ? DB_INT(1) : DB_NULLP;
    if (c->req->want_csv) {
        if (db_query(c->db, c->a, acct_statement(sort, desc), p, ACCT_N_WHERE,
                     0, 0, &rows) != 0)
            return ctx_db_fail(c);
        accounts_csv(c, &rows);
        return 0;
    }
    if (page_rows(c, LEDGER_PAGE, &page, &total, &pages, &sql_acct_count, p,
                  ACCT_N_WHERE, acct_statement(sort, desc), p, ACCT_N_WHERE,
                  &rows) != 0)
        return -1;

    list = ctx_data(c, "ledger-accounts");
    xd_attr(list, "q", q != NULL ? q : "");
    xd_attr(list, "hold", hold);
    if (over > 0)
        xd_attr(list, "over", "1");
    xd_attr(list, "sort", sort);
    xd_attr(list, "dir", desc ? "desc" : "asc");
    page_attrs(list, page, pages, total, LEDGER_PAGE, rows.n_rows);
    for (size_t i = 0; i < rows.n_rows; i++) {
        xmlNodePtr n = xd_elem(list, "account");

        xd_attr(n, "party-id", db_cell(&rows, i, 0));
        xd_attr(n, "code", db_cell(&rows, i, 1));
        xd_attr(n, "name", db_cell(&rows, i, 2));
        xd_attr(n, "kind", db_cell(&rows, i, 3));
        xd_money_cell(n, "receivable", &rows, i, 4);
        xd_money_cell(n, "prepayment", &rows, i, 5);
        xd_money_cell(n, "rebate", &rows, i, 6);
        xd_money_cell(n, "open-orders", &rows, i, 7);
        xd_money_cell(n, "credit-limit", &rows, i, 8);
        xd_money_cell(n, "exposure", &rows, i, 9);
        xd_attr_money(n, "available",
                      db_cell_int(&rows, i, 8) - db_cell_int(&rows, i, 9));
        xd_attr(n, "hold", db_cell(&rows, i, 10));
        if (db_cell_int(&rows, i, 9) > db_cell_int(&rows, i, 8))
            xd_attr(n, "over", "true");
    }
    return 0;
}

/* ==================================================================== */
/* GET /accounts/{id}                                                   */
/* ==================================================================== */

static void
entries_csv(struct ctx *c, const struct party_brief *b, const struct db_rows *r)
{
    static const char *const head[] = {
        "id",          "entry_on",  "kind",   "bucket", "amount",    "balance",
        "source_type", "source_id", "due_on", "note",   "posted_at", "user"};

    csv_begin(c, "account.csv");
    (void)b;
    for (size_t k = 0; k < XD_N(head); k++)
        csv_text(c, head[k]);
    csv_row(c);
    for (size_t i = 0; i < r->n_rows; i++) {
        csv_num(c, db_cell(r, i, 0));
        csv_text(c, text_iso_date(c->a, db_cell(r, i, 6)));
        csv_text(c, db_cell(r, i, 1));
        csv_text(c, db_cell(r, i, 2));
        csv_num(c, money_plain(c->a, db_cell_int(r, i, 3)));
        csv_num(c, money_plain(c->a, db_cell_int(r, i, 11)));
        csv_text(c, db_cell(r, i, 4));
        csv_num(c, db_cell(r, i, 5));
        csv_text(c, text_iso_date(c->a, db_cell(r, i, 7)));
        csv_text(c, db_cell(r, i, 8));
        csv_text(c, text_iso_ts(c->a, db_cell(r, i, 9)));
        csv_text(c, db_cell(r, i, 10));
        csv_row(c);
    }
}

/*
 * The account page of party b: balances, the entries (filtered by the
 * query's kind, from, to; paged), the hold.  Used by GET and by the hold
 * forms when they are refused (status already set).  0 or -1.
 */
static int
account_page(struct ctx *c, const struct party_brief *b)
{
    const char *kind = param_text(c->req, "kind");
    const char *from = NULL, *to = NULL;
    int64_t page = param_int(c->req, "page", 1);
    struct db_param p[ENTRY_N_WHERE];
    struct db_rows acct, rows;
    int64_t total, pages;
    xmlNodePtr n;

    if (c->req->method == REQ_GET || c->req->method == REQ_HEAD) {
        from = form_date(c, "from", 0);
        to = form_date(c, "to", 0);
        if (!form_ok(c))
            return ctx_fail(c, 400, "bad_param", "a date as YYYY-MM-DD", NULL);
    } else {
        kind = NULL;
        page = 1;
    }
    if (fetch_account(c, b->id, &acct) != 0)
        return -1;
    p[0] = DB_INT(b->id);
    p[1] = DB_TEXT(kind);
    p[2] = DB_TEXT(kind);
    p[3] = DB_TEXT(from);
    p[4] = DB_TEXT(from);
    p[5] = DB_TEXT(to);
    p[6] = DB_TEXT(to);
    if (c->req->want_csv) {
        if (db_query(c->db, c->a, &sql_entries, p, ENTRY_N_WHERE, 0, 0,
                     &rows) != 0)
            return ctx_db_fail(c);
        entries_csv(c, b, &rows);
        return 0;
    }
    if (page_rows(c, LEDGER_PAGE, &page, &total, &pages, &sql_entries_count, p,
                  ENTRY_N_WHERE, &sql_entries, p, ENTRY_N_WHERE, &rows) != 0)
        return -1;

    n = ctx_data(c, "ledger-account");
    party_attrs(n, b);
    xd_attr(n, "unit-code", b->unit_code);
    xd_attr(n, "unit-name", b->unit_name);
    balance_attrs(c, n, &acct);
    xd_attr(n, "updated-at", text_iso_ts(c->a, db_cell(&acct, 0, 10)));
    xd_attr(n, "filter-kind", kind);
    xd_attr(n, "from", from);
    xd_attr(n, "to", to);
    xd_attr_int(n, "page", page);
    xd_attr_int(n, "pages", pages);
    xd_attr_int(n, "total", total);
    xd_attr_int(n, "per-page", LEDGER_PAGE);
    page_can(c, n, "can-post", "ledger.post");
    page_can(c, n, "can-credit", "credit.edit");
    for (size_t i = 0; i < rows.n_rows; i++) {
        xmlNodePtr e = xd_elem(n, "entry");

        xd_attr(e, "id", db_cell(&rows, i, 0));
        xd_attr(e, "kind", db_cell(&rows, i, 1));
        xd_attr(e, "bucket", db_cell(&rows, i, 2));
        xd_money_cell(e, "amount", &rows, i, 3);
        xd_money_cell(e, "balance", &rows, i, 11);
        xd_attr(e, "source-type", db_cell(&rows, i, 4));
        xd_attr(e, "source-id", db_cell(&rows, i, 5));
        xd_attr(e, "entry-on", text_iso_date(c->a, db_cell(&rows, i, 6)));
        xd_attr(e, "due-on", text_iso_date(c->a, db_cell(&rows, i, 7)));
        xd_attr(e, "note", db_cell(&rows, i, 8));
        xd_attr(e, "posted-at", text_iso_ts(c->a, db_cell(&rows, i, 9)));
        xd_attr(e, "login", db_cell(&rows, i, 10));
    }
    return 0;
}

static int
account_show(struct ctx *c)
{
    struct party_brief b;
    const char *done = param_text(c->req, "done");

    if (find_party(c, page_id(c), &b) != 0)
        return -1;
    if (done != NULL) {
        static const char *const texts[] = {
            "the entry is posted",
            "already recorded: this form was posted "
            "before, nothing was changed",
            "saved", "the account is on hold", "the hold is released"};

        for (size_t i = 0; dones[i] != NULL; i++)
            if (strcmp(dones[i], done) == 0)
                ctx_message(c, "info", dones[i], NULL, texts[i]);
    }
    return account_page(c, &b);
}

/* ==================================================================== */
/* GET/POST /accounts/{id}/post                                         */
/* ==================================================================== */

/* The posting form; echo: show what was typed. */
static int
post_form(struct ctx *c, const struct party_brief *b, int64_t source, int echo)
{
    struct db_rows acct;
    xmlNodePtr f;
    char today[11];

    if (fetch_account(c, b->id, &acct) != 0)
        return -1;
    f = ctx_data(c, "ledger-post-form");
    party_attrs(f, b);
    balance_attrs(c, f, &acct);
    xd_attr_int(f, "source", source);
    clock_day(today, 0);
    xd_attr(f, "today", today);
    if (echo) {
        static const char *const fields[] = {"kind",   "bucket",   "direction",
                                             "amount", "entry_on", "note"};
        static const char *const attrs[] = {
            "post-kind", "bucket", "direction", "amount", "entry-on", "note"};

        for (size_t i = 0; i < XD_N(fields); i++)
            xd_attr(f, attrs[i], param_text(c->req, fields[i]));
    } else {
        xd_attr(f, "post-kind", param_text(c->req, "kind"));
    }
    return 0;
}

static int
post_new(struct ctx *c)
{
    struct party_brief b;
    int64_t source;

    if (find_party(c, page_id(c), &b) != 0)
        return -1;
    /* the one-time source id: taken outside any transaction, so its bank
     * is committed and never handed out again */
    db_rollback(c->db);
    if (db_next_id(c->db, "ledger_entry", &source) != 0)
        return ctx_db_fail(c);
    return post_form(c, &b, source, 0);
}

struct post_work {
    struct ctx *c;
    struct ledger_post e[2];
    size_t n;
    const char *detail;
    char today[11];
    int days;
};

static int
post_uow(struct db *db, void *arg)
{
    struct post_work *w = arg;
    int rc;

    for (size_t i = 0; i < w->n; i++)
        if ((rc = ledger_post(db, &w->e[i], NULL)) != 0)
            return rc;
    if (ledger_review_holds(db, w->e[0].party_id, w->today, w->days) < 0)
        return -1;
    return audit_write(w->c, "party_account", w->e[0].party_id, "post",
                       w->detail);
}

/* The entries a form posts: kind, amount > 0, bucket and direction of an
 * adjustment.  Fills w->e and w->n. */
static void
post_entries(struct post_work *w, const char *kind, int64_t amount,
             const char *bucket, const char *direction)
{
    struct ledger_post *e = &w->e[0];

    w->n = 1;
    e->kind = kind;
    e->floor = 1;
    if (strcmp(kind, "payment") == 0 || strcmp(kind, "credit_note") == 0) {
        e->bucket = "receivable";
        e->amount = -amount;
    } else if (strcmp(kind, "prepayment") == 0) {
        e->bucket = "prepayment";
        e->amount = amount;
    } else if (strcmp(kind, "prepay_apply") == 0) {
        /* two entries of one source: both buckets guarded */
        e->bucket = "prepayment";
        e->amount = -amount;
        w->e[1] = *e;
        w->e[1].bucket = "receivable";
        w->n = 2;
    } else { /* adjustment: either way, in any bucket, no floor */
        e->bucket = bucket;
        e->amount = strcmp(direction, "down") == 0 ? -amount : amount;
        e->floor = 0;
    }
}

static int
post_create(struct ctx *c)
{
    struct party_brief b;
    struct post_work w;
    const char *kind, *bucket, *direction = NULL, *entry_on, *note;
    int64_t source = 0, amount = 0;
    struct db_param p[1];
    struct db_rows r;
    char today[11];
    int rc;

    if (find_party(c, page_id(c), &b) != 0)
        return -1;
    memset(&w, 0, sizeof(w));
    w.c = c;
    if (form_int(c, "source", FORM_REQUIRED, 1, INT64_MAX, &source) != 0)
        return ctx_fail(c, 400, "bad_param", "the form has no valid source id",
                        NULL);
    kind = form_enum(c, "kind", FORM_REQUIRED, post_kinds);
    if (form_money(c, "amount", FORM_REQUIRED, &amount) == 0 &&
        (amount <= 0 || amount > LEDGER_AMOUNT_MAX))
        form_error(c, "amount", "bad_amount",
                   "an amount greater than zero (at most "
                   "100,000,000,000,000.00)");
    bucket = form_enum(c, "bucket", 0, buckets);
    if (bucket == NULL)
        bucket = "receivable";
    entry_on = form_date(c, "entry_on", 0);
    clock_day(today, 0);
    if (entry_on != NULL && strcmp(entry_on, today) > 0)
        form_error(c, "entry_on", "future_date",
                   "the entry date is in the future");
    note = form_text(c, "note", 0, 200);
    if (kind != NULL && strcmp(kind, "adjustment") == 0) {
        direction = form_enum(c, "direction", FORM_REQUIRED, directions);
        if (note == NULL && param_text(c->req, "note") == NULL)
            form_error(c, "note", "required",
                       "an adjustment needs a note saying why");
    }
    /* the source must be an id the key table handed out (a form's) */
    if ((rc = db_id_handed_out(c->db, "ledger_entry", source)) < 0)
        return ctx_db_fail(c);
    if (rc == 0)
        return ctx_fail(c, 400, "bad_param", "the form has no valid source id",
                        NULL);
    if (!form_ok(c))
        return post_form(c, &b, source, 1);

    post_entries(&w, kind, amount, bucket, direction);
    for (size_t i = 0; i < w.n; i++) {
        w.e[i].party_id = b.id;
        w.e[i].source_type = LEDGER_SOURCE;
        w.e[i].source_id = source;
        w.e[i].entry_on = entry_on != NULL ? entry_on : today;
        w.e[i].note = note;
        w.e[i].user_id = c->user != NULL ? c->user->id : 0;
    }
    memcpy(w.today, today, sizeof(w.today));
    w.days = ledger_overdue_days();
    w.detail =
        arena_printf(c->a, "%s %s: %s; source %" PRId64 "%s%s", kind,
                     w.e[0].bucket, money_plain(c->a, w.e[0].amount), source,
                     note != NULL ? "; note: " : "", note != NULL ? note : "");
    db_rollback(c->db);
    rc = db_uow(c->db, post_uow, &w);
    switch (rc) {
    case LEDGER_OK:
        return ctx_redirect(
            c, arena_printf(c->a, "/accounts/%" PRId64 "?done=posted", b.id));
    case LEDGER_DUPLICATE:
        /* the same form again: fine when it was for this party */
        p[0] = DB_INT(source);
        if (db_query(c->db, c->a, &sql_source_owner, p, 1, 0, 0, &r) != 0)
            return ctx_db_fail(c);
        if (r.n_rows > 0 && db_cell_int(&r, 0, 0) != b.id)
            return ctx_fail(c, 409, "conflict",
                            "this form was used for another account", NULL);
        return ctx_redirect(
            c,
            arena_printf(c->a, "/accounts/%" PRId64 "?done=duplicate", b.id));
    case LEDGER_SHORT:
        form_error(c, "amount", "over_balance",
                   strcmp(kind, "prepay_apply") == 0
                       ? "more than the prepayment or the receivable"
                       : "more than the receivable; post the rest as a "
                         "prepayment");
        return post_form(c, &b, source, 1);
    case LEDGER_NO_ACCOUNT:
        return ctx_fail(c, 404, "not_found", "no such account", NULL);
    default: return ctx_db_fail(c);
    }
}

/* ==================================================================== */
/* GET/POST /accounts/{id}/credit                                       */
/* ==================================================================== */

static int
credit_form(struct ctx *c, const struct party_brief *b, int echo,
            xmlNodePtr *out)
{
    struct db_rows acct;
    xmlNodePtr f;

    if (fetch_account(c, b->id, &acct) != 0)
        return -1;
    f = ctx_data(c, "ledger-credit-form");
    party_attrs(f, b);
    balance_attrs(c, f, &acct);
    if (echo) {
        xd_attr(f, "limit-input", param_text(c->req, "credit_limit"));
        xmlUnsetProp(f, BAD_CAST "version");
        xd_attr(f, "version", param_text(c->req, "version"));
    }
    if (out != NULL)
        *out = f;
    return 0;
}

static int
credit_edit(struct ctx *c)
{
    struct party_brief b;

    if (find_party(c, page_id(c), &b) != 0)
        return -1;
    return credit_form(c, &b, 0, NULL);
}

struct credit_work {
    struct ctx *c;
    int64_t party, limit, version, before;
};

static int
credit_uow(struct db *db, void *arg)
{
    struct credit_work *w = arg;
    struct db_param p[4];
    long n = 0;

    p[0] = DB_INT(w->limit);
    p[1] = DB_TS(clock_now());
    p[2] = DB_INT(w->party);
    p[3] = DB_INT(w->version);
    if (db_exec(db, &sql_limit_update, p, 4, &n) != 0)
        return -1;
    if (n == 0)
        return LEDGER_CONFLICT;
    return audit_write(w->c, "party_account", w->party, "credit_limit",
                       arena_printf(w->c->a, "credit_limit: %s -> %s",
                                    money_plain(w->c->a, w->before),
                                    money_plain(w->c->a, w->limit)));
}

/* The form again with 409: yours as typed, the saved values in
 * <conflict>, the current version in the form. */
static int
credit_conflict(struct ctx *c, const struct party_brief *b)
{
    struct db_rows acct;
    xmlNodePtr f, k;

    db_rollback(c->db);
    c->status = 409;
    ctx_message(c, "error", "conflict", NULL,
                "someone else changed this account meanwhile; compare and "
                "save again");
    if (credit_form(c, b, 1, &f) != 0 || fetch_account(c, b->id, &acct) != 0)
        return -1;
    xmlUnsetProp(f, BAD_CAST "version");
    xd_attr(f, "version", db_cell(&acct, 0, 9));
    k = xd_elem(f, "conflict");
    xd_money_cell(k, "credit-limit", &acct, 0, 5);
    xd_attr(k, "version", db_cell(&acct, 0, 9));
    return 0;
}

static int
credit_update(struct ctx *c)
{
    struct party_brief b;
    struct credit_work w;
    struct db_rows acct;
    int rc;

    if (find_party(c, page_id(c), &b) != 0)
        return -1;
    memset(&w, 0, sizeof(w));
    w.c = c;
    w.party = b.id;
    form_int(c, "version", FORM_REQUIRED, 1, INT_MAX, &w.version);
    if (form_money(c, "credit_limit", FORM_REQUIRED, &w.limit) == 0 &&
        (w.limit < 0 || w.limit > LEDGER_AMOUNT_MAX))
        form_error(c, "credit_limit", "bad_amount",
                   "an amount of zero or more");
    if (!form_ok(c))
        return credit_form(c, &b, 1, NULL);
    if (fetch_account(c, b.id, &acct) != 0)
        return -1;
    if (w.version != db_cell_int(&acct, 0, 9))
        return credit_conflict(c, &b);
    w.before = db_cell_int(&acct, 0, 5);
    db_rollback(c->db);
    rc = db_uow(c->db, credit_uow, &w);
    if (rc == LEDGER_CONFLICT)
        return credit_conflict(c, &b);
    if (rc != 0)
        return ctx_db_fail(c);
    return ctx_redirect(
        c, arena_printf(c->a, "/accounts/%" PRId64 "?done=saved", b.id));
}

/* ==================================================================== */
/* POST /accounts/{id}/hold and /release                                */
/* ==================================================================== */

struct hold_work {
    struct ctx *c;
    int64_t party;
    const char *reason; /* NULL: release */
    const char *before;
};

static int
hold_uow(struct db *db, void *arg)
{
    struct hold_work *w = arg;
    struct db_param p[4];
    time_t now = clock_now();
    long n = 0;

    if (w->reason != NULL) {
        p[0] = DB_TEXT(w->reason);
        p[1] = DB_TS(now);
        p[2] = DB_TS(now);
        p[3] = DB_INT(w->party);
        if (db_exec(db, &sql_hold_manual, p, 4, &n) != 0)
            return -1;
    } else {
        p[0] = DB_TS(now);
        p[1] = DB_INT(w->party);
        if (db_exec(db, &sql_hold_release, p, 2, &n) != 0)
            return -1;
    }
    if (n == 0)
        return 0; /* nothing to release: nothing to audit */
    return audit_write(w->c, "party_account", w->party,
                       w->reason != NULL ? "hold" : "release",
                       arena_printf(w->c->a, "hold: %s -> %s%s%s", w->before,
                                    w->reason != NULL ? "manual" : "none",
                                    w->reason != NULL ? "; reason: " : "",
                                    w->reason != NULL ? w->reason : ""));
}

static int
hold_change(struct ctx *c, int hold)
{
    struct party_brief b;
    struct hold_work w;
    struct db_rows acct;

    if (find_party(c, page_id(c), &b) != 0)
        return -1;
    memset(&w, 0, sizeof(w));
    w.c = c;
    w.party = b.id;
    if (hold) {
        w.reason = form_text(c, "reason", FORM_REQUIRED, 200);
        if (!form_ok(c))
            return account_page(c, &b);
    }
    if (fetch_account(c, b.id, &acct) != 0)
        return -1;
    w.before = db_cell(&acct, 0, 6);
    db_rollback(c->db);
    if (db_uow(c->db, hold_uow, &w) != 0)
        return ctx_db_fail(c);
    return ctx_redirect(c, arena_printf(c->a, "/accounts/%" PRId64 "?done=%s",
                                        b.id, hold ? "held" : "released"));
}

static int
hold_put(struct ctx *c)
{
    return hold_change(c, 1);
}

static int
hold_release(struct ctx *c)
{
    return hold_change(c, 0);
}

/* ==================================================================== */
/* Routes                                                               */
/* ==================================================================== */

#define F_TEXT(n) P_FIELD(n, LEDGER_FIELD_MAX)

static const struct param_spec list_params[] = {
    P_SEARCH,
    {"hold", P_ENUM, 0, 0, hold_kinds, 0},
    {"over", P_INT, 0, 1, NULL, 0},
    P_SORT(account_sorts),
    P_DIR(dirs),
    P_PAGE,
    P_END,
};
static const struct param_spec show_params[] = {
    {"kind", P_ENUM, 0, 0, entry_kinds, 0},
    F_TEXT("from"),
    F_TEXT("to"),
    P_PAGE,
    {"done", P_ENUM, 0, 0, dones, 0},
    P_END,
};
static const struct param_spec post_new_params[] = {
    {"kind", P_ENUM, 0, 0, post_kinds, 0},
    P_END,
};
static const struct param_spec post_params[] = {
    F_TEXT("source"), F_TEXT("kind"),     F_TEXT("bucket"), F_TEXT("direction"),
    F_TEXT("amount"), F_TEXT("entry_on"), F_TEXT("note"),   P_END,
};
static const struct param_spec credit_params[] = {
    F_TEXT("credit_limit"),
    F_TEXT("version"),
    P_END,
};
static const struct param_spec hold_params[] = {
    F_TEXT("reason"),
    P_END,
};

/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/accounts",              "ledger.accounts",    "ledger.view", "ledger.xsl", accounts_list, list_params,     ROUTE_CSV},
    {REQ_GET,  "/accounts/{id}",         "ledger.account",     "ledger.view", "ledger.xsl", account_show,  show_params,     ROUTE_CSV},
    {REQ_GET,  "/accounts/{id}/post",    "ledger.post_form",   "ledger.post", "ledger.xsl", post_new,      post_new_params, 0},
    {REQ_POST, "/accounts/{id}/post",    "ledger.post",        "ledger.post", "ledger.xsl", post_create,   post_params,     0},
    {REQ_GET,  "/accounts/{id}/credit",  "ledger.credit_form", "credit.edit", "ledger.xsl", credit_edit,   NULL,            0},
    {REQ_POST, "/accounts/{id}/credit",  "ledger.credit",      "credit.edit", "ledger.xsl", credit_update, credit_params,   0},
    {REQ_POST, "/accounts/{id}/hold",    "ledger.hold",        "credit.edit", "ledger.xsl", hold_put,      hold_params,     0},
    {REQ_POST, "/accounts/{id}/release", "ledger.release",     "credit.edit", "ledger.xsl", hold_release,  NULL,            0},
};
/* clang-format on */

const struct module ledger_module = {"ledger", routes,
                                     sizeof(routes) / sizeof(routes[0])};
