/*
 * test_promo_live.c - a promotion's budget caps under concurrency,
 * against a real engine (promo.h: promo_claim, a guarded UPDATE of the
 * used counters; PORTABILITY.md item 9).
 *
 *   QUDAO_TEST_DSN=<DSN name or connection string> ./test_promo_live
 *
 * Without QUDAO_TEST_DSN it exits 77 (automake's "skipped").  It needs an
 * empty database (an empty SQLite file or a throwaway PostgreSQL
 * database) and the source tree (QUDAO_SHARE_DIR, else srcdir): it runs
 * the schema's migrations (schema/sql/<dialect>/) and writes three
 * promotions.
 *
 * N_PROCS processes (fork, each with its own connection) each try
 * N_TRIES claims, every claim its own unit of work (db_uow: retried on
 * busy, deadlock or serialization failure):
 *   - AMOUNT fen against cap_amount CAP_AMOUNT: exactly CAP_AMOUNT /
 *     AMOUNT claims succeed, used_amount never passes the cap and equals
 *     the sum of the successful claims;
 *   - GIFT units against cap_gift_qty CAP_GIFT (not a multiple of GIFT):
 *     CAP_GIFT / GIFT succeed, the counter stops below the cap;
 *   - a draft promotion refuses every claim and its counters stay 0.
 *
 * Exit status: 0 all passed, 1 some check failed, 77 skipped.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/arena.h"
#include "db/db.h"
#include "live.h"
#include "modules/promo.h"

#define N_PROCS    8
#define N_TRIES    12
#define AMOUNT     INT64_C(12500)  /* 125.00 */
#define CAP_AMOUNT INT64_C(500000) /* 5,000.00: room for 40 of 96 tries */
#define GIFT       INT64_C(3)
#define CAP_GIFT   INT64_C(100) /* room for 33 of 96 tries */
#define P_AMOUNT   1
#define P_GIFT     2
#define P_DRAFT    3

/* id, code, status, cap_amount, cap_gift_qty, created_at, updated_at */
DB_STATEMENT(sql_pt_promo, 0,
             "INSERT INTO promotion (id, code, name, kind, discount, target,"
             " stacking, priority, valid_from, valid_to, status, cap_amount,"
             " cap_gift_qty, used_amount, used_gift_qty, created_at,"
             " updated_at, version)"
             " VALUES (?, ?, 'cap test', 'percent', 500, 'all', 'exclusive',"
             " 100, '2026-01-01', '2026-12-31', ?, ?, ?, 0, 0, ?, ?, 1)");
DB_STATEMENT(sql_pt_get, 0,
             "SELECT used_amount, used_gift_qty FROM promotion WHERE id = ?");

static const char *dsn;

struct claim_arg {
    int64_t promo, amount, gift;
    int rc;
};

static int
claim_uow(struct db *db, void *arg)
{
    struct claim_arg *c = arg;

    c->rc = promo_claim(db, c->promo, c->amount, c->gift);
    return c->rc < 0 ? -1 : 0;
}

/* One claim in its own unit of work: 0, PROMO_CLAIM_REFUSED or -1. */
static int
one(struct db *db, int64_t promo, int64_t amount, int64_t gift)
{
    struct claim_arg c = {promo, amount, gift, -1};

    if (db_uow(db, claim_uow, &c) < 0)
        return -1;
    return c.rc;
}

/* A child: its own connection, N_TRIES claims; one byte per try to the
 * pipe: 'o' claimed, 'r' refused, 'x' anything else. */
static void
child(int fd, int64_t promo, int64_t amount, int64_t gift)
{
    struct db *db;
    char err[256];

    if (db_open(dsn, NULL, &db, err, sizeof(err)) != 0) {
        fprintf(stderr, "child: %s\n", err);
        _exit(2);
    }
    for (int i = 0; i < N_TRIES; i++) {
        int rc = one(db, promo, amount, gift);
        char c = rc == 0 ? 'o' : rc == PROMO_CLAIM_REFUSED ? 'r' : 'x';

        if (write(fd, &c, 1) != 1)
            _exit(3);
    }
    db_close(db);
    _exit(0);
}

