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
 *     when its unit of work runs again;
 *   - a document's lines posted at once (stock_post_lines) write the very
 *     rows -- moves in the same order, balances -- that stock_post wrote
 *     line by line, and refuse what it refused, naming the same line with
 *     the same row: a product on two lines, a short line among many, a
 *     frozen row (and the count that froze it), lines that need new
 *     balance rows, a transfer shipped and received in part, a return
 *     written off; the same document twice, bad arguments; N_PROCS
 *     processes issuing the last units with two-line documents, and the
 *     race for a new balance row.
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
#define WH3     13 /* documents: the source */
#define WH4     14 /* documents: the destination of a transfer */
#define WH5     15 /* documents of more lines than one UPDATE takes */
#define PROD    21 /* the product of the race; PROD + 1 .. for the rest */
#define ROUNDS  5  /* first-move races, one new product each */
#define TODAY   "2026-03-02"
#define DPROD   41 /* documents' products: DPROD .. DPROD + N_DPROD - 1 */
#define N_DPROD 12
#define NOW     1772400000 /* posted_at of the documents' moves */
#define N_LONG  70 /* lines of the long documents: three UPDATEs' worth */

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
DB_STATEMENT(sql_st_doc, 0,
             "INSERT INTO stock_doc (id, doc_no, kind, status, warehouse_id,"
             " doc_on, created_at, version)"
             " VALUES (?, ?, 'transfer', 'draft', ?, ?, ?, 1)");
DB_STATEMENT(sql_st_doc_line, 0,
             "INSERT INTO stock_doc_line (doc_id, line_no, product_id, qty,"
             " qty_done, book_qty, cond)"
             " VALUES (?, ?, ?, ?, ?, ?, ?)");
/* What a posting wrote: the document's moves in id order, and the
 * balances of the documents' products. */
DB_STATEMENT(sql_st_doc_moves, 0,
             "SELECT warehouse_id, product_id, bucket, kind, qty, doc_type,"
             " doc_id, line_no, move_on, posted_at, user_id"
             " FROM stock_move WHERE doc_type = ? AND doc_id = ?"
             " ORDER BY id");
DB_STATEMENT(sql_st_doc_balances, 0,
             "SELECT warehouse_id, product_id, on_hand, reserved, in_transit,"
             " frozen_by, last_move_on, updated_at"
             " FROM stock_balance WHERE product_id BETWEEN ? AND ?"
             " ORDER BY warehouse_id, product_id");
DB_STATEMENT(sql_st_freeze, 0,
             "UPDATE stock_balance SET frozen_by = ?"
             " WHERE warehouse_id = ? AND product_id = ?");

static const char *dsn;

/* One call of the ledger as a unit of work (OP_POST: stock_post of a
 * receipt, without stock_lock: see test_first_move_race; OP_LINES_IN the
 * same with stock_post_lines, of document `doc` with one line of qty;
 * OP_LINES_OUT: stock_lock, then stock_post_lines of an issue, document
 * `doc` with two lines of qty of the same product). */
enum op {
    OP_RECEIVE,
    OP_ISSUE,
    OP_RESERVE,
    OP_RELEASE,
    OP_POST,
    OP_LINES_IN,
    OP_LINES_OUT
};

struct move_arg {
    enum op op;
    int64_t wh, product, qty, doc;
    const char *on;
    int rc;
    struct stock_state why;
};

