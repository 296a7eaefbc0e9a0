/*
 * test_credit_live.c - credit exposure under concurrency, against a real
 * engine (ledger.h: credit_raise, credit_lower; SECURITY.md "a guarded
 * update of one exposure row held exactly 1,000").
 *
 *   QUDAO_TEST_DSN=<DSN name or connection string> ./test_credit_live
 *
 * Without QUDAO_TEST_DSN it exits 77 (automake's "skipped").  It needs an
 * empty database (an empty SQLite file or a throwaway PostgreSQL
 * database) and the source tree (QUDAO_SHARE_DIR, else srcdir): it runs
 * the schema's migrations (schema/sql/<dialect>/) and writes one unit,
 * one approved dealer and its account.
 *
 * N_PROCS processes (fork, each with its own connection) each try
 * N_TRIES raises of AMOUNT on one party against LIMIT, every raise its own
 * unit of work (db_uow: retried on busy, deadlock or serialization
 * failure).  Afterwards: the exposure never passed the limit, equals the
 * sum of the successful raises (and open_orders too), exactly LIMIT /
 * AMOUNT raises succeeded, the refused ones said "over limit" with the
 * right numbers; a hold, and a party that is not approved, refuse every
 * raise; credit_lower, concurrently, brings everything back to zero and
 * never below.
 *
 * Exit status: 0 all passed, 1 some check failed, 77 skipped.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db/db.h"
#include "live.h"
#include "modules/ledger.h"

#define N_PROCS 8
#define N_TRIES 12
#define AMOUNT  INT64_C(12500)  /* 125.00 */
#define LIMIT   INT64_C(500000) /* 5,000.00: room for 40 of 96 tries */
#define PARTY   7

DB_STATEMENT(sql_ct_unit, 0,
             "INSERT INTO org_unit (id, kind, code, name, status, created_at,"
             " updated_at, version) VALUES (1, 'hq', 'HQ', 'HQ', 'active', ?,"
             " ?, 1)");
DB_STATEMENT(sql_ct_party, 0,
             "INSERT INTO party (id, kind, code, name, unit_id, status,"
             " created_at, updated_at, version)"
             " VALUES (?, 'dealer', 'D-1', 'D-1', 1, 'approved', ?, ?, 1)");
DB_STATEMENT(sql_ct_status, 0, "UPDATE party SET status = ? WHERE id = ?");
DB_STATEMENT(sql_ct_add, 0,
             "INSERT INTO party_account (party_id, credit_limit, updated_at)"
             " VALUES (?, ?, ?)");
DB_STATEMENT(sql_ct_get, 0,
             "SELECT open_orders, exposure, credit_limit"
             " FROM party_account WHERE party_id = ?");
DB_STATEMENT(sql_ct_hold, 0,
             "UPDATE party_account SET hold = ? WHERE party_id = ?");

static const char *dsn;

struct raise_arg {
    int64_t amount;
    int lower; /* credit_lower instead */
    int rc;
    struct credit_refusal why;
};

static int
raise_uow(struct db *db, void *arg)
{
    struct raise_arg *r = arg;

    r->rc = r->lower ? credit_lower(db, PARTY, r->amount)
                     : credit_raise(db, PARTY, r->amount, &r->why);
    return r->rc < 0 ? -1 : r->rc;
}

/* One unit of work on db: the ledger result (>= 0) or -1. */
static int
one(struct db *db, int lower, struct credit_refusal *why)
{
    struct raise_arg r;
    int rc;

    memset(&r, 0, sizeof(r));
    r.amount = AMOUNT;
    r.lower = lower;
    rc = db_uow(db, raise_uow, &r);
    if (why != NULL)
        *why = r.why;
    return rc < 0 ? -1 : r.rc;
}

/*
 * A child: its own connection, `tries` raises (or lowers); writes to the
 * pipe one byte per try: 'o' done, 'l' over limit (with the right
 * figures), 'h' held, 's' short, 'x' anything else.
 */
static void
child(int fd, int lower, int tries)
{
    struct db *db;
    char err[256];

    if (db_open(dsn, NULL, &db, err, sizeof(err)) != 0) {
        fprintf(stderr, "child: %s\n", err);
        _exit(2);
    }
    for (int i = 0; i < tries; i++) {
        struct credit_refusal why;
        int rc = one(db, lower, &why);
        char c = 'x';

        if (rc == LEDGER_OK)
            c = 'o';
        else if (rc == LEDGER_OVER_LIMIT && why.limit == LIMIT &&
                 why.exposure + AMOUNT > LIMIT &&
                 why.shortfall == why.exposure + AMOUNT - LIMIT)
            c = 'l';
        else if (rc == LEDGER_HELD)
            c = 'h';
        else if (rc == LEDGER_SHORT)
            c = 's';
        if (write(fd, &c, 1) != 1)
            _exit(3);
    }
    db_close(db);
    _exit(0);
}

