/*
 * db.h - the data layer: a thin wrapper over ODBC and the dialects.
 *
 * src/db is the only code that includes <sql.h>.  Modules see:
 *   - statements declared with DB_STATEMENT, whose text can only be a
 *     string literal (so input can never reach SQL text) and which are
 *     registered in a linker section so `qudao check --sql` and the tests
 *     can prepare every statement of the program against a real engine;
 *   - typed parameters (int64, text, timestamp, binary), '' bound as NULL;
 *   - results fetched by position into the caller's arena, as text, and
 *     binary columns (BLOB, BYTEA, VARBINARY) as bytes with their length;
 *   - a unit of work that commits, or rolls back on any error and retries
 *     the whole unit on lock timeout, deadlock, serialization failure or
 *     SQLITE_BUSY;
 *   - ids from the application key table, handed out in banks.
 *
 * One struct db is one persistent connection (autocommit off, READ
 * COMMITTED).  A connection-class failure (SQLSTATE 08xxx) outside an open
 * transaction reconnects and retries the statement once.
 */
#ifndef QUDAO_DB_H
#define QUDAO_DB_H

#include <stddef.h>
#include <stdint.h>

#include "../core/arena.h"

enum db_dialect {
    DB_SQLITE,
    DB_POSTGRESQL,
    DB_MSSQL,
    DB_ORACLE,
    DB_DB2,
    DB_MARIADB,
    DB_N_DIALECTS
};

/* Name <-> dialect ("sqlite", "postgresql", "mssql", "oracle", "db2",
 * "mariadb").  db_dialect_by_name returns -1 for an unknown name. */
const char *db_dialect_name(enum db_dialect d);
int db_dialect_by_name(const char *name);

/* Map SQLGetInfo(SQL_DBMS_NAME) text to a dialect; -1 if unknown. */
int db_dialect_from_dbms(const char *dbms_name);

/* ---- statements ------------------------------------------------------ */

/* The statement ends in ORDER BY; a page clause may follow. */
#define DB_PAGED 1u
/* Where the page clause goes when not at the end: inside a derived table
 * that pages the ids first ("deferred join"), so that a deep page does
 * not build every skipped row:
 *   SELECT ... FROM (SELECT id FROM product ORDER BY code" DB_PAGE_HERE ") k
 *   JOIN product p ON p.id = k.id ... ORDER BY p.code */
#define DB_PAGE_HERE "/*page*/"

/*
 * A fixed cap inside a statement: DB_FIRST(1000) right after the ORDER BY
 * of a derived table becomes the dialect's page clause for its first 1000
 * rows (" LIMIT 1000 OFFSET 0", " OFFSET 0 ROWS FETCH NEXT 1000 ROWS ONLY")
 * when the statement is prepared, so one literal text caps a subquery on
 * every engine.  n is a decimal literal (or a macro that expands to one).
 * A statement may hold several, and a DB_PAGE_HERE besides.
 */
#define DB_FIRST(n)      " /*first " DB_STRINGIFY(n) "*/"
#define DB_STRINGIFY(x)  DB_STRINGIFY_(x)
#define DB_STRINGIFY_(x) #x

/*
 * The text of a statement with its DB_FIRST marks replaced for dialect d,
 * malloc'ed; NULL when it has none (use text as it is).  Aborts when out
 * of memory, as the arena does.
 */
char *db_first_marks(enum db_dialect d, const char *text);

struct db_sql {
    const char *name;
    const char *text;
    unsigned flags;
};

/*
 * Declare a statement: DB_STATEMENT(sql_product_get, 0, "SELECT ...").
 * The "" text "" pasting refuses anything but a string literal.
 *
 * A parameter whose type the engine cannot infer from its context must be
 * cast: write an optional filter as
 *   (CAST(? AS DECIMAL(19)) IS NULL OR id = ?)
 *   (CAST(? AS CHAR(30)) IS NULL OR code = ?)
 * A bare "? IS NULL" fails on PostgreSQL (42P18: psqlODBC describes a
 * prepared statement with untyped parameters).  Both casts run on SQLite,
 * PostgreSQL and MariaDB (tested) and are standard on the others (BIGINT
 * is no Oracle type); only the NULL test needs them.
 */
/* Placeholders for a statement that takes up to 50 values in one IN
 * list (the unused places bound to a value no row has, such as id 0). */
#define DB_PLACES_10 "?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
#define DB_PLACES_50                                                           \
    DB_PLACES_10 ", " DB_PLACES_10 ", " DB_PLACES_10 ", " DB_PLACES_10         \
                 ", " DB_PLACES_10

