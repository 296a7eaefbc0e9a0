/*
 * test_db_dialect.c - golden tests of the dialect layer (src/db/dialect.c):
 * names, product detection, error classes (PORTABILITY.md item 12) and
 * page clauses (item 8) for all six dialects.  No database needed: SQL
 * Server, Oracle and DB2 cannot run here, so this is where their SQL is
 * checked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "db/db.h"

static void
test_names_round_trip(void **state)
{
    static const char *const names[DB_N_DIALECTS] = {
        "sqlite", "postgresql", "mssql", "oracle", "db2", "mariadb",
    };

    (void)state;
    for (int d = 0; d < DB_N_DIALECTS; d++) {
        assert_string_equal(db_dialect_name((enum db_dialect)d), names[d]);
        assert_int_equal(db_dialect_by_name(names[d]), d);
    }
    assert_int_equal(db_dialect_by_name("SQLite"), -1); /* exact names */
    assert_int_equal(db_dialect_by_name("informix"), -1);
    assert_int_equal(db_dialect_by_name(""), -1);
    assert_int_equal(db_dialect_by_name(NULL), -1);
    assert_string_equal(db_dialect_name(DB_N_DIALECTS), "unknown");
}

static void
test_from_dbms(void **state)
{
    (void)state;
    assert_int_equal(db_dialect_from_dbms("SQLite"), DB_SQLITE);
    assert_int_equal(db_dialect_from_dbms("PostgreSQL"), DB_POSTGRESQL);
    assert_int_equal(db_dialect_from_dbms("Microsoft SQL Server"), DB_MSSQL);
    assert_int_equal(db_dialect_from_dbms("Oracle"), DB_ORACLE);
    assert_int_equal(db_dialect_from_dbms("DB2/LINUXX8664"), DB_DB2);
    assert_int_equal(db_dialect_from_dbms("DB2/NT64"), DB_DB2);
    assert_int_equal(db_dialect_from_dbms("MariaDB"), DB_MARIADB);
    assert_int_equal(db_dialect_from_dbms("MySQL"), DB_MARIADB);
    assert_int_equal(db_dialect_from_dbms("Informix"), -1);
    assert_int_equal(db_dialect_from_dbms(""), -1);
    assert_int_equal(db_dialect_from_dbms(NULL), -1);
}

/* One classification case: dialect, SQLSTATE, native, message, class. */
struct cls_case {
    enum db_dialect d;
    const char *state;
    long native;
    const char *msg;
    enum db_errclass want;
};

