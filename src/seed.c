/*
 * seed.c - the reference data `qudao init` writes into a new database:
 * the headquarters unit (the root of the organisation), the seed roles
 * with their permissions, and the administrator's role and place.
 *
 * Roles are ordinary rows: administrators change them in the interface.
 * The system administrator's role holds "*", every permission, so modules
 * added later need no change to it.
 */
#include <string.h>

#include "cmd.h"
#include "core/clock.h"
#include "db/db.h"

DB_STATEMENT(sql_seed_unit, 0,
             "INSERT INTO org_unit (id, parent_id, kind, code, name, status,"
             " created_at, updated_at, version)"
             " VALUES (?, ?, ?, ?, ?, 'active', ?, ?, 1)");
DB_STATEMENT(sql_seed_closure_self, 0,
             "INSERT INTO org_closure (ancestor_id, descendant_id, depth)"
             " VALUES (?, ?, 0)");
DB_STATEMENT(sql_seed_closure_up, 0,
             "INSERT INTO org_closure (ancestor_id, descendant_id, depth)"
             " SELECT ancestor_id, ?, depth + 1"
             " FROM org_closure WHERE descendant_id = ?");
DB_STATEMENT(sql_seed_role, 0,
             "INSERT INTO qd_role (id, code, name, description, version)"
             " VALUES (?, ?, ?, ?, 1)");
DB_STATEMENT(sql_seed_perm, 0,
             "INSERT INTO role_perm (role_id, perm) VALUES (?, ?)");
DB_STATEMENT(sql_seed_user_role, 0,
             "INSERT INTO user_role (user_id, role_id) VALUES (?, ?)");
DB_STATEMENT(sql_seed_scope, 0,
             "INSERT INTO user_scope (user_id, unit_id, party_id)"
             " VALUES (?, ?, ?)");
DB_STATEMENT(sql_seed_role_by_code, 0, "SELECT id FROM qd_role WHERE code = ?");
DB_STATEMENT(sql_seed_perm_missing, 0,
             "INSERT INTO role_perm (role_id, perm)"
             " SELECT r.id, ? FROM qd_role r WHERE r.code = ?"
             " AND NOT EXISTS (SELECT 1 FROM role_perm x"
             " WHERE x.role_id = r.id AND x.perm = ?)");

/* clang-format off */
static const struct seed_role {
    const char *code, *name, *description;
    const char *perms[40];
} seed_roles[] = {
    {"sysadmin", "系统管理员", "System administrator: every permission",
     {"*"}},
    {"director", "销售总监", "Sales director: sees the whole company",
     {"product.view", "workflow.view", "leave.request", "org.view", "staff.view", "region.view", "user.view",
      "audit.view", "account.apikey", "party.view", "grade.edit", "ledger.view",
      "credit.edit", "ticket.view", "price.view", "price.edit", "product.edit",
      "promo.view", "promo.edit", "stock.view", "stock.qty", "order.view"}},
    {"branch_mgr", "分公司经理", "Branch manager: runs a branch",
     {"product.view", "workflow.view", "leave.request", "org.view", "org.edit", "staff.view", "staff.edit",
      "region.view", "user.view", "party.view", "party.edit", "party.qualify",
      "ledger.view", "credit.edit", "ticket.view", "ticket.handle", "price.view",
      "price.edit", "promo.view", "promo.edit", "stock.view", "stock.qty",
      "stock.edit", "stock.post", "stock.count", "stock.close",
      "stock.approve", "warehouse.edit", "cart.use", "order.view",
      "order.place", "order.manage"}},
    {"sales_rep", "销售代表", "Sales representative",
     {"product.view", "workflow.view", "leave.request", "org.view", "staff.view",
      "party.view", "party.edit", "party.qualify", "ledger.view", "ticket.view",
      "ticket.create", "ticket.handle", "price.view", "price.edit",
      "promo.view", "stock.view", "stock.qty", "cart.use", "order.view",
      "order.place"}},
    {"warehouse", "仓库管理员", "Warehouse clerk",
     {"product.view", "workflow.view", "leave.request", "org.view",
      "stock.view", "stock.qty", "stock.edit", "stock.post", "stock.count",
      "order.view", "order.manage"}},
    {"finance", "财务", "Finance: receivables, payments, statements",
     {"product.view", "workflow.view", "leave.request", "org.view", "audit.view", "account.apikey",
      "party.view", "ledger.view", "ledger.post", "credit.edit", "ticket.view",
      "price.view", "promo.view", "stock.view", "stock.qty", "stock.close",
      "order.view"}},
    {"purchasing", "采购", "Purchasing",
     {"product.view", "workflow.view", "leave.request", "org.view",
      "product.edit", "stock.view", "stock.qty", "stock.edit"}},
    {"agent", "代理商", "Agent staff: their own channel subtree",
     {"product.view", "party.view", "ledger.view", "statement.answer",
      "ticket.view", "ticket.create", "account.apikey", "stock.view",
      "stock.qty", "consign.report", "cart.use", "order.view", "order.place"}},
    {"dealer", "经销商", "Dealer staff: their own business",
     {"product.view", "party.view", "ledger.view", "statement.answer",
      "ticket.view", "ticket.create", "account.apikey", "cart.use",
      "order.view", "order.place"}},
};
/* clang-format on */

