/*
 * keys.c - ids from the application key table, in banks (PORTABILITY.md
 * item 2, as OFBiz does it).
 *
 *   qd_key(name VARCHAR(30) PRIMARY KEY, next_id BIGINT NOT NULL)
 *
 * holds one row per table, seeded with next_id = 1.  A refill writes first
 * (UPDATE ... SET next_id = next_id + bank, which locks the row until the
 * commit), then reads the new value; the bank is [new - bank, new).  The
 * same SQL on every engine, and a document's id is known before its lines
 * are written.
 *
 * Where the refill runs:
 *   - outside a transaction: on the connection itself, as its own unit of
 *     work (retried on SQLITE_BUSY or a deadlock);
 *   - inside a transaction on a server engine: on a second connection,
 *     opened on first need, so the key row is not held locked until the
 *     caller's transaction ends (that would serialize every worker);
 *   - inside a transaction on SQLite: in the caller's transaction.  SQLite
 *     has one writer: once the transaction has written, a second
 *     connection waits out the whole busy timeout and fails.  The bank is
 *     provisional and dropped if the transaction rolls back (its UPDATE is
 *     undone, so the same ids may be handed out again, which is right:
 *     the rows that used them are gone too).  Nothing is serialized that
 *     SQLite did not serialize already.
 */
#include "db_int.h"

#include <stdio.h>
#include <string.h>

#include "../core/arena.h"
#include "../core/log.h"

DB_STATEMENT(sql_key_bump, 0,
             "UPDATE qd_key"
             " SET next_id = next_id + ?"
             " WHERE name = ?");
DB_STATEMENT(sql_key_read, 0,
             "SELECT next_id"
             " FROM qd_key"
             " WHERE name = ?");

#define BANK_MAX 1000000

struct refill {
    const char *table;
    int bank;
    int64_t next; /* next_id after the bump */
};

/* Bump the table's row by the bank and read the new next_id, on conn,
 * without committing.  0 or -1 (error recorded on conn). */
static int
refill_fn(struct db *conn, void *arg)
{
    struct refill *r = arg;
    struct db_param bump[2] = {DB_INT(r->bank), DB_TEXT(r->table)};
    struct db_param read[1] = {DB_TEXT(r->table)};
    long n = 0;
    int found = 0;

    if (db_exec(conn, &sql_key_bump, bump, 2, &n) != 0)
        return -1;
    if (n == 1 &&
        db_query_int(conn, &sql_key_read, read, 1, &r->next, &found) != 0)
        return -1;
    if (n != 1 || !found) {
        char msg[80];

        snprintf(msg, sizeof(msg), "no key row for table %s", r->table);
        db_set_error(conn, sql_key_bump.name, DB_ERR_OTHER, msg);
        return -1;
    }
    return 0;
}

/* Table names are what PORTABILITY item 6 allows: [a-z0-9_], 1-30. */
static int
valid_table(const char *t)
{
    size_t n = 0;

    if (t == NULL)
        return 0;
    for (; t[n] != '\0'; n++)
        if (!((t[n] >= 'a' && t[n] <= 'z') || (t[n] >= '0' && t[n] <= '9') ||
              t[n] == '_'))
            return 0;
    return n > 0 && n <= DB_KEY_NAME_MAX;
}

/* The bank entry of table, or NULL. */
static struct db_bank *
bank_find(struct db *db, const char *table)
{
    for (size_t i = 0; i < db->n_banks; i++)
        if (strcmp(db->banks[i].table, table) == 0)
            return &db->banks[i];
    return NULL;
}

/* An entry for table: its own, a new one, or (all taken) the first one
 * reused (its remaining ids are simply never used). */
static struct db_bank *
bank_slot(struct db *db, const char *table)
{
    struct db_bank *b = bank_find(db, table);

    if (b == NULL) {
        if (db->n_banks < DB_KEY_BANKS)
            b = &db->banks[db->n_banks++];
        else
            b = &db->banks[0];
        snprintf(b->table, sizeof(b->table), "%s", table);
    }
    return b;
}

