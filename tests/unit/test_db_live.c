/*
 * test_db_live.c - the data layer against a real engine.
 *
 *   QUDAO_TEST_DSN=<DSN name or connection string> ./test_db_live
 *
 * Without QUDAO_TEST_DSN it exits 77 (automake's "skipped").  It makes and
 * drops its own tables (qt_item, qt_script), and qd_key / schema_version
 * when the database has none (it removes only what it made), so it can
 * run against an empty SQLite file or a throwaway PostgreSQL.  With
 * QUDAO_TEST_PG_RESTART set to a shell command that restarts the server,
 * it also checks that db_ping and the next statements reconnect.
 *
 * Exit status: 0 all passed, 1 some check failed, 77 skipped.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "live.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- test statements ------------------------------------------------- */

DB_STATEMENT(sql_qt_drop_item, 0, "DROP TABLE qt_item");
DB_STATEMENT(sql_qt_drop_script, 0, "DROP TABLE qt_script");

/* qt_item in each dialect's types (PORTABILITY items 4 and 5). */
DB_STATEMENT(sql_qt_create_sqlite, 0,
             "CREATE TABLE qt_item ("
             " id BIGINT NOT NULL,"
             " code VARCHAR(30) NOT NULL,"
             " name VARCHAR(100),"
             " note VARCHAR(100),"
             " created TEXT,"
             " qty BIGINT,"
             " body VARCHAR(4000),"
             " CONSTRAINT pk_qt_item PRIMARY KEY (id),"
             " CONSTRAINT uq_qt_item_code UNIQUE (code))");
DB_STATEMENT(sql_qt_create_pg, 0,
             "CREATE TABLE qt_item ("
             " id BIGINT NOT NULL,"
             " code VARCHAR(30) NOT NULL,"
             " name VARCHAR(100),"
             " note VARCHAR(100),"
             " created TIMESTAMP(3),"
             " qty BIGINT,"
             " body VARCHAR(4000),"
             " CONSTRAINT pk_qt_item PRIMARY KEY (id),"
             " CONSTRAINT uq_qt_item_code UNIQUE (code))");
