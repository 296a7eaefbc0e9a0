/*
 * routes.c - the routes of the party module: the parameters each page
 * takes and the table the dispatcher walks (party_module, listed in
 * src/modules.c).  See party_int.h.
 */
#include <stdint.h>

#include "party_int.h"

#include "../../core/ctx.h"

/* What a parameter table lets through; the real limits are the form_*
 * checks (422 with the form again). */
#define PARTY_FIELD_MAX 1000

static const char *const party_statuses[] = {
    "applied", "review", "approved", "rejected", "suspended", "retired", NULL};
static const char *const dirs[] = {"asc", "desc", NULL};

#define F_TEXT(n)  P_FIELD(n, PARTY_FIELD_MAX)
#define F_MULTI(n) P_FIELD_MULTI(n, PARTY_FIELD_MAX)

static const struct param_spec list_params[] = {
    P_SEARCH,
    {"kind", P_ENUM, 0, 0, party_kinds, 0},
    {"status", P_ENUM, 0, 0, party_statuses, 0},
    {"grade", P_INT, 1, INT64_MAX, NULL, 0},
    {"unit", P_INT, 1, INT64_MAX, NULL, 0},
    {"region", P_INT, 1, INT64_MAX, NULL, 0},
    {"parent", P_INT, 1, INT64_MAX, NULL, 0},
    P_SORT(party_sorts),
    P_DIR(dirs),
    P_PAGE,
    P_END,
};
static const struct param_spec new_params[] = {
    {"kind", P_ENUM, 0, 0, party_kinds, 0},
    {"parent", P_TEXT, 0, 40, NULL, 0},
    P_END,
};
static const struct param_spec party_form_params[] = {
    F_TEXT("kind"),       F_TEXT("code"),      F_TEXT("name"),
    F_TEXT("short_name"), F_TEXT("parent"),    F_TEXT("unit"),
    F_TEXT("region"),     F_TEXT("rep"),       F_TEXT("contact"),
    F_TEXT("phone"),      F_TEXT("email"),     F_MULTI("address"),
    F_TEXT("tax_no"),     F_TEXT("bank_name"), F_TEXT("bank_account"),
    F_MULTI("note"),      F_TEXT("version"),   P_END,
};
static const struct param_spec move_params[] = {
    F_TEXT("parent"),
    F_TEXT("version"),
    P_END,
};
static const struct param_spec status_params[] = {
    F_TEXT("action"),
    F_TEXT("version"),
    P_END,
};
static const struct param_spec grade_set_params[] = {
    F_TEXT("grade"),
    F_TEXT("note"),
    F_TEXT("version"),
    P_END,
};
static const struct param_spec grade_form_params[] = {
    F_TEXT("code"), F_TEXT("name"),   F_TEXT("discount"), F_TEXT("sort_key"),
    F_TEXT("note"), F_TEXT("status"), F_TEXT("version"),  P_END,
};

/* "new" comes before "{id}" with the same method: the first match wins. */
/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/parties",             "party.list",      "party.view", "party.xsl", party_list,         list_params,       ROUTE_CSV},
    {REQ_GET,  "/parties/new",         "party.new",       "party.edit", "party.xsl", party_new,          new_params,        0},
    {REQ_POST, "/parties/new",         "party.create",    "party.edit", "party.xsl", party_create,       party_form_params, 0},
    {REQ_GET,  "/parties/{id}",        "party.show",      "party.view", "party.xsl", party_show,         NULL,              0},
    {REQ_GET,  "/parties/{id}/edit",   "party.edit",      "party.edit", "party.xsl", party_edit,         NULL,              0},
    {REQ_POST, "/parties/{id}/edit",   "party.update",    "party.edit", "party.xsl", party_update,       party_form_params, 0},
    {REQ_GET,  "/parties/{id}/move",   "party.move_form", "party.edit", "party.xsl", party_move_form,    NULL,              0},
    {REQ_POST, "/parties/{id}/move",   "party.move",      "party.edit", "party.xsl", party_move,         move_params,       0},
    {REQ_POST, "/parties/{id}/status", "party.status",    "party.edit", "party.xsl", party_status,       status_params,     0},
    {REQ_POST, "/parties/{id}/grade",  "party.grade",     "grade.edit", "party.xsl", party_grade,        grade_set_params,  0},
    {REQ_GET,  "/grades",              "grade.list",      "grade.edit", "party.xsl", party_grade_list,   NULL,              0},
    {REQ_GET,  "/grades/new",          "grade.new",       "grade.edit", "party.xsl", party_grade_new,    NULL,              0},
    {REQ_POST, "/grades/new",          "grade.create",    "grade.edit", "party.xsl", party_grade_create, grade_form_params, 0},
    {REQ_GET,  "/grades/{id}/edit",    "grade.edit",      "grade.edit", "party.xsl", party_grade_edit,   NULL,              0},
    {REQ_POST, "/grades/{id}/edit",    "grade.update",    "grade.edit", "party.xsl", party_grade_update, grade_form_params, 0},
};
/* clang-format on */

const struct module party_module = {"party", routes,
                                    sizeof(routes) / sizeof(routes[0])};
