/* settings.c - see settings.h. */
#include "settings.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../db/db.h"
#include "arena.h"

DB_STATEMENT(sql_settings_load, 0, "SELECT name, val FROM setting");

static struct {
    int loaded;
    struct timespec at;
    char **names;
    char **vals;
    size_t n;
} cache;

static void
drop(void)
{
    for (size_t i = 0; i < cache.n; i++) {
        free(cache.names[i]);
        free(cache.vals[i]);
    }
    free(cache.names);
    free(cache.vals);
    cache.names = cache.vals = NULL;
    cache.n = 0;
}

static char *
copy(const char *s)
{
    char *p;

    if (s == NULL)
        return NULL;
    p = strdup(s);
    if (p == NULL)
        abort();
    return p;
}

int
settings_refresh(struct db *db)
{
    struct timespec now;
    struct arena *a;
    struct db_rows r;
    int rc = 0;

    clock_gettime(CLOCK_MONOTONIC, &now);
    if (cache.loaded && now.tv_sec - cache.at.tv_sec < SETTINGS_TTL)
        return 0;
    a = arena_new(4096);
    if (db_query(db, a, &sql_settings_load, NULL, 0, 0, 0, &r) != 0) {
        rc = -1;
    } else {
        drop();
        cache.names = calloc(r.n_rows + 1, sizeof(char *));
        cache.vals = calloc(r.n_rows + 1, sizeof(char *));
        if (cache.names == NULL || cache.vals == NULL)
            abort();
        for (size_t i = 0; i < r.n_rows; i++) {
            cache.names[i] = copy(db_cell(&r, i, 0));
            cache.vals[i] = copy(db_cell(&r, i, 1));
        }
        cache.n = r.n_rows;
        cache.loaded = 1;
        cache.at = now;
    }
    db_rollback(db);
    arena_free(a);
    return rc;
}

const char *
settings_get(const char *name)
{
    for (size_t i = 0; i < cache.n; i++)
        if (cache.names[i] != NULL && strcmp(cache.names[i], name) == 0)
            return cache.vals[i] != NULL && cache.vals[i][0] != '\0'
                       ? cache.vals[i]
                       : NULL;
    return NULL;
}