DB_STATEMENT(sql_qt_create_mariadb, 0,
             "CREATE TABLE qt_item ("
             " id BIGINT NOT NULL,"
             " code VARCHAR(30) NOT NULL,"
             " name VARCHAR(100),"
             " note VARCHAR(100),"
             " created DATETIME(3),"
             " qty BIGINT,"
             " body VARCHAR(4000),"
             " CONSTRAINT pk_qt_item PRIMARY KEY (id),"
             " CONSTRAINT uq_qt_item_code UNIQUE (code))"
             " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
DB_STATEMENT(sql_qt_create_mssql, 0,
             "CREATE TABLE qt_item ("
             " id BIGINT NOT NULL,"
             " code NVARCHAR(30) NOT NULL,"
             " name NVARCHAR(100),"
             " note NVARCHAR(100),"
             " created DATETIME2(3),"
             " qty BIGINT,"
             " body NVARCHAR(4000),"
             " CONSTRAINT pk_qt_item PRIMARY KEY (id),"
             " CONSTRAINT uq_qt_item_code UNIQUE (code))");
DB_STATEMENT(sql_qt_create_oracle, 0,
             "CREATE TABLE qt_item ("
             " id NUMBER(19) NOT NULL,"
             " code VARCHAR2(30 CHAR) NOT NULL,"
             " name VARCHAR2(100 CHAR),"
             " note VARCHAR2(100 CHAR),"
             " created TIMESTAMP(3),"
             " qty NUMBER(19),"
             " body VARCHAR2(4000 CHAR),"
             " CONSTRAINT pk_qt_item PRIMARY KEY (id),"
             " CONSTRAINT uq_qt_item_code UNIQUE (code))");
DB_STATEMENT(sql_qt_create_db2, 0,
             "CREATE TABLE qt_item ("
             " id BIGINT NOT NULL,"
             " code VARCHAR(30 CODEUNITS32) NOT NULL,"
             " name VARCHAR(100 CODEUNITS32),"
             " note VARCHAR(100 CODEUNITS32),"
             " created TIMESTAMP(3),"
             " qty BIGINT,"
             " body VARCHAR(4000 CODEUNITS32),"
             " CONSTRAINT pk_qt_item PRIMARY KEY (id),"
             " CONSTRAINT uq_qt_item_code UNIQUE (code))");

/* qt_blob: the schema type "blob" in each dialect (schema/ddl.xsl). */
DB_STATEMENT(sql_qt_drop_blob, 0, "DROP TABLE qt_blob");
DB_STATEMENT(sql_qt_create_blob_sqlite, 0,
             "CREATE TABLE qt_blob (id BIGINT NOT NULL, name VARCHAR(30),"
             " body BLOB, CONSTRAINT pk_qt_blob PRIMARY KEY (id))");
DB_STATEMENT(sql_qt_create_blob_pg, 0,
             "CREATE TABLE qt_blob (id BIGINT NOT NULL, name VARCHAR(30),"
             " body BYTEA, CONSTRAINT pk_qt_blob PRIMARY KEY (id))");
DB_STATEMENT(sql_qt_create_blob_mariadb, 0,
             "CREATE TABLE qt_blob (id BIGINT NOT NULL, name VARCHAR(30),"
             " body LONGBLOB, CONSTRAINT pk_qt_blob PRIMARY KEY (id))"
             " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
DB_STATEMENT(sql_qt_create_blob_mssql, 0,
             "CREATE TABLE qt_blob (id BIGINT NOT NULL, name NVARCHAR(30),"
             " body VARBINARY(MAX), CONSTRAINT pk_qt_blob PRIMARY KEY (id))");
DB_STATEMENT(sql_qt_create_blob_oracle, 0,
             "CREATE TABLE qt_blob (id NUMBER(19) NOT NULL,"
             " name VARCHAR2(30 CHAR), body BLOB,"
             " CONSTRAINT pk_qt_blob PRIMARY KEY (id))");
DB_STATEMENT(sql_qt_create_blob_db2, 0,
             "CREATE TABLE qt_blob (id BIGINT NOT NULL,"
             " name VARCHAR(30 CODEUNITS32), body BLOB(16M),"
             " CONSTRAINT pk_qt_blob PRIMARY KEY (id))");
DB_STATEMENT(sql_qt_blob_put, 0,
             "INSERT INTO qt_blob (id, name, body) VALUES (?, ?, ?)");
DB_STATEMENT(sql_qt_blob_get, 0,
             "SELECT id, name, body, name"
             " FROM qt_blob"
             " WHERE id = ?");
DB_STATEMENT(sql_qt_blob_all, 0,
             "SELECT id, body"
             " FROM qt_blob"
             " ORDER BY id");

/* The key table and schema_version, for a database that has none. */
DB_STATEMENT(sql_qt_create_key, 0,
             "CREATE TABLE qd_key ("
             " name VARCHAR(30) NOT NULL,"
             " next_id BIGINT NOT NULL,"
             " CONSTRAINT pk_qd_key PRIMARY KEY (name))");
DB_STATEMENT(sql_qt_create_key_oracle, 0,
             "CREATE TABLE qd_key ("
             " name VARCHAR2(30 CHAR) NOT NULL,"
             " next_id NUMBER(19) NOT NULL,"
             " CONSTRAINT pk_qd_key PRIMARY KEY (name))");
DB_STATEMENT(sql_qt_drop_key, 0, "DROP TABLE qd_key");
DB_STATEMENT(sql_qt_count_key, 0, "SELECT COUNT(*) FROM qd_key");
DB_STATEMENT(sql_qt_create_version, 0,
             "CREATE TABLE schema_version (version INTEGER NOT NULL)");
DB_STATEMENT(sql_qt_drop_version, 0, "DROP TABLE schema_version");
DB_STATEMENT(sql_qt_add_version, 0,
             "INSERT INTO schema_version (version) VALUES (?)");
DB_STATEMENT(sql_qt_key_del, 0, "DELETE FROM qd_key WHERE name = ?");
DB_STATEMENT(sql_qt_key_add, 0,
             "INSERT INTO qd_key (name, next_id) VALUES (?, 1)");
DB_STATEMENT(sql_qt_key_get, 0, "SELECT next_id FROM qd_key WHERE name = ?");

DB_STATEMENT(sql_qt_insert, 0,
             "INSERT INTO qt_item (id, code, name, note, created, qty, body)"
             " VALUES (?, ?, ?, ?, ?, ?, ?)");
DB_STATEMENT(sql_qt_insert_short, 0,
             "INSERT INTO qt_item (id, code) VALUES (?, ?)");
DB_STATEMENT(sql_qt_get, 0,
             "SELECT id, code, name, note, created, qty, body"
             " FROM qt_item"
             " WHERE id = ?");
DB_STATEMENT(sql_qt_set_qty, 0,
             "UPDATE qt_item"
             " SET qty = ?"
             " WHERE id = ?");
DB_STATEMENT(sql_qt_delete, 0, "DELETE FROM qt_item WHERE id = ?");
DB_STATEMENT(sql_qt_count, 0, "SELECT COUNT(*) FROM qt_item WHERE id = ?");
DB_STATEMENT(sql_qt_range, DB_PAGED,
             "SELECT id, code"
             " FROM qt_item"
             " WHERE id >= ? AND id < ?"
             " ORDER BY id");
/* A page of ids in a derived table (DB_PAGE_HERE), with parameters before
 * and after the mark and a '?' in a literal before it: the bound page
 * clause's limit and offset go between the two parameters (2026-11-27,
 * when LIMIT and OFFSET became parameters on SQLite and PostgreSQL). */
DB_STATEMENT(sql_qt_page_here, DB_PAGED,
             "SELECT k.id, i.code"
             " FROM (SELECT id FROM qt_item"
             " WHERE id >= ? AND code <> '?'"
             " ORDER BY id" DB_PAGE_HERE ") k"
             " JOIN qt_item i ON i.id = k.id"
             " WHERE i.id < ?"
             " ORDER BY k.id");
/* The optional-filter idiom: psqlODBC describes a prepared statement
 * with untyped parameters, so a bare "? IS NULL" fails there (42P18). */
DB_STATEMENT(sql_qt_filter, 0,
             "SELECT id"
             " FROM qt_item"
             " WHERE (CAST(? AS DECIMAL(19)) IS NULL OR id = ?)"
             " AND (CAST(? AS CHAR(30)) IS NULL OR code = ?)"
             " AND id < 10"
             " ORDER BY id");
/* PostgreSQL (14+): the plans of this session's prepared statements. */
DB_STATEMENT(sql_qt_generic_plans, 0,
             "SELECT COUNT(*) FROM pg_prepared_statements"
             " WHERE statement LIKE '%qt_item%IS NULL OR%'"
             " AND statement NOT LIKE '%pg_prepared_statements%'"
             " AND generic_plans > 0");
/* The same for the paged statement of test_paging (its text has
 * "code <> '?'"). */
DB_STATEMENT(sql_qt_page_plans, 0,
             "SELECT COUNT(*) FROM pg_prepared_statements"
             " WHERE statement LIKE '%code <> ''?''%LIMIT 10 OFFSET $%'"
             " AND generic_plans > 0");
/* SQLite: checkpoint the log; its second column is the pages in it. */
DB_STATEMENT(sql_qt_wal_checkpoint, 0, "PRAGMA wal_checkpoint(PASSIVE)");
DB_STATEMENT(sql_qt_mmap_size, 0, "PRAGMA mmap_size");
DB_STATEMENT(sql_qt_filter_bare, 0,
             "SELECT id FROM qt_item WHERE (? IS NULL OR id = ?)");

DB_STATEMENT(sql_qt_bad_column, 0, "SELECT no_such_column FROM qt_item");
/* (MariaDB's driver prepares a statement whose first word is not a verb
 * it knows, like "SELEC", on the client: such text passes the check.) */
DB_STATEMENT(sql_qt_bad_syntax, 0, "SELECT id FROM qt_item WHERE ORDER BY id");
DB_STATEMENT(sql_qt_bad_table, 0,
             "UPDATE qt_no_such_table SET qty = ? WHERE id = ?");

DB_STATEMENT(sql_qt_pg_lock_timeout, 0, "SET lock_timeout = '300ms'");
DB_STATEMENT(sql_qt_pg_lock_reset, 0, "RESET lock_timeout");
DB_STATEMENT(sql_qt_maria_lock_timeout, 0,
             "SET SESSION innodb_lock_wait_timeout = 1");

DB_STATEMENT(sql_qt_script_count, 0,
             "SELECT COUNT(*), MAX(name) FROM qt_script");

/*
 * A leak that is not ours, for LeakSanitizer when the test is built with
 * it (measured with a plain ODBC program): looking a DSN name up in
 * odbc.ini during SQLDriverConnect leaks the parsed ini.
 */
const char *__lsan_default_suppressions(void);
const char *
__lsan_default_suppressions(void)
{
    return "leak:SQLDriverConnect\n";
}

/* The drivers have no frame pointers: unwind slowly but fully, so that
 * the suppressions above see SQLDriverConnect. */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
    return "fast_unwind_on_malloc=0";
}

/* ---- helpers --------------------------------------------------------- */

/* Run a statement whose failure is expected or harmless, then end the
 * transaction either way. */
static void
try_exec(struct db *db, const struct db_sql *sql)
{
    if (db_exec(db, sql, NULL, 0, NULL) == 0)
        db_commit(db);
    else
        db_rollback(db);
}

/* The first column of the first row as an integer (-1 on error). */
static long long
query_ll(struct db *db, struct arena *a, const struct db_sql *sql,
         const struct db_param *p, size_t n)
{
    struct db_rows r;

    if (db_query(db, a, sql, p, n, 0, 0, &r) != 0 || r.n_rows == 0)
        return -1;
    return (long long)db_cell_int(&r, 0, 0);
}

static const struct db_sql *
create_item_sql(enum db_dialect d)
{
    switch (d) {
    case DB_SQLITE: return &sql_qt_create_sqlite;
    case DB_POSTGRESQL: return &sql_qt_create_pg;
    case DB_MARIADB: return &sql_qt_create_mariadb;
    case DB_MSSQL: return &sql_qt_create_mssql;
    case DB_ORACLE: return &sql_qt_create_oracle;
    default: return &sql_qt_create_db2;
    }
}

/* What the test made and must remove. */
struct setup {
    int made_key;
    int made_version;
};

/* ---- tests ----------------------------------------------------------- */

static void
test_open_errors(const char *dsn)
{
    struct db *db = NULL;
    char err[512];

    CHECK(db_open(dsn, "informix", &db, err, sizeof(err)) == -1);
    CHECK(db == NULL);
    CHECK(strstr(err, "informix") != NULL);

    /* a password in the target never reaches the message */
    err[0] = '\0';
    CHECK(db_open("Driver=NoSuchDriverQt;Database=x;PWD=s3cretQt", NULL, &db,
                  err, sizeof(err)) == -1);
    CHECK(strstr(err, "s3cretQt") == NULL);
    CHECK(strstr(err, "NoSuchDriverQt") != NULL);
    printf("open errors: ok (%s)\n", err);
}

static void
test_setup(struct db *db, struct arena *a, struct setup *s)
{
    enum db_dialect d = db_dialect(db);
    struct db_param key[1] = {DB_TEXT("qt_item")};
    int v = -1;

    try_exec(db, &sql_qt_drop_item);
    try_exec(db, &sql_qt_drop_script);
    CHECK(db_exec(db, create_item_sql(d), NULL, 0, NULL) == 0);
    CHECK(db_commit(db) == 0);
    CHECK(!db_in_txn(db));

    if (query_ll(db, a, &sql_qt_count_key, NULL, 0) < 0) {
        db_rollback(db);
        CHECK(db_exec(db,
                      d == DB_ORACLE ? &sql_qt_create_key_oracle
                                     : &sql_qt_create_key,
                      NULL, 0, NULL) == 0);
        CHECK(db_commit(db) == 0);
        s->made_key = 1;
    }
    db_rollback(db);
    CHECK(db_exec(db, &sql_qt_key_del, key, 1, NULL) == 0);
    CHECK(db_exec(db, &sql_qt_key_add, key, 1, NULL) == 0);
    CHECK(db_commit(db) == 0);

    /* db_schema_version: 0 when the table is missing */
    CHECK(db_schema_version(db, &v) == 0);
    CHECK(!db_in_txn(db));
    if (v == 0) {
        struct db_param seven[1] = {DB_INT(7)};

        if (db_exec(db, &sql_qt_create_version, NULL, 0, NULL) == 0) {
            CHECK(db_commit(db) == 0);
            s->made_version = 1;
            CHECK(db_schema_version(db, &v) == 0);
            CHECK(v == 0); /* MAX over no rows is NULL */
            CHECK(db_exec(db, &sql_qt_add_version, seven, 1, NULL) == 0);
            CHECK(db_commit(db) == 0);
            CHECK(db_schema_version(db, &v) == 0);
            CHECK(v == 7);
        } else {
            db_rollback(db); /* an empty schema_version of the database */
        }
    }
    printf("setup: ok (schema version %d%s%s)\n", v,
           s->made_key ? ", made qd_key" : "",
           s->made_version ? ", made schema_version" : "");
}

static void
test_params(struct db *db, struct arena *a)
{
    static const char chinese[] = "渠道管理 · 经销商「华东」";
    char body[4000];
    size_t n = 0;
    struct db_param ins[7] = {
        DB_INT(1),         DB_TEXT("A-001"), DB_TEXT(chinese), DB_TEXT(""),
        DB_TS(1700000000), DB_NULLP,         DB_TEXT(body),
    };
    struct db_param ins2[7] = {
        DB_INT(2),    DB_TEXT("A-002"),   DB_TEXT(NULL),
        DB_TEXT("x"), DB_TS(86400 * 366), DB_INT(-9000000000000000000LL),
        DB_TEXT("b"),
    };
    struct db_param id1[1] = {DB_INT(1)};
    struct db_param id2[1] = {DB_INT(2)};
    struct db_rows r;
    long affected = -1;

    /* a long value across SQLGetData pieces, split inside UTF-8
     * characters: 1200 three-byte characters, then ASCII */
    body[n++] = 'x'; /* so that pieces of 1023 bytes split a character */
    while (n + 3 < 3600) {
        memcpy(body + n, "库", 3);
        n += 3;
    }
    memcpy(body + n, "-end", 5);
    ins[4].ms = 123;

    CHECK(db_exec(db, &sql_qt_insert, ins, N(ins), &affected) == 0);
    CHECK(affected == 1);
    CHECK(db_in_txn(db));
    CHECK(db_exec(db, &sql_qt_insert, ins2, N(ins2), &affected) == 0);
    CHECK(db_commit(db) == 0);
    CHECK(!db_in_txn(db));

    CHECK(db_query(db, a, &sql_qt_get, id1, 1, 0, 0, &r) == 0);
    CHECK(r.n_rows == 1 && r.n_cols == 7);
    if (r.n_rows == 1 && r.n_cols == 7) {
        CHECK(db_cell_int(&r, 0, 0) == 1);
        CHECK(strcmp(db_cell(&r, 0, 1), "A-001") == 0);
        CHECK(db_cell(&r, 0, 2) != NULL &&
              strcmp(db_cell(&r, 0, 2), chinese) == 0);
        CHECK(db_cell(&r, 0, 3) == NULL); /* '' came back as NULL */
        CHECK(db_cell(&r, 0, 4) != NULL &&
              strncmp(db_cell(&r, 0, 4), "2023-11-14 22:13:20.123", 23) == 0);
        CHECK(db_cell(&r, 0, 5) == NULL);
        CHECK(db_cell_int(&r, 0, 5) == 0);
        CHECK(db_cell(&r, 0, 6) != NULL &&
              strcmp(db_cell(&r, 0, 6), body) == 0);
        printf("params: created \"%s\", body %zu bytes\n",
               db_cell(&r, 0, 4) ? db_cell(&r, 0, 4) : "(null)",
               db_cell(&r, 0, 6) ? strlen(db_cell(&r, 0, 6)) : 0);
    }
    CHECK(db_query(db, a, &sql_qt_get, id2, 1, 0, 0, &r) == 0);
    CHECK(r.n_rows == 1);
    if (r.n_rows == 1) {
        CHECK(db_cell(&r, 0, 2) == NULL);
        CHECK(strncmp(db_cell(&r, 0, 4), "1971-01-02 00:00:00", 19) == 0);
        CHECK(db_cell_int(&r, 0, 5) == -9000000000000000000LL);
    }
    CHECK(db_rollback(db) == 0);
    printf("params: ok\n");
}

static void
test_no_data(struct db *db)
{
    struct db_param none[2] = {DB_INT(5), DB_INT(999999)};
    struct db_param one[2] = {DB_INT(5), DB_INT(1)};
    struct db_param del[1] = {DB_INT(999999)};
    long affected = -1;

    CHECK(db_exec(db, &sql_qt_set_qty, none, 2, &affected) == 0);
    CHECK(affected == 0);
    affected = -1;
    CHECK(db_exec(db, &sql_qt_delete, del, 1, &affected) == 0);
    CHECK(affected == 0);
    CHECK(db_exec(db, &sql_qt_set_qty, one, 2, &affected) == 0);
    CHECK(affected == 1);
    CHECK(db_exec(db, &sql_qt_set_qty, none, 2, NULL) == 0);
    CHECK(db_rollback(db) == 0);
    printf("no data: ok\n");
}

static void
test_errors(struct db *db, struct arena *a)
{
    struct db_param dup_id[2] = {DB_INT(1), DB_TEXT("A-999")};
    struct db_param dup_code[2] = {DB_INT(3), DB_TEXT("A-001")};
    struct db_param no_code[2] = {DB_INT(4), DB_TEXT("")};
    struct db_param bad[2] = {DB_INT(1), DB_INT(1)};
    struct db_param id1[1] = {DB_INT(1)};
    unsigned long errors = db_error_count();

    CHECK(db_exec(db, &sql_qt_insert_short, dup_id, 2, NULL) == -1);
    CHECK(db_last_error(db)->cls == DB_ERR_UNIQUE);
    printf("errors: unique: [%s] %ld %s\n", db_last_error(db)->sqlstate,
           db_last_error(db)->native, db_last_error(db)->message);
    CHECK(db_rollback(db) == 0);
    CHECK(db_exec(db, &sql_qt_insert_short, dup_code, 2, NULL) == -1);
    CHECK(db_last_error(db)->cls == DB_ERR_UNIQUE);
    CHECK(db_rollback(db) == 0);
    /* '' is NULL, so NOT NULL refuses it */
    CHECK(db_exec(db, &sql_qt_insert_short, no_code, 2, NULL) == -1);
    CHECK(db_last_error(db)->cls == DB_ERR_CHECK);
    CHECK(db_rollback(db) == 0);
    CHECK(db_exec(db, &sql_qt_bad_table, bad, 2, NULL) == -1);
    CHECK(db_last_error(db)->cls == DB_ERR_OTHER);
    CHECK(db_rollback(db) == 0);
    CHECK(db_error_count() == errors + 4);
    /* the connection is fine afterwards */
    CHECK(query_ll(db, a, &sql_qt_count, id1, 1) == 1);
    CHECK(db_rollback(db) == 0);
    printf("errors: ok\n");
}

static void
test_filter(struct db *db, struct arena *a)
{
    struct db_param all[4] = {DB_NULLP, DB_NULLP, DB_TEXT(""), DB_TEXT("")};
    struct db_param by_id[4] = {DB_INT(2), DB_INT(2), DB_NULLP, DB_NULLP};
    struct db_param by_code[4] = {DB_NULLP, DB_NULLP, DB_TEXT("A-001"),
                                  DB_TEXT("A-001")};
    struct db_rows r;

    CHECK(db_query(db, a, &sql_qt_filter, all, 4, 0, 0, &r) == 0);
    CHECK(r.n_rows == 2);
    CHECK(db_query(db, a, &sql_qt_filter, by_id, 4, 0, 0, &r) == 0);
    CHECK(r.n_rows == 1 && db_cell_int(&r, 0, 0) == 2);
    CHECK(db_query(db, a, &sql_qt_filter, by_code, 4, 0, 0, &r) == 0);
    CHECK(r.n_rows == 1 && db_cell_int(&r, 0, 0) == 1);
    CHECK(db_prepare_check(db, &sql_qt_filter) == 0);
    CHECK(db_rollback(db) == 0);
    /* a statement with optional filters is planned for its values every
     * time (db.c, fresh_plan): never a generic plan, which would keep
     * both branches of every filter */
    if (db_dialect(db) == DB_POSTGRESQL) {
        for (int i = 0; i < 8; i++) {
            CHECK(db_query(db, a, &sql_qt_filter, by_id, 4, 0, 0, &r) == 0);
            CHECK(r.n_rows == 1 && db_cell_int(&r, 0, 0) == 2);
        }
        CHECK(db_query(db, a, &sql_qt_generic_plans, NULL, 0, 0, 0, &r) == 0);
        CHECK(r.n_rows == 1 && db_cell_int(&r, 0, 0) == 0);
        CHECK(db_rollback(db) == 0);
    }
    if (db_prepare_check(db, &sql_qt_filter_bare) != 0)
        printf("filter: note: bare \"? IS NULL\" fails to prepare on %s: "
               "%s\n",
               db_dialect_name(db_dialect(db)), db_last_error(db)->message);
    printf("filter: ok\n");
}

/* Units of work. */
struct uow_ctx {
    int64_t id;
    int result;
    int calls;
    struct db *other; /* holds the lock the first attempt waits for */
};

static int
uow_insert(struct db *db, void *arg)
{
    struct uow_ctx *c = arg;
    char code[32];
    struct db_param p[2] = {DB_INT(c->id), DB_TEXT(code)};

    c->calls++;
    snprintf(code, sizeof(code), "U-%lld", (long long)c->id);
    if (db_exec(db, &sql_qt_insert_short, p, 2, NULL) != 0)
        return -1;
    return c->result;
}

static int
uow_contended(struct db *db, void *arg)
{
    struct uow_ctx *c = arg;
    struct db_param p[2] = {DB_INT(2), DB_INT(1)};

    c->calls++;
    if (c->calls >= 2 && db_in_txn(c->other))
        db_commit(c->other); /* let the retry through */
    return db_exec(db, &sql_qt_set_qty, p, 2, NULL) == 0 ? 0 : -1;
}

static void
test_uow(struct db *db, struct db *db2, struct arena *a)
{
    struct uow_ctx ok = {10, 0, 0, NULL};
    struct uow_ctx no = {11, 7, 0, NULL};
    struct uow_ctx dup = {1, 0, 0, NULL};
    struct db_param id10[1] = {DB_INT(10)};
    struct db_param id11[1] = {DB_INT(11)};
    struct db_param id1[1] = {DB_INT(1)};
    enum db_dialect d = db_dialect(db);

    CHECK(db_uow(db, uow_insert, &ok) == 0);
    CHECK(ok.calls == 1);
    CHECK(!db_in_txn(db));
    CHECK(query_ll(db2, a, &sql_qt_count, id10, 1) == 1); /* committed */
    db_rollback(db2);

    CHECK(db_uow(db, uow_insert, &no) == 7);
    CHECK(no.calls == 1);
    CHECK(!db_in_txn(db));
    CHECK(query_ll(db, a, &sql_qt_count, id11, 1) == 0); /* rolled back */
    db_rollback(db);

    CHECK(db_uow(db, uow_insert, &dup) == -1); /* not retried */
    CHECK(dup.calls == 1);
    CHECK(db_last_error(db)->cls == DB_ERR_UNIQUE);

    /* A lock held by another connection: the first attempt times out
     * (DB_ERR_RETRY), the retry gets through. */
    if (d == DB_SQLITE || d == DB_POSTGRESQL || d == DB_MARIADB) {
        struct uow_ctx busy = {0, 0, 0, db2};
        struct db_param hold[2] = {DB_INT(1), DB_INT(1)};
        struct db_rows r;

        if (d == DB_POSTGRESQL)
            CHECK(db_exec(db, &sql_qt_pg_lock_timeout, NULL, 0, NULL) == 0);
        if (d == DB_MARIADB)
            CHECK(db_exec(db, &sql_qt_maria_lock_timeout, NULL, 0, NULL) == 0);
        CHECK(db_commit(db) == 0);
        CHECK(db_exec(db2, &sql_qt_set_qty, hold, 2, NULL) == 0);
        CHECK(db_uow(db, uow_contended, &busy) == 0);
        CHECK(busy.calls == 2);
        CHECK(!db_in_txn(db2));
        CHECK(db_query(db, a, &sql_qt_get, id1, 1, 0, 0, &r) == 0);
        CHECK(r.n_rows == 1 && db_cell_int(&r, 0, 5) == 2);
        db_rollback(db);
        if (d == DB_POSTGRESQL) {
            CHECK(db_exec(db, &sql_qt_pg_lock_reset, NULL, 0, NULL) == 0);
            CHECK(db_commit(db) == 0);
        }
        printf("uow: retry after %d attempts: ok\n", busy.calls);
    }
    printf("uow: ok\n");
}

static void
test_paging(struct db *db, struct arena *a)
{
    struct db_param range[2] = {DB_INT(100), DB_INT(130)};
    struct db_rows r;
    int ok = 1;

    for (int i = 0; i < 30; i++) {
        char code[32];
        struct db_param p[2] = {DB_INT(100 + i), DB_TEXT(code)};

        snprintf(code, sizeof(code), "P-%03d", i);
        if (db_exec(db, &sql_qt_insert_short, p, 2, NULL) != 0)
            ok = 0;
    }
    CHECK(ok);
    CHECK(db_commit(db) == 0);

    CHECK(db_query(db, a, &sql_qt_range, range, 2, 10, 5, &r) == 0);
    CHECK(r.n_rows == 10);
    if (r.n_rows == 10) {
        CHECK(db_cell_int(&r, 0, 0) == 105);
        CHECK(db_cell_int(&r, 9, 0) == 114);
        CHECK(strcmp(db_cell(&r, 9, 1), "P-014") == 0);
    }
    /* last, partial page; past the end */
    CHECK(db_query(db, a, &sql_qt_range, range, 2, 10, 25, &r) == 0);
    CHECK(r.n_rows == 5 && db_cell_int(&r, 4, 0) == 129);
    CHECK(db_query(db, a, &sql_qt_range, range, 2, 10, 30, &r) == 0);
    CHECK(r.n_rows == 0);
    /* no limit: everything */
    CHECK(db_query(db, a, &sql_qt_range, range, 2, 0, 0, &r) == 0);
    CHECK(r.n_rows == 30);
    /* the page inside a derived table, a parameter on each side */
    range[1] = DB_INT(125);
    CHECK(db_query(db, a, &sql_qt_page_here, range, 2, 10, 5, &r) == 0);
    CHECK(r.n_rows == 10 && db_cell_int(&r, 0, 0) == 105 &&
          db_cell_int(&r, 9, 0) == 114);
    CHECK(db_query(db, a, &sql_qt_page_here, range, 2, 10, 20, &r) == 0);
    CHECK(r.n_rows == 5 && db_cell_int(&r, 4, 0) == 124);
    /* every page is the same prepared statement: page 3 again */
    CHECK(db_query(db, a, &sql_qt_page_here, range, 2, 10, 5, &r) == 0);
    CHECK(r.n_rows == 10 && db_cell_int(&r, 0, 0) == 105);
    /* the limit is a literal, the offset a parameter: PostgreSQL moves
     * the statement to its generic plan after five executions and stops
     * planning every page (with "LIMIT $n" it never does) */
    if (db_dialect(db) == DB_POSTGRESQL) {
        for (int i = 0; i < 8; i++) {
            CHECK(db_query(db, a, &sql_qt_page_here, range, 2, 10, i, &r) == 0);
            CHECK(r.n_rows == 10 && db_cell_int(&r, 0, 0) == 100 + i);
        }
        CHECK(db_query(db, a, &sql_qt_page_plans, NULL, 0, 0, 0, &r) == 0);
        CHECK(r.n_rows == 1 && db_cell_int(&r, 0, 0) == 1);
    }
    range[1] = DB_INT(130);
    /* a limit on a statement without DB_PAGED is refused */
    CHECK(db_query(db, a, &sql_qt_get, range, 1, 10, 0, &r) == -1);
    CHECK(db_query(db, a, &sql_qt_range, range, 2, -1, 0, &r) == -1);
    CHECK(db_rollback(db) == 0);
    printf("paging: ok\n");
}

static void
test_cursor(struct db *db, struct arena *a)
{
    struct db_param range[2] = {DB_INT(1000), DB_INT(2000)};
    struct db_cursor *c = NULL;
    const char *const *row;
    size_t n_cols = 0;
    long long sum = 0, n = 0, want = 0;
    int ok = 1, rc;
    struct db_rows r;

    for (int i = 0; i < 1000; i++) {
        char code[32];
        struct db_param p[2] = {DB_INT(1000 + i), DB_TEXT(code)};

        snprintf(code, sizeof(code), "C-%04d", i);
        if (db_exec(db, &sql_qt_insert_short, p, 2, NULL) != 0)
            ok = 0;
        want += 1000 + i;
    }
    CHECK(ok);
    CHECK(db_commit(db) == 0);

    CHECK(db_cursor_open(db, &sql_qt_range, range, 2, &c) == 0);
    while (c != NULL && (rc = db_cursor_next(c, &row, &n_cols)) == 1) {
        if (n_cols != 2 || row[0] == NULL || row[1] == NULL ||
            atoll(row[0]) != 1000 + n)
            ok = 0;
        sum += atoll(row[0]);
        n++;
    }
    CHECK(ok);
    CHECK(n == 1000);
    CHECK(sum == want);
    if (c != NULL)
        CHECK(db_cursor_next(c, &row, &n_cols) == 0); /* stays at the end */
    db_cursor_close(c);

    CHECK(db_query(db, a, &sql_qt_range, range, 2, 0, 0, &r) == 0);
    CHECK(r.n_rows == 1000);
    CHECK(db_rollback(db) == 0);
    printf("cursor: ok (%lld rows)\n", n);
}

static int
cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

    return a < b ? -1 : a > b;
}

