/* live.c - see live.h. */
#include "live.h"

#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"

/* NNNN-*.sql */
static int
is_migration(const char *name)
{
    size_t n = strlen(name);

    return n > 9 && name[0] >= '0' && name[0] <= '9' && name[4] == '-' &&
           strcmp(name + n - 4, ".sql") == 0;
}

static int
by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run the migrations of folder dir in order.  0 or -1. */
static int
migrate(struct db *db, const char *dir)
{
    char *names[100];
    int n = 0, rc = 0;
    struct dirent *e;
    DIR *d = opendir(dir);

    if (d == NULL) {
        fprintf(stderr, "cannot open %s\n", dir);
        return -1;
    }
    while ((e = readdir(d)) != NULL && n < 100)
        if (is_migration(e->d_name))
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof(names[0]), by_name);
    for (int i = 0; i < n; i++) {
        char path[4096 + 512];

        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        if (rc == 0 && db_run_script(db, path) != 0) {
            fprintf(stderr, "cannot run %s (the database must be empty)\n",
                    path);
            rc = -1;
        }
        free(names[i]);
    }
    return n > 0 ? rc : -1;
}

int
live_open(struct db **out)
{
    const char *dsn = getenv("QUDAO_TEST_DSN");
    const char *share = getenv("QUDAO_SHARE_DIR");
    char err[256], dir[4096];
    enum db_dialect d;
    struct db *db;

    setlocale(LC_CTYPE, "C.UTF-8");
    if (dsn == NULL || *dsn == '\0') {
        fprintf(stderr, "QUDAO_TEST_DSN not set: skipped\n");
        return 77;
    }
    if (db_open(dsn, NULL, &db, err, sizeof(err)) != 0) {
        fprintf(stderr, "cannot connect: %s\n", err);
        return 1;
    }
    d = db_dialect(db);
    if (d != DB_SQLITE && d != DB_POSTGRESQL) {
        fprintf(stderr, "only SQLite and PostgreSQL here: skipped\n");
        db_close(db);
        return 77;
    }
    if (share == NULL || *share == '\0')
        share = getenv("srcdir");
    if (share == NULL || *share == '\0')
        share = ".";
    snprintf(dir, sizeof(dir), "%s/schema/sql/%s", share,
             d == DB_SQLITE ? "sqlite" : "postgresql");
    if (migrate(db, dir) != 0) {
        db_close(db);
        return 1;
    }
    *out = db;
    return 0;
}

int live_n_checks, live_n_failed;

int
live_end(void)
{
    fprintf(stderr, "%d checks, %d failed\n", live_n_checks, live_n_failed);
    return live_n_failed == 0 ? 0 : 1;
}