/* Run N_PROCS children at once; counts of their answers in counts[]. */
static void
run_children(int lower, int tries, int counts[256])
{
    int fds[2];
    pid_t pids[N_PROCS];
    unsigned char c;

    memset(counts, 0, 256 * sizeof(int));
    if (pipe(fds) != 0) {
        perror("pipe");
        exit(1);
    }
    fflush(NULL);
    for (int i = 0; i < N_PROCS; i++) {
        pids[i] = fork();
        if (pids[i] == 0) {
            close(fds[0]);
            child(fds[1], lower, tries);
        }
    }
    close(fds[1]);
    while (read(fds[0], &c, 1) == 1)
        counts[c]++;
    close(fds[0]);
    for (int i = 0; i < N_PROCS; i++) {
        int st = 0;

        waitpid(pids[i], &st, 0);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
}

static void
get_row(struct db *db, int64_t *open, int64_t *exposure, int64_t *limit)
{
    struct arena *a = arena_new(1024);
    struct db_param p[1] = {DB_INT(PARTY)};
    struct db_rows r;

    CHECK(db_query(db, a, &sql_ct_get, p, 1, 0, 0, &r) == 0 && r.n_rows == 1);
    *open = r.n_rows ? db_cell_int(&r, 0, 0) : -1;
    *exposure = r.n_rows ? db_cell_int(&r, 0, 1) : -1;
    *limit = r.n_rows ? db_cell_int(&r, 0, 2) : -1;
    db_rollback(db);
    arena_free(a);
}

int
main(void)
{
    struct db *db;
    int rc;
    int counts[256];
    int64_t open, exposure, limit;
    struct db_param p[3];

    dsn = getenv("QUDAO_TEST_DSN"); /* the children connect too */
    rc = live_open(&db);
    if (rc != 0)
        return rc;
    p[0] = DB_TS(1767600000);
    p[1] = DB_TS(1767600000);
    CHECK(db_exec(db, &sql_ct_unit, p, 2, NULL) == 0);
    p[0] = DB_INT(PARTY);
    p[1] = DB_TS(1767600000);
    p[2] = DB_TS(1767600000);
    CHECK(db_exec(db, &sql_ct_party, p, 3, NULL) == 0);
    p[0] = DB_INT(PARTY);
    p[1] = DB_INT(LIMIT);
    p[2] = DB_TS(1767600000);
    CHECK(db_exec(db, &sql_ct_add, p, 3, NULL) == 0 && db_commit(db) == 0);

    /* bad arguments change nothing */
    CHECK(credit_raise(db, PARTY, 0, NULL) == LEDGER_INVALID);
    CHECK(credit_raise(db, PARTY, -5, NULL) == LEDGER_INVALID);
    CHECK(credit_lower(db, PARTY, AMOUNT) == LEDGER_SHORT);
    CHECK(credit_raise(db, PARTY + 1, AMOUNT, NULL) == LEDGER_NO_ACCOUNT);
    db_rollback(db);

    /* only an approved party buys on credit */
    p[0] = DB_TEXT("suspended");
    p[1] = DB_INT(PARTY);
    CHECK(db_exec(db, &sql_ct_status, p, 2, NULL) == 0 && db_commit(db) == 0);
    CHECK(one(db, 0, NULL) == LEDGER_NOT_APPROVED);
    p[0] = DB_TEXT("approved");
    CHECK(db_exec(db, &sql_ct_status, p, 2, NULL) == 0 && db_commit(db) == 0);

    /* concurrent raises: exactly the limit's worth succeed */
    run_children(0, N_TRIES, counts);
    get_row(db, &open, &exposure, &limit);
    fprintf(stderr, "raises: %d done, %d over limit, %d other\n", counts['o'],
            counts['l'], counts['x'] + counts['h'] + counts['s']);
    CHECK(counts['o'] + counts['l'] == N_PROCS * N_TRIES);
    CHECK(counts['o'] == (int)(LIMIT / AMOUNT));
    CHECK(exposure <= limit);
    CHECK(exposure == counts['o'] * AMOUNT);
    CHECK(open == exposure);

    /* a hold refuses even a raise within the limit */
    get_row(db, &open, &exposure, &limit);
    {
        int64_t before = exposure;
        struct credit_refusal why;

        CHECK(one(db, 1, NULL) == LEDGER_OK); /* room for one */
        p[0] = DB_TEXT("manual");
        p[1] = DB_INT(PARTY);
        CHECK(db_exec(db, &sql_ct_hold, p, 2, NULL) == 0 && db_commit(db) == 0);
        CHECK(one(db, 0, &why) == LEDGER_HELD);
        CHECK(strcmp(why.hold, "manual") == 0);
        p[0] = DB_TEXT("none");
        CHECK(db_exec(db, &sql_ct_hold, p, 2, NULL) == 0 && db_commit(db) == 0);
        CHECK(one(db, 0, NULL) == LEDGER_OK);
        CHECK(one(db, 0, &why) == LEDGER_OVER_LIMIT);
        CHECK(why.shortfall == AMOUNT && why.limit == LIMIT);
        get_row(db, &open, &exposure, &limit);
        CHECK(exposure == before);
    }

    /* concurrent lowers: back to zero, never below */
    run_children(1, N_TRIES, counts);
    get_row(db, &open, &exposure, &limit);
    fprintf(stderr, "lowers: %d done, %d short, %d other\n", counts['o'],
            counts['s'], counts['x'] + counts['h'] + counts['l']);
    CHECK(counts['o'] == (int)(LIMIT / AMOUNT));
    CHECK(counts['s'] == N_PROCS * N_TRIES - (int)(LIMIT / AMOUNT));
    CHECK(open == 0 && exposure == 0);

    db_close(db);
    return live_end();
}