static void
take_ids(struct db *db, int n, int64_t *ids, size_t *k, int *ok)
{
    for (int i = 0; i < n; i++) {
        int64_t id = 0;

        if (db_next_id(db, "qt_item", &id) != 0 || id <= 0)
            *ok = 0;
        ids[(*k)++] = id;
    }
}

static void
test_keys(struct db *db, struct db *db2, struct arena *a)
{
    int64_t ids[200], wasted[8];
    struct db_param hold[2] = {DB_INT(3), DB_INT(1)};
    struct db_param key[1] = {DB_TEXT("qt_item")};
    size_t k = 0, w = 0;
    int ok = 1, dups = 0;
    int64_t id = 0, max = 0;

    db_set_bank(db, 3);
    db_set_bank(db2, 3);

    /* both connections outside a transaction, interleaved */
    for (int i = 0; i < 10; i++) {
        take_ids(db, 2, ids, &k, &ok);
        take_ids(db2, 2, ids, &k, &ok);
    }
    CHECK(!db_in_txn(db) && !db_in_txn(db2));

    /* inside a transaction that has written (SQLite: refilled in it;
     * others: on the second connection), committed */
    CHECK(db_exec(db, &sql_qt_set_qty, hold, 2, NULL) == 0);
    take_ids(db, 7, ids, &k, &ok);
    CHECK(db_in_txn(db));
    CHECK(db_commit(db) == 0);
    take_ids(db2, 5, ids, &k, &ok);

    /* inside a transaction that is rolled back: those ids may come back
     * on SQLite (the refill was undone with the rows that used them) */
    CHECK(db_exec(db, &sql_qt_set_qty, hold, 2, NULL) == 0);
    take_ids(db, 4, wasted, &w, &ok);
    CHECK(db_rollback(db) == 0);
    take_ids(db, 5, ids, &k, &ok);
    take_ids(db2, 5, ids, &k, &ok);
    CHECK(ok);

    qsort(ids, k, sizeof(ids[0]), cmp_i64);
    for (size_t i = 1; i < k; i++)
        if (ids[i] == ids[i - 1])
            dups++;
    CHECK(dups == 0);
    max = ids[k - 1];
    CHECK(query_ll(db, a, &sql_qt_key_get, key, 1) > max);
    db_rollback(db);

    /* a bigger bank, once what is left of the current one is used */
    db_set_bank(db, 1000);
    for (int i = 0; i < 4; i++) {
        CHECK(db_next_id(db, "qt_item", &id) == 0);
        CHECK(bsearch(&id, ids, k, sizeof(ids[0]), cmp_i64) == NULL);
    }
    CHECK(id > max);
    CHECK(query_ll(db, a, &sql_qt_key_get, key, 1) >= id + 997);
    db_rollback(db);

    /* blocks of ids in a row (db_next_ids): from what the bank holds,
     * then, for more than that, from a refill of DB_BLOCK_BANK blocks
     * and a bank, whose rest the next ids come from */
    {
        int64_t b1 = 0, b2 = 0, b3 = 0, left = 0;
        int64_t refill = 2000 * DB_BLOCK_BANK + 1000;

        CHECK(db_next_ids(db, "qt_item", 3, &b1) == 0 && b1 == id + 1);
        CHECK(db_next_ids(db, "qt_item", 2000, &b2) == 0);
        CHECK(b2 >= query_ll(db, a, &sql_qt_key_get, key, 1) - refill);
        CHECK(b2 > b1 + 3);
        CHECK(db_next_id(db, "qt_item", &left) == 0 && left == b2 + 2000);
        CHECK(query_ll(db, a, &sql_qt_key_get, key, 1) == b2 + refill);
        CHECK(db_next_ids(db, "qt_item", 999, &b3) == 0 && b3 == left + 1);
        /* the refill holds DB_BLOCK_BANK - 1 more blocks: no refill */
        CHECK(db_next_ids(db, "qt_item", 2000 * (DB_BLOCK_BANK - 1) - 1000,
                          &b3) == 0);
        CHECK(query_ll(db, a, &sql_qt_key_get, key, 1) == b2 + refill);
        CHECK(db_next_ids(db, "qt_item", 0, &b3) == -1);
        CHECK(db_next_ids(db, "qt_item", 1000001, &b3) == -1);
        db_rollback(db);
    }
    db_set_bank(db, 50);

    CHECK(db_next_id(db, "qt_nokey", &id) == -1);
    CHECK(strstr(db_last_error(db)->message, "no key row") != NULL);
    CHECK(!db_in_txn(db));
    CHECK(db_next_id(db, "Bad-Name", &id) == -1);
    CHECK(db_next_id(db, "a_name_longer_than_thirty_chars", &id) == -1);
    printf("keys: ok (%zu ids, highest %lld)\n", k, (long long)max);
}

