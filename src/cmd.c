/*
 * cmd.c - the subcommands other than serve's process model and the demo:
 * init, migrate, ddl, user, check, version.
 *
 * DDL runs only here (init and migrate), from the committed files in
 * <share_dir>/schema/sql/<dialect>/, the same files a DBA runs by hand;
 * what a migration must derive in C follows its DDL (migration_steps).
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <libexslt/exslt.h>
#include <openssl/rand.h>

#include "config.h"

#include "cmd.h"
#include "core/auth.h"
#include "core/auth_hash.h"
#include "core/cfg.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/route.h"
#include "core/serve.h"
#include "core/utf8.h"
#include "core/version.h"
#include "core/settings.h"
#include "db/db.h"
#include "modules/ledger.h"
#include "modules/order.h"
#include "modules/products.h"
#include "modules/stock.h"

DB_STATEMENT(sql_version_add, 0,
             "INSERT INTO schema_version (version, name, applied_at)"
             " VALUES (?, ?, ?)");
DB_STATEMENT(sql_user_add, 0,
             "INSERT INTO qd_user (id, login, display_name, pw_hash, status,"
             " created_at, updated_at, version)"
             " VALUES (?, ?, ?, ?, 'active', ?, ?, 1)");
DB_STATEMENT(sql_user_passwd, 0,
             "UPDATE qd_user SET pw_hash = ?, updated_at = ?,"
             " version = version + 1"
             " WHERE login = ?");

/* The products in id order, a batch at a time (fill_product_terms). */
DB_STATEMENT(sql_mig_products, DB_PAGED,
             "SELECT p.id, p.code, p.search_key"
             " FROM product p"
             " WHERE p.id > ?"
             " ORDER BY p.id");

/* snprintf for paths: a path that does not fit is an error, never a
 * silently shortened name.  0 or -1. */
static int ATTR_FORMAT(3, 4) pathf(char *out, size_t n, const char *fmt, ...)
{
    va_list ap;
    int len;

    va_start(ap, fmt);
    len = vsnprintf(out, n, fmt, ap);
    va_end(ap);
    if (len < 0 || (size_t)len >= n) {
        fprintf(stderr, "qudao: path too long\n");
        out[0] = '\0';
        return -1;
    }
    return 0;
}

int
cmd_help(int argc, char **argv, const char *text)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(text, stdout);
            return 1;
        }
    return 0;
}

int
cmd_connect(struct db **db)
{
    char err[512];

    if (cfg->database == NULL) {
        fprintf(stderr, "qudao: no database configured: set `database` in "
                        "qudao.conf or QUDAO_DATABASE\n");
        return -1;
    }
    if (db_open(cfg->database, cfg->dialect, db, err, sizeof(err)) != 0) {
        fprintf(stderr, "qudao: cannot connect to the database: %s\n", err);
        return -1;
    }
    return 0;
}

int
cmd_serve(int argc, char **argv)
{
    char err[512];

    if (cmd_help(argc, argv,
                 "usage: qudao serve [--listen unix:/path|127.0.0.1:PORT] "
                 "[--workers N]\n\nRun the FastCGI master in the foreground. "
                 "SIGTERM drains and stops,\nSIGHUP starts new workers and "
                 "retires the old ones.\n"))
        return 0;
    for (int i = 1; i < argc; i++) {
        const char *key = NULL;

        if (strcmp(argv[i], "--listen") == 0)
            key = "listen";
        else if (strcmp(argv[i], "--workers") == 0)
            key = "workers";
        if (key == NULL || i + 1 >= argc) {
            fprintf(stderr, "qudao serve: bad option %s\n", argv[i]);
            return 2;
        }
        if (cfg_set(key, argv[++i], err, sizeof(err)) != 0) {
            fprintf(stderr, "qudao serve: %s\n", err);
            return 2;
        }
    }
    return serve_main();
}

