/*
 * routes.c - the routes of the org module: the parameters each page
 * takes and the table the dispatcher walks (org_module, listed in
 * src/modules.c).  See org_int.h.
 */
#include <stdint.h>

#include "org_int.h"

static const char *const dirs[] = {"asc", "desc", NULL};

#define F_TEXT(n) P_FIELD(n, ORG_FIELD_MAX)

static const struct param_spec pick_parent_params[] = {
    {"parent", P_INT, 1, INT64_MAX, NULL, 0},
    P_END,
};
static const struct param_spec unit_form_params[] = {
    F_TEXT("parent"), F_TEXT("kind"),    F_TEXT("code"),
    F_TEXT("name"),   F_TEXT("func"),    F_TEXT("address"),
    F_TEXT("phone"),  F_TEXT("version"), P_END,
};
static const struct param_spec move_params[] = {
    F_TEXT("parent"),
    F_TEXT("version"),
    P_END,
};
static const struct param_spec version_params[] = {
    F_TEXT("version"),
    P_END,
};
static const struct param_spec unit_regions_params[] = {
    {"region", P_INT, 1, INT64_MAX, NULL, P_LIST},
    F_TEXT("version"),
    P_END,
};
static const struct param_spec region_form_params[] = {
    F_TEXT("parent"), F_TEXT("kind"),    F_TEXT("code"),
    F_TEXT("name"),   F_TEXT("version"), P_END,
};
static const struct param_spec staff_list_params[] = {
    P_SEARCH,
    {"unit", P_INT, 1, INT64_MAX, NULL, 0},
    {"status", P_ENUM, 0, 0, org_staff_statuses, 0},
    P_SORT(org_staff_sorts),
    P_DIR(dirs),
    P_PAGE,
    P_END,
};
static const struct param_spec pick_unit_params[] = {
    {"unit", P_INT, 1, INT64_MAX, NULL, 0},
    P_END,
};
static const struct param_spec staff_form_params[] = {
    F_TEXT("unit"),    F_TEXT("emp_no"),
    F_TEXT("name"),    F_TEXT("position"),
    F_TEXT("phone"),   F_TEXT("email"),
    F_TEXT("hire_on"), F_TEXT("status"),
    F_TEXT("version"), P_END,
};

/* "new" comes before "{id}" with the same method: the first match wins. */
/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/org",                       "org.tree",          "org.view",    "org.xsl", org_tree,              NULL,                0},
    {REQ_GET,  "/org/units/new",             "org.unit_new",      "org.edit",    "org.xsl", org_unit_new,          pick_parent_params,  0},
    {REQ_POST, "/org/units/new",             "org.unit_create",   "org.edit",    "org.xsl", org_unit_create,       unit_form_params,    0},
    {REQ_GET,  "/org/units/{id}",            "org.unit_show",     "org.view",    "org.xsl", org_unit_show,         NULL,                0},
    {REQ_GET,  "/org/units/{id}/edit",       "org.unit_edit",     "org.edit",    "org.xsl", org_unit_edit,         NULL,                0},
    {REQ_POST, "/org/units/{id}/edit",       "org.unit_update",   "org.edit",    "org.xsl", org_unit_update,       unit_form_params,    0},
    {REQ_GET,  "/org/units/{id}/move",       "org.unit_move_form","org.edit",    "org.xsl", org_unit_move_form,    NULL,                0},
    {REQ_POST, "/org/units/{id}/move",       "org.unit_move",     "org.edit",    "org.xsl", org_unit_move,         move_params,         0},
    {REQ_POST, "/org/units/{id}/retire",     "org.unit_retire",   "org.edit",    "org.xsl", org_unit_retire,       version_params,      0},
    {REQ_GET,  "/org/units/{id}/regions",    "org.unit_regions_form", "org.edit", "org.xsl", org_unit_regions_form, NULL,              0},
    {REQ_POST, "/org/units/{id}/regions",    "org.unit_regions",  "org.edit",    "org.xsl", org_unit_regions,      unit_regions_params, 0},
    {REQ_GET,  "/org/regions",               "org.regions",       "region.view", "org.xsl", org_regions,           NULL,                0},
    {REQ_GET,  "/org/regions/new",           "org.region_new",    "region.edit", "org.xsl", org_region_new,        pick_parent_params,  0},
    {REQ_POST, "/org/regions/new",           "org.region_create", "region.edit", "org.xsl", org_region_create,     region_form_params,  0},
    {REQ_GET,  "/org/regions/{id}/edit",     "org.region_edit",   "region.edit", "org.xsl", org_region_edit,       NULL,                0},
    {REQ_POST, "/org/regions/{id}/edit",     "org.region_update", "region.edit", "org.xsl", org_region_update,     region_form_params,  0},
    {REQ_GET,  "/staff",                     "staff.list",        "staff.view",  "org.xsl", org_staff_list,        staff_list_params,   0},
    {REQ_GET,  "/staff/new",                 "staff.new",         "staff.edit",  "org.xsl", org_staff_new,         pick_unit_params,    0},
    {REQ_POST, "/staff/new",                 "staff.create",      "staff.edit",  "org.xsl", org_staff_create,      staff_form_params,   0},
    {REQ_GET,  "/staff/{id}",                "staff.show",        "staff.view",  "org.xsl", org_staff_show,        NULL,                0},
    {REQ_GET,  "/staff/{id}/edit",           "staff.edit",        "staff.edit",  "org.xsl", org_staff_edit,        NULL,                0},
    {REQ_POST, "/staff/{id}/edit",           "staff.update",      "staff.edit",  "org.xsl", org_staff_update,      staff_form_params,   0},
};
/* clang-format on */

const struct module org_module = {"org", routes,
                                  sizeof(routes) / sizeof(routes[0])};
