/*
 * db.c - the ODBC wrapper: connections, statements, parameters, fetching,
 * errors, units of work, reconnects, DDL scripts and prepare checks.
 *
 * One struct db is one persistent connection of one worker (unixODBC, no
 * pooling: a pooled connection comes back with someone else's session and
 * open transaction).  Autocommit is off and the isolation READ COMMITTED,
 * so every request ends with db_commit or db_rollback.
 *
 * Statements are prepared once per connection and kept in a small cache
 * keyed by their declaration (and page clause), then executed many times;
 * the cache is dropped on reconnect.  Results are fetched by position with
 * SQLGetData as text (Oracle and DB2 upper-case names never matter), and
 * binary columns as bytes with their length.
 *
 * The connection string may hold a password: it is kept to reconnect but
 * never logged; logs name the DSN or the Driver=... part only.  Parameter
 * values are never logged either.
 */
#include "db_int.h"

#include <errno.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "../core/log.h"

#define DB_UOW_TRIES     5
#define DB_LOGIN_TIMEOUT 10    /* seconds */
#define DB_BUF_FIRST     1024  /* first size of the SQLGetData scratch */
#define DB_BUF_KEEP      65536 /* a bigger one is freed after a transaction */
/* The room offered to the first SQLGetData of a text cell.  sqliteodbc
 * strncpy()s into the whole room, zero-filling it: offering a scratch
 * grown to 1 MB by one picture made every later cell cost 20 us instead
 * of 0.1 (measured 2026-11-27), and even 1024 bytes cost more than 256.
 * Longer values come in more pieces. */
#define DB_PIECE_FIRST 256
#define DB_BIND_STACK  16 /* parameters bound without malloc */

/* Errors since the process started: workers are single-threaded. */
static unsigned long n_errors;

/* The statements of this file (registered like any module's). */
DB_STATEMENT(sql_db_ping, 0, "SELECT version FROM schema_version");
DB_STATEMENT(sql_db_schema_version, 0,
             "SELECT MAX(version) FROM schema_version");

/* GNU ld defines these for a section named like a C identifier when at
 * least one entry exists; weak so that a binary with none still links. */
extern const struct db_sql *const __start_qudao_sql[] __attribute__((weak));
extern const struct db_sql *const __stop_qudao_sql[] __attribute__((weak));

/* realloc that aborts on failure, like the arena (see arena.h). */
static void *
xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);

    if (q == NULL) {
        fprintf(stderr, "qudao: out of memory (%zu bytes)\n", n);
        abort();
    }
    return q;
}

/* First of the registered statements (NULL when there are none). */
const struct db_sql *const *
db_sql_first(void)
{
    return __start_qudao_sql;
}

/* One past the last registered statement. */
const struct db_sql *const *
db_sql_end(void)
{
    return __stop_qudao_sql;
}

/* The cell as int64: 0 when NULL, empty, or not entirely an integer
 * (surrounding spaces allowed). */
int64_t
db_cell_int(const struct db_rows *r, size_t row, size_t col)
{
    const char *s = db_cell(r, row, col);
    char *end;
    long long v;

    if (s == NULL || *s == '\0')
        return 0;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno != 0 || end == s)
        return 0;
    while (*end == ' ')
        end++;
    return *end == '\0' ? (int64_t)v : 0;
}

/* The cell as bytes; see db.h. */
const char *
db_cell_blob(const struct db_rows *r, size_t row, size_t col, size_t *len)
{
    const char *s = db_cell(r, row, col);

    if (s == NULL)
        *len = 0;
    else if (r->lens != NULL)
        *len = r->lens[row * r->n_cols + col];
    else
        *len = strlen(s);
    return s;
}

/* ---- errors ---------------------------------------------------------- */

/* A class as the log names it. */
static const char *
class_name(enum db_errclass c)
{
    switch (c) {
    case DB_OK: return "ok";
    case DB_ERR_UNIQUE: return "unique";
    case DB_ERR_RETRY: return "retry";
    case DB_ERR_CONN: return "connection";
    case DB_ERR_CHECK: return "check";
    default: return "other";
    }
}

/* Errors logged since the process started (expected ones excluded). */
unsigned long
db_error_count(void)
{
    return n_errors;
}

/* The last error of db: valid until its next failing call. */
const struct db_error *
db_last_error(const struct db *db)
{
    return &db->last_error;
}

int
db_unique_violation(const struct db *db)
{
    const struct db_error *e = db_last_error(db);

    return e != NULL && e->cls == DB_ERR_UNIQUE;
}

void
db_mark_retry(struct db *db)
{
    db->last_error.cls = DB_ERR_RETRY;
}

/* The dialect detected at connect time, or the configured one. */
enum db_dialect
db_dialect(const struct db *db)
{
    return db->dialect;
}

/* True when a statement has run since the last commit or rollback. */
int
db_in_txn(const struct db *db)
{
    return db->in_txn;
}

/* Log the last error of db against what (a statement's name or an
 * operation); counts it unless the caller expects it (db->quiet). */
static void
log_last_error(struct db *db, const char *what)
{
    const struct db_error *e = &db->last_error;

    if (db->quiet) {
        log_debug("db: %s: [%s] native %ld (%s): %s", what, e->sqlstate,
                  e->native, class_name(e->cls), e->message);
        return;
    }
    n_errors++;
    log_error("db: %s: [%s] native %ld (%s): %s", what, e->sqlstate, e->native,
              class_name(e->cls), e->message);
}

/* Copy src into dst of size n (n > 0), cut to fit, always terminated. */
static void
copy_text(char *dst, size_t n, const char *src)
{
    size_t len = strnlen(src, n - 1);

    memcpy(dst, src, len);
    dst[len] = '\0';
}

/*
 * Cut PostgreSQL's DETAIL out of a driver message: "Failing row contains
 * (...)" and "Key (code)=(...)" hold row values (a user row holds a
 * password hash), and values never go to the log.  psqlODBC ends the
 * server's text with ";" before its own; that part stays.
 */
static void
strip_detail(char *msg)
{
    char *d = strstr(msg, "DETAIL:");
    char *end;

    if (d == NULL)
        return;
    while (d > msg && (d[-1] == '\n' || d[-1] == ' '))
        d--;
    end = strchr(d, ';');
    if (end == NULL)
        *d = '\0';
    else
        memmove(d, end, strlen(end) + 1);
}

/*
 * Record the first diagnostic record of handle h (type htype) as the last
 * error, classify it for the connection's dialect, and log it against
 * what.  Returns the class (never DB_OK).
 */
static enum db_errclass
collect_error(struct db *db, SQLSMALLINT htype, SQLHANDLE h, const char *what)
{
    struct db_error *e = &db->last_error;
    SQLCHAR state[6] = "";
    SQLCHAR msg[sizeof(e->message)];
    SQLINTEGER native = 0;
    SQLSMALLINT len = 0;
    SQLRETURN rc = SQL_ERROR;

    msg[0] = '\0';
    if (h != SQL_NULL_HANDLE)
        rc = SQLGetDiagRec(htype, h, 1, state, &native, msg, sizeof(msg), &len);
    if (!SQL_SUCCEEDED(rc)) {
        e->sqlstate[0] = '\0';
        e->native = 0;
        snprintf(e->message, sizeof(e->message),
                 "no diagnostic from the driver");
    } else {
        memcpy(e->sqlstate, state, sizeof(e->sqlstate) - 1);
        e->sqlstate[sizeof(e->sqlstate) - 1] = '\0';
        e->native = (long)native;
        copy_text(e->message, sizeof(e->message), (const char *)msg);
        strip_detail(e->message);
    }
    e->cls = db_classify(db->dialect, e->sqlstate, e->native, e->message);
    log_last_error(db, what);
    return e->cls;
}

/* Record (and log, and count) an error found by the data layer itself. */
void
db_set_error(struct db *db, const char *what, enum db_errclass cls,
             const char *message)
{
    struct db_error *e = &db->last_error;

    e->cls = cls;
    snprintf(e->sqlstate, sizeof(e->sqlstate), "%s",
             cls == DB_ERR_CONN ? "08003" : "HY000");
    e->native = 0;
    copy_text(e->message, sizeof(e->message), message);
    log_last_error(db, what);
}

