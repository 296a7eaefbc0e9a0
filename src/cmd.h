/* cmd.h - the subcommands (main.c lists them). */
#ifndef QUDAO_CMD_H
#define QUDAO_CMD_H

struct db;

int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_ddl(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_version(int argc, char **argv);

/* Shared by the commands: connect to the configured database or say why. */
int cmd_connect(struct db **db);
/* Did the user ask for help?  Prints text and returns 1 when so. */
int cmd_help(int argc, char **argv, const char *text);

/* demo.c: load the demo company; prints the logins. */
int demo_load(struct db *db, const char *password, long n_products);

#endif
