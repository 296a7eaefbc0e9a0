/* cmd.h - the subcommands (main.c lists them). */
#ifndef QUDAO_CMD_H
#define QUDAO_CMD_H

#include <stddef.h>
#include <stdint.h>

struct db;

int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_ddl(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_accounts(int argc, char **argv);

/* 16 random characters from an unambiguous alphabet; 0 or -1. */
int cmd_random_password(char out[17]);

/* Add a user (hashing the password); id in *id_out; no commit. */
int cmd_user_add(struct db *db, const char *login, const char *name,
                 const char *pw, int64_t *id_out);

/* Shared by the commands: connect to the configured database or say why. */
int cmd_connect(struct db **db);
/* Did the user ask for help?  Prints text and returns 1 when so. */
int cmd_help(int argc, char **argv, const char *text);

/* seed.c: reference data of a new database (roles, the HQ unit, the
 * administrator's role and place); a unit with its closure rows; a role
 * and scope for a user.  Inside the caller's transaction; 0 or -1. */
int seed_reference(struct db *db, int64_t admin_id, int64_t *hq_id);

/* `qudao migrate` from from_version: grant the seed roles the
 * permissions that came with the later migrations (seed.c).  Inside the
 * caller's transaction; 0 or -1. */
int seed_upgrade(struct db *db, int from_version);
int seed_unit(struct db *db, int64_t parent, const char *kind, const char *code,
              const char *name, int64_t *id_out);
int seed_grant(struct db *db, int64_t user_id, const char *role_code,
               int64_t unit_id);

/* seed_grant for a channel user: the role, sitting at a party. */
int seed_grant_party(struct db *db, int64_t user_id, const char *role_code,
                     int64_t party_id);

/* demo_channel.c: the demo channel (issue 4): grades, ~300 agents and
 * dealers with their closure rows, accounts and a year of ledger
 * entries, statements, tickets, and the channel logins (dealer-<code>,
 * agent-<code>) with password hash pw_hash.  Inside the caller's
 * transaction, after the organisation and the products; 0 or -1. */
int demo_channel(struct db *db, const char *pw_hash);

/* demo_channel.c: a made-up person, telephone (with the city's area
 * code) and street address in the city of a demo branch code ("BJ"),
 * for the other demo modules (the warehouses).  0, or -1 when the demo
 * has no such branch. */
int demo_contact(const char *branch, char person_out[48], char phone_out[24],
                 char address_out[160]);

/* demo_stock.c: the demo inventory (issue 6): warehouses, a year of
 * stock documents posted through the stock ledger, transfers on the road,
 * a stocktake, closed months, safety stock.  Inside the caller's
 * transaction, after the channel, prices and promotions; 0 or -1. */
int demo_stock(struct db *db);

/* demo_images.c: a 96 x 96 PNG picture, a box of colour (r, g, b) with
 * a lighter band and a darker frame, into out (DEMO_PNG_MAX bytes); its
 * length.  The products' pictures and the parties' scanned documents. */
#define DEMO_PNG_MAX 30000
size_t demo_png(unsigned char *out, unsigned r, unsigned g, unsigned b);

/* demo_images.c: a PNG picture for the first product of every category.
 * Inside the caller's transaction; 0 or -1. */
int demo_images(struct db *db);

/* demo.c: load the demo company; prints the logins. */
int demo_load(struct db *db, const char *password, long n_products);

#endif