/* Forget the last error (a unit of work starts clean). */
static void
clear_error(struct db *db)
{
    memset(&db->last_error, 0, sizeof(db->last_error));
}

/* ---- connections ----------------------------------------------------- */

/*
 * What the log may say about a target: "DSN=name", or the DSN= or Driver=
 * part of a connection string (its other parts may hold a password).
 */
static void
target_label(const char *target, char *buf, size_t n)
{
    static const char *const keys[] = {"DSN=", "Driver="};
    const char *p;

    if (strchr(target, '=') == NULL) {
        snprintf(buf, n, "DSN=%s", target);
        return;
    }
    for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
        size_t kl = strlen(keys[k]);

        for (p = target; p != NULL && *p != '\0';) {
            while (*p == ' ' || *p == ';')
                p++;
            if (strncasecmp(p, keys[k], kl) == 0) {
                size_t vl = strcspn(p + kl, ";");

                snprintf(buf, n, "%.*s%.*s", (int)kl, p, (int)vl, p + kl);
                return;
            }
            p = strchr(p, ';');
        }
    }
    snprintf(buf, n, "(connection string)");
}

/* Free a string that may hold a password, wiping it first. */
static void
free_secret(char *s)
{
    if (s == NULL)
        return;
    explicit_bzero(s, strlen(s));
    free(s);
}

/* The connection string SQLDriverConnect gets: the target when it holds
 * '=', else DSN=<target>.  malloc'd. */
static char *
conn_string(const char *target)
{
    size_t n = strlen(target) + 5;
    char *s = xrealloc(NULL, n);

    if (strchr(target, '=') != NULL)
        snprintf(s, n, "%s", target);
    else
        snprintf(s, n, "DSN=%s", target);
    return s;
}

/* Copy the first diagnostic of a handle into err as "[state] text". */
static void
diag_text(SQLSMALLINT htype, SQLHANDLE h, char *err, size_t errlen)
{
    SQLCHAR state[6] = "";
    SQLCHAR msg[512];
    SQLINTEGER native = 0;
    SQLSMALLINT len = 0;

    msg[0] = '\0';
    if (h == SQL_NULL_HANDLE ||
        !SQL_SUCCEEDED(
            SQLGetDiagRec(htype, h, 1, state, &native, msg, sizeof(msg), &len)))
        snprintf(err, errlen, "no diagnostic from the driver");
    else
        snprintf(err, errlen, "[%s] %s", (const char *)state,
                 (const char *)msg);
}

/* Free a statement handle.  Closing it first is not redundant: psqlODBC
 * 13.02 leaks ~320 bytes for each prepared statement freed without it
 * when it failed to parse or was only described (measured). */
static void
stmt_free(SQLHSTMT h)
{
    SQLFreeStmt(h, SQL_CLOSE);
    SQLFreeHandle(SQL_HANDLE_STMT, h);
}

/* Release the statement handles of the cache and the open cursors (the
 * connection is going away). */
static void
drop_statements(struct db *db)
{
    for (size_t i = 0; i < DB_CACHE_SLOTS; i++) {
        if (db->cache[i].h != SQL_NULL_HSTMT)
            stmt_free(db->cache[i].h);
        memset(&db->cache[i], 0, sizeof(db->cache[i]));
        db->cache[i].h = SQL_NULL_HSTMT;
    }
}

/* An open cursor: its own statement handle and a small arena for the
 * current row. */
struct db_cursor {
    struct db *db; /* NULL once the connection is gone */
    struct db_cursor *next;
    SQLHSTMT h;
    const char *name;
    SQLSMALLINT n_cols;
    struct arena *a;
    const char **row;
};

/* Free the handles of the open cursors, which stay allocated (their owner
 * closes them) but dead. */
static void
drop_cursors(struct db *db)
{
    for (struct db_cursor *c = db->cursors; c != NULL; c = c->next) {
        if (c->h != SQL_NULL_HSTMT)
            stmt_free(c->h);
        c->h = SQL_NULL_HSTMT;
        c->db = NULL;
    }
    db->cursors = NULL;
}

/* Disconnect (rolling back what is open) and free the connection handle. */
static void
disconnect(struct db *db)
{
    drop_statements(db);
    drop_cursors(db);
    if (db->dbc != SQL_NULL_HDBC) {
        if (db->connected) {
            SQLEndTran(SQL_HANDLE_DBC, db->dbc, SQL_ROLLBACK);
            SQLDisconnect(db->dbc);
        }
        SQLFreeHandle(SQL_HANDLE_DBC, db->dbc);
    }
    db->dbc = SQL_NULL_HDBC;
    db->connected = 0;
    db->broken = 0;
    if (db->in_txn) {
        db->in_txn = 0;
        db_keys_txn_end(db, 0);
    }
}

/*
 * Connect db->dbc to db->target and set up the session: the dialect (when
 * detect), READ COMMITTED, autocommit off.  Returns 0, or -1 with
 * a message in err and the connection handle freed.
 */
static int script_exec(struct db *db, const char *path, int line,
                       const char *text);
static void sqlite_session(struct db *db);

static int
connect_session(struct db *db, int detect, char *err, size_t errlen)
{
    SQLRETURN rc;
    char detail[600];

    rc = SQLAllocHandle(SQL_HANDLE_DBC, db->env, &db->dbc);
    if (!SQL_SUCCEEDED(rc)) {
        db->dbc = SQL_NULL_HDBC;
        snprintf(err, errlen, "cannot allocate a connection handle");
        return -1;
    }
    SQLSetConnectAttr(db->dbc, SQL_ATTR_LOGIN_TIMEOUT,
                      (SQLPOINTER)(SQLULEN)DB_LOGIN_TIMEOUT, 0);
    rc = SQLDriverConnect(db->dbc, NULL, (SQLCHAR *)db->target, SQL_NTS, NULL,
                          0, NULL, SQL_DRIVER_NOPROMPT);
    if (!SQL_SUCCEEDED(rc)) {
        diag_text(SQL_HANDLE_DBC, db->dbc, detail, sizeof(detail));
        snprintf(err, errlen, "cannot connect to %s: %s", db->label, detail);
        goto fail;
    }
    db->connected = 1;

    if (detect) {
        SQLCHAR name[128] = "";
        SQLSMALLINT len = 0;
        int d;

        rc = SQLGetInfo(db->dbc, SQL_DBMS_NAME, name, sizeof(name), &len);
        if (!SQL_SUCCEEDED(rc)) {
            diag_text(SQL_HANDLE_DBC, db->dbc, detail, sizeof(detail));
            snprintf(err, errlen, "%s: cannot read the product name: %s",
                     db->label, detail);
            goto fail;
        }
        d = db_dialect_from_dbms((const char *)name);
        if (d < 0) {
            snprintf(err, errlen,
                     "%s: unknown database product \"%s\"; set the dialect",
                     db->label, (const char *)name);
            goto fail;
        }
        db->dialect = (enum db_dialect)d;
    }

    /* Before autocommit goes off, so no transaction is open yet.  SQLite
     * answers 01S02 (option value changed) or refuses: it is serializable
     * anyway. */
    rc = SQLSetConnectAttr(db->dbc, SQL_ATTR_TXN_ISOLATION,
                           (SQLPOINTER)(SQLULEN)SQL_TXN_READ_COMMITTED, 0);
    if (!SQL_SUCCEEDED(rc) && db->dialect != DB_SQLITE) {
        diag_text(SQL_HANDLE_DBC, db->dbc, detail, sizeof(detail));
        snprintf(err, errlen, "%s: cannot set READ COMMITTED: %s", db->label,
                 detail);
        goto fail;
    }
    rc = SQLSetConnectAttr(db->dbc, SQL_ATTR_AUTOCOMMIT,
                           (SQLPOINTER)(SQLULEN)SQL_AUTOCOMMIT_OFF, 0);
    if (!SQL_SUCCEEDED(rc)) {
        diag_text(SQL_HANDLE_DBC, db->dbc, detail, sizeof(detail));
        snprintf(err, errlen, "%s: cannot turn autocommit off: %s", db->label,
                 detail);
        goto fail;
    }
    db->in_txn = 0;
    db->broken = 0;
    if (db->dialect == DB_SQLITE)
        sqlite_session(db);
    return 0;

fail:
    if (db->connected)
        SQLDisconnect(db->dbc);
    db->connected = 0;
    SQLFreeHandle(SQL_HANDLE_DBC, db->dbc);
    db->dbc = SQL_NULL_HDBC;
    return -1;
}

