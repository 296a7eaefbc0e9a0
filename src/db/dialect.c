/*
 * dialect.c - what differs between the engines, in one place: their
 * names, how SQLGetInfo(SQL_DBMS_NAME) spells them, how their errors are
 * classified (PORTABILITY.md item 12) and how they write a page clause
 * (item 8), also for the fixed caps (DB_FIRST) inside a statement.
 * Modules never test the dialect; they go through here.
 *
 * Pure code: no ODBC calls, so the golden tests need no database.
 */
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const dialect_names[DB_N_DIALECTS] = {
    [DB_SQLITE] = "sqlite", [DB_POSTGRESQL] = "postgresql",
    [DB_MSSQL] = "mssql",   [DB_ORACLE] = "oracle",
    [DB_DB2] = "db2",       [DB_MARIADB] = "mariadb",
};

/* The configuration name of a dialect; "unknown" for a bad value. */
const char *
db_dialect_name(enum db_dialect d)
{
    if ((int)d < 0 || d >= DB_N_DIALECTS)
        return "unknown";
    return dialect_names[d];
}

/* The dialect called name (exact, lower case), or -1. */
int
db_dialect_by_name(const char *name)
{
    if (name == NULL)
        return -1;
    for (int d = 0; d < DB_N_DIALECTS; d++)
        if (strcmp(name, dialect_names[d]) == 0)
            return d;
    return -1;
}

/*
 * The dialect of a product as SQL_DBMS_NAME names it ("SQLite",
 * "PostgreSQL", "Microsoft SQL Server", "Oracle", "DB2/LINUXX8664",
 * "MariaDB", "MySQL"), compared by case-insensitive prefix; -1 if unknown.
 */
int
db_dialect_from_dbms(const char *dbms_name)
{
    static const struct {
        const char *prefix;
        enum db_dialect d;
    } map[] = {
        {"SQLite", DB_SQLITE},
        {"PostgreSQL", DB_POSTGRESQL},
        {"Microsoft SQL Server", DB_MSSQL},
        {"SQL Server", DB_MSSQL},
        {"Oracle", DB_ORACLE},
        {"DB2", DB_DB2}, /* DB2/LINUXX8664, DB2/NT64, DB2 for z/OS */
        {"IBM DB2", DB_DB2},
        {"MariaDB", DB_MARIADB},
        {"MySQL", DB_MARIADB},
    };

    if (dbms_name == NULL)
        return -1;
    while (*dbms_name == ' ')
        dbms_name++;
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (strncasecmp(dbms_name, map[i].prefix, strlen(map[i].prefix)) == 0)
            return map[i].d;
    return -1;
}

/* ---- error classes --------------------------------------------------- */

/* Is n one of the k codes in list? */
static int
code_in(long n, const long *list, size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (list[i] == n)
            return 1;
    return 0;
}

#define IN(n, ...)                                                             \
    code_in((n), (const long[]){__VA_ARGS__},                                  \
            sizeof((const long[]){__VA_ARGS__}) / sizeof(long))

/* Is the SQLSTATE exactly s? */
static int
state_is(const char *sqlstate, const char *s)
{
    return strcmp(sqlstate, s) == 0;
}

/* psqlODBC reports a lost connection as HY000 with one of these texts
 * (measured: after a server restart, a kill of the backend, a network
 * cut). */
static int
pg_lost_message(const char *message)
{
    static const char *const lost[] = {
        "could not send data to server",
        "could not receive data from server",
        "server closed the connection",
        "no connection to the server",
        "connection is dead",
        "the connection has been lost",
        "terminating connection",
        "connection not open",
        "communication link failure",
    };

    if (message == NULL)
        return 0;
    for (size_t i = 0; i < sizeof(lost) / sizeof(lost[0]); i++)
        if (strcasestr(message, lost[i]) != NULL)
            return 1;
    return 0;
}

/* sqliteodbc: native is the SQLite result code; the message tells a
 * unique violation from the other constraints.  DB_OK: not known here. */
static enum db_errclass
classify_sqlite(long native, const char *message)
{
    /* sqliteodbc gives the primary result code; mask an extended one. */
    switch (native & 0xff) {
    case 19: /* SQLITE_CONSTRAINT */
        if (message != NULL && (strstr(message, "UNIQUE") != NULL ||
                                strstr(message, "PRIMARY KEY") != NULL))
            return DB_ERR_UNIQUE;
        return DB_ERR_CHECK;
    case 5: /* SQLITE_BUSY */
    case 6: /* SQLITE_LOCKED */ return DB_ERR_RETRY;
    default: return DB_OK;
    }
}