/* OP_LINES_IN and OP_LINES_OUT. */
static int
lines_uow(struct db *db, struct move_arg *m)
{
    int in = m->op == OP_LINES_IN;
    struct stock_line_move mv = {
        m->wh, "on_hand", in ? "receipt" : "issue", in ? 1 : -1, 0, 0, 0};
    struct stock_line_qty q[2] = {{1, m->product, m->qty, 0, 0, 0},
                                  {2, m->product, m->qty, 0, 0, 0}};
    struct stock_ref ref = {STOCK_DOC_TYPE, m->doc, 0, m->on, 0, 0, 0};
    struct stock_refusal out;
    int rc = in ? STOCK_OK : stock_lock(db, m->wh, m->on);

    memset(&out, 0, sizeof(out));
    if (rc == STOCK_OK)
        rc = stock_post_lines(db, &mv, 1, q, in ? 1 : 2, &ref, &out);
    m->why = out.why;
    return rc;
}

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
    m->rc = m->op == OP_LINES_IN || m->op == OP_LINES_OUT ? lines_uow(db, m)
            : m->op == OP_POST
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
 * `tries` moves (op) of `product` in wh, documents first_doc ...;
 * writes one byte per try to `out`: 'o' done, 's' short (with the row
 * as it was: nothing available), 'x' anything else.
 */
static void
child(int go, int out, enum op op, int64_t wh, int64_t product,
      int64_t first_doc, int tries)
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
        int rc = one(db, op, wh, product,
                     op == OP_ISSUE || op == OP_LINES_OUT ? 1 : 5,
                     first_doc + i, &why);

        c = rc == STOCK_OK                                        ? 'o'
            : rc == STOCK_SHORT && why.on_hand - why.reserved < 1 ? 's'
                                                                  : 'x';
        if (write(out, &c, 1) != 1)
            _exit(3);
    }
    db_close(db);
    _exit(0);
}

/* The first document of child i of run_children. */
static int64_t
child_doc(enum op op, int64_t product, int i)
{
    return product * 10000000 + op * 1000000 + 100000 * (i + 1);
}

/* N_PROCS children at once (released together); their answers counted. */
static void
run_children(enum op op, int64_t wh, int64_t product, int tries,
             int counts[256])
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
            child(go[0], out[1], op, wh, product, child_doc(op, product, i),
                  tries);
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
    for (int64_t w = WH; w <= WH5; w++)
        insert_named(db, &sql_st_wh, "W", w);
    for (int64_t i = PROD; i <= PROD + 5 + ROUNDS; i++)
        insert_named(db, &sql_st_product, "P", i);
    for (int64_t i = DPROD; i < DPROD + N_DPROD; i++)
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
    run_children(OP_ISSUE, WH, PROD, N_TRIES, counts);
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

/* ==================================================================== */
/* A document's lines at once (stock_post_lines)                        */
/* ==================================================================== */

/* A document line: line_no, product, qty, qty_done, book_qty (-1: NULL),
 * damaged. */
struct tline {
    int line_no;
    int64_t product, qty, done, book;
    int damaged;
};

/* Document `id` with its lines (any order) into stock_doc and
 * stock_doc_line, committed. */
static void
doc_make(struct db *db, int64_t id, int64_t wh, const struct tline *l, int n)
{
    struct db_param p[7];
    char no[24];

    snprintf(no, sizeof(no), "T-%" PRId64, id);
    p[0] = DB_INT(id);
    p[1] = DB_TEXT(no);
    p[2] = DB_INT(wh);
    p[3] = DB_TEXT(TODAY);
    p[4] = DB_TS(NOW);
    CHECK(db_exec(db, &sql_st_doc, p, 5, NULL) == 0);
    for (int i = 0; i < n; i++) {
        p[0] = DB_INT(id);
        p[1] = DB_INT(l[i].line_no);
        p[2] = DB_INT(l[i].product);
        p[3] = DB_INT(l[i].qty);
        p[4] = l[i].done >= 0 ? DB_INT(l[i].done) : DB_NULLP;
        p[5] = l[i].book >= 0 ? DB_INT(l[i].book) : DB_NULLP;
        p[6] = DB_TEXT(l[i].damaged ? "damaged" : "sellable");
        CHECK(db_exec(db, &sql_st_doc_line, p, 7, NULL) == 0);
    }
    CHECK(db_commit(db) == 0);
}

/* The lines as stock_post_lines takes them, in q (the tests write them
 * in increasing product id, their numbers in any order). */