/*
 * The files NNNN-name<ext> of dir (migrations: schema/NNNN-*.xml and their
 * DDL schema/sql/<dialect>/NNNN-*.sql), sorted, at most max.  Returns
 * how many, or -1 when dir cannot be read.
 */
static int
list_numbered(const char *dir, const char *ext, char names[][128], int max)
{
    DIR *dp = opendir(dir);
    size_t el = strlen(ext);
    struct dirent *e;
    int n = 0;

    if (dp == NULL)
        return -1;
    while ((e = readdir(dp)) != NULL && n < max) {
        size_t len = strlen(e->d_name);

        if (len > 5 + el && len < 128 && e->d_name[4] == '-' &&
            strspn(e->d_name, "0123456789") == 4 &&
            strcmp(e->d_name + len - el, ext) == 0)
            memcpy(names[n++], e->d_name, len + 1);
    }
    closedir(dp);
    qsort(names, (size_t)n, 128, (int (*)(const void *, const void *))strcmp);
    return n;
}

/* Migration files NNNN-name.sql for the dialect, sorted; count in *n. */
static int
list_migrations(enum db_dialect d, char names[][128], int max, int *n)
{
    char dir[4096];

    pathf(dir, sizeof(dir), "%s/schema/sql/%s", cfg->share_dir,
          db_dialect_name(d));
    *n = list_numbered(dir, ".sql", names, max);
    if (*n < 0) {
        fprintf(stderr, "qudao: no DDL folder %s\n", dir);
        return -1;
    }
    return 0;
}

/*
 * Migration 8's step after its DDL: the search terms (product_term) of the
 * products already there, from their search keys, 2,000 products to a
 * batch, in the caller's transaction (which records the migration).
 * 0 or -1.
 */
static int
fill_product_terms(struct db *db)
{
    struct arena *a = arena_new(0);
    int64_t last = 0;
    long n = 0;
    int rc = -1;

    for (;;) {
        struct product_key *keys;
        struct db_param p[1];
        struct db_rows r;

        p[0] = DB_INT(last);
        if (db_query(db, a, &sql_mig_products, p, 1, 2000, 0, &r) != 0)
            goto out;
        if (r.n_rows == 0)
            break;
        keys = arena_alloc(a, r.n_rows * sizeof(*keys));
        for (size_t i = 0; i < r.n_rows; i++)
            keys[i] =
                (struct product_key){db_cell_int(&r, i, 0), db_cell(&r, i, 1),
                                     db_cell(&r, i, 2), NULL, NULL};
        if (product_terms_write(db, a, keys, r.n_rows) != 0)
            goto out;
        last = keys[r.n_rows - 1].id;
        n += (long)r.n_rows;
        arena_reset(a);
    }
    if (n > 0)
        printf("search terms of %ld products written\n", n);
    rc = 0;
out:
    arena_free(a);
    return rc;
}

/*
 * What a migration does after its DDL, in C, before it is recorded (in
 * the same transaction): data the program derives, which SQL cannot.
 */
static const struct {
    int version;
    int (*fn)(struct db *db);
} migration_steps[] = {
    {8, fill_product_terms},
};

/* Apply migrations above `from`, up to the version this build needs. */
static int
apply_migrations(struct db *db, int from)
{
    char names[64][128];
    int n;

    if (list_migrations(db_dialect(db), names, 64, &n) != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        int num = atoi(names[i]);
        char path[4096], name[128];
        struct db_param p[3];

        if (num <= from || num > QUDAO_SCHEMA_VERSION)
            continue;
        pathf(path, sizeof(path), "%s/schema/sql/%s/%s", cfg->share_dir,
              db_dialect_name(db_dialect(db)), names[i]);
        printf("applying %s\n", names[i]);
        if (db_run_script(db, path) != 0) {
            fprintf(stderr, "qudao: %s failed; see the log above\n", path);
            return -1;
        }
        for (size_t k = 0;
             k < sizeof(migration_steps) / sizeof(migration_steps[0]); k++)
            if (migration_steps[k].version == num &&
                migration_steps[k].fn(db) != 0) {
                db_rollback(db);
                fprintf(stderr,
                        "qudao: migration %d: its data step failed (see the "
                        "log above); its DDL is in, the migration is not "
                        "recorded\n",
                        num);
                return -1;
            }
        snprintf(name, sizeof(name), "%.*s", (int)(strlen(names[i]) - 9),
                 names[i] + 5);
        p[0] = DB_INT(num);
        p[1] = DB_TEXT(name);
        p[2] = DB_TS(clock_now());
        if (db_exec(db, &sql_version_add, p, 3, NULL) != 0 ||
            db_commit(db) != 0) {
            fprintf(stderr, "qudao: cannot record migration %d\n", num);
            return -1;
        }
    }
    return 0;
}

