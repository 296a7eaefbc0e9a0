/*
 * test_stock_live.c - the stock ledger under concurrency, against a real
 * engine (stock.h; SECURITY.md "a guarded UPDATE ... WHERE on_hand >= ?
 * with a row-count check sold exactly 50").
 *
 *   QUDAO_TEST_DSN=<DSN name or connection string> ./test_stock_live
 *
 * Without QUDAO_TEST_DSN it exits 77 (automake's "skipped").  It needs an
 * empty database (an empty SQLite file or a throwaway PostgreSQL
 * database) and the source tree (QUDAO_SHARE_DIR, else srcdir): it runs
 * the schema's migrations and writes one unit, two warehouses and a few
 * products.
 *
 *   - N_PROCS processes (fork, each its own connection) issue one unit at
 *     a time, each issue its own unit of work (db_uow), against a stock of
 *     STOCK: exactly STOCK succeed, the rest are STOCK_SHORT, the balance
 *     ends at 0 and stock_check() finds nothing wrong;
 *   - reserve and release: reserved never above on hand nor below zero,
 *     an issue cannot take reserved stock;
 *   - stock_lock() refuses a closed warehouse and a date in a closed
 *     period (and every move behind it), and takes a later date;
 *   - the same line, bucket and kind twice: STOCK_DUPLICATE;
 *   - the first move of a product in a warehouse, by N_PROCS processes at
 *     once: each creates the balance row or loses the race to create it
 *     (a unique violation marked for retry, db_mark_retry) and succeeds
 *     when its unit of work runs again.
 *
 * Exit status: 0 all passed, 1 some check failed, 77 skipped.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db/db.h"
#include "live.h"
#include "modules/stock.h"

#define N_PROCS 8
#define N_TRIES 25 /* issues per process: 200 in all */
#define STOCK   50
#define WH      11 /* the warehouse of the race */
#define WH2     12 /* the one that closes */
#define PROD    21 /* the product of the race; PROD + 1 .. for the rest */
#define ROUNDS  5  /* first-move races, one new product each */
#define TODAY   "2026-03-02"

DB_STATEMENT(sql_st_unit, 0,
             "INSERT INTO org_unit (id, kind, code, name, status, created_at,"
             " updated_at, version) VALUES (1, 'hq', 'HQ', 'HQ', 'active', ?,"
             " ?, 1)");
DB_STATEMENT(sql_st_wh, 0,
             "INSERT INTO warehouse (id, code, name, kind, unit_id, status,"
             " move_seq, created_at, updated_at, version)"
             " VALUES (?, ?, ?, 'central', 1, 'active', 0, ?, ?, 1)");
DB_STATEMENT(sql_st_product, 0,
             "INSERT INTO product (id, code, name, unit, status, list_price,"
             " created_at, updated_at, version)"
             " VALUES (?, ?, ?, 'box', 'active', 100, ?, ?, 1)");
DB_STATEMENT(sql_st_wh_status, 0,
             "UPDATE warehouse SET status = ?, closed_through = ?"
             " WHERE id = ?");
DB_STATEMENT(sql_st_moves, 0,
             "SELECT COUNT(*) FROM stock_move"
             " WHERE warehouse_id = ? AND product_id = ?");

static const char *dsn;

/* One call of the ledger as a unit of work (OP_POST: stock_post of a
 * receipt, without stock_lock: see test_first_move_race). */
enum op { OP_RECEIVE, OP_ISSUE, OP_RESERVE, OP_RELEASE, OP_POST };

struct move_arg {
    enum op op;
    int64_t wh, product, qty, doc;
    const char *on;
    int rc;
    struct stock_state why;
};

static int
move_uow(struct db *db, void *arg)
{
    struct move_arg *m = arg;
    struct stock_ref ref = {"test", m->doc, 1, m->on, 0, 0, 0};
    int (*const fn[])(struct db *, int64_t, int64_t, int64_t,
                      const struct stock_ref *, struct stock_state *) = {
        stock_receive, stock_issue, stock_reserve, stock_release};

    struct stock_move mv = {m->wh, m->product, "on_hand", "receipt", m->qty};

    memset(&m->why, 0, sizeof(m->why));
    m->rc = m->op == OP_POST
                ? stock_post(db, &mv, &ref, &m->why)
                : fn[m->op](db, m->wh, m->product, m->qty, &ref, &m->why);
    return m->rc < 0 ? -1 : m->rc;
}