static void
doc_qty(const struct tline *l, int n, struct stock_line_qty *q)
{
    for (int i = 0; i < n; i++) {
        q[i].line_no = l[i].line_no;
        q[i].product_id = l[i].product;
        q[i].qty = l[i].qty;
        q[i].qty_done = l[i].done >= 0 ? l[i].done : 0;
        q[i].book_qty = l[i].book >= 0 ? l[i].book : 0;
        q[i].damaged = l[i].damaged;
    }
}

/* The warehouses of the moves, locked in increasing id. */
static int
lock_all(struct db *db, const struct stock_line_move *mv, int n_mv)
{
    int64_t ids[2] = {mv[0].warehouse_id,
                      n_mv > 1 ? mv[1].warehouse_id : mv[0].warehouse_id};
    int rc = stock_lock(db, ids[0] < ids[1] ? ids[0] : ids[1], TODAY);

    if (rc == STOCK_OK && ids[0] != ids[1])
        rc = stock_lock(db, ids[0] < ids[1] ? ids[1] : ids[0], TODAY);
    return rc;
}

/* The posting as the documents did it before stock_post_lines: each line
 * in (product, line) order, each of its moves with stock_post. */
static int
post_line_by_line(struct db *db, const struct stock_line_move *mv, int n_mv,
                  const struct stock_line_qty *q, int n,
                  const struct stock_ref *ref, struct stock_refusal *out)
{
    memset(out, 0, sizeof(*out));
    for (int i = 0; i < n; i++)
        for (int t = 0; t < n_mv; t++) {
            struct stock_move m = {mv[t].warehouse_id, q[i].product_id,
                                   mv[t].bucket, mv[t].kind, 0};
            struct stock_ref r = *ref;
            int rc;

            if (mv[t].damaged_only && !q[i].damaged)
                continue;
            m.qty = mv[t].of_qty * q[i].qty + mv[t].of_done * q[i].qty_done +
                    mv[t].of_book * q[i].book_qty;
            if (m.qty == 0)
                continue;
            r.line_no = q[i].line_no;
            rc = stock_post(db, &m, &r, &out->why);
            if (rc != STOCK_OK) {
                out->line_no = q[i].line_no;
                out->warehouse_id = mv[t].warehouse_id;
                return rc;
            }
        }
    return STOCK_OK;
}

/* The rows of sql (parameters p) as one text, in a. */
static const char *
rows_text(struct db *db, struct arena *a, const struct db_sql *sql,
          const struct db_param *p, size_t np)
{
    struct db_rows r;
    const char *s = "";

    CHECK(db_query(db, a, sql, p, np, 0, 0, &r) == 0);
    for (size_t i = 0; i < r.n_rows; i++)
        for (size_t j = 0; j < r.n_cols; j++) {
            const char *c = db_cell(&r, i, j);

            s = arena_printf(a, "%s%s%s", s, c != NULL ? c : "NULL",
                             j + 1 < r.n_cols ? "|" : "\n");
        }
    return s;
}

/* What a posting of document id left: its moves and the balances. */
static const char *
doc_written(struct db *db, struct arena *a, int64_t id)
{
    struct db_param m[2] = {DB_TEXT(STOCK_DOC_TYPE), DB_INT(id)};
    struct db_param b[2] = {DB_INT(DPROD), DB_INT(DPROD + N_DPROD - 1)};
    const char *moves = rows_text(db, a, &sql_st_doc_moves, m, 2);

    return arena_printf(a, "%s--\n%s", moves,
                        rows_text(db, a, &sql_st_doc_balances, b, 2));
}

/*
 * Post document id (lines l) with the moves mv both ways, each in a
 * transaction of its own: line by line (then rolled back), and at once
 * (committed when it succeeds and `keep`, else rolled back).  Both must
 * give the same result, name the same line, warehouse and row, and write
 * the same rows.  The result of the posting at once.
 */