int
cmd_random_password(char out[17])
{
    static const char alpha[] = "abcdefghjkmnpqrstuvwxyz"
                                "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    unsigned char b[16];

    if (RAND_bytes(b, sizeof(b)) != 1)
        return -1;
    for (int i = 0; i < 16; i++)
        out[i] = alpha[b[i] % (sizeof(alpha) - 1)];
    out[16] = '\0';
    return 0;
}

int
cmd_user_add(struct db *db, const char *login, const char *name, const char *pw,
             int64_t *id_out)
{
    char hash[AUTH_HASH_MAX];
    struct db_param p[6];
    int64_t id;
    time_t now = clock_now();

    if (auth_hash_make(pw, hash, sizeof(hash)) != 0 ||
        db_next_id(db, "qd_user", &id) != 0)
        return -1;
    p[0] = DB_INT(id);
    p[1] = DB_TEXT(login);
    p[2] = DB_TEXT(name);
    p[3] = DB_TEXT(hash);
    p[4] = DB_TS(now);
    p[5] = DB_TS(now);
    if (db_exec(db, &sql_user_add, p, 6, NULL) != 0) {
        if (db_last_error(db)->cls == DB_ERR_UNIQUE)
            fprintf(stderr, "qudao: a user %s exists already\n", login);
        db_rollback(db);
        return -1;
    }
    if (id_out != NULL)
        *id_out = id;
    return 0;
}

int
cmd_init(int argc, char **argv)
{
    struct db *db;
    int version;
    char pw[17];
    const char *given = getenv("QUDAO_ADMIN_PASSWORD");
    int64_t admin_id, hq_id;

    if (cmd_help(argc, argv,
                 "usage: qudao init\n\nCreate the schema in the configured "
                 "database (refused when it exists)\nand an administrator "
                 "`admin` (password from QUDAO_ADMIN_PASSWORD, else\n"
                 "random and printed).\n"))
        return 0;
    if (given != NULL && *given != '\0') {
        const char *why = auth_password_problem(given, "admin");

        if (why != NULL) {
            fprintf(stderr, "qudao init: QUDAO_ADMIN_PASSWORD: %s\n", why);
            return 1;
        }
    } else if (cmd_random_password(pw) != 0) {
        fprintf(stderr, "qudao init: no random bytes for a password\n");
        return 1;
    }
    if (cmd_connect(&db) != 0)
        return 1;
    if (db_schema_version(db, &version) != 0) {
        db_close(db);
        return 1;
    }
    if (version > 0) {
        fprintf(stderr,
                "qudao init: the database already holds a Qudao "
                "schema (version %d); nothing done.\nUse `qudao "
                "migrate` to bring it up to date.\n",
                version);
        db_close(db);
        return 1;
    }
    if (apply_migrations(db, 0) != 0) {
        db_close(db);
        return 1;
    }
    if (cmd_user_add(db, "admin", "系统管理员",
                     given != NULL && *given != '\0' ? given : pw,
                     &admin_id) != 0 ||
        seed_reference(db, admin_id, &hq_id) != 0 || db_commit(db) != 0) {
        fprintf(stderr, "qudao init: cannot write the reference data\n");
        db_rollback(db);
        db_close(db);
        return 1;
    }
    printf("schema version %d created (%s)\n", QUDAO_SCHEMA_VERSION,
           db_dialect_name(db_dialect(db)));
    if (given == NULL || *given == '\0')
        printf("administrator: admin  password: %s\n", pw);
    db_close(db);
    return 0;
}