/* One move in its own unit of work: the stock result (>= 0) or -1. */
static int
one(struct db *db, enum op op, int64_t wh, int64_t product, int64_t qty,
    int64_t doc, struct stock_state *why)
{
    struct move_arg m = {op, wh, product, qty, doc, TODAY, 0, {0}};
    int rc = db_uow(db, move_uow, &m);

    if (why != NULL)
        *why = m.why;
    return rc < 0 ? -1 : m.rc;
}

/* The balance row of a product (zeros when none), outside any unit. */
static struct stock_state
state(struct db *db, int64_t wh, int64_t product)
{
    struct stock_state st;

    CHECK(stock_state_get(db, wh, product, &st) == 0);
    db_rollback(db);
    return st;
}

/*
 * A child: its own connection; waits for the start byte on `go`, then
 * `tries` moves (op) of `product`, documents first_doc ...;
 * writes one byte per try to `out`: 'o' done, 's' short (with the row
 * as it was: nothing available), 'x' anything else.
 */
static void
child(int go, int out, enum op op, int64_t product, int64_t first_doc,
      int tries)
{
    struct db *db;
    char err[256], c;
    int64_t warm;

    if (db_open(dsn, NULL, &db, err, sizeof(err)) != 0) {
        fprintf(stderr, "child: %s\n", err);
        _exit(2);
    }
    /* a bank of move ids first, so that the moves start together */
    if (db_next_id(db, "stock_move", &warm) != 0)
        _exit(2);
    db_rollback(db);
    if (read(go, &c, 1) != 1)
        _exit(3);
    for (int i = 0; i < tries; i++) {
        struct stock_state why;
        int rc = one(db, op, WH, product, op == OP_ISSUE ? 1 : 5, first_doc + i,
                     &why);

        c = rc == STOCK_OK                                        ? 'o'
            : rc == STOCK_SHORT && why.on_hand - why.reserved < 1 ? 's'
                                                                  : 'x';
        if (write(out, &c, 1) != 1)
            _exit(3);
    }
    db_close(db);
    _exit(0);
}