static int
post_both(struct db *db, int64_t id, const struct stock_line_move *mv, int n_mv,
          const struct tline *l, int n, int64_t count_id, int keep,
          struct stock_refusal *got)
{
    struct stock_line_qty q[N_LONG];
    struct stock_ref ref = {STOCK_DOC_TYPE, id, 0, TODAY, 0, count_id, NOW};
    struct stock_refusal old, set;
    struct arena *a = arena_new(4096);
    const char *before, *w_old = "", *w_set = "";
    int rc_old, rc_set;

    doc_qty(l, n, q);
    before = doc_written(db, a, id);
    db_rollback(db);
    CHECK(lock_all(db, mv, n_mv) == STOCK_OK);
    rc_old = post_line_by_line(db, mv, n_mv, q, n, &ref, &old);
    if (rc_old == STOCK_OK)
        w_old = doc_written(db, a, id);
    db_rollback(db);
    CHECK(lock_all(db, mv, n_mv) == STOCK_OK);
    rc_set = stock_post_lines(db, mv, n_mv, q, n, &ref, &set);
    if (rc_set == STOCK_OK)
        w_set = doc_written(db, a, id);
    if (rc_set == STOCK_OK && keep)
        CHECK(db_commit(db) == 0);
    else
        db_rollback(db);
    CHECK(rc_old == rc_set);
    CHECK(strcmp(w_old, w_set) == 0);
    if (strcmp(w_old, w_set) != 0)
        fprintf(stderr, "line by line:\n%sat once:\n%s", w_old, w_set);
    if (rc_old != STOCK_OK) {
        CHECK(old.line_no == set.line_no);
        CHECK(old.warehouse_id == set.warehouse_id);
        CHECK(memcmp(&old.why, &set.why, sizeof(old.why)) == 0);
        if (memcmp(&old.why, &set.why, sizeof(old.why)) != 0)
            fprintf(
                stderr,
                "line %d: on hand %" PRId64 "/%" PRId64 ", reserved %" PRId64
                "/%" PRId64 ", in transit %" PRId64 "/%" PRId64 "\n",
                old.line_no, old.why.on_hand, set.why.on_hand, old.why.reserved,
                set.why.reserved, old.why.in_transit, set.why.in_transit);
        /* refused whole: nothing written */
        CHECK(strcmp(doc_written(db, a, id), before) == 0);
        db_rollback(db);
    }
    if (got != NULL)
        *got = set;
    arena_free(a);
    return rc_set;
}

/* One move of every line: on hand of wh, kind, qty times of_qty. */
static struct stock_line_move
on_hand(int64_t wh, const char *kind, int of_qty)
{
    struct stock_line_move m = {wh, "on_hand", kind, of_qty, 0, 0, 0};

    return m;
}

#define P(i) (DPROD + (i))
/* Line no of qty of product P(i), the other columns NULL. */
/* clang-format off */
#define TL(no, i, qty) {no, P(i), qty, -1, -1, 0}
/* clang-format on */

/* Receipts that need new balance rows, issues with a product on two
 * lines, a short line among many, a frozen row. */