int
cmd_migrate(int argc, char **argv)
{
    struct db *db;
    int version;

    if (cmd_help(argc, argv,
                 "usage: qudao migrate\n\nApply the schema "
                 "migrations the database is missing.\n"))
        return 0;
    if (cmd_connect(&db) != 0)
        return 1;
    if (db_schema_version(db, &version) != 0 || version == 0) {
        fprintf(stderr, "qudao migrate: no Qudao schema here; run `qudao "
                        "init`\n");
        db_close(db);
        return 1;
    }
    if (version > QUDAO_SCHEMA_VERSION) {
        fprintf(stderr,
                "qudao migrate: the database is at version %d, newer "
                "than this qudao (%d)\n",
                version, QUDAO_SCHEMA_VERSION);
        db_close(db);
        return 1;
    }
    if (apply_migrations(db, version) != 0) {
        db_close(db);
        return 1;
    }
    if (seed_upgrade(db, version) != 0 || db_commit(db) != 0) {
        fprintf(stderr, "qudao migrate: cannot grant the new permissions to "
                        "the seed roles\n");
        db_rollback(db);
        db_close(db);
        return 1;
    }
    printf("schema at version %d\n", QUDAO_SCHEMA_VERSION);
    db_close(db);
    return 0;
}

/* Apply a stylesheet to a document (freed here) and print the result. */
static int
print_transform(const char *xsl, xmlDocPtr doc, const char **params)
{
    xsltStylesheetPtr style = xsltParseStylesheetFile(BAD_CAST xsl);
    xmlDocPtr res;
    int rc = -1;

    if (style == NULL) {
        xmlFreeDoc(doc);
        return -1;
    }
    if (doc != NULL) {
        res = xsltApplyStylesheet(style, doc, params);
        if (res != NULL) {
            rc = xsltSaveResultToFile(stdout, res, style) < 0 ? -1 : 0;
            xmlFreeDoc(res);
        }
        xmlFreeDoc(doc);
    }
    xsltFreeStylesheet(style);
    return rc;
}