/* N_PROCS children at once (released together); their answers counted. */
static void
run_children(enum op op, int64_t product, int tries, int counts[256])
{
    int go[2], out[2];
    pid_t pids[N_PROCS];
    unsigned char c;

    memset(counts, 0, 256 * sizeof(int));
    if (pipe(go) != 0 || pipe(out) != 0) {
        perror("pipe");
        exit(1);
    }
    fflush(NULL);
    for (int i = 0; i < N_PROCS; i++) {
        pids[i] = fork();
        if (pids[i] == 0) {
            close(go[1]);
            close(out[0]);
            child(go[0], out[1], op, product,
                  product * 10000000 + op * 1000000 + 100000 * (i + 1), tries);
        }
    }
    close(go[0]);
    close(out[1]);
    usleep(200000); /* let them connect */
    for (int i = 0; i < N_PROCS; i++)
        if (write(go[1], "g", 1) != 1)
            perror("write");
    close(go[1]);
    while (read(out[0], &c, 1) == 1)
        counts[c]++;
    close(out[0]);
    for (int i = 0; i < N_PROCS; i++) {
        int st = 0;

        waitpid(pids[i], &st, 0);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
}

/* A row of sql (id, code, name, created, updated) named prefix + id. */
static void
insert_named(struct db *db, const struct db_sql *sql, const char *prefix,
             int64_t id)
{
    struct db_param p[5];
    char code[24];

    snprintf(code, sizeof(code), "%s%" PRId64, prefix, id);
    p[0] = DB_INT(id);
    p[1] = DB_TEXT(code);
    p[2] = DB_TEXT(code);
    p[3] = DB_TS(1767600000);
    p[4] = DB_TS(1767600000);
    CHECK(db_exec(db, sql, p, 5, NULL) == 0);
}

static void
setup(struct db *db)
{
    struct db_param p[2] = {DB_TS(1767600000), DB_TS(1767600000)};

    CHECK(db_exec(db, &sql_st_unit, p, 2, NULL) == 0);
    for (int64_t w = WH; w <= WH2; w++)
        insert_named(db, &sql_st_wh, "W", w);
    for (int64_t i = PROD; i <= PROD + 5 + ROUNDS; i++)
        insert_named(db, &sql_st_product, "P", i);
    CHECK(db_commit(db) == 0);
}

/* The last STOCK units, raced for by N_PROCS * N_TRIES issues. */
static void
test_last_units(struct db *db)
{
    int counts[256];
    struct stock_state st;

    CHECK(one(db, OP_RECEIVE, WH, PROD, STOCK, 1, NULL) == STOCK_OK);
    run_children(OP_ISSUE, PROD, N_TRIES, counts);
    fprintf(stderr, "issues: %d done, %d short, %d other\n", counts['o'],
            counts['s'], counts['x']);
    CHECK(counts['o'] == STOCK);
    CHECK(counts['s'] == N_PROCS * N_TRIES - STOCK);
    CHECK(counts['x'] == 0);
    st = state(db, WH, PROD);
    CHECK(st.exists && st.on_hand == 0 && st.reserved == 0);
    CHECK(stock_check(db, stderr) == 0);
    db_rollback(db);
}

/* Reserved stays within on hand and above zero; issues leave it alone. */
static void
test_reservations(struct db *db)
{
    const int64_t p = PROD + 1;
    struct stock_state st, why;

    CHECK(one(db, OP_RECEIVE, WH, p, 10, 10, NULL) == STOCK_OK);
    CHECK(one(db, OP_RESERVE, WH, p, 7, 11, NULL) == STOCK_OK);
    CHECK(one(db, OP_RESERVE, WH, p, 4, 12, &why) == STOCK_SHORT);
    CHECK(why.on_hand == 10 && why.reserved == 7);
    /* 10 on hand, 7 promised: 3 may go, not 4 */
    CHECK(one(db, OP_ISSUE, WH, p, 4, 13, NULL) == STOCK_SHORT);
    CHECK(one(db, OP_ISSUE, WH, p, 3, 14, NULL) == STOCK_OK);
    CHECK(one(db, OP_RELEASE, WH, p, 8, 15, NULL) == STOCK_SHORT);
    CHECK(one(db, OP_RELEASE, WH, p, 7, 16, NULL) == STOCK_OK);
    CHECK(one(db, OP_ISSUE, WH, p, 7, 17, NULL) == STOCK_OK);
    st = state(db, WH, p);
    CHECK(st.on_hand == 0 && st.reserved == 0);
    /* bad arguments move nothing */
    CHECK(one(db, OP_RECEIVE, WH, p, 0, 18, NULL) == STOCK_INVALID);
    CHECK(one(db, OP_ISSUE, WH, p, -1, 19, NULL) == STOCK_INVALID);
    CHECK(one(db, OP_RECEIVE, WH, p, STOCK_QTY_MAX + 1, 20, NULL) ==
          STOCK_INVALID);
    CHECK(one(db, OP_RECEIVE, 999, p, 1, 21, NULL) == STOCK_NO_WAREHOUSE);
    CHECK(stock_check(db, stderr) == 0);
    db_rollback(db);
}

/* A closed warehouse, then a closed period. */
static void
test_locks(struct db *db)
{
    const int64_t p = PROD + 2;
    struct db_param q[3];
    struct db_rows r;
    struct arena *a = arena_new(1024);

    q[0] = DB_TEXT("closed");
    q[1] = DB_NULLP;
    q[2] = DB_INT(WH2);
    CHECK(db_exec(db, &sql_st_wh_status, q, 3, NULL) == 0 &&
          db_commit(db) == 0);
    CHECK(stock_lock(db, WH2, TODAY) == STOCK_CLOSED);
    db_rollback(db);
    CHECK(stock_lock(db, 999, TODAY) == STOCK_NO_WAREHOUSE);
    CHECK(stock_lock(db, WH2, "2026-3-2") == STOCK_INVALID);
    db_rollback(db);
    q[0] = DB_TEXT("active");
    q[1] = DB_TEXT("2026-02-28");
    CHECK(db_exec(db, &sql_st_wh_status, q, 3, NULL) == 0 &&
          db_commit(db) == 0);
    CHECK(stock_lock(db, WH2, "2026-02-28") == STOCK_PERIOD_CLOSED);
    CHECK(stock_lock(db, WH2, "2026-01-15") == STOCK_PERIOD_CLOSED);
    db_rollback(db);
    CHECK(stock_lock(db, WH2, TODAY) == STOCK_OK);
    db_rollback(db);
    /* a back-dated receipt is refused whole: no move, no balance */
    {
        struct move_arg m = {OP_RECEIVE, WH2, p, 5, 30, "2026-02-01", 0, {0}};

        CHECK(db_uow(db, move_uow, &m) == STOCK_PERIOD_CLOSED);
        m.on = TODAY;
        m.rc = -1;
        CHECK(db_uow(db, move_uow, &m) == STOCK_OK);
    }
    q[0] = DB_INT(WH2);
    q[1] = DB_INT(p);
    CHECK(db_query(db, a, &sql_st_moves, q, 2, 0, 0, &r) == 0 &&
          db_cell_int(&r, 0, 0) == 1);
    db_rollback(db);
    arena_free(a);
}

/* The same line twice. */
static void
test_duplicate(struct db *db)
{
    const int64_t p = PROD + 3;
    struct stock_state st;

    CHECK(one(db, OP_RECEIVE, WH, p, 4, 40, NULL) == STOCK_OK);
    CHECK(one(db, OP_RECEIVE, WH, p, 4, 40, NULL) == STOCK_DUPLICATE);
    CHECK(one(db, OP_ISSUE, WH, p, 1, 40, NULL) == STOCK_OK); /* kind */
    CHECK(one(db, OP_ISSUE, WH, p, 1, 40, NULL) == STOCK_DUPLICATE);
    st = state(db, WH, p);
    CHECK(st.on_hand == 3);
}

/* Child A of the pair: posts the first move of `product` and, before
 * committing, tells the parent and waits, so that B meets the new balance
 * row uncommitted. */
struct first_arg {
    int64_t product;
    int tell;
};

static int
first_uow(struct db *db, void *arg)
{
    struct first_arg *f = arg;
    struct stock_move m = {WH, f->product, "on_hand", "receipt", 5};
    struct stock_ref ref = {"test", 900001, 1, TODAY, 0, 0, 0};
    int rc = stock_post(db, &m, &ref, NULL);

    if (rc == STOCK_OK && f->tell >= 0) {
        if (write(f->tell, "p", 1) != 1)
            return -1;
        close(f->tell);
        f->tell = -1;
        usleep(300000);
    }
    return rc;
}

/* A child that posts and exits 0 when that went well. */
static pid_t
fork_poster(int first, int64_t product, int tell)
{
    pid_t pid;

    fflush(NULL);
    pid = fork();
    if (pid == 0) {
        struct first_arg f = {product, tell};
        struct db *db;
        char err[256];
        int rc;

        if (db_open(dsn, NULL, &db, err, sizeof(err)) != 0)
            _exit(2);
        rc = first ? db_uow(db, first_uow, &f)
                   : one(db, OP_POST, WH, product, 5, 900002, NULL);
        db_close(db);
        _exit(rc == STOCK_OK ? 0 : 1);
    }
    return pid;
}

/*
 * The first units of new products, received by every process at once
 * (stock_receive): all succeed.  The warehouse lock serialises the
 * postings of one warehouse, so the race for the balance row itself is
 * met without it: A posts the first move of a product (creating its row)
 * and holds its transaction open; B posts then, finds no row it can see,
 * inserts one, waits for A and meets the unique key (PostgreSQL; on
 * SQLite B waits for A's lock instead): its unit of work runs again and
 * adds to A's row.
 */
static void
test_first_move_race(struct db *db)
{
    const int64_t pair = PROD + 5 + ROUNDS;
    struct stock_state st;
    int sig[2], sa = 0, sb = 0;
    pid_t a, b;
    char c;

    for (int k = 0; k < ROUNDS; k++) {
        const int64_t p = PROD + 5 + k;
        int counts[256];

        run_children(OP_RECEIVE, p, 1, counts);
        CHECK(counts['o'] == N_PROCS);
        st = state(db, WH, p);
        CHECK(st.exists && st.on_hand == 5 * N_PROCS);
    }
    if (pipe(sig) != 0) {
        perror("pipe");
        exit(1);
    }
    a = fork_poster(1, pair, sig[1]);
    close(sig[1]);
    CHECK(read(sig[0], &c, 1) == 1 && c == 'p');
    close(sig[0]);
    b = fork_poster(0, pair, -1);
    waitpid(a, &sa, 0);
    waitpid(b, &sb, 0);
    CHECK(WIFEXITED(sa) && WEXITSTATUS(sa) == 0);
    CHECK(WIFEXITED(sb) && WEXITSTATUS(sb) == 0);
    st = state(db, WH, pair);
    CHECK(st.exists && st.on_hand == 10);
    CHECK(stock_check(db, stderr) == 0);
    db_rollback(db);
}

int
main(void)
{
    struct db *db;
    int rc;

    dsn = getenv("QUDAO_TEST_DSN"); /* the children connect too */
    rc = live_open(&db);
    if (rc != 0)
        return rc;
    setup(db);
    test_last_units(db);
    test_reservations(db);
    test_locks(db);
    test_duplicate(db);
    test_first_move_race(db);
    db_close(db);
    return live_end();
}