/* Run the refill on the second connection, opening it on first need. */
static int
refill_aside(struct db *db, struct refill *r)
{
    if (db->keydb == NULL) {
        char err[1024];

        if (db_open(db->target, db_dialect_name(db->dialect), &db->keydb, err,
                    sizeof(err)) != 0) {
            db->keydb = NULL;
            db_set_error(db, "key connection", DB_ERR_CONN, err);
            return -1;
        }
    }
    if (db_uow(db->keydb, refill_fn, r) != 0) {
        db->last_error = db->keydb->last_error;
        return -1;
    }
    return 0;
}

/*
 * n ids in a row for table, [*first, *first + n): from the bank when it
 * holds n more, else from a refill of `size` ids (at least n), whose
 * first n are the block; what was left of the old bank is dropped (never
 * used).  See db_next_id and db_next_ids in db.h.  0 or -1 (the error is
 * db's last error).
 */
static int
take_ids(struct db *db, const char *table, int64_t n, int64_t size,
         int64_t *first)
{
    struct db_bank *b;
    struct refill r;
    int provisional = 0, rc;

    *first = 0;
    if (!valid_table(table)) {
        db_set_error(db, "db_next_id", DB_ERR_OTHER, "bad key table name");
        return -1;
    }
    if (n < 1 || n > BANK_MAX) {
        db_set_error(db, "db_next_ids", DB_ERR_OTHER, "bad number of ids");
        return -1;
    }
    b = bank_find(db, table);
    if (b != NULL && b->end - b->next >= n) {
        *first = b->next;
        b->next += n;
        return 0;
    }
    r.table = table;
    r.bank = (int)(size < n ? n : size > BANK_MAX ? BANK_MAX : size);
    r.next = 0;
    if (!db->in_txn) {
        rc = db_uow(db, refill_fn, &r);
    } else if (db->dialect == DB_SQLITE) {
        rc = refill_fn(db, &r);
        provisional = 1;
    } else {
        rc = refill_aside(db, &r);
    }
    if (rc != 0)
        return -1;
    b = bank_slot(db, table);
    b->next = r.next - r.bank;
    b->end = r.next;
    b->provisional = provisional;
    log_debug("db: key bank for %s: [%lld, %lld)%s", table, (long long)b->next,
              (long long)b->end, provisional ? " (provisional)" : "");
    *first = b->next;
    b->next += n;
    return 0;
}

/* Next id for table; see db.h.  0 or -1 (the error is db's last error). */
int
db_next_id(struct db *db, const char *table, int64_t *id)
{
    return take_ids(db, table, 1, db->bank_size, id);
}

/* A block of n ids; see db.h.  The refill is the block and a bank's worth
 * besides, so that the next block of the same size is often in hand. */
int
db_next_ids(struct db *db, const char *table, int64_t n, int64_t *first)
{
    return take_ids(db, table, n, n * DB_BLOCK_BANK + db->bank_size, first);
}

/* Ids per refill from now on (clamped to 1..1000000). */
void
db_set_bank(struct db *db, int bank)
{
    db->bank_size = bank < 1 ? 1 : bank > BANK_MAX ? BANK_MAX : bank;
}

/* The transaction ended: a provisional bank becomes the connection's for
 * good on commit, and is dropped on rollback (its UPDATE was undone). */
void
db_keys_txn_end(struct db *db, int committed)
{
    size_t i = 0;

    while (i < db->n_banks) {
        struct db_bank *b = &db->banks[i];

        if (!b->provisional) {
            i++;
        } else if (committed) {
            b->provisional = 0;
            i++;
        } else {
            db->banks[i] = db->banks[--db->n_banks];
        }
    }
}

/* Close the second connection, if one was opened. */
void
db_keys_close(struct db *db)
{
    db_close(db->keydb);
    db->keydb = NULL;
}

/* Was id handed out for table?  See db.h. */
int
db_id_handed_out(struct db *db, const char *table, int64_t id)
{
    struct db_param p[1] = {DB_TEXT(table)};
    struct arena *a;
    struct db_rows r;
    int rc;

    if (id <= 0)
        return 0;
    a = arena_new(256);
    rc = db_query(db, a, &sql_key_read, p, 1, 0, 0, &r);
    if (rc == 0)
        rc = r.n_rows == 1 && id < db_cell_int(&r, 0, 0);
    arena_free(a);
    return rc;
}
