/*
 * routes.c - the route table of workflow: the parameters each page
 * takes, the routes and workflow_module (listed in src/modules.c).  See
 * workflow_int.h.
 */
#include <limits.h>

#include "workflow_int.h"

#include "../workflow.h"

#include "../../core/ctx.h"

/* ==================================================================== */
/* Routes                                                               */
/* ==================================================================== */

static const struct param_spec decide_params[] = {
    {"decision", P_ENUM, 0, 0, wf_decisions, 0},
    {"note", P_TEXT, 0, 4 * WF_NOTE_MAX, NULL, P_MULTILINE},
    {"step", P_INT, 1, WF_MAX_STEPS, NULL, 0},
    {NULL, 0, 0, 0, NULL, 0},
};

/* the six fields of step row n of the flow form */
/* clang-format off */
#define STEP_ROW_PARAMS(n)                                                     \
    {"s" #n "_name",     P_TEXT, 0, 400,    NULL,          0},                 \
    {"s" #n "_approver", P_ENUM, 0, 0,      wf_approvers,  0},                 \
    {"s" #n "_role",     P_INT,  1, ID_MAX, NULL,          0},                 \
    {"s" #n "_user",     P_TEXT, 0, 240,    NULL,          0},                 \
    {"s" #n "_min",      P_TEXT, 0, 40,     NULL,          0},                 \
    {"s" #n "_reject",   P_ENUM, 0, 0,      wf_on_rejects, 0}
/* clang-format on */

static const struct param_spec flow_params[] = {
    {"code", P_TEXT, 0, 160, NULL, 0},
    {"name", P_TEXT, 0, 400, NULL, 0},
    {"doc_type", P_TEXT, 0, 160, NULL, 0},
    {"status", P_ENUM, 0, 0, wf_flow_statuses, 0},
    {"version", P_INT, 1, INT_MAX, NULL, 0},
    STEP_ROW_PARAMS(1),
    STEP_ROW_PARAMS(2),
    STEP_ROW_PARAMS(3),
    STEP_ROW_PARAMS(4),
    STEP_ROW_PARAMS(5),
    {NULL, 0, 0, 0, NULL, 0},
};

static const struct param_spec leave_params[] = {
    {"days", P_TEXT, 0, 20, NULL, 0},
    {"reason", P_TEXT, 0, 4 * WF_NOTE_MAX, NULL, P_MULTILINE},
    {NULL, 0, 0, 0, NULL, 0},
};

/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/workflow/inbox",           "workflow.inbox",          PERM_VIEW,  "workflow.xsl", wf_inbox,          NULL,          0},
    {REQ_GET,  "/workflow/flows",           "workflow.flows",          PERM_ADMIN, "workflow.xsl", wf_flows,          NULL,          0},
    {REQ_GET,  "/workflow/flows/new",       "workflow.flow_new_form",  PERM_ADMIN, "workflow.xsl", wf_flow_new_form,  NULL,          0},
    {REQ_POST, "/workflow/flows/new",       "workflow.flow_new",       PERM_ADMIN, "workflow.xsl", wf_flow_create,    flow_params,   0},
    {REQ_GET,  "/workflow/flows/{id}/edit", "workflow.flow_edit_form", PERM_ADMIN, "workflow.xsl", wf_flow_edit_form, NULL,          0},
    {REQ_POST, "/workflow/flows/{id}/edit", "workflow.flow_edit",      PERM_ADMIN, "workflow.xsl", wf_flow_update,    flow_params,   0},
    {REQ_GET,  "/workflow/{id}",            "workflow.show",           PERM_VIEW,  "workflow.xsl", wf_show,           NULL,          0},
    {REQ_POST, "/workflow/{id}/decide",     "workflow.decide",         PERM_VIEW,  "workflow.xsl", wf_decide_post,    decide_params, 0},
    {REQ_GET,  "/leave",                    "leave.list",              PERM_LEAVE, "workflow.xsl", wf_leave_list,     NULL,          0},
    {REQ_GET,  "/leave/new",                "leave.new_form",          PERM_LEAVE, "workflow.xsl", wf_leave_new_form, NULL,          0},
    {REQ_POST, "/leave/new",                "leave.new",               PERM_LEAVE, "workflow.xsl", wf_leave_create,   leave_params,  0},
    {REQ_GET,  "/leave/{id}",               "leave.show",              PERM_LEAVE, "workflow.xsl", wf_leave_show,     NULL,          0},
    {REQ_POST, "/leave/{id}/resubmit",      "leave.resubmit",          PERM_LEAVE, "workflow.xsl", wf_leave_resubmit, leave_params,  0},
};
/* clang-format on */

const struct module workflow_module = {"workflow", routes,
                                       sizeof(routes) / sizeof(routes[0])};