int
cmd_ddl(int argc, char **argv)
{
    char names[64][128];
    int n;
    const char *dialect = NULL, *app_user = "qudao_app";
    int grants = 0, rc = 0;
    char dir[4096], path[4096], qd[64], qu[128];

    if (cmd_help(argc, argv,
                 "usage: qudao ddl --dialect "
                 "sqlite|postgresql|mssql|oracle|db2|mariadb\n"
                 "                 [--grants [--app-user NAME]]\n\n"
                 "Print the DDL of every migration (or the grant script) "
                 "for an engine,\ngenerated from schema/*.xml.\n"))
        return 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--dialect") == 0 && i + 1 < argc)
            dialect = argv[++i];
        else if (strcmp(argv[i], "--app-user") == 0 && i + 1 < argc)
            app_user = argv[++i];
        else if (strcmp(argv[i], "--grants") == 0)
            grants = 1;
        else {
            fprintf(stderr, "qudao ddl: bad option %s\n", argv[i]);
            return 2;
        }
    }
    if (dialect == NULL || db_dialect_by_name(dialect) < 0 ||
        strspn(app_user, "abcdefghijklmnopqrstuvwxyz0123456789_") !=
            strlen(app_user)) {
        fprintf(stderr, "qudao ddl: give --dialect with a known engine\n");
        return 2;
    }
    exsltCommonRegister();
    exsltStrRegister();
    snprintf(qd, sizeof(qd), "'%s'", dialect);
    snprintf(qu, sizeof(qu), "'%s'", app_user);
    pathf(dir, sizeof(dir), "%s/schema", cfg->share_dir);
    n = list_numbered(dir, ".xml", names, 64);
    if (n < 0) {
        fprintf(stderr, "qudao ddl: cannot read %s\n", dir);
        return 1;
    }
    if (grants) {
        /* grants.xsl reads every migration named in an index document,
         * resolved against the schema folder */
        const char *params[] = {"dialect", qd, "app_user", qu, NULL};
        struct arena *a = arena_new(4096);
        struct sbuf idx;
        char url[4096];

        sbuf_init(&idx, a, 1024);
        sbuf_adds(&idx, "<migrations>");
        for (int i = 0; i < n; i++)
            sbuf_printf(&idx, "<file>%s</file>", names[i]);
        sbuf_adds(&idx, "</migrations>");
        pathf(url, sizeof(url), "%s/index.xml", dir);
        pathf(path, sizeof(path), "%s/grants.xsl", dir);
        rc = print_transform(
            path,
            xmlReadMemory(idx.buf, (int)idx.len, url, NULL, XML_PARSE_NONET),
            params);
        arena_free(a);
    } else {
        const char *params[] = {"dialect", qd, NULL};

        pathf(path, sizeof(path), "%s/ddl.xsl", dir);
        for (int i = 0; i < n && rc == 0; i++) {
            char xml[4096];

            pathf(xml, sizeof(xml), "%s/%s", dir, names[i]);
            rc = print_transform(path, xmlReadFile(xml, NULL, XML_PARSE_NONET),
                                 params);
        }
    }
    if (rc != 0)
        fprintf(stderr, "qudao ddl: the transform failed\n");
    return rc == 0 ? 0 : 1;
}

/* Read a password: QUDAO_PASSWORD, else the terminal without echo. */
static int
read_password(char *buf, size_t n)
{
    const char *env = getenv("QUDAO_PASSWORD");
    struct termios t, saved;
    int tty = isatty(0);

    if (env != NULL) {
        snprintf(buf, n, "%s", env);
        return 0;
    }
    fprintf(stderr, "password: ");
    if (tty && tcgetattr(0, &saved) == 0) {
        t = saved;
        t.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(0, TCSANOW, &t);
    }
    if (fgets(buf, (int)n, stdin) == NULL)
        buf[0] = '\0';
    if (tty) {
        tcsetattr(0, TCSANOW, &saved);
        fputc('\n', stderr);
    }
    buf[strcspn(buf, "\r\n")] = '\0';
    return 0;
}

int
cmd_user(int argc, char **argv)
{
    struct db *db;
    char pw[256], hash[AUTH_HASH_MAX];
    const char *why;
    int rc = 1;

    if (cmd_help(argc, argv,
                 "usage: qudao user add LOGIN [DISPLAY NAME]\n"
                 "       qudao user passwd LOGIN\n\n"
                 "The password is read from the terminal, or from "
                 "QUDAO_PASSWORD.\n"))
        return 0;
    if (argc < 3 ||
        (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "passwd") != 0)) {
        fprintf(stderr, "usage: qudao user add|passwd LOGIN\n");
        return 2;
    }
    if (utf8_check(argv[2], strlen(argv[2]), 0, NULL) != 0 ||
        strlen(argv[2]) > 60) {
        fprintf(stderr, "qudao user: bad login\n");
        return 2;
    }
    read_password(pw, sizeof(pw));
    why = auth_password_problem(pw, argv[2]);
    if (why != NULL) {
        fprintf(stderr, "qudao user: %s\n", why);
        return 2;
    }
    if (cmd_connect(&db) != 0)
        return 1;
    if (strcmp(argv[1], "add") == 0) {
        rc = cmd_user_add(db, argv[2], argc > 3 ? argv[3] : argv[2], pw,
                          NULL) == 0 &&
                     db_commit(db) == 0
                 ? 0
                 : 1;
    } else {
        struct db_param p[3];
        long n = 0;

        if (auth_hash_make(pw, hash, sizeof(hash)) == 0) {
            p[0] = DB_TEXT(hash);
            p[1] = DB_TS(clock_now());
            p[2] = DB_TEXT(argv[2]);
            if (db_exec(db, &sql_user_passwd, p, 3, &n) == 0 && n == 1 &&
                db_commit(db) == 0)
                rc = 0;
            else if (n == 0)
                fprintf(stderr, "qudao user: no user %s\n", argv[2]);
        }
        if (rc != 0)
            db_rollback(db);
    }
    db_close(db);
    if (rc == 0)
        printf("%s: done\n", argv[2]);
    return rc;
}

