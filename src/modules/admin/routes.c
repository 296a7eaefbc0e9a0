/*
 * routes.c - the routes of the admin module: the parameters each page
 * takes and the table the dispatcher walks (admin_module, listed in
 * src/modules.c).  See admin_int.h.
 */
#include "admin_int.h"

static const char *const dirs[] = {"asc", "desc", NULL};
static const char *const user_statuses[] = {"active", "disabled", NULL};
static const char *const user_kinds[] = {"staff", "channel", NULL};

/* ---- routes ------------------------------------------------------------- */

static const struct param_spec users_params[] = {
    P_SEARCH,
    {"status", P_ENUM, 0, 0, user_statuses, 0},
    {"kind", P_ENUM, 0, 0, user_kinds, 0},
    P_SORT(admin_user_sorts),
    P_DIR(dirs),
    P_PAGE,
    {NULL, 0, 0, 0, NULL, 0},
};

/* Text fields are declared generously: the form getters apply the real
 * limits and answer 422 with the form, not 400. */
static const struct param_spec user_new_params[] = {
    {"login", P_TEXT, 0, 1000, NULL, 0},
    {"name", P_TEXT, 0, 1000, NULL, 0},
    {"password", P_TEXT, 0, 1000, NULL, 0},
    {"unit", P_TEXT, 0, 100, NULL, 0},
    {"party", P_TEXT, 0, 1000, NULL, 0},
    {"role", P_INT, 1, ID_MAX, NULL, P_LIST},
    {NULL, 0, 0, 0, NULL, 0},
};

static const struct param_spec password_params[] = {
    {"password", P_TEXT, 0, 1000, NULL, 0},
    {NULL, 0, 0, 0, NULL, 0},
};

static const struct param_spec roles_params[] = {
    {"role", P_INT, 1, ID_MAX, NULL, P_LIST},
    {NULL, 0, 0, 0, NULL, 0},
};

static const struct param_spec scope_params[] = {
    {"unit", P_TEXT, 0, 100, NULL, 0},
    {"party", P_TEXT, 0, 1000, NULL, 0},
    {NULL, 0, 0, 0, NULL, 0},
};

static const struct param_spec role_params[] = {
    {"code", P_TEXT, 0, 1000, NULL, 0},
    {"name", P_TEXT, 0, 1000, NULL, 0},
    {"description", P_TEXT, 0, 2000, NULL, 0},
    {"perm", P_TEXT, 0, 100, NULL, P_LIST},
    {"version", P_TEXT, 0, 100, NULL, 0},
    {NULL, 0, 0, 0, NULL, 0},
};

static const struct param_spec audit_params[] = {
    {"user", P_TEXT, 0, 1000, NULL, 0},
    {"entity", P_TEXT, 0, 1000, NULL, 0},
    {"entity-id", P_TEXT, 0, 100, NULL, 0},
    {"action", P_TEXT, 0, 1000, NULL, 0},
    {"from", P_TEXT, 0, 100, NULL, 0},
    {"to", P_TEXT, 0, 100, NULL, 0},
    P_PAGE,
    {NULL, 0, 0, 0, NULL, 0},
};

/* clang-format off */
static const struct param_spec settings_params[] = {
    {"company.name",             P_TEXT, 0, 1000, NULL, 0},
    {"default.lang",             P_TEXT, 0, 100,  NULL, 0},
    {"default.theme",            P_TEXT, 0, 100,  NULL, 0},
    {"currency",                 P_TEXT, 0, 100,  NULL, 0},
    {"display.timezone",         P_TEXT, 0, 1000, NULL, 0},
    {"doc.number.order",         P_TEXT, 0, 1000, NULL, 0},
    {"mail.host",                P_TEXT, 0, 1000, NULL, 0},
    {"mail.port",                P_TEXT, 0, 100,  NULL, 0},
    {"mail.from",                P_TEXT, 0, 1000, NULL, 0},
    {"credit.overdue_days",      P_TEXT, 0, 1000, NULL, 0},
    {"ticket.respond_hours",     P_TEXT, 0, 1000, NULL, 0},
    {"ticket.resolve_hours",     P_TEXT, 0, 1000, NULL, 0},
    {"price.approval_percent",   P_TEXT, 0, 1000, NULL, 0},
    {"stock.damage_approval",    P_TEXT, 0, 1000, NULL, 0},
    {"version.company.name",     P_TEXT, 0, 100,  NULL, 0},
    {"version.default.lang",     P_TEXT, 0, 100,  NULL, 0},
    {"version.default.theme",    P_TEXT, 0, 100,  NULL, 0},
    {"version.currency",         P_TEXT, 0, 100,  NULL, 0},
    {"version.display.timezone", P_TEXT, 0, 100,  NULL, 0},
    {"version.doc.number.order", P_TEXT, 0, 100,  NULL, 0},
    {"version.mail.host",        P_TEXT, 0, 100,  NULL, 0},
    {"version.mail.port",        P_TEXT, 0, 100,  NULL, 0},
    {"version.mail.from",        P_TEXT, 0, 100,  NULL, 0},
    {"version.credit.overdue_days", P_TEXT, 0, 100, NULL, 0},
    {"version.ticket.respond_hours", P_TEXT, 0, 100, NULL, 0},
    {"version.ticket.resolve_hours", P_TEXT, 0, 100, NULL, 0},
    {"version.price.approval_percent", P_TEXT, 0, 100, NULL, 0},
    {"version.stock.damage_approval", P_TEXT, 0, 100, NULL, 0},
    {NULL, 0, 0, 0, NULL, 0},
};