static void
test_prepare(struct db *db)
{
    const struct db_sql *const *p;
    int seen_bump = 0, seen_ping = 0, seen_range = 0, n = 0, ok = 1;

    CHECK(db_prepare_check(db, &sql_qt_get) == 0);
    CHECK(db_prepare_check(db, &sql_qt_range) == 0); /* with page clause */
    CHECK(db_prepare_check(db, &sql_qt_insert) == 0);
    CHECK(db_prepare_check(db, &sql_qt_bad_column) == -1);
    CHECK(db_prepare_check(db, &sql_qt_bad_syntax) == -1);
    CHECK(db_prepare_check(db, &sql_qt_bad_table) == -1);
    CHECK(!db_in_txn(db));

    /* the registry holds every statement; src/db's own ones prepare */
    CHECK(db_sql_first() != NULL);
    for (p = db_sql_first(); p != NULL && p < db_sql_end(); p++) {
        const char *name = (*p)->name;

        n++;
        seen_bump |= strcmp(name, "sql_key_bump") == 0;
        seen_ping |= strcmp(name, "sql_db_ping") == 0;
        seen_range |= strcmp(name, "sql_qt_range") == 0;
        if (strncmp(name, "sql_key_", 8) == 0 ||
            strncmp(name, "sql_db_", 7) == 0) {
            if (db_prepare_check(db, *p) != 0) {
                fprintf(stderr, "prepare %s failed\n", name);
                ok = 0;
            }
        }
    }
    CHECK(ok);
    CHECK(seen_bump && seen_ping && seen_range);
    printf("prepare: ok (%d registered statements)\n", n);
}