#define DB_STATEMENT(var, flags_, text_)                                       \
    static const struct db_sql var = {#var, "" text_ "", (flags_)};            \
    static const struct db_sql *const var##_reg                                \
        __attribute__((used, section("qudao_sql"))) = &var

/* Iterate over every registered statement (for checks and tests). */
const struct db_sql *const *db_sql_first(void);
const struct db_sql *const *db_sql_end(void);

/* ---- parameters ------------------------------------------------------ */

enum db_ptype { DB_P_NULL, DB_P_INT, DB_P_TEXT, DB_P_TS, DB_P_BLOB };

struct db_param {
    enum db_ptype type;
    int64_t i;     /* DB_P_INT; DB_P_TS: seconds since the epoch, UTC;
                      DB_P_BLOB: the number of bytes at s */
    int ms;        /* DB_P_TS: milliseconds */
    const char *s; /* DB_P_TEXT: NUL-terminated UTF-8; NULL or "" -> NULL;
                      DB_P_BLOB: any bytes (NUL, 0xFF ...) */
};

#define DB_INT(v)  ((struct db_param){DB_P_INT, (int64_t)(v), 0, NULL})
#define DB_TEXT(v) ((struct db_param){DB_P_TEXT, 0, 0, (v)})
#define DB_TS(t)   ((struct db_param){DB_P_TS, (int64_t)(t), 0, NULL})
#define DB_TS_MS(t, ms)                                                        \
    ((struct db_param){DB_P_TS, (int64_t)(t), (int)(ms), NULL})
#define DB_NULLP ((struct db_param){DB_P_NULL, 0, 0, NULL})
/*
 * Binary data for a blob column (schema type "blob": BLOB, BYTEA,
 * VARBINARY(MAX), LONGBLOB), bound as SQL_C_BINARY: SQL_VARBINARY on
 * PostgreSQL (psqlODBC turns SQL_LONGVARBINARY into a large object unless
 * the DSN sets ByteaAsLongVarBinary), SQL_LONGVARBINARY elsewhere.  Like
 * empty text, zero bytes (or p NULL) bind NULL: Oracle cannot tell an
 * empty BLOB from NULL either.  The bytes must stay valid until the call
 * returns.
 */
#define DB_BLOB(p, n)                                                          \
    ((struct db_param){DB_P_BLOB, (int64_t)(n), 0, (const char *)(p)})

/* ---- results --------------------------------------------------------- */

/*
 * Rows as text, by position; a SQL NULL is a NULL pointer.  A column the
 * driver describes as binary (SQL_BINARY, SQL_VARBINARY,
 * SQL_LONGVARBINARY) is fetched as SQL_C_BINARY: its cell holds the bytes
 * as stored (NUL-terminated for safety, but NULs may occur inside) and
 * lens[] their number; read it with db_cell_blob.  Text columns are
 * unchanged.
 */
struct db_rows {
    size_t n_rows;
    size_t n_cols;
    char **cells; /* n_rows * n_cols, row-major, in the arena */
    size_t *lens; /* n_rows * n_cols byte lengths, in the arena; NULL when
                     the result has no binary column */
};

static inline const char *
db_cell(const struct db_rows *r, size_t row, size_t col)
{
    return r->cells[row * r->n_cols + col];
}

/* The cell as int64 (0 when NULL or not a number). */
int64_t db_cell_int(const struct db_rows *r, size_t row, size_t col);

/*
 * The cell as bytes: returns the pointer (NULL for SQL NULL, *len 0) and
 * its length in *len -- the bytes fetched for a binary column, strlen for
 * a text one.  The bytes live in the arena of the query.
 */
const char *db_cell_blob(const struct db_rows *r, size_t row, size_t col,
                         size_t *len);

/* ---- errors ---------------------------------------------------------- */

enum db_errclass {
    DB_OK = 0,
    DB_ERR_OTHER,  /* anything not below: a bug or a broken schema */
    DB_ERR_UNIQUE, /* unique or primary key violation */
    DB_ERR_RETRY,  /* lock timeout, deadlock, serialization, SQLITE_BUSY */
    DB_ERR_CONN,   /* connection lost (08xxx) or no connection */
    DB_ERR_CHECK   /* check, not-null or foreign key violation */
};

struct db_error {
    enum db_errclass cls;
    char sqlstate[6];
    long native;
    char message[512]; /* the driver's text: for the log only */
};

/* Classify by dialect, SQLSTATE and native code (PORTABILITY.md item 12). */
enum db_errclass db_classify(enum db_dialect d, const char *sqlstate,
                             long native, const char *message);

/* ---- connections ----------------------------------------------------- */

struct db;

/*
 * Connect to a DSN name or a full connection string (anything containing
 * '=' is a connection string).  dialect_override: NULL or "auto" to detect
 * with SQLGetInfo(SQL_DBMS_NAME).  Autocommit off, READ COMMITTED.
 * Returns 0, or -1 with a message (never containing a password) in err.
 */
int db_open(const char *target, const char *dialect_override, struct db **out,
            char *err, size_t errlen);
void db_close(struct db *db);

enum db_dialect db_dialect(const struct db *db);
const struct db_error *db_last_error(const struct db *db);

/* Was the last error a unique (or primary key) violation? */
int db_unique_violation(const struct db *db);

/*
 * Make the last error one that db_uow retries (DB_ERR_RETRY): for a unit
 * of work that lost a race to insert a row another transaction has just
 * created (a unique violation of an insert-if-missing); run again, it
 * finds the row.
 */
void db_mark_retry(struct db *db);

/* Counter of database errors since the process started (for /metrics). */
unsigned long db_error_count(void);

/*
 * Run a statement.  affected (may be NULL) receives the row count of an
 * INSERT/UPDATE/DELETE; SQL_NO_DATA counts as 0 rows.  Returns 0 or -1;
 * then db_last_error() tells what happened.
 */
int db_exec(struct db *db, const struct db_sql *sql,
            const struct db_param *params, size_t n_params, long *affected);

/*
 * Run a query and fetch all rows as text into the arena.  limit/offset:
 * when sql has DB_PAGED and limit > 0, the dialect's page clause with the
 * two integers goes at DB_PAGE_HERE or the end (LIMIT n OFFSET m, or
 * OFFSET m ROWS FETCH NEXT n ROWS ONLY), the offset as a bound parameter
 * where the dialect allows it (db_page_clause_bound: the caller's
 * parameters before the mark stay first).  Without DB_PAGED, limit and offset
 * must be 0; negative values or a limit above 100000 are refused.  At most
 * 100000 rows are fetched, so no query can exhaust memory: a bigger result is
 * an error (page the query or use a cursor).  Returns 0 or -1.
 */
int db_query(struct db *db, struct arena *a, const struct db_sql *sql,
             const struct db_param *params, size_t n_params, long limit,
             long offset, struct db_rows *out);

/* Write the page clause for a dialect into buf (golden tests use this). */
void db_page_clause(enum db_dialect d, long limit, long offset, char *buf,
                    size_t n);

/* The page clause with the limit as a literal and a parameter marker for
 * the offset into buf (" LIMIT 50 OFFSET ?"): 1, or 0 when the dialect
 * takes literals only.  db_query binds the offset there, so one prepared
 * statement serves every page of a list. */
int db_page_clause_bound(enum db_dialect d, long limit, char *buf, size_t n);

/* Streaming: a cursor over a large result; rows valid until the next call.
 * Cursors fetch every column as text (a binary column comes as the
 * driver's text form of it): read blobs with db_query. */
struct db_cursor;
int db_cursor_open(struct db *db, const struct db_sql *sql,
                   const struct db_param *params, size_t n_params,
                   struct db_cursor **out);
/* 1 when a row was fetched (cells in *row, n_cols of them), 0 at the end,
 * -1 on error.  Cells live until the next call or close. */
int db_cursor_next(struct db_cursor *c, const char *const **row,
                   size_t *n_cols);
void db_cursor_close(struct db_cursor *c);

int db_commit(struct db *db);
int db_rollback(struct db *db);

/*
 * Housekeeping between requests, after a response has gone (serve.c):
 * never inside a transaction, never delaying an answer.  On SQLite a
 * checkpoint of the write-ahead log (PASSIVE: it waits for no reader or
 * writer) once every DB_IDLE_CHECKPOINT commits of this connection.
 * Left to SQLite, the checkpoint runs inside the commit that takes the
 * log past 1,000 pages, about every 25th transfer of 20 lines, and that
 * request waits for it: 21-23 ms at p99 against 6-9 ms for the others
 * (tests/bench/stock, 2026-11-27).  SQLite's own checkpoint stays the
 * safety net for a transaction bigger than that.  Elsewhere nothing.
 * Errors are logged and otherwise ignored: the next request finds the
 * connection as usual (a broken one reconnects).
 */
#define DB_IDLE_CHECKPOINT 8
void db_idle(struct db *db);

/*
 * The bytes of the database file a SQLite connection reads through a
 * memory map (PRAGMA mmap_size, set on connecting); past them, and
 * elsewhere, nothing changes.  Without it each page of the file that is
 * not in the connection's page cache (2 MiB) is a read() and a copy: a
 * search by name or pinyin in 200,000 products made 70-80 of them, a
 * catalog page ~50 (strace; tests/bench/search, 2026-11-27).  The mapped
 * pages are the kernel's page cache, shared by every worker: they count
 * in a worker's VmRSS as RssFile, not as memory of its own.  SQLite
 * itself caps the map at 2 GiB (SQLITE_MAX_MMAP_SIZE).
 */
#define DB_SQLITE_MMAP 1073741824

/* True when a statement has run since the last commit or rollback. */
int db_in_txn(const struct db *db);

/*
 * Run fn as one unit of work: commit when it returns 0; roll back when it
 * returns non-zero.  When fn fails with an error of class DB_ERR_RETRY, or
 * DB_ERR_CONN and a reconnect works, or the commit fails with
 * DB_ERR_RETRY, the whole unit is run again, at most 5 times, after a
 * short random sleep (5-50 ms, doubling).  A commit that fails otherwise
 * -- a lost connection above all -- is not retried: its outcome is
 * unknown (SECURITY.md), so the caller reports it.  fn must have no
 * effects outside the database (or undo them itself).  Call it outside a
 * transaction.  Returns fn's result or -1 when the commit failed.
 */
int db_uow(struct db *db, int (*fn)(struct db *db, void *arg), void *arg);

/*
 * Is the connection usable?  Runs a trivial query on schema_version,
 * reconnecting once when the connection is lost.  0 when fine, -1 not.
 */
int db_ping(struct db *db);

/* ---- keys ------------------------------------------------------------ */

/*
 * Next id for a table from the key table (qd_key), in banks of `bank`
 * (default 50) held by this connection.  A refill runs as its own short
 * transaction: write first (UPDATE qd_key SET next_id = next_id + bank),
 * then read.  When the connection is inside a transaction the refill uses
 * a second connection to the same database -- except on SQLite, where a
 * second writer would wait for this transaction and fail: there the
 * refill joins the transaction and its bank is dropped if it rolls back.
 * Returns 0 or -1 ("no key row for table X" when qd_key lacks the row).
 */
int db_next_id(struct db *db, const char *table, int64_t *id);
/*
 * A block of n ids in a row, [*first, *first + n), for the rows one
 * statement inserts (INSERT ... SELECT numbering them): from the bank when
 * it holds n more, else from a refill of DB_BLOCK_BANK blocks of n ids and
 * a bank besides, at most 1,000,000 ids (what was left of the old bank is
 * never used).  A table written in blocks (stock_move: 40 ids a 20-line
 * transfer) then refills once every eight documents or so, not every
 * other one: on a server engine each refill is a transaction of its own
 * on the second connection, four round trips and a commit.  The refill
 * runs as for db_next_id.  n from 1 to 1000000.  0 or -1.
 */
#define DB_BLOCK_BANK 8
int db_next_ids(struct db *db, const char *table, int64_t n, int64_t *first);
void db_set_bank(struct db *db, int bank);

/*
 * Was id handed out for table by db_next_id or db_next_ids (0 < id <
 * qd_key's next_id)?  A form's one-time id (the token of a new document)
 * or an id a client sends must be one, so that nobody picks ids ahead of
 * the key table.  Reads in the caller's transaction.  1, 0, or -1 on a
 * database failure.
 */
int db_id_handed_out(struct db *db, const char *table, int64_t id);

/* ---- schema ---------------------------------------------------------- */

/* Highest applied migration from schema_version; 0 when the table is
 * missing.  Returns 0 or -1 (other errors). */
int db_schema_version(struct db *db, int *version);

/*
 * Run a DDL script: statements separated by a ';' at the end of a line;
 * lines starting with "--" are comments.  Runs in one transaction where
 * the engine allows it.  Only `qudao init` and `qudao migrate` call this.
 * Returns 0 or -1 with the failing statement logged.
 */
int db_run_script(struct db *db, const char *path);

/*
 * Refresh the planner's statistics after a bulk load (`qudao demo`, large
 * imports): ANALYZE on SQLite, VACUUM ANALYZE on PostgreSQL (with
 * autocommit on for that statement), nothing elsewhere (the DBA's
 * maintenance).  Right after loading, PostgreSQL without statistics chose
 * a sort of the whole catalog for one page: 29 ms against 1.4 ms.  0 or -1.
 */
int db_analyze(struct db *db);

/*
 * Prepare this connection for a bulk load (`qudao demo`): on SQLite a
 * page cache of 256 MiB (instead of 2 MiB) and temporary files, statement
 * journals above all, in memory; nothing elsewhere.  Commits.  0 or -1.
 */
int db_bulk(struct db *db);

/* Prepare a statement without running it (SQLPrepare + SQLNumResultCols;
 * on SQLite, EXPLAIN of it, as sqliteodbc compiles only SELECTs at
 * prepare), with a page clause when DB_PAGED; rolls back afterwards.
 * 0 when the engine accepts it, -1 otherwise. */
int db_prepare_check(struct db *db, const struct db_sql *sql);

#endif