/*
 * Every SQLite connection reads the database file through a memory map
 * (DB_SQLITE_MMAP, db.h) instead of read() into its own page cache.  A
 * failure costs only the speed, and is logged.
 */
#define DB_STR_(x) #x
#define DB_STR(x)  DB_STR_(x)
static void
sqlite_session(struct db *db)
{
    if (script_exec(db, "session", 0,
                    "PRAGMA mmap_size = " DB_STR(DB_SQLITE_MMAP)) != 0 ||
        db_commit(db) != 0) {
        log_warn("db: %s: no memory map of the database file", db->label);
        db_rollback(db);
    }
}

/*
 * Drop the connection and make a new one to the same target, keeping the
 * dialect.  Statements and cursors of the old connection are gone; an
 * open transaction is lost.  Returns 0, or -1 with the error recorded.
 */
static int
reconnect(struct db *db)
{
    char err[1024];

    log_warn("db: reconnecting to %s", db->label);
    disconnect(db);
    if (connect_session(db, 0, err, sizeof(err)) != 0) {
        db_set_error(db, "reconnect", DB_ERR_CONN, err);
        return -1;
    }
    log_info("db: reconnected to %s", db->label);
    return 0;
}

/*
 * Connect to a DSN or a connection string; see db.h.  The error message
 * names the target by its label only.
 */
int
db_open(const char *target, const char *dialect_override, struct db **out,
        char *err, size_t errlen)
{
    struct db *db;
    SQLRETURN rc;
    int detect = 1;

    *out = NULL;
    if (target == NULL || *target == '\0') {
        snprintf(err, errlen, "no database configured");
        return -1;
    }
    /* Text goes through SQL_C_CHAR as UTF-8; psqlODBC converts by the
     * locale (PORTABILITY item 5). */
    if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
        log_warn("db: LC_CTYPE is not UTF-8 (%s): call setlocale(LC_CTYPE, "
                 "\"C.UTF-8\") first",
                 nl_langinfo(CODESET));
    db = xrealloc(NULL, sizeof(*db));
    memset(db, 0, sizeof(*db));
    db->env = SQL_NULL_HENV;
    db->dbc = SQL_NULL_HDBC;
    for (size_t i = 0; i < DB_CACHE_SLOTS; i++)
        db->cache[i].h = SQL_NULL_HSTMT;
    db->bank_size = 50;
    target_label(target, db->label, sizeof(db->label));

    if (dialect_override != NULL && *dialect_override != '\0' &&
        strcmp(dialect_override, "auto") != 0) {
        int d = db_dialect_by_name(dialect_override);

        if (d < 0) {
            snprintf(err, errlen, "unknown dialect \"%s\"", dialect_override);
            free(db);
            return -1;
        }
        db->dialect = (enum db_dialect)d;
        detect = 0;
    }

    /* No unixODBC pooling, whatever odbcinst.ini says (PORTABILITY 11). */
    SQLSetEnvAttr(SQL_NULL_HENV, SQL_ATTR_CONNECTION_POOLING,
                  (SQLPOINTER)(SQLULEN)SQL_CP_OFF, 0);
    rc = SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &db->env);
    if (!SQL_SUCCEEDED(rc)) {
        snprintf(err, errlen, "cannot allocate an ODBC environment");
        free(db);
        return -1;
    }
    SQLSetEnvAttr(db->env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
    db->target = conn_string(target);
    if (connect_session(db, detect, err, errlen) != 0) {
        SQLFreeHandle(SQL_HANDLE_ENV, db->env);
        free_secret(db->target);
        free(db);
        return -1;
    }
    log_info("db: connected to %s (%s)", db->label,
             db_dialect_name(db->dialect));
    *out = db;
    return 0;
}

/* Roll back what is open, disconnect and free everything; db may be
 * NULL.  Open cursors become dead (db_cursor_next fails) but must still
 * be closed by their owner. */
void
db_close(struct db *db)
{
    if (db == NULL)
        return;
    db_keys_close(db);
    disconnect(db);
    if (db->env != SQL_NULL_HENV)
        SQLFreeHandle(SQL_HANDLE_ENV, db->env);
    free(db->buf);
    free_secret(db->target);
    free(db);
}

/* ---- statements ------------------------------------------------------ */

/* What one execution needs: the declaration (for the log and the cache),
 * the final text, the cache key, and the parameters. */
struct exec_req {
    const struct db_sql *sql;
    const char *text;
    long limit; /* page clause appended (0: none; -1: with markers, the
                   limit and offset bound); part of the cache key */
    long offset;
    int cache; /* keep the prepared handle for the next execution */
    const struct db_param *params;
    size_t n_params;
};

/* Bind buffers: must stay valid until SQLExecute returns. */
struct bind_buf {
    SQLBIGINT i;
    SQL_TIMESTAMP_STRUCT ts;
    SQLLEN ind;
};

/* Index of the cached handle for (sql, limit, offset), or -1. */
static int
slot_find(struct db *db, const struct exec_req *r)
{
    for (int i = 0; i < DB_CACHE_SLOTS; i++) {
        const struct db_slot *s = &db->cache[i];

        if (s->sql == r->sql && s->h != SQL_NULL_HSTMT &&
            s->limit == r->limit && s->offset == r->offset)
            return i;
    }
    return -1;
}

/* A free slot, or the least recently used one emptied. */
static int
slot_take(struct db *db)
{
    int best = 0;

    for (int i = 0; i < DB_CACHE_SLOTS; i++) {
        if (db->cache[i].h == SQL_NULL_HSTMT)
            return i;
        if (db->cache[i].used < db->cache[best].used)
            best = i;
    }
    stmt_free(db->cache[best].h);
    db->cache[best].h = SQL_NULL_HSTMT;
    db->cache[best].sql = NULL;
    return best;
}

/* Forget a cached handle, freeing it (after an error, so nothing of a
 * failed state is reused). */
static void
slot_drop(struct db *db, int i)
{
    if (i < 0)
        return;
    if (db->cache[i].h != SQL_NULL_HSTMT)
        stmt_free(db->cache[i].h);
    db->cache[i].h = SQL_NULL_HSTMT;
    db->cache[i].sql = NULL;
}

/*
 * Done with an executed statement.  ok: a cached handle is closed and kept
 * for the next execution; otherwise (or when not cached) it is freed.
 */
static void
stmt_release(struct db *db, SQLHSTMT h, int slot, int ok)
{
    if (slot >= 0 && ok) {
        SQLFreeStmt(h, SQL_CLOSE);
        return;
    }
    if (slot >= 0)
        slot_drop(db, slot);
    else
        stmt_free(h);
}

/* Bind the parameters of r to h, using bufs (n_params of them).  Text
 * NULL or "" binds SQL NULL (PORTABILITY item 7).  Returns the ODBC code
 * of the first failure, or SQL_SUCCESS. */