/* "/admin/users/new" comes before "/admin/users/{id}": the first pattern
 * that matches wins. */
static const struct route routes[] = {
    {REQ_GET,  "/admin/users",               "admin.users",          "user.view",    "admin.xsl", admin_users,         users_params,    0},
    {REQ_GET,  "/admin/users/new",           "admin.users.new",      "user.manage",  "admin.xsl", admin_user_new,      NULL,            0},
    {REQ_POST, "/admin/users/new",           "admin.users.create",   "user.manage",  "admin.xsl", admin_user_create,   user_new_params, 0},
    {REQ_GET,  "/admin/users/{id}",          "admin.users.show",     "user.view",    "admin.xsl", admin_user,          NULL,            0},
    {REQ_POST, "/admin/users/{id}/disable",  "admin.users.disable",  "user.manage",  "admin.xsl", admin_user_disable,  NULL,            0},
    {REQ_POST, "/admin/users/{id}/enable",   "admin.users.enable",   "user.manage",  "admin.xsl", admin_user_enable,   NULL,            0},
    {REQ_POST, "/admin/users/{id}/password", "admin.users.password", "user.manage",  "admin.xsl", admin_user_password, password_params, 0},
    {REQ_POST, "/admin/users/{id}/roles",    "admin.users.roles",    "user.manage",  "admin.xsl", admin_user_roles,    roles_params,    0},
    {REQ_POST, "/admin/users/{id}/scope",    "admin.users.scope",    "user.manage",  "admin.xsl", admin_user_scope,    scope_params,    0},
    {REQ_GET,  "/admin/roles",               "admin.roles",          "role.view",    "admin.xsl", admin_roles,         NULL,            0},
    {REQ_GET,  "/admin/roles/new",           "admin.roles.new",      "role.manage",  "admin.xsl", admin_role_new,      NULL,            0},
    {REQ_POST, "/admin/roles/new",           "admin.roles.create",   "role.manage",  "admin.xsl", admin_role_create,   role_params,     0},
    {REQ_GET,  "/admin/roles/{id}",          "admin.roles.show",     "role.view",    "admin.xsl", admin_role,          NULL,            0},
    {REQ_GET,  "/admin/roles/{id}/edit",     "admin.roles.edit",     "role.manage",  "admin.xsl", admin_role_edit,     NULL,            0},
    {REQ_POST, "/admin/roles/{id}/edit",     "admin.roles.update",   "role.manage",  "admin.xsl", admin_role_update,   role_params,     0},
    {REQ_POST, "/admin/roles/{id}/copy",     "admin.roles.copy",     "role.manage",  "admin.xsl", admin_role_copy,     NULL,            0},
    {REQ_GET,  "/admin/audit",               "admin.audit",          "audit.view",   "admin.xsl", admin_audit,         audit_params,    0},
    {REQ_GET,  "/admin/settings",            "admin.settings",       "setting.edit", "admin.xsl", admin_settings,      NULL,            0},
    {REQ_POST, "/admin/settings",            "admin.settings.save",  "setting.edit", "admin.xsl", admin_settings_save, settings_params, 0},
};
/* clang-format on */

const struct module admin_module = {"admin", routes,
                                    sizeof(routes) / sizeof(routes[0])};