static void
run_children(int64_t promo, int64_t amount, int64_t gift, int counts[256])
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
            child(fds[1], promo, amount, gift);
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
get_used(struct db *db, int64_t promo, int64_t *amount, int64_t *gift)
{
    struct arena *a = arena_new(1024);
    struct db_param p[1] = {DB_INT(promo)};
    struct db_rows r;

    CHECK(db_query(db, a, &sql_pt_get, p, 1, 0, 0, &r) == 0 && r.n_rows == 1);
    *amount = r.n_rows ? db_cell_int(&r, 0, 0) : -1;
    *gift = r.n_rows ? db_cell_int(&r, 0, 1) : -1;
    db_rollback(db);
    arena_free(a);
}

static int
add_promo(struct db *db, int64_t id, const char *code, const char *status,
          int64_t cap_amount, int64_t cap_gift)
{
    struct db_param p[7];

    p[0] = DB_INT(id);
    p[1] = DB_TEXT(code);
    p[2] = DB_TEXT(status);
    p[3] = cap_amount >= 0 ? DB_INT(cap_amount) : DB_NULLP;
    p[4] = cap_gift >= 0 ? DB_INT(cap_gift) : DB_NULLP;
    p[5] = DB_TS(1767600000);
    p[6] = DB_TS(1767600000);
    return db_exec(db, &sql_pt_promo, p, 7, NULL);
}

int
main(void)
{
    struct db *db;
    int rc;
    int counts[256];
    int64_t amount, gift;

    dsn = getenv("QUDAO_TEST_DSN"); /* the children connect too */
    rc = live_open(&db);
    if (rc != 0)
        return rc;
    CHECK(add_promo(db, P_AMOUNT, "CAP-AMOUNT", "active", CAP_AMOUNT, -1) == 0);
    CHECK(add_promo(db, P_GIFT, "CAP-GIFT", "active", -1, CAP_GIFT) == 0);
    CHECK(add_promo(db, P_DRAFT, "CAP-DRAFT", "draft", -1, -1) == 0);
    CHECK(db_commit(db) == 0);

    /* bad arguments change nothing */
    CHECK(promo_claim(db, P_AMOUNT, -1, 0) == -1);
    CHECK(promo_claim(db, P_AMOUNT, 0, -1) == -1);
    CHECK(promo_claim(db, 999, 1, 0) == PROMO_CLAIM_REFUSED);
    db_rollback(db);

    /* concurrent amount claims: exactly the cap's worth succeed */
    run_children(P_AMOUNT, AMOUNT, 0, counts);
    get_used(db, P_AMOUNT, &amount, &gift);
    fprintf(stderr, "amount claims: %d done, %d refused, %d other\n",
            counts['o'], counts['r'], counts['x']);
    CHECK(counts['o'] + counts['r'] == N_PROCS * N_TRIES);
    CHECK(counts['o'] == (int)(CAP_AMOUNT / AMOUNT));
    CHECK(amount <= CAP_AMOUNT);
    CHECK(amount == counts['o'] * AMOUNT);
    CHECK(gift == 0);

    /* concurrent gift claims: the counter stops below the cap */
    run_children(P_GIFT, 0, GIFT, counts);
    get_used(db, P_GIFT, &amount, &gift);
    fprintf(stderr, "gift claims: %d done, %d refused, %d other\n", counts['o'],
            counts['r'], counts['x']);
    CHECK(counts['o'] + counts['r'] == N_PROCS * N_TRIES);
    CHECK(counts['o'] == (int)(CAP_GIFT / GIFT));
    CHECK(gift == counts['o'] * GIFT);
    CHECK(gift <= CAP_GIFT);
    /* what is left (1 unit) is still claimable, one more is not */
    CHECK(one(db, P_GIFT, 0, CAP_GIFT - gift) == 0);
    CHECK(one(db, P_GIFT, 0, 1) == PROMO_CLAIM_REFUSED);
    get_used(db, P_GIFT, &amount, &gift);
    CHECK(gift == CAP_GIFT);

    /* a draft promotion refuses every claim */
    run_children(P_DRAFT, AMOUNT, GIFT, counts);
    get_used(db, P_DRAFT, &amount, &gift);
    CHECK(counts['r'] == N_PROCS * N_TRIES);
    CHECK(amount == 0 && gift == 0);

    db_close(db);
    return live_end();
}