static SQLRETURN
bind_params(SQLHSTMT h, enum db_dialect d, const struct exec_req *r,
            struct bind_buf *bufs)
{
    for (size_t k = 0; k < r->n_params; k++) {
        const struct db_param *p = &r->params[k];
        struct bind_buf *b = &bufs[k];
        SQLUSMALLINT col = (SQLUSMALLINT)(k + 1);
        SQLRETURN rc;

        switch (p->type) {
        case DB_P_INT:
            b->i = (SQLBIGINT)p->i;
            b->ind = 0;
            rc = SQLBindParameter(h, col, SQL_PARAM_INPUT, SQL_C_SBIGINT,
                                  SQL_BIGINT, 0, 0, &b->i, 0, &b->ind);
            break;
        case DB_P_TS: {
            time_t t = (time_t)p->i;
            struct tm tm;
            int ms = p->ms < 0 ? 0 : p->ms > 999 ? 999 : p->ms;

            memset(&tm, 0, sizeof(tm));
            gmtime_r(&t, &tm);
            b->ts.year = (SQLSMALLINT)(tm.tm_year + 1900);
            b->ts.month = (SQLUSMALLINT)(tm.tm_mon + 1);
            b->ts.day = (SQLUSMALLINT)tm.tm_mday;
            b->ts.hour = (SQLUSMALLINT)tm.tm_hour;
            b->ts.minute = (SQLUSMALLINT)tm.tm_min;
            b->ts.second = (SQLUSMALLINT)tm.tm_sec;
            b->ts.fraction = (SQLUINTEGER)ms * 1000000u; /* nanoseconds */
            b->ind = sizeof(b->ts);
            rc = SQLBindParameter(h, col, SQL_PARAM_INPUT, SQL_C_TYPE_TIMESTAMP,
                                  SQL_TYPE_TIMESTAMP, 23, 3, &b->ts,
                                  sizeof(b->ts), &b->ind);
            break;
        }
        case DB_P_BLOB: {
            /* psqlODBC sends SQL_LONGVARBINARY as a large object (an oid),
             * not bytea; sqliteodbc and the others take either. */
            SQLSMALLINT st =
                d == DB_POSTGRESQL ? SQL_VARBINARY : SQL_LONGVARBINARY;

            if (p->s == NULL || p->i <= 0)
                goto null; /* zero bytes are NULL, like '' */
            b->ind = (SQLLEN)p->i;
            rc = SQLBindParameter(h, col, SQL_PARAM_INPUT, SQL_C_BINARY, st,
                                  (SQLULEN)p->i, 0, (SQLPOINTER)p->s,
                                  (SQLLEN)p->i, &b->ind);
            break;
        }
        case DB_P_TEXT:
            if (p->s != NULL && p->s[0] != '\0') {
                size_t len = strlen(p->s);

                b->ind = (SQLLEN)len;
                rc = SQLBindParameter(h, col, SQL_PARAM_INPUT, SQL_C_CHAR,
                                      SQL_VARCHAR, len, 0, (SQLPOINTER)p->s,
                                      (SQLLEN)len, &b->ind);
                break;
            }
            /* '' is NULL */
            /* fall through */
        default:
        null:
            b->ind = SQL_NULL_DATA;
            rc = SQLBindParameter(h, col, SQL_PARAM_INPUT, SQL_C_CHAR,
                                  SQL_VARCHAR, 1, 0, NULL, 0, &b->ind);
            break;
        }
        if (!SQL_SUCCEEDED(rc))
            return rc;
    }
    return SQL_SUCCESS;
}

/*
 * Whether r must be planned for its values at every execution.  On
 * PostgreSQL a prepared statement kept for the next execution gets a plan
 * for its values (a custom plan) five times; then the server may keep one
 * generic plan, made without the values.  A generic plan cannot drop the
 * optional filters the pages write, "(CAST(? AS ...) IS NULL OR col =
 * ?)": it keeps every branch and uses an index for none, and the stock
 * summaries took 2 to 4 times the server CPU (tests/bench/stock,
 * 2026-11-27).  Statements with such a filter (its "CAST(? AS", which
 * PostgreSQL needs to type a parameter compared with NULL; nothing else
 * casts a parameter) run unprepared (exec_direct) at each execution,
 * so each is planned for its values; the others keep their handle and the
 * generic plan (planning the session look-up each time cost 0.4 ms of
 * server CPU a request; SET plan_cache_mode = force_custom_plan for the
 * whole session did that to every statement).
 */
static int
fresh_plan(const struct db *db, const struct exec_req *r)
{
    return db->dialect == DB_POSTGRESQL &&
           strstr(r->text, "CAST(? AS ") != NULL;
}

/* A new statement handle in *h.  0, or -1 with the error recorded. */
static int
stmt_alloc(struct db *db, const struct exec_req *r, SQLHSTMT *h)
{
    if (SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, db->dbc, h)))
        return 0;
    collect_error(db, SQL_HANDLE_DBC, db->dbc, r->sql->name);
    return -1;
}

/* Run r's text on h (parameters bound) without preparing it first: one
 * round trip with psqlODBC, which plans it for the bound values (a
 * prepared statement freed after one execution cost four: parse, describe,
 * execute, deallocate). */
static SQLRETURN
exec_direct(SQLHSTMT h, enum db_dialect d, const struct exec_req *r)
{
    char *marked = db_first_marks(d, r->text);
    SQLRETURN rc = SQLExecDirect(
        h, (SQLCHAR *)(marked != NULL ? marked : r->text), SQL_NTS);

    free(marked);
    return rc;
}

/* A ready handle for r: from the cache, or allocated and prepared (and
 * cached when r->cache).  Returns 0 with *h and *slot (-1: not cached),
 * or -1 with the error recorded. */
static int
stmt_get(struct db *db, const struct exec_req *r, SQLHSTMT *h, int *slot)
{
    SQLRETURN rc;
    int i = r->cache ? slot_find(db, r) : -1;
    char *marked;

    if (i >= 0) {
        db->cache[i].used = ++db->tick;
        *h = db->cache[i].h;
        *slot = i;
        return 0;
    }
    if (stmt_alloc(db, r, h) != 0)
        return -1;
    marked = db_first_marks(db->dialect, r->text);
    rc =
        SQLPrepare(*h, (SQLCHAR *)(marked != NULL ? marked : r->text), SQL_NTS);
    free(marked);
    if (!SQL_SUCCEEDED(rc)) {
        collect_error(db, SQL_HANDLE_STMT, *h, r->sql->name);
        stmt_free(*h);
        return -1;
    }
    *slot = -1;
    if (r->cache) {
        i = slot_take(db);
        db->cache[i].sql = r->sql;
        db->cache[i].limit = r->limit;
        db->cache[i].offset = r->offset;
        db->cache[i].h = *h;
        db->cache[i].used = ++db->tick;
        *slot = i;
    }
    return 0;
}

/* Make sure there is a connection, reconnecting when none is open and no
 * transaction is (a lost transaction must fail, not vanish).  0 or -1. */
static int
ensure_connected(struct db *db, const char *what)
{
    if (db->connected && !db->broken)
        return 0;
    if (db->in_txn) {
        db_set_error(db, what, DB_ERR_CONN,
                     "connection lost inside a transaction");
        return -1;
    }
    return reconnect(db);
}

/*
 * Execute r.  On success returns 0 with the executed handle in *h (and
 * its cache slot), whose result the caller reads before stmt_release, and
 * *no_data set when the driver answered SQL_NO_DATA.  On failure returns
 * -1 with the error recorded and logged, and nothing to release.
 *
 * A connection-class failure of the first statement of a transaction
 * reconnects and runs the statement once more: nothing was lost yet.
 */
static int
stmt_run(struct db *db, const struct exec_req *r, SQLHSTMT *h, int *slot,
         int *no_data)
{
    struct bind_buf stack_bufs[DB_BIND_STACK];
    struct bind_buf *bufs = stack_bufs;
    int was_in_txn = db->in_txn;
    int retried = 0;
    int direct = fresh_plan(db, r);
    SQLRETURN rc;

    if (r->n_params > DB_BIND_STACK)
        bufs = xrealloc(NULL, r->n_params * sizeof(*bufs));
again:
    if (ensure_connected(db, r->sql->name) != 0)
        goto fail;
    db->in_txn = 1; /* even a failed statement needs the rollback */
    *slot = -1;
    if (direct ? stmt_alloc(db, r, h) : stmt_get(db, r, h, slot))
        goto failed_stmt;
    SQLFreeStmt(*h, SQL_RESET_PARAMS);
    rc = bind_params(*h, db->dialect, r, bufs);
    if (SQL_SUCCEEDED(rc))
        rc = direct ? exec_direct(*h, db->dialect, r) : SQLExecute(*h);
    if (SQL_SUCCEEDED(rc) || rc == SQL_NO_DATA) {
        /* Bound buffers die with this call. */
        SQLFreeStmt(*h, SQL_RESET_PARAMS);
        *no_data = rc == SQL_NO_DATA;
        if (bufs != stack_bufs)
            free(bufs);
        return 0;
    }
    /* Before any other call on the handle, which would clear it. */
    collect_error(db, SQL_HANDLE_STMT, *h, r->sql->name);
    stmt_release(db, *h, *slot, 0);
failed_stmt:
    if (db->last_error.cls == DB_ERR_CONN) {
        db->broken = 1; /* reconnect before the next statement */
        if (!was_in_txn && !retried) {
            retried = 1;
            if (reconnect(db) == 0)
                goto again;
        }
    }
fail:
    if (bufs != stack_bufs)
        free(bufs);
    return -1;
}