static void
test_lines_on_hand(struct db *db)
{
    /* new balance rows; the same product on two lines */
    static const struct tline rec[] = {TL(2, 0, 25), TL(4, 0, 15),
                                       TL(3, 1, 30), TL(5, 2, 20),
                                       TL(1, 3, 40), TL(6, 4, 10)};
    static const struct tline iss[] = {TL(1, 0, 12), TL(3, 0, 8), TL(2, 1, 5)};
    /* P(0) has 20 left: 15 then 15 more is short on the second line;
     * P(2) (20) is short on its own; the first in product order wins */
    static const struct tline short1[] = {TL(3, 0, 15), TL(5, 0, 15),
                                          TL(4, 1, 1),  TL(2, 2, 21),
                                          TL(1, 3, 1),  TL(6, 4, 1)};
    static const struct tline short2[] = {TL(2, 2, 21), TL(1, 3, 1),
                                          TL(3, 4, 11)};
    static const struct tline frozen[] = {TL(1, 0, 1), TL(2, 1, 1),
                                          TL(3, 3, 1)};
    /* the count that froze P(1): counted 20 of a book of 25 */
    static const struct tline count[] = {{1, P(1), 0, 20, 25, 0}};
    struct stock_line_move rm = on_hand(WH3, "receipt", 1);
    struct stock_line_move im = on_hand(WH3, "issue", -1);
    struct stock_line_move cm = {WH3, "on_hand", "count", 0, 1, -1, 0};
    struct stock_refusal out;
    struct db_param f[3];
    struct stock_state st;

    doc_make(db, 5001, WH3, rec, 6);
    CHECK(post_both(db, 5001, &rm, 1, rec, 6, 0, 1, NULL) == STOCK_OK);
    st = state(db, WH3, P(0));
    CHECK(st.exists && st.on_hand == 40);
    doc_make(db, 5002, WH3, iss, 3);
    CHECK(post_both(db, 5002, &im, 1, iss, 3, 0, 1, NULL) == STOCK_OK);
    st = state(db, WH3, P(0));
    CHECK(st.on_hand == 20);
    doc_make(db, 5003, WH3, short1, 6);
    CHECK(post_both(db, 5003, &im, 1, short1, 6, 0, 1, &out) == STOCK_SHORT);
    CHECK(out.line_no == 5 && out.index == 1 && out.warehouse_id == WH3);
    CHECK(out.why.on_hand == 5 && out.why.reserved == 0);
    doc_make(db, 5004, WH3, short2, 3);
    CHECK(post_both(db, 5004, &im, 1, short2, 3, 0, 1, &out) == STOCK_SHORT);
    CHECK(out.line_no == 2 && out.index == 0 && out.why.on_hand == 20);
    st = state(db, WH3, P(2));
    CHECK(st.on_hand == 20);

    /* P(1) frozen by count 9001: other documents may not move it */
    f[0] = DB_INT(9001);
    f[1] = DB_INT(WH3);
    f[2] = DB_INT(P(1));
    CHECK(db_exec(db, &sql_st_freeze, f, 3, NULL) == 0 && db_commit(db) == 0);
    doc_make(db, 5005, WH3, frozen, 3);
    CHECK(post_both(db, 5005, &im, 1, frozen, 3, 0, 1, &out) == STOCK_FROZEN);
    CHECK(out.line_no == 2 && out.why.frozen_by == 9001);
    /* ... but the count may: its variance, counted - book */
    doc_make(db, 9001, WH3, count, 1);
    CHECK(post_both(db, 9001, &cm, 1, count, 1, 9001, 1, NULL) == STOCK_OK);
    st = state(db, WH3, P(1));
    CHECK(st.on_hand == 20 && st.frozen_by == 9001);
    f[0] = DB_NULLP;
    CHECK(db_exec(db, &sql_st_freeze, f, 3, NULL) == 0 && db_commit(db) == 0);
    CHECK(post_both(db, 5005, &im, 1, frozen, 3, 0, 1, NULL) == STOCK_OK);
    CHECK(stock_check(db, stderr) == 0);
    db_rollback(db);
}

/* A transfer shipped (two warehouses, new rows at the destination) and
 * received in part; a return written off; what is refused before any
 * statement, and the same document twice. */
