/*
 * live.h - the start of a test against a live database with the real
 * schema (test_credit_live, test_promo_live, test_stock_live,
 * test_price_live).
 *
 *   QUDAO_TEST_DSN    the database: an empty SQLite file or a throwaway
 *                     PostgreSQL database (the schema is created in it)
 *   QUDAO_SHARE_DIR   the source tree (else srcdir, else "."): the
 *                     migrations are schema/sql/<dialect>/NNNN-*.sql
 */
#ifndef QUDAO_TEST_LIVE_H
#define QUDAO_TEST_LIVE_H

struct db;

/*
 * Connect and run every migration in order.  Returns 0 with *db open;
 * 77 (automake's "skipped") without QUDAO_TEST_DSN or on an engine other
 * than SQLite and PostgreSQL; 1 on a failure (said on stderr).
 */
int live_open(struct db **db);

/*
 * The checks of a live test: CHECK(cond) counts a check and says on
 * stderr where one failed; live_end() prints the counts and returns the
 * exit status (0 all passed, 1 some failed).
 */
extern int live_n_checks, live_n_failed;

#define CHECK(cond)                                                            \
    do {                                                                       \
        live_n_checks++;                                                       \
        if (!(cond)) {                                                         \
            live_n_failed++;                                                   \
            fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                      \
    } while (0)

int live_end(void);

#endif
