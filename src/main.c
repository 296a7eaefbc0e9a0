/*
 * main.c - the one binary and its subcommands, as Fossil and git do it:
 *
 *   qudao [-c FILE] serve | init | demo | migrate | ddl | user | check |
 *                   accounts | routes | version
 *
 * Configuration comes from -c FILE or QUDAO_CONF, and QUDAO_<KEY> in the
 * environment (src/core/cfg.c).
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>

#include "cmd.h"
#include "core/cfg.h"
#include "core/log.h"
#include "core/serve.h"

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"serve", cmd_serve, "run the FastCGI master and its workers"},
    {"init", cmd_init, "create the schema and an administrator"},
    {"migrate", cmd_migrate, "apply the schema migrations that are missing"},
    {"demo", cmd_demo, "load the demo company into a new database"},
    {"ddl", cmd_ddl, "print the DDL for a database engine"},
    {"user", cmd_user, "add a user or set a password"},
    {"check", cmd_check,
     "check the database: schema, statements, account balances"},
    {"accounts", cmd_accounts, "review overdue credit holds (daily)"},
    {"routes", cmd_routes, "print the route table with permissions"},
    {"version", cmd_version, "print the version"},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void
usage(FILE *f)
{
    fprintf(f, "usage: qudao [-c FILE] COMMAND [options]\n\ncommands:\n");
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n`qudao COMMAND --help` tells more.  The configuration "
               "file comes from -c or\nQUDAO_CONF; QUDAO_<KEY> overrides "
               "any key.\n");
}

int
main(int argc, char **argv)
{
    const char *conf = NULL;
    char err[512];
    int i = 1;

    setlocale(LC_CTYPE, "C.UTF-8");
    LIBXML_TEST_VERSION;
    if (i + 1 < argc && strcmp(argv[i], "-c") == 0) {
        conf = argv[i + 1];
        i += 2;
    }
    if (i >= argc || strcmp(argv[i], "--help") == 0 ||
        strcmp(argv[i], "-h") == 0) {
        usage(i >= argc ? stderr : stdout);
        return i >= argc ? 2 : 0;
    }
    if (cfg_load(conf, err, sizeof(err)) != 0) {
        fprintf(stderr, "qudao: %s\n", err);
        return 2;
    }
    log_set_level(cfg->log_level);
    for (size_t k = 0; k < N_COMMANDS; k++)
        if (strcmp(argv[i], commands[k].name) == 0)
            return commands[k].run(argc - i, argv + i);
    fprintf(stderr, "qudao: unknown command: %s\n", argv[i]);
    usage(stderr);
    return 2;
}
