/*
 * db_int.h - what the files of src/db share and nothing else sees: the
 * layout of a connection and the hooks between db.c and keys.c.
 *
 * Only src/db includes this header (and <sql.h>).
 */
#ifndef QUDAO_DB_INT_H
#define QUDAO_DB_INT_H

#include <sql.h>
#include <sqlext.h>

#include "db.h"

#define DB_CACHE_SLOTS  64      /* prepared statements kept per connection */
#define DB_KEY_BANKS    32      /* tables whose key bank a connection holds */
#define DB_KEY_NAME_MAX 30      /* longest table name (PORTABILITY item 6) */
#define DB_MAX_ROWS     100000L /* most rows db_query fetches */

/* One prepared statement kept for reuse, keyed by its declaration and the
 * page clause appended to it (limit 0: none). */
struct db_slot {
    const struct db_sql *sql;
    long limit;
    long offset;
    SQLHSTMT h;
    unsigned long used; /* tick of the last use, for eviction */
};

/* A range of ids [next, end) taken from qd_key for one table. */
struct db_bank {
    char table[DB_KEY_NAME_MAX + 1];
    int64_t next;
    int64_t end;
    int provisional; /* refilled inside the open transaction (SQLite) */
};

struct db {
    SQLHENV env;
    SQLHDBC dbc;
    int connected; /* the handle is connected (as the driver manager sees it) */
    int broken;    /* a connection-class error: reconnect before the next
                      statement */
    char *target;  /* DSN or connection string: may hold a password, never
                      logged */
    char label[128]; /* what the log may say about the target */
    enum db_dialect dialect;
    int in_txn;
    unsigned commits; /* since the last checkpoint (db_idle, SQLite) */
    int quiet;        /* an error is expected: log at debug, do not count */
    struct db_error last_error;

    struct db_slot cache[DB_CACHE_SLOTS];
    unsigned long tick;
    struct db_cursor *cursors; /* open cursors, freed on reconnect */

    char *buf; /* scratch for SQLGetData, grows */
    size_t cap;

    struct db_bank banks[DB_KEY_BANKS];
    size_t n_banks;
    int bank_size;
    struct db *keydb; /* second connection for refills inside a txn */
};

/* keys.c: the open transaction ended (committed or not). */
void db_keys_txn_end(struct db *db, int committed);
/* keys.c: release what the key banks hold (the second connection). */
void db_keys_close(struct db *db);

/* db.c: run sql and read the first column of its first row as an integer
 * (*found 0 when there is no row; NULL reads as 0).  0 or -1. */
int db_query_int(struct db *db, const struct db_sql *sql,
                 const struct db_param *params, size_t n_params, int64_t *v,
                 int *found);

/* db.c: record an error that did not come from the driver. */
void db_set_error(struct db *db, const char *what, enum db_errclass cls,
                  const char *message);

#endif