/* Commit n one-row inserts, ids from *next. */
static void
idle_commits(struct db *db, struct arena *a, int n, int64_t *next)
{
    for (int i = 0; i < n; i++, (*next)++) {
        struct db_param p[2] = {
            DB_INT(*next),
            DB_TEXT(arena_printf(a, "IDLE-%lld", (long long)*next))};

        CHECK(db_exec(db, &sql_qt_insert_short, p, 2, NULL) == 0);
        CHECK(db_commit(db) == 0);
    }
}

/* The pages in SQLite's write-ahead log since it last started over (and
 * a checkpoint of them). */
static int64_t
wal_pages(struct db *db, struct arena *a)
{
    struct db_rows r;
    int64_t n = -1;

    CHECK(db_query(db, a, &sql_qt_wal_checkpoint, NULL, 0, 0, 0, &r) == 0);
    if (r.n_rows == 1)
        n = db_cell_int(&r, 0, 1);
    CHECK(db_rollback(db) == 0);
    return n;
}

/*
 * db_idle checkpoints SQLite's log once DB_IDLE_CHECKPOINT commits have
 * been made, not before: after its checkpoint the next commit starts the
 * log over, so the log holds that commit's pages alone.
 */
static void
test_idle(struct db *db, struct arena *a)
{
    int64_t next = 900000, pages;

    if (db_dialect(db) != DB_SQLITE) {
        db_idle(db); /* nothing to do elsewhere */
        CHECK(!db_in_txn(db));
        printf("idle: ok (nothing on %s)\n", db_dialect_name(db_dialect(db)));
        return;
    }
    idle_commits(db, a, DB_IDLE_CHECKPOINT, &next);
    db_idle(db); /* due: checkpoints */
    CHECK(!db_in_txn(db));
    idle_commits(db, a, 1, &next);
    pages = wal_pages(db, a);
    CHECK(pages >= 1 && pages <= 3);
    /* not due: one commit so far, two more, then db_idle does nothing */
    idle_commits(db, a, 2, &next);
    db_idle(db);
    idle_commits(db, a, 1, &next);
    CHECK(wal_pages(db, a) >= 3);
    printf("idle: ok\n");
}