/* The accounts reconciled against the ledger, in a read transaction of
 * its own: the number of mismatches (printed), or -1. */
static int
check_accounts(struct db *db)
{
    int bad = ledger_check(db, stdout), orders;

    if (bad >= 0 && (orders = order_check(db, stdout)) >= 0)
        bad += orders;
    else
        bad = -1;
    db_rollback(db);
    if (bad < 0) {
        const struct db_error *e = db_last_error(db);

        printf("FAIL accounts: %s %s\n", e->sqlstate, e->message);
        return -1;
    }
    printf("accounts: %d mismatch%s between balances, the ledger and the "
           "orders\n",
           bad, bad == 1 ? "" : "es");
    return bad;
}

/* The stock balances reconciled against the stock ledger, the same way. */
static int
check_stock(struct db *db)
{
    int bad = stock_check(db, stdout);

    db_rollback(db);
    if (bad < 0) {
        const struct db_error *e = db_last_error(db);

        printf("FAIL stock: %s %s\n", e->sqlstate, e->message);
        return -1;
    }
    printf("stock: %d mismatch%s between balances and the stock ledger\n", bad,
           bad == 1 ? "" : "es");
    return bad;
}

int
cmd_check(int argc, char **argv)
{
    struct db *db;
    int version, bad = 0, total = 0, failed = 0;
    int want_sql = 0, want_accounts = 0, want_stock = 0;

    if (cmd_help(
            argc, argv,
            "usage: qudao check [--sql] [--accounts] [--stock]\n\n"
            "Check the schema version; with --sql, prepare every SQL "
            "statement of the\nprogram against the database (nothing is "
            "run); with --accounts, check that\nevery account balance "
            "equals the sum of its ledger entries, that exposure =\n"
            "receivable + open orders - prepayment, that open orders are "
            "the totals of the\nplaced and confirmed orders, and that each "
            "order line's stock moves match its\nstatus; with --stock, that "
            "every stock balance equals the sum of its moves,\nreserved "
            "stays within on hand and nothing is negative (each mismatch "
            "is\nprinted).  Exit status 1 on any problem.\n"))
        return 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--sql") == 0) {
            want_sql = 1;
        } else if (strcmp(argv[i], "--accounts") == 0) {
            want_accounts = 1;
        } else if (strcmp(argv[i], "--stock") == 0) {
            want_stock = 1;
        } else {
            fprintf(stderr, "qudao check: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (cmd_connect(&db) != 0)
        return 1;
    if (db_schema_version(db, &version) != 0)
        version = -1;
    printf("schema version %d (this qudao needs %d): %s\n", version,
           QUDAO_SCHEMA_VERSION,
           version == QUDAO_SCHEMA_VERSION ? "ok" : "MISMATCH");
    if (version != QUDAO_SCHEMA_VERSION)
        bad++;
    if (want_sql) {
        for (const struct db_sql *const *s = db_sql_first(); s < db_sql_end();
             s++) {
            total++;
            if (*s == NULL)
                continue;
            if (db_prepare_check(db, *s) != 0) {
                const struct db_error *e = db_last_error(db);

                printf("FAIL %s: %s %s\n", (*s)->name, e->sqlstate, e->message);
                failed++;
            }
        }
        printf("%d statements prepared, %d failed\n", total, failed);
        bad += failed;
    }
    if (want_accounts && version == QUDAO_SCHEMA_VERSION) {
        int n = check_accounts(db);

        bad += n < 0 ? 1 : n;
    }
    if (want_stock && version == QUDAO_SCHEMA_VERSION) {
        int n = check_stock(db);

        bad += n < 0 ? 1 : n;
    }
    db_close(db);
    return bad == 0 ? 0 : 1;
}

struct review {
    int64_t party;
    const char *today;
    int days;
    int changed;
};

static int
review_uow(struct db *db, void *arg)
{
    struct review *r = arg;

    r->changed = ledger_review_holds(db, r->party, r->today, r->days);
    return r->changed < 0 ? -1 : 0;
}

/* qudao accounts review-holds [--today YYYY-MM-DD] [--party ID] */
int
cmd_accounts(int argc, char **argv)
{
    struct review r = {0, NULL, 0, 0};
    char today[11];
    struct db *db;
    int rc;

    if (cmd_help(argc, argv,
                 "usage: qudao accounts review-holds [--today YYYY-MM-DD] "
                 "[--party ID]\n\nPut on credit hold every account whose "
                 "oldest unpaid receivable is overdue\nby more than the "
                 "setting credit.overdue_days (60 when unset), and lift "
                 "the\noverdue holds that no longer apply; manual holds are "
                 "left alone.  Every\nchange is audited.  Run it daily "
                 "(cron or a systemd timer); postings review\ntheir own "
                 "account at once.  --today moves the day (tests), --party "
                 "reviews\none account.\n"))
        return 0;
    if (argc < 2 || strcmp(argv[1], "review-holds") != 0) {
        fprintf(stderr, "usage: qudao accounts review-holds [--today "
                        "YYYY-MM-DD] [--party ID]\n");
        return 2;
    }
    clock_day(today, 0);
    r.today = today;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--today") == 0 && i + 1 < argc &&
            strlen(argv[i + 1]) == 10 && argv[i + 1][4] == '-' &&
            argv[i + 1][7] == '-') {
            r.today = argv[++i];
        } else if (strcmp(argv[i], "--party") == 0 && i + 1 < argc &&
                   atoll(argv[i + 1]) > 0) {
            r.party = atoll(argv[++i]);
        } else {
            fprintf(stderr, "qudao accounts: bad option %s\n", argv[i]);
            return 2;
        }
    }
    if (cmd_connect(&db) != 0)
        return 1;
    if (settings_refresh(db) != 0)
        fprintf(stderr, "qudao accounts: cannot read the settings; using "
                        "the defaults\n");
    r.days = ledger_overdue_days();
    rc = db_uow(db, review_uow, &r);
    if (rc != 0) {
        const struct db_error *e = db_last_error(db);

        fprintf(stderr, "qudao accounts: review failed: %s %s\n", e->sqlstate,
                e->message);
        db_close(db);
        return 1;
    }
    printf("holds reviewed (overdue after %d days, today %s): %d changed\n",
           r.days, r.today, r.changed);
    db_close(db);
    return 0;
}

int
cmd_routes(int argc, char **argv)
{
    if (cmd_help(argc, argv,
                 "usage: qudao routes\n\nPrint every route: methods, "
                 "pattern, name, permission, stylesheet\n(tab-separated; "
                 "the authorization tests are generated from it).\n"))
        return 0;
    for (size_t i = 0, n = route_count(); i < n; i++) {
        const struct route *rt = route_at(i);

        printf("%s%s%s\t%s\t%s\t%s\t%s\n", rt->methods & REQ_GET ? "GET" : "",
               (rt->methods & REQ_GET) && (rt->methods & REQ_POST) ? "," : "",
               rt->methods & REQ_POST ? "POST" : "", rt->pattern, rt->name,
               rt->perm, rt->xsl != NULL ? rt->xsl : "-");
    }
    return 0;
}

int
cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("qudao %s (schema %d)\n", PACKAGE_VERSION, QUDAO_SCHEMA_VERSION);
    return 0;
}