static void
test_lines_transfer(struct db *db)
{
    static const struct tline ship[] = {TL(2, 0, 4), TL(1, 3, 5)};
    /* received: 1 of 4 of line 2, all of line 1 */
    static const struct tline recv[] = {{2, P(0), 4, 1, -1, 0},
                                        {1, P(3), 5, 5, -1, 0}};
    static const struct tline nothing[] = {{1, P(0), 4, 0, -1, 0}};
    static const struct tline ret[] = {
        TL(1, 6, 3), {2, P(6), 2, -1, -1, 1}, {3, P(7), 4, -1, -1, 1}};
    struct stock_line_move sm[2] = {
        {WH3, "on_hand", "transfer_out", -1, 0, 0, 0},
        {WH4, "in_transit", "transfer_out", 1, 0, 0, 0},
    };
    struct stock_line_move vm[2] = {
        {WH4, "in_transit", "transfer_in", -1, 0, 0, 0},
        {WH4, "on_hand", "transfer_in", 0, 1, 0, 0},
    };
    struct stock_line_move tm[2] = {
        {WH3, "on_hand", "return", 1, 0, 0, 0},
        {WH3, "on_hand", "damage", -1, 0, 0, 1},
    };
    struct stock_line_move bad = {WH3, "reserved", "reserve", 1, 0, 0, 0};
    struct stock_line_qty q[3];
    struct stock_ref ref = {STOCK_DOC_TYPE, 5101, 0, TODAY, 0, 0, NOW};
    struct stock_refusal out;
    struct stock_state st;

    doc_make(db, 5101, WH3, ship, 2);
    CHECK(post_both(db, 5101, sm, 2, ship, 2, 0, 1, NULL) == STOCK_OK);
    st = state(db, WH4, P(0));
    CHECK(st.exists && st.in_transit == 4 && st.on_hand == 0);
    /* the receipt at the destination: the lines say what arrived */
    doc_make(db, 5102, WH4, recv, 2);
    CHECK(post_both(db, 5102, vm, 2, recv, 2, 0, 1, NULL) == STOCK_OK);
    st = state(db, WH4, P(0));
    CHECK(st.in_transit == 0 && st.on_hand == 1);
    /* more out of transit than is in it: refused on the in-transit row */
    doc_make(db, 5103, WH4, nothing, 1);
    CHECK(post_both(db, 5103, vm, 2, nothing, 1, 0, 1, &out) == STOCK_SHORT);
    CHECK(out.line_no == 1 && out.warehouse_id == WH4 &&
          out.why.in_transit == 0);
    /* a return: received, and the damaged lines written off */
    doc_make(db, 5104, WH3, ret, 3);
    CHECK(post_both(db, 5104, tm, 2, ret, 3, 0, 1, NULL) == STOCK_OK);
    st = state(db, WH3, P(6));
    CHECK(st.on_hand == 3);
    st = state(db, WH3, P(7));
    CHECK(st.exists && st.on_hand == 0);

    /* the same document again: refused by the ledger's unique key */
    CHECK(stock_lock(db, WH3, TODAY) == STOCK_OK);
    CHECK(stock_post_lines(db, tm, 2, NULL, 0, &ref, &out) == STOCK_OK);
    ref.doc_id = 5104;
    doc_qty(ret, 3, q);
    CHECK(stock_post_lines(db, tm, 2, q, 3, &ref, &out) == STOCK_DUPLICATE);
    db_rollback(db);
    /* bad arguments move nothing: reservations, lines out of order, a
     * quantity too large (the line named), lines that are not the
     * document's */
    ref.doc_id = 5002;
    CHECK(stock_post_lines(db, &bad, 1, q, 1, &ref, &out) == STOCK_INVALID);
    q[0].product_id = P(1);
    q[1].product_id = P(0);
    CHECK(stock_post_lines(db, tm, 1, q, 2, &ref, &out) == STOCK_INVALID);
    q[1].qty = STOCK_QTY_MAX + 1;
    q[0].product_id = P(0);
    q[1].product_id = P(1);
    CHECK(stock_post_lines(db, tm, 1, q, 2, &ref, &out) == STOCK_INVALID);
    CHECK(out.line_no == q[1].line_no && out.index == 1 &&
          out.warehouse_id == WH3);
    CHECK(!db_in_txn(db));
    q[1].qty = 1;
    ref.doc_id = 5999; /* no such document: no lines */
    CHECK(stock_post_lines(db, tm, 1, q, 2, &ref, &out) == STOCK_INVALID);
    db_rollback(db);
    CHECK(stock_check(db, stderr) == 0);
    db_rollback(db);
}