/* ---- fetching -------------------------------------------------------- */

/* Grow the scratch buffer to at least n bytes. */
static void
buf_reserve(struct db *db, size_t n)
{
    size_t cap = db->cap == 0 ? DB_BUF_FIRST : db->cap;

    if (db->cap >= n && db->buf != NULL)
        return;
    while (cap < n)
        cap *= 2;
    db->buf = xrealloc(db->buf, cap);
    db->cap = cap;
}

/*
 * Read column col of the current row as text into db->buf with SQLGetData,
 * in pieces when it is long (the driver may answer SQL_NO_TOTAL).  Sets
 * *is_null for SQL NULL, else *len (db->buf is NUL-terminated).  Text has
 * no NUL inside, so each piece's length is its strlen (safer than trusting
 * the indicator when a driver converts between encodings).  0 or -1.
 */
static int
get_cell(struct db *db, SQLHSTMT h, SQLUSMALLINT col, const char *what,
         int *is_null, size_t *len)
{
    size_t have = 0;

    *is_null = 0;
    buf_reserve(db, DB_BUF_FIRST);
    for (;;) {
        SQLLEN ind = 0;
        size_t room;
        SQLRETURN rc;

        if (db->cap - have < 256)
            buf_reserve(db, db->cap * 2);
        room = db->cap - have;
        if (have == 0 && room > DB_PIECE_FIRST)
            room = DB_PIECE_FIRST;
        db->buf[have] = '\0';
        rc = SQLGetData(h, col, SQL_C_CHAR, db->buf + have, (SQLLEN)room, &ind);
        if (rc == SQL_NO_DATA)
            break; /* everything was read by the previous piece */
        if (!SQL_SUCCEEDED(rc)) {
            collect_error(db, SQL_HANDLE_STMT, h, what);
            return -1;
        }
        if (ind == SQL_NULL_DATA) {
            *is_null = 1;
            *len = 0;
            db->buf[0] = '\0';
            return 0;
        }
        db->buf[have + room - 1] = '\0';
        have += strlen(db->buf + have);
        if (rc == SQL_SUCCESS)
            break;
        /* SQL_SUCCESS_WITH_INFO: 01004, truncated, unless it all fit. */
        if (ind != SQL_NO_TOTAL && ind >= 0 && (size_t)ind < room)
            break;
        if (ind != SQL_NO_TOTAL && ind > 0)
            buf_reserve(db, have + (size_t)ind + 1);
        else
            buf_reserve(db, db->cap * 2);
    }
    *len = have;
    return 0;
}

/*
 * Read binary column col of the current row into db->buf with SQLGetData
 * as SQL_C_BINARY, in pieces: a piece that did not fit fills its room
 * exactly and says how much was left (or SQL_NO_TOTAL).  Sets *is_null
 * for SQL NULL, else *len; db->buf[*len] is a NUL (not part of the data).
 * 0 or -1.
 */
static int
get_cell_bin(struct db *db, SQLHSTMT h, SQLUSMALLINT col, const char *what,
             int *is_null, size_t *len)
{
    size_t have = 0;

    *is_null = 0;
    buf_reserve(db, DB_BUF_FIRST);
    for (;;) {
        SQLLEN ind = 0;
        size_t room;
        SQLRETURN rc;

        if (db->cap - have < 256)
            buf_reserve(db, db->cap * 2);
        room = db->cap - have - 1; /* one byte for the NUL */
        rc = SQLGetData(h, col, SQL_C_BINARY, db->buf + have, (SQLLEN)room,
                        &ind);
        if (rc == SQL_NO_DATA)
            break; /* everything was read by the previous piece */
        if (!SQL_SUCCEEDED(rc)) {
            collect_error(db, SQL_HANDLE_STMT, h, what);
            return -1;
        }
        if (ind == SQL_NULL_DATA) {
            *is_null = 1;
            *len = 0;
            return 0;
        }
        if (ind != SQL_NO_TOTAL && ind >= 0 && (size_t)ind <= room) {
            have += (size_t)ind; /* the last (or only) piece */
            break;
        }
        if (rc == SQL_SUCCESS) {
            have += room; /* a driver that did not say: trust the room */
            break;
        }
        /* 01004: the piece filled the room; ind is what was left */
        have += room;
        if (ind != SQL_NO_TOTAL && ind > 0)
            buf_reserve(db, have + ((size_t)ind - room) + 2);
        else
            buf_reserve(db, db->cap * 2);
    }
    db->buf[have] = '\0';
    *len = have;
    return 0;
}

/*
 * Fetch the current row's n cells into row[], copies in arena a.  bin
 * (NULL: none) marks binary columns, fetched as bytes with their length
 * in lens[] (NULL when bin is).
 */
static int
get_row(struct db *db, SQLHSTMT h, SQLSMALLINT n, struct arena *a,
        const char *what, char **row, const unsigned char *bin, size_t *lens)
{
    for (SQLSMALLINT c = 0; c < n; c++) {
        int is_null, rc;
        size_t len;

        if (bin != NULL && bin[c])
            rc = get_cell_bin(db, h, (SQLUSMALLINT)(c + 1), what, &is_null,
                              &len);
        else
            rc = get_cell(db, h, (SQLUSMALLINT)(c + 1), what, &is_null, &len);
        if (rc != 0)
            return -1;
        row[c] = NULL;
        if (!is_null) {
            row[c] = arena_alloc(a, len + 1);
            memcpy(row[c], db->buf, len + 1);
        }
        if (lens != NULL)
            lens[c] = len;
    }
    return 0;
}

/*
 * Which of the n result columns of h are binary: an arena array of n
 * flags, or NULL when none is (the common case: plain text fetching).
 */
static unsigned char *
binary_columns(SQLHSTMT h, SQLSMALLINT n, struct arena *a)
{
    unsigned char *bin = NULL;

    for (SQLSMALLINT c = 0; c < n; c++) {
        SQLSMALLINT type = 0;

        /* SQLDescribeCol, not SQL_DESC_CONCISE_TYPE: sqliteodbc 0.9998
         * answers the latter with SQL_CHAR for a BLOB column. */
        if (!SQL_SUCCEEDED(SQLDescribeCol(h, (SQLUSMALLINT)(c + 1), NULL, 0,
                                          NULL, &type, NULL, NULL, NULL)))
            continue;
        if (type == SQL_BINARY || type == SQL_VARBINARY ||
            type == SQL_LONGVARBINARY) {
            if (bin == NULL) {
                bin = arena_alloc(a, (size_t)n);
                memset(bin, 0, (size_t)n);
            }
            bin[c] = 1;
        }
    }
    return bin;
}

/* ---- running --------------------------------------------------------- */

/* Run a statement; see db.h. */
int
db_exec(struct db *db, const struct db_sql *sql, const struct db_param *params,
        size_t n_params, long *affected)
{
    struct exec_req r = {sql, sql->text, 0, 0, 1, params, n_params};
    SQLHSTMT h;
    SQLLEN n = 0;
    int slot, no_data;

    if (affected != NULL)
        *affected = 0;
    if (stmt_run(db, &r, &h, &slot, &no_data) != 0)
        return -1;
    if (!no_data && affected != NULL) {
        if (!SQL_SUCCEEDED(SQLRowCount(h, &n))) {
            collect_error(db, SQL_HANDLE_STMT, h, sql->name);
            stmt_release(db, h, slot, 0);
            return -1;
        }
        *affected = n < 0 ? 0 : (long)n;
    }
    stmt_release(db, h, slot, 1);
    return 0;
}

