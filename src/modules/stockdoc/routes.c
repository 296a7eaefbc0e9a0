/*
 * routes.c - the route table of stockdoc: the parameters each page takes,
 * the routes and stockdoc_module (listed in src/modules.c).  See
 * stockdoc_int.h.
 */
#include <stdint.h>

#include "stockdoc_int.h"

#include "../stocklines.h"

#include "../../core/ctx.h"

#define SD_FIELD_MAX 1000

/* ==================================================================== */
/* Routes                                                               */
/* ==================================================================== */

static const char *const all_kinds[] = {"receipt",  "issue",  "transfer",
                                        "count",    "damage", "return",
                                        "sellthru", NULL};
static const char *const my_kinds[] = {"receipt", "issue",    "damage",
                                       "return",  "transfer", NULL};
static const char *const statuses[] = {
    "draft", "pending", "posted", "shipped", "received", "cancelled", NULL};
static const char *const dirs[] = {"asc", "desc", NULL};

#define F_TEXT(n)  P_FIELD(n, SD_FIELD_MAX)
#define F_LINES(n) P_FIELD_MULTI(n, STOCK_LINES_TEXT)

static const struct param_spec list_params[] = {
    P_SEARCH,
    {"kind", P_ENUM, 0, 0, all_kinds, 0},
    {"status", P_ENUM, 0, 0, statuses, 0},
    {"warehouse", P_INT, 0, INT64_MAX, NULL, 0},
    F_TEXT("from"),
    F_TEXT("to"),
    P_SORT(sd_list_sorts),
    P_DIR(dirs),
    P_PAGE,
    P_END,
};
static const struct param_spec show_params[] = {
    {"done", P_ENUM, 0, 0, sd_dones, 0},
    P_END,
};
static const struct param_spec new_params[] = {
    {"kind", P_ENUM, 0, 0, my_kinds, 0},
    P_END,
};
static const struct param_spec form_params[] = {
    F_TEXT("token"),
    F_TEXT("version"),
    F_TEXT("kind"),
    F_TEXT("warehouse"),
    F_TEXT("dest"),
    F_TEXT("party"),
    F_TEXT("reason"),
    F_TEXT("doc_on"),
    F_TEXT("ref_no"),
    F_TEXT("note"),
    F_LINES("lines"),
    F_LINES("damaged"),
    P_END,
};
static const struct param_spec act_params[] = {
    F_TEXT("version"),
    P_END,
};
static const struct param_spec receive_params[] = {
    F_TEXT("version"),
    {"received", P_TEXT, 0, 20, NULL, P_LIST},
    {"reason", P_ENUM, 0, 0, sd_loss_reasons, P_LIST},
    P_END,
};
static const struct param_spec transit_params[] = {
    P_SEARCH,
    {"dest", P_INT, 0, INT64_MAX, NULL, 0},
    {"source", P_INT, 0, INT64_MAX, NULL, 0},
    P_SORT(sd_transit_sorts),
    P_DIR(dirs),
    P_PAGE,
    P_END,
};
static const struct param_spec no_params[] = {
    P_END,
};

/* "/stock/docs/new" and "/import" come before "/stock/docs/{id}": the
 * first pattern that matches wins. */
/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/stock/docs",              "stockdoc.list",         "stock.view",    "stockdoc.xsl", sd_doc_list,         list_params,    ROUTE_CSV},
    {REQ_GET,  "/stock/docs/new",          "stockdoc.new",          "stock.edit",    "stockdoc.xsl", sd_doc_new,          new_params,     0},
    {REQ_POST, "/stock/docs/new",          "stockdoc.create",       "stock.edit",    "stockdoc.xsl", sd_doc_create,       form_params,    0},
    {REQ_GET,  "/stock/docs/import",       "stockdoc.import_form",  "stock.edit",    "stockdoc.xsl", sd_imp_form,         no_params,      0},
    {REQ_POST, "/stock/docs/import",       "stockdoc.import",       "stock.edit",    "stockdoc.xsl", sd_imp_post,         no_params,      ROUTE_UPLOAD},
    {REQ_GET,  "/stock/docs/{id}",         "stockdoc.show",         "stock.view",    "stockdoc.xsl", sd_doc_show,         show_params,    0},
    {REQ_GET,  "/stock/docs/{id}/edit",    "stockdoc.edit",         "stock.edit",    "stockdoc.xsl", sd_doc_edit,         no_params,      0},
    {REQ_POST, "/stock/docs/{id}/edit",    "stockdoc.save",         "stock.edit",    "stockdoc.xsl", sd_doc_save,         form_params,    0},
    {REQ_GET,  "/stock/docs/{id}/print",   "stockdoc.print",        "stock.view",    "stockdoc.xsl", sd_doc_print,        no_params,      0},
    {REQ_POST, "/stock/docs/{id}/post",    "stockdoc.post",         "stock.post",    "stockdoc.xsl", sd_doc_post,         act_params,     0},
    {REQ_POST, "/stock/docs/{id}/approve", "stockdoc.approve",      "stock.approve", "stockdoc.xsl", sd_doc_approve,      act_params,     0},
    {REQ_POST, "/stock/docs/{id}/reject",  "stockdoc.reject",       "stock.approve", "stockdoc.xsl", sd_doc_reject,       act_params,     0},
    {REQ_POST, "/stock/docs/{id}/cancel",  "stockdoc.cancel",       "stock.edit",    "stockdoc.xsl", sd_doc_cancel,       act_params,     0},
    {REQ_POST, "/stock/docs/{id}/ship",    "stockdoc.ship",         "stock.post",    "stockdoc.xsl", sd_doc_ship,         act_params,     0},
    {REQ_GET,  "/stock/docs/{id}/receive", "stockdoc.receive_form", "stock.post",    "stockdoc.xsl", sd_doc_receive_form, no_params,      0},
    {REQ_POST, "/stock/docs/{id}/receive", "stockdoc.receive",      "stock.post",    "stockdoc.xsl", sd_doc_receive,      receive_params, 0},
    {REQ_GET,  "/stock/transit",           "stockdoc.transit",      "stock.view",    "stockdoc.xsl", sd_transit_list,     transit_params, ROUTE_CSV},
};
/* clang-format on */

const struct module stockdoc_module = {"stockdoc", routes,
                                       sizeof(routes) / sizeof(routes[0])};