/* A SQLite connection reads its file through a memory map of
 * DB_SQLITE_MMAP bytes (set on connecting; a reconnection goes through
 * the same set-up). */
static void
test_mmap(struct db *db, struct arena *a)
{
    struct db_rows r;

    if (db_dialect(db) != DB_SQLITE) {
        printf("mmap: ok (nothing on %s)\n", db_dialect_name(db_dialect(db)));
        return;
    }
    CHECK(db_query(db, a, &sql_qt_mmap_size, NULL, 0, 0, 0, &r) == 0);
    CHECK(r.n_rows == 1 && db_cell_int(&r, 0, 0) == DB_SQLITE_MMAP);
    CHECK(db_rollback(db) == 0);
    printf("mmap: ok\n");
}

static void
test_ping(struct db *db)
{
    struct db_param p[2] = {DB_INT(50), DB_TEXT("PING-50")};

    CHECK(db_ping(db) == 0);
    CHECK(!db_in_txn(db));
    /* inside a transaction it leaves the transaction alone */
    CHECK(db_exec(db, &sql_qt_insert_short, p, 2, NULL) == 0);
    CHECK(db_ping(db) == 0);
    CHECK(db_in_txn(db));
    CHECK(db_rollback(db) == 0);
    printf("ping: ok\n");
}