#define N_SEED_ROLES (sizeof(seed_roles) / sizeof(seed_roles[0]))

int
seed_unit(struct db *db, int64_t parent, const char *kind, const char *code,
          const char *name, int64_t *id_out)
{
    struct db_param p[7];
    time_t now = clock_now();
    int64_t id;

    if (db_next_id(db, "org_unit", &id) != 0)
        return -1;
    p[0] = DB_INT(id);
    p[1] = parent > 0 ? DB_INT(parent) : DB_NULLP;
    p[2] = DB_TEXT(kind);
    p[3] = DB_TEXT(code);
    p[4] = DB_TEXT(name);
    p[5] = DB_TS(now);
    p[6] = DB_TS(now);
    if (db_exec(db, &sql_seed_unit, p, 7, NULL) != 0)
        return -1;
    p[0] = DB_INT(id);
    p[1] = DB_INT(id);
    if (db_exec(db, &sql_seed_closure_self, p, 2, NULL) != 0)
        return -1;
    if (parent > 0) {
        p[0] = DB_INT(id);
        p[1] = DB_INT(parent);
        if (db_exec(db, &sql_seed_closure_up, p, 2, NULL) != 0)
            return -1;
    }
    *id_out = id;
    return 0;
}

/* The role and the place (a unit, or a channel party) of a user. */
static int
grant(struct db *db, int64_t user_id, const char *role_code, int64_t unit_id,
      int64_t party_id)
{
    struct arena *a = arena_new(1024);
    struct db_param p[3];
    struct db_rows r;
    int rc = -1;

    p[0] = DB_TEXT(role_code);
    if (db_query(db, a, &sql_seed_role_by_code, p, 1, 0, 0, &r) == 0 &&
        r.n_rows == 1) {
        p[0] = DB_INT(user_id);
        p[1] = DB_INT(db_cell_int(&r, 0, 0));
        if (db_exec(db, &sql_seed_user_role, p, 2, NULL) == 0) {
            p[1] = unit_id > 0 ? DB_INT(unit_id) : DB_NULLP;
            p[2] = party_id > 0 ? DB_INT(party_id) : DB_NULLP;
            rc = db_exec(db, &sql_seed_scope, p, 3, NULL);
        }
    }
    arena_free(a);
    return rc;
}

int
seed_grant(struct db *db, int64_t user_id, const char *role_code,
           int64_t unit_id)
{
    return grant(db, user_id, role_code, unit_id, 0);
}

int
seed_grant_party(struct db *db, int64_t user_id, const char *role_code,
                 int64_t party_id)
{
    return grant(db, user_id, role_code, 0, party_id);
}

/*
 * Permissions that came with a schema migration: `qudao migrate` from an
 * older version grants them to the seed roles (still there under their
 * codes) that hold them in seed_roles, so an upgraded database gets the
 * new pages as a new one does.  Permissions an administrator took away
 * before are not touched: only these, once, on the way up.
 */
static const struct {
    int version;
    const char *perm;
} introduced[] = {
    {7, "stock.view"},    {7, "stock.qty"},      {7, "stock.edit"},
    {7, "stock.post"},    {7, "stock.count"},    {7, "stock.close"},
    {7, "stock.approve"}, {7, "warehouse.edit"}, {7, "consign.report"},
    {9, "cart.use"},      {10, "order.view"},    {10, "order.place"},
    {10, "order.manage"},
};

int
seed_upgrade(struct db *db, int from_version)
{
    for (size_t i = 0; i < sizeof(introduced) / sizeof(introduced[0]); i++) {
        if (introduced[i].version <= from_version)
            continue;
        for (size_t r = 0; r < N_SEED_ROLES; r++)
            for (size_t k = 0; k < 40 && seed_roles[r].perms[k] != NULL; k++)
                if (strcmp(seed_roles[r].perms[k], introduced[i].perm) == 0) {
                    struct db_param p[3] = {DB_TEXT(introduced[i].perm),
                                            DB_TEXT(seed_roles[r].code),
                                            DB_TEXT(introduced[i].perm)};

                    if (db_exec(db, &sql_seed_perm_missing, p, 3, NULL) != 0)
                        return -1;
                }
    }
    return 0;
}

int
seed_reference(struct db *db, int64_t admin_id, int64_t *hq_id)
{
    for (size_t i = 0; i < N_SEED_ROLES; i++) {
        const struct seed_role *sr = &seed_roles[i];
        struct db_param p[4];
        int64_t id;

        if (db_next_id(db, "qd_role", &id) != 0)
            return -1;
        p[0] = DB_INT(id);
        p[1] = DB_TEXT(sr->code);
        p[2] = DB_TEXT(sr->name);
        p[3] = DB_TEXT(sr->description);
        if (db_exec(db, &sql_seed_role, p, 4, NULL) != 0)
            return -1;
        for (size_t k = 0; k < 40 && sr->perms[k] != NULL; k++) {
            p[0] = DB_INT(id);
            p[1] = DB_TEXT(sr->perms[k]);
            if (db_exec(db, &sql_seed_perm, p, 2, NULL) != 0)
                return -1;
        }
    }
    if (seed_unit(db, 0, "hq", "HQ", "总部", hq_id) != 0)
        return -1;
    return seed_grant(db, admin_id, "sysadmin", *hq_id);
}