/* Fetch every row of an executed statement into out (cells in a). */
static int
fetch_all(struct db *db, SQLHSTMT h, const char *what, struct arena *a,
          long max_rows, struct db_rows *out)
{
    SQLSMALLINT n_cols = 0;
    size_t cap = 0;
    char **cells = NULL;
    size_t *lens = NULL;
    unsigned char *bin;

    if (!SQL_SUCCEEDED(SQLNumResultCols(h, &n_cols))) {
        collect_error(db, SQL_HANDLE_STMT, h, what);
        return -1;
    }
    out->n_cols = n_cols > 0 ? (size_t)n_cols : 0;
    if (n_cols <= 0)
        return 0;
    bin = binary_columns(h, n_cols, a);
    for (;;) {
        SQLRETURN rc = SQLFetch(h);

        if (rc == SQL_NO_DATA)
            break;
        if (!SQL_SUCCEEDED(rc)) {
            collect_error(db, SQL_HANDLE_STMT, h, what);
            return -1;
        }
        if ((long)out->n_rows >= max_rows) {
            db_set_error(db, what, DB_ERR_OTHER,
                         "result larger than the row cap: page the query "
                         "or use a cursor");
            return -1;
        }
        if (out->n_rows == cap) {
            size_t ncap = cap == 0 ? 16 : cap * 2;
            char **ncells =
                arena_alloc(a, ncap * out->n_cols * sizeof(*ncells));

            if (cap > 0)
                memcpy(ncells, cells, cap * out->n_cols * sizeof(*cells));
            cells = ncells;
            if (bin != NULL) {
                size_t *nlens =
                    arena_alloc(a, ncap * out->n_cols * sizeof(*nlens));

                if (cap > 0)
                    memcpy(nlens, lens, cap * out->n_cols * sizeof(*lens));
                lens = nlens;
            }
            cap = ncap;
        }
        if (get_row(
                db, h, n_cols, a, what, cells + out->n_rows * out->n_cols, bin,
                lens != NULL ? lens + out->n_rows * out->n_cols : NULL) != 0)
            return -1;
        out->n_rows++;
    }
    out->cells = cells;
    out->lens = lens;
    return 0;
}

/* Run a query and fetch all its rows into the arena; see db.h. */
/*
 * The statement's text with the page clause: at the DB_PAGE_HERE mark when
 * the text has one (a page of ids inside a derived table), else at the
 * end.  out holds strlen(text) + strlen(clause) + 1 bytes.
 */
static void
paged_text(char *out, const char *text, const char *clause)
{
    const char *mark = strstr(text, DB_PAGE_HERE);
    size_t tl = strlen(text), cl = strlen(clause);

    if (mark == NULL) {
        memcpy(out, text, tl);
        memcpy(out + tl, clause, cl + 1);
        return;
    }
    memcpy(out, text, (size_t)(mark - text));
    memcpy(out + (mark - text), clause, cl);
    memcpy(out + (mark - text) + cl, mark + strlen(DB_PAGE_HERE),
           tl - (size_t)(mark - text) - strlen(DB_PAGE_HERE) + 1);
}

/*
 * The parameter markers of text before its DB_PAGE_HERE mark (all of them
 * when it has none): where the page clause's own markers go in the list.
 * Markers inside '...' literals do not count.
 */
static size_t
markers_before_page(const char *text)
{
    const char *end = strstr(text, DB_PAGE_HERE);
    size_t n = 0;
    int quoted = 0;

    if (end == NULL)
        end = text + strlen(text);
    for (const char *p = text; p < end; p++) {
        if (*p == '\'')
            quoted = !quoted;
        else if (*p == '?' && !quoted)
            n++;
    }
    return n;
}

int
db_query(struct db *db, struct arena *a, const struct db_sql *sql,
         const struct db_param *params, size_t n_params, long limit,
         long offset, struct db_rows *out)
{
    struct exec_req r = {sql, sql->text, 0, 0, 1, params, n_params};
    char clause[96];
    SQLHSTMT h;
    int slot, no_data, rc;

    memset(out, 0, sizeof(*out));
    if (limit < 0 || offset < 0 || limit > DB_MAX_ROWS ||
        ((sql->flags & DB_PAGED) == 0 && (limit != 0 || offset != 0))) {
        db_set_error(db, sql->name, DB_ERR_OTHER,
                     "bad page (limit without DB_PAGED, or out of range)");
        return -1;
    }
    if (limit > 0) {
        char *text;

        if (db_page_clause_bound(db->dialect, limit, clause, sizeof(clause))) {
            /* one statement for every page of this size: the offset is
             * bound where the clause goes, and the cache key says
             * "bound" */
            size_t at = markers_before_page(sql->text);
            struct db_param *all;

            if (at > n_params)
                at = n_params;
            all = arena_alloc(a, (n_params + 1) * sizeof(*all));
            if (at > 0) /* (params may be NULL when there are none) */
                memcpy(all, params, at * sizeof(*all));
            all[at] = DB_INT(offset);
            if (n_params > at)
                memcpy(all + at + 1, params + at,
                       (n_params - at) * sizeof(*all));
            r.params = all;
            r.n_params = n_params + 1;
            r.limit = limit;
            r.offset = -1;
        } else {
            db_page_clause(db->dialect, limit, offset, clause, sizeof(clause));
            r.limit = limit;
            r.offset = offset;
        }
        text = arena_alloc(a, strlen(sql->text) + strlen(clause) + 1);
        paged_text(text, sql->text, clause);
        r.text = text;
    }
    if (stmt_run(db, &r, &h, &slot, &no_data) != 0)
        return -1;
    rc = fetch_all(db, h, sql->name, a, limit > 0 ? limit : DB_MAX_ROWS, out);
    stmt_release(db, h, slot, rc == 0);
    if (rc != 0)
        memset(out, 0, sizeof(*out));
    return rc;
}

/*
 * Run sql and read the first column of its first row as an integer into
 * *v (*found 0 when there is no row; a NULL or non-number reads as 0).
 * For the data layer's own small queries.  0 or -1.
 */
static int
query_int(struct db *db, const struct db_sql *sql,
          const struct db_param *params, size_t n_params, int64_t *v,
          int *found)
{
    struct exec_req r = {sql, sql->text, 0, 0, 1, params, n_params};
    SQLHSTMT h;
    SQLRETURN frc;
    int slot, no_data, is_null;
    size_t len;

    *v = 0;
    *found = 0;
    if (stmt_run(db, &r, &h, &slot, &no_data) != 0)
        return -1;
    frc = SQLFetch(h);
    if (frc == SQL_NO_DATA) {
        stmt_release(db, h, slot, 1);
        return 0;
    }
    if (!SQL_SUCCEEDED(frc) ||
        get_cell(db, h, 1, sql->name, &is_null, &len) != 0) {
        if (!SQL_SUCCEEDED(frc))
            collect_error(db, SQL_HANDLE_STMT, h, sql->name);
        stmt_release(db, h, slot, 0);
        return -1;
    }
    *found = 1;
    if (!is_null)
        *v = strtoll(db->buf, NULL, 10);
    stmt_release(db, h, slot, 1);
    return 0;
}

/* db_int.h: query_int for keys.c. */
int
db_query_int(struct db *db, const struct db_sql *sql,
             const struct db_param *params, size_t n_params, int64_t *v,
             int *found)
{
    return query_int(db, sql, params, n_params, v, found);
}

/* ---- cursors --------------------------------------------------------- */

/* Open a cursor over a large result; see db.h.  The cursor is malloc'd and
 * must be closed with db_cursor_close, before db_close. */
int
db_cursor_open(struct db *db, const struct db_sql *sql,
               const struct db_param *params, size_t n_params,
               struct db_cursor **out)
{
    struct exec_req r = {sql, sql->text, 0, 0, 0, params, n_params};
    struct db_cursor *c;
    SQLSMALLINT n_cols = 0;
    SQLHSTMT h;
    int slot, no_data;

    *out = NULL;
    if (stmt_run(db, &r, &h, &slot, &no_data) != 0)
        return -1;
    if (!SQL_SUCCEEDED(SQLNumResultCols(h, &n_cols))) {
        collect_error(db, SQL_HANDLE_STMT, h, sql->name);
        stmt_release(db, h, slot, 0);
        return -1;
    }
    c = xrealloc(NULL, sizeof(*c));
    c->db = db;
    c->h = h;
    c->name = sql->name;
    c->n_cols = n_cols < 0 ? 0 : n_cols;
    c->a = arena_new(4096);
    c->row = NULL;
    c->next = db->cursors;
    db->cursors = c;
    *out = c;
    return 0;
}