/* psqlODBC: the server's SQLSTATE; a lost connection may come as HY000
 * with a telling message.  DB_OK: not known here. */
static enum db_errclass
classify_postgresql(const char *st, const char *message)
{
    if (state_is(st, "23505"))
        return DB_ERR_UNIQUE;
    if (state_is(st, "23502") || state_is(st, "23503") ||
        state_is(st, "23514") || state_is(st, "23P01"))
        return DB_ERR_CHECK;
    if (state_is(st, "40001") || state_is(st, "40P01") || state_is(st, "55P03"))
        return DB_ERR_RETRY;
    if (state_is(st, "57P01") || state_is(st, "57P02") || state_is(st, "57P03"))
        return DB_ERR_CONN;
    if ((state_is(st, "HY000") || st[0] == '\0') && pg_lost_message(message))
        return DB_ERR_CONN;
    return DB_OK;
}

/* MariaDB: native is the server (1xxx-4xxx) or client (2xxx) error
 * number.  DB_OK: not known here. */
static enum db_errclass
classify_mariadb(long native)
{
    if (IN(native, 1062, 1586))
        return DB_ERR_UNIQUE;
    if (IN(native, 1205, 1213))
        return DB_ERR_RETRY;
    /* not null, foreign key, check constraint */
    if (IN(native, 1048, 1216, 1217, 1451, 1452, 3819, 4025))
        return DB_ERR_CHECK;
    /* server gone away, lost connection, cannot connect */
    if (IN(native, 2002, 2003, 2006, 2013, 2055, 1927))
        return DB_ERR_CONN;
    return DB_OK;
}

/* SQL Server (vendor docs; FreeTDS client errors 2xxxx).  DB_OK: not
 * known here. */
static enum db_errclass
classify_mssql(long native)
{
    if (IN(native, 2627, 2601))
        return DB_ERR_UNIQUE;
    /* lock timeout, deadlock victim, snapshot update conflict */
    if (IN(native, 1222, 1205, 3960))
        return DB_ERR_RETRY;
    /* constraint conflict (check, foreign key), NULL into NOT NULL */
    if (IN(native, 547, 515))
        return DB_ERR_CHECK;
    /* FreeTDS: server connection failed, read/write to server failed */
    if (IN(native, 20002, 20003, 20004, 20006, 20009, 20047))
        return DB_ERR_CONN;
    return DB_OK;
}

/* Oracle: native is the ORA- number (vendor docs).  DB_OK: not known
 * here. */
static enum db_errclass
classify_oracle(long native)
{
    if (IN(native, 1))
        return DB_ERR_UNIQUE;
    /* resource busy (NOWAIT / WAIT timeout), deadlock, serialization */
    if (IN(native, 54, 60, 8177, 30006))
        return DB_ERR_RETRY;
    /* cannot insert NULL, cannot update to NULL, check, parent/child key */
    if (IN(native, 1400, 1407, 2290, 2291, 2292))
        return DB_ERR_CHECK;
    /* end-of-file on channel, not connected, session killed, shutdown,
     * listener errors, connection lost contact */
    if (IN(native, 28, 1012, 1033, 1034, 1089, 1092, 3113, 3114, 3135, 12170,
           12514, 12528, 12537, 12541, 12543, 12547, 12571))
        return DB_ERR_CONN;
    return DB_OK;
}

/* DB2: native is the SQLCODE, negative for errors (vendor docs).
 * DB_OK: not known here. */
static enum db_errclass
classify_db2(long native)
{
    long code = native < 0 ? -native : native; /* SQLCODEs are negative */

    if (IN(code, 803))
        return DB_ERR_UNIQUE;
    if (IN(code, 911, 913))
        return DB_ERR_RETRY;
    /* NULL not allowed, foreign key (insert, update, delete), check */
    if (IN(code, 407, 530, 531, 532, 545))
        return DB_ERR_CHECK;
    /* communication error, connection lost or closed */
    if (IN(code, 30080, 30081, 30108, 1224, 1776, 900))
        return DB_ERR_CONN;
    return DB_OK;
}

/*
 * The class of an error: first by the dialect's own native codes and
 * SQLSTATEs, then by what the SQLSTATE means in every engine (08xxx and
 * 40003: connection; 40001: serialization; 23xxx: integrity).  Never
 * returns DB_OK: an error nothing recognises is DB_ERR_OTHER.
 */