static void
test_classify(void **state)
{
    static const struct cls_case cases[] = {
        /* SQLite (sqliteodbc: SQLSTATE HY000, native = result code) */
        {DB_SQLITE, "HY000", 19, "UNIQUE constraint failed: t.code (19)",
         DB_ERR_UNIQUE},
        {DB_SQLITE, "HY000", 19, "PRIMARY KEY must be unique", DB_ERR_UNIQUE},
        {DB_SQLITE, "HY000", 2067, "UNIQUE constraint failed: t.id",
         DB_ERR_UNIQUE},
        {DB_SQLITE, "HY000", 19, "NOT NULL constraint failed: t.code",
         DB_ERR_CHECK},
        {DB_SQLITE, "HY000", 19, "FOREIGN KEY constraint failed", DB_ERR_CHECK},
        {DB_SQLITE, "HY000", 19, "CHECK constraint failed: ck_t_qty",
         DB_ERR_CHECK},
        {DB_SQLITE, "HY000", 5, "database is locked (5)", DB_ERR_RETRY},
        {DB_SQLITE, "HY000", 6, "database table is locked", DB_ERR_RETRY},
        {DB_SQLITE, "HY000", 517, "database is locked", DB_ERR_RETRY},
        {DB_SQLITE, "HY000", 1, "no such table: t (1)", DB_ERR_OTHER},
        {DB_SQLITE, "08S01", 0, "link failure", DB_ERR_CONN},
        /* PostgreSQL (psqlODBC: the server's SQLSTATE) */
        {DB_POSTGRESQL, "23505", 1, "duplicate key value", DB_ERR_UNIQUE},
        {DB_POSTGRESQL, "23502", 1, "null value in column", DB_ERR_CHECK},
        {DB_POSTGRESQL, "23503", 1, "violates foreign key", DB_ERR_CHECK},
        {DB_POSTGRESQL, "23514", 1, "violates check constraint", DB_ERR_CHECK},
        {DB_POSTGRESQL, "40001", 1, "could not serialize access", DB_ERR_RETRY},
        {DB_POSTGRESQL, "40P01", 1, "deadlock detected", DB_ERR_RETRY},
        {DB_POSTGRESQL, "55P03", 1, "canceling statement due to lock timeout",
         DB_ERR_RETRY},
        {DB_POSTGRESQL, "08001", 101, "could not connect to server",
         DB_ERR_CONN},
        {DB_POSTGRESQL, "08S01", 35, "the connection has been lost",
         DB_ERR_CONN},
        {DB_POSTGRESQL, "57P01", 1,
         "terminating connection due to "
         "administrator command",
         DB_ERR_CONN},
        {DB_POSTGRESQL, "57P02", 1, "crash shutdown", DB_ERR_CONN},
        {DB_POSTGRESQL, "57P03", 1, "the database system is starting up",
         DB_ERR_CONN},
        {DB_POSTGRESQL, "HY000", 35, "could not send data to server",
         DB_ERR_CONN},
        {DB_POSTGRESQL, "HY000", 35,
         "server closed the connection "
         "unexpectedly",
         DB_ERR_CONN},
        {DB_POSTGRESQL, "HY000", 1, "no connection to the server", DB_ERR_CONN},
        {DB_POSTGRESQL, "HY000", 1, "The connection is dead", DB_ERR_CONN},
        {DB_POSTGRESQL, "HY000", 1, "some other failure", DB_ERR_OTHER},
        {DB_POSTGRESQL, "42P01", 1, "relation does not exist", DB_ERR_OTHER},
        {DB_POSTGRESQL, "42601", 1, "syntax error", DB_ERR_OTHER},
        /* MariaDB */
        {DB_MARIADB, "23000", 1062, "Duplicate entry", DB_ERR_UNIQUE},
        {DB_MARIADB, "HY000", 1205, "Lock wait timeout exceeded", DB_ERR_RETRY},
        {DB_MARIADB, "40001", 1213, "Deadlock found", DB_ERR_RETRY},
        {DB_MARIADB, "23000", 1048, "Column cannot be null", DB_ERR_CHECK},
        {DB_MARIADB, "23000", 1452, "foreign key constraint fails",
         DB_ERR_CHECK},
        {DB_MARIADB, "23000", 4025, "CONSTRAINT failed", DB_ERR_CHECK},
        {DB_MARIADB, "HY000", 2006, "MySQL server has gone away", DB_ERR_CONN},
        {DB_MARIADB, "HY000", 2013, "Lost connection", DB_ERR_CONN},
        {DB_MARIADB, "42S02", 1146, "Table doesn't exist", DB_ERR_OTHER},
        /* SQL Server */
        {DB_MSSQL, "23000", 2627, "Violation of PRIMARY KEY constraint",
         DB_ERR_UNIQUE},
        {DB_MSSQL, "23000", 2601, "Cannot insert duplicate key row",
         DB_ERR_UNIQUE},
        {DB_MSSQL, "HY000", 1222, "Lock request time out period exceeded",
         DB_ERR_RETRY},
        {DB_MSSQL, "40001", 1205, "chosen as the deadlock victim",
         DB_ERR_RETRY},
        {DB_MSSQL, "23000", 547, "conflicted with the CHECK constraint",
         DB_ERR_CHECK},
        {DB_MSSQL, "23000", 515, "Cannot insert the value NULL", DB_ERR_CHECK},
        {DB_MSSQL, "08S01", 20047, "DBPROCESS is dead", DB_ERR_CONN},
        {DB_MSSQL, "42S02", 208, "Invalid object name", DB_ERR_OTHER},
        /* Oracle (native = ORA number) */
        {DB_ORACLE, "23000", 1, "ORA-00001: unique constraint violated",
         DB_ERR_UNIQUE},
        {DB_ORACLE, "HY000", 54, "ORA-00054: resource busy", DB_ERR_RETRY},
        {DB_ORACLE, "61000", 60, "ORA-00060: deadlock detected", DB_ERR_RETRY},
        {DB_ORACLE, "72000", 8177, "ORA-08177: can't serialize access",
         DB_ERR_RETRY},
        {DB_ORACLE, "23000", 1400, "ORA-01400: cannot insert NULL",
         DB_ERR_CHECK},
        {DB_ORACLE, "23000", 2290, "ORA-02290: check constraint violated",
         DB_ERR_CHECK},
        {DB_ORACLE, "23000", 2291, "ORA-02291: parent key not found",
         DB_ERR_CHECK},
        {DB_ORACLE, "HY000", 3113, "ORA-03113: end-of-file on channel",
         DB_ERR_CONN},
        {DB_ORACLE, "HY000", 3114, "ORA-03114: not connected", DB_ERR_CONN},
        {DB_ORACLE, "42S02", 942, "ORA-00942: table or view does not exist",
         DB_ERR_OTHER},
        /* DB2 (native = SQLCODE, negative) */
        {DB_DB2, "23505", -803, "SQL0803N One or more values", DB_ERR_UNIQUE},
        {DB_DB2, "40001", -911,
         "SQL0911N The current transaction has been "
         "rolled back",
         DB_ERR_RETRY},
        {DB_DB2, "57033", -913,
         "SQL0913N Unsuccessful execution caused by "
         "deadlock or timeout",
         DB_ERR_RETRY},
        {DB_DB2, "23502", -407, "SQL0407N Assignment of a NULL value",
         DB_ERR_CHECK},
        {DB_DB2, "23513", -545, "SQL0545N check constraint", DB_ERR_CHECK},
        {DB_DB2, "23503", -530, "SQL0530N foreign key", DB_ERR_CHECK},
        {DB_DB2, "08001", -30081, "SQL30081N A communication error",
         DB_ERR_CONN},
        {DB_DB2, "40003", -30081, "SQL30081N A communication error",
         DB_ERR_CONN},
        {DB_DB2, "42704", -204, "SQL0204N is an undefined name", DB_ERR_OTHER},
        /* Everywhere: no diagnostic at all is not a class of its own */
        {DB_POSTGRESQL, "", 0, "no diagnostic from the driver", DB_ERR_OTHER},
        {DB_ORACLE, NULL, 0, NULL, DB_ERR_OTHER},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct cls_case *c = &cases[i];
        enum db_errclass got = db_classify(c->d, c->state, c->native, c->msg);

        if (got != c->want)
            fail_msg("case %zu (%s %s %ld \"%s\"): got %d, want %d", i,
                     db_dialect_name(c->d), c->state ? c->state : "(null)",
                     c->native, c->msg ? c->msg : "(null)", (int)got,
                     (int)c->want);
    }
}

