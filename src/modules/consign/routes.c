/*
 * routes.c - the routes of the consignment module: the parameters each
 * page takes and the table the dispatcher walks (consign_module, listed
 * in src/modules.c).  See consign_int.h.
 */
#include <stdint.h>

#include "consign_int.h"

#include "../stocklines.h"

static const char *const dirs[] = {"asc", "desc", NULL};
static const char *const statuses[] = {"draft", "pending", "posted",
                                       "cancelled", NULL};

#define F_TEXT(n, max)                                                         \
    {                                                                          \
        n, P_TEXT, 0, max, NULL, 0                                             \
    }

#define F_LINES(n, max)                                                        \
    {                                                                          \
        n, P_TEXT, 0, max, NULL, P_MULTILINE                                   \
    }
/* What every list takes besides its own filters. */
#define LIST_PARAMS(sorts)                                                     \
    {"agent", P_INT, 1, INT64_MAX, NULL, 0}, P_SORT(sorts), P_DIR(dirs),       \
    {                                                                          \
        "page", P_INT, 1, 1000000, NULL, 0                                     \
    }

static const struct param_spec stock_params[] = {
    F_TEXT("q", 100),
    LIST_PARAMS(consign_stock_sorts),
    P_END,
};
static const struct param_spec report_params[] = {
    F_TEXT("q", 40),  LIST_PARAMS(consign_report_sorts),     F_TEXT("from", 10),
    F_TEXT("to", 10), {"status", P_ENUM, 0, 0, statuses, 0}, P_END,
};
static const struct param_spec show_params[] = {
    {"done", P_ENUM, 0, 0, consign_dones, 0},
    P_END,
};
/* The form's fields (new: doc; edit: version). */
#define FORM_PARAMS                                                            \
    F_TEXT("warehouse", 30), F_TEXT("doc_on", 30), F_TEXT("ref_no", 1000),     \
        F_LINES("note", 2000), F_LINES("lines", STOCK_LINES_TEXT)
static const struct param_spec create_params[] = {
    F_TEXT("doc", 30),
    FORM_PARAMS,
    P_END,
};
static const struct param_spec update_params[] = {
    F_TEXT("version", 30),
    FORM_PARAMS,
    P_END,
};
static const struct param_spec action_params[] = {
    F_TEXT("version", 30),
    P_END,
};

/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/consignment",                     "consign.stock",   "stock.view",   "consign.xsl", consign_cs_list,    stock_params,  ROUTE_CSV},
    {REQ_GET,  "/consignment/reports",             "consign.reports", "stock.view",   "consign.xsl", consign_rp_list,    report_params, ROUTE_CSV},
    {REQ_GET,  "/consignment/reports/new",         "consign.new",     "stock.view",   "consign.xsl", consign_doc_new,    NULL,          0},
    {REQ_POST, "/consignment/reports/new",         "consign.create",  "stock.view",   "consign.xsl", consign_doc_create, create_params, 0},
    {REQ_GET,  "/consignment/reports/{id}",        "consign.show",    "stock.view",   "consign.xsl", consign_doc_show,   show_params,   0},
    {REQ_GET,  "/consignment/reports/{id}/edit",   "consign.edit",    "stock.view",   "consign.xsl", consign_doc_edit,   NULL,          0},
    {REQ_POST, "/consignment/reports/{id}/edit",   "consign.update",  "stock.view",   "consign.xsl", consign_doc_update, update_params, 0},
    {REQ_POST, "/consignment/reports/{id}/submit", "consign.submit",  PERM_REPORT,    "consign.xsl", consign_doc_submit, action_params, 0},
    {REQ_POST, "/consignment/reports/{id}/post",   "consign.post",    PERM_POST,      "consign.xsl", consign_doc_post,   action_params, 0},
    {REQ_POST, "/consignment/reports/{id}/cancel", "consign.cancel",  "stock.view",   "consign.xsl", consign_doc_cancel, action_params, 0},
    {REQ_GET,  "/consignment/reports/{id}/print",  "consign.print",   "stock.view",   "consign.xsl", consign_doc_print,  NULL,          0},
};
/* clang-format on */

const struct module consign_module = {"consign", routes,
                                      sizeof(routes) / sizeof(routes[0])};