static int
write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    if (f == NULL)
        return -1;
    fputs(text, f);
    return fclose(f);
}

static void
test_script(struct db *db, struct arena *a)
{
    static const char good[] =
        "-- a comment; with a semicolon;\n"
        "\n"
        "CREATE TABLE qt_script (\n"
        "    id INTEGER NOT NULL,\n"
        "    name VARCHAR(30),\n"
        "    CONSTRAINT pk_qt_script PRIMARY KEY (id)\n"
        ");\n"
        "  -- indented comment\n"
        "INSERT INTO qt_script (id, name) VALUES (1, 'a;b');   \n"
        "INSERT INTO qt_script (id, name)\n"
        "VALUES (2, 'z')  ;\n";
    static const char bad[] =
        "INSERT INTO qt_script (id, name) VALUES (3, 'c');\n"
        "SELEC nonsense;\n"
        "INSERT INTO qt_script (id, name) VALUES (4, 'd');\n";
    char path[64];
    struct db_rows r;

    snprintf(path, sizeof(path), "/tmp/qt_script_%ld.sql", (long)getpid());
    CHECK(write_file(path, good) == 0);
    CHECK(db_run_script(db, path) == 0);
    CHECK(!db_in_txn(db));
    CHECK(db_query(db, a, &sql_qt_script_count, NULL, 0, 0, 0, &r) == 0);
    CHECK(r.n_rows == 1 && db_cell_int(&r, 0, 0) == 2);
    CHECK(r.n_rows == 1 && strcmp(db_cell(&r, 0, 1), "z") == 0);
    db_rollback(db);

    CHECK(write_file(path, bad) == 0);
    CHECK(db_run_script(db, path) == -1);
    CHECK(!db_in_txn(db));
    CHECK(db_query(db, a, &sql_qt_script_count, NULL, 0, 0, 0, &r) == 0);
    CHECK(r.n_rows == 1 && db_cell_int(&r, 0, 0) == 2); /* 3 rolled back */
    db_rollback(db);

    CHECK(db_run_script(db, "/nonexistent/qt.sql") == -1);
    unlink(path);
    printf("script: ok\n");
}

static void
test_restart(struct db *db, struct db *db2, struct arena *a, const char *cmd)
{
    struct db_param id1[1] = {DB_INT(1)};
    struct db_param id60[1] = {DB_INT(60)};
    struct db_param set[2] = {DB_INT(9), DB_INT(1)};
    struct uow_ctx ins = {60, 0, 0, NULL};
    int rc;

    CHECK(query_ll(db, a, &sql_qt_count, id1, 1) == 1);
    CHECK(db_commit(db) == 0);
    CHECK(db_ping(db2) == 0);
    rc = system(cmd);
    CHECK(rc == 0);
    /* the next statement outside a transaction reconnects and retries */
    CHECK(db_ping(db) == 0);
    CHECK(query_ll(db, a, &sql_qt_count, id1, 1) == 1);
    CHECK(db_rollback(db) == 0);
    CHECK(query_ll(db2, a, &sql_qt_count, id1, 1) == 1);
    CHECK(db_rollback(db2) == 0);

    /* inside a transaction the loss is reported, not papered over */
    CHECK(query_ll(db, a, &sql_qt_count, id1, 1) == 1);
    CHECK(system(cmd) == 0);
    CHECK(query_ll(db, a, &sql_qt_count, id1, 1) == -1);
    CHECK(db_last_error(db)->cls == DB_ERR_CONN);
    CHECK(db_rollback(db) == 0);
    CHECK(query_ll(db, a, &sql_qt_count, id1, 1) == 1);

    /* a commit on a lost connection fails; the next statement
     * reconnects; a unit of work whose first statement meets the lost
     * connection just runs */
    CHECK(db_exec(db, &sql_qt_set_qty, set, 2, NULL) == 0);
    CHECK(system(cmd) == 0);
    CHECK(db_commit(db) == -1);
    printf("restart: commit on a lost connection: [%s] %s (%s)\n",
           db_last_error(db)->sqlstate, db_last_error(db)->message,
           db_last_error(db)->cls == DB_ERR_CONN ? "connection" : "other");
    CHECK(!db_in_txn(db));
    CHECK(db_uow(db, uow_insert, &ins) == 0);
    CHECK(ins.calls == 1);
    CHECK(query_ll(db, a, &sql_qt_count, id60, 1) == 1);
    CHECK(db_rollback(db) == 0);
    printf("restart: ok\n");
}

static const struct db_sql *
create_blob_sql(enum db_dialect d)
{
    switch (d) {
    case DB_SQLITE: return &sql_qt_create_blob_sqlite;
    case DB_POSTGRESQL: return &sql_qt_create_blob_pg;
    case DB_MARIADB: return &sql_qt_create_blob_mariadb;
    case DB_MSSQL: return &sql_qt_create_blob_mssql;
    case DB_ORACLE: return &sql_qt_create_blob_oracle;
    default: return &sql_qt_create_blob_db2;
    }
}