/* Child A of the pair: posts the first move of `product` and, before
 * committing, tells the parent and waits, so that B meets the new balance
 * row uncommitted. */
struct first_arg {
    int64_t wh, product;
    int lines; /* with stock_post_lines (documents 900101, 900102) */
    int tell;
};

static int
first_uow(struct db *db, void *arg)
{
    struct first_arg *f = arg;
    struct stock_move m = {f->wh, f->product, "on_hand", "receipt", 5};
    struct stock_ref ref = {"test", 900001, 1, TODAY, 0, 0, 0};
    struct move_arg l = {OP_LINES_IN, f->wh, f->product, 5,
                         900101,      TODAY, 0,          {0}};
    int rc = f->lines ? lines_uow(db, &l) : stock_post(db, &m, &ref, NULL);

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
fork_poster(int first, int lines, int64_t wh, int64_t product, int tell)
{
    pid_t pid;

    fflush(NULL);
    pid = fork();
    if (pid == 0) {
        struct first_arg f = {wh, product, lines, tell};
        struct db *db;
        char err[256];
        int rc;

        if (db_open(dsn, NULL, &db, err, sizeof(err)) != 0)
            _exit(2);
        rc = first   ? db_uow(db, first_uow, &f)
             : lines ? one(db, OP_LINES_IN, wh, product, 5, 900102, NULL)
                     : one(db, OP_POST, wh, product, 5, 900002, NULL);
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

        run_children(OP_RECEIVE, WH, p, 1, counts);
        CHECK(counts['o'] == N_PROCS);
        st = state(db, WH, p);
        CHECK(st.exists && st.on_hand == 5 * N_PROCS);
    }
    if (pipe(sig) != 0) {
        perror("pipe");
        exit(1);
    }
    a = fork_poster(1, 0, WH, pair, sig[1]);
    close(sig[1]);
    CHECK(read(sig[0], &c, 1) == 1 && c == 'p');
    close(sig[0]);
    b = fork_poster(0, 0, WH, pair, -1);
    waitpid(a, &sa, 0);
    waitpid(b, &sb, 0);
    CHECK(WIFEXITED(sa) && WEXITSTATUS(sa) == 0);
    CHECK(WIFEXITED(sb) && WEXITSTATUS(sb) == 0);
    st = state(db, WH, pair);
    CHECK(st.exists && st.on_hand == 10);
    CHECK(stock_check(db, stderr) == 0);
    db_rollback(db);
}

/*
 * Documents longer than the 32 lines one UPDATE sums at a time, each
 * product on five or six lines scattered over the document (so a product
 * straddles two chunks): received into new rows, then issued with one
 * unit too many on the line of index 32 (the second chunk's first), then
 * on the very last line (the third chunk), then exactly.  Every result,
 * refusal and row as line by line.
 */
static void
test_lines_long(struct db *db)
{
    struct tline rec[N_LONG], iss[N_LONG];
    struct stock_line_move rm = on_hand(WH5, "receipt", 1);
    struct stock_line_move im = on_hand(WH5, "issue", -1);
    struct stock_refusal out;
    struct stock_state st;
    int64_t last_sum = 0;
    int n = 0;

    /* line k + 1 of product P(5k mod 12), in product order */
    for (int p = 0; p < N_DPROD; p++)
        for (int k = 0; k < N_LONG; k++)
            if (k * 5 % N_DPROD == p) {
                struct tline l = {k + 1, P(p), 1 + k % 7, -1, -1, 0};

                rec[n] = iss[n] = l;
                n++;
                last_sum += p == N_DPROD - 1 ? l.qty : 0;
            }
    CHECK(n == N_LONG);
    doc_make(db, 5201, WH5, rec, N_LONG);
    CHECK(post_both(db, 5201, &rm, 1, rec, N_LONG, 0, 1, NULL) == STOCK_OK);
    st = state(db, WH5, P(N_DPROD - 1));
    CHECK(st.exists && st.on_hand == last_sum);
    iss[32].qty++;
    doc_make(db, 5202, WH5, iss, N_LONG);
    CHECK(post_both(db, 5202, &im, 1, iss, N_LONG, 0, 1, &out) == STOCK_SHORT);
    CHECK(out.index >= 32 && iss[out.index].product == iss[32].product);
    iss[32].qty--;
    iss[N_LONG - 1].qty++;
    doc_make(db, 5203, WH5, iss, N_LONG);
    CHECK(post_both(db, 5203, &im, 1, iss, N_LONG, 0, 1, &out) == STOCK_SHORT);
    CHECK(out.index == N_LONG - 1 && out.line_no == iss[N_LONG - 1].line_no &&
          out.why.on_hand == iss[N_LONG - 1].qty - 1);
    iss[N_LONG - 1].qty--;
    doc_make(db, 5204, WH5, iss, N_LONG);
    CHECK(post_both(db, 5204, &im, 1, iss, N_LONG, 0, 1, NULL) == STOCK_OK);
    for (int p = 0; p < N_DPROD; p++) {
        st = state(db, WH5, P(p));
        CHECK(st.exists && st.on_hand == 0);
    }
    CHECK(stock_check(db, stderr) == 0);
    db_rollback(db);
}

/*
 * Documents posted at once under concurrency: N_PROCS processes issue the
 * last 30 units with two-line documents (one unit of the same product on
 * each line), each its own unit of work: exactly 15 posted, the rest
 * refused with nothing available, never below zero.  Then the race for a
 * new balance row between two documents posted at once (as
 * test_first_move_race).
 */
static void
test_lines_race(struct db *db)
{
    static const struct tline two[] = {TL(1, 8, 1), TL(2, 8, 1)};
    static const struct tline five[] = {TL(1, 9, 5)};
    int counts[256], sig[2], sa = 0, sb = 0;
    struct stock_state st;
    pid_t a, b;
    char c;

    CHECK(one(db, OP_RECEIVE, WH3, P(8), 30, 60, NULL) == STOCK_OK);
    for (int i = 0; i < N_PROCS; i++)
        for (int t = 0; t < N_TRIES / 2; t++)
            doc_make(db, child_doc(OP_LINES_OUT, P(8), i) + t, WH3, two, 2);
    run_children(OP_LINES_OUT, WH3, P(8), N_TRIES / 2, counts);
    fprintf(stderr, "two-line documents: %d posted, %d short, %d other\n",
            counts['o'], counts['s'], counts['x']);
    CHECK(counts['o'] == 15);
    CHECK(counts['s'] == N_PROCS * (N_TRIES / 2) - 15);
    CHECK(counts['x'] == 0);
    st = state(db, WH3, P(8));
    CHECK(st.exists && st.on_hand == 0);

    doc_make(db, 900101, WH3, five, 1);
    doc_make(db, 900102, WH3, five, 1);
    if (pipe(sig) != 0) {
        perror("pipe");
        exit(1);
    }
    a = fork_poster(1, 1, WH3, P(9), sig[1]);
    close(sig[1]);
    CHECK(read(sig[0], &c, 1) == 1 && c == 'p');
    close(sig[0]);
    b = fork_poster(0, 1, WH3, P(9), -1);
    waitpid(a, &sa, 0);
    waitpid(b, &sb, 0);
    CHECK(WIFEXITED(sa) && WEXITSTATUS(sa) == 0);
    CHECK(WIFEXITED(sb) && WEXITSTATUS(sb) == 0);
    st = state(db, WH3, P(9));
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
    test_lines_on_hand(db);
    test_lines_transfer(db);
    test_lines_long(db);
    test_lines_race(db);
    db_close(db);
    return live_end();
}
