/*
 * routes.c - the route table of warehouse: the parameters each page
 * takes, the routes and warehouse_module (listed in src/modules.c).  See
 * warehouse_int.h.
 */
#include <stdint.h>

#include "warehouse_int.h"

#include "../stocklines.h"

#include "../../core/ctx.h"

#define WH_FIELD_MAX 1000 /* what a parameter table lets through */

static const char *const wh_statuses[] = {"active", "closed", NULL};
static const char *const dirs[] = {"asc", "desc", NULL};

/* ==================================================================== */
/* Routes                                                               */
/* ==================================================================== */

#define F_TEXT(n)  P_FIELD(n, WH_FIELD_MAX)
#define F_MULTI(n) P_FIELD_MULTI(n, WH_FIELD_MAX)

static const struct param_spec list_params[] = {
    P_SEARCH,
    {"kind", P_ENUM, 0, 0, wh_kinds, 0},
    {"status", P_ENUM, 0, 0, wh_statuses, 0},
    {"unit", P_INT, 1, INT64_MAX, NULL, 0},
    P_SORT(wh_sorts),
    P_DIR(dirs),
    P_PAGE,
    P_END,
};
static const struct param_spec show_params[] = {
    {"done", P_ENUM, 0, 0, wh_dones, 0},
    P_END,
};
static const struct param_spec form_params[] = {
    F_TEXT("code"),  F_TEXT("name"),   F_TEXT("kind"),     F_TEXT("unit"),
    F_TEXT("party"), F_TEXT("region"), F_MULTI("address"), F_TEXT("contact"),
    F_TEXT("phone"), F_MULTI("note"),  F_TEXT("version"),  P_END,
};
static const struct param_spec status_params[] = {
    F_TEXT("version"),
    P_END,
};
static const struct param_spec safety_params[] = {
    P_SEARCH,
    P_SORT(wh_safety_sorts),
    P_DIR(dirs),
    P_PAGE,
    {"done", P_ENUM, 0, 0, wh_dones, 0},
    P_END,
};
static const struct param_spec safety_set_params[] = {
    {"lines", P_TEXT, 0, STOCK_LINES_TEXT, NULL, P_MULTILINE},
    P_END,
};
static const struct param_spec alert_params[] = {
    P_SEARCH,
    {"warehouse", P_INT, 1, INT64_MAX, NULL, 0},
    {"unit", P_INT, 1, INT64_MAX, NULL, 0},
    {"category", P_INT, 1, INT64_MAX, NULL, 0},
    P_SORT(wh_alert_sorts),
    P_DIR(dirs),
    P_PAGE,
    P_END,
};

/* "new" comes before "{id}" with the same method: the first match wins. */
/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/warehouses",             "warehouse.list",       "stock.view",     "warehouse.xsl", wh_list,        list_params,       ROUTE_CSV},
    {REQ_GET,  "/warehouses/new",         "warehouse.new",        "warehouse.edit", "warehouse.xsl", wh_new,         NULL,              0},
    {REQ_POST, "/warehouses/new",         "warehouse.create",     "warehouse.edit", "warehouse.xsl", wh_create,      form_params,       0},
    {REQ_GET,  "/warehouses/{id}",        "warehouse.show",       "stock.view",     "warehouse.xsl", wh_show,        show_params,       0},
    {REQ_GET,  "/warehouses/{id}/edit",   "warehouse.edit",       "warehouse.edit", "warehouse.xsl", wh_edit,        NULL,              0},
    {REQ_POST, "/warehouses/{id}/edit",   "warehouse.update",     "warehouse.edit", "warehouse.xsl", wh_update,      form_params,       0},
    {REQ_POST, "/warehouses/{id}/close",  "warehouse.close",      "warehouse.edit", "warehouse.xsl", wh_close,       status_params,     0},
    {REQ_POST, "/warehouses/{id}/reopen", "warehouse.reopen",     "warehouse.edit", "warehouse.xsl", wh_reopen,      status_params,     0},
    {REQ_GET,  "/warehouses/{id}/safety", "warehouse.safety",     "warehouse.edit", "warehouse.xsl", wh_safety_show, safety_params,     ROUTE_CSV},
    {REQ_POST, "/warehouses/{id}/safety", "warehouse.safety_set", "warehouse.edit", "warehouse.xsl", wh_safety_set,  safety_set_params, 0},
    {REQ_GET,  "/stock/alerts",           "warehouse.alerts",     "stock.view",     "warehouse.xsl", wh_alerts_list, alert_params,      ROUTE_CSV},
};
/* clang-format on */

const struct module warehouse_module = {"warehouse", routes,
                                        sizeof(routes) / sizeof(routes[0])};