/* Next row of a cursor; see db.h. */
int
db_cursor_next(struct db_cursor *c, const char *const **row, size_t *n_cols)
{
    SQLRETURN rc;

    *row = NULL;
    *n_cols = 0;
    if (c->db == NULL || c->h == SQL_NULL_HSTMT)
        return -1; /* the connection went away under it */
    arena_reset(c->a);
    rc = SQLFetch(c->h);
    if (rc == SQL_NO_DATA)
        return 0;
    if (!SQL_SUCCEEDED(rc)) {
        collect_error(c->db, SQL_HANDLE_STMT, c->h, c->name);
        return -1;
    }
    c->row = arena_alloc(c->a, ((size_t)c->n_cols + 1) * sizeof(*c->row));
    if (get_row(c->db, c->h, c->n_cols, c->a, c->name, (char **)c->row, NULL,
                NULL) != 0)
        return -1;
    *row = c->row;
    *n_cols = (size_t)c->n_cols;
    return 1;
}

/* Close a cursor (NULL is fine). */
void
db_cursor_close(struct db_cursor *c)
{
    if (c == NULL)
        return;
    if (c->db != NULL) {
        struct db_cursor **p = &c->db->cursors;

        while (*p != NULL && *p != c)
            p = &(*p)->next;
        if (*p == c)
            *p = c->next;
    }
    if (c->h != SQL_NULL_HSTMT)
        stmt_free(c->h);
    arena_free(c->a);
    free(c);
}

/* ---- transactions ---------------------------------------------------- */

/* End the transaction (SQL_COMMIT or SQL_ROLLBACK).  0 or -1. */
static int
end_tran(struct db *db, SQLSMALLINT how, const char *what)
{
    SQLRETURN rc;

    if (!db->connected || db->broken) {
        /* The server dropped the transaction with the connection. */
        if (how == SQL_ROLLBACK)
            return 0;
        db_set_error(db, what, DB_ERR_CONN,
                     "connection lost: the transaction was not committed");
        return -1;
    }
    rc = SQLEndTran(SQL_HANDLE_DBC, db->dbc, how);
    if (db->cap > DB_BUF_KEEP) {
        /* one big value (a picture) does not keep its scratch for the
         * worker's life */
        free(db->buf);
        db->buf = NULL;
        db->cap = 0;
    }
    if (SQL_SUCCEEDED(rc))
        return 0;
    if (collect_error(db, SQL_HANDLE_DBC, db->dbc, what) == DB_ERR_CONN)
        db->broken = 1;
    return -1;
}

/*
 * Commit.  When the commit fails the transaction is rolled back (SQLite
 * keeps it open after SQLITE_BUSY) and the commit's error stays the last
 * error.  Either way no transaction is open afterwards.  0 or -1.
 */
int
db_commit(struct db *db)
{
    struct db_error saved;

    if (end_tran(db, SQL_COMMIT, "commit") == 0) {
        db->in_txn = 0;
        db->commits++;
        db_keys_txn_end(db, 1);
        return 0;
    }
    saved = db->last_error;
    if (end_tran(db, SQL_ROLLBACK, "rollback after failed commit") != 0)
        db->broken = 1; /* trust a new session, not this one */
    db->last_error = saved;
    db->in_txn = 0;
    db_keys_txn_end(db, 0);
    return -1;
}

/* Roll back; no transaction is open afterwards even when this fails: a
 * lost connection takes its transaction with it, and after any other
 * failure the next statement starts on a new connection.  0 or -1. */
int
db_rollback(struct db *db)
{
    int rc = end_tran(db, SQL_ROLLBACK, "rollback");

    if (rc != 0)
        db->broken = 1;
    db->in_txn = 0;
    db_keys_txn_end(db, 0);
    return rc;
}

/* Sleep a random 5-50 ms, doubled for each earlier retry. */
static void
retry_sleep(int attempt)
{
    static unsigned int seed;
    struct timespec ts;
    long ms;

    if (seed == 0) {
        clock_gettime(CLOCK_MONOTONIC, &ts);
        seed = (unsigned int)(ts.tv_nsec ^ getpid()) | 1u;
    }
    ms = 5 + rand_r(&seed) % 46;
    for (int i = 1; i < attempt; i++)
        ms *= 2;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/*
 * Run fn as one unit of work; see db.h.  Retried: a failure of fn of class
 * DB_ERR_RETRY, or DB_ERR_CONN once a reconnect works (the server rolled
 * the unit back), and a commit failing with DB_ERR_RETRY.  A commit
 * failing otherwise -- a lost connection above all -- is not retried: its
 * outcome is unknown (SECURITY.md), so the caller reports it.
 */
int
db_uow(struct db *db, int (*fn)(struct db *db, void *arg), void *arg)
{
    int rc = -1;

    if (db->in_txn)
        log_warn("db: unit of work started inside an open transaction");
    for (int attempt = 0; attempt < DB_UOW_TRIES; attempt++) {
        enum db_errclass cls;

        if (attempt > 0)
            retry_sleep(attempt);
        clear_error(db);
        rc = fn(db, arg);
        if (rc == 0) {
            if (db_commit(db) == 0)
                return 0;
            rc = -1;
            cls = db->last_error.cls;
            if (cls != DB_ERR_RETRY)
                return rc;
        } else {
            struct db_error saved = db->last_error;

            cls = saved.cls;
            db_rollback(db);
            db->last_error = saved;
            if (cls != DB_ERR_RETRY && cls != DB_ERR_CONN)
                return rc;
            if (cls == DB_ERR_CONN && reconnect(db) != 0) {
                db->last_error = saved;
                return rc;
            }
        }
        log_warn("db: unit of work failed (%s, %s); attempt %d of %d",
                 class_name(cls), db->last_error.sqlstate, attempt + 2,
                 DB_UOW_TRIES);
    }
    return rc;
}

/*
 * Is the connection usable: run a trivial query, reconnecting once when
 * the connection was lost outside a transaction.  Outside a transaction
 * it rolls back right after, so none stays open; inside one it leaves the
 * caller's transaction alone.  0 or -1.
 */
int
db_ping(struct db *db)
{
    int was_in_txn = db->in_txn;
    int rc = db_exec(db, &sql_db_ping, NULL, 0, NULL);

    if (!was_in_txn && db_rollback(db) != 0)
        rc = -1;
    return rc;
}

/* ---- schema ---------------------------------------------------------- */

/*
 * Highest applied migration.  Any error of class DB_ERR_OTHER on this one
 * statement means the table is missing (SQLite "no such table", PG 42P01,
 * and whatever the others say): version 0.  Rolls back afterwards (a
 * failed statement aborts a PostgreSQL transaction), so call it outside a
 * transaction.  0 or -1.
 */
int
db_schema_version(struct db *db, int *version)
{
    int64_t v = 0;
    int found, rc;

    *version = 0;
    db->quiet = 1;
    rc = query_int(db, &sql_db_schema_version, NULL, 0, &v, &found);
    db->quiet = 0;
    if (rc != 0) {
        struct db_error saved = db->last_error;

        db_rollback(db);
        db->last_error = saved;
        if (saved.cls == DB_ERR_OTHER) {
            log_info("db: no schema_version table: schema version 0 (%s)",
                     saved.message);
            return 0;
        }
        log_last_error(db, sql_db_schema_version.name);
        return -1;
    }
    *version = (int)v;
    return db_rollback(db);
}

/* Is the line blank, or a "--" comment? */
static int
skip_line(const char *s, size_t n)
{
    size_t i = 0;

    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
        i++;
    return i == n || (i + 1 < n && s[i] == '-' && s[i + 1] == '-');
}

/* Execute one statement of a script directly.  0 or -1 (logged). */
static int
script_exec(struct db *db, const char *path, int line, const char *text)
{
    char what[300];
    size_t first = strcspn(text, "\n");
    SQLHSTMT h;
    SQLRETURN rc;

    snprintf(what, sizeof(what), "%s:%d: %.*s", path, line,
             (int)(first > 200 ? 200 : first), text);
    if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, db->dbc, &h))) {
        collect_error(db, SQL_HANDLE_DBC, db->dbc, what);
        return -1;
    }
    db->in_txn = 1;
    rc = SQLExecDirect(h, (SQLCHAR *)text, SQL_NTS);
    if (!SQL_SUCCEEDED(rc) && rc != SQL_NO_DATA) {
        collect_error(db, SQL_HANDLE_STMT, h, what);
        stmt_free(h);
        return -1;
    }
    stmt_free(h);
    return 0;
}