enum db_errclass
db_classify(enum db_dialect d, const char *sqlstate, long native,
            const char *message)
{
    const char *st = sqlstate != NULL ? sqlstate : "";
    enum db_errclass c = DB_OK;

    switch (d) {
    case DB_SQLITE: c = classify_sqlite(native, message); break;
    case DB_POSTGRESQL: c = classify_postgresql(st, message); break;
    case DB_MARIADB: c = classify_mariadb(native); break;
    case DB_MSSQL: c = classify_mssql(native); break;
    case DB_ORACLE: c = classify_oracle(native); break;
    case DB_DB2: c = classify_db2(native); break;
    default: break;
    }
    if (c != DB_OK)
        return c;
    if (strncmp(st, "08", 2) == 0 || state_is(st, "40003"))
        return DB_ERR_CONN;
    if (state_is(st, "40001"))
        return DB_ERR_RETRY;
    if (strncmp(st, "23", 2) == 0)
        return DB_ERR_CHECK;
    return DB_ERR_OTHER;
}

/* ---- pagination ------------------------------------------------------ */

/*
 * The page clause of a dialect, with a leading space, into buf (always
 * NUL-terminated): " LIMIT n OFFSET m" (SQLite, PostgreSQL, MariaDB) or
 * " OFFSET m ROWS FETCH NEXT n ROWS ONLY" (SQL Server, Oracle, DB2).
 * limit <= 0 writes "" (no clause); a negative offset counts as 0.
 */
void
db_page_clause(enum db_dialect d, long limit, long offset, char *buf, size_t n)
{
    if (n == 0)
        return;
    buf[0] = '\0';
    if (limit <= 0)
        return;
    if (offset < 0)
        offset = 0;
    switch (d) {
    case DB_MSSQL:
    case DB_ORACLE:
    case DB_DB2:
        snprintf(buf, n, " OFFSET %ld ROWS FETCH NEXT %ld ROWS ONLY", offset,
                 limit);
        break;
    default: snprintf(buf, n, " LIMIT %ld OFFSET %ld", limit, offset); break;
    }
}

char *
db_first_marks(enum db_dialect d, const char *text)
{
    static const char mark[] = " /*first ";
    const char *at = strstr(text, mark), *p = text;
    size_t cap, n = 0;
    char *out;

    if (at == NULL)
        return NULL;
    /* each mark is at least as long as its clause's digits plus 40 */
    cap = strlen(text) + 1;
    for (const char *m = at; m != NULL; m = strstr(m + 1, mark))
        cap += 48;
    out = malloc(cap);
    if (out == NULL)
        abort();
    while (at != NULL) {
        const char *num = at + sizeof(mark) - 1, *end = num;
        long rows = strtol(num, (char **)&end, 10);
        char clause[96];

        memcpy(out + n, p, (size_t)(at - p));
        n += (size_t)(at - p);
        if (end == num || strncmp(end, "*/", 2) != 0 || rows <= 0) {
            /* not a mark of ours: keep the text as it is */
            memcpy(out + n, at, sizeof(mark) - 1);
            n += sizeof(mark) - 1;
            p = num;
        } else {
            db_page_clause(d, rows, 0, clause, sizeof(clause));
            memcpy(out + n, clause, strlen(clause));
            n += strlen(clause);
            p = end + 2;
        }
        at = strstr(p, mark);
    }
    memcpy(out + n, p, strlen(p) + 1);
    return out;
}

/*
 * The page clause with a parameter marker for the offset into buf (the
 * limit, a page size, as a literal): " LIMIT 50 OFFSET ?"; 1 when the
 * dialect takes it, 0 when it gets literals only (db_page_clause).  With
 * the marker a list's paged statement is prepared once per connection
 * and serves every page; with literals each page is a new statement text,
 * prepared (and on PostgreSQL parsed and described by the server) on
 * every request, and 200 pages in turn evict each other from the 64-slot
 * statement cache.  The limit stays a literal: PostgreSQL never moves a
 * statement with "LIMIT $1" to its generic plan (the plan's cost with an
 * unknown limit is always above a custom plan's for 50 rows), so every
 * page was planned again (0.3-0.8 ms of server CPU); with "LIMIT 50
 * OFFSET $1" it keeps the generic plan after five pages.  Bound for the
 * engines the tests and benchmarks run (SQLite, PostgreSQL); the others
 * keep the literal clause until tested there.
 */
int
db_page_clause_bound(enum db_dialect d, long limit, char *buf, size_t n)
{
    switch (d) {
    case DB_SQLITE:
    case DB_POSTGRESQL:
        snprintf(buf, n, " LIMIT %ld OFFSET ?", limit);
        return 1;
    default: return 0;
    }
}