static void
test_page_clause(void **state)
{
    static const char *const golden[DB_N_DIALECTS] = {
        [DB_SQLITE] = " LIMIT 50 OFFSET 100",
        [DB_POSTGRESQL] = " LIMIT 50 OFFSET 100",
        [DB_MARIADB] = " LIMIT 50 OFFSET 100",
        [DB_MSSQL] = " OFFSET 100 ROWS FETCH NEXT 50 ROWS ONLY",
        [DB_ORACLE] = " OFFSET 100 ROWS FETCH NEXT 50 ROWS ONLY",
        [DB_DB2] = " OFFSET 100 ROWS FETCH NEXT 50 ROWS ONLY",
    };
    char buf[96];

    (void)state;
    for (int d = 0; d < DB_N_DIALECTS; d++) {
        db_page_clause((enum db_dialect)d, 50, 100, buf, sizeof(buf));
        assert_string_equal(buf, golden[d]);

        /* first page; a negative offset counts as 0 */
        db_page_clause((enum db_dialect)d, 20, -5, buf, sizeof(buf));
        assert_string_equal(buf, d == DB_MSSQL || d == DB_ORACLE || d == DB_DB2
                                     ? " OFFSET 0 ROWS FETCH NEXT 20 ROWS ONLY"
                                     : " LIMIT 20 OFFSET 0");

        /* no limit: no clause */
        memset(buf, 'x', sizeof(buf));
        db_page_clause((enum db_dialect)d, 0, 100, buf, sizeof(buf));
        assert_string_equal(buf, "");

        /* a small buffer is truncated, still terminated */
        db_page_clause((enum db_dialect)d, 50, 100, buf, 8);
        assert_int_equal(strlen(buf), 7);
    }
}

static void
test_first_marks(void **state)
{
    static const char text[] =
        "SELECT * FROM (SELECT id FROM t ORDER BY id" DB_FIRST(
            1000) ") a UNION ALL SELECT * FROM (SELECT id FROM u ORDER BY "
                  "id" DB_FIRST(20) ") b ORDER BY 1";
    char *s;

    (void)state;
    assert_string_equal(text, "SELECT * FROM (SELECT id FROM t ORDER BY id "
                              "/*first 1000*/) a UNION ALL SELECT * FROM "
                              "(SELECT id FROM u ORDER BY id /*first 20*/) b "
                              "ORDER BY 1");
    s = db_first_marks(DB_SQLITE, text);
    assert_string_equal(s, "SELECT * FROM (SELECT id FROM t ORDER BY id"
                           " LIMIT 1000 OFFSET 0) a UNION ALL SELECT * FROM "
                           "(SELECT id FROM u ORDER BY id LIMIT 20 OFFSET 0) "
                           "b ORDER BY 1");
    free(s);
    s = db_first_marks(DB_MSSQL, text);
    assert_string_equal(s, "SELECT * FROM (SELECT id FROM t ORDER BY id"
                           " OFFSET 0 ROWS FETCH NEXT 1000 ROWS ONLY) a UNION "
                           "ALL SELECT * FROM (SELECT id FROM u ORDER BY id "
                           "OFFSET 0 ROWS FETCH NEXT 20 ROWS ONLY) b ORDER BY "
                           "1");
    free(s);
    /* no mark: NULL; something else in a comment stays */
    assert_null(db_first_marks(DB_POSTGRESQL, "SELECT 1"));
    s = db_first_marks(DB_POSTGRESQL, "SELECT 1 /*first x*/ /*first 3*/");
    assert_string_equal(s, "SELECT 1 /*first x*/ LIMIT 3 OFFSET 0");
    free(s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_round_trip),
        cmocka_unit_test(test_from_dbms),
        cmocka_unit_test(test_classify),
        cmocka_unit_test(test_page_clause),
        cmocka_unit_test(test_first_marks),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