void
db_idle(struct db *db)
{
    if (db->dialect != DB_SQLITE || db->commits < DB_IDLE_CHECKPOINT ||
        db->in_txn || !db->connected || db->broken)
        return;
    db->commits = 0;
    if (script_exec(db, "checkpoint", 0, "PRAGMA wal_checkpoint(PASSIVE)") !=
        0) {
        db_rollback(db);
        return;
    }
    /* (the commit counts itself: start from nothing) */
    if (db_commit(db) == 0)
        db->commits = 0;
}

int
db_analyze(struct db *db)
{
    /* engines whose statistics a program may refresh itself; elsewhere
     * the DBA's maintenance does it.  PostgreSQL's VACUUM also sets the
     * visibility map, without which an index-only scan still visits
     * every row; it cannot run inside a transaction, so it runs with
     * autocommit on, for this statement only. */
    static const char *const stmt[DB_N_DIALECTS] = {
        [DB_SQLITE] = "ANALYZE",
        [DB_POSTGRESQL] = "VACUUM ANALYZE",
    };
    const char *text = stmt[db->dialect];
    int autocommit = db->dialect == DB_POSTGRESQL, rc;

    if (text == NULL)
        return 0;
    if (ensure_connected(db, "analyze") != 0)
        return -1;
    if (db->in_txn)
        db_rollback(db);
    if (autocommit && !SQL_SUCCEEDED(SQLSetConnectAttr(
                          db->dbc, SQL_ATTR_AUTOCOMMIT,
                          (SQLPOINTER)(SQLULEN)SQL_AUTOCOMMIT_ON, 0)))
        return -1;
    rc = script_exec(db, "analyze", 0, text);
    if (autocommit) {
        db->in_txn = 0;
        if (!SQL_SUCCEEDED(SQLSetConnectAttr(
                db->dbc, SQL_ATTR_AUTOCOMMIT,
                (SQLPOINTER)(SQLULEN)SQL_AUTOCOMMIT_OFF, 0))) {
            db->broken = 1; /* never carry on with autocommit on */
            return -1;
        }
        return rc;
    }
    if (rc != 0) {
        db_rollback(db);
        return -1;
    }
    return db_commit(db);
}

int
db_bulk(struct db *db)
{
    /*
     * SQLite's page cache is 2 MiB by default: an index that grows through
     * random keys (the search terms, ~80 a product) spilled to the file
     * between statements and was read back.  And a statement that inserts
     * many rows keeps the pages it changes in a statement journal, a
     * temporary file past 64 KiB: two million small writes for the 12,000
     * demo products.  In memory both (measured 2026-11-27).
     */
    static const char *const stmt[DB_N_DIALECTS][2] = {
        [DB_SQLITE] = {"PRAGMA cache_size = -262144",
                       "PRAGMA temp_store = MEMORY"},
    };

    if (stmt[db->dialect][0] == NULL)
        return 0;
    if (ensure_connected(db, "bulk") != 0)
        return -1;
    for (size_t i = 0; i < 2 && stmt[db->dialect][i] != NULL; i++)
        if (script_exec(db, "bulk", 0, stmt[db->dialect][i]) != 0) {
            db_rollback(db);
            return -1;
        }
    return db_commit(db);
}

/* Read a whole file into a malloc'd NUL-terminated buffer, or NULL. */
static char *
read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *s = NULL;
    size_t cap = 0, n = 0;

    if (f == NULL)
        return NULL;
    for (;;) {
        size_t got;

        if (cap - n < 4096) {
            cap = cap == 0 ? 65536 : cap * 2;
            s = xrealloc(s, cap);
        }
        got = fread(s + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        fclose(f);
        free(s);
        return NULL;
    }
    fclose(f);
    s[n] = '\0';
    *len = n;
    return s;
}

/*
 * Run a DDL script (see db.h): a statement ends on a line whose last
 * non-blank character is ';', which is stripped; blank and "--" lines are
 * skipped.  Everything runs in one transaction, committed at the end; on
 * error it is rolled back and the statement's first line and the driver's
 * message are logged.  0 or -1.
 */
int
db_run_script(struct db *db, const char *path)
{
    size_t len = 0, stmt_len = 0, stmt_cap = 0;
    char *text = read_file(path, &len);
    char *stmt = NULL;
    int line = 0, stmt_line = 0, n_stmts = 0, rc = 0;

    if (text == NULL) {
        char msg[300];

        snprintf(msg, sizeof(msg), "cannot read %s: %s", path, strerror(errno));
        db_set_error(db, "script", DB_ERR_OTHER, msg);
        return -1;
    }
    if (ensure_connected(db, "script") != 0) {
        free(text);
        return -1;
    }
    for (size_t pos = 0; pos < len && rc == 0;) {
        size_t end = pos, n, last;
        int ends;

        while (end < len && text[end] != '\n')
            end++;
        n = end - pos;
        line++;
        if (!skip_line(text + pos, n)) {
            last = n;
            while (last > 0 && (text[pos + last - 1] == ' ' ||
                                text[pos + last - 1] == '\t' ||
                                text[pos + last - 1] == '\r'))
                last--;
            ends = last > 0 && text[pos + last - 1] == ';';
            if (ends)
                last--;
            if (stmt_len + last + 2 > stmt_cap) {
                stmt_cap = (stmt_len + last + 2) * 2;
                stmt = xrealloc(stmt, stmt_cap);
            }
            if (stmt_len == 0)
                stmt_line = line;
            else
                stmt[stmt_len++] = '\n';
            memcpy(stmt + stmt_len, text + pos, last);
            stmt_len += last;
            stmt[stmt_len] = '\0';
            if (ends) {
                rc = script_exec(db, path, stmt_line, stmt);
                n_stmts++;
                stmt_len = 0;
            }
        }
        pos = end + 1;
    }
    if (rc == 0 && stmt_len > 0) { /* a last statement without ';' */
        rc = script_exec(db, path, stmt_line, stmt);
        n_stmts++;
    }
    free(stmt);
    free(text);
    if (rc != 0) {
        struct db_error saved = db->last_error;

        db_rollback(db);
        db->last_error = saved;
        return -1;
    }
    if (db_commit(db) != 0)
        return -1;
    log_info("db: ran %s (%d statements)", path, n_stmts);
    return 0;
}

/*
 * Prepare sql without running it (with a page clause when DB_PAGED):
 * SQLPrepare, then SQLNumResultCols, where PostgreSQL reports its errors.
 * sqliteodbc compiles only SELECTs at SQLPrepare (the rest waits for
 * SQLExecute), so on SQLite the statement is prepared as EXPLAIN <sql>,
 * which compiles it and never runs it.  Rolls back afterwards: for checks
 * outside a transaction.  0 or -1.
 */
int
db_prepare_check(struct db *db, const struct db_sql *sql)
{
    const char *prefix = db->dialect == DB_SQLITE ? "EXPLAIN " : "";
    char clause[96] = "";
    char *text, *marked;
    size_t n;
    SQLSMALLINT n_cols;
    SQLHSTMT h;
    SQLRETURN rc;

    if (ensure_connected(db, sql->name) != 0)
        return -1;
    if (sql->flags & DB_PAGED) {
        /* the text db_query runs */
        if (!db_page_clause_bound(db->dialect, 10, clause, sizeof(clause)))
            db_page_clause(db->dialect, 10, 0, clause, sizeof(clause));
    }
    n = strlen(prefix) + strlen(sql->text) + strlen(clause) + 1;
    text = xrealloc(NULL, n);
    memcpy(text, prefix, strlen(prefix));
    paged_text(text + strlen(prefix), sql->text, clause);
    if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, db->dbc, &h))) {
        collect_error(db, SQL_HANDLE_DBC, db->dbc, sql->name);
        free(text);
        return -1;
    }
    db->in_txn = 1;
    marked = db_first_marks(db->dialect, text);
    rc = SQLPrepare(h, (SQLCHAR *)(marked != NULL ? marked : text), SQL_NTS);
    free(marked);
    if (SQL_SUCCEEDED(rc))
        rc = SQLNumResultCols(h, &n_cols);
    if (!SQL_SUCCEEDED(rc))
        collect_error(db, SQL_HANDLE_STMT, h, sql->name);
    stmt_free(h);
    free(text);
    if (db_rollback(db) != 0)
        return -1;
    return SQL_SUCCEEDED(rc) ? 0 : -1;
}
