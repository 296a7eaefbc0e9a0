/*
 * routes.c - the parameters the stockcount pages take, their route table
 * and stockcount_module (listed in src/modules.c).  See stockcount_int.h.
 */
#include <stdint.h>

#include "../stocklines.h"
#include "stockcount_int.h"

#include "../../core/ctx.h"

#define COUNT_FIELD_MAX 1000

/* The values the parameters take.  The sort keys are in the order of the
 * statement tables sc_pick_sql chooses from (list.c, show.c, period.c);
 * the done values in the order of sc_count_show's messages (show.c). */
static const char *const statuses[] = {"draft", "posted", "cancelled", NULL};
const char *const sc_list_sorts[] = {"doc_on", "doc_no", "warehouse", "status",
                                     NULL};
const char *const sc_line_sorts[] = {"line", "code", "variance", "value", NULL};
static const char *const line_shows[] = {"all", "uncounted", "counted",
                                         "variance", NULL};
const char *const sc_snap_sorts[] = {"code", "qty", NULL};
const char *const sc_period_sorts[] = {"period", "warehouse", NULL};
static const char *const dirs[] = {"asc", "desc", NULL};
const char *const sc_dones[] = {"opened", "duplicate", "saved",
                                "posted", "cancelled", NULL};
static const char *const period_dones[] = {"closed", NULL};

/* ==================================================================== */
/* Routes                                                               */
/* ==================================================================== */

#define F_TEXT(n) P_FIELD(n, COUNT_FIELD_MAX)

static const struct param_spec list_params[] = {
    P_SEARCH,
    {"warehouse", P_INT, 1, INT64_MAX, NULL, 0},
    {"status", P_ENUM, 0, 0, statuses, 0},
    F_TEXT("from"),
    F_TEXT("to"),
    P_SORT(sc_list_sorts),
    P_DIR(dirs),
    P_PAGE,
    P_END,
};
static const struct param_spec open_params[] = {
    F_TEXT("token"),  F_TEXT("warehouse"), F_TEXT("category"),
    F_TEXT("doc_on"), F_TEXT("note"),      P_END,
};
static const struct param_spec show_params[] = {
    P_SEARCH,
    {"show", P_ENUM, 0, 0, line_shows, 0},
    P_SORT(sc_line_sorts),
    P_DIR(dirs),
    P_PAGE,
    {"done", P_ENUM, 0, 0, sc_dones, 0},
    P_END,
};
static const struct param_spec sheet_params[] = {
    {"blind", P_INT, 0, 1, NULL, 0},
    P_END,
};
static const struct param_spec enter_params[] = {
    F_TEXT("version"),
    {"lines", P_TEXT, 0, STOCK_LINES_TEXT, NULL, P_MULTILINE},
    P_END,
};
static const struct param_spec post_params[] = {
    F_TEXT("version"),
    F_TEXT("uncounted"),
    P_END,
};
static const struct param_spec periods_params[] = {
    {"warehouse", P_INT, 1, INT64_MAX, NULL, 0},
    P_SORT(sc_period_sorts),
    P_DIR(dirs),
    P_PAGE,
    {"done", P_ENUM, 0, 0, period_dones, 0},
    P_END,
};
static const struct param_spec close_params[] = {
    F_TEXT("warehouse"),
    F_TEXT("period"),
    P_END,
};
static const struct param_spec period_params[] = {
    P_SEARCH, P_SORT(sc_snap_sorts), P_DIR(dirs), P_PAGE, P_END,
};

/* clang-format off */
static const struct route routes[] = {
    {REQ_GET,  "/stock/counts",                "stockcount.list",       "stock.view",  "stockcount.xsl", sc_counts_list,    list_params,    ROUTE_CSV},
    {REQ_GET,  "/stock/counts/new",            "stockcount.new",        "stock.count", "stockcount.xsl", sc_count_new,      NULL,           0},
    {REQ_POST, "/stock/counts/new",            "stockcount.open",       "stock.count", "stockcount.xsl", sc_count_create,   open_params,    0},
    {REQ_GET,  "/stock/counts/{id}",           "stockcount.show",       "stock.view",  "stockcount.xsl", sc_count_show,     show_params,    ROUTE_CSV},
    {REQ_GET,  "/stock/counts/{id}/sheet",     "stockcount.sheet",      "stock.view",  "stockcount.xsl", sc_count_sheet,    sheet_params,   0},
    {REQ_GET,  "/stock/counts/{id}/enter",     "stockcount.enter_form", "stock.count", "stockcount.xsl", sc_enter_new,      NULL,           0},
    {REQ_POST, "/stock/counts/{id}/enter",     "stockcount.enter",      "stock.count", "stockcount.xsl", sc_enter_save,     enter_params,   0},
    {REQ_GET,  "/stock/counts/{id}/variance",  "stockcount.variance",   "stock.qty",   "stockcount.xsl", sc_count_variance, show_params,    ROUTE_CSV},
    {REQ_POST, "/stock/counts/{id}/post",      "stockcount.post",       "stock.post",  "stockcount.xsl", sc_count_post,     post_params,    0},
    {REQ_POST, "/stock/counts/{id}/cancel",    "stockcount.cancel",     "stock.count", "stockcount.xsl", sc_count_cancel,   NULL,           0},
    {REQ_GET,  "/stock/periods",               "stockcount.periods",    "stock.view",  "stockcount.xsl", sc_periods_list,   periods_params, ROUTE_CSV},
    {REQ_POST, "/stock/periods",               "stockcount.close",      "stock.close", "stockcount.xsl", sc_period_close,   close_params,   0},
    {REQ_GET,  "/stock/periods/{id}/{period}", "stockcount.period",     "stock.view",  "stockcount.xsl", sc_period_show,    period_params,  ROUTE_CSV},
};
/* clang-format on */

const struct module stockcount_module = {"stockcount", routes,
                                         sizeof(routes) / sizeof(routes[0])};