/*
 * Binary parameters and columns (DB_BLOB, db_cell_blob): every byte value
 * including NUL and 0xFF, a value that needs many SQLGetData pieces (3 MB,
 * not a multiple of any buffer size), NULL, several rows, and a text
 * column of the same result unchanged.
 */
static void
test_blob(struct db *db, struct arena *a)
{
    size_t big_n = 3 * 1024 * 1024 + 7;
    char *big = malloc(big_n);
    unsigned char all[512];
    struct db_rows r;
    const char *b;
    size_t len = 0;
    unsigned x = 12345;

    for (size_t i = 0; i < sizeof(all); i++)
        all[i] = (unsigned char)(255 - i % 256); /* 0xFF first, NUL inside */
    for (size_t i = 0; i < big_n; i++) {
        x = x * 1103515245u + 12345u;
        big[i] = (char)(x >> 16);
    }
    big[0] = '\0';
    big[big_n - 1] = (char)0xFF;

    try_exec(db, &sql_qt_drop_blob);
    CHECK(db_exec(db, create_blob_sql(db_dialect(db)), NULL, 0, NULL) == 0);
    CHECK(db_commit(db) == 0);
    {
        struct db_param p1[3] = {DB_INT(1), DB_TEXT("all"),
                                 DB_BLOB(all, sizeof(all))};
        struct db_param p2[3] = {DB_INT(2), DB_TEXT("big"),
                                 DB_BLOB(big, big_n)};
        struct db_param p3[3] = {DB_INT(3), DB_TEXT("none"), DB_BLOB(NULL, 0)};
        struct db_param p4[3] = {DB_INT(4), DB_TEXT("nul"), DB_BLOB("\0", 1)};

        CHECK(db_exec(db, &sql_qt_blob_put, p1, 3, NULL) == 0);
        CHECK(db_exec(db, &sql_qt_blob_put, p2, 3, NULL) == 0);
        CHECK(db_exec(db, &sql_qt_blob_put, p3, 3, NULL) == 0);
        CHECK(db_exec(db, &sql_qt_blob_put, p4, 3, NULL) == 0);
        CHECK(db_commit(db) == 0);
    }
    {
        struct db_param id[1] = {DB_INT(1)};

        CHECK(db_query(db, a, &sql_qt_blob_get, id, 1, 0, 0, &r) == 0);
        CHECK(r.n_rows == 1 && r.lens != NULL);
        if (r.n_rows == 1) {
            b = db_cell_blob(&r, 0, 2, &len);
            CHECK(b != NULL && len == sizeof(all));
            CHECK(b != NULL && len == sizeof(all) && memcmp(b, all, len) == 0);
            /* the text columns around it stay text */
            CHECK(strcmp(db_cell(&r, 0, 1), "all") == 0);
            CHECK(db_cell_int(&r, 0, 0) == 1);
            b = db_cell_blob(&r, 0, 3, &len);
            CHECK(b != NULL && len == 3 && strcmp(b, "all") == 0);
        }
        id[0] = DB_INT(2);
        CHECK(db_query(db, a, &sql_qt_blob_get, id, 1, 0, 0, &r) == 0);
        CHECK(r.n_rows == 1);
        if (r.n_rows == 1) {
            b = db_cell_blob(&r, 0, 2, &len);
            CHECK(b != NULL && len == big_n);
            CHECK(b != NULL && len == big_n && memcmp(b, big, len) == 0);
        }
        id[0] = DB_INT(3);
        CHECK(db_query(db, a, &sql_qt_blob_get, id, 1, 0, 0, &r) == 0);
        CHECK(r.n_rows == 1);
        if (r.n_rows == 1) {
            CHECK(db_cell_blob(&r, 0, 2, &len) == NULL && len == 0);
        }
        CHECK(db_query(db, a, &sql_qt_blob_all, NULL, 0, 0, 0, &r) == 0);
        CHECK(r.n_rows == 4);
        if (r.n_rows == 4) {
            b = db_cell_blob(&r, 3, 1, &len);
            CHECK(b != NULL && len == 1 && b[0] == '\0');
            b = db_cell_blob(&r, 0, 1, &len);
            CHECK(b != NULL && len == sizeof(all) && memcmp(b, all, len) == 0);
        }
        db_rollback(db);
    }
    CHECK(db_exec(db, &sql_qt_drop_blob, NULL, 0, NULL) == 0);
    CHECK(db_commit(db) == 0);
    free(big);
    printf("blob: ok\n");
}

static void
test_teardown(struct db *db, const struct setup *s)
{
    struct db_param key[1] = {DB_TEXT("qt_item")};

    CHECK(db_exec(db, &sql_qt_drop_item, NULL, 0, NULL) == 0);
    CHECK(db_commit(db) == 0);
    try_exec(db, &sql_qt_drop_script);
    if (s->made_key) {
        CHECK(db_exec(db, &sql_qt_drop_key, NULL, 0, NULL) == 0);
    } else {
        CHECK(db_exec(db, &sql_qt_key_del, key, 1, NULL) == 0);
    }
    if (s->made_version)
        CHECK(db_exec(db, &sql_qt_drop_version, NULL, 0, NULL) == 0);
    CHECK(db_commit(db) == 0);
}

int
main(void)
{
    const char *dsn = getenv("QUDAO_TEST_DSN");
    const char *restart = getenv("QUDAO_TEST_PG_RESTART");
    struct db *db = NULL, *db2 = NULL;
    struct setup s = {0, 0};
    struct arena *a;
    char err[512];

    if (dsn == NULL || *dsn == '\0') {
        printf("QUDAO_TEST_DSN not set: skipped\n");
        return 77;
    }
    setlocale(LC_CTYPE, "C.UTF-8");
    test_open_errors(dsn);
    if (db_open(dsn, NULL, &db, err, sizeof(err)) != 0 ||
        db_open(dsn, "auto", &db2, err, sizeof(err)) != 0) {
        fprintf(stderr, "cannot connect: %s\n", err);
        db_close(db);
        return 1;
    }
    printf("dialect: %s\n", db_dialect_name(db_dialect(db)));
    CHECK(db_dialect(db) == db_dialect(db2));
    CHECK(!db_in_txn(db));
    a = arena_new(0);

    test_setup(db, a, &s);
    test_params(db, a);
    arena_reset(a);
    test_no_data(db);
    test_errors(db, a);
    test_filter(db, a);
    test_uow(db, db2, a);
    test_paging(db, a);
    arena_reset(a);
    test_cursor(db, a);
    arena_reset(a);
    test_keys(db, db2, a);
    test_prepare(db);
    test_ping(db);
    test_mmap(db, a);
    test_idle(db, a);
    test_script(db, a);
    arena_reset(a);
    test_blob(db, a);
    arena_reset(a);
    if (restart != NULL && *restart != '\0')
        test_restart(db, db2, a, restart);
    test_teardown(db, &s);

    arena_free(a);
    db_close(db2);
    db_close(db);
    printf("%d checks, %d failed; %lu database errors logged\n", live_n_checks,
           live_n_failed, db_error_count());
    return live_n_failed == 0 ? 0 : 1;
}
